//! The rules and their prompts, end to end against real vaults: claims that hold on the
//! day, each audience fed only what it may read, one prompt per person per viewer,
//! per-viewer acknowledging and snoozing, escalation, `rules check` errors, a read-only
//! past and `rules test` replaying it.

use crate::common::{RunExt, TestVault, User, days_ago, roster};
use serde_json::Value;

const AGENCY: &[&str] = &[
    "S0,Chief Ada,HQ,",
    "S1,Sergeant Bo,North,S0",
    "S2,Sergeant Cy,South,S0",
    "E1,Officer Dee,North,S1",
    "E2,Officer Eli,North,S1",
    "E3,Officer Fay,South,S2",
    "C1,Coordinator Gus,HQ,S0",
    "M1,Mentor Hal,South,S2",
];

/// S1 leads E1 and E2; S2 leads E3 (another branch); C is a coordinator; M mentors E3.
fn agency() -> (TestVault, User, User, User, User) {
    let vault = TestVault::with_roster(&roster(AGENCY));
    let s1 = vault.add_user("s1", "supervisor,employee", Some("S1"));
    let s2 = vault.add_user("s2", "supervisor,employee", Some("S2"));
    let coordinator = vault.add_user("coord", "coordinator,employee", Some("C1"));
    let mentor = vault.add_user("mentor", "mentor,employee", Some("M1"));
    vault
        .admin()
        .args(["mentor", "assign", "mentor", "E3"])
        .succeeds();
    (vault, s1, s2, coordinator, mentor)
}

fn checkin(vault: &TestVault, user: &User, emp: &str, date: &str, wellbeing: &str, extra: &[&str]) {
    vault
        .as_user(user)
        .args([
            "checkin",
            "add",
            emp,
            "--wellbeing",
            wellbeing,
            "--date",
            date,
        ])
        .args(extra)
        .succeeds();
}

/// The daily run, today.
fn run(vault: &TestVault) -> Value {
    vault
        .admin()
        .args(["--json", "rules", "run"])
        .succeeds()
        .json()
}

fn listed(vault: &TestVault, user: &User, extra: &[&str]) -> Vec<Value> {
    vault
        .as_user(user)
        .args(["--json", "prompts", "list"])
        .args(extra)
        .succeeds()
        .json()
        .as_array()
        .expect("a list of prompts")
        .clone()
}

/// The viewer's open prompts today.
fn prompts(vault: &TestVault, user: &User) -> Vec<Value> {
    listed(vault, user, &[])
}

fn about<'a>(list: &'a [Value], emp: &str) -> Option<&'a Value> {
    list.iter().find(|p| p["employee"] == emp)
}

fn reasons(prompt: &Value) -> Vec<String> {
    prompt["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .map(|r| r["rule"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn id(prompt: &Value) -> String {
    prompt["id"].as_i64().expect("a stored prompt").to_string()
}

fn audit(vault: &TestVault) -> Value {
    vault
        .admin()
        .args(["--json", "rules", "audit"])
        .succeeds()
        .json()
}

#[test]
fn a_critical_incident_followed_up_raises_nothing_and_one_not_followed_says_how_long() {
    let (vault, s1, ..) = agency();
    let incident = ["--stressor", "work.critical_incident:high"];
    // Dee: the incident 30 days ago, a check-in 20 days after it. Eli: nothing since.
    checkin(&vault, &s1, "E1", &days_ago(30), "4", &incident);
    checkin(&vault, &s1, "E1", &days_ago(10), "4", &[]);
    checkin(&vault, &s1, "E2", &days_ago(30), "4", &incident);
    run(&vault);
    let list = prompts(&vault, &s1);
    assert!(about(&list, "E1").is_none(), "followed up: {list:?}");
    let eli = about(&list, "E2").expect("Eli's follow-up holds");
    assert_eq!(reasons(eli), ["critical-incident-followup"]);
    let said = eli["explanation"].as_str().unwrap_or_default();
    assert!(
        said.contains("(30 days ago), no check-in since that day"),
        "{said}"
    );
    // The check-in that answers it resolves it at once, without waiting for a run.
    checkin(&vault, &s1, "E2", &days_ago(0), "4", &[]);
    assert!(about(&prompts(&vault, &s1), "E2").is_none());
    assert_eq!(run(&vault)["live"], 0);
    let checked = audit(&vault);
    assert_eq!(checked["false_explanations"], 0, "{checked}");
}

#[test]
fn private_check_ins_raise_change_and_resolve_nothing_for_the_other_audience() {
    let (vault, _, s2, _, mentor) = agency();
    // The mentor's private rating of 1: the mentor's prompt, nothing for the chain.
    checkin(&vault, &mentor, "E3", &days_ago(2), "1", &[]);
    assert!(
        prompts(&vault, &s2).is_empty(),
        "{:?}",
        prompts(&vault, &s2)
    );
    let theirs = prompts(&vault, &mentor);
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0]["severity"], "urgent");

    // The supervisor's own rating of 2: attention for the chain, not urgent from the 1.
    checkin(&vault, &s2, "E3", &days_ago(1), "2", &[]);
    let chain = prompts(&vault, &s2);
    assert_eq!(chain.len(), 1);
    assert_eq!(chain[0]["severity"], "attention");
    let chain_id = id(&chain[0]);

    // The mentor's later private 4 resolves the mentor's prompt and leaves the chain's.
    checkin(&vault, &mentor, "E3", &days_ago(0), "4", &[]);
    assert!(prompts(&vault, &mentor).is_empty());
    let chain = prompts(&vault, &s2);
    assert_eq!(
        (id(&chain[0]), chain[0]["severity"].clone()),
        (chain_id.clone(), Value::from("attention"))
    );

    // The reverse: the supervisor's private 1 raises nothing for the mentor, and nothing
    // for the chain either (the one above could not open it).
    checkin(&vault, &s2, "E3", &days_ago(0), "1", &["--private"]);
    assert!(prompts(&vault, &mentor).is_empty());
    assert_eq!(prompts(&vault, &s2)[0]["severity"], "attention");
    run(&vault);
    assert!(prompts(&vault, &mentor).is_empty());
    assert_eq!(prompts(&vault, &s2)[0]["severity"], "attention");

    // Every record every prompt cites opens for its viewer.
    checkin(&vault, &mentor, "E3", &days_ago(0), "2", &[]);
    for viewer in [&s2, &mentor] {
        let list = prompts(&vault, viewer);
        assert!(!list.is_empty());
        for prompt in &list {
            for e in prompt["evidence"].as_array().expect("evidence") {
                assert_eq!(e["kind"], "checkin");
                vault
                    .as_user(viewer)
                    .args(["checkin", "show", &e["id"].to_string()])
                    .succeeds();
            }
        }
    }
    let checked = audit(&vault);
    assert_eq!(
        (
            checked["visibility_violations"].as_i64(),
            checked["false_explanations"].as_i64()
        ),
        (Some(0), Some(0)),
        "{checked}"
    );
}

#[test]
fn a_snooze_needs_a_reason_and_a_day_within_its_cap_and_hides_it_for_one_viewer() {
    let (vault, _, s2, _, mentor) = agency();
    checkin(&vault, &s2, "E3", &days_ago(0), "2", &[]);
    checkin(&vault, &mentor, "E3", &days_ago(0), "2", &[]);
    let chain = id(&prompts(&vault, &s2)[0]);
    let mentors = id(&prompts(&vault, &mentor)[0]);
    assert_ne!(chain, mentors, "one prompt per person per viewer");

    let before = vault.snapshot();
    for args in [
        vec!["--until", &days_ago(-5)],
        vec!["--until", &days_ago(-5), "--reason", "  "],
        vec!["--until", &days_ago(-31), "--reason", "on leave"],
        vec!["--until", "2036-01-01", "--reason", "on leave"],
        vec!["--until", &days_ago(0), "--reason", "on leave"],
    ] {
        let message = vault
            .as_user(&s2)
            .args(["prompts", "snooze", &chain])
            .args(&args)
            .outcome()
            .one_clear_line(5);
        assert!(
            message.contains("reason")
                || message.contains("at most 30 days")
                || message.contains("a day after"),
            "{args:?}: {message}"
        );
    }
    assert_eq!(vault.snapshot(), before, "a refused snooze stores nothing");

    // The mentor snoozes their own: the supervisor's stays; the supervisor's is not theirs.
    vault
        .as_user(&mentor)
        .args([
            "prompts",
            "snooze",
            &mentors,
            "--until",
            &days_ago(-30),
            "--reason",
            "away on a course",
        ])
        .succeeds();
    assert!(prompts(&vault, &mentor).is_empty());
    assert_eq!(prompts(&vault, &s2).len(), 1);
    vault
        .as_user(&mentor)
        .args([
            "prompts",
            "snooze",
            &chain,
            "--until",
            &days_ago(-3),
            "--reason",
            "x",
        ])
        .outcome()
        .one_clear_line(5);
    let all = listed(&vault, &mentor, &["--all"]);
    assert_eq!(all[0]["state"], "snoozed");
    // Undo: it is open for the mentor again.
    vault
        .as_user(&mentor)
        .args(["prompts", "undo", &mentors])
        .succeeds();
    assert_eq!(prompts(&vault, &mentor).len(), 1);

    // An acknowledged prompt that grows more severe shows again.
    vault
        .as_user(&s2)
        .args([
            "prompts",
            "ack",
            &chain,
            "--note",
            "talked; peer support offered",
        ])
        .succeeds();
    assert!(prompts(&vault, &s2).is_empty());
    assert_eq!(listed(&vault, &s2, &["--all"])[0]["state"], "acknowledged");
    checkin(&vault, &s2, "E3", &days_ago(0), "1", &[]);
    let back = prompts(&vault, &s2);
    assert_eq!(back.len(), 1, "the escalation resurfaces it");
    assert_eq!(
        (id(&back[0]), back[0]["severity"].clone()),
        (chain, Value::from("urgent"))
    );
}

#[test]
fn an_urgent_prompt_waiting_a_week_also_reaches_the_next_one_up_and_each_answers_alone() {
    let (vault, s1, ..) = agency();
    let chief = vault.add_user("chief", "supervisor,employee", Some("S0"));
    // Dee's urgent prompt opened six days ago, Eli's eight.
    checkin(&vault, &s1, "E1", &days_ago(6), "1", &[]);
    checkin(&vault, &s1, "E2", &days_ago(8), "1", &[]);
    run(&vault);
    let mine = prompts(&vault, &s1);
    assert_eq!(mine.len(), 2, "{mine:?}");
    assert!(mine.iter().all(|p| p["escalated"] == false));
    let up = prompts(&vault, &chief);
    assert_eq!(up.len(), 1, "only the one a week old goes up: {up:?}");
    assert_eq!(up[0]["employee"], "E2");
    assert_eq!(up[0]["escalated"], true);
    let eli = id(&up[0]);
    assert_eq!(
        eli,
        id(about(&mine, "E2").expect("Eli's")),
        "one prompt, two viewers"
    );
    let plain = vault
        .as_user(&chief)
        .args(["prompts", "list"])
        .succeeds()
        .stdout();
    assert!(plain.contains("sent up to you"), "{plain}");

    // The chief's acknowledgement is the chief's alone.
    vault
        .as_user(&chief)
        .args(["prompts", "ack", &eli, "--note", "asked Bo how it went"])
        .succeeds();
    assert!(prompts(&vault, &chief).is_empty());
    assert!(about(&prompts(&vault, &s1), "E2").is_some());
    // Once the sergeant acknowledges it, it no longer waits on anyone: it goes back down.
    vault
        .as_user(&s1)
        .args([
            "prompts",
            "ack",
            &eli,
            "--note",
            "spoke with Eli; EAP booked",
        ])
        .succeeds();
    assert!(listed(&vault, &chief, &["--all"]).is_empty());
    assert_eq!(prompts(&vault, &s1).len(), 1);
}

#[test]
fn with_no_account_in_the_chain_admins_see_the_name_and_nothing_else() {
    let vault = TestVault::with_roster(&roster(&[
        "S9,Lieutenant Ivo,East,",
        "E9,Officer Jun,East,S9",
    ]));
    let mentor = vault.add_user("mentor", "mentor", None);
    vault
        .admin()
        .args(["mentor", "assign", "mentor", "E9"])
        .succeeds();
    checkin(
        &vault,
        &mentor,
        "E9",
        &days_ago(0),
        "1",
        &["--chain", "--note", "spoke of the divorce"],
    );
    run(&vault);
    let out = vault
        .admin()
        .args(["--json", "prompts", "unreachable"])
        .succeeds()
        .stdout();
    let list: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(list[0]["employee_id"], "E9");
    assert_eq!(list[0]["name"], "Officer Jun");
    for secret in ["divorce", "wellbeing", "low-wellbeing", "urgent"] {
        assert!(!out.contains(secret), "{out}");
    }
    assert_eq!(audit(&vault)["unreachable"], 1);
    // Only admins may ask.
    vault
        .as_user(&mentor)
        .args(["prompts", "unreachable"])
        .outcome()
        .one_clear_line(4);
}

#[test]
fn a_person_made_inactive_has_no_live_prompt_after_the_run() {
    let (vault, s1, ..) = agency();
    checkin(&vault, &s1, "E1", &days_ago(0), "1", &[]);
    assert!(about(&prompts(&vault, &s1), "E1").is_some());
    let without_dee: Vec<&str> = AGENCY
        .iter()
        .copied()
        .filter(|r| !r.starts_with("E1,"))
        .collect();
    let file = vault.write_file("roster.csv", roster(&without_dee));
    vault
        .admin()
        .args(["people", "import"])
        .arg(&file)
        .arg("--deactivate-missing")
        .succeeds();
    assert!(prompts(&vault, &s1).is_empty(), "resolved with the import");
    let summary = run(&vault);
    assert_eq!(summary["live"], 0, "{summary}");
    assert!(prompts(&vault, &s1).is_empty());
}

#[test]
fn unpairing_a_mentor_ends_their_prompt() {
    let (vault, _, _, _, mentor) = agency();
    checkin(&vault, &mentor, "E3", &days_ago(0), "1", &[]);
    assert_eq!(prompts(&vault, &mentor).len(), 1);
    vault
        .admin()
        .args(["mentor", "unassign", "mentor", "E3"])
        .succeeds();
    assert!(prompts(&vault, &mentor).is_empty());
    assert_eq!(run(&vault)["live"], 0);
    // Paired again, their own earlier check-in raises it again.
    vault
        .admin()
        .args(["mentor", "assign", "mentor", "E3"])
        .succeeds();
    assert_eq!(prompts(&vault, &mentor).len(), 1);
}

#[test]
fn the_json_keeps_its_shape_and_adds_the_reasons() {
    let (vault, s1, ..) = agency();
    checkin(
        &vault,
        &s1,
        "E1",
        &days_ago(3),
        "1",
        &[
            "--stressor",
            "work.shifts:high",
            "--stressor",
            "health.sleep:high",
            "--stressor",
            "home.family",
            "--stressor",
            "work.workload",
        ],
    );
    let list = prompts(&vault, &s1);
    assert_eq!(
        list.len(),
        1,
        "one prompt per person, listing its reasons: {list:?}"
    );
    let p = &list[0];
    for key in [
        "id",
        "employee",
        "severity",
        "state",
        "explanation",
        "evidence",
        "reasons",
    ] {
        assert!(!p[key].is_null(), "{key} in {p}");
    }
    assert_eq!(p["employee"], "E1");
    assert_eq!(p["severity"], "urgent");
    assert_eq!(p["state"], "open");
    assert_eq!(p["evidence"][0]["kind"], "checkin");
    assert_eq!(p["evidence"][0]["date"], days_ago(3));
    assert!(p["evidence"][0]["id"].is_i64());
    let mut rules = reasons(p);
    rules.sort();
    assert_eq!(
        rules,
        [
            "high-severity-stressors",
            "low-wellbeing",
            "stressor-cluster"
        ]
    );
    for r in p["reasons"].as_array().expect("reasons") {
        assert!(
            r["explanation"].is_string() && r["evidence"].is_array(),
            "{r}"
        );
    }
    let said = p["explanation"].as_str().unwrap_or_default();
    assert!(
        said.contains("latest wellbeing rating 1 of 5") && said.contains("(3 days ago)"),
        "{said}"
    );
}

#[test]
fn a_past_day_is_read_only_and_rules_test_replays_it_with_the_referral_states_of_then() {
    let (vault, _, s2, coordinator, _) = agency();
    vault
        .as_user(&s2)
        .args([
            "referral",
            "add",
            "E3",
            "--resource",
            "eap",
            "--consent",
            "given",
            "--date",
            &days_ago(20),
        ])
        .succeeds();
    let referral = vault
        .as_user(&coordinator)
        .args(["--json", "referral", "list"])
        .succeeds()
        .json()[0]["id"]
        .to_string();
    vault
        .as_user(&coordinator)
        .args([
            "referral",
            "set",
            &referral,
            "--status",
            "accepted",
            "--date",
            &days_ago(5),
        ])
        .succeeds();
    let before = vault.snapshot();
    let message = vault
        .admin()
        .args(["rules", "run", "--as-of", &days_ago(10)])
        .outcome()
        .one_clear_line(5);
    assert!(message.contains("rules test"), "{message}");
    assert_eq!(vault.snapshot(), before);
    let defaults = vault.write_file("defaults.toml", include_str!("../../assets/rules.toml"));
    let unreviewed = |as_of: &str| -> i64 {
        let rows = vault
            .admin()
            .args(["--json", "rules", "test", "--as-of", as_of])
            .arg(&defaults)
            .succeeds()
            .json();
        rows.as_array()
            .expect("rows")
            .iter()
            .find(|r| r["rule"] == "referral-unreviewed")
            .and_then(|r| r["would_prompt"].as_i64())
            .expect("the rule is listed")
    };
    assert_eq!(
        unreviewed(&days_ago(10)),
        1,
        "ten days ago it had waited ten days"
    );
    assert_eq!(
        unreviewed(&days_ago(16)),
        0,
        "four days is not more than five"
    );
    assert_eq!(unreviewed(&days_ago(0)), 0, "accepted since");
    assert_eq!(vault.snapshot(), before, "replaying writes nothing");
}

#[test]
fn rules_check_reports_each_problem_on_its_line() {
    let vault = TestVault::empty();
    let cases = [
        ("when = { kind = \"sometimes\" }", "unknown condition kind"),
        (
            "when = { kind = \"count\", category = \"work.boredom\", within_days = 30, at_least = 1 }",
            "unknown stressor category",
        ),
        (
            "when = { kind = \"count\", within_days = -3, at_least = 1 }",
            "within_days",
        ),
        (
            "when = { kind = \"latest\", at_most = 2 }\nsuggest = [\"spa-day\"]",
            "unknown resource 'spa-day'",
        ),
    ];
    for (when, expected) in cases {
        let text = format!(
            "[[rule]]\nid = \"a\"\ntitle = \"A\"\nseverity = \"info\"\naudience = [\"supervisor_chain\"]\nexplain = \"x\"\n{when}\n"
        );
        let file = vault.write_file("rules.toml", text);
        let out = vault.bare().args(["rules", "check"]).arg(&file).outcome();
        assert_eq!(out.code, Some(5), "{when}: {out:?}");
        assert!(
            out.stderr.contains("line 7:") || out.stderr.contains("line 8:"),
            "{when}: {}",
            out.stderr
        );
        assert!(out.stderr.contains(expected), "{when}: {}", out.stderr);
    }
    let duplicate = vault.write_file(
        "dup.toml",
        "[[rule]]\nid = \"a\"\ntitle = \"A\"\nseverity = \"info\"\naudience = [\"mentor\"]\nexplain = \"x\"\nwhen = { kind = \"decline\", ratings = 3 }\n\n[[rule]]\nid = \"a\"\ntitle = \"B\"\nseverity = \"info\"\naudience = [\"mentor\"]\nexplain = \"x\"\nwhen = { kind = \"decline\", ratings = 3 }\n",
    );
    let out = vault
        .bare()
        .args(["rules", "check"])
        .arg(&duplicate)
        .outcome();
    assert_eq!(out.code, Some(5));
    assert!(
        out.stderr.contains("line 10: duplicate rule id 'a'"),
        "{}",
        out.stderr
    );

    let builtin = vault.bare().args(["rules", "check"]).succeeds().stdout();
    assert!(builtin.contains("10 rules, no problems"), "{builtin}");
}

#[test]
fn rules_test_compares_without_changing_a_byte() {
    let (vault, s1, ..) = agency();
    checkin(
        &vault,
        &s1,
        "E1",
        "2026-06-01",
        "3",
        &["--stressor", "work.shifts", "--stressor", "health.sleep"],
    );
    let stricter = vault.write_file(
        "stricter.toml",
        "[[rule]]\nid = \"stressor-cluster\"\ntitle = \"Two stressors\"\nseverity = \"attention\"\naudience = [\"supervisor_chain\"]\nexplain = \"{value} stressors\"\nwhen = { kind = \"count\", event = \"stressor\", within_days = 30, at_least = 2 }\n",
    );
    let before = vault.snapshot();
    let rows = vault
        .admin()
        .args(["--json", "rules", "test", "--as-of", "2026-06-02"])
        .arg(&stricter)
        .succeeds()
        .json();
    assert_eq!(
        vault.snapshot(),
        before,
        "rules test must leave the vault byte-identical"
    );
    let cluster = rows
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["rule"] == "stressor-cluster")
        .expect("the tested rule is listed")
        .clone();
    assert_eq!(
        (
            cluster["would_prompt"].as_i64(),
            cluster["in_force"].as_i64()
        ),
        (Some(1), Some(0))
    );
    // A supervisor may not back-test rules.
    vault
        .as_user(&s1)
        .args(["rules", "test"])
        .arg(&stricter)
        .outcome()
        .one_clear_line(4);
}

#[test]
fn a_rule_for_the_person_alone_shows_only_in_their_own_session() {
    let (vault, s1, ..) = agency();
    let dee = vault.add_user("dee", "employee", Some("E1"));
    for (date, answers) in [(days_ago(8), "2,2,2,2,2"), (days_ago(1), "3,2,2,2,2")] {
        vault
            .as_user(&dee)
            .args([
                "selfcheck",
                "take",
                "who5",
                "--answers",
                answers,
                "--date",
                &date,
            ])
            .succeeds();
    }
    let mine = prompts(&vault, &dee);
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert_eq!(mine[0]["rule"], "self-low-wellbeing");
    assert_eq!(mine[0]["only_you"], true);
    assert!(mine[0]["id"].is_null(), "never stored, so it has no id");
    assert_eq!(mine[0]["evidence"][1]["kind"], "selfcheck");
    // The rule's suggestions, composed by the desk as the home screen shows them.
    assert_eq!(
        mine[0]["suggest"],
        serde_json::json!(["eap", "peer-support", "resiliency"])
    );
    let plain = vault
        .as_user(&dee)
        .args(["prompts", "list"])
        .succeeds()
        .stdout();
    assert!(plain.contains("Just for you"), "{plain}");
    assert!(plain.contains("Your recent well-being checks"), "{plain}");

    // Not their supervisor, not a full run, not the stored prompts.
    assert!(prompts(&vault, &s1).is_empty());
    assert_eq!(run(&vault)["live"], 0);
    assert!(prompts(&vault, &s1).is_empty());
}
