//! The roster and who may see whom: CSV import (all errors at once, nothing written on
//! failure, re-import in place), the chain of command, mentors, and terminal safety.

use crate::common::{RunExt, TestVault, User, roster};

/// ```text
/// E1 Chief ─┬─ E2 Sup A ── E4 ── E6 ── E8
///           └─ E3 Sup B ── E5
/// E7 (a separate root)
/// ```
const ORG: &[&str] = &[
    "E1,Ada Chief,Headquarters,",
    "E2,Bea Suparna,North Precinct,E1",
    "E3,Caleb Supton,South Precinct,E1",
    "E4,Dana Fourth,North Precinct,E2",
    "E5,Elena Fifth,South Precinct,E3",
    "E6,Farah Sixth,North Precinct,E4",
    "E7,Grace Seventh,Training Bureau,",
    "E8,Hector Eighth,North Precinct,E6",
];

struct Org {
    vault: TestVault,
    supervisor: User,
    mentor: User,
    employee: User,
    coordinator: User,
}

fn org() -> Org {
    let vault = TestVault::with_roster(&roster(ORG));
    let supervisor = vault.add_user("sup", "supervisor,employee", Some("E2"));
    let mentor = vault.add_user("men", "mentor,employee", Some("E7"));
    let employee = vault.add_user("emp", "employee", Some("E5"));
    let coordinator = vault.add_user("coord", "coordinator", None);
    Org {
        vault,
        supervisor,
        mentor,
        employee,
        coordinator,
    }
}

fn show(vault: &TestVault, user: &User, emp: &str) -> assert_cmd::Command {
    let mut cmd = vault.as_user(user);
    cmd.args(["people", "show", emp]);
    cmd
}

#[test]
fn a_supervisor_sees_their_whole_subtree_and_no_one_else() {
    let Org {
        vault, supervisor, ..
    } = org();
    for inside in ["E2", "E4", "E6", "E8"] {
        let shown = show(&vault, &supervisor, inside).outcome();
        assert_eq!(shown.code, Some(0), "{inside}: {shown:?}");
    }
    let deep = show(&vault, &supervisor, "E8").succeeds().stdout();
    assert!(
        deep.contains("Hector Eighth") && deep.contains("North Precinct"),
        "{deep}"
    );

    for outside in ["E1", "E3", "E5", "E7"] {
        let line = show(&vault, &supervisor, outside)
            .outcome()
            .one_clear_line(4);
        assert!(line.contains("permission denied"), "{outside}: {line}");
    }
    // A refusal does not reveal whether someone exists.
    let missing = show(&vault, &supervisor, "E404")
        .outcome()
        .one_clear_line(4);
    assert!(missing.contains("permission denied"), "{missing}");

    // The list is exactly the subtree, plus themself through the employee role.
    let mut seen = vault.visible_ids(&supervisor);
    seen.sort();
    assert_eq!(seen, ["E2", "E4", "E6", "E8"]);
}

#[test]
fn a_mentor_sees_mentees_only() {
    let Org { vault, mentor, .. } = org();
    show(&vault, &mentor, "E5").outcome().one_clear_line(4);
    vault
        .admin()
        .args(["mentor", "assign", "men", "E5"])
        .succeeds();
    show(&vault, &mentor, "E5").exits(0);
    show(&vault, &mentor, "E6").outcome().one_clear_line(4);
    let mut seen = vault.visible_ids(&mentor);
    seen.sort();
    assert_eq!(seen, ["E5", "E7"]);
    let shown = vault
        .admin()
        .args(["people", "show", "E5"])
        .succeeds()
        .stdout();
    assert!(
        shown.contains("men"),
        "the mentor is on the person page: {shown}"
    );

    vault
        .admin()
        .args(["mentor", "unassign", "men", "E5"])
        .succeeds();
    show(&vault, &mentor, "E5").outcome().one_clear_line(4);
    // Only mentor accounts can mentor.
    let line = vault
        .admin()
        .args(["mentor", "assign", "emp", "E6"])
        .outcome()
        .one_clear_line(5);
    assert!(line.contains("mentor role"), "{line}");
}

#[test]
fn an_employee_sees_only_themself() {
    let Org {
        vault, employee, ..
    } = org();
    show(&vault, &employee, "E5").exits(0);
    for other in ["E3", "E4", "E1"] {
        show(&vault, &employee, other).outcome().one_clear_line(4);
    }
    assert_eq!(vault.visible_ids(&employee), ["E5"]);
}

#[test]
fn admins_and_coordinators_see_the_whole_directory() {
    let Org {
        vault, coordinator, ..
    } = org();
    assert_eq!(vault.visible_ids(&User::admin()).len(), ORG.len());
    assert_eq!(vault.visible_ids(&coordinator).len(), ORG.len());
    let shown = vault
        .admin()
        .args(["--json", "people", "show", "E8"])
        .succeeds()
        .json();
    assert_eq!(shown["person"]["name"], "Hector Eighth");
    assert_eq!(shown["supervisor_name"], "Farah Sixth");
    // The admin reads directory facts, never a person's records.
    assert_eq!(shown["may_view_record"], false);
}

#[test]
fn only_admins_manage_accounts_roster_mentors_keys_and_audit() {
    let Org {
        vault,
        supervisor,
        mentor,
        employee,
        coordinator,
    } = org();
    let csv = vault.write_file("again.csv", roster(ORG));
    let before = vault.snapshot();
    let attempts: Vec<Vec<&str>> = vec![
        vec![
            "account", "add", "x", "--roles", "employee", "--person", "E8",
        ],
        vec!["account", "list"],
        vec!["account", "disable", "emp"],
        vec!["people", "import", csv.to_str().expect("utf-8 path")],
        vec![
            "people", "add", "E9", "--name", "New One", "--unit", "North",
        ],
        vec!["mentor", "assign", "men", "E8"],
        vec!["rekey"],
        vec!["audit", "verify"],
        vec!["audit", "list"],
        vec!["audit", "head"],
    ];
    for user in [&supervisor, &mentor, &employee, &coordinator] {
        for args in &attempts {
            let line = vault.as_user(user).args(args).outcome().one_clear_line(4);
            assert!(
                line.contains("permission denied"),
                "{} {args:?}: {line}",
                user.login
            );
        }
    }
    assert_eq!(
        vault.snapshot(),
        before,
        "a refused command changed the vault"
    );
}

#[test]
fn a_roster_with_many_problems_lists_them_all_and_imports_nothing() {
    let vault = TestVault::with_roster(&roster(&["E1,Ada Chief,Headquarters,"]));
    let people_before = vault.people_json();
    let head_before = vault.audit_head();
    let before = vault.snapshot();

    let mut csv = roster(&[
        "E2,Bo Two,North,E1",   // line 2: fine
        "E2,Bo Again,North,E1", // line 3: duplicate id
        "E4,,North,E1",         // line 4: empty name
        "E5,Cy Five,North",     // line 5: three columns
    ])
    .into_bytes();
    csv.extend_from_slice(b"E6,D\xffna,North,E1\n"); // line 6: not UTF-8
    csv.extend_from_slice(
        b"E7,Ed Seven,North,E99\n\
          E8,Fa Eight,North,E9\n\
          E9,Gi Nine,North,E8\n",
    ); // line 7: unknown supervisor; lines 8-9: a loop E8 -> E9 -> E8

    let failed = vault.import_cmd(&csv, &[]).exits(5);
    let lines: Vec<&str> = failed.stderr.lines().collect();
    assert!(
        lines[0].starts_with("steady: ") && lines[0].contains("nothing was imported"),
        "{lines:?}"
    );
    for (line_no, words) in [
        (3, "appears again"),
        (4, "name is empty"),
        (5, "expected 4 columns"),
        (6, "UTF-8"),
        (7, "E99"),
        (8, "loops"),
    ] {
        let prefix = format!("  line {line_no}: ");
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(&prefix) && l.contains(words)),
            "no {words:?} problem reported on line {line_no}:\n{}",
            failed.stderr
        );
    }
    assert!(!failed.stderr.contains("line 2:"), "{}", failed.stderr);
    assert!(
        !failed.stderr.contains("line 9:"),
        "one report per loop: {}",
        failed.stderr
    );

    assert_eq!(
        vault.snapshot(),
        before,
        "a refused import changed the vault"
    );
    assert_eq!(vault.people_json(), people_before);
    assert_eq!(vault.audit_head(), head_before);
}

#[test]
fn a_row_under_a_faulty_row_is_not_reported_twice() {
    let vault = TestVault::init();
    let failed = vault
        .import_cmd(
            roster(&[
                "E1,Ada Chief,Headquarters,",
                "E2,,North,E1",     // line 3: empty name
                "E3,Bo,North,E2",   // line 4: fine once E2 is fixed
                "E4,Cy,North,E404", // line 5: unknown supervisor
            ]),
            &[],
        )
        .exits(5);
    let details: Vec<&str> = failed.stderr.lines().skip(1).collect();
    assert_eq!(
        details,
        [
            "  line 3: name is empty",
            "  line 5: supervisor E404 is not in the file or the vault"
        ],
        "{}",
        failed.stderr
    );
}

#[test]
fn a_roster_without_its_header_or_empty_is_refused() {
    let vault = TestVault::init();
    let before = vault.snapshot();
    let no_header = vault.import_cmd("E1,Ana,North,\n", &[]).exits(5);
    assert!(
        no_header
            .stderr
            .contains("line 1: the first line must be the header"),
        "{no_header:?}"
    );
    let empty = vault.import_cmd("", &[]).exits(5);
    assert!(empty.stderr.contains("empty"), "{empty:?}");
    let missing = vault
        .admin()
        .args(["people", "import", "/nonexistent/roster.csv"])
        .outcome()
        .one_clear_line(5);
    assert!(missing.contains("cannot read"), "{missing}");
    assert_eq!(vault.snapshot(), before);
}

#[test]
fn a_reimport_moves_people_in_place_and_keeps_their_accounts() {
    let Org {
        vault, supervisor, ..
    } = org();
    let e3_sup = vault.add_user("supb", "supervisor,employee", Some("E3"));
    let dana = vault.add_user("dana", "employee", Some("E4"));
    assert!(vault.visible_ids(&supervisor).contains(&"E4".to_string()));

    // Dana (E4) moves from E2's team in North to E3's team in South; her report E6 goes
    // with her. Ada's unit is renamed. Everyone else is unchanged; E9 is new.
    let mut moved: Vec<String> = ORG.iter().map(|r| r.to_string()).collect();
    moved[0] = "E1,Ada Chief,Office of the Chief,".into();
    moved[3] = "E4,Dana Fourth,South Precinct,E3".into();
    moved.push("E9,Ines Ninth,South Precinct,E5".into());
    let rows: Vec<&str> = moved.iter().map(String::as_str).collect();
    let summary = vault.import(&roster(&rows));
    assert_eq!(summary["added"], 1, "{summary}");
    assert_eq!(summary["updated"], 2, "{summary}");
    assert_eq!(summary["unchanged"], 6, "{summary}");
    assert_eq!(summary["deactivated"], 0, "{summary}");

    // Her account still works and is still her.
    assert_eq!(vault.visible_ids(&dana), ["E4"]);
    let shown = vault
        .as_user(&dana)
        .args(["--json", "people", "show", "E4"])
        .succeeds()
        .json();
    assert_eq!(shown["person"]["unit"], "South Precinct");
    assert_eq!(shown["person"]["supervisor_id"], "E3");

    // The old supervisor no longer sees her (or E6 below her); the new one does.
    show(&vault, &supervisor, "E4").outcome().one_clear_line(4);
    show(&vault, &supervisor, "E6").outcome().one_clear_line(4);
    show(&vault, &e3_sup, "E4").exits(0);
    show(&vault, &e3_sup, "E8").exits(0);
    let mut old_team = vault.visible_ids(&supervisor);
    old_team.sort();
    assert_eq!(old_team, ["E2"]);

    // Importing the same file again changes nothing.
    let again = vault.import(&roster(&rows));
    assert_eq!(again["unchanged"], 9, "{again}");
    assert_eq!(again["added"], 0, "{again}");
    assert_eq!(again["updated"], 0, "{again}");
}

#[test]
fn people_missing_from_a_reimport_are_kept_or_deactivated_on_request() {
    let vault = TestVault::with_roster(&roster(ORG));
    let partial = roster(&ORG[..6]); // E7 and E8 are left out
    let kept = vault.import_cmd(&partial, &["--json"]).succeeds().json();
    assert_eq!(kept["not_in_file"], 2, "{kept}");
    assert_eq!(kept["deactivated"], 0, "{kept}");
    let active = |people: &serde_json::Value, id: &str| {
        people
            .as_array()
            .and_then(|a| a.iter().find(|p| p["employee_id"] == id))
            .map(|p| p["active"].clone())
    };
    let people = vault.people_json();
    assert_eq!(active(&people, "E7"), Some(true.into()));

    let text = vault
        .import_cmd(&partial, &["--deactivate-missing"])
        .succeeds()
        .stdout();
    assert!(text.contains("2 deactivated"), "{text}");
    let people = vault.people_json();
    assert_eq!(active(&people, "E7"), Some(false.into()));
    assert_eq!(active(&people, "E8"), Some(false.into()));
    assert_eq!(active(&people, "E6"), Some(true.into()));
    assert_eq!(
        people.as_array().map(Vec::len),
        Some(ORG.len()),
        "history is kept"
    );
}

#[test]
fn adding_a_person_checks_the_input_and_changes_nothing_on_failure() {
    let vault = TestVault::with_roster(&roster(&["E1,Ada Chief,Headquarters,"]));
    let before = vault.snapshot();
    let unknown = vault
        .admin()
        .args(["people", "add", "E2", "--name", "Bo", "--unit", "North"])
        .args(["--supervisor", "E404"])
        .outcome()
        .one_clear_line(5);
    assert!(unknown.contains("E404"), "{unknown}");
    let taken = vault
        .admin()
        .args(["people", "add", "E1", "--name", "Bo", "--unit", "North"])
        .outcome()
        .one_clear_line(5);
    assert!(taken.contains("already on the roster"), "{taken}");
    let empty = vault
        .admin()
        .args(["people", "add", "E2", "--name", " ", "--unit", "North"])
        .outcome()
        .one_clear_line(5);
    assert!(empty.contains("name is empty"), "{empty}");
    assert_eq!(vault.snapshot(), before);

    vault
        .admin()
        .args(["people", "add", "E2", "--name", "Bo Two", "--unit", "North"])
        .args(["--supervisor", "E1"])
        .succeeds();
    let shown = vault
        .admin()
        .args(["--json", "people", "show", "E2"])
        .succeeds()
        .json();
    assert_eq!(shown["supervisor_name"], "Ada Chief");
}

#[test]
fn escape_sequences_in_names_never_reach_the_terminal() {
    let hostile = "Mal\u{1b}[2Jory \u{1b}]52;c;aGk=\u{7}Vance";
    let unit = "Unit\u{1b}[31m Red";
    let vault = TestVault::with_roster(&roster(&[&format!("E1,\"{hostile}\",\"{unit}\",")]));
    let emp = vault.add_user("emp", "employee", Some("E1"));

    let check_clean = |bytes: &[u8], what: &str| {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !bytes.iter().any(|b| *b == 0x1b || *b == 0x07)
                && !text.chars().any(|c| c.is_control() && c != '\n'),
            "{what} carries a control character: {text:?}"
        );
    };
    for user in [&User::admin(), &emp] {
        let listed = vault.as_user(user).args(["people", "list"]).succeeds();
        check_clean(&listed.stdout, "people list");
        check_clean(listed.stderr.as_bytes(), "people list (stderr)");
        assert!(listed.stdout().contains("Mal"), "{listed:?}");
        let shown = vault
            .as_user(user)
            .args(["people", "show", "E1"])
            .succeeds();
        check_clean(&shown.stdout, "people show");
    }

    let json = vault.admin().args(["--json", "people", "list"]).succeeds();
    check_clean(&json.stdout, "people list --json");
    let people = json.json();
    assert_eq!(
        people[0]["name"], hostile,
        "JSON round-trips the stored name"
    );
    assert_eq!(people[0]["unit"], unit);

    let shown = vault
        .admin()
        .args(["--json", "people", "show", "E1"])
        .succeeds();
    check_clean(&shown.stdout, "people show --json");
    assert_eq!(shown.json()["person"]["name"], hostile);

    // Error messages that echo input are neutralised too.
    let denied = vault
        .as_user(&emp)
        .args(["people", "show", "E2\u{1b}[2J"])
        .outcome();
    check_clean(denied.stderr.as_bytes(), "a refusal");
    denied.one_clear_line(4);
}
