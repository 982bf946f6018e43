//! Referrals: the lifecycle `proposed → accepted → contacted → in_progress → closed`
//! (or `withdrawn`), consent, and the coordinator queue's order. Pure.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::text::sanitize;

macro_rules! word_enum {
    ($name:ident, $what:literal, { $($variant:ident => $text:literal),+ $(,)? }) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == s.trim())
                    .ok_or_else(|| {
                        let known: Vec<&str> = $name::ALL.iter().map(|v| v.as_str()).collect();
                        format!("'{}' is not {} ({})", sanitize(s), $what, known.join(", "))
                    })
            }
        }
    };
}

word_enum!(Status, "a referral status", {
    Proposed => "proposed",
    Accepted => "accepted",
    Contacted => "contacted",
    InProgress => "in_progress",
    Closed => "closed",
    Withdrawn => "withdrawn",
});

word_enum!(Outcome, "an outcome", {
    Completed => "completed",
    Declined => "declined",
    NoShow => "no_show",
    NotNeeded => "not_needed",
});

word_enum!(Consent, "a consent state", {
    Given => "given",
    Pending => "pending",
    Refused => "refused",
});

word_enum!(Urgency, "an urgency", {
    Routine => "routine",
    Soon => "soon",
    Urgent => "urgent",
});

impl Status {
    /// The statuses a referral may move to from this one.
    pub fn next(self) -> &'static [Status] {
        use Status::*;
        match self {
            Proposed => &[Accepted, Withdrawn],
            Accepted => &[Contacted, Closed, Withdrawn],
            Contacted => &[InProgress, Closed, Withdrawn],
            InProgress => &[Closed, Withdrawn],
            Closed | Withdrawn => &[],
        }
    }

    pub fn is_open(self) -> bool {
        !matches!(self, Status::Closed | Status::Withdrawn)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Referral {
    pub id: i64,
    pub employee_id: String,
    pub resource_id: String,
    pub created_by: String,
    pub created_on: NaiveDate,
    pub consent: Consent,
    pub status: Status,
    pub outcome: Option<Outcome>,
    pub urgency: Urgency,
    pub reason: String,
    pub self_referral: bool,
    pub updated_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReferralEvent {
    pub referral_id: i64,
    pub on_date: NaiveDate,
    pub actor: String,
    pub status: Status,
    pub consent: Consent,
    pub outcome: Option<Outcome>,
    pub note: String,
}

/// A requested change to a referral.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Change {
    pub status: Option<Status>,
    pub outcome: Option<Outcome>,
    pub consent: Option<Consent>,
}

/// Applies `change` to `referral` as of `on`, or explains what is allowed instead.
/// Consent must be given before a referral is accepted (it is never forwarded
/// without it); closing needs an outcome, and only closing takes one.
pub fn apply(referral: &Referral, change: &Change, on: NaiveDate) -> Result<Referral, String> {
    if change.status.is_none() && change.consent.is_none() {
        return Err("nothing to change: give --status or --consent".into());
    }
    if on < referral.updated_on {
        return Err(format!(
            "{on} is before the referral's last change ({})",
            referral.updated_on
        ));
    }
    let mut next = referral.clone();
    next.updated_on = on;
    if let Some(consent) = change.consent {
        if !referral.status.is_open() {
            return Err(format!(
                "referral {} is {}; it cannot change",
                referral.id, referral.status
            ));
        }
        next.consent = consent;
    }
    match change.status {
        None if change.outcome.is_some() => {
            return Err("an outcome goes with --status closed".into());
        }
        None => {}
        Some(status) => {
            let allowed = referral.status.next();
            if !allowed.contains(&status) {
                let allowed_text = if allowed.is_empty() {
                    "none: it is finished".to_string()
                } else {
                    allowed
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                return Err(format!(
                    "referral {} is {} and cannot become {status}; allowed: {allowed_text}",
                    referral.id, referral.status
                ));
            }
            if status == Status::Accepted && next.consent != Consent::Given {
                return Err(format!(
                    "referral {} cannot be accepted without the employee's consent (consent is {})",
                    referral.id, next.consent
                ));
            }
            match (status, change.outcome) {
                (Status::Closed, None) => {
                    return Err(
                        "closing needs --outcome completed, declined, no_show or not_needed".into(),
                    );
                }
                (Status::Closed, Some(outcome)) => {
                    next.outcome = Some(outcome);
                    next.closed_on = Some(on);
                }
                (Status::Withdrawn, None) => next.closed_on = Some(on),
                (_, Some(_)) => return Err("only closing takes an outcome".into()),
                (_, None) => {}
            }
            next.status = status;
        }
    }
    Ok(next)
}

/// Days a consented referral may wait unreviewed before the queue marks it overdue.
pub const UNREVIEWED_DAYS: i64 = 5;
/// Days without an event before an active referral is marked stalled.
pub const STALLED_DAYS: i64 = 21;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueMark {
    /// Waiting for the employee's consent: never forwarded, not ready.
    NotReady,
    Overdue,
    Stalled,
    OnTrack,
}

/// Where a referral stands in the coordinator's queue on `today`.
pub fn queue_mark(referral: &Referral, last_event: NaiveDate, today: NaiveDate) -> QueueMark {
    if referral.consent != Consent::Given {
        return QueueMark::NotReady;
    }
    match referral.status {
        Status::Proposed if (today - referral.created_on).num_days() > UNREVIEWED_DAYS => {
            QueueMark::Overdue
        }
        Status::Accepted | Status::Contacted | Status::InProgress
            if (today - last_event).num_days() > STALLED_DAYS =>
        {
            QueueMark::Stalled
        }
        _ => QueueMark::OnTrack,
    }
}

/// The queue's order: ready before not ready, then urgent first, then oldest first.
pub fn queue_order(a: (&Referral, QueueMark), b: (&Referral, QueueMark)) -> std::cmp::Ordering {
    let ready = |m: QueueMark| m == QueueMark::NotReady;
    ready(a.1)
        .cmp(&ready(b.1))
        .then_with(|| b.0.urgency.cmp(&a.0.urgency))
        .then_with(|| a.0.created_on.cmp(&b.0.created_on))
        .then_with(|| a.0.id.cmp(&b.0.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: &str) -> NaiveDate {
        crate::domain::dates::parse_date(d).unwrap()
    }

    fn referral(status: Status, consent: Consent) -> Referral {
        Referral {
            id: 1,
            employee_id: "E1".into(),
            resource_id: "eap".into(),
            created_by: "sup".into(),
            created_on: day("2026-06-01"),
            consent,
            status,
            outcome: None,
            urgency: Urgency::Routine,
            reason: String::new(),
            self_referral: false,
            updated_on: day("2026-06-01"),
            closed_on: None,
        }
    }

    fn to(status: Status) -> Change {
        Change {
            status: Some(status),
            outcome: (status == Status::Closed).then_some(Outcome::Completed),
            consent: None,
        }
    }

    #[test]
    fn every_legal_transition_works_and_every_other_is_refused() {
        let on = day("2026-06-02");
        for &from in Status::ALL {
            for &target in Status::ALL {
                let result = apply(&referral(from, Consent::Given), &to(target), on);
                if from.next().contains(&target) {
                    let next = result.unwrap();
                    assert_eq!(next.status, target);
                } else {
                    let message = result.unwrap_err();
                    assert!(message.contains("allowed"), "{from} → {target}: {message}");
                }
            }
        }
    }

    #[test]
    fn refusals_name_the_allowed_moves() {
        let message = apply(
            &referral(Status::Proposed, Consent::Given),
            &to(Status::Closed),
            day("2026-06-02"),
        )
        .unwrap_err();
        assert_eq!(
            message,
            "referral 1 is proposed and cannot become closed; allowed: accepted, withdrawn"
        );
    }

    #[test]
    fn no_consent_no_acceptance() {
        for consent in [Consent::Pending, Consent::Refused] {
            let message = apply(
                &referral(Status::Proposed, consent),
                &to(Status::Accepted),
                day("2026-06-02"),
            )
            .unwrap_err();
            assert!(message.contains("without the employee's consent"));
        }
        let consented = Change {
            consent: Some(Consent::Given),
            ..to(Status::Accepted)
        };
        assert!(
            apply(
                &referral(Status::Proposed, Consent::Pending),
                &consented,
                day("2026-06-02")
            )
            .is_ok()
        );
    }

    #[test]
    fn closing_needs_an_outcome_and_records_the_day() {
        let r = referral(Status::InProgress, Consent::Given);
        let bare = Change {
            status: Some(Status::Closed),
            ..Change::default()
        };
        assert!(
            apply(&r, &bare, day("2026-06-09"))
                .unwrap_err()
                .contains("--outcome")
        );
        let closed = apply(&r, &to(Status::Closed), day("2026-06-09")).unwrap();
        assert_eq!(closed.closed_on, Some(day("2026-06-09")));
        assert_eq!(closed.outcome, Some(Outcome::Completed));
        let early = apply(&r, &to(Status::Closed), day("2026-05-01")).unwrap_err();
        assert!(early.contains("before the referral's last change"));
    }

    #[test]
    fn the_queue_marks_overdue_stalled_and_not_ready() {
        let proposed = referral(Status::Proposed, Consent::Given);
        assert_eq!(
            queue_mark(&proposed, day("2026-06-01"), day("2026-06-06")),
            QueueMark::OnTrack
        );
        assert_eq!(
            queue_mark(&proposed, day("2026-06-01"), day("2026-06-07")),
            QueueMark::Overdue
        );
        let pending = referral(Status::Proposed, Consent::Pending);
        assert_eq!(
            queue_mark(&pending, day("2026-06-01"), day("2026-07-30")),
            QueueMark::NotReady
        );
        let contacted = referral(Status::Contacted, Consent::Given);
        assert_eq!(
            queue_mark(&contacted, day("2026-06-01"), day("2026-06-22")),
            QueueMark::OnTrack
        );
        assert_eq!(
            queue_mark(&contacted, day("2026-06-01"), day("2026-06-23")),
            QueueMark::Stalled
        );
    }

    #[test]
    fn the_queue_puts_ready_urgent_old_first() {
        let mut urgent = referral(Status::Proposed, Consent::Given);
        urgent.urgency = Urgency::Urgent;
        urgent.created_on = day("2026-06-05");
        let old = referral(Status::Proposed, Consent::Given);
        let pending = referral(Status::Proposed, Consent::Pending);
        let mut items = [
            (&pending, QueueMark::NotReady),
            (&old, QueueMark::OnTrack),
            (&urgent, QueueMark::OnTrack),
        ];
        items.sort_by(|a, b| queue_order(*a, *b));
        assert_eq!(items[0].0.urgency, Urgency::Urgent);
        assert_eq!(items[1].0.created_on, day("2026-06-01"));
        assert_eq!(items[2].1, QueueMark::NotReady);
    }
}
