//! A coordinator's inbox of self-checks shared with them, as the full-screen inbox offers it:
//! safety items first, said in words; one opened to its answers (audited, its owner the
//! subject), the safety item first where it was answered, then the crisis lines to hand.

use std::sync::OnceLock;

use super::console::{Console, Picked, Step};
use super::{Desk, calm};
use crate::desk::{SharedReading, SharedSelfCheck};
use crate::instruments::reading::{NOT_A_DIAGNOSIS, band_words, plain_band};
use crate::instruments::{Answer, Catalog};

fn catalog() -> Option<&'static Catalog> {
    static CATALOG: OnceLock<Option<Catalog>> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::builtin().ok()).as_ref()
}

fn whose(employee_id: Option<&String>, name: Option<&String>, owner: &str) -> String {
    match (name, employee_id) {
        (Some(name), Some(id)) => format!("{name}, employee id {id}"),
        (None, Some(id)) => format!("employee id {id}"),
        _ => owner.to_string(),
    }
}

fn line(check: &SharedSelfCheck) -> String {
    let instrument = catalog().and_then(|c| c.get(&check.score.instrument));
    let title = instrument.map_or(check.score.instrument.as_str(), |i| i.title());
    let mut text = String::new();
    if check.score.safety_item_endorsed {
        text.push_str("Safety item answered, follow up today: ");
    }
    text.push_str(&format!(
        "{}, {title}, taken {}: {}{}.",
        whose(
            check.employee_id.as_ref(),
            check.person_name.as_ref(),
            &check.record.owner
        ),
        check.record.taken_on,
        plain_band(instrument, &check.score.band),
        if check.new { ", not opened yet" } else { "" }
    ));
    text
}

pub(super) fn inbox(console: &mut Console, desk: &mut Desk) -> Step<()> {
    loop {
        let inbox = match desk.session.shared_inbox() {
            Ok(inbox) => inbox,
            Err(e) => {
                return console.say(&format!(
                    "The shared self-checks could not be read: {}.",
                    calm(e)
                ));
            }
        };
        let safety = inbox
            .checks
            .iter()
            .filter(|c| c.score.safety_item_endorsed)
            .count();
        if safety > 0 {
            console.say(&format!(
                "{safety} with the safety item answered: they come first."
            ))?;
        }
        if inbox.not_sealed_to_you > 0 {
            console.say(&format!(
                "{} shared before your key existed are not sealed to you; their owners can share them again to include you.",
                inbox.not_sealed_to_you
            ))?;
        }
        if inbox.unverified > 0 {
            console.say(&format!(
                "{} could not be verified as their owners' and are not shown.",
                inbox.unverified
            ))?;
        }
        let lines: Vec<String> = inbox.checks.iter().map(line).collect();
        let Picked::Item(i) = console.list("Self-checks shared with you", &lines, &[])? else {
            return Ok(());
        };
        match desk
            .session
            .read_shared_self_check(inbox.checks[i].record.id)
        {
            Ok(reading) => read(console, &reading)?,
            Err(e) => console.say(&format!("It cannot be opened: {}.", calm(e)))?,
        }
    }
}

/// The coordinator's reading, line by line.
fn read(console: &mut Console, reading: &SharedReading) -> Step<()> {
    let check = &reading.check;
    let score = &check.score;
    let instrument = catalog().and_then(|c| c.get(&score.instrument));
    let title = instrument.map_or(score.instrument.as_str(), |i| i.title());
    let owner = whose(
        reading.employee_id.as_ref(),
        reading.person_name.as_ref(),
        &check.record.owner,
    );
    console.say(&format!("{owner}: {title}."))?;
    console.say(&format!(
        "Taken on {}; shared by them with the wellness coordinators.",
        super::day_of(&check.record.taken_on)
    ))?;
    let safety_items: Vec<usize> = instrument
        .map(|i| {
            i.items()
                .iter()
                .enumerate()
                .filter(|(_, item)| item.safety)
                .map(|(at, _)| at)
                .collect()
        })
        .unwrap_or_default();
    if score.safety_item_endorsed {
        let which: Vec<String> = safety_items
            .iter()
            .map(|at| format!("question {}", at + 1))
            .collect();
        console.say(&format!(
            "Safety item answered ({}): follow up with them today. The answer is below, and the crisis lines to hand at the end.",
            which.join(", ")
        ))?;
    }
    match instrument {
        Some(instrument) => {
            let (low, high) = instrument.total_range();
            let percent = score
                .percent
                .map(|p| format!(", {p} percent"))
                .unwrap_or_default();
            console.say(&format!(
                "Total: {} (possible {low} to {high}){percent}.",
                score.total
            ))?;
        }
        None => console.say(&format!("Total: {}.", score.total))?,
    }
    console.say(&format!("Band: {}.", band_words(&score.band)))?;
    let flags: Vec<String> = score
        .flags
        .iter()
        .filter(|f| !f.contains("safety"))
        .map(|f| band_words(f))
        .collect();
    if !flags.is_empty() {
        console.say(&format!("Flags: {}.", flags.join(", ")))?;
    }
    if score.prorated {
        console
            .say("Some questions were skipped, so the total is scaled up from those answered.")?;
    }
    console.say(NOT_A_DIAGNOSIS)?;
    console.say(&format!("Answers: {}.", check.answers.len()))?;
    for (at, answer) in check.answers.iter().enumerate() {
        let prompt = instrument
            .and_then(|i| i.items().get(at))
            .map_or_else(String::new, |i| i.prompt.clone());
        let given = match answer {
            Answer::Skipped => "skipped".to_string(),
            Answer::Value(v) => match instrument.and_then(|i| i.responses().label(*v)) {
                Some(label) => format!("{v}, {label}"),
                None => v.to_string(),
            },
        };
        let mark = match (safety_items.contains(&at), score.safety_item_endorsed) {
            (true, true) => " This is the safety item, answered.",
            (true, false) => " This is the safety item.",
            _ => "",
        };
        console.say(&format!(
            "Question {}: {prompt} Answer: {given}.{mark}",
            at + 1
        ))?;
    }
    if score.safety_item_endorsed {
        console.say("Crisis lines to hand:")?;
        let lines: Vec<String> = console
            .crisis
            .iter()
            .filter(|r| !r.retired)
            .map(|r| format!("{}: {}, {}.", r.name, r.contact, r.hours))
            .collect();
        for text in lines {
            console.say(&text)?;
        }
    }
    Ok(())
}
