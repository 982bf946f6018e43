//! Prompts, first on the home of supervisors, mentors and coordinators: what the rules invite
//! them to do, most severe and oldest first, each as a calm "Check in with …" line. Asks only.

use chrono::{Duration, NaiveDate};
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::home::PeopleList;
use super::modal::{Ask, Asked, Modal};
use super::{Ctx, Reply};
use crate::desk::PromptView;
use crate::domain::Role;
use crate::domain::dates::format_date;
use crate::domain::prompt::{Audience, PromptState, Response, ResponseKind, snooze_cap_days};
use crate::domain::text::sanitize;
use crate::rules::Severity;
use crate::tui::keymap::{Command, Key};
use crate::tui::list::{self, ListCursor};
use crate::tui::page::Loaded;
use crate::tui::record;
use crate::tui::state::{Action, Effect, State, User};
use crate::tui::theme::{Meaning, Theme};
use crate::tui::widgets;

/// How long a snooze lasts unless the person types another day.
pub(crate) const SNOOZE_DAYS: i64 = 7;

/// How the prompt list is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Order {
    /// Most severe first, then the oldest (the desk's order).
    #[default]
    Severity,
    /// Oldest first.
    Age,
    /// By the person's name.
    Person,
}

impl Order {
    fn next(self) -> Self {
        match self {
            Order::Severity => Order::Age,
            Order::Age => Order::Person,
            Order::Person => Order::Severity,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Order::Severity => "most severe first",
            Order::Age => "oldest first",
            Order::Person => "by name",
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct PromptList {
    /// `None` until the first load: every prompt for the role, open or handled.
    data: Loaded<Vec<PromptView>>,
    /// Indices into the data of the rows shown, in order.
    shown: Vec<usize>,
    pub cursor: ListCursor,
    /// The first load has come: home has decided where it starts.
    pub settled: bool,
    pub order: Order,
    /// Showing the prompts this viewer acknowledged or snoozed, instead of the open ones.
    pub handled: bool,
    /// Words every shown prompt's person or reasons contain.
    pub filter: String,
    pub typing: bool,
    /// The day of the last daily rules run, if the vault has had one.
    pub rules_last_run: Option<NaiveDate>,
}

impl PromptList {
    /// The desk's prompts, kept to those for the role on screen: its audience, and (for a
    /// supervisor or mentor) someone in the list of their people, so a supervisor who also
    /// mentors someone elsewhere sees that prompt on the mentor's home, not here.
    pub(crate) fn load(
        &mut self,
        result: Result<Vec<PromptView>, String>,
        role: Role,
        people: &PeopleList,
    ) {
        let keep = self.selected().map(|v| v.id);
        let result = result.map(|views| {
            views
                .into_iter()
                .filter(|v| for_role(v, role, people))
                .collect::<Vec<_>>()
        });
        self.data = Loaded::from(result);
        self.arrange(keep);
    }

    /// Applies the view, filter and order, keeping `keep` selected where it is still shown.
    fn arrange(&mut self, keep: Option<i64>) {
        let Loaded::Ready(views) = &self.data else {
            self.shown.clear();
            return;
        };
        let words = search_words(&self.filter);
        let mut shown: Vec<usize> = views
            .iter()
            .enumerate()
            .filter(|(_, v)| (v.state != PromptState::Open) == self.handled)
            .filter(|(_, v)| {
                let text = search_words(&format!(
                    "{} {} {}",
                    v.person_name,
                    v.employee_id,
                    v.explanation()
                ))
                .join(" ");
                words.iter().all(|w| text.contains(w.as_str()))
            })
            .map(|(i, _)| i)
            .collect();
        match self.order {
            Order::Severity => {}
            Order::Age => shown.sort_by_key(|&i| (views[i].opened_on, views[i].id)),
            Order::Person => shown.sort_by(|&a, &b| {
                let key = |v: &PromptView| (v.person_name.to_lowercase(), v.employee_id.clone());
                key(&views[a]).cmp(&key(&views[b]))
            }),
        }
        self.shown = shown;
        if let Some(id) = keep
            && let Some(at) = self.shown.iter().position(|&i| views[i].id == id)
        {
            self.cursor.selected = at;
        }
        self.cursor.clamp(self.len());
    }

    pub(crate) fn len(&self) -> usize {
        self.shown.len()
    }

    pub(crate) fn keep_visible(&mut self, rows: usize) {
        let len = self.len();
        self.cursor.keep_visible(len, rows);
    }

    pub(crate) fn selected(&self) -> Option<&PromptView> {
        match &self.data {
            Loaded::Ready(views) => self
                .shown
                .get(self.cursor.selected)
                .and_then(|&i| views.get(i)),
            _ => None,
        }
    }

    /// The rows shown, in order.
    pub(crate) fn views(&self) -> Vec<&PromptView> {
        match &self.data {
            Loaded::Ready(views) => self.shown.iter().filter_map(|&i| views.get(i)).collect(),
            _ => Vec::new(),
        }
    }

    /// How many prompts wait in the other view (handled, or open).
    fn in_other_view(&self) -> usize {
        match &self.data {
            Loaded::Ready(views) => views
                .iter()
                .filter(|v| (v.state != PromptState::Open) != self.handled)
                .count(),
            _ => 0,
        }
    }

    /// The heading's note on what is shown: "most severe first · filter: olga".
    fn shown_as(&self, today: NaiveDate) -> String {
        // What matters most first: a heading too long for the window loses its end.
        let mut parts = Vec::new();
        self.push_stale_run(today, &mut parts);
        if !self.filter.is_empty() || self.typing {
            parts.push(format!(
                "filter: {}{}",
                sanitize(&self.filter),
                if self.typing { "▏" } else { "" }
            ));
        }
        parts.push(self.order.label().to_string());
        parts.join(" · ")
    }
}

impl PromptList {
    /// Says when the daily run is behind today: what it shows was evaluated today, but a
    /// prompt that began since that run appears only after the next.
    fn push_stale_run(&self, today: NaiveDate, parts: &mut Vec<String>) {
        if let Some(last) = self.rules_last_run
            && last < today
        {
            parts.push(format!("last run {}", record::day(last)));
        }
    }
}

/// Lower-case words without punctuation, so "olga black" finds "Blackwood, Olga".
fn search_words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn for_role(view: &PromptView, role: Role, people: &PeopleList) -> bool {
    match (role, &view.audience) {
        (Role::Supervisor, Audience::Chain) | (Role::Mentor, Audience::Mentor(_)) => {
            people.includes(&view.employee_id)
        }
        (Role::Coordinator, Audience::Coordinator) => true,
        _ => false,
    }
}

/// "● urgent", "◆ attention", "· info": a word and a symbol, so it survives `NO_COLOR`.
pub(crate) fn severity_text(severity: Severity) -> String {
    format!("{} {}", severity_symbol(severity), severity.as_str())
}

/// The symbol of a prompt's severity, from the frame's glyphs (ASCII "*", "+", "-").
pub(crate) fn severity_symbol(severity: Severity) -> &'static str {
    let glyphs = crate::tui::ascii::glyphs();
    match severity {
        Severity::Urgent => glyphs.high,
        Severity::Attention => glyphs.moderate,
        Severity::Info => glyphs.low,
    }
}

/// The person a prompt is about, by name where the roster has one.
pub(crate) fn person_of(view: &PromptView) -> String {
    if view.person_name.trim().is_empty() {
        sanitize(&view.employee_id).into_owned()
    } else {
        sanitize(&view.person_name).into_owned()
    }
}

/// What the prompt invites, in a sentence: "Check in with Blackwood, Teodoro — the latest
/// wellbeing rating is 1". A coordinator's prompts are about a referral, not a conversation.
pub(crate) fn sentence(view: &PromptView) -> String {
    format!(
        "{} — {}",
        invitation(view),
        sanitize(view.explanation().trim())
    )
}

/// "Check in with Blackwood, Teodoro", or for a coordinator "Consider the referral for …".
pub(crate) fn invitation(view: &PromptView) -> String {
    sanitize(&view.invitation()).into_owned()
}

/// "acknowledged on 3 Mar 2026: talked after shift", "snoozed until 10 Mar 2026: on leave".
pub(crate) fn response_text(response: &Response) -> String {
    let note = sanitize(response.note.trim()).into_owned();
    match (response.kind, response.until) {
        (ResponseKind::Snoozed, Some(until)) => {
            format!("snoozed by you until {}: {note}", record::day(until))
        }
        _ => format!(
            "acknowledged by you on {}: {note}",
            record::day(response.on)
        ),
    }
}

/// Days since the prompt opened, as seen on `today`.
pub(crate) fn age_days(view: &PromptView, today: NaiveDate) -> i64 {
    (today - view.opened_on).num_days().max(0)
}

/// Below this width (a 120-column terminal has 118 inside its border) a prompt takes two lines — what it invites and its age, then why — so
/// that the figures in its reason ("the latest wellbeing rating is 1") are never cut off.
const ONE_LINE_FROM: u16 = 116;

/// The lines each prompt takes on a list `width` columns wide.
pub(crate) fn lines_per_prompt(width: u16) -> u16 {
    if width < ONE_LINE_FROM { 2 } else { 1 }
}

/// A prompt on two lines: "◆ attention  Check in with …   today", then its reason under
/// the invitation (a handled one: what the viewer did).
pub(crate) fn two_lines(view: &PromptView, today: NaiveDate, width: usize) -> [String; 2] {
    if width < NARROW_BELOW {
        return narrow_lines(view, today, width);
    }
    let severity = widgets::fit(&severity_text(view.severity), 11);
    let indent = " ".repeat(11 + 2);
    let reason_width = width.saturating_sub(11 + 2);
    if let Some(response) = &view.response {
        return [
            format!(
                "{severity}  {}",
                widgets::fit(&invitation(view), width.saturating_sub(11 + 2))
            ),
            format!(
                "{indent}{}",
                widgets::fit(&response_text(response), reason_width)
            ),
        ];
    }
    let age = crate::domain::dates::days_open(age_days(view, today));
    [
        format!(
            "{severity}  {}  {age:>8}",
            widgets::fit(&invitation(view), width.saturating_sub(11 + 2 + 2 + 8))
        ),
        format!(
            "{indent}{}",
            widgets::fit(&sanitize(view.explanation().trim()), reason_width)
        ),
    ]
}

/// Below this width the invitation (who to see) gets a line of its own.
const NARROW_BELOW: usize = 56;

/// A prompt in a narrow window (a magnifier): its severity, age and invitation as words
/// over two lines ("◆ attention · 10 days · Check in" / "with Blackwood, Teodoro"), so
/// whom it is about stays whole; the reason is on the prompt's page.
fn narrow_lines(view: &PromptView, today: NaiveDate, width: usize) -> [String; 2] {
    let when = match &view.response {
        Some(response) => response_text(response),
        None => crate::domain::dates::days_open(age_days(view, today)),
    };
    let text = format!(
        "{} · {when} · {}",
        severity_text(view.severity),
        invitation(view)
    );
    let mut lines = widgets::wrap_words(&text, width).into_iter();
    let first = lines.next().unwrap_or_default();
    let rest: Vec<String> = lines.collect();
    [
        widgets::fit(&first, width),
        widgets::fit(&rest.join(" "), width),
    ]
}

/// "● urgent     Check in with … — the latest wellbeing rating is 1   10 days".
pub(crate) fn row_text(view: &PromptView, today: NaiveDate, width: usize) -> String {
    let severity = widgets::fit(&severity_text(view.severity), 11);
    if let Some(response) = &view.response {
        // A handled prompt says what this viewer did instead of its age.
        let text = format!("{} · {}", invitation(view), response_text(response));
        return format!(
            "{severity}  {}",
            widgets::fit(&text, width.saturating_sub(11 + 2))
        );
    }
    // How long it has been open, in words: "today", "1 day", "12 days".
    let age = crate::domain::dates::days_open(age_days(view, today));
    let text_width = width.saturating_sub(11 + 2 + 2 + 8);
    format!(
        "{severity}  {}  {age:>8}",
        widgets::fit(&sentence(view), text_width)
    )
}

pub(crate) static COMMANDS: [Command; 9] = [
    Command::new(&[Key::code(KeyCode::Enter)], "open", Action::Open),
    Command::new(&[Key::ch('c')], "check-in", Action::NewCheckin),
    Command::new(&[Key::ch('r')], "refer", Action::NewReferral),
    Command::new(&[Key::ch('a')], "acknowledge", Action::Acknowledge),
    Command::new(&[Key::ch('s')], "snooze", Action::Snooze),
    Command::new(&[Key::ch('/')], "filter", Action::StartFilter),
    Command::new(&[Key::ch('o')], "order", Action::CycleOrder),
    Command::new(&[Key::ch('v')], "handled", Action::ToggleHandled),
    Command::new(&[Key::ch('u')], "undo", Action::UndoResponse),
];

/// The same keys while the handled prompts are shown: `v` goes back to the open ones.
pub(crate) static HANDLED_COMMANDS: [Command; 1] = [Command::new(
    &[Key::ch('v')],
    "open ones",
    Action::ToggleHandled,
)];

/// Esc, while a kept filter narrows the list.
static CLEAR_KEPT_FILTER: Command = Command::new(
    &[Key::code(KeyCode::Esc)],
    "clear filter",
    Action::ClearFilter,
);

/// The commands that apply to the list as it stands: acknowledging and snoozing on the
/// open ones, undo on the handled ones.
pub(crate) fn commands(list: &PromptList) -> Vec<&'static Command> {
    if list.typing {
        return super::home::FILTERING.iter().collect();
    }
    let mut offered: Vec<&'static Command> = COMMANDS
        .iter()
        .chain(list::LIST_MOVES.iter())
        .filter(|c| match c.action {
            Action::Acknowledge | Action::Snooze => !list.handled,
            Action::UndoResponse => list.handled,
            _ => true,
        })
        .map(|c| match c.action {
            Action::ToggleHandled if list.handled => &HANDLED_COMMANDS[0],
            _ => c,
        })
        .collect();
    if list.handled {
        // What this view is for comes first, so the footer keeps it.
        offered.sort_by_key(|c| match c.action {
            Action::Open => 0,
            Action::UndoResponse => 1,
            Action::ToggleHandled => 2,
            _ => 3,
        });
    }
    if !list.filter.is_empty() {
        offered.insert(1, &CLEAR_KEPT_FILTER);
    }
    offered
}

/// What a key does to one prompt, from the list or from its page: a check-in or referral
/// for its person (the rule's suggestions first), or a question before acknowledging or
/// snoozing it.
pub(crate) fn act(view: &PromptView, action: &Action, ctx: &Ctx, user: &User) -> Option<Reply> {
    let employee_id = view.employee_id.clone();
    Some(match action {
        Action::NewCheckin if user.records_checkins() => Effect::StartCheckin(employee_id).into(),
        Action::NewReferral if user.proposes_referrals() => Effect::StartReferral {
            employee_id,
            as_of: ctx.today,
            suggest_first: view.suggest.clone(),
        }
        .into(),
        Action::Acknowledge => Reply::modal(Modal::Ask(Ask::note(
            " Acknowledge ",
            format!(
                "{}. What was done, or why nothing is needed? A few words are enough.",
                sentence(view)
            ),
            "acknowledge",
            Asked::Acknowledge { prompt_id: view.id },
        ))),
        Action::Snooze => Reply::modal(Modal::Ask(Ask::date(
            " Snooze ",
            format!(
                "{}. Until which day? It comes back then if it still holds.",
                sentence(view)
            ),
            "Until",
            format_date(
                ctx.today + Duration::days(SNOOZE_DAYS.min(snooze_cap_days(view.severity))),
            ),
            "snooze",
            Asked::Snooze {
                prompt_id: view.id,
                severity: view.severity,
            },
        ))),
        _ => return None,
    })
}

pub(crate) fn update(
    list: &mut PromptList,
    action: Action,
    rows: Rect,
    ctx: &Ctx,
    user: &User,
) -> Reply {
    let keep = list.selected().map(|v| v.id);
    if list.typing {
        match action {
            Action::Type(c) => list.filter.push(c),
            Action::Backspace if list.filter.is_empty() => list.typing = false,
            Action::Backspace => {
                list.filter.pop();
            }
            Action::ClearField => list.filter.clear(),
            Action::FinishFilter => list.typing = false,
            Action::ClearFilter => {
                list.typing = false;
                list.filter.clear();
            }
            _ => {}
        }
        if !matches!(
            action,
            Action::Down | Action::Up | Action::PageDown | Action::PageUp
        ) {
            list.arrange(keep);
            return Reply::none();
        }
    }
    match action {
        Action::StartFilter => {
            list.typing = true;
            return Reply::none();
        }
        Action::ClearFilter => {
            list.filter.clear();
            list.arrange(keep);
            return Reply::none();
        }
        Action::CycleOrder => {
            list.order = list.order.next();
            list.arrange(keep);
            return Reply::none();
        }
        Action::ToggleHandled => {
            list.handled = !list.handled;
            list.cursor = ListCursor::default();
            list.arrange(None);
            return Reply::none();
        }
        _ => {}
    }
    let len = list.len();
    let per = lines_per_prompt(rows.width);
    if list
        .cursor
        .navigate(&action, len, usize::from(rows.height / per))
    {
        return Reply::none();
    }
    if let Action::Click { column, row } = action
        && rows.contains(Position::new(column, row))
    {
        list.cursor
            .select_row(usize::from((row - rows.y) / per), len);
        return Reply::none();
    }
    let Some(view) = list.selected() else {
        return Reply::none();
    };
    match action {
        Action::Open => Effect::OpenPrompt(Box::new(view.clone())).into(),
        Action::UndoResponse if list.handled => Effect::UndoPromptResponse {
            id: view.id,
            on: ctx.today,
        }
        .into(),
        Action::Acknowledge | Action::Snooze if list.handled => Reply::none(),
        action => act(view, &action, ctx, user).unwrap_or_else(Reply::none),
    }
}

fn heading(role: Role, handled: bool) -> &'static str {
    match (role, handled) {
        (_, true) => "Prompts you acknowledged or snoozed",
        (Role::Supervisor, false) => "Prompts for your people",
        (Role::Mentor, false) => "Prompts for your mentees",
        _ => "Prompts",
    }
}

fn meaning(severity: Severity) -> Meaning {
    match severity {
        Severity::Urgent => Meaning::Alert,
        Severity::Attention => Meaning::Text,
        Severity::Info => Meaning::Muted,
    }
}

pub(crate) fn render(
    frame: &mut Frame,
    (heading_area, rows): (Rect, Rect),
    state: &State,
    (list, role): (&PromptList, Role),
    focused: bool,
) {
    let theme: Theme = state.theme;
    let title = match &list.data {
        Loaded::Ready(_) if list.len() > 1 || !list.filter.is_empty() || list.typing => format!(
            "{} ({}) · {}",
            heading(role, list.handled),
            list.len(),
            list.shown_as(state.clock.today())
        ),
        Loaded::Ready(_) => {
            let mut parts = vec![format!(
                "{} ({})",
                heading(role, list.handled),
                widgets::thousands(list.len())
            )];
            list.push_stale_run(state.clock.today(), &mut parts);
            parts.join(" · ")
        }
        _ => heading(role, list.handled).to_string(),
    };
    // On the right: "Tab moves here", or what the right-hand column counts.
    // (Narrow, the key alone, as `tab_here` draws it; the rows say their ages in words.)
    let width = usize::from(heading_area.width);
    let right = if !focused {
        if width < 50 { "Tab" } else { "Tab moves here" }
    } else if list.len() > 0 && !list.handled && width >= NARROW_BELOW {
        "days open"
    } else {
        ""
    };
    let room = usize::from(heading_area.width).saturating_sub(right.len() + 1);
    frame.render_widget(
        Line::styled(widgets::fit(&title, room), theme.style(Meaning::Title)),
        heading_area,
    );
    if !focused {
        super::home::tab_here(frame, heading_area, theme);
    } else if !right.is_empty() {
        let width = u16::try_from(right.len())
            .unwrap_or(0)
            .min(heading_area.width);
        let at = Rect::new(heading_area.right() - width, heading_area.y, width, 1);
        frame.render_widget(Line::styled(right, theme.style(Meaning::Muted)), at);
    }
    let width = usize::from(rows.width);
    let note = |text: &str, meaning: Meaning| {
        Paragraph::new(
            widgets::wrap_words(text, width)
                .into_iter()
                .map(|l| Line::styled(l, theme.style(meaning)))
                .collect::<Vec<_>>(),
        )
    };
    let views = match &list.data {
        Loaded::Loading => return frame.render_widget(note("Loading…", Meaning::Muted), rows),
        Loaded::Failed(e) => {
            return frame.render_widget(note(&widgets::sentence(e), Meaning::Alert), rows);
        }
        Loaded::Ready(_) if list.len() == 0 => {
            let empty = match (list.handled, list.filter.is_empty()) {
                (_, false) => "No prompt matches the filter; Esc clears it.".to_string(),
                (true, true) => {
                    "You have not acknowledged or snoozed any prompt that still holds.".into()
                }
                (false, true) => match list.in_other_view() {
                    0 => "Nothing from the rules needs you today.".to_string(),
                    n => format!(
                        "Nothing from the rules needs you today; {} you handled (v shows {}).",
                        widgets::count(n as u64, "prompt", "prompts"),
                        if n == 1 { "it" } else { "them" }
                    ),
                },
            };
            return frame.render_widget(note(&empty, Meaning::Muted), rows);
        }
        Loaded::Ready(_) => list.views(),
    };
    let today = state.clock.today();
    let inner = width.saturating_sub(2);
    let per = lines_per_prompt(rows.width);
    let shown: Vec<Line> = list
        .cursor
        .window(views.len(), usize::from(rows.height / per))
        .flat_map(|i| {
            let view = views[i];
            let selected = focused && i == list.cursor.selected;
            let (marker, style) = if selected {
                ("▶ ", theme.style(Meaning::Selected))
            } else {
                ("  ", theme.style(meaning(view.severity)))
            };
            let lines = if per == 1 {
                vec![row_text(view, today, inner)]
            } else {
                two_lines(view, today, inner).to_vec()
            };
            lines.into_iter().enumerate().map(move |(n, text)| {
                let marker = if n == 0 { marker } else { "  " };
                Line::styled(widgets::fit(&format!("{marker}{text}"), width), style)
            })
        })
        .collect();
    frame.render_widget(Paragraph::new(shown), rows);
}
