//! steady: employee well-being and early intervention in an encrypted, multi-user vault.
//! This library is what both front ends (the CLI and the TUI) and the tests use.

pub mod cli;
pub mod desk;
pub mod domain;
pub mod files;
pub mod instruments;
pub mod policy;
pub mod report;
pub mod rules;
pub mod store;
pub mod tui;
pub mod vault;
