//! How the CLI prints a value for other programs: pretty JSON on stdout.

use crate::error::{Error, Result};

/// Prints a value as pretty JSON.
pub(super) fn json_out(value: &impl serde::Serialize) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(value).map_err(|e| Error::Internal(e.to_string()))?);
    Ok(())
}
