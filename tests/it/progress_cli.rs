//! Progress on long work: drawn on stderr for a person at a terminal (demo generation, the
//! rules run, import, backup and restore, purge, audit verify), never on a pipe and never
//! with `--json`, where every command prints exactly what it printed before.

use std::path::Path;

use crate::common::{
    ADMIN, ADMIN_PASS, Outcome, RunExt, TEAM_ROSTER, Team, TestVault, days_ago, have_program,
    roster, steady,
};

/// Words only a progress bar shows: each stage's label and the bar itself.
const PROGRESS_MARKS: [&str; 11] = [
    "Importing people",
    "Writing synthetic history",
    "Evaluating the rules",
    "Updating prompts",
    "Copying the vault's pages",
    "Copying the backup",
    "Verifying the backup's audit log",
    "Verifying the audit log",
    "Removing old notes and referrals",
    "left",
    "[==",
];

fn assert_no_progress(what: &str, out: &Outcome) {
    for stream in [
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.stderr.clone(),
    ] {
        assert!(
            !stream.contains('\r'),
            "{what}: a carriage return: {out:#?}"
        );
        assert!(!stream.contains('\u{1b}'), "{what}: an escape: {out:#?}");
        for mark in PROGRESS_MARKS {
            assert!(!stream.contains(mark), "{what}: {mark:?} drawn: {out:#?}");
        }
    }
}

/// A vault with the team roster, an old note and an old withdrawn referral to purge.
fn vault_with_history() -> TestVault {
    let Team {
        vault, lead, coord, ..
    } = Team::new();
    vault.add_checkin(
        &lead,
        "E6",
        &[
            "--wellbeing",
            "2",
            "--note",
            "old words",
            "--date",
            &days_ago(4 * 365),
        ],
    );
    let referral = vault.add_referral(&lead, "E6", "eap", "given", &["--date", &days_ago(4 * 365)]);
    vault
        .set_referral(
            &coord,
            referral,
            &["--status", "withdrawn", "--date", &days_ago(3 * 365)],
        )
        .succeeds();
    vault
}

#[test]
fn on_a_pipe_each_long_command_prints_what_it_always_did_and_no_progress() {
    let vault = vault_with_history();
    let today = days_ago(0);

    let out = vault.admin().args(["rules", "run"]).succeeds();
    assert_no_progress("rules run", &out);
    let text = out.stdout();
    assert!(
        // The first run evaluates everyone (and says so); later ones only who changed.
        text.starts_with("Evaluated ")
            && text.contains(&format!(" people (everyone) as of {today}: ")),
        "{text}"
    );
    assert!(
        text.ends_with(" live.\n") && text.lines().count() == 1,
        "{text}"
    );
    assert!(out.stderr.is_empty(), "{}", out.stderr);

    let file = vault.write_file("roster.csv", roster(TEAM_ROSTER));
    let out = vault
        .admin()
        .args(["people", "import"])
        .arg(&file)
        .succeeds();
    assert_no_progress("people import", &out);
    assert_eq!(
        out.stdout(),
        format!(
            "Imported {}: 0 added, 0 updated, 8 unchanged, 0 deactivated.\n",
            file.display()
        )
    );
    assert!(out.stderr.is_empty(), "{}", out.stderr);

    let out = vault.admin().args(["audit", "verify"]).succeeds();
    assert_no_progress("audit verify", &out);
    assert!(
        out.stdout().starts_with("Audit log intact: "),
        "{}",
        out.stdout()
    );
    assert!(out.stderr.is_empty(), "{}", out.stderr);

    let copy = vault.dir.path().join("copy.db");
    let out = vault.admin().arg("backup").arg(&copy).succeeds();
    assert_no_progress("backup", &out);
    assert_eq!(
        out.stdout(),
        format!(
            "Backed up the vault to {}\nKeyring: {}.keyring\n",
            copy.display(),
            copy.display()
        )
    );
    assert_eq!(
        out.stderr,
        "Keep both files together; the backup opens with the same logins and passphrases.\n"
    );

    let out = vault.admin().args(["purge", "--yes"]).succeeds();
    assert_no_progress("purge", &out);
    let lines: Vec<String> = out.stdout().lines().map(String::from).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].starts_with("Removed the notes of 1 check-in(s) dated before "));
    assert!(lines[1].starts_with("Removed 1 referral(s) that ended before "));
    assert!(out.stderr.is_empty(), "{}", out.stderr);

    let out = vault
        .admin()
        .arg("restore")
        .arg(&copy)
        .arg("--force")
        .succeeds();
    assert_no_progress("restore", &out);
    let text = out.stdout();
    assert!(
        text.starts_with(&format!(
            "Restored the vault at {} from {} (",
            vault.db.display(),
            copy.display()
        )),
        "{text}"
    );
    assert!(text.contains(" audit entries verified).\nThe replaced file is kept at "));
    assert!(out.stderr.is_empty(), "{}", out.stderr);

    let dir = crate::common::private_tempdir();
    let out = steady()
        .args(["demo", "--no-tui", "--people", "200", "--dir"])
        .arg(dir.path().join("demo"))
        .args(["--kdf-memory-mib", "19", "--kdf-iterations", "2"])
        .succeeds();
    assert_no_progress("demo", &out);
    assert!(
        out.stdout()
            .starts_with("Demo vault (synthetic people, not real data): ")
    );
}

/// Runs `args` as the admin of `vault` in a pseudo-terminal (so stdin, stdout and stderr
/// are all a terminal) and returns everything it wrote there, line ends as `\n`.
fn at_a_terminal(vault_db: &Path, args: &[&str]) -> (Option<i32>, String) {
    let quote = |word: &str| format!("'{}'", word.replace('\'', "'\\''"));
    let mut line = vec![
        quote(
            assert_cmd::cargo::cargo_bin("steady")
                .to_str()
                .expect("UTF-8"),
        ),
        "--db".into(),
        quote(vault_db.to_str().expect("UTF-8")),
        "--user".into(),
        ADMIN.into(),
    ];
    line.extend(args.iter().map(|a| quote(a)));
    let output = std::process::Command::new("script")
        .args(["-qec", &line.join(" "), "/dev/null"])
        .env("STEADY_PASSPHRASE", ADMIN_PASS)
        .env_remove("STEADY_DB")
        .env_remove("STEADY_USER")
        .env("TERM", "xterm")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("script runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).replace("\r\n", "\n"),
    )
}

#[test]
fn with_json_at_a_terminal_the_output_is_the_same_as_on_a_pipe() {
    if !have_program("script", "bsdutils") {
        return;
    }
    let vault = vault_with_history();
    // A first run opens the prompts; from then on a run reports the same each time.
    vault.admin().args(["rules", "run"]).succeeds();
    let file = vault.write_file("roster.csv", roster(TEAM_ROSTER));
    let file = file.to_str().expect("UTF-8");
    for args in [
        vec!["--json", "rules", "run"],
        vec!["--json", "audit", "verify"],
        vec!["--json", "people", "import", file],
        vec!["--json", "purge", "--dry-run"],
    ] {
        let piped = vault.admin().args(&args).succeeds();
        let (code, shown) = at_a_terminal(&vault.db, &args);
        assert_eq!(code, Some(0), "{args:?}: {shown}");
        assert_eq!(shown, piped.stdout(), "{args:?} at a terminal");
    }
}

#[test]
fn at_a_terminal_long_work_shows_a_count_and_an_estimate() {
    if !have_program("script", "bsdutils") {
        return;
    }
    let dir = crate::common::private_tempdir();
    let demo = dir.path().join("demo");
    let (code, shown) = at_a_terminal(
        &demo.join("steady.db"),
        &[
            "demo",
            "--no-tui",
            "--people",
            "400",
            "--dir",
            demo.to_str().expect("UTF-8"),
            "--kdf-memory-mib",
            "19",
            "--kdf-iterations",
            "2",
        ],
    );
    assert_eq!(code, Some(0), "{shown}");
    assert!(shown.contains("Writing synthetic history ["), "{shown}");
    assert!(shown.contains("/400 ("), "a count of people: {shown}");
    assert!(shown.contains(" left"), "an estimate: {shown}");
    // The bar is cleared before the result is printed.
    let result = shown
        .find("Demo vault (synthetic people, not real data)")
        .expect("the result");
    assert!(
        !shown[result..].contains("Writing synthetic history"),
        "{shown}"
    );
}
