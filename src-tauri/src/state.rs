//! The open ledger held by the window. Opening may fail (a newer database, a foreign file, a damaged
//! one, an encrypted one without its password): the window still starts and shows why — a damaged
//! ledger opens the recovery page, an encrypted one the lock page. Restoring a backup and setting or
//! changing the password close the handle, replace the file and open it again (`with_closed`).
//! The password of an unlocked ledger is kept in memory (wiped when dropped) until the window locks.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

use zhibu_core::app::backups::{self, LedgerHealth};
use zhibu_core::app::security::Password;
use zhibu_core::{ErrorCode, ErrorPayload, Ledger};

pub struct AppState {
    /// The ledger file the window works on now (open or not).
    path: Mutex<PathBuf>,
    /// The ledger the window started with (the person's own): 返回我的台账 goes back to it.
    home: PathBuf,
    slot: Mutex<Slot>,
    /// The password the ledger was unlocked with; None for a plain ledger or while locked.
    password: Mutex<Option<Password>>,
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
        let slot = open_slot(&path, None);
        AppState {
            path: Mutex::new(path.clone()),
            home: path,
            slot: Mutex::new(slot),
            password: Mutex::new(None),
            generation: AtomicU32::new(1),
        }
    }

    /// The ledger file this window works on now (open or not).
    pub fn path(&self) -> PathBuf {
        self.path.lock().map(|p| p.clone()).unwrap_or_else(|_| self.home.clone())
    }

    /// The ledger the window started with.
    pub fn home(&self) -> &Path {
        &self.home
    }

    /// Closes the ledger and opens the one at `path` instead (打开其他台账, the demo ledger, 返回我的
    /// 台账); a missing file becomes a new, empty ledger. Whatever the new file's state (locked,
    /// damaged, newer), the window shows it as at start.
    pub fn switch_to(&self, path: PathBuf) -> Result<(), ErrorPayload> {
        let mut guard = self.slot.lock().map_err(|_| busy())?;
        *guard = Slot::Closed(internal("正在打开台账，请稍候"));
        *self.password.lock().map_err(|_| busy())? = None;
        *guard = open_slot(&path, None);
        *self.path.lock().map_err(|_| busy())? = path;
        self.generation.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }

    /// Runs one core call against the open ledger, turning its error into the IPC payload.
    pub fn with<T>(&self, call: impl FnOnce(&Ledger) -> zhibu_core::Result<T>) -> Result<T, ErrorPayload> {
        let guard = self.slot.lock().map_err(|_| busy())?;
        match &*guard {
            Slot::Open(ledger) => crate::memory::trimmed(|| call(ledger)).map_err(ErrorPayload::from),
            Slot::Closed(e) => Err(e.clone()),
        }
    }

    /// Closes the ledger, runs `call` on its path (a restore), and opens it again whatever happened.
    pub fn with_closed<T>(
        &self,
        call: impl FnOnce(&Path, Option<&Password>) -> zhibu_core::Result<T>,
    ) -> Result<T, ErrorPayload> {
        self.rekey(|path, key| call(path, key).map(|out| (out, key.cloned())))
    }

    /// `with_closed` for a call that changes the password (`encrypt`, `change_password`, `decrypt`):
    /// it returns the password the ledger has afterwards, with which it is opened again.
    pub fn rekey<T>(
        &self,
        call: impl FnOnce(&Path, Option<&Password>) -> zhibu_core::Result<(T, Option<Password>)>,
    ) -> Result<T, ErrorPayload> {
        let mut guard = self.slot.lock().map_err(|_| busy())?;
        let mut password = self.password.lock().map_err(|_| busy())?;
        *guard = Slot::Closed(internal("台账正在更换，请稍候"));
        let path = self.path();
        let out = call(&path, password.as_ref()).map_err(ErrorPayload::from);
        if let Ok((_, key)) = &out {
            *password = key.clone();
        }
        *guard = open_slot(&path, password.as_ref());
        self.generation.fetch_add(1, Ordering::SeqCst);
        out.map(|(value, _)| value)
    }

    /// Opens an encrypted ledger with `password` (the lock page). A wrong password leaves it locked.
    pub fn unlock(&self, password: Password) -> Result<(), ErrorPayload> {
        let mut guard = self.slot.lock().map_err(|_| busy())?;
        let slot = open_slot(&self.path(), Some(&password));
        if let Slot::Closed(e) = &slot {
            if matches!(e.code, ErrorCode::WrongPassword | ErrorCode::Locked) {
                return Err(e.clone());
            }
        }
        *guard = slot;
        *self.password.lock().map_err(|_| busy())? = Some(password);
        self.generation.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }

    /// Locks an encrypted ledger (idle time passed, or 锁定 clicked): the handle is closed and the
    /// password forgotten. A plain ledger cannot be locked (nothing would protect it).
    pub fn lock(&self) -> Result<(), ErrorPayload> {
        let mut guard = self.slot.lock().map_err(|_| busy())?;
        if !matches!(&*guard, Slot::Open(l) if l.is_encrypted()) {
            return Err(ErrorPayload {
                code: ErrorCode::Conflict,
                message: "台账没有设置密码，不能锁定；请先在“备份与恢复 → 密码保护”中设置密码".to_string(),
                problems: vec![],
            });
        }
        *guard = Slot::Closed(locked_payload(&self.path()));
        *self.password.lock().map_err(|_| busy())? = None;
        Ok(())
    }

    /// The password the open ledger was unlocked with (for reading its encrypted backups).
    pub fn password(&self) -> Option<Password> {
        self.password.lock().ok()?.clone()
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
        let password = self.password.lock().ok()?.clone();
        Ledger::open_with(&self.path(), password.as_ref()).ok()
    }
}

/// The start-up check, then the ledger: a damaged file is not opened (the recovery page offers a
/// backup), an encrypted one waits for its password (the lock page), anything else goes through the
/// normal open (which refuses newer and foreign files).
fn open_slot(path: &Path, key: Option<&Password>) -> Slot {
    match backups::health(path, key) {
        LedgerHealth::Damaged { message } => {
            return Slot::Closed(ErrorPayload { code: ErrorCode::Damaged, message, problems: vec![] })
        }
        LedgerHealth::Locked { .. } if key.is_none() => return Slot::Closed(locked_payload(path)),
        LedgerHealth::Locked { .. } => {
            return Slot::Closed(ErrorPayload {
                code: ErrorCode::WrongPassword,
                message: "密码不正确，请重新输入（注意大小写和输入法）".to_string(),
                problems: vec![],
            })
        }
        _ => {}
    }
    match Ledger::open_or_create_with(path, key) {
        Ok(ledger) => Slot::Open(ledger),
        Err(e) => Slot::Closed(ErrorPayload::from(e)),
    }
}

fn locked_payload(path: &Path) -> ErrorPayload {
    ErrorPayload {
        code: ErrorCode::Locked,
        message: format!("台账已锁定，请输入密码（{}）", path.display()),
        problems: vec![],
    }
}

fn busy() -> ErrorPayload {
    internal("台账访问锁异常，请重启程序")
}

fn internal(message: &str) -> ErrorPayload {
    ErrorPayload { code: ErrorCode::Internal, message: message.to_string(), problems: vec![] }
}
