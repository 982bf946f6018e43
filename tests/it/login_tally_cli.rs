//! The failed-login tally against the attacks on it: guesses made all at once, a flood of
//! made-up logins, and a deleted tally file. Each drives the real binary on a real vault.

use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::{ADMIN, RunExt, TestVault};
use serde_json::Value;

const WRONG: &str = "a wrong passphrase guess";
const WRONG_LINE: &str = "wrong login or passphrase";
const WAIT_LINE: &str = "try again in";

fn tally(vault: &TestVault) -> Value {
    let bytes = std::fs::read(vault.tally()).expect("the tally file exists");
    serde_json::from_slice(&bytes).expect("the tally is JSON")
}

fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs() as i64
}

/// Starts `n` logins as `login` with `passphrase` at once, then waits for them all;
/// returns the stderr of each, and how long they took together.
fn at_once(vault: &TestVault, n: usize, login: &str, passphrase: &str) -> (Vec<String>, Duration) {
    let started = Instant::now();
    let children: Vec<_> = (0..n)
        .map(|_| {
            let mut cmd = crate::common::steady_process();
            cmd.arg("--db")
                .arg(&vault.db)
                .args(["--user", login, "people", "list"])
                .env("STEADY_PASSPHRASE", passphrase)
                .stdout(Stdio::null())
                .stderr(Stdio::piped());
            cmd.spawn().expect("steady starts")
        })
        .collect();
    let outputs = children
        .into_iter()
        .map(|child| {
            let out = child.wait_with_output().expect("steady ends");
            assert_eq!(out.status.code(), Some(3), "{out:?}");
            String::from_utf8_lossy(&out.stderr).into_owned()
        })
        .collect();
    (outputs, started.elapsed())
}

#[test]
fn sixteen_wrong_guesses_at_once_are_each_counted_and_the_delay_applies() {
    let vault = TestVault::init();
    let (lines, took) = at_once(&vault, 16, ADMIN, WRONG);
    let checked = lines.iter().filter(|l| l.contains(WRONG_LINE)).count();
    let refused = lines.iter().filter(|l| l.contains(WAIT_LINE)).count();
    assert_eq!(checked + refused, 16, "{lines:#?}");
    // Each guess saw the ones before it: after the two free mistakes and the third, the
    // rest waited (had they taken five seconds, one more could have been checked).
    if took < Duration::from_secs(5) {
        assert_eq!(checked, 3, "{lines:#?}");
    } else {
        assert!(checked < 16, "{lines:#?}");
    }
    let counted = &tally(&vault)["accounts"][ADMIN];
    assert_eq!(counted["count"], checked as u64, "{counted}");
    assert_eq!(counted["refused"], refused as u64, "{counted}");

    // The delay applies to the right passphrase too, and that attempt is counted.
    let line = vault
        .admin()
        .args(["people", "list"])
        .outcome()
        .one_clear_line(3);
    assert!(line.contains(WAIT_LINE), "{line}");

    // Once the wait is over, the next login hears of all seventeen.
    let wait: u64 = line
        .split(WAIT_LINE)
        .nth(1)
        .and_then(|rest| rest.trim().split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("the wait in seconds");
    std::thread::sleep(Duration::from_secs(wait + 1));
    let ok = vault.admin().args(["people", "list"]).succeeds();
    assert!(ok.stderr.contains("17 failed login attempt(s)"), "{ok:?}");
}

#[test]
fn a_thousand_made_up_logins_leave_the_real_accounts_count_and_delay_intact() {
    let vault = TestVault::init();
    for _ in 0..3 {
        vault
            .cmd(ADMIN, WRONG)
            .args(["people", "list"])
            .outcome()
            .one_clear_line(3);
    }
    let before = tally(&vault)["accounts"][ADMIN].clone();
    assert_eq!(before["count"], 3);

    // 1,000 failed logins with made-up names, eight at a time.
    let started = Instant::now();
    for batch in 0..125 {
        let children: Vec<_> = (0..8)
            .map(|i| {
                let mut cmd = crate::common::steady_process();
                cmd.arg("--db")
                    .arg(&vault.db)
                    .args(["--user", &format!("made.up.{batch}.{i}"), "people", "list"])
                    .env("STEADY_PASSPHRASE", WRONG)
                    .stdout(Stdio::null())
                    .stderr(Stdio::null());
                cmd.spawn().expect("steady starts")
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().expect("steady ends");
            assert_eq!(out.status.code(), Some(3));
        }
    }
    let after = tally(&vault);
    assert_eq!(
        after["accounts"][ADMIN], before,
        "the account's record changed"
    );
    let unknown = after["unknown"].as_object().expect("made-up logins");
    assert_eq!(unknown.len(), 1_000);

    // The count is still there: if the wait is not over yet it holds; if it is, the next
    // wrong guess is the fourth, not a first free one, and the wait is longer still.
    if started.elapsed() >= Duration::from_secs(4) {
        vault
            .cmd(ADMIN, WRONG)
            .args(["people", "list"])
            .outcome()
            .one_clear_line(3);
    }
    let line = vault
        .admin()
        .args(["people", "list"])
        .outcome()
        .one_clear_line(3);
    assert!(line.contains(WAIT_LINE), "{line}");
    assert!(line.contains(ADMIN), "{line}");

    // One more made-up name: the oldest made-up one is forgotten, never the account.
    at_once(&vault, 1, "one.more.name", WRONG);
    let after = tally(&vault);
    assert_eq!(after["unknown"].as_object().map(|m| m.len()), Some(1_000));
    assert!(after["unknown"].get("one.more.name").is_some());
    assert!(after["accounts"][ADMIN]["count"].as_u64() >= Some(3));
}

#[test]
fn a_deleted_tally_holds_every_login_back_the_longest_wait_once_and_is_audited() {
    let vault = TestVault::init();
    let emp = vault.add_user("cy", "coordinator", None);
    assert!(vault.tally().exists(), "init writes the tally");
    let before = vault.snapshot();

    // Someone deletes the tally to clear a lockout: every login now waits 15 minutes,
    // the right passphrase included, and a made-up login as much as a real one.
    std::fs::remove_file(vault.tally()).expect("delete the tally");
    for cmd in [
        &mut vault.admin(),
        &mut vault.as_user(&emp),
        &mut vault.cmd("made.up", WRONG),
    ] {
        let line = cmd.args(["people", "list"]).outcome().one_clear_line(3);
        assert!(line.contains(WAIT_LINE), "{line}");
        let wait: u64 = line
            .split(WAIT_LINE)
            .nth(1)
            .and_then(|rest| rest.trim().split(' ').next())
            .and_then(|n| n.parse().ok())
            .expect("the wait in seconds");
        assert!((890..=900).contains(&wait), "{line}");
    }
    assert_eq!(vault.snapshot(), before, "nothing in the vault changed");
    // A damaged tally is a lost one too; deleting it again starts the wait again.
    std::fs::write(vault.tally(), b"{not json").expect("damage the tally");
    vault
        .admin()
        .args(["people", "list"])
        .outcome()
        .one_clear_line(3);
    let lost_at = tally(&vault)["lost_at"].as_i64().expect("marked lost");
    assert!(lost_at >= now_unix() - 60, "{lost_at}");

    // Fifteen minutes later (the mark rewound, as the clock would have moved on), the
    // next login goes through, says so and writes it to the audit log: once.
    let mut rewound = tally(&vault);
    rewound["lost_at"] = (now_unix() - 901).into();
    std::fs::write(vault.tally(), rewound.to_string()).expect("rewind the tally");
    let ok = vault.as_user(&emp).args(["people", "list"]).succeeds();
    assert!(
        ok.stderr
            .contains("the record of failed logins had been deleted or damaged"),
        "{ok:?}"
    );
    assert!(tally(&vault).get("lost_at").is_none(), "{}", tally(&vault));
    let entries: Vec<Value> = vault
        .audit_entries()
        .into_iter()
        .filter(|e| e["action"] == "login.tally_missing")
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["actor"], "cy");
    assert!(
        entries[0]["detail"]
            .as_str()
            .is_some_and(|d| d.contains("missing or unreadable")),
        "{entries:?}"
    );
    let quiet = vault.admin().args(["people", "list"]).succeeds();
    assert!(
        !quiet.stderr.contains("record of failed logins"),
        "{quiet:?}"
    );
    vault.admin().args(["audit", "verify"]).succeeds();
}
