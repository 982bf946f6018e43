//! Failed-login counts per account, in a small file beside the vault (never in the
//! database or keyring, which a wrong passphrase must leave byte-identical).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failures {
    pub count: u32,
    pub last_unix: i64,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Tally(BTreeMap<String, Failures>);

/// How long after the last failure the next attempt must wait: the first two mistakes
/// are free, then 5 s, 10 s, 20 s … up to 15 minutes. Only that account slows down.
pub fn required_wait_secs(failures: u32) -> u64 {
    if failures < 3 {
        0
    } else {
        (5u64 << (failures - 3).min(20)).min(15 * 60)
    }
}

/// Logins remembered at most; the oldest are forgotten first, so guessing made-up
/// logins cannot grow the file without bound.
const MAX_LOGINS: usize = 1_000;

impl Tally {
    /// A missing or unreadable tally counts as no failures: it only ever slows logins down.
    pub fn load(path: &Path) -> Self {
        std::fs::read(path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, path: &Path) {
        if let Ok(body) = serde_json::to_vec(self) {
            // Best effort: a read-only folder must not turn a login into an error.
            let _ = crate::vault::write_atomically(path, &body);
        }
    }

    pub fn get(&self, login: &str) -> Failures {
        self.0.get(login).copied().unwrap_or_default()
    }

    pub fn wait_remaining(&self, login: &str, now_unix: i64) -> u64 {
        let f = self.get(login);
        let until = f.last_unix + required_wait_secs(f.count) as i64;
        (until - now_unix).max(0) as u64
    }

    pub fn record_failure(&mut self, login: &str, now_unix: i64) {
        let entry = self.0.entry(login.to_string()).or_default();
        entry.count = entry.count.saturating_add(1);
        entry.last_unix = now_unix;
        while self.0.len() > MAX_LOGINS {
            let oldest = self
                .0
                .iter()
                .min_by_key(|(_, f)| f.last_unix)
                .map(|(login, _)| login.clone());
            match oldest {
                Some(login) => self.0.remove(&login),
                None => break,
            };
        }
    }

    /// Clears the count after a successful login and returns what it was.
    pub fn take(&mut self, login: &str) -> u32 {
        self.0.remove(login).map_or(0, |f| f.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_grows_after_two_free_mistakes() {
        let waits: Vec<u64> = (0..6).map(required_wait_secs).collect();
        assert_eq!(waits, vec![0, 0, 0, 5, 10, 20]);
        assert_eq!(required_wait_secs(40), 900);
    }

    #[test]
    fn only_the_failing_account_waits() {
        let mut tally = Tally::default();
        for t in 0..4 {
            tally.record_failure("ana", 100 + t);
        }
        assert_eq!(tally.wait_remaining("ana", 103), 10);
        assert_eq!(tally.wait_remaining("ana", 113), 0);
        assert_eq!(tally.wait_remaining("bo", 103), 0);
        assert_eq!(tally.take("ana"), 4);
        assert_eq!(tally.wait_remaining("ana", 103), 0);
    }

    #[test]
    fn made_up_logins_cannot_grow_the_tally_without_bound() {
        let mut tally = Tally::default();
        for i in 0..(MAX_LOGINS as i64 + 50) {
            tally.record_failure(&format!("guess{i}"), i);
        }
        assert_eq!(tally.0.len(), MAX_LOGINS);
        assert_eq!(tally.get("guess0").count, 0);
        assert_eq!(tally.get(&format!("guess{}", MAX_LOGINS + 49)).count, 1);
    }
}
