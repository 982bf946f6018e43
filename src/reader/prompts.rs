//! Prompts for the role on screen: the list, one prompt with its reasons and the records
//! behind them, and the answers to it (acknowledge with a note, snooze with a reason).

use chrono::Duration;

use super::console::{Console, Picked, Step, Stop};
use super::{Desk, calm, care, day, home, referrals};
use crate::desk::{PromptDetailData, PromptView};
use crate::domain::Role;
use crate::domain::prompt::snooze_cap_days;

pub(super) fn for_role(view: &PromptView, role: Role) -> bool {
    home::audience_is(role, &view.audience)
}

/// "urgent: check in with NAME, because …, open 3 days".
pub(super) fn summary(view: &PromptView) -> String {
    let mut text = format!(
        "{}: {}, because {}",
        view.severity.as_str(),
        lower_first(&view.invitation()),
        view.explanation()
    );
    if let Some(response) = &view.response {
        text.push_str(&format!(" ({})", response_words(response)));
    }
    text.push('.');
    text
}

fn response_words(response: &crate::domain::prompt::Response) -> String {
    match response.until {
        Some(until) => format!("snoozed until {}", day(until)),
        None => "acknowledged".to_string(),
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub(super) fn list(console: &mut Console, desk: &mut Desk) -> Step<()> {
    loop {
        let views: Vec<PromptView> = match desk.session.prompts(desk.today(), true) {
            Ok(all) => all.into_iter().filter(|v| for_role(v, desk.role)).collect(),
            Err(e) => return console.say(&format!("The prompts could not be read: {}.", calm(e))),
        };
        let items: Vec<String> = views.iter().map(summary).collect();
        match console.list("Prompts", &items, &[])? {
            Picked::Item(i) => open(console, desk, views[i].id)?,
            Picked::Command(_) => return Ok(()),
        }
    }
}

/// One prompt: its reasons, the records behind them, what might help, then its answers.
pub(super) fn open(console: &mut Console, desk: &mut Desk, id: i64) -> Step<()> {
    loop {
        let page = match desk.session.prompt_page_now(id, desk.today()) {
            Ok(Some(page)) => page,
            Ok(None) => return console.say("This prompt no longer holds; it has left the list."),
            Err(e) => return console.say(&format!("The prompt could not be opened: {}.", calm(e))),
        };
        read(console, &page)?;
        let mut commands = Vec::new();
        if page.view.response.is_none() {
            commands.push(("acknowledge", "with a note"));
            commands.push(("snooze", "with a reason"));
        } else {
            commands.push(("undo", "take back your answer"));
        }
        let roles = crate::domain::Roles::new([desk.role]);
        let holds = |action| crate::policy::holds(&roles, action);
        if holds(crate::policy::Action::RecordCheckin) {
            commands.push(("check-in", "record a check-in with them"));
        }
        if holds(crate::policy::Action::ProposeReferral) {
            commands.push(("refer", "propose a referral, the suggestions first"));
        }
        commands.push(("person", "their page"));
        commands.push(("back", "the list"));
        let today = desk.today();
        let who = page.view.employee_id.clone();
        let result = match console.choose(&commands)?.as_str() {
            "acknowledge" => {
                let note = console.ask("A note (what you did or will do):")?;
                desk.session
                    .acknowledge_prompt(id, &note, today)
                    .map(|()| "Acknowledged, with your note; it leaves your list.".to_string())
            }
            "snooze" => {
                let cap = snooze_cap_days(page.view.severity);
                let days = loop {
                    let answer = console.field(
                        "Snooze for how many days",
                        &format!("1 to {cap}"),
                        &cap.to_string(),
                    )?;
                    match answer.map(|a| a.parse::<i64>()) {
                        None => break cap,
                        Some(Ok(n)) if (1..=cap).contains(&n) => break n,
                        _ => console.say(&format!("A number from 1 to {cap}, please."))?,
                    }
                };
                let reason = console.ask("The reason (others see why it waits):")?;
                let until = today + Duration::days(days);
                desk.session
                    .snooze_prompt(id, until, &reason, today)
                    .map(|()| {
                        format!(
                            "Snoozed until {}; it comes back then if it still holds.",
                            day(until)
                        )
                    })
            }
            "undo" => desk
                .session
                .undo_prompt_response(id, today)
                .map(|()| "Taken back: it is on your open list again.".to_string()),
            "check-in" => {
                let result = care::checkin(console, desk, &who);
                left_form(console, result)?;
                continue;
            }
            "refer" => {
                let result = referrals::propose(console, desk, &who, &page.view.suggest);
                left_form(console, result)?;
                continue;
            }
            "person" => {
                let result = care::person(console, desk, &who);
                left_form(console, result)?;
                continue;
            }
            _ => return Ok(()),
        };
        match result {
            Ok(news) => {
                console.say(&news)?;
                return Ok(());
            }
            Err(e) => console.say(&format!("Not saved: {}.", calm(e)))?,
        }
    }
}

/// A form left with `cancel` comes back to the prompt.
fn left_form(console: &mut Console, result: Step<()>) -> Step<()> {
    match result {
        Err(Stop::Cancel) => console.say("Form left; nothing was saved."),
        other => other,
    }
}

fn read(console: &mut Console, page: &PromptDetailData) -> Step<()> {
    let v = &page.view;
    console.say(&format!("Prompt {}: {}.", v.id, v.invitation()))?;
    console.say(&format!(
        "Severity: {}. Open since {} ({}).",
        v.severity.as_str(),
        day(v.opened_on),
        crate::domain::dates::days_open(v.age_days())
    ))?;
    if let Some(response) = &v.response {
        console.say(&format!("Your answer: {}.", response_words(response)))?;
    }
    console.say(&format!("Reasons: {}.", v.reasons.len()))?;
    for (i, reason) in v.reasons.iter().enumerate() {
        console.say(&format!(
            "{} of {}, {}: {}.",
            i + 1,
            v.reasons.len(),
            reason.severity.as_str(),
            reason.explanation
        ))?;
    }
    console.say(&format!("Records behind it: {}.", page.evidence.len()))?;
    for (i, row) in page.evidence.iter().enumerate() {
        let what = if let Some(c) = &row.checkin {
            format!(
                "check-in of {}, wellbeing {} of 5{}",
                day(c.occurred_on),
                c.wellbeing,
                if c.notes.trim().is_empty() {
                    String::new()
                } else {
                    format!(", notes: {}", c.notes)
                }
            )
        } else if let Some((r, name)) = &row.referral {
            format!(
                "referral to {name}, {}",
                r.status.as_str().replace('_', " ")
            )
        } else {
            format!("{} {}", row.evidence.kind, row.evidence.id)
        };
        console.say(&format!("{} of {}: {what}.", i + 1, page.evidence.len()))?;
    }
    if !page.suggested.is_empty() {
        console.say(&format!("Might help: {}.", page.suggested.join("; ")))?;
    }
    Ok(())
}
