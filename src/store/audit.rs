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

/// What an admin narrows the audit log to; `None` lets everything through. Lists go to
/// SQLite as JSON arrays (`json_each`), so every value is bound, never spliced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct AuditQuery {
    pub actors: Option<Vec<String>>,
    /// Action families: `family` itself or `family.anything`.
    pub families: Option<Vec<String>>,
    /// Stamps at or after this (a `YYYY-MM-DD` prefix compares as the day's start).
    pub from: Option<String>,
    /// Stamps before this.
    pub until: Option<String>,
}

const AUDIT_WHERE: &str = "(?1 IS NULL OR actor IN (SELECT value FROM json_each(?1)))
     AND (?2 IS NULL OR EXISTS (SELECT 1 FROM json_each(?2) f
          WHERE audit_log.action = f.value OR substr(audit_log.action, 1, length(f.value) + 1) = f.value || '.'))
     AND (?3 IS NULL OR at >= ?3)
     AND (?4 IS NULL OR at < ?4)";

impl AuditQuery {
    fn bound(&self) -> [Option<String>; 4] {
        // A list of strings always serialises; an empty list lets nothing through.
        let list = |l: &Option<Vec<String>>| {
            l.as_ref()
                .map(|l| serde_json::to_string(l).unwrap_or_else(|_| "[]".into()))
        };
        [
            list(&self.actors),
            list(&self.families),
            self.from.clone(),
            self.until.clone(),
        ]
    }
}

impl Db<'_> {
    /// How many entries `query` lets through.
    pub(crate) fn count_audit(&self, query: &AuditQuery) -> Result<usize> {
        let count: i64 = self
            .0
            .prepare_cached(&format!(
                "SELECT COUNT(*) FROM audit_log WHERE {AUDIT_WHERE}"
            ))?
            .query_row(rusqlite::params_from_iter(query.bound()), |r| r.get(0))?;
        Ok(usize::try_from(count).unwrap_or(0))
    }

    /// The entries `query` lets through, newest first, `limit` from `offset`.
    pub(crate) fn audit_page(
        &self,
        query: &AuditQuery,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<AuditEntry>> {
        let [a, f, from, until] = query.bound();
        let mut stmt = self.0.prepare_cached(&format!(
            "SELECT {AUDIT_COLUMNS} FROM audit_log WHERE {AUDIT_WHERE}
             ORDER BY seq DESC LIMIT ?5 OFFSET ?6"
        ))?;
        let rows = stmt.query_map(
            params![
                a,
                f,
                from,
                until,
                i64::try_from(limit).unwrap_or(i64::MAX),
                i64::try_from(offset).unwrap_or(i64::MAX)
            ],
            entry_from,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every login that ever acted, in order.
    pub(crate) fn audit_actors(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .0
            .prepare_cached("SELECT DISTINCT actor FROM audit_log ORDER BY actor")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
