//! Home: prompts (one's own, on the employee home), then Today or the referral queue, above the
//! people one role may see, as indices so 60,000 people stay quick. Loads nothing: asks with effects.

use std::collections::HashSet;

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::prompts::{self, PromptList};
use super::queue::QueueList;
use super::today::{TodayData, TodayList};
use super::{
    Ctx, Reply, accounts, audit_log, mentors, my_records, own_prompts, preferences, queue, report,
    selfcheck, settings, shared_selfchecks, today, upkeep,
};
use crate::desk::{InboxCount, LastSeen, PeopleInCare, QueueItem};
use crate::domain::text::sanitize;
use crate::domain::{Person, Role};
use crate::tui::keymap::{self, BACKSPACE, CLEAR_FIELD, Command, Key};
use crate::tui::list::{self, ListCursor};
use crate::tui::page::Loaded;
use crate::tui::state::{Action, Effect, Screen, State, User, Workspace};
use crate::tui::theme::{Meaning, Theme};
use crate::tui::widgets;

mod draw;
mod people;

pub(crate) use draw::{layout, render, tab_here};
pub(crate) use people::PeopleList;

/// Home's upper section, by role.
#[derive(Debug)]
pub(crate) enum Panel {
    None,
    Today(TodayList),
    Queue(QueueList),
}

/// What the upper section shows, as loaded.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum PanelData {
    Today(TodayData),
    /// The queue, and the count of self-checks shared with the role (if it reads them).
    Queue(Vec<QueueItem>, Option<InboxCount>),
}

impl Panel {
    /// The panel of the role's daily work, by the policy table: people to check in with
    /// for those who record check-ins, the queue for those who work referrals.
    pub(crate) fn for_role(role: Role) -> Self {
        use crate::policy::{Action, holds};
        let roles = crate::domain::Roles::new([role]);
        if holds(&roles, Action::RecordCheckin) {
            Panel::Today(TodayList::default())
        } else if holds(&roles, Action::WorkReferrals) {
            Panel::Queue(QueueList::default())
        } else {
            Panel::None
        }
    }

    pub(crate) fn load(&mut self, data: Result<PanelData, String>) {
        match (self, data) {
            (Panel::Today(list), Ok(PanelData::Today(data))) => list.load(Ok(data)),
            (Panel::Queue(list), Ok(PanelData::Queue(items, inbox))) => {
                list.inbox = inbox;
                list.load(Ok(items));
            }
            (Panel::Today(list), Err(e)) => list.load(Err(e)),
            (Panel::Queue(list), Err(e)) => list.load(Err(e)),
            _ => {}
        }
    }

    /// Rows the section would like: its items, or one line of news.
    fn wanted_rows(&self) -> usize {
        match self {
            Panel::None => 0,
            Panel::Today(list) => list.len().max(1),
            Panel::Queue(list) => list.len().max(1),
        }
    }
}

/// Which home section the keys act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Focus {
    Prompts,
    Panel,
    People,
}

impl Focus {
    /// A coordinator's work is the queue; everyone else starts on their people.
    pub(crate) fn initial(panel: &Panel) -> Self {
        match panel {
            Panel::Queue(_) => Focus::Panel,
            _ => Focus::People,
        }
    }
}

const ENTER_OPEN: Command = Command::new(&[Key::code(KeyCode::Enter)], "open", Action::Open);
const CHECK_IN: Command = Command::new(&[Key::ch('c')], "check-in", Action::NewCheckin);
const REFER: Command = Command::new(&[Key::ch('r')], "refer", Action::NewReferral);
const RESOURCES: Command = Command::new(&[Key::ch('e')], "resources", Action::OpenResources);
const REPORT: Command = Command::new(&[Key::ch('f')], "figures", Action::OpenReport);
const SELF_CHECK: Command = Command::new(&[Key::ch('S')], "self-check", Action::OpenSelfCheck);
const SWITCH_ROLE: Command = Command::new(&[Key::ch('R')], "switch role", Action::NextRole);

// Tab names the section it moves to; Shift-Tab goes round the other way.
static TO_PROMPTS: Command =
    Command::new(&[Key::code(KeyCode::Tab)], "prompts", Action::SwitchSection);
static TO_TODAY: Command = Command::new(&[Key::code(KeyCode::Tab)], "today", Action::SwitchSection);
static TO_QUEUE: Command = Command::new(&[Key::code(KeyCode::Tab)], "queue", Action::SwitchSection);
static TO_PEOPLE: Command =
    Command::new(&[Key::code(KeyCode::Tab)], "people", Action::SwitchSection);
static PREV_SECTION: Command = Command::quiet(
    &[Key::code(KeyCode::BackTab)],
    "previous section",
    Action::PrevSection,
);

/// The people list, focused; the order is the footer's (it drops hints from the end).
static BROWSING: [Command; 23] = [
    ENTER_OPEN,
    CHECK_IN,
    REFER,
    REPORT,
    Command::new(&[Key::ch('/')], "filter", Action::StartFilter),
    Command::new(
        &[Key::code(KeyCode::Esc)],
        "clear filter",
        Action::ClearFilter,
    ),
    shared_selfchecks::OPEN,
    // The admin's vault keeping, ahead of what every role shares (only admins see these).
    accounts::OPEN,
    settings::OPEN,
    audit_log::OPEN,
    upkeep::OPEN,
    mentors::OPEN,
    SELF_CHECK,
    my_records::OPEN,
    RESOURCES,
    preferences::OPEN,
    SWITCH_ROLE,
    Command::quiet(
        &[Key::ch('j'), Key::code(KeyCode::Down)],
        "next person",
        Action::Down,
    ),
    Command::quiet(
        &[Key::ch('k'), Key::code(KeyCode::Up)],
        "previous person",
        Action::Up,
    ),
    Command::quiet(
        &[Key::code(KeyCode::PageDown)],
        "a page down",
        Action::PageDown,
    ),
    Command::quiet(&[Key::code(KeyCode::PageUp)], "a page up", Action::PageUp),
    Command::quiet(
        &[Key::ch('g'), Key::code(KeyCode::Home)],
        "first person",
        Action::First,
    ),
    Command::quiet(
        &[Key::ch('G'), Key::code(KeyCode::End)],
        "last person",
        Action::Last,
    ),
];

/// While typing a filter (the people's, or the prompts').
pub(super) static FILTERING: [Command; 8] = [
    Command::new(
        &[Key::code(KeyCode::Enter)],
        "keep filter",
        Action::FinishFilter,
    ),
    Command::new(
        &[Key::code(KeyCode::Esc)],
        "clear filter",
        Action::ClearFilter,
    ),
    Command::quiet(&[Key::code(KeyCode::Down)], "next person", Action::Down),
    Command::quiet(&[Key::code(KeyCode::Up)], "previous person", Action::Up),
    Command::quiet(
        &[Key::code(KeyCode::PageDown)],
        "a page down",
        Action::PageDown,
    ),
    Command::quiet(&[Key::code(KeyCode::PageUp)], "a page up", Action::PageUp),
    BACKSPACE,
    CLEAR_FIELD,
];

/// Keys every section of home shares after its own: figures, the inbox, the admin's vault
/// keeping, self-check, my records, resources, role.
static SHARED: [Command; 12] = [
    REPORT,
    shared_selfchecks::OPEN,
    accounts::OPEN,
    settings::OPEN,
    audit_log::OPEN,
    upkeep::OPEN,
    mentors::OPEN,
    SELF_CHECK,
    my_records::OPEN,
    RESOURCES,
    preferences::OPEN,
    SWITCH_ROLE,
];

/// Whether `command` applies for this person and role: check-ins and referrals for the
/// roles that make them, "my records" for those who hold the employee role, and so on.
fn offered(command: &Command, ws: &Workspace) -> bool {
    let user: &User = &ws.user;
    match command.action {
        Action::ClearFilter => match (section_after(ws, 0), &ws.panel) {
            (Focus::Prompts, _) => ws.prompts.as_ref().is_some_and(|p| !p.filter.is_empty()),
            (Focus::Panel, Panel::Queue(queue)) => !queue.filter.is_empty() || queue.typing,
            _ => !ws.people.filter.is_empty(),
        },
        Action::NextRole => user.has_several_roles(),
        Action::NewCheckin => user.records_checkins(),
        Action::NewReferral => user.proposes_referrals(),
        Action::OpenSelfCheck => user.takes_self_checks(),
        Action::OpenReport => user.runs_reports(),
        Action::OpenPage(opener) => (opener.offered)(user),
        _ => true,
    }
}

/// The sections of home there are, top to bottom.
fn sections(ws: &Workspace) -> Vec<Focus> {
    let mut all = Vec::new();
    if ws.prompts.is_some() {
        all.push(Focus::Prompts);
    }
    if !matches!(ws.panel, Panel::None) {
        all.push(Focus::Panel);
    }
    all.push(Focus::People);
    all
}

/// The section `step` places round from the focused one.
fn section_after(ws: &Workspace, step: isize) -> Focus {
    let all = sections(ws);
    let here = all.iter().position(|f| *f == ws.focus).unwrap_or(0);
    let len = all.len() as isize;
    all[(here as isize + step).rem_euclid(len) as usize]
}

/// The commands that apply right now, for the focused section.
pub(crate) fn commands(ws: &Workspace) -> Vec<&'static Command> {
    let focus = section_after(ws, 0);
    let queue_typing = matches!(&ws.panel, Panel::Queue(q) if q.typing);
    if ws.people.typing || (focus == Focus::Panel && queue_typing) {
        return FILTERING.iter().collect();
    }
    let mut list: Vec<&'static Command> = match (&ws.panel, focus) {
        (_, Focus::Prompts) => match &ws.prompts {
            Some(list) if list.typing => return prompts::commands(list),
            Some(list) => prompts::commands(list),
            None => prompts::COMMANDS.iter().collect(),
        },
        (Panel::Today(_), Focus::Panel) => today::COMMANDS
            .iter()
            .chain(list::LIST_MOVES.iter())
            .collect(),
        (Panel::Queue(queue), Focus::Panel) => queue::commands(queue)
            .into_iter()
            .chain(list::LIST_MOVES.iter())
            .collect(),
        _ => BROWSING.iter().collect(),
    };
    if focus != Focus::People {
        list.extend(SHARED.iter());
    }
    let switch = match section_after(ws, 1) {
        _ if sections(ws).len() < 2 => None,
        Focus::Prompts => Some(&TO_PROMPTS),
        Focus::Panel if matches!(ws.panel, Panel::Queue(_)) => Some(&TO_QUEUE),
        Focus::Panel => Some(&TO_TODAY),
        Focus::People => Some(&TO_PEOPLE),
    };
    if let Some(switch) = switch {
        // After the section's main keys, so the footer keeps it; the queue's and the
        // prompts' five moves come first there (the headings also say Tab moves here).
        let main = match focus {
            Focus::Prompts => 5,
            Focus::Panel if matches!(ws.panel, Panel::Queue(_)) => 5,
            _ => 3,
        };
        let at = list.iter().take_while(|c| c.footer).count().min(main);
        list.insert(at, switch);
        list.push(&PREV_SECTION);
    }
    list.retain(|c| offered(c, ws));
    list
}

pub(crate) fn update(ws: &mut Workspace, action: Action, ctx: &Ctx) -> Reply {
    let areas = layout(ctx.body, ws);
    // The wheel scrolls the section under the pointer, which takes the focus as a click would.
    let (action, pointer) = match action {
        Action::ScrollAt { lines, column, row } => (Action::Scroll(lines), Some((column, row))),
        Action::Click { column, row } => (action, Some((column, row))),
        action => (action, None),
    };
    if let Some((column, row)) = pointer {
        let at = Position::new(column, row);
        if areas.prompt_rows.contains(at) {
            ws.focus = Focus::Prompts;
        } else if areas.panel_rows.contains(at) {
            ws.focus = Focus::Panel;
        } else if areas.list.contains(at) {
            ws.focus = Focus::People;
        }
    }
    match action {
        Action::SwitchSection => {
            ws.focus = section_after(ws, 1);
            return Reply::none();
        }
        Action::PrevSection => {
            ws.focus = section_after(ws, -1);
            return Reply::none();
        }
        _ => {}
    }
    if action == Action::OpenSelfCheck && offered(&SELF_CHECK, ws) {
        return selfcheck::start();
    }
    if action == Action::OpenReport && offered(&REPORT, ws) {
        return report::open(ctx.today);
    }
    if action == Action::OpenResources {
        return Effect::LoadResources {
            include_retired: ws.user.role == Role::Coordinator,
        }
        .into();
    }
    if action == Action::NextRole && ws.user.has_several_roles() {
        ws.user.role = ws.user.next_role();
        ws.people = PeopleList::loading();
        ws.prompts = ws.user.sees_prompts().then(PromptList::default);
        ws.panel = Panel::for_role(ws.user.role);
        ws.own_prompts = None;
        ws.focus = Focus::initial(&ws.panel);
        return Effect::LoadPeople(ws.user.role).into();
    }
    // `/` filters the focused list where it has a filter (the prompts, the queue), else
    // the people.
    let filters_here = match (section_after(ws, 0), &ws.panel) {
        (Focus::Prompts, _) | (Focus::Panel, Panel::Queue(_)) => true,
        (focus, _) => focus == Focus::People,
    };
    if action == Action::StartFilter && !filters_here {
        ws.focus = Focus::People;
    }
    let user = &ws.user;
    let focus = section_after(ws, 0);
    if focus == Focus::Prompts
        && let Some(list) = &mut ws.prompts
    {
        return prompts::update(list, action, areas.prompt_rows, ctx, user);
    }
    match (&mut ws.panel, focus) {
        (Panel::Today(list), Focus::Panel) => {
            today::update(list, action, areas.panel_rows, ctx, user)
        }
        (Panel::Queue(list), Focus::Panel) => queue::update(list, action, areas.panel_rows, ctx),
        _ => update_people(ws, action, areas.list, ctx),
    }
}

fn update_people(ws: &mut Workspace, action: Action, list: Rect, ctx: &Ctx) -> Reply {
    let rows = usize::from(list.height).max(1);
    let page = isize::try_from(rows).unwrap_or(isize::MAX);
    let people = &mut ws.people;
    let selected = people.selected_person().map(|p| p.employee_id.clone());
    match action {
        Action::Type(c) if people.typing => {
            let mut text = std::mem::take(&mut people.filter);
            text.push(c);
            people.set_filter(text);
        }
        Action::Backspace if people.typing => {
            if people.filter.is_empty() {
                people.typing = false;
            } else {
                let mut text = std::mem::take(&mut people.filter);
                text.pop();
                people.set_filter(text);
            }
        }
        Action::ClearField if people.typing => people.set_filter(String::new()),
        Action::StartFilter => people.typing = true,
        Action::FinishFilter => people.typing = false,
        Action::ClearFilter => {
            people.typing = false;
            people.set_filter(String::new());
        }
        Action::Down => people.move_by(1, rows),
        Action::Up => people.move_by(-1, rows),
        Action::PageDown => people.move_by(page, rows),
        Action::PageUp => people.move_by(-page, rows),
        Action::First => people.move_by(isize::MIN, rows),
        Action::Last => people.select_last(rows),
        Action::Scroll(lines) => people.scroll(isize::try_from(lines).unwrap_or(0), rows),
        Action::Click { column, row } if list.contains(Position::new(column, row)) => {
            people.select_row(usize::from(row - list.y));
        }
        Action::Open => {
            if let Some(id) = selected {
                return Effect::OpenPerson(id).into();
            }
        }
        Action::NewCheckin if ws.user.records_checkins() => {
            if let Some(id) = selected {
                return Effect::StartCheckin(id).into();
            }
        }
        Action::NewReferral if ws.user.proposes_referrals() => {
            if let Some(employee_id) = selected {
                return Effect::StartReferral {
                    employee_id,
                    as_of: ctx.today,
                    suggest_first: Vec::new(),
                }
                .into();
            }
        }
        _ => {}
    }
    ws.people.keep_visible(rows);
    Reply::none()
}

/// After a resize or a load: the selections stay on screen at the new size.
pub(crate) fn keep_selection_visible(state: &mut State) {
    let body = widgets::body_area(state.size);
    if let Screen::Workspace(ws) = &mut state.screen {
        let areas = layout(body, ws);
        ws.people.keep_visible(usize::from(areas.list.height));
        if let Some(list) = &mut ws.prompts {
            let per = prompts::lines_per_prompt(areas.prompt_rows.width);
            list.keep_visible(usize::from(areas.prompt_rows.height / per));
        }
        let rows = usize::from(areas.panel_rows.height);
        match &mut ws.panel {
            Panel::Today(list) => list.keep_visible(rows),
            Panel::Queue(list) => list.keep_visible(rows),
            Panel::None => {}
        }
    }
}

/// Where the rows of the list are, for the current size (update and render agree on it).
#[cfg(test)]
pub(crate) fn list_area(state: &State) -> Rect {
    match &state.screen {
        Screen::Workspace(ws) => layout(widgets::body_area(state.size), ws).list,
        _ => Rect::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn person(i: usize) -> Person {
        Person {
            employee_id: format!("E{i:05}"),
            name: format!("Person {i:05}"),
            unit: format!("Unit {}", i % 40),
            supervisor_id: None,
            active: true,
        }
    }

    fn list(n: usize) -> PeopleList {
        let mut list = PeopleList::loading();
        list.load(Ok(PeopleInCare {
            people: (0..n).map(person).collect(),
            seen: None,
        }));
        list
    }

    #[test]
    fn filtering_sixty_thousand_people_moves_indices_not_people() {
        let mut people = list(60_000);
        let before = people.people_ptr();
        people.set_filter("unit 3".into());
        // "Unit 3" and "Unit 30".."Unit 39" (11 of every 40), and anyone whose name has a
        // word starting with 3 (Person 30000..39999), counted once.
        assert_eq!(
            people.shown_len(),
            60_000 / 40 * 11 + 10_000 - 10_000 / 40 * 11
        );
        people.set_filter("unit 39".into());
        // Unit 39, and Person 39000..39999.
        assert_eq!(people.shown_len(), 60_000 / 40 + 1_000 - 1_000 / 40);
        people.set_filter("PERSON 0004".into());
        assert_eq!(people.shown_len(), 10);
        people.set_filter(String::new());
        assert_eq!(people.shown_len(), 60_000);
        assert_eq!(
            people.people_ptr(),
            before,
            "the roster itself was never copied"
        );
    }

    #[test]
    fn a_narrower_filter_keeps_the_selected_person() {
        let mut people = list(100);
        people.move_by(41, 10);
        assert_eq!(
            people.selected_person().map(|p| p.employee_id.as_str()),
            Some("E00041")
        );
        people.set_filter("person 0004".into());
        assert_eq!(
            people.selected_person().map(|p| p.employee_id.as_str()),
            Some("E00041")
        );
        people.set_filter("person 0005".into());
        assert_eq!(
            people.selected_person().map(|p| p.employee_id.as_str()),
            Some("E00050")
        );
    }

    #[test]
    fn scrolling_keeps_the_selection_on_screen() {
        let rows = 10;
        let mut people = list(1_000);
        people.move_by(25, rows);
        assert_eq!((people.cursor.selected, people.cursor.offset), (25, 16));
        people.scroll(30, rows);
        assert_eq!(people.cursor.offset, 46);
        assert_eq!(
            people.cursor.selected, 46,
            "the selection followed the view"
        );
        people.scroll(-100, rows);
        assert_eq!((people.cursor.offset, people.cursor.selected), (0, 9));
        people.select_last(rows);
        assert_eq!((people.cursor.selected, people.cursor.offset), (999, 990));
        people.scroll(5, rows);
        assert_eq!(people.cursor.offset, 990, "never past the end");
        people.move_by(isize::MIN, rows);
        assert_eq!((people.cursor.selected, people.cursor.offset), (0, 0));
        for _ in 0..500 {
            people.move_by(7, rows);
            assert!(
                people.cursor.selected >= people.cursor.offset
                    && people.cursor.selected < people.cursor.offset + rows
            );
        }
    }

    #[test]
    fn an_empty_filter_result_selects_no_one() {
        let mut people = list(50);
        people.set_filter("nobody".into());
        assert_eq!(people.shown_len(), 0);
        assert!(people.selected_person().is_none());
        people.move_by(3, 10);
        people.scroll(3, 10);
        assert!(people.selected_person().is_none());
    }
}
