//! Whole-screen tests of the workflow pages against real temp-dir vaults: check-ins with
//! fixed past dates, referrals in every queue state, snapshots with the fixed test clock.

use insta::assert_snapshot;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, KeyCode, KeyModifiers};
use ratatui::layout::Size;

use super::TuiOptions;
use super::app::{App, action_for};
use super::screens::home::Focus;
use super::screens::my_records::MyRecords;
use super::screens::report::ReportPage;
use super::screens::settings::Settings;
use super::state::{Action, Effect, Screen, View, update};
use super::tests::{CHEAP, NOW, clock_at, key, key_with, person, render, screen_text};
use super::theme::Theme;
use crate::desk::{
    CheckinDraftInput, LockedVault, NewReferral, Session, Unlock, VaultPaths, init_vault,
};
use crate::domain::checkin::Visibility;
use crate::domain::dates::parse_date;
use crate::domain::referral::{Change, Consent, Status, Urgency};
use crate::domain::stressors::{Severity, StressorFlag};
use crate::domain::{Role, Roles};
use crate::vault::Passphrase;

pub(super) const SUPERVISOR: (&str, &str) = ("m.vantongeren", "supervisor passphrase");
pub(super) const COORDINATOR: (&str, &str) = ("c.keller", "coordinator passphrase");
pub(super) const EMPLOYEE: (&str, &str) = ("t.blackwood", "employee passphrase");
pub(super) const ADMIN: (&str, &str) = ("admin", "admin passphrase 1");

/// The day the test clock shows.
pub(super) const TODAY: &str = "2026-06-30";

pub(super) fn day(text: &str) -> chrono::NaiveDate {
    parse_date(text).unwrap()
}

pub(super) fn flag(category: &str, severity: Severity) -> StressorFlag {
    StressorFlag {
        category: category.into(),
        severity,
    }
}

pub(super) fn unlock(paths: &VaultPaths, (login, passphrase): (&str, &str)) -> Session {
    match LockedVault::open(paths)
        .unwrap()
        .unlock(login, &Passphrase::new(passphrase))
        .unwrap()
    {
        Unlock::Ready(session, _) => *session,
        Unlock::MustChange(_) => panic!("{login} must change their passphrase"),
    }
}

pub(super) struct Workflow {
    pub(super) dir: tempfile::TempDir,
    pub(super) app: App,
}

/// A vault with a supervisor (E1) over Blackwood (E2), Lin (E3) and, one level down,
/// Okafor (E4); Zhou (E9) elsewhere; a coordinator (E8); and Blackwood's own account.
/// `seed` adds check-ins and referrals before the app opens.
pub(super) fn workflow(seed: impl FnOnce(&VaultPaths)) -> Workflow {
    workflow_on(seed, &[TODAY])
}

/// As `workflow`, with the rules run as of each of `days` in turn after the seed, so
/// prompts open on known days (and so show known ages).
pub(super) fn workflow_on(seed: impl FnOnce(&VaultPaths), days: &[&str]) -> Workflow {
    let dir = tempfile::tempdir().unwrap();
    let paths = VaultPaths::for_db(&dir.path().join("vault").join("steady.db"));
    let mut admin = init_vault(
        &paths,
        "admin",
        &Passphrase::new("admin passphrase 1"),
        CHEAP,
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
        let mut p = person(id, name, "Harbor-Station");
        p.supervisor_id = boss.map(Into::into);
        admin.add_person(&p).unwrap();
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
    drop(admin);
    seed(&paths);
    prompts_as_of(&paths, days);
    Workflow {
        app: app_at(&paths),
        dir,
    }
}

/// The app at the login screen of the vault at `paths`, with the fixed test clock, 80×24.
pub(super) fn app_at(paths: &VaultPaths) -> App {
    App::new(
        LockedVault::open(paths).unwrap(),
        &TuiOptions::default(),
        Theme::MONOCHROME,
        clock_at(NOW),
        Size::new(80, 24),
    )
}

/// Every write raised prompts as of the real day; these are replaced by the prompts as of
/// each of `days` in turn (each opened on the first of them it held), so what home shows
/// does not depend on when the tests run.
pub(super) fn prompts_as_of(paths: &VaultPaths, days: &[&str]) {
    let mut admin = unlock(paths, ADMIN);
    // A run before any record resolves whatever the seed's writes raised, so each prompt
    // opens on the first of `days` it holds on.
    for on in std::iter::once(&"2000-01-01").chain(days) {
        admin.set_clock(crate::domain::clock::Clock::on(day(on)));
        admin
            .run_rules(day(on), &mut crate::desk::Unwatched)
            .unwrap();
    }
}

pub(super) fn paths_of(w: &Workflow) -> VaultPaths {
    VaultPaths::for_db(&w.dir.path().join("vault").join("steady.db"))
}

pub(super) fn checkin(
    on: &str,
    wellbeing: u8,
    stressors: Vec<StressorFlag>,
    notes: &str,
) -> CheckinDraftInput {
    CheckinDraftInput {
        occurred_on: day(on),
        wellbeing,
        visibility: None,
        notes: notes.into(),
        follow_up_on: None,
        stressors,
    }
}

/// Blackwood's record over the year: four check-ins (one private), a referral.
pub(super) fn blackwood_record(paths: &VaultPaths) {
    let mut sup = unlock(paths, SUPERVISOR);
    sup.record_checkin("E2", checkin("2025-09-14", 4, vec![], "Settled in well."))
        .unwrap();
    sup.record_checkin(
        "E2",
        checkin(
            "2026-03-02",
            3,
            vec![flag("work.workload", Severity::Moderate)],
            "Busy quarter.",
        ),
    )
    .unwrap();
    let mut private = checkin("2026-05-01", 3, vec![], "Family matters, kept between us.");
    private.visibility = Some(Visibility::Private);
    sup.record_checkin("E2", private).unwrap();
    let mut latest = checkin(
        "2026-06-20",
        2,
        vec![
            flag("health.sleep", Severity::High),
            flag("work.shifts", Severity::Moderate),
        ],
        "Slept badly after three nights in a row.\nWe talked about swapping the fourth.",
    );
    latest.follow_up_on = Some(day("2026-07-04"));
    sup.record_checkin("E2", latest).unwrap();
    sup.propose_referral(&NewReferral {
        employee_id: "E2".into(),
        resource_id: "eap".into(),
        consent: Consent::Given,
        urgency: Urgency::Soon,
        reason: "Asked for someone to talk to about sleep.".into(),
        on: day("2026-06-20"),
    })
    .unwrap();
}

/// Referrals in every state the queue marks: overdue, stalled, not ready, on track.
pub(super) fn queue_of_referrals(paths: &VaultPaths) {
    blackwood_record(paths); // referral 1: EAP for E2, proposed 20 Jun, consent given: overdue.
    let mut sup = unlock(paths, SUPERVISOR);
    let mut propose = |employee: &str, resource: &str, consent, urgency, on: &str| {
        sup.propose_referral(&NewReferral {
            employee_id: employee.into(),
            resource_id: resource.into(),
            consent,
            urgency,
            reason: String::new(),
            on: day(on),
        })
        .unwrap()
    };
    let stalled = propose(
        "E3",
        "peer-support",
        Consent::Given,
        Urgency::Urgent,
        "2026-05-01",
    );
    propose(
        "E4",
        "financial-counselling",
        Consent::Pending,
        Urgency::Routine,
        "2026-06-25",
    );
    propose(
        "E3",
        "chaplaincy",
        Consent::Given,
        Urgency::Routine,
        "2026-06-28",
    );
    let mut coordinator = unlock(paths, COORDINATOR);
    for (status, on) in [
        (Status::Accepted, "2026-05-02"),
        (Status::Contacted, "2026-05-04"),
    ] {
        let change = Change {
            status: Some(status),
            ..Change::default()
        };
        coordinator
            .change_referral(stalled, &change, "", day(on))
            .unwrap();
    }
}

impl Workflow {
    /// Sends a key through the keymap, `update` and the effect performer, as the loop does.
    pub(super) fn press(&mut self, event: Event) {
        if let Some(action) = action_for(&self.app.state, &event) {
            self.app
                .dispatch(action, |_| Ok::<(), std::convert::Infallible>(()))
                .unwrap();
        }
    }

    pub(super) fn keys(&mut self, codes: &[KeyCode]) {
        for code in codes {
            self.press(key(*code));
        }
    }

    pub(super) fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.press(key(KeyCode::Char(c)));
        }
    }

    pub(super) fn log_in(&mut self, (login, passphrase): (&str, &str)) {
        self.type_text(login);
        self.press(key(KeyCode::Tab));
        self.type_text(passphrase);
        self.press(key(KeyCode::Enter));
        assert!(
            matches!(self.app.state.screen, Screen::Workspace(_)),
            "{}",
            self.text()
        );
    }

    pub(super) fn resize(&mut self, width: u16, height: u16) {
        self.app
            .dispatch(Action::Resize { width, height }, |_| Ok::<(), ()>(()))
            .unwrap();
    }

    pub(super) fn text(&self) -> String {
        screen_text(&self.app.state)
    }

    /// The screen's words as one line, so a sentence wrapped across rows still matches.
    pub(super) fn flat(&self) -> String {
        let mut words = Vec::new();
        for line in self.text().lines() {
            let inner = line.trim_start_matches('"');
            let inner = inner.split('"').next().unwrap_or("");
            let inner = inner
                .trim_start_matches(['│', '┌', '└'])
                .trim_end_matches(['│', '┐', '┘']);
            words.extend(inner.split_whitespace().map(str::to_string));
        }
        words.join(" ")
    }

    pub(super) fn top(&self) -> Option<&View> {
        match &self.app.state.screen {
            Screen::Workspace(ws) => ws.views.last(),
            _ => None,
        }
    }

    /// Tab round home's sections until `focus` has the keys.
    pub(super) fn focus_home(&mut self, focus: Focus) {
        for _ in 0..3 {
            match &self.app.state.screen {
                Screen::Workspace(ws) if ws.focus == focus => return,
                _ => self.press(key(KeyCode::Tab)),
            }
        }
        panic!("cannot reach {focus:?}: {}", self.text());
    }

    /// The supervisor, on Blackwood's line of the people list.
    pub(super) fn supervisor_on_blackwood(&mut self) {
        self.log_in(SUPERVISOR);
        self.focus_home(Focus::People);
        assert!(
            self.text().contains("▶ Blackwood, Teodoro"),
            "{}",
            self.text()
        );
    }
}

/// Asserts no cell holds a control character or a bidi override, mark or isolate.
pub(super) fn assert_no_control_characters(buffer: &Buffer) {
    for cell in &buffer.content {
        assert!(
            !cell.symbol().chars().any(crate::domain::text::is_unsafe),
            "control or bidi character in {:?}",
            cell.symbol()
        );
    }
}

// ---------------------------------------------------------------- snapshots

#[test]
fn snapshot_checkin_form_empty() {
    let mut w = workflow(|_| {});
    w.supervisor_on_blackwood();
    w.press(key(KeyCode::Char('c')));
    assert!(matches!(w.top(), Some(View::CheckinForm(_))));
    assert_snapshot!(render(&w.app.state).backend());
}

#[test]
fn snapshot_checkin_form_filled() {
    let mut w = workflow(|_| {});
    w.supervisor_on_blackwood();
    w.press(key(KeyCode::Char('c')));
    w.press(key(KeyCode::Tab));
    w.type_text("2");
    w.press(key(KeyCode::Tab));
    // Workload at moderate; Sleep (the eighth) raised to high.
    w.press(key(KeyCode::Char(' ')));
    for _ in 0..7 {
        w.press(key(KeyCode::Down));
    }
    w.keys(&[KeyCode::Char(' '), KeyCode::Right]);
    w.press(key(KeyCode::Tab));
    w.type_text("Slept badly after three nights in a row.");
    w.press(key(KeyCode::Enter));
    w.type_text("We talked about swapping the fourth.");
    w.press(key(KeyCode::Tab));
    w.type_text("2026-07-04");
    let text = w.text();
    assert!(
        text.contains("Might help with what came up: Employee Assistance Program"),
        "{text}"
    );
    assert_snapshot!(render(&w.app.state).backend());
}

#[test]
fn snapshot_person_page_with_chart_and_timeline() {
    let mut w = workflow(blackwood_record);
    w.supervisor_on_blackwood();
    w.press(key(KeyCode::Enter));
    assert!(matches!(w.top(), Some(View::Person(_))));
    assert_snapshot!(render(&w.app.state).backend());
}

#[test]
fn snapshot_checkin_detail() {
    let mut w = workflow(blackwood_record);
    w.supervisor_on_blackwood();
    w.press(key(KeyCode::Enter));
    // The referral is first (same day, after the conversation); the check-in under it.
    w.keys(&[KeyCode::Down, KeyCode::Enter]);
    assert!(
        matches!(w.top(), Some(View::CheckinDetail(_))),
        "{}",
        w.text()
    );
    let text = w.text();
    assert!(
        text.contains("We talked about swapping the fourth."),
        "{text}"
    );
    assert_snapshot!(render(&w.app.state).backend());
}

#[test]
fn snapshot_coordinator_queue() {
    let mut w = workflow(queue_of_referrals);
    w.log_in(COORDINATOR);
    let text = w.text();
    for mark in ["overdue", "stalled", "(not ready)", "●", "◆"] {
        assert!(text.contains(mark), "{mark}\n{text}");
    }
    assert_snapshot!(render(&w.app.state).backend());
}

#[test]
fn snapshot_today() {
    let mut w = workflow(blackwood_record);
    w.log_in(SUPERVISOR);
    let text = w.text();
    assert!(
        text.contains("Check in with Blackwood, Teodoro — follow-up due in 4 days"),
        "{text}"
    );
    assert!(text.contains("Check in with Lin, Jo — no check-in recorded yet"));
    assert!(!text.to_lowercase().contains("flagged") && !text.to_lowercase().contains("risk"));
    assert_snapshot!(render(&w.app.state).backend());
    // Tab to Today; Enter on its second line opens that person's page.
    w.keys(&[KeyCode::Tab, KeyCode::Down, KeyCode::Enter]);
    let Some(View::Person(page)) = w.top() else {
        panic!("no page: {}", w.text())
    };
    assert_eq!(page.employee_id(), "E3");
    // Back home, Today is read again (a check-in may have moved it).
    w.press(key(KeyCode::Esc));
    assert!(w.top().is_none());
    assert!(w.text().contains("Today (3)"));
}

#[test]
fn a_coordinator_retires_a_resource_after_confirming_and_others_cannot() {
    let mut w = workflow(|_| {});
    w.log_in(EMPLOYEE);
    w.press(key(KeyCode::Char('e')));
    assert!(matches!(w.top(), Some(View::Resources(_))));
    assert!(!w.text().contains("x retire"));
    w.press(key(KeyCode::Char('x')));
    assert!(!w.text().contains("Please confirm"));
    w.press(key(KeyCode::Char('L')));
    let mut w = workflow(|_| {});
    w.log_in(COORDINATOR);
    w.press(key(KeyCode::Char('e')));
    w.press(key(KeyCode::Char('G')));
    w.press(key(KeyCode::Char('x')));
    assert!(
        w.flat().contains("Retire Training and development?"),
        "{}",
        w.text()
    );
    w.press(key(KeyCode::Esc));
    assert!(
        !unlock(&paths_of(&w), COORDINATOR)
            .resource("training")
            .unwrap()
            .retired
    );
    w.press(key(KeyCode::Char('x')));
    w.press(key(KeyCode::Char('y')));
    assert!(
        unlock(&paths_of(&w), COORDINATOR)
            .resource("training")
            .unwrap()
            .retired,
        "{}",
        w.text()
    );
    let text = w.flat();
    assert!(
        text.contains("Training and development is retired"),
        "{text}"
    );
    assert!(
        text.contains("Training and development · training · retired"),
        "{text}"
    );
    // A retired one is restored (no x retire on it any more; u restore instead).
    let footer = w.text().lines().last().unwrap_or_default().to_string();
    assert!(
        footer.contains("u restore") && !footer.contains("x retire"),
        "{footer}"
    );
    w.press(key(KeyCode::Char('u')));
    assert!(
        !unlock(&paths_of(&w), COORDINATOR)
            .resource("training")
            .unwrap()
            .retired,
        "{}",
        w.text()
    );
    assert!(
        w.flat()
            .contains("Training and development is back in the catalog"),
        "{}",
        w.flat()
    );
}

/// The access log's times are the real clock's: shown as a placeholder of the same width.
fn without_times(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        let mut shown = String::new();
        while i < chars.len() {
            let candidate: String = chars[i..(i + 16).min(chars.len())].iter().collect();
            let is_time = candidate.len() == 16
                && candidate.chars().enumerate().all(|(j, c)| match j {
                    4 | 7 => c == '-',
                    10 => c == ' ',
                    13 => c == ':',
                    _ => c.is_ascii_digit(),
                });
            if is_time {
                shown.push_str("YYYY-MM-DD hh:mm");
                i += 16;
            } else {
                shown.push(chars[i]);
                i += 1;
            }
        }
        out.push_str(&shown);
        out.push('\n');
    }
    out
}

#[test]
fn snapshot_my_records_with_who_read() {
    let mut w = workflow(blackwood_record);
    w.log_in(EMPLOYEE);
    w.resize(100, 56);
    w.press(key(KeyCode::Char('m')));
    assert!(
        w.top().is_some_and(|v| v.page::<MyRecords>().is_some()),
        "{}",
        w.text()
    );
    let text = w.text();
    // Private notes about oneself are one's own to read.
    assert!(text.contains("Family matters, kept between us."), "{text}");
    assert!(text.contains("Who read your records (6)"), "{text}");
    assert!(text.contains("admin  added you to the roster"));
    assert!(text.contains("m.vantongeren  recorded a check-in"));
    assert!(text.contains("m.vantongeren  proposed a referral"));
    assert_snapshot!(without_times(&text));
}

#[test]
fn snapshot_resources() {
    let mut w = workflow(|_| {});
    w.log_in(COORDINATOR);
    w.resize(90, 30);
    w.press(key(KeyCode::Char('e')));
    assert!(matches!(w.top(), Some(View::Resources(_))), "{}", w.text());
    assert_snapshot!(render(&w.app.state).backend());
}

#[test]
fn snapshot_help_now_after_login_lists_the_vault_catalog() {
    let mut w = workflow(|paths| {
        let mut coordinator = unlock(paths, COORDINATOR);
        let mut copline = coordinator.resource("copline").unwrap();
        copline.contact = "Call 1-800-555-0142 (Harbor COPLINE)".into();
        coordinator.put_resource(&copline).unwrap();
    });
    w.press(key(KeyCode::F(1)));
    assert!(
        !w.text().contains("1-800-555-0142"),
        "before login: the seed catalog"
    );
    w.press(key(KeyCode::Esc));
    w.log_in(EMPLOYEE);
    let Screen::Workspace(_) = &w.app.state.screen else {
        panic!("not signed in")
    };
    // Opening help-now asks for nothing: no effect, so nothing can be logged.
    assert!(matches!(
        update(&mut w.app.state, Action::OpenHelpNow),
        Effect::None
    ));
    let text = w.text();
    assert!(
        text.contains("Call 1-800-555-0142 (Harbor COPLINE)"),
        "{text}"
    );
    // The EAP is counselling, not a crisis line.
    assert!(!text.contains("Employee Assistance Program"), "{text}");
    assert!(text.contains("Nothing here tells anyone you looked."));
    assert_snapshot!(render(&w.app.state).backend());
}

// ---------------------------------------------------------------- behaviour

#[test]
fn hostile_notes_reach_no_screen_as_control_characters() {
    let hostile = "Fine\u{1b}[2J then \u{1b}]52;c;aGk=\u{7} and more";
    let mut w = workflow(|paths| {
        let mut sup = unlock(paths, SUPERVISOR);
        sup.record_checkin(
            "E2",
            checkin(
                "2026-06-20",
                3,
                vec![flag("health.sleep", Severity::Low)],
                hostile,
            ),
        )
        .unwrap();
    });
    w.supervisor_on_blackwood();
    w.press(key(KeyCode::Enter));
    let page = render(&w.app.state);
    assert_no_control_characters(page.backend().buffer());
    assert!(
        page.backend()
            .to_string()
            .contains("“Fine␛[2J then ␛]52;c;aGk=␇ and more”")
    );
    w.press(key(KeyCode::Enter));
    assert!(matches!(w.top(), Some(View::CheckinDetail(_))));
    let detail = render(&w.app.state);
    assert_no_control_characters(detail.backend().buffer());
    assert!(
        detail
            .backend()
            .to_string()
            .contains("Fine␛[2J then ␛]52;c;aGk=␇ and more")
    );
}

#[test]
fn filling_the_form_and_ctrl_s_records_the_checkin() {
    let mut w = workflow(|_| {});
    w.supervisor_on_blackwood();
    w.press(key(KeyCode::Char('c')));
    // The date: today by the injected clock, replaced by an earlier day.
    assert!(w.text().contains("[ 2026-06-30"), "{}", w.text());
    w.press(key_with(KeyCode::Char('u'), KeyModifiers::CONTROL));
    w.type_text("2026-06-29");
    w.press(key(KeyCode::Tab));
    w.press(key(KeyCode::Right)); // from no rating to 3
    w.press(key(KeyCode::Right));
    w.press(key(KeyCode::Tab));
    w.press(key(KeyCode::Char(' ')));
    w.press(key(KeyCode::Left));
    w.press(key(KeyCode::Tab));
    w.type_text("Line one");
    w.press(key(KeyCode::Enter));
    w.type_text("line two: q and ? are just text here");
    w.press(key_with(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let text = w.text();
    assert!(text.contains("Check-in saved"), "{text}");
    assert!(text.contains("Suggested for what was noted in the last 90 days:"));
    assert!(!w.app.state.quit);
    let stored = unlock(&paths_of(&w), SUPERVISOR).checkins("E2").unwrap();
    assert_eq!(stored.len(), 1);
    let c = &stored[0];
    assert_eq!(c.occurred_on, day("2026-06-29"));
    assert_eq!(c.wellbeing, 4);
    assert_eq!(c.visibility, Visibility::Chain, "a supervisor's default");
    assert_eq!(c.notes, "Line one\nline two: q and ? are just text here");
    assert_eq!(c.stressors, vec![flag("work.workload", Severity::Low)]);
    // r proposes a referral for the same person, suggestions first.
    w.press(key(KeyCode::Char('r')));
    let Some(View::ReferralForm(form)) = w.top() else {
        panic!("no referral form: {}", w.text())
    };
    assert!(form.options[0].1, "a suggestion comes first");
    assert_eq!(form.consent, Consent::Pending);
    w.press(key(KeyCode::Tab));
    w.press(key(KeyCode::Left)); // pending → given
    w.press(key_with(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(
        w.flat().contains("the coordinators take it from here"),
        "{}",
        w.text()
    );
    assert!(w.top().is_none(), "back home, the check-in page closed too");
    let referrals = unlock(&paths_of(&w), SUPERVISOR).referrals(None).unwrap();
    assert_eq!(referrals.len(), 1);
    assert_eq!(
        (referrals[0].employee_id.as_str(), referrals[0].consent),
        ("E2", Consent::Given)
    );
}

#[test]
fn esc_with_changes_asks_before_discarding_and_saves_nothing() {
    let mut w = workflow(|_| {});
    w.supervisor_on_blackwood();
    // Untouched, Esc simply closes.
    w.press(key(KeyCode::Char('c')));
    w.press(key(KeyCode::Esc));
    assert!(w.top().is_none(), "{}", w.text());
    w.press(key(KeyCode::Char('c')));
    w.press(key(KeyCode::Tab));
    w.type_text("4");
    // Over the form, q closes the keys overlay; it never quits past unsaved work.
    w.press(key(KeyCode::Char('?')));
    assert!(w.app.state.help_open);
    w.press(key(KeyCode::Char('q')));
    assert!(!w.app.state.quit && !w.app.state.help_open);
    w.press(key(KeyCode::Esc));
    let text = w.text();
    assert!(text.contains("Discard this check-in?"), "{text}");
    // No (and q, which here cannot quit): the form is still there, as it was.
    w.press(key(KeyCode::Char('q')));
    assert!(!w.app.state.quit);
    let Some(View::CheckinForm(form)) = w.top() else {
        panic!("the form went: {}", w.text())
    };
    assert_eq!(form.wellbeing, Some(4));
    // q outside the notes cancels rather than quits, and asks too.
    w.press(key(KeyCode::Char('q')));
    assert!(!w.app.state.quit);
    assert!(w.text().contains("Discard this check-in?"));
    w.press(key(KeyCode::Char('y')));
    assert!(w.top().is_none(), "{}", w.text());
    assert!(
        unlock(&paths_of(&w), SUPERVISOR)
            .checkins("E2")
            .unwrap()
            .is_empty()
    );
}

#[test]
fn an_invalid_date_shows_the_problem_and_stores_nothing() {
    let mut w = workflow(|_| {});
    w.supervisor_on_blackwood();
    w.press(key(KeyCode::Char('c')));
    w.press(key_with(KeyCode::Char('u'), KeyModifiers::CONTROL));
    w.type_text("2026-13-45");
    w.press(key(KeyCode::Tab));
    w.type_text("3");
    w.press(key_with(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let text = w.text();
    assert!(
        text.contains("Date: 2026-13-45 is not a day on the calendar."),
        "{text}"
    );
    let Some(View::CheckinForm(form)) = w.top() else {
        panic!("the form went")
    };
    assert!(!form.busy && form.saved.is_none());
    // A date the desk refuses (in the future): its reason, inline; the form stays.
    w.press(key(KeyCode::BackTab));
    w.press(key_with(KeyCode::Char('u'), KeyModifiers::CONTROL));
    w.type_text("2099-01-01");
    w.press(key_with(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let text = w.text();
    assert!(
        text.contains("The check-in date 2099-01-01 is in the future."),
        "{text}"
    );
    assert!(matches!(w.top(), Some(View::CheckinForm(_))));
    assert!(
        unlock(&paths_of(&w), SUPERVISOR)
            .checkins("E2")
            .unwrap()
            .is_empty()
    );
}

#[test]
fn queue_moves_change_the_referral_and_illegal_ones_change_nothing() {
    let mut w = workflow(queue_of_referrals);
    w.log_in(COORDINATOR);
    w.focus_home(Focus::Panel);
    let status_of = |w: &Workflow, id: i64| {
        let s = unlock(&paths_of(w), COORDINATOR);
        let r = s
            .referrals(None)
            .unwrap()
            .into_iter()
            .find(|r| r.id == id)
            .unwrap();
        (r.status, s.referral_events(id).unwrap().len())
    };
    // Ready first, urgent first: the stalled urgent one (2), then the overdue soon one (1).
    let text = w.text();
    let first = text.find("▶ ●").expect("the urgent one is selected first");
    assert!(text[first..].contains("stalled"));
    w.press(key(KeyCode::Down));
    assert_eq!(status_of(&w, 1), (Status::Proposed, 1));
    // A status change asks for a short note first; Esc changes nothing.
    w.press(key(KeyCode::Char('a')));
    let text = w.text();
    assert!(
        text.contains("Referral 1 (E2, Employee Assistance Program (EAP)): proposed")
            && text.contains("→ accepted. A short note, if it helps (optional):"),
        "{text}"
    );
    w.press(key(KeyCode::Esc));
    assert_eq!(status_of(&w, 1), (Status::Proposed, 1));
    w.press(key(KeyCode::Char('a')));
    w.type_text("Intake booked for Thursday; q and ? are text here.");
    w.press(key(KeyCode::Enter));
    assert!(!w.app.state.quit);
    assert!(
        w.text().contains("Referral 1 is now accepted."),
        "{}",
        w.text()
    );
    assert_eq!(status_of(&w, 1), (Status::Accepted, 2));
    let events = unlock(&paths_of(&w), COORDINATOR)
        .referral_events(1)
        .unwrap();
    assert_eq!(
        events.last().map(|e| e.note.as_str()),
        Some("Intake booked for Thursday; q and ? are text here.")
    );
    // Accepted, it is offered only the moves its lifecycle allows, by name: `a` is gone
    // (and does nothing), `n` says where it goes.
    let footer = w.text().lines().last().unwrap_or_default().to_string();
    assert!(
        footer.contains("n mark contacted") && !footer.contains("accept"),
        "{footer}"
    );
    w.press(key(KeyCode::Char('a')));
    assert!(
        matches!(&w.app.state.screen, Screen::Workspace(ws) if ws.modal.is_none()),
        "{}",
        w.text()
    );
    assert_eq!(status_of(&w, 1), (Status::Accepted, 2));
    // n: contacted, then in progress (Enter leaves no note); then o closes it with the
    // chosen outcome.
    w.keys(&[KeyCode::Char('n'), KeyCode::Enter]);
    w.keys(&[KeyCode::Char('n'), KeyCode::Enter]);
    assert_eq!(status_of(&w, 1), (Status::InProgress, 4));
    w.press(key(KeyCode::Char('o')));
    assert!(w.text().contains("Close referral 1 with which outcome?"));
    w.keys(&[KeyCode::Down, KeyCode::Down, KeyCode::Enter]);
    assert!(
        w.text().contains("Close referral 1 as no show."),
        "{}",
        w.text()
    );
    w.press(key(KeyCode::Enter));
    assert!(
        w.text().contains("Referral 1 is now closed (no show)."),
        "{}",
        w.text()
    );
    assert_eq!(status_of(&w, 1), (Status::Closed, 5));
    // Without consent there is no acceptance: the desk's reason, and no change.
    let Screen::Workspace(ws) = &w.app.state.screen else {
        panic!()
    };
    let super::screens::home::Panel::Queue(_) = &ws.panel else {
        panic!("no queue")
    };
    w.press(key(KeyCode::Char('G')));
    assert!(
        w.text().contains("▶") && w.text().contains("(not ready)"),
        "{}",
        w.text()
    );
    // Not ready (consent pending): no `a accept` to press.
    let footer = w.text().lines().last().unwrap_or_default().to_string();
    assert!(!footer.contains("accept"), "{footer}");
    w.press(key(KeyCode::Char('a')));
    assert_eq!(status_of(&w, 3), (Status::Proposed, 1));
    // Withdrawing asks first; Enter opens the details with the history.
    w.press(key(KeyCode::Char('w')));
    assert!(w.text().contains("Withdraw referral 3"), "{}", w.text());
    w.press(key(KeyCode::Esc));
    assert_eq!(status_of(&w, 3), (Status::Proposed, 1));
    w.press(key(KeyCode::Enter));
    let text = w.text();
    assert!(
        text.contains("Referral 3 · Financial counselling"),
        "{text}"
    );
    assert!(text.contains("E4 — Okafor, Rita"));
    assert!(text.contains("History"));
    w.press(key(KeyCode::Char('w')));
    w.type_text("Sorted out another way.");
    w.press(key(KeyCode::Enter));
    assert_eq!(status_of(&w, 3), (Status::Withdrawn, 2));
    assert!(
        w.text().contains("Referral 3 is now withdrawn."),
        "{}",
        w.text()
    );
}

#[test]
fn a_person_outside_the_supervisors_subtree_is_never_shown() {
    let mut w = workflow(|_| {});
    w.log_in(SUPERVISOR);
    let outcome = w
        .app
        .effects
        .perform(Effect::OpenPerson("E9".into()))
        .unwrap();
    update(&mut w.app.state, outcome);
    let text = w.text();
    assert!(
        text.contains("This person's page is not open to you."),
        "{text}"
    );
    assert!(!text.contains("Zhou") && !text.contains("E9"), "{text}");
    assert!(w.top().is_none(), "no page opened");
    assert!(!text.contains("permission denied"));
}

#[test]
fn an_employee_reads_their_own_person_page_and_may_refer_themselves() {
    let mut w = workflow(blackwood_record);
    w.log_in(EMPLOYEE);
    w.press(key(KeyCode::Enter));
    let text = w.text();
    assert!(
        text.contains("Timeline (5)"),
        "private check-ins included: {text}"
    );
    assert!(!text.contains("c new check-in"));
    w.press(key(KeyCode::Char('r')));
    let Some(View::ReferralForm(form)) = w.top() else {
        panic!("no form: {}", w.text())
    };
    assert!(form.self_referral);
    assert!(
        w.text()
            .contains("given — a self-referral carries your own consent")
    );
}

#[test]
fn an_employee_gives_consent_to_a_referral_about_them() {
    let mut w = workflow(|paths| {
        blackwood_record(paths);
        unlock(paths, SUPERVISOR)
            .propose_referral(&NewReferral {
                employee_id: "E2".into(),
                resource_id: "chaplaincy".into(),
                consent: Consent::Pending,
                urgency: Urgency::Routine,
                reason: "Offered after the bereavement.".into(),
                on: day("2026-06-25"),
            })
            .unwrap();
    });
    w.log_in(EMPLOYEE);
    w.press(key(KeyCode::Enter));
    // Newest first: the pending referral; Enter shows it with its history.
    w.press(key(KeyCode::Enter));
    let text = w.flat();
    assert!(text.contains("Referral 2 · Chaplaincy"), "{text}");
    assert!(text.contains("y consent given"), "{text}");
    assert!(!text.contains("a accept"), "accepting is the coordinator's");
    w.press(key(KeyCode::Char('y')));
    assert!(
        w.flat()
            .contains("Referral 2: the employee's consent is recorded as given."),
        "{}",
        w.text()
    );
    // Back on the person page, the timeline says so too.
    w.press(key(KeyCode::Esc));
    assert!(w.flat().contains("consent given · routine"), "{}", w.text());
    let s = unlock(&paths_of(&w), COORDINATOR);
    let queued = s.referral_queue(day("2026-06-30")).unwrap();
    let chaplaincy = queued.iter().find(|q| q.referral.id == 2).unwrap();
    assert_eq!(chaplaincy.referral.consent, Consent::Given);
    assert_eq!(s.referral_events(2).unwrap().len(), 2);
}

#[test]
fn every_page_draws_at_the_smallest_window_and_a_wide_one() {
    let mut w = workflow(queue_of_referrals);
    w.supervisor_on_blackwood();
    let sizes = [(40, 12), (61, 17), (200, 60)];
    let page = |w: &Workflow| -> &'static str {
        let Screen::Workspace(ws) = &w.app.state.screen else {
            return "login";
        };
        if w.app.state.help_now_open {
            return "help now";
        }
        if w.app.state.help_open {
            return "keys overlay";
        }
        if ws.modal.is_some() {
            return "discard question";
        }
        match ws.views.last() {
            None => "home",
            Some(View::Person(_)) => "person page",
            Some(View::ReferralDetail(_)) => "referral details",
            Some(View::CheckinDetail(_)) => "check-in details",
            Some(View::CheckinForm(_)) => "check-in form",
            Some(View::ReferralForm(_)) => "referral form",
            Some(view) if view.page::<MyRecords>().is_some() => "my records",
            Some(view) if view.page::<Settings>().is_some() => "vault settings",
            Some(view) if view.page::<ReportPage>().is_some() => "engagement report",
            Some(View::Page(page)) => unreachable!("a page the walk does not know: {page:?}"),
            Some(View::Resources(_)) => "resources",
            Some(View::PromptDetail(_)) => "prompt page",
            Some(View::SelfCheck(_)) => "self-check",
            Some(View::MySelfChecks(_)) => "my self-checks",
        }
    };
    let check = |w: &mut Workflow, what: &str| {
        assert_eq!(page(w), what, "{}", w.text());
        for (width, height) in sizes {
            w.resize(width, height);
            assert_no_control_characters(render(&w.app.state).backend().buffer());
        }
        w.resize(80, 24);
    };
    check(&mut w, "home");
    w.press(key(KeyCode::Enter));
    check(&mut w, "person page");
    w.press(key(KeyCode::Enter));
    check(&mut w, "referral details");
    w.keys(&[KeyCode::Esc, KeyCode::Down, KeyCode::Enter]);
    check(&mut w, "check-in details");
    w.keys(&[
        KeyCode::Esc,
        KeyCode::Char('c'),
        KeyCode::Tab,
        KeyCode::Char('3'),
    ]);
    check(&mut w, "check-in form");
    w.press(key(KeyCode::Esc));
    check(&mut w, "discard question");
    w.keys(&[KeyCode::Char('y'), KeyCode::Char('r')]);
    check(&mut w, "referral form");
    w.keys(&[KeyCode::Esc, KeyCode::Esc, KeyCode::Char('m')]);
    check(&mut w, "my records");
    w.keys(&[KeyCode::Esc, KeyCode::Char('e')]);
    check(&mut w, "resources");
    w.keys(&[KeyCode::Esc, KeyCode::Char('f')]);
    check(&mut w, "engagement report");
    w.keys(&[KeyCode::Esc, KeyCode::Char('?')]);
    check(&mut w, "keys overlay");
    w.keys(&[KeyCode::Esc, KeyCode::F(1)]);
    check(&mut w, "help now");
    // The admin's pages.
    w.keys(&[KeyCode::Esc, KeyCode::Char('L')]);
    w.log_in(ADMIN);
    w.press(key(KeyCode::Char('V')));
    check(&mut w, "vault settings");
    w.press(key(KeyCode::Enter));
    check(&mut w, "vault settings");
}

#[test]
fn the_author_edits_a_checkin_from_its_page_and_the_version_before_is_kept() {
    let mut w = workflow(blackwood_record);
    w.supervisor_on_blackwood();
    w.keys(&[KeyCode::Enter, KeyCode::Down, KeyCode::Enter]);
    let Some(View::CheckinDetail(detail)) = w.top() else {
        panic!("no check-in page: {}", w.text())
    };
    let id = detail.checkin.id;
    assert!(w.text().contains("e edit"), "{}", w.text());
    w.press(key(KeyCode::Char('e')));
    let Some(View::CheckinForm(form)) = w.top() else {
        panic!("no form: {}", w.text())
    };
    // Filled in as recorded.
    assert_eq!(form.editing, Some(id));
    assert_eq!(form.wellbeing, Some(2));
    assert_eq!(form.date, "2026-06-20");
    assert_eq!(form.follow_up, "2026-07-04");
    assert_eq!(form.flags().len(), 2);
    let text = w.text();
    assert!(
        text.contains(&format!("Edit check-in {id} with Blackwood")),
        "{text}"
    );
    assert!(
        text.contains("Slept badly after three nights in a row."),
        "{text}"
    );
    // Untouched, Esc goes straight back.
    w.press(key(KeyCode::Esc));
    assert!(
        matches!(w.top(), Some(View::CheckinDetail(_))),
        "{}",
        w.text()
    );
    w.press(key(KeyCode::Char('e')));
    w.press(key(KeyCode::Tab));
    w.type_text("3");
    w.press(key(KeyCode::Esc));
    assert!(
        w.text()
            .contains("Discard your changes? The check-in stays as it was."),
        "{}",
        w.text()
    );
    w.press(key(KeyCode::Char('n')));
    w.press(key_with(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let Some(View::CheckinDetail(detail)) = w.top() else {
        panic!("not back on the check-in: {}", w.text())
    };
    assert_eq!(detail.checkin.wellbeing, 3);
    let text = w.flat();
    assert!(text.contains("Wellbeing 3 of 5"), "{text}");
    assert!(
        text.contains("this is version 2; earlier versions are kept"),
        "{text}"
    );
    assert!(
        text.contains(&format!("Check-in {id} is updated")),
        "{text}"
    );
    let stored = unlock(&paths_of(&w), SUPERVISOR).checkins("E2").unwrap();
    let edited = stored.iter().find(|c| c.id == id).unwrap();
    assert_eq!((edited.wellbeing, edited.version), (3, 2));
    assert_eq!(
        edited.notes,
        "Slept badly after three nights in a row.\nWe talked about swapping the fourth."
    );
}

#[test]
fn no_one_but_the_author_is_offered_an_edit() {
    let mut w = workflow(blackwood_record);
    w.log_in(EMPLOYEE);
    // The employee's own page: the referral first, the check-in under it.
    w.keys(&[KeyCode::Enter, KeyCode::Down, KeyCode::Enter]);
    assert!(
        matches!(w.top(), Some(View::CheckinDetail(_))),
        "{}",
        w.text()
    );
    assert!(!w.text().contains("e edit"), "{}", w.text());
    w.press(key(KeyCode::Char('e')));
    assert!(
        matches!(w.top(), Some(View::CheckinDetail(_))),
        "{}",
        w.text()
    );
}

#[test]
fn a_referral_opened_from_the_queue_is_the_desks_page_with_the_persons_name_and_history() {
    let mut w = workflow(queue_of_referrals);
    w.log_in(COORDINATOR);
    w.focus_home(Focus::Panel);
    // The second in the queue is referral 1 (EAP for Blackwood, E2).
    w.keys(&[KeyCode::Down, KeyCode::Enter]);
    let Some(View::ReferralDetail(detail)) = w.top() else {
        panic!("no referral page: {}", w.text())
    };
    assert_eq!(detail.data.referral.id, 1);
    assert_eq!(
        detail.data.person_name.as_deref(),
        Some("Blackwood, Teodoro")
    );
    assert_eq!(detail.data.events.len(), 1);
    let text = w.flat();
    assert!(
        text.contains("Referral 1 · Employee Assistance Program (EAP)"),
        "{text}"
    );
    assert!(text.contains("E2 — Blackwood, Teodoro"), "{text}");
    // Who proposed it by name, not by login (issue 16, defect 9).
    assert_eq!(
        detail.data.actors.get("m.vantongeren").map(String::as_str),
        Some("Vantongeren, Mara")
    );
    assert!(text.contains("by Vantongeren, Mara"), "{text}");
    assert!(!text.contains("m.vantongeren"), "{text}");
}

#[test]
fn a_crisis_line_in_the_referral_form_opens_help_now_and_is_never_referred_to() {
    let mut w = workflow(|_| {});
    w.supervisor_on_blackwood();
    w.press(key(KeyCode::Char('r')));
    let Some(View::ReferralForm(form)) = w.top() else {
        panic!("no referral form: {}", w.text())
    };
    // Nothing to call now is chosen first; the crisis lines come last, marked.
    assert!(!form.options[0].0.crisis, "{:?}", form.options[0].0);
    let first_crisis = form
        .options
        .iter()
        .position(|(r, _)| r.crisis)
        .expect("the crisis lines are listed");
    assert!(form.options[first_crisis..].iter().all(|(r, _)| r.crisis));
    assert!(
        form.options.iter().any(|(r, _)| r.id == "eap" && !r.crisis),
        "the EAP is counselling, referred to like any service"
    );
    for _ in 0..first_crisis {
        w.press(key(KeyCode::Down));
    }
    assert!(
        w.text().contains("call now · not a referral"),
        "{}",
        w.text()
    );
    w.press(key_with(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(w.app.state.help_now_open, "{}", w.text());
    let text = w.flat();
    assert!(
        text.contains("If you or someone is in immediate danger"),
        "{text}"
    );
    // Back on the form, which says why; nothing was proposed.
    w.press(key(KeyCode::Esc));
    assert!(
        matches!(w.top(), Some(View::ReferralForm(_))),
        "{}",
        w.text()
    );
    assert!(
        w.flat().contains("Nothing is sent to anyone."),
        "{}",
        w.flat()
    );
    let referrals = unlock(&paths_of(&w), SUPERVISOR).referrals(None).unwrap();
    assert!(referrals.is_empty(), "{referrals:?}");
}

#[test]
fn a_check_in_being_written_when_the_app_locks_is_offered_back_to_its_author_alone() {
    let mut w = workflow(|_| {});
    w.supervisor_on_blackwood();
    w.keys(&[KeyCode::Char('c'), KeyCode::Tab, KeyCode::Char('3')]);
    let idle = |w: &mut Workflow, minutes: i64| {
        w.app.state.clock = clock_at(NOW + minutes * 60);
        w.app.dispatch(Action::Tick, |_| Ok::<(), ()>(())).unwrap();
    };
    idle(&mut w, 15);
    assert!(matches!(w.app.state.screen, Screen::Login(_)));
    let text = w.flat();
    assert!(
        text.contains("An unsaved check-in is kept in memory"),
        "{text}"
    );
    assert!(
        !text.contains("Blackwood"),
        "no names on the locked screen: {text}"
    );

    // Its author logs in again: the form is back as it was, and says so.
    w.log_in(SUPERVISOR);
    let Some(View::CheckinForm(form)) = w.top() else {
        panic!("the draft is not back: {}", w.text())
    };
    assert_eq!(form.wellbeing, Some(3));
    assert!(
        w.flat()
            .contains("Your unsaved check-in with Blackwood, Teodoro was kept"),
        "{}",
        w.flat()
    );

    // Locked again, and someone else logs in: they never see it, and it is gone.
    idle(&mut w, 31);
    w.log_in(COORDINATOR);
    assert!(w.top().is_none(), "{}", w.text());
    assert!(
        !w.flat().contains("Blackwood, Teodoro was kept"),
        "{}",
        w.flat()
    );
    assert!(w.app.state.kept_draft.is_none());
    w.press(key(KeyCode::Char('L')));
    w.log_in(SUPERVISOR);
    assert!(w.top().is_none(), "{}", w.text());
    // Nothing of it was ever written.
    assert!(
        unlock(&paths_of(&w), SUPERVISOR)
            .checkins("E2")
            .unwrap()
            .is_empty()
    );
}

#[test]
fn one_rule_for_keys_everywhere_q_goes_back_l_locks_and_the_wheel_scrolls_what_is_under_it() {
    let mut w = workflow(queue_of_referrals);
    w.log_in(COORDINATOR);
    // q on a page goes back, as Esc does; it never quits from there.
    w.press(key(KeyCode::Char('e')));
    assert!(matches!(w.top(), Some(View::Resources(_))), "{}", w.text());
    w.press(key(KeyCode::Char('q')));
    assert!(w.top().is_none() && !w.app.state.quit, "{}", w.text());
    // At home, q asks first; n stays, y quits.
    w.press(key(KeyCode::Char('q')));
    assert!(w.flat().contains("Quit steady?"), "{}", w.flat());
    w.press(key(KeyCode::Char('n')));
    assert!(!w.app.state.quit);
    w.press(key(KeyCode::Char('q')));
    w.press(key(KeyCode::Char('y')));
    assert!(w.app.state.quit);
    w.app.state.quit = false;

    // L locks from any page, not only home.
    let mut w = workflow(queue_of_referrals);
    w.log_in(COORDINATOR);
    w.press(key(KeyCode::Char('f')));
    assert!(w.top().is_some(), "{}", w.text());
    w.press(key(KeyCode::Char('L')));
    assert!(
        matches!(w.app.state.screen, Screen::Login(_)),
        "{}",
        w.text()
    );

    // The wheel over the roster scrolls the roster, whichever section had the focus.
    w.log_in(COORDINATOR);
    w.resize(80, 16);
    w.focus_home(Focus::Panel);
    let Screen::Workspace(ws) = &w.app.state.screen else {
        panic!("not signed in")
    };
    let list = super::screens::home::layout(super::widgets::body_area(w.app.state.size), ws).list;
    let before = ws.people.cursor.offset;
    w.app
        .dispatch(
            Action::ScrollAt {
                lines: 3,
                column: list.x + 2,
                row: list.y + 1,
            },
            |_| Ok::<(), ()>(()),
        )
        .unwrap();
    let Screen::Workspace(ws) = &w.app.state.screen else {
        panic!("not signed in")
    };
    assert_eq!(ws.focus, Focus::People, "the section under the pointer");
    assert!(ws.people.cursor.offset > before, "{}", w.text());
}
