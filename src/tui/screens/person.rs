//! The person page: the directory facts about one person, and what the viewer may see of
//! their record. Shows only what `Session::person` returned; fetches nothing itself.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::desk::PersonView;
use crate::domain::text::sanitize;
use crate::tui::keymap::{Command, Key};
use crate::tui::state::{Action, Effect, State, Workspace};
use crate::tui::theme::Meaning;
use crate::tui::widgets;

static COMMANDS: [Command; 2] = [
    Command::new(
        &[
            Key::code(KeyCode::Esc),
            Key::code(KeyCode::Left),
            Key::ch('h'),
        ],
        "back",
        Action::Back,
    ),
    Command::new(&[Key::ch('L')], "lock", Action::LockNow),
];

pub fn commands() -> Vec<&'static Command> {
    COMMANDS.iter().collect()
}

pub fn update(ws: &mut Workspace, action: Action) -> Effect {
    if action == Action::Back {
        ws.person = None;
    }
    Effect::None
}

const LABEL_WIDTH: usize = 16;

pub fn render(frame: &mut Frame, body: Rect, state: &State, view: &PersonView) {
    let theme = state.theme;
    let person = &view.person;
    let fact = |label: &str, value: String| {
        Line::from(vec![
            Span::styled(
                widgets::fit(label, LABEL_WIDTH),
                theme.style(Meaning::Muted),
            ),
            Span::raw(value),
        ])
    };
    let none = |text: &str| text.to_string();
    let mentors = if view.mentors.is_empty() {
        none("none assigned")
    } else {
        view.mentors
            .iter()
            .map(|m| sanitize(m).into_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut lines = vec![
        Line::styled(
            sanitize(&person.name).into_owned(),
            theme.style(Meaning::Title),
        ),
        Line::raw(""),
        fact("Employee id", sanitize(&person.employee_id).into_owned()),
        fact("Unit", sanitize(&person.unit).into_owned()),
        fact(
            "Supervisor",
            view.supervisor_name
                .as_deref()
                .map_or_else(|| none("none on the roster"), |s| sanitize(s).into_owned()),
        ),
        fact("Direct reports", view.direct_reports.to_string()),
        fact("Mentors", mentors),
    ];
    if !person.active {
        lines.push(fact("On the roster", "no longer active".into()));
    }
    lines.push(Line::raw(""));
    let (record, meaning) = if view.may_view_record {
        ("No check-ins recorded yet.", Meaning::Text)
    } else {
        (
            "You can see this person's directory entry only.",
            Meaning::Muted,
        )
    };
    lines.extend(
        widgets::wrap_words(record, usize::from(body.width))
            .into_iter()
            .map(|l| Line::styled(l, theme.style(meaning))),
    );
    frame.render_widget(Paragraph::new(lines), body);
}
