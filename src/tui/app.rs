//! The event loop: draw, then handle one event — translate it to an action, `update`, and
//! perform the effects that follow. Owns the terminal and restores it on every way out.

use std::io;
use std::sync::Once;
use std::time::Duration;

use chrono::{Local, Utc};
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseButton, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::layout::Size;

use super::TuiOptions;
use super::effects::Desk;
use super::keymap;
use super::screens;
use super::state::{Action, Clock, Effect, State, VaultInfo, update};
use super::theme::Theme;
use crate::desk::LockedVault;

/// The state and the desk that performs its effects: everything but the terminal.
pub struct App {
    pub state: State,
    pub desk: Desk,
}

impl App {
    pub fn new(
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
        Self {
            state: State::new(info, options.lock_minutes, theme, clock, size),
            desk: Desk::new(vault),
        }
    }

    /// Applies `action`, then performs each effect that follows, calling `before_effect`
    /// first: the loop draws there, so "Unlocking…" is on screen while argon2 runs.
    pub fn dispatch<E>(
        &mut self,
        action: Action,
        mut before_effect: impl FnMut(&State) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut effect = update(&mut self.state, action);
        while !matches!(effect, Effect::None) {
            before_effect(&self.state)?;
            effect = match self.desk.perform(effect) {
                Some(next) => update(&mut self.state, next),
                None => Effect::None,
            };
        }
        Ok(())
    }
}

/// What a terminal event means here, if anything.
pub fn action_for(state: &State, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => keymap::resolve(
            &screens::active_commands(state),
            screens::active_field(state),
            key,
        ),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollDown => Some(Action::Scroll(3)),
            MouseEventKind::ScrollUp => Some(Action::Scroll(-3)),
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

/// The system clock, read only here; everything else reads `State::clock`.
fn now() -> Clock {
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
    let theme = Theme::from_env();
    let mut terminal = TerminalSession::start()?;
    let size = terminal.size()?;
    let mut app = App::new(vault, &options, theme, now(), size);
    loop {
        app.state.clock = now();
        app.dispatch(Action::Tick, |state| terminal.draw(state))?;
        terminal.draw(&app.state)?;
        app.state.repaint = false;
        if app.state.quit {
            break;
        }
        if event::poll(until_next_second())? {
            let event = event::read()?;
            if let Some(action) = action_for(&app.state, &event) {
                app.state.clock = now();
                app.dispatch(action, |state| terminal.draw(state))?;
            }
        }
        if app.state.quit {
            break;
        }
    }
    // The session (and its keys) goes with `app`, before the terminal is handed back.
    drop(app);
    Ok(())
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

    fn draw(&mut self, state: &State) -> io::Result<()> {
        if state.repaint {
            // Forget what ratatui believes is on screen, so every cell is written again.
            self.terminal.clear()?;
        }
        self.terminal
            .draw(|frame| screens::render(state, frame))
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
