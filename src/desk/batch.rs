//! The batch runs' trace for admins: when the rules last ran, and a failed timer run,
//! recorded by the timer's failure handler in a marker beside the vault (no passphrase).

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Result, Session, VaultPaths};
use crate::policy::{self, Action};

/// The marker a failed daily rules run leaves beside the vault (same stem, `.rules-failed`).
pub fn rules_failure_path(db: &Path) -> PathBuf {
    db.with_extension("rules-failed")
}

/// What the failure handler recorded: when, and which systemd unit failed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesFailure {
    pub at: DateTime<Utc>,
    pub unit: String,
}

/// Records that the daily rules run failed (the timer's `OnFailure=` handler calls this,
/// as the service user, with no passphrase: it writes nothing in the vault itself). Strict
/// modes are checked first, as for every command.
pub fn record_rules_failure(paths: &VaultPaths, unit: &str, at: DateTime<Utc>) -> Result<()> {
    super::strict::check_strict_modes(paths)?;
    let unit: String = unit
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '@'))
        .take(100)
        .collect();
    let body = serde_json::to_vec(&RulesFailure { at, unit })
        .map_err(|e| super::Error::Invalid(e.to_string()))?;
    let path = rules_failure_path(&paths.db);
    crate::vault::write_atomically(&path, &body)
        .map_err(|source| super::Error::Store(crate::store::Error::Io { path, source }))
}

/// The recorded failure, if any (an unreadable marker still says a run failed).
fn recorded_failure(paths: &VaultPaths) -> Option<RulesFailure> {
    let bytes = std::fs::read(rules_failure_path(&paths.db)).ok()?;
    Some(serde_json::from_slice(&bytes).unwrap_or(RulesFailure {
        at: DateTime::<Utc>::MIN_UTC,
        unit: "steady-rules.service".into(),
    }))
}

impl Session {
    /// A failed daily rules run not yet followed by a good one; admins only.
    pub fn rules_failure(&self) -> Option<RulesFailure> {
        policy::permits_vault_wide(&self.account.roles, Action::ViewAudit)
            .then(|| recorded_failure(&self.paths))
            .flatten()
    }

    /// After a rules run that succeeded: the failure marker, if any, has served its turn.
    pub fn clear_rules_failure(&self) {
        // Gone already is as good as removed.
        let _ = std::fs::remove_file(rules_failure_path(&self.paths.db));
    }
}
