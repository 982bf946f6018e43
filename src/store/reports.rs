//! The queries behind the aggregate reports: counts per unit and month.
//! Returns counts only, never a person; which units a caller may see is the desk's call.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use rusqlite::types::ValueRef;
use rusqlite::{Row, params};

use super::{Db, Error, Result};
use crate::report::engagement::{AcceptDays, EngagementCounts, UnitMonthCount};

/// The page cache while a report runs, in KiB. A year of check-ins probes the stressor
/// index over a million times; with SQLite's default 2 MiB most probes would decrypt a
/// page again.
const REPORT_CACHE_KIB: i64 = 64 * 1024;

/// The months a report covers, `YYYY-MM`, both included.
#[derive(Clone, Copy, Debug)]
struct MonthRange<'a> {
    from: &'a str,
    to: &'a str,
}

/// Joins each counted row `m` (with an `employee_id`) to its person's current unit,
/// keeping only active people: the population every figure is about.
const ACTIVE_UNIT: &str = "CROSS JOIN people p ON p.employee_id = m.employee_id WHERE p.active = 1";

/// Each referral first accepted in a month ?1..=?2: its person, that month, and the whole
/// days from its opening to that acceptance.
const FIRST_ACCEPTED: &str = "SELECT r.employee_id, substr(a.accepted_on, 1, 7) AS month,
            CAST(julianday(a.accepted_on) - julianday(r.created_on) AS INTEGER) AS days
     FROM (SELECT referral_id, min(on_date) AS accepted_on FROM referral_events
           WHERE status = 'accepted' GROUP BY referral_id) a
     JOIN referrals r ON r.id = a.referral_id
     WHERE substr(a.accepted_on, 1, 7) BETWEEN ?1 AND ?2";

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

/// A text column read in place, without copying it out of SQLite.
fn text<'r>(row: &'r Row<'_>, index: usize) -> Result<Option<&'r str>> {
    match row.get_ref(index)? {
        ValueRef::Null => Ok(None),
        value => value
            .as_str()
            .map(Some)
            .map_err(|e| Error::Sql(format!("column {index}: {e}"))),
    }
}

/// Small integer names for repeated strings (months, units, categories), so the tallies
/// below hash numbers rather than text.
#[derive(Default)]
struct Names {
    index: HashMap<String, u32>,
    names: Vec<String>,
}

impl Names {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.index.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.index.insert(name.to_string(), id);
        self.names.push(name.to_string());
        id
    }

    fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }
}

/// People counted once per key: how many distinct people each key has.
struct DistinctPeople<K> {
    seen: HashSet<(K, u32)>,
    counts: HashMap<K, u64>,
}

impl<K: Copy + Eq + Hash> DistinctPeople<K> {
    fn new() -> Self {
        Self {
            seen: HashSet::new(),
            counts: HashMap::new(),
        }
    }

    fn add(&mut self, key: K, person: u32) {
        if self.seen.insert((key, person)) {
            *self.counts.entry(key).or_default() += 1;
        }
    }
}

/// Restores the connection's page cache size when a report is done, however it ends.
struct CacheSize<'a> {
    db: &'a Db<'a>,
    before: i64,
}

impl Drop for CacheSize<'_> {
    fn drop(&mut self) {
        let _ = self.db.0.pragma_update(None, "cache_size", self.before);
    }
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

    /// Everything the engagement report counts, for the months `from..=to` (`YYYY-MM`).
    pub fn engagement_counts(&self, from: &str, to: &str) -> Result<EngagementCounts> {
        let months = MonthRange { from, to };
        let before: i64 = self.0.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        let _restore = CacheSize { db: self, before };
        self.0
            .pragma_update(None, "cache_size", -REPORT_CACHE_KIB)?;
        let (checked_in, stressors) = self.checkin_counts(months)?;
        Ok(EngagementCounts {
            headcount: self.active_headcount_by_unit()?,
            checked_in,
            stressors,
            opened: self.counts(
                &format!(
                    "SELECT p.unit, m.month, '', count(*), count(DISTINCT m.employee_id)
                     FROM (SELECT substr(created_on, 1, 7) AS month, employee_id FROM referrals
                           WHERE substr(created_on, 1, 7) BETWEEN ?1 AND ?2) m
                     {ACTIVE_UNIT}
                     GROUP BY p.unit, m.month"
                ),
                months,
            )?,
            closed: self.counts(
                &format!(
                    "SELECT p.unit, m.month, '', count(*), count(DISTINCT m.employee_id)
                     FROM (SELECT substr(closed_on, 1, 7) AS month, employee_id FROM referrals
                           WHERE status = 'closed'
                             AND substr(closed_on, 1, 7) BETWEEN ?1 AND ?2) m
                     {ACTIVE_UNIT}
                     GROUP BY p.unit, m.month"
                ),
                months,
            )?,
            accepted: self.counts(
                &format!(
                    "SELECT p.unit, m.month, '', count(*), count(DISTINCT m.employee_id)
                     FROM ({FIRST_ACCEPTED}) m {ACTIVE_UNIT}
                     GROUP BY p.unit, m.month"
                ),
                months,
            )?,
            accept_days: self.accept_days(months)?,
            bands: self.counts(
                "SELECT unit, month, instrument || '.' || band, count(*), count(*)
                 FROM anon_contributions WHERE month BETWEEN ?1 AND ?2
                 GROUP BY unit, month, instrument, band",
                months,
            )?,
        })
    }

    fn counts(&self, sql: &str, months: MonthRange<'_>) -> Result<Vec<UnitMonthCount>> {
        let mut stmt = self.0.prepare_cached(sql)?;
        let rows = stmt.query_map(params![months.from, months.to], count_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// People checked in with, and people flagged per stressor category, per unit and
    /// month. One pass over the month index (each check-in with its flags, if any); the
    /// people are told apart and mapped to their units here, in memory, because a join
    /// to `people` for each of a year's check-ins costs several times the whole pass.
    fn checkin_counts(
        &self,
        months: MonthRange<'_>,
    ) -> Result<(Vec<UnitMonthCount>, Vec<UnitMonthCount>)> {
        let mut units = Names::default();
        let mut people: HashMap<String, (u32, u32)> = HashMap::new();
        let mut stmt = self
            .0
            .prepare_cached("SELECT employee_id, unit FROM people WHERE active = 1")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let (Some(id), Some(unit)) = (text(row, 0)?, text(row, 1)?) else {
                continue;
            };
            let person = people.len() as u32;
            people.insert(id.to_string(), (person, units.id(unit)));
        }

        let mut month_names = Names::default();
        let mut categories = Names::default();
        let mut checked = DistinctPeople::<(u32, u32)>::new();
        let mut flagged = DistinctPeople::<(u32, u32, u32)>::new();
        let mut stmt = self.0.prepare_cached(
            "SELECT substr(c.occurred_on, 1, 7), c.employee_id, s.category
             FROM checkins c LEFT JOIN checkin_stressors s ON s.checkin_id = c.id
             WHERE substr(c.occurred_on, 1, 7) BETWEEN ?1 AND ?2",
        )?;
        let mut rows = stmt.query(params![months.from, months.to])?;
        while let Some(row) = rows.next()? {
            let (Some(month), Some(id)) = (text(row, 0)?, text(row, 1)?) else {
                continue;
            };
            let Some(&(person, unit)) = people.get(id) else {
                continue;
            };
            let month = month_names.id(month);
            checked.add((unit, month), person);
            if let Some(category) = text(row, 2)? {
                flagged.add((unit, month, categories.id(category)), person);
            }
        }

        let count = |unit: u32, month: u32, key: String, n: u64| UnitMonthCount {
            unit: units.name(unit).to_string(),
            month: month_names.name(month).to_string(),
            key,
            count: n,
            people: n,
        };
        let checked_in = checked
            .counts
            .into_iter()
            .map(|((unit, month), n)| count(unit, month, String::new(), n))
            .collect();
        let stressors = flagged
            .counts
            .into_iter()
            .map(|((unit, month, category), n)| {
                count(unit, month, categories.name(category).to_string(), n)
            })
            .collect();
        Ok((checked_in, stressors))
    }

    /// Whole days from opening to first acceptance, per unit and month of acceptance.
    fn accept_days(&self, months: MonthRange<'_>) -> Result<Vec<AcceptDays>> {
        let mut stmt = self.0.prepare_cached(&format!(
            "SELECT p.unit, m.month, m.days, count(*)
             FROM ({FIRST_ACCEPTED}) m {ACTIVE_UNIT}
             GROUP BY p.unit, m.month, m.days"
        ))?;
        let rows = stmt.query_map(params![months.from, months.to], |r| {
            Ok(AcceptDays {
                unit: r.get(0)?,
                month: r.get(1)?,
                days: r.get(2)?,
                referrals: tally(r, 3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
