//! Queries over `people` and `mentorships`.

use std::collections::{HashMap, HashSet};

use rusqlite::{OptionalExtension, Row, params};

use super::{Db, Result};
use crate::domain::Person;

pub(super) const PERSON_COLUMNS: &str = "p.employee_id, p.name, p.unit, p.supervisor_id, p.active";

pub(super) fn person_from(row: &Row<'_>) -> rusqlite::Result<Person> {
    Ok(Person {
        employee_id: row.get(0)?,
        name: row.get(1)?,
        unit: row.get(2)?,
        supervisor_id: row.get(3)?,
        active: row.get(4)?,
    })
}

/// Everyone in directory order, read in the order of `people_by_name` (no sort).
const ALL_PEOPLE: &str = "SELECT p.employee_id, p.name, p.unit, p.supervisor_id, p.active
     FROM people p ORDER BY p.name COLLATE NOCASE, p.employee_id";

/// From this many people down, a subtree is found in one pass over the roster's links
/// rather than a lookup per person.
const LARGE_SUBTREE: usize = 2_000;

/// Everyone below `root` given each person's supervisor (`root` too, only if the links
/// loop back to it, as the recursive query would find it).
fn below<'a>(
    links: impl Iterator<Item = (&'a str, Option<&'a str>)>,
    root: &str,
) -> HashSet<&'a str> {
    let mut reports: HashMap<&str, Vec<&str>> = HashMap::new();
    for (id, above) in links {
        if let Some(above) = above {
            reports.entry(above).or_default().push(id);
        }
    }
    let mut found: HashSet<&str> = HashSet::new();
    let mut next: Vec<&str> = reports.get(root).cloned().unwrap_or_default();
    while let Some(id) = next.pop() {
        if found.insert(id)
            && let Some(more) = reports.get(id)
        {
            next.extend(more);
        }
    }
    found
}

impl Db<'_> {
    pub fn person(&self, employee_id: &str) -> Result<Option<Person>> {
        Ok(self
            .0
            .prepare_cached(&format!(
                "SELECT {PERSON_COLUMNS} FROM people p WHERE p.employee_id = ?1"
            ))?
            .query_row([employee_id], person_from)
            .optional()?)
    }

    /// Everyone, sorted by name (the directory order of every list).
    pub fn all_people(&self) -> Result<Vec<Person>> {
        let mut stmt = self.0.prepare_cached(ALL_PEOPLE)?;
        let rows = stmt.query_map([], person_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Everyone below `root` in the chain of command (not `root` itself), sorted by name.
    pub fn subtree(&self, root: &str) -> Result<Vec<Person>> {
        self.subtree_with(root, LARGE_SUBTREE)
    }

    fn subtree_with(&self, root: &str, large: usize) -> Result<Vec<Person>> {
        if self.subtree_ids_up_to(root, large)?.len() >= large {
            // Near the top of the chain: the whole roster in name order, kept to the
            // subtree, costs less than a lookup for each of its people.
            let everyone = self.all_people()?;
            let below = below(
                everyone
                    .iter()
                    .map(|p| (p.employee_id.as_str(), p.supervisor_id.as_deref())),
                root,
            );
            let keep: Vec<bool> = everyone
                .iter()
                .map(|p| below.contains(p.employee_id.as_str()))
                .collect();
            return Ok(everyone
                .into_iter()
                .zip(keep)
                .filter_map(|(p, keep)| keep.then_some(p))
                .collect());
        }
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

    /// The employee ids of everyone below `root` in the chain of command (not `root`), in
    /// no particular order: the people of [`Db::subtree`] without reading their rows.
    pub fn subtree_ids(&self, root: &str) -> Result<Vec<String>> {
        self.subtree_ids_with(root, LARGE_SUBTREE)
    }

    fn subtree_ids_with(&self, root: &str, large: usize) -> Result<Vec<String>> {
        let found = self.subtree_ids_up_to(root, large)?;
        if found.len() < large {
            return Ok(found);
        }
        let mut stmt = self
            .0
            .prepare_cached("SELECT employee_id, supervisor_id FROM people")?;
        let links: Vec<(String, Option<String>)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let below = below(
            links
                .iter()
                .map(|(id, above)| (id.as_str(), above.as_deref())),
            root,
        );
        Ok(below.into_iter().map(str::to_string).collect())
    }

    /// At most `limit` of the people below `root`, a lookup each (the chain walked down).
    fn subtree_ids_up_to(&self, root: &str, limit: usize) -> Result<Vec<String>> {
        let mut stmt = self.0.prepare_cached(
            "WITH RECURSIVE below(id) AS (
                 SELECT employee_id FROM people WHERE supervisor_id = ?1
                 UNION
                 SELECT p.employee_id FROM people p JOIN below ON p.supervisor_id = below.id
                 LIMIT ?2
             )
             SELECT id FROM below",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![root, limit], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether `root` is above `target` in the chain of command (walks up from the target).
    pub fn is_above(&self, root: &str, target: &str) -> Result<bool> {
        Ok(self
            .0
            .prepare_cached(
                "WITH RECURSIVE up(id, depth) AS (
                 SELECT supervisor_id, 1 FROM people WHERE employee_id = ?2
                 UNION
                 SELECT p.supervisor_id, up.depth + 1 FROM people p
                 JOIN up ON p.employee_id = up.id WHERE up.depth < 10000
             )
             SELECT EXISTS (SELECT 1 FROM up WHERE id = ?1)",
            )?
            .query_row(params![root, target], |r| r.get(0))?)
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
        Ok(self
            .0
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM mentorships WHERE mentor_login = ?1 AND employee_id = ?2)",
            )?
            .query_row(params![mentor_login, employee_id], |r| r.get(0))?)
    }

    /// The employee ids of a mentor's mentees.
    pub fn mentee_ids(&self, mentor_login: &str) -> Result<Vec<String>> {
        let mut stmt = self
            .0
            .prepare_cached("SELECT employee_id FROM mentorships WHERE mentor_login = ?1")?;
        let rows = stmt.query_map([mentor_login], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
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

#[cfg(test)]
mod tests {
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    use super::*;
    use crate::store::Store;
    use crate::vault::MasterKey;

    /// Property: over random charts, a subtree found in one pass over the roster (as near
    /// the top of the chain) is the one the walk down finds: the same people, in the same
    /// (name) order, and the same ids.
    #[test]
    fn a_large_subtree_found_in_one_pass_is_the_one_the_walk_down_finds() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(
            &dir.path().join("v").join("steady.db"),
            &MasterKey::random(),
            "vault-1",
        )
        .unwrap();
        let mut rng = StdRng::seed_from_u64(7);
        let mut ids: Vec<String> = Vec::new();
        store
            .write_unaudited(|db| -> Result<()> {
                for n in 0..400 {
                    let id = format!("E{n:03}");
                    // Several tops; everyone else under someone already on the roster.
                    let supervisor = (n > 0 && rng.gen_bool(0.95))
                        .then(|| ids[rng.gen_range(0..ids.len())].clone());
                    db.insert_person(
                        &Person {
                            employee_id: id.clone(),
                            // Names repeat and differ in case: the order's tie-breaks count.
                            name: format!("{} {}", ["ana", "Ana", "bo"][n % 3], n % 7),
                            unit: "North".into(),
                            supervisor_id: supervisor,
                            active: true,
                        },
                        "x",
                    )?;
                    ids.push(id);
                }
                Ok(())
            })
            .unwrap();
        let db = store.db();
        let mut large_seen = 0;
        for root in ids.iter().step_by(3).chain(["nobody".to_string()].iter()) {
            let walked = db.subtree_with(root, usize::MAX).unwrap();
            let passed = db.subtree_with(root, 1).unwrap();
            assert_eq!(passed, walked, "below {root}");
            let mut walked_ids = db.subtree_ids_with(root, usize::MAX).unwrap();
            let mut passed_ids = db.subtree_ids_with(root, 1).unwrap();
            walked_ids.sort();
            passed_ids.sort();
            assert_eq!(passed_ids, walked_ids, "below {root}");
            let mut listed: Vec<String> = walked.into_iter().map(|p| p.employee_id).collect();
            listed.sort();
            assert_eq!(listed, walked_ids, "below {root}");
            large_seen = large_seen.max(walked_ids.len());
        }
        assert!(
            large_seen > 100,
            "the largest subtree had {large_seen} people"
        );
    }

    #[test]
    fn the_roster_is_read_in_directory_order_without_sorting_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(
            &dir.path().join("v").join("steady.db"),
            &MasterKey::random(),
            "vault-1",
        )
        .unwrap();
        let plan = store.db().query_plan(ALL_PEOPLE).unwrap().join("\n");
        assert!(plan.contains("COVERING INDEX people_by_name"), "{plan}");
        assert!(!plan.contains("TEMP B-TREE"), "{plan}");
    }
}
