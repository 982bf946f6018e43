use ratatui::crossterm::event::KeyCode;

use super::*;
use crate::desk::VaultPaths;
use crate::domain::{Role, Roles};
use crate::tui::tests::{key, render};
use crate::tui::workflow_tests::{
    ADMIN, COORDINATOR, EMPLOYEE, SUPERVISOR, Workflow, paths_of, unlock, workflow,
};
use crate::vault::Passphrase;

const MENTOR: (&str, &str) = ("j.lin", "mentor passphrase");

fn page(w: &Workflow) -> &Mentors {
    w.top()
        .and_then(|v| v.page::<Mentors>())
        .unwrap_or_else(|| panic!("not on mentors: {}", w.text()))
}

/// Lin (E3) holds the mentor role.
fn with_a_mentor(paths: &VaultPaths) {
    let mut admin = unlock(paths, ADMIN);
    admin
        .add_account_with(
            MENTOR.0,
            Roles::new([Role::Mentor, Role::Employee]),
            Some("E3"),
            Some(Passphrase::new(MENTOR.1)),
        )
        .unwrap();
}

fn mentors_of(w: &Workflow, employee: &str) -> Vec<String> {
    unlock(&paths_of(w), ADMIN)
        .person(employee)
        .unwrap()
        .mentors
}

#[test]
fn an_admin_pairs_a_mentor_by_name_and_ends_the_pairing_after_saying_yes() {
    let mut w = workflow(with_a_mentor);
    w.log_in(ADMIN);
    w.press(key(KeyCode::Char('M')));
    assert!(w.flat().contains("Mentors — 0 pairings"), "{}", w.flat());
    // The roster is filtered by words of a name, in any order.
    w.press(key(KeyCode::Char('/')));
    w.type_text("teodoro black");
    w.press(key(KeyCode::Enter));
    assert_eq!(page(&w).shown.len(), 1);
    assert!(
        w.text().contains("▶ Blackwood, Teodoro (E2)"),
        "{}",
        w.text()
    );
    assert!(w.flat().contains("no mentor"));

    // a: the mentors to choose from, by name.
    w.press(key(KeyCode::Char('a')));
    let flat = w.flat();
    assert!(
        flat.contains("Who will mentor Blackwood, Teodoro?"),
        "{flat}"
    );
    assert!(flat.contains("▶ Lin, Jo (j.lin)"), "{flat}");
    insta::assert_snapshot!("mentors_pick_80x24", render(&w.app.state).backend());
    w.press(key(KeyCode::Enter));
    assert!(
        w.flat()
            .contains("Lin, Jo (j.lin) now mentors Blackwood, Teodoro."),
        "{}",
        w.flat()
    );
    assert!(w.flat().contains("mentor: Lin, Jo (j.lin)"), "{}", w.flat());
    assert_eq!(mentors_of(&w, "E2"), ["j.lin"]);
    let admin = unlock(&paths_of(&w), ADMIN);
    assert!(
        admin
            .audit_entries(2)
            .unwrap()
            .iter()
            .any(|e| e.action == "mentor.assign"
                && e.subject == "E2"
                && e.detail == "mentor j.lin")
    );
    insta::assert_snapshot!("mentors_80x24", render(&w.app.state).backend());
    w.resize(120, 36);
    w.press(key(KeyCode::Esc)); // clears the filter: everyone, Blackwood still selected
    assert_eq!(page(&w).shown.len(), 6);
    assert!(
        w.text().contains("▶ Blackwood, Teodoro (E2)"),
        "{}",
        w.text()
    );
    insta::assert_snapshot!("mentors_120x36", render(&w.app.state).backend());

    // Pairing again is not offered: every mentor already mentors them.
    w.press(key(KeyCode::Char('a')));
    assert!(
        w.flat()
            .contains("Every mentor already mentors Blackwood, Teodoro."),
        "{}",
        w.flat()
    );

    // u: which pairing ends, then a yes; "no" keeps it.
    w.press(key(KeyCode::Char('u')));
    w.press(key(KeyCode::Enter));
    assert!(
        w.flat()
            .contains("End the pairing of Blackwood, Teodoro with Lin, Jo (j.lin)?"),
        "{}",
        w.flat()
    );
    w.press(key(KeyCode::Char('n')));
    assert_eq!(mentors_of(&w, "E2"), ["j.lin"]);
    w.press(key(KeyCode::Char('u')));
    w.press(key(KeyCode::Enter));
    w.press(key(KeyCode::Char('y')));
    assert!(
        w.flat()
            .contains("Lin, Jo (j.lin) no longer mentors Blackwood, Teodoro."),
        "{}",
        w.flat()
    );
    assert!(mentors_of(&w, "E2").is_empty());
    let admin = unlock(&paths_of(&w), ADMIN);
    assert!(
        admin
            .audit_entries(2)
            .unwrap()
            .iter()
            .any(|e| e.action == "mentor.unassign" && e.subject == "E2")
    );
    // Nothing to end now.
    w.press(key(KeyCode::Char('u')));
    assert!(
        w.flat()
            .contains("Blackwood, Teodoro has no mentor to unpair."),
        "{}",
        w.flat()
    );
}

#[test]
fn only_admins_are_offered_pairing_and_the_desk_refuses_the_rest() {
    for who in [SUPERVISOR, COORDINATOR, EMPLOYEE] {
        let mut w = workflow(with_a_mentor);
        w.log_in(who);
        w.press(key(KeyCode::Char('M')));
        assert!(w.top().is_none(), "{} opened: {}", who.0, w.text());
        let mut session = unlock(&paths_of(&w), who);
        let denied =
            |e: Option<crate::desk::Error>| matches!(e, Some(crate::desk::Error::Denied(_)));
        assert!(denied(session.mentor_board().err()), "{}", who.0);
        assert!(
            denied(session.assign_mentor(MENTOR.0, "E2").err()),
            "{}",
            who.0
        );
    }
    // Nor may the mentor pair themselves with someone.
    let w = workflow(with_a_mentor);
    let mut mentor = unlock(&paths_of(&w), MENTOR);
    assert!(matches!(
        mentor.assign_mentor(MENTOR.0, "E2"),
        Err(crate::desk::Error::Denied(_))
    ));
}

#[test]
fn the_person_found_stays_selected_when_the_filter_is_cleared() {
    let mut w = workflow(with_a_mentor);
    w.log_in(ADMIN);
    w.press(key(KeyCode::Char('M')));
    w.press(key(KeyCode::Char('/')));
    w.type_text("okafor");
    w.press(key(KeyCode::Enter));
    assert_eq!(page(&w).shown.len(), 1);
    w.press(key(KeyCode::Esc));
    assert_eq!(page(&w).shown.len(), 6);
    assert!(w.text().contains("▶ Okafor, Rita (E4)"), "{}", w.text());
}
