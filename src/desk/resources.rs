//! The resource catalog in the vault: reading it, and coordinators keeping it current.

use super::{Error, Result, Session};
use crate::domain::resources::{self, Resource};
use crate::domain::stressors::StressorCatalog;
use crate::domain::text::sanitize;
use crate::policy::Action;
use crate::store::Db;

impl Session {
    /// The catalog, crisis lines first; retired entries only if asked for.
    pub fn resources(&self, include_retired: bool) -> Result<Vec<Resource>> {
        self.require_vault_wide(Action::ViewResources, "the resource catalog")?;
        let mut all = self.store.db().resources()?;
        all.retain(|r| include_retired || !r.retired);
        Ok(all)
    }

    /// The crisis lines in this vault's catalog, for the help-now screen. Reading them
    /// is never audited or recorded: no one can learn that someone looked.
    pub fn crisis_resources(&self) -> Result<Vec<Resource>> {
        let mut all = self.store.db().resources()?;
        all.retain(|r| r.crisis && !r.retired);
        Ok(all)
    }

    /// Adds a resource, or replaces one with the same id (an edit).
    pub fn put_resource(&mut self, resource: &Resource) -> Result<bool> {
        self.require_vault_wide(Action::ManageResources, "changing the resource catalog")?;
        resource
            .validate(&StressorCatalog::builtin())
            .map_err(Error::Invalid)?;
        let existed = self.store.db().resource(&resource.id)?.is_some();
        let now = self.clock.stamp();
        self.write(|db| {
            db.put_resource(resource, &now)?;
            self.audit(
                db,
                if existed {
                    "resource.edit"
                } else {
                    "resource.add"
                },
                &resource.id,
                &resource.name,
            )
        })?;
        Ok(existed)
    }

    /// Adds a resource under a new id; an id already in the catalog (even retired) is refused.
    pub fn add_resource(&mut self, resource: &Resource) -> Result<()> {
        self.require_vault_wide(Action::ManageResources, "changing the resource catalog")?;
        if self.store.db().resource(&resource.id)?.is_some() {
            return Err(Error::Invalid(format!(
                "the catalog already has {}; change it with `steady resources edit`",
                sanitize(&resource.id)
            )));
        }
        self.put_resource(resource).map(|_| ())
    }

    pub fn resource(&self, id: &str) -> Result<Resource> {
        self.require_vault_wide(Action::ViewResources, "the resource catalog")?;
        self.store
            .db()
            .resource(id)?
            .ok_or_else(|| Error::NotFound(format!("no resource {}", sanitize(id))))
    }

    /// Retires a resource: kept for the referrals that name it, never suggested again.
    pub fn retire_resource(&mut self, id: &str) -> Result<Resource> {
        self.set_retired(id, true)
    }

    /// Brings a retired resource back: suggested again and open to new referrals.
    pub fn restore_resource(&mut self, id: &str) -> Result<Resource> {
        self.set_retired(id, false)
    }

    /// Retires or restores a resource; returns it as it now stands.
    fn set_retired(&mut self, id: &str, retired: bool) -> Result<Resource> {
        self.require_vault_wide(Action::ManageResources, "changing the resource catalog")?;
        let mut resource = self.resource(id)?;
        if resource.retired == retired {
            return Err(Error::Invalid(if retired {
                format!("{} is already retired", sanitize(id))
            } else {
                format!("{} is not retired; nothing to restore", sanitize(id))
            }));
        }
        resource.retired = retired;
        let action = if retired {
            "resource.retire"
        } else {
            "resource.restore"
        };
        let now = self.clock.stamp();
        self.write(|db| {
            db.put_resource(&resource, &now)?;
            self.audit(db, action, id, &resource.name)
        })?;
        Ok(resource)
    }
}

/// Fills the catalog of a new vault from `assets/resources.toml`.
pub(super) fn seed_catalog(session: &Session, db: &Db<'_>) -> Result<()> {
    let seed = resources::seed().map_err(Error::Invalid)?;
    let now = session.clock.stamp();
    for resource in &seed {
        db.put_resource(resource, &now)?;
    }
    session.audit(
        db,
        "resource.seed",
        "catalog",
        &format!("{} resources", seed.len()),
    )
}
