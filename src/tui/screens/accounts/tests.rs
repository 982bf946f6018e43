//! The admin's accounts, driven by keys against a real vault: what each job stores and
//! audits, the one-time passphrase shown once, and that no other role reaches any of it.

use ratatui::crossterm::event::{KeyCode, KeyModifiers};

use super::*;
use crate::desk::{Passphrase, Session};
use crate::domain::{Role, Roles};
use crate::tui::state::Screen;
use crate::tui::tests::{key, key_with, render};
use crate::tui::workflow_tests::{
    ADMIN, COORDINATOR, EMPLOYEE, SUPERVISOR, Workflow, paths_of, unlock, workflow,
};

/// Made with `ssh-keygen -t ed25519 -C alice@laptop` (as in `domain::ssh_key`).
const KEY_LINE: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGmz/LLOf7xJoad60LBCcThcLCbk11wTKVtvLxn3AUCj alice@laptop";
const FINGERPRINT: &str = "SHA256:MQGMab9PNeks4A61Kcrdl6m6lIeMB64ljFDDaA+l0OM";

fn ctrl(c: char) -> ratatui::crossterm::event::Event {
    key_with(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// The admin on the Accounts page, with the list loaded.
fn admin_on_accounts() -> Workflow {
    let mut w = workflow(|_| {});
    w.log_in(ADMIN);
    w.press(key(KeyCode::Char('A')));
    assert!(
        w.top().is_some_and(|v| v.page::<Accounts>().is_some()),
        "{}",
        w.text()
    );
    w
}

/// Filters the list down to `words` and keeps the filter.
fn select(w: &mut Workflow, words: &str) {
    w.press(key(KeyCode::Char('/')));
    w.press(ctrl('u'));
    w.type_text(words);
    w.press(key(KeyCode::Enter));
}

/// The one-time passphrase on screen (four groups of five, joined by '-').
fn passphrase_on_screen(w: &Workflow) -> String {
    w.text()
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .find(|word| {
            word.len() == 23
                && word.split('-').count() == 4
                && word.split('-').all(|g| g.len() == 5)
        })
        .unwrap_or_else(|| panic!("no one-time passphrase on screen:\n{}", w.text()))
        .to_string()
}

/// The screen's words, a modal's borders left out, so its sentences match across rows.
fn words(w: &Workflow) -> String {
    w.flat()
        .split_whitespace()
        .filter(|t| !t.chars().all(|c| "│┌┐└┘─".contains(c)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn audited(session: &Session, action: &str, subject: &str) -> bool {
    session
        .audit_entries(50)
        .unwrap()
        .iter()
        .any(|e| e.action == action && e.subject == subject)
}

/// Locks the app, logs in with a one-time passphrase and chooses `chosen` at first login.
fn first_login(w: &mut Workflow, login: &str, one_time: &str, chosen: &str) {
    w.press(key(KeyCode::Char('L')));
    w.press(ctrl('u'));
    w.type_text(login);
    w.press(key(KeyCode::Tab));
    w.type_text(one_time);
    w.press(key(KeyCode::Enter));
    assert!(
        matches!(w.app.state.screen, Screen::FirstLogin(_)),
        "{login} was not asked to choose a passphrase:\n{}",
        w.text()
    );
    w.type_text(chosen);
    w.press(key(KeyCode::Tab));
    w.type_text(chosen);
    w.press(key(KeyCode::Enter));
    assert!(
        matches!(w.app.state.screen, Screen::Workspace(_)),
        "{}",
        w.text()
    );
}

#[test]
fn the_list_shows_names_roles_state_and_keys_and_filters_by_words() {
    let mut w = admin_on_accounts();
    let text = w.flat();
    assert!(text.contains("Accounts (4)"), "{text}");
    assert!(text.contains("Vantongeren, Mara (E1)"), "{text}");
    assert!(text.contains("supervisor,employee"), "{text}");
    assert!(text.contains("active"), "{text}");
    insta::assert_snapshot!("accounts_list_80x24", render(&w.app.state).backend());
    w.resize(120, 36);
    insta::assert_snapshot!("accounts_list_120x36", render(&w.app.state).backend());
    w.resize(80, 24);

    // Words in any order, across name and roles.
    select(&mut w, "teodoro black");
    let text = w.flat();
    assert!(text.contains("Accounts (1 of 4)"), "{text}");
    assert!(text.contains("t.blackwood"), "{text}");
    assert!(!text.contains("m.vantongeren"), "{text}");
    // Esc clears the filter first, then leaves.
    w.press(key(KeyCode::Esc));
    assert!(w.flat().contains("Accounts (4)"), "{}", w.flat());
    w.press(key(KeyCode::Esc));
    assert!(w.top().is_none(), "{}", w.text());
}

/// Saved straight from the employee id field (before the form looked the person up), the
/// new account's screen still names whom it was made for: the desk says.
#[test]
fn a_new_account_saved_from_the_id_field_names_its_person() {
    let mut w = admin_on_accounts();
    w.press(key(KeyCode::Char('n')));
    w.type_text("w.zhou");
    w.press(key(KeyCode::Tab));
    for _ in 0..4 {
        w.press(key(KeyCode::Right));
    }
    w.press(key(KeyCode::Char(' ')));
    w.press(key(KeyCode::Tab));
    w.type_text("E9");
    w.press(ctrl('s'));
    let text = w.flat();
    assert!(text.contains("New account w.zhou for Zhou, Wen"), "{text}");
}

#[test]
fn an_admin_adds_an_account_sees_its_passphrase_once_and_it_must_be_replaced() {
    let mut w = admin_on_accounts();
    w.press(key(KeyCode::Char('n')));
    assert!(w.top().is_some_and(|v| v.page::<AddAccount>().is_some()));
    insta::assert_snapshot!("accounts_add_80x24", render(&w.app.state).backend());
    w.resize(120, 36);
    insta::assert_snapshot!("accounts_add_120x36", render(&w.app.state).backend());
    w.resize(80, 24);

    // The employee role without a person is refused by the desk, and nothing is made.
    w.type_text("w.zhou");
    w.press(key(KeyCode::Tab));
    for _ in 0..4 {
        w.press(key(KeyCode::Right));
    }
    w.press(key(KeyCode::Char(' ')));
    w.press(ctrl('s'));
    assert!(w.flat().contains("needs --person"), "{}", w.flat());
    assert!(
        unlock(&paths_of(&w), ADMIN)
            .accounts()
            .unwrap()
            .iter()
            .all(|a| a.login != "w.zhou")
    );

    // Esc asks before throwing away what was typed; "no" keeps it.
    w.press(key(KeyCode::Esc));
    assert!(
        words(&w).contains("Discard this new account?"),
        "{}",
        w.flat()
    );
    w.press(key(KeyCode::Char('n')));
    assert!(w.top().is_some_and(|v| v.page::<AddAccount>().is_some()));
    assert!(w.flat().contains("w.zhou"), "{}", w.flat());

    // The person, found by id, is named before anything is made.
    w.press(key(KeyCode::Tab));
    w.type_text("E9");
    w.press(key(KeyCode::Tab));
    assert!(w.flat().contains("Zhou, Wen"), "{}", w.flat());
    w.press(ctrl('s'));
    let one_time = passphrase_on_screen(&w);
    let text = w.flat();
    assert!(
        text.contains(
            "Pass this on privately. It is shown only now; they choose their own at first login."
        ),
        "{text}"
    );
    assert!(text.contains("New account w.zhou for Zhou, Wen"), "{text}");

    // Stored as asked, must change its passphrase, and audited.
    let admin = unlock(&paths_of(&w), ADMIN);
    let account = admin
        .accounts()
        .unwrap()
        .into_iter()
        .find(|a| a.login == "w.zhou")
        .unwrap();
    assert_eq!(account.roles, Roles::new([Role::Employee]));
    assert_eq!(account.person_id.as_deref(), Some("E9"));
    assert!(account.must_change_passphrase);
    assert!(audited(&admin, "account.add", "w.zhou"));
    drop(admin);

    // Leaving the screen drops the passphrase: the list is back, and nothing keeps it.
    w.press(key(KeyCode::Enter));
    assert!(w.top().is_some_and(|v| v.page::<Accounts>().is_some()));
    let Screen::Workspace(ws) = &w.app.state.screen else {
        unreachable!()
    };
    assert!(ws.views.iter().all(|v| v.page::<AddAccount>().is_none()));
    assert!(!w.text().contains(&one_time));
    assert!(
        w.flat()
            .contains("w.zhou Zhou, Wen (E9) employee 0 first login"),
        "{}",
        w.flat()
    );

    // The new account logs in with it and must choose its own first.
    first_login(
        &mut w,
        "w.zhou",
        &one_time,
        "wen zhou picks a quiet harbour",
    );
    let zhou = unlock(&paths_of(&w), ("w.zhou", "wen zhou picks a quiet harbour"));
    assert!(!zhou.account().must_change_passphrase);
}

#[test]
fn an_admin_changes_roles_and_is_told_what_a_new_coordinator_cannot_read() {
    let mut w = admin_on_accounts();
    select(&mut w, "vantongeren");
    w.press(key(KeyCode::Char('r')));
    assert!(w.top().is_some_and(|v| v.page::<EditRoles>().is_some()));
    // Down to coordinator, tick it: the screen says what it means before saving.
    for _ in 0..3 {
        w.press(key(KeyCode::Down));
    }
    w.press(key(KeyCode::Char(' ')));
    assert!(
        w.flat()
            .contains("A new coordinator cannot read self-checks shared before now"),
        "{}",
        w.flat()
    );
    insta::assert_snapshot!("accounts_roles_80x24", render(&w.app.state).backend());
    w.resize(120, 36);
    insta::assert_snapshot!("accounts_roles_120x36", render(&w.app.state).backend());
    w.resize(80, 24);
    w.press(ctrl('s'));
    // Saved: said in full on the page, then back to the list, which shows the new roles.
    let text = w.flat();
    assert!(
        text.contains("Saved: m.vantongeren now holds supervisor,coordinator,employee"),
        "{text}"
    );
    assert!(
        text.contains(
            "sealed to the coordinators of that moment, so m.vantongeren cannot read them"
        ),
        "{text}"
    );
    w.press(key(KeyCode::Esc));
    assert!(w.top().is_some_and(|v| v.page::<Accounts>().is_some()));
    assert!(w.flat().contains("supervisor,coordinator"), "{}", w.flat());

    let admin = unlock(&paths_of(&w), ADMIN);
    let account = admin
        .accounts()
        .unwrap()
        .into_iter()
        .find(|a| a.login == SUPERVISOR.0)
        .unwrap();
    assert!(account.roles.contains(Role::Coordinator));
    assert!(audited(&admin, "account.roles", SUPERVISOR.0));
    admin.verify_audit(None).unwrap();
}

#[test]
fn the_last_admin_keeps_the_admin_role() {
    let mut w = admin_on_accounts();
    select(&mut w, "admin");
    w.press(key(KeyCode::Char('r')));
    w.press(key(KeyCode::Char(' ')));
    w.press(key(KeyCode::Down));
    w.press(key(KeyCode::Down));
    w.press(key(KeyCode::Char(' ')));
    w.press(ctrl('s'));
    assert!(w.flat().contains("last active admin"), "{}", w.flat());
    // Leaving unsaved asks first.
    w.press(key(KeyCode::Esc));
    assert!(
        words(&w).contains("Leave without saving? admin keeps admin."),
        "{}",
        w.flat()
    );
    w.press(key(KeyCode::Char('y')));
    assert!(w.top().is_some_and(|v| v.page::<Accounts>().is_some()));
    let admin = unlock(&paths_of(&w), ADMIN);
    assert!(admin.account().roles.contains(Role::Admin));
    assert!(!audited(&admin, "account.roles", "admin"));
}

#[test]
fn disabling_asks_first_and_no_changes_nothing() {
    let mut w = admin_on_accounts();
    // One's own account is not offered.
    select(&mut w, "admin");
    let Screen::Workspace(ws) = &w.app.state.screen else {
        unreachable!()
    };
    let page = w.top().and_then(|v| v.page::<Accounts>()).unwrap();
    assert!(
        page.commands(&ws.user)
            .iter()
            .all(|c| c.action != Action::Disable && c.action != Action::ResetPassphrase)
    );
    w.press(key(KeyCode::Char('d')));
    assert!(!w.flat().contains("Please confirm"), "{}", w.flat());

    select(&mut w, "blackwood");
    w.press(key(KeyCode::Char('d')));
    let asked = words(&w);
    assert!(asked.contains("can no longer log in"), "{asked}");
    assert!(asked.contains("Rekey afterwards (U, then K)"), "{asked}");
    w.press(key(KeyCode::Char('n')));
    let admin = unlock(&paths_of(&w), ADMIN);
    assert!(admin.accounts().unwrap().iter().all(|a| !a.disabled));
    assert!(!audited(&admin, "account.disable", EMPLOYEE.0));
    drop(admin);

    w.press(key(KeyCode::Char('d')));
    w.press(key(KeyCode::Char('y')));
    let text = w.flat();
    assert!(
        text.contains("t.blackwood is disabled; rekey (U, then K) so a copied key stops working"),
        "{text}"
    );
    assert!(text.contains("disabled"), "{text}");
    let admin = unlock(&paths_of(&w), ADMIN);
    assert!(
        admin
            .accounts()
            .unwrap()
            .iter()
            .any(|a| a.login == EMPLOYEE.0 && a.disabled)
    );
    assert!(audited(&admin, "account.disable", EMPLOYEE.0));
}

#[test]
fn a_pasted_key_is_stored_a_bad_one_is_refused_and_one_is_removed_after_a_yes() {
    let mut w = admin_on_accounts();
    select(&mut w, "blackwood");
    w.press(key(KeyCode::Enter));
    assert!(w.flat().contains("No SSH keys yet"), "{}", w.flat());

    // Not a key: a plain reason, and nothing stored.
    w.press(key(KeyCode::Char('a')));
    w.type_text("ssh-ed25519 this-is-not-a-key");
    w.press(key(KeyCode::Enter));
    let refused = w.flat();
    assert!(refused.contains("Nothing was stored"), "{refused}");
    let admin = unlock(&paths_of(&w), ADMIN);
    assert!(admin.ssh_keys(Some(EMPLOYEE.0)).unwrap().is_empty());
    assert!(!audited(&admin, "ssh_key.add", EMPLOYEE.0));
    drop(admin);

    w.press(ctrl('u'));
    w.type_text(KEY_LINE);
    insta::assert_snapshot!("accounts_keys_80x24", render(&w.app.state).backend());
    w.resize(120, 36);
    insta::assert_snapshot!("accounts_keys_120x36", render(&w.app.state).backend());
    w.resize(80, 24);
    w.press(key(KeyCode::Enter));
    let added = w.flat();
    assert!(
        added.contains(&format!("Added the key {FINGERPRINT}")),
        "{added}"
    );
    assert!(
        added.contains(&format!("▶ ssh-ed25519 {FINGERPRINT} alice@lapt")),
        "{added}"
    );
    let admin = unlock(&paths_of(&w), ADMIN);
    let keys = admin.ssh_keys(Some(EMPLOYEE.0)).unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].fingerprint, FINGERPRINT);
    assert!(audited(&admin, "ssh_key.add", EMPLOYEE.0));
    drop(admin);

    // The list counts it once back.
    w.press(key(KeyCode::Esc));
    assert!(w.top().is_some_and(|v| v.page::<Accounts>().is_some()));
    w.press(key(KeyCode::Enter));

    // Removing asks first; "no" keeps it.
    w.press(key(KeyCode::Char('d')));
    assert!(
        words(&w).contains("It no longer opens steady over SSH"),
        "{}",
        w.flat()
    );
    w.press(key(KeyCode::Esc));
    assert_eq!(
        unlock(&paths_of(&w), ADMIN)
            .ssh_keys(Some(EMPLOYEE.0))
            .unwrap()
            .len(),
        1
    );
    w.press(key(KeyCode::Char('d')));
    w.press(key(KeyCode::Char('y')));
    assert!(w.flat().contains("Removed the key"), "{}", w.flat());
    let admin = unlock(&paths_of(&w), ADMIN);
    assert!(admin.ssh_keys(Some(EMPLOYEE.0)).unwrap().is_empty());
    assert!(audited(&admin, "ssh_key.remove", EMPLOYEE.0));
}

#[test]
fn a_reset_says_what_is_lost_then_the_new_one_time_passphrase_works_and_the_chain_verifies() {
    let mut w = admin_on_accounts();
    // A self-check Blackwood never shared, sealed to the key the reset replaces.
    unlock(&paths_of(&w), EMPLOYEE)
        .take_self_check(&crate::desk::SelfCheckRequest {
            instrument: "who5",
            answers: &[crate::instruments::Answer::Value(3); 5],
            share: false,
            contribute: false,
            taken_on: crate::tui::workflow_tests::day("2026-06-01"),
        })
        .unwrap();
    select(&mut w, "blackwood");
    w.press(key(KeyCode::Char('R')));
    let asked = words(&w);
    assert!(
        asked.contains("were sealed to their old key and cannot be recovered"),
        "{asked}"
    );
    assert!(
        asked.contains("shared ones stay readable by coordinators"),
        "{asked}"
    );
    // No: the old passphrase still works.
    w.press(key(KeyCode::Char('n')));
    drop(unlock(&paths_of(&w), EMPLOYEE));

    w.press(key(KeyCode::Char('R')));
    w.press(key(KeyCode::Char('y')));
    assert!(w.top().is_some_and(|v| v.page::<OneTime>().is_some()));
    let one_time = passphrase_on_screen(&w);
    assert!(
        w.flat()
            .contains("Pass this on privately. It is shown only now"),
        "{}",
        w.flat()
    );
    let admin = unlock(&paths_of(&w), ADMIN);
    assert!(audited(&admin, "account.reset", EMPLOYEE.0));
    assert!(
        admin
            .accounts()
            .unwrap()
            .iter()
            .any(|a| a.login == EMPLOYEE.0 && a.must_change_passphrase)
    );
    admin.verify_audit(None).unwrap();
    drop(admin);
    w.press(key(KeyCode::Enter));
    assert!(w.top().is_some_and(|v| v.page::<Accounts>().is_some()));
    assert!(!w.text().contains(&one_time));

    // The old passphrase no longer opens; the one-time one leads to a first login.
    assert!(
        crate::desk::LockedVault::open(&paths_of(&w))
            .unwrap()
            .unlock(EMPLOYEE.0, &Passphrase::new(EMPLOYEE.1))
            .is_err()
    );
    first_login(
        &mut w,
        EMPLOYEE.0,
        &one_time,
        "teodoro starts over by the sea",
    );
    drop(unlock(
        &paths_of(&w),
        (EMPLOYEE.0, "teodoro starts over by the sea"),
    ));
    unlock(&paths_of(&w), ADMIN).verify_audit(None).unwrap();
}

#[test]
fn the_one_time_passphrase_screen() {
    let mut w = admin_on_accounts();
    let Screen::Workspace(ws) = &mut w.app.state.screen else {
        unreachable!()
    };
    ws.views
        .push(View::Page(Box::new(OneTime::after_reset(NewAccount {
            login: "t.blackwood".into(),
            one_time_passphrase: Passphrase::new("abcde-fghjk-mnpqr-stuvw"),
            person_name: Some("Blackwood, Teodoro".into()),
        }))));
    insta::assert_snapshot!("accounts_one_time_80x24", render(&w.app.state).backend());
    w.resize(120, 36);
    insta::assert_snapshot!("accounts_one_time_120x36", render(&w.app.state).backend());
}

#[test]
fn no_other_role_is_offered_the_page_and_the_desk_refuses_them() {
    for who in [SUPERVISOR, COORDINATOR, EMPLOYEE] {
        let mut w = workflow(|_| {});
        w.log_in(who);
        w.press(key(KeyCode::Char('A')));
        assert!(
            w.top().is_none_or(|v| v.page::<Accounts>().is_none()),
            "{} opened accounts: {}",
            who.0,
            w.text()
        );
        assert!(!w.text().contains("accounts"), "{}", w.text());
    }
    let Action::OpenPage(opener) = OPEN.action else {
        panic!("the key opens a page");
    };
    for role in [
        Role::Supervisor,
        Role::Mentor,
        Role::Coordinator,
        Role::Employee,
    ] {
        let user = User {
            login: "someone".into(),
            roles: Roles::new([role]),
            role,
        };
        assert!(!(opener.offered)(&user), "{role} is offered accounts");
    }

    // The desk says no to each job, whatever a front end sends.
    let w = workflow(|_| {});
    for who in [SUPERVISOR, COORDINATOR, EMPLOYEE] {
        let mut s = unlock(&paths_of(&w), who);
        let denied = |r: Result<(), crate::desk::Error>| {
            assert!(
                matches!(r, Err(crate::desk::Error::Denied(_))),
                "{}: {r:?}",
                who.0
            );
        };
        denied(s.account_overview().map(drop));
        denied(
            s.add_account("x.new", Roles::new([Role::Mentor]), None)
                .map(drop),
        );
        denied(
            s.set_account_roles(EMPLOYEE.0, Roles::new([Role::Admin, Role::Employee]))
                .map(drop),
        );
        denied(s.disable_account(ADMIN.0));
        denied(s.reset_passphrase(ADMIN.0).map(drop));
        denied(s.ssh_keys(None).map(drop));
        denied(s.add_ssh_key(EMPLOYEE.0, KEY_LINE).map(drop));
        denied(s.remove_ssh_key(EMPLOYEE.0, FINGERPRINT));
    }
    let admin = unlock(&paths_of(&w), ADMIN);
    assert!(!admin.account_overview().unwrap().iter().any(|a| a.disabled));
    assert!(admin.ssh_keys(None).unwrap().is_empty());
}
