//! `steady backup` and `steady restore`: a consistent copy taken while others write, and a
//! restore that verifies the backup before it replaces anything and keeps what it replaced.

use std::path::PathBuf;

use crate::common::{
    ADMIN, RunExt, TEAM_ROSTER, TestVault, User, assert_private_file, contains_bytes, roster,
};

/// A vault with the team roster and one supervisor (of E2, above E4, E6 and E8).
fn vault_with_supervisor() -> (TestVault, User) {
    let vault = TestVault::with_roster(&roster(TEAM_ROSTER));
    let sup = vault.add_user("sup", "supervisor,employee", Some("E2"));
    (vault, sup)
}

fn backup_file(vault: &TestVault, name: &str) -> PathBuf {
    vault.dir.path().join(name)
}

fn keyring_of(file: &std::path::Path) -> PathBuf {
    let mut text = file.as_os_str().to_os_string();
    text.push(".keyring");
    text.into()
}

fn checkin_ids(vault: &TestVault, user: &User, emp: &str) -> Vec<i64> {
    crate::common::sorted_ids(&vault.checkins(user, emp))
}

/// Files in the vault's folder whose names contain `part`.
fn files_named(vault: &TestVault, part: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(vault.folder())
        .expect("read the vault folder")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(part))
        .collect();
    names.sort();
    names
}

#[test]
fn a_backup_taken_while_a_supervisor_writes_restores_to_a_working_vault() {
    let (vault, sup) = vault_with_supervisor();
    let first = vault.add_checkin(&sup, "E4", &["--wellbeing", "3", "--note", "before"]);
    let file = backup_file(&vault, "copy.db");

    // A supervisor keeps writing while the admin takes the backup.
    let writer = {
        let mut cmds: Vec<_> = (0..6)
            .map(|_| {
                let mut cmd = vault.json_cmd(&sup, &["checkin", "add", "E6", "--wellbeing", "4"]);
                cmd.timeout(std::time::Duration::from_secs(120));
                cmd
            })
            .collect();
        std::thread::spawn(move || {
            for cmd in &mut cmds {
                cmd.succeeds();
            }
        })
    };
    let made = vault
        .admin()
        .args(["--json", "backup"])
        .arg(&file)
        .succeeds()
        .json();
    writer.join().expect("the writer finished");
    assert_eq!(made["db"], file.display().to_string());
    assert_private_file(&file);
    assert_private_file(&keyring_of(&file));
    // The copy is encrypted like the vault: no SQLite header, no note text.
    let bytes = std::fs::read(&file).expect("read the backup");
    assert!(!bytes.starts_with(b"SQLite format 3"));
    assert!(!contains_bytes(&bytes, b"before"));

    // Restoring into an empty place gives a vault the same logins open.
    let elsewhere = TestVault::empty();
    let restored = elsewhere
        .admin()
        .args(["--json", "restore"])
        .arg(&file)
        .succeeds()
        .json();
    assert!(restored["audit"]["verified"].as_i64().unwrap_or(0) > 0);
    assert_eq!(restored["replaced"].as_array().map(Vec::len), Some(0));
    assert!(checkin_ids(&elsewhere, &sup, "E4").contains(&first));
    elsewhere.admin().args(["audit", "verify"]).succeeds();
    assert_private_file(&elsewhere.db);
    assert_private_file(&elsewhere.keyring());
    // Everything E6 has in the restored vault is also in the live one: a consistent prefix.
    let live = checkin_ids(&vault, &sup, "E6");
    assert_eq!(live.len(), 6);
    for id in checkin_ids(&elsewhere, &sup, "E6") {
        assert!(live.contains(&id), "{id} is not in the live vault");
    }
}

#[test]
fn backup_is_for_admins_and_never_overwrites_a_file() {
    let (vault, sup) = vault_with_supervisor();
    let file = backup_file(&vault, "copy.db");
    let line = vault
        .as_user(&sup)
        .arg("backup")
        .arg(&file)
        .outcome()
        .one_clear_line(4);
    assert!(line.contains("admin"), "{line}");
    assert!(!file.exists());

    std::fs::write(&file, b"something precious").expect("write a file");
    let line = vault
        .admin()
        .arg("backup")
        .arg(&file)
        .outcome()
        .one_clear_line(5);
    assert!(line.contains("already exists"), "{line}");
    assert_eq!(
        std::fs::read(&file).ok().as_deref(),
        Some(&b"something precious"[..])
    );
    assert!(!keyring_of(&file).exists());
}

#[test]
fn restore_refuses_an_existing_vault_without_force_and_changes_nothing() {
    let (vault, _) = vault_with_supervisor();
    let file = backup_file(&vault, "copy.db");
    vault.admin().arg("backup").arg(&file).succeeds();
    let before = vault.snapshot();
    let line = vault
        .admin()
        .arg("restore")
        .arg(&file)
        .outcome()
        .one_clear_line(5);
    assert!(line.contains("--force"), "{line}");
    assert_eq!(vault.snapshot(), before);
    assert!(files_named(&vault, "replaced").is_empty());
}

#[test]
fn restore_with_force_keeps_the_replaced_vault_aside() {
    let (vault, sup) = vault_with_supervisor();
    let kept = vault.add_checkin(&sup, "E4", &["--wellbeing", "3"]);
    let file = backup_file(&vault, "copy.db");
    vault.admin().arg("backup").arg(&file).succeeds();
    let later = vault.add_checkin(&sup, "E4", &["--wellbeing", "2"]);

    let restored = vault
        .admin()
        .args(["--json", "restore", "--force"])
        .arg(&file)
        .succeeds()
        .json();
    let ids = checkin_ids(&vault, &sup, "E4");
    assert!(ids.contains(&kept) && !ids.contains(&later), "{ids:?}");
    vault.admin().args(["audit", "verify"]).succeeds();

    // The replaced database and keyring sit beside, and together still open (with `later`).
    let replaced: Vec<PathBuf> = restored["replaced"]
        .as_array()
        .expect("replaced files")
        .iter()
        .map(|p| PathBuf::from(p.as_str().expect("a path")))
        .collect();
    assert_eq!(replaced.len(), 2, "{restored}");
    let names = files_named(&vault, ".replaced-");
    assert!(
        names.iter().any(|n| n.starts_with("steady.db.replaced-"))
            && names
                .iter()
                .any(|n| n.starts_with("steady.keyring.replaced-")),
        "{names:?}"
    );
    let aside = TestVault::empty();
    std::fs::create_dir_all(aside.folder()).expect("make a folder");
    crate::common::set_mode(aside.folder(), 0o700);
    std::fs::copy(&replaced[0], &aside.db).expect("copy the replaced database");
    for suffix in ["-wal", "-shm"] {
        let mut from = replaced[0].clone().into_os_string();
        from.push(suffix);
        let mut to = aside.db.clone().into_os_string();
        to.push(suffix);
        if std::path::Path::new(&from).exists() {
            std::fs::copy(&from, &to).expect("copy the replaced log");
        }
    }
    std::fs::copy(&replaced[1], aside.keyring()).expect("copy the replaced keyring");
    // A vault moved by hand takes its failed-login tally along (without it, every login
    // would wait the longest delay once, as after a deleted tally).
    std::fs::copy(vault.tally(), aside.tally()).expect("copy the tally");
    assert!(checkin_ids(&aside, &sup, "E4").contains(&later));
    // No staging file is left behind.
    assert!(files_named(&vault, "restore-").is_empty());
}

#[test]
fn restore_checks_the_backup_before_replacing_anything() {
    let (vault, sup) = vault_with_supervisor();
    let file = backup_file(&vault, "copy.db");
    vault.admin().arg("backup").arg(&file).succeeds();
    let before = vault.snapshot();

    // A wrong passphrase for the backup: authentication failed, nothing replaced.
    vault
        .cmd(ADMIN, "not the admin passphrase")
        .args(["restore", "--force"])
        .arg(&file)
        .outcome()
        .one_clear_line(3);
    // A login that cannot verify the audit log is refused.
    vault
        .as_user(&sup)
        .args(["restore", "--force"])
        .arg(&file)
        .outcome()
        .one_clear_line(4);
    // A damaged backup is a storage problem.
    let damaged = backup_file(&vault, "damaged.db");
    let mut bytes = std::fs::read(&file).expect("read the backup");
    let middle = bytes.len() / 2;
    for b in &mut bytes[middle..middle + 64] {
        *b ^= 0x5a;
    }
    std::fs::write(&damaged, &bytes).expect("write a damaged copy");
    std::fs::copy(keyring_of(&file), keyring_of(&damaged)).expect("copy its keyring");
    vault
        .admin()
        .args(["restore", "--force"])
        .arg(&damaged)
        .outcome()
        .one_clear_line(6);
    // A backup without its keyring is named.
    std::fs::remove_file(keyring_of(&damaged)).expect("remove the keyring");
    let line = vault
        .admin()
        .args(["restore", "--force"])
        .arg(&damaged)
        .outcome()
        .one_clear_line(5);
    assert!(line.contains("keyring"), "{line}");

    assert_eq!(
        vault.snapshot(),
        before,
        "a refused restore changed the vault"
    );
    assert!(files_named(&vault, "replaced").is_empty());
    assert!(files_named(&vault, "restore-").is_empty());
}

#[test]
fn restore_refuses_a_backup_whose_audit_log_was_altered() {
    let (vault, _) = vault_with_supervisor();
    vault.tamper("UPDATE audit_log SET detail = 'nothing to see here' WHERE seq = 2");
    let file = backup_file(&vault, "copy.db");
    vault.admin().arg("backup").arg(&file).succeeds();
    let elsewhere = TestVault::empty();
    let line = elsewhere
        .admin()
        .arg("restore")
        .arg(&file)
        .outcome()
        .one_clear_line(6);
    assert!(line.contains("audit log is broken at entry 2"), "{line}");
    assert!(!elsewhere.db.exists() && !elsewhere.keyring().exists());
}
