//! The vault's files: creating them, refusing wrong keys and damaged files with one clear
//! line, never leaking roster text in the clear, never changing anything on a failure.

use crate::common::{ADMIN, ADMIN_PASS, RunExt, TestVault, contains_bytes, roster, steady};

const WRONG_PASS: &str = "not the admin passphrase";

#[test]
fn init_creates_a_vault_the_admin_can_open() {
    let vault = TestVault::empty();
    let created = vault.init_here().succeeds();
    assert!(
        created.stdout().contains("Created the vault"),
        "{created:?}"
    );
    assert!(vault.db.is_file() && vault.keyring().is_file());
    let listed = vault
        .admin()
        .args(["--json", "account", "list"])
        .succeeds()
        .json();
    assert_eq!(listed[0]["login"], ADMIN);
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
}

#[test]
fn a_wrong_passphrase_fails_with_one_line_and_changes_no_vault_file() {
    let vault = TestVault::with_roster(&roster(&["E1,Ana Abara,North,"]));
    let before = vault.snapshot();
    let line = vault
        .cmd(ADMIN, WRONG_PASS)
        .args(["people", "list"])
        .outcome()
        .one_clear_line(3);
    assert!(line.contains("wrong login or passphrase"), "{line}");
    assert_eq!(vault.snapshot(), before, "a failed login changed the vault");

    // An unknown login is indistinguishable from a wrong passphrase.
    let unknown = vault
        .cmd("nobody", ADMIN_PASS)
        .args(["people", "list"])
        .outcome()
        .one_clear_line(3);
    assert_eq!(unknown, line);
    assert_eq!(vault.snapshot(), before);
}

#[test]
fn roster_text_never_reaches_the_disk_in_the_clear() {
    let names = ["Quintessa Marrowby", "Bartholomew Quillfeather"];
    let units = ["Zephyrhaven Precinct", "Thistlewick Harbor Unit"];
    let vault = TestVault::with_roster(&roster(&[
        &format!("E1,{},{},", names[0], units[0]),
        &format!("E2,{},{},E1", names[1], units[1]),
    ]));
    // Write more through the CLI so the WAL (if any) has seen the text too.
    vault
        .admin()
        .args(["people", "add", "E3", "--name", "Ottoline Veyrabend"])
        .args(["--unit", units[1], "--supervisor", "E1"])
        .succeeds();
    vault.people_json();

    let mut files = vec![
        vault.db.clone(),
        vault.wal(),
        vault.keyring(),
        vault.tally(),
    ];
    files.retain(|f| f.exists());
    assert!(files.contains(&vault.db));
    for file in files {
        let bytes = std::fs::read(&file).expect("read a vault file");
        for text in names.iter().chain(&units).chain(&["Ottoline Veyrabend"]) {
            let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
            for needle in [
                text.as_bytes().to_vec(),
                text.to_lowercase().into_bytes(),
                text.to_uppercase().into_bytes(),
                utf16,
                // A distinctive fragment, in case only part of a page was left plain.
                text.split(' ').next().unwrap_or(text).as_bytes().to_vec(),
            ] {
                assert!(
                    !contains_bytes(&bytes, &needle),
                    "{} holds {:?} in the clear",
                    file.display(),
                    String::from_utf8_lossy(&needle)
                );
            }
        }
    }
}

/// Replaces the vault's database with `bytes` and checks that logging in fails cleanly.
fn assert_refused_as_storage_problem(vault: &TestVault) -> String {
    let before = vault.snapshot();
    let line = vault
        .admin()
        .args(["people", "list"])
        .outcome()
        .one_clear_line(6);
    assert_eq!(vault.snapshot(), before, "a refused open changed the files");
    line
}

#[test]
fn another_vaults_keyring_with_the_same_passphrase_does_not_open_the_database() {
    let vault = TestVault::with_roster(&roster(&["E1,Ana Abara,North,"]));
    let other = TestVault::init(); // same admin login and passphrase
    std::fs::copy(other.keyring(), vault.keyring()).expect("swap in the other keyring");
    let line = assert_refused_as_storage_problem(&vault);
    assert!(
        line.contains("cannot be opened with this keyring"),
        "{line}"
    );
}

#[test]
fn a_truncated_database_is_refused_with_one_line() {
    for keep in [0usize, 100, 4096, 20_000] {
        let vault = TestVault::with_roster(&roster(&["E1,Ana Abara,North,"]));
        let bytes = std::fs::read(&vault.db).expect("read the db");
        assert!(bytes.len() > keep);
        std::fs::write(&vault.db, &bytes[..keep]).expect("truncate the db");
        let line = assert_refused_as_storage_problem(&vault);
        assert!(
            line.contains("damaged") || line.contains("cannot be opened"),
            "kept {keep} bytes: {line}"
        );
    }
}

#[test]
fn a_database_overwritten_with_random_bytes_is_refused_with_one_line() {
    let vault = TestVault::with_roster(&roster(&["E1,Ana Abara,North,"]));
    let len = std::fs::metadata(&vault.db).expect("db metadata").len() as usize;
    // A fixed xorshift stream: random-looking, and the same on every run.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let noise: Vec<u8> = (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    std::fs::write(&vault.db, noise).expect("overwrite the db");
    let line = assert_refused_as_storage_problem(&vault);
    assert!(
        line.contains("cannot be opened") || line.contains("damaged"),
        "{line}"
    );
}

#[test]
fn a_damaged_keyring_is_refused_with_one_line() {
    let vault = TestVault::init();
    std::fs::write(vault.keyring(), b"{ this is not a keyring").expect("damage the keyring");
    let line = assert_refused_as_storage_problem(&vault);
    assert!(line.contains("keyring"), "{line}");
}

#[test]
fn an_altered_keyring_is_refused_with_one_line() {
    let vault = TestVault::init();
    let text = std::fs::read_to_string(vault.keyring()).expect("read the keyring");
    let altered = text.replace("\"demo\": false", "\"demo\": true");
    assert_ne!(altered, text, "the keyring has a demo flag to alter");
    std::fs::write(vault.keyring(), altered).expect("alter the keyring");
    let line = assert_refused_as_storage_problem(&vault);
    assert!(line.contains("keyring does not match"), "{line}");
}

#[test]
fn a_vault_missing_one_of_its_files_is_refused_with_one_line() {
    let vault = TestVault::init();
    let aside = vault.dir.path().join("aside");
    std::fs::rename(vault.keyring(), &aside).expect("move the keyring aside");
    let line = assert_refused_as_storage_problem(&vault);
    assert!(line.contains("no keyring"), "{line}");
    std::fs::rename(&aside, vault.keyring()).expect("put the keyring back");

    std::fs::rename(&vault.db, &aside).expect("move the database aside");
    let line = assert_refused_as_storage_problem(&vault);
    assert!(line.contains("no vault database"), "{line}");
    assert!(!vault.db.exists(), "no empty database was created");
    std::fs::rename(&aside, &vault.db).expect("put the database back");
    vault.admin().args(["people", "list"]).succeeds();
}

#[test]
fn a_database_from_a_newer_steady_is_refused_and_left_alone() {
    let vault = TestVault::with_roster(&roster(&["E1,Ana Abara,North,"]));
    vault.tamper("PRAGMA user_version = 99");
    let line = assert_refused_as_storage_problem(&vault);
    assert!(line.contains("newer steady"), "{line}");
    assert!(line.contains("upgrade"), "{line}");
    // Every kind of login is refused the same way, and still nothing changes.
    let again = assert_refused_as_storage_problem(&vault);
    assert_eq!(again, line);
}

#[cfg(unix)]
#[test]
fn the_vault_folder_and_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let vault = TestVault::init();
    let mode = |path: &std::path::Path| {
        std::fs::metadata(path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode(vault.folder()), 0o700, "folder");
    assert_eq!(mode(&vault.db), 0o600, "steady.db");
    assert_eq!(mode(&vault.keyring()), 0o600, "steady.keyring");
    // Still private after the keyring is rewritten by adding an account.
    vault.add_account("ana", "coordinator", None);
    assert_eq!(mode(&vault.keyring()), 0o600, "rewritten keyring");
    assert_eq!(mode(&vault.db), 0o600, "steady.db after a write");
}

#[test]
fn init_on_an_existing_vault_is_refused_and_changes_nothing() {
    let vault = TestVault::init();
    let before = vault.snapshot();
    let refused = vault.init_here().exits(5);
    assert!(refused.stderr.contains("already exists"), "{refused:?}");
    assert_eq!(vault.snapshot(), before);
    // The original admin still logs in with the original passphrase.
    vault.admin().args(["account", "list"]).succeeds();
}

#[test]
fn a_missing_vault_points_to_init_and_demo() {
    let vault = TestVault::empty();
    let line = vault
        .admin()
        .args(["people", "list"])
        .outcome()
        .one_clear_line(5);
    assert!(line.contains("no vault at"), "{line}");
    assert!(line.contains("steady init"), "{line}");
    assert!(line.contains("steady demo"), "{line}");
    assert!(
        !vault.db.exists() && !vault.keyring().exists(),
        "nothing is created"
    );
}

#[test]
fn without_a_passphrase_or_a_terminal_commands_are_usage_errors() {
    let vault = TestVault::init();
    let before = vault.snapshot();
    let no_pass = vault
        .bare()
        .args(["--user", ADMIN, "people", "list"])
        .outcome()
        .one_clear_line(2);
    assert!(no_pass.contains("STEADY_PASSPHRASE"), "{no_pass}");
    let no_login = vault
        .bare()
        .env("STEADY_PASSPHRASE", ADMIN_PASS)
        .args(["people", "list"])
        .outcome()
        .one_clear_line(2);
    assert!(no_login.contains("--user"), "{no_login}");
    assert_eq!(vault.snapshot(), before);

    // init without a new passphrase creates nothing.
    let fresh = TestVault::empty();
    let line = fresh
        .bare()
        .args(["init", "--admin", ADMIN, "--kdf-memory-mib", "19"])
        .outcome()
        .one_clear_line(2);
    assert!(line.contains("STEADY_NEW_PASSPHRASE"), "{line}");
    assert!(!fresh.db.exists() && !fresh.keyring().exists());
}

#[test]
fn the_environment_names_the_vault_and_login() {
    let vault = TestVault::with_roster(&roster(&["E1,Ana Abara,North,"]));
    let listed = steady()
        .env("STEADY_DB", &vault.db)
        .env("STEADY_USER", ADMIN)
        .env("STEADY_PASSPHRASE", ADMIN_PASS)
        .args(["--json", "people", "list"])
        .succeeds()
        .json();
    assert_eq!(listed[0]["employee_id"], "E1");
}

#[test]
fn an_argon2_cost_below_the_floor_is_refused_at_init_and_in_any_keyring() {
    let fresh = TestVault::empty();
    let line = fresh
        .bare()
        .env("STEADY_NEW_PASSPHRASE", "a long enough admin passphrase")
        .args([
            "init",
            "--admin",
            ADMIN,
            "--kdf-memory-mib",
            "8",
            "--kdf-iterations",
            "2",
        ])
        .outcome()
        .one_clear_line(5);
    assert!(line.contains("below the floor"), "{line}");
    assert!(!fresh.db.exists() && !fresh.keyring().exists());

    // The default cost, or one slot's, lowered in the file: refused before any login.
    let vault = TestVault::init();
    let original = std::fs::read(vault.keyring()).expect("the keyring");
    let json: serde_json::Value = serde_json::from_slice(&original).expect("json");
    for (path, field) in [
        ("kdf_default", "memory_kib"),
        ("slots/admin/kdf", "iterations"),
    ] {
        let mut lowered = json.clone();
        let mut at = &mut lowered;
        for part in path.split('/') {
            at = &mut at[part];
        }
        at[field] = serde_json::Value::from(1);
        std::fs::write(vault.keyring(), serde_json::to_vec(&lowered).expect("json"))
            .expect("write");
        let line = vault
            .admin()
            .args(["people", "list"])
            .outcome()
            .one_clear_line(6);
        assert!(
            line.contains("below the argon2id floor") || line.contains("below the floor"),
            "{line}"
        );
    }
    // Put back as it was, it opens: nothing else was changed.
    std::fs::write(vault.keyring(), &original).expect("restore");
    vault.admin().args(["people", "list"]).succeeds();
}
