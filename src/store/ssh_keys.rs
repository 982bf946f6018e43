//! Queries over `ssh_keys`. Which keys may be added, and by whom, is the desk's job.

use rusqlite::{Row, params};

use super::{Db, Result};

/// One registered key as stored.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SshKeyRow {
    pub login: String,
    pub key_type: String,
    pub fingerprint: String,
    /// The key blob, base64, as in a `.pub` file.
    pub public_key: String,
    pub comment: String,
    pub added_at: String,
    pub added_by: String,
    /// The key opens its login in the screen-reader mode.
    pub screen_reader: bool,
}

fn row_from(row: &Row<'_>) -> rusqlite::Result<SshKeyRow> {
    Ok(SshKeyRow {
        login: row.get(0)?,
        key_type: row.get(1)?,
        fingerprint: row.get(2)?,
        public_key: row.get(3)?,
        comment: row.get(4)?,
        added_at: row.get(5)?,
        added_by: row.get(6)?,
        screen_reader: row.get::<_, Option<i64>>(7)?.is_some_and(|on| on != 0),
    })
}

const COLUMNS: &str =
    "login, key_type, fingerprint, public_key, comment, added_at, added_by, screen_reader";

impl Db<'_> {
    pub fn insert_ssh_key(&self, key: &SshKeyRow) -> Result<()> {
        self.0.execute(
            &format!("INSERT INTO ssh_keys ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
            params![
                key.login,
                key.key_type,
                key.fingerprint,
                key.public_key,
                key.comment,
                key.added_at,
                key.added_by,
                // NULL when off, as every key added before the column was.
                key.screen_reader.then_some(1_i64)
            ],
        )?;
        Ok(())
    }

    pub fn ssh_key(&self, fingerprint: &str) -> Result<Option<SshKeyRow>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .0
            .query_row(
                &format!("SELECT {COLUMNS} FROM ssh_keys WHERE fingerprint = ?1"),
                [fingerprint],
                row_from,
            )
            .optional()?)
    }

    /// Every key, or one login's, ordered by login then when added.
    pub fn ssh_keys(&self, login: Option<&str>) -> Result<Vec<SshKeyRow>> {
        let mut stmt = self.0.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM ssh_keys WHERE ?1 IS NULL OR login = ?1
             ORDER BY login, added_at, fingerprint"
        ))?;
        let rows = stmt.query_map([login], row_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Removes one key; whether it was there.
    pub fn delete_ssh_key(&self, login: &str, fingerprint: &str) -> Result<bool> {
        Ok(self.0.execute(
            "DELETE FROM ssh_keys WHERE login = ?1 AND fingerprint = ?2",
            params![login, fingerprint],
        )? > 0)
    }

    /// Removes every key of one login; how many there were.
    pub fn delete_ssh_keys_of(&self, login: &str) -> Result<usize> {
        Ok(self
            .0
            .execute("DELETE FROM ssh_keys WHERE login = ?1", [login])?)
    }
}
