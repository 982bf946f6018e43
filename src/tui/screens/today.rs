//! Today, on a supervisor's or mentor's home: follow-ups that are due and people not seen
//! lately, each as a calm "Check in with …" line. Shows what the desk returned; asks nothing.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{Ctx, Reply};
use crate::desk::{FollowUp, NotSeen};
use crate::domain::Person;
use crate::domain::text::sanitize;
use crate::tui::keymap::{Command, Key};
use crate::tui::list::ListCursor;
use crate::tui::page::Loaded;
use crate::tui::record::day;
use crate::tui::state::{Action, Effect, State, User};
use crate::tui::theme::Meaning;
use crate::tui::widgets;

/// Today as loaded: the follow-ups first (someone asked to come back), then the quiet ones.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct TodayData {
    pub follow_ups: Vec<FollowUp>,
    pub not_seen: Vec<NotSeen>,
}

#[derive(Debug, Default)]
pub(crate) struct TodayList {
    /// `None` until the first load.
    data: Loaded<TodayData>,
    pub cursor: ListCursor,
}

impl TodayList {
    pub(crate) fn load(&mut self, data: Result<TodayData, String>) {
        self.data = Loaded::from(data);
        self.cursor.clamp(self.len());
    }

    pub(crate) fn len(&self) -> usize {
        match &self.data {
            Loaded::Ready(d) => d.follow_ups.len() + d.not_seen.len(),
            _ => 0,
        }
    }

    pub(crate) fn keep_visible(&mut self, rows: usize) {
        let len = self.len();
        self.cursor.keep_visible(len, rows);
    }

    pub(crate) fn person_at(&self, i: usize) -> Option<&Person> {
        let Loaded::Ready(d) = &self.data else {
            return None;
        };
        match d.follow_ups.get(i) {
            Some(f) => Some(&f.person),
            None => d.not_seen.get(i - d.follow_ups.len()).map(|n| &n.person),
        }
    }

    /// One line per item, as it reads on `today`.
    fn lines(&self, today: NaiveDate) -> Vec<String> {
        let Loaded::Ready(d) = &self.data else {
            return Vec::new();
        };
        let follow_ups = d.follow_ups.iter().map(|f| follow_up_line(f, today));
        let quiet = d.not_seen.iter().map(|n| not_seen_line(n, today));
        follow_ups.chain(quiet).collect()
    }
}

fn follow_up_line(f: &FollowUp, today: NaiveDate) -> String {
    let days = (f.due_on - today).num_days();
    let when = match days {
        0 => "follow-up due today".to_string(),
        1 => "follow-up due tomorrow".to_string(),
        d if d > 1 => format!("follow-up due in {d} days ({})", day(f.due_on)),
        d => format!(
            "follow-up was due {} ago ({})",
            widgets::count(d.unsigned_abs(), "day", "days"),
            day(f.due_on)
        ),
    };
    format!(
        "Check in with {} — {when}, after the check-in on {}",
        sanitize(&f.person.name),
        day(f.checkin_on)
    )
}

fn not_seen_line(n: &NotSeen, today: NaiveDate) -> String {
    let since = match n.last_checkin_on {
        Some(last) => format!(
            "last check-in {} ago ({})",
            widgets::count(
                u64::try_from((today - last).num_days()).unwrap_or(0),
                "day",
                "days"
            ),
            day(last)
        ),
        None => "no check-in recorded yet".into(),
    };
    format!("Check in with {} — {since}", sanitize(&n.person.name))
}

pub(crate) static COMMANDS: [Command; 3] = [
    Command::new(&[Key::code(KeyCode::Enter)], "open", Action::Open),
    Command::new(&[Key::ch('c')], "check-in", Action::NewCheckin),
    Command::new(&[Key::ch('r')], "refer", Action::NewReferral),
];

pub(crate) fn update(
    list: &mut TodayList,
    action: Action,
    rows: Rect,
    ctx: &Ctx,
    user: &User,
) -> Reply {
    let len = list.len();
    let height = usize::from(rows.height);
    if list.cursor.navigate(&action, len, height) {
        return Reply::none();
    }
    if let Action::Click { column, row } = action
        && rows.contains(Position::new(column, row))
    {
        list.cursor.select_row(usize::from(row - rows.y), len);
        return Reply::none();
    }
    let Some(person) = list.person_at(list.cursor.selected) else {
        return Reply::none();
    };
    let employee_id = person.employee_id.clone();
    match action {
        Action::Open => Effect::OpenPerson(employee_id).into(),
        Action::NewCheckin if user.records_checkins() => Effect::StartCheckin(employee_id).into(),
        Action::NewReferral if user.proposes_referrals() => Effect::StartReferral {
            employee_id,
            as_of: ctx.today,
            suggest_first: Vec::new(),
        }
        .into(),
        _ => Reply::none(),
    }
}

pub(crate) fn render(
    frame: &mut Frame,
    (heading, rows): (Rect, Rect),
    state: &State,
    list: &TodayList,
    focused: bool,
) {
    let theme = state.theme;
    // Narrow, the rows leave out "Check in with": the heading says it once.
    let what = if rows.width < 56 {
        "Check in today"
    } else {
        "Today"
    };
    let title = match &list.data {
        Loaded::Ready(_) => format!("{what} ({})", widgets::thousands(list.len())),
        _ => what.into(),
    };
    frame.render_widget(Line::styled(title, theme.style(Meaning::Title)), heading);
    if !focused {
        super::home::tab_here(frame, heading, theme);
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
    match &list.data {
        Loaded::Loading => return frame.render_widget(note("Loading…", Meaning::Muted), rows),
        Loaded::Failed(e) => {
            return frame.render_widget(note(&widgets::sentence(e), Meaning::Alert), rows);
        }
        Loaded::Ready(_) if list.len() == 0 => {
            return frame.render_widget(
                note(
                    "Nothing is due: everyone in your care had a check-in in the last 45 days.",
                    Meaning::Muted,
                ),
                rows,
            );
        }
        Loaded::Ready(_) => {}
    }
    let lines = list.lines(state.clock.today());
    let window = list.cursor.window(lines.len(), usize::from(rows.height));
    let shown: Vec<Line> = window
        .map(|i| {
            let selected = focused && i == list.cursor.selected;
            let (marker, meaning) = if selected {
                ("▶ ", Meaning::Selected)
            } else {
                ("  ", Meaning::Text)
            };
            // Under a magnifier the person comes first: "Check in with" is what every
            // line of Today says, and the name must not be the part that is cut.
            let text = if width < 56 {
                lines[i].strip_prefix("Check in with ").unwrap_or(&lines[i])
            } else {
                &lines[i]
            };
            Line::styled(
                widgets::fit(&format!("{marker}{text}"), width),
                theme.style(meaning),
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(shown), rows);
}
