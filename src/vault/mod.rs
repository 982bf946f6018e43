//! Key hierarchy: the keyring sidecar, argon2id, key wrapping and sealing to recipients.
//! Owns every secret operation; knows nothing of SQL, roles or screens.

mod account_keys;
mod key_list;
mod keyring;
mod secret;

pub use crate::files::write_atomically;
pub use account_keys::{AccountPublic, AccountSecrets, seal_padded_to, seal_to, verify_signature};
pub use key_list::{Distrust, KEY_LIST_VERSION, ListedKey, SignedKeyList, key_list_path_for};
pub use keyring::{KdfParams, Keyring, Slot, UnlockedSlot, keyring_path_for};
pub use secret::{Key32, MasterKey, Passphrase};

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

pub type Result<T> = std::result::Result<T, Error>;
