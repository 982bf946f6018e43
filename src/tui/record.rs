//! How a record reads on screen (dates, stressors, referral words, timeline rows, the chart),
//! shared by the pages. Draws what it is given; all stored text passes through `sanitize`.

use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph};

use super::editor;
use super::theme::{Meaning, Theme};
use super::widgets;
use crate::domain::checkin::{Checkin, Visibility};
use crate::domain::referral::{Consent, Referral, Status, Urgency};
use crate::domain::stressors::{Severity, StressorCatalog, StressorFlag};
use crate::domain::text::sanitize;

pub(super) use crate::desk::{AuthorNames, ResourceNames, resource_name};

/// "30 Jun 2026": unambiguous in every locale, and the same width for every date.
pub(super) fn day(date: NaiveDate) -> String {
    date.format("%d %b %Y").to_string()
}

fn catalog() -> &'static StressorCatalog {
    static CATALOG: OnceLock<StressorCatalog> = OnceLock::new();
    CATALOG.get_or_init(StressorCatalog::builtin)
}

/// A stressor category's (or group's) title, e.g. "Sleep" for `health.sleep`.
pub(super) fn stressor_title(id: &str) -> String {
    let catalog = catalog();
    let title = catalog
        .get(id)
        .map(|c| c.title.as_str())
        .or_else(|| {
            catalog
                .groups
                .iter()
                .find(|g| g.id == id)
                .map(|g| g.title.as_str())
        })
        .unwrap_or(id);
    sanitize(title).into_owned()
}

/// What a resource helps with, named exactly as the check-in form names the stressors: a
/// whole group ("home") is its categories ("Family and relationships", "Caregiving"), in the
/// catalog's order; an id the catalog does not know is shown as it is.
pub(super) fn helps_with_titles(resource: &crate::domain::resources::Resource) -> Vec<String> {
    let catalog = catalog();
    let mut titles: Vec<String> = catalog
        .categories
        .iter()
        .filter(|c| resource.helps_with(&c.id))
        .map(|c| sanitize(&c.title).into_owned())
        .collect();
    titles.extend(
        resource
            .helps_with
            .iter()
            .filter(|h| !catalog.is_category_or_group(h))
            .map(|h| sanitize(h).into_owned()),
    );
    titles
}

/// Severity as a symbol as well as a word, so it survives `NO_COLOR`.
pub(super) fn severity_symbol(severity: Severity) -> &'static str {
    let glyphs = super::ascii::glyphs();
    match severity {
        Severity::High => glyphs.high,
        Severity::Moderate => glyphs.moderate,
        Severity::Low => glyphs.low,
    }
}

/// "● Sleep (high)".
pub(super) fn flag_text(flag: &StressorFlag) -> String {
    format!(
        "{} {} ({})",
        severity_symbol(flag.severity),
        stressor_title(&flag.category),
        flag.severity
    )
}

pub(super) fn flags_text(flags: &[StressorFlag]) -> String {
    if flags.is_empty() {
        return "no stressors noted".into();
    }
    flags.iter().map(flag_text).collect::<Vec<_>>().join(" · ")
}

/// A status as people say it: "in progress", not `in_progress`.
pub(super) fn status_words(status: Status) -> &'static str {
    match status {
        Status::Proposed => "proposed",
        Status::Accepted => "accepted",
        Status::Contacted => "contacted",
        Status::InProgress => "in progress",
        Status::Closed => "closed",
        Status::Withdrawn => "withdrawn",
    }
}

/// The queue's urgency column: a symbol for the urgent and the soon, blank for routine.
pub(super) fn urgency_symbol(urgency: Urgency) -> &'static str {
    let glyphs = super::ascii::glyphs();
    match urgency {
        Urgency::Urgent => glyphs.high,
        Urgency::Soon => glyphs.moderate,
        Urgency::Routine => " ",
    }
}

/// "● urgent", "◆ soon", "routine".
pub(super) fn urgency_text(urgency: Urgency) -> String {
    match urgency {
        Urgency::Routine => "routine".into(),
        other => format!("{} {other}", urgency_symbol(other)),
    }
}

pub(super) fn consent_text(consent: Consent) -> String {
    format!("consent {consent}")
}

/// "closed (completed)", "in progress", …
pub(super) fn referral_state(referral: &Referral) -> String {
    match referral.outcome {
        Some(outcome) => format!(
            "{} ({})",
            status_words(referral.status),
            outcome.as_str().replace('_', " ")
        ),
        None => status_words(referral.status).into(),
    }
}

pub(super) fn visibility_words(visibility: Visibility) -> &'static str {
    match visibility {
        Visibility::Chain => "the employee and the supervisors above them may read it",
        Visibility::Private => "only the author and the employee may read it",
    }
}

/// The first line of some stored text, made safe, in quotes; empty for no text.
pub(super) fn first_line(text: &str) -> String {
    match text.lines().map(str::trim).find(|l| !l.is_empty()) {
        Some(line) => format!("“{}”", sanitize(line)),
        None => String::new(),
    }
}

/// Stored text in full, each of its lines made safe and wrapped to `width`; long words are
/// split rather than cut, so nothing written is hidden.
pub(super) fn text_lines(text: &str, width: usize) -> Vec<String> {
    editor::wrap(text, width)
}

/// One row of a timeline: a check-in or a referral, by index into the record's lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Entry {
    Checkin(usize),
    Referral(usize),
}

/// Check-ins and referrals together, newest first (a check-in before a referral of the
/// same day: the referral usually followed the conversation).
pub(super) fn timeline(checkins: &[Checkin], referrals: &[Referral]) -> Vec<Entry> {
    let mut dated: Vec<(NaiveDate, u8, i64, Entry)> = checkins
        .iter()
        .enumerate()
        .map(|(i, c)| (c.occurred_on, 0, c.id, Entry::Checkin(i)))
        .chain(
            referrals
                .iter()
                .enumerate()
                .map(|(i, r)| (r.created_on, 1, r.id, Entry::Referral(i))),
        )
        .collect();
    dated.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2)));
    dated.into_iter().map(|(.., e)| e).collect()
}

/// Who a login is: their name where their account is a roster person, else the login.
pub(super) fn who(login: &str, authors: &AuthorNames) -> String {
    match authors.get(login) {
        Some(name) => sanitize(name).into_owned(),
        None => sanitize(login).into_owned(),
    }
}

/// Rows per timeline entry: a summary, then the detail under it.
pub(super) const ENTRY_ROWS: usize = 2;

/// The two rows of a check-in: when, rating, kind, visibility and author; then the
/// stressors and the first line of the notes.
pub(super) fn checkin_rows(c: &Checkin, authors: &AuthorNames) -> [String; 2] {
    let first = format!(
        "{}  check-in  wellbeing {} of 5 · {} · {} · by {}",
        day(c.occurred_on),
        c.wellbeing,
        c.kind.as_str(),
        c.visibility,
        who(&c.author, authors)
    );
    let notes = if c.notes_purged_on.is_some() {
        "(notes removed under the retention policy)".to_string()
    } else {
        first_line(&c.notes)
    };
    let mut second = format!("    {}", flags_text(&c.stressors));
    if !notes.is_empty() {
        second.push_str(" — ");
        second.push_str(&notes);
    }
    [first, second]
}

/// The two rows of a referral: when, resource and where it stands; then consent, urgency,
/// who proposed it and the first line of the reason.
pub(super) fn referral_rows(
    r: &Referral,
    names: &ResourceNames,
    authors: &AuthorNames,
) -> [String; 2] {
    let first = format!(
        "{}  referral  {} — {}",
        day(r.created_on),
        resource_name(names, &r.resource_id),
        referral_state(r)
    );
    let by = if r.self_referral {
        "a self-referral".to_string()
    } else {
        format!("by {}", who(&r.created_by, authors))
    };
    let mut second = format!(
        "    {} · {} · {by}",
        consent_text(r.consent),
        urgency_text(r.urgency)
    );
    let reason = first_line(&r.reason);
    if !reason.is_empty() {
        second.push_str(" — ");
        second.push_str(&reason);
    }
    [first, second]
}

pub(super) fn entry_rows(
    entry: Entry,
    checkins: &[Checkin],
    referrals: &[Referral],
    (names, authors): (&ResourceNames, &AuthorNames),
) -> [String; 2] {
    match entry {
        Entry::Checkin(i) => checkins.get(i).map(|c| checkin_rows(c, authors)),
        Entry::Referral(i) => referrals.get(i).map(|r| referral_rows(r, names, authors)),
    }
    .unwrap_or_default()
}

/// Draws timeline entries `shown` into `area`, two rows each, marking `selected` (if any).
pub(super) fn render_entries(
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
    rows: impl Iterator<Item = (bool, [String; 2])>,
) {
    let width = usize::from(area.width);
    let mut lines = Vec::new();
    for (selected, [first, second]) in rows {
        // Under a magnifier (below 56 columns) a check-in's row leaves out the word
        // "check-in" ("wellbeing" says what it is), so its rating is not what gets cut.
        let first = if width < 56 {
            first.replacen("  check-in  wellbeing", "  wellbeing", 1)
        } else {
            first
        };
        let (marker, style) = if selected {
            ("▶ ", theme.style(Meaning::Selected))
        } else {
            ("  ", theme.style(Meaning::Text))
        };
        lines.push(Line::styled(
            widgets::fit(&format!("{marker}{first}"), width),
            style,
        ));
        lines.push(Line::styled(
            widgets::truncate(&format!("  {second}"), width),
            if selected {
                style
            } else {
                theme.style(Meaning::Muted)
            },
        ));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// How far back the chart looks.
pub(super) const CHART_DAYS: i64 = 365;

/// The wellbeing chart: a dot per check-in over the twelve months to `as_of`, ratings 1 to
/// 5 up the side. Says so plainly when there is nothing to plot.
pub(super) fn render_chart(
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
    checkins: &[Checkin],
    as_of: NaiveDate,
) {
    let start = as_of - Duration::days(CHART_DAYS);
    let points: Vec<(f64, f64)> = checkins
        .iter()
        .filter(|c| c.occurred_on >= start && c.occurred_on <= as_of)
        .map(|c| {
            (
                (c.occurred_on - start).num_days() as f64,
                f64::from(c.wellbeing),
            )
        })
        .collect();
    let title = Line::styled("Wellbeing, last 12 months", theme.style(Meaning::Muted));
    if area.height < 4 {
        frame.render_widget(title, area);
        return;
    }
    let [title_area, chart_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    frame.render_widget(title, title_area);
    if points.is_empty() {
        frame.render_widget(
            Paragraph::new(
                widgets::wrap_words(
                    "No check-ins in the last 12 months.",
                    usize::from(chart_area.width),
                )
                .into_iter()
                .map(Line::raw)
                .collect::<Vec<_>>(),
            ),
            chart_area,
        );
        return;
    }
    let muted = theme.style(Meaning::Muted);
    let month = |d: NaiveDate| {
        let first = NaiveDate::from_ymd_opt(d.year(), d.month(), 1).unwrap_or(d);
        Span::styled(first.format("%b %Y").to_string(), muted)
    };
    let dataset = Dataset::default()
        .marker(Marker::Dot)
        .graph_type(GraphType::Scatter)
        .style(theme.style(Meaning::Title))
        .data(&points);
    let y_labels: Vec<Span> = if chart_area.height >= 7 {
        (1..=5)
            .map(|n| Span::styled(n.to_string(), muted))
            .collect()
    } else {
        vec![Span::styled("1", muted), Span::styled("5", muted)]
    };
    let chart = Chart::new(vec![dataset])
        .x_axis(
            Axis::default()
                .bounds([0.0, CHART_DAYS as f64])
                .labels([month(start), month(as_of)])
                .style(muted),
        )
        .y_axis(
            Axis::default()
                .bounds([1.0, 5.0])
                .labels(y_labels)
                .style(muted),
        );
    frame.render_widget(chart, chart_area);
}

/// A record's follow-up, if the latest check-in set one: when it is due, and that check-in.
pub(super) fn follow_up(checkins: &[Checkin]) -> Option<(NaiveDate, &Checkin)> {
    let latest = checkins.iter().max_by_key(|c| (c.occurred_on, c.id))?;
    Some((latest.follow_up_on?, latest))
}

/// The follow-up as a sentence, as it reads on `today`.
pub(super) fn follow_up_line(checkins: &[Checkin], today: NaiveDate) -> Option<String> {
    let (due, latest) = follow_up(checkins)?;
    let days = (due - today).num_days();
    let when = match days {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        d if d > 1 => format!("in {d} days"),
        d => format!("{} ago", widgets::count(d.unsigned_abs(), "day", "days")),
    };
    let verb = if days < 0 { "was due" } else { "due" };
    Some(format!(
        "Follow-up {verb} {when}, {} (set at the check-in on {}).",
        day(due),
        day(latest.occurred_on)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::checkin::CheckinKind;

    fn checkin(id: i64, on: &str, notes: &str) -> Checkin {
        Checkin {
            id,
            employee_id: "E3".into(),
            author: "m.vantongeren".into(),
            kind: CheckinKind::Supervisor,
            occurred_on: crate::domain::dates::parse_date(on).unwrap(),
            wellbeing: 2,
            visibility: Visibility::Chain,
            notes: notes.into(),
            follow_up_on: None,
            stressors: vec![StressorFlag {
                category: "health.sleep".into(),
                severity: Severity::High,
            }],
            version: 1,
            notes_purged_on: None,
        }
    }

    #[test]
    fn a_checkin_reads_as_two_rows_with_only_the_first_line_of_notes() {
        let checkin = checkin(1, "2026-06-20", "\n slept badly \nsecond line");
        let rows = checkin_rows(&checkin, &AuthorNames::new());
        assert_eq!(
            rows[0],
            "20 Jun 2026  check-in  wellbeing 2 of 5 · supervisor · chain · by m.vantongeren"
        );
        // A page names the author where their account is a roster person.
        let named = AuthorNames::from([("m.vantongeren".into(), "Vantongeren, Mara".into())]);
        assert!(
            checkin_rows(&checkin, &named)[0].ends_with("· by Vantongeren, Mara"),
            "{:?}",
            checkin_rows(&checkin, &named)
        );
        assert_eq!(rows[1], "    ● Sleep (high) — “slept badly”");
    }

    #[test]
    fn the_timeline_is_newest_first() {
        let checkins = [checkin(1, "2026-05-01", ""), checkin(2, "2026-06-01", "")];
        assert_eq!(
            timeline(&checkins, &[]),
            [Entry::Checkin(1), Entry::Checkin(0)]
        );
    }

    #[test]
    fn stored_text_in_full_keeps_its_lines_and_loses_its_escapes() {
        assert_eq!(
            text_lines("one\n\u{1b}[2Jtwo three", 5),
            ["one", "␛[2Jt", "wo", "three"]
        );
    }
}
