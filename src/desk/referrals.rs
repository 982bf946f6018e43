//! Referrals to resources: proposing (or self-referring), moving them through their
//! lifecycle with consent, and the coordinator's queue. Every change is an event.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Error, Result, Session};
use crate::domain::Role;
use crate::domain::referral::{
    self, Change, Consent, QueueMark, Referral, ReferralEvent, Status, Urgency,
};
use crate::domain::text::sanitize;
use crate::policy::{self, Action};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewReferral {
    pub employee_id: String,
    pub resource_id: String,
    pub consent: Consent,
    pub urgency: Urgency,
    pub reason: String,
    pub on: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QueueItem {
    pub referral: Referral,
    pub resource_name: String,
    /// The person's name, where they are on the roster (coordinators see the directory).
    pub person_name: Option<String>,
    pub last_event_on: NaiveDate,
    pub mark: QueueMark,
}

/// Longest reason or note kept with a referral.
const MAX_TEXT_CHARS: usize = 2_000;

impl Session {
    fn is_coordinator(&self) -> bool {
        policy::permits_vault_wide(&self.account.roles, Action::WorkReferrals)
    }

    /// Proposes a referral. A self-referral carries the person's own consent.
    pub fn propose_referral(&mut self, new: &NewReferral) -> Result<i64> {
        self.require_on_person(Action::ProposeReferral, &new.employee_id)?;
        let db = self.store.db();
        let resource = match db.resource(&new.resource_id)? {
            Some(r) if !r.retired => r,
            Some(_) => {
                return Err(Error::Invalid(format!(
                    "the resource {} is retired; see `steady resources list`",
                    sanitize(&new.resource_id)
                )));
            }
            None => {
                return Err(Error::NotFound(format!(
                    "no resource {}; see `steady resources list`",
                    sanitize(&new.resource_id)
                )));
            }
        };
        // A crisis line is for calling now; a referral would wait in a queue.
        if resource.crisis {
            return Err(Error::Invalid(format!(
                "{} is a crisis line, not a referral: {} ({}). Nothing was recorded or sent",
                sanitize(&resource.name),
                sanitize(&resource.contact),
                sanitize(&resource.hours)
            )));
        }
        if new.reason.chars().count() > MAX_TEXT_CHARS {
            return Err(Error::Invalid(format!(
                "the reason is limited to {MAX_TEXT_CHARS} characters"
            )));
        }
        if new.on > self.clock.date() {
            return Err(Error::Invalid(format!(
                "the referral date {} is in the future",
                new.on
            )));
        }
        let self_referral = self.account.person_id.as_deref() == Some(new.employee_id.as_str());
        let consent = if self_referral {
            Consent::Given
        } else {
            new.consent
        };
        let mut referral = Referral {
            id: 0,
            employee_id: new.employee_id.clone(),
            resource_id: resource.id.clone(),
            created_by: self.account.login.clone(),
            created_on: new.on,
            consent,
            status: Status::Proposed,
            outcome: None,
            urgency: new.urgency,
            reason: new.reason.clone(),
            self_referral,
            updated_on: new.on,
            closed_on: None,
        };
        self.write(|db| {
            referral.id = db.insert_referral(&referral)?;
            db.insert_referral_event(&ReferralEvent {
                referral_id: referral.id,
                on_date: new.on,
                actor: self.account.login.clone(),
                status: Status::Proposed,
                consent,
                outcome: None,
                note: String::new(),
            })?;
            self.sync_prompts(db, &new.employee_id, self.clock.date())?;
            self.audit(
                db,
                "referral.add",
                &new.employee_id,
                &format!(
                    "referral {} to {} (consent {consent})",
                    referral.id, resource.id
                ),
            )?;
            Ok(referral.id)
        })
    }

    /// How this session stands to `r`, for the policy table's record rule: what the desk
    /// decides a change by, and what a front end offers moves by.
    pub fn referral_actor(&self, r: &Referral) -> policy::ReferralActor {
        policy::ReferralActor {
            works_referrals: self.is_coordinator(),
            is_employee: self.account.person_id.as_deref() == Some(r.employee_id.as_str())
                && self.has_role(Role::Employee),
            is_proposer: r.created_by == self.account.login,
        }
    }

    /// Whether this session may make `change` to `r` (the policy table's record rule).
    fn may_change(&self, r: &Referral, change: &Change) -> bool {
        let actor = self.referral_actor(r);
        let moves = policy::ReferralMove {
            withdraws: change.status == Some(Status::Withdrawn)
                && change.outcome.is_none()
                && change.consent.is_none(),
            consent_only: change.status.is_none()
                && change.outcome.is_none()
                && change.consent.is_some(),
        };
        policy::may_change_referral(actor, moves)
    }

    /// Applies a change; an illegal one is refused with the allowed moves, and nothing is stored.
    pub fn change_referral(
        &mut self,
        id: i64,
        change: &Change,
        note: &str,
        on: NaiveDate,
    ) -> Result<Referral> {
        let current = self.referral(id)?;
        if !self.may_change(&current, change) {
            return Err(Error::Denied(format!(
                "{} may not make that change to referral {id}",
                self.account.login
            )));
        }
        if note.chars().count() > MAX_TEXT_CHARS {
            return Err(Error::Invalid(format!(
                "the note is limited to {MAX_TEXT_CHARS} characters"
            )));
        }
        if on > self.clock.date() {
            return Err(Error::Invalid(format!("the date {on} is in the future")));
        }
        let next = referral::apply(&current, change, on).map_err(Error::Invalid)?;
        self.write(|db| {
            db.update_referral(&next)?;
            db.insert_referral_event(&ReferralEvent {
                referral_id: id,
                on_date: on,
                actor: self.account.login.clone(),
                status: next.status,
                consent: next.consent,
                outcome: next.outcome,
                note: note.to_string(),
            })?;
            self.sync_prompts(db, &next.employee_id, self.clock.date())?;
            self.audit(
                db,
                "referral.set",
                &next.employee_id,
                &format!(
                    "referral {id}: {} → {} (consent {})",
                    current.status, next.status, next.consent
                ),
            )
        })?;
        Ok(next)
    }

    /// A referral if this session may see it: coordinators all, employees their own,
    /// proposers the ones they made.
    fn visible_referral(&self, id: i64) -> Result<Option<Referral>> {
        Ok(self
            .store
            .db()
            .referral(id)?
            .filter(|r| self.may_see_referral(r)))
    }

    /// One referral, if this session may see it; otherwise "not found", revealing nothing.
    pub fn referral(&self, id: i64) -> Result<Referral> {
        self.visible_referral(id)?
            .ok_or_else(|| Error::NotFound(format!("no referral {id}")))
    }

    fn may_see_referral(&self, r: &Referral) -> bool {
        self.is_coordinator()
            || r.created_by == self.account.login
            || (self.account.person_id.as_deref() == Some(r.employee_id.as_str())
                && self.has_role(Role::Employee))
    }

    /// The referrals this session may see, newest first, optionally of one status.
    pub fn referrals(&self, status: Option<Status>) -> Result<Vec<Referral>> {
        let db = self.store.db();
        let mut found = if self.is_coordinator() {
            db.all_referrals()?
        } else {
            let mut mine = db.referrals_created_by(&self.account.login)?;
            if let Some(me) = self.account.person_id.as_deref()
                && self.has_role(Role::Employee)
            {
                mine.extend(db.referrals_for(me)?);
            }
            mine
        };
        found.retain(|r| status.is_none_or(|s| r.status == s));
        found.sort_by(|a, b| {
            b.created_on
                .cmp(&a.created_on)
                .then_with(|| b.id.cmp(&a.id))
        });
        found.dedup_by_key(|r| r.id);
        Ok(found)
    }

    /// The referrals about one person this session may see (for the person page).
    pub fn referrals_about(&self, employee_id: &str) -> Result<Vec<Referral>> {
        self.require_on_person(Action::ViewRecord, employee_id)?;
        Ok(self
            .store
            .db()
            .referrals_for(employee_id)?
            .into_iter()
            .filter(|r| self.may_see_referral(r))
            .collect())
    }

    pub fn referral_events(&self, id: i64) -> Result<Vec<ReferralEvent>> {
        self.referral(id)?;
        Ok(self.store.db().referral_events(id)?)
    }

    /// The coordinator's queue: open referrals, ready before not-ready, urgent and old first.
    pub fn referral_queue(&self, today: NaiveDate) -> Result<Vec<QueueItem>> {
        if !self.is_coordinator() {
            return Err(Error::Denied(format!(
                "the referral queue is for wellness coordinators; {} has {}",
                self.account.login, self.account.roles
            )));
        }
        let db = self.store.db();
        let names: std::collections::HashMap<String, String> = db
            .resources()?
            .into_iter()
            .map(|r| (r.id, r.name))
            .collect();
        let mut items = Vec::new();
        for (referral, last_event_on) in db.open_referrals()? {
            let last_event_on = last_event_on.unwrap_or(referral.created_on);
            let mark = referral::queue_mark(&referral, last_event_on, today);
            items.push(QueueItem {
                resource_name: names
                    .get(&referral.resource_id)
                    .cloned()
                    .unwrap_or_default(),
                person_name: db.person(&referral.employee_id)?.map(|p| p.name),
                referral,
                last_event_on,
                mark,
            });
        }
        items.sort_by(|a, b| referral::queue_order((&a.referral, a.mark), (&b.referral, b.mark)));
        Ok(items)
    }
}
