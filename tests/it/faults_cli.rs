//! Faults around the vault's files and the output: a closed pipe, a full output device,
//! a vault folder that cannot be written. One clear line, the right exit code, no change.

use std::process::Stdio;

use crate::common::{RunExt, TestVault, roster};

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
        .process_as(&crate::common::User::admin())
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
        .process_as(&crate::common::User::admin())
        .args(["audit", "list"])
        .stdout(Stdio::from(full))
        .stderr(Stdio::piped())
        .output()
        .expect("steady runs");
    let outcome = crate::common::Outcome {
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
    // Private, so steady's strict modes pass and the write itself is what fails.
    crate::common::set_mode(&vault.wal(), 0o700);
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

/// `steady ARGS…` as the admin, run under a file-size limit of `kib` KiB with SIGXFSZ
/// ignored: any write that would take a file past the limit fails with EFBIG, as on a
/// disk that fills while steady writes. Works without root.
fn admin_with_file_limit(vault: &TestVault, kib: u32, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new("bash");
    cmd.arg("-c")
        .arg(format!(r#"trap "" XFSZ; ulimit -f {kib}; exec "$0" "$@""#))
        .arg(assert_cmd::cargo::cargo_bin("steady"))
        .arg("--db")
        .arg(&vault.db)
        .args(["--user", crate::common::ADMIN])
        .args(args);
    for var in [
        "STEADY_DB",
        "STEADY_USER",
        "STEADY_NEW_PASSPHRASE",
        "STEADY_RULES",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("STEADY_PASSPHRASE", crate::common::ADMIN_PASS);
    cmd
}

/// The employee ids on the roster, in listed order.
fn roster_ids(vault: &TestVault) -> Vec<String> {
    vault
        .people_json()
        .as_array()
        .expect("a list")
        .iter()
        .map(|p| p["employee_id"].as_str().expect("an id").to_string())
        .collect()
}

#[test]
fn a_disk_that_fills_during_a_write_fails_cleanly_and_keeps_the_vault_as_it_was() {
    let vault = TestVault::with_roster(&roster(&["E1,Ana Abara,North,"]));
    // 64 KiB holds the shared-memory index (32 KiB) and a write-ahead log of a small
    // change (a dozen pages: the person, their kept latest check-in days and the indexes
    // on both, the audit entry), but not the hundreds of pages of a large import: the
    // vault opens, the import runs, and its commit fails part-way through writing the log.
    const LIMIT_KIB: u32 = 64;
    let rows: Vec<String> = (2..400)
        .map(|i| format!("E{i},Person Number {i},Unit {},E1", i % 7))
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let big = vault.write_file("big.csv", roster(&rows));
    let big = big.to_str().expect("a UTF-8 path");
    let head = vault.audit_head();
    let before = vault.snapshot();

    let line = admin_with_file_limit(&vault, LIMIT_KIB, &["people", "import", big])
        .outcome()
        .one_clear_line(6);
    assert!(line.contains("disk is full"), "{line}");
    assert!(line.contains("nothing was saved"), "{line}");
    assert!(!line.to_lowercase().contains("i/o"), "{line}");

    // Byte for byte as before: the half-written log was discarded when steady closed.
    assert_eq!(vault.snapshot(), before);
    assert_eq!(roster_ids(&vault), ["E1"]);
    assert_eq!(vault.audit_head(), head);
    vault.assert_intact();

    // The limit bit during the large write, not at opening: a small change fits under it.
    admin_with_file_limit(
        &vault,
        LIMIT_KIB,
        &[
            "people", "add", "E2", "--name", "Bo Brand", "--unit", "North",
        ],
    )
    .succeeds();
    // With room again, the same import goes through.
    vault
        .import_cmd(std::fs::read(big).expect("the file"), &[])
        .succeeds();
    let ids = roster_ids(&vault);
    assert_eq!(ids.len(), 399, "{ids:?}");
    vault.admin().args(["audit", "verify"]).succeeds();
}

/// Moves the vault onto a small tmpfs (in a private mount namespace, so nothing outside
/// the test sees it), fills the disk to 48 KiB free and runs `people import CSV` there;
/// then copies the vault back. Returns the run's exit code and stderr, or None (with a
/// note) where mounting is not permitted.
fn import_on_a_full_tmpfs(vault: &TestVault, csv: &str) -> Option<(Option<i32>, String)> {
    const SCRIPT: &str = r#"
set -u
mnt="$1"; vault="$2"; bin="$3"; csv="$4"; out="$5"
mount -t tmpfs -o size=4m,mode=0700 tmpfs "$mnt" || exit 0
touch "$out/mounted"
cp -a "$vault"/. "$mnt"/ || exit 1
avail=$(df --output=avail -B1 "$mnt" | tail -n 1)
head -c $((avail - 48 * 1024)) /dev/zero > "$mnt/filler"
"$bin" --db "$mnt/steady.db" --user admin people import "$csv" 2> "$out/stderr"
echo $? > "$out/code"
rm -f "$mnt/filler"
rm -rf "$vault"/* && cp -a "$mnt"/. "$vault"/
"#;
    let out = vault.dir.path().join("tmpfs-run");
    let mnt = vault.dir.path().join("tmpfs");
    std::fs::create_dir_all(&out).expect("a folder for the results");
    std::fs::create_dir_all(&mnt).expect("a mount point");
    let status = std::process::Command::new("unshare")
        .args(["-m", "bash", "-c", SCRIPT, "bash"])
        .arg(&mnt)
        .arg(vault.folder())
        .arg(assert_cmd::cargo::cargo_bin("steady"))
        .arg(csv)
        .arg(&out)
        .env_remove("STEADY_DB")
        .env_remove("STEADY_USER")
        .env_remove("STEADY_NEW_PASSPHRASE")
        .env_remove("STEADY_RULES")
        .env("STEADY_PASSPHRASE", crate::common::ADMIN_PASS)
        .stderr(std::process::Stdio::null())
        .status();
    if !matches!(status, Ok(s) if s.success()) || !out.join("mounted").exists() {
        let line = "this test needs root and `unshare` (util-linux) to mount a private tmpfs";
        // Where the tools are required (CI runs as root), a skip would hide the one test
        // of a truly full disk.
        assert!(
            !crate::common::sshd::tools_required(),
            "{line} (STEADY_REQUIRE_SYSTEM_TOOLS=1: not skipping)"
        );
        use std::io::Write;
        let _ = std::io::stderr().write_all(format!("skipping: {line}\n").as_bytes());
        return None;
    }
    let code = std::fs::read_to_string(out.join("code"))
        .ok()
        .and_then(|c| c.trim().parse().ok());
    let stderr = std::fs::read_to_string(out.join("stderr")).unwrap_or_default();
    Some((code, stderr))
}

#[test]
fn a_tmpfs_that_fills_during_a_write_fails_cleanly_and_keeps_the_vault_as_it_was() {
    let vault = TestVault::with_roster(&roster(&["E1,Ana Abara,North,"]));
    let rows: Vec<String> = (2..400)
        .map(|i| format!("E{i},Person Number {i},Unit {},E1", i % 7))
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let big = vault.write_file("big.csv", roster(&rows));
    let head = vault.audit_head();
    let before = vault.snapshot();
    let Some((code, stderr)) = import_on_a_full_tmpfs(&vault, big.to_str().expect("a UTF-8 path"))
    else {
        return;
    };
    let outcome = crate::common::Outcome {
        code,
        stdout: Vec::new(),
        stderr,
    };
    let line = outcome.one_clear_line(6);
    assert!(line.contains("disk is full"), "{line}");
    assert_eq!(vault.snapshot(), before);
    assert_eq!(roster_ids(&vault), ["E1"]);
    assert_eq!(vault.audit_head(), head);
    vault.admin().args(["audit", "verify"]).succeeds();
    vault
        .import_cmd(std::fs::read(&big).expect("the file"), &[])
        .succeeds();
    assert_eq!(roster_ids(&vault).len(), 399);
}
