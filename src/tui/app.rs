//! The event loop: draw, then handle one event — translate it to an action, `update`, and
//! perform the effects that follow. Owns the terminal and restores it on every way out.

use std::io;
use std::sync::Once;
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

use chrono::{Local, NaiveDate, Utc};
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseButton, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::layout::Size;

use super::TuiOptions;
use super::effects::Effects;
use super::keymap;
use super::screens;
use super::state::{Action, Clock, Effect, Screen, State, VaultInfo, update};
use super::theme::Theme;
use super::widgets;
use crate::desk::LockedVault;

/// The state and the runner that performs its effects: everything but the terminal. `run`
/// drives it from a real terminal; [`App::open`], [`App::handle`] and [`App::shown`] let a
/// program drive it from events of its own (the benchmark signs in this way, key by key).
pub struct App {
    pub(super) state: State,
    pub(super) effects: Effects,
}

/// The app as it stands between effects, to be drawn into any ratatui frame.
#[derive(Clone, Copy)]
pub struct Shown<'a>(&'a State);

impl Shown<'_> {
    /// Draws the screen, as the loop does after each event.
    pub fn render(&self, frame: &mut ratatui::Frame) {
        screens::render(self.0, frame);
    }

    /// Whether a person is signed in and at work (not at the login or first-login screen).
    pub fn is_signed_in(&self) -> bool {
        matches!(self.0.screen, Screen::Workspace(_))
    }

    /// The people on the home list: how many the filter shows, of how many.
    pub fn people_listed(&self) -> Option<(usize, usize)> {
        match &self.0.screen {
            Screen::Workspace(ws) => Some((ws.people.shown_len(), ws.people.total())),
            _ => None,
        }
    }
}

impl App {
    /// The app over `vault` at the login screen, for a terminal of `size`, on the system
    /// clock and the environment's colours (`NO_COLOR`), as `run` starts it.
    pub fn open(vault: LockedVault, options: &TuiOptions, size: Size) -> Self {
        Self::new(vault, options, Theme::from_env(), now(), size)
    }

    /// As [`App::open`], with the app's day `day` (at the present time of day): for a
    /// program replaying days after a vault's history, as the benchmark does.
    pub fn open_on(vault: LockedVault, options: &TuiOptions, size: Size, day: NaiveDate) -> Self {
        let now = now();
        let shift = day - now.local.date();
        let clock = Clock {
            local: now.local + shift,
            unix: now.unix + shift.num_seconds(),
        };
        Self::new(vault, options, Theme::from_env(), clock, size)
    }

    /// The screen as it stands.
    pub fn shown(&self) -> Shown<'_> {
        Shown(&self.state)
    }

    /// Handles one terminal event as the loop does — the keymap, `update`, then each effect
    /// that follows performed in line, with `before_effect` called before each (the loop
    /// draws there). Returns whether the event meant anything on the current screen.
    pub fn handle<E>(
        &mut self,
        event: &Event,
        mut before_effect: impl FnMut(Shown<'_>) -> Result<(), E>,
    ) -> Result<bool, E> {
        let Some(action) = action_for(&self.state, event) else {
            return Ok(false);
        };
        self.dispatch(action, |state| before_effect(Shown(state)))?;
        Ok(true)
    }

    pub(super) fn new(
        vault: LockedVault,
        options: &TuiOptions,
        theme: Theme,
        clock: Clock,
        size: Size,
    ) -> Self {
        let info = VaultInfo {
            name: vault.name().to_string(),
            demo: vault.is_demo(),
        };
        let theme = theme.in_ascii(options.ascii);
        let mut state = State::new(
            info,
            options
                .lock_minutes
                .unwrap_or(crate::desk::DEFAULT_LOCK_MINUTES),
            theme,
            clock,
            size,
        );
        state.lock_ceiling = options.lock_minutes;
        state.pin_login(options.pinned_login.clone());
        let mut effects = Effects::new(vault, options.rules.clone());
        effects.pin_login(options.pinned_login.clone());
        effects.hand_off_readers(options.reader_handoff);
        Self { state, effects }
    }

    /// Applies `action`, then performs each effect that follows, calling `before_effect`
    /// first: the loop draws there, so "Unlocking…" is on screen while argon2 runs.
    pub(super) fn dispatch<E>(
        &mut self,
        action: Action,
        mut before_effect: impl FnMut(&State) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut effect = update(&mut self.state, action);
        while !matches!(effect, Effect::None) {
            before_effect(&self.state)?;
            self.effects.set_today(self.state.clock.today());
            effect = match self.effects.perform(effect) {
                Some(next) => update(&mut self.state, next),
                None => Effect::None,
            };
        }
        Ok(())
    }
}

/// How the loop waits for an effect that takes a while (a year of figures at 60,000 people,
/// a first unlock at a high argon2 cost).
#[derive(Clone, Copy, Debug)]
pub(super) struct Patience {
    /// An effect still running after this shows a "Working…" line with the time so far.
    pub show_after: Duration,
    /// How often the line is brought up to date.
    pub redraw_every: Duration,
}

impl Patience {
    pub(super) const HUMAN: Patience = Patience {
        show_after: Duration::from_secs(1),
        redraw_every: Duration::from_millis(100),
    };
}

impl App {
    /// As [`App::dispatch`], but each effect runs on a worker thread while this thread keeps
    /// the screen alive: `draw(state, None)` before the effect, then, once it has run for
    /// `patience.show_after`, `draw(state, Some(elapsed))` every `patience.redraw_every`
    /// until it is done. Keys pressed meanwhile wait in the terminal's queue.
    pub(super) fn dispatch_live<E>(
        &mut self,
        action: Action,
        patience: Patience,
        mut draw: impl FnMut(&State, Option<Duration>) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut effect = update(&mut self.state, action);
        while !matches!(effect, Effect::None) {
            draw(&self.state, None)?;
            let state = &self.state;
            let effects = &mut self.effects;
            effects.set_today(state.clock.today());
            let next = std::thread::scope(|scope| {
                let started = Instant::now();
                let (done, result) = std::sync::mpsc::channel();
                let worker = scope.spawn(move || {
                    // The receiver waits for this until the effect is done.
                    let _ = done.send(effects.perform(effect));
                });
                loop {
                    let elapsed = started.elapsed();
                    if elapsed >= patience.show_after {
                        draw(state, Some(elapsed))?;
                    }
                    // Returns as soon as the effect is done: a quick one waits for nothing.
                    match result.recv_timeout(patience.redraw_every) {
                        Ok(next) => return Ok(next),
                        Err(RecvTimeoutError::Timeout) => {}
                        Err(RecvTimeoutError::Disconnected) => {
                            // The worker panicked before answering: the panic goes on here.
                            return match worker.join() {
                                Ok(()) => Ok(None),
                                Err(panic) => std::panic::resume_unwind(panic),
                            };
                        }
                    }
                }
            })?;
            effect = match next {
                Some(next) => update(&mut self.state, next),
                None => Effect::None,
            };
        }
        Ok(())
    }
}

/// What a terminal event means here, if anything.
pub(super) fn action_for(state: &State, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => keymap::resolve(
            &screens::active_commands(state),
            screens::active_field(state),
            key,
        ),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollDown => Some(Action::ScrollAt {
                lines: 3,
                column: mouse.column,
                row: mouse.row,
            }),
            MouseEventKind::ScrollUp => Some(Action::ScrollAt {
                lines: -3,
                column: mouse.column,
                row: mouse.row,
            }),
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                column: mouse.column,
                row: mouse.row,
            }),
            _ => None,
        },
        Event::Resize(width, height) => Some(Action::Resize {
            width: *width,
            height: *height,
        }),
        _ => None,
    }
}

/// The system clock, read only here; everything else reads
/// `State::clock`.
pub(super) fn now() -> Clock {
    let utc = Utc::now();
    Clock {
        local: utc.with_timezone(&Local).naive_local(),
        unix: utc.timestamp(),
    }
}

/// Wake on the next whole second, so the clock and the lock timer stay current.
fn until_next_second() -> Duration {
    let millis = 1000 - u64::from(Utc::now().timestamp_subsec_millis().min(999));
    Duration::from_millis(millis)
}

pub fn run(vault: LockedVault, options: TuiOptions) -> io::Result<()> {
    run_or_hand_off(vault, options).map(drop)
}

/// As [`run`]; where `options.reader_handoff` is set and a login's account prefers the
/// screen-reader mode, the app ends at once (the terminal handed back) and returns that
/// login's session, for the line front end to go on with.
pub fn run_or_hand_off(
    vault: LockedVault,
    options: TuiOptions,
) -> io::Result<Option<crate::desk::Session>> {
    let theme = Theme::from_env();
    let mut terminal = TerminalSession::start()?;
    let size = terminal.size()?;
    let mut app = App::new(vault, &options, theme, now(), size);
    let hung_up = || {
        options
            .hangup
            .as_ref()
            .is_some_and(|flag| flag.load(std::sync::atomic::Ordering::Relaxed))
    };
    loop {
        if hung_up() {
            // The connection is gone: nothing can be shown or typed any more. Whatever
            // was being written has committed (effects run to the end); a form not yet
            // saved was never written.
            break;
        }
        app.state.clock = now();
        app.dispatch_live(Action::Tick, Patience::HUMAN, |state, working| {
            terminal.draw(state, working)
        })?;
        terminal.draw(&app.state, None)?;
        app.state.repaint = false;
        if app.state.quit {
            break;
        }
        // A hung-up terminal reads as ready with nothing in it, and crossterm would read it
        // for ever: look before crossterm does (keys it has already buffered come first).
        if let TerminalInput::HungUp = wait_for_terminal(Duration::ZERO) {
            break;
        }
        let ready = event::poll(Duration::ZERO)? || {
            match wait_for_terminal(until_next_second()) {
                TerminalInput::HungUp => break,
                TerminalInput::Ready => event::poll(Duration::ZERO)?,
                TerminalInput::Quiet => false,
            }
        };
        if hung_up() {
            break;
        }
        if ready {
            let event = event::read()?;
            if let Some(action) = action_for(&app.state, &event) {
                app.state.clock = now();
                app.dispatch_live(action, Patience::HUMAN, |state, working| {
                    terminal.draw(state, working)
                })?;
            }
        }
        if app.state.quit {
            break;
        }
    }
    let handed_off = app.effects.take_handed_off();
    // The session (and its keys) goes with `app`, before the terminal is handed back.
    drop(app);
    drop(terminal);
    Ok(handed_off)
}

enum TerminalInput {
    Ready,
    Quiet,
    HungUp,
}

/// Waits up to `timeout` for the terminal (standard input) to have something to read, and
/// says whether it hung up (the SSH connection or the terminal window closed).
fn wait_for_terminal(timeout: Duration) -> TerminalInput {
    #[cfg(unix)]
    {
        use rustix::event::{PollFd, PollFlags, Timespec, poll};
        let stdin = std::io::stdin();
        let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
        let timeout = Timespec {
            tv_sec: timeout.as_secs() as i64,
            tv_nsec: i64::from(timeout.subsec_nanos()),
        };
        match poll(&mut fds, Some(&timeout)) {
            Ok(0) => TerminalInput::Quiet,
            Ok(_)
                if fds[0]
                    .revents()
                    .intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) =>
            {
                TerminalInput::HungUp
            }
            Ok(_) => TerminalInput::Ready,
            // Interrupted (a resize, a signal): look again on the next turn.
            Err(_) => TerminalInput::Quiet,
        }
    }
    #[cfg(not(unix))]
    {
        match event::poll(timeout) {
            Ok(true) => TerminalInput::Ready,
            _ => TerminalInput::Quiet,
        }
    }
}

/// One frame: the screen for `state`, with the "Working…" line over it while an effect has
/// been running for `working`.
pub(super) fn render(frame: &mut ratatui::Frame, state: &State, working: Option<Duration>) {
    screens::render(state, frame);
    if let Some(elapsed) = working {
        let _glyphs = super::ascii::Mode::enter(state.theme.is_ascii());
        widgets::render_working(frame, state.theme, elapsed);
        if state.theme.is_ascii() {
            super::ascii::to_ascii(frame.buffer_mut());
        }
    }
}

/// Raw mode, the alternate screen and mouse capture, undone when this is dropped — on a
/// normal exit, an error, or (through the panic hook) a panic.
struct TerminalSession {
    terminal: DefaultTerminal,
}

impl TerminalSession {
    fn start() -> io::Result<Self> {
        // ratatui installs a panic hook that restores raw mode and the main screen.
        let terminal = match ratatui::try_init() {
            Ok(terminal) => terminal,
            Err(e) => {
                ratatui::restore();
                return Err(e);
            }
        };
        install_mouse_panic_hook();
        let session = Self { terminal };
        execute!(io::stdout(), EnableMouseCapture)?;
        Ok(session)
    }

    fn size(&self) -> io::Result<Size> {
        self.terminal.size()
    }

    /// The screen for `state`, with the "Working…" line over it while an effect has been
    /// running for `working`.
    fn draw(&mut self, state: &State, working: Option<Duration>) -> io::Result<()> {
        if state.repaint {
            // Forget what ratatui believes is on screen, so every cell is written again.
            self.terminal.clear()?;
        }
        self.terminal
            .draw(|frame| render(frame, state, working))
            .map(|_| ())
    }
}

impl Drop for TerminalSession {
    fn drop(&mut self) {
        let _ = execute!(io::stdout(), DisableMouseCapture);
        ratatui::restore();
    }
}

/// Mouse capture is ours, not ratatui's: turn it off before ratatui's hook restores the rest.
fn install_mouse_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = execute!(io::stdout(), DisableMouseCapture);
            previous(info);
        }));
    });
}
