//! `steady report engagement` and `steady export mine`: parse, ask the desk, write the
//! result to stdout or to a file only its owner can read. Suppression and access are the desk's.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};

use super::Global;
use super::output::{self, Failure, note, say};
use super::prompt;
use crate::desk::{EngagementRequest, Session};
use crate::domain::dates::today;
use crate::files::{Existing, write_whole};
use crate::report::{MinGroup, Month};

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Check-in coverage, stressors, referrals and anonymous self-check bands by unit and
    /// month, with figures about fewer than k people suppressed
    Engagement(EngagementArgs),
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Everything recorded about you, as JSON: check-ins, referrals, your self-checks and
    /// who accessed your records
    Mine(OutArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum Format {
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct EngagementArgs {
    /// The first month (default: eleven months before --to)
    #[arg(long, value_name = "YYYY-MM")]
    from: Option<String>,
    /// The last month (default: this month)
    #[arg(long, value_name = "YYYY-MM")]
    to: Option<String>,
    /// Only this unit; repeat for several (default: every unit you may report on)
    #[arg(long = "unit", value_name = "U")]
    units: Vec<String>,
    /// The fewest distinct people a shown figure may be drawn from: the vault's minimum
    /// (`steady config get report.min_k`, 5 unless an admin changed it), which this may
    /// only raise
    #[arg(long, value_name = "N")]
    k: Option<u64>,
    /// csv (the default) or json; --json also chooses json
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Also write what the report holds (k, the suppression rule, what each column
    /// counts) to this text file, created readable by you only: the CSV itself is data only
    #[arg(long, value_name = "FILE")]
    readme: Option<PathBuf>,
    #[command(flatten)]
    out: OutArgs,
}

#[derive(Debug, Args)]
pub struct OutArgs {
    /// Write to this file (created readable by you only) instead of standard output
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Replace a file named above if it already exists
    #[arg(long)]
    force: bool,
}

impl OutArgs {
    /// Standard output, no file: all an SSH session may write to.
    pub(super) fn stdout() -> Self {
        Self {
            out: None,
            force: false,
        }
    }
}

impl EngagementArgs {
    /// A report to standard output over every unit one may report on, at the vault's k.
    pub(super) fn to_stdout(format: Format, from: Option<String>, to: Option<String>) -> Self {
        Self {
            from,
            to,
            units: Vec::new(),
            k: None,
            format: Some(format),
            readme: None,
            out: OutArgs::stdout(),
        }
    }
}

pub(super) fn run(global: &Global, command: ReportCommand) -> Result<(), Failure> {
    match command {
        ReportCommand::Engagement(args) => {
            let format = args.format.unwrap_or(if global.json {
                Format::Json
            } else {
                Format::Csv
            });
            engagement_as(&args, format, || prompt::unlock(global))
        }
    }
}

pub(super) fn run_export(global: &Global, command: ExportCommand) -> Result<(), Failure> {
    match command {
        ExportCommand::Mine(out) => export_mine_as(&out, || prompt::unlock(global)),
    }
}

fn month(text: Option<&str>) -> Result<Option<Month>, Failure> {
    text.map(Month::parse).transpose().map_err(Failure::invalid)
}

/// The engagement report, with the session from `unlock` (asked only once the input is
/// known to be good).
pub(super) fn engagement_as(
    args: &EngagementArgs,
    format: Format,
    unlock: impl FnOnce() -> Result<Session, Failure>,
) -> Result<(), Failure> {
    // Everything wrong with the input is found before the passphrase is asked.
    let k = args
        .k
        .map(MinGroup::new)
        .transpose()
        .map_err(Failure::invalid)?;
    let to = month(args.to.as_deref())?.unwrap_or_else(|| Month::of(today()));
    let mut request = EngagementRequest::year_to(to);
    if let Some(from) = month(args.from.as_deref())? {
        request.from = from;
    }
    request.units = args.units.clone();
    request.k = k;
    if args.out.force && args.out.out.is_none() && args.readme.is_none() {
        return Err(Failure::usage(
            "--force replaces the file named by --out or --readme; name one",
        ));
    }
    if args.readme.is_some() && args.readme == args.out.out {
        return Err(Failure::usage(
            "--readme and --out name the same file; give the readme a name of its own",
        ));
    }
    refuse_overwrite(&args.out)?;
    if let Some(readme) = &args.readme {
        refuse_overwrite_path(readme, args.out.force)?;
    }
    let session = unlock()?;
    let report = session.engagement_report(&request)?;
    let bytes = match format {
        Format::Csv => report.to_csv().map_err(Failure::other)?,
        Format::Json => json_bytes(&report)?,
    };
    deliver(&args.out, &bytes)?;
    if let Some(path) = &args.out.out {
        note(&format!(
            "Wrote the engagement report for {} to {} ({} rows, k = {}) to {}; only you can read the file.",
            report.from,
            report.to,
            report.rows.len(),
            report.k.get(),
            path.display()
        ));
    }
    if let Some(path) = &args.readme {
        write_private(path, report.readme().as_bytes(), args.out.force)?;
        note(&format!(
            "Wrote what the report's columns mean (k = {}) to {}.",
            report.k.get(),
            path.display()
        ));
    }
    Ok(())
}

/// Everything recorded about the person `unlock` opens a session for.
pub(super) fn export_mine_as(
    out: &OutArgs,
    unlock: impl FnOnce() -> Result<Session, Failure>,
) -> Result<(), Failure> {
    if out.force && out.out.is_none() {
        return Err(Failure::usage(
            "--force replaces the file named by --out; name one",
        ));
    }
    refuse_overwrite(out)?;
    let session = unlock()?;
    let export = session.export_my_records()?;
    deliver(out, &json_bytes(&export)?)?;
    if let Some(path) = &out.out {
        note(&format!(
            "Wrote everything recorded about you to {}; only you can read the file. It holds your notes and self-check answers: keep it safe.",
            path.display()
        ));
    }
    Ok(())
}

fn json_bytes<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, Failure> {
    let mut bytes = output::json_bytes(value)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Fails before anything is read if `--out` names an existing file and `--force` is absent.
fn refuse_overwrite(out: &OutArgs) -> Result<(), Failure> {
    match &out.out {
        Some(path) => refuse_overwrite_path(path, out.force),
        None => Ok(()),
    }
}

fn refuse_overwrite_path(path: &Path, force: bool) -> Result<(), Failure> {
    if !force && path.symlink_metadata().is_ok() {
        return Err(exists(path));
    }
    Ok(())
}

fn exists(path: &Path) -> Failure {
    Failure::invalid(format!(
        "{} already exists; pass --force to replace it (nothing was written)",
        path.display()
    ))
}

/// Writes `bytes` to the `--out` file as they are, or to stdout, where each line is
/// sanitised (a piped report still often ends on a screen) since stored text (a unit
/// name) could otherwise carry escape sequences. JSON is already escaped, so loses nothing.
fn deliver(out: &OutArgs, bytes: &[u8]) -> Result<(), Failure> {
    if let Some(path) = &out.out {
        return write_private(path, bytes, out.force);
    }
    let text = String::from_utf8_lossy(bytes);
    say!("{}", text.strip_suffix('\n').unwrap_or(&text));
    Ok(())
}

/// Puts `bytes` at `path` as a file only its owner can read, all at once (see
/// `files::write_whole`); an existing file is replaced only with `force`.
fn write_private(path: &Path, bytes: &[u8], force: bool) -> Result<(), Failure> {
    let existing = if force {
        Existing::Replace
    } else {
        Existing::Keep
    };
    write_whole(path, bytes, existing).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            exists(path)
        } else {
            Failure::other(format!("cannot write {}: {e}", path.display()))
        }
    })
}
