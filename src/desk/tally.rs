//! Failed-login counts per login, in a small file beside the vault (never in the database
//! or keyring, which a wrong passphrase must leave byte-identical); updated under a lock.
//!
//! Every read-and-write of the tally holds an exclusive lock on the vault's folder, and
//! an attempt is counted *before* its passphrase is checked (and uncounted if it was
//! right). So parallel guesses are serialised where it matters: each sees the ones before
//! it, and no more are checked than one at a time would allow; the rest are refused and
//! counted as refused. Logins with a keyring slot (accounts) and made-up ones are kept in
//! two maps: the made-up ones are bounded and forget their oldest, and can never push an
//! account's record out. A tally that is missing or unreadable, where `init` made one,
//! was deleted or damaged: every login then waits the longest delay once, and the next
//! successful login writes that to the audit log.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Failures {
    /// Passphrases checked (or being checked) and not found right; the wait follows it.
    pub count: u32,
    /// When the last of them was counted.
    pub last_unix: i64,
    /// Attempts refused unchecked because the wait had not passed.
    #[serde(default)]
    pub refused: u32,
}

/// The longest wait, also the wait everyone serves once when the tally went missing.
pub(super) const MAX_WAIT_SECS: u64 = 15 * 60;

/// How long after the last failure the next attempt must wait: the first two mistakes
/// are free, then 5 s, 10 s, 20 s … up to 15 minutes. Only that login slows down.
pub(super) fn required_wait_secs(failures: u32) -> u64 {
    if failures < 3 {
        0
    } else {
        (5u64 << (failures - 3).min(20)).min(MAX_WAIT_SECS)
    }
}

/// Made-up logins remembered at most; the oldest are forgotten first, so guessing them
/// cannot grow the file without bound. Accounts are never counted against this.
pub(super) const MAX_UNKNOWN_LOGINS: usize = 1_000;

const TALLY_VERSION: u32 = 2;

#[derive(Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Tally {
    version: u32,
    /// Logins with a slot in the keyring.
    #[serde(default)]
    accounts: BTreeMap<String, Failures>,
    /// Every other login tried.
    #[serde(default)]
    unknown: BTreeMap<String, Failures>,
    /// When the tally was found missing or unreadable; cleared once a successful login
    /// has written it to the audit log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lost_at: Option<i64>,
}

/// The tally as files before version 2 held it: one map, accounts and guesses alike.
#[derive(Deserialize)]
#[serde(untagged)]
enum OnDisk {
    Current(Tally),
    Before(BTreeMap<String, Failures>),
}

/// What a successful passphrase check found in the tally.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Settled {
    /// Failed attempts on this login since its last successful login (wrong and refused).
    pub failed_attempts: u32,
    /// When the tally was found missing, if no successful login has reported it yet.
    pub lost_at: Option<i64>,
}

/// Whether an attempt may check its passphrase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Attempt {
    /// Counted as a failure until [`settle_success`] says otherwise.
    Check,
    /// Refused (and counted as refused): the login must wait this many seconds.
    Wait(u64),
}

impl Tally {
    fn new() -> Self {
        Self {
            version: TALLY_VERSION,
            ..Self::default()
        }
    }

    fn map(&self, is_account: bool) -> &BTreeMap<String, Failures> {
        if is_account {
            &self.accounts
        } else {
            &self.unknown
        }
    }

    fn entry(&mut self, login: &str, is_account: bool) -> &mut Failures {
        let map = if is_account {
            &mut self.accounts
        } else {
            &mut self.unknown
        };
        map.entry(login.to_string()).or_default()
    }

    pub(super) fn get(&self, login: &str, is_account: bool) -> Failures {
        self.map(is_account).get(login).copied().unwrap_or_default()
    }

    /// Seconds `login` must still wait: its own delay, or what is left of the longest
    /// delay since the tally was found missing, whichever is longer.
    pub(super) fn wait_remaining(&self, login: &str, is_account: bool, now_unix: i64) -> u64 {
        let f = self.get(login, is_account);
        let own = f
            .last_unix
            .saturating_add(required_wait_secs(f.count) as i64);
        let lost = self
            .lost_at
            .map_or(i64::MIN, |at| at.saturating_add(MAX_WAIT_SECS as i64));
        (own.max(lost).saturating_sub(now_unix)).max(0) as u64
    }

    /// Counts an attempt before its passphrase is checked, or refuses it if it is too soon.
    pub(super) fn begin_attempt(
        &mut self,
        login: &str,
        is_account: bool,
        now_unix: i64,
    ) -> Attempt {
        let wait = self.wait_remaining(login, is_account, now_unix);
        let entry = self.entry(login, is_account);
        if wait > 0 {
            entry.refused = entry.refused.saturating_add(1);
            return Attempt::Wait(wait);
        }
        entry.count = entry.count.saturating_add(1);
        entry.last_unix = now_unix;
        self.forget_oldest_unknown();
        Attempt::Check
    }

    /// The passphrase was right: the attempt begun for it was no failure, and the
    /// login's record is cleared. Returns what it held.
    pub(super) fn settle_success(&mut self, login: &str, is_account: bool) -> Settled {
        let map = if is_account {
            &mut self.accounts
        } else {
            &mut self.unknown
        };
        let failures = map.remove(login).unwrap_or_default();
        Settled {
            failed_attempts: failures
                .count
                .saturating_sub(1)
                .saturating_add(failures.refused),
            lost_at: self.lost_at,
        }
    }

    /// Keeps at most [`MAX_UNKNOWN_LOGINS`] made-up logins, forgetting the oldest.
    fn forget_oldest_unknown(&mut self) {
        while self.unknown.len() > MAX_UNKNOWN_LOGINS {
            let oldest = self
                .unknown
                .iter()
                .min_by_key(|(login, f)| (f.last_unix, login.as_str()))
                .map(|(login, _)| login.clone());
            match oldest {
                Some(login) => self.unknown.remove(&login),
                None => break,
            };
        }
    }

    /// Files each record under the map it belongs to now (an account disabled since,
    /// or a tally from before the two maps).
    fn sort_logins(&mut self, is_account: &dyn Fn(&str) -> bool) {
        let misfiled: Vec<String> = self
            .accounts
            .keys()
            .filter(|login| !is_account(login))
            .cloned()
            .collect();
        for login in misfiled {
            if let Some(f) = self.accounts.remove(&login) {
                self.unknown.insert(login, f);
            }
        }
        let promoted: Vec<String> = self
            .unknown
            .keys()
            .filter(|login| is_account(login))
            .cloned()
            .collect();
        for login in promoted {
            if let Some(f) = self.unknown.remove(&login) {
                self.accounts.insert(login, f);
            }
        }
        self.forget_oldest_unknown();
    }
}

/// How the tally file was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Found {
    Present,
    /// Missing or unreadable: deleted or damaged by someone, since `init` writes one.
    Lost,
}

fn read(path: &Path) -> (Tally, Found) {
    let parsed = std::fs::read(path)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<OnDisk>(&bytes).ok());
    match parsed {
        Some(OnDisk::Current(tally)) if tally.version == TALLY_VERSION => (tally, Found::Present),
        Some(OnDisk::Before(accounts)) => (
            Tally {
                accounts,
                ..Tally::new()
            },
            Found::Present,
        ),
        _ => (Tally::new(), Found::Lost),
    }
}

/// Best effort: a read-only folder must not turn a login into an error.
fn write(path: &Path, tally: &Tally) -> bool {
    serde_json::to_vec(tally)
        .ok()
        .is_some_and(|body| crate::vault::write_atomically(path, &body).is_ok())
}

/// Runs `work` on the tally at `path` while holding an exclusive lock on its folder, and
/// writes the tally back if `work` says it changed. A tally found missing or unreadable
/// is replaced by an empty one marked lost at `now_unix`, if that can be written.
fn locked<R>(
    path: &Path,
    now_unix: i64,
    is_account: &dyn Fn(&str) -> bool,
    work: impl FnOnce(&mut Tally) -> (R, bool),
) -> R {
    // The lock is on the folder, not the file: the file is replaced by a rename on every
    // write, and a lock on a replaced file would guard nothing. If the folder cannot be
    // locked, counting still works, only not across processes racing each other.
    let folder = path.parent().unwrap_or(Path::new("."));
    let lock = std::fs::File::open(folder).and_then(|f| f.lock().map(|()| f));
    let (mut tally, found) = read(path);
    let mut changed = false;
    if found == Found::Lost {
        tally.lost_at = Some(now_unix);
        changed = write(path, &tally);
        if !changed {
            // Nothing can be kept here, so there is nothing to protect: do not hold
            // every login back for a file that can never be written.
            tally.lost_at = None;
        }
    }
    tally.sort_logins(is_account);
    let (out, dirty) = work(&mut tally);
    if dirty || changed {
        write(path, &tally);
    }
    drop(lock);
    out
}

/// Writes an empty tally where there is none (a new vault): from then on a missing tally
/// means a deleted one.
pub(super) fn create(path: &Path) -> std::io::Result<()> {
    if path.exists() {
        return Ok(());
    }
    let body = serde_json::to_vec(&Tally::new()).map_err(std::io::Error::other)?;
    crate::vault::write_atomically(path, &body)
}

/// Seconds `login` must still wait before another attempt (0 if none).
pub(super) fn wait_remaining(
    path: &Path,
    login: &str,
    is_account: &dyn Fn(&str) -> bool,
    now_unix: i64,
) -> u64 {
    let known = is_account(login);
    locked(path, now_unix, is_account, |tally| {
        (tally.wait_remaining(login, known, now_unix), false)
    })
}

/// Counts an attempt on `login` before its passphrase is checked, or refuses it.
pub(super) fn begin_attempt(
    path: &Path,
    login: &str,
    is_account: &dyn Fn(&str) -> bool,
    now_unix: i64,
) -> Attempt {
    let known = is_account(login);
    locked(path, now_unix, is_account, |tally| {
        (tally.begin_attempt(login, known, now_unix), true)
    })
}

/// The passphrase for `login` was right: clears its record and returns what it held.
pub(super) fn settle_success(
    path: &Path,
    login: &str,
    is_account: &dyn Fn(&str) -> bool,
    now_unix: i64,
) -> Settled {
    let known = is_account(login);
    locked(path, now_unix, is_account, |tally| {
        (tally.settle_success(login, known), true)
    })
}

/// A successful login has written the missing tally found at `lost_at` to the audit log.
pub(super) fn clear_lost(
    path: &Path,
    lost_at: i64,
    is_account: &dyn Fn(&str) -> bool,
    now_unix: i64,
) {
    locked(path, now_unix, is_account, |tally| {
        let ours = tally.lost_at == Some(lost_at);
        if ours {
            tally.lost_at = None;
        }
        ((), ours)
    });
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
        let mut tally = Tally::new();
        for t in 0..3 {
            assert_eq!(tally.begin_attempt("ana", true, 100 + t), Attempt::Check);
        }
        assert_eq!(tally.wait_remaining("ana", true, 102), 5);
        assert_eq!(tally.begin_attempt("ana", true, 103), Attempt::Wait(4));
        assert_eq!(tally.wait_remaining("ana", true, 107), 0);
        assert_eq!(tally.begin_attempt("ana", true, 107), Attempt::Check);
        assert_eq!(tally.wait_remaining("ana", true, 110), 7);
        assert_eq!(tally.wait_remaining("bo", true, 110), 0);
        // The right passphrase on the fifth attempt: four failures, one of them refused.
        let settled = tally.settle_success("ana", true);
        assert_eq!(settled.failed_attempts, 4);
        assert_eq!(tally.wait_remaining("ana", true, 110), 0);
    }

    #[test]
    fn attempts_begun_together_are_checked_no_more_than_one_at_a_time_would_be() {
        let mut tally = Tally::new();
        let outcomes: Vec<Attempt> = (0..16)
            .map(|_| tally.begin_attempt("ana", true, 500))
            .collect();
        let checked = outcomes.iter().filter(|a| **a == Attempt::Check).count();
        assert_eq!(checked, 3, "{outcomes:?}");
        let f = tally.get("ana", true);
        assert_eq!((f.count, f.refused), (3, 13));
    }

    #[test]
    fn made_up_logins_are_bounded_and_never_push_out_an_account() {
        let mut tally = Tally::new();
        for t in 0..3 {
            tally.begin_attempt("ana", true, t);
        }
        for i in 0..(MAX_UNKNOWN_LOGINS as i64 + 50) {
            tally.begin_attempt(&format!("guess{i}"), false, 10 + i);
        }
        assert_eq!(tally.unknown.len(), MAX_UNKNOWN_LOGINS);
        assert_eq!(tally.get("guess0", false).count, 0);
        assert_eq!(
            tally
                .get(&format!("guess{}", MAX_UNKNOWN_LOGINS + 49), false)
                .count,
            1
        );
        assert_eq!(tally.get("ana", true).count, 3);
        // The same name made up is counted apart from the account.
        assert_eq!(tally.get("ana", false).count, 0);
    }

    #[test]
    fn a_lost_tally_holds_every_login_back_the_longest_wait_once() {
        let mut tally = Tally::new();
        tally.lost_at = Some(1_000);
        for (login, known) in [("ana", true), ("made.up", false)] {
            assert_eq!(tally.wait_remaining(login, known, 1_000), MAX_WAIT_SECS);
            assert_eq!(tally.wait_remaining(login, known, 1_600), 300);
            assert_eq!(tally.wait_remaining(login, known, 1_900), 0);
        }
        assert_eq!(tally.begin_attempt("ana", true, 1_900), Attempt::Check);
        assert_eq!(tally.settle_success("ana", true).lost_at, Some(1_000));
    }

    #[test]
    fn files_are_read_in_either_format_and_sorted_by_keyring() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("steady.tally");
        std::fs::write(
            &path,
            r#"{"ana":{"count":4,"last_unix":7},"made.up":{"count":2,"last_unix":9}}"#,
        )
        .unwrap();
        let is_account = |login: &str| login == "ana";
        assert_eq!(wait_remaining(&path, "ana", &is_account, 10), 7);
        assert_eq!(
            begin_attempt(&path, "made.up", &is_account, 10),
            Attempt::Check
        );
        let (tally, found) = read(&path);
        assert_eq!(found, Found::Present);
        assert_eq!(tally.get("ana", true).count, 4);
        assert_eq!(tally.get("made.up", false).count, 3);
        assert_eq!(tally.lost_at, None);
    }

    #[test]
    fn a_missing_or_garbled_file_is_marked_lost_when_it_can_be_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("steady.tally");
        let none = |_: &str| false;
        assert_eq!(wait_remaining(&path, "ana", &none, 50), MAX_WAIT_SECS);
        // Found lost once: the mark stays at the first finding, not at each look.
        assert_eq!(wait_remaining(&path, "ana", &none, 60), MAX_WAIT_SECS - 10);
        std::fs::write(&path, b"\xff not json").unwrap();
        assert_eq!(wait_remaining(&path, "ana", &none, 70), MAX_WAIT_SECS);
        create(&path).unwrap();
        clear_lost(&path, 70, &none, 80);
        assert_eq!(wait_remaining(&path, "ana", &none, 80), 0);
        // Where nothing can be written, nothing is held back.
        let gone = dir.path().join("no such folder").join("steady.tally");
        assert_eq!(wait_remaining(&gone, "ana", &none, 90), 0);
    }
}
