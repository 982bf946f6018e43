//! Test support for the rules: random histories for the property tests (evaluation's,
//! verification's, next-change's). Compiled for tests only.

use chrono::{Duration, NaiveDate};
use rand::Rng;
use rand::rngs::StdRng;

use super::{CheckinFacts, History, ReferralFacts, ReferralStep};
use crate::domain::referral::{Consent, Status};
use crate::domain::stressors::Severity as StressorSeverity;

const CATEGORIES: &[&str] = &[
    "work.critical_incident",
    "work.workload",
    "health.sleep",
    "home.family",
    "financial.strain",
];

pub(crate) fn day(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Duration::days(n)
}

pub(crate) fn random_history(rng: &mut StdRng) -> History {
    let checkins = (0..rng.gen_range(0..14))
        .map(|i| CheckinFacts {
            id: i + 1,
            on: day(rng.gen_range(0..240)),
            wellbeing: rng.gen_range(1..=5),
            stressors: CATEGORIES
                .iter()
                .filter_map(|c| {
                    let severity = [
                        StressorSeverity::Low,
                        StressorSeverity::Moderate,
                        StressorSeverity::High,
                    ][rng.gen_range(0..3)];
                    rng.gen_bool(0.15).then(|| (c.to_string(), severity))
                })
                .collect(),
        })
        .collect();
    let referrals = (0..rng.gen_range(0..3))
        .map(|i| {
            let created = rng.gen_range(0..240);
            let mut steps = vec![ReferralStep {
                on: day(created),
                status: Status::Proposed,
                consent: if rng.gen_bool(0.7) {
                    Consent::Given
                } else {
                    Consent::Pending
                },
            }];
            let mut at = created;
            for status in [Status::Accepted, Status::Contacted, Status::Closed] {
                if rng.gen_bool(0.5) {
                    break;
                }
                at += rng.gen_range(1..40);
                steps.push(ReferralStep {
                    on: day(at),
                    status,
                    consent: Consent::Given,
                });
            }
            ReferralFacts {
                id: 100 + i,
                created_on: day(created),
                steps,
            }
        })
        .collect();
    History {
        checkins,
        referrals,
        self_checks: Vec::new(),
    }
}
