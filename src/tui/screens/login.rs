//! The login screen: login and passphrase fields, the calm one-line message, "Unlocking…".
//! Never unlocks anything itself: Enter returns `Effect::Unlock` for the loop to perform.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::text::sanitize;
use crate::tui::keymap::{BACKSPACE, CLEAR_FIELD, Command, Field, Key};
use crate::tui::state::{Action, Effect, LockReason, Refusal, State};
use crate::tui::theme::Meaning;
use crate::tui::widgets::{self, SecretText};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum LoginField {
    #[default]
    Login,
    Passphrase,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum LoginMessage {
    WrongPassphrase,
    /// Attempts for this login are slowed down until this Unix time.
    TooSoon {
        until_unix: i64,
    },
    Locked {
        reason: LockReason,
        minutes: u32,
    },
    Problem(String),
    Missing(&'static str),
}

#[derive(Debug, Default)]
pub(crate) struct LoginForm {
    pub login: String,
    pub passphrase: SecretText,
    pub focus: LoginField,
    /// The login is fixed (an SSH session pinned to one account): shown, never edited.
    pub pinned: bool,
    /// The unlock is under way (argon2 takes a moment): shows "Unlocking…", ignores keys.
    pub busy: bool,
    pub message: Option<LoginMessage>,
    /// An unsaved check-in was kept (in memory) for whoever was signed in when it locked.
    pub draft_kept: bool,
}

impl LoginForm {
    pub(crate) fn locked(reason: LockReason, minutes: u32) -> Self {
        Self {
            message: Some(LoginMessage::Locked { reason, minutes }),
            ..Self::default()
        }
    }

    pub(crate) fn with_problem(message: String) -> Self {
        Self {
            message: Some(LoginMessage::Problem(message)),
            ..Self::default()
        }
    }

    /// Fixes the login to `login`, if given: the person types only their passphrase.
    pub(crate) fn pinned_to(mut self, login: Option<&str>) -> Self {
        if let Some(login) = login {
            self.login = login.to_string();
            self.pinned = true;
            self.focus = LoginField::Passphrase;
        }
        self
    }

    /// The unlock failed: keep the login, empty the passphrase, say why in one line.
    pub(crate) fn refused(&mut self, refusal: Refusal, now_unix: i64) {
        self.busy = false;
        self.passphrase.clear();
        self.focus = LoginField::Passphrase;
        self.message = Some(match refusal {
            Refusal::WrongPassphrase => LoginMessage::WrongPassphrase,
            Refusal::TooSoon { wait_secs } => LoginMessage::TooSoon {
                until_unix: now_unix.saturating_add(i64::try_from(wait_secs).unwrap_or(i64::MAX)),
            },
            Refusal::Other(message) => LoginMessage::Problem(message),
        });
    }

    pub(crate) fn field(&self) -> Field {
        match self.focus {
            LoginField::Login => Field::Login,
            LoginField::Passphrase => Field::Secret,
        }
    }
}

static COMMANDS: [Command; 6] = [
    Command::new(&[Key::code(KeyCode::Enter)], "unlock", Action::Submit),
    Command::new(
        &[Key::code(KeyCode::Tab), Key::code(KeyCode::Down)],
        "next field",
        Action::NextField,
    ),
    Command::quiet(
        &[Key::code(KeyCode::BackTab), Key::code(KeyCode::Up)],
        "previous field",
        Action::PrevField,
    ),
    Command::new(&[Key::code(KeyCode::Esc)], "quit", Action::Quit),
    BACKSPACE,
    CLEAR_FIELD,
];

/// The keys that work on this form: a pinned login has one field, so no moving between.
pub(crate) fn commands_for(form: &LoginForm) -> Vec<&'static Command> {
    COMMANDS
        .iter()
        .filter(|c| !form.pinned || !matches!(c.action, Action::NextField | Action::PrevField))
        .collect()
}

pub(crate) fn update(form: &mut LoginForm, action: Action) -> Effect {
    if form.busy {
        return Effect::None;
    }
    if form.pinned {
        // Only the passphrase is typed; the login stays the one the SSH key opened.
        form.focus = LoginField::Passphrase;
        if matches!(action, Action::NextField | Action::PrevField) {
            return Effect::None;
        }
    }
    match (action, form.focus) {
        (Action::Type(c), LoginField::Login) if Field::Login.accepts(c) => {
            form.login.push(c.to_ascii_lowercase());
        }
        (Action::Type(c), LoginField::Passphrase) => form.passphrase.push(c),
        (Action::Backspace, LoginField::Login) => {
            form.login.pop();
        }
        (Action::Backspace, LoginField::Passphrase) => form.passphrase.pop(),
        (Action::ClearField, LoginField::Login) => form.login.clear(),
        (Action::ClearField, LoginField::Passphrase) => form.passphrase.clear(),
        (Action::NextField | Action::PrevField, focus) => {
            form.focus = match focus {
                LoginField::Login => LoginField::Passphrase,
                LoginField::Passphrase => LoginField::Login,
            };
        }
        (Action::Submit, focus) => return submit(form, focus),
        _ => {}
    }
    Effect::None
}

fn submit(form: &mut LoginForm, focus: LoginField) -> Effect {
    if form.login.is_empty() {
        form.focus = LoginField::Login;
        form.message = Some(LoginMessage::Missing("Type your login first."));
        return Effect::None;
    }
    if form.passphrase.is_empty() {
        // Enter in the login field simply moves on, as Tab does.
        if focus == LoginField::Passphrase {
            form.message = Some(LoginMessage::Missing("Type your passphrase."));
        }
        form.focus = LoginField::Passphrase;
        return Effect::None;
    }
    form.busy = true;
    form.message = None;
    Effect::Unlock {
        login: form.login.clone(),
        passphrase: form.passphrase.take(),
    }
}

/// The message line's text (and whether it is a warning), at `now_unix`.
pub(crate) fn message_text(message: &LoginMessage, now_unix: i64) -> (String, Meaning) {
    match message {
        LoginMessage::WrongPassphrase => (
            "Wrong login or passphrase. Try again.".into(),
            Meaning::Alert,
        ),
        LoginMessage::TooSoon { until_unix } => {
            let left = until_unix - now_unix;
            if left > 0 {
                (
                    format!("Too many attempts. Try again in {left} s."),
                    Meaning::Alert,
                )
            } else {
                ("You can try again now.".into(), Meaning::Text)
            }
        }
        LoginMessage::Locked {
            reason: LockReason::Idle,
            minutes,
        } => (
            format!(
                "Locked after {} without activity.",
                widgets::count(u64::from(*minutes), "minute", "minutes")
            ),
            Meaning::Text,
        ),
        LoginMessage::Locked {
            reason: LockReason::Asked,
            ..
        } => ("Locked. Log in again to continue.".into(), Meaning::Text),
        LoginMessage::Problem(text) => (widgets::sentence(text), Meaning::Alert),
        LoginMessage::Missing(text) => ((*text).into(), Meaning::Alert),
    }
}

const LABEL_WIDTH: usize = 12;
const BOX_WIDTH: usize = 30;

pub(crate) fn render(frame: &mut Frame, body: Rect, state: &State, form: &LoginForm) {
    let theme = state.theme;
    let box_width = widgets::box_width(usize::from(body.width), LABEL_WIDTH, BOX_WIDTH);
    let mut lines = vec![Line::styled(
        sanitize(&state.vault.name).into_owned(),
        theme.style(Meaning::Title),
    )];
    if state.vault.demo {
        lines.push(Line::from(vec![
            Span::styled(" DEMO ", theme.style(Meaning::Badge)),
            Span::styled(
                " Synthetic people; the demo passphrases are public.",
                theme.style(Meaning::Muted),
            ),
        ]));
    }
    lines.push(Line::raw(""));
    let fields_at = lines.len();
    let (login, login_cursor) = if form.pinned {
        let line = Line::from(vec![
            Span::raw(format!("{:<LABEL_WIDTH$}", "Login")),
            Span::styled(
                sanitize(&form.login).into_owned(),
                theme.style(Meaning::Title),
            ),
            Span::styled("  (set by your SSH key)", theme.style(Meaning::Muted)),
        ]);
        (line, 0)
    } else {
        widgets::input_line(
            "Login",
            LABEL_WIDTH,
            &sanitize(&form.login),
            box_width,
            form.focus == LoginField::Login,
            theme,
        )
    };
    let (pass, pass_cursor) = widgets::input_line(
        "Passphrase",
        LABEL_WIDTH,
        &widgets::mask(&form.passphrase),
        box_width,
        form.focus == LoginField::Passphrase,
        theme,
    );
    lines.push(login);
    lines.push(pass);
    lines.push(Line::raw(""));
    if form.busy {
        lines.push(Line::styled("Unlocking…", theme.style(Meaning::Muted)));
    } else if let Some(message) = &form.message {
        let (text, meaning) = message_text(message, state.clock.unix);
        lines.push(Line::styled(text, theme.style(meaning)));
    }
    if form.draft_kept && !form.busy {
        lines.push(Line::styled(
            "An unsaved check-in is kept in memory for whoever was signed in.",
            theme.style(Meaning::Muted),
        ));
    }
    let width = lines.iter().map(Line::width).max().unwrap_or(0);
    let width = u16::try_from(width).unwrap_or(u16::MAX);
    let height = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let area = widgets::centered(body, width, height);
    frame.render_widget(Paragraph::new(lines), area);
    if !form.busy && !state.help_open && !state.help_now_open {
        let (row, col) = match form.focus {
            LoginField::Login => (fields_at, login_cursor),
            LoginField::Passphrase => (fields_at + 1, pass_cursor),
        };
        let y = area.y + u16::try_from(row).unwrap_or(0);
        let x = area.x + col;
        if area.contains(Position::new(x, y)) {
            frame.set_cursor_position(Position::new(x, y));
        }
    }
}
