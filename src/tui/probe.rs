//! The app without a terminal, for the benchmark: it signs in as a person would (keys
//! through the keymap, `update` and the desk), types into the people filter and draws the
//! home screen into a `TestBackend`. The app itself never uses this.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers,
};
use ratatui::layout::Size;

use super::TuiOptions;
use super::app::{self, App, action_for};
use super::screens;
use super::state::{Screen, State};
use super::theme::Theme;
use crate::desk::{LockedVault, VaultPaths};

/// A signed-in app at its home screen, drawn into a `width` × `height` test terminal.
pub struct HomeProbe {
    app: App,
    terminal: Terminal<TestBackend>,
}

impl HomeProbe {
    /// Opens the vault and signs in with `login` and `passphrase`, key by key.
    pub fn sign_in(
        paths: &VaultPaths,
        login: &str,
        passphrase: &str,
        width: u16,
        height: u16,
    ) -> Result<Self, String> {
        let vault = LockedVault::open(paths).map_err(|e| e.to_string())?;
        let app = App::new(
            vault,
            &TuiOptions::default(),
            Theme::COLOUR,
            app::now(),
            Size::new(width, height),
        );
        let terminal = Terminal::new(TestBackend::new(width, height)).map_err(|e| e.to_string())?;
        let mut probe = Self { app, terminal };
        probe.type_text(login);
        probe.press(KeyCode::Tab);
        probe.type_text(passphrase);
        probe.press(KeyCode::Enter);
        if !matches!(probe.app.state.screen, Screen::Workspace(_)) {
            probe.draw()?;
            return Err(format!(
                "{login} did not reach home:\n{}",
                probe.terminal.backend()
            ));
        }
        Ok(probe)
    }

    /// One key, handled as the event loop handles it (effects performed in line).
    pub fn press(&mut self, code: KeyCode) {
        self.press_with(code, KeyModifiers::NONE);
    }

    /// One key with modifiers (Ctrl-U clears the field being typed in).
    pub fn press_with(&mut self, code: KeyCode, modifiers: KeyModifiers) {
        let event = Event::Key(KeyEvent {
            code,
            modifiers,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        });
        if let Some(action) = action_for(&self.app.state, &event) {
            let _ = self
                .app
                .dispatch(action, |_| Ok::<(), std::convert::Infallible>(()));
        }
    }

    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.press(KeyCode::Char(c));
        }
    }

    /// Draws the current screen, as the loop does after each event.
    pub fn draw(&mut self) -> Result<(), String> {
        let state: &State = &self.app.state;
        self.terminal
            .draw(|frame| screens::render(state, frame))
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    /// People on the home list and how many of them the filter shows.
    pub fn people_shown(&self) -> Option<(usize, usize)> {
        match &self.app.state.screen {
            Screen::Workspace(ws) => Some((ws.people.shown_len(), ws.people.total())),
            _ => None,
        }
    }

    /// What the test terminal shows, for a check that the probe drew what it claims.
    pub fn text(&self) -> String {
        self.terminal.backend().to_string()
    }
}
