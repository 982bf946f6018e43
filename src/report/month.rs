//! Calendar months as reports name them (`YYYY-MM`): parsing, stepping and day bounds.
//! Pure: no clock reads here; the caller says which month is "now".

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};

use crate::domain::text::sanitize;

/// One calendar month. Ordered by time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    /// 1 to 12.
    month: u32,
}

impl Month {
    /// Parses `YYYY-MM` strictly, with a message that says what was expected.
    pub fn parse(text: &str) -> Result<Self, String> {
        let trimmed = text.trim();
        let well_formed = trimmed.len() == 7
            && trimmed.chars().enumerate().all(
                |(i, c)| {
                    if i == 4 { c == '-' } else { c.is_ascii_digit() }
                },
            );
        let parsed = well_formed
            .then(|| Some((trimmed[..4].parse().ok()?, trimmed[5..].parse().ok()?)))
            .flatten();
        match parsed {
            Some((year, month)) if year >= 1 && (1..=12).contains(&month) => {
                Ok(Self { year, month })
            }
            _ => Err(format!(
                "'{}' is not a month; use YYYY-MM, for example 2026-06",
                sanitize(trimmed)
            )),
        }
    }

    /// The month `date` falls in.
    pub fn of(date: NaiveDate) -> Self {
        Self {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                month: self.month + 1,
                ..self
            }
        }
    }

    /// The month `n` months earlier.
    pub fn back(self, n: u32) -> Self {
        let index = self.index() - i64::from(n);
        Self {
            year: index.div_euclid(12) as i32,
            month: index.rem_euclid(12) as u32 + 1,
        }
    }

    /// Months counted from year 0, so that differences are month counts.
    fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    /// How many months from `self` to `last`, both included (0 if `last` is earlier).
    pub fn span_to(self, last: Month) -> u32 {
        u32::try_from(last.index() - self.index() + 1).unwrap_or(0)
    }

    /// Every month from `self` to `last`, both included, oldest first.
    pub fn through(self, last: Month) -> impl Iterator<Item = Month> {
        std::iter::successors(Some(self), |m| Some(m.next())).take(self.span_to(last) as usize)
    }

    /// The first day of the month.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(text: &str) -> Month {
        Month::parse(text).unwrap()
    }

    #[test]
    fn months_parse_strictly() {
        assert_eq!(m(" 2026-06 ").to_string(), "2026-06");
        for bad in [
            "2026-6",
            "2026-13",
            "2026-00",
            "26-06",
            "2026/06",
            "2026-06-01",
            "",
        ] {
            let e = Month::parse(bad).unwrap_err();
            assert!(e.contains("YYYY-MM"), "{bad}: {e}");
        }
        assert!(
            Month::parse("2026-0\u{1b}")
                .unwrap_err()
                .contains('\u{241b}')
        );
    }

    #[test]
    fn months_step_across_years() {
        assert_eq!(m("2025-12").next(), m("2026-01"));
        assert_eq!(m("2026-03").back(3), m("2025-12"));
        assert_eq!(m("2026-03").back(15), m("2024-12"));
        assert_eq!(m("2026-11").back(11), m("2025-12"));
        assert_eq!(
            Month::of(NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()),
            m("2026-02")
        );
        assert_eq!(m("2024-02").first_day().to_string(), "2024-02-01");
    }

    #[test]
    fn through_lists_every_month_both_ends_included() {
        let listed: Vec<String> = m("2025-11")
            .through(m("2026-02"))
            .map(|x| x.to_string())
            .collect();
        assert_eq!(listed, ["2025-11", "2025-12", "2026-01", "2026-02"]);
        assert_eq!(m("2026-02").span_to(m("2026-02")), 1);
        assert_eq!(m("2026-03").span_to(m("2026-02")), 0);
        assert_eq!(m("2026-03").through(m("2026-02")).count(), 0);
    }
}
