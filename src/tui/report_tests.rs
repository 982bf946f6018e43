//! The engagement report page against a real temp-dir vault: four units under two
//! supervisors, a year of check-ins, one unit too small to show; snapshots with the test clock.

use insta::assert_snapshot;
use ratatui::crossterm::event::KeyCode;

use super::app::action_for;
use super::page::Loaded;
use super::screens::{self, report::ReportPage};
use super::state::{Action, Screen, View};
use super::tests::{CHEAP, key, person, render, screen_text};
use super::workflow_tests::{
    ADMIN, COORDINATOR, EMPLOYEE, SUPERVISOR, Workflow, app_at, assert_no_control_characters,
    checkin, flag, unlock,
};
use crate::desk::{NewReferral, VaultPaths, init_vault};
use crate::domain::referral::{Consent, Urgency};
use crate::domain::stressors::Severity;
use crate::domain::{Role, Roles};
use crate::vault::Passphrase;

const DISPATCH_SUPERVISOR: (&str, &str) = ("d.ahn", "dispatch passphrase");

/// The months of the report as the test clock sees it (July 2025 to June 2026), and how many
/// people of each unit had a check-in in each: Harbor-Station (E2–E8 of its eight), Dispatch
/// (E21–E25 of six), Marine (E30–E34 of five), Records (E40–E41 of two).
const MONTHS: [&str; 12] = [
    "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02",
    "2026-03", "2026-04", "2026-05", "2026-06",
];
const HARBOR: [usize; 12] = [6, 0, 7, 5, 2, 7, 6, 0, 5, 7, 6, 7];
const DISPATCH: [usize; 12] = [5, 0, 5, 0, 0, 5, 3, 0, 5, 5, 5, 5];
const MARINE: [usize; 12] = [5, 0, 0, 5, 0, 5, 0, 0, 0, 5, 5, 5];
const RECORDS: [usize; 12] = [2, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 2];

fn ids(prefix: &str, from: usize, n: usize) -> Vec<String> {
    (from..from + n).map(|i| format!("{prefix}{i}")).collect()
}

/// Harbor-Station is the supervisor's (E1) whole subtree; Dispatch, Marine and Records are
/// all under d.ahn (E20). The coordinator holds no roster entry of their own.
fn report_vault() -> Workflow {
    let dir = tempfile::tempdir().unwrap();
    let paths = VaultPaths::for_db(&dir.path().join("vault").join("steady.db"));
    let mut admin = init_vault(
        &paths,
        ADMIN.0,
        &Passphrase::new(ADMIN.1),
        CHEAP,
        "Test vault",
        false,
    )
    .unwrap();
    let mut add = |id: &str, name: String, unit: &str, boss: Option<&str>| {
        let mut p = person(id, &name, unit);
        p.supervisor_id = boss.map(Into::into);
        admin.add_person(&p).unwrap();
    };
    add("E1", "Vantongeren, Mara".into(), "Harbor-Station", None);
    add("E20", "Ahn, Dae".into(), "Dispatch", None);
    for (unit, prefix_from, n) in [
        ("Harbor-Station", 2, 7),
        ("Dispatch", 21, 5),
        ("Marine", 30, 5),
        ("Records", 40, 2),
    ] {
        let boss = if unit == "Harbor-Station" {
            "E1"
        } else {
            "E20"
        };
        for id in ids("E", prefix_from, n) {
            add(&id, format!("Person {id}"), unit, Some(boss));
        }
    }
    for ((login, passphrase), roles, who) in [
        (
            SUPERVISOR,
            vec![Role::Supervisor, Role::Employee],
            Some("E1"),
        ),
        (
            DISPATCH_SUPERVISOR,
            vec![Role::Supervisor, Role::Employee],
            Some("E20"),
        ),
        (COORDINATOR, vec![Role::Coordinator], None),
        (EMPLOYEE, vec![Role::Employee], Some("E2")),
    ] {
        admin
            .add_account_with(
                login,
                Roles::new(roles),
                who,
                Some(Passphrase::new(passphrase)),
            )
            .unwrap();
    }
    drop(admin);
    seed(&paths);
    Workflow {
        app: app_at(&paths),
        dir,
    }
}

/// The year of check-ins in `MONTHS`, with workload and sleep flagged in the last month,
/// and two referrals (too few to show) in Harbor-Station.
fn seed(paths: &VaultPaths) {
    let mut harbor = unlock(paths, SUPERVISOR);
    let mut dispatch = unlock(paths, DISPATCH_SUPERVISOR);
    for (m, month) in MONTHS.iter().enumerate() {
        let on = format!("{month}-10");
        let last = m == MONTHS.len() - 1;
        for (i, id) in ids("E", 2, HARBOR[m]).iter().enumerate() {
            let mut flags = Vec::new();
            if last && i < 6 {
                flags.push(flag("work.workload", Severity::Moderate));
            }
            if last && i < 5 {
                flags.push(flag("health.sleep", Severity::Low));
            }
            harbor
                .record_checkin(id, checkin(&on, 3, flags, ""))
                .unwrap();
        }
        for (unit_ids, counts) in [
            (ids("E", 21, 5), &DISPATCH),
            (ids("E", 30, 5), &MARINE),
            (ids("E", 40, 2), &RECORDS),
        ] {
            for (i, id) in unit_ids.iter().take(counts[m]).enumerate() {
                let flags = if last && i < 5 {
                    vec![flag("work.workload", Severity::Low)]
                } else {
                    Vec::new()
                };
                dispatch
                    .record_checkin(id, checkin(&on, 4, flags, ""))
                    .unwrap();
            }
        }
    }
    for employee in ["E3", "E4"] {
        harbor
            .propose_referral(&NewReferral {
                employee_id: employee.into(),
                resource_id: "eap".into(),
                consent: Consent::Given,
                urgency: Urgency::Routine,
                reason: String::new(),
                on: super::workflow_tests::day("2026-06-12"),
            })
            .unwrap();
    }
}

fn open_report(w: &mut Workflow) {
    w.press(key(KeyCode::Char('f')));
    let Some(page) = w.top().and_then(View::page::<ReportPage>) else {
        panic!("no report page: {}", w.text())
    };
    assert!(
        matches!(page.status, Loaded::Ready(_)),
        "{:?}\n{}",
        page.status,
        w.text()
    );
}

/// The table line of `unit` on screen, without its frame and marker.
fn table_line(w: &Workflow, unit: &str) -> String {
    w.text()
        .lines()
        .map(|l| {
            l.trim_matches('"')
                .trim_matches(['│', ' '])
                .trim_start_matches('▶')
        })
        .map(str::trim)
        .find(|l| l.starts_with(unit))
        .unwrap_or_else(|| panic!("no line for {unit}: {}", w.text()))
        .to_string()
}

#[test]
fn snapshot_engagement_report_for_a_coordinator() {
    let mut w = report_vault();
    w.log_in(COORDINATOR);
    w.resize(100, 34);
    open_report(&mut w);
    let text = w.text();
    assert!(text.contains("Jun 2026 so far, by unit"), "{text}");
    assert!(
        text.contains("— fewer than 5 people; hidden so no one can be recognised"),
        "{text}"
    );
    // Records (two people) shows only its name; Harbor-Station shows its figures.
    assert_eq!(
        table_line(&w, "Records"),
        "Records                       fewer than 5 people: only the unit is shown"
    );
    let harbor = table_line(&w, "Harbor-Station");
    assert!(harbor.contains("8        7       88%"), "{harbor}");
    assert_snapshot!(render(&w.app.state).backend());
}

#[test]
fn snapshot_engagement_report_after_a_month_change() {
    let mut w = report_vault();
    w.log_in(COORDINATOR);
    w.resize(100, 34);
    open_report(&mut w);
    w.keys(&[KeyCode::Left, KeyCode::Left, KeyCode::Left]);
    assert!(w.text().contains("Mar 2026, by unit"), "{}", w.text());
    w.press(key(KeyCode::Right));
    let text = w.text();
    assert!(text.contains("Apr 2026, by unit"), "{text}");
    assert!(text.contains("▶Apr"), "the chart marks the month: {text}");
    // A unit is selected with ↓, and the line under the table names its stressors.
    w.keys(&[KeyCode::Down, KeyCode::Down]);
    assert!(
        w.flat()
            .contains("Top stressors, Harbor-Station: none flagged"),
        "{}",
        w.text()
    );
    assert_snapshot!(render(&w.app.state).backend());
}

#[test]
fn snapshot_engagement_report_at_80_by_24() {
    let mut w = report_vault();
    w.log_in(COORDINATOR);
    open_report(&mut w);
    let text = w.text();
    for words in [
        "Engagement report · Jul 2025 to Jun 2026 so far · 4 units",
        "Jun 2026 so far, by unit",
        "All units",
        "Records",
        "Harbor-Station",
        "Esc back",
    ] {
        assert!(text.contains(words), "{words}\n{text}");
    }
    assert_no_control_characters(render(&w.app.state).backend().buffer());
    assert_snapshot!(render(&w.app.state).backend());
}

#[test]
fn a_supervisor_sees_only_the_units_within_their_part_of_the_chain() {
    let mut w = report_vault();
    w.log_in(SUPERVISOR);
    open_report(&mut w);
    let text = w.text();
    assert!(text.contains("Harbor-Station"), "{text}");
    assert!(text.contains("1 unit"), "{text}");
    // Whole units count the supervisor too, where home lists only those below them: the
    // page says so (issue 16, defect 9: "73 where home says 72").
    assert!(
        w.flat()
            .contains("Whole units are counted, so you are counted in Harbor-Station."),
        "{text}"
    );
    for elsewhere in ["Dispatch", "Marine", "Records"] {
        assert!(!text.contains(elsewhere), "{elsewhere}\n{text}");
    }
    // d.ahn sees their three units and not the supervisor's.
    let mut w = report_vault();
    w.log_in(DISPATCH_SUPERVISOR);
    open_report(&mut w);
    let text = w.text();
    for unit in ["Dispatch", "Marine", "Records"] {
        assert!(text.contains(unit), "{unit}\n{text}");
    }
    assert!(!text.contains("Harbor-Station"), "{text}");
    assert!(!text.contains("you are counted in"), "{text}");
}

#[test]
fn an_employee_is_offered_no_report_and_f_does_nothing() {
    let mut w = report_vault();
    w.log_in(EMPLOYEE);
    let Screen::Workspace(ws) = &w.app.state.screen else {
        panic!("not signed in")
    };
    assert!(
        screens::screen_commands(&w.app.state)
            .iter()
            .all(|c| c.action != Action::OpenReport),
        "{:?}",
        ws.user
    );
    w.press(key(KeyCode::Char('f')));
    assert!(w.top().is_none(), "{}", w.text());
    w.press(key(KeyCode::Char('?')));
    assert!(!w.text().contains("figures"), "{}", w.text());
}

#[test]
fn a_supervisor_in_the_employee_role_is_not_offered_the_report_until_they_switch_back() {
    let mut w = report_vault();
    w.log_in(SUPERVISOR);
    let offered = |w: &Workflow| {
        screens::screen_commands(&w.app.state)
            .iter()
            .any(|c| c.action == Action::OpenReport)
    };
    assert!(offered(&w));
    w.press(key(KeyCode::Char('R')));
    assert!(!offered(&w), "{}", w.text());
    w.press(key(KeyCode::Char('R')));
    assert!(offered(&w), "{}", w.text());
}

#[test]
fn a_supervisor_with_no_whole_unit_reads_one_calm_sentence() {
    // In the usual test vault everyone shares one unit, and not all of it is under E1.
    let mut w = super::workflow_tests::workflow(|_| {});
    w.log_in(SUPERVISOR);
    w.press(key(KeyCode::Char('f')));
    let Some(page) = w.top().and_then(View::page::<ReportPage>) else {
        panic!("no report page: {}", w.text())
    };
    assert!(matches!(page.status, Loaded::Failed(_)));
    let text = w.flat();
    assert!(
        text.contains("No unit is open to you for reports: a supervisor's report covers only units whose people all report up to them."),
        "{text}"
    );
    assert!(!text.contains("permission denied"), "{text}");
    w.press(key(KeyCode::Esc));
    assert!(w.top().is_none(), "Esc goes back home: {}", w.text());
}

#[test]
fn every_run_from_the_screen_is_audited() {
    let mut w = report_vault();
    w.log_in(COORDINATOR);
    open_report(&mut w);
    w.press(key(KeyCode::Esc));
    open_report(&mut w);
    let admin = unlock(&super::workflow_tests::paths_of(&w), ADMIN);
    let runs: Vec<_> = admin
        .audit_entries(10_000)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "report.engagement")
        .collect();
    assert_eq!(runs.len(), 2, "{runs:?}");
    assert!(runs.iter().all(|e| e.actor == COORDINATOR.0));
    assert!(
        runs[0]
            .detail
            .starts_with("engagement 2025-07 to 2026-06; all 4 units; k 5"),
        "{}",
        runs[0].detail
    );
}

#[test]
fn the_report_draws_at_the_smallest_window_and_a_wide_one() {
    let mut w = report_vault();
    w.log_in(COORDINATOR);
    open_report(&mut w);
    for (width, height) in [(40, 12), (61, 17), (200, 60)] {
        w.resize(width, height);
        assert_no_control_characters(render(&w.app.state).backend().buffer());
        w.keys(&[KeyCode::Left, KeyCode::Down, KeyCode::End]);
        let text = w.text();
        assert!(
            text.contains("Engagement report"),
            "{width}×{height}\n{text}"
        );
    }
    // At the widest, the stressors get a column of their own.
    let text = w.text();
    assert!(text.contains("accept  Top stressors"), "{text}");
    // A smaller window still shows the selected unit (here the last) in the table, under
    // the total, which keeps the table's first line.
    w.resize(61, 17);
    let text = w.text();
    assert!(
        text.contains("▶ Records  "),
        "the selection stays on screen: {text}"
    );
    assert!(!text.contains("Dispatch"), "scrolled past: {text}");
    assert!(text.contains("  All units  "), "{text}");
}

#[test]
fn the_page_says_it_is_counting_while_the_desk_counts() {
    let mut w = report_vault();
    w.log_in(COORDINATOR);
    let open = action_for(&w.app.state, &key(KeyCode::Char('f'))).unwrap();
    assert_eq!(open, Action::OpenReport);
    // The loop draws before it performs each effect: that frame is the one on screen
    // while the report is counted.
    let mut drawn = Vec::new();
    w.app
        .dispatch(open, |state| {
            drawn.push(screen_text(state));
            Ok::<(), ()>(())
        })
        .unwrap();
    assert_eq!(drawn.len(), 1, "one effect: the report");
    assert!(
        drawn[0].contains("Counting the last 12 months of check-ins and referrals…"),
        "{}",
        drawn[0]
    );
    assert!(!w.text().contains("Counting"), "{}", w.text());
    assert!(
        w.text().contains("Jun 2026 so far, by unit"),
        "{}",
        w.text()
    );
}

#[test]
fn the_screen_reports_at_the_vaults_minimum_k() {
    let mut w = report_vault();
    let paths = super::workflow_tests::paths_of(&w);
    unlock(&paths, ADMIN)
        .set_setting(crate::desk::REPORT_MIN_K, "7")
        .unwrap();
    w.log_in(COORDINATOR);
    w.resize(100, 34);
    open_report(&mut w);
    let text = w.text();
    assert!(
        text.contains("— fewer than 7 people; hidden so no one can be recognised"),
        "{text}"
    );
    // Harbor-Station (8 people) still shows; Marine (5) and Dispatch (6) no longer do.
    assert!(table_line(&w, "Harbor-Station").contains("8        7"));
    assert!(table_line(&w, "Marine").contains("fewer than 7 people"));
    let runs: Vec<_> = unlock(&paths, ADMIN)
        .audit_entries(10_000)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "report.engagement")
        .collect();
    assert!(runs[0].detail.ends_with("all 4 units; k 7"), "{runs:?}");
}
