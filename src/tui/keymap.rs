//! Each screen's single list of (keys, label, action): resolving key events against it, and the
//! footer hints and `?` help built from it. Knows nothing of what an action does or how it draws.

use std::borrow::Cow;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::state::Action;
use crate::domain::text::sanitize;

/// One key, as a command is bound to it. Shift is ignored (it is already in the character).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Key {
    code: KeyCode,
    ctrl: bool,
}

impl Key {
    pub(super) const fn code(code: KeyCode) -> Self {
        Self { code, ctrl: false }
    }

    pub(super) const fn ch(c: char) -> Self {
        Self::code(KeyCode::Char(c))
    }

    pub(super) const fn ctrl(c: char) -> Self {
        Self {
            code: KeyCode::Char(c),
            ctrl: true,
        }
    }

    pub(super) fn matches(self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        if event.modifiers.contains(KeyModifiers::ALT) || ctrl != self.ctrl {
            return false;
        }
        match (self.code, event.code) {
            (KeyCode::Char(a), KeyCode::Char(b)) if self.ctrl => a.eq_ignore_ascii_case(&b),
            (a, b) => a == b,
        }
    }

    /// The character this key types into a text field, if it is a plain character.
    fn typed(self) -> Option<char> {
        match self.code {
            KeyCode::Char(c) if !self.ctrl => Some(c),
            _ => None,
        }
    }

    /// Whether typing in `field` swallows this key, so it cannot act as a command there.
    fn shadowed_by(self, field: Option<Field>) -> bool {
        matches!((self.typed(), field), (Some(c), Some(f)) if f.accepts(c))
    }

    pub(super) fn label(self) -> String {
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) if self.ctrl => c.to_ascii_uppercase().to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Up => super::ascii::glyphs().up.into(),
            KeyCode::Down => super::ascii::glyphs().down.into(),
            KeyCode::Left => super::ascii::glyphs().left.into(),
            KeyCode::Right => super::ascii::glyphs().right.into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl-{name}")
        } else {
            name
        }
    }
}

/// A text field's kind decides which characters it takes; any other key stays a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Field {
    /// Logins are lower-case letters, digits, '.', '-' and '_' (upper case is folded).
    Login,
    /// A passphrase takes every printable character, so only F1 opens help-now there.
    Secret,
    /// The list filter: anything printable except '!' and '?', which stay help keys.
    Filter,
    /// A `YYYY-MM-DD` date: digits and '-', so letters stay commands.
    Date,
    /// A rating from 1 to 5, chosen with its digit.
    Rating,
    /// Free text (notes, a reason): every printable character, so only F1 opens help-now.
    /// Invisible direction overrides are refused: they could disguise what was written.
    Text,
    /// A questionnaire answer: one digit from `low` to `high`, acted on at once.
    Answer { low: u8, high: u8 },
}

impl Field {
    pub(super) fn accepts(self, c: char) -> bool {
        if c.is_control() {
            return false;
        }
        match self {
            Field::Login => c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'),
            Field::Secret => true,
            Field::Filter => !matches!(c, '!' | '?'),
            Field::Date => c.is_ascii_digit() || c == '-',
            Field::Rating => ('1'..='5').contains(&c),
            Field::Answer { low, high } => c
                .to_digit(10)
                .is_some_and(|d| (u32::from(low)..=u32::from(high)).contains(&d)),
            Field::Text => {
                let mut buf = [0u8; 4];
                matches!(sanitize(c.encode_utf8(&mut buf)), Cow::Borrowed(_))
            }
        }
    }

    /// The hint for the keys this field takes when they act at once rather than fill a box
    /// (an answer's digits), so the footer and `?` can name them.
    pub(super) fn hint(self) -> Option<(String, &'static str)> {
        match self {
            Field::Answer { low, high } if low == high => Some((low.to_string(), "answer")),
            Field::Answer { low, high } => Some((format!("{low}–{high}"), "answer")),
            _ => None,
        }
    }
}

/// One command of a screen: its keys (the first is the one hinted), what it does, in words.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Command {
    pub keys: &'static [Key],
    pub label: &'static str,
    pub action: Action,
    /// Shown in the footer as well as in the `?` help.
    pub footer: bool,
}

impl Command {
    pub(super) const fn new(keys: &'static [Key], label: &'static str, action: Action) -> Self {
        Self {
            keys,
            label,
            action,
            footer: true,
        }
    }

    /// A command listed in the `?` help but not in the footer (movement, editing keys).
    pub(super) const fn quiet(keys: &'static [Key], label: &'static str, action: Action) -> Self {
        Self {
            keys,
            label,
            action,
            footer: false,
        }
    }

    pub(super) fn keys_label(&self) -> String {
        let labels: Vec<String> = self.keys.iter().map(|k| k.label()).collect();
        labels.join(" ")
    }

    fn matches(&self, event: &KeyEvent) -> bool {
        self.keys.iter().any(|k| k.matches(event))
    }
}

/// Keys that work on every screen. Help-now has a function key as well as '!', so it can be
/// reached while typing a passphrase (where '!' is part of the passphrase).
pub(super) static GLOBAL: &[Command] = &[
    Command::new(
        &[Key::ch('!'), Key::code(KeyCode::F(1))],
        "help now",
        Action::OpenHelpNow,
    ),
    Command::new(&[Key::ch('?')], "keys", Action::ToggleHelp),
    // Locks from every screen once signed in (a text field takes the letter instead).
    Command::new(&[Key::ch('L')], "lock", Action::LockNow),
    // On a page, `q` goes back like Esc (each page binds it); at home it asks first.
    Command::new(&[Key::ch('q')], "quit", Action::Quit),
    Command::quiet(
        &[Key::ctrl('c')],
        "quit at once, even while typing",
        Action::QuitNow,
    ),
    Command::quiet(&[Key::ctrl('l')], "repaint the screen", Action::Repaint),
];

/// `q` on any page over home: back, like Esc, so it never loses anything unasked.
pub(super) static Q_BACK: Command = Command::quiet(&[Key::ch('q')], "back", Action::Back);

/// The keys every form shares: save, move between fields, cancel (with `q` too outside a
/// text field, so a stray key never quits with the form unsaved).
pub(crate) const SAVE: Command = Command::new(&[Key::ctrl('s')], "save", Action::Save);
pub(crate) const NEXT_FIELD: Command =
    Command::new(&[Key::code(KeyCode::Tab)], "next field", Action::NextField);
pub(crate) const PREV_FIELD: Command = Command::quiet(
    &[Key::code(KeyCode::BackTab)],
    "previous field",
    Action::PrevField,
);
pub(crate) const CANCEL: Command = Command::new(&[Key::code(KeyCode::Esc)], "cancel", Action::Back);
pub(crate) const Q_CANCEL: Command = Command::quiet(&[Key::ch('q')], "cancel", Action::Back);

/// Editing keys shared by every text field.
pub(super) const BACKSPACE: Command = Command::quiet(
    &[Key::code(KeyCode::Backspace)],
    "delete the last character",
    Action::Backspace,
);
pub(super) const CLEAR_FIELD: Command =
    Command::quiet(&[Key::ctrl('u')], "clear the field", Action::ClearField);

/// What a key does: the screen's own commands first, then typing into the focused field,
/// then the global keys (unless typing swallowed them).
pub(super) fn resolve(
    commands: &[&Command],
    field: Option<Field>,
    event: &KeyEvent,
) -> Option<Action> {
    if let Some(command) = commands.iter().find(|c| c.matches(event)) {
        return Some(command.action.clone());
    }
    let plain = !event
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    if let (Some(field), KeyCode::Char(c), true) = (field, event.code, plain)
        && field.accepts(c)
    {
        return Some(Action::Type(c));
    }
    GLOBAL
        .iter()
        .find(|c| c.matches(event))
        .map(|c| c.action.clone())
}

/// One footer hint: the key to press and what it does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Hint {
    pub key: String,
    pub label: &'static str,
    /// What a footer too narrow for every hint keeps longest.
    pub keep: Keep,
}

/// How long a footer too narrow for every hint keeps one: a screen's own hints after its
/// first few go first (from its last), then locking and quitting, then those first few and
/// the way back; help-now and the key list always stay.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Keep {
    Always,
    Main,
    Global,
    Own,
}

/// A screen's first hints, its main work, outlast locking and quitting in a narrow footer.
const MAIN_HINTS: usize = 3;

/// Whether a screen binds `key` to one of its own commands (a form takes `q` to cancel, so
/// a half-written check-in is not lost to a stray key).
fn rebound(key: Key, commands: &[&Command]) -> bool {
    commands.iter().any(|c| c.keys.contains(&key))
}

/// The global commands still reachable on a screen, each with the keys that reach it.
fn globals<'a>(
    commands: &'a [&Command],
    field: Option<Field>,
) -> impl Iterator<Item = (&'static Command, Vec<Key>)> + 'a {
    GLOBAL.iter().filter_map(move |c| {
        let keys: Vec<Key> = c
            .keys
            .iter()
            .copied()
            .filter(|k| !k.shadowed_by(field) && !rebound(*k, commands))
            .collect();
        (!keys.is_empty()).then_some((c, keys))
    })
}

/// The footer: the screen's footer commands, then the global ones, each with its first key
/// that typing in `field` does not swallow. Help-now and the key list are never left out.
pub(super) fn hints(commands: &[&Command], field: Option<Field>) -> Vec<Hint> {
    let typed = field.and_then(Field::hint).map(|(key, label)| Hint {
        key,
        label,
        keep: Keep::Own,
    });
    let own = typed
        .into_iter()
        .chain(commands.iter().filter(|c| c.footer).map(|c| Hint {
            key: c.keys[0].label(),
            label: c.label,
            // The way back out (Esc: back, cancel in a form, clear a kept filter) is main.
            keep: if matches!(c.action, Action::Back | Action::ClearFilter) {
                Keep::Main
            } else {
                Keep::Own
            },
        }))
        .enumerate()
        .map(|(i, hint)| Hint {
            keep: if i < MAIN_HINTS {
                Keep::Main
            } else {
                hint.keep
            },
            ..hint
        });
    let global = globals(commands, field)
        .filter(|(c, _)| c.footer)
        .map(|(c, keys)| Hint {
            key: keys[0].label(),
            label: c.label,
            keep: if matches!(c.action, Action::OpenHelpNow | Action::ToggleHelp) {
                Keep::Always
            } else {
                Keep::Global
            },
        });
    own.chain(global).collect()
}

/// One line of the `?` help: all the keys of a command, and what it does.
pub(super) type HelpEntry = (String, &'static str);

/// The `?` help: what the field takes (if its keys act at once), every key of every command
/// of the screen, then the global keys it leaves.
pub(super) fn help_entries(
    commands: &[&Command],
    field: Option<Field>,
) -> (Vec<HelpEntry>, Vec<HelpEntry>) {
    let own = field
        .and_then(Field::hint)
        .into_iter()
        .chain(commands.iter().map(|c| (c.keys_label(), c.label)))
        .collect();
    let global = globals(commands, None)
        .map(|(c, keys)| {
            let labels: Vec<String> = keys.iter().map(|k| k.label()).collect();
            (labels.join(" "), c.label)
        })
        .collect();
    (own, global)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEventKind;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent {
            code,
            modifiers,
            kind: KeyEventKind::Press,
            state: ratatui::crossterm::event::KeyEventState::NONE,
        }
    }

    static SCREEN: &[Command] = &[
        Command::new(&[Key::code(KeyCode::Enter)], "open", Action::Open),
        Command::quiet(
            &[Key::ch('j'), Key::code(KeyCode::Down)],
            "down",
            Action::Down,
        ),
        Command::new(&[Key::ch('R')], "role", Action::NextRole),
    ];

    fn screen() -> Vec<&'static Command> {
        SCREEN.iter().collect()
    }

    #[test]
    fn shifted_letters_and_control_keys_match_their_bindings() {
        let cmds = screen();
        let shift_r = press(KeyCode::Char('R'), KeyModifiers::SHIFT);
        assert_eq!(resolve(&cmds, None, &shift_r), Some(Action::NextRole));
        let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(resolve(&cmds, None, &ctrl_c), Some(Action::QuitNow));
        let alt_j = press(KeyCode::Char('j'), KeyModifiers::ALT);
        assert_eq!(resolve(&cmds, None, &alt_j), None);
    }

    #[test]
    fn typing_wins_over_global_letters_but_not_over_f1() {
        let none: Vec<&Command> = Vec::new();
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(
            resolve(&none, Some(Field::Login), &q),
            Some(Action::Type('q'))
        );
        assert_eq!(resolve(&none, None, &q), Some(Action::Quit));
        let bang = press(KeyCode::Char('!'), KeyModifiers::SHIFT);
        assert_eq!(
            resolve(&none, Some(Field::Secret), &bang),
            Some(Action::Type('!'))
        );
        assert_eq!(
            resolve(&none, Some(Field::Login), &bang),
            Some(Action::OpenHelpNow)
        );
        assert_eq!(
            resolve(&none, Some(Field::Filter), &bang),
            Some(Action::OpenHelpNow)
        );
        let f1 = press(KeyCode::F(1), KeyModifiers::NONE);
        assert_eq!(
            resolve(&none, Some(Field::Secret), &f1),
            Some(Action::OpenHelpNow)
        );
    }

    #[test]
    fn footer_hints_name_a_key_that_works_in_the_current_field() {
        let cmds = screen();
        let keys = |field| -> Vec<String> {
            hints(&cmds, field)
                .into_iter()
                .map(|h| format!("{} {}", h.key, h.label))
                .collect()
        };
        assert_eq!(
            keys(None),
            [
                "Enter open",
                "R role",
                "! help now",
                "? keys",
                "L lock",
                "q quit"
            ]
        );
        assert_eq!(
            keys(Some(Field::Secret)),
            ["Enter open", "R role", "F1 help now"]
        );
        assert_eq!(
            keys(Some(Field::Login)),
            ["Enter open", "R role", "! help now", "? keys"]
        );
    }

    #[test]
    fn a_global_key_a_screen_takes_for_itself_is_neither_hinted_nor_listed() {
        static FORM: [Command; 2] = [
            Command::new(&[Key::ctrl('s')], "save", Action::Save),
            Command::quiet(&[Key::ch('q')], "cancel", Action::Back),
        ];
        let cmds: Vec<&Command> = FORM.iter().collect();
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(resolve(&cmds, None, &q), Some(Action::Back));
        let hinted: Vec<String> = hints(&cmds, None).into_iter().map(|h| h.key).collect();
        assert_eq!(hinted, ["Ctrl-S", "!", "?", "L"]);
        let (_, global) = help_entries(&cmds, None);
        assert!(global.iter().all(|(_, label)| *label != "quit"));
        assert!(
            global.iter().any(|(k, _)| k == "Ctrl-C"),
            "Ctrl-C still quits"
        );
    }

    #[test]
    fn text_fields_take_what_people_type_but_not_invisible_overrides() {
        for c in ['q', '?', '!', ' ', 'é', '漢'] {
            assert!(Field::Text.accepts(c), "{c}");
        }
        for c in ['\u{202e}', '\u{2066}', '\u{1b}', '\n'] {
            assert!(!Field::Text.accepts(c), "{c:?}");
        }
        assert!(Field::Date.accepts('7') && Field::Date.accepts('-'));
        assert!(!Field::Date.accepts('q'));
        assert!(Field::Rating.accepts('5') && !Field::Rating.accepts('6'));
    }

    #[test]
    fn help_lists_every_key_of_every_command() {
        let (own, global) = help_entries(&screen(), None);
        assert_eq!(own[1], ("j ↓".to_string(), "down"));
        assert_eq!(own.len(), SCREEN.len());
        assert_eq!(global.len(), GLOBAL.len());
        assert_eq!(global[0].0, "! F1");
    }
}
