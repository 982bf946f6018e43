//! The engagement report: one row per unit × month and an `all` row per month, built from
//! counts the store computed, with suppression applied; and its CSV, readme and JSON forms.
//! Pure: it never sees a person, and a suppressed figure never leaves `build`.

use std::borrow::Cow;
use std::sync::Arc;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::csv::CsvText;
use super::month::Month;
use super::suppress::MinGroup;

mod build;

pub use build::{build, build_at_least};

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

/// A figure column of the report (the columns after `unit` and `month`). A stressor
/// column carries its category id, a band column its `instrument.band`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column<'a> {
    Headcount,
    CheckedIn,
    Coverage,
    Stressor(&'a str),
    Opened,
    Closed,
    MedianDaysToAccept,
    Band(&'a str),
}

impl<'a> Column<'a> {
    /// The column's name: its CSV header cell and its JSON key.
    pub fn name(self) -> Cow<'a, str> {
        match self {
            Column::Headcount => HEADCOUNT.into(),
            Column::CheckedIn => CHECKED_IN.into(),
            Column::Coverage => COVERAGE.into(),
            Column::Stressor(category) => category.into(),
            Column::Opened => OPENED.into(),
            Column::Closed => CLOSED.into(),
            Column::MedianDaysToAccept => MEDIAN_ACCEPT.into(),
            Column::Band(band) => format!("{BAND_PREFIX}{band}").into(),
        }
    }

    /// What the column counts, in a sentence, for the readme.
    pub fn meaning(self) -> String {
        match self {
            Column::Headcount => {
                "people active on the roster today in this unit (the same in every month)".into()
            }
            Column::CheckedIn => "people with at least one check-in in the month".into(),
            Column::Coverage => format!("{CHECKED_IN} as a whole percentage of {HEADCOUNT}"),
            Column::Stressor(category) => {
                format!("people flagged with the stressor {category} in the month")
            }
            Column::Opened => "referrals opened in the month".into(),
            Column::Closed => "referrals closed in the month".into(),
            Column::MedianDaysToAccept => {
                "the median number of days from opening to first acceptance, over the referrals first accepted in the month".into()
            }
            Column::Band(band) => match band.split_once('.') {
                Some((instrument, band)) => format!(
                    "anonymous {instrument} self-checks contributed in the unit in the month whose score fell in the band {band}"
                ),
                None => format!(
                    "anonymous self-checks contributed in the unit in the month whose score fell in the band {band}"
                ),
            },
        }
    }
}

/// The key of a stressor or band figure: a category id or an `instrument.band`, shared by
/// every row of a report (one allocation per column, not per cell).
pub type FigureKey = Arc<str>;

/// One row: a unit (or [`TOTAL_UNIT`]) in one month, and its figures.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportRow {
    pub unit: String,
    pub month: Month,
    pub is_total: bool,
    pub headcount: Figure,
    pub checked_in: Figure,
    /// `checked_in` as a whole percentage of `headcount`.
    pub coverage: Figure,
    /// People flagged with each stressor category, by category id, in the spec's order.
    pub stressors: Vec<(FigureKey, Figure)>,
    pub opened: Figure,
    pub closed: Figure,
    pub median_days_to_accept: Figure,
    /// Anonymous self-check contributions, by `instrument.band`, in the spec's order.
    pub bands: Vec<(FigureKey, Figure)>,
}

impl ReportRow {
    /// Every figure with its column, in the report's column order: the one list that the
    /// CSV header and cells, the JSON keys and the readme are all written from.
    pub fn fields(&self) -> impl Iterator<Item = (Column<'_>, Figure)> {
        [
            (Column::Headcount, self.headcount),
            (Column::CheckedIn, self.checked_in),
            (Column::Coverage, self.coverage),
        ]
        .into_iter()
        .chain(
            self.stressors
                .iter()
                .map(|(category, figure)| (Column::Stressor(category), *figure)),
        )
        .chain([
            (Column::Opened, self.opened),
            (Column::Closed, self.closed),
            (Column::MedianDaysToAccept, self.median_days_to_accept),
        ])
        .chain(
            self.bands
                .iter()
                .map(|(band, figure)| (Column::Band(band), *figure)),
        )
    }

    /// Every figure, to change in place. Only ever zipped with another row's, so its order
    /// need only be the same from row to row.
    fn figures_mut(&mut self) -> impl Iterator<Item = &mut Figure> {
        let ReportRow {
            headcount,
            checked_in,
            coverage,
            stressors,
            opened,
            closed,
            median_days_to_accept,
            bands,
            ..
        } = self;
        [headcount, checked_in, coverage]
            .into_iter()
            .chain(stressors.iter_mut().map(|(_, figure)| figure))
            .chain([opened, closed, median_days_to_accept])
            .chain(bands.iter_mut().map(|(_, figure)| figure))
    }

    /// Whether the whole row is hidden (its headcount is below k).
    pub fn is_hidden(&self) -> bool {
        self.fields().all(|(_, f)| f == Figure::Suppressed)
    }
}

/// The engagement report as it may be shown: suppressed figures are already gone.
#[derive(Clone, Debug, PartialEq)]
pub struct EngagementReport {
    pub from: Month,
    pub to: Month,
    pub k: MinGroup,
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

/// What the `unit` column holds, for the readme.
fn unit_meaning() -> String {
    format!(
        "the unit; `{TOTAL_UNIT}` is the total over every unit you may report on, whichever units were asked for"
    )
}

/// What the `month` column holds, for the readme.
const MONTH_MEANING: &str = "the calendar month, YYYY-MM";

impl EngagementReport {
    /// The figure columns, in order (after `unit` and `month`): those of its rows, which
    /// [`build`] gives the same columns. A report of no months has no rows and no columns.
    pub fn columns(&self) -> Vec<Column<'_>> {
        self.rows.first().map_or_else(Vec::new, |row| {
            row.fields().map(|(column, _)| column).collect()
        })
    }

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
        header.extend(self.columns().into_iter().map(|c| c.name().into_owned()));
        csv.record(&header)?;
        for row in &self.rows {
            let mut record = vec![row.unit.clone(), row.month.to_string()];
            record.extend(row.fields().map(|(_, figure)| figure.text()));
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
        text.push_str(&format!("- unit: {}\n", unit_meaning()));
        text.push_str(&format!("- month: {MONTH_MEANING}\n"));
        for column in self.columns() {
            text.push_str(&format!("- {}: {}\n", column.name(), column.meaning()));
        }
        text.push_str(&format!(
            "\nSuppression: {}.\n\nWhat is counted: {BASIS}.\n",
            suppression_rule(self.k)
        ));
        text
    }
}

/// JSON: metadata (k, the rule, what is counted), then the rows; a suppressed figure is
/// `null` and named in the row's `suppressed` list.
impl Serialize for EngagementReport {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let columns: Vec<Cow<'_, str>> = self.columns().into_iter().map(Column::name).collect();
        let mut map = serializer.serialize_map(Some(8))?;
        map.serialize_entry("report", "engagement")?;
        map.serialize_entry("from", &self.from)?;
        map.serialize_entry("to", &self.to)?;
        map.serialize_entry("k", &self.k.get())?;
        map.serialize_entry("suppression", &suppression_rule(self.k))?;
        map.serialize_entry("basis", BASIS)?;
        map.serialize_entry("columns", &columns)?;
        map.serialize_entry("rows", &RowsJson(&self.rows))?;
        map.end()
    }
}

struct RowsJson<'a>(&'a [ReportRow]);

impl Serialize for RowsJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for row in self.0 {
            seq.serialize_element(&RowJson(row))?;
        }
        seq.end()
    }
}

struct RowJson<'a>(&'a ReportRow);

impl Serialize for RowJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let row = self.0;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("unit", &row.unit)?;
        map.serialize_entry("month", &row.month)?;
        let mut suppressed = Vec::new();
        for (column, figure) in row.fields() {
            let key = column.name();
            match figure {
                Figure::Count(n) => map.serialize_entry(&key, &n)?,
                Figure::Days(d) => map.serialize_entry(&key, &d)?,
                Figure::Empty => map.serialize_entry(&key, &())?,
                Figure::Suppressed => {
                    map.serialize_entry(&key, &())?;
                    suppressed.push(key);
                }
            }
        }
        map.serialize_entry("suppressed", &suppressed)?;
        map.end()
    }
}

#[cfg(test)]
#[path = "engagement_tests.rs"]
mod tests;
