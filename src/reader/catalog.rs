//! Adding a resource to the catalog, or editing one, as the full-screen form does: its id
//! (when new), name, kind, contact, hours, confidentiality and description one field at a
//! time with the current value, the stressors it helps with, and whether it is a crisis
//! line. The desk checks the fields and audits the change (`add_resource`, `put_resource`).

use super::console::{Console, Step, Stop};
use super::{Desk, calm};
use crate::domain::resources::Resource;
use crate::domain::stressors::StressorCatalog;

/// The form; `cancel` at any field leaves it with nothing saved.
pub(super) fn form(console: &mut Console, desk: &mut Desk, original: Option<Resource>) -> Step<()> {
    match fill(console, desk, original) {
        Err(Stop::Cancel) => console.say("Form left; nothing was saved."),
        other => other,
    }
}

fn text(console: &mut Console, label: &str, allowed: &str, now: &mut String) -> Step<()> {
    let shown = if now.is_empty() {
        "empty"
    } else {
        now.as_str()
    };
    if let Some(answer) = console.field(label, allowed, shown)? {
        *now = answer;
    }
    Ok(())
}

fn fill(console: &mut Console, desk: &mut Desk, original: Option<Resource>) -> Step<()> {
    let editing = original.is_some();
    let mut r = original.unwrap_or(Resource {
        id: String::new(),
        name: String::new(),
        kind: String::new(),
        contact: String::new(),
        hours: String::new(),
        confidentiality: String::new(),
        description: String::new(),
        helps_with: Vec::new(),
        crisis: false,
        retired: false,
    });
    if editing {
        console.say(&format!("Editing {}: Enter keeps each value.", r.name))?;
    } else {
        console.say("New resource: one field at a time.")?;
        text(
            console,
            "Id",
            "lower-case letters, digits and dashes, never changed later",
            &mut r.id,
        )?;
    }
    text(console, "Name", "as people know it", &mut r.name)?;
    text(
        console,
        "Kind",
        "for example counselling, peer support, crisis line",
        &mut r.kind,
    )?;
    text(
        console,
        "Contact",
        "a number, address or place",
        &mut r.contact,
    )?;
    text(console, "Hours", "when it answers", &mut r.hours)?;
    text(
        console,
        "Confidentiality",
        "what it keeps to itself",
        &mut r.confidentiality,
    )?;
    text(
        console,
        "Description",
        "a sentence or two",
        &mut r.description,
    )?;
    let catalog = StressorCatalog::builtin();
    let ticked: Vec<String> = catalog
        .categories
        .iter()
        .enumerate()
        .filter(|(_, c)| r.helps_with(&c.id))
        .map(|(i, c)| format!("{} {}", i + 1, c.title))
        .collect();
    let listed: Vec<String> = catalog
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{} {}", i + 1, c.title))
        .collect();
    console.say(&format!(
        "Stressors it may help with: {}.",
        listed.join(", ")
    ))?;
    let now = if ticked.is_empty() {
        "none".to_string()
    } else {
        ticked.join(", ")
    };
    if let Some(answer) = console.field(
        "Helps with",
        "numbers from the list, separated by commas, or none",
        &now,
    )? {
        if answer.eq_ignore_ascii_case("none") {
            r.helps_with.clear();
        } else {
            let mut chosen = Vec::new();
            for word in answer.split([',', ' ']).filter(|w| !w.is_empty()) {
                match word.parse::<usize>() {
                    Ok(n) if (1..=catalog.categories.len()).contains(&n) => {
                        chosen.push(catalog.categories[n - 1].id.clone());
                    }
                    _ => {
                        return console.say(&format!(
                            "{word} is not one of the numbers; nothing was saved."
                        ));
                    }
                }
            }
            r.helps_with = chosen;
        }
    }
    r.crisis = console.confirm(&format!(
        "Is it a crisis line (read on help-now, never a referral target)? Now: {}.",
        if r.crisis { "yes" } else { "no" }
    ))?;
    if let Err(problem) = r.validate(&catalog) {
        return console.say(&format!("Not saved: {problem}."));
    }
    let question = if editing {
        format!("Save your changes to {}?", r.name)
    } else {
        format!("Add {} to the catalog?", r.name)
    };
    if !console.confirm(&question)? {
        return console.say("Nothing was saved.");
    }
    let saved = if editing {
        desk.session
            .put_resource(&r)
            .map(|_| format!("Saved your changes to {}.", r.name))
    } else {
        desk.session
            .add_resource(&r)
            .map(|()| format!("Added {} to the catalog.", r.name))
    };
    match saved {
        Ok(news) => console.say(&news),
        Err(e) => console.say(&format!("Not saved: {}.", calm(e))),
    }
}
