//! `zhibu demo`: a realistic synthetic ledger for trying the app and for benchmarks.
