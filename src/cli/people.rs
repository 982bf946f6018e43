//! `steady people …` and `steady mentor …`.

use std::path::PathBuf;

use clap::Subcommand;

use super::Global;
use super::output::{Failure, json, note, say, table};
use super::progress::Meter;
use super::prompt;
use crate::domain::Person;

#[derive(Debug, Subcommand)]
pub enum PeopleCommand {
    /// Import or update people from a CSV: employee_id,name,unit,supervisor_id (header required)
    Import {
        file: PathBuf,
        /// Mark people who are not in the file as inactive (history is kept)
        #[arg(long)]
        deactivate_missing: bool,
    },
    /// Add one person
    Add {
        /// Employee id
        emp: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        unit: String,
        /// Employee id of their supervisor
        #[arg(long, value_name = "EMP")]
        supervisor: Option<String>,
    },
    /// List the people you may see
    List {
        /// Only people whose unit is exactly this
        #[arg(long)]
        unit: Option<String>,
    },
    /// Show one person
    Show { emp: String },
}

#[derive(Debug, Subcommand)]
pub enum MentorCommand {
    /// Make LOGIN (a mentor account) the mentor of EMP
    Assign { login: String, emp: String },
    /// End a mentoring pair
    Unassign { login: String, emp: String },
}

pub(super) fn run(global: &Global, command: PeopleCommand) -> Result<(), Failure> {
    match command {
        PeopleCommand::Import {
            file,
            deactivate_missing,
        } => {
            // Read the file before asking for a passphrase: a typo should fail fast.
            let bytes = std::fs::read(&file)
                .map_err(|e| Failure::invalid(format!("cannot read {}: {e}", file.display())))?;
            let mut session = prompt::unlock(global)?;
            let mut meter = Meter::for_command(global.json);
            let summary = session.import_people(&bytes, deactivate_missing, &mut meter)?;
            drop(meter);
            if global.json {
                return json(&summary);
            }
            say!(
                "Imported {}: {} added, {} updated, {} unchanged, {} deactivated.",
                file.display(),
                summary.added,
                summary.updated,
                summary.unchanged,
                summary.deactivated
            );
            if summary.not_in_file > 0 && !deactivate_missing {
                note(&format!(
                    "{} active people in the vault are not in this file; they were kept (use --deactivate-missing to mark them inactive).",
                    summary.not_in_file
                ));
            }
            Ok(())
        }
        PeopleCommand::Add {
            emp,
            name,
            unit,
            supervisor,
        } => {
            let mut session = prompt::unlock(global)?;
            let person = Person {
                employee_id: emp.trim().to_string(),
                name: name.trim().to_string(),
                unit: unit.trim().to_string(),
                supervisor_id: supervisor
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty()),
                active: true,
            };
            session.add_person(&person)?;
            if global.json {
                return json(&person);
            }
            note(&format!("Added {} ({}).", person.employee_id, person.name));
            Ok(())
        }
        PeopleCommand::List { unit } => {
            let session = prompt::unlock(global)?;
            let mut people = session.people()?;
            if let Some(unit) = unit {
                people.retain(|p| p.unit == unit);
            }
            if global.json {
                return json(&people);
            }
            let rows: Vec<Vec<String>> = people
                .iter()
                .map(|p| {
                    vec![
                        p.employee_id.clone(),
                        p.name.clone(),
                        p.unit.clone(),
                        p.supervisor_id.clone().unwrap_or_else(|| "-".into()),
                        if p.active { "" } else { "inactive" }.to_string(),
                    ]
                })
                .collect();
            table(&["employee_id", "name", "unit", "supervisor", ""], &rows);
            Ok(())
        }
        PeopleCommand::Show { emp } => {
            let session = prompt::unlock(global)?;
            let view = session.person(emp.trim())?;
            if global.json {
                return json(&view);
            }
            let p = &view.person;
            let supervisor = match (&p.supervisor_id, &view.supervisor_name) {
                (Some(id), Some(name)) => format!("{name} ({id})"),
                (Some(id), None) => id.clone(),
                _ => "-".into(),
            };
            let mentors = if view.mentors.is_empty() {
                "-".to_string()
            } else {
                view.mentors.join(", ")
            };
            table(
                &["field", "value"],
                &[
                    vec!["employee id".into(), p.employee_id.clone()],
                    vec!["name".into(), p.name.clone()],
                    vec!["unit".into(), p.unit.clone()],
                    vec!["supervisor".into(), supervisor],
                    vec!["direct reports".into(), view.direct_reports.to_string()],
                    vec!["mentors".into(), mentors],
                    vec![
                        "status".into(),
                        if p.active { "active" } else { "inactive" }.into(),
                    ],
                ],
            );
            Ok(())
        }
    }
}

pub(super) fn run_mentor(global: &Global, command: MentorCommand) -> Result<(), Failure> {
    let mut session = prompt::unlock(global)?;
    match command {
        MentorCommand::Assign { login, emp } => {
            session.assign_mentor(login.trim(), emp.trim())?;
            note(&format!("{login} now mentors {emp}."));
        }
        MentorCommand::Unassign { login, emp } => {
            session.unassign_mentor(login.trim(), emp.trim())?;
            note(&format!("{login} no longer mentors {emp}."));
        }
    }
    Ok(())
}
