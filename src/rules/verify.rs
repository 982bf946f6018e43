//! Re-deriving a firing's claims from the records alone, by a plainer route than
//! evaluation: every record it cites exists and says what the rule needs, no record
//! contradicts its sentence, and the sentence is the rule's for those figures. Used by the
//! property tests and by the benchmark's count of false explanations.

use chrono::{Duration, NaiveDate};

use super::{Condition, EventKind, Figures, Firing, History, Rule, Since};

/// `Ok` when every claim of `firing` holds against `history` on `as_of`; otherwise the
/// first claim that fails, in words.
pub fn verify(
    rule: &Rule,
    firing: &Firing,
    history: &History,
    as_of: NaiveDate,
) -> Result<(), String> {
    if firing.rule != rule.id {
        return Err(format!(
            "firing of {} checked against {}",
            firing.rule, rule.id
        ));
    }
    let figures = match &rule.when {
        // Combinations are checked by their parts' own evaluation: the figures come from
        // the first part, which is itself checked here when it stands alone.
        Condition::All(_) | Condition::Any(_) | Condition::SelfCheck { .. } => {
            return same_as_fresh(rule, firing, history, as_of);
        }
        condition => derive(condition, firing, history, as_of)?,
    };
    let sentence = rule.explanation(&figures, as_of);
    if sentence != firing.explanation {
        return Err(format!(
            "the sentence says \"{}\" but the records say \"{sentence}\"",
            firing.explanation
        ));
    }
    // The severity: the rule's, or its escalation's where that holds too.
    let fresh = super::evaluate(&only(rule), history, as_of);
    match fresh.first() {
        Some(f) if f.severity == firing.severity => Ok(()),
        Some(f) => Err(format!(
            "severity {} where the records give {}",
            firing.severity.as_str(),
            f.severity.as_str()
        )),
        None => Err("the rule does not hold on the records".into()),
    }
}

fn only(rule: &Rule) -> super::RuleSet {
    super::RuleSet {
        rules: vec![rule.clone()],
    }
}

fn same_as_fresh(
    rule: &Rule,
    firing: &Firing,
    history: &History,
    as_of: NaiveDate,
) -> Result<(), String> {
    let fresh = if rule.is_private() {
        super::evaluate_own(&only(rule), history, as_of)
    } else {
        super::evaluate(&only(rule), history, as_of)
    };
    match fresh.first() {
        Some(f) if f == firing => Ok(()),
        Some(f) => Err(format!("the records give \"{}\"", f.explanation)),
        None => Err("the rule does not hold on the records".into()),
    }
}

fn in_window(date: NaiveDate, as_of: NaiveDate, days: i64) -> bool {
    date <= as_of && date > as_of - Duration::days(days)
}

/// The figures the records give for the records `firing` cites, or the claim that fails.
fn derive(
    condition: &Condition,
    firing: &Firing,
    history: &History,
    as_of: NaiveDate,
) -> Result<Figures, String> {
    let known: Vec<_> = history.checkins.iter().filter(|c| c.on <= as_of).collect();
    let cited_checkins = || -> Result<Vec<_>, String> {
        firing
            .evidence
            .iter()
            .map(|e| {
                known
                    .iter()
                    .find(|c| e.kind == "checkin" && c.id == e.id && c.on == e.date)
                    .copied()
                    .ok_or_else(|| format!("{} {} is not among the records", e.kind, e.id))
            })
            .collect()
    };
    let first_date = |dates: &mut dyn Iterator<Item = NaiveDate>| {
        dates.min().ok_or_else(|| "no record is cited".to_string())
    };
    match condition {
        Condition::Latest {
            at_most,
            last,
            within_days,
        } => {
            let cited = cited_checkins()?;
            if cited.len() != *last {
                return Err(format!(
                    "{} ratings cited where the rule reads {last}",
                    cited.len()
                ));
            }
            let from = first_date(&mut cited.iter().map(|c| c.on))?;
            if let Some(later) = known
                .iter()
                .find(|c| c.on > from && !cited.iter().any(|x| x.id == c.id))
            {
                return Err(format!("check-in {} on {} came later", later.id, later.on));
            }
            for c in &cited {
                if !in_window(c.on, as_of, *within_days) || c.wellbeing > *at_most {
                    return Err(format!("check-in {} does not qualify", c.id));
                }
            }
            Ok(Figures {
                value: i64::from(cited.iter().map(|c| c.wellbeing).max().unwrap_or(0)),
                count: cited.len(),
                date: from,
                usual_tenths: 0,
                value_since: None,
            })
        }
        Condition::Decline {
            ratings,
            within_days,
            min_drop,
        } => {
            let mut cited = cited_checkins()?;
            if cited.len() != *ratings {
                return Err(format!(
                    "{} ratings cited where the rule reads {ratings}",
                    cited.len()
                ));
            }
            cited.sort_by_key(|c| (c.on, std::cmp::Reverse(c.wellbeing)));
            let from = cited[0].on;
            if let Some(later) = known
                .iter()
                .find(|c| c.on > from && !cited.iter().any(|x| x.id == c.id))
            {
                return Err(format!(
                    "check-in {} on {} came between",
                    later.id, later.on
                ));
            }
            let falls = cited.windows(2).all(|w| w[1].wellbeing < w[0].wellbeing);
            let drop = cited[0]
                .wellbeing
                .saturating_sub(cited[cited.len() - 1].wellbeing);
            if !falls
                || drop < *min_drop
                || cited.iter().any(|c| !in_window(c.on, as_of, *within_days))
            {
                return Err("the cited ratings do not fall as claimed".into());
            }
            Ok(Figures {
                value: i64::from(drop),
                count: cited.len(),
                date: from,
                usual_tenths: 0,
                value_since: None,
            })
        }
        Condition::Count {
            event,
            within_days,
            at_least,
        } => {
            let mut count = 0usize;
            let mut dates = Vec::new();
            for c in known
                .iter()
                .filter(|c| in_window(c.on, as_of, *within_days))
            {
                let hits = match event {
                    EventKind::Checkin => 1,
                    EventKind::Stressor { category, severity } => c
                        .stressors
                        .iter()
                        .filter(|(cat, sev)| {
                            category.as_deref().is_none_or(|want| {
                                cat == want || cat.starts_with(&format!("{want}."))
                            }) && severity.is_none_or(|want| *sev == want)
                        })
                        .count(),
                };
                if hits > 0 {
                    count += hits;
                    dates.push(c.on);
                    if !firing.evidence.iter().any(|e| e.id == c.id) {
                        return Err(format!("check-in {} counts but is not cited", c.id));
                    }
                }
            }
            if count < *at_least || firing.evidence.len() != dates.len() {
                return Err(format!("{count} counted in the window"));
            }
            Ok(Figures {
                value: count as i64,
                count,
                date: first_date(&mut dates.into_iter())?,
                usual_tenths: 0,
                value_since: None,
            })
        }
        Condition::BelowUsual {
            by_tenths,
            within_days,
            usual_days,
        } => {
            let cited = cited_checkins()?;
            // The latest of the day, as evaluation orders a day's ratings (lowest last).
            let last_day = known.iter().map(|c| c.on).max().ok_or("no check-in")?;
            let latest = known
                .iter()
                .filter(|c| c.on == last_day)
                .min_by_key(|c| (c.wellbeing, std::cmp::Reverse(c.id)))
                .ok_or("no check-in")?;
            if !cited.iter().any(|c| c.id == latest.id) {
                return Err(format!("the latest check-in, {}, is not cited", latest.id));
            }
            let since = latest.on - Duration::days(*usual_days);
            let mut earlier: Vec<u8> = Vec::new();
            for c in &known {
                if c.on < latest.on && c.on >= since {
                    if !cited.iter().any(|x| x.id == c.id) {
                        return Err(format!(
                            "check-in {} is part of the usual but not cited",
                            c.id
                        ));
                    }
                    earlier.push(c.wellbeing);
                }
            }
            if cited.len() != earlier.len() + 1 || earlier.len() < super::USUAL_MIN_RATINGS {
                return Err("the cited ratings are not the usual and the latest".into());
            }
            let count = earlier.len();
            let usual = super::median_tenths(&mut earlier).ok_or("no usual")?;
            if !in_window(latest.on, as_of, *within_days)
                || usual - i64::from(latest.wellbeing) * 10 < *by_tenths
            {
                return Err(format!(
                    "check-in {} is not far enough below the usual",
                    latest.id
                ));
            }
            Ok(Figures {
                value: i64::from(latest.wellbeing),
                count,
                date: latest.on,
                usual_tenths: usual,
                value_since: None,
            })
        }
        Condition::Absent {
            more_than_days,
            within_days,
        } => {
            let cited = cited_checkins()?;
            let [last] = cited.as_slice() else {
                return Err("one check-in must be cited".into());
            };
            if known.iter().any(|c| c.on > last.on) {
                return Err("a later check-in exists".into());
            }
            let ago = (as_of - last.on).num_days();
            if ago <= *more_than_days || !in_window(last.on, as_of, *within_days) {
                return Err(format!("the last check-in is {ago} days old"));
            }
            Ok(Figures {
                value: ago,
                count: 1,
                date: last.on,
                usual_tenths: 0,
                value_since: None,
            })
        }
        Condition::AbsentAfter {
            category,
            more_than_days,
            within_days,
        } => {
            let cited = cited_checkins()?;
            let [flagged] = cited.as_slice() else {
                return Err("one check-in must be cited".into());
            };
            if !flagged.stressors.iter().any(|(c, _)| c == category) {
                return Err(format!("check-in {} notes no {category}", flagged.id));
            }
            if let Some(after) = known.iter().find(|c| c.on > flagged.on) {
                return Err(format!("check-in {} on {} came since", after.id, after.on));
            }
            let ago = (as_of - flagged.on).num_days();
            if ago <= *more_than_days || !in_window(flagged.on, as_of, *within_days) {
                return Err(format!("the flag is {ago} days old"));
            }
            Ok(Figures {
                value: ago,
                count: 1,
                date: flagged.on,
                usual_tenths: 0,
                value_since: None,
            })
        }
        Condition::ReferralStale {
            statuses,
            consent,
            since,
            more_than_days,
            within_days,
        } => {
            let mut oldest: Option<(i64, NaiveDate)> = None;
            for e in &firing.evidence {
                let r = history
                    .referrals
                    .iter()
                    .find(|r| e.kind == "referral" && r.id == e.id)
                    .ok_or_else(|| format!("referral {} is not among the records", e.id))?;
                let step = r
                    .steps
                    .iter()
                    .rev()
                    .find(|s| s.on <= as_of)
                    .ok_or_else(|| format!("referral {} did not exist yet", r.id))?;
                let start = match since {
                    Since::Created => r.created_on,
                    Since::LastEvent => step.on,
                };
                let ago = (as_of - start).num_days();
                if !statuses.contains(&step.status)
                    || consent.is_some_and(|c| c != step.consent)
                    || ago <= *more_than_days
                    || !in_window(r.created_on, as_of, *within_days)
                {
                    return Err(format!("referral {} is not stale as claimed", r.id));
                }
                if oldest.is_none_or(|(days, _)| ago > days) {
                    oldest = Some((ago, r.created_on));
                }
            }
            let (value, date) = oldest.ok_or("no referral is cited")?;
            Ok(Figures {
                value,
                count: firing.evidence.len(),
                date,
                usual_tenths: 0,
                value_since: None,
            })
        }
        Condition::All(_) | Condition::Any(_) | Condition::SelfCheck { .. } => {
            Err("checked by evaluation".into())
        }
    }
}

#[cfg(test)]
mod tests {
    use rand::rngs::StdRng;
    use rand::seq::SliceRandom;
    use rand::{Rng, SeedableRng};

    use super::*;
    use crate::domain::stressors::Severity as StressorSeverity;
    use crate::rules::testing::{day, random_history};
    use crate::rules::{CheckinFacts, RuleSet, evaluate};

    /// What a firing says, without the ids records happened to get.
    fn said(firings: &[Firing]) -> Vec<(String, String, String)> {
        let mut out: Vec<_> = firings
            .iter()
            .map(|f| {
                (
                    f.rule.clone(),
                    f.severity.as_str().to_string(),
                    f.explanation.clone(),
                )
            })
            .collect();
        out.sort();
        out
    }

    /// Over many random histories and days: every firing's sentence re-derives true from
    /// the records, and writing the same records in another order (other ids) changes
    /// nothing that is said.
    #[test]
    fn every_explanation_re_derives_true_and_no_order_of_writing_changes_it() {
        let rules = RuleSet::builtin().unwrap();
        let mut rng = StdRng::seed_from_u64(12);
        let mut fired = 0;
        for _ in 0..3_000 {
            let history = random_history(&mut rng);
            let as_of = day(rng.gen_range(0..300));
            let firings = evaluate(&rules, &history, as_of);
            for firing in &firings {
                let rule = rules.get(&firing.rule).unwrap();
                if let Err(why) = verify(rule, firing, &history, as_of) {
                    panic!("{}: {why}\n{history:#?}\nas of {as_of}", firing.rule);
                }
                fired += 1;
            }
            let mut shuffled = history.clone();
            shuffled.checkins.shuffle(&mut rng);
            for (n, c) in shuffled.checkins.iter_mut().enumerate() {
                c.id = 1_000 + n as i64;
            }
            shuffled.referrals.shuffle(&mut rng);
            assert_eq!(
                said(&evaluate(&rules, &shuffled, as_of)),
                said(&firings),
                "{history:#?}"
            );
        }
        assert!(
            fired > 1_000,
            "only {fired} firings: the property says little"
        );
    }

    #[test]
    fn a_claim_the_records_contradict_is_caught() {
        let rules = RuleSet::builtin().unwrap();
        let history = History {
            checkins: vec![
                CheckinFacts {
                    id: 1,
                    on: day(0),
                    wellbeing: 4,
                    stressors: vec![("work.critical_incident".into(), StressorSeverity::High)],
                },
                CheckinFacts {
                    id: 2,
                    on: day(20),
                    wellbeing: 4,
                    stressors: Vec::new(),
                },
            ],
            ..History::default()
        };
        let rule = rules.get("critical-incident-followup").unwrap();
        // What the old evaluation said 279 days on, with check-ins after the incident.
        let stale = Firing {
            rule: rule.id.clone(),
            severity: rule.severity,
            value: 30,
            explanation:
                "critical incident noted on 01 Jan 2026 (30 days ago), no check-in since that day"
                    .into(),
            evidence: vec![crate::rules::Evidence {
                kind: "checkin",
                id: 1,
                date: day(0),
            }],
            figures: crate::rules::Figures {
                value: 30,
                count: 1,
                date: day(0),
                usual_tenths: 0,
                value_since: Some(day(0)),
            },
        };
        let why = verify(rule, &stale, &history, day(30)).unwrap_err();
        assert!(why.contains("came since"), "{why}");
        let low = rules.get("low-wellbeing").unwrap();
        let wrong = Firing {
            rule: low.id.clone(),
            severity: low.severity,
            value: 4,
            explanation: "latest wellbeing rating 4 of 5, on 01 Jan 2026 (30 days ago)".into(),
            evidence: vec![crate::rules::Evidence {
                kind: "checkin",
                id: 1,
                date: day(0),
            }],
            figures: crate::rules::Figures {
                value: 4,
                count: 1,
                date: day(0),
                usual_tenths: 0,
                value_since: None,
            },
        };
        assert!(verify(low, &wrong, &history, day(30)).is_err());
    }
}
