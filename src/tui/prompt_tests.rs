//! Prompts on home and their page, against real temp-dir vaults: rules run as of fixed days,
//! acknowledging and snoozing through the keys, and audiences (no one else's prompts shown).

use insta::assert_snapshot;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

use super::screens::home::Focus;
use super::state::{Action, Outcome, Screen, View, update};
use super::tests::{key, key_with, person, render};
use super::workflow_tests::{
    ADMIN, EMPLOYEE, SUPERVISOR, TODAY, Workflow, assert_no_control_characters, checkin, day, flag,
    paths_of, unlock, workflow, workflow_on,
};
use crate::desk::VaultPaths;
use crate::domain::stressors::Severity;
use crate::domain::{Role, Roles};
use crate::vault::Passphrase;

const OTHER_SUPERVISOR: (&str, &str) = ("w.zhou", "other supervisor passphrase");

/// Three people in the supervisor's care, each with a prompt of another severity, and
/// someone in another branch (under Zhou) with an urgent one the supervisor must not see.
fn three_prompts(paths: &VaultPaths) {
    let mut admin = unlock(paths, ADMIN);
    let mut ahmed = person("E10", "Ahmed, Sami", "Dispatch");
    ahmed.supervisor_id = Some("E9".into());
    admin.add_person(&ahmed).unwrap();
    admin
        .add_account_with(
            OTHER_SUPERVISOR.0,
            Roles::new([Role::Supervisor, Role::Employee]),
            Some("E9"),
            Some(Passphrase::new(OTHER_SUPERVISOR.1)),
        )
        .unwrap();
    drop(admin);
    let mut sup = unlock(paths, SUPERVISOR);
    // Blackwood: wellbeing 1 (urgent). Okafor: last seen in March (info). Lin: four
    // stressors within a month (attention), recorded after the first rules run.
    sup.record_checkin(
        "E2",
        checkin(
            "2026-06-20",
            1,
            vec![flag("health.sleep", Severity::High)],
            "Hardly slept since the incident.",
        ),
    )
    .unwrap();
    sup.record_checkin("E4", checkin("2026-03-01", 4, vec![], ""))
        .unwrap();
    sup.record_checkin(
        "E3",
        checkin(
            "2026-06-28",
            3,
            vec![
                flag("work.workload", Severity::Moderate),
                flag("home.caregiving", Severity::Moderate),
                flag("financial.strain", Severity::Low),
                flag("health.sleep", Severity::Low),
            ],
            "A lot at once.",
        ),
    )
    .unwrap();
    unlock(paths, OTHER_SUPERVISOR)
        .record_checkin("E10", checkin("2026-06-25", 1, vec![], ""))
        .unwrap();
}

/// The rules run on 20 Jun (Blackwood's and Okafor's open), 28 Jun (Lin's) and today.
fn supervisor_with_prompts() -> Workflow {
    workflow_on(three_prompts, &["2026-06-20", "2026-06-28", TODAY])
}

fn open_prompt_ids(w: &Workflow, login: (&str, &str)) -> Vec<i64> {
    unlock(&paths_of(w), login)
        .prompts(day(TODAY), false)
        .unwrap()
        .into_iter()
        .map(|v| v.id)
        .collect()
}

fn home_prompts(w: &Workflow) -> Vec<(String, String)> {
    let Screen::Workspace(ws) = &w.app.state.screen else {
        return Vec::new();
    };
    ws.prompts.as_ref().map_or_else(Vec::new, |list| {
        list.views()
            .iter()
            .map(|v| (v.employee_id.clone(), v.reasons[0].rule.clone()))
            .collect()
    })
}

/// At 80 columns a prompt's reason is on a line of its own, so its figures are never cut
/// (they were: "latest wellbein…").
#[test]
fn at_80_columns_a_prompts_reason_keeps_its_figures() {
    let mut w = supervisor_with_prompts();
    w.log_in(SUPERVISOR);
    let text = w.text();
    assert!(
        text.contains("latest wellbeing rating 1 of 5, on 20 Jun 2026"),
        "{text}"
    );
    assert!(
        text.contains("● urgent     Check in with Blackwood, Teodoro") && text.contains("10 days"),
        "{text}"
    );
}

#[test]
fn snapshot_home_with_prompts() {
    let mut w = supervisor_with_prompts();
    // Tall enough for the three prompts, two lines each below 120 columns.
    w.resize(100, 32);
    w.log_in(SUPERVISOR);
    let text = w.text();
    for row in [
        "● urgent     Check in with Blackwood, Teodoro",
        "◆ attention  Check in with Lin, Jo",
        "· info       Check in with Okafor, Rita",
    ] {
        assert!(text.contains(row), "{row}\n{text}");
    }
    assert!(text.contains("Prompts for your people (3)"), "{text}");
    let lower = text.to_lowercase();
    assert!(
        !lower.contains("flagged") && !lower.contains("risk"),
        "{text}"
    );
    // Home leads with them: the most severe is selected.
    let Screen::Workspace(ws) = &w.app.state.screen else {
        panic!("not home")
    };
    assert_eq!(ws.focus, Focus::Prompts);
    w.resize(100, 24);
    assert_snapshot!(render(&w.app.state).backend());
}

#[test]
fn a_prompt_for_someone_outside_ones_audience_never_appears() {
    let mut w = supervisor_with_prompts();
    // Ahmed's urgent prompt exists, for his own supervisor.
    let theirs = unlock(&paths_of(&w), OTHER_SUPERVISOR)
        .prompts(day(TODAY), false)
        .unwrap();
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0].employee_id, "E10");
    w.log_in(SUPERVISOR);
    assert!(!w.text().contains("Ahmed"), "{}", w.text());
    let shown = home_prompts(&w);
    assert_eq!(shown.len(), 3);
    assert!(shown.iter().all(|(e, _)| e != "E10"));
    // Even were the desk to return it, home keeps to the people on the role's own list.
    let Screen::Workspace(ws) = &w.app.state.screen else {
        panic!("not home")
    };
    let mut views: Vec<_> = ws
        .prompts
        .as_ref()
        .unwrap()
        .views()
        .into_iter()
        .cloned()
        .collect();
    views.extend(theirs);
    update(
        &mut w.app.state,
        Action::Done(Box::new(Outcome::Home {
            role: Role::Supervisor,
            prompts: Some(Ok(views)),
            panel: None,
            own: None,
            crisis: None,
            rules_last_run: None,
        })),
    );
    assert_eq!(home_prompts(&w).len(), 3);
    assert!(!w.text().contains("Ahmed"));
}

#[test]
fn snapshot_prompt_detail_with_evidence() {
    let mut w = supervisor_with_prompts();
    w.log_in(SUPERVISOR);
    w.press(key(KeyCode::Enter));
    let Some(View::PromptDetail(page)) = w.top() else {
        panic!("no prompt page: {}", w.text())
    };
    assert_eq!(page.data.view.reasons[0].rule, "low-wellbeing");
    let text = w.text();
    assert!(text.contains("● urgent · 1 reason"), "{text}");
    assert!(
        w.flat().contains(
            "Low wellbeing (urgent): latest wellbeing rating 1 of 5, on 20 Jun 2026 (10 days ago)"
        ),
        "the reason, in words that hold today: {text}"
    );
    assert!(
        text.contains("wellbeing 1 of 5 · ● Sleep (high)"),
        "the check-in's rating and stressors: {text}"
    );
    assert!(
        text.contains("Peer support"),
        "the rule's suggestions: {text}"
    );
    assert_snapshot!(render(&w.app.state).backend());
    // Enter opens the person; Esc comes back to the prompt.
    w.press(key(KeyCode::Enter));
    let Some(View::Person(person)) = w.top() else {
        panic!("no person page: {}", w.text())
    };
    assert_eq!(person.employee_id(), "E2");
    w.press(key(KeyCode::Esc));
    assert!(matches!(w.top(), Some(View::PromptDetail(_))));
    // r proposes a referral with the rule's suggestions first.
    w.press(key(KeyCode::Char('r')));
    let Some(View::ReferralForm(form)) = w.top() else {
        panic!("no referral form: {}", w.text())
    };
    let first: Vec<(&str, bool)> = form
        .options
        .iter()
        .take(2)
        .map(|(r, suggested)| (r.id.as_str(), *suggested))
        .collect();
    assert_eq!(first, [("peer-support", true), ("eap", true)]);
}

#[test]
fn acknowledging_a_prompt_asks_for_a_note_and_takes_it_off_the_list() {
    let mut w = supervisor_with_prompts();
    w.log_in(SUPERVISOR);
    let before = open_prompt_ids(&w, SUPERVISOR);
    assert_eq!(before.len(), 3);
    let urgent = before[0];
    w.press(key(KeyCode::Char('a')));
    assert!(
        w.text().contains("┌ Acknowledge") && w.text().contains("Note ["),
        "{}",
        w.text()
    );
    // A note is needed: Enter alone explains, and changes nothing.
    w.press(key(KeyCode::Enter));
    assert!(w.text().contains("A few words, please"), "{}", w.text());
    assert_eq!(open_prompt_ids(&w, SUPERVISOR), before);
    w.type_text("Spoke with him today; he is seeing the EAP on Friday.");
    w.press(key(KeyCode::Enter));
    assert!(!w.app.state.quit);
    assert!(w.text().contains("Acknowledged"), "{}", w.text());
    let after = open_prompt_ids(&w, SUPERVISOR);
    assert!(!after.contains(&urgent), "{after:?}");
    assert_eq!(after.len(), 2);
    assert_eq!(home_prompts(&w).len(), 2);
    assert!(w.text().contains("Prompts for your people (2)"));
    let history = unlock(&paths_of(&w), SUPERVISOR)
        .prompt_history(urgent)
        .unwrap();
    assert_eq!(
        history.last().map(|e| e.note.as_str()),
        Some("Spoke with him today; he is seeing the EAP on Friday.")
    );
}

#[test]
fn snoozing_a_prompt_from_its_page_hides_it_until_the_day_chosen() {
    let mut w = supervisor_with_prompts();
    w.log_in(SUPERVISOR);
    // The second prompt, from its page.
    w.keys(&[KeyCode::Down, KeyCode::Enter]);
    let Some(View::PromptDetail(page)) = w.top() else {
        panic!("no prompt page: {}", w.text())
    };
    let id = page.data.view.id;
    w.press(key(KeyCode::Char('s')));
    // A week from today unless another day is typed; then why.
    assert!(w.text().contains("[ 2026-07-07"), "{}", w.text());
    w.press(key(KeyCode::Enter));
    assert!(
        w.text().contains("Why should it wait until 2026-07-07?"),
        "{}",
        w.text()
    );
    w.press(key(KeyCode::Enter));
    assert!(
        w.text().contains("A few words, please"),
        "a reason is needed: {}",
        w.text()
    );
    assert!(open_prompt_ids(&w, SUPERVISOR).contains(&id));
    w.type_text("On leave until then");
    w.press(key(KeyCode::Enter));
    assert!(w.top().is_none(), "back home: {}", w.text());
    assert!(
        w.flat().contains("Snoozed until 07 Jul 2026"),
        "{}",
        w.text()
    );
    assert!(!open_prompt_ids(&w, SUPERVISOR).contains(&id));
    assert_eq!(home_prompts(&w).len(), 2);
    let later = unlock(&paths_of(&w), SUPERVISOR)
        .prompts(day("2026-07-07"), false)
        .unwrap();
    assert!(later.iter().any(|v| v.id == id), "back on the day");
}

#[test]
fn a_snooze_date_that_is_not_after_today_is_refused_in_place() {
    let mut w = supervisor_with_prompts();
    w.log_in(SUPERVISOR);
    w.press(key(KeyCode::Char('s')));
    for _ in 0..10 {
        w.press(key(KeyCode::Backspace));
    }
    w.type_text(TODAY);
    w.press(key(KeyCode::Enter));
    assert!(
        w.text().contains("Choose a day after today."),
        "{}",
        w.text()
    );
    assert_eq!(open_prompt_ids(&w, SUPERVISOR).len(), 3);
    w.press(key(KeyCode::Esc));
    assert_eq!(open_prompt_ids(&w, SUPERVISOR).len(), 3);
}

#[test]
fn an_admins_home_has_no_prompts() {
    let mut w = supervisor_with_prompts();
    w.log_in(ADMIN);
    let Screen::Workspace(ws) = &w.app.state.screen else {
        panic!("not home")
    };
    assert!(ws.prompts.is_none());
    let text = w.text();
    assert!(!text.contains("Prompts"), "{text}");
    assert!(!text.contains("Check in with"), "{text}");
    assert!(!text.contains("a acknowledge"), "{text}");
}

#[test]
fn an_employee_sees_no_prompts_and_tab_moves_between_a_supervisors_three_sections() {
    let mut w = supervisor_with_prompts();
    w.log_in(EMPLOYEE);
    assert!(!w.text().contains("Prompts"));
    w.press(key(KeyCode::Char('L')));
    let mut w = workflow(|_| {});
    w.log_in(SUPERVISOR);
    // No prompts: home starts on the people, as before.
    let focus = |w: &Workflow| match &w.app.state.screen {
        Screen::Workspace(ws) => ws.focus,
        _ => panic!("not home"),
    };
    assert_eq!(focus(&w), Focus::People);
    w.press(key(KeyCode::Tab));
    assert_eq!(focus(&w), Focus::Prompts);
    w.press(key(KeyCode::Tab));
    assert_eq!(focus(&w), Focus::Panel);
    w.press(key(KeyCode::BackTab));
    assert_eq!(focus(&w), Focus::Prompts);
    assert!(w.text().contains("Nothing from the rules needs you today."));
}

#[test]
fn prompts_and_their_questions_draw_at_the_smallest_window_and_a_wide_one() {
    let mut w = supervisor_with_prompts();
    w.log_in(SUPERVISOR);
    let check = |w: &mut Workflow| {
        for (width, height) in [(40, 12), (61, 17), (200, 60)] {
            w.resize(width, height);
            assert_no_control_characters(render(&w.app.state).backend().buffer());
        }
        w.resize(80, 24);
    };
    check(&mut w);
    // The smallest window still shows a row of each section.
    w.resize(40, 12);
    let text = w.text();
    assert!(text.contains("● urgent"), "{text}");
    assert!(text.contains("Your people"), "{text}");
    w.resize(80, 24);
    w.press(key(KeyCode::Char('a')));
    check(&mut w);
    w.press(key(KeyCode::Esc));
    w.press(key(KeyCode::Enter));
    assert!(matches!(w.top(), Some(View::PromptDetail(_))));
    check(&mut w);
    w.press(key(KeyCode::Char('s')));
    check(&mut w);
}

fn home_rows(w: &Workflow) -> Vec<String> {
    home_prompts(w).into_iter().map(|(e, _)| e).collect()
}

#[test]
fn the_prompt_list_orders_filters_and_keeps_the_handled_ones_apart_with_undo() {
    let mut w = supervisor_with_prompts();
    w.log_in(SUPERVISOR);
    assert_eq!(home_rows(&w), ["E2", "E3", "E4"], "most severe first");
    assert!(
        w.text().contains("days open"),
        "the age column says what it counts"
    );
    w.press(key(KeyCode::Char('o')));
    assert!(w.text().contains("oldest first"), "{}", w.text());
    assert_eq!(home_rows(&w), ["E2", "E4", "E3"]);
    w.press(key(KeyCode::Char('o')));
    assert!(w.text().contains("by name"), "{}", w.text());
    assert_eq!(home_rows(&w), ["E2", "E3", "E4"]);
    w.press(key(KeyCode::Char('o')));
    assert!(w.text().contains("most severe first"));

    // A filter finds a person by any words of their name, in any order, or by a reason.
    w.press(key(KeyCode::Char('/')));
    w.type_text("rita oka");
    assert_eq!(home_rows(&w), ["E4"]);
    assert!(w.text().contains("filter: rita oka"), "{}", w.text());
    w.press(key(KeyCode::Enter));
    assert_eq!(home_rows(&w), ["E4"], "Enter keeps the filter");
    w.press(key(KeyCode::Esc));
    assert_eq!(home_rows(&w).len(), 3, "Esc clears it");
    w.press(key(KeyCode::Char('/')));
    w.type_text("stressors");
    assert_eq!(home_rows(&w), ["E3"], "a reason's words match too");
    w.press(key(KeyCode::Esc));

    // Acknowledge the first; it moves to the handled view, where it can be taken back.
    w.press(key(KeyCode::Home));
    w.press(key(KeyCode::Char('a')));
    w.type_text("Spoke with him; EAP on Friday.");
    w.press(key(KeyCode::Enter));
    assert_eq!(home_rows(&w), ["E3", "E4"]);
    w.press(key(KeyCode::Char('v')));
    let text = w.text();
    assert!(
        text.contains("Prompts you acknowledged or snoozed (1)"),
        "{text}"
    );
    assert!(text.contains("acknowledged by you"), "{text}");
    assert!(
        text.contains("u undo") && !text.contains("a acknowledge"),
        "{text}"
    );
    assert_snapshot!(render(&w.app.state).backend());
    w.resize(120, 36);
    assert_snapshot!("handled_prompts_120", render(&w.app.state).backend());
    w.resize(80, 24);
    assert_eq!(home_rows(&w), ["E2"]);
    w.press(key(KeyCode::Char('u')));
    assert!(w.text().contains("Taken back"), "{}", w.text());
    assert_eq!(
        open_prompt_ids(&w, SUPERVISOR).len(),
        3,
        "stored: open again"
    );
    w.press(key(KeyCode::Char('v')));
    assert_eq!(home_rows(&w), ["E2", "E3", "E4"]);
}

#[test]
fn the_list_says_when_the_daily_run_is_behind_today() {
    // The last run was two days ago: what is shown was evaluated today, but the heading
    // says a prompt that began since would come with the next run.
    let mut w = workflow_on(three_prompts, &["2026-06-20", "2026-06-28"]);
    w.log_in(SUPERVISOR);
    let text = w.text();
    assert!(text.contains("last run 28 Jun 2026"), "{text}");
    let mut w = supervisor_with_prompts();
    w.log_in(SUPERVISOR);
    assert!(!w.text().contains("last run"), "{}", w.text());
}

#[test]
fn a_check_in_from_a_prompt_answers_it_and_the_prompt_page_does_not_stay_behind() {
    let mut w = supervisor_with_prompts();
    w.log_in(SUPERVISOR);
    w.press(key(KeyCode::Enter));
    let Some(View::PromptDetail(page)) = w.top() else {
        panic!("no prompt page: {}", w.text())
    };
    let id = page.data.view.id;
    assert_eq!(page.data.view.employee_id, "E2");
    // A check-in with Blackwood today, rated 4: the low rating is no longer the latest.
    w.keys(&[KeyCode::Char('c'), KeyCode::Tab, KeyCode::Char('4')]);
    w.press(key_with(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let text = w.flat();
    assert!(
        text.contains(&format!("Prompt {id} no longer holds")),
        "{text}"
    );
    let Screen::Workspace(ws) = &w.app.state.screen else {
        panic!("not signed in")
    };
    assert!(
        !ws.views
            .iter()
            .any(|v| matches!(v, View::PromptDetail(p) if p.data.view.id == id)),
        "the old claim is not left to come back to"
    );
    w.press(key(KeyCode::Esc));
    assert!(w.top().is_none(), "{}", w.text());
}

#[test]
fn a_form_problem_goes_once_it_is_fixed() {
    let mut w = supervisor_with_prompts();
    w.log_in(SUPERVISOR);
    w.focus_home(Focus::People);
    w.press(key(KeyCode::Char('c')));
    w.press(key_with(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let Some(View::CheckinForm(form)) = w.top() else {
        panic!("no form: {}", w.text())
    };
    let problem = form
        .error
        .clone()
        .expect("saving with no rating is refused");
    assert!(
        w.flat().contains(problem.trim_end_matches('.')),
        "{}",
        w.flat()
    );
    w.keys(&[KeyCode::Tab, KeyCode::Char('3')]);
    let Some(View::CheckinForm(form)) = w.top() else {
        panic!("no form: {}", w.text())
    };
    assert_eq!(form.error, None, "fixed, so no longer said");
}

#[test]
fn an_employee_reads_the_prompts_about_them_and_the_notes_left_on_them() {
    let mut w = supervisor_with_prompts();
    let paths = paths_of(&w);
    let mut sup = unlock(&paths, SUPERVISOR);
    let id = sup
        .prompts(day(TODAY), false)
        .unwrap()
        .into_iter()
        .find(|v| v.employee_id == "E2")
        .map(|v| v.id)
        .expect("a prompt about Blackwood");
    sup.acknowledge_prompt(
        id,
        "Talked after the shift; he is sleeping better",
        day(TODAY),
    )
    .unwrap();
    drop(sup);
    w.log_in(super::workflow_tests::EMPLOYEE);
    w.press(key(KeyCode::Char('m')));
    let text = w.flat();
    assert!(text.contains("Prompts about you ("), "{text}");
    // The claim in words for the day it is read on.
    assert!(
        text.contains("for your supervisors · open: latest wellbeing rating 1 of 5, on 20 Jun 2026 (10 days ago)"),
        "{text}"
    );
    assert!(
        text.contains("“Talked after the shift; he is sleeping better”"),
        "{text}"
    );
}
