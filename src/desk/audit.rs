//! Appending to the audit chain and verifying it. Integrity rests on private keys, not on
//! the master key (DESIGN.md): `verify` trusts nothing a holder of the master key could
//! write. It replays the chain from its first entry, learning from the account facts which
//! key may sign for whom and when; checks every hash, link and signature (in batches);
//! re-hashes every live audited row against the hash its last entry recorded; and treats
//! the `accounts` and `account_keys` tables as a cache that must agree with the chain.

use std::collections::{BTreeMap, HashMap};

use ed25519_dalek::{Signature, VerifyingKey};
use serde::Serialize;

use super::{Error, Progress, Result, Session, Steps, Unwatched};
use crate::domain::audit::{AuditEntry, AuditFields, Facts, GENESIS};
use crate::domain::{Role, Roles};
use crate::policy::{self, Action};
use crate::store::Db;
use crate::store::records::{
    AUDITED_TABLES, AuditedTable, ChainItem, KeyValue, LiveRow, Record, RecordsDigest,
};
use crate::vault::{AccountPublic, AccountSecrets, verify_signature};

/// A point in the chain to record elsewhere; a later log must still contain it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditCheckpoint {
    pub seq: i64,
    pub hash: String,
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

/// An account as the chain alone describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct ChainAccount {
    pub roles: String,
    pub person: Option<String>,
    pub must_change: bool,
    pub disabled: bool,
    /// The key that signs for it now (None once disabled, or for a system account).
    pub current: Option<AccountPublic>,
    /// Every key it has held, oldest first.
    pub held: Vec<AccountPublic>,
}

impl ChainAccount {
    fn is_admin(&self) -> bool {
        !self.disabled
            && self
                .roles
                .parse::<Roles>()
                .is_ok_and(|r| r.contains(Role::Admin))
    }
}

/// The accounts the chain has enrolled so far, replayed entry by entry.
#[derive(Debug, Default)]
pub(super) struct ChainAccounts {
    vault_id: String,
    pub accounts: BTreeMap<String, ChainAccount>,
}

impl ChainAccounts {
    fn new(vault_id: &str) -> Self {
        Self {
            vault_id: vault_id.to_string(),
            accounts: BTreeMap::new(),
        }
    }

    /// Whether the key that signed `entry` may sign for its actor at this point, given the
    /// facts it asserts; applies those facts. Returns the key its signature must verify
    /// under, or why the entry is not acceptable.
    fn admit(&mut self, entry: &AuditEntry) -> std::result::Result<String, String> {
        let facts = entry.parsed_facts()?;
        if entry.seq == 1 {
            return self.admit_genesis(entry, facts);
        }
        let actor = self
            .accounts
            .get(&entry.actor)
            .ok_or_else(|| format!("{} has no account enrolled in the log", entry.actor))?;
        match facts {
            Some(Facts::Rekeyed { login, keys, vouch }) => {
                if login != entry.actor {
                    return Err(format!("{} named new keys for {login}", entry.actor));
                }
                let enrolled = actor
                    .current
                    .as_ref()
                    .filter(|_| !actor.disabled)
                    .ok_or_else(|| format!("{login} held no key to hand over"))?;
                let message = Facts::vouch_message(&self.vault_id, &login, &keys);
                if !verify_signature(&enrolled.ed25519, &message, &vouch) {
                    return Err(format!(
                        "the new keys of {login} are not vouched for by the key the log gave it"
                    ));
                }
                if entry.signer != keys.ed25519 {
                    return Err(format!("it is not signed with the new key of {login}"));
                }
                let account = self.accounts.get_mut(&login).ok_or("unreachable")?;
                account.held.push(keys.clone());
                account.current = Some(keys);
                account.must_change = false;
                Ok(entry.signer.clone())
            }
            other => {
                let key = actor
                    .current
                    .as_ref()
                    .filter(|k| !actor.disabled && k.ed25519 == entry.signer)
                    .ok_or_else(|| {
                        format!(
                            "it is signed with a key the log never gave {} (or no longer did)",
                            entry.actor
                        )
                    })?
                    .ed25519
                    .clone();
                if let Some(facts) = other {
                    if !actor.is_admin() {
                        return Err(format!(
                            "{} changed the account {} without the admin role",
                            entry.actor,
                            facts.login()
                        ));
                    }
                    self.apply_admin_facts(&entry.actor, facts)?;
                }
                Ok(key)
            }
        }
    }

    fn admit_genesis(
        &mut self,
        entry: &AuditEntry,
        facts: Option<Facts>,
    ) -> std::result::Result<String, String> {
        let beginning = "the log does not begin with the vault's creation naming its first admin's keys (a vault made before steady recorded key provenance, or a replaced beginning)";
        let Some(Facts::Enrol {
            login,
            roles,
            person,
            must_change,
            disabled: false,
            keys: Some(keys),
        }) = facts
        else {
            return Err(beginning.into());
        };
        if entry.action != "vault.init" || login != entry.actor || entry.signer != keys.ed25519 {
            return Err(beginning.into());
        }
        let account = ChainAccount {
            roles,
            person,
            must_change,
            disabled: false,
            current: Some(keys.clone()),
            held: vec![keys],
        };
        if !account.is_admin() {
            return Err(beginning.into());
        }
        self.accounts.insert(login, account);
        Ok(entry.signer.clone())
    }

    fn apply_admin_facts(&mut self, actor: &str, facts: Facts) -> std::result::Result<(), String> {
        match facts {
            Facts::Enrol {
                login,
                roles,
                person,
                must_change,
                disabled,
                keys,
            } => {
                if self.accounts.contains_key(&login) {
                    return Err(format!("it enrols {login} a second time"));
                }
                if keys.is_none() && !disabled {
                    return Err(format!("it enrols {login} without keys"));
                }
                self.accounts.insert(
                    login,
                    ChainAccount {
                        roles,
                        person,
                        must_change,
                        disabled,
                        current: keys.clone().filter(|_| !disabled),
                        held: keys.into_iter().collect(),
                    },
                );
                Ok(())
            }
            Facts::Disabled { login } => {
                if login == actor {
                    return Err(format!("{actor} disabled their own account"));
                }
                let account = self
                    .accounts
                    .get_mut(&login)
                    .ok_or_else(|| format!("it disables {login}, which the log never enrolled"))?;
                account.disabled = true;
                account.current = None;
                Ok(())
            }
            Facts::Rekeyed { login, .. } => Err(format!("{actor} named new keys for {login}")),
        }
    }
}

/// Signatures waiting to be checked together (ed25519 batch verification).
struct SignatureBatch {
    keys: HashMap<String, Option<VerifyingKey>>,
    waiting: Vec<(i64, VerifyingKey, String, Signature)>,
}

const BATCH: usize = 512;

impl SignatureBatch {
    fn new() -> Self {
        Self {
            keys: HashMap::new(),
            waiting: Vec::with_capacity(BATCH),
        }
    }

    /// Queues `entry`'s signature under `key`; checks the queue when it is full. Returns the
    /// first entry whose signature fails, if a check found one.
    fn push(&mut self, entry: &AuditEntry, key: &str) -> Option<i64> {
        let verifying = *self.keys.entry(key.to_string()).or_insert_with(|| {
            hex::decode(key)
                .ok()
                .and_then(|b| <[u8; 32]>::try_from(b).ok())
                .and_then(|b| VerifyingKey::from_bytes(&b).ok())
        });
        let signature = hex::decode(&entry.signature)
            .ok()
            .and_then(|b| <[u8; 64]>::try_from(b).ok())
            .map(|b| Signature::from_bytes(&b));
        let (Some(verifying), Some(signature)) = (verifying, signature) else {
            // Whatever is queued came earlier and may fail first.
            return self.flush().or(Some(entry.seq));
        };
        self.waiting
            .push((entry.seq, verifying, entry.hash.clone(), signature));
        if self.waiting.len() >= BATCH {
            self.flush()
        } else {
            None
        }
    }

    fn flush(&mut self) -> Option<i64> {
        let waiting = std::mem::take(&mut self.waiting);
        if waiting.is_empty() {
            return None;
        }
        let messages: Vec<&[u8]> = waiting.iter().map(|w| w.2.as_bytes()).collect();
        let signatures: Vec<Signature> = waiting.iter().map(|w| w.3).collect();
        let keys: Vec<VerifyingKey> = waiting.iter().map(|w| w.1).collect();
        if ed25519_dalek::verify_batch(&messages, &signatures, &keys).is_ok() {
            return None;
        }
        waiting
            .iter()
            .find(|(_, key, message, signature)| {
                key.verify_strict(message.as_bytes(), signature).is_err()
            })
            .map(|w| w.0)
    }
}

/// What verify says of a log written before entries carried row hashes and key facts.
const LEGACY: &str = "this vault's log was written by a steady from before key provenance and row hashes (2026-12), so it cannot be verified against private keys (a vault made with this steady can)";

/// Checks one entry's place in the chain and its own hash and records.
fn check_links(
    entry: &AuditEntry,
    records: &[Record],
    expected_seq: i64,
    prev_hash: &str,
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
        if entry.fields().hash_v1() == entry.hash {
            return Some(LEGACY.into());
        }
        return Some("its content was changed after it was written".into());
    }
    let mut digest = RecordsDigest::default();
    for r in records {
        digest.add(r);
    }
    if digest.finish() != entry.records {
        return Some("the row hashes it recorded were changed".into());
    }
    None
}

/// Replays the chain after `after` (whose hash is `prev_hash`), checking links, records,
/// keys and signatures. `touched` receives each record, for a `--since` check of rows.
struct Replay<'a> {
    accounts: ChainAccounts,
    checkpoint: Option<&'a AuditCheckpoint>,
    checkpoint_seen: bool,
    expected_seq: i64,
    prev_hash: String,
    writers: Writers,
}

/// Who wrote each entry replayed, compactly (an entry per check-in is millions).
#[derive(Default)]
struct Writers {
    first_seq: i64,
    logins: Vec<String>,
    index: HashMap<String, u32>,
    /// Per entry from `first_seq`: the actor's index, and whether it was an admin's
    /// maintenance of other people's rows (a purge, a generated history).
    by_entry: Vec<(u32, bool)>,
}

/// Actions by which an admin writes rows that belong to others.
const MAINTENANCE: &[&str] = &["purge", "generate.activity"];

impl Writers {
    fn starting_at(first_seq: i64) -> Self {
        Self {
            first_seq,
            ..Self::default()
        }
    }

    fn push(&mut self, entry: &AuditEntry) {
        let next = self.logins.len() as u32;
        let id = *self.index.entry(entry.actor.clone()).or_insert(next);
        if id == next {
            self.logins.push(entry.actor.clone());
        }
        self.by_entry
            .push((id, MAINTENANCE.contains(&entry.action.as_str())));
    }

    fn of(&self, seq: i64) -> Option<(&str, bool)> {
        let (id, maintenance) = *self
            .by_entry
            .get(usize::try_from(seq - self.first_seq).ok()?)?;
        Some((self.logins.get(id as usize)?.as_str(), maintenance))
    }
}

impl Replay<'_> {
    fn run(
        &mut self,
        db: &Db<'_>,
        after: i64,
        progress: &mut dyn Progress,
        mut touched: impl FnMut(&Record),
    ) -> Result<()> {
        let head = db.audit_head()?.map_or(0, |(seq, _)| seq);
        progress.stage(
            "Checking the audit log's entries",
            (head - after).unsigned_abs(),
            Steps::Items,
        );
        let mut signatures = SignatureBatch::new();
        let mut broken: Option<(i64, String)> = None;
        db.walk_chain(after, |item| {
            let (entry, records) = match item {
                ChainItem::Stray(r) => {
                    let what = AuditedTable::by_code(r.tbl)
                        .map_or_else(|| format!("table {}", r.tbl), |t| t.describe(&r.k1, &r.k2));
                    broken = Some(match self.checkpoint {
                        // The log ends before a checkpoint it should contain.
                        Some(cp) if !self.checkpoint_seen && cp.seq >= self.expected_seq => (
                            cp.seq,
                            "the recorded checkpoint is no longer in the log (it was truncated)"
                                .to_string(),
                        ),
                        _ if r.seq >= self.expected_seq => (
                            self.expected_seq.min(r.seq),
                            format!(
                                "entry {} is missing, yet the hash it recorded for {what} is still there",
                                r.seq
                            ),
                        ),
                        _ => (
                            r.seq,
                            format!("a hash for {what} is filed under an entry that does not exist"),
                        ),
                    });
                    return false;
                }
                ChainItem::Entry(entry, records) => (entry, records),
            };
            let seq = entry.seq;
            let reason = check_links(&entry, &records, self.expected_seq, &self.prev_hash)
                .map(|r| (self.expected_seq.min(seq), r))
                .or_else(|| match self.accounts.admit(&entry) {
                    Ok(key) => signatures
                        .push(&entry, &key)
                        .map(|bad| (bad, "its signature does not match".to_string())),
                    Err(reason) => Some((seq, reason)),
                })
                .or_else(|| match self.checkpoint {
                    Some(cp) if cp.seq == seq && cp.hash != entry.hash => {
                        Some((seq, "it differs from the recorded checkpoint".to_string()))
                    }
                    _ => None,
                });
            if let Some(found) = reason {
                broken = Some(found);
                return false;
            }
            if self.checkpoint.is_some_and(|cp| cp.seq == seq) {
                self.checkpoint_seen = true;
            }
            records.iter().for_each(&mut touched);
            self.writers.push(&entry);
            if seq % 1024 == 0 {
                progress.advance((seq - after).unsigned_abs());
            }
            self.expected_seq += 1;
            self.prev_hash = entry.hash;
            true
        })?;
        // A bad signature queued before a structural break came first.
        if let Some(bad) = signatures.flush() {
            let earlier = broken.as_ref().is_none_or(|(seq, _)| bad < *seq);
            if earlier {
                broken = Some((bad, "its signature does not match".into()));
            }
        }
        match broken {
            Some((seq, reason)) => Err(Error::AuditBroken { seq, reason }),
            None => Ok(()),
        }
    }
}

/// Compares one live row with the hash its last entry recorded, and checks that entry was
/// written by the account the row belongs to (where it belongs to one), or by an admin's
/// maintenance.
fn check_row(
    table: &AuditedTable,
    k1: &KeyValue,
    k2: &KeyValue,
    live: Option<&LiveRow>,
    recorded: Option<&Record>,
    writers: &Writers,
    accounts: &ChainAccounts,
) -> Option<String> {
    let what = table.describe(k1, k2);
    match (live, recorded) {
        (Some(_), None) => Some(format!(
            "{what} has no audit entry: it was written outside steady"
        )),
        (None, Some(r)) if !r.hash.is_empty() => Some(format!(
            "{what} was deleted outside steady (entry {} recorded it)",
            r.seq
        )),
        (Some(_), Some(r)) if r.hash.is_empty() => Some(format!(
            "{what} was written outside steady after entry {} deleted it",
            r.seq
        )),
        (Some(row), Some(r)) if r.hash != row.hash => Some(format!(
            "{what} was changed outside steady: it differs from what entry {} recorded",
            r.seq
        )),
        (Some(row), Some(r)) => {
            let (owner, column) = (row.writer.as_deref()?, table.writer?);
            let (actor, maintenance) = writers.of(r.seq)?;
            let by_admin = maintenance
                && accounts
                    .accounts
                    .get(actor)
                    .is_some_and(ChainAccount::is_admin);
            (actor != owner && !by_admin).then(|| {
                format!(
                    "{what}: entry {} that wrote it was signed by {actor}, not by its {column} {}",
                    r.seq,
                    crate::domain::text::sanitize(owner)
                )
            })
        }
        _ => None,
    }
}

/// The `accounts` and `account_keys` tables must say what the chain says.
fn check_account_cache(db: &Db<'_>, chain: &ChainAccounts) -> Result<()> {
    let tampered = |what: String| Err(Error::RecordTampered(what));
    let rows = db.accounts()?;
    for row in &rows {
        let Some(known) = chain.accounts.get(&row.login) else {
            return tampered(format!(
                "accounts {}: the audit log never enrolled this account",
                row.login
            ));
        };
        let mut differs = Vec::new();
        let logged_roles = known
            .roles
            .parse::<Roles>()
            .map_or_else(|_| known.roles.clone(), |r| r.to_string());
        if row.roles.to_string() != logged_roles {
            differs.push(format!(
                "roles {} where the log says {logged_roles}",
                row.roles
            ));
        }
        if row.person_id != known.person {
            differs.push("another person than the log says".to_string());
        }
        if row.disabled != known.disabled {
            differs.push(if row.disabled {
                "disabled where the log says active".to_string()
            } else {
                "active where the log says disabled".to_string()
            });
        }
        if row.must_change_passphrase != known.must_change {
            differs.push("a passphrase change owed other than the log says".to_string());
        }
        if !differs.is_empty() {
            return tampered(format!("accounts {}: {}", row.login, differs.join("; ")));
        }
    }
    if let Some(missing) = chain
        .accounts
        .keys()
        .find(|login| !rows.iter().any(|r| &r.login == *login))
    {
        return tampered(format!(
            "accounts {missing}: enrolled in the audit log but missing from the table"
        ));
    }
    let mut current: HashMap<String, AccountPublic> = HashMap::new();
    for (id, login, keys, retired) in db.account_key_rows()? {
        let Some(known) = chain.accounts.get(&login) else {
            return tampered(format!(
                "account_keys {id}: keys for {login}, whom the audit log never enrolled"
            ));
        };
        if !known.held.contains(&keys) {
            return tampered(format!(
                "account_keys {id}: a key the audit log never gave {login}"
            ));
        }
        if !retired {
            if known.current.as_ref() != Some(&keys) {
                return tampered(format!(
                    "account_keys {id}: listed as {login}'s current key, which the audit log says it is not"
                ));
            }
            current.insert(login, keys);
        }
    }
    if let Some((login, _)) = chain
        .accounts
        .iter()
        .find(|(login, a)| a.current.is_some() && !current.contains_key(*login))
    {
        return tampered(format!(
            "account_keys: {login}'s current key is missing from the table"
        ));
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    const VAULT: &str = "vault-1";

    fn entry(
        seq: i64,
        actor: &str,
        action: &str,
        facts: Option<&Facts>,
        key: &AccountSecrets,
    ) -> AuditEntry {
        let mut e = AuditEntry {
            seq,
            at: "2026-12-06T10:00:00Z".into(),
            actor: actor.into(),
            action: action.into(),
            subject: actor.into(),
            detail: String::new(),
            signer: key.public().ed25519,
            prev_hash: GENESIS.into(),
            hash: String::new(),
            signature: String::new(),
            records: String::new(),
            facts: facts.map(Facts::to_json).unwrap_or_default(),
        };
        e.hash = e.fields().hash();
        e.signature = key.sign(e.hash.as_bytes());
        e
    }

    fn enrol(login: &str, roles: &str, keys: &AccountSecrets) -> Facts {
        Facts::Enrol {
            login: login.into(),
            roles: roles.into(),
            person: None,
            must_change: true,
            disabled: false,
            keys: Some(keys.public()),
        }
    }

    /// A chain that has enrolled `admin` (genesis) and `ana` (employee, by the admin).
    fn started() -> (ChainAccounts, AccountSecrets, AccountSecrets) {
        let admin = AccountSecrets::generate();
        let ana = AccountSecrets::generate();
        let mut chain = ChainAccounts::new(VAULT);
        let genesis = entry(
            1,
            "admin",
            "vault.init",
            Some(&enrol("admin", "admin", &admin)),
            &admin,
        );
        assert_eq!(chain.admit(&genesis), Ok(admin.public().ed25519));
        let add = entry(
            2,
            "admin",
            "account.add",
            Some(&enrol("ana", "employee", &ana)),
            &admin,
        );
        assert_eq!(chain.admit(&add), Ok(admin.public().ed25519));
        (chain, admin, ana)
    }

    #[test]
    fn the_first_entry_must_enrol_an_admin_with_the_key_that_signs_it() {
        let admin = AccountSecrets::generate();
        let other = AccountSecrets::generate();
        let plain = entry(1, "admin", "vault.init", None, &admin);
        assert!(ChainAccounts::new(VAULT).admit(&plain).is_err());
        let signed_by_other = entry(
            1,
            "admin",
            "vault.init",
            Some(&enrol("admin", "admin", &admin)),
            &other,
        );
        assert!(ChainAccounts::new(VAULT).admit(&signed_by_other).is_err());
        let not_admin = entry(
            1,
            "admin",
            "vault.init",
            Some(&enrol("admin", "employee", &admin)),
            &admin,
        );
        assert!(ChainAccounts::new(VAULT).admit(&not_admin).is_err());
    }

    #[test]
    fn only_an_admin_enrols_or_disables_and_only_with_its_current_key() {
        let (mut chain, admin, ana) = started();
        // An employee enrolling a coordinator, signed with her own genuine key.
        let eve = AccountSecrets::generate();
        let forged = entry(
            3,
            "ana",
            "account.add",
            Some(&enrol("eve", "coordinator", &eve)),
            &ana,
        );
        let refused = chain.admit(&forged).unwrap_err();
        assert!(refused.contains("without the admin role"), "{refused}");
        // A fresh key put in for the admin (as in `account_keys`) signs for no one.
        let fresh = AccountSecrets::generate();
        let resigned = entry(3, "admin", "people.add", None, &fresh);
        let refused = chain.admit(&resigned).unwrap_err();
        assert!(refused.contains("never gave admin"), "{refused}");
        // After disabling, the account's key signs nothing more.
        let disable = entry(
            3,
            "admin",
            "account.disable",
            Some(&Facts::Disabled {
                login: "ana".into(),
            }),
            &admin,
        );
        assert!(chain.admit(&disable).is_ok());
        assert!(
            chain
                .admit(&entry(4, "ana", "checkin.add", None, &ana))
                .is_err()
        );
    }

    #[test]
    fn new_keys_need_the_enrolled_keys_vouch_and_sign_their_own_entry() {
        let (mut chain, admin, ana) = started();
        let fresh = AccountSecrets::generate();
        let keys = fresh.public();
        let vouch = ana.sign(&Facts::vouch_message(VAULT, "ana", &keys));
        let rekeyed = |vouch: String| Facts::Rekeyed {
            login: "ana".into(),
            keys: keys.clone(),
            vouch,
        };
        // Vouched by someone else (the admin who held the one-time passphrase's slot).
        let by_admin = admin.sign(&Facts::vouch_message(VAULT, "ana", &keys));
        assert!(
            chain
                .admit(&entry(
                    3,
                    "ana",
                    "account.first_passphrase",
                    Some(&rekeyed(by_admin)),
                    &fresh
                ))
                .is_err()
        );
        // Vouched for another vault's account of the same name.
        let elsewhere = ana.sign(&Facts::vouch_message("vault-2", "ana", &keys));
        assert!(
            chain
                .admit(&entry(
                    3,
                    "ana",
                    "account.first_passphrase",
                    Some(&rekeyed(elsewhere)),
                    &fresh
                ))
                .is_err()
        );
        // Signed with the old key rather than the new one.
        assert!(
            chain
                .admit(&entry(
                    3,
                    "ana",
                    "account.first_passphrase",
                    Some(&rekeyed(vouch.clone())),
                    &ana
                ))
                .is_err()
        );
        let good = entry(
            3,
            "ana",
            "account.first_passphrase",
            Some(&rekeyed(vouch)),
            &fresh,
        );
        assert_eq!(chain.admit(&good), Ok(keys.ed25519.clone()));
        let known = &chain.accounts["ana"];
        assert_eq!(known.current.as_ref(), Some(&keys));
        assert!(!known.must_change);
        assert_eq!(known.held.len(), 2);
        // The one-time key signs nothing from here on.
        assert!(
            chain
                .admit(&entry(4, "ana", "checkin.add", None, &ana))
                .is_err()
        );
        assert!(
            chain
                .admit(&entry(4, "ana", "checkin.add", None, &fresh))
                .is_ok()
        );
    }

    #[test]
    fn a_batch_names_the_first_bad_signature() {
        let key = AccountSecrets::generate();
        let mut batch = SignatureBatch::new();
        let mut entries: Vec<AuditEntry> = (1..=5)
            .map(|seq| entry(seq, "a", "x", None, &key))
            .collect();
        entries[3].signature = entries[2].signature.clone();
        for e in &entries {
            assert_eq!(batch.push(e, &key.public().ed25519), None);
        }
        assert_eq!(batch.flush(), Some(4));
        for e in &entries[..3] {
            assert_eq!(batch.push(e, &key.public().ed25519), None);
        }
        assert_eq!(batch.flush(), None);
    }
}
