//! Referrals: proposing one (a crisis line is never a target: choosing one reads the call-now
//! lines), the coordinator's queue, a referral's page with only the moves its lifecycle and
//! the policy table allow now, one's own referrals, and the resources.

use super::console::{Console, Picked, Step, Stop};
use super::{Desk, calm, day};
use crate::desk::{NewReferral, QueueItem, ReferralPage};
use crate::domain::referral::{Change, Consent, Outcome, Referral, Status, Urgency};
use crate::policy::{self, Action};

fn status_words(status: Status) -> String {
    status.as_str().replace('_', " ")
}

/// "referral 3, urgent, Olga Blackwood (E2), EAP counselling: proposed, consent pending".
pub(super) fn queue_line(item: &QueueItem) -> String {
    let r = &item.referral;
    let who = match &item.person_name {
        Some(name) => format!("{name} ({})", r.employee_id),
        None => r.employee_id.clone(),
    };
    format!(
        "referral {}, {}, {who}, {}: {}, consent {}, last change {}.",
        r.id,
        r.urgency.as_str(),
        item.resource_name,
        status_words(r.status),
        r.consent.as_str(),
        day(item.last_event_on)
    )
}

pub(super) fn queue(console: &mut Console, desk: &mut Desk) -> Step<()> {
    let mut filter = String::new();
    loop {
        let items = match desk.session.referral_queue(desk.today()) {
            Ok(items) => items,
            Err(e) => return console.say(&format!("The queue could not be read: {}.", calm(e))),
        };
        // Words in any order, each found in the name, id, resource, status or consent.
        let words: Vec<String> = filter
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let shown: Vec<&QueueItem> = items
            .iter()
            .filter(|item| {
                let hay =
                    format!("{} {}", queue_line(item), item.referral.resource_id).to_lowercase();
                words.iter().all(|w| hay.contains(w.as_str()))
            })
            .collect();
        let lines: Vec<String> = shown.iter().map(|item| queue_line(item)).collect();
        let title = if filter.is_empty() {
            "Referral queue".to_string()
        } else {
            format!("Referral queue matching {filter}")
        };
        let extra = [("filter", "narrow by name, id, resource or status")];
        match console.list(&title, &lines, &extra)? {
            Picked::Item(i) => open(console, desk, shown[i].referral.id)?,
            Picked::Command(word) if word == "filter" => {
                filter = console.ask("Filter, words in any order (Enter for all):")?;
            }
            Picked::Command(_) => return Ok(()),
        }
    }
}

/// The referrals about oneself (from one's records), each to open and consent to.
pub(super) fn mine(console: &mut Console, desk: &mut Desk) -> Step<()> {
    loop {
        let data = match desk.session.my_records() {
            Ok(data) => data,
            Err(e) => return console.say(&format!("Your records could not be read: {}.", calm(e))),
        };
        let lines: Vec<String> = data
            .referrals
            .iter()
            .map(|r| {
                format!(
                    "referral {} to {}: {}, consent {}.",
                    r.id,
                    crate::desk::resource_name(&data.resource_names, &r.resource_id),
                    status_words(r.status),
                    r.consent.as_str()
                )
            })
            .collect();
        match console.list("Referrals about you", &lines, &[])? {
            Picked::Item(i) => open(console, desk, data.referrals[i].id)?,
            Picked::Command(_) => return Ok(()),
        }
    }
}

/// The moves allowed now on `referral` for the viewer, each as (word, what it does, change).
fn moves(desk: &Desk, referral: &Referral) -> Vec<(&'static str, String, Change)> {
    let roles = crate::domain::Roles::new([desk.role]);
    // As the desk decides the change; a coordinator's moves only in a role that works them.
    let viewer = desk.session.referral_actor(referral);
    let actor = policy::ReferralActor {
        works_referrals: viewer.works_referrals && policy::holds(&roles, Action::WorkReferrals),
        ..viewer
    };
    let consent_only = policy::ReferralMove {
        consent_only: true,
        ..policy::ReferralMove::default()
    };
    let withdraws = policy::ReferralMove {
        withdraws: true,
        ..policy::ReferralMove::default()
    };
    let mut out = Vec::new();
    let next = referral.status.next();
    if policy::may_change_referral(actor, consent_only) && referral.status.is_open() {
        for (word, consent) in [
            ("consent-given", Consent::Given),
            ("consent-refused", Consent::Refused),
        ] {
            if referral.consent != consent {
                out.push((
                    word,
                    format!("record the employee's consent as {}", consent.as_str()),
                    Change {
                        consent: Some(consent),
                        ..Change::default()
                    },
                ));
            }
        }
    }
    if actor.works_referrals {
        for status in next {
            let word = match status {
                // Acceptance waits for consent (the desk would refuse it).
                Status::Accepted if referral.consent != Consent::Given => continue,
                Status::Accepted => "accepted",
                Status::Contacted => "contacted",
                Status::InProgress => "in-progress",
                Status::Closed => "closed",
                _ => continue,
            };
            out.push((
                word,
                format!("move it to {}", status_words(*status)),
                Change {
                    status: Some(*status),
                    ..Change::default()
                },
            ));
        }
    }
    if policy::may_change_referral(actor, withdraws) && next.contains(&Status::Withdrawn) {
        out.push((
            "withdrawn",
            "withdraw it".to_string(),
            Change {
                status: Some(Status::Withdrawn),
                ..Change::default()
            },
        ));
    }
    out
}

fn read(console: &mut Console, page: &ReferralPage) -> Step<()> {
    let r = &page.referral;
    console.say(&format!("Referral {} to {}.", r.id, page.resource_name))?;
    let who = match &page.person_name {
        Some(name) => format!("{name} ({})", r.employee_id),
        None => r.employee_id.clone(),
    };
    console.say(&format!("Employee: {who}."))?;
    console.say(&format!("Status: {}.", status_words(r.status)))?;
    if let Some(outcome) = r.outcome {
        console.say(&format!("Outcome: {}.", outcome.as_str().replace('_', " ")))?;
    }
    console.say(&format!("Consent: {}.", r.consent.as_str()))?;
    console.say(&format!("Urgency: {}.", r.urgency.as_str()))?;
    console.say(&format!(
        "Proposed by {} on {}.",
        r.created_by,
        day(r.created_on)
    ))?;
    if !r.reason.trim().is_empty() {
        console.say(&format!("Reason: {}", r.reason))?;
    }
    console.say(&format!("History: {} entries.", page.events.len()))?;
    for (i, e) in page.events.iter().enumerate() {
        let mut text = format!(
            "{} of {}: {}, {}, consent {}, by {}",
            i + 1,
            page.events.len(),
            day(e.on_date),
            status_words(e.status),
            e.consent.as_str(),
            e.actor
        );
        if !e.note.trim().is_empty() {
            text.push_str(&format!(", note: {}", e.note));
        }
        console.say(&format!("{text}."))?;
    }
    Ok(())
}

/// A referral's page and its lifecycle moves.
pub(super) fn open(console: &mut Console, desk: &mut Desk, id: i64) -> Step<()> {
    loop {
        let page = match desk.session.referral_page(id) {
            Ok(page) => page,
            Err(e) => {
                return console.say(&format!("The referral could not be opened: {}.", calm(e)));
            }
        };
        read(console, &page)?;
        let moves = moves(desk, &page.referral);
        let mut commands: Vec<(&str, &str)> = moves
            .iter()
            .map(|(w, what, _)| (*w, what.as_str()))
            .collect();
        commands.push(("back", "the screen before"));
        let chosen = console.choose(&commands)?;
        let Some((_, _, change)) = moves.into_iter().find(|(w, _, _)| *w == chosen) else {
            return Ok(());
        };
        let mut change = change;
        let mut note = String::new();
        if change.status.is_some() {
            if change.status == Some(Status::Closed) {
                let words: Vec<(&str, &str)> = Outcome::ALL
                    .iter()
                    .map(|o| (o.as_str(), "outcome"))
                    .collect();
                console.say("The outcome, to close it.")?;
                let outcome = console.choose(&words)?;
                change.outcome = Outcome::ALL.iter().copied().find(|o| o.as_str() == outcome);
            }
            if change.status == Some(Status::Withdrawn)
                && !console.confirm(&format!(
                    "Withdraw referral {id}? The employee's record keeps its history."
                ))?
            {
                continue;
            }
            note = console.ask("A short note, if it helps (Enter for none):")?;
        }
        match desk
            .session
            .change_referral(id, &change, &note, desk.today())
        {
            Ok(r) => console.say(&format!(
                "Saved. Referral {} is now {}, consent {}.",
                r.id,
                status_words(r.status),
                r.consent.as_str()
            ))?,
            Err(e) => console.say(&format!("Not saved: {}.", calm(e)))?,
        }
    }
}

/// A self-referral: one's own consent goes with it.
pub(super) fn self_refer(console: &mut Console, desk: &mut Desk) -> Step<()> {
    let Some(id) = desk.session.account().person_id.clone() else {
        return console.say("Your account is not linked to a person on the roster.");
    };
    propose(console, desk, &id, &[])
}

/// The referral form, one field at a time: the resource (crisis lines read as call-now),
/// urgency, consent (for someone else), a reason; then a yes/no before it is saved.
pub(super) fn propose(
    console: &mut Console,
    desk: &mut Desk,
    employee_id: &str,
    suggest_first: &[String],
) -> Step<()> {
    let start = match desk
        .session
        .referral_form_start(employee_id, desk.today(), suggest_first)
    {
        Ok(start) => start,
        Err(e) => return console.say(&format!("A referral cannot start here: {}.", calm(e))),
    };
    let mut options: Vec<&crate::domain::resources::Resource> = start
        .suggested
        .iter()
        .filter_map(|id| start.catalog.iter().find(|r| &r.id == id))
        .filter(|r| !r.retired && !r.crisis)
        .collect();
    for r in start.catalog.iter().filter(|r| !r.retired && !r.crisis) {
        if !options.iter().any(|o| o.id == r.id) {
            options.push(r);
        }
    }
    for r in start.catalog.iter().filter(|r| !r.retired && r.crisis) {
        options.push(r);
    }
    let title = if start.self_referral {
        "A referral for yourself".to_string()
    } else {
        format!(
            "A referral for {} ({})",
            start.person.name, start.person.employee_id
        )
    };
    console.say(&format!(
        "{title}. Type cancel at any field to leave the form."
    ))?;
    let lines: Vec<String> = options
        .iter()
        .map(|r| {
            if r.crisis {
                format!("{}: a crisis line, to call now, not a referral.", r.name)
            } else if start.suggested.contains(&r.id) {
                format!("{} (suggested).", r.name)
            } else {
                format!("{}.", r.name)
            }
        })
        .collect();
    let resource = loop {
        match console.list("Resources to refer to", &lines, &[])? {
            Picked::Item(i) if options[i].crisis => {
                console.say(&format!(
                    "{} is a crisis line: call it now ({}, {}). Nothing is sent to anyone.",
                    options[i].name, options[i].contact, options[i].hours
                ))?;
                console.help_now()?;
            }
            Picked::Item(i) => break options[i].clone(),
            Picked::Command(_) => return Err(Stop::Cancel),
        }
    };
    let mut urgency = Urgency::Routine;
    let names: Vec<&str> = Urgency::ALL.iter().map(|u| u.as_str()).collect();
    loop {
        match console.field("Urgency", &names.join(", "), urgency.as_str())? {
            None => break,
            Some(text) => match text.parse::<Urgency>() {
                Ok(u) => {
                    urgency = u;
                    break;
                }
                Err(e) => console.say(&e)?,
            },
        }
    }
    let mut consent = if start.self_referral {
        Consent::Given
    } else {
        Consent::Pending
    };
    if !start.self_referral {
        let names: Vec<&str> = Consent::ALL.iter().map(|c| c.as_str()).collect();
        loop {
            match console.field(
                "The employee's consent",
                &names.join(", "),
                consent.as_str(),
            )? {
                None => break,
                Some(text) => match text.parse::<Consent>() {
                    Ok(c) => {
                        consent = c;
                        break;
                    }
                    Err(e) => console.say(&e)?,
                },
            }
        }
    }
    let reason = console
        .field("Reason", "free text", "none")?
        .unwrap_or_default();
    if !console.confirm(&format!(
        "Propose a referral to {} for {}, urgency {}, consent {}?",
        resource.name,
        start.person.name,
        urgency.as_str(),
        consent.as_str()
    ))? {
        return console.say("Nothing was saved.");
    }
    let new = NewReferral {
        employee_id: employee_id.to_string(),
        resource_id: resource.id.clone(),
        consent,
        urgency,
        reason,
        on: desk.today(),
    };
    match desk.session.propose_referral(&new) {
        Ok(id) if start.self_referral => console.say(&format!(
            "Your self-referral to {} is with the wellness coordinators (referral {id}).",
            resource.name
        )),
        Ok(id) => console.say(&format!(
            "Referral {id} to {} proposed for {}: {}.",
            resource.name,
            start.person.name,
            match consent {
                Consent::Given => "the coordinators take it from here",
                Consent::Pending => "it waits for their consent",
                Consent::Refused => "it goes nowhere without their consent",
            }
        )),
        Err(e) => console.say(&format!("Not saved: {}.", calm(e))),
    }
}

/// The resources, retired ones included; coordinators retire and restore them.
pub(super) fn resources(console: &mut Console, desk: &mut Desk) -> Step<()> {
    // Those who manage the catalog see retired entries too, and retire and restore them.
    let manages = policy::holds(
        &crate::domain::Roles::new([desk.role]),
        Action::ManageResources,
    );
    loop {
        let all = match desk.session.resources(manages) {
            Ok(all) => all,
            Err(e) => {
                return console.say(&format!("The resources could not be read: {}.", calm(e)));
            }
        };
        let lines: Vec<String> = all
            .iter()
            .map(|r| {
                format!(
                    "{}{}: {}, {}.",
                    r.name,
                    if r.retired { " (retired)" } else { "" },
                    r.contact,
                    r.hours
                )
            })
            .collect();
        let extra: &[(&str, &str)] = if manages {
            &[("add", "add a resource")]
        } else {
            &[]
        };
        let i = match console.list("Resources", &lines, extra)? {
            Picked::Item(i) => i,
            Picked::Command(word) if word == "add" => {
                super::catalog::form(console, desk, None)?;
                continue;
            }
            Picked::Command(_) => return Ok(()),
        };
        let r = &all[i];
        console.say(&format!("{}. {}", r.name, r.description))?;
        if !manages {
            continue;
        }
        let (word, what) = if r.retired {
            ("restore", "offer it again")
        } else {
            ("retire", "stop offering it")
        };
        let chosen =
            console.choose(&[(word, what), ("edit", "change it"), ("back", "the list")])?;
        if chosen == "edit" {
            super::catalog::form(console, desk, Some(r.clone()))?;
        } else if chosen == word {
            let done = if r.retired {
                desk.session
                    .restore_resource(&r.id)
                    .map(|r| format!("{} is offered again.", r.name))
            } else if console
                .confirm(&format!("Retire {}? Old referrals keep its name.", r.name))?
            {
                desk.session
                    .retire_resource(&r.id)
                    .map(|r| format!("{} is retired.", r.name))
            } else {
                continue;
            };
            match done {
                Ok(news) => console.say(&news)?,
                Err(e) => console.say(&format!("Not saved: {}.", calm(e)))?,
            }
        }
    }
}
