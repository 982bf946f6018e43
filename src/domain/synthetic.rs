//! A synthetic, plausible workforce for demos and benchmarks: units, a chain of command
//! several levels deep, names, and years of check-ins, referrals and anonymous bands.
//! Deterministic for a seed; no real person is described. Pure: plans rows, writes none.

use chrono::{Datelike, Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::referral::{Consent, Outcome, Status, Urgency};
use super::roster::RosterRow;
use super::stressors::Severity;

const GIVEN: &[&str] = &[
    "Ada", "Amir", "Ana", "Bea", "Caleb", "Carmen", "Dana", "Deshawn", "Elena", "Emeka", "Farah",
    "Felix", "Grace", "Hector", "Ines", "Ivan", "Jada", "Jonah", "Kai", "Keiko", "Leon", "Lucia",
    "Malik", "Maren", "Nadia", "Noor", "Omar", "Olga", "Priya", "Quinn", "Rafael", "Rosa", "Samir",
    "Sofia", "Tariq", "Tess", "Uma", "Victor", "Wen", "Xavier", "Yara", "Zane",
];

const FAMILY: &[&str] = &[
    "Abara",
    "Baptiste",
    "Blackwood",
    "Castellanos",
    "Daley",
    "Eriksen",
    "Fitzgerald",
    "Gallo",
    "Haddad",
    "Ishikawa",
    "Jovanovic",
    "Kowalski",
    "Lin",
    "Mbeki",
    "Novak",
    "Okafor",
    "Pruitt",
    "Quintero",
    "Rahman",
    "Sandoval",
    "Tanaka",
    "Underwood",
    "Vantongeren",
    "Whitfield",
    "Xu",
    "Yilmaz",
    "Zamora",
    "Brennan",
    "Delacroix",
    "Esposito",
    "Guerrero",
    "Holm",
    "Iyer",
    "Keller",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Ortega",
    "Petrov",
    "Reyes",
    "Schultz",
    "Thorne",
];

const PLACES: &[&str] = &[
    "Harbor",
    "Northgate",
    "Riverside",
    "Eastfield",
    "Westbrook",
    "Hillcrest",
    "Lakeshore",
    "Southport",
    "Cedar",
    "Granite",
    "Mill",
    "Oakridge",
    "Pinecrest",
    "Summit",
    "Valley",
    "Bayview",
];

const BUREAUS: &[&str] = &[
    "Patrol Bureau",
    "Investigations Bureau",
    "Support Services Bureau",
    "Training Bureau",
    "Special Operations Bureau",
    "Community Bureau",
    "Professional Standards Bureau",
    "Technology Bureau",
];

const KINDS: &[&str] = &[
    "Station",
    "Precinct",
    "Patrol",
    "Investigations",
    "Traffic",
    "Support",
];

/// How many people each supervisor leads; a span of 8 gives six or seven levels at 60,000.
const SPAN: usize = 8;

/// The people of a synthetic agency, top of the chain first. People at depth 2 each
/// lead a unit; everyone below them belongs to it.
pub fn workforce(people: usize, seed: u64) -> Vec<RosterRow> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut rows: Vec<RosterRow> = Vec::with_capacity(people);
    let mut depth_of: Vec<usize> = Vec::with_capacity(people);
    let mut unit_names: Vec<String> = Vec::new();
    for index in 0..people {
        // Breadth-first: person i reports to person (i - 1) / SPAN, so every level fills
        // before the next begins and the tree stays balanced.
        let supervisor = supervisor_index(index);
        let depth = supervisor.map_or(0, |s| depth_of[s] + 1);
        depth_of.push(depth);
        let unit = match depth {
            0 => "Office of the Chief".to_string(),
            1 => BUREAUS[(index - 1) % BUREAUS.len()].to_string(),
            2 => {
                let name = unit_name(unit_names.len());
                unit_names.push(name.clone());
                name
            }
            _ => rows[supervisor.unwrap_or(0)].unit.clone(),
        };
        let given = GIVEN[rng.gen_range(0..GIVEN.len())];
        let family = FAMILY[rng.gen_range(0..FAMILY.len())];
        rows.push(RosterRow {
            line: index as u64 + 2,
            employee_id: format!("E{:05}", index + 1),
            name: format!("{family}, {given}"),
            unit,
            supervisor_id: supervisor.map(|s| format!("E{:05}", s + 1)),
        });
    }
    rows
}

fn unit_name(n: usize) -> String {
    let place = PLACES[n % PLACES.len()];
    let kind = KINDS[(n / PLACES.len()) % KINDS.len()];
    let round = n / (PLACES.len() * KINDS.len());
    if round == 0 {
        format!("{place} {kind}")
    } else {
        format!("{place} {kind} {}", round + 1)
    }
}

/// The index of person `index`'s supervisor in a [`workforce`] (none for the top).
pub fn supervisor_index(index: usize) -> Option<usize> {
    (index > 0).then(|| (index - 1) / SPAN)
}

/// Depth of each of the first `people` in the chain (0 = the top).
pub fn depths(people: usize) -> Vec<usize> {
    let mut depth: Vec<usize> = Vec::with_capacity(people);
    for i in 0..people {
        depth.push(supervisor_index(i).map_or(0, |s| depth[s] + 1));
    }
    depth
}

/// Whether `person` is somewhere below `root` in a [`workforce`].
pub fn is_below(person: usize, root: usize) -> bool {
    let mut current = person;
    while let Some(up) = supervisor_index(current) {
        if up == root {
            return true;
        }
        current = up;
    }
    false
}

/// Stressor categories a supervisor notes in an ordinary month, most common first
/// (critical incidents come from a unit's incident dates, not from this list).
const EVERYDAY_STRESSORS: &[(&str, u32)] = &[
    ("work.workload", 30),
    ("work.shifts", 24),
    ("health.sleep", 18),
    ("home.family", 14),
    ("work.conflict", 8),
    ("financial.strain", 8),
    ("health.physical", 7),
    ("home.caregiving", 6),
    ("societal.pressure", 5),
    ("health.mental", 4),
    ("unforeseen.bereavement", 2),
    ("unforeseen.event", 1),
];

/// What one synthetic check-in says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedCheckin {
    pub on: NaiveDate,
    pub wellbeing: u8,
    pub stressors: Vec<(&'static str, Severity)>,
    pub follow_up_on: Option<NaiveDate>,
}

/// One synthetic referral and the steps it has taken by the end of the window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedReferral {
    pub created_on: NaiveDate,
    /// Index into the resource ids the caller passed.
    pub resource: usize,
    pub consent: Consent,
    pub urgency: Urgency,
    pub self_referral: bool,
    /// Every status after `proposed`, with its date, oldest first.
    pub steps: Vec<(Status, NaiveDate)>,
    pub outcome: Option<Outcome>,
}

/// One person's synthetic history over the window.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlannedHistory {
    pub checkins: Vec<PlannedCheckin>,
    pub referrals: Vec<PlannedReferral>,
}

/// The window and seed every synthetic history is drawn for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ActivityPlan {
    pub seed: u64,
    /// The first day of the window.
    pub start: NaiveDate,
    /// The last day of the window ("today" for the generated vault).
    pub end: NaiveDate,
}

/// SplitMix64: a well-mixed seed for each person or unit from the plan's seed, so any one
/// history is drawn without drawing the ones before it.
fn mix(seed: u64, salt: u64) -> u64 {
    let mut z = seed ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a, for a stable number from a unit's name.
fn name_hash(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The shape of one person's wellbeing over the window.
enum Course {
    Steady,
    /// Declines from `from_month` by `per_month`, recovering after `until_month` if any.
    Declining {
        from_month: i64,
        per_month: f64,
        until_month: Option<i64>,
    },
    /// Ups and downs larger than most people's.
    Volatile,
}

impl ActivityPlan {
    /// A window of `years` whole years ending on `end`.
    pub fn years_to(seed: u64, years: u32, end: NaiveDate) -> Self {
        let days = 365 * i64::from(years.max(1)) + i64::from(years.max(1)) / 4;
        Self {
            seed,
            start: end - Duration::days(days - 1),
            end,
        }
    }

    /// Months in the window (a partial month counts).
    pub fn months(&self) -> i64 {
        let months = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
        months(self.end) - months(self.start) + 1
    }

    /// Days a critical incident struck `unit` (a few a year, at random).
    pub fn incidents(&self, unit: &str) -> Vec<NaiveDate> {
        let mut rng = StdRng::seed_from_u64(mix(self.seed, name_hash(unit)));
        let span = (self.end - self.start).num_days().max(1);
        let years = (span as f64 / 365.0).max(1.0);
        let count = (rng.gen_range(0.5..2.5) * years).round() as i64;
        let mut days: Vec<NaiveDate> = (0..count)
            .map(|_| self.start + Duration::days(rng.gen_range(0..span)))
            .collect();
        days.sort();
        days
    }

    /// Person `index`'s check-ins and referrals: roughly monthly check-ins, a wellbeing
    /// course (most steady, some declining for months, a few volatile), everyday stressors
    /// more often when wellbeing is low, a dip and a critical-incident flag after an
    /// incident in their unit, and referrals after low ratings that move through their
    /// lifecycle as far as the window allows. `resources` is how many resources to pick from.
    pub fn history(
        &self,
        index: usize,
        incidents: &[NaiveDate],
        resources: usize,
    ) -> PlannedHistory {
        let mut rng = StdRng::seed_from_u64(mix(self.seed, index as u64 + 1));
        let months = self.months();
        let baseline: f64 = rng.gen_range(2.8..4.6);
        let course = match rng.gen_range(0..100) {
            0..=79 => Course::Steady,
            80..=92 => {
                let from_month = rng.gen_range(0..months.max(1));
                let length = rng.gen_range(3..12);
                Course::Declining {
                    from_month,
                    per_month: rng.gen_range(0.15..0.4),
                    until_month: rng.gen_bool(0.6).then_some(from_month + length),
                }
            }
            _ => Course::Volatile,
        };
        let noise = if matches!(course, Course::Volatile) {
            1.1
        } else {
            0.45
        };
        let day_of_month = rng.gen_range(1..=28u32);
        let mut out = PlannedHistory::default();
        let mut last_referral: Option<NaiveDate> = None;
        let mut month_start =
            NaiveDate::from_ymd_opt(self.start.year(), self.start.month(), 1).unwrap_or(self.start);
        for month in 0..months {
            let next_month = month_start
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(self.end);
            // About one month in twelve passes without a check-in.
            let skipped = rng.gen_bool(0.08);
            let jitter = rng.gen_range(-3i64..=3);
            let on = month_start + Duration::days(i64::from(day_of_month - 1) + jitter);
            month_start = next_month;
            if skipped || on < self.start || on > self.end {
                continue;
            }
            let mut level = baseline;
            if let Course::Declining {
                from_month,
                per_month,
                until_month,
            } = course
                && month >= from_month
            {
                let bottom = until_month.map_or(month, |u| month.min(u));
                level -= per_month * (bottom - from_month) as f64;
                if let Some(u) = until_month
                    && month > u
                {
                    level += 0.5 * per_month * (month - u) as f64;
                }
            }
            // An incident in the unit during the last five weeks: a dip, and often a flag.
            let incident = incidents
                .iter()
                .any(|&d| d <= on && (on - d).num_days() <= 35);
            let mut stressors: Vec<(&'static str, Severity)> = Vec::new();
            if incident {
                level -= rng.gen_range(0.3..1.3);
                if rng.gen_bool(0.6) {
                    let severity = if rng.gen_bool(0.4) {
                        Severity::High
                    } else {
                        Severity::Moderate
                    };
                    stressors.push(("work.critical_incident", severity));
                }
            }
            let rating = (level + normal(&mut rng) * noise).round().clamp(1.0, 5.0) as u8;
            let chance = 0.12 + 0.12 * f64::from(4u8.saturating_sub(rating));
            while stressors.len() < 3 && rng.gen_bool(chance.min(0.9)) {
                let category = pick_weighted(&mut rng, EVERYDAY_STRESSORS);
                if stressors.iter().any(|(c, _)| *c == category) {
                    break;
                }
                let severity = match (rating, rng.gen_range(0..10)) {
                    (1..=2, 0..=4) => Severity::High,
                    (_, 0..=2) => Severity::Low,
                    _ => Severity::Moderate,
                };
                stressors.push((category, severity));
            }
            let follow_up_on = (rating <= 2).then(|| on + Duration::days(14));
            if rating <= 2
                && resources > 0
                && last_referral.is_none_or(|d| (on - d).num_days() > 180)
                && rng.gen_bool(0.3)
            {
                out.referrals
                    .push(self.referral(&mut rng, on, rating, resources));
                last_referral = Some(on);
            }
            out.checkins.push(PlannedCheckin {
                on,
                wellbeing: rating,
                stressors,
                follow_up_on,
            });
        }
        out
    }

    fn referral(
        &self,
        rng: &mut StdRng,
        created_on: NaiveDate,
        rating: u8,
        resources: usize,
    ) -> PlannedReferral {
        let consent = match rng.gen_range(0..100) {
            0..=79 => Consent::Given,
            80..=94 => Consent::Pending,
            _ => Consent::Refused,
        };
        let urgency = match rating {
            1 if rng.gen_bool(0.5) => Urgency::Urgent,
            1 => Urgency::Soon,
            _ if rng.gen_bool(0.2) => Urgency::Soon,
            _ => Urgency::Routine,
        };
        let mut steps = Vec::new();
        let mut outcome = None;
        let mut day = created_on;
        let mut step = |status: Status, after: std::ops::Range<i64>, rng: &mut StdRng| {
            day += Duration::days(rng.gen_range(after));
            if day <= self.end {
                steps.push((status, day));
                true
            } else {
                false
            }
        };
        match consent {
            Consent::Given => {
                let _ = step(Status::Accepted, 1..6, rng)
                    && step(Status::Contacted, 2..9, rng)
                    && step(Status::InProgress, 3..14, rng)
                    && {
                        let chosen = match rng.gen_range(0..100) {
                            0..=59 => Outcome::Completed,
                            60..=69 => Outcome::Declined,
                            70..=79 => Outcome::NoShow,
                            _ => Outcome::NotNeeded,
                        };
                        let closed = step(Status::Closed, 20..70, rng);
                        if closed {
                            outcome = Some(chosen);
                        }
                        closed
                    };
            }
            // Without consent a referral is never forwarded; a refusal is withdrawn.
            Consent::Pending => {}
            Consent::Refused => {
                let _ = step(Status::Withdrawn, 1..10, rng);
            }
        }
        PlannedReferral {
            created_on,
            resource: rng.gen_range(0..resources),
            consent,
            urgency,
            self_referral: rng.gen_bool(0.1),
            steps,
            outcome,
        }
    }
}

/// A standard normal draw (Box–Muller), so ratings cluster around a person's level.
fn normal(rng: &mut StdRng) -> f64 {
    let u: f64 = rng.gen_range(f64::EPSILON..1.0);
    let v: f64 = rng.gen_range(0.0..1.0);
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

fn pick_weighted(rng: &mut StdRng, choices: &[(&'static str, u32)]) -> &'static str {
    let total: u32 = choices.iter().map(|(_, w)| w).sum();
    let mut roll = rng.gen_range(0..total.max(1));
    for &(choice, weight) in choices {
        if roll < weight {
            return choice;
        }
        roll -= weight;
    }
    choices.first().map_or("work.workload", |c| c.0)
}

/// The anonymous self-check bands a unit of `headcount` people contributes in one month:
/// (instrument, band index) pairs. A few people a month take a self-check and choose to
/// count it; bands lean to the healthy end.
pub fn anonymous_bands(
    seed: u64,
    unit: &str,
    month_index: i64,
    headcount: usize,
    instruments: &[(&str, usize)],
) -> Vec<(usize, usize)> {
    if instruments.is_empty() {
        return Vec::new();
    }
    let mut rng = StdRng::seed_from_u64(mix(
        seed ^ name_hash(unit),
        month_index as u64 ^ 0xA5A5_0000,
    ));
    let expected = headcount as f64 * 0.04;
    let count = (expected + normal(&mut rng) * expected.sqrt())
        .round()
        .max(0.0) as usize;
    (0..count)
        .map(|_| {
            let which = rng.gen_range(0..instruments.len());
            let bands = instruments[which].1.max(1);
            // Triangular draw toward 0, the "healthy" end the caller orders first.
            let x = rng.gen_range(0.0..1.0f64).min(rng.gen_range(0.0..1.0f64));
            (which, ((x * bands as f64) as usize).min(bands - 1))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::roster;

    #[test]
    fn the_workforce_is_deterministic_deep_and_valid() {
        let a = workforce(2_000, 7);
        assert_eq!(a, workforce(2_000, 7));
        assert_ne!(a, workforce(2_000, 8));
        assert!(depths(a.len()).into_iter().max().unwrap() >= 3);
        let plan = roster::plan(&a, &[]).unwrap();
        assert_eq!(plan.add.len(), 2_000);
        let units: std::collections::HashSet<&str> = a.iter().map(|r| r.unit.as_str()).collect();
        assert!(units.len() > 10);
    }

    #[test]
    fn histories_are_deterministic_and_plausible() {
        let end = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        let plan = ActivityPlan::years_to(5, 2, end);
        let incidents = plan.incidents("Harbor Station");
        assert_eq!(incidents, plan.incidents("Harbor Station"));
        let histories: Vec<PlannedHistory> =
            (0..400).map(|i| plan.history(i, &incidents, 8)).collect();
        assert_eq!(histories[17], plan.history(17, &incidents, 8));
        let checkins: Vec<&PlannedCheckin> = histories.iter().flat_map(|h| &h.checkins).collect();
        // Roughly monthly over two years.
        let per_person = checkins.len() as f64 / 400.0;
        assert!((18.0..=25.0).contains(&per_person), "{per_person}");
        assert!(
            checkins
                .iter()
                .all(|c| c.on >= plan.start && c.on <= plan.end)
        );
        assert!(checkins.iter().all(|c| (1..=5).contains(&c.wellbeing)));
        assert!(checkins.iter().any(|c| c.wellbeing <= 2));
        assert!(checkins.iter().any(|c| !c.stressors.is_empty()));
        let referrals: Vec<&PlannedReferral> =
            histories.iter().flat_map(|h| &h.referrals).collect();
        assert!(!referrals.is_empty());
        assert!(referrals.iter().any(|r| r.outcome.is_some()));
        for r in referrals {
            assert!(
                r.steps
                    .iter()
                    .all(|(_, d)| *d >= r.created_on && *d <= plan.end)
            );
            if r.consent != Consent::Given {
                assert!(r.steps.iter().all(|(s, _)| *s == Status::Withdrawn));
            }
        }
        let bands = anonymous_bands(5, "Harbor Station", 3, 500, &[("who5", 3), ("phq4", 4)]);
        assert!(!bands.is_empty());
        assert!(bands.iter().all(|&(i, b)| b < [3, 4][i]));
    }
}
