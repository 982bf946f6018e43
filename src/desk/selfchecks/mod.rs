//! Confidential self-checks: take (score, sign, pad, seal with age to the owner and, if shared,
//! the coordinators), list, share, withdraw, delete. Never writes content or a score in the
//! clear, and never shows one its owner did not sign as theirs.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

mod inbox;
mod sealed;

pub use inbox::{InboxCount, SharedInbox, SharedReading, SharedSelfCheck};

use super::{Error, Result, Session};
use crate::domain::Role;
use crate::domain::dates::format_date;
use crate::domain::text::sanitize;
use crate::instruments::{self, Answer, Catalog, Score};
use crate::policy::{self, Action, Relation};
use crate::store::{Db, SelfCheckRow};
use crate::vault::{self, AccountSecrets, seal_padded_to, verify_signature};
use sealed::*;

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

/// An opened self-check whose owner's signature checks out: their answers and score.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelfCheckView {
    pub record: SelfCheckRecord,
    pub answers: Vec<Answer>,
    pub score: Score,
}

/// One self-check in a list: opened and verified as its owner's, or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SelfCheckEntry {
    Verified(SelfCheckView),
    /// Its seal opens and names this record, but no key its owner holds or held signed it:
    /// forged by someone holding the master key, altered, or sealed before self-checks were
    /// signed. Only the row's own facts are given; nothing in it is shown or counted.
    Unverified(SelfCheckRecord),
}

impl SelfCheckEntry {
    pub fn record(&self) -> &SelfCheckRecord {
        match self {
            Self::Verified(view) => &view.record,
            Self::Unverified(record) => record,
        }
    }

    /// The answers and score, only if the owner's signature checks out.
    pub fn verified(&self) -> Option<&SelfCheckView> {
        match self {
            Self::Verified(view) => Some(view),
            Self::Unverified(_) => None,
        }
    }

    pub fn into_verified(self) -> Option<SelfCheckView> {
        match self {
            Self::Verified(view) => Some(view),
            Self::Unverified(_) => None,
        }
    }
}

/// The self-checks this session may read, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SelfCheckList {
    pub checks: Vec<SelfCheckEntry>,
    /// Shared self-checks not sealed to this coordinator's key (shared before the key
    /// existed); their owners can share them again to include it.
    pub not_sealed_to_you: usize,
    /// One's own self-checks sealed to keys a passphrase reset replaced: they cannot be
    /// opened again, so they are counted, not listed.
    pub lost_to_reset: usize,
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

/// One's own self-check that opens but is not signed by any key of one's own: nothing in it
/// is one's answers, so it is not sealed again to anyone.
fn unverified(id: i64) -> Error {
    Error::Invalid(format!(
        "self-check {id} could not be verified as yours (no key of yours signed it), so it \
         cannot be shared or withdrawn; you can delete it"
    ))
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
                &Sealed::signed(&record, request.answers, &score, &self.secrets),
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
    /// newest first. Each shared one a coordinator opens and verifies is written to the audit
    /// log, with its owner as the subject, before anything is returned; one that does not
    /// verify is listed without content, and no entry says its owner's answers were read.
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
            (list.checks, list.lost_to_reset) = self.own_self_checks_counted()?;
        }
        if others {
            self.write(|db| {
                for row in db.shared_self_checks()? {
                    if row.owner == me {
                        if !own {
                            let entry = self.open_row(db, &row)?.into_entry(&row);
                            list.checks.push(entry.ok_or_else(|| refused(row.id))?);
                        }
                        continue;
                    }
                    let opened = self.open_row(db, &row)?;
                    if let Opened::Verified(_) = opened {
                        let subject = subject_of(db, &row.owner)?;
                        self.audit(
                            db,
                            "selfcheck.open",
                            &subject,
                            &format!("self-check {} shared by its owner", row.id),
                        )?;
                    }
                    match opened.into_entry(&row) {
                        Some(entry) => list.checks.push(entry),
                        None => list.not_sealed_to_you += 1,
                    }
                }
                Ok(())
            })?;
        }
        list.checks.sort_by(|a, b| {
            let (a, b) = (a.record(), b.record());
            (&b.taken_on, b.id).cmp(&(&a.taken_on, a.id))
        });
        Ok(list)
    }

    /// Only this session's own self-checks, newest first (a person's private history). Unlike
    /// [`Session::self_checks`], a coordinator's call opens no shared ones, so it writes no
    /// audit entry that would tell their owners they were read.
    pub fn my_self_checks(&self) -> Result<Vec<SelfCheckEntry>> {
        Ok(self.my_self_checks_counted()?.0)
    }

    /// As [`Session::my_self_checks`], with how many were sealed to keys a passphrase
    /// reset replaced (not listed: nothing opens them).
    pub(in crate::desk) fn my_self_checks_counted(&self) -> Result<(Vec<SelfCheckEntry>, usize)> {
        if !policy::permits(&self.account.roles, Action::ReadSelfCheck, SELF) {
            return Err(Error::Denied(format!(
                "{} has no self-checks of their own (the employee role takes them)",
                self.account.login
            )));
        }
        self.own_self_checks_counted()
    }

    /// This session's own self-checks, opened, newest first. Opens nothing of anyone else's,
    /// so it writes no audit entry; callers check policy first. Anything that counts or
    /// scores them takes only the [`SelfCheckEntry::Verified`] ones.
    pub(super) fn own_self_checks(&self) -> Result<Vec<SelfCheckEntry>> {
        Ok(self.own_self_checks_counted()?.0)
    }

    /// As [`Session::own_self_checks`], with how many could not be opened after a reset.
    fn own_self_checks_counted(&self) -> Result<(Vec<SelfCheckEntry>, usize)> {
        let db = self.store.db();
        let mut checks = Vec::new();
        let mut lost = 0;
        let mut reset = None;
        for row in db.self_checks_owned_by(&self.account.login)? {
            match self.open_row(&db, &row)?.into_entry(&row) {
                Some(entry) => checks.push(entry),
                None => {
                    // Sealed to the keys a passphrase reset replaced: the person was told it
                    // could not be kept, and no key of theirs opens it now. Without a reset,
                    // one's own self-check that does not open was moved or altered.
                    let was_reset = match reset {
                        Some(known) => known,
                        None => *reset.insert(
                            db.audit_about(&self.account.login)?
                                .iter()
                                .any(|e| e.action == "account.reset"),
                        ),
                    };
                    if !was_reset {
                        return Err(refused(row.id));
                    }
                    lost += 1;
                }
            }
        }
        Ok((checks, lost))
    }

    /// Seals one's own self-check again, to oneself and every coordinator who can receive
    /// it now; returns how many coordinators that is. Sharing again includes coordinators
    /// added since.
    pub fn share_self_check(&mut self, id: i64) -> Result<usize> {
        self.write(|db| {
            let row = self.own_self_check(db, id)?;
            let content = self.own_verified(db, &row)?;
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
            let content = self.own_verified(db, &row)?;
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
    #[cfg(any(test, feature = "test-support"))]
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

    /// Opens a row's seal with this session's key, refuses content that names another
    /// record (moved or altered), and checks that a key the row's owner holds or ever held
    /// (any row of theirs in `account_keys`, so a key change leaves older ones valid) signed
    /// it. Content that is not a steady seal at all is unverified, not refused: it may only
    /// be listed as such.
    fn open_row(&self, db: &Db<'_>, row: &SelfCheckRow) -> Result<Opened> {
        let Ok(plaintext) = self.secrets.open_padded(&row.sealed, SEALED_SIZE) else {
            return Ok(Opened::NotForMe);
        };
        let Some(content) = Sealed::from_padded(&plaintext) else {
            return Ok(Opened::Unverified);
        };
        if !content.belongs_in(row) {
            return Err(refused(row.id));
        }
        let keys = db.signing_keys_ever_held(&row.owner)?;
        Ok(if content.signed_by_one_of(&keys) {
            Opened::Verified(Box::new(content))
        } else {
            Opened::Unverified
        })
    }

    /// The verified content of one's own self-check in `row`, to seal again.
    fn own_verified(&self, db: &Db<'_>, row: &SelfCheckRow) -> Result<Sealed> {
        match self.open_row(db, row)? {
            Opened::Verified(content) => Ok(*content),
            Opened::Unverified => Err(unverified(row.id)),
            Opened::NotForMe => Err(refused(row.id)),
        }
    }

    /// Pads `content` and seals it to this account and to `coordinators` (login, age
    /// recipient).
    fn seal(&self, content: &Sealed, coordinators: &[(String, String)]) -> Result<Vec<u8>> {
        let plaintext = content.to_padded()?;
        let own = self.secrets.public().x25519;
        let mut recipients = vec![own.as_str()];
        recipients.extend(coordinators.iter().map(|(_, key)| key.as_str()));
        Ok(seal_padded_to(&recipients, &plaintext)?)
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

    /// One edit to sealed content.
    type Change = fn(&mut Sealed);

    fn signed_sample(owner: &AccountSecrets) -> Sealed {
        let (record, answers, score) = sample();
        Sealed::signed(&record, &answers, &score, owner)
    }

    #[test]
    fn sealed_content_round_trips_padded_to_the_same_answers_and_score() {
        let alice = AccountSecrets::generate();
        let (record, answers, score) = sample();
        let padded = Sealed::signed(&record, &answers, &score, &alice)
            .to_padded()
            .unwrap();
        assert_eq!(padded.len(), SEALED_SIZE);
        let back = Sealed::from_padded(&padded).unwrap();
        assert!(back.signed_by_one_of(&[alice.public().ed25519]));
        let view = back.into_view(&row(7, "alice", "2026-03-04"));
        assert_eq!(view.record, record);
        assert_eq!(view.answers, answers);
        assert_eq!(view.score, score);
    }

    #[test]
    fn only_a_key_the_owner_holds_or_held_verifies() {
        let (alice, alice_before, bob) = (
            AccountSecrets::generate(),
            AccountSecrets::generate(),
            AccountSecrets::generate(),
        );
        let key = |s: &AccountSecrets| s.public().ed25519;
        let sealed = signed_sample(&alice);
        assert!(sealed.signed_by_one_of(&[key(&alice)]));
        assert!(sealed.signed_by_one_of(&[key(&alice_before), key(&alice)]));
        assert!(!sealed.signed_by_one_of(&[]));
        assert!(!sealed.signed_by_one_of(&[key(&bob), key(&alice_before)]));
        // Bob's own signature is sound, but Bob's key is not the owner's.
        let by_bob = signed_sample(&bob);
        assert!(by_bob.signed_by_one_of(&[key(&bob)]));
        assert!(!by_bob.signed_by_one_of(&[key(&alice)]));
        // Claiming the owner's key as signer does not make Bob's signature hers.
        let mut claimed = signed_sample(&bob);
        claimed.signer = Some(key(&alice));
        assert!(!claimed.signed_by_one_of(&[key(&alice)]));
    }

    #[test]
    fn changing_any_signed_field_breaks_the_signature() {
        let alice = AccountSecrets::generate();
        let keys = [alice.public().ed25519];
        let changes: [(&str, Change); 14] = [
            ("version", |s| s.version = 1),
            ("id", |s| s.id += 1),
            ("owner", |s| s.owner.push('x')),
            ("taken_on", |s| s.taken_on = "2026-03-05".into()),
            ("instrument", |s| s.instrument = "phq9".into()),
            ("an answer", |s| s.answers[1] = Some(3)),
            ("a skipped answer", |s| s.answers[1] = None),
            ("an extra answer", |s| s.answers.push(Some(0))),
            ("total", |s| s.score.total = 6),
            ("percent", |s| s.score.percent = Some(50)),
            ("band", |s| s.score.band = "positive".into()),
            ("flags", |s| s.score.flags.push("screen_positive".into())),
            ("prorated", |s| s.score.prorated = !s.score.prorated),
            ("safety", |s| {
                s.score.safety_item_endorsed = !s.score.safety_item_endorsed;
            }),
        ];
        assert!(signed_sample(&alice).signed_by_one_of(&keys));
        for (what, change) in changes {
            let mut sealed = signed_sample(&alice);
            change(&mut sealed);
            assert!(!sealed.signed_by_one_of(&keys), "{what} changed");
        }
    }

    #[test]
    fn the_signed_encoding_cannot_shift_a_boundary_between_fields() {
        let (record, answers, score) = sample();
        let base = || Sealed::unsigned(&record, &answers, &score);
        let pairs: [(Change, Change); 3] = [
            (
                |s| (s.owner, s.taken_on) = ("ab".into(), "c".into()),
                |s| (s.owner, s.taken_on) = ("a".into(), "bc".into()),
            ),
            (
                |s| s.score.flags = vec!["ab".into()],
                |s| s.score.flags = vec!["a".into(), "b".into()],
            ),
            (
                |s| s.answers = vec![None, Some(0)],
                |s| s.answers = vec![Some(0), None],
            ),
        ];
        for (one, other) in pairs {
            let (mut a, mut b) = (base(), base());
            one(&mut a);
            other(&mut b);
            assert_ne!(a.signed_message(), b.signed_message());
        }
        assert!(base().signed_message().starts_with(SIGNED_DOMAIN));
    }

    /// A version 1 seal, as steady wrote them before self-checks were signed (and as anyone
    /// holding the master key can still write one): it reads, and never verifies.
    #[test]
    fn an_unsigned_version_1_seal_never_verifies() {
        let alice = AccountSecrets::generate();
        let v1 = br#"{"version":1,"id":7,"owner":"alice","taken_on":"2026-03-04","instrument":"phq2","answers":[2,1],"score":{"total":3,"percent":null,"band":"positive","flags":[],"prorated":false,"safety_item_endorsed":false}}"#;
        let old = Sealed::from_padded(v1).unwrap();
        assert!(old.belongs_in(&row(7, "alice", "2026-03-04")));
        assert!(!old.signed_by_one_of(&[alice.public().ed25519]));
        // Nor does the new layout without its signature.
        let mut unsigned = signed_sample(&alice);
        unsigned.signature = None;
        assert!(!unsigned.signed_by_one_of(&[alice.public().ed25519]));
    }

    #[test]
    fn padding_is_zeros_only_and_content_too_long_is_refused_not_cut() {
        let alice = AccountSecrets::generate();
        let mut padded = signed_sample(&alice).to_padded().unwrap();
        assert!(Sealed::from_padded(&padded).is_some());
        let last = padded.len() - 1;
        padded[last] = b' ';
        assert!(
            Sealed::from_padded(&padded).is_none(),
            "bytes after the padding"
        );
        padded[last] = 0;
        padded.push(0);
        assert!(
            Sealed::from_padded(&padded).is_some(),
            "more zeros are padding still"
        );

        // A NUL inside a string is written escaped, so it cannot end the content early.
        let mut nul = signed_sample(&alice);
        nul.score.band = "a\0b".into();
        let padded = nul.to_padded().unwrap();
        assert_eq!(Sealed::from_padded(&padded).unwrap().score.band, "a\0b");

        let mut long = signed_sample(&alice);
        long.score.band = "x".repeat(SEALED_SIZE);
        let Err(e) = long.to_padded() else {
            panic!("content longer than the padded size was sealed");
        };
        assert!(e.to_string().contains("more than the 1024"), "{e}");
    }

    /// The largest content each built-in instrument can produce: the longest id, a
    /// 64-character login, every item skipped (`null`, longer than any answer) or answered
    /// at its highest value, the largest totals, the longest band and every flag at once.
    #[test]
    fn the_worst_case_of_every_instrument_fits_the_padded_size() {
        let alice = AccountSecrets::generate();
        let catalog = Catalog::builtin().unwrap();
        for instrument in catalog.list() {
            let items = instrument.items().len();
            let highest = instrument.responses().max;
            for answers in [vec![None; items], vec![Some(highest); items]] {
                let mut worst = Sealed {
                    version: SEALED_VERSION,
                    id: i64::MIN,
                    owner: "w".repeat(64),
                    taken_on: "2026-12-31".into(),
                    instrument: instrument.id().into(),
                    answers,
                    score: SealedScore {
                        total: u32::MAX,
                        percent: Some(u32::MAX),
                        band: instrument
                            .bands()
                            .iter()
                            .map(|b| b.name.clone())
                            .max_by_key(String::len)
                            .unwrap_or_default(),
                        flags: instrument.flags().iter().map(|f| f.name.clone()).collect(),
                        prorated: true,
                        safety_item_endorsed: true,
                    },
                    signer: None,
                    signature: None,
                };
                worst.signer = Some(alice.public().ed25519);
                worst.signature = Some(alice.sign(&worst.signed_message()));
                let json = serde_json::to_vec(&worst).unwrap();
                assert!(
                    json.len() <= SEALED_SIZE,
                    "{}: {} bytes",
                    instrument.id(),
                    json.len()
                );
                assert_eq!(worst.to_padded().unwrap().len(), SEALED_SIZE);
            }
        }
    }

    #[test]
    fn sealed_content_belongs_only_in_its_own_row() {
        let (record, answers, score) = sample();
        let sealed = Sealed::unsigned(&record, &answers, &score);
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
