//! Early-intervention rules as data (`assets/rules.toml`): parsing with line-numbered
//! errors, and pure evaluation of one person's history as of a date. No I/O, no SQL.

mod eval;
mod next_change;
mod parse;
#[cfg(test)]
mod testing;
mod verify;

pub use eval::{
    CheckinFacts, Evidence, Firing, History, ReferralFacts, ReferralStep, SelfCheckFacts, evaluate,
    evaluate_own,
};
pub use next_change::{Evaluation, evaluate_until};
pub use parse::{RuleError, parse};
pub use verify::verify;

use serde::Serialize;

use crate::domain::referral::{Consent, Status};
use crate::domain::stressors::Severity as StressorSeverity;

/// The rules a new vault uses, unless a file overrides them.
pub const DEFAULT_RULES: &str = include_str!("../../assets/rules.toml");

/// A prompt's severity, in increasing order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Attention,
    Urgent,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Attention => "attention",
            Severity::Urgent => "urgent",
        }
    }

    /// A symbol that carries the severity without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            Severity::Info => "·",
            Severity::Attention => "◆",
            Severity::Urgent => "●",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "info" => Some(Severity::Info),
            "attention" => Some(Severity::Attention),
            "urgent" => Some(Severity::Urgent),
            _ => None,
        }
    }
}

/// Who a prompt is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    SupervisorChain,
    Mentor,
    Coordinator,
    /// Only the person themself, in their own session; never stored.
    OwnSession,
}

impl Audience {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "supervisor_chain" => Some(Audience::SupervisorChain),
            "mentor" => Some(Audience::Mentor),
            "coordinator" => Some(Audience::Coordinator),
            "self" => Some(Audience::OwnSession),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventKind {
    Checkin,
    Stressor {
        /// A category id or a whole group.
        category: Option<String>,
        severity: Option<StressorSeverity>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Since {
    Created,
    LastEvent,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Count {
        event: EventKind,
        within_days: i64,
        at_least: usize,
    },
    /// The last `last` wellbeing ratings are all at most `at_most`, and all fall within
    /// the `within_days` days ending on the evaluation date.
    Latest {
        at_most: u8,
        last: usize,
        within_days: i64,
    },
    /// The last `ratings` ratings, all within `within_days`, fall at each step and by at
    /// least `min_drop` points in all.
    Decline {
        ratings: usize,
        within_days: i64,
        min_drop: u8,
    },
    /// The latest rating, within `within_days`, is at least `by` points below the person's
    /// usual: the median of their ratings in the `usual_days` before that day (at least
    /// three of them).
    BelowUsual {
        /// In tenths of a point (15: one and a half points).
        by_tenths: i64,
        within_days: i64,
        usual_days: i64,
    },
    /// The latest check-in is within `within_days` but more than `more_than_days` old.
    Absent {
        more_than_days: i64,
        within_days: i64,
    },
    /// A flag of `category` within `within_days`, more than `more_than_days` old, with no
    /// check-in on any later day.
    AbsentAfter {
        category: String,
        more_than_days: i64,
        within_days: i64,
    },
    ReferralStale {
        statuses: Vec<Status>,
        consent: Option<Consent>,
        since: Since,
        more_than_days: i64,
        /// Only referrals made within this many days count.
        within_days: i64,
    },
    /// The person's last `last` self-checks with `instrument` all scored at or below
    /// `percent_at_most`. Only in rules for the person alone: self-checks are sealed to them.
    SelfCheck {
        instrument: String,
        last: usize,
        percent_at_most: u32,
    },
}

impl Condition {
    /// Whether this condition reads sealed self-checks anywhere inside it.
    pub fn reads_self_checks(&self) -> bool {
        match self {
            Condition::All(items) | Condition::Any(items) => {
                items.iter().any(Condition::reads_self_checks)
            }
            Condition::SelfCheck { .. } => true,
            _ => false,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub audience: Vec<Audience>,
    pub suggest: Vec<String>,
    /// `{value}` is replaced by the figure that fired the rule, `{date}` by the date its
    /// evidence starts, `{days}` by the days since then, `{count}` by the records counted
    /// and `{usual}` by the person's usual rating (`below_usual`).
    pub explain: String,
    pub when: Condition,
    pub escalate: Option<(Severity, Condition)>,
    /// 1-based line of the rule in its file, for messages.
    pub line: usize,
}

impl Rule {
    /// The rule's sentence with its figures filled in, as of `as_of`. Figures kept from an
    /// earlier day make the same sentence as fresh ones: their day counts are counted again.
    pub fn explanation(&self, figures: &Figures, as_of: chrono::NaiveDate) -> String {
        let figures = figures.on(as_of);
        let days = (as_of - figures.date).num_days();
        let ago = match days {
            0 => "today".to_string(),
            1 => "1 day ago".to_string(),
            n => format!("{n} days ago"),
        };
        self.explain
            .replace("{days} days ago", &ago)
            .replace("{value}", &figures.value.to_string())
            .replace("{usual}", &usual_text(figures.usual_tenths))
            .replace("{count}", &figures.count.to_string())
            .replace("{date}", &figures.date.format("%d %b %Y").to_string())
            .replace("{days}", &(as_of - figures.date).num_days().to_string())
    }

    /// Rules for the person alone are evaluated only in their own session.
    pub fn is_private(&self) -> bool {
        self.audience == [Audience::OwnSession]
    }
}

/// The figures a firing rule's sentence is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Figures {
    pub value: i64,
    pub count: usize,
    pub date: chrono::NaiveDate,
    /// A person's usual rating in tenths (`below_usual`), else 0.
    pub usual_tenths: i64,
    /// Where `value` is an age in days (an absence, a referral's wait), the day it counts
    /// from: it grows by one a day while everything else stays.
    pub value_since: Option<chrono::NaiveDate>,
}

impl Figures {
    /// The same figures as of `as_of`: an age counted to that day.
    pub fn on(&self, as_of: chrono::NaiveDate) -> Figures {
        Figures {
            value: self
                .value_since
                .map_or(self.value, |since| (as_of - since).num_days()),
            ..*self
        }
    }

    /// Whether two sets of figures say the same whatever day each was made on.
    pub fn same_any_day(&self, other: &Figures) -> bool {
        let fixed = |f: &Figures| {
            (
                f.value_since.is_none().then_some(f.value),
                f.count,
                f.date,
                f.usual_tenths,
                f.value_since,
            )
        };
        fixed(self) == fixed(other)
    }
}

/// "4", "3.5": a usual rating as people say it.
fn usual_text(tenths: i64) -> String {
    if tenths % 10 == 0 {
        (tenths / 10).to_string()
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// The median of some ratings, in tenths (the mean of the middle two for an even count).
pub fn median_tenths(ratings: &mut [u8]) -> Option<i64> {
    ratings.sort_unstable();
    let n = ratings.len();
    let mid = |i: usize| i64::from(ratings[i]) * 10;
    match n {
        0 => None,
        n if n % 2 == 1 => Some(mid(n / 2)),
        n => Some((mid(n / 2 - 1) + mid(n / 2)) / 2),
    }
}

/// The fewest earlier ratings a `below_usual` condition needs to speak of someone's usual.
pub const USUAL_MIN_RATINGS: usize = 3;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
}

impl RuleSet {
    pub fn builtin() -> Result<Self, Vec<RuleError>> {
        parse(DEFAULT_RULES, &parse::Known::builtin())
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
}

pub use parse::Known;
