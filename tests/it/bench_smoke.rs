//! The benchmark at a small scale: `steady-bench --people 500 --years 1 --json` runs and
//! reports every field with a sane value. No timing is asserted; timings vary by machine.

use assert_cmd::Command;
use serde_json::Value;

const TIMINGS: &[&str] = &[
    "kdf_ms",
    "generate_s",
    "rules_first_run_ms",
    "floor_scan_ms",
    "rules_full_ms",
    "rules_daily_ms",
    "rules_daily_vs_floor",
    "login_ready_ms",
    "login_first_frame_ms",
    "login_kdf_ms",
    "roster_filter_ms",
    "tui_frame_ms",
    "home_load_ms",
    "report_12_months_ms",
    "unlock_ms",
    "today_list_ms",
    "person_page_ms",
    "record_checkin_ms",
    "prompt_replay_s",
    "audit_verify_full_ms",
    "audit_verify_since_day_ms",
    "audit_day_read_ms",
    "audit_since_vs_day_read",
];

/// The prompt figures of issue 12, with the range each must lie in (no targets here).
const PROMPT_FIGURES: &[(&str, f64)] = &[
    ("prompts_live_per_100", 100.0),
    ("prompts_opened_per_100_month", 100.0),
    ("people_prompted_year_pct", 100.0),
    ("prompts_median_live_age_days", 365.0 * 5.0),
    ("prompt_precision", 1.0),
    ("prompt_recall", 1.0),
];

fn assert_prompt_figures(report: &Value) {
    for &(key, most) in PROMPT_FIGURES {
        let value = report[key]
            .as_f64()
            .unwrap_or_else(|| panic!("{key} missing or not a number in {report}"));
        assert!(
            value.is_finite() && (0.0..=most).contains(&value),
            "{key} = {value}"
        );
    }
}

#[test]
fn the_benchmark_reports_every_field_for_a_small_vault() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("vault");
    let output = Command::cargo_bin("steady-bench")
        .unwrap()
        .args(["--people", "500", "--years", "1", "--runs", "2", "--json"])
        .arg("--vault")
        .arg(&vault)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let number = |key: &str| {
        report[key]
            .as_f64()
            .unwrap_or_else(|| panic!("{key} missing or not a number in {report}"))
    };
    for key in TIMINGS {
        let value = number(key);
        assert!(value.is_finite() && value >= 0.0, "{key} = {value}");
    }
    assert_eq!(number("people"), 500.0);
    assert_eq!(report["generated"], Value::Bool(true));
    // About one check-in a month each, a few missed.
    let checkins = number("checkins");
    assert!((4_000.0..=6_500.0).contains(&checkins), "{checkins}");
    assert!(number("stressor_flags") > 0.0);
    assert!(number("generate_rows_per_s") > 0.0);
    assert!(number("generate_checkins_per_s") > 0.0);
    assert!(number("rules_vs_floor") > 0.0);
    // The daily run had a day's check-ins to take in, and evaluated far fewer than everyone.
    assert!(number("rules_daily_checkins") >= 1.0, "{report}");
    let evaluated = number("rules_daily_evaluated");
    assert!((1.0..250.0).contains(&evaluated), "{report}");
    for role in ["coordinator", "chief"] {
        let login = &report["login_by_role"][role];
        for key in ["ready_ms", "first_home_frame_ms"] {
            let value = login[key].as_f64().unwrap_or(-1.0);
            assert!(value.is_finite() && value >= 0.0, "{role} {key}: {report}");
        }
    }
    assert!(number("peak_rss_mb") > 1.0);
    // The full verify re-hashed every generated check-in (and more).
    assert!(number("audit_rows_checked") >= checkins, "{report}");
    assert!(number("audit_day_checkins") >= 1.0);
    let per_checkin = number("vault_bytes_per_checkin");
    assert!((20.0..=10_000.0).contains(&per_checkin), "{per_checkin}");
    assert_prompt_figures(&report);
    // The vault's own open prompts, checked record by record: nothing false, nothing a
    // viewer could not open.
    assert!(
        report["prompt_audit"]["open"].as_u64().unwrap_or(0) > 0,
        "{report}"
    );
    assert_eq!(report["prompt_false_explanations"], 0, "{report}");
    assert_eq!(report["prompt_visibility_violations"], 0, "{report}");
    let rows = &report["generated_rows"];
    for key in [
        "referrals",
        "referral_events",
        "anon_contributions",
        "mentoring_checkins",
    ] {
        assert!(rows[key].as_u64().unwrap_or(0) > 0, "{key} in {rows}");
    }

    // A second run reuses the vault instead of generating again.
    let again = Command::cargo_bin("steady-bench")
        .unwrap()
        .args(["--people", "500", "--years", "1", "--runs", "1", "--json"])
        .arg("--vault")
        .arg(&vault)
        .output()
        .unwrap();
    assert!(again.status.success());
    let again: Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(again["generated"], Value::Bool(false));
    assert!(again["checkins"].as_f64().unwrap() >= checkins);
    // It replays the plan the vault was generated from, so its prompts score the same.
    assert_prompt_figures(&again);
    for &(key, _) in PROMPT_FIGURES {
        assert_eq!(again[key], report[key], "{key}");
    }
}

#[test]
fn the_prompts_alone_are_scored_without_a_vault() {
    let output = Command::cargo_bin("steady-bench")
        .unwrap()
        .args([
            "--people",
            "300",
            "--years",
            "1",
            "--prompts-only",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_prompt_figures(&report);
    assert_eq!(report["synthetic_calibration"]["people"], 300);
    assert!(report.get("kdf_ms").is_none(), "no vault, no timings");
}
