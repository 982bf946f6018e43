use ratatui::crossterm::event::KeyCode;

use super::*;
use crate::tui::tests::{key, render};
use crate::tui::workflow_tests::{ADMIN, EMPLOYEE, SUPERVISOR, paths_of, unlock, workflow};

fn page(w: &crate::tui::workflow_tests::Workflow) -> &Preferences {
    w.top()
        .and_then(|v| v.page::<Preferences>())
        .unwrap_or_else(|| panic!("not on preferences: {}", w.text()))
}

#[test]
fn the_preference_is_turned_on_after_a_yes_stored_and_audited() {
    let mut w = workflow(|_| {});
    w.log_in(EMPLOYEE);
    w.press(key(KeyCode::Char('P')));
    assert_eq!(page(&w).screen_reader, Loaded::Ready(false));
    let flat = w.flat();
    assert!(
        flat.contains("Screen-reader mode at later logins: off"),
        "{flat}"
    );
    assert!(
        flat.contains("your later logins over SSH start in plain lines"),
        "{flat}"
    );
    assert!(flat.contains("start steady --screen-reader"), "{flat}");
    w.resize(80, 24);
    insta::assert_snapshot!("preferences_80x24", render(&w.app.state).backend());
    w.resize(120, 36);
    insta::assert_snapshot!("preferences_120x36", render(&w.app.state).backend());
    // No without a yes: the question first, and "no" leaves it off.
    w.press(key(KeyCode::Char('t')));
    assert!(
        w.flat().contains("Turn the screen-reader mode on"),
        "{}",
        w.flat()
    );
    w.press(key(KeyCode::Char('n')));
    assert!(
        !unlock(&paths_of(&w), EMPLOYEE)
            .screen_reader_preference()
            .unwrap()
    );
    w.press(key(KeyCode::Char('t')));
    w.press(key(KeyCode::Char('y')));
    assert_eq!(page(&w).screen_reader, Loaded::Ready(true));
    assert!(
        w.flat().contains("Saved: the screen-reader mode is on"),
        "{}",
        w.flat()
    );
    assert!(
        unlock(&paths_of(&w), EMPLOYEE)
            .screen_reader_preference()
            .unwrap()
    );
    let entries = unlock(&paths_of(&w), ADMIN).audit_entries(5).unwrap();
    assert!(
        entries.iter().any(|e| e.actor == "t.blackwood"
            && e.action == "account.preference"
            && e.detail == "screen-reader mode on"),
        "{entries:?}"
    );
    // And off again, the key now saying so.
    assert!(w.text().contains("t turn it off"), "{}", w.text());
    w.press(key(KeyCode::Char('t')));
    w.press(key(KeyCode::Char('y')));
    assert!(
        !unlock(&paths_of(&w), EMPLOYEE)
            .screen_reader_preference()
            .unwrap()
    );
}

#[test]
fn every_person_role_is_offered_the_preferences_key() {
    for who in [ADMIN, SUPERVISOR] {
        let mut w = workflow(|_| {});
        w.log_in(who);
        w.press(key(KeyCode::Char('P')));
        assert!(
            w.top().and_then(|v| v.page::<Preferences>()).is_some(),
            "{}: {}",
            who.0,
            w.text()
        );
    }
}

/// The app over `w`'s vault as `steady` opens it on this computer: a login whose account
/// prefers the screen-reader mode is handed over.
fn local_app(w: &mut crate::tui::workflow_tests::Workflow, handoff: bool) {
    use crate::tui::tests::{NOW, clock_at};
    w.app = crate::tui::App::new(
        crate::desk::LockedVault::open(&paths_of(w)).unwrap(),
        &crate::tui::TuiOptions {
            reader_handoff: handoff,
            ..crate::tui::TuiOptions::default()
        },
        crate::tui::theme::Theme::MONOCHROME,
        clock_at(NOW),
        ratatui::layout::Size::new(80, 24),
    );
}

fn type_login(w: &mut crate::tui::workflow_tests::Workflow, (login, passphrase): (&str, &str)) {
    w.type_text(login);
    w.press(key(KeyCode::Tab));
    w.type_text(passphrase);
    w.press(key(KeyCode::Enter));
}

#[test]
fn a_local_login_that_prefers_the_reader_ends_the_full_screen_with_its_session() {
    let mut w = workflow(|paths| {
        unlock(paths, EMPLOYEE)
            .set_screen_reader_preference(true)
            .unwrap();
    });
    local_app(&mut w, true);
    type_login(&mut w, EMPLOYEE);
    assert!(w.app.state.quit, "{}", w.text());
    let session = w
        .app
        .effects
        .take_handed_off()
        .expect("the session handed over");
    assert_eq!(session.login(), "t.blackwood");
    // It is the same unlocked session: the desk answers through it.
    assert!(session.screen_reader_preference().unwrap());
    // Someone who does not prefer it stays in the full screen, nothing handed over.
    let mut w = workflow(|_| {});
    local_app(&mut w, true);
    type_login(&mut w, SUPERVISOR);
    assert!(!w.app.state.quit);
    assert!(w.app.effects.take_handed_off().is_none());
    assert!(w.app.shown().is_signed_in());
}

#[test]
fn without_the_handoff_the_preference_keeps_the_full_screen() {
    // Over SSH the key's forced command chose the mode; the app never hands over there.
    let mut w = workflow(|paths| {
        unlock(paths, EMPLOYEE)
            .set_screen_reader_preference(true)
            .unwrap();
    });
    local_app(&mut w, false);
    type_login(&mut w, EMPLOYEE);
    assert!(!w.app.state.quit);
    assert!(w.app.effects.take_handed_off().is_none());
    assert!(w.app.shown().is_signed_in());
}
