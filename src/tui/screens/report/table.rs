//! The report's table: one month's figures by unit (a ratatui `Table`), the total pinned to
//! its first line, fitted to the width; a hidden figure always reads "—", never a number.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Position, Rect};
use ratatui::text::{Line, Text};
use ratatui::widgets::{Cell, HighlightSpacing, Row, StatefulWidget, Table, TableState, Widget};

use super::{HIDDEN, Shown, figure_text, month_name, stack};
use crate::domain::text::sanitize;
use crate::report::{Figure, Month, ReportRow};
use crate::tui::list::ListCursor;
use crate::tui::record::stressor_title;
use crate::tui::theme::{Meaning, Theme};
use crate::tui::widgets;

/// A numeric column: two header lines and a width; its cells are right-aligned.
struct NumberColumn {
    head: [&'static str; 2],
    width: u16,
}

const NUMBERS: [NumberColumn; 6] = [
    NumberColumn {
        head: ["", "People"],
        width: 6,
    },
    NumberColumn {
        head: ["Checked", "in"],
        width: 7,
    },
    NumberColumn {
        head: ["", "Coverage"],
        width: 8,
    },
    NumberColumn {
        head: ["Referrals", "opened"],
        width: 9,
    },
    NumberColumn {
        head: ["", "closed"],
        width: 6,
    },
    NumberColumn {
        head: ["Days to", "accept"],
        width: 7,
    },
];

const GAP: u16 = 2;
/// The selected row's `▶ `, kept free on every row so the columns never move.
const MARKER: &str = "▶ ";
const MARKER_WIDTH: u16 = 2;
const UNIT_MIN: u16 = 10;
const UNIT_MAX: u16 = 28;
const STRESSORS_MIN: u16 = 14;
/// The table's two header lines.
const HEADER: u16 = 2;

/// How wide each column is at a width: the unit, as many numeric columns as fit beside
/// it, and the stressors (zero where they do not fit; the line under the table names
/// them instead).
struct Widths {
    unit: u16,
    /// The numeric columns shown (indices into `NUMBERS`, in its order).
    columns: Vec<usize>,
    stressors: u16,
}

/// Which numeric columns a narrow window keeps first: coverage (the report's point), then
/// the head count and check-ins it comes from, then the referrals.
const KEEP_FIRST: [usize; 6] = [2, 0, 1, 3, 4, 5];

impl Widths {
    fn at(width: u16) -> Self {
        let used = |n: usize| -> u16 {
            KEEP_FIRST[..n]
                .iter()
                .map(|&i| NUMBERS[i].width + GAP)
                .sum()
        };
        let mut numbers = NUMBERS.len();
        while numbers > 1 && MARKER_WIDTH + UNIT_MIN + used(numbers) > width {
            numbers -= 1;
        }
        let mut columns = KEEP_FIRST[..numbers].to_vec();
        columns.sort_unstable();
        let room = width.saturating_sub(MARKER_WIDTH + used(numbers));
        let unit = room.min(UNIT_MAX);
        let stressors = room.saturating_sub(unit + GAP);
        Self {
            unit,
            columns,
            stressors: if stressors >= STRESSORS_MIN {
                stressors
            } else {
                0
            },
        }
    }

    fn numbers(&self) -> Vec<&'static NumberColumn> {
        self.columns.iter().map(|&i| &NUMBERS[i]).collect()
    }

    fn constraints(&self) -> Vec<Constraint> {
        let stressors = (self.stressors > 0).then_some(self.stressors);
        std::iter::once(self.unit)
            .chain(self.numbers().iter().map(|c| c.width))
            .chain(stressors)
            .map(Constraint::Length)
            .collect()
    }

    /// How many columns follow the unit's.
    fn after_unit(&self) -> usize {
        self.columns.len() + usize::from(self.stressors > 0)
    }

    /// The width of every column after the unit's, with the gaps between them.
    fn after_unit_width(&self) -> u16 {
        let numbers: u16 = self.numbers().iter().map(|c| c.width + GAP).sum();
        let stressors = if self.stressors > 0 {
            self.stressors + GAP
        } else {
            0
        };
        (numbers + stressors).saturating_sub(GAP)
    }
}

/// The table for one month: its heading, the table itself and a line about the selected row.
pub(super) struct TableView<'a> {
    pub shown: &'a Shown,
    /// Position in the report's months of the month shown.
    pub month: usize,
    pub on_total: bool,
    pub cursor: ListCursor,
    pub theme: Theme,
    /// The month under way (the one the page was opened in), whose figures are so far.
    pub current: Month,
}

/// The parts of the table's area, top to bottom.
struct Areas {
    heading: Rect,
    /// The header, the total, then the units in view.
    table: Rect,
    detail: Rect,
}

fn areas(area: Rect) -> Areas {
    let [heading, table, detail] = stack(area, [1, area.height.saturating_sub(2), 1]);
    Areas {
        heading,
        table,
        detail,
    }
}

/// The table's height for `rows` lines under its header, with its heading and detail line.
pub(super) fn height_for(rows: u16) -> u16 {
    rows + HEADER + 2
}

/// The lines below the header: the total's, then a unit's each.
fn rows_area(area: Rect) -> Rect {
    let table = areas(area).table;
    let [_, rows] = stack(table, [HEADER, table.height.saturating_sub(HEADER)]);
    rows
}

/// How many units' rows are in view under the total.
pub(super) fn unit_lines(area: Rect) -> usize {
    usize::from(rows_area(area).height).saturating_sub(1)
}

/// Which line below the header is at `at`: 0 for the total, 1 for the first unit in view.
pub(super) fn line_at(area: Rect, at: Position) -> Option<usize> {
    let rows = rows_area(area);
    rows.contains(at).then(|| usize::from(at.y - rows.y))
}

impl Widget for &TableView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some(month) = self.shown.months.get(self.month) else {
            return;
        };
        let areas = areas(area);
        let width = areas.table.width;
        let so_far = if *month == self.current {
            " so far"
        } else {
            ""
        };
        let title = format!("{}{so_far}, by unit", month_name(*month));
        Line::styled(
            widgets::truncate(&title, usize::from(width)),
            self.theme.style(Meaning::Title),
        )
        .render(areas.heading, buf);

        let widths = Widths::at(width);
        let units = self.shown.unit_rows(self.month);
        // After a resize the selection may be off the rows this size has; it is drawn as if
        // scrolled to (the next key scrolls there for real).
        let in_view = unit_lines(area);
        let mut cursor = self.cursor;
        cursor.keep_visible(units.len(), in_view);
        let window = cursor.window(units.len(), in_view);
        let total = self.shown.total_row(self.month);
        // The total keeps the first line, so the page scrolls the units itself and the
        // table is given only the rows in view.
        let selected = if self.on_total {
            total.map(|_| 0)
        } else {
            cursor
                .selected
                .checked_sub(window.start)
                .filter(|_| cursor.selected < units.len())
                .map(|line| line + usize::from(total.is_some()))
        };
        let in_window = units.get(window).unwrap_or_default();
        let rows: Vec<Row> = total
            .into_iter()
            .chain(in_window.iter().copied())
            .enumerate()
            .map(|(line, row)| self.row(row, &widths, selected == Some(line)))
            .collect();
        let table = Table::new(rows, widths.constraints())
            .header(header(&widths).style(self.theme.style(Meaning::Muted)))
            .column_spacing(GAP)
            .highlight_symbol(MARKER)
            .highlight_spacing(HighlightSpacing::Always)
            .row_highlight_style(self.theme.style(Meaning::Selected));
        let mut state = TableState::default().with_selected(selected);
        StatefulWidget::render(&table, areas.table, buf, &mut state);

        let chosen = if self.on_total {
            total
        } else {
            units.get(cursor.selected).copied()
        };
        if let Some(row) = chosen {
            Line::styled(
                widgets::truncate(&self.detail(row), usize::from(width)),
                self.theme.style(Meaning::Muted),
            )
            .render(areas.detail, buf);
        }
    }
}

impl TableView<'_> {
    /// One row: the unit, then either its figures or why they are hidden.
    fn row(&self, row: &ReportRow, widths: &Widths, selected: bool) -> Row<'static> {
        let meaning = match (selected, row.is_total, row.is_hidden()) {
            (true, _, _) => Meaning::Selected,
            (false, true, _) => Meaning::Title,
            (false, false, true) => Meaning::Muted,
            (false, false, false) => Meaning::Text,
        };
        let unit = Cell::from(widgets::truncate(&unit_name(row), usize::from(widths.unit)));
        let cells: Vec<Cell> = if row.is_hidden() {
            let why = format!(
                "fewer than {} people: only the unit is shown",
                self.shown.k().get()
            );
            let span = u16::try_from(widths.after_unit()).unwrap_or(u16::MAX);
            vec![
                unit,
                Cell::from(widgets::truncate(
                    &why,
                    usize::from(widths.after_unit_width()),
                ))
                .column_span(span),
            ]
        } else {
            let figures = row_figures(row);
            let stressors = (widths.stressors > 0).then(|| {
                Cell::from(widgets::truncate(
                    &top_stressors(row),
                    usize::from(widths.stressors),
                ))
            });
            std::iter::once(unit)
                .chain(
                    figures
                        .into_iter()
                        .enumerate()
                        .filter(|(i, _)| widths.columns.contains(i))
                        .map(|(_, figure)| Cell::from(Line::from(figure).right_aligned())),
                )
                .chain(stressors)
                .collect()
        };
        Row::new(cells).style(self.theme.style(meaning))
    }

    /// The line under the table: the selected row's top stressors, or why it shows nothing.
    fn detail(&self, row: &ReportRow) -> String {
        let k = self.shown.k().get();
        if row.is_hidden() {
            return format!(
                "{}: fewer than {k} people, so nothing more is shown.",
                unit_name(row)
            );
        }
        let top = top_stressors(row);
        let why = if top == HIDDEN {
            format!(" (each flagged for fewer than {k} people)")
        } else {
            String::new()
        };
        format!("Top stressors, {}: {top}{why}", unit_name(row))
    }
}

/// The two header lines: each numeric column's name right-aligned over its figures.
fn header(widths: &Widths) -> Row<'static> {
    let two_lines = |first: &'static str, second: &'static str| {
        Text::from(vec![Line::from(first), Line::from(second)])
    };
    let stressors = (widths.stressors > 0).then(|| Cell::from(two_lines("", "Top stressors")));
    let cells: Vec<Cell> = std::iter::once(Cell::from(two_lines("", "Unit")))
        .chain(widths.numbers().iter().map(|column| {
            let [first, second] = column.head;
            Cell::from(two_lines(first, second).right_aligned())
        }))
        .chain(stressors)
        .collect();
    Row::new(cells).height(HEADER)
}

/// The figures of a row, in the numeric columns' order.
fn row_figures(row: &ReportRow) -> [String; 6] {
    [
        figure_text(row.headcount),
        figure_text(row.checked_in),
        percent_text(row.coverage),
        figure_text(row.opened),
        figure_text(row.closed),
        match row.median_days_to_accept {
            Figure::Empty => "none".into(),
            other => figure_text(other),
        },
    ]
}

fn percent_text(figure: Figure) -> String {
    match figure {
        Figure::Count(n) => format!("{n}%"),
        other => figure_text(other),
    }
}

fn unit_name(row: &ReportRow) -> String {
    if row.is_total {
        "All units".into()
    } else {
        sanitize(&row.unit).into_owned()
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
