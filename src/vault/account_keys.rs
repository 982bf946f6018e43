//! An account's two key pairs: X25519 (age) for sealing, Ed25519 for signing audit entries.
//! The secret halves exist only in memory after a slot is unlocked.

use std::fmt;
use std::str::FromStr;

use age::secrecy::ExposeSecret;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{Error, Key32, Result};

/// The secret keys of one account.
pub struct AccountSecrets {
    identity: age::x25519::Identity,
    signing: SigningKey,
}

/// The public halves, stored in the keyring and in the database.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountPublic {
    /// age recipient, `age1…`
    pub x25519: String,
    /// Ed25519 verifying key, hex
    pub ed25519: String,
}

#[derive(Serialize, Deserialize)]
struct SecretsOnDisk {
    x25519: String,
    ed25519: String,
}

impl AccountSecrets {
    pub fn generate() -> Self {
        Self {
            identity: age::x25519::Identity::generate(),
            signing: SigningKey::generate(&mut rand::rngs::OsRng),
        }
    }

    pub fn public(&self) -> AccountPublic {
        AccountPublic {
            x25519: self.identity.to_public().to_string(),
            ed25519: hex::encode(self.signing.verifying_key().to_bytes()),
        }
    }

    pub fn sign(&self, message: &[u8]) -> String {
        hex::encode(self.signing.sign(message).to_bytes())
    }

    /// Opens something sealed to this account with [`seal_to`].
    pub fn open(&self, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
        age::decrypt(&self.identity, sealed)
            .map(Zeroizing::new)
            .map_err(|e| Error::Crypto(format!("cannot open sealed data: {e}")))
    }

    pub(super) fn to_plaintext(&self) -> Zeroizing<Vec<u8>> {
        let on_disk = SecretsOnDisk {
            x25519: self.identity.to_string().expose_secret().to_string(),
            ed25519: hex::encode(self.signing.to_bytes()),
        };
        let json = serde_json::to_vec(&on_disk).unwrap_or_default();
        let mut on_disk = on_disk;
        zeroize::Zeroize::zeroize(&mut on_disk.x25519);
        zeroize::Zeroize::zeroize(&mut on_disk.ed25519);
        Zeroizing::new(json)
    }

    pub(super) fn from_plaintext(bytes: &[u8]) -> Result<Self> {
        let mut on_disk: SecretsOnDisk = serde_json::from_slice(bytes)
            .map_err(|_| Error::Crypto("account secrets are malformed".into()))?;
        let identity = age::x25519::Identity::from_str(&on_disk.x25519)
            .map_err(|_| Error::Crypto("account identity is malformed".into()));
        let signing = hex::decode(&on_disk.ed25519)
            .ok()
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .map(|mut b| {
                let key = SigningKey::from_bytes(&b);
                zeroize::Zeroize::zeroize(&mut b);
                key
            })
            .ok_or_else(|| Error::Crypto("account signing key is malformed".into()));
        zeroize::Zeroize::zeroize(&mut on_disk.x25519);
        zeroize::Zeroize::zeroize(&mut on_disk.ed25519);
        Ok(Self {
            identity: identity?,
            signing: signing?,
        })
    }
}

impl fmt::Debug for AccountSecrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Seals bytes to one or more age recipients (`age1…` strings).
pub fn seal_to(recipients: &[&str], plaintext: &[u8]) -> Result<Vec<u8>> {
    let parsed = recipients
        .iter()
        .map(|r| {
            age::x25519::Recipient::from_str(r)
                .map_err(|e| Error::Crypto(format!("bad recipient: {e}")))
        })
        .collect::<Result<Vec<_>>>()?;
    let encryptor =
        age::Encryptor::with_recipients(parsed.iter().map(|r| r as &dyn age::Recipient))
            .map_err(|e| Error::Crypto(e.to_string()))?;
    let mut out = Vec::new();
    let mut writer = encryptor
        .wrap_output(&mut out)
        .map_err(|e| Error::Crypto(e.to_string()))?;
    std::io::Write::write_all(&mut writer, plaintext).map_err(|e| Error::Crypto(e.to_string()))?;
    writer.finish().map_err(|e| Error::Crypto(e.to_string()))?;
    Ok(out)
}

pub(super) fn seal_key_to(recipient: &str, key: &Key32) -> Result<Vec<u8>> {
    seal_to(&[recipient], key.expose())
}

/// Checks an Ed25519 signature (hex) over `message` by `public_hex`.
pub fn verify_signature(public_hex: &str, message: &[u8], signature_hex: &str) -> bool {
    let Some(public) = hex::decode(public_hex)
        .ok()
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .and_then(|b| VerifyingKey::from_bytes(&b).ok())
    else {
        return false;
    };
    let Some(signature) = hex::decode(signature_hex)
        .ok()
        .and_then(|b| <[u8; 64]>::try_from(b).ok())
        .map(|b| Signature::from_bytes(&b))
    else {
        return false;
    };
    public.verify(message, &signature).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_only_for_the_signed_message_and_key() {
        let alice = AccountSecrets::generate();
        let bob = AccountSecrets::generate();
        let sig = alice.sign(b"entry 7");
        assert!(verify_signature(&alice.public().ed25519, b"entry 7", &sig));
        assert!(!verify_signature(&alice.public().ed25519, b"entry 8", &sig));
        assert!(!verify_signature(&bob.public().ed25519, b"entry 7", &sig));
        assert!(!verify_signature("zz", b"entry 7", &sig));
    }

    #[test]
    fn sealed_data_opens_only_for_its_recipients() {
        let alice = AccountSecrets::generate();
        let bob = AccountSecrets::generate();
        let sealed = seal_to(&[&alice.public().x25519], b"only alice").unwrap();
        assert_eq!(alice.open(&sealed).unwrap().as_slice(), b"only alice");
        assert!(bob.open(&sealed).is_err());
    }

    #[test]
    fn secrets_round_trip_through_plaintext_form() {
        let alice = AccountSecrets::generate();
        let back = AccountSecrets::from_plaintext(&alice.to_plaintext()).unwrap();
        assert_eq!(back.public(), alice.public());
        assert_eq!(format!("{back:?}"), "[redacted]");
    }
}
