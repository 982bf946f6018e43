//! Queries over `people` and `mentorships`.

use rusqlite::{OptionalExtension, Row, params};

use super::{Db, Result};
use crate::domain::Person;

const PERSON_COLUMNS: &str = "p.employee_id, p.name, p.unit, p.supervisor_id, p.active";

fn person_from(row: &Row<'_>) -> rusqlite::Result<Person> {
    Ok(Person {
        employee_id: row.get(0)?,
        name: row.get(1)?,
        unit: row.get(2)?,
        supervisor_id: row.get(3)?,
        active: row.get(4)?,
    })
}

impl Db<'_> {
    pub fn person(&self, employee_id: &str) -> Result<Option<Person>> {
        Ok(self
            .0
            .query_row(
                &format!("SELECT {PERSON_COLUMNS} FROM people p WHERE p.employee_id = ?1"),
                [employee_id],
                person_from,
            )
            .optional()?)
    }

    /// Everyone, sorted by name (the directory order of every list).
    pub fn all_people(&self) -> Result<Vec<Person>> {
        let mut stmt = self.0.prepare_cached(&format!(
            "SELECT {PERSON_COLUMNS} FROM people p ORDER BY p.name COLLATE NOCASE, p.employee_id"
        ))?;
        let rows = stmt.query_map([], person_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Everyone below `root` in the chain of command (not `root` itself), sorted by name.
    pub fn subtree(&self, root: &str) -> Result<Vec<Person>> {
        let mut stmt = self.0.prepare_cached(&format!(
            "WITH RECURSIVE below(id) AS (
                 SELECT employee_id FROM people WHERE supervisor_id = ?1
                 UNION
                 SELECT p.employee_id FROM people p JOIN below ON p.supervisor_id = below.id
             )
             SELECT {PERSON_COLUMNS} FROM people p JOIN below ON p.employee_id = below.id
             ORDER BY p.name COLLATE NOCASE, p.employee_id"
        ))?;
        let rows = stmt.query_map([root], person_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether `root` is above `target` in the chain of command (walks up from the target).
    pub fn is_above(&self, root: &str, target: &str) -> Result<bool> {
        Ok(self.0.query_row(
            "WITH RECURSIVE up(id, depth) AS (
                 SELECT supervisor_id, 1 FROM people WHERE employee_id = ?2
                 UNION
                 SELECT p.supervisor_id, up.depth + 1 FROM people p
                 JOIN up ON p.employee_id = up.id WHERE up.depth < 10000
             )
             SELECT EXISTS (SELECT 1 FROM up WHERE id = ?1)",
            params![root, target],
            |r| r.get(0),
        )?)
    }

    /// Everyone on the roster, active or not.
    pub fn people_count(&self) -> Result<u64> {
        let count: i64 = self
            .0
            .query_row("SELECT count(*) FROM people", [], |r| r.get(0))?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    pub fn direct_report_count(&self, employee_id: &str) -> Result<i64> {
        Ok(self.0.query_row(
            "SELECT count(*) FROM people WHERE supervisor_id = ?1 AND active = 1",
            [employee_id],
            |r| r.get(0),
        )?)
    }

    pub fn insert_person(&self, person: &Person, now: &str) -> Result<()> {
        self.0
            .prepare_cached(
                "INSERT INTO people (employee_id, name, unit, supervisor_id, active, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            )?
            .execute(params![
                person.employee_id,
                person.name,
                person.unit,
                person.supervisor_id,
                person.active,
                now
            ])?;
        Ok(())
    }

    /// Updates name, unit, supervisor and active flag in place; history keyed on the id stays.
    pub fn update_person(&self, person: &Person, now: &str) -> Result<()> {
        self.0
            .prepare_cached(
                "UPDATE people SET name = ?2, unit = ?3, supervisor_id = ?4, active = ?5, updated_at = ?6
                 WHERE employee_id = ?1",
            )?
            .execute(params![
                person.employee_id,
                person.name,
                person.unit,
                person.supervisor_id,
                person.active,
                now
            ])?;
        Ok(())
    }

    pub fn set_person_active(&self, employee_id: &str, active: bool, now: &str) -> Result<()> {
        self.0
            .prepare_cached(
                "UPDATE people SET active = ?2, updated_at = ?3 WHERE employee_id = ?1",
            )?
            .execute(params![employee_id, active, now])?;
        Ok(())
    }

    pub fn mentees(&self, mentor_login: &str) -> Result<Vec<Person>> {
        let mut stmt = self.0.prepare_cached(&format!(
            "SELECT {PERSON_COLUMNS} FROM people p
             JOIN mentorships m ON m.employee_id = p.employee_id
             WHERE m.mentor_login = ?1
             ORDER BY p.name COLLATE NOCASE, p.employee_id"
        ))?;
        let rows = stmt.query_map([mentor_login], person_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn is_mentee(&self, mentor_login: &str, employee_id: &str) -> Result<bool> {
        Ok(self.0.query_row(
            "SELECT EXISTS (SELECT 1 FROM mentorships WHERE mentor_login = ?1 AND employee_id = ?2)",
            params![mentor_login, employee_id],
            |r| r.get(0),
        )?)
    }

    pub fn mentors_of(&self, employee_id: &str) -> Result<Vec<String>> {
        let mut stmt = self.0.prepare_cached(
            "SELECT mentor_login FROM mentorships WHERE employee_id = ?1 ORDER BY mentor_login",
        )?;
        let rows = stmt.query_map([employee_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every mentoring pair, as (employee id, mentor login), by employee.
    pub fn all_mentorships(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self.0.prepare_cached(
            "SELECT employee_id, mentor_login FROM mentorships ORDER BY employee_id, mentor_login",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Returns false if the pair already existed.
    pub fn add_mentorship(&self, mentor_login: &str, employee_id: &str, now: &str) -> Result<bool> {
        let changed = self.0.execute(
            "INSERT OR IGNORE INTO mentorships (mentor_login, employee_id, since) VALUES (?1, ?2, ?3)",
            params![mentor_login, employee_id, now],
        )?;
        Ok(changed == 1)
    }

    /// Returns false if there was no such pair.
    pub fn remove_mentorship(&self, mentor_login: &str, employee_id: &str) -> Result<bool> {
        let changed = self.0.execute(
            "DELETE FROM mentorships WHERE mentor_login = ?1 AND employee_id = ?2",
            params![mentor_login, employee_id],
        )?;
        Ok(changed == 1)
    }
}
