//! The SQLCipher database: connection, keying, migrations and every SQL query.
//! Knows nothing of roles or policy; callers decide who may run what.

mod accounts;
mod audit;
mod bulk;
pub(crate) mod checkins;
mod next_change;
mod people;
mod prompts;
pub(crate) mod records;
mod referrals;
mod reports;
mod resources;
mod selfchecks;
mod ssh_keys;

pub(crate) use audit::AuditQuery;
pub(crate) use bulk::{BulkCheckin, BulkCounts, BulkReferral};
pub(crate) use next_change::Evaluated;
pub(crate) use prompts::SourcedCheckin;
pub(crate) use selfchecks::SelfCheckRow;
pub(crate) use ssh_keys::SshKeyRow;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};

use crate::vault::MasterKey;

/// Append-only: each entry runs once, in order; `PRAGMA user_version` counts them.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_vault.sql"),
    include_str!("migrations/0002_workflow.sql"),
    include_str!("migrations/0003_self_checks.sql"),
    include_str!("migrations/0004_prompts.sql"),
    include_str!("migrations/0005_report_indexes.sql"),
    include_str!("migrations/0006_unread_indexes.sql"),
    include_str!("migrations/0007_stressors_clustered.sql"),
    include_str!("migrations/0008_prompts_per_audience.sql"),
    include_str!("migrations/0009_ssh_keys.sql"),
    include_str!("migrations/0010_record_hashes.sql"),
    include_str!("migrations/0011_rules_next_change.sql"),
    include_str!("migrations/0012_home_reads.sql"),
    include_str!("migrations/0013_shared_last_checkin.sql"),
    include_str!("migrations/0014_screen_reader.sql"),
];

/// The schema version this steady writes: `PRAGMA user_version` once every migration ran.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// How long a writer waits for another before giving up with [`Error::Locked`].
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Pages a backup copies between two progress reports (4 MiB at SQLCipher's page size).
const BACKUP_PAGES_PER_STEP: std::os::raw::c_int = 1024;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "the database{} cannot be opened with this keyring (wrong key, another vault's file, or not a steady database)",
        at(.0)
    )]
    NotADatabase(PathBuf),
    #[error("the database{} is damaged; restore it from a backup", at(.0))]
    Corrupt(PathBuf),
    #[error(
        "the vault was created by a newer steady (schema {found}, this build knows {supported}); upgrade steady"
    )]
    NewerSchema { found: u32, supported: u32 },
    #[error("the vault is busy (another session is writing); try again in a moment")]
    Locked,
    #[error("the disk is full, or the vault's files may not grow any larger; nothing was saved")]
    DiskFull,
    #[error(
        "the vault's files could not be read or written (a disk or file-system fault); try again, and restore from a backup if it persists"
    )]
    DiskFault,
    #[error("cannot write to the vault ({0}); check the folder's permissions")]
    ReadOnly(String),
    #[error("no vault database at {0}")]
    Missing(PathBuf),
    #[error("this database belongs to another vault than its keyring")]
    ForeignVault,
    #[error("storage error: {0}")]
    Sql(String),
    #[error(
        "internal error: a change to {0} was not recorded in the audit log, so nothing was saved"
    )]
    Unaudited(String),
    #[error("cannot prepare the vault folder {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

pub(crate) type Result<T> = std::result::Result<T, Error>;

/// " at PATH", or nothing when the failing query did not know its file.
fn at(path: &Path) -> String {
    if path.as_os_str().is_empty() {
        String::new()
    } else {
        format!(" at {}", path.display())
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::Locked,
            Some(ErrorCode::DiskFull) => Error::DiskFull,
            // A write that could not grow a file (EFBIG past a size limit, a quota, a
            // full disk the VFS saw as a short write) fails the statement and is rolled
            // back: for the person, that is a full disk.
            Some(ErrorCode::SystemIoFailure) => match e.sqlite_error().map(|f| f.extended_code) {
                Some(
                    rusqlite::ffi::SQLITE_IOERR_WRITE
                    | rusqlite::ffi::SQLITE_IOERR_SHMSIZE
                    | rusqlite::ffi::SQLITE_IOERR_TRUNCATE,
                ) => Error::DiskFull,
                _ => Error::DiskFault,
            },
            Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
                Error::ReadOnly(e.to_string())
            }
            Some(ErrorCode::NotADatabase) => Error::NotADatabase(PathBuf::new()),
            Some(ErrorCode::DatabaseCorrupt) => Error::Corrupt(PathBuf::new()),
            _ => Error::Sql(e.to_string()),
        }
    }
}

impl Error {
    fn at(self, path: &Path) -> Self {
        match self {
            Error::NotADatabase(_) => Error::NotADatabase(path.to_path_buf()),
            Error::Corrupt(_) => Error::Corrupt(path.to_path_buf()),
            other => other,
        }
    }
}

/// An open, keyed, migrated database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// A view of the database for queries: a plain connection or an open transaction.
pub struct Db<'a>(&'a Connection);

impl Store {
    /// Creates a new, empty vault database (the folder 0700, the file 0600).
    pub fn create(path: &Path, key: &MasterKey, vault_id: &str) -> Result<Self> {
        prepare_private_file(path)?;
        let mut store = Self::connect(path, key)?;
        store.migrate()?;
        records::install(&store.conn)?;
        store.write(|db| db.set_meta("vault_id", vault_id))?;
        Ok(store)
    }

    /// Opens an existing vault database; refuses one from another vault or a newer schema.
    pub fn open(path: &Path, key: &MasterKey, vault_id: &str) -> Result<Self> {
        if !path.exists() {
            return Err(Error::Missing(path.to_path_buf()));
        }
        // SQLite treats an empty file as a new database and would build a fresh vault in
        // it; a vault's file is never empty, so an empty one was truncated.
        if std::fs::metadata(path).is_ok_and(|m| m.len() == 0) {
            return Err(Error::Corrupt(path.to_path_buf()));
        }
        let opened = (|| {
            let mut store = Self::connect(path, key)?;
            store.migrate()?;
            records::install(&store.conn)?;
            if store.db().meta("vault_id")?.as_deref() != Some(vault_id) {
                return Err(Error::ForeignVault);
            }
            Ok(store)
        })();
        opened.map_err(|e| e.at(path))
    }

    fn connect(path: &Path, key: &MasterKey) -> Result<Self> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| Error::from(e).at(path))?;
        apply_key(&conn, key).map_err(|e| Error::from(e).at(path))?;
        // The first read proves the key: a wrong key or a foreign file fails here.
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(|e| Error::from(e).at(path))?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| Error::from(e).at(path))?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // SQLCipher encrypts the database and its log, not SQLite's temporary files (sorts,
        // index builds, temporary tables): those stay in memory, never on disk in the clear.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        Ok(Self {
            conn,
            path: path.to_path_buf(),
        })
    }

    fn migrate(&mut self) -> Result<()> {
        let found: u32 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| Error::from(e).at(&self.path))?;
        let supported = MIGRATIONS.len() as u32;
        if found > supported {
            return Err(Error::NewerSchema { found, supported });
        }
        for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", index as u32 + 1)?;
            tx.commit()?;
        }
        Ok(())
    }

    pub fn db(&self) -> Db<'_> {
        Db(&self.conn)
    }

    /// Runs `work` in one immediate (write-locked) transaction: all of it commits or none.
    pub fn write<T, E: From<Error>>(
        &self,
        work: impl FnOnce(&Db<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        // Dropping the transaction without commit (an error, or a panic) rolls back.
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(Error::from)?;
        let db = Db(&tx);
        let out = work(&db)?;
        // Every change to an audited row must be closed by an audit entry in the same
        // transaction (see records.rs); one that was not is refused, never committed.
        if db.pending_records()? > 0 {
            let what = db.first_pending_record()?.unwrap_or_default();
            return Err(Error::Unaudited(what).into());
        }
        tx.commit().map_err(Error::from)?;
        Ok(out)
    }

    /// Test support: as [`Store::write`], without requiring an audit entry (the store's
    /// own tests, and forgeries written as an attacker would, without steady's triggers).
    #[cfg(any(test, feature = "test-support"))]
    pub fn write_unaudited<T, E: From<Error>>(
        &self,
        work: impl FnOnce(&Db<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(Error::from)?;
        let db = Db(&tx);
        let out = work(&db)?;
        tx.execute("DELETE FROM temp.audit_pending", [])
            .map_err(Error::from)?;
        tx.commit().map_err(Error::from)?;
        Ok(out)
    }

    /// Changes the database key in place (SQLCipher `rekey`).
    pub fn rekey(&mut self, next: &MasterKey) -> Result<()> {
        // SQLCipher rewrites every page; do it outside WAL so no stale frames remain.
        self.conn
            .pragma_update(None, "journal_mode", "DELETE")
            .map_err(Error::from)?;
        self.conn.key(
            Some(rusqlite::MAIN_DB),
            next.sqlcipher_raw_key().as_bytes(),
            true,
        )?;
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        Ok(())
    }

    /// Writes a consistent copy of the whole database to a new file at `dest`, keyed with
    /// `key`, using SQLite's online backup (others may keep writing meanwhile). The copy is
    /// fsynced before this returns; `dest` must not exist yet.
    pub fn backup_to(
        &self,
        dest: &Path,
        key: &MasterKey,
        copied: &mut dyn FnMut(u64, u64),
    ) -> Result<()> {
        use rusqlite::backup::Backup;
        let io = |source| Error::Io {
            path: dest.to_path_buf(),
            source,
        };
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options.open(dest).map_err(io)?;
        let mut target = Connection::open_with_flags(
            dest,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        apply_key(&target, key)?;
        {
            // Every step copies pages under one read transaction, held open here from the
            // first to the last: a consistent snapshot however busy the writers are (in
            // WAL mode they never restart the copy), reported step by step (done, total
            // pages). Busy steps are retried.
            use rusqlite::backup::StepResult;
            self.conn
                .execute_batch("BEGIN; SELECT count(*) FROM sqlite_schema;")?;
            let stepped = (|| -> Result<()> {
                let backup = Backup::new(&self.conn, &mut target)?;
                let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
                loop {
                    let done = match backup.step(BACKUP_PAGES_PER_STEP)? {
                        StepResult::Done => true,
                        StepResult::More => false,
                        _ if std::time::Instant::now() >= deadline => return Err(Error::Locked),
                        _ => {
                            std::thread::sleep(std::time::Duration::from_millis(50));
                            continue;
                        }
                    };
                    let at = backup.progress();
                    let total = u64::try_from(at.pagecount).unwrap_or(0);
                    let left = u64::try_from(at.remaining).unwrap_or(0);
                    copied(total.saturating_sub(left), total);
                    if done {
                        return Ok(());
                    }
                }
            })();
            // Only read: ending the transaction cannot lose anything.
            let ended = self.conn.execute_batch("COMMIT");
            stepped?;
            ended?;
        }
        target.close().map_err(|(_, e)| Error::from(e))?;
        std::fs::File::open(dest)
            .and_then(|f| f.sync_all())
            .map_err(io)?;
        Ok(())
    }

    /// `PRAGMA integrity_check`, for `audit verify` and the tests.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    /// Test support: the first column of every row `sql` returns, as text.
    #[cfg(test)]
    pub(crate) fn query_strings(&self, sql: &str) -> Result<Vec<String>> {
        let mut statement = self.conn.prepare(sql)?;
        let rows = statement
            .query_map([], |row| {
                Ok(match row.get_ref(0)? {
                    rusqlite::types::ValueRef::Null => "NULL".to_string(),
                    rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                    rusqlite::types::ValueRef::Real(x) => x.to_string(),
                    rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => {
                        String::from_utf8_lossy(t).into_owned()
                    }
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Test support: runs raw SQL (for tampering with rows in tests only).
    #[cfg(any(test, feature = "test-support"))]
    pub fn execute_raw_for_tests(&self, sql: &str) -> Result<usize> {
        Ok(self.conn.execute(sql, [])?)
    }

    /// Test support: every row of every table as text (blobs read as lossy UTF-8), so a
    /// test can look for anything stored in the clear.
    #[cfg(any(test, feature = "test-support"))]
    pub fn dump_tables_for_tests(&self) -> Result<Vec<TableDump>> {
        use rusqlite::types::ValueRef;
        let mut names_stmt = self
            .conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?;
        let names: Vec<String> = names_stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut tables = Vec::new();
        for name in names {
            // A table name cannot be bound as a parameter; these come from the schema
            // itself, quoted as an identifier.
            let mut stmt = self
                .conn
                .prepare(&format!("SELECT * FROM \"{}\"", name.replace('"', "\"\"")))?;
            let columns: Vec<String> = stmt.column_names().map(String::from).collect();
            let mut rows = stmt.query([])?;
            let mut cells = Vec::new();
            while let Some(row) = rows.next()? {
                let mut line = Vec::with_capacity(columns.len());
                for i in 0..columns.len() {
                    line.push(match row.get_ref(i)? {
                        ValueRef::Null => "NULL".to_string(),
                        ValueRef::Integer(n) => n.to_string(),
                        ValueRef::Real(x) => x.to_string(),
                        ValueRef::Text(t) | ValueRef::Blob(t) => {
                            String::from_utf8_lossy(t).into_owned()
                        }
                    });
                }
                cells.push(line);
            }
            tables.push(TableDump {
                name,
                columns,
                rows: cells,
            });
        }
        Ok(tables)
    }
}

/// Test support: one table's column names and rows, every value as text.
#[cfg(any(test, feature = "test-support"))]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableDump {
    pub name: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Db<'_> {
    /// Test support: runs raw SQL inside the caller's transaction.
    #[cfg(test)]
    pub(crate) fn execute_raw_for_tests(&self, sql: &str) -> Result<()> {
        self.0.execute_batch(sql)?;
        Ok(())
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .0
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.0.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }
}

/// Keys a fresh connection with the vault's raw master key, the same way for the vault
/// and for its backups: SQLCipher 4 settings, its own log silenced first (it would print
/// HMAC failures over the TUI), and the busy timeout.
fn apply_key(conn: &Connection, key: &MasterKey) -> rusqlite::Result<()> {
    let _: Option<String> = conn
        .query_row("PRAGMA cipher_log_level = NONE", [], |r| r.get(0))
        .ok();
    conn.key(
        Some(rusqlite::MAIN_DB),
        key.sqlcipher_raw_key().as_bytes(),
        false,
    )?;
    conn.pragma_update(None, "cipher_compatibility", 4)?;
    conn.busy_timeout(BUSY_TIMEOUT)
}

/// Makes the folder (0700) and an empty file (0600) so SQLite never creates it wider.
fn prepare_private_file(path: &Path) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.exists() {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir).map_err(io)?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(io)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map_err(io)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_backup_reports_its_pages_and_copies_the_vault_as_it_was_when_it_began() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("steady.db");
        let key = MasterKey::random();
        let store = Store::create(&path, &key, "v1").unwrap();
        // About 12 MiB: several steps of BACKUP_PAGES_PER_STEP pages.
        store
            .conn
            .execute_batch(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000)
                 INSERT INTO meta (key, value) SELECT 'filler' || i, hex(randomblob(1000)) FROM n;",
            )
            .unwrap();
        let other = Store::open(&path, &key, "v1").unwrap();
        let copy = dir.path().join("copy.db");
        let mut reports: Vec<(u64, u64)> = Vec::new();
        store
            .backup_to(&copy, &key, &mut |done, total| {
                // Another connection commits while the copy is under way.
                if reports.is_empty() {
                    other
                        .conn
                        .execute("INSERT INTO meta (key, value) VALUES ('during', 'x')", [])
                        .unwrap();
                }
                reports.push((done, total));
            })
            .unwrap();
        assert!(reports.len() >= 3, "{reports:?}");
        let total = reports[0].1;
        assert!(reports.iter().all(|&(_, t)| t == total), "{reports:?}");
        assert!(reports.windows(2).all(|w| w[0].0 < w[1].0), "{reports:?}");
        assert_eq!(reports.last(), Some(&(total, total)));
        let count = |store: &Store, key_name: &str| {
            store
                .query_strings(&format!(
                    "SELECT count(*) FROM meta WHERE key LIKE '{key_name}'"
                ))
                .unwrap()
        };
        let copied = Store::open(&copy, &key, "v1").unwrap();
        assert_eq!(count(&copied, "during"), ["0"], "the snapshot of the start");
        assert_eq!(count(&copied, "filler%"), ["6000"]);
        assert_eq!(count(&store, "during"), ["1"]);
        assert_eq!(copied.integrity_check().unwrap(), "ok");
    }

    #[test]
    fn a_bulk_load_keeps_the_log_while_another_connection_has_the_vault_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("steady.db");
        let key = MasterKey::random();
        let loader = Store::create(&path, &key, "v1").unwrap();
        let other = Store::open(&path, &key, "v1").unwrap();
        other.query_strings("SELECT count(*) FROM people").unwrap();
        assert!(!loader.journal_for_bulk_load().unwrap(), "kept the log");
        assert_eq!(
            loader.query_strings("PRAGMA journal_mode").unwrap(),
            ["wal"]
        );
        drop(other);
        assert!(
            loader.journal_for_bulk_load().unwrap(),
            "alone, it switches"
        );
        assert_eq!(
            loader.query_strings("PRAGMA journal_mode").unwrap(),
            ["delete"]
        );
        loader.journal_to_wal().unwrap();
        assert_eq!(
            loader.query_strings("PRAGMA journal_mode").unwrap(),
            ["wal"]
        );
    }

    /// A vault database as steady left it after migration `version`, with a check-in and
    /// its stressor flags: then opened by this steady, which runs the later migrations.
    #[test]
    fn an_older_vault_upgrades_with_its_stressor_flags_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("steady.db");
        let key = MasterKey::random();
        {
            let mut store = Store::connect(&path, &key).unwrap();
            for sql in &MIGRATIONS[..6] {
                store.conn.execute_batch(sql).unwrap();
            }
            store.conn.pragma_update(None, "user_version", 6).unwrap();
            store
                .conn
                .execute_batch(
                    "INSERT INTO meta (key, value) VALUES ('vault_id', 'v1');
                     INSERT INTO accounts (login, person_id, roles, must_change_passphrase, disabled, created_at)
                         VALUES ('sup', NULL, 'supervisor', 0, 0, '2026-01-01T00:00:00Z');
                     INSERT INTO people (employee_id, name, unit, supervisor_id, active, created_at, updated_at)
                         VALUES ('E1', 'Ana', 'North', NULL, 1, 'x', 'x');
                     INSERT INTO checkins (id, employee_id, author, kind, occurred_on, wellbeing,
                         visibility, created_at, updated_at)
                         VALUES (7, 'E1', 'sup', 'supervisor', '2026-03-02', 3, 'chain', 'x', 'x');
                     INSERT INTO checkin_stressors VALUES (7, 'work.workload', 'moderate');
                     INSERT INTO checkin_stressors VALUES (7, 'health.sleep', 'high');",
                )
                .unwrap();
            store.migrate().unwrap_or_else(|e| panic!("{e}"));
            drop(store);
        }
        let store = Store::open(&path, &key, "v1").unwrap();
        let flags = store
            .query_strings(
                "SELECT checkin_id || ' ' || category || ' ' || severity FROM checkin_stressors",
            )
            .unwrap();
        assert_eq!(
            flags,
            ["7 health.sleep high", "7 work.workload moderate"],
            "kept, in key order"
        );
        let version = store.query_strings("PRAGMA user_version").unwrap();
        assert_eq!(version, [MIGRATIONS.len().to_string()]);
        let without_rowid = store
            .query_strings("SELECT sql FROM sqlite_schema WHERE name = 'checkin_stressors'")
            .unwrap();
        assert!(
            without_rowid[0].contains("WITHOUT ROWID"),
            "{without_rowid:?}"
        );
        assert!(
            store
                .query_strings("PRAGMA foreign_key_check")
                .unwrap()
                .is_empty()
        );
        assert_eq!(store.integrity_check().unwrap(), "ok");
        // Deleting a check-in still takes its flags with it.
        store
            .execute_raw_for_tests("DELETE FROM checkins WHERE id = 7")
            .unwrap();
        assert!(
            store
                .query_strings("SELECT * FROM checkin_stressors")
                .unwrap()
                .is_empty()
        );
    }
}
