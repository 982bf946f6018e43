//! Pure evaluation: one person's history, the rules and a date in; the rules that hold,
//! each with the figure that fired it and the records behind it, out.

use std::collections::BTreeSet;

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::{Condition, EventKind, RuleSet, Severity, Since};
use crate::domain::referral::{Consent, Status};
use crate::domain::stressors::Severity as StressorSeverity;

/// What evaluation needs to know of a check-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckinFacts {
    pub id: i64,
    pub on: NaiveDate,
    pub wellbeing: u8,
    pub stressors: Vec<(String, StressorSeverity)>,
}

/// What evaluation needs to know of a referral.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReferralFacts {
    pub id: i64,
    pub status: Status,
    pub consent: Consent,
    pub created_on: NaiveDate,
    pub last_event_on: NaiveDate,
}

/// What evaluation needs to know of one of the person's own self-checks (opened in their
/// session only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelfCheckFacts {
    pub id: i64,
    pub on: NaiveDate,
    pub instrument: String,
    pub percent: Option<u32>,
}

/// One person's history, in any order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    pub checkins: Vec<CheckinFacts>,
    pub referrals: Vec<ReferralFacts>,
    /// Empty except in the person's own session.
    pub self_checks: Vec<SelfCheckFacts>,
}

/// A record that made a rule fire.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Evidence {
    pub kind: &'static str,
    pub id: i64,
    pub date: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Firing {
    pub rule: String,
    pub severity: Severity,
    pub value: i64,
    pub explanation: String,
    pub evidence: Vec<Evidence>,
}

struct Match {
    value: i64,
    evidence: BTreeSet<Evidence>,
}

fn checkin_evidence(c: &CheckinFacts) -> Evidence {
    Evidence {
        kind: "checkin",
        id: c.id,
        date: c.on,
    }
}

/// Every rule (except those for the person's own session) that holds as of `as_of`.
pub fn evaluate(rules: &RuleSet, history: &History, as_of: NaiveDate) -> Vec<Firing> {
    evaluate_where(rules, history, as_of, false)
}

/// The rules for the person alone, evaluated in their own session; never stored or shown
/// to anyone else.
pub fn evaluate_own(rules: &RuleSet, history: &History, as_of: NaiveDate) -> Vec<Firing> {
    evaluate_where(rules, history, as_of, true)
}

fn evaluate_where(
    rules: &RuleSet,
    history: &History,
    as_of: NaiveDate,
    private: bool,
) -> Vec<Firing> {
    // Only what had happened by as_of counts, so any past day can be replayed.
    let mut checkins: Vec<&CheckinFacts> =
        history.checkins.iter().filter(|c| c.on <= as_of).collect();
    checkins.sort_by_key(|c| (c.on, c.id));
    let referrals: Vec<&ReferralFacts> = history
        .referrals
        .iter()
        .filter(|r| r.created_on <= as_of)
        .collect();
    let mut self_checks: Vec<&SelfCheckFacts> = history
        .self_checks
        .iter()
        .filter(|s| s.on <= as_of)
        .collect();
    self_checks.sort_by_key(|s| (s.on, s.id));
    let facts = Facts {
        checkins,
        referrals,
        self_checks,
        as_of,
    };
    rules
        .rules
        .iter()
        .filter(|rule| rule.is_private() == private)
        .filter_map(|rule| {
            let found = facts.check(&rule.when)?;
            let severity = match &rule.escalate {
                Some((higher, condition)) if facts.check(condition).is_some() => *higher,
                _ => rule.severity,
            };
            Some(Firing {
                rule: rule.id.clone(),
                severity,
                value: found.value,
                explanation: rule.explanation(found.value),
                evidence: found.evidence.into_iter().collect(),
            })
        })
        .collect()
}

struct Facts<'a> {
    /// Oldest first, none after as_of.
    checkins: Vec<&'a CheckinFacts>,
    referrals: Vec<&'a ReferralFacts>,
    /// Oldest first, none after as_of.
    self_checks: Vec<&'a SelfCheckFacts>,
    as_of: NaiveDate,
}

impl Facts<'_> {
    fn days_ago(&self, date: NaiveDate) -> i64 {
        (self.as_of - date).num_days()
    }

    fn check(&self, condition: &Condition) -> Option<Match> {
        match condition {
            Condition::All(items) => {
                let mut value = None;
                let mut evidence = BTreeSet::new();
                for item in items {
                    let m = self.check(item)?;
                    value.get_or_insert(m.value);
                    evidence.extend(m.evidence);
                }
                Some(Match {
                    value: value.unwrap_or(0),
                    evidence,
                })
            }
            Condition::Any(items) => items.iter().find_map(|c| self.check(c)),
            Condition::Count {
                event,
                within_days,
                at_least,
            } => {
                let from = self.as_of - Duration::days(*within_days);
                let in_window = self.checkins.iter().filter(|c| c.on >= from);
                let (count, evidence) = match event {
                    EventKind::Checkin => {
                        let hits: Vec<_> = in_window.collect();
                        (
                            hits.len(),
                            hits.iter().map(|c| checkin_evidence(c)).collect(),
                        )
                    }
                    EventKind::Stressor { category, severity } => {
                        let mut count = 0;
                        let mut evidence = BTreeSet::new();
                        for c in in_window {
                            let hits = c
                                .stressors
                                .iter()
                                .filter(|(cat, sev)| {
                                    category.as_deref().is_none_or(|want| {
                                        cat == want || cat.split('.').next() == Some(want)
                                    }) && severity.is_none_or(|want| *sev == want)
                                })
                                .count();
                            if hits > 0 {
                                count += hits;
                                evidence.insert(checkin_evidence(c));
                            }
                        }
                        (count, evidence)
                    }
                };
                (count >= *at_least).then_some(Match {
                    value: count as i64,
                    evidence,
                })
            }
            Condition::Latest { at_most } => {
                let latest = self.checkins.last()?;
                (latest.wellbeing <= *at_most).then(|| Match {
                    value: i64::from(latest.wellbeing),
                    evidence: BTreeSet::from([checkin_evidence(latest)]),
                })
            }
            Condition::Decline { ratings } => {
                if self.checkins.len() < *ratings {
                    return None;
                }
                let last = &self.checkins[self.checkins.len() - ratings..];
                last.windows(2)
                    .all(|w| w[1].wellbeing < w[0].wellbeing)
                    .then(|| Match {
                        value: *ratings as i64,
                        evidence: last.iter().map(|c| checkin_evidence(c)).collect(),
                    })
            }
            Condition::Absent { more_than_days } => {
                let latest = self.checkins.last()?;
                let ago = self.days_ago(latest.on);
                (ago > *more_than_days).then(|| Match {
                    value: ago,
                    evidence: BTreeSet::from([checkin_evidence(latest)]),
                })
            }
            Condition::AbsentAfter {
                category,
                at_least_days,
                days,
            } => {
                // The most recent qualifying flag: old enough, with no check-in after it
                // within the follow-up window.
                self.checkins
                    .iter()
                    .rev()
                    .filter(|c| c.stressors.iter().any(|(cat, _)| cat == category))
                    .filter(|c| self.days_ago(c.on) >= *at_least_days)
                    .find(|flagged| {
                        let until = flagged.on + Duration::days(*days);
                        !self
                            .checkins
                            .iter()
                            .any(|c| c.on > flagged.on && c.on <= until)
                    })
                    .map(|flagged| Match {
                        value: self.days_ago(flagged.on),
                        evidence: BTreeSet::from([checkin_evidence(flagged)]),
                    })
            }
            Condition::SelfCheck {
                instrument,
                last,
                percent_at_most,
            } => {
                let taken: Vec<&&SelfCheckFacts> = self
                    .self_checks
                    .iter()
                    .filter(|s| &s.instrument == instrument)
                    .collect();
                if taken.len() < *last {
                    return None;
                }
                let recent = &taken[taken.len() - last..];
                recent
                    .iter()
                    .all(|s| s.percent.is_some_and(|p| p <= *percent_at_most))
                    .then(|| Match {
                        value: *last as i64,
                        evidence: recent
                            .iter()
                            .map(|s| Evidence {
                                kind: "selfcheck",
                                id: s.id,
                                date: s.on,
                            })
                            .collect(),
                    })
            }
            Condition::ReferralStale {
                statuses,
                consent,
                since,
                more_than_days,
            } => {
                let stale: Vec<(&&ReferralFacts, i64)> = self
                    .referrals
                    .iter()
                    .filter(|r| statuses.contains(&r.status))
                    .filter(|r| consent.is_none_or(|c| r.consent == c))
                    .map(|r| {
                        let from = match since {
                            Since::Created => r.created_on,
                            Since::LastEvent => r.last_event_on.min(self.as_of),
                        };
                        (r, self.days_ago(from))
                    })
                    .filter(|(_, ago)| ago > more_than_days)
                    .collect();
                let value = stale.iter().map(|(_, ago)| *ago).max()?;
                Some(Match {
                    value,
                    evidence: stale
                        .iter()
                        .map(|(r, _)| Evidence {
                            kind: "referral",
                            id: r.id,
                            date: r.created_on,
                        })
                        .collect(),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Duration::days(n)
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

    fn fired(history: &History, as_of: i64) -> Vec<(String, Severity)> {
        evaluate(&RuleSet::builtin().unwrap(), history, day(as_of))
            .into_iter()
            .map(|f| (f.rule, f.severity))
            .collect()
    }

    fn fires(history: &History, as_of: i64, rule: &str) -> Option<Severity> {
        fired(history, as_of)
            .into_iter()
            .find(|(r, _)| r == rule)
            .map(|(_, s)| s)
    }

    fn with(checkins: Vec<CheckinFacts>) -> History {
        History {
            checkins,
            ..History::default()
        }
    }

    fn who5(id: i64, on: i64, percent: u32) -> SelfCheckFacts {
        SelfCheckFacts {
            id,
            on: day(on),
            instrument: "who5".into(),
            percent: Some(percent),
        }
    }

    #[test]
    fn self_low_wellbeing_needs_the_last_two_who5_at_or_below_half_only_in_own_session() {
        let rules = RuleSet::builtin().unwrap();
        let own = |checks: Vec<SelfCheckFacts>, as_of: i64| -> Vec<String> {
            let history = History {
                self_checks: checks,
                ..History::default()
            };
            evaluate_own(&rules, &history, day(as_of))
                .into_iter()
                .map(|f| f.rule)
                .collect()
        };
        assert_eq!(
            own(vec![who5(1, 0, 48), who5(2, 7, 50)], 7),
            ["self-low-wellbeing"]
        );
        assert!(own(vec![who5(1, 0, 48), who5(2, 7, 52)], 7).is_empty());
        assert!(
            own(vec![who5(2, 7, 40)], 7).is_empty(),
            "one check is not two"
        );
        // A better later check ends it; a check after as_of is not yet known.
        assert!(own(vec![who5(1, 0, 40), who5(2, 7, 44), who5(3, 9, 80)], 9).is_empty());
        assert_eq!(
            own(vec![who5(1, 0, 40), who5(2, 7, 44), who5(3, 9, 80)], 8).len(),
            1
        );
        // The shared evaluation never sees it, even with the same facts.
        let history = History {
            self_checks: vec![who5(1, 0, 10), who5(2, 1, 10)],
            ..History::default()
        };
        assert!(evaluate(&rules, &history, day(1)).is_empty());
    }

    use StressorSeverity::{High, Low, Moderate};

    #[test]
    fn low_wellbeing_fires_at_two_and_is_urgent_at_one() {
        assert_eq!(
            fires(&with(vec![checkin(1, 0, 3, &[])]), 0, "low-wellbeing"),
            None
        );
        assert_eq!(
            fires(&with(vec![checkin(1, 0, 2, &[])]), 0, "low-wellbeing"),
            Some(Severity::Attention)
        );
        assert_eq!(
            fires(&with(vec![checkin(1, 0, 1, &[])]), 0, "low-wellbeing"),
            Some(Severity::Urgent)
        );
        // Only the latest counts: a better rating afterwards resolves it.
        let recovered = with(vec![checkin(1, 0, 1, &[]), checkin(2, 5, 4, &[])]);
        assert_eq!(fires(&recovered, 5, "low-wellbeing"), None);
        // A rating after as_of is not yet known.
        assert_eq!(
            fires(&recovered, 4, "low-wellbeing"),
            Some(Severity::Urgent)
        );
    }

    #[test]
    fn declining_needs_three_strictly_decreasing_ratings() {
        let flat = with(vec![
            checkin(1, 0, 4, &[]),
            checkin(2, 1, 3, &[]),
            checkin(3, 2, 3, &[]),
        ]);
        assert_eq!(fires(&flat, 2, "declining-wellbeing"), None);
        let falling = with(vec![
            checkin(1, 0, 4, &[]),
            checkin(2, 1, 3, &[]),
            checkin(3, 2, 2, &[]),
        ]);
        assert_eq!(
            fires(&falling, 2, "declining-wellbeing"),
            Some(Severity::Attention)
        );
        let two = with(vec![checkin(2, 1, 3, &[]), checkin(3, 2, 2, &[])]);
        assert_eq!(fires(&two, 2, "declining-wellbeing"), None);
    }

    #[test]
    fn stressor_cluster_counts_flags_within_thirty_days_inclusive() {
        let h = with(vec![
            checkin(1, 0, 4, &[("work.shifts", Low)]),
            checkin(
                2,
                10,
                4,
                &[("health.sleep", Moderate), ("financial.strain", Low)],
            ),
        ]);
        // Day 30: day 0 is exactly 30 days back, inside the window.
        assert_eq!(fires(&h, 30, "stressor-cluster"), Some(Severity::Attention));
        assert_eq!(fires(&h, 31, "stressor-cluster"), None);
        let two = with(vec![checkin(
            2,
            10,
            4,
            &[("health.sleep", Moderate), ("financial.strain", Low)],
        )]);
        assert_eq!(fires(&two, 10, "stressor-cluster"), None);
    }

    #[test]
    fn high_severity_needs_two_high_flags_within_thirty_days() {
        let one = with(vec![checkin(
            1,
            0,
            4,
            &[("work.shifts", High), ("health.sleep", Moderate)],
        )]);
        assert_eq!(fires(&one, 0, "high-severity-stressors"), None);
        let two = with(vec![
            checkin(1, 0, 4, &[("work.shifts", High)]),
            checkin(2, 30, 4, &[("health.sleep", High)]),
        ]);
        assert_eq!(
            fires(&two, 30, "high-severity-stressors"),
            Some(Severity::Urgent)
        );
        assert_eq!(fires(&two, 31, "high-severity-stressors"), None);
    }

    #[test]
    fn critical_incident_follow_up_after_fourteen_days_without_a_check_in() {
        let h = with(vec![checkin(1, 0, 4, &[("work.critical_incident", High)])]);
        assert_eq!(fires(&h, 13, "critical-incident-followup"), None);
        assert_eq!(
            fires(&h, 14, "critical-incident-followup"),
            Some(Severity::Attention)
        );
        let followed = with(vec![
            checkin(1, 0, 4, &[("work.critical_incident", High)]),
            checkin(2, 14, 4, &[]),
        ]);
        assert_eq!(fires(&followed, 20, "critical-incident-followup"), None);
        let late = with(vec![
            checkin(1, 0, 4, &[("work.critical_incident", High)]),
            checkin(2, 15, 4, &[]),
        ]);
        assert_eq!(
            fires(&late, 20, "critical-incident-followup"),
            Some(Severity::Attention)
        );
    }

    #[test]
    fn checkin_overdue_after_more_than_forty_five_days() {
        let h = with(vec![checkin(1, 0, 4, &[])]);
        assert_eq!(fires(&h, 45, "checkin-overdue"), None);
        assert_eq!(fires(&h, 46, "checkin-overdue"), Some(Severity::Info));
        assert!(fired(&History::default(), 100).is_empty());
    }

    fn referral(status: Status, consent: Consent, created: i64, last_event: i64) -> History {
        History {
            referrals: vec![ReferralFacts {
                id: 7,
                status,
                consent,
                created_on: day(created),
                last_event_on: day(last_event),
            }],
            ..History::default()
        }
    }

    #[test]
    fn referral_unreviewed_after_more_than_five_days_with_consent() {
        let h = referral(Status::Proposed, Consent::Given, 0, 0);
        assert_eq!(fires(&h, 5, "referral-unreviewed"), None);
        assert_eq!(
            fires(&h, 6, "referral-unreviewed"),
            Some(Severity::Attention)
        );
        let pending = referral(Status::Proposed, Consent::Pending, 0, 0);
        assert_eq!(fires(&pending, 60, "referral-unreviewed"), None);
    }

    #[test]
    fn referral_stalled_after_more_than_twenty_one_days_without_news() {
        let h = referral(Status::Contacted, Consent::Given, 0, 10);
        assert_eq!(fires(&h, 31, "referral-stalled"), None);
        assert_eq!(fires(&h, 32, "referral-stalled"), Some(Severity::Info));
        let closed = referral(Status::Closed, Consent::Given, 0, 10);
        assert_eq!(fires(&closed, 90, "referral-stalled"), None);
    }

    #[test]
    fn every_firing_explains_itself_with_evidence() {
        let h = with(vec![
            checkin(1, 0, 4, &[("work.shifts", High)]),
            checkin(2, 3, 2, &[("health.sleep", High)]),
        ]);
        let firings = evaluate(&RuleSet::builtin().unwrap(), &h, day(3));
        let high = firings
            .iter()
            .find(|f| f.rule == "high-severity-stressors")
            .unwrap();
        assert_eq!(
            high.explanation,
            "2 heavy stressors noted in the last 30 days"
        );
        assert_eq!(
            high.evidence.iter().map(|e| e.id).collect::<Vec<_>>(),
            vec![1, 2]
        );
        let low = firings.iter().find(|f| f.rule == "low-wellbeing").unwrap();
        assert_eq!(
            low.evidence,
            vec![Evidence {
                kind: "checkin",
                id: 2,
                date: day(3)
            }]
        );
    }
}
