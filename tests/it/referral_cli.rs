//! Referrals from the command line: every legal move and every illegal one, consent,
//! who may propose, move and see them, and the coordinators' queue.

use crate::common::{RunExt, Team, User, days_ago, sorted_ids};
use serde_json::Value;

/// The moves a referral may make, as `referral set` options after `--status`.
const LEGAL: &[(&str, &str)] = &[
    ("proposed", "accepted"),
    ("proposed", "withdrawn"),
    ("accepted", "contacted"),
    ("accepted", "closed"),
    ("accepted", "withdrawn"),
    ("contacted", "in_progress"),
    ("contacted", "closed"),
    ("contacted", "withdrawn"),
    ("in_progress", "closed"),
    ("in_progress", "withdrawn"),
];

const STATUSES: &[&str] = &[
    "proposed",
    "accepted",
    "contacted",
    "in_progress",
    "closed",
    "withdrawn",
];

/// `--status S`, with the outcome closing needs.
fn to(status: &str) -> Vec<&str> {
    let mut args = vec!["--status", status];
    if status == "closed" {
        args.extend(["--outcome", "completed"]);
    }
    args
}

/// The statuses a referral passes through on the way to `status`.
fn path_to(status: &str) -> &'static [&'static str] {
    match status {
        "proposed" => &[],
        "accepted" => &["accepted"],
        "contacted" => &["accepted", "contacted"],
        "in_progress" => &["accepted", "contacted", "in_progress"],
        "closed" => &["accepted", "closed"],
        "withdrawn" => &["withdrawn"],
        other => panic!("not a status: {other}"),
    }
}

/// A referral of E6 by `sup` with consent, moved by the coordinator to `status`.
fn referral_at(team: &Team, status: &str) -> i64 {
    let id = team
        .vault
        .add_referral(&team.sup, "E6", "eap", "given", &[]);
    for step in path_to(status) {
        team.vault
            .set_referral(&team.coord, id, &to(step))
            .succeeds();
    }
    id
}

fn status_and_events(team: &Team, user: &User, id: i64) -> (Value, usize) {
    let shown = team.vault.referral(user, id);
    let events = shown["events"].as_array().map_or(0, Vec::len);
    (shown["referral"]["status"].clone(), events)
}

#[test]
fn every_legal_move_works_and_is_an_event() {
    let team = Team::new();
    for (from, target) in LEGAL {
        let id = referral_at(&team, from);
        let (_, events_before) = status_and_events(&team, &team.coord, id);
        let mut args = to(target);
        args.extend(["--note", "moved on"]);
        let changed = team
            .vault
            .set_referral(&team.coord, id, &args)
            .succeeds()
            .json();
        assert_eq!(changed["status"], *target, "{from} → {target}");

        let shown = team.vault.referral(&team.coord, id);
        assert_eq!(shown["referral"]["status"], *target);
        let events = shown["events"].as_array().expect("events");
        assert_eq!(events.len(), events_before + 1, "{from} → {target}");
        let last = events.last().expect("an event");
        assert_eq!(last["status"], *target);
        assert_eq!(last["actor"], "coord");
        assert_eq!(last["note"], "moved on");
        if *target == "closed" {
            assert_eq!(shown["referral"]["outcome"], "completed");
            assert_eq!(last["outcome"], "completed");
        }
    }
    let plain = team
        .vault
        .as_user(&team.coord)
        .args(["referral", "show", "1"])
        .succeeds()
        .stdout();
    assert!(
        plain.contains("History") && plain.contains("accepted"),
        "{plain}"
    );
}

#[test]
fn every_illegal_move_is_refused_with_the_allowed_ones_and_changes_nothing() {
    let team = Team::new();
    for from in STATUSES {
        let id = referral_at(&team, from);
        let before = status_and_events(&team, &team.coord, id);
        let allowed: Vec<&str> = LEGAL
            .iter()
            .filter(|(f, _)| f == from)
            .map(|(_, t)| *t)
            .collect();
        for target in STATUSES.iter().filter(|t| !allowed.contains(t)) {
            let line = team
                .vault
                .set_referral(&team.coord, id, &to(target))
                .outcome()
                .one_clear_line(5);
            assert!(line.contains("allowed"), "{from} → {target}: {line}");
            for next in &allowed {
                assert!(
                    line.contains(next),
                    "{from} → {target} names {next}: {line}"
                );
            }
            assert_eq!(status_and_events(&team, &team.coord, id), before);
        }
    }
}

#[test]
fn consent_comes_before_acceptance() {
    let team = Team::new();
    let vault = &team.vault;
    for consent in ["pending", "refused"] {
        let id = vault.add_referral(&team.sup, "E6", "peer-support", consent, &[]);
        let before = status_and_events(&team, &team.coord, id);
        let line = vault
            .set_referral(&team.coord, id, &["--status", "accepted"])
            .outcome()
            .one_clear_line(5);
        assert!(line.contains("consent"), "{line}");
        assert_eq!(status_and_events(&team, &team.coord, id), before);
    }

    // The employee gives consent; then a coordinator may accept.
    let id = vault.add_referral(&team.sup, "E6", "eap", "pending", &[]);
    let consented = vault
        .set_referral(&team.emp, id, &["--consent", "given"])
        .succeeds()
        .json();
    assert_eq!(consented["consent"], "given");
    assert_eq!(consented["status"], "proposed");
    vault
        .set_referral(&team.coord, id, &["--status", "accepted"])
        .succeeds();
    let shown = vault.referral(&team.emp, id);
    let events = shown["events"].as_array().expect("events");
    assert_eq!(events.len(), 3, "{shown}");
    assert_eq!(events[1]["actor"], "emp");
    assert_eq!(events[1]["consent"], "given");

    // Consent and acceptance in one change.
    let id = vault.add_referral(&team.sup, "E6", "eap", "pending", &[]);
    let both = vault
        .set_referral(
            &team.coord,
            id,
            &["--consent", "given", "--status", "accepted"],
        )
        .succeeds()
        .json();
    assert_eq!(both["status"], "accepted");

    // The employee may not move it on themself, only consent or withdraw.
    let id = vault.add_referral(&team.sup, "E6", "eap", "pending", &[]);
    vault
        .set_referral(
            &team.emp,
            id,
            &["--consent", "given", "--status", "accepted"],
        )
        .outcome()
        .one_clear_line(4);
    vault
        .set_referral(&team.emp, id, &["--status", "withdrawn"])
        .succeeds();
}

#[test]
fn a_self_referral_carries_the_employees_consent() {
    let team = Team::new();
    let id = team
        .vault
        .add_referral(&team.emp, "E6", "peer-support", "pending", &[]);
    let shown = team.vault.referral(&team.emp, id)["referral"].clone();
    assert_eq!(shown["consent"], "given");
    assert_eq!(shown["self_referral"], true);
    assert_eq!(shown["created_by"], "emp");
    // Only for oneself.
    team.vault
        .as_user(&team.emp)
        .args([
            "referral",
            "add",
            "E5",
            "--resource",
            "eap",
            "--consent",
            "given",
        ])
        .outcome()
        .one_clear_line(4);
}

#[test]
fn who_may_propose_move_and_see_a_referral() {
    let team = Team::new();
    let vault = &team.vault;
    let propose = |user: &User, emp: &str| {
        let mut cmd = vault.as_user(user);
        cmd.args([
            "referral",
            "add",
            emp,
            "--resource",
            "eap",
            "--consent",
            "given",
        ]);
        cmd
    };
    propose(&team.mentor, "E6").succeeds();
    propose(&team.lead, "E8").succeeds();
    for (user, emp) in [
        (&team.sup, "E5"),
        (&team.mentor, "E4"),
        (&team.admin, "E6"),
        (&team.coord, "E6"),
        (&team.other, "E6"),
    ] {
        propose(user, emp).outcome().one_clear_line(4);
    }

    let id = vault.add_referral(
        &team.sup,
        "E6",
        "eap",
        "given",
        &["--reason", "asked for help"],
    );
    // The proposer may withdraw but not move it on.
    let before = status_and_events(&team, &team.coord, id);
    vault
        .set_referral(&team.sup, id, &["--status", "accepted"])
        .outcome()
        .one_clear_line(4);
    assert_eq!(status_and_events(&team, &team.coord, id), before);
    // Neither may someone who cannot see it, nor learn that it exists.
    for user in [&team.lead, &team.other, &team.admin] {
        let line = vault
            .set_referral(user, id, &["--status", "withdrawn"])
            .outcome()
            .one_clear_line(5);
        assert!(line.contains(&format!("no referral {id}")), "{line}");
        vault
            .as_user(user)
            .args(["referral", "show", &id.to_string()])
            .outcome()
            .one_clear_line(5);
    }
    vault
        .set_referral(
            &team.sup,
            id,
            &["--status", "withdrawn", "--note", "sorted"],
        )
        .succeeds();
    assert_eq!(
        vault.referral(&team.emp, id)["referral"]["status"],
        "withdrawn"
    );

    let listed = |user: &User, args: &[&str]| -> Vec<i64> {
        let mut all = vec!["referral", "list"];
        all.extend_from_slice(args);
        let listed = vault.json_cmd(user, &all).succeeds().json();
        sorted_ids(listed.as_array().expect("a list"))
    };
    assert_eq!(listed(&team.coord, &[]), [1, 2, 3]);
    assert_eq!(listed(&team.coord, &["--status", "withdrawn"]), [3]);
    assert_eq!(listed(&team.emp, &[]), [1, 3], "those about them");
    assert_eq!(listed(&team.sup, &[]), [3], "those they proposed");
    assert_eq!(listed(&team.lead, &[]), [2]);
    assert!(listed(&team.other, &[]).is_empty());
    vault
        .as_user(&team.coord)
        .args(["referral", "list", "--status", "lost"])
        .exits(2);
}

#[test]
fn the_queue_is_for_coordinators_ready_and_urgent_first() {
    let team = Team::new();
    let vault = &team.vault;
    let start = days_ago(30);
    let routine = vault.add_referral(&team.sup, "E6", "eap", "given", &["--date", &start]);
    let waiting = vault.add_referral(
        &team.sup,
        "E6",
        "eap",
        "pending",
        &["--date", &start, "--urgency", "urgent"],
    );
    let urgent = vault.add_referral(
        &team.lead,
        "E8",
        "peer-support",
        "given",
        &["--date", &start, "--urgency", "urgent"],
    );
    let done = vault.add_referral(&team.sup, "E4", "eap", "given", &["--date", &start]);
    vault
        .set_referral(
            &team.coord,
            done,
            &["--status", "withdrawn", "--date", &start],
        )
        .succeeds();

    let queue = |as_of: &str| -> Vec<Value> {
        vault
            .json_cmd(&team.coord, &["referral", "queue", "--as-of", as_of])
            .succeeds()
            .json()
            .as_array()
            .expect("a queue")
            .clone()
    };
    let items = queue(&days_ago(25));
    let order: Vec<i64> = items
        .iter()
        .filter_map(|i| i["referral"]["id"].as_i64())
        .collect();
    assert_eq!(
        order,
        [urgent, routine, waiting],
        "closed ones are not queued"
    );
    assert_eq!(items[2]["mark"], "not_ready");
    assert_eq!(items[0]["mark"], "on_track", "5 days is not yet overdue");
    assert_eq!(items[0]["resource_name"], "Peer support team");
    let items = queue(&days_ago(24));
    assert_eq!(items[0]["mark"], "overdue", "6 days unreviewed");
    assert_eq!(items[1]["mark"], "overdue");
    assert_eq!(
        items[2]["mark"], "not_ready",
        "waiting for consent is never overdue"
    );

    let plain = vault
        .as_user(&team.coord)
        .args(["referral", "queue", "--as-of", &days_ago(24)])
        .succeeds()
        .stdout();
    let lines: Vec<&str> = plain.lines().collect();
    assert!(lines[0].contains("age (days)"), "{plain}");
    assert!(
        lines[1].contains("overdue") && lines[1].contains("urgent") && lines[1].contains(" 6 "),
        "{plain}"
    );
    assert!(lines[3].contains("not ready"), "{plain}");

    for user in [&team.sup, &team.emp, &team.admin, &team.mentor] {
        vault
            .as_user(user)
            .args(["referral", "queue"])
            .outcome()
            .one_clear_line(4);
    }
    vault
        .as_user(&team.coord)
        .args(["referral", "queue", "--as-of", "last week"])
        .outcome()
        .one_clear_line(5);
}

#[test]
fn bad_input_is_refused_and_nothing_is_stored() {
    let team = Team::new();
    let vault = &team.vault;
    let id = vault.add_referral(&team.sup, "E6", "eap", "given", &[]);
    let (tomorrow, yesterday) = (days_ago(-1), days_ago(1));
    let (tomorrow, yesterday) = (tomorrow.as_str(), yesterday.as_str());
    let head = vault.audit_head();
    let add = |args: &[&str]| {
        let mut cmd = vault.as_user(&team.sup);
        cmd.args(["referral", "add", "E6"]).args(args);
        cmd
    };
    for args in [
        &["--resource", "astrology", "--consent", "given"][..],
        &[
            "--resource",
            "eap",
            "--consent",
            "given",
            "--date",
            "2026-02-30",
        ],
        &[
            "--resource",
            "eap",
            "--consent",
            "given",
            "--date",
            tomorrow,
        ],
    ] {
        add(args).outcome().one_clear_line(5);
    }
    for args in [
        &["--resource", "eap"][..],
        &["--resource", "eap", "--consent", "maybe"],
        &[
            "--resource",
            "eap",
            "--consent",
            "given",
            "--urgency",
            "now",
        ],
    ] {
        add(args).exits(2);
    }
    let id_text = id.to_string();
    for args in [
        &["referral", "show", "999"][..],
        &["referral", "set", "999", "--status", "accepted"],
        &["referral", "set", &id_text, "--note", "only a note"],
        &["referral", "set", &id_text, "--status", "closed"],
        &[
            "referral",
            "set",
            &id_text,
            "--status",
            "accepted",
            "--outcome",
            "completed",
        ],
        &[
            "referral", "set", &id_text, "--status", "accepted", "--date", tomorrow,
        ],
        &[
            "referral", "set", &id_text, "--status", "accepted", "--date", yesterday,
        ],
        &[
            "referral", "set", &id_text, "--status", "accepted", "--date", "today",
        ],
    ] {
        vault
            .as_user(&team.coord)
            .args(args)
            .outcome()
            .one_clear_line(5);
    }
    vault
        .as_user(&team.coord)
        .args(["referral", "set", &id_text, "--status", "done"])
        .exits(2);
    assert_eq!(vault.audit_head(), head, "nothing was written");
    let listed = vault
        .json_cmd(&team.coord, &["referral", "list"])
        .succeeds()
        .json();
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
}

#[test]
fn a_crisis_line_is_not_a_referral_target_and_says_how_to_call_it_now() {
    let team = Team::new();
    for who in [&team.sup, &team.emp] {
        let refused = team
            .vault
            .as_user(who)
            .args([
                "referral",
                "add",
                "E6",
                "--resource",
                "988",
                "--consent",
                "given",
            ])
            .exits(5);
        let line = refused.stderr.trim();
        assert_eq!(line.lines().count(), 1, "{refused:?}");
        assert!(line.contains("is a crisis line, not a referral"), "{line}");
        // Its number and hours, from the catalog.
        assert!(
            line.contains("not a referral: Call or text 988 (24/7)"),
            "{line}"
        );
        assert!(line.contains("24/7"), "{line}");
    }
    let listed = team
        .vault
        .json_cmd(&team.coord, &["referral", "list"])
        .succeeds()
        .json();
    assert_eq!(listed.as_array().map(Vec::len), Some(0), "{listed}");

    // Crisis lines stay in the catalog, marked; the EAP is counselling and can be referred to.
    let catalog = team
        .vault
        .json_cmd(&team.sup, &["resources", "list"])
        .succeeds()
        .json();
    let crisis = |id: &str| {
        catalog
            .as_array()
            .and_then(|all| all.iter().find(|r| r["id"] == id))
            .map(|r| r["crisis"].clone())
    };
    assert_eq!(crisis("988"), Some(Value::Bool(true)));
    assert_eq!(crisis("eap"), Some(Value::Bool(false)));
    team.vault
        .add_referral(&team.sup, "E6", "eap", "given", &[]);
}

#[test]
fn the_proposer_records_the_consent_given_later_and_no_one_else_outside_the_referral_may() {
    let team = Team::new();
    let id = team
        .vault
        .add_referral(&team.sup, "E6", "eap", "pending", &[]);
    // Someone in the chain who did not propose it does not even see it.
    let unseen = team
        .vault
        .set_referral(&team.lead, id, &["--consent", "given"])
        .outcome()
        .one_clear_line(5);
    assert!(unseen.contains("no referral"), "{unseen}");
    team.vault
        .set_referral(&team.sup, id, &["--consent", "given"])
        .succeeds();
    let listed = team
        .vault
        .json_cmd(&team.coord, &["referral", "list"])
        .succeeds()
        .json();
    let referral = listed
        .as_array()
        .and_then(|all| all.iter().find(|r| r["id"] == id))
        .cloned()
        .unwrap_or_default();
    assert_eq!(referral["consent"], "given", "{listed}");
    // The proposer still may not move its status: that is the coordinators' work.
    team.vault
        .set_referral(&team.sup, id, &["--status", "accepted"])
        .outcome()
        .one_clear_line(4);
}
