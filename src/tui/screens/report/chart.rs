//! The report's chart: a year's check-in coverage as one bar per month, with the selected
//! month marked; a hidden (suppressed) month is drawn as such, never as a height.

use super::*;

/// The month whose bar is under `column`, if any.
pub(super) fn slot_at(areas: &Areas, months: usize, column: u16) -> Option<usize> {
    let start = areas.bars.x + areas.gutter;
    let at = usize::from(column.checked_sub(start)? / areas.slot.max(1));
    (at < months).then_some(at)
}

pub(super) const EIGHTHS: [&str; 9] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

pub(super) fn put(frame: &mut Frame, area: Rect, x: u16, y: u16, text: &str, style: Style) {
    let at = Rect::new(x, y, area.right().saturating_sub(x), 1).intersection(area);
    if !at.is_empty() {
        frame.render_widget(Line::styled(text.to_string(), style), at);
    }
}

pub(super) fn month_name(month: Month) -> String {
    month.first_day().format("%b %Y").to_string()
}

pub(super) fn render_chart(
    frame: &mut Frame,
    areas: &Areas,
    theme: Theme,
    shown: &Shown,
    selected: usize,
) {
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
