//! The open ledger held by the window. Opening may fail (a newer database, a foreign file); the
//! window still starts and shows why.

use std::path::PathBuf;
use std::sync::Mutex;

use zhibu_core::{ErrorPayload, Ledger};

pub struct AppState {
    ledger: Mutex<Result<Ledger, ErrorPayload>>,
}

impl AppState {
    pub fn open(path: PathBuf) -> AppState {
        let ledger = Ledger::open_or_create(&path).map_err(ErrorPayload::from);
        AppState { ledger: Mutex::new(ledger) }
    }

    /// Runs one core call against the open ledger, turning its error into the IPC payload.
    pub fn with<T>(&self, call: impl FnOnce(&Ledger) -> zhibu_core::Result<T>) -> Result<T, ErrorPayload> {
        let guard = self.ledger.lock().map_err(|_| internal("台账访问锁异常，请重启程序"))?;
        match &*guard {
            Ok(ledger) => call(ledger).map_err(ErrorPayload::from),
            Err(e) => Err(e.clone()),
        }
    }
}

fn internal(message: &str) -> ErrorPayload {
    ErrorPayload { code: zhibu_core::ErrorCode::Internal, message: message.to_string(), problems: vec![] }
}
