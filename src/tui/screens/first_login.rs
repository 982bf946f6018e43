//! The first-login screen: a new passphrase typed twice, checked before the slow save.
//! Never saves anything itself: a valid pair becomes `Effect::ChoosePassphrase`.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::desk::{self, MIN_PASSPHRASE_CHARS};
use crate::domain::text::sanitize;
use crate::tui::keymap::{BACKSPACE, CLEAR_FIELD, Command, Key};
use crate::tui::state::{Action, Effect, Screen, State};
use crate::tui::theme::Meaning;
use crate::tui::widgets::{self, SecretText};

use super::login::LoginForm;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum NewField {
    #[default]
    First,
    Again,
}

#[derive(Debug)]
pub(crate) struct NewPassphraseForm {
    pub login: String,
    pub first: SecretText,
    pub again: SecretText,
    pub focus: NewField,
    /// Saving is under way (argon2 and fresh keys): shows "Saving…", ignores keys.
    pub busy: bool,
    pub message: Option<String>,
}

impl NewPassphraseForm {
    pub(crate) fn new(login: String) -> Self {
        Self {
            login,
            first: SecretText::default(),
            again: SecretText::default(),
            focus: NewField::First,
            busy: false,
            message: None,
        }
    }

    fn focused(&mut self) -> &mut SecretText {
        match self.focus {
            NewField::First => &mut self.first,
            NewField::Again => &mut self.again,
        }
    }

    /// The vault refused the choice (why): both boxes empty, ready for another.
    pub(crate) fn refused(&mut self, reason: &str) {
        self.busy = false;
        self.start_over(widgets::sentence(reason));
    }

    fn start_over(&mut self, message: String) {
        self.first.clear();
        self.again.clear();
        self.focus = NewField::First;
        self.message = Some(message);
    }
}

static COMMANDS: [Command; 6] = [
    Command::new(&[Key::code(KeyCode::Enter)], "save", Action::Submit),
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
    Command::new(
        &[Key::code(KeyCode::Esc)],
        "cancel (back to login)",
        Action::Back,
    ),
    BACKSPACE,
    CLEAR_FIELD,
];

pub(crate) fn commands() -> Vec<&'static Command> {
    COMMANDS.iter().collect()
}

pub(crate) fn update(state: &mut State, action: Action) -> Effect {
    let Screen::FirstLogin(form) = &mut state.screen else {
        return Effect::None;
    };
    if form.busy {
        return Effect::None;
    }
    match action {
        Action::Type(c) => form.focused().push(c),
        Action::Backspace => form.focused().pop(),
        Action::ClearField => form.focused().clear(),
        Action::NextField | Action::PrevField => {
            form.focus = match form.focus {
                NewField::First => NewField::Again,
                NewField::Again => NewField::First,
            };
        }
        Action::Submit => return submit(form, &state.vault.name),
        Action::Back => {
            state.screen =
                Screen::Login(LoginForm::default().pinned_to(state.pinned_login.as_deref()));
            return Effect::AbandonFirstLogin;
        }
        _ => {}
    }
    Effect::None
}

fn submit(form: &mut NewPassphraseForm, vault_name: &str) -> Effect {
    if form.focus == NewField::First && form.again.is_empty() {
        form.focus = NewField::Again;
        return Effect::None;
    }
    if !form.first.same_as(&form.again) {
        form.start_over("The two passphrases differ. Please type them both again.".into());
        return Effect::None;
    }
    // The same check the vault makes, done here so a weak passphrase costs no argon2 run
    // and the one-time session is kept for the next try (the vault alone knows the
    // one-time passphrase, and refuses it when this is sent).
    let chosen = form.first.to_passphrase();
    if let Err(e) = desk::check_new_passphrase(&chosen, &form.login, vault_name) {
        let text = match e {
            desk::Error::Invalid(text) => text,
            other => other.to_string(),
        };
        form.start_over(widgets::sentence(&text));
        return Effect::None;
    }
    form.busy = true;
    form.message = None;
    form.again.clear();
    Effect::ChoosePassphrase(form.first.take())
}

const LABEL_WIDTH: usize = 16;
const BOX_WIDTH: usize = 30;

pub(crate) fn render(frame: &mut Frame, body: Rect, state: &State, form: &NewPassphraseForm) {
    let theme = state.theme;
    let width = body.width.min(64);
    let room = usize::from(width);
    let box_width = widgets::box_width(room, LABEL_WIDTH, BOX_WIDTH);
    let mut lines: Vec<Line> = Vec::new();
    let welcome = format!(
        "Welcome, {}. Please choose your own passphrase.",
        sanitize(&form.login)
    );
    let why = "The passphrase you were given works only once: from now on, only you should know the one you use.";
    let how =
        format!("At least {MIN_PASSPHRASE_CHARS} characters. A few unrelated words work well.");
    for (text, meaning) in [
        (welcome.as_str(), Meaning::Title),
        (why, Meaning::Text),
        (how.as_str(), Meaning::Muted),
    ] {
        lines.extend(
            widgets::wrap_words(text, room)
                .into_iter()
                .map(|l| Line::styled(l, theme.style(meaning))),
        );
        if meaning == Meaning::Title {
            lines.push(Line::raw(""));
        }
    }
    lines.push(Line::raw(""));
    let fields_at = lines.len();
    let (first, first_cursor) = widgets::input_line(
        "New passphrase",
        LABEL_WIDTH,
        &widgets::mask(&form.first),
        box_width,
        form.focus == NewField::First,
        theme,
    );
    let (again, again_cursor) = widgets::input_line(
        "Type it again",
        LABEL_WIDTH,
        &widgets::mask(&form.again),
        box_width,
        form.focus == NewField::Again,
        theme,
    );
    lines.push(first);
    lines.push(again);
    lines.push(Line::raw(""));
    if form.busy {
        lines.push(Line::styled("Saving…", theme.style(Meaning::Muted)));
    } else if let Some(message) = &form.message {
        lines.extend(
            widgets::wrap_words(message, room)
                .into_iter()
                .map(|l| Line::styled(l, theme.style(Meaning::Alert))),
        );
    }
    let height = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let area = widgets::centered(body, width, height);
    frame.render_widget(Paragraph::new(lines), area);
    if !form.busy && !state.help_open && !state.help_now_open {
        let (row, col) = match form.focus {
            NewField::First => (fields_at, first_cursor),
            NewField::Again => (fields_at + 1, again_cursor),
        };
        let at = Position::new(area.x + col, area.y + u16::try_from(row).unwrap_or(0));
        if area.contains(at) {
            frame.set_cursor_position(at);
        }
    }
}
