//! Calendar dates as people type them (`YYYY-MM-DD`) and as the vault stores them.
//! Dates are plain calendar days: no time zone, no clock reads here.

use chrono::NaiveDate;

use super::text::sanitize;

/// Parses a `YYYY-MM-DD` date, with a message that says what was expected.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let trimmed = text.trim();
    let well_formed = trimmed.len() == 10
        && trimmed.chars().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !well_formed {
        return Err(format!(
            "'{}' is not a date; use YYYY-MM-DD, for example 2026-06-30",
            sanitize(trimmed)
        ));
    }
    NaiveDate::parse_from_str(trimmed, "%Y-%m-%d")
        .map_err(|_| format!("{} is not a day on the calendar", sanitize(trimmed)))
}

/// The stored form of a date.
pub fn format_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Today on this machine's calendar (the default for `--date` and `--as-of`).
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// How long something has been open, in words: "today", "1 day", "12 days".
pub fn days_open(days: i64) -> String {
    match days {
        ..=0 => "today".into(),
        1 => "1 day".into(),
        n => format!("{n} days"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_as_words() {
        assert_eq!(days_open(0), "today");
        assert_eq!(days_open(1), "1 day");
        assert_eq!(days_open(12), "12 days");
    }

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(
            parse_date(" 2026-06-30 ").unwrap(),
            NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()
        );
        assert!(parse_date("2026-6-30").unwrap_err().contains("YYYY-MM-DD"));
        assert!(parse_date("30/06/2026").is_err());
        assert!(parse_date("2026-02-30").unwrap_err().contains("not a day"));
        assert!(
            parse_date("2026-06-3\u{1b}")
                .unwrap_err()
                .contains('\u{241b}')
        );
        assert_eq!(format_date(parse_date("2024-02-29").unwrap()), "2024-02-29");
    }
}
