//! `steady selfcheck …`: take, list, share, unshare and delete confidential self-checks.
//! Parses and prints only; scoring lives in `instruments`, sealing and access in `desk`.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde::Serialize;

use super::Global;
use super::output::{Failure, json, note, table};
use super::prompt;
use super::score::{find_instrument, print_reading, score_answers, show_crisis_support};
use super::text_input::text_or_file;
use crate::desk::{self, SelfCheckEntry, SelfCheckRecord, SelfCheckRequest, TakenSelfCheck};
use crate::domain::dates::{parse_date, today};
use crate::instruments::reading::{band_words, plain_band};
use crate::instruments::{Catalog, Score};

#[derive(Debug, Subcommand)]
pub enum SelfcheckCommand {
    /// Take a self-check: it is scored, then sealed so that only you can read it
    Take(TakeArgs),
    /// Your self-checks with their results (coordinators: those shared with you)
    List,
    /// Share one of your self-checks with the wellness coordinators
    Share {
        /// The self-check's id (from `selfcheck list`)
        id: i64,
        /// Share without asking (the names are still shown)
        #[arg(long)]
        yes: bool,
    },
    /// Stop sharing one of your self-checks: only you can open it again
    Unshare {
        /// The self-check's id (from `selfcheck list`)
        id: i64,
    },
    /// Delete one of your self-checks for good (asks first; scripts pass --yes)
    Delete {
        /// The self-check's id (from `selfcheck list`)
        id: i64,
        /// Delete without asking (needed when no terminal is attached)
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Args)]
pub struct TakeArgs {
    /// The questionnaire: who5, phq2, phq9, gad2, gad7, phq4, k6 or k10
    instrument: String,
    /// The answers in item order, separated by commas; `-` marks a skipped item (PHQ-9
    /// allows up to two), e.g. `3,2,-,1,0,0,1,2,0` (others on the host can see arguments:
    /// --answers-file keeps them out of sight)
    #[arg(
        long,
        value_name = "A,B,…",
        allow_hyphen_values = true,
        required_unless_present = "answers_file",
        conflicts_with = "answers_file"
    )]
    answers: Option<String>,
    /// Read the answers, as for --answers, from FILE, or from standard input with `-`
    /// (UTF-8, at most 64 KiB)
    #[arg(long, value_name = "FILE|-")]
    answers_file: Option<PathBuf>,
    /// Also seal it to the wellness coordinators, so they can read it (you can withdraw this);
    /// their names are shown first, and at a terminal you are asked to go ahead
    #[arg(long)]
    share: bool,
    /// Share without asking (the names are still shown)
    #[arg(long, requires = "share")]
    yes: bool,
    /// Add its band, without your name, to your unit's anonymous monthly count
    #[arg(long)]
    contribute: bool,
    /// The day it is for (default: today)
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
}

/// One self-check in JSON: exactly these fields, so scripts can rely on them. One that
/// could not be verified as its owner's has `verified: false` and every result field `null`.
#[derive(Serialize)]
struct SelfCheckJson<'a> {
    id: i64,
    owner: &'a str,
    taken_on: &'a str,
    shared: bool,
    verified: bool,
    instrument: Option<&'a str>,
    total: Option<u32>,
    percent: Option<u32>,
    band: Option<&'a str>,
    flags: Option<&'a [String]>,
    prorated: Option<bool>,
}

impl<'a> SelfCheckJson<'a> {
    fn new(record: &'a SelfCheckRecord, score: Option<&'a Score>) -> Self {
        Self {
            id: record.id,
            owner: &record.owner,
            taken_on: &record.taken_on,
            shared: record.shared,
            verified: score.is_some(),
            instrument: score.map(|s| s.instrument.as_str()),
            total: score.map(|s| s.total),
            percent: score.and_then(|s| s.percent),
            band: score.map(|s| s.band.as_str()),
            flags: score.map(|s| s.flags.as_slice()),
            prorated: score.map(|s| s.prorated),
        }
    }

    fn of_entry(entry: &'a SelfCheckEntry) -> Self {
        Self::new(entry.record(), entry.verified().map(|view| &view.score))
    }
}

pub(super) fn run(global: &Global, command: SelfcheckCommand) -> Result<(), Failure> {
    match command {
        SelfcheckCommand::Take(args) => take(global, &args),
        SelfcheckCommand::List => list(global),
        SelfcheckCommand::Share { id, yes } => {
            let mut session = prompt::unlock(global)?;
            // Names are shown to the owner only; anyone else (and a self-check that is not
            // verified as theirs) is refused by the desk below.
            let owned = session.my_self_checks().is_ok_and(|own| {
                own.iter().any(|c| {
                    c.verified()
                        .is_some_and(|v| v.record.id == id && !v.record.shared)
                })
            });
            if owned && !agree_to_share(&session, yes)? {
                note(&format!(
                    "Self-check {id} stays private: only you can open it."
                ));
                return Ok(());
            }
            let coordinators = session.share_self_check(id)?;
            let whom = if coordinators == 1 {
                "1 coordinator".to_string()
            } else {
                format!("{coordinators} coordinators")
            };
            note(&format!(
                "Self-check {id} is shared: {whom} can now open it. `steady selfcheck unshare {id}` withdraws it."
            ));
            Ok(())
        }
        SelfcheckCommand::Unshare { id } => {
            let mut session = prompt::unlock(global)?;
            session.unshare_self_check(id)?;
            note(&format!(
                "Self-check {id} is private again: only you can open it. (What a coordinator already read cannot be unread.)"
            ));
            Ok(())
        }
        SelfcheckCommand::Delete { id, yes } => delete(global, id, yes),
    }
}

fn take(global: &Global, args: &TakeArgs) -> Result<(), Failure> {
    // Everything that can be wrong with the input is found before the passphrase is asked.
    let catalog = Catalog::builtin().map_err(|e| Failure::other(e.to_string()))?;
    let instrument = find_instrument(&catalog, &args.instrument)?;
    let text = text_or_file(
        args.answers.as_deref(),
        args.answers_file.as_deref(),
        "--answers",
        "--answers-file",
    )?
    .unwrap_or_default();
    let (answers, preview) = score_answers(instrument, text.trim())?;
    let taken_on = match &args.date {
        Some(text) => parse_date(text).map_err(Failure::invalid)?,
        None => today(),
    };
    let request = SelfCheckRequest {
        instrument: instrument.id(),
        answers: &answers,
        share: args.share,
        contribute: args.contribute,
        taken_on,
    };
    let stored = prompt::unlock(global).and_then(|mut session| {
        let mut request = request;
        if request.share && !agree_to_share(&session, args.yes)? {
            note("It will be kept private: only you can read it.");
            request.share = false;
        }
        session.take_self_check(&request).map_err(Failure::from)
    });
    let taken = match stored {
        Ok(taken) => taken,
        Err(failure) => {
            // A safety answer brings the crisis lines even when nothing could be saved.
            if preview.safety_item_endorsed {
                show_crisis_support(true);
            }
            return Err(failure);
        }
    };
    let record = &taken.record;
    if global.json {
        json(&SelfCheckJson::new(record, Some(&taken.score)))?;
    } else {
        print_reading(instrument, &taken.score, &saved_line(&taken));
    }
    // Showing the lines tells no one; only the person's own --share passed anything on.
    if taken.score.safety_item_endorsed {
        show_crisis_support(!record.shared);
    }
    if taken.share_unavailable {
        note(&format!(
            "Not shared: no coordinator can receive it yet. Share it later with `steady selfcheck share {}`.",
            record.id
        ));
    }
    if taken.contributed {
        note(
            "Its band was also added, without your name or the day, to your unit's anonymous count for the month.",
        );
    }
    Ok(())
}

/// Names who a shared self-check can be read by, before it is shared; at a terminal asks
/// to go ahead (unless `--yes`). Whether to share.
fn agree_to_share(session: &desk::Session, yes: bool) -> Result<bool, Failure> {
    let me = session.login();
    let readers: Vec<String> = session
        .coordinators()?
        .into_iter()
        .filter(|c| c.can_read_shared && c.login != me)
        .map(|c| c.who())
        .collect();
    if readers.is_empty() {
        // take_self_check says so, and keeps it private.
        return Ok(true);
    }
    note(&format!(
        "Shared, your answers can be read by the wellness coordinators: {}.",
        readers.join(", ")
    ));
    if yes || !std::io::stdin().is_terminal() {
        return Ok(true);
    }
    prompt::confirm("Share with them? [y/N] ")
}

fn saved_line(taken: &TakenSelfCheck) -> String {
    let record = &taken.record;
    let readers = match (record.shared, taken.shared_with) {
        (false, _) => "only you can read it".to_string(),
        (true, 1) => "shared with 1 coordinator".to_string(),
        (true, n) => format!("shared with {n} coordinators"),
    };
    format!(
        "Saved as self-check {} for {}; {readers}.",
        record.id, record.taken_on
    )
}

fn list(global: &Global) -> Result<(), Failure> {
    let session = prompt::unlock(global)?;
    let list = session.self_checks()?;
    if global.json {
        let items: Vec<SelfCheckJson<'_>> =
            list.checks.iter().map(SelfCheckJson::of_entry).collect();
        json(&items)?;
    } else if list.checks.is_empty() {
        note("No self-checks to show.");
    } else {
        let catalog = Catalog::builtin().map_err(|e| Failure::other(e.to_string()))?;
        let me = session.login();
        let rows: Vec<Vec<String>> = list
            .checks
            .iter()
            .map(|c| list_row(c, &catalog, c.record().owner == me))
            .collect();
        table(
            &[
                "id",
                "taken on",
                "owner",
                "instrument",
                "total",
                "band",
                "shared",
            ],
            &rows,
        );
    }
    let unverified: Vec<String> = list
        .checks
        .iter()
        .filter(|c| c.verified().is_none())
        .map(|c| c.record().id.to_string())
        .collect();
    if !unverified.is_empty() {
        let which = match unverified.as_slice() {
            [one] => format!(
                "Self-check {one} could not be verified: no key its owner holds or held signed it"
            ),
            many => format!(
                "Self-checks {} could not be verified: no key their owners hold or held signed them",
                many.join(", ")
            ),
        };
        note(&format!(
            "{which} (forged or altered, or sealed before self-checks were signed), so no answers or results are shown."
        ));
    }
    if list.lost_to_reset > 0 {
        note(&format!(
            "{} of your self-checks from before your passphrase was reset were sealed to your old key and cannot be opened again.",
            list.lost_to_reset
        ));
    }
    if list.not_sealed_to_you > 0 {
        note(&format!(
            "{} shared self-check(s) were sealed before your key existed; their owners can share them again to include you.",
            list.not_sealed_to_you
        ));
    }
    Ok(())
}

/// A row of `selfcheck list`: id, date, owner, instrument, total, band, shared. One's own
/// band reads in the instrument's plain words, a shared one's by its published name (for the
/// coordinator). One that could not be verified says so where its band would be, and shows
/// no result.
fn list_row(entry: &SelfCheckEntry, catalog: &Catalog, own: bool) -> Vec<String> {
    let record = entry.record();
    let (instrument, total, band) = match entry.verified() {
        Some(view) => {
            let score = &view.score;
            let mut total = score.total.to_string();
            if let Some(percent) = score.percent {
                total.push_str(&format!(" ({percent}%)"));
            }
            let band = if own {
                plain_band(catalog.get(&score.instrument), &score.band)
            } else {
                band_words(&score.band)
            };
            (score.instrument.clone(), total, band)
        }
        None => ("-".into(), "-".into(), "could not be verified".into()),
    };
    vec![
        record.id.to_string(),
        record.taken_on.clone(),
        record.owner.clone(),
        instrument,
        total,
        band,
        if record.shared { "yes" } else { "no" }.to_string(),
    ]
}

fn delete(global: &Global, id: i64, yes: bool) -> Result<(), Failure> {
    if !yes && !prompt::interactive() {
        return Err(Failure::usage(format!(
            "deleting self-check {id} cannot be undone: confirm at a terminal, or pass --yes; nothing was deleted"
        )));
    }
    let mut session = prompt::unlock(global)?;
    if !yes && !prompt::confirm(&format!("Delete self-check {id} for good? [y/N] "))? {
        note("Nothing was deleted.");
        return Ok(());
    }
    session.delete_self_check(id)?;
    note(&format!("Self-check {id} is deleted."));
    Ok(())
}
