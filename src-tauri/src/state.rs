//! The open ledger held by the window. Opening may fail (a newer database, a foreign file, a damaged
//! one): the window still starts and shows why — a damaged ledger opens the recovery page. Restoring a
//! backup closes the handle, replaces the file and opens it again (`with_closed`).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

use zhibu_core::app::backups::{self, LedgerHealth};
use zhibu_core::{ErrorCode, ErrorPayload, Ledger};

pub struct AppState {
    path: PathBuf,
    slot: Mutex<Slot>,
    /// How many times the ledger was (re)opened: with the handle's own revision it tells the
    /// automatic backup whether anything was written since it last looked.
    generation: AtomicU32,
}

enum Slot {
    Open(Ledger),
    /// Not open, and why (shown by the window; `damaged` leads to the recovery page).
    Closed(ErrorPayload),
}

impl AppState {
    pub fn open(path: PathBuf) -> AppState {
        let slot = open_slot(&path);
        AppState { path, slot: Mutex::new(slot), generation: AtomicU32::new(1) }
    }

    /// The ledger file this window works on (open or not).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs one core call against the open ledger, turning its error into the IPC payload.
    pub fn with<T>(&self, call: impl FnOnce(&Ledger) -> zhibu_core::Result<T>) -> Result<T, ErrorPayload> {
        let guard = self.slot.lock().map_err(|_| internal("台账访问锁异常，请重启程序"))?;
        match &*guard {
            Slot::Open(ledger) => call(ledger).map_err(ErrorPayload::from),
            Slot::Closed(e) => Err(e.clone()),
        }
    }

    /// Closes the ledger, runs `call` on its path (a restore), and opens it again whatever happened.
    pub fn with_closed<T>(&self, call: impl FnOnce(&Path) -> zhibu_core::Result<T>) -> Result<T, ErrorPayload> {
        let mut guard = self.slot.lock().map_err(|_| internal("台账访问锁异常，请重启程序"))?;
        *guard = Slot::Closed(internal("台账正在恢复，请稍候"));
        let out = call(&self.path).map_err(ErrorPayload::from);
        *guard = open_slot(&self.path);
        self.generation.fetch_add(1, Ordering::SeqCst);
        out
    }

    /// Where the ledger's writes stand: (times opened, committed actions of this handle); None
    /// while it is not open.
    pub fn write_mark(&self) -> Option<(u32, u32)> {
        let generation = self.generation.load(Ordering::SeqCst);
        self.with(|l| Ok(l.revision())).ok().map(|r| (generation, r))
    }

    /// A second handle on the same file, for work that must not hold up the window (automatic
    /// backups); None while the window's ledger is not open.
    pub fn second_handle(&self) -> Option<Ledger> {
        self.with(|_| Ok(())).ok()?;
        Ledger::open(&self.path).ok()
    }
}

/// The start-up check, then the ledger: a damaged file is not opened (the recovery page offers a
/// backup), anything else goes through the normal open (which refuses newer and foreign files).
fn open_slot(path: &Path) -> Slot {
    if let LedgerHealth::Damaged { message } = backups::health(path) {
        return Slot::Closed(ErrorPayload { code: ErrorCode::Damaged, message, problems: vec![] });
    }
    match Ledger::open_or_create(path) {
        Ok(ledger) => Slot::Open(ledger),
        Err(e) => Slot::Closed(ErrorPayload::from(e)),
    }
}

fn internal(message: &str) -> ErrorPayload {
    ErrorPayload { code: ErrorCode::Internal, message: message.to_string(), problems: vec![] }
}
