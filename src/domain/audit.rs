//! The audit chain's hashing: each entry's hash covers its fields and the previous hash,
//! so editing, deleting or reordering any entry breaks every hash after it. An entry also
//! covers the digest of the rows its write produced (`records`) and, where it changes an
//! account, the account facts (`facts`) from which `audit verify` alone decides which key
//! may sign for whom (see DESIGN.md, "Integrity rests on private keys").

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::vault::AccountPublic;

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
    /// SHA-256 (hex) over the hashes of the row versions this entry's write produced, in
    /// key order; empty when it wrote none (see `store::records`).
    pub records: String,
    /// The account facts this entry asserts, as JSON ([`Facts`]); empty for most entries.
    pub facts: String,
}

/// What an entry says about an account. `audit verify` replays these from the first entry
/// to know, at every point, each account's roles and which keys may sign for it; the
/// `accounts` and `account_keys` tables are only a cache it checks against them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Facts {
    /// An account enters the vault (the first admin at `vault.init`, others at
    /// `account.add`, signed by an admin): its roles, person and first keys.
    Enrol {
        login: String,
        roles: String,
        person: Option<String>,
        must_change: bool,
        disabled: bool,
        /// None for a system account that never signs (the generator's author).
        keys: Option<AccountPublic>,
    },
    /// The account's own new keys, chosen at its first login. The entry is signed with the
    /// new key; `vouch` is the enrolled key's signature over [`Facts::vouch_message`], so
    /// only whoever could open the enrolled slot can name the keys that replace it.
    Rekeyed {
        login: String,
        keys: AccountPublic,
        vouch: String,
    },
    /// Disabled by an admin: it holds no key from here on.
    Disabled { login: String },
    /// An admin changed the account's roles (its keys are unchanged).
    Roles { login: String, roles: String },
    /// An admin reset a forgotten passphrase: the account's keys are replaced by these, the
    /// admin's, until the person chooses their own at their next login ([`Facts::Rekeyed`]).
    Reset { login: String, keys: AccountPublic },
}

impl Facts {
    pub fn login(&self) -> &str {
        match self {
            Facts::Enrol { login, .. }
            | Facts::Rekeyed { login, .. }
            | Facts::Disabled { login }
            | Facts::Roles { login, .. }
            | Facts::Reset { login, .. } => login,
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// What an account's enrolled key signs to hand over to its new keys: tied to the vault,
    /// the login and both new public keys.
    pub fn vouch_message(vault_id: &str, login: &str, keys: &AccountPublic) -> Vec<u8> {
        let mut message = b"steady account keys v1".to_vec();
        for part in [vault_id, login, keys.x25519.as_str(), keys.ed25519.as_str()] {
            message.extend_from_slice(&(part.len() as u64).to_be_bytes());
            message.extend_from_slice(part.as_bytes());
        }
        message
    }
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
    pub records: &'a str,
    pub facts: &'a str,
}

impl AuditFields<'_> {
    /// The hash entries had before they carried records and facts (steady before
    /// 2026-12): recognised only to say plainly that such a log predates key provenance.
    pub fn hash_v1(&self) -> String {
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

    /// SHA-256 over length-prefixed fields (so no two field lists share an encoding), hex.
    pub fn hash(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(b"steady audit v2");
        hasher.update(self.seq.to_be_bytes());
        for field in [
            self.at,
            self.actor,
            self.action,
            self.subject,
            self.detail,
            self.signer,
            self.prev_hash,
            self.records,
            self.facts,
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
            records: &self.records,
            facts: &self.facts,
        }
    }

    /// The account facts this entry asserts; `Err` when the field is not valid facts.
    pub fn parsed_facts(&self) -> Result<Option<Facts>, String> {
        if self.facts.is_empty() {
            return Ok(None);
        }
        serde_json::from_str(&self.facts)
            .map(Some)
            .map_err(|e| format!("its account facts are malformed ({e})"))
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
            records: "",
            facts: "",
        }
    }

    #[test]
    fn the_hash_covers_every_field_and_the_previous_hash() {
        let base = fields("x", GENESIS).hash();
        assert_eq!(base, fields("x", GENESIS).hash());
        assert_ne!(base, fields("y", GENESIS).hash());
        assert_ne!(base, fields("x", &"1".repeat(64)).hash());
        let mut with_records = fields("x", GENESIS);
        with_records.records = "ab";
        assert_ne!(base, with_records.hash());
        let mut with_facts = fields("x", GENESIS);
        with_facts.facts = "{}";
        assert_ne!(base, with_facts.hash());
        // Moving a byte between adjacent fields changes the hash.
        let mut shifted = fields("x", GENESIS);
        shifted.subject = "E";
        shifted.detail = "1x";
        assert_ne!(base, shifted.hash());
    }
}
