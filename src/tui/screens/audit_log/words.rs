//! The audit log in an admin's words: what each action means, who and whom by name, when
//! in local time; and the days a filter is typed as.

use chrono::{DateTime, Local, NaiveDate, Utc};

use crate::desk::AuditLine;
use crate::domain::dates::parse_date;
use crate::domain::text::sanitize;

/// "2026-06-01" (that day), "2026-06-01 2026-06-30" (first and last), or nothing (all days).
pub(crate) fn parse_days(text: &str) -> Result<Option<(NaiveDate, NaiveDate)>, String> {
    let parts: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|p| !p.is_empty() && *p != "to")
        .collect();
    let day =
        |t: &str| parse_date(t).map_err(|_| format!("{} is not a day (YYYY-MM-DD).", sanitize(t)));
    match parts.as_slice() {
        [] => Ok(None),
        [one] => {
            let d = day(one)?;
            Ok(Some((d, d)))
        }
        [a, b] => {
            let (a, b) = (day(a)?, day(b)?);
            if b < a {
                return Err(format!("{b} is before {a}: the first day comes first."));
            }
            Ok(Some((a, b)))
        }
        _ => Err("Type one day, or the first and the last day.".into()),
    }
}

/// An audit action in an admin's words; one with no words of its own is named plainly.
pub(crate) fn action_words(action: &str) -> String {
    match action {
        "account.add" => "added an account".into(),
        "account.disable" => "disabled an account".into(),
        "account.passwd" => "changed a passphrase".into(),
        "account.first_passphrase" => "chose a first passphrase".into(),
        "account.roles" => "changed an account's roles".into(),
        "account.reset" => "reset a forgotten passphrase".into(),
        "account.preference" => "changed how steady starts for them".into(),
        "login.failed_attempts" => "failed logins were counted".into(),
        "login.tally_missing" => "the failed-login count was missing".into(),
        "ssh_key.add" => "added an SSH key".into(),
        "ssh_key.remove" => "removed an SSH key".into(),
        "ssh_key.sync" => "signed the SSH key list again".into(),
        "checkin.add" => "recorded a check-in".into(),
        "checkin.edit" => "changed a check-in".into(),
        "checkin.read" => "read check-in notes".into(),
        "referral.add" => "proposed a referral".into(),
        "referral.set" => "updated a referral".into(),
        "selfcheck.take" => "took a self-check".into(),
        "selfcheck.share" => "shared a self-check".into(),
        "selfcheck.unshare" => "stopped sharing a self-check".into(),
        "selfcheck.delete" => "deleted a self-check".into(),
        "selfcheck.open" => "read a shared self-check".into(),
        "selfcheck.inbox" => "saw the result of a shared self-check".into(),
        "selfcheck.read" => "read the answers to a shared self-check".into(),
        "export.mine" => "exported their own records".into(),
        "people.add" => "added a person to the roster".into(),
        "people.import" => "imported the roster".into(),
        "mentor.assign" => "paired a mentor".into(),
        "mentor.unassign" => "ended a mentor pairing".into(),
        "prompt.ack" => "acknowledged a prompt".into(),
        "prompt.snooze" => "snoozed a prompt".into(),
        "prompt.undo" => "took back an answer to a prompt".into(),
        "rules.run" => "ran the rules".into(),
        "vault.init" => "created the vault".into(),
        "vault.rekey" => "gave the vault a new master key".into(),
        "vault.backup" => "backed up the vault".into(),
        "config.set" => "changed a vault setting".into(),
        "purge" => "removed old records".into(),
        "resource.add" => "added a resource".into(),
        "resource.edit" => "changed a resource".into(),
        "resource.retire" => "retired a resource".into(),
        "resource.restore" => "restored a resource".into(),
        "resource.seed" => "filled in the resource catalog".into(),
        "report.engagement" => "ran the engagement report".into(),
        "generate.activity" | "generate.anonymous" => "generated practice records".into(),
        other => sanitize(&other.replace(['.', '_'], " ")).into_owned(),
    }
}

/// A person or account as the log shows them: "Lin, Jo (j.lin)", or the login alone.
fn named(id: &str, name: Option<&str>) -> String {
    match name {
        Some(name) => format!("{} ({})", sanitize(name), sanitize(id)),
        None => sanitize(id).into_owned(),
    }
}

/// An RFC 3339 stamp as "2026-06-30 09:41" in local time (the stamp itself if unreadable).
fn local_minute(stamp: &str) -> String {
    DateTime::parse_from_rfc3339(stamp).map_or_else(
        |_| sanitize(stamp).into_owned(),
        |t| t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string(),
    )
}

/// One entry in words: when, who, what, about whom, and its detail.
pub(crate) fn entry_words(line: &AuditLine) -> String {
    let mut text = format!(
        "{}  {} {}",
        local_minute(&line.at),
        named(&line.actor, line.actor_name.as_deref()),
        action_words(&line.action)
    );
    match line.subject.as_str() {
        "" | "vault" => {}
        subject if subject == line.actor => {}
        subject => {
            text.push_str(" — ");
            text.push_str(&named(subject, line.subject_name.as_deref()));
        }
    }
    if !line.detail.is_empty() {
        text.push_str(&format!(" ({})", sanitize(&line.detail.replace('_', " "))));
    }
    text
}

pub(super) use crate::domain::text::count;

/// The instants a run of local days spans: from the first day's start to the start of the
/// day after the last, where this terminal is (the times on screen are local too).
pub(crate) fn local_days(
    first: NaiveDate,
    last: NaiveDate,
) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
    let start = |day: NaiveDate| {
        day.and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(Local).earliest())
            .map(|t| t.with_timezone(&Utc))
    };
    (start(first), last.succ_opt().and_then(start))
}
