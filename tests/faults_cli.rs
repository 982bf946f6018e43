//! Faults around the vault's files and the output: a closed pipe, a full output device,
//! a vault folder that cannot be written. One clear line, the right exit code, no change.

mod common;

use std::process::Stdio;

use common::{RunExt, TestVault, roster};

// A chmod'ed read-only folder is no fault for root (these tests run as root here), so
// the write failure is provoked by blocking the write-ahead log's name instead.

#[test]
fn a_reader_that_closes_the_pipe_early_is_not_an_error() {
    let vault = TestVault::with_roster(&roster(&["E1,Ana Abara,North,"]));
    // The read end is closed before steady starts, so every write to stdout fails with
    // EPIPE (Rust ignores SIGPIPE): `steady audit list | head -0`, deterministically.
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let output = vault
        .process_as(&common::User::admin())
        .args(["audit", "list"])
        .stdout(Stdio::from(writer))
        .stderr(Stdio::piped())
        .output()
        .expect("steady runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn a_full_output_device_is_one_clear_line() {
    let vault = TestVault::with_roster(&roster(&["E1,Ana Abara,North,"]));
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full exists");
    let output = vault
        .process_as(&common::User::admin())
        .args(["audit", "list"])
        .stdout(Stdio::from(full))
        .stderr(Stdio::piped())
        .output()
        .expect("steady runs");
    let outcome = common::Outcome {
        code: output.status.code(),
        stdout: Vec::new(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    let line = outcome.one_clear_line(1);
    assert!(line.contains("cannot write the output"), "{line}");
}

#[test]
fn a_write_log_that_cannot_be_created_fails_cleanly_and_changes_nothing() {
    // Works as root too: a folder where SQLite's write-ahead log must go cannot be
    // opened as a file by anyone.
    let vault = TestVault::with_roster(&roster(&["E1,Ana Abara,North,"]));
    std::fs::create_dir(vault.wal()).expect("block the log's name");
    let before = vault.snapshot();
    let line = vault
        .admin()
        .args([
            "people", "add", "E2", "--name", "Bo Brand", "--unit", "North",
        ])
        .outcome()
        .one_clear_line(6);
    assert!(line.contains("cannot write to the vault"), "{line}");
    assert_eq!(vault.snapshot(), before);
    std::fs::remove_dir(vault.wal()).expect("unblock the log");
    let ids: Vec<String> = vault
        .people_json()
        .as_array()
        .expect("a list")
        .iter()
        .map(|p| p["employee_id"].to_string())
        .collect();
    assert_eq!(ids, ["\"E1\""]);
}
