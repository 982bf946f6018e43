//! Synthetic activity for a demo or benchmark vault: years of check-ins, referrals and
//! anonymous bands for its roster, bulk-written and audited per batch. Demo vaults only.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde::Serialize;

use super::{Error, Progress, Result, Session, Steps};
use crate::domain::checkin::{CheckinKind, Visibility};
use crate::domain::synthetic::{self, ActivityPlan};
use crate::domain::{Account, Person, Role};
use crate::policy::Action;
use crate::store::{BulkCheckin, BulkCounts, BulkReferral, Db};

/// The login that authors generated check-ins whose writer has no account: a disabled
/// account with no keyring slot, so nobody can sign in as it. Generated records say so.
pub const GENERATOR_LOGIN: &str = "generator";

/// People whose generated history one audit entry describes.
const PEOPLE_PER_AUDIT_ENTRY: usize = 2_000;

/// The tables the generator fills (with foreign keys checked after the load).
const LOADED_TABLES: &[&str] = &[
    "checkins",
    "checkin_stressors",
    "referrals",
    "referral_events",
];

/// The instruments whose bands the generator contributes anonymously.
const ANON_INSTRUMENTS: &[&str] = &["who5", "phq4", "k6"];

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GenerateSpec {
    pub seed: u64,
    /// Whole years of history, ending on `end`.
    pub years: u32,
    pub end: NaiveDate,
}

/// How many rows of each kind were written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct GenerateSummary {
    pub people: usize,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Rows of each table (check-ins include the mentoring ones).
    #[serde(flatten)]
    pub rows: BulkCounts,
    pub mentoring_checkins: usize,
}

/// Who writes what for each person, from the vault's accounts.
struct Authors {
    /// Supervisor accounts by the person they stand for.
    supervisor_of_person: HashMap<String, String>,
    /// A mentor account by mentee.
    mentor_of: HashMap<String, String>,
    /// Any account by the person it stands for (for self-referrals).
    own_login: HashMap<String, String>,
    coordinator: String,
}

impl Session {
    /// Fills a demo vault's roster with `spec.years` of synthetic activity, then runs the
    /// rules once as of `spec.end` so prompts exist. Admin only, demo vaults only.
    pub fn generate_activity(
        &mut self,
        spec: &GenerateSpec,
        progress: &mut dyn Progress,
    ) -> Result<GenerateSummary> {
        let summary = self.write_synthetic_activity(spec, progress)?;
        self.run_rules(spec.end, progress)?;
        Ok(summary)
    }

    /// The rows of [`Session::generate_activity`] without the rules run (the benchmark
    /// times the two apart).
    pub fn write_synthetic_activity(
        &mut self,
        spec: &GenerateSpec,
        progress: &mut dyn Progress,
    ) -> Result<GenerateSummary> {
        self.require_vault_wide(Action::EditRoster, "generating synthetic activity")?;
        if !self.is_demo() {
            return Err(Error::Invalid(
                "synthetic activity only goes into a demo vault".into(),
            ));
        }
        let plan = ActivityPlan::years_to(spec.seed, spec.years, spec.end);
        let now = self.clock.stamp();
        let db = self.store.db();
        let mut people: Vec<Person> = db.all_people()?;
        people.sort_by(|a, b| a.employee_id.cmp(&b.employee_id));
        let resources: Vec<String> = db
            .resources()?
            .into_iter()
            .filter(|r| !r.retired && !r.crisis)
            .map(|r| r.id)
            .collect();
        let authors = self.authors()?;
        let mut headcount: HashMap<&str, usize> = HashMap::new();
        for p in &people {
            *headcount.entry(p.unit.as_str()).or_default() += 1;
        }
        let incidents: HashMap<&str, Vec<NaiveDate>> = headcount
            .keys()
            .map(|&unit| (unit, plan.incidents(unit)))
            .collect();

        if db.account(GENERATOR_LOGIN)?.is_none() {
            let author = Account {
                login: GENERATOR_LOGIN.into(),
                person_id: None,
                roles: crate::domain::Roles::new([Role::Supervisor]),
                must_change_passphrase: false,
                disabled: true,
                created_at: now.clone(),
            };
            self.write(|db| {
                db.insert_account(&author)?;
                self.audit_facts(
                    db,
                    "account.add",
                    GENERATOR_LOGIN,
                    "disabled system account that authors generated check-ins",
                    Some(&self.enrolment(&author, None)),
                )
            })?;
        }

        let mut summary = GenerateSummary {
            people: people.len(),
            from: Some(plan.start),
            to: Some(plan.end),
            ..GenerateSummary::default()
        };
        // Generation only: a bigger page cache keeps the pages being appended to in
        // memory, foreign keys are checked once after the load rather than twice per
        // check-in during it (that halves the load), and a rollback journal lets the new
        // pages go straight to the database; all three come back afterwards.
        self.store.set_cache_kib(16 * 1024)?;
        self.store.enforce_foreign_keys(false)?;
        self.store.journal_for_bulk_load()?;
        // One transaction: a generated history is all there or not at all. Its rows reach
        // each index in order or at a few dozen places at a time (people in id order, each
        // one's history in date order, nearly every check-in by the same author), so the
        // indexes stay cheap to keep up as it goes.
        progress.stage(
            "Writing synthetic history",
            people.len() as u64,
            Steps::Items,
        );
        let written = self.write(|db| -> Result<()> {
            // Each person's latest check-in day is worked out once at the end, not kept up
            // check-in by check-in.
            let row_triggers = db.suspend_row_triggers()?;
            for (batch, chunk) in people.chunks(PEOPLE_PER_AUDIT_ENTRY).enumerate() {
                let first = batch * PEOPLE_PER_AUDIT_ENTRY;
                let (counts, mentoring) = (|| -> Result<(BulkCounts, usize)> {
                    let mut writer = db.bulk_writer(&now)?;
                    let mut mentoring = 0;
                    for (offset, person) in chunk.iter().enumerate() {
                        let unit_incidents = incidents
                            .get(person.unit.as_str())
                            .map_or(&[][..], Vec::as_slice);
                        let history = plan.history(first + offset, unit_incidents, resources.len());
                        let author = person
                            .supervisor_id
                            .as_ref()
                            .and_then(|s| authors.supervisor_of_person.get(s))
                            .map_or(GENERATOR_LOGIN, String::as_str);
                        let mentor = authors.mentor_of.get(&person.employee_id);
                        for (n, c) in history.checkins.iter().enumerate() {
                            writer.checkin(&BulkCheckin {
                                employee_id: &person.employee_id,
                                author,
                                kind: CheckinKind::Supervisor,
                                occurred_on: c.on,
                                wellbeing: c.wellbeing,
                                visibility: Visibility::Chain,
                                follow_up_on: c.follow_up_on,
                                stressors: &c.stressors,
                            })?;
                            // A mentee meets their mentor about every other month.
                            let on = c.on + Duration::days(3);
                            if let Some(mentor) = mentor
                                && n % 2 == 0
                                && on <= plan.end
                            {
                                writer.checkin(&BulkCheckin {
                                    employee_id: &person.employee_id,
                                    author: mentor,
                                    kind: CheckinKind::Mentoring,
                                    occurred_on: on,
                                    wellbeing: c.wellbeing,
                                    visibility: Visibility::Private,
                                    follow_up_on: None,
                                    stressors: &[],
                                })?;
                                mentoring += 1;
                            }
                        }
                        for r in &history.referrals {
                            let created_by = if r.self_referral {
                                authors.own_login.get(&person.employee_id)
                            } else {
                                None
                            }
                            .map_or(author, String::as_str);
                            writer.referral(&BulkReferral {
                                employee_id: &person.employee_id,
                                resource_id: &resources[r.resource],
                                created_by,
                                worked_by: &authors.coordinator,
                                created_on: r.created_on,
                                consent: r.consent,
                                urgency: r.urgency,
                                self_referral: r.self_referral && created_by != author,
                                steps: &r.steps,
                                outcome: r.outcome,
                            })?;
                        }
                        progress.advance((first + offset + 1) as u64);
                    }
                    let counts = writer.counts;
                    drop(writer);
                    self.audit(
                        db,
                        "generate.activity",
                        "vault",
                        &format!(
                            "synthetic history {} to {} for people {}–{} (seed {}): {} check-ins, {} stressor flags, {} referrals with {} events",
                            plan.start,
                            plan.end,
                            first + 1,
                            first + chunk.len(),
                            spec.seed,
                            counts.checkins,
                            counts.stressor_flags,
                            counts.referrals,
                            counts.referral_events
                        ),
                    )?;
                    Ok((counts, mentoring))
                })()?;
                summary.rows.add(counts);
                summary.mentoring_checkins += mentoring;
            }
            let counts = self.generate_anonymous_bands(db, &plan, &headcount, &now)?;
            summary.rows.add(counts);
            db.restore_row_triggers(row_triggers)?;
            for table in LOADED_TABLES {
                let dangling = db.dangling_references(table)?;
                if dangling > 0 {
                    return Err(Error::Invalid(format!(
                        "the generator wrote {dangling} rows of {table} that point at nothing; nothing was kept"
                    )));
                }
            }
            Ok(())
        });
        let restored = self
            .store
            .enforce_foreign_keys(true)
            .and_then(|()| self.store.set_cache_kib(2_000))
            .and_then(|()| self.store.journal_to_wal());
        written?;
        restored?;
        Ok(summary)
    }

    fn authors(&self) -> Result<Authors> {
        let db = self.store.db();
        let mut authors = Authors {
            supervisor_of_person: HashMap::new(),
            mentor_of: HashMap::new(),
            own_login: HashMap::new(),
            coordinator: GENERATOR_LOGIN.to_string(),
        };
        for account in db.accounts()?.into_iter().filter(|a| !a.disabled) {
            if let Some(person) = &account.person_id {
                authors
                    .own_login
                    .insert(person.clone(), account.login.clone());
                if account.roles.contains(Role::Supervisor) {
                    authors
                        .supervisor_of_person
                        .insert(person.clone(), account.login.clone());
                }
            }
            if account.roles.contains(Role::Mentor) {
                for mentee in db.mentees(&account.login)? {
                    authors
                        .mentor_of
                        .entry(mentee.employee_id)
                        .or_insert_with(|| account.login.clone());
                }
            }
            if account.roles.contains(Role::Coordinator) && authors.coordinator == GENERATOR_LOGIN {
                authors.coordinator = account.login.clone();
            }
        }
        Ok(authors)
    }

    /// Each unit's monthly anonymous self-check bands, inside the generator's transaction.
    fn generate_anonymous_bands(
        &self,
        db: &Db<'_>,
        plan: &ActivityPlan,
        headcount: &HashMap<&str, usize>,
        now: &str,
    ) -> Result<BulkCounts> {
        let catalog = crate::instruments::Catalog::builtin()
            .map_err(|e| Error::Invalid(format!("the built-in instruments: {e:?}")))?;
        // Bands healthy end first: WHO-5 lists its lowest (worst) band first, the
        // symptom scales their lowest (best).
        let instruments: Vec<(&str, Vec<&str>)> = ANON_INSTRUMENTS
            .iter()
            .filter_map(|id| catalog.get(id))
            .map(|i| {
                let mut bands: Vec<&str> = i.bands().iter().map(|b| b.name.as_str()).collect();
                if i.id() == "who5" {
                    bands.reverse();
                }
                (i.id(), bands)
            })
            .collect();
        let shape: Vec<(&str, usize)> = instruments.iter().map(|(i, b)| (*i, b.len())).collect();
        let mut units: Vec<(&str, usize)> = headcount.iter().map(|(u, n)| (*u, *n)).collect();
        units.sort();
        let mut rng = StdRng::seed_from_u64(plan.seed ^ 0x5EED_A11C);
        {
            let mut writer = db.bulk_writer(now)?;
            for &(unit, people) in &units {
                let mut month = crate::report::Month::of(plan.start);
                for index in 0..plan.months() {
                    let label = month.first_day().format("%Y-%m").to_string();
                    for (which, band) in
                        synthetic::anonymous_bands(plan.seed, unit, index, people, &shape)
                    {
                        let (instrument, bands) = &instruments[which];
                        writer.anon_contribution(
                            &mut rng,
                            unit,
                            &label,
                            instrument,
                            bands[band],
                        )?;
                    }
                    month = month.next();
                }
            }
            let counts = writer.counts;
            drop(writer);
            self.audit(
                db,
                "generate.anonymous",
                "vault",
                &format!(
                    "{} synthetic anonymous self-check bands for {} units, {} to {}",
                    counts.anon_contributions,
                    units.len(),
                    plan.start,
                    plan.end
                ),
            )?;
            Ok(counts)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::progress::Recorded;
    use crate::desk::{Unwatched, VaultPaths, create_demo_vault};
    use crate::vault::KdfParams;

    /// Every index and trigger, by name, with its SQL.
    fn indexes(session: &Session) -> Vec<(String, String)> {
        let mut rows: Vec<(String, String)> = session
            .store
            .query_strings(
                "SELECT name || char(31) || sql FROM sqlite_schema
                 WHERE type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY name",
            )
            .unwrap()
            .into_iter()
            .map(|row| {
                let (name, sql) = row.split_once('\u{1f}').unwrap();
                (name.to_string(), sql.to_string())
            })
            .collect();
        rows.sort();
        rows
    }

    #[test]
    fn a_generated_history_leaves_every_index_as_the_migrations_made_it() {
        let dir = tempfile::tempdir().unwrap();
        let paths = VaultPaths::for_db(&dir.path().join("vault").join("steady.db"));
        let mut admin =
            create_demo_vault(&paths, 300, 0, KdfParams::FLOOR, &mut Unwatched).unwrap();
        let before = indexes(&admin);
        let mut progress = Recorded::default();
        let summary = admin
            .write_synthetic_activity(
                &GenerateSpec {
                    seed: 7,
                    years: 1,
                    end: NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
                },
                &mut progress,
            )
            .unwrap();
        // One stage, a step per person, all of them.
        assert_eq!(
            progress.stages,
            [("Writing synthetic history".to_string(), 300, Steps::Items)]
        );
        assert_eq!(progress.last_done, [300]);
        assert!(!progress.out_of_order);
        assert!(summary.rows.checkins > 2_000, "{summary:?}");
        assert_eq!(indexes(&admin), before);
        let db = &admin.store;
        // Each person's latest check-in day, worked out once after the load, is the one the
        // check-ins give.
        let kept = db
            .query_strings(
                "SELECT count(*) FROM person_last_checkin l
                 WHERE l.last_on IS NOT (SELECT max(c.occurred_on) FROM checkins c
                                         WHERE c.employee_id = l.employee_id)
                    OR l.last_shared_on IS NOT (SELECT max(c.occurred_on) FROM checkins c
                                                WHERE c.employee_id = l.employee_id
                                                  AND c.visibility = 'chain')",
            )
            .unwrap();
        assert_eq!(kept, ["0"]);
        assert_eq!(
            db.query_strings("SELECT count(*) FROM person_last_checkin WHERE last_on IS NULL")
                .unwrap(),
            db.query_strings(
                "SELECT count(*) FROM people p
                 WHERE NOT EXISTS (SELECT 1 FROM checkins c WHERE c.employee_id = p.employee_id)"
            )
            .unwrap()
        );
        assert_eq!(db.query_strings("PRAGMA integrity_check").unwrap(), ["ok"]);
        assert!(
            db.query_strings("PRAGMA foreign_key_check")
                .unwrap()
                .is_empty()
        );
        // The rebuilt month index answers as a scan of the table does.
        let by_index = db
            .query_strings(
                "SELECT count(*) FROM checkins INDEXED BY checkins_by_month
                 WHERE substr(occurred_on, 1, 7) = '2026-03'",
            )
            .unwrap();
        let by_scan = db
            .query_strings(
                "SELECT count(*) FROM checkins NOT INDEXED WHERE substr(occurred_on, 1, 7) = '2026-03'",
            )
            .unwrap();
        assert_eq!(by_index, by_scan);
        assert_ne!(by_scan, ["0"]);
        // Every query on check-ins finds its rows through an index: the Today list reads
        // the viewer's own unshared or asking check-ins through their author, the report
        // through the month index.
        let plan = db
            .db()
            .query_plan(crate::store::checkins::AUTHORED_BEYOND_SHARED)
            .unwrap()
            .join("\n");
        assert!(plan.contains("checkins_kept_by_author"), "{plan}");
        assert!(!plan.contains("SCAN"), "{plan}");
        // "Not seen lately" through each person's latest shared day, not a pass over the
        // roster.
        let plan = db
            .db()
            .query_plan(crate::store::checkins::NOT_SEEN_SINCE)
            .unwrap()
            .join("\n");
        assert!(plan.contains("person_last_checkin_shared_by_day"), "{plan}");
        assert!(!plan.contains("SCAN"), "{plan}");
        admin.verify_audit(None).unwrap();
    }
}
