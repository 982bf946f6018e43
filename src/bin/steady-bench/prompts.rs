//! How good the prompts are: the synthetic plan's hidden truth replayed against the rules,
//! scored for precision, recall and load (`--prompts-only` scores the plan alone).

use std::collections::HashMap;
use std::time::Instant;

use chrono::NaiveDate;
use serde_json::{Map, Value, json};
use steady::domain::prompt_quality::{PromptQuality, PromptReplay, ReplayWindow};
use steady::domain::synthetic::{self, ActivityPlan, Calibration, CalibrationTally};
use steady::rules::RuleSet;

use crate::{Args, BenchResult, SEED, print_table};

/// `--prompts-only`: the synthetic plan's prompts and calibration, without a vault.
pub(crate) fn prompts_only(args: &Args, rules: &RuleSet, as_of: NaiveDate) -> BenchResult<()> {
    let mut out = Map::new();
    out.insert("people".into(), json!(args.people));
    out.insert("years".into(), json!(args.years));
    // The demo vault's roster: units depend only on each person's place in the chain.
    let units: Vec<String> = synthetic::workforce(args.people.max(20), SEED)
        .into_iter()
        .map(|row| row.unit)
        .collect();
    score_prompts(
        &mut out,
        &ActivityPlan::years_to(SEED, args.years, as_of),
        &units,
        rules,
    );
    if args.json {
        println!("{}", serde_json::to_string_pretty(&Value::Object(out))?);
    } else {
        print_table(&out);
    }
    Ok(())
}

/// Replays `rules` daily over the last year of `plan` for the people whose units (in
/// employee-id order, as the generator drew them) are `units`, and reports the prompt
/// figures and the calibration of what was replayed.
pub(crate) fn score_prompts(
    out: &mut Map<String, Value>,
    plan: &ActivityPlan,
    units: &[String],
    rules: &RuleSet,
) {
    let started = Instant::now();
    let (quality, calibration) = replay_plan(plan, units, rules);
    out.insert(
        "prompt_replay_s".into(),
        json!(started.elapsed().as_secs_f64()),
    );
    out.insert(
        "prompts_live_per_100".into(),
        json!(quality.prompts_live_per_100),
    );
    out.insert(
        "prompts_opened_per_100_month".into(),
        json!(quality.prompts_opened_per_100_month),
    );
    out.insert(
        "people_prompted_year_pct".into(),
        json!(quality.people_prompted_year_pct),
    );
    out.insert(
        "prompts_median_live_age_days".into(),
        json!(quality.prompts_median_live_age_days),
    );
    out.insert("prompt_precision".into(), json!(quality.prompt_precision));
    out.insert("prompt_recall".into(), json!(quality.prompt_recall));
    out.insert("prompt_window_end".into(), json!(plan.end.to_string()));
    out.insert("prompt_replay".into(), json!(quality));
    out.insert("synthetic_calibration".into(), json!(calibration));
}

pub(crate) fn replay_plan(
    plan: &ActivityPlan,
    units: &[String],
    rules: &RuleSet,
) -> (PromptQuality, Calibration) {
    let window = ReplayWindow::year_to(plan.end);
    let mut incidents: HashMap<&str, Vec<NaiveDate>> = HashMap::new();
    for unit in units {
        incidents
            .entry(unit.as_str())
            .or_insert_with(|| plan.incidents(unit));
    }
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = units.len().div_ceil(workers).max(1);
    let incidents = &incidents;
    let parts: Vec<(PromptReplay, CalibrationTally)> = std::thread::scope(|scope| {
        let handles: Vec<_> = units
            .chunks(chunk)
            .enumerate()
            .map(|(n, part)| {
                scope.spawn(move || {
                    let mut replay = PromptReplay::new(rules, window);
                    let mut tally = CalibrationTally::new(window.first, window.last);
                    for (offset, unit) in part.iter().enumerate() {
                        let index = n * chunk + offset;
                        // No resources: referrals are not replayed, and never change check-ins.
                        let history = plan.history(index, &incidents[unit.as_str()], 0);
                        replay.add(&history.checkins, &history.truth);
                        tally.add(&history);
                    }
                    (replay, tally)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let mut replay = PromptReplay::new(rules, window);
    let mut tally = CalibrationTally::new(window.first, window.last);
    for (part, part_tally) in parts {
        replay.merge(part);
        tally.merge(&part_tally);
    }
    (replay.finish(), tally.finish())
}
