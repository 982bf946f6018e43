//! A one-time passphrase, shown once: after a new account is made or a passphrase reset.
//! The passphrase lives only in this page; leaving it drops the page and wipes it.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use super::super::{Ctx, Reply};
use super::load;
use crate::desk::NewAccount;
use crate::tui::keymap::{Command, Key};
use crate::tui::page::{Delivery, Page};
use crate::tui::state::{Action, Effect, State, User};
use crate::tui::theme::Meaning;
use crate::tui::widgets;

/// The words under every one-time passphrase.
pub(crate) const PASS_IT_ON: &str =
    "Pass this on privately. It is shown only now; they choose their own at first login.";

#[derive(Debug)]
pub(crate) struct OneTime {
    account: NewAccount,
    /// What led here, as a heading ("New account bo", "Passphrase reset for bo").
    heading: String,
    /// More to know, under the passphrase.
    more: Option<&'static str>,
}

impl OneTime {
    pub(crate) fn after_reset(account: NewAccount) -> Self {
        Self {
            heading: format!("Passphrase reset for {}", account.login),
            account,
            more: Some(
                "Their first login makes new keys. Self-checks they had not shared could not be kept.",
            ),
        }
    }

    pub(crate) fn after_add(account: NewAccount, who: Option<String>) -> Self {
        let heading = match who {
            Some(name) => format!("New account {} for {name}", account.login),
            None => format!("New account {}", account.login),
        };
        Self {
            heading,
            account,
            more: None,
        }
    }

    /// Draws the passphrase box and its words in `area` (also used by the add form).
    pub(crate) fn draw(&self, frame: &mut Frame, area: Rect, state: &State) {
        let theme = state.theme;
        let width = usize::from(area.width);
        let mut lines = vec![
            Line::styled(
                widgets::truncate(&self.heading, width),
                theme.style(Meaning::Title),
            ),
            Line::raw(""),
        ];
        let secret = self.account.one_time_passphrase.expose();
        let inner = u16::try_from(secret.chars().count() + 6).unwrap_or(u16::MAX);
        let boxed = Rect {
            x: area.x.saturating_add(2),
            y: area.y.saturating_add(2),
            width: inner.min(area.width.saturating_sub(2)),
            height: 3.min(area.height.saturating_sub(2)),
        };
        lines.extend([Line::raw(""), Line::raw(""), Line::raw(""), Line::raw("")]);
        for text in std::iter::once(PASS_IT_ON).chain(self.more) {
            lines.extend(
                widgets::wrap_words(text, width)
                    .into_iter()
                    .map(|l| Line::styled(l, theme.style(Meaning::Text))),
            );
        }
        frame.render_widget(Paragraph::new(lines), area);
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!("  {secret}"),
                theme.style(Meaning::Title),
            ))
            .block(Block::bordered().title(" One-time passphrase ")),
            boxed,
        );
    }
}

static DONE: Command = Command::new(
    &[Key::code(KeyCode::Enter), Key::code(KeyCode::Esc)],
    "done (it is not shown again)",
    Action::Back,
);

static COMMANDS: [&Command; 1] = [&DONE];

impl Page for OneTime {
    fn commands(&self, _: &User) -> Vec<&'static Command> {
        COMMANDS.to_vec()
    }

    fn update(&mut self, action: Action, _: &Ctx, _: &User) -> Reply {
        match action {
            // The list below shows the account's new state.
            Action::Back => Reply {
                effect: Effect::Task(load()),
                ..Reply::back()
            },
            _ => Reply::none(),
        }
    }

    fn apply(&mut self, _: Delivery, _: &Ctx) -> Reply {
        Reply::none()
    }

    fn render(&self, frame: &mut Frame, area: Rect, state: &State, _: bool) {
        self.draw(frame, area, state);
    }
}
