//! When a result can next change: with the rules that hold for one history on one day,
//! the first later day on which they could hold differently if no record were written —
//! a record leaving a lookback, an absence crossing its threshold, a referral turning stale,
//! or a record dated after the day coming into view. Pure, like evaluation; no I/O.
//!
//! "Differently" means another set of rules, another severity or other evidence. A
//! sentence's day count ("12 days ago") and a referral's days waited move every day; they
//! are made again whenever a prompt is shown, so they are not a change here.

use chrono::{Duration, NaiveDate};

use super::eval::Facts;
use super::{Condition, Firing, History, Rule, RuleSet, Since};

/// The rules that hold for a history on a day, and the first later day on which that could
/// change with no new records (None: never, until a record is written).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    pub firings: Vec<Firing>,
    pub next_change: Option<NaiveDate>,
}

/// As [`super::evaluate`], with the day the result could next change.
pub fn evaluate_until(rules: &RuleSet, history: &History, as_of: NaiveDate) -> Evaluation {
    let facts = Facts::new(history, as_of);
    let firings = facts.fire(rules, false);
    let next_change = rules
        .rules
        .iter()
        .filter(|rule| !rule.is_private())
        .filter_map(|rule| facts.rule_changes(rule))
        .chain(first_record_after(history, as_of))
        .min();
    Evaluation {
        firings,
        next_change,
    }
}

/// The first day after `as_of` on which a record already written comes into view (a
/// check-in, referral or referral step dated after the day evaluated).
fn first_record_after(history: &History, as_of: NaiveDate) -> Option<NaiveDate> {
    let checkins = history.checkins.iter().map(|c| c.on);
    let referrals = history
        .referrals
        .iter()
        .flat_map(|r| std::iter::once(r.created_on).chain(r.steps.iter().map(|s| s.on)));
    checkins.chain(referrals).filter(|d| *d > as_of).min()
}

/// `date` plus `days`, or None past the calendar's end (never, in effect).
fn plus(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    date.checked_add_signed(Duration::try_days(days)?)
}

impl Facts<'_> {
    fn later(&self, date: Option<NaiveDate>) -> Option<NaiveDate> {
        date.filter(|d| *d > self.as_of)
    }

    /// The first later day the rule's condition or its escalation could change.
    fn rule_changes(&self, rule: &Rule) -> Option<NaiveDate> {
        let escalation = rule.escalate.as_ref().and_then(|(_, c)| self.changes(c));
        self.changes(&rule.when).into_iter().chain(escalation).min()
    }

    /// The first later day on which `condition` could hold differently (whether it holds,
    /// its figures bar day counts, its evidence), given only the records known on as_of.
    /// With no new records, windows only lose records and ages only grow.
    fn changes(&self, condition: &Condition) -> Option<NaiveDate> {
        match condition {
            // A combination changes only when one of its parts does.
            Condition::All(items) | Condition::Any(items) => {
                items.iter().filter_map(|c| self.changes(c)).min()
            }
            // Holding, it changes when its oldest record leaves the lookback. Not holding,
            // it never starts: a count only falls, and the last ratings stay the last.
            Condition::Count { within_days, .. } => {
                let found = self.check(condition)?;
                let oldest = found.evidence.iter().map(|e| e.date).min()?;
                self.later(plus(oldest, *within_days))
            }
            Condition::Latest { within_days, .. }
            | Condition::Decline { within_days, .. }
            | Condition::BelowUsual { within_days, .. } => {
                // The figures' date is the first of the ratings it looks at (for below_usual,
                // the latest; the usual is taken from before that day, so it stays put).
                let found = self.check(condition)?;
                self.later(plus(found.figures.date, *within_days))
            }
            // Holds from the day the latest check-in is more than N days old until it
            // leaves the lookback.
            Condition::Absent {
                more_than_days,
                within_days,
            } => {
                let latest = self.checkins.last()?.on;
                self.first_of([plus(latest, more_than_days + 1), plus(latest, *within_days)])
            }
            Condition::AbsentAfter {
                category,
                more_than_days,
                within_days,
            } => {
                let flagged = self
                    .checkins
                    .iter()
                    .rev()
                    .find(|c| c.stressors.iter().any(|(cat, _)| cat == category))?;
                // A check-in on a later day has followed it up for good.
                if self.checkins.iter().any(|c| c.on > flagged.on) {
                    return None;
                }
                self.first_of([
                    plus(flagged.on, more_than_days + 1),
                    plus(flagged.on, *within_days),
                ])
            }
            Condition::ReferralStale {
                statuses,
                consent,
                since,
                more_than_days,
                within_days,
            } => self
                .referrals
                .iter()
                .filter_map(|r| {
                    // A referral in another state stays out until its next step, which is
                    // a record (see `first_record_after`).
                    let step = r.step_on(self.as_of)?;
                    let open = statuses.contains(&step.status)
                        && consent.is_none_or(|c| step.consent == c);
                    if !open {
                        return None;
                    }
                    let start = match since {
                        Since::Created => r.created_on,
                        Since::LastEvent => step.on,
                    };
                    self.first_of([
                        plus(start, more_than_days + 1),
                        plus(r.created_on, *within_days),
                    ])
                })
                .min(),
            // Sealed self-checks are never part of a stored result; new ones are records.
            Condition::SelfCheck { .. } => None,
        }
    }

    fn first_of<const N: usize>(&self, dates: [Option<NaiveDate>; N]) -> Option<NaiveDate> {
        dates.into_iter().filter_map(|d| self.later(d)).min()
    }
}

#[cfg(test)]
mod tests {
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    use super::*;
    use crate::domain::referral::{Consent, Status};
    use crate::domain::stressors::Severity as StressorSeverity;
    use crate::rules::testing::{day, random_history};
    use crate::rules::{CheckinFacts, Evidence, ReferralFacts, ReferralStep, evaluate};

    /// What a stored prompt keeps of a result: rules, severities and evidence (not the day
    /// counts in the sentences).
    fn kept(firings: &[Firing]) -> Vec<(String, &'static str, Vec<Evidence>)> {
        let mut out: Vec<_> = firings
            .iter()
            .map(|f| (f.rule.clone(), f.severity.as_str(), f.evidence.clone()))
            .collect();
        out.sort();
        out
    }

    fn checkin(
        id: i64,
        on: i64,
        wellbeing: u8,
        stressors: &[(&str, StressorSeverity)],
    ) -> CheckinFacts {
        CheckinFacts {
            id,
            on: day(on),
            wellbeing,
            stressors: stressors.iter().map(|(c, s)| (c.to_string(), *s)).collect(),
        }
    }

    fn next(history: &History, as_of: i64) -> Option<NaiveDate> {
        evaluate_until(&RuleSet::builtin().unwrap(), history, day(as_of)).next_change
    }

    fn with(checkins: Vec<CheckinFacts>) -> History {
        History {
            checkins,
            ..History::default()
        }
    }

    #[test]
    fn a_low_rating_changes_the_result_when_it_leaves_the_thirty_days() {
        let low = with(vec![checkin(1, 0, 2, &[])]);
        // Low wellbeing holds from day 0 to day 29; nothing else can change before.
        assert_eq!(next(&low, 0), Some(day(30)));
        assert_eq!(next(&low, 29), Some(day(30)));
        // Then only the overdue rule is ahead: more than 90 days from the last check-in.
        assert_eq!(next(&low, 30), Some(day(91)));
        // Overdue from day 91 until the check-in leaves the year's lookback.
        assert_eq!(next(&low, 91), Some(day(365)));
        assert_eq!(next(&low, 365), None);
    }

    #[test]
    fn a_quiet_history_has_no_change_ahead_but_its_overdue_day() {
        let fine = with(vec![checkin(1, 0, 4, &[]), checkin(2, 30, 5, &[])]);
        assert_eq!(next(&fine, 30), Some(day(121)));
        assert_eq!(next(&History::default(), 0), None);
    }

    #[test]
    fn a_critical_incident_is_due_at_its_threshold_unless_followed_up() {
        let incident = with(vec![checkin(
            1,
            0,
            4,
            &[("work.critical_incident", StressorSeverity::High)],
        )]);
        assert_eq!(next(&incident, 0), Some(day(15)));
        assert_eq!(next(&incident, 15), Some(day(60)));
        let followed = with(vec![
            checkin(
                1,
                0,
                4,
                &[("work.critical_incident", StressorSeverity::High)],
            ),
            checkin(2, 3, 4, &[]),
        ]);
        assert_eq!(next(&followed, 3), Some(day(94)), "only the overdue rule");
    }

    #[test]
    fn a_record_dated_later_is_a_change_when_its_day_comes() {
        let later = with(vec![checkin(1, 0, 4, &[]), checkin(2, 10, 4, &[])]);
        assert_eq!(next(&later, 0), Some(day(10)));
    }

    #[test]
    fn a_referral_is_due_when_it_turns_stale_and_when_it_leaves_the_lookback() {
        let proposed = History {
            referrals: vec![ReferralFacts {
                id: 7,
                created_on: day(0),
                steps: vec![ReferralStep {
                    on: day(0),
                    status: Status::Proposed,
                    consent: Consent::Given,
                }],
            }],
            ..History::default()
        };
        // Unreviewed after more than 5 days, within a year of being made.
        assert_eq!(next(&proposed, 0), Some(day(6)));
        assert_eq!(next(&proposed, 6), Some(day(365)));
        let pending = History {
            referrals: vec![ReferralFacts {
                id: 7,
                created_on: day(0),
                steps: vec![
                    ReferralStep {
                        on: day(0),
                        status: Status::Proposed,
                        consent: Consent::Pending,
                    },
                    ReferralStep {
                        on: day(40),
                        status: Status::Accepted,
                        consent: Consent::Given,
                    },
                ],
            }],
            ..History::default()
        };
        // Waiting for consent raises nothing; the step on day 40 is the next change, and
        // from then on it is stalled after more than 21 days without news.
        assert_eq!(next(&pending, 0), Some(day(40)));
        assert_eq!(next(&pending, 40), Some(day(62)));
    }

    /// Over many random histories and days: the result (rules, severities, evidence) is
    /// the same on every day before the next-change day, so skipping those days loses
    /// nothing; and the next-change day is often a real change, so it is not merely early.
    #[test]
    fn nothing_changes_before_the_next_change_day() {
        let rules = RuleSet::builtin().unwrap();
        let mut rng = StdRng::seed_from_u64(19);
        let (mut bounded, mut changed_on_the_day, mut skipped) = (0, 0, 0);
        for _ in 0..1_500 {
            let history = random_history(&mut rng);
            let as_of = day(rng.gen_range(0..300));
            let now = evaluate_until(&rules, &history, as_of);
            assert_eq!(now.firings, evaluate(&rules, &history, as_of));
            let horizon = now.next_change.unwrap_or(as_of + Duration::days(800));
            let mut d = as_of + Duration::days(1);
            while d < horizon {
                assert_eq!(
                    kept(&evaluate(&rules, &history, d)),
                    kept(&now.firings),
                    "changed on {d}, before {horizon}, as of {as_of}\n{history:#?}"
                );
                skipped += 1;
                d += Duration::days(1);
            }
            if let Some(next) = now.next_change {
                bounded += 1;
                if kept(&evaluate(&rules, &history, next)) != kept(&now.firings) {
                    changed_on_the_day += 1;
                }
            }
        }
        assert!(skipped > 20_000, "only {skipped} days skipped");
        assert!(
            changed_on_the_day * 3 > bounded,
            "only {changed_on_the_day} of {bounded} next-change days changed anything"
        );
    }
}
