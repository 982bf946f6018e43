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
use crate::domain::prompt::{Audience, Response, ResponseKind, snooze_cap_days};
use crate::domain::text::sanitize;
use crate::rules::Severity;
use crate::tui::keymap::{Command, Key};
use crate::tui::list::{self, ListCursor};
use crate::tui::record;
use crate::tui::state::{Action, Effect, State, User};
use crate::tui::theme::{Meaning, Theme};
use crate::tui::widgets;

/// How long a snooze lasts unless the person types another day.
pub const SNOOZE_DAYS: i64 = 7;

#[derive(Debug, Default)]
pub struct PromptList {
    /// `None` until the first load.
    data: Option<Result<Vec<PromptView>, String>>,
    pub cursor: ListCursor,
    /// The first load has come: home has decided where it starts.
    pub settled: bool,
}

impl PromptList {
    /// The desk's prompts, kept to those for the role on screen: its audience, and (for a
    /// supervisor or mentor) someone in the list of their people, so a supervisor who also
    /// mentors someone elsewhere sees that prompt on the mentor's home, not here.
    pub fn load(
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
        self.data = Some(result);
        if let (Some(id), Some(Ok(views))) = (keep, &self.data)
            && let Some(at) = views.iter().position(|v| v.id == id)
        {
            self.cursor.selected = at;
        }
        self.cursor.clamp(self.len());
    }

    pub fn len(&self) -> usize {
        match &self.data {
            Some(Ok(views)) => views.len(),
            _ => 0,
        }
    }

    pub fn keep_visible(&mut self, rows: usize) {
        let len = self.len();
        self.cursor.keep_visible(len, rows);
    }

    pub fn selected(&self) -> Option<&PromptView> {
        match &self.data {
            Some(Ok(views)) => views.get(self.cursor.selected),
            _ => None,
        }
    }

    #[cfg(test)]
    pub fn views(&self) -> &[PromptView] {
        match &self.data {
            Some(Ok(views)) => views,
            _ => &[],
        }
    }
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
pub fn severity_text(severity: Severity) -> String {
    format!("{} {}", severity.symbol(), severity.as_str())
}

/// The person a prompt is about, by name where the roster has one.
pub fn person_of(view: &PromptView) -> String {
    if view.person_name.trim().is_empty() {
        sanitize(&view.employee_id).into_owned()
    } else {
        sanitize(&view.person_name).into_owned()
    }
}

/// What the prompt invites, in a sentence: "Check in with Blackwood, Teodoro — the latest
/// wellbeing rating is 1". A coordinator's prompts are about a referral, not a conversation.
pub fn sentence(view: &PromptView) -> String {
    format!(
        "{} — {}",
        invitation(view),
        sanitize(view.explanation().trim())
    )
}

/// "Check in with Blackwood, Teodoro", or for a coordinator "Consider the referral for …".
pub fn invitation(view: &PromptView) -> String {
    let who = person_of(view);
    match view.audience {
        Audience::Coordinator => format!("Consider the referral for {who}"),
        _ => format!("Check in with {who}"),
    }
}

/// "acknowledged on 3 Mar 2026: talked after shift", "snoozed until 10 Mar 2026: on leave".
pub fn response_text(response: &Response) -> String {
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
pub fn age_days(view: &PromptView, today: NaiveDate) -> i64 {
    (today - view.opened_on).num_days().max(0)
}

/// "● urgent     Check in with … — the latest wellbeing rating is 1      10 d".
pub fn row_text(view: &PromptView, today: NaiveDate, width: usize) -> String {
    let age = format!("{} d", age_days(view, today));
    let severity = widgets::fit(&severity_text(view.severity), 11);
    let text_width = width.saturating_sub(11 + 2 + 2 + 5);
    format!(
        "{severity}  {}  {age:>5}",
        widgets::fit(&sentence(view), text_width)
    )
}

pub static COMMANDS: [Command; 11] = [
    Command::new(&[Key::code(KeyCode::Enter)], "open", Action::Open),
    Command::new(&[Key::ch('c')], "check-in", Action::NewCheckin),
    Command::new(&[Key::ch('r')], "refer", Action::NewReferral),
    Command::new(&[Key::ch('a')], "acknowledge", Action::Acknowledge),
    Command::new(&[Key::ch('s')], "snooze", Action::Snooze),
    list::DOWN,
    list::UP,
    list::PAGE_DOWN,
    list::PAGE_UP,
    list::FIRST,
    list::LAST,
];

/// What a key does to one prompt, from the list or from its page: a check-in or referral
/// for its person (the rule's suggestions first), or a question before acknowledging or
/// snoozing it.
pub fn act(view: &PromptView, action: &Action, ctx: &Ctx, user: &User) -> Option<Reply> {
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

pub fn update(list: &mut PromptList, action: Action, rows: Rect, ctx: &Ctx, user: &User) -> Reply {
    let len = list.len();
    if list.cursor.navigate(&action, len, usize::from(rows.height)) {
        return Reply::none();
    }
    if let Action::Click { column, row } = action
        && rows.contains(Position::new(column, row))
    {
        list.cursor.select_row(usize::from(row - rows.y), len);
        return Reply::none();
    }
    let Some(view) = list.selected() else {
        return Reply::none();
    };
    if action == Action::Open {
        return Effect::OpenPrompt(Box::new(view.clone())).into();
    }
    act(view, &action, ctx, user).unwrap_or_else(Reply::none)
}

fn heading(role: Role) -> &'static str {
    match role {
        Role::Supervisor => "Prompts for your people",
        Role::Mentor => "Prompts for your mentees",
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

pub fn render(
    frame: &mut Frame,
    (heading_area, rows): (Rect, Rect),
    state: &State,
    (list, role): (&PromptList, Role),
    focused: bool,
) {
    let theme: Theme = state.theme;
    let title = match &list.data {
        Some(Ok(_)) => format!("{} ({})", heading(role), list.len()),
        _ => heading(role).to_string(),
    };
    frame.render_widget(
        Line::styled(title, theme.style(Meaning::Title)),
        heading_area,
    );
    if !focused {
        super::home::tab_here(frame, heading_area, theme);
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
        None => return frame.render_widget(note("Loading…", Meaning::Muted), rows),
        Some(Err(e)) => {
            return frame.render_widget(note(&widgets::sentence(e), Meaning::Alert), rows);
        }
        Some(Ok(views)) if views.is_empty() => {
            return frame.render_widget(
                note("Nothing from the rules needs you today.", Meaning::Muted),
                rows,
            );
        }
        Some(Ok(views)) => views,
    };
    let today = state.clock.today();
    let inner = width.saturating_sub(2);
    let shown: Vec<Line> = list
        .cursor
        .window(views.len(), usize::from(rows.height))
        .map(|i| {
            let view = &views[i];
            let selected = focused && i == list.cursor.selected;
            let (marker, style) = if selected {
                ("▶ ", theme.style(Meaning::Selected))
            } else {
                ("  ", theme.style(meaning(view.severity)))
            };
            Line::styled(
                widgets::fit(&format!("{marker}{}", row_text(view, today, inner)), width),
                style,
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(shown), rows);
}
