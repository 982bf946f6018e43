//! Prompts: one per person per audience, kept in step with the rules (after each write for
//! that person, and daily with `rules run`), each audience fed only what it may read, routed
//! to the people who can help, and answered (acknowledged, snoozed) by each viewer alone.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::{Error, Result, SelfCheckEntry, Session};
use crate::domain::Role;
use crate::domain::prompt::{
    self, Audience, Prompt, PromptEvent, PromptState, Reason, Response, ResponseKind,
};
use crate::policy::{self, Action, PromptViewer};
use crate::rules::{self, Firing, History, RuleSet, Severity};
use crate::store::Db;

mod evaluation;
mod oversight;
mod routing;

use evaluation::{AudienceRules, reasons_of, suggestions};
pub use oversight::{PromptAudit, RulesCheck};
use routing::{Chain, Route};

/// The meta key that holds the day of the last rules run.
pub(super) const LAST_RUN_KEY: &str = "rules_last_run";

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RulesRunSummary {
    pub as_of: Option<NaiveDate>,
    pub evaluated: usize,
    pub opened: usize,
    pub resolved: usize,
    pub live: usize,
    /// Everyone was evaluated (`--full`, or a daily run that could not rely on the last).
    pub full: bool,
}

/// A prompt as one viewer sees it on one day: its reasons as the rules give them that day
/// from the records its audience may read (as stored where nothing has changed them since,
/// else evaluated again), each sentence made for that day, so every sentence holds on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PromptView {
    pub id: i64,
    pub employee_id: String,
    pub person_name: String,
    pub audience: Audience,
    /// The most severe reason's severity.
    pub severity: Severity,
    /// Open, acknowledged or snoozed, for this viewer.
    pub state: PromptState,
    pub opened_on: NaiveDate,
    /// Most severe first.
    pub reasons: Vec<Reason>,
    pub suggest: Vec<String>,
    /// It reached this viewer one level up the chain, having waited unacknowledged.
    pub escalated: bool,
    /// This viewer's acknowledgement or snooze that still stands.
    pub response: Option<Response>,
    /// The day it was evaluated for.
    pub as_of: NaiveDate,
}

impl PromptView {
    /// Every record behind the reasons, once each, oldest first.
    pub fn evidence(&self) -> Vec<rules::Evidence> {
        prompt::evidence_of(&self.reasons)
    }

    /// The reasons' sentences, most severe first, joined into one.
    pub fn explanation(&self) -> String {
        self.reasons
            .iter()
            .map(|r| r.explanation.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// What it invites the viewer to do: "Check in with NAME", or for coordinators,
    /// whose prompts are about referrals, "Consider the referral for NAME".
    pub fn invitation(&self) -> String {
        let who = if self.person_name.trim().is_empty() {
            &self.employee_id
        } else {
            &self.person_name
        };
        match self.audience {
            Audience::Coordinator => format!("Consider the referral for {who}"),
            _ => format!("Check in with {who}"),
        }
    }

    /// Days since it opened, as of the day it was evaluated for.
    pub fn age_days(&self) -> i64 {
        (self.as_of - self.opened_on).num_days()
    }
}

/// Someone a prompt holds for whom no one in the chain of command has an account: admins
/// see the name, never what the prompt says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnreachablePerson {
    pub employee_id: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleTestRow {
    pub rule: String,
    /// People the tested rules would prompt for.
    pub would_prompt: usize,
    /// People the rules in force prompt for on the same day.
    pub in_force: usize,
}

impl Session {
    /// The rules in force for this session (the built-in file unless replaced).
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Uses another rules file from now on (`--rules FILE`, or the config folder's).
    pub fn set_rules(&mut self, rules: RuleSet) {
        self.rules = rules;
    }

    /// The day of the last rules run (daily or full), if any.
    pub fn rules_last_run(&self) -> Result<Option<NaiveDate>> {
        Ok(self
            .store
            .db()
            .meta(LAST_RUN_KEY)?
            .and_then(|d| crate::domain::dates::parse_date(&d).ok()))
    }

    /// Whether an open chain prompt has waited long enough unacknowledged by its first
    /// viewer to go one level up as well.
    fn escalated(&self, db: &Db<'_>, p: &Prompt, route: &Route, as_of: NaiveDate) -> Result<bool> {
        let Some(days) = prompt::escalation_days(p.severity) else {
            return Ok(false);
        };
        if as_of < p.severity_since + Duration::days(days) {
            return Ok(false);
        }
        match &route.first {
            Some((_, login)) => Ok(!db.acknowledged_since(p.id, login, p.severity_since)?),
            None => Ok(false),
        }
    }

    /// How this session stands to a stored prompt: whether policy lets it see it, and
    /// whether it came by escalation.
    fn viewing(
        &self,
        db: &Db<'_>,
        p: &Prompt,
        chain: &mut Chain,
        as_of: NaiveDate,
    ) -> Result<Option<bool>> {
        let me = self.account.person_id.as_deref();
        let mut viewer = PromptViewer {
            login: &self.account.login,
            is_coordinator: self.has_role(Role::Coordinator),
            ..PromptViewer::default()
        };
        let mut escalated = false;
        match &p.audience {
            Audience::Chain => {
                // Everyone on the route is above the person: a supervisor it reaches is
                // one with the person in their subtree.
                if let Some(me) = me
                    && self.has_role(Role::Supervisor)
                {
                    let route = chain.route(db, &p.employee_id)?;
                    let first = route.first.as_ref().is_some_and(|(who, _)| who == me);
                    let next = route.next.as_ref().is_some_and(|(who, _)| who == me);
                    escalated = next && self.escalated(db, p, &route, as_of)?;
                    viewer.routed = first || escalated;
                }
            }
            Audience::Mentor(login) => {
                viewer.is_mentor = *login == self.account.login
                    && self.has_role(Role::Mentor)
                    && db.is_mentee(login, &p.employee_id)?;
            }
            Audience::Coordinator => {}
        }
        Ok(policy::may_see_prompt(&p.audience, viewer).then_some(escalated))
    }

    /// The prompt's reasons as of `as_of`, evaluated again from what its audience may read
    /// (empty if it no longer holds; the next evaluation resolves it).
    fn reasons_now(&self, db: &Db<'_>, p: &Prompt, as_of: NaiveDate) -> Result<Vec<Reason>> {
        let facts = self.person_facts(db, &p.employee_id)?;
        let rules = AudienceRules::of(&self.rules);
        let firings = rules::evaluate(
            rules.for_audience(&p.audience),
            &facts.history_for(&p.audience),
            as_of,
        );
        Ok(reasons_of(firings))
    }

    /// The stored reasons as they read on `as_of`, each sentence made again from its
    /// figures for that day; None where a reason lacks what that needs (kept by an older
    /// steady, or its rule is not among the rules in force).
    fn stored_reasons_on(&self, p: &Prompt, as_of: NaiveDate) -> Option<Vec<Reason>> {
        p.reasons
            .iter()
            .map(|reason| {
                let figures = reason.figures?;
                let rule = self.rules.get(&reason.rule)?;
                Some(Reason {
                    explanation: rule.explanation(&figures, as_of),
                    figures: Some(figures.on(as_of)),
                    ..reason.clone()
                })
            })
            .collect()
    }

    /// The prompt as this viewer sees it on `as_of` with these reasons and this viewer's
    /// standing response (None if no reason holds).
    fn view_with(
        &self,
        p: Prompt,
        person_name: Option<String>,
        reasons: Vec<Reason>,
        response: Option<Response>,
        escalated: bool,
        as_of: NaiveDate,
    ) -> Option<PromptView> {
        let severity = prompt::severity_of(&reasons)?;
        let evidence = prompt::evidence_of(&reasons);
        let state = prompt::viewer_state(severity, &evidence, response.as_ref(), as_of);
        Some(PromptView {
            id: p.id,
            employee_id: p.employee_id,
            person_name: person_name.unwrap_or_default(),
            audience: p.audience,
            severity,
            state,
            opened_on: p.opened_on,
            suggest: suggestions(&self.rules, &reasons),
            reasons,
            escalated,
            response: (state != PromptState::Open).then_some(response).flatten(),
            as_of,
        })
    }

    /// The prompts for this session on `as_of`, most severe and oldest first: those it is in
    /// the audience of, with reasons that hold that day. Without `include_handled`, only
    /// those open for this viewer (not acknowledged or snoozed by them).
    ///
    /// A stored prompt says what the rules gave at its person's last evaluation, which each
    /// write about them and each daily run makes again. Where a daily run on `as_of` would
    /// not evaluate the person again, that is what the rules give that day: its reasons are
    /// read as stored, their sentences made for the day. The others' are evaluated again from
    /// the records their audience may read, as a single prompt's page always is.
    pub fn prompts(&self, as_of: NaiveDate, include_handled: bool) -> Result<Vec<PromptView>> {
        let db = self.store.db();
        let unsettled = self.people_to_evaluate(&db, as_of)?;
        let mut chain = Chain::read(&db)?;
        let mut responses = db.standing_responses(&self.account.login)?;
        let open = db.open_prompts_with_people()?;
        chain.know(open.iter().filter_map(|(_, person)| person.as_ref()));
        let mut views = Vec::new();
        for (p, person) in open {
            let Some(escalated) = self.viewing(&db, &p, &mut chain, as_of)? else {
                continue;
            };
            let settled = unsettled
                .as_ref()
                .is_some_and(|people| !people.contains(&p.employee_id));
            let reasons = match settled.then(|| self.stored_reasons_on(&p, as_of)) {
                Some(Some(reasons)) => reasons,
                _ => self.reasons_now(&db, &p, as_of)?,
            };
            let response = responses.remove(&(p.employee_id.clone(), p.audience.key()));
            let person_name = person.map(|person| person.name);
            if let Some(view) = self.view_with(p, person_name, reasons, response, escalated, as_of)
                && (include_handled || view.state == PromptState::Open)
            {
                views.push(view);
            }
        }
        views.sort_by(|a, b| {
            prompt::attention_order(
                (a.severity, a.opened_on, a.id),
                (b.severity, b.opened_on, b.id),
            )
        });
        Ok(views)
    }

    /// One prompt as this session sees it today, or NotFound without saying whether it
    /// exists for someone else.
    pub fn prompt_view(&self, id: i64, as_of: NaiveDate) -> Result<PromptView> {
        let db = self.store.db();
        let not_found = || Error::NotFound(format!("no prompt {id} for you"));
        let p = db.prompt(id)?.ok_or_else(not_found)?;
        let escalated = self
            .viewing(&db, &p, &mut Chain::read(&db)?, as_of)?
            .ok_or_else(not_found)?;
        if p.state == PromptState::Resolved {
            return Err(Error::Invalid(format!("prompt {id} is already resolved")));
        }
        // One prompt is always evaluated again from the records, whatever is stored.
        let reasons = self.reasons_now(&db, &p, as_of)?;
        let response = db.latest_response(&p.employee_id, &p.audience, &self.account.login)?;
        let person_name = db.person(&p.employee_id)?.map(|person| person.name);
        self.view_with(p, person_name, reasons, response, escalated, as_of)
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "prompt {id} no longer holds as of {as_of}; it resolves at the next evaluation"
                ))
            })
    }

    fn respond(
        &mut self,
        view: &PromptView,
        kind: ResponseKind,
        until: Option<NaiveDate>,
        note: &str,
        on: NaiveDate,
    ) -> Result<()> {
        let response = Response {
            id: 0,
            prompt_id: view.id,
            viewer: self.account.login.clone(),
            kind,
            on,
            until,
            severity: view.severity,
            evidence: view.evidence().iter().map(prompt::evidence_key).collect(),
            note: note.to_string(),
        };
        let (action, detail) = match until {
            Some(until) => ("prompt.snooze", format!("prompt {} until {until}", view.id)),
            None => ("prompt.ack", format!("prompt {}", view.id)),
        };
        self.write(|db| {
            db.insert_prompt_response(&response)?;
            db.insert_prompt_event(&PromptEvent {
                prompt_id: view.id,
                on_date: on,
                actor: self.account.login.clone(),
                state: match kind {
                    ResponseKind::Acknowledged => PromptState::Acknowledged,
                    ResponseKind::Snoozed => PromptState::Snoozed,
                },
                note: note.to_string(),
            })?;
            self.audit(db, action, &view.employee_id, &detail)
        })
    }

    /// Acknowledges a prompt with a note (what was done, or why nothing is needed). It
    /// stays quiet for this viewer for the cooldown, unless it grows more severe or cites a
    /// new record; no one else's list changes.
    pub fn acknowledge_prompt(&mut self, id: i64, note: &str, on: NaiveDate) -> Result<()> {
        let view = self.prompt_view(id, on)?;
        if note.trim().is_empty() {
            return Err(Error::Invalid(
                "an acknowledgement needs a short note".into(),
            ));
        }
        if note.chars().count() > 2_000 {
            return Err(Error::Invalid(
                "the note is limited to 2000 characters".into(),
            ));
        }
        self.respond(&view, ResponseKind::Acknowledged, None, note, on)
    }

    /// Hides a prompt from this viewer until `until` (capped by severity, with a reason);
    /// it shows again then if it still holds, or at once if it grows more severe.
    pub fn snooze_prompt(
        &mut self,
        id: i64,
        until: NaiveDate,
        reason: &str,
        on: NaiveDate,
    ) -> Result<()> {
        let view = self.prompt_view(id, on)?;
        prompt::check_snooze(view.severity, on, until, reason).map_err(Error::Invalid)?;
        self.respond(&view, ResponseKind::Snoozed, Some(until), reason, on)
    }

    /// Takes back this viewer's standing acknowledgement or snooze: the prompt is open for
    /// them again.
    pub fn undo_prompt_response(&mut self, id: i64, on: NaiveDate) -> Result<()> {
        let view = self.prompt_view(id, on)?;
        let Some(response) = view.response.clone() else {
            return Err(Error::Invalid(format!(
                "prompt {id} is open for you: there is nothing to undo"
            )));
        };
        self.write(|db| {
            db.undo_prompt_response(response.id, on)?;
            db.insert_prompt_event(&PromptEvent {
                prompt_id: id,
                on_date: on,
                actor: self.account.login.clone(),
                state: PromptState::Open,
                note: format!("{} taken back", response.kind.as_str()),
            })?;
            self.audit(
                db,
                "prompt.undo",
                &view.employee_id,
                &format!("prompt {id}: {} taken back", response.kind.as_str()),
            )
        })
    }

    pub fn prompt_history(&self, id: i64) -> Result<Vec<PromptEvent>> {
        let db = self.store.db();
        match db.prompt(id)? {
            Some(p)
                if self
                    .viewing(&db, &p, &mut Chain::read(&db)?, self.clock.date())?
                    .is_some() =>
            {
                Ok(db.prompt_events(id)?)
            }
            _ => Err(Error::NotFound(format!("no prompt {id} for you"))),
        }
    }

    /// The rules for this person alone (such as two low WHO-5 self-checks in a row),
    /// evaluated from their own sealed self-checks in their own session. Nothing is stored
    /// or audited, so no one else can learn of it.
    pub fn own_prompts(&self, as_of: NaiveDate) -> Result<Vec<Firing>> {
        let own = crate::policy::Relation {
            is_self: true,
            ..crate::policy::Relation::default()
        };
        if !policy::permits(&self.account.roles, Action::ReadSelfCheck, own) {
            return Ok(Vec::new());
        }
        // Only self-checks verified as the person's own: a forged one must not set off a rule.
        let self_checks = self
            .own_self_checks()?
            .into_iter()
            .filter_map(SelfCheckEntry::into_verified)
            .filter_map(|view| {
                let on = crate::domain::dates::parse_date(&view.record.taken_on).ok()?;
                Some(rules::SelfCheckFacts {
                    id: view.record.id,
                    on,
                    instrument: view.score.instrument,
                    percent: view.score.percent,
                })
            })
            .collect();
        let history = History {
            self_checks,
            ..History::default()
        };
        Ok(rules::evaluate_own(&self.rules, &history, as_of))
    }
}
