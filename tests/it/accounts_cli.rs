//! Accounts: one-time passphrases and the first login, passphrase changes, disabling,
//! rekeying, failed-login slow-down, and bad input that must change nothing.

use crate::common::{ADMIN, RunExt, TestVault, User, roster};

fn team_vault() -> TestVault {
    TestVault::with_roster(&roster(&[
        "E1,Ana Abara,North,",
        "E2,Bo Baptiste,North,E1",
        "E3,Cy Castellanos,North,E2",
    ]))
}

#[test]
fn a_new_account_must_choose_its_own_passphrase_at_first_login() {
    let vault = team_vault();
    let one_time = vault.add_account("bo", "supervisor,employee", Some("E2"));

    // Without a new passphrase and without a terminal: refused, and told what to do.
    let line = vault
        .cmd("bo", &one_time)
        .args(["people", "list"])
        .outcome()
        .one_clear_line(3);
    assert!(line.contains("must choose a new passphrase"), "{line}");
    assert!(line.contains("STEADY_NEW_PASSPHRASE"), "{line}");

    // A too-short new passphrase is refused and the one-time one still works afterwards.
    let short = vault
        .cmd("bo", &one_time)
        .env("STEADY_NEW_PASSPHRASE", "too short")
        .args(["people", "list"])
        .exits(5);
    assert!(short.stderr.contains("at least 12 characters"), "{short:?}");

    // Neither the one-time passphrase itself nor one easy to guess may be chosen: exit 5,
    // a plain reason, and the one-time passphrase still works.
    let again = vault
        .cmd("bo", &one_time)
        .env("STEADY_NEW_PASSPHRASE", &one_time)
        .args(["people", "list"])
        .exits(5);
    assert!(
        again.stderr.contains("one-time passphrase you were given"),
        "{again:?}"
    );
    let weak = vault
        .cmd("bo", &one_time)
        .env("STEADY_NEW_PASSPHRASE", "aaaaaaaaaaaa")
        .args(["people", "list"])
        .exits(5);
    assert!(weak.stderr.contains("easy to guess"), "{weak:?}");
    assert!(weak.stderr.contains("Repeats like"), "{weak:?}");
    assert_eq!(weak.stderr.trim().lines().count(), 1, "{weak:?}");

    let first = vault.first_login("bo", &one_time, "bo's own long passphrase");
    assert!(
        first.stderr.contains("one-time passphrase no longer works"),
        "{first:?}"
    );

    vault
        .cmd("bo", &one_time)
        .args(["people", "list"])
        .outcome()
        .one_clear_line(3);
    let bo = User::new("bo", "bo's own long passphrase");
    assert_eq!(vault.visible_ids(&bo), ["E2", "E3"]);

    let accounts = vault.admin().args(["account", "list"]).succeeds().stdout();
    let bo_row = accounts
        .lines()
        .find(|l| l.starts_with("bo "))
        .expect("bo is listed");
    assert!(
        bo_row.contains("active") && bo_row.contains("E2"),
        "{bo_row}"
    );
}

#[test]
fn an_unfinished_account_is_listed_as_awaiting_its_first_login() {
    let vault = team_vault();
    vault.add_account("cy", "employee", Some("E3"));
    let accounts = vault.admin().args(["account", "list"]).succeeds().stdout();
    let row = accounts
        .lines()
        .find(|l| l.starts_with("cy "))
        .expect("cy is listed");
    assert!(row.contains("awaiting first login"), "{row}");
}

#[test]
fn a_passphrase_change_retires_the_old_passphrase() {
    let vault = team_vault();
    let cy = vault.add_user("cy", "employee", Some("E3"));
    let new = "cy's second long passphrase";
    let changed = vault
        .as_user(&cy)
        .env("STEADY_NEW_PASSPHRASE", new)
        .args(["account", "passwd"])
        .succeeds();
    assert!(changed.stderr.contains("Passphrase changed"), "{changed:?}");

    vault
        .as_user(&cy)
        .args(["people", "list"])
        .outcome()
        .one_clear_line(3);
    assert_eq!(vault.visible_ids(&User::new("cy", new)), ["E3"]);

    // The admin's own passphrase changes the same way.
    vault
        .admin()
        .env("STEADY_NEW_PASSPHRASE", "admin passphrase two")
        .args(["account", "passwd"])
        .succeeds();
    vault
        .admin()
        .args(["people", "list"])
        .outcome()
        .one_clear_line(3);
    vault
        .cmd(ADMIN, "admin passphrase two")
        .args(["account", "list"])
        .succeeds();
}

#[test]
fn passwd_without_a_new_passphrase_is_a_usage_error_and_changes_nothing() {
    let vault = team_vault();
    let before = vault.snapshot();
    let line = vault
        .admin()
        .args(["account", "passwd"])
        .outcome()
        .one_clear_line(2);
    assert!(line.contains("STEADY_NEW_PASSPHRASE"), "{line}");
    assert_eq!(vault.snapshot(), before);
}

#[test]
fn a_disabled_account_cannot_log_in_and_is_listed_as_disabled() {
    let vault = team_vault();
    let bo = vault.add_user("bo", "supervisor,employee", Some("E2"));
    let note = vault.admin().args(["account", "disable", "bo"]).succeeds();
    assert!(note.stderr.contains("steady rekey"), "{note:?}");

    let line = vault
        .as_user(&bo)
        .args(["people", "list"])
        .outcome()
        .one_clear_line(3);
    assert!(line.contains("wrong login or passphrase"), "{line}");

    let accounts = vault
        .admin()
        .args(["--json", "account", "list"])
        .succeeds()
        .json();
    let bo_entry = accounts
        .as_array()
        .and_then(|a| a.iter().find(|x| x["login"] == "bo"))
        .expect("bo is listed");
    assert_eq!(bo_entry["disabled"], true);
    let text = vault.admin().args(["account", "list"]).succeeds().stdout();
    let row = text.lines().find(|l| l.starts_with("bo ")).expect("bo row");
    assert!(row.contains("disabled"), "{row}");

    // Disabling twice, an unknown account, or oneself is refused.
    vault.admin().args(["account", "disable", "bo"]).exits(5);
    vault
        .admin()
        .args(["account", "disable", "nobody"])
        .exits(5);
    vault.admin().args(["account", "disable", ADMIN]).exits(5);
}

#[test]
fn rekey_keeps_every_active_account_and_locks_out_the_old_key() {
    let vault = team_vault();
    let bo = vault.add_user("bo", "supervisor,employee", Some("E2"));
    let cy = vault.add_user("cy", "employee", Some("E3"));
    let coord = vault.add_user("co", "coordinator", None);
    let old_keyring = vault.write_file(
        "old.keyring",
        std::fs::read(vault.keyring()).expect("read keyring"),
    );

    let done = vault.admin().arg("rekey").succeeds();
    assert!(done.stderr.contains("Rekeyed"), "{done:?}");
    assert_ne!(
        std::fs::read(vault.keyring()).ok(),
        std::fs::read(&old_keyring).ok(),
        "the keyring was rewritten"
    );

    for user in [&User::admin(), &bo, &cy, &coord] {
        vault.as_user(user).args(["people", "list"]).succeeds();
    }
    assert_eq!(vault.visible_ids(&bo), ["E2", "E3"]);

    // Someone who kept a copy of the old keyring (and so the old master key) is locked out.
    let new_keyring = std::fs::read(vault.keyring()).expect("read new keyring");
    std::fs::copy(&old_keyring, vault.keyring()).expect("put the old keyring back");
    crate::common::set_mode(&vault.keyring(), 0o600);
    for user in [&User::admin(), &cy] {
        let line = vault
            .as_user(user)
            .args(["people", "list"])
            .outcome()
            .one_clear_line(6);
        assert!(
            line.contains("cannot be opened with this keyring"),
            "{line}"
        );
    }
    std::fs::write(vault.keyring(), new_keyring).expect("restore the new keyring");
    vault.as_user(&cy).args(["people", "list"]).succeeds();
    vault.admin().args(["audit", "verify"]).succeeds();
}

#[test]
fn rekey_after_disabling_keeps_the_others_and_not_the_disabled() {
    let vault = team_vault();
    let bo = vault.add_user("bo", "supervisor,employee", Some("E2"));
    let cy = vault.add_user("cy", "employee", Some("E3"));
    vault.admin().args(["account", "disable", "cy"]).succeeds();
    vault.admin().arg("rekey").succeeds();
    vault.as_user(&bo).args(["people", "list"]).succeeds();
    vault
        .as_user(&cy)
        .args(["people", "list"])
        .outcome()
        .one_clear_line(3);
}

fn tally(vault: &TestVault) -> serde_json::Value {
    let bytes = std::fs::read(vault.tally()).expect("the tally file exists");
    serde_json::from_slice(&bytes).expect("the tally is JSON")
}

#[test]
fn failed_logins_slow_down_that_account_only_and_are_reported_later() {
    let vault = team_vault();
    let cy = vault.add_user("cy", "employee", Some("E3"));
    let before = vault.snapshot();

    for _ in 0..3 {
        let line = vault
            .cmd(ADMIN, "a wrong passphrase guess")
            .args(["people", "list"])
            .outcome()
            .one_clear_line(3);
        assert!(line.contains("wrong login or passphrase"), "{line}");
    }
    // Even the right passphrase must wait now.
    let line = vault
        .admin()
        .args(["people", "list"])
        .outcome()
        .one_clear_line(3);
    assert!(line.contains("try again in"), "{line}");
    assert!(line.contains(ADMIN), "{line}");
    assert_eq!(vault.snapshot(), before, "failed logins changed the vault");
    let counted = &tally(&vault)["accounts"][ADMIN];
    assert_eq!(
        (&counted["count"], &counted["refused"]),
        (&3.into(), &1.into())
    );

    // Another account is not slowed down.
    vault.as_user(&cy).args(["people", "list"]).succeeds();

    // Later (the wait long over), the right passphrase works and says what happened.
    let rewound = serde_json::json!({
        "version": 2,
        "accounts": { ADMIN: { "count": 3, "last_unix": 1_000_000, "refused": 1 } },
    });
    std::fs::write(vault.tally(), rewound.to_string()).expect("rewrite the tally");
    let ok = vault.admin().args(["people", "list"]).succeeds();
    assert!(ok.stderr.contains("4 failed login attempt(s)"), "{ok:?}");
    assert!(
        tally(&vault)["accounts"].get(ADMIN).is_none(),
        "the count is cleared"
    );

    let entries = vault
        .admin()
        .args(["--json", "audit", "list"])
        .succeeds()
        .json();
    let entry = entries
        .as_array()
        .and_then(|a| a.iter().find(|e| e["action"] == "login.failed_attempts"))
        .expect("a login.failed_attempts entry");
    assert_eq!(entry["subject"], ADMIN);
    assert!(
        entry["detail"].as_str().unwrap_or("").contains('4'),
        "{entry}"
    );

    // The next login has nothing to report.
    let quiet = vault.admin().args(["people", "list"]).succeeds();
    assert!(!quiet.stderr.contains("failed login"), "{quiet:?}");
}

#[test]
fn bad_account_input_is_refused_and_changes_nothing() {
    let vault = team_vault();
    vault.add_account("bo", "employee", Some("E2"));
    let before = vault.snapshot();

    let unknown_role = vault
        .admin()
        .args([
            "account",
            "add",
            "dee",
            "--roles",
            "employee,boss",
            "--person",
            "E3",
        ])
        .outcome()
        .one_clear_line(5);
    assert!(
        unknown_role.contains("unknown role 'boss'"),
        "{unknown_role}"
    );

    let taken = vault
        .admin()
        .args([
            "account", "add", "bo", "--roles", "employee", "--person", "E3",
        ])
        .outcome()
        .one_clear_line(5);
    assert!(taken.contains("already taken"), "{taken}");

    let no_person = vault
        .admin()
        .args(["account", "add", "dee", "--roles", "supervisor"])
        .outcome()
        .one_clear_line(5);
    assert!(no_person.contains("--person"), "{no_person}");

    let unknown_person = vault
        .admin()
        .args([
            "account", "add", "dee", "--roles", "employee", "--person", "E404",
        ])
        .outcome()
        .one_clear_line(5);
    assert!(unknown_person.contains("E404"), "{unknown_person}");

    let bad_login = vault
        .admin()
        .args(["account", "add", "Dee Dee", "--roles", "coordinator"])
        .outcome()
        .one_clear_line(5);
    assert!(bad_login.contains("not a valid login"), "{bad_login}");

    let missing_roles = vault.admin().args(["account", "add", "dee"]).exits(2);
    assert!(
        missing_roles.stderr.contains("--roles"),
        "{missing_roles:?}"
    );

    assert_eq!(vault.snapshot(), before);
    let logins: Vec<String> = vault
        .admin()
        .args(["--json", "account", "list"])
        .succeeds()
        .json()
        .as_array()
        .expect("accounts")
        .iter()
        .map(|a| a["login"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(logins.len(), 2, "{logins:?}");
    assert!(logins.contains(&"bo".to_string()) && logins.contains(&ADMIN.to_string()));
}

#[test]
fn a_person_has_one_active_account_and_a_second_is_refused_by_name() {
    let vault = team_vault();
    vault.add_user("bo", "supervisor,employee", Some("E2"));
    let before = vault.snapshot();
    let line = vault
        .admin()
        .args([
            "account", "add", "bo2", "--roles", "employee", "--person", "E2",
        ])
        .outcome()
        .one_clear_line(5);
    assert!(
        line.contains("E2 already has an active account, bo"),
        "{line}"
    );
    assert_eq!(vault.snapshot(), before, "nothing was created");
    // Once the first is disabled, the person may have a new one.
    vault.admin().args(["account", "disable", "bo"]).succeeds();
    vault
        .admin()
        .args([
            "account", "add", "bo2", "--roles", "employee", "--person", "E2",
        ])
        .succeeds();
}

#[test]
fn every_employee_can_list_who_holds_the_coordinator_role_and_since_when() {
    let vault = team_vault();
    let cy = vault.add_user("cy", "employee", Some("E3"));
    vault.add_user("gus", "coordinator,employee", Some("E1"));
    vault.add_account("newcoord", "coordinator", None);
    let listed = vault
        .as_user(&cy)
        .args(["--json", "account", "coordinators"])
        .succeeds()
        .json();
    let rows = listed.as_array().expect("a list");
    assert_eq!(rows.len(), 2, "{listed}");
    assert_eq!(rows[0]["login"], "gus");
    assert_eq!(rows[0]["name"], "Ana Abara");
    assert!(
        rows[0]["since"].as_str().is_some_and(|s| s.len() >= 10),
        "{listed}"
    );
    assert_eq!(rows[0]["can_read_shared"], true);
    assert_eq!(rows[1]["login"], "newcoord");
    assert_eq!(
        rows[1]["can_read_shared"], false,
        "not before their first login"
    );
    // The grant is in the audit log.
    let audit = vault
        .admin()
        .args(["--json", "audit", "list"])
        .succeeds()
        .stdout();
    assert!(audit.contains("roles coordinator,employee"), "{audit}");
}

#[test]
fn sharing_a_self_check_names_who_will_read_it_first() {
    let vault = team_vault();
    let cy = vault.add_user("cy", "employee", Some("E3"));
    vault.add_user("gus", "coordinator,employee", Some("E1"));
    let out = vault
        .as_user(&cy)
        .args([
            "selfcheck",
            "take",
            "who5",
            "--answers",
            "3,3,3,3,3",
            "--share",
        ])
        .succeeds();
    assert!(
        out.stderr
            .contains("can be read by the wellness coordinators: gus (Ana Abara)"),
        "{out:?}"
    );
    assert!(
        out.stdout().contains("shared with 1 coordinator"),
        "{out:?}"
    );
    vault
        .as_user(&cy)
        .args(["selfcheck", "unshare", "1"])
        .succeeds();
    let shared = vault
        .as_user(&cy)
        .args(["selfcheck", "share", "1", "--yes"])
        .succeeds()
        .stderr;
    assert!(shared.contains("gus (Ana Abara)"), "{shared}");
}
