//! How good the supervisor chain's prompts are against what really happened: replays the
//! rules day by day over synthetic histories whose truth is known, and scores them. Pure.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::synthetic::{PlannedCheckin, Truth};
use crate::rules::{self, Audience, CheckinFacts, Condition, History, RuleSet};

/// A prompt catches a decline episode if it is live within this many days of its start.
pub const CAUGHT_WITHIN_DAYS: i64 = 45;

/// The days a replay evaluates, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReplayWindow {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl ReplayWindow {
    /// The 365 days ending on `last`.
    pub fn year_to(last: NaiveDate) -> Self {
        Self {
            first: last - Duration::days(364),
            last,
        }
    }

    pub fn days(&self) -> i64 {
        (self.last - self.first).num_days() + 1
    }
}

/// The figures issue 12 asks of the prompts (and the counts behind them). A ratio with
/// nothing to divide is `None`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PromptQuality {
    pub people: u64,
    pub days: i64,
    /// People with a live prompt on an average day, per 100 people.
    pub prompts_live_per_100: f64,
    /// Prompts opened a month, per 100 people.
    pub prompts_opened_per_100_month: f64,
    /// People for whom a prompt opened at least once in the window, %.
    pub people_prompted_year_pct: f64,
    /// Over every live (person, day), the median days since that prompt opened.
    pub prompts_median_live_age_days: Option<f64>,
    /// Of openings with a low-wellbeing or decline reason, the share opened during a true
    /// decline episode.
    pub prompt_precision: Option<f64>,
    /// Of true decline episodes starting in the window at least 45 days before its end, the
    /// share with such a prompt live within 45 days of the start.
    pub prompt_recall: Option<f64>,
    pub openings: u64,
    pub rating_openings: u64,
    pub rating_openings_in_episode: u64,
    pub episodes_scored: u64,
    pub episodes_caught: u64,
    /// Openings listing each rule among their reasons.
    pub opened_by_rule: BTreeMap<String, u64>,
    /// Live person-days listing each rule among their reasons, per 100 people a day.
    pub live_per_100_by_rule: BTreeMap<String, f64>,
}

/// What the chain's rules say of one person on one day.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct DayStatus {
    /// Indexes into the replayed rules that fire.
    firing: Vec<usize>,
    /// Whether one of them reads wellbeing ratings (`latest` or `decline`).
    about_ratings: bool,
}

impl DayStatus {
    fn live(&self) -> bool {
        !self.firing.is_empty()
    }
}

/// Sums over people; [`PromptReplay::add`] adds one person, [`PromptReplay::merge`] another
/// replay's people (so a caller may split the work).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Tally {
    people: u64,
    live_person_days: u64,
    openings: u64,
    people_prompted: u64,
    /// Live person-days by the prompt's age in days.
    live_by_age: Vec<u64>,
    rating_openings: u64,
    rating_openings_in_episode: u64,
    episodes_scored: u64,
    episodes_caught: u64,
    /// By rule index.
    opened_by_rule: Vec<u64>,
    live_days_by_rule: Vec<u64>,
}

/// Replays the rules a supervisor chain sees, for every person on every day of a window.
#[derive(Clone, Debug)]
pub struct PromptReplay {
    rules: RuleSet,
    about_ratings: Vec<bool>,
    window: ReplayWindow,
    tally: Tally,
}

/// Whether `condition` reads wellbeing ratings anywhere inside it.
pub fn reads_ratings(condition: &Condition) -> bool {
    match condition {
        Condition::All(items) | Condition::Any(items) => items.iter().any(reads_ratings),
        Condition::Latest { .. } | Condition::Decline { .. } | Condition::BelowUsual { .. } => true,
        _ => false,
    }
}

impl PromptReplay {
    /// Replays those of `rules` whose audience includes the supervisor chain.
    pub fn new(rules: &RuleSet, window: ReplayWindow) -> Self {
        let rules = RuleSet {
            rules: rules
                .rules
                .iter()
                .filter(|r| r.audience.contains(&Audience::SupervisorChain))
                .cloned()
                .collect(),
        };
        let about_ratings = rules.rules.iter().map(|r| reads_ratings(&r.when)).collect();
        let count = rules.rules.len();
        Self {
            rules,
            about_ratings,
            window,
            tally: Tally {
                opened_by_rule: vec![0; count],
                live_days_by_rule: vec![0; count],
                ..Tally::default()
            },
        }
    }

    /// One person: the check-ins their supervisor chain may read, and their truth.
    pub fn add(&mut self, checkins: &[PlannedCheckin], truth: &Truth) {
        let window = self.window;
        let history = History {
            checkins: checkins
                .iter()
                .filter(|c| c.on <= window.last)
                .enumerate()
                .map(|(n, c)| CheckinFacts {
                    id: n as i64 + 1,
                    on: c.on,
                    wellbeing: c.wellbeing,
                    stressors: c
                        .stressors
                        .iter()
                        .map(|(category, severity)| (category.to_string(), *severity))
                        .collect(),
                })
                .collect(),
            ..History::default()
        };
        let before = window.first - Duration::days(1);
        let mut previous = self.status(&history, before);
        let mut opened_on = previous
            .live()
            .then(|| self.opened_before(&history, before));
        let days = window.days() as usize;
        let mut about_ratings_live = Vec::with_capacity(days);
        let mut prompted = false;
        let tally = &mut self.tally;
        for offset in 0..days {
            let day = window.first + Duration::days(offset as i64);
            let now = status(&self.rules, &self.about_ratings, &history, day);
            if now.live() && !previous.live() {
                prompted = true;
                opened_on = Some(day);
                tally.openings += 1;
                for &rule in &now.firing {
                    tally.opened_by_rule[rule] += 1;
                }
                if now.about_ratings {
                    tally.rating_openings += 1;
                    if truth.episodes.iter().any(|e| e.contains(day)) {
                        tally.rating_openings_in_episode += 1;
                    }
                }
            }
            if let (true, Some(opened)) = (now.live(), opened_on) {
                tally.live_person_days += 1;
                for &rule in &now.firing {
                    tally.live_days_by_rule[rule] += 1;
                }
                let age = (day - opened).num_days() as usize;
                if tally.live_by_age.len() <= age {
                    tally.live_by_age.resize(age + 1, 0);
                }
                tally.live_by_age[age] += 1;
            }
            about_ratings_live.push(now.live() && now.about_ratings);
            previous = now;
        }
        tally.people += 1;
        tally.people_prompted += u64::from(prompted);
        for episode in &truth.episodes {
            let from = (episode.start - window.first).num_days();
            if from < 0 || episode.start + Duration::days(CAUGHT_WITHIN_DAYS) > window.last {
                continue;
            }
            tally.episodes_scored += 1;
            let from = from as usize;
            let caught = about_ratings_live[from..=from + CAUGHT_WITHIN_DAYS as usize]
                .iter()
                .any(|live| *live);
            tally.episodes_caught += u64::from(caught);
        }
    }

    /// Adds the people another replay of the same rules and window has seen.
    pub fn merge(&mut self, other: PromptReplay) {
        let (a, b) = (&mut self.tally, other.tally);
        a.people += b.people;
        a.live_person_days += b.live_person_days;
        a.openings += b.openings;
        a.people_prompted += b.people_prompted;
        if a.live_by_age.len() < b.live_by_age.len() {
            a.live_by_age.resize(b.live_by_age.len(), 0);
        }
        for (mine, theirs) in a.live_by_age.iter_mut().zip(&b.live_by_age) {
            *mine += theirs;
        }
        a.rating_openings += b.rating_openings;
        a.rating_openings_in_episode += b.rating_openings_in_episode;
        a.episodes_scored += b.episodes_scored;
        a.episodes_caught += b.episodes_caught;
        for (mine, theirs) in a.opened_by_rule.iter_mut().zip(&b.opened_by_rule) {
            *mine += theirs;
        }
        for (mine, theirs) in a.live_days_by_rule.iter_mut().zip(&b.live_days_by_rule) {
            *mine += theirs;
        }
    }

    pub fn finish(&self) -> PromptQuality {
        let t = &self.tally;
        let days = self.window.days();
        let people = t.people.max(1) as f64;
        let person_days = people * days as f64;
        let months = days as f64 * 12.0 / 365.0;
        let ratio = |part: u64, whole: u64| (whole > 0).then(|| part as f64 / whole as f64);
        let by_rule = |counts: &[u64], scale: f64| -> BTreeMap<String, f64> {
            self.rules
                .rules
                .iter()
                .zip(counts)
                .map(|(rule, &n)| (rule.id.clone(), n as f64 * scale))
                .collect()
        };
        PromptQuality {
            people: t.people,
            days,
            prompts_live_per_100: 100.0 * t.live_person_days as f64 / person_days,
            prompts_opened_per_100_month: 100.0 * t.openings as f64 / people / months,
            people_prompted_year_pct: 100.0 * t.people_prompted as f64 / people,
            prompts_median_live_age_days: median_of_counts(&t.live_by_age),
            prompt_precision: ratio(t.rating_openings_in_episode, t.rating_openings),
            prompt_recall: ratio(t.episodes_caught, t.episodes_scored),
            openings: t.openings,
            rating_openings: t.rating_openings,
            rating_openings_in_episode: t.rating_openings_in_episode,
            episodes_scored: t.episodes_scored,
            episodes_caught: t.episodes_caught,
            opened_by_rule: by_rule(&t.opened_by_rule, 1.0)
                .into_iter()
                .map(|(id, n)| (id, n as u64))
                .collect(),
            live_per_100_by_rule: by_rule(&t.live_days_by_rule, 100.0 / person_days),
        }
    }

    fn status(&self, history: &History, day: NaiveDate) -> DayStatus {
        status(&self.rules, &self.about_ratings, history, day)
    }

    /// The day a prompt live on `day` opened: the first of the unbroken live days up to it.
    fn opened_before(&self, history: &History, day: NaiveDate) -> NaiveDate {
        // Nothing fires before the first check-in, so the walk back ends there.
        let earliest = history.checkins.iter().map(|c| c.on).min().unwrap_or(day);
        let mut opened = day;
        while opened > earliest && self.status(history, opened - Duration::days(1)).live() {
            opened -= Duration::days(1);
        }
        opened
    }
}

fn status(rules: &RuleSet, about_ratings: &[bool], history: &History, day: NaiveDate) -> DayStatus {
    let mut status = DayStatus::default();
    for firing in rules::evaluate(rules, history, day) {
        if let Some(index) = rules.rules.iter().position(|r| r.id == firing.rule) {
            status.firing.push(index);
            status.about_ratings |= about_ratings[index];
        }
    }
    status
}

/// The median of a multiset given as counts by value (value = index).
fn median_of_counts(counts: &[u64]) -> Option<f64> {
    let total: u64 = counts.iter().sum();
    if total == 0 {
        return None;
    }
    // The values at 0-based ranks (total - 1) / 2 and total / 2; equal when total is odd.
    let value_at = |rank: u64| -> usize {
        let mut seen = 0;
        for (value, &n) in counts.iter().enumerate() {
            seen += n;
            if seen > rank {
                return value;
            }
        }
        counts.len() - 1
    };
    Some((value_at((total - 1) / 2) + value_at(total / 2)) as f64 / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::stressors::Severity;
    use crate::domain::synthetic::{CourseKind, DeclineEpisode};

    const RULES: &str = r#"
[[rule]]
id = "low"
title = "Low"
severity = "attention"
audience = ["supervisor_chain"]
suggest = []
explain = "latest rating {value}"
when = { kind = "latest", at_most = 2, within_days = 365 }

[[rule]]
id = "busy"
title = "Stressors"
severity = "attention"
audience = ["supervisor_chain"]
suggest = []
explain = "{value} stressors"
when = { kind = "count", event = "stressor", within_days = 10, at_least = 1 }

[[rule]]
id = "mentor-only"
title = "Mentor"
severity = "attention"
audience = ["mentor"]
suggest = []
explain = "latest rating {value}"
when = { kind = "latest", at_most = 5, within_days = 365 }
"#;

    fn rules() -> RuleSet {
        rules::parse(RULES, &rules::Known::builtin()).unwrap()
    }

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Duration::days(n)
    }

    /// Days 0–99.
    fn window() -> ReplayWindow {
        ReplayWindow {
            first: day(0),
            last: day(99),
        }
    }

    fn checkin(on: i64, wellbeing: u8) -> PlannedCheckin {
        PlannedCheckin {
            on: day(on),
            wellbeing,
            stressors: Vec::new(),
            follow_up_on: None,
            is_follow_up: false,
        }
    }

    fn stressed(on: i64) -> PlannedCheckin {
        PlannedCheckin {
            stressors: vec![("work.workload", Severity::Moderate)],
            ..checkin(on, 4)
        }
    }

    fn truth(episodes: &[(i64, Option<i64>)]) -> Truth {
        Truth {
            course: if episodes.is_empty() {
                CourseKind::Steady
            } else {
                CourseKind::Declining
            },
            episodes: episodes
                .iter()
                .map(|&(start, end)| DeclineEpisode {
                    start: day(start),
                    end: end.map(day),
                    after_incident: None,
                })
                .collect(),
            incidents: Vec::new(),
        }
    }

    #[test]
    fn only_the_chains_rules_are_replayed_and_ratings_rules_are_known() {
        let replay = PromptReplay::new(&rules(), window());
        let ids: Vec<&str> = replay.rules.rules.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["low", "busy"]);
        assert_eq!(replay.about_ratings, [true, false]);
        let absent = Condition::Absent {
            more_than_days: 3,
            within_days: 30,
        };
        let nested = Condition::Any(vec![
            absent.clone(),
            Condition::All(vec![Condition::Decline {
                ratings: 3,
                within_days: 90,
                min_drop: 2,
            }]),
        ]);
        assert!(reads_ratings(&nested));
        assert!(!reads_ratings(&absent));
    }

    #[test]
    fn live_days_openings_and_ages_are_counted_per_person_and_day() {
        let mut replay = PromptReplay::new(&rules(), window());
        // Low from day 10 to day 29 (20 live days), then low again from day 90 to 99 (10).
        replay.add(
            &[checkin(10, 2), checkin(30, 4), checkin(90, 1)],
            &truth(&[(5, Some(40))]),
        );
        // Never prompted.
        replay.add(&[checkin(10, 4)], &truth(&[]));
        let q = replay.finish();
        assert_eq!(q.people, 2);
        assert_eq!(q.days, 100);
        assert_eq!(q.openings, 2);
        // 30 live person-days over 2 people × 100 days.
        assert!((q.prompts_live_per_100 - 15.0).abs() < 1e-9, "{q:?}");
        // 2 openings, 2 people, 100 days = 100 × 12 / 365 months.
        let expected = 100.0 * 2.0 / 2.0 / (100.0 * 12.0 / 365.0);
        assert!((q.prompts_opened_per_100_month - expected).abs() < 1e-9);
        assert!((q.people_prompted_year_pct - 50.0).abs() < 1e-9);
        // Ages 0..=19 and 0..=9: 30 values whose 15th and 16th are both 7.
        assert_eq!(q.prompts_median_live_age_days, Some(7.0));
        // The first opening falls in the episode, the second does not.
        assert_eq!((q.rating_openings, q.rating_openings_in_episode), (2, 1));
        assert_eq!(q.prompt_precision, Some(0.5));
        assert_eq!(q.opened_by_rule["low"], 2);
        assert_eq!(q.opened_by_rule["busy"], 0);
        assert!((q.live_per_100_by_rule["low"] - 15.0).abs() < 1e-9);
    }

    #[test]
    fn a_prompt_live_before_the_window_is_no_opening_and_keeps_its_age() {
        let mut replay = PromptReplay::new(&rules(), window());
        // Low since day -20; better on day 5.
        replay.add(&[checkin(-20, 2), checkin(5, 4)], &truth(&[]));
        let q = replay.finish();
        assert_eq!(q.openings, 0);
        assert_eq!(q.people_prompted_year_pct, 0.0);
        // Live on days 0–4, aged 20–24 days.
        assert_eq!(q.prompts_median_live_age_days, Some(22.0));
        assert_eq!(q.prompt_precision, None);
    }

    #[test]
    fn a_new_reason_joining_a_live_prompt_is_no_new_opening() {
        let mut replay = PromptReplay::new(&rules(), window());
        // Stressors from day 10 (live to day 20); a low rating on day 15 joins it.
        replay.add(
            &[stressed(10), checkin(15, 2), checkin(40, 4)],
            &truth(&[(0, None)]),
        );
        let q = replay.finish();
        assert_eq!(q.openings, 1);
        assert_eq!(q.opened_by_rule["busy"], 1);
        assert_eq!(q.opened_by_rule["low"], 0);
        // The opening's reasons hold no rating rule, so precision has nothing to score.
        assert_eq!(q.rating_openings, 0);
        assert_eq!(q.prompt_precision, None);
        // Live days 10–39: ages 0–29.
        assert_eq!(q.prompts_median_live_age_days, Some(14.5));
    }

    #[test]
    fn recall_counts_episodes_caught_within_45_days_of_their_start() {
        let mut replay = PromptReplay::new(&rules(), window());
        // Caught on day 45 = start + 45; the second starts too late to score (day 60 + 45 >
        // day 99); one before the window is not scored.
        replay.add(
            &[checkin(45, 2), checkin(50, 4)],
            &truth(&[(-30, Some(-5)), (0, Some(55)), (60, None)]),
        );
        // Missed: the low rating comes on day 56 for an episode from day 10.
        replay.add(&[checkin(56, 2)], &truth(&[(10, None)]));
        // A stressor prompt inside the episode does not catch it: it is not about ratings.
        replay.add(&[stressed(12)], &truth(&[(10, Some(50))]));
        let q = replay.finish();
        assert_eq!((q.episodes_scored, q.episodes_caught), (3, 1));
        assert_eq!(q.prompt_recall, Some(1.0 / 3.0));
        // Openings on day 45 (in the episode to day 55) and 56 (in the open episode).
        assert_eq!(q.prompt_precision, Some(1.0));
    }

    #[test]
    fn replays_split_and_merged_add_up_to_one() {
        let people: Vec<(Vec<PlannedCheckin>, Truth)> = vec![
            (
                vec![checkin(10, 2), checkin(30, 4)],
                truth(&[(5, Some(40))]),
            ),
            (vec![stressed(3), checkin(60, 1)], truth(&[])),
            (vec![checkin(-20, 2), checkin(5, 4)], truth(&[(50, None)])),
        ];
        let mut whole = PromptReplay::new(&rules(), window());
        for (c, t) in &people {
            whole.add(c, t);
        }
        let mut first = PromptReplay::new(&rules(), window());
        let mut second = PromptReplay::new(&rules(), window());
        first.add(&people[0].0, &people[0].1);
        second.add(&people[1].0, &people[1].1);
        second.add(&people[2].0, &people[2].1);
        first.merge(second);
        assert_eq!(first.finish(), whole.finish());
    }

    #[test]
    fn the_median_of_counts_handles_odd_even_and_empty() {
        assert_eq!(median_of_counts(&[]), None);
        assert_eq!(median_of_counts(&[0, 0]), None);
        assert_eq!(median_of_counts(&[1, 1, 1]), Some(1.0));
        assert_eq!(median_of_counts(&[2, 0, 0, 2]), Some(1.5));
        assert_eq!(median_of_counts(&[0, 0, 5]), Some(2.0));
    }
}
