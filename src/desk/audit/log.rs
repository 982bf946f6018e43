//! The audit log as an admin reads it: filtered (by who acted, the kind of action, the
//! days), a page at a time, newest first, with names beside logins and employee ids.
//! Reading it is admin work (policy's `ViewAudit`); it shows metadata, never note text.

use chrono::{DateTime, SecondsFormat, Utc};

use super::super::{Result, Session};
use crate::domain::audit::AuditEntry;

/// The kinds of action an admin can narrow the log to, each a set of action codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditKind {
    /// Accounts, passphrases, logins and SSH keys.
    Accounts,
    /// Check-ins, referrals and self-checks: reading or writing someone's records.
    Records,
    /// The roster and mentor pairings.
    People,
    /// Prompts and rules runs.
    Prompts,
    /// The vault itself: settings, rekey, backup, purge, resources, reports.
    Vault,
}

impl AuditKind {
    pub const ALL: [AuditKind; 5] = [
        AuditKind::Accounts,
        AuditKind::Records,
        AuditKind::People,
        AuditKind::Prompts,
        AuditKind::Vault,
    ];

    /// The kind's name, as a filter shows it.
    pub fn label(self) -> &'static str {
        match self {
            AuditKind::Accounts => "accounts and logins",
            AuditKind::Records => "records (check-ins, referrals, self-checks)",
            AuditKind::People => "roster and mentors",
            AuditKind::Prompts => "prompts and rules",
            AuditKind::Vault => "the vault (settings, rekey, backup, purge, resources)",
        }
    }

    /// The action-code families (`family.anything`, or the code itself) of this kind.
    fn families(self) -> &'static [&'static str] {
        match self {
            AuditKind::Accounts => &["account", "login", "ssh_key"],
            AuditKind::Records => &["checkin", "referral", "selfcheck", "export"],
            AuditKind::People => &["people", "mentor"],
            AuditKind::Prompts => &["prompt", "rules"],
            AuditKind::Vault => &["vault", "config", "purge", "resource", "report", "generate"],
        }
    }

    /// Whether `action` is of this kind.
    pub fn covers(self, action: &str) -> bool {
        let family = action.split('.').next().unwrap_or(action);
        self.families().contains(&family)
    }
}

/// What to narrow the log to; the default shows everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Words each found in the actor's login or name ("olga black" finds Blackwood, Olga).
    pub actor: String,
    pub kind: Option<AuditKind>,
    /// Entries stamped at or after this instant (a front end turns the first day typed
    /// into the start of that day where the reader is).
    pub from: Option<DateTime<Utc>>,
    /// Entries stamped before this instant (the start of the day after the last one).
    pub until: Option<DateTime<Utc>>,
}

/// One entry, with names where the vault knows them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditLine {
    pub seq: i64,
    /// RFC 3339, UTC, as stamped.
    pub at: String,
    pub actor: String,
    /// The actor's roster name, if their account is linked to one.
    pub actor_name: Option<String>,
    pub action: String,
    pub subject: String,
    /// The subject's roster name, where the subject is a person or a linked account.
    pub subject_name: Option<String>,
    pub detail: String,
}

/// One page of the filtered log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditLogPage {
    pub lines: Vec<AuditLine>,
    /// Entries the filter lets through, and entries in the whole log.
    pub matching: usize,
    pub total: usize,
    /// Where this page starts among the matching entries (0: the newest).
    pub offset: usize,
}

/// An instant written as the log stamps its entries.
fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl Session {
    /// A page of the audit log, newest first, narrowed by `filter` (admins only).
    pub fn audit_log(
        &self,
        filter: &AuditFilter,
        offset: usize,
        limit: usize,
    ) -> Result<AuditLogPage> {
        self.require_audit()?;
        let db = self.store.db();
        let words: Vec<String> = filter
            .actor
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        // Which accounts the actor words name: by login, or by the name of their person.
        let actors: Option<Vec<String>> = if words.is_empty() {
            None
        } else {
            let mut found = Vec::new();
            for account in db.accounts()? {
                let name = match &account.person_id {
                    Some(id) => db.person(id)?.map(|p| p.name).unwrap_or_default(),
                    None => String::new(),
                };
                let haystack = format!("{}\n{}", account.login, name).to_lowercase();
                if words.iter().all(|w| haystack.contains(w.as_str())) {
                    found.push(account.login);
                }
            }
            // Logins no longer among the accounts (the generator's, say) match by login.
            for actor in db.audit_actors()? {
                if !found.contains(&actor)
                    && words
                        .iter()
                        .all(|w| actor.to_lowercase().contains(w.as_str()))
                {
                    found.push(actor);
                }
            }
            Some(found)
        };
        let query = crate::store::AuditQuery {
            actors,
            families: filter
                .kind
                .map(|k| k.families().iter().map(|f| (*f).to_string()).collect()),
            // Stamps are RFC 3339 in UTC to the second, so they compare as text.
            from: filter.from.map(stamp),
            until: filter.until.map(stamp),
        };
        let matching = db.count_audit(&query)?;
        let total = db.count_audit(&crate::store::AuditQuery::default())?;
        let entries = db.audit_page(&query, offset, limit)?;
        let mut lines = Vec::with_capacity(entries.len());
        for entry in entries {
            lines.push(self.audit_line(&db, entry)?);
        }
        Ok(AuditLogPage {
            lines,
            matching,
            total,
            offset,
        })
    }

    fn audit_line(&self, db: &crate::store::Db<'_>, e: AuditEntry) -> Result<AuditLine> {
        let name_of_login = |login: &str| -> Result<Option<String>> {
            Ok(match db.account(login)?.and_then(|a| a.person_id) {
                Some(id) => db.person(&id)?.map(|p| p.name),
                None => None,
            })
        };
        let subject_name = match db.person(&e.subject)? {
            Some(p) => Some(p.name),
            None => name_of_login(&e.subject)?,
        };
        Ok(AuditLine {
            actor_name: name_of_login(&e.actor)?,
            seq: e.seq,
            at: e.at,
            actor: e.actor,
            action: e.action,
            subject: e.subject,
            subject_name,
            detail: e.detail,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::{LOCK_MINUTES, VaultPaths, init_vault};
    use crate::domain::clock::Clock;
    use crate::vault::{KdfParams, Passphrase};

    #[test]
    fn the_filters_narrow_in_the_database_by_kind_and_by_day() {
        let dir = tempfile::tempdir().unwrap();
        let paths = VaultPaths::for_db(&dir.path().join("vault").join("steady.db"));
        let mut admin = init_vault(
            &paths,
            "admin",
            &Passphrase::new("admin passphrase 1"),
            KdfParams::FLOOR,
            "Test vault",
            false,
        )
        .unwrap();
        let day = |d: &str| crate::domain::dates::parse_date(d).unwrap();
        let at = chrono::DateTime::parse_from_rfc3339("2099-06-30T23:59:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        admin.set_clock(Clock::frozen(at, day("2099-06-30")));
        admin.set_setting(LOCK_MINUTES, "9").unwrap();
        let all = admin.audit_log(&AuditFilter::default(), 0, 100).unwrap();
        assert_eq!(all.matching, all.total);
        let vault = AuditFilter {
            kind: Some(AuditKind::Vault),
            ..AuditFilter::default()
        };
        let found = admin.audit_log(&vault, 0, 100).unwrap();
        let actions: Vec<&str> = found.lines.iter().map(|l| l.action.as_str()).collect();
        assert_eq!(actions, ["config.set", "resource.seed", "vault.init"]);
        let accounts = AuditFilter {
            kind: Some(AuditKind::Accounts),
            ..AuditFilter::default()
        };
        assert_eq!(admin.audit_log(&accounts, 0, 100).unwrap().matching, 0);
        // From the start of a day to the start of the next: the whole day.
        let instant = |t: &str| {
            chrono::DateTime::parse_from_rfc3339(t)
                .unwrap()
                .with_timezone(&chrono::Utc)
        };
        let that_day = AuditFilter {
            from: Some(instant("2099-06-30T00:00:00Z")),
            until: Some(instant("2099-07-01T00:00:00Z")),
            ..AuditFilter::default()
        };
        let on_it = admin.audit_log(&that_day, 0, 100).unwrap();
        assert_eq!(on_it.matching, 1);
        assert_eq!(on_it.lines[0].action, "config.set");
        let after = AuditFilter {
            from: Some(instant("2099-07-01T00:00:00Z")),
            ..AuditFilter::default()
        };
        assert_eq!(admin.audit_log(&after, 0, 100).unwrap().matching, 0);
        // Someone who never acted matches nothing; a login's words match its entries.
        let nobody = AuditFilter {
            actor: "nobody".into(),
            ..AuditFilter::default()
        };
        assert_eq!(admin.audit_log(&nobody, 0, 100).unwrap().matching, 0);
        let by_admin = AuditFilter {
            actor: "ADM".into(),
            ..AuditFilter::default()
        };
        assert_eq!(
            admin.audit_log(&by_admin, 0, 100).unwrap().matching,
            all.total
        );
        // Paging: a page from an offset, newest first.
        let second = admin.audit_log(&AuditFilter::default(), 1, 1).unwrap();
        assert_eq!(second.lines.len(), 1);
        assert_eq!(second.lines[0].seq, all.lines[1].seq);
    }

    #[test]
    fn each_kind_covers_its_families_and_no_other() {
        assert!(AuditKind::Records.covers("checkin.read"));
        assert!(AuditKind::Vault.covers("purge"));
        assert!(AuditKind::Accounts.covers("ssh_key.add"));
        assert!(!AuditKind::Accounts.covers("checkin.add"));
        for action in ["mentor.assign", "rules.run", "config.set", "account.add"] {
            assert_eq!(
                AuditKind::ALL.iter().filter(|k| k.covers(action)).count(),
                1,
                "{action}"
            );
        }
    }
}
