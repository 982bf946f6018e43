//! The engagement report read as a table row by row, and the vault settings an admin may
//! change: the same desk calls as the full-screen app's pages.

use chrono::Datelike;

use super::console::{Console, Picked, Step};
use super::{Desk, calm};
use crate::desk::EngagementRequest;
use crate::domain::stressors::StressorCatalog;
use crate::report::engagement::Column;
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

fn column_words(column: Column<'_>) -> String {
    match column {
        Column::Headcount => "headcount".into(),
        Column::CheckedIn => "checked in".into(),
        Column::Coverage => "coverage percent".into(),
        Column::Stressor(id) => StressorCatalog::builtin()
            .get(id)
            .map_or_else(|| id.replace('_', " "), |c| c.title.to_lowercase()),
        Column::Opened => "referrals opened".into(),
        Column::Closed => "referrals closed".into(),
        Column::MedianDaysToAccept => "median days to accept".into(),
        Column::Band(band) => format!("self-checks {}", band.replace(['_', '.'], " ")),
    }
}

fn unit_words(row: &ReportRow) -> String {
    if row.is_total {
        "all units".to_string()
    } else {
        format!("unit {}", row.unit)
    }
}

/// One row in a sentence: the figures every row has, then the stressors and self-check
/// bands that counted anyone, then how many figures are hidden. Opening it reads them all.
fn row_line(row: &ReportRow) -> String {
    let head = format!("{}, {}", month_words(row.month), unit_words(row));
    if row.is_hidden() {
        return format!("{head}: hidden, fewer people than the report may show.");
    }
    let mut shown = Vec::new();
    let mut hidden = 0;
    for (column, f) in row.fields() {
        let always = matches!(
            column,
            Column::Headcount
                | Column::CheckedIn
                | Column::Coverage
                | Column::Opened
                | Column::Closed
                | Column::MedianDaysToAccept
        );
        match f {
            Figure::Suppressed => hidden += 1,
            Figure::Count(0) | Figure::Empty if !always => {}
            _ => shown.push(format!("{} {}", column_words(column), figure(f))),
        }
    }
    let mut text = format!("{head}: {}", shown.join(", "));
    if hidden > 0 {
        let figures = if hidden == 1 { "figure" } else { "figures" };
        text.push_str(&format!("; {hidden} {figures} hidden (too few people)"));
    }
    text.push('.');
    text
}

/// Every figure of one row, one line each.
fn read_row(console: &mut Console, row: &ReportRow) -> Step<()> {
    console.say(&format!("{}, {}.", month_words(row.month), unit_words(row)))?;
    for (column, f) in row.fields() {
        console.say(&format!("{}: {}.", column_words(column), figure(f)))?;
    }
    Ok(())
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
    // A month at a time, as the full-screen page shows it: each month's total first.
    let mut months: Vec<Month> = report.rows.iter().map(|r| r.month).collect();
    months.sort();
    months.dedup();
    let totals: Vec<String> = months
        .iter()
        .map(|m| {
            report
                .rows
                .iter()
                .find(|r| r.month == *m && r.is_total)
                .map_or_else(|| month_words(*m), row_line)
        })
        .collect();
    loop {
        let Picked::Item(m) = console.list("Months, each with all units", &totals, &[])? else {
            return Ok(());
        };
        let rows: Vec<&ReportRow> = report
            .rows
            .iter()
            .filter(|r| r.month == months[m])
            .collect();
        let lines: Vec<String> = rows.iter().map(|r| row_line(r)).collect();
        loop {
            let title = format!("Rows of {}", month_words(months[m]));
            match console.list_of(&title, "Row", &lines, &[])? {
                Picked::Item(i) => read_row(console, rows[i])?,
                Picked::Command(_) => break,
            }
        }
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
