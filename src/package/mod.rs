//! The data package v1 (`data-package.md`): full-fidelity JSON import and export.
