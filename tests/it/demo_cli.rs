//! `steady demo`: a synthetic vault whose printed logins all work, reused on a second run,
//! at the default size and at the size of a large agency.

use std::collections::HashMap;
use std::path::Path;

use crate::common::{RunExt, TestVault, User, steady};
use serde_json::Value;

const CHEAP_KDF: [&str; 4] = ["--kdf-memory-mib", "19", "--kdf-iterations", "2"];

fn demo(dir: &Path, people: usize, json: bool) -> crate::common::Outcome {
    let mut cmd = steady();
    cmd.arg("demo")
        .arg("--dir")
        .arg(dir)
        .args(["--people", &people.to_string(), "--no-tui"])
        .args(CHEAP_KDF);
    if json {
        cmd.arg("--json");
    }
    cmd.succeeds()
}

/// The demo vault in `dir` as a [`TestVault`] (its temp folder owned elsewhere).
fn vault_at(dir: &Path) -> TestVault {
    TestVault {
        dir: tempfile::tempdir().expect("temp dir"),
        db: dir.join("steady.db"),
    }
}

/// (login, passphrase) pairs from the printed table.
fn logins_from_table(stdout: &str) -> Vec<User> {
    stdout
        .lines()
        .skip_while(|l| !l.starts_with("login "))
        .skip(1)
        .map(|l| {
            let mut words = l.split_whitespace();
            let login = words.next().expect("a login");
            let passphrase = words.next().expect("a passphrase");
            User::new(login, passphrase)
        })
        .collect()
}

fn logins_from_json(json: &Value) -> Vec<User> {
    json["logins"]
        .as_array()
        .expect("a list of logins")
        .iter()
        .map(|l| {
            User::new(
                l["login"].as_str().expect("login"),
                l["passphrase"].as_str().expect("passphrase"),
            )
        })
        .collect()
}

fn user<'a>(users: &'a [User], login: &str) -> &'a User {
    users
        .iter()
        .find(|u| u.login == login)
        .unwrap_or_else(|| panic!("no demo login {login}"))
}

/// How many levels below `root` the deepest of `people` is (each with a supervisor_id).
fn levels_below(people: &Value, root: &str) -> usize {
    let supervisor_of: HashMap<&str, &str> = people
        .as_array()
        .expect("people")
        .iter()
        .filter_map(|p| Some((p["employee_id"].as_str()?, p["supervisor_id"].as_str()?)))
        .collect();
    supervisor_of
        .keys()
        .filter_map(|id| {
            let mut steps = 0;
            let mut current = *id;
            while let Some(up) = supervisor_of.get(current) {
                steps += 1;
                if *up == root {
                    return Some(steps);
                }
                current = up;
            }
            None
        })
        .max()
        .unwrap_or(0)
}

/// Checks what each demo login sees in a vault of `size` people.
fn check_demo_vault(vault: &TestVault, users: &[User], size: usize) {
    let logins: Vec<&str> = users.iter().map(|u| u.login.as_str()).collect();
    assert_eq!(
        logins,
        ["admin", "supervisor", "mentor", "coordinator", "employee"]
    );
    let everyone = vault
        .as_user(user(users, "admin"))
        .args(["--json", "people", "list"])
        .succeeds()
        .json();
    assert_eq!(everyone.as_array().map(Vec::len), Some(size));

    let accounts = vault
        .as_user(user(users, "admin"))
        .args(["--json", "account", "list"])
        .succeeds()
        .json();
    let person_of = |login: &str| -> String {
        accounts
            .as_array()
            .and_then(|a| a.iter().find(|x| x["login"] == login))
            .and_then(|a| a["person_id"].as_str())
            .unwrap_or_else(|| panic!("{login} has a person"))
            .to_string()
    };

    let supervisor = user(users, "supervisor");
    let team = vault
        .as_user(supervisor)
        .args(["--json", "people", "list"])
        .succeeds()
        .json();
    let me = person_of("supervisor");
    let depth = levels_below(&team, &me);
    assert!(
        depth >= 2,
        "the demo supervisor should lead a team several levels deep, not {depth}"
    );
    let team_size = team.as_array().map_or(0, Vec::len);
    assert!(team_size > 8 && team_size < size, "{team_size}");
    // The demo employee is in that team; the mentor and coordinator are not.
    let ids: Vec<&str> = team
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["employee_id"].as_str())
        .collect();
    assert!(ids.contains(&person_of("employee").as_str()));
    assert!(!ids.contains(&person_of("mentor").as_str()));

    let mentees = vault.visible_ids(user(users, "mentor"));
    assert!(mentees.len() >= 4, "the mentor has mentees: {mentees:?}");
    assert_eq!(
        vault.visible_ids(user(users, "employee")),
        [person_of("employee")]
    );
    assert_eq!(vault.visible_ids(user(users, "coordinator")).len(), size);
}

#[test]
fn the_demo_prints_working_logins_and_is_reused_on_a_second_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let demo_dir = dir.path().join("demo");
    let first = demo(&demo_dir, 200, false);
    assert!(first.stderr.contains("Creating a demo vault"), "{first:?}");
    let stdout = first.stdout();
    assert!(
        stdout.contains("synthetic people, not real data"),
        "{stdout}"
    );
    let users = logins_from_table(&stdout);
    let vault = vault_at(&demo_dir);
    check_demo_vault(&vault, &users, 200);

    // The admin's view through --db, as the README tells people to open it.
    let admin = steady()
        .arg("--db")
        .arg(demo_dir.join("steady.db"))
        .args(["--user", "admin", "--json", "people", "list"])
        .env("STEADY_PASSPHRASE", &user(&users, "admin").passphrase)
        .succeeds()
        .json();
    assert_eq!(admin.as_array().map(Vec::len), Some(200));

    let again = demo(&demo_dir, 200, false);
    assert!(again.stderr.contains("Reusing the demo vault"), "{again:?}");
    assert!(!again.stderr.contains("Creating"), "{again:?}");
    let again_users = logins_from_table(&again.stdout());
    assert_eq!(format!("{again_users:?}"), format!("{users:?}"));
    assert_eq!(again.stdout(), stdout, "the same table both times");
}

#[test]
fn the_demo_prints_json_for_scripts() {
    let dir = crate::common::private_tempdir();
    let first = demo(dir.path(), 200, true).json();
    assert_eq!(
        first["db"].as_str().map(Path::new),
        Some(dir.path().join("steady.db").as_path())
    );
    for login in first["logins"].as_array().expect("logins") {
        assert!(
            login["roles"].as_str().is_some_and(|r| !r.is_empty()),
            "{login}"
        );
        assert!(login["about"].as_str().is_some(), "{login}");
    }
    let users = logins_from_json(&first);
    check_demo_vault(&vault_at(dir.path()), &users, 200);
    let again = demo(dir.path(), 200, true).json();
    assert_eq!(again, first);
}

#[test]
fn the_demo_scales_to_a_large_agency() {
    let dir = crate::common::private_tempdir();
    let users = logins_from_json(&demo(dir.path(), 60_000, true).json());
    check_demo_vault(&vault_at(dir.path()), &users, 60_000);
}

#[test]
fn a_demo_with_years_of_history_says_so_and_has_it() {
    let dir = crate::common::private_tempdir();
    let out = steady()
        .arg("demo")
        .arg("--dir")
        .arg(dir.path())
        .args(["--people", "120", "--years", "2", "--no-tui", "--json"])
        .args(CHEAP_KDF)
        .succeeds();
    assert!(
        out.stderr
            .contains("Creating a demo vault with 120 synthetic people and 2 years of history"),
        "{out:?}"
    );
    let users = logins_from_json(&out.json());
    let coordinator = user(&users, "coordinator");
    let report = steady()
        .arg("--db")
        .arg(dir.path().join("steady.db"))
        .args(["--user", "coordinator", "--json", "report", "engagement"])
        .env("STEADY_PASSPHRASE", &coordinator.passphrase)
        .succeeds()
        .json();
    let checked_in: u64 = report["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|row| row["unit"] == "all")
        .filter_map(|row| row["checked_in"].as_u64())
        .sum();
    assert!(checked_in > 500, "a year of monthly check-ins: {report}");
}

#[test]
fn the_demo_never_touches_a_real_vault() {
    let real = TestVault::init();
    let before = real.snapshot();
    let line = steady()
        .arg("demo")
        .arg("--dir")
        .arg(real.folder())
        .arg("--no-tui")
        .args(CHEAP_KDF)
        .outcome()
        .one_clear_line(5);
    assert!(line.contains("real vault"), "{line}");
    assert_eq!(real.snapshot(), before);
}

#[test]
fn without_a_terminal_the_demo_says_how_to_open_it_later() {
    let dir = crate::common::private_tempdir();
    let mut cmd = steady();
    let out = cmd
        .arg("demo")
        .arg("--dir")
        .arg(dir.path())
        .args(CHEAP_KDF)
        .succeeds();
    assert!(out.stderr.contains("Not a terminal"), "{out:?}");
    assert!(out.stderr.contains("steady --db"), "{out:?}");
    assert!(!logins_from_table(&out.stdout()).is_empty());
}
