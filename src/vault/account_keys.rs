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

    /// Opens what [`seal_padded_to`] stored for a `plaintext_len`-byte plaintext: the age
    /// file ends `plaintext_len` plus the nonce and tag after its header, and only zero bytes
    /// may follow. Anything else (a plain age file, whatever its length) is opened as it is.
    pub fn open_padded(&self, sealed: &[u8], plaintext_len: usize) -> Result<Zeroizing<Vec<u8>>> {
        if let Some(end) = padded_age_end(sealed, plaintext_len)
            && sealed[end..].iter().all(|&b| b == 0)
            && let Ok(opened) = self.open(&sealed[..end])
        {
            return Ok(opened);
        }
        self.open(sealed)
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
pub(crate) fn seal_to(recipients: &[&str], plaintext: &[u8]) -> Result<Vec<u8>> {
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

/// The age v1 format's fixed parts, as [`padded_seal_len`] counts them.
const AGE_VERSION_LINE: usize = "age-encryption.org/v1\n".len();
/// `-> X25519 <ephemeral share>` and the wrapped file key, each 32 bytes in 43 base64 digits.
const AGE_X25519_STANZA: usize = "-> X25519 \n\n".len() + 2 * 43;
/// `--- <HMAC>`, 32 bytes in 43 base64 digits.
const AGE_MAC_LINE: usize = "--- \n".len() + 43;
const AGE_PAYLOAD_NONCE: usize = 16;
const AGE_TAG: usize = 16;
/// The payload is sealed in chunks of this size; a padded seal holds one.
const AGE_CHUNK: usize = 64 * 1024;
/// Room for the stanza of random length age adds to every header ("grease", so that readers
/// keep accepting stanzas they do not know): age-core 0.11 writes a line of at most 55 bytes
/// and a body of at most 100 bytes (139 as base64 lines).
const AGE_GREASE_ROOM: usize = 256;

/// The length of every [`seal_padded_to`] result for `recipients` X25519 recipients and a
/// `plaintext_len`-byte plaintext: the header with room for the largest grease stanza, then
/// the payload's nonce, one chunk and its tag.
fn padded_seal_len(recipients: usize, plaintext_len: usize) -> usize {
    AGE_VERSION_LINE
        + recipients * AGE_X25519_STANZA
        + AGE_GREASE_ROOM
        + AGE_MAC_LINE
        + AGE_PAYLOAD_NONCE
        + plaintext_len
        + AGE_TAG
}

/// Where the age file inside a padded seal ends (after the header's MAC line, the nonce, a
/// `plaintext_len`-byte chunk and its tag), if padding follows it. Header lines other than
/// the MAC line start with `->` or hold base64, so the first line starting `--- ` is it.
fn padded_age_end(sealed: &[u8], plaintext_len: usize) -> Option<usize> {
    let mac_line = sealed.windows(5).position(|w| w == b"\n--- ")? + 1;
    let header_end = mac_line + sealed[mac_line..].iter().position(|&b| b == b'\n')? + 1;
    let end = header_end + AGE_PAYLOAD_NONCE + plaintext_len + AGE_TAG;
    (end < sealed.len()).then_some(end)
}

/// Seals like [`seal_to`], then pads the age file with zero bytes to a length that depends
/// only on the number of recipients and the plaintext's length: age's random grease stanza
/// would otherwise vary it. Open with [`AccountSecrets::open_padded`]. A plaintext of a
/// chunk or more, or an age file longer than the padded length, is an error, never stored
/// unpadded.
pub(crate) fn seal_padded_to(recipients: &[&str], plaintext: &[u8]) -> Result<Vec<u8>> {
    if plaintext.len() >= AGE_CHUNK {
        return Err(Error::Crypto(format!(
            "{} bytes are too many to seal padded (at most {})",
            plaintext.len(),
            AGE_CHUNK - 1
        )));
    }
    let mut sealed = seal_to(recipients, plaintext)?;
    let len = padded_seal_len(recipients.len(), plaintext.len());
    if sealed.len() > len {
        return Err(Error::Crypto(format!(
            "age wrote {} bytes where at most {len} fit the padded length; nothing was sealed",
            sealed.len()
        )));
    }
    sealed.resize(len, 0);
    Ok(sealed)
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
    use std::collections::BTreeSet;

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
    fn padded_seals_have_one_length_per_recipient_count_and_open() {
        let (alice, bob, carol) = (
            AccountSecrets::generate(),
            AccountSecrets::generate(),
            AccountSecrets::generate(),
        );
        let (a, b) = (alice.public().x25519, bob.public().x25519);
        let plaintext = [7u8; 1024];
        let plain: BTreeSet<usize> = (0..100)
            .map(|_| seal_to(&[&a], &plaintext).unwrap().len())
            .collect();
        assert!(plain.len() > 1, "age's grease varies a plain seal's length");
        for recipients in [vec![a.as_str()], vec![a.as_str(), b.as_str()]] {
            let lengths: BTreeSet<usize> = (0..200)
                .map(|_| {
                    let sealed = seal_padded_to(&recipients, &plaintext).unwrap();
                    assert_eq!(alice.open_padded(&sealed, 1024).unwrap()[..], plaintext);
                    assert!(carol.open_padded(&sealed, 1024).is_err());
                    sealed.len()
                })
                .collect();
            assert_eq!(
                lengths,
                BTreeSet::from([padded_seal_len(recipients.len(), 1024)])
            );
        }
    }

    #[test]
    fn open_padded_opens_a_plain_age_file_and_refuses_bytes_after_the_padding() {
        let alice = AccountSecrets::generate();
        let a = alice.public().x25519;
        let plain = seal_to(&[&a], b"short").unwrap();
        assert_eq!(
            alice.open_padded(&plain, 1024).unwrap().as_slice(),
            b"short"
        );
        let mut padded = seal_padded_to(&[&a], &[1u8; 1024]).unwrap();
        let last = padded.len() - 1;
        padded[last] = 1;
        assert!(alice.open_padded(&padded, 1024).is_err());
        // The length given must be the one sealed.
        padded[last] = 0;
        assert!(alice.open_padded(&padded, 1000).is_err());
        assert!(alice.open_padded(&padded, 1024).is_ok());
    }

    #[test]
    fn a_plaintext_of_a_whole_chunk_is_not_sealed_padded() {
        let a = AccountSecrets::generate().public().x25519;
        assert!(seal_padded_to(&[&a], &vec![0u8; AGE_CHUNK]).is_err());
    }

    #[test]
    fn secrets_round_trip_through_plaintext_form() {
        let alice = AccountSecrets::generate();
        let back = AccountSecrets::from_plaintext(&alice.to_plaintext()).unwrap();
        assert_eq!(back.public(), alice.public());
        assert_eq!(format!("{back:?}"), "[redacted]");
    }
}
