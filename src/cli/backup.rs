//! `steady backup FILE` and `steady restore FILE [--force]`: parse, call `desk`, print.
//! The checks (who may, what is verified before anything is replaced) live in `desk`.

use std::path::PathBuf;

use clap::Args;

use super::Global;
use super::output::{Failure, json, note, say};
use super::progress::Meter;
use super::prompt::{self, vault_paths};
use crate::desk;

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The new backup file (its keyring is written beside it as FILE.keyring)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A backup written by `steady backup` (FILE.keyring must sit beside it)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Replace an existing vault (it is kept beside, renamed `…replaced-DATE`)
    #[arg(long)]
    pub force: bool,
}

pub(super) fn backup(global: &Global, args: &BackupArgs) -> Result<(), Failure> {
    let session = prompt::unlock(global)?;
    let mut meter = Meter::for_command(global.json);
    let report = session.backup_to(&args.file, &mut meter)?;
    drop(meter);
    if global.json {
        return json(&report);
    }
    say!("Backed up the vault to {}", report.db.display());
    say!("Keyring: {}", report.keyring.display());
    note("Keep both files together; the backup opens with the same logins and passphrases.");
    Ok(())
}

pub(super) fn restore(global: &Global, args: &RestoreArgs) -> Result<(), Failure> {
    let live = vault_paths(global)?;
    let login = prompt::login(global)?;
    let passphrase = prompt::passphrase(&format!(
        "Passphrase for {login} (as it was when the backup was made): "
    ))?;
    let mut meter = Meter::for_command(global.json);
    let report = desk::restore_vault(
        &live,
        &args.file,
        &login,
        &passphrase,
        args.force,
        crate::domain::clock::Clock::system(),
        &mut meter,
    )?;
    drop(meter);
    if global.json {
        return json(&report);
    }
    say!(
        "Restored the vault at {} from {} ({} audit entries verified).",
        live.db.display(),
        report.restored_from.display(),
        report.audit.verified
    );
    for path in &report.replaced {
        say!("The replaced file is kept at {}", path.display());
    }
    Ok(())
}
