//! Prompts: one per person per audience, listing the reasons (rules) that hold, raised for
//! the people who can help; and each viewer's own response to one (acknowledged, snoozed).
//! Pure: who sees what is policy's, storage is the store's.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::text::sanitize;
use crate::rules::{Evidence, Figures, Firing, Severity};

/// After an acknowledgement a prompt stays quiet for this long, unless it grows more severe
/// or new evidence arrives.
pub const ACK_COOLDOWN_DAYS: i64 = 60;

/// An urgent prompt its first viewer has not acknowledged in this many days also goes one
/// level up the chain.
pub const ESCALATE_URGENT_DAYS: i64 = 7;
/// The same for an attention prompt.
pub const ESCALATE_ATTENTION_DAYS: i64 = 21;

/// The longest snooze a prompt of `severity` may have, in days.
pub fn snooze_cap_days(severity: Severity) -> i64 {
    match severity {
        Severity::Urgent => 7,
        Severity::Attention => 30,
        Severity::Info => 60,
    }
}

/// Days an unacknowledged prompt of `severity` waits before it also goes one level up
/// (None: it never does).
pub fn escalation_days(severity: Severity) -> Option<i64> {
    match severity {
        Severity::Urgent => Some(ESCALATE_URGENT_DAYS),
        Severity::Attention => Some(ESCALATE_ATTENTION_DAYS),
        Severity::Info => None,
    }
}

/// Who a stored prompt is for.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case", tag = "audience", content = "login")]
pub enum Audience {
    /// The person's supervisor chain: the nearest supervisor with an account (one level
    /// further up once it has waited), from check-ins the chain may read.
    Chain,
    /// One mentor, from the check-ins that mentor may read.
    Mentor(String),
    /// The wellness coordinators, from referrals.
    Coordinator,
}

impl Audience {
    pub fn key(&self) -> String {
        match self {
            Audience::Chain => "chain".into(),
            Audience::Mentor(login) => format!("mentor:{login}"),
            Audience::Coordinator => "coordinator".into(),
        }
    }
}

impl fmt::Display for Audience {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key())
    }
}

impl FromStr for Audience {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "chain" => Ok(Audience::Chain),
            "coordinator" => Ok(Audience::Coordinator),
            other => match other.strip_prefix("mentor:") {
                Some(login) if !login.is_empty() => Ok(Audience::Mentor(login.to_string())),
                _ => Err(format!("unknown prompt audience '{}'", sanitize(other))),
            },
        }
    }
}

/// Whether a stored prompt still holds (open) or has stopped holding (resolved).
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

/// One rule that holds, with its sentence and the records behind it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub rule: String,
    pub severity: Severity,
    pub explanation: String,
    pub evidence: Vec<Evidence>,
    /// What the sentence is made of, so that it can be made again for another day without
    /// reading the records (None: kept by a steady that did not keep them).
    #[serde(skip)]
    pub figures: Option<Figures>,
}

impl From<Firing> for Reason {
    fn from(f: Firing) -> Self {
        Self {
            rule: f.rule,
            severity: f.severity,
            explanation: f.explanation,
            evidence: f.evidence,
            figures: Some(f.figures),
        }
    }
}

/// Most severe first, then by rule id: the order reasons are listed and stored in.
pub fn order_reasons(reasons: &mut [Reason]) {
    reasons.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.rule.cmp(&b.rule))
    });
}

/// The most severe of the reasons.
pub fn severity_of(reasons: &[Reason]) -> Option<Severity> {
    reasons.iter().map(|r| r.severity).max()
}

/// Whether two lists of reasons claim the same: the same rules at the same severities on
/// the same records with the same figures, whatever day their sentences were made on.
pub fn same_claims(a: &[Reason], b: &[Reason]) -> bool {
    let same_figures = |x: &Option<Figures>, y: &Option<Figures>| match (x, y) {
        (Some(x), Some(y)) => x.same_any_day(y),
        (None, None) => true,
        _ => false,
    };
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x.rule == y.rule
                && x.severity == y.severity
                && x.evidence == y.evidence
                && same_figures(&x.figures, &y.figures)
        })
}

/// Every record behind the reasons, once each, oldest first.
pub fn evidence_of(reasons: &[Reason]) -> Vec<Evidence> {
    let all: BTreeSet<Evidence> = reasons
        .iter()
        .flat_map(|r| r.evidence.iter().cloned())
        .collect();
    let mut all: Vec<Evidence> = all.into_iter().collect();
    all.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.cmp(b)));
    all
}

/// A stable text for one evidence item ("checkin:12"), as kept with a response.
pub fn evidence_key(e: &Evidence) -> String {
    format!("{}:{}", e.kind, e.id)
}

/// A prompt as stored: the reasons as of the last evaluation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Prompt {
    pub id: i64,
    pub employee_id: String,
    pub audience: Audience,
    pub severity: Severity,
    /// Open or resolved.
    pub state: PromptState,
    pub opened_on: NaiveDate,
    pub resolved_on: Option<NaiveDate>,
    /// The day it reached its present severity (escalation counts from here).
    pub severity_since: NaiveDate,
    pub reasons: Vec<Reason>,
    pub suggest: Vec<String>,
}

/// One step in a prompt's history (opened, resolved, a viewer's response or its undoing).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PromptEvent {
    pub prompt_id: i64,
    pub on_date: NaiveDate,
    pub actor: String,
    pub state: PromptState,
    pub note: String,
}

/// What one viewer did about a prompt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ResponseKind {
    Acknowledged,
    Snoozed,
}

impl ResponseKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ResponseKind::Acknowledged => "acknowledged",
            ResponseKind::Snoozed => "snoozed",
        }
    }
}

impl FromStr for ResponseKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "acknowledged" => Ok(ResponseKind::Acknowledged),
            "snoozed" => Ok(ResponseKind::Snoozed),
            other => Err(format!("unknown prompt response '{other}'")),
        }
    }
}

/// One viewer's acknowledgement or snooze, with what the prompt said when they gave it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Response {
    pub id: i64,
    pub prompt_id: i64,
    pub viewer: String,
    pub kind: ResponseKind,
    pub on: NaiveDate,
    pub until: Option<NaiveDate>,
    /// The severity the viewer responded to.
    pub severity: Severity,
    /// The evidence the viewer responded to (`evidence_key`s).
    pub evidence: Vec<String>,
    /// What was done, or why the snooze.
    pub note: String,
}

/// How a prompt stands for one viewer on `today`: open unless their latest response still
/// covers it. A response stops covering it when the prompt grows more severe or cites a
/// record the viewer had not seen; an acknowledgement also ends after the cooldown, a
/// snooze on its day.
pub fn viewer_state(
    severity: Severity,
    evidence: &[Evidence],
    response: Option<&Response>,
    today: NaiveDate,
) -> PromptState {
    let Some(r) = response else {
        return PromptState::Open;
    };
    let seen: BTreeSet<&str> = r.evidence.iter().map(String::as_str).collect();
    let news = evidence
        .iter()
        .any(|e| !seen.contains(evidence_key(e).as_str()));
    if severity > r.severity || news {
        return PromptState::Open;
    }
    match r.kind {
        ResponseKind::Acknowledged if today < r.on + Duration::days(ACK_COOLDOWN_DAYS) => {
            PromptState::Acknowledged
        }
        ResponseKind::Snoozed if r.until.is_some_and(|until| today < until) => PromptState::Snoozed,
        _ => PromptState::Open,
    }
}

/// Checks a snooze before it is stored: a reason, and an end within the severity's cap.
pub fn check_snooze(
    severity: Severity,
    today: NaiveDate,
    until: NaiveDate,
    reason: &str,
) -> Result<(), String> {
    if reason.trim().is_empty() {
        return Err("a snooze needs a reason (--reason), so others know why it waits".into());
    }
    if reason.chars().count() > 500 {
        return Err("the reason is limited to 500 characters".into());
    }
    if until <= today {
        return Err(format!("snooze until a day after {today}"));
    }
    let cap = snooze_cap_days(severity);
    let latest = today + Duration::days(cap);
    if until > latest {
        return Err(format!(
            "{} prompts may be snoozed for at most {cap} days: until {latest} at the latest",
            severity.as_str()
        ));
    }
    Ok(())
}

/// The list order: most severe first, then the oldest.
pub fn attention_order(
    a: (Severity, NaiveDate, i64),
    b: (Severity, NaiveDate, i64),
) -> std::cmp::Ordering {
    b.0.cmp(&a.0)
        .then_with(|| a.1.cmp(&b.1))
        .then_with(|| a.2.cmp(&b.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Duration::days(n)
    }

    fn ev(id: i64) -> Evidence {
        Evidence {
            kind: "checkin",
            id,
            date: day(0),
        }
    }

    fn response(kind: ResponseKind, on: i64, until: Option<i64>, severity: Severity) -> Response {
        Response {
            id: 1,
            prompt_id: 1,
            viewer: "s".into(),
            kind,
            on: day(on),
            until: until.map(day),
            severity,
            evidence: vec!["checkin:1".into()],
            note: "talked".into(),
        }
    }

    fn figures(value: i64, count: usize, value_since: Option<NaiveDate>) -> Figures {
        Figures {
            value,
            count,
            date: day(1),
            usual_tenths: 0,
            value_since,
        }
    }

    #[test]
    fn the_same_claims_ignore_the_day_a_sentence_was_made() {
        let reason = |explanation: &str, severity: Severity, evidence: Vec<Evidence>| Reason {
            rule: "low-wellbeing".into(),
            severity,
            explanation: explanation.into(),
            evidence,
            figures: Some(figures(2, 1, None)),
        };
        let monday = [reason("rated 2 (today)", Severity::Attention, vec![ev(1)])];
        let tuesday = [reason(
            "rated 2 (1 day ago)",
            Severity::Attention,
            vec![ev(1)],
        )];
        assert!(same_claims(&monday, &tuesday));
        assert!(!same_claims(
            &monday,
            &[reason("rated 2 (today)", Severity::Urgent, vec![ev(1)])]
        ));
        assert!(!same_claims(
            &monday,
            &[reason("rated 2 (today)", Severity::Attention, vec![ev(2)])]
        ));
        assert!(!same_claims(&monday, &[]));
        // An age counted on another day is the same claim; another count is not, nor are
        // figures a steady before them did not keep.
        let with = |figures: Option<Figures>| {
            [Reason {
                figures,
                ..monday[0].clone()
            }]
        };
        let absent_since = Some(day(1));
        assert!(same_claims(
            &with(Some(figures(30, 1, absent_since))),
            &with(Some(figures(31, 1, absent_since)))
        ));
        assert!(!same_claims(&monday, &with(Some(figures(2, 3, None)))));
        assert!(!same_claims(&monday, &with(Some(figures(3, 1, None)))));
        assert!(!same_claims(&monday, &with(None)));
    }

    #[test]
    fn an_acknowledgement_keeps_quiet_for_the_cooldown_unless_it_grows() {
        let ack = response(ResponseKind::Acknowledged, 10, None, Severity::Attention);
        let same = [ev(1)];
        assert_eq!(
            viewer_state(Severity::Attention, &same, Some(&ack), day(69)),
            PromptState::Acknowledged
        );
        assert_eq!(
            viewer_state(Severity::Attention, &same, Some(&ack), day(70)),
            PromptState::Open,
            "the cooldown has ended"
        );
        assert_eq!(
            viewer_state(Severity::Urgent, &same, Some(&ack), day(11)),
            PromptState::Open,
            "an escalation always resurfaces"
        );
        assert_eq!(
            viewer_state(Severity::Attention, &[ev(1), ev(2)], Some(&ack), day(11)),
            PromptState::Open,
            "new evidence resurfaces"
        );
        assert_eq!(
            viewer_state(Severity::Info, &same, Some(&ack), day(11)),
            PromptState::Acknowledged,
            "less severe stays quiet"
        );
        assert_eq!(
            viewer_state(Severity::Info, &same, None, day(11)),
            PromptState::Open
        );
    }

    #[test]
    fn a_snooze_ends_on_its_day() {
        let snooze = response(ResponseKind::Snoozed, 10, Some(15), Severity::Urgent);
        let same = [ev(1)];
        assert_eq!(
            viewer_state(Severity::Urgent, &same, Some(&snooze), day(14)),
            PromptState::Snoozed
        );
        assert_eq!(
            viewer_state(Severity::Urgent, &same, Some(&snooze), day(15)),
            PromptState::Open
        );
    }

    #[test]
    fn snoozes_need_a_reason_and_stay_within_their_cap() {
        let today = day(0);
        assert!(check_snooze(Severity::Urgent, today, day(7), "on leave").is_ok());
        assert!(check_snooze(Severity::Urgent, today, day(8), "on leave").is_err());
        assert!(check_snooze(Severity::Attention, today, day(30), "x").is_ok());
        assert!(check_snooze(Severity::Attention, today, day(31), "x").is_err());
        assert!(check_snooze(Severity::Info, today, day(60), "x").is_ok());
        assert!(check_snooze(Severity::Info, today, day(61), "x").is_err());
        assert!(check_snooze(Severity::Info, today, day(3), "  ").is_err());
        assert!(check_snooze(Severity::Info, today, today, "x").is_err());
        assert!(
            check_snooze(Severity::Urgent, today, day(3650), "x")
                .unwrap_err()
                .contains("at most 7 days")
        );
    }

    #[test]
    fn audiences_round_trip_through_their_keys() {
        for a in [
            Audience::Chain,
            Audience::Coordinator,
            Audience::Mentor("j.lin".into()),
        ] {
            assert_eq!(a.key().parse::<Audience>().unwrap(), a);
        }
        assert!("mentor:".parse::<Audience>().is_err());
        assert!("boss".parse::<Audience>().is_err());
    }
}
