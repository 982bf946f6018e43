//! Vault settings (`steady config`): read by any account, changed by admins only, each
//! change audited. Stored in the database's `meta` table; this module owns their meaning.

use serde::Serialize;

use super::{Error, Result, Session};
use crate::domain::text::sanitize;
use crate::policy::{self, Action};
use crate::report::MinGroup;
use crate::report::suppress::{DEFAULT_MIN_GROUP, LOWEST_MIN_GROUP};

/// The smallest group a report figure may describe in this vault; `--k` may only raise it.
pub const REPORT_MIN_K: &str = "report.min_k";

/// Minutes without a key before the full-screen app locks, for every account.
pub const LOCK_MINUTES: &str = "app.lock_minutes";

/// The idle lock's default, and the range a setting may take: at least a minute (the app
/// always locks), at most an hour (a longer wait leaves a signed-in screen unattended).
pub const DEFAULT_LOCK_MINUTES: u32 = 15;
const LOCK_MINUTES_RANGE: std::ops::RangeInclusive<u32> = 1..=60;

/// Every setting, in the order `config list` shows them.
const SETTINGS: &[&str] = &[REPORT_MIN_K, LOCK_MINUTES];

/// One setting as `config get` and `config list` show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SettingView {
    pub key: String,
    pub value: String,
    pub default: String,
    /// Whether it was set (false: the default applies).
    pub set: bool,
    pub meaning: String,
}

/// What `config set` changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SettingChange {
    pub key: String,
    pub from: String,
    pub to: String,
    /// False when the setting already had that value (nothing was written).
    pub changed: bool,
}

fn unknown(key: &str) -> Error {
    Error::NotFound(format!(
        "no setting called {:?}; the settings are: {}",
        sanitize(key),
        SETTINGS.join(", ")
    ))
}

/// The stored text of `report.min_k` as a k. Anything unreadable or below the lowest k
/// (only a hand-edited database holds that) counts as the default, never as smaller.
fn min_k_from(stored: Option<&str>) -> MinGroup {
    stored
        .and_then(|text| text.trim().parse::<u64>().ok())
        .and_then(|k| MinGroup::new(k).ok())
        .unwrap_or_default()
}

/// The stored idle-lock minutes; anything unreadable or out of range (only a hand-edited
/// database holds that) counts as the default.
fn lock_minutes_from(stored: Option<&str>) -> u32 {
    stored
        .and_then(|text| text.trim().parse::<u32>().ok())
        .filter(|m| LOCK_MINUTES_RANGE.contains(m))
        .unwrap_or(DEFAULT_LOCK_MINUTES)
}

impl Session {
    /// Minutes without input before the app locks, as the vault's admins set it (any
    /// account reads it: it decides when its own screen locks).
    pub fn lock_minutes(&self) -> Result<u32> {
        Ok(lock_minutes_from(
            self.store.db().meta(LOCK_MINUTES)?.as_deref(),
        ))
    }

    /// The vault's minimum k for reports: what an admin set, else 5.
    pub fn report_min_k(&self) -> Result<MinGroup> {
        Ok(min_k_from(self.store.db().meta(REPORT_MIN_K)?.as_deref()))
    }

    /// One setting, with its default and what it means.
    pub fn setting(&self, key: &str) -> Result<SettingView> {
        match key {
            REPORT_MIN_K => {
                let stored = self.store.db().meta(REPORT_MIN_K)?;
                Ok(SettingView {
                    key: REPORT_MIN_K.into(),
                    value: min_k_from(stored.as_deref()).get().to_string(),
                    default: DEFAULT_MIN_GROUP.to_string(),
                    set: stored.is_some(),
                    meaning: format!(
                        "the fewest distinct people a report figure may be drawn from (never below {LOWEST_MIN_GROUP}); `report engagement --k` may only raise it"
                    ),
                })
            }
            LOCK_MINUTES => {
                let stored = self.store.db().meta(LOCK_MINUTES)?;
                Ok(SettingView {
                    key: LOCK_MINUTES.into(),
                    value: lock_minutes_from(stored.as_deref()).to_string(),
                    default: DEFAULT_LOCK_MINUTES.to_string(),
                    set: stored.is_some(),
                    meaning: format!(
                        "minutes without a key before the app locks and asks for the passphrase again, for every account from its next login ({} to {}); a shorter `--lock-minutes` still applies",
                        LOCK_MINUTES_RANGE.start(),
                        LOCK_MINUTES_RANGE.end()
                    ),
                })
            }
            other => Err(unknown(other)),
        }
    }

    /// Every setting.
    pub fn settings(&self) -> Result<Vec<SettingView>> {
        SETTINGS.iter().map(|key| self.setting(key)).collect()
    }

    /// Changes a setting (admins only), in one transaction with its audit entry.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<SettingChange> {
        if !policy::permits_vault_wide(&self.account.roles, Action::ConfigureVault) {
            return Err(Error::Denied(format!(
                "vault settings are changed by admins; {} has {}",
                self.account.login, self.account.roles
            )));
        }
        let to = match key {
            REPORT_MIN_K => {
                let k = value.trim().parse::<u64>().map_err(|_| {
                    Error::Invalid(format!(
                        "{REPORT_MIN_K} is a whole number of people, not {:?}",
                        sanitize(value)
                    ))
                })?;
                MinGroup::new(k).map_err(Error::Invalid)?.get().to_string()
            }
            LOCK_MINUTES => {
                let minutes = value
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|m| LOCK_MINUTES_RANGE.contains(m));
                match minutes {
                    Some(m) => m.to_string(),
                    None => {
                        return Err(Error::Invalid(format!(
                            "{LOCK_MINUTES} is a whole number of minutes from {} to {}, not {:?}",
                            LOCK_MINUTES_RANGE.start(),
                            LOCK_MINUTES_RANGE.end(),
                            sanitize(value)
                        )));
                    }
                }
            }
            other => return Err(unknown(other)),
        };
        let from = self.setting(key)?.value;
        if from == to && self.store.db().meta(key)?.is_some() {
            return Ok(SettingChange {
                key: key.into(),
                from,
                to,
                changed: false,
            });
        }
        self.write(|db| {
            db.set_meta(key, &to)?;
            self.audit(db, "config.set", key, &format!("{key} {from} → {to}"))
        })?;
        Ok(SettingChange {
            key: key.into(),
            from,
            to,
            changed: true,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_min_k_is_read_but_never_below_three() {
        assert_eq!(min_k_from(None).get(), 5);
        assert_eq!(min_k_from(Some("7")).get(), 7);
        assert_eq!(min_k_from(Some("3")).get(), 3);
        // A hand-edited value below the floor or unreadable falls back to the default.
        assert_eq!(min_k_from(Some("2")).get(), 5);
        assert_eq!(min_k_from(Some("1; DROP")).get(), 5);
        assert_eq!(min_k_from(Some("")).get(), 5);
    }

    #[test]
    fn stored_lock_minutes_outside_the_range_count_as_the_default() {
        assert_eq!(lock_minutes_from(None), 15);
        assert_eq!(lock_minutes_from(Some("5")), 5);
        assert_eq!(lock_minutes_from(Some("60")), 60);
        assert_eq!(lock_minutes_from(Some("0")), 15);
        assert_eq!(lock_minutes_from(Some("61")), 15);
        assert_eq!(lock_minutes_from(Some("x")), 15);
    }
}
