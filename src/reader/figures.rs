//! The engagement report read as a table row by row, and the vault settings an admin may
//! change: the same desk calls as the full-screen app's pages.

use chrono::Datelike;

use super::console::{Console, Picked, Step};
use super::{Desk, calm};
use crate::desk::EngagementRequest;
use crate::report::{Figure, Month, ReportRow};

/// 1204 → "1,204".
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn figure(f: Figure) -> String {
    match f {
        Figure::Count(n) => grouped(n),
        Figure::Days(d) => format!("{d} days"),
        Figure::Empty => "none".into(),
        Figure::Suppressed => "hidden (too few people)".into(),
    }
}

fn month_words(month: Month) -> String {
    let day = month.first_day();
    format!("{} {}", day.format("%B"), day.year())
}

/// "November 2026, unit North: headcount 1,204, checked_in 300, …".
fn row_line(row: &ReportRow) -> String {
    let unit = if row.is_total {
        "all units".to_string()
    } else {
        format!("unit {}", row.unit)
    };
    if row.is_hidden() {
        return format!(
            "{}, {unit}: hidden, fewer people than the report may show.",
            month_words(row.month)
        );
    }
    let cells: Vec<String> = row
        .fields()
        .map(|(column, f)| format!("{} {}", column.name().replace('_', " "), figure(f)))
        .collect();
    format!("{}, {unit}: {}.", month_words(row.month), cells.join(", "))
}

pub(super) fn report(console: &mut Console, desk: &mut Desk) -> Step<()> {
    console.say("Working… counting the engagement report for the last twelve months.")?;
    let request = EngagementRequest::year_to(Month::of(desk.today()));
    let report = match desk.session.engagement_report(&request) {
        Ok(report) => report,
        Err(e) => return console.say(&format!("The report could not be made: {}.", calm(e))),
    };
    console.say(&format!(
        "Engagement report, {} to {}. Figures drawn from fewer than {} people are hidden.",
        month_words(report.from),
        month_words(report.to),
        report.k.get()
    ))?;
    let rows: Vec<String> = report.rows.iter().map(row_line).collect();
    match console.list_of("Rows", "Row", &rows, &[])? {
        Picked::Item(_) | Picked::Command(_) => Ok(()),
    }
}

pub(super) fn settings(console: &mut Console, desk: &mut Desk) -> Step<()> {
    loop {
        let all = match desk.session.settings() {
            Ok(all) => all,
            Err(e) => return console.say(&format!("The settings could not be read: {}.", calm(e))),
        };
        let lines: Vec<String> = all
            .iter()
            .map(|s| {
                format!(
                    "{}: {}{}. {}",
                    s.key,
                    s.value,
                    if s.set { "" } else { " (the default)" },
                    s.meaning
                )
            })
            .collect();
        let Picked::Item(i) = console.list("Vault settings", &lines, &[])? else {
            return Ok(());
        };
        let setting = &all[i];
        let Some(value) = console.field(
            &setting.key,
            &format!("default {}", setting.default),
            &setting.value,
        )?
        else {
            console.say("Unchanged.")?;
            continue;
        };
        if !console.confirm(&format!("Set {} to {value}?", setting.key))? {
            console.say("Unchanged.")?;
            continue;
        }
        match desk.session.set_setting(&setting.key, &value) {
            Ok(change) if change.changed => console.say(&format!(
                "Saved: {} is now {} (was {}).",
                change.key, change.to, change.from
            ))?,
            Ok(change) => console.say(&format!("{} was already {}.", change.key, change.to))?,
            Err(e) => console.say(&format!("Not saved: {}.", calm(e)))?,
        }
    }
}
