//! An account's roles, ticked and saved in one desk call. Before saving it says what a role
//! change means for sealed self-checks (DESIGN.md, "Files on disk and the key hierarchy").

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::super::modal::{Confirmed, Modal};
use super::super::{Ctx, Reply};
use super::{ROLES, load};
use crate::desk::{AccountView, RolesChange};
use crate::domain::text::sanitize;
use crate::domain::{Role, Roles};
use crate::tui::keymap::{self, Command, Key};
use crate::tui::page::{Delivery, Page, Task};
use crate::tui::state::{Action, Effect, Message, State, User};
use crate::tui::theme::Meaning;
use crate::tui::widgets;

const SAVE: &str = "change roles";

/// Said while the coordinator role is ticked for an account that did not hold it.
pub(crate) const NEW_COORDINATOR: &str = "A new coordinator cannot read self-checks shared before now: those were sealed to the coordinators of that moment. Only self-checks shared from now on are sealed to them.";

#[derive(Debug)]
pub(crate) struct EditRoles {
    login: String,
    who: String,
    from: Roles,
    ticked: [bool; 5],
    cursor: usize,
    problem: Option<String>,
    /// What the last save did, said in full until the person goes back.
    saved: Option<RolesChange>,
}

impl EditRoles {
    pub(crate) fn new(account: &AccountView) -> Self {
        Self {
            login: account.login.clone(),
            who: account.name.as_deref().map_or_else(
                || account.login.clone(),
                |n| format!("{} ({n})", account.login),
            ),
            from: account.roles.clone(),
            ticked: ROLES.map(|r| account.roles.contains(r)),
            cursor: 0,
            problem: None,
            saved: None,
        }
    }

    fn roles(&self) -> Roles {
        Roles::new(
            ROLES
                .iter()
                .zip(self.ticked)
                .filter(|(_, on)| *on)
                .map(|(r, _)| *r),
        )
    }
}

static COMMANDS: [Command; 6] = [
    Command::new(&[Key::code(KeyCode::Char(' '))], "tick", Action::Toggle),
    keymap::SAVE,
    Command::quiet(&[Key::code(KeyCode::Enter)], "save", Action::Save),
    keymap::CANCEL,
    keymap::Q_CANCEL,
    Command::quiet(
        &[Key::ch('j'), Key::code(KeyCode::Down)],
        "next role",
        Action::Down,
    ),
];

static UP: Command = Command::quiet(
    &[Key::ch('k'), Key::code(KeyCode::Up)],
    "previous role",
    Action::Up,
);

static DONE: Command = Command::new(
    &[
        Key::code(KeyCode::Esc),
        Key::code(KeyCode::Enter),
        Key::ch('q'),
    ],
    "back to the accounts",
    Action::Back,
);

impl Page for EditRoles {
    fn commands(&self, _: &User) -> Vec<&'static Command> {
        if self.saved.is_some() {
            return vec![&DONE];
        }
        COMMANDS.iter().chain(std::iter::once(&UP)).collect()
    }

    fn update(&mut self, action: Action, _: &Ctx, _: &User) -> Reply {
        if self.saved.is_some() {
            return match action {
                // The list below shows the new roles.
                Action::Back => Reply {
                    effect: Effect::Task(load()),
                    ..Reply::back()
                },
                _ => Reply::none(),
            };
        }
        match action {
            Action::Down => self.cursor = (self.cursor + 1).min(ROLES.len() - 1),
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Toggle => {
                if let Some(on) = self.ticked.get_mut(self.cursor) {
                    *on = !*on;
                }
                self.problem = None;
            }
            Action::Save => {
                let roles = self.roles();
                if roles.is_empty() {
                    self.problem = Some("Tick at least one role.".into());
                    return Reply::none();
                }
                let login = self.login.clone();
                return Effect::Task(Task::write(SAVE, move |session| {
                    session.set_account_roles(&login, roles)
                }))
                .into();
            }
            Action::Back if self.roles() != self.from => {
                return Reply::modal(Modal::confirm(
                    format!("Leave without saving? {} keeps {}.", self.login, self.from),
                    "leave",
                    Confirmed::Discard,
                ));
            }
            Action::Back => return Reply::back(),
            _ => {}
        }
        Reply::none()
    }

    fn apply(&mut self, delivery: Delivery, _: &Ctx) -> Reply {
        match delivery.take::<RolesChange>() {
            Some(Ok(change)) => {
                self.problem = None;
                let news = if change.changed {
                    "Saved."
                } else {
                    "Nothing changed."
                };
                self.saved = Some(change);
                Reply::say(Message::calm(news))
            }
            Some(Err(problem)) => {
                self.problem = Some(widgets::sentence(&problem));
                Reply::none()
            }
            None => Reply::none(),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, state: &State, _: bool) {
        let theme = state.theme;
        let width = usize::from(area.width);
        if let Some(change) = &self.saved {
            let said = if change.changed {
                format!(
                    "Saved: {} now holds {} (was {}).",
                    change.login, change.to, change.from
                )
            } else {
                format!(
                    "{} holds {} already; nothing changed.",
                    change.login, change.to
                )
            };
            let mut lines = vec![
                Line::styled(
                    widgets::truncate(&format!("Roles of {}", sanitize(&self.who)), width),
                    theme.style(Meaning::Title),
                ),
                Line::raw(""),
            ];
            for text in std::iter::once(&said).chain(&change.notes) {
                lines.extend(
                    widgets::wrap_words(text, width)
                        .into_iter()
                        .map(|l| Line::styled(l, theme.style(Meaning::Text))),
                );
                lines.push(Line::raw(""));
            }
            frame.render_widget(Paragraph::new(lines), area);
            return;
        }
        let mut lines = vec![
            Line::styled(
                widgets::truncate(&format!("Roles of {}", sanitize(&self.who)), width),
                theme.style(Meaning::Title),
            ),
            Line::styled(
                widgets::truncate(&format!("Now: {}", self.from), width),
                theme.style(Meaning::Muted),
            ),
            Line::raw(""),
        ];
        for (i, (role, on)) in ROLES.iter().zip(self.ticked).enumerate() {
            let selected = i == self.cursor;
            let text = format!(
                "{}[{}] {}",
                if selected { "▶ " } else { "  " },
                if on { "x" } else { " " },
                role
            );
            let meaning = if selected {
                Meaning::Focus
            } else {
                Meaning::Text
            };
            lines.push(Line::styled(
                widgets::fit(&text, width),
                theme.style(meaning),
            ));
        }
        lines.push(Line::raw(""));
        let roles = self.roles();
        if roles.contains(Role::Coordinator) && !self.from.contains(Role::Coordinator) {
            lines.extend(
                widgets::wrap_words(NEW_COORDINATOR, width)
                    .into_iter()
                    .map(|l| Line::styled(l, theme.style(Meaning::Alert))),
            );
        }
        if let Some(problem) = &self.problem {
            lines.extend(
                widgets::wrap_words(problem, width)
                    .into_iter()
                    .map(|l| Line::styled(l, theme.style(Meaning::Alert))),
            );
        }
        frame.render_widget(Paragraph::new(lines), area);
    }
}
