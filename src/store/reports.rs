//! The queries behind the aggregate reports: counts per unit and month.
//! Returns counts only, never a person; which units a caller may see is the desk's call.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use rusqlite::types::ValueRef;
use rusqlite::{Row, params};

use super::{Db, Error, Result};
use crate::report::engagement::{AcceptDays, EngagementCounts, UnitMonthCount};

/// The months a report covers, `YYYY-MM`, both included.
#[derive(Clone, Copy, Debug)]
struct MonthRange<'a> {
    from: &'a str,
    to: &'a str,
}

impl MonthRange<'_> {
    fn holds(&self, month: &str) -> bool {
        (self.from..=self.to).contains(&month)
    }
}

/// Each referral first accepted in a month ?1..=?2: that month, its person, and the whole
/// days from its opening to that acceptance. The events are read in file order (NOT
/// INDEXED): the index by referral would visit the same rows scattered, for no gain.
const FIRST_ACCEPTED: &str = "SELECT substr(a.accepted_on, 1, 7), r.employee_id,
            CAST(julianday(a.accepted_on) - julianday(r.created_on) AS INTEGER)
     FROM (SELECT referral_id, min(on_date) AS accepted_on FROM referral_events NOT INDEXED
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

/// Small integer names for repeated strings (units, months, categories), so the tallies
/// below hash numbers rather than text.
#[derive(Default)]
struct Names {
    index: HashMap<String, u32>,
    names: Vec<String>,
    /// The last name asked for: rows come mostly grouped by month.
    last: Option<u32>,
}

impl Names {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(last) = self.last
            && self.names[last as usize] == name
        {
            return last;
        }
        let id = match self.index.get(name) {
            Some(&id) => id,
            None => {
                let id = self.names.len() as u32;
                self.index.insert(name.to_string(), id);
                self.names.push(name.to_string());
                id
            }
        };
        self.last = Some(id);
        id
    }

    fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }
}

/// Hashes the small integers the tallies are keyed by. They are our own numbering, never
/// text from outside, so a fast multiplicative hash is safe where SipHash (the default,
/// which resists crafted keys) would cost more than the rest of the count.
#[derive(Clone, Copy, Default)]
struct NumberHasher(u64);

impl Hasher for NumberHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type NumberMap<K, V> = HashMap<K, V, BuildHasherDefault<NumberHasher>>;
type NumberSet<K> = HashSet<K, BuildHasherDefault<NumberHasher>>;

/// (unit, month, key) of one figure, as numbers from [`Names`].
type Cell = (u32, u32, u32);

/// The figures being counted: rows and distinct people per cell.
#[derive(Default)]
struct Tally {
    rows: NumberMap<Cell, u64>,
    people: NumberMap<Cell, u64>,
    seen: NumberSet<(Cell, u32)>,
}

impl Tally {
    fn add(&mut self, cell: Cell, person: u32) {
        *self.rows.entry(cell).or_default() += 1;
        if self.seen.insert((cell, person)) {
            *self.people.entry(cell).or_default() += 1;
        }
    }

    /// Adds a row from a person the caller knows is new in `cell`.
    fn add_new(&mut self, cell: Cell) {
        *self.rows.entry(cell).or_default() += 1;
        *self.people.entry(cell).or_default() += 1;
    }
}

/// Whom the figures are about (active people, in their current unit) and the names
/// of the units, months and keys met while counting.
struct Counting {
    people: HashMap<String, (u32, u32)>,
    units: Names,
    months: Names,
    keys: Names,
}

impl Counting {
    /// The counted person `employee_id` and their unit, if they are active.
    fn person(&self, employee_id: &str) -> Option<(u32, u32)> {
        self.people.get(employee_id).copied()
    }

    /// The cell of `unit` in `month` under `key`.
    fn cell(&mut self, unit: u32, month: &str, key: &str) -> Cell {
        (unit, self.months.id(month), self.keys.id(key))
    }

    /// The tallied figures: counting rows, or distinct people, and from how many people.
    fn figures(&self, tally: &Tally, count_people: bool) -> Vec<UnitMonthCount> {
        tally
            .people
            .iter()
            .map(|(&(unit, month, key), &people)| UnitMonthCount {
                unit: self.units.name(unit).to_string(),
                month: self.months.name(month).to_string(),
                key: self.keys.name(key).to_string(),
                count: if count_people {
                    people
                } else {
                    tally.rows.get(&(unit, month, key)).copied().unwrap_or(0)
                },
                people,
            })
            .collect()
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
    ///
    /// Each source is read once, in a plain range query over an index where there is one;
    /// people are told apart and mapped to their units here, in memory, because joining
    /// `people` for each of a year's check-ins costs several times the whole pass.
    pub fn engagement_counts(&self, from: &str, to: &str) -> Result<EngagementCounts> {
        let months = MonthRange { from, to };
        let mut counting = self.population()?;

        let (checked, flagged) = self.checkin_tallies(&mut counting, months)?;
        let mut opened = Tally::default();
        let mut closed = Tally::default();
        self.each_row(
            "SELECT substr(created_on, 1, 7), employee_id,
                    CASE WHEN status = 'closed' THEN substr(closed_on, 1, 7) END
             FROM referrals
             WHERE substr(created_on, 1, 7) BETWEEN ?1 AND ?2
                OR (status = 'closed' AND substr(closed_on, 1, 7) BETWEEN ?1 AND ?2)",
            months,
            |row| {
                let (Some(created), Some(id), closed_in) =
                    (text(row, 0)?, text(row, 1)?, text(row, 2)?)
                else {
                    return Ok(());
                };
                let Some((person, unit)) = counting.person(id) else {
                    return Ok(());
                };
                if months.holds(created) {
                    opened.add(counting.cell(unit, created, ""), person);
                }
                if let Some(month) = closed_in.filter(|m| months.holds(m)) {
                    closed.add(counting.cell(unit, month, ""), person);
                }
                Ok(())
            },
        )?;
        let mut accepted = Tally::default();
        let mut days: HashMap<(u32, u32, i64), u64> = HashMap::new();
        self.each_row(FIRST_ACCEPTED, months, |row| {
            if let Some((unit, month, _)) = tally_row(&mut counting, &mut accepted, row)? {
                *days.entry((unit, month, row.get(2)?)).or_default() += 1;
            }
            Ok(())
        })?;

        // Read in file order (NOT INDEXED): the index leads with the unit, so a range of
        // months would be a skip-scan visiting every unit's rows scattered.
        let mut stmt = self.0.prepare_cached(
            "SELECT unit, month, instrument || '.' || band, count(*), count(*)
             FROM anon_contributions NOT INDEXED WHERE month BETWEEN ?1 AND ?2
             GROUP BY unit, month, instrument, band",
        )?;
        let bands = stmt
            .query_map(params![months.from, months.to], |r| {
                Ok(UnitMonthCount {
                    unit: r.get(0)?,
                    month: r.get(1)?,
                    key: r.get(2)?,
                    count: tally(r, 3)?,
                    people: tally(r, 4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;

        Ok(EngagementCounts {
            headcount: self.active_headcount_by_unit()?,
            checked_in: counting.figures(&checked, true),
            stressors: counting.figures(&flagged, true),
            opened: counting.figures(&opened, false),
            closed: counting.figures(&closed, false),
            accepted: counting.figures(&accepted, false),
            accept_days: days
                .into_iter()
                .map(|((unit, month, days), referrals)| AcceptDays {
                    unit: counting.units.name(unit).to_string(),
                    month: counting.months.name(month).to_string(),
                    days,
                    referrals,
                })
                .collect(),
            bands,
        })
    }

    /// Every active person, numbered, with their unit.
    fn population(&self) -> Result<Counting> {
        let mut counting = Counting {
            people: HashMap::new(),
            units: Names::default(),
            months: Names::default(),
            keys: Names::default(),
        };
        let mut stmt = self
            .0
            .prepare_cached("SELECT employee_id, unit FROM people WHERE active = 1")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            if let (Some(id), Some(unit)) = (text(row, 0)?, text(row, 1)?) {
                let person = counting.people.len() as u32;
                let unit = counting.units.id(unit);
                counting.people.insert(id.to_string(), (person, unit));
            }
        }
        Ok(counting)
    }

    /// Runs `sql` over the months and hands each row to `visit`.
    fn each_row<T>(
        &self,
        sql: &str,
        months: MonthRange<'_>,
        mut visit: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> Result<()> {
        let mut stmt = self.0.prepare_cached(sql)?;
        let mut rows = stmt.query(params![months.from, months.to])?;
        while let Some(row) = rows.next()? {
            visit(row)?;
        }
        Ok(())
    }

    /// People checked in with, and people flagged per stressor category, per unit and
    /// month. The month index gives each check-in in range (month, person, id) without
    /// touching the table; then the flags on those ids are read in id order and matched
    /// to them in one merge, rather than probing the flags once per check-in.
    fn checkin_tallies(
        &self,
        counting: &mut Counting,
        months: MonthRange<'_>,
    ) -> Result<(Tally, Tally)> {
        let mut checked = Tally::default();
        // Which months each person was already counted in, one bit per month: a year
        // of check-ins is a row per check-in, and a set of (person, month) pairs would
        // cost more than reading them.
        let mut months_seen = vec![0u128; counting.people.len()];
        // (check-in id, unit, month, person) of every counted check-in.
        let mut counted: Vec<(i64, u32, u32, u32)> = Vec::new();
        self.each_row(
            "SELECT substr(occurred_on, 1, 7), employee_id, id FROM checkins
             WHERE substr(occurred_on, 1, 7) BETWEEN ?1 AND ?2",
            months,
            |row| {
                let (Some(month), Some(id)) = (text(row, 0)?, text(row, 1)?) else {
                    return Ok(());
                };
                let Some((person, unit)) = counting.person(id) else {
                    return Ok(());
                };
                let cell = counting.cell(unit, month, "");
                let bit = 1u128
                    .checked_shl(cell.1)
                    .ok_or_else(|| Error::Sql("a report covers at most 128 months".into()))?;
                let seen = &mut months_seen[person as usize];
                if *seen & bit == 0 {
                    *seen |= bit;
                    checked.add_new(cell);
                }
                counted.push((row.get(2)?, unit, cell.1, person));
                Ok(())
            },
        )?;
        let mut flagged = Tally::default();
        counted.sort_unstable_by_key(|c| c.0);
        let (Some(first), Some(last)) = (counted.first(), counted.last()) else {
            return Ok((checked, flagged));
        };
        let mut next = counted.iter().peekable();
        let mut stmt = self.0.prepare_cached(
            "SELECT checkin_id, category FROM checkin_stressors
             WHERE checkin_id BETWEEN ?1 AND ?2 ORDER BY checkin_id",
        )?;
        let mut rows = stmt.query(params![first.0, last.0])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            while next.next_if(|c| c.0 < id).is_some() {}
            if let Some(&&(_, unit, month, person)) = next.peek().filter(|c| c.0 == id)
                && let Some(category) = text(row, 1)?
            {
                let key = counting.keys.id(category);
                flagged.add((unit, month, key), person);
            }
        }
        Ok((checked, flagged))
    }
}

/// Tallies a row whose first two columns are a month and an employee id, if that person
/// is counted; returns (unit, month, person) as numbers.
fn tally_row(
    counting: &mut Counting,
    tally: &mut Tally,
    row: &Row<'_>,
) -> Result<Option<(u32, u32, u32)>> {
    let (Some(month), Some(id)) = (text(row, 0)?, text(row, 1)?) else {
        return Ok(None);
    };
    let Some((person, unit)) = counting.person(id) else {
        return Ok(None);
    };
    let cell = counting.cell(unit, month, "");
    tally.add(cell, person);
    Ok(Some((unit, cell.1, person)))
}
