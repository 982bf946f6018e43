//! Appending to the audit chain and verifying it: hashes, sequence, signatures.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::{Error, Result, Session};
use crate::domain::audit::{AuditEntry, AuditFields, GENESIS};
use crate::policy::{self, Action};
use crate::store::Db;
use crate::vault::{AccountSecrets, verify_signature};

/// A point in the chain to record elsewhere; a later log must still contain it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditCheckpoint {
    pub seq: i64,
    pub hash: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditReport {
    pub verified: i64,
    pub head: Option<AuditCheckpoint>,
}

pub(super) fn append(
    db: &Db<'_>,
    at: &str,
    actor: &str,
    secrets: &AccountSecrets,
    action: &str,
    subject: &str,
    detail: &str,
) -> Result<()> {
    let (prev_seq, prev_hash) = db.audit_head()?.unwrap_or_else(|| (0, GENESIS.to_string()));
    let at = at.to_string();
    let signer = secrets.public().ed25519;
    let fields = AuditFields {
        seq: prev_seq + 1,
        at: &at,
        actor,
        action,
        subject,
        detail,
        signer: &signer,
        prev_hash: &prev_hash,
    };
    let hash = fields.hash();
    let signature = secrets.sign(hash.as_bytes());
    db.insert_audit(&AuditEntry {
        seq: prev_seq + 1,
        at,
        actor: actor.to_string(),
        action: action.to_string(),
        subject: subject.to_string(),
        detail: detail.to_string(),
        signer,
        prev_hash,
        hash,
        signature,
    })?;
    Ok(())
}

/// Checks one entry against its predecessor; returns why it is bad, if it is.
fn check_entry(
    entry: &AuditEntry,
    expected_seq: i64,
    prev_hash: &str,
    keys: &HashMap<String, HashSet<String>>,
) -> Option<String> {
    if entry.seq != expected_seq {
        return Some(format!(
            "expected entry {expected_seq} next but found {} (entries are missing)",
            entry.seq
        ));
    }
    if entry.prev_hash != prev_hash {
        return Some("it does not follow from the entry before it".into());
    }
    if entry.fields().hash() != entry.hash {
        return Some("its content was changed after it was written".into());
    }
    if !keys
        .get(&entry.actor)
        .is_some_and(|k| k.contains(&entry.signer))
    {
        return Some(format!(
            "it is signed with a key {} never held",
            entry.actor
        ));
    }
    if !verify_signature(&entry.signer, entry.hash.as_bytes(), &entry.signature) {
        return Some("its signature does not match".into());
    }
    None
}

impl Session {
    fn require_audit(&self) -> Result<()> {
        if policy::permits_vault_wide(&self.account.roles, Action::ViewAudit) {
            Ok(())
        } else {
            Err(Error::Denied(format!(
                "the audit log needs the admin role; {} has {}",
                self.account.login, self.account.roles
            )))
        }
    }

    /// Replays the whole chain, checking sequence, hashes and signatures, and optionally
    /// that a checkpoint recorded earlier is still part of it (catching truncation).
    pub fn verify_audit(&self, checkpoint: Option<&AuditCheckpoint>) -> Result<AuditReport> {
        self.require_audit()?;
        let db = self.store.db();
        let mut keys: HashMap<String, HashSet<String>> = HashMap::new();
        for (login, key) in db.all_signing_keys()? {
            keys.entry(login).or_default().insert(key);
        }
        let mut expected_seq = 1;
        let mut prev_hash = GENESIS.to_string();
        let mut broken: Option<(i64, String)> = None;
        let mut checkpoint_seen = false;
        db.for_each_audit_entry(|entry| {
            if let Some(reason) = check_entry(&entry, expected_seq, &prev_hash, &keys) {
                broken = Some((expected_seq.min(entry.seq), reason));
                return false;
            }
            if let Some(cp) = checkpoint
                && cp.seq == entry.seq
            {
                if cp.hash != entry.hash {
                    broken = Some((entry.seq, "it differs from the recorded checkpoint".into()));
                    return false;
                }
                checkpoint_seen = true;
            }
            expected_seq += 1;
            prev_hash = entry.hash;
            true
        })?;
        if let Some((seq, reason)) = broken {
            return Err(Error::AuditBroken { seq, reason });
        }
        if let Some(cp) = checkpoint
            && !checkpoint_seen
        {
            return Err(Error::AuditBroken {
                seq: cp.seq,
                reason: "the recorded checkpoint is no longer in the log (it was truncated)".into(),
            });
        }
        let verified = expected_seq - 1;
        Ok(AuditReport {
            verified,
            head: (verified > 0).then_some(AuditCheckpoint {
                seq: verified,
                hash: prev_hash,
            }),
        })
    }

    pub fn audit_head(&self) -> Result<Option<AuditCheckpoint>> {
        self.require_audit()?;
        Ok(self
            .store
            .db()
            .audit_head()?
            .map(|(seq, hash)| AuditCheckpoint { seq, hash }))
    }

    /// The newest entries first.
    pub fn audit_entries(&self, limit: u32) -> Result<Vec<AuditEntry>> {
        self.require_audit()?;
        Ok(self.store.db().recent_audit(limit)?)
    }
}
