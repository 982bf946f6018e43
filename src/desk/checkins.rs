//! Check-ins: recording, editing (earlier versions kept), reading with visibility, and
//! the follow-ups and people not seen lately for a supervisor's or mentor's Today list.

use std::collections::HashSet;

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::{Error, Result, Session};
use crate::domain::checkin::{Checkin, CheckinDraft, CheckinKind, Visibility};
use crate::domain::resources::{self, Resource};
use crate::domain::stressors::StressorCatalog;
use crate::domain::text::sanitize;
use crate::domain::{Person, Role};
use crate::policy::{self, Action};

/// Stressors flagged within this many days shape the resource suggestions.
pub const SUGGESTION_WINDOW_DAYS: i64 = 90;

/// People without a check-in for longer than this appear under "not seen lately".
pub(super) const NOT_SEEN_DAYS: i64 = 45;

/// Up to this many people in care, "not seen lately" looks each of them up; beyond, it reads
/// everyone not seen lately in the vault and keeps those in care.
const FEW_IN_CARE: usize = 2_000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RecordedCheckin {
    pub id: i64,
    /// Resources for what was flagged on this person lately, best first.
    pub suggestions: Vec<Resource>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FollowUp {
    pub person: Person,
    pub checkin_id: i64,
    pub checkin_on: NaiveDate,
    pub due_on: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NotSeen {
    pub person: Person,
    /// None: never checked in with.
    pub last_checkin_on: Option<NaiveDate>,
}

impl Session {
    fn reader_of(&self, checkin: &Checkin) -> Result<policy::CheckinReader> {
        let relation = self.relation_to(&checkin.employee_id)?;
        Ok(policy::CheckinReader {
            is_author: checkin.author == self.account.login,
            is_employee: relation.is_self,
            is_above: relation.is_above,
        })
    }

    /// Records a check-in with a person in this session's care. Visibility defaults to
    /// `chain` for a supervisor's check-in and `private` for a mentor's.
    pub fn record_checkin(
        &mut self,
        employee_id: &str,
        draft: CheckinDraftInput,
    ) -> Result<RecordedCheckin> {
        self.require_on_person(Action::RecordCheckin, employee_id)?;
        let relation = self.relation_to(employee_id)?;
        let kind = if relation.is_above {
            CheckinKind::Supervisor
        } else {
            CheckinKind::Mentoring
        };
        let visibility = draft.visibility.unwrap_or(match kind {
            CheckinKind::Supervisor => Visibility::Chain,
            CheckinKind::Mentoring => Visibility::Private,
        });
        let draft = CheckinDraft {
            occurred_on: draft.occurred_on,
            wellbeing: draft.wellbeing,
            visibility,
            notes: draft.notes,
            follow_up_on: draft.follow_up_on,
            stressors: draft.stressors,
        };
        self.validate_draft(&draft)?;
        let checkin = Checkin {
            id: 0,
            employee_id: employee_id.to_string(),
            author: self.account.login.clone(),
            kind,
            occurred_on: draft.occurred_on,
            wellbeing: draft.wellbeing,
            visibility: draft.visibility,
            notes: draft.notes,
            follow_up_on: draft.follow_up_on,
            stressors: draft.stressors,
            version: 1,
            notes_purged_on: None,
        };
        let now = self.clock.stamp();
        let id = self.write(|db| {
            let id = db.insert_checkin(&checkin, &now)?;
            self.sync_prompts(db, employee_id, self.clock.date())?;
            self.audit(
                db,
                "checkin.add",
                employee_id,
                &format!("check-in {id} ({}, {})", kind.as_str(), checkin.visibility),
            )?;
            Ok(id)
        })?;
        Ok(RecordedCheckin {
            id,
            suggestions: self.suggestions_for(employee_id, checkin.occurred_on)?,
        })
    }

    fn validate_draft(&self, draft: &CheckinDraft) -> Result<()> {
        draft.validate(self.clock.date()).map_err(Error::Invalid)?;
        let catalog = StressorCatalog::builtin();
        for flag in &draft.stressors {
            if catalog.get(&flag.category).is_none() {
                return Err(Error::Invalid(format!(
                    "'{}' is not a stressor category",
                    sanitize(&flag.category)
                )));
            }
        }
        Ok(())
    }

    /// A check-in this session wrote, as it stands, for a front end to build an edit on.
    /// Anyone but its author is refused before anything is read, so no read is recorded.
    pub fn checkin_to_edit(&self, id: i64) -> Result<Checkin> {
        let Some(current) = self.store.db().checkin(id)? else {
            return Err(Error::NotFound(format!("no check-in {id}")));
        };
        if current.author != self.account.login {
            return Err(Error::Denied(format!(
                "only the author ({}) may edit check-in {id}",
                current.author
            )));
        }
        self.require_on_person(Action::RecordCheckin, &current.employee_id)?;
        Ok(current)
    }

    /// Changes a check-in this session wrote, and returns it as now stored. The version
    /// before is kept whole.
    pub fn edit_checkin(&mut self, id: i64, draft: CheckinDraft) -> Result<Checkin> {
        let previous = self.checkin_to_edit(id)?;
        if previous.notes_purged_on.is_some() && !draft.notes.is_empty() {
            return Err(Error::Invalid(format!(
                "check-in {id}'s notes were removed under the retention policy; record a new check-in instead"
            )));
        }
        self.validate_draft(&draft)?;
        let updated = Checkin {
            occurred_on: draft.occurred_on,
            wellbeing: draft.wellbeing,
            visibility: draft.visibility,
            notes: draft.notes,
            follow_up_on: draft.follow_up_on,
            stressors: draft.stressors,
            ..previous.clone()
        };
        if updated == previous {
            return Err(Error::Invalid(format!(
                "check-in {id} already says that; nothing changed"
            )));
        }
        let now = self.clock.stamp();
        self.write(|db| {
            db.update_checkin(&previous, &updated, &self.account.login, &now)?;
            self.sync_prompts(db, &previous.employee_id, self.clock.date())?;
            self.audit(
                db,
                "checkin.edit",
                &previous.employee_id,
                &format!("check-in {id} version {} kept", previous.version),
            )
        })?;
        self.checkin_to_edit(id)
    }

    /// The check-ins about a person that this session may read, newest first. Reading
    /// notes someone else wrote is an audit entry the employee can see later.
    pub fn checkins(&self, employee_id: &str) -> Result<Vec<Checkin>> {
        self.require_on_person(Action::ViewRecord, employee_id)?;
        // Every check-in here is about the same person: one relation for all of them.
        let relation = self.relation_to(employee_id)?;
        let mut visible = Vec::new();
        for c in self.store.db().checkins_for(employee_id)? {
            let reader = policy::CheckinReader {
                is_author: c.author == self.account.login,
                is_employee: relation.is_self,
                is_above: relation.is_above,
            };
            if policy::may_read_checkin(c.visibility, reader) {
                visible.push(c);
            }
        }
        self.audit_note_reads(employee_id, &visible)?;
        Ok(visible)
    }

    /// One check-in with its earlier versions (oldest first), if this session may read it.
    pub fn checkin_with_history(&self, id: i64) -> Result<(Checkin, Vec<Checkin>)> {
        let db = self.store.db();
        let Some(c) = db.checkin(id)? else {
            return Err(Error::NotFound(format!("no check-in {id}")));
        };
        self.require_on_person(Action::ViewRecord, &c.employee_id)?;
        if !policy::may_read_checkin(c.visibility, self.reader_of(&c)?) {
            return Err(Error::Denied(format!(
                "check-in {id} is private to its author and the employee"
            )));
        }
        let versions = db.checkin_versions(id)?;
        self.audit_note_reads(&c.employee_id, std::slice::from_ref(&c))?;
        Ok((c, versions))
    }

    fn audit_note_reads(&self, employee_id: &str, shown: &[Checkin]) -> Result<()> {
        let others: Vec<String> = shown
            .iter()
            .filter(|c| c.author != self.account.login && !c.notes.is_empty())
            .map(|c| c.id.to_string())
            .collect();
        if others.is_empty() {
            return Ok(());
        }
        self.write(|db| {
            self.audit(
                db,
                "checkin.read",
                employee_id,
                &format!("notes of check-in(s) {}", others.join(", ")),
            )
        })
    }

    /// Active resources for what was flagged on this person in the 90 days up to `as_of`.
    pub fn suggestions_for(&self, employee_id: &str, as_of: NaiveDate) -> Result<Vec<Resource>> {
        self.require_on_person(Action::ViewRecord, employee_id)?;
        let db = self.store.db();
        let flags =
            db.stressors_since(employee_id, as_of - Duration::days(SUGGESTION_WINDOW_DAYS))?;
        let catalog = db.resources()?;
        Ok(resources::suggest(&catalog, &flags)
            .into_iter()
            .cloned()
            .collect())
    }

    /// The employee ids of the people this session records check-ins for (its supervisor
    /// subtree and its mentees): those of `people_in_care`, without reading their rows.
    fn ids_in_care(&self) -> Result<HashSet<String>> {
        let mut ids = HashSet::new();
        for role in [Role::Supervisor, Role::Mentor] {
            if self.has_role(role) {
                ids.extend(self.ids_as(role)?);
            }
        }
        Ok(ids)
    }

    /// Follow-ups due by `as_of` + 7 days on check-ins this session wrote, with no
    /// check-in with that person since.
    pub fn follow_ups_due(&self, as_of: NaiveDate) -> Result<Vec<FollowUp>> {
        self.follow_ups_among(&self.ids_in_care()?, as_of)
    }

    fn follow_ups_among(
        &self,
        in_care: &HashSet<String>,
        as_of: NaiveDate,
    ) -> Result<Vec<FollowUp>> {
        let horizon = as_of + Duration::days(7);
        let db = self.store.db();
        let mut due = Vec::new();
        // Only this author's follow-ups are read, whoever is in their care: a supervisor
        // high in the chain has tens of thousands of people with years of check-ins each.
        for (employee_id, checkin_id, checkin_on, due_on) in
            db.follow_ups_on_latest(&self.account.login, horizon)?
        {
            if !in_care.contains(&employee_id) {
                continue;
            }
            if let Some(person) = db.person(&employee_id)? {
                due.push(FollowUp {
                    person,
                    checkin_id,
                    checkin_on,
                    due_on,
                });
            }
        }
        due.sort_by_key(|f| (f.due_on, f.checkin_id));
        Ok(due)
    }

    /// People in this session's care with no check-in for more than 45 days (or ever),
    /// longest first.
    pub fn not_seen_lately(&self, as_of: NaiveDate) -> Result<Vec<NotSeen>> {
        self.not_seen_among(&self.ids_in_care()?, as_of)
    }

    fn not_seen_among(&self, in_care: &HashSet<String>, as_of: NaiveDate) -> Result<Vec<NotSeen>> {
        // From each person's latest check-in day as the vault keeps it, never their
        // check-ins: a look-up per person in care where they are few, else everyone not
        // seen (a few in a hundred) kept to those in care.
        let since = as_of - Duration::days(NOT_SEEN_DAYS);
        let db = self.store.db();
        let found = if in_care.len() <= FEW_IN_CARE {
            let among: Vec<&str> = in_care.iter().map(String::as_str).collect();
            db.not_seen_since_among(since, &among)?
        } else {
            db.not_seen_since(since)?
        };
        let mut out: Vec<NotSeen> = found
            .into_iter()
            .filter(|(person, _)| in_care.contains(&person.employee_id))
            .map(|(person, last_checkin_on)| NotSeen {
                person,
                last_checkin_on,
            })
            .collect();
        out.sort_by(|a, b| {
            a.last_checkin_on
                .cmp(&b.last_checkin_on)
                .then_with(|| a.person.name.cmp(&b.person.name))
                .then_with(|| a.person.employee_id.cmp(&b.person.employee_id))
        });
        Ok(out)
    }

    /// A supervisor's or mentor's Today list: follow-ups due and people not seen lately,
    /// with the people in care found once for both.
    pub fn today_list(&self, as_of: NaiveDate) -> Result<(Vec<FollowUp>, Vec<NotSeen>)> {
        let in_care = self.ids_in_care()?;
        Ok((
            self.follow_ups_among(&in_care, as_of)?,
            self.not_seen_among(&in_care, as_of)?,
        ))
    }
}

/// What a front end collects for a new check-in; visibility left `None` takes the default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckinDraftInput {
    pub occurred_on: NaiveDate,
    pub wellbeing: u8,
    pub visibility: Option<Visibility>,
    pub notes: String,
    pub follow_up_on: Option<NaiveDate>,
    pub stressors: Vec<crate::domain::stressors::StressorFlag>,
}
