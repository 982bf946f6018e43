//! Whole-screen tests: snapshots rendered headless from constructed state with a fixed clock,
//! and key-driven flows through `update` and the effect performer against temp-dir vaults.

use chrono::NaiveDate;
use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers, MouseEvent, MouseEventKind,
};
use ratatui::layout::Size;
use ratatui::style::Color;

use super::TuiOptions;
use super::app::{App, action_for};
use super::keymap;
use super::screens::home::PanelData;
use super::screens::person::PersonRecord;
use super::screens::today::TodayData;
use super::screens::{self, help};
use super::state::{Action, Clock, Effect, Outcome, Screen, State, VaultInfo, update};
use super::theme::Theme;
use crate::desk::{self, LastSeen, LockedVault, LoginNotice, PeopleInCare, PersonView, VaultPaths};
use crate::domain::{Person, Role, Roles};
use crate::vault::{KdfParams, Passphrase};

pub(super) const NOW: i64 = 1_782_812_460;

pub(super) fn clock_at(unix: i64) -> Clock {
    let base = NaiveDate::from_ymd_opt(2026, 6, 30)
        .and_then(|d| d.and_hms_opt(9, 41, 0))
        .unwrap();
    Clock {
        local: base + chrono::Duration::seconds(unix - NOW),
        unix,
    }
}

pub(super) fn person(id: &str, name: &str, unit: &str) -> Person {
    Person {
        employee_id: id.into(),
        name: name.into(),
        unit: unit.into(),
        supervisor_id: None,
        active: true,
    }
}

fn roster() -> Vec<Person> {
    vec![
        person("E3", "Blackwood, Teodoro", "Harbor-Station"),
        person("E21", "Lin, Jo", "Harbor-Station"),
        person("E14", "Okafor, Rita", "Harbor-Station / Marine"),
        person("E16", "Pruitt, Alma", "Dispatch"),
        person("E30", "Zhou, Wen", "Records"),
    ]
}

pub(super) fn at_login(demo: bool) -> State {
    let name = if demo {
        "Demo vault"
    } else {
        "Harbor Station vault"
    };
    State::new(
        VaultInfo {
            name: name.into(),
            demo,
        },
        15,
        Theme::MONOCHROME,
        clock_at(NOW),
        Size::new(80, 24),
    )
}

/// `people` as `role` lists them: for a role that records check-ins, with when each was last
/// seen (every third never, the others some days before the tests' day, some with a
/// follow-up asked, one of them past).
pub(super) fn in_care(role: Role, people: Vec<Person>) -> PeopleInCare {
    let today = clock_at(NOW).today();
    let seen = matches!(role, Role::Supervisor | Role::Mentor).then(|| {
        (0..people.len())
            .map(|n| {
                let days = i64::try_from(n).unwrap();
                let last = (n % 3 != 0).then(|| today - chrono::Duration::days(4 + 9 * days));
                LastSeen {
                    last_checkin_on: last,
                    follow_up_on: last
                        .filter(|_| n % 2 == 1)
                        .map(|d| d + chrono::Duration::days(14)),
                }
            })
            .collect()
    });
    PeopleInCare { people, seen }
}

/// Signed in as `login` with `roles`, the home list loaded with `people` for the primary role.
fn signed_in(roles: &[Role], people: Vec<Person>, failed_attempts: u32) -> State {
    signed_in_with(
        roles,
        people,
        LoginNotice {
            failed_attempts,
            ..LoginNotice::default()
        },
    )
}

/// As [`signed_in`], with what the login told.
fn signed_in_with(roles: &[Role], people: Vec<Person>, notice: LoginNotice) -> State {
    let mut state = at_login(false);
    let roles = Roles::new(roles.iter().copied());
    let role = roles.primary();
    update(
        &mut state,
        Action::Done(Box::new(Outcome::Unlocked {
            login: "m.vantongeren".into(),
            roles,
            notice,
            lock_minutes: 15,
        })),
    );
    update(
        &mut state,
        Action::Done(Box::new(Outcome::People {
            role,
            result: Ok(in_care(role, people)),
        })),
    );
    // Nothing due and no referrals waiting, unless a test says otherwise.
    let panel = match role {
        Role::Supervisor | Role::Mentor => Some(Ok(PanelData::Today(TodayData::default()))),
        Role::Coordinator => Some(Ok(PanelData::Queue(Vec::new(), None))),
        Role::Admin | Role::Employee | Role::Operator => None,
    };
    // No prompts either.
    let prompts = match role {
        Role::Supervisor | Role::Mentor | Role::Coordinator => Some(Ok(Vec::new())),
        Role::Admin | Role::Employee | Role::Operator => None,
    };
    update(
        &mut state,
        Action::Done(Box::new(Outcome::Home {
            role,
            prompts,
            panel,
            own: None,
            crisis: None,
            rules_last_run: None,
        })),
    );
    state
}

pub(super) fn render(state: &State) -> Terminal<TestBackend> {
    let mut terminal =
        Terminal::new(TestBackend::new(state.size.width, state.size.height)).unwrap();
    terminal.draw(|f| screens::render(state, f)).unwrap();
    terminal
}

pub(super) fn screen_text(state: &State) -> String {
    render(state).backend().to_string()
}

pub(super) fn key(code: KeyCode) -> Event {
    key_with(code, KeyModifiers::NONE)
}

pub(super) fn key_with(code: KeyCode, modifiers: KeyModifiers) -> Event {
    Event::Key(KeyEvent {
        code,
        modifiers,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    })
}

/// Sends a key to the state alone (no vault): the keymap, then `update`.
fn press(state: &mut State, event: Event) {
    if let Some(action) = action_for(state, &event) {
        update(state, action);
    }
}

fn type_into(state: &mut State, text: &str) {
    for c in text.chars() {
        press(state, key(KeyCode::Char(c)));
    }
}

// ---------------------------------------------------------------- snapshots

/// In the idle lock's last minute the title bar says it is coming, in words; a key press
/// puts it back to the whole lock time.
#[test]
fn the_title_says_the_lock_is_coming_in_its_last_minute() {
    let mut state = signed_in(&[Role::Supervisor], roster(), 0);
    state.clock = clock_at(NOW + 15 * 60 - 30);
    let text = screen_text(&state);
    assert!(text.contains("locks in 30s"), "{text}");
    press(&mut state, key(KeyCode::Down));
    let text = screen_text(&state);
    assert!(!text.contains("locks in") && text.contains("15m"), "{text}");
}

#[test]
fn snapshot_login() {
    let mut state = at_login(false);
    type_into(&mut state, "m.vantongeren");
    press(&mut state, key(KeyCode::Tab));
    type_into(&mut state, "secret words");
    assert_snapshot!(render(&state).backend());
}

#[test]
fn snapshot_login_demo_vault() {
    let state = at_login(true);
    assert_snapshot!(render(&state).backend());
}

#[test]
fn snapshot_login_after_idle_lock() {
    let mut state = signed_in(&[Role::Admin], roster(), 0);
    state.clock = clock_at(NOW + 15 * 60);
    update(&mut state, Action::Tick);
    assert_snapshot!(render(&state).backend());
}

#[test]
fn snapshot_home_supervisor() {
    let state = signed_in(&[Role::Supervisor, Role::Employee], roster(), 2);
    assert_snapshot!(render(&state).backend());
}

#[test]
fn snapshot_home_mentor() {
    let state = signed_in(&[Role::Mentor, Role::Employee], roster()[..2].to_vec(), 0);
    assert_snapshot!(render(&state).backend());
}

#[test]
fn snapshot_home_coordinator() {
    let state = signed_in(&[Role::Coordinator], roster(), 0);
    assert_snapshot!(render(&state).backend());
}

#[test]
fn snapshot_home_admin() {
    let state = signed_in(&[Role::Admin], roster(), 0);
    assert_snapshot!(render(&state).backend());
}

#[test]
fn snapshot_home_employee() {
    let state = signed_in(
        &[Role::Employee],
        vec![person("E1", "Vantongeren, Mara", "Harbor-Station")],
        0,
    );
    assert_snapshot!(render(&state).backend());
}

#[test]
fn snapshot_home_supervisor_with_no_one_yet() {
    let state = signed_in(&[Role::Supervisor, Role::Employee], Vec::new(), 0);
    assert_snapshot!(render(&state).backend());
}

#[test]
fn snapshot_home_filtering() {
    let mut state = signed_in(&[Role::Admin], roster(), 0);
    press(&mut state, key(KeyCode::Char('/')));
    type_into(&mut state, "harbor");
    assert_snapshot!(render(&state).backend());
}

/// A page with the directory entry only, as the desk returns it for someone without a record.
fn directory_only(view: PersonView) -> PersonRecord {
    PersonRecord {
        view,
        checkins: Vec::new(),
        referrals: Vec::new(),
        resource_names: Default::default(),
        authors: Default::default(),
    }
}

fn person_view(may_view_record: bool) -> PersonView {
    let mut p = person("E3", "Blackwood, Teodoro", "Harbor-Station");
    p.supervisor_id = Some("E1".into());
    PersonView {
        person: p,
        supervisor_name: Some("Vantongeren, Mara".into()),
        direct_reports: 0,
        mentors: vec!["j.mentor".into()],
        may_view_record,
    }
}

#[test]
fn snapshot_person_page() {
    let mut state = signed_in(&[Role::Supervisor, Role::Employee], roster(), 0);
    update(
        &mut state,
        Action::Done(Box::new(Outcome::Person(Ok(directory_only(person_view(
            true,
        )))))),
    );
    assert_snapshot!(render(&state).backend());
}

#[test]
fn snapshot_person_page_directory_only() {
    let mut state = signed_in(&[Role::Admin], roster(), 0);
    update(
        &mut state,
        Action::Done(Box::new(Outcome::Person(Ok(directory_only(person_view(
            false,
        )))))),
    );
    assert_snapshot!(render(&state).backend());
}

#[test]
fn snapshot_help_overlay() {
    let mut state = signed_in(&[Role::Supervisor, Role::Employee], roster(), 0);
    press(&mut state, key(KeyCode::Char('?')));
    assert_snapshot!(render(&state).backend());
}

#[test]
fn snapshot_help_now() {
    let mut state = at_login(false);
    press(&mut state, key(KeyCode::F(1)));
    assert_snapshot!(render(&state).backend());
}

#[test]
fn snapshot_first_login() {
    let mut state = at_login(false);
    update(
        &mut state,
        Action::Done(Box::new(Outcome::MustChoosePassphrase {
            login: "new.person".into(),
        })),
    );
    type_into(&mut state, "too short");
    press(&mut state, key(KeyCode::Tab));
    type_into(&mut state, "too short");
    press(&mut state, key(KeyCode::Enter));
    assert_snapshot!(render(&state).backend());
}

#[test]
fn snapshot_window_too_small_still_offers_help_now() {
    let mut state = at_login(false);
    state.size = Size::new(40, 10);
    assert_snapshot!(render(&state).backend());
}

// ---------------------------------------------------------------- behaviour without a vault

#[test]
fn filter_narrows_the_list_and_esc_clears_it() {
    let mut state = signed_in(&[Role::Admin], roster(), 0);
    let shown = |s: &State| match &s.screen {
        Screen::Workspace(ws) => (ws.people.shown_len(), ws.people.filter.clone()),
        _ => panic!("not signed in"),
    };
    press(&mut state, key(KeyCode::Char('/')));
    type_into(&mut state, "HARBOR");
    assert_eq!(shown(&state), (3, "HARBOR".into()));
    type_into(&mut state, "-station / m");
    assert_eq!(shown(&state).0, 1, "Harbor-Station / Marine only");
    for _ in "-station / m".chars() {
        press(&mut state, key(KeyCode::Backspace));
    }
    assert_eq!(shown(&state).0, 3);
    // q and j type while filtering; they are not commands there.
    type_into(&mut state, "q");
    assert!(!state.quit);
    assert_eq!(shown(&state), (0, "HARBORq".into()));
    assert!(screen_text(&state).contains("No one matches “HARBORq”. Esc clears the filter."));
    press(&mut state, key(KeyCode::Esc));
    assert_eq!(shown(&state), (5, String::new()));
    // A kept filter is cleared by Esc too.
    press(&mut state, key(KeyCode::Char('/')));
    type_into(&mut state, "e3");
    press(&mut state, key(KeyCode::Enter));
    assert_eq!(shown(&state).0, 2, "E3 and E30");
    assert!(screen_text(&state).contains("Filtered by: e3"));
    press(&mut state, key(KeyCode::Esc));
    assert_eq!(shown(&state), (5, String::new()));
    // Words in any order, any field: first name then part of the surname finds them.
    press(&mut state, key(KeyCode::Char('/')));
    type_into(&mut state, "teodoro black");
    assert_eq!(shown(&state).0, 1, "Blackwood, Teodoro");
    type_into(&mut state, " marine");
    assert_eq!(shown(&state).0, 0, "every word must match");
    press(&mut state, key(KeyCode::Esc));
}

#[test]
fn keys_and_the_wheel_keep_the_selection_on_screen() {
    let people: Vec<Person> = (0..60_000)
        .map(|i| person(&format!("E{i:05}"), &format!("Person {i:05}"), "Unit"))
        .collect();
    let mut state = signed_in(&[Role::Admin], people, 0);
    let rows = usize::from(screens::home::list_area(&state).height);
    let check = |s: &State| {
        let Screen::Workspace(ws) = &s.screen else {
            panic!("not signed in")
        };
        let p = &ws.people;
        let c = p.cursor;
        assert!(
            c.selected >= c.offset && c.selected < c.offset + rows,
            "{} {}",
            c.selected,
            c.offset
        );
        let text = screen_text(s);
        let name = p.selected_person().map(|x| x.name.clone()).unwrap();
        assert!(text.contains(&format!("▶ {name}")), "{text}");
    };
    for event in [
        key(KeyCode::PageDown),
        key(KeyCode::Char('j')),
        key(KeyCode::Char('G')),
        key(KeyCode::PageUp),
        key(KeyCode::Up),
        key(KeyCode::Home),
        key(KeyCode::End),
        key(KeyCode::Char('g')),
    ] {
        press(&mut state, event);
        check(&state);
    }
    for _ in 0..10 {
        press(
            &mut state,
            Event::Mouse(MouseEvent {
                kind: MouseEventKind::ScrollDown,
                column: 10,
                row: 10,
                modifiers: KeyModifiers::NONE,
            }),
        );
        check(&state);
    }
    update(
        &mut state,
        Action::Resize {
            width: 80,
            height: 14,
        },
    );
    assert!(screen_text(&state).contains("▶ "));
}

#[test]
fn a_click_selects_the_row_under_the_pointer() {
    let mut state = signed_in(&[Role::Admin], roster(), 0);
    let list = screens::home::list_area(&state);
    let click = |row| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(ratatui::crossterm::event::MouseButton::Left),
            column: list.x + 3,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    press(&mut state, click(list.y + 3));
    assert!(screen_text(&state).contains("▶ Pruitt, Alma"));
    // Below the last person, and on the heading: nothing changes.
    press(&mut state, click(list.y + 9));
    press(&mut state, click(list.y - 2));
    assert!(screen_text(&state).contains("▶ Pruitt, Alma"));
    let open = update(&mut state, Action::Open);
    assert!(
        matches!(&open, Effect::OpenPerson(id) if id == "E16"),
        "{open:?}"
    );
}

#[test]
fn help_now_opens_from_login_and_from_inside_text_fields() {
    let mut state = at_login(false);
    // In the login field '!' cannot be part of a login, so it opens help-now.
    press(
        &mut state,
        key_with(KeyCode::Char('!'), KeyModifiers::SHIFT),
    );
    assert!(state.help_now_open);
    assert!(
        screen_text(&state).contains("988 Suicide & Crisis Lifeline — Call or text 988, 24/7.")
    );
    press(&mut state, key(KeyCode::Esc));
    assert!(!state.help_now_open);
    assert!(matches!(state.screen, Screen::Login(_)));
    // In the passphrase field '!' is typed; F1 opens help-now, and the field survives.
    type_into(&mut state, "ana");
    press(&mut state, key(KeyCode::Tab));
    type_into(&mut state, "a!");
    assert!(!state.help_now_open);
    assert!(screen_text(&state).contains("F1 help now"));
    press(&mut state, key(KeyCode::F(1)));
    assert!(state.help_now_open);
    let text = screen_text(&state);
    assert!(text.contains("If you or someone is in immediate danger: call 911."));
    assert!(text.contains("Nothing here tells anyone you looked."));
    press(&mut state, key(KeyCode::Esc));
    let Screen::Login(form) = &state.screen else {
        panic!("left login")
    };
    assert_eq!((form.login.as_str(), form.passphrase.chars()), ("ana", 2));
    // From the filter field on home as well.
    let mut state = signed_in(&[Role::Admin], roster(), 0);
    press(&mut state, key(KeyCode::Char('/')));
    press(&mut state, key(KeyCode::Char('!')));
    assert!(state.help_now_open);
}

#[test]
fn the_keys_overlay_lists_exactly_the_screens_commands() {
    for roles in [vec![Role::Supervisor, Role::Employee], vec![Role::Employee]] {
        let mut state = signed_in(&roles, roster(), 0);
        let screen = screens::screen_commands(&state);
        press(&mut state, key(KeyCode::Char('?')));
        assert!(state.help_open);
        let rows: Vec<(String, &str)> = help::rows(&screen, None).into_iter().flatten().collect();
        let expected: Vec<(String, &str)> = screen
            .iter()
            .map(|c| (c.keys_label(), c.label))
            .chain(keymap::GLOBAL.iter().map(|c| (c.keys_label(), c.label)))
            .collect();
        let listed: Vec<(String, &str)> = rows.into_iter().filter(|(k, _)| !k.is_empty()).collect();
        assert_eq!(listed, expected);
        // "switch role" only for an account that has another role to switch to.
        assert_eq!(
            listed.iter().any(|(_, l)| *l == "switch role"),
            roles.len() > 1
        );
        let text = screen_text(&state);
        for (keys, label) in &expected {
            assert!(
                text.contains(keys.as_str()) && text.contains(label),
                "{keys} {label}\n{text}"
            );
        }
        // Every footer hint of the screen is in the overlay.
        for hint in keymap::hints(&screen, None) {
            assert!(
                listed
                    .iter()
                    .any(|(k, l)| *l == hint.label && k.starts_with(&hint.key))
            );
        }
        press(&mut state, key(KeyCode::Esc));
        assert!(!state.help_open);
    }
}

#[test]
fn hostile_names_reach_the_screen_without_control_characters() {
    let hostile = "Evil\u{1b}[2J\u{1b}]52;c;aGk=\u{7}Name\u{9b}";
    let mut state = signed_in(
        &[Role::Admin],
        vec![person("E\u{1b}[31m1", hostile, "Unit\u{1b}[0m")],
        0,
    );
    let assert_clean = |buffer: &Buffer| {
        for cell in &buffer.content {
            assert!(
                !cell.symbol().chars().any(char::is_control),
                "control character in {:?}",
                cell.symbol()
            );
        }
    };
    let terminal = render(&state);
    assert_clean(terminal.backend().buffer());
    assert!(terminal.backend().to_string().contains("Evil␛[2J"));
    let mut view = person_view(false);
    view.person.name = hostile.into();
    view.supervisor_name = Some("\u{1b}[2J".into());
    view.mentors = vec!["m\u{7}".into()];
    update(
        &mut state,
        Action::Done(Box::new(Outcome::Person(Ok(directory_only(view))))),
    );
    assert_clean(render(&state).backend().buffer());
    // The vault name comes from whoever created the vault.
    let mut state = at_login(true);
    state.vault.name = "Vault\u{1b}[2J".into();
    assert_clean(render(&state).backend().buffer());
}

#[test]
fn no_color_draws_without_any_colour() {
    let mut state = signed_in(&[Role::Supervisor, Role::Employee], roster(), 3);
    press(&mut state, key(KeyCode::Char('?')));
    for cell in &render(&state).backend().buffer().content {
        assert!(
            cell.fg == Color::Reset && cell.bg == Color::Reset,
            "{cell:?}"
        );
    }
}

// ---------------------------------------------------------------- flows against a real vault

pub(super) const CHEAP: KdfParams = KdfParams::FLOOR;

struct Fixture {
    _dir: tempfile::TempDir,
    app: App,
    one_time: Passphrase,
}

/// A vault with a supervisor (two reports), and a new employee who must choose a passphrase.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let paths = VaultPaths::for_db(&dir.path().join("vault").join("steady.db"));
    let mut admin = desk::init_vault(
        &paths,
        "admin",
        &Passphrase::new("admin passphrase 1"),
        CHEAP,
        "Test vault",
        false,
    )
    .unwrap();
    let mut boss = person("E1", "Vantongeren, Mara", "Harbor-Station");
    boss.active = true;
    admin.add_person(&boss).unwrap();
    for (id, name) in [("E2", "Blackwood, Teodoro"), ("E3", "Lin, Jo")] {
        let mut p = person(id, name, "Harbor-Station");
        p.supervisor_id = Some("E1".into());
        admin.add_person(&p).unwrap();
    }
    admin
        .add_account_with(
            "m.vantongeren",
            Roles::new([Role::Supervisor, Role::Employee]),
            Some("E1"),
            Some(Passphrase::new("supervisor passphrase")),
        )
        .unwrap();
    let new = admin
        .add_account("j.lin", Roles::new([Role::Employee]), Some("E3"))
        .unwrap();
    drop(admin);
    let vault = LockedVault::open(&paths).unwrap();
    let app = App::new(
        vault,
        &TuiOptions::default(),
        Theme::MONOCHROME,
        clock_at(NOW),
        Size::new(80, 24),
    );
    Fixture {
        _dir: dir,
        app,
        one_time: new.one_time_passphrase,
    }
}

impl Fixture {
    /// Sends a key through the keymap, `update` and the effect performer, as the loop does;
    /// returns the screens drawn before each effect ran.
    fn press(&mut self, event: Event) -> Vec<String> {
        let mut drawn = Vec::new();
        if let Some(action) = action_for(&self.app.state, &event) {
            self.app
                .dispatch(action, |state| {
                    drawn.push(screen_text(state));
                    Ok::<(), std::convert::Infallible>(())
                })
                .unwrap();
        }
        drawn
    }

    fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.press(key(KeyCode::Char(c)));
        }
    }

    fn log_in(&mut self, login: &str, passphrase: &str) -> Vec<String> {
        self.fill_in_login(login, passphrase);
        self.press(key(KeyCode::Enter))
    }

    /// Types the login form; returns what Enter would do, for the caller to dispatch.
    fn fill_in_login(&mut self, login: &str, passphrase: &str) -> Action {
        self.type_text(login);
        self.press(key(KeyCode::Tab));
        self.type_text(passphrase);
        action_for(&self.app.state, &key(KeyCode::Enter)).expect("Enter submits")
    }

    fn text(&self) -> String {
        screen_text(&self.app.state)
    }
}

#[test]
fn a_slow_effect_runs_on_a_worker_while_the_screen_says_it_is_working() {
    use super::app::Patience;
    use std::time::Duration;
    let mut f = fixture();
    let enter = f.fill_in_login("m.vantongeren", "supervisor passphrase");
    // Patience of zero: every effect counts as slow, so the line must be drawn at least
    // once for each, whatever the speed of this machine.
    let patience = Patience {
        show_after: Duration::ZERO,
        redraw_every: Duration::from_millis(1),
    };
    let mut frames: Vec<(bool, String)> = Vec::new();
    f.app
        .dispatch_live(enter, patience, |state, working| {
            let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
            terminal
                .draw(|frame| super::app::render(frame, state, working))
                .unwrap();
            frames.push((working.is_some(), terminal.backend().to_string()));
            Ok::<(), std::convert::Infallible>(())
        })
        .unwrap();
    let (first_working, first) = &frames[0];
    assert!(!first_working && first.contains("Unlocking…"), "{first}");
    assert!(!first.contains("Working…"), "{first}");
    let working: Vec<&String> = frames.iter().filter(|(w, _)| *w).map(|(_, t)| t).collect();
    assert!(!working.is_empty());
    assert!(
        working
            .iter()
            .all(|t| t.contains("Working…") && t.contains("a large vault takes a moment")),
        "{}",
        working[0]
    );
    let Screen::Workspace(ws) = &f.app.state.screen else {
        panic!("not home: {}", f.text())
    };
    assert_eq!(ws.user.role, Role::Supervisor);
}

#[test]
fn a_quick_effect_is_applied_as_soon_as_it_is_done() {
    use super::app::Patience;
    use std::time::Duration;
    let mut f = fixture();
    let enter = f.fill_in_login("m.vantongeren", "supervisor passphrase");
    // An hour between redraws: were the loop to sleep rather than wait on the worker,
    // this would not return for an hour. It runs on its own thread so that the test fails
    // after a minute instead of hanging (a bound far above the few milliseconds it takes,
    // so a slow machine never fails it).
    let patience = Patience {
        show_after: Duration::from_secs(3600),
        redraw_every: Duration::from_secs(3600),
    };
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut working_frames = 0;
        f.app
            .dispatch_live(enter, patience, |_, working| {
                working_frames += usize::from(working.is_some());
                Ok::<(), std::convert::Infallible>(())
            })
            .unwrap();
        let _ = done.send((f, working_frames));
    });
    let (f, working_frames) = finished
        .recv_timeout(Duration::from_secs(60))
        .expect("the effect was applied as soon as it was done, not at the next redraw");
    assert_eq!(working_frames, 0);
    assert!(
        matches!(f.app.state.screen, Screen::Workspace(_)),
        "{}",
        f.text()
    );
}

#[test]
fn the_app_gives_every_session_the_rules_it_was_started_with() {
    let custom = crate::rules::parse(
        r#"
[[rule]]
id = "any-checkin"
title = "Checked in lately"
severity = "info"
audience = ["supervisor_chain"]
explain = "{value} check-ins in the last week"
when = { kind = "count", event = "checkin", within_days = 7, at_least = 1 }
"#,
        &crate::rules::Known::builtin(),
    )
    .unwrap();
    let mut f = fixture();
    let paths = VaultPaths::for_db(&f._dir.path().join("vault").join("steady.db"));
    let vault = LockedVault::open(&paths).unwrap();
    f.app = App::new(
        vault,
        &TuiOptions {
            rules: Some(custom.clone()),
            ..TuiOptions::default()
        },
        Theme::MONOCHROME,
        clock_at(NOW),
        Size::new(80, 24),
    );
    f.log_in("m.vantongeren", "supervisor passphrase");
    assert_eq!(f.app.effects.rules_in_force(), Some(&custom));
    // Locked and unlocked again: still the same rules.
    f.press(key(KeyCode::Char('L')));
    f.log_in("m.vantongeren", "supervisor passphrase");
    assert_eq!(f.app.effects.rules_in_force(), Some(&custom));
    // A first login, through the passphrase change, too.
    f.press(key(KeyCode::Char('L')));
    let one_time = f.one_time.expose().to_string();
    f.log_in("j.lin", &one_time);
    f.type_text("a brand new passphrase");
    f.press(key(KeyCode::Tab));
    f.type_text("a brand new passphrase");
    f.press(key(KeyCode::Enter));
    assert!(
        matches!(f.app.state.screen, Screen::Workspace(_)),
        "{}",
        f.text()
    );
    assert_eq!(f.app.effects.rules_in_force(), Some(&custom));
}

#[test]
fn logging_in_opens_the_home_screen_of_the_primary_role() {
    let mut f = fixture();
    let drawn = f.log_in("m.vantongeren", "supervisor passphrase");
    assert!(drawn[0].contains("Unlocking…"), "{}", drawn[0]);
    let Screen::Workspace(ws) = &f.app.state.screen else {
        panic!("not home: {}", f.text())
    };
    assert_eq!(ws.user.role, Role::Supervisor);
    assert_eq!(ws.people.total(), 2);
    assert!(f.app.effects.is_unlocked());
    let text = f.text();
    assert!(text.contains("Your people (2)"), "{text}");
    assert!(text.contains("▶ Blackwood, Teodoro"));
    assert!(text.contains("m.vantongeren · supervisor"));
    // Enter opens the page of the selected person.
    f.press(key(KeyCode::Enter));
    let text = f.text();
    assert!(text.contains("Supervisor      Vantongeren, Mara"), "{text}");
    assert!(text.contains("No check-ins recorded yet."));
    f.press(key(KeyCode::Esc));
    // R switches to the employee role: their own record.
    f.press(key(KeyCode::Char('R')));
    let text = f.text();
    assert!(text.contains("Your record"), "{text}");
    assert!(text.contains("Vantongeren, Mara"));
    assert!(text.contains("m.vantongeren · employee"));
}

#[test]
fn a_wrong_passphrase_stays_on_login_with_one_calm_line() {
    let mut f = fixture();
    f.log_in("m.vantongeren", "not it at all");
    assert!(matches!(f.app.state.screen, Screen::Login(_)));
    assert!(!f.app.effects.is_unlocked());
    let text = f.text();
    assert!(
        text.contains("Wrong login or passphrase. Try again."),
        "{text}"
    );
    let Screen::Login(form) = &f.app.state.screen else {
        unreachable!()
    };
    assert_eq!(form.login, "m.vantongeren", "the login is kept");
    assert!(form.passphrase.is_empty(), "the passphrase is not");
    // Two more mistakes are free; after the third, attempts wait.
    for _ in 0..2 {
        f.type_text("still wrong");
        f.press(key(KeyCode::Enter));
    }
    f.type_text("still wrong");
    f.press(key(KeyCode::Enter));
    let text = f.text();
    assert!(text.contains("Too many attempts. Try again in "), "{text}");
    assert!(text.contains(" s."));
}

#[test]
fn a_first_login_chooses_a_passphrase_then_goes_home() {
    let mut f = fixture();
    let one_time = f.one_time.expose().to_string();
    f.log_in("j.lin", &one_time);
    assert!(
        matches!(f.app.state.screen, Screen::FirstLogin(_)),
        "{}",
        f.text()
    );
    assert!(f.text().contains("works only once"));
    // Too short: said inline, and the one-time session is kept for the next try.
    f.type_text("short");
    f.press(key(KeyCode::Enter));
    f.type_text("short");
    f.press(key(KeyCode::Enter));
    assert!(
        f.text()
            .contains("A passphrase needs at least 12 characters"),
        "{}",
        f.text()
    );
    assert!(matches!(f.app.state.screen, Screen::FirstLogin(_)));
    // Different twice: said inline too.
    f.type_text("river lantern copper");
    f.press(key(KeyCode::Tab));
    f.type_text("river lantern cooper");
    f.press(key(KeyCode::Enter));
    assert!(f.text().contains("The two passphrases differ."));
    // Easy to guess: refused before anything is sent, with zxcvbn's reason.
    f.type_text("aaaaaaaaaaaa");
    f.press(key(KeyCode::Tab));
    f.type_text("aaaaaaaaaaaa");
    f.press(key(KeyCode::Enter));
    assert!(
        f.text().contains("That passphrase would be easy to guess"),
        "{}",
        f.text()
    );
    // The one-time passphrase itself: the vault refuses it, and the first login stays
    // open (the one-time session is kept).
    f.type_text(&one_time);
    f.press(key(KeyCode::Tab));
    f.type_text(&one_time);
    f.press(key(KeyCode::Enter));
    assert!(
        matches!(&f.app.state.screen, Screen::FirstLogin(form) if !form.busy),
        "{}",
        f.text()
    );
    assert!(
        f.text().contains("one-time passphrase you were given"),
        "{}",
        f.text()
    );
    assert!(f.app.effects.is_unlocked());
    f.type_text("river lantern copper");
    f.press(key(KeyCode::Tab));
    f.type_text("river lantern copper");
    let drawn = f.press(key(KeyCode::Enter));
    assert!(drawn[0].contains("Saving…"));
    let text = f.text();
    assert!(text.contains("Your record"), "{text}");
    assert!(text.contains("Lin, Jo"));
    // The new passphrase works, the one-time one no longer does.
    f.press(key(KeyCode::Char('L')));
    assert!(!f.app.effects.is_unlocked());
    f.log_in("j.lin", &one_time);
    assert!(
        f.text().contains("Wrong login or passphrase."),
        "{}",
        f.text()
    );
    f.press(key_with(KeyCode::Char('u'), KeyModifiers::CONTROL));
    f.type_text("river lantern copper");
    f.press(key(KeyCode::Enter));
    assert!(f.text().contains("Your record"), "{}", f.text());
}

#[test]
fn idle_lock_drops_the_session_and_returns_to_login() {
    let mut f = fixture();
    f.log_in("m.vantongeren", "supervisor passphrase");
    assert!(f.app.effects.is_unlocked());
    assert!(f.text().contains("🔒 15m"));
    f.app.state.clock = clock_at(NOW + 10 * 60 + 30);
    f.app.dispatch(Action::Tick, |_| Ok::<(), ()>(())).unwrap();
    assert!(f.text().contains("🔒 5m"));
    f.app.state.clock = clock_at(NOW + 15 * 60);
    f.app.dispatch(Action::Tick, |_| Ok::<(), ()>(())).unwrap();
    assert!(!f.app.effects.is_unlocked(), "the session was dropped");
    assert!(matches!(f.app.state.screen, Screen::Login(_)));
    let text = f.text();
    assert!(
        text.contains("Locked after 15 minutes without activity."),
        "{text}"
    );
    assert!(!text.contains("Blackwood"), "no names remain on screen");
}

#[test]
fn an_admin_is_told_when_the_rules_last_ran_and_that_a_timer_run_failed() {
    let notice = LoginNotice {
        rules_last_run: chrono::NaiveDate::from_ymd_opt(2026, 6, 29),
        rules_failed_at: chrono::DateTime::from_timestamp(1_782_795_600, 0),
        ..LoginNotice::default()
    };
    let admin = screen_text(&signed_in_with(&[Role::Admin], Vec::new(), notice));
    assert!(
        admin.contains("The rules last ran on 2026-06-29."),
        "{admin}"
    );
    assert!(
        admin.contains("The daily rules run failed at 2026-06-30"),
        "{admin}"
    );
    assert!(admin.contains("journalctl"), "{admin}");
    // Others are not shown the batch runs' state.
    let supervisor = screen_text(&signed_in_with(&[Role::Supervisor], Vec::new(), notice));
    assert!(!supervisor.contains("rules run failed"), "{supervisor}");
}

#[test]
fn a_pinned_login_is_shown_fixed_and_cannot_be_edited() {
    let mut state = at_login(false);
    state.pin_login(Some("alice".into()));
    let text = screen_text(&state);
    assert!(
        text.contains("alice") && text.contains("set by your SSH key"),
        "{text}"
    );
    for action in [
        Action::PrevField,
        Action::Type('b'),
        Action::ClearField,
        Action::Backspace,
    ] {
        update(&mut state, action);
    }
    let Screen::Login(form) = &state.screen else {
        panic!("not at login")
    };
    assert_eq!(form.login, "alice");
    assert!(
        form.passphrase.is_empty(),
        "b went to the passphrase, then was removed"
    );
    // Locking brings back the pinned login too.
    update(&mut state, Action::Type('x'));
    update(
        &mut state,
        Action::Done(Box::new(Outcome::Unlocked {
            login: "alice".into(),
            roles: Roles::new([Role::Employee]),
            notice: LoginNotice::default(),
            lock_minutes: 15,
        })),
    );
    update(&mut state, Action::LockNow);
    let Screen::Login(form) = &state.screen else {
        panic!("not at login")
    };
    assert_eq!(form.login, "alice");
    assert!(form.pinned);
}

/// The home is drawn as soon as the people list is in: the sections that take longer (the
/// rules' prompts, Today) each say "Loading…" in that frame and load after it is drawn.
#[test]
fn snapshot_home_drawn_before_its_slower_sections_load() {
    let mut f = fixture();
    let drawn = f.log_in("m.vantongeren", "supervisor passphrase");
    let first_home = drawn
        .iter()
        .find(|frame| frame.contains("Blackwood, Teodoro"))
        .unwrap_or_else(|| panic!("no home frame was drawn before the effects ran: {drawn:#?}"));
    assert_eq!(
        first_home.matches("Loading…").count(),
        2,
        "the prompts and Today load after the first frame: {first_home}"
    );
    assert_snapshot!(first_home);
    let loaded = f.text();
    assert!(!loaded.contains("Loading…"), "{loaded}");
    assert!(loaded.contains("Today (2)"), "{loaded}");
}
