//! The command line: clap definitions and one small handler per command group.
//! Handlers parse, call `desk::Session`, and print; no business logic lives here.

mod accounts;
mod audit;
mod backup;
mod checkin;
mod config;
#[cfg(feature = "test-support")]
mod drill;
mod manual;
mod output;
mod people;
pub mod progress;
mod prompt;
mod records;
mod referral;
mod report;
mod resources;
mod rules;
mod score;
mod selfcheck;
mod session;
mod ssh;
mod text_input;
mod values;
mod vault;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

pub use output::Failure;

#[derive(Debug, Parser)]
#[command(
    name = "steady",
    version,
    about = "Employee well-being and early intervention, in an encrypted vault",
    long_about = "steady helps supervisors, mentors and wellness coordinators check in with \
people early, and lets employees take confidential self-checks. Run it without a command \
for the full-screen app; every command below also works in scripts.\n\n\
The passphrase is read from a no-echo prompt, or from STEADY_PASSPHRASE (and \
STEADY_NEW_PASSPHRASE where a new one is set).\n\n\
Exit codes: 0 ok, 1 other failure, 2 usage, 3 authentication failed, 4 permission denied, \
5 invalid input or not found, 6 storage problem."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args)]
pub struct Global {
    /// The vault database (its keyring sits beside it, same name, `.keyring`)
    #[arg(long, global = true, env = "STEADY_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Your login (prompted for if absent and a terminal is attached)
    #[arg(long, global = true, env = "STEADY_USER", value_name = "NAME")]
    pub user: Option<String>,
    /// Print machine-readable JSON on stdout (messages still go to stderr)
    #[arg(long, global = true)]
    pub json: bool,
    /// A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)
    #[arg(long, global = true, env = "STEADY_RULES", value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Lock the full-screen app after at most this many idle minutes (the vault's
    /// `app.lock_minutes` setting applies after login, unless this is shorter)
    #[arg(long, global = true, env = "STEADY_LOCK_MINUTES", value_parser = clap::value_parser!(u32).range(1..=240))]
    pub lock_minutes: Option<u32>,
    /// Plain lines, one question at a time, for a screen reader: no full screen, no redraws
    #[arg(long, global = true, env = "STEADY_SCREEN_READER", value_parser = clap::builder::BoolishValueParser::new())]
    pub screen_reader: bool,
    /// Plain ASCII characters instead of boxes and symbols in the full-screen app (also on
    /// by itself where the locale's character set is not UTF-8, e.g. LANG=C)
    #[arg(long, global = true, env = "STEADY_ASCII", value_parser = clap::builder::BoolishValueParser::new())]
    pub ascii: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create (or reuse) a demo vault with a synthetic roster, print its logins, open the app
    Demo(vault::DemoArgs),
    /// Create a new vault with its first admin account
    Init(vault::InitArgs),
    /// Accounts: add, change your passphrase, disable, list
    #[command(subcommand)]
    Account(accounts::AccountCommand),
    /// Replace the master key (after disabling an account, or on a schedule)
    Rekey,
    /// Vault settings: get, set (admin), list; e.g. the reports' minimum k, report.min_k
    #[command(subcommand)]
    Config(config::ConfigCommand),
    /// The roster: import a CSV, add, list, show
    #[command(subcommand)]
    People(people::PeopleCommand),
    /// Pair mentors with mentees
    #[command(subcommand)]
    Mentor(people::MentorCommand),
    /// The tamper-evident audit log: verify, list, head; and who read your records (mine)
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Early-intervention rules: check a file, run them (today), audit the prompts, back-test a change
    #[command(subcommand)]
    Rules(rules::RulesCommand),
    /// The prompts the rules raise for you: list, acknowledge, snooze, undo; who no one can be prompted about (admins)
    #[command(subcommand)]
    Prompts(rules::PromptsCommand),
    /// Score a questionnaire without a vault (nothing is stored); '-' marks a skipped item
    Score(score::ScoreArgs),
    /// Confidential self-checks: take, list, share, unshare, delete
    #[command(subcommand)]
    Selfcheck(selfcheck::SelfcheckCommand),
    /// Check-ins with the people in your care: add, list, show, edit
    #[command(subcommand)]
    Checkin(checkin::CheckinCommand),
    /// The resource catalog: list, show, suggest; coordinators add, edit, retire
    #[command(subcommand)]
    Resources(resources::ResourcesCommand),
    /// Referrals to resources: add, list, show, set; the coordinators' queue
    #[command(subcommand)]
    Referral(referral::ReferralCommand),
    /// Remove old check-in notes and finished referrals under the retention policy (admin)
    Purge(records::PurgeArgs),
    /// Aggregate reports by unit and month, small groups suppressed (coordinators, admins, supervisors)
    #[command(subcommand)]
    Report(report::ReportCommand),
    /// Export everything recorded about you, as JSON (your right of access)
    #[command(subcommand)]
    Export(report::ExportCommand),
    /// Write a consistent encrypted copy of the vault to FILE (and FILE.keyring) (admin)
    Backup(backup::BackupArgs),
    /// Replace the vault with a backup, after unlocking it and verifying its audit log
    Restore(backup::RestoreArgs),
    /// OpenSSH keys per account: add, list, remove, sync (admin)
    #[command(subcommand, name = "ssh-key")]
    SshKey(ssh::SshKeyCommand),
    /// For sshd's AuthorizedKeysCommand (%u %t %k): the forced-command line for a key, or nothing
    #[command(name = "authorized-keys")]
    AuthorizedKeys {
        /// The Unix user sshd is logging in (%u)
        unix_user: String,
        /// The key's type (%t)
        key_type: String,
        /// The key, base64 (%k)
        key: String,
    },
    /// The forced command of every SSH key: the app pinned to one login, or an allowed export
    Session(session::SessionArgs),
    /// Print a completion script for bash, zsh or fish (no vault needed), e.g.
    /// `steady completions bash > /etc/bash_completion.d/steady`
    Completions {
        #[arg(value_enum)]
        shell: manual::CompletionShell,
    },
    /// Print the manual page, in roff (no vault needed): `steady man | man -l -`
    Man,
    /// Crash drills: record check-ins in a loop, printing each committed id (the test
    /// suite's build only; never in a release)
    #[cfg(feature = "test-support")]
    #[command(hide = true, name = "drill-checkins")]
    DrillCheckins(drill::DrillArgs),
}

/// Keeps secrets in memory out of core files and away from other processes of the same
/// user: no core dumps, and (Linux) not dumpable, so no ptrace or /proc/PID/mem reads.
fn harden_process() {
    // Lowering a limit is always allowed; if it failed anyway, steady would still work,
    // so there is nothing to tell the person beyond what SECURITY.md says.
    #[cfg(unix)]
    let _ = rustix::process::setrlimit(
        rustix::process::Resource::Core,
        rustix::process::Rlimit {
            current: Some(0),
            maximum: Some(0),
        },
    );
    #[cfg(target_os = "linux")]
    let _ = rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable);
}

/// What `steady --version` says: the release, and the vault schema it writes (a vault
/// with a newer schema is refused, so this tells which steady can open which vault).
pub fn version_text() -> String {
    format!(
        "{} (vault schema {})",
        env!("CARGO_PKG_VERSION"),
        crate::desk::SCHEMA_VERSION
    )
}

/// Parses the arguments and runs; returns the process exit code.
pub fn main() -> ExitCode {
    harden_process();
    let parsed = Cli::command()
        .version(version_text())
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches).map(|cli| (cli, matches)));
    let cli = match parsed {
        Ok((mut cli, matches)) => {
            if matches!(cli.command, Some(Command::Session(_))) {
                cli.global = session::scrub_environment(cli.global, &matches);
            }
            if matches!(
                cli.command,
                Some(Command::SshKey(ssh::SshKeyCommand::Add { .. }))
            ) {
                cli.global.screen_reader = ssh::screen_reader_on_command_line(&matches);
            }
            cli
        }
        Err(e) => {
            let code = match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => 0,
                _ => 2,
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match run(cli).and_then(|()| output::stdout_failure().map_or(Ok(()), Err)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            failure.print();
            ExitCode::from(failure.code)
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let global = &cli.global;
    match cli.command {
        None => vault::open_tui(global),
        Some(Command::Demo(args)) => vault::demo(global, &args),
        Some(Command::Init(args)) => vault::init(global, &args),
        Some(Command::Rekey) => vault::rekey(global),
        Some(Command::Config(command)) => config::run(global, command),
        Some(Command::Account(command)) => accounts::run(global, command),
        Some(Command::People(command)) => people::run(global, command),
        Some(Command::Mentor(command)) => people::run_mentor(global, command),
        Some(Command::Audit(command)) => audit::run(global, command),
        Some(Command::Rules(command)) => rules::run(global, command),
        Some(Command::Prompts(command)) => rules::run_prompts(global, command),
        Some(Command::Score(args)) => score::run(global, &args),
        Some(Command::Selfcheck(command)) => selfcheck::run(global, command),
        Some(Command::Checkin(command)) => checkin::run(global, command),
        Some(Command::Resources(command)) => resources::run(global, command),
        Some(Command::Referral(command)) => referral::run(global, command),
        Some(Command::Purge(args)) => records::purge(global, &args),
        Some(Command::Report(command)) => report::run(global, command),
        Some(Command::Export(command)) => report::run_export(global, command),
        Some(Command::Backup(args)) => backup::backup(global, &args),
        Some(Command::Restore(args)) => backup::restore(global, &args),
        Some(Command::SshKey(command)) => ssh::run(global, command),
        Some(Command::AuthorizedKeys {
            unix_user,
            key_type,
            key,
        }) => ssh::authorized_keys(global, &unix_user, &key_type, &key),
        Some(Command::Session(args)) => session::run(global, &args),
        #[cfg(feature = "test-support")]
        Some(Command::DrillCheckins(args)) => drill::checkins(global, &args),
        Some(Command::Completions { shell }) => manual::completions(shell),
        Some(Command::Man) => manual::man(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
