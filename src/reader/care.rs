//! A supervisor's or mentor's people: today's follow-ups and people not seen, the people
//! list with a filter, a person's record, and the check-in form one field at a time.

use super::console::{Console, Picked, Step, Stop};
use super::{Desk, calm, day, referrals};
use chrono::NaiveDate;

use crate::desk::{CheckinDraftInput, CheckinStart, LastSeen};
use crate::domain::Person;
use crate::domain::checkin::CheckinDraft;
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
    let all = match desk.session.people_in_care(desk.role) {
        Ok(all) => all,
        Err(e) => return console.say(&format!("Your people could not be read: {}.", calm(e))),
    };
    let mut filter = String::new();
    loop {
        let words = filter.to_lowercase();
        let shown: Vec<(&Person, Option<&LastSeen>)> = all
            .people
            .iter()
            .enumerate()
            .map(|(i, p)| (p, all.seen.as_ref().and_then(|seen| seen.get(i))))
            .filter(|(p, _)| {
                words.is_empty()
                    || p.name.to_lowercase().contains(&words)
                    || p.employee_id.to_lowercase().contains(&words)
                    || p.unit.to_lowercase().contains(&words)
            })
            .collect();
        let lines: Vec<String> = shown
            .iter()
            .map(|(p, seen)| person_line(p, *seen))
            .collect();
        let title = if filter.is_empty() {
            "Your people".to_string()
        } else {
            format!("Your people matching {filter}")
        };
        match console.list(&title, &lines, &[("filter", "narrow by name, id or unit")])? {
            Picked::Item(i) => {
                let id = shown[i].0.employee_id.clone();
                person(console, desk, &id)?;
            }
            Picked::Command(word) if word == "filter" => {
                filter = console.ask("Filter (Enter for everyone):")?;
            }
            Picked::Command(_) => return Ok(()),
        }
    }
}

/// "Lin, Jo, employee id E3, Harbor-Station: last check-in 17 June 2026, follow-up 1 July
/// 2026." Who has none the viewer may read: "no check-in yet".
fn person_line(p: &Person, seen: Option<&LastSeen>) -> String {
    let head = format!("{}, employee id {}, {}", p.name, p.employee_id, p.unit);
    let Some(seen) = seen else {
        return format!("{head}.");
    };
    let last = seen.last_checkin_on.map_or_else(
        || "no check-in yet".to_string(),
        |d| format!("last check-in {}", day(d)),
    );
    let follow_up = seen
        .follow_up_on
        .map(|d| format!(", follow-up {}", day(d)))
        .unwrap_or_default();
    format!("{head}: {last}{follow_up}.")
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
        if !record.checkins.is_empty() {
            commands.push(("read-check-in", "one check-in in full, with its history"));
        }
        if !record.referrals.is_empty() {
            commands.push(("referral", "open one of the referrals"));
        }
        commands.push(("back", "the screen before"));
        let result = match console.choose(&commands)?.as_str() {
            "check-in" => checkin(console, desk, employee_id),
            "refer" => referrals::propose(console, desk, employee_id, &[]),
            "read-check-in" => {
                let answer =
                    console.ask(&format!("Which check-in, 1 to {}?", record.checkins.len()))?;
                match answer.parse::<usize>() {
                    Ok(n) if (1..=record.checkins.len()).contains(&n) => {
                        read_checkin(console, desk, record.checkins[n - 1].id)
                    }
                    _ => console.say("That is not one of them."),
                }
            }
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

/// One check-in in full, with its earlier versions; one's own may be changed.
fn read_checkin(console: &mut Console, desk: &mut Desk, id: i64) -> Step<()> {
    let (c, history) = match desk.session.checkin_with_history(id) {
        Ok(found) => found,
        Err(e) => return console.say(&format!("This check-in cannot be opened: {}.", calm(e))),
    };
    console.say(&format!(
        "Check-in {} of {}, by {}, version {}.",
        c.id,
        day(c.occurred_on),
        c.author,
        c.version
    ))?;
    console.say(&format!("Wellbeing: {} of 5.", c.wellbeing))?;
    let stressors: Vec<String> = c
        .stressors
        .iter()
        .map(|f| format!("{} {}", title_of(&f.category), f.severity.as_str()))
        .collect();
    console.say(&format!(
        "Stressors: {}.",
        if stressors.is_empty() {
            "none".to_string()
        } else {
            stressors.join(", ")
        }
    ))?;
    console.say(&format!(
        "Notes: {}",
        if c.notes.trim().is_empty() {
            "none."
        } else {
            c.notes.as_str()
        }
    ))?;
    console.say(&format!(
        "Follow-up: {}.",
        c.follow_up_on.map_or_else(|| "none".to_string(), day)
    ))?;
    console.say(&format!("Who may read it: {}.", c.visibility.as_str()))?;
    console.say(&format!("Earlier versions: {}.", history.len()))?;
    for (i, old) in history.iter().enumerate() {
        console.say(&format!(
            "{} of {}: version {}, {}, wellbeing {} of 5.",
            i + 1,
            history.len(),
            old.version,
            day(old.occurred_on),
            old.wellbeing
        ))?;
    }
    let mut commands = Vec::new();
    if c.author == desk.session.login() {
        commands.push(("edit", "change your check-in"));
    }
    commands.push(("back", "the person's page"));
    if console.choose(&commands)? == "edit" {
        edit_checkin(console, desk, id)?;
    }
    Ok(())
}

fn title_of(category: &str) -> String {
    StressorCatalog::builtin()
        .get(category)
        .map_or_else(|| category.to_string(), |c| c.title.clone())
}

/// A new check-in: the form, then a yes/no before it is saved.
pub(super) fn checkin(console: &mut Console, desk: &mut Desk, employee_id: &str) -> Step<()> {
    let start = match desk.session.checkin_form_start(employee_id) {
        Ok(start) => start,
        Err(e) => return console.say(&format!("A check-in cannot start here: {}.", calm(e))),
    };
    console.say(&format!(
        "A check-in with {} ({}). One question at a time; Enter keeps the value said as now; cancel leaves the form.",
        start.person.name, start.person.employee_id
    ))?;
    let Some(input) = checkin_form(console, desk.today(), &start)? else {
        return console.say("Nothing was saved.");
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

/// One's own check-in changed: the form with every field as it stands; the version before
/// is kept by the desk.
fn edit_checkin(console: &mut Console, desk: &mut Desk, id: i64) -> Step<()> {
    let start = match desk.session.checkin_edit_start(id) {
        Ok(start) => start,
        Err(e) => return console.say(&format!("This check-in cannot be changed: {}.", calm(e))),
    };
    console.say(&format!(
        "Changing your check-in {id} with {}. Enter keeps each value as it stands; cancel leaves the form.",
        start.person.name
    ))?;
    let default = if start.supervises {
        Visibility::Chain
    } else {
        Visibility::Private
    };
    let Some(input) = checkin_form(console, desk.today(), &start)? else {
        return console.say("Nothing was changed.");
    };
    let draft = CheckinDraft {
        occurred_on: input.occurred_on,
        wellbeing: input.wellbeing,
        visibility: input.visibility.unwrap_or(default),
        notes: input.notes,
        follow_up_on: input.follow_up_on,
        stressors: input.stressors,
    };
    match desk.session.edit_checkin(id, draft) {
        Ok(c) => console.say(&format!(
            "Check-in {} changed; the earlier version is kept (now version {}).",
            c.id, c.version
        )),
        Err(e) => console.say(&format!("Not saved: {}.", calm(e))),
    }
}

/// The check-in form, one field at a time, each with its allowed values and the value it
/// has now (the check-in being changed, or a new one's defaults); `None` if not confirmed.
fn checkin_form(
    console: &mut Console,
    today: NaiveDate,
    start: &CheckinStart,
) -> Step<Option<CheckinDraftInput>> {
    let editing = start.editing.as_ref();
    let mut occurred_on = editing.map_or(today, |c| c.occurred_on);
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
        let now = editing.map_or_else(|| "not set".to_string(), |c| c.wellbeing.to_string());
        match console.field("Wellbeing", "1 low to 5 high", &now)? {
            Some(text) => match text.parse::<u8>() {
                Ok(n) if (1..=5).contains(&n) => break n,
                _ => console.say("A number from 1 to 5, please.")?,
            },
            None => match editing {
                Some(c) => break c.wellbeing,
                None => console.say("Wellbeing needs a rating from 1 to 5.")?,
            },
        }
    };
    let catalog = StressorCatalog::builtin();
    let numbered: Vec<String> = catalog
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{} {}", i + 1, c.title))
        .collect();
    let current: Vec<StressorFlag> = editing.map(|c| c.stressors.clone()).unwrap_or_default();
    let current_words = if current.is_empty() {
        "none".to_string()
    } else {
        current
            .iter()
            .map(|f| {
                let n = catalog
                    .categories
                    .iter()
                    .position(|c| c.id == f.category)
                    .map_or(0, |i| i + 1);
                format!("{n} {} {}", title_of(&f.category), f.severity.as_str())
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let stressors: Vec<StressorFlag> = loop {
        let answer = console.field(
            &format!("Stressors. {}", numbered.join(", ")),
            "numbers separated by commas, or none",
            &current_words,
        )?;
        let Some(text) = answer else {
            break current.clone();
        };
        if text.eq_ignore_ascii_case("none") {
            break Vec::new();
        }
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
            let now = current
                .iter()
                .find(|f| f.category == category.id)
                .map_or(Severity::Moderate, |f| f.severity);
            let severity = loop {
                match console
                    .field(
                        &format!("How heavy is {}", category.title),
                        "low, moderate, high",
                        now.as_str(),
                    )?
                    .as_deref()
                {
                    None => break now,
                    Some("moderate") | Some("m") => break Severity::Moderate,
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
    let notes_now = editing.map(|c| c.notes.clone()).unwrap_or_default();
    let notes = match console.field(
        "Notes",
        "free text, or none to clear",
        if notes_now.trim().is_empty() {
            "none"
        } else {
            notes_now.as_str()
        },
    )? {
        None => notes_now,
        Some(text) if text.eq_ignore_ascii_case("none") => String::new(),
        Some(text) => text,
    };
    let follow_now = editing.and_then(|c| c.follow_up_on);
    let follow_up_on = loop {
        let now = follow_now.map_or_else(|| "none".to_string(), |d| d.to_string());
        match console.field("Follow-up date", "year-month-day, or none", &now)? {
            None => break follow_now,
            Some(text) if text.eq_ignore_ascii_case("none") => break None,
            Some(text) => match parse_date(&text) {
                Ok(day) if day >= occurred_on => break Some(day),
                Ok(_) => console.say("A follow-up comes after the check-in.")?,
                Err(e) => console.say(&e)?,
            },
        }
    };
    let default = editing.map_or(
        if start.supervises {
            Visibility::Chain
        } else {
            Visibility::Private
        },
        |c| c.visibility,
    );
    let visibility = loop {
        match console
            .field(
                "Who may read it",
                "chain: the supervisors up the chain; private: no one else",
                default.as_str(),
            )?
            .as_deref()
        {
            None => break editing.map(|c| c.visibility),
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
        if stressor_words.is_empty() {
            "none".to_string()
        } else {
            stressor_words.join(", ")
        },
        if notes.trim().is_empty() {
            "none"
        } else {
            notes.as_str()
        },
        follow_up_on.map_or_else(|| "none".to_string(), day),
        visibility.unwrap_or(default).as_str()
    ))?;
    if !console.confirm("Save this check-in?")? {
        return Ok(None);
    }
    Ok(Some(CheckinDraftInput {
        occurred_on,
        wellbeing,
        visibility,
        notes,
        follow_up_on,
        stressors,
    }))
}
