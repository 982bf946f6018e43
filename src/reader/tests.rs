//! The line front end driven with scripted input against real temp-dir vaults: what it
//! says, line by line, and what was stored and audited afterwards.

use std::io::Cursor;

use super::*;
use crate::desk::{CheckinDraftInput, KdfParams, NewReferral, Passphrase, VaultPaths, init_vault};
use crate::domain::checkin::Visibility;
use crate::domain::dates::parse_date;
use crate::domain::referral::{Consent, Status, Urgency};
use crate::domain::stressors::{Severity, StressorCatalog, StressorFlag};
use crate::domain::{Person, Roles};
use crate::instruments::Answer;

const SUPERVISOR: (&str, &str) = ("m.vantongeren", "supervisor passphrase");
const COORDINATOR: (&str, &str) = ("c.keller", "coordinator passphrase");
const EMPLOYEE: (&str, &str) = ("t.blackwood", "employee passphrase");
const ADMIN: (&str, &str) = ("admin", "admin passphrase 1");
const TODAY: &str = "2026-06-30";

fn day(text: &str) -> NaiveDate {
    parse_date(text).unwrap()
}

fn unlock(paths: &VaultPaths, (login, passphrase): (&str, &str)) -> Session {
    let vault = LockedVault::open(paths)
        .unwrap()
        .with_clock(Clock::on(day(TODAY)));
    match vault.unlock(login, &Passphrase::new(passphrase)).unwrap() {
        Unlock::Ready(session, _) => *session,
        Unlock::MustChange(_) => panic!("{login} must change their passphrase"),
    }
}

struct Vault {
    dir: tempfile::TempDir,
}

impl Vault {
    fn paths(&self) -> VaultPaths {
        VaultPaths::for_db(&self.dir.path().join("vault").join("steady.db"))
    }

    /// Runs the front end over `script` (one answer a line) and returns all it wrote,
    /// having checked that it is plain lines.
    fn drive(&self, script: &[&str]) -> String {
        self.drive_with(script, None)
    }

    /// As `drive`, locking after `lock_after` of waiting, where every wait runs out.
    fn drive_with(&self, script: &[&str], lock_after: Option<std::time::Duration>) -> String {
        self.drive_waiting(script, lock_after, |_| false)
    }

    /// As `drive_with`, with `wait` saying whether an answer comes within each wait.
    fn drive_waiting(
        &self,
        script: &[&str],
        lock_after: Option<std::time::Duration>,
        wait: fn(std::time::Duration) -> bool,
    ) -> String {
        let mut input = Cursor::new(script.iter().map(|l| format!("{l}\n")).collect::<String>());
        let mut output = Vec::new();
        let options = ReaderOptions {
            rules: None,
            pinned_login: None,
            secrets: Secrets::FromInput,
            clock: Some(Clock::on(day(TODAY))),
            lock_after,
            wait,
        };
        run(
            LockedVault::open(&self.paths()).unwrap(),
            options,
            &mut input,
            &mut output,
        )
        .unwrap();
        let text = String::from_utf8(output).unwrap();
        assert_plain(&text);
        text
    }
}

fn assert_plain(text: &str) {
    for (n, line) in text.lines().enumerate() {
        assert!(
            !line.chars().any(|c| c.is_control()),
            "line {} has a control character: {line:?}",
            n + 1
        );
    }
    assert!(!text.contains('\r'));
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

/// A supervisor (E1) over Blackwood (E2) and Lin (E3), Okafor (E4) under Blackwood, Zhou
/// (E9) elsewhere, a coordinator (E8), and Blackwood's own account.
fn vault() -> Vault {
    let dir = tempfile::tempdir().unwrap();
    let paths = VaultPaths::for_db(&dir.path().join("vault").join("steady.db"));
    let mut admin = init_vault(
        &paths,
        ADMIN.0,
        &Passphrase::new(ADMIN.1),
        KdfParams::FLOOR,
        "Test vault",
        false,
    )
    .unwrap();
    for (id, name, boss) in [
        ("E1", "Vantongeren, Mara", None),
        ("E2", "Blackwood, Teodoro", Some("E1")),
        ("E3", "Lin, Jo", Some("E1")),
        ("E4", "Okafor, Rita", Some("E2")),
        ("E8", "Keller, Ines", None),
        ("E9", "Zhou, Wen", None),
    ] {
        admin.add_person(&person(id, name, boss)).unwrap();
    }
    for ((login, passphrase), roles, who) in [
        (SUPERVISOR, vec![Role::Supervisor, Role::Employee], "E1"),
        (COORDINATOR, vec![Role::Coordinator, Role::Employee], "E8"),
        (EMPLOYEE, vec![Role::Employee], "E2"),
    ] {
        admin
            .add_account_with(
                login,
                Roles::new(roles),
                Some(who),
                Some(Passphrase::new(passphrase)),
            )
            .unwrap();
    }
    Vault { dir }
}

fn propose(v: &Vault, consent: Consent) -> i64 {
    unlock(&v.paths(), SUPERVISOR)
        .propose_referral(&NewReferral {
            employee_id: "E2".into(),
            resource_id: "eap".into(),
            consent,
            urgency: Urgency::Soon,
            reason: "Asked for someone to talk to.".into(),
            on: day("2026-06-25"),
        })
        .unwrap()
}

/// The line that begins with `start`, whole.
fn line<'t>(text: &'t str, start: &str) -> &'t str {
    text.lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line starts with {start:?} in:\n{text}"))
}

fn position(text: &str, needle: &str) -> usize {
    text.find(needle)
        .unwrap_or_else(|| panic!("{needle:?} is not in:\n{text}"))
}

#[test]
fn the_home_says_who_is_signed_in_then_each_section_with_its_count() {
    let v = vault();
    let out = v.drive(&[SUPERVISOR.0, SUPERVISOR.1]);
    let signed_in = position(
        &out,
        "Signed in: Vantongeren, Mara, employee id E1, role supervisor.",
    );
    let prompts = position(&out, "Prompts for your people: 0.");
    let follow_ups = position(&out, "Follow-ups due: 0.");
    let not_seen = position(&out, "Not seen lately: 3.");
    assert!(signed_in < prompts && prompts < follow_ups && follow_ups < not_seen);
    assert!(out.contains("1 of 3: Blackwood, Teodoro, never checked in with."));
    assert_eq!(
        line(&out, "Choose:"),
        "Choose: home (read the home again), prompts (the prompts for you), today (follow-ups and people not seen lately), people (your people), resources (the resources), report (the engagement report, row by row), self-check (take a self-check), my-checks (your past self-checks), my-records (what is recorded about you), role (switch role), preferences (how steady starts for you), help (crisis lines), lock (lock and log out), quit (leave steady)."
    );
}

#[test]
fn a_supervisor_records_a_checkin_one_field_at_a_time() {
    let v = vault();
    let catalog = StressorCatalog::builtin();
    let workload = catalog
        .categories
        .iter()
        .position(|c| c.id == "work.workload")
        .unwrap()
        + 1;
    let out = v.drive(&[
        SUPERVISOR.0,
        SUPERVISOR.1,
        "people",
        "filter",
        "lin",
        "1",
        "check-in",
        "",
        "6",
        "2",
        &workload.to_string(),
        "high",
        "Talked about the rota.",
        "2026-07-14",
        "",
        "yes",
    ]);
    assert!(out.contains("Your people matching lin: 1."), "{out}");
    assert!(out.contains("1 of 1: Lin, Jo, employee id E3, Harbor-Station: no check-in yet."));
    assert!(out.contains(
        "Date (year-month-day; now: 2026-06-30). Enter keeps it; cancel leaves the form."
    ));
    // A rating out of range is said, and asked again.
    assert!(out.contains("A number from 1 to 5, please."));
    let stressors = line(&out, "Stressors. 1 ");
    assert!(
        stressors.contains("(numbers separated by commas, or none; now: none)"),
        "{stressors}"
    );
    assert!(out.contains(
        "Who may read it (chain: the supervisors up the chain; private: no one else; now: chain)."
    ));
    assert!(out.contains("To save: 30 June 2026, wellbeing 2 of 5, stressors: "));
    assert!(line(&out, "Check-in ").ends_with(" saved."));
    let stored = unlock(&v.paths(), SUPERVISOR).checkins("E3").unwrap();
    assert_eq!(stored.len(), 1);
    let c = &stored[0];
    assert_eq!(
        (c.wellbeing, c.notes.as_str(), c.follow_up_on, c.visibility),
        (
            2,
            "Talked about the rota.",
            Some(day("2026-07-14")),
            Visibility::Chain
        )
    );
    assert_eq!(
        c.stressors,
        vec![StressorFlag {
            category: "work.workload".into(),
            severity: Severity::High
        }]
    );
}

#[test]
fn cancel_leaves_the_checkin_form_and_nothing_is_saved() {
    let v = vault();
    let out = v.drive(&[
        SUPERVISOR.0,
        SUPERVISOR.1,
        "people",
        "2",
        "check-in",
        "",
        "cancel",
    ]);
    assert!(out.contains("Form left; nothing was saved."), "{out}");
    assert!(
        unlock(&v.paths(), SUPERVISOR)
            .checkins("E3")
            .unwrap()
            .is_empty()
    );
}

#[test]
fn help_at_the_passphrase_prompt_reads_the_crisis_lines_and_asks_again() {
    let v = vault();
    let out = v.drive(&[SUPERVISOR.0, "!", SUPERVISOR.1, "help", "quit", "yes"]);
    let asked = position(&out, "Passphrase for m.vantongeren");
    let help = position(&out, "Help, right now.");
    assert!(asked < help);
    assert!(
        out.contains("988 Suicide & Crisis Lifeline: Call or text 988"),
        "{out}"
    );
    assert!(out.contains("Nothing is sent to anyone"));
    // Asked again after the help, then signed in; help from the home's prompt too.
    assert!(out[help..].contains("Passphrase for m.vantongeren"));
    assert!(out.matches("Help, right now.").count() >= 2);
    assert!(out.contains("Signed in: Vantongeren, Mara"));
    assert!(out.ends_with("Goodbye. The vault is locked.\n"));
}

#[test]
fn a_wrong_passphrase_is_said_and_asked_again() {
    let v = vault();
    let out = v.drive(&[SUPERVISOR.0, "not it", SUPERVISOR.0, SUPERVISOR.1]);
    assert!(out.contains("That login and passphrase do not match. Try again."));
    assert!(out.contains("Signed in: Vantongeren, Mara"));
}

#[test]
fn a_first_login_chooses_a_passphrase_the_desk_accepts() {
    let v = vault();
    let new = unlock(&v.paths(), ADMIN)
        .add_account("j.lin", Roles::new([Role::Employee]), Some("E3"))
        .unwrap();
    let one_time = new.one_time_passphrase.expose().to_string();
    let chosen = "a lantern by the quiet harbour";
    let out = v.drive(&["j.lin", &one_time, "password", chosen, chosen]);
    assert!(out.contains("This was a one-time passphrase."), "{out}");
    assert!(line(&out, "Not accepted: ").ends_with("Try another."));
    assert!(out.contains("Your new passphrase is set"));
    assert!(out.contains("Signed in: Lin, Jo, employee id E3, role employee."));
    unlock(&v.paths(), ("j.lin", chosen));
}

#[test]
fn the_safety_item_reads_the_crisis_lines_at_once_and_nothing_is_sent_until_submit() {
    let v = vault();
    let mut script = vec![EMPLOYEE.0, EMPLOYEE.1, "self-check", "3"];
    script.extend(["1"; 8]);
    script.extend(["2", "yes", "no", "no", "yes"]);
    let out = v.drive(&script);
    let ninth = position(&out, "Question 9 of 9: ");
    let crisis = position(&out, "You do not have to carry this alone.");
    let go_on = position(&out, "Go on with the self-check?");
    let share = position(&out, "Share it with the wellness coordinators?");
    assert!(ninth < crisis && crisis < go_on && go_on < share, "{out}");
    assert!(out[crisis..go_on].contains("988"));
    assert!(out[crisis..go_on].contains("Nothing you answered here has been sent to anyone."));
    // Each item offers its answers by number and word.
    assert!(
        line(&out, "Question 1 of 9: ").contains("Answers: 0 "),
        "{out}"
    );
    assert!(
        line(&out, "Question 1 of 9: ").contains(", skip to leave it out."),
        "{out}"
    );
    assert!(out.contains("It is saved, and only you can read it."));
    let page = unlock(&v.paths(), EMPLOYEE).my_self_checks_page().unwrap();
    assert_eq!(page.checks.len(), 1);
    assert!(!page.checks[0].record().shared);
    // Read back in plain band words, then shared from the list.
    let out = v.drive(&[
        EMPLOYEE.0,
        EMPLOYEE.1,
        "my-checks",
        "1",
        "read",
        "1",
        "trend",
        "1",
        "share",
    ]);
    // Its reading again, and the totals over time, in words.
    assert!(
        out.contains("This is a screening reading, not a diagnosis."),
        "{out}"
    );
    assert!(
        line(&out, "Your totals on Mood check (PHQ-9").contains("oldest first: 10 on 2026-06-30, "),
        "{out}"
    );
    assert!(
        line(&out, "1 of 1: 2026-06-30, ").ends_with("only you."),
        "{out}"
    );
    assert!(out.contains("Shared with the wellness coordinators (1)."));
    let page = unlock(&v.paths(), EMPLOYEE).my_self_checks_page().unwrap();
    assert!(page.checks[0].record().shared);
}

#[test]
fn stopping_at_the_safety_item_saves_nothing() {
    let v = vault();
    let mut script = vec![EMPLOYEE.0, EMPLOYEE.1, "self-check", "3"];
    script.extend(["0"; 8]);
    script.extend(["3", "no"]);
    let out = v.drive(&script);
    assert!(out.contains("Stopped; nothing was saved."), "{out}");
    let page = unlock(&v.paths(), EMPLOYEE).my_self_checks_page().unwrap();
    assert!(page.checks.is_empty());
}

#[test]
fn the_coordinator_hears_only_the_moves_the_lifecycle_allows_and_accepts_a_referral() {
    let v = vault();
    let id = propose(&v, Consent::Given);
    let out = v.drive(&[
        COORDINATOR.0,
        COORDINATOR.1,
        "queue",
        "1",
        "accepted",
        "Called them.",
    ]);
    assert!(out.contains("Referral queue: 1."), "{out}");
    assert!(line(&out, "1 of 1: referral ").contains(
        "soon, Blackwood, Teodoro (E2), Employee Assistance Program (EAP): proposed, consent given"
    ));
    let choices: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("Choose: consent-refused"))
        .collect();
    assert_eq!(
        choices[0],
        "Choose: consent-refused (record the employee's consent as refused), accepted (move it to accepted), withdrawn (withdraw it), back (the screen before)."
    );
    assert!(out.contains(&format!(
        "Saved. Referral {id} is now accepted, consent given."
    )));
    assert_eq!(
        choices[1],
        "Choose: consent-refused (record the employee's consent as refused), contacted (move it to contacted), closed (move it to closed), withdrawn (withdraw it), back (the screen before)."
    );
    let session = unlock(&v.paths(), COORDINATOR);
    assert_eq!(session.referral(id).unwrap().status, Status::Accepted);
    assert_eq!(
        session.referral_events(id).unwrap().last().unwrap().note,
        "Called them."
    );
}

#[test]
fn acceptance_is_not_offered_before_consent() {
    let v = vault();
    propose(&v, Consent::Pending);
    let out = v.drive(&[COORDINATOR.0, COORDINATOR.1, "queue", "1", "accepted"]);
    let choose = line(&out, "Choose: consent-given");
    assert!(!choose.contains("accepted ("), "{choose}");
    assert!(out.contains("That is not one of the choices."));
}

#[test]
fn the_employee_consents_to_a_referral_about_them() {
    let v = vault();
    let id = propose(&v, Consent::Pending);
    let out = v.drive(&[EMPLOYEE.0, EMPLOYEE.1, "my-referrals", "1", "consent-given"]);
    // Theirs to consent to or withdraw; not to work.
    assert_eq!(
        line(&out, "Choose: consent-given"),
        "Choose: consent-given (record the employee's consent as given), consent-refused (record the employee's consent as refused), withdrawn (withdraw it), back (the screen before)."
    );
    assert!(out.contains(&format!(
        "Saved. Referral {id} is now proposed, consent given."
    )));
    assert_eq!(
        unlock(&v.paths(), EMPLOYEE).referral(id).unwrap().consent,
        Consent::Given
    );
}

#[test]
fn a_crisis_line_is_not_a_referral_target_and_a_referral_is_proposed() {
    let v = vault();
    let out = v.drive(&[SUPERVISOR.0, SUPERVISOR.1, "people", "1", "refer"]);
    let lines: Vec<&str> = out
        .lines()
        .filter(|l| l.contains(" of ") && l.contains("Lifeline"))
        .collect();
    let crisis = lines[0];
    assert!(
        crisis.ends_with("a crisis line, to call now, not a referral."),
        "{crisis}"
    );
    let number = crisis.split(' ').next().unwrap().to_string();
    let eap = line(&out, "1 of ");
    assert!(!eap.contains("crisis"));
    let out = v.drive(&[
        SUPERVISOR.0,
        SUPERVISOR.1,
        "people",
        "1",
        "refer",
        &number,
        "back",
    ]);
    assert!(
        out.contains("is a crisis line: call it now (Call or text 988"),
        "{out}"
    );
    assert!(
        unlock(&v.paths(), SUPERVISOR)
            .referrals_about("E2")
            .unwrap()
            .is_empty()
    );
    let out = v.drive(&[
        SUPERVISOR.0,
        SUPERVISOR.1,
        "people",
        "1",
        "refer",
        "1",
        "urgent",
        "",
        "Asked for help.",
        "yes",
    ]);
    assert!(
        line(&out, "Referral ")
            .contains("proposed for Blackwood, Teodoro: it waits for their consent."),
        "{out}"
    );
    let stored = unlock(&v.paths(), SUPERVISOR)
        .referrals_about("E2")
        .unwrap();
    assert_eq!(
        (stored[0].urgency, stored[0].consent),
        (Urgency::Urgent, Consent::Pending)
    );
}

#[test]
fn a_prompt_is_read_with_its_reasons_and_acknowledged_with_a_note() {
    let v = vault();
    unlock(&v.paths(), SUPERVISOR)
        .record_checkin(
            "E2",
            CheckinDraftInput {
                occurred_on: day("2026-06-20"),
                wellbeing: 1,
                visibility: None,
                notes: "Hardly slept.".into(),
                follow_up_on: None,
                stressors: vec![],
            },
        )
        .unwrap();
    let mut admin = unlock(&v.paths(), ADMIN);
    admin
        .run_rules(day(TODAY), &mut crate::desk::Unwatched)
        .unwrap();
    drop(admin);
    let out = v.drive(&[
        SUPERVISOR.0,
        SUPERVISOR.1,
        "prompts",
        "1",
        "acknowledge",
        "Called him today.",
    ]);
    assert!(out.contains("Prompts for your people: 1."), "{out}");
    assert!(
        line(
            &out,
            "1 of 1, urgent: check in with Blackwood, Teodoro, because "
        )
        .len()
            > 60
    );
    assert!(out.contains("Reasons: "));
    assert!(out.contains("check-in of 20 June 2026, wellbeing 1 of 5, notes: Hardly slept."));
    assert!(out.contains("Acknowledged, with your note; it leaves your list."));
    let open = unlock(&v.paths(), SUPERVISOR)
        .prompts(day(TODAY), false)
        .unwrap();
    assert!(open.is_empty());
}

#[test]
fn lists_are_paged_and_numbered_across_pages() {
    let v = vault();
    let mut admin = unlock(&v.paths(), ADMIN);
    for n in 0..12 {
        admin
            .add_person(&person(
                &format!("E{}", 100 + n),
                &format!("Person {n:02}"),
                Some("E1"),
            ))
            .unwrap();
    }
    drop(admin);
    let out = v.drive(&[SUPERVISOR.0, SUPERVISOR.1, "people", "n", "p"]);
    assert!(out.contains("Your people: 15."), "{out}");
    assert!(out.contains("Page 1 of 2."));
    assert!(out.contains("5 of 15: Person 01, never checked in with.\nThe rest are in today."));
    assert!(out.contains("Page 2 of 2."));
    assert!(out.contains("11 of 15: "));
    assert!(
        line(&out, "Choose: a number (1 to 15), n (next page)")
            .ends_with("back (the screen before).")
    );
    assert!(out.contains("Choose: a number (1 to 15), p (previous page), filter"));
}

#[test]
fn text_from_users_reaches_the_lines_without_control_characters() {
    let v = vault();
    unlock(&v.paths(), ADMIN)
        .add_person(&person("E5", "Evil\u{1b}[2J\u{7}Name", Some("E1")))
        .unwrap();
    // `drive` asserts every line is free of control characters.
    let out = v.drive(&[SUPERVISOR.0, SUPERVISOR.1, "people"]);
    assert!(out.contains("Name, employee id E5"), "{out}");
}

#[test]
fn a_person_outside_ones_care_is_not_opened() {
    let v = vault();
    let mut input = Cursor::new(String::new());
    let mut output = Vec::new();
    let mut console = Console::new(&mut input, &mut output, Secrets::FromInput, Vec::new());
    let mut desk = Desk {
        session: unlock(&v.paths(), SUPERVISOR),
        role: Role::Supervisor,
    };
    care::person(&mut console, &mut desk, "E9").unwrap();
    let out = String::from_utf8(output).unwrap();
    assert!(
        out.starts_with("This person's page is not open to you"),
        "{out}"
    );
    assert!(!out.contains("Zhou"));
}

#[test]
fn lock_returns_to_the_login_and_the_input_ending_quits() {
    let v = vault();
    let out = v.drive(&[SUPERVISOR.0, SUPERVISOR.1, "lock", EMPLOYEE.0, EMPLOYEE.1]);
    assert!(out.contains("Locked. Log in again to go on."));
    assert!(out.contains("Signed in: Blackwood, Teodoro, employee id E2, role employee."));
    assert!(out.ends_with("Goodbye. The vault is locked.\n"));
}

#[test]
fn a_mentor_records_a_private_checkin_with_a_mentee() {
    let v = vault();
    let mut admin = unlock(&v.paths(), ADMIN);
    admin
        .add_account_with(
            "r.ruiz",
            Roles::new([Role::Mentor]),
            None,
            Some(Passphrase::new("mentor passphrase")),
        )
        .unwrap();
    admin.assign_mentor("r.ruiz", "E9").unwrap();
    drop(admin);
    let out = v.drive(&[
        "r.ruiz",
        "mentor passphrase",
        "people",
        "1",
        "check-in",
        "",
        "4",
        "",
        "Coffee, talked about the course.",
        "",
        "",
        "yes",
    ]);
    assert!(
        out.contains("Signed in: r.ruiz, no employee id, role mentor."),
        "{out}"
    );
    assert!(out.contains("1 of 1: Zhou, Wen, employee id E9, Harbor-Station: no check-in yet."));
    assert!(out.contains(
        "Who may read it (chain: the supervisors up the chain; private: no one else; now: private)."
    ));
    let stored = unlock(&v.paths(), ("r.ruiz", "mentor passphrase"))
        .checkins("E9")
        .unwrap();
    assert_eq!(stored[0].visibility, Visibility::Private);
    assert_eq!(stored[0].notes, "Coffee, talked about the course.");
}

#[test]
fn a_prompt_is_snoozed_with_a_reason_within_its_cap() {
    let v = vault();
    unlock(&v.paths(), SUPERVISOR)
        .record_checkin(
            "E2",
            CheckinDraftInput {
                occurred_on: day("2026-06-20"),
                wellbeing: 1,
                visibility: None,
                notes: String::new(),
                follow_up_on: None,
                stressors: vec![],
            },
        )
        .unwrap();
    unlock(&v.paths(), ADMIN)
        .run_rules(day(TODAY), &mut crate::desk::Unwatched)
        .unwrap();
    let out = v.drive(&[
        SUPERVISOR.0,
        SUPERVISOR.1,
        "prompts",
        "1",
        "snooze",
        "99",
        "2",
        "On leave until Thursday.",
    ]);
    let cap = crate::domain::prompt::snooze_cap_days(crate::rules::Severity::Urgent);
    assert!(
        out.contains(&format!(
            "Snooze for how many days (1 to {cap}; now: {cap})."
        )),
        "{out}"
    );
    assert!(out.contains(&format!("A number from 1 to {cap}, please.")));
    assert!(out.contains("Snoozed until 2 July 2026; it comes back then if it still holds."));
    let views = unlock(&v.paths(), SUPERVISOR)
        .prompts(day(TODAY), true)
        .unwrap();
    assert_eq!(
        views[0].response.as_ref().and_then(|r| r.until),
        Some(day("2026-07-02"))
    );
}

#[test]
fn the_coordinator_reads_the_report_row_by_row_and_retires_a_resource() {
    let v = vault();
    let out = v.drive(&[
        COORDINATOR.0,
        COORDINATOR.1,
        "report",
        "12",
        "1",
        "back",
        "back",
        "resources",
    ]);
    assert!(
        out.contains("Working… counting the engagement report"),
        "{out}"
    );
    assert!(line(&out, "Engagement report, July 2025 to June 2026.").contains("fewer than"));
    assert!(out.contains("Months, each with all units: 12."));
    assert!(line(&out, "1 of 12: July 2025, all units: headcount 6").contains("checked in 0"));
    let first = line(&out, "Row 1 of ");
    assert!(first.contains(": June 2026, "), "{out}");
    // Row by row: a sentence each, then every figure of the one opened, a line each.
    assert!(first.contains("headcount "), "{first}");
    assert!(line(&out, "headcount: ").ends_with('.'));
    assert!(line(&out, "referrals opened: ").ends_with('.'));
    let eap = out
        .lines()
        .find(|l| l.contains(": Employee Assistance Program (EAP): "))
        .unwrap();
    let number = eap.split(' ').next().unwrap().to_string();
    let out = v.drive(&[
        COORDINATOR.0,
        COORDINATOR.1,
        "resources",
        &number,
        "retire",
        "yes",
        &number,
        "restore",
    ]);
    assert!(
        out.contains("Employee Assistance Program (EAP) is retired."),
        "{out}"
    );
    assert!(out.contains("Employee Assistance Program (EAP) (retired):"));
    assert!(out.contains("Employee Assistance Program (EAP) is offered again."));
    assert!(
        !unlock(&v.paths(), COORDINATOR)
            .resource("eap")
            .unwrap()
            .retired
    );
}

#[test]
fn an_admin_changes_a_vault_setting_after_a_yes() {
    let v = vault();
    let out = v.drive(&[ADMIN.0, ADMIN.1, "settings", "1", "7", "yes"]);
    assert!(
        out.contains("Signed in: admin, no employee id, role admin."),
        "{out}"
    );
    assert!(line(&out, "Choose: home").contains("settings (the vault settings)"));
    assert!(out.contains("Saved: report.min_k is now 7"), "{out}");
    assert_eq!(
        unlock(&v.paths(), ADMIN)
            .setting("report.min_k")
            .unwrap()
            .value,
        "7"
    );
}

#[test]
fn an_employee_refers_themself_and_deletes_a_self_check() {
    let v = vault();
    let out = v.drive(&[
        EMPLOYEE.0,
        EMPLOYEE.1,
        "refer-myself",
        "1",
        "",
        "I would like to talk to someone.",
        "yes",
    ]);
    // One's own consent goes with it: not asked.
    assert!(!out.contains("The employee's consent"), "{out}");
    assert!(out.contains("Your self-referral to "), "{out}");
    let mine = unlock(&v.paths(), EMPLOYEE).referrals_about("E2").unwrap();
    assert!(mine[0].self_referral && mine[0].consent == Consent::Given);
    let mut script = vec![EMPLOYEE.0, EMPLOYEE.1, "self-check", "1"];
    script.extend(["3"; 5]);
    script.extend(["no", "no", "yes", "my-checks", "1", "delete", "yes"]);
    let out = v.drive(&script);
    assert!(out.contains("Deleted."), "{out}");
    assert!(
        unlock(&v.paths(), EMPLOYEE)
            .my_self_checks_page()
            .unwrap()
            .checks
            .is_empty()
    );
}

#[test]
fn the_preference_is_read_and_changed_through_the_desk() {
    let v = vault();
    let out = v.drive(&[EMPLOYEE.0, EMPLOYEE.1, "preferences", "yes"]);
    assert!(
        out.contains("Screen-reader mode at every later login: off."),
        "{out}"
    );
    assert!(out.contains("Saved: screen-reader mode at later logins is on."));
    assert!(
        unlock(&v.paths(), EMPLOYEE)
            .screen_reader_preference()
            .unwrap()
    );
    let out = v.drive(&[EMPLOYEE.0, EMPLOYEE.1, "preferences", "no"]);
    assert!(out.contains("Screen-reader mode at every later login: on."));
    assert!(out.contains("Unchanged."));
}

#[test]
fn questions_may_be_skipped_as_far_as_the_instrument_allows() {
    let v = vault();
    let mut script = vec![EMPLOYEE.0, EMPLOYEE.1, "self-check", "3", "skip", "skip"];
    script.extend(["0"; 7]);
    script.extend(["no", "no", "yes"]);
    let out = v.drive(&script);
    // Two skips allowed: the third question offers none.
    assert!(!line(&out, "Question 3 of 9: ").contains("skip"), "{out}");
    assert!(
        out.contains("It is saved, and only you can read it."),
        "{out}"
    );
    let page = unlock(&v.paths(), EMPLOYEE).my_self_checks_page().unwrap();
    let view = page.checks[0].verified().unwrap();
    assert_eq!(view.answers[..2], [Answer::Skipped, Answer::Skipped]);
}

#[test]
fn a_supervisor_reads_their_checkin_with_its_history_and_changes_it() {
    let v = vault();
    let id = unlock(&v.paths(), SUPERVISOR)
        .record_checkin(
            "E3",
            CheckinDraftInput {
                occurred_on: day("2026-06-10"),
                wellbeing: 2,
                visibility: None,
                notes: "Tired.".into(),
                follow_up_on: None,
                stressors: vec![StressorFlag {
                    category: "health.sleep".into(),
                    severity: Severity::Low,
                }],
            },
        )
        .unwrap()
        .id;
    let out = v.drive(&[
        SUPERVISOR.0,
        SUPERVISOR.1,
        "people",
        "2",
        "read-check-in",
        "1",
        "edit",
        "",
        "4",
        "",
        "",
        "",
        "",
        "yes",
    ]);
    assert!(out.contains("Notes: Tired."), "{out}");
    assert!(out.contains("Earlier versions: 0."));
    assert!(out.contains("Wellbeing (1 low to 5 high; now: 2)."));
    assert!(
        line(&out, "Stressors. 1 ")
            .contains("(numbers separated by commas, or none; now: 8 Sleep low)."),
        "{out}"
    );
    // A sentence ends once, whatever the note ends with.
    assert!(out.contains("notes: Tired.\n"), "{out}");
    assert!(out.contains("Notes (free text, or none to clear; now: Tired.)."));
    assert!(
        out.contains("changed; the earlier version is kept (now version 2)."),
        "{out}"
    );
    let (c, history) = unlock(&v.paths(), SUPERVISOR)
        .checkin_with_history(id)
        .unwrap();
    assert_eq!((c.wellbeing, c.notes.as_str(), c.version), (4, "Tired.", 2));
    assert_eq!(c.stressors.len(), 1);
    assert_eq!(history.len(), 1);
}

#[test]
fn from_a_prompt_a_referral_starts_with_its_suggestions_and_a_checkin_can_be_recorded() {
    let v = vault();
    unlock(&v.paths(), SUPERVISOR)
        .record_checkin(
            "E2",
            CheckinDraftInput {
                occurred_on: day("2026-06-20"),
                wellbeing: 1,
                visibility: None,
                notes: String::new(),
                follow_up_on: None,
                stressors: vec![],
            },
        )
        .unwrap();
    unlock(&v.paths(), ADMIN)
        .run_rules(day(TODAY), &mut crate::desk::Unwatched)
        .unwrap();
    let out = v.drive(&[
        SUPERVISOR.0,
        SUPERVISOR.1,
        "prompts",
        "1",
        "refer",
        "back",
        "check-in",
        "",
        "3",
        "",
        "",
        "",
        "",
        "yes",
    ]);
    let choose = line(&out, "Choose: acknowledge");
    assert!(choose.contains("check-in (record a check-in with them), refer (propose a referral, the suggestions first), person (their page)"), "{choose}");
    let might_help = line(&out, "Might help: ");
    let first = might_help["Might help: ".len()..]
        .split("; ")
        .next()
        .unwrap()
        .trim_end_matches('.');
    // The rule's first suggestion leads the list.
    let listed = &out[position(&out, "Resources to refer to: ")..];
    let top = listed.lines().find(|l| l.starts_with("1 of ")).unwrap();
    assert!(
        top.starts_with("1 of ") && top.ends_with(&format!(": {first} (suggested).")),
        "{first}: {top}"
    );
    assert!(out.contains("Form left; nothing was saved."));
    assert!(line(&out, "Check-in ").ends_with(" saved."), "{out}");
    assert_eq!(
        unlock(&v.paths(), SUPERVISOR).checkins("E2").unwrap().len(),
        2
    );
}

#[test]
fn an_unanswered_question_locks_after_the_idle_minutes() {
    let v = vault();
    let out = v.drive_with(
        &[SUPERVISOR.0, SUPERVISOR.1, EMPLOYEE.0, EMPLOYEE.1],
        Some(std::time::Duration::from_secs(15 * 60)),
    );
    assert_eq!(
        out.matches(
            "Still there? steady locks in 1 minute unless you answer the question above.\n\
             Locked after 15 minutes without an answer.\nLocked. Log in again to go on.\n"
        )
        .count(),
        2,
        "{out}"
    );
    assert!(out.contains("Signed in: Vantongeren, Mara"));
    // The next person logs in at the login, as after any lock.
    assert!(out.contains("Signed in: Blackwood, Teodoro"));
}

/// Told a minute before the lock, an answer in that minute keeps the session.
#[test]
fn an_answer_after_the_warning_keeps_the_session() {
    let v = vault();
    // No answer in the first 14 minutes; one in the last.
    let out = v.drive_waiting(
        &[SUPERVISOR.0, SUPERVISOR.1, "quit", "yes"],
        Some(std::time::Duration::from_secs(15 * 60)),
        |waited| waited <= std::time::Duration::from_secs(60),
    );
    assert!(
        out.contains("Still there? steady locks in 1 minute unless you answer the question above."),
        "{out}"
    );
    assert!(!out.contains("Locked after"), "{out}");
    assert!(out.contains("Signed in: Vantongeren, Mara"), "{out}");
}

#[test]
fn everyone_reads_the_resources_and_only_coordinators_retire_them() {
    let v = vault();
    let out = v.drive(&[EMPLOYEE.0, EMPLOYEE.1, "resources", "5", "back"]);
    assert!(
        line(&out, "Choose: home").contains("resources (the resources)"),
        "{out}"
    );
    assert!(out.contains("Resources: "), "{out}");
    let after = &out[position(&out, "5 of ")..];
    assert!(!after.contains("retire ("), "{after}");
    // A supervisor who also holds the employee role takes a self-check from the work home.
    let out = v.drive(&[SUPERVISOR.0, SUPERVISOR.1]);
    assert!(
        line(&out, "Choose: home").contains("self-check (take a self-check)"),
        "{out}"
    );
}

#[test]
fn what_is_recorded_about_you_reads_the_prompts_about_you_with_the_notes_left() {
    let v = vault();
    unlock(&v.paths(), SUPERVISOR)
        .record_checkin(
            "E2",
            CheckinDraftInput {
                occurred_on: day("2026-06-20"),
                wellbeing: 1,
                visibility: None,
                notes: "A hard week.".into(),
                follow_up_on: None,
                stressors: vec![],
            },
        )
        .unwrap();
    unlock(&v.paths(), ADMIN)
        .run_rules(day(TODAY), &mut crate::desk::Unwatched)
        .unwrap();
    let mut sup = unlock(&v.paths(), SUPERVISOR);
    let id = sup.prompts(day(TODAY), false).unwrap()[0].id;
    sup.acknowledge_prompt(id, "We talked on Monday.", day(TODAY))
        .unwrap();
    drop(sup);
    let out = v.drive(&[EMPLOYEE.0, EMPLOYEE.1, "my-records", "refer-myself", "back"]);
    assert!(out.contains("Check-ins about you: 1."), "{out}");
    assert!(out.contains("notes: A hard week."));
    assert!(out.contains("Prompts about you: 1."));
    assert!(
        line(&out, "1 of 1: 30 June 2026, for your supervisors, open: ").len() > 50,
        "{out}"
    );
    assert!(
        out.contains("30 June 2026, m.vantongeren acknowledged: We talked on Monday."),
        "{out}"
    );
    assert!(out.contains("Resources to refer to: "));
    assert!(out.contains("Form left; nothing was saved."));
}

#[path = "jobs_tests.rs"]
mod jobs;
