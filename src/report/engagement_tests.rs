//! The engagement report's build, suppression and export, on small hand-made counts.

use super::build::median;
use super::*;

fn month(text: &str) -> Month {
    Month::parse(text).unwrap()
}

fn count(unit: &str, m: &str, key: &str, count: u64, people: u64) -> UnitMonthCount {
    UnitMonthCount {
        unit: unit.into(),
        month: m.into(),
        key: key.into(),
        count,
        people,
    }
}

fn spec(units: &[&str]) -> EngagementSpec {
    EngagementSpec {
        from: month("2026-03"),
        to: month("2026-03"),
        units: units.iter().map(|u| u.to_string()).collect(),
        k: MinGroup::default(),
        stressors: vec!["work.workload".into(), "health.sleep".into()],
        bands: vec!["who5.poor_wellbeing".into()],
    }
}

fn figure(report: &EngagementReport, unit: &str, column: &str) -> Figure {
    let row = report.rows.iter().find(|r| r.unit == unit).unwrap();
    row.fields().find(|(c, _)| c.name() == column).unwrap().1
}

fn names<'a>(columns: impl IntoIterator<Item = Column<'a>>) -> Vec<String> {
    columns.into_iter().map(|c| c.name().into_owned()).collect()
}

fn days(unit: &str, m: &str, days: i64, referrals: u64) -> AcceptDays {
    AcceptDays {
        unit: unit.into(),
        month: m.into(),
        days,
        referrals,
    }
}

/// Four units: A (20 people), B (12), Mid (6) and Small (4, so hidden), with figures
/// chosen so that each rule shows.
fn sample() -> (EngagementSpec, EngagementCounts) {
    let m = "2026-03";
    let counts = EngagementCounts {
        headcount: vec![
            ("A".into(), 20),
            ("B".into(), 12),
            ("Mid".into(), 6),
            ("Small".into(), 4),
        ],
        checked_in: vec![
            count("A", m, "", 18, 18),
            count("B", m, "", 10, 10),
            count("Mid", m, "", 6, 6),
            count("Small", m, "", 3, 3),
        ],
        stressors: vec![
            count("A", m, "work.workload", 9, 9),
            count("B", m, "work.workload", 7, 7),
            count("Mid", m, "work.workload", 2, 2),
            count("A", m, "health.sleep", 8, 8),
            count("B", m, "health.sleep", 6, 6),
            count("Mid", m, "health.sleep", 5, 5),
            count("Small", m, "health.sleep", 1, 1),
        ],
        opened: vec![count("A", m, "", 9, 5), count("Mid", m, "", 5, 5)],
        closed: vec![],
        accepted: vec![count("A", m, "", 6, 5), count("Mid", m, "", 2, 2)],
        accept_days: vec![days("A", m, 2, 3), days("A", m, 9, 3), days("Mid", m, 1, 2)],
        bands: vec![count("A", m, "who5.poor_wellbeing", 5, 5)],
    };
    (spec(&["A", "B", "Mid", "Small"]), counts)
}

#[test]
fn every_row_has_the_spec_columns_in_order_and_the_header_names_them() {
    let (spec, counts) = sample();
    let report = build(&spec, &counts);
    let expected = [
        HEADCOUNT,
        CHECKED_IN,
        COVERAGE,
        "work.workload",
        "health.sleep",
        OPENED,
        CLOSED,
        MEDIAN_ACCEPT,
        "selfcheck.who5.poor_wellbeing",
    ];
    assert_eq!(names(report.columns()), expected);
    for row in &report.rows {
        let columns = names(row.fields().map(|(c, _)| c));
        assert_eq!(columns, expected, "{} {}", row.unit, row.month);
    }
    let csv = String::from_utf8(report.to_csv().unwrap()).unwrap();
    assert!(
        csv.starts_with(&format!("unit,month,{}\n", expected.join(","))),
        "{csv}"
    );
}

#[test]
fn a_row_below_k_shows_only_its_unit_and_month() {
    let (spec, counts) = sample();
    let report = build(&spec, &counts);
    let small = report.rows.iter().find(|r| r.unit == "Small").unwrap();
    assert!(small.is_hidden(), "{small:?}");
    assert_eq!(small.month, month("2026-03"));
    assert!(
        !report
            .rows
            .iter()
            .any(|r| r.unit != "Small" && r.is_hidden())
    );
}

#[test]
fn a_stressor_from_two_people_is_suppressed_with_its_partner_and_the_rest_shown() {
    let (spec, counts) = sample();
    let report = build(&spec, &counts);
    assert_eq!(figure(&report, "Mid", "work.workload"), Figure::Suppressed);
    // Mid's 2 is the one known non-zero suppressed cell (Small's is hidden and may be
    // zero), so B's 7, the next-smallest, goes too.
    assert_eq!(figure(&report, "B", "work.workload"), Figure::Suppressed);
    assert_eq!(figure(&report, "A", "work.workload"), Figure::Count(9));
    assert_eq!(figure(&report, "all", "work.workload"), Figure::Count(18));
}

#[test]
fn a_hidden_row_takes_two_partners_in_each_column_but_one_for_headcount() {
    let (spec, counts) = sample();
    let report = build(&spec, &counts);
    for column in [CHECKED_IN, "health.sleep"] {
        assert_eq!(
            figure(&report, "Mid", column),
            Figure::Suppressed,
            "{column}"
        );
        assert_eq!(figure(&report, "B", column), Figure::Suppressed, "{column}");
    }
    assert_eq!(figure(&report, "A", "health.sleep"), Figure::Count(8));
    assert_eq!(figure(&report, "all", "health.sleep"), Figure::Count(20));
    assert_eq!(figure(&report, "all", HEADCOUNT), Figure::Count(42));
    assert_eq!(figure(&report, "Mid", HEADCOUNT), Figure::Suppressed);
    assert_eq!(figure(&report, "B", HEADCOUNT), Figure::Count(12));
    // A percentage goes with its headcount or its count.
    assert_eq!(figure(&report, "Mid", COVERAGE), Figure::Suppressed);
    assert_eq!(figure(&report, "B", COVERAGE), Figure::Suppressed);
    assert_eq!(figure(&report, "A", COVERAGE), Figure::Count(90));
    assert_eq!(figure(&report, "all", COVERAGE), Figure::Count(88));
}

#[test]
fn without_enough_partners_the_total_is_suppressed() {
    let (spec, counts) = sample();
    let report = build(&spec, &counts);
    assert_eq!(
        figure(&report, "A", "selfcheck.who5.poor_wellbeing"),
        Figure::Count(5)
    );
    assert_eq!(
        figure(&report, "all", "selfcheck.who5.poor_wellbeing"),
        Figure::Suppressed
    );
}

#[test]
fn referral_counts_are_suppressed_by_people_not_by_referrals() {
    let (mut spec, mut counts) = sample();
    spec.units = vec!["A".into(), "B".into()];
    counts.opened = vec![
        count("A", "2026-03", "", 9, 4),
        count("B", "2026-03", "", 5, 5),
    ];
    let report = build(&spec, &counts);
    assert_eq!(figure(&report, "A", OPENED), Figure::Suppressed);
    assert_eq!(figure(&report, "B", OPENED), Figure::Suppressed);
    assert_eq!(figure(&report, "all", OPENED), Figure::Count(14));
}

#[test]
fn medians_come_from_first_acceptances_and_hide_below_k_people() {
    let (spec, counts) = sample();
    let report = build(&spec, &counts);
    assert_eq!(figure(&report, "A", MEDIAN_ACCEPT), Figure::Days(5.5));
    assert_eq!(figure(&report, "Mid", MEDIAN_ACCEPT), Figure::Suppressed);
    assert_eq!(figure(&report, "B", MEDIAN_ACCEPT), Figure::Empty);
    // All: 1, 1, 2, 2, 2, 9, 9, 9 → 2.
    assert_eq!(figure(&report, "all", MEDIAN_ACCEPT), Figure::Days(2.0));
    assert_eq!(median(&[]), None);
    assert_eq!(median(&[(4, 1)]), Some(4.0));
    assert_eq!(median(&[(9, 1), (1, 2)]), Some(1.0));
}

#[test]
fn an_empty_month_shows_zeros_and_no_median() {
    let (mut spec, counts) = sample();
    spec.from = month("2026-02");
    let report = build(&spec, &counts);
    let feb: Vec<&ReportRow> = report
        .rows
        .iter()
        .filter(|r| r.month == month("2026-02"))
        .collect();
    assert_eq!(feb.len(), 5);
    let a = feb.iter().find(|r| r.unit == "A").unwrap();
    assert_eq!(a.headcount, Figure::Count(20));
    assert_eq!(a.checked_in, Figure::Count(0));
    assert_eq!(a.median_days_to_accept, Figure::Empty);
    // Small is hidden and nothing non-zero can partner it: the total goes instead.
    let all = feb.last().unwrap();
    assert_eq!(all.unit, TOTAL_UNIT);
    assert_eq!(all.checked_in, Figure::Suppressed);
}

#[test]
fn rows_come_month_by_month_with_the_total_last() {
    let (mut spec, counts) = sample();
    spec.from = month("2026-02");
    let report = build(&spec, &counts);
    let order: Vec<String> = report
        .rows
        .iter()
        .map(|r| format!("{} {}", r.month, r.unit))
        .collect();
    assert_eq!(
        order,
        [
            "2026-02 A",
            "2026-02 B",
            "2026-02 Mid",
            "2026-02 Small",
            "2026-02 all",
            "2026-03 A",
            "2026-03 B",
            "2026-03 Mid",
            "2026-03 Small",
            "2026-03 all"
        ]
    );
}

#[test]
fn json_names_k_the_rule_and_each_suppressed_field() {
    let (spec, counts) = sample();
    let report = build(&spec, &counts);
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["k"], 5);
    assert!(json["suppression"].as_str().unwrap().starts_with("k = 5: "));
    let rows = json["rows"].as_array().unwrap();
    let small = rows.iter().find(|r| r["unit"] == "Small").unwrap();
    assert_eq!(small["month"], "2026-03");
    assert!(small["headcount"].is_null());
    assert_eq!(
        small["suppressed"].as_array().unwrap().len(),
        report.columns().len()
    );
    let a = rows.iter().find(|r| r["unit"] == "A").unwrap();
    assert!(a["referrals_opened"].is_null());
    assert_eq!(a["health.sleep"], 8);
    let listed: Vec<&str> = a["suppressed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(listed, ["referrals_opened"]);
    assert!(
        json["rows"][0]
            .get("selfcheck.who5.poor_wellbeing")
            .is_some()
    );
}

#[test]
fn csv_is_a_header_then_one_record_per_row() {
    let (spec, counts) = sample();
    let report = build(&spec, &counts);
    let csv = String::from_utf8(report.to_csv().unwrap()).unwrap();
    assert!(
        csv.starts_with("unit,month,headcount,checked_in,coverage_pct,work.workload,"),
        "{csv}"
    );
    assert!(!csv.contains('#'), "{csv}");
    assert!(csv.contains("\nSmall,2026-03,suppressed,suppressed,"));
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(header.len(), report.columns().len() + 2);
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), report.rows.len());
}

#[test]
fn the_readme_states_k_the_rule_and_every_column() {
    let (spec, counts) = sample();
    let report = build(&spec, &counts);
    let readme = report.readme();
    assert!(readme.contains("k = 5"), "{readme}");
    assert!(readme.contains(&suppression_rule(report.k)), "{readme}");
    assert!(readme.contains(BASIS), "{readme}");
    let columns = names(report.columns());
    for column in columns.iter().map(String::as_str).chain(["unit", "month"]) {
        assert!(
            readme.contains(&format!("\n- {column}: ")),
            "{column}: {readme}"
        );
    }
    assert!(readme.contains("- work.workload: people flagged with the stressor work.workload"));
    assert!(readme.contains("- selfcheck.who5.poor_wellbeing: anonymous who5 self-checks"));
}

/// Referrals opened in March: A 2 (2 people), X 7 (7), Y 20 (from 5 people), Z 30 (30);
/// twenty people in each unit.
fn referral_units() -> (EngagementSpec, EngagementCounts) {
    let m = "2026-03";
    let units = ["A", "X", "Y", "Z"];
    let counts = EngagementCounts {
        headcount: units.iter().map(|u| (u.to_string(), 20)).collect(),
        opened: vec![
            count("A", m, "", 2, 2),
            count("X", m, "", 7, 7),
            count("Y", m, "", 20, 5),
            count("Z", m, "", 30, 30),
        ],
        ..EngagementCounts::default()
    };
    (spec(&units), counts)
}

#[test]
fn a_raised_k_never_shows_what_the_vault_minimum_hides() {
    let (mut spec, counts) = referral_units();
    let floor = build(&spec, &counts);
    // At k = 5, A's 2 is primary and X's 7 goes with it: 59 − 20 − 30 = A + X.
    assert_eq!(figure(&floor, "A", OPENED), Figure::Suppressed);
    assert_eq!(figure(&floor, "X", OPENED), Figure::Suppressed);
    assert_eq!(figure(&floor, "all", OPENED), Figure::Count(59));
    // At k = 6 on its own terms Y (5 people) is primary too, so X would show and,
    // set against the k = 5 report, give A's 2 away.
    spec.k = MinGroup::new(6).unwrap();
    assert_eq!(
        figure(&build(&spec, &counts), "X", OPENED),
        Figure::Count(7)
    );
    let raised = build_at_least(&spec, &counts, MinGroup::default());
    assert_eq!(raised.k.get(), 6);
    for unit in ["A", "X", "Y"] {
        assert_eq!(figure(&raised, unit, OPENED), Figure::Suppressed, "{unit}");
    }
    // Whatever the raised report shows, the report at the floor shows the same.
    for (row, floor_row) in raised.rows.iter().zip(&floor.rows) {
        for ((column, shown), (_, at_floor)) in row.fields().zip(floor_row.fields()) {
            if shown != Figure::Suppressed {
                assert_eq!(shown, at_floor, "{} {} {column:?}", row.unit, row.month);
            }
        }
    }
}

#[test]
fn keeping_some_units_keeps_their_rows_and_the_whole_total_as_they_were() {
    let (spec, counts) = sample();
    let whole = build(&spec, &counts);
    let mut some = whole.clone();
    some.keep_units(&["B".into(), "Mid".into()]);
    let units: Vec<&str> = some.rows.iter().map(|r| r.unit.as_str()).collect();
    assert_eq!(units, ["B", "Mid", "all"]);
    for row in &some.rows {
        let same = whole.rows.iter().find(|r| r.unit == row.unit).unwrap();
        assert_eq!(row, same);
    }
}

#[test]
fn unit_names_that_look_like_formulas_are_neutralised() {
    let (mut spec, mut counts) = sample();
    spec.units = vec!["=HYPERLINK(\"x\")".into(), "-2+3".into()];
    counts.headcount = vec![("=HYPERLINK(\"x\")".into(), 6), ("-2+3".into(), 7)];
    let csv = String::from_utf8(build(&spec, &counts).to_csv().unwrap()).unwrap();
    assert!(
        csv.contains("\n\"'=HYPERLINK(\"\"x\"\")\",2026-03,6,"),
        "{csv}"
    );
    assert!(csv.contains("\n'-2+3,2026-03,7,"), "{csv}");
}
