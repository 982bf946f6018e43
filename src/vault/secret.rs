//! Secret values: keys and passphrases that zeroize on drop and never print.
//! Nothing here serializes; anything that must reach disk is sealed first.

use std::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// A passphrase typed by a person (or read from `STEADY_PASSPHRASE`).
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Passphrase(String);

impl Passphrase {
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// 32 secret bytes: the database master key or a key derived from a passphrase.
#[derive(Clone, Zeroize, ZeroizeOnDrop, PartialEq, Eq)]
pub struct Key32([u8; 32]);

impl Key32 {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    pub fn random() -> Self {
        use rand::RngCore;
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Self(bytes)
    }

    pub fn expose(&self) -> &[u8; 32] {
        &self.0
    }

    /// The key in SQLCipher's raw-key form, `x'<64 hex digits>'`, which skips
    /// SQLCipher's own PBKDF2 (argon2id already did the slow work).
    pub fn sqlcipher_raw_key(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("x'{}'", hex::encode(self.0)))
    }
}

impl fmt::Debug for Key32 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

pub(crate) type MasterKey = Key32;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_print_redacted() {
        let pass = Passphrase::new("correct horse battery staple");
        let key = Key32::from_bytes([7u8; 32]);
        assert_eq!(format!("{pass:?}"), "[redacted]");
        assert_eq!(format!("{key:?}"), "[redacted]");
        assert!(!format!("{key:?}").contains("0707"));
    }

    #[test]
    fn raw_key_form_is_sqlcipher_blob_literal() {
        let key = Key32::from_bytes([0xab; 32]);
        let raw = key.sqlcipher_raw_key();
        assert_eq!(raw.len(), 3 + 64);
        assert!(raw.starts_with("x'abab") && raw.ends_with('\''));
    }
}
