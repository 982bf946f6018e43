//! Hostile text in every user-supplied field a screen shows (names, units, notes, referral
//! reasons and event notes, the resource catalog, prompt explanations) reaches no buffer
//! cell as a control or bidi character, at the smallest window and a wide one.

use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Size;

use super::TuiOptions;
use super::app::App;
use super::screens::home::Focus;
use super::screens::my_records::MyRecords;
use super::state::{Screen, View};
use super::tests::{NOW, clock_at, key, render};
use super::theme::Theme;
use super::workflow_tests::{
    ADMIN, COORDINATOR, EMPLOYEE, SUPERVISOR, TODAY, Workflow, assert_no_control_characters,
    checkin, day, flag, paths_of, unlock, workflow,
};
use crate::desk::{LockedVault, NewReferral, VaultPaths};
use crate::domain::referral::{Change, Consent, Status, Urgency};
use crate::domain::resources::Resource;
use crate::domain::stressors::Severity;
use crate::rules::{Known, parse};

/// An OSC title write, a screen clear, an SGR colour, a C1 CSI, a bidi override and
/// isolate, a bare carriage return, a backspace, DEL and a C1 next-line.
const HOSTILE: &str =
    "A\u{1b}]0;pwned\u{7}B\u{1b}[2JC\u{1b}[31mD\u{9b}1mE\u{202e}F\rG\u{8}H\u{7f}I\u{85}J\u{2067}K";

fn hostile(tag: &str) -> String {
    format!("{tag} {HOSTILE} end")
}

/// Blackwood renamed and moved to a hostile unit; a crisis line whose every field is
/// hostile; a check-in, a referral to that line and a coordinator's note, all hostile.
fn hostile_record(paths: &VaultPaths) {
    let mut admin = unlock(paths, ADMIN);
    let csv = format!(
        "employee_id,name,unit,supervisor_id\nE2,\"Blackwood, Teodoro {}\",\"{}\",E1\n",
        hostile("name"),
        hostile("unit")
    );
    admin
        .import_people(csv.as_bytes(), false, &mut crate::desk::Unwatched)
        .unwrap();
    drop(admin);
    let mut coordinator = unlock(paths, COORDINATOR);
    coordinator
        .add_resource(&Resource {
            id: "hostile-line".into(),
            name: hostile("res-name"),
            kind: hostile("res-kind"),
            contact: hostile("res-contact"),
            hours: hostile("res-hours"),
            confidentiality: hostile("res-confidentiality"),
            description: hostile("res-description"),
            helps_with: vec!["health".into()],
            crisis: false,
            retired: false,
        })
        .unwrap();
    // A crisis line, for help-now (a crisis line is never a referral).
    coordinator
        .add_resource(&Resource {
            id: "hostile-crisis".into(),
            name: hostile("crisis-name"),
            kind: "crisis line".into(),
            contact: hostile("crisis-contact"),
            hours: hostile("crisis-hours"),
            confidentiality: hostile("crisis-confidentiality"),
            description: hostile("crisis-description"),
            helps_with: vec!["health".into()],
            crisis: true,
            retired: false,
        })
        .unwrap();
    let mut sup = unlock(paths, SUPERVISOR);
    let mut draft = checkin(
        "2026-06-20",
        2,
        vec![flag("health.sleep", Severity::High)],
        &format!("{}\nsecond line {}", hostile("note"), hostile("note2")),
    );
    draft.follow_up_on = Some(day("2026-06-29"));
    sup.record_checkin("E2", draft).unwrap();
    let referral = sup
        .propose_referral(&NewReferral {
            employee_id: "E2".into(),
            resource_id: "hostile-line".into(),
            consent: Consent::Given,
            urgency: Urgency::Soon,
            reason: hostile("reason"),
            on: day("2026-06-20"),
        })
        .unwrap();
    let accepted = Change {
        status: Some(Status::Accepted),
        ..Change::default()
    };
    coordinator
        .change_referral(referral, &accepted, &hostile("event"), day("2026-06-21"))
        .unwrap();
}

/// A prompt for Blackwood from a rule whose explanation is hostile (raised after the
/// workflow's own rules run, which would resolve it), with the app using the same rules:
/// a prompt's reasons are evaluated again, by the rules in force, each time it is shown.
fn hostile_prompt(w: &mut Workflow) {
    let text = format!(
        "[[rule]]\nid = \"hostile\"\ntitle = \"Hostile\"\nseverity = \"urgent\"\n\
         audience = [\"supervisor_chain\"]\nsuggest = [\"hostile-line\"]\nexplain = \"{}\"\n\
         when = {{ kind = \"latest\", at_most = 5, within_days = 3650 }}\n",
        hostile("explain")
            .chars()
            .map(|c| if c.is_ascii_graphic() || c == ' ' {
                c.to_string()
            } else {
                format!("\\u{:04X}", u32::from(c))
            })
            .collect::<String>()
    );
    let mut known = Known::builtin();
    known.resources.push("hostile-line".into());
    let rules = parse(&text, &known).unwrap();
    let mut admin = unlock(&paths_of(w), ADMIN);
    admin.set_rules(rules.clone());
    admin.set_clock(crate::domain::clock::Clock::on(day(TODAY)));
    admin
        .run_rules(day(TODAY), &mut crate::desk::Unwatched)
        .unwrap();
    w.app = App::new(
        LockedVault::open(&paths_of(w)).unwrap(),
        &TuiOptions {
            rules: Some(rules),
            ..TuiOptions::default()
        },
        Theme::MONOCHROME,
        clock_at(NOW),
        Size::new(80, 24),
    );
}

/// Draws the current page at three sizes, checking every cell; returns the wide text.
fn check(w: &mut Workflow, page: &str) -> String {
    for (width, height) in [(40, 12), (80, 24), (200, 60)] {
        w.resize(width, height);
        let terminal = render(&w.app.state);
        assert_no_control_characters(terminal.backend().buffer());
    }
    let text = w.text();
    w.resize(80, 24);
    assert!(
        text.contains('␛'),
        "{page}: the hostile text is not on screen\n{text}"
    );
    text
}

#[test]
fn hostile_text_reaches_no_screen_as_control_or_bidi_characters() {
    let mut w = workflow(hostile_record);
    hostile_prompt(&mut w);

    // The supervisor: home (people and prompts), the person page, the referral and the
    // check-in, the forms that list resources, the catalog and help-now.
    w.supervisor_on_blackwood();
    w.resize(200, 60);
    check(&mut w, "home");
    w.focus_home(Focus::Prompts);
    let home = check(&mut w, "home, prompts");
    assert!(home.contains("explain A␛"), "{home}");
    w.press(key(KeyCode::Enter));
    assert!(
        matches!(w.top(), Some(View::PromptDetail(_))),
        "{}",
        w.text()
    );
    check(&mut w, "prompt page");
    w.press(key(KeyCode::Esc));
    w.focus_home(Focus::People);
    w.press(key(KeyCode::Enter));
    assert!(matches!(w.top(), Some(View::Person(_))), "{}", w.text());
    check(&mut w, "person page");
    w.press(key(KeyCode::Enter));
    assert!(
        matches!(w.top(), Some(View::ReferralDetail(_))),
        "{}",
        w.text()
    );
    let referral = check(&mut w, "referral page");
    assert!(referral.contains("event A␛"), "{referral}");
    w.keys(&[KeyCode::Esc, KeyCode::Down, KeyCode::Enter]);
    assert!(
        matches!(w.top(), Some(View::CheckinDetail(_))),
        "{}",
        w.text()
    );
    let detail = check(&mut w, "check-in page");
    assert!(detail.contains("note2 A␛"), "{detail}");
    w.keys(&[KeyCode::Esc, KeyCode::Char('c')]);
    assert!(
        matches!(w.top(), Some(View::CheckinForm(_))),
        "{}",
        w.text()
    );
    check(&mut w, "check-in form");
    w.press(key(KeyCode::Esc));
    if !matches!(w.top(), Some(View::Person(_))) {
        w.press(key(KeyCode::Char('y')));
    }
    w.press(key(KeyCode::Char('r')));
    assert!(
        matches!(w.top(), Some(View::ReferralForm(_))),
        "{}",
        w.text()
    );
    check(&mut w, "referral form");
    w.keys(&[KeyCode::Esc, KeyCode::Esc, KeyCode::Char('e')]);
    assert!(matches!(w.top(), Some(View::Resources(_))), "{}", w.text());
    check(&mut w, "resources");
    w.keys(&[KeyCode::Esc, KeyCode::F(1)]);
    assert!(w.app.state.help_now_open);
    check(&mut w, "help now");

    // The coordinator's queue and the referral from it.
    lock(&mut w);
    w.log_in(COORDINATOR);
    check(&mut w, "coordinator home");
    w.focus_home(Focus::Panel);
    w.press(key(KeyCode::Enter));
    assert!(
        matches!(w.top(), Some(View::ReferralDetail(_))),
        "{}",
        w.text()
    );
    check(&mut w, "coordinator's referral page");

    // Blackwood's own records.
    lock(&mut w);
    w.log_in(EMPLOYEE);
    w.press(key(KeyCode::Char('m')));
    assert!(
        w.top().is_some_and(|v| v.page::<MyRecords>().is_some()),
        "{}",
        w.text()
    );
    let mine = check(&mut w, "my records");
    assert!(mine.contains("reason A␛"), "{mine}");
}

/// Back from whatever page is open to home, then locks: the login screen again.
fn lock(w: &mut Workflow) {
    if w.app.state.help_now_open {
        w.press(key(KeyCode::Esc));
    }
    while w.top().is_some() {
        w.press(key(KeyCode::Esc));
    }
    w.press(key(KeyCode::Char('L')));
    assert!(
        matches!(w.app.state.screen, Screen::Login(_)),
        "{}",
        w.text()
    );
}
