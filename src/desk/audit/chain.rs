//! Replaying the chain: which key may sign for whom (from the account facts, starting at
//! the first entry), each entry's links, hash, records digest and signature (in batches),
//! and who wrote each entry, for the row checks.

use super::*;

/// An account as the chain alone describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(in crate::desk) struct ChainAccount {
    pub(in crate::desk) roles: String,
    pub(in crate::desk) person: Option<String>,
    pub(in crate::desk) must_change: bool,
    pub(in crate::desk) disabled: bool,
    /// The key that signs for it now (None once disabled, or for a system account).
    pub(in crate::desk) current: Option<AccountPublic>,
    /// Every key it has held, oldest first.
    pub(in crate::desk) held: Vec<AccountPublic>,
}

impl ChainAccount {
    pub(super) fn is_admin(&self) -> bool {
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
    pub(super) vault_id: String,
    pub accounts: BTreeMap<String, ChainAccount>,
}

impl ChainAccounts {
    pub(super) fn new(vault_id: &str) -> Self {
        Self {
            vault_id: vault_id.to_string(),
            accounts: BTreeMap::new(),
        }
    }

    /// Whether the key that signed `entry` may sign for its actor at this point, given the
    /// facts it asserts; applies those facts. Returns the key its signature must verify
    /// under, or why the entry is not acceptable.
    pub(super) fn admit(&mut self, entry: &AuditEntry) -> std::result::Result<String, String> {
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

    pub(super) fn admit_genesis(
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

    pub(super) fn apply_admin_facts(
        &mut self,
        actor: &str,
        facts: Facts,
    ) -> std::result::Result<(), String> {
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
            Facts::Roles { login, roles } => {
                let account = self.live_account(&login, "changes the roles of")?;
                account.roles = roles;
                Ok(())
            }
            Facts::Reset { login, keys } => {
                if login == actor {
                    return Err(format!("{actor} reset their own passphrase"));
                }
                let account = self.live_account(&login, "resets the passphrase of")?;
                account.held.push(keys.clone());
                account.current = Some(keys);
                account.must_change = true;
                Ok(())
            }
            Facts::Rekeyed { login, .. } => Err(format!("{actor} named new keys for {login}")),
        }
    }

    /// An enrolled account that is not disabled, for a change `what` names.
    fn live_account(
        &mut self,
        login: &str,
        what: &str,
    ) -> std::result::Result<&mut ChainAccount, String> {
        match self.accounts.get_mut(login) {
            Some(account) if !account.disabled => Ok(account),
            Some(_) => Err(format!("it {what} {login}, which was disabled")),
            None => Err(format!("it {what} {login}, which the log never enrolled")),
        }
    }
}

/// Signatures waiting to be checked together (ed25519 batch verification).
pub(super) struct SignatureBatch {
    keys: HashMap<String, Option<VerifyingKey>>,
    waiting: Vec<(i64, VerifyingKey, String, Signature)>,
}

pub(super) const BATCH: usize = 512;

impl SignatureBatch {
    pub(super) fn new() -> Self {
        Self {
            keys: HashMap::new(),
            waiting: Vec::with_capacity(BATCH),
        }
    }

    /// Queues `entry`'s signature under `key`; checks the queue when it is full. Returns the
    /// first entry whose signature fails, if a check found one.
    pub(super) fn push(&mut self, entry: &AuditEntry, key: &str) -> Option<i64> {
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

    pub(super) fn flush(&mut self) -> Option<i64> {
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
pub(super) const LEGACY: &str = "this vault's log was written by a steady from before key provenance and row hashes (2026-12), so it cannot be verified against private keys (a vault made with this steady can)";

/// Checks one entry's place in the chain and its own hash and records.
pub(super) fn check_links(
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
pub(super) struct Replay<'a> {
    pub(super) accounts: ChainAccounts,
    pub(super) checkpoint: Option<&'a AuditCheckpoint>,
    pub(super) checkpoint_seen: bool,
    pub(super) expected_seq: i64,
    pub(super) prev_hash: String,
    pub(super) writers: Writers,
}

/// Who wrote each entry replayed, compactly (an entry per check-in is millions).
#[derive(Default)]
pub(super) struct Writers {
    pub(super) first_seq: i64,
    pub(super) logins: Vec<String>,
    pub(super) index: HashMap<String, u32>,
    /// Per entry from `first_seq`: the actor's index, and whether it was an admin's
    /// maintenance of other people's rows (a purge, a generated history).
    pub(super) by_entry: Vec<(u32, bool)>,
}

/// Actions by which an admin writes rows that belong to others.
pub(super) const MAINTENANCE: &[&str] = &["purge", "generate.activity"];

impl Writers {
    pub(super) fn starting_at(first_seq: i64) -> Self {
        Self {
            first_seq,
            ..Self::default()
        }
    }

    pub(super) fn push(&mut self, entry: &AuditEntry) {
        let next = self.logins.len() as u32;
        let id = *self.index.entry(entry.actor.clone()).or_insert(next);
        if id == next {
            self.logins.push(entry.actor.clone());
        }
        self.by_entry
            .push((id, MAINTENANCE.contains(&entry.action.as_str())));
    }

    pub(super) fn of(&self, seq: i64) -> Option<(&str, bool)> {
        let (id, maintenance) = *self
            .by_entry
            .get(usize::try_from(seq - self.first_seq).ok()?)?;
        Some((self.logins.get(id as usize)?.as_str(), maintenance))
    }
}

impl Replay<'_> {
    pub(super) fn run(
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

    #[test]
    fn roles_and_resets_are_an_admins_and_a_reset_key_signs_until_the_owner_replaces_it() {
        let (mut chain, admin, ana) = started();
        // Ana cannot give herself a role, nor reset herself onto keys she made.
        let roles = Facts::Roles {
            login: "ana".into(),
            roles: "coordinator,employee".into(),
        };
        let refused = chain
            .admit(&entry(3, "ana", "account.roles", Some(&roles), &ana))
            .unwrap_err();
        assert!(refused.contains("without the admin role"), "{refused}");
        assert!(
            chain
                .admit(&entry(3, "admin", "account.roles", Some(&roles), &admin))
                .is_ok()
        );
        assert_eq!(chain.accounts["ana"].roles, "coordinator,employee");

        // An admin may not reset their own keys this way.
        let own = Facts::Reset {
            login: "admin".into(),
            keys: AccountSecrets::generate().public(),
        };
        let refused = chain
            .admit(&entry(4, "admin", "account.reset", Some(&own), &admin))
            .unwrap_err();
        assert!(refused.contains("reset their own"), "{refused}");

        // After a reset, ana's old key signs nothing; the reset key may only hand over.
        let reset_key = AccountSecrets::generate();
        let reset = Facts::Reset {
            login: "ana".into(),
            keys: reset_key.public(),
        };
        assert!(
            chain
                .admit(&entry(4, "admin", "account.reset", Some(&reset), &admin))
                .is_ok()
        );
        assert!(chain.accounts["ana"].must_change);
        assert!(
            chain
                .admit(&entry(5, "ana", "checkin.add", None, &ana))
                .is_err()
        );
        let fresh = AccountSecrets::generate();
        let keys = fresh.public();
        let vouch = reset_key.sign(&Facts::vouch_message(VAULT, "ana", &keys));
        let chosen = Facts::Rekeyed {
            login: "ana".into(),
            keys,
            vouch,
        };
        assert!(
            chain
                .admit(&entry(
                    5,
                    "ana",
                    "account.first_passphrase",
                    Some(&chosen),
                    &fresh
                ))
                .is_ok()
        );
        assert!(!chain.accounts["ana"].must_change);

        // A disabled account is neither given roles nor reset.
        let disable = Facts::Disabled {
            login: "ana".into(),
        };
        assert!(
            chain
                .admit(&entry(
                    6,
                    "admin",
                    "account.disable",
                    Some(&disable),
                    &admin
                ))
                .is_ok()
        );
        let refused = chain
            .admit(&entry(7, "admin", "account.roles", Some(&roles), &admin))
            .unwrap_err();
        assert!(refused.contains("disabled"), "{refused}");
    }
}
