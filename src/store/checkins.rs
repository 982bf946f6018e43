//! Queries over `checkins`, `checkin_stressors` and `checkin_versions`.

use std::str::FromStr;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};

use super::{Db, Error, Result};
use crate::domain::checkin::{Checkin, CheckinKind, Visibility};
use crate::domain::stressors::{Severity, StressorFlag};

/// An author's follow-ups among a person's latest check-ins: found through the person's
/// check-ins (`checkins_by_employee`), never by author or by follow-up day.
pub(crate) const FOLLOW_UPS_ON_LATEST: &str = "SELECT id, occurred_on, follow_up_on FROM checkins
     WHERE employee_id = ?1
       AND occurred_on = (SELECT max(occurred_on) FROM checkins WHERE employee_id = ?1)
       AND author = ?2 AND follow_up_on IS NOT NULL AND follow_up_on <= ?3
     ORDER BY id";

const CHECKIN_COLUMNS: &str = "id, employee_id, author, kind, occurred_on, wellbeing, visibility, \
     notes, follow_up_on, version, notes_purged_on";

fn parse<T: FromStr<Err = String>>(text: String) -> rusqlite::Result<T> {
    text.parse().map_err(|e: String| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
    })
}

fn checkin_from(row: &Row<'_>) -> rusqlite::Result<Checkin> {
    Ok(Checkin {
        id: row.get(0)?,
        employee_id: row.get(1)?,
        author: row.get(2)?,
        kind: parse::<CheckinKind>(row.get(3)?)?,
        occurred_on: row.get(4)?,
        wellbeing: row.get(5)?,
        visibility: parse::<Visibility>(row.get(6)?)?,
        notes: row.get(7)?,
        follow_up_on: row.get(8)?,
        version: row.get(9)?,
        notes_purged_on: row.get(10)?,
        stressors: Vec::new(),
    })
}

impl Db<'_> {
    fn attach_stressors(&self, checkins: &mut [Checkin]) -> Result<()> {
        let mut stmt = self.0.prepare_cached(
            "SELECT category, severity FROM checkin_stressors WHERE checkin_id = ?1 ORDER BY category",
        )?;
        for checkin in checkins {
            let rows = stmt.query_map([checkin.id], |r| {
                Ok(StressorFlag {
                    category: r.get(0)?,
                    severity: parse::<Severity>(r.get(1)?)?,
                })
            })?;
            checkin.stressors = rows.collect::<rusqlite::Result<_>>()?;
        }
        Ok(())
    }

    pub fn checkin(&self, id: i64) -> Result<Option<Checkin>> {
        let found = self
            .0
            .query_row(
                &format!("SELECT {CHECKIN_COLUMNS} FROM checkins WHERE id = ?1"),
                [id],
                checkin_from,
            )
            .optional()?;
        let mut found: Vec<Checkin> = found.into_iter().collect();
        self.attach_stressors(&mut found)?;
        Ok(found.pop())
    }

    /// A person's check-ins, newest first.
    pub fn checkins_for(&self, employee_id: &str) -> Result<Vec<Checkin>> {
        let mut stmt = self.0.prepare_cached(&format!(
            "SELECT {CHECKIN_COLUMNS} FROM checkins WHERE employee_id = ?1
             ORDER BY occurred_on DESC, id DESC"
        ))?;
        let mut checkins: Vec<Checkin> = stmt
            .query_map([employee_id], checkin_from)?
            .collect::<rusqlite::Result<_>>()?;
        self.attach_stressors(&mut checkins)?;
        Ok(checkins)
    }

    pub fn insert_checkin(&self, checkin: &Checkin, now: &str) -> Result<i64> {
        self.0
            .prepare_cached(
                "INSERT INTO checkins (employee_id, author, kind, occurred_on, wellbeing, visibility,
                     notes, follow_up_on, version, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9, ?9)",
            )?
            .execute(params![
                checkin.employee_id,
                checkin.author,
                checkin.kind.as_str(),
                checkin.occurred_on,
                checkin.wellbeing,
                checkin.visibility.as_str(),
                checkin.notes,
                checkin.follow_up_on,
                now
            ])?;
        let id = self.0.last_insert_rowid();
        self.replace_stressors(id, &checkin.stressors)?;
        Ok(id)
    }

    fn replace_stressors(&self, checkin_id: i64, flags: &[StressorFlag]) -> Result<()> {
        self.0
            .prepare_cached("DELETE FROM checkin_stressors WHERE checkin_id = ?1")?
            .execute([checkin_id])?;
        let mut insert = self.0.prepare_cached(
            "INSERT INTO checkin_stressors (checkin_id, category, severity) VALUES (?1, ?2, ?3)",
        )?;
        for flag in flags {
            insert.execute(params![checkin_id, flag.category, flag.severity.as_str()])?;
        }
        Ok(())
    }

    /// Keeps `previous` whole in `checkin_versions`, then writes `updated` over it.
    pub fn update_checkin(
        &self,
        previous: &Checkin,
        updated: &Checkin,
        actor: &str,
        now: &str,
    ) -> Result<()> {
        let snapshot = serde_json::to_string(previous).map_err(|e| Error::Sql(e.to_string()))?;
        self.0.execute(
            "INSERT INTO checkin_versions (checkin_id, version, snapshot, replaced_at, replaced_by)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![previous.id, previous.version, snapshot, now, actor],
        )?;
        self.0.execute(
            "UPDATE checkins SET occurred_on = ?2, wellbeing = ?3, visibility = ?4, notes = ?5,
                 follow_up_on = ?6, version = version + 1, updated_at = ?7
             WHERE id = ?1",
            params![
                previous.id,
                updated.occurred_on,
                updated.wellbeing,
                updated.visibility.as_str(),
                updated.notes,
                updated.follow_up_on,
                now
            ],
        )?;
        self.replace_stressors(previous.id, &updated.stressors)
    }

    /// Earlier versions of a check-in, oldest first.
    pub fn checkin_versions(&self, id: i64) -> Result<Vec<Checkin>> {
        let mut stmt = self.0.prepare_cached(
            "SELECT snapshot FROM checkin_versions WHERE checkin_id = ?1 ORDER BY version",
        )?;
        let rows = stmt.query_map([id], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for snapshot in rows {
            out.push(serde_json::from_str(&snapshot?).map_err(|e| Error::Sql(e.to_string()))?);
        }
        Ok(out)
    }

    /// Stressor flags on a person's check-ins dated on or after `since`.
    pub fn stressors_since(
        &self,
        employee_id: &str,
        since: NaiveDate,
    ) -> Result<Vec<StressorFlag>> {
        let mut stmt = self.0.prepare_cached(
            "SELECT s.category, s.severity FROM checkin_stressors s
             JOIN checkins c ON c.id = s.checkin_id
             WHERE c.employee_id = ?1 AND c.occurred_on >= ?2",
        )?;
        let rows = stmt.query_map(params![employee_id, since], |r| {
            Ok(StressorFlag {
                category: r.get(0)?,
                severity: parse::<Severity>(r.get(1)?)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Each person's latest check-in date (any author), for "not seen for a while".
    pub fn last_checkin_dates(&self) -> Result<Vec<(String, NaiveDate)>> {
        let mut stmt = self.0.prepare_cached(
            "SELECT employee_id, max(occurred_on) FROM checkins GROUP BY employee_id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A person's latest check-in date (any author): one index seek.
    pub fn latest_checkin_on(&self, employee_id: &str) -> Result<Option<NaiveDate>> {
        Ok(self
            .0
            .prepare_cached("SELECT max(occurred_on) FROM checkins WHERE employee_id = ?1")?
            .query_row([employee_id], |r| r.get(0))?)
    }

    /// The plan behind a query, one line per step (`EXPLAIN QUERY PLAN`), for tests that
    /// check which index a query uses.
    #[cfg(test)]
    pub(crate) fn query_plan(&self, sql: &str) -> Result<Vec<String>> {
        let mut stmt = self.0.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        // Parameters stay unbound (NULL): the plan does not depend on their values.
        let mut rows = stmt.raw_query();
        let mut plan = Vec::new();
        while let Some(row) = rows.next()? {
            plan.push(row.get::<_, String>(3)?);
        }
        Ok(plan)
    }

    /// `author`'s check-ins with a person that ask for a follow-up by `horizon` and are
    /// dated on the person's latest check-in day: (id, occurred_on, follow_up_on).
    pub fn follow_ups_on_latest(
        &self,
        employee_id: &str,
        author: &str,
        horizon: NaiveDate,
    ) -> Result<Vec<(i64, NaiveDate, NaiveDate)>> {
        let mut stmt = self.0.prepare_cached(FOLLOW_UPS_ON_LATEST)?;
        let rows = stmt.query_map(params![employee_id, author, horizon], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Check-ins with notes older than `before` that still hold text (for purge).
    pub fn checkins_with_notes_before(&self, before: NaiveDate) -> Result<Vec<i64>> {
        let mut stmt = self.0.prepare_cached(
            "SELECT id FROM checkins WHERE occurred_on < ?1 AND notes <> '' ORDER BY id",
        )?;
        let rows = stmt.query_map([before], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Blanks a check-in's notes, in its earlier versions too (which hold the same text);
    /// everything else about it stays.
    pub fn purge_checkin_notes(&self, id: i64, on: NaiveDate) -> Result<()> {
        self.0.execute(
            "UPDATE checkins SET notes = '', notes_purged_on = ?2 WHERE id = ?1",
            params![id, on],
        )?;
        let mut update = self.0.prepare_cached(
            "UPDATE checkin_versions SET snapshot = ?3 WHERE checkin_id = ?1 AND version = ?2",
        )?;
        for mut version in self.checkin_versions(id)? {
            version.notes.clear();
            version.notes_purged_on = Some(on);
            let snapshot =
                serde_json::to_string(&version).map_err(|e| Error::Sql(e.to_string()))?;
            update.execute(params![id, version.version, snapshot])?;
        }
        Ok(())
    }
}
