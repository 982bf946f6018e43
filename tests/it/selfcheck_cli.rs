//! `steady selfcheck`: confidential self-checks through the real binary, and what someone
//! holding the master key (or another account's keys) can and cannot read of them.

use std::collections::BTreeSet;

use crate::common::{RunExt, TestVault, User, roster};
use serde_json::Value;
use steady::desk::Passphrase;
use steady::desk::{LockedVault, SelfCheckRequest, Session, Unlock, VaultPaths};
use steady::instruments::Answer;
use steady::testing::TableDump;

/// Ana and Ben report to Sam (a supervisor who is also an employee); Cora coordinates.
struct Team {
    vault: TestVault,
    ana: User,
    ben: User,
    sam: User,
    cora: User,
}

fn team() -> Team {
    let vault = TestVault::with_roster(&roster(&[
        "E3,Sam Sergeant,Patrol North,",
        "E1,Ana Officer,Patrol North,E3",
        "E2,Ben Officer,Patrol North,E3",
    ]));
    let ana = vault.add_user("ana", "employee", Some("E1"));
    let ben = vault.add_user("ben", "employee", Some("E2"));
    let sam = vault.add_user("sam", "supervisor,employee", Some("E3"));
    let cora = vault.add_user("cora", "coordinator", None);
    Team {
        vault,
        ana,
        ben,
        sam,
        cora,
    }
}

/// PHQ-9 answers with a distinctive total (19, "moderately_severe") and item 9 above zero.
const PHQ9_HIGH: &str = "3,3,2,2,3,2,1,2,1";
/// K10 answers totalling 42 ("very_high").
const K10_HIGH: &str = "4,5,4,4,5,3,4,4,5,4";
/// WHO-5 answers totalling 8 (32 %, "poor_wellbeing").
const WHO5_LOW: &str = "1,2,2,1,2";

/// `selfcheck take` as `user` with `--json`; returns the stored record.
fn take(vault: &TestVault, user: &User, args: &[&str]) -> Value {
    vault
        .as_user(user)
        .args(["--json", "selfcheck", "take"])
        .args(args)
        .succeeds()
        .json()
}

/// `selfcheck list --json` as `user`.
fn list(vault: &TestVault, user: &User) -> Vec<Value> {
    vault
        .as_user(user)
        .args(["--json", "selfcheck", "list"])
        .succeeds()
        .json()
        .as_array()
        .expect("a list of self-checks")
        .clone()
}

fn ids(checks: &[Value]) -> Vec<i64> {
    checks
        .iter()
        .map(|c| c["id"].as_i64().expect("an id"))
        .collect()
}

/// Runs `work` on a session unlocked from the library, as `user`.
fn with_session<T>(vault: &TestVault, user: &User, work: impl FnOnce(&mut Session) -> T) -> T {
    let locked = LockedVault::open(&VaultPaths::for_db(&vault.db)).expect("the vault opens");
    match locked
        .unlock(&user.login, &Passphrase::new(user.passphrase.clone()))
        .expect("the user unlocks")
    {
        Unlock::Ready(mut session, _) => work(&mut session),
        Unlock::MustChange(_) => panic!("{} must not need a passphrase change", user.login),
    }
}

/// The sealed blob of self-check `id`, as anyone holding the master key can read it.
fn sealed_blob(vault: &TestVault, id: i64) -> Vec<u8> {
    with_session(vault, &User::admin(), |s| {
        s.store_for_tests()
            .db()
            .self_check(id)
            .expect("the query runs")
            .expect("the self-check exists")
            .sealed
    })
}

fn opens(vault: &TestVault, user: &User, blob: &[u8]) -> bool {
    // A self-check's plaintext is padded to 1 KiB, and its age file after it.
    with_session(vault, user, |s| {
        s.secrets_for_tests().open_padded(blob, 1024).is_ok()
    })
}

fn dump(vault: &TestVault) -> Vec<TableDump> {
    with_session(vault, &User::admin(), |s| {
        s.store_for_tests()
            .dump_tables_for_tests()
            .expect("the tables dump")
    })
}

fn table<'a>(tables: &'a [TableDump], name: &str) -> &'a TableDump {
    tables
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no table {name}"))
}

fn self_check_count(vault: &TestVault) -> usize {
    table(&dump(vault), "self_checks").rows.len()
}

fn audit_entries(vault: &TestVault) -> Vec<Value> {
    vault
        .admin()
        .args(["--json", "audit", "list", "--limit", "1000"])
        .succeeds()
        .json()
        .as_array()
        .expect("a list of entries")
        .clone()
}

fn entries_with_action(vault: &TestVault, action: &str) -> Vec<Value> {
    audit_entries(vault)
        .into_iter()
        .filter(|e| e["action"] == action)
        .collect()
}

#[test]
fn take_prints_the_same_reading_as_score_and_says_where_it_went() {
    let Team { vault, ana, .. } = team();
    let scored = vault
        .bare()
        .args(["score", "phq9", "--answers", PHQ9_HIGH])
        .succeeds();
    let taken = vault
        .as_user(&ana)
        .args(["selfcheck", "take", "phq9", "--answers", PHQ9_HIGH])
        .args(["--date", "2026-11-02"])
        .succeeds();
    let scored_lines: Vec<String> = scored.stdout().lines().map(String::from).collect();
    let taken_lines: Vec<String> = taken.stdout().lines().map(String::from).collect();
    let (last, reading) = taken_lines.split_last().expect("a reading");
    assert_eq!(reading, &scored_lines[..scored_lines.len() - 1]);
    assert!(reading.iter().any(|l| l == "Total: 19 (possible 0–27)"));
    assert_eq!(
        last,
        "This is a screening reading, not a diagnosis. Saved as self-check 1 for 2026-11-02; \
         only you can read it."
    );
    // Item 9 was answered above zero: the crisis lines come at once, and say no one was told.
    for mark in [
        "988",
        "911",
        "EAP",
        "Nothing you answered here has been sent to anyone.",
    ] {
        assert!(taken.stderr.contains(mark), "{mark}: {}", taken.stderr);
    }
}

#[test]
fn list_json_has_exactly_the_documented_fields_newest_first() {
    let Team { vault, ana, .. } = team();
    take(
        &vault,
        &ana,
        &["who5", "--answers", WHO5_LOW, "--date", "2026-10-01"],
    );
    let taken = take(
        &vault,
        &ana,
        &[
            "PHQ9",
            "--answers",
            "1,1,-,0,0,0,0,0,0",
            "--date",
            "2026-11-02",
        ],
    );
    assert_eq!(taken["id"], 2);
    assert_eq!(taken["total"], 2);
    assert_eq!(taken["prorated"], true);
    let checks = list(&vault, &ana);
    assert_eq!(ids(&checks), [2, 1]);
    let fields: BTreeSet<&str> = checks[1]
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        fields,
        BTreeSet::from([
            "id",
            "owner",
            "taken_on",
            "shared",
            "verified",
            "instrument",
            "total",
            "percent",
            "band",
            "flags",
            "prorated"
        ])
    );
    assert_eq!(
        checks[1],
        serde_json::json!({
            "id": 1, "owner": "ana", "taken_on": "2026-10-01", "shared": false,
            "verified": true, "instrument": "who5", "total": 8, "percent": 32, "band": "poor_wellbeing",
            "flags": ["screen_positive"], "prorated": false
        })
    );
    assert_eq!(checks[0], taken);
}

/// Someone with the master key dumps every table: no answers, totals, bands, flags or
/// instrument ids anywhere, except the one anonymous contribution's band and instrument.
#[test]
fn nothing_about_a_self_check_is_stored_in_the_clear() {
    let Team {
        vault,
        ana,
        ben,
        cora,
        ..
    } = team();
    let phq9 = take(
        &vault,
        &ana,
        &[
            "phq9",
            "--answers",
            PHQ9_HIGH,
            "--date",
            "2026-11-02",
            "--share",
        ],
    );
    let k10 = take(
        &vault,
        &ben,
        &["k10", "--answers", K10_HIGH, "--date", "2026-11-02"],
    );
    let who5 = take(
        &vault,
        &ana,
        &[
            "who5",
            "--answers",
            WHO5_LOW,
            "--date",
            "2026-11-03",
            "--contribute",
        ],
    );
    vault
        .as_user(&ben)
        .args(["selfcheck", "share", "2"])
        .succeeds();
    assert_eq!(ids(&list(&vault, &cora)), [2, 1]);
    vault
        .as_user(&ben)
        .args(["selfcheck", "unshare", "2"])
        .succeeds();

    // What would give a self-check away, checked first against what `take` printed.
    assert_eq!(
        (&phq9["total"], &phq9["band"]),
        (&Value::from(19), &Value::from("moderately_severe"))
    );
    assert_eq!(
        (&k10["total"], &k10["band"]),
        (&Value::from(42), &Value::from("very_high"))
    );
    assert_eq!(
        (&who5["percent"], &who5["band"]),
        (&Value::from(32), &Value::from("poor_wellbeing"))
    );
    let mut needles: Vec<String> = vec![
        PHQ9_HIGH.into(),
        K10_HIGH.into(),
        WHO5_LOW.into(),
        "[3,3,2".into(),
        "[4,5,4".into(),
        "[1,2,2".into(),
        "\"total\"".into(),
        "\"band\"".into(),
        "\"answers\"".into(),
        "\"instrument\"".into(),
        "\"flags\"".into(),
        "\"score\"".into(),
        "total 19".into(),
        "total: 19".into(),
        "19 (possible".into(),
        "42 (possible".into(),
        "32%".into(),
        "moderately severe".into(),
        "very high".into(),
        "poor wellbeing".into(),
    ];
    for taken in [&phq9, &k10, &who5] {
        needles.push(taken["instrument"].as_str().expect("an id").into());
        needles.push(taken["band"].as_str().expect("a band").into());
        for flag in taken["flags"].as_array().expect("flags") {
            needles.push(flag.as_str().expect("a flag").into());
        }
    }
    assert!(needles.contains(&"item9_safety_followup".to_string()));

    let tables = dump(&vault);
    let self_checks = table(&tables, "self_checks");
    assert_eq!(
        self_checks.columns,
        ["id", "owner", "taken_on", "shared", "sealed", "created_at"]
    );
    assert_eq!(self_checks.rows.len(), 3);
    for table in &tables {
        if table.name == "anon_contributions" {
            continue;
        }
        for row in &table.rows {
            for (column, cell) in table.columns.iter().zip(row) {
                let text = readable_part(&table.name, column, cell).to_lowercase();
                for needle in &needles {
                    assert!(
                        !text.contains(&needle.to_lowercase()),
                        "{needle:?} in {}.{column}: {cell:?}",
                        table.name
                    );
                }
            }
        }
    }

    let anon = table(&tables, "anon_contributions");
    assert_eq!(anon.columns, ["id", "unit", "month", "instrument", "band"]);
    assert_eq!(anon.rows.len(), 1);
    assert_eq!(
        anon.rows[0][1..],
        ["Patrol North", "2026-11", "who5", "poor_wellbeing"]
    );
}

/// The part of a stored value where content could show: a sealed blob must be an age file,
/// and only its payload is searched (its header holds random base64 that we did not write);
/// an `age1…` public key is a key, not content.
fn readable_part<'a>(table: &str, column: &str, cell: &'a str) -> &'a str {
    if table == "self_checks" && column == "sealed" {
        assert!(cell.starts_with("age-encryption.org/v1\n"), "{cell:?}");
        let mac = cell.find("\n--- ").expect("an age header MAC line");
        let payload = cell[mac + 1..].find('\n').expect("an age payload") + mac + 2;
        return &cell[payload..];
    }
    if cell.starts_with("age1") && cell.len() == 62 {
        return "";
    }
    cell
}

#[test]
fn supervisors_mentors_and_admins_cannot_open_a_self_check() {
    let Team {
        vault,
        ana,
        sam,
        cora,
        ..
    } = team();
    let max = vault.add_user("max", "mentor", None);
    vault
        .admin()
        .args(["mentor", "assign", "max", "E1"])
        .succeeds();
    take(
        &vault,
        &ana,
        &[
            "phq9",
            "--answers",
            PHQ9_HIGH,
            "--date",
            "2026-11-02",
            "--share",
        ],
    );

    // Sam supervises Ana and is an employee himself: he sees his own (none), not hers.
    assert!(list(&vault, &sam).is_empty());
    for user in [User::admin(), max.clone()] {
        let line = vault
            .as_user(&user)
            .args(["selfcheck", "list"])
            .outcome()
            .one_clear_line(4);
        assert!(line.contains("permission denied"), "{line}");
    }

    let blob = sealed_blob(&vault, 1);
    assert!(opens(&vault, &ana, &blob), "the owner opens it");
    assert!(
        opens(&vault, &cora, &blob),
        "she shared it with coordinators"
    );
    for user in [&sam, &max, &User::admin()] {
        assert!(!opens(&vault, user, &blob), "{} opened it", user.login);
    }
}

#[test]
fn a_coordinator_opens_only_shared_self_checks_and_each_opening_is_audited() {
    let Team {
        vault,
        ana,
        ben,
        cora,
        ..
    } = team();
    take(
        &vault,
        &ana,
        &["who5", "--answers", WHO5_LOW, "--date", "2026-11-01"],
    );
    take(
        &vault,
        &ana,
        &[
            "phq9",
            "--answers",
            PHQ9_HIGH,
            "--date",
            "2026-11-02",
            "--share",
        ],
    );
    take(
        &vault,
        &ben,
        &[
            "k10",
            "--answers",
            K10_HIGH,
            "--date",
            "2026-11-03",
            "--share",
        ],
    );

    let seen = list(&vault, &cora);
    assert_eq!(ids(&seen), [3, 2]);
    assert_eq!(seen[1]["owner"], "ana");
    assert_eq!(seen[1]["band"], "moderately_severe");
    assert_eq!(ids(&list(&vault, &ana)), [2, 1]);
    assert_eq!(ids(&list(&vault, &ben)), [3]);

    assert!(!opens(&vault, &cora, &sealed_blob(&vault, 1)));
    assert!(opens(&vault, &cora, &sealed_blob(&vault, 2)));

    // The subject is the owner's employee id, so each can later list who read theirs.
    let opened: Vec<(String, String, String)> = entries_with_action(&vault, "selfcheck.open")
        .iter()
        .map(|e| {
            (
                e["actor"].as_str().unwrap_or_default().to_string(),
                e["subject"].as_str().unwrap_or_default().to_string(),
                e["detail"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(opened.len(), 2, "{opened:?}");
    assert!(opened.contains(&(
        "cora".into(),
        "E1".into(),
        "self-check 2 shared by its owner".into()
    )));
    assert!(opened.contains(&(
        "cora".into(),
        "E2".into(),
        "self-check 3 shared by its owner".into()
    )));
    // The owners reading their own are not "openings" by someone else.
    assert!(opened.iter().all(|(actor, ..)| actor == "cora"));
}

#[test]
fn unsharing_seals_it_to_the_owner_alone_again() {
    let Team {
        vault, ana, cora, ..
    } = team();
    take(
        &vault,
        &ana,
        &[
            "phq9",
            "--answers",
            PHQ9_HIGH,
            "--date",
            "2026-11-02",
            "--share",
        ],
    );
    assert_eq!(ids(&list(&vault, &cora)), [1]);
    let shared_blob = sealed_blob(&vault, 1);
    assert!(opens(&vault, &cora, &shared_blob));

    let out = vault
        .as_user(&ana)
        .args(["selfcheck", "unshare", "1"])
        .succeeds();
    assert!(out.stderr.contains("private again"), "{}", out.stderr);
    let private_blob = sealed_blob(&vault, 1);
    assert_ne!(private_blob, shared_blob);
    assert!(
        !opens(&vault, &cora, &private_blob),
        "the coordinator's key no longer opens it"
    );
    assert!(opens(&vault, &ana, &private_blob));
    assert!(list(&vault, &cora).is_empty());
    assert_eq!(list(&vault, &ana)[0]["shared"], false);
    assert_eq!(entries_with_action(&vault, "selfcheck.open").len(), 1);
    let unshared = entries_with_action(&vault, "selfcheck.unshare");
    assert_eq!(unshared.len(), 1);
    assert_eq!(unshared[0]["subject"], "E1");

    // Sharing again reaches the coordinator again.
    vault
        .as_user(&ana)
        .args(["selfcheck", "share", "1"])
        .succeeds();
    assert_eq!(ids(&list(&vault, &cora)), [1]);
    assert_eq!(entries_with_action(&vault, "selfcheck.share").len(), 1);
}

#[test]
fn a_seal_moved_to_another_row_is_refused() {
    let Team {
        vault,
        ana,
        ben,
        cora,
        ..
    } = team();
    take(
        &vault,
        &ana,
        &["who5", "--answers", WHO5_LOW, "--date", "2026-11-01"],
    );
    take(
        &vault,
        &ana,
        &[
            "phq9",
            "--answers",
            PHQ9_HIGH,
            "--date",
            "2026-11-02",
            "--share",
        ],
    );
    take(
        &vault,
        &ben,
        &[
            "k10",
            "--answers",
            K10_HIGH,
            "--date",
            "2026-11-03",
            "--share",
        ],
    );
    let swap = |a: i64, b: i64| {
        with_session(&vault, &User::admin(), |s| {
            let store = s.store_for_tests();
            store
                .execute_raw_for_tests(
                    "CREATE TEMP TABLE seals AS SELECT id, sealed FROM self_checks",
                )
                .expect("copy the seals");
            store
                .execute_raw_for_tests(&format!(
                    "UPDATE self_checks SET sealed = \
                     (SELECT sealed FROM seals WHERE seals.id = {a} + {b} - self_checks.id) \
                     WHERE id IN ({a}, {b})"
                ))
                .expect("swap two seals");
        });
    };

    // Two of Ana's own: each opens with her key, but names the other record.
    swap(1, 2);
    let line = vault
        .as_user(&ana)
        .args(["selfcheck", "list"])
        .outcome()
        .one_clear_line(1);
    assert!(line.contains("moved or altered"), "{line}");
    swap(1, 2);
    assert_eq!(ids(&list(&vault, &ana)), [2, 1]);

    // Ana's shared one and Ben's: the coordinator can open both, and refuses both places.
    swap(2, 3);
    for user in [&ana, &ben, &cora] {
        let line = vault
            .as_user(user)
            .args(["selfcheck", "list"])
            .outcome()
            .one_clear_line(1);
        assert!(line.contains("moved or altered"), "{}: {line}", user.login);
    }
    // Nothing was shown, so nothing was recorded as read.
    assert!(entries_with_action(&vault, "selfcheck.open").is_empty());
}

#[test]
fn delete_needs_confirmation_in_scripts_then_removes_it_for_good() {
    let Team { vault, ana, .. } = team();
    take(
        &vault,
        &ana,
        &["who5", "--answers", WHO5_LOW, "--date", "2026-11-01"],
    );
    let before = vault.snapshot();
    let line = vault
        .as_user(&ana)
        .args(["selfcheck", "delete", "1"])
        .outcome()
        .one_clear_line(2);
    assert!(line.contains("--yes"), "{line}");
    assert_eq!(vault.snapshot(), before, "nothing changed");
    assert_eq!(ids(&list(&vault, &ana)), [1]);

    vault
        .as_user(&ana)
        .args(["selfcheck", "delete", "1", "--yes"])
        .succeeds();
    assert!(list(&vault, &ana).is_empty());
    assert_eq!(self_check_count(&vault), 0);
    let deleted = entries_with_action(&vault, "selfcheck.delete");
    assert_eq!(deleted.len(), 1);
    assert_eq!(deleted[0]["subject"], "E1");
    assert_eq!(
        deleted[0]["detail"],
        "self-check 1 dated 2026-11-01 deleted"
    );

    vault
        .as_user(&ana)
        .args(["selfcheck", "delete", "1", "--yes"])
        .outcome()
        .one_clear_line(5);
    // Ids are never reused, so an audit entry naming one always means one record.
    let next = take(
        &vault,
        &ana,
        &["who5", "--answers", WHO5_LOW, "--date", "2026-11-04"],
    );
    assert_eq!(next["id"], 2);
}

#[test]
fn only_the_owner_shares_withdraws_or_deletes() {
    let Team {
        vault,
        ana,
        ben,
        cora,
        ..
    } = team();
    take(
        &vault,
        &ana,
        &["who5", "--answers", WHO5_LOW, "--date", "2026-11-01"],
    );
    let head = vault.audit_head();
    for user in [&ben, &cora, &User::admin()] {
        for args in [
            &["selfcheck", "share", "1"][..],
            &["selfcheck", "unshare", "1"],
            &["selfcheck", "delete", "1", "--yes"],
        ] {
            vault.as_user(user).args(args).outcome().one_clear_line(4);
        }
    }
    vault
        .as_user(&ana)
        .args(["selfcheck", "share", "99"])
        .outcome()
        .one_clear_line(5);
    assert_eq!(vault.audit_head(), head);
    assert_eq!(ids(&list(&vault, &ana)), [1]);
    assert_eq!(list(&vault, &ana)[0]["shared"], false);
}

#[test]
fn contributions_name_no_one_and_do_not_follow_the_order_taken() {
    let Team {
        vault, ana, ben, ..
    } = team();
    take(
        &vault,
        &ana,
        &[
            "who5",
            "--answers",
            WHO5_LOW,
            "--date",
            "2026-11-03",
            "--contribute",
        ],
    );
    take(
        &vault,
        &ben,
        &["who5", "--answers", "5,5,5,5,5", "--date", "2026-11-04"],
    );
    let out = vault
        .as_user(&ben)
        .args(["selfcheck", "take", "k10", "--answers", K10_HIGH])
        .args(["--date", "2026-12-01", "--contribute"])
        .succeeds();
    assert!(out.stderr.contains("anonymous count"), "{}", out.stderr);
    take(
        &vault,
        &ana,
        &[
            "phq9",
            "--answers",
            PHQ9_HIGH,
            "--date",
            "2026-12-02",
            "--contribute",
        ],
    );

    let tables = dump(&vault);
    let anon = table(&tables, "anon_contributions");
    assert_eq!(anon.columns, ["id", "unit", "month", "instrument", "band"]);
    let mut rows: Vec<Vec<String>> = anon.rows.iter().map(|r| r[1..].to_vec()).collect();
    rows.sort();
    assert_eq!(
        rows,
        [
            ["Patrol North", "2026-11", "who5", "poor_wellbeing"],
            ["Patrol North", "2026-12", "k10", "very_high"],
            ["Patrol North", "2026-12", "phq9", "moderately_severe"],
        ]
    );
    for row in &anon.rows {
        for who in [
            "ana",
            "ben",
            "E1",
            "E2",
            "2026-11-03",
            "2026-12-01",
            "2026-12-02",
        ] {
            assert!(
                !row.iter().any(|cell| cell.contains(who)),
                "{who} in {row:?}"
            );
        }
    }
    // Random ids: an incrementing id (1, 2, 3) would line up with the self-checks' order.
    let mut ids: Vec<i64> = anon
        .rows
        .iter()
        .map(|r| r[0].parse().expect("an integer id"))
        .collect();
    assert!(ids.iter().all(|id| *id > 1_000_000), "{ids:?}");
    ids.sort_unstable();
    assert!(ids.windows(2).all(|w| w[1] - w[0] > 1), "{ids:?}");

    // The audit log does not say who contributed either.
    for entry in audit_entries(&vault) {
        let detail = entry["detail"].as_str().unwrap_or_default().to_lowercase();
        for word in ["contribut", "anonymous", "patrol north"] {
            assert!(!detail.contains(word), "{word} in {entry}");
        }
    }
}

#[test]
fn bad_input_exits_5_and_stores_nothing() {
    let Team { vault, ana, .. } = team();
    take(
        &vault,
        &ana,
        &["who5", "--answers", WHO5_LOW, "--date", "2026-11-01"],
    );
    let head = vault.audit_head();
    let before = vault.snapshot();
    let cases: [(&[&str], &str); 7] = [
        (&["bdi", "--answers", "1,2"], "no instrument called"),
        (&["who5", "--answers", "3,3"], "expected 5 answers"),
        (&["who5", "--answers", "6,3,3,3,3"], "out of range"),
        (&["who5", "--answers", "-1,3,3,3,3"], "out of range"),
        (&["who5", "--answers", "-,3,3,3,3"], "skipped"),
        (&["phq9", "--answers", "-,-,-,1,1,1,1,1,1"], "skipped"),
        (
            &["who5", "--answers", "3,3,3,3,3", "--date", "2026-02-30"],
            "not a day",
        ),
    ];
    for (args, expected) in cases {
        let line = vault
            .as_user(&ana)
            .args(["selfcheck", "take"])
            .args(args)
            .args(["--share", "--contribute"])
            .outcome()
            .one_clear_line(5);
        assert!(line.contains(expected), "{args:?}: {line}");
    }
    assert_eq!(vault.snapshot(), before);
    assert_eq!(vault.audit_head(), head);
    assert_eq!(self_check_count(&vault), 1);

    // The library refuses the same way, whatever its caller checked first.
    let refused = with_session(&vault, &ana, |s| {
        let answers = [Answer::Value(3), Answer::Value(9)];
        s.take_self_check(&SelfCheckRequest {
            instrument: "who5",
            answers: &answers,
            share: true,
            contribute: true,
            taken_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 5).expect("a date"),
        })
        .map(|_| ())
        .map_err(|e| (e.exit_code(), e.to_string()))
    });
    assert_eq!(
        refused,
        Err((5, "who5: expected 5 answers, got 2".to_string()))
    );
    assert_eq!(vault.audit_head(), head);
    assert_eq!(self_check_count(&vault), 1);
    assert!(table(&dump(&vault), "anon_contributions").rows.is_empty());
}

#[test]
fn taking_needs_the_employee_role_and_contributing_needs_a_unit() {
    let Team {
        vault, ana, cora, ..
    } = team();
    let head = vault.audit_head();
    let line = vault
        .as_user(&cora)
        .args(["selfcheck", "take", "who5", "--answers", "3,3,3,3,3"])
        .outcome()
        .one_clear_line(4);
    assert!(line.contains("employee role"), "{line}");
    assert_eq!(vault.audit_head(), head);

    // An employee account whose roster link was cut behind steady's back (the only way to
    // one: the desk gives every employee account a person) is refused at login now, before
    // any unit could be asked for.
    vault.tamper("UPDATE accounts SET person_id = NULL WHERE login = 'ana'");
    let line = vault
        .as_user(&ana)
        .args([
            "selfcheck",
            "take",
            "who5",
            "--answers",
            "3,3,3,3,3",
            "--contribute",
        ])
        .outcome()
        .one_clear_line(6);
    assert!(
        line.contains("does not vouch for the account ana"),
        "{line}"
    );
    assert_eq!(vault.audit_head(), head);
    assert_eq!(self_check_count(&vault), 0);

    // Put back as the log says, a self-check without contributing is stored.
    vault.tamper("UPDATE accounts SET person_id = 'E1' WHERE login = 'ana'");
    take(
        &vault,
        &ana,
        &["who5", "--answers", "3,3,3,3,3", "--date", "2026-11-01"],
    );
    let taken = entries_with_action(&vault, "selfcheck.take");
    assert_eq!(taken.len(), 1);
    assert_eq!(taken[0]["subject"], "E1");
    assert_eq!(
        taken[0]["detail"],
        "self-check 1 dated 2026-11-01; sealed to its owner only"
    );
}

#[test]
fn a_safety_answer_shows_crisis_lines_at_once_and_notifies_no_one() {
    let Team {
        vault, ana, cora, ..
    } = team();
    let out = vault
        .as_user(&ana)
        .args(["--json", "selfcheck", "take", "phq9"])
        .args(["--answers", "0,0,0,0,0,0,0,0,1", "--date", "2026-11-02"])
        .succeeds();
    let taken = out.json();
    assert_eq!(taken["shared"], false);
    assert!(
        taken["flags"]
            .as_array()
            .expect("flags")
            .contains(&Value::from("item9_safety_followup"))
    );
    for mark in [
        "988",
        "911",
        "EAP",
        "Nothing you answered here has been sent to anyone.",
    ] {
        assert!(out.stderr.contains(mark), "{mark}: {}", out.stderr);
    }
    assert!(list(&vault, &cora).is_empty());
    for entry in audit_entries(&vault) {
        // Only the words of an entry: its hashes and signatures are random hex, in which
        // "988" can occur by chance.
        let text = ["action", "subject", "detail"]
            .map(|field| entry[field].as_str().unwrap_or_default().to_lowercase())
            .join(" ");
        for word in ["safety", "crisis", "988", "item9", "phq9"] {
            assert!(!text.contains(word), "{word} in {entry}");
        }
    }

    // Crisis lines show even when the vault cannot be opened.
    let failed = vault
        .cmd("ana", "not ana's passphrase")
        .args([
            "selfcheck",
            "take",
            "phq9",
            "--answers",
            "0,0,0,0,0,0,0,0,2",
        ])
        .exits(3);
    assert!(failed.stderr.contains("988"), "{}", failed.stderr);

    // Sharing is the person's own choice: then the lines no longer say no one was told.
    let shared = vault
        .as_user(&ana)
        .args([
            "selfcheck",
            "take",
            "phq9",
            "--answers",
            "0,0,0,0,0,0,0,0,1",
        ])
        .args(["--date", "2026-11-03", "--share"])
        .succeeds();
    assert!(shared.stderr.contains("988"), "{}", shared.stderr);
    assert!(
        !shared.stderr.contains("Nothing you answered"),
        "{}",
        shared.stderr
    );
    assert!(shared.stdout().contains("shared with 1 coordinator"));
}

#[test]
fn sharing_waits_for_a_coordinator_who_chose_their_own_passphrase() {
    let vault = TestVault::with_roster(&roster(&["E1,Ana Officer,Patrol North,"]));
    let ana = vault.add_user("ana", "employee", Some("E1"));
    let one_time = vault.add_account("cleo", "coordinator", None);

    // Cleo's keys were made while the admin held her one-time passphrase: not a recipient.
    let out = vault
        .as_user(&ana)
        .args(["--json", "selfcheck", "take", "who5", "--answers", WHO5_LOW])
        .args(["--date", "2026-11-01", "--share"])
        .succeeds();
    assert_eq!(out.json()["shared"], false);
    assert!(out.stderr.contains("Not shared"), "{}", out.stderr);
    let line = vault
        .as_user(&ana)
        .args(["selfcheck", "share", "1"])
        .outcome()
        .one_clear_line(5);
    assert!(line.contains("no coordinator"), "{line}");

    vault.first_login("cleo", &one_time, "cleo chose this passphrase");
    let cleo = User::new("cleo", "cleo chose this passphrase");
    vault
        .as_user(&ana)
        .args(["selfcheck", "share", "1"])
        .succeeds();
    assert_eq!(ids(&list(&vault, &cleo)), [1]);

    // A disabled coordinator is not shared with either.
    vault
        .admin()
        .args(["account", "disable", "cleo"])
        .succeeds();
    vault
        .as_user(&ana)
        .args(["selfcheck", "share", "1"])
        .outcome()
        .one_clear_line(5);
}

#[test]
fn the_owner_reads_plain_words_where_the_coordinator_reads_the_published_band() {
    let Team {
        vault, ana, cora, ..
    } = team();
    take(
        &vault,
        &ana,
        &[
            "phq9",
            "--answers",
            PHQ9_HIGH,
            "--share",
            "--date",
            "2026-11-01",
        ],
    );
    let own = vault
        .as_user(&ana)
        .args(["selfcheck", "list"])
        .succeeds()
        .stdout();
    assert!(own.contains("a hard stretch"), "{own}");
    assert!(!own.contains("moderately severe"), "{own}");
    let shared = vault
        .as_user(&cora)
        .args(["selfcheck", "list"])
        .succeeds()
        .stdout();
    assert!(shared.contains("moderately severe"), "{shared}");
    // The exports keep the published name for everyone.
    assert_eq!(list(&vault, &ana)[0]["band"], "moderately_severe");
}
