//! `steady resources …`: the resource catalog (list, show, suggest) and keeping it current
//! (add, edit, retire, restore). Parses and prints; who may change the catalog is the desk's call.

use clap::{Args, Subcommand};

use super::Global;
use super::output::{Failure, json, note, say, table};
use super::prompt;
use super::values::date_or_today;
use crate::desk::SUGGESTION_WINDOW_DAYS;
use crate::domain::resources::Resource;

#[derive(Debug, Subcommand)]
pub enum ResourcesCommand {
    /// The resource catalog, crisis lines first
    List {
        /// Include retired resources
        #[arg(long)]
        all: bool,
    },
    /// One resource in full
    Show {
        /// The resource's id (see `steady resources list`)
        id: String,
    },
    /// Add a resource to the catalog (coordinators)
    #[command(
        mut_arg("name", |a| a.required(true)),
        mut_arg("kind", |a| a.required(true)),
        mut_arg("contact", |a| a.required(true)),
        mut_arg("hours", |a| a.required(true)),
        mut_arg("confidentiality", |a| a.required(true))
    )]
    Add {
        /// A short id: lower-case letters, digits and '-' (e.g. legal-aid)
        id: String,
        #[command(flatten)]
        fields: ResourceFields,
    },
    /// Change a resource (coordinators); options not given keep their value
    #[command(mut_group("ResourceFields", |g| g.required(true)))]
    Edit {
        /// The resource's id (see `steady resources list`)
        id: String,
        #[command(flatten)]
        fields: ResourceFields,
    },
    /// Retire a resource: kept for the referrals that name it, never suggested again (coordinators)
    Retire {
        /// The resource's id (see `steady resources list`)
        id: String,
    },
    /// Bring a retired resource back into the catalog: suggested again, open to referrals (coordinators)
    Restore {
        /// The resource's id (see `steady resources list --all`)
        id: String,
    },
    /// Resources for what was flagged on a person lately, best first
    Suggest {
        /// Employee id
        emp: String,
        /// The day to look back from, YYYY-MM-DD (default today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
    },
}

/// The options `add` and `edit` share; `edit` needs at least one.
#[derive(Debug, Args)]
#[group(multiple = true)]
pub struct ResourceFields {
    /// The name people see
    #[arg(long)]
    name: Option<String>,
    /// What sort of help, e.g. counselling, peer support, crisis line
    #[arg(long)]
    kind: Option<String>,
    /// How to reach it: a number to call or text, an address, a link
    #[arg(long)]
    contact: Option<String>,
    /// When it can be reached, e.g. 24/7
    #[arg(long)]
    hours: Option<String>,
    /// Who learns what, in a sentence (e.g. nothing is reported to the agency)
    #[arg(long, value_name = "TEXT")]
    confidentiality: Option<String>,
    /// What it offers, in a sentence or two
    #[arg(long, value_name = "TEXT")]
    description: Option<String>,
    /// Stressor categories or whole groups it helps with, comma-separated
    /// (e.g. financial,health.sleep); an empty value clears the list
    #[arg(long, value_delimiter = ',', value_name = "CAT,...")]
    helps_with: Option<Vec<String>>,
    /// A crisis line, shown on the help-now screen (--crisis false takes it off)
    #[arg(long, num_args = 0..=1, default_missing_value = "true", value_name = "true|false")]
    crisis: Option<bool>,
}

impl ResourceFields {
    /// Lays the options given over `resource`.
    fn apply_to(&self, resource: &mut Resource) {
        for (given, field) in [
            (&self.name, &mut resource.name),
            (&self.kind, &mut resource.kind),
            (&self.contact, &mut resource.contact),
            (&self.hours, &mut resource.hours),
            (&self.confidentiality, &mut resource.confidentiality),
            (&self.description, &mut resource.description),
        ] {
            if let Some(text) = given {
                *field = text.trim().to_string();
            }
        }
        if let Some(helps_with) = &self.helps_with {
            resource.helps_with = helps_with
                .iter()
                .map(|h| h.trim().to_string())
                .filter(|h| !h.is_empty())
                .collect();
        }
        if let Some(crisis) = self.crisis {
            resource.crisis = crisis;
        }
    }
}

pub(super) fn run(global: &Global, command: ResourcesCommand) -> Result<(), Failure> {
    match command {
        ResourcesCommand::List { all } => {
            let session = prompt::unlock(global)?;
            let resources = session.resources(all)?;
            if global.json {
                return json(&resources);
            }
            let rows: Vec<Vec<String>> = resources
                .iter()
                .map(|r| {
                    let mut row = summary_row(r);
                    row.push(
                        match (r.crisis, r.retired) {
                            (_, true) => "retired",
                            (true, false) => "crisis line",
                            (false, false) => "",
                        }
                        .into(),
                    );
                    row
                })
                .collect();
            table(&["id", "name", "contact", "hours", ""], &rows);
            Ok(())
        }
        ResourcesCommand::Show { id } => {
            let session = prompt::unlock(global)?;
            let r = session.resource(id.trim())?;
            if global.json {
                return json(&r);
            }
            let helps_with = if r.helps_with.is_empty() {
                "-".to_string()
            } else {
                r.helps_with.join(", ")
            };
            let yes_no = |b: bool| if b { "yes" } else { "no" }.to_string();
            table(
                &["field", "value"],
                &[
                    vec!["id".into(), r.id.clone()],
                    vec!["name".into(), r.name.clone()],
                    vec!["kind".into(), r.kind.clone()],
                    vec!["contact".into(), r.contact.clone()],
                    vec!["hours".into(), r.hours.clone()],
                    vec!["confidentiality".into(), r.confidentiality.clone()],
                    vec!["description".into(), r.description.clone()],
                    vec!["helps with".into(), helps_with],
                    vec!["crisis line".into(), yes_no(r.crisis)],
                    vec!["retired".into(), yes_no(r.retired)],
                ],
            );
            Ok(())
        }
        ResourcesCommand::Add { id, fields } => {
            let mut resource = Resource {
                id: id.trim().to_string(),
                name: String::new(),
                kind: String::new(),
                contact: String::new(),
                hours: String::new(),
                confidentiality: String::new(),
                description: String::new(),
                helps_with: Vec::new(),
                crisis: false,
                retired: false,
            };
            fields.apply_to(&mut resource);
            let mut session = prompt::unlock(global)?;
            session.add_resource(&resource)?;
            if global.json {
                return json(&resource);
            }
            note(&format!("Added {} ({}).", resource.id, resource.name));
            Ok(())
        }
        ResourcesCommand::Edit { id, fields } => {
            let mut session = prompt::unlock(global)?;
            let mut resource = session.resource(id.trim())?;
            fields.apply_to(&mut resource);
            session.put_resource(&resource)?;
            if global.json {
                return json(&resource);
            }
            note(&format!("Updated {} ({}).", resource.id, resource.name));
            Ok(())
        }
        ResourcesCommand::Retire { id } => {
            let mut session = prompt::unlock(global)?;
            let id = id.trim();
            session.retire_resource(id)?;
            note(&format!(
                "Retired {id}: referrals that name it keep it; it is no longer suggested."
            ));
            Ok(())
        }
        ResourcesCommand::Restore { id } => {
            let mut session = prompt::unlock(global)?;
            let id = id.trim();
            session.restore_resource(id)?;
            note(&format!(
                "Restored {id}: it is suggested again and open to new referrals."
            ));
            Ok(())
        }
        ResourcesCommand::Suggest { emp, as_of } => {
            let as_of = date_or_today(as_of.as_deref())?;
            let session = prompt::unlock(global)?;
            let emp = emp.trim();
            let suggestions = session.suggestions_for(emp, as_of)?;
            if global.json {
                return json(&suggestions);
            }
            if suggestions.is_empty() {
                note(&format!(
                    "Nothing flagged for {emp} in the {SUGGESTION_WINDOW_DAYS} days to {as_of} points to a resource; `steady resources list` shows them all."
                ));
            }
            print_suggestions(&suggestions);
            Ok(())
        }
    }
}

fn summary_row(r: &Resource) -> Vec<String> {
    vec![
        r.id.clone(),
        r.name.clone(),
        r.contact.clone(),
        r.hours.clone(),
    ]
}

/// Resources suggested for what was flagged, best first (nothing if there are none).
pub(super) fn print_suggestions(suggestions: &[Resource]) {
    if suggestions.is_empty() {
        return;
    }
    say!("Resources for what was flagged lately, best first:");
    let rows: Vec<Vec<String>> = suggestions.iter().map(summary_row).collect();
    table(&["id", "name", "contact", "hours"], &rows);
}
