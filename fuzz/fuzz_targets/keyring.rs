//! The keyring file parser takes any bytes: a keyring or an error naming the file, never a
//! panic; whatever parses can be checked against a master key and unlocked (or refused)
//! without a panic, as long as its argon2 cost is small enough to try here.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use steady::vault::{Key32, Keyring, Passphrase};

fuzz_target!(|data: &[u8]| {
    let Ok(keyring) = Keyring::from_bytes(data, Path::new("fuzz.keyring")) else {
        return;
    };
    let master = Key32::from_bytes([7; 32]);
    let _ = keyring.verify_mac(&master);
    // Costs up to steady's ceiling are legal but take seconds each; only cheap slots here.
    let cheap = keyring
        .slots
        .values()
        .all(|slot| slot.kdf.memory_kib <= 256 && slot.kdf.iterations <= 2);
    if cheap {
        for login in keyring.slots.keys().take(2) {
            let _ = keyring.unlock(login, &Passphrase::new("fuzz passphrase"));
        }
    }
});
