//! Confidential self-checks: take (score, seal with age to the owner and, if shared, the
//! coordinators), list, share, withdraw, delete. Never writes content or a score in the clear.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{Error, Result, Session};
use crate::domain::Role;
use crate::domain::dates::format_date;
use crate::domain::text::sanitize;
use crate::instruments::{self, Answer, Catalog, Score};
use crate::policy::{self, Action, Relation};
use crate::store::{Db, SelfCheckRow};
use crate::vault::{self, AccountSecrets, seal_to};

/// What a person asks to record.
#[derive(Clone, Copy, Debug)]
pub struct SelfCheckRequest<'a> {
    /// An instrument id from the catalog (`phq9`, `who5`, …).
    pub instrument: &'a str,
    /// One answer per item, in order.
    pub answers: &'a [Answer],
    /// Seal it to the coordinators as well as to the owner.
    pub share: bool,
    /// Add the band, anonymously, to the unit's monthly counts.
    pub contribute: bool,
    pub taken_on: NaiveDate,
}

/// A self-check as its row describes it: whose, when, whether shared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelfCheckRecord {
    pub id: i64,
    pub owner: String,
    pub taken_on: String,
    pub shared: bool,
}

/// What taking a self-check stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TakenSelfCheck {
    pub record: SelfCheckRecord,
    pub score: Score,
    /// How many coordinators it was sealed to (none unless shared).
    pub shared_with: usize,
    /// Sharing was asked for, but no coordinator can receive it yet, so it was kept private.
    pub share_unavailable: bool,
    pub contributed: bool,
}

/// An opened self-check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelfCheckView {
    pub record: SelfCheckRecord,
    pub answers: Vec<Answer>,
    pub score: Score,
}

/// The self-checks this session may read, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SelfCheckList {
    pub checks: Vec<SelfCheckView>,
    /// Shared self-checks not sealed to this coordinator's key (shared before the key
    /// existed); their owners can share them again to include it.
    pub not_sealed_to_you: usize,
}

/// Bumped if the sealed layout ever changes, so an old seal is never misread.
const SEALED_VERSION: u32 = 1;

/// The plaintext inside a seal. The record's id, owner and date are repeated here so that a
/// seal copied into another row (or another owner's) is refused when opened.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Sealed {
    version: u32,
    id: i64,
    owner: String,
    taken_on: String,
    instrument: String,
    /// `null` for a skipped item.
    answers: Vec<Option<u32>>,
    score: SealedScore,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SealedScore {
    total: u32,
    percent: Option<u32>,
    band: String,
    flags: Vec<String>,
    prorated: bool,
    safety_item_endorsed: bool,
}

impl Sealed {
    fn new(record: &SelfCheckRecord, answers: &[Answer], score: &Score) -> Self {
        Self {
            version: SEALED_VERSION,
            id: record.id,
            owner: record.owner.clone(),
            taken_on: record.taken_on.clone(),
            instrument: score.instrument.clone(),
            answers: answers
                .iter()
                .map(|a| match a {
                    Answer::Value(v) => Some(*v),
                    Answer::Skipped => None,
                })
                .collect(),
            score: SealedScore {
                total: score.total,
                percent: score.percent,
                band: score.band.clone(),
                flags: score.flags.clone(),
                prorated: score.prorated,
                safety_item_endorsed: score.safety_item_endorsed,
            },
        }
    }

    /// Whether this content is the record stored in `row` (and not one moved there).
    fn belongs_in(&self, row: &SelfCheckRow) -> bool {
        self.version == SEALED_VERSION
            && self.id == row.id
            && self.owner == row.owner
            && self.taken_on == row.taken_on
    }

    fn into_view(self, row: &SelfCheckRow) -> SelfCheckView {
        SelfCheckView {
            record: record_of(row),
            answers: self
                .answers
                .iter()
                .map(|a| a.map_or(Answer::Skipped, Answer::Value))
                .collect(),
            score: Score {
                instrument: self.instrument,
                total: self.score.total,
                percent: self.score.percent,
                band: self.score.band,
                flags: self.score.flags,
                prorated: self.score.prorated,
                safety_item_endorsed: self.score.safety_item_endorsed,
            },
        }
    }
}

fn record_of(row: &SelfCheckRow) -> SelfCheckRecord {
    SelfCheckRecord {
        id: row.id,
        owner: row.owner.clone(),
        taken_on: row.taken_on.clone(),
        shared: row.shared,
    }
}

/// A seal that does not open as the record its row describes: moved from another row or
/// owner, or altered. Refused rather than shown, since it may be someone else's answers.
fn refused(id: i64) -> Error {
    Error::Vault(vault::Error::Crypto(format!(
        "self-check {id} does not open as the record stored under that id (it was moved or \
         altered), so it was not shown; restore the vault from a backup"
    )))
}

const SELF: Relation = Relation {
    is_self: true,
    is_above: false,
    is_mentor: false,
};

/// Someone else, in no chain or mentoring relation: only an `All` scope reaches them.
const ANYONE_ELSE: Relation = Relation {
    is_self: false,
    is_above: false,
    is_mentor: false,
};

impl Session {
    /// Scores `request`, seals it to this account (and, if asked, the coordinators), and
    /// stores it with its audit entry (and any anonymous contribution) in one transaction.
    pub fn take_self_check(&mut self, request: &SelfCheckRequest<'_>) -> Result<TakenSelfCheck> {
        if !policy::permits(&self.account.roles, Action::TakeSelfCheck, SELF) {
            return Err(Error::Denied(format!(
                "taking a self-check needs the employee role; {} has {}",
                self.account.login, self.account.roles
            )));
        }
        let catalog = Catalog::builtin().map_err(|e| Error::Invalid(e.to_string()))?;
        let Some(instrument) = catalog.get(request.instrument) else {
            let known: Vec<&str> = catalog.ids().collect();
            return Err(Error::Invalid(format!(
                "there is no instrument called {:?}; known instruments: {}",
                sanitize(request.instrument),
                known.join(", ")
            )));
        };
        let score = instruments::score(instrument, request.answers)
            .map_err(|e| Error::Invalid(format!("{}: {e}", instrument.id())))?;
        let unit = if request.contribute {
            Some(self.contribution_unit()?)
        } else {
            None
        };
        let owner = self.account.login.clone();
        let taken_on = format_date(request.taken_on);
        let month = request.taken_on.format("%Y-%m").to_string();
        let subject = self.own_subject();
        let created_at = self.clock.stamp();
        self.write(|db| {
            let coordinators = if request.share {
                self.coordinator_keys(db)?
            } else {
                Vec::new()
            };
            let shared = !coordinators.is_empty();
            let id = db.insert_self_check(&owner, &taken_on, shared, &created_at)?;
            let record = SelfCheckRecord {
                id,
                owner: owner.clone(),
                taken_on: taken_on.clone(),
                shared,
            };
            let sealed = self.seal(
                &Sealed::new(&record, request.answers, &score),
                &coordinators,
            )?;
            db.set_self_check_seal(id, &sealed, shared)?;
            if let Some(unit) = &unit {
                db.insert_anon_contribution(unit, &month, instrument.id(), &score.band)?;
            }
            // The detail names no instrument, score or band, and does not say whether the
            // band was contributed: the audit log would otherwise tie the anonymous count
            // (or, in a small unit, the band itself) to this person.
            self.audit(
                db,
                "selfcheck.take",
                &subject,
                &format!(
                    "self-check {id} dated {taken_on}; {}",
                    sharing_note(coordinators.len())
                ),
            )?;
            Ok(TakenSelfCheck {
                record,
                shared_with: coordinators.len(),
                share_unavailable: request.share && !shared,
                contributed: unit.is_some(),
                score: score.clone(),
            })
        })
    }

    /// This session's own self-checks (employee), and those shared with it (coordinator),
    /// newest first. Each shared one a coordinator opens is written to the audit log, with
    /// its owner as the subject, before anything is returned.
    pub fn self_checks(&self) -> Result<SelfCheckList> {
        let roles = &self.account.roles;
        let own = policy::permits(roles, Action::ReadSelfCheck, SELF);
        let others = policy::permits(roles, Action::ReadSelfCheck, ANYONE_ELSE);
        if !own && !others {
            return Err(Error::Denied(format!(
                "self-checks are read only by their owner and, when shared, by coordinators; {} has {}",
                self.account.login, roles
            )));
        }
        let me = self.account.login.as_str();
        let mut list = SelfCheckList::default();
        if own {
            list.checks = self.own_self_checks()?;
        }
        if others {
            self.write(|db| {
                for row in db.shared_self_checks()? {
                    if row.owner == me {
                        if !own {
                            let content = self.open_row(&row)?.ok_or_else(|| refused(row.id))?;
                            list.checks.push(content.into_view(&row));
                        }
                        continue;
                    }
                    let Some(content) = self.open_row(&row)? else {
                        list.not_sealed_to_you += 1;
                        continue;
                    };
                    let subject = subject_of(db, &row.owner)?;
                    self.audit(
                        db,
                        "selfcheck.open",
                        &subject,
                        &format!("self-check {} shared by its owner", row.id),
                    )?;
                    list.checks.push(content.into_view(&row));
                }
                Ok(())
            })?;
        }
        list.checks.sort_by(|a, b| {
            (&b.record.taken_on, b.record.id).cmp(&(&a.record.taken_on, a.record.id))
        });
        Ok(list)
    }

    /// Only this session's own self-checks, newest first (a person's private history). Unlike
    /// [`Session::self_checks`], a coordinator's call opens no shared ones, so it writes no
    /// audit entry that would tell their owners they were read.
    pub fn my_self_checks(&self) -> Result<Vec<SelfCheckView>> {
        if !policy::permits(&self.account.roles, Action::ReadSelfCheck, SELF) {
            return Err(Error::Denied(format!(
                "{} has no self-checks of their own (the employee role takes them)",
                self.account.login
            )));
        }
        self.own_self_checks()
    }

    /// This session's own self-checks, opened, newest first. Opens nothing of anyone else's,
    /// so it writes no audit entry; callers check policy first.
    pub(super) fn own_self_checks(&self) -> Result<Vec<SelfCheckView>> {
        let mut checks = Vec::new();
        for row in self.store.db().self_checks_owned_by(&self.account.login)? {
            let content = self.open_row(&row)?.ok_or_else(|| refused(row.id))?;
            checks.push(content.into_view(&row));
        }
        Ok(checks)
    }

    /// Seals one's own self-check again, to oneself and every coordinator who can receive
    /// it now; returns how many coordinators that is. Sharing again includes coordinators
    /// added since.
    pub fn share_self_check(&mut self, id: i64) -> Result<usize> {
        self.write(|db| {
            let row = self.own_self_check(db, id)?;
            let content = self.open_row(&row)?.ok_or_else(|| refused(id))?;
            let coordinators = self.coordinator_keys(db)?;
            if coordinators.is_empty() {
                return Err(Error::Invalid(format!(
                    "there is no coordinator to share with yet, so self-check {id} stays private"
                )));
            }
            let sealed = self.seal(&content, &coordinators)?;
            db.set_self_check_seal(id, &sealed, true)?;
            self.audit(
                db,
                "selfcheck.share",
                &self.own_subject(),
                &format!("self-check {id}; {}", sharing_note(coordinators.len())),
            )?;
            Ok(coordinators.len())
        })
    }

    /// Seals one's own self-check again to oneself only. What a coordinator already read
    /// cannot be unread, but their key no longer opens it.
    pub fn unshare_self_check(&mut self, id: i64) -> Result<()> {
        self.write(|db| {
            let row = self.own_self_check(db, id)?;
            let content = self.open_row(&row)?.ok_or_else(|| refused(id))?;
            let sealed = self.seal(&content, &[])?;
            db.set_self_check_seal(id, &sealed, false)?;
            self.audit(
                db,
                "selfcheck.unshare",
                &self.own_subject(),
                &format!("self-check {id}; {}", sharing_note(0)),
            )
        })
    }

    /// Removes one's own self-check for good. An anonymous contribution made with it stays:
    /// nothing links the two, which is the point of it.
    pub fn delete_self_check(&mut self, id: i64) -> Result<()> {
        self.write(|db| {
            let row = self.own_self_check(db, id)?;
            db.delete_self_check(id)?;
            self.audit(
                db,
                "selfcheck.delete",
                &self.own_subject(),
                &format!("self-check {id} dated {} deleted", row.taken_on),
            )
        })
    }

    /// Test support: this session's secret keys, to show what they can and cannot open.
    #[doc(hidden)]
    pub fn secrets_for_tests(&self) -> &AccountSecrets {
        &self.secrets
    }

    /// The row of self-check `id` if this session owns it; policy first, so a session
    /// that may share nothing learns nothing about the id.
    fn own_self_check(&self, db: &Db<'_>, id: i64) -> Result<SelfCheckRow> {
        if !policy::holds(&self.account.roles, Action::ShareSelfCheck) {
            return Err(Error::Denied(format!(
                "sharing, withdrawing and deleting self-checks is for their owners; {} has {}",
                self.account.login, self.account.roles
            )));
        }
        let row = db
            .self_check(id)?
            .ok_or_else(|| Error::NotFound(format!("there is no self-check {id}")))?;
        let relation = Relation {
            is_self: row.owner == self.account.login,
            ..ANYONE_ELSE
        };
        if !policy::permits(&self.account.roles, Action::ShareSelfCheck, relation) {
            return Err(Error::Denied(format!(
                "self-check {id} is not yours; only its owner may share, withdraw or delete it"
            )));
        }
        Ok(row)
    }

    /// Opens a row's seal with this session's key and checks it is the record stored
    /// there. `None`: it is not sealed to this key.
    fn open_row(&self, row: &SelfCheckRow) -> Result<Option<Sealed>> {
        let Ok(plaintext) = self.secrets.open(&row.sealed) else {
            return Ok(None);
        };
        let content: Sealed = serde_json::from_slice(&plaintext).map_err(|_| refused(row.id))?;
        if !content.belongs_in(row) {
            return Err(refused(row.id));
        }
        Ok(Some(content))
    }

    /// Seals `content` to this account and to `coordinators` (login, age recipient).
    fn seal(&self, content: &Sealed, coordinators: &[(String, String)]) -> Result<Vec<u8>> {
        let plaintext = Zeroizing::new(serde_json::to_vec(content).map_err(|e| {
            Error::Vault(vault::Error::Crypto(format!(
                "cannot prepare the self-check for sealing: {e}"
            )))
        })?);
        let own = self.secrets.public().x25519;
        let mut recipients = vec![own.as_str()];
        recipients.extend(coordinators.iter().map(|(_, key)| key.as_str()));
        Ok(seal_to(&recipients, &plaintext)?)
    }

    /// The coordinators a shared self-check is sealed to, as (login, current age key):
    /// accounts holding the coordinator role that are not disabled and have chosen their
    /// own passphrase. Until that first login their keys were made while an admin held
    /// the one-time passphrase, so sealing to them would let the admin read it. The owner
    /// is left out (their own key is always a recipient).
    fn coordinator_keys(&self, db: &Db<'_>) -> Result<Vec<(String, String)>> {
        let coordinators: Vec<String> = db
            .accounts()?
            .into_iter()
            .filter(|a| {
                a.roles.contains(Role::Coordinator)
                    && !a.disabled
                    && !a.must_change_passphrase
                    && a.login != self.account.login
            })
            .map(|a| a.login)
            .collect();
        Ok(db
            .current_sealing_keys()?
            .into_iter()
            .filter(|(login, _)| coordinators.contains(login))
            .collect())
    }

    /// The unit an anonymous contribution counts toward: this account's roster person's.
    fn contribution_unit(&self) -> Result<String> {
        let person = match &self.account.person_id {
            Some(id) => self.store.db().person(id)?,
            None => None,
        };
        person.map(|p| p.unit).ok_or_else(|| {
            Error::Invalid(format!(
                "an anonymous contribution is counted by unit, and {} is not linked to a roster \
                 person; nothing was stored (take the self-check without contributing)",
                self.account.login
            ))
        })
    }

    /// Whom this session's own self-checks are about in the audit log: its employee id,
    /// so the person can later list who read their records; the login if it has none.
    fn own_subject(&self) -> String {
        self.account
            .person_id
            .clone()
            .unwrap_or_else(|| self.account.login.clone())
    }
}

/// The audit subject for a self-check owned by `owner`: their employee id, else the login.
fn subject_of(db: &Db<'_>, owner: &str) -> Result<String> {
    Ok(db
        .account(owner)?
        .and_then(|a| a.person_id)
        .unwrap_or_else(|| owner.to_string()))
}

fn sharing_note(coordinators: usize) -> String {
    match coordinators {
        0 => "sealed to its owner only".to_string(),
        1 => "sealed to its owner and 1 coordinator".to_string(),
        n => format!("sealed to its owner and {n} coordinators"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, owner: &str, taken_on: &str) -> SelfCheckRow {
        SelfCheckRow {
            id,
            owner: owner.into(),
            taken_on: taken_on.into(),
            shared: false,
            sealed: Vec::new(),
            created_at: "2026-01-01T00:00:00Z".into(),
        }
    }

    fn sample() -> (SelfCheckRecord, Vec<Answer>, Score) {
        let catalog = Catalog::builtin().unwrap();
        let phq2 = catalog.get("phq2").unwrap();
        let answers = vec![Answer::Value(2), Answer::Value(1)];
        let score = instruments::score(phq2, &answers).unwrap();
        let record = SelfCheckRecord {
            id: 7,
            owner: "alice".into(),
            taken_on: "2026-03-04".into(),
            shared: false,
        };
        (record, answers, score)
    }

    #[test]
    fn sealed_content_round_trips_to_the_same_answers_and_score() {
        let (record, answers, score) = sample();
        let json = serde_json::to_vec(&Sealed::new(&record, &answers, &score)).unwrap();
        let back: Sealed = serde_json::from_slice(&json).unwrap();
        let view = back.into_view(&row(7, "alice", "2026-03-04"));
        assert_eq!(view.record, record);
        assert_eq!(view.answers, answers);
        assert_eq!(view.score, score);
    }

    #[test]
    fn sealed_content_belongs_only_in_its_own_row() {
        let (record, answers, score) = sample();
        let sealed = Sealed::new(&record, &answers, &score);
        assert!(sealed.belongs_in(&row(7, "alice", "2026-03-04")));
        assert!(!sealed.belongs_in(&row(8, "alice", "2026-03-04")));
        assert!(!sealed.belongs_in(&row(7, "bob", "2026-03-04")));
        assert!(!sealed.belongs_in(&row(7, "alice", "2026-03-05")));
    }

    #[test]
    fn audit_wording_names_only_whom_it_is_sealed_to() {
        assert_eq!(sharing_note(0), "sealed to its owner only");
        assert_eq!(sharing_note(1), "sealed to its owner and 1 coordinator");
        assert_eq!(sharing_note(3), "sealed to its owner and 3 coordinators");
    }
}
