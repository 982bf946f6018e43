//! The engagement report page: a year's check-in coverage as bars, one month's figures by unit.
//! Draws what the desk returned, already suppressed; never shows a hidden figure as a number.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::{Ctx, Reply};
use crate::domain::text::sanitize;
use crate::report::engagement::{
    BAND_PREFIX, CHECKED_IN, CLOSED, COVERAGE, HEADCOUNT, MEDIAN_ACCEPT, OPENED,
};
use crate::report::{EngagementReport, Figure, MinGroup, Month, ReportRow};
use crate::tui::keymap::{Command, Key};
use crate::tui::list::{self, ListCursor};
use crate::tui::record::stressor_title;
use crate::tui::state::{Action, Effect, State, View, Workspace};
use crate::tui::theme::{Meaning, Theme};
use crate::tui::widgets;

/// How a suppressed figure reads, in the chart and in the table.
pub const HIDDEN: &str = "—";

/// The page: the report once counted, which month the table shows, and the unit selected.
#[derive(Debug)]
pub struct ReportPage {
    /// The last month asked for (the month it was opened in).
    pub to: Month,
    pub status: ReportStatus,
    /// Position in the report's months of the month the table shows.
    pub month: usize,
    /// The month's total row is selected (it stays on the table's first line).
    pub on_total: bool,
    /// Over the units, which scroll under the total.
    pub cursor: ListCursor,
}

#[derive(Debug)]
pub enum ReportStatus {
    Counting,
    /// Why there is no report, as a sentence.
    Failed(String),
    Ready(Box<Shown>),
}

/// A report arranged for the screen: its months, and each month's rows.
#[derive(Debug)]
pub struct Shown {
    report: EngagementReport,
    months: Vec<Month>,
    /// Per month: the position in `report.rows` of the total row, then of each unit's row.
    by_month: Vec<MonthRows>,
    columns: Columns,
}

#[derive(Debug, Default)]
struct MonthRows {
    total: Option<usize>,
    units: Vec<usize>,
}

/// Where each figure the page shows sits in a row, by the report's column names.
#[derive(Debug, Default)]
struct Columns {
    headcount: Option<usize>,
    checked_in: Option<usize>,
    coverage: Option<usize>,
    opened: Option<usize>,
    closed: Option<usize>,
    median: Option<usize>,
    /// Stressor categories: column and title.
    stressors: Vec<(usize, String)>,
}

impl Columns {
    fn of(names: &[String]) -> Self {
        let mut columns = Columns::default();
        for (i, name) in names.iter().enumerate() {
            let slot = match name.as_str() {
                HEADCOUNT => &mut columns.headcount,
                CHECKED_IN => &mut columns.checked_in,
                COVERAGE => &mut columns.coverage,
                OPENED => &mut columns.opened,
                CLOSED => &mut columns.closed,
                MEDIAN_ACCEPT => &mut columns.median,
                band if band.starts_with(BAND_PREFIX) => continue,
                category => {
                    columns.stressors.push((i, stressor_title(category)));
                    continue;
                }
            };
            *slot = Some(i);
        }
        columns
    }
}

impl Shown {
    pub fn new(report: EngagementReport) -> Self {
        let months: Vec<Month> = report.from.through(report.to).collect();
        let mut by_month: Vec<MonthRows> = months.iter().map(|_| MonthRows::default()).collect();
        for (i, row) in report.rows.iter().enumerate() {
            let Some(at) = months.iter().position(|m| *m == row.month) else {
                continue;
            };
            if row.is_total {
                by_month[at].total = Some(i);
            } else {
                by_month[at].units.push(i);
            }
        }
        let columns = Columns::of(&report.columns);
        Self {
            report,
            months,
            by_month,
            columns,
        }
    }

    pub fn k(&self) -> MinGroup {
        self.report.k
    }

    /// The total row of the month at `at`.
    fn total_row(&self, at: usize) -> Option<&ReportRow> {
        let month = self.by_month.get(at)?;
        month.total.and_then(|i| self.report.rows.get(i))
    }

    /// The units' rows of the month at `at`, in the report's order.
    fn unit_rows(&self, at: usize) -> Vec<&ReportRow> {
        self.by_month.get(at).map_or_else(Vec::new, |month| {
            month
                .units
                .iter()
                .filter_map(|i| self.report.rows.get(*i))
                .collect()
        })
    }

    /// The month's coverage of all the units together, for the chart.
    fn total_coverage(&self, at: usize) -> Figure {
        self.by_month
            .get(at)
            .and_then(|m| m.total)
            .and_then(|i| self.report.rows.get(i))
            .map_or(Figure::Empty, |row| figure(row, self.columns.coverage))
    }

    fn unit_count(&self) -> usize {
        self.by_month.first().map_or(0, |m| m.units.len())
    }
}

fn figure(row: &ReportRow, column: Option<usize>) -> Figure {
    column
        .and_then(|i| row.figures.get(i))
        .copied()
        .unwrap_or(Figure::Empty)
}

/// A figure as a table cell says it; a suppressed one is always [`HIDDEN`].
pub fn figure_text(figure: Figure) -> String {
    match figure {
        Figure::Count(n) => usize::try_from(n).map_or_else(|_| n.to_string(), widgets::thousands),
        Figure::Days(d) if d.fract() == 0.0 => format!("{d:.0}"),
        Figure::Days(d) => format!("{d:.1}"),
        Figure::Empty => String::new(),
        Figure::Suppressed => HIDDEN.into(),
    }
}

fn percent_text(figure: Figure) -> String {
    match figure {
        Figure::Count(n) => format!("{n}%"),
        other => figure_text(other),
    }
}

/// The categories most often flagged, with how many people; "others —" where some are hidden.
fn top_stressors(row: &ReportRow, columns: &Columns) -> String {
    let mut shown: Vec<(u64, &str)> = Vec::new();
    let mut hidden = false;
    for (i, title) in &columns.stressors {
        match figure(row, Some(*i)) {
            Figure::Count(n) if n > 0 => shown.push((n, title)),
            Figure::Suppressed => hidden = true,
            _ => {}
        }
    }
    shown.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let mut parts: Vec<String> = shown
        .iter()
        .take(3)
        .map(|(n, title)| format!("{title} {n}"))
        .collect();
    if hidden && parts.is_empty() {
        return HIDDEN.into();
    }
    if hidden {
        parts.push(format!("others {HIDDEN}"));
    }
    if parts.is_empty() {
        "none flagged".into()
    } else {
        parts.join(", ")
    }
}

/// Opens the page, counting, and asks the desk for the twelve months up to this one.
pub fn open(today: NaiveDate) -> Reply {
    let to = Month::of(today);
    let page = ReportPage {
        to,
        status: ReportStatus::Counting,
        month: 0,
        on_total: true,
        cursor: ListCursor::default(),
    };
    Reply {
        effect: Effect::EngagementReport { to },
        ..Reply::push(View::Report(Box::new(page)))
    }
}

/// The desk's answer, for the page if it is still open (it may have been left meanwhile).
pub fn loaded(ws: &mut Workspace, result: Result<EngagementReport, String>) {
    let Some(View::Report(page)) = ws.views.last_mut() else {
        return;
    };
    page.status = match result {
        Ok(report) => {
            let shown = Shown::new(report);
            page.month = shown.months.len().saturating_sub(1);
            ReportStatus::Ready(Box::new(shown))
        }
        Err(problem) => ReportStatus::Failed(widgets::sentence(&problem)),
    };
    page.on_total = true;
    page.cursor = ListCursor::default();
}

static COMMANDS: [Command; 9] = [
    Command::new(
        &[Key::code(KeyCode::Left), Key::ch('h')],
        "earlier month",
        Action::Left,
    ),
    Command::new(
        &[Key::code(KeyCode::Right), Key::ch('l')],
        "later month",
        Action::Right,
    ),
    Command::new(&[Key::code(KeyCode::Esc)], "back", Action::Back),
    Command::quiet(
        &[Key::ch('j'), Key::code(KeyCode::Down)],
        "next unit",
        Action::Down,
    ),
    Command::quiet(
        &[Key::ch('k'), Key::code(KeyCode::Up)],
        "previous unit",
        Action::Up,
    ),
    list::PAGE_DOWN,
    list::PAGE_UP,
    list::FIRST,
    list::LAST,
];

pub fn commands() -> Vec<&'static Command> {
    COMMANDS.iter().collect()
}

pub fn update(page: &mut ReportPage, action: Action, ctx: &Ctx) -> Reply {
    if action == Action::Back {
        return Reply::back();
    }
    let ReportStatus::Ready(shown) = &page.status else {
        return Reply::none();
    };
    let areas = layout(ctx.page, shown);
    let last = shown.months.len().saturating_sub(1);
    let units = shown.unit_count();
    // The total keeps the first line; the units scroll in the rest.
    let rows = usize::from(areas.rows.height).saturating_sub(1).max(1);
    match action {
        Action::Left => page.month = page.month.saturating_sub(1),
        Action::Right => page.month = (page.month + 1).min(last),
        Action::Click { column, row } => {
            let at = Position::new(column, row);
            if areas.rows.contains(at) {
                match usize::from(row - areas.rows.y) {
                    0 => page.on_total = true,
                    line => {
                        if page.cursor.select_row(line - 1, units) {
                            page.on_total = false;
                        }
                    }
                }
            } else if let Some(month) = slot_at(&areas, shown.months.len(), column)
                && (areas.bars.contains(at)
                    || areas.values.contains(at)
                    || areas.months.contains(at))
            {
                page.month = month;
            }
        }
        Action::Up if !page.on_total && page.cursor.selected == 0 => page.on_total = true,
        Action::Down if page.on_total && units > 0 => page.on_total = false,
        Action::First => {
            page.on_total = true;
            page.cursor.navigate(&Action::First, units, rows);
        }
        Action::Scroll(_) => {
            page.cursor.navigate(&action, units, rows);
        }
        other => {
            if page.cursor.navigate(&other, units, rows) && units > 0 {
                page.on_total = false;
            }
        }
    }
    page.cursor.keep_visible(units, rows);
    Reply::none()
}

/// Where each part of the page goes.
struct Areas {
    title: Rect,
    legend: Rect,
    chart_heading: Rect,
    /// The figure above each bar.
    values: Rect,
    bars: Rect,
    months: Rect,
    table_heading: Rect,
    header: Rect,
    rows: Rect,
    detail: Rect,
    /// Columns before the first bar (for the 100% and 0% marks), and per month.
    gutter: u16,
    slot: u16,
}

fn legend_text(k: MinGroup) -> String {
    format!(
        "{HIDDEN} fewer than {} people; hidden so no one can be recognised, as is any figure that would give a hidden one away.",
        k.get()
    )
}

fn layout(area: Rect, shown: &Shown) -> Areas {
    let legend_lines = widgets::wrap_words(&legend_text(shown.k()), usize::from(area.width)).len();
    let legend_h = u16::try_from(legend_lines).unwrap_or(1);
    // Title, legend, chart heading, values, months, table heading, two header rows and the
    // detail line, with a blank line before each section where the window is tall enough;
    // the bars and the table share the rest, and the table keeps a few rows first.
    let gap = u16::from(area.height >= 20);
    let fixed = 8 + legend_h + 2 * gap;
    let spare = area.height.saturating_sub(fixed);
    let wanted = u16::try_from(shown.unit_count() + 1).unwrap_or(u16::MAX);
    let table_min = wanted.min(5);
    let bar_h = if spare >= table_min + 2 {
        (spare - table_min).clamp(2, 8)
    } else {
        spare / 2
    };
    let table_h = spare - bar_h;
    let mut y = area.y;
    let mut take = |h: u16| {
        let h = h.min(area.bottom().saturating_sub(y));
        let r = Rect::new(area.x, y, area.width, h);
        y += h;
        r
    };
    let title = take(1);
    let legend = take(legend_h);
    take(gap);
    let chart_heading = take(1);
    let values = take(1);
    let bars = take(bar_h);
    let months = take(1);
    take(gap);
    let table_heading = take(1);
    let header = take(2);
    // The line about the selected row follows the table's last row.
    let rows = take(table_h.min(wanted));
    let detail = take(1);
    let months_n = u16::try_from(shown.months.len().max(1)).unwrap_or(12);
    let gutter = if area.width >= 5 + 4 * months_n { 5 } else { 0 };
    let slot = ((area.width - gutter) / months_n).clamp(1, 7);
    Areas {
        title,
        legend,
        chart_heading,
        values,
        bars,
        months,
        table_heading,
        header,
        rows,
        detail,
        gutter,
        slot,
    }
}

/// The month whose bar is under `column`, if any.
fn slot_at(areas: &Areas, months: usize, column: u16) -> Option<usize> {
    let start = areas.bars.x + areas.gutter;
    let at = usize::from(column.checked_sub(start)? / areas.slot.max(1));
    (at < months).then_some(at)
}

const EIGHTHS: [&str; 9] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

fn put(frame: &mut Frame, area: Rect, x: u16, y: u16, text: &str, style: Style) {
    let at = Rect::new(x, y, area.right().saturating_sub(x), 1).intersection(area);
    if !at.is_empty() {
        frame.render_widget(Line::styled(text.to_string(), style), at);
    }
}

fn month_name(month: Month) -> String {
    month.first_day().format("%b %Y").to_string()
}

pub fn render(frame: &mut Frame, area: Rect, state: &State, page: &ReportPage) {
    let theme = state.theme;
    let width = usize::from(area.width);
    let (from, to) = match &page.status {
        ReportStatus::Ready(shown) => (shown.report.from, shown.report.to),
        _ => (
            page.to.back(crate::desk::DEFAULT_REPORT_MONTHS - 1),
            page.to,
        ),
    };
    let title = format!(
        "Engagement report · {} to {}",
        month_name(from),
        month_name(to)
    );
    let shown = match &page.status {
        ReportStatus::Ready(shown) => shown,
        other => {
            let (text, meaning) = match other {
                ReportStatus::Failed(problem) => (problem.clone(), Meaning::Text),
                _ => (
                    "Counting the last 12 months of check-ins and referrals…".to_string(),
                    Meaning::Muted,
                ),
            };
            let mut lines = vec![
                Line::styled(
                    widgets::truncate(&title, width),
                    theme.style(Meaning::Title),
                ),
                Line::raw(""),
            ];
            lines.extend(
                widgets::wrap_words(&text, width)
                    .into_iter()
                    .map(|l| Line::styled(l, theme.style(meaning))),
            );
            frame.render_widget(Paragraph::new(lines), area);
            return;
        }
    };
    let areas = layout(area, shown);
    let units = shown.unit_count();
    frame.render_widget(
        Line::styled(
            widgets::truncate(
                &format!(
                    "{title} · {}",
                    widgets::count(units as u64, "unit", "units")
                ),
                width,
            ),
            theme.style(Meaning::Title),
        ),
        areas.title,
    );
    let legend: Vec<Line> = widgets::wrap_words(&legend_text(shown.k()), width)
        .into_iter()
        .map(|l| Line::styled(l, theme.style(Meaning::Muted)))
        .collect();
    frame.render_widget(Paragraph::new(legend), areas.legend);
    render_chart(frame, &areas, theme, shown, page.month);
    render_table(frame, &areas, theme, shown, page);
}

fn render_chart(frame: &mut Frame, areas: &Areas, theme: Theme, shown: &Shown, selected: usize) {
    let muted = theme.style(Meaning::Muted);
    frame.render_widget(
        Line::styled(
            widgets::truncate(
                "Check-in coverage, all units: people with a check-in in the month",
                usize::from(areas.chart_heading.width),
            ),
            theme.style(Meaning::Title),
        ),
        areas.chart_heading,
    );
    let bars = areas.bars;
    if bars.height == 0 {
        return;
    }
    if areas.gutter > 0 && bars.height >= 2 {
        put(frame, bars, bars.x, bars.y, "100%", muted);
        put(frame, bars, bars.x, bars.bottom() - 1, "  0%", muted);
    }
    let bar_w = usize::from(areas.slot.saturating_sub(1).max(1));
    let whole = theme.style(Meaning::Text);
    for (i, month) in shown.months.iter().enumerate() {
        let offset = areas.gutter + areas.slot * u16::try_from(i).unwrap_or(u16::MAX);
        // The first column of each slot is the gap (and the selected month's marker).
        let gap_x = bars.x.saturating_add(offset);
        let x = gap_x + u16::from(areas.slot > 1);
        let coverage = shown.total_coverage(i);
        let value = match coverage {
            Figure::Count(n) => {
                let with_sign = format!("{n}%");
                if with_sign.width() <= bar_w {
                    with_sign
                } else {
                    n.to_string()
                }
            }
            Figure::Suppressed => HIDDEN.into(),
            _ => String::new(),
        };
        if value.width() <= bar_w {
            let pad = bar_w - value.width();
            put(
                frame,
                areas.values,
                x + u16::try_from(pad).unwrap_or(0),
                areas.values.y,
                &value,
                if i == selected { whole } else { muted },
            );
        }
        // A suppressed month has no bar at all: its "—" says why, never a height of zero.
        if let Figure::Count(n) = coverage {
            let rows = u64::from(bars.height);
            let mut eighths = (n.min(100) * rows * 8 + 50) / 100;
            if n > 0 {
                eighths = eighths.max(1);
            }
            for r in 0..rows {
                let fill = eighths.saturating_sub(r * 8).min(8);
                if fill == 0 {
                    break;
                }
                let y = bars.bottom() - 1 - u16::try_from(r).unwrap_or(0);
                let cell = EIGHTHS[usize::try_from(fill).unwrap_or(8)].repeat(bar_w);
                put(frame, bars, x, y, &cell, whole);
            }
        }
        let name = month.first_day().format("%b").to_string();
        let label = widgets::truncate(&name, bar_w);
        if i == selected {
            if areas.slot > 1 {
                put(frame, areas.months, gap_x, areas.months.y, "▶", whole);
            }
            put(
                frame,
                areas.months,
                x,
                areas.months.y,
                &label,
                theme.style(Meaning::Selected),
            );
        } else {
            put(frame, areas.months, x, areas.months.y, &label, muted);
        }
    }
}

/// A numeric column: two header lines and a width; its cells are right-aligned.
struct Column {
    head: [&'static str; 2],
    width: usize,
}

const NUMBERS: [Column; 6] = [
    Column {
        head: ["", "People"],
        width: 6,
    },
    Column {
        head: ["Checked", "in"],
        width: 7,
    },
    Column {
        head: ["", "Coverage"],
        width: 8,
    },
    Column {
        head: ["Referrals", "opened"],
        width: 9,
    },
    Column {
        head: ["", "closed"],
        width: 6,
    },
    Column {
        head: ["Days to", "accept"],
        width: 7,
    },
];

const GAP: usize = 2;
const MARKER: usize = 2;
const UNIT_MIN: usize = 10;
const UNIT_MAX: usize = 28;
const STRESSORS_MIN: usize = 14;

/// How many numeric columns fit beside a unit name, the unit's width, and the stressors'
/// (zero where they do not fit; the line under the table names them instead).
fn table_widths(width: usize) -> (usize, usize, usize) {
    let mut numbers = NUMBERS.len();
    let used = |n: usize| -> usize { NUMBERS[..n].iter().map(|c| c.width + GAP).sum() };
    while numbers > 1 && MARKER + UNIT_MIN + used(numbers) > width {
        numbers -= 1;
    }
    let room = width.saturating_sub(MARKER + used(numbers));
    let unit = room.min(UNIT_MAX);
    let stressors = room.saturating_sub(unit + GAP);
    let stressors = if stressors >= STRESSORS_MIN {
        stressors
    } else {
        0
    };
    (numbers, unit, stressors)
}

/// The figures of a row, in the numeric columns' order.
fn row_figures(row: &ReportRow, columns: &Columns) -> [String; 6] {
    [
        figure_text(figure(row, columns.headcount)),
        figure_text(figure(row, columns.checked_in)),
        percent_text(figure(row, columns.coverage)),
        figure_text(figure(row, columns.opened)),
        figure_text(figure(row, columns.closed)),
        match figure(row, columns.median) {
            Figure::Empty => "none".into(),
            other => figure_text(other),
        },
    ]
}

fn unit_name(row: &ReportRow) -> String {
    if row.is_total {
        "All units".into()
    } else {
        sanitize(&row.unit).into_owned()
    }
}

/// One table line: the unit, then either its figures or why they are hidden.
pub fn row_text(row: &ReportRow, shown: &Shown, width: usize, selected: bool) -> String {
    let (numbers, unit_w, stressors_w) = table_widths(width);
    let marker = if selected { "▶ " } else { "  " };
    let mut text = format!("{marker}{}", widgets::fit(&unit_name(row), unit_w));
    if row.is_hidden() {
        text.push_str(&format!(
            "  fewer than {} people: only the unit is shown",
            shown.k().get()
        ));
        return widgets::truncate(&text, width);
    }
    let figures = row_figures(row, &shown.columns);
    for (column, value) in NUMBERS[..numbers].iter().zip(figures.iter()) {
        text.push_str(&" ".repeat(GAP));
        text.push_str(&format!("{value:>w$}", w = column.width));
    }
    if stressors_w > 0 {
        text.push_str(&" ".repeat(GAP));
        text.push_str(&widgets::truncate(
            &top_stressors(row, &shown.columns),
            stressors_w,
        ));
    }
    widgets::truncate(&text, width)
}

fn header_lines(width: usize) -> [String; 2] {
    let (numbers, unit_w, stressors_w) = table_widths(width);
    let mut lines = [" ".repeat(MARKER + unit_w), " ".repeat(MARKER)];
    lines[1].push_str(&widgets::fit("Unit", unit_w));
    for column in &NUMBERS[..numbers] {
        for (line, head) in lines.iter_mut().zip(column.head) {
            line.push_str(&" ".repeat(GAP));
            line.push_str(&format!("{head:>w$}", w = column.width));
        }
    }
    if stressors_w > 0 {
        lines[1].push_str(&" ".repeat(GAP));
        lines[1].push_str("Top stressors");
    }
    lines.map(|l| widgets::truncate(l.trim_end(), width))
}

fn render_table(frame: &mut Frame, areas: &Areas, theme: Theme, shown: &Shown, page: &ReportPage) {
    let width = usize::from(areas.rows.width);
    let Some(month) = shown.months.get(page.month) else {
        return;
    };
    frame.render_widget(
        Line::styled(
            widgets::truncate(&format!("{}, by unit", month_name(*month)), width),
            theme.style(Meaning::Title),
        ),
        areas.table_heading,
    );
    let header: Vec<Line> = header_lines(width)
        .into_iter()
        .map(|l| Line::styled(l, theme.style(Meaning::Muted)))
        .collect();
    frame.render_widget(Paragraph::new(header), areas.header);
    if areas.rows.height == 0 {
        return;
    }
    let units = shown.unit_rows(page.month);
    let height = usize::from(areas.rows.height - 1);
    // After a resize the selection may be off the rows this size has; it is drawn as if
    // scrolled to (the next key scrolls there for real).
    let mut cursor = page.cursor;
    cursor.keep_visible(units.len(), height);
    let line = |row: &ReportRow, selected: bool| {
        let meaning = match (selected, row.is_total, row.is_hidden()) {
            (true, _, _) => Meaning::Selected,
            (false, true, _) => Meaning::Title,
            (false, false, true) => Meaning::Muted,
            (false, false, false) => Meaning::Text,
        };
        Line::styled(row_text(row, shown, width, selected), theme.style(meaning))
    };
    let total = shown.total_row(page.month);
    let lines: Vec<Line> = total
        .map(|row| line(row, page.on_total))
        .into_iter()
        .chain(
            cursor
                .window(units.len(), height)
                .map(|i| line(units[i], !page.on_total && i == cursor.selected)),
        )
        .collect();
    frame.render_widget(Paragraph::new(lines), areas.rows);
    let selected = if page.on_total {
        total
    } else {
        units.get(cursor.selected).copied()
    };
    if let Some(row) = selected {
        let detail = if row.is_hidden() {
            format!(
                "{}: fewer than {} people, so nothing more is shown.",
                unit_name(row),
                shown.k().get()
            )
        } else {
            let top = top_stressors(row, &shown.columns);
            let why = if top == HIDDEN {
                format!(" (each flagged for fewer than {} people)", shown.k().get())
            } else {
                String::new()
            };
            format!("Top stressors, {}: {top}{why}", unit_name(row))
        };
        frame.render_widget(
            Line::styled(
                widgets::truncate(&detail, width),
                theme.style(Meaning::Muted),
            ),
            areas.detail,
        );
    }
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::layout::Size;

    use super::*;
    use crate::tui::state::{Clock, VaultInfo};

    fn month(text: &str) -> Month {
        Month::parse(text).unwrap()
    }

    fn row(unit: &str, at: &str, figures: Vec<Figure>) -> ReportRow {
        ReportRow {
            unit: unit.into(),
            month: month(at),
            is_total: unit == crate::report::engagement::TOTAL_UNIT,
            figures,
        }
    }

    /// Two months; in May the small unit's figures and the total's coverage are suppressed,
    /// and another unit is hidden whole.
    fn report() -> EngagementReport {
        use Figure::{Count, Days, Empty, Suppressed};
        let columns = [
            HEADCOUNT,
            CHECKED_IN,
            COVERAGE,
            "work.workload",
            OPENED,
            CLOSED,
            MEDIAN_ACCEPT,
        ];
        let hidden = || vec![Suppressed; columns.len()];
        EngagementReport {
            from: month("2026-05"),
            to: month("2026-06"),
            k: MinGroup::default(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: vec![
                row(
                    "Open",
                    "2026-05",
                    vec![
                        Count(12),
                        Count(9),
                        Count(75),
                        Count(6),
                        Count(0),
                        Count(0),
                        Empty,
                    ],
                ),
                row(
                    "Quiet",
                    "2026-05",
                    vec![
                        Suppressed,
                        Suppressed,
                        Suppressed,
                        Suppressed,
                        Count(0),
                        Suppressed,
                        Suppressed,
                    ],
                ),
                row("Tiny", "2026-05", hidden()),
                row(
                    "all",
                    "2026-05",
                    vec![
                        Count(23),
                        Suppressed,
                        Suppressed,
                        Count(9),
                        Count(0),
                        Suppressed,
                        Days(3.5),
                    ],
                ),
                row(
                    "Open",
                    "2026-06",
                    vec![
                        Count(12),
                        Count(12),
                        Count(100),
                        Count(0),
                        Count(0),
                        Count(0),
                        Empty,
                    ],
                ),
                row("Quiet", "2026-06", hidden()),
                row("Tiny", "2026-06", hidden()),
                row(
                    "all",
                    "2026-06",
                    vec![
                        Count(23),
                        Count(20),
                        Count(87),
                        Count(0),
                        Count(0),
                        Count(0),
                        Empty,
                    ],
                ),
            ],
        }
    }

    fn draw(page: &ReportPage, width: u16, height: u16) -> Vec<String> {
        let clock = Clock {
            local: month("2026-06").first_day().and_hms_opt(9, 0, 0).unwrap(),
            unix: 0,
        };
        let state = State::new(
            VaultInfo {
                name: "Test vault".into(),
                demo: false,
            },
            15,
            Theme::MONOCHROME,
            clock,
            Size::new(width, height),
        );
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal
            .draw(|f| render(f, f.area(), &state, page))
            .unwrap();
        let buffer = terminal.backend().buffer();
        (0..height)
            .map(|y| {
                (0..width)
                    .map(|x| buffer[(x, y)].symbol().to_string())
                    .collect::<String>()
            })
            .collect()
    }

    fn page(selected: usize) -> ReportPage {
        ReportPage {
            to: month("2026-06"),
            status: ReportStatus::Ready(Box::new(Shown::new(report()))),
            month: selected,
            on_total: true,
            cursor: ListCursor::default(),
        }
    }

    fn words_of<'a>(lines: &'a [String], unit: &str) -> Vec<&'a str> {
        lines
            .iter()
            .find(|l| l.trim_start_matches(['▶', ' ']).starts_with(unit))
            .unwrap_or_else(|| panic!("no {unit} in {lines:#?}"))
            .split_whitespace()
            .filter(|w| *w != "▶")
            .collect()
    }

    #[test]
    fn suppressed_figures_read_as_a_dash_in_the_table_never_as_a_number() {
        for width in [60, 80, 140] {
            let lines = draw(&page(0), width, 30);
            let quiet = words_of(&lines, "Quiet");
            let expected = ["Quiet", "—", "—", "—", "0", "—", "—"];
            let shown = quiet.len().min(expected.len());
            assert_eq!(quiet[..shown], expected[..shown], "{width}: {lines:#?}");
            assert!(shown >= 4, "at least people to opened fit at {width}");
            if width >= 140 {
                assert_eq!(quiet[7..], ["—"], "its stressor is hidden too");
            }
            let tiny = words_of(&lines, "Tiny").join(" ");
            assert_eq!(tiny, "Tiny fewer than 5 people: only the unit is shown");
            let all = words_of(&lines, "All").join(" ");
            assert!(all.starts_with("All units 23 — — 0"), "{all}");
            let open = words_of(&lines, "Open").join(" ");
            assert!(open.starts_with("Open 12 9 75% 0"), "{open}");
        }
    }

    #[test]
    fn a_suppressed_month_has_a_dash_and_no_bar_and_a_shown_one_its_bar() {
        let lines = draw(&page(0), 80, 30);
        let values = lines
            .iter()
            .position(|l| l.starts_with("Check-in coverage"))
            .unwrap()
            + 1;
        let months = lines.iter().position(|l| l.contains("▶May")).unwrap();
        // Two months in 80 columns: the gutter, then a slot of 7 each (a gap, a bar of 6).
        let may = 5 + 1..5 + 7;
        let june = 5 + 8..5 + 14;
        let cells = |line: &str, range: std::ops::Range<usize>| -> String {
            line.chars().skip(range.start).take(range.len()).collect()
        };
        assert_eq!(cells(&lines[values], may.clone()).trim(), HIDDEN);
        assert_eq!(cells(&lines[values], june.clone()).trim(), "87%");
        for line in &lines[values + 1..months] {
            let bar = cells(line, may.clone());
            assert!(
                bar.chars().all(|c| c == ' '),
                "no bar at all for a suppressed month: {lines:#?}"
            );
        }
        // 87% of eight rows: seven full rows, the top one empty.
        let june_bar: Vec<String> = lines[values + 1..months]
            .iter()
            .map(|l| cells(l, june.clone()))
            .collect();
        assert_eq!(june_bar[0].trim(), "");
        assert!(june_bar[1..].iter().all(|c| c == "██████"), "{lines:#?}");
    }

    #[test]
    fn unit_names_reach_the_screen_without_control_characters() {
        let mut hostile = report();
        for row in &mut hostile.rows {
            if row.unit == "Open" {
                row.unit = "Open\u{1b}[2J\u{1b}]52;c;aGk=\u{7}\u{202e}x".into();
            }
        }
        let p = ReportPage {
            status: ReportStatus::Ready(Box::new(Shown::new(hostile))),
            ..page(0)
        };
        let lines = draw(&p, 100, 30);
        assert!(
            lines.iter().all(|l| !l.chars().any(char::is_control)),
            "{lines:#?}"
        );
        assert!(lines.iter().any(|l| l.contains("Open␛[2J")), "{lines:#?}");
        assert!(!lines.iter().any(|l| l.contains('\u{202e}')), "{lines:#?}");
    }

    #[test]
    fn months_move_within_the_report_and_units_within_the_table() {
        let mut p = page(1);
        let ctx = Ctx {
            body: Rect::new(2, 1, 76, 22),
            page: Rect::new(2, 1, 76, 21),
            today: month("2026-06").first_day(),
            crisis_lines: 0,
        };
        update(&mut p, Action::Right, &ctx);
        assert_eq!(p.month, 1, "June is the last month");
        update(&mut p, Action::Left, &ctx);
        update(&mut p, Action::Left, &ctx);
        assert_eq!(p.month, 0);
        update(&mut p, Action::Last, &ctx);
        assert_eq!((p.on_total, p.cursor.selected), (false, 2), "three units");
        update(&mut p, Action::First, &ctx);
        assert!(p.on_total);
        update(&mut p, Action::Down, &ctx);
        assert_eq!((p.on_total, p.cursor.selected), (false, 0));
        update(&mut p, Action::Up, &ctx);
        assert!(p.on_total, "up from the first unit reaches the total");
        // A click on a month's bar shows that month.
        let ReportStatus::Ready(shown) = &p.status else {
            unreachable!()
        };
        let areas = layout(ctx.page, shown);
        let june = areas.bars.x + areas.gutter + areas.slot + 1;
        let click = Action::Click {
            column: june,
            row: areas.bars.y,
        };
        update(&mut p, click, &ctx);
        assert_eq!(p.month, 1);
        assert!(matches!(
            update(&mut p, Action::Back, &ctx).nav,
            super::super::Nav::Back
        ));
    }
}
