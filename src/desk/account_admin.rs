//! The admin's work on existing accounts: the overview the Accounts page lists, changing an
//! account's roles, and resetting a forgotten passphrase. Policy is checked and every change
//! audited here, with the account facts `audit verify` replays.

use std::collections::HashMap;

use serde::Serialize;

use super::accounts::one_time_passphrase;
use super::{Error, NewAccount, Result, Session};
use crate::domain::audit::Facts;
use crate::domain::text::sanitize;
use crate::domain::{Account, Role, Roles};
use crate::policy::Action;
use crate::vault::AccountSecrets;

/// One account as the admin's list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AccountView {
    pub login: String,
    /// The roster person's name, where the account is one.
    pub name: Option<String>,
    pub person_id: Option<String>,
    pub roles: Roles,
    pub disabled: bool,
    /// Still on a one-time passphrase (new, or reset): chooses their own at next login.
    pub must_change_passphrase: bool,
    /// SSH keys registered to it.
    pub ssh_keys: usize,
    pub created_at: String,
}

impl AccountView {
    /// "active", "disabled" or "awaiting first login", as lists print it.
    pub fn state(&self) -> &'static str {
        if self.disabled {
            "disabled"
        } else if self.must_change_passphrase {
            "awaiting first login"
        } else {
            "active"
        }
    }
}

/// What a change of roles did, and what it means for sealed self-checks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RolesChange {
    pub login: String,
    pub from: Roles,
    pub to: Roles,
    /// False when the account held exactly these roles already (nothing was written).
    pub changed: bool,
    /// Plain sentences about keys the person should know (see DESIGN.md, key hierarchy).
    pub notes: Vec<String>,
}

/// Roles that name a roster person: whose chain it is, or whose record.
const NEEDS_PERSON: [Role; 2] = [Role::Supervisor, Role::Employee];

/// What a change from `from` to `to` means for reading shared self-checks.
fn key_notes(login: &str, pending: bool, from: &Roles, to: &Roles) -> Vec<String> {
    let mut notes = Vec::new();
    if to.contains(Role::Coordinator) && !from.contains(Role::Coordinator) {
        notes.push(format!(
            "Self-checks shared before now were sealed to the coordinators of that moment, so {login} cannot read them; only self-checks shared from now on are sealed to {login}{}.",
            if pending {
                " (once they have chosen their own passphrase at first login)"
            } else {
                ""
            }
        ));
    }
    if from.contains(Role::Coordinator) && !to.contains(Role::Coordinator) {
        notes.push(format!(
            "{login} no longer reads shared self-checks, and a self-check shared from now on is not sealed to them."
        ));
    }
    notes
}

impl Session {
    /// Every account with its person's name, state and number of SSH keys (admins).
    pub fn account_overview(&self) -> Result<Vec<AccountView>> {
        self.require_vault_wide(Action::ManageAccounts, "listing accounts")?;
        let db = self.store.db();
        let mut keys: HashMap<String, usize> = HashMap::new();
        for key in db.ssh_keys(None)? {
            *keys.entry(key.login).or_default() += 1;
        }
        let mut out = Vec::new();
        for account in db.accounts()? {
            let name = match &account.person_id {
                Some(id) => db.person(id)?.map(|p| p.name),
                None => None,
            };
            out.push(AccountView {
                ssh_keys: keys.get(&account.login).copied().unwrap_or(0),
                name,
                login: account.login,
                person_id: account.person_id,
                roles: account.roles,
                disabled: account.disabled,
                must_change_passphrase: account.must_change_passphrase,
                created_at: account.created_at,
            });
        }
        Ok(out)
    }

    /// An active account an admin is about to change, or why not.
    fn account_to_change(&self, login: &str) -> Result<Account> {
        match self.store.db().account(login)? {
            None => Err(Error::NotFound(format!("no account {}", sanitize(login)))),
            Some(a) if a.disabled => Err(Error::Invalid(format!(
                "{login} is disabled; a disabled account is not changed (add a new one if they return)"
            ))),
            Some(a) => Ok(a),
        }
    }

    /// Gives `login` exactly `roles`. Refused: no roles, the operator role (given only when
    /// an account is made), supervisor or employee for an account with no roster person,
    /// and taking the admin role from the last active admin.
    pub fn set_account_roles(&mut self, login: &str, roles: Roles) -> Result<RolesChange> {
        self.require_vault_wide(Action::ManageAccounts, "changing roles")?;
        if roles.is_empty() {
            return Err(Error::Invalid("an account needs at least one role".into()));
        }
        let target = self.account_to_change(login)?;
        if target.roles.contains(Role::Operator) || roles.contains(Role::Operator) {
            return Err(Error::Invalid(
                "the operator role runs batch work on the host: it is given when an account is made, and never mixed with a person's roles".into(),
            ));
        }
        if target.person_id.is_none()
            && let Some(role) = NEEDS_PERSON.into_iter().find(|r| roles.contains(*r))
        {
            return Err(Error::Invalid(format!(
                "the {role} role needs a roster person, and {login} is not one; add an account for the person instead"
            )));
        }
        if target.roles.contains(Role::Admin) && !roles.contains(Role::Admin) {
            let another_admin = self.store.db().accounts()?.iter().any(|a| {
                a.login != login
                    && !a.disabled
                    && !a.must_change_passphrase
                    && a.roles.contains(Role::Admin)
            });
            if !another_admin {
                return Err(Error::Invalid(format!(
                    "{login} is the last active admin; give another account the admin role (and let them log in once) first"
                )));
            }
        }
        let notes = key_notes(login, target.must_change_passphrase, &target.roles, &roles);
        let mut change = RolesChange {
            login: login.to_string(),
            from: target.roles.clone(),
            to: roles.clone(),
            changed: target.roles != roles,
            notes,
        };
        if !change.changed {
            change.notes.clear();
            return Ok(change);
        }
        self.write(|db| {
            db.set_account_roles(login, &roles)?;
            self.audit_facts(
                db,
                "account.roles",
                login,
                &format!("roles {} → {roles}", target.roles),
                Some(&Facts::Roles {
                    login: login.to_string(),
                    roles: roles.to_string(),
                }),
            )
        })?;
        if login == self.account.login {
            self.account.roles = roles;
        }
        Ok(change)
    }

    /// Resets a forgotten passphrase: a new one-time passphrase, on new key pairs made here
    /// (the old slot is replaced), and the account must choose its own at its next login,
    /// which makes fresh keys again so the admin never holds the final ones. What only the
    /// old key could open (self-checks the person never shared) cannot be opened again.
    pub fn reset_passphrase(&mut self, login: &str) -> Result<NewAccount> {
        self.require_vault_wide(Action::ManageAccounts, "resetting passphrases")?;
        if login == self.account.login {
            return Err(Error::Invalid(
                "you cannot reset your own passphrase; change it instead (`steady account passwd`), or ask another admin if you have forgotten it".into(),
            ));
        }
        self.account_to_change(login)?;
        let passphrase = one_time_passphrase();
        let secrets = AccountSecrets::generate();
        let mut keyring = self.keyring.clone();
        let kdf = keyring.kdf_default;
        keyring.put_slot(login, &secrets, &passphrase, kdf, &self.master)?;
        let now = self.clock.stamp();
        self.write_with_keyring(&keyring, |db| {
            db.set_must_change_passphrase(login, true)?;
            db.record_account_keys(login, &secrets.public(), &now)?;
            self.audit_facts(
                db,
                "account.reset",
                login,
                "one-time passphrase issued on new keys; self-checks not shared cannot be opened again",
                Some(&Facts::Reset {
                    login: login.to_string(),
                    keys: secrets.public(),
                }),
            )
        })?;
        self.keyring = keyring;
        let person_name = match self.store.db().account(login)?.and_then(|a| a.person_id) {
            Some(id) => self.store.db().person(&id)?.map(|p| p.name),
            None => None,
        };
        Ok(NewAccount {
            login: login.to_string(),
            one_time_passphrase: passphrase,
            person_name,
        })
    }
}
