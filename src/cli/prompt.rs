//! Getting a login and passphrases: from the environment for scripts, else a no-echo
//! prompt at a terminal. Then unlocking a session, including the first-login change.

use std::io::IsTerminal;

use chrono::NaiveDate;

use super::Global;
use super::output::{Failure, note};
use crate::desk::{self, LockedVault, Session, Unlock, VaultPaths};
use crate::domain::clock::Clock;
use crate::domain::dates::today;
use crate::vault::Passphrase;

pub(super) const PASSPHRASE_ENV: &str = "STEADY_PASSPHRASE";
pub(super) const NEW_PASSPHRASE_ENV: &str = "STEADY_NEW_PASSPHRASE";

/// The vault's files: `--db`/`STEADY_DB`, else the per-user data folder.
pub(super) fn vault_paths(global: &Global) -> Result<VaultPaths, Failure> {
    match &global.db {
        Some(db) => Ok(VaultPaths::for_db(db)),
        None => directories::ProjectDirs::from("org", "steady", "steady")
            .map(|dirs| VaultPaths::for_db(&dirs.data_dir().join("steady.db")))
            .ok_or_else(|| Failure::usage("cannot find a home folder; pass --db PATH")),
    }
}

pub(super) fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// The terminal a person answers the login and passphrase prompts at: standard input
/// when it is one, else (when standard input carries text, as with `--note-file -`) the
/// process's controlling terminal, where the no-echo prompt reads anyway.
fn prompt_terminal() -> Option<Box<dyn std::io::BufRead>> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    if std::io::stdin().is_terminal() {
        return Some(Box::new(std::io::stdin().lock()));
    }
    std::fs::File::open("/dev/tty")
        .ok()
        .map(|tty| Box::new(std::io::BufReader::new(tty)) as Box<dyn std::io::BufRead>)
}

pub(super) fn login(global: &Global) -> Result<String, Failure> {
    if let Some(user) = &global.user {
        return Ok(user.trim().to_string());
    }
    let Some(mut terminal) = prompt_terminal() else {
        return Err(Failure::usage(
            "no login: pass --user NAME or set STEADY_USER",
        ));
    };
    eprint!("Login: ");
    let mut line = String::new();
    terminal
        .read_line(&mut line)
        .map_err(|e| Failure::other(format!("cannot read the login: {e}")))?;
    Ok(line.trim().to_string())
}

/// A file holding the passphrase (a systemd credential: `%d/operator`), for batch runs.
pub(super) const PASSPHRASE_FILE_ENV: &str = "STEADY_PASSPHRASE_FILE";

pub(super) fn passphrase(prompt: &str) -> Result<Passphrase, Failure> {
    if let Ok(text) = std::env::var(PASSPHRASE_ENV) {
        return Ok(Passphrase::new(text));
    }
    if let Some(path) = std::env::var_os(PASSPHRASE_FILE_ENV) {
        return passphrase_from_file(std::path::Path::new(&path));
    }
    ask(prompt)
}

/// The first line of `path`, without its line ending.
fn passphrase_from_file(path: &std::path::Path) -> Result<Passphrase, Failure> {
    let text = zeroize::Zeroizing::new(std::fs::read_to_string(path).map_err(|e| {
        Failure::usage(format!(
            "cannot read the passphrase file {} ({PASSPHRASE_FILE_ENV}): {e}",
            path.display()
        ))
    })?);
    let line = text.lines().next().unwrap_or_default();
    Ok(Passphrase::new(line))
}

fn ask(prompt: &str) -> Result<Passphrase, Failure> {
    if prompt_terminal().is_none() {
        return Err(Failure::usage(format!(
            "no passphrase: set {PASSPHRASE_ENV} or run at a terminal"
        )));
    }
    rpassword::prompt_password(prompt)
        .map(Passphrase::new)
        .map_err(|e| Failure::other(format!("cannot read the passphrase: {e}")))
}

/// Asks a yes/no question at the terminal; anything but "y" or "yes" is no.
pub(super) fn confirm(question: &str) -> Result<bool, Failure> {
    eprint!("{question}");
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| Failure::other(format!("cannot read the answer: {e}")))?;
    Ok(matches!(
        line.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

/// A new passphrase: `STEADY_NEW_PASSPHRASE`, else asked twice at a terminal.
pub(super) fn new_passphrase(prompt: &str) -> Result<Option<Passphrase>, Failure> {
    if let Ok(text) = std::env::var(NEW_PASSPHRASE_ENV) {
        return Ok(Some(Passphrase::new(text)));
    }
    if prompt_terminal().is_none() {
        return Ok(None);
    }
    let first = ask(prompt)?;
    let second = ask("Type it again: ")?;
    if first.expose() != second.expose() {
        return Err(Failure::invalid(
            "the two passphrases differ; nothing was changed",
        ));
    }
    Ok(Some(first))
}

/// What an admin is told at login after a failed daily rules run.
pub(super) fn rules_failed_note(
    at: chrono::DateTime<chrono::Utc>,
    last_run: Option<NaiveDate>,
) -> String {
    let last = last_run.map_or("never".to_string(), |d| d.to_string());
    format!(
        "Note: the daily rules run failed at {} (last good run: {last}); see `journalctl -u steady-rules.service`. Prompts stay as they were until it runs again.",
        at.format("%Y-%m-%d %H:%M UTC")
    )
}

/// Opens the vault and unlocks a session for the login, completing a first-login
/// passphrase change if the account needs one.
pub(super) fn unlock(global: &Global) -> Result<Session, Failure> {
    unlock_reporting_change(global).map(|(session, _)| session)
}

/// As [`unlock`], with the session working as of `day` (a command's `--date`), so the
/// record is dated and the rules evaluate as of that day; a day after today is refused
/// before anything is asked.
pub(super) fn unlock_on(
    global: &Global,
    day: Option<NaiveDate>,
    what: &str,
) -> Result<Session, Failure> {
    let clock = match day {
        Some(day) if day > today() => {
            return Err(Failure::invalid(format!(
                "the {what} {day} is in the future"
            )));
        }
        Some(day) => Clock::on(day),
        None => Clock::system(),
    };
    let mut session = unlock(global)?;
    session.set_clock(clock);
    Ok(session)
}

/// As [`unlock`], also saying whether a first-login passphrase change just happened.
pub(super) fn unlock_reporting_change(global: &Global) -> Result<(Session, bool), Failure> {
    let paths = vault_paths(global)?;
    let vault = LockedVault::open(&paths)?;
    let login = login(global)?;
    let passphrase = passphrase(&format!("Passphrase for {login}: "))?;
    let mut changed = false;
    let (mut session, notice) = match vault.unlock(&login, &passphrase)? {
        Unlock::Ready(session, notice) => (*session, notice),
        Unlock::MustChange(pending) => {
            let Some(new) =
                new_passphrase("This was a one-time passphrase. Choose your own passphrase: ")?
            else {
                return Err(desk::Error::MustChangePassphrase { login }.into());
            };
            let done = pending.complete(&new)?;
            note("Your new passphrase is set; the one-time passphrase no longer works.");
            changed = true;
            done
        }
    };
    settle(global, &mut session, &notice)?;
    Ok((session, changed))
}

/// After any unlock: the rules in force, and what the login has to tell the person (failed
/// attempts, a lost tally, a failed rules run), the same for a command and an SSH session.
pub(super) fn settle(
    global: &Global,
    session: &mut Session,
    notice: &desk::LoginNotice,
) -> Result<(), Failure> {
    if let Some(rules) = super::rules::rules_in_force(global)? {
        session.set_rules(rules);
    }
    if notice.failed_attempts > 0 {
        note(&format!(
            "Note: {} failed login attempt(s) on your account since your last login. If that was not you, tell your admin.",
            notice.failed_attempts
        ));
    }
    if let Some(at) = notice.rules_failed_at {
        note(&rules_failed_note(at, notice.rules_last_run));
    }
    if notice.tally_was_missing {
        note(
            "Note: the record of failed logins had been deleted or damaged, so every login waited 15 minutes once; this is now in the audit log. Tell your admin.",
        );
    }
    Ok(())
}
