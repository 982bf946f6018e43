//! The self-check flow and My self-checks against real temp-dir vaults: one item per screen,
//! nothing stored before submit, the crisis screen on a safety answer, and no trace of it.

use insta::assert_snapshot;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

use super::screens::selfcheck::Stage;
use super::state::{Screen, View};
use super::tests::{key, key_with, render};
use super::workflow_tests::{
    ADMIN, COORDINATOR, EMPLOYEE, SUPERVISOR, Workflow, assert_no_control_characters,
    blackwood_record, day, paths_of, unlock, workflow,
};
use crate::desk::{AuditReport, SelfCheckRequest, VaultPaths};
use crate::instruments::Answer;

/// PHQ-9 is the third instrument in the catalog.
const PHQ9_DOWNS: usize = 2;

fn stage(w: &Workflow) -> Option<Stage> {
    match w.top() {
        Some(View::SelfCheck(flow)) => Some(flow.stage),
        _ => None,
    }
}

/// The employee, at the first PHQ-9 question.
fn at_phq9(w: &mut Workflow) {
    w.log_in(EMPLOYEE);
    w.press(key(KeyCode::Char('S')));
    assert_eq!(stage(w), Some(Stage::Choose), "{}", w.text());
    for _ in 0..PHQ9_DOWNS {
        w.press(key(KeyCode::Down));
    }
    w.press(key(KeyCode::Enter));
    assert_eq!(stage(w), Some(Stage::Item), "{}", w.text());
    assert!(
        w.text()
            .contains("Mood check (PHQ-9, adapted wording) · 1 of 9")
    );
}

fn answer(w: &mut Workflow, digits: &str) {
    w.type_text(digits);
}

/// The newest audit entry's sequence number and every action after `since`.
fn audit_since(w: &Workflow, since: i64) -> (i64, Vec<String>) {
    let entries = unlock(&paths_of(w), ADMIN).audit_entries(500).unwrap();
    let head = entries.first().map_or(0, |e| e.seq);
    let mut after: Vec<String> = entries
        .into_iter()
        .filter(|e| e.seq > since)
        .map(|e| e.action)
        .collect();
    after.reverse();
    (head, after)
}

fn own_self_checks(w: &Workflow) -> usize {
    unlock(&paths_of(w), EMPLOYEE)
        .self_checks()
        .unwrap()
        .checks
        .len()
}

#[test]
fn snapshot_selfcheck_item() {
    let mut w = workflow(|_| {});
    at_phq9(&mut w);
    answer(&mut w, "1");
    let text = w.text();
    assert!(text.contains("2 of 9"), "{text}");
    assert!(text.contains("Over the last two weeks"), "{text}");
    assert!(
        text.contains("Only you can read your answers unless you choose to share them."),
        "{text}"
    );
    assert!(
        text.contains("0–3 answer"),
        "the footer names the digits: {text}"
    );
    assert_snapshot!(render(&w.app.state).backend());
}

#[test]
fn snapshot_selfcheck_review_and_result() {
    let mut w = workflow(|_| {});
    at_phq9(&mut w);
    answer(&mut w, "110210100");
    assert_eq!(stage(&w), Some(Stage::Review), "{}", w.text());
    let text = w.text();
    assert!(
        text.contains("[ ] Share it with the wellness coordinators"),
        "off by default: {text}"
    );
    assert!(text.contains("[ ] Add my band"), "off by default: {text}");
    assert_snapshot!("snapshot_selfcheck_review", render(&w.app.state).backend());
    w.press(key_with(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert_eq!(stage(&w), Some(Stage::Result), "{}", w.text());
    let text = w.flat();
    assert!(text.contains("Total: 6 (possible 0–27)"), "{text}");
    assert!(
        text.contains("Your answers show some signs of low mood."),
        "{text}"
    );
    assert!(text.contains("only you can read it"), "{text}");
    assert!(text.contains("Resources to consider"), "{text}");
    assert!(text.contains("Peer support team"), "{text}");
    assert_snapshot!("snapshot_selfcheck_result", render(&w.app.state).backend());
}

#[test]
fn answering_every_item_and_submitting_stores_exactly_one_self_check() {
    let mut w = workflow(|_| {});
    at_phq9(&mut w);
    // Back and change the first answer on the way; arrows and Enter answer too.
    answer(&mut w, "12");
    w.press(key(KeyCode::Left));
    assert!(w.text().contains("2 of 9"));
    w.press(key(KeyCode::Backspace));
    assert!(w.text().contains("1 of 9"));
    // The answer given is marked; ↑ marks the one before, Enter answers with it.
    w.keys(&[KeyCode::Up, KeyCode::Enter]);
    assert!(w.text().contains("2 of 9"), "{}", w.text());
    w.press(key(KeyCode::Right));
    assert!(w.text().contains("3 of 9"), "→ keeps the answer given");
    answer(&mut w, "1111110");
    assert_eq!(stage(&w), Some(Stage::Review));
    // Change the third answer from the review: after answering, back to the review.
    w.keys(&[KeyCode::Down, KeyCode::Down, KeyCode::Enter]);
    assert!(w.text().contains("3 of 9"), "{}", w.text());
    answer(&mut w, "3");
    assert_eq!(stage(&w), Some(Stage::Review));
    assert_eq!(own_self_checks(&w), 0, "nothing stored before submit");
    w.press(key_with(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert_eq!(stage(&w), Some(Stage::Result), "{}", w.text());
    let list = unlock(&paths_of(&w), EMPLOYEE).self_checks().unwrap();
    assert_eq!(list.checks.len(), 1);
    let check = list.checks[0].verified().expect("signed by its owner");
    assert_eq!(check.score.instrument, "phq9");
    assert_eq!(
        check.answers,
        [0, 2, 3, 1, 1, 1, 1, 1, 0].map(Answer::Value).to_vec()
    );
    assert_eq!(
        check.record.taken_on, "2026-06-30",
        "the injected clock's day"
    );
    assert!(!check.record.shared);
    // Done: back home.
    w.press(key(KeyCode::Enter));
    assert!(w.top().is_none(), "{}", w.text());
}

#[test]
fn esc_midway_asks_and_stores_nothing() {
    let mut w = workflow(|_| {});
    at_phq9(&mut w);
    let (before, _) = audit_since(&w, 0);
    answer(&mut w, "213");
    w.press(key(KeyCode::Esc));
    assert!(w.text().contains("Stop? Nothing is saved."), "{}", w.text());
    // No: the answers are still there.
    w.press(key(KeyCode::Char('n')));
    assert!(w.text().contains("4 of 9"), "{}", w.text());
    // q asks too, rather than quitting.
    w.press(key(KeyCode::Char('q')));
    assert!(!w.app.state.quit);
    assert!(w.text().contains("Stop? Nothing is saved."));
    w.press(key(KeyCode::Char('y')));
    assert!(w.top().is_none(), "{}", w.text());
    assert_eq!(own_self_checks(&w), 0);
    assert_eq!(audit_since(&w, before).1, Vec::<String>::new());
}

#[test]
fn snapshot_crisis_screen_after_a_safety_answer() {
    let mut w = workflow(|_| {});
    at_phq9(&mut w);
    let (before, _) = audit_since(&w, 0);
    answer(&mut w, "11111111");
    assert_eq!(stage(&w), Some(Stage::Item));
    // Item 9 answered 1: the crisis screen at once, before any other question.
    answer(&mut w, "1");
    assert_eq!(stage(&w), Some(Stage::Crisis), "{}", w.text());
    let text = w.flat();
    assert!(text.contains("988"), "{text}");
    assert!(text.contains("call 911"), "{text}");
    assert!(text.contains("Employee Assistance Program"), "{text}");
    assert!(
        text.contains("Peer support") || text.contains("peer support"),
        "{text}"
    );
    assert!(
        text.contains("Nothing you answered here has been sent to anyone."),
        "{text}"
    );
    assert_snapshot!(render(&w.app.state).backend());
    // Nothing written by showing it.
    assert_eq!(audit_since(&w, before).1, Vec::<String>::new());
    // Stopping from it stores nothing and writes nothing.
    w.press(key(KeyCode::Esc));
    w.press(key(KeyCode::Char('y')));
    assert!(w.top().is_none());
    assert_eq!(own_self_checks(&w), 0);
    assert_eq!(audit_since(&w, before).1, Vec::<String>::new());
}

#[test]
fn after_the_crisis_screen_one_may_go_on_and_only_the_take_is_recorded() {
    let mut w = workflow(|_| {});
    at_phq9(&mut w);
    let (before, _) = audit_since(&w, 0);
    answer(&mut w, "000000002");
    assert_eq!(stage(&w), Some(Stage::Crisis));
    w.press(key(KeyCode::Enter));
    assert_eq!(stage(&w), Some(Stage::Review), "{}", w.text());
    w.press(key_with(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert_eq!(stage(&w), Some(Stage::Result), "{}", w.text());
    // The result says where to turn, again.
    let text = w.flat();
    assert!(
        text.contains("If you are having thoughts of harming yourself"),
        "{text}"
    );
    assert_eq!(audit_since(&w, before).1, ["selfcheck.take"]);
    let list = unlock(&paths_of(&w), EMPLOYEE).self_checks().unwrap();
    let check = list.checks[0].verified().expect("signed by its owner");
    assert!(check.score.safety_item_endorsed);
    assert!(!check.record.shared, "no one is told");
}

#[test]
fn sharing_is_asked_on_the_review_and_off_unless_turned_on() {
    let mut w = workflow(|_| {});
    w.log_in(EMPLOYEE);
    // WHO-5, the first instrument: five answers from 0 to 5.
    w.keys(&[KeyCode::Char('S'), KeyCode::Enter]);
    assert!(w.text().contains("0–5 answer"), "{}", w.text());
    answer(&mut w, "34234");
    assert_eq!(stage(&w), Some(Stage::Review));
    // To the sharing line, switch it on; Submit is two rows further.
    w.press(key(KeyCode::Char('G')));
    for _ in 0..5 {
        w.press(key(KeyCode::Down));
    }
    w.press(key(KeyCode::Char(' ')));
    assert!(
        w.text()
            .contains("[x] Share it with the wellness coordinators"),
        "{}",
        w.text()
    );
    w.keys(&[KeyCode::Down, KeyCode::Down, KeyCode::Enter]);
    assert_eq!(stage(&w), Some(Stage::Result), "{}", w.text());
    assert!(w.flat().contains("shared with the wellness coordinators"));
    let list = unlock(&paths_of(&w), EMPLOYEE).self_checks().unwrap();
    assert!(list.checks[0].record().shared);
    // The coordinator can now read it; the next self-check starts private again.
    let shared = unlock(&paths_of(&w), COORDINATOR).self_checks().unwrap();
    assert_eq!(shared.checks.len(), 1);
    w.press(key(KeyCode::Esc));
    w.keys(&[KeyCode::Char('S'), KeyCode::Enter]);
    answer(&mut w, "34234");
    assert!(
        w.text()
            .contains("[ ] Share it with the wellness coordinators"),
        "{}",
        w.text()
    );
}

/// The employee's own self-checks over the spring: three PHQ-9s and a WHO-5.
fn history(paths: &VaultPaths) {
    let mut me = unlock(paths, EMPLOYEE);
    for (instrument, answers, on) in [
        ("phq9", vec![2, 2, 1, 2, 1, 1, 2, 0, 0], "2026-03-02"),
        ("who5", vec![2, 3, 2, 2, 3], "2026-04-10"),
        ("phq9", vec![1, 1, 1, 2, 1, 0, 1, 0, 0], "2026-04-20"),
        ("phq9", vec![1, 0, 1, 1, 0, 0, 1, 0, 0], "2026-06-15"),
    ] {
        let answers: Vec<Answer> = answers.into_iter().map(Answer::Value).collect();
        me.take_self_check(&SelfCheckRequest {
            instrument,
            answers: &answers,
            share: false,
            contribute: false,
            taken_on: day(on),
        })
        .unwrap();
    }
}

/// The employee, on My self-checks (from the self-check chooser).
fn on_my_self_checks(w: &mut Workflow) {
    w.log_in(EMPLOYEE);
    w.keys(&[KeyCode::Char('S'), KeyCode::Char('m')]);
    assert!(
        matches!(w.top(), Some(View::MySelfChecks(_))),
        "{}",
        w.text()
    );
}

#[test]
fn snapshot_my_self_checks_with_the_chart() {
    let mut w = workflow(history);
    on_my_self_checks(&mut w);
    let text = w.text();
    assert!(text.contains("My self-checks (4)"), "{text}");
    assert!(text.contains("PHQ-9 totals over time"), "{text}");
    assert!(text.contains("15 Jun 2026  PHQ-9"), "newest first: {text}");
    assert_snapshot!(render(&w.app.state).backend());
    // → charts the WHO-5 instead.
    w.press(key(KeyCode::Right));
    assert!(w.text().contains("WHO-5 totals over time"), "{}", w.text());
}

#[test]
fn my_self_checks_share_unshare_and_delete_after_confirming() {
    let mut w = workflow(history);
    on_my_self_checks(&mut w);
    let shared = |w: &Workflow| -> Vec<bool> {
        unlock(&paths_of(w), EMPLOYEE)
            .self_checks()
            .unwrap()
            .checks
            .iter()
            .map(|c| c.record().shared)
            .collect()
    };
    assert!(w.text().contains("s share"), "{}", w.text());
    // Sharing asks first: what a coordinator reads cannot be unread.
    w.press(key(KeyCode::Char('s')));
    assert!(
        w.text()
            .contains("Share your PHQ-9 self-check of 15 Jun 2026 with the wellness"),
        "{}",
        w.text()
    );
    // By name: who will be able to read it.
    assert!(w.flat().contains("c.keller (Keller, Ines)"), "{}", w.text());
    w.press(key(KeyCode::Esc));
    assert_eq!(shared(&w), [false, false, false, false]);
    w.keys(&[KeyCode::Char('s'), KeyCode::Char('y')]);
    assert_eq!(shared(&w), [true, false, false, false]);
    assert!(
        w.flat()
            .contains("Shared with the wellness coordinators (1)")
    );
    assert!(w.text().contains("u stop sharing"), "{}", w.text());
    w.press(key(KeyCode::Char('u')));
    assert_eq!(shared(&w), [false, false, false, false]);
    // Delete asks first.
    w.press(key(KeyCode::Char('d')));
    assert!(
        w.text()
            .contains("Delete your PHQ-9 self-check of 15 Jun 2026?"),
        "{}",
        w.text()
    );
    w.press(key(KeyCode::Char('n')));
    assert_eq!(shared(&w).len(), 4);
    w.keys(&[KeyCode::Char('d'), KeyCode::Char('y')]);
    assert_eq!(shared(&w).len(), 3);
    assert!(w.text().contains("My self-checks (3)"), "{}", w.text());
}

/// What someone holding the master key can do without the employee's signing key: seal a
/// result of their choosing (in the unsigned version 1 layout) to the employee's public key
/// from `account_keys`, and store it under the employee's name.
fn forge(paths: &VaultPaths, instrument: &str, answers: &[u32], percent: Option<u32>, on: &str) {
    let admin = unlock(paths, ADMIN);
    admin
        .store_for_tests()
        .write_unaudited(|db| -> crate::desk::Result<()> {
            let recipient = db
                .current_sealing_keys()?
                .into_iter()
                .find(|(login, _)| login == EMPLOYEE.0)
                .map(|(_, key)| key)
                .expect("the employee's key");
            let id = db.insert_self_check(EMPLOYEE.0, on, false, "2026-06-01T09:00:00Z")?;
            let content = serde_json::json!({
                "version": 1, "id": id, "owner": EMPLOYEE.0, "taken_on": on,
                "instrument": instrument, "answers": answers,
                "score": {"total": answers.iter().sum::<u32>(), "percent": percent,
                          "band": "severe", "flags": [], "prorated": false,
                          "safety_item_endorsed": true}
            });
            let plaintext = serde_json::to_vec(&content).expect("JSON");
            let sealed = crate::vault::seal_to(&[&recipient], &plaintext)?;
            db.set_self_check_seal(id, &sealed, false)?;
            Ok(())
        })
        .expect("forged");
}

#[test]
fn snapshot_my_self_checks_with_one_that_could_not_be_verified() {
    let mut w = workflow(|paths| {
        history(paths);
        forge(paths, "phq9", &[3; 9], None, "2026-06-20");
    });
    on_my_self_checks(&mut w);
    let text = w.text();
    assert!(text.contains("My self-checks (5)"), "{text}");
    let forged = text
        .lines()
        .find(|l| l.contains("20 Jun 2026"))
        .unwrap_or_else(|| panic!("listed: {text}"));
    assert!(forged.contains("could not be verified"), "{forged}");
    for result in ["27 of 27", "severe"] {
        assert!(!text.contains(result), "{result}: {text}");
    }
    // Charted are the verified ones alone: the chart still ends on 15 June.
    let chart: String = text.lines().take_while(|l| !l.contains("Taken")).collect();
    assert!(chart.contains("15 Jun 2026"), "{chart}");
    assert!(!chart.contains("20 Jun"), "{chart}");
    // It is selected (the newest): it may be deleted, never shared.
    assert!(!text.contains("s share"), "{text}");
    assert!(text.contains("d delete"), "{text}");
    assert_snapshot!(render(&w.app.state).backend());
    // s is not bound to it, so nothing asks to share it.
    w.press(key(KeyCode::Char('s')));
    assert!(!w.flat().contains("Share your"), "{}", w.text());
    for (width, height) in [(40, 12), (200, 60)] {
        w.resize(width, height);
        assert_no_control_characters(render(&w.app.state).backend().buffer());
    }
    w.resize(80, 24);
    w.press(key(KeyCode::Char('d')));
    assert!(
        w.text()
            .contains("Delete your unverified self-check of 20 Jun 2026?"),
        "{}",
        w.text()
    );
    w.press(key(KeyCode::Char('y')));
    assert!(w.text().contains("My self-checks (4)"), "{}", w.text());
}

#[test]
fn forged_self_checks_set_off_no_rule_for_oneself() {
    // Two WHO-5s at 40 % would show the rule for oneself (see the test above), were they
    // the employee's own.
    let mut w = workflow(|paths| {
        blackwood_record(paths);
        forge(paths, "who5", &[2, 2, 2, 2, 2], Some(40), "2026-06-01");
        forge(paths, "who5", &[2, 2, 2, 2, 2], Some(40), "2026-06-22");
    });
    w.log_in(EMPLOYEE);
    assert!(w.flat().contains("Blackwood, Teodoro"), "{}", w.text());
    assert!(!w.flat().contains(OWN_RULE_TITLE), "{}", w.text());
    assert!(!w.flat().contains(JUST_FOR_YOU), "{}", w.text());
}

#[test]
fn only_the_employee_role_is_offered_self_checks_and_a_supervisor_who_is_one_may() {
    let mut w = workflow(blackwood_record);
    w.log_in(ADMIN);
    assert!(!w.text().contains("self-check"), "{}", w.text());
    w.press(key(KeyCode::Char('S')));
    assert!(w.top().is_none());
    w.press(key(KeyCode::Char('L')));
    w.log_in(SUPERVISOR);
    w.press(key(KeyCode::Char('S')));
    assert_eq!(stage(&w), Some(Stage::Choose), "{}", w.text());
    let Screen::Workspace(_) = &w.app.state.screen else {
        panic!("not signed in")
    };
}

#[test]
fn every_self_check_page_draws_at_the_smallest_window_and_a_wide_one() {
    let mut w = workflow(history);
    w.log_in(EMPLOYEE);
    let check = |w: &mut Workflow, expected: Option<Stage>| {
        assert_eq!(stage(w), expected, "{}", w.text());
        for (width, height) in [(40, 12), (61, 17), (200, 60)] {
            w.resize(width, height);
            assert_no_control_characters(render(&w.app.state).backend().buffer());
        }
        w.resize(80, 24);
    };
    w.press(key(KeyCode::Char('S')));
    check(&mut w, Some(Stage::Choose));
    w.keys(&[KeyCode::Down, KeyCode::Down, KeyCode::Enter]);
    check(&mut w, Some(Stage::Item));
    answer(&mut w, "000000001");
    check(&mut w, Some(Stage::Crisis));
    // At the smallest size the crisis screen scrolls rather than losing its end.
    w.resize(40, 12);
    w.press(key(KeyCode::End));
    assert!(
        w.flat().contains("help-now stays a press of ! away"),
        "{}",
        w.text()
    );
    w.resize(80, 24);
    w.press(key(KeyCode::Enter));
    check(&mut w, Some(Stage::Review));
    w.press(key_with(KeyCode::Char('s'), KeyModifiers::CONTROL));
    check(&mut w, Some(Stage::Result));
    w.press(key(KeyCode::Char('m')));
    assert!(
        matches!(w.top(), Some(View::MySelfChecks(_))),
        "{}",
        w.text()
    );
    check(&mut w, None);
    w.press(key(KeyCode::Char('d')));
    check(&mut w, None);
}

/// The title of the built-in rule for oneself (two WHO-5 checks in a row at or below 50 %).
const OWN_RULE_TITLE: &str = "Your recent well-being checks";
const JUST_FOR_YOU: &str = "Just for you — only you can see this";

/// One WHO-5 self-check of the employee's own, taken on `on`, kept private.
fn who5(paths: &VaultPaths, answers: [u32; 5], on: &str) {
    let answers: Vec<Answer> = answers.into_iter().map(Answer::Value).collect();
    unlock(paths, EMPLOYEE)
        .take_self_check(&SelfCheckRequest {
            instrument: "who5",
            answers: &answers,
            share: false,
            contribute: false,
            taken_on: day(on),
        })
        .unwrap();
}

/// The whole audit chain as verified: how many entries, and its head.
fn audit_report(w: &Workflow) -> AuditReport {
    unlock(&paths_of(w), ADMIN).verify_audit(None).unwrap()
}

#[test]
fn snapshot_home_employee_with_a_prompt_just_for_them() {
    // One low WHO-5 (40 %) is not yet a pattern: home shows no section for it.
    let mut w = workflow(|paths| who5(paths, [2, 2, 2, 2, 2], "2026-06-01"));
    w.log_in(EMPLOYEE);
    assert!(!w.text().contains(JUST_FOR_YOU), "{}", w.text());
    assert!(
        w.text()
            .lines()
            .nth(1)
            .unwrap_or("")
            .contains("Your record"),
        "no empty box above the record: {}",
        w.text()
    );
    // A second one, taken here: back home, the rule for oneself holds.
    w.keys(&[KeyCode::Char('S'), KeyCode::Enter]);
    answer(&mut w, "22222");
    assert_eq!(stage(&w), Some(Stage::Review), "{}", w.text());
    w.press(key_with(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert_eq!(stage(&w), Some(Stage::Result), "{}", w.text());
    w.press(key(KeyCode::Enter));
    assert!(w.top().is_none(), "{}", w.text());
    let text = w.flat();
    assert!(text.contains(JUST_FOR_YOU), "{text}");
    assert!(text.contains(&format!("◆ {OWN_RULE_TITLE}")), "{text}");
    assert!(
        text.contains("Your last 2 well-being checks (WHO-5) were at or below 50 %"),
        "{text}"
    );
    assert!(
        text.contains("Suggested: Employee Assistance Program"),
        "the catalog's names, not ids: {text}"
    );
    assert!(
        text.contains("S takes a self-check; ! shows help"),
        "{text}"
    );
    // Above the record, which keeps its rows.
    let rows: Vec<String> = w.text().lines().map(str::to_string).collect();
    let at = |needle: &str| rows.iter().position(|r| r.contains(needle));
    assert!(at(JUST_FOR_YOU) < at("Your record"), "{}", w.text());
    assert!(w.text().contains("Blackwood, Teodoro"), "{}", w.text());
    assert_snapshot!(render(&w.app.state).backend());
    // At the smallest window the section gives way, and the record keeps its rows.
    for (width, height) in [(40, 12), (61, 17), (200, 60)] {
        w.resize(width, height);
        assert_no_control_characters(render(&w.app.state).backend().buffer());
        assert!(w.text().contains(JUST_FOR_YOU), "{}", w.text());
        assert!(w.text().contains("Blackwood, Teodoro"), "{}", w.text());
    }
}

#[test]
fn own_prompts_show_to_the_employee_alone_and_leave_no_trace() {
    let mut w = workflow(|paths| {
        blackwood_record(paths);
        who5(paths, [2, 2, 2, 2, 2], "2026-06-01");
        who5(paths, [3, 2, 2, 1, 2], "2026-06-22");
    });
    let before = audit_report(&w);
    w.log_in(EMPLOYEE);
    assert!(w.flat().contains(OWN_RULE_TITLE), "{}", w.text());
    // Home again (it reloads on the way back): still there, still nothing written.
    w.press(key(KeyCode::Char('e')));
    assert!(w.top().is_some(), "{}", w.text());
    w.press(key(KeyCode::Esc));
    assert!(w.top().is_none(), "{}", w.text());
    assert!(w.flat().contains(OWN_RULE_TITLE), "{}", w.text());
    assert_eq!(
        audit_report(&w),
        before,
        "loading one's own prompts adds no audit entry"
    );
    // The rules ran for everyone after the seed (as the workflow does): Blackwood's
    // supervisor sees prompts for Blackwood, never this one.
    w.press(key(KeyCode::Char('L')));
    w.log_in(SUPERVISOR);
    let text = w.flat();
    assert!(text.contains("Blackwood"), "{text}");
    assert!(!text.contains(OWN_RULE_TITLE), "{text}");
    assert!(!text.contains(JUST_FOR_YOU), "{text}");
    assert!(!text.contains("WHO-5"), "{text}");
    // Nor in the supervisor's own employee role (their own self-checks hold nothing).
    w.press(key(KeyCode::Char('R')));
    assert!(w.text().contains("employee"), "{}", w.text());
    assert!(!w.flat().contains(OWN_RULE_TITLE), "{}", w.text());
    // Nor does the coordinator, on the queue or the roster.
    w.press(key(KeyCode::Char('L')));
    w.log_in(COORDINATOR);
    let text = w.flat();
    assert!(!text.contains(OWN_RULE_TITLE), "{text}");
    assert!(!text.contains(JUST_FOR_YOU), "{text}");
}

#[test]
fn a_past_self_check_opens_again_to_its_reading_in_plain_words() {
    let mut w = workflow(history);
    on_my_self_checks(&mut w);
    assert!(w.text().contains("Enter read again"), "{}", w.text());
    // The oldest: PHQ-9 of 2 Mar, total 11 ("moderate").
    w.press(key(KeyCode::Char('G')));
    w.press(key(KeyCode::Enter));
    assert!(
        w.top().is_some_and(|v| v
            .page::<super::screens::selfcheck_reading::SelfCheckReading>()
            .is_some()),
        "{}",
        w.text()
    );
    let text = w.flat();
    assert!(text.contains("Total: 11"), "{text}");
    assert!(text.contains("In short: low mood to talk over"), "{text}");
    assert!(text.contains("not a diagnosis"), "{text}");
    assert!(
        text.contains("Taken on 02 Mar 2026. Private: only you can read it."),
        "{text}"
    );
    assert!(!text.contains("moderate"), "no published band name: {text}");
    assert_snapshot!("selfcheck_reading_80x24", render(&w.app.state).backend());
    w.resize(120, 36);
    assert_snapshot!("selfcheck_reading_120x36", render(&w.app.state).backend());
    // Esc (or q) goes back to the list.
    w.press(key(KeyCode::Char('q')));
    assert!(
        matches!(w.top(), Some(View::MySelfChecks(_))),
        "{}",
        w.text()
    );
}
