//! Self-checks signed and padded, against an attacker who holds the master key (any account
//! can derive it): they open the database as an off-the-shelf SQLCipher client does, seal
//! content of their choosing with age to the owner's and a coordinator's public keys from
//! `account_keys`, and insert it. Also: every seal has the same length for the same number
//! of recipients, and a genuine self-check stays verified across passphrase and key changes.

use std::collections::BTreeSet;
use std::io::Write;

use crate::common::{RunExt, TestVault, User, roster};
use rusqlite::{Connection, params};
use serde_json::{Value, json};
use steady::desk::Passphrase;
use steady::desk::{LockedVault, SelfCheckRequest, Unlock, VaultPaths};
use steady::instruments::{Answer, Catalog};
use steady::testing::{AccountSecrets, Keyring, verify_signature};

/// Ana and Ben are employees; Cora coordinates. Ben plays the attacker.
struct Team {
    vault: TestVault,
    ana: User,
    ben: User,
    cora: User,
}

fn team() -> Team {
    let vault = TestVault::with_roster(&roster(&[
        "E1,Ana Officer,Patrol North,",
        "E2,Ben Officer,Patrol North,",
    ]));
    let ana = vault.add_user("ana", "employee", Some("E1"));
    let ben = vault.add_user("ben", "employee", Some("E2"));
    let cora = vault.add_user("cora", "coordinator", None);
    Team {
        vault,
        ana,
        ben,
        cora,
    }
}

/// What `who` unwraps from their keyring slot: their secret keys and the master key, with
/// which the database is opened the way the `sqlcipher` tool would open it.
fn attacker(vault: &TestVault, who: &User) -> (Connection, AccountSecrets) {
    let keyring = Keyring::load(&vault.keyring()).expect("the keyring loads");
    let slot = keyring
        .unlock(&who.login, &Passphrase::new(who.passphrase.clone()))
        .expect("the slot opens");
    let conn = Connection::open(&vault.db).expect("the database file opens");
    conn.execute_batch(&format!(
        "PRAGMA key = \"{}\"; PRAGMA cipher_compatibility = 4;",
        slot.master.sqlcipher_raw_key().as_str()
    ))
    .expect("keyed");
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .expect("busy timeout");
    (conn, slot.secrets)
}

/// `login`'s current (age recipient, Ed25519 hex) from `account_keys`.
fn public_keys(conn: &Connection, login: &str) -> (String, String) {
    conn.query_row(
        "SELECT x25519_public, ed25519_public FROM account_keys
         WHERE login = ?1 AND retired_at IS NULL",
        [login],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .expect("a current key")
}

/// Seals with the `age` crate itself, as any age tool would.
fn age_seal(recipients: &[&str], plaintext: &[u8]) -> Vec<u8> {
    let parsed: Vec<age::x25519::Recipient> = recipients
        .iter()
        .map(|r| r.parse().expect("an age recipient"))
        .collect();
    let encryptor =
        age::Encryptor::with_recipients(parsed.iter().map(|r| r as &dyn age::Recipient))
            .expect("recipients");
    let mut out = Vec::new();
    let mut writer = encryptor.wrap_output(&mut out).expect("age output");
    writer.write_all(plaintext).expect("sealed");
    writer.finish().expect("finished");
    out
}

fn insert_row(conn: &Connection, id: i64, owner: &str, taken_on: &str, sealed: &[u8]) {
    conn.execute(
        "INSERT INTO self_checks (id, owner, taken_on, shared, sealed, created_at)
         VALUES (?1, ?2, ?3, 1, ?4, '2026-11-01T09:00:00Z')",
        params![id, owner, taken_on, sealed],
    )
    .expect("inserted");
}

/// A PHQ-9 of 27 with item 9 endorsed, in the version 1 layout (unsigned, unpadded).
fn phq9_of_27(id: i64, owner: &str, taken_on: &str) -> Value {
    json!({
        "version": 1, "id": id, "owner": owner, "taken_on": taken_on, "instrument": "phq9",
        "answers": [3, 3, 3, 3, 3, 3, 3, 3, 3],
        "score": {"total": 27, "percent": null, "band": "severe", "flags": [],
                  "prorated": false, "safety_item_endorsed": true}
    })
}

/// The signed bytes as `src/desk/selfchecks.rs` documents them (`Sealed::signed_message`),
/// written again from that description: a domain label; version (u32); id (i64); owner,
/// date and instrument as u64-length-prefixed text; the answers' count (u64), each a tag
/// byte 0 (skipped) or 1 and a u32; total (u32); percent (tag, u32); band (text); the
/// flags' count and each flag; prorated and safety (one byte each). All big-endian.
fn signed_message(content: &Value) -> Vec<u8> {
    fn text(out: &mut Vec<u8>, value: &Value) {
        let text = value.as_str().expect("text");
        out.extend((text.len() as u64).to_be_bytes());
        out.extend(text.as_bytes());
    }
    fn number(value: &Value) -> [u8; 4] {
        u32::try_from(value.as_u64().expect("a number"))
            .expect("a u32")
            .to_be_bytes()
    }
    fn optional(out: &mut Vec<u8>, value: &Value) {
        if value.is_null() {
            out.push(0);
        } else {
            out.push(1);
            out.extend(number(value));
        }
    }
    let mut out = b"steady self-check\0".to_vec();
    out.extend(number(&content["version"]));
    out.extend(content["id"].as_i64().expect("an id").to_be_bytes());
    for field in ["owner", "taken_on", "instrument"] {
        text(&mut out, &content[field]);
    }
    let answers = content["answers"].as_array().expect("answers");
    out.extend((answers.len() as u64).to_be_bytes());
    for answer in answers {
        optional(&mut out, answer);
    }
    let score = &content["score"];
    out.extend(number(&score["total"]));
    optional(&mut out, &score["percent"]);
    text(&mut out, &score["band"]);
    let flags = score["flags"].as_array().expect("flags");
    out.extend((flags.len() as u64).to_be_bytes());
    for flag in flags {
        text(&mut out, flag);
    }
    for field in ["prorated", "safety_item_endorsed"] {
        out.push(u8::from(score[field].as_bool().expect("a flag")));
    }
    out
}

/// JSON then zero bytes to 1 KiB: the version 2 plaintext.
fn padded(content: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec(content).expect("JSON");
    bytes.resize(1024, 0);
    bytes
}

/// The JSON inside a padded plaintext.
fn unpadded(plaintext: &[u8]) -> Value {
    let end = plaintext
        .iter()
        .position(|&b| b == 0)
        .unwrap_or(plaintext.len());
    serde_json::from_slice(&plaintext[..end]).expect("JSON")
}

fn sealed_of(conn: &Connection, id: i64) -> Vec<u8> {
    conn.query_row("SELECT sealed FROM self_checks WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .expect("the row")
}

fn list_json(vault: &TestVault, user: &User) -> Vec<Value> {
    vault
        .as_user(user)
        .args(["--json", "selfcheck", "list"])
        .succeeds()
        .json()
        .as_array()
        .expect("a list")
        .clone()
}

fn by_id(checks: &[Value], id: i64) -> &Value {
    checks
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no self-check {id} in {checks:?}"))
}

fn assert_unverified(check: &Value) {
    assert_eq!(check["verified"], false, "{check}");
    for field in [
        "instrument",
        "total",
        "percent",
        "band",
        "flags",
        "prorated",
    ] {
        assert!(check[field].is_null(), "{field} given: {check}");
    }
}

#[test]
fn self_checks_forged_with_the_master_key_are_never_shown_as_the_owners() {
    let Team {
        vault,
        ana,
        ben,
        cora,
    } = team();
    // Two genuine ones, both shared: 1 will be altered, 2 stays as Ana sealed it.
    for date in ["2026-11-01", "2026-11-02"] {
        vault
            .as_user(&ana)
            .args([
                "selfcheck",
                "take",
                "phq9",
                "--answers",
                "1,1,0,0,0,0,0,0,0",
            ])
            .args(["--date", date, "--share", "--yes"])
            .succeeds();
    }
    let (conn, ben_keys) = attacker(&vault, &ben);
    let (ana_x25519, _) = public_keys(&conn, "ana");
    let (cora_x25519, _) = public_keys(&conn, "cora");
    let to = [ana_x25519.as_str(), cora_x25519.as_str()];

    // The test's own copy of the signed encoding matches steady's: Ana's genuine seal
    // verifies under it (read here with Ana's key, only to check the test itself).
    let (_, ana_keys) = attacker(&vault, &ana);
    let genuine = unpadded(
        &ana_keys
            .open_padded(&sealed_of(&conn, 1), 1024)
            .expect("Ana opens hers"),
    );
    assert_eq!(genuine["version"], 2);
    assert!(verify_signature(
        genuine["signer"].as_str().expect("a signer"),
        &signed_message(&genuine),
        genuine["signature"].as_str().expect("a signature"),
    ));

    // 1: Ana's genuine content, made a PHQ-9 of 27, her signature kept.
    let mut altered = genuine.clone();
    altered["answers"] = json!([3, 3, 3, 3, 3, 3, 3, 3, 3]);
    altered["score"] = phq9_of_27(1, "ana", "2026-11-01")["score"].clone();
    conn.execute(
        "UPDATE self_checks SET sealed = ?1 WHERE id = 1",
        [age_seal(&to, &padded(&altered))],
    )
    .expect("replaced");
    // 3: the old way, as steady sealed them before signing.
    let old_way = phq9_of_27(3, "ana", "2026-11-03");
    insert_row(
        &conn,
        3,
        "ana",
        "2026-11-03",
        &age_seal(&to, &serde_json::to_vec(&old_way).expect("JSON")),
    );
    // 4: the new layout, padded and signed, but with Ben's key, not Ana's.
    let mut new_way = phq9_of_27(4, "ana", "2026-11-04");
    new_way["version"] = json!(2);
    new_way["signer"] = json!(ben_keys.public().ed25519);
    new_way["signature"] = json!(ben_keys.sign(&signed_message(&new_way)));
    insert_row(
        &conn,
        4,
        "ana",
        "2026-11-04",
        &age_seal(&to, &padded(&new_way)),
    );
    drop(conn);

    for user in [&ana, &cora] {
        let checks = list_json(&vault, user);
        assert_eq!(checks.len(), 4, "{}: {checks:?}", user.login);
        for id in [1, 3, 4] {
            assert_unverified(by_id(&checks, id));
        }
        let kept = by_id(&checks, 2);
        assert_eq!(kept["verified"], true);
        assert_eq!(
            (kept["total"].as_u64(), kept["band"].as_str()),
            (Some(2), Some("none_minimal"))
        );

        let shown = vault.as_user(user).args(["selfcheck", "list"]).succeeds();
        let table = shown.stdout();
        assert_eq!(
            table
                .lines()
                .filter(|r| r.contains("could not be verified"))
                .count(),
            3,
            "{table}"
        );
        for needle in ["27", "severe"] {
            assert!(!table.contains(needle), "{needle}: {table}");
        }
        assert!(
            shown
                .stderr
                .contains("Self-checks 4, 3, 1 could not be verified"),
            "{}",
            shown.stderr
        );
    }
    // Only the verified one counts as the coordinator having read Ana's answers.
    let opened: Vec<Value> = vault
        .admin()
        .args(["--json", "audit", "list", "--limit", "1000"])
        .succeeds()
        .json()
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["action"] == "selfcheck.open")
        .cloned()
        .collect();
    assert_eq!(opened.len(), 2, "one per listing by Cora: {opened:?}");
    assert!(
        opened
            .iter()
            .all(|e| e["detail"] == "self-check 2 shared by its owner"),
        "{opened:?}"
    );

    // Ana's export gives none of them as her answers.
    let export = vault
        .as_user(&ana)
        .args(["export", "mine"])
        .succeeds()
        .json();
    let exported = export["self_checks"].as_array().expect("self-checks");
    assert_eq!(exported.len(), 4);
    for check in exported {
        let verified = check["id"] == 2;
        assert_eq!(check["verified"], verified, "{check}");
        assert_eq!(check["answers"].is_null(), !verified, "{check}");
        assert_eq!(check["total"].is_null(), !verified, "{check}");
    }

    // Nothing unverified is sealed again; it can be deleted.
    let line = vault
        .as_user(&ana)
        .args(["selfcheck", "unshare", "4"])
        .outcome()
        .one_clear_line(5);
    assert!(line.contains("could not be verified"), "{line}");
    vault
        .as_user(&ana)
        .args(["selfcheck", "delete", "4", "--yes"])
        .succeeds();
    assert_eq!(list_json(&vault, &ana).len(), 3);
}

/// Answers that `instrument` accepts, from its lowest to its highest, with skips where
/// it allows them; PHQ-9 also with item 9 alone answered high, and skipped.
fn answer_sets(catalog: &Catalog) -> Vec<(String, Vec<Answer>)> {
    let mut sets = Vec::new();
    for instrument in catalog.list() {
        let id = instrument.id().to_string();
        let (low, high) = (instrument.responses().min, instrument.responses().max);
        let items = instrument.items().len();
        sets.push((id.clone(), vec![Answer::Value(low); items]));
        sets.push((id.clone(), vec![Answer::Value(high); items]));
        if let Some(missing) = &instrument.scoring().missing {
            let mut skipped = vec![Answer::Value(high); items];
            for answer in skipped.iter_mut().rev().take(missing.max_skipped) {
                *answer = Answer::Skipped;
            }
            sets.push((id.clone(), skipped));
        }
        if id == "phq9" {
            let mut item9 = vec![Answer::Value(low); items];
            item9[8] = Answer::Value(high);
            sets.push((id.clone(), item9.clone()));
            item9[8] = Answer::Skipped;
            sets.push((id.clone(), item9));
        }
    }
    sets
}

#[test]
fn every_self_check_seals_to_one_length_per_recipient_count() {
    let Team {
        vault, ana, cora, ..
    } = team();
    let catalog = Catalog::builtin().expect("the catalog");
    let sets = answer_sets(&catalog);
    assert!(sets.len() > 2 * catalog.list().len(), "{sets:?}");
    let locked = LockedVault::open(&VaultPaths::for_db(&vault.db)).expect("opens");
    let Ok(Unlock::Ready(mut session, _)) =
        locked.unlock(&ana.login, &Passphrase::new(ana.passphrase.clone()))
    else {
        panic!("Ana unlocks");
    };
    for share in [false, true] {
        for (instrument, answers) in &sets {
            session
                .take_self_check(&SelfCheckRequest {
                    instrument,
                    answers,
                    share,
                    contribute: false,
                    taken_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 2).expect("a day"),
                })
                .unwrap_or_else(|e| panic!("{instrument} {answers:?}: {e}"));
        }
    }
    drop(session);

    let lengths = |shared: bool| -> BTreeSet<i64> {
        let (conn, _) = attacker(&vault, &cora);
        let mut stmt = conn
            .prepare("SELECT length(sealed) FROM self_checks WHERE shared = ?1")
            .expect("a query");
        let found: BTreeSet<i64> = stmt
            .query_map([shared], |r| r.get(0))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("lengths");
        found
    };
    let (private, shared) = (lengths(false), lengths(true));
    assert_eq!(private.len(), 1, "owner only: {private:?}");
    assert_eq!(shared.len(), 1, "owner and one coordinator: {shared:?}");
    assert_ne!(private, shared);

    // Sealed again by sharing or withdrawing: the length of its new recipient count.
    let first_private = 1;
    let first_shared = i64::try_from(sets.len()).expect("few") + 1;
    vault
        .as_user(&ana)
        .args(["selfcheck", "share", &first_private.to_string(), "--yes"])
        .succeeds();
    vault
        .as_user(&ana)
        .args(["selfcheck", "unshare", &first_shared.to_string()])
        .succeeds();
    assert_eq!(lengths(false), private);
    assert_eq!(lengths(true), shared);
}

#[test]
fn a_genuine_self_check_stays_verified_across_passphrase_and_key_changes() {
    let Team {
        vault,
        ana,
        ben,
        cora,
    } = team();
    vault
        .as_user(&ana)
        .args(["selfcheck", "take", "who5", "--answers", "1,2,2,1,2"])
        .args(["--date", "2026-11-01", "--share", "--yes"])
        .succeeds();
    let verified = |user: &User| {
        let checks = list_json(&vault, user);
        assert_eq!(checks.len(), 1, "{}: {checks:?}", user.login);
        checks[0]["verified"] == true && checks[0]["band"] == "poor_wellbeing"
    };

    let ana = {
        let new = User::new("ana", "ana's second long passphrase");
        vault
            .as_user(&ana)
            .env("STEADY_NEW_PASSPHRASE", &new.passphrase)
            .args(["account", "passwd"])
            .succeeds();
        new
    };
    assert!(verified(&ana));
    assert!(verified(&cora));

    // Ana's signing key is retired and another recorded (as a first login does): the
    // self-check was signed with a key she held, so it still verifies.
    let (conn, _) = attacker(&vault, &ben);
    let (_, signed_with) = public_keys(&conn, "ana");
    let next = AccountSecrets::generate().public();
    conn.execute_batch(&format!(
        "UPDATE account_keys SET retired_at = '2026-11-02T00:00:00Z' WHERE login = 'ana';
         INSERT INTO account_keys (login, x25519_public, ed25519_public, created_at)
             VALUES ('ana', '{}', '{}', '2026-11-02T00:00:00Z');",
        next.x25519, next.ed25519
    ))
    .expect("a key change");
    assert!(verified(&cora));

    // A key Ana never held: with her real key's rows gone, nothing vouches for it.
    conn.execute(
        "DELETE FROM account_keys WHERE login = 'ana' AND ed25519_public = ?1",
        [&signed_with],
    )
    .expect("deleted");
    drop(conn);
    assert!(!verified(&cora));
    assert_unverified(&list_json(&vault, &cora)[0]);
}
