//! Aggregate reports and the personal export: who may run which, over which units, and
//! the one audit entry per run. Suppression is `report`'s; no figure about a person leaves here.

use serde::Serialize;

use super::{Error, Result, SelfCheckEntry, Session};
use crate::domain::Person;
use crate::domain::audit::AuditEntry;
use crate::domain::checkin::Checkin;
use crate::domain::referral::{Referral, ReferralEvent};
use crate::domain::stressors::StressorCatalog;
use crate::domain::text::sanitize;
use crate::instruments::{Answer, Catalog};
use crate::policy::{self, Action, Relation, Scope};
use crate::report::engagement::{self, EngagementSpec};
use crate::report::{EngagementReport, MinGroup, Month};

/// The longest range one report covers, in months.
pub const MAX_REPORT_MONTHS: u32 = 120;

/// How many months a report covers when only its last month is given.
pub const DEFAULT_REPORT_MONTHS: u32 = 12;

/// What an engagement report is asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EngagementRequest {
    pub from: Month,
    pub to: Month,
    /// Only these units' rows; empty for every unit this session may report on. The
    /// `all` row is the total over every unit this session may report on either way.
    pub units: Vec<String>,
    /// A k above the vault's minimum; `None` for the vault's minimum itself.
    pub k: Option<MinGroup>,
}

impl EngagementRequest {
    /// Every unit this session may report on, for the twelve months up to `to`, at the
    /// vault's minimum k.
    pub fn year_to(to: Month) -> Self {
        Self {
            from: to.back(DEFAULT_REPORT_MONTHS - 1),
            to,
            units: Vec::new(),
            k: None,
        }
    }
}

/// Everything recorded about one person, for them: their right of access.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PersonalExport {
    pub exported_at: String,
    pub login: String,
    pub person: Person,
    /// The check-ins about them that they may read (all but others' private mentoring
    /// notes about them, which are private to their author and them alike), notes included.
    pub checkins: Vec<Checkin>,
    pub referrals: Vec<ExportedReferral>,
    /// Their own self-checks, opened: answers and results.
    pub self_checks: Vec<ExportedSelfCheck>,
    /// Who else read or changed their records, newest first.
    pub access_log: Vec<AuditEntry>,
    /// The prompts the rules raised about them, newest first, with every viewer's notes.
    pub prompts: Vec<super::PromptAboutMe>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExportedReferral {
    pub referral: Referral,
    pub events: Vec<ReferralEvent>,
}

/// One's own self-check as exported. One that could not be verified as one's own (see
/// [`crate::desk::SelfCheckEntry::Unverified`]) has `verified: false` and every result field
/// `null`: nothing in it is given as the person's answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExportedSelfCheck {
    pub id: i64,
    pub taken_on: String,
    pub shared: bool,
    pub verified: bool,
    pub instrument: Option<String>,
    /// One per item; `null` for a skipped one.
    pub answers: Option<Vec<Option<u32>>>,
    pub total: Option<u32>,
    pub percent: Option<u32>,
    pub band: Option<String>,
    pub flags: Option<Vec<String>>,
    pub prorated: Option<bool>,
}

impl ExportedSelfCheck {
    fn of(entry: SelfCheckEntry) -> Self {
        let record = entry.record().clone();
        let unverified = Self {
            id: record.id,
            taken_on: record.taken_on,
            shared: record.shared,
            verified: false,
            instrument: None,
            answers: None,
            total: None,
            percent: None,
            band: None,
            flags: None,
            prorated: None,
        };
        let Some(view) = entry.into_verified() else {
            return unverified;
        };
        let answers = view
            .answers
            .iter()
            .map(|a| match a {
                Answer::Value(v) => Some(*v),
                Answer::Skipped => None,
            })
            .collect();
        Self {
            verified: true,
            instrument: Some(view.score.instrument),
            answers: Some(answers),
            total: Some(view.score.total),
            percent: view.score.percent,
            band: Some(view.score.band),
            flags: Some(view.score.flags),
            prorated: Some(view.score.prorated),
            ..unverified
        }
    }
}

const SELF: Relation = Relation {
    is_self: true,
    is_above: false,
    is_mentor: false,
};

impl Session {
    /// The units this session may run reports on, by name. Coordinators and admins: every
    /// unit with an active person. Supervisors: each unit all of whose active people are
    /// the supervisor or below them in the chain of command, so that no figure is about
    /// anyone outside their part of it.
    pub fn reportable_units(&self) -> Result<Vec<String>> {
        let scopes = policy::scopes(&self.account.roles, Action::RunReport);
        let db = self.store.db();
        if scopes.contains(&Scope::All) {
            return Ok(db
                .active_headcount_by_unit()?
                .into_iter()
                .map(|(unit, _)| unit)
                .collect());
        }
        if scopes.contains(&Scope::Subtree)
            && let Some(me) = self.account.person_id.as_deref()
        {
            return Ok(db.units_within(me)?);
        }
        Err(Error::Denied(format!(
            "reports are for coordinators, admins and supervisors; {} has {}",
            self.account.login, self.account.roles
        )))
    }

    /// The engagement report for the months and units asked, suppressed for `k`. The run
    /// (who, which months, which units) is written to the audit log before it is returned.
    ///
    /// So that no two reports can be subtracted into a small cell, the report is built and
    /// suppressed over every unit the session may report on, then cut to the units asked:
    /// the `all` row and each unit's row are the same whichever units are listed. And so
    /// that reports at different k cannot be set against each other, a raised k hides at
    /// least what the vault's minimum hides; a k below that minimum is refused.
    pub fn engagement_report(&self, request: &EngagementRequest) -> Result<EngagementReport> {
        let months = request.from.span_to(request.to);
        if months == 0 {
            return Err(Error::Invalid(format!(
                "the report would start ({}) after it ends ({})",
                request.from, request.to
            )));
        }
        if months > MAX_REPORT_MONTHS {
            return Err(Error::Invalid(format!(
                "a report covers at most {MAX_REPORT_MONTHS} months; {} to {} is {months}",
                request.from, request.to
            )));
        }
        let floor = self.report_min_k()?;
        let k = match request.k {
            Some(k) if k.get() < floor.get() => {
                return Err(Error::Invalid(format!(
                    "k = {} is below this vault's minimum of {} (an admin sets it with `steady config set report.min_k N`); --k may only raise it",
                    k.get(),
                    floor.get()
                )));
            }
            Some(k) => k,
            None => floor,
        };
        let allowed = self.reportable_units()?;
        let vault_wide = policy::permits_vault_wide(&self.account.roles, Action::RunReport);
        let units = self.units_asked(request, &allowed, vault_wide)?;
        let scope = if request.units.is_empty() && vault_wide {
            format!("all {} units", units.len())
        } else {
            format!("units {}", units.join(", "))
        };
        let spec = EngagementSpec {
            from: request.from,
            to: request.to,
            units: allowed,
            k,
            stressors: StressorCatalog::builtin()
                .categories
                .into_iter()
                .map(|c| c.id)
                .collect(),
            bands: band_columns()?,
        };
        let counts = self
            .store
            .db()
            .engagement_counts(&request.from.to_string(), &request.to.to_string())?;
        let mut report = engagement::build_at_least(&spec, &counts, floor);
        report.keep_units(&units);
        self.write(|db| {
            self.audit(
                db,
                "report.engagement",
                "reports",
                &format!(
                    "engagement {} to {}; {scope}; k {}",
                    request.from,
                    request.to,
                    k.get()
                ),
            )
        })?;
        Ok(report)
    }

    /// The units a request names, each checked against `allowed`; all of `allowed` if none.
    fn units_asked(
        &self,
        request: &EngagementRequest,
        allowed: &[String],
        vault_wide: bool,
    ) -> Result<Vec<String>> {
        if request.units.is_empty() {
            if allowed.is_empty() {
                return Err(if vault_wide {
                    Error::NotFound(
                        "no one is active on the roster, so there is nothing to report".into(),
                    )
                } else {
                    Error::Denied(format!(
                        "no unit lies wholly within {}'s part of the chain of command",
                        self.account.login
                    ))
                });
            }
            return Ok(allowed.to_vec());
        }
        let mut units = request.units.clone();
        units.sort();
        units.dedup();
        for unit in &units {
            if allowed.contains(unit) {
                continue;
            }
            // A supervisor is not told whether a unit outside their part exists.
            return Err(if vault_wide {
                Error::NotFound(format!(
                    "no active people in a unit called {:?}",
                    sanitize(unit)
                ))
            } else {
                Error::Denied(format!(
                    "{} may report only on units wholly within their part of the chain of command, and {:?} is not one",
                    self.account.login,
                    sanitize(unit)
                ))
            });
        }
        Ok(units)
    }

    /// Everything recorded about this session's person: check-ins they may read, their
    /// referrals with every event, their own self-checks opened, and who accessed their
    /// records. The export itself is written to the audit log.
    pub fn export_my_records(&self) -> Result<PersonalExport> {
        if !policy::permits(&self.account.roles, Action::ExportOwnRecords, SELF) {
            return Err(Error::Denied(format!(
                "exporting one's own records needs the employee role; {} has {}",
                self.account.login, self.account.roles
            )));
        }
        let Some(me) = self.account.person_id.clone() else {
            return Err(Error::Invalid(format!(
                "{} is not linked to a roster person, so no records are about this account",
                self.account.login
            )));
        };
        let Some(person) = self.store.db().person(&me)? else {
            return Err(Error::NotFound(format!(
                "no person with employee id {}",
                sanitize(&me)
            )));
        };
        let access_log = self.who_accessed_my_records()?;
        let checkins = self.checkins(&me)?;
        let mut referrals = Vec::new();
        for referral in self.referrals_about(&me)? {
            let events = self.referral_events(referral.id)?;
            referrals.push(ExportedReferral { referral, events });
        }
        let prompts = self.prompts_about_me(&me)?;
        let self_checks: Vec<ExportedSelfCheck> = self
            .own_self_checks()?
            .into_iter()
            .map(ExportedSelfCheck::of)
            .collect();
        self.write(|db| {
            self.audit(
                db,
                "export.mine",
                &me,
                &format!(
                    "{} check-in(s), {} referral(s), {} self-check(s), {} prompt(s), {} access log entries",
                    checkins.len(),
                    referrals.len(),
                    self_checks.len(),
                    prompts.len(),
                    access_log.len()
                ),
            )
        })?;
        Ok(PersonalExport {
            exported_at: self.clock.stamp(),
            login: self.account.login.clone(),
            person,
            checkins,
            referrals,
            self_checks,
            access_log,
            prompts,
        })
    }
}

/// One column per band of every built-in instrument, as `instrument.band`.
fn band_columns() -> Result<Vec<String>> {
    let catalog = Catalog::builtin().map_err(|e| Error::Invalid(e.to_string()))?;
    Ok(catalog
        .list()
        .iter()
        .flat_map(|instrument| {
            instrument
                .bands()
                .iter()
                .map(move |band| format!("{}.{}", instrument.id(), band.name))
        })
        .collect())
}

/// The engagement report as a page shows it: the report, and the viewer's own unit where it
/// is one of the report's (a supervisor's report covers whole units, their own included, so
/// it counts them too where their home lists only the people below them).
#[derive(Clone, Debug)]
pub struct EngagementPage {
    pub report: EngagementReport,
    pub own_unit: Option<String>,
}

impl Session {
    /// [`Session::engagement_report`], with whether the viewer is counted in it.
    pub fn engagement_page(&self, request: &EngagementRequest) -> Result<EngagementPage> {
        let report = self.engagement_report(request)?;
        let own_unit = match self.account.person_id.as_deref() {
            Some(me) => self.store.db().person(me)?.map(|p| p.unit),
            None => None,
        }
        .filter(|unit| report.rows.iter().any(|r| !r.is_total && &r.unit == unit));
        Ok(EngagementPage { report, own_unit })
    }
}
