//! The report's chart: a year's check-in coverage as one bar per month (a ratatui
//! `BarChart`), the selected month marked; a hidden (suppressed) month is shown as such,
//! never as a height.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Widget};
use unicode_width::UnicodeWidthStr;

use super::{HIDDEN, Shown, stack};
use crate::report::{Figure, Month};
use crate::tui::theme::{Meaning, Theme};
use crate::tui::widgets;

const HEADING: &str = "Check-in coverage, all units: people with a check-in in the month";
/// Under the bars: each month's figure, then its name.
const LABEL_LINES: u16 = 2;
/// Room for "100%" and two spaces, left of the bars where the window is wide enough (the
/// second space lines the first bar up with the others, which have a gap before them).
const AXIS_WIDTH: u16 = 6;
/// The narrowest slot (bar and gap) for which the axis is worth its room.
const SLOT_WITH_AXIS: u16 = 4;
const SLOT_MAX: u16 = 7;
/// Under a bar at least this wide, each label is a column for the marker and three for
/// the text, so figures and names line up and the selected month reads `▶Jun`.
const LABEL_FIELD: u16 = 4;

/// The chart: its heading, then a bar per month of the report.
pub(super) struct ChartView<'a> {
    pub shown: &'a Shown,
    /// Position in the report's months of the month the table shows.
    pub selected: usize,
    pub theme: Theme,
}

/// How the months share the bars' width: each a bar, then a gap.
#[derive(Clone, Copy)]
struct Slots {
    bar: u16,
    gap: u16,
}

/// The parts of the chart's area.
struct Areas {
    heading: Rect,
    /// "100%" and "0%", beside the top and bottom rows of the bars.
    axis: Rect,
    /// The `BarChart`: the bars and, under them, their two label lines.
    bars: Rect,
    slots: Slots,
}

/// The chart's height for bars `rows` high.
pub(super) fn height_for(rows: u16) -> u16 {
    1 + rows + LABEL_LINES
}

fn areas(area: Rect, months: usize) -> Areas {
    let [heading, body] = stack(area, [1, area.height.saturating_sub(1)]);
    let n = u16::try_from(months.max(1)).unwrap_or(u16::MAX);
    let axis_width = if body.width >= AXIS_WIDTH + SLOT_WITH_AXIS.saturating_mul(n) {
        AXIS_WIDTH
    } else {
        0
    };
    let [axis, bars] =
        Layout::horizontal([Constraint::Length(axis_width), Constraint::Fill(1)]).areas(body);
    let slot = (bars.width / n).clamp(1, SLOT_MAX);
    Areas {
        heading,
        axis,
        bars,
        slots: Slots {
            bar: slot.saturating_sub(1).max(1),
            gap: u16::from(slot > 1),
        },
    }
}

/// The month whose bar (or figure, or name) is at `at`, if any: the same areas and slots
/// the chart is drawn with.
pub(super) fn month_at(area: Rect, months: usize, at: Position) -> Option<usize> {
    let Areas { bars, slots, .. } = areas(area, months);
    if !bars.contains(at) {
        return None;
    }
    let month = usize::from((at.x - bars.x) / (slots.bar + slots.gap));
    (month < months).then_some(month)
}

pub(super) fn month_name(month: Month) -> String {
    month.first_day().format("%b %Y").to_string()
}

impl Widget for &ChartView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let areas = areas(area, self.shown.months.len());
        Line::styled(
            widgets::truncate(HEADING, usize::from(areas.heading.width)),
            self.theme.style(Meaning::Title),
        )
        .render(areas.heading, buf);

        let bar_rows = areas.bars.height.saturating_sub(LABEL_LINES);
        if areas.axis.width > 0 && bar_rows >= 2 {
            let muted = self.theme.style(Meaning::Muted);
            let [top, _, bottom, _] =
                stack(areas.axis, [1, bar_rows.saturating_sub(2), 1, LABEL_LINES]);
            Line::styled("100%", muted).render(top, buf);
            Line::styled("  0%", muted).render(bottom, buf);
        }

        // Heights go to the chart in eighths of a row, so that a month with any coverage
        // at all shows at least a sliver, never what looks like none.
        let eighths = u64::from(bar_rows) * 8;
        let groups: Vec<BarGroup> = (0..self.shown.months.len())
            .map(|i| self.month_bar(i, areas.slots.bar, eighths))
            .collect();
        BarChart::grouped(groups)
            .bar_width(areas.slots.bar)
            .bar_gap(areas.slots.gap)
            .group_gap(0)
            .max(eighths.max(1))
            .bar_style(self.theme.style(Meaning::Text))
            .render(areas.bars, buf);
    }
}

impl ChartView<'_> {
    /// One month: a group of one bar, the figure under the bar and the month's name under
    /// the group, both centred.
    fn month_bar(&self, at: usize, width: u16, full: u64) -> BarGroup<'static> {
        let selected = at == self.selected;
        let coverage = self.shown.total_coverage(at);
        // A suppressed month has no bar at all: its "—" says why, never a height of zero.
        let height = match coverage {
            Figure::Count(n) if n > 0 => ((n.min(100) * full + 50) / 100).max(1),
            _ => 0,
        };
        let (figure, name) = if selected {
            (Meaning::Text, Meaning::Selected)
        } else {
            (Meaning::Muted, Meaning::Muted)
        };
        let bar = Bar::new(height)
            .label(Line::styled(value_text(coverage, width), self.theme.style(figure)).centered())
            // The figure goes under the bar, where a 0% or hidden month shows it too.
            .text_value(String::new());
        let month = self
            .shown
            .months
            .get(at)
            .map_or_else(String::new, |m| month_label(*m, selected, width));
        BarGroup::with_label(
            Line::styled(month, self.theme.style(name)).centered(),
            vec![bar],
        )
    }
}

/// A month's coverage as it fits under a bar `width` wide: "87%", or "87" where the sign
/// does not fit, or nothing; "—" for a hidden month.
fn value_text(coverage: Figure, width: u16) -> String {
    let text = match coverage {
        Figure::Count(n) => [format!("{n}%"), n.to_string()]
            .into_iter()
            .find(|text| text.width() <= usize::from(width))
            .unwrap_or_default(),
        Figure::Suppressed => HIDDEN.into(),
        Figure::Days(_) | Figure::Empty => String::new(),
    };
    if width >= LABEL_FIELD && text.width() < usize::from(LABEL_FIELD) {
        format!(" {text:>3}")
    } else {
        text
    }
}

/// A month's short name under a bar `width` wide; the selected month's begins with `▶`
/// where there is room for it.
fn month_label(month: Month, selected: bool, width: u16) -> String {
    let name = month.first_day().format("%b").to_string();
    let width = usize::from(width);
    if width >= usize::from(LABEL_FIELD) {
        let marker = if selected { "▶" } else { " " };
        format!("{marker}{name}")
    } else if selected && width >= 2 {
        // Narrow bars (a magnifier): the marker and the month's first letters.
        let marker = crate::tui::ascii::glyphs().marker;
        format!(
            "{marker}{}",
            name.chars().take(width - 1).collect::<String>()
        )
    } else {
        // "Ju", not "J…": two letters read better than one and a cut mark.
        name.chars().take(width).collect()
    }
}
