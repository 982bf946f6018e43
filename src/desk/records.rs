//! What an employee can learn about their own records: who read or changed them,
//! and retention (`purge`) of old notes and finished referrals.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::{Error, Progress, Result, Session, Steps};
use crate::domain::audit::AuditEntry;
use crate::policy::{self, Action, Relation};

/// Default ages for `purge` (documented in the README).
pub const NOTES_RETENTION_DAYS: i64 = 3 * 365;
pub const REFERRAL_RETENTION_DAYS: i64 = 2 * 365;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PurgeReport {
    pub dry_run: bool,
    pub notes_before: NaiveDate,
    pub referrals_before: NaiveDate,
    pub checkin_notes: Vec<i64>,
    pub referrals: Vec<i64>,
}

impl Session {
    /// Entries in the audit log about this person made by someone else: who read or
    /// changed their records, and when. Newest first.
    pub fn who_accessed_my_records(&self) -> Result<Vec<AuditEntry>> {
        let Some(me) = self.account.person_id.clone() else {
            return Err(Error::Invalid(format!(
                "{} is not linked to a roster person, so no records are about this account",
                self.account.login
            )));
        };
        let own = Relation {
            is_self: true,
            ..Relation::default()
        };
        if !policy::permits(&self.account.roles, Action::ViewOwnAccessLog, own) {
            return Err(Error::Denied(
                "the access log of one's own records needs the employee role".into(),
            ));
        }
        let mut entries = self.store.db().audit_about(&me)?;
        entries.retain(|e| e.actor != self.account.login);
        Ok(entries)
    }

    /// Removes check-in notes older than `notes_days` and closed or withdrawn referrals
    /// that ended more than `referral_days` ago. With `dry_run`, only reports.
    pub fn purge(
        &mut self,
        today: NaiveDate,
        notes_days: i64,
        referral_days: i64,
        dry_run: bool,
        progress: &mut dyn Progress,
    ) -> Result<PurgeReport> {
        self.require_vault_wide(Action::Purge, "purging old records")?;
        if notes_days < 30 || referral_days < 30 {
            return Err(Error::Invalid(
                "retention ages below 30 days are refused".into(),
            ));
        }
        let notes_before = today - Duration::days(notes_days);
        let referrals_before = today - Duration::days(referral_days);
        let db = self.store.db();
        let report = PurgeReport {
            dry_run,
            notes_before,
            referrals_before,
            checkin_notes: db.checkins_with_notes_before(notes_before)?,
            referrals: db.referrals_ended_before(referrals_before)?,
        };
        if dry_run {
            return Ok(report);
        }
        let total = report.checkin_notes.len() + report.referrals.len();
        progress.stage(
            "Removing old notes and referrals",
            total as u64,
            Steps::Items,
        );
        self.write(|db| {
            let mut done = 0u64;
            for id in &report.checkin_notes {
                db.purge_checkin_notes(*id, today)?;
                done += 1;
                progress.advance(done);
            }
            for id in &report.referrals {
                db.delete_referral(*id)?;
                done += 1;
                progress.advance(done);
            }
            self.audit(
                db,
                "purge",
                "vault",
                &format!(
                    "notes of {} check-in(s) before {notes_before}; {} referral(s) ended before {referrals_before}",
                    report.checkin_notes.len(),
                    report.referrals.len()
                ),
            )
        })?;
        Ok(report)
    }
}
