//! Bulk inserts for generated data: check-ins with their flags, referrals with their
//! events, anonymous bands, through statements prepared once per transaction. No policy.

use chrono::{Datelike, NaiveDate};
use rand::Rng;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{CachedStatement, ToSql, params};

use super::{Db, Result, Store};
use crate::domain::checkin::{CheckinKind, Visibility};
use crate::domain::referral::{Consent, Outcome, Status, Urgency};
use crate::domain::stressors::Severity;

/// One check-in to insert, borrowed from the generator's plan.
pub struct BulkCheckin<'a> {
    pub employee_id: &'a str,
    pub author: &'a str,
    pub kind: CheckinKind,
    pub occurred_on: NaiveDate,
    pub wellbeing: u8,
    pub visibility: Visibility,
    pub follow_up_on: Option<NaiveDate>,
    pub stressors: &'a [(&'static str, Severity)],
}

/// One referral to insert, with the status steps after `proposed`.
pub struct BulkReferral<'a> {
    pub employee_id: &'a str,
    pub resource_id: &'a str,
    pub created_by: &'a str,
    /// Who moved it along (a coordinator's login).
    pub worked_by: &'a str,
    pub created_on: NaiveDate,
    pub consent: Consent,
    pub urgency: Urgency,
    pub self_referral: bool,
    pub steps: &'a [(Status, NaiveDate)],
    pub outcome: Option<Outcome>,
}

/// Rows written so far by one [`BulkWriter`] (or by several, added up).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct BulkCounts {
    pub checkins: usize,
    pub stressor_flags: usize,
    pub referrals: usize,
    pub referral_events: usize,
    pub anon_contributions: usize,
}

impl BulkCounts {
    pub fn add(&mut self, other: BulkCounts) {
        self.checkins += other.checkins;
        self.stressor_flags += other.stressor_flags;
        self.referrals += other.referrals;
        self.referral_events += other.referral_events;
        self.anon_contributions += other.anon_contributions;
    }

    /// Every row written (check-ins, flags, referrals, their events, anonymous bands).
    pub fn rows(&self) -> usize {
        self.checkins
            + self.stressor_flags
            + self.referrals
            + self.referral_events
            + self.anon_contributions
    }
}

/// Prepared inserts inside one open write transaction.
pub struct BulkWriter<'c> {
    checkin: CachedStatement<'c>,
    stressor: CachedStatement<'c>,
    referral: CachedStatement<'c>,
    event: CachedStatement<'c>,
    anon: CachedStatement<'c>,
    now: String,
    pub counts: BulkCounts,
}

impl<'c> Db<'c> {
    /// Inserts for generated rows; `now` stamps `created_at`/`updated_at`.
    pub fn bulk_writer(&self, now: &str) -> Result<BulkWriter<'c>> {
        let conn = self.0;
        Ok(BulkWriter {
            checkin: conn.prepare_cached(
                "INSERT INTO checkins (employee_id, author, kind, occurred_on, wellbeing,
                     visibility, notes, follow_up_on, version, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, '', ?7, 1, ?8, ?8)",
            )?,
            stressor: conn.prepare_cached(
                "INSERT INTO checkin_stressors (checkin_id, category, severity) VALUES (?1, ?2, ?3)",
            )?,
            referral: conn.prepare_cached(
                "INSERT INTO referrals (employee_id, resource_id, created_by, created_on, consent,
                     status, outcome, urgency, reason, self_referral, updated_on, closed_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, '', ?9, ?10, ?11)",
            )?,
            event: conn.prepare_cached(
                "INSERT INTO referral_events (referral_id, on_date, actor, status, consent, outcome, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, '')",
            )?,
            anon: conn.prepare_cached(
                "INSERT INTO anon_contributions (id, unit, month, instrument, band)
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(id) DO NOTHING",
            )?,
            now: now.to_string(),
            counts: BulkCounts::default(),
        })
    }
}

impl BulkWriter<'_> {
    pub fn checkin(&mut self, c: &BulkCheckin<'_>) -> Result<i64> {
        let id = self.checkin.insert(params![
            c.employee_id,
            c.author,
            c.kind.as_str(),
            DayText::of(c.occurred_on),
            c.wellbeing,
            c.visibility.as_str(),
            c.follow_up_on.map(DayText::of),
            self.now
        ])?;
        for (category, severity) in c.stressors {
            self.stressor
                .execute(params![id, category, severity.as_str()])?;
        }
        self.counts.checkins += 1;
        self.counts.stressor_flags += c.stressors.len();
        Ok(id)
    }

    pub fn referral(&mut self, r: &BulkReferral<'_>) -> Result<i64> {
        let (status, updated_on) = r
            .steps
            .last()
            .copied()
            .unwrap_or((Status::Proposed, r.created_on));
        let closed_on = (!status.is_open()).then_some(updated_on);
        let id = self.referral.insert(params![
            r.employee_id,
            r.resource_id,
            r.created_by,
            DayText::of(r.created_on),
            r.consent.as_str(),
            status.as_str(),
            r.outcome.map(|o| o.as_str()),
            r.urgency.as_str(),
            r.self_referral,
            DayText::of(updated_on),
            closed_on.map(DayText::of)
        ])?;
        self.event.execute(params![
            id,
            DayText::of(r.created_on),
            r.created_by,
            Status::Proposed.as_str(),
            r.consent.as_str(),
            Option::<&str>::None
        ])?;
        for (step, on) in r.steps {
            let outcome = (*step == Status::Closed)
                .then_some(r.outcome)
                .flatten()
                .map(|o| o.as_str());
            self.event.execute(params![
                id,
                DayText::of(*on),
                r.worked_by,
                step.as_str(),
                r.consent.as_str(),
                outcome
            ])?;
        }
        self.counts.referrals += 1;
        self.counts.referral_events += 1 + r.steps.len();
        Ok(id)
    }

    /// One anonymous band under a random id (as `insert_anon_contribution` does, so the
    /// row order says nothing); `rng` makes a generated vault reproducible.
    pub fn anon_contribution(
        &mut self,
        rng: &mut impl Rng,
        unit: &str,
        month: &str,
        instrument: &str,
        band: &str,
    ) -> Result<()> {
        for _ in 0..8 {
            let id: i64 = rng.gen_range(1..=i64::MAX);
            if self
                .anon
                .execute(params![id, unit, month, instrument, band])?
                == 1
            {
                self.counts.anon_contributions += 1;
                return Ok(());
            }
        }
        Err(super::Error::Sql(
            "could not find a free random id for an anonymous contribution".into(),
        ))
    }
}

impl Db<'_> {
    /// How many rows of `table` point at a row that does not exist (`PRAGMA
    /// foreign_key_check`), for a load made with enforcement off.
    pub fn dangling_references(&self, table: &str) -> Result<usize> {
        let mut statement = self.0.prepare(&format!(
            "PRAGMA foreign_key_check(\"{}\")",
            table.replace('"', "\"\"")
        ))?;
        let mut rows = statement.query([])?;
        let mut dangling = 0;
        while rows.next()?.is_some() {
            dangling += 1;
        }
        Ok(dangling)
    }
}

/// A day as the `YYYY-MM-DD` text chrono's `ToSql` stores, written without a format string
/// (formatting dates was a tenth of the generator's time).
enum DayText {
    Short([u8; 10]),
    Other(String),
}

impl DayText {
    fn of(date: NaiveDate) -> Self {
        let (year, month, day) = (date.year(), date.month(), date.day());
        let Ok(year) = u32::try_from(year) else {
            return Self::Other(date.format("%Y-%m-%d").to_string());
        };
        if year > 9999 {
            return Self::Other(date.format("%Y-%m-%d").to_string());
        }
        let digit = |n: u32| b'0' + (n % 10) as u8;
        Self::Short([
            digit(year / 1000),
            digit(year / 100),
            digit(year / 10),
            digit(year),
            b'-',
            digit(month / 10),
            digit(month),
            b'-',
            digit(day / 10),
            digit(day),
        ])
    }
}

impl ToSql for DayText {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(ValueRef::Text(match self {
            Self::Short(bytes) => bytes,
            Self::Other(text) => text.as_bytes(),
        })))
    }
}

impl Store {
    /// Turns foreign-key enforcement off for a bulk load, or back on; SQLite takes this only
    /// between transactions. Off, the load must be checked with [`Db::dangling_references`]
    /// before it commits.
    pub fn enforce_foreign_keys(&self, on: bool) -> Result<()> {
        self.conn
            .pragma_update(None, "foreign_keys", if on { "ON" } else { "OFF" })?;
        Ok(())
    }

    /// For a bulk load into a vault no one else has open: a rollback journal instead of the
    /// write-ahead log, so pages appended by the load are written once, to the database,
    /// rather than to the log and then again to the database. Still atomic. Returns whether
    /// the switch was made (another connection keeps the log, and the load simply uses it).
    pub fn journal_for_bulk_load(&self) -> Result<bool> {
        match self
            .conn
            .query_row("PRAGMA journal_mode = DELETE", [], |row| {
                row.get::<_, String>(0)
            }) {
            Ok(mode) => Ok(mode.eq_ignore_ascii_case("delete")),
            // Leaving the log needs the vault to oneself; someone else has it open.
            Err(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
                ) =>
            {
                Ok(false)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Back to the write-ahead log after [`Store::journal_for_bulk_load`].
    pub fn journal_to_wal(&self) -> Result<()> {
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
        if mode.eq_ignore_ascii_case("wal") {
            Ok(())
        } else {
            Err(super::Error::Sql(format!(
                "the vault stayed in journal mode {mode} after a bulk load"
            )))
        }
    }

    /// A larger page cache while generating, so index pages stay in memory between the
    /// rows of one transaction (`kib` kibibytes; SQLite's default is 2,000).
    pub fn set_cache_kib(&self, kib: i64) -> Result<()> {
        self.conn.pragma_update(None, "cache_size", -kib)?;
        Ok(())
    }
}

/// Triggers that keep a derived table in step with each row written (migration 0012), and
/// the statement that sets each aside. A bulk load sets them aside and rebuilds what they
/// keep once, at its end: row by row they cost a generated history a seventh of its time.
const ROW_TRIGGERS: &[(&str, &str)] = &[(
    "person_last_checkin_added",
    "DROP TRIGGER person_last_checkin_added",
)];

/// The row triggers a bulk load set aside, to put back with [`Db::restore_row_triggers`].
#[must_use]
pub struct SuspendedTriggers(Vec<String>);

impl Db<'_> {
    /// Sets the row triggers aside for a bulk load, inside its transaction (so a load that
    /// fails puts them back as it rolls back).
    pub fn suspend_row_triggers(&self) -> Result<SuspendedTriggers> {
        let mut kept = Vec::new();
        for (name, drop) in ROW_TRIGGERS {
            let sql: String = self.0.query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
                [name],
                |r| r.get(0),
            )?;
            self.0.execute_batch(drop)?;
            kept.push(sql);
        }
        Ok(SuspendedTriggers(kept))
    }

    /// After a bulk load: what the row triggers keep, worked out again from the rows (each
    /// person's latest check-in day, and latest shared one), and the triggers back as they were.
    pub fn restore_row_triggers(&self, suspended: SuspendedTriggers) -> Result<()> {
        self.0.execute_batch(
            "UPDATE person_last_checkin SET
                 last_on = (SELECT max(c.occurred_on) FROM checkins c
                            WHERE c.employee_id = person_last_checkin.employee_id),
                 last_shared_on = (SELECT max(c.occurred_on) FROM checkins c
                                   WHERE c.employee_id = person_last_checkin.employee_id
                                     AND c.visibility = 'chain')",
        )?;
        for sql in suspended.0 {
            self.0.execute_batch(&sql)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_written_as_chrono_writes_them() {
        let mut day = NaiveDate::from_ymd_opt(1999, 12, 25).unwrap();
        let end = NaiveDate::from_ymd_opt(2031, 3, 1).unwrap();
        while day < end {
            let expected = day.format("%Y-%m-%d").to_string();
            let written = DayText::of(day);
            assert!(matches!(written, DayText::Short(_)));
            let ToSqlOutput::Borrowed(ValueRef::Text(text)) = written.to_sql().unwrap() else {
                panic!("not text");
            };
            assert_eq!(text, expected.as_bytes());
            day += chrono::Duration::days(1);
        }
        for odd in [
            NaiveDate::from_ymd_opt(-44, 3, 15).unwrap(),
            NaiveDate::from_ymd_opt(12345, 1, 2).unwrap(),
            NaiveDate::from_ymd_opt(7, 7, 7).unwrap(),
        ] {
            let written = DayText::of(odd);
            let ToSqlOutput::Borrowed(ValueRef::Text(text)) = written.to_sql().unwrap() else {
                panic!("not text");
            };
            assert_eq!(text, odd.format("%Y-%m-%d").to_string().as_bytes());
        }
    }
}
