//! The screen-reader mode through a real pseudo-terminal: the `steady` binary with
//! `--screen-reader` (or `STEADY_SCREEN_READER=1`) on a real vault, each role's core job end
//! to end, asserting on the lines it printed and on what was stored afterwards.
//!
//! The pty's own output processing turns each `\n` into `\r\n` (ONLCR) and echoes what is
//! typed; `transcript` undoes exactly that translation (`\r\n` → `\n`) before the output is
//! checked, so any other `\r` or control character steady wrote would still be found.

use std::process::Command;

use rexpect::session::{PtySession, spawn_command};
use steady::desk::{
    CheckinDraftInput, LockedVault, NewReferral, Passphrase, Session, Unlock, VaultPaths,
};
use steady::domain::referral::{Consent, Status, Urgency};
use steady::domain::{Person, Role};

use crate::common::{RunExt, TestVault, User, add_library_accounts, library_vault, roster};

const TIMEOUT_MS: u64 = 30_000;

struct Vault {
    _dir: tempfile::TempDir,
    paths: VaultPaths,
}

fn person(id: &str, name: &str, boss: Option<&str>) -> Person {
    Person {
        employee_id: id.into(),
        name: name.into(),
        unit: "Harbor-Station".into(),
        supervisor_id: boss.map(Into::into),
        active: true,
    }
}

/// A supervisor (E1) over Blackwood (E2), a coordinator (E8), Blackwood's own account.
fn vault() -> Vault {
    let (dir, paths, mut admin) = library_vault();
    for (id, name, boss) in [
        ("E1", "Vantongeren, Mara", None),
        ("E2", "Blackwood, Teodoro", Some("E1")),
        ("E8", "Keller, Ines", None),
    ] {
        admin.add_person(&person(id, name, boss)).unwrap();
    }
    add_library_accounts(
        &mut admin,
        &[
            ("mara", "supervisor,employee", "E1"),
            ("ines", "coordinator,employee", "E8"),
            ("teo", "employee", "E2"),
        ],
    );
    Vault { _dir: dir, paths }
}

fn unlock(paths: &VaultPaths, login: &str) -> Session {
    match LockedVault::open(paths)
        .unwrap()
        .unlock(login, &Passphrase::new(format!("{login} passphrase one")))
        .unwrap()
    {
        Unlock::Ready(session, _) => *session,
        Unlock::MustChange(_) => panic!("{login} must change their passphrase"),
    }
}

/// A running `steady --screen-reader` and everything it has printed so far.
struct Reader {
    pty: PtySession,
    seen: String,
}

impl Reader {
    fn spawn(paths: &VaultPaths, by_flag: bool) -> Self {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("steady"));
        for var in ["STEADY_DB", "STEADY_USER", "STEADY_PASSPHRASE", "NO_COLOR"] {
            cmd.env_remove(var);
        }
        cmd.arg("--db").arg(&paths.db).env("TERM", "xterm-256color");
        if by_flag {
            cmd.arg("--screen-reader");
        } else {
            cmd.env("STEADY_SCREEN_READER", "1");
        }
        Self::spawn_command(cmd)
    }

    fn spawn_command(cmd: Command) -> Self {
        Self {
            pty: spawn_command(cmd, Some(TIMEOUT_MS)).unwrap(),
            seen: String::new(),
        }
    }

    /// Waits for `text`, keeping what came before it and the text itself.
    fn expect(&mut self, text: &str) {
        let before = self
            .pty
            .exp_string(text)
            .unwrap_or_else(|e| panic!("waited for {text:?}: {e}\nso far:\n{}", self.seen));
        self.seen.push_str(&before);
        self.seen.push_str(text);
    }

    /// Waits for `prompt`, then answers it.
    fn answer(&mut self, prompt: &str, line: &str) {
        self.expect(prompt);
        self.pty.send_line(line).unwrap();
    }

    fn log_in(&mut self, login: &str) {
        self.answer("Login name:", login);
        self.answer(
            &format!("Passphrase for {login} (not shown as you type):"),
            &format!("{login} passphrase one"),
        );
        self.expect("Signed in: ");
    }

    /// Quits from the home and returns the whole output, the pty's CRLF translation undone.
    fn quit(mut self) -> String {
        self.answer("Choose: home", "quit");
        self.answer("Quit steady? Answer yes or no.", "yes");
        let rest = self.pty.exp_eof().unwrap();
        self.seen.push_str(&rest);
        transcript(&self.seen)
    }
}

/// The bytes the pty carried (rexpect hands each byte over as one char), as text, with the
/// pty's ONLCR translation undone.
fn transcript(seen: &str) -> String {
    let bytes: Vec<u8> = seen
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    String::from_utf8(bytes).unwrap().replace("\r\n", "\n")
}

fn assert_plain(text: &str) {
    let bad: Vec<(usize, char)> = text
        .char_indices()
        .filter(|(_, c)| c.is_control() && *c != '\n')
        .collect();
    assert!(bad.is_empty(), "control characters {bad:?} in:\n{text}");
}

#[test]
fn a_supervisor_records_a_checkin_and_the_output_is_plain_lines() {
    let v = vault();
    let mut r = Reader::spawn(&v.paths, true);
    r.expect("steady, screen-reader mode. Vault: t.");
    r.log_in("mara");
    r.expect("Vantongeren, Mara, employee id E1, role supervisor.");
    r.expect("Not seen lately: 1.");
    r.expect("1 of 1: Blackwood, Teodoro, never checked in with.");
    r.answer("Choose: home", "people");
    r.expect("1 of 1: Blackwood, Teodoro, employee id E2, Harbor-Station: no check-in yet.");
    r.answer("Choose: a number (1 to 1)", "1");
    r.answer("Choose: check-in (record a check-in)", "check-in");
    r.answer("Date (year-month-day; now: ", "");
    r.answer("Wellbeing (1 low to 5 high; now: not set).", "3");
    r.answer("(numbers separated by commas, or none; now: none).", "");
    // Help-now inside a form, then back to the same field.
    r.answer("Notes (free text, or none to clear; now: none).", "!");
    r.expect("Help, right now.");
    r.expect("Back where you were.");
    r.answer(
        "Notes (free text, or none to clear; now: none).",
        "Spoke about the night shifts.",
    );
    r.answer("Follow-up date (year-month-day, or none; now: none).", "");
    r.answer("Who may read it", "");
    r.answer("Save this check-in? Answer yes or no.", "yes");
    r.expect(" saved.");
    r.answer("Choose: check-in", "back");
    r.answer("Choose: a number", "back");
    let out = r.quit();
    assert_plain(&out);
    assert!(!out.contains('\u{1b}'), "an escape sequence in:\n{out}");
    assert!(out.ends_with("Goodbye. The vault is locked.\n"), "{out}");
    let stored = unlock(&v.paths, "mara").checkins("E2").unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(
        (stored[0].wellbeing, stored[0].notes.as_str()),
        (3, "Spoke about the night shifts.")
    );
}

#[test]
fn an_employee_takes_a_self_check_and_hears_the_crisis_lines_after_the_safety_item() {
    let v = vault();
    // Turned on by the environment this time.
    let mut r = Reader::spawn(&v.paths, false);
    r.log_in("teo");
    r.expect("Blackwood, Teodoro, employee id E2, role employee.");
    r.answer("Choose: home", "self-check");
    r.answer("Choose: a number", "3");
    for n in 1..=8 {
        r.answer(&format!("Question {n} of 9: "), "0");
    }
    r.answer("Question 9 of 9: ", "1");
    r.expect("You do not have to carry this alone.");
    r.expect("988");
    r.expect("Nothing you answered here has been sent to anyone.");
    r.answer("Go on with the self-check? Answer yes or no.", "yes");
    r.answer("Share it with the wellness coordinators?", "no");
    r.answer("Add its band, without your name,", "no");
    r.answer("Submit your answers? Answer yes or no.", "yes");
    r.expect("saving your self-check.");
    r.expect("It is saved, and only you can read it.");
    let out = r.quit();
    assert_plain(&out);
    let page = unlock(&v.paths, "teo").my_self_checks_page().unwrap();
    assert_eq!(page.checks.len(), 1);
    let view = page.checks[0].verified().unwrap();
    assert!(view.score.safety_item_endorsed);
    assert!(!view.record.shared);
}

#[test]
fn a_coordinator_moves_a_referral_on_from_the_queue() {
    let v = vault();
    let id = unlock(&v.paths, "mara")
        .propose_referral(&NewReferral {
            employee_id: "E2".into(),
            resource_id: "eap".into(),
            consent: Consent::Given,
            urgency: Urgency::Routine,
            reason: "Would like to talk to someone.".into(),
            on: steady::domain::dates::today(),
        })
        .unwrap();
    let mut r = Reader::spawn(&v.paths, true);
    r.log_in("ines");
    r.expect("Keller, Ines, employee id E8, role coordinator.");
    r.expect("Referral queue: 1.");
    r.answer("Choose: home", "queue");
    r.answer("Choose: a number (1 to 1)", "1");
    r.expect("Status: proposed.");
    r.answer(
        "Choose: consent-refused (record the employee's consent as refused), accepted (move it to accepted), withdrawn (withdraw it), back (the screen before).",
        "accepted",
    );
    r.answer("A short note, if it helps", "Called, booked for Monday.");
    r.expect(&format!(
        "Saved. Referral {id} is now accepted, consent given."
    ));
    r.answer(
        "contacted (move it to contacted), closed (move it to closed)",
        "back",
    );
    r.answer("Choose: a number", "back");
    let out = r.quit();
    assert_plain(&out);
    let session = unlock(&v.paths, "ines");
    assert_eq!(session.referral(id).unwrap().status, Status::Accepted);
    assert_eq!(
        session.referral_events(id).unwrap().last().unwrap().note,
        "Called, booked for Monday."
    );
}

#[test]
fn a_supervisor_acknowledges_a_prompt_with_a_note() {
    let v = vault();
    let today = steady::domain::dates::today();
    unlock(&v.paths, "mara")
        .record_checkin(
            "E2",
            CheckinDraftInput {
                occurred_on: today,
                wellbeing: 1,
                visibility: None,
                notes: String::new(),
                follow_up_on: None,
                stressors: vec![],
            },
        )
        .unwrap();
    let mut r = Reader::spawn(&v.paths, true);
    r.log_in("mara");
    r.expect("Prompts for your people: 1.");
    r.expect("1 of 1, urgent: check in with Blackwood, Teodoro, because ");
    r.answer("Choose: home", "prompts");
    r.answer("Choose: a number (1 to 1)", "1");
    r.expect("Severity: urgent.");
    r.answer(
        "Choose: acknowledge (with a note), snooze (with a reason)",
        "acknowledge",
    );
    r.answer(
        "A note (what you did or will do):",
        "Talked this afternoon.",
    );
    r.expect("Acknowledged, with your note; it leaves your list.");
    r.answer("Choose: a number", "back");
    let out = r.quit();
    assert_plain(&out);
    let session = unlock(&v.paths, "mara");
    assert!(session.prompts(today, false).unwrap().is_empty());
    assert!(session.has_role(Role::Supervisor));
}

#[test]
fn an_admin_changes_a_vault_setting_and_a_mentor_records_a_private_checkin() {
    let v = vault();
    let mut admin = unlock_admin(&v.paths);
    admin
        .add_account_with(
            "rosa",
            "mentor".parse().unwrap(),
            None,
            Some(Passphrase::new("rosa passphrase one")),
        )
        .unwrap();
    admin.assign_mentor("rosa", "E2").unwrap();
    drop(admin);
    let mut r = Reader::spawn(&v.paths, true);
    r.answer("Login name:", "admin");
    r.answer("Passphrase for admin", "admin passphrase one");
    r.expect("Signed in: admin, no employee id, role admin.");
    r.answer("settings (the vault settings)", "settings");
    r.answer("Choose: a number (1 to ", "1");
    r.answer("report.min_k (default ", "8");
    r.answer("Set report.min_k to 8? Answer yes or no.", "yes");
    r.expect("Saved: report.min_k is now 8");
    r.answer("Choose: a number", "back");
    r.answer("Choose: home", "lock");
    r.expect("Locked. Log in again to go on.");
    r.answer("Login name:", "rosa");
    r.answer("Passphrase for rosa", "rosa passphrase one");
    r.expect("Signed in: rosa, no employee id, role mentor.");
    r.answer("Choose: home", "people");
    r.answer("Choose: a number (1 to 1)", "1");
    r.answer("Choose: check-in (record a check-in)", "check-in");
    r.answer("Date (", "");
    r.answer("Wellbeing (", "4");
    r.answer("(numbers separated by commas, or none; now: none).", "");
    r.answer("Notes (", "Coffee after the course.");
    r.answer("Follow-up date (", "");
    r.answer("Who may read it (chain: the supervisors up the chain; private: no one else; now: private).", "");
    r.answer("Save this check-in? Answer yes or no.", "yes");
    r.expect(" saved.");
    r.answer("Choose: check-in", "back");
    r.answer("Choose: a number", "back");
    let out = r.quit();
    assert_plain(&out);
    let admin = unlock_admin(&v.paths);
    assert_eq!(admin.setting("report.min_k").unwrap().value, "8");
    drop(admin);
    let mentor = match LockedVault::open(&v.paths)
        .unwrap()
        .unlock("rosa", &Passphrase::new("rosa passphrase one"))
        .unwrap()
    {
        Unlock::Ready(session, _) => *session,
        Unlock::MustChange(_) => panic!("rosa must change her passphrase"),
    };
    let stored = mentor.checkins("E2").unwrap();
    assert_eq!(stored[0].notes, "Coffee after the course.");
    assert_eq!(
        stored[0].visibility,
        steady::domain::checkin::Visibility::Private
    );
}

fn unlock_admin(paths: &VaultPaths) -> Session {
    match LockedVault::open(paths)
        .unwrap()
        .unlock("admin", &Passphrase::new("admin passphrase one"))
        .unwrap()
    {
        Unlock::Ready(session, _) => *session,
        Unlock::MustChange(_) => panic!("admin must change the passphrase"),
    }
}

/// `ssh-keygen -t ed25519` public halves (as in ssh_keys_cli).
const ALICE_KEY: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGmz/LLOf7xJoad60LBCcThcLCbk11wTKVtvLxn3AUCj alice@laptop\n";
const ALICE_BLOB: &str = "AAAAC3NzaC1lZDI1NTE5AAAAIGmz/LLOf7xJoad60LBCcThcLCbk11wTKVtvLxn3AUCj";
const OTHER_KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA7fe1N+mVw8W6CtMxM/IGBb4u1cnW9USsLTKoVQUdEI phone\n";

fn alice_vault() -> (TestVault, User) {
    let vault = TestVault::with_roster(&roster(&["E1,Alice Able,North,"]));
    let alice = vault.add_user("alice", "employee", Some("E1"));
    (vault, alice)
}

/// The forced command `authorized-keys` writes for `blob`, or nothing.
fn forced_command(vault: &TestVault, blob: &str) -> String {
    let line = vault
        .bare()
        .args(["authorized-keys", "root", "ssh-ed25519", blob])
        .succeeds()
        .stdout();
    line.split('"').nth(1).unwrap_or_default().to_string()
}

#[test]
fn ssh_key_add_with_screen_reader_writes_the_flag_into_the_forced_command() {
    let (vault, _alice) = alice_vault();
    let file = vault.write_file("key.pub", ALICE_KEY);
    let added = vault
        .json_cmd(&User::admin(), &["ssh-key", "add", "alice"])
        .arg(&file)
        .arg("--screen-reader")
        .succeeds()
        .json();
    assert_eq!(added["screen_reader"], true);
    let command = forced_command(&vault, ALICE_BLOB);
    assert!(
        command.ends_with(" --screen-reader session --login alice"),
        "{command}"
    );
    // The admin's own STEADY_SCREEN_READER does not mark a key they add.
    let other = vault.write_file("other.pub", OTHER_KEY);
    let added = vault
        .json_cmd(&User::admin(), &["ssh-key", "add", "alice"])
        .arg(&other)
        .env("STEADY_SCREEN_READER", "1")
        .succeeds()
        .json();
    assert_eq!(added["screen_reader"], false);
    let other_blob = OTHER_KEY.split_whitespace().nth(1).unwrap();
    let command = forced_command(&vault, other_blob);
    assert!(command.ends_with("' session --login alice"), "{command}");
    let details: Vec<String> = vault
        .audit_entries()
        .iter()
        .filter(|e| e["action"] == "ssh_key.add")
        .map(|e| e["detail"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(
        details.iter().any(|d| d.ends_with(", screen-reader mode")),
        "{details:?}"
    );
    // The key rows with the new column verify against the audit log.
    vault.assert_intact();
}

#[test]
fn the_accounts_preference_starts_the_next_ssh_login_in_the_screen_reader_mode() {
    let (vault, alice) = alice_vault();
    let file = vault.write_file("key.pub", ALICE_KEY);
    vault
        .admin()
        .args(["ssh-key", "add", "alice"])
        .arg(&file)
        .succeeds();
    let before = forced_command(&vault, ALICE_BLOB);
    assert!(!before.contains("--screen-reader"), "{before}");
    // Alice turns the preference on from the screen-reader front end.
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("steady"));
    cmd.arg("--db").arg(&vault.db).arg("--screen-reader");
    for var in ["STEADY_DB", "STEADY_USER", "STEADY_PASSPHRASE"] {
        cmd.env_remove(var);
    }
    let mut r = Reader::spawn_command(cmd);
    r.answer("Login name:", "alice");
    r.answer("Passphrase for alice", &alice.passphrase);
    r.answer("Choose: home", "preferences");
    r.expect("Screen-reader mode at every later login: off.");
    r.answer("Turn it on,", "yes");
    r.expect("Saved: screen-reader mode at later logins is on.");
    assert_plain(&r.quit());
    let command = forced_command(&vault, ALICE_BLOB);
    assert!(
        command.ends_with(" --screen-reader session --login alice"),
        "{command}"
    );
    // The next login over that key, as sshd runs the forced command, is in this mode.
    let mut sshd = Command::new("sh");
    sshd.arg("-c").arg(&command);
    for var in [
        "STEADY_DB",
        "STEADY_USER",
        "STEADY_PASSPHRASE",
        "SSH_ORIGINAL_COMMAND",
    ] {
        sshd.env_remove(var);
    }
    let mut r = Reader::spawn_command(sshd);
    r.expect("steady, screen-reader mode.");
    r.expect("Logging in as alice.");
    r.answer("Passphrase for alice", &alice.passphrase);
    r.expect("Signed in: Alice Able, employee id E1, role employee.");
    r.answer("Choose: home", "preferences");
    r.answer("Turn it off,", "yes");
    r.expect("Saved: screen-reader mode at later logins is off.");
    assert_plain(&r.quit());
    let after = forced_command(&vault, ALICE_BLOB);
    assert!(!after.contains("--screen-reader"), "{after}");
    let details: Vec<String> = vault
        .audit_entries()
        .iter()
        .filter(|e| e["action"] == "account.preference")
        .map(|e| e["detail"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(details, ["screen-reader mode off", "screen-reader mode on"]);
    vault.assert_intact();
}

#[test]
fn the_preference_is_also_set_and_read_on_the_command_line() {
    let (vault, alice) = alice_vault();
    let file = vault.write_file("key.pub", ALICE_KEY);
    vault
        .admin()
        .args(["ssh-key", "add", "alice"])
        .arg(&file)
        .succeeds();
    let shown = vault
        .json_cmd(&alice, &["account", "screen-reader"])
        .succeeds()
        .json();
    assert_eq!(shown["screen_reader"], false);
    let on = vault
        .json_cmd(&alice, &["account", "screen-reader", "on"])
        .succeeds()
        .json();
    assert_eq!(on["screen_reader"], true);
    assert!(forced_command(&vault, ALICE_BLOB).contains(" --screen-reader session"));
    let text = vault
        .as_user(&alice)
        .args(["account", "screen-reader", "off"])
        .succeeds()
        .stdout();
    assert_eq!(text.trim_end(), "Screen-reader mode at later logins: off.");
    assert!(!forced_command(&vault, ALICE_BLOB).contains("--screen-reader"));
    vault.assert_intact();
}

#[test]
fn the_screen_reader_fields_are_in_the_audited_rows_canonical_form() {
    let (vault, alice) = alice_vault();
    let file = vault.write_file("key.pub", ALICE_KEY);
    vault
        .admin()
        .args(["ssh-key", "add", "alice", "--screen-reader"])
        .arg(&file)
        .succeeds();
    vault
        .as_user(&alice)
        .args(["account", "screen-reader", "on"])
        .succeeds();
    vault.assert_intact();
    // Turned off behind steady's back, each is found by `audit verify`.
    for table in ["ssh_keys", "accounts"] {
        let login = if table == "accounts" {
            " WHERE login = 'alice'"
        } else {
            ""
        };
        vault.tamper(&format!("UPDATE {table} SET screen_reader = NULL{login}"));
        let outcome = vault.admin().args(["audit", "verify"]).outcome();
        assert_ne!(outcome.code, Some(0), "{table}: {outcome:?}");
        assert!(outcome.stderr.contains(table), "{table}: {outcome:?}");
        // Put back as steady wrote it, the log vouches for the row again.
        vault.tamper(&format!("UPDATE {table} SET screen_reader = 1{login}"));
        vault.admin().args(["audit", "verify"]).succeeds();
    }
}

impl Reader {
    /// Waits for `label`, then reads the rest of its line.
    fn line_after(&mut self, label: &str) -> String {
        self.expect(label);
        let rest = self
            .pty
            .exp_string("\r\n")
            .unwrap_or_else(|e| panic!("waited for the end of {label:?}: {e}"));
        self.seen.push_str(&rest);
        self.seen.push_str("\r\n");
        rest
    }
}

#[test]
fn an_admin_adds_an_account_reads_its_one_time_passphrase_and_they_log_in() {
    let v = vault();
    let mut admin = unlock_admin(&v.paths);
    admin
        .add_person(&person("E3", "Lin, Jo", Some("E1")))
        .unwrap();
    drop(admin);
    let mut r = Reader::spawn(&v.paths, true);
    r.answer("Login name:", "admin");
    r.answer("Passphrase for admin", "admin passphrase one");
    r.expect("Signed in: admin, no employee id, role admin.");
    r.answer("accounts (accounts, roles, SSH keys", "accounts");
    r.answer("Choose: a number (1 to ", "add");
    r.answer(
        "Login name (letters, digits, dot, dash; cancel leaves):",
        "jo",
    );
    r.answer(
        "Roles (admin, supervisor, mentor, coordinator, employee",
        "employee",
    );
    r.answer("Employee id of the roster person", "E3");
    r.answer(
        "Add jo for Lin, Jo with roles employee? Answer yes or no.",
        "yes",
    );
    r.expect("Added: jo for Lin, Jo, roles employee.");
    let one_time = r.line_after("One-time passphrase for jo: ");
    r.expect("Pass this on privately. It is shown only now");
    r.answer("Choose: a number", "back");
    r.answer("Choose: home", "lock");
    r.expect("Locked. Log in again to go on.");
    r.answer("Login name:", "jo");
    r.answer(
        "Passphrase for jo (not shown as you type):",
        one_time.trim(),
    );
    r.answer(
        "New passphrase (not shown):",
        "lantern harbor quiet morning",
    );
    r.answer("Type it again (not shown):", "lantern harbor quiet morning");
    r.expect("Your new passphrase is set; the one-time passphrase no longer works.");
    r.expect("Signed in: Lin, Jo, employee id E3, role employee.");
    let out = r.quit();
    assert_plain(&out);
    // Shown once: the transcript holds it once (passphrases typed are not echoed).
    assert_eq!(out.matches(one_time.trim()).count(), 1, "{out}");
    let session = match LockedVault::open(&v.paths)
        .unwrap()
        .unlock("jo", &Passphrase::new("lantern harbor quiet morning"))
        .unwrap()
    {
        Unlock::Ready(session, _) => *session,
        Unlock::MustChange(_) => panic!("jo must still change the passphrase"),
    };
    assert_eq!(session.account().person_id.as_deref(), Some("E3"));
}

#[test]
fn a_coordinator_opens_a_shared_self_check_from_the_inbox_safety_item_first() {
    let v = vault();
    let mut answers = vec![steady::instruments::Answer::Value(1); 9];
    answers[8] = steady::instruments::Answer::Value(2);
    unlock(&v.paths, "teo")
        .take_self_check_page(&steady::desk::SelfCheckRequest {
            instrument: "phq9",
            answers: &answers,
            share: true,
            contribute: false,
            taken_on: chrono::Local::now().date_naive(),
        })
        .unwrap();
    let mut r = Reader::spawn(&v.paths, false);
    r.log_in("ines");
    r.answer("inbox (self-checks shared with you)", "inbox");
    r.expect("1 with the safety item answered: they come first.");
    r.expect("1 of 1: Safety item answered, follow up today: Blackwood, Teodoro, employee id E2,");
    r.answer("Choose: a number (1 to 1)", "1");
    r.expect("Safety item answered (question 9): follow up with them today.");
    r.expect("This is the safety item, answered.");
    r.expect("Crisis lines to hand:");
    r.answer("Choose: a number (1 to 1)", "back");
    let out = r.quit();
    assert_plain(&out);
    let entries = unlock_admin(&v.paths).audit_entries(20).unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e.actor == "ines" && e.action == "selfcheck.read"),
        "{entries:?}"
    );
}

#[test]
fn a_full_screen_login_whose_account_prefers_plain_lines_goes_on_in_them() {
    let v = vault();
    unlock(&v.paths, "teo")
        .set_screen_reader_preference(true)
        .unwrap();
    // A pty starts at no size: give it a terminal's before the full screen draws.
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg("stty cols 80 rows 24 && exec \"$0\" --db \"$1\"")
        .arg(assert_cmd::cargo::cargo_bin("steady"))
        .arg(&v.paths.db);
    for var in [
        "STEADY_DB",
        "STEADY_USER",
        "STEADY_PASSPHRASE",
        "NO_COLOR",
        "STEADY_SCREEN_READER",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("TERM", "xterm-256color");
    let mut r = Reader::spawn_command(cmd);
    // The full screen's login form: the login, Tab, the passphrase, Enter.
    r.expect("Passphrase");
    r.pty.send("teo\t").unwrap();
    r.pty.send("teo passphrase one\r").unwrap();
    r.pty.flush().unwrap();
    r.expect("steady, screen-reader mode.");
    r.expect("You asked for plain lines at login, so steady goes on here, signed in.");
    r.expect("Signed in: Blackwood, Teodoro, employee id E2, role employee.");
    let out = r.quit();
    // No second passphrase was asked; from the handover on, plain lines only.
    let at = out.find("steady, screen-reader mode.").unwrap();
    let after = &out[at..];
    assert!(!after.contains("Passphrase for"), "{after}");
    assert_plain(after);
}
