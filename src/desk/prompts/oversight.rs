//! The admin's oversight of prompts: people no one in their chain can be prompted about,
//! and the record-by-record audit of the open prompts (the benchmark's trust figures).

use chrono::NaiveDate;
use serde::Serialize;

use super::UnreachablePerson;
use super::evaluation::AudienceRules;
use super::routing::Chain;
use crate::desk::{Error, Result, Session};
use crate::domain::Role;
use crate::domain::prompt::Audience;
use crate::policy::{self, Action};
use crate::rules;
impl Session {
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
        let mut chain = Chain::read(&db)?;
        let mut out: Vec<UnreachablePerson> = Vec::new();
        for p in db.open_prompts()? {
            if p.audience != Audience::Chain
                || out.iter().any(|u| u.employee_id == p.employee_id)
                || chain.route(&db, &p.employee_id)?.first.is_some()
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
        let mut chain = Chain::read(&db)?;
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
                    let route = chain.route(&db, &p.employee_id)?;
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

impl PromptAudit {
    /// What was found, one phrase each ("2 reasons do not match the records"), in the
    /// words every front end says them in; empty when every open prompt holds.
    pub fn findings(&self) -> Vec<String> {
        use crate::domain::text::count;
        [
            (
                self.stale,
                "no longer holds (the next rules run closes it)",
                "no longer hold (the next rules run closes them)",
            ),
            (
                self.false_explanations,
                "reason does not match the records",
                "reasons do not match the records",
            ),
            (
                self.visibility_violations,
                "record cited may not be opened by someone the prompt reaches",
                "records cited may not be opened by someone the prompt reaches",
            ),
            (
                self.unreachable,
                "prompt has no one with an account to receive it",
                "prompts have no one with an account to receive them",
            ),
        ]
        .into_iter()
        .filter(|(n, ..)| *n > 0)
        .map(|(n, one, many)| count(n, one, many))
        .collect()
    }
}

/// The rules check an admin reads in the app: the rules in force (each checked when they
/// were loaded: a rules file with a problem never comes into force), and every open prompt
/// checked against the records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RulesCheck {
    /// The rules in force, by id.
    pub rules: Vec<String>,
    /// Whether they are the built-in rules (else a rules file's).
    pub builtin: bool,
    pub prompts: PromptAudit,
}

impl Session {
    /// The rules in force and the audit of the open prompts as of `as_of` (`rules check`
    /// and `rules audit` together), for those who run the rules.
    pub fn rules_check(&self, as_of: NaiveDate) -> Result<RulesCheck> {
        self.require_rules_admin("checking the rules")?;
        let builtin = rules::RuleSet::builtin().is_ok_and(|b| b == self.rules);
        Ok(RulesCheck {
            rules: self.rules.rules.iter().map(|r| r.id.clone()).collect(),
            builtin,
            prompts: self.audit_prompts(as_of)?,
        })
    }
}
