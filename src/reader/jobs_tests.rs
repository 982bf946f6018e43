//! The jobs the full-screen app gained, reached in the line front end: an admin's accounts,
//! a coordinator's inbox of shared self-checks, a supervisor's people with when each was last
//! seen. Each against a real vault: what was said, and what was stored, read and audited.

use super::*;
use crate::desk::SelfCheckRequest;

/// A one-time passphrase as the front end said it.
fn one_time(out: &str, login: &str) -> String {
    line(out, &format!("One-time passphrase for {login}: "))
        .split(": ")
        .nth(1)
        .unwrap()
        .to_string()
}

#[test]
fn an_admin_lists_accounts_with_names_roles_state_and_keys() {
    let v = vault();
    let out = v.drive(&[ADMIN.0, ADMIN.1, "accounts"]);
    assert!(
        line(&out, "Choose: home").contains("accounts (accounts, roles, SSH keys"),
        "{out}"
    );
    assert!(out.contains("Accounts: 4."), "{out}");
    assert!(
        out.contains(
            "t.blackwood, Blackwood, Teodoro, employee id E2, roles employee, active, no SSH keys."
        ),
        "{out}"
    );
    assert!(out.contains("admin, no roster person, roles admin, active, no SSH keys."));
    let out = v.drive(&[ADMIN.0, ADMIN.1, "accounts", "filter", "employee keller"]);
    let narrowed = &out[position(&out, "Accounts matching employee keller: 1.")..];
    assert!(
        line(narrowed, "1 of 1: ").starts_with("1 of 1: c.keller, Keller, Ines"),
        "{narrowed}"
    );
    // Not an admin's: the command is not offered, and the word is not understood.
    let out = v.drive(&[SUPERVISOR.0, SUPERVISOR.1, "accounts"]);
    assert!(!line(&out, "Choose: home").contains("accounts"));
    assert!(out.contains("That is not one of the choices."));
}

#[test]
fn an_admin_adds_an_account_reads_its_one_time_passphrase_once_and_they_log_in() {
    let v = vault();
    let out = v.drive(&[
        ADMIN.0, ADMIN.1, "accounts", "add", "j.lin", "employee", "E3", "yes",
    ]);
    assert!(
        out.contains("Add j.lin for Lin, Jo with roles employee?"),
        "{out}"
    );
    assert!(
        out.contains("Added: j.lin for Lin, Jo, roles employee."),
        "{out}"
    );
    assert!(out.contains(
        "Pass this on privately. It is shown only now; they choose their own at first login."
    ));
    let passphrase = one_time(&out, "j.lin");
    assert!(passphrase.len() >= 20, "{passphrase}");
    assert_eq!(out.matches(&passphrase).count(), 1);
    let stored = unlock(&v.paths(), ADMIN).account_overview().unwrap();
    let lin = stored.iter().find(|a| a.login == "j.lin").unwrap();
    assert_eq!(lin.person_id.as_deref(), Some("E3"));
    assert!(lin.must_change_passphrase);
    // Lin logs in with it and chooses their own.
    let out = v.drive(&[
        "j.lin",
        &passphrase,
        "quiet harbor lantern morning",
        "quiet harbor lantern morning",
    ]);
    assert!(out.contains("Your new passphrase is set"), "{out}");
    assert!(out.contains("Signed in: Lin, Jo, employee id E3, role employee."));
    let entries = unlock(&v.paths(), ADMIN).audit_entries(50).unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e.actor == "admin" && e.action == "account.add" && e.subject == "j.lin"),
        "{entries:?}"
    );
}

#[test]
fn declining_the_yes_no_adds_no_account() {
    let v = vault();
    let out = v.drive(&[
        ADMIN.0, ADMIN.1, "accounts", "add", "j.lin", "employee", "E3", "no",
    ]);
    assert!(out.contains("Nothing was created."), "{out}");
    assert!(!out.contains("One-time passphrase"));
    let stored = unlock(&v.paths(), ADMIN).account_overview().unwrap();
    assert!(stored.iter().all(|a| a.login != "j.lin"));
}

#[test]
fn an_admin_changes_roles_and_hears_what_it_means_for_shared_self_checks() {
    let v = vault();
    // Accounts are listed by login: admin, c.keller, m.vantongeren, t.blackwood.
    let out = v.drive(&[
        ADMIN.0,
        ADMIN.1,
        "accounts",
        "4",
        "roles",
        "employee, coordinator",
        "yes",
    ]);
    assert!(
        out.contains("Roles (admin, supervisor, mentor, coordinator, employee; several with commas; now: employee)"),
        "{out}"
    );
    assert!(
        out.contains("Saved: t.blackwood now holds coordinator and employee (was employee)."),
        "{out}"
    );
    assert!(
        out.contains(
            "Self-checks shared before now were sealed to the coordinators of that moment"
        ),
        "{out}"
    );
    let stored = unlock(&v.paths(), ADMIN).account_overview().unwrap();
    let bw = stored.iter().find(|a| a.login == "t.blackwood").unwrap();
    assert!(bw.roles.contains(Role::Coordinator) && bw.roles.contains(Role::Employee));
}

#[test]
fn an_admin_disables_an_account_after_a_yes_and_it_can_no_longer_log_in() {
    let v = vault();
    let out = v.drive(&[ADMIN.0, ADMIN.1, "accounts", "4", "disable", "no"]);
    assert!(
        out.contains("Disable t.blackwood? They can no longer log in"),
        "{out}"
    );
    assert!(out.contains("Unchanged."));
    let out = v.drive(&[ADMIN.0, ADMIN.1, "accounts", "4", "disable", "yes"]);
    assert!(
        out.contains("Disabled: t.blackwood can no longer log in."),
        "{out}"
    );
    assert!(
        out.contains("t.blackwood, Blackwood, Teodoro, employee id E2, roles employee, disabled")
    );
    let out = v.drive(&[EMPLOYEE.0, EMPLOYEE.1]);
    assert!(
        out.contains("That login and passphrase do not match."),
        "{out}"
    );
    // One's own account is not offered to disable.
    let out = v.drive(&[ADMIN.0, ADMIN.1, "accounts", "1"]);
    assert!(!line(&out, "Choose: roles").contains("disable"), "{out}");
}

#[test]
fn an_admin_resets_a_forgotten_passphrase_after_the_plain_warning() {
    let v = vault();
    let out = v.drive(&[ADMIN.0, ADMIN.1, "accounts", "4", "reset", "yes"]);
    assert!(
        out.contains("Their self-checks that were not shared were sealed to their old key and cannot be recovered"),
        "{out}"
    );
    assert!(out.contains("Passphrase reset for t.blackwood."), "{out}");
    let passphrase = one_time(&out, "t.blackwood");
    // The old passphrase no longer opens; the one-time one asks for a new one.
    let out = v.drive(&[EMPLOYEE.0, EMPLOYEE.1]);
    assert!(out.contains("That login and passphrase do not match."));
    let out = v.drive(&[
        EMPLOYEE.0,
        &passphrase,
        "slow river copper window",
        "slow river copper window",
    ]);
    assert!(out.contains("Your new passphrase is set"), "{out}");
}

#[test]
fn an_admin_pastes_an_ssh_key_as_text_and_removes_it() {
    let v = vault();
    let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGb1mGrQ1ml4eOqPF0Jr3eGXpOmLXdTt8A4aMqSmv5Ti bw@laptop";
    let out = v.drive(&[ADMIN.0, ADMIN.1, "accounts", "4", "keys", "add", key]);
    assert!(out.contains("SSH keys of t.blackwood: 0."), "{out}");
    assert!(out.contains("Added the ssh-ed25519 key SHA256:"), "{out}");
    assert!(out.contains("SSH keys of t.blackwood: 1."), "{out}");
    let keys = unlock(&v.paths(), ADMIN)
        .ssh_keys(Some("t.blackwood"))
        .unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].comment, "bw@laptop");
    let out = v.drive(&[ADMIN.0, ADMIN.1, "accounts", "4", "keys", "1", "yes"]);
    assert!(out.contains("It no longer opens steady over SSH."), "{out}");
    assert!(out.contains(&format!("Removed the key {}.", keys[0].fingerprint)));
    assert!(
        unlock(&v.paths(), ADMIN)
            .ssh_keys(Some("t.blackwood"))
            .unwrap()
            .is_empty()
    );
}

fn share_phq9(v: &Vault, safety: u32) {
    let mut answers = vec![Answer::Value(1); 9];
    answers[8] = Answer::Value(safety);
    unlock(&v.paths(), EMPLOYEE)
        .take_self_check_page(&SelfCheckRequest {
            instrument: "phq9",
            answers: &answers,
            share: true,
            contribute: false,
            taken_on: day(TODAY),
        })
        .unwrap();
}

#[test]
fn a_coordinator_reads_the_inbox_safety_first_and_opening_one_is_audited() {
    let v = vault();
    share_phq9(&v, 0);
    share_phq9(&v, 2);
    let out = v.drive(&[COORDINATOR.0, COORDINATOR.1, "inbox", "1"]);
    assert!(
        out.contains("Self-checks shared with you: 2, 2 new to you; inbox reads them."),
        "{out}"
    );
    assert!(
        line(&out, "Choose: home").contains("inbox (self-checks shared with you)"),
        "{out}"
    );
    assert!(
        out.contains("1 with the safety item answered: they come first."),
        "{out}"
    );
    assert!(out.contains("Self-checks shared with you: 2."));
    let first = line(&out, "1 of 2: ");
    assert!(
        first.starts_with(
            "1 of 2: Safety item answered, follow up today: Blackwood, Teodoro, employee id E2,"
        ),
        "{first}"
    );
    assert!(first.ends_with("not opened yet."), "{first}");
    assert!(!line(&out, "2 of 2: ").contains("Safety"));
    assert!(out.contains("Safety item answered (question 9): follow up with them today."));
    assert!(out.contains("Question 9: "), "{out}");
    assert!(out.contains("This is the safety item, answered."));
    assert!(out.contains("Crisis lines to hand:"));
    let entries = unlock(&v.paths(), ADMIN).audit_entries(100).unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e.actor == "c.keller" && e.action == "selfcheck.read"),
        "{entries:?}"
    );
    // No longer new once opened.
    let out = v.drive(&[COORDINATOR.0, COORDINATOR.1, "inbox"]);
    assert!(!line(&out, "1 of 2: ").contains("not opened yet"), "{out}");
    assert!(
        out.contains("Self-checks shared with you: 2, 1 new to you;"),
        "{out}"
    );
}

#[test]
fn the_inbox_is_not_offered_outside_the_coordinator_role() {
    let v = vault();
    share_phq9(&v, 0);
    let out = v.drive(&[SUPERVISOR.0, SUPERVISOR.1, "inbox"]);
    assert!(!line(&out, "Choose: home").contains("inbox"));
    assert!(out.contains("That is not one of the choices."));
    // And the desk refuses the read itself to anyone but a coordinator.
    assert!(unlock(&v.paths(), SUPERVISOR).shared_inbox().is_err());
}

#[test]
fn the_people_list_says_each_last_checkin_and_next_follow_up() {
    let v = vault();
    unlock(&v.paths(), SUPERVISOR)
        .record_checkin(
            "E3",
            CheckinDraftInput {
                occurred_on: day("2026-06-17"),
                wellbeing: 3,
                visibility: None,
                notes: String::new(),
                follow_up_on: Some(day("2026-07-01")),
                stressors: vec![],
            },
        )
        .unwrap();
    let out = v.drive(&[SUPERVISOR.0, SUPERVISOR.1, "people"]);
    assert!(out.contains("Your people: 3."), "{out}");
    assert!(
        out.contains(
            "1 of 3: Blackwood, Teodoro, employee id E2, Harbor-Station: no check-in yet."
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "2 of 3: Lin, Jo, employee id E3, Harbor-Station: last check-in 17 June 2026, follow-up 1 July 2026."
        ),
        "{out}"
    );
}

#[test]
fn an_admin_reads_the_audit_log_newest_first_narrows_it_and_verifies_with_progress() {
    let v = vault();
    let out = v.drive(&[
        ADMIN.0,
        ADMIN.1,
        "audit",
        "who",
        "keller",
        "verify",
        "checkpoint",
    ]);
    assert!(
        line(&out, "Choose: home").contains("audit (the audit log, and checking it)"),
        "{out}"
    );
    let first = line(&out, "Entry 1 of ");
    assert!(first.contains("admin"), "{first}");
    // Narrowed to Keller: every entry read then is theirs.
    let narrowed = &out[position(&out, "entries match the filter")..];
    assert!(
        narrowed
            .lines()
            .filter(|l| l.starts_with("Entry "))
            .all(|l| l.contains("c.keller")),
        "{narrowed}"
    );
    assert!(out.contains("Working… checking the audit log."));
    assert!(out.contains("Working… 100 %."), "{out}");
    assert!(out.contains("All good: "), "{out}");
    let head = unlock(&v.paths(), ADMIN).audit_head().unwrap().unwrap();
    assert!(
        out.contains(&format!("Checkpoint: {}:{}", head.seq, head.hash)),
        "{out}"
    );
}

#[test]
fn a_verify_from_a_typed_checkpoint_checks_only_what_came_after() {
    let v = vault();
    let head = unlock(&v.paths(), ADMIN).audit_head().unwrap().unwrap();
    let typed = format!("{}:{}", head.seq, head.hash);
    let out = v.drive(&[
        ADMIN.0, ADMIN.1, "audit", "since", &typed, "since", "nonsense",
    ]);
    assert!(
        out.contains(&format!(
            "All good: checkpoint {} is still in the log as it was, and nothing was added since.",
            head.seq
        )),
        "{out}"
    );
    assert!(out.contains("That is not a checkpoint"), "{out}");
    unlock(&v.paths(), ADMIN)
        .set_setting("report.min_k", "6")
        .unwrap();
    let out = v.drive(&[ADMIN.0, ADMIN.1, "audit", "since", &typed]);
    assert!(
        out.contains(&format!(
            "All good since checkpoint {}: 1 entry and ",
            head.seq
        )),
        "{out}"
    );
    // Not an admin's: the log is refused by the desk too.
    assert!(
        unlock(&v.paths(), SUPERVISOR)
            .audit_log(&crate::desk::AuditFilter::default(), 0, 10)
            .is_err()
    );
}

#[test]
fn upkeep_checks_the_rules_dry_runs_the_purge_and_rekeys_after_a_yes() {
    let v = vault();
    let out = v.drive(&[ADMIN.0, ADMIN.1, "upkeep", "rekey", "no", "rekey", "yes"]);
    assert!(
        out.contains("Rules: the rules in force are the built-in rules"),
        "{out}"
    );
    assert!(
        out.contains("Purge, a dry run: a purge today would remove nothing"),
        "{out}"
    );
    assert!(out.contains("Unchanged."));
    assert!(
        out.contains("Rekeyed: the new master key is sealed to 4 accounts"),
        "{out}"
    );
    // Everyone logs in as before, and the rekey is audited.
    let entries = unlock(&v.paths(), EMPLOYEE).who_accessed_my_records();
    drop(entries);
    let entries = unlock(&v.paths(), ADMIN).audit_entries(10).unwrap();
    assert_eq!(
        entries.iter().filter(|e| e.action == "vault.rekey").count(),
        1,
        "{entries:?}"
    );
}

#[test]
fn an_admin_pairs_a_mentor_and_ends_the_pairing_after_a_yes() {
    let v = vault();
    unlock(&v.paths(), ADMIN)
        .add_account_with(
            "r.ruiz",
            Roles::new([Role::Mentor]),
            None,
            Some(Passphrase::new("mentor passphrase")),
        )
        .unwrap();
    let out = v.drive(&[
        ADMIN.0, ADMIN.1, "mentors", "filter", "zhou", "1", "pair", "1",
    ]);
    assert!(
        out.contains("Zhou, Wen, employee id E9, Harbor-Station: no mentor."),
        "{out}"
    );
    assert!(out.contains("r.ruiz now mentors Zhou, Wen."), "{out}");
    assert_eq!(
        unlock(&v.paths(), ADMIN)
            .mentor_board()
            .unwrap()
            .mentors_of("E9"),
        vec!["r.ruiz"]
    );
    let out = v.drive(&[
        ADMIN.0, ADMIN.1, "mentors", "filter", "zhou", "1", "end", "1", "yes",
    ]);
    assert!(out.contains("mentored by r.ruiz"), "{out}");
    assert!(out.contains("r.ruiz no longer mentors Zhou, Wen."), "{out}");
    assert!(
        unlock(&v.paths(), ADMIN)
            .mentor_board()
            .unwrap()
            .mentors_of("E9")
            .is_empty()
    );
}

#[test]
fn the_vault_settings_offer_the_lock_minutes_beside_minimum_k() {
    let v = vault();
    let out = v.drive(&[ADMIN.0, ADMIN.1, "settings", "2", "12", "yes"]);
    assert!(
        out.contains("2 of 2: app.lock_minutes: 15 (the default)."),
        "{out}"
    );
    assert!(out.contains("Saved: app.lock_minutes is now 12"), "{out}");
    assert_eq!(unlock(&v.paths(), ADMIN).lock_minutes().unwrap(), 12);
}

#[test]
fn the_queue_filter_takes_words_in_any_order_over_name_id_resource_and_status() {
    let v = vault();
    propose(&v, Consent::Given);
    unlock(&v.paths(), SUPERVISOR)
        .propose_referral(&NewReferral {
            employee_id: "E3".into(),
            resource_id: "chaplaincy".into(),
            consent: Consent::Pending,
            urgency: Urgency::Routine,
            reason: "Wants to talk.".into(),
            on: day("2026-06-26"),
        })
        .unwrap();
    let out = v.drive(&[
        COORDINATOR.0,
        COORDINATOR.1,
        "queue",
        "filter",
        "proposed blackwood",
        "filter",
        "E3",
        "filter",
        "",
    ]);
    assert!(out.contains("Referral queue: 2."), "{out}");
    assert!(
        out.contains("Referral queue matching proposed blackwood: 1."),
        "{out}"
    );
    let after = &out[position(&out, "matching proposed blackwood")..];
    assert!(
        line(after, "1 of 1: ").contains("Blackwood, Teodoro (E2)"),
        "{after}"
    );
    let after = &out[position(&out, "Referral queue matching E3: 1.")..];
    assert!(line(after, "1 of 1: ").contains("Lin, Jo (E3)"), "{after}");
    // The home's, the queue's, and the queue's again once the filter is cleared.
    assert_eq!(out.matches("Referral queue: 2.").count(), 3);
}

#[test]
fn a_coordinator_adds_a_resource_one_field_at_a_time_then_edits_it() {
    let v = vault();
    let out = v.drive(&[
        COORDINATOR.0,
        COORDINATOR.1,
        "resources",
        "add",
        "harbor-peers",
        "Harbor Peer Line",
        "peer support",
        "extension 4410",
        "weekdays 8 to 18",
        "kept within the peer team",
        "Colleagues trained to listen.",
        "1, 2",
        "no",
        "yes",
    ]);
    assert!(out.contains("New resource: one field at a time."), "{out}");
    assert!(
        out.contains("Id (lower-case letters, digits and dashes, never changed later; now: empty)")
    );
    assert!(
        out.contains("Added Harbor Peer Line to the catalog."),
        "{out}"
    );
    let stored = unlock(&v.paths(), COORDINATOR)
        .resource("harbor-peers")
        .unwrap();
    assert_eq!(stored.contact, "extension 4410");
    assert_eq!(stored.helps_with.len(), 2);
    assert!(!stored.crisis);
    let number = out
        .lines()
        .rev()
        .find(|l| l.contains(": Harbor Peer Line: "))
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .to_string();
    let out = v.drive(&[
        COORDINATOR.0,
        COORDINATOR.1,
        "resources",
        &number,
        "edit",
        "",
        "",
        "extension 4411",
        "",
        "",
        "",
        "",
        "no",
        "yes",
    ]);
    assert!(
        out.contains("Contact (a number, address or place; now: extension 4410)"),
        "{out}"
    );
    assert!(
        out.contains("Saved your changes to Harbor Peer Line."),
        "{out}"
    );
    let stored = unlock(&v.paths(), COORDINATOR)
        .resource("harbor-peers")
        .unwrap();
    assert_eq!(stored.contact, "extension 4411");
    assert_eq!(stored.name, "Harbor Peer Line");
    let entries = unlock(&v.paths(), ADMIN).audit_entries(10).unwrap();
    assert!(entries.iter().any(|e| e.action == "resource.add"));
    assert!(
        entries.iter().any(|e| e.action == "resource.edit"),
        "{entries:?}"
    );
    // Cancel leaves the form with nothing saved; an employee is not offered add.
    let out = v.drive(&[COORDINATOR.0, COORDINATOR.1, "resources", "add", "cancel"]);
    assert!(out.contains("Form left; nothing was saved."), "{out}");
    let out = v.drive(&[EMPLOYEE.0, EMPLOYEE.1, "resources"]);
    assert!(!line(&out, "Choose: a number").contains("add"), "{out}");
}

#[test]
fn a_session_handed_over_goes_on_at_its_home_without_a_second_passphrase() {
    let v = vault();
    let session = unlock(&v.paths(), EMPLOYEE);
    let mut input = Cursor::new("lock\n".to_string());
    let mut output = Vec::new();
    let options = ReaderOptions {
        rules: None,
        pinned_login: None,
        secrets: Secrets::FromInput,
        clock: Some(Clock::on(day(TODAY))),
        lock_after: None,
        wait: |_| false,
    };
    run_signed_in(
        LockedVault::open(&v.paths()).unwrap(),
        session,
        options,
        &mut input,
        &mut output,
    )
    .unwrap();
    let out = String::from_utf8(output).unwrap();
    assert_plain(&out);
    assert!(
        out.contains("You asked for plain lines at login, so steady goes on here, signed in."),
        "{out}"
    );
    let home = position(
        &out,
        "Signed in: Blackwood, Teodoro, employee id E2, role employee.",
    );
    assert!(!out[..home].contains("Passphrase for"), "{out}");
    // After a lock, the login is asked as ever.
    assert!(out[home..].contains("Locked. Log in again to go on."));
    assert!(out[home..].contains("Login name:"));
}
