//! `steady ssh-key …` (admins register people's OpenSSH keys) and `steady authorized-keys`
//! (sshd's `AuthorizedKeysCommand`: which login a presented key opens, with no passphrase).

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use serde::Serialize;

use super::Global;
use super::output::{Failure, json, note, say, table};
use super::prompt::{self, vault_paths};
use crate::desk::{self, KeyDecision};
use crate::domain::ssh_key::SshPublicKey;
use crate::domain::validate_login;

#[derive(Debug, Subcommand)]
pub enum SshKeyCommand {
    /// Register an OpenSSH public key (a `.pub` file, or `-` for standard input) for LOGIN;
    /// with --screen-reader (given here, on the command line) the key opens LOGIN in the
    /// screen-reader mode
    Add {
        login: String,
        /// The public key file, or `-` to read it from standard input
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// List registered keys: login, type, SHA256 fingerprint, comment, when added
    List { login: Option<String> },
    /// Remove one of LOGIN's keys by its fingerprint (as `ssh-key list` shows it)
    Remove { login: String, fingerprint: String },
    /// Sign the key list sshd reads again from the vault (after a restore, or when sshd's
    /// log says the list is not trusted)
    Sync,
}

/// Whether `--screen-reader` was given on the command line itself (at any level): for
/// `ssh-key add` it marks the key, which an admin's own `STEADY_SCREEN_READER` must not do.
pub(super) fn screen_reader_on_command_line(matches: &clap::ArgMatches) -> bool {
    let mut at = Some(matches);
    while let Some(m) = at {
        if m.value_source("screen_reader") == Some(clap::parser::ValueSource::CommandLine) {
            return true;
        }
        at = m.subcommand().map(|(_, sub)| sub);
    }
    false
}

/// The longest public key file read (an RSA 16384-bit key line is about 3 KB).
const MAX_KEY_FILE_BYTES: u64 = 64 * 1024;

fn read_key_text(file: &Path) -> Result<String, Failure> {
    let mut bytes = Vec::new();
    let read = if file.as_os_str() == "-" {
        std::io::stdin()
            .take(MAX_KEY_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(file)
            .and_then(|f| f.take(MAX_KEY_FILE_BYTES + 1).read_to_end(&mut bytes))
    };
    read.map_err(|e| Failure::invalid(format!("cannot read {}: {e}", file.display())))?;
    if bytes.len() as u64 > MAX_KEY_FILE_BYTES {
        return Err(Failure::invalid(format!(
            "{} is too large to be a public key file",
            file.display()
        )));
    }
    String::from_utf8(bytes)
        .map_err(|_| Failure::invalid(format!("{} is not a text file", file.display())))
}

pub(super) fn run(global: &Global, command: SshKeyCommand) -> Result<(), Failure> {
    match command {
        SshKeyCommand::Add { login, file } => {
            let login = login.trim();
            validate_login(login).map_err(Failure::invalid)?;
            // Everything wrong with the key is found before the passphrase is asked.
            let text = read_key_text(&file)?;
            SshPublicKey::parse(&text).map_err(Failure::invalid)?;
            let mut session = prompt::unlock(global)?;
            let added = session.add_ssh_key_with(login, &text, global.screen_reader)?;
            if global.json {
                return json(&added);
            }
            say!(
                "Added {} {} for {}{}.",
                added.key_type,
                added.fingerprint,
                added.login,
                if added.screen_reader {
                    ", opening in the screen-reader mode"
                } else {
                    ""
                }
            );
            note(&format!(
                "{} can now connect with that key and log in with their passphrase.",
                added.login
            ));
            Ok(())
        }
        SshKeyCommand::List { login } => {
            let session = prompt::unlock(global)?;
            let keys = session.ssh_keys(login.as_deref().map(str::trim))?;
            if global.json {
                return json(&keys);
            }
            if keys.is_empty() {
                note("No SSH keys are registered.");
                return Ok(());
            }
            let rows: Vec<Vec<String>> = keys
                .iter()
                .map(|k| {
                    vec![
                        k.login.clone(),
                        k.key_type.clone(),
                        k.fingerprint.clone(),
                        if k.comment.is_empty() {
                            "-".into()
                        } else {
                            k.comment.clone()
                        },
                        k.added.clone(),
                    ]
                })
                .collect();
            table(&["login", "type", "fingerprint", "comment", "added"], &rows);
            Ok(())
        }
        SshKeyCommand::Remove { login, fingerprint } => {
            let mut session = prompt::unlock(global)?;
            session.remove_ssh_key(login.trim(), &fingerprint)?;
            if global.json {
                #[derive(Serialize)]
                struct Removed<'a> {
                    login: &'a str,
                    fingerprint: &'a str,
                }
                return json(&Removed {
                    login: login.trim(),
                    fingerprint: fingerprint.trim(),
                });
            }
            note(&format!(
                "Removed the key {} of {}; it no longer opens steady.",
                fingerprint.trim(),
                login.trim()
            ));
            Ok(())
        }
        SshKeyCommand::Sync => {
            let mut session = prompt::unlock(global)?;
            let count = session.sync_ssh_keys()?;
            if global.json {
                #[derive(Serialize)]
                struct Synced {
                    keys: usize,
                }
                return json(&Synced { keys: count });
            }
            note(&format!("Signed the SSH key list again ({count} key(s))."));
            Ok(())
        }
    }
}

/// The Unix user a key is being checked for must be the one running this (the vault's
/// owner, by strict modes): a global `AuthorizedKeysCommand` would otherwise let a
/// steady key open some other Unix account.
fn is_current_user(unix_user: &str) -> bool {
    #[cfg(unix)]
    {
        let me = rustix::process::geteuid().as_raw();
        std::fs::read_to_string("/etc/passwd")
            .ok()
            .and_then(|passwd| {
                passwd.lines().find_map(|line| {
                    let mut fields = line.split(':');
                    let name = fields.next()?;
                    let uid = fields.nth(1)?.parse::<u32>().ok()?;
                    (name == unix_user).then_some(uid)
                })
            })
            .is_some_and(|uid| uid == me)
    }
    #[cfg(not(unix))]
    {
        let _ = unix_user;
        false
    }
}

/// A path as one word for the shell sshd runs the forced command with: single-quoted,
/// and refused if it holds a character that could end the quote or the option.
fn shell_word(path: &Path) -> Result<String, Failure> {
    let text = path
        .to_str()
        .ok_or_else(|| Failure::other(format!("{} is not UTF-8", path.display())))?;
    if text
        .chars()
        .any(|c| c == '\'' || c == '"' || c == '\\' || c.is_control())
    {
        return Err(Failure::other(format!(
            "{} holds a quote, backslash or control character; install steady and the vault at plainer paths",
            text.escape_debug()
        )));
    }
    Ok(format!("'{text}'"))
}

/// The authorized_keys line for `login`: the key may run only `steady session` pinned to it.
pub(super) fn forced_command_line(
    exe: &Path,
    db: &Path,
    login: &str,
    screen_reader: bool,
    key_type: &str,
    key: &str,
) -> Result<String, Failure> {
    Ok(format!(
        "restrict,pty,command=\"{} --db {}{} session --login {login}\" {key_type} {key}",
        shell_word(exe)?,
        shell_word(db)?,
        if screen_reader {
            " --screen-reader"
        } else {
            ""
        }
    ))
}

/// `authorized-keys UNIX_USER TYPE KEY`: prints the forced-command line for a key that
/// opens an active account, or nothing. Never asks for a passphrase, never opens the
/// database.
pub(super) fn authorized_keys(
    global: &Global,
    unix_user: &str,
    key_type: &str,
    key: &str,
) -> Result<(), Failure> {
    let paths = vault_paths(global)?;
    if !is_current_user(unix_user) {
        note(&format!(
            "steady authorized-keys: not answering for the Unix user '{}': only the vault's owner is served (check `Match User` in sshd_config)",
            crate::domain::text::sanitize(unix_user)
        ));
        return Ok(());
    }
    match desk::login_for_presented_key(&paths, key_type, key)? {
        KeyDecision::Unknown => Ok(()),
        KeyDecision::Distrusted(reason) => Err(Failure {
            code: 6,
            message: format!(
                "not trusting the SSH key list: {reason}; an admin can sign it again with `steady ssh-key sync`"
            ),
            details: Vec::new(),
        }),
        KeyDecision::Login {
            login,
            screen_reader,
        } => {
            let exe = std::env::current_exe()
                .and_then(|p| p.canonicalize())
                .map_err(|e| Failure::other(format!("cannot find steady's own path: {e}")))?;
            let db = paths
                .db
                .canonicalize()
                .map_err(|e| Failure::other(format!("cannot resolve the vault's path: {e}")))?;
            say!(
                "{}",
                forced_command_line(&exe, &db, &login, screen_reader, key_type, key)?
            );
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forced_command_quotes_paths_and_refuses_unquotable_ones() {
        let line = forced_command_line(
            Path::new("/opt/steady/bin/steady"),
            Path::new("/srv/steady vault/steady.db"),
            "alice",
            false,
            "ssh-ed25519",
            "AAAA",
        )
        .unwrap();
        assert_eq!(
            line,
            "restrict,pty,command=\"'/opt/steady/bin/steady' --db '/srv/steady vault/steady.db' session --login alice\" ssh-ed25519 AAAA"
        );
        let line = forced_command_line(
            Path::new("/opt/steady/bin/steady"),
            Path::new("/srv/steady.db"),
            "alice",
            true,
            "ssh-ed25519",
            "AAAA",
        )
        .unwrap();
        assert_eq!(
            line,
            "restrict,pty,command=\"'/opt/steady/bin/steady' --db '/srv/steady.db' --screen-reader session --login alice\" ssh-ed25519 AAAA"
        );
        for bad in [
            "/srv/it's/steady.db",
            "/srv/\"x\"/steady.db",
            "/srv/a\\b",
            "/srv/a\nb",
        ] {
            assert!(
                forced_command_line(
                    Path::new("/bin/steady"),
                    Path::new(bad),
                    "a",
                    false,
                    "t",
                    "k"
                )
                .is_err(),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn only_the_user_running_steady_is_answered_for() {
        assert!(!is_current_user("no-such-user-here"));
        assert!(!is_current_user(""));
        #[cfg(unix)]
        if rustix::process::geteuid().is_root() {
            assert!(is_current_user("root"));
        }
    }
}
