//! Queries over `prompts` and `prompt_events`, and the bulk reads a full rules run needs.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};

use super::{Db, Error, Result};
use crate::domain::prompt::{Prompt, PromptEvent, PromptState};
use crate::domain::referral::{Consent, Status};
use crate::domain::stressors::Severity as StressorSeverity;
use crate::rules::{CheckinFacts, Evidence, ReferralFacts, Severity};

const PROMPT_COLUMNS: &str = "id, rule_id, employee_id, severity, state, opened_on, resolved_on, \
     snooze_until, explanation, evidence, audience, suggest";

fn conversion(message: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, message.into())
}

fn prompt_from(row: &Row<'_>) -> rusqlite::Result<Prompt> {
    let severity: String = row.get(3)?;
    let state: String = row.get(4)?;
    let evidence: String = row.get(9)?;
    let list = |text: String| -> Vec<String> {
        text.split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    Ok(Prompt {
        id: row.get(0)?,
        rule: row.get(1)?,
        employee_id: row.get(2)?,
        severity: Severity::parse(&severity).ok_or_else(|| conversion(severity.clone()))?,
        state: state.parse().map_err(conversion)?,
        opened_on: row.get(5)?,
        resolved_on: row.get(6)?,
        snooze_until: row.get(7)?,
        explanation: row.get(8)?,
        evidence: serde_json::from_str::<Vec<StoredEvidence>>(&evidence)
            .map_err(|e| conversion(e.to_string()))?
            .into_iter()
            .map(StoredEvidence::into_evidence)
            .collect(),
        audience: list(row.get(10)?),
        suggest: list(row.get(11)?),
    })
}

#[derive(serde::Serialize, serde::Deserialize)]
struct StoredEvidence {
    kind: String,
    id: i64,
    date: NaiveDate,
}

impl StoredEvidence {
    fn into_evidence(self) -> Evidence {
        Evidence {
            kind: if self.kind == "referral" {
                "referral"
            } else {
                "checkin"
            },
            id: self.id,
            date: self.date,
        }
    }
}

fn evidence_json(evidence: &[Evidence]) -> Result<String> {
    let stored: Vec<StoredEvidence> = evidence
        .iter()
        .map(|e| StoredEvidence {
            kind: e.kind.to_string(),
            id: e.id,
            date: e.date,
        })
        .collect();
    serde_json::to_string(&stored).map_err(|e| Error::Sql(e.to_string()))
}

impl Db<'_> {
    /// Live prompts (not resolved) about one person.
    pub fn live_prompts_for(&self, employee_id: &str) -> Result<Vec<Prompt>> {
        let mut stmt = self.0.prepare_cached(&format!(
            "SELECT {PROMPT_COLUMNS} FROM prompts WHERE employee_id = ?1 AND state <> 'resolved'"
        ))?;
        let rows = stmt.query_map([employee_id], prompt_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every live prompt.
    pub fn live_prompts(&self) -> Result<Vec<Prompt>> {
        let mut stmt = self.0.prepare_cached(&format!(
            "SELECT {PROMPT_COLUMNS} FROM prompts WHERE state <> 'resolved' ORDER BY id"
        ))?;
        let rows = stmt.query_map([], prompt_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn prompt(&self, id: i64) -> Result<Option<Prompt>> {
        Ok(self
            .0
            .query_row(
                &format!("SELECT {PROMPT_COLUMNS} FROM prompts WHERE id = ?1"),
                [id],
                prompt_from,
            )
            .optional()?)
    }

    pub fn insert_prompt(&self, p: &Prompt) -> Result<i64> {
        self.0
            .prepare_cached(
                "INSERT INTO prompts (rule_id, employee_id, severity, state, opened_on, explanation,
                     evidence, audience, suggest)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                p.rule,
                p.employee_id,
                p.severity.as_str(),
                p.state.as_str(),
                p.opened_on,
                p.explanation,
                evidence_json(&p.evidence)?,
                p.audience.join(","),
                p.suggest.join(",")
            ])?;
        Ok(self.0.last_insert_rowid())
    }

    /// Refreshes what a live prompt says (its condition still holds, perhaps more strongly).
    pub fn refresh_prompt(&self, p: &Prompt) -> Result<()> {
        self.0
            .prepare_cached(
                "UPDATE prompts SET severity = ?2, explanation = ?3, evidence = ?4 WHERE id = ?1",
            )?
            .execute(params![
                p.id,
                p.severity.as_str(),
                p.explanation,
                evidence_json(&p.evidence)?
            ])?;
        Ok(())
    }

    pub fn set_prompt_state(
        &self,
        id: i64,
        state: PromptState,
        on: NaiveDate,
        snooze_until: Option<NaiveDate>,
    ) -> Result<()> {
        self.0
            .prepare_cached(
                "UPDATE prompts SET state = ?2, snooze_until = ?3,
                     resolved_on = CASE WHEN ?2 = 'resolved' THEN ?4 ELSE resolved_on END
                 WHERE id = ?1",
            )?
            .execute(params![id, state.as_str(), snooze_until, on])?;
        Ok(())
    }

    pub fn insert_prompt_event(&self, e: &PromptEvent) -> Result<()> {
        self.0
            .prepare_cached(
                "INSERT INTO prompt_events (prompt_id, on_date, actor, state, note)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                e.prompt_id,
                e.on_date,
                e.actor,
                e.state.as_str(),
                e.note
            ])?;
        Ok(())
    }

    pub fn prompt_events(&self, prompt_id: i64) -> Result<Vec<PromptEvent>> {
        let mut stmt = self.0.prepare_cached(
            "SELECT prompt_id, on_date, actor, state, note FROM prompt_events
             WHERE prompt_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([prompt_id], |r| {
            Ok(PromptEvent {
                prompt_id: r.get(0)?,
                on_date: r.get(1)?,
                actor: r.get(2)?,
                state: r.get::<_, String>(3)?.parse().map_err(conversion)?,
                note: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One person's check-ins as the rules see them, oldest first.
    pub fn checkin_facts_for(&self, employee_id: &str) -> Result<Vec<CheckinFacts>> {
        let mut out = Vec::new();
        self.scan_checkin_facts(Some(employee_id), |_, facts| out.push(facts))?;
        Ok(out)
    }

    /// Every check-in as the rules see them, grouped by person (one ordered pass: the
    /// floor any full evaluation must read).
    pub fn scan_checkin_facts(
        &self,
        only: Option<&str>,
        mut visit: impl FnMut(&str, CheckinFacts),
    ) -> Result<()> {
        // Two statements, not `?1 IS NULL OR employee_id = ?1`: SQLite plans a statement
        // before it sees the parameter, and the OR would scan every check-in for one person.
        let mut stmt = match only {
            Some(_) => self.0.prepare_cached(
                "SELECT c.employee_id, c.id, c.occurred_on, c.wellbeing, s.category, s.severity
                 FROM checkins c LEFT JOIN checkin_stressors s ON s.checkin_id = c.id
                 WHERE c.employee_id = ?1
                 ORDER BY c.employee_id, c.occurred_on, c.id",
            )?,
            None => self.0.prepare_cached(
                "SELECT c.employee_id, c.id, c.occurred_on, c.wellbeing, s.category, s.severity
                 FROM checkins c LEFT JOIN checkin_stressors s ON s.checkin_id = c.id
                 ORDER BY c.employee_id, c.occurred_on, c.id",
            )?,
        };
        let mut rows = match only {
            Some(id) => stmt.query([id])?,
            None => stmt.query([])?,
        };
        let mut current: Option<(String, CheckinFacts)> = None;
        while let Some(row) = rows.next()? {
            let employee: String = row.get(0)?;
            let id: i64 = row.get(1)?;
            let same = current
                .as_ref()
                .is_some_and(|(e, c)| c.id == id && *e == employee);
            if !same {
                if let Some((e, c)) = current.take() {
                    visit(&e, c);
                }
                current = Some((
                    employee,
                    CheckinFacts {
                        id,
                        on: row.get(2)?,
                        wellbeing: row.get(3)?,
                        stressors: Vec::new(),
                    },
                ));
            }
            if let (Some(category), Some((_, facts))) =
                (row.get::<_, Option<String>>(4)?, current.as_mut())
            {
                let severity: String = row.get(5)?;
                let severity: StressorSeverity = severity.parse().map_err(conversion)?;
                facts.stressors.push((category, severity));
            }
        }
        if let Some((e, c)) = current {
            visit(&e, c);
        }
        Ok(())
    }

    /// Referrals as the rules see them, for one person or everyone, keyed by person.
    pub fn referral_facts(&self, only: Option<&str>) -> Result<Vec<(String, ReferralFacts)>> {
        // One statement per case, for the same reason as in `scan_checkin_facts`.
        let mut stmt = self.0.prepare_cached(if only.is_some() {
            "SELECT r.employee_id, r.id, r.status, r.consent, r.created_on,
                    coalesce((SELECT max(on_date) FROM referral_events e WHERE e.referral_id = r.id), r.created_on)
             FROM referrals r WHERE r.employee_id = ?1"
        } else {
            "SELECT r.employee_id, r.id, r.status, r.consent, r.created_on,
                    coalesce((SELECT max(on_date) FROM referral_events e WHERE e.referral_id = r.id), r.created_on)
             FROM referrals r WHERE ?1 IS NULL"
        })?;
        let rows = stmt.query_map([only], |r| {
            let status: String = r.get(2)?;
            let consent: String = r.get(3)?;
            Ok((
                r.get::<_, String>(0)?,
                ReferralFacts {
                    id: r.get(1)?,
                    status: status.parse::<Status>().map_err(conversion)?,
                    consent: consent.parse::<Consent>().map_err(conversion)?,
                    created_on: r.get(4)?,
                    last_event_on: r.get(5)?,
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
