//! Queries over `audit_log`. Appending and checking the chain are the desk's job.

use rusqlite::{OptionalExtension, Row, params};

use super::{Db, Result};
use crate::domain::audit::AuditEntry;

pub(super) fn entry_from(row: &Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        seq: row.get(0)?,
        at: row.get(1)?,
        actor: row.get(2)?,
        action: row.get(3)?,
        subject: row.get(4)?,
        detail: row.get(5)?,
        signer: row.get(6)?,
        prev_hash: row.get(7)?,
        hash: row.get(8)?,
        signature: row.get(9)?,
        records: row.get(10)?,
        facts: row.get(11)?,
    })
}

pub(super) const AUDIT_COLUMNS: &str =
    "seq, at, actor, action, subject, detail, signer, prev_hash, hash, signature, records, facts";

impl Db<'_> {
    /// The last entry's sequence number and hash, if any.
    pub fn audit_head(&self) -> Result<Option<(i64, String)>> {
        Ok(self
            .0
            .query_row(
                "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    pub fn insert_audit(&self, entry: &AuditEntry) -> Result<()> {
        self.0
            .prepare_cached(&format!(
                "INSERT INTO audit_log ({AUDIT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
            ))?
            .execute(params![
                entry.seq,
                entry.at,
                entry.actor,
                entry.action,
                entry.subject,
                entry.detail,
                entry.signer,
                entry.prev_hash,
                entry.hash,
                entry.signature,
                entry.records,
                entry.facts
            ])?;
        Ok(())
    }

    /// The newest entries first, at most `limit`.
    pub fn recent_audit(&self, limit: u32) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.0.prepare_cached(&format!(
            "SELECT {AUDIT_COLUMNS} FROM audit_log ORDER BY seq DESC LIMIT ?1"
        ))?;
        let rows = stmt.query_map([limit], entry_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn audit_entry(&self, seq: i64) -> Result<Option<AuditEntry>> {
        Ok(self
            .0
            .query_row(
                &format!("SELECT {AUDIT_COLUMNS} FROM audit_log WHERE seq = ?1"),
                [seq],
                entry_from,
            )
            .optional()?)
    }
}

impl Db<'_> {
    /// Entries whose subject is `subject` (a person's employee id), newest first.
    pub fn audit_about(&self, subject: &str) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.0.prepare_cached(&format!(
            "SELECT {AUDIT_COLUMNS} FROM audit_log WHERE subject = ?1 ORDER BY seq DESC"
        ))?;
        let rows = stmt.query_map([subject], entry_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
