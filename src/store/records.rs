//! Records carry their hash (DESIGN.md, "Integrity rests on private keys"). Every write to
//! an audited table is noted by a temporary trigger on this connection; the audit entry
//! that closes the write hashes each noted row as it now stands (or notes its deletion),
//! stores the hashes in `audit_records` under the entry's sequence number and signs their
//! digest. `audit verify` later re-hashes every live row and compares it with the hash its
//! last entry recorded.
//!
//! The triggers live only in this process's connection (they are `TEMP`), so an
//! off-the-shelf SQLCipher client writes without them: exactly the writes verify must find.

use std::cmp::Ordering;

use rusqlite::types::{Value, ValueRef};

/// A primary-key value as stored in `audit_records` (an integer or text).
pub(crate) use rusqlite::types::Value as KeyValue;
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::{Db, Error, Result};
use crate::domain::audit::AuditEntry;

/// A table whose rows carry their hash: a stable code (stored in `audit_records`), its
/// name and its primary key (one or two columns).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuditedTable {
    pub code: i64,
    pub name: &'static str,
    pub key: &'static [&'static str],
    /// The column naming the only account that may write the row (besides an admin's
    /// maintenance: purge, generated history), where there is one.
    pub writer: Option<&'static str>,
}

/// The vault settings (rows of `meta`) that are audited; the rest of `meta` is bookkeeping
/// (the vault id, the last rules run) that no entry vouches for.
pub(crate) const AUDITED_SETTINGS: &[&str] = &["report.min_k"];

/// Every audited table. Codes are stored: never renumber, only append.
pub(crate) const AUDITED_TABLES: &[AuditedTable] = &[
    AuditedTable {
        code: 1,
        name: "people",
        key: &["employee_id"],
        writer: None,
    },
    AuditedTable {
        code: 2,
        name: "accounts",
        key: &["login"],
        writer: None,
    },
    AuditedTable {
        code: 3,
        name: "account_keys",
        key: &["id"],
        writer: None,
    },
    AuditedTable {
        code: 4,
        name: "mentorships",
        key: &["mentor_login", "employee_id"],
        writer: None,
    },
    AuditedTable {
        code: 5,
        name: "checkins",
        key: &["id"],
        writer: Some("author"),
    },
    AuditedTable {
        code: 6,
        name: "checkin_stressors",
        key: &["checkin_id", "category"],
        writer: None,
    },
    AuditedTable {
        code: 7,
        name: "checkin_versions",
        key: &["checkin_id", "version"],
        writer: None,
    },
    AuditedTable {
        code: 8,
        name: "resources",
        key: &["id"],
        writer: None,
    },
    AuditedTable {
        code: 9,
        name: "referrals",
        key: &["id"],
        writer: None,
    },
    AuditedTable {
        code: 10,
        name: "referral_events",
        key: &["id"],
        writer: None,
    },
    AuditedTable {
        code: 11,
        name: "self_checks",
        key: &["id"],
        writer: Some("owner"),
    },
    AuditedTable {
        code: 12,
        name: "prompt_responses",
        key: &["id"],
        writer: None,
    },
    AuditedTable {
        code: 13,
        name: "ssh_keys",
        key: &["fingerprint"],
        writer: None,
    },
    AuditedTable {
        code: 14,
        name: "meta",
        key: &["key"],
        writer: None,
    },
];

impl AuditedTable {
    pub fn by_code(code: i64) -> Option<&'static AuditedTable> {
        AUDITED_TABLES.iter().find(|t| t.code == code)
    }

    /// Only the audited settings of `meta`; every row of the other tables.
    fn filter(&self, row: &str) -> String {
        if self.name == "meta" {
            let keys: Vec<String> = AUDITED_SETTINGS.iter().map(|k| format!("'{k}'")).collect();
            format!("{row}.key IN ({})", keys.join(", "))
        } else {
            "1".to_string()
        }
    }

    fn second_key(&self, row: &str) -> String {
        self.key
            .get(1)
            .map_or_else(|| "''".to_string(), |k| format!("{row}.{k}"))
    }

    fn key_where(&self) -> String {
        match self.key {
            [one] => format!("{one} = ?1"),
            [one, two, ..] => format!("{one} = ?1 AND {two} = ?2"),
            [] => "0".to_string(),
        }
    }

    fn key_order(&self) -> String {
        self.key.join(", ")
    }

    /// "checkins 12", "mentorships m.ruiz/E1007": how verify names a row.
    pub fn describe(&self, k1: &Value, k2: &Value) -> String {
        match self.key.len() {
            1 => format!("{} {}", self.name, show(k1)),
            _ => format!("{} {}/{}", self.name, show(k1), show(k2)),
        }
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::Integer(i) => i.to_string(),
        Value::Text(t) => crate::domain::text::sanitize(t).into_owned(),
        Value::Real(r) => r.to_string(),
        Value::Blob(b) => hex::encode(b),
        Value::Null => "null".to_string(),
    }
}

/// Creates the pending list and the triggers that fill it, on this connection only.
pub(super) fn install(conn: &Connection) -> rusqlite::Result<()> {
    let mut sql = String::from(
        "CREATE TEMP TABLE IF NOT EXISTS audit_pending (
             tbl INTEGER NOT NULL, k1 NOT NULL, k2 NOT NULL
         );\n",
    );
    for t in AUDITED_TABLES {
        // A plain insert, repeats and all (they are merged when recorded): a uniqueness
        // check here would take the conflict handling of the statement that fired the
        // trigger (an upsert's fails it), and a NOT EXISTS test is not indexed inside a
        // trigger, which made a bulk load quadratic.
        let note = |row: &str| {
            format!(
                "INSERT INTO temp.audit_pending VALUES ({}, {row}.{}, {});",
                t.code,
                t.key[0],
                t.second_key(row)
            )
        };
        let (name, code) = (t.name, t.code);
        sql.push_str(&format!(
            "CREATE TEMP TRIGGER IF NOT EXISTS audit_{code}_insert AFTER INSERT ON main.{name}
                 WHEN {} BEGIN {} END;
             CREATE TEMP TRIGGER IF NOT EXISTS audit_{code}_update AFTER UPDATE ON main.{name}
                 WHEN {} OR {} BEGIN {} {} END;
             CREATE TEMP TRIGGER IF NOT EXISTS audit_{code}_delete AFTER DELETE ON main.{name}
                 WHEN {} BEGIN {} END;\n",
            t.filter("NEW"),
            note("NEW"),
            t.filter("OLD"),
            t.filter("NEW"),
            note("OLD"),
            note("NEW"),
            t.filter("OLD"),
            note("OLD"),
        ));
    }
    conn.execute_batch(&sql)
}

/// SHA-256 of a row's canonical form: the table's name, then each non-NULL column's name
/// and typed value, length-prefixed. NULL columns are left out, so a migration that adds
/// a nullable column changes no recorded hash.
pub fn row_hash(table: &str, names: &[String], values: &[ValueRef<'_>]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"steady row v1");
    put(&mut h, table.as_bytes());
    for (name, value) in names.iter().zip(values) {
        let (tag, bytes): (u8, std::borrow::Cow<'_, [u8]>) = match value {
            ValueRef::Null => continue,
            ValueRef::Integer(i) => (b'i', i.to_be_bytes().to_vec().into()),
            ValueRef::Real(r) => (b'r', r.to_bits().to_be_bytes().to_vec().into()),
            ValueRef::Text(t) => (b't', (*t).into()),
            ValueRef::Blob(b) => (b'b', (*b).into()),
        };
        put(&mut h, name.as_bytes());
        h.update([tag]);
        put(&mut h, &bytes);
    }
    h.finalize().into()
}

fn put(h: &mut Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_be_bytes());
    h.update(bytes);
}

fn put_value(h: &mut Sha256, v: &Value) {
    match v {
        Value::Integer(i) => {
            h.update([b'i']);
            h.update(i.to_be_bytes());
        }
        Value::Text(t) => {
            h.update([b't']);
            put(h, t.as_bytes());
        }
        Value::Blob(b) => {
            h.update([b'b']);
            put(h, b);
        }
        Value::Real(r) => {
            h.update([b'r']);
            h.update(r.to_bits().to_be_bytes());
        }
        Value::Null => h.update([b'n']),
    }
}

/// The digest an entry signs over its records, fed in (table, key) order.
#[derive(Clone)]
pub struct RecordsDigest {
    hasher: Sha256,
    count: u64,
}

impl Default for RecordsDigest {
    fn default() -> Self {
        let mut hasher = Sha256::new();
        hasher.update(b"steady records v1");
        Self { hasher, count: 0 }
    }
}

impl RecordsDigest {
    pub fn add(&mut self, record: &Record) {
        self.hasher.update(record.tbl.to_be_bytes());
        put_value(&mut self.hasher, &record.k1);
        put_value(&mut self.hasher, &record.k2);
        put(&mut self.hasher, &record.hash);
        self.count += 1;
    }

    /// Hex, or empty when no record was added (the entry wrote no audited row).
    pub fn finish(self) -> String {
        if self.count == 0 {
            String::new()
        } else {
            hex::encode(self.hasher.finalize())
        }
    }
}

/// One row version an entry recorded; an empty hash means the entry deleted the row.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub tbl: i64,
    pub k1: Value,
    pub k2: Value,
    pub seq: i64,
    pub hash: Vec<u8>,
}

/// SQLite's order for the key values stored here: integers before text, text by bytes.
pub(crate) fn cmp_key(a: &Value, b: &Value) -> Ordering {
    fn rank(v: &Value) -> u8 {
        match v {
            Value::Null => 0,
            Value::Integer(_) | Value::Real(_) => 1,
            Value::Text(_) => 2,
            Value::Blob(_) => 3,
        }
    }
    match (a, b) {
        (Value::Integer(x), Value::Integer(y)) => x.cmp(y),
        (Value::Text(x), Value::Text(y)) => x.as_bytes().cmp(y.as_bytes()),
        (Value::Blob(x), Value::Blob(y)) => x.cmp(y),
        _ => rank(a).cmp(&rank(b)),
    }
}

fn record_from(row: &rusqlite::Row<'_>) -> rusqlite::Result<Record> {
    Ok(Record {
        tbl: row.get(0)?,
        k1: row.get(1)?,
        k2: row.get(2)?,
        seq: row.get(3)?,
        hash: row.get(4)?,
    })
}

impl Db<'_> {
    /// How many audited rows this transaction changed that no entry has recorded yet.
    pub fn pending_records(&self) -> Result<i64> {
        Ok(self
            .0
            .query_row("SELECT count(*) FROM temp.audit_pending", [], |r| r.get(0))?)
    }

    /// The first audited row changed but not yet recorded, named, for an error message.
    pub fn first_pending_record(&self) -> Result<Option<String>> {
        let found: Option<(i64, Value, Value)> = self
            .0
            .query_row(
                "SELECT tbl, k1, k2 FROM temp.audit_pending ORDER BY tbl, k1, k2 LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        Ok(found.map(|(tbl, k1, k2)| match AuditedTable::by_code(tbl) {
            Some(t) => t.describe(&k1, &k2),
            None => format!("table {tbl}"),
        }))
    }

    /// Hashes every row this transaction changed, stores the hashes under `seq`, empties
    /// the pending list and returns the digest the entry signs (empty if none).
    pub fn record_pending(&self, seq: i64) -> Result<String> {
        let mut digest = RecordsDigest::default();
        let mut pending = self.0.prepare_cached(
            "SELECT DISTINCT tbl, k1, k2 FROM temp.audit_pending ORDER BY tbl, k1, k2",
        )?;
        let mut insert = self.0.prepare_cached(
            "INSERT INTO audit_records (tbl, k1, k2, seq, hash) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut rows = pending.query([])?;
        while let Some(row) = rows.next()? {
            let (tbl, k1, k2): (i64, Value, Value) = (row.get(0)?, row.get(1)?, row.get(2)?);
            let table = AuditedTable::by_code(tbl)
                .ok_or_else(|| Error::Unaudited(format!("an unknown table {tbl}")))?;
            let hash = self
                .live_row_hash(table, &k1, &k2)?
                .map_or_else(Vec::new, |h| h.to_vec());
            let record = Record {
                tbl,
                k1,
                k2,
                seq,
                hash,
            };
            insert.execute(params![record.tbl, record.k1, record.k2, seq, record.hash])?;
            digest.add(&record);
        }
        drop(rows);
        self.0.execute("DELETE FROM temp.audit_pending", [])?;
        Ok(digest.finish())
    }

    /// Whether one account's row is as the audit log last recorded it: its live hash is the
    /// hash of its latest audited version (a row the log never recorded is not). What a
    /// login checks before it acts on the account's roles, so that someone holding the
    /// master key cannot give themselves a role by editing the table.
    pub(crate) fn account_as_audited(&self, login: &str) -> Result<bool> {
        let Some(table) = AUDITED_TABLES.iter().find(|t| t.name == "accounts") else {
            return Ok(false);
        };
        let k1 = Value::Text(login.to_string());
        let k2 = Value::Text(String::new());
        let last: Option<Vec<u8>> = self
            .0
            .query_row(
                "SELECT hash FROM audit_records WHERE tbl = ?1 AND k1 = ?2 AND k2 = ?3
                 ORDER BY seq DESC LIMIT 1",
                params![table.code, k1, k2],
                |r| r.get(0),
            )
            .optional()?;
        let live = self.live_row_hash(table, &k1, &k2)?;
        Ok(matches!((last, live), (Some(last), Some(live)) if last == live.to_vec()))
    }

    /// The hash of one live row, or None if it does not exist.
    pub fn live_row_hash(
        &self,
        table: &AuditedTable,
        k1: &Value,
        k2: &Value,
    ) -> Result<Option<[u8; 32]>> {
        Ok(self.live_row(table, k1, k2)?.map(|row| row.hash))
    }

    /// One live row's hash and writer, or None if it does not exist.
    pub fn live_row(
        &self,
        table: &AuditedTable,
        k1: &Value,
        k2: &Value,
    ) -> Result<Option<LiveRow>> {
        let sql = format!(
            "SELECT {}, * FROM {} WHERE {} AND {}",
            table.writer.unwrap_or("NULL"),
            table.name,
            table.key_where(),
            table.filter(table.name)
        );
        let mut stmt = self.0.prepare_cached(&sql)?;
        let names: Vec<String> = stmt.column_names().skip(1).map(|n| n.to_string()).collect();
        let mut rows = if table.key.len() == 1 {
            stmt.query(params![k1])?
        } else {
            stmt.query(params![k1, k2])?
        };
        let Some(row) = rows.next()? else {
            return Ok(None);
        };
        let values: Vec<ValueRef<'_>> = (1..names.len() + 1)
            .map(|i| row.get_ref(i))
            .collect::<rusqlite::Result<_>>()?;
        Ok(Some(LiveRow {
            hash: row_hash(table.name, &names, &values),
            writer: row.get(0)?,
        }))
    }

    /// How many live rows of `table` are audited.
    pub fn count_audited_rows(&self, table: &AuditedTable) -> Result<u64> {
        let sql = format!(
            "SELECT count(*) FROM {} AS t WHERE {}",
            table.name,
            table.filter("t")
        );
        Ok(self
            .0
            .query_row(&sql, [], |r| r.get::<_, i64>(0))?
            .unsigned_abs())
    }

    /// Walks `table`'s live rows and its recorded hashes side by side in key order: `visit`
    /// gets each key with its live hash (None: no such row) and its latest record (None:
    /// never recorded), and returns false to stop.
    pub fn join_live_and_recorded(
        &self,
        table: &AuditedTable,
        mut visit: impl FnMut(&Value, &Value, Option<LiveRow>, Option<&Record>) -> bool,
    ) -> Result<()> {
        let live_sql = format!(
            "SELECT {k1}, {k2}, {writer}, * FROM {name} AS t WHERE {filter} ORDER BY {order}",
            k1 = table.key[0],
            k2 = table.second_key("t"),
            writer = table.writer.unwrap_or("NULL"),
            name = table.name,
            filter = table.filter("t"),
            order = table.key_order(),
        );
        let mut live_stmt = self.0.prepare(&live_sql)?;
        let names: Vec<String> = live_stmt
            .column_names()
            .skip(3)
            .map(|n| n.to_string())
            .collect();
        let mut live_rows = live_stmt.query([])?;
        let mut next_live = || -> Result<Option<(Value, Value, LiveRow)>> {
            let Some(row) = live_rows.next()? else {
                return Ok(None);
            };
            let values: Vec<ValueRef<'_>> = (3..names.len() + 3)
                .map(|i| row.get_ref(i))
                .collect::<rusqlite::Result<_>>()?;
            let live = LiveRow {
                hash: row_hash(table.name, &names, &values),
                writer: row.get(2)?,
            };
            Ok(Some((row.get(0)?, row.get(1)?, live)))
        };
        let mut rec_stmt = self.0.prepare(
            "SELECT tbl, k1, k2, seq, hash FROM audit_records WHERE tbl = ?1 ORDER BY tbl, k1, k2, seq",
        )?;
        let mut rec_rows = rec_stmt.query([table.code])?;
        let mut latest = LatestPerKey::new();
        let mut next_latest = || -> Result<Option<Record>> {
            while let Some(row) = rec_rows.next()? {
                if let Some(done) = latest.push(record_from(row)?) {
                    return Ok(Some(done));
                }
            }
            Ok(std::mem::replace(&mut latest, LatestPerKey::new()).finish())
        };
        let mut live = next_live()?;
        let mut recorded = next_latest()?;
        loop {
            let order = match (&live, &recorded) {
                (None, None) => return Ok(()),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (Some((k1, k2, _)), Some(r)) => cmp_key(k1, &r.k1).then_with(|| cmp_key(k2, &r.k2)),
            };
            let go_on = match (order, &live, &recorded) {
                (Ordering::Less, Some((k1, k2, row)), _) => {
                    let go_on = visit(k1, k2, Some(row.clone()), None);
                    live = next_live()?;
                    go_on
                }
                (Ordering::Greater, _, Some(r)) => {
                    let go_on = visit(&r.k1, &r.k2, None, Some(r));
                    recorded = next_latest()?;
                    go_on
                }
                (Ordering::Equal, Some((k1, k2, row)), Some(r)) => {
                    let go_on = visit(k1, k2, Some(row.clone()), Some(r));
                    live = next_live()?;
                    recorded = next_latest()?;
                    go_on
                }
                _ => return Ok(()),
            };
            if !go_on {
                return Ok(());
            }
        }
    }

    /// Walks the audit log after entry `after` in order, handing `visit` each entry with
    /// the records stored under its sequence number; records under a number no entry has
    /// come as [`ChainItem::Stray`]. `visit` returns false to stop.
    pub fn walk_chain(&self, after: i64, mut visit: impl FnMut(ChainItem) -> bool) -> Result<()> {
        let mut entries = self.0.prepare(&format!(
            "SELECT {} FROM audit_log WHERE seq > ?1 ORDER BY seq",
            super::audit::AUDIT_COLUMNS
        ))?;
        let mut entry_rows = entries.query([after])?;
        let mut recs = self.0.prepare(
            "SELECT tbl, k1, k2, seq, hash FROM audit_records INDEXED BY audit_records_by_seq
             WHERE seq > ?1 ORDER BY seq, tbl, k1, k2",
        )?;
        let mut rec_rows = recs.query([after])?;
        let mut next_record = || -> Result<Option<Record>> {
            Ok(match rec_rows.next()? {
                Some(row) => Some(record_from(row)?),
                None => None,
            })
        };
        let mut record = next_record()?;
        while let Some(row) = entry_rows.next()? {
            let entry = super::audit::entry_from(row)?;
            let mut own = Vec::new();
            while let Some(r) = record.take() {
                if r.seq < entry.seq {
                    if !visit(ChainItem::Stray(r)) {
                        return Ok(());
                    }
                } else if r.seq == entry.seq {
                    own.push(r);
                } else {
                    record = Some(r);
                    break;
                }
                record = next_record()?;
            }
            if !visit(ChainItem::Entry(entry, own)) {
                return Ok(());
            }
        }
        while let Some(r) = record {
            if !visit(ChainItem::Stray(r)) {
                return Ok(());
            }
            record = next_record()?;
        }
        Ok(())
    }

    /// The entries before `until` (inclusive) that carry account facts, in order.
    pub fn account_fact_entries(&self, until: i64) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.0.prepare(&format!(
            "SELECT {} FROM audit_log INDEXED BY audit_log_account_facts
             WHERE facts <> '' AND seq <= ?1 ORDER BY seq",
            super::audit::AUDIT_COLUMNS
        ))?;
        let rows = stmt.query_map([until], super::audit::entry_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// A live row as verify sees it: its hash, and the account its writer column names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveRow {
    pub hash: [u8; 32],
    pub writer: Option<String>,
}

/// What [`Db::walk_chain`] hands over.
pub enum ChainItem {
    /// An entry and the records stored under its sequence number.
    Entry(AuditEntry, Vec<Record>),
    /// A record whose sequence number belongs to no entry.
    Stray(Record),
}

/// Keeps only the last record of each key from a stream in key order.
#[derive(Default)]
pub(crate) struct LatestPerKey {
    held: Option<Record>,
}

impl LatestPerKey {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Feeds the next record; returns the previous key's latest once its key has ended.
    pub(crate) fn push(&mut self, record: Record) -> Option<Record> {
        match &self.held {
            Some(h) if h.k1 == record.k1 && h.k2 == record.k2 => {
                self.held = Some(record);
                None
            }
            _ => self.held.replace(record),
        }
    }

    pub(crate) fn finish(self) -> Option<Record> {
        self.held
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_hash_covers_names_types_and_values_but_not_nulls() {
        let names = vec!["id".to_string(), "note".to_string(), "extra".to_string()];
        let base = row_hash(
            "t",
            &names,
            &[ValueRef::Integer(1), ValueRef::Text(b"x"), ValueRef::Null],
        );
        let without_extra = row_hash(
            "t",
            &names[..2],
            &[ValueRef::Integer(1), ValueRef::Text(b"x")],
        );
        assert_eq!(base, without_extra, "a NULL column is left out");
        let as_text = row_hash(
            "t",
            &names,
            &[ValueRef::Text(b"1"), ValueRef::Text(b"x"), ValueRef::Null],
        );
        assert_ne!(base, as_text, "the type is part of the hash");
        let other_table = row_hash(
            "u",
            &names,
            &[ValueRef::Integer(1), ValueRef::Text(b"x"), ValueRef::Null],
        );
        assert_ne!(base, other_table);
        let shifted = row_hash(
            "t",
            &names,
            &[ValueRef::Integer(1), ValueRef::Text(b"x1"), ValueRef::Null],
        );
        assert_ne!(base, shifted);
    }

    #[test]
    fn keys_order_as_sqlite_orders_them() {
        let mut keys = vec![
            Value::Text("b".into()),
            Value::Integer(10),
            Value::Text("B".into()),
            Value::Integer(9),
        ];
        keys.sort_by(cmp_key);
        assert_eq!(
            keys,
            vec![
                Value::Integer(9),
                Value::Integer(10),
                Value::Text("B".into()),
                Value::Text("b".into())
            ]
        );
    }

    #[test]
    fn latest_per_key_keeps_each_keys_last_record() {
        let r = |k: i64, seq: i64| Record {
            tbl: 5,
            k1: Value::Integer(k),
            k2: Value::Text(String::new()),
            seq,
            hash: vec![],
        };
        let mut latest = LatestPerKey::new();
        let mut out = Vec::new();
        for rec in [r(1, 3), r(1, 7), r(2, 4), r(3, 1), r(3, 9)] {
            out.extend(latest.push(rec));
        }
        out.extend(latest.finish());
        let seqs: Vec<i64> = out.iter().map(|r| r.seq).collect();
        assert_eq!(seqs, vec![7, 4, 9]);
    }

    #[test]
    fn the_records_digest_is_empty_without_records_and_covers_each_one() {
        assert_eq!(RecordsDigest::default().finish(), "");
        let rec = Record {
            tbl: 5,
            k1: Value::Integer(1),
            k2: Value::Text(String::new()),
            seq: 1,
            hash: vec![1; 32],
        };
        let mut one = RecordsDigest::default();
        one.add(&rec);
        let mut deleted = RecordsDigest::default();
        deleted.add(&Record {
            hash: vec![],
            ..rec.clone()
        });
        assert_ne!(one.clone().finish(), deleted.finish());
        assert_eq!(one.finish().len(), 64);
    }
}
