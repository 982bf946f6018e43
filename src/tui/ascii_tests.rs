//! ASCII mode, screen by screen: every page of every role against a real vault, drawn in
//! plain ASCII at 80x24 and at 40x20 (an 80-column terminal under a 200 % magnifier). No
//! cell may hold anything outside printable ASCII, and each drawing is kept as a snapshot.

use std::cell::RefCell;
use std::rc::Rc;

use insta::assert_snapshot;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use ratatui::style::Color;

use super::screens::audit_log::tests::masked;
use super::screens::home::Focus;
use super::state::{Screen, View};
use super::tests::{key, key_with, person, render};
use super::theme::Theme;
use super::workflow_tests::{
    ADMIN, COORDINATOR, EMPLOYEE, SUPERVISOR, TODAY, Workflow, queue_of_referrals, unlock,
    workflow_on,
};
use crate::desk::{SelfCheckRequest, VaultPaths};
use crate::domain::{Role, Roles};
use crate::instruments::Answer;
use crate::vault::Passphrase;

const MENTOR: (&str, &str) = ("j.lin", "mentor passphrase");
const SIZES: [(u16, u16); 2] = [(80, 24), (40, 20)];

/// Every cell holds one printable ASCII character (or none, behind a wide one).
fn assert_printable_ascii(buffer: &Buffer, what: &str) {
    for (i, cell) in buffer.content.iter().enumerate() {
        assert!(
            cell.symbol().bytes().all(|b| (0x20..0x7f).contains(&b)),
            "{what}: {:?} at column {}, row {}",
            cell.symbol(),
            i % usize::from(buffer.area.width),
            i / usize::from(buffer.area.width),
        );
    }
}

/// `NO_COLOR`: no cell has a colour of its own, so nothing can mean by colour alone.
fn assert_no_colour(buffer: &Buffer, what: &str) {
    for cell in &buffer.content {
        assert_eq!(cell.fg, Color::Reset, "{what}: {:?}", cell.symbol());
        assert_eq!(cell.bg, Color::Reset, "{what}: {:?}", cell.symbol());
    }
}

/// The queue's referrals, Blackwood's record, two self-checks shared with the coordinators
/// (one with its safety item answered), a mentor, and an account still on its one-time
/// passphrase (returned).
fn everything(paths: &VaultPaths) -> String {
    queue_of_referrals(paths);
    let mut admin = unlock(paths, ADMIN);
    // A name with accents, as people type them: it reads "Nunez, Jose" in ASCII.
    let mut nunez = person("E10", "Núñez, José", "Harbor-Station");
    nunez.supervisor_id = Some("E1".into());
    admin.add_person(&nunez).unwrap();
    admin
        .add_account_with(
            MENTOR.0,
            Roles::new([Role::Mentor, Role::Employee]),
            Some("E3"),
            Some(Passphrase::new(MENTOR.1)),
        )
        .unwrap();
    let new = admin
        .add_account_with("r.okafor", Roles::new([Role::Employee]), Some("E4"), None)
        .unwrap();
    drop(admin);
    let mut employee = unlock(paths, EMPLOYEE);
    for (instrument, answers, share, on) in [
        ("phq9", vec![2, 2, 2, 1, 1, 2, 1, 1, 1], true, "2026-06-20"),
        ("who5", vec![3, 3, 3, 3, 3], true, "2026-06-28"),
    ] {
        let answers: Vec<Answer> = answers.into_iter().map(Answer::Value).collect();
        employee
            .take_self_check(&SelfCheckRequest {
                instrument,
                answers: &answers,
                share,
                contribute: false,
                taken_on: super::workflow_tests::day(on),
            })
            .unwrap();
    }
    new.one_time_passphrase.expose().to_string()
}

struct Walk {
    w: Workflow,
    one_time: String,
    seen: Vec<String>,
}

impl Walk {
    fn new() -> Self {
        let one_time = Rc::new(RefCell::new(String::new()));
        let kept = Rc::clone(&one_time);
        let mut w = workflow_on(
            move |paths| *kept.borrow_mut() = everything(paths),
            &["2026-06-20", TODAY],
        );
        w.app.state.theme = Theme::MONOCHROME.in_ascii(true);
        let one_time = one_time.borrow().clone();
        Self {
            w,
            one_time,
            seen: Vec::new(),
        }
    }

    /// Draws the screen at each size: printable ASCII only, kept as a snapshot.
    fn shot(&mut self, name: &str) {
        for (width, height) in SIZES {
            self.w.resize(width, height);
            let terminal = render(&self.w.app.state);
            let what = format!("{name} at {width}x{height}");
            assert_printable_ascii(terminal.backend().buffer(), &what);
            assert_no_colour(terminal.backend().buffer(), &what);
            // Audit times and hashes are the real clock's: masked, as the audit tests do.
            assert_snapshot!(
                format!("ascii_{name}_{width}x{height}"),
                masked(&terminal.backend().to_string())
            );
        }
        self.w.resize(80, 24);
        self.seen.push(name.to_string());
    }

    fn keys(&mut self, codes: &[KeyCode]) {
        self.w.keys(codes);
    }

    fn text(&self) -> String {
        self.w.text()
    }

    fn lock(&mut self) {
        self.w.keys(&[KeyCode::Char('L')]);
        assert!(
            matches!(self.w.app.state.screen, Screen::Login(_)),
            "{}",
            self.text()
        );
    }
}

#[test]
fn every_screen_of_every_role_draws_in_plain_ascii_at_80_and_40_columns() {
    let mut s = Walk::new();
    s.shot("login");

    // The supervisor: home's sections, a person's record, the forms, the figures.
    s.w.log_in(SUPERVISOR);
    s.w.focus_home(Focus::People);
    s.shot("supervisor_home_people");
    s.w.focus_home(Focus::Prompts);
    s.shot("supervisor_home_prompts");
    s.keys(&[KeyCode::Enter]);
    assert!(
        matches!(s.w.top(), Some(View::PromptDetail(_))),
        "{}",
        s.text()
    );
    s.shot("prompt_detail");
    s.keys(&[KeyCode::Esc]);
    s.w.focus_home(Focus::Panel);
    s.shot("supervisor_home_today");
    s.w.focus_home(Focus::People);
    s.keys(&[KeyCode::Enter]);
    assert!(matches!(s.w.top(), Some(View::Person(_))), "{}", s.text());
    s.shot("person_page");
    s.keys(&[KeyCode::Enter]);
    assert!(
        matches!(s.w.top(), Some(View::ReferralDetail(_))),
        "{}",
        s.text()
    );
    s.shot("referral_detail");
    s.keys(&[KeyCode::Esc, KeyCode::Down, KeyCode::Enter]);
    assert!(
        matches!(s.w.top(), Some(View::CheckinDetail(_))),
        "{}",
        s.text()
    );
    s.shot("checkin_detail");
    s.keys(&[
        KeyCode::Esc,
        KeyCode::Char('c'),
        KeyCode::Tab,
        KeyCode::Char('3'),
    ]);
    assert!(
        matches!(s.w.top(), Some(View::CheckinForm(_))),
        "{}",
        s.text()
    );
    s.shot("checkin_form");
    s.keys(&[KeyCode::Esc]);
    s.shot("discard_question");
    s.keys(&[KeyCode::Char('y'), KeyCode::Char('r')]);
    assert!(
        matches!(s.w.top(), Some(View::ReferralForm(_))),
        "{}",
        s.text()
    );
    s.shot("referral_form");
    s.keys(&[KeyCode::Esc, KeyCode::Esc, KeyCode::Char('m')]);
    s.shot("my_records");
    s.keys(&[KeyCode::Esc, KeyCode::Char('e')]);
    assert!(
        matches!(s.w.top(), Some(View::Resources(_))),
        "{}",
        s.text()
    );
    s.shot("resources");
    s.keys(&[KeyCode::Esc, KeyCode::Char('f')]);
    s.shot("report");
    s.keys(&[KeyCode::Esc, KeyCode::Char('?')]);
    assert!(s.w.app.state.help_open, "{}", s.text());
    s.shot("keys_overlay");
    s.keys(&[KeyCode::Esc, KeyCode::F(1)]);
    assert!(s.w.app.state.help_now_open, "{}", s.text());
    s.shot("help_now");
    s.keys(&[KeyCode::Esc]);
    s.lock();

    // The employee: home, a self-check through the safety item to the crisis screen, the
    // review and the result, and their own self-checks with the chart.
    s.w.log_in(EMPLOYEE);
    s.shot("employee_home");
    s.keys(&[KeyCode::Char('S')]);
    s.shot("selfcheck_choose");
    s.keys(&[KeyCode::Down, KeyCode::Down, KeyCode::Enter]);
    s.shot("selfcheck_item");
    s.w.type_text("11111111");
    s.shot("selfcheck_safety_item");
    s.w.type_text("1");
    assert!(s.text().contains("988"), "{}", s.text());
    s.shot("selfcheck_crisis");
    s.keys(&[KeyCode::Enter]);
    s.shot("selfcheck_review");
    s.w.press(key_with(KeyCode::Char('s'), KeyModifiers::CONTROL));
    s.shot("selfcheck_result");
    s.keys(&[KeyCode::Esc]);
    while s.w.top().is_some() {
        s.keys(&[KeyCode::Esc]);
    }
    s.keys(&[KeyCode::Char('S'), KeyCode::Char('m')]);
    assert!(
        matches!(s.w.top(), Some(View::MySelfChecks(_))),
        "{}",
        s.text()
    );
    s.shot("my_selfchecks");
    s.keys(&[KeyCode::Esc, KeyCode::Esc]);
    s.lock();

    // The coordinator: the queue on home, the inbox of shared self-checks and one read,
    // the resources and the form for a new one.
    s.w.log_in(COORDINATOR);
    s.shot("coordinator_home_queue");
    s.keys(&[KeyCode::Char('i')]);
    s.shot("coordinator_inbox");
    s.keys(&[KeyCode::Enter]);
    s.shot("coordinator_reading");
    s.keys(&[
        KeyCode::Esc,
        KeyCode::Esc,
        KeyCode::Char('e'),
        KeyCode::Char('a'),
    ]);
    s.shot("resource_form");
    s.keys(&[KeyCode::Esc]);
    if !matches!(s.w.top(), Some(View::Resources(_))) {
        s.keys(&[KeyCode::Char('y')]);
    }
    s.keys(&[KeyCode::Esc, KeyCode::Char('f')]);
    s.shot("coordinator_report");
    s.keys(&[KeyCode::Esc]);
    s.lock();

    // The mentor, and the preferences page every person has.
    s.w.log_in(MENTOR);
    s.shot("mentor_home");
    s.keys(&[KeyCode::Char('P')]);
    assert!(s.w.top().is_some(), "preferences: {}", s.text());
    s.shot("preferences");
    s.keys(&[KeyCode::Esc]);
    s.lock();

    // The admin's vault keeping.
    s.w.log_in(ADMIN);
    s.shot("admin_home");
    for (key_char, name) in [
        ('A', "admin_accounts"),
        ('T', "admin_audit_log"),
        ('U', "admin_upkeep"),
        ('M', "admin_mentors"),
        ('V', "admin_settings"),
    ] {
        s.keys(&[KeyCode::Char(key_char)]);
        assert!(s.w.top().is_some(), "{name}: {}", s.text());
        s.shot(name);
        s.keys(&[KeyCode::Esc]);
        assert!(s.w.top().is_none(), "{name}: {}", s.text());
    }
    s.lock();

    // A first login, on the one-time passphrase.
    let one_time = s.one_time.clone();
    s.w.type_text("r.okafor");
    s.w.press(key(KeyCode::Tab));
    s.w.type_text(&one_time);
    s.w.press(key(KeyCode::Enter));
    assert!(
        matches!(s.w.app.state.screen, Screen::FirstLogin(_)),
        "{}",
        s.text()
    );
    s.shot("first_login");
    assert_eq!(s.seen.len(), 38, "{:?}", s.seen);
}

/// The rows of the screen at `width`x20 that contain `needle`.
fn rows_with(s: &mut Walk, width: u16, needle: &str) -> Vec<String> {
    s.w.resize(width, 20);
    let rows = s
        .text()
        .lines()
        .filter(|l| l.contains(needle))
        .map(str::to_string)
        .collect();
    s.w.resize(80, 24);
    rows
}

#[test]
fn without_colour_or_unicode_every_meaning_is_still_in_words_and_marks() {
    let mut s = Walk::new();
    for width in [80, 40] {
        // The focused field is marked.
        assert_eq!(rows_with(&mut s, width, "> Login").len(), 1, "{}", s.text());
    }
    s.w.log_in(SUPERVISOR);
    s.w.focus_home(Focus::People);
    for width in [80, 40] {
        // The selected person is marked, and only that one.
        let marked = rows_with(&mut s, width, "> ");
        assert_eq!(marked.len(), 1, "{marked:?}");
        assert!(marked[0].contains("> Blackwood, Teodoro"), "{marked:?}");
        // A name with accents keeps its letters.
        let nunez = rows_with(&mut s, width, "Nunez, Jose");
        assert!(!nunez.is_empty(), "{}", s.text());
        assert!(nunez.iter().all(|r| !r.contains('?')), "{nunez:?}");
        // A prompt's severity is a word beside its mark.
        let prompt = rows_with(&mut s, width, "attention");
        assert!(prompt[0].contains("+ attention"), "{prompt:?}");
    }
    s.keys(&[KeyCode::Enter, KeyCode::Down, KeyCode::Enter]);
    for width in [80, 40] {
        // Stressors: mark and severity word.
        assert!(
            rows_with(&mut s, width, "* Sleep (high)").len() == 1,
            "{}",
            s.text()
        );
        assert!(
            rows_with(&mut s, width, "+ Shifts and rest").len() == 1,
            "{}",
            s.text()
        );
    }
    s.keys(&[KeyCode::Esc, KeyCode::Esc]);
    s.lock();
    s.w.log_in(COORDINATOR);
    for width in [80, 40] {
        // The queue says in words which referral is late.
        assert_eq!(rows_with(&mut s, width, "overdue").len(), 1, "{}", s.text());
        assert_eq!(rows_with(&mut s, width, "stalled").len(), 1, "{}", s.text());
    }
    s.keys(&[KeyCode::Char('i')]);
    for width in [80, 40] {
        // The safety item is a word, on the selected (marked) row.
        let safety = rows_with(&mut s, width, "safety  Blackwood");
        assert_eq!(safety.len(), 1, "{}", s.text());
        assert!(safety[0].contains("> * safety"), "{safety:?}");
    }
}

#[test]
fn the_working_line_over_a_long_task_is_ascii_too() {
    let s = Walk::new();
    for (width, height) in SIZES {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
        terminal
            .draw(|frame| {
                super::app::render(
                    frame,
                    &s.w.app.state,
                    Some(std::time::Duration::from_secs(3)),
                );
            })
            .unwrap();
        let buffer = terminal.backend().buffer();
        assert_printable_ascii(buffer, "working");
        let text = terminal.backend().to_string();
        assert!(text.contains("Working... 3 s"), "{text}");
    }
}
