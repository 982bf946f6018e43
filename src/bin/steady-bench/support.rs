//! Timing and housekeeping: medians, unlocking, the process's peak memory, the vault's
//! size on disk, the admin slot's key-derivation cost, and a temporary folder.

use std::path::{Path, PathBuf};
use std::time::Instant;

use steady::desk::{KdfParams, Passphrase};
use steady::desk::{LockedVault, Session, Unlock, VaultPaths};

use crate::BenchResult;

pub(crate) fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

pub(crate) fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    match samples.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => samples[n / 2],
        n => (samples[n / 2 - 1] + samples[n / 2]) / 2.0,
    }
}

/// Runs `work` `runs` times and returns the median milliseconds.
pub(crate) fn timed(
    runs: usize,
    mut work: impl FnMut(usize) -> BenchResult<()>,
) -> BenchResult<f64> {
    let mut samples = Vec::with_capacity(runs);
    for i in 0..runs.max(1) {
        let started = Instant::now();
        work(i)?;
        samples.push(ms(started));
    }
    Ok(median(samples))
}

pub(crate) fn unlock(paths: &VaultPaths, login: &str, passphrase: &str) -> BenchResult<Session> {
    match LockedVault::open(paths)?.unlock(login, &Passphrase::new(passphrase))? {
        Unlock::Ready(session, _) => Ok(*session),
        Unlock::MustChange(_) => Err(format!("{login} must change its passphrase").into()),
    }
}

pub(crate) fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

pub(crate) fn vault_bytes(db: &Path) -> u64 {
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    [db.to_path_buf(), PathBuf::from(wal)]
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum()
}

/// argon2 at the benchmark vault's own cost, to take out of the unlock time.
pub(crate) fn admin_slot_kdf_ms(runs: usize, cheap: KdfParams) -> BenchResult<f64> {
    let salt = [9u8; 16];
    timed(runs, |_| {
        cheap.derive(&Passphrase::new("demo-admin-passphrase"), &salt)?;
        Ok(())
    })
}

/// A private temporary folder, removed on drop.
pub(crate) struct TempDir {
    pub(crate) path: PathBuf,
}

impl TempDir {
    pub(crate) fn new() -> BenchResult<Self> {
        let path = std::env::temp_dir().join(format!(
            "steady-bench-{}-{}",
            std::process::id(),
            chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0)
        ));
        Ok(Self { path })
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}
