//! Hostile input to the four parsers (roster CSV, rules file, instrument answers, keyring):
//! thousands of random and mutated inputs from proptest strategies; none may panic, every
//! error is clean. A failure shrinks to the fewest, smallest mutations that still fail. The
//! seed is fixed where `CI` is set (the same cases every run) and random elsewhere (proptest
//! prints the seed of a failure; `PROPTEST_RNG_SEED` replays it).

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngSeed, TestRunner};
use steady::desk::{KdfParams, Passphrase};
use steady::domain::roster;
use steady::instruments::{Catalog, parse_answers};
use steady::rules::{DEFAULT_RULES, Known, parse as parse_rules};
use steady::testing::{AccountSecrets, Key32, Keyring};

fn config(cases: u32) -> Config {
    Config {
        cases,
        rng_seed: if std::env::var_os("CI").is_some() {
            RngSeed::Fixed(0x5eed_57ea_d1e5)
        } else {
            RngSeed::Random
        },
        // Failures are reported with their seed, not written into the source tree.
        failure_persistence: None,
        ..Config::default()
    }
}

/// Fragments that parsers find interesting: separators, quotes, escapes, huge numbers,
/// control characters, multi-byte text, and TOML/JSON/CSV syntax.
const TOKENS: &[&str] = &[
    ",",
    "\"",
    "\n",
    "\r\n",
    "\0",
    "\u{1b}[2J",
    "\u{202e}",
    "é",
    "😀",
    "-",
    "--",
    "=",
    "[",
    "]",
    "[[rule]]",
    "{",
    "}",
    ":",
    "'",
    "\\",
    "\\u0000",
    "99999999999999999999",
    "-1",
    "0",
    "1.5",
    "NaN",
    "true",
    "null",
    "all",
    "any",
    "count",
    "days = ",
    "id = ",
    "   ",
    "\t",
];

/// One change to an input: flip a bit, insert a byte, delete or duplicate a run, truncate,
/// or splice in a token. Positions are fractions of the input's length, so a mutation
/// applies to any input and shrinks toward the start.
#[derive(Clone, Debug)]
enum Mutation {
    Flip { at: f64, bit: u8 },
    Insert { at: f64, byte: u8 },
    Delete { at: f64, len: usize },
    Duplicate { at: f64, len: usize, to: f64 },
    Truncate { at: f64 },
    Token { at: f64, token: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = 0.0..1.0f64;
    prop_oneof![
        (at.clone(), 0..8u8).prop_map(|(at, bit)| Mutation::Flip { at, bit }),
        (at.clone(), any::<u8>()).prop_map(|(at, byte)| Mutation::Insert { at, byte }),
        (at.clone(), 0..16usize).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (at.clone(), 0..64usize, at.clone()).prop_map(|(at, len, to)| Mutation::Duplicate {
            at,
            len,
            to
        }),
        at.clone().prop_map(|at| Mutation::Truncate { at }),
        (at, 0..TOKENS.len()).prop_map(|(at, token)| Mutation::Token { at, token }),
    ]
}

fn index(at: f64, len: usize) -> usize {
    ((at * len as f64) as usize).min(len)
}

fn apply(m: &Mutation, bytes: &mut Vec<u8>) {
    let len = bytes.len();
    match *m {
        Mutation::Flip { at, bit } if len > 0 => bytes[index(at, len - 1)] ^= 1 << bit,
        Mutation::Insert { at, byte } => bytes.insert(index(at, len), byte),
        Mutation::Delete { at, len: n } => {
            let i = index(at, len);
            bytes.drain(i..(i + n).min(len));
        }
        Mutation::Duplicate { at, len: n, to } => {
            let i = index(at, len);
            let copy: Vec<u8> = bytes[i..(i + n).min(len)].to_vec();
            let to = index(to, len);
            bytes.splice(to..to, copy);
        }
        Mutation::Truncate { at } => bytes.truncate(index(at, len)),
        Mutation::Token { at, token } => {
            let at = index(at, len);
            bytes.splice(at..at, TOKENS[token].bytes());
        }
        Mutation::Flip { .. } => {}
    }
}

/// `seed` with 1–8 mutations, or (one time in ten) random bytes.
fn hostile(seed: &'static [u8]) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        9 => prop::collection::vec(mutation(), 1..=8).prop_map(move |mutations| {
            let mut bytes = seed.to_vec();
            for m in &mutations {
                apply(m, &mut bytes);
            }
            bytes
        }),
        1 => prop::collection::vec(any::<u8>(), 0..256),
    ]
}

/// `count` inputs drawn from `strategy` with a fixed seed: for checking the strategy
/// itself (that its mutations are not all too harsh, or all harmless).
fn samples(strategy: impl Strategy<Value = Vec<u8>>, count: usize) -> Vec<Vec<u8>> {
    let mut runner = TestRunner::deterministic();
    (0..count)
        .map(|_| strategy.new_tree(&mut runner).expect("a value").current())
        .collect()
}

/// An error message is one non-empty line: safe to print as the `steady: …` line.
fn assert_clean(message: &str, input: &[u8]) {
    assert!(
        !message.trim().is_empty(),
        "empty error for {:?}",
        String::from_utf8_lossy(input)
    );
    assert!(
        !message.contains("panicked"),
        "{message} for {:?}",
        String::from_utf8_lossy(input)
    );
}

const ROSTER: &str = "employee_id,name,unit,supervisor_id\n\
E1,Ada Chief,Headquarters,\n\
E2,\"Suparna, Bea\",North Precinct,E1\n\
E3,Caleb Supton,South Precinct,E1\n\
E4,Dana Lead,North Precinct,E2\n";

fn roster_people() -> Vec<steady::domain::Person> {
    match roster::parse(ROSTER.as_bytes()) {
        Ok(rows) => rows
            .iter()
            .map(|r| steady::domain::Person {
                employee_id: r.employee_id.clone(),
                name: r.name.clone(),
                unit: r.unit.clone(),
                supervisor_id: r.supervisor_id.clone(),
                active: true,
            })
            .collect(),
        Err(errors) => panic!("the seed roster must parse: {errors:?}"),
    }
}

proptest! {
    #![proptest_config(config(4000))]

    #[test]
    fn the_roster_parser_and_planner_never_panic(input in hostile(ROSTER.as_bytes()), with_existing in any::<bool>()) {
        let existing = roster_people();
        match roster::parse(&input) {
            Ok(rows) => {
                let known = if with_existing { &existing[..] } else { &[] };
                if let Err(errors) = roster::plan(&rows, known) {
                    prop_assert!(!errors.is_empty());
                    for e in errors {
                        assert_clean(&e.to_string(), &input);
                    }
                }
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty(), "an error without a reason");
                for e in errors {
                    assert_clean(&e.to_string(), &input);
                }
            }
        }
    }
}

#[test]
fn some_mutated_rosters_still_parse_and_some_rules_files_do_not() {
    let parsed = samples(hostile(ROSTER.as_bytes()), 300)
        .iter()
        .filter(|input| roster::parse(input).is_ok())
        .count();
    assert!(
        parsed > 0,
        "no mutated roster parsed: the mutations are too harsh"
    );
    let known = Known::builtin();
    let rejected = samples(hostile(DEFAULT_RULES.as_bytes()), 300)
        .iter()
        .filter(|input| parse_rules(&String::from_utf8_lossy(input), &known).is_err())
        .count();
    assert!(rejected > 0, "every mutated rules file was accepted");
}

proptest! {
    #![proptest_config(config(1500))]

    #[test]
    fn the_rules_parser_never_panics(input in hostile(DEFAULT_RULES.as_bytes())) {
        let text = String::from_utf8_lossy(&input);
        if let Err(errors) = parse_rules(&text, &Known::builtin()) {
            prop_assert!(!errors.is_empty());
            for e in errors {
                assert_clean(&e.to_string(), &input);
            }
        }
    }
}

proptest! {
    #![proptest_config(config(600))]

    #[test]
    fn answers_parsing_never_panics(
        input in hostile(b"0,1,0,1,0,1,0,1,0,1,0,1,0,1,0,1,0,1,0,1,0,1,0,1,0,1,0,1"),
        which in any::<prop::sample::Index>(),
    ) {
        let catalog = Catalog::builtin().expect("the built-in instruments load");
        let instruments = catalog.list();
        let instrument = &instruments[which.index(instruments.len())];
        let text = String::from_utf8_lossy(&input);
        if let Err(e) = parse_answers(instrument, &text) {
            assert_clean(&e.to_string(), &input);
        }
    }
}

/// A keyring file with one slot, written once for every case (the slot's argon2 run is
/// the slow part), with the master key and passphrase that open it.
fn keyring_seed() -> &'static (Vec<u8>, Key32, Passphrase) {
    static SEED: std::sync::OnceLock<(Vec<u8>, Key32, Passphrase)> = std::sync::OnceLock::new();
    SEED.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temp dir");
        let cheap = KdfParams::FLOOR;
        let master = Key32::random();
        let pass = Passphrase::new("a passphrase for the slot");
        let mut keyring = Keyring::new("props", false, cheap);
        keyring
            .put_slot("admin", &AccountSecrets::generate(), &pass, cheap, &master)
            .expect("a slot");
        let path = dir.path().join("steady.keyring");
        keyring.save(&path, &master).expect("save the keyring");
        (
            std::fs::read(&path).expect("read the keyring"),
            master,
            pass,
        )
    })
}

fn keyring_bytes() -> &'static [u8] {
    &keyring_seed().0
}

#[test]
fn loading_a_damaged_keyring_never_panics() {
    let (_, master, pass) = keyring_seed();
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("steady.keyring");
    let loaded = std::sync::atomic::AtomicUsize::new(0);
    let unlocked = std::sync::atomic::AtomicUsize::new(0);
    let mut runner = TestRunner::new(config(1500));
    runner
        .run(&hostile(keyring_bytes()), |input| {
            std::fs::write(&path, &input).expect("write the mutated keyring");
            match Keyring::load(&path) {
                Ok(keyring) => {
                    loaded.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    // Whatever parsed must still fail cleanly (or succeed) when used.
                    let _ = keyring.verify_mac(master);
                    // Costs above the ceiling are refused (tested below); costs under it but
                    // in the gigabytes are legal and only slow, so they are skipped, and at
                    // most 40 are unlocked (each derivation at the floor takes tens of ms).
                    let costly = |k: &KdfParams| k.memory_kib > 24 * 1024 || k.iterations > 4;
                    if unlocked.load(std::sync::atomic::Ordering::Relaxed) >= 40
                        || keyring.slots.values().any(|s| costly(&s.kdf))
                        || costly(&keyring.kdf_default)
                    {
                        return Ok(());
                    }
                    unlocked.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if let Err(e) = keyring.unlock("admin", pass) {
                        assert_clean(&e.to_string(), &input);
                    }
                }
                Err(e) => assert_clean(&e.to_string(), &input),
            }
            Ok(())
        })
        .expect("no damaged keyring makes loading or unlocking panic");
    assert!(
        loaded.into_inner() > 0,
        "no mutated keyring parsed: the mutations are too harsh"
    );
}

#[test]
fn a_keyring_asking_for_absurd_argon2_costs_is_refused_before_any_work() {
    let pass = Passphrase::new("a passphrase for the slot");
    for absurd in [
        KdfParams {
            memory_kib: u32::MAX,
            iterations: 1,
            parallelism: 1,
        },
        KdfParams {
            memory_kib: 64,
            iterations: u32::MAX,
            parallelism: 1,
        },
        KdfParams {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1000,
        },
    ] {
        let e = absurd
            .derive(&pass, &[0u8; 16])
            .expect_err("absurd costs are refused");
        assert!(e.to_string().contains("altered"), "{e}");
    }
}
