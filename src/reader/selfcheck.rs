//! The employee's own work: a self-check one item at a time (the safety item brings the
//! crisis lines at once, as the full-screen app does), past self-checks read in plain band
//! words with share and withdraw, and what is recorded about oneself.

use std::sync::OnceLock;

use super::console::{Console, Picked, Step, Stop};
use super::{Desk, calm};
use crate::desk::SelfCheckRequest;
use crate::domain::prompt::{Audience, PromptState};
use crate::instruments::reading::plain_band;
use crate::instruments::{self, Answer, CRISIS_SUPPORT, Catalog, reading};

fn catalog() -> Option<&'static Catalog> {
    static CATALOG: OnceLock<Option<Catalog>> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::builtin().ok()).as_ref()
}

const OPENING: &str = "You said you have had thoughts that it would be better not to be alive, or of harming yourself. Please reach out now: these answer any time, and talking helps.";

pub(super) fn take(console: &mut Console, desk: &mut Desk) -> Step<()> {
    let Some(catalog) = catalog() else {
        return console.say("The self-checks could not be loaded.");
    };
    console.say("Take a self-check. A few questions about the last weeks, one at a time. Nothing is saved until you submit, and only you can read your answers unless you choose to share them.")?;
    let lines: Vec<String> = catalog
        .list()
        .iter()
        .map(|i| format!("{}, {} questions.", i.title(), i.items().len()))
        .collect();
    let instrument = match console.list("Self-checks", &lines, &[])? {
        Picked::Item(i) => &catalog.list()[i],
        Picked::Command(_) => return Ok(()),
    };
    console.say(instrument.intro())?;
    let responses = instrument.responses();
    let choices: Vec<String> = (responses.min..=responses.max)
        .map(|v| format!("{v} {}", responses.label(v).unwrap_or("")))
        .collect();
    let count = instrument.items().len();
    let mut answers = Vec::with_capacity(count);
    let may_skip = instrument
        .scoring()
        .missing
        .as_ref()
        .map_or(0, |m| m.max_skipped);
    for (n, item) in instrument.items().iter().enumerate() {
        let skipped = answers
            .iter()
            .filter(|a| matches!(a, Answer::Skipped))
            .count();
        let skip = if skipped < may_skip {
            ", skip to leave it out"
        } else {
            ""
        };
        let prompt = item.prompt.trim();
        let stop = if prompt.ends_with(['.', '?', '!']) {
            ""
        } else {
            "."
        };
        let value = loop {
            let answer = console.ask(&format!(
                "Question {} of {count}: {prompt}{stop} Answers: {}{skip}. Or cancel to stop; nothing is saved.",
                n + 1,
                choices.join(", ")
            ))?;
            if answer.eq_ignore_ascii_case("cancel") {
                console.say("Stopped; nothing was saved.")?;
                return Ok(());
            }
            if !skip.is_empty() && answer.eq_ignore_ascii_case("skip") {
                break None;
            }
            match answer.parse::<u32>() {
                Ok(v) if (responses.min..=responses.max).contains(&v) => break Some(v),
                _ => console.say(&format!(
                    "A number from {} to {}, please.",
                    responses.min, responses.max
                ))?,
            }
        };
        let Some(value) = value else {
            answers.push(Answer::Skipped);
            continue;
        };
        answers.push(Answer::Value(value));
        if item.safety && value > responses.min {
            crisis(console)?;
            if !console.confirm("Go on with the self-check?")? {
                console.say("Stopped; nothing was saved. Help-now is always there: type help.")?;
                return Ok(());
            }
        }
    }
    if let Err(e) = instruments::score(instrument, &answers) {
        return console.say(&format!("These answers cannot be scored: {e}."));
    }
    let share = console.confirm("Share it with the wellness coordinators? They can then read it; you can stop sharing at any time.")?;
    let contribute =
        console.confirm("Add its band, without your name, to your unit's monthly figures?")?;
    if !console.confirm("Submit your answers?")? {
        console.say("Nothing was saved.")?;
        return Ok(());
    }
    console.say("Working… saving your self-check.")?;
    let request = SelfCheckRequest {
        instrument: instrument.id(),
        answers: &answers,
        share,
        contribute,
        taken_on: desk.today(),
    };
    let taken = match desk.session.take_self_check_page(&request) {
        Ok(taken) => taken,
        Err(e) => return console.say(&format!("Not saved: {}.", calm(e))),
    };
    let t = &taken.taken;
    let mut outcome = match t.shared_with {
        0 => "It is saved, and only you can read it.".to_string(),
        n => format!(
            "It is saved and shared with the wellness coordinators ({n}); you can stop sharing it from my-checks."
        ),
    };
    if t.share_unavailable {
        outcome.push_str(
            " No coordinator can receive a shared self-check yet, so it was kept private.",
        );
    }
    if t.contributed {
        outcome.push_str(" Its band was added, without your name, to your unit's monthly figures.");
    }
    for line in reading(instrument, &t.score, &outcome) {
        console.say(&line)?;
    }
    if t.score.safety_item_endorsed {
        for line in CRISIS_SUPPORT {
            console.say(line)?;
        }
    }
    let helps: Vec<&str> = taken
        .resources
        .iter()
        .filter(|r| !r.retired && !r.crisis && r.helps_with("health.mental"))
        .map(|r| r.name.as_str())
        .collect();
    if !helps.is_empty() {
        console.say(&format!("Might help: {}.", helps.join("; ")))?;
    }
    Ok(())
}

/// The crisis lines said kindly, the moment the safety item is answered above its lowest.
fn crisis(console: &mut Console) -> Step<()> {
    console.say("You do not have to carry this alone.")?;
    console.say(OPENING)?;
    console.help_now()?;
    for line in CRISIS_SUPPORT.iter().skip(2) {
        console.say(line)?;
    }
    Ok(())
}

pub(super) fn mine(console: &mut Console, desk: &mut Desk) -> Step<()> {
    loop {
        let page = match desk.session.my_self_checks_page() {
            Ok(page) => page,
            Err(e) => {
                return console.say(&format!("Your self-checks could not be read: {}.", calm(e)));
            }
        };
        let lines: Vec<String> = page
            .checks
            .iter()
            .map(|entry| {
                let record = entry.record();
                let shared = if record.shared { "shared" } else { "only you" };
                match entry.verified() {
                    Some(view) => {
                        let instrument = catalog().and_then(|c| c.get(&view.score.instrument));
                        format!(
                            "{}, {}: {}, {shared}.",
                            record.taken_on,
                            instrument.map_or(view.score.instrument.as_str(), |i| i.title()),
                            plain_band(instrument, &view.score.band)
                        )
                    }
                    None => format!(
                        "{}: its signature does not check out, so it is not shown, {shared}.",
                        record.taken_on
                    ),
                }
            })
            .collect();
        let Picked::Item(i) = console.list("Your self-checks", &lines, &[])? else {
            return Ok(());
        };
        let record = page.checks[i].record().clone();
        let (word, what) = if record.shared {
            ("withdraw", "stop sharing it")
        } else {
            ("share", "share it with the wellness coordinators")
        };
        let mut commands = Vec::new();
        if page.checks[i].verified().is_some() {
            commands.push(("read", "its reading again"));
            commands.push(("trend", "your totals on this self-check over time"));
        }
        commands.extend([(word, what), ("delete", "delete it"), ("back", "the list")]);
        let chosen = console.choose(&commands)?;
        if let Some(view) = page.checks[i].verified() {
            let instrument = catalog().and_then(|c| c.get(&view.score.instrument));
            match (chosen.as_str(), instrument) {
                ("read", Some(instrument)) => {
                    for line in reading(instrument, &view.score, "") {
                        console.say(&line)?;
                    }
                    continue;
                }
                ("trend", _) => {
                    // Oldest first, as a chart reads left to right.
                    let totals: Vec<String> = page
                        .checks
                        .iter()
                        .rev()
                        .filter_map(|e| e.verified())
                        .filter(|v| v.score.instrument == view.score.instrument)
                        .map(|v| {
                            format!(
                                "{} on {}, {}",
                                v.score.total,
                                v.record.taken_on,
                                plain_band(instrument, &v.score.band)
                            )
                        })
                        .collect();
                    console.say(&format!(
                        "Your totals on {}, oldest first: {}.",
                        instrument.map_or(view.score.instrument.as_str(), |i| i.title()),
                        totals.join("; ")
                    ))?;
                    continue;
                }
                _ => {}
            }
        }
        if chosen == "delete" {
            if console.confirm(&format!(
                "Delete your self-check of {}? It cannot be brought back.",
                record.taken_on
            ))? {
                match desk.session.delete_self_check(record.id) {
                    Ok(()) => console.say("Deleted.")?,
                    Err(e) => console.say(&format!("Not deleted: {}.", calm(e)))?,
                }
            }
            continue;
        }
        if chosen != word {
            continue;
        }
        let done = if record.shared {
            desk.session.unshare_self_check(record.id).map(|()| {
                "No longer shared: only you can open it now. What was already read cannot be unread.".to_string()
            })
        } else {
            desk.session.share_self_check(record.id).map(|n| {
                format!("Shared with the wellness coordinators ({n}). You can stop sharing it at any time.")
            })
        };
        match done {
            Ok(news) => console.say(&news)?,
            Err(e) => console.say(&format!("Not changed: {}.", calm(e)))?,
        }
    }
}

/// What is recorded about oneself, and who read or changed it.
pub(super) fn my_records(console: &mut Console, desk: &mut Desk) -> Step<()> {
    let data = match desk.session.my_records() {
        Ok(data) => data,
        Err(e) => return console.say(&format!("Your records could not be read: {}.", calm(e))),
    };
    console.say(&format!(
        "What is recorded about you, {} ({}).",
        data.person.name, data.person.employee_id
    ))?;
    console.say(&format!("Check-ins about you: {}.", data.checkins.len()))?;
    for (i, c) in data.checkins.iter().enumerate() {
        console.say(&format!(
            "{} of {}: {}, by {}, wellbeing {} of 5{}.",
            i + 1,
            data.checkins.len(),
            super::day(c.occurred_on),
            c.author,
            c.wellbeing,
            if c.notes.trim().is_empty() {
                String::new()
            } else {
                format!(", notes: {}", c.notes)
            }
        ))?;
    }
    console.say(&format!("Referrals about you: {}.", data.referrals.len()))?;
    for (i, r) in data.referrals.iter().enumerate() {
        console.say(&format!(
            "{} of {}: referral {} to {}, {}, consent {}.",
            i + 1,
            data.referrals.len(),
            r.id,
            crate::desk::resource_name(&data.resource_names, &r.resource_id),
            r.status.as_str().replace('_', " "),
            r.consent.as_str()
        ))?;
    }
    console.say(&format!("Prompts about you: {}.", data.prompts.len()))?;
    for (i, about) in data.prompts.iter().enumerate() {
        let p = &about.prompt;
        let why: Vec<&str> = p.reasons.iter().map(|r| r.explanation.as_str()).collect();
        let state = match p.resolved_on {
            Some(on) => format!("resolved {}", super::day(on)),
            None => "open".to_string(),
        };
        let audience = match &p.audience {
            Audience::Chain => "for your supervisors".to_string(),
            Audience::Mentor(login) => format!("for your mentor {login}"),
            Audience::Coordinator => "for the wellness coordinators".to_string(),
        };
        console.say(&format!(
            "{} of {}: {}, {audience}, {state}: {}.",
            i + 1,
            data.prompts.len(),
            super::day(p.opened_on),
            why.join("; ")
        ))?;
        // What people did about it, with their notes.
        for e in about
            .events
            .iter()
            .filter(|e| e.state != PromptState::Resolved && !e.note.trim().is_empty())
        {
            console.say(&format!(
                "{}, {} {}: {}",
                super::day(e.on_date),
                e.actor,
                e.state,
                e.note.trim()
            ))?;
        }
    }
    console.say(&format!(
        "Who read or changed them: {} entries.",
        data.access.len()
    ))?;
    let access: Vec<String> = data
        .access
        .iter()
        .map(|a| format!("{}, {}, {}: {}.", a.when, a.who, a.action, a.detail))
        .collect();
    match console.list(
        "Access log",
        &access,
        &[("refer-myself", "ask for a referral for yourself")],
    ) {
        Ok(Picked::Command(word)) if word == "refer-myself" => {
            match super::referrals::self_refer(console, desk) {
                Err(Stop::Cancel) => console.say("Form left; nothing was saved."),
                other => other,
            }
        }
        Ok(_) | Err(Stop::Cancel) => Ok(()),
        Err(other) => Err(other),
    }
}
