//! Hostile input to the SSH parts that read what others wrote: the public-key parser (a
//! `.pub` file, or sshd's `%t %k`) and the signed key list beside the vault. Seeded random
//! mutations; none may panic, and no changed list is ever trusted.

use rand::{Rng, rngs::StdRng};
use steady::desk::{KdfParams, Passphrase};
use steady::domain::ssh_key::SshPublicKey;
use steady::testing::{AccountSecrets, Key32, Keyring, ListedKey, SignedKeyList};

fn rng(name: &str) -> StdRng {
    crate::common::seeded_rng("STEADY_PROP_SEED", name)
}

const KEY: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGmz/LLOf7xJoad60LBCcThcLCbk11wTKVtvLxn3AUCj alice@laptop\n";

/// `bytes` with a few random bytes changed, inserted or removed.
fn mutate(rng: &mut StdRng, bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for _ in 0..rng.gen_range(1..=4) {
        let at = rng.gen_range(0..=out.len());
        match rng.gen_range(0..3) {
            0 if at < out.len() => out[at] = rng.r#gen(),
            1 => out.insert(at, rng.r#gen()),
            _ if at < out.len() => {
                out.remove(at);
            }
            _ => out.push(rng.r#gen()),
        }
    }
    out
}

#[test]
fn the_key_parser_never_panics_and_accepts_only_whole_keys() {
    let mut rng = rng("ssh key parser");
    let original = SshPublicKey::parse(KEY).expect("the sample parses");
    for _ in 0..5_000 {
        let bytes = mutate(&mut rng, KEY.as_bytes());
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(key) = SshPublicKey::parse(&text) {
            // Whatever passes is a key of its type with a fingerprint; if its blob is the
            // original's, it is the original key.
            assert!(key.fingerprint().starts_with("SHA256:"));
            if key.blob == original.blob {
                assert_eq!(key.fingerprint(), original.fingerprint());
            }
        }
        let mut words = text.split_whitespace();
        let (t, k) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
        let _ = SshPublicKey::from_presented(t, k);
    }
}

#[test]
fn a_changed_key_list_is_never_trusted() {
    let mut rng = rng("key list");
    let master = Key32::random();
    let admin = AccountSecrets::generate();
    let mut ring = Keyring::new("t", false, KdfParams::FLOOR);
    ring.put_slot(
        "admin",
        &admin,
        &Passphrase::new("admin passphrase"),
        KdfParams::FLOOR,
        &master,
    )
    .expect("a slot");
    let list = SignedKeyList::sign(
        &ring.vault_id,
        1,
        "admin",
        &admin,
        vec![ListedKey {
            login: "alice".into(),
            key_type: "ssh-ed25519".into(),
            key: "AAAAC3NzaC1lZDI1NTE5AAAAIGmz/LLOf7xJoad60LBCcThcLCbk11wTKVtvLxn3AUCj".into(),
            screen_reader: false,
        }],
    );
    let bytes = serde_json::to_vec_pretty(&list).expect("JSON");
    for _ in 0..3_000 {
        let changed = mutate(&mut rng, &bytes);
        if let Ok(parsed) = SignedKeyList::from_bytes(&changed)
            && parsed.verify(&ring).is_ok()
        {
            // Only a change that leaves the same list keeps the signature: white space or an
            // escape JSON does not see, or a hex digit of the signature in upper case (the
            // same signature bytes).
            let mut same = parsed.clone();
            same.signature = same.signature.to_ascii_lowercase();
            assert_eq!(same, list, "a changed list was trusted");
        }
    }
}
