//! Prompts: what the rules raise for the people who can help, and their lifecycle
//! (open → acknowledged or snoozed → resolved when the condition no longer holds).

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::Serialize;

use crate::rules::{Evidence, Severity};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PromptState {
    Open,
    Acknowledged,
    Snoozed,
    Resolved,
}

impl PromptState {
    pub fn as_str(self) -> &'static str {
        match self {
            PromptState::Open => "open",
            PromptState::Acknowledged => "acknowledged",
            PromptState::Snoozed => "snoozed",
            PromptState::Resolved => "resolved",
        }
    }
}

impl fmt::Display for PromptState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PromptState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "open" => Ok(PromptState::Open),
            "acknowledged" => Ok(PromptState::Acknowledged),
            "snoozed" => Ok(PromptState::Snoozed),
            "resolved" => Ok(PromptState::Resolved),
            other => Err(format!("unknown prompt state '{other}'")),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Prompt {
    pub id: i64,
    pub rule: String,
    pub employee_id: String,
    pub severity: Severity,
    pub state: PromptState,
    pub opened_on: NaiveDate,
    pub resolved_on: Option<NaiveDate>,
    pub snooze_until: Option<NaiveDate>,
    pub explanation: String,
    pub evidence: Vec<Evidence>,
    pub audience: Vec<String>,
    pub suggest: Vec<String>,
}

impl Prompt {
    /// The state a person sees on `as_of`: a snooze that has ended shows as open again.
    pub fn state_on(&self, as_of: NaiveDate) -> PromptState {
        match (self.state, self.snooze_until) {
            (PromptState::Snoozed, Some(until)) if until <= as_of => PromptState::Open,
            (state, _) => state,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PromptEvent {
    pub prompt_id: i64,
    pub on_date: NaiveDate,
    pub actor: String,
    pub state: PromptState,
    pub note: String,
}

/// The list order: most severe first, then the oldest.
pub fn attention_order(a: &Prompt, b: &Prompt) -> std::cmp::Ordering {
    b.severity
        .cmp(&a.severity)
        .then_with(|| a.opened_on.cmp(&b.opened_on))
        .then_with(|| a.id.cmp(&b.id))
}
