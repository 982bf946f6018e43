//! The coordinator's jobs in the app against real temp-dir vaults: the inbox of shared
//! self-checks (safety items first, read and audited, gone once withdrawn, closed to other
//! roles), the referral queue's filter, and adding and editing resources.

use insta::assert_snapshot;
use ratatui::crossterm::event::KeyCode;

use super::screens::home::Focus;
use super::tests::{key, render};
use super::workflow_tests::{
    ADMIN, COORDINATOR, EMPLOYEE, SUPERVISOR, Workflow, day, paths_of, unlock, workflow,
};
use crate::desk::{self, SelfCheckRequest, VaultPaths};
use crate::instruments::Answer;

fn values(list: &[u32]) -> Vec<Answer> {
    list.iter().copied().map(Answer::Value).collect()
}

/// The employee shares two self-checks: a PHQ-9 on 20 June with its safety item (question 9)
/// answered, and a newer WHO-5 without one; and keeps a third private. Returns their ids.
fn shared_self_checks(paths: &VaultPaths) -> (i64, i64, i64) {
    let mut employee = unlock(paths, EMPLOYEE);
    let mut take = |instrument: &str, answers: &[u32], share: bool, on: &str| {
        employee
            .take_self_check(&SelfCheckRequest {
                instrument,
                answers: &values(answers),
                share,
                contribute: false,
                taken_on: day(on),
            })
            .unwrap()
            .record
            .id
    };
    let phq9 = take("phq9", &[2, 2, 2, 1, 1, 2, 1, 1, 1], true, "2026-06-20");
    let who5 = take("who5", &[3, 3, 3, 3, 3], true, "2026-06-28");
    let private = take("gad7", &[1, 1, 1, 1, 1, 1, 1], false, "2026-06-29");
    (phq9, who5, private)
}

/// The actions the employee's "who read my records" lists, by whom.
fn who_read(w: &Workflow) -> Vec<(String, String)> {
    unlock(&paths_of(w), EMPLOYEE)
        .who_accessed_my_records()
        .unwrap()
        .into_iter()
        .map(|e| (e.actor, e.action))
        .collect()
}

fn at_inbox(w: &mut Workflow) {
    w.log_in(COORDINATOR);
    // Home counts them, without opening any (so nothing is audited yet), and names the key.
    assert!(
        w.flat()
            .contains("2 self-checks are shared with you, 2 new to you: press i to read."),
        "{}",
        w.text()
    );
    assert!(
        !who_read(w).iter().any(|(a, _)| a == COORDINATOR.0),
        "{:?}",
        who_read(w)
    );
    w.press(key(KeyCode::Char('i')));
    assert!(
        w.text().contains("Self-checks shared with you"),
        "{}",
        w.text()
    );
}

/// The rows of the inbox, top to bottom.
fn rows(w: &Workflow) -> Vec<String> {
    w.text()
        .lines()
        .filter(|l| l.contains("Blackwood"))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_inbox_lists_the_safety_item_first_and_opens_to_the_answers_and_result() {
    let mut w = workflow(|paths| {
        shared_self_checks(paths);
    });
    at_inbox(&mut w);
    let listed = rows(&w);
    assert_eq!(
        listed.len(),
        2,
        "the private one is not listed: {}",
        w.text()
    );
    // The older PHQ-9 comes first: its safety item was answered, and says so in words.
    assert!(listed[0].contains("● safety"), "{listed:?}");
    assert!(listed[0].contains("PHQ-9"), "{listed:?}");
    assert!(listed[0].contains("Blackwood, Teodoro (E2)"), "{listed:?}");
    assert!(listed[0].contains("20 Jun 2026"), "{listed:?}");
    // The published band name, and new to this coordinator.
    assert!(listed[0].contains("moderate"), "{listed:?}");
    assert!(
        listed[0].trim_end_matches([' ', '│', '"']).ends_with("new"),
        "{listed:?}"
    );
    assert!(listed[1].contains("WHO-5"), "{listed:?}");
    assert!(!listed[1].contains("safety"), "{listed:?}");
    assert_snapshot!("inbox_80x24", render(&w.app.state).backend());
    // Listing showed each result: audited, but not yet as a read of the answers.
    let listed_entries = who_read(&w);
    assert!(
        listed_entries.contains(&(COORDINATOR.0.into(), "selfcheck.inbox".into())),
        "{listed_entries:?}"
    );
    assert!(
        !listed_entries.iter().any(|(_, a)| a == "selfcheck.read"),
        "{listed_entries:?}"
    );

    w.press(key(KeyCode::Enter));
    let text = w.flat();
    assert!(
        text.contains("Blackwood, Teodoro (E2) — Mood check (PHQ-9"),
        "{text}"
    );
    assert!(
        text.contains("● Safety item answered (question 9)"),
        "{text}"
    );
    assert!(text.contains("Total: 13 (possible 0–27)"), "{text}");
    assert!(text.contains("Band: moderate"), "{text}");
    assert!(text.contains("Answers"), "{text}");
    assert!(
        text.contains("1. Not finding much interest or enjoyment"),
        "{text}"
    );
    assert!(text.contains("→ 2 On more than half the days"), "{text}");
    assert_snapshot!("inbox_reading_80x24", render(&w.app.state).backend());
    // The whole reading, with the crisis lines to hand at its end.
    w.press(key(KeyCode::End));
    let text = w.flat();
    assert!(text.contains("Crisis lines to hand"), "{text}");
    assert!(text.contains("988"), "{text}");

    // The read is audited with the employee as its subject, and is no longer new.
    assert!(
        who_read(&w).contains(&(COORDINATOR.0.into(), "selfcheck.read".into())),
        "{:?}",
        who_read(&w)
    );
    w.press(key(KeyCode::Esc));
    let listed = rows(&w);
    assert!(
        !listed[0].trim_end_matches([' ', '│', '"']).ends_with("new"),
        "{listed:?}"
    );
    assert!(listed[1].trim_end_matches([' ', '│', '"']).ends_with("new"));
    // Home counts one new now.
    w.press(key(KeyCode::Esc));
    w.press(key(KeyCode::Char('L')));
    w.log_in(COORDINATOR);
    assert!(
        w.flat()
            .contains("2 self-checks are shared with you, 1 new to you"),
        "{}",
        w.text()
    );
}

#[test]
fn snapshots_of_the_inbox_and_a_reading_at_120x36() {
    let mut w = workflow(|paths| {
        shared_self_checks(paths);
    });
    w.resize(120, 36);
    at_inbox(&mut w);
    assert_snapshot!("inbox_120x36", render(&w.app.state).backend());
    w.press(key(KeyCode::Enter));
    assert_snapshot!("inbox_reading_120x36", render(&w.app.state).backend());
}

#[test]
fn the_owner_reads_in_words_that_a_coordinator_read_their_answers() {
    let mut w = workflow(|paths| {
        shared_self_checks(paths);
    });
    at_inbox(&mut w);
    w.press(key(KeyCode::Enter));
    // The employee logs in to the same vault and opens what is recorded about them.
    let mut owner = Workflow {
        app: super::workflow_tests::app_at(&paths_of(&w)),
        dir: tempfile::tempdir().unwrap(),
    };
    owner.log_in(EMPLOYEE);
    owner.press(key(KeyCode::Char('m')));
    owner.press(key(KeyCode::End));
    let text = owner.flat();
    assert!(
        text.contains("c.keller read your answers to a self-check you shared"),
        "{text}"
    );
    assert!(
        text.contains("c.keller saw the result of a self-check you shared"),
        "{text}"
    );
    assert!(!text.contains("selfcheck."), "no codes: {text}");
}

#[test]
fn a_withdrawn_self_check_leaves_the_inbox_and_cannot_be_opened() {
    let mut ids = (0, 0, 0);
    let mut w = workflow(|paths| {
        ids = shared_self_checks(paths);
    });
    let (phq9, _, _) = ids;
    at_inbox(&mut w);
    assert_eq!(rows(&w).len(), 2);
    // The owner withdraws while the inbox is open: Enter finds it gone, and says so.
    unlock(&paths_of(&w), EMPLOYEE)
        .unshare_self_check(phq9)
        .unwrap();
    w.press(key(KeyCode::Enter));
    let text = w.flat();
    assert!(text.contains("is not shared with you"), "{text}");
    assert!(!text.contains("Answers"), "{text}");
    let listed = rows(&w);
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert!(listed[0].contains("WHO-5"), "{listed:?}");
    assert!(
        !who_read(&w).iter().any(|(_, a)| a == "selfcheck.read"),
        "nothing was read"
    );
    // Through the desk too.
    let coordinator = unlock(&paths_of(&w), COORDINATOR);
    assert!(matches!(
        coordinator.read_shared_self_check(phq9),
        Err(desk::Error::NotFound(_))
    ));
    assert_eq!(coordinator.shared_inbox().unwrap().checks.len(), 1);
}

#[test]
fn only_a_coordinator_opens_a_shared_self_check() {
    let mut ids = (0, 0, 0);
    let mut w = workflow(|paths| {
        ids = shared_self_checks(paths);
    });
    let (phq9, _, private) = ids;
    let paths = paths_of(&w);
    for who in [SUPERVISOR, ADMIN, EMPLOYEE] {
        let session = unlock(&paths, who);
        assert!(
            matches!(session.shared_inbox(), Err(desk::Error::Denied(_))),
            "{}",
            who.0
        );
        assert!(
            matches!(
                session.read_shared_self_check(phq9),
                Err(desk::Error::Denied(_))
            ),
            "{}",
            who.0
        );
        assert!(matches!(
            session.shared_inbox_count(),
            Err(desk::Error::Denied(_))
        ));
    }
    // The ciphertext, as anyone holding the master key reads it, opens for the owner and
    // the coordinator it was sealed to, and for no one else's key.
    let blob = |id: i64| {
        unlock(&paths, ADMIN)
            .store_for_tests()
            .db()
            .self_check(id)
            .unwrap()
            .unwrap()
            .sealed
    };
    let opens = |who, blob: &[u8]| {
        unlock(&paths, who)
            .secrets_for_tests()
            .open_padded(blob, 1024)
            .is_ok()
    };
    let shared = blob(phq9);
    assert!(opens(COORDINATOR, &shared));
    assert!(opens(EMPLOYEE, &shared));
    assert!(!opens(SUPERVISOR, &shared));
    assert!(!opens(ADMIN, &shared));
    // A private one opens for its owner alone, and is refused to the coordinator.
    assert!(!opens(COORDINATOR, &blob(private)));
    assert!(matches!(
        unlock(&paths, COORDINATOR).read_shared_self_check(private),
        Err(desk::Error::NotFound(_))
    ));
    // No role but the coordinator is offered the inbox's key.
    w.log_in(SUPERVISOR);
    assert!(!w.flat().contains("shared with you"), "{}", w.text());
    w.press(key(KeyCode::Char('i')));
    assert!(
        !w.text().contains("Self-checks shared with you"),
        "{}",
        w.text()
    );
    assert!(
        !who_read(&w).iter().any(|(a, _)| a == SUPERVISOR.0),
        "nothing was read"
    );
}

/// The queue's heading line.
fn queue_heading(w: &Workflow) -> String {
    w.text()
        .lines()
        .find(|l| l.contains("Referrals waiting"))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn the_queue_filter_narrows_by_name_resource_and_status_and_esc_clears_it() {
    let mut w = workflow(super::workflow_tests::queue_of_referrals);
    w.log_in(COORDINATOR);
    w.focus_home(Focus::Panel);
    assert!(
        queue_heading(&w).contains("Referrals waiting (4)"),
        "{}",
        w.text()
    );
    // Words in any order: the person's name, then the resource's.
    w.press(key(KeyCode::Char('/')));
    w.type_text("jo lin");
    assert!(
        queue_heading(&w).contains("Referrals waiting (2 of 4) · filter: jo lin"),
        "{}",
        w.text()
    );
    w.type_text(" chap");
    assert!(queue_heading(&w).contains("(1 of 4)"), "{}", w.text());
    assert!(w.text().contains("Chaplain"), "{}", w.text());
    assert!(!w.text().contains("Peer sup"), "{}", w.text());
    assert_snapshot!("queue_filtered_80x24", render(&w.app.state).backend());
    // Enter keeps it; Esc clears it.
    w.press(key(KeyCode::Enter));
    assert!(queue_heading(&w).contains("(1 of 4)"), "{}", w.text());
    assert!(w.text().contains("Esc clear filter"), "{}", w.text());
    w.press(key(KeyCode::Esc));
    assert!(
        queue_heading(&w).contains("Referrals waiting (4)"),
        "{}",
        w.text()
    );
    // Status words and the employee id; and Enter opens the one the filter left.
    w.press(key(KeyCode::Char('/')));
    w.type_text("contacted");
    assert!(queue_heading(&w).contains("(1 of 4)"), "{}", w.text());
    w.press(key(KeyCode::Enter));
    w.press(key(KeyCode::Enter));
    assert!(w.flat().contains("Peer support"), "{}", w.text());
    assert!(w.flat().contains("Lin, Jo"), "{}", w.text());
    w.press(key(KeyCode::Esc));
    w.press(key(KeyCode::Esc));
    w.press(key(KeyCode::Char('/')));
    w.type_text("E4");
    assert!(queue_heading(&w).contains("(1 of 4)"), "{}", w.text());
    assert!(w.text().contains("Okafor, Rita"), "{}", w.text());
    // Esc while typing clears it too.
    w.press(key(KeyCode::Esc));
    assert!(
        queue_heading(&w).contains("Referrals waiting (4)"),
        "{}",
        w.text()
    );
}

fn ctrl_s() -> ratatui::crossterm::event::Event {
    super::tests::key_with(
        KeyCode::Char('s'),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    )
}

/// The audit entries about resource `id`, as (actor, action).
fn resource_audit(w: &Workflow, id: &str) -> Vec<(String, String)> {
    unlock(&paths_of(w), ADMIN)
        .audit_entries(1_000)
        .unwrap()
        .into_iter()
        .filter(|e| e.subject == id && e.action.starts_with("resource."))
        .map(|e| (e.actor, e.action))
        .collect()
}

fn at_resources(w: &mut Workflow, who: (&str, &str)) {
    w.log_in(who);
    w.press(key(KeyCode::Char('e')));
    assert!(w.text().contains("Resources ("), "{}", w.text());
}

/// Tab to the next field and type `text` into it.
fn next_field(w: &mut Workflow, text: &str) {
    w.press(key(KeyCode::Tab));
    w.type_text(text);
}

#[test]
fn a_resource_added_through_the_form_is_stored_and_audited() {
    let mut w = workflow(|_| {});
    at_resources(&mut w, COORDINATOR);
    assert!(w.text().contains("a add"), "{}", w.text());
    w.press(key(KeyCode::Char('a')));
    assert!(
        w.text().contains("Add a resource to the catalog"),
        "{}",
        w.text()
    );
    w.type_text("sleep-clinic");
    next_field(&mut w, "Shift-work sleep clinic");
    next_field(&mut w, "clinic");
    next_field(&mut w, "555-0100");
    next_field(&mut w, "weekdays 8–4");
    next_field(&mut w, "Confidential: nothing goes to your supervisor.");
    next_field(&mut w, "Help with sleeping around rotating shifts.");
    // Crisis line: no (left as it is); then the stressors, by their check-in names.
    w.keys(&[KeyCode::Tab, KeyCode::Tab]);
    assert!(w.text().contains("[ ] Shifts and rest"), "{}", w.text());
    assert_snapshot!("resource_form_80x24", render(&w.app.state).backend());
    w.keys(&[KeyCode::Down, KeyCode::Char(' ')]);
    for _ in 1..7 {
        w.press(key(KeyCode::Down));
    }
    w.press(key(KeyCode::Char(' ')));
    assert!(w.text().contains("[x] Shifts and rest"), "{}", w.text());
    assert!(w.text().contains("[x] Sleep"), "{}", w.text());
    w.press(ctrl_s());
    assert!(
        w.flat()
            .contains("Added Shift-work sleep clinic to the catalog."),
        "{}",
        w.text()
    );
    assert!(
        w.text().contains("Resources ("),
        "back on the list: {}",
        w.text()
    );
    let stored = unlock(&paths_of(&w), COORDINATOR)
        .resource("sleep-clinic")
        .unwrap();
    assert_eq!(stored.name, "Shift-work sleep clinic");
    assert_eq!(stored.contact, "555-0100");
    assert_eq!(stored.hours, "weekdays 8–4");
    assert_eq!(stored.helps_with, ["work.shifts", "health.sleep"]);
    assert!(!stored.crisis);
    assert_eq!(
        resource_audit(&w, "sleep-clinic"),
        [(COORDINATOR.0.to_string(), "resource.add".to_string())]
    );
}

#[test]
fn a_resource_edited_through_the_form_is_stored_and_audited() {
    let mut w = workflow(|_| {});
    w.resize(120, 36);
    at_resources(&mut w, COORDINATOR);
    // Down to EAP, wherever the catalog's order puts it.
    let at = unlock(&paths_of(&w), COORDINATOR)
        .resources(true)
        .unwrap()
        .iter()
        .position(|r| r.id == "eap")
        .unwrap();
    for _ in 0..at {
        w.press(key(KeyCode::Down));
    }
    w.press(key(KeyCode::Char('e')));
    assert!(
        w.text()
            .contains("Edit a resource · Employee Assistance Program (EAP) (eap)"),
        "{}",
        w.text()
    );
    // A whole group reads as its stressors, ticked.
    assert!(w.text().contains("[x] Workload"), "{}", w.text());
    assert!(w.text().contains("[ ] Public pressure"), "{}", w.text());
    assert_snapshot!("resource_form_edit_120x36", render(&w.app.state).backend());
    // Name, kind, contact, hours: clear the hours and type new ones.
    w.keys(&[KeyCode::Tab, KeyCode::Tab, KeyCode::Tab]);
    w.press(super::tests::key_with(
        KeyCode::Char('u'),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    ));
    w.type_text("24/7, by phone");
    w.press(ctrl_s());
    assert!(
        w.flat()
            .contains("Saved your changes to Employee Assistance Program (EAP)."),
        "{}",
        w.text()
    );
    let stored = unlock(&paths_of(&w), COORDINATOR).resource("eap").unwrap();
    assert_eq!(stored.hours, "24/7, by phone");
    assert_eq!(
        stored.helps_with,
        ["work", "home", "health", "financial", "unforeseen"],
        "the groups stay groups"
    );
    assert!(
        resource_audit(&w, "eap").contains(&(COORDINATOR.0.into(), "resource.edit".into())),
        "{:?}",
        resource_audit(&w, "eap")
    );
}

#[test]
fn a_bad_field_shows_its_problem_until_fixed_and_stores_nothing() {
    let mut w = workflow(|_| {});
    at_resources(&mut w, COORDINATOR);
    let before = unlock(&paths_of(&w), COORDINATOR)
        .resources(true)
        .unwrap()
        .len();
    w.press(key(KeyCode::Char('a')));
    w.type_text("Night Line");
    next_field(&mut w, "Night line");
    next_field(&mut w, "phone");
    w.press(ctrl_s());
    let text = w.flat();
    assert!(text.contains("Not saved yet"), "{text}");
    assert!(
        text.contains("must be 1–40 lower-case letters, digits or '-'"),
        "{text}"
    );
    assert!(text.contains("contact is empty"), "{text}");
    // Fixing a field takes its problem off the line at once; the others stay.
    next_field(&mut w, "555-0199");
    let text = w.flat();
    assert!(!text.contains("contact is empty"), "{text}");
    assert!(text.contains("hours is empty"), "{text}");
    // Nothing was stored or audited; Esc asks before throwing the form away.
    assert_eq!(
        unlock(&paths_of(&w), COORDINATOR)
            .resources(true)
            .unwrap()
            .len(),
        before
    );
    assert!(resource_audit(&w, "Night Line").is_empty());
    w.press(key(KeyCode::Esc));
    assert!(w.flat().contains("Discard these changes"), "{}", w.text());
    w.press(key(KeyCode::Char('y')));
    assert!(w.text().contains("Resources ("), "{}", w.text());
}

#[test]
fn only_a_coordinator_adds_or_edits_a_resource() {
    let mut w = workflow(|_| {});
    at_resources(&mut w, SUPERVISOR);
    assert!(!w.text().contains("a add"), "{}", w.text());
    assert!(!w.text().contains("e edit"), "{}", w.text());
    w.press(key(KeyCode::Char('a')));
    w.press(key(KeyCode::Char('e')));
    assert!(!w.text().contains("Add a resource"), "{}", w.text());
    assert!(!w.text().contains("Edit a resource"), "{}", w.text());
    let mut supervisor = unlock(&paths_of(&w), SUPERVISOR);
    let mut eap = supervisor.resource("eap").unwrap();
    eap.hours = "never".into();
    assert!(matches!(
        supervisor.put_resource(&eap),
        Err(desk::Error::Denied(_))
    ));
    eap.id = "new-one".into();
    assert!(matches!(
        supervisor.add_resource(&eap),
        Err(desk::Error::Denied(_))
    ));
    assert!(
        resource_audit(&w, "eap")
            .iter()
            .all(|(_, a)| a == "resource.seed" || a != "resource.edit")
    );
    assert_ne!(
        unlock(&paths_of(&w), COORDINATOR)
            .resource("eap")
            .unwrap()
            .hours,
        "never"
    );
}

#[test]
fn helps_with_names_the_stressors_as_the_check_in_form_does() {
    let mut w = workflow(|_| {});
    at_resources(&mut w, COORDINATOR);
    w.resize(200, 60);
    let text = w.text();
    let helps: Vec<&str> = text.lines().filter(|l| l.contains("Helps with:")).collect();
    assert!(!helps.is_empty(), "{text}");
    // EAP helps with the groups work, home …: named by their stressors, never a group's title.
    let eap = helps
        .iter()
        .find(|l| l.contains("Family and relationships"))
        .unwrap_or_else(|| panic!("{helps:?}"));
    assert!(eap.contains("Workload, Shifts and rest"), "{eap}");
    for group_title in [
        "Home and family",
        "Finances",
        "Unforeseen events",
        "Health,",
    ] {
        assert!(
            helps.iter().all(|l| !l.contains(group_title)),
            "{group_title}: {helps:?}"
        );
    }
}
