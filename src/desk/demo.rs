//! The demo vault: a synthetic roster and one account per role, with passphrases that are
//! printed for anyone to try. The keyring marks it as a demo, and every screen says so.

use serde::Serialize;

use super::{GenerateSpec, Progress, Result, Session, VaultPaths, init_vault};
use crate::domain::roster::RosterRow;
use crate::domain::synthetic;
use crate::domain::{Role, Roles};
use crate::vault::{KdfParams, Passphrase};

/// One demo account, as printed for the person trying steady.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DemoLogin {
    pub login: &'static str,
    pub passphrase: &'static str,
    pub roles: &'static str,
    pub about: String,
}

pub(super) const DEMO_SEED: u64 = 2026;

/// The demo accounts. Their passphrases are public by design: this is not real data.
const ACCOUNTS: [(&str, &str, &str); 5] = [
    ("admin", "demo-admin-passphrase", "admin"),
    (
        "supervisor",
        "demo-supervisor-passphrase",
        "supervisor,employee",
    ),
    ("mentor", "demo-mentor-passphrase", "mentor,employee"),
    (
        "coordinator",
        "demo-coordinator-passphrase",
        "coordinator,employee",
    ),
    ("employee", "demo-employee-passphrase", "employee"),
];

/// Which roster people the demo accounts stand for.
struct Cast {
    supervisor: usize,
    mentor: usize,
    coordinator: usize,
    employee: usize,
    mentees: Vec<usize>,
}

fn cast(rows: &[RosterRow]) -> Cast {
    let n = rows.len();
    let depths = synthetic::depths(n);
    let mut reports = vec![0usize; n];
    for i in 0..n {
        if let Some(s) = synthetic::supervisor_index(i) {
            reports[s] += 1;
        }
    }
    let has_reports = |i: usize| reports[i] > 0;
    // How many levels of the chain lie below each person (supervisors come before their
    // reports, so one backward pass sees every report's height before its supervisor's).
    let mut levels_below = vec![0usize; n];
    for i in (0..n).rev() {
        if let Some(s) = synthetic::supervisor_index(i) {
            levels_below[s] = levels_below[s].max(levels_below[i] + 1);
        }
    }
    // A supervisor a couple of levels down leading a real team, several levels below them;
    // in a small roster, the one nearest that depth who still leads two levels or more.
    let leads_levels = |i: usize| levels_below[i] >= 2;
    let supervisor = (0..n)
        .find(|&i| depths[i] == 2 && leads_levels(i))
        .or_else(|| (0..n).find(|&i| depths[i] >= 1 && leads_levels(i)))
        .or_else(|| (0..n).find(|&i| has_reports(i)))
        .unwrap_or(0);
    let below = |i: usize| synthetic::is_below(i, supervisor);
    let employee = (0..n)
        .rev()
        .find(|&i| below(i) && !has_reports(i))
        .unwrap_or(n - 1);
    let mut leaves_elsewhere = (0..n)
        .rev()
        .filter(|&i| i != supervisor && !below(i) && !has_reports(i));
    let mentor = leaves_elsewhere.next().unwrap_or(n - 1);
    let coordinator = leaves_elsewhere.next().unwrap_or(n - 1);
    // Mentees from across the agency, including one in the supervisor's team.
    let mut mentees: Vec<usize> = leaves_elsewhere.step_by(7).take(4).collect();
    mentees.extend((0..n).find(|&i| below(i)));
    Cast {
        supervisor,
        mentor,
        coordinator,
        employee,
        mentees,
    }
}

/// Creates a demo vault of `people` synthetic people at `paths`, with `years` of synthetic
/// check-ins, referrals and anonymous bands up to today (none for 0), and prompts raised.
pub fn create_demo_vault(
    paths: &VaultPaths,
    people: usize,
    years: u32,
    kdf: KdfParams,
    progress: &mut dyn Progress,
) -> Result<Session> {
    let people = people.max(20);
    let admin = ACCOUNTS[0];
    let mut session = init_vault(
        paths,
        admin.0,
        &Passphrase::new(admin.1),
        kdf,
        "Demo vault",
        true,
    )?;
    let rows = synthetic::workforce(people, DEMO_SEED);
    session.import_roster_rows(&rows, false, progress)?;
    let cast = cast(&rows);
    let person_for = |login: &str| -> Option<&str> {
        let index = match login {
            "supervisor" => cast.supervisor,
            "mentor" => cast.mentor,
            "coordinator" => cast.coordinator,
            "employee" => cast.employee,
            _ => return None,
        };
        Some(rows[index].employee_id.as_str())
    };
    for (login, passphrase, roles) in ACCOUNTS.iter().skip(1) {
        let roles: Roles = roles.parse().map_err(super::Error::Invalid)?;
        session.add_account_with(
            login,
            roles,
            person_for(login),
            Some(Passphrase::new(*passphrase)),
        )?;
    }
    for &mentee in &cast.mentees {
        session.assign_mentor("mentor", &rows[mentee].employee_id)?;
    }
    if years > 0 {
        session.generate_activity(
            &GenerateSpec {
                seed: DEMO_SEED,
                years,
                end: session.clock.date(),
            },
            progress,
        )?;
    }
    Ok(session)
}

/// The demo logins, with who each one is in this vault.
pub fn demo_logins(session: &Session) -> Result<Vec<DemoLogin>> {
    let mut out = Vec::new();
    for (login, passphrase, roles) in ACCOUNTS {
        let about = match login {
            "admin" => "accounts, roster and audit; sees names and units, never notes".to_string(),
            _ => {
                let account = session.store.db().account(login)?;
                let person = match account.and_then(|a| a.person_id) {
                    Some(id) => session.store.db().person(&id)?,
                    None => None,
                };
                let role: Role = roles
                    .split(',')
                    .next()
                    .and_then(|r| r.parse().ok())
                    .unwrap_or(Role::Employee);
                match person {
                    Some(p) => format!("{} — {}, {} ({role})", p.employee_id, p.name, p.unit),
                    None => role.to_string(),
                }
            }
        };
        out.push(DemoLogin {
            login,
            passphrase,
            roles,
            about,
        });
    }
    Ok(out)
}

/// The demo admin's passphrase, to reopen an existing demo vault and list its logins.
pub fn demo_admin_passphrase() -> Passphrase {
    Passphrase::new(ACCOUNTS[0].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cast_is_drawn_from_the_right_places() {
        let rows = synthetic::workforce(200, DEMO_SEED);
        let cast = cast(&rows);
        assert!(synthetic::is_below(cast.employee, cast.supervisor));
        assert!(!synthetic::is_below(cast.mentor, cast.supervisor));
        assert!(cast.mentees.len() >= 3);
        assert!(!cast.mentees.contains(&cast.mentor));
    }
}
