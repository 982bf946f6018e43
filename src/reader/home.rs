//! The home of the role on screen, read in a fixed order: who is signed in, then each section
//! with its count and numbered items, then the commands the role has.

use super::console::{Console, Step, Stop};
use super::{
    Desk, accounts, calm, care, figures, inbox, mentors, prompts, referrals, selfcheck, upkeep,
};
use crate::desk::{HomePage, HomePanel};
use crate::domain::Role;
use crate::domain::prompt::Audience;
use crate::policy::{self, Action};

/// How many items of each section the home reads; the section's own list reads them all.
const HOME_ITEMS: usize = 5;

/// The home, again and again, until the person locks or quits.
pub(super) fn run(console: &mut Console, desk: &mut Desk) -> Step<()> {
    loop {
        let page = match desk.session.home_page(desk.role, desk.today()) {
            Ok(page) => Some(page),
            Err(e) => {
                console.say(&format!("The home could not be read: {}.", calm(e)))?;
                None
            }
        };
        read_home(console, desk, page.as_ref())?;
        let commands = commands(desk);
        let chosen = console.choose(&commands)?;
        let result = match chosen.as_str() {
            "home" => Ok(()),
            "prompts" => prompts::list(console, desk),
            "today" => care::today(console, desk),
            "people" => care::people(console, desk),
            "queue" => referrals::queue(console, desk),
            "self-check" => selfcheck::take(console, desk),
            "my-checks" => selfcheck::mine(console, desk),
            "my-records" => selfcheck::my_records(console, desk),
            "refer-myself" => referrals::self_refer(console, desk),
            "my-referrals" => referrals::mine(console, desk),
            "resources" => referrals::resources(console, desk),
            "report" => figures::report(console, desk),
            "settings" => figures::settings(console, desk),
            "accounts" => accounts::list(console, desk),
            "inbox" => inbox::inbox(console, desk),
            "audit" => upkeep::audit(console, desk),
            "upkeep" => upkeep::upkeep(console, desk),
            "mentors" => mentors::board(console, desk),
            "role" => switch_role(console, desk),
            "preferences" => preferences(console, desk),
            "help" => console.help_now(),
            "lock" => return Err(Stop::Lock),
            "quit" => {
                if console.confirm("Quit steady?")? {
                    return Err(Stop::Quit);
                }
                Ok(())
            }
            _ => Ok(()),
        };
        match result {
            Err(Stop::Cancel) => console.say("Back at the home.")?,
            other => other?,
        }
    }
}

/// The commands the role on screen has, by the policy table.
fn commands(desk: &Desk) -> Vec<(&'static str, &'static str)> {
    let roles = crate::domain::Roles::new([desk.role]);
    let holds = |action| policy::holds(&roles, action);
    let mut out = vec![("home", "read the home again")];
    if holds(Action::ReceivePrompts) {
        out.push(("prompts", "the prompts for you"));
    }
    if holds(Action::RecordCheckin) {
        out.push(("today", "follow-ups and people not seen lately"));
    }
    if desk.role != Role::Employee {
        out.push(("people", "your people"));
    }
    if holds(Action::WorkReferrals) {
        out.push(("queue", "the referral queue"));
    }
    if holds(Action::ViewResources) {
        out.push(("resources", "the resources"));
    }
    if holds(Action::RunReport) {
        out.push(("report", "the engagement report, row by row"));
    }
    if holds(Action::ConfigureVault) {
        out.push(("settings", "the vault settings"));
    }
    if holds(Action::ManageAccounts) {
        out.push((
            "accounts",
            "accounts, roles, SSH keys and passphrase resets",
        ));
    }
    if holds(Action::AssignMentor) {
        out.push(("mentors", "pair people with mentors"));
    }
    if holds(Action::ViewAudit) {
        out.push(("audit", "the audit log, and checking it"));
    }
    if holds(Action::Rekey) {
        out.push(("upkeep", "rules check, purge dry run, rekey"));
    }
    // Reading another's shared self-check, the policy table's rule (coordinators).
    if policy::permits(&roles, Action::ReadSelfCheck, policy::Relation::default()) {
        out.push(("inbox", "self-checks shared with you"));
    }
    // One's own: for whoever holds the employee role, whichever role is on screen.
    if desk.session.account().roles.contains(Role::Employee) {
        out.push(("self-check", "take a self-check"));
        out.push(("my-checks", "your past self-checks"));
        out.push(("my-records", "what is recorded about you"));
    }
    if desk.role == Role::Employee {
        out.push(("my-referrals", "referrals about you, and your consent"));
        out.push(("refer-myself", "ask for a referral for yourself"));
    }
    if desk.session.account().roles.iter().count() > 1 {
        out.push(("role", "switch role"));
    }
    out.push(("preferences", "how steady starts for you"));
    out.push(("help", "crisis lines"));
    out.push(("lock", "lock and log out"));
    out.push(("quit", "leave steady"));
    out
}

fn switch_role(console: &mut Console, desk: &mut Desk) -> Step<()> {
    let roles: Vec<Role> = desk
        .session
        .account()
        .roles
        .iter()
        .filter(|r| *r != Role::Operator)
        .collect();
    let words: Vec<(&str, &str)> = roles.iter().map(|r| (r.as_str(), "role")).collect();
    let chosen = console.choose(&words)?;
    if let Some(role) = roles.iter().find(|r| r.as_str() == chosen) {
        desk.role = *role;
    }
    Ok(())
}

/// One's preference for later logins, read and changed through the desk (audited).
fn preferences(console: &mut Console, desk: &mut Desk) -> Step<()> {
    let now = match desk.session.screen_reader_preference() {
        Ok(now) => now,
        Err(e) => return console.say(&format!("Your preferences could not be read: {}.", calm(e))),
    };
    console.say(&format!(
        "Screen-reader mode at every later login: {}.",
        if now { "on" } else { "off" }
    ))?;
    let question = if now {
        "Turn it off, so later logins open the full-screen app?"
    } else {
        "Turn it on, so later logins start in this mode (over SSH at once; on this computer, start steady with --screen-reader)?"
    };
    if !console.confirm(question)? {
        return console.say("Unchanged.");
    }
    match desk.session.set_screen_reader_preference(!now) {
        Ok(()) => console.say(&format!(
            "Saved: screen-reader mode at later logins is {}.",
            if now { "off" } else { "on" }
        )),
        Err(e) => console.say(&format!("Not saved: {}.", calm(e))),
    }
}

/// Who is signed in: name, employee id, role.
fn signed_in(desk: &Desk) -> String {
    let account = desk.session.account();
    match &account.person_id {
        Some(id) => {
            let name = desk
                .session
                .person(id)
                .map(|v| v.person.name)
                .unwrap_or_else(|_| account.login.clone());
            format!(
                "Signed in: {name}, employee id {id}, role {}.",
                desk.role.as_str()
            )
        }
        None => format!(
            "Signed in: {}, no employee id, role {}.",
            account.login,
            desk.role.as_str()
        ),
    }
}

fn read_home(console: &mut Console, desk: &Desk, page: Option<&HomePage>) -> Step<()> {
    console.say(&format!("Home, {}.", desk.role.as_str()))?;
    console.say(&signed_in(desk))?;
    let Some(page) = page else {
        return Ok(());
    };
    if let Some(prompts) = &page.prompts {
        let mine: Vec<_> = prompts
            .iter()
            .filter(|p| prompts::for_role(p, desk.role))
            .filter(|p| p.response.is_none())
            .collect();
        let label = match desk.role {
            Role::Coordinator => "Prompts about referrals",
            _ => "Prompts for your people",
        };
        console.say(&format!("{label}: {}.", mine.len()))?;
        for (i, p) in mine.iter().take(HOME_ITEMS).enumerate() {
            console.say(&format!(
                "{} of {}, {}",
                i + 1,
                mine.len(),
                prompts::summary(p)
            ))?;
        }
        if mine.len() > HOME_ITEMS {
            console.say("The rest are in prompts.")?;
        }
    }
    match &page.panel {
        Some(HomePanel::Today {
            follow_ups,
            not_seen,
        }) => {
            console.say(&format!("Follow-ups due: {}.", follow_ups.len()))?;
            for (i, f) in follow_ups.iter().take(HOME_ITEMS).enumerate() {
                console.say(&format!(
                    "{} of {}: {}, due {}.",
                    i + 1,
                    follow_ups.len(),
                    f.person.name,
                    super::day(f.due_on)
                ))?;
            }
            console.say(&format!("Not seen lately: {}.", not_seen.len()))?;
            for (i, n) in not_seen.iter().take(HOME_ITEMS).enumerate() {
                console.say(&format!(
                    "{} of {}: {}, {}.",
                    i + 1,
                    not_seen.len(),
                    n.person.name,
                    n.last_checkin_on.map_or_else(
                        || "never checked in with".to_string(),
                        |d| format!("last check-in {}", super::day(d))
                    )
                ))?;
            }
            if follow_ups.len() > HOME_ITEMS || not_seen.len() > HOME_ITEMS {
                console.say("The rest are in today.")?;
            }
        }
        Some(HomePanel::Queue(items)) => {
            console.say(&format!("Referral queue: {}.", items.len()))?;
            for (i, item) in items.iter().take(HOME_ITEMS).enumerate() {
                console.say(&format!(
                    "{} of {}: {}",
                    i + 1,
                    items.len(),
                    referrals::queue_line(item)
                ))?;
            }
            if items.len() > HOME_ITEMS {
                console.say("The rest are in queue.")?;
            }
        }
        None => {}
    }
    if let Some(inbox) = page.inbox
        && desk.role == Role::Coordinator
    {
        console.say(&match (inbox.shared, inbox.new) {
            (0, _) => "Self-checks shared with you: none yet.".to_string(),
            (shared, 0) => {
                format!("Self-checks shared with you: {shared}, none new; inbox reads them.")
            }
            (shared, new) => format!(
                "Self-checks shared with you: {shared}, {new} new to you; inbox reads them."
            ),
        })?;
    }
    if let Some(own) = &page.own {
        console.say(&format!("For you: {}.", own.len()))?;
        for (i, o) in own.iter().enumerate() {
            console.say(&format!(
                "{} of {}: {}. {}",
                i + 1,
                own.len(),
                o.title,
                o.explanation
            ))?;
            if !o.suggested.is_empty() {
                console.say(&format!("Might help: {}.", o.suggested.join("; ")))?;
            }
        }
    }
    Ok(())
}

/// Whether a prompt's audience is the role's own.
pub(super) fn audience_is(role: Role, audience: &Audience) -> bool {
    matches!(
        (role, audience),
        (Role::Supervisor, Audience::Chain)
            | (Role::Mentor, Audience::Mentor(_))
            | (Role::Coordinator, Audience::Coordinator)
    )
}
