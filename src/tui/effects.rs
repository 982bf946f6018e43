//! Performs the effects `update` asks for (argon2, every desk call) with the only `Session`,
//! and turns each result into an `Action`, refusals into calm sentences. No state changes here.

use chrono::{DateTime, Local};

use crate::desk::{self, LockedVault, PendingChange, Session, Unlock};
use crate::domain::Role;
use crate::tui::record::ResourceNames;
use crate::tui::screens::checkin_form::CheckinStart;
use crate::tui::screens::home::PanelData;
use crate::tui::screens::my_records::{AccessLine, MyRecordsData};
use crate::tui::screens::person::PersonRecord;
use crate::tui::screens::referral_detail::ReferralDetailData;
use crate::tui::screens::referral_form::ReferralStart;
use crate::tui::screens::today::TodayData;
use crate::tui::state::{Action, Effect, Outcome, Refusal};

/// A desk error as the screen says it. A refusal never names what was refused: whether
/// someone outside one's care exists is not for the screen to tell.
fn calm(e: desk::Error) -> String {
    match e {
        desk::Error::Denied(_) => "that is not open to you in this role".into(),
        other => other.to_string(),
    }
}

const LOCKED: &str = "the vault is locked; log in again";

/// The vault and whatever is unlocked of it. Dropping the session drops its keys.
pub struct Desk {
    vault: LockedVault,
    session: Option<Session>,
    pending: Option<PendingChange>,
}

impl Desk {
    pub fn new(vault: LockedVault) -> Self {
        Self {
            vault,
            session: None,
            pending: None,
        }
    }

    /// Whether any keys are held: a session, or one waiting for its first passphrase.
    #[cfg(test)]
    pub fn is_unlocked(&self) -> bool {
        self.session.is_some() || self.pending.is_some()
    }

    /// Does the work and says what came of it, for `update` to apply.
    pub fn perform(&mut self, effect: Effect) -> Option<Action> {
        let outcome = match effect {
            Effect::None => return None,
            Effect::Lock => {
                self.session = None;
                self.pending = None;
                return None;
            }
            Effect::AbandonFirstLogin => {
                self.pending = None;
                return None;
            }
            Effect::Unlock { login, passphrase } => {
                self.session = None;
                self.pending = None;
                // Re-read the keyring: since the app started, a passphrase may have changed
                // (here or elsewhere), an account been added or disabled, or the vault rekeyed.
                match LockedVault::open(self.vault.paths()) {
                    Ok(fresh) => self.vault = fresh,
                    Err(e) => {
                        return Some(Action::Done(Box::new(Outcome::UnlockRefused(
                            Refusal::Other(e.to_string()),
                        ))));
                    }
                }
                match self.vault.unlock(&login, &passphrase) {
                    Ok(Unlock::Ready(session, notice)) => {
                        let outcome = Outcome::Unlocked {
                            login: session.login().to_string(),
                            roles: session.account().roles.clone(),
                            notice,
                        };
                        self.session = Some(*session);
                        outcome
                    }
                    Ok(Unlock::MustChange(pending)) => {
                        let login = pending.login().to_string();
                        self.pending = Some(pending);
                        Outcome::MustChoosePassphrase { login }
                    }
                    Err(desk::Error::Auth) => Outcome::UnlockRefused(Refusal::WrongPassphrase),
                    Err(desk::Error::TooSoon { wait_secs, .. }) => {
                        Outcome::UnlockRefused(Refusal::TooSoon { wait_secs })
                    }
                    Err(other) => Outcome::UnlockRefused(Refusal::Other(other.to_string())),
                }
            }
            Effect::ChoosePassphrase(passphrase) => match self.pending.take() {
                None => Outcome::FirstLoginFailed(
                    "the first login expired; log in again with the passphrase you were given"
                        .into(),
                ),
                Some(pending) => match pending.complete(&passphrase) {
                    Ok((session, notice)) => {
                        let outcome = Outcome::Unlocked {
                            login: session.login().to_string(),
                            roles: session.account().roles.clone(),
                            notice,
                        };
                        self.session = Some(session);
                        outcome
                    }
                    // Nothing was saved, so the one-time passphrase still works.
                    Err(e) => Outcome::FirstLoginFailed(format!(
                        "your new passphrase was not saved ({e}); log in again with the passphrase you were given"
                    )),
                },
            },
            Effect::LoadPeople(role) => Outcome::People {
                role,
                result: self.with_session(|s| s.people_as(role)),
            },
            Effect::RefreshHome { role, as_of } => Outcome::Home {
                role,
                panel: match role {
                    Role::Supervisor | Role::Mentor => Some(self.with_session(|s| {
                        Ok(PanelData::Today(TodayData {
                            follow_ups: s.follow_ups_due(as_of)?,
                            not_seen: s.not_seen_lately(as_of)?,
                        }))
                    })),
                    Role::Coordinator => {
                        Some(self.with_session(|s| s.referral_queue(as_of).map(PanelData::Queue)))
                    }
                    Role::Admin | Role::Employee => None,
                },
                // Read with the home screen, never when help-now opens: its opening leaves
                // no trace anywhere.
                crisis: self
                    .session
                    .as_ref()
                    .and_then(|s| s.crisis_resources().ok()),
            },
            Effect::OpenPerson(employee_id) => Outcome::Person(match &self.session {
                Some(s) => load_person(s, &employee_id).map_err(|e| match e {
                    desk::Error::Denied(_) => "this person's page is not open to you".into(),
                    other => calm(other),
                }),
                None => Err(LOCKED.into()),
            }),
            Effect::StartCheckin(employee_id) => {
                Outcome::CheckinForm(self.with_session(|s| start_checkin(s, &employee_id)))
            }
            Effect::SaveCheckin { employee_id, input } => Outcome::CheckinSaved(
                self.with_session_mut(|s| s.record_checkin(&employee_id, input)),
            ),
            Effect::StartReferral { employee_id, as_of } => {
                Outcome::ReferralForm(self.with_session(|s| start_referral(s, &employee_id, as_of)))
            }
            Effect::SaveReferral(new) => {
                Outcome::ReferralSaved(self.with_session_mut(|s| s.propose_referral(&new)))
            }
            Effect::ChangeReferral { id, change, on } => Outcome::ReferralChanged(
                self.with_session_mut(|s| s.change_referral(id, &change, "", on)),
            ),
            Effect::OpenReferral {
                referral,
                resource_name,
            } => Outcome::ReferralDetail(self.with_session(|s| {
                Ok(ReferralDetailData {
                    events: s.referral_events(referral.id)?,
                    person_name: s.person(&referral.employee_id).ok().map(|v| v.person.name),
                    referral,
                    resource_name,
                })
            })),
            Effect::MyRecords => Outcome::MyRecords(self.with_session(load_my_records)),
            Effect::LoadResources { include_retired } => {
                Outcome::Resources(self.with_session(|s| s.resources(include_retired)))
            }
            Effect::RetireResource(id) => Outcome::ResourceRetired(self.with_session_mut(|s| {
                s.retire_resource(&id)?;
                Ok(s.resource(&id)?.name)
            })),
        };
        Some(Action::Done(Box::new(outcome)))
    }

    fn with_session<T>(&self, work: impl FnOnce(&Session) -> desk::Result<T>) -> Result<T, String> {
        match &self.session {
            Some(session) => work(session).map_err(calm),
            None => Err(LOCKED.into()),
        }
    }

    fn with_session_mut<T>(
        &mut self,
        work: impl FnOnce(&mut Session) -> desk::Result<T>,
    ) -> Result<T, String> {
        match &mut self.session {
            Some(session) => work(session).map_err(calm),
            None => Err(LOCKED.into()),
        }
    }
}

/// Resource ids to names, retired ones included (old referrals still name them).
fn resource_names(s: &Session) -> ResourceNames {
    s.resources(true)
        .map(|all| all.into_iter().map(|r| (r.id, r.name)).collect())
        .unwrap_or_default()
}

/// A person's page: the directory entry, and the record only where the viewer may see it.
fn load_person(s: &Session, employee_id: &str) -> desk::Result<PersonRecord> {
    let view = s.person(employee_id)?;
    if !view.may_view_record {
        return Ok(PersonRecord {
            view,
            checkins: Vec::new(),
            referrals: Vec::new(),
            resource_names: ResourceNames::new(),
        });
    }
    Ok(PersonRecord {
        checkins: s.checkins(employee_id)?,
        referrals: s.referrals_about(employee_id)?,
        resource_names: resource_names(s),
        view,
    })
}

/// The form's start: who it is about, the active catalog, and whether the viewer records
/// as this person's supervisor (the desk's rule for the kind of check-in and its default
/// visibility: someone in one's subtree gets a supervisor check-in, shared up the chain).
fn start_checkin(s: &Session, employee_id: &str) -> desk::Result<CheckinStart> {
    let person = s.person(employee_id)?.person;
    let supervises = s.has_role(Role::Supervisor)
        && s.people_as(Role::Supervisor)?
            .iter()
            .any(|p| p.employee_id == employee_id);
    Ok(CheckinStart {
        person,
        catalog: s.resources(false)?,
        supervises,
    })
}

fn start_referral(
    s: &Session,
    employee_id: &str,
    as_of: chrono::NaiveDate,
) -> desk::Result<ReferralStart> {
    let person = s.person(employee_id)?.person;
    Ok(ReferralStart {
        self_referral: s.account().person_id.as_deref() == Some(employee_id),
        suggested: s
            .suggestions_for(employee_id, as_of)?
            .into_iter()
            .map(|r| r.id)
            .collect(),
        catalog: s.resources(false)?,
        person,
    })
}

/// Everything recorded about the signed-in employee, and who read it (in local time).
fn load_my_records(s: &Session) -> desk::Result<MyRecordsData> {
    let Some(me) = s.account().person_id.clone() else {
        return Err(desk::Error::Invalid(
            "your account is not linked to a roster entry, so nothing is recorded about it".into(),
        ));
    };
    let access = s
        .who_accessed_my_records()?
        .into_iter()
        .map(|e| AccessLine {
            when: DateTime::parse_from_rfc3339(&e.at).map_or_else(
                |_| e.at.clone(),
                |t| t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string(),
            ),
            who: e.actor,
            action: e.action,
            detail: e.detail,
        })
        .collect();
    Ok(MyRecordsData {
        person: s.person(&me)?.person,
        checkins: s.checkins(&me)?,
        referrals: s.referrals_about(&me)?,
        resource_names: resource_names(s),
        access,
    })
}
