//! The rules and their prompts, end to end: boundaries replayed with `--as-of`, who sees a
//! prompt, acknowledging and snoozing, `rules check` errors and a read-only `rules test`.

mod common;

use common::{RunExt, TestVault, User, roster};
use serde_json::Value;

/// S1 leads E1 and E2; S2 leads E3 (another branch); C is a coordinator; M mentors E3.
fn agency() -> (TestVault, User, User, User, User) {
    let vault = TestVault::with_roster(&roster(&[
        "S0,Chief Ada,HQ,",
        "S1,Sergeant Bo,North,S0",
        "S2,Sergeant Cy,South,S0",
        "E1,Officer Dee,North,S1",
        "E2,Officer Eli,North,S1",
        "E3,Officer Fay,South,S2",
        "C1,Coordinator Gus,HQ,S0",
        "M1,Mentor Hal,South,S2",
    ]));
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

fn run_as_of(vault: &TestVault, as_of: &str) -> Value {
    vault
        .admin()
        .args(["--json", "rules", "run", "--as-of", as_of])
        .succeeds()
        .json()
}

fn prompts(vault: &TestVault, user: &User, as_of: &str) -> Vec<Value> {
    vault
        .as_user(user)
        .args(["--json", "prompts", "list", "--as-of", as_of])
        .succeeds()
        .json()
        .as_array()
        .expect("a list of prompts")
        .clone()
}

fn rules_of(list: &[Value]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = list
        .iter()
        .map(|p| {
            (
                p["rule"].as_str().unwrap_or_default().to_string(),
                p["employee"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn checkin_overdue_opens_the_day_after_forty_five_days_and_resolves_after_a_check_in() {
    let (vault, s1, ..) = agency();
    checkin(&vault, &s1, "E1", "2026-01-01", "4", &[]);

    let summary = run_as_of(&vault, "2026-02-15");
    assert_eq!(summary["live"], 0, "45 days is not more than 45: {summary}");
    assert!(prompts(&vault, &s1, "2026-02-15").is_empty());

    let summary = run_as_of(&vault, "2026-02-16");
    assert_eq!(summary["opened"], 1, "{summary}");
    let listed = prompts(&vault, &s1, "2026-02-16");
    assert_eq!(
        rules_of(&listed),
        [("checkin-overdue".to_string(), "E1".to_string())]
    );
    let prompt = &listed[0];
    assert_eq!(prompt["severity"], "info");
    assert_eq!(prompt["state"], "open");
    assert_eq!(prompt["opened_on"], "2026-02-16");
    assert_eq!(prompt["explanation"], "the last check-in was 46 days ago");
    assert_eq!(prompt["evidence"][0]["kind"], "checkin");
    assert_eq!(prompt["evidence"][0]["date"], "2026-01-01");

    // Running again never opens a second prompt for the same rule and person.
    let again = run_as_of(&vault, "2026-02-20");
    assert_eq!(
        (again["opened"].as_i64(), again["live"].as_i64()),
        (Some(0), Some(1)),
        "{again}"
    );

    // A new check-in makes the condition stop holding: the prompt resolves.
    checkin(&vault, &s1, "E1", "2026-02-20", "4", &[]);
    let after = run_as_of(&vault, "2026-02-20");
    assert_eq!(after["live"], 0, "{after}");
    assert!(prompts(&vault, &s1, "2026-02-20").is_empty());
}

#[test]
fn low_wellbeing_is_urgent_at_one_and_refreshes_rather_than_duplicating() {
    let (vault, s1, ..) = agency();
    checkin(&vault, &s1, "E2", "2026-03-01", "2", &[]);
    run_as_of(&vault, "2026-03-01");
    let first = prompts(&vault, &s1, "2026-03-01");
    assert_eq!(first.len(), 1);
    assert_eq!(first[0]["severity"], "attention");

    checkin(&vault, &s1, "E2", "2026-03-02", "1", &[]);
    run_as_of(&vault, "2026-03-02");
    let second = prompts(&vault, &s1, "2026-03-02");
    let low: Vec<&Value> = second
        .iter()
        .filter(|p| p["rule"] == "low-wellbeing")
        .collect();
    assert_eq!(
        low.len(),
        1,
        "one live prompt per rule and person: {second:?}"
    );
    assert_eq!(low[0]["severity"], "urgent");
    assert_eq!(low[0]["id"], first[0]["id"], "the same prompt, refreshed");
}

#[test]
fn a_prompt_reaches_its_audience_and_no_one_else() {
    let (vault, s1, s2, coordinator, mentor) = agency();
    checkin(&vault, &s2, "E3", "2026-04-01", "1", &[]);
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
            "2026-04-01",
        ])
        .succeeds();
    run_as_of(&vault, "2026-04-10");

    let for_s2 = rules_of(&prompts(&vault, &s2, "2026-04-10"));
    assert!(
        for_s2.contains(&("low-wellbeing".into(), "E3".into())),
        "{for_s2:?}"
    );
    assert!(
        !for_s2.iter().any(|(r, _)| r == "referral-unreviewed"),
        "{for_s2:?}"
    );

    let for_mentor = rules_of(&prompts(&vault, &mentor, "2026-04-10"));
    assert!(
        for_mentor.contains(&("low-wellbeing".into(), "E3".into())),
        "{for_mentor:?}"
    );

    let for_coordinator = rules_of(&prompts(&vault, &coordinator, "2026-04-10"));
    assert_eq!(
        for_coordinator,
        [("referral-unreviewed".into(), "E3".into())]
    );

    // A supervisor in another branch and the admin see nothing of it.
    assert!(prompts(&vault, &s1, "2026-04-10").is_empty());
    assert!(prompts(&vault, &User::admin(), "2026-04-10").is_empty());

    // Nor can they act on it: it does not exist for them.
    let id = prompts(&vault, &s2, "2026-04-10")[0]["id"].to_string();
    vault
        .as_user(&s1)
        .args(["prompts", "ack", &id, "--note", "not mine"])
        .outcome()
        .one_clear_line(5);
}

#[test]
fn acknowledged_and_snoozed_prompts_leave_the_open_list() {
    let (vault, s1, ..) = agency();
    checkin(&vault, &s1, "E1", "2026-05-01", "2", &[]);
    checkin(&vault, &s1, "E2", "2026-05-01", "2", &[]);
    run_as_of(&vault, "2026-05-01");
    let listed = prompts(&vault, &s1, "2026-05-01");
    assert_eq!(listed.len(), 2);
    let (first, second) = (listed[0]["id"].to_string(), listed[1]["id"].to_string());

    vault
        .as_user(&s1)
        .args([
            "prompts",
            "ack",
            &first,
            "--note",
            "talked today; peer support offered",
        ])
        .succeeds();
    // An acknowledgement needs a note.
    vault
        .as_user(&s1)
        .args(["prompts", "ack", &second, "--note", " "])
        .outcome()
        .one_clear_line(5);
    vault
        .as_user(&s1)
        .args(["prompts", "snooze", &second, "--until", "2099-01-01"])
        .succeeds();

    assert!(prompts(&vault, &s1, "2026-05-01").is_empty());
    let all = vault
        .as_user(&s1)
        .args([
            "--json",
            "prompts",
            "list",
            "--all",
            "--as-of",
            "2026-05-01",
        ])
        .succeeds()
        .json();
    let states: Vec<&str> = all
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|p| p["state"].as_str())
        .collect();
    assert_eq!(states.len(), 2);
    assert!(
        states.contains(&"acknowledged") && states.contains(&"snoozed"),
        "{states:?}"
    );
    // Still live, so a rerun opens nothing new for them.
    assert_eq!(run_as_of(&vault, "2026-05-01")["opened"], 0);
    // When the snooze ends, the prompt shows as open again.
    assert_eq!(prompts(&vault, &s1, "2099-01-01").len(), 1);
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
    assert!(builtin.contains("9 rules, no problems"), "{builtin}");
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
    for (date, answers) in [("2026-07-01", "2,2,2,2,2"), ("2026-07-08", "3,2,2,2,2")] {
        vault
            .as_user(&dee)
            .args([
                "selfcheck",
                "take",
                "who5",
                "--answers",
                answers,
                "--date",
                date,
            ])
            .succeeds();
    }
    let mine = prompts(&vault, &dee, "2026-07-08");
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert_eq!(mine[0]["rule"], "self-low-wellbeing");
    assert_eq!(mine[0]["only_you"], true);
    assert!(mine[0]["id"].is_null(), "never stored, so it has no id");
    assert_eq!(mine[0]["evidence"][1]["kind"], "selfcheck");
    let plain = vault
        .as_user(&dee)
        .args(["prompts", "list", "--as-of", "2026-07-08"])
        .succeeds()
        .stdout();
    assert!(plain.contains("Just for you"), "{plain}");

    // Not their supervisor, not a full run, not the stored prompts.
    assert!(prompts(&vault, &s1, "2026-07-08").is_empty());
    assert_eq!(run_as_of(&vault, "2026-07-08")["live"], 0);
    assert!(prompts(&vault, &s1, "2026-07-08").is_empty());
}
