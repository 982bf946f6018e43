//! Creating a vault and unlocking it: passphrase → argon2id → account secrets → master key
//! → database. A failed unwrap never touches the database or the keyring.

use super::tally::{self, Attempt};
use super::{Error, Result, Session, VaultPaths, check_new_passphrase};
use crate::domain::clock::Clock;
use crate::domain::{Account, Role, Roles, validate_login};
use crate::store::{self, Store};
use crate::vault::{AccountSecrets, KdfParams, Key32, Keyring, MasterKey, Passphrase};

/// Creates a new vault with its first admin account and returns the admin's session.
pub fn init_vault(
    paths: &VaultPaths,
    admin: &str,
    passphrase: &Passphrase,
    kdf: KdfParams,
    name: &str,
    demo: bool,
) -> Result<Session> {
    validate_login(admin).map_err(Error::Invalid)?;
    check_new_passphrase(passphrase, admin, name)?;
    if !kdf.meets_floor() {
        return Err(Error::Invalid(format!(
            "an argon2id cost of {} MiB and {} pass(es) is below the floor (at least 19 MiB and 2 passes)",
            kdf.memory_kib / 1024,
            kdf.iterations
        )));
    }
    super::strict::check_strict_modes(paths)?;
    if paths.exists() {
        return Err(Error::Invalid(format!(
            "a vault already exists at {}; choose another --db path",
            paths.db.display()
        )));
    }
    let master = Key32::random();
    let mut keyring = Keyring::new(name, demo, kdf);
    let secrets = AccountSecrets::generate();
    keyring.put_slot(admin, &secrets, passphrase, kdf, &master)?;
    let clock = Clock::system();
    let created = (|| -> Result<Session> {
        let store = Store::create(&paths.db, &master, &keyring.vault_id)?;
        let account = Account {
            login: admin.to_string(),
            person_id: None,
            roles: Roles::new([Role::Admin]),
            must_change_passphrase: false,
            disabled: false,
            created_at: clock.stamp(),
        };
        let session = Session {
            store,
            paths: paths.clone(),
            keyring,
            master,
            secrets,
            account,
            rules: builtin_rules(),
            clock,
        };
        session.write(|db| {
            let s = &session;
            db.insert_account(&s.account)?;
            db.record_account_keys(admin, &s.secrets.public(), &s.account.created_at)?;
            db.set_meta("demo", if demo { "1" } else { "0" })?;
            s.audit_facts(
                db,
                "vault.init",
                admin,
                &format!("vault \"{name}\" created"),
                Some(&s.enrolment(&s.account, Some(s.secrets.public()))),
            )?;
            super::resources::seed_catalog(s, db)?;
            s.save_keyring(&s.keyring)
        })?;
        // From here on a vault without its tally has lost it (see tally.rs).
        tally::create(&paths.tally)
            .map_err(|e| store::Error::ReadOnly(format!("{}: {e}", paths.tally.display())))?;
        Ok(session)
    })();
    if created.is_err() {
        // Leave nothing half-made behind: a later `init` must be able to start again.
        for path in [&paths.keyring, &paths.db, &paths.tally] {
            let _ = std::fs::remove_file(path);
        }
        for suffix in ["-wal", "-shm"] {
            let mut wal = paths.db.clone().into_os_string();
            wal.push(suffix);
            let _ = std::fs::remove_file(wal);
        }
    }
    created
}

/// The embedded rules. They are checked by a unit test, so this never falls back in
/// practice; if it did, no prompts would be raised rather than wrong ones.
fn builtin_rules() -> crate::rules::RuleSet {
    crate::rules::RuleSet::builtin().unwrap_or(crate::rules::RuleSet { rules: Vec::new() })
}

/// A vault whose keyring has been read but which no one has unlocked yet.
#[derive(Debug)]
pub struct LockedVault {
    paths: VaultPaths,
    keyring: Keyring,
    /// The clock the session it unlocks will work by (the system's unless the caller says).
    clock: Clock,
}

/// What a successful unlock tells the person.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoginNotice {
    /// Failed attempts on this account since its last successful login.
    pub failed_attempts: u32,
    /// The day of the last daily rules run, if any.
    pub rules_last_run: Option<chrono::NaiveDate>,
    /// When the daily rules run last failed, if no good run followed (admins only).
    pub rules_failed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The failed-login tally had gone missing (deleted or damaged) since the last
    /// successful login on any account; this login wrote that to the audit log.
    pub tally_was_missing: bool,
}

pub enum Unlock {
    Ready(Box<Session>, LoginNotice),
    /// First login with a one-time passphrase: a new one must be chosen first.
    MustChange(PendingChange),
}

/// A session that may not be used until the account chooses its own passphrase.
pub struct PendingChange {
    session: Box<Session>,
    notice: LoginNotice,
    /// What unlocked it, which may not be chosen again.
    one_time: Passphrase,
}

impl LockedVault {
    pub fn open(paths: &VaultPaths) -> Result<Self> {
        super::strict::check_strict_modes(paths)?;
        if !paths.db.exists() && !paths.keyring.exists() {
            return Err(Error::NotFound(format!(
                "no vault at {}; create one with `steady init --admin NAME` or try `steady demo`",
                paths.db.display()
            )));
        }
        if !paths.db.exists() {
            return Err(store::Error::Missing(paths.db.clone()).into());
        }
        let keyring = Keyring::load(&paths.keyring)?;
        Ok(Self {
            paths: paths.clone(),
            keyring,
            clock: Clock::system(),
        })
    }

    /// Unlocks sessions that work by `clock` (the app's clock, a command's `--date`).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    pub fn name(&self) -> &str {
        &self.keyring.name
    }

    pub fn is_demo(&self) -> bool {
        self.keyring.demo
    }

    pub fn paths(&self) -> &VaultPaths {
        &self.paths
    }

    /// Whether `login` has a slot in the keyring: its failures are kept apart from those
    /// of made-up logins, which can never push them out.
    fn is_account(&self, login: &str) -> bool {
        self.keyring.slots.contains_key(login)
    }

    /// Seconds `login` must still wait before another attempt (0 if none).
    pub fn wait_remaining(&self, login: &str) -> u64 {
        tally::wait_remaining(
            &self.paths.tally,
            login,
            &|l| self.is_account(l),
            self.clock.unix(),
        )
    }

    pub fn unlock(&self, login: &str, passphrase: &Passphrase) -> Result<Unlock> {
        let now = self.clock.unix();
        let is_account = |l: &str| self.is_account(l);
        // Counted as a failure before the (slow) check, under the tally's lock, so that
        // guesses made at once each see those before them and are refused once too many.
        if let Attempt::Wait(wait_secs) =
            tally::begin_attempt(&self.paths.tally, login, &is_account, now)
        {
            return Err(Error::TooSoon {
                login: login.to_string(),
                wait_secs,
            });
        }
        // A wrong passphrase leaves the attempt counted.
        let unlocked = self.keyring.unlock(login, passphrase)?;
        let settled = tally::settle_success(&self.paths.tally, login, &is_account, now);
        let mut keyring = self.keyring.clone();
        let (store, master) = open_store(
            &self.paths,
            &mut keyring,
            unlocked.master,
            unlocked.master_next,
        )?;
        let Some(account) = store.db().account(login)? else {
            return Err(Error::Auth);
        };
        if account.disabled {
            return Err(Error::Auth);
        }
        // Roles are acted on from this row: one changed outside steady (a role given by
        // editing the table with the master key) is refused here, not found afterwards.
        if !store.db().account_as_audited(login)? {
            return Err(Error::RecordTampered(format!(
                "the account {login} (it was changed outside steady; an admin's `steady audit verify` says how)"
            )));
        }
        let failed_attempts = settled.failed_attempts;
        let mut session = Box::new(Session {
            store,
            paths: self.paths.clone(),
            keyring,
            master,
            secrets: unlocked.secrets,
            account,
            rules: builtin_rules(),
            clock: self.clock,
        });
        // A slot whose keys differ from the ones recorded for an account that must still
        // change its passphrase can only come from a first login cut off after the keyring
        // was written: finish it before anything is signed with keys the database lacks.
        let recorded = session.store.db().current_account_keys(login)?;
        if session.account.must_change_passphrase
            && recorded.is_some_and(|keys| keys != session.secrets.public())
        {
            session.finish_interrupted_first_login()?;
        }
        if failed_attempts > 0 {
            session.write(|db| {
                session.audit(
                    db,
                    "login.failed_attempts",
                    login,
                    &format!("{failed_attempts} failed attempt(s) before this login"),
                )
            })?;
        }
        if let Some(lost_at) = settled.lost_at {
            let since = chrono::DateTime::from_timestamp(lost_at, 0)
                .map_or_else(|| lost_at.to_string(), |at| at.to_rfc3339());
            session.write(|db| {
                session.audit(
                    db,
                    "login.tally_missing",
                    login,
                    &format!(
                        "the failed-login tally was missing or unreadable at {since}; every login waited up to {} min once",
                        tally::MAX_WAIT_SECS / 60
                    ),
                )
            })?;
            tally::clear_lost(&self.paths.tally, lost_at, &is_account, now);
        }
        let notice = LoginNotice {
            failed_attempts,
            rules_last_run: session.rules_last_run()?,
            rules_failed_at: session.rules_failure().map(|f| f.at),
            tally_was_missing: settled.lost_at.is_some(),
        };
        if session.account.must_change_passphrase {
            Ok(Unlock::MustChange(PendingChange {
                session,
                notice,
                one_time: passphrase.clone(),
            }))
        } else {
            Ok(Unlock::Ready(session, notice))
        }
    }
}

/// Opens the database with the slot's master key, or with the next key if a rekey was
/// interrupted after the database changed (and then completes that rekey in the keyring).
fn open_store(
    paths: &VaultPaths,
    keyring: &mut Keyring,
    master: MasterKey,
    master_next: Option<MasterKey>,
) -> Result<(Store, MasterKey)> {
    keyring
        .verify_mac(&master)
        .or_else(|e| match &master_next {
            Some(next) => keyring.verify_mac(next),
            None => Err(e),
        })?;
    match Store::open(&paths.db, &master, &keyring.vault_id) {
        Ok(store) => Ok((store, master)),
        Err(store::Error::NotADatabase(_)) if master_next.is_some() => {
            let next = master_next.unwrap_or_else(|| master.clone());
            let store = Store::open(&paths.db, &next, &keyring.vault_id)?;
            keyring.finish_rekey(&next)?;
            keyring.save(&paths.keyring, &next)?;
            Ok((store, next))
        }
        Err(e) => Err(e.into()),
    }
}

impl PendingChange {
    pub fn login(&self) -> &str {
        &self.session.account.login
    }

    /// Whether `new` may replace the one-time passphrase: not that passphrase itself (which
    /// whoever issued it knows), and otherwise as any chosen passphrase. Nothing is changed,
    /// so a refused choice can be made again.
    pub fn check(&self, new: &Passphrase) -> Result<()> {
        if new.expose() == self.one_time.expose() {
            return Err(Error::Invalid(
                "that is the one-time passphrase you were given; choose one of your own".into(),
            ));
        }
        check_new_passphrase(new, self.login(), &self.session.keyring.name)
    }

    /// Sets the account's own passphrase with fresh key pairs, so whoever issued the
    /// one-time passphrase never held the account's final secrets.
    pub fn complete(self, new: &Passphrase) -> Result<(Session, LoginNotice)> {
        self.check(new)?;
        let mut session = self.session;
        session.replace_secrets(new, true)?;
        Ok((*session, self.notice))
    }
}
