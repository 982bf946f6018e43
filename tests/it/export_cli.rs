//! `steady export mine`: an employee's copy of everything recorded about them (their right
//! of access), written only for them, with nothing of anyone else's in it.

use crate::common::{RunExt, Team, User, assert_private_file, days_ago};
use serde_json::Value;

const LEAD_NOTE: &str = "night shifts are wearing me down";
const MENTOR_NOTE: &str = "exam nerves, wants study tips";
const NOTE_ABOUT_DANA: &str = "Dana only: court date stress";
const NOTE_ABOUT_HECTOR: &str = "Hector only: moving house";

/// E6's history (check-ins from the lead and, privately, the mentor; a referral; a PHQ-9),
/// records about others beside it, and the supervisor reading E6's check-ins.
fn team_with_history() -> Team {
    let team = Team::new();
    let vault = &team.vault;
    let on = days_ago(20);
    vault.add_checkin(
        &team.lead,
        "E6",
        &[
            "--wellbeing",
            "2",
            "--note",
            LEAD_NOTE,
            "--stressor",
            "health.sleep",
            "--date",
            &on,
        ],
    );
    vault.add_checkin(
        &team.mentor,
        "E6",
        &["--wellbeing", "3", "--note", MENTOR_NOTE],
    );
    vault.add_checkin(
        &team.sup,
        "E4",
        &["--wellbeing", "3", "--note", NOTE_ABOUT_DANA],
    );
    vault.add_checkin(
        &team.lead,
        "E8",
        &["--wellbeing", "4", "--note", NOTE_ABOUT_HECTOR],
    );
    let referral = vault.add_referral(
        &team.lead,
        "E6",
        "eap",
        "given",
        &["--reason", "sleep and shifts", "--date", &on],
    );
    vault
        .set_referral(&team.coord, referral, &["--status", "accepted"])
        .succeeds();
    vault
        .as_user(&team.emp)
        .args([
            "selfcheck",
            "take",
            "phq9",
            "--answers",
            "1,2,1,0,1,2,0,1,0",
        ])
        .succeeds();
    vault
        .as_user(&team.other)
        .args([
            "selfcheck",
            "take",
            "k10",
            "--answers",
            "4,5,4,4,5,3,4,4,5,4",
        ])
        .succeeds();
    // The supervisor reads the lead's notes about E6: E6 will see that in the access log.
    vault.checkins(&team.sup, "E6");
    team
}

fn export(team: &Team, user: &User, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = team.vault.as_user(user);
    cmd.args(["export", "mine"]).args(args);
    cmd
}

fn strings<'a>(items: &'a Value, field: &str) -> Vec<&'a str> {
    items
        .as_array()
        .expect("a list")
        .iter()
        .map(|item| item[field].as_str().unwrap_or_default())
        .collect()
}

#[test]
fn the_export_holds_my_check_ins_referrals_self_checks_and_access_log_and_nothing_else() {
    let team = team_with_history();
    let path = team.vault.dir.path().join("mine.json");
    export(
        &team,
        &team.emp,
        &["--out", path.to_str().expect("a UTF-8 path")],
    )
    .succeeds();
    assert_private_file(&path);
    let bytes = std::fs::read(&path).expect("the export");
    let mine: Value = serde_json::from_slice(&bytes).expect("JSON");

    assert_eq!(mine["login"], "emp");
    assert_eq!(mine["person"]["employee_id"], "E6");
    let notes = strings(&mine["checkins"], "notes");
    assert_eq!(notes.len(), 2, "{mine:#}");
    assert!(
        notes.contains(&LEAD_NOTE) && notes.contains(&MENTOR_NOTE),
        "{notes:?}"
    );
    assert!(
        mine["checkins"]
            .as_array()
            .expect("check-ins")
            .iter()
            .all(|c| c["employee_id"] == "E6")
    );

    let referrals = mine["referrals"].as_array().expect("referrals");
    assert_eq!(referrals.len(), 1);
    assert_eq!(referrals[0]["referral"]["reason"], "sleep and shifts");
    assert_eq!(
        strings(&referrals[0]["events"], "status"),
        ["proposed", "accepted"]
    );

    let checks = mine["self_checks"].as_array().expect("self-checks");
    assert_eq!(checks.len(), 1);
    assert_eq!(checks[0]["instrument"], "phq9");
    assert_eq!(checks[0]["total"], 8);
    assert_eq!(checks[0]["band"], "mild");
    assert_eq!(checks[0]["answers"].as_array().expect("answers").len(), 9);

    let log = &mine["access_log"];
    assert!(
        log.as_array()
            .expect("the access log")
            .iter()
            .any(|e| e["actor"] == "sup" && e["action"] == "checkin.read"),
        "{log:#}"
    );
    assert!(strings(log, "actor").iter().all(|actor| *actor != "emp"));

    // Nothing about anyone else: their notes, their self-check, their ids (E4 appears only
    // as E6's supervisor, which is part of E6's own record).
    let text = String::from_utf8(bytes).expect("UTF-8");
    assert_eq!(text.matches("\"E4\"").count(), 1, "{text}");
    for other in [
        NOTE_ABOUT_DANA,
        NOTE_ABOUT_HECTOR,
        "k10",
        "\"E5\"",
        "\"E8\"",
    ] {
        assert!(!text.contains(other), "{other} in my export");
    }
}

#[test]
fn without_out_the_export_goes_to_stdout_and_is_audited() {
    let team = team_with_history();
    let before = team.vault.audit_entries().len();
    let printed = export(&team, &team.emp, &[]).succeeds().json();
    assert_eq!(printed["person"]["employee_id"], "E6");
    let entries = team.vault.audit_entries();
    let exports: Vec<&Value> = entries
        .iter()
        .filter(|e| e["action"] == "export.mine")
        .collect();
    assert_eq!(exports.len(), 1);
    assert_eq!(exports[0]["actor"], "emp");
    assert_eq!(exports[0]["subject"], "E6");
    assert!(entries.len() > before);
    // Exporting is one's own business: it is not listed as someone accessing the records.
    assert!(
        team.vault
            .audit_mine(&team.emp)
            .iter()
            .all(|e| e["action"] != "export.mine")
    );
}

#[test]
fn an_existing_file_is_replaced_only_with_force_and_always_left_private() {
    let team = team_with_history();
    let path = team.vault.write_file("mine.json", "keep me");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    }
    let arg = path.to_str().expect("a UTF-8 path");
    let line = export(&team, &team.emp, &["--out", arg])
        .outcome()
        .one_clear_line(5);
    assert!(line.contains("--force"), "{line}");
    assert_eq!(std::fs::read_to_string(&path).expect("the file"), "keep me");
    export(&team, &team.emp, &["--out", arg, "--force"]).succeeds();
    assert_private_file(&path);
    let mine: Value =
        serde_json::from_slice(&std::fs::read(&path).expect("the export")).expect("JSON");
    assert_eq!(mine["person"]["employee_id"], "E6");
}

#[test]
fn only_employees_export_and_only_their_own() {
    let team = team_with_history();
    for user in [&team.coord, &team.admin] {
        export(&team, user, &[]).outcome().one_clear_line(4);
    }
    // Each employee gets their own records: the lead's export is about E4.
    let lead = export(&team, &team.lead, &[]).succeeds().json();
    assert_eq!(lead["person"]["employee_id"], "E4");
    assert!(
        lead["self_checks"]
            .as_array()
            .expect("self-checks")
            .is_empty()
    );
    let text = lead.to_string();
    assert!(
        !text.contains(LEAD_NOTE) && !text.contains(MENTOR_NOTE),
        "{text}"
    );
}

#[test]
fn a_coordinator_who_is_also_an_employee_exports_only_their_own_self_checks() {
    let team = Team::new();
    let both = team
        .vault
        .add_user("cora.both", "coordinator,employee", Some("E1"));
    // E6 shares a self-check with the coordinators, cora.both among them.
    team.vault
        .as_user(&team.emp)
        .args([
            "selfcheck",
            "take",
            "who5",
            "--answers",
            "1,2,2,1,2",
            "--share",
        ])
        .succeeds();
    let mine = export(&team, &both, &[]).succeeds().json();
    assert_eq!(mine["person"]["employee_id"], "E1");
    assert!(
        mine["self_checks"]
            .as_array()
            .expect("self-checks")
            .is_empty()
    );
    assert!(
        team.vault
            .audit_entries()
            .iter()
            .all(|e| !(e["action"] == "selfcheck.open" && e["actor"] == "cora.both")),
        "the export opened someone else's self-check"
    );
}

#[test]
fn the_export_and_my_records_hold_the_prompts_about_me_with_the_notes_left_on_them() {
    let team = team_with_history();
    let listed = team
        .vault
        .json_cmd(&team.lead, &["prompts", "list"])
        .succeeds()
        .json();
    let id = listed
        .as_array()
        .and_then(|all| all.iter().find(|p| p["employee"] == "E6"))
        .and_then(|p| p["id"].as_i64())
        .unwrap_or_else(|| panic!("a prompt about E6 for their supervisor: {listed:#}"));
    let note = "We talked; shifts swapped for a month";
    team.vault
        .as_user(&team.lead)
        .args(["prompts", "ack", &id.to_string(), "--note", note])
        .succeeds();
    let mine = export(&team, &team.emp, &[]).succeeds().json();
    let prompts = mine["prompts"].as_array().expect("a prompts key");
    let about = prompts
        .iter()
        .find(|p| p["prompt"]["id"] == id)
        .unwrap_or_else(|| panic!("prompt {id} in the export: {mine:#}"));
    assert_eq!(about["prompt"]["employee_id"], "E6");
    assert!(
        about["events"]
            .as_array()
            .expect("its history")
            .iter()
            .any(|e| e["actor"] == "lead" && e["note"] == note),
        "{about:#}"
    );
    // Nobody else's prompts.
    assert!(prompts.iter().all(|p| p["prompt"]["employee_id"] == "E6"));
}
