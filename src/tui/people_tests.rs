//! The people list's last check-in and next follow-up, driven by keys against a real vault:
//! what a supervisor may know of each person, and only that.

use ratatui::crossterm::event::{KeyCode, KeyModifiers};

use super::tests::{key, key_with};
use super::workflow_tests::{ADMIN, SUPERVISOR, checkin, day, paths_of, unlock, workflow};
use crate::desk::CheckinDraftInput;
use crate::domain::checkin::Visibility;
use crate::domain::{Role, Roles};
use crate::vault::Passphrase;

const MENTOR: (&str, &str) = ("p.mentor", "mentor passphrase");

/// The list row of `name`, as drawn.
fn row_of(text: &str, name: &str) -> String {
    text.lines()
        .find(|l| l.contains(name) && !l.contains("Check in with"))
        .unwrap_or_else(|| panic!("no row for {name}: {text}"))
        .to_string()
}

#[test]
fn the_people_list_shows_the_last_check_in_and_follow_up_the_supervisor_may_know() {
    let mut w = workflow(|paths| {
        let mut admin = unlock(paths, ADMIN);
        admin
            .add_account_with(
                MENTOR.0,
                Roles::new([Role::Mentor]),
                None,
                Some(Passphrase::new(MENTOR.1)),
            )
            .unwrap();
        admin.assign_mentor(MENTOR.0, "E3").unwrap();
        // Lin's mentor saw her privately last week: nothing her supervisor may know of.
        let mut mentor = unlock(paths, MENTOR);
        let private = CheckinDraftInput {
            visibility: Some(Visibility::Private),
            ..checkin("2026-06-24", 4, Vec::new(), "private words")
        };
        mentor.record_checkin("E3", private).unwrap();
        // Okafor's check-in by her own supervisor, shared up the chain, with a follow-up.
        let mut sup = unlock(paths, SUPERVISOR);
        let shared = CheckinDraftInput {
            follow_up_on: Some(day("2026-06-20")),
            ..checkin("2026-06-10", 3, Vec::new(), "")
        };
        sup.record_checkin("E4", shared).unwrap();
    });
    w.resize(100, 30);
    w.supervisor_on_blackwood();
    let text = w.text();
    assert!(
        text.contains("Last check-in") && text.contains("Next follow-up"),
        "{text}"
    );
    assert!(row_of(&text, "Lin, Jo").contains("none yet"), "{text}");
    assert!(
        !text.contains("24 Jun 2026"),
        "the private check-in shows: {text}"
    );
    let okafor = row_of(&text, "Okafor, Rita");
    assert!(
        okafor.contains("10 Jun 2026") && okafor.contains("was 20 Jun 2026"),
        "{okafor}"
    );
    assert!(row_of(&text, "Blackwood, Teodoro").contains("none yet"));

    // A check-in recorded now, with a follow-up, is on the list on coming home.
    w.press(key(KeyCode::Char('c')));
    w.press(key(KeyCode::Tab));
    w.press(key(KeyCode::Right));
    for _ in 0..3 {
        w.press(key(KeyCode::Tab));
    }
    w.type_text("2026-07-14");
    w.press(key_with(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(w.text().contains("Check-in saved"), "{}", w.text());
    let stored = unlock(&paths_of(&w), SUPERVISOR).checkins("E2").unwrap();
    assert_eq!(
        stored[0].follow_up_on,
        Some(day("2026-07-14")),
        "{stored:?}"
    );
    while w.top().is_some() {
        w.press(key(KeyCode::Esc));
    }
    let text = w.text();
    let blackwood = row_of(&text, "Blackwood, Teodoro");
    assert!(
        blackwood.contains("30 Jun 2026") && blackwood.contains("14 Jul 2026"),
        "{text}"
    );
    assert!(
        blackwood.contains('▶'),
        "the selection stays on Blackwood: {text}"
    );
}

/// The home footer keeps the section's main keys, locking and quitting, help-now and the
/// key list at every width; at 120 columns the figures too (they were dropped there).
#[test]
fn the_home_footer_keeps_lock_quit_and_figures_at_120_columns() {
    let mut w = workflow(|_| {});
    w.resize(120, 36);
    w.supervisor_on_blackwood();
    let text = w.text();
    let footer = text.lines().last().unwrap_or_default();
    for hint in [
        "Enter open",
        "c check-in",
        "f figures",
        "L lock",
        "q quit",
        "! help now",
        "? keys",
    ] {
        assert!(footer.contains(hint), "{hint}: {footer}");
    }
    w.resize(80, 24);
    let text = w.text();
    let footer = text.lines().last().unwrap_or_default();
    for hint in ["Enter open", "L lock", "q quit", "! help now", "? keys"] {
        assert!(footer.contains(hint), "{hint}: {footer}");
    }
}
