//! The app without a terminal, for the benchmark: it signs in as a person would (keys
//! through the keymap, `update` and the desk), types into the people filter and draws the
//! home screen into a `TestBackend`. The app itself never uses this.

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers,
};
use ratatui::layout::Size;
use std::time::{Duration, Instant};

use super::TuiOptions;
use super::app::{self, App, action_for};
use super::screens;
use super::state::{Clock, Screen, State};
use super::theme::Theme;
use crate::desk::{LockedVault, VaultPaths};

/// A signed-in app at its home screen, drawn into a `width` × `height` test terminal.
pub struct HomeProbe {
    app: App,
    terminal: Terminal<TestBackend>,
}

/// How long a sign-in took from the passphrase's Enter, key derivation included.
#[derive(Clone, Copy, Debug)]
pub struct SignInTimes {
    /// To the first frame of the home screen (its sections may still say "Loading…").
    pub first_home_frame: Duration,
    /// To the home screen drawn with every section loaded.
    pub ready: Duration,
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
        Self::sign_in_timed(paths, login, passphrase, width, height).map(|(probe, _)| probe)
    }

    /// As [`HomeProbe::sign_in`], drawing every frame the event loop draws after the
    /// passphrase's Enter (one before each effect, one when they are done), and timing it.
    pub fn sign_in_timed(
        paths: &VaultPaths,
        login: &str,
        passphrase: &str,
        width: u16,
        height: u16,
    ) -> Result<(Self, SignInTimes), String> {
        Self::sign_in_timed_on(paths, login, passphrase, width, height, app::now())
    }

    /// As [`HomeProbe::sign_in_timed`], with the app's clock on `day` (at this time of day).
    pub fn sign_in_timed_on_day(
        paths: &VaultPaths,
        login: &str,
        passphrase: &str,
        (width, height): (u16, u16),
        day: NaiveDate,
    ) -> Result<(Self, SignInTimes), String> {
        let now = app::now();
        let shift = day - now.local.date();
        let clock = Clock {
            local: now.local + shift,
            unix: now.unix + shift.num_seconds(),
        };
        Self::sign_in_timed_on(paths, login, passphrase, width, height, clock)
    }

    fn sign_in_timed_on(
        paths: &VaultPaths,
        login: &str,
        passphrase: &str,
        width: u16,
        height: u16,
        clock: Clock,
    ) -> Result<(Self, SignInTimes), String> {
        let vault = LockedVault::open(paths).map_err(|e| e.to_string())?;
        let app = App::new(
            vault,
            &TuiOptions::default(),
            Theme::COLOUR,
            clock,
            Size::new(width, height),
        );
        let terminal = Terminal::new(TestBackend::new(width, height)).map_err(|e| e.to_string())?;
        let mut probe = Self { app, terminal };
        probe.type_text(login);
        probe.press(KeyCode::Tab);
        probe.type_text(passphrase);
        let enter = Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        let action = action_for(&probe.app.state, &enter)
            .ok_or_else(|| "Enter does nothing at the login screen".to_string())?;
        let started = Instant::now();
        let mut first_home_frame = None;
        let terminal = &mut probe.terminal;
        probe.app.dispatch(action, |state| {
            terminal
                .draw(|frame| screens::render(state, frame))
                .map_err(|e| e.to_string())?;
            if first_home_frame.is_none() && matches!(state.screen, Screen::Workspace(_)) {
                first_home_frame = Some(started.elapsed());
            }
            Ok::<(), String>(())
        })?;
        probe.draw()?;
        let ready = started.elapsed();
        if !matches!(probe.app.state.screen, Screen::Workspace(_)) {
            return Err(format!(
                "{login} did not reach home:\n{}",
                probe.terminal.backend()
            ));
        }
        if probe.text().contains("Loading…") {
            return Err(format!(
                "{login}'s home is still loading after every effect ran:\n{}",
                probe.text()
            ));
        }
        let times = SignInTimes {
            first_home_frame: first_home_frame.unwrap_or(ready),
            ready,
        };
        Ok((probe, times))
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
