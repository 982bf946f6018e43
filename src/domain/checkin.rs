//! Check-ins: what a supervisor or mentor records after a conversation, and who may
//! read its notes. Pure validation and visibility rules; storage is the store's.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::stressors::StressorFlag;
use super::text::sanitize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckinKind {
    Supervisor,
    Mentoring,
}

impl CheckinKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckinKind::Supervisor => "supervisor",
            CheckinKind::Mentoring => "mentoring",
        }
    }
}

impl FromStr for CheckinKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "supervisor" => Ok(CheckinKind::Supervisor),
            "mentoring" => Ok(CheckinKind::Mentoring),
            other => Err(format!("unknown check-in kind '{}'", sanitize(other))),
        }
    }
}

/// Who besides the author and the employee may read a check-in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// The employee's supervisors up the chain of command.
    Chain,
    /// No one else.
    Private,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Chain => "chain",
            Visibility::Private => "private",
        }
    }
}

impl fmt::Display for Visibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Visibility {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "chain" => Ok(Visibility::Chain),
            "private" => Ok(Visibility::Private),
            other => Err(format!(
                "'{}' is not a visibility (chain or private)",
                sanitize(other)
            )),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkin {
    pub id: i64,
    pub employee_id: String,
    pub author: String,
    pub kind: CheckinKind,
    pub occurred_on: NaiveDate,
    pub wellbeing: u8,
    pub visibility: Visibility,
    pub notes: String,
    pub follow_up_on: Option<NaiveDate>,
    pub stressors: Vec<StressorFlag>,
    pub version: i64,
    pub notes_purged_on: Option<NaiveDate>,
}

/// What an author enters; validated before anything is stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckinDraft {
    pub occurred_on: NaiveDate,
    pub wellbeing: u8,
    pub visibility: Visibility,
    pub notes: String,
    pub follow_up_on: Option<NaiveDate>,
    pub stressors: Vec<StressorFlag>,
}

/// Notes longer than this are refused rather than cut: nothing is lost silently.
pub const MAX_NOTES_CHARS: usize = 10_000;

impl CheckinDraft {
    pub fn validate(&self, today: NaiveDate) -> Result<(), String> {
        let mut problems = Vec::new();
        if !(1..=5).contains(&self.wellbeing) {
            problems.push(format!("wellbeing must be 1 to 5 (got {})", self.wellbeing));
        }
        if self.occurred_on > today {
            problems.push(format!(
                "the check-in date {} is in the future",
                self.occurred_on
            ));
        }
        if let Some(follow_up) = self.follow_up_on
            && follow_up < self.occurred_on
        {
            problems.push(format!(
                "the follow-up date {follow_up} is before the check-in ({})",
                self.occurred_on
            ));
        }
        if self.notes.chars().count() > MAX_NOTES_CHARS {
            problems.push(format!("notes are limited to {MAX_NOTES_CHARS} characters"));
        }
        let mut seen = std::collections::HashSet::new();
        for flag in &self.stressors {
            if !seen.insert(flag.category.as_str()) {
                problems.push(format!("{} is flagged twice", flag.category));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("; "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: &str) -> NaiveDate {
        crate::domain::dates::parse_date(d).unwrap()
    }

    fn draft() -> CheckinDraft {
        CheckinDraft {
            occurred_on: day("2026-06-30"),
            wellbeing: 3,
            visibility: Visibility::Chain,
            notes: String::new(),
            follow_up_on: None,
            stressors: Vec::new(),
        }
    }

    #[test]
    fn a_plain_draft_is_valid() {
        assert!(draft().validate(day("2026-06-30")).is_ok());
    }

    #[test]
    fn every_problem_is_named() {
        let mut d = draft();
        d.wellbeing = 6;
        d.occurred_on = day("2026-07-02");
        d.follow_up_on = Some(day("2026-07-01"));
        let flag = StressorFlag {
            category: "health.sleep".into(),
            severity: crate::domain::stressors::Severity::Low,
        };
        d.stressors = vec![flag.clone(), flag];
        let problems = d.validate(day("2026-06-30")).unwrap_err();
        for expected in [
            "wellbeing must be 1 to 5",
            "in the future",
            "before the check-in",
            "flagged twice",
        ] {
            assert!(problems.contains(expected), "{problems}");
        }
    }
}
