//! Queries over `checkins`, `checkin_stressors` and `checkin_versions`.

use std::str::FromStr;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};

use super::people::person_from;
use super::{Db, Error, Result};
use crate::domain::Person;
use crate::domain::checkin::{Checkin, CheckinKind, Visibility};
use crate::domain::stressors::{Severity, StressorFlag};

/// One check-in in brief, as its author's own list of them holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Authored {
    pub(crate) employee_id: String,
    pub(crate) id: i64,
    pub(crate) occurred_on: NaiveDate,
    pub(crate) follow_up_on: Option<NaiveDate>,
}

/// Active people whose latest check-in shared up their chain is before a day, or who have
/// none: found through each person's latest shared day (`person_last_checkin_shared_by_day`),
/// never by a pass over the roster. A private check-in is not counted: only its author and
/// the employee may know of it, and the desk adds the viewer's own.
pub(crate) const NOT_SEEN_SINCE: &str =
    "SELECT p.employee_id, p.name, p.unit, p.supervisor_id, p.active, l.last_shared_on
     FROM person_last_checkin l CROSS JOIN people p ON p.employee_id = l.employee_id
     WHERE (l.last_shared_on IS NULL OR l.last_shared_on < ?1) AND p.active = 1";

/// [`NOT_SEEN_SINCE`] among the people a JSON array names (`?2`), one look-up each.
const NOT_SEEN_SINCE_AMONG: &str =
    "SELECT p.employee_id, p.name, p.unit, p.supervisor_id, p.active, l.last_shared_on
     FROM json_each(?2) j
     CROSS JOIN person_last_checkin l ON l.employee_id = j.value
     CROSS JOIN people p ON p.employee_id = l.employee_id
     WHERE (l.last_shared_on IS NULL OR l.last_shared_on < ?1) AND p.active = 1";

/// One author's check-ins that the latest shared days do not stand for — private ones, and
/// those asking for a follow-up — in brief, through `checkins_kept_by_author` (0013): with
/// each person's latest shared day, all a viewer knows of the people below them.
pub(crate) const AUTHORED_BEYOND_SHARED: &str = "SELECT employee_id, id, occurred_on, follow_up_on
     FROM checkins WHERE author = ?1 AND (visibility = 'private' OR follow_up_on IS NOT NULL)";

/// One author's check-ins with one person, in brief, through `checkins_by_employee`.
const AUTHORED_ABOUT: &str = "SELECT employee_id, id, occurred_on, follow_up_on
     FROM checkins WHERE employee_id = ?2 AND author = ?1";

const CHECKIN_COLUMNS: &str = "id, employee_id, author, kind, occurred_on, wellbeing, visibility, \
     notes, follow_up_on, version, notes_purged_on";

fn parse<T: FromStr<Err = String>>(text: String) -> rusqlite::Result<T> {
    text.parse().map_err(|e: String| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
    })
}

fn authored_from(r: &Row<'_>) -> rusqlite::Result<Authored> {
    Ok(Authored {
        employee_id: r.get(0)?,
        id: r.get(1)?,
        occurred_on: r.get(2)?,
        follow_up_on: r.get(3)?,
    })
}

fn checkin_from(row: &Row<'_>) -> rusqlite::Result<Checkin> {
    Ok(Checkin {
        id: row.get(0)?,
        employee_id: row.get(1)?,
        author: row.get(2)?,
        kind: parse::<CheckinKind>(row.get(3)?)?,
        occurred_on: row.get(4)?,
        wellbeing: row.get(5)?,
        visibility: parse::<Visibility>(row.get(6)?)?,
        notes: row.get(7)?,
        follow_up_on: row.get(8)?,
        version: row.get(9)?,
        notes_purged_on: row.get(10)?,
        stressors: Vec::new(),
    })
}

impl Db<'_> {
    fn attach_stressors(&self, checkins: &mut [Checkin]) -> Result<()> {
        let mut stmt = self.0.prepare_cached(
            "SELECT category, severity FROM checkin_stressors WHERE checkin_id = ?1 ORDER BY category",
        )?;
        for checkin in checkins {
            let rows = stmt.query_map([checkin.id], |r| {
                Ok(StressorFlag {
                    category: r.get(0)?,
                    severity: parse::<Severity>(r.get(1)?)?,
                })
            })?;
            checkin.stressors = rows.collect::<rusqlite::Result<_>>()?;
        }
        Ok(())
    }

    pub fn checkin(&self, id: i64) -> Result<Option<Checkin>> {
        let found = self
            .0
            .query_row(
                &format!("SELECT {CHECKIN_COLUMNS} FROM checkins WHERE id = ?1"),
                [id],
                checkin_from,
            )
            .optional()?;
        let mut found: Vec<Checkin> = found.into_iter().collect();
        self.attach_stressors(&mut found)?;
        Ok(found.pop())
    }

    /// A person's check-ins, newest first.
    pub fn checkins_for(&self, employee_id: &str) -> Result<Vec<Checkin>> {
        let mut stmt = self.0.prepare_cached(&format!(
            "SELECT {CHECKIN_COLUMNS} FROM checkins WHERE employee_id = ?1
             ORDER BY occurred_on DESC, id DESC"
        ))?;
        let mut checkins: Vec<Checkin> = stmt
            .query_map([employee_id], checkin_from)?
            .collect::<rusqlite::Result<_>>()?;
        self.attach_stressors(&mut checkins)?;
        Ok(checkins)
    }

    pub fn insert_checkin(&self, checkin: &Checkin, now: &str) -> Result<i64> {
        self.0
            .prepare_cached(
                "INSERT INTO checkins (employee_id, author, kind, occurred_on, wellbeing, visibility,
                     notes, follow_up_on, version, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9, ?9)",
            )?
            .execute(params![
                checkin.employee_id,
                checkin.author,
                checkin.kind.as_str(),
                checkin.occurred_on,
                checkin.wellbeing,
                checkin.visibility.as_str(),
                checkin.notes,
                checkin.follow_up_on,
                now
            ])?;
        let id = self.0.last_insert_rowid();
        self.replace_stressors(id, &checkin.stressors)?;
        Ok(id)
    }

    fn replace_stressors(&self, checkin_id: i64, flags: &[StressorFlag]) -> Result<()> {
        self.0
            .prepare_cached("DELETE FROM checkin_stressors WHERE checkin_id = ?1")?
            .execute([checkin_id])?;
        let mut insert = self.0.prepare_cached(
            "INSERT INTO checkin_stressors (checkin_id, category, severity) VALUES (?1, ?2, ?3)",
        )?;
        for flag in flags {
            insert.execute(params![checkin_id, flag.category, flag.severity.as_str()])?;
        }
        Ok(())
    }

    /// Keeps `previous` whole in `checkin_versions`, then writes `updated` over it.
    pub fn update_checkin(
        &self,
        previous: &Checkin,
        updated: &Checkin,
        actor: &str,
        now: &str,
    ) -> Result<()> {
        let snapshot = serde_json::to_string(previous).map_err(|e| Error::Sql(e.to_string()))?;
        self.0.execute(
            "INSERT INTO checkin_versions (checkin_id, version, snapshot, replaced_at, replaced_by)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![previous.id, previous.version, snapshot, now, actor],
        )?;
        self.0.execute(
            "UPDATE checkins SET occurred_on = ?2, wellbeing = ?3, visibility = ?4, notes = ?5,
                 follow_up_on = ?6, version = version + 1, updated_at = ?7
             WHERE id = ?1",
            params![
                previous.id,
                updated.occurred_on,
                updated.wellbeing,
                updated.visibility.as_str(),
                updated.notes,
                updated.follow_up_on,
                now
            ],
        )?;
        self.replace_stressors(previous.id, &updated.stressors)
    }

    /// Earlier versions of a check-in, oldest first.
    pub fn checkin_versions(&self, id: i64) -> Result<Vec<Checkin>> {
        let mut stmt = self.0.prepare_cached(
            "SELECT snapshot FROM checkin_versions WHERE checkin_id = ?1 ORDER BY version",
        )?;
        let rows = stmt.query_map([id], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for snapshot in rows {
            out.push(serde_json::from_str(&snapshot?).map_err(|e| Error::Sql(e.to_string()))?);
        }
        Ok(out)
    }

    /// Stressor flags on a person's check-ins dated on or after `since`.
    pub fn stressors_since(
        &self,
        employee_id: &str,
        since: NaiveDate,
    ) -> Result<Vec<StressorFlag>> {
        let mut stmt = self.0.prepare_cached(
            "SELECT s.category, s.severity FROM checkin_stressors s
             JOIN checkins c ON c.id = s.checkin_id
             WHERE c.employee_id = ?1 AND c.occurred_on >= ?2",
        )?;
        let rows = stmt.query_map(params![employee_id, since], |r| {
            Ok(StressorFlag {
                category: r.get(0)?,
                severity: parse::<Severity>(r.get(1)?)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Active people with no check-in shared up their chain on or after `since`, with their
    /// latest shared day if they have one: everyone's, for the caller to keep those in its
    /// care and to add what the viewer wrote themselves.
    pub fn not_seen_since(&self, since: NaiveDate) -> Result<Vec<(Person, Option<NaiveDate>)>> {
        let mut stmt = self.0.prepare_cached(NOT_SEEN_SINCE)?;
        let rows = stmt.query_map([since], |r| Ok((person_from(r)?, r.get(5)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// As [`Db::not_seen_since`], among `among` only: a look-up per person named, for a
    /// few people among many.
    pub fn not_seen_since_among(
        &self,
        since: NaiveDate,
        among: &[&str],
    ) -> Result<Vec<(Person, Option<NaiveDate>)>> {
        let ids = serde_json::to_string(among).map_err(|e| Error::Sql(e.to_string()))?;
        let mut stmt = self.0.prepare_cached(NOT_SEEN_SINCE_AMONG)?;
        let rows = stmt.query_map(params![since, ids], |r| Ok((person_from(r)?, r.get(5)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The plan behind a query, one line per step (`EXPLAIN QUERY PLAN`), for tests that
    /// check which index a query uses.
    #[cfg(test)]
    pub(crate) fn query_plan(&self, sql: &str) -> Result<Vec<String>> {
        let mut stmt = self.0.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        // Parameters stay unbound (NULL): the plan does not depend on their values.
        let mut rows = stmt.raw_query();
        let mut plan = Vec::new();
        while let Some(row) = rows.next()? {
            plan.push(row.get::<_, String>(3)?);
        }
        Ok(plan)
    }

    /// `author`'s check-ins that the latest shared days do not stand for
    /// ([`AUTHORED_BEYOND_SHARED`]).
    pub(crate) fn authored_beyond_shared(&self, author: &str) -> Result<Vec<Authored>> {
        let mut stmt = self.0.prepare_cached(AUTHORED_BEYOND_SHARED)?;
        let rows = stmt.query_map([author], authored_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every check-in `author` wrote with one person.
    pub(crate) fn authored_about(&self, author: &str, employee_id: &str) -> Result<Vec<Authored>> {
        let mut stmt = self.0.prepare_cached(AUTHORED_ABOUT)?;
        let rows = stmt.query_map([author, employee_id], authored_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Each person's latest check-in day shared up their chain, for the people `among`
    /// names (one look-up each), or for everyone (one pass over the kept days).
    pub(crate) fn last_shared_days(
        &self,
        among: Option<&[&str]>,
    ) -> Result<std::collections::HashMap<String, NaiveDate>> {
        let found: Vec<(String, Option<NaiveDate>)> = match among {
            Some(ids) => {
                let ids = serde_json::to_string(ids).map_err(|e| Error::Sql(e.to_string()))?;
                let mut stmt = self.0.prepare_cached(
                    "SELECT l.employee_id, l.last_shared_on FROM json_each(?1) j
                     CROSS JOIN person_last_checkin l ON l.employee_id = j.value",
                )?;
                let rows = stmt.query_map([ids], |r| Ok((r.get(0)?, r.get(1)?)))?;
                rows.collect::<rusqlite::Result<_>>()?
            }
            None => {
                let mut stmt = self.0.prepare_cached(
                    "SELECT employee_id, last_shared_on FROM person_last_checkin
                     WHERE last_shared_on IS NOT NULL",
                )?;
                let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
                rows.collect::<rusqlite::Result<_>>()?
            }
        };
        Ok(found
            .into_iter()
            .filter_map(|(id, day)| day.map(|d| (id, d)))
            .collect())
    }

    /// Check-ins with notes older than `before` that still hold text (for purge).
    pub fn checkins_with_notes_before(&self, before: NaiveDate) -> Result<Vec<i64>> {
        let mut stmt = self.0.prepare_cached(
            "SELECT id FROM checkins WHERE occurred_on < ?1 AND notes <> '' ORDER BY id",
        )?;
        let rows = stmt.query_map([before], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Blanks a check-in's notes, in its earlier versions too (which hold the same text);
    /// everything else about it stays.
    pub fn purge_checkin_notes(&self, id: i64, on: NaiveDate) -> Result<()> {
        self.0.execute(
            "UPDATE checkins SET notes = '', notes_purged_on = ?2 WHERE id = ?1",
            params![id, on],
        )?;
        let mut update = self.0.prepare_cached(
            "UPDATE checkin_versions SET snapshot = ?3 WHERE checkin_id = ?1 AND version = ?2",
        )?;
        for mut version in self.checkin_versions(id)? {
            version.notes.clear();
            version.notes_purged_on = Some(on);
            let snapshot =
                serde_json::to_string(&version).map_err(|e| Error::Sql(e.to_string()))?;
            update.execute(params![id, version.version, snapshot])?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    use super::*;
    use crate::store::Store;
    use crate::vault::MasterKey;

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(n)
    }

    fn person(n: usize) -> Person {
        Person {
            employee_id: format!("E{n}"),
            name: format!("Person {n}"),
            unit: "North".into(),
            supervisor_id: None,
            active: true,
        }
    }

    fn checkin(n: usize, on: NaiveDate) -> Checkin {
        Checkin {
            id: 0,
            employee_id: format!("E{n}"),
            author: "sup".into(),
            kind: CheckinKind::Supervisor,
            occurred_on: on,
            wellbeing: 3,
            visibility: Visibility::Chain,
            notes: String::new(),
            follow_up_on: None,
            stressors: vec![StressorFlag {
                category: "work.workload".into(),
                severity: Severity::Low,
            }],
            version: 1,
            notes_purged_on: None,
        }
    }

    /// Each person's latest check-in day and latest shared one, worked out from the
    /// check-ins themselves.
    fn recomputed(store: &Store) -> Vec<String> {
        store
            .query_strings(
                "SELECT p.employee_id
                     || ' ' || coalesce((SELECT max(c.occurred_on) FROM checkins c
                                         WHERE c.employee_id = p.employee_id), 'never')
                     || ' ' || coalesce((SELECT max(c.occurred_on) FROM checkins c
                                         WHERE c.employee_id = p.employee_id
                                           AND c.visibility = 'chain'), 'never')
                 FROM people p ORDER BY p.employee_id",
            )
            .unwrap()
    }

    fn kept(store: &Store) -> Vec<String> {
        store
            .query_strings(
                "SELECT employee_id || ' ' || coalesce(last_on, 'never')
                     || ' ' || coalesce(last_shared_on, 'never')
                 FROM person_last_checkin ORDER BY employee_id",
            )
            .unwrap()
    }

    fn store_with_author() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(
            &dir.path().join("v").join("steady.db"),
            &MasterKey::random(),
            "vault-1",
        )
        .unwrap();
        store
            .write_unaudited(|db| {
                db.execute_raw_for_tests(
                    "INSERT INTO accounts (login, person_id, roles, must_change_passphrase,
                         disabled, created_at)
                     VALUES ('sup', NULL, 'supervisor', 0, 0, '2026-01-01T00:00:00Z')",
                )
            })
            .unwrap();
        (dir, store)
    }

    /// Property: whatever is done to the check-ins — added shared or private, edited by the
    /// app, moved to another day or another person or made private behind its back, deleted
    /// — and whoever joins the roster, each person's kept latest day and latest shared day
    /// are the ones the check-ins give.
    #[test]
    fn each_persons_latest_checkin_day_stays_what_the_checkins_say() {
        let (_dir, store) = store_with_author();
        let mut rng = StdRng::seed_from_u64(19);
        let mut people = 3;
        store
            .write_unaudited(|db| (0..people).try_for_each(|n| db.insert_person(&person(n), "x")))
            .unwrap();
        for step in 0..600 {
            let ids: Vec<i64> = store
                .query_strings("SELECT id FROM checkins ORDER BY id")
                .unwrap()
                .iter()
                .map(|id| id.parse().unwrap())
                .collect();
            let any_id = |rng: &mut StdRng| ids[rng.gen_range(0..ids.len())];
            let when = day(rng.gen_range(0..90));
            let who = rng.gen_range(0..people);
            store
                .write_unaudited(|db| -> Result<()> {
                    let mut new = checkin(who, when);
                    if rng.gen_bool(0.3) {
                        new.visibility = Visibility::Private;
                    }
                    match rng.gen_range(0..11) {
                        _ if ids.is_empty() => {
                            db.insert_checkin(&new, "x")?;
                        }
                        0..=3 => {
                            db.insert_checkin(&new, "x")?;
                        }
                        10 => db.execute_raw_for_tests(&format!(
                            "UPDATE checkins SET visibility = CASE visibility
                                 WHEN 'chain' THEN 'private' ELSE 'chain' END WHERE id = {}",
                            any_id(&mut rng)
                        ))?,
                        4 | 5 => {
                            // The app's edit: a new day, the earlier version kept.
                            let previous = db.checkin(any_id(&mut rng))?.unwrap();
                            let updated = Checkin {
                                occurred_on: when,
                                version: previous.version + 1,
                                ..previous.clone()
                            };
                            db.update_checkin(&previous, &updated, "sup", "x")?;
                        }
                        6 => db.execute_raw_for_tests(&format!(
                            "UPDATE checkins SET employee_id = 'E{who}' WHERE id = {}",
                            any_id(&mut rng)
                        ))?,
                        7 => db.execute_raw_for_tests(&format!(
                            "UPDATE checkins SET occurred_on = '{when}' WHERE id = {}",
                            any_id(&mut rng)
                        ))?,
                        8 => {
                            let id = any_id(&mut rng);
                            db.execute_raw_for_tests(&format!(
                                "DELETE FROM checkin_stressors WHERE checkin_id = {id};
                                 DELETE FROM checkin_versions WHERE checkin_id = {id};
                                 DELETE FROM checkins WHERE id = {id};"
                            ))?;
                        }
                        _ => {
                            db.insert_person(&person(people), "x")?;
                            people += 1;
                        }
                    }
                    Ok(())
                })
                .unwrap();
            assert_eq!(kept(&store), recomputed(&store), "after step {step}");
        }
        assert!(people > 10, "only {people} people joined");
    }

    /// Those not seen among a few people named are those not seen among everyone, kept to
    /// the few (and a person named twice, or not on the roster, changes nothing).
    #[test]
    fn the_people_not_seen_are_the_same_found_among_a_few_or_among_everyone() {
        let (_dir, store) = store_with_author();
        let mut rng = StdRng::seed_from_u64(3);
        store
            .write_unaudited(|db| -> Result<()> {
                for n in 0..60 {
                    let mut p = person(n);
                    p.active = n % 7 != 0;
                    db.insert_person(&p, "x")?;
                    for _ in 0..rng.gen_range(0..3) {
                        db.insert_checkin(&checkin(n, day(rng.gen_range(0..120))), "x")?;
                    }
                }
                Ok(())
            })
            .unwrap();
        let db = store.db();
        for since in [0, 30, 60, 90, 200].map(day) {
            let everyone = db.not_seen_since(since).unwrap();
            assert!(!everyone.is_empty());
            let some: Vec<String> = (0..60).step_by(3).map(|n| format!("E{n}")).collect();
            let mut named: Vec<&str> = some.iter().map(String::as_str).collect();
            named.extend(["E0", "nobody"]);
            let mut among = db.not_seen_since_among(since, &named).unwrap();
            let mut kept: Vec<_> = everyone
                .into_iter()
                .filter(|(p, _)| some.contains(&p.employee_id))
                .collect();
            among.sort_by(|a, b| a.0.employee_id.cmp(&b.0.employee_id));
            among.dedup();
            kept.sort_by(|a, b| a.0.employee_id.cmp(&b.0.employee_id));
            assert_eq!(among, kept, "since {since}");
        }
    }

    /// A vault from before the kept latest days gets them from its check-ins on upgrade.
    #[test]
    fn the_upgrade_works_out_each_persons_latest_day_from_the_checkins() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v").join("steady.db");
        let key = MasterKey::random();
        {
            let store = Store::create(&path, &key, "vault-1").unwrap();
            store
                .write_unaudited(|db| {
                    db.execute_raw_for_tests(
                        "INSERT INTO accounts (login, person_id, roles, must_change_passphrase,
                             disabled, created_at)
                         VALUES ('sup', NULL, 'supervisor', 0, 0, '2026-01-01T00:00:00Z')",
                    )?;
                    for n in 0..4 {
                        db.insert_person(&person(n), "x")?;
                    }
                    for (n, on) in [(0, 5), (0, 9), (0, 2), (2, 30)] {
                        db.insert_checkin(&checkin(n, day(on)), "x")?;
                    }
                    // As the vault stood at schema 11: none of what 0012, 0013 and 0014
                    // add (dropping the table drops 0013's index on it; 0013 dropped
                    // 0012's follow-ups index for its own).
                    db.execute_raw_for_tests(
                        "DROP TRIGGER person_last_checkin_person;
                         DROP TRIGGER person_last_checkin_added;
                         DROP TRIGGER person_last_checkin_moved;
                         DROP TRIGGER person_last_checkin_removed;
                         DROP TABLE person_last_checkin;
                         DROP INDEX checkins_kept_by_author;
                         DROP INDEX prompt_responses_standing_by_viewer;
                         DROP INDEX people_by_name;
                         ALTER TABLE ssh_keys DROP COLUMN screen_reader;
                         ALTER TABLE accounts DROP COLUMN screen_reader;
                         PRAGMA user_version = 11;",
                    )
                })
                .unwrap();
        }
        let store = Store::open(&path, &key, "vault-1").unwrap();
        assert_eq!(
            kept(&store),
            [
                "E0 2026-01-10 2026-01-10",
                "E1 never never",
                "E2 2026-01-31 2026-01-31",
                "E3 never never"
            ]
        );
        assert_eq!(kept(&store), recomputed(&store));
    }
}
