//! Checking the live rows against what the chain recorded, and the account tables against
//! what the chain says of each account.

use super::*;

/// Compares one live row with the hash its last entry recorded, and checks that entry was
/// written by the account the row belongs to (where it belongs to one), or by an admin's
/// maintenance.
pub(super) fn check_row(
    table: &AuditedTable,
    k1: &KeyValue,
    k2: &KeyValue,
    live: Option<&LiveRow>,
    recorded: Option<&Record>,
    writers: &Writers,
    accounts: &ChainAccounts,
) -> Option<String> {
    let what = table.describe(k1, k2);
    match (live, recorded) {
        (Some(_), None) => Some(format!(
            "{what} has no audit entry: it was written outside steady"
        )),
        (None, Some(r)) if !r.hash.is_empty() => Some(format!(
            "{what} was deleted outside steady (entry {} recorded it)",
            r.seq
        )),
        (Some(_), Some(r)) if r.hash.is_empty() => Some(format!(
            "{what} was written outside steady after entry {} deleted it",
            r.seq
        )),
        (Some(row), Some(r)) if r.hash != row.hash => Some(format!(
            "{what} was changed outside steady: it differs from what entry {} recorded",
            r.seq
        )),
        (Some(row), Some(r)) => {
            let (owner, column) = (row.writer.as_deref()?, table.writer?);
            let (actor, maintenance) = writers.of(r.seq)?;
            let by_admin = maintenance
                && accounts
                    .accounts
                    .get(actor)
                    .is_some_and(ChainAccount::is_admin);
            (actor != owner && !by_admin).then(|| {
                format!(
                    "{what}: entry {} that wrote it was signed by {actor}, not by its {column} {}",
                    r.seq,
                    crate::domain::text::sanitize(owner)
                )
            })
        }
        _ => None,
    }
}

/// The `accounts` and `account_keys` tables must say what the chain says.
pub(super) fn check_account_cache(db: &Db<'_>, chain: &ChainAccounts) -> Result<()> {
    let tampered = |what: String| Err(Error::RecordTampered(what));
    let rows = db.accounts()?;
    for row in &rows {
        let Some(known) = chain.accounts.get(&row.login) else {
            return tampered(format!(
                "accounts {}: the audit log never enrolled this account",
                row.login
            ));
        };
        let mut differs = Vec::new();
        let logged_roles = known
            .roles
            .parse::<Roles>()
            .map_or_else(|_| known.roles.clone(), |r| r.to_string());
        if row.roles.to_string() != logged_roles {
            differs.push(format!(
                "roles {} where the log says {logged_roles}",
                row.roles
            ));
        }
        if row.person_id != known.person {
            differs.push("another person than the log says".to_string());
        }
        if row.disabled != known.disabled {
            differs.push(if row.disabled {
                "disabled where the log says active".to_string()
            } else {
                "active where the log says disabled".to_string()
            });
        }
        if row.must_change_passphrase != known.must_change {
            differs.push("a passphrase change owed other than the log says".to_string());
        }
        if !differs.is_empty() {
            return tampered(format!("accounts {}: {}", row.login, differs.join("; ")));
        }
    }
    if let Some(missing) = chain
        .accounts
        .keys()
        .find(|login| !rows.iter().any(|r| &r.login == *login))
    {
        return tampered(format!(
            "accounts {missing}: enrolled in the audit log but missing from the table"
        ));
    }
    let mut current: HashMap<String, AccountPublic> = HashMap::new();
    for (id, login, keys, retired) in db.account_key_rows()? {
        let Some(known) = chain.accounts.get(&login) else {
            return tampered(format!(
                "account_keys {id}: keys for {login}, whom the audit log never enrolled"
            ));
        };
        if !known.held.contains(&keys) {
            return tampered(format!(
                "account_keys {id}: a key the audit log never gave {login}"
            ));
        }
        if !retired {
            if known.current.as_ref() != Some(&keys) {
                return tampered(format!(
                    "account_keys {id}: listed as {login}'s current key, which the audit log says it is not"
                ));
            }
            current.insert(login, keys);
        }
    }
    if let Some((login, _)) = chain
        .accounts
        .iter()
        .find(|(login, a)| a.current.is_some() && !current.contains_key(*login))
    {
        return tampered(format!(
            "account_keys: {login}'s current key is missing from the table"
        ));
    }
    Ok(())
}
