//! `steady session --login L`: the forced command every SSH key runs. The app pinned to L,
//! or one of a few read-only commands as L; nothing the client names beyond that, no shell.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use clap::Args;
use clap::parser::ValueSource;

use super::Global;
use super::output::{Failure, note};
use super::prompt::vault_paths;
use super::report::{EngagementArgs, Format, OutArgs};
use crate::desk::{LockedVault, Session, Unlock};
use crate::domain::validate_login;
use crate::tui::{TuiOptions, run as run_tui};
use crate::vault::Passphrase;

#[derive(Debug, Args)]
pub struct SessionArgs {
    /// The login this connection is pinned to (the SSH key decided it)
    #[arg(long, value_name = "L")]
    pub login: String,
}

/// What the client may ask for instead of the app (`ssh -t host COMMAND`).
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Allowed {
    /// No command: the app.
    App,
    ExportMine,
    Engagement {
        format: Format,
        from: Option<String>,
        to: Option<String>,
    },
}

const ALLOWED: &str =
    "export mine; report engagement [--format csv|json] [--from YYYY-MM] [--to YYYY-MM]";

/// Reads `SSH_ORIGINAL_COMMAND` as plain words (no shell: quotes, `;` and `$` are just
/// characters, so anything unusual fails to match). Anything not on the list is refused.
pub(super) fn allowed_command(original: &str) -> Result<Allowed, Failure> {
    let words: Vec<&str> = original.split_ascii_whitespace().collect();
    let refused = || Failure {
        code: 4,
        message: format!(
            "`{}` is not available here: this connection opens the steady app; the commands allowed are: {ALLOWED}",
            crate::domain::text::sanitize(&original.chars().take(80).collect::<String>())
        ),
        details: Vec::new(),
    };
    match words.as_slice() {
        [] => Ok(Allowed::App),
        ["export", "mine"] => Ok(Allowed::ExportMine),
        ["report", "engagement", options @ ..] => {
            let mut format = None;
            let mut from = None;
            let mut to = None;
            let mut rest = options.iter();
            while let Some(word) = rest.next() {
                let (name, value) = match word.split_once('=') {
                    Some((name, value)) => (name, Some(value).filter(|v| !v.is_empty())),
                    None => (*word, rest.next().copied()),
                };
                let value = value.ok_or_else(refused)?;
                let slot = match name {
                    "--format" => {
                        let chosen = match value {
                            "csv" => Format::Csv,
                            "json" => Format::Json,
                            _ => return Err(refused()),
                        };
                        if format.replace(chosen).is_some() {
                            return Err(refused());
                        }
                        continue;
                    }
                    "--from" => &mut from,
                    "--to" => &mut to,
                    _ => return Err(refused()),
                };
                if slot.replace(value.to_string()).is_some() {
                    return Err(refused());
                }
            }
            Ok(Allowed::Engagement {
                format: format.unwrap_or(Format::Csv),
                from,
                to,
            })
        }
        _ => Err(refused()),
    }
}

/// The global options as the forced command gave them, with every value that came from a
/// `STEADY_*` variable dropped: in a session, nothing the client's environment says counts.
pub(super) fn scrub_environment(global: Global, matches: &clap::ArgMatches) -> Global {
    let from_command_line = |id: &str| {
        matches.value_source(id) == Some(ValueSource::CommandLine)
            || matches
                .subcommand()
                .is_some_and(|(_, sub)| sub.value_source(id) == Some(ValueSource::CommandLine))
    };
    Global {
        db: global.db.filter(|_| from_command_line("db")),
        user: None,
        json: false,
        rules: global.rules.filter(|_| from_command_line("rules")),
        // Without one on the command line, the vault's own setting decides.
        lock_minutes: global
            .lock_minutes
            .filter(|_| from_command_line("lock_minutes")),
        screen_reader: global.screen_reader && from_command_line("screen_reader"),
        ascii: global.ascii && from_command_line("ascii"),
    }
}

pub(super) fn run(global: &Global, args: &SessionArgs) -> Result<(), Failure> {
    let login = args.login.trim();
    validate_login(login).map_err(Failure::invalid)?;
    if global.db.is_none() {
        return Err(Failure::usage(
            "a session needs the vault named on its command line (--db PATH)",
        ));
    }
    let paths = vault_paths(global)?;
    // Strict modes and a readable keyring, before anything is asked.
    let vault = LockedVault::open(&paths)?;
    let original = std::env::var("SSH_ORIGINAL_COMMAND").unwrap_or_default();
    let allowed = allowed_command(&original)?;
    // The connection dropping sends SIGHUP: the loop notices it and ends after the write
    // under way (if any) has committed, instead of being killed in the middle of one.
    let hangup = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    for signal in [signal_hook::consts::SIGHUP, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(signal, Arc::clone(&hangup))
            .map_err(|e| Failure::other(format!("cannot watch the connection: {e}")))?;
    }
    watch_for_a_stuck_hangup(Arc::clone(&hangup));
    match allowed {
        Allowed::App if global.screen_reader => {
            if !std::io::stdin().is_terminal() {
                return Err(Failure::usage(
                    "the steady app needs a terminal: connect with `ssh -t`",
                ));
            }
            super::vault::run_reader(vault, global, Some(login.to_string()))
        }
        Allowed::App => {
            if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
                return Err(Failure::usage(
                    "the steady app needs a terminal: connect with `ssh -t`",
                ));
            }
            run_tui(
                vault,
                TuiOptions {
                    lock_minutes: global.lock_minutes,
                    rules: super::rules::rules_in_force(global)?,
                    pinned_login: Some(login.to_string()),
                    hangup: Some(hangup),
                    // The key's forced command chose the mode already.
                    reader_handoff: false,
                    // `--ascii` in the forced command, or the session's locale (the
                    // server's, or the client's where sshd accepts LANG/LC_*: either
                    // way it only changes how the screen is drawn).
                    ascii: global.ascii || crate::tui::locale_wants_ascii(),
                },
            )
            .map_err(|e| Failure::other(format!("the terminal failed: {e}")))
        }
        Allowed::ExportMine => super::report::export_mine_as(&OutArgs::stdout(), || {
            unlock_at_terminal(global, &vault, login)
        }),
        Allowed::Engagement { format, from, to } => super::report::engagement_as(
            &EngagementArgs::to_stdout(format, from, to),
            format,
            || unlock_at_terminal(global, &vault, login),
        ),
    }
}

/// How long after the connection dropped the process may still run: long enough for a
/// write under way to commit (or, past SQLite's busy timeout, give up and roll back).
const HANGUP_GRACE: std::time::Duration = std::time::Duration::from_secs(15);

/// The app ends by itself when its terminal hangs up. Should it not (a hangup landing in
/// the instant crossterm starts a read, which then spins on the dead terminal), this ends
/// the process once the grace has passed. Nothing is lost either way: a transaction cut
/// short is rolled back by SQLite, so a write committed whole or never happened.
fn watch_for_a_stuck_hangup(hangup: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        while !hangup.load(std::sync::atomic::Ordering::Relaxed) {
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
        std::thread::sleep(HANGUP_GRACE);
        // The one exit outside `main`: nothing is left to show or tell anyone.
        std::process::exit(1);
    });
}

/// Asks the passphrase on the terminal (never from the environment), completing a first
/// login's passphrase change there too. Without a terminal, says to use `ssh -t`.
fn unlock_at_terminal(
    global: &Global,
    vault: &LockedVault,
    login: &str,
) -> Result<Session, Failure> {
    let ask = |prompt: &str| -> Result<Passphrase, Failure> {
        rpassword::prompt_password(prompt)
            .map(Passphrase::new)
            .map_err(|_| {
                Failure::usage(
                    "the passphrase is asked on the terminal: connect with `ssh -t` to run this command",
                )
            })
    };
    let passphrase = ask(&format!("Passphrase for {login}: "))?;
    let (mut session, notice) = match vault.unlock(login, &passphrase)? {
        Unlock::Ready(session, notice) => (*session, notice),
        Unlock::MustChange(pending) => {
            let first = ask("This was a one-time passphrase. Choose your own passphrase: ")?;
            let second = ask("Type it again: ")?;
            if first.expose() != second.expose() {
                return Err(Failure::invalid(
                    "the two passphrases differ; nothing was changed",
                ));
            }
            let done = pending.complete(&first)?;
            note("Your new passphrase is set; the one-time passphrase no longer works.");
            done
        }
    };
    super::prompt::settle(global, &mut session, &notice)?;
    Ok(session)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_listed_commands_pass() {
        assert_eq!(allowed_command("").unwrap(), Allowed::App);
        assert_eq!(allowed_command("  \t ").unwrap(), Allowed::App);
        assert_eq!(allowed_command("export mine").unwrap(), Allowed::ExportMine);
        assert_eq!(
            allowed_command("report engagement --format json --from 2026-01 --to=2026-03").unwrap(),
            Allowed::Engagement {
                format: Format::Json,
                from: Some("2026-01".into()),
                to: Some("2026-03".into())
            }
        );
        assert_eq!(
            allowed_command("report engagement").unwrap(),
            Allowed::Engagement {
                format: Format::Csv,
                from: None,
                to: None
            }
        );
        for refused in [
            "id",
            "sh",
            "/bin/sh -c id",
            "checkin list E1",
            "export mine --out /tmp/x",
            "export mine; id",
            "export mine && id",
            "export  mine x",
            "report engagement --out /tmp/r.csv",
            "report engagement --readme /tmp/r.txt",
            "report engagement --format xml",
            "report engagement --format",
            "report engagement --format csv --format json",
            "report engagement --unit North",
            "backup /tmp/copy.db",
            "session --login admin",
            "internal-sftp",
            "scp -t /tmp",
            "--db /tmp/other.db export mine",
        ] {
            let failure = allowed_command(refused).unwrap_err();
            assert_eq!(failure.code, 4, "{refused}");
            assert!(failure.message.contains("not available"), "{refused}");
        }
    }

    fn scrubbed(args: &[&str], ascii_from_environment: bool) -> Global {
        use clap::{CommandFactory, FromArgMatches};
        let matches = super::super::Cli::command()
            .try_get_matches_from(args)
            .unwrap();
        let mut cli = super::super::Cli::from_arg_matches(&matches).unwrap();
        // What `STEADY_ASCII=1` in the client's environment would have set.
        cli.global.ascii |= ascii_from_environment;
        scrub_environment(cli.global, &matches)
    }

    #[test]
    fn a_session_takes_ascii_from_the_forced_command_line_only() {
        let forced = [
            "steady",
            "--db",
            "/v/steady.db",
            "--ascii",
            "session",
            "--login",
            "a",
        ];
        assert!(scrubbed(&forced, false).ascii);
        let after = [
            "steady",
            "--db",
            "/v/steady.db",
            "session",
            "--login",
            "a",
            "--ascii",
        ];
        assert!(scrubbed(&after, false).ascii);
        let plain = ["steady", "--db", "/v/steady.db", "session", "--login", "a"];
        assert!(!scrubbed(&plain, false).ascii);
        assert!(
            !scrubbed(&plain, true).ascii,
            "the client's STEADY_ASCII is dropped"
        );
    }

    #[test]
    fn a_refusal_names_the_command_without_control_characters() {
        let failure = allowed_command("rm -rf \u{1b}[2J /").unwrap_err();
        assert!(!failure.message.contains('\u{1b}'));
    }
}
