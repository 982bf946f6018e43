//! Queries over `prompts`, `prompt_responses` and `prompt_events`, and the reads the rules
//! need (check-ins with who wrote them and who may read them, referrals with their history).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};

use super::{Db, Error, Result};
use crate::domain::Person;
use crate::domain::checkin::Visibility;
use crate::domain::prompt::{Audience, Prompt, PromptEvent, Reason, Response, ResponseKind};
use crate::domain::referral::{Consent, Status};
use crate::domain::stressors::Severity as StressorSeverity;
use crate::rules::{CheckinFacts, Evidence, Figures, ReferralFacts, ReferralStep, Severity};

const PROMPT_COLUMNS: &str = "id, employee_id, audience_key, severity, state, opened_on, \
     resolved_on, coalesce(severity_since, opened_on), reasons, suggest";

fn conversion(message: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, message.into())
}

fn severity_from(text: String) -> rusqlite::Result<Severity> {
    Severity::parse(&text).ok_or_else(|| conversion(text))
}

fn prompt_from(row: &Row<'_>) -> rusqlite::Result<Prompt> {
    let audience: String = row.get(2)?;
    let state: String = row.get(4)?;
    let reasons: String = row.get(8)?;
    let suggest: String = row.get(9)?;
    Ok(Prompt {
        id: row.get(0)?,
        employee_id: row.get(1)?,
        audience: audience.parse().map_err(conversion)?,
        severity: severity_from(row.get(3)?)?,
        state: state.parse().map_err(conversion)?,
        opened_on: row.get(5)?,
        resolved_on: row.get(6)?,
        severity_since: row.get(7)?,
        reasons: serde_json::from_str::<Vec<StoredReason>>(&reasons)
            .map_err(|e| conversion(e.to_string()))?
            .into_iter()
            .map(StoredReason::into_reason)
            .collect::<rusqlite::Result<_>>()?,
        suggest: suggest
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
    })
}

#[derive(serde::Serialize, serde::Deserialize)]
struct StoredEvidence {
    kind: String,
    id: i64,
    date: NaiveDate,
}

/// A sentence's figures as stored (`value_since`: the day an age counts from).
#[derive(serde::Serialize, serde::Deserialize)]
struct StoredFigures {
    value: i64,
    count: usize,
    date: NaiveDate,
    usual_tenths: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    value_since: Option<NaiveDate>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct StoredReason {
    rule: String,
    severity: String,
    explanation: String,
    evidence: Vec<StoredEvidence>,
    /// Absent from reasons stored before the figures were kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    figures: Option<StoredFigures>,
}

impl StoredReason {
    fn into_reason(self) -> rusqlite::Result<Reason> {
        Ok(Reason {
            rule: self.rule,
            severity: severity_from(self.severity)?,
            explanation: self.explanation,
            evidence: self
                .evidence
                .into_iter()
                .map(|e| Evidence {
                    kind: if e.kind == "referral" {
                        "referral"
                    } else {
                        "checkin"
                    },
                    id: e.id,
                    date: e.date,
                })
                .collect(),
            figures: self.figures.map(|f| Figures {
                value: f.value,
                count: f.count,
                date: f.date,
                usual_tenths: f.usual_tenths,
                value_since: f.value_since,
            }),
        })
    }
}

fn json_error(e: serde_json::Error) -> Error {
    Error::Sql(e.to_string())
}

fn reasons_json(reasons: &[Reason]) -> Result<String> {
    let stored: Vec<StoredReason> = reasons
        .iter()
        .map(|r| StoredReason {
            rule: r.rule.clone(),
            severity: r.severity.as_str().to_string(),
            explanation: r.explanation.clone(),
            evidence: r
                .evidence
                .iter()
                .map(|e| StoredEvidence {
                    kind: e.kind.to_string(),
                    id: e.id,
                    date: e.date,
                })
                .collect(),
            figures: r.figures.map(|f| StoredFigures {
                value: f.value,
                count: f.count,
                date: f.date,
                usual_tenths: f.usual_tenths,
                value_since: f.value_since,
            }),
        })
        .collect();
    serde_json::to_string(&stored).map_err(json_error)
}

const RESPONSE_COLUMNS: &str =
    "r.id, r.prompt_id, r.viewer, r.kind, r.on_date, r.until, r.severity, r.evidence, r.note";

fn response_from(row: &Row<'_>) -> rusqlite::Result<Response> {
    let kind: String = row.get(3)?;
    let evidence: String = row.get(7)?;
    Ok(Response {
        id: row.get(0)?,
        prompt_id: row.get(1)?,
        viewer: row.get(2)?,
        kind: kind.parse::<ResponseKind>().map_err(conversion)?,
        on: row.get(4)?,
        until: row.get(5)?,
        severity: severity_from(row.get(6)?)?,
        evidence: serde_json::from_str(&evidence).map_err(|e| conversion(e.to_string()))?,
        note: row.get(8)?,
    })
}

/// A check-in as the rules see it, with what decides which audiences may count it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourcedCheckin {
    pub author: String,
    pub visibility: Visibility,
    pub facts: CheckinFacts,
}

impl Db<'_> {
    /// Open prompts about one person, every audience.
    pub fn open_prompts_for(&self, employee_id: &str) -> Result<Vec<Prompt>> {
        let mut stmt = self.0.prepare_cached(&format!(
            "SELECT {PROMPT_COLUMNS} FROM prompts WHERE employee_id = ?1 AND state = 'open'"
        ))?;
        let rows = stmt.query_map([employee_id], prompt_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every open prompt.
    pub fn open_prompts(&self) -> Result<Vec<Prompt>> {
        let mut stmt = self.0.prepare_cached(&format!(
            "SELECT {PROMPT_COLUMNS} FROM prompts WHERE state = 'open' ORDER BY id"
        ))?;
        let rows = stmt.query_map([], prompt_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every open prompt with the person it is about, as the roster has them (None for
    /// someone no longer on it): one statement for a viewer's whole list.
    pub fn open_prompts_with_people(&self) -> Result<Vec<(Prompt, Option<Person>)>> {
        let mut stmt = self.0.prepare_cached(
            "SELECT pr.id, pr.employee_id, pr.audience_key, pr.severity, pr.state, pr.opened_on,
                    pr.resolved_on, coalesce(pr.severity_since, pr.opened_on), pr.reasons,
                    pr.suggest, pe.employee_id, pe.name, pe.unit, pe.supervisor_id, pe.active
             FROM prompts pr LEFT JOIN people pe ON pe.employee_id = pr.employee_id
             WHERE pr.state = 'open' ORDER BY pr.id",
        )?;
        let rows = stmt.query_map([], |row| {
            let person = match row.get::<_, Option<String>>(10)? {
                Some(employee_id) => Some(Person {
                    employee_id,
                    name: row.get(11)?,
                    unit: row.get(12)?,
                    supervisor_id: row.get(13)?,
                    active: row.get(14)?,
                }),
                None => None,
            };
            Ok((prompt_from(row)?, person))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every prompt about one person, open or resolved, oldest first.
    pub fn prompts_about(&self, employee_id: &str) -> Result<Vec<Prompt>> {
        let mut stmt = self.0.prepare_cached(&format!(
            "SELECT {PROMPT_COLUMNS} FROM prompts WHERE employee_id = ?1 ORDER BY id"
        ))?;
        let rows = stmt.query_map([employee_id], prompt_from)?;
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

    /// Stores a new open prompt; the older columns keep a readable summary of it.
    pub fn insert_prompt(&self, p: &Prompt) -> Result<i64> {
        let first = p.reasons.first();
        self.0
            .prepare_cached(
                "INSERT INTO prompts (rule_id, employee_id, severity, state, opened_on, explanation,
                     evidence, audience, suggest, audience_key, severity_since, reasons)
                 VALUES (?1, ?2, ?3, 'open', ?4, ?5, '[]', ?6, ?7, ?6, ?8, ?9)",
            )?
            .execute(params![
                first.map_or("", |r| r.rule.as_str()),
                p.employee_id,
                p.severity.as_str(),
                p.opened_on,
                first.map_or("", |r| r.explanation.as_str()),
                p.audience.key(),
                p.suggest.join(","),
                p.severity_since,
                reasons_json(&p.reasons)?,
            ])?;
        Ok(self.0.last_insert_rowid())
    }

    /// Refreshes an open prompt's reasons (its condition still holds, perhaps differently).
    pub fn refresh_prompt(&self, p: &Prompt) -> Result<()> {
        let first = p.reasons.first();
        self.0
            .prepare_cached(
                "UPDATE prompts SET severity = ?2, severity_since = ?3, reasons = ?4,
                     suggest = ?5, rule_id = ?6, explanation = ?7
                 WHERE id = ?1",
            )?
            .execute(params![
                p.id,
                p.severity.as_str(),
                p.severity_since,
                reasons_json(&p.reasons)?,
                p.suggest.join(","),
                first.map_or("", |r| r.rule.as_str()),
                first.map_or("", |r| r.explanation.as_str()),
            ])?;
        Ok(())
    }

    pub fn resolve_prompt(&self, id: i64, on: NaiveDate) -> Result<()> {
        self.0
            .prepare_cached(
                "UPDATE prompts SET state = 'resolved', resolved_on = ?2 WHERE id = ?1",
            )?
            .execute(params![id, on])?;
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

    pub fn insert_prompt_response(&self, r: &Response) -> Result<i64> {
        self.0
            .prepare_cached(
                "INSERT INTO prompt_responses
                     (prompt_id, viewer, kind, on_date, until, severity, evidence, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                r.prompt_id,
                r.viewer,
                r.kind.as_str(),
                r.on,
                r.until,
                r.severity.as_str(),
                serde_json::to_string(&r.evidence).map_err(json_error)?,
                r.note,
            ])?;
        Ok(self.0.last_insert_rowid())
    }

    /// The viewer's latest response still standing (not undone) to any prompt about this
    /// person for this audience: an acknowledgement's cooldown outlives the prompt row.
    pub fn latest_response(
        &self,
        employee_id: &str,
        audience: &Audience,
        viewer: &str,
    ) -> Result<Option<Response>> {
        let mut stmt = self.0.prepare_cached(&format!(
            "SELECT {RESPONSE_COLUMNS}
             FROM prompt_responses r JOIN prompts p ON p.id = r.prompt_id
             WHERE p.employee_id = ?1 AND p.audience_key = ?2 AND r.viewer = ?3
               AND r.undone_on IS NULL
             ORDER BY r.id DESC LIMIT 1"
        ))?;
        Ok(stmt
            .query_row(params![employee_id, audience.key(), viewer], response_from)
            .optional()?)
    }

    /// Each of the viewer's latest standing responses, as [`Db::latest_response`] finds
    /// them, for every person and audience at once: keyed by (employee id, audience key).
    pub fn standing_responses(&self, viewer: &str) -> Result<HashMap<(String, String), Response>> {
        let mut stmt = self.0.prepare_cached(&format!(
            "SELECT {RESPONSE_COLUMNS}, p.employee_id, p.audience_key
             FROM prompt_responses r JOIN prompts p ON p.id = r.prompt_id
             WHERE r.viewer = ?1 AND r.undone_on IS NULL
             ORDER BY r.id"
        ))?;
        let mut rows = stmt.query([viewer])?;
        let mut latest = HashMap::new();
        while let Some(row) = rows.next()? {
            // Later responses replace earlier ones: the latest stands.
            latest.insert((row.get(9)?, row.get(10)?), response_from(row)?);
        }
        Ok(latest)
    }

    pub fn undo_prompt_response(&self, id: i64, on: NaiveDate) -> Result<()> {
        self.0
            .prepare_cached("UPDATE prompt_responses SET undone_on = ?2 WHERE id = ?1")?
            .execute(params![id, on])?;
        Ok(())
    }

    /// Whether `viewer` acknowledged a prompt on or after `since` (and has not undone it).
    pub fn acknowledged_since(
        &self,
        prompt_id: i64,
        viewer: &str,
        since: NaiveDate,
    ) -> Result<bool> {
        Ok(self
            .0
            .prepare_cached(
                "SELECT 1 FROM prompt_responses
                 WHERE prompt_id = ?1 AND viewer = ?2 AND kind = 'acknowledged'
                   AND on_date >= ?3 AND undone_on IS NULL",
            )?
            .exists(params![prompt_id, viewer, since])?)
    }

    /// Employee ids of people marked inactive.
    pub fn inactive_people(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .0
            .prepare_cached("SELECT employee_id FROM people WHERE active = 0")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One person's check-ins as the rules see them, oldest first.
    pub fn checkin_facts_for(&self, employee_id: &str) -> Result<Vec<SourcedCheckin>> {
        let mut out = Vec::new();
        self.scan_checkin_facts(Some(employee_id), |_, checkin| out.push(checkin))?;
        Ok(out)
    }

    /// Every check-in as the rules see them, grouped by person (one ordered pass: the
    /// floor any full evaluation must read).
    pub fn scan_checkin_facts(
        &self,
        only: Option<&str>,
        mut visit: impl FnMut(&str, SourcedCheckin),
    ) -> Result<()> {
        // Two statements, not `?1 IS NULL OR employee_id = ?1`: SQLite plans a statement
        // before it sees the parameter, and the OR would scan every check-in for one person.
        let mut stmt = match only {
            Some(_) => self.0.prepare_cached(
                "SELECT c.employee_id, c.id, c.occurred_on, c.wellbeing, s.category, s.severity,
                        c.author, c.visibility
                 FROM checkins c LEFT JOIN checkin_stressors s ON s.checkin_id = c.id
                 WHERE c.employee_id = ?1
                 ORDER BY c.employee_id, c.occurred_on, c.id",
            )?,
            None => self.0.prepare_cached(
                "SELECT c.employee_id, c.id, c.occurred_on, c.wellbeing, s.category, s.severity,
                        c.author, c.visibility
                 FROM checkins c LEFT JOIN checkin_stressors s ON s.checkin_id = c.id
                 ORDER BY c.employee_id, c.occurred_on, c.id",
            )?,
        };
        let mut rows = match only {
            Some(id) => stmt.query([id])?,
            None => stmt.query([])?,
        };
        let mut current: Option<(String, SourcedCheckin)> = None;
        while let Some(row) = rows.next()? {
            let employee: String = row.get(0)?;
            let id: i64 = row.get(1)?;
            let same = current
                .as_ref()
                .is_some_and(|(e, c)| c.facts.id == id && *e == employee);
            if !same {
                if let Some((e, c)) = current.take() {
                    visit(&e, c);
                }
                let visibility: String = row.get(7)?;
                current = Some((
                    employee,
                    SourcedCheckin {
                        author: row.get(6)?,
                        visibility: visibility.parse().map_err(conversion)?,
                        facts: CheckinFacts {
                            id,
                            on: row.get(2)?,
                            wellbeing: row.get(3)?,
                            stressors: Vec::new(),
                        },
                    },
                ));
            }
            if let (Some(category), Some((_, checkin))) =
                (row.get::<_, Option<String>>(4)?, current.as_mut())
            {
                let severity: String = row.get(5)?;
                let severity: StressorSeverity = severity.parse().map_err(conversion)?;
                checkin.facts.stressors.push((category, severity));
            }
        }
        if let Some((e, c)) = current {
            visit(&e, c);
        }
        Ok(())
    }

    /// Referrals as the rules see them, each with its whole history, for one person or
    /// everyone, keyed by person.
    pub fn referral_facts(&self, only: Option<&str>) -> Result<Vec<(String, ReferralFacts)>> {
        // One statement per case, for the same reason as in `scan_checkin_facts`.
        let mut stmt = self.0.prepare_cached(if only.is_some() {
            "SELECT r.employee_id, r.id, r.created_on, e.on_date, e.status, e.consent
             FROM referrals r JOIN referral_events e ON e.referral_id = r.id
             WHERE r.employee_id = ?1 ORDER BY r.id, e.on_date, e.id"
        } else {
            "SELECT r.employee_id, r.id, r.created_on, e.on_date, e.status, e.consent
             FROM referrals r JOIN referral_events e ON e.referral_id = r.id
             WHERE ?1 IS NULL ORDER BY r.id, e.on_date, e.id"
        })?;
        let mut rows = stmt.query([only])?;
        let mut out: Vec<(String, ReferralFacts)> = Vec::new();
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(1)?;
            let status: String = row.get(4)?;
            let consent: String = row.get(5)?;
            let step = ReferralStep {
                on: row.get(3)?,
                status: status.parse::<Status>().map_err(conversion)?,
                consent: consent.parse::<Consent>().map_err(conversion)?,
            };
            match out.last_mut() {
                Some((_, facts)) if facts.id == id => facts.steps.push(step),
                _ => out.push((
                    row.get(0)?,
                    ReferralFacts {
                        id,
                        created_on: row.get(2)?,
                        steps: vec![step],
                    },
                )),
            }
        }
        Ok(out)
    }
}
