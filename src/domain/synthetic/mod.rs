//! A synthetic, plausible workforce for demos and benchmarks: units, a chain of command
//! several levels deep, names, and years of check-ins, referrals and anonymous bands, with
//! each person's true course so the rules can be scored against it.
//! Deterministic for a seed; no real person is described. Pure: plans rows, writes none.

use chrono::{Datelike, Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;

mod calibration;
mod workforce;

pub use calibration::{Calibration, CalibrationTally};
pub use workforce::{depths, is_below, supervisor_index, workforce};

use super::referral::{Consent, Outcome, Status, Urgency};
use super::roster::RosterRow;
use super::stressors::Severity;

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
    /// A follow-up the supervisor held after a low rating or an incident flag, between
    /// two regular monthly check-ins.
    pub is_follow_up: bool,
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

/// One person's synthetic history over the window, and the truth it was drawn from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlannedHistory {
    /// The supervisor's check-ins (visibility chain), oldest first.
    pub checkins: Vec<PlannedCheckin>,
    pub referrals: Vec<PlannedReferral>,
    pub truth: Truth,
}

/// The shape of a person's wellbeing over the window, which their check-ins only sample.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CourseKind {
    /// No decline episode overlaps the window.
    #[default]
    Steady,
    /// At least one decline episode overlaps the window.
    Declining,
    /// Ratings swing far more than most people's (with or without an episode).
    Volatile,
}

/// A period when a person's true level is clearly lowered: it falls by 1.5–2.5 points over
/// a few weeks, stays down, and climbs back by `end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeclineEpisode {
    pub start: NaiveDate,
    /// The day the level is back where it was; none while it lasts past the window.
    pub end: Option<NaiveDate>,
    /// The critical incident that set it off, if one did.
    pub after_incident: Option<NaiveDate>,
}

impl DeclineEpisode {
    /// Whether `day` falls inside the episode, both ends included.
    pub fn contains(&self, day: NaiveDate) -> bool {
        day >= self.start && self.end.is_none_or(|end| day <= end)
    }
}

/// What really happened to one synthetic person, so a benchmark can score the rules.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Truth {
    pub course: CourseKind,
    /// Episodes that overlap the window, oldest first (the first may have begun before it).
    pub episodes: Vec<DeclineEpisode>,
    /// The unit's critical incidents that touched this person, oldest first.
    pub incidents: Vec<NaiveDate>,
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

/// A number in [0, 1) from a mixed seed, for draws that must agree between people.
fn unit_interval(bits: u64) -> f64 {
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

/// FNV-1a, for a stable number from a unit's name.
fn name_hash(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

// Calibration. Published figures first; everything else is an assumption and says so.
//
// [S]  Syed S, Ashwick R, Schlosser M, Jones R, Rowe S, Billings J. Global prevalence and risk
//      factors for mental health problems in police personnel: a systematic review and
//      meta-analysis. Occup Environ Med 2020;77:737–747. Pooled point prevalence among
//      police: depression 14.6 %, PTSD 14.2 %, generalised anxiety 9.6 %, suicidal ideation
//      8.5 % (validated instruments; 60 cross-sectional and 7 longitudinal studies, 272,463
//      police personnel).
// [H]  Hasin DS, Sarvet AL, Meyers JL, et al. Epidemiology of adult DSM-5 major depressive
//      disorder and its specifiers in the United States. JAMA Psychiatry 2018;75(4):336–346.
//      12-month prevalence of major depressive disorder in US adults: 10.4 %.
// [SP] Spijker J, de Graaf R, Bijl RV, Beekman ATF, Ormel J, Nolen WA. Duration of major
//      depressive episodes in the general population: results from the Netherlands Mental
//      Health Survey and Incidence Study (NEMESIS). Br J Psychiatry 2002;181:208–213. Median
//      duration 3 months; 50 % recovered within 3 months, 63 % within 6, 76 % within 12,
//      nearly 20 % not recovered at 24 months.
//
// A decline episode stands for a spell of depression or post-traumatic stress that a
// supervisor's monthly rating would show as a fall. Aim (assumption, anchored on [S] and
// [H]): about 15 % of staff in an episode at some time in a year, above the general
// population's 12-month 10.4 % [H] as police rates are [S]; about 8 % on any one day, below
// [S]'s screening prevalence, which also counts milder and long-standing states that do not
// show as a fall. Low ratings (2 or lower) come almost only from episodes: there is no
// published figure for a 1–5 supervisor rating, so the aim (an assumption) is that they are
// rare between episodes, under 1 % of ratings. `calibration_figures_hold` measures these and
// the incident and follow-up figures below; `steady-bench` reports them as
// `synthetic_calibration`.

/// Yearly onsets of an episode with no incident behind it, per person of average risk
/// (assumption: fitted so the figures above hold, with incident-triggered onsets on top).
const ONSETS_PER_YEAR: f64 = 0.075;
/// Episodes cluster in some people (assumption): a quarter carry 2.5 times the average risk,
/// the rest half of it, so the mean stays 1.
const HIGH_RISK_SHARE: f64 = 0.25;
const HIGH_RISK: f64 = 2.5;
const LOW_RISK: f64 = 0.5;
/// Episodes are drawn from this long before the window, so some are under way when it opens.
const EPISODE_LEAD_IN_DAYS: i64 = 3 * 365;
/// No new episode within this many days of the last one ending (assumption).
const RECOVERED_FOR_DAYS: i64 = 60;
/// Episode lengths in days, as [SP]'s recovery quantiles: half within 3 months, 63 % within
/// 6, 76 % within 12, nearly 20 % not at 24. The shortest (6 weeks) and longest (3 years) are
/// assumptions: a 2-week spell would not show in monthly ratings.
const EPISODE_DAYS: &[(f64, i64, i64)] = &[
    (0.50, 42, 91),
    (0.63, 91, 182),
    (0.76, 182, 365),
    (0.80, 365, 730),
    (1.00, 730, 1095),
];
/// Share of people whose ratings swing far more than most (assumption).
const VOLATILE_SHARE: f64 = 0.06;

/// Critical incidents a unit meets a year (assumption; uniform over this range).
const UNIT_INCIDENTS_PER_YEAR: std::ops::Range<f64> = 2.0..6.0;
/// The chance an incident involves a given team (the people under one supervisor), and then
/// each of its members (assumption). With the rate above about 15 % of staff are touched by a
/// critical incident in a year: we found no published yearly figure, so this is an assumption.
const TEAM_INVOLVED: f64 = 0.055;
const MEMBER_INVOLVED: f64 = 0.85;
/// The chance an incident that touches someone sets off a decline episode (assumption: most
/// people it touches have only a dip of a few weeks).
const EPISODE_AFTER_INCIDENT: f64 = 0.2;
/// The chance the first check-in within five weeks of an incident flags it (assumption).
const INCIDENT_FLAGGED: f64 = 0.7;
/// The chance a supervisor holds a follow-up within two weeks (assumption: no published
/// figure; a flagged incident is followed up more often than a low rating).
const FOLLOW_UP_AFTER_LOW: f64 = 0.6;
const FOLLOW_UP_AFTER_INCIDENT: f64 = 0.75;

/// A decline episode as drawn, with its shape.
#[derive(Clone, Copy, Debug)]
struct Spell {
    start: NaiveDate,
    /// The day the level is back (may lie past the window).
    end: NaiveDate,
    depth: f64,
    falling_days: i64,
    recovering_days: i64,
    after_incident: Option<NaiveDate>,
}

impl Spell {
    /// How far below their usual level the person is on `day`.
    fn drop_on(&self, day: NaiveDate) -> f64 {
        if day < self.start || day >= self.end {
            return 0.0;
        }
        let fallen = (day - self.start).num_days() as f64 / self.falling_days as f64;
        let left = (self.end - day).num_days() as f64 / self.recovering_days as f64;
        self.depth * fallen.min(left).min(1.0)
    }
}

/// A transient dip after an incident that set off no episode.
#[derive(Clone, Copy, Debug)]
struct Dip {
    on: NaiveDate,
    depth: f64,
}

/// Salt for the referral stream of each person's draws.
const REFERRAL_STREAM: u64 = 0x2EFE_22A1_0000_0000;

/// Days a dip takes to fade.
const DIP_DAYS: i64 = 42;

/// Who a person is over the window: their usual level, how much their ratings wander, and
/// what lowers it.
struct Course {
    baseline: f64,
    noise: f64,
    spells: Vec<Spell>,
    dips: Vec<Dip>,
}

impl Course {
    fn level_on(&self, day: NaiveDate) -> f64 {
        let spells: f64 = self.spells.iter().map(|s| s.drop_on(day)).sum();
        let dips: f64 = self
            .dips
            .iter()
            .filter(|d| d.on <= day)
            .map(|d| {
                let ago = (day - d.on).num_days();
                d.depth * (1.0 - ago as f64 / DIP_DAYS as f64).max(0.0)
            })
            .sum();
        self.baseline - spells - dips
    }
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

    /// Days a critical incident struck `unit` (a few a year, at random). Each touches only
    /// some of the unit's teams: see [`ActivityPlan::history`].
    pub fn incidents(&self, unit: &str) -> Vec<NaiveDate> {
        let mut rng = StdRng::seed_from_u64(mix(self.seed, name_hash(unit)));
        let span = (self.end - self.start).num_days().max(1);
        let years = (span as f64 / 365.0).max(1.0);
        let count = (rng.gen_range(UNIT_INCIDENTS_PER_YEAR) * years).round() as i64;
        let mut days: Vec<NaiveDate> = (0..count)
            .map(|_| self.start + Duration::days(rng.gen_range(0..span)))
            .collect();
        days.sort();
        days
    }

    /// Which of `incidents` (the unit's) touched person `index`: a team is involved or not
    /// as a whole, then most of its members.
    fn incidents_touching(
        &self,
        index: usize,
        incidents: &[NaiveDate],
        rng: &mut StdRng,
    ) -> Vec<NaiveDate> {
        let team = supervisor_index(index).unwrap_or(index) as u64;
        let mut touched = Vec::new();
        for &day in incidents {
            let salt = (day - self.start).num_days() as u64 ^ 0x1C1D_E700_0000;
            let team_involved = unit_interval(mix(
                self.seed ^ team.wrapping_mul(0x2545_F491_4F6C_DD1D),
                salt,
            )) < TEAM_INVOLVED;
            if team_involved && rng.gen_bool(MEMBER_INVOLVED) {
                touched.push(day);
            }
        }
        touched
    }

    /// Draws a person's course: usual level, spread, decline episodes (at random and after
    /// incidents) and the dips incidents leave.
    fn course(&self, rng: &mut StdRng, touched: &[NaiveDate]) -> (Course, bool) {
        let baseline: f64 = rng.gen_range(3.3..4.5);
        let volatile = rng.gen_bool(VOLATILE_SHARE);
        let noise = if volatile {
            rng.gen_range(0.8..1.1)
        } else {
            rng.gen_range(0.3..0.5)
        };
        let risk = if rng.gen_bool(HIGH_RISK_SHARE) {
            HIGH_RISK
        } else {
            LOW_RISK
        };
        // Onsets at random (a Poisson process from well before the window), and after the
        // incidents that touched this person; a new one waits until the last has passed.
        let per_day = ONSETS_PER_YEAR * risk / 365.0;
        let mut onsets: Vec<(NaiveDate, Option<NaiveDate>)> = Vec::new();
        let mut day = self.start - Duration::days(EPISODE_LEAD_IN_DAYS);
        loop {
            let u: f64 = rng.gen_range(f64::EPSILON..1.0);
            day += Duration::days((-u.ln() / per_day).ceil() as i64);
            if day > self.end {
                break;
            }
            onsets.push((day, None));
        }
        let mut dips = Vec::new();
        for &incident in touched {
            if rng.gen_bool(EPISODE_AFTER_INCIDENT) {
                onsets.push((
                    incident + Duration::days(rng.gen_range(0..=14)),
                    Some(incident),
                ));
            } else {
                dips.push(Dip {
                    on: incident,
                    depth: rng.gen_range(0.3..1.0),
                });
            }
        }
        onsets.sort();
        let mut spells: Vec<Spell> = Vec::new();
        for (start, after_incident) in onsets {
            let roll: f64 = rng.gen_range(0.0..1.0);
            let &(_, shortest, longest) = EPISODE_DAYS
                .iter()
                .find(|(share, _, _)| roll < *share)
                .unwrap_or(&EPISODE_DAYS[EPISODE_DAYS.len() - 1]);
            let days = rng.gen_range(shortest..=longest);
            let depth = rng.gen_range(1.5..2.5);
            let falling_days = rng.gen_range(14..=35).min(days / 2);
            let recovering_days = rng.gen_range(21..=60).min(days / 2);
            if spells
                .last()
                .is_some_and(|last| start <= last.end + Duration::days(RECOVERED_FOR_DAYS))
            {
                continue;
            }
            spells.push(Spell {
                start,
                end: start + Duration::days(days),
                depth,
                falling_days,
                recovering_days,
                after_incident,
            });
        }
        (
            Course {
                baseline,
                noise,
                spells,
                dips,
            },
            volatile,
        )
    }

    /// Person `index`'s check-ins, referrals and true course. A person's usual level sits
    /// between 3.3 and 4.5; decline episodes (at random, or after a critical incident that
    /// touched their team) lower it by 1.5–2.5 points for weeks to years; ratings scatter
    /// around the level. A supervisor checks in about monthly; after a low rating (≤ 2) or
    /// an incident flag, often again within two weeks. Everyday stressors come more often
    /// when wellbeing is low; referrals follow some low ratings and move through their
    /// lifecycle as far as the window allows. `resources` is how many resources to pick
    /// from (none: no referrals); it never changes the check-ins.
    pub fn history(
        &self,
        index: usize,
        incidents: &[NaiveDate],
        resources: usize,
    ) -> PlannedHistory {
        let mut rng = StdRng::seed_from_u64(mix(self.seed, index as u64 + 1));
        // Referrals draw from their own stream, so the check-ins do not depend on them.
        let mut referral_rng =
            StdRng::seed_from_u64(mix(self.seed ^ REFERRAL_STREAM, index as u64 + 1));
        let touched = self.incidents_touching(index, incidents, &mut rng);
        let (course, volatile) = self.course(&mut rng, &touched);

        // The regular monthly check-ins: about one month in twelve passes without one.
        let day_of_month = rng.gen_range(1..=28u32);
        let mut regular: Vec<NaiveDate> = Vec::with_capacity(self.months() as usize);
        let mut month_start =
            NaiveDate::from_ymd_opt(self.start.year(), self.start.month(), 1).unwrap_or(self.start);
        for _ in 0..self.months() {
            let skipped = rng.gen_bool(0.08);
            let jitter = rng.gen_range(-3i64..=3);
            let on = month_start + Duration::days(i64::from(day_of_month - 1) + jitter);
            month_start = month_start
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(self.end);
            if !skipped && on >= self.start && on <= self.end {
                regular.push(on);
            }
        }

        let mut out = PlannedHistory::default();
        let mut last_referral: Option<NaiveDate> = None;
        // Each incident gets one chance to be flagged, at the first check-in after it.
        let mut unflagged = touched.iter().copied().peekable();
        for (n, &on) in regular.iter().enumerate() {
            let next_regular = regular.get(n + 1).copied();
            let mut day = on;
            let mut is_follow_up = false;
            loop {
                let mut stressors: Vec<(&'static str, Severity)> = Vec::new();
                let mut flagged = false;
                while let Some(&incident) = unflagged.peek() {
                    if incident > day {
                        break;
                    }
                    unflagged.next();
                    if (day - incident).num_days() <= 35
                        && !flagged
                        && rng.gen_bool(INCIDENT_FLAGGED)
                    {
                        let severity = if rng.gen_bool(0.4) {
                            Severity::High
                        } else {
                            Severity::Moderate
                        };
                        stressors.push(("work.critical_incident", severity));
                        flagged = true;
                    }
                }
                let level = course.level_on(day);
                let rating = (level + normal(&mut rng) * course.noise)
                    .round()
                    .clamp(1.0, 5.0) as u8;
                everyday_stressors(&mut rng, rating, &mut stressors);
                let low = rating <= 2;
                if low
                    && resources > 0
                    && last_referral.is_none_or(|d| (day - d).num_days() > 180)
                    && referral_rng.gen_bool(0.3)
                {
                    out.referrals
                        .push(self.referral(&mut referral_rng, day, rating, resources));
                    last_referral = Some(day);
                }
                out.checkins.push(PlannedCheckin {
                    on: day,
                    wellbeing: rating,
                    stressors,
                    follow_up_on: (low || flagged).then(|| day + Duration::days(14)),
                    is_follow_up,
                });
                // A follow-up within two weeks, unless the next regular check-in comes
                // within them anyway (then that one is the follow-up). A follow-up that
                // finds the person low again may have its own.
                if !(low || flagged) {
                    break;
                }
                let chance = if flagged {
                    FOLLOW_UP_AFTER_INCIDENT
                } else {
                    FOLLOW_UP_AFTER_LOW
                };
                let soon = rng.gen_range(5..=14);
                if !rng.gen_bool(chance) {
                    break;
                }
                let mut follow_up = day + Duration::days(soon);
                if let Some(next) = next_regular {
                    if (next - day).num_days() <= 14 {
                        break;
                    }
                    follow_up = follow_up.min(next - Duration::days(3));
                }
                if follow_up > self.end {
                    break;
                }
                day = follow_up;
                is_follow_up = true;
            }
        }

        let episodes: Vec<DeclineEpisode> = course
            .spells
            .iter()
            .filter(|s| s.start <= self.end && s.end >= self.start)
            .map(|s| DeclineEpisode {
                start: s.start,
                end: (s.end <= self.end).then_some(s.end),
                after_incident: s.after_incident,
            })
            .collect();
        out.truth = Truth {
            course: if volatile {
                CourseKind::Volatile
            } else if episodes.is_empty() {
                CourseKind::Steady
            } else {
                CourseKind::Declining
            },
            episodes,
            incidents: touched,
        };
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

/// Everyday stressors a supervisor notes beside `rating`: more, and heavier, when it is low.
fn everyday_stressors(rng: &mut StdRng, rating: u8, stressors: &mut Vec<(&'static str, Severity)>) {
    let chance = (0.12 + 0.12 * f64::from(4u8.saturating_sub(rating))).min(0.9);
    while stressors.len() < 3 && rng.gen_bool(chance) {
        let category = pick_weighted(rng, EVERYDAY_STRESSORS);
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

    /// Person-by-person histories of a 3,000-person workforce, with each unit's incidents.
    fn workforce_histories(plan: &ActivityPlan, people: usize) -> Vec<PlannedHistory> {
        let rows = workforce(people, plan.seed);
        let mut incidents: std::collections::HashMap<&str, Vec<NaiveDate>> =
            std::collections::HashMap::new();
        rows.iter()
            .enumerate()
            .map(|(i, row)| {
                let unit = incidents
                    .entry(row.unit.as_str())
                    .or_insert_with(|| plan.incidents(&row.unit));
                plan.history(i, unit, 0)
            })
            .collect()
    }

    #[test]
    fn calibration_figures_hold() {
        let end = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        let plan = ActivityPlan::years_to(11, 2, end);
        let mut tally = CalibrationTally::new(end - Duration::days(364), end);
        for history in workforce_histories(&plan, 3_000) {
            tally.add(&history);
        }
        let c = tally.finish();
        eprintln!("{c:#?}");
        let within = |value: f64, range: std::ops::RangeInclusive<f64>, what: &str| {
            assert!(
                range.contains(&value),
                "{what} = {value:.2}, not in {range:?}: {c:?}"
            );
        };
        within(
            c.episode_year_pct,
            12.0..=18.0,
            "in an episode in the year, %",
        );
        within(c.episode_day_pct, 6.0..=10.0, "in an episode on a day, %");
        within(
            c.low_rating_steady_pct,
            0.0..=1.0,
            "low ratings between episodes, %",
        );
        within(
            c.incident_year_pct,
            11.0..=19.0,
            "touched by an incident, %",
        );
        within(
            c.follow_up_within_14_days_pct,
            50.0..=80.0,
            "followed up in two weeks, %",
        );
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
        // The truth: every course kind, episodes that overlap the window and never each
        // other, incidents only from the unit's, and check-ins that follow their course.
        let kinds: std::collections::HashSet<CourseKind> =
            histories.iter().map(|h| h.truth.course).collect();
        assert_eq!(kinds.len(), 3, "{kinds:?}");
        for h in &histories {
            let truth = &h.truth;
            assert_eq!(
                truth.course == CourseKind::Steady,
                truth.episodes.is_empty() && truth.course != CourseKind::Volatile
            );
            assert!(truth.incidents.iter().all(|d| incidents.contains(d)));
            for e in &truth.episodes {
                assert!(e.start <= plan.end);
                assert!(e.end.is_none_or(|end| end >= plan.start && end > e.start));
            }
            for pair in truth.episodes.windows(2) {
                assert!(pair[0].end.is_some_and(|end| end < pair[1].start));
            }
        }
        let mean = |inside: bool| {
            let ratings: Vec<f64> = histories
                .iter()
                .flat_map(|h| {
                    h.checkins
                        .iter()
                        .filter(move |c| {
                            h.truth.episodes.iter().any(|e| e.contains(c.on)) == inside
                        })
                        .map(|c| f64::from(c.wellbeing))
                })
                .collect();
            ratings.iter().sum::<f64>() / ratings.len() as f64
        };
        assert!(
            mean(false) - mean(true) > 1.0,
            "{} vs {}",
            mean(false),
            mean(true)
        );
        // Follow-ups come after a low rating or an incident flag, before the next check-in.
        for h in &histories {
            for pair in h.checkins.windows(2) {
                assert!(pair[0].on < pair[1].on);
                if pair[1].is_follow_up {
                    assert!(pair[0].follow_up_on.is_some());
                    assert!((pair[1].on - pair[0].on).num_days() <= 14);
                }
            }
        }
        assert!(checkins.iter().any(|c| c.is_follow_up));
        let bands = anonymous_bands(5, "Harbor Station", 3, 500, &[("who5", 3), ("phq4", 4)]);
        assert!(!bands.is_empty());
        assert!(bands.iter().all(|&(i, b)| b < [3, 4][i]));
    }
}
