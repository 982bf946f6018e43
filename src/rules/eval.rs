//! Pure evaluation: one person's history, the rules and a date in; the rules that hold,
//! each with its figures, its sentence and the records behind it, out. The result depends
//! only on the records' contents and dates, never on the order they were written.

use std::cmp::Reverse;
use std::collections::BTreeSet;

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::{Condition, EventKind, Figures, RuleSet, Severity, Since};
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

/// One step of a referral's history: its status and consent from that day on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReferralStep {
    pub on: NaiveDate,
    pub status: Status,
    pub consent: Consent,
}

/// What evaluation needs to know of a referral: its whole history, so that its state on any
/// past day can be replayed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReferralFacts {
    pub id: i64,
    pub created_on: NaiveDate,
    /// Oldest first; the first step is the proposal itself.
    pub steps: Vec<ReferralStep>,
}

impl ReferralFacts {
    /// The latest step taken by `as_of`, if the referral existed then.
    pub fn step_on(&self, as_of: NaiveDate) -> Option<&ReferralStep> {
        self.steps.iter().rev().find(|s| s.on <= as_of)
    }
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

/// One person's history as one audience may read it, in any order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    pub checkins: Vec<CheckinFacts>,
    pub referrals: Vec<ReferralFacts>,
    /// Empty except in the person's own session.
    pub self_checks: Vec<SelfCheckFacts>,
}

/// A record that made a rule fire.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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
    /// What the sentence was made of, to make it again on a later day.
    #[serde(skip)]
    pub figures: Figures,
}

pub(super) struct Match {
    pub(super) figures: Figures,
    pub(super) evidence: BTreeSet<Evidence>,
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
    Facts::new(history, as_of).fire(rules, private)
}

/// One history as it stood on one day. `next_change` reads it too.
pub(super) struct Facts<'a> {
    /// Oldest first (see `Facts::new`), none after as_of.
    pub(super) checkins: Vec<&'a CheckinFacts>,
    pub(super) referrals: Vec<&'a ReferralFacts>,
    /// Oldest first, none after as_of.
    self_checks: Vec<&'a SelfCheckFacts>,
    pub(super) as_of: NaiveDate,
}

impl<'a> Facts<'a> {
    pub(super) fn new(history: &'a History, as_of: NaiveDate) -> Self {
        // Only what had happened by as_of counts, so any past day can be replayed. Within a
        // day the lowest rating counts as the last, so that the order records were written in
        // (their ids) never changes a result.
        let mut checkins: Vec<&CheckinFacts> =
            history.checkins.iter().filter(|c| c.on <= as_of).collect();
        checkins.sort_by_key(|c| (c.on, Reverse(c.wellbeing), c.id));
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
        Facts {
            checkins,
            referrals,
            self_checks,
            as_of,
        }
    }

    /// The rules (for the person alone, or for everyone else) that hold.
    pub(super) fn fire(&self, rules: &RuleSet, private: bool) -> Vec<Firing> {
        rules
            .rules
            .iter()
            .filter(|rule| rule.is_private() == private)
            .filter_map(|rule| {
                let found = self.check(&rule.when)?;
                let severity = match &rule.escalate {
                    Some((higher, condition)) if self.check(condition).is_some() => *higher,
                    _ => rule.severity,
                };
                Some(Firing {
                    rule: rule.id.clone(),
                    severity,
                    value: found.figures.value,
                    explanation: rule.explanation(&found.figures, self.as_of),
                    evidence: found.evidence.into_iter().collect(),
                    figures: found.figures,
                })
            })
            .collect()
    }
}

impl Facts<'_> {
    fn days_ago(&self, date: NaiveDate) -> i64 {
        (self.as_of - date).num_days()
    }

    /// The first day of the `days` days ending on as_of.
    pub(super) fn window_start(&self, days: i64) -> NaiveDate {
        self.as_of - Duration::days(days - 1)
    }

    /// The last `k` check-ins, if there are that many and all fall within `within_days`.
    fn last_within(&self, k: usize, within_days: i64) -> Option<&[&CheckinFacts]> {
        let n = self.checkins.len();
        let last = self.checkins.get(n.checked_sub(k)?..)?;
        let from = self.window_start(within_days);
        last.iter().all(|c| c.on >= from).then_some(last)
    }

    pub(super) fn check(&self, condition: &Condition) -> Option<Match> {
        match condition {
            Condition::All(items) => {
                let mut figures = None;
                let mut evidence = BTreeSet::new();
                for item in items {
                    let m = self.check(item)?;
                    figures.get_or_insert(m.figures);
                    evidence.extend(m.evidence);
                }
                Some(Match {
                    figures: figures?,
                    evidence,
                })
            }
            Condition::Any(items) => items.iter().find_map(|c| self.check(c)),
            Condition::Count {
                event,
                within_days,
                at_least,
            } => {
                let from = self.window_start(*within_days);
                let in_window = self.checkins.iter().filter(|c| c.on >= from);
                let (count, evidence) = match event {
                    EventKind::Checkin => {
                        let hits: BTreeSet<Evidence> =
                            in_window.map(|c| checkin_evidence(c)).collect();
                        (hits.len(), hits)
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
                let first = evidence.iter().map(|e| e.date).min()?;
                (count >= *at_least).then_some(Match {
                    figures: Figures {
                        value: count as i64,
                        count,
                        date: first,
                        usual_tenths: 0,
                        value_since: None,
                    },
                    evidence,
                })
            }
            Condition::Latest {
                at_most,
                last,
                within_days,
            } => {
                let last = self.last_within(*last, *within_days)?;
                let worst_kept = last.iter().map(|c| c.wellbeing).max()?;
                (worst_kept <= *at_most).then(|| Match {
                    figures: Figures {
                        value: i64::from(worst_kept),
                        count: last.len(),
                        date: last[0].on,
                        usual_tenths: 0,
                        value_since: None,
                    },
                    evidence: last.iter().map(|c| checkin_evidence(c)).collect(),
                })
            }
            Condition::Decline {
                ratings,
                within_days,
                min_drop,
            } => {
                let last = self.last_within(*ratings, *within_days)?;
                let falling = last.windows(2).all(|w| w[1].wellbeing < w[0].wellbeing);
                let drop = last[0]
                    .wellbeing
                    .saturating_sub(last[last.len() - 1].wellbeing);
                (falling && drop >= *min_drop).then(|| Match {
                    figures: Figures {
                        value: i64::from(drop),
                        count: last.len(),
                        date: last[0].on,
                        usual_tenths: 0,
                        value_since: None,
                    },
                    evidence: last.iter().map(|c| checkin_evidence(c)).collect(),
                })
            }
            Condition::BelowUsual {
                by_tenths,
                within_days,
                usual_days,
            } => {
                let latest = self.checkins.last()?;
                if latest.on < self.window_start(*within_days) {
                    return None;
                }
                let since = latest.on - Duration::days(*usual_days);
                let earlier: Vec<&&CheckinFacts> = self
                    .checkins
                    .iter()
                    .filter(|c| c.on < latest.on && c.on >= since)
                    .collect();
                if earlier.len() < super::USUAL_MIN_RATINGS {
                    return None;
                }
                let mut ratings: Vec<u8> = earlier.iter().map(|c| c.wellbeing).collect();
                let usual = super::median_tenths(&mut ratings)?;
                (usual - i64::from(latest.wellbeing) * 10 >= *by_tenths).then(|| Match {
                    figures: Figures {
                        value: i64::from(latest.wellbeing),
                        count: earlier.len(),
                        date: latest.on,
                        usual_tenths: usual,
                        value_since: None,
                    },
                    evidence: earlier
                        .iter()
                        .map(|c| checkin_evidence(c))
                        .chain(std::iter::once(checkin_evidence(latest)))
                        .collect(),
                })
            }
            Condition::Absent {
                more_than_days,
                within_days,
            } => {
                let latest = self.checkins.last()?;
                let ago = self.days_ago(latest.on);
                (ago > *more_than_days && latest.on >= self.window_start(*within_days)).then(|| {
                    Match {
                        figures: Figures {
                            value: ago,
                            count: 1,
                            date: latest.on,
                            usual_tenths: 0,
                            value_since: Some(latest.on),
                        },
                        evidence: BTreeSet::from([checkin_evidence(latest)]),
                    }
                })
            }
            Condition::AbsentAfter {
                category,
                more_than_days,
                within_days,
            } => {
                // The latest flag of the category decides: any check-in on a later day
                // follows it (and every earlier flag) up.
                let from = self.window_start(*within_days);
                let flagged = self
                    .checkins
                    .iter()
                    .rev()
                    .find(|c| c.stressors.iter().any(|(cat, _)| cat == category))?;
                let ago = self.days_ago(flagged.on);
                let followed = self.checkins.iter().any(|c| c.on > flagged.on);
                (flagged.on >= from && ago > *more_than_days && !followed).then(|| Match {
                    figures: Figures {
                        value: ago,
                        count: 1,
                        date: flagged.on,
                        usual_tenths: 0,
                        value_since: Some(flagged.on),
                    },
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
                        figures: Figures {
                            value: *last as i64,
                            count: *last,
                            date: recent[0].on,
                            usual_tenths: 0,
                            value_since: None,
                        },
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
                within_days,
            } => {
                let from = self.window_start(*within_days);
                let stale: Vec<(&&ReferralFacts, i64)> = self
                    .referrals
                    .iter()
                    .filter(|r| r.created_on >= from)
                    .filter_map(|r| {
                        // The referral's state on the day evaluated, not today's.
                        let step = r.step_on(self.as_of)?;
                        let open = statuses.contains(&step.status)
                            && consent.is_none_or(|c| step.consent == c);
                        let start = match since {
                            Since::Created => r.created_on,
                            Since::LastEvent => step.on,
                        };
                        open.then(|| (r, self.days_ago(start)))
                    })
                    .filter(|(_, ago)| ago > more_than_days)
                    .collect();
                let (oldest, value) = stale.iter().max_by_key(|(r, ago)| (*ago, Reverse(r.id)))?;
                Some(Match {
                    figures: Figures {
                        value: *value,
                        count: stale.len(),
                        date: oldest.created_on,
                        usual_tenths: 0,
                        value_since: Some(self.as_of - Duration::days(*value)),
                    },
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
    fn low_wellbeing_fires_at_two_is_urgent_at_one_and_looks_back_thirty_days() {
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
        // The 30 days ending on day 29 start on day 0; on day 30 the rating is too old.
        let old = with(vec![checkin(1, 0, 2, &[])]);
        assert_eq!(fires(&old, 29, "low-wellbeing"), Some(Severity::Attention));
        assert_eq!(fires(&old, 30, "low-wellbeing"), None);
        // Only the latest counts: a better rating afterwards resolves it.
        let recovered = with(vec![checkin(1, 0, 1, &[]), checkin(2, 5, 4, &[])]);
        assert_eq!(fires(&recovered, 5, "low-wellbeing"), None);
        // A rating after as_of is not yet known.
        assert_eq!(
            fires(&recovered, 4, "low-wellbeing"),
            Some(Severity::Urgent)
        );
        let said = |as_of: i64| {
            evaluate(&RuleSet::builtin().unwrap(), &old, day(as_of))[0]
                .explanation
                .clone()
        };
        assert_eq!(
            said(29),
            "latest wellbeing rating 2 of 5, on 01 Jan 2026 (29 days ago)"
        );
        assert_eq!(
            said(1),
            "latest wellbeing rating 2 of 5, on 01 Jan 2026 (1 day ago)"
        );
        assert_eq!(
            said(0),
            "latest wellbeing rating 2 of 5, on 01 Jan 2026 (today)"
        );
    }

    #[test]
    fn latest_can_ask_for_the_last_k_ratings() {
        let rules = parse_one(r#"{ kind = "latest", at_most = 2, last = 2, within_days = 60 }"#);
        let both = with(vec![checkin(1, 0, 2, &[]), checkin(2, 30, 1, &[])]);
        assert!(holds(&rules, &both, 30));
        assert!(
            holds(&rules, &both, 59),
            "day 0 is the first of the 60 days"
        );
        assert!(!holds(&rules, &both, 60));
        let one = with(vec![checkin(1, 0, 3, &[]), checkin(2, 30, 1, &[])]);
        assert!(!holds(&rules, &one, 30));
        assert!(!holds(&rules, &with(vec![checkin(2, 30, 1, &[])]), 30));
    }

    #[test]
    fn declining_needs_three_falling_ratings_within_the_lookback_and_a_real_drop() {
        let rule = "declining-wellbeing";
        let flat = with(vec![
            checkin(1, 0, 4, &[]),
            checkin(2, 20, 3, &[]),
            checkin(3, 40, 3, &[]),
        ]);
        assert_eq!(fires(&flat, 40, rule), None);
        let falling = with(vec![
            checkin(1, 0, 5, &[]),
            checkin(2, 20, 4, &[]),
            checkin(3, 40, 3, &[]),
        ]);
        assert_eq!(fires(&falling, 40, rule), Some(Severity::Attention));
        // The 60 days ending on day 59 start on day 0.
        assert_eq!(fires(&falling, 59, rule), Some(Severity::Attention));
        assert_eq!(fires(&falling, 60, rule), None);
        let firing = evaluate(&RuleSet::builtin().unwrap(), &falling, day(40));
        let decline = firing.iter().find(|f| f.rule == rule).unwrap();
        assert_eq!(
            decline.explanation,
            "wellbeing fell at each of the last 3 check-ins since 01 Jan 2026, 2 points in all"
        );
        // Too spread out, or too small a drop in all.
        let slow = with(vec![
            checkin(1, 0, 4, &[]),
            checkin(2, 100, 3, &[]),
            checkin(3, 200, 2, &[]),
        ]);
        assert_eq!(fires(&slow, 200, rule), None);
        let rules =
            parse_one(r#"{ kind = "decline", ratings = 2, within_days = 90, min_drop = 2 }"#);
        assert!(!holds(
            &rules,
            &with(vec![checkin(1, 0, 4, &[]), checkin(2, 10, 3, &[])]),
            10
        ));
        assert!(holds(
            &rules,
            &with(vec![checkin(1, 0, 4, &[]), checkin(2, 10, 2, &[])]),
            10
        ));
    }

    #[test]
    fn stressor_cluster_counts_flags_in_the_thirty_days_ending_on_the_day() {
        let h = with(vec![
            checkin(
                1,
                0,
                4,
                &[
                    ("work.shifts", Low),
                    ("home.family", Low),
                    ("health.physical", Low),
                ],
            ),
            checkin(
                2,
                10,
                4,
                &[("health.sleep", Moderate), ("financial.strain", Low)],
            ),
        ]);
        // Day 29: day 0 is the first of the 30 days; on day 30 it has left the window.
        assert_eq!(fires(&h, 29, "stressor-cluster"), Some(Severity::Attention));
        assert_eq!(fires(&h, 30, "stressor-cluster"), None);
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
            checkin(2, 29, 4, &[("health.sleep", High)]),
        ]);
        assert_eq!(
            fires(&two, 29, "high-severity-stressors"),
            Some(Severity::Urgent)
        );
        assert_eq!(fires(&two, 30, "high-severity-stressors"), None);
    }

    #[test]
    fn critical_incident_follow_up_holds_only_while_no_check_in_came_since() {
        let rule = "critical-incident-followup";
        let alone = with(vec![checkin(1, 0, 4, &[("work.critical_incident", High)])]);
        assert_eq!(fires(&alone, 14, rule), None, "14 days is not more than 14");
        assert_eq!(fires(&alone, 15, rule), Some(Severity::Attention));
        let firing = evaluate(&RuleSet::builtin().unwrap(), &alone, day(30));
        assert_eq!(
            firing.iter().find(|f| f.rule == rule).unwrap().explanation,
            "critical incident noted on 01 Jan 2026 (30 days ago), no check-in since that day"
        );
        // The lookback: the 60 days ending on day 59 start on day 0.
        assert_eq!(fires(&alone, 59, rule), Some(Severity::Attention));
        assert_eq!(fires(&alone, 60, rule), None);
        // Any later check-in, however late, answers it.
        for after in [1, 14, 20, 40] {
            let followed = with(vec![
                checkin(1, 0, 4, &[("work.critical_incident", High)]),
                checkin(2, after, 4, &[]),
            ]);
            assert_eq!(fires(&followed, 45, rule), None, "check-in on day {after}");
            assert_eq!(fires(&followed, after.max(30), rule), None);
        }
        // Before the later check-in happened, it held.
        let followed = with(vec![
            checkin(1, 0, 4, &[("work.critical_incident", High)]),
            checkin(2, 20, 4, &[]),
        ]);
        assert_eq!(fires(&followed, 19, rule), Some(Severity::Attention));
        // A check-in the same day is the conversation that noted it, not a follow-up.
        let same_day = with(vec![
            checkin(1, 0, 4, &[("work.critical_incident", High)]),
            checkin(2, 0, 3, &[]),
        ]);
        assert_eq!(fires(&same_day, 20, rule), Some(Severity::Attention));
    }

    #[test]
    fn below_usual_compares_the_latest_rating_with_the_persons_own_median() {
        let rule = "below-usual";
        let usual = |ratings: &[u8], last: u8| {
            let mut list: Vec<CheckinFacts> = ratings
                .iter()
                .enumerate()
                .map(|(i, r)| checkin(i as i64 + 1, i as i64 * 30, *r, &[]))
                .collect();
            let on = ratings.len() as i64 * 30;
            list.push(checkin(99, on, last, &[]));
            (with(list), on)
        };
        // Usual 4.5 (median of 4, 5, 5, 4): a 3 is 1.5 below; a 4 is not.
        let (h, on) = usual(&[4, 5, 5, 4], 3);
        assert_eq!(fires(&h, on, rule), Some(Severity::Attention));
        let firing = evaluate(&RuleSet::builtin().unwrap(), &h, day(on));
        assert_eq!(
            firing.iter().find(|f| f.rule == rule).unwrap().explanation,
            "latest wellbeing rating 3 of 5, on 01 May 2026 (today), well below their usual 4.5 over the year before"
        );
        let (h, on) = usual(&[4, 5, 5, 4], 4);
        assert_eq!(fires(&h, on, rule), None);
        // Usual 3: a 2 is one point below, not enough.
        let (h, on) = usual(&[3, 3, 3], 2);
        assert_eq!(fires(&h, on, rule), None);
        // Two earlier ratings are not enough to speak of a usual.
        let (h, on) = usual(&[5, 5], 3);
        assert_eq!(fires(&h, on, rule), None);
        // The lookback: 30 days.
        let (h, on) = usual(&[4, 5, 5, 4], 3);
        assert_eq!(fires(&h, on + 29, rule), Some(Severity::Attention));
        assert_eq!(fires(&h, on + 30, rule), None);
    }

    #[test]
    fn absent_needs_the_latest_check_in_within_the_lookback() {
        let rules = parse_one(r#"{ kind = "absent", more_than_days = 45, within_days = 120 }"#);
        let h = with(vec![checkin(1, 0, 4, &[])]);
        assert!(!holds(&rules, &h, 45));
        assert!(holds(&rules, &h, 46));
        assert!(holds(&rules, &h, 119));
        assert!(!holds(&rules, &h, 120));
        assert!(!holds(&rules, &History::default(), 100));
    }

    fn referral(steps: &[(Status, Consent, i64)]) -> History {
        History {
            referrals: vec![ReferralFacts {
                id: 7,
                created_on: day(steps[0].2),
                steps: steps
                    .iter()
                    .map(|(status, consent, on)| ReferralStep {
                        on: day(*on),
                        status: *status,
                        consent: *consent,
                    })
                    .collect(),
            }],
            ..History::default()
        }
    }

    #[test]
    fn referral_unreviewed_after_more_than_five_days_with_consent() {
        let h = referral(&[(Status::Proposed, Consent::Given, 0)]);
        assert_eq!(fires(&h, 5, "referral-unreviewed"), None);
        assert_eq!(
            fires(&h, 6, "referral-unreviewed"),
            Some(Severity::Attention)
        );
        let pending = referral(&[(Status::Proposed, Consent::Pending, 0)]);
        assert_eq!(fires(&pending, 60, "referral-unreviewed"), None);
    }

    #[test]
    fn referral_states_are_replayed_as_of_the_day() {
        // Proposed on day 0 with consent pending, consent given on day 3, accepted day 20.
        let h = referral(&[
            (Status::Proposed, Consent::Pending, 0),
            (Status::Proposed, Consent::Given, 3),
            (Status::Accepted, Consent::Given, 20),
        ]);
        assert_eq!(fires(&h, 2, "referral-unreviewed"), None);
        assert_eq!(
            fires(&h, 10, "referral-unreviewed"),
            Some(Severity::Attention),
            "on day 10 it was still waiting"
        );
        assert_eq!(fires(&h, 25, "referral-unreviewed"), None);
        // Accepted on day 20, no news since: stalled after more than 21 days.
        assert_eq!(fires(&h, 41, "referral-stalled"), None);
        assert_eq!(fires(&h, 42, "referral-stalled"), Some(Severity::Info));
        let closed = referral(&[
            (Status::Proposed, Consent::Given, 0),
            (Status::Accepted, Consent::Given, 2),
            (Status::Closed, Consent::Given, 10),
        ]);
        assert_eq!(fires(&closed, 90, "referral-stalled"), None);
        assert_eq!(fires(&closed, 9, "referral-unreviewed"), None);
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

    #[test]
    fn same_day_ratings_give_the_same_result_whatever_order_they_were_written() {
        let a = with(vec![checkin(1, 0, 4, &[]), checkin(2, 0, 2, &[])]);
        let b = with(vec![checkin(1, 0, 2, &[]), checkin(2, 0, 4, &[])]);
        assert_eq!(fires(&a, 1, "low-wellbeing"), Some(Severity::Attention));
        assert_eq!(fires(&b, 1, "low-wellbeing"), Some(Severity::Attention));
    }

    fn parse_one(when: &str) -> RuleSet {
        let text = format!(
            "[[rule]]\nid = \"t\"\ntitle = \"T\"\nseverity = \"info\"\naudience = [\"supervisor_chain\"]\nexplain = \"x\"\nwhen = {when}\n"
        );
        crate::rules::parse(&text, &crate::rules::Known::builtin()).unwrap()
    }

    fn holds(rules: &RuleSet, history: &History, as_of: i64) -> bool {
        !evaluate(rules, history, day(as_of)).is_empty()
    }

    /// Every figure a sentence can name, ages included.
    fn naming_every_figure(when: &str) -> RuleSet {
        let text = format!(
            "[[rule]]\nid = \"t\"\ntitle = \"T\"\nseverity = \"info\"\naudience = [\"supervisor_chain\"]\nexplain = \"{{value}} {{count}} {{date}} {{days}} {{usual}}; {{days}} days ago\"\nwhen = {when}\n"
        );
        crate::rules::parse(&text, &crate::rules::Known::builtin()).unwrap()
    }

    /// A prompt's figures, kept from the day it was evaluated, make on any later day on which
    /// it still holds on the same records the sentence evaluating again makes: ages (an
    /// absence, a referral's wait) counted to that day, everything else as it was.
    #[test]
    fn kept_figures_make_the_sentence_of_a_later_day() {
        let absent = with(vec![checkin(1, 0, 4, &[])]);
        let after = with(vec![checkin(
            1,
            0,
            3,
            &[("work.critical_incident", StressorSeverity::High)],
        )]);
        let usual = with(vec![
            checkin(1, 0, 4, &[]),
            checkin(2, 3, 5, &[]),
            checkin(3, 6, 4, &[]),
            checkin(4, 9, 1, &[]),
        ]);
        let stressed = with(vec![
            checkin(1, 0, 3, &[("work.workload", StressorSeverity::High)]),
            checkin(2, 1, 3, &[("home.family", StressorSeverity::High)]),
        ]);
        let waiting = referral(&[(Status::Proposed, Consent::Given, 0)]);
        let stalled = referral(&[
            (Status::Proposed, Consent::Given, 0),
            (Status::Accepted, Consent::Given, 4),
        ]);
        let cases: [(&str, &History, i64); 7] = [
            (
                r#"{ kind = "absent", more_than_days = 45, within_days = 200 }"#,
                &absent,
                50,
            ),
            (
                r#"{ kind = "absent", after_category = "work.critical_incident", more_than_days = 14, within_days = 60 }"#,
                &after,
                20,
            ),
            (
                r#"{ kind = "below_usual", by = 1.5, within_days = 30, usual_days = 365 }"#,
                &usual,
                10,
            ),
            (
                r#"{ kind = "latest", at_most = 2, within_days = 30 }"#,
                &usual,
                10,
            ),
            (
                r#"{ kind = "count", event = "stressor", severity = "high", within_days = 30, at_least = 2 }"#,
                &stressed,
                2,
            ),
            (
                r#"{ kind = "referral_stale", statuses = ["proposed"], consent = "given", since = "created", more_than_days = 5, within_days = 365 }"#,
                &waiting,
                6,
            ),
            (
                r#"{ kind = "referral_stale", statuses = ["accepted"], since = "last_event", more_than_days = 5, within_days = 365 }"#,
                &stalled,
                10,
            ),
        ];
        for (when, history, first) in cases {
            let rules = naming_every_figure(when);
            let rule = &rules.rules[0];
            let kept = evaluate(&rules, history, day(first));
            assert_eq!(kept.len(), 1, "{when} on day {first}");
            for later in first..first + 12 {
                let again = evaluate(&rules, history, day(later));
                let Some(now) = again.first() else { continue };
                if now.evidence != kept[0].evidence {
                    continue;
                }
                assert_eq!(
                    rule.explanation(&kept[0].figures, day(later)),
                    now.explanation,
                    "{when}: day {first}'s figures on day {later}"
                );
                assert!(kept[0].figures.same_any_day(&now.figures), "{when}");
                assert_eq!(kept[0].figures.on(day(later)), now.figures, "{when}");
            }
        }
    }
}
