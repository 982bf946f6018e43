//! Early-intervention rules as data (`assets/rules.toml`): parsing with line-numbered
//! errors, and pure evaluation of one person's history as of a date. No I/O, no SQL.

mod eval;
mod parse;

pub use eval::{
    CheckinFacts, Evidence, Firing, History, ReferralFacts, SelfCheckFacts, evaluate, evaluate_own,
};
pub use parse::{RuleError, parse};

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
    Latest {
        at_most: u8,
    },
    Decline {
        ratings: usize,
    },
    /// No check-in for more than `more_than_days`.
    Absent {
        more_than_days: i64,
    },
    /// A flag of `category` at least `at_least_days` ago with no check-in after it within `days`.
    AbsentAfter {
        category: String,
        at_least_days: i64,
        days: i64,
    },
    ReferralStale {
        statuses: Vec<Status>,
        consent: Option<Consent>,
        since: Since,
        more_than_days: i64,
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
    /// `{value}` is replaced by the figure that fired the rule.
    pub explain: String,
    pub when: Condition,
    pub escalate: Option<(Severity, Condition)>,
    /// 1-based line of the rule in its file, for messages.
    pub line: usize,
}

impl Rule {
    pub fn explanation(&self, value: i64) -> String {
        self.explain.replace("{value}", &value.to_string())
    }

    /// Rules for the person alone are evaluated only in their own session.
    pub fn is_private(&self) -> bool {
        self.audience == [Audience::OwnSession]
    }
}

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
