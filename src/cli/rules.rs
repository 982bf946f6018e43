//! `steady rules …` and `steady prompts …`: checking, running and back-testing the rules,
//! and the prompts they raise (list, acknowledge, snooze).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Subcommand;
use serde::Serialize;

use super::Global;
use super::output::{Failure, json, note, say, table};
use super::prompt;
use crate::domain::dates::{parse_date, today};
use crate::rules::{self, Known, RuleSet};

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Check a rules file (default: the rules in force) and list every problem with its line
    Check { file: Option<PathBuf> },
    /// Evaluate everyone and leave live exactly the prompts whose conditions hold
    Run {
        /// Evaluate as of this day (YYYY-MM-DD; default today)
        #[arg(long, value_name = "D", value_parser = parse_date)]
        as_of: Option<NaiveDate>,
    },
    /// Back-test a rules file against the data, changing nothing
    Test {
        file: PathBuf,
        #[arg(long, value_name = "D", value_parser = parse_date)]
        as_of: Option<NaiveDate>,
    },
}

#[derive(Debug, Subcommand)]
pub enum PromptsCommand {
    /// The prompts for you, most severe and oldest first
    List {
        #[arg(long, value_name = "D", value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// Include acknowledged and snoozed prompts
        #[arg(long)]
        all: bool,
    },
    /// Acknowledge a prompt with a note (what you did, or why nothing is needed)
    Ack {
        id: i64,
        #[arg(long, value_name = "T")]
        note: String,
        #[arg(long, value_name = "D", value_parser = parse_date)]
        date: Option<NaiveDate>,
    },
    /// Hide a prompt until a day; it comes back then if its condition still holds
    Snooze {
        id: i64,
        #[arg(long, value_name = "D", value_parser = parse_date)]
        until: NaiveDate,
    },
}

/// The rules file in force: `--rules FILE`, else `rules.toml` in the config folder, else
/// the built-in rules (None).
fn rules_file(global: &Global) -> Option<PathBuf> {
    global.rules.clone().or_else(|| {
        directories::ProjectDirs::from("org", "steady", "steady")
            .map(|dirs| dirs.config_dir().join("rules.toml"))
            .filter(|p| p.exists())
    })
}

fn load(path: &Path) -> Result<RuleSet, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::invalid(format!("cannot read {}: {e}", path.display())))?;
    rules::parse(&text, &Known::builtin()).map_err(|errors| Failure {
        code: 5,
        message: format!("{} has {} problem(s)", path.display(), errors.len()),
        details: errors.iter().map(ToString::to_string).collect(),
    })
}

/// The rules a session should use, if they are not the built-in ones.
pub fn rules_in_force(global: &Global) -> Result<Option<RuleSet>, Failure> {
    rules_file(global).map(|p| load(&p)).transpose()
}

pub fn run(global: &Global, command: RulesCommand) -> Result<(), Failure> {
    match command {
        RulesCommand::Check { file } => {
            let (label, set) = match file.or_else(|| rules_file(global)) {
                Some(path) => (path.display().to_string(), load(&path)?),
                None => (
                    "the built-in rules".to_string(),
                    RuleSet::builtin()
                        .map_err(|e| Failure::other(format!("built-in rules: {e:?}")))?,
                ),
            };
            if global.json {
                #[derive(Serialize)]
                struct Checked<'a> {
                    file: &'a str,
                    rules: Vec<&'a str>,
                }
                return json(&Checked {
                    file: &label,
                    rules: set.rules.iter().map(|r| r.id.as_str()).collect(),
                });
            }
            say!("{label}: {} rules, no problems.", set.rules.len());
            Ok(())
        }
        RulesCommand::Run { as_of } => {
            let mut session = prompt::unlock(global)?;
            let summary = session.run_rules(as_of.unwrap_or_else(today))?;
            if global.json {
                return json(&summary);
            }
            say!(
                "Evaluated {} people: {} prompts opened, {} resolved, {} live.",
                summary.evaluated,
                summary.opened,
                summary.resolved,
                summary.live
            );
            Ok(())
        }
        RulesCommand::Test { file, as_of } => {
            let candidate = load(&file)?;
            let session = prompt::unlock(global)?;
            let rows = session.test_rules(&candidate, as_of.unwrap_or_else(today))?;
            if global.json {
                return json(&rows);
            }
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    let change = r.would_prompt as i64 - r.in_force as i64;
                    vec![
                        r.rule.clone(),
                        r.would_prompt.to_string(),
                        r.in_force.to_string(),
                        format!("{change:+}"),
                    ]
                })
                .collect();
            table(&["rule", "would prompt", "in force", "change"], &cells);
            note("Nothing was changed.");
            Ok(())
        }
    }
}

pub fn run_prompts(global: &Global, command: PromptsCommand) -> Result<(), Failure> {
    match command {
        PromptsCommand::List { as_of, all } => {
            let session = prompt::unlock(global)?;
            let as_of = as_of.unwrap_or_else(today);
            let views = session.prompts(as_of, all)?;
            let own = session.own_prompts(as_of)?;
            let me = session.account().person_id.clone().unwrap_or_default();
            if global.json {
                #[derive(Serialize)]
                struct Listed<'a> {
                    id: Option<i64>,
                    rule: &'a str,
                    employee: &'a str,
                    severity: &'a str,
                    state: &'a str,
                    opened_on: NaiveDate,
                    explanation: &'a str,
                    evidence: &'a [rules::Evidence],
                    suggest: &'a [String],
                    /// Raised from your own self-checks: seen by you alone, never stored.
                    only_you: bool,
                }
                let suggestions: Vec<Vec<String>> = own
                    .iter()
                    .map(|f| {
                        session
                            .rules()
                            .get(&f.rule)
                            .map(|r| r.suggest.clone())
                            .unwrap_or_default()
                    })
                    .collect();
                let mut listed: Vec<Listed> = own
                    .iter()
                    .zip(&suggestions)
                    .map(|(f, suggest)| Listed {
                        id: None,
                        rule: &f.rule,
                        employee: &me,
                        severity: f.severity.as_str(),
                        state: "open",
                        opened_on: as_of,
                        explanation: &f.explanation,
                        evidence: &f.evidence,
                        suggest,
                        only_you: true,
                    })
                    .collect();
                listed.extend(views.iter().map(|v| Listed {
                    id: Some(v.prompt.id),
                    rule: &v.prompt.rule,
                    employee: &v.prompt.employee_id,
                    severity: v.prompt.severity.as_str(),
                    state: v.state_now.as_str(),
                    opened_on: v.prompt.opened_on,
                    explanation: &v.prompt.explanation,
                    evidence: &v.prompt.evidence,
                    suggest: &v.prompt.suggest,
                    only_you: false,
                }));
                return json(&listed);
            }
            for firing in &own {
                say!(
                    "Just for you: {} {} — {}.",
                    firing.severity.symbol(),
                    session
                        .rules()
                        .get(&firing.rule)
                        .map_or("", |r| r.title.as_str()),
                    firing.explanation
                );
            }
            if views.is_empty() && own.is_empty() {
                note("No prompts for you right now.");
                return Ok(());
            }
            let rows: Vec<Vec<String>> = views
                .iter()
                .map(|v| {
                    let p = &v.prompt;
                    vec![
                        p.id.to_string(),
                        format!("{} {}", p.severity.symbol(), p.severity.as_str()),
                        format!(
                            "Check in with {} ({}) — {}",
                            v.person_name, p.employee_id, p.explanation
                        ),
                        format!("{} d", (as_of - p.opened_on).num_days()),
                        v.state_now.to_string(),
                    ]
                })
                .collect();
            table(&["id", "severity", "prompt", "open", "state"], &rows);
            Ok(())
        }
        PromptsCommand::Ack {
            id,
            note: text,
            date,
        } => {
            let mut session = prompt::unlock(global)?;
            session.acknowledge_prompt(id, &text, date.unwrap_or_else(today))?;
            note(&format!(
                "Prompt {id} acknowledged. Thank you for following up."
            ));
            Ok(())
        }
        PromptsCommand::Snooze { id, until } => {
            let mut session = prompt::unlock(global)?;
            session.snooze_prompt(id, until, today())?;
            note(&format!("Prompt {id} snoozed until {until}."));
            Ok(())
        }
    }
}
