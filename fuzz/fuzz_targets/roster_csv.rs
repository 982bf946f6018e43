//! The roster CSV parser and import planner take any bytes: rows or a list of errors with
//! line numbers, never a panic, and an accepted roster has no loop in its chain.
#![no_main]

use libfuzzer_sys::fuzz_target;
use steady::domain::roster;

fuzz_target!(|data: &[u8]| {
    match roster::parse(data) {
        Ok(rows) => {
            if let Ok(plan) = roster::plan(&rows, &[]) {
                let _ = plan;
            }
        }
        Err(errors) => assert!(!errors.is_empty(), "an error result lists its errors"),
    }
    let _ = roster::parse_and_plan(data, &[]);
});
