//! `steady purge` (retention of old notes and finished referrals) and `steady audit mine`
//! (who read or changed my records). Parses, confirms and prints; what goes is the desk's call.

use clap::Args;

use super::Global;
use super::output::{Failure, json, note, say, table};
use super::progress::Meter;
use super::prompt;
use crate::desk::{NOTES_RETENTION_DAYS, PurgeReport, REFERRAL_RETENTION_DAYS, Session, Unwatched};
use crate::domain::dates::today;

#[derive(Debug, Args)]
pub struct PurgeArgs {
    /// Only report what would be removed
    #[arg(long)]
    dry_run: bool,
    /// Blank the notes of check-ins older than this many days
    #[arg(long, value_name = "N", default_value_t = NOTES_RETENTION_DAYS)]
    notes_days: i64,
    /// Delete referrals that were closed or withdrawn more than this many days ago
    #[arg(long, value_name = "N", default_value_t = REFERRAL_RETENTION_DAYS)]
    referral_days: i64,
    /// Do not ask for confirmation (needed without a terminal)
    #[arg(long)]
    yes: bool,
}

/// `steady purge`: removes for good, so it asks first unless told `--yes`.
pub(super) fn purge(global: &Global, args: &PurgeArgs) -> Result<(), Failure> {
    let ask = !args.dry_run && !args.yes;
    if ask && !prompt::interactive() {
        return Err(Failure::usage(
            "purging cannot be undone: confirm at a terminal or pass --yes (see what would go with --dry-run); nothing was removed",
        ));
    }
    let on = today();
    let mut session = prompt::unlock(global)?;
    if ask {
        let plan = session.purge(
            on,
            args.notes_days,
            args.referral_days,
            true,
            &mut Unwatched,
        )?;
        for line in report_lines(&plan) {
            note(&line);
        }
        if plan.checkin_notes.is_empty() && plan.referrals.is_empty() {
            return Ok(());
        }
        if !prompt::confirm("Remove these for good? [y/N] ")? {
            note("Nothing was removed.");
            return Ok(());
        }
    }
    let mut meter = Meter::for_command(global.json);
    let report = session.purge(
        on,
        args.notes_days,
        args.referral_days,
        args.dry_run,
        &mut meter,
    )?;
    drop(meter);
    if global.json {
        return json(&report);
    }
    for line in report_lines(&report) {
        say!("{line}");
    }
    Ok(())
}

fn report_lines(report: &PurgeReport) -> [String; 2] {
    let verb = if report.dry_run {
        "Would remove"
    } else {
        "Removed"
    };
    let ids = |ids: &[i64]| {
        if ids.is_empty() {
            String::new()
        } else {
            let list: Vec<String> = ids.iter().map(ToString::to_string).collect();
            format!(": {}", list.join(", "))
        }
    };
    [
        format!(
            "{verb} the notes of {} check-in(s) dated before {}{}.",
            report.checkin_notes.len(),
            report.notes_before,
            ids(&report.checkin_notes)
        ),
        format!(
            "{verb} {} referral(s) that ended before {}{}.",
            report.referrals.len(),
            report.referrals_before,
            ids(&report.referrals)
        ),
    ]
}

/// `steady audit mine`: who else read or changed the records about this session's person.
pub(super) fn print_access_log(global: &Global, session: &Session) -> Result<(), Failure> {
    let entries = session.who_accessed_my_records()?;
    if global.json {
        return json(&entries);
    }
    if entries.is_empty() {
        note("No one else has read or changed your records.");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            vec![
                e.at.clone(),
                e.actor.clone(),
                e.action.clone(),
                e.detail.clone(),
            ]
        })
        .collect();
    table(&["when", "who", "what", "detail"], &rows);
    Ok(())
}
