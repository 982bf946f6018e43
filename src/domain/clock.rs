//! The clock a session works by: the calendar day records and rules are dated by, and the
//! instant audit entries are stamped with. The front ends choose it; the desk only reads it.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

/// Where a session's day and instants come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    day: Day,
    instant: Instant,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Day {
    /// This machine's calendar, read each time.
    Local,
    Fixed(NaiveDate),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Instant {
    /// The system clock, read each time.
    System,
    Fixed(DateTime<Utc>),
}

impl Clock {
    /// The machine's own clock: today on the local calendar, stamps from the system clock.
    pub fn system() -> Self {
        Self {
            day: Day::Local,
            instant: Instant::System,
        }
    }

    /// Works as of `day` (a command's `--date`, the app's clock), while audit stamps still
    /// say when each entry was really written: a back-dated record is not a back-dated log.
    pub fn on(day: NaiveDate) -> Self {
        Self {
            day: Day::Fixed(day),
            instant: Instant::System,
        }
    }

    /// Day and stamps both fixed, for reproducible runs.
    pub fn frozen(at: DateTime<Utc>, day: NaiveDate) -> Self {
        Self {
            day: Day::Fixed(day),
            instant: Instant::Fixed(at),
        }
    }

    /// The calendar day in force.
    pub fn date(&self) -> NaiveDate {
        match self.day {
            Day::Local => chrono::Local::now().date_naive(),
            Day::Fixed(day) => day,
        }
    }

    /// The instant, as stored in audit entries and `*_at` columns.
    pub fn stamp(&self) -> String {
        self.instant().to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    /// Seconds since the Unix epoch (for the failed-login delays).
    pub fn unix(&self) -> i64 {
        self.instant().timestamp()
    }

    fn instant(&self) -> DateTime<Utc> {
        match self.instant {
            Instant::System => Utc::now(),
            Instant::Fixed(at) => at,
        }
    }
}

impl Default for Clock {
    fn default() -> Self {
        Self::system()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_day_keeps_real_stamps_and_a_frozen_clock_keeps_both() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(Clock::on(day).date(), day);
        assert!(
            Clock::on(day)
                .stamp()
                .starts_with(&Utc::now().format("%Y-").to_string())
        );
        let at = DateTime::parse_from_rfc3339("2026-03-01T09:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let frozen = Clock::frozen(at, day);
        assert_eq!(frozen.stamp(), "2026-03-01T09:30:00Z");
        assert_eq!(frozen.unix(), at.timestamp());
    }
}
