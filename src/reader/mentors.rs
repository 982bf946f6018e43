//! Mentor pairing, for admins, as the full-screen page offers it: the roster (narrowed by
//! words) with each person's mentors; a person paired with an account holding the mentor
//! role, or a pairing ended after a yes. The desk checks and audits both.

use super::console::{Console, Picked, Step};
use super::{Desk, calm};
use crate::desk::MentorBoard;

fn person_line(board: &MentorBoard, i: usize) -> String {
    let p = &board.people[i];
    let mentors: Vec<String> = board
        .mentors_of(&p.employee_id)
        .iter()
        .map(|m| board.mentor_label(m))
        .collect();
    format!(
        "{}, employee id {}, {}: {}.",
        p.name,
        p.employee_id,
        p.unit,
        if mentors.is_empty() {
            "no mentor".to_string()
        } else {
            format!("mentored by {}", mentors.join(" and "))
        }
    )
}

pub(super) fn board(console: &mut Console, desk: &mut Desk) -> Step<()> {
    let mut filter = String::new();
    loop {
        let board = match desk.session.mentor_board() {
            Ok(board) => board,
            Err(e) => return console.say(&format!("The pairings could not be read: {}.", calm(e))),
        };
        let words: Vec<String> = filter.split_whitespace().map(str::to_lowercase).collect();
        let shown: Vec<usize> = (0..board.people.len())
            .filter(|i| {
                let p = &board.people[*i];
                let hay = format!("{} {} {}", p.name, p.employee_id, p.unit).to_lowercase();
                words.iter().all(|w| hay.contains(w.as_str()))
            })
            .collect();
        let lines: Vec<String> = shown.iter().map(|i| person_line(&board, *i)).collect();
        let title = if filter.is_empty() {
            "Mentor pairings".to_string()
        } else {
            format!("Mentor pairings matching {filter}")
        };
        match console.list(&title, &lines, &[("filter", "narrow by name, id or unit")])? {
            Picked::Item(i) => one(console, desk, &board, shown[i])?,
            Picked::Command(word) if word == "filter" => {
                filter = console.ask("Filter (Enter for everyone):")?;
            }
            Picked::Command(_) => return Ok(()),
        }
    }
}

fn one(console: &mut Console, desk: &mut Desk, board: &MentorBoard, at: usize) -> Step<()> {
    let person = &board.people[at];
    console.say(&person_line(board, at))?;
    let theirs: Vec<String> = board
        .mentors_of(&person.employee_id)
        .iter()
        .map(|m| m.to_string())
        .collect();
    let mut commands = vec![("pair", "pair with a mentor")];
    if !theirs.is_empty() {
        commands.push(("end", "end a pairing"));
    }
    commands.push(("back", "the pairings"));
    match console.choose(&commands)?.as_str() {
        "pair" => {
            let free: Vec<&(String, Option<String>)> = board
                .mentors
                .iter()
                .filter(|(login, _)| !theirs.contains(login))
                .collect();
            let lines: Vec<String> = free
                .iter()
                .map(|(login, _)| format!("{}.", board.mentor_label(login)))
                .collect();
            let Picked::Item(i) = console.list("Accounts holding the mentor role", &lines, &[])?
            else {
                return Ok(());
            };
            let login = &free[i].0;
            let label = board.mentor_label(login);
            match desk.session.assign_mentor(login, &person.employee_id) {
                Ok(()) => console.say(&format!("{label} now mentors {}.", person.name)),
                Err(e) => console.say(&format!("Not paired: {}.", calm(e))),
            }
        }
        "end" => {
            let lines: Vec<String> = theirs
                .iter()
                .map(|login| format!("{}.", board.mentor_label(login)))
                .collect();
            let Picked::Item(i) = console.list("Their mentors", &lines, &[])? else {
                return Ok(());
            };
            let login = &theirs[i];
            let label = board.mentor_label(login);
            if !console.confirm(&format!(
                "End the pairing of {} with {label}? They stop seeing {}'s mentoring prompts; their check-ins stay.",
                person.name, person.name
            ))? {
                return console.say("Unchanged.");
            }
            match desk.session.unassign_mentor(login, &person.employee_id) {
                Ok(()) => console.say(&format!("{label} no longer mentors {}.", person.name)),
                Err(e) => console.say(&format!("Not ended: {}.", calm(e))),
            }
        }
        _ => Ok(()),
    }
}
