//! The roster and what each role may see of it: import, add, list, show, mentoring pairs.

use serde::Serialize;

use super::{Error, Progress, Result, Session, Steps};
use crate::domain::roster::{self, ImportPlan};
use crate::domain::text::sanitize;
use crate::domain::{Person, Role};
use crate::policy::{self, Action, Relation, Scope};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub deactivated: usize,
    /// Active people in the vault that the file did not mention (kept unless deactivated).
    pub not_in_file: usize,
}

/// What a person page shows at this stage: directory facts the viewer may see.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PersonView {
    pub person: Person,
    pub supervisor_name: Option<String>,
    pub direct_reports: i64,
    pub mentors: Vec<String>,
    /// Whether the viewer may see this person's records (not just the directory entry).
    pub may_view_record: bool,
}

impl Session {
    /// How this session's account stands to `employee_id`.
    pub(super) fn relation_to(&self, employee_id: &str) -> Result<Relation> {
        let db = self.store.db();
        let me = self.account.person_id.as_deref();
        Ok(Relation {
            is_self: me == Some(employee_id),
            is_above: match me {
                Some(me) if self.has_role(Role::Supervisor) => db.is_above(me, employee_id)?,
                _ => false,
            },
            is_mentor: self.has_role(Role::Mentor)
                && db.is_mentee(&self.account.login, employee_id)?,
        })
    }

    /// Refuses unless this session may perform `action` on `employee_id`; the refusal
    /// does not reveal whether the person exists.
    pub(super) fn require_on_person(&self, action: Action, employee_id: &str) -> Result<()> {
        let relation = self.relation_to(employee_id)?;
        if policy::permits(&self.account.roles, action, relation) {
            Ok(())
        } else {
            Err(Error::Denied(format!(
                "{} may not see {}",
                self.account.login,
                sanitize(employee_id)
            )))
        }
    }

    /// Everyone this session may see in the directory, as `role` (one of its roles), by name.
    pub fn people_as(&self, role: Role) -> Result<Vec<Person>> {
        if !self.has_role(role) {
            return Err(Error::Denied(format!(
                "{} does not hold the {role} role",
                self.account.login
            )));
        }
        let db = self.store.db();
        let roles = crate::domain::Roles::new([role]);
        let mut people = Vec::new();
        for scope in policy::scopes(&roles, Action::ViewDirectory) {
            match (scope, self.account.person_id.as_deref()) {
                (Scope::All, _) => return Ok(db.all_people()?),
                (Scope::Subtree, Some(me)) => people.extend(db.subtree(me)?),
                (Scope::Own, Some(me)) => people.extend(db.person(me)?),
                (Scope::Mentees, _) => people.extend(db.mentees(&self.account.login)?),
                (Scope::Subtree | Scope::Own, None) => {}
            }
        }
        Ok(people)
    }

    /// The employee ids of the people `people_as(role)` lists, in no particular order and
    /// without reading their rows (a supervisor high in the chain has tens of thousands).
    pub(super) fn ids_as(&self, role: Role) -> Result<Vec<String>> {
        if !self.has_role(role) {
            return Err(Error::Denied(format!(
                "{} does not hold the {role} role",
                self.account.login
            )));
        }
        let db = self.store.db();
        let roles = crate::domain::Roles::new([role]);
        let mut ids = Vec::new();
        for scope in policy::scopes(&roles, Action::ViewDirectory) {
            match (scope, self.account.person_id.as_deref()) {
                (Scope::All, _) => {
                    return Ok(db
                        .all_people()?
                        .into_iter()
                        .map(|p| p.employee_id)
                        .collect());
                }
                (Scope::Subtree, Some(me)) => ids.extend(db.subtree_ids(me)?),
                (Scope::Own, Some(me)) => ids.extend(db.person(me)?.map(|p| p.employee_id)),
                (Scope::Mentees, _) => ids.extend(db.mentee_ids(&self.account.login)?),
                (Scope::Subtree | Scope::Own, None) => {}
            }
        }
        Ok(ids)
    }

    /// Everyone this session may see with any of its roles, by name, without repeats.
    pub fn people(&self) -> Result<Vec<Person>> {
        let mut people: Vec<Person> = Vec::new();
        for role in self.account.roles.iter() {
            if policy::holds(&crate::domain::Roles::new([role]), Action::ViewDirectory) {
                people.extend(self.people_as(role)?);
            }
        }
        people.sort_by(|a, b| {
            a.name
                .to_lowercase()
                .cmp(&b.name.to_lowercase())
                .then_with(|| a.employee_id.cmp(&b.employee_id))
        });
        people.dedup_by(|a, b| a.employee_id == b.employee_id);
        Ok(people)
    }

    pub fn person(&self, employee_id: &str) -> Result<PersonView> {
        self.require_on_person(Action::ViewDirectory, employee_id)?;
        let db = self.store.db();
        let Some(person) = db.person(employee_id)? else {
            return Err(Error::NotFound(format!(
                "no person with employee id {}",
                sanitize(employee_id)
            )));
        };
        let supervisor_name = match &person.supervisor_id {
            Some(id) => db.person(id)?.map(|p| p.name),
            None => None,
        };
        let may_view_record = policy::permits(
            &self.account.roles,
            Action::ViewRecord,
            self.relation_to(employee_id)?,
        );
        Ok(PersonView {
            direct_reports: db.direct_report_count(employee_id)?,
            mentors: db.mentors_of(employee_id)?,
            supervisor_name,
            may_view_record,
            person,
        })
    }

    /// Validates the whole file first; writes all of it in one transaction or nothing.
    pub fn import_people(
        &mut self,
        csv: &[u8],
        deactivate_missing: bool,
        progress: &mut dyn Progress,
    ) -> Result<ImportSummary> {
        self.require_vault_wide(Action::ImportRoster, "importing the roster")?;
        let existing = self.store.db().all_people()?;
        let plan = roster::parse_and_plan(csv, &existing).map_err(Error::Roster)?;
        self.apply_import_plan(&plan, deactivate_missing, progress)
    }

    /// Imports rows already parsed (from a file, or from the demo generator).
    pub fn import_roster_rows(
        &mut self,
        rows: &[roster::RosterRow],
        deactivate_missing: bool,
        progress: &mut dyn Progress,
    ) -> Result<ImportSummary> {
        self.require_vault_wide(Action::ImportRoster, "importing the roster")?;
        let existing = self.store.db().all_people()?;
        let plan: ImportPlan = roster::plan(rows, &existing).map_err(Error::Roster)?;
        self.apply_import_plan(&plan, deactivate_missing, progress)
    }

    /// Writes a checked import plan and its audit entry in one transaction.
    fn apply_import_plan(
        &mut self,
        plan: &ImportPlan,
        deactivate_missing: bool,
        progress: &mut dyn Progress,
    ) -> Result<ImportSummary> {
        let now = self.clock.stamp();
        let summary = ImportSummary {
            added: plan.add.len(),
            updated: plan.update.len(),
            unchanged: plan.unchanged,
            deactivated: if deactivate_missing {
                plan.not_in_file.len()
            } else {
                0
            },
            not_in_file: plan.not_in_file.len(),
        };
        let total = summary.added + summary.updated + summary.deactivated;
        progress.stage("Importing people", total as u64, Steps::Items);
        self.write(|db| {
            let mut done = 0u64;
            for person in &plan.add {
                db.insert_person(person, &now)?;
                done += 1;
                progress.advance(done);
            }
            for person in &plan.update {
                db.update_person(person, &now)?;
                done += 1;
                progress.advance(done);
            }
            if deactivate_missing {
                for id in &plan.not_in_file {
                    db.set_person_active(id, false, &now)?;
                    // Inactive people have no prompts.
                    self.sync_prompts(db, id, self.clock.date())?;
                    done += 1;
                    progress.advance(done);
                }
            }
            self.audit(
                db,
                "people.import",
                "roster",
                &format!(
                    "{} added, {} updated, {} unchanged, {} deactivated",
                    summary.added, summary.updated, summary.unchanged, summary.deactivated
                ),
            )
        })?;
        Ok(summary)
    }

    fn require_vault_wide_roster(&self) -> Result<()> {
        if policy::permits_vault_wide(&self.account.roles, Action::EditRoster) {
            Ok(())
        } else {
            Err(Error::Denied(format!(
                "changing the roster needs the admin role; {} has {}",
                self.account.login, self.account.roles
            )))
        }
    }

    pub fn add_person(&mut self, person: &Person) -> Result<()> {
        self.require_vault_wide_roster()?;
        roster::validate_employee_id(&person.employee_id).map_err(Error::Invalid)?;
        let problems = roster::validate_person_fields(&person.name, &person.unit);
        if !problems.is_empty() {
            return Err(Error::Invalid(problems.join("; ")));
        }
        let db = self.store.db();
        if db.person(&person.employee_id)?.is_some() {
            return Err(Error::Invalid(format!(
                "{} is already on the roster; re-import the roster to change them",
                sanitize(&person.employee_id)
            )));
        }
        if let Some(sup) = &person.supervisor_id
            && db.person(sup)?.is_none()
        {
            return Err(Error::NotFound(format!(
                "no supervisor with employee id {}",
                sanitize(sup)
            )));
        }
        let now = self.clock.stamp();
        self.write(|db| {
            db.insert_person(person, &now)?;
            self.audit(
                db,
                "people.add",
                &person.employee_id,
                &format!("unit {}", person.unit),
            )
        })
    }

    fn mentor_pair_checks(&self, mentor_login: &str, employee_id: &str) -> Result<()> {
        if !policy::permits_vault_wide(&self.account.roles, Action::AssignMentor) {
            return Err(Error::Denied(format!(
                "pairing mentors needs the admin role; {} has {}",
                self.account.login, self.account.roles
            )));
        }
        let db = self.store.db();
        match db.account(mentor_login)? {
            None => Err(Error::NotFound(format!(
                "no account {}",
                sanitize(mentor_login)
            ))),
            Some(a) if !a.roles.contains(Role::Mentor) => Err(Error::Invalid(format!(
                "{mentor_login} does not hold the mentor role"
            ))),
            Some(_) if db.person(employee_id)?.is_none() => Err(Error::NotFound(format!(
                "no person with employee id {}",
                sanitize(employee_id)
            ))),
            Some(_) => Ok(()),
        }
    }

    pub fn assign_mentor(&mut self, mentor_login: &str, employee_id: &str) -> Result<()> {
        self.mentor_pair_checks(mentor_login, employee_id)?;
        let now = self.clock.stamp();
        self.write(|db| {
            if !db.add_mentorship(mentor_login, employee_id, &now)? {
                return Err(Error::Invalid(format!(
                    "{mentor_login} already mentors {employee_id}"
                )));
            }
            // A mentor paired again sees what their own earlier check-ins still raise.
            self.sync_prompts(db, employee_id, self.clock.date())?;
            self.audit(
                db,
                "mentor.assign",
                employee_id,
                &format!("mentor {mentor_login}"),
            )
        })
    }

    pub fn unassign_mentor(&mut self, mentor_login: &str, employee_id: &str) -> Result<()> {
        self.mentor_pair_checks(mentor_login, employee_id)?;
        self.write(|db| {
            if !db.remove_mentorship(mentor_login, employee_id)? {
                return Err(Error::NotFound(format!(
                    "{mentor_login} does not mentor {employee_id}"
                )));
            }
            // The mentor's prompt about them ends with the pairing.
            self.sync_prompts(db, employee_id, self.clock.date())?;
            self.audit(
                db,
                "mentor.unassign",
                employee_id,
                &format!("mentor {mentor_login}"),
            )
        })
    }
}

/// Who mentors whom, for the admin's mentor pairing page: the roster, each person's
/// mentors, and the accounts that may be given a mentee.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MentorBoard {
    /// Everyone on the roster, by name.
    pub people: Vec<Person>,
    /// (employee id, mentor login) for every pairing, by employee.
    pub pairs: Vec<(String, String)>,
    /// Active accounts holding the mentor role: (login, their roster name if linked).
    pub mentors: Vec<(String, Option<String>)>,
}

impl MentorBoard {
    /// The mentors of `employee_id`, by login.
    pub fn mentors_of(&self, employee_id: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(e, _)| e == employee_id)
            .map(|(_, m)| m.as_str())
            .collect()
    }

    /// A mentor's name as a list shows it: "Lin, Jo (j.lin)", or the login alone.
    pub fn mentor_label(&self, login: &str) -> String {
        match self.mentors.iter().find(|(l, _)| l == login) {
            Some((_, Some(name))) => format!("{name} ({login})"),
            _ => login.to_string(),
        }
    }
}

impl Session {
    /// The roster with its mentor pairings and the mentors to choose from (admins only).
    pub fn mentor_board(&self) -> Result<MentorBoard> {
        if !policy::permits_vault_wide(&self.account.roles, Action::AssignMentor) {
            return Err(Error::Denied(format!(
                "pairing mentors needs the admin role; {} has {}",
                self.account.login, self.account.roles
            )));
        }
        let db = self.store.db();
        let mut mentors = Vec::new();
        for account in db.accounts()? {
            if account.disabled || !account.roles.contains(Role::Mentor) {
                continue;
            }
            let name = match &account.person_id {
                Some(id) => db.person(id)?.map(|p| p.name),
                None => None,
            };
            mentors.push((account.login, name));
        }
        mentors.sort_by(|a, b| {
            let key = |m: &(String, Option<String>)| m.1.clone().unwrap_or_else(|| m.0.clone());
            key(a).to_lowercase().cmp(&key(b).to_lowercase())
        });
        Ok(MentorBoard {
            people: self.people()?,
            pairs: db.all_mentorships()?,
            mentors,
        })
    }
}
