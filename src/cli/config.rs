//! `steady config …`: read and (admins) change vault settings such as `report.min_k`.
//! Parses and prints; what a setting means and who may change it is the desk's.

use clap::Subcommand;

use super::Global;
use super::output::{Failure, json, note, say, table};
use super::prompt;

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// One setting's value (and its default)
    Get {
        /// The setting, e.g. report.min_k
        key: String,
    },
    /// Change a setting (admins; audited), e.g. `config set report.min_k 7`
    Set {
        /// The setting, e.g. report.min_k
        key: String,
        /// The new value (report.min_k: a whole number, never below 3)
        #[arg(allow_hyphen_values = true)]
        value: String,
    },
    /// Every setting with its value, default and meaning
    List,
}

pub(super) fn run(global: &Global, command: ConfigCommand) -> Result<(), Failure> {
    let session = prompt::unlock(global)?;
    match command {
        ConfigCommand::Get { key } => {
            let setting = session.setting(key.trim())?;
            if global.json {
                return json(&setting);
            }
            say!("{}", setting.value);
            Ok(())
        }
        ConfigCommand::Set { key, value } => {
            let change = session.set_setting(key.trim(), &value)?;
            if global.json {
                return json(&change);
            }
            if change.changed {
                note(&format!(
                    "{} is now {} (was {}).",
                    change.key, change.to, change.from
                ));
            } else {
                note(&format!(
                    "{} is already {}; nothing was changed.",
                    change.key, change.to
                ));
            }
            Ok(())
        }
        ConfigCommand::List => {
            let settings = session.settings()?;
            if global.json {
                return json(&settings);
            }
            let rows: Vec<Vec<String>> = settings
                .iter()
                .map(|s| {
                    vec![
                        s.key.clone(),
                        s.value.clone(),
                        s.default.clone(),
                        s.meaning.clone(),
                    ]
                })
                .collect();
            table(&["setting", "value", "default", "meaning"], &rows);
            Ok(())
        }
    }
}
