//! Prompts: keeping them in step with the rules (after each write for that person, or in
//! full with `rules run`), showing each to its audience only, acknowledging and snoozing.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::{Error, Result, Session};
use crate::domain::Role;
use crate::domain::prompt::{self, Prompt, PromptEvent, PromptState};
use crate::domain::text::sanitize;
use crate::policy::{self, Action};
use crate::rules::{self, Audience, Firing, History, RuleSet};
use crate::store::Db;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RulesRunSummary {
    pub as_of: Option<NaiveDate>,
    pub evaluated: usize,
    pub opened: usize,
    pub resolved: usize,
    pub live: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PromptView {
    pub prompt: Prompt,
    pub person_name: String,
    /// The state as of the day asked about (an ended snooze shows as open).
    pub state_now: PromptState,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleTestRow {
    pub rule: String,
    /// People the tested rules would prompt for.
    pub would_prompt: usize,
    /// People the rules in force prompt for on the same day.
    pub in_force: usize,
}

fn audience_words(audience: &[Audience]) -> Vec<String> {
    audience
        .iter()
        .map(|a| match a {
            Audience::SupervisorChain => "supervisor_chain",
            Audience::Mentor => "mentor",
            Audience::Coordinator => "coordinator",
            Audience::OwnSession => "self",
        })
        .map(str::to_string)
        .collect()
}

/// Brings one person's live prompts in line with `firings`: opens what newly holds,
/// refreshes what still holds, resolves what no longer does.
fn reconcile(
    db: &Db<'_>,
    rules: &RuleSet,
    employee_id: &str,
    firings: Vec<Firing>,
    live: Vec<Prompt>,
    as_of: NaiveDate,
    actor: &str,
) -> Result<(usize, usize)> {
    let mut opened = 0;
    let mut resolved = 0;
    let mut live_by_rule: HashMap<String, Prompt> =
        live.into_iter().map(|p| (p.rule.clone(), p)).collect();
    for firing in firings {
        let Some(rule) = rules.get(&firing.rule) else {
            continue;
        };
        match live_by_rule.remove(&firing.rule) {
            Some(mut existing) => {
                if existing.severity != firing.severity
                    || existing.explanation != firing.explanation
                    || existing.evidence != firing.evidence
                {
                    existing.severity = firing.severity;
                    existing.explanation = firing.explanation;
                    existing.evidence = firing.evidence;
                    db.refresh_prompt(&existing)?;
                }
            }
            None => {
                let id = db.insert_prompt(&Prompt {
                    id: 0,
                    rule: firing.rule,
                    employee_id: employee_id.to_string(),
                    severity: firing.severity,
                    state: PromptState::Open,
                    opened_on: as_of,
                    resolved_on: None,
                    snooze_until: None,
                    explanation: firing.explanation,
                    evidence: firing.evidence,
                    audience: audience_words(&rule.audience),
                    suggest: rule.suggest.clone(),
                })?;
                db.insert_prompt_event(&PromptEvent {
                    prompt_id: id,
                    on_date: as_of,
                    actor: actor.to_string(),
                    state: PromptState::Open,
                    note: String::new(),
                })?;
                opened += 1;
            }
        }
    }
    for (_, stale) in live_by_rule {
        db.set_prompt_state(stale.id, PromptState::Resolved, as_of, None)?;
        db.insert_prompt_event(&PromptEvent {
            prompt_id: stale.id,
            on_date: as_of,
            actor: actor.to_string(),
            state: PromptState::Resolved,
            note: "the condition no longer holds".into(),
        })?;
        resolved += 1;
    }
    Ok((opened, resolved))
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

    /// Re-evaluates one person inside the caller's write, so a write and the prompts it
    /// raises or resolves commit together.
    pub(super) fn sync_prompts(
        &self,
        db: &Db<'_>,
        employee_id: &str,
        as_of: NaiveDate,
    ) -> Result<()> {
        let history = History {
            checkins: db.checkin_facts_for(employee_id)?,
            referrals: db
                .referral_facts(Some(employee_id))?
                .into_iter()
                .map(|(_, f)| f)
                .collect(),
            self_checks: Vec::new(),
        };
        let firings = rules::evaluate(&self.rules, &history, as_of);
        let live = db.live_prompts_for(employee_id)?;
        reconcile(
            db,
            &self.rules,
            employee_id,
            firings,
            live,
            as_of,
            &self.account.login,
        )?;
        Ok(())
    }

    fn require_rules_admin(&self, what: &str) -> Result<()> {
        if policy::permits_vault_wide(&self.account.roles, Action::RunRules) {
            Ok(())
        } else {
            Err(Error::Denied(format!(
                "{what} needs the admin or coordinator role; {} has {}",
                self.account.login, self.account.roles
            )))
        }
    }

    /// Evaluates everyone's history and leaves live exactly the prompts whose conditions
    /// hold as of `as_of`.
    pub fn run_rules(&mut self, as_of: NaiveDate) -> Result<RulesRunSummary> {
        self.require_rules_admin("a full rules run")?;
        let per_person = self.firings_for_everyone(&self.rules, as_of)?;
        let summary = self.write(|db| {
            let mut live: HashMap<String, Vec<Prompt>> = HashMap::new();
            for p in db.live_prompts()? {
                live.entry(p.employee_id.clone()).or_default().push(p);
            }
            let mut summary = RulesRunSummary {
                as_of: Some(as_of),
                evaluated: per_person.evaluated,
                ..RulesRunSummary::default()
            };
            let mut people: Vec<&String> = per_person.firings.keys().chain(live.keys()).collect();
            people.sort();
            people.dedup();
            for employee_id in people {
                let firings = per_person
                    .firings
                    .get(employee_id)
                    .cloned()
                    .unwrap_or_default();
                let current = live.get(employee_id).cloned().unwrap_or_default();
                let (opened, resolved) = reconcile(
                    db,
                    &self.rules,
                    employee_id,
                    firings,
                    current,
                    as_of,
                    &self.account.login,
                )?;
                summary.opened += opened;
                summary.resolved += resolved;
            }
            summary.live = db.live_prompts()?.len();
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

    /// One ordered pass over every check-in, and the referrals, evaluated per person.
    fn firings_for_everyone(&self, rules: &RuleSet, as_of: NaiveDate) -> Result<EveryoneFirings> {
        let db = self.store.db();
        let mut referrals: HashMap<String, Vec<rules::ReferralFacts>> = HashMap::new();
        for (employee_id, facts) in db.referral_facts(None)? {
            referrals.entry(employee_id).or_default().push(facts);
        }
        let mut out = EveryoneFirings::default();
        let mut evaluate = |employee_id: String,
                            checkins: Vec<rules::CheckinFacts>,
                            referrals: Vec<rules::ReferralFacts>| {
            let history = History {
                checkins,
                referrals,
                self_checks: Vec::new(),
            };
            out.evaluated += 1;
            let firings = rules::evaluate(rules, &history, as_of);
            if !firings.is_empty() {
                out.firings.insert(employee_id, firings);
            }
        };
        let mut current: Option<(String, Vec<rules::CheckinFacts>)> = None;
        db.scan_checkin_facts(None, |employee_id, facts| match &mut current {
            Some((who, list)) if who == employee_id => list.push(facts),
            _ => {
                if let Some((who, list)) = current.replace((employee_id.to_string(), vec![facts])) {
                    let theirs = referrals.remove(&who).unwrap_or_default();
                    evaluate(who, list, theirs);
                }
            }
        })?;
        if let Some((who, list)) = current.take() {
            let theirs = referrals.remove(&who).unwrap_or_default();
            evaluate(who, list, theirs);
        }
        // People with referrals but no check-ins.
        for (employee_id, theirs) in referrals {
            evaluate(employee_id, Vec::new(), theirs);
        }
        Ok(out)
    }

    /// Back-tests `candidate` against the data without changing anything: for each rule,
    /// how many people it would prompt for, beside the rules in force.
    pub fn test_rules(&self, candidate: &RuleSet, as_of: NaiveDate) -> Result<Vec<RuleTestRow>> {
        self.require_rules_admin("back-testing rules")?;
        let count = |set: &RuleSet| -> Result<HashMap<String, usize>> {
            let mut counts = HashMap::new();
            for firings in self.firings_for_everyone(set, as_of)?.firings.values() {
                for f in firings {
                    *counts.entry(f.rule.clone()).or_insert(0) += 1;
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

    /// Whether this session is in the audience of `prompt`.
    fn in_audience(&self, prompt: &Prompt) -> Result<bool> {
        let relation = self.relation_to(&prompt.employee_id)?;
        Ok(prompt.audience.iter().any(|a| match a.as_str() {
            "supervisor_chain" => relation.is_above,
            "mentor" => relation.is_mentor,
            "coordinator" => self.has_role(Role::Coordinator),
            _ => false,
        }))
    }

    /// The live prompts this session is in the audience of, most severe and oldest first.
    /// Without `include_handled`, only those open on `as_of`.
    pub fn prompts(&self, as_of: NaiveDate, include_handled: bool) -> Result<Vec<PromptView>> {
        let db = self.store.db();
        let mut views = Vec::new();
        for prompt in db.live_prompts()? {
            let state_now = prompt.state_on(as_of);
            if (!include_handled && state_now != PromptState::Open) || !self.in_audience(&prompt)? {
                continue;
            }
            let person_name = db
                .person(&prompt.employee_id)?
                .map(|p| p.name)
                .unwrap_or_default();
            views.push(PromptView {
                prompt,
                person_name,
                state_now,
            });
        }
        views.sort_by(|a, b| prompt::attention_order(&a.prompt, &b.prompt));
        Ok(views)
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
        let self_checks = self
            .own_self_checks()?
            .into_iter()
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

    fn live_prompt_in_audience(&self, id: i64) -> Result<Prompt> {
        match self.store.db().prompt(id)? {
            Some(p) if p.state != PromptState::Resolved && self.in_audience(&p)? => Ok(p),
            Some(p) if p.state == PromptState::Resolved && self.in_audience(&p)? => {
                Err(Error::Invalid(format!("prompt {id} is already resolved")))
            }
            // Someone outside the audience learns nothing, not even that it exists.
            _ => Err(Error::NotFound(format!("no prompt {id} for you"))),
        }
    }

    /// Acknowledges a prompt with a note (what was done, or why nothing is needed).
    pub fn acknowledge_prompt(&mut self, id: i64, note: &str, on: NaiveDate) -> Result<()> {
        let prompt = self.live_prompt_in_audience(id)?;
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
        self.write(|db| {
            db.set_prompt_state(id, PromptState::Acknowledged, on, None)?;
            db.insert_prompt_event(&PromptEvent {
                prompt_id: id,
                on_date: on,
                actor: self.account.login.clone(),
                state: PromptState::Acknowledged,
                note: note.to_string(),
            })?;
            self.audit(
                db,
                "prompt.ack",
                &prompt.employee_id,
                &format!("prompt {id} ({})", prompt.rule),
            )
        })
    }

    /// Hides a prompt until `until`; it shows again then if its condition still holds.
    pub fn snooze_prompt(&mut self, id: i64, until: NaiveDate, on: NaiveDate) -> Result<()> {
        let prompt = self.live_prompt_in_audience(id)?;
        if until <= on {
            return Err(Error::Invalid(format!("snooze until a day after {on}")));
        }
        self.write(|db| {
            db.set_prompt_state(id, PromptState::Snoozed, on, Some(until))?;
            db.insert_prompt_event(&PromptEvent {
                prompt_id: id,
                on_date: on,
                actor: self.account.login.clone(),
                state: PromptState::Snoozed,
                note: format!("until {until}"),
            })?;
            self.audit(
                db,
                "prompt.snooze",
                &prompt.employee_id,
                &format!("prompt {id} ({}) until {until}", sanitize(&prompt.rule)),
            )
        })
    }

    pub fn prompt_history(&self, id: i64) -> Result<Vec<PromptEvent>> {
        let db = self.store.db();
        match db.prompt(id)? {
            Some(p) if self.in_audience(&p)? => Ok(db.prompt_events(id)?),
            _ => Err(Error::NotFound(format!("no prompt {id} for you"))),
        }
    }
}

#[derive(Default)]
struct EveryoneFirings {
    evaluated: usize,
    firings: HashMap<String, Vec<Firing>>,
}
