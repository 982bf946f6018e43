//! One's own preferences, kept with one's account: whether later logins start in the
//! screen-reader mode. Audited like any change to an account; no front end logic here.

use super::{Error, Result, Session};
use crate::policy::{self, Action};

impl Session {
    /// Whether this account prefers the screen-reader mode.
    pub fn screen_reader_preference(&self) -> Result<bool> {
        Ok(self
            .store
            .db()
            .screen_reader_preference(&self.account.login)?)
    }

    /// Turns the screen-reader preference on or off for this account. Where the account
    /// has SSH keys, the signed key list is written again in the same change, so the next
    /// login over SSH starts in the mode chosen.
    pub fn set_screen_reader_preference(&mut self, on: bool) -> Result<()> {
        if !policy::holds(&self.account.roles, Action::SetOwnPreferences) {
            return Err(Error::Denied("changing preferences".into()));
        }
        let login = self.account.login.clone();
        let detail = if on {
            "screen-reader mode on"
        } else {
            "screen-reader mode off"
        };
        let change = |db: &crate::store::Db<'_>| {
            db.set_screen_reader_preference(&login, on)?;
            self.audit(db, "account.preference", &login, detail)
        };
        if self.store.db().ssh_keys(Some(&login))?.is_empty() {
            self.write(change)
        } else {
            let ((), keyring) = self.write_key_list_with(self.keyring.clone(), change)?;
            self.keyring = keyring;
            Ok(())
        }
    }
}
