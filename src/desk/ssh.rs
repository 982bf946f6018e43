//! SSH keys per account: register, list, remove (admins, audited), and the signed key list
//! beside the vault that `authorized-keys` reads without unlocking. No sshd logic here.

use std::path::Path;

use serde::Serialize;

use super::{Error, Result, Session, VaultPaths};
use crate::domain::Role;
use crate::domain::ssh_key::SshPublicKey;
use crate::domain::text::sanitize;
use crate::domain::validate_login;
use crate::policy::Action;
use crate::store::{Db, SshKeyRow};
use crate::vault::{Keyring, ListedKey, SignedKeyList, key_list_path_for};

/// A registered key as `ssh-key list` shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SshKeyView {
    pub login: String,
    pub key_type: String,
    pub fingerprint: String,
    pub comment: String,
    pub added: String,
    /// The key opens its login in the screen-reader mode.
    pub screen_reader: bool,
}

impl From<SshKeyRow> for SshKeyView {
    fn from(row: SshKeyRow) -> Self {
        Self {
            login: row.login,
            key_type: row.key_type,
            fingerprint: row.fingerprint,
            comment: row.comment,
            added: row.added_at,
            screen_reader: row.screen_reader,
        }
    }
}

impl Session {
    /// Registers an OpenSSH public key (the text of a `.pub` file) for `login`. A key opens
    /// at most one account; an operator account has none (it runs on the host).
    pub fn add_ssh_key(&mut self, login: &str, text: &str) -> Result<SshKeyView> {
        self.add_ssh_key_with(login, text, false)
    }

    /// As [`Session::add_ssh_key`]; with `screen_reader`, the key opens its login in the
    /// screen-reader mode (the forced command `authorized-keys` writes says so).
    pub fn add_ssh_key_with(
        &mut self,
        login: &str,
        text: &str,
        screen_reader: bool,
    ) -> Result<SshKeyView> {
        self.require_vault_wide(Action::ManageAccounts, "adding SSH keys")?;
        let account = self.active_account(login)?;
        if account.roles.contains(Role::Operator) {
            return Err(Error::Invalid(format!(
                "{login} is an operator account: it runs batch work on the host and is never reached over SSH"
            )));
        }
        let key = SshPublicKey::parse(text).map_err(Error::Invalid)?;
        let fingerprint = key.fingerprint();
        if let Some(existing) = self.store.db().ssh_key(&fingerprint)? {
            return Err(Error::Invalid(if existing.login == login {
                format!("{login} already has the key {fingerprint}")
            } else {
                format!(
                    "the key {fingerprint} is already registered to {}; a key opens one account only",
                    existing.login
                )
            }));
        }
        let row = SshKeyRow {
            login: login.to_string(),
            key_type: key.key_type.clone(),
            fingerprint: fingerprint.clone(),
            public_key: key.base64(),
            comment: key.comment.clone(),
            added_at: self.clock.stamp(),
            added_by: self.account.login.clone(),
            screen_reader,
        };
        let ((), keyring) = self.write_key_list_with(self.keyring.clone(), |db| {
            db.insert_ssh_key(&row)?;
            self.audit(
                db,
                "ssh_key.add",
                login,
                &format!(
                    "{} {fingerprint}{}",
                    row.key_type,
                    if screen_reader {
                        ", screen-reader mode"
                    } else {
                        ""
                    }
                ),
            )
        })?;
        self.keyring = keyring;
        Ok(row.into())
    }

    /// Every registered key, or one login's.
    pub fn ssh_keys(&self, login: Option<&str>) -> Result<Vec<SshKeyView>> {
        self.require_vault_wide(Action::ManageAccounts, "listing SSH keys")?;
        if let Some(login) = login
            && self.store.db().account(login)?.is_none()
        {
            return Err(Error::NotFound(format!("no account {}", sanitize(login))));
        }
        Ok(self
            .store
            .db()
            .ssh_keys(login)?
            .into_iter()
            .map(SshKeyView::from)
            .collect())
    }

    /// Removes one of `login`'s keys by fingerprint (`SHA256:…`, or without the prefix).
    pub fn remove_ssh_key(&mut self, login: &str, fingerprint: &str) -> Result<()> {
        self.require_vault_wide(Action::ManageAccounts, "removing SSH keys")?;
        let fingerprint = fingerprint.trim();
        let fingerprint = if fingerprint.starts_with("SHA256:") {
            fingerprint.to_string()
        } else {
            format!("SHA256:{fingerprint}")
        };
        let belongs = self
            .store
            .db()
            .ssh_key(&fingerprint)?
            .is_some_and(|k| k.login == login);
        if !belongs {
            return Err(Error::NotFound(format!(
                "{} has no SSH key {}",
                sanitize(login),
                sanitize(&fingerprint)
            )));
        }
        let ((), keyring) = self.write_key_list_with(self.keyring.clone(), |db| {
            db.delete_ssh_key(login, &fingerprint)?;
            self.audit(db, "ssh_key.remove", login, &fingerprint)
        })?;
        self.keyring = keyring;
        Ok(())
    }

    /// Within a write that disables `login`: drops its keys (the caller re-signs the list).
    pub(super) fn drop_ssh_keys_of(&self, db: &Db<'_>, login: &str) -> Result<usize> {
        let dropped = db.delete_ssh_keys_of(login)?;
        if dropped > 0 {
            self.audit(
                db,
                "ssh_key.remove",
                login,
                &format!("{dropped} key(s), with the account"),
            )?;
        }
        Ok(dropped)
    }

    fn active_account(&self, login: &str) -> Result<crate::domain::Account> {
        validate_login(login).map_err(Error::Invalid)?;
        match self.store.db().account(login)? {
            None => Err(Error::NotFound(format!("no account {login}"))),
            Some(a) if a.disabled => Err(Error::Invalid(format!(
                "{login} is disabled; a disabled account has no SSH keys"
            ))),
            Some(a) => Ok(a),
        }
    }

    /// Runs `work` in one write; then saves `keyring` with the next key list generation,
    /// then the list signed as the table now stands, then commits. The keyring goes first:
    /// cut off between the two, the list on disk is older than the keyring says and sshd
    /// lets no key in (until `ssh-key sync`), rather than trusting a list the database
    /// never committed. If anything fails, both files are put back.
    /// Returns what `work` returned and the keyring now on disk, for the session to keep.
    pub(super) fn write_key_list_with<T>(
        &self,
        mut keyring: Keyring,
        work: impl FnOnce(&Db<'_>) -> Result<T>,
    ) -> Result<(T, Keyring)> {
        let list_path = key_list_path_for(&self.paths.db);
        let previous_list = std::fs::read(&list_path).ok();
        keyring.ssh_keys_generation = keyring.ssh_keys_generation.saturating_add(1);
        let mut keyring_saved = false;
        let mut list_saved = false;
        let result = self.write(|db| {
            let out = work(db)?;
            let list = self.signed_list(db, keyring.ssh_keys_generation)?;
            self.save_keyring(&keyring)?;
            keyring_saved = true;
            list.save(&list_path)
                .map_err(|e| key_list_write_error(&list_path, e))?;
            list_saved = true;
            Ok(out)
        });
        match result {
            Ok(out) => Ok((out, keyring)),
            Err(e) => {
                // Best effort, as for the keyring alone (see `write_with_keyring`).
                if list_saved {
                    let _ = match previous_list {
                        Some(bytes) => crate::vault::write_atomically(&list_path, &bytes),
                        None => std::fs::remove_file(&list_path),
                    };
                }
                if keyring_saved {
                    let _ = self.save_keyring(&self.keyring);
                }
                Err(e)
            }
        }
    }

    /// Signs the key list again from the vault (after a restore, or when sshd's log says
    /// the list is not trusted), audited like any change to it.
    pub fn sync_ssh_keys(&mut self) -> Result<usize> {
        self.require_vault_wide(Action::ManageAccounts, "signing the SSH key list")?;
        let (count, keyring) = self.write_key_list_with(self.keyring.clone(), |db| {
            let count = db.ssh_keys(None)?.len();
            self.audit(
                db,
                "ssh_key.sync",
                "vault",
                &format!("key list signed again with {count} key(s)"),
            )?;
            Ok(count)
        })?;
        self.keyring = keyring;
        Ok(count)
    }

    /// The list of every key of every active account, signed with this session's key.
    fn signed_list(&self, db: &Db<'_>, generation: u64) -> Result<SignedKeyList> {
        let mut keys = Vec::new();
        for row in db.ssh_keys(None)? {
            if db.account(&row.login)?.is_some_and(|a| !a.disabled) {
                // The key's own choice, or its login's preference for every later login.
                let screen_reader = row.screen_reader || db.screen_reader_preference(&row.login)?;
                keys.push(ListedKey {
                    login: row.login,
                    key_type: row.key_type,
                    key: row.public_key,
                    screen_reader,
                });
            }
        }
        Ok(SignedKeyList::sign(
            &self.keyring.vault_id,
            generation,
            &self.account.login,
            &self.secrets,
            keys,
        ))
    }
}

fn key_list_write_error(path: &Path, source: std::io::Error) -> Error {
    Error::Vault(crate::vault::Error::KeyringWrite {
        path: path.to_path_buf(),
        source,
    })
}

/// What `authorized-keys` decided about a presented key.
#[derive(Debug, PartialEq, Eq)]
pub enum KeyDecision {
    /// The key opens this login, in the screen-reader mode or not.
    Login { login: String, screen_reader: bool },
    /// No active account has this key.
    Unknown,
    /// The key list is not trusted (said on sshd's log); no key gets in.
    Distrusted(String),
}

/// Which login the key sshd presents (`%t`, `%k`) opens, from the signed list beside the
/// vault, checked against the keyring, with no passphrase and no database: sshd asks on
/// every connection. Strict modes are checked first, as for every command.
pub fn login_for_presented_key(
    paths: &VaultPaths,
    key_type: &str,
    key: &str,
) -> Result<KeyDecision> {
    super::strict::check_strict_modes(paths)?;
    if SshPublicKey::from_presented(key_type, key).is_err() {
        return Ok(KeyDecision::Unknown);
    }
    let keyring = Keyring::load(&paths.keyring)?;
    let list = match SignedKeyList::load(&key_list_path_for(&paths.db)) {
        Ok(list) => list,
        Err(crate::vault::Distrust::Missing(_)) => return Ok(KeyDecision::Unknown),
        Err(e) => return Ok(KeyDecision::Distrusted(e.to_string())),
    };
    if let Err(e) = list.verify(&keyring) {
        return Ok(KeyDecision::Distrusted(e.to_string()));
    }
    Ok(match list.entry_for(&keyring, key_type, key) {
        Some(entry) => KeyDecision::Login {
            login: entry.login.clone(),
            screen_reader: entry.screen_reader,
        },
        None => KeyDecision::Unknown,
    })
}
