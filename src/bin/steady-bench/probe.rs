//! The app without a terminal: it signs in as a person would (keys through the app's own
//! keymap, `update` and the desk, via `steady::tui::App`), types into the people filter and
//! draws the home screen into a `TestBackend`. Timing is this file's; the app has no probe.

use std::time::{Duration, Instant};

use chrono::NaiveDate;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Size;
use serde_json::{Map, Value, json};
use steady::desk::{self, LockedVault, VaultPaths};
use steady::tui::{App, TuiOptions};

use crate::support::{median, ms, timed};
use crate::{BenchResult, CHIEF, CHIEF_PASSPHRASE};

/// A signed-in app at its home screen, drawn into a `width` × `height` test terminal.
struct HomeProbe {
    app: App,
    terminal: Terminal<TestBackend>,
}

/// How long a sign-in took from the passphrase's Enter, key derivation included.
#[derive(Clone, Copy, Debug)]
struct SignInTimes {
    /// To the first frame of the home screen (its sections may still say "Loading…").
    first_home_frame: Duration,
    /// To the home screen drawn with every section loaded.
    ready: Duration,
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
    Event::Key(KeyEvent::new(code, modifiers))
}

impl HomeProbe {
    /// Opens the vault and signs in with `login` and `passphrase`, key by key, drawing every
    /// frame the event loop draws after the passphrase's Enter (one before each effect, one
    /// when they are done), and timing it.
    fn sign_in(
        paths: &VaultPaths,
        login: &str,
        passphrase: &str,
        size: Size,
        day: Option<NaiveDate>,
    ) -> BenchResult<(Self, SignInTimes)> {
        let vault = LockedVault::open(paths)?;
        let options = TuiOptions::default();
        let app = match day {
            Some(day) => App::open_on(vault, &options, size, day),
            None => App::open(vault, &options, size),
        };
        let terminal = Terminal::new(TestBackend::new(size.width, size.height))?;
        let mut probe = Self { app, terminal };
        probe.type_text(login);
        probe.press(KeyCode::Tab, KeyModifiers::NONE);
        probe.type_text(passphrase);
        let started = Instant::now();
        let mut first_home_frame = None;
        let terminal = &mut probe.terminal;
        let handled = probe.app.handle(
            &key(KeyCode::Enter, KeyModifiers::NONE),
            |shown| -> BenchResult<()> {
                terminal.draw(|frame| shown.render(frame))?;
                if first_home_frame.is_none() && shown.is_signed_in() {
                    first_home_frame = Some(started.elapsed());
                }
                Ok(())
            },
        )?;
        if !handled {
            return Err("Enter does nothing at the login screen".into());
        }
        probe.draw()?;
        let ready = started.elapsed();
        if !probe.app.shown().is_signed_in() {
            return Err(format!("{login} did not reach home:\n{}", probe.text()).into());
        }
        if probe.text().contains("Loading…") {
            return Err(format!(
                "{login}'s home is still loading after every effect ran:\n{}",
                probe.text()
            )
            .into());
        }
        let times = SignInTimes {
            first_home_frame: first_home_frame.unwrap_or(ready),
            ready,
        };
        Ok((probe, times))
    }

    /// One key, handled as the event loop handles it (effects performed in line).
    fn press(&mut self, code: KeyCode, modifiers: KeyModifiers) {
        let _ = self.app.handle(&key(code, modifiers), |_| {
            Ok::<(), std::convert::Infallible>(())
        });
    }

    fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.press(KeyCode::Char(c), KeyModifiers::NONE);
        }
    }

    /// Draws the current screen, as the loop does after each event.
    fn draw(&mut self) -> BenchResult<()> {
        let shown = self.app.shown();
        self.terminal.draw(|frame| shown.render(frame))?;
        Ok(())
    }

    /// What the test terminal shows, for a check that the probe drew what it claims.
    fn text(&self) -> String {
        self.terminal.backend().to_string()
    }
}

const SCREEN: Size = Size::new(200, 60);

/// The admin's home, signed into key by key, with all `people` on its people list:
/// `roster_filter_ms` (the filter's first key checks every person; later keys only those
/// still shown) and `tui_frame_ms` (the whole home screen as the loop draws it after a key).
pub(crate) fn admin_home(
    paths: &VaultPaths,
    people: usize,
    runs: usize,
    out: &mut Map<String, Value>,
) -> BenchResult<()> {
    let admin_passphrase = desk::demo_admin_passphrase();
    let (mut probe, _) =
        HomeProbe::sign_in(paths, "admin", admin_passphrase.expose(), SCREEN, None)?;
    match probe.app.shown().people_listed() {
        Some((_, total)) if total == people => {}
        other => return Err(format!("the admin's home lists {other:?} people").into()),
    }
    probe.press(KeyCode::Char('/'), KeyModifiers::NONE);
    let first_keys = ['a', 't', 'h', 'e', 'z', '0'];
    let mut samples = Vec::new();
    for i in 0..runs.max(first_keys.len()) {
        probe.press(KeyCode::Char('u'), KeyModifiers::CONTROL);
        let started = Instant::now();
        probe.press(
            KeyCode::Char(first_keys[i % first_keys.len()]),
            KeyModifiers::NONE,
        );
        samples.push(ms(started));
    }
    out.insert("roster_filter_ms".into(), json!(median(samples)));
    probe.press(KeyCode::Char('u'), KeyModifiers::CONTROL);
    probe.press(KeyCode::Esc, KeyModifiers::NONE);
    let frame = timed(runs.max(20), |_| probe.draw())?;
    if !probe.text().contains("Everyone on the roster") {
        return Err(format!("the probe drew no people list:\n{}", probe.text()).into());
    }
    out.insert("tui_frame_ms".into(), json!(frame));
    Ok(())
}

/// From the passphrase's Enter to a home screen with every section loaded, through the
/// app (its clock on `day`), for the coordinator and the top of the chain; argon2
/// (`kdf_ms`, at these slots' cost, the same as the admin's) taken out and reported apart.
pub(crate) fn login_ready(
    paths: &VaultPaths,
    runs: usize,
    kdf_ms: f64,
    day: NaiveDate,
    out: &mut Map<String, Value>,
) -> BenchResult<()> {
    let mut by_role = Map::new();
    let (mut ready_worst, mut first_worst) = (0.0f64, 0.0f64);
    for (login, passphrase) in [
        ("coordinator", "demo-coordinator-passphrase"),
        (CHIEF, CHIEF_PASSPHRASE),
    ] {
        let (mut ready, mut first) = (Vec::new(), Vec::new());
        for _ in 0..runs.clamp(1, 3) {
            let (probe, times) = HomeProbe::sign_in(paths, login, passphrase, SCREEN, Some(day))?;
            drop(probe);
            ready.push((times.ready.as_secs_f64() * 1000.0 - kdf_ms).max(0.0));
            first.push((times.first_home_frame.as_secs_f64() * 1000.0 - kdf_ms).max(0.0));
        }
        let (ready, first) = (median(ready), median(first));
        ready_worst = ready_worst.max(ready);
        first_worst = first_worst.max(first);
        by_role.insert(
            login.into(),
            json!({ "ready_ms": ready, "first_home_frame_ms": first }),
        );
    }
    out.insert("login_ready_ms".into(), json!(ready_worst));
    out.insert("login_first_frame_ms".into(), json!(first_worst));
    out.insert("login_kdf_ms".into(), json!(kdf_ms));
    out.insert("login_by_role".into(), Value::Object(by_role));
    out.insert("login_as_of".into(), json!(day.to_string()));
    Ok(())
}
