//! Performs the effects `update` asks for: unlocking (argon2), the first-login passphrase,
//! loading people, locking. Holds the only `Session`; turns every result into an `Action`.

use crate::desk::{self, LockedVault, PendingChange, Session, Unlock};
use crate::tui::state::{Action, Effect, Outcome, Refusal};

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
                        return Some(Action::Done(Outcome::UnlockRefused(Refusal::Other(
                            e.to_string(),
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
            Effect::OpenPerson(employee_id) => {
                Outcome::Person(self.with_session(|s| s.person(&employee_id)))
            }
        };
        Some(Action::Done(outcome))
    }

    fn with_session<T>(&self, work: impl FnOnce(&Session) -> desk::Result<T>) -> Result<T, String> {
        match &self.session {
            Some(session) => work(session).map_err(|e| e.to_string()),
            None => Err("the vault is locked; log in again".into()),
        }
    }
}
