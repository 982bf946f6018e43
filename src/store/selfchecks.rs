//! Queries over `self_checks` (sealed blobs with their owner, date and shared flag) and
//! `anon_contributions`. Never sees a self-check's content: sealing and opening are the desk's.

use rand::Rng;
use rusqlite::{OptionalExtension, Row, params};

use super::{Db, Error, Result};

/// One stored self-check as the database holds it: who, when, whether shared, and the seal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelfCheckRow {
    pub id: i64,
    pub owner: String,
    pub taken_on: String,
    pub shared: bool,
    pub sealed: Vec<u8>,
    pub created_at: String,
}

fn row_from(row: &Row<'_>) -> rusqlite::Result<SelfCheckRow> {
    Ok(SelfCheckRow {
        id: row.get(0)?,
        owner: row.get(1)?,
        taken_on: row.get(2)?,
        shared: row.get(3)?,
        sealed: row.get(4)?,
        created_at: row.get(5)?,
    })
}

const SELF_CHECK_COLUMNS: &str = "id, owner, taken_on, shared, sealed, created_at";

/// How many random ids to try before giving up; a collision among 2^63 ids is already
/// so unlikely that a second attempt should never be needed.
const RANDOM_ID_ATTEMPTS: usize = 8;

impl Db<'_> {
    /// Adds a row with an empty seal and returns its id. The caller seals content that
    /// names this id and stores it with [`Db::set_self_check_seal`] in the same transaction.
    pub fn insert_self_check(
        &self,
        owner: &str,
        taken_on: &str,
        shared: bool,
        created_at: &str,
    ) -> Result<i64> {
        self.0.execute(
            "INSERT INTO self_checks (owner, taken_on, shared, sealed, created_at)
             VALUES (?1, ?2, ?3, zeroblob(0), ?4)",
            params![owner, taken_on, shared, created_at],
        )?;
        Ok(self.0.last_insert_rowid())
    }

    /// Replaces a self-check's seal and shared flag (taking, sharing, withdrawing a share).
    pub fn set_self_check_seal(&self, id: i64, sealed: &[u8], shared: bool) -> Result<bool> {
        let changed = self.0.execute(
            "UPDATE self_checks SET sealed = ?2, shared = ?3 WHERE id = ?1",
            params![id, sealed, shared],
        )?;
        Ok(changed == 1)
    }

    pub fn self_check(&self, id: i64) -> Result<Option<SelfCheckRow>> {
        Ok(self
            .0
            .query_row(
                &format!("SELECT {SELF_CHECK_COLUMNS} FROM self_checks WHERE id = ?1"),
                [id],
                row_from,
            )
            .optional()?)
    }

    /// One owner's self-checks, newest first.
    pub fn self_checks_owned_by(&self, owner: &str) -> Result<Vec<SelfCheckRow>> {
        let mut stmt = self.0.prepare_cached(&format!(
            "SELECT {SELF_CHECK_COLUMNS} FROM self_checks WHERE owner = ?1
             ORDER BY taken_on DESC, id DESC"
        ))?;
        let rows = stmt.query_map([owner], row_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every self-check whose owner shared it, newest first.
    pub fn shared_self_checks(&self) -> Result<Vec<SelfCheckRow>> {
        let mut stmt = self.0.prepare_cached(&format!(
            "SELECT {SELF_CHECK_COLUMNS} FROM self_checks WHERE shared = 1
             ORDER BY taken_on DESC, id DESC"
        ))?;
        let rows = stmt.query_map([], row_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Removes a self-check; false if there was none with this id.
    pub fn delete_self_check(&self, id: i64) -> Result<bool> {
        // With secure_delete the freed page space is overwritten with zeros, so the
        // ciphertext does not linger in the file for someone holding an old key to recover.
        self.0.pragma_update(None, "secure_delete", true)?;
        let changed = self
            .0
            .execute("DELETE FROM self_checks WHERE id = ?1", [id])?;
        Ok(changed == 1)
    }

    /// The current X25519 (age) public key of every account that is not disabled, as
    /// (login, `age1…`). Which of them may receive a seal is the caller's decision.
    pub fn current_sealing_keys(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self.0.prepare_cached(
            "SELECT k.login, k.x25519_public
             FROM account_keys k JOIN accounts a ON a.login = k.login
             WHERE k.retired_at IS NULL AND a.disabled = 0
             ORDER BY k.login, k.id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every Ed25519 public key (hex) `login` holds or ever held, current and retired: a
    /// self-check signed before a key change must still verify against the key of its day.
    pub fn signing_keys_ever_held(&self, login: &str) -> Result<Vec<String>> {
        let mut stmt = self.0.prepare_cached(
            "SELECT ed25519_public FROM account_keys WHERE login = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([login], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Adds one anonymous (unit, month, instrument, band) count.
    ///
    /// The id is random, not the next integer: with an incrementing id, a contribution's
    /// position would match the order self-checks were taken, and `self_checks` (owner,
    /// date) or the audit log would then say whose band it is. A random id also scatters
    /// the rows through the table's b-tree, so the physical order says nothing either.
    pub fn insert_anon_contribution(
        &self,
        unit: &str,
        month: &str,
        instrument: &str,
        band: &str,
    ) -> Result<()> {
        let mut rng = rand::rngs::OsRng;
        for _ in 0..RANDOM_ID_ATTEMPTS {
            let id: i64 = rng.gen_range(1..=i64::MAX);
            let inserted = self.0.execute(
                "INSERT INTO anon_contributions (id, unit, month, instrument, band)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(id) DO NOTHING",
                params![id, unit, month, instrument, band],
            )?;
            if inserted == 1 {
                return Ok(());
            }
        }
        Err(Error::Sql(
            "could not find a free random id for an anonymous contribution".into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::super::Store;
    use crate::domain::Account;
    use crate::vault::{AccountSecrets, MasterKey};

    fn account(login: &str) -> Account {
        Account {
            login: login.into(),
            person_id: None,
            roles: "employee".parse().unwrap(),
            must_change_passphrase: false,
            disabled: false,
            created_at: "2026-01-01T00:00:00Z".into(),
        }
    }

    #[test]
    fn signing_keys_ever_held_lists_retired_keys_and_no_one_elses() {
        let dir = tempfile::tempdir().unwrap();
        let store =
            Store::create(&dir.path().join("steady.db"), &MasterKey::random(), "v").unwrap();
        let (first, second, other) = (
            AccountSecrets::generate().public(),
            AccountSecrets::generate().public(),
            AccountSecrets::generate().public(),
        );
        store
            .write_unaudited(|db| {
                db.insert_account(&account("ana"))?;
                db.insert_account(&account("ben"))?;
                db.record_account_keys("ana", &first, "2026-01-01T00:00:00Z")?;
                db.record_account_keys("ben", &other, "2026-01-01T00:00:00Z")?;
                // A key change retires the first key; it was still held when it signed.
                db.record_account_keys("ana", &second, "2026-02-01T00:00:00Z")
            })
            .unwrap();
        let db = store.db();
        assert_eq!(
            db.signing_keys_ever_held("ana").unwrap(),
            [first.ed25519, second.ed25519]
        );
        assert_eq!(db.signing_keys_ever_held("ben").unwrap(), [other.ed25519]);
        assert!(db.signing_keys_ever_held("cora").unwrap().is_empty());
    }
}
