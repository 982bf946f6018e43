//! Queries for the daily rules run: each person's next-change day (`rules_next_change`), and
//! who had records written since a point in the audit log (read from `audit_records`, which
//! names every audited row each entry wrote). Knows nothing of rules or roles.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use rusqlite::params;

use super::records::{AUDITED_TABLES, AuditedTable};
use super::{Db, Result};

/// The people whose records audit entries after some point wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WrittenSince {
    pub people: BTreeSet<String>,
    /// Some row written then cannot be traced to a person any more (a referral deleted
    /// since), or more than the caller's limit were written: only evaluating everyone is
    /// sure to cover them.
    pub incomplete: bool,
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
            .query_row("SELECT coalesce(max(seq), 0) FROM audit_log", [], |r| {
                r.get(0)
            })?)
    }

    /// The people whose next-change day is `on` or earlier.
    pub fn people_due(&self, on: NaiveDate) -> Result<Vec<String>> {
        let mut stmt = self
            .0
            .prepare_cached("SELECT employee_id FROM rules_next_change WHERE due_on <= ?1")?;
        let rows = stmt.query_map([on], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Keeps one person's next-change day (None: no row, nothing to wait for).
    pub fn set_next_change(&self, employee_id: &str, due_on: Option<NaiveDate>) -> Result<()> {
        match due_on {
            Some(day) => self
                .0
                .prepare_cached(
                    "INSERT INTO rules_next_change (employee_id, due_on) VALUES (?1, ?2)
                     ON CONFLICT(employee_id) DO UPDATE SET due_on = excluded.due_on",
                )?
                .execute(params![employee_id, day])?,
            None => self
                .0
                .prepare_cached("DELETE FROM rules_next_change WHERE employee_id = ?1")?
                .execute([employee_id])?,
        };
        Ok(())
    }

    /// Makes the table hold exactly `days`, writing only the rows that differ.
    pub fn replace_next_changes(&self, days: &HashMap<String, NaiveDate>) -> Result<()> {
        let mut kept: HashMap<String, NaiveDate> = HashMap::new();
        {
            let mut stmt = self
                .0
                .prepare_cached("SELECT employee_id, due_on FROM rules_next_change")?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                kept.insert(row.get(0)?, row.get(1)?);
            }
        }
        let mut changed: Vec<(&String, &NaiveDate)> = days
            .iter()
            .filter(|(who, day)| kept.get(*who) != Some(day))
            .collect();
        changed.sort();
        for (who, day) in changed {
            self.set_next_change(who, Some(*day))?;
        }
        let mut gone: Vec<&String> = kept.keys().filter(|who| !days.contains_key(*who)).collect();
        gone.sort();
        for who in gone {
            self.set_next_change(who, None)?;
        }
        Ok(())
    }

    /// The people whose check-ins (and their flags and versions), referrals (and their
    /// events), roster rows or mentor pairings audit entries after `seq` wrote, stopping
    /// once more than `limit` are found (then `incomplete`).
    pub fn people_written_since(&self, seq: i64, limit: usize) -> Result<WrittenSince> {
        let mut stmt = self.0.prepare_cached(
            "SELECT CASE r.tbl
                     WHEN ?2 THEN r.k1
                     WHEN ?3 THEN r.k2
                     WHEN ?4 THEN (SELECT employee_id FROM referrals WHERE id = r.k1)
                     WHEN ?5 THEN (SELECT f.employee_id FROM referral_events e
                                   JOIN referrals f ON f.id = e.referral_id WHERE e.id = r.k1)
                     ELSE (SELECT employee_id FROM checkins WHERE id = r.k1)
                   END
             FROM audit_records r
             WHERE r.seq > ?1 AND r.tbl IN (?2, ?3, ?4, ?5, ?6, ?7, ?8)",
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
            match row.get::<_, Option<String>>(0)? {
                Some(who) => {
                    out.people.insert(who);
                }
                None => out.incomplete = true,
            }
            if out.incomplete || out.people.len() > limit {
                out.incomplete = true;
                break;
            }
        }
        Ok(out)
    }

    /// How many people are active (on the roster, not marked inactive).
    pub fn active_people_count(&self) -> Result<usize> {
        let n: i64 = self
            .0
            .query_row("SELECT count(*) FROM people WHERE active = 1", [], |r| {
                r.get(0)
            })?;
        Ok(n as usize)
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

    #[test]
    fn next_change_days_are_kept_replaced_and_found_when_due() {
        let (_dir, store) = store();
        store
            .write_unaudited(|db| {
                db.set_next_change("E1", Some(day(5)))?;
                db.set_next_change("E2", Some(day(9)))?;
                db.set_next_change("E2", Some(day(7)))?;
                db.set_next_change("E3", Some(day(2)))?;
                db.set_next_change("E3", None)
            })
            .unwrap();
        let db = store.db();
        assert_eq!(db.people_due(day(4)).unwrap(), Vec::<String>::new());
        assert_eq!(db.people_due(day(5)).unwrap(), ["E1"]);
        let mut due = db.people_due(day(30)).unwrap();
        due.sort();
        assert_eq!(due, ["E1", "E2"]);
        let days = HashMap::from([("E2".to_string(), day(20)), ("E4".to_string(), day(6))]);
        store
            .write_unaudited(|db| db.replace_next_changes(&days))
            .unwrap();
        let mut due = store.db().people_due(day(30)).unwrap();
        due.sort();
        assert_eq!(due, ["E2", "E4"]);
        assert_eq!(store.db().people_due(day(6)).unwrap(), ["E4"]);
    }
}
