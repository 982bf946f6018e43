//! `steady audit …`: verify the chain, list entries, print a checkpoint.

use clap::Subcommand;

use super::Global;
use super::output::{Failure, json, say, table};
use super::progress::Meter;
use super::prompt;
use crate::desk::AuditCheckpoint;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Replay the chain from its first entry (hashes, links, which key may sign for whom,
    /// signatures) and re-hash every audited row against the hash its last entry recorded
    Verify {
        /// A checkpoint recorded earlier with `audit head`, as SEQ:HASH; it must still be in the log
        #[arg(long, value_name = "SEQ:HASH", value_parser = parse_checkpoint)]
        checkpoint: Option<AuditCheckpoint>,
        /// Trust this checkpoint (from an earlier full verify) and check only the entries after
        /// it and the rows they wrote: fast enough to run daily
        #[arg(long, value_name = "SEQ:HASH", value_parser = parse_checkpoint, conflicts_with = "checkpoint")]
        since: Option<AuditCheckpoint>,
    },
    /// List the newest entries
    List {
        /// How many entries
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Print the last entry's sequence number and hash, to record somewhere else
    Head,
    /// Who else read or changed the records about you, newest first (any employee)
    Mine,
}

/// "1 entry", "7 entries".
fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn parse_checkpoint(text: &str) -> Result<AuditCheckpoint, String> {
    text.parse()
}

pub(super) fn run(global: &Global, command: AuditCommand) -> Result<(), Failure> {
    let session = prompt::unlock(global)?;
    match command {
        AuditCommand::Verify { checkpoint, since } => {
            let mut meter = Meter::for_command(global.json);
            let report = match &since {
                Some(since) => session.verify_audit_since_watched(since, &mut meter),
                None => session.verify_audit_watched(checkpoint.as_ref(), &mut meter),
            };
            drop(meter);
            let report = report?;
            if global.json {
                return json(&report);
            }
            let scope = match report.since {
                Some(seq) => format!("Audit log intact after entry {seq}"),
                None => "Audit log intact".to_string(),
            };
            match &report.head {
                Some(head) => say!(
                    "{scope}: {} and {} verified (head {}:{}).",
                    counted(report.verified.unsigned_abs(), "entry", "entries"),
                    counted(report.rows_checked, "row", "rows"),
                    head.seq,
                    head.hash
                ),
                None => say!("Audit log is empty."),
            }
            Ok(())
        }
        AuditCommand::List { limit } => {
            let entries = session.audit_entries(limit)?;
            if global.json {
                return json(&entries);
            }
            let rows: Vec<Vec<String>> = entries
                .iter()
                .map(|e| {
                    vec![
                        e.seq.to_string(),
                        e.at.clone(),
                        e.actor.clone(),
                        e.action.clone(),
                        e.subject.clone(),
                        e.detail.clone(),
                    ]
                })
                .collect();
            table(
                &["seq", "at", "actor", "action", "subject", "detail"],
                &rows,
            );
            Ok(())
        }
        AuditCommand::Mine => super::records::print_access_log(global, &session),
        AuditCommand::Head => {
            let head = session.audit_head()?;
            if global.json {
                return json(&head);
            }
            match head {
                Some(head) => say!("{}:{}", head.seq, head.hash),
                None => say!("0:"),
            }
            Ok(())
        }
    }
}
