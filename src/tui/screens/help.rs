//! The `?` overlay: the current screen's commands and the global keys, in a centred box.
//! Reads the same command lists as the footer and the keymap, so the three cannot drift.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::tui::keymap::{self, Command, Field, HelpEntry, Key};
use crate::tui::state::{Action, State};
use crate::tui::theme::Meaning;
use crate::tui::widgets;

/// `q` closes the overlay rather than quitting: it may cover a form with unsaved work.
static COMMANDS: [Command; 1] = [Command::new(
    &[Key::code(KeyCode::Esc), Key::ch('q')],
    "close",
    Action::Back,
)];

pub(crate) fn commands() -> Vec<&'static Command> {
    COMMANDS.iter().collect()
}

/// The overlay's rows: a heading, then (keys, what they do) pairs; `None` is a blank line.
pub(crate) fn rows(screen: &[&Command], field: Option<Field>) -> Vec<Option<HelpEntry>> {
    let (own, global) = keymap::help_entries(screen, field);
    let mut rows = vec![Some((String::new(), "On this screen"))];
    rows.extend(own.into_iter().map(Some));
    rows.push(None);
    rows.push(Some((String::new(), "Anywhere")));
    rows.extend(global.into_iter().map(Some));
    rows
}

/// The rows as lines, keys in a column as wide as the widest key.
fn lines_of(rows: &[Option<HelpEntry>], state: &State) -> Vec<Line<'static>> {
    let theme = state.theme;
    let key_width = rows
        .iter()
        .flatten()
        .map(|(k, _)| k.width())
        .max()
        .unwrap_or(0)
        + 3;
    rows.iter()
        .map(|row| match row {
            None => Line::raw(""),
            Some((keys, heading)) if keys.is_empty() => {
                Line::styled(*heading, theme.style(Meaning::Title))
            }
            Some((keys, label)) => Line::from(vec![
                Span::styled(widgets::fit(keys, key_width), theme.style(Meaning::Key)),
                Span::raw(*label),
            ]),
        })
        .collect()
}

/// One column for a narrow window: "Anywhere" first, then "On this screen", cut to `room`
/// lines with the last saying how many more there are.
fn narrow_lines(
    rows: &[Option<HelpEntry>],
    state: &State,
    (columns, room): (usize, usize),
) -> Vec<Line<'static>> {
    let split = rows.iter().position(Option::is_none).unwrap_or(rows.len());
    let (own, global) = rows.split_at(split);
    let mut ordered: Vec<Option<HelpEntry>> = global.get(1..).unwrap_or_default().to_vec();
    ordered.push(None);
    ordered.extend(own.iter().cloned());
    // A label too long for the window goes on under itself, beside no key.
    let mut lines: Vec<Line<'static>> = Vec::new();
    for line in lines_of(&ordered, state) {
        match line.spans.as_slice() {
            [key, label] if line.width() > columns => {
                let indent = key.content.width();
                let parts = widgets::wrap_words(&label.content, columns.saturating_sub(indent));
                for (i, part) in parts.into_iter().enumerate() {
                    let lead = if i == 0 {
                        key.clone()
                    } else {
                        Span::raw(" ".repeat(indent))
                    };
                    lines.push(Line::from(vec![lead, Span::raw(part)]));
                }
            }
            _ => lines.push(line),
        }
    }
    if lines.len() > room && room > 0 {
        let more = lines.len() - (room - 1);
        lines.truncate(room - 1);
        lines.push(Line::styled(
            format!("↓ {more} more in a wider window"),
            state.theme.style(Meaning::Muted),
        ));
    }
    lines
}

pub(crate) fn render(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    (screen, field): (&[&Command], Option<Field>),
) {
    let theme = state.theme;
    let rows = rows(screen, field);
    // One column if it fits; otherwise this screen's keys beside the global ones.
    let mut columns: Vec<Vec<Line>> = if rows.len() + 2 <= usize::from(area.height) {
        vec![lines_of(&rows, state)]
    } else {
        let split = rows.iter().position(Option::is_none).unwrap_or(rows.len());
        let (own, global) = rows.split_at(split);
        vec![lines_of(own, state), lines_of(&global[1..], state)]
    };
    let gap = 3;
    let widths_of = |columns: &[Vec<Line>]| -> Vec<usize> {
        columns
            .iter()
            .map(|c| c.iter().map(Line::width).max().unwrap_or(0))
            .collect()
    };
    let mut widths = widths_of(&columns);
    if columns.len() > 1 && widths.iter().sum::<usize>() + gap + 4 > usize::from(area.width) {
        // Too narrow for two columns (a magnifier): one, the keys that work anywhere
        // first (help now among them), then this screen's, as many as fit.
        let room = usize::from(area.height).saturating_sub(2);
        columns = vec![narrow_lines(
            &rows,
            state,
            (usize::from(area.width).saturating_sub(4), room),
        )];
        widths = widths_of(&columns);
    }
    let width = widths.iter().sum::<usize>() + gap * (widths.len() - 1) + 4;
    let height = columns.iter().map(Vec::len).max().unwrap_or(0) + 2;
    let popup = widgets::centered(
        area,
        u16::try_from(width).unwrap_or(u16::MAX),
        u16::try_from(height).unwrap_or(u16::MAX),
    );
    let block = Block::bordered()
        .title_top(Line::styled(" Keys ", theme.style(Meaning::Title)))
        .title_bottom(Line::from(vec![
            Span::raw(" "),
            Span::styled("Esc", theme.style(Meaning::Key)),
            Span::raw(" close "),
        ]));
    let inner = block.inner(popup).inner(ratatui::layout::Margin::new(1, 0));
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    let mut x = inner.x;
    for (lines, w) in columns.into_iter().zip(widths) {
        let w = u16::try_from(w).unwrap_or(u16::MAX);
        let column = Rect::new(
            x,
            inner.y,
            w.min(inner.right().saturating_sub(x)),
            inner.height,
        );
        frame.render_widget(Paragraph::new(lines), column);
        x = x.saturating_add(w + gap as u16);
    }
}
