//! Plain types and pure logic: people, accounts, roles, the roster, audit hashing, text.
//! No I/O here: everything takes values and returns values, so it is tested without a vault.

pub mod audit;
pub mod checkin;
pub mod clock;
pub mod dates;
pub mod prompt;
pub mod prompt_quality;
pub mod referral;
pub mod resources;
pub mod roster;
pub mod ssh_key;
pub mod stressors;
pub mod synthetic;
pub mod text;

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Supervisor,
    Mentor,
    Coordinator,
    Employee,
    /// Batch work from the host (roster sync, the daily rules run, backups, purge): no
    /// person, no app, no record content.
    Operator,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Supervisor,
        Role::Mentor,
        Role::Coordinator,
        Role::Admin,
        Role::Employee,
        Role::Operator,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Supervisor => "supervisor",
            Role::Mentor => "mentor",
            Role::Coordinator => "coordinator",
            Role::Employee => "employee",
            Role::Operator => "operator",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "admin" => Ok(Role::Admin),
            "supervisor" => Ok(Role::Supervisor),
            "mentor" => Ok(Role::Mentor),
            "coordinator" => Ok(Role::Coordinator),
            "employee" => Ok(Role::Employee),
            "operator" => Ok(Role::Operator),
            other => Err(format!(
                "unknown role '{}' (expected admin, supervisor, mentor, coordinator, employee or operator)",
                text::sanitize(other)
            )),
        }
    }
}

/// The roles one account holds: sorted, without repeats, never empty once validated.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Roles(Vec<Role>);

impl Roles {
    pub fn new(roles: impl IntoIterator<Item = Role>) -> Self {
        let mut list: Vec<Role> = roles.into_iter().collect();
        list.sort();
        list.dedup();
        Self(list)
    }

    pub fn contains(&self, role: Role) -> bool {
        self.0.contains(&role)
    }

    pub fn iter(&self) -> impl Iterator<Item = Role> + '_ {
        self.0.iter().copied()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The role whose home screen opens first: the one with the most day-to-day work.
    pub fn primary(&self) -> Role {
        Role::ALL
            .into_iter()
            .find(|r| self.contains(*r))
            .unwrap_or(Role::Employee)
    }
}

impl fmt::Display for Roles {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.0.iter().map(|r| r.as_str()).collect();
        f.write_str(&names.join(","))
    }
}

impl FromStr for Roles {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let roles = s
            .split(',')
            .filter(|p| !p.trim().is_empty())
            .map(Role::from_str)
            .collect::<Result<Vec<_>, _>>()?;
        if roles.is_empty() {
            return Err("at least one role is required".into());
        }
        Ok(Roles::new(roles))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Person {
    pub employee_id: String,
    pub name: String,
    pub unit: String,
    pub supervisor_id: Option<String>,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Account {
    pub login: String,
    pub person_id: Option<String>,
    pub roles: Roles,
    pub must_change_passphrase: bool,
    pub disabled: bool,
    pub created_at: String,
}

/// Logins are short, lower-case and safe to print anywhere.
pub fn validate_login(login: &str) -> Result<(), String> {
    let ok_chars = login
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'));
    if login.is_empty() || login.len() > 64 || !ok_chars {
        return Err(format!(
            "'{}' is not a valid login: use 1–64 lower-case letters, digits, '.', '-' or '_'",
            text::sanitize(login)
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_parse_sort_and_pick_a_primary() {
        let roles: Roles = "employee, supervisor,employee".parse().unwrap();
        assert_eq!(roles.to_string(), "supervisor,employee");
        assert_eq!(roles.primary(), Role::Supervisor);
        assert!("".parse::<Roles>().is_err());
        assert!(
            "boss"
                .parse::<Roles>()
                .unwrap_err()
                .contains("unknown role 'boss'")
        );
    }

    #[test]
    fn logins_are_restricted_to_safe_characters() {
        assert!(validate_login("m.vantongeren").is_ok());
        assert!(validate_login("").is_err());
        assert!(validate_login("Bob").is_err());
        assert!(validate_login("a\u{1b}[2J").is_err());
    }
}
