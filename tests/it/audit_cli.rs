//! The hash-chained, signed audit log: `audit verify`, `audit head` checkpoints, and
//! tampering by someone who holds the master key (edits, deletions, truncation, re-hashing).

use crate::common::{RunExt, TestVault, roster};
use steady::domain::audit::AuditEntry;

/// A vault whose log has `extra + 3` entries: init, an import, an account, then people.
fn vault_with_log(extra: usize) -> TestVault {
    let vault = TestVault::with_roster(&roster(&["E1,Ada Chief,Headquarters,"]));
    vault.add_account("bo", "coordinator", None);
    for i in 0..extra {
        vault
            .admin()
            .args([
                "people",
                "add",
                &format!("P{i}"),
                "--name",
                &format!("Person {i}"),
            ])
            .args(["--unit", "North", "--supervisor", "E1"])
            .succeeds();
    }
    vault
}

fn verify(vault: &TestVault, checkpoint: Option<&str>) -> assert_cmd::Command {
    let mut cmd = vault.admin();
    cmd.args(["audit", "verify"]);
    if let Some(checkpoint) = checkpoint {
        cmd.args(["--checkpoint", checkpoint]);
    }
    cmd
}

fn audit_entries(vault: &TestVault) -> Vec<serde_json::Value> {
    vault
        .admin()
        .args(["--json", "audit", "list", "--limit", "1000"])
        .succeeds()
        .json()
        .as_array()
        .expect("a list of entries")
        .clone()
}

#[test]
fn an_intact_log_verifies_and_says_how_many_entries() {
    let vault = vault_with_log(3);
    let out = verify(&vault, None).succeeds().stdout();
    assert!(out.contains("Audit log intact: 7 entries and"), "{out}");
    let head = vault.audit_head();
    assert!(out.contains(&head), "the head is printed: {out} vs {head}");

    let report = vault
        .admin()
        .args(["--json", "audit", "verify"])
        .succeeds()
        .json();
    assert_eq!(report["verified"], 7);
    assert_eq!(
        format!(
            "{}:{}",
            report["head"]["seq"],
            report["head"]["hash"].as_str().unwrap_or_default()
        ),
        head
    );

    let entries = audit_entries(&vault);
    let actions: Vec<&str> = entries
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(
        actions,
        [
            "people.add",
            "people.add",
            "people.add",
            "account.add",
            "people.import",
            "resource.seed",
            "vault.init"
        ],
        "newest first"
    );
}

#[test]
fn an_edited_entry_is_named() {
    let vault = vault_with_log(2);
    vault.tamper("UPDATE audit_log SET detail = 'nothing to see here' WHERE seq = 2");
    let line = verify(&vault, None).outcome().one_clear_line(6);
    assert!(line.contains("broken at entry 2"), "{line}");
    assert!(line.contains("changed"), "{line}");
}

#[test]
fn a_deleted_middle_entry_is_named() {
    let vault = vault_with_log(3);
    vault.tamper("DELETE FROM audit_log WHERE seq = 3");
    let line = verify(&vault, None).outcome().one_clear_line(6);
    assert!(line.contains("broken at entry 3"), "{line}");
    assert!(line.contains("missing"), "{line}");
}

#[test]
fn a_rewritten_and_rehashed_entry_fails_on_its_signature() {
    let vault = vault_with_log(2);
    // Someone with the master key rewrites entry 2 and recomputes every hash after it, so
    // the chain is consistent; only the signatures (which need the actor's key) give it away.
    vault.with_admin_session(|session| {
        let db = session.store_for_tests().db();
        let mut entries: Vec<AuditEntry> = db.recent_audit(u32::MAX).expect("read the log");
        entries.reverse();
        entries[1].detail = "0 added, 0 updated, 0 unchanged, 0 deactivated".into();
        let mut prev = entries[0].hash.clone();
        for entry in entries.iter_mut().skip(1) {
            entry.prev_hash = prev;
            entry.hash = entry.fields().hash();
            prev = entry.hash.clone();
        }
        for entry in &entries[1..] {
            let sql = format!(
                "UPDATE audit_log SET detail = '{}', prev_hash = '{}', hash = '{}' WHERE seq = {}",
                entry.detail, entry.prev_hash, entry.hash, entry.seq
            );
            session
                .store_for_tests()
                .execute_raw_for_tests(&sql)
                .expect("rewrite an entry");
        }
    });
    let line = verify(&vault, None).outcome().one_clear_line(6);
    assert!(line.contains("broken at entry 2"), "{line}");
    assert!(line.contains("signature"), "{line}");
}

#[test]
fn a_checkpoint_catches_truncation() {
    let vault = vault_with_log(1);
    let checkpoint = vault.audit_head();
    let (seq, _) = checkpoint.split_once(':').expect("SEQ:HASH");
    assert_eq!(seq, "5");
    for i in 0..2 {
        vault
            .admin()
            .args([
                "people",
                "add",
                &format!("Q{i}"),
                "--name",
                "Later",
                "--unit",
                "North",
            ])
            .succeeds();
    }
    let out = verify(&vault, Some(&checkpoint)).succeeds().stdout();
    assert!(out.contains("7 entries and"), "{out}");

    // Dropping the newest entries leaves a valid chain, but not the recorded checkpoint.
    vault.tamper("DELETE FROM audit_log WHERE seq >= 5");
    let line = verify(&vault, Some(&checkpoint))
        .outcome()
        .one_clear_line(6);
    assert!(line.contains("entry 5"), "{line}");
    assert!(line.contains("truncated"), "{line}");
    // Without the checkpoint the rows the dropped entries wrote still give it away...
    let line = verify(&vault, None).outcome().one_clear_line(6);
    assert!(line.contains("entry 5 is missing"), "{line}");
    // ...until those go too: then the shortened chain looks whole, which is why a
    // checkpoint is recorded elsewhere.
    vault.tamper(
        "DELETE FROM audit_records WHERE seq >= 5;
         DELETE FROM people WHERE employee_id NOT IN (SELECT k1 FROM audit_records WHERE tbl = 1)",
    );
    let out = verify(&vault, None).succeeds().stdout();
    assert!(out.contains("4 entries and"), "{out}");
}

#[test]
fn a_checkpoint_from_another_history_is_refused() {
    let vault = vault_with_log(1);
    let head = vault.audit_head();
    let (seq, hash) = head.split_once(':').expect("SEQ:HASH");
    let forged = format!("{seq}:{}", hash.chars().rev().collect::<String>());
    let line = verify(&vault, Some(&forged)).outcome().one_clear_line(6);
    assert!(line.contains(&format!("entry {seq}")), "{line}");
    assert!(line.contains("checkpoint"), "{line}");

    let malformed = verify(&vault, Some("four:abc")).exits(2);
    assert!(
        malformed.stderr.contains("SEQ:HASH") || malformed.stderr.contains("sequence"),
        "{malformed:?}"
    );
}

#[test]
fn every_change_is_audited_with_its_actor() {
    let vault = vault_with_log(0);
    let one_time = vault.add_account("cy", "coordinator", None);
    vault.first_login("cy", &one_time, "cy's own long passphrase");
    vault.admin().args(["account", "disable", "cy"]).succeeds();
    vault.admin().arg("rekey").succeeds();
    let entries = audit_entries(&vault);
    let find = |action: &str| {
        entries
            .iter()
            .find(|e| e["action"] == action)
            .unwrap_or_else(|| panic!("no {action} entry in {entries:?}"))
    };
    assert_eq!(find("account.first_passphrase")["actor"], "cy");
    assert_eq!(find("account.disable")["subject"], "cy");
    assert_eq!(find("vault.rekey")["actor"], "admin");
    // Signatures of a now-disabled account and of the pre-rekey log still verify.
    verify(&vault, None).succeeds();
}
