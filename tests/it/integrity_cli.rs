//! Integrity rests on private keys: each attack of issue 14 done the way an attacker would
//! (the database opened with the master key through a plain rusqlite connection, entries
//! forged with the attacker's own genuine key), and `audit verify` naming what was done.

use rusqlite::Connection;
use rusqlite::types::{Value, ValueRef};
use steady::desk::Passphrase;
use steady::domain::audit::{AuditEntry, Facts};
use steady::testing::{AccountSecrets, Keyring};
use steady::testing::{AuditedTable, Record, RecordsDigest, row_hash};

use crate::common::{ADMIN, ADMIN_PASS, RunExt, Team, TestVault, User};

fn verify(vault: &TestVault, extra: &[&str]) -> assert_cmd::Command {
    let mut cmd = vault.admin();
    cmd.args(["audit", "verify"]).args(extra);
    cmd
}

fn broken(vault: &TestVault, extra: &[&str]) -> String {
    verify(vault, extra).outcome().one_clear_line(6)
}

fn secrets_of(vault: &TestVault, user: &User) -> AccountSecrets {
    Keyring::load(&vault.keyring())
        .expect("the keyring loads")
        .unlock(&user.login, &Passphrase::new(user.passphrase.clone()))
        .expect("the passphrase opens the slot")
        .secrets
}

/// The live row's hash, as steady would record it.
fn hash_of(conn: &Connection, table: &AuditedTable, k1: &Value, k2: &Value) -> Vec<u8> {
    let where_clause = match table.key {
        [one] => format!("{one} = ?1"),
        [one, two, ..] => format!("{one} = ?1 AND {two} = ?2"),
        [] => unreachable!(),
    };
    let mut stmt = conn
        .prepare(&format!(
            "SELECT * FROM {} WHERE {where_clause}",
            table.name
        ))
        .expect("select the row");
    let names: Vec<String> = stmt.column_names().map(str::to_string).collect();
    let params: Vec<&dyn rusqlite::ToSql> = if table.key.len() == 1 {
        vec![k1]
    } else {
        vec![k1, k2]
    };
    stmt.query_row(params.as_slice(), |row| {
        let values: Vec<ValueRef<'_>> = (0..names.len()).map(|i| row.get_ref(i).unwrap()).collect();
        Ok(row_hash(table.name, &names, &values).to_vec())
    })
    .expect("the row exists")
}

/// Appends a well-formed entry signed with `secrets` (the attacker's own, genuine key),
/// recording the current hashes of `rows` (table code, k1, k2): everything steady itself
/// would write, short of the authority to write it.
fn append_forged(
    conn: &Connection,
    actor: &str,
    secrets: &AccountSecrets,
    action: &str,
    facts: Option<&Facts>,
    rows: &[(i64, Value, Value)],
) {
    let (prev_seq, prev_hash): (i64, String) = conn
        .query_row(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("the head");
    let seq = prev_seq + 1;
    let mut digest = RecordsDigest::default();
    for (tbl, k1, k2) in rows {
        let table = AuditedTable::by_code(*tbl).expect("an audited table");
        let record = Record {
            tbl: *tbl,
            k1: k1.clone(),
            k2: k2.clone(),
            seq,
            hash: hash_of(conn, table, k1, k2),
        };
        conn.execute(
            "INSERT INTO audit_records (tbl, k1, k2, seq, hash) VALUES (?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![record.tbl, record.k1, record.k2, seq, record.hash],
        )
        .expect("record the row");
        digest.add(&record);
    }
    let mut entry = AuditEntry {
        seq,
        at: "2026-12-06T12:00:00Z".into(),
        actor: actor.into(),
        action: action.into(),
        subject: actor.into(),
        detail: String::new(),
        signer: secrets.public().ed25519,
        prev_hash,
        hash: String::new(),
        signature: String::new(),
        records: digest.finish(),
        facts: facts.map(Facts::to_json).unwrap_or_default(),
    };
    entry.hash = entry.fields().hash();
    entry.signature = secrets.sign(entry.hash.as_bytes());
    conn.execute(
        "INSERT INTO audit_log (seq, at, actor, action, subject, detail, signer, prev_hash, hash,
             signature, records, facts) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        rusqlite::params![
            entry.seq,
            entry.at,
            entry.actor,
            entry.action,
            entry.subject,
            entry.detail,
            entry.signer,
            entry.prev_hash,
            entry.hash,
            entry.signature,
            entry.records,
            entry.facts
        ],
    )
    .expect("append the entry");
}

fn text(s: &str) -> Value {
    Value::Text(s.into())
}

const ACCOUNTS: i64 = 2;
const ACCOUNT_KEYS: i64 = 3;

#[test]
fn a_check_in_rewritten_with_the_master_key_is_named() {
    let team = Team::new();
    let id = team.vault.add_checkin(
        &team.sup,
        "E6",
        &["--wellbeing", "2", "--note", "Tired after nights"],
    );
    verify(&team.vault, &[]).succeeds();
    // Any employee can derive the master key from their own slot.
    team.vault
        .attacker_db_as(&team.emp.login, &team.emp.passphrase)
        .execute(
            "UPDATE checkins SET notes = 'Admitted falsifying his overtime', wellbeing = 5 WHERE id = ?1",
            [id],
        )
        .expect("rewrite");
    let line = broken(&team.vault, &[]);
    assert!(
        line.contains(&format!("checkins {id} was changed outside steady")),
        "{line}"
    );
    // Its flags and versions are covered the same way.
    team.vault.tamper(&format!(
        "UPDATE checkins SET notes = 'Tired after nights', wellbeing = 2 WHERE id = {id};
         DELETE FROM checkin_versions; INSERT INTO checkin_stressors VALUES ({id}, 'home.family', 'high')"
    ));
    let line = broken(&team.vault, &[]);
    assert!(
        line.contains(&format!("checkin_stressors {id}/home.family")),
        "{line}"
    );
    assert!(line.contains("written outside steady"), "{line}");
}

#[test]
fn rows_added_or_deleted_outside_steady_are_named() {
    let team = Team::new();
    team.vault.tamper(
        "INSERT INTO people (employee_id, name, unit, supervisor_id, active, created_at, updated_at)
         VALUES ('E99', 'Nobody', 'North Precinct', NULL, 1, '2026-01-01', '2026-01-01')",
    );
    let line = broken(&team.vault, &[]);
    assert!(line.contains("people E99 has no audit entry"), "{line}");
    team.vault
        .tamper("DELETE FROM people WHERE employee_id = 'E99'; DELETE FROM mentorships");
    let line = broken(&team.vault, &[]);
    assert!(
        line.contains("mentorships men/E6 was deleted outside steady"),
        "{line}"
    );
}

#[test]
fn an_employee_who_promotes_themselves_is_named_even_with_an_entry_signed_by_their_own_key() {
    let team = Team::new();
    let emp_keys = secrets_of(&team.vault, &team.emp);
    let conn = team
        .vault
        .attacker_db_as(&team.emp.login, &team.emp.passphrase);
    conn.execute(
        "UPDATE accounts SET roles = 'employee,coordinator' WHERE login = 'emp'",
        [],
    )
    .expect("promote");
    let line = broken(&team.vault, &[]);
    assert!(
        line.contains("accounts emp was changed outside steady"),
        "{line}"
    );

    // With a genuine entry recording the new row, signed with the employee's own key, the
    // row matches its hash; but only an admin's entry can grant a role.
    append_forged(
        &conn,
        "emp",
        &emp_keys,
        "account.roles",
        None,
        &[(ACCOUNTS, text("emp"), text(""))],
    );
    let line = broken(&team.vault, &[]);
    assert!(
        line.contains("accounts emp: roles coordinator,employee where the log says employee"),
        "{line}"
    );

    // Enrolling a second, coordinator account with facts: refused for want of the admin role.
    conn.execute(
        "UPDATE accounts SET roles = 'employee' WHERE login = 'emp'",
        [],
    )
    .expect("put back");
    conn.execute(
        "DELETE FROM audit_records WHERE seq = (SELECT max(seq) FROM audit_log)",
        [],
    )
    .expect("drop the forged records");
    conn.execute(
        "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)",
        [],
    )
    .expect("drop the forged entry");
    verify(&team.vault, &[]).succeeds();
    let second = AccountSecrets::generate();
    conn.execute(
        "INSERT INTO accounts (login, person_id, roles, must_change_passphrase, disabled, created_at)
         VALUES ('emp2', NULL, 'coordinator', 0, 0, '2026-12-06')",
        [],
    )
    .expect("a second account");
    conn.execute(
        "INSERT INTO account_keys (login, x25519_public, ed25519_public, created_at)
         VALUES ('emp2', ?1, ?2, '2026-12-06')",
        [second.public().x25519, second.public().ed25519],
    )
    .expect("its keys");
    let key_id = conn.last_insert_rowid();
    let facts = Facts::Enrol {
        login: "emp2".into(),
        roles: "coordinator".into(),
        person: None,
        must_change: false,
        disabled: false,
        keys: Some(second.public()),
    };
    append_forged(
        &conn,
        "emp",
        &emp_keys,
        "account.add",
        Some(&facts),
        &[
            (ACCOUNTS, text("emp2"), text("")),
            (ACCOUNT_KEYS, Value::Integer(key_id), text("")),
        ],
    );
    let line = broken(&team.vault, &[]);
    assert!(
        line.contains("emp changed the account emp2 without the admin role"),
        "{line}"
    );
}

#[test]
fn entries_deleted_and_resigned_with_a_fresh_key_fail_even_from_an_older_checkpoint() {
    let vault = TestVault::with_roster(&crate::common::roster(&["E1,Ada Chief,HQ,"]));
    let checkpoint = vault.audit_head();
    for i in 0..3 {
        vault
            .admin()
            .args([
                "people",
                "add",
                &format!("Q{i}"),
                "--name",
                "Later",
                "--unit",
                "HQ",
            ])
            .succeeds();
    }
    let (seq, _) = checkpoint.split_once(':').expect("SEQ:HASH");
    let first_after: i64 = seq.parse::<i64>().expect("a number") + 1;
    // Drop the first entry after the checkpoint (and the row it wrote), renumber the rest,
    // and sign them again with a fresh key listed as the admin's in `account_keys`.
    let fresh = AccountSecrets::generate();
    let conn = vault.attacker_db();
    conn.execute_batch(&format!(
        "DELETE FROM people WHERE employee_id = 'Q0';
         DELETE FROM audit_records WHERE seq = {first_after};
         DELETE FROM audit_log WHERE seq = {first_after};
         UPDATE audit_records SET seq = seq - 1 WHERE seq > {first_after};
         UPDATE audit_log SET seq = seq - 1 WHERE seq > {first_after};"
    ))
    .expect("delete and renumber");
    conn.execute(
        "INSERT INTO account_keys (login, x25519_public, ed25519_public, created_at)
         VALUES (?1, ?2, ?3, '2026-12-06')",
        [
            ADMIN.to_string(),
            fresh.public().x25519,
            fresh.public().ed25519,
        ],
    )
    .expect("a fresh key for the admin");
    let mut stmt = conn
        .prepare(
            "SELECT seq, at, actor, action, subject, detail, signer, prev_hash, hash, signature,
                 records, facts FROM audit_log WHERE seq >= ?1 - 1 ORDER BY seq",
        )
        .expect("read");
    let mut entries: Vec<AuditEntry> = stmt
        .query_map([first_after], |r| {
            Ok(AuditEntry {
                seq: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                action: r.get(3)?,
                subject: r.get(4)?,
                detail: r.get(5)?,
                signer: r.get(6)?,
                prev_hash: r.get(7)?,
                hash: r.get(8)?,
                signature: r.get(9)?,
                records: r.get(10)?,
                facts: r.get(11)?,
            })
        })
        .expect("entries")
        .collect::<rusqlite::Result<_>>()
        .expect("entries");
    drop(stmt);
    for i in 1..entries.len() {
        let prev = entries[i - 1].hash.clone();
        let e = &mut entries[i];
        e.prev_hash = prev;
        e.signer = fresh.public().ed25519;
        e.hash = e.fields().hash();
        e.signature = fresh.sign(e.hash.as_bytes());
        conn.execute(
            "UPDATE audit_log SET prev_hash = ?1, signer = ?2, hash = ?3, signature = ?4 WHERE seq = ?5",
            rusqlite::params![e.prev_hash, e.signer, e.hash, e.signature, e.seq],
        )
        .expect("re-sign");
    }
    let line = broken(&vault, &[]);
    assert!(
        line.contains(&format!("broken at entry {first_after}")),
        "{line}"
    );
    assert!(line.contains("never gave admin"), "{line}");
    let line = broken(&vault, &["--checkpoint", &checkpoint]);
    assert!(
        line.contains(&format!("broken at entry {first_after}")),
        "{line}"
    );
    let line = broken(&vault, &["--since", &checkpoint]);
    assert!(
        line.contains(&format!("broken at entry {first_after}")),
        "{line}"
    );
}

#[test]
fn a_disabled_accounts_old_slot_put_back_gets_no_new_master_key() {
    let team = Team::new();
    let old = Keyring::load(&team.vault.keyring()).expect("keyring");
    let other_slot = old.slots.get("other").expect("other's slot").clone();
    team.vault
        .admin()
        .args(["account", "disable", "other"])
        .succeeds();
    // With the master key (the admin's, say, or any account's), the slot goes back in and
    // the keyring's MAC is recomputed.
    let admin_slot = Keyring::load(&team.vault.keyring())
        .expect("keyring")
        .unlock(ADMIN, &Passphrase::new(ADMIN_PASS))
        .expect("admin");
    let mut keyring = Keyring::load(&team.vault.keyring()).expect("keyring");
    keyring.slots.insert("other".into(), other_slot);
    keyring
        .save(&team.vault.keyring(), &admin_slot.master)
        .expect("save with a recomputed MAC");

    let out = team.vault.admin().args(["rekey"]).succeeds();
    assert!(
        out.stderr.contains("Dropped the key slot of other"),
        "{out:?}"
    );
    let after = Keyring::load(&team.vault.keyring()).expect("keyring");
    assert!(!after.slots.contains_key("other"));
    team.vault
        .cmd(&team.other.login, &team.other.passphrase)
        .args(["resources", "list"])
        .outcome()
        .one_clear_line(3);
    // Everyone else still opens the vault under the new key.
    for user in [&team.sup, &team.emp, &team.coord] {
        team.vault
            .cmd(&user.login, &user.passphrase)
            .args(["resources", "list"])
            .succeeds();
    }
    team.vault.assert_intact();
}

#[test]
fn since_a_checkpoint_checks_the_entries_after_it_and_the_rows_they_wrote() {
    let team = Team::new();
    let old = team
        .vault
        .add_checkin(&team.sup, "E6", &["--wellbeing", "3"]);
    verify(&team.vault, &[]).succeeds();
    let checkpoint = team.vault.audit_head();
    let new = team.vault.add_checkin(
        &team.sup,
        "E6",
        &["--wellbeing", "4", "--note", "Better week"],
    );
    let out = verify(&team.vault, &["--since", &checkpoint])
        .succeeds()
        .stdout();
    let (seq, _) = checkpoint.split_once(':').expect("SEQ:HASH");
    assert!(
        out.contains(&format!("intact after entry {seq}: 1 entry and")),
        "{out}"
    );

    team.vault.tamper(&format!(
        "UPDATE checkins SET wellbeing = 1 WHERE id = {new}"
    ));
    let line = broken(&team.vault, &["--since", &checkpoint]);
    assert!(
        line.contains(&format!("checkins {new} was changed")),
        "{line}"
    );
    team.vault.tamper(&format!(
        "UPDATE checkins SET wellbeing = 4 WHERE id = {new}"
    ));

    // A row last written before the checkpoint is the full verify's to find.
    team.vault.tamper(&format!(
        "UPDATE checkins SET wellbeing = 5 WHERE id = {old}"
    ));
    verify(&team.vault, &["--since", &checkpoint]).succeeds();
    let line = broken(&team.vault, &[]);
    assert!(
        line.contains(&format!("checkins {old} was changed")),
        "{line}"
    );

    // A checkpoint that is not in the log is refused.
    let forged = format!("{seq}:{}", "0".repeat(64));
    let line = broken(&team.vault, &["--since", &forged]);
    assert!(line.contains("checkpoint"), "{line}");
}

#[test]
fn a_row_rewritten_under_an_entry_signed_by_someone_else_than_its_owner_is_named() {
    let team = Team::new();
    let id = team.vault.add_checkin(
        &team.sup,
        "E6",
        &["--wellbeing", "2", "--note", "Tired after nights"],
    );
    let emp_keys = secrets_of(&team.vault, &team.emp);
    let conn = team
        .vault
        .attacker_db_as(&team.emp.login, &team.emp.passphrase);
    conn.execute(
        "UPDATE checkins SET notes = 'Admitted falsifying his overtime', wellbeing = 5 WHERE id = ?1",
        [id],
    )
    .expect("rewrite");
    // The employee records the rewritten row under an entry signed with their own key:
    // the row now matches its hash, but the check-in is its author's to write.
    append_forged(
        &conn,
        "emp",
        &emp_keys,
        "checkin.edit",
        None,
        &[(5, Value::Integer(id), text(""))],
    );
    let line = broken(&team.vault, &[]);
    assert!(
        line.contains(&format!("checkins {id}: entry"))
            && line.contains("signed by emp, not by its author sup"),
        "{line}"
    );

    // A self-check planted under someone else's name the same way.
    let team = Team::new();
    team.vault
        .as_user(&team.other)
        .args(["selfcheck", "take", "who5", "--answers", "3,3,3,3,3"])
        .succeeds();
    let emp_keys = secrets_of(&team.vault, &team.emp);
    let conn = team
        .vault
        .attacker_db_as(&team.emp.login, &team.emp.passphrase);
    conn.execute("UPDATE self_checks SET taken_on = '2026-01-01'", [])
        .expect("edit");
    let id: i64 = conn
        .query_row("SELECT id FROM self_checks", [], |r| r.get(0))
        .expect("the self-check");
    append_forged(
        &conn,
        "emp",
        &emp_keys,
        "selfcheck.take",
        None,
        &[(11, Value::Integer(id), text(""))],
    );
    let line = broken(&team.vault, &[]);
    assert!(
        line.contains("signed by emp, not by its owner other"),
        "{line}"
    );
}

/// Someone who gives themselves the admin role by editing the accounts table with the
/// master key (as an off-the-shelf SQLCipher client would) cannot then use it: the login
/// refuses an account row the log does not vouch for, so no passphrase of another's is reset
/// and no role granted, and nothing changes; `audit verify` names the row.
#[test]
fn a_self_promoted_employee_can_neither_reset_anothers_passphrase_nor_grant_roles() {
    let team = Team::new();
    let conn = team
        .vault
        .attacker_db_as(&team.emp.login, &team.emp.passphrase);
    conn.execute(
        "UPDATE accounts SET roles = 'employee,admin' WHERE login = 'emp'",
        [],
    )
    .expect("promote");
    let before = team.vault.snapshot();
    for args in [
        &["account", "reset", "coord", "--yes"][..],
        &[
            "account",
            "roles",
            "emp",
            "--roles",
            "employee,coordinator,admin",
        ][..],
        &["account", "list"][..],
    ] {
        let line = team
            .vault
            .as_user(&team.emp)
            .args(args)
            .outcome()
            .one_clear_line(6);
        assert!(
            line.contains("the audit log does not vouch for the account emp"),
            "{args:?}: {line}"
        );
    }
    assert_eq!(team.vault.snapshot(), before, "nothing changed");
    let line = broken(&team.vault, &[]);
    assert!(
        line.contains("accounts emp was changed outside steady"),
        "{line}"
    );
    // Put back as the log says, the account works again.
    conn.execute(
        "UPDATE accounts SET roles = 'employee' WHERE login = 'emp'",
        [],
    )
    .expect("put back");
    team.vault
        .as_user(&team.emp)
        .args(["selfcheck", "list"])
        .succeeds();
}
