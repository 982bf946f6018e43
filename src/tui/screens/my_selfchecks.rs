//! My self-checks: one's own, newest first, with a chart of totals over time for one
//! instrument at a time; share, stop sharing or delete one. Asks the desk for every change.
//! One that could not be verified as one's own is listed as such, never charted or scored.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph};

use super::modal::{Confirmed, Modal};
use super::selfcheck::{self, catalog};
use super::selfcheck_reading::SelfCheckReading;
use super::{Ctx, Reply};
use crate::desk::{MySelfChecksPage, SelfCheckEntry, SelfCheckView};
use crate::domain::dates::parse_date;
use crate::domain::text::sanitize;
use crate::instruments::Instrument;
use crate::instruments::reading::{plain_band, short_name};
use crate::tui::keymap::{Command, Key};
use crate::tui::list::{self, ListCursor};
use crate::tui::record::day;
use crate::tui::state::{Action, Effect, Message, State, View, Workspace};
use crate::tui::theme::{Meaning, Theme};
use crate::tui::widgets;

#[derive(Debug)]
pub(crate) struct MySelfChecks {
    /// Newest first.
    pub checks: Vec<SelfCheckEntry>,
    /// Who a self-check shared now could be read by: "c.keller (Keller, Ines)".
    pub readers: Vec<String>,
    pub cursor: ListCursor,
    /// Which of the instruments taken the chart shows.
    pub chart: usize,
    /// Taken before a passphrase reset: sealed to the old key, so not listed.
    pub lost_to_reset: usize,
}

impl MySelfChecks {
    /// The instruments among the self-checks, in the catalog's order.
    pub(crate) fn instruments(&self) -> Vec<&'static Instrument> {
        let Ok(catalog) = catalog() else {
            return Vec::new();
        };
        catalog
            .list()
            .iter()
            .filter(|i| self.verified().any(|c| c.score.instrument == i.id()))
            .collect()
    }

    /// The self-checks verified as one's own: the only ones charted.
    fn verified(&self) -> impl Iterator<Item = &SelfCheckView> {
        self.checks.iter().filter_map(SelfCheckEntry::verified)
    }

    pub(crate) fn selected(&self) -> Option<&SelfCheckEntry> {
        self.checks.get(self.cursor.selected)
    }

    /// The chart follows the selected self-check's instrument (and stays as it is while
    /// one that could not be verified is selected).
    fn chart_selected(&mut self) {
        let Some(id) = self
            .selected()
            .and_then(SelfCheckEntry::verified)
            .map(|c| c.score.instrument.clone())
        else {
            return;
        };
        self.chart_instrument(&id);
    }

    fn chart_instrument(&mut self, id: &str) {
        if let Some(at) = self.instruments().iter().position(|i| i.id() == id) {
            self.chart = at;
        }
    }
}

/// The desk's answer: fresh data for the page already open, or a new page.
pub(crate) fn opened(ws: &mut Workspace, found: MySelfChecksPage) {
    let MySelfChecksPage {
        checks,
        readers,
        lost_to_reset,
    } = found;
    if let Some(View::MySelfChecks(page)) = ws.views.last_mut() {
        page.checks = checks;
        page.readers = readers;
        page.lost_to_reset = lost_to_reset;
        let len = page.checks.len();
        page.cursor.clamp(len);
        page.chart_selected();
        return;
    }
    let mut page = MySelfChecks {
        checks,
        readers,
        cursor: ListCursor::default(),
        chart: 0,
        lost_to_reset,
    };
    // The newest verified one's instrument, even if a newer one could not be verified.
    let newest = page.verified().next().map(|c| c.score.instrument.clone());
    if let Some(newest) = newest {
        page.chart_instrument(&newest);
    }
    page.chart_selected();
    ws.views.push(View::MySelfChecks(Box::new(page)));
}

static COMMANDS: [Command; 8] = [
    Command::new(&[Key::code(KeyCode::Enter)], "read again", Action::Open),
    Command::new(&[Key::ch('s')], "share", Action::Share),
    Command::new(&[Key::ch('u')], "stop sharing", Action::Unshare),
    Command::new(&[Key::ch('d')], "delete", Action::Remove),
    Command::new(&[Key::code(KeyCode::Right)], "chart another", Action::Right),
    Command::new(&[Key::ch('n')], "new self-check", Action::OpenSelfCheck),
    Command::new(&[Key::code(KeyCode::Esc)], "back", Action::Back),
    Command::quiet(
        &[Key::code(KeyCode::Left)],
        "chart the one before",
        Action::Left,
    ),
];

pub(crate) fn commands(page: &MySelfChecks) -> Vec<&'static Command> {
    let selected = page.selected();
    // Only one's verified self-checks can be sealed again; any can be deleted.
    let verified = selected.and_then(SelfCheckEntry::verified);
    let charts = page.instruments().len();
    COMMANDS
        .iter()
        .chain(list::LIST_MOVES.iter())
        .filter(|c| match c.action {
            Action::Open => verified.is_some(),
            Action::Share => verified.is_some_and(|s| !s.record.shared),
            Action::Unshare => verified.is_some_and(|s| s.record.shared),
            Action::Remove => selected.is_some(),
            Action::Right | Action::Left => charts > 1,
            _ => true,
        })
        .collect()
}

struct PageLayout {
    title: Rect,
    chart: Rect,
    heading: Rect,
    list: Rect,
}

fn layout(area: Rect, page: &MySelfChecks) -> PageLayout {
    let chart = if page.checks.is_empty() {
        0
    } else {
        (area.height / 2).clamp(4, 12)
    };
    let [title, _, chart, heading, list] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(chart),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(area);
    PageLayout {
        title,
        chart,
        heading,
        list,
    }
}

pub(crate) fn update(page: &mut MySelfChecks, action: Action, ctx: &Ctx) -> Reply {
    let areas = layout(ctx.page, page);
    let len = page.checks.len();
    if page
        .cursor
        .navigate(&action, len, usize::from(areas.list.height))
    {
        page.chart_selected();
        return Reply::none();
    }
    let charts = page.instruments().len().max(1);
    match action {
        Action::Back => Reply::back(),
        Action::OpenSelfCheck => selfcheck::start(),
        Action::Open => match page.selected().and_then(SelfCheckEntry::verified) {
            Some(check) => Reply::push(View::Page(Box::new(SelfCheckReading::new(check.clone())))),
            None => Reply::none(),
        },
        Action::Right => {
            page.chart = (page.chart + 1) % charts;
            Reply::none()
        }
        Action::Left => {
            page.chart = (page.chart + charts - 1) % charts;
            Reply::none()
        }
        Action::Click { column, row } if areas.list.contains(Position::new(column, row)) => {
            page.cursor.select_row(usize::from(row - areas.list.y), len);
            page.chart_selected();
            Reply::none()
        }
        Action::Share | Action::Unshare | Action::Remove => {
            let Some(check) = page.selected() else {
                return Reply::none();
            };
            let record = check.record();
            let id = record.id;
            match action {
                Action::Share if record.shared => Reply::say(Message::calm(
                    "That self-check is already shared with the wellness coordinators.",
                )),
                // What a coordinator reads cannot be unread: ask first.
                Action::Share if page.readers.is_empty() => Reply::say(Message::calm(
                    "No wellness coordinator can receive a shared self-check yet, so it stays private.",
                )),
                Action::Share => Reply::modal(Modal::confirm(
                    format!(
                        "Share your {} self-check of {} with the wellness coordinators — {}? They will be able to read your answers; you can stop sharing later.",
                        instrument_name(check),
                        taken_on(check),
                        sanitize(&page.readers.join(", "))
                    ),
                    "share",
                    Confirmed::ShareSelfCheck { id },
                )),
                Action::Unshare if !record.shared => Reply::say(Message::calm(
                    "That self-check is not shared: only you can read it.",
                )),
                Action::Unshare => Effect::UnshareSelfCheck(id).into(),
                _ => Reply::modal(Modal::confirm(
                    format!(
                        "Delete your {} self-check of {}? It cannot be brought back.",
                        instrument_name(check),
                        taken_on(check)
                    ),
                    "delete",
                    Confirmed::DeleteSelfCheck { id },
                )),
            }
        }
        _ => Reply::none(),
    }
}

/// "PHQ-9"; "unverified" for one that could not be verified, whose instrument is unknown.
fn instrument_name(check: &SelfCheckEntry) -> String {
    let Some(view) = check.verified() else {
        return "unverified".to_string();
    };
    catalog()
        .ok()
        .and_then(|c| c.get(&view.score.instrument))
        .map_or_else(|| sanitize(&view.score.instrument).into_owned(), short_name)
}

fn taken_on(check: &SelfCheckEntry) -> String {
    let taken_on = &check.record().taken_on;
    parse_date(taken_on).map_or_else(|_| sanitize(taken_on).into_owned(), day)
}

/// Column widths: taken, check, total, band (what is left), then who may read it.
const TAKEN: usize = 11;
const CHECK: usize = 7;
const TOTAL: usize = 15;
const READERS: usize = 7;
/// Below this width a row is the date, the check and its total.
const NARROW_BELOW: usize = TAKEN + CHECK + TOTAL + READERS + 4 * 2 + 8;

fn band_width(width: usize) -> usize {
    width
        .saturating_sub(TAKEN + CHECK + TOTAL + READERS + 4 * 2)
        .max(8)
}

/// "28 Jun 2026  PHQ-9    total   8 of 27  mild          private"; for one that could not be
/// verified, "28 Jun 2026  -        could not be verified …  private", with no result.
pub(crate) fn row_text(check: &SelfCheckEntry, width: usize) -> String {
    let readers = if check.record().shared {
        "shared"
    } else {
        "private"
    };
    let Some(view) = check.verified() else {
        return format!(
            "{}  {}  {}  {readers}",
            widgets::fit(&taken_on(check), TAKEN),
            widgets::fit("-", CHECK),
            widgets::fit(UNVERIFIED, TOTAL + 2 + band_width(width)),
        );
    };
    let instrument = catalog().ok().and_then(|c| c.get(&view.score.instrument));
    let high = instrument.map(|i| i.total_range().1);
    let total = match high {
        Some(high) => format!("{:>3} of {high}", view.score.total),
        None => format!("{:>3}", view.score.total),
    };
    if width < NARROW_BELOW {
        // A magnifier's 40 columns: date, check and total whole; band and sharing on the
        // self-check's own page.
        return format!(
            "{}  {}  {total}",
            widgets::fit(&taken_on(check), TAKEN),
            widgets::fit(&instrument_name(check), CHECK),
        );
    }
    format!(
        "{}  {}  {}  {}  {readers}",
        widgets::fit(&taken_on(check), TAKEN),
        widgets::fit(&instrument_name(check), CHECK),
        widgets::fit(&format!("total {total}"), TOTAL),
        widgets::fit(&plain_band(instrument, &view.score.band), band_width(width)),
    )
}

/// What a row says in place of the result of a self-check that could not be verified.
const UNVERIFIED: &str = "could not be verified: not signed by you";

fn render_chart(frame: &mut Frame, area: Rect, theme: Theme, page: &MySelfChecks) {
    let instruments = page.instruments();
    let Some(instrument) = instruments.get(page.chart) else {
        return;
    };
    let muted = theme.style(Meaning::Muted);
    let mut points: Vec<(chrono::NaiveDate, f64)> = page
        .verified()
        .filter(|c| c.score.instrument == instrument.id())
        .filter_map(|c| {
            parse_date(&c.record.taken_on)
                .ok()
                .map(|d| (d, f64::from(c.score.total)))
        })
        .collect();
    points.sort_by_key(|(d, _)| *d);
    let (Some(first), Some(last)) = (points.first().map(|p| p.0), points.last().map(|p| p.0))
    else {
        return;
    };
    let span = (last - first).num_days().max(1) as f64;
    let data: Vec<(f64, f64)> = points
        .iter()
        .map(|(d, total)| ((*d - first).num_days() as f64, *total))
        .collect();
    let which = if instruments.len() > 1 {
        format!(
            " · ←/→ another ({} of {})",
            page.chart + 1,
            instruments.len()
        )
    } else {
        String::new()
    };
    let [title, chart] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    frame.render_widget(
        Line::styled(
            widgets::truncate(
                &format!("{} totals over time{which}", short_name(instrument)),
                usize::from(area.width),
            ),
            muted,
        ),
        title,
    );
    let (low, high) = instrument.total_range();
    let line = Dataset::default()
        .marker(crate::tui::ascii::glyphs().chart_line)
        .graph_type(GraphType::Line)
        .style(theme.style(Meaning::Muted))
        .data(&data);
    let dots = Dataset::default()
        .marker(Marker::Dot)
        .graph_type(GraphType::Scatter)
        .style(theme.style(Meaning::Title))
        .data(&data);
    // One self-check sits in the middle of the axis, under its date.
    let (x_bounds, x_labels) = if first == last {
        (
            [-1.0, 1.0],
            vec![
                Span::raw(""),
                Span::styled(day(first), muted),
                Span::raw(""),
            ],
        )
    } else {
        (
            [0.0, span],
            vec![
                Span::styled(day(first), muted),
                Span::styled(day(last), muted),
            ],
        )
    };
    let chart_widget = Chart::new(vec![line, dots])
        .x_axis(
            Axis::default()
                .bounds(x_bounds)
                .labels(x_labels)
                .style(muted),
        )
        .y_axis(
            Axis::default()
                .bounds([f64::from(low), f64::from(high)])
                .labels([
                    Span::styled(low.to_string(), muted),
                    Span::styled(high.to_string(), muted),
                ])
                .style(muted),
        );
    frame.render_widget(chart_widget, chart);
}

pub(crate) fn render(frame: &mut Frame, area: Rect, state: &State, page: &MySelfChecks) {
    let theme = state.theme;
    let areas = layout(area, page);
    let width = usize::from(area.width);
    frame.render_widget(
        Line::styled(
            widgets::truncate(
                &format!(
                    "My self-checks ({}) — only you can read them, unless you share one",
                    page.checks.len()
                ),
                width,
            ),
            theme.style(Meaning::Title),
        ),
        areas.title,
    );
    if page.checks.is_empty() {
        let words = match page.lost_to_reset {
            0 => "You have not taken a self-check yet. Press n to take one; it takes a minute or two.".to_string(),
            lost => format!(
                "No self-checks to show. {} you took before your passphrase was reset {} sealed to your old key and cannot be opened again. Press n to take a new one.",
                widgets::count(lost as u64, "self-check", "self-checks"),
                if lost == 1 { "was" } else { "were" }
            ),
        };
        frame.render_widget(
            Paragraph::new(
                widgets::wrap_words(&words, width)
                    .into_iter()
                    .map(|l| Line::styled(l, theme.style(Meaning::Muted)))
                    .collect::<Vec<_>>(),
            ),
            areas.list,
        );
        return;
    }
    render_chart(frame, areas.chart, theme, page);
    let inner = width.saturating_sub(2);
    let heading = if inner < NARROW_BELOW {
        format!(
            "  {}  {}  Total",
            widgets::fit("Taken", TAKEN),
            widgets::fit("Check", CHECK)
        )
    } else {
        format!(
            "  {}  {}  {}  {}  {}",
            widgets::fit("Taken", TAKEN),
            widgets::fit("Check", CHECK),
            widgets::fit("Total", TOTAL),
            widgets::fit("Band", band_width(inner)),
            "Sharing"
        )
    };
    frame.render_widget(
        Line::styled(
            widgets::truncate(&heading, width),
            theme.style(Meaning::Muted),
        ),
        areas.heading,
    );
    let rows = usize::from(areas.list.height);
    let lines: Vec<Line> = page
        .cursor
        .window(page.checks.len(), rows)
        .map(|i| {
            let selected = i == page.cursor.selected;
            let (marker, meaning) = match (selected, page.checks[i].verified()) {
                (true, _) => ("▶ ", Meaning::Selected),
                (false, Some(_)) => ("  ", Meaning::Text),
                (false, None) => ("  ", Meaning::Alert),
            };
            Line::styled(
                widgets::fit(
                    &format!("{marker}{}", row_text(&page.checks[i], inner)),
                    width,
                ),
                theme.style(meaning),
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), areas.list);
}
