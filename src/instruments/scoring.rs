//! Pure scoring of one set of answers against a validated instrument, and reading answers
//! written as `3,2,-,1`. No I/O, no storage: what to show and whom to tell is for callers.

use super::definition::{FlagSource, Instrument, MissingMethod, Responses, Threshold};

/// One item's answer as given: a value, or left unanswered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Value(u32),
    Skipped,
}

/// The result of scoring one set of answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Score {
    pub instrument: String,
    /// The sum of the answers, prorated to the full item count where items were skipped.
    pub total: u32,
    /// `total` × the instrument's percent multiplier, for instruments that have one.
    pub percent: Option<u32>,
    /// The name of the band the total falls in.
    pub band: String,
    /// Names of the flags that hold, in the order the definition lists them.
    pub flags: Vec<String>,
    /// Whether skipped items were allowed for and the total scaled up.
    pub prorated: bool,
    /// Whether any safety item was answered above its lowest response: the caller must
    /// show crisis resources at once.
    pub safety_item_endorsed: bool,
}

/// Why a set of answers cannot be scored. Each message names the item (from 1) and the
/// answers it accepts, so the person knows what to change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScoreError {
    #[error("expected {expected} answers, got {got}")]
    WrongCount { expected: usize, got: usize },
    #[error("item {item}: {given:?} is not a whole number in the range {min}–{max}")]
    NotAWholeNumber {
        item: usize,
        given: String,
        min: u32,
        max: u32,
    },
    #[error("item {item}: {given} is out of range {min}–{max}")]
    OutOfRange {
        item: usize,
        given: String,
        min: u32,
        max: u32,
    },
    #[error(
        "item {item}: skipped, but {instrument} needs every item answered in the range {min}–{max}"
    )]
    SkipNotAllowed {
        instrument: String,
        item: usize,
        min: u32,
        max: u32,
    },
    #[error(
        "{} skipped, but {instrument} can be scored with at most {allowed} skipped; answer the others in the range {min}–{max}",
        item_list(.skipped)
    )]
    TooManySkipped {
        instrument: String,
        skipped: Vec<usize>,
        allowed: usize,
        min: u32,
        max: u32,
    },
    /// Cannot happen for a validated instrument; kept so that scoring never panics.
    #[error("total {total} falls in no band of {instrument}")]
    NoBand { instrument: String, total: u32 },
}

/// "item 4", "items 1 and 4", "items 1, 2 and 4".
fn item_list(items: &[usize]) -> String {
    let numbers: Vec<String> = items.iter().map(ToString::to_string).collect();
    match numbers.as_slice() {
        [] => "no items".to_string(),
        [one] => format!("item {one}"),
        [rest @ .., last] => format!("items {} and {last}", rest.join(", ")),
    }
}

/// Reads answers written as whole numbers separated by commas, `-` for a skipped item
/// (`"3,2,-,1"`). Checks the count and each value against `instrument`; whether skips are
/// allowed is for [`score`] to decide.
pub fn parse_answers(instrument: &Instrument, text: &str) -> Result<Vec<Answer>, ScoreError> {
    let tokens: Vec<&str> = if text.trim().is_empty() {
        Vec::new()
    } else {
        text.split(',').map(str::trim).collect()
    };
    let expected = instrument.items().len();
    if tokens.len() != expected {
        return Err(ScoreError::WrongCount {
            expected,
            got: tokens.len(),
        });
    }
    let responses = instrument.responses();
    tokens
        .iter()
        .enumerate()
        .map(|(i, token)| parse_one(i + 1, token, responses))
        .collect()
}

fn parse_one(item: usize, token: &str, responses: &Responses) -> Result<Answer, ScoreError> {
    if token == "-" {
        return Ok(Answer::Skipped);
    }
    let (min, max) = (responses.min, responses.max);
    let digits = token.strip_prefix(['-', '+']).unwrap_or(token);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ScoreError::NotAWholeNumber {
            item,
            given: token.to_string(),
            min,
            max,
        });
    }
    // A whole number that is negative or too long for u32 is out of range all the same.
    match token.parse::<u32>() {
        Ok(value) if (min..=max).contains(&value) => Ok(Answer::Value(value)),
        _ => Err(ScoreError::OutOfRange {
            item,
            given: token.to_string(),
            min,
            max,
        }),
    }
}

/// Scores `answers` (one per item, in order) against `instrument`.
pub fn score(instrument: &Instrument, answers: &[Answer]) -> Result<Score, ScoreError> {
    let items = instrument.items();
    let responses = instrument.responses();
    let (min, max) = (responses.min, responses.max);
    if answers.len() != items.len() {
        return Err(ScoreError::WrongCount {
            expected: items.len(),
            got: answers.len(),
        });
    }

    let mut sum = 0;
    let mut skipped = Vec::new();
    for (i, answer) in answers.iter().enumerate() {
        match *answer {
            Answer::Value(value) if (min..=max).contains(&value) => sum += value,
            Answer::Value(value) => {
                return Err(ScoreError::OutOfRange {
                    item: i + 1,
                    given: value.to_string(),
                    min,
                    max,
                });
            }
            Answer::Skipped => skipped.push(i + 1),
        }
    }

    let total = match (skipped.first(), &instrument.scoring().missing) {
        (None, _) => sum,
        (Some(&item), None) => {
            return Err(ScoreError::SkipNotAllowed {
                instrument: instrument.id().to_string(),
                item,
                min,
                max,
            });
        }
        (Some(_), Some(rule)) if skipped.len() > rule.max_skipped => {
            return Err(ScoreError::TooManySkipped {
                instrument: instrument.id().to_string(),
                skipped,
                allowed: rule.max_skipped,
                min,
                max,
            });
        }
        (Some(_), Some(rule)) => match rule.rule {
            MissingMethod::Prorate => prorate(sum, items.len(), items.len() - skipped.len()),
        },
    };

    let band = instrument
        .bands()
        .iter()
        .find(|b| (b.min..=b.max).contains(&total))
        .ok_or_else(|| ScoreError::NoBand {
            instrument: instrument.id().to_string(),
            total,
        })?;
    let flags = instrument
        .flags()
        .iter()
        .filter(|flag| match &flag.source {
            FlagSource::Total => flag.threshold.holds(total),
            FlagSource::Items(numbers) => {
                items_flag_holds(flag.threshold, numbers, answers, responses)
            }
        })
        .map(|flag| flag.name.clone())
        .collect();
    let safety_item_endorsed = items
        .iter()
        .zip(answers)
        .any(|(item, answer)| item.safety && matches!(answer, Answer::Value(v) if *v > min));

    Ok(Score {
        instrument: instrument.id().to_string(),
        total,
        percent: instrument
            .scoring()
            .percent_multiplier
            .map(|m| total.saturating_mul(m)),
        band: band.name.clone(),
        flags,
        prorated: !skipped.is_empty(),
        safety_item_endorsed,
    })
}

/// `sum × items / answered`, rounded half up, in integers so that 4.5 is exactly 5.
fn prorate(sum: u32, items: usize, answered: usize) -> u32 {
    // Validation keeps at least one item answered and both counts at most 100.
    let items = u32::try_from(items).unwrap_or(u32::MAX);
    let answered = u32::try_from(answered).unwrap_or(u32::MAX).max(1);
    (2 * sum * items + answered) / (2 * answered)
}

/// A flag on a sum of items holds only if it would whatever a skipped item's value had
/// been: an `at_least` flag counts skipped items at the lowest response, `at_most` at the
/// highest.
fn items_flag_holds(
    threshold: Threshold,
    numbers: &[usize],
    answers: &[Answer],
    responses: &Responses,
) -> bool {
    let (mut low, mut high) = (0, 0);
    for answer in numbers
        .iter()
        .map(|n| n.checked_sub(1).and_then(|i| answers.get(i)))
    {
        match answer {
            Some(Answer::Value(value)) => {
                low += value;
                high += value;
            }
            _ => {
                low += responses.min;
                high += responses.max;
            }
        }
    }
    match threshold {
        Threshold::AtLeast(_) => threshold.holds(low),
        Threshold::AtMost(_) => threshold.holds(high),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instruments::Catalog;

    fn catalog() -> Catalog {
        Catalog::builtin().expect("the embedded definitions validate")
    }

    fn instrument<'a>(catalog: &'a Catalog, id: &str) -> &'a Instrument {
        catalog
            .get(id)
            .unwrap_or_else(|| panic!("{id} is embedded"))
    }

    fn score_text(id: &str, text: &str) -> Result<Score, ScoreError> {
        let catalog = catalog();
        let instrument = instrument(&catalog, id);
        let answers = parse_answers(instrument, text)?;
        score(instrument, &answers)
    }

    fn scored(id: &str, text: &str) -> Score {
        score_text(id, text).unwrap_or_else(|e| panic!("{id} {text:?}: {e}"))
    }

    /// Answers adding up to `total`: every item at the lowest response, then raised one
    /// item at a time from the first.
    fn answers_totalling(instrument: &Instrument, total: u32) -> Vec<Answer> {
        let Responses { min, max, .. } = *instrument.responses();
        let mut left = total - min * instrument.items().len() as u32;
        instrument
            .items()
            .iter()
            .map(|_| {
                let extra = left.min(max - min);
                left -= extra;
                Answer::Value(min + extra)
            })
            .collect()
    }

    /// (name, lowest total, highest total), lowest band first.
    type Bands = &'static [(&'static str, u32, u32)];

    /// The published bands, written out here independently of the TOML files.
    const BANDS: &[(&str, Bands)] = &[
        (
            "who5",
            &[
                ("likely_depression", 0, 7),
                ("poor_wellbeing", 8, 12),
                ("no_indication", 13, 25),
            ],
        ),
        (
            "phq9",
            &[
                ("none_minimal", 0, 4),
                ("mild", 5, 9),
                ("moderate", 10, 14),
                ("moderately_severe", 15, 19),
                ("severe", 20, 27),
            ],
        ),
        (
            "phq2",
            &[("screen_negative", 0, 2), ("screen_positive", 3, 6)],
        ),
        (
            "gad2",
            &[("screen_negative", 0, 2), ("screen_positive", 3, 6)],
        ),
        (
            "gad7",
            &[
                ("minimal", 0, 4),
                ("mild", 5, 9),
                ("moderate", 10, 14),
                ("severe", 15, 21),
            ],
        ),
        (
            "phq4",
            &[
                ("normal", 0, 2),
                ("mild", 3, 5),
                ("moderate", 6, 8),
                ("severe", 9, 12),
            ],
        ),
        (
            "k6",
            &[("low", 0, 4), ("moderate", 5, 12), ("serious", 13, 24)],
        ),
        (
            "k10",
            &[
                ("low", 10, 15),
                ("moderate", 16, 21),
                ("high", 22, 29),
                ("very_high", 30, 50),
            ],
        ),
    ];

    #[test]
    fn every_instrument_has_exactly_the_published_bands() {
        let catalog = catalog();
        let ids: Vec<&str> = BANDS.iter().map(|(id, _)| *id).collect();
        let mut listed: Vec<&str> = catalog.ids().collect();
        listed.sort_unstable();
        let mut expected = ids.clone();
        expected.sort_unstable();
        assert_eq!(listed, expected, "the tables below cover every instrument");
        for (id, bands) in BANDS {
            let defined: Vec<(&str, u32, u32)> = instrument(&catalog, id)
                .bands()
                .iter()
                .map(|b| (b.name.as_str(), b.min, b.max))
                .collect();
            assert_eq!(&defined, bands, "{id}");
        }
    }

    #[test]
    fn every_band_boundary_and_the_total_just_outside_it_score_as_published() {
        let catalog = catalog();
        for (id, bands) in BANDS {
            let instrument = instrument(&catalog, id);
            let mut cases = Vec::new();
            for (i, &(name, min, max)) in bands.iter().enumerate() {
                cases.push((min, name));
                cases.push((max, name));
                if i > 0 {
                    cases.push((min - 1, bands[i - 1].0));
                }
                if let Some(next) = bands.get(i + 1) {
                    cases.push((max + 1, next.0));
                }
            }
            for (total, band) in cases {
                let score = score(instrument, &answers_totalling(instrument, total))
                    .unwrap_or_else(|e| panic!("{id} total {total}: {e}"));
                assert_eq!(score.total, total, "{id}");
                assert_eq!(score.band, band, "{id} total {total}");
                assert!(!score.prorated, "{id} total {total}");
                let percent = (*id == "who5").then_some(total * 4);
                assert_eq!(score.percent, percent, "{id} total {total}");
            }
        }
    }

    #[test]
    fn every_flag_fires_at_its_threshold_and_not_one_step_short_of_it() {
        let cases: &[(&str, &str, &[&str])] = &[
            // WHO-5: total 12 or less (48%, within the published ≤ 50%).
            ("who5", "3,3,2,2,2", &["screen_positive"]),
            ("who5", "3,3,3,2,2", &[]),
            ("who5", "0,0,0,0,0", &["screen_positive"]),
            ("who5", "5,5,5,5,5", &[]),
            // PHQ-9 item 9 at 1 fires the safety follow-up whatever the total.
            ("phq9", "0,0,0,0,0,0,0,0,1", &["item9_safety_followup"]),
            ("phq9", "0,0,0,0,0,0,0,0,0", &[]),
            ("phq9", "0,0,3,3,3,3,3,3,0", &["screen_positive"]),
            // PHQ-9 items 1 + 2 at 3.
            ("phq9", "2,1,0,0,0,0,0,0,0", &["phq2_positive"]),
            ("phq9", "0,3,0,0,0,0,0,0,0", &["phq2_positive"]),
            ("phq9", "1,1,0,0,0,0,0,0,0", &[]),
            ("phq9", "2,0,1,0,0,0,0,0,0", &[]),
            // PHQ-9 total at 10.
            ("phq9", "0,0,3,3,3,1,0,0,0", &["screen_positive"]),
            ("phq9", "0,0,3,3,3,0,0,0,0", &[]),
            // All three, in definition order.
            (
                "phq9",
                "3,3,3,3,3,3,3,3,3",
                &["item9_safety_followup", "phq2_positive", "screen_positive"],
            ),
            ("phq2", "2,1", &["screen_positive"]),
            ("phq2", "1,1", &[]),
            ("phq2", "0,2", &[]),
            ("gad2", "1,2", &["screen_positive"]),
            ("gad2", "1,1", &[]),
            ("gad7", "2,1,0,0,0,0,0", &["gad2_positive"]),
            ("gad7", "1,1,0,0,0,0,0", &[]),
            ("gad7", "0,0,3,3,3,1,0", &["screen_positive"]),
            ("gad7", "0,0,3,3,3,0,0", &[]),
            (
                "gad7",
                "3,0,3,3,1,0,0",
                &["gad2_positive", "screen_positive"],
            ),
            // PHQ-4: items 1–2 are anxiety, items 3–4 depression.
            ("phq4", "2,1,0,0", &["anxiety_subscale_positive"]),
            ("phq4", "1,1,0,0", &[]),
            ("phq4", "0,0,1,2", &["depression_subscale_positive"]),
            ("phq4", "0,0,2,0", &[]),
            ("phq4", "1,1,1,1", &[]),
            (
                "phq4",
                "3,3,3,3",
                &["anxiety_subscale_positive", "depression_subscale_positive"],
            ),
            ("k6", "3,2,2,2,2,2", &["screen_positive"]),
            ("k6", "2,2,2,2,2,2", &[]),
            // The K10 has bands only.
            ("k10", "5,5,5,5,5,5,5,5,5,5", &[]),
            ("k10", "1,1,1,1,1,1,1,1,1,1", &[]),
        ];
        for (id, text, flags) in cases {
            assert_eq!(&scored(id, text).flags, flags, "{id} {text}");
        }
    }

    #[test]
    fn only_a_phq9_item9_answer_above_zero_counts_as_a_safety_answer() {
        let cases = [
            ("phq9", "0,0,0,0,0,0,0,0,1", true),
            ("phq9", "0,0,0,0,0,0,0,0,3", true),
            ("phq9", "3,3,3,3,3,3,3,3,0", false),
            ("phq9", "0,0,0,0,0,0,0,0,-", false),
            ("phq2", "3,3", false),
            ("k10", "5,5,5,5,5,5,5,5,5,5", false),
        ];
        for (id, text, endorsed) in cases {
            assert_eq!(
                scored(id, text).safety_item_endorsed,
                endorsed,
                "{id} {text}"
            );
        }
    }

    #[test]
    fn phq9_prorates_one_or_two_skipped_items_rounding_half_up() {
        let cases: &[(&str, u32, &str, &[&str])] = &[
            // 8 answered, sum 8: 8 × 9 / 8 = 9.
            ("1,1,1,1,1,1,1,1,-", 9, "mild", &[]),
            // Sum 4: 4.5 rounds up to 5, across the band line.
            ("1,1,1,1,0,0,0,0,-", 5, "mild", &[]),
            // Sum 3: 3.375 rounds down.
            ("1,1,1,0,0,0,0,0,-", 3, "none_minimal", &[]),
            // Sum 12: 13.5 rounds up to 14.
            ("2,0,2,2,2,2,2,0,-", 14, "moderate", &["screen_positive"]),
            // Sum 9: 10.125 → 10, so the prorated total screens positive.
            ("2,0,2,2,2,1,0,0,-", 10, "moderate", &["screen_positive"]),
            // 7 answered, sum 7: exactly 9.
            ("1,1,1,1,1,1,1,-,-", 9, "mild", &[]),
            // Sum 5: 6.43 → 6; sum 6: 7.71 → 8.
            ("1,1,1,1,1,0,0,-,-", 6, "mild", &[]),
            ("1,1,1,1,1,1,0,-,-", 8, "mild", &[]),
            // A skipped item in a pair: 3 + anything is at least 3, 2 + unknown is not known.
            ("-,3,0,0,0,0,0,0,0", 3, "none_minimal", &["phq2_positive"]),
            ("-,2,0,0,0,0,0,0,0", 2, "none_minimal", &[]),
            // A skipped item 9 is not a safety answer.
            ("0,0,0,0,0,0,0,1,-", 1, "none_minimal", &[]),
            (
                "3,-,3,3,3,3,3,-,3",
                27,
                "severe",
                &["item9_safety_followup", "phq2_positive", "screen_positive"],
            ),
        ];
        for (text, total, band, flags) in cases {
            let score = scored("phq9", text);
            assert_eq!(score.total, *total, "{text}");
            assert_eq!(score.band, *band, "{text}");
            assert_eq!(&score.flags, flags, "{text}");
            assert!(score.prorated, "{text}");
            assert_eq!(score.percent, None, "{text}");
        }
        assert!(!scored("phq9", "1,1,1,1,1,1,1,1,1").prorated);
    }

    #[test]
    fn phq9_with_three_or_more_skipped_items_is_not_scorable() {
        let cases: &[(&str, &[usize])] = &[
            ("-,-,-,0,0,0,0,0,0", &[1, 2, 3]),
            ("0,-,0,-,0,-,0,-,0", &[2, 4, 6, 8]),
            ("-,-,-,-,-,-,-,-,-", &[1, 2, 3, 4, 5, 6, 7, 8, 9]),
        ];
        for (text, skipped) in cases {
            assert_eq!(
                score_text("phq9", text),
                Err(ScoreError::TooManySkipped {
                    instrument: "phq9".into(),
                    skipped: skipped.to_vec(),
                    allowed: 2,
                    min: 0,
                    max: 3,
                }),
                "{text}"
            );
        }
    }

    #[test]
    fn a_skipped_item_is_refused_by_every_instrument_but_phq9() {
        let catalog = catalog();
        for instrument in catalog.list().iter().filter(|i| i.id() != "phq9") {
            let Responses { min, max, .. } = *instrument.responses();
            let mut answers = answers_totalling(instrument, min * instrument.items().len() as u32);
            let last = answers.len();
            answers[last - 1] = Answer::Skipped;
            assert_eq!(
                score(instrument, &answers),
                Err(ScoreError::SkipNotAllowed {
                    instrument: instrument.id().into(),
                    item: last,
                    min,
                    max,
                }),
                "{}",
                instrument.id()
            );
        }
    }

    #[test]
    fn each_kind_of_bad_answer_names_the_item_and_the_allowed_range() {
        let cases = [
            ("phq9", "0,0,7,0,0,0,0,0,0", "item 3: 7 is out of range 0–3"),
            (
                "phq9",
                "0,-1,0,0,0,0,0,0,0",
                "item 2: -1 is out of range 0–3",
            ),
            ("who5", "5,5,5,5,6", "item 5: 6 is out of range 0–5"),
            (
                "k10",
                "1,1,0,1,1,1,1,1,1,1",
                "item 3: 0 is out of range 1–5",
            ),
            (
                "k10",
                "1,1,1,1,1,1,1,1,1,6",
                "item 10: 6 is out of range 1–5",
            ),
            ("k6", "0,0,0,0,5,0", "item 5: 5 is out of range 0–4"),
            (
                "phq4",
                "1,99999999999999999999,0,0",
                "item 2: 99999999999999999999 is out of range 0–3",
            ),
            (
                "gad7",
                "2.5,0,0,0,0,0,0",
                "item 1: \"2.5\" is not a whole number in the range 0–3",
            ),
            (
                "phq2",
                "1,x",
                "item 2: \"x\" is not a whole number in the range 0–3",
            ),
            (
                "gad2",
                "1,",
                "item 2: \"\" is not a whole number in the range 0–3",
            ),
            (
                "phq4",
                "1,2,--,0",
                "item 3: \"--\" is not a whole number in the range 0–3",
            ),
            ("phq9", "0,0,0,0,0,0,0,0", "expected 9 answers, got 8"),
            ("phq9", "0,0,0,0,0,0,0,0,0,0", "expected 9 answers, got 10"),
            ("phq9", "", "expected 9 answers, got 0"),
            ("phq2", "1 2", "expected 2 answers, got 1"),
            (
                "gad7",
                "1,-,0,0,0,0,0",
                "item 2: skipped, but gad7 needs every item answered in the range 0–3",
            ),
            (
                "phq9",
                "-,-,-,0,0,0,0,0,0",
                "items 1, 2 and 3 skipped, but phq9 can be scored with at most 2 skipped; \
                 answer the others in the range 0–3",
            ),
        ];
        for (id, text, message) in cases {
            match score_text(id, text) {
                Err(e) => assert_eq!(e.to_string(), message, "{id} {text:?}"),
                Ok(score) => panic!("{id} {text:?} scored {score:?}"),
            }
        }
    }

    #[test]
    fn answers_may_carry_spaces_around_the_commas() {
        assert_eq!(scored("phq2", " 2 , 1 ").total, 3);
    }

    #[test]
    fn score_checks_values_and_counts_it_is_handed_directly() {
        let catalog = catalog();
        let phq2 = instrument(&catalog, "phq2");
        assert_eq!(
            score(phq2, &[Answer::Value(1), Answer::Value(4)]),
            Err(ScoreError::OutOfRange {
                item: 2,
                given: "4".into(),
                min: 0,
                max: 3
            })
        );
        assert_eq!(
            score(phq2, &[Answer::Value(1)]),
            Err(ScoreError::WrongCount {
                expected: 2,
                got: 1
            })
        );
    }

    #[test]
    fn item_lists_read_naturally() {
        assert_eq!(item_list(&[4]), "item 4");
        assert_eq!(item_list(&[1, 4]), "items 1 and 4");
        assert_eq!(item_list(&[1, 2, 4]), "items 1, 2 and 4");
    }
}
