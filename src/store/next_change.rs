//! Queries for the daily rules run: each person's next-change day and last evaluation by a
//! write (`rules_next_change`), and who had records written since a point in the audit log
//! (read from `audit_records`, which names every audited row each entry wrote). Knows
//! nothing of rules or roles.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::records::{AUDITED_TABLES, AuditedTable};
use super::{Db, Result};

/// The people whose records audit entries after some point wrote, each with the last such
/// entry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WrittenSince {
    pub people: BTreeMap<String, i64>,
    /// Some row written then cannot be traced to a person any more (a referral deleted
    /// since), or more than the caller's limit were written: only evaluating everyone is
    /// sure to cover them.
    pub incomplete: bool,
}

/// One person evaluated inside a write: the day evaluated for, the first day the result
/// could change with no new record, and the last audit entry whose records it saw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Evaluated {
    pub on: NaiveDate,
    pub next_change: Option<NaiveDate>,
    pub seen_seq: i64,
}

fn code(name: &str) -> i64 {
    AUDITED_TABLES
        .iter()
        .find(|t| t.name == name)
        .map_or(-1, |t: &AuditedTable| t.code)
}

impl Db<'_> {
    /// The sequence number of the last audit entry (0 before the first).
    pub fn audit_head_seq(&self) -> Result<i64> {
        Ok(self
            .0
            .prepare_cached("SELECT coalesce(max(seq), 0) FROM audit_log")?
            .query_row([], |r| r.get(0))?)
    }

    /// The people whose next-change day is `on` or earlier.
    pub fn people_due(&self, on: NaiveDate) -> Result<Vec<String>> {
        let mut stmt = self.0.prepare_cached(
            "SELECT employee_id FROM rules_next_change
             WHERE due_on IS NOT NULL AND due_on <= ?1",
        )?;
        let rows = stmt.query_map([on], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Keeps what one evaluation inside a write found.
    pub fn record_evaluation(&self, employee_id: &str, evaluated: &Evaluated) -> Result<()> {
        self.0
            .prepare_cached(
                "INSERT INTO rules_next_change (employee_id, due_on, evaluated_on, seen_seq)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(employee_id) DO UPDATE SET due_on = excluded.due_on,
                     evaluated_on = excluded.evaluated_on, seen_seq = excluded.seen_seq",
            )?
            .execute(params![
                employee_id,
                evaluated.next_change,
                evaluated.on,
                evaluated.seen_seq
            ])?;
        Ok(())
    }

    /// The day the last evaluation by a write was for, and the last entry it saw.
    pub fn last_evaluation(&self, employee_id: &str) -> Result<Option<(NaiveDate, i64)>> {
        Ok(self
            .0
            .prepare_cached(
                "SELECT evaluated_on, seen_seq FROM rules_next_change
                 WHERE employee_id = ?1 AND evaluated_on IS NOT NULL AND seen_seq IS NOT NULL",
            )?
            .query_row([employee_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// After a full run: everyone's next-change day is `days` (writing only the rows that
    /// differ), and an evaluation by a write that saw entries after `seen_seq` — made while
    /// the run was reading, and overtaken by what the run wrote — no longer counts.
    pub fn replace_next_changes(
        &self,
        days: &HashMap<String, NaiveDate>,
        seen_seq: i64,
    ) -> Result<()> {
        let mut kept: HashMap<String, NaiveDate> = HashMap::new();
        {
            let mut stmt = self.0.prepare_cached(
                "SELECT employee_id, due_on FROM rules_next_change WHERE due_on IS NOT NULL",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                kept.insert(row.get(0)?, row.get(1)?);
            }
        }
        let mut changed: Vec<(&String, Option<&NaiveDate>)> = days
            .iter()
            .filter(|(who, day)| kept.get(*who) != Some(day))
            .map(|(who, day)| (who, Some(day)))
            .chain(
                kept.keys()
                    .filter(|who| !days.contains_key(*who))
                    .map(|who| (who, None)),
            )
            .collect();
        changed.sort();
        let mut set = self.0.prepare_cached(
            "INSERT INTO rules_next_change (employee_id, due_on) VALUES (?1, ?2)
             ON CONFLICT(employee_id) DO UPDATE SET due_on = excluded.due_on",
        )?;
        for (who, day) in changed {
            set.execute(params![who, day])?;
        }
        self.0
            .prepare_cached("UPDATE rules_next_change SET seen_seq = NULL WHERE seen_seq > ?1")?
            .execute([seen_seq])?;
        Ok(())
    }

    /// The people whose check-ins (and their flags and versions), referrals (and their
    /// events), roster rows or mentor pairings audit entries after `seq` wrote, with the
    /// last such entry, stopping once more than `limit` are found (then `incomplete`).
    pub fn people_written_since(&self, seq: i64, limit: usize) -> Result<WrittenSince> {
        // By the entries' order (`audit_records_by_seq`), a few days' worth; the unary `+`
        // keeps the planner off the primary key, which would walk every record of the
        // tables named.
        let mut stmt = self.0.prepare_cached(
            "SELECT CASE r.tbl
                     WHEN ?2 THEN r.k1
                     WHEN ?3 THEN r.k2
                     WHEN ?4 THEN (SELECT employee_id FROM referrals WHERE id = r.k1)
                     WHEN ?5 THEN (SELECT f.employee_id FROM referral_events e
                                   JOIN referrals f ON f.id = e.referral_id WHERE e.id = r.k1)
                     ELSE (SELECT employee_id FROM checkins WHERE id = r.k1)
                   END,
                   r.seq
             FROM audit_records r
             WHERE r.seq > ?1 AND +r.tbl IN (?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        let mut rows = stmt.query(params![
            seq,
            code("people"),
            code("mentorships"),
            code("referrals"),
            code("referral_events"),
            code("checkins"),
            code("checkin_stressors"),
            code("checkin_versions"),
        ])?;
        let mut out = WrittenSince::default();
        while let Some(row) = rows.next()? {
            let Some(who) = row.get::<_, Option<String>>(0)? else {
                out.incomplete = true;
                break;
            };
            let seq: i64 = row.get(1)?;
            let last = out.people.entry(who).or_insert(seq);
            *last = (*last).max(seq);
            if out.people.len() > limit {
                out.incomplete = true;
                break;
            }
        }
        Ok(out)
    }

    /// How many prompts are open.
    pub fn open_prompt_count(&self) -> Result<usize> {
        let n: i64 = self.0.query_row(
            "SELECT count(*) FROM prompts WHERE state = 'open'",
            [],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use crate::vault::MasterKey;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(
            &dir.path().join("v").join("steady.db"),
            &MasterKey::random(),
            "vault-1",
        )
        .unwrap();
        (dir, store)
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn evaluated(next_change: Option<u32>) -> Evaluated {
        Evaluated {
            on: day(1),
            next_change: next_change.map(day),
            seen_seq: 7,
        }
    }

    #[test]
    fn next_change_days_are_kept_replaced_and_found_when_due() {
        let (_dir, store) = store();
        store
            .write_unaudited(|db| {
                db.record_evaluation("E1", &evaluated(Some(5)))?;
                db.record_evaluation("E2", &evaluated(Some(9)))?;
                db.record_evaluation("E2", &evaluated(Some(7)))?;
                db.record_evaluation("E3", &evaluated(Some(2)))?;
                db.record_evaluation("E3", &evaluated(None))
            })
            .unwrap();
        let db = store.db();
        assert_eq!(db.people_due(day(4)).unwrap(), Vec::<String>::new());
        assert_eq!(db.people_due(day(5)).unwrap(), ["E1"]);
        let mut due = db.people_due(day(30)).unwrap();
        due.sort();
        assert_eq!(due, ["E1", "E2"]);
        assert_eq!(db.last_evaluation("E3").unwrap(), Some((day(1), 7)));
        assert_eq!(db.last_evaluation("E9").unwrap(), None);
        // A full run that had seen entries up to 6: the evaluations that saw 7 were made
        // while it read, so they no longer count; the days are the run's.
        let days = HashMap::from([("E2".to_string(), day(20)), ("E4".to_string(), day(6))]);
        store
            .write_unaudited(|db| db.replace_next_changes(&days, 6))
            .unwrap();
        let mut due = store.db().people_due(day(30)).unwrap();
        due.sort();
        assert_eq!(due, ["E2", "E4"]);
        assert_eq!(store.db().people_due(day(6)).unwrap(), ["E4"]);
        assert_eq!(store.db().last_evaluation("E3").unwrap(), None);
        store
            .write_unaudited(|db| {
                db.record_evaluation("E3", &evaluated(None))?;
                db.replace_next_changes(&days, 7)
            })
            .unwrap();
        assert_eq!(store.db().last_evaluation("E3").unwrap(), Some((day(1), 7)));
    }
}
