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
use super::{Ctx, Reply, my_records, own_prompts, queue, report, selfcheck, settings, today};
use crate::desk::QueueItem;
use crate::domain::text::sanitize;
use crate::domain::{Person, Role};
use crate::tui::keymap::{self, BACKSPACE, CLEAR_FIELD, Command, Key};
use crate::tui::list::{self, ListCursor};
use crate::tui::page::Loaded;
use crate::tui::state::{Action, Effect, Screen, State, User, Workspace};
use crate::tui::theme::{Meaning, Theme};
use crate::tui::widgets;

/// The roster as one role sees it. Filtering and scrolling move indices, never people.
#[derive(Debug)]
pub struct PeopleList {
    people: Vec<Person>,
    /// Their employee ids, so that whether someone is on the list is one look-up (a prompt
    /// list near the top of the chain asks it for thousands of prompts).
    ids: HashSet<String>,
    /// Lower-cased "name\nid\nunit" per person, built once per load, so a keystroke in the
    /// filter allocates nothing per person. The newline keeps a match inside one field.
    haystacks: Vec<String>,
    /// Indices into `people` that match the filter, in roster (name) order.
    shown: Vec<usize>,
    /// The lower-cased filter that `shown` was computed for.
    needle: String,
    pub filter: String,
    /// Keys go into the filter (after `/`, until Enter or Esc).
    pub typing: bool,
    /// The selected person and the first row on screen, as positions in `shown`.
    pub cursor: ListCursor,
    /// Whether the roster has loaded (the people are kept apart, for the filter's indices).
    pub status: Loaded<()>,
}

impl PeopleList {
    pub fn loading() -> Self {
        Self {
            people: Vec::new(),
            ids: HashSet::new(),
            haystacks: Vec::new(),
            shown: Vec::new(),
            needle: String::new(),
            filter: String::new(),
            typing: false,
            cursor: ListCursor::default(),
            status: Loaded::Loading,
        }
    }

    pub fn load(&mut self, result: Result<Vec<Person>, String>) {
        match result {
            Ok(people) => {
                self.haystacks = people
                    .iter()
                    .map(|p| format!("{}\n{}\n{}", p.name, p.employee_id, p.unit).to_lowercase())
                    .collect();
                self.ids = people.iter().map(|p| p.employee_id.clone()).collect();
                self.people = people;
                self.status = Loaded::Ready(());
                self.needle.clear();
                self.shown = (0..self.people.len()).collect();
                self.cursor = ListCursor::default();
                self.refilter();
            }
            Err(message) => {
                *self = Self::loading();
                self.status = Loaded::Failed(message);
            }
        }
    }

    pub fn total(&self) -> usize {
        self.people.len()
    }

    pub fn shown_len(&self) -> usize {
        self.shown.len()
    }

    /// Whether `employee_id` is on this list (filtered out or not).
    pub fn includes(&self, employee_id: &str) -> bool {
        self.ids.contains(employee_id)
    }

    pub fn selected_person(&self) -> Option<&Person> {
        self.shown
            .get(self.cursor.selected)
            .map(|&i| &self.people[i])
    }

    /// The rows on screen: position in the filtered list, and the person.
    pub fn window(&self, rows: usize) -> impl Iterator<Item = (usize, &Person)> {
        self.shown
            .iter()
            .enumerate()
            .skip(self.cursor.offset)
            .take(rows)
            .map(|(pos, &i)| (pos, &self.people[i]))
    }

    pub fn set_filter(&mut self, text: String) {
        self.filter = text;
        self.refilter();
    }

    /// Recomputes `shown` for the current filter, keeping the selected person if they
    /// still match. A longer filter only re-checks the people that matched before.
    fn refilter(&mut self) {
        let keep = self.shown.get(self.cursor.selected).copied();
        let needle = self.filter.to_lowercase();
        // The text anywhere, or each word at the start of a word in any order and field:
        // "wood" and "olga black" both find "Blackwood, Olga".
        let words: Vec<&str> = needle.split([' ', ',']).filter(|w| !w.is_empty()).collect();
        let haystacks = &self.haystacks;
        let matches = |i: usize| {
            let hay = haystacks[i].as_str();
            hay.contains(needle.as_str())
                || words
                    .iter()
                    .all(|w| hay.split([' ', ',', '\n']).any(|word| word.starts_with(w)))
        };
        // Typing on at the end only narrows, so only those shown are checked again.
        if needle.starts_with(self.needle.as_str()) {
            self.shown.retain(|&i| matches(i));
        } else {
            self.shown = (0..haystacks.len()).filter(|&i| matches(i)).collect();
        }
        self.needle = needle;
        self.cursor.selected = keep
            .and_then(|i| self.shown.binary_search(&i).ok())
            .unwrap_or(0);
    }

    pub fn move_by(&mut self, delta: isize, rows: usize) {
        self.cursor.move_by(delta, self.shown.len(), rows);
    }

    pub fn select_last(&mut self, rows: usize) {
        self.cursor.move_by(isize::MAX, self.shown.len(), rows);
    }

    /// The wheel moves the view; the selection follows only as far as it must to stay on it.
    pub fn scroll(&mut self, delta: isize, rows: usize) {
        self.cursor.scroll(delta, self.shown.len(), rows);
    }

    /// Selects the `row`-th row on screen, if a person is there.
    pub fn select_row(&mut self, row: usize) {
        self.cursor.select_row(row, self.shown.len());
    }

    /// Scrolls just enough that the selected row is on screen, and never past the end.
    pub fn keep_visible(&mut self, rows: usize) {
        self.cursor.keep_visible(self.shown.len(), rows);
    }

    #[cfg(test)]
    pub(crate) fn people_ptr(&self) -> *const Person {
        self.people.as_ptr()
    }
}

/// Home's upper section, by role.
#[derive(Debug)]
pub enum Panel {
    None,
    Today(TodayList),
    Queue(QueueList),
}

/// What the upper section shows, as loaded.
#[derive(Clone, Debug, PartialEq)]
pub enum PanelData {
    Today(TodayData),
    Queue(Vec<QueueItem>),
}

impl Panel {
    /// The panel of the role's daily work, by the policy table: people to check in with
    /// for those who record check-ins, the queue for those who work referrals.
    pub fn for_role(role: Role) -> Self {
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

    pub fn load(&mut self, data: Result<PanelData, String>) {
        match (self, data) {
            (Panel::Today(list), Ok(PanelData::Today(data))) => list.load(Ok(data)),
            (Panel::Queue(list), Ok(PanelData::Queue(items))) => list.load(Ok(items)),
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
pub enum Focus {
    Prompts,
    Panel,
    People,
}

impl Focus {
    /// A coordinator's work is the queue; everyone else starts on their people.
    pub fn initial(panel: &Panel) -> Self {
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
static BROWSING: [Command; 17] = [
    ENTER_OPEN,
    CHECK_IN,
    REFER,
    Command::new(&[Key::ch('/')], "filter", Action::StartFilter),
    Command::new(
        &[Key::code(KeyCode::Esc)],
        "clear filter",
        Action::ClearFilter,
    ),
    SELF_CHECK,
    my_records::OPEN,
    RESOURCES,
    REPORT,
    settings::OPEN,
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

/// Keys every section of home shares after its own: self-check, my records, resources,
/// figures, role, lock.
static SHARED: [Command; 6] = [
    SELF_CHECK,
    my_records::OPEN,
    RESOURCES,
    REPORT,
    settings::OPEN,
    SWITCH_ROLE,
];

/// Whether `command` applies for this person and role: check-ins and referrals for the
/// roles that make them, "my records" for those who hold the employee role, and so on.
fn offered(command: &Command, ws: &Workspace) -> bool {
    let user: &User = &ws.user;
    match command.action {
        Action::ClearFilter => match section_after(ws, 0) {
            Focus::Prompts => ws.prompts.as_ref().is_some_and(|p| !p.filter.is_empty()),
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
pub fn commands(ws: &Workspace) -> Vec<&'static Command> {
    if ws.people.typing {
        return FILTERING.iter().collect();
    }
    let focus = section_after(ws, 0);
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

pub fn update(ws: &mut Workspace, action: Action, ctx: &Ctx) -> Reply {
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
    if action == Action::StartFilter && section_after(ws, 0) != Focus::Prompts {
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
pub fn keep_selection_visible(state: &mut State) {
    let body = widgets::body_area(state.size);
    if let Screen::Workspace(ws) = &mut state.screen {
        let areas = layout(body, ws);
        ws.people.keep_visible(usize::from(areas.list.height));
        if let Some(list) = &mut ws.prompts {
            list.keep_visible(usize::from(areas.prompt_rows.height));
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
pub fn list_area(state: &State) -> Rect {
    match &state.screen {
        Screen::Workspace(ws) => layout(widgets::body_area(state.size), ws).list,
        _ => Rect::default(),
    }
}

pub struct HomeLayout {
    pub notices: Rect,
    /// "Just for you", on the employee home when a rule holds for oneself.
    pub own: Rect,
    pub prompt_heading: Rect,
    pub prompt_rows: Rect,
    pub panel_heading: Rect,
    pub panel_rows: Rect,
    pub heading: Rect,
    pub columns: Rect,
    pub list: Rect,
}

pub fn layout(body: Rect, ws: &Workspace) -> HomeLayout {
    let notices = u16::try_from(notice_lines(ws, usize::from(body.width)).len()).unwrap_or(0);
    let gap = u16::from(notices > 0);
    let own_lines = u16::try_from(own_lines(ws, usize::from(body.width)).len()).unwrap_or(0);
    // Each upper section takes what it needs, up to a share of the screen (more for the
    // coordinator's queue, their main work); the list below always keeps a few rows.
    let to_rows = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    let mut prompt_rows = match &ws.prompts {
        Some(list) => to_rows(list.len().max(1)).min((body.height / 4).max(1)),
        None => 0,
    };
    let panel_share = match (&ws.panel, ws.prompts.is_some()) {
        (Panel::Queue(_), false) => body.height / 2,
        (Panel::Queue(_), true) | (_, false) => body.height / 3,
        (_, true) => body.height / 4,
    };
    let mut panel_rows = if matches!(ws.panel, Panel::None) {
        0
    } else {
        to_rows(ws.panel.wanted_rows()).min(panel_share.max(1))
    };
    let total = |p: u16, q: u16| p + 2 * u16::from(p > 0) + q + 2 * u16::from(q > 0);
    // The people list's heading, its column names and at least two of its rows.
    let room = body.height.saturating_sub(notices + gap + 4);
    // One's own prompts and a blank row under them, as much as fits.
    let own = if own_lines > 0 {
        (own_lines + 1).min(room)
    } else {
        0
    };
    let room = room - own;
    while total(prompt_rows, panel_rows) > room && (prompt_rows > 1 || panel_rows > 1) {
        if panel_rows >= prompt_rows && panel_rows > 1 {
            panel_rows -= 1;
        } else {
            prompt_rows -= 1;
        }
    }
    let section = |rows: u16| if rows > 0 { rows + 2 } else { 0 };
    let [notices, own, prompts, panel, heading, columns, list] = Layout::vertical([
        Constraint::Length(notices + gap),
        Constraint::Length(own),
        Constraint::Length(section(prompt_rows)),
        Constraint::Length(section(panel_rows)),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(body);
    let split = |area: Rect, rows: u16| -> [Rect; 3] {
        Layout::vertical([
            Constraint::Length(u16::from(rows > 0)),
            Constraint::Length(rows),
            Constraint::Fill(1),
        ])
        .areas(area)
    };
    let [prompt_heading, prompt_rows, _] = split(prompts, prompt_rows);
    let [panel_heading, panel_rows, _] = split(panel, panel_rows);
    HomeLayout {
        notices,
        own: Rect {
            height: own.height.saturating_sub(1),
            ..own
        },
        prompt_heading,
        prompt_rows,
        panel_heading,
        panel_rows,
        heading,
        columns,
        list,
    }
}

/// One's own prompts wrapped to `width` (on the employee home only), naming the keys of the
/// commands they hint at.
fn own_lines(ws: &Workspace, width: usize) -> Vec<(String, Meaning)> {
    if ws.user.role != Role::Employee {
        return Vec::new();
    }
    let help_now = keymap::GLOBAL
        .iter()
        .find(|c| c.action == Action::OpenHelpNow)
        .map_or(Key::ch('!'), |c| c.keys[0]);
    own_prompts::lines(
        ws.own_prompts.as_ref(),
        width,
        (SELF_CHECK.keys[0], help_now),
    )
}

/// The notices wrapped to `width`.
fn notice_lines(ws: &Workspace, width: usize) -> Vec<(String, Meaning)> {
    notices(ws)
        .into_iter()
        .flat_map(|(text, meaning)| {
            widgets::wrap_words(&text, width)
                .into_iter()
                .map(move |l| (l, meaning))
        })
        .collect()
}

/// Lines above everything that the person should read: failed logins, the last thing done.
fn notices(ws: &Workspace) -> Vec<(String, Meaning)> {
    let mut lines = Vec::new();
    if ws.notice.failed_attempts > 0 {
        lines.push((
            format!(
                "{} since your last login.",
                widgets::count(
                    u64::from(ws.notice.failed_attempts),
                    "failed login attempt",
                    "failed login attempts"
                )
            ),
            Meaning::Alert,
        ));
    }
    if ws.user.role == Role::Admin {
        if let Some(at) = ws.notice.rules_failed_at {
            lines.push((
                format!(
                    "⚠ The daily rules run failed at {}; see `journalctl -u steady-rules.service`.",
                    at.format("%Y-%m-%d %H:%M UTC")
                ),
                Meaning::Alert,
            ));
        }
        lines.push((
            match ws.notice.rules_last_run {
                Some(day) => format!("The rules last ran on {day}."),
                None => "The daily rules have not run yet.".into(),
            },
            Meaning::Muted,
        ));
    }
    if ws.notice.tally_was_missing {
        lines.push((
            "The record of failed logins had been deleted or damaged, so every login waited 15 minutes once; this is now in the audit log. Tell your admin.".into(),
            Meaning::Alert,
        ));
    }
    if let Some(message) = &ws.message {
        let meaning = if message.alert {
            Meaning::Alert
        } else {
            Meaning::Text
        };
        lines.push((widgets::sentence(&message.text), meaning));
    }
    lines
}

fn heading(ws: &Workspace) -> String {
    let people = &ws.people;
    let count = if people.filter.is_empty() {
        widgets::thousands(people.total())
    } else {
        format!(
            "{} of {}",
            widgets::thousands(people.shown_len()),
            widgets::thousands(people.total())
        )
    };
    match ws.user.role {
        Role::Supervisor => format!("Your people ({count})"),
        Role::Mentor => format!("Your mentees ({count})"),
        Role::Admin | Role::Coordinator => format!("Everyone on the roster ({count})"),
        Role::Employee => "Your record".into(),
        // The app refuses operator accounts at login; nothing of the roster is theirs.
        Role::Operator => "Batch work only".into(),
    }
}

fn empty_roster(role: Role) -> &'static str {
    match role {
        Role::Supervisor => {
            "No one reports to you in the roster yet. When the roster lists people under you, they appear here."
        }
        Role::Mentor => {
            "No mentees are assigned to you yet. An administrator pairs mentors with mentees."
        }
        Role::Coordinator => "The roster is empty. An administrator imports it.",
        Role::Admin => {
            "The roster is empty. Import it with `steady people import FILE.csv`, or add people with `steady people add`."
        }
        Role::Employee => {
            "Your account is not linked to a roster entry yet. An administrator can link it."
        }
        Role::Operator => "The operator account runs batch work from the host; it has no app.",
    }
}

/// Column widths for name, employee id and unit; the unit goes on narrow screens.
fn columns(width: usize) -> (usize, usize, usize) {
    let id = 12;
    let unit = if width >= 60 { (width / 3).min(28) } else { 0 };
    let gaps = if unit > 0 { 2 } else { 1 };
    let name = width.saturating_sub(2 + id + unit + gaps);
    (name, id, unit)
}

fn row_text(marker: &str, name: &str, id: &str, unit: &str, width: usize) -> String {
    let (name_w, id_w, unit_w) = columns(width);
    let mut text = format!(
        "{marker}{} {}",
        widgets::fit(name, name_w),
        widgets::fit(id, id_w)
    );
    if unit_w > 0 {
        text.push(' ');
        text.push_str(&widgets::fit(unit, unit_w));
    }
    text
}

pub fn render(frame: &mut Frame, body: Rect, state: &State, ws: &Workspace) {
    let theme = state.theme;
    let areas = layout(body, ws);
    let notice_lines: Vec<Line> = notice_lines(ws, usize::from(body.width))
        .into_iter()
        .map(|(text, meaning)| Line::styled(text, theme.style(meaning)))
        .collect();
    frame.render_widget(Paragraph::new(notice_lines), areas.notices);
    own_prompts::render(
        frame,
        areas.own,
        theme,
        own_lines(ws, usize::from(body.width)),
    );
    let focus = section_after(ws, 0);
    if let Some(list) = &ws.prompts {
        prompts::render(
            frame,
            (areas.prompt_heading, areas.prompt_rows),
            state,
            (list, ws.user.role),
            focus == Focus::Prompts,
        );
    }
    let panel_focused = focus == Focus::Panel;
    match &ws.panel {
        Panel::Today(list) => today::render(
            frame,
            (areas.panel_heading, areas.panel_rows),
            state,
            list,
            panel_focused,
        ),
        Panel::Queue(list) => queue::render(
            frame,
            (areas.panel_heading, areas.panel_rows),
            state,
            list,
            panel_focused,
        ),
        Panel::None => {}
    }
    render_heading(frame, areas.heading, state, ws);
    let people = &ws.people;
    let width = usize::from(areas.list.width);
    let say = |frame: &mut Frame, text: &str, meaning: Meaning| {
        let lines: Vec<Line> = widgets::wrap_words(text, width)
            .into_iter()
            .map(|l| Line::styled(l, theme.style(meaning)))
            .collect();
        frame.render_widget(Paragraph::new(lines), areas.list);
    };
    match &people.status {
        Loaded::Loading => return say(frame, "Loading…", Meaning::Muted),
        Loaded::Failed(message) => {
            return say(frame, &widgets::sentence(message), Meaning::Alert);
        }
        Loaded::Ready(()) => {}
    }
    if people.total() == 0 {
        return say(frame, empty_roster(ws.user.role), Meaning::Text);
    }
    if people.shown_len() == 0 {
        let text = format!(
            "No one matches “{}”. Esc clears the filter.",
            sanitize(&people.filter)
        );
        return say(frame, &text, Meaning::Text);
    }
    frame.render_widget(
        Line::styled(
            row_text("  ", "Name", "Employee id", "Unit", width),
            theme.style(Meaning::Muted),
        ),
        areas.columns,
    );
    let rows = usize::from(areas.list.height);
    let focused = focus == Focus::People;
    for (i, (pos, person)) in people.window(rows).enumerate() {
        let selected = focused && pos == people.cursor.selected;
        let marker = if selected { "▶ " } else { "  " };
        let name = if person.active {
            sanitize(&person.name)
        } else {
            format!("{} (inactive)", sanitize(&person.name)).into()
        };
        let text = row_text(
            marker,
            &name,
            &sanitize(&person.employee_id),
            &sanitize(&person.unit),
            width,
        );
        let style = if selected {
            theme.style(Meaning::Selected)
        } else {
            theme.style(Meaning::Text)
        };
        let y = areas.list.y + u16::try_from(i).unwrap_or(0);
        frame.render_widget(
            Line::styled(text, style),
            Rect::new(areas.list.x, y, areas.list.width, 1),
        );
    }
}

/// A quiet note on the heading of the section that is not focused: how to get there.
pub fn tab_here(frame: &mut Frame, area: Rect, theme: Theme) {
    let text = "Tab moves here";
    let width = u16::try_from(text.width()).unwrap_or(0).min(area.width);
    let at = Rect::new(area.right() - width, area.y, width, 1);
    frame.render_widget(Line::styled(text, theme.style(Meaning::Muted)), at);
}

/// "Your people (23)" on the left; the filter (with the cursor while typing) on the right.
fn render_heading(frame: &mut Frame, area: Rect, state: &State, ws: &Workspace) {
    let theme: Theme = state.theme;
    let people = &ws.people;
    frame.render_widget(Line::styled(heading(ws), theme.style(Meaning::Title)), area);
    if !people.typing && people.filter.is_empty() {
        if section_after(ws, 0) != Focus::People {
            tab_here(frame, area, theme);
        }
        return;
    }
    let shown_filter = sanitize(&people.filter);
    let max = usize::from(area.width / 2).saturating_sub(10);
    let text = widgets::truncate(&shown_filter, max);
    let label = if people.typing {
        "Filter: "
    } else {
        "Filtered by: "
    };
    let line = Line::from(vec![
        Span::styled(label, theme.style(Meaning::Muted)),
        Span::styled(text.clone(), theme.style(Meaning::Focus)),
        Span::raw(" "),
    ]);
    let width = u16::try_from(line.width())
        .unwrap_or(area.width)
        .min(area.width);
    let at = Rect::new(area.right() - width, area.y, width, 1);
    frame.render_widget(line, at);
    if people.typing && !state.help_open && !state.help_now_open {
        let x = at.x + u16::try_from(label.width() + text.width()).unwrap_or(0);
        frame.set_cursor_position(Position::new(x.min(area.right() - 1), area.y));
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
        list.load(Ok((0..n).map(person).collect()));
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
