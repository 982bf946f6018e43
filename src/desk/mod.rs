//! The application API: open a vault, unlock a `Session`, and every use case as a method.
//! Each method checks `policy` and writes its audit entry in the same transaction as the change.

mod account_admin;
mod accounts;
mod audit;
mod backup;
mod batch;
mod checkins;
mod config;
mod daily;
mod demo;
mod generate;
mod in_care;
mod login;
mod measure;
mod pages;
mod people;
mod preferences;
mod progress;
mod prompts;
mod records;
mod referrals;
mod reports;
mod resources;
mod selfchecks;
mod ssh;
mod strict;
mod tally;

pub use account_admin::{AccountView, RolesChange};
pub use accounts::{CoordinatorView, NewAccount, RekeyReport};
pub use audit::{AuditCheckpoint, AuditFilter, AuditKind, AuditLine, AuditLogPage, AuditReport};
pub use backup::{BackupReport, RestoreReport, backup_keyring_path, restore_vault};
pub use batch::{RulesFailure, record_rules_failure, rules_failure_path};
pub use checkins::{CheckinDraftInput, RecordedCheckin, SUGGESTION_WINDOW_DAYS};
pub use config::{DEFAULT_LOCK_MINUTES, LOCK_MINUTES, REPORT_MIN_K, SettingChange, SettingView};
pub use demo::{DemoLogin, create_demo_vault, demo_admin_passphrase, demo_logins};
pub use generate::{GENERATOR_LOGIN, GenerateSpec, GenerateSummary};
pub use in_care::{FollowUp, LastSeen, NotSeen, PeopleInCare};
pub use login::{LockedVault, LoginNotice, PendingChange, Unlock, init_vault};
pub use pages::{
    AccessLine, AuthorNames, CheckinStart, EvidenceRow, HomePage, HomePanel, MyRecordsData,
    MySelfChecksPage, OwnPrompt, PersonRecord, PromptAboutMe, PromptDetailData, ReferralPage,
    ReferralStart, ResourceNames, SelfCheckTaken, resource_name,
};
pub use people::{ImportSummary, MentorBoard, PersonView};
pub use progress::{Progress, Steps, Unwatched};
pub use prompts::{
    PromptAudit, PromptView, RuleTestRow, RulesCheck, RulesRunSummary, UnreachablePerson,
};
pub use records::{NOTES_RETENTION_DAYS, PurgeReport, REFERRAL_RETENTION_DAYS};
pub use referrals::{NewReferral, QueueItem};
pub use reports::{
    DEFAULT_REPORT_MONTHS, EngagementPage, EngagementRequest, ExportedReferral, ExportedSelfCheck,
    MAX_REPORT_MONTHS, PersonalExport,
};
pub use selfchecks::{
    InboxCount, SelfCheckEntry, SelfCheckList, SelfCheckRecord, SelfCheckRequest, SelfCheckView,
    SharedInbox, SharedReading, SharedSelfCheck, TakenSelfCheck,
};
pub use ssh::{KeyDecision, SshKeyView, login_for_presented_key};
pub use strict::check_strict_modes;

/// The argon2id cost a new vault's accounts are created with (`init`'s choice).
pub use crate::vault::{KdfParams, Passphrase};

/// Test support: where `STEADY_PAUSE_AT` names this point, says so on stderr and waits to be
/// killed, so that a crash test kills an operation exactly there (and knows it did).
#[cfg(feature = "test-support")]
pub(crate) fn pause_point(name: &str) {
    if std::env::var("STEADY_PAUSE_AT").is_ok_and(|at| at == name) {
        eprintln!("paused at {name}");
        loop {
            std::thread::sleep(std::time::Duration::from_secs(1));
        }
    }
}

#[cfg(not(feature = "test-support"))]
pub(crate) fn pause_point(_: &str) {}

/// The vault schema this build writes (a vault with a newer one is refused).
pub const SCHEMA_VERSION: u32 = store::SCHEMA_VERSION;

use std::path::{Path, PathBuf};

use crate::domain::audit::Facts;
use crate::domain::clock::Clock;
use crate::domain::roster::RosterError;
use crate::domain::{Account, Role};
use crate::store::{self, Db, Store};
use crate::vault::{self, AccountSecrets, Keyring, MasterKey};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("wrong login or passphrase")]
    Auth,
    #[error("too many failed logins for {login}; try again in {wait_secs} s")]
    TooSoon { login: String, wait_secs: u64 },
    #[error(
        "{login} must choose a new passphrase before anything else (set STEADY_NEW_PASSPHRASE, or run `steady account passwd` at a terminal)"
    )]
    MustChangePassphrase { login: String },
    #[error("permission denied: {0}")]
    Denied(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
    #[error("the roster has {} problem(s); nothing was imported", .0.len())]
    Roster(Vec<RosterError>),
    #[error("the audit log is broken at entry {seq}: {reason}")]
    AuditBroken { seq: i64, reason: String },
    /// A live row (or the account cache) disagrees with what the audit log vouches for.
    #[error("the audit log does not vouch for {0}")]
    RecordTampered(String),
    /// The vault's folder or files are open to others or belong to someone else.
    #[error("{0}")]
    StrictModes(String),
    #[error(transparent)]
    Store(#[from] store::Error),
    #[error(transparent)]
    Vault(vault::Error),
}

impl From<vault::Error> for Error {
    fn from(e: vault::Error) -> Self {
        match e {
            vault::Error::WrongPassphrase => Error::Auth,
            other => Error::Vault(other),
        }
    }
}

impl Error {
    /// The documented exit code (DESIGN.md "Errors and exit codes").
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Auth | Error::TooSoon { .. } | Error::MustChangePassphrase { .. } => 3,
            Error::Denied(_) => 4,
            Error::NotFound(_) | Error::Invalid(_) | Error::Roster(_) => 5,
            Error::AuditBroken { .. }
            | Error::RecordTampered(_)
            | Error::StrictModes(_)
            | Error::Store(_) => 6,
            Error::Vault(vault::Error::Crypto(_)) => 1,
            Error::Vault(_) => 6,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// The files of one vault: the database, its keyring and the failed-login tally beside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VaultPaths {
    pub db: PathBuf,
    pub keyring: PathBuf,
    pub tally: PathBuf,
}

impl VaultPaths {
    pub fn for_db(db: &Path) -> Self {
        Self {
            db: db.to_path_buf(),
            keyring: vault::keyring_path_for(db),
            tally: db.with_extension("tally"),
        }
    }

    pub fn exists(&self) -> bool {
        self.db.exists() || self.keyring.exists()
    }
}

/// The shortest passphrase a person may choose.
pub const MIN_PASSPHRASE_CHARS: usize = 12;

/// The lowest zxcvbn score (0 to 4) a chosen passphrase may have. 3 is "safely unguessable:
/// moderate protection from an offline slow-hash scenario" (Wheeler, "zxcvbn: Low-Budget
/// Password Strength Estimation", USENIX Security 2016), which argon2id slots are.
pub const MIN_PASSPHRASE_SCORE: u8 = 3;

/// Whether `new` may be chosen as `login`'s passphrase in the vault named `vault_name`: at
/// least 12 characters, not the login, and not easy to guess (zxcvbn, with the login, the
/// vault's name and the program's as words an attacker would try first). The reason is
/// said plainly, with zxcvbn's own advice where it has some.
pub fn check_new_passphrase(new: &Passphrase, login: &str, vault_name: &str) -> Result<()> {
    let text = new.expose();
    if text.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(Error::Invalid(format!(
            "a passphrase needs at least {MIN_PASSPHRASE_CHARS} characters; a few unrelated words work well"
        )));
    }
    if text.trim().eq_ignore_ascii_case(login) {
        return Err(Error::Invalid(
            "the passphrase must not be the login".into(),
        ));
    }
    // Whole and in parts: "Harbor vault" and "bo.baptiste" give "harbor", "vault", "bo"...
    let mut known: Vec<&str> = vec![login, vault_name, "steady"];
    known.extend(
        [login, vault_name]
            .iter()
            .flat_map(|text| text.split([' ', '.', '-', '_']))
            .filter(|part| part.chars().count() > 1),
    );
    let estimate = zxcvbn::zxcvbn(text, &known);
    if u8::from(estimate.score()) < MIN_PASSPHRASE_SCORE {
        let mut reason = String::from("that passphrase would be easy to guess");
        let advice = estimate.feedback().map(|feedback| {
            let mut words: Vec<String> = feedback
                .warning()
                .map(|w| w.to_string())
                .into_iter()
                .collect();
            words.extend(feedback.suggestions().iter().map(ToString::to_string));
            words
        });
        match advice {
            Some(words) if !words.is_empty() => {
                reason.push_str(": ");
                reason.push_str(&words.join(" "));
            }
            _ => reason.push_str("; a few unrelated words work well"),
        }
        return Err(Error::Invalid(reason.trim_end_matches('.').to_string()));
    }
    Ok(())
}

/// An unlocked vault: who is acting, with which keys. Dropping it drops the keys.
pub struct Session {
    store: Store,
    paths: VaultPaths,
    keyring: Keyring,
    master: MasterKey,
    secrets: AccountSecrets,
    account: Account,
    rules: crate::rules::RuleSet,
    /// The day and instants this session works by; the front end sets it.
    clock: Clock,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("login", &self.account.login)
            .field("vault", &self.paths.db)
            .finish_non_exhaustive()
    }
}

impl Session {
    pub fn account(&self) -> &Account {
        &self.account
    }

    pub fn login(&self) -> &str {
        &self.account.login
    }

    pub fn vault_name(&self) -> &str {
        &self.keyring.name
    }

    pub fn is_demo(&self) -> bool {
        self.keyring.demo
    }

    pub fn paths(&self) -> &VaultPaths {
        &self.paths
    }

    /// The clock this session dates records, rules and audit entries by.
    pub fn clock(&self) -> Clock {
        self.clock
    }

    /// Works by `clock` from now on (a command's `--date`, the app's clock).
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.account.roles.contains(role)
    }

    /// Runs `work` in one write transaction; see [`Store::write`].
    fn write<T>(&self, work: impl FnOnce(&Db<'_>) -> Result<T>) -> Result<T> {
        self.store.write(work)
    }

    /// Runs `work`, then saves `keyring`, in one transaction. Should the commit itself fail
    /// after the keyring was written (a full disk), the keyring this session holds is put
    /// back, so a change reported as failed has changed nothing.
    fn write_with_keyring<T>(
        &self,
        keyring: &Keyring,
        work: impl FnOnce(&Db<'_>) -> Result<T>,
    ) -> Result<T> {
        let mut saved = false;
        let result = self.write(|db| {
            let out = work(db)?;
            self.save_keyring(keyring)?;
            saved = true;
            Ok(out)
        });
        if result.is_err() && saved {
            // If even this fails, the keyring is as the crash-safety paths expect after an
            // interrupted change (see LockedVault::unlock); the error below stands.
            let _ = self.save_keyring(&self.keyring);
        }
        result
    }

    /// Writes `keyring` (this session's, or a changed copy) with a MAC under the master key.
    fn save_keyring(&self, keyring: &Keyring) -> Result<()> {
        let mut keyring = keyring.clone();
        keyring.save(&self.paths.keyring, &self.master)?;
        Ok(())
    }

    /// Appends a signed, hash-chained audit entry inside the caller's transaction; it
    /// records every audited row the transaction has changed so far.
    fn audit(&self, db: &Db<'_>, action: &str, subject: &str, detail: &str) -> Result<()> {
        self.audit_facts(db, action, subject, detail, None)
    }

    /// As [`Session::audit`], asserting account facts (see `domain::audit::Facts`).
    fn audit_facts(
        &self,
        db: &Db<'_>,
        action: &str,
        subject: &str,
        detail: &str,
        facts: Option<&Facts>,
    ) -> Result<()> {
        self.audit_signed(db, &self.secrets, action, subject, detail, facts)
    }

    /// As [`Session::audit_facts`], signed with `secrets` (an account's new keys, at the
    /// moment they replace the ones this session holds).
    fn audit_signed(
        &self,
        db: &Db<'_>,
        secrets: &AccountSecrets,
        action: &str,
        subject: &str,
        detail: &str,
        facts: Option<&Facts>,
    ) -> Result<()> {
        audit::append(
            db,
            &self.clock.stamp(),
            &self.account.login,
            secrets,
            &audit::NewEntry {
                action,
                subject,
                detail,
                facts,
            },
        )
    }

    /// Test support: the raw store, to tamper with rows the way an attacker would.
    #[cfg(any(test, feature = "test-support"))]
    pub fn store_for_tests(&self) -> &Store {
        &self.store
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(text: &str, login: &str) -> Option<String> {
        match check_new_passphrase(&Passphrase::new(text), login, "Harbor vault") {
            Ok(()) => None,
            Err(Error::Invalid(reason)) => Some(reason),
            Err(other) => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_chosen_passphrase_is_long_not_the_login_and_hard_to_guess() {
        assert!(
            refusal("short", "bo")
                .unwrap()
                .contains("at least 12 characters")
        );
        assert!(
            refusal("  Bo.Baptiste ", "bo.baptiste")
                .unwrap()
                .contains("login")
        );
        // zxcvbn scores these below 3, each with a plain reason.
        let repeated = refusal("aaaaaaaaaaaa", "bo").unwrap();
        assert!(repeated.starts_with("that passphrase would be easy to guess: Repeats"));
        assert!(
            refusal("password1234", "bo")
                .unwrap()
                .contains("easy to guess")
        );
        // The vault's name and the login count as words an attacker tries first.
        assert!(
            refusal("harbor vault", "bo")
                .unwrap()
                .contains("easy to guess")
        );
        assert!(
            refusal("bo.baptiste12", "bo.baptiste")
                .unwrap()
                .contains("easy to guess")
        );
        // A few unrelated words pass.
        assert_eq!(refusal("lantern orbit pickle gravel", "bo"), None);
        assert_eq!(refusal("bo's own long passphrase", "bo"), None);
    }
}
