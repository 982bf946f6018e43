//! Secrets off the command line: notes, reasons and self-check answers read from a file or
//! standard input (`--note-file F|-`, `--reason-file`, `--answers-file`), stored exactly,
//! refused with exit 5 and nothing stored when too large or not UTF-8; and the warning at
//! a terminal when such text is an argument, which every user of the host can see.

use crate::common::{RunExt, Team, User};
use serde_json::Value;

/// A note with what a real one holds: several lines, punctuation a shell would mangle,
/// and letters beyond ASCII.
const NOTE: &str = "Talked about the night shifts.\n\"Can't sleep\" — wants to see EAP; $HOME & `ps` stay out of it.\nGrüße, Zoë ✓";

fn with_stdin(team: &Team, user: &User, args: &[&str], stdin: &[u8]) -> crate::common::Outcome {
    let mut cmd = team.vault.as_user(user);
    cmd.args(args).write_stdin(stdin.to_vec());
    cmd.outcome()
}

fn note_of(team: &Team, user: &User, id: i64) -> String {
    team.vault
        .json_cmd(user, &["checkin", "show", &id.to_string()])
        .succeeds()
        .json()["checkin"]["notes"]
        .as_str()
        .expect("notes")
        .to_string()
}

#[test]
fn a_note_from_standard_input_or_a_file_is_stored_exactly() {
    let team = Team::new();
    // From standard input (the passphrase comes from STEADY_PASSPHRASE meanwhile), with
    // the final newline a here-document or `echo` adds.
    let out = with_stdin(
        &team,
        &team.sup,
        &[
            "--json",
            "checkin",
            "add",
            "E4",
            "--wellbeing",
            "3",
            "--note-file",
            "-",
        ],
        format!("{NOTE}\n").as_bytes(),
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    let id = out.json()["id"].as_i64().expect("an id");
    assert_eq!(note_of(&team, &team.sup, id), NOTE);
    assert!(out.stderr.is_empty(), "{out:?}");

    // From a file, without a final newline; then an edit from another file.
    let file = team.vault.write_file("note.txt", NOTE);
    let id = team.vault.add_checkin(
        &team.sup,
        "E4",
        &[
            "--wellbeing",
            "2",
            "--note-file",
            file.to_str().expect("a path"),
        ],
    );
    assert_eq!(note_of(&team, &team.sup, id), NOTE);
    let edited = team.vault.write_file("edited.txt", "Second thoughts.\n\n");
    team.vault
        .as_user(&team.sup)
        .args(["checkin", "edit", &id.to_string(), "--note-file"])
        .arg(&edited)
        .succeeds();
    assert_eq!(note_of(&team, &team.sup, id), "Second thoughts.\n");
    let shown = team
        .vault
        .json_cmd(&team.sup, &["checkin", "show", &id.to_string()])
        .succeeds()
        .json();
    assert_eq!(shown["checkin"]["wellbeing"], 2, "the rest is kept");
}

#[test]
fn a_reason_from_standard_input_is_stored_exactly() {
    let team = Team::new();
    let reason = "Asked for help with sleep.\nPrefers a call after 6 pm — not at work.";
    let out = with_stdin(
        &team,
        &team.sup,
        &[
            "--json",
            "referral",
            "add",
            "E4",
            "--resource",
            "eap",
            "--consent",
            "given",
            "--reason-file",
            "-",
        ],
        format!("{reason}\r\n").as_bytes(),
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    let id = out.json()["id"].as_i64().expect("an id");
    assert_eq!(
        team.vault.referral(&team.sup, id)["referral"]["reason"],
        reason
    );
}

#[test]
fn answers_from_a_file_or_standard_input_are_the_answers_stored() {
    let team = Team::new();
    let take = |args: &[&str], stdin: Option<&str>| -> Value {
        let mut cmd = team.vault.as_user(&team.emp);
        cmd.args(["--json", "selfcheck", "take"]).args(args);
        if let Some(text) = stdin {
            cmd.write_stdin(text);
        }
        cmd.succeeds().json()
    };
    let file = team.vault.write_file("answers.txt", "3,2,-,1,0,0,1,2,0\n");
    let from_file = take(
        &["phq9", "--answers-file", file.to_str().expect("a path")],
        None,
    );
    assert_eq!(from_file["total"], 10, "{from_file}");
    let from_stdin = take(&["gad2", "--answers-file", "-"], Some("2,3"));
    assert_eq!(from_stdin["total"], 5, "{from_stdin}");

    let export = team
        .vault
        .as_user(&team.emp)
        .args(["export", "mine"])
        .succeeds()
        .json();
    let answers = |id: &Value| -> Value {
        export["self_checks"]
            .as_array()
            .expect("self-checks")
            .iter()
            .find(|c| c["id"] == *id)
            .expect("the self-check")["answers"]
            .clone()
    };
    assert_eq!(
        answers(&from_file["id"]),
        serde_json::json!([3, 2, null, 1, 0, 0, 1, 2, 0])
    );
    assert_eq!(answers(&from_stdin["id"]), serde_json::json!([2, 3]));
}

#[test]
fn oversize_or_non_utf8_text_is_refused_with_exit_5_and_nothing_is_stored() {
    let team = Team::new();
    let huge = team.vault.write_file("huge.txt", vec![b'a'; 64 * 1024 + 1]);
    let latin1 = team
        .vault
        .write_file("latin1.txt", b"Gr\xfc\xdfe aus K\xf6ln");
    let missing = team.vault.dir.path().join("no such file.txt");
    let before = team.vault.snapshot();
    let commands: [(&User, &[&str], &str); 4] = [
        (
            &team.sup,
            &["checkin", "add", "E4", "--wellbeing", "3"],
            "--note-file",
        ),
        (&team.sup, &["checkin", "edit", "1"], "--note-file"),
        (
            &team.sup,
            &[
                "referral",
                "add",
                "E4",
                "--resource",
                "eap",
                "--consent",
                "given",
            ],
            "--reason-file",
        ),
        (&team.emp, &["selfcheck", "take", "gad2"], "--answers-file"),
    ];
    for (user, args, option) in commands {
        for (file, says) in [
            (&huge, "more than 64 KiB"),
            (&latin1, "not UTF-8"),
            (&missing, "cannot read"),
        ] {
            let line = team
                .vault
                .as_user(user)
                .args(args)
                .arg(option)
                .arg(file)
                .outcome()
                .one_clear_line(5);
            assert!(line.contains(says), "{args:?} {option}: {line}");
            assert!(line.contains("nothing was stored"), "{line}");
        }
        // The same from standard input.
        let mut cmd = team.vault.as_user(user);
        cmd.args(args)
            .args([option, "-"])
            .write_stdin(vec![b'a'; 70_000]);
        let line = cmd.outcome().one_clear_line(5);
        assert!(line.contains("standard input"), "{line}");
    }
    assert_eq!(team.vault.snapshot(), before, "something was stored");
}

#[test]
fn text_and_a_file_for_the_same_field_are_refused_together() {
    let team = Team::new();
    let file = team.vault.write_file("note.txt", "x");
    let file = file.to_str().expect("a path");
    for args in [
        &[
            "checkin",
            "add",
            "E4",
            "--wellbeing",
            "3",
            "--note",
            "x",
            "--note-file",
            file,
        ][..],
        &[
            "selfcheck",
            "take",
            "gad2",
            "--answers",
            "1,1",
            "--answers-file",
            file,
        ],
        &[
            "referral",
            "add",
            "E4",
            "--resource",
            "eap",
            "--consent",
            "given",
            "--reason",
            "x",
            "--reason-file",
            file,
        ],
    ] {
        team.vault.as_user(&team.sup).args(args).exits(2);
    }
    // And one of the two answers options is needed.
    team.vault
        .as_user(&team.emp)
        .args(["selfcheck", "take", "gad2"])
        .exits(2);
}

/// Runs `command` (a shell line) with a pseudo-terminal as its terminal, as a person
/// would at a shell, typing `typed`; returns what the terminal showed, or `None` where
/// util-linux `script` is not installed.
#[cfg(target_os = "linux")]
fn at_a_terminal(team: &Team, command: &str, typed: &str) -> Option<(i32, String)> {
    let script = ["/usr/bin/script", "/bin/script"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())?;
    let out = assert_cmd::Command::new(script)
        .args(["-qec", command, "/dev/null"])
        .current_dir(team.vault.dir.path())
        .env("STEADY_DB", &team.vault.db)
        .env("STEADY_BIN", assert_cmd::cargo::cargo_bin("steady"))
        .env_remove("STEADY_PASSPHRASE")
        .env_remove("STEADY_USER")
        .write_stdin(typed.to_string())
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("script runs");
    Some((
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    ))
}

#[cfg(target_os = "linux")]
#[test]
fn at_a_terminal_text_on_the_command_line_brings_one_warning_and_stdin_text_still_asks_the_passphrase()
 {
    let team = Team::new();
    let pass = &team.sup.passphrase;
    // The note comes through a pipe; the passphrase is typed at the terminal.
    let Some((code, shown)) = at_a_terminal(
        &team,
        "printf 'piped past the passphrase' | \"$STEADY_BIN\" --user sup checkin add E4 --wellbeing 3 --note-file -",
        &format!("{pass}\n"),
    ) else {
        return;
    };
    assert_eq!(code, 0, "{shown}");
    assert!(shown.contains("Passphrase for sup:"), "{shown}");
    assert!(!shown.contains("warning"), "{shown}");
    let listed = team.vault.checkins(&team.sup, "E4");
    assert_eq!(listed[0]["notes"], "piped past the passphrase");

    // The note as an argument: one line says others can see it.
    let (code, shown) = at_a_terminal(
        &team,
        "\"$STEADY_BIN\" --user sup checkin add E4 --wellbeing 3 --note 'in plain sight'",
        &format!("{pass}\n"),
    )
    .expect("script ran before");
    assert_eq!(code, 0, "{shown}");
    let warnings: Vec<&str> = shown.lines().filter(|l| l.contains("warning")).collect();
    assert_eq!(warnings.len(), 1, "{shown}");
    assert!(
        warnings[0].contains("other users of this host can see command-line arguments (with ps)"),
        "{shown}"
    );
    assert!(warnings[0].contains("--note-file"), "{shown}");
    // Scripts, whose stderr is no terminal, are not told on every run.
    let out = team
        .vault
        .as_user(&team.emp)
        .args(["selfcheck", "take", "gad2", "--answers", "1,1"])
        .succeeds();
    assert!(!out.stderr.contains("warning"), "{out:?}");
}
