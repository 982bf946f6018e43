//! The operator account: batch work from the host (rules run, roster import, backup,
//! purge) and nothing that shows a record; its rules runs audited once, about no one.

use crate::common::{RunExt, TEAM_ROSTER, Team, User, days_ago, roster};

fn operator(team: &Team) -> User {
    team.vault.add_user("operator", "operator", None)
}

#[test]
fn the_operator_runs_the_batch_commands() {
    let team = Team::new();
    let op = operator(&team);
    team.vault.add_checkin(
        &team.sup,
        "E4",
        &["--wellbeing", "1", "--date", &days_ago(3)],
    );
    let run = team
        .vault
        .json_cmd(&op, &["rules", "run"])
        .succeeds()
        .json();
    assert!(run["evaluated"].as_u64().is_some(), "{run}");
    let csv = team.vault.write_file("hr.csv", roster(TEAM_ROSTER));
    team.vault
        .as_user(&op)
        .args(["people", "import"])
        .arg(&csv)
        .succeeds();
    let copy = team.vault.dir.path().join("nightly.db");
    team.vault.as_user(&op).arg("backup").arg(&copy).succeeds();
    assert!(copy.exists());
    team.vault
        .as_user(&op)
        .args(["purge", "--dry-run"])
        .succeeds();
    // Admins keep every batch command.
    team.vault.admin().args(["rules", "run"]).succeeds();
    team.vault
        .admin()
        .arg("backup")
        .arg(team.vault.dir.path().join("by-admin.db"))
        .succeeds();
    team.vault.assert_intact();
}

#[test]
fn the_operator_sees_no_record_and_is_never_listed_as_reading_one() {
    let team = Team::new();
    let op = operator(&team);
    team.vault.add_checkin(
        &team.lead,
        "E6",
        &["--wellbeing", "1", "--note", "private matter"],
    );
    let before = team.vault.audit_mine(&team.emp).len();
    let runs_before = team
        .vault
        .audit_entries()
        .iter()
        .filter(|e| e["action"] == "rules.run")
        .count();
    team.vault.as_user(&op).args(["rules", "run"]).succeeds();
    let entries = team.vault.audit_entries();
    let runs: Vec<_> = entries
        .iter()
        .filter(|e| e["action"] == "rules.run")
        .collect();
    assert_eq!(runs.len(), runs_before + 1, "one entry per run");
    assert_eq!(runs[0]["actor"], "operator");
    assert_eq!(runs[0]["subject"], "vault");
    assert!(
        !entries.iter().any(|e| e["actor"] == "operator"
            && e["subject"] != "vault"
            && e["subject"] != "operator"),
        "no entry about a person"
    );
    let mine = team.vault.audit_mine(&team.emp);
    assert_eq!(mine.len(), before);
    assert!(!mine.iter().any(|e| e["actor"] == "operator"));

    for args in [
        &["people", "list"][..],
        &["people", "show", "E6"],
        &["checkin", "list", "E6"],
        &["report", "engagement"],
        &["export", "mine"],
        &["audit", "list"],
        &["account", "list"],
        &["prompts", "list"],
        &["referral", "list"],
        &[
            "people",
            "add",
            "E9",
            "--name",
            "New Person",
            "--unit",
            "North",
        ],
    ] {
        let outcome = team.vault.as_user(&op).args(args).outcome();
        // Refused, or (a list of what one may see) empty.
        let out = outcome.stdout();
        assert!(
            matches!(outcome.code, Some(4 | 5)) || out.lines().count() <= 1,
            "{args:?}: {outcome:?}"
        );
        for id in ["E1", "E4", "E6", "Farah", "private matter"] {
            assert!(!out.contains(id), "{args:?} shows {id}: {out}");
        }
    }
    // An operator is never reached over SSH.
    let file = team.vault.write_file(
        "op.pub",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGmz/LLOf7xJoad60LBCcThcLCbk11wTKVtvLxn3AUCj op\n",
    );
    let line = team
        .vault
        .admin()
        .args(["ssh-key", "add", "operator"])
        .arg(file)
        .outcome()
        .one_clear_line(5);
    assert!(line.contains("operator account"), "{line}");
}

#[test]
fn a_failed_timer_run_is_shown_to_admins_until_a_run_succeeds() {
    let team = Team::new();
    let op = operator(&team);
    // The OnFailure= handler: no passphrase, no login.
    team.vault
        .bare()
        .args(["rules", "failed", "--unit", "steady-rules.service"])
        .succeeds();
    let admin = team.vault.admin().args(["people", "list"]).succeeds();
    assert!(
        admin.stderr.contains("the daily rules run failed"),
        "{admin:?}"
    );
    let sup = team
        .vault
        .as_user(&team.sup)
        .args(["people", "list"])
        .succeeds();
    assert!(!sup.stderr.contains("rules run failed"), "{sup:?}");
    team.vault.as_user(&op).args(["rules", "run"]).succeeds();
    let after = team.vault.admin().args(["people", "list"]).succeeds();
    assert!(!after.stderr.contains("rules run failed"), "{after:?}");
}

#[test]
fn the_timer_reads_the_operators_passphrase_from_its_credential_file() {
    let team = Team::new();
    let op = operator(&team);
    let credential = team
        .vault
        .write_file("operator", format!("{}\n", op.passphrase));
    team.vault
        .bare()
        .args(["--user", "operator", "rules", "run"])
        .env("STEADY_PASSPHRASE_FILE", &credential)
        .succeeds();
    let missing = team
        .vault
        .bare()
        .args(["--user", "operator", "rules", "run"])
        .env(
            "STEADY_PASSPHRASE_FILE",
            team.vault.dir.path().join("absent"),
        )
        .outcome()
        .one_clear_line(2);
    assert!(
        missing.contains("cannot read the passphrase file"),
        "{missing}"
    );
}
