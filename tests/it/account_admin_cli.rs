//! The admin's account commands beyond add and disable: `account roles` and `account
//! reset`, their exit codes, what they store and audit, and bad input that changes nothing.

use crate::common::{RunExt, TestVault, User, roster};

fn team_vault() -> TestVault {
    TestVault::with_roster(&roster(&[
        "E1,Ana Abara,North,",
        "E2,Bo Baptiste,North,E1",
        "E3,Cy Castellanos,North,E2",
    ]))
}

/// The roles `account list --json` gives `login`.
fn roles_of(vault: &TestVault, login: &str) -> String {
    let list = vault
        .admin()
        .args(["--json", "account", "list"])
        .succeeds()
        .json();
    list.as_array()
        .expect("a list of accounts")
        .iter()
        .find(|a| a["login"] == login)
        .and_then(|a| a["roles"].as_array())
        .map(|roles| {
            roles
                .iter()
                .filter_map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(",")
        })
        .expect("the account is listed")
}

#[test]
fn roles_change_is_stored_audited_and_says_what_a_new_coordinator_cannot_read() {
    let vault = team_vault();
    vault.add_user("bo", "supervisor,employee", Some("E2"));

    let out = vault
        .admin()
        .args([
            "account",
            "roles",
            "bo",
            "--roles",
            "supervisor,employee,coordinator",
        ])
        .succeeds();
    assert!(
        out.stdout()
            .contains("bo: roles supervisor,coordinator,employee (were supervisor,employee)"),
        "{out:?}"
    );
    assert!(
        out.stderr
            .contains("sealed to the coordinators of that moment, so bo cannot read them"),
        "{out:?}"
    );
    assert_eq!(roles_of(&vault, "bo"), "supervisor,coordinator,employee");
    let entries = vault
        .admin()
        .args(["--json", "audit", "list"])
        .succeeds()
        .json();
    assert!(
        entries
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "account.roles"
                && e["subject"] == "bo"
                && e["detail"].as_str().is_some_and(
                    |d| d.contains("supervisor,employee → supervisor,coordinator,employee")
                )),
        "{entries}"
    );
    // The chain knows the new roles: verify agrees with the table.
    vault.admin().args(["audit", "verify"]).succeeds();

    // The same roles again change nothing and say so.
    let before = vault.snapshot();
    let same = vault
        .admin()
        .args([
            "account",
            "roles",
            "bo",
            "--roles",
            "coordinator,employee,supervisor",
        ])
        .succeeds();
    assert!(same.stdout().contains("nothing changed"), "{same:?}");
    assert_eq!(vault.snapshot(), before);

    // Taking the role away again says what that means.
    let back = vault
        .admin()
        .args([
            "--json",
            "account",
            "roles",
            "bo",
            "--roles",
            "supervisor,employee",
        ])
        .succeeds()
        .json();
    assert_eq!(back["changed"], true);
    assert!(
        back["notes"][0]
            .as_str()
            .is_some_and(|n| n.contains("no longer reads shared self-checks")),
        "{back}"
    );
}

#[test]
fn bad_roles_changes_are_refused_with_their_exit_code_and_change_nothing() {
    let vault = team_vault();
    let bo = vault.add_user("bo", "supervisor,employee", Some("E2"));
    vault.add_user("cora", "coordinator", None);
    let before = vault.snapshot();

    let cases: [(&[&str], i32, &str); 6] = [
        (&["bo", "--roles", "wizard"], 5, "wizard"),
        (&["nobody", "--roles", "mentor"], 5, "no account nobody"),
        (&["admin", "--roles", "mentor"], 5, "last active admin"),
        (
            &["cora", "--roles", "coordinator,employee"],
            5,
            "needs a roster person",
        ),
        (&["bo", "--roles", "operator"], 5, "operator role"),
        (&["bo", "--roles", ""], 5, "at least one role"),
    ];
    for (args, code, words) in cases {
        let line = vault
            .admin()
            .args(["account", "roles"])
            .args(args)
            .outcome()
            .one_clear_line(code);
        assert!(line.contains(words), "{args:?}: {line}");
        assert_eq!(vault.snapshot(), before, "{args:?} changed the vault");
    }

    // Only an admin changes roles.
    let line = vault
        .as_user(&bo)
        .args([
            "account",
            "roles",
            "bo",
            "--roles",
            "admin,supervisor,employee",
        ])
        .outcome()
        .one_clear_line(4);
    assert!(line.contains("admin"), "{line}");
    assert_eq!(roles_of(&vault, "bo"), "supervisor,employee");
}

#[test]
fn a_reset_gives_a_one_time_passphrase_then_new_keys_and_the_chain_still_verifies() {
    let vault = team_vault();
    let bo = vault.add_user("bo", "supervisor,employee", Some("E2"));
    let cora = vault.add_user("cora", "coordinator", None);
    // A self-check bo never shared: sealed to the key the reset replaces.
    vault
        .as_user(&bo)
        .args(["selfcheck", "take", "who5", "--answers", "3,3,3,3,3"])
        .succeeds();
    // And one shared with the coordinators, which stays theirs to read.
    vault
        .as_user(&bo)
        .args([
            "selfcheck",
            "take",
            "who5",
            "--answers",
            "2,2,2,2,2",
            "--share",
            "--yes",
        ])
        .succeeds();

    // Without --yes and without a terminal: a usage error, nothing changed.
    let before = vault.snapshot();
    let line = vault
        .admin()
        .args(["account", "reset", "bo"])
        .outcome()
        .one_clear_line(2);
    assert!(line.contains("--yes"), "{line}");
    assert_eq!(vault.snapshot(), before);

    let reset = vault
        .admin()
        .args(["--json", "account", "reset", "bo", "--yes"])
        .succeeds()
        .json();
    assert_eq!(reset["login"], "bo");
    let one_time = reset["one_time_passphrase"].as_str().unwrap().to_string();

    // The old passphrase no longer opens; the one-time one asks for a new one first.
    vault
        .as_user(&bo)
        .args(["people", "list"])
        .outcome()
        .one_clear_line(3);
    let line = vault
        .cmd("bo", &one_time)
        .args(["people", "list"])
        .outcome()
        .one_clear_line(3);
    assert!(line.contains("must choose a new passphrase"), "{line}");
    vault.first_login("bo", &one_time, "bo's passphrase after the reset");
    let bo = User::new("bo", "bo's passphrase after the reset");
    assert_eq!(vault.visible_ids(&bo), ["E2", "E3"]);
    // The self-check sealed to the old key is gone from bo's list; the list still opens.
    let mine = vault
        .as_user(&bo)
        .args(["--json", "selfcheck", "list"])
        .succeeds()
        .json();
    assert_eq!(mine.as_array().map(Vec::len), Some(0), "{mine}");
    let said = vault.as_user(&bo).args(["selfcheck", "list"]).succeeds();
    assert!(
        said.stderr
            .contains("2 of your self-checks from before your passphrase was reset"),
        "{said:?}"
    );
    let new_one = vault
        .as_user(&bo)
        .args(["selfcheck", "take", "who5", "--answers", "4,4,4,4,4"])
        .succeeds();
    assert!(new_one.code == Some(0));
    let mine = vault
        .as_user(&bo)
        .args(["--json", "selfcheck", "list"])
        .succeeds()
        .json();
    assert_eq!(mine.as_array().map(Vec::len), Some(1), "{mine}");

    // Every key change is in the chain: the admin's reset, then bo's own first login.
    vault.admin().args(["audit", "verify"]).succeeds();
    let entries = vault
        .admin()
        .args(["--json", "audit", "list"])
        .succeeds()
        .json();
    let actions: Vec<&str> = entries
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["subject"] == "bo")
        .filter_map(|e| e["action"].as_str())
        .collect();
    let reset_at = actions.iter().position(|a| *a == "account.reset");
    let chosen_at = actions
        .iter()
        .rposition(|a| *a == "account.first_passphrase");
    assert!(
        reset_at.is_some_and(|r| chosen_at.is_some_and(|c| r < c)),
        "{actions:?}"
    );
    // The shared one still opens for the coordinator.
    let shared = vault
        .as_user(&cora)
        .args(["--json", "selfcheck", "list"])
        .succeeds()
        .json();
    assert_eq!(shared.as_array().map(Vec::len), Some(1), "{shared}");
    assert_eq!(shared[0]["owner"], "bo", "{shared}");
    assert!(shared[0]["total"].is_number(), "{shared}");

    // A rekey afterwards seals the new master key to bo's new keys: bo still logs in.
    vault.admin().args(["rekey"]).succeeds();
    assert_eq!(vault.visible_ids(&bo), ["E2", "E3"]);
    vault.admin().args(["audit", "verify"]).succeeds();
}

#[test]
fn resets_that_cannot_be_done_are_refused_and_change_nothing() {
    let vault = team_vault();
    let bo = vault.add_user("bo", "supervisor,employee", Some("E2"));
    vault.add_user("cy", "employee", Some("E3"));
    vault.admin().args(["account", "disable", "cy"]).succeeds();
    let before = vault.snapshot();

    let cases: [(&str, i32, &str); 3] = [
        ("admin", 5, "cannot reset your own passphrase"),
        ("nobody", 5, "no account nobody"),
        ("cy", 5, "disabled"),
    ];
    for (login, code, words) in cases {
        let line = vault
            .admin()
            .args(["account", "reset", login, "--yes"])
            .outcome()
            .one_clear_line(code);
        assert!(line.contains(words), "{login}: {line}");
        assert_eq!(vault.snapshot(), before, "{login} changed the vault");
    }
    let line = vault
        .as_user(&bo)
        .args(["account", "reset", "cy", "--yes"])
        .outcome()
        .one_clear_line(4);
    assert!(line.contains("admin"), "{line}");
    // bo's passphrase still works: nothing was reset.
    assert_eq!(vault.visible_ids(&bo), ["E2", "E3"]);
}
