//! Help, right now: crisis lines from every screen (`!`, F1), the vault's after login, the seed's
//! before. Opening it performs no effect, so nothing about it is logged, stored or sent.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::domain::resources::{self, Resource};
use crate::domain::text::sanitize;
use crate::tui::keymap::{Command, Key};
use crate::tui::state::Action;
use crate::tui::theme::{Meaning, Theme};
use crate::tui::widgets;

pub(crate) const TITLE: &str = "Help, right now";

/// Said first whatever the catalog holds.
const DANGER: &str = "If you or someone is in immediate danger: call 911.";
/// Said last, always.
pub(crate) const REASSURANCE: &str = "Nothing here tells anyone you looked.";

/// The crisis lines of the seed catalog, for before anyone has logged in.
pub(crate) fn seed_lines() -> Vec<Resource> {
    resources::seed()
        .map(|all| all.into_iter().filter(|r| r.crisis && !r.retired).collect())
        .unwrap_or_default()
}

/// The screen's text: the emergency line, each crisis line with its contact and hours (and
/// what it is for), then the reassurance.
pub(crate) fn lines(crisis: &[Resource]) -> Vec<(String, Meaning)> {
    let mut out = vec![(DANGER.to_string(), Meaning::Alert)];
    for r in crisis.iter().filter(|r| r.id != "911" && !r.retired) {
        out.push((
            format!(
                "{} — {}, {}.",
                sanitize(&r.name),
                sanitize(&r.contact),
                sanitize(&r.hours)
            ),
            Meaning::Text,
        ));
        if !r.description.trim().is_empty() {
            out.push((format!("  {}", sanitize(&r.description)), Meaning::Muted));
        }
    }
    out.push((REASSURANCE.to_string(), Meaning::Muted));
    out
}

/// `q` goes back too: help-now may cover a form with unsaved work (Ctrl-C still quits).
static COMMANDS: [Command; 1] = [Command::new(
    &[Key::code(KeyCode::Esc), Key::ch('q')],
    "back",
    Action::Back,
)];

pub(crate) fn commands() -> Vec<&'static Command> {
    COMMANDS.iter().collect()
}

pub(crate) fn render(frame: &mut Frame, body: Rect, theme: Theme, crisis: &[Resource]) {
    let width = usize::from(body.width);
    let mut out = vec![
        Line::styled(TITLE, theme.style(Meaning::Title)),
        Line::raw(""),
    ];
    for (text, meaning) in lines(crisis) {
        // The reassurance is set apart from the numbers.
        if text == REASSURANCE {
            out.push(Line::raw(""));
        }
        let indent = if text.starts_with("  ") { "  " } else { "" };
        out.extend(
            widgets::wrap_words(text.trim_start(), width.saturating_sub(indent.len()))
                .into_iter()
                .map(|l| Line::styled(format!("{indent}{l}"), theme.style(meaning))),
        );
    }
    frame.render_widget(Paragraph::new(out), body);
}
