//! The engagement report page: a year's check-in coverage as bars, one month's figures by unit.
//! Draws what the desk returned, already suppressed; never shows a hidden figure as a number.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

mod chart;
mod table;

use super::{Ctx, Reply};
use crate::desk::{EngagementPage, EngagementRequest};
use crate::domain::text::sanitize;
use crate::report::{EngagementReport, Figure, MinGroup, Month, ReportRow};
use crate::tui::keymap::{Command, Key};
use crate::tui::list::{self, ListCursor};
use crate::tui::page::{Delivery, Loaded, Page, Task};
use crate::tui::state::{Action, Effect, State, User, View};
use crate::tui::theme::Meaning;
use crate::tui::widgets;
use chart::{ChartView, month_name};
use table::TableView;

/// How a suppressed figure reads, in the chart and in the table.
pub(crate) const HIDDEN: &str = "—";

/// The page: the report once counted, which month the table shows, and the unit selected.
#[derive(Debug)]
pub(crate) struct ReportPage {
    /// The last month asked for (the month it was opened in).
    pub to: Month,
    pub status: Loaded<Box<Shown>>,
    /// Position in the report's months of the month the table shows.
    pub month: usize,
    /// The month's total row is selected (it stays on the table's first line).
    pub on_total: bool,
    /// Over the units, which scroll under the total.
    pub cursor: ListCursor,
}

/// A report arranged for the screen: its months, and each month's rows.
#[derive(Debug)]
pub(crate) struct Shown {
    report: EngagementReport,
    /// The viewer's own unit, where the report counts them in it.
    own_unit: Option<String>,
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
    pub(crate) fn new(report: EngagementReport) -> Self {
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
            own_unit: None,
            months,
            by_month,
        }
    }

    /// As [`Shown::new`], saying the viewer is counted in `own_unit`.
    pub(crate) fn counting_you_in(mut self, own_unit: Option<String>) -> Self {
        self.own_unit = own_unit;
        self
    }

    pub(crate) fn k(&self) -> MinGroup {
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
pub(crate) fn figure_text(figure: Figure) -> String {
    match figure {
        Figure::Count(n) => usize::try_from(n).map_or_else(|_| n.to_string(), widgets::thousands),
        Figure::Days(d) if d.fract() == 0.0 => format!("{d:.0}"),
        Figure::Days(d) => format!("{d:.1}"),
        Figure::Empty => String::new(),
        Figure::Suppressed => HIDDEN.into(),
    }
}

/// Opens the page, counting, and asks the desk for the twelve months up to this one.
pub(crate) fn open(today: NaiveDate) -> Reply {
    let to = Month::of(today);
    let page = ReportPage {
        to,
        status: Loaded::Loading,
        month: 0,
        on_total: true,
        cursor: ListCursor::default(),
    };
    Reply {
        effect: Effect::Task(load(to)),
        ..Reply::push(View::Page(Box::new(page)))
    }
}

const COUNT: &str = "engagement report";

/// The twelve months up to `to`, over every unit the session may report on (the desk checks
/// which, and audits the run; counting may take a couple of seconds on a large roster).
fn load(to: Month) -> Task {
    Task::read_or(
        COUNT,
        Some(
            "no unit is open to you for reports: a supervisor's report covers only units whose people all report up to them",
        ),
        move |session| session.engagement_page(&EngagementRequest::year_to(to)),
    )
}

impl ReportPage {
    /// The desk's answer: the last month selected, its total row first.
    fn loaded(&mut self, result: Result<EngagementPage, String>) {
        self.status = match result {
            Ok(EngagementPage { report, own_unit }) => {
                let shown = Shown::new(report).counting_you_in(own_unit);
                self.month = shown.months.len().saturating_sub(1);
                Loaded::Ready(Box::new(shown))
            }
            Err(problem) => Loaded::Failed(widgets::sentence(&problem)),
        };
        self.on_total = true;
        self.cursor = ListCursor::default();
    }
}

impl Page for ReportPage {
    fn commands(&self, _: &User) -> Vec<&'static Command> {
        commands()
    }

    fn update(&mut self, action: Action, ctx: &Ctx, _: &User) -> Reply {
        update(self, action, ctx)
    }

    fn apply(&mut self, delivery: Delivery, _: &Ctx) -> Reply {
        if let Some(result) = delivery.take::<EngagementPage>() {
            self.loaded(result);
        }
        Reply::none()
    }

    fn render(&self, frame: &mut Frame, area: Rect, state: &State, _: bool) {
        render(frame, area, state, self);
    }
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

fn commands() -> Vec<&'static Command> {
    COMMANDS.iter().collect()
}

fn update(page: &mut ReportPage, action: Action, ctx: &Ctx) -> Reply {
    if action == Action::Back {
        return Reply::back();
    }
    let Loaded::Ready(shown) = &page.status else {
        return Reply::none();
    };
    let areas = layout(ctx.page, shown);
    let last = shown.months.len().saturating_sub(1);
    let units = shown.unit_count();
    // The total keeps the first line; the units scroll in the rest.
    let rows = table::unit_lines(areas.table).max(1);
    match action {
        Action::Left => page.month = page.month.saturating_sub(1),
        Action::Right => page.month = (page.month + 1).min(last),
        Action::Click { column, row } => {
            let at = Position::new(column, row);
            if let Some(line) = table::line_at(areas.table, at) {
                match line {
                    0 => page.on_total = true,
                    line => {
                        if page.cursor.select_row(line - 1, units) {
                            page.on_total = false;
                        }
                    }
                }
            } else if let Some(month) = chart::month_at(areas.chart, shown.months.len(), at) {
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
    chart: Rect,
    table: Rect,
}

fn legend_text(shown: &Shown) -> String {
    let mut text = format!(
        "{HIDDEN} fewer than {} people; hidden so no one can be recognised, as is any figure that would give a hidden one away.",
        shown.k().get()
    );
    // Home lists the people below a supervisor; whole units count them too.
    if let Some(unit) = &shown.own_unit {
        text.push_str(&format!(
            " Whole units are counted, so you are counted in {}.",
            sanitize(unit)
        ));
    }
    text
}

/// Splits `area` into rows of the given heights, top first. A row that does not fit gets
/// what is left, so a short window loses the bottom of the page, never its top.
fn stack<const N: usize>(area: Rect, heights: [u16; N]) -> [Rect; N] {
    let mut left = area.height;
    let fitted = heights.map(|wanted| {
        let height = wanted.min(left);
        left -= height;
        Constraint::Length(height)
    });
    Layout::vertical(fitted).areas(area)
}

fn layout(area: Rect, shown: &Shown) -> Areas {
    let legend_lines = widgets::wrap_words(&legend_text(shown), usize::from(area.width)).len();
    let legend_h = u16::try_from(legend_lines).unwrap_or(1);
    // The title, the legend, the chart's heading and two label lines, the table's heading,
    // its two header lines and the detail line under it, with a blank line before each
    // section where the window is tall enough; the bars and the table's rows share the
    // rest, and the table keeps a few rows first.
    let gap = u16::from(area.height >= 20);
    let fixed = chart::height_for(0) + table::height_for(0) + 1 + legend_h + 2 * gap;
    let spare = area.height.saturating_sub(fixed);
    let wanted = u16::try_from(shown.unit_count() + 1).unwrap_or(u16::MAX);
    let table_min = wanted.min(5);
    let bar_h = if spare >= table_min + 2 {
        (spare - table_min).clamp(2, 8)
    } else {
        spare / 2
    };
    let rows = (spare - bar_h).min(wanted);
    let [title, legend, _, chart, _, table] = stack(
        area,
        [
            1,
            legend_h,
            gap,
            chart::height_for(bar_h),
            gap,
            table::height_for(rows),
        ],
    );
    Areas {
        title,
        legend,
        chart,
        table,
    }
}

fn render(frame: &mut Frame, area: Rect, state: &State, page: &ReportPage) {
    let theme = state.theme;
    let width = usize::from(area.width);
    let (from, to) = match &page.status {
        Loaded::Ready(shown) => (shown.report.from, shown.report.to),
        _ => (
            page.to.back(crate::desk::DEFAULT_REPORT_MONTHS - 1),
            page.to,
        ),
    };
    // The month it was opened in is not over: its figures are so far.
    let so_far = if to == page.to { " so far" } else { "" };
    let title = format!(
        "Engagement report · {} to {}{so_far}",
        month_name(from),
        month_name(to)
    );
    let shown = match &page.status {
        Loaded::Ready(shown) => shown,
        other => {
            let (text, meaning) = match other {
                Loaded::Failed(problem) => (problem.clone(), Meaning::Text),
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
    let legend: Vec<Line> = widgets::wrap_words(&legend_text(shown), width)
        .into_iter()
        .map(|l| Line::styled(l, theme.style(Meaning::Muted)))
        .collect();
    frame.render_widget(Paragraph::new(legend), areas.legend);
    let chart = ChartView {
        shown,
        selected: page.month,
        theme,
    };
    frame.render_widget(&chart, areas.chart);
    let table = TableView {
        shown,
        month: page.month,
        on_total: page.on_total,
        cursor: page.cursor,
        theme,
        current: page.to,
    };
    frame.render_widget(&table, areas.table);
}

#[cfg(test)]
mod tests;
