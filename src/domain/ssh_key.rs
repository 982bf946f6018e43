//! OpenSSH public keys as a person hands them over (`TYPE BASE64 COMMENT`, a `.pub` file):
//! parsing, checking the key blob really is a key of its type, and the SHA256 fingerprint.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use sha2::{Digest, Sha256};

use super::text::sanitize;

/// The longest comment kept (OpenSSH puts `user@host` there; anything longer is cut).
const MAX_COMMENT_CHARS: usize = 200;
/// RSA keys shorter than this are refused (OpenSSH's own floor since 8.8 is 1024; NIST's 2048).
const MIN_RSA_BITS: usize = 2048;

/// A parsed, checked public key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SshPublicKey {
    pub key_type: String,
    /// The decoded key blob (what the fingerprint hashes).
    pub blob: Vec<u8>,
    pub comment: String,
}

impl SshPublicKey {
    /// `SHA256:` and the unpadded base64 of SHA-256 over the blob, as `ssh-keygen -l` prints.
    pub fn fingerprint(&self) -> String {
        fingerprint_of(&self.blob)
    }

    /// The blob as it appears in a `.pub` file and in sshd's `%k`.
    pub fn base64(&self) -> String {
        STANDARD.encode(&self.blob)
    }

    /// Parses the text of a public key file: one key line, blank lines and `#` comments
    /// around it allowed. The reason for a refusal is one sentence, safe to print.
    pub fn parse(text: &str) -> Result<Self, String> {
        if text.contains("PRIVATE KEY") {
            return Err(
                "this is a private key; give the public key (the .pub file) and keep the private one to yourself"
                    .into(),
            );
        }
        let mut lines = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'));
        let Some(line) = lines.next() else {
            return Err(
                "no public key found (expected a line like `ssh-ed25519 AAAA… comment`)".into(),
            );
        };
        if lines.next().is_some() {
            return Err("more than one key line; add one key at a time".into());
        }
        let mut parts = line.splitn(3, [' ', '\t']);
        let key_type = parts.next().unwrap_or_default();
        let encoded = parts.next().unwrap_or_default().trim();
        let comment = parts.next().unwrap_or_default().trim();
        check_type(key_type)?;
        if encoded.is_empty() {
            return Err(format!(
                "the {} key has no key data after its type",
                sanitize(key_type)
            ));
        }
        let blob = STANDARD
            .decode(encoded)
            .map_err(|_| "the key data is not valid base64".to_string())?;
        check_blob(key_type, &blob)?;
        Ok(Self {
            key_type: key_type.to_string(),
            blob,
            comment: comment.chars().take(MAX_COMMENT_CHARS).collect(),
        })
    }

    /// The key as sshd presents it to `AuthorizedKeysCommand` (`%t` and `%k`), checked the
    /// same way as a key being added.
    pub fn from_presented(key_type: &str, encoded: &str) -> Result<Self, String> {
        check_type(key_type)?;
        let blob = STANDARD
            .decode(encoded)
            .map_err(|_| "the key data is not valid base64".to_string())?;
        check_blob(key_type, &blob)?;
        Ok(Self {
            key_type: key_type.to_string(),
            blob,
            comment: String::new(),
        })
    }
}

/// The fingerprint of a key blob.
pub fn fingerprint_of(blob: &[u8]) -> String {
    format!("SHA256:{}", STANDARD_NO_PAD.encode(Sha256::digest(blob)))
}

/// The key types steady accepts: what current OpenSSH offers by default, hardware keys too.
pub const SUPPORTED_TYPES: [&str; 7] = [
    "ssh-ed25519",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "ssh-rsa",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
];

fn check_type(key_type: &str) -> Result<(), String> {
    if SUPPORTED_TYPES.contains(&key_type) {
        return Ok(());
    }
    let shown = sanitize(key_type);
    Err(if key_type == "ssh-dss" {
        "DSA keys (ssh-dss) are not supported: OpenSSH no longer accepts them; make an Ed25519 key with `ssh-keygen -t ed25519`".into()
    } else if key_type.contains("-cert-") {
        format!("{shown} is a certificate; give the plain public key instead")
    } else if key_type.is_empty() {
        "no key type (expected a line like `ssh-ed25519 AAAA… comment`)".into()
    } else {
        format!(
            "unsupported key type '{shown}' (supported: {})",
            SUPPORTED_TYPES.join(", ")
        )
    })
}

/// Reads SSH wire-format strings (`u32` length, then bytes) from a blob.
struct Wire<'a>(&'a [u8]);

impl<'a> Wire<'a> {
    fn string(&mut self) -> Result<&'a [u8], String> {
        let damaged = || "the key data is damaged (cut short)".to_string();
        let (len, rest) = self.0.split_first_chunk::<4>().ok_or_else(damaged)?;
        let len = u32::from_be_bytes(*len) as usize;
        if rest.len() < len {
            return Err(damaged());
        }
        let (value, rest) = rest.split_at(len);
        self.0 = rest;
        Ok(value)
    }

    fn finish(&self) -> Result<(), String> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err("the key data has bytes after the key".into())
        }
    }
}

/// The blob must name the same type as the line and hold a key of the right shape.
fn check_blob(key_type: &str, blob: &[u8]) -> Result<(), String> {
    let mut wire = Wire(blob);
    let inner = wire.string()?;
    if inner != key_type.as_bytes() {
        return Err(format!(
            "the key data is a {} key, not {}",
            sanitize(&String::from_utf8_lossy(inner)),
            sanitize(key_type)
        ));
    }
    let wrong_size = || format!("the {key_type} key has the wrong size");
    match key_type {
        "ssh-ed25519" | "sk-ssh-ed25519@openssh.com" => {
            if wire.string()?.len() != 32 {
                return Err(wrong_size());
            }
        }
        "ssh-rsa" => {
            let exponent = wire.string()?;
            let modulus = wire.string()?;
            if exponent.is_empty() || modulus.is_empty() {
                return Err(wrong_size());
            }
            let leading = modulus.iter().take_while(|b| **b == 0).count();
            let significant = &modulus[leading..];
            let bits = significant
                .first()
                .map_or(0, |b| significant.len() * 8 - b.leading_zeros() as usize);
            if bits < MIN_RSA_BITS {
                return Err(format!(
                    "this RSA key has {bits} bits; at least {MIN_RSA_BITS} are needed (an Ed25519 key is better: `ssh-keygen -t ed25519`)"
                ));
            }
        }
        _ => {
            // ECDSA, plain or hardware: curve name, then an uncompressed point.
            let curve = wire.string()?;
            let expected: &[u8] = match key_type {
                "ecdsa-sha2-nistp384" => b"nistp384",
                "ecdsa-sha2-nistp521" => b"nistp521",
                _ => b"nistp256",
            };
            let point_len = match expected {
                b"nistp384" => 97,
                b"nistp521" => 133,
                _ => 65,
            };
            if curve != expected {
                return Err(format!("the {key_type} key names another curve"));
            }
            let point = wire.string()?;
            if point.len() != point_len || point.first() != Some(&4) {
                return Err(wrong_size());
            }
        }
    }
    if key_type.starts_with("sk-") {
        // The application string hardware keys carry (`ssh:` by default).
        wire.string()?;
    }
    wire.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Made with `ssh-keygen -t ed25519 -C alice@laptop`; `ssh-keygen -lf` printed the
    /// fingerprint the test expects.
    const ED25519: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGmz/LLOf7xJoad60LBCcThcLCbk11wTKVtvLxn3AUCj alice@laptop\n";

    fn wire(parts: &[&[u8]]) -> String {
        let mut blob = Vec::new();
        for part in parts {
            blob.extend((part.len() as u32).to_be_bytes());
            blob.extend(*part);
        }
        STANDARD.encode(blob)
    }

    #[test]
    fn an_ed25519_key_parses_with_its_comment_and_fingerprint() {
        let key = SshPublicKey::parse(ED25519).unwrap();
        assert_eq!(key.key_type, "ssh-ed25519");
        assert_eq!(key.comment, "alice@laptop");
        assert_eq!(
            key.base64(),
            "AAAAC3NzaC1lZDI1NTE5AAAAIGmz/LLOf7xJoad60LBCcThcLCbk11wTKVtvLxn3AUCj"
        );
        assert_eq!(
            key.fingerprint(),
            "SHA256:MQGMab9PNeks4A61Kcrdl6m6lIeMB64ljFDDaA+l0OM"
        );
        let presented = SshPublicKey::from_presented("ssh-ed25519", &key.base64()).unwrap();
        assert_eq!(presented.fingerprint(), key.fingerprint());
    }

    #[test]
    fn the_fingerprint_is_openssh_s() {
        // Vector: SHA-256 of the bytes "abc" is ba7816bf…; unpadded base64 of that digest.
        assert_eq!(
            fingerprint_of(b"abc"),
            "SHA256:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0"
        );
    }

    #[test]
    fn bad_keys_are_refused_with_a_reason() {
        let cases: &[(&str, &str)] = &[
            ("", "no public key"),
            ("-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n", "private key"),
            ("ssh-dss AAAAB3NzaC1kc3M= x", "DSA"),
            ("ssh-ed25519-cert-v01@openssh.com AAAA x", "certificate"),
            ("ssh-foo AAAA x", "unsupported key type"),
            ("ssh-ed25519", "no key data"),
            ("ssh-ed25519 !!!! x", "not valid base64"),
            ("ssh-ed25519 AAAA x", "damaged"),
        ];
        for (text, reason) in cases {
            let e = SshPublicKey::parse(text).unwrap_err();
            assert!(e.contains(reason), "{text:?}: {e}");
        }
        let two = format!("{ED25519}{ED25519}");
        assert!(
            SshPublicKey::parse(&two)
                .unwrap_err()
                .contains("more than one")
        );
        let rsa_as_ed = format!("ssh-ed25519 {}", wire(&[b"ssh-rsa", &[1], &[1; 256]]));
        assert!(
            SshPublicKey::parse(&rsa_as_ed)
                .unwrap_err()
                .contains("not ssh-ed25519")
        );
        let short = format!("ssh-ed25519 {}", wire(&[b"ssh-ed25519", &[7; 31]]));
        assert!(
            SshPublicKey::parse(&short)
                .unwrap_err()
                .contains("wrong size")
        );
        let trailing = format!("ssh-ed25519 {}", wire(&[b"ssh-ed25519", &[7; 32], b"x"]));
        assert!(
            SshPublicKey::parse(&trailing)
                .unwrap_err()
                .contains("after the key")
        );
    }

    #[test]
    fn rsa_needs_2048_bits_and_ecdsa_its_own_curve() {
        let mut modulus = vec![0u8];
        modulus.extend([0xc5; 256]);
        let good = format!("ssh-rsa {} me", wire(&[b"ssh-rsa", &[1, 0, 1], &modulus]));
        SshPublicKey::parse(&good).unwrap();
        let weak = format!(
            "ssh-rsa {} me",
            wire(&[b"ssh-rsa", &[1, 0, 1], &[0xc5; 128]])
        );
        assert!(
            SshPublicKey::parse(&weak)
                .unwrap_err()
                .contains("1024 bits")
        );
        let mut point = vec![4u8];
        point.extend([9; 64]);
        let ec = format!(
            "ecdsa-sha2-nistp256 {}",
            wire(&[b"ecdsa-sha2-nistp256", b"nistp256", &point])
        );
        SshPublicKey::parse(&ec).unwrap();
        let wrong_curve = format!(
            "ecdsa-sha2-nistp256 {}",
            wire(&[b"ecdsa-sha2-nistp256", b"nistp384", &point])
        );
        assert!(
            SshPublicKey::parse(&wrong_curve)
                .unwrap_err()
                .contains("another curve")
        );
        let sk = format!(
            "sk-ssh-ed25519@openssh.com {}",
            wire(&[b"sk-ssh-ed25519@openssh.com", &[3; 32], b"ssh:"])
        );
        SshPublicKey::parse(&sk).unwrap();
    }

    #[test]
    fn a_hostile_comment_is_kept_but_cut_to_length() {
        let text = format!(
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGmz/LLOf7xJoad60LBCcThcLCbk11wTKVtvLxn3AUCj \u{1b}[2J{}",
            "x".repeat(500)
        );
        let key = SshPublicKey::parse(&text).unwrap();
        assert_eq!(key.comment.chars().count(), MAX_COMMENT_CHARS);
        assert!(
            key.comment.starts_with('\u{1b}'),
            "kept; sanitised when shown"
        );
    }
}
