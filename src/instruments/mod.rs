//! The questionnaire catalog: the embedded definitions (`assets/instruments/*.toml`), found by
//! id, and the pure scoring of answers. Reads no files itself; sources arrive as TOML text.

pub mod definition;
pub mod reading;
pub mod scoring;

use std::path::Path;

pub use definition::{Band, DefinitionError, Flag, Instrument, Item, Problem, Responses};
pub use reading::reading;
pub use scoring::{Answer, Score, ScoreError, parse_answers, score};

/// The definitions built into the binary, as (file name, TOML text), in the order they are
/// listed. A config-dir override can replace an entry by file name before building a
/// [`Catalog`] with [`Catalog::from_sources`].
pub const BUILTIN: [(&str, &str); 8] = [
    (
        "who5.toml",
        include_str!("../../assets/instruments/who5.toml"),
    ),
    (
        "phq2.toml",
        include_str!("../../assets/instruments/phq2.toml"),
    ),
    (
        "phq9.toml",
        include_str!("../../assets/instruments/phq9.toml"),
    ),
    (
        "gad2.toml",
        include_str!("../../assets/instruments/gad2.toml"),
    ),
    (
        "gad7.toml",
        include_str!("../../assets/instruments/gad7.toml"),
    ),
    (
        "phq4.toml",
        include_str!("../../assets/instruments/phq4.toml"),
    ),
    ("k6.toml", include_str!("../../assets/instruments/k6.toml")),
    (
        "k10.toml",
        include_str!("../../assets/instruments/k10.toml"),
    ),
];

/// Where to turn at once, shown whenever a safety item is answered above its lowest response
/// (and by the app's "need help now" key). Showing it tells no one.
pub const CRISIS_SUPPORT: [&str; 4] = [
    "988 Suicide & Crisis Lifeline: call or text 988, any time, day or night.",
    "911: if you or someone else is in immediate danger.",
    "Your Employee Assistance Program (EAP) and peer support team are there for you too.",
    "Nothing you answered here has been sent to anyone.",
];

/// Validated instruments, in listing order, with unique ids.
#[derive(Debug, Clone)]
pub struct Catalog {
    instruments: Vec<Instrument>,
}

impl Catalog {
    /// The instruments built into the binary.
    pub fn builtin() -> Result<Self, DefinitionError> {
        Self::from_sources(BUILTIN)
    }

    /// Parses and checks each (origin, TOML text) pair. An origin's file stem must equal
    /// the id it defines (`phq9.toml` defines `phq9`), and no id may appear twice.
    pub fn from_sources<'a>(
        sources: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, DefinitionError> {
        let mut instruments: Vec<Instrument> = Vec::new();
        for (origin, text) in sources {
            let instrument = Instrument::from_toml(origin, text)?;
            let fail = |problem| DefinitionError {
                origin: origin.to_string(),
                problem,
            };
            let stem = Path::new(origin)
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or(origin);
            if stem != instrument.id() {
                return Err(fail(Problem::IdMismatch {
                    id: instrument.id().to_string(),
                    expected: stem.to_string(),
                }));
            }
            if instruments.iter().any(|i| i.id() == instrument.id()) {
                return Err(fail(Problem::DuplicateId {
                    id: instrument.id().to_string(),
                }));
            }
            instruments.push(instrument);
        }
        Ok(Self { instruments })
    }

    pub fn get(&self, id: &str) -> Option<&Instrument> {
        self.instruments.iter().find(|i| i.id() == id)
    }

    pub fn list(&self) -> &[Instrument] {
        &self.instruments
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.instruments.iter().map(Instrument::id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_definition_validates() {
        for (origin, text) in BUILTIN {
            if let Err(e) = Instrument::from_toml(origin, text) {
                panic!("{e}");
            }
        }
        let catalog = Catalog::builtin().expect("the catalog builds");
        let ids: Vec<&str> = catalog.ids().collect();
        assert_eq!(
            ids,
            ["who5", "phq2", "phq9", "gad2", "gad7", "phq4", "k6", "k10"]
        );
        assert!(catalog.get("phq9").is_some());
        assert!(catalog.get("PHQ9").is_none());
        assert!(catalog.get("bdi").is_none());
    }

    /// The published facts of one instrument, written out independently of the TOML files.
    struct Shape {
        id: &'static str,
        items: usize,
        values: (u32, u32),
        percent_multiplier: Option<u32>,
        skips_allowed: usize,
        /// Words the citation must contain.
        cited: &'static [&'static str],
    }

    #[test]
    fn each_instrument_has_the_published_shape() {
        let shape = |id, items, values, percent_multiplier, skips_allowed, cited| Shape {
            id,
            items,
            values,
            percent_multiplier,
            skips_allowed,
            cited,
        };
        let cases = [
            shape(
                "who5",
                5,
                (0, 5),
                Some(4),
                0,
                &["Topp", "2015", "Psychother Psychosom", "1998"],
            ),
            shape("phq2", 2, (0, 3), None, 0, &["Kroenke", "2003"]),
            shape(
                "phq9",
                9,
                (0, 3),
                None,
                2,
                &["Kroenke", "Spitzer", "Williams", "2001", "J Gen Intern Med"],
            ),
            shape("gad2", 2, (0, 3), None, 0, &["Kroenke", "2007"]),
            shape("gad7", 7, (0, 3), None, 0, &["Spitzer", "2006"]),
            shape("phq4", 4, (0, 3), None, 0, &["Kroenke", "2009"]),
            shape(
                "k6",
                6,
                (0, 4),
                None,
                0,
                &["Kessler", "2003", "Prochaska", "2012"],
            ),
            shape(
                "k10",
                10,
                (1, 5),
                None,
                0,
                &["Kessler", "2002", "Andrews", "Slade", "2001"],
            ),
        ];
        let catalog = Catalog::builtin().expect("the catalog builds");
        for Shape {
            id,
            items,
            values,
            percent_multiplier,
            skips_allowed,
            cited,
        } in cases
        {
            let instrument = catalog.get(id).expect("embedded");
            assert_eq!(instrument.items().len(), items, "{id}");
            assert_eq!(
                (instrument.responses().min, instrument.responses().max),
                values,
                "{id}"
            );
            assert_eq!(
                instrument.scoring().percent_multiplier,
                percent_multiplier,
                "{id}"
            );
            let allowed = instrument
                .scoring()
                .missing
                .as_ref()
                .map_or(0, |m| m.max_skipped);
            assert_eq!(allowed, skips_allowed, "{id}");
            for word in cited {
                assert!(instrument.citation().contains(word), "{id} cites {word}");
            }
            assert!(instrument.title().contains("adapted wording"), "{id}");
            assert!(!instrument.licence().trim().is_empty(), "{id}");
            for band in instrument.bands() {
                assert!(!band.meaning.trim().is_empty(), "{id} {}", band.name);
            }
        }
    }

    #[test]
    fn a_band_reads_to_its_owner_in_few_plain_words_and_never_as_a_diagnosis() {
        let catalog = Catalog::builtin().expect("the catalog builds");
        let diagnostic = [
            "depress", "anxi", "disorder", "severe", "positive", "clinical",
        ];
        for instrument in catalog.list() {
            for band in instrument.bands() {
                let plain = band.plain.to_lowercase();
                assert!(plain.chars().count() <= 24, "{}: {plain:?}", band.name);
                assert!(
                    diagnostic.iter().all(|word| !plain.contains(word)),
                    "{} {}: {plain:?}",
                    instrument.id(),
                    band.name
                );
            }
        }
    }

    #[test]
    fn phq9_item_9_is_the_only_safety_item() {
        let catalog = Catalog::builtin().expect("the catalog builds");
        let safety: Vec<(&str, usize)> = catalog
            .list()
            .iter()
            .flat_map(|i| {
                i.items()
                    .iter()
                    .enumerate()
                    .filter(|(_, item)| item.safety)
                    .map(move |(n, _)| (i.id(), n + 1))
            })
            .collect();
        assert_eq!(safety, [("phq9", 9)]);
    }

    #[test]
    fn a_definition_must_be_named_for_its_id_and_defined_once() {
        let phq2 = BUILTIN[1].1;
        let renamed = Catalog::from_sources([("overrides/mood.toml", phq2)]);
        assert_eq!(
            renamed.err().map(|e| e.to_string()).as_deref(),
            Some(
                "instrument definition overrides/mood.toml: the id is \"phq2\" but the file \
                 is named for \"mood\""
            )
        );
        let twice = Catalog::from_sources([("phq2.toml", phq2), ("a/phq2.toml", phq2)]);
        assert_eq!(
            twice.err().map(|e| (e.origin, e.problem)),
            Some((
                "a/phq2.toml".to_string(),
                Problem::DuplicateId { id: "phq2".into() }
            ))
        );
    }

    #[test]
    fn a_broken_source_is_reported_by_its_name() {
        let result = Catalog::from_sources([BUILTIN[0], ("gad7.toml", "id = \"gad7\"\n")]);
        match result {
            Err(e) => {
                assert_eq!(e.origin, "gad7.toml");
                assert!(
                    e.to_string()
                        .starts_with("instrument definition gad7.toml: line 1: missing field"),
                    "{e}"
                );
            }
            Ok(_) => panic!("a one-line definition validated"),
        }
    }
}
