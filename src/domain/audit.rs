//! The audit chain's hashing: each entry's hash covers its fields and the previous hash,
//! so editing, deleting or reordering any entry breaks every hash after it.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
    /// Ed25519 public key (hex) of the actor at the time.
    pub signer: String,
    pub prev_hash: String,
    pub hash: String,
    pub signature: String,
}

/// The fields an entry's hash covers, in order.
pub struct AuditFields<'a> {
    pub seq: i64,
    pub at: &'a str,
    pub actor: &'a str,
    pub action: &'a str,
    pub subject: &'a str,
    pub detail: &'a str,
    pub signer: &'a str,
    pub prev_hash: &'a str,
}

impl AuditFields<'_> {
    /// SHA-256 over length-prefixed fields (so no two field lists share an encoding), hex.
    pub fn hash(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(b"steady audit v1");
        hasher.update(self.seq.to_be_bytes());
        for field in [
            self.at,
            self.actor,
            self.action,
            self.subject,
            self.detail,
            self.signer,
            self.prev_hash,
        ] {
            hasher.update((field.len() as u64).to_be_bytes());
            hasher.update(field.as_bytes());
        }
        hex::encode(hasher.finalize())
    }
}

impl AuditEntry {
    pub fn fields(&self) -> AuditFields<'_> {
        AuditFields {
            seq: self.seq,
            at: &self.at,
            actor: &self.actor,
            action: &self.action,
            subject: &self.subject,
            detail: &self.detail,
            signer: &self.signer,
            prev_hash: &self.prev_hash,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields<'a>(detail: &'a str, prev: &'a str) -> AuditFields<'a> {
        AuditFields {
            seq: 1,
            at: "2026-11-28T12:00:00Z",
            actor: "ana",
            action: "people.add",
            subject: "E1",
            detail,
            signer: "ab",
            prev_hash: prev,
        }
    }

    #[test]
    fn the_hash_covers_every_field_and_the_previous_hash() {
        let base = fields("x", GENESIS).hash();
        assert_eq!(base, fields("x", GENESIS).hash());
        assert_ne!(base, fields("y", GENESIS).hash());
        assert_ne!(base, fields("x", &"1".repeat(64)).hash());
        // Moving a byte between adjacent fields changes the hash.
        let mut shifted = fields("x", GENESIS);
        shifted.subject = "E";
        shifted.detail = "1x";
        assert_ne!(base, shifted.hash());
    }
}
