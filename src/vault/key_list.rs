//! The signed SSH key list (`steady.sshkeys`): which OpenSSH key opens which login, readable
//! without unlocking (sshd asks on every connection) and trusted only if an account whose
//! signing key the keyring holds signed it, for this vault, no older than the keyring knows.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{AccountSecrets, Keyring, verify_signature, write_atomically};

/// Format version of the key list this build writes and reads.
pub(crate) const KEY_LIST_VERSION: u32 = 1;

/// The key list beside a database: same folder, same stem, `.sshkeys`.
pub(crate) fn key_list_path_for(db_path: &Path) -> PathBuf {
    db_path.with_extension("sshkeys")
}

/// One registered key: the login it opens and the key as sshd presents it (`%t %k`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListedKey {
    pub login: String,
    pub key_type: String,
    /// The key blob, standard base64 with padding, as in a `.pub` file.
    pub key: String,
    /// The login opens in the screen-reader mode over this key. Left out of the file (and
    /// so of what is signed) when off, so lists signed before it existed still verify.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub screen_reader: bool,
}

/// The file as written: the listed keys and who signed them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedKeyList {
    pub version: u32,
    pub vault_id: String,
    /// Counts every list written for this vault; the keyring remembers the last one, so an
    /// older list put back in place of the current one is refused.
    pub generation: u64,
    /// The login whose account key signed the list (an admin, when steady wrote it).
    pub signed_by: String,
    /// That account's Ed25519 public key (hex), which the keyring's slot must hold.
    pub signer_key: String,
    pub keys: Vec<ListedKey>,
    /// Ed25519 signature (hex) over [`SignedKeyList::signed_bytes`].
    pub signature: String,
}

/// Why a key list is not trusted; said in one line on sshd's log.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum Distrust {
    #[error("no SSH key list at {0}")]
    Missing(PathBuf),
    #[error("the SSH key list cannot be read ({0})")]
    Unreadable(String),
    #[error("the SSH key list has format {0}, which this steady does not know")]
    UnknownVersion(u32),
    #[error("the SSH key list belongs to another vault")]
    ForeignVault,
    #[error("the SSH key list was signed by {0}, whom the keyring does not list with that key")]
    UnknownSigner(String),
    #[error("the SSH key list's signature does not match its content (it was altered)")]
    BadSignature,
    #[error(
        "the SSH key list is older (generation {found}) than the last one written ({expected}); an old copy was put back"
    )]
    RolledBack { found: u64, expected: u64 },
}

impl SignedKeyList {
    /// What the signature covers: a domain tag and every field but the signature, as JSON
    /// (serde keeps struct field order, so the encoding is the same on every run).
    fn signed_bytes(
        vault_id: &str,
        generation: u64,
        signed_by: &str,
        signer_key: &str,
        keys: &[ListedKey],
    ) -> Vec<u8> {
        #[derive(Serialize)]
        struct Signed<'a> {
            vault_id: &'a str,
            generation: u64,
            signed_by: &'a str,
            signer_key: &'a str,
            keys: &'a [ListedKey],
        }
        let mut bytes = b"steady ssh key list v1\0".to_vec();
        // Serialising plain strings and numbers cannot fail.
        bytes.extend(
            serde_json::to_vec(&Signed {
                vault_id,
                generation,
                signed_by,
                signer_key,
                keys,
            })
            .unwrap_or_default(),
        );
        bytes
    }

    /// A list of `keys` for the vault `vault_id`, signed by `signed_by` with `secrets`.
    pub fn sign(
        vault_id: &str,
        generation: u64,
        signed_by: &str,
        secrets: &AccountSecrets,
        mut keys: Vec<ListedKey>,
    ) -> Self {
        keys.sort_by(|a, b| (&a.login, &a.key).cmp(&(&b.login, &b.key)));
        let signer_key = secrets.public().ed25519;
        let bytes = Self::signed_bytes(vault_id, generation, signed_by, &signer_key, &keys);
        Self {
            version: KEY_LIST_VERSION,
            vault_id: vault_id.to_string(),
            generation,
            signed_by: signed_by.to_string(),
            signature: secrets.sign(&bytes),
            signer_key,
            keys,
        }
    }

    pub fn load(path: &Path) -> Result<Self, Distrust> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Distrust::Missing(path.to_path_buf()));
            }
            Err(e) => return Err(Distrust::Unreadable(e.to_string())),
        };
        Self::from_bytes(&bytes)
    }

    /// A list from the file's bytes; any bytes give a list or a reason, never a panic.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Distrust> {
        #[derive(Deserialize)]
        struct VersionOnly {
            version: u32,
        }
        let version: VersionOnly =
            serde_json::from_slice(bytes).map_err(|e| Distrust::Unreadable(e.to_string()))?;
        if version.version != KEY_LIST_VERSION {
            return Err(Distrust::UnknownVersion(version.version));
        }
        serde_json::from_slice(bytes).map_err(|e| Distrust::Unreadable(e.to_string()))
    }

    /// Trusts the list only if it is this vault's, at least as new as the keyring says the
    /// last one was, and signed by the key the keyring's slot for `signed_by` holds.
    pub fn verify(&self, keyring: &Keyring) -> Result<(), Distrust> {
        if self.vault_id != keyring.vault_id {
            return Err(Distrust::ForeignVault);
        }
        let holds_key = keyring
            .slots
            .get(&self.signed_by)
            .is_some_and(|slot| slot.public.ed25519 == self.signer_key);
        if !holds_key {
            return Err(Distrust::UnknownSigner(self.signed_by.clone()));
        }
        let bytes = Self::signed_bytes(
            &self.vault_id,
            self.generation,
            &self.signed_by,
            &self.signer_key,
            &self.keys,
        );
        if !verify_signature(&self.signer_key, &bytes, &self.signature) {
            return Err(Distrust::BadSignature);
        }
        if self.generation < keyring.ssh_keys_generation {
            return Err(Distrust::RolledBack {
                found: self.generation,
                expected: keyring.ssh_keys_generation,
            });
        }
        Ok(())
    }

    /// The entry (login, mode) `key_type`/`key` opens, if the list names it and the keyring still holds a
    /// slot for that login (a disabled account has none, whatever an old list says).
    pub fn entry_for(&self, keyring: &Keyring, key_type: &str, key: &str) -> Option<&ListedKey> {
        self.keys
            .iter()
            .find(|k| k.key_type == key_type && k.key == key)
            .filter(|k| keyring.slots.contains_key(&k.login))
    }

    /// Writes the list atomically (temp file, fsync, rename), mode 0600.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let body = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        write_atomically(path, &body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::{KdfParams, Key32, Passphrase};

    const CHEAP: KdfParams = KdfParams::FLOOR;

    fn keyring_with(admin: &AccountSecrets, others: &[&str]) -> Keyring {
        let master = Key32::random();
        let mut ring = Keyring::new("t", false, CHEAP);
        let pass = Passphrase::new("a passphrase");
        ring.put_slot("admin", admin, &pass, CHEAP, &master)
            .unwrap();
        for login in others {
            ring.put_slot(login, &AccountSecrets::generate(), &pass, CHEAP, &master)
                .unwrap();
        }
        ring
    }

    fn alice_key() -> ListedKey {
        ListedKey {
            login: "alice".into(),
            key_type: "ssh-ed25519".into(),
            key: "AAAAC3NzaC1lZDI1NTE5AAAAIKZ1".into(),
            screen_reader: false,
        }
    }

    #[test]
    fn a_list_signed_by_a_keyring_account_is_trusted_and_finds_logins() {
        let admin = AccountSecrets::generate();
        let ring = keyring_with(&admin, &["alice"]);
        let list = SignedKeyList::sign(&ring.vault_id, 0, "admin", &admin, vec![alice_key()]);
        let reread = SignedKeyList::from_bytes(&serde_json::to_vec(&list).unwrap()).unwrap();
        reread.verify(&ring).unwrap();
        let key = alice_key();
        assert_eq!(
            reread
                .entry_for(&ring, &key.key_type, &key.key)
                .map(|k| k.login.as_str()),
            Some("alice")
        );
        assert_eq!(
            reread
                .entry_for(&ring, "ssh-rsa", &key.key)
                .map(|k| k.login.as_str()),
            None
        );
        assert_eq!(
            reread
                .entry_for(&ring, &key.key_type, "AAAA")
                .map(|k| k.login.as_str()),
            None
        );
    }

    #[test]
    fn any_change_a_foreign_signer_another_vault_or_an_old_copy_is_refused() {
        let admin = AccountSecrets::generate();
        let mut ring = keyring_with(&admin, &["alice", "bob"]);
        let list = SignedKeyList::sign(&ring.vault_id, 3, "admin", &admin, vec![alice_key()]);

        let mut moved = list.clone();
        moved.keys[0].login = "bob".into();
        assert_eq!(moved.verify(&ring), Err(Distrust::BadSignature));

        let mallory = AccountSecrets::generate();
        let forged = SignedKeyList::sign(&ring.vault_id, 3, "admin", &mallory, vec![]);
        assert!(matches!(
            forged.verify(&ring),
            Err(Distrust::UnknownSigner(_))
        ));
        let unknown = SignedKeyList::sign(&ring.vault_id, 3, "mallory", &mallory, vec![]);
        assert!(matches!(
            unknown.verify(&ring),
            Err(Distrust::UnknownSigner(_))
        ));

        let other_vault = SignedKeyList::sign(&"0".repeat(32), 3, "admin", &admin, vec![]);
        assert_eq!(other_vault.verify(&ring), Err(Distrust::ForeignVault));

        ring.ssh_keys_generation = 4;
        assert_eq!(
            list.verify(&ring),
            Err(Distrust::RolledBack {
                found: 3,
                expected: 4
            })
        );
    }

    #[test]
    fn a_login_without_a_slot_opens_nothing_and_bad_bytes_are_reasons() {
        let admin = AccountSecrets::generate();
        let ring = keyring_with(&admin, &[]);
        let list = SignedKeyList::sign(&ring.vault_id, 0, "admin", &admin, vec![alice_key()]);
        list.verify(&ring).unwrap();
        let key = alice_key();
        assert_eq!(
            list.entry_for(&ring, &key.key_type, &key.key)
                .map(|k| k.login.as_str()),
            None
        );
        for bytes in [&b"{"[..], b"{\"version\": 9}", b"{\"version\": 1}", b""] {
            assert!(SignedKeyList::from_bytes(bytes).is_err());
        }
    }

    /// The screen-reader mode is signed with the key when on, and left out when off, so a
    /// list written before the field existed reads and verifies as before.
    #[test]
    fn the_screen_reader_mode_is_signed_and_absent_when_off() {
        let admin = AccountSecrets::generate();
        let ring = keyring_with(&admin, &["alice"]);
        let plain = SignedKeyList::sign(&ring.vault_id, 0, "admin", &admin, vec![alice_key()]);
        let text = String::from_utf8(serde_json::to_vec(&plain).unwrap()).unwrap();
        assert!(!text.contains("screen_reader"), "{text}");
        let mut key = alice_key();
        key.screen_reader = true;
        let marked = SignedKeyList::sign(&ring.vault_id, 0, "admin", &admin, vec![key.clone()]);
        let reread = SignedKeyList::from_bytes(&serde_json::to_vec(&marked).unwrap()).unwrap();
        reread.verify(&ring).unwrap();
        assert!(
            reread
                .entry_for(&ring, &key.key_type, &key.key)
                .unwrap()
                .screen_reader
        );
        let mut stripped = marked.clone();
        stripped.keys[0].screen_reader = false;
        assert_eq!(stripped.verify(&ring), Err(Distrust::BadSignature));
    }
}
