//! The engagement report: one row per unit × month and an `all` row per month, built from
//! counts the store computed, with suppression applied; and its CSV, readme and JSON forms.
//! Pure: it never sees a person, and a suppressed figure never leaves `build`.

use std::collections::HashMap;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::csv::CsvText;
use super::month::Month;
use super::suppress::{self, Cell, MinGroup};

/// The `unit` of each month's total row.
pub const TOTAL_UNIT: &str = "all";

/// What a CSV cell says where a figure is suppressed.
pub const SUPPRESSED: &str = "suppressed";

pub const HEADCOUNT: &str = "headcount";
pub const CHECKED_IN: &str = "checked_in";
pub const COVERAGE: &str = "coverage_pct";
pub const OPENED: &str = "referrals_opened";
pub const CLOSED: &str = "referrals_closed";
pub const MEDIAN_ACCEPT: &str = "median_days_to_accept";
/// Self-check band columns are named `selfcheck.INSTRUMENT.BAND`.
pub const BAND_PREFIX: &str = "selfcheck.";

/// One aggregate the store computed for a unit and a month (`YYYY-MM`): how many, and
/// from how many distinct people. `key` says which stressor category or self-check band
/// (`instrument.band`) it counts; it is empty where there is only one thing counted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitMonthCount {
    pub unit: String,
    pub month: String,
    pub key: String,
    pub count: u64,
    pub people: u64,
}

/// How many referrals accepted in a unit and month took `days` from opening to acceptance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AcceptDays {
    pub unit: String,
    pub month: String,
    pub days: i64,
    pub referrals: u64,
}

/// Everything the report is built from. People are counted in their current unit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EngagementCounts {
    /// Active people per unit.
    pub headcount: Vec<(String, u64)>,
    /// People with at least one check-in in the month.
    pub checked_in: Vec<UnitMonthCount>,
    /// People flagged with each stressor category (key) in the month.
    pub stressors: Vec<UnitMonthCount>,
    /// Referrals opened in the month, and by how many people.
    pub opened: Vec<UnitMonthCount>,
    /// Referrals closed in the month, and for how many people.
    pub closed: Vec<UnitMonthCount>,
    /// Referrals first accepted in the month, and for how many people.
    pub accepted: Vec<UnitMonthCount>,
    /// Days from opening to first acceptance of the referrals accepted in the month.
    pub accept_days: Vec<AcceptDays>,
    /// Anonymous self-check contributions per `instrument.band` (key); one person each.
    pub bands: Vec<UnitMonthCount>,
}

/// What to build: which months and units, k, and which categories and bands get columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EngagementSpec {
    pub from: Month,
    pub to: Month,
    /// The units in the report, in the order their rows appear.
    pub units: Vec<String>,
    pub k: MinGroup,
    /// Stressor category ids, one column each.
    pub stressors: Vec<String>,
    /// Self-check bands as `instrument.band`, one column each.
    pub bands: Vec<String>,
}

impl EngagementSpec {
    /// The figure columns, in order (after `unit` and `month`).
    pub fn columns(&self) -> Vec<String> {
        let mut columns: Vec<String> = [HEADCOUNT, CHECKED_IN, COVERAGE]
            .into_iter()
            .map(String::from)
            .collect();
        columns.extend(self.stressors.iter().cloned());
        columns.extend([OPENED, CLOSED, MEDIAN_ACCEPT].map(String::from));
        columns.extend(self.bands.iter().map(|b| format!("{BAND_PREFIX}{b}")));
        columns
    }
}

/// One figure as it may be shown.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Figure {
    Count(u64),
    Days(f64),
    /// Nothing to show, for no one's sake: a median of no referrals.
    Empty,
    Suppressed,
}

impl Figure {
    fn text(self) -> String {
        match self {
            Figure::Count(n) => n.to_string(),
            Figure::Days(d) => d.to_string(),
            Figure::Empty => String::new(),
            Figure::Suppressed => SUPPRESSED.to_string(),
        }
    }
}

/// One row: a unit (or [`TOTAL_UNIT`]) in one month, a figure per column.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportRow {
    pub unit: String,
    pub month: Month,
    pub is_total: bool,
    pub figures: Vec<Figure>,
}

impl ReportRow {
    /// Whether the whole row is hidden (its headcount is below k).
    pub fn is_hidden(&self) -> bool {
        self.figures.iter().all(|f| *f == Figure::Suppressed)
    }
}

/// The engagement report as it may be shown: suppressed figures are already gone.
#[derive(Clone, Debug, PartialEq)]
pub struct EngagementReport {
    pub from: Month,
    pub to: Month,
    pub k: MinGroup,
    pub columns: Vec<String>,
    pub rows: Vec<ReportRow>,
}

/// The suppression rule in words, for the report's readme and its JSON metadata.
pub fn suppression_rule(k: MinGroup) -> String {
    let k = k.get();
    format!(
        "k = {k}: a figure drawn from 1 to {} distinct people is suppressed and a row whose \
         headcount is below {k} shows only its unit and month; in a column whose total is shown \
         any suppressed cell brings the next-smallest non-zero cells in that column with it \
         until two suppressed cells are known to be non-zero (a hidden row's cells count as \
         suppressed but may be zero) or else the total is suppressed; so no value can be \
         recovered by subtraction; zero counts are shown; each anonymous self-check \
         contribution counts as one person",
        k - 1
    )
}

/// What the figures count, in words, for the readme and the JSON metadata.
pub const BASIS: &str = "headcount is the people active on the roster today in their current unit \
     for every month (moves between units and leavers are not modelled) and check-in and \
     stressor and referral figures count only those people; stressor columns count people \
     flagged in the month; median_days_to_accept is over referrals first accepted in the month \
     (from opening to acceptance); self-check bands count anonymous contributions by the unit \
     they were made in; the row with unit all is the total over every unit the reader may \
     report on whichever units are listed (so two reports cannot be subtracted into one unit) \
     and each unit row is as it stands in that whole report";

type Key<'a> = (&'a str, &'a str, &'a str);

/// Cells by (unit, month, key).
fn index(rows: &[UnitMonthCount]) -> HashMap<Key<'_>, Cell> {
    let mut cells: HashMap<Key<'_>, Cell> = HashMap::new();
    for r in rows {
        let cell = cells
            .entry((r.unit.as_str(), r.month.as_str(), r.key.as_str()))
            .or_default();
        *cell = cell.plus(Cell {
            value: r.count,
            people: r.people,
        });
    }
    cells
}

/// The figures of one month's rows, built column by column.
struct MonthTable {
    units: Vec<Vec<Figure>>,
    total: Vec<Figure>,
}

impl MonthTable {
    /// Adds an additive column; returns its mask so derived columns can follow it.
    fn additive(
        &mut self,
        cells: &[Cell],
        hidden: &[bool],
        total_hidden: bool,
        k: MinGroup,
    ) -> suppress::ColumnMask {
        let mask = suppress::additive_column(cells, hidden, total_hidden, k);
        for (i, cell) in cells.iter().enumerate() {
            self.units[i].push(if mask.units[i] {
                Figure::Suppressed
            } else {
                Figure::Count(cell.value)
            });
        }
        let total: u64 = cells.iter().map(|c| c.value).sum();
        self.total.push(if mask.total {
            Figure::Suppressed
        } else {
            Figure::Count(total)
        });
        mask
    }
}

/// The median of a histogram of (days, referrals), or `None` if it is empty.
fn median(histogram: &[(i64, u64)]) -> Option<f64> {
    let mut sorted = histogram.to_vec();
    sorted.sort_unstable();
    let n: u64 = sorted.iter().map(|(_, c)| c).sum();
    if n == 0 {
        return None;
    }
    let at = |position: u64| {
        let mut seen = 0;
        for (days, count) in &sorted {
            seen += count;
            if position < seen {
                return *days;
            }
        }
        0
    };
    Some((at((n - 1) / 2) + at(n / 2)) as f64 / 2.0)
}

fn coverage(headcount: u64, checked_in: u64) -> u64 {
    if headcount == 0 {
        0
    } else {
        (checked_in * 200 + headcount) / (headcount * 2)
    }
}

/// Builds the report: every unit × month in `spec`, then the month's `all` row, with
/// suppression applied to each month's figures.
pub fn build(spec: &EngagementSpec, counts: &EngagementCounts) -> EngagementReport {
    let k = spec.k;
    let heads: HashMap<&str, u64> = counts
        .headcount
        .iter()
        .map(|(unit, n)| (unit.as_str(), *n))
        .collect();
    let checked = index(&counts.checked_in);
    let stressors = index(&counts.stressors);
    let opened = index(&counts.opened);
    let closed = index(&counts.closed);
    let accepted = index(&counts.accepted);
    let bands = index(&counts.bands);
    let mut days: HashMap<(&str, &str), Vec<(i64, u64)>> = HashMap::new();
    for d in &counts.accept_days {
        days.entry((d.unit.as_str(), d.month.as_str()))
            .or_default()
            .push((d.days, d.referrals));
    }

    let mut rows = Vec::new();
    for month in spec.from.through(spec.to) {
        let m = month.to_string();
        let cells_of = |source: &HashMap<Key<'_>, Cell>, key: &str| -> Vec<Cell> {
            spec.units
                .iter()
                .map(|u| {
                    source
                        .get(&(u.as_str(), m.as_str(), key))
                        .copied()
                        .unwrap_or_default()
                })
                .collect()
        };
        let headcounts: Vec<u64> = spec
            .units
            .iter()
            .map(|u| heads.get(u.as_str()).copied().unwrap_or(0))
            .collect();
        let hidden = suppress::hidden_rows(&headcounts, k);
        let total_headcount: u64 = headcounts.iter().sum();
        let total_hidden = total_headcount < k.get();
        let mut table = MonthTable {
            units: vec![Vec::new(); spec.units.len()],
            total: Vec::new(),
        };

        // A hidden row's headcount is known to be below k (that is why it is hidden), so
        // unlike its other cells it counts as a known non-zero suppressed cell.
        let head_cells: Vec<Cell> = headcounts.iter().copied().map(Cell::of_people).collect();
        let empty_rows: Vec<bool> = headcounts.iter().map(|&h| h == 0).collect();
        let head_mask = table.additive(&head_cells, &empty_rows, total_hidden, k);
        let checked_cells = cells_of(&checked, "");
        let checked_mask = table.additive(&checked_cells, &hidden, total_hidden, k);
        // A percentage with its headcount shown gives the count back, so it goes with either.
        for (i, figures) in table.units.iter_mut().enumerate() {
            figures.push(if head_mask.units[i] || checked_mask.units[i] {
                Figure::Suppressed
            } else {
                Figure::Count(coverage(headcounts[i], checked_cells[i].value))
            });
        }
        let total_checked: u64 = checked_cells.iter().map(|c| c.value).sum();
        table.total.push(if head_mask.total || checked_mask.total {
            Figure::Suppressed
        } else {
            Figure::Count(coverage(total_headcount, total_checked))
        });

        for category in &spec.stressors {
            table.additive(&cells_of(&stressors, category), &hidden, total_hidden, k);
        }
        table.additive(&cells_of(&opened, ""), &hidden, total_hidden, k);
        table.additive(&cells_of(&closed, ""), &hidden, total_hidden, k);

        // A median cannot be subtracted from another, so it is suppressed on its own terms.
        let accepted_cells = cells_of(&accepted, "");
        let mut all_days = Vec::new();
        for (i, unit) in spec.units.iter().enumerate() {
            let histogram = days
                .get(&(unit.as_str(), m.as_str()))
                .cloned()
                .unwrap_or_default();
            all_days.extend_from_slice(&histogram);
            table.units[i].push(if suppress::standalone(accepted_cells[i], hidden[i], k) {
                Figure::Suppressed
            } else {
                median(&histogram).map_or(Figure::Empty, Figure::Days)
            });
        }
        let accepted_total = accepted_cells
            .iter()
            .fold(Cell::default(), |sum, c| sum.plus(*c));
        table
            .total
            .push(if suppress::standalone(accepted_total, total_hidden, k) {
                Figure::Suppressed
            } else {
                median(&all_days).map_or(Figure::Empty, Figure::Days)
            });

        for band in &spec.bands {
            table.additive(&cells_of(&bands, band), &hidden, total_hidden, k);
        }

        for (unit, figures) in spec.units.iter().zip(table.units) {
            rows.push(ReportRow {
                unit: unit.clone(),
                month,
                is_total: false,
                figures,
            });
        }
        rows.push(ReportRow {
            unit: TOTAL_UNIT.to_string(),
            month,
            is_total: true,
            figures: table.total,
        });
    }
    EngagementReport {
        from: spec.from,
        to: spec.to,
        k,
        columns: spec.columns(),
        rows,
    }
}

/// [`build`] at `spec.k`, with every figure that the vault's minimum `floor` would
/// suppress suppressed too. A report at a raised k then shows a subset of what the report
/// at the floor shows, so reports at different k cannot be set against each other: on
/// its own terms a raised k may need other complementary cells than the floor did, and
/// one report's complement could be the figure another report leaves out.
pub fn build_at_least(
    spec: &EngagementSpec,
    counts: &EngagementCounts,
    floor: MinGroup,
) -> EngagementReport {
    let mut report = build(spec, counts);
    if floor.get() >= spec.k.get() {
        return report;
    }
    let at_floor = build(
        &EngagementSpec {
            k: floor,
            ..spec.clone()
        },
        counts,
    );
    for (row, floor_row) in report.rows.iter_mut().zip(&at_floor.rows) {
        for (figure, floor_figure) in row.figures.iter_mut().zip(&floor_row.figures) {
            if *floor_figure == Figure::Suppressed {
                *figure = Figure::Suppressed;
            }
        }
    }
    report
}

impl EngagementReport {
    /// Keeps the rows of `units` and the `all` rows, each as it stands in this report. The
    /// report must have been built over the reader's whole scope: then the `all` row and
    /// every unit row are the same whichever units are kept, so two reports whose unit
    /// lists differ tell nothing that the whole report does not.
    pub fn keep_units(&mut self, units: &[String]) {
        self.rows
            .retain(|row| row.is_total || units.contains(&row.unit));
    }

    /// The CSV export (RFC 4180): a header row, then one record per row. What the figures
    /// mean is in [`EngagementReport::readme`] and in the JSON form, never in the CSV.
    pub fn to_csv(&self) -> Result<Vec<u8>, String> {
        let mut csv = CsvText::new();
        let mut header = vec!["unit".to_string(), "month".to_string()];
        header.extend(self.columns.iter().cloned());
        csv.record(&header)?;
        for row in &self.rows {
            let mut record = vec![row.unit.clone(), row.month.to_string()];
            record.extend(row.figures.iter().map(|f| f.text()));
            csv.record(&record)?;
        }
        Ok(csv.into_bytes())
    }

    /// A plain-text companion to the CSV, to keep beside it: the months, k and the
    /// suppression rule, how the file is laid out, and what every column counts.
    pub fn readme(&self) -> String {
        let mut text = format!(
            "steady engagement report, {} to {}\n\n\
             Minimum group size: k = {}. A figure drawn from fewer than {} distinct people is \
             not shown.\n\n\
             The CSV file (RFC 4180, UTF-8) has a header on its first line and one record per \
             unit and month after it: each month's units in order, then that month's `{TOTAL_UNIT}` \
             row. Lines end with a line feed; a cell holding a comma, a quote or a line break \
             is quoted. A figure that is hidden reads `{SUPPRESSED}`; an empty \
             {MEDIAN_ACCEPT} means no referral was accepted that month. A unit name that a \
             spreadsheet would run as a formula (one starting with =, +, -, @, a tab or a \
             carriage return) begins with an apostrophe, so it is read as text.\n\n\
             Columns:\n",
            self.from,
            self.to,
            self.k.get(),
            self.k.get(),
        );
        let mut columns = vec!["unit".to_string(), "month".to_string()];
        columns.extend(self.columns.iter().cloned());
        for column in &columns {
            text.push_str(&format!("- {column}: {}\n", column_meaning(column)));
        }
        text.push_str(&format!(
            "\nSuppression: {}.\n\nWhat is counted: {BASIS}.\n",
            suppression_rule(self.k)
        ));
        text
    }
}

/// What one column of the report counts, in a sentence.
pub fn column_meaning(column: &str) -> String {
    match column {
        "unit" => format!(
            "the unit; `{TOTAL_UNIT}` is the total over every unit you may report on, whichever units were asked for"
        ),
        "month" => "the calendar month, YYYY-MM".into(),
        HEADCOUNT => "people active on the roster today in this unit (the same in every month)".into(),
        CHECKED_IN => "people with at least one check-in in the month".into(),
        COVERAGE => format!("{CHECKED_IN} as a whole percentage of {HEADCOUNT}"),
        OPENED => "referrals opened in the month".into(),
        CLOSED => "referrals closed in the month".into(),
        MEDIAN_ACCEPT => {
            "the median number of days from opening to first acceptance, over the referrals first accepted in the month".into()
        }
        _ => match column.strip_prefix(BAND_PREFIX).and_then(|b| b.split_once('.')) {
            Some((instrument, band)) => format!(
                "anonymous {instrument} self-checks contributed in the unit in the month whose score fell in the band {band}"
            ),
            None => format!("people flagged with the stressor {column} in the month"),
        },
    }
}

/// JSON: metadata (k, the rule, what is counted), then the rows; a suppressed figure is
/// `null` and named in the row's `suppressed` list.
impl Serialize for EngagementReport {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(8))?;
        map.serialize_entry("report", "engagement")?;
        map.serialize_entry("from", &self.from)?;
        map.serialize_entry("to", &self.to)?;
        map.serialize_entry("k", &self.k.get())?;
        map.serialize_entry("suppression", &suppression_rule(self.k))?;
        map.serialize_entry("basis", BASIS)?;
        map.serialize_entry("columns", &self.columns)?;
        map.serialize_entry(
            "rows",
            &RowsJson {
                columns: &self.columns,
                rows: &self.rows,
            },
        )?;
        map.end()
    }
}

struct RowsJson<'a> {
    columns: &'a [String],
    rows: &'a [ReportRow],
}

impl Serialize for RowsJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.rows.len()))?;
        for row in self.rows {
            seq.serialize_element(&RowJson {
                columns: self.columns,
                row,
            })?;
        }
        seq.end()
    }
}

struct RowJson<'a> {
    columns: &'a [String],
    row: &'a ReportRow,
}

impl Serialize for RowJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.columns.len() + 3))?;
        map.serialize_entry("unit", &self.row.unit)?;
        map.serialize_entry("month", &self.row.month)?;
        let mut suppressed = Vec::new();
        for (column, figure) in self.columns.iter().zip(&self.row.figures) {
            match figure {
                Figure::Count(n) => map.serialize_entry(column, n)?,
                Figure::Days(d) => map.serialize_entry(column, d)?,
                Figure::Empty => map.serialize_entry(column, &())?,
                Figure::Suppressed => {
                    map.serialize_entry(column, &())?;
                    suppressed.push(column.as_str());
                }
            }
        }
        map.serialize_entry("suppressed", &suppressed)?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
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
        let i = report.columns.iter().position(|c| c == column).unwrap();
        report.rows.iter().find(|r| r.unit == unit).unwrap().figures[i]
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
        assert_eq!(a.figures[0], Figure::Count(20));
        assert_eq!(a.figures[1], Figure::Count(0));
        let i = report
            .columns
            .iter()
            .position(|c| c == MEDIAN_ACCEPT)
            .unwrap();
        assert_eq!(a.figures[i], Figure::Empty);
        // Small is hidden and nothing non-zero can partner it: the total goes instead.
        let all = feb.last().unwrap();
        assert_eq!(all.unit, TOTAL_UNIT);
        assert_eq!(all.figures[1], Figure::Suppressed);
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
            report.columns.len()
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
        assert_eq!(header.len(), report.columns.len() + 2);
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
        for column in report
            .columns
            .iter()
            .map(String::as_str)
            .chain(["unit", "month"])
        {
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
            for (shown, at_floor) in row.figures.iter().zip(&floor_row.figures) {
                if *shown != Figure::Suppressed {
                    assert_eq!(shown, at_floor, "{} {}", row.unit, row.month);
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
}
