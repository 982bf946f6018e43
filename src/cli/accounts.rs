//! `steady account …`: add, passwd, roles, reset, disable, list.

use clap::Subcommand;
use serde::Serialize;

use super::Global;
use super::output::{Failure, json, note, say, table};
use super::prompt;
use crate::domain::Roles;

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Add an account; prints a one-time passphrase to pass on privately
    Add {
        /// The new login (lower-case letters, digits, '.', '-', '_')
        name: String,
        /// Roles, comma-separated: admin, supervisor, mentor, coordinator, employee
        #[arg(long, value_name = "R[,R]")]
        roles: String,
        /// The roster person this account is (needed for supervisor and employee)
        #[arg(long, value_name = "EMP")]
        person: Option<String>,
    },
    /// Change your passphrase (current from STEADY_PASSPHRASE, new from STEADY_NEW_PASSPHRASE)
    Passwd,
    /// Disable an account: it can no longer log in (run `steady rekey` afterwards)
    Disable { name: String },
    /// Give an account exactly these roles (admin). A new coordinator cannot read self-checks
    /// shared before they held the role; the last active admin keeps the admin role
    Roles {
        name: String,
        /// Roles, comma-separated: admin, supervisor, mentor, coordinator, employee
        #[arg(long, value_name = "R[,R]")]
        roles: String,
    },
    /// Reset a forgotten passphrase (admin): prints a new one-time passphrase; self-checks the
    /// person never shared cannot be opened again
    Reset {
        name: String,
        /// Do not ask for confirmation (needed without a terminal)
        #[arg(long)]
        yes: bool,
    },
    /// List accounts (admin)
    List,
    /// Who holds the coordinator role, and so can read a self-check you share (anyone)
    Coordinators,
    /// Your preference: start later logins in the screen-reader mode (on, off), or show it
    #[command(name = "screen-reader")]
    ScreenReader {
        #[arg(value_enum)]
        state: Option<OnOff>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

pub(super) fn run(global: &Global, command: AccountCommand) -> Result<(), Failure> {
    match command {
        AccountCommand::ScreenReader { state } => {
            let mut session = prompt::unlock(global)?;
            if let Some(state) = state {
                session.set_screen_reader_preference(state == OnOff::On)?;
            }
            let on = session.screen_reader_preference()?;
            if global.json {
                #[derive(Serialize)]
                struct Preference {
                    screen_reader: bool,
                }
                return json(&Preference { screen_reader: on });
            }
            say!(
                "Screen-reader mode at later logins: {}.",
                if on { "on" } else { "off" }
            );
            Ok(())
        }
        AccountCommand::Add {
            name,
            roles,
            person,
        } => {
            let roles: Roles = roles.parse().map_err(Failure::invalid)?;
            let mut session = prompt::unlock(global)?;
            let created = session.add_account(name.trim(), roles.clone(), person.as_deref())?;
            if global.json {
                #[derive(Serialize)]
                struct Created<'a> {
                    login: &'a str,
                    roles: String,
                    one_time_passphrase: &'a str,
                }
                json(&Created {
                    login: &created.login,
                    roles: roles.to_string(),
                    one_time_passphrase: created.one_time_passphrase.expose(),
                })
            } else {
                say!("Created {} ({roles}).", created.login);
                say!(
                    "One-time passphrase: {}",
                    created.one_time_passphrase.expose()
                );
                note(&format!(
                    "Pass it on privately. {} chooses their own passphrase at first login; this one then stops working.",
                    created.login
                ));
                Ok(())
            }
        }
        AccountCommand::Coordinators => {
            let session = prompt::unlock(global)?;
            let coordinators = session.coordinators()?;
            if global.json {
                return json(&coordinators);
            }
            if coordinators.is_empty() {
                note(
                    "No one holds the coordinator role: a self-check you share reaches no one yet.",
                );
                return Ok(());
            }
            let rows: Vec<Vec<String>> = coordinators
                .iter()
                .map(|c| {
                    vec![
                        c.login.clone(),
                        c.name.clone().unwrap_or_default(),
                        c.since.clone(),
                        if c.can_read_shared {
                            "yes".into()
                        } else {
                            "after their first login".into()
                        },
                    ]
                })
                .collect();
            table(
                &[
                    "login",
                    "name",
                    "coordinator since",
                    "can read what you share",
                ],
                &rows,
            );
            note(
                "A self-check you share is sealed to these people; `steady selfcheck unshare` withdraws it.",
            );
            Ok(())
        }
        AccountCommand::Passwd => {
            let (mut session, first_login_change) = prompt::unlock_reporting_change(global)?;
            if first_login_change {
                return Ok(());
            }
            let Some(new) = prompt::new_passphrase("New passphrase: ")? else {
                return Err(Failure::usage(format!(
                    "no new passphrase: set {} or run at a terminal",
                    prompt::NEW_PASSPHRASE_ENV
                )));
            };
            session.change_passphrase(&new)?;
            note("Passphrase changed.");
            Ok(())
        }
        AccountCommand::Disable { name } => {
            let mut session = prompt::unlock(global)?;
            session.disable_account(name.trim())?;
            note(&format!(
                "{name} is disabled and can no longer log in. Run `steady rekey` so a copy of the old key cannot open the vault."
            ));
            Ok(())
        }
        AccountCommand::Roles { name, roles } => {
            let roles: Roles = roles.parse().map_err(Failure::invalid)?;
            let mut session = prompt::unlock(global)?;
            let change = session.set_account_roles(name.trim(), roles)?;
            if global.json {
                return json(&change);
            }
            if change.changed {
                say!(
                    "{}: roles {} (were {}).",
                    change.login,
                    change.to,
                    change.from
                );
            } else {
                say!(
                    "{} holds {} already; nothing changed.",
                    change.login,
                    change.to
                );
            }
            for line in &change.notes {
                note(line);
            }
            Ok(())
        }
        AccountCommand::Reset { name, yes } => reset(global, name.trim(), yes),
        AccountCommand::List => {
            let session = prompt::unlock(global)?;
            let accounts = session.accounts()?;
            if global.json {
                return json(&accounts);
            }
            let rows: Vec<Vec<String>> = accounts
                .iter()
                .map(|a| {
                    let state = if a.disabled {
                        "disabled"
                    } else if a.must_change_passphrase {
                        "awaiting first login"
                    } else {
                        "active"
                    };
                    vec![
                        a.login.clone(),
                        a.roles.to_string(),
                        a.person_id.clone().unwrap_or_else(|| "-".into()),
                        state.to_string(),
                        a.created_at.clone(),
                    ]
                })
                .collect();
            table(&["login", "roles", "person", "state", "created"], &rows);
            Ok(())
        }
    }
}

/// What a reset costs the person, said before it is done (the app says the same).
const RESET_WARNING: &str = "Their self-checks that were not shared were sealed to their old key and cannot be recovered; shared ones stay readable by coordinators.";

/// `account reset`: cannot be undone, so it asks first unless told `--yes`.
fn reset(global: &Global, name: &str, yes: bool) -> Result<(), Failure> {
    if !yes && !prompt::interactive() {
        return Err(Failure::usage(format!(
            "resetting {name}'s passphrase cannot be undone: confirm at a terminal, or pass --yes; nothing was changed"
        )));
    }
    let mut session = prompt::unlock(global)?;
    if !yes {
        note(RESET_WARNING);
        if !prompt::confirm(&format!("Reset {name}'s passphrase? [y/N] "))? {
            note("Nothing was changed.");
            return Ok(());
        }
    }
    let reset = session.reset_passphrase(name)?;
    if global.json {
        #[derive(Serialize)]
        struct Reset<'a> {
            login: &'a str,
            one_time_passphrase: &'a str,
        }
        return json(&Reset {
            login: &reset.login,
            one_time_passphrase: reset.one_time_passphrase.expose(),
        });
    }
    say!(
        "One-time passphrase for {}: {}",
        reset.login,
        reset.one_time_passphrase.expose()
    );
    note(&format!(
        "Pass it on privately. {} chooses their own passphrase at their next login, which makes new keys. {RESET_WARNING}",
        reset.login
    ));
    Ok(())
}
