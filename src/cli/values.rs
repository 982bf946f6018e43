//! Domain values as the command line types and prints them: dates and stressor flags.
//! Bad input fails as invalid (exit 5) before a vault is opened; nothing here decides policy.

use chrono::NaiveDate;

use super::output::Failure;
use crate::domain::dates::{parse_date, today};
use crate::domain::stressors::{StressorCatalog, StressorFlag, parse_flag};

/// `--date`/`--as-of`: the day given, or today on this machine's calendar.
pub(super) fn date_or_today(text: Option<&str>) -> Result<NaiveDate, Failure> {
    Ok(date(text)?.unwrap_or_else(today))
}

/// An optional date option, such as `--follow-up`.
pub(super) fn date(text: Option<&str>) -> Result<Option<NaiveDate>, Failure> {
    text.map(parse_date).transpose().map_err(Failure::invalid)
}

/// Each `--stressor CAT[:low|moderate|high]`, checked against the built-in catalog.
pub(super) fn stressor_flags(texts: &[String]) -> Result<Vec<StressorFlag>, Failure> {
    let catalog = StressorCatalog::builtin();
    texts
        .iter()
        .map(|text| parse_flag(&catalog, text).map_err(Failure::invalid))
        .collect()
}

/// `health.sleep:high, work.shifts:moderate` for a table cell; `-` for none.
pub(super) fn stressors_text(flags: &[StressorFlag]) -> String {
    if flags.is_empty() {
        return "-".into();
    }
    flags
        .iter()
        .map(|f| format!("{}:{}", f.category, f.severity))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A date for a table cell; `-` for none.
pub(super) fn date_text(date: Option<NaiveDate>) -> String {
    date.map_or_else(|| "-".into(), |d| d.to_string())
}
