//! A supervisor's or mentor's people: today's follow-ups and people not seen, the people
//! list with a filter, a person's record, and the check-in form one field at a time.

use super::console::{Console, Picked, Step, Stop};
use super::{Desk, calm, day, referrals};
use crate::desk::CheckinDraftInput;
use crate::domain::Person;
use crate::domain::checkin::Visibility;
use crate::domain::dates::parse_date;
use crate::domain::stressors::{Severity, StressorCatalog, StressorFlag};

pub(super) fn today(console: &mut Console, desk: &mut Desk) -> Step<()> {
    let (follow_ups, not_seen) = match desk.session.today_list(desk.today()) {
        Ok(lists) => lists,
        Err(e) => return console.say(&format!("Today's list could not be read: {}.", calm(e))),
    };
    let mut people: Vec<Person> = Vec::new();
    let mut lines = Vec::new();
    for f in follow_ups {
        lines.push(format!(
            "{}, follow-up due {}.",
            f.person.name,
            day(f.due_on)
        ));
        people.push(f.person);
    }
    for n in not_seen {
        lines.push(format!(
            "{}, not seen lately: {}.",
            n.person.name,
            n.last_checkin_on.map_or_else(
                || "never checked in with".to_string(),
                |d| format!("last check-in {}", day(d))
            )
        ));
        people.push(n.person);
    }
    loop {
        match console.list("Today", &lines, &[])? {
            Picked::Item(i) => person(console, desk, &people[i].employee_id)?,
            Picked::Command(_) => return Ok(()),
        }
    }
}

pub(super) fn people(console: &mut Console, desk: &mut Desk) -> Step<()> {
    let all = match desk.session.people_as(desk.role) {
        Ok(all) => all,
        Err(e) => return console.say(&format!("Your people could not be read: {}.", calm(e))),
    };
    let mut filter = String::new();
    loop {
        let words = filter.to_lowercase();
        let shown: Vec<&Person> = all
            .iter()
            .filter(|p| {
                words.is_empty()
                    || p.name.to_lowercase().contains(&words)
                    || p.employee_id.to_lowercase().contains(&words)
                    || p.unit.to_lowercase().contains(&words)
            })
            .collect();
        let lines: Vec<String> = shown
            .iter()
            .map(|p| format!("{}, employee id {}, {}.", p.name, p.employee_id, p.unit))
            .collect();
        let title = if filter.is_empty() {
            "Your people".to_string()
        } else {
            format!("Your people matching {filter}")
        };
        match console.list(&title, &lines, &[("filter", "narrow by name, id or unit")])? {
            Picked::Item(i) => {
                let id = shown[i].employee_id.clone();
                person(console, desk, &id)?;
            }
            Picked::Command(word) if word == "filter" => {
                filter = console.ask("Filter (Enter for everyone):")?;
            }
            Picked::Command(_) => return Ok(()),
        }
    }
}

/// A person's record: the directory entry, check-ins and referrals the viewer may read.
pub(super) fn person(console: &mut Console, desk: &mut Desk, employee_id: &str) -> Step<()> {
    loop {
        let record = match desk.session.person_record(employee_id) {
            Ok(record) => record,
            Err(e) => {
                return console.say(&format!(
                    "This person's page is not open to you: {}.",
                    calm(e)
                ));
            }
        };
        let p = &record.view.person;
        console.say(&format!(
            "{}, employee id {}, unit {}.",
            p.name, p.employee_id, p.unit
        ))?;
        console.say(&format!("Check-ins: {}.", record.checkins.len()))?;
        for (i, c) in record.checkins.iter().take(10).enumerate() {
            let stressors: Vec<String> = c
                .stressors
                .iter()
                .map(|f| format!("{} {}", title_of(&f.category), f.severity.as_str()))
                .collect();
            console.say(&format!(
                "{} of {}: {}, wellbeing {} of 5, by {}, stressors: {}{}{}.",
                i + 1,
                record.checkins.len(),
                day(c.occurred_on),
                c.wellbeing,
                c.author,
                if stressors.is_empty() {
                    "none".to_string()
                } else {
                    stressors.join(", ")
                },
                c.follow_up_on
                    .map(|d| format!(", follow-up {}", day(d)))
                    .unwrap_or_default(),
                if c.notes.trim().is_empty() {
                    String::new()
                } else {
                    format!(", notes: {}", c.notes)
                }
            ))?;
        }
        console.say(&format!("Referrals: {}.", record.referrals.len()))?;
        for (i, r) in record.referrals.iter().enumerate() {
            console.say(&format!(
                "{} of {}: referral {} to {}, {}, consent {}.",
                i + 1,
                record.referrals.len(),
                r.id,
                crate::desk::resource_name(&record.resource_names, &r.resource_id),
                r.status.as_str().replace('_', " "),
                r.consent.as_str()
            ))?;
        }
        let roles = crate::domain::Roles::new([desk.role]);
        let holds = |action| crate::policy::holds(&roles, action);
        let mut commands = Vec::new();
        if record.view.may_view_record && holds(crate::policy::Action::RecordCheckin) {
            commands.push(("check-in", "record a check-in"));
        }
        if record.view.may_view_record && holds(crate::policy::Action::ProposeReferral) {
            commands.push(("refer", "propose a referral"));
        }
        if !record.referrals.is_empty() {
            commands.push(("referral", "open one of the referrals"));
        }
        commands.push(("back", "the screen before"));
        let result = match console.choose(&commands)?.as_str() {
            "check-in" => checkin(console, desk, employee_id),
            "refer" => referrals::propose(console, desk, employee_id),
            "referral" => {
                let answer =
                    console.ask(&format!("Which referral, 1 to {}?", record.referrals.len()))?;
                match answer.parse::<usize>() {
                    Ok(n) if (1..=record.referrals.len()).contains(&n) => {
                        referrals::open(console, desk, record.referrals[n - 1].id)
                    }
                    _ => console.say("That is not one of them."),
                }
            }
            _ => return Ok(()),
        };
        match result {
            Err(Stop::Cancel) => console.say("Form left; nothing was saved.")?,
            other => other?,
        }
    }
}

fn title_of(category: &str) -> String {
    StressorCatalog::builtin()
        .get(category)
        .map_or_else(|| category.to_string(), |c| c.title.clone())
}

/// The check-in form, one field at a time, then a yes/no before it is saved.
pub(super) fn checkin(console: &mut Console, desk: &mut Desk, employee_id: &str) -> Step<()> {
    let start = match desk.session.checkin_form_start(employee_id) {
        Ok(start) => start,
        Err(e) => return console.say(&format!("A check-in cannot start here: {}.", calm(e))),
    };
    let today = desk.today();
    console.say(&format!(
        "A check-in with {} ({}). One question at a time; Enter keeps the value said as now; cancel leaves the form.",
        start.person.name, start.person.employee_id
    ))?;
    let mut occurred_on = today;
    loop {
        match console.field("Date", "year-month-day", &occurred_on.to_string())? {
            None => break,
            Some(text) => match parse_date(&text) {
                Ok(day) if day <= today => {
                    occurred_on = day;
                    break;
                }
                Ok(_) => console.say("A check-in cannot be dated in the future.")?,
                Err(e) => console.say(&e)?,
            },
        }
    }
    let wellbeing = loop {
        match console.field("Wellbeing", "1 low to 5 high", "not set")? {
            Some(text) => match text.parse::<u8>() {
                Ok(n) if (1..=5).contains(&n) => break n,
                _ => console.say("A number from 1 to 5, please.")?,
            },
            None => console.say("Wellbeing needs a rating from 1 to 5.")?,
        }
    };
    let catalog = StressorCatalog::builtin();
    let numbered: Vec<String> = catalog
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{} {}", i + 1, c.title))
        .collect();
    let stressors: Vec<StressorFlag> = loop {
        let answer = console.field(
            &format!("Stressors. {}", numbered.join(", ")),
            "numbers separated by commas",
            "none",
        )?;
        let Some(text) = answer else {
            break Vec::new();
        };
        let picked: Result<Vec<usize>, ()> = text
            .split([',', ' '])
            .filter(|w| !w.trim().is_empty())
            .map(|w| match w.trim().parse::<usize>() {
                Ok(n) if (1..=catalog.categories.len()).contains(&n) => Ok(n - 1),
                _ => Err(()),
            })
            .collect();
        let Ok(picked) = picked else {
            console.say(&format!(
                "Numbers from 1 to {}, separated by commas, please.",
                catalog.categories.len()
            ))?;
            continue;
        };
        let mut flags = Vec::new();
        for i in picked {
            let category = &catalog.categories[i];
            let severity = loop {
                match console
                    .field(
                        &format!("How heavy is {}", category.title),
                        "low, moderate, high",
                        "moderate",
                    )?
                    .as_deref()
                {
                    None | Some("moderate") | Some("m") => break Severity::Moderate,
                    Some("low") | Some("l") => break Severity::Low,
                    Some("high") | Some("h") => break Severity::High,
                    Some(_) => console.say("low, moderate or high, please.")?,
                }
            };
            flags.push(StressorFlag {
                category: category.id.clone(),
                severity,
            });
        }
        break flags;
    };
    let notes = console
        .field("Notes", "free text", "none")?
        .unwrap_or_default();
    let follow_up_on = loop {
        match console.field("Follow-up date", "year-month-day", "none")? {
            None => break None,
            Some(text) => match parse_date(&text) {
                Ok(day) if day >= occurred_on => break Some(day),
                Ok(_) => console.say("A follow-up comes after the check-in.")?,
                Err(e) => console.say(&e)?,
            },
        }
    };
    let default = if start.supervises {
        Visibility::Chain
    } else {
        Visibility::Private
    };
    let visibility = loop {
        match console
            .field(
                "Who may read it",
                "chain: the supervisors up the chain; private: no one else",
                default.as_str(),
            )?
            .as_deref()
        {
            None => break None,
            Some("chain") => break Some(Visibility::Chain),
            Some("private") => break Some(Visibility::Private),
            Some(_) => console.say("chain or private, please.")?,
        }
    };
    let stressor_words: Vec<String> = stressors
        .iter()
        .map(|f| format!("{} {}", title_of(&f.category), f.severity.as_str()))
        .collect();
    console.say(&format!(
        "To save: {}, wellbeing {wellbeing} of 5, stressors: {}, notes: {}, follow-up: {}, read by: {}.",
        day(occurred_on),
        if stressor_words.is_empty() { "none".to_string() } else { stressor_words.join(", ") },
        if notes.trim().is_empty() { "none" } else { notes.as_str() },
        follow_up_on.map_or_else(|| "none".to_string(), day),
        visibility.unwrap_or(default).as_str()
    ))?;
    if !console.confirm("Save this check-in?")? {
        return console.say("Nothing was saved.");
    }
    let input = CheckinDraftInput {
        occurred_on,
        wellbeing,
        visibility,
        notes,
        follow_up_on,
        stressors,
    };
    match desk.session.record_checkin(employee_id, input) {
        Ok(saved) => {
            console.say(&format!("Check-in {} saved.", saved.id))?;
            if !saved.suggestions.is_empty() {
                let names: Vec<&str> = saved
                    .suggestions
                    .iter()
                    .take(3)
                    .map(|r| r.name.as_str())
                    .collect();
                console.say(&format!("Might help: {}.", names.join("; ")))?;
            }
            Ok(())
        }
        Err(e) => console.say(&format!("Not saved: {}.", calm(e))),
    }
}
