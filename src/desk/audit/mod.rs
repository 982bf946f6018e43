//! Appending to the audit chain and verifying it. Integrity rests on private keys, not on
//! the master key (DESIGN.md): `verify` trusts nothing a holder of the master key could
//! write. It replays the chain from its first entry, learning from the account facts which
//! key may sign for whom and when; checks every hash, link and signature (in batches);
//! re-hashes every live audited row against the hash its last entry recorded; and treats
//! the `accounts` and `account_keys` tables as a cache that must agree with the chain.

use std::collections::{BTreeMap, HashMap};

use ed25519_dalek::{Signature, VerifyingKey};
use serde::Serialize;

mod chain;
mod log;
mod rows;

use super::{Error, Progress, Result, Session, Steps, Unwatched};
use crate::domain::audit::{AuditEntry, AuditFields, Facts, GENESIS};
use crate::domain::text::sanitize;
use crate::domain::{Role, Roles};
use crate::policy::{self, Action};
use crate::store::Db;
use crate::store::records::{
    AUDITED_TABLES, AuditedTable, ChainItem, KeyValue, LiveRow, Record, RecordsDigest,
};
use crate::vault::{AccountPublic, AccountSecrets, verify_signature};
use chain::{ChainAccount, ChainAccounts, Replay, Writers};
use rows::{check_account_cache, check_row};

pub use log::{AuditFilter, AuditKind, AuditLine, AuditLogPage};

/// A point in the chain to record elsewhere; a later log must still contain it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditCheckpoint {
    pub seq: i64,
    pub hash: String,
}

impl std::str::FromStr for AuditCheckpoint {
    type Err = String;

    /// `SEQ:HASH`, as `audit head` prints it (the hash in either case).
    fn from_str(text: &str) -> std::result::Result<Self, String> {
        let (seq, hash) = text
            .split_once(':')
            .ok_or_else(|| "expected SEQ:HASH, as printed by `steady audit head`".to_string())?;
        let seq: i64 = seq
            .trim()
            .parse()
            .map_err(|_| format!("'{}' is not a sequence number", sanitize(seq.trim())))?;
        let hash = hash.trim().to_ascii_lowercase();
        if hash.len() != 64 || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err("the hash must be 64 hexadecimal digits".into());
        }
        Ok(AuditCheckpoint { seq, hash })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditReport {
    /// Entries whose hash, link and signature were checked.
    pub verified: i64,
    /// Live rows re-hashed against the hash their last entry recorded.
    pub rows_checked: u64,
    /// With `--since`: the checkpoint trusted, everything after it checked.
    pub since: Option<i64>,
    pub head: Option<AuditCheckpoint>,
}

/// One entry to append: what it says, and the account facts it asserts, if any.
pub(super) struct NewEntry<'a> {
    pub action: &'a str,
    pub subject: &'a str,
    pub detail: &'a str,
    pub facts: Option<&'a Facts>,
}

/// Appends an entry signed by `secrets`, recording every audited row this transaction has
/// changed so far (see `store::records`).
pub(super) fn append(
    db: &Db<'_>,
    at: &str,
    actor: &str,
    secrets: &AccountSecrets,
    new: &NewEntry<'_>,
) -> Result<()> {
    let (prev_seq, prev_hash) = db.audit_head()?.unwrap_or_else(|| (0, GENESIS.to_string()));
    let seq = prev_seq + 1;
    let records = db.record_pending(seq)?;
    let facts = new.facts.map(Facts::to_json).unwrap_or_default();
    let signer = secrets.public().ed25519;
    let fields = AuditFields {
        seq,
        at,
        actor,
        action: new.action,
        subject: new.subject,
        detail: new.detail,
        signer: &signer,
        prev_hash: &prev_hash,
        records: &records,
        facts: &facts,
    };
    let hash = fields.hash();
    let signature = secrets.sign(hash.as_bytes());
    db.insert_audit(&AuditEntry {
        seq,
        at: at.to_string(),
        actor: actor.to_string(),
        action: new.action.to_string(),
        subject: new.subject.to_string(),
        detail: new.detail.to_string(),
        signer,
        prev_hash,
        hash,
        signature,
        records,
        facts,
    })?;
    Ok(())
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

    /// Replays the whole chain from its first entry and re-hashes every audited row;
    /// optionally also checks that a checkpoint recorded earlier is still part of the log.
    pub fn verify_audit(&self, checkpoint: Option<&AuditCheckpoint>) -> Result<AuditReport> {
        self.verify_audit_watched(checkpoint, &mut Unwatched)
    }

    /// As [`Session::verify_audit`], reporting how far it has got to `progress`.
    pub fn verify_audit_watched(
        &self,
        checkpoint: Option<&AuditCheckpoint>,
        progress: &mut dyn Progress,
    ) -> Result<AuditReport> {
        self.require_audit()?;
        let db = self.store.db();
        let mut replay = Replay {
            accounts: ChainAccounts::new(&self.keyring.vault_id),
            checkpoint,
            checkpoint_seen: false,
            expected_seq: 1,
            prev_hash: GENESIS.to_string(),
            writers: Writers::starting_at(1),
        };
        replay.run(&db, 0, progress, |_| ())?;
        if let Some(cp) = checkpoint
            && !replay.checkpoint_seen
        {
            return Err(Error::AuditBroken {
                seq: cp.seq,
                reason: "the recorded checkpoint is no longer in the log (it was truncated)".into(),
            });
        }
        let mut total_rows = 0;
        for table in AUDITED_TABLES {
            total_rows += db.count_audited_rows(table)?;
        }
        progress.stage("Re-hashing the audited rows", total_rows, Steps::Items);
        let mut rows_checked = 0u64;
        for table in AUDITED_TABLES {
            let mut found = None;
            db.join_live_and_recorded(table, |k1, k2, live, recorded| {
                rows_checked += u64::from(live.is_some());
                if rows_checked.is_multiple_of(4096) {
                    progress.advance(rows_checked.min(total_rows));
                }
                found = check_row(
                    table,
                    k1,
                    k2,
                    live.as_ref(),
                    recorded,
                    &replay.writers,
                    &replay.accounts,
                );
                found.is_none()
            })?;
            if let Some(what) = found {
                return Err(Error::RecordTampered(what));
            }
        }
        progress.advance(rows_checked.min(total_rows));
        check_account_cache(&db, &replay.accounts)?;
        Ok(report(
            replay.expected_seq - 1,
            rows_checked,
            None,
            replay.prev_hash,
        ))
    }

    /// Trusts `checkpoint` (recorded earlier with `audit head`, after a full verify) and
    /// checks only what came after it: the entries, and the rows they wrote. Which keys may
    /// sign is still learnt from the account entries since the first one (each checked
    /// against its own hash and signature). A silent edit of a row last written before the
    /// checkpoint is found by the full verify, not by this one.
    pub fn verify_audit_since(&self, checkpoint: &AuditCheckpoint) -> Result<AuditReport> {
        self.verify_audit_since_watched(checkpoint, &mut Unwatched)
    }

    /// As [`Session::verify_audit_since`], reporting how far it has got to `progress`.
    pub fn verify_audit_since_watched(
        &self,
        checkpoint: &AuditCheckpoint,
        progress: &mut dyn Progress,
    ) -> Result<AuditReport> {
        self.require_audit()?;
        let db = self.store.db();
        let trusted = db
            .audit_entry(checkpoint.seq)?
            .filter(|e| e.hash == checkpoint.hash && e.fields().hash() == e.hash)
            .ok_or_else(|| Error::AuditBroken {
                seq: checkpoint.seq,
                reason: "the recorded checkpoint is no longer in the log as it was".into(),
            })?;
        let mut accounts = ChainAccounts::new(&self.keyring.vault_id);
        for entry in db.account_fact_entries(checkpoint.seq)? {
            let reason = if entry.fields().hash() != entry.hash {
                Some("its content was changed after it was written".to_string())
            } else {
                match accounts.admit(&entry) {
                    Ok(key) if verify_signature(&key, entry.hash.as_bytes(), &entry.signature) => {
                        None
                    }
                    Ok(_) => Some("its signature does not match".to_string()),
                    Err(reason) => Some(reason),
                }
            };
            if let Some(reason) = reason {
                return Err(Error::AuditBroken {
                    seq: entry.seq,
                    reason,
                });
            }
        }
        let mut replay = Replay {
            accounts,
            checkpoint: None,
            checkpoint_seen: false,
            expected_seq: trusted.seq + 1,
            prev_hash: trusted.hash,
            writers: Writers::starting_at(trusted.seq + 1),
        };
        let mut latest: HashMap<(i64, KeyText, KeyText), Record> = HashMap::new();
        replay.run(&db, checkpoint.seq, progress, |r| {
            latest.insert((r.tbl, KeyText::of(&r.k1), KeyText::of(&r.k2)), r.clone());
        })?;
        let mut touched: Vec<Record> = latest.into_values().collect();
        touched.sort_by_key(|r| r.seq);
        for record in &touched {
            let Some(table) = AuditedTable::by_code(record.tbl) else {
                continue;
            };
            let live = db.live_row(table, &record.k1, &record.k2)?;
            if let Some(what) = check_row(
                table,
                &record.k1,
                &record.k2,
                live.as_ref(),
                Some(record),
                &replay.writers,
                &replay.accounts,
            ) {
                return Err(Error::RecordTampered(what));
            }
        }
        check_account_cache(&db, &replay.accounts)?;
        let rows = touched.iter().filter(|r| !r.hash.is_empty()).count() as u64;
        Ok(report(
            replay.expected_seq - 1 - checkpoint.seq,
            rows,
            Some(checkpoint.seq),
            replay.prev_hash,
        ))
    }

    /// The accounts the verified chain says exist, replayed from the first entry (every
    /// link and signature checked): what `rekey` seals the new master key to.
    pub(super) fn verified_accounts(&self) -> Result<BTreeMap<String, ChainAccount>> {
        let db = self.store.db();
        let mut replay = Replay {
            accounts: ChainAccounts::new(&self.keyring.vault_id),
            checkpoint: None,
            checkpoint_seen: false,
            expected_seq: 1,
            prev_hash: GENESIS.to_string(),
            writers: Writers::starting_at(1),
        };
        replay.run(&db, 0, &mut Unwatched, |_| ())?;
        Ok(replay.accounts.accounts)
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

fn report(verified: i64, rows_checked: u64, since: Option<i64>, head_hash: String) -> AuditReport {
    AuditReport {
        verified,
        rows_checked,
        since,
        head: None,
    }
    .with_head(head_hash)
}

impl AuditReport {
    fn with_head(mut self, hash: String) -> Self {
        let seq = self.verified + self.since.unwrap_or(0);
        self.head = (seq > 0).then_some(AuditCheckpoint { seq, hash });
        self
    }
}

/// A key value as a hashable map key.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum KeyText {
    Int(i64),
    Text(String),
    Other(Vec<u8>),
}

impl KeyText {
    fn of(v: &KeyValue) -> Self {
        match v {
            KeyValue::Integer(i) => KeyText::Int(*i),
            KeyValue::Text(t) => KeyText::Text(t.clone()),
            KeyValue::Blob(b) => KeyText::Other(b.clone()),
            KeyValue::Real(r) => KeyText::Other(r.to_bits().to_be_bytes().to_vec()),
            KeyValue::Null => KeyText::Other(Vec::new()),
        }
    }
}
