//! `steady score INSTRUMENT --answers …`: score one set of answers and print a calm reading.
//! Opens no vault and stores nothing; the scoring itself lives in `instruments`.

use clap::Args;
use serde::Serialize;

use super::Global;
use super::output::{Failure, json, note, say};
use crate::domain::text::sanitize;
use crate::instruments::{self, Answer, CRISIS_SUPPORT, Catalog, Instrument, Score};

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// The questionnaire: who5, phq2, phq9, gad2, gad7, phq4, k6 or k10
    instrument: String,
    /// The answers in item order, separated by commas; `-` marks a skipped item (PHQ-9
    /// allows up to two), e.g. `3,2,-,1,0,0,1,2,0`
    #[arg(long, value_name = "A,B,…", allow_hyphen_values = true)]
    answers: String,
}

/// The JSON result: exactly these fields, so scripts can rely on them.
#[derive(Serialize)]
struct ScoreJson<'a> {
    instrument: &'a str,
    total: u32,
    percent: Option<u32>,
    band: &'a str,
    flags: &'a [String],
    prorated: bool,
}

pub(super) fn run(global: &Global, args: &ScoreArgs) -> Result<(), Failure> {
    let catalog = Catalog::builtin().map_err(|e| Failure::other(e.to_string()))?;
    let instrument = find_instrument(&catalog, &args.instrument)?;
    let (_, score) = score_answers(instrument, &args.answers)?;

    if global.json {
        json(&ScoreJson {
            instrument: &score.instrument,
            total: score.total,
            percent: score.percent,
            band: &score.band,
            flags: &score.flags,
            prorated: score.prorated,
        })?;
    } else {
        print_reading(instrument, &score, "Nothing was saved.");
    }
    // Whatever the output format, a safety answer brings the crisis lines at once.
    if score.safety_item_endorsed {
        show_crisis_support(true);
    }
    Ok(())
}

/// The instrument called `name` (any case), or a refusal listing the known ones.
pub(super) fn find_instrument<'c>(
    catalog: &'c Catalog,
    name: &str,
) -> Result<&'c Instrument, Failure> {
    let wanted = name.trim().to_ascii_lowercase();
    catalog.get(&wanted).ok_or_else(|| {
        let known: Vec<&str> = catalog.ids().collect();
        Failure::invalid(format!(
            "there is no instrument called {name:?}; known instruments: {}",
            known.join(", ")
        ))
    })
}

/// Reads `text` (`3,2,-,1`) and scores it, or refuses naming the item to change.
pub(super) fn score_answers(
    instrument: &Instrument,
    text: &str,
) -> Result<(Vec<Answer>, Score), Failure> {
    instruments::parse_answers(instrument, text)
        .and_then(|answers| {
            let score = instruments::score(instrument, &answers)?;
            Ok((answers, score))
        })
        .map_err(|e| Failure::invalid(format!("{}: {e}", instrument.id())))
}

/// The calm reading of a score on stdout, ending with `outcome` (what became of it).
pub(super) fn print_reading(instrument: &Instrument, score: &Score, outcome: &str) {
    let (low, high) = instrument.total_range();
    // Definition text is ours today, but may come from a config file later: sanitise it.
    say!("{}", sanitize(instrument.title()));
    let mut total = format!("Total: {} (possible {low}–{high})", score.total);
    if let Some(percent) = score.percent {
        total.push_str(&format!(", {percent}%"));
    }
    say!("{total}");
    if let Some(band) = instrument.band_named(&score.band) {
        say!("{}", sanitize(&band.meaning));
    }
    for flag in score.flags.iter().filter_map(|f| instrument.flag_named(f)) {
        say!("- {}", sanitize(&flag.meaning));
    }
    if score.prorated {
        say!("Some items were skipped, so the total is scaled up from the ones you answered.");
    }
    say!("This is a screening reading, not a diagnosis. {outcome}");
}

/// The crisis lines on stderr. `nothing_sent` adds the reassurance that no one was told;
/// a caller that did pass the answers on (a self-check its owner shared) leaves it out.
pub(super) fn show_crisis_support(nothing_sent: bool) {
    note("If you are having thoughts of harming yourself, you do not have to wait or cope alone:");
    let Some((reassurance, lines)) = CRISIS_SUPPORT.split_last() else {
        return;
    };
    for line in lines {
        note(&format!("  {line}"));
    }
    if nothing_sent {
        note(&format!("  {reassurance}"));
    }
}
