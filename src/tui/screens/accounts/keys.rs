//! One account's SSH keys: listed, one added by pasting its OpenSSH public key line (checked
//! by the desk; a bad line stores nothing), one removed after a yes.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::super::modal::{Confirmed, Modal};
use super::super::{Ctx, Reply};
use super::{AccountChange, load};
use crate::desk::{AccountView, SshKeyView};
use crate::domain::text::sanitize;
use crate::tui::keymap::{BACKSPACE, CLEAR_FIELD, Command, Field, Key};
use crate::tui::list::{self, ListCursor};
use crate::tui::page::{Deferred, Delivery, Loaded, Page, Task};
use crate::tui::state::{Action, Effect, Message, State, User, View};
use crate::tui::theme::Meaning;
use crate::tui::widgets;

const READ: &str = "SSH keys";
const ADD: &str = "add an SSH key";
const REMOVE: &str = "remove an SSH key";

/// The longest line taken (an RSA key of 16,384 bits is about 2,800 characters).
const KEY_CHARS: usize = 8_000;

fn read(login: String) -> Task {
    Task::read(READ, move |session| session.ssh_keys(Some(&login)))
}

/// The keys page of `account`, loading.
pub(super) fn open(account: &AccountView) -> Reply {
    Reply {
        effect: Effect::Task(read(account.login.clone())),
        ..Reply::push(View::Page(Box::new(SshKeys {
            login: account.login.clone(),
            active: !account.disabled,
            keys: Loaded::Loading,
            cursor: ListCursor::default(),
            pasting: None,
            problem: None,
        })))
    }
}

/// The desk call a "yes" to removing a key makes.
pub(super) fn remove(login: String, fingerprint: String) -> Task {
    Task::write(REMOVE, move |session| {
        session
            .remove_ssh_key(&login, &fingerprint)
            .map(|()| fingerprint)
    })
}

#[derive(Debug)]
pub(crate) struct SshKeys {
    login: String,
    /// A disabled account has no keys and takes none.
    active: bool,
    keys: Loaded<Vec<SshKeyView>>,
    cursor: ListCursor,
    /// The key line being pasted, while the box is open.
    pasting: Option<String>,
    /// Why the last line was refused.
    problem: Option<String>,
}

impl SshKeys {
    fn list(&self) -> &[SshKeyView] {
        self.keys.ready().map_or(&[], Vec::as_slice)
    }
}

static ADD_KEY: Command = Command::new(&[Key::ch('a')], "add a key (paste it)", Action::NewItem);
static REMOVE_KEY: Command = Command::new(&[Key::ch('d')], "remove", Action::Remove);
static BACK: Command = list::BACK;
static PASTING: [Command; 4] = [
    Command::new(&[Key::code(KeyCode::Enter)], "add", Action::Submit),
    Command::new(&[Key::code(KeyCode::Esc)], "cancel", Action::Back),
    BACKSPACE,
    CLEAR_FIELD,
];

/// Where the keys are listed: below the title, the words on pasting and a blank line.
fn rows(area: Rect) -> Rect {
    Rect {
        y: area.y.saturating_add(3),
        height: area.height.saturating_sub(7),
        ..area
    }
}

impl Page for SshKeys {
    fn commands(&self, _: &User) -> Vec<&'static Command> {
        if self.pasting.is_some() {
            return PASTING.iter().collect();
        }
        let mut out: Vec<&'static Command> = Vec::new();
        if self.active {
            out.push(&ADD_KEY);
        }
        if !self.list().is_empty() {
            out.push(&REMOVE_KEY);
        }
        out.push(&BACK);
        out.extend(list::LIST_MOVES.iter());
        out
    }

    fn field(&self) -> Option<Field> {
        self.pasting.as_ref().map(|_| Field::Text)
    }

    fn update(&mut self, action: Action, ctx: &Ctx, _: &User) -> Reply {
        if let Some(text) = &mut self.pasting {
            // A reason given for the last line goes once the line changes.
            if matches!(
                action,
                Action::Type(_) | Action::Backspace | Action::ClearField
            ) {
                self.problem = None;
            }
            match action {
                Action::Type(c) if text.chars().count() < KEY_CHARS => text.push(c),
                Action::Backspace => {
                    text.pop();
                }
                Action::ClearField => text.clear(),
                Action::Back => {
                    self.pasting = None;
                    self.problem = None;
                }
                Action::Submit => {
                    let (login, line) = (self.login.clone(), text.trim().to_string());
                    if line.is_empty() {
                        self.problem = Some("Paste the key's line first.".into());
                        return Reply::none();
                    }
                    return Effect::Task(Task::write(ADD, move |session| {
                        session.add_ssh_key(&login, &line)
                    }))
                    .into();
                }
                _ => {}
            }
            return Reply::none();
        }
        let len = self.list().len();
        if self
            .cursor
            .navigate(&action, len, usize::from(rows(ctx.page).height))
        {
            return Reply::none();
        }
        match action {
            // The list below counts the keys.
            Action::Back => Reply {
                effect: Effect::Task(load()),
                ..Reply::back()
            },
            Action::NewItem if self.active => {
                self.pasting = Some(String::new());
                self.problem = None;
                Reply::none()
            }
            Action::Remove => match self.list().get(self.cursor.selected) {
                Some(key) => Reply::modal(Modal::confirm(
                    format!(
                        "Remove the {} key {} from {}? It no longer opens steady over SSH.",
                        sanitize(&key.key_type),
                        key.fingerprint,
                        self.login
                    ),
                    "remove",
                    Confirmed::Run(Deferred::new(super::confirmed(AccountChange::RemoveKey {
                        login: self.login.clone(),
                        fingerprint: key.fingerprint.clone(),
                    }))),
                )),
                None => Reply::none(),
            },
            _ => Reply::none(),
        }
    }

    fn apply(&mut self, delivery: Delivery, _: &Ctx) -> Reply {
        match delivery.name {
            READ => {
                if let Some(result) = delivery.take::<Vec<SshKeyView>>() {
                    self.keys = Loaded::from(result);
                    self.cursor.clamp(self.list().len());
                }
                Reply::none()
            }
            ADD => match delivery.take::<SshKeyView>() {
                Some(Ok(key)) => {
                    self.pasting = None;
                    self.problem = None;
                    Reply {
                        effect: Effect::Task(read(self.login.clone())),
                        message: Some(Message::calm(format!("Added the key {}.", key.fingerprint))),
                        ..Reply::none()
                    }
                }
                // The line stays in the box, to be put right; nothing was stored.
                Some(Err(problem)) => {
                    self.problem = Some(format!(
                        "{} Nothing was stored.",
                        widgets::sentence(&problem)
                    ));
                    Reply::none()
                }
                None => Reply::none(),
            },
            REMOVE => match delivery.take::<String>() {
                Some(Ok(fingerprint)) => Reply {
                    effect: Effect::Task(read(self.login.clone())),
                    message: Some(Message::calm(format!("Removed the key {fingerprint}."))),
                    ..Reply::none()
                },
                Some(Err(problem)) => Reply::say(Message::alert(widgets::sentence(&problem))),
                None => Reply::none(),
            },
            _ => Reply::none(),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, state: &State, typing: bool) {
        let theme = state.theme;
        let width = usize::from(area.width);
        let title = match &self.keys {
            Loaded::Ready(keys) => format!("SSH keys of {} ({})", self.login, keys.len()),
            _ => format!("SSH keys of {}", self.login),
        };
        let about = if self.active {
            "A key lets this login reach steady over SSH; the passphrase is still asked."
        } else {
            "This account is disabled: it has no keys and takes none."
        };
        let head = vec![
            Line::styled(
                widgets::truncate(&title, width),
                theme.style(Meaning::Title),
            ),
            Line::styled(widgets::truncate(about, width), theme.style(Meaning::Muted)),
        ];
        frame.render_widget(Paragraph::new(head), area);
        let rows = rows(area);
        let mut lines = Vec::new();
        match &self.keys {
            Loaded::Loading => lines.push(Line::styled("Loading…", theme.style(Meaning::Muted))),
            Loaded::Failed(reason) => lines.push(Line::styled(
                widgets::truncate(
                    &format!("The keys could not be read: {}", sanitize(reason)),
                    width,
                ),
                theme.style(Meaning::Alert),
            )),
            Loaded::Ready(keys) if keys.is_empty() => lines.push(Line::styled(
                "No SSH keys yet.",
                theme.style(Meaning::Muted),
            )),
            Loaded::Ready(keys) => {
                for i in self.cursor.window(keys.len(), usize::from(rows.height)) {
                    let key = &keys[i];
                    let selected = i == self.cursor.selected;
                    let text = format!(
                        "{}{} {} {} · added {}",
                        if selected { "▶ " } else { "  " },
                        sanitize(&key.key_type),
                        key.fingerprint,
                        sanitize(&key.comment),
                        key.added.get(..10).unwrap_or(&key.added)
                    );
                    let meaning = if selected {
                        Meaning::Selected
                    } else {
                        Meaning::Text
                    };
                    lines.push(Line::styled(
                        widgets::fit(&text, width),
                        theme.style(meaning),
                    ));
                }
            }
        }
        frame.render_widget(Paragraph::new(lines), rows);
        let Some(text) = &self.pasting else {
            return;
        };
        let foot = Rect {
            y: rows.y.saturating_add(rows.height),
            height: area.height.saturating_sub(rows.height + 3),
            ..area
        };
        let mut lines = vec![Line::styled(
            widgets::truncate(
                "Paste the key's line (ssh-ed25519 AAAA… comment), then Enter:",
                width,
            ),
            theme.style(Meaning::Text),
        )];
        let (line, col) = widgets::input_line(
            "Key",
            4,
            &sanitize(text),
            width.saturating_sub(12).max(4),
            true,
            theme,
        );
        lines.push(line);
        if let Some(problem) = &self.problem {
            lines.extend(
                widgets::wrap_words(problem, width)
                    .into_iter()
                    .take(2)
                    .map(|l| Line::styled(l, theme.style(Meaning::Alert))),
            );
        }
        frame.render_widget(Paragraph::new(lines), foot);
        if typing {
            frame.set_cursor_position(Position::new(
                foot.x.saturating_add(col),
                foot.y.saturating_add(1),
            ));
        }
    }
}
