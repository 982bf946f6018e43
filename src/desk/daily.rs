//! The daily rules run, in proportion to what changed: only the people whose next-change day
//! has come and those with records written since the last run are evaluated again (each as a
//! write evaluates them); what prompts say is decided in prompts.rs, never here.
//!
//! A write that re-evaluated its person after writing (a check-in, a referral step) has
//! already done what the run would: such a person is evaluated again only if a later entry
//! wrote about them, or the write was for a later day. The run relies on the last run's
//! bookkeeping: the audit entry it had seen, the rules it ran (a fingerprint) and everyone's
//! next-change day. Where any of that is missing or stale — a first run, other rules, a
//! referral deleted since, more writes than a pass over everyone costs — it evaluates
//! everyone instead, as `rules run --full` does.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use super::prompts::{LAST_RUN_KEY, RulesRunSummary};
use super::{Error, Progress, Result, Session, Steps};
use crate::store::Db;

/// The last audit entry a run had seen: every record written after it is someone to
/// evaluate again.
const LAST_RUN_SEQ_KEY: &str = "rules_last_run_seq";
/// Which rules (and which evaluation) the next-change days were computed with.
const FINGERPRINT_KEY: &str = "rules_fingerprint";
/// How many people the last full run evaluated (what a pass over everyone costs).
const FULL_RUN_PEOPLE_KEY: &str = "rules_full_run_people";
/// Bumped whenever evaluation or next-change days are computed differently, so that the
/// first run of a new steady evaluates everyone.
const EVALUATION_VERSION: &str = "next-change 2";
/// Evaluating people one at a time costs more than one pass over everyone beyond about
/// one person in this many (and never below `MIN_LIMIT` people).
const ONE_BY_ONE_SHARE: usize = 8;
const MIN_LIMIT: usize = 256;

impl Session {
    /// The daily run (`rules run`): evaluates as of today the people whose prompts could have
    /// changed since the last run, and leaves live exactly the prompts a full run would.
    pub fn run_rules_daily(
        &mut self,
        as_of: NaiveDate,
        progress: &mut dyn Progress,
    ) -> Result<RulesRunSummary> {
        self.require_rules_admin("a rules run")?;
        self.check_rules_day(as_of)?;
        let summary = self.write(|db| {
            let seen_seq = db.audit_head_seq()?;
            let Some(people) = self.people_to_evaluate(db, as_of)? else {
                return Ok(None);
            };
            let mut summary = RulesRunSummary {
                as_of: Some(as_of),
                evaluated: people.len(),
                ..RulesRunSummary::default()
            };
            progress.stage("Evaluating the rules", people.len() as u64, Steps::Items);
            for (done, employee_id) in people.iter().enumerate() {
                let (opened, resolved) = self.sync_prompts(db, employee_id, as_of)?;
                summary.opened += opened;
                summary.resolved += resolved;
                progress.advance(done as u64 + 1);
            }
            summary.live = db.open_prompt_count()?;
            db.set_meta(LAST_RUN_KEY, &as_of.format("%Y-%m-%d").to_string())?;
            self.mark_rules_run(db, seen_seq, None)?;
            self.audit(
                db,
                "rules.run",
                "vault",
                &format!(
                    "daily, as of {as_of}: {} people evaluated, {} opened, {} resolved, {} live",
                    summary.evaluated, summary.opened, summary.resolved, summary.live
                ),
            )?;
            Ok(Some(summary))
        })?;
        match summary {
            Some(summary) => Ok(summary),
            None => self.run_rules(as_of, progress),
        }
    }

    /// The people a daily run on `as_of` evaluates again: those whose next-change day has
    /// come, and those with records written since the last run that no evaluation for a day
    /// not after `as_of` has seen. Everyone else's stored prompts are what a full run on that
    /// day would leave. None: everyone, where the last run cannot be built on (see the top)
    /// or more people than a pass over everyone costs.
    pub(super) fn people_to_evaluate(
        &self,
        db: &Db<'_>,
        as_of: NaiveDate,
    ) -> Result<Option<BTreeSet<String>>> {
        let Some(since_seq) = self.last_run_to_build_on(db, as_of)? else {
            return Ok(None);
        };
        let everyone = db
            .meta(FULL_RUN_PEOPLE_KEY)?
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0);
        let limit = (everyone / ONE_BY_ONE_SHARE).max(MIN_LIMIT);
        let written = db.people_written_since(since_seq, limit)?;
        if written.incomplete {
            return Ok(None);
        }
        let mut people: BTreeSet<String> = db.people_due(as_of)?.into_iter().collect();
        for (employee_id, last_seq) in written.people {
            let evaluated_since = db
                .last_evaluation(&employee_id)?
                .is_some_and(|(on, seen)| seen >= last_seq && on <= as_of);
            if !evaluated_since {
                people.insert(employee_id);
            }
        }
        Ok((people.len() <= limit).then_some(people))
    }

    /// A run writes today's prompts only: a past day is replayed read-only by `rules test`.
    pub(super) fn check_rules_day(&self, as_of: NaiveDate) -> Result<()> {
        let today = self.clock.date();
        if as_of < today {
            return Err(Error::Invalid(format!(
                "{as_of} is in the past: a rules run writes today's prompts only; replay a past day without writing with `steady rules test FILE --as-of {as_of}`"
            )));
        }
        if as_of > today {
            return Err(Error::Invalid(format!(
                "{as_of} is in the future; a rules run evaluates today ({today})"
            )));
        }
        Ok(())
    }

    /// Notes, inside a run's write, what the next daily run builds on: the last audit entry
    /// this run had seen before it read anything, the rules it ran, and (a full run) how
    /// many people it evaluated.
    pub(super) fn mark_rules_run(
        &self,
        db: &Db<'_>,
        seen_seq: i64,
        evaluated_everyone: Option<usize>,
    ) -> Result<()> {
        db.set_meta(LAST_RUN_SEQ_KEY, &seen_seq.to_string())?;
        db.set_meta(FINGERPRINT_KEY, &self.rules_fingerprint())?;
        if let Some(people) = evaluated_everyone {
            db.set_meta(FULL_RUN_PEOPLE_KEY, &people.to_string())?;
        }
        Ok(())
    }

    /// The audit entry the last run had seen, if a daily run may build on that run: it ran
    /// these rules, with this evaluation, on a day not after `as_of`.
    fn last_run_to_build_on(&self, db: &Db<'_>, as_of: NaiveDate) -> Result<Option<i64>> {
        let last_day = db
            .meta(LAST_RUN_KEY)?
            .and_then(|d| crate::domain::dates::parse_date(&d).ok());
        let seen_seq = db
            .meta(LAST_RUN_SEQ_KEY)?
            .and_then(|s| s.parse::<i64>().ok());
        let same_rules = db.meta(FINGERPRINT_KEY)?.as_deref() == Some(&self.rules_fingerprint());
        Ok(match (last_day, seen_seq) {
            (Some(day), Some(seq)) if day <= as_of && same_rules => Some(seq),
            _ => None,
        })
    }

    /// A digest of the rules in force and of how they are evaluated.
    fn rules_fingerprint(&self) -> String {
        let mut hash = Sha256::new();
        hash.update(EVALUATION_VERSION.as_bytes());
        hash.update(env!("CARGO_PKG_VERSION").as_bytes());
        hash.update(format!("{:?}", self.rules).as_bytes());
        hex::encode(hash.finalize())
    }
}
