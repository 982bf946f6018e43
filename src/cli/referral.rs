//! `steady referral …`: propose, list, show and move referrals on, and the coordinators'
//! queue. Parses and prints; which moves are legal and who may make them is the desk's call.

use std::path::PathBuf;

use clap::Subcommand;
use serde::Serialize;

use super::Global;
use super::output::{Failure, json, note, say, table};
use super::prompt;
use super::text_input::text_or_file;
use super::values::{self, date_or_today, date_text};
use crate::desk::NewReferral;
use crate::domain::referral::{
    Change, Consent, Outcome, QueueMark, Referral, ReferralEvent, Status, Urgency,
};

#[derive(Debug, Subcommand)]
pub enum ReferralCommand {
    /// Propose a referral to a resource (for yourself: a self-referral, with your consent)
    Add {
        /// Employee id of the person referred
        emp: String,
        /// The resource's id (see `steady resources list`)
        #[arg(long, value_name = "ID")]
        resource: String,
        /// The employee's consent: given, pending or refused; without it the referral
        /// stays proposed and is never forwarded
        #[arg(long, value_name = "given|pending|refused")]
        consent: Consent,
        /// Why, in a sentence (others on the host can see arguments: --reason-file keeps
        /// the text out of sight)
        #[arg(long, value_name = "TEXT", conflicts_with = "reason_file")]
        reason: Option<String>,
        /// Read the reason from FILE, or from standard input with `-` (UTF-8, at most
        /// 64 KiB; one final newline is dropped)
        #[arg(long, value_name = "FILE|-")]
        reason_file: Option<PathBuf>,
        /// How soon a coordinator should look at it
        #[arg(long, value_name = "routine|soon|urgent", default_value = "routine")]
        urgency: Urgency,
        /// The day it was proposed, YYYY-MM-DD (default today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
    /// The referrals you may see, newest first
    List {
        /// Only referrals with this status (proposed, accepted, contacted, in_progress,
        /// closed, withdrawn)
        #[arg(long, value_name = "STATUS")]
        status: Option<Status>,
    },
    /// One referral with its history
    Show {
        /// The referral's id (see `steady referral list`)
        id: i64,
    },
    /// Move a referral on, record the employee's consent, or both
    Set {
        /// The referral's id (see `steady referral list`)
        id: i64,
        /// The next status: proposed → accepted → contacted → in_progress → closed, or
        /// withdrawn at any point before it is closed
        #[arg(long, value_name = "STATUS")]
        status: Option<Status>,
        /// With --status closed: completed, declined, no_show or not_needed
        #[arg(long, value_name = "OUTCOME")]
        outcome: Option<Outcome>,
        /// The employee's consent: given, pending or refused
        #[arg(long, value_name = "given|pending|refused")]
        consent: Option<Consent>,
        /// A note kept with this change
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        /// The day of the change, YYYY-MM-DD (default today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
    /// Open referrals for coordinators: ready ones first (urgent, then oldest), then those
    /// waiting for consent
    Queue {
        /// The day to judge waiting times on, YYYY-MM-DD (default today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
    },
}

/// `referral show --json`: the referral and every change to it, oldest first.
#[derive(Serialize)]
struct ShownReferral {
    referral: Referral,
    events: Vec<ReferralEvent>,
}

pub(super) fn run(global: &Global, command: ReferralCommand) -> Result<(), Failure> {
    match command {
        ReferralCommand::Add {
            emp,
            resource,
            consent,
            reason,
            reason_file,
            urgency,
            date,
        } => {
            let reason = text_or_file(
                reason.as_deref(),
                reason_file.as_deref(),
                "--reason",
                "--reason-file",
            )?;
            let new = NewReferral {
                employee_id: emp.trim().to_string(),
                resource_id: resource.trim().to_string(),
                consent,
                urgency,
                reason: reason.unwrap_or_default(),
                on: date_or_today(date.as_deref())?,
            };
            let mut session =
                prompt::unlock_on(global, values::date(date.as_deref())?, "referral date")?;
            let id = session.propose_referral(&new)?;
            let referral = session.referral(id)?;
            if global.json {
                return json(&referral);
            }
            say!(
                "Proposed referral {id}: {} to {} (consent {}).",
                referral.employee_id,
                referral.resource_id,
                referral.consent
            );
            if referral.consent != Consent::Given {
                note(&format!(
                    "It stays proposed and is not forwarded until {} gives consent.",
                    referral.employee_id
                ));
            }
            Ok(())
        }
        ReferralCommand::List { status } => {
            let session = prompt::unlock(global)?;
            let referrals = session.referrals(status)?;
            if global.json {
                return json(&referrals);
            }
            if referrals.is_empty() {
                note("No referrals that you may see.");
                return Ok(());
            }
            let rows: Vec<Vec<String>> = referrals
                .iter()
                .map(|r| {
                    vec![
                        r.id.to_string(),
                        r.created_on.to_string(),
                        r.employee_id.clone(),
                        r.resource_id.clone(),
                        r.status.to_string(),
                        r.consent.to_string(),
                        r.urgency.to_string(),
                        outcome_text(r.outcome),
                        r.created_by.clone(),
                    ]
                })
                .collect();
            table(
                &[
                    "id", "created", "employee", "resource", "status", "consent", "urgency",
                    "outcome", "by",
                ],
                &rows,
            );
            Ok(())
        }
        ReferralCommand::Show { id } => {
            let session = prompt::unlock(global)?;
            let referral = session.referral(id)?;
            let events = session.referral_events(id)?;
            if global.json {
                return json(&ShownReferral { referral, events });
            }
            print_referral(&referral, &events);
            Ok(())
        }
        ReferralCommand::Set {
            id,
            status,
            outcome,
            consent,
            note: text,
            date,
        } => {
            let on = date_or_today(date.as_deref())?;
            let change = Change {
                status,
                outcome,
                consent,
            };
            let mut session = prompt::unlock_on(global, values::date(date.as_deref())?, "date")?;
            let referral =
                session.change_referral(id, &change, text.as_deref().unwrap_or(""), on)?;
            if global.json {
                return json(&referral);
            }
            say!(
                "Referral {id} is {} (consent {}).",
                referral.status,
                referral.consent
            );
            Ok(())
        }
        ReferralCommand::Queue { as_of } => {
            let as_of = date_or_today(as_of.as_deref())?;
            let session = prompt::unlock(global)?;
            let queue = session.referral_queue(as_of)?;
            if global.json {
                return json(&queue);
            }
            if queue.is_empty() {
                note("The referral queue is empty.");
                return Ok(());
            }
            let rows: Vec<Vec<String>> = queue
                .iter()
                .map(|item| {
                    let r = &item.referral;
                    vec![
                        r.id.to_string(),
                        mark_text(item.mark).into(),
                        r.urgency.to_string(),
                        (as_of - r.created_on).num_days().to_string(),
                        r.employee_id.clone(),
                        item.resource_name.clone(),
                        r.status.to_string(),
                        r.consent.to_string(),
                        item.last_event_on.to_string(),
                    ]
                })
                .collect();
            table(
                &[
                    "id",
                    "mark",
                    "urgency",
                    "age (days)",
                    "employee",
                    "resource",
                    "status",
                    "consent",
                    "last change",
                ],
                &rows,
            );
            Ok(())
        }
    }
}

fn print_referral(r: &Referral, events: &[ReferralEvent]) {
    table(
        &["field", "value"],
        &[
            vec!["id".into(), r.id.to_string()],
            vec!["employee".into(), r.employee_id.clone()],
            vec!["resource".into(), r.resource_id.clone()],
            vec!["status".into(), r.status.to_string()],
            vec!["consent".into(), r.consent.to_string()],
            vec!["outcome".into(), outcome_text(r.outcome)],
            vec!["urgency".into(), r.urgency.to_string()],
            vec!["reason".into(), r.reason.clone()],
            vec![
                "proposed".into(),
                format!(
                    "{} by {}{}",
                    r.created_on,
                    r.created_by,
                    if r.self_referral {
                        " (self-referral)"
                    } else {
                        ""
                    }
                ),
            ],
            vec!["closed".into(), date_text(r.closed_on)],
        ],
    );
    say!();
    say!("History, oldest first:");
    let rows: Vec<Vec<String>> = events
        .iter()
        .map(|e| {
            vec![
                e.on_date.to_string(),
                e.actor.clone(),
                e.status.to_string(),
                e.consent.to_string(),
                outcome_text(e.outcome),
                e.note.clone(),
            ]
        })
        .collect();
    table(
        &["date", "by", "status", "consent", "outcome", "note"],
        &rows,
    );
}

fn outcome_text(outcome: Option<Outcome>) -> String {
    outcome.map_or_else(|| "-".into(), |o| o.to_string())
}

fn mark_text(mark: QueueMark) -> &'static str {
    match mark {
        QueueMark::NotReady => "not ready (no consent)",
        QueueMark::Overdue => "overdue",
        QueueMark::Stalled => "stalled",
        QueueMark::OnTrack => "on track",
    }
}
