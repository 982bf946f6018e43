//! A new account: login, roles, and the roster person it is (found by employee id, with the
//! name shown). Created in one desk call; its one-time passphrase is then shown once, here,
//! and goes with this page when the person leaves it.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::modal::{Confirmed, Modal};
use super::super::{Ctx, Reply};
use super::{OneTime, ROLES, load};
use crate::desk::NewAccount;
use crate::domain::Roles;
use crate::domain::text::sanitize;
use crate::tui::keymap::{self, BACKSPACE, CLEAR_FIELD, Command, Field, Key};
use crate::tui::page::{Delivery, Page, Task};
use crate::tui::state::{Action, Effect, Message, State, User};
use crate::tui::theme::Meaning;
use crate::tui::widgets;

const ADD: &str = "add an account";
const FIND: &str = "find a person";

/// The fields, in Tab order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Focus {
    #[default]
    Login,
    Roles,
    Person,
}

/// Who the employee id typed names, as the desk found them.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Found {
    Person { id: String, name: String },
    Nobody { id: String, why: String },
}

#[derive(Debug, Default)]
pub(crate) struct AddAccount {
    login: String,
    ticked: [bool; 5],
    /// The role the cursor is on, in the roles row.
    role: usize,
    person: String,
    focus: Focus,
    found: Option<Found>,
    problem: Option<String>,
    /// After it was made: the one-time passphrase, shown once.
    created: Option<OneTime>,
}

impl AddAccount {
    fn roles(&self) -> Roles {
        Roles::new(
            ROLES
                .iter()
                .zip(self.ticked)
                .filter(|(_, on)| *on)
                .map(|(r, _)| *r),
        )
    }

    /// Asks who the employee id names, when one is typed and not yet looked up.
    fn find_person(&self) -> Reply {
        let id = self.person.trim().to_string();
        let known = match &self.found {
            Some(Found::Person { id: seen, .. } | Found::Nobody { id: seen, .. }) => *seen == id,
            None => false,
        };
        if id.is_empty() || known {
            return Reply::none();
        }
        Effect::Task(Task::read(FIND, move |session| {
            let found = session.person(&id).map(|view| view.person.name);
            Ok((id, found.map_err(|e| e.to_string())))
        }))
        .into()
    }

    /// Whether anything was typed or ticked (leaving then asks first).
    fn touched(&self) -> bool {
        !self.login.is_empty() || !self.person.is_empty() || self.ticked.iter().any(|t| *t)
    }

    fn move_focus(&mut self, forward: bool) -> Reply {
        let leaving = self.focus;
        self.focus = match (self.focus, forward) {
            (Focus::Login, true) | (Focus::Person, false) => Focus::Roles,
            (Focus::Roles, true) => Focus::Person,
            (Focus::Roles, false) => Focus::Login,
            (Focus::Person, true) => Focus::Login,
            (Focus::Login, false) => Focus::Person,
        };
        if leaving == Focus::Person {
            self.find_person()
        } else {
            Reply::none()
        }
    }
}

static FORM: [Command; 6] = [
    keymap::SAVE,
    keymap::NEXT_FIELD,
    keymap::PREV_FIELD,
    keymap::CANCEL,
    Command::quiet(
        &[Key::code(KeyCode::Enter)],
        "next field",
        Action::NextField,
    ),
    BACKSPACE,
];
static ROLE_KEYS: [Command; 4] = [
    Command::new(
        &[Key::code(KeyCode::Char(' '))],
        "tick role",
        Action::Toggle,
    ),
    Command::quiet(
        &[Key::code(KeyCode::Right), Key::ch('l')],
        "next role",
        Action::Right,
    ),
    Command::quiet(
        &[Key::code(KeyCode::Left), Key::ch('h')],
        "previous role",
        Action::Left,
    ),
    keymap::Q_CANCEL,
];
static CLEAR_TEXT: Command = CLEAR_FIELD;
static DONE: Command = Command::new(
    &[Key::code(KeyCode::Enter), Key::code(KeyCode::Esc)],
    "done (it is not shown again)",
    Action::Back,
);

impl Page for AddAccount {
    fn commands(&self, _: &User) -> Vec<&'static Command> {
        if self.created.is_some() {
            return vec![&DONE];
        }
        let mut out: Vec<&'static Command> = FORM.iter().collect();
        if self.focus == Focus::Roles {
            out.extend(ROLE_KEYS.iter());
        } else {
            out.push(&CLEAR_TEXT);
        }
        out
    }

    fn field(&self) -> Option<Field> {
        match (self.focus, &self.created) {
            (_, Some(_)) | (Focus::Roles, _) => None,
            (Focus::Login, None) => Some(Field::Login),
            (Focus::Person, None) => Some(Field::Text),
        }
    }

    fn update(&mut self, action: Action, _: &Ctx, _: &User) -> Reply {
        if self.created.is_some() {
            return match action {
                // Leaving drops this page, and the passphrase with it.
                Action::Back => Reply {
                    effect: Effect::Task(load()),
                    ..Reply::back()
                },
                _ => Reply::none(),
            };
        }
        let touched = self.touched();
        let text = match self.focus {
            Focus::Login => Some(&mut self.login),
            Focus::Person => Some(&mut self.person),
            Focus::Roles => None,
        };
        match (action, text) {
            (Action::Type(c), Some(text)) if text.chars().count() < 64 => {
                text.push(if self.focus == Focus::Login {
                    c.to_ascii_lowercase()
                } else {
                    c
                });
            }
            (Action::Backspace, Some(text)) => {
                text.pop();
            }
            (Action::ClearField, Some(text)) => text.clear(),
            (Action::Toggle, None) => {
                if let Some(on) = self.ticked.get_mut(self.role) {
                    *on = !*on;
                }
            }
            (Action::Right, None) => self.role = (self.role + 1).min(ROLES.len() - 1),
            (Action::Left, None) => self.role = self.role.saturating_sub(1),
            (Action::NextField, _) => return self.move_focus(true),
            (Action::PrevField, _) => return self.move_focus(false),
            (Action::Back, _) if touched => {
                return Reply::modal(Modal::confirm(
                    "Discard this new account? Nothing has been created.".into(),
                    "discard",
                    Confirmed::Discard,
                ));
            }
            (Action::Back, _) => return Reply::back(),
            (Action::Save, _) => {
                let login = self.login.trim().to_string();
                let roles = self.roles();
                self.problem = if login.is_empty() {
                    Some("Type the new login first.".into())
                } else if roles.is_empty() {
                    Some("Tick at least one role.".into())
                } else {
                    None
                };
                if self.problem.is_some() {
                    return Reply::none();
                }
                let person = Some(self.person.trim().to_string()).filter(|p| !p.is_empty());
                return Effect::Task(Task::write(ADD, move |session| {
                    session.add_account(&login, roles, person.as_deref())
                }))
                .into();
            }
            _ => {}
        }
        if self.focus == Focus::Person
            && self.found.as_ref().is_some_and(|f| match f {
                Found::Person { id, .. } | Found::Nobody { id, .. } => *id != self.person.trim(),
            })
        {
            self.found = None;
        }
        Reply::none()
    }

    fn apply(&mut self, delivery: Delivery, _: &Ctx) -> Reply {
        match delivery.name {
            FIND => {
                if let Some(Ok((id, found))) = delivery.take::<(String, Result<String, String>)>()
                    && id == self.person.trim()
                {
                    self.found = Some(match found {
                        Ok(name) => Found::Person { id, name },
                        Err(why) => Found::Nobody { id, why },
                    });
                }
                Reply::none()
            }
            ADD => match delivery.take::<NewAccount>() {
                Some(Ok(account)) => {
                    // Whom the desk made it for, whether or not the form looked them up.
                    let who = account
                        .person_name
                        .as_deref()
                        .map(|name| sanitize(name).into_owned());
                    let news = format!("Created {}.", account.login);
                    self.created = Some(OneTime::after_add(account, who));
                    Reply::say(Message::calm(news))
                }
                Some(Err(problem)) => {
                    self.problem = Some(widgets::sentence(&problem));
                    Reply::none()
                }
                None => Reply::none(),
            },
            _ => Reply::none(),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, state: &State, typing: bool) {
        if let Some(created) = &self.created {
            created.draw(frame, area, state);
            return;
        }
        let theme = state.theme;
        let width = usize::from(area.width);
        let label_w = 12;
        let box_w = 24.min(width.saturating_sub(label_w + 8)).max(4);
        let mut lines = vec![
            Line::styled("New account", theme.style(Meaning::Title)),
            Line::raw(""),
        ];
        let (login, login_col) = widgets::input_line(
            "Login",
            label_w,
            &sanitize(&self.login),
            box_w,
            self.focus == Focus::Login,
            theme,
        );
        lines.push(login);
        lines.push(Line::styled(
            widgets::truncate(
                "               lower-case letters, digits, '.', '-' and '_'",
                width,
            ),
            theme.style(Meaning::Muted),
        ));
        let on_roles = self.focus == Focus::Roles;
        let label_style = theme.style(if on_roles {
            Meaning::Focus
        } else {
            Meaning::Text
        });
        let mut spans = vec![
            Span::styled(if on_roles { "▶ " } else { "  " }, label_style),
            Span::styled(widgets::fit("Roles", label_w), label_style),
        ];
        // The roles wrap under one another's start where the screen is narrow.
        let mut used = 2 + label_w;
        for (i, (role, on)) in ROLES.iter().zip(self.ticked).enumerate() {
            let text = format!("[{}] {role}  ", if on { "x" } else { " " });
            if used + text.trim_end().len() > width {
                lines.push(Line::from(std::mem::take(&mut spans)));
                spans.push(Span::raw(" ".repeat(2 + label_w)));
                used = 2 + label_w;
            }
            used += text.len();
            let meaning = if on_roles && i == self.role {
                Meaning::Selected
            } else {
                Meaning::Text
            };
            spans.push(Span::styled(text, theme.style(meaning)));
        }
        lines.push(Line::from(spans));
        let person_row = lines.len() + 1;
        lines.push(Line::raw(""));
        let (person, person_col) = widgets::input_line(
            "Employee id",
            label_w,
            &sanitize(&self.person),
            box_w,
            self.focus == Focus::Person,
            theme,
        );
        lines.push(person);
        let found = match &self.found {
            Some(Found::Person { name, .. }) => Line::styled(
                format!("               {}", sanitize(name)),
                theme.style(Meaning::Text),
            ),
            Some(Found::Nobody { why, .. }) => Line::styled(
                format!("               {}", widgets::sentence(why)),
                theme.style(Meaning::Alert),
            ),
            None => Line::styled(
                "               needed for the supervisor and employee roles",
                theme.style(Meaning::Muted),
            ),
        };
        lines.push(found);
        lines.push(Line::raw(""));
        lines.extend(
            widgets::wrap_words(
                "A one-time passphrase is shown once when the account is made; they choose their own at first login.",
                width,
            )
            .into_iter()
            .map(|l| Line::styled(l, theme.style(Meaning::Muted))),
        );
        if let Some(problem) = &self.problem {
            lines.push(Line::raw(""));
            lines.extend(
                widgets::wrap_words(problem, width)
                    .into_iter()
                    .map(|l| Line::styled(l, theme.style(Meaning::Alert))),
            );
        }
        frame.render_widget(Paragraph::new(lines), area);
        let cursor = match self.focus {
            Focus::Login => Some((2, login_col)),
            Focus::Person => Some((person_row, person_col)),
            Focus::Roles => None,
        };
        if let Some((row, col)) = cursor
            && typing
        {
            frame.set_cursor_position(Position::new(
                area.x.saturating_add(col),
                area.y
                    .saturating_add(u16::try_from(row).unwrap_or(u16::MAX)),
            ));
        }
    }
}
