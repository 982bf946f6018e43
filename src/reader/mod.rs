//! The screen-reader front end: the same `desk::Session` use cases as the full-screen app,
//! read as plain labelled lines and answered one line at a time. No store, no vault, no
//! escape sequences: only what `Console` writes.

mod accounts;
mod care;
mod catalog;
mod console;
mod figures;
mod home;
mod inbox;
mod mentors;
mod prompts;
mod referrals;
mod selfcheck;
#[cfg(test)]
mod tests;
mod upkeep;

use std::io::{BufRead, Write};

use chrono::NaiveDate;

pub use console::Secrets;
use console::{Console, Step, Stop};

use crate::desk::{self, LockedVault, Session, Unlock};
use crate::domain::Role;
use crate::domain::clock::Clock;
use crate::domain::resources::{self, Resource};
use crate::rules::RuleSet;

/// How the front end runs: the rules in force, the login an SSH session is pinned to, and
/// where passphrases come from.
pub struct ReaderOptions {
    pub rules: Option<RuleSet>,
    pub pinned_login: Option<String>,
    pub secrets: Secrets,
    /// The clock sessions work by (the system's where `None`).
    pub clock: Option<Clock>,
    /// Lock after this long without an answer, once signed in (`None`: never).
    pub lock_after: Option<std::time::Duration>,
    /// How the front end waits for an answer when `lock_after` is set.
    pub wait: fn(std::time::Duration) -> bool,
}

/// Waits up to `timeout` for standard input (a terminal) to have something to read; false
/// if nothing came. A hangup counts as input: the read that follows ends the front end.
pub fn wait_for_stdin(timeout: std::time::Duration) -> bool {
    #[cfg(unix)]
    {
        use rustix::event::{PollFd, PollFlags, Timespec, poll};
        let stdin = std::io::stdin();
        let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
        let timeout = Timespec {
            tv_sec: i64::try_from(timeout.as_secs()).unwrap_or(i64::MAX),
            tv_nsec: i64::from(timeout.subsec_nanos()),
        };
        // Interrupted by a signal: treat as input, and the read decides.
        !matches!(poll(&mut fds, Some(&timeout)), Ok(0))
    }
    #[cfg(not(unix))]
    {
        let _ = timeout;
        true
    }
}

/// A desk error as it is said. A refusal never names what was refused.
pub(crate) fn calm(e: desk::Error) -> String {
    match e {
        desk::Error::Denied(_) => "that is not open to you in this role".into(),
        other => other.to_string(),
    }
}

/// The crisis lines of the seed catalog, for before anyone has logged in.
fn seed_lines() -> Vec<Resource> {
    resources::seed()
        .map(|all| all.into_iter().filter(|r| r.crisis && !r.retired).collect())
        .unwrap_or_default()
}

/// A day as it is said: "26 October 2026".
pub(crate) fn day(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// A stored day ("2026-06-17") as it is said, or as stored where it is not a day.
pub(crate) fn day_of(text: &str) -> String {
    crate::domain::dates::parse_date(text).map_or_else(|_| text.to_string(), day)
}

/// The signed-in person, their role on screen, and their session.
pub(crate) struct Desk {
    pub(crate) session: Session,
    pub(crate) role: Role,
}

impl Desk {
    pub(crate) fn today(&self) -> NaiveDate {
        self.session.clock().date()
    }
}

/// Runs the front end over `input` and `output` until the person quits or the input ends.
pub fn run(
    vault: LockedVault,
    options: ReaderOptions,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> std::io::Result<()> {
    run_from(vault, None, options, input, output)
}

/// As [`run`], going on with `session`, unlocked already (a full-screen login whose account
/// prefers this mode): its home first, no second passphrase; after a lock, the login.
pub fn run_signed_in(
    vault: LockedVault,
    session: Session,
    options: ReaderOptions,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> std::io::Result<()> {
    run_from(vault, Some(session), options, input, output)
}

fn run_from(
    vault: LockedVault,
    session: Option<Session>,
    options: ReaderOptions,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> std::io::Result<()> {
    let mut console = Console::new(input, output, options.secrets, seed_lines());
    match session_loop(&mut console, vault, session, &options) {
        Ok(()) | Err(Stop::Quit) | Err(Stop::Lock) | Err(Stop::Cancel) => {
            let _ = console.say("Goodbye. The vault is locked.");
            Ok(())
        }
        Err(Stop::Io(e)) => Err(e),
    }
}

fn session_loop(
    console: &mut Console,
    vault: LockedVault,
    mut signed_in: Option<Session>,
    options: &ReaderOptions,
) -> Step<()> {
    console.say(&format!(
        "steady, screen-reader mode. Vault: {}.",
        vault.name()
    ))?;
    if signed_in.is_some() {
        console.say("You asked for plain lines at login, so steady goes on here, signed in.")?;
    }
    console.say(
        "At any question, type help or ! for crisis lines, then you come back to the question.",
    )?;
    let paths = vault.paths().clone();
    loop {
        let session = match signed_in.take() {
            Some(session) => session,
            None => match log_in(console, &paths, options)? {
                Some(session) => session,
                None => continue,
            },
        };
        let mut desk = Desk {
            role: session.account().roles.primary(),
            session,
        };
        if let Some(rules) = &options.rules {
            desk.session.set_rules(rules.clone());
        }
        if let Some(clock) = options.clock {
            desk.session.set_clock(clock);
        }
        console.crisis = desk
            .session
            .crisis_resources()
            .unwrap_or_else(|_| seed_lines());
        // The vault's idle-lock minutes, or fewer where the command line asked for fewer.
        let vault_lock = std::time::Duration::from_secs(
            u64::from(
                desk.session
                    .lock_minutes()
                    .unwrap_or(desk::DEFAULT_LOCK_MINUTES),
            ) * 60,
        );
        console.idle = options
            .lock_after
            .map(|after| (after.min(vault_lock), options.wait));
        let outcome = home::run(console, &mut desk);
        console.idle = None;
        match outcome {
            Err(Stop::Lock) => {
                drop(desk);
                console.crisis = seed_lines();
                console.say("Locked. Log in again to go on.")?;
            }
            other => return other,
        }
    }
}

/// One login: the login name (unless pinned), the passphrase, and on a first login the
/// passphrase of one's own, checked by the desk. `None` after a refusal, to ask again.
fn log_in(
    console: &mut Console,
    paths: &desk::VaultPaths,
    options: &ReaderOptions,
) -> Step<Option<Session>> {
    let login = match &options.pinned_login {
        Some(login) => {
            console.say(&format!("Logging in as {login}."))?;
            login.clone()
        }
        None => loop {
            let login = console.ask("Login name:")?;
            if !login.is_empty() {
                break login;
            }
        },
    };
    let passphrase =
        console.ask_secret(&format!("Passphrase for {login} (not shown as you type):"))?;
    console.say("Working… unlocking the vault.")?;
    // Re-read the keyring each time: a passphrase may have changed since the front end began.
    let vault = match LockedVault::open(paths) {
        Ok(vault) => match options.clock {
            Some(clock) => vault.with_clock(clock),
            None => vault,
        },
        Err(e) => {
            console.say(&format!("The vault could not be opened: {e}."))?;
            return Ok(None);
        }
    };
    match vault.unlock(&login, &passphrase) {
        Ok(Unlock::Ready(session, notice)) => {
            if notice.failed_attempts > 0 {
                console.say(&format!(
                    "Note: {} failed login attempts on your account since your last login. If that was not you, tell your admin.",
                    notice.failed_attempts
                ))?;
            }
            Ok(Some(*session))
        }
        Ok(Unlock::MustChange(pending)) => first_login(console, pending),
        Err(desk::Error::Auth) => {
            console.say("That login and passphrase do not match. Try again.")?;
            Ok(None)
        }
        Err(desk::Error::TooSoon { wait_secs, .. }) => {
            console.say(&format!(
                "Too many tries: wait {wait_secs} seconds before the next one."
            ))?;
            Ok(None)
        }
        Err(other) => {
            console.say(&format!("Not logged in: {other}."))?;
            Ok(None)
        }
    }
}

/// A first login: a passphrase of one's own, typed twice, which the desk checks for strength.
fn first_login(console: &mut Console, pending: desk::PendingChange) -> Step<Option<Session>> {
    console.say("This was a one-time passphrase. Choose a passphrase of your own: at least a few words, not easy to guess.")?;
    loop {
        let first = console.ask_secret("New passphrase (not shown):")?;
        if let Err(e) = pending.check(&first) {
            let text = match e {
                desk::Error::Invalid(text) => text,
                other => calm(other),
            };
            console.say(&format!("Not accepted: {text}. Try another."))?;
            continue;
        }
        let second = console.ask_secret("Type it again (not shown):")?;
        if first.expose() != second.expose() {
            console.say("The two differ. Try again.")?;
            continue;
        }
        console.say("Working… saving your passphrase.")?;
        return match pending.complete(&first) {
            Ok((session, _)) => {
                console
                    .say("Your new passphrase is set; the one-time passphrase no longer works.")?;
                Ok(Some(session))
            }
            Err(e) => {
                console.say(&format!(
                    "Your new passphrase was not saved ({e}); log in again with the passphrase you were given."
                ))?;
                Ok(None)
            }
        };
    }
}
