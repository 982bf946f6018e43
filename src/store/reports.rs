//! The GROUP BY queries behind the aggregate reports: counts per unit and month.
//! Returns counts only, never a person; which units a caller may see is the desk's call.

use chrono::NaiveDate;
use rusqlite::{Row, params};

use super::{Db, Result};
use crate::report::engagement::{AcceptDays, EngagementCounts, UnitMonthCount};

/// The day range a report covers: `from` included, `until` excluded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayRange {
    pub from: NaiveDate,
    pub until: NaiveDate,
}

/// Active people in their current unit: the population every figure is about.
const ACTIVE_UNIT: &str = "JOIN people p ON p.employee_id = m.employee_id AND p.active = 1";

/// A `count(*)` column, which SQLite returns as a (never negative) integer.
fn tally(row: &Row<'_>, index: usize) -> rusqlite::Result<u64> {
    let n: i64 = row.get(index)?;
    u64::try_from(n).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Integer, e.into())
    })
}

fn count_from(row: &Row<'_>) -> rusqlite::Result<UnitMonthCount> {
    Ok(UnitMonthCount {
        unit: row.get(0)?,
        month: row.get(1)?,
        key: row.get(2)?,
        count: tally(row, 3)?,
        people: tally(row, 4)?,
    })
}

impl Db<'_> {
    /// Active people per unit, by unit.
    pub fn active_headcount_by_unit(&self) -> Result<Vec<(String, u64)>> {
        let mut stmt = self.0.prepare_cached(
            "SELECT unit, count(*) FROM people WHERE active = 1 GROUP BY unit ORDER BY unit",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, tally(r, 1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The units all of whose active people are `root` or below `root` in the chain of
    /// command, by unit.
    pub fn units_within(&self, root: &str) -> Result<Vec<String>> {
        let mut stmt = self.0.prepare_cached(
            "WITH RECURSIVE within(id) AS (
                 SELECT ?1
                 UNION
                 SELECT p.employee_id FROM people p JOIN within ON p.supervisor_id = within.id
             )
             SELECT unit FROM people WHERE active = 1 GROUP BY unit
             HAVING count(*) = sum(employee_id IN (SELECT id FROM within))
             ORDER BY unit",
        )?;
        let rows = stmt.query_map([root], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Everything the engagement report counts, for check-ins, flags and referral events
    /// dated in `days` and anonymous contributions for the months `from_month..=to_month`.
    pub fn engagement_counts(
        &self,
        days: DayRange,
        from_month: &str,
        to_month: &str,
    ) -> Result<EngagementCounts> {
        Ok(EngagementCounts {
            headcount: self.active_headcount_by_unit()?,
            checked_in: self.counts(
                &format!(
                    "SELECT p.unit, m.month, '', count(*), count(*)
                     FROM (SELECT DISTINCT employee_id, substr(occurred_on, 1, 7) AS month
                           FROM checkins WHERE occurred_on >= ?1 AND occurred_on < ?2) m
                     {ACTIVE_UNIT}
                     GROUP BY p.unit, m.month"
                ),
                days,
            )?,
            stressors: self.counts(
                &format!(
                    "SELECT p.unit, m.month, m.category, count(*), count(*)
                     FROM (SELECT DISTINCT c.employee_id, substr(c.occurred_on, 1, 7) AS month,
                                  s.category
                           FROM checkins c JOIN checkin_stressors s ON s.checkin_id = c.id
                           WHERE c.occurred_on >= ?1 AND c.occurred_on < ?2) m
                     {ACTIVE_UNIT}
                     GROUP BY p.unit, m.month, m.category"
                ),
                days,
            )?,
            opened: self.counts(
                &format!(
                    "SELECT p.unit, substr(m.created_on, 1, 7) AS month, '', count(*),
                            count(DISTINCT m.employee_id)
                     FROM referrals m {ACTIVE_UNIT}
                     WHERE m.created_on >= ?1 AND m.created_on < ?2
                     GROUP BY p.unit, month"
                ),
                days,
            )?,
            closed: self.counts(
                &format!(
                    "SELECT p.unit, substr(m.closed_on, 1, 7) AS month, '', count(*),
                            count(DISTINCT m.employee_id)
                     FROM referrals m {ACTIVE_UNIT}
                     WHERE m.status = 'closed' AND m.closed_on >= ?1 AND m.closed_on < ?2
                     GROUP BY p.unit, month"
                ),
                days,
            )?,
            accepted: self.counts(
                &format!(
                    "SELECT p.unit, substr(a.accepted_on, 1, 7) AS month, '', count(*),
                            count(DISTINCT m.employee_id)
                     FROM ({FIRST_ACCEPTED}) a
                     JOIN referrals m ON m.id = a.referral_id {ACTIVE_UNIT}
                     GROUP BY p.unit, month"
                ),
                days,
            )?,
            accept_days: self.accept_days(days)?,
            bands: self.anon_bands(from_month, to_month)?,
        })
    }

    fn counts(&self, sql: &str, days: DayRange) -> Result<Vec<UnitMonthCount>> {
        let mut stmt = self.0.prepare_cached(sql)?;
        let rows = stmt.query_map(params![days.from, days.until], count_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whole days from opening to first acceptance, per unit and month of acceptance.
    fn accept_days(&self, days: DayRange) -> Result<Vec<AcceptDays>> {
        let mut stmt = self.0.prepare_cached(&format!(
            "SELECT p.unit, substr(a.accepted_on, 1, 7) AS month,
                    CAST(julianday(a.accepted_on) - julianday(m.created_on) AS INTEGER) AS days,
                    count(*)
             FROM ({FIRST_ACCEPTED}) a
             JOIN referrals m ON m.id = a.referral_id {ACTIVE_UNIT}
             GROUP BY p.unit, month, days"
        ))?;
        let rows = stmt.query_map(params![days.from, days.until], |r| {
            Ok(AcceptDays {
                unit: r.get(0)?,
                month: r.get(1)?,
                days: r.get(2)?,
                referrals: tally(r, 3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Anonymous contributions per unit, month and `instrument.band`; each is one person.
    fn anon_bands(&self, from_month: &str, to_month: &str) -> Result<Vec<UnitMonthCount>> {
        let mut stmt = self.0.prepare_cached(
            "SELECT unit, month, instrument || '.' || band, count(*), count(*)
             FROM anon_contributions WHERE month >= ?1 AND month <= ?2
             GROUP BY unit, month, instrument, band",
        )?;
        let rows = stmt.query_map(params![from_month, to_month], count_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Each referral's first acceptance dated in ?1 ≤ day < ?2.
const FIRST_ACCEPTED: &str = "SELECT referral_id, min(on_date) AS accepted_on
     FROM referral_events WHERE status = 'accepted'
     GROUP BY referral_id
     HAVING accepted_on >= ?1 AND accepted_on < ?2";
