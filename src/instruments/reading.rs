//! The calm reading of a score in words (title, total, what the band means, the flags that
//! hold), shared by `steady score`, `selfcheck take` and the TUI. Pure: it returns lines.

use super::definition::Instrument;
use super::scoring::Score;
use crate::domain::text::sanitize;

/// Said after every reading: a score is a prompt to reflect, never a verdict.
pub const NOT_A_DIAGNOSIS: &str = "This is a screening reading, not a diagnosis.";

/// Said when skipped items were allowed for.
pub const PRORATED: &str =
    "Some items were skipped, so the total is scaled up from the ones you answered.";

/// The reading of `score`, one line each: the instrument's title; the total with its
/// possible range (and percent, where the instrument has one); what the band means; each
/// flag that holds as "- meaning"; the skipped-items note; and last, the not-a-diagnosis
/// line followed by `outcome` (what became of the answers, e.g. "Nothing was saved.").
/// Definition text may come from a config file one day, so all of it is sanitised.
pub fn reading(instrument: &Instrument, score: &Score, outcome: &str) -> Vec<String> {
    let (low, high) = instrument.total_range();
    let mut lines = vec![sanitize(instrument.title()).into_owned()];
    let mut total = format!("Total: {} (possible {low}–{high})", score.total);
    if let Some(percent) = score.percent {
        total.push_str(&format!(", {percent}%"));
    }
    lines.push(total);
    if let Some(band) = instrument.band_named(&score.band) {
        lines.push(sanitize(&band.meaning).into_owned());
    }
    for flag in score.flags.iter().filter_map(|f| instrument.flag_named(f)) {
        lines.push(format!("- {}", sanitize(&flag.meaning)));
    }
    if score.prorated {
        lines.push(PRORATED.to_string());
    }
    let last = if outcome.trim().is_empty() {
        NOT_A_DIAGNOSIS.to_string()
    } else {
        format!("{NOT_A_DIAGNOSIS} {}", sanitize(outcome.trim()))
    };
    lines.push(last);
    lines
}

/// A band as its owner reads it: the instrument's supportive words for it ("some low mood"),
/// or the band's name as words where the instrument is unknown. The published names are a
/// clinician's, for the coordinator's view and the exports.
pub fn plain_band(instrument: Option<&Instrument>, band: &str) -> String {
    match instrument.and_then(|i| i.band_named(band)) {
        Some(known) => sanitize(&known.plain).into_owned(),
        None => band_words(band),
    }
}

/// A band's name as words: `moderately_severe` → "moderately severe".
pub fn band_words(band: &str) -> String {
    sanitize(&band.replace('_', " ")).into_owned()
}

/// An instrument's short name, from the parenthesis of its title ("Mood check (PHQ-9,
/// adapted wording)" → "PHQ-9"); its id in capitals if the title has none.
pub fn short_name(instrument: &Instrument) -> String {
    let title = instrument.title();
    let inside = title
        .split_once('(')
        .and_then(|(_, rest)| rest.split([',', ')']).next())
        .map(str::trim)
        .filter(|s| !s.is_empty());
    match inside {
        Some(name) => sanitize(name).into_owned(),
        None => sanitize(&instrument.id().to_ascii_uppercase()).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instruments::{Answer, Catalog, score};

    fn values(list: &[u32]) -> Vec<Answer> {
        list.iter().copied().map(Answer::Value).collect()
    }

    #[test]
    fn a_reading_says_the_total_the_band_and_the_flags_in_order() {
        let catalog = Catalog::builtin().unwrap();
        let phq9 = catalog.get("phq9").unwrap();
        let s = score(phq9, &values(&[1, 1, 2, 1, 0, 1, 1, 0, 1])).unwrap();
        let lines = reading(phq9, &s, "Nothing was saved.");
        assert_eq!(lines[0], "Mood check (PHQ-9, adapted wording)");
        assert_eq!(lines[1], "Total: 8 (possible 0–27)");
        assert!(lines[2].starts_with("Your answers show some signs of low mood."));
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("- You said you have had thoughts")),
            "{lines:?}"
        );
        assert_eq!(
            lines.last().map(String::as_str),
            Some("This is a screening reading, not a diagnosis. Nothing was saved.")
        );
    }

    #[test]
    fn percent_and_skipped_items_are_said_too() {
        let catalog = Catalog::builtin().unwrap();
        let who5 = catalog.get("who5").unwrap();
        let s = score(who5, &values(&[3, 3, 3, 3, 3])).unwrap();
        assert_eq!(reading(who5, &s, "")[1], "Total: 15 (possible 0–25), 60%");
        let phq9 = catalog.get("phq9").unwrap();
        let mut answers = values(&[0, 0, 0, 0, 0, 0, 0, 0, 0]);
        answers[4] = Answer::Skipped;
        let s = score(phq9, &answers).unwrap();
        assert!(reading(phq9, &s, "").contains(&PRORATED.to_string()));
    }

    #[test]
    fn short_names_and_band_words_read_as_people_say_them() {
        let catalog = Catalog::builtin().unwrap();
        let names: Vec<String> = catalog.list().iter().map(short_name).collect();
        assert_eq!(
            names,
            [
                "WHO-5", "PHQ-2", "PHQ-9", "GAD-2", "GAD-7", "PHQ-4", "K6", "K10"
            ]
        );
        assert_eq!(band_words("moderately_severe"), "moderately severe");
    }
}
