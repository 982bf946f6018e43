//! Performs the effects `update` asks for (argon2, every desk call) with the only `Session`,
//! and turns each result into an `Action`, refusals into calm sentences. No state changes here.

use chrono::NaiveDate;

use crate::desk::{
    self, HomePage, HomePanel, LockedVault, PendingChange, SelfCheckRequest, Session, Unlock,
};
use crate::domain::Role;
use crate::domain::clock::Clock;
use crate::rules::RuleSet;
use crate::tui::record;
use crate::tui::screens::home::PanelData;
use crate::tui::screens::today::TodayData;
use crate::tui::state::{Action, Effect, Outcome, Refusal};

/// A desk error as the screen says it. A refusal never names what was refused: whether
/// someone outside one's care exists is not for the screen to tell.
pub(super) fn calm(e: desk::Error) -> String {
    match e {
        desk::Error::Denied(_) => "that is not open to you in this role".into(),
        other => other.to_string(),
    }
}

pub(super) const LOCKED: &str = "the vault is locked; log in again";

/// The vault's idle-lock minutes for a session just unlocked. A vault that cannot read its
/// own settings fails at the home's first read, which says so; until then the lock keeps
/// to the default rather than to no lock at all.
fn vault_lock_minutes(session: &Session) -> u32 {
    session.lock_minutes().unwrap_or(desk::DEFAULT_LOCK_MINUTES)
}

/// Runs the effects `update` asks for against the vault and whatever is unlocked of it (one
/// desk call per effect). Dropping the session drops its keys.
pub(super) struct Effects {
    vault: LockedVault,
    session: Option<Session>,
    pending: Option<PendingChange>,
    /// Rules every session uses instead of the built-in ones.
    rules: Option<RuleSet>,
    /// The app's day, which every session works by (records, rules) once it is set.
    today: Option<NaiveDate>,
    /// An SSH session's login: no other is ever unlocked here.
    pinned_login: Option<String>,
    /// Whether a login whose account prefers the screen-reader mode is handed over.
    handoff: bool,
    /// The session handed over, for the line front end to go on with.
    handed_off: Option<Session>,
}

impl Effects {
    pub(super) fn new(vault: LockedVault, rules: Option<RuleSet>) -> Self {
        Self {
            vault,
            session: None,
            pending: None,
            rules,
            today: None,
            pinned_login: None,
            handoff: false,
            handed_off: None,
        }
    }

    /// Hands a login whose account prefers the screen-reader mode over to the line front
    /// end (a local full-screen app; over SSH the key's forced command chose already).
    pub(super) fn hand_off_readers(&mut self, on: bool) {
        self.handoff = on;
    }

    /// The session a login handed over, once.
    pub(super) fn take_handed_off(&mut self) -> Option<Session> {
        self.handed_off.take()
    }

    /// Unlocks only `login` from now on, whatever a login form asks (an SSH session's).
    pub(super) fn pin_login(&mut self, login: Option<String>) {
        self.pinned_login = login;
    }

    /// Works by the app's clock: the day it shows is the day sessions date and evaluate by.
    pub(super) fn set_today(&mut self, today: NaiveDate) {
        self.today = Some(today);
        if let Some(session) = &mut self.session {
            session.set_clock(Clock::on(today));
        }
    }

    /// Keeps a session that just unlocked, with the rules in force.
    fn hold(&mut self, mut session: Session) {
        if let Some(rules) = &self.rules {
            session.set_rules(rules.clone());
        }
        if let Some(today) = self.today {
            session.set_clock(Clock::on(today));
        }
        self.session = Some(session);
    }

    /// The rules the held session evaluates, if one is held.
    #[cfg(test)]
    pub(super) fn rules_in_force(&self) -> Option<&RuleSet> {
        self.session.as_ref().map(Session::rules)
    }

    /// Whether any keys are held: a session, or one waiting for its first passphrase.
    #[cfg(test)]
    pub(super) fn is_unlocked(&self) -> bool {
        self.session.is_some() || self.pending.is_some()
    }

    /// Does the work and says what came of it, for `update` to apply.
    pub(super) fn perform(&mut self, effect: Effect) -> Option<Action> {
        let outcome = match effect {
            Effect::None => return None,
            Effect::Task(task) => Outcome::Delivered(task.run(self.session.as_mut())),
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
                if self.pinned_login.as_ref().is_some_and(|pinned| *pinned != login) {
                    return Some(Action::Done(Box::new(Outcome::UnlockRefused(
                        Refusal::WrongPassphrase,
                    ))));
                }
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
                    Ok(Unlock::Ready(session, notice))
                        if self.handoff
                            && session.screen_reader_preference().unwrap_or(false) =>
                    {
                        let _ = notice;
                        self.handed_off = Some(*session);
                        Outcome::ContinueInReader
                    }
                    Ok(Unlock::Ready(session, notice)) => {
                        let outcome = Outcome::Unlocked {
                            login: session.login().to_string(),
                            roles: session.account().roles.clone(),
                            notice,
                            lock_minutes: vault_lock_minutes(&session),
                        };
                        self.hold(*session);
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
                Some(pending) => match pending.check(&passphrase) {
                    // A choice the vault refuses (the one-time passphrase again, or one easy
                    // to guess) keeps the first login open for another try.
                    Err(e) => {
                        self.pending = Some(pending);
                        Outcome::NewPassphraseRefused(match e {
                            desk::Error::Invalid(text) => text,
                            other => calm(other),
                        })
                    }
                    Ok(()) => match pending.complete(&passphrase) {
                        Ok((session, notice)) => {
                            let outcome = Outcome::Unlocked {
                                login: session.login().to_string(),
                                roles: session.account().roles.clone(),
                                notice,
                                lock_minutes: vault_lock_minutes(&session),
                            };
                            self.hold(session);
                            outcome
                        }
                        // Nothing was saved, so the one-time passphrase still works.
                        Err(e) => Outcome::FirstLoginFailed(format!(
                            "your new passphrase was not saved ({e}); log in again with the passphrase you were given"
                        )),
                    },
                },
            },
            Effect::LoadPeople(role) => Outcome::People {
                role,
                result: self.with_session(|s| s.people_in_care(role)),
            },
            Effect::RefreshHome { role, as_of } => {
                home_outcome(role, self.with_session(|s| s.home_page(role, as_of)))
            }
            Effect::OpenPerson(employee_id) => Outcome::Person(match &self.session {
                Some(s) => s.person_record(&employee_id).map_err(|e| match e {
                    desk::Error::Denied(_) => "this person's page is not open to you".into(),
                    other => calm(other),
                }),
                None => Err(LOCKED.into()),
            }),
            Effect::StartCheckin(employee_id) => {
                Outcome::CheckinForm(self.with_session(|s| s.checkin_form_start(&employee_id)))
            }
            Effect::EditCheckin(id) => {
                Outcome::CheckinForm(self.with_session(|s| s.checkin_edit_start(id)))
            }
            Effect::SaveCheckinEdit { id, draft } => {
                Outcome::CheckinEdited(self.with_session_mut(|s| s.edit_checkin(id, draft)))
            }
            Effect::RefreshPrompt { id, as_of } => Outcome::PromptRefreshed {
                id,
                result: self.with_session(|s| s.prompt_page_now(id, as_of)),
            },
            Effect::OpenPrompt(view) => {
                Outcome::PromptDetail(self.with_session(|s| s.prompt_page(*view)))
            }
            Effect::AcknowledgePrompt { id, note, on } => {
                Outcome::PromptHandled(self.with_session_mut(|s| {
                    s.acknowledge_prompt(id, &note, on)?;
                    Ok("Acknowledged, with your note; it leaves your list.".to_string())
                }))
            }
            Effect::SnoozePrompt {
                id,
                until,
                reason,
                on,
            } => {
                Outcome::PromptHandled(self.with_session_mut(|s| {
                    s.snooze_prompt(id, until, &reason, on)?;
                    Ok(format!(
                        "Snoozed until {}; it comes back then if it still holds.",
                        record::day(until)
                    ))
                }))
            }
            Effect::UndoPromptResponse { id, on } => {
                Outcome::PromptHandled(self.with_session_mut(|s| {
                    s.undo_prompt_response(id, on)?;
                    Ok("Taken back: it is on your open list again.".to_string())
                }))
            }
            Effect::TakeSelfCheck {
                instrument,
                answers,
                share,
                contribute,
                taken_on,
            } => Outcome::SelfCheckTaken(self.with_session_mut(|s| {
                s.take_self_check_page(&SelfCheckRequest {
                    instrument: &instrument,
                    answers: &answers,
                    share,
                    contribute,
                    taken_on,
                })
            })),
            Effect::MySelfChecks => {
                Outcome::MySelfChecks(self.with_session(Session::my_self_checks_page))
            }
            Effect::ShareSelfCheck(id) => {
                Outcome::SelfCheckChanged(self.with_session_mut(|s| {
                    let n = s.share_self_check(id)?;
                    Ok(format!(
                        "Shared with the wellness coordinators ({n}). You can stop sharing it at any time."
                    ))
                }))
            }
            Effect::UnshareSelfCheck(id) => {
                Outcome::SelfCheckChanged(self.with_session_mut(|s| {
                    s.unshare_self_check(id)?;
                    Ok("No longer shared: only you can open it now. What was already read cannot be unread.".to_string())
                }))
            }
            Effect::DeleteSelfCheck(id) => {
                Outcome::SelfCheckChanged(self.with_session_mut(|s| {
                    s.delete_self_check(id)?;
                    Ok("Deleted.".to_string())
                }))
            }
            Effect::SaveCheckin { employee_id, input } => Outcome::CheckinSaved(
                self.with_session_mut(|s| s.record_checkin(&employee_id, input)),
            ),
            Effect::StartReferral {
                employee_id,
                as_of,
                suggest_first,
            } => Outcome::ReferralForm(
                self.with_session(|s| s.referral_form_start(&employee_id, as_of, &suggest_first)),
            ),
            Effect::SaveReferral(new) => {
                Outcome::ReferralSaved(self.with_session_mut(|s| s.propose_referral(&new)))
            }
            Effect::ChangeReferral {
                id,
                change,
                note,
                on,
            } => Outcome::ReferralChanged(
                self.with_session_mut(|s| s.change_referral(id, &change, &note, on)),
            ),
            Effect::OpenReferral(id) => {
                Outcome::ReferralDetail(self.with_session(|s| s.referral_page(id)))
            }
            Effect::LoadResources { include_retired } => {
                Outcome::Resources(self.with_session(|s| s.resources(include_retired)))
            }
            Effect::RestoreResource(id) => Outcome::ResourceRestored(
                self.with_session_mut(|s| Ok(s.restore_resource(&id)?.name)),
            ),
            Effect::RetireResource(id) => Outcome::ResourceRetired(
                self.with_session_mut(|s| Ok(s.retire_resource(&id)?.name)),
            ),
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

/// The home as its sections take it; a page that could not be read says why in each
/// section the role has (the crisis lines keep those already shown).
fn home_outcome(role: Role, page: Result<HomePage, String>) -> Outcome {
    match page {
        Ok(page) => Outcome::Home {
            role,
            prompts: page.prompts.map(Ok),
            rules_last_run: page.rules_last_run,
            panel: page.panel.map(|panel| {
                Ok(match panel {
                    HomePanel::Today {
                        follow_ups,
                        not_seen,
                    } => PanelData::Today(TodayData {
                        follow_ups,
                        not_seen,
                    }),
                    HomePanel::Queue(items) => PanelData::Queue(items, page.inbox),
                })
            }),
            own: page.own.map(Ok),
            crisis: Some(page.crisis),
        },
        Err(problem) => Outcome::Home {
            role,
            prompts: Some(Err(problem.clone())),
            rules_last_run: None,
            panel: Some(Err(problem.clone())),
            own: (role == Role::Employee).then_some(Err(problem)),
            crisis: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A home that could not be read says why in each section its role has, rather than
    /// leaving the sections as they were (or empty) as if nothing had happened.
    #[test]
    fn a_home_that_could_not_be_read_says_why_in_each_section() {
        let problem = || "the vault is busy".to_string();
        match home_outcome(Role::Supervisor, Err(problem())) {
            Outcome::Home {
                role: Role::Supervisor,
                prompts: Some(Err(prompts)),
                panel: Some(Err(panel)),
                own: None,
                crisis: None,
                rules_last_run: None,
            } => assert_eq!((prompts, panel), (problem(), problem())),
            other => panic!("{other:?}"),
        }
        match home_outcome(Role::Employee, Err(problem())) {
            Outcome::Home {
                own: Some(Err(own)),
                ..
            } => assert_eq!(own, problem()),
            other => panic!("{other:?}"),
        }
    }
}
