//! Check-ins: recording, editing (earlier versions kept), reading with visibility, and
//! the follow-ups and people not seen lately for a supervisor's or mentor's Today list.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::{Error, Result, Session};
use crate::domain::checkin::{Checkin, CheckinDraft, CheckinKind, Visibility};
use crate::domain::resources::{self, Resource};
use crate::domain::stressors::StressorCatalog;
use crate::domain::text::sanitize;
use crate::policy::{self, Action};

/// Stressors flagged within this many days shape the resource suggestions.
pub const SUGGESTION_WINDOW_DAYS: i64 = 90;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RecordedCheckin {
    pub id: i64,
    /// Resources for what was flagged on this person lately, best first.
    pub suggestions: Vec<Resource>,
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
