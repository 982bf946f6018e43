//! Secrets stay secret: no passphrase (current, new, one-time or wrong) in anything a
//! command prints, none in `Debug` output, and no core dump of a process holding keys.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::common::{Outcome, RunExt, TEAM_ROSTER, TestVault, User, roster};
use steady::desk::Passphrase;
use steady::desk::{LockedVault, Unlock, VaultPaths};
use steady::testing::Key32;

const SUP_PASS: &str = "Quokka-Tangerine-Lighthouse-7391";
const SUP_NEXT: &str = "Marmalade-Zeppelin-Fjord-2846";
const WRONG: &str = "Platypus-Obsidian-Carousel-5517";
const TOO_SHORT: &str = "Vxq-41";

/// Every passphrase this file uses, and distinctive fragments of each.
fn needles(extra: &[&str]) -> Vec<String> {
    let mut all: Vec<String> = [
        SUP_PASS,
        SUP_NEXT,
        WRONG,
        TOO_SHORT,
        crate::common::ADMIN_PASS,
    ]
    .iter()
    .chain(extra)
    .map(|s| s.to_string())
    .collect();
    // The words of each, too; not the four-digit numbers, which ids, sizes and times in
    // ordinary output contain by chance.
    for s in [SUP_PASS, SUP_NEXT, WRONG] {
        all.extend(
            s.split('-')
                .filter(|part| !part.chars().all(|c| c.is_ascii_digit()))
                .map(str::to_string),
        );
    }
    all
}

fn assert_no_secret(outcome: &Outcome, what: &str, needles: &[String]) {
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&outcome.stdout),
        outcome.stderr
    );
    for needle in needles {
        assert!(
            !text.contains(needle.as_str()),
            "{what} printed {needle:?}:\n{text}"
        );
    }
}

#[test]
fn no_command_prints_a_passphrase_whatever_happens() {
    let vault = TestVault::with_roster(&roster(TEAM_ROSTER));
    let one_time = vault.add_account("sup", "supervisor,employee", Some("E2"));
    let needles = needles(&[]);
    let sup = User::new("sup", SUP_PASS);
    let mut runs: Vec<(&str, Outcome)> = Vec::new();
    // A first login that picks a passphrase too short, then a good one.
    runs.push((
        "first login, too short",
        vault
            .cmd("sup", &one_time)
            .env("STEADY_NEW_PASSPHRASE", TOO_SHORT)
            .args(["people", "list"])
            .exits(5),
    ));
    runs.push((
        "first login",
        vault
            .cmd("sup", &one_time)
            .env("STEADY_NEW_PASSPHRASE", SUP_PASS)
            .args(["people", "list"])
            .succeeds(),
    ));
    runs.push((
        "wrong passphrase",
        vault.cmd("sup", WRONG).args(["people", "list"]).exits(3),
    ));
    for json in [false, true] {
        let mut cmd = vault.as_user(&sup);
        if json {
            cmd.arg("--json");
        }
        runs.push((
            "check-in",
            cmd.args(["checkin", "add", "E4", "--wellbeing", "2", "--note", "fine"])
                .succeeds(),
        ));
    }
    runs.push((
        "self-check",
        vault
            .as_user(&sup)
            .args([
                "--json",
                "selfcheck",
                "take",
                "who5",
                "--answers",
                "1,1,1,1,1",
            ])
            .succeeds(),
    ));
    runs.push((
        "passwd",
        vault
            .as_user(&sup)
            .env("STEADY_NEW_PASSPHRASE", SUP_NEXT)
            .args(["account", "passwd"])
            .succeeds(),
    ));
    runs.push((
        "old passphrase after passwd",
        vault.as_user(&sup).args(["people", "list"]).exits(3),
    ));
    for args in [
        vec!["audit", "list", "--limit", "1000"],
        vec!["--json", "audit", "list", "--limit", "1000"],
        vec!["account", "list"],
        vec!["--json", "account", "list"],
        vec!["rekey"],
    ] {
        runs.push(("admin", vault.admin().args(&args).succeeds()));
    }
    for (what, outcome) in &runs {
        assert_no_secret(outcome, what, &needles);
    }
    // The one-time passphrase is printed once, to the admin who made it, and never again.
    for (what, outcome) in &runs {
        assert_no_secret(outcome, what, std::slice::from_ref(&one_time));
    }
}

#[test]
fn debug_output_never_shows_a_secret() {
    let vault = TestVault::init();
    let pass = Passphrase::new(SUP_PASS);
    let key = Key32::random();
    for shown in [format!("{pass:?}"), format!("{key:?}")] {
        assert!(shown.contains("redacted"), "{shown}");
        assert!(!shown.contains(SUP_PASS), "{shown}");
    }
    let locked = LockedVault::open(&VaultPaths::for_db(&vault.db)).expect("the vault opens");
    let Unlock::Ready(mut session, _) = locked
        .unlock(
            crate::common::ADMIN,
            &Passphrase::new(crate::common::ADMIN_PASS),
        )
        .expect("the admin unlocks")
    else {
        panic!("the admin must not need a passphrase change");
    };
    let new = session
        .add_account(
            "auditor",
            steady::domain::Roles::new([steady::domain::Role::Admin]),
            None,
        )
        .expect("add an account");
    let one_time = new.one_time_passphrase.expose().to_string();
    for shown in [
        format!("{locked:?}"),
        format!("{locked:#?}"),
        format!("{session:?}"),
        format!("{session:#?}"),
        format!("{new:?}"),
        format!("{new:#?}"),
    ] {
        for secret in [crate::common::ADMIN_PASS, one_time.as_str()] {
            assert!(!shown.contains(secret), "{secret:?} in {shown}");
        }
    }
}

#[test]
fn a_process_holding_keys_cannot_dump_core() {
    let vault = TestVault::with_roster(&roster(TEAM_ROSTER));
    let sup = vault.add_user("sup", "supervisor,employee", Some("E2"));
    let mut child = vault
        .process_as(&sup)
        .args(["drill-checkins", "E4", "--count", "100000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("steady starts");
    // Once it has committed a write it is unlocked and holds the keys.
    let mut lines = BufReader::new(child.stdout.take().expect("a piped stdout")).lines();
    let first = lines.next();
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", child.id()));
    child.kill().expect("kill the writer");
    child.wait().expect("reap the writer");
    assert!(
        matches!(first, Some(Ok(ref l)) if l.starts_with("committed ")),
        "{first:?}"
    );
    let limits = limits.expect("read the process's limits");
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .expect("a core size line");
    let numbers: Vec<&str> = core.split_whitespace().skip(4).take(2).collect();
    assert_eq!(numbers, ["0", "0"], "{core}");
}
