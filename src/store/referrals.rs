//! Queries over `referrals` and `referral_events`.

use std::str::FromStr;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};

use super::{Db, Result};
use crate::domain::referral::{Consent, Outcome, Referral, ReferralEvent, Status, Urgency};

const REFERRAL_COLUMNS: &str = "id, employee_id, resource_id, created_by, created_on, consent, \
     status, outcome, urgency, reason, self_referral, updated_on, closed_on";

fn word<T: FromStr<Err = String>>(text: String) -> rusqlite::Result<T> {
    text.parse().map_err(|e: String| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
    })
}

fn referral_from(row: &Row<'_>) -> rusqlite::Result<Referral> {
    Ok(Referral {
        id: row.get(0)?,
        employee_id: row.get(1)?,
        resource_id: row.get(2)?,
        created_by: row.get(3)?,
        created_on: row.get(4)?,
        consent: word::<Consent>(row.get(5)?)?,
        status: word::<Status>(row.get(6)?)?,
        outcome: row
            .get::<_, Option<String>>(7)?
            .map(word::<Outcome>)
            .transpose()?,
        urgency: word::<Urgency>(row.get(8)?)?,
        reason: row.get(9)?,
        self_referral: row.get(10)?,
        updated_on: row.get(11)?,
        closed_on: row.get(12)?,
    })
}

impl Db<'_> {
    pub fn referral(&self, id: i64) -> Result<Option<Referral>> {
        Ok(self
            .0
            .query_row(
                &format!("SELECT {REFERRAL_COLUMNS} FROM referrals WHERE id = ?1"),
                [id],
                referral_from,
            )
            .optional()?)
    }

    pub fn referrals_for(&self, employee_id: &str) -> Result<Vec<Referral>> {
        let mut stmt = self.0.prepare_cached(&format!(
            "SELECT {REFERRAL_COLUMNS} FROM referrals WHERE employee_id = ?1
             ORDER BY created_on DESC, id DESC"
        ))?;
        let rows = stmt.query_map([employee_id], referral_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn referrals_created_by(&self, login: &str) -> Result<Vec<Referral>> {
        let mut stmt = self.0.prepare_cached(&format!(
            "SELECT {REFERRAL_COLUMNS} FROM referrals WHERE created_by = ?1
             ORDER BY created_on DESC, id DESC"
        ))?;
        let rows = stmt.query_map([login], referral_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every referral still open (not closed or withdrawn), oldest first, each with the day
    /// of its latest event (one statement, not one more per referral).
    pub fn open_referrals(&self) -> Result<Vec<(Referral, Option<NaiveDate>)>> {
        let mut stmt = self.0.prepare_cached(&format!(
            "SELECT {REFERRAL_COLUMNS},
                    (SELECT max(e.on_date) FROM referral_events e WHERE e.referral_id = r.id)
             FROM referrals r
             WHERE status NOT IN ('closed', 'withdrawn') ORDER BY created_on, id"
        ))?;
        let rows = stmt.query_map([], |r| Ok((referral_from(r)?, r.get(13)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every referral, oldest first (coordinators' full list).
    pub fn all_referrals(&self) -> Result<Vec<Referral>> {
        let mut stmt = self.0.prepare_cached(&format!(
            "SELECT {REFERRAL_COLUMNS} FROM referrals ORDER BY created_on, id"
        ))?;
        let rows = stmt.query_map([], referral_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn insert_referral(&self, r: &Referral) -> Result<i64> {
        self.0.execute(
            "INSERT INTO referrals (employee_id, resource_id, created_by, created_on, consent,
                 status, outcome, urgency, reason, self_referral, updated_on, closed_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                r.employee_id,
                r.resource_id,
                r.created_by,
                r.created_on,
                r.consent.as_str(),
                r.status.as_str(),
                r.outcome.map(|o| o.as_str()),
                r.urgency.as_str(),
                r.reason,
                r.self_referral,
                r.updated_on,
                r.closed_on
            ],
        )?;
        Ok(self.0.last_insert_rowid())
    }

    pub fn update_referral(&self, r: &Referral) -> Result<()> {
        self.0.execute(
            "UPDATE referrals SET consent = ?2, status = ?3, outcome = ?4, updated_on = ?5,
                 closed_on = ?6 WHERE id = ?1",
            params![
                r.id,
                r.consent.as_str(),
                r.status.as_str(),
                r.outcome.map(|o| o.as_str()),
                r.updated_on,
                r.closed_on
            ],
        )?;
        Ok(())
    }

    pub fn insert_referral_event(&self, e: &ReferralEvent) -> Result<()> {
        self.0
            .prepare_cached(
                "INSERT INTO referral_events (referral_id, on_date, actor, status, consent, outcome, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                e.referral_id,
                e.on_date,
                e.actor,
                e.status.as_str(),
                e.consent.as_str(),
                e.outcome.map(|o| o.as_str()),
                e.note
            ])?;
        Ok(())
    }

    pub fn referral_events(&self, referral_id: i64) -> Result<Vec<ReferralEvent>> {
        let mut stmt = self.0.prepare_cached(
            "SELECT referral_id, on_date, actor, status, consent, outcome, note
             FROM referral_events WHERE referral_id = ?1 ORDER BY on_date, id",
        )?;
        let rows = stmt.query_map([referral_id], |r| {
            Ok(ReferralEvent {
                referral_id: r.get(0)?,
                on_date: r.get(1)?,
                actor: r.get(2)?,
                status: word::<Status>(r.get(3)?)?,
                consent: word::<Consent>(r.get(4)?)?,
                outcome: r
                    .get::<_, Option<String>>(5)?
                    .map(word::<Outcome>)
                    .transpose()?,
                note: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Closed or withdrawn referrals that ended before `before` (for purge).
    pub fn referrals_ended_before(&self, before: NaiveDate) -> Result<Vec<i64>> {
        let mut stmt = self.0.prepare_cached(
            "SELECT id FROM referrals WHERE status IN ('closed', 'withdrawn')
             AND closed_on IS NOT NULL AND closed_on < ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([before], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Removes a referral and its events for good.
    pub fn delete_referral(&self, id: i64) -> Result<()> {
        self.0
            .execute("DELETE FROM referral_events WHERE referral_id = ?1", [id])?;
        self.0
            .execute("DELETE FROM referrals WHERE id = ?1", [id])?;
        Ok(())
    }
}
