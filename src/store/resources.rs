//! Queries over `resources`, the catalog kept in the vault.

use rusqlite::{OptionalExtension, Row, params};

use super::{Db, Result};
use crate::domain::resources::Resource;

const RESOURCE_COLUMNS: &str =
    "id, name, kind, contact, hours, confidentiality, description, helps_with, crisis, retired";

fn resource_from(row: &Row<'_>) -> rusqlite::Result<Resource> {
    let helps_with: String = row.get(7)?;
    Ok(Resource {
        id: row.get(0)?,
        name: row.get(1)?,
        kind: row.get(2)?,
        contact: row.get(3)?,
        hours: row.get(4)?,
        confidentiality: row.get(5)?,
        description: row.get(6)?,
        helps_with: helps_with
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        crisis: row.get(8)?,
        retired: row.get(9)?,
    })
}

impl Db<'_> {
    /// The whole catalog, retired entries included, crisis lines first, then by name.
    pub fn resources(&self) -> Result<Vec<Resource>> {
        let mut stmt = self.0.prepare_cached(&format!(
            "SELECT {RESOURCE_COLUMNS} FROM resources ORDER BY crisis DESC, name COLLATE NOCASE"
        ))?;
        let rows = stmt.query_map([], resource_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn resource(&self, id: &str) -> Result<Option<Resource>> {
        Ok(self
            .0
            .query_row(
                &format!("SELECT {RESOURCE_COLUMNS} FROM resources WHERE id = ?1"),
                [id],
                resource_from,
            )
            .optional()?)
    }

    /// Inserts or replaces a resource by id.
    pub fn put_resource(&self, r: &Resource, now: &str) -> Result<()> {
        self.0.execute(
            "INSERT INTO resources (id, name, kind, contact, hours, confidentiality, description,
                 helps_with, crisis, retired, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
                 contact = excluded.contact, hours = excluded.hours,
                 confidentiality = excluded.confidentiality, description = excluded.description,
                 helps_with = excluded.helps_with, crisis = excluded.crisis,
                 retired = excluded.retired, updated_at = excluded.updated_at",
            params![
                r.id,
                r.name,
                r.kind,
                r.contact,
                r.hours,
                r.confidentiality,
                r.description,
                r.helps_with.join(","),
                r.crisis,
                r.retired,
                now
            ],
        )?;
        Ok(())
    }
}
