//! Reads that exist to be timed: the least work a full rules run or a `verify --since`
//! must do, against which the benchmark measures them. Admins only; nothing is changed.

use super::{AuditCheckpoint, Result, Session};
use crate::policy::Action;
use crate::store::SourcedCheckin;
use crate::store::records::{AuditedTable, ChainItem};

impl Session {
    /// One pass over every check-in and its stressor flags, as the rules read them:
    /// (check-ins, flags).
    pub fn read_every_checkin(&self) -> Result<(usize, usize)> {
        let (mut checkins, mut flags) = (0, 0);
        self.for_each_checkin_fact(|_, checkin| {
            checkins += 1;
            flags += checkin.facts.stressors.len();
        })?;
        Ok((checkins, flags))
    }

    /// Every check-in's facts, as the rules read them, handed to `visit` with the person
    /// they are about (for the benchmark to write a day's activity again).
    pub fn for_each_checkin_fact(&self, visit: impl FnMut(&str, SourcedCheckin)) -> Result<()> {
        self.require_vault_wide(Action::ViewAudit, "reading every check-in")?;
        Ok(self.store.db().scan_checkin_facts(None, visit)?)
    }

    /// Reads the audit entries after `checkpoint` and every row they name, checking
    /// nothing: the floor under `verify_audit_since`. Returns how many rows it read.
    pub fn read_audit_since(&self, checkpoint: &AuditCheckpoint) -> Result<usize> {
        self.require_vault_wide(Action::ViewAudit, "reading the audit log")?;
        let db = self.store.db();
        let mut named = Vec::new();
        db.walk_chain(checkpoint.seq, |item| {
            if let ChainItem::Entry(_, records) = item {
                named.extend(records);
            }
            true
        })?;
        let mut read = 0;
        for r in &named {
            if let Some(table) = AuditedTable::by_code(r.tbl) {
                read += usize::from(db.live_row_hash(table, &r.k1, &r.k2)?.is_some());
            }
        }
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{AuditCheckpoint, LockedVault, Unlock, VaultPaths, init_vault};
    use crate::domain::{Person, Role, Roles};
    use crate::vault::{KdfParams, Passphrase};

    #[test]
    fn the_reads_made_to_be_timed_are_refused_to_anyone_but_an_admin() {
        let dir = tempfile::tempdir().unwrap();
        let paths = VaultPaths::for_db(&dir.path().join("vault").join("steady.db"));
        let mut admin = init_vault(
            &paths,
            "admin",
            &Passphrase::new("admin passphrase 1"),
            KdfParams::FLOOR,
            "Test vault",
            false,
        )
        .unwrap();
        let person = Person {
            employee_id: "E1".into(),
            name: "Vantongeren, Mara".into(),
            unit: "Harbor".into(),
            supervisor_id: None,
            active: true,
        };
        admin.add_person(&person).unwrap();
        admin
            .add_account_with(
                "sup",
                Roles::new([Role::Supervisor, Role::Coordinator, Role::Employee]),
                Some("E1"),
                Some(Passphrase::new("supervisor passphrase")),
            )
            .unwrap();
        let checkpoint = AuditCheckpoint {
            seq: 1,
            hash: String::new(),
        };
        assert!(admin.read_every_checkin().is_ok());
        assert!(admin.read_audit_since(&checkpoint).is_ok());
        drop(admin);

        let Unlock::Ready(other, _) = LockedVault::open(&paths)
            .unwrap()
            .unlock("sup", &Passphrase::new("supervisor passphrase"))
            .unwrap()
        else {
            panic!("sup must change their passphrase");
        };
        for refused in [
            other.read_every_checkin().map(|_| ()),
            other.for_each_checkin_fact(|_, _| {}),
            other.read_audit_since(&checkpoint).map(|_| ()),
        ] {
            assert!(
                matches!(refused, Err(super::super::Error::Denied(_))),
                "{refused:?}"
            );
        }
    }
}
