//! The resource catalog from the command line: everyone reads it, coordinators keep it,
//! suggestions follow what was flagged lately, and bad input changes nothing.

use crate::common::{RunExt, Team, User, assert_no_control, days_ago};
use serde_json::Value;

const LEGAL_AID: &[&str] = &[
    "resources",
    "add",
    "legal-aid",
    "--name",
    "Legal aid clinic",
    "--kind",
    "legal advice",
    "--contact",
    "Call 555-0100",
    "--hours",
    "Weekdays 9-5",
    "--confidentiality",
    "Confidential; nothing is reported to the agency.",
    "--helps-with",
    "financial,home.family",
];

fn catalog(team: &Team, all: bool) -> Vec<Value> {
    let mut args = vec!["resources", "list"];
    if all {
        args.push("--all");
    }
    team.vault
        .json_cmd(&team.coord, &args)
        .succeeds()
        .json()
        .as_array()
        .expect("a catalog")
        .clone()
}

fn catalog_ids(team: &Team, all: bool) -> Vec<String> {
    catalog(team, all)
        .iter()
        .filter_map(|r| r["id"].as_str().map(String::from))
        .collect()
}

fn suggested(team: &Team, user: &User, args: &[&str]) -> Vec<String> {
    let mut all = vec!["resources", "suggest"];
    all.extend_from_slice(args);
    team.vault
        .json_cmd(user, &all)
        .succeeds()
        .json()
        .as_array()
        .expect("suggestions")
        .iter()
        .filter_map(|r| r["id"].as_str().map(String::from))
        .collect()
}

#[test]
fn everyone_reads_the_catalog_crisis_lines_first() {
    let team = Team::new();
    for user in team.everyone() {
        let listed = team
            .vault
            .json_cmd(user, &["resources", "list"])
            .succeeds()
            .json();
        let listed = listed.as_array().expect("a catalog");
        assert!(listed.len() >= 11, "{}: {listed:?}", user.login);
        let crisis: Vec<bool> = listed.iter().map(|r| r["crisis"] == true).collect();
        assert!(crisis[0], "crisis lines come first");
        assert!(
            crisis.windows(2).all(|w| w[0] || !w[1]),
            "no crisis line after an ordinary resource: {crisis:?}"
        );
        let plain = team
            .vault
            .as_user(user)
            .args(["resources", "list"])
            .succeeds()
            .stdout();
        assert!(plain.contains("Call or text 988"), "{plain}");
        let shown = team
            .vault
            .as_user(user)
            .args(["resources", "show", "copline"])
            .succeeds()
            .stdout();
        assert!(shown.contains("1-800-267-5463"), "{shown}");
    }
}

#[test]
fn only_coordinators_change_the_catalog() {
    let team = Team::new();
    let vault = &team.vault;
    let before = catalog(&team, true);
    let head = vault.audit_head();
    for user in [
        &team.sup,
        &team.lead,
        &team.mentor,
        &team.emp,
        &team.other,
        &team.admin,
    ] {
        let line = vault
            .as_user(user)
            .args(LEGAL_AID)
            .outcome()
            .one_clear_line(4);
        assert!(line.contains("needs the coordinator role"), "{line}");
        vault
            .as_user(user)
            .args(["resources", "edit", "eap", "--hours", "Never"])
            .outcome()
            .one_clear_line(4);
        vault
            .as_user(user)
            .args(["resources", "retire", "eap"])
            .outcome()
            .one_clear_line(4);
        vault
            .as_user(user)
            .args(["resources", "restore", "eap"])
            .outcome()
            .one_clear_line(4);
    }
    assert_eq!(catalog(&team, true), before);
    assert_eq!(vault.audit_head(), head);

    let added = vault
        .as_user(&team.coord)
        .arg("--json")
        .args(LEGAL_AID)
        .succeeds()
        .json();
    assert_eq!(added["id"], "legal-aid");
    let shown = vault
        .json_cmd(&team.emp, &["resources", "show", "legal-aid"])
        .succeeds()
        .json();
    assert_eq!(shown["name"], "Legal aid clinic");
    assert_eq!(
        shown["helps_with"],
        serde_json::json!(["financial", "home.family"])
    );
    assert_eq!(shown["crisis"], false);

    let edited = vault
        .json_cmd(
            &team.coord,
            &[
                "resources",
                "edit",
                "legal-aid",
                "--hours",
                "Weekdays 8-6",
                "--crisis",
            ],
        )
        .succeeds()
        .json();
    assert_eq!(edited["hours"], "Weekdays 8-6");
    assert_eq!(edited["name"], "Legal aid clinic", "kept");
    assert_eq!(edited["contact"], "Call 555-0100", "kept");
    assert_eq!(edited["helps_with"], shown["helps_with"], "kept");
    assert_eq!(edited["crisis"], true);
    let edited = vault
        .json_cmd(
            &team.coord,
            &[
                "resources",
                "edit",
                "legal-aid",
                "--crisis",
                "false",
                "--helps-with",
                "",
            ],
        )
        .succeeds()
        .json();
    assert_eq!(edited["crisis"], false);
    assert_eq!(edited["helps_with"], serde_json::json!([]));

    vault
        .as_user(&team.coord)
        .args(["resources", "retire", "legal-aid"])
        .succeeds();
    assert!(!catalog_ids(&team, false).contains(&"legal-aid".to_string()));
    let all = catalog(&team, true);
    let retired = all
        .iter()
        .find(|r| r["id"] == "legal-aid")
        .expect("kept in the catalog");
    assert_eq!(retired["retired"], true);
    let line = vault
        .as_user(&team.coord)
        .args(["resources", "retire", "legal-aid"])
        .outcome()
        .one_clear_line(5);
    assert!(line.contains("already retired"), "{line}");
    // A retired resource takes no new referrals.
    let refer_to_legal_aid = || {
        let mut cmd = vault.as_user(&team.sup);
        cmd.args([
            "referral",
            "add",
            "E6",
            "--resource",
            "legal-aid",
            "--consent",
            "given",
        ]);
        cmd
    };
    refer_to_legal_aid().outcome().one_clear_line(5);
    // Restored: listed, and open to referrals, again; restoring twice is refused.
    vault
        .as_user(&team.coord)
        .args(["resources", "restore", "legal-aid"])
        .succeeds();
    assert!(catalog_ids(&team, false).contains(&"legal-aid".to_string()));
    let line = vault
        .as_user(&team.coord)
        .args(["resources", "restore", "legal-aid"])
        .outcome()
        .one_clear_line(5);
    assert!(line.contains("not retired"), "{line}");
    refer_to_legal_aid().succeeds();

    let actions: Vec<String> = vault
        .audit_entries()
        .iter()
        .filter(|e| e["subject"] == "legal-aid")
        .filter_map(|e| e["action"].as_str().map(String::from))
        .collect();
    assert_eq!(
        actions,
        [
            "resource.restore",
            "resource.retire",
            "resource.edit",
            "resource.edit",
            "resource.add"
        ]
    );
}

#[test]
fn bad_catalog_input_is_refused_and_nothing_changes() {
    let team = Team::new();
    let vault = &team.vault;
    let before = catalog(&team, true);
    let head = vault.audit_head();
    let coord = || vault.as_user(&team.coord);

    let mut bad_id = LEGAL_AID.to_vec();
    bad_id[2] = "Legal Aid";
    let mut bad_category = LEGAL_AID.to_vec();
    let last = bad_category.len() - 1;
    bad_category[last] = "financial,work.boredom";
    let mut taken = LEGAL_AID.to_vec();
    taken[2] = "eap";
    for (args, expected) in [
        (bad_id, "resource id"),
        (bad_category, "work.boredom"),
        (taken, "already has eap"),
    ] {
        let line = coord().args(&args).outcome().one_clear_line(5);
        assert!(line.contains(expected), "{line}");
    }
    for args in [
        &["resources", "show", "astrology"][..],
        &["resources", "edit", "astrology", "--hours", "24/7"],
        &["resources", "retire", "astrology"],
        &["resources", "edit", "eap", "--name", " "],
        &["resources", "suggest", "E6", "--as-of", "2026-02-30"],
    ] {
        coord().args(args).outcome().one_clear_line(5);
    }
    // Missing required options, or an edit that changes nothing, are usage errors.
    let without_contact: Vec<&str> = LEGAL_AID
        .iter()
        .copied()
        .filter(|a| *a != "--contact" && *a != "Call 555-0100")
        .collect();
    coord().args(&without_contact).exits(2);
    coord().args(["resources", "edit", "eap"]).exits(2);
    coord()
        .args(["resources", "edit", "eap", "--crisis", "maybe"])
        .exits(2);

    assert_eq!(catalog(&team, true), before);
    assert_eq!(vault.audit_head(), head, "nothing was written");
}

#[test]
fn suggestions_follow_what_was_flagged_lately() {
    let team = Team::new();
    let vault = &team.vault;
    vault.add_checkin(
        &team.lead,
        "E6",
        &[
            "--wellbeing",
            "2",
            "--stressor",
            "financial.strain:high",
            "--date",
            &days_ago(120),
        ],
    );
    // Four months on, the flag is outside the suggestion window.
    assert!(suggested(&team, &team.lead, &["E6"]).is_empty());
    let quiet = vault
        .as_user(&team.lead)
        .args(["resources", "suggest", "E6"])
        .succeeds();
    assert!(quiet.stdout().is_empty(), "{quiet:?}");
    assert!(quiet.stderr.contains("Nothing flagged"), "{quiet:?}");

    let then = suggested(&team, &team.lead, &["E6", "--as-of", &days_ago(100)]);
    assert!(
        then[..2].contains(&"eap".to_string())
            && then[..2].contains(&"financial-counselling".to_string()),
        "{then:?}"
    );
    let plain = vault
        .as_user(&team.lead)
        .args(["resources", "suggest", "E6", "--as-of", &days_ago(100)])
        .succeeds()
        .stdout();
    assert!(plain.contains("Financial counselling"), "{plain}");

    // Whoever may see the person's record may ask; others may not.
    for user in [&team.sup, &team.mentor, &team.emp] {
        suggested(&team, user, &["E6", "--as-of", &days_ago(100)]);
    }
    for user in [&team.other, &team.admin, &team.coord] {
        vault
            .as_user(user)
            .args(["resources", "suggest", "E6"])
            .outcome()
            .one_clear_line(4);
    }

    vault
        .as_user(&team.coord)
        .args(["resources", "retire", "financial-counselling"])
        .succeeds();
    let after = suggested(&team, &team.lead, &["E6", "--as-of", &days_ago(100)]);
    assert!(
        !after.contains(&"financial-counselling".to_string()),
        "{after:?}"
    );
}

#[test]
fn escape_sequences_in_the_catalog_never_reach_the_terminal() {
    let team = Team::new();
    let hostile = "Clinic \u{1b}[2J\u{1b}]52;c;aGk=\u{7}";
    let mut args = LEGAL_AID.to_vec();
    args[4] = hostile;
    team.vault.as_user(&team.coord).args(&args).succeeds();
    let stored = team
        .vault
        .json_cmd(&team.emp, &["resources", "show", "legal-aid"])
        .succeeds()
        .json();
    assert_eq!(stored["name"], hostile, "stored as written");
    for args in [
        &["resources", "list"][..],
        &["resources", "show", "legal-aid"],
    ] {
        let out = team.vault.as_user(&team.emp).args(args).succeeds();
        assert_no_control(&out.stdout, &args.join(" "));
        assert!(out.stdout().contains("Clinic"), "{out:?}");
    }
}
