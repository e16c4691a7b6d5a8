//! The data package: round trips, re-imports and refusals, and the extension fields.

mod extensions;
mod round_trip;
