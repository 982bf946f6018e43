//! Prompts: one per person per audience, kept in step with the rules (after each write for
//! that person, and daily with `rules run`), each audience fed only what it may read, routed
//! to the people who can help, and answered (acknowledged, snoozed) by each viewer alone.

use std::collections::{BTreeSet, HashMap};

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::{Error, Progress, Result, SelfCheckEntry, Session, Steps, Unwatched};
use crate::domain::Role;
use crate::domain::prompt::{
    self, Audience, Prompt, PromptEvent, PromptState, Reason, Response, ResponseKind,
};
use crate::policy::{self, Action, PromptViewer};
use crate::rules::{self, Firing, History, ReferralFacts, RuleSet, Severity};
use crate::store::{Db, Evaluated, SourcedCheckin};

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

/// A prompt as one viewer sees it on one day: its reasons evaluated again that day, from
/// the records its audience may read, so every sentence holds on that day.
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

/// The rules split by the audience they speak to.
struct AudienceRules {
    chain: RuleSet,
    mentor: RuleSet,
    coordinator: RuleSet,
}

impl AudienceRules {
    fn of(rules: &RuleSet) -> Self {
        let only = |audience: rules::Audience| RuleSet {
            rules: rules
                .rules
                .iter()
                .filter(|r| r.audience.contains(&audience))
                .cloned()
                .collect(),
        };
        Self {
            chain: only(rules::Audience::SupervisorChain),
            mentor: only(rules::Audience::Mentor),
            coordinator: only(rules::Audience::Coordinator),
        }
    }

    fn for_audience(&self, audience: &Audience) -> &RuleSet {
        match audience {
            Audience::Chain => &self.chain,
            Audience::Mentor(_) => &self.mentor,
            Audience::Coordinator => &self.coordinator,
        }
    }
}

/// Everything about one person the rules may read, before it is split by audience.
#[derive(Default)]
struct PersonFacts {
    checkins: Vec<SourcedCheckin>,
    referrals: Vec<ReferralFacts>,
    mentors: Vec<String>,
}

impl PersonFacts {
    /// The history `audience` may read: policy decides, check-in by check-in.
    fn history_for(&self, audience: &Audience) -> History {
        History {
            checkins: self
                .checkins
                .iter()
                .filter(|c| policy::checkin_feeds(audience, &c.author, c.visibility))
                .map(|c| c.facts.clone())
                .collect(),
            referrals: if policy::referrals_feed(audience) {
                self.referrals.clone()
            } else {
                Vec::new()
            },
            self_checks: Vec::new(),
        }
    }

    /// The audiences this person's prompts may go to now.
    fn audiences(&self) -> Vec<Audience> {
        let mut all = vec![Audience::Chain, Audience::Coordinator];
        all.extend(self.mentors.iter().cloned().map(Audience::Mentor));
        all
    }

    /// What holds for each audience, and the first day any of it could change.
    fn evaluate(&self, rules: &AudienceRules, as_of: NaiveDate) -> PersonEvaluated {
        let mut next_change: Option<NaiveDate> = None;
        let results = self
            .audiences()
            .into_iter()
            .map(|audience| {
                let evaluated = rules::evaluate_until(
                    rules.for_audience(&audience),
                    &self.history_for(&audience),
                    as_of,
                );
                next_change = next_change.into_iter().chain(evaluated.next_change).min();
                (audience, evaluated.firings)
            })
            .collect();
        (results, next_change)
    }
}

/// Each audience's firings, and the person's next-change day.
type PersonEvaluated = (Vec<(Audience, Vec<Firing>)>, Option<NaiveDate>);

fn reasons_of(firings: Vec<Firing>) -> Vec<Reason> {
    let mut reasons: Vec<Reason> = firings.into_iter().map(Reason::from).collect();
    prompt::order_reasons(&mut reasons);
    reasons
}

/// The resources the reasons' rules suggest, once each, in the order of the reasons.
fn suggestions(rules: &RuleSet, reasons: &[Reason]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for reason in reasons {
        for id in rules.get(&reason.rule).map_or(&[][..], |r| &r.suggest[..]) {
            if !out.contains(id) {
                out.push(id.clone());
            }
        }
    }
    out
}

/// Who in the chain a prompt about a person goes to: the nearest supervisor above with an
/// account, and the next one above that (for escalation). Persons and logins.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Route {
    first: Option<(String, String)>,
    next: Option<(String, String)>,
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

    fn person_facts(&self, db: &Db<'_>, employee_id: &str) -> Result<PersonFacts> {
        Ok(PersonFacts {
            checkins: db.checkin_facts_for(employee_id)?,
            referrals: db
                .referral_facts(Some(employee_id))?
                .into_iter()
                .map(|(_, f)| f)
                .collect(),
            mentors: db.mentors_of(employee_id)?,
        })
    }

    /// Re-evaluates one person inside the caller's write, so a write and the prompts it
    /// raises or resolves commit together, with the day they could next change.
    /// Returns (opened, resolved).
    pub(super) fn sync_prompts(
        &self,
        db: &Db<'_>,
        employee_id: &str,
        as_of: NaiveDate,
    ) -> Result<(usize, usize)> {
        let open = db.open_prompts_for(employee_id)?;
        let active = db.person(employee_id)?.is_some_and(|p| p.active);
        let (evaluated, next_change) = if active {
            self.person_facts(db, employee_id)?
                .evaluate(&AudienceRules::of(&self.rules), as_of)
        } else {
            (Vec::new(), None)
        };
        // The entry that closes this write is the last whose records this evaluation saw.
        let seen_seq = db.audit_head_seq()? + 1;
        db.record_evaluation(
            employee_id,
            &Evaluated {
                on: as_of,
                next_change,
                seen_seq,
            },
        )?;
        self.reconcile_person(db, employee_id, evaluated, open, as_of)
    }

    /// Brings one person's prompt for one audience in line with what holds: opens it, lets new
    /// reasons join it, or resolves it. Returns (opened, resolved).
    fn reconcile(
        &self,
        db: &Db<'_>,
        employee_id: &str,
        audience: Audience,
        firings: Vec<Firing>,
        existing: Option<Prompt>,
        as_of: NaiveDate,
    ) -> Result<(usize, usize)> {
        let actor = &self.account.login;
        let reasons = reasons_of(firings);
        let Some(severity) = prompt::severity_of(&reasons) else {
            if let Some(stale) = existing {
                db.resolve_prompt(stale.id, as_of)?;
                db.insert_prompt_event(&PromptEvent {
                    prompt_id: stale.id,
                    on_date: as_of,
                    actor: actor.to_string(),
                    state: PromptState::Resolved,
                    note: "the condition no longer holds".into(),
                })?;
                return Ok((0, 1));
            }
            return Ok((0, 0));
        };
        let suggest = suggestions(&self.rules, &reasons);
        match existing {
            Some(mut current) => {
                if current.severity != severity {
                    current.severity_since = as_of;
                }
                // A sentence's day count moves daily and is made again whenever the prompt
                // is shown: only other rules, severities or evidence are a change to keep.
                if current.severity != severity
                    || !prompt::same_claims(&current.reasons, &reasons)
                    || current.suggest != suggest
                {
                    current.severity = severity;
                    current.reasons = reasons;
                    current.suggest = suggest;
                    db.refresh_prompt(&current)?;
                }
                Ok((0, 0))
            }
            None => {
                let id = db.insert_prompt(&Prompt {
                    id: 0,
                    employee_id: employee_id.to_string(),
                    audience,
                    severity,
                    state: PromptState::Open,
                    opened_on: as_of,
                    resolved_on: None,
                    severity_since: as_of,
                    reasons,
                    suggest,
                })?;
                db.insert_prompt_event(&PromptEvent {
                    prompt_id: id,
                    on_date: as_of,
                    actor: actor.to_string(),
                    state: PromptState::Open,
                    note: String::new(),
                })?;
                Ok((1, 0))
            }
        }
    }

    /// Reconciles every audience that has a result or an open prompt. (opened, resolved)
    fn reconcile_person(
        &self,
        db: &Db<'_>,
        employee_id: &str,
        evaluated: Vec<(Audience, Vec<Firing>)>,
        open: Vec<Prompt>,
        as_of: NaiveDate,
    ) -> Result<(usize, usize)> {
        let mut open: HashMap<Audience, Prompt> =
            open.into_iter().map(|p| (p.audience.clone(), p)).collect();
        let mut totals = (0, 0);
        let mut add = |(o, r): (usize, usize)| {
            totals.0 += o;
            totals.1 += r;
        };
        for (audience, firings) in evaluated {
            let existing = open.remove(&audience);
            add(self.reconcile(db, employee_id, audience, firings, existing, as_of)?);
        }
        // Audiences no longer reached (a mentor unassigned, a person made inactive).
        for (audience, existing) in open {
            add(self.reconcile(db, employee_id, audience, Vec::new(), Some(existing), as_of)?);
        }
        Ok(totals)
    }

    pub(super) fn require_rules_admin(&self, what: &str) -> Result<()> {
        if policy::permits_vault_wide(&self.account.roles, Action::RunRules) {
            Ok(())
        } else {
            Err(Error::Denied(format!(
                "{what} needs the admin or coordinator role; {} has {}",
                self.account.login, self.account.roles
            )))
        }
    }

    /// The full run (`rules run --full`): evaluates everyone as of today (the session's
    /// clock) and leaves open exactly the prompts that hold, with everyone's next-change
    /// day. A past day is read-only: `test_rules` replays it. The daily run is in daily.rs.
    pub fn run_rules(
        &mut self,
        as_of: NaiveDate,
        progress: &mut dyn Progress,
    ) -> Result<RulesRunSummary> {
        self.require_rules_admin("a full rules run")?;
        self.check_rules_day(as_of)?;
        // Whatever is written from here on, the next daily run evaluates again.
        let seen_seq = self.store.db().audit_head_seq()?;
        let per_person = self.evaluate_everyone(&self.rules, as_of, progress)?;
        let summary = self.write(|db| {
            let mut open: HashMap<String, Vec<Prompt>> = HashMap::new();
            for p in db.open_prompts()? {
                open.entry(p.employee_id.clone()).or_default().push(p);
            }
            let mut summary = RulesRunSummary {
                as_of: Some(as_of),
                evaluated: per_person.evaluated,
                full: true,
                ..RulesRunSummary::default()
            };
            let mut people: Vec<&String> = per_person.results.keys().chain(open.keys()).collect();
            people.sort();
            people.dedup();
            progress.stage("Updating prompts", people.len() as u64, Steps::Items);
            for (done, employee_id) in people.into_iter().enumerate() {
                let evaluated = per_person
                    .results
                    .get(employee_id)
                    .cloned()
                    .unwrap_or_default();
                let current = open.get(employee_id).cloned().unwrap_or_default();
                let (opened, resolved) =
                    self.reconcile_person(db, employee_id, evaluated, current, as_of)?;
                summary.opened += opened;
                summary.resolved += resolved;
                progress.advance(done as u64 + 1);
            }
            summary.live = db.open_prompts()?.len();
            db.set_meta(LAST_RUN_KEY, &as_of.format("%Y-%m-%d").to_string())?;
            db.replace_next_changes(&per_person.next_change, seen_seq)?;
            self.mark_rules_run(db, seen_seq, Some(per_person.evaluated))?;
            self.audit(
                db,
                "rules.run",
                "vault",
                &format!(
                    "as of {as_of}: {} people evaluated, {} opened, {} resolved, {} live",
                    summary.evaluated, summary.opened, summary.resolved, summary.live
                ),
            )?;
            Ok(summary)
        })?;
        Ok(summary)
    }

    /// One ordered pass over every check-in, with the referrals and mentors, evaluated per
    /// person and audience. Inactive people are left out: they have no prompts.
    fn evaluate_everyone(
        &self,
        rules: &RuleSet,
        as_of: NaiveDate,
        progress: &mut dyn Progress,
    ) -> Result<EveryoneEvaluated> {
        let db = self.store.db();
        // Everyone on the roster is the most the pass can meet; those with no check-in and
        // no referral are never met, so the count jumps to the total at the end.
        let roster = db.people_count()?;
        progress.stage("Evaluating the rules", roster, Steps::Items);
        let rules = AudienceRules::of(rules);
        let inactive: BTreeSet<String> = db.inactive_people()?.into_iter().collect();
        let mut referrals: HashMap<String, Vec<ReferralFacts>> = HashMap::new();
        for (employee_id, facts) in db.referral_facts(None)? {
            referrals.entry(employee_id).or_default().push(facts);
        }
        let mut mentors: HashMap<String, Vec<String>> = HashMap::new();
        for (employee_id, login) in db.all_mentorships()? {
            mentors.entry(employee_id).or_default().push(login);
        }
        let with_referrals: Vec<String> = referrals.keys().cloned().collect();
        let mut done: BTreeSet<String> = BTreeSet::new();
        let mut out = EveryoneEvaluated::default();
        let mut evaluate = |employee_id: String, checkins: Vec<SourcedCheckin>| {
            if !done.insert(employee_id.clone()) {
                return;
            }
            progress.advance((done.len() as u64).min(roster));
            let facts = PersonFacts {
                checkins,
                referrals: referrals.remove(&employee_id).unwrap_or_default(),
                mentors: mentors.remove(&employee_id).unwrap_or_default(),
            };
            if inactive.contains(&employee_id) {
                return;
            }
            out.evaluated += 1;
            let (results, next_change) = facts.evaluate(&rules, as_of);
            if let Some(day) = next_change {
                out.next_change.insert(employee_id.clone(), day);
            }
            if results.iter().any(|(_, f)| !f.is_empty()) {
                out.results.insert(employee_id, results);
            }
        };
        let mut current: Option<(String, Vec<SourcedCheckin>)> = None;
        db.scan_checkin_facts(None, |employee_id, checkin| match &mut current {
            Some((who, list)) if who == employee_id => list.push(checkin),
            _ => {
                if let Some((who, list)) = current.replace((employee_id.to_string(), vec![checkin]))
                {
                    evaluate(who, list);
                }
            }
        })?;
        if let Some((who, list)) = current.take() {
            evaluate(who, list);
        }
        // People with referrals but no check-ins (the others were evaluated above).
        for employee_id in with_referrals {
            evaluate(employee_id, Vec::new());
        }
        progress.advance(roster);
        Ok(out)
    }

    /// Back-tests `candidate` against the data as it stood on `as_of` (referral states
    /// replayed from their history) without changing anything: for each rule, how many
    /// people it would prompt for, beside the rules in force.
    pub fn test_rules(&self, candidate: &RuleSet, as_of: NaiveDate) -> Result<Vec<RuleTestRow>> {
        self.require_rules_admin("back-testing rules")?;
        let count = |set: &RuleSet| -> Result<HashMap<String, usize>> {
            let mut counts = HashMap::new();
            for results in self
                .evaluate_everyone(set, as_of, &mut Unwatched)?
                .results
                .values()
            {
                let fired: BTreeSet<&str> = results
                    .iter()
                    .flat_map(|(_, firings)| firings.iter().map(|f| f.rule.as_str()))
                    .collect();
                for rule in fired {
                    *counts.entry(rule.to_string()).or_insert(0) += 1;
                }
            }
            Ok(counts)
        };
        let tested = count(candidate)?;
        let in_force = count(&self.rules)?;
        let mut ids: Vec<&str> = candidate.rules.iter().map(|r| r.id.as_str()).collect();
        for r in &self.rules.rules {
            if !ids.contains(&r.id.as_str()) {
                ids.push(&r.id);
            }
        }
        Ok(ids
            .into_iter()
            .map(|id| RuleTestRow {
                rule: id.to_string(),
                would_prompt: tested.get(id).copied().unwrap_or(0),
                in_force: in_force.get(id).copied().unwrap_or(0),
            })
            .collect())
    }

    /// Supervisors' accounts by the person they are: who a chain prompt can reach.
    fn supervisor_logins(&self, db: &Db<'_>) -> Result<HashMap<String, String>> {
        Ok(db
            .accounts()?
            .into_iter()
            .filter(|a| !a.disabled && a.roles.contains(Role::Supervisor))
            .filter_map(|a| a.person_id.map(|p| (p, a.login)))
            .collect())
    }

    fn chain_route(
        &self,
        db: &Db<'_>,
        employee_id: &str,
        supervisors: &HashMap<String, String>,
    ) -> Result<Route> {
        let mut route = Route::default();
        let mut above = db.person(employee_id)?.and_then(|p| p.supervisor_id);
        let mut steps = 0;
        while let Some(person) = above {
            if let Some(login) = supervisors.get(&person) {
                let stop = route.first.is_some();
                let found = Some((person.clone(), login.clone()));
                if stop {
                    route.next = found;
                    break;
                }
                route.first = found;
            }
            // The roster refuses loops; the bound only guards against a damaged file.
            steps += 1;
            if steps > 10_000 {
                break;
            }
            above = db.person(&person)?.and_then(|p| p.supervisor_id);
        }
        Ok(route)
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
        supervisors: &HashMap<String, String>,
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
                if let Some(me) = me
                    && self.has_role(Role::Supervisor)
                    && db.is_above(me, &p.employee_id)?
                {
                    let route = self.chain_route(db, &p.employee_id, supervisors)?;
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

    fn view_of(
        &self,
        db: &Db<'_>,
        p: Prompt,
        escalated: bool,
        as_of: NaiveDate,
    ) -> Result<Option<PromptView>> {
        let reasons = self.reasons_now(db, &p, as_of)?;
        let Some(severity) = prompt::severity_of(&reasons) else {
            return Ok(None);
        };
        let evidence = prompt::evidence_of(&reasons);
        let response = db.latest_response(&p.employee_id, &p.audience, &self.account.login)?;
        let state = prompt::viewer_state(severity, &evidence, response.as_ref(), as_of);
        let person_name = db
            .person(&p.employee_id)?
            .map(|person| person.name)
            .unwrap_or_default();
        Ok(Some(PromptView {
            id: p.id,
            employee_id: p.employee_id,
            person_name,
            audience: p.audience,
            severity,
            state,
            opened_on: p.opened_on,
            suggest: suggestions(&self.rules, &reasons),
            reasons,
            escalated,
            response: (state != PromptState::Open).then_some(response).flatten(),
            as_of,
        }))
    }

    /// The prompts for this session on `as_of`, most severe and oldest first: those it is in
    /// the audience of, with reasons that hold that day. Without `include_handled`, only
    /// those open for this viewer (not acknowledged or snoozed by them).
    pub fn prompts(&self, as_of: NaiveDate, include_handled: bool) -> Result<Vec<PromptView>> {
        let db = self.store.db();
        let supervisors = self.supervisor_logins(&db)?;
        let mut views = Vec::new();
        for p in db.open_prompts()? {
            let Some(escalated) = self.viewing(&db, &p, &supervisors, as_of)? else {
                continue;
            };
            if let Some(view) = self.view_of(&db, p, escalated, as_of)?
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

    /// People a prompt holds for but no one in their chain of command has an account to
    /// receive it: names only, for admins to find them a supervisor.
    pub fn unreachable_people(&self) -> Result<Vec<UnreachablePerson>> {
        if !policy::permits_vault_wide(&self.account.roles, Action::SeeUnreachable) {
            return Err(Error::Denied(format!(
                "the list of people no one can be prompted about is for admins; {} has {}",
                self.account.login, self.account.roles
            )));
        }
        let db = self.store.db();
        let supervisors = self.supervisor_logins(&db)?;
        let mut out: Vec<UnreachablePerson> = Vec::new();
        for p in db.open_prompts()? {
            if p.audience != Audience::Chain
                || out.iter().any(|u| u.employee_id == p.employee_id)
                || self
                    .chain_route(&db, &p.employee_id, &supervisors)?
                    .first
                    .is_some()
            {
                continue;
            }
            let name = db
                .person(&p.employee_id)?
                .map(|person| person.name)
                .unwrap_or_default();
            out.push(UnreachablePerson {
                employee_id: p.employee_id,
                name,
            });
        }
        out.sort_by(|a, b| {
            a.name
                .cmp(&b.name)
                .then_with(|| a.employee_id.cmp(&b.employee_id))
        });
        Ok(out)
    }

    /// Checks every open prompt as of `as_of`: each reason shown re-derived from the records
    /// its audience may read, and each cited record opened, in policy, as each viewer the
    /// prompt reaches. Reads no note text; needs the right to run the rules.
    pub fn audit_prompts(&self, as_of: NaiveDate) -> Result<PromptAudit> {
        self.require_rules_admin("checking the prompts")?;
        let db = self.store.db();
        let supervisors = self.supervisor_logins(&db)?;
        let coordinators: Vec<String> = db
            .accounts()?
            .into_iter()
            .filter(|a| !a.disabled && a.roles.contains(Role::Coordinator))
            .map(|a| a.login)
            .collect();
        let rules = AudienceRules::of(&self.rules);
        let mut audit = PromptAudit::default();
        for p in db.open_prompts()? {
            audit.open += 1;
            let facts = self.person_facts(&db, &p.employee_id)?;
            let history = facts.history_for(&p.audience);
            let set = rules.for_audience(&p.audience);
            let firings = rules::evaluate(set, &history, as_of);
            if firings.is_empty() {
                audit.stale += 1;
                continue;
            }
            for f in &firings {
                let verified = set
                    .get(&f.rule)
                    .map(|rule| rules::verify(rule, f, &history, as_of));
                if !matches!(verified, Some(Ok(()))) {
                    audit.false_explanations += 1;
                }
            }
            // Who it reaches, as (login, person above the employee?).
            let viewers: Vec<(String, bool)> = match &p.audience {
                Audience::Chain => {
                    let route = self.chain_route(&db, &p.employee_id, &supervisors)?;
                    if route.first.is_none() {
                        audit.unreachable += 1;
                    }
                    let escalated = self.escalated(&db, &p, &route, as_of)?;
                    route
                        .first
                        .into_iter()
                        .chain(route.next.filter(|_| escalated))
                        .map(|(_, login)| (login, true))
                        .collect()
                }
                Audience::Mentor(login) => vec![(login.clone(), false)],
                Audience::Coordinator => coordinators.iter().map(|c| (c.clone(), false)).collect(),
            };
            for e in firings.iter().flat_map(|f| f.evidence.iter()) {
                for (login, is_above) in &viewers {
                    let may_open = match e.kind {
                        "checkin" => facts.checkins.iter().any(|c| {
                            c.facts.id == e.id
                                && policy::may_read_checkin(
                                    c.visibility,
                                    policy::CheckinReader {
                                        is_author: c.author == *login,
                                        is_employee: false,
                                        is_above: *is_above,
                                    },
                                )
                        }),
                        "referral" => coordinators.contains(login),
                        _ => false,
                    };
                    if !may_open {
                        audit.visibility_violations += 1;
                    }
                }
            }
        }
        Ok(audit)
    }

    /// One prompt as this session sees it today, or NotFound without saying whether it
    /// exists for someone else.
    pub fn prompt_view(&self, id: i64, as_of: NaiveDate) -> Result<PromptView> {
        let db = self.store.db();
        let not_found = || Error::NotFound(format!("no prompt {id} for you"));
        let p = db.prompt(id)?.ok_or_else(not_found)?;
        let supervisors = self.supervisor_logins(&db)?;
        let escalated = self
            .viewing(&db, &p, &supervisors, as_of)?
            .ok_or_else(not_found)?;
        if p.state == PromptState::Resolved {
            return Err(Error::Invalid(format!("prompt {id} is already resolved")));
        }
        self.view_of(&db, p, escalated, as_of)?.ok_or_else(|| {
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
        let supervisors = self.supervisor_logins(&db)?;
        match db.prompt(id)? {
            Some(p)
                if self
                    .viewing(&db, &p, &supervisors, self.clock.date())?
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

/// How far the open prompts can be trusted, checked record by record (the benchmark's
/// `prompt_false_explanations` and `prompt_visibility_violations`; both must be 0).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PromptAudit {
    /// Open prompts looked at.
    pub open: usize,
    /// Open prompts that no longer hold on the day (the next evaluation resolves them).
    pub stale: usize,
    /// Reasons whose sentence fails when re-derived from the records (`rules::verify`).
    pub false_explanations: usize,
    /// Evidence a viewer the prompt reaches may not open (policy's check-in predicate).
    pub visibility_violations: usize,
    /// Open chain prompts no one with an account can receive.
    pub unreachable: usize,
}

#[derive(Default)]
struct EveryoneEvaluated {
    evaluated: usize,
    results: HashMap<String, Vec<(Audience, Vec<Firing>)>>,
    /// Each person's next-change day, where they have one.
    next_change: HashMap<String, NaiveDate>,
}
