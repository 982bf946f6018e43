//! An admin's audit log and vault upkeep, as the full-screen pages offer them: the log newest
//! first in words, narrowed by who, kind and days; a verify said as "Working… 40 %" lines;
//! the checkpoint to keep elsewhere, and a verify from a typed checkpoint; the rules check,
//! what a purge would remove (a dry run only), and a rekey after a yes.

use super::console::{Console, Picked, Step};
use super::{Desk, calm};
use crate::desk::{
    AuditCheckpoint, AuditFilter, AuditKind, NOTES_RETENTION_DAYS, Progress,
    REFERRAL_RETENTION_DAYS, Steps, Unwatched,
};
use crate::domain::text::count;
use crate::tui::audit_words::{entry_words, local_days, parse_days};

/// How many entries one page of the log reads.
const PAGE: usize = 10;

/// Said when a verify finds something, as the full-screen page says it.
const AFTER_A_FINDING: &str = "Keep this vault as it is (do not rekey or purge), record the entry number, and restore the last good backup to compare.";

/// Long work said in words: each stage when it begins, then every tenth of it done.
struct Spoken<'c, 'a> {
    console: &'c mut Console<'a>,
    total: u64,
    said: Option<u64>,
    failed: Option<super::console::Stop>,
}

impl Spoken<'_, '_> {
    fn say(&mut self, text: &str) {
        if self.failed.is_none()
            && let Err(stop) = self.console.say(text)
        {
            self.failed = Some(stop);
        }
    }
}

impl Progress for Spoken<'_, '_> {
    fn stage(&mut self, what: &str, total: u64, _steps: Steps) {
        self.total = total;
        self.said = None;
        let what = what.to_lowercase();
        self.say(&format!("Working… {what}."));
    }

    fn advance(&mut self, done: u64) {
        if self.total == 0 {
            return;
        }
        let percent = done.min(self.total) * 100 / self.total;
        let tenth = percent / 10 * 10;
        if self.said.is_none_or(|said| tenth > said) {
            self.said = Some(tenth);
            self.say(&format!("Working… {tenth} %."));
        }
    }
}

pub(super) fn audit(console: &mut Console, desk: &mut Desk) -> Step<()> {
    let mut filter = AuditFilter::default();
    let mut offset = 0;
    loop {
        let page = match desk.session.audit_log(&filter, offset, PAGE) {
            Ok(page) => page,
            Err(e) => {
                return console.say(&format!("The audit log could not be read: {}.", calm(e)));
            }
        };
        let narrowed = filter != AuditFilter::default();
        console.say(&format!(
            "Audit log, newest first: {} of {} entries{}.",
            page.matching,
            page.total,
            if narrowed { " match the filter" } else { "" }
        ))?;
        for (i, line) in page.lines.iter().enumerate() {
            console.say(&format!(
                "Entry {} of {}: {}.",
                page.offset + i + 1,
                page.matching,
                entry_words(line)
            ))?;
        }
        let mut commands = Vec::new();
        if offset + PAGE < page.matching {
            commands.push(("next", "older entries"));
        }
        if offset > 0 {
            commands.push(("previous", "newer entries"));
        }
        commands.extend([
            ("who", "narrow by who acted"),
            ("kind", "narrow by the kind of action"),
            ("days", "narrow by days"),
            ("clear", "show everything"),
            ("verify", "check the whole log"),
            ("since", "check from a checkpoint recorded earlier"),
            ("checkpoint", "the checkpoint to keep elsewhere"),
            ("back", "the home"),
        ]);
        match console.choose(&commands)?.as_str() {
            "next" => offset += PAGE,
            "previous" => offset = offset.saturating_sub(PAGE),
            "who" => {
                filter.actor = console.ask("Words of the login or name (Enter for anyone):")?;
                offset = 0;
            }
            "kind" => {
                let kinds: Vec<String> = AuditKind::ALL
                    .iter()
                    .map(|k| k.label().to_string())
                    .collect();
                filter.kind =
                    match console.list("Kinds of action", &kinds, &[("all", "every kind")])? {
                        Picked::Item(i) => Some(AuditKind::ALL[i]),
                        Picked::Command(word) if word == "all" => None,
                        Picked::Command(_) => filter.kind,
                    };
                offset = 0;
            }
            "days" => {
                let text = console.ask(
                    "One day (2026-06-01), or the first and last day (2026-06-01 2026-06-30); Enter for all days:",
                )?;
                match parse_days(&text) {
                    Ok(None) => (filter.from, filter.until) = (None, None),
                    Ok(Some((first, last))) => {
                        (filter.from, filter.until) = local_days(first, last)
                    }
                    Err(problem) => console.say(&problem)?,
                }
                offset = 0;
            }
            "clear" => {
                filter = AuditFilter::default();
                offset = 0;
            }
            "verify" => verify(console, desk, None)?,
            "since" => {
                let text = console.ask("Checkpoint recorded earlier (SEQ:HASH):")?;
                match text.parse::<AuditCheckpoint>() {
                    Ok(checkpoint) => verify(console, desk, Some(checkpoint))?,
                    Err(problem) => {
                        console.say(&format!("That is not a checkpoint: {problem}."))?
                    }
                }
            }
            "checkpoint" => match desk.session.audit_head() {
                Ok(Some(head)) => {
                    console.say("Checkpoint to copy: record it somewhere outside this host (on paper, or another machine); checking from it later shows whether the log was rewritten or cut short.")?;
                    console.say(&format!("Checkpoint: {}:{}", head.seq, head.hash))?;
                }
                Ok(None) => console.say("The log is empty: no checkpoint yet.")?,
                Err(e) => {
                    console.say(&format!("The checkpoint could not be read: {}.", calm(e)))?
                }
            },
            _ => return Ok(()),
        }
    }
}

fn verify(console: &mut Console, desk: &mut Desk, since: Option<AuditCheckpoint>) -> Step<()> {
    console.say("Working… checking the audit log.")?;
    let mut spoken = Spoken {
        console,
        total: 0,
        said: None,
        failed: None,
    };
    let result = match &since {
        None => desk.session.verify_audit_watched(None, &mut spoken),
        Some(cp) => desk.session.verify_audit_since_watched(cp, &mut spoken),
    };
    if let Some(stop) = spoken.failed {
        return Err(stop);
    }
    match result {
        Ok(report) => {
            if let (Some(seq), 0) = (&since, report.verified) {
                return console.say(&format!(
                    "All good: checkpoint {} is still in the log as it was, and nothing was added since.",
                    seq.seq
                ));
            }
            let from = since
                .map(|cp| format!(" since checkpoint {}", cp.seq))
                .unwrap_or_default();
            console.say(&format!(
                "All good{from}: {} and {} check out. Each entry is linked, signed by a key the log gave, and every record matches what was audited.",
                count(usize::try_from(report.verified).unwrap_or(0), "entry", "entries"),
                count(usize::try_from(report.rows_checked).unwrap_or(0), "record", "records")
            ))?;
            if let Some(head) = report.head {
                console.say(&format!("Checkpoint to keep: {}:{}", head.seq, head.hash))?;
            }
            Ok(())
        }
        Err(crate::desk::Error::AuditBroken { seq, reason }) => console.say(&format!(
            "Entry {seq} of the log does not check out: {}. The log was changed or cut short outside steady (or the checkpoint is not from this log). {AFTER_A_FINDING}",
            reason.trim_end_matches('.')
        )),
        Err(crate::desk::Error::RecordTampered(what)) => console.say(&format!(
            "A record does not match the log: {}. Only someone holding the vault's key can do that. {AFTER_A_FINDING}",
            what.trim_end_matches('.')
        )),
        Err(e) => console.say(&format!("The check could not be run: {}.", calm(e))),
    }
}

pub(super) fn upkeep(console: &mut Console, desk: &mut Desk) -> Step<()> {
    loop {
        console.say("Vault upkeep.")?;
        console.say("Working… checking the rules.")?;
        match desk.session.rules_check(desk.today()) {
            Ok(check) => {
                let which = if check.builtin {
                    "the built-in rules"
                } else {
                    "the rules file given to steady"
                };
                console.say(&format!(
                    "Rules: the rules in force are {which}: {}, each checked when they were loaded, with no problems ({}).",
                    count(check.rules.len(), "rule", "rules"),
                    check.rules.join(", ")
                ))?;
                let audit = &check.prompts;
                if audit.open == 0 {
                    console.say(
                        "No prompt is open, so there is nothing to check against the records.",
                    )?;
                } else {
                    let found = audit.findings();
                    let open = count(audit.open, "open prompt", "open prompts");
                    if found.is_empty() {
                        console.say(&format!("{open} checked against the records: each still holds, every reason is true, and every record cited opens for each person it reaches."))?;
                    } else {
                        console.say(&format!(
                            "{open} checked against the records; found: {}.",
                            found.join("; ")
                        ))?;
                    }
                }
            }
            Err(e) => console.say(&format!("The rules could not be checked: {}.", calm(e)))?,
        }
        match desk.session.purge(
            desk.today(),
            NOTES_RETENTION_DAYS,
            REFERRAL_RETENTION_DAYS,
            true,
            &mut Unwatched,
        ) {
            Ok(report) => {
                let notes = report.checkin_notes.len();
                let referrals = report.referrals.len();
                if notes == 0 && referrals == 0 {
                    console.say(&format!(
                        "Purge, a dry run: a purge today would remove nothing: no check-in notes written before {} and no referral that ended before {}.",
                        super::day(report.notes_before),
                        super::day(report.referrals_before)
                    ))?;
                } else {
                    console.say(&format!(
                        "Purge, a dry run: a purge today would remove the notes of {} written before {} (kept three years) and {} that ended before {} (kept two years).",
                        count(notes, "check-in", "check-ins"),
                        super::day(report.notes_before),
                        count(referrals, "closed or withdrawn referral", "closed or withdrawn referrals"),
                        super::day(report.referrals_before)
                    ))?;
                }
                console.say("Nothing was removed: only this dry run is offered here. The purge itself runs from the command line (steady purge) or its daily timer.")?;
            }
            Err(e) => console.say(&format!("The dry run could not be made: {}.", calm(e)))?,
        }
        let commands = [
            ("rekey", "give the vault a new master key"),
            ("again", "check again"),
            ("back", "the home"),
        ];
        match console.choose(&commands)?.as_str() {
            "rekey" => {
                if !console.confirm("Rekey the vault? A new master key replaces the old one and is sealed to every active account (each logs in as before); slots of disabled accounts are dropped.")? {
                    console.say("Unchanged.")?;
                    continue;
                }
                console.say("Working… rekeying the vault.")?;
                match desk.session.rekey() {
                    Ok(report) => {
                        let dropped = if report.dropped.is_empty() {
                            "no slot was dropped".to_string()
                        } else {
                            format!(
                                "{} dropped: {}",
                                count(report.dropped.len(), "slot", "slots"),
                                report.dropped.join(", ")
                            )
                        };
                        console.say(&format!(
                            "Rekeyed: the new master key is sealed to {}; {dropped}.",
                            count(report.sealed_to, "account", "accounts")
                        ))?;
                    }
                    Err(e) => console.say(&format!("The vault was not rekeyed: {}.", calm(e)))?,
                }
            }
            "again" => {}
            _ => return Ok(()),
        }
    }
}
