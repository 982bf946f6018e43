//! The daily rules run on ordinary days: the generator's activity for a day written through
//! the app's own calls by the top of the chain, then the run timed.

use std::time::Instant;

use chrono::{Duration, NaiveDate};
use steady::desk::Passphrase;
use steady::desk::{CheckinDraftInput, Session, Unwatched, VaultPaths};
use steady::domain::Role;
use steady::domain::checkin::Visibility;
use steady::domain::clock::Clock;
use steady::domain::stressors::StressorFlag;

use crate::support::{median, ms, unlock};
use crate::{BenchResult, CHIEF, CHIEF_PASSPHRASE, DAILY_DAYS};

/// Adds the top-of-chain supervisor's account, unless a reused vault has it already.
pub(crate) fn add_chief(admin: &mut Session) -> BenchResult<()> {
    if admin.accounts()?.iter().any(|a| a.login == CHIEF) {
        return Ok(());
    }
    let top = admin
        .people_as(Role::Admin)?
        .into_iter()
        .find(|p| p.supervisor_id.is_none())
        .ok_or("the roster has no one at the top")?;
    admin.add_account_with(
        CHIEF,
        "supervisor,employee".parse().map_err(|e: String| e)?,
        Some(&top.employee_id),
        Some(Passphrase::new(CHIEF_PASSPHRASE)),
    )?;
    Ok(())
}

/// One check-in as the generator wrote it: who, the rating, the flags.
pub(crate) type DayCheckin = (String, u8, Vec<StressorFlag>);

/// The generator's activity on `DAILY_DAYS` days a year before `as_of` (the chain's
/// check-ins, weekday for weekday), to be written again on the days after `as_of`.
pub(crate) fn ordinary_days(
    admin: &Session,
    as_of: NaiveDate,
) -> BenchResult<Vec<Vec<DayCheckin>>> {
    let source = |i: i64| as_of + Duration::days(i - 364);
    let mut days: Vec<Vec<DayCheckin>> = vec![Vec::new(); DAILY_DAYS as usize];
    admin.for_each_checkin_fact(|employee_id, checkin| {
        if checkin.visibility != Visibility::Chain {
            return;
        }
        if let Some(i) = (1..=DAILY_DAYS).find(|i| source(*i) == checkin.facts.on) {
            days[(i - 1) as usize].push((
                employee_id.to_string(),
                checkin.facts.wellbeing,
                checkin
                    .facts
                    .stressors
                    .iter()
                    .map(|(category, severity)| StressorFlag {
                        category: category.clone(),
                        severity: *severity,
                    })
                    .collect(),
            ));
        }
    })?;
    Ok(days)
}

/// On each day after `as_of`: that day's check-ins written one by one through the app's
/// own calls (by the top of the chain, who may write about anyone), then the daily rules
/// run timed. The median milliseconds, and the median number of people it evaluated.
pub(crate) fn time_daily_runs(
    paths: &VaultPaths,
    admin: &mut Session,
    as_of: NaiveDate,
    days: &[Vec<DayCheckin>],
) -> BenchResult<(f64, usize)> {
    let mut chief = unlock(paths, CHIEF, CHIEF_PASSPHRASE)?;
    let (mut samples, mut evaluated) = (Vec::new(), Vec::new());
    for (i, checkins) in days.iter().enumerate() {
        let day = as_of + Duration::days(i as i64 + 1);
        chief.set_clock(Clock::on(day));
        for (employee_id, wellbeing, stressors) in checkins {
            chief.record_checkin(
                employee_id,
                CheckinDraftInput {
                    occurred_on: day,
                    wellbeing: *wellbeing,
                    visibility: None,
                    notes: String::new(),
                    follow_up_on: None,
                    stressors: stressors.clone(),
                },
            )?;
        }
        admin.set_clock(Clock::on(day));
        let started = Instant::now();
        let summary = admin.run_rules_daily(day, &mut Unwatched)?;
        samples.push(ms(started));
        if summary.full {
            return Err(format!("the daily run on {day} evaluated everyone").into());
        }
        evaluated.push(summary.evaluated as f64);
    }
    admin.set_clock(Clock::on(as_of));
    Ok((median(samples), median(evaluated) as usize))
}
