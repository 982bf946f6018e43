//! What an instrument definition says (items, responses, bands, flags) and the checks a
//! definition's TOML text must pass before anything is scored with it. Reads no files.

use std::collections::HashSet;

use serde::Deserialize;

/// More items or a larger response value than any screening questionnaire uses; the limits
/// keep every total comfortably inside `u32`.
const MAX_ITEMS: usize = 100;
const MAX_VALUE: u32 = 100;

/// A validated questionnaire. The only way to get one is [`Instrument::from_toml`], so every
/// instance has bands covering its whole total range and flags that refer to real items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instrument {
    id: String,
    title: String,
    intro: String,
    citation: String,
    licence: String,
    responses: Responses,
    scoring: Scoring,
    items: Vec<Item>,
    bands: Vec<Band>,
    flags: Vec<Flag>,
}

/// The answers every item accepts: whole numbers `min..=max`, each with a label.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Responses {
    pub min: u32,
    pub max: u32,
    /// One label per value, lowest value first.
    pub labels: Vec<String>,
}

impl Responses {
    /// The label shown for `value`, if `value` is in range.
    pub fn label(&self, value: u32) -> Option<&str> {
        let index = value.checked_sub(self.min)?;
        self.labels
            .get(usize::try_from(index).ok()?)
            .map(String::as_str)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    pub method: Method,
    /// When present, the score also has a percent: total × this.
    pub percent_multiplier: Option<u32>,
    /// When present, up to `max_skipped` items may be left unanswered.
    pub missing: Option<MissingRule>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The total is the sum of the item values.
    Sum,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MissingRule {
    pub rule: MissingMethod,
    pub max_skipped: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingMethod {
    /// Scale the sum of the answered items up to the full item count, rounding half up.
    Prorate,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Our own plain wording of what the item asks about.
    pub prompt: String,
    /// An answer above the lowest response calls for crisis resources at once.
    #[serde(default)]
    pub safety: bool,
}

/// A named range of totals with what it means, in plain words for the person who answered.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub name: String,
    /// A few supportive words for the person who answered ("some low mood"), shown to them
    /// instead of the published band name, which is a clinician's ("moderately severe").
    pub plain: String,
    pub min: u32,
    pub max: u32,
    pub meaning: String,
}

/// A named condition on the total or on a sum of items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    pub name: String,
    pub source: FlagSource,
    pub threshold: Threshold,
    pub meaning: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlagSource {
    /// The instrument's total (prorated where the missing-item rule applied).
    Total,
    /// The sum of these items, numbered from 1.
    Items(Vec<usize>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threshold {
    AtLeast(u32),
    AtMost(u32),
}

impl Threshold {
    pub fn holds(self, value: u32) -> bool {
        match self {
            Threshold::AtLeast(t) => value >= t,
            Threshold::AtMost(t) => value <= t,
        }
    }
}

impl std::fmt::Display for Threshold {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Threshold::AtLeast(t) => write!(f, "at_least = {t}"),
            Threshold::AtMost(t) => write!(f, "at_most = {t}"),
        }
    }
}

/// A definition that cannot be used, naming where it came from and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("instrument definition {origin}: {problem}")]
pub struct DefinitionError {
    /// The file (or other source) the text came from, e.g. `phq9.toml`.
    pub origin: String,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("line {line}: {message}")]
    Syntax { line: usize, message: String },
    #[error("{field} is empty")]
    Empty { field: String },
    #[error("{field} {name:?} may use only a-z, 0-9 and _")]
    BadName { field: String, name: String },
    #[error("the id is {id:?} but the file is named for {expected:?}")]
    IdMismatch { id: String, expected: String },
    #[error("instrument {id:?} is defined twice")]
    DuplicateId { id: String },
    #[error("responses: min {min} must be below max {max}")]
    ResponseRange { min: u32, max: u32 },
    #[error("responses: max {max} is above the limit of {MAX_VALUE}")]
    ResponseTooLarge { max: u32 },
    #[error("responses: values {min}-{max} need {expected} labels, found {found}")]
    LabelCount {
        min: u32,
        max: u32,
        expected: usize,
        found: usize,
    },
    #[error("there are no items")]
    NoItems,
    #[error("{count} items is above the limit of {MAX_ITEMS}")]
    TooManyItems { count: usize },
    #[error("scoring: percent_multiplier must be at least 1")]
    ZeroMultiplier,
    #[error(
        "scoring.missing: max_skipped must be from 1 to {limit} (one fewer than the items), found {found}"
    )]
    MissingLimit { found: usize, limit: usize },
    #[error("there are no bands")]
    NoBands,
    #[error("{kind} {name:?} is defined twice")]
    Duplicate { kind: &'static str, name: String },
    #[error("band {band:?}: min {min} is above max {max}")]
    BandInverted { band: String, min: u32, max: u32 },
    #[error("the first band, {band:?}, starts at {found}, but totals start at {expected}")]
    BandsStart {
        band: String,
        found: u32,
        expected: u32,
    },
    #[error("bands leave a gap: {before:?} ends at {end} but {after:?} starts at {start}")]
    BandGap {
        before: String,
        end: u32,
        after: String,
        start: u32,
    },
    #[error(
        "bands overlap or are out of order: {before:?} ends at {end} but {after:?} starts at {start}"
    )]
    BandOverlap {
        before: String,
        end: u32,
        after: String,
        start: u32,
    },
    #[error("the last band, {band:?}, ends at {found}, but totals reach {expected}")]
    BandsEnd {
        band: String,
        found: u32,
        expected: u32,
    },
    #[error("flag {flag:?} needs exactly one of at_least or at_most")]
    FlagThreshold { flag: String },
    #[error("flag {flag:?}: items = [] names no items (leave items out to use the total)")]
    FlagNoItems { flag: String },
    #[error("flag {flag:?} refers to item {item}, but items are numbered 1 to {count}")]
    FlagItem {
        flag: String,
        item: usize,
        count: usize,
    },
    #[error("flag {flag:?} names item {item} twice")]
    FlagItemRepeated { flag: String, item: usize },
    #[error(
        "flag {flag:?}: {threshold} would always or never hold, since its sum runs from {low} to {high}"
    )]
    FlagUnreachable {
        flag: String,
        threshold: Threshold,
        low: u32,
        high: u32,
    },
}

/// The TOML shape of a definition, before it is checked.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Definition {
    id: String,
    title: String,
    intro: String,
    /// Required, so every definition states that its prompts are our own adapted wording.
    #[allow(dead_code)] // read only by serde: its presence and value are the check
    wording: Wording,
    citation: String,
    licence: String,
    responses: Responses,
    scoring: Scoring,
    items: Vec<Item>,
    bands: Vec<Band>,
    #[serde(default)]
    flags: Vec<FlagDefinition>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Wording {
    /// Our own wording of each item's content, never the official copyrighted text.
    Adapted,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FlagDefinition {
    name: String,
    rule: RuleDefinition,
    meaning: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDefinition {
    items: Option<Vec<usize>>,
    at_least: Option<u32>,
    at_most: Option<u32>,
}

impl Instrument {
    /// Parses and checks one definition. `origin` names the source (a file name) in errors.
    pub fn from_toml(origin: &str, text: &str) -> Result<Self, DefinitionError> {
        let fail = |problem| DefinitionError {
            origin: origin.to_string(),
            problem,
        };
        let definition: Definition = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |span| line_of(text, span.start));
            fail(Problem::Syntax {
                line,
                message: e.message().trim().to_string(),
            })
        })?;
        validate(definition).map_err(fail)
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    /// The framing shown before the items ("Over the last two weeks, …").
    pub fn intro(&self) -> &str {
        &self.intro
    }

    /// The source paper(s) for the scoring and cut-offs.
    pub fn citation(&self) -> &str {
        &self.citation
    }

    pub fn licence(&self) -> &str {
        &self.licence
    }

    pub fn responses(&self) -> &Responses {
        &self.responses
    }

    pub fn scoring(&self) -> &Scoring {
        &self.scoring
    }

    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// In order of their totals, lowest first.
    pub fn bands(&self) -> &[Band] {
        &self.bands
    }

    pub fn flags(&self) -> &[Flag] {
        &self.flags
    }

    pub fn band_named(&self, name: &str) -> Option<&Band> {
        self.bands.iter().find(|b| b.name == name)
    }

    pub fn flag_named(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.name == name)
    }

    /// The lowest and highest possible totals.
    pub fn total_range(&self) -> (u32, u32) {
        sum_range(&self.responses, self.items.len())
    }
}

/// The 1-based line holding byte `offset` of `text`.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The range of a sum over `count` items; callers keep `count` within `MAX_ITEMS`.
fn sum_range(responses: &Responses, count: usize) -> (u32, u32) {
    let count = u32::try_from(count).unwrap_or(u32::MAX);
    (
        responses.min.saturating_mul(count),
        responses.max.saturating_mul(count),
    )
}

fn validate(d: Definition) -> Result<Instrument, Problem> {
    check_name("id", &d.id)?;
    for (field, value) in [
        ("title", &d.title),
        ("intro", &d.intro),
        ("citation", &d.citation),
        ("licence", &d.licence),
    ] {
        check_filled(field, value)?;
    }
    check_responses(&d.responses)?;
    check_items(&d.items)?;
    check_scoring(&d.scoring, d.items.len())?;
    let totals = sum_range(&d.responses, d.items.len());
    check_bands(&d.bands, totals)?;
    let flags = d
        .flags
        .into_iter()
        .map(|f| check_flag(f, &d.responses, d.items.len()))
        .collect::<Result<Vec<_>, _>>()?;
    check_unique("flag", flags.iter().map(|f| f.name.as_str()))?;
    Ok(Instrument {
        id: d.id,
        title: d.title,
        intro: d.intro,
        citation: d.citation,
        licence: d.licence,
        responses: d.responses,
        scoring: d.scoring,
        items: d.items,
        bands: d.bands,
        flags,
    })
}

fn check_filled(field: &str, value: &str) -> Result<(), Problem> {
    if value.trim().is_empty() {
        return Err(Problem::Empty {
            field: field.to_string(),
        });
    }
    Ok(())
}

/// Ids and names reach JSON, stored aggregates and file names, so they stay plain.
fn check_name(field: &str, name: &str) -> Result<(), Problem> {
    let plain = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_';
    if name.is_empty() || !name.chars().all(plain) {
        return Err(Problem::BadName {
            field: field.to_string(),
            name: name.to_string(),
        });
    }
    Ok(())
}

fn check_unique<'a>(
    kind: &'static str,
    names: impl IntoIterator<Item = &'a str>,
) -> Result<(), Problem> {
    let mut seen = HashSet::new();
    for name in names {
        if !seen.insert(name) {
            return Err(Problem::Duplicate {
                kind,
                name: name.to_string(),
            });
        }
    }
    Ok(())
}

fn check_responses(r: &Responses) -> Result<(), Problem> {
    if r.min >= r.max {
        return Err(Problem::ResponseRange {
            min: r.min,
            max: r.max,
        });
    }
    if r.max > MAX_VALUE {
        return Err(Problem::ResponseTooLarge { max: r.max });
    }
    let expected = usize::try_from(r.max - r.min).map_or(usize::MAX, |n| n + 1);
    if r.labels.len() != expected {
        return Err(Problem::LabelCount {
            min: r.min,
            max: r.max,
            expected,
            found: r.labels.len(),
        });
    }
    for (i, label) in r.labels.iter().enumerate() {
        check_filled(&format!("responses label {}", i + 1), label)?;
    }
    Ok(())
}

fn check_items(items: &[Item]) -> Result<(), Problem> {
    if items.is_empty() {
        return Err(Problem::NoItems);
    }
    if items.len() > MAX_ITEMS {
        return Err(Problem::TooManyItems { count: items.len() });
    }
    for (i, item) in items.iter().enumerate() {
        check_filled(&format!("item {} prompt", i + 1), &item.prompt)?;
    }
    Ok(())
}

fn check_scoring(scoring: &Scoring, item_count: usize) -> Result<(), Problem> {
    if scoring.percent_multiplier == Some(0) {
        return Err(Problem::ZeroMultiplier);
    }
    if let Some(missing) = &scoring.missing {
        // Skipping every item would leave nothing to prorate from.
        let limit = item_count.saturating_sub(1);
        if missing.max_skipped == 0 || missing.max_skipped > limit {
            return Err(Problem::MissingLimit {
                found: missing.max_skipped,
                limit,
            });
        }
    }
    Ok(())
}

fn check_bands(bands: &[Band], (low, high): (u32, u32)) -> Result<(), Problem> {
    let (Some(first), Some(last)) = (bands.first(), bands.last()) else {
        return Err(Problem::NoBands);
    };
    for band in bands {
        check_name("band name", &band.name)?;
        check_filled(&format!("band {:?} meaning", band.name), &band.meaning)?;
        check_filled(&format!("band {:?} plain", band.name), &band.plain)?;
        if band.min > band.max {
            return Err(Problem::BandInverted {
                band: band.name.clone(),
                min: band.min,
                max: band.max,
            });
        }
    }
    check_unique("band", bands.iter().map(|b| b.name.as_str()))?;
    if first.min != low {
        return Err(Problem::BandsStart {
            band: first.name.clone(),
            found: first.min,
            expected: low,
        });
    }
    for pair in bands.windows(2) {
        let (before, after) = (&pair[0], &pair[1]);
        let next = before.max.saturating_add(1);
        if after.min > next {
            return Err(Problem::BandGap {
                before: before.name.clone(),
                end: before.max,
                after: after.name.clone(),
                start: after.min,
            });
        }
        if after.min < next {
            return Err(Problem::BandOverlap {
                before: before.name.clone(),
                end: before.max,
                after: after.name.clone(),
                start: after.min,
            });
        }
    }
    if last.max != high {
        return Err(Problem::BandsEnd {
            band: last.name.clone(),
            found: last.max,
            expected: high,
        });
    }
    Ok(())
}

fn check_flag(
    flag: FlagDefinition,
    responses: &Responses,
    item_count: usize,
) -> Result<Flag, Problem> {
    check_name("flag name", &flag.name)?;
    check_filled(&format!("flag {:?} meaning", flag.name), &flag.meaning)?;
    let threshold = match (flag.rule.at_least, flag.rule.at_most) {
        (Some(t), None) => Threshold::AtLeast(t),
        (None, Some(t)) => Threshold::AtMost(t),
        _ => return Err(Problem::FlagThreshold { flag: flag.name }),
    };
    let (source, summed) = match flag.rule.items {
        None => (FlagSource::Total, item_count),
        Some(items) => {
            if items.is_empty() {
                return Err(Problem::FlagNoItems { flag: flag.name });
            }
            let mut seen = HashSet::new();
            for &item in &items {
                if item == 0 || item > item_count {
                    return Err(Problem::FlagItem {
                        flag: flag.name,
                        item,
                        count: item_count,
                    });
                }
                if !seen.insert(item) {
                    return Err(Problem::FlagItemRepeated {
                        flag: flag.name,
                        item,
                    });
                }
            }
            let summed = items.len();
            (FlagSource::Items(items), summed)
        }
    };
    // A threshold that every possible sum meets (or none does) is a typo, not a rule.
    let (low, high) = sum_range(responses, summed);
    let meaningful = match threshold {
        Threshold::AtLeast(t) => low < t && t <= high,
        Threshold::AtMost(t) => low <= t && t < high,
    };
    if !meaningful {
        return Err(Problem::FlagUnreachable {
            flag: flag.name,
            threshold,
            low,
            high,
        });
    }
    Ok(Flag {
        name: flag.name,
        source,
        threshold,
        meaning: flag.meaning,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small valid definition that each test below breaks in one way.
    const BASE: &str = r#"
id = "demo2"
title = "Demo"
intro = "Over the last two weeks"
wording = "adapted"
citation = "A paper"
licence = "A note"

[responses]
min = 0
max = 3
labels = ["a", "b", "c", "d"]

[scoring]
method = "sum"

[[items]]
prompt = "first"

[[items]]
prompt = "second"
safety = true

[[bands]]
name = "low"
plain = "low"
min = 0
max = 2
meaning = "low"

[[bands]]
name = "high"
plain = "high"
min = 3
max = 6
meaning = "high"

[[flags]]
name = "second_item"
rule = { items = [2], at_least = 1 }
meaning = "the second item"
"#;

    fn problem_with(from: &str, to: &str) -> Problem {
        assert!(
            BASE.contains(from),
            "{from:?} is not in the base definition"
        );
        match Instrument::from_toml("demo2.toml", &BASE.replacen(from, to, 1)) {
            Ok(_) => panic!("replacing {from:?} with {to:?} still validated"),
            Err(e) => {
                assert_eq!(e.origin, "demo2.toml");
                e.problem
            }
        }
    }

    #[test]
    fn the_base_definition_is_valid() {
        let instrument = Instrument::from_toml("demo2.toml", BASE).expect("valid");
        assert_eq!(instrument.id(), "demo2");
        assert_eq!(instrument.total_range(), (0, 6));
        assert_eq!(instrument.responses().label(2), Some("c"));
        assert_eq!(instrument.responses().label(4), None);
        assert_eq!(
            instrument.flags()[0].source,
            FlagSource::Items(vec![2]),
            "{instrument:?}"
        );
    }

    #[test]
    fn each_malformed_definition_names_its_problem() {
        let cases: &[(&str, &str, Problem)] = &[
            (
                "plain = \"low\"",
                "plain = \" \"",
                Problem::Empty {
                    field: "band \"low\" plain".into(),
                },
            ),
            (
                "max = 2\nmeaning = \"low\"",
                "max = 1\nmeaning = \"low\"",
                Problem::BandGap {
                    before: "low".into(),
                    end: 1,
                    after: "high".into(),
                    start: 3,
                },
            ),
            (
                "min = 3\nmax = 6",
                "min = 2\nmax = 6",
                Problem::BandOverlap {
                    before: "low".into(),
                    end: 2,
                    after: "high".into(),
                    start: 2,
                },
            ),
            (
                "min = 0\nmax = 2",
                "min = 1\nmax = 2",
                Problem::BandsStart {
                    band: "low".into(),
                    found: 1,
                    expected: 0,
                },
            ),
            (
                "max = 6",
                "max = 5",
                Problem::BandsEnd {
                    band: "high".into(),
                    found: 5,
                    expected: 6,
                },
            ),
            (
                "min = 3\nmax = 6",
                "min = 7\nmax = 6",
                Problem::BandInverted {
                    band: "high".into(),
                    min: 7,
                    max: 6,
                },
            ),
            (
                "name = \"high\"",
                "name = \"low\"",
                Problem::Duplicate {
                    kind: "band",
                    name: "low".into(),
                },
            ),
            (
                "items = [2]",
                "items = [3]",
                Problem::FlagItem {
                    flag: "second_item".into(),
                    item: 3,
                    count: 2,
                },
            ),
            (
                "items = [2]",
                "items = [0]",
                Problem::FlagItem {
                    flag: "second_item".into(),
                    item: 0,
                    count: 2,
                },
            ),
            (
                "items = [2]",
                "items = [2, 2]",
                Problem::FlagItemRepeated {
                    flag: "second_item".into(),
                    item: 2,
                },
            ),
            (
                "items = [2], ",
                "items = [], ",
                Problem::FlagNoItems {
                    flag: "second_item".into(),
                },
            ),
            (
                "at_least = 1 }",
                "at_least = 1, at_most = 2 }",
                Problem::FlagThreshold {
                    flag: "second_item".into(),
                },
            ),
            (
                "items = [2], at_least = 1 }",
                "items = [2] }",
                Problem::FlagThreshold {
                    flag: "second_item".into(),
                },
            ),
            (
                "at_least = 1 }",
                "at_least = 4 }",
                Problem::FlagUnreachable {
                    flag: "second_item".into(),
                    threshold: Threshold::AtLeast(4),
                    low: 0,
                    high: 3,
                },
            ),
            (
                "at_least = 1 }",
                "at_least = 0 }",
                Problem::FlagUnreachable {
                    flag: "second_item".into(),
                    threshold: Threshold::AtLeast(0),
                    low: 0,
                    high: 3,
                },
            ),
            (
                "labels = [\"a\", \"b\", \"c\", \"d\"]",
                "labels = [\"a\", \"b\", \"c\"]",
                Problem::LabelCount {
                    min: 0,
                    max: 3,
                    expected: 4,
                    found: 3,
                },
            ),
            (
                "min = 0\nmax = 3",
                "min = 3\nmax = 3",
                Problem::ResponseRange { min: 3, max: 3 },
            ),
            (
                "id = \"demo2\"",
                "id = \"Demo 2\"",
                Problem::BadName {
                    field: "id".into(),
                    name: "Demo 2".into(),
                },
            ),
            (
                "title = \"Demo\"",
                "title = \" \"",
                Problem::Empty {
                    field: "title".into(),
                },
            ),
            (
                "prompt = \"second\"",
                "prompt = \"\"",
                Problem::Empty {
                    field: "item 2 prompt".into(),
                },
            ),
            (
                "method = \"sum\"",
                "method = \"sum\"\npercent_multiplier = 0",
                Problem::ZeroMultiplier,
            ),
            (
                "method = \"sum\"",
                "method = \"sum\"\nmissing = { rule = \"prorate\", max_skipped = 2 }",
                Problem::MissingLimit { found: 2, limit: 1 },
            ),
        ];
        for (from, to, expected) in cases {
            assert_eq!(&problem_with(from, to), expected, "{from:?} -> {to:?}");
        }
    }

    #[test]
    fn toml_mistakes_name_the_line() {
        let cases = [
            // A misspelt field is refused, not silently ignored.
            ("prompt = \"first\"", "promt = \"first\"", 18, "promt"),
            // Every definition must say its wording is our own adaptation.
            (
                "wording = \"adapted\"",
                "wording = \"official\"",
                5,
                "official",
            ),
            ("method = \"sum\"", "method = \"mean\"", 15, "mean"),
            ("title = \"Demo\"", "title = \"Demo", 3, ""),
        ];
        for (from, to, line, mentions) in cases {
            match problem_with(from, to) {
                Problem::Syntax {
                    line: found,
                    message,
                } => {
                    assert_eq!(found, line, "{to:?}: {message}");
                    assert!(message.contains(mentions), "{to:?}: {message}");
                }
                other => panic!("{to:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn the_error_message_names_the_file_and_the_problem() {
        let text = BASE.replacen("items = [2]", "items = [5]", 1);
        let message = Instrument::from_toml("demo2.toml", &text)
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            message.as_deref(),
            Some(
                "instrument definition demo2.toml: flag \"second_item\" refers to item 5, \
                 but items are numbered 1 to 2"
            )
        );
    }
}
