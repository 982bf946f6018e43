//! `steady checkin …`: record, list, show and edit check-ins.
//! Parses options and prints results; who may record or read what is the desk's call.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde::Serialize;

use super::Global;
use super::output::{Failure, json, note, say, table};
use super::prompt;
use super::resources::print_suggestions;
use super::text_input::text_or_file;
use super::values::{date, date_text, stressor_flags, stressors_text};
use crate::desk::CheckinDraftInput;
use crate::domain::checkin::{Checkin, CheckinDraft, Visibility};
use crate::domain::dates::today;
use crate::domain::stressors::StressorFlag;

#[derive(Debug, Subcommand)]
pub enum CheckinCommand {
    /// Record a check-in with someone in your care; prints its id and resources for what was flagged
    #[command(mut_arg("wellbeing", |a| a.required(true)))]
    Add {
        /// Employee id of the person you checked in with
        emp: String,
        #[command(flatten)]
        fields: CheckinFields,
    },
    /// The check-ins about a person that you may read, newest first
    List {
        /// Employee id
        emp: String,
    },
    /// One check-in with its earlier versions
    Show {
        /// The check-in's id (see `steady checkin list EMP`)
        id: i64,
    },
    /// Change a check-in you wrote: options not given keep their value; the earlier version is kept
    Edit {
        /// The check-in's id (see `steady checkin list EMP`)
        id: i64,
        #[command(flatten)]
        fields: CheckinFields,
        /// Remove the stressor flags first (those given with --stressor are then added)
        #[arg(long)]
        clear_stressors: bool,
        /// Remove the follow-up date
        #[arg(long, conflicts_with = "follow_up")]
        no_follow_up: bool,
    },
}

/// The options `add` and `edit` share.
#[derive(Debug, Args)]
pub struct CheckinFields {
    /// How they are doing, from 1 (struggling) to 5 (doing well)
    #[arg(long, value_name = "1-5")]
    wellbeing: Option<u8>,
    /// A source of stress they mentioned, as CAT[:low|moderate|high] (moderate if not
    /// given), e.g. work.shifts:high; repeat for several
    #[arg(long = "stressor", value_name = "CAT[:SEVERITY]")]
    stressors: Vec<String>,
    /// What you talked about, in their words where you can (others on the host can see
    /// arguments: --note-file keeps the text out of sight)
    #[arg(long, value_name = "TEXT", conflicts_with = "note_file")]
    note: Option<String>,
    /// Read the note from FILE, or from standard input with `-` (UTF-8, at most 64 KiB;
    /// one final newline is dropped)
    #[arg(long, value_name = "FILE|-")]
    note_file: Option<PathBuf>,
    /// The day you talked, YYYY-MM-DD (default today)
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    /// The day to check in again by, YYYY-MM-DD
    #[arg(long, value_name = "YYYY-MM-DD")]
    follow_up: Option<String>,
    /// Readable by you and the employee only (the default for a mentoring check-in)
    #[arg(long, conflicts_with = "chain")]
    private: bool,
    /// Readable by their supervisors up the chain too (the default for a supervisor's)
    #[arg(long)]
    chain: bool,
}

/// [`CheckinFields`] checked and typed; `None` where an option was not given.
struct GivenFields {
    wellbeing: Option<u8>,
    stressors: Vec<StressorFlag>,
    notes: Option<String>,
    occurred_on: Option<NaiveDate>,
    follow_up_on: Option<NaiveDate>,
    visibility: Option<Visibility>,
}

impl CheckinFields {
    fn parse(&self) -> Result<GivenFields, Failure> {
        let visibility = match (self.private, self.chain) {
            (true, _) => Some(Visibility::Private),
            (_, true) => Some(Visibility::Chain),
            _ => None,
        };
        Ok(GivenFields {
            wellbeing: self.wellbeing,
            stressors: stressor_flags(&self.stressors)?,
            notes: text_or_file(
                self.note.as_deref(),
                self.note_file.as_deref(),
                "--note",
                "--note-file",
            )?,
            occurred_on: date(self.date.as_deref())?,
            follow_up_on: date(self.follow_up.as_deref())?,
            visibility,
        })
    }
}

impl GivenFields {
    fn into_new(self) -> Result<CheckinDraftInput, Failure> {
        Ok(CheckinDraftInput {
            occurred_on: self.occurred_on.unwrap_or_else(today),
            wellbeing: self
                .wellbeing
                .ok_or_else(|| Failure::usage("--wellbeing 1-5 is required"))?,
            visibility: self.visibility,
            notes: self.notes.unwrap_or_default(),
            follow_up_on: self.follow_up_on,
            stressors: self.stressors,
        })
    }

    /// The draft of an edit: `current` with what was given laid over it. A flag given
    /// for a category already flagged replaces it.
    fn over(self, current: &Checkin, clear_stressors: bool, no_follow_up: bool) -> CheckinDraft {
        let mut stressors = if clear_stressors {
            Vec::new()
        } else {
            current.stressors.clone()
        };
        stressors.retain(|kept| !self.stressors.iter().any(|f| f.category == kept.category));
        stressors.extend(self.stressors);
        // Stored flags come back by category; keep that order so an edit that changes
        // nothing is recognised as such.
        stressors.sort_by(|a, b| a.category.cmp(&b.category));
        CheckinDraft {
            occurred_on: self.occurred_on.unwrap_or(current.occurred_on),
            wellbeing: self.wellbeing.unwrap_or(current.wellbeing),
            visibility: self.visibility.unwrap_or(current.visibility),
            notes: self.notes.unwrap_or_else(|| current.notes.clone()),
            follow_up_on: if no_follow_up {
                None
            } else {
                self.follow_up_on.or(current.follow_up_on)
            },
            stressors,
        }
    }
}

/// `checkin show --json`: the check-in as it stands and every earlier version.
#[derive(Serialize)]
struct ShownCheckin {
    checkin: Checkin,
    /// Oldest first.
    earlier_versions: Vec<Checkin>,
}

pub(super) fn run(global: &Global, command: CheckinCommand) -> Result<(), Failure> {
    match command {
        CheckinCommand::Add { emp, fields } => add(global, emp.trim(), &fields),
        CheckinCommand::List { emp } => list(global, emp.trim()),
        CheckinCommand::Show { id } => show(global, id),
        CheckinCommand::Edit {
            id,
            fields,
            clear_stressors,
            no_follow_up,
        } => edit(global, id, &fields, clear_stressors, no_follow_up),
    }
}

fn add(global: &Global, emp: &str, fields: &CheckinFields) -> Result<(), Failure> {
    let given = fields.parse()?;
    let day = given.occurred_on;
    let draft = given.into_new()?;
    let mut session = prompt::unlock_on(global, day, "check-in date")?;
    let recorded = session.record_checkin(emp, draft)?;
    if global.json {
        return json(&recorded);
    }
    say!("Recorded check-in {} with {emp}.", recorded.id);
    print_suggestions(&recorded.suggestions);
    Ok(())
}

fn list(global: &Global, emp: &str) -> Result<(), Failure> {
    let session = prompt::unlock(global)?;
    let checkins = session.checkins(emp)?;
    if global.json {
        return json(&checkins);
    }
    if checkins.is_empty() {
        note(&format!("No check-ins with {emp} that you may read."));
        return Ok(());
    }
    let rows: Vec<Vec<String>> = checkins
        .iter()
        .map(|c| with_first(c.id.to_string(), c))
        .collect();
    table(&header("id"), &rows);
    Ok(())
}

fn show(global: &Global, id: i64) -> Result<(), Failure> {
    let session = prompt::unlock(global)?;
    let (checkin, earlier_versions) = session.checkin_with_history(id)?;
    if global.json {
        return json(&ShownCheckin {
            checkin,
            earlier_versions,
        });
    }
    let c = &checkin;
    table(
        &["field", "value"],
        &[
            vec!["id".into(), c.id.to_string()],
            vec!["employee".into(), c.employee_id.clone()],
            vec!["date".into(), c.occurred_on.to_string()],
            vec!["author".into(), c.author.clone()],
            vec!["kind".into(), c.kind.as_str().into()],
            vec!["wellbeing".into(), c.wellbeing.to_string()],
            vec!["stressors".into(), stressors_text(&c.stressors)],
            vec!["visibility".into(), c.visibility.to_string()],
            vec!["follow-up".into(), date_text(c.follow_up_on)],
            vec!["notes".into(), notes_text(c)],
            vec!["version".into(), c.version.to_string()],
        ],
    );
    if !earlier_versions.is_empty() {
        say!();
        say!("Earlier versions, oldest first:");
        let rows: Vec<Vec<String>> = earlier_versions
            .iter()
            .map(|v| with_first(v.version.to_string(), v))
            .collect();
        table(&header("version"), &rows);
    }
    Ok(())
}

fn edit(
    global: &Global,
    id: i64,
    fields: &CheckinFields,
    clear_stressors: bool,
    no_follow_up: bool,
) -> Result<(), Failure> {
    let given = fields.parse()?;
    let mut session = prompt::unlock(global)?;
    let current = session.checkin_to_edit(id)?;
    session.edit_checkin(id, given.over(&current, clear_stressors, no_follow_up))?;
    let updated = session.checkin_to_edit(id)?;
    if global.json {
        return json(&updated);
    }
    say!(
        "Updated check-in {id} (now version {}); the earlier version is kept.",
        updated.version
    );
    Ok(())
}

fn header(first: &'static str) -> [&'static str; 9] {
    [
        first,
        "date",
        "author",
        "kind",
        "wellbeing",
        "stressors",
        "visibility",
        "follow-up",
        "notes",
    ]
}

/// A table row for `c` under [`header`], after the `first` cell (id or version).
fn with_first(first: String, c: &Checkin) -> Vec<String> {
    vec![
        first,
        c.occurred_on.to_string(),
        c.author.clone(),
        c.kind.as_str().into(),
        c.wellbeing.to_string(),
        stressors_text(&c.stressors),
        c.visibility.to_string(),
        date_text(c.follow_up_on),
        notes_text(c),
    ]
}

fn notes_text(c: &Checkin) -> String {
    match c.notes_purged_on {
        Some(on) if c.notes.is_empty() => format!("(removed under the retention policy on {on})"),
        _ => c.notes.clone(),
    }
}
