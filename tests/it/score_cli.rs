//! `steady score`: the real binary scoring answers without a vault — its exact JSON, its
//! one-line refusals (exit 5), and the crisis lines that a safety answer brings at once.

use assert_cmd::Command;
use serde_json::{Value, json};
use steady::instruments::Catalog;

/// The binary with none of the developer's STEADY_* settings, and a vault path that does
/// not exist: scoring must never need one.
fn steady() -> Command {
    let mut cmd = Command::cargo_bin("steady").expect("the steady binary is built");
    for var in [
        "STEADY_DB",
        "STEADY_USER",
        "STEADY_PASSPHRASE",
        "STEADY_NEW_PASSPHRASE",
        "STEADY_LOCK_MINUTES",
    ] {
        cmd.env_remove(var);
    }
    cmd.args(["--db", "/nonexistent/steady-score-test/steady.db"]);
    cmd
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn score(args: &[&str]) -> Run {
    let output = steady()
        .arg("score")
        .args(args)
        .output()
        .expect("steady runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

fn score_json(instrument: &str, answers: &str) -> Run {
    score(&["--json", instrument, "--answers", answers])
}

fn parsed(run: &Run) -> Value {
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", run.stdout))
}

/// Asserts the run failed with exit 5 and one `steady: …` line on stderr; returns it.
fn refusal(run: &Run) -> String {
    assert_eq!(
        run.code,
        Some(5),
        "stdout {:?} stderr {:?}",
        run.stdout,
        run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert!(lines[0].starts_with("steady: "), "{}", lines[0]);
    assert!(!lines[0].contains("panicked"), "{}", lines[0]);
    lines[0].to_string()
}

const CRISIS_MARKS: [&str; 4] = ["988", "911", "EAP", "peer support"];

#[test]
fn who5_json_has_exactly_the_documented_fields() {
    let run = score_json("who5", "3,3,2,2,2");
    assert_eq!(
        parsed(&run),
        json!({
            "instrument": "who5",
            "total": 12,
            "percent": 48,
            "band": "poor_wellbeing",
            "flags": ["screen_positive"],
            "prorated": false
        })
    );
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn phq9_json_reports_a_prorated_total_and_a_null_percent() {
    // Eight answered summing to 4: 4 × 9 / 8 = 4.5, which rounds up to 5.
    let run = score_json("phq9", "1,1,1,1,0,0,0,0,-");
    assert_eq!(
        parsed(&run),
        json!({
            "instrument": "phq9",
            "total": 5,
            "percent": null,
            "band": "mild",
            "flags": [],
            "prorated": true
        })
    );
}

#[test]
fn answers_may_begin_with_a_skipped_item() {
    let run = score(&["phq9", "--json", "--answers", "-,3,0,0,0,0,0,0,0"]);
    let value = parsed(&run);
    assert_eq!(value["total"], 3);
    assert_eq!(value["flags"], json!(["phq2_positive"]));
}

#[test]
fn bad_answers_are_refused_naming_the_item_and_the_range() {
    let cases = [
        ("phq9", "0,0,7,0,0,0,0,0,0", "item 3: 7 is out of range 0–3"),
        (
            "phq9",
            "0,-1,0,0,0,0,0,0,0",
            "item 2: -1 is out of range 0–3",
        ),
        (
            "k10",
            "1,1,1,1,1,1,1,1,1,0",
            "item 10: 0 is out of range 1–5",
        ),
        (
            "gad7",
            "1,2.5,0,0,0,0,0",
            "item 2: \"2.5\" is not a whole number in the range 0–3",
        ),
        (
            "who5",
            "1,1,-,1,1",
            "item 3: skipped, but who5 needs every item answered in the range 0–5",
        ),
        ("phq9", "0,0,0,0,0,0,0,0", "expected 9 answers, got 8"),
        (
            "phq9",
            "-,-,-,0,0,0,0,0,0",
            "items 1, 2 and 3 skipped, but phq9 can be scored with at most 2 skipped",
        ),
    ];
    for (instrument, answers, message) in cases {
        for json in [false, true] {
            let mut args = vec![instrument, "--answers", answers];
            if json {
                args.push("--json");
            }
            let line = refusal(&score(&args));
            assert!(line.contains(message), "{instrument} {answers}: {line}");
            assert!(line.contains(instrument), "{line}");
        }
    }
}

#[test]
fn an_unknown_instrument_is_refused_listing_the_known_ones() {
    let line = refusal(&score(&["bdi2", "--answers", "1,2,3"]));
    assert!(line.contains("bdi2"), "{line}");
    for id in ["who5", "phq2", "phq9", "gad2", "gad7", "phq4", "k6", "k10"] {
        assert!(line.contains(id), "{id} missing from {line}");
    }
}

#[test]
fn a_safety_answer_shows_the_crisis_lines_on_stderr() {
    // Item 9 at 1, with a low total: the lines appear whatever the total.
    let run = score(&["phq9", "--answers", "0,0,0,0,0,0,0,0,1"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for mark in CRISIS_MARKS {
        assert!(
            run.stderr.contains(mark),
            "{mark} missing from {}",
            run.stderr
        );
        assert!(
            !run.stdout.contains(mark),
            "{mark} on stdout: {}",
            run.stdout
        );
    }
    assert!(run.stderr.contains("call or text 988"), "{}", run.stderr);

    // In JSON mode too, without disturbing the JSON on stdout.
    let run = score_json("phq9", "0,0,0,0,0,0,0,0,2");
    assert_eq!(parsed(&run)["flags"], json!(["item9_safety_followup"]));
    for mark in CRISIS_MARKS {
        assert!(
            run.stderr.contains(mark),
            "{mark} missing from {}",
            run.stderr
        );
    }
}

#[test]
fn no_crisis_lines_without_a_safety_answer() {
    for (instrument, answers) in [("phq9", "3,3,3,3,3,3,3,3,0"), ("phq9", "0,0,0,0,0,0,0,0,-")] {
        let run = score(&[instrument, "--answers", answers]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        assert!(run.stderr.is_empty(), "{answers}: {}", run.stderr);
    }
}

#[test]
fn the_plain_reading_gives_the_band_meaning_in_calm_words() {
    let catalog = Catalog::builtin().expect("the embedded definitions validate");
    let who5 = catalog.get("who5").expect("who5 is embedded");
    let meaning = &who5
        .band_named("poor_wellbeing")
        .expect("who5 has a poor_wellbeing band")
        .meaning;

    let run = score(&["who5", "--answers", "3,3,2,2,2"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.contains(meaning.as_str()), "{}", run.stdout);
    assert!(
        run.stdout.contains("Total: 12 (possible 0–25), 48%"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("not a diagnosis"), "{}", run.stdout);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}
