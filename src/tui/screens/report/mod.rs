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

mod chart;
mod table;

use super::{Ctx, Reply};
use crate::domain::text::sanitize;
use crate::report::{EngagementReport, Figure, MinGroup, Month, ReportRow};
use crate::tui::keymap::{Command, Key};
use crate::tui::list::{self, ListCursor};
use crate::tui::record::stressor_title;
use crate::tui::state::{Action, Effect, State, View, Workspace};
use crate::tui::theme::{Meaning, Theme};
use crate::tui::widgets;
use chart::{month_name, render_chart, slot_at};
use table::render_table;

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
}

#[derive(Debug, Default)]
struct MonthRows {
    total: Option<usize>,
    units: Vec<usize>,
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
        Self {
            report,
            months,
            by_month,
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
            .map_or(Figure::Empty, |row| row.coverage)
    }

    fn unit_count(&self) -> usize {
        self.by_month.first().map_or(0, |m| m.units.len())
    }
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
fn top_stressors(row: &ReportRow) -> String {
    let mut shown: Vec<(u64, String)> = Vec::new();
    let mut hidden = false;
    for (category, figure) in &row.stressors {
        match figure {
            Figure::Count(n) if *n > 0 => shown.push((*n, stressor_title(category))),
            Figure::Suppressed => hidden = true,
            _ => {}
        }
    }
    shown.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
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

    /// A row from its figures in the order headcount, checked in, coverage, workload,
    /// opened, closed, median days to accept.
    fn row(unit: &str, at: &str, figures: [Figure; 7]) -> ReportRow {
        let [
            headcount,
            checked_in,
            coverage,
            workload,
            opened,
            closed,
            median,
        ] = figures;
        ReportRow {
            unit: unit.into(),
            month: month(at),
            is_total: unit == crate::report::engagement::TOTAL_UNIT,
            headcount,
            checked_in,
            coverage,
            stressors: vec![("work.workload".into(), workload)],
            opened,
            closed,
            median_days_to_accept: median,
            bands: Vec::new(),
        }
    }

    /// Two months; in May the small unit's figures and the total's coverage are suppressed,
    /// and another unit is hidden whole.
    fn report() -> EngagementReport {
        use Figure::{Count, Days, Empty, Suppressed};
        let hidden = [Suppressed; 7];
        EngagementReport {
            from: month("2026-05"),
            to: month("2026-06"),
            k: MinGroup::default(),
            rows: vec![
                row(
                    "Open",
                    "2026-05",
                    [
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
                    [
                        Suppressed,
                        Suppressed,
                        Suppressed,
                        Suppressed,
                        Count(0),
                        Suppressed,
                        Suppressed,
                    ],
                ),
                row("Tiny", "2026-05", hidden),
                row(
                    "all",
                    "2026-05",
                    [
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
                    [
                        Count(12),
                        Count(12),
                        Count(100),
                        Count(0),
                        Count(0),
                        Count(0),
                        Empty,
                    ],
                ),
                row("Quiet", "2026-06", hidden),
                row("Tiny", "2026-06", hidden),
                row(
                    "all",
                    "2026-06",
                    [
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
