//! How long work tells its caller how far it has got: a stage, its size, the steps done.
//! It draws and prints nothing; what to show, and whether, is the front end's choice.

/// What a stage's steps are, so a front end can show them in the right unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Steps {
    /// People, records, pages: counted one by one.
    Items,
    Bytes,
}

/// Where long work reports its progress. Calls are cheap and may be frequent.
pub trait Progress {
    /// A new stage begins: `what` it does (for a person: "Evaluating the rules"), and how
    /// many steps it has, or 0 when that is not known in advance.
    fn stage(&mut self, what: &str, total: u64, steps: Steps);
    /// `done` steps of the current stage are finished (at most its total).
    fn advance(&mut self, done: u64);
}

/// Progress nobody watches: tests, the TUI, batch callers.
#[derive(Clone, Copy, Debug, Default)]
pub struct Unwatched;

impl Progress for Unwatched {
    fn stage(&mut self, _what: &str, _total: u64, _steps: Steps) {}
    fn advance(&mut self, _done: u64) {}
}

/// Every stage and step reported, in order: for tests of what long work reports.
#[cfg(test)]
#[derive(Debug, Default)]
pub(crate) struct Recorded {
    pub stages: Vec<(String, u64, Steps)>,
    /// The last `done` of each stage, by stage index.
    pub last_done: Vec<u64>,
    /// Whether `done` ever went down or past the stage's total.
    pub out_of_order: bool,
}

#[cfg(test)]
impl Progress for Recorded {
    fn stage(&mut self, what: &str, total: u64, steps: Steps) {
        self.stages.push((what.to_string(), total, steps));
        self.last_done.push(0);
    }

    fn advance(&mut self, done: u64) {
        let Some(last) = self.last_done.last_mut() else {
            self.out_of_order = true;
            return;
        };
        let total = self.stages.last().map_or(0, |s| s.1);
        if done < *last || (total > 0 && done > total) {
            self.out_of_order = true;
        }
        *last = done;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::{VaultPaths, create_demo_vault, demo_admin_passphrase, restore_vault};
    use crate::domain::clock::Clock;
    use crate::vault::KdfParams;

    fn labels(recorded: &Recorded) -> Vec<&str> {
        recorded.stages.iter().map(|s| s.0.as_str()).collect()
    }

    /// Each stage of long work is reported with its size, counted up to the end.
    #[test]
    fn long_work_reports_each_stage_to_its_end() {
        let dir = tempfile::tempdir().unwrap();
        let paths = VaultPaths::for_db(&dir.path().join("vault").join("steady.db"));
        let mut demo = Recorded::default();
        let mut admin = create_demo_vault(&paths, 200, 1, KdfParams::FLOOR, &mut demo).unwrap();
        assert_eq!(
            labels(&demo),
            [
                "Importing people",
                "Writing synthetic history",
                "Evaluating the rules",
                "Updating prompts"
            ]
        );
        assert_eq!(demo.stages[0].1, 200);
        assert_eq!(demo.stages[1].1, 200);
        assert_eq!(demo.stages[2].1, 200, "everyone on the roster");
        for (stage, done) in demo.stages.iter().zip(&demo.last_done) {
            assert_eq!(stage.1, *done, "{} ends at its total", stage.0);
        }
        assert!(!demo.out_of_order);

        let mut purge = Recorded::default();
        let today = admin.clock.date();
        let report = admin.purge(today, 30, 30, false, &mut purge).unwrap();
        let removed = (report.checkin_notes.len() + report.referrals.len()) as u64;
        assert_eq!(labels(&purge), ["Removing old notes and referrals"]);
        assert_eq!((purge.stages[0].1, purge.last_done[0]), (removed, removed));

        let mut verify = Recorded::default();
        let verified = admin.verify_audit_watched(None, &mut verify).unwrap();
        assert_eq!(
            labels(&verify),
            [
                "Checking the audit log's entries",
                "Re-hashing the audited rows"
            ]
        );
        assert_eq!(verify.stages[0].1, verified.verified.unsigned_abs());
        assert_eq!(verify.stages[1].1, verified.rows_checked);
        assert_eq!(verify.last_done[1], verified.rows_checked);
        assert!(!verify.out_of_order);

        let file = dir.path().join("copy.db");
        let mut backup = Recorded::default();
        admin.backup_to(&file, &mut backup).unwrap();
        drop(admin);
        assert_eq!(labels(&backup), ["Copying the vault's pages"]);
        let pages = backup.stages[0].1;
        assert!(pages > 0);
        assert_eq!(backup.last_done, [pages]);
        assert_eq!(backup.stages[0].2, Steps::Items);

        let mut restore = Recorded::default();
        let elsewhere = VaultPaths::for_db(&dir.path().join("restored").join("steady.db"));
        restore_vault(
            &elsewhere,
            &file,
            "admin",
            &demo_admin_passphrase(),
            false,
            Clock::system(),
            &mut restore,
        )
        .unwrap();
        assert_eq!(
            labels(&restore),
            ["Copying the backup", "Verifying the backup's audit log"]
        );
        let bytes = std::fs::metadata(&file).unwrap().len()
            + std::fs::metadata(crate::desk::backup_keyring_path(&file))
                .unwrap()
                .len();
        assert_eq!(
            restore.stages[0],
            ("Copying the backup".into(), bytes, Steps::Bytes)
        );
        assert_eq!(restore.last_done[0], bytes);
        assert_eq!(restore.stages[1].1, 0, "a replay of unknown length");
        assert!(!restore.out_of_order);
    }
}
