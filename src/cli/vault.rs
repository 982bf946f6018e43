//! Vault-level commands: `init`, `demo`, `rekey`, and opening the full-screen app.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use super::Global;
use super::output::{Failure, json, note, say, table};
use super::progress::Meter;
use super::prompt::{self, vault_paths};
use crate::desk::{self, KdfParams, LockedVault, Unlock, VaultPaths};
use crate::domain::text::sanitize;
use crate::tui::TuiOptions;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Login of the first admin account
    #[arg(long, value_name = "NAME")]
    pub admin: String,
    /// A name for the vault, shown on the login screen
    #[arg(long, default_value = "steady")]
    pub name: String,
    #[command(flatten)]
    pub kdf: KdfArgs,
}

#[derive(Debug, Args)]
pub struct KdfArgs {
    /// argon2id memory per login, in MiB (default 64: RFC 9106's second recommendation;
    /// never below 19)
    #[arg(long, value_name = "M", value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub kdf_memory_mib: Option<u32>,
    /// argon2id passes per login (default 3; never below 2)
    #[arg(long, value_name = "T", value_parser = clap::value_parser!(u32).range(1..=64))]
    pub kdf_iterations: Option<u32>,
}

impl KdfArgs {
    /// Explicit costs as given; otherwise RFC 9106's recommendation, with more passes
    /// on a machine fast enough to spend about half a second per login.
    fn params(&self) -> KdfParams {
        let default = KdfParams::RECOMMENDED;
        if self.kdf_memory_mib.is_none() && self.kdf_iterations.is_none() {
            return KdfParams::calibrated(std::time::Duration::from_millis(500));
        }
        let params = KdfParams::with_memory_mib(
            self.kdf_memory_mib.unwrap_or(default.memory_kib / 1024),
            self.kdf_iterations.unwrap_or(default.iterations),
        );
        // Below the floor the desk refuses it (one line, exit 5); between it and the
        // recommendation it is allowed, with a word.
        if params.meets_floor()
            && (params.memory_kib < default.memory_kib || params.iterations < default.iterations)
        {
            note(
                "Warning: this argon2id cost is below RFC 9106's recommendation; use it only for tests.",
            );
        }
        params
    }
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Folder of the demo vault (default: a `demo` folder in your data folder)
    #[arg(long, value_name = "D")]
    pub dir: Option<PathBuf>,
    /// How many synthetic people to put on the roster
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u64).range(20..=200_000))]
    pub people: u64,
    /// Years of synthetic check-ins, referrals and self-check bands up to today (0: none)
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(0..=10))]
    pub years: u32,
    /// Create the vault and print the logins, but do not open the app
    #[arg(long)]
    pub no_tui: bool,
    #[command(flatten)]
    pub kdf: KdfArgs,
}

pub(super) fn init(global: &Global, args: &InitArgs) -> Result<(), Failure> {
    let paths = vault_paths(global)?;
    let Some(passphrase) =
        prompt::new_passphrase(&format!("Choose a passphrase for {}: ", args.admin))?
    else {
        return Err(Failure::usage(format!(
            "no passphrase: set {} or run at a terminal",
            prompt::NEW_PASSPHRASE_ENV
        )));
    };
    let session = desk::init_vault(
        &paths,
        args.admin.trim(),
        &passphrase,
        args.kdf.params(),
        &args.name,
        false,
    )?;
    #[derive(Serialize)]
    struct Created<'a> {
        db: String,
        keyring: String,
        admin: &'a str,
    }
    if global.json {
        json(&Created {
            db: paths.db.display().to_string(),
            keyring: paths.keyring.display().to_string(),
            admin: session.login(),
        })
    } else {
        say!("Created the vault at {}", paths.db.display());
        say!("Keyring: {}", paths.keyring.display());
        say!(
            "Next: add people (`steady people import roster.csv`) and accounts (`steady account add`)."
        );
        Ok(())
    }
}

pub(super) fn rekey(global: &Global) -> Result<(), Failure> {
    let mut session = prompt::unlock(global)?;
    let report = session.rekey()?;
    if global.json {
        return json(&report);
    }
    for login in &report.dropped {
        note(&format!(
            "Dropped the key slot of {}: the audit log lists no such active account with those keys.",
            sanitize(login)
        ));
    }
    note(&format!(
        "Rekeyed: the database has a new master key, sealed to {} active account(s). Copies of the old key no longer open it.",
        report.sealed_to
    ));
    Ok(())
}

fn demo_paths(args: &DemoArgs) -> Result<VaultPaths, Failure> {
    let dir = match &args.dir {
        Some(dir) => dir.clone(),
        None => directories::ProjectDirs::from("org", "steady", "steady")
            .map(|dirs| dirs.data_dir().join("demo"))
            .ok_or_else(|| Failure::usage("cannot find a home folder; pass --dir D"))?,
    };
    Ok(VaultPaths::for_db(&dir.join("steady.db")))
}

pub(super) fn demo(global: &Global, args: &DemoArgs) -> Result<(), Failure> {
    let paths = demo_paths(args)?;
    let session = if paths.exists() {
        let vault = LockedVault::open(&paths)?;
        if !vault.is_demo() {
            return Err(Failure::invalid(format!(
                "{} holds a real vault, not a demo; choose another --dir",
                paths.db.display()
            )));
        }
        note(&format!("Reusing the demo vault at {}", paths.db.display()));
        let admin = desk::demo_admin_passphrase();
        match vault.unlock("admin", &admin)? {
            Unlock::Ready(session, _) => *session,
            Unlock::MustChange(_) => {
                return Err(Failure::other(
                    "the demo admin account was changed; remove the demo folder to start again",
                ));
            }
        }
    } else {
        let history = match args.years {
            0 => String::new(),
            1 => " and a year of history".to_string(),
            years => format!(" and {years} years of history"),
        };
        note(&format!(
            "Creating a demo vault with {} synthetic people{history} at {} …",
            args.people,
            paths.db.display()
        ));
        let mut meter = Meter::for_command(global.json);
        desk::create_demo_vault(
            &paths,
            args.people as usize,
            args.years,
            args.kdf.params(),
            &mut meter,
        )?
    };
    let logins = desk::demo_logins(&session)?;
    drop(session);
    if global.json {
        #[derive(Serialize)]
        struct Demo<'a> {
            db: String,
            logins: &'a [desk::DemoLogin],
        }
        json(&Demo {
            db: paths.db.display().to_string(),
            logins: &logins,
        })?;
    } else {
        say!(
            "Demo vault (synthetic people, not real data): {}",
            paths.db.display()
        );
        let rows: Vec<Vec<String>> = logins
            .iter()
            .map(|l| {
                vec![
                    l.login.to_string(),
                    l.passphrase.to_string(),
                    l.about.clone(),
                ]
            })
            .collect();
        table(&["login", "passphrase", "who"], &rows);
    }
    if args.no_tui {
        return Ok(());
    }
    if !std::io::stdout().is_terminal() {
        note(&format!(
            "Not a terminal, so the app was not opened. Later: steady --db {}",
            paths.db.display()
        ));
        return Ok(());
    }
    if !global.json {
        say!("Press Enter to open the app…");
        let mut line = String::new();
        let _ = std::io::stdin().read_line(&mut line);
    }
    open_tui_at(&paths, global)
}

pub(super) fn open_tui(global: &Global) -> Result<(), Failure> {
    let paths = vault_paths(global)?;
    open_tui_at(&paths, global)
}

fn open_tui_at(paths: &VaultPaths, global: &Global) -> Result<(), Failure> {
    let vault = LockedVault::open(paths)?;
    if global.screen_reader {
        return run_reader(vault, global, None);
    }
    if !std::io::stdout().is_terminal() {
        return Err(Failure::usage(
            "the full-screen app needs a terminal; use a command (see `steady --help`)",
        ));
    }
    let handed_off = crate::tui::run_or_hand_off(
        vault,
        TuiOptions {
            lock_minutes: global.lock_minutes,
            rules: super::rules::rules_in_force(global)?,
            reader_handoff: true,
            ascii: global.ascii || crate::tui::locale_wants_ascii(),
            ..TuiOptions::default()
        },
    )
    .map_err(|e| Failure::other(format!("the terminal failed: {e}")))?;
    match handed_off {
        // The account prefers plain lines: the same session goes on in them.
        Some(session) => run_reader_from(LockedVault::open(paths)?, global, None, Some(session)),
        None => Ok(()),
    }
}

/// The screen-reader front end on this terminal: plain lines on stdout, answers from stdin
/// (passphrases without echo where stdin is a terminal).
pub(super) fn run_reader(
    vault: LockedVault,
    global: &Global,
    pinned_login: Option<String>,
) -> Result<(), Failure> {
    run_reader_from(vault, global, pinned_login, None)
}

/// As [`run_reader`], going on with `session` where one is unlocked already.
fn run_reader_from(
    vault: LockedVault,
    global: &Global,
    pinned_login: Option<String>,
    session: Option<crate::desk::Session>,
) -> Result<(), Failure> {
    let secrets = if std::io::stdin().is_terminal() {
        crate::reader::Secrets::NoEcho
    } else {
        crate::reader::Secrets::FromInput
    };
    let options = crate::reader::ReaderOptions {
        rules: super::rules::rules_in_force(global)?,
        pinned_login,
        secrets,
        clock: None,
        // At most `--lock-minutes`; the vault's own setting applies after login.
        lock_after: (secrets == crate::reader::Secrets::NoEcho).then(|| {
            global
                .lock_minutes
                .map_or(std::time::Duration::MAX, |minutes| {
                    std::time::Duration::from_secs(u64::from(minutes) * 60)
                })
        }),
        wait: crate::reader::wait_for_stdin,
    };
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut output = std::io::stdout();
    match session {
        Some(session) => {
            crate::reader::run_signed_in(vault, session, options, &mut input, &mut output)
        }
        None => crate::reader::run(vault, options, &mut input, &mut output),
    }
    .map_err(|e| Failure::other(format!("the terminal failed: {e}")))
}
