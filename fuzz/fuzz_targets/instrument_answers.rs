//! Answers typed for a self-check (`steady score INSTRUMENT --answers …`): any text gives
//! answers that score, or one error, never a panic. The first byte picks the instrument.
#![no_main]

use libfuzzer_sys::fuzz_target;
use steady::instruments::{Catalog, parse_answers, score};

fuzz_target!(|data: &[u8]| {
    thread_local! {
        static CATALOG: Catalog = Catalog::builtin().expect("the built-in instruments load");
    }
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    CATALOG.with(|catalog| {
        let ids: Vec<&str> = catalog.ids().collect();
        let instrument = catalog
            .get(ids[usize::from(pick) % ids.len()])
            .expect("a listed instrument");
        if let Ok(answers) = parse_answers(instrument, text) {
            let _ = score(instrument, &answers);
        }
    });
});
