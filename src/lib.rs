//! steady: employee well-being and early intervention in an encrypted, multi-user vault.
//! This library is what both front ends (the CLI and the TUI) and the tests use.

#![warn(unreachable_pub)]

pub mod cli;
pub mod desk;
pub mod domain;
pub mod files;
pub mod instruments;
pub mod policy;
pub mod reader;
pub mod report;
pub mod rules;
// Private: no front end reaches the database or the keys but through the desk. Their items
// that are `pub` are so for the test suite's reach (`testing`, `Session::store_for_tests`),
// built only with `test-support`; without it they are unreachable, and that is the point.
#[cfg_attr(not(feature = "test-support"), allow(unreachable_pub))]
mod store;
pub mod tui;
#[cfg_attr(not(feature = "test-support"), allow(unreachable_pub))]
mod vault;

/// What the test suite reaches past the desk for, as an attacker holding the master key would:
/// the keyring and account keys, the row hashes of the audit, the tables as stored. Built only
/// with the `test-support` feature (the test suite's); never in the product.
#[cfg(feature = "test-support")]
pub mod testing {
    pub use crate::store::records::{AuditedTable, Record, RecordsDigest, row_hash};
    pub use crate::store::{SCHEMA_VERSION, TableDump};
    pub use crate::vault::{
        AccountSecrets, Key32, Keyring, ListedKey, SignedKeyList, verify_signature,
    };
}
