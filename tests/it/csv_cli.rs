//! Every CSV steady writes loads anywhere: RFC 4180 with the header on the first line and
//! one record per row (no comment lines), read here by the `csv` crate as a strict reader
//! and by Python's `csv` module, with hostile unit names (quotes, commas, line breaks,
//! escape sequences, formulas). What the figures mean goes to `--readme FILE`.

use std::path::{Path, PathBuf};

use crate::common::{
    RunExt, TestVault, assert_no_control, assert_private_file, have_program, month_day_ago,
};
use steady::domain::text::sanitize;

/// Unit names a CSV writer must quote or a terminal must not obey.
const HOSTILE_UNITS: [&str; 6] = [
    "Quote \"Q\" Unit",
    "Comma, Unit",
    "Two\nLines",
    "Esc \u{1b}[31mRed\u{7} \u{202e}back",
    "=SUM(A1)",
    "Carriage\rReturn",
];

/// The columns every engagement report begins with.
const LEADING_COLUMNS: [&str; 5] = ["unit", "month", "headcount", "checked_in", "coverage_pct"];

/// A vault whose roster has five people in each hostile unit (so no row is hidden),
/// written with a CSV writer so every name arrives exactly.
fn hostile_vault() -> TestVault {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(["employee_id", "name", "unit", "supervisor_id"])
        .expect("a header");
    for (u, unit) in HOSTILE_UNITS.iter().enumerate() {
        for i in 1..=5 {
            let id = format!("U{u}P{i}");
            writer
                .write_record([id.as_str(), &format!("Person {u}-{i}"), unit, ""])
                .expect("a row");
        }
    }
    let roster = writer.into_inner().expect("the roster");
    let vault = TestVault::init();
    vault
        .import_cmd(roster, &[])
        .arg("--json")
        .succeeds()
        .json();
    vault
}

fn last_month() -> String {
    month_day_ago(1, 1)[..7].to_string()
}

/// Reads `bytes` as RFC 4180 CSV with a strict reader (no ragged rows, no comments):
/// the header and every record.
fn strict_parse(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .comment(None)
        .from_reader(bytes);
    let header: Vec<String> = reader
        .headers()
        .expect("a header record")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(
        header[..LEADING_COLUMNS.len()],
        LEADING_COLUMNS,
        "the header is the first line"
    );
    let records: Vec<Vec<String>> = reader
        .records()
        .map(|r| {
            let record = r.unwrap_or_else(|e| panic!("not strict CSV: {e}"));
            assert_eq!(record.len(), header.len(), "{record:?}");
            record.iter().map(String::from).collect()
        })
        .collect();
    (header, records)
}

/// The units of a month's rows, in order (the total row last).
fn units(records: &[Vec<String>]) -> Vec<String> {
    records.iter().map(|r| r[0].clone()).collect()
}

/// The units in the order the report lists them (by name), each as a spreadsheet-safe
/// cell: a formula gets a leading apostrophe.
fn expected_units(shown: impl Fn(&str) -> String) -> Vec<String> {
    let mut units: Vec<&str> = HOSTILE_UNITS.to_vec();
    units.sort_unstable();
    let mut cells: Vec<String> = units
        .into_iter()
        .map(|u| {
            let cell = steady::report::csv::neutralise(u).into_owned();
            shown(&cell)
        })
        .collect();
    cells.push("all".into());
    cells
}

/// What stdout shows of stored text: each line sanitised, line breaks kept.
fn on_terminal(text: &str) -> String {
    text.split('\n')
        .map(|line| sanitize(line).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_report_on_stdout_is_strict_csv_and_safe_for_a_terminal() {
    let vault = hostile_vault();
    let month = last_month();
    let out = vault
        .admin()
        .args(["report", "engagement", "--from", &month, "--to", &month])
        .succeeds();
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    assert_no_control(&out.stdout, "the CSV on stdout");
    let (header, records) = strict_parse(&out.stdout);
    assert!(header.len() > LEADING_COLUMNS.len());
    assert_eq!(units(&records), expected_units(on_terminal));
    // Every figure is a number, empty, or the word for a hidden one.
    for record in &records {
        assert_eq!(record[1], month);
        for cell in &record[2..] {
            assert!(
                cell.is_empty() || cell == "suppressed" || cell.parse::<f64>().is_ok(),
                "{cell:?} in {record:?}"
            );
        }
    }
}

#[test]
fn the_report_in_a_file_is_strict_csv_with_every_name_exact() {
    let vault = hostile_vault();
    let month = last_month();
    let path = vault.dir.path().join("engagement.csv");
    vault
        .admin()
        .args([
            "report",
            "engagement",
            "--from",
            &month,
            "--to",
            &month,
            "--out",
        ])
        .arg(&path)
        .succeeds();
    assert_private_file(&path);
    let bytes = std::fs::read(&path).expect("the report");
    let (_, records) = strict_parse(&bytes);
    assert_eq!(units(&records), expected_units(|cell| cell.to_string()));
    // No cell starts a formula.
    for cell in records.iter().flatten() {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{cell:?} would run as a formula"
        );
    }
}

#[test]
fn python_reads_the_report_as_the_strict_reader_does() {
    if !have_program("python3", "python3") {
        return;
    }
    let vault = hostile_vault();
    let month = last_month();
    let path = vault.dir.path().join("engagement.csv");
    vault
        .admin()
        .args([
            "report",
            "engagement",
            "--from",
            &month,
            "--to",
            &month,
            "--out",
        ])
        .arg(&path)
        .succeeds();
    // Python's csv module, strict, as an analyst would open the file; it fails on
    // malformed quoting and on rows of unequal length, else prints every row as JSON.
    let script = "import csv, json, sys\n\
        with open(sys.argv[1], newline='', encoding='utf-8') as f:\n\
        \x20   rows = list(csv.reader(f, strict=True))\n\
        widths = {len(r) for r in rows}\n\
        assert len(widths) == 1, 'rows of unequal length: %r' % widths\n\
        json.dump(rows, sys.stdout)\n";
    let output = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&path)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "python3 could not read the CSV: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let rows: Vec<Vec<String>> = serde_json::from_slice(&output.stdout).expect("JSON rows");
    let (header, records) = strict_parse(&std::fs::read(&path).expect("the report"));
    assert_eq!(rows[0], header);
    assert_eq!(rows[1..], records[..]);
}

fn hidden_entries(folder: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(folder)
        .expect("the folder")
        .map(|e| e.expect("an entry").path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect()
}

#[test]
fn the_readme_beside_the_csv_explains_k_the_rule_and_every_column() {
    let vault = hostile_vault();
    let month = last_month();
    let folder = vault.dir.path().join("out");
    std::fs::create_dir(&folder).expect("a folder");
    let csv_path = folder.join("engagement.csv");
    let readme = folder.join("engagement.txt");
    let run = |extra: &[&str]| {
        let mut cmd = vault.admin();
        cmd.args(["report", "engagement", "--from", &month, "--to", &month])
            .arg("--out")
            .arg(&csv_path)
            .arg("--readme")
            .arg(&readme)
            .args(extra);
        cmd.outcome()
    };
    let out = run(&[]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert!(out.stderr.contains("engagement.txt"), "{}", out.stderr);
    assert_private_file(&readme);
    let (header, _) = strict_parse(&std::fs::read(&csv_path).expect("the report"));
    let text = std::fs::read_to_string(&readme).expect("the readme");
    assert!(text.contains("k = 5"), "{text}");
    assert!(
        text.contains("Suppression: k = 5: a figure drawn from 1 to 4"),
        "{text}"
    );
    for column in &header {
        assert!(
            text.contains(&format!("\n- {column}: ")),
            "{column}: {text}"
        );
    }
    // The explanation is about the columns, never about anyone: no unit name in it.
    assert!(!text.contains("Comma, Unit"));
    assert!(
        hidden_entries(&folder).is_empty(),
        "temporary files were left"
    );

    // Neither file is replaced without --force; with it, both are.
    std::fs::write(&readme, "mine").expect("a file");
    std::fs::remove_file(&csv_path).expect("remove");
    let line = run(&[]).one_clear_line(5);
    assert!(
        line.contains("engagement.txt") && line.contains("--force"),
        "{line}"
    );
    assert_eq!(std::fs::read_to_string(&readme).expect("kept"), "mine");
    assert!(
        !csv_path.exists(),
        "nothing is written when one file is refused"
    );
    run(&["--force"]);
    assert!(
        std::fs::read_to_string(&readme)
            .expect("replaced")
            .contains("k = 5")
    );
    assert_private_file(&readme);
    assert!(
        hidden_entries(&folder).is_empty(),
        "temporary files were left"
    );
}

#[test]
fn readme_and_force_are_checked_before_the_passphrase() {
    let vault = TestVault::empty();
    let same = vault.dir.path().join("r.csv");
    for (args, needle) in [
        (vec!["--force"], "--force"),
        (
            vec![
                "--out",
                same.to_str().expect("UTF-8"),
                "--readme",
                same.to_str().expect("UTF-8"),
            ],
            "same file",
        ),
    ] {
        let line = vault
            .bare()
            .args(["report", "engagement"])
            .args(&args)
            .outcome()
            .one_clear_line(2);
        assert!(line.contains(needle), "{line}");
    }
    let line = vault
        .bare()
        .args(["export", "mine", "--force"])
        .outcome()
        .one_clear_line(2);
    assert!(line.contains("--out"), "{line}");
}
