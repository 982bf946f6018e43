//! The full-screen app: login, home per role, person pages, forms, records, resources, help-now.
//! A front end only: every use case goes through `desk::Session`; no SQL, no policy here.

mod app;
mod ascii;
mod editor;
mod effects;
mod keymap;
mod list;
mod page;
mod record;
mod screens;
mod state;
mod theme;
mod widgets;

#[cfg(test)]
mod ascii_tests;
#[cfg(test)]
mod coordinator_tests;
#[cfg(test)]
mod hostile_tests;
#[cfg(test)]
mod people_tests;
#[cfg(test)]
mod prompt_tests;
#[cfg(test)]
mod report_tests;
#[cfg(test)]
mod selfcheck_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod workflow_tests;

pub use app::{App, Shown, run, run_or_hand_off};
pub use ascii::{locale_wants_ascii, utf8_locale};
/// The audit log in an admin's words, which the line front end says too.
pub(crate) use screens::audit_log::words as audit_words;

/// How the app behaves; `main` builds it from the command line.
#[derive(Clone, Debug, Default)]
pub struct TuiOptions {
    /// Minutes without input before the app locks (drops the session) and returns to login,
    /// from the command line: before login, this or 15; after it, the vault's setting
    /// (`app.lock_minutes`), or this where it is shorter.
    pub lock_minutes: Option<u32>,
    /// The rules in force (`--rules FILE` or the config folder's), if not the built-in
    /// ones: writes made in the app raise prompts by the same rules as the commands.
    pub rules: Option<crate::rules::RuleSet>,
    /// The login an SSH session is pinned to: shown, not typed, and the only one unlocked.
    pub pinned_login: Option<String>,
    /// Set when the connection drops (SIGHUP): the loop ends after the effect under way.
    pub hangup: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    /// A local login whose account prefers the screen-reader mode leaves the full screen
    /// and goes on in plain lines with the same session ([`run_or_hand_off`]).
    pub reader_handoff: bool,
    /// Plain ASCII characters for every box and symbol (`--ascii`, `STEADY_ASCII=1`, or a
    /// locale whose character set is not UTF-8).
    pub ascii: bool,
}

impl PartialEq for TuiOptions {
    fn eq(&self, other: &Self) -> bool {
        self.lock_minutes == other.lock_minutes
            && self.rules == other.rules
            && self.pinned_login == other.pinned_login
            && self.reader_handoff == other.reader_handoff
            && self.ascii == other.ascii
    }
}

impl Eq for TuiOptions {}
