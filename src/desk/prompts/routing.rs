//! Where a chain prompt goes: up the chain of command from its person to the nearest
//! supervisor with an account, and the next one above (for escalation). Reads the roster
//! only; who may see a prompt is policy's, decided in mod.rs.

use std::collections::HashMap;

use crate::desk::Result;
use crate::domain::{Person, Role};
use crate::store::Db;

/// Who in the chain a prompt about a person goes to: the nearest supervisor above with an
/// account, and the next one above that (for escalation). Persons and logins.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Route {
    pub(super) first: Option<(String, String)>,
    pub(super) next: Option<(String, String)>,
}

/// The chain of command as prompts are routed along it: who holds a supervisor account,
/// and each person's supervisor, each read once however many prompts ask.
pub(super) struct Chain {
    /// Supervisors' accounts by the person they are: who a chain prompt can reach.
    supervisors: HashMap<String, String>,
    /// Each person's supervisor, as read so far.
    above: HashMap<String, Option<String>>,
}

impl Chain {
    pub(super) fn read(db: &Db<'_>) -> Result<Self> {
        let supervisors = db
            .accounts()?
            .into_iter()
            .filter(|a| !a.disabled && a.roles.contains(Role::Supervisor))
            .filter_map(|a| a.person_id.map(|p| (p, a.login)))
            .collect();
        Ok(Self {
            supervisors,
            above: HashMap::new(),
        })
    }

    /// Takes each person's supervisor as already read (with the prompts about them).
    pub(super) fn know<'a>(&mut self, people: impl Iterator<Item = &'a Person>) {
        for p in people {
            self.above
                .insert(p.employee_id.clone(), p.supervisor_id.clone());
        }
    }

    fn supervisor_of(&mut self, db: &Db<'_>, person: &str) -> Result<Option<String>> {
        if let Some(known) = self.above.get(person) {
            return Ok(known.clone());
        }
        let supervisor = db.person(person)?.and_then(|p| p.supervisor_id);
        self.above.insert(person.to_string(), supervisor.clone());
        Ok(supervisor)
    }

    /// The route of a chain prompt about `employee_id`. Everyone on it is above the person.
    pub(super) fn route(&mut self, db: &Db<'_>, employee_id: &str) -> Result<Route> {
        let mut route = Route::default();
        let mut above = self.supervisor_of(db, employee_id)?;
        let mut steps = 0;
        while let Some(person) = above {
            if let Some(login) = self.supervisors.get(&person) {
                let stop = route.first.is_some();
                let found = Some((person.clone(), login.clone()));
                if stop {
                    route.next = found;
                    break;
                }
                route.first = found;
            }
            // The roster refuses loops; the bound only guards against a damaged file.
            steps += 1;
            if steps > 10_000 {
                break;
            }
            above = self.supervisor_of(db, &person)?;
        }
        Ok(route)
    }
}
