//! Evaluating the rules for people: their facts per audience, the firings turned into
//! prompts (reconciled with those stored), the daily and full runs, and a dry run of a
//! candidate rules file.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use super::{LAST_RUN_KEY, RuleTestRow, RulesRunSummary};
use crate::desk::{Error, Progress, Result, Session, Steps, Unwatched};
use crate::domain::prompt::{self, Audience, Prompt, PromptEvent, PromptState, Reason};
use crate::policy::{self, Action};
use crate::rules::{self, Firing, History, ReferralFacts, RuleSet};
use crate::store::{Db, Evaluated, SourcedCheckin};
/// The rules split by the audience they speak to.
pub(super) struct AudienceRules {
    chain: RuleSet,
    mentor: RuleSet,
    coordinator: RuleSet,
}

impl AudienceRules {
    pub(super) fn of(rules: &RuleSet) -> Self {
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

    pub(super) fn for_audience(&self, audience: &Audience) -> &RuleSet {
        match audience {
            Audience::Chain => &self.chain,
            Audience::Mentor(_) => &self.mentor,
            Audience::Coordinator => &self.coordinator,
        }
    }
}

/// Everything about one person the rules may read, before it is split by audience.
#[derive(Default)]
pub(super) struct PersonFacts {
    pub(super) checkins: Vec<SourcedCheckin>,
    referrals: Vec<ReferralFacts>,
    mentors: Vec<String>,
}

impl PersonFacts {
    /// The history `audience` may read: policy decides, check-in by check-in.
    pub(super) fn history_for(&self, audience: &Audience) -> History {
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
    pub(super) fn audiences(&self) -> Vec<Audience> {
        let mut all = vec![Audience::Chain, Audience::Coordinator];
        all.extend(self.mentors.iter().cloned().map(Audience::Mentor));
        all
    }

    /// What holds for each audience, and the first day any of it could change.
    pub(super) fn evaluate(&self, rules: &AudienceRules, as_of: NaiveDate) -> PersonEvaluated {
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

pub(super) fn reasons_of(firings: Vec<Firing>) -> Vec<Reason> {
    let mut reasons: Vec<Reason> = firings.into_iter().map(Reason::from).collect();
    prompt::order_reasons(&mut reasons);
    reasons
}

/// The resources the reasons' rules suggest, once each, in the order of the reasons.
pub(super) fn suggestions(rules: &RuleSet, reasons: &[Reason]) -> Vec<String> {
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

impl Session {
    pub(super) fn person_facts(&self, db: &Db<'_>, employee_id: &str) -> Result<PersonFacts> {
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
    pub(in crate::desk) fn sync_prompts(
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
    pub(super) fn reconcile(
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
    pub(super) fn reconcile_person(
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

    pub(in crate::desk) fn require_rules_admin(&self, what: &str) -> Result<()> {
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
    pub(super) fn evaluate_everyone(
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
}

#[derive(Default)]
pub(super) struct EveryoneEvaluated {
    evaluated: usize,
    results: HashMap<String, Vec<(Audience, Vec<Firing>)>>,
    /// Each person's next-change day, where they have one.
    next_change: HashMap<String, NaiveDate>,
}
