use ratatui::crossterm::event::KeyCode;

use super::*;
use crate::desk::{NewReferral, VaultPaths};
use crate::domain::referral::{Change, Consent, Outcome, Status, Urgency};
use crate::tui::tests::{key, render};
use crate::tui::workflow_tests::{
    ADMIN, COORDINATOR, EMPLOYEE, SUPERVISOR, TODAY, Workflow, blackwood_record, checkin, day,
    paths_of, unlock, workflow,
};

fn page(w: &Workflow) -> &Upkeep {
    w.top()
        .and_then(|v| v.page::<Upkeep>())
        .unwrap_or_else(|| panic!("not on vault upkeep: {}", w.text()))
}

/// Blackwood's year, and older records a purge would take: two check-ins with notes from
/// 2022 and a referral closed in 2023.
fn with_old_records(paths: &VaultPaths) {
    blackwood_record(paths);
    let mut sup = unlock(paths, SUPERVISOR);
    for on in ["2022-03-01", "2022-04-01"] {
        sup.record_checkin("E3", checkin(on, 4, vec![], "An old note."))
            .unwrap();
    }
    let id = sup
        .propose_referral(&NewReferral {
            employee_id: "E3".into(),
            resource_id: "peer-support".into(),
            consent: Consent::Given,
            urgency: Urgency::Routine,
            reason: String::new(),
            on: day("2023-01-10"),
        })
        .unwrap();
    let mut coordinator = unlock(paths, COORDINATOR);
    for (status, outcome, on) in [
        (Status::Accepted, None, "2023-01-11"),
        (Status::Closed, Some(Outcome::Completed), "2023-02-01"),
    ] {
        let change = Change {
            status: Some(status),
            outcome,
            consent: None,
        };
        coordinator
            .change_referral(id, &change, "", day(on))
            .unwrap();
    }
}

#[test]
fn the_rules_check_and_the_purge_dry_run_show_their_counts_and_change_nothing() {
    let mut w = workflow(with_old_records);
    w.log_in(ADMIN);
    let entries_before = unlock(&paths_of(&w), ADMIN).audit_head().unwrap();
    w.press(key(KeyCode::Char('U')));
    let upkeep = page(&w);
    let expected = unlock(&paths_of(&w), ADMIN)
        .audit_prompts(day(TODAY))
        .unwrap();
    assert_eq!(upkeep.rules.ready().unwrap().prompts, expected);
    assert!(expected.open > 0, "{expected:?}");
    let purge = upkeep.purge.ready().unwrap();
    assert_eq!(purge.checkin_notes.len(), 2);
    assert_eq!(purge.referrals.len(), 1);
    // Words wrap after a hyphen: joined again to be read as one line.
    let flat = w.flat().replace("- ", "-");
    assert!(
        flat.contains("The rules in force are the built-in rules:"),
        "{flat}"
    );
    assert!(
        flat.contains(&format!(
            "✓ {} open prompts checked against the records: each still holds",
            expected.open
        )),
        "{flat}"
    );
    assert!(
        flat.contains(
            "A purge today would remove the notes of 2 check-ins written before 2023-07-01 (kept three years) and 1 closed or withdrawn referral that ended before 2024-06-30"
        ),
        "{flat}"
    );
    assert!(
        flat.contains("Nothing was removed: the app offers only this dry run."),
        "{flat}"
    );
    w.resize(80, 24);
    insta::assert_snapshot!("upkeep_80x24", render(&w.app.state).backend());
    w.resize(120, 36);
    insta::assert_snapshot!("upkeep_120x36", render(&w.app.state).backend());

    // Nothing changed: the notes are there, the referral too, and no entry was written.
    let admin = unlock(&paths_of(&w), ADMIN);
    assert_eq!(admin.audit_head().unwrap(), entries_before);
    let sup = unlock(&paths_of(&w), SUPERVISOR);
    assert_eq!(
        sup.checkins("E3")
            .unwrap()
            .iter()
            .filter(|c| c.notes == "An old note.")
            .count(),
        2
    );
}

#[test]
fn prompts_that_no_longer_hold_are_counted_in_words() {
    let words = prompt_words(&PromptAudit {
        open: 3,
        stale: 1,
        false_explanations: 0,
        visibility_violations: 2,
        unreachable: 0,
    });
    let text: Vec<&str> = words.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        text,
        [
            "3 open prompts checked against the records:",
            "  ◆ 1 no longer holds (the next rules run closes it)",
            "  ◆ 2 records cited may not be opened by someone the prompt reaches",
        ]
    );
}

#[test]
fn a_rekey_is_asked_first_and_every_active_account_still_logs_in() {
    let mut w = workflow(blackwood_record);
    let keyring = paths_of(&w).keyring.clone();
    let before = std::fs::read(&keyring).unwrap();
    w.log_in(ADMIN);
    w.press(key(KeyCode::Char('U')));
    w.press(key(KeyCode::Char('K')));
    let flat = w.flat();
    assert!(flat.contains("Rekey the vault?"), "{flat}");
    assert!(
        flat.contains("slots of disabled accounts are dropped"),
        "{flat}"
    );
    insta::assert_snapshot!("upkeep_rekey_asked_80x24", render(&w.app.state).backend());

    // "No" changes nothing.
    w.press(key(KeyCode::Char('n')));
    assert_eq!(std::fs::read(&keyring).unwrap(), before);
    assert!(page(&w).rekeyed.is_none());

    w.press(key(KeyCode::Char('K')));
    w.press(key(KeyCode::Char('y')));
    let flat = w.flat();
    assert!(
        flat.contains(
            "✓ Rekeyed: the new master key is sealed to 4 accounts; no slot was dropped."
        ),
        "{flat}"
    );
    assert_ne!(std::fs::read(&keyring).unwrap(), before);
    for who in [ADMIN, SUPERVISOR, COORDINATOR, EMPLOYEE] {
        let session = unlock(&paths_of(&w), who);
        assert_eq!(session.login(), who.0);
    }
    let admin = unlock(&paths_of(&w), ADMIN);
    assert!(
        admin
            .audit_entries(3)
            .unwrap()
            .iter()
            .any(|e| e.action == "vault.rekey" && e.detail.contains("4 account(s)"))
    );
}

#[test]
fn only_admins_are_offered_upkeep_and_the_desk_refuses_the_rest() {
    for who in [SUPERVISOR, COORDINATOR, EMPLOYEE] {
        let mut w = workflow(|_| {});
        w.log_in(who);
        w.press(key(KeyCode::Char('U')));
        assert!(w.top().is_none(), "{} opened: {}", who.0, w.text());
        let mut session = unlock(&paths_of(&w), who);
        let refused =
            |e: Option<crate::desk::Error>| matches!(e, Some(crate::desk::Error::Denied(_)));
        assert!(refused(session.rekey().err()), "{}", who.0);
        assert!(
            refused(
                session
                    .purge(day(TODAY), 1000, 1000, true, &mut Unwatched)
                    .err()
            ),
            "{}",
            who.0
        );
        // Coordinators run the rules (policy's `RunRules`); no one else checks them.
        if who != COORDINATOR {
            assert!(refused(session.rules_check(day(TODAY)).err()), "{}", who.0);
        }
    }
}

#[test]
fn a_rekey_names_the_slots_it_dropped() {
    let page = Upkeep {
        rekeyed: Some(RekeyReport {
            sealed_to: 1,
            dropped: vec!["r.okafor".into(), "j.lin".into()],
        }),
        ..Upkeep::default()
    };
    let text: Vec<String> = page.document(200).into_iter().map(|(t, _)| t).collect();
    assert!(
        text.contains(
            &"✓ Rekeyed: the new master key is sealed to 1 account; 2 slots dropped: r.okafor, j.lin."
                .to_string()
        ),
        "{text:?}"
    );
}
