//! The rules file parser takes any text: a rule set or a list of problems, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use steady::rules::{Known, parse};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    thread_local! {
        static KNOWN: Known = Known::builtin();
    }
    KNOWN.with(|known| {
        if let Err(problems) = parse(text, known) {
            assert!(!problems.is_empty(), "an error result lists its problems");
        }
    });
});
