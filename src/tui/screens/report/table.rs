//! The report's table: one month's figures by unit, fitted to the width, hidden figures as
//! "—".

use super::*;

/// A numeric column: two header lines and a width; its cells are right-aligned.
pub(super) struct Column {
    head: [&'static str; 2],
    width: usize,
}

pub(super) const NUMBERS: [Column; 6] = [
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

pub(super) const GAP: usize = 2;
pub(super) const MARKER: usize = 2;
pub(super) const UNIT_MIN: usize = 10;
pub(super) const UNIT_MAX: usize = 28;
pub(super) const STRESSORS_MIN: usize = 14;

/// How many numeric columns fit beside a unit name, the unit's width, and the stressors'
/// (zero where they do not fit; the line under the table names them instead).
pub(super) fn table_widths(width: usize) -> (usize, usize, usize) {
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
pub(super) fn row_figures(row: &ReportRow) -> [String; 6] {
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

pub(super) fn unit_name(row: &ReportRow) -> String {
    if row.is_total {
        "All units".into()
    } else {
        sanitize(&row.unit).into_owned()
    }
}

/// One table line: the unit, then either its figures or why they are hidden.
pub(super) fn row_text(row: &ReportRow, shown: &Shown, width: usize, selected: bool) -> String {
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
    let figures = row_figures(row);
    for (column, value) in NUMBERS[..numbers].iter().zip(figures.iter()) {
        text.push_str(&" ".repeat(GAP));
        text.push_str(&format!("{value:>w$}", w = column.width));
    }
    if stressors_w > 0 {
        text.push_str(&" ".repeat(GAP));
        text.push_str(&widgets::truncate(&top_stressors(row), stressors_w));
    }
    widgets::truncate(&text, width)
}

pub(super) fn header_lines(width: usize) -> [String; 2] {
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

pub(super) fn render_table(
    frame: &mut Frame,
    areas: &Areas,
    theme: Theme,
    shown: &Shown,
    page: &ReportPage,
) {
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
            let top = top_stressors(row);
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
