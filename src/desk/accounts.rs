//! Accounts: adding with a one-time passphrase, passphrase changes, disabling, rekeying.

use rand::Rng;

use super::{Error, Result, Session, check_new_passphrase};
use crate::domain::audit::Facts;
use crate::domain::text::sanitize;
use crate::domain::{Account, Role, Roles, validate_login};
use crate::policy::{self, Action};
use crate::vault::{AccountPublic, AccountSecrets, Key32, Passphrase};

/// What `account add` hands the admin to pass on, once.
#[derive(Debug)]
pub struct NewAccount {
    pub login: String,
    pub one_time_passphrase: Passphrase,
    /// The roster person the account is, by name, where it is one.
    pub person_name: Option<String>,
}

/// 20 characters from 31 unambiguous symbols (about 99 bits), grouped for reading aloud.
pub(super) fn one_time_passphrase() -> Passphrase {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rngs::OsRng;
    let mut text = String::with_capacity(23);
    for i in 0..20 {
        if i > 0 && i % 5 == 0 {
            text.push('-');
        }
        text.push(ALPHABET[rng.gen_range(0..ALPHABET.len())] as char);
    }
    Passphrase::new(text)
}

/// A coordinator, as every employee may see them listed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CoordinatorView {
    pub login: String,
    /// Their roster name, where the account has a person.
    pub name: Option<String>,
    /// When the role was granted (with the account).
    pub since: String,
    /// Whether a self-check shared now would be sealed to them.
    pub can_read_shared: bool,
}

impl CoordinatorView {
    /// "c.keller (Keller, Ines)", or the login alone.
    pub fn who(&self) -> String {
        match &self.name {
            Some(name) => format!("{} ({name})", self.login),
            None => self.login.clone(),
        }
    }
}

impl Session {
    pub(super) fn require_vault_wide(&self, action: Action, what: &str) -> Result<()> {
        if policy::permits_vault_wide(&self.account.roles, action) {
            return Ok(());
        }
        // Name the roles the table grants this to (coordinators keep the catalog, not admins).
        let holders: Vec<&str> = policy::POLICY
            .iter()
            .filter(|(_, granted, scope)| *granted == action && *scope == policy::Scope::All)
            .map(|(role, _, _)| role.as_str())
            .collect();
        Err(Error::Denied(format!(
            "{what} needs the {} role; {} has {}",
            holders.join(" or "),
            self.account.login,
            self.account.roles
        )))
    }

    pub fn accounts(&self) -> Result<Vec<Account>> {
        self.require_vault_wide(Action::ManageAccounts, "listing accounts")?;
        Ok(self.store.db().accounts()?)
    }

    /// Creates an account that must choose its own passphrase at first login.
    pub fn add_account(
        &mut self,
        login: &str,
        roles: Roles,
        person_id: Option<&str>,
    ) -> Result<NewAccount> {
        self.add_account_with(login, roles, person_id, None)
    }

    /// As [`Session::add_account`], but with a passphrase chosen here and no forced change
    /// (the demo vault, whose passphrases are printed for everyone to try).
    pub fn add_account_with(
        &mut self,
        login: &str,
        roles: Roles,
        person_id: Option<&str>,
        chosen: Option<Passphrase>,
    ) -> Result<NewAccount> {
        self.require_vault_wide(Action::ManageAccounts, "adding accounts")?;
        validate_login(login).map_err(Error::Invalid)?;
        if roles.is_empty() {
            return Err(Error::Invalid("an account needs at least one role".into()));
        }
        let db = self.store.db();
        if db.account(login)?.is_some() {
            return Err(Error::Invalid(format!(
                "the login {login} is already taken"
            )));
        }
        let needs_person = [Role::Supervisor, Role::Employee]
            .into_iter()
            .find(|r| roles.contains(*r));
        match (person_id, needs_person) {
            (None, Some(role)) => {
                return Err(Error::Invalid(format!(
                    "the {role} role needs --person EMPLOYEE_ID (whose chain or record it is)"
                )));
            }
            (Some(id), _) if db.person(id)?.is_none() => {
                return Err(Error::NotFound(format!(
                    "no person with employee id {}",
                    sanitize(id)
                )));
            }
            _ => {}
        }
        // One door per person: a second account would be a second way into their record.
        if let Some(id) = person_id
            && let Some(existing) = db
                .accounts()?
                .into_iter()
                .find(|a| !a.disabled && a.person_id.as_deref() == Some(id))
        {
            return Err(Error::Invalid(format!(
                "{} already has an active account, {}; a person has one account (give it the roles they need, or disable it first)",
                sanitize(id),
                existing.login
            )));
        }
        let must_change = chosen.is_none();
        let passphrase = chosen.unwrap_or_else(one_time_passphrase);
        let secrets = AccountSecrets::generate();
        let mut keyring = self.keyring.clone();
        let kdf = keyring.kdf_default;
        keyring.put_slot(login, &secrets, &passphrase, kdf, &self.master)?;
        let account = Account {
            login: login.to_string(),
            person_id: person_id.map(str::to_string),
            roles,
            must_change_passphrase: must_change,
            disabled: false,
            created_at: self.clock.stamp(),
        };
        self.write_with_keyring(&keyring, |db| {
            db.insert_account(&account)?;
            db.record_account_keys(login, &secrets.public(), &account.created_at)?;
            self.audit_facts(
                db,
                "account.add",
                login,
                &format!(
                    "roles {}; person {}",
                    account.roles,
                    account.person_id.as_deref().unwrap_or("-")
                ),
                Some(&self.enrolment(&account, Some(secrets.public()))),
            )
        })?;
        self.keyring = keyring;
        let person_name = match person_id {
            Some(id) => self.store.db().person(id)?.map(|p| p.name),
            None => None,
        };
        Ok(NewAccount {
            login: login.to_string(),
            one_time_passphrase: passphrase,
            person_name,
        })
    }

    /// Who holds the coordinator role (and so can read a self-check its owner shares), and
    /// since when: any account may ask.
    pub fn coordinators(&self) -> Result<Vec<CoordinatorView>> {
        let db = self.store.db();
        let mut out = Vec::new();
        for a in db.accounts()? {
            if a.disabled || !a.roles.contains(Role::Coordinator) {
                continue;
            }
            let name = match &a.person_id {
                Some(id) => db.person(id)?.map(|p| p.name),
                None => None,
            };
            out.push(CoordinatorView {
                // Until their first login they hold no key a self-check can be sealed to.
                can_read_shared: !a.must_change_passphrase,
                login: a.login,
                name,
                since: a.created_at,
            });
        }
        out.sort_by(|a, b| a.login.cmp(&b.login));
        Ok(out)
    }

    /// Changes this account's passphrase (same key pairs, so sealed records stay readable).
    pub fn change_passphrase(&mut self, new: &Passphrase) -> Result<()> {
        if !policy::holds(&self.account.roles, Action::ChangeOwnPassphrase) {
            return Err(Error::Denied(
                "this account cannot change its passphrase".into(),
            ));
        }
        self.replace_secrets(new, false)
    }

    /// Rewrites this account's slot under `new`; with `fresh_keys`, new key pairs too,
    /// which the audit log learns from an entry signed with the new key and vouched for by
    /// the one they replace (kept in the slot too, should the change be cut off before the
    /// database commits: see [`Session::finish_interrupted_first_login`]).
    pub(super) fn replace_secrets(&mut self, new: &Passphrase, fresh_keys: bool) -> Result<()> {
        check_new_passphrase(new, &self.account.login, &self.keyring.name)?;
        let login = self.account.login.clone();
        let fresh = fresh_keys.then(AccountSecrets::generate);
        let secrets = fresh.as_ref().unwrap_or(&self.secrets);
        let mut keyring = self.keyring.clone();
        let kdf = keyring.kdf_default;
        keyring.put_slot(&login, secrets, new, kdf, &self.master)?;
        let facts = fresh.as_ref().map(|fresh| {
            let keys = fresh.public();
            let vouch =
                self.secrets
                    .sign(&Facts::vouch_message(&self.keyring.vault_id, &login, &keys));
            keyring.set_vouch(&login, &vouch);
            Facts::Rekeyed {
                login: login.clone(),
                keys,
                vouch,
            }
        });
        let now = self.clock.stamp();
        self.write_with_keyring(&keyring, |db| {
            if fresh_keys {
                db.record_account_keys(&login, &secrets.public(), &now)?;
            }
            db.set_must_change_passphrase(&login, false)?;
            let action = if fresh_keys {
                "account.first_passphrase"
            } else {
                "account.passwd"
            };
            self.audit_signed(
                db,
                secrets,
                action,
                &login,
                "passphrase changed",
                facts.as_ref(),
            )
        })?;
        self.keyring = keyring;
        if let Some(fresh) = fresh {
            self.secrets = fresh;
        }
        self.account.must_change_passphrase = false;
        Ok(())
    }

    /// Completes a first login cut off between writing the keyring and committing the
    /// database: the slot already holds fresh keys under the passphrase the person chose
    /// (they just opened it with that passphrase; the one-time one no longer opens it),
    /// but the database still lists the one-time keys and asks for a change. The slot
    /// also holds the one-time key's vouch for the new keys, so the entry that records
    /// them is as the uninterrupted change would have written it.
    pub(super) fn finish_interrupted_first_login(&mut self) -> Result<()> {
        let login = self.account.login.clone();
        let keys = self.secrets.public();
        let Some(vouch) = self.keyring.vouch(&login) else {
            return Err(Error::Invalid(format!(
                "{login}'s key slot does not match the keys the vault lists; ask an admin for a new one-time passphrase"
            )));
        };
        let facts = Facts::Rekeyed {
            login: login.clone(),
            keys: keys.clone(),
            vouch,
        };
        let now = self.clock.stamp();
        self.write(|db| {
            db.record_account_keys(&login, &keys, &now)?;
            db.set_must_change_passphrase(&login, false)?;
            self.audit_facts(
                db,
                "account.first_passphrase",
                &login,
                "passphrase changed (completed at the next login after an interruption)",
                Some(&facts),
            )
        })?;
        self.account.must_change_passphrase = false;
        Ok(())
    }

    /// The facts that enrol `account` in the audit log with `keys`.
    pub(super) fn enrolment(&self, account: &Account, keys: Option<AccountPublic>) -> Facts {
        Facts::Enrol {
            login: account.login.clone(),
            roles: account.roles.to_string(),
            person: account.person_id.clone(),
            must_change: account.must_change_passphrase,
            disabled: account.disabled,
            keys,
        }
    }

    /// Disables an account and removes its key slot: it can no longer log in.
    pub fn disable_account(&mut self, login: &str) -> Result<()> {
        self.require_vault_wide(Action::ManageAccounts, "disabling accounts")?;
        if login == self.account.login {
            return Err(Error::Invalid(
                "you cannot disable your own account; ask another admin".into(),
            ));
        }
        let Some(target) = self.store.db().account(login)? else {
            return Err(Error::NotFound(format!("no account {}", sanitize(login))));
        };
        if target.disabled {
            return Err(Error::Invalid(format!("{login} is already disabled")));
        }
        let mut keyring = self.keyring.clone();
        keyring.remove_slot(login);
        let now = self.clock.stamp();
        // The SSH key list is signed again without the account's keys, in the same write.
        let ((), keyring) = self.write_key_list_with(keyring, |db| {
            db.set_account_disabled(login, true)?;
            db.retire_account_keys(login, &now)?;
            self.audit_facts(
                db,
                "account.disable",
                login,
                "slot removed",
                Some(&Facts::Disabled {
                    login: login.to_string(),
                }),
            )?;
            self.drop_ssh_keys_of(db, login)?;
            Ok(())
        })?;
        self.keyring = keyring;
        Ok(())
    }

    /// Replaces the master key: re-encrypts the database and seals the new key to every
    /// account the verified audit log says is active, with the keys it gave that account.
    /// Any other slot (a disabled account's put back, a key the log never gave) is dropped
    /// and named. Crash-safe: the keyring holds both keys until the database has changed.
    pub fn rekey(&mut self) -> Result<RekeyReport> {
        self.require_vault_wide(Action::Rekey, "rekeying the vault")?;
        let verified = self.verified_accounts()?;
        let mut keyring = self.keyring.clone();
        let dropped: Vec<String> = keyring
            .slots
            .iter()
            .filter(|(login, slot)| {
                !verified
                    .get(*login)
                    .is_some_and(|a| !a.disabled && a.current.as_ref() == Some(&slot.public))
            })
            .map(|(login, _)| login.clone())
            .collect();
        for login in &dropped {
            keyring.remove_slot(login);
        }
        if !keyring.slots.contains_key(&self.account.login) {
            return Err(Error::Invalid(format!(
                "{}'s own slot does not hold the keys the audit log gave it; nothing was changed",
                self.account.login
            )));
        }
        let next = Key32::random();
        keyring.begin_rekey(&next)?;
        keyring.save(&self.paths.keyring, &self.master)?;
        super::pause_point("rekey.keyring_holds_both_keys");
        self.store.rekey(&next)?;
        super::pause_point("rekey.database_rekeyed");
        keyring.finish_rekey(&next)?;
        keyring.save(&self.paths.keyring, &next)?;
        self.keyring = keyring;
        self.master = next;
        let sealed_to = self.keyring.slots.len();
        let detail = if dropped.is_empty() {
            format!("new master key sealed to {sealed_to} account(s)")
        } else {
            format!(
                "new master key sealed to {sealed_to} account(s); slots dropped as the audit log lists no such active account: {}",
                dropped
                    .iter()
                    .map(|l| sanitize(l))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        self.write(|db| self.audit(db, "vault.rekey", "vault", &detail))?;
        Ok(RekeyReport { sealed_to, dropped })
    }
}

/// What a rekey did.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RekeyReport {
    /// Accounts the new master key is sealed to.
    pub sealed_to: usize,
    /// Slots dropped because the verified audit log lists no such active account with
    /// those keys.
    pub dropped: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_whose_commit_fails_puts_the_keyring_back() {
        let dir = tempfile::tempdir().unwrap();
        let paths = super::super::VaultPaths::for_db(&dir.path().join("vault").join("steady.db"));
        let mut admin = super::super::init_vault(
            &paths,
            "admin",
            &Passphrase::new("admin passphrase 1"),
            crate::vault::KdfParams::FLOOR,
            "Test vault",
            false,
        )
        .unwrap();
        let before = std::fs::read(&paths.keyring).unwrap();
        let mut changed = admin.keyring.clone();
        changed.name = "Renamed".into();
        // A reference checked only at commit: the commit fails after the keyring is saved.
        let failed = admin.write_with_keyring(&changed, |db| {
            db.execute_raw_for_tests("PRAGMA defer_foreign_keys = ON")?;
            db.execute_raw_for_tests(
                "INSERT INTO checkin_stressors (checkin_id, category, severity)
                 VALUES (987654321, 'work.workload', 'low')",
            )?;
            Ok(())
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&paths.keyring).unwrap(), before);
        // A passphrase change that commits keeps its keyring.
        admin
            .change_passphrase(&Passphrase::new("admin passphrase 2"))
            .unwrap();
        assert_ne!(std::fs::read(&paths.keyring).unwrap(), before);
    }

    #[test]
    fn one_time_passphrases_are_long_grouped_and_distinct() {
        let a = one_time_passphrase();
        let b = one_time_passphrase();
        assert_eq!(a.expose().len(), 23);
        assert_eq!(a.expose().matches('-').count(), 3);
        assert_ne!(a.expose(), b.expose());
    }
}
