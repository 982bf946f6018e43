//! `steady rules …` and `steady prompts …`: checking, running and back-testing the rules,
//! and the prompts they raise (list, acknowledge, snooze).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Subcommand;
use serde::Serialize;

use super::Global;
use super::output::{Failure, json, note, say, table};
use super::progress::Meter;
use super::prompt;
use crate::domain::dates::parse_date;
use crate::rules::{self, Known, RuleSet};

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Check a rules file (default: the rules in force) and list every problem with its line
    Check { file: Option<PathBuf> },
    /// Leave live exactly the prompts whose conditions hold today, evaluating only the people
    /// whose prompts could have changed since the last run (the daily timer runs this)
    Run {
        /// Evaluate as of this day (YYYY-MM-DD; default today)
        #[arg(long, value_name = "D", value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// Evaluate everyone, whatever changed (the same prompts, at the cost of reading
        /// every record)
        #[arg(long)]
        full: bool,
    },
    /// Check every open prompt against the records: each reason re-derived, each cited
    /// record opened as each person the prompt reaches (counts only; changes nothing)
    Audit,
    /// Record that the daily run failed, for admins to see at their next login (the
    /// timer's OnFailure= handler runs this; no passphrase, nothing in the vault changes)
    Failed {
        /// The systemd unit that failed
        #[arg(long, value_name = "UNIT", default_value = "steady-rules.service")]
        unit: String,
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
    /// The prompts for you, most severe and oldest first, each with its reasons
    List {
        /// Evaluate as of this day (YYYY-MM-DD; default today)
        #[arg(long, value_name = "D", value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// Include the prompts you acknowledged or snoozed
        #[arg(long)]
        all: bool,
    },
    /// Acknowledge a prompt with a note (what you did, or why nothing is needed); it stays
    /// quiet for you for 60 days unless it grows more severe or a new record joins it
    Ack {
        id: i64,
        #[arg(long, value_name = "T")]
        note: String,
        #[arg(long, value_name = "D", value_parser = parse_date)]
        date: Option<NaiveDate>,
    },
    /// Hide a prompt from your list until a day, with a reason (at most 7 days for urgent,
    /// 30 for attention, 60 for info); it comes back then if it still holds
    Snooze {
        id: i64,
        #[arg(long, value_name = "D", value_parser = parse_date)]
        until: NaiveDate,
        /// Why it should wait (required: others who see the prompt still do)
        #[arg(long, value_name = "T")]
        reason: Option<String>,
    },
    /// Take back your acknowledgement or snooze of a prompt
    Undo { id: i64 },
    /// People a prompt holds for but no one in their chain has an account to receive it
    /// (names only; admins)
    Unreachable,
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
pub(super) fn rules_in_force(global: &Global) -> Result<Option<RuleSet>, Failure> {
    rules_file(global).map(|p| load(&p)).transpose()
}

pub(super) fn run(global: &Global, command: RulesCommand) -> Result<(), Failure> {
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
        RulesCommand::Run { as_of, full } => {
            let mut session = prompt::unlock(global)?;
            let as_of = as_of.unwrap_or_else(|| session.clock().date());
            let mut meter = Meter::for_command(global.json);
            let summary = if full {
                session.run_rules(as_of, &mut meter)
            } else {
                session.run_rules_daily(as_of, &mut meter)
            };
            drop(meter);
            let summary = summary?;
            session.clear_rules_failure();
            if global.json {
                return json(&summary);
            }
            say!(
                "Evaluated {} people{} as of {as_of}: {} prompts opened, {} resolved, {} live.",
                summary.evaluated,
                if summary.full { " (everyone)" } else { "" },
                summary.opened,
                summary.resolved,
                summary.live
            );
            Ok(())
        }
        RulesCommand::Failed { unit } => {
            let paths = prompt::vault_paths(global)?;
            crate::desk::record_rules_failure(&paths, &unit, chrono::Utc::now())?;
            note(&format!(
                "Recorded that {unit} failed; admins are told at their next login."
            ));
            Ok(())
        }
        RulesCommand::Audit => {
            let session = prompt::unlock(global)?;
            let audit = session.audit_prompts(session.clock().date())?;
            if global.json {
                return json(&audit);
            }
            say!(
                "{} open prompts: {} no longer hold (the next run resolves them), {} false explanations, {} records a viewer may not open, {} with no one to receive them.",
                audit.open,
                audit.stale,
                audit.false_explanations,
                audit.visibility_violations,
                audit.unreachable
            );
            Ok(())
        }
        RulesCommand::Test { file, as_of } => {
            let candidate = load(&file)?;
            let session = prompt::unlock(global)?;
            let as_of = as_of.unwrap_or_else(|| session.clock().date());
            let rows = session.test_rules(&candidate, as_of)?;
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

pub(super) fn run_prompts(global: &Global, command: PromptsCommand) -> Result<(), Failure> {
    match command {
        PromptsCommand::List { as_of, all } => list_prompts(global, as_of, all),
        PromptsCommand::Ack {
            id,
            note: text,
            date,
        } => {
            let mut session = prompt::unlock_on(global, date, "date")?;
            let on = session.clock().date();
            session.acknowledge_prompt(id, &text, on)?;
            note(&format!(
                "Prompt {id} acknowledged. Thank you for following up; it stays quiet for you for 60 days unless something new comes up."
            ));
            Ok(())
        }
        PromptsCommand::Snooze { id, until, reason } => {
            let mut session = prompt::unlock(global)?;
            let on = session.clock().date();
            session.snooze_prompt(id, until, reason.as_deref().unwrap_or_default(), on)?;
            note(&format!("Prompt {id} snoozed until {until}."));
            Ok(())
        }
        PromptsCommand::Undo { id } => {
            let mut session = prompt::unlock(global)?;
            let on = session.clock().date();
            session.undo_prompt_response(id, on)?;
            note(&format!("Prompt {id} is open for you again."));
            Ok(())
        }
        PromptsCommand::Unreachable => {
            let session = prompt::unlock(global)?;
            let people = session.unreachable_people()?;
            if global.json {
                return json(&people);
            }
            if people.is_empty() {
                note("Everyone a prompt holds for has someone in their chain to receive it.");
                return Ok(());
            }
            note(&format!(
                "{} people have a prompt but no one in their chain of command has an account to receive it. Give a supervisor above them an account:",
                people.len()
            ));
            let rows: Vec<Vec<String>> = people
                .iter()
                .map(|p| vec![p.employee_id.clone(), p.name.clone()])
                .collect();
            table(&["employee", "name"], &rows);
            Ok(())
        }
    }
}

fn list_prompts(global: &Global, as_of: Option<NaiveDate>, all: bool) -> Result<(), Failure> {
    let session = prompt::unlock(global)?;
    let as_of = as_of.unwrap_or_else(|| session.clock().date());
    let views = session.prompts(as_of, all)?;
    let own = session.own_prompt_views(as_of)?;
    let last_run = session.rules_last_run()?;
    let me = session.account().person_id.clone().unwrap_or_default();
    if global.json {
        #[derive(Serialize)]
        struct Listed<'a> {
            id: Option<i64>,
            /// The most severe reason's rule.
            rule: &'a str,
            employee: &'a str,
            severity: &'a str,
            state: &'a str,
            opened_on: NaiveDate,
            age_days: i64,
            explanation: String,
            evidence: Vec<rules::Evidence>,
            reasons: Vec<Reason<'a>>,
            suggest: &'a [String],
            /// It reached you one level up, having waited unacknowledged.
            escalated: bool,
            /// Raised from your own self-checks: seen by you alone, never stored.
            only_you: bool,
        }
        #[derive(Serialize)]
        struct Reason<'a> {
            rule: &'a str,
            severity: &'a str,
            explanation: &'a str,
            evidence: &'a [rules::Evidence],
        }
        let mut listed: Vec<Listed> = own
            .iter()
            .map(|f| Listed {
                id: None,
                rule: &f.rule,
                employee: &me,
                severity: f.severity.as_str(),
                state: "open",
                opened_on: as_of,
                age_days: 0,
                explanation: f.explanation.clone(),
                evidence: f.evidence.clone(),
                reasons: vec![Reason {
                    rule: &f.rule,
                    severity: f.severity.as_str(),
                    explanation: &f.explanation,
                    evidence: &f.evidence,
                }],
                suggest: &f.suggest,
                escalated: false,
                only_you: true,
            })
            .collect();
        listed.extend(views.iter().map(|v| {
            Listed {
                id: Some(v.id),
                rule: v.reasons.first().map_or("", |r| r.rule.as_str()),
                employee: &v.employee_id,
                severity: v.severity.as_str(),
                state: v.state.as_str(),
                opened_on: v.opened_on,
                age_days: v.age_days(),
                explanation: v.explanation(),
                evidence: v.evidence(),
                reasons: v
                    .reasons
                    .iter()
                    .map(|r| Reason {
                        rule: &r.rule,
                        severity: r.severity.as_str(),
                        explanation: &r.explanation,
                        evidence: &r.evidence,
                    })
                    .collect(),
                suggest: &v.suggest,
                escalated: v.escalated,
                only_you: false,
            }
        }));
        return json(&listed);
    }
    for firing in &own {
        say!(
            "Just for you: {} {} — {}.",
            firing.severity.symbol(),
            firing.title,
            firing.explanation
        );
    }
    if let Some(last) = last_run.filter(|d| *d < as_of) {
        note(&format!(
            "Evaluated as of {as_of}; the daily rules run last ran on {last}, so a prompt that began since then appears after the next run."
        ));
    }
    if views.is_empty() && own.is_empty() {
        note("No prompts for you right now.");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = views
        .iter()
        .map(|v| {
            let mut state = v.state.to_string();
            if v.escalated {
                state.push_str(", waited: sent up to you");
            }
            vec![
                v.id.to_string(),
                format!("{} {}", v.severity.symbol(), v.severity.as_str()),
                format!(
                    "{} ({}) — {}",
                    v.invitation(),
                    v.employee_id,
                    v.explanation()
                ),
                crate::domain::dates::days_open(v.age_days()),
                state,
            ]
        })
        .collect();
    table(&["id", "severity", "prompt", "open for", "state"], &rows);
    Ok(())
}
