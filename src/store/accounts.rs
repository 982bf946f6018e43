//! Queries over `accounts` and `account_keys`.

use rusqlite::{OptionalExtension, Row, params};

use super::{Db, Result};
use crate::domain::{Account, Roles};
use crate::vault::AccountPublic;

fn account_from(row: &Row<'_>) -> rusqlite::Result<Account> {
    let roles: String = row.get(2)?;
    Ok(Account {
        login: row.get(0)?,
        person_id: row.get(1)?,
        // Roles are validated before they are written; an unreadable list grants nothing.
        roles: roles.parse().unwrap_or_else(|_| Roles::new([])),
        must_change_passphrase: row.get(3)?,
        disabled: row.get(4)?,
        created_at: row.get(5)?,
    })
}

const ACCOUNT_COLUMNS: &str =
    "login, person_id, roles, must_change_passphrase, disabled, created_at";

impl Db<'_> {
    pub fn account(&self, login: &str) -> Result<Option<Account>> {
        Ok(self
            .0
            .query_row(
                &format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE login = ?1"),
                [login],
                account_from,
            )
            .optional()?)
    }

    /// Whether `login` prefers the screen-reader mode (false for no such account).
    pub fn screen_reader_preference(&self, login: &str) -> Result<bool> {
        Ok(self
            .0
            .query_row(
                "SELECT screen_reader FROM accounts WHERE login = ?1",
                [login],
                |row| row.get::<_, Option<i64>>(0),
            )
            .optional()?
            .flatten()
            .is_some_and(|on| on != 0))
    }

    /// Records `login`'s preference (NULL when off, as before the column existed).
    pub fn set_screen_reader_preference(&self, login: &str, on: bool) -> Result<()> {
        self.0.execute(
            "UPDATE accounts SET screen_reader = ?2 WHERE login = ?1",
            rusqlite::params![login, on.then_some(1_i64)],
        )?;
        Ok(())
    }

    pub fn accounts(&self) -> Result<Vec<Account>> {
        let mut stmt = self.0.prepare_cached(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY login"
        ))?;
        let rows = stmt.query_map([], account_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn insert_account(&self, account: &Account) -> Result<()> {
        self.0.execute(
            "INSERT INTO accounts (login, person_id, roles, must_change_passphrase, disabled, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                account.login,
                account.person_id,
                account.roles.to_string(),
                account.must_change_passphrase,
                account.disabled,
                account.created_at
            ],
        )?;
        Ok(())
    }

    pub fn set_must_change_passphrase(&self, login: &str, must: bool) -> Result<()> {
        self.0.execute(
            "UPDATE accounts SET must_change_passphrase = ?2 WHERE login = ?1",
            params![login, must],
        )?;
        Ok(())
    }

    pub(crate) fn set_account_roles(&self, login: &str, roles: &Roles) -> Result<()> {
        self.0.execute(
            "UPDATE accounts SET roles = ?2 WHERE login = ?1",
            params![login, roles.to_string()],
        )?;
        Ok(())
    }

    pub fn set_account_disabled(&self, login: &str, disabled: bool) -> Result<()> {
        self.0.execute(
            "UPDATE accounts SET disabled = ?2 WHERE login = ?1",
            params![login, disabled],
        )?;
        Ok(())
    }

    /// Records an account's new public keys and retires the ones before.
    pub fn record_account_keys(
        &self,
        login: &str,
        public: &AccountPublic,
        now: &str,
    ) -> Result<()> {
        self.retire_account_keys(login, now)?;
        self.0.execute(
            "INSERT INTO account_keys (login, x25519_public, ed25519_public, created_at)
             VALUES (?1, ?2, ?3, ?4)",
            params![login, public.x25519, public.ed25519, now],
        )?;
        Ok(())
    }

    pub fn retire_account_keys(&self, login: &str, now: &str) -> Result<()> {
        self.0.execute(
            "UPDATE account_keys SET retired_at = ?2 WHERE login = ?1 AND retired_at IS NULL",
            params![login, now],
        )?;
        Ok(())
    }

    /// The key pair recorded for `login` and not retired, if any.
    pub fn current_account_keys(&self, login: &str) -> Result<Option<AccountPublic>> {
        Ok(self
            .0
            .query_row(
                "SELECT x25519_public, ed25519_public FROM account_keys
                 WHERE login = ?1 AND retired_at IS NULL ORDER BY rowid DESC LIMIT 1",
                params![login],
                |r| {
                    Ok(AccountPublic {
                        x25519: r.get(0)?,
                        ed25519: r.get(1)?,
                    })
                },
            )
            .optional()?)
    }

    /// Every row of `account_keys` as (id, login, keys, retired), for `audit verify` to
    /// check against the keys the chain gave each account.
    pub fn account_key_rows(&self) -> Result<Vec<(i64, String, AccountPublic, bool)>> {
        let mut stmt = self.0.prepare_cached(
            "SELECT id, login, x25519_public, ed25519_public, retired_at IS NOT NULL
             FROM account_keys ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                AccountPublic {
                    x25519: r.get(2)?,
                    ed25519: r.get(3)?,
                },
                r.get(4)?,
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
