//! Retention from the command line: `purge --dry-run` reports and changes nothing, `purge
//! --yes` removes exactly that, a purge without confirmation is refused, and only admins purge.

use crate::common::{RunExt, Team, days_ago, sorted_ids};
use serde_json::{Value, json};

/// What a purge may touch, with the ids it should and should not take.
struct Aged {
    team: Team,
    old_notes: i64,
    old_without_notes: i64,
    recent_notes: i64,
    old_closed: i64,
    old_withdrawn: i64,
    old_but_open: i64,
    recently_closed: i64,
}

/// Check-ins by `lead` about E6 (so listing them as `lead` reads nothing of anyone else's)
/// and referrals of E6, some older than the default retention ages and some not.
fn aged() -> Aged {
    let team = Team::new();
    let vault = &team.vault;
    let four_years = days_ago(4 * 365);
    let three_years = days_ago(3 * 365);
    let old_notes = vault.add_checkin(
        &team.lead,
        "E6",
        &[
            "--wellbeing",
            "2",
            "--note",
            "old words",
            "--date",
            &four_years,
        ],
    );
    // An edit keeps the old text in an earlier version, which a purge must blank too.
    vault
        .as_user(&team.lead)
        .args([
            "checkin",
            "edit",
            &old_notes.to_string(),
            "--note",
            "old words, edited",
        ])
        .succeeds();
    let old_without_notes = vault.add_checkin(
        &team.lead,
        "E6",
        &["--wellbeing", "3", "--date", &four_years],
    );
    let recent_notes = vault.add_checkin(
        &team.lead,
        "E6",
        &[
            "--wellbeing",
            "4",
            "--note",
            "recent words",
            "--date",
            &days_ago(60),
        ],
    );

    let old = ["--date", three_years.as_str()];
    let old_closed = vault.add_referral(&team.sup, "E6", "eap", "given", &old);
    let set = |id: i64, args: &[&str], date: &str| {
        let mut all = args.to_vec();
        all.extend(["--date", date]);
        vault.set_referral(&team.coord, id, &all).succeeds();
    };
    set(old_closed, &["--status", "accepted"], &three_years);
    set(
        old_closed,
        &["--status", "closed", "--outcome", "completed"],
        &days_ago(3 * 365 - 30),
    );
    let old_withdrawn = vault.add_referral(&team.sup, "E6", "peer-support", "given", &old);
    set(old_withdrawn, &["--status", "withdrawn"], &three_years);
    let old_but_open = vault.add_referral(&team.sup, "E6", "chaplaincy", "pending", &old);
    let recently_closed =
        vault.add_referral(&team.sup, "E6", "eap", "given", &["--date", &days_ago(60)]);
    set(recently_closed, &["--status", "withdrawn"], &days_ago(45));
    Aged {
        team,
        old_notes,
        old_without_notes,
        recent_notes,
        old_closed,
        old_withdrawn,
        old_but_open,
        recently_closed,
    }
}

/// Everything a purge could change, read without writing a thing: the check-ins as their
/// author lists them, every referral as a coordinator lists them, and the audit head.
fn state(team: &Team) -> (Vec<Value>, Value, String) {
    let checkins = team.vault.checkins(&team.lead, "E6");
    let referrals = team
        .vault
        .json_cmd(&team.coord, &["referral", "list"])
        .succeeds()
        .json();
    (checkins, referrals, team.vault.audit_head())
}

fn purge(team: &Team, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = team.vault.admin();
    cmd.arg("purge").args(args);
    cmd
}

#[test]
fn a_dry_run_reports_what_would_go_and_changes_nothing() {
    let aged = aged();
    let team = &aged.team;
    let before = state(team);
    let report = purge(team, &["--dry-run", "--json"]).succeeds().json();
    assert_eq!(report["dry_run"], true);
    assert_eq!(report["checkin_notes"], json!([aged.old_notes]));
    assert_eq!(
        report["referrals"],
        json!([aged.old_closed, aged.old_withdrawn])
    );
    assert_eq!(report["notes_before"], days_ago(3 * 365).as_str());
    assert_eq!(report["referrals_before"], days_ago(2 * 365).as_str());
    let plain = purge(team, &["--dry-run"]).succeeds().stdout();
    assert!(
        plain.contains("Would remove the notes of 1 check-in(s)")
            && plain.contains("Would remove 2 referral(s)"),
        "{plain}"
    );
    assert_eq!(state(team), before);

    // Shorter ages reach further.
    let report = purge(
        team,
        &[
            "--dry-run",
            "--json",
            "--notes-days",
            "30",
            "--referral-days",
            "30",
        ],
    )
    .succeeds()
    .json();
    assert_eq!(
        report["checkin_notes"],
        json!([aged.old_notes, aged.recent_notes])
    );
    assert_eq!(
        report["referrals"],
        json!([aged.old_closed, aged.old_withdrawn, aged.recently_closed])
    );
    assert_eq!(state(team), before);
}

#[test]
fn purge_yes_removes_exactly_what_the_dry_run_reported() {
    let aged = aged();
    let team = &aged.team;
    let vault = &team.vault;
    let planned = purge(team, &["--dry-run", "--json"]).succeeds().json();
    let purges_before = count_purges(team);

    let done = purge(team, &["--yes", "--json"]).succeeds().json();
    assert_eq!(done["dry_run"], false);
    assert_eq!(done["checkin_notes"], planned["checkin_notes"]);
    assert_eq!(done["referrals"], planned["referrals"]);
    assert_eq!(count_purges(team), purges_before + 1, "one purge entry");

    let (checkins, referrals, _) = state(team);
    let by_id = |id: i64| {
        checkins
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("check-in {id} is kept"))
            .clone()
    };
    let purged = by_id(aged.old_notes);
    assert_eq!(purged["notes"], "");
    assert_eq!(purged["notes_purged_on"], days_ago(0).as_str());
    assert_eq!(purged["wellbeing"], 2, "only the notes go");
    assert_eq!(by_id(aged.recent_notes)["notes"], "recent words");
    assert_eq!(
        by_id(aged.old_without_notes)["notes_purged_on"],
        Value::Null
    );
    let shown = vault
        .json_cmd(
            &team.lead,
            &["checkin", "show", &aged.old_notes.to_string()],
        )
        .succeeds()
        .json();
    assert_eq!(
        shown["earlier_versions"][0]["notes"], "",
        "earlier versions too"
    );
    let plain = vault
        .as_user(&team.lead)
        .args(["checkin", "list", "E6"])
        .succeeds()
        .stdout();
    assert!(
        plain.contains("removed under the retention policy"),
        "{plain}"
    );
    assert!(!plain.contains("old words"), "{plain}");

    assert_eq!(
        sorted_ids(referrals.as_array().expect("a list")),
        [aged.old_but_open, aged.recently_closed]
    );
    for gone in [aged.old_closed, aged.old_withdrawn] {
        vault
            .as_user(&team.coord)
            .args(["referral", "show", &gone.to_string()])
            .outcome()
            .one_clear_line(5);
    }
    // Nothing is left for a second purge.
    let again = purge(team, &["--dry-run", "--json"]).succeeds().json();
    assert_eq!(again["checkin_notes"], json!([]));
    assert_eq!(again["referrals"], json!([]));
}

fn count_purges(team: &Team) -> usize {
    team.vault
        .audit_entries()
        .iter()
        .filter(|e| e["action"] == "purge" && e["actor"] == "admin")
        .count()
}

#[test]
fn without_yes_or_a_terminal_nothing_is_purged() {
    let aged = aged();
    let team = &aged.team;
    let before = state(team);
    for args in [&[][..], &["--notes-days", "30"], &["--json"]] {
        let line = purge(team, args).outcome().one_clear_line(2);
        assert!(line.contains("--yes"), "{line}");
    }
    assert_eq!(state(team), before);
}

#[test]
fn only_admins_and_operators_purge() {
    let aged = aged();
    let team = &aged.team;
    let before = state(team);
    for user in [
        &team.sup,
        &team.lead,
        &team.mentor,
        &team.emp,
        &team.other,
        &team.coord,
    ] {
        for args in [&["purge", "--dry-run"][..], &["purge", "--yes"]] {
            let line = team
                .vault
                .as_user(user)
                .args(args)
                .outcome()
                .one_clear_line(4);
            assert!(line.contains("needs the admin or operator role"), "{line}");
        }
    }
    assert_eq!(state(team), before);
}

#[test]
fn retention_ages_below_a_month_are_refused() {
    let aged = aged();
    let team = &aged.team;
    let before = state(team);
    for args in [
        &["--yes", "--notes-days", "29"][..],
        &["--yes", "--referral-days", "0"],
        &["--dry-run", "--notes-days=-5"],
    ] {
        purge(team, args).outcome().one_clear_line(5);
    }
    purge(team, &["--yes", "--notes-days", "a year"]).exits(2);
    assert_eq!(state(team), before);
}
