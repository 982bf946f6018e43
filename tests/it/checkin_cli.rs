//! Check-ins from the command line: who may record and read them, editing with earlier
//! versions kept, read receipts in the audit log, bad input, and terminal safety.

use crate::common::{RunExt, Team, User, assert_no_control, days_ago, sorted_ids};
use serde_json::Value;

fn add(team: &Team, user: &User, emp: &str, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = team.vault.as_user(user);
    cmd.args(["checkin", "add", emp]).args(args);
    cmd
}

fn show(team: &Team, user: &User, id: i64) -> Value {
    team.vault
        .json_cmd(user, &["checkin", "show", &id.to_string()])
        .succeeds()
        .json()
}

fn actions_by(entries: &[Value], action: &str, actor: &str) -> usize {
    entries
        .iter()
        .filter(|e| e["action"] == action && e["actor"] == actor)
        .count()
}

#[test]
fn supervisors_record_for_their_subtree_and_no_one_else() {
    let team = Team::new();
    for inside in ["E4", "E6", "E8"] {
        add(&team, &team.sup, inside, &["--wellbeing", "3"]).succeeds();
    }
    for outside in ["E1", "E2", "E3", "E5", "E7", "E404"] {
        let line = add(&team, &team.sup, outside, &["--wellbeing", "3"])
            .outcome()
            .one_clear_line(4);
        assert!(line.contains("permission denied"), "{outside}: {line}");
    }
    let listed = team.vault.checkins(&team.sup, "E8");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["kind"], "supervisor");
    assert_eq!(
        listed[0]["visibility"], "chain",
        "a supervisor's check-in defaults to chain"
    );
    assert_eq!(listed[0]["author"], "sup");
}

#[test]
fn mentors_record_private_check_ins_with_mentees_only() {
    let team = Team::new();
    let id = team
        .vault
        .add_checkin(&team.mentor, "E6", &["--wellbeing", "4"]);
    let shown = show(&team, &team.mentor, id);
    assert_eq!(shown["checkin"]["kind"], "mentoring");
    assert_eq!(
        shown["checkin"]["visibility"], "private",
        "mentoring check-ins default to private"
    );
    let chain = team
        .vault
        .add_checkin(&team.mentor, "E6", &["--wellbeing", "4", "--chain"]);
    assert_eq!(
        show(&team, &team.mentor, chain)["checkin"]["visibility"],
        "chain"
    );

    for outside in ["E4", "E5", "E8", "E7"] {
        add(&team, &team.mentor, outside, &["--wellbeing", "3"])
            .outcome()
            .one_clear_line(4);
    }
}

#[test]
fn admins_and_coordinators_neither_record_nor_read_check_ins() {
    let team = Team::new();
    let secret = "talked about the divorce";
    let id = team
        .vault
        .add_checkin(&team.lead, "E6", &["--wellbeing", "2", "--note", secret]);
    for user in [&team.admin, &team.coord] {
        add(&team, user, "E6", &["--wellbeing", "3"])
            .outcome()
            .one_clear_line(4);
        let vault = &team.vault;
        vault
            .as_user(user)
            .args(["checkin", "list", "E6"])
            .outcome()
            .one_clear_line(4);
        vault
            .as_user(user)
            .args(["checkin", "show", &id.to_string()])
            .outcome()
            .one_clear_line(4);
    }
    // What the admin can see of the log names the check-in but never its notes.
    let log = serde_json::to_string(&team.vault.audit_entries()).expect("JSON");
    assert!(log.contains("checkin.add"), "{log}");
    assert!(!log.contains("divorce"), "{log}");
}

#[test]
fn an_employee_reads_every_check_in_about_them_and_no_one_elses() {
    let team = Team::new();
    let vault = &team.vault;
    let chain = vault.add_checkin(&team.lead, "E6", &["--wellbeing", "3", "--note", "shifts"]);
    let private = vault.add_checkin(&team.mentor, "E6", &["--wellbeing", "2", "--note", "home"]);
    let about_other = vault.add_checkin(&team.sup, "E4", &["--wellbeing", "4"]);

    let mine = vault.checkins(&team.emp, "E6");
    assert_eq!(sorted_ids(&mine), [chain, private]);
    assert!(mine.iter().any(|c| c["notes"] == "home"), "{mine:?}");
    vault
        .as_user(&team.emp)
        .args(["checkin", "show", &private.to_string()])
        .succeeds();

    for other in ["E4", "E5", "E8"] {
        vault
            .as_user(&team.emp)
            .args(["checkin", "list", other])
            .outcome()
            .one_clear_line(4);
    }
    vault
        .as_user(&team.emp)
        .args(["checkin", "show", &about_other.to_string()])
        .outcome()
        .one_clear_line(4);
    vault
        .as_user(&team.other)
        .args(["checkin", "list", "E6"])
        .outcome()
        .one_clear_line(4);
    // Employees read what is recorded about them; they do not record check-ins.
    add(&team, &team.emp, "E6", &["--wellbeing", "3"])
        .outcome()
        .one_clear_line(4);
    // The lead, as an employee, reads the check-in their own supervisor wrote about them.
    assert_eq!(sorted_ids(&vault.checkins(&team.lead, "E4")), [about_other]);
}

#[test]
fn a_supervisor_sees_chain_check_ins_from_below_but_no_private_ones() {
    let team = Team::new();
    let vault = &team.vault;
    let from_lead = vault.add_checkin(&team.lead, "E6", &["--wellbeing", "3"]);
    let lead_private = vault.add_checkin(&team.lead, "E6", &["--wellbeing", "3", "--private"]);
    let mentor_private = vault.add_checkin(&team.mentor, "E6", &["--wellbeing", "2"]);
    let mentor_chain = vault.add_checkin(&team.mentor, "E6", &["--wellbeing", "2", "--chain"]);

    assert_eq!(
        sorted_ids(&vault.checkins(&team.sup, "E6")),
        [from_lead, mentor_chain]
    );
    for hidden in [lead_private, mentor_private] {
        vault
            .as_user(&team.sup)
            .args(["checkin", "show", &hidden.to_string()])
            .outcome()
            .one_clear_line(4);
    }
    // Each author sees their own; the lead sees the mentor's chain one, not the private one.
    assert_eq!(
        sorted_ids(&vault.checkins(&team.lead, "E6")),
        [from_lead, lead_private, mentor_chain]
    );
    assert_eq!(
        sorted_ids(&vault.checkins(&team.mentor, "E6")),
        [mentor_private, mentor_chain],
        "a mentor is not in the chain of command: they read their own only"
    );
}

#[test]
fn only_the_author_edits_and_the_earlier_version_is_kept() {
    let team = Team::new();
    let vault = &team.vault;
    let follow_up = days_ago(-7);
    let id = vault.add_checkin(
        &team.lead,
        "E6",
        &[
            "--wellbeing",
            "2",
            "--stressor",
            "work.shifts:high",
            "--note",
            "first words",
            "--date",
            &days_ago(1),
            "--follow-up",
            &follow_up,
        ],
    );
    let id_text = id.to_string();

    let head = vault.audit_head();
    for user in [&team.sup, &team.mentor, &team.emp, &team.admin, &team.coord] {
        vault
            .as_user(user)
            .args(["checkin", "edit", &id_text, "--wellbeing", "5"])
            .outcome()
            .one_clear_line(4);
    }
    assert_eq!(vault.audit_head(), head, "refused edits record nothing");
    assert_eq!(show(&team, &team.lead, id)["checkin"]["version"], 1);

    vault
        .as_user(&team.lead)
        .args([
            "checkin",
            "edit",
            &id_text,
            "--wellbeing",
            "4",
            "--note",
            "second words",
        ])
        .succeeds();
    let shown = show(&team, &team.lead, id);
    let now = &shown["checkin"];
    assert_eq!(now["version"], 2);
    assert_eq!(now["wellbeing"], 4);
    assert_eq!(now["notes"], "second words");
    assert_eq!(now["stressors"][0]["category"], "work.shifts", "kept");
    assert_eq!(now["stressors"][0]["severity"], "high", "kept");
    assert_eq!(now["follow_up_on"], follow_up.as_str(), "kept");
    assert_eq!(now["occurred_on"], days_ago(1).as_str(), "kept");
    let earlier = shown["earlier_versions"].as_array().expect("versions");
    assert_eq!(earlier.len(), 1);
    assert_eq!(earlier[0]["version"], 1);
    assert_eq!(earlier[0]["wellbeing"], 2);
    assert_eq!(earlier[0]["notes"], "first words");
    let plain = vault
        .as_user(&team.lead)
        .args(["checkin", "show", &id_text])
        .succeeds()
        .stdout();
    assert!(
        plain.contains("Earlier versions") && plain.contains("first words"),
        "{plain}"
    );

    let edits: Vec<Value> = vault
        .audit_entries()
        .into_iter()
        .filter(|e| e["action"] == "checkin.edit")
        .collect();
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0]["actor"], "lead");
    assert_eq!(edits[0]["subject"], "E6");

    // A flag for a category already flagged replaces it; --clear-stressors starts afresh.
    let edited = vault
        .json_cmd(
            &team.lead,
            &["checkin", "edit", &id_text, "--stressor", "work.shifts:low"],
        )
        .succeeds()
        .json();
    assert_eq!(edited["stressors"].as_array().map(Vec::len), Some(1));
    assert_eq!(edited["stressors"][0]["severity"], "low");
    let edited = vault
        .json_cmd(
            &team.lead,
            &[
                "checkin",
                "edit",
                &id_text,
                "--clear-stressors",
                "--stressor",
                "health.sleep",
                "--no-follow-up",
            ],
        )
        .succeeds()
        .json();
    assert_eq!(edited["stressors"][0]["category"], "health.sleep");
    assert_eq!(edited["stressors"][0]["severity"], "moderate");
    assert_eq!(edited["stressors"].as_array().map(Vec::len), Some(1));
    assert_eq!(edited["follow_up_on"], Value::Null);
    assert_eq!(edited["version"], 4);

    // An edit that changes nothing is refused and stores nothing.
    let head = vault.audit_head();
    let line = vault
        .as_user(&team.lead)
        .args(["checkin", "edit", &id_text, "--wellbeing", "4"])
        .outcome()
        .one_clear_line(5);
    assert!(line.contains("nothing changed"), "{line}");
    assert_eq!(vault.audit_head(), head);

    // Making it private takes it out of the chain's view.
    assert_eq!(sorted_ids(&vault.checkins(&team.sup, "E6")), [id]);
    vault
        .as_user(&team.lead)
        .args(["checkin", "edit", &id_text, "--private"])
        .succeeds();
    assert!(vault.checkins(&team.sup, "E6").is_empty());
}

#[test]
fn reading_someone_elses_notes_is_recorded_for_the_employee_to_see() {
    let team = Team::new();
    let vault = &team.vault;
    let id = vault.add_checkin(
        &team.lead,
        "E6",
        &["--wellbeing", "3", "--note", "a hard week"],
    );

    vault.checkins(&team.lead, "E6");
    show(&team, &team.lead, id);
    let entries = vault.audit_entries();
    assert_eq!(
        actions_by(&entries, "checkin.read", "lead"),
        0,
        "an author reading their own notes is not a read receipt"
    );
    let mine = vault.audit_mine(&team.emp);
    assert_eq!(actions_by(&mine, "checkin.add", "lead"), 1, "{mine:?}");
    assert_eq!(actions_by(&mine, "checkin.read", "lead"), 0, "{mine:?}");

    vault.checkins(&team.sup, "E6");
    let reads: Vec<Value> = vault
        .audit_entries()
        .into_iter()
        .filter(|e| e["action"] == "checkin.read")
        .collect();
    assert_eq!(reads.len(), 1, "{reads:?}");
    assert_eq!(reads[0]["actor"], "sup");
    assert_eq!(reads[0]["subject"], "E6");
    assert!(
        reads[0]["detail"]
            .as_str()
            .unwrap_or_default()
            .contains(&id.to_string()),
        "{reads:?}"
    );
    show(&team, &team.sup, id);

    let mine = vault.audit_mine(&team.emp);
    assert_eq!(actions_by(&mine, "checkin.read", "sup"), 2, "{mine:?}");
    let plain = vault
        .as_user(&team.emp)
        .args(["audit", "mine"])
        .succeeds()
        .stdout();
    assert!(
        plain.contains("checkin.read") && plain.contains("sup"),
        "{plain}"
    );

    // The employee reading their own records does not list themself.
    vault.checkins(&team.emp, "E6");
    assert_eq!(
        actions_by(&vault.audit_mine(&team.emp), "checkin.read", "emp"),
        0
    );
    // No one else's reads show in another person's list.
    assert!(vault.audit_mine(&team.other).is_empty());
    // An account with no roster person has no records to ask about.
    vault
        .as_user(&team.coord)
        .args(["audit", "mine"])
        .outcome()
        .one_clear_line(5);
}

#[test]
fn escape_sequences_in_notes_are_kept_but_never_reach_the_terminal() {
    let team = Team::new();
    let vault = &team.vault;
    let hostile = "clear \u{1b}[2J then copy \u{1b}]52;c;aGk=\u{7} done";
    let id = vault.add_checkin(&team.lead, "E6", &["--wellbeing", "3", "--note", hostile]);

    let listed = vault.checkins(&team.lead, "E6");
    assert_eq!(listed[0]["notes"], hostile, "stored as written");
    assert_eq!(show(&team, &team.lead, id)["checkin"]["notes"], hostile);

    for args in [
        vec!["checkin", "list", "E6"],
        vec!["checkin", "show", &id.to_string()],
    ] {
        let out = vault.as_user(&team.lead).args(&args).succeeds();
        assert_no_control(&out.stdout, &args.join(" "));
        assert_no_control(out.stderr.as_bytes(), &args.join(" "));
        assert!(out.stdout().contains("copy"), "{out:?}");
    }
    let json = vault
        .json_cmd(&team.lead, &["checkin", "list", "E6"])
        .succeeds();
    assert_no_control(&json.stdout, "checkin list --json");
}

#[test]
fn bad_input_is_refused_and_nothing_is_stored() {
    let team = Team::new();
    let vault = &team.vault;
    let head = vault.audit_head();
    let tomorrow = days_ago(-1);
    let (three_days_ago, four_days_ago) = (days_ago(3), days_ago(4));
    let invalid: &[&[&str]] = &[
        &["--wellbeing", "0"],
        &["--wellbeing", "6"],
        &["--wellbeing", "3", "--stressor", "work.boredom"],
        &["--wellbeing", "3", "--stressor", "work.shifts:severe"],
        &[
            "--wellbeing",
            "3",
            "--stressor",
            "work.shifts",
            "--stressor",
            "work.shifts:high",
        ],
        &["--wellbeing", "3", "--date", "2026-13-01"],
        &["--wellbeing", "3", "--date", "yesterday"],
        &["--wellbeing", "3", "--date", &tomorrow],
        &[
            "--wellbeing",
            "3",
            "--date",
            &three_days_ago,
            "--follow-up",
            &four_days_ago,
        ],
        &["--wellbeing", "3", "--follow-up", "soon"],
    ];
    for args in invalid {
        let line = add(&team, &team.lead, "E6", args)
            .outcome()
            .one_clear_line(5);
        assert!(!line.contains("permission"), "{args:?}: {line}");
    }
    let usage: &[&[&str]] = &[
        &[],
        &["--wellbeing", "-1"],
        &["--wellbeing", "three"],
        &["--wellbeing", "3", "--private", "--chain"],
    ];
    for args in usage {
        add(&team, &team.lead, "E6", args).exits(2);
    }
    assert!(vault.checkins(&team.lead, "E6").is_empty());
    assert_eq!(vault.audit_head(), head, "nothing was written");

    let id = vault.add_checkin(
        &team.lead,
        "E6",
        &["--wellbeing", "3", "--date", &three_days_ago],
    );
    let id_text = id.to_string();
    let head = vault.audit_head();
    let bad_edits: &[&[&str]] = &[
        &["--wellbeing", "9"],
        &["--stressor", "nope"],
        &["--date", &tomorrow],
        &["--follow-up", &four_days_ago],
    ];
    for args in bad_edits {
        vault
            .as_user(&team.lead)
            .args(["checkin", "edit", &id_text])
            .args(*args)
            .outcome()
            .one_clear_line(5);
    }
    vault
        .as_user(&team.lead)
        .args([
            "checkin",
            "edit",
            &id_text,
            "--follow-up",
            &tomorrow,
            "--no-follow-up",
        ])
        .exits(2);
    assert_eq!(show(&team, &team.lead, id)["checkin"]["version"], 1);
    for args in [["checkin", "show", "999"], ["checkin", "edit", "999"]] {
        let mut cmd = vault.as_user(&team.lead);
        cmd.args(args);
        if args[1] == "edit" {
            cmd.args(["--wellbeing", "3"]);
        }
        let line = cmd.outcome().one_clear_line(5);
        assert!(line.contains("no check-in 999"), "{line}");
    }
    assert_eq!(vault.audit_head(), head, "nothing was written");
}

#[test]
fn a_check_in_prints_its_id_and_resources_for_what_was_flagged() {
    let team = Team::new();
    let recorded = team
        .vault
        .json_cmd(
            &team.lead,
            &[
                "checkin",
                "add",
                "E6",
                "--wellbeing",
                "2",
                "--stressor",
                "financial.strain:high",
            ],
        )
        .succeeds()
        .json();
    assert!(recorded["id"].as_i64().is_some(), "{recorded}");
    let suggested: Vec<&str> = recorded["suggestions"]
        .as_array()
        .expect("suggestions")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert!(
        suggested[..2].contains(&"financial-counselling") && suggested[..2].contains(&"eap"),
        "{suggested:?}"
    );

    let plain = add(&team, &team.lead, "E6", &["--wellbeing", "3"])
        .succeeds()
        .stdout();
    assert!(plain.contains("Recorded check-in"), "{plain}");
    assert!(
        plain.contains("financial-counselling"),
        "what was flagged lately still counts: {plain}"
    );
}
