//! Backup and restore: a consistent encrypted copy of the database with its keyring, and
//! putting one back only after it has been unlocked and its audit chain verified.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::login::{LockedVault, Unlock};
use super::{AuditReport, Error, Progress, Result, Session, Steps, VaultPaths};
use crate::domain::clock::Clock;
use crate::policy::Action;
use crate::store;
use crate::vault::{Keyring, Passphrase};

/// The keyring that travels with a backup: the backup's file name plus `.keyring`.
pub fn backup_keyring_path(file: &Path) -> PathBuf {
    with_suffix(file, ".keyring")
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut text = path.as_os_str().to_os_string();
    text.push(suffix);
    PathBuf::from(text)
}

/// A temp name in `path`'s folder, hidden and unique, for staging a file before a rename.
fn staging_path(path: &Path, what: &str) -> PathBuf {
    use rand::RngCore;
    let mut suffix = [0u8; 6];
    rand::rngs::OsRng.fill_bytes(&mut suffix);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "steady".into());
    path.with_file_name(format!(".{name}.{what}-{}", hex::encode(suffix)))
}

/// SQLite's companion files of a database: its write-ahead log and shared-memory index.
fn companions(db: &Path) -> [PathBuf; 2] {
    [with_suffix(db, "-wal"), with_suffix(db, "-shm")]
}

fn io_error(path: &Path, source: std::io::Error) -> Error {
    Error::Store(store::Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn sync_folder(path: &Path) {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Ok(dir) = std::fs::File::open(dir) {
        let _ = dir.sync_all();
    }
}

/// What `backup` wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BackupReport {
    pub db: PathBuf,
    pub keyring: PathBuf,
}

/// What `restore` did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RestoreReport {
    pub restored_from: PathBuf,
    pub audit: AuditReport,
    /// Where the vault that was replaced now lives (database, then keyring), if there was one.
    pub replaced: Vec<PathBuf>,
}

impl Session {
    /// Writes a consistent copy of the database to `file` and the keyring to
    /// `file.keyring`, both 0600, while others keep using the vault. Refuses to overwrite.
    pub fn backup_to(&self, file: &Path, progress: &mut dyn Progress) -> Result<BackupReport> {
        self.require_vault_wide(Action::Backup, "backing up the vault")?;
        let keyring_file = backup_keyring_path(file);
        for target in [file, keyring_file.as_path()] {
            if target.exists() {
                return Err(Error::Invalid(format!(
                    "{} already exists; choose a new file name for the backup",
                    target.display()
                )));
            }
        }
        let staged = staging_path(file, "backup");
        let written = (|| -> Result<BackupReport> {
            let mut started = false;
            self.store
                .backup_to(&staged, &self.master, &mut |done, total| {
                    if !started {
                        progress.stage("Copying the vault's pages", total, Steps::Items);
                        started = true;
                    }
                    progress.advance(done);
                })?;
            // Read the keyring after the copy: a rekey in between would leave a keyring
            // whose MAC is under another key, which is refused here rather than later.
            let keyring = Keyring::load(&self.paths.keyring)?;
            keyring.verify_mac(&self.master).map_err(|_| {
                Error::Invalid(
                    "the vault was rekeyed while the backup ran; run the backup again".into(),
                )
            })?;
            let mut keyring = keyring;
            keyring.save(&keyring_file, &self.master)?;
            std::fs::rename(&staged, file).map_err(|e| io_error(file, e))?;
            sync_folder(file);
            Ok(BackupReport {
                db: file.to_path_buf(),
                keyring: keyring_file.clone(),
            })
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&staged);
        }
        let report = written?;
        self.write(|db| {
            self.audit(
                db,
                "vault.backup",
                "vault",
                &format!("copied to {}", report.db.display()),
            )
        })?;
        Ok(report)
    }
}

/// Replaces the vault at `live` with the backup at `file` (and `file.keyring`). The backup
/// is copied beside the vault, unlocked as `login` and its audit chain verified before
/// anything is replaced; the replaced files are renamed `…replaced-YYYYMMDDTHHMMSS`.
pub fn restore_vault(
    live: &VaultPaths,
    file: &Path,
    login: &str,
    passphrase: &Passphrase,
    force: bool,
    clock: Clock,
    progress: &mut dyn Progress,
) -> Result<RestoreReport> {
    if live.exists() && !force {
        return Err(Error::Invalid(format!(
            "a vault already exists at {}; pass --force to replace it (it is kept beside, renamed)",
            live.db.display()
        )));
    }
    let backup_keyring = backup_keyring_path(file);
    if !file.is_file() {
        return Err(Error::NotFound(format!("no backup at {}", file.display())));
    }
    if !backup_keyring.is_file() {
        return Err(Error::NotFound(format!(
            "the backup's keyring {} is missing; it is written beside the backup",
            backup_keyring.display()
        )));
    }
    prepare_folder(&live.db)?;
    if !live.exists() {
        // A vault restored into an empty place starts its failed-login tally here; where a
        // vault stands, its tally counts (and a missing one is a lost one).
        super::tally::create(&live.tally).map_err(|e| io_error(&live.tally, e))?;
    }
    // Work on copies in the vault's folder: verifying opens the database (which may write
    // to it), and the final renames then stay on one file system.
    let staged = VaultPaths {
        db: staging_path(&live.db, "restore"),
        keyring: staging_path(&live.keyring, "restore"),
        // Failed attempts against the backup count against the live vault's logins.
        tally: live.tally.clone(),
    };
    let result = (|| -> Result<RestoreReport> {
        let size = |path: &Path| std::fs::metadata(path).map_or(0, |m| m.len());
        let db_size = size(file);
        progress.stage(
            "Copying the backup",
            db_size + size(&backup_keyring),
            Steps::Bytes,
        );
        copy_private(file, &staged.db, &mut |done| progress.advance(done))?;
        copy_private(&backup_keyring, &staged.keyring, &mut |done| {
            progress.advance(db_size + done)
        })?;
        // How far the audit chain's replay has got is not reported (yet): a spinner.
        progress.stage("Verifying the backup's audit log", 0, Steps::Items);
        let audit = verify_backup(&staged, login, passphrase)?;
        let replaced = set_aside(live, clock)?;
        move_into_place(&staged, live)?;
        Ok(RestoreReport {
            restored_from: file.to_path_buf(),
            audit,
            replaced,
        })
    })();
    if result.is_err() {
        for path in [&staged.db, &staged.keyring] {
            let _ = std::fs::remove_file(path);
        }
        for path in companions(&staged.db) {
            let _ = std::fs::remove_file(path);
        }
    }
    result
}

/// Unlocks the staged backup and replays its audit chain; the session is closed after.
fn verify_backup(staged: &VaultPaths, login: &str, passphrase: &Passphrase) -> Result<AuditReport> {
    let vault = LockedVault::open(staged)?;
    let session = match vault.unlock(login, passphrase)? {
        Unlock::Ready(session, _) => session,
        Unlock::MustChange(_) => {
            return Err(Error::MustChangePassphrase {
                login: login.to_string(),
            });
        }
    };
    let report = session.verify_audit(None)?;
    let integrity = session.store.integrity_check()?;
    if integrity != "ok" {
        return Err(Error::Store(store::Error::Corrupt(staged.db.clone())));
    }
    // Closing the last connection checkpoints the write-ahead log into the file.
    drop(session);
    Ok(report)
}

fn prepare_folder(db: &Path) -> Result<()> {
    let dir = db
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if dir.exists() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|e| io_error(dir, e))
}

/// Copies `from` to a new file `to` (0600), fsynced, saying after each chunk how many
/// bytes are copied.
fn copy_private(from: &Path, to: &Path, copied: &mut dyn FnMut(u64)) -> Result<()> {
    use std::io::{Read, Write};
    let mut source = std::fs::File::open(from).map_err(|e| io_error(from, e))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut out = options.open(to).map_err(|e| io_error(to, e))?;
    let mut buffer = vec![0u8; 1 << 20];
    let mut done = 0u64;
    loop {
        let read = match source.read(&mut buffer) {
            Ok(read) => read,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(io_error(from, e)),
        };
        if read == 0 {
            break;
        }
        out.write_all(&buffer[..read])
            .map_err(|e| io_error(to, e))?;
        done += read as u64;
        copied(done);
    }
    out.sync_all().map_err(|e| io_error(to, e))
}

/// Renames the live vault's files (database with its log, keyring) aside; returns the new
/// names of the database and keyring that existed.
fn set_aside(live: &VaultPaths, clock: Clock) -> Result<Vec<PathBuf>> {
    let stamp: String = clock
        .stamp()
        .chars()
        .filter(|c| *c != '-' && *c != ':')
        .collect();
    let suffix = format!(".replaced-{stamp}");
    let mut moved = Vec::new();
    let db_aside = with_suffix(&live.db, &suffix);
    // The log moves with its database (SQLite pairs them by name): a stale log left
    // beside the restored file would be replayed into it.
    let mut pairs = vec![(live.db.clone(), db_aside.clone())];
    for (from, to) in companions(&live.db).into_iter().zip(companions(&db_aside)) {
        pairs.push((from, to));
    }
    pairs.push((live.keyring.clone(), with_suffix(&live.keyring, &suffix)));
    for (from, to) in pairs {
        if !from.exists() {
            continue;
        }
        if to.exists() {
            return Err(Error::Invalid(format!(
                "{} already exists; wait a second and try again",
                to.display()
            )));
        }
        std::fs::rename(&from, &to).map_err(|e| io_error(&from, e))?;
        if from == live.db || from == live.keyring {
            moved.push(to);
        }
    }
    sync_folder(&live.db);
    Ok(moved)
}

fn move_into_place(staged: &VaultPaths, live: &VaultPaths) -> Result<()> {
    // A log the checkpoint could not fold in travels with its database.
    for (from, to) in companions(&staged.db).into_iter().zip(companions(&live.db)) {
        if from.exists() {
            std::fs::rename(&from, &to).map_err(|e| io_error(&from, e))?;
        }
    }
    std::fs::rename(&staged.db, &live.db).map_err(|e| io_error(&staged.db, e))?;
    std::fs::rename(&staged.keyring, &live.keyring).map_err(|e| io_error(&staged.keyring, e))?;
    sync_folder(&live.db);
    Ok(())
}
