//! An admin's accounts, as the full-screen Accounts page offers them: the list with names,
//! roles, state and SSH keys; adding an account and reading its one-time passphrase once;
//! changing roles; disabling after a yes/no; SSH keys pasted as text or removed; resetting a
//! forgotten passphrase after the plain warning. One desk call per step.

use super::console::{Console, Picked, Step, Stop};
use super::{Desk, calm};
use crate::desk::{AccountView, NewAccount};
use crate::domain::Roles;

/// Said under every one-time passphrase, as the full-screen page says it.
const PASS_IT_ON: &str =
    "Pass this on privately. It is shown only now; they choose their own at first login.";

/// "coordinator and employee", as the roles are said.
fn roles_words(roles: &Roles) -> String {
    let all: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
    match all.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => all.join(""),
    }
}

fn account_line(a: &AccountView) -> String {
    let who = match (&a.name, &a.person_id) {
        (Some(name), Some(id)) => format!("{name}, employee id {id}"),
        (None, Some(id)) => format!("employee id {id}"),
        _ => "no roster person".to_string(),
    };
    let keys = match a.ssh_keys {
        0 => "no SSH keys".to_string(),
        1 => "1 SSH key".to_string(),
        n => format!("{n} SSH keys"),
    };
    format!(
        "{}, {who}, roles {}, {}, {keys}.",
        a.login,
        roles_words(&a.roles),
        a.state()
    )
}

pub(super) fn list(console: &mut Console, desk: &mut Desk) -> Step<()> {
    let mut filter = String::new();
    loop {
        let all = match desk.session.account_overview() {
            Ok(all) => all,
            Err(e) => return console.say(&format!("The accounts could not be read: {}.", calm(e))),
        };
        // Words in any order, each found in the account's line (login, name, id, roles, state).
        let words: Vec<String> = filter.split_whitespace().map(str::to_lowercase).collect();
        let shown: Vec<&AccountView> = all
            .iter()
            .filter(|a| {
                let hay = account_line(a).to_lowercase();
                words.iter().all(|w| hay.contains(w.as_str()))
            })
            .collect();
        let lines: Vec<String> = shown.iter().map(|a| account_line(a)).collect();
        let title = if filter.is_empty() {
            "Accounts".to_string()
        } else {
            format!("Accounts matching {filter}")
        };
        let extra = [
            ("add", "add an account"),
            ("filter", "narrow by login, name, role or state"),
        ];
        let result = match console.list(&title, &lines, &extra)? {
            Picked::Item(i) => one(console, desk, shown[i]),
            Picked::Command(word) if word == "add" => add(console, desk),
            Picked::Command(word) if word == "filter" => {
                filter = console.ask("Filter, words in any order (Enter for all):")?;
                Ok(())
            }
            Picked::Command(_) => return Ok(()),
        };
        match result {
            Err(Stop::Cancel) => console.say("Left; nothing was changed.")?,
            other => other?,
        }
    }
}

fn one_time(console: &mut Console, heading: &str, account: &NewAccount) -> Step<()> {
    console.say(heading)?;
    console.say(&format!(
        "One-time passphrase for {}: {}",
        account.login,
        account.one_time_passphrase.expose()
    ))?;
    console.say(PASS_IT_ON)
}

fn add(console: &mut Console, desk: &mut Desk) -> Step<()> {
    console.say("New account. A one-time passphrase is shown once when the account is made; they choose their own at first login.")?;
    let login = loop {
        let login = console.ask("Login name (letters, digits, dot, dash; cancel leaves):")?;
        if login.eq_ignore_ascii_case("cancel") {
            return Err(Stop::Cancel);
        }
        if !login.is_empty() {
            break login;
        }
    };
    let roles = ask_roles(console, None)?;
    let person = console.ask(
        "Employee id of the roster person (needed for supervisor and employee; Enter for none):",
    )?;
    if person.eq_ignore_ascii_case("cancel") {
        return Err(Stop::Cancel);
    }
    let person = (!person.is_empty()).then_some(person);
    let who = match &person {
        Some(id) => match desk.session.person(id) {
            Ok(view) => format!(" for {}", view.person.name),
            Err(e) => {
                return console.say(&format!("That employee id cannot be used: {}.", calm(e)));
            }
        },
        None => String::new(),
    };
    if !console.confirm(&format!(
        "Add {login}{who} with roles {}?",
        roles_words(&roles)
    ))? {
        return console.say("Nothing was created.");
    }
    console.say("Working… making the account's keys.")?;
    match desk
        .session
        .add_account(&login, roles.clone(), person.as_deref())
    {
        Ok(account) => one_time(
            console,
            &format!(
                "Added: {}{who}, roles {}.",
                account.login,
                roles_words(&roles)
            ),
            &account,
        ),
        Err(e) => console.say(&format!("Not added: {}.", calm(e))),
    }
}

/// Roles, asked until they read as roles; Enter keeps `now` where there is one.
fn ask_roles(console: &mut Console, now: Option<&Roles>) -> Step<Roles> {
    loop {
        let allowed = "admin, supervisor, mentor, coordinator, employee; several with commas";
        let answer = match now {
            Some(now) => match console.field("Roles", allowed, &now.to_string())? {
                None => return Ok(now.clone()),
                Some(answer) => answer,
            },
            None => {
                let answer = console.ask(&format!("Roles ({allowed}):"))?;
                if answer.eq_ignore_ascii_case("cancel") {
                    return Err(Stop::Cancel);
                }
                answer
            }
        };
        match answer.parse::<Roles>() {
            Ok(roles) if !roles.is_empty() => return Ok(roles),
            _ => console.say("Those are not roles steady knows. Try again.")?,
        }
    }
}

fn one(console: &mut Console, desk: &mut Desk, account: &AccountView) -> Step<()> {
    console.say(&account_line(account))?;
    let own = account.login == desk.session.account().login;
    let mut commands = Vec::new();
    if !account.disabled {
        commands.push(("roles", "change the roles"));
        commands.push(("keys", "SSH keys: add or remove"));
    }
    if !account.disabled && !own {
        commands.push(("disable", "disable this account"));
        commands.push(("reset", "reset a forgotten passphrase"));
    }
    commands.push(("back", "the accounts"));
    match console.choose(&commands)?.as_str() {
        "roles" => roles(console, desk, account),
        "keys" => keys(console, desk, &account.login),
        "disable" => disable(console, desk, &account.login),
        "reset" => reset(console, desk, &account.login),
        _ => Ok(()),
    }
}

fn roles(console: &mut Console, desk: &mut Desk, account: &AccountView) -> Step<()> {
    let to = ask_roles(console, Some(&account.roles))?;
    if to == account.roles {
        return console.say("Unchanged.");
    }
    if !console.confirm(&format!(
        "Give {} the roles {to} (now {})?",
        account.login, account.roles
    ))? {
        return console.say("Unchanged.");
    }
    match desk.session.set_account_roles(&account.login, to) {
        Ok(change) => {
            console.say(&format!(
                "Saved: {} now holds {} (was {}).",
                change.login,
                roles_words(&change.to),
                roles_words(&change.from)
            ))?;
            for note in &change.notes {
                console.say(note)?;
            }
            Ok(())
        }
        Err(e) => console.say(&format!("Not saved: {}.", calm(e))),
    }
}

fn disable(console: &mut Console, desk: &mut Desk, login: &str) -> Step<()> {
    if !console.confirm(&format!(
        "Disable {login}? They can no longer log in, and their SSH keys are removed. Rekey afterwards (upkeep, then rekey) so a copied key stops working."
    ))? {
        return console.say("Unchanged.");
    }
    match desk.session.disable_account(login) {
        Ok(()) => console.say(&format!("Disabled: {login} can no longer log in.")),
        Err(e) => console.say(&format!("Not disabled: {}.", calm(e))),
    }
}

fn reset(console: &mut Console, desk: &mut Desk, login: &str) -> Step<()> {
    if !console.confirm(&format!(
        "Reset {login}'s passphrase? Their self-checks that were not shared were sealed to their old key and cannot be recovered; shared ones stay readable by coordinators. They get a new one-time passphrase and choose their own at their next login."
    ))? {
        return console.say("Unchanged.");
    }
    console.say("Working… making new keys.")?;
    match desk.session.reset_passphrase(login) {
        Ok(account) => {
            one_time(console, &format!("Passphrase reset for {login}."), &account)?;
            console.say("Their first login makes new keys. Self-checks they had not shared could not be kept.")
        }
        Err(e) => console.say(&format!("Not reset: {}.", calm(e))),
    }
}

fn keys(console: &mut Console, desk: &mut Desk, login: &str) -> Step<()> {
    loop {
        let keys = match desk.session.ssh_keys(Some(login)) {
            Ok(keys) => keys,
            Err(e) => return console.say(&format!("The keys could not be read: {}.", calm(e))),
        };
        console
            .say("A key lets this login reach steady over SSH; the passphrase is still asked.")?;
        let lines: Vec<String> = keys
            .iter()
            .map(|k| {
                format!(
                    "{} key {}{}, added {}{}.",
                    k.key_type,
                    k.fingerprint,
                    if k.comment.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", k.comment)
                    },
                    k.added,
                    if k.screen_reader {
                        ", opens in screen-reader mode"
                    } else {
                        ""
                    }
                )
            })
            .collect();
        let title = format!("SSH keys of {login}");
        match console.list(&title, &lines, &[("add", "paste a public key")])? {
            Picked::Item(i) => {
                let key = &keys[i];
                if !console.confirm(&format!(
                    "Remove the {} key {} from {login}? It no longer opens steady over SSH.",
                    key.key_type, key.fingerprint
                ))? {
                    console.say("Unchanged.")?;
                    continue;
                }
                match desk.session.remove_ssh_key(login, &key.fingerprint) {
                    Ok(()) => console.say(&format!("Removed the key {}.", key.fingerprint))?,
                    Err(e) => console.say(&format!("Not removed: {}.", calm(e)))?,
                }
            }
            Picked::Command(word) if word == "add" => {
                let line = console.ask(
                    "Paste the key's line (ssh-ed25519 AAAA… comment), then Enter; Enter alone leaves:",
                )?;
                if line.is_empty() {
                    continue;
                }
                match desk.session.add_ssh_key(login, &line) {
                    Ok(key) => console.say(&format!(
                        "Added the {} key {} for {login}.",
                        key.key_type, key.fingerprint
                    ))?,
                    Err(e) => console.say(&format!("Not added: {}.", calm(e)))?,
                }
            }
            Picked::Command(_) => return Ok(()),
        }
    }
}
