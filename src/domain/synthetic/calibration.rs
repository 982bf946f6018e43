//! How far a generated history matches the figures the generator is calibrated to (see the
//! calibration notes in the parent module), tallied as it is replayed.

use super::*;

/// The figures a synthetic workforce is calibrated to (see the sources above), measured over
/// one window of its histories: what the generator really produced, to set beside the
/// prompts it is used to score.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Calibration {
    pub people: usize,
    /// People in a decline episode at some time in the window, % (aim: about 15).
    pub episode_year_pct: f64,
    /// People in an episode on an average day, % (aim: about 8).
    pub episode_day_pct: f64,
    /// Episodes beginning in the window, per 100 people a year.
    pub episode_onsets_per_100_year: f64,
    /// Check-ins rated 2 or lower, %.
    pub low_rating_pct: f64,
    /// Of those rated while neither in an episode nor volatile, % rated 2 or lower (aim:
    /// rare, under 1).
    pub low_rating_steady_pct: f64,
    /// People a critical incident touched in the window, % (assumption: about 15 a year).
    pub incident_year_pct: f64,
    /// Check-ins rated low or flagging an incident that had another check-in within 14
    /// days, %.
    pub follow_up_within_14_days_pct: f64,
    /// Of episodes beginning in the window at least 45 days before its end, those with a
    /// check-in in their first 45 days, and those with one rated 2 or lower then, %: how
    /// far a rule that waits for a low rating could catch them.
    pub episodes_seen_within_45_days_pct: f64,
    pub episodes_rated_low_within_45_days_pct: f64,
}

/// Counts toward a [`Calibration`], one history at a time.
#[derive(Clone, Debug)]
pub struct CalibrationTally {
    first: NaiveDate,
    last: NaiveDate,
    people: usize,
    in_episode: usize,
    episode_days: i64,
    onsets: usize,
    checkins: usize,
    low: usize,
    steady_checkins: usize,
    steady_low: usize,
    touched: usize,
    needing_follow_up: usize,
    followed_up: usize,
    early_episodes: usize,
    early_seen: usize,
    early_rated_low: usize,
}

impl CalibrationTally {
    /// Counts what falls between `first` and `last`, both included.
    pub fn new(first: NaiveDate, last: NaiveDate) -> Self {
        Self {
            first,
            last,
            people: 0,
            in_episode: 0,
            episode_days: 0,
            onsets: 0,
            checkins: 0,
            low: 0,
            steady_checkins: 0,
            steady_low: 0,
            touched: 0,
            needing_follow_up: 0,
            followed_up: 0,
            early_episodes: 0,
            early_seen: 0,
            early_rated_low: 0,
        }
    }

    pub fn add(&mut self, history: &PlannedHistory) {
        let (first, last) = (self.first, self.last);
        let truth = &history.truth;
        self.people += 1;
        let mut any = false;
        for e in &truth.episodes {
            let from = e.start.max(first);
            let to = e.end.unwrap_or(last).min(last);
            if from <= to {
                any = true;
                self.episode_days += (to - from).num_days() + 1;
            }
            if e.start >= first && e.start <= last {
                self.onsets += 1;
            }
            let early_end = e.start + Duration::days(45);
            if e.start >= first && early_end <= last {
                let early: Vec<&PlannedCheckin> = history
                    .checkins
                    .iter()
                    .filter(|c| c.on >= e.start && c.on <= early_end)
                    .collect();
                self.early_episodes += 1;
                self.early_seen += usize::from(!early.is_empty());
                self.early_rated_low += usize::from(early.iter().any(|c| c.wellbeing <= 2));
            }
        }
        self.in_episode += usize::from(any);
        self.touched += usize::from(truth.incidents.iter().any(|d| *d >= first && *d <= last));
        let checkins = &history.checkins;
        for (n, c) in checkins.iter().enumerate() {
            if c.on < first || c.on > last {
                continue;
            }
            let low = c.wellbeing <= 2;
            self.checkins += 1;
            self.low += usize::from(low);
            if truth.course != CourseKind::Volatile
                && !truth.episodes.iter().any(|e| e.contains(c.on))
            {
                self.steady_checkins += 1;
                self.steady_low += usize::from(low);
            }
            let flagged = c
                .stressors
                .iter()
                .any(|(category, _)| *category == "work.critical_incident");
            if low || flagged {
                self.needing_follow_up += 1;
                let next = checkins.get(n + 1);
                self.followed_up +=
                    usize::from(next.is_some_and(|next| (next.on - c.on).num_days() <= 14));
            }
        }
    }

    /// Adds the counts of another tally over the same days.
    pub fn merge(&mut self, other: &CalibrationTally) {
        self.people += other.people;
        self.in_episode += other.in_episode;
        self.episode_days += other.episode_days;
        self.onsets += other.onsets;
        self.checkins += other.checkins;
        self.low += other.low;
        self.steady_checkins += other.steady_checkins;
        self.steady_low += other.steady_low;
        self.touched += other.touched;
        self.needing_follow_up += other.needing_follow_up;
        self.followed_up += other.followed_up;
        self.early_episodes += other.early_episodes;
        self.early_seen += other.early_seen;
        self.early_rated_low += other.early_rated_low;
    }

    pub fn finish(&self) -> Calibration {
        let pct = |part: usize, whole: usize| 100.0 * part as f64 / whole.max(1) as f64;
        let days = ((self.last - self.first).num_days() + 1).max(1);
        let people = self.people.max(1) as f64;
        Calibration {
            people: self.people,
            episode_year_pct: pct(self.in_episode, self.people),
            episode_day_pct: 100.0 * self.episode_days as f64 / (people * days as f64),
            episode_onsets_per_100_year: 100.0 * self.onsets as f64 / people * 365.0 / days as f64,
            low_rating_pct: pct(self.low, self.checkins),
            low_rating_steady_pct: pct(self.steady_low, self.steady_checkins),
            incident_year_pct: pct(self.touched, self.people),
            follow_up_within_14_days_pct: pct(self.followed_up, self.needing_follow_up),
            episodes_seen_within_45_days_pct: pct(self.early_seen, self.early_episodes),
            episodes_rated_low_within_45_days_pct: pct(self.early_rated_low, self.early_episodes),
        }
    }
}
