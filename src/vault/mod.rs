//! Key hierarchy: the keyring sidecar, argon2id, key wrapping and sealing to recipients.
//! Owns every secret operation; knows nothing of SQL, roles or screens.

mod account_keys;
mod key_list;
mod keyring;
mod secret;

// What the desk hands out (the secret newtypes) and what the test suite reaches for as an
// attacker would (`steady::testing`); the rest is the crate's own.
pub use account_keys::{AccountSecrets, verify_signature};
pub use key_list::{ListedKey, SignedKeyList};
pub use keyring::{KdfParams, Keyring};
pub use secret::{Key32, Passphrase};

pub(crate) use crate::files::write_atomically;
#[cfg(test)]
pub(crate) use account_keys::seal_to;
pub(crate) use account_keys::{AccountPublic, seal_padded_to};
pub(crate) use key_list::{Distrust, key_list_path_for};
pub(crate) use keyring::keyring_path_for;
pub(crate) use secret::MasterKey;

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The passphrase did not open the account's slot (or no such account).
    #[error("wrong login or passphrase")]
    WrongPassphrase,
    #[error("no keyring at {0}; is this a steady vault?")]
    KeyringMissing(PathBuf),
    #[error("the keyring at {path} is damaged ({reason}); restore it from a backup")]
    KeyringCorrupt { path: PathBuf, reason: String },
    #[error(
        "the keyring does not match this vault's master key (it was altered or belongs to another vault)"
    )]
    KeyringTampered,
    #[error("the keyring was written by a newer steady (format {0}); upgrade steady to open it")]
    KeyringTooNew(u32),
    #[error("cannot write the keyring at {path}: {source}")]
    KeyringWrite {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cryptographic failure: {0}")]
    Crypto(String),
}

pub(crate) type Result<T> = std::result::Result<T, Error>;
