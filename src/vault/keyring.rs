//! The keyring sidecar (`steady.keyring`): one argon2id-protected slot per account, each
//! holding the account's secrets and the master key sealed to it. Written atomically, MAC'd.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::account_keys::{AccountPublic, AccountSecrets, seal_key_to};
use super::{Error, Key32, MasterKey, Passphrase, Result};
use crate::files::write_atomically;

/// Format version of the keyring file this build writes and reads.
pub(super) const KEYRING_VERSION: u32 = 1;

/// The keyring beside a database: same folder, same stem, `.keyring`.
pub(crate) fn keyring_path_for(db_path: &Path) -> PathBuf {
    db_path.with_extension("keyring")
}

/// argon2id cost, stored per slot so a later default can be raised without breaking logins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl KdfParams {
    /// The least any slot may use, whatever a keyring file says: m = 19 MiB, t = 2 (the
    /// argon2id minimum of the OWASP Password Storage Cheat Sheet, the floor DESIGN.md
    /// sets). About 30 ms a derivation here; the tests run at it, never below.
    pub const FLOOR: KdfParams = KdfParams {
        memory_kib: 19 * 1024,
        iterations: 2,
        parallelism: 1,
    };

    /// Whether this cost is at or above [`KdfParams::FLOOR`].
    pub fn meets_floor(&self) -> bool {
        self.memory_kib >= Self::FLOOR.memory_kib
            && self.iterations >= Self::FLOOR.iterations
            && self.parallelism >= Self::FLOOR.parallelism
    }

    /// RFC 9106 §4, second recommended option: m = 64 MiB, t = 3, p = 4.
    pub const RECOMMENDED: KdfParams = KdfParams {
        memory_kib: 64 * 1024,
        iterations: 3,
        parallelism: 4,
    };

    pub fn with_memory_mib(memory_mib: u32, iterations: u32) -> Self {
        Self {
            memory_kib: memory_mib.saturating_mul(1024),
            iterations,
            parallelism: Self::RECOMMENDED.parallelism,
        }
    }

    /// The recommended cost, with more passes if this machine runs one derivation in
    /// well under `target` (never fewer than recommended, never more than 12 passes).
    pub fn calibrated(target: std::time::Duration) -> Self {
        let base = Self::RECOMMENDED;
        let started = std::time::Instant::now();
        if base
            .derive(&Passphrase::new("calibration"), &[0u8; 16])
            .is_err()
        {
            return base;
        }
        let per_pass = started.elapsed() / base.iterations;
        let passes = if per_pass.is_zero() {
            12
        } else {
            (target.as_secs_f64() / per_pass.as_secs_f64()).floor() as u32
        };
        Self {
            iterations: passes.clamp(base.iterations, 12),
            ..base
        }
    }

    /// Costs no `init` can choose (4 GiB, 64 passes, 16 lanes): a keyring asking for
    /// more was altered, and would make a login allocate or spin without bound.
    pub const CEILING: KdfParams = KdfParams {
        memory_kib: 4096 * 1024,
        iterations: 64,
        parallelism: 16,
    };

    pub fn derive(&self, passphrase: &Passphrase, salt: &[u8]) -> Result<Key32> {
        let ceiling = Self::CEILING;
        if self.memory_kib > ceiling.memory_kib
            || self.iterations > ceiling.iterations
            || self.parallelism > ceiling.parallelism
        {
            return Err(Error::Crypto(
                "the keyring asks for argon2 costs beyond any steady setting; it was altered"
                    .into(),
            ));
        }
        let params = Params::new(self.memory_kib, self.iterations, self.parallelism, Some(32))
            .map_err(|e| Error::Crypto(format!("bad argon2 parameters: {e}")))?;
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let mut out = [0u8; 32];
        argon
            .hash_password_into(passphrase.expose().as_bytes(), salt, &mut out)
            .map_err(|e| Error::Crypto(format!("argon2 failed: {e}")))?;
        let key = Key32::from_bytes(out);
        zeroize::Zeroize::zeroize(&mut out);
        Ok(key)
    }
}

/// One account's slot. Everything secret in it is ciphertext.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Slot {
    pub kdf: KdfParams,
    /// argon2id salt, base64
    pub salt: String,
    /// XChaCha20-Poly1305 nonce, base64
    pub nonce: String,
    /// the account's secrets, encrypted under the argon2id-derived key, base64
    pub secrets: String,
    pub public: AccountPublic,
    /// the master key sealed (age) to `public.x25519`, base64
    pub sealed_master: String,
    /// during a rekey: the next master key, sealed the same way; see [`Keyring::begin_rekey`]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed_master_next: Option<String>,
    /// After a first login: the enrolled (one-time) key's signature vouching for the keys
    /// in this slot, so the audit log can learn them even if that login was cut off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vouch: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Keyring {
    pub version: u32,
    pub vault_id: String,
    /// A display name for the vault, shown on the login screen.
    pub name: String,
    /// A demo vault says so on every screen.
    pub demo: bool,
    /// Cost for slots created from now on.
    pub kdf_default: KdfParams,
    pub slots: BTreeMap<String, Slot>,
    /// The generation of the last SSH key list written (see `key_list`); absent until the
    /// first one, so older keyrings keep their exact bytes and MAC.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub ssh_keys_generation: u64,
    /// HMAC-SHA256 (hex) of the file with this field empty, keyed from the master key.
    #[serde(default)]
    pub mac: String,
}

/// What unlocking a slot yields: the account's secrets and the master key candidates
/// (the current one, and the next one if a rekey was interrupted).
pub struct UnlockedSlot {
    pub secrets: AccountSecrets,
    pub master: MasterKey,
    pub master_next: Option<MasterKey>,
}

impl Keyring {
    pub fn new(name: &str, demo: bool, kdf_default: KdfParams) -> Self {
        let mut id = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut id);
        Self {
            version: KEYRING_VERSION,
            vault_id: hex::encode(id),
            name: name.to_string(),
            demo,
            kdf_default,
            slots: BTreeMap::new(),
            ssh_keys_generation: 0,
            mac: String::new(),
        }
    }

    pub fn load(path: &Path) -> Result<Self> {
        let bytes = match fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::KeyringMissing(path.to_path_buf()));
            }
            Err(e) => {
                return Err(Error::KeyringCorrupt {
                    path: path.to_path_buf(),
                    reason: e.to_string(),
                });
            }
        };
        Self::from_bytes(&bytes, path)
    }

    /// A keyring from the bytes of the file at `path` (named in errors). Any bytes at all
    /// give a keyring or an error, never a panic: the fuzz target `keyring` holds it to that.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Self> {
        Self::parse(bytes).map_err(|reason| match reason {
            ParseError::TooNew(v) => Error::KeyringTooNew(v),
            ParseError::Malformed(reason) => Error::KeyringCorrupt {
                path: path.to_path_buf(),
                reason,
            },
        })
    }

    fn parse(bytes: &[u8]) -> std::result::Result<Self, ParseError> {
        #[derive(Deserialize)]
        struct VersionOnly {
            version: u32,
        }
        let version: VersionOnly = serde_json::from_slice(bytes)
            .map_err(|e| ParseError::Malformed(format!("not a keyring: {e}")))?;
        if version.version > KEYRING_VERSION {
            return Err(ParseError::TooNew(version.version));
        }
        let keyring: Keyring = serde_json::from_slice(bytes)
            .map_err(|e| ParseError::Malformed(format!("not a keyring: {e}")))?;
        if keyring.vault_id.len() != 32 || hex::decode(&keyring.vault_id).is_err() {
            return Err(ParseError::Malformed("bad vault id".into()));
        }
        // A lowered cost makes every guess cheaper: refused whatever the file says, before
        // the MAC (which anyone holding the master key could recompute) is even checked.
        if !keyring.kdf_default.meets_floor() {
            return Err(ParseError::Malformed(
                "its default argon2id cost is below the floor (m = 19 MiB, t = 2)".into(),
            ));
        }
        if let Some((login, _)) = keyring.slots.iter().find(|(_, s)| !s.kdf.meets_floor()) {
            return Err(ParseError::Malformed(format!(
                "the slot for {} is below the argon2id floor (m = 19 MiB, t = 2)",
                crate::domain::text::sanitize(login)
            )));
        }
        Ok(keyring)
    }

    fn mac_key(master: &MasterKey) -> Zeroizing<[u8; 32]> {
        let mut hasher = Sha256::new();
        hasher.update(b"steady keyring mac v1");
        hasher.update(master.expose());
        Zeroizing::new(hasher.finalize().into())
    }

    fn compute_mac(&self, master: &MasterKey) -> String {
        let mut unsigned = self.clone();
        unsigned.mac.clear();
        let body = serde_json::to_vec(&unsigned).unwrap_or_default();
        let key = Self::mac_key(master);
        // HMAC pads a key shorter than its block with zeros (RFC 2104), so the 32-byte key
        // padded to SHA-256's 64-byte block here is the same key, with no length to fail on.
        let mut block = Zeroizing::new([0u8; 64]);
        block[..32].copy_from_slice(key.as_ref());
        let mut mac = <Hmac<Sha256> as hmac::digest::KeyInit>::new(
            hmac::digest::generic_array::GenericArray::from_slice(block.as_ref()),
        );
        mac.update(&body);
        hex::encode(mac.finalize().into_bytes())
    }

    /// Confirms that this keyring was written by someone holding `master`.
    pub fn verify_mac(&self, master: &MasterKey) -> Result<()> {
        let expected = self.compute_mac(master);
        let matches = expected.len() == self.mac.len()
            && expected
                .bytes()
                .zip(self.mac.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        if matches {
            Ok(())
        } else {
            Err(Error::KeyringTampered)
        }
    }

    /// Writes the keyring atomically (temp file, fsync, rename, fsync folder), mode 0600.
    pub fn save(&mut self, path: &Path, master: &MasterKey) -> Result<()> {
        if !self.kdf_default.meets_floor() || self.slots.values().any(|s| !s.kdf.meets_floor()) {
            return Err(Error::Crypto(
                "an argon2id cost below the floor (m = 19 MiB, t = 2) is never written".into(),
            ));
        }
        self.mac = self.compute_mac(master);
        let body = serde_json::to_vec_pretty(&self).map_err(|e| Error::Crypto(e.to_string()))?;
        write_atomically(path, &body).map_err(|source| Error::KeyringWrite {
            path: path.to_path_buf(),
            source,
        })
    }

    fn aad(&self, login: &str) -> Vec<u8> {
        let mut aad = Vec::with_capacity(64);
        aad.extend_from_slice(b"steady slot v1\0");
        aad.extend_from_slice(self.vault_id.as_bytes());
        aad.push(0);
        aad.extend_from_slice(login.as_bytes());
        aad
    }

    /// Creates (or replaces) `login`'s slot holding `secrets`, protected by `passphrase`.
    pub fn put_slot(
        &mut self,
        login: &str,
        secrets: &AccountSecrets,
        passphrase: &Passphrase,
        kdf: KdfParams,
        master: &MasterKey,
    ) -> Result<()> {
        if !kdf.meets_floor() {
            return Err(Error::Crypto(
                "an argon2id cost below the floor (m = 19 MiB, t = 2) is never written".into(),
            ));
        }
        let mut salt = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut salt);
        let mut nonce = [0u8; 24];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let wrapping = kdf.derive(passphrase, &salt)?;
        let cipher = XChaCha20Poly1305::new(wrapping.expose().into());
        let plaintext = secrets.to_plaintext();
        let aad = self.aad(login);
        let encrypted = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &plaintext,
                    aad: &aad,
                },
            )
            .map_err(|_| Error::Crypto("cannot encrypt account secrets".into()))?;
        let public = secrets.public();
        let sealed = seal_key_to(&public.x25519, master)?;
        self.slots.insert(
            login.to_string(),
            Slot {
                kdf,
                salt: B64.encode(salt),
                nonce: B64.encode(nonce),
                secrets: B64.encode(encrypted),
                sealed_master: B64.encode(sealed),
                sealed_master_next: None,
                vouch: None,
                public,
            },
        );
        Ok(())
    }

    /// Derives the slot key from the passphrase and opens the slot. A wrong passphrase
    /// and an unknown login fail the same way, after the same amount of work.
    pub fn unlock(&self, login: &str, passphrase: &Passphrase) -> Result<UnlockedSlot> {
        let Some(slot) = self.slots.get(login) else {
            // Spend the same effort as a real attempt, so timing does not reveal
            // which logins exist.
            let _ = self.kdf_default.derive(passphrase, &[0u8; 16]);
            return Err(Error::WrongPassphrase);
        };
        let salt = decode_b64(&slot.salt)?;
        let nonce = decode_b64(&slot.nonce)?;
        let encrypted = decode_b64(&slot.secrets)?;
        if nonce.len() != 24 {
            return Err(Error::Crypto("slot nonce has the wrong length".into()));
        }
        let wrapping = slot.kdf.derive(passphrase, &salt)?;
        let cipher = XChaCha20Poly1305::new(wrapping.expose().into());
        let aad = self.aad(login);
        let plaintext = cipher
            .decrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &encrypted,
                    aad: &aad,
                },
            )
            .map(Zeroizing::new)
            .map_err(|_| Error::WrongPassphrase)?;
        let secrets = AccountSecrets::from_plaintext(&plaintext)?;
        let master = open_key(&secrets, &slot.sealed_master)?;
        let master_next = slot
            .sealed_master_next
            .as_deref()
            .map(|s| open_key(&secrets, s))
            .transpose()?;
        Ok(UnlockedSlot {
            secrets,
            master,
            master_next,
        })
    }

    /// Keeps the enrolled key's vouch for the keys now in `login`'s slot.
    pub fn set_vouch(&mut self, login: &str, vouch: &str) {
        if let Some(slot) = self.slots.get_mut(login) {
            slot.vouch = Some(vouch.to_string());
        }
    }

    pub fn vouch(&self, login: &str) -> Option<String> {
        self.slots.get(login).and_then(|s| s.vouch.clone())
    }

    pub fn remove_slot(&mut self, login: &str) -> bool {
        self.slots.remove(login).is_some()
    }

    /// First step of a rekey: every slot also gets the next master key, so a crash
    /// between this write and the database rekey leaves every account able to log in.
    pub fn begin_rekey(&mut self, next: &MasterKey) -> Result<()> {
        for slot in self.slots.values_mut() {
            slot.sealed_master_next = Some(B64.encode(seal_key_to(&slot.public.x25519, next)?));
        }
        Ok(())
    }

    /// Last step of a rekey: the next key becomes the only key.
    pub fn finish_rekey(&mut self, next: &MasterKey) -> Result<()> {
        for slot in self.slots.values_mut() {
            slot.sealed_master = B64.encode(seal_key_to(&slot.public.x25519, next)?);
            slot.sealed_master_next = None;
        }
        Ok(())
    }
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

enum ParseError {
    TooNew(u32),
    Malformed(String),
}

fn decode_b64(text: &str) -> Result<Vec<u8>> {
    B64.decode(text)
        .map_err(|_| Error::Crypto("slot field is not base64".into()))
}

fn open_key(secrets: &AccountSecrets, sealed_b64: &str) -> Result<Key32> {
    let opened = secrets.open(&decode_b64(sealed_b64)?)?;
    let bytes: [u8; 32] = opened
        .as_slice()
        .try_into()
        .map_err(|_| Error::Crypto("sealed master key has the wrong length".into()))?;
    Ok(Key32::from_bytes(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::AccountSecrets;

    const CHEAP: KdfParams = KdfParams::FLOOR;

    fn pass(text: &str) -> Passphrase {
        Passphrase::new(text)
    }

    #[test]
    fn calibration_never_goes_below_the_recommendation() {
        let tiny = KdfParams::calibrated(std::time::Duration::from_millis(1));
        assert_eq!(tiny, KdfParams::RECOMMENDED);
    }

    #[test]
    fn a_cost_below_the_floor_is_never_written_nor_loaded() {
        let master = Key32::random();
        let weak = KdfParams {
            memory_kib: 32,
            iterations: 1,
            parallelism: 1,
        };
        let mut keyring = Keyring::new("t", false, CHEAP);
        let pass = Passphrase::new("a long enough passphrase");
        assert!(
            keyring
                .put_slot("a", &AccountSecrets::generate(), &pass, weak, &master)
                .is_err()
        );
        keyring
            .put_slot("a", &AccountSecrets::generate(), &pass, CHEAP, &master)
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        // Lowered in the file, with the MAC recomputed as anyone with the master key could.
        for lower in [
            |k: &mut Keyring| k.kdf_default.memory_kib = 32,
            |k: &mut Keyring| k.slots.get_mut("a").unwrap().kdf.iterations = 1,
        ] {
            let mut tampered = keyring.clone();
            lower(&mut tampered);
            assert!(
                tampered.clone().save(&path, &master).is_err(),
                "steady never writes it"
            );
            tampered.mac = tampered.compute_mac(&master);
            std::fs::write(&path, serde_json::to_vec(&tampered).unwrap()).unwrap();
            let e = Keyring::load(&path).unwrap_err().to_string();
            assert!(e.contains("below"), "{e}");
        }
    }

    #[test]
    fn a_slot_opens_with_its_passphrase_only() {
        let master = Key32::random();
        let mut ring = Keyring::new("t", false, CHEAP);
        ring.put_slot(
            "ana",
            &AccountSecrets::generate(),
            &pass("ana's long passphrase"),
            CHEAP,
            &master,
        )
        .unwrap();
        let opened = ring.unlock("ana", &pass("ana's long passphrase")).unwrap();
        assert!(opened.master == master);
        assert!(matches!(
            ring.unlock("ana", &pass("wrong")),
            Err(Error::WrongPassphrase)
        ));
        assert!(matches!(
            ring.unlock("nobody", &pass("ana's long passphrase")),
            Err(Error::WrongPassphrase)
        ));
    }

    #[test]
    fn a_slot_moved_to_another_login_does_not_open() {
        let master = Key32::random();
        let mut ring = Keyring::new("t", false, CHEAP);
        ring.put_slot(
            "ana",
            &AccountSecrets::generate(),
            &pass("passphrase one"),
            CHEAP,
            &master,
        )
        .unwrap();
        let slot = ring.slots["ana"].clone();
        ring.slots.insert("mallory".into(), slot);
        assert!(ring.unlock("mallory", &pass("passphrase one")).is_err());
    }

    #[test]
    fn the_mac_detects_any_change_and_a_foreign_master_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("steady.keyring");
        let master = Key32::random();
        let mut ring = Keyring::new("t", false, CHEAP);
        ring.put_slot(
            "ana",
            &AccountSecrets::generate(),
            &pass("passphrase one"),
            CHEAP,
            &master,
        )
        .unwrap();
        ring.save(&path, &master).unwrap();
        let loaded = Keyring::load(&path).unwrap();
        loaded.verify_mac(&master).unwrap();
        assert!(loaded.verify_mac(&Key32::random()).is_err());
        let mut edited = loaded.clone();
        edited.demo = true;
        assert!(edited.verify_mac(&master).is_err());
    }

    #[test]
    fn rekey_steps_keep_every_slot_usable() {
        let master = Key32::random();
        let next = Key32::random();
        let mut ring = Keyring::new("t", false, CHEAP);
        ring.put_slot(
            "ana",
            &AccountSecrets::generate(),
            &pass("passphrase one"),
            CHEAP,
            &master,
        )
        .unwrap();
        ring.begin_rekey(&next).unwrap();
        let mid = ring.unlock("ana", &pass("passphrase one")).unwrap();
        assert!(mid.master == master && mid.master_next.as_ref() == Some(&next));
        ring.finish_rekey(&next).unwrap();
        let done = ring.unlock("ana", &pass("passphrase one")).unwrap();
        assert!(done.master == next && done.master_next.is_none());
    }

    #[test]
    fn malformed_and_newer_keyrings_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.keyring");
        fs::write(&path, b"{ not json").unwrap();
        assert!(matches!(
            Keyring::load(&path),
            Err(Error::KeyringCorrupt { .. })
        ));
        fs::write(&path, br#"{"version": 99}"#).unwrap();
        assert!(matches!(
            Keyring::load(&path),
            Err(Error::KeyringTooNew(99))
        ));
        assert!(matches!(
            Keyring::load(&dir.path().join("missing.keyring")),
            Err(Error::KeyringMissing(_))
        ));
    }
}
