//! Help, right now: crisis lines and the EAP, reachable from every screen with `!` or F1.
//! Static text only: opening it performs no effect, so nothing is logged, stored or sent.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::tui::keymap::{Command, Key};
use crate::tui::state::Action;
use crate::tui::theme::{Meaning, Theme};
use crate::tui::widgets;

pub const TITLE: &str = "Help, right now";

/// The facts, exactly; each is one line on a wide enough screen.
pub const LINES: [&str; 6] = [
    "If you or someone is in immediate danger: call 911.",
    "988 Suicide & Crisis Lifeline — call or text 988, any time.",
    "CopLine 1-800-267-5463 — for officers and their families, answered by retired officers.",
    "Crisis Text Line — text HOME to 741741.",
    "Employee Assistance Program — confidential counselling; see your agency's EAP contact.",
    "Nothing here tells anyone you looked.",
];

static COMMANDS: [Command; 1] = [Command::new(
    &[Key::code(KeyCode::Esc)],
    "back",
    Action::Back,
)];

pub fn commands() -> Vec<&'static Command> {
    COMMANDS.iter().collect()
}

pub fn render(frame: &mut Frame, body: Rect, theme: Theme) {
    let width = usize::from(body.width);
    let mut lines = vec![
        Line::styled(TITLE, theme.style(Meaning::Title)),
        Line::raw(""),
    ];
    for (i, text) in LINES.iter().enumerate() {
        // The first line is the most urgent; the last is a reassurance, set apart.
        let meaning = match i {
            0 => Meaning::Alert,
            5 => Meaning::Muted,
            _ => Meaning::Text,
        };
        if i == 5 {
            lines.push(Line::raw(""));
        }
        lines.extend(
            widgets::wrap_words(text, width)
                .into_iter()
                .map(|l| Line::styled(l, theme.style(meaning))),
        );
    }
    frame.render_widget(Paragraph::new(lines), body);
}
