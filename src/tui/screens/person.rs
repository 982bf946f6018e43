//! The person page: directory facts and, where the viewer may see it, the wellbeing chart,
//! follow-up and timeline. Shows only what `Effect::OpenPerson` returned; fetches nothing.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::checkin_detail::CheckinDetail;
use super::{Ctx, Reply};
use crate::domain::text::sanitize;
use crate::tui::keymap::{Command, Key};
use crate::tui::list::{self, ListCursor};
use crate::tui::record::{self, ENTRY_ROWS, Entry};
use crate::tui::state::{Action, Effect, State, User, View, Workspace};
use crate::tui::theme::Meaning;
use crate::tui::widgets;

pub(crate) use crate::desk::PersonRecord;

#[derive(Debug)]
pub(crate) struct PersonPage {
    pub record: PersonRecord,
    pub timeline: Vec<Entry>,
    pub cursor: ListCursor,
}

impl PersonPage {
    pub(crate) fn new(record: PersonRecord) -> Self {
        let timeline = record::timeline(&record.checkins, &record.referrals);
        Self {
            record,
            timeline,
            cursor: ListCursor::default(),
        }
    }

    pub(crate) fn employee_id(&self) -> &str {
        &self.record.view.person.employee_id
    }

    /// New data for the same person (after a save): the view stays where it was.
    fn replace(&mut self, record: PersonRecord) {
        let cursor = self.cursor;
        *self = Self::new(record);
        self.cursor = cursor;
        let len = self.timeline.len();
        self.cursor.clamp(len);
    }
}

/// The desk's answer to `OpenPerson`: a fresh page, or fresh data for the page already open.
pub(crate) fn opened(ws: &mut Workspace, record: PersonRecord) {
    let id = record.view.person.employee_id.clone();
    let open = ws.views.iter_mut().rev().find_map(|v| match v {
        View::Person(page) if page.employee_id() == id => Some(page),
        _ => None,
    });
    match open {
        Some(page) => page.replace(record),
        None => ws
            .views
            .push(View::Person(Box::new(PersonPage::new(record)))),
    }
}

static COMMANDS: [Command; 4] = [
    Command::new(&[Key::code(KeyCode::Enter)], "open", Action::Open),
    Command::new(&[Key::ch('c')], "new check-in", Action::NewCheckin),
    Command::new(&[Key::ch('r')], "propose a referral", Action::NewReferral),
    list::BACK,
];

pub(crate) fn commands(page: &PersonPage, user: &User) -> Vec<&'static Command> {
    let record = page.record.view.may_view_record;
    COMMANDS
        .iter()
        .chain(list::LIST_MOVES.iter())
        .filter(|c| match c.action {
            Action::Open => !page.timeline.is_empty(),
            Action::NewCheckin => record && user.records_checkins(),
            Action::NewReferral => record && user.proposes_referrals(),
            _ => true,
        })
        .collect()
}

pub(crate) fn update(page: &mut PersonPage, action: Action, ctx: &Ctx, user: &User) -> Reply {
    let areas = layout(ctx.page, page);
    let len = page.timeline.len();
    let rows = usize::from(areas.timeline.height) / ENTRY_ROWS;
    if page.cursor.navigate(&action, len, rows) {
        return Reply::none();
    }
    let may_record = page.record.view.may_view_record;
    let id = page.employee_id().to_string();
    match action {
        Action::Back => Reply::back(),
        Action::Click { column, row } if areas.timeline.contains(Position::new(column, row)) => {
            let entry_row = usize::from(row - areas.timeline.y) / ENTRY_ROWS;
            page.cursor.select_row(entry_row, len);
            Reply::none()
        }
        Action::Open => match page.timeline.get(page.cursor.selected) {
            Some(Entry::Checkin(i)) => match page.record.checkins.get(*i) {
                Some(c) => Reply::push(View::CheckinDetail(Box::new(CheckinDetail::new(
                    c.clone(),
                    page.record.view.person.name.clone(),
                    record::who(&c.author, &page.record.authors),
                )))),
                None => Reply::none(),
            },
            Some(Entry::Referral(i)) => match page.record.referrals.get(*i) {
                Some(r) => Effect::OpenReferral(r.id).into(),
                None => Reply::none(),
            },
            None => Reply::none(),
        },
        Action::NewCheckin if may_record && user.records_checkins() => {
            Effect::StartCheckin(id).into()
        }
        Action::NewReferral if may_record && user.proposes_referrals() => Effect::StartReferral {
            employee_id: id,
            as_of: ctx.today,
            suggest_first: Vec::new(),
        }
        .into(),
        _ => Reply::none(),
    }
}

const LABEL_WIDTH: usize = 16;

struct PersonLayout {
    facts: Rect,
    chart: Rect,
    follow_up: Rect,
    heading: Rect,
    timeline: Rect,
}

/// Facts on the left and the chart on the right (stacked on a narrow screen), then the
/// follow-up, then the timeline in what is left.
fn layout(area: Rect, page: &PersonPage) -> PersonLayout {
    let facts_height = 7 + u16::from(!page.record.view.person.active);
    if !page.record.view.may_view_record {
        let [facts, _, rest] = Layout::vertical([
            Constraint::Length(facts_height),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(area);
        return PersonLayout {
            facts,
            chart: Rect::default(),
            follow_up: Rect::default(),
            heading: Rect::default(),
            timeline: rest,
        };
    }
    let chart_height = 8;
    let (facts, chart, rest) = if area.width >= 70 {
        let [top, rest] = Layout::vertical([
            Constraint::Length(facts_height.max(chart_height)),
            Constraint::Fill(1),
        ])
        .areas(area);
        let [facts, _, chart] = Layout::horizontal([
            Constraint::Percentage(48),
            Constraint::Length(2),
            Constraint::Fill(1),
        ])
        .areas(top);
        (facts, chart, rest)
    } else {
        // Stacked (a narrow window, a magnifier) the chart gives way where it would leave
        // the timeline fewer than two entries: the timeline says each wellbeing in words.
        let follow = u16::from(record::follow_up(&page.record.checkins).is_some());
        let chart_height = if area.height >= facts_height + chart_height + follow + 1 + 4 {
            chart_height
        } else {
            0
        };
        let [facts, chart, rest] = Layout::vertical([
            Constraint::Length(facts_height),
            Constraint::Length(chart_height),
            Constraint::Fill(1),
        ])
        .areas(area);
        (facts, chart, rest)
    };
    let follow = u16::from(record::follow_up(&page.record.checkins).is_some());
    let [follow_up, heading, timeline] = Layout::vertical([
        Constraint::Length(follow),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(rest);
    PersonLayout {
        facts,
        chart,
        follow_up,
        heading,
        timeline,
    }
}

fn facts(page: &PersonPage, state: &State, width: usize) -> Vec<Line<'static>> {
    let theme = state.theme;
    let view = &page.record.view;
    let person = &view.person;
    let value_width = width.saturating_sub(LABEL_WIDTH);
    let fact = |label: &str, value: &str| {
        Line::from(vec![
            Span::styled(
                widgets::fit(label, LABEL_WIDTH),
                theme.style(Meaning::Muted),
            ),
            Span::raw(widgets::truncate(value, value_width)),
        ])
    };
    let mentors = if view.mentors.is_empty() {
        "none assigned".to_string()
    } else {
        view.mentors
            .iter()
            .map(|m| sanitize(m).into_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let supervisor = view
        .supervisor_name
        .as_deref()
        .map_or_else(|| "none on the roster".into(), |s| sanitize(s).into_owned());
    let mut lines = vec![
        Line::styled(
            widgets::truncate(&sanitize(&person.name), width),
            theme.style(Meaning::Title),
        ),
        Line::raw(""),
        fact("Employee id", &sanitize(&person.employee_id)),
        fact("Unit", &sanitize(&person.unit)),
        fact("Supervisor", &supervisor),
        fact("Direct reports", &view.direct_reports.to_string()),
        fact("Mentors", &mentors),
    ];
    if !person.active {
        lines.push(fact("On the roster", "no longer active"));
    }
    lines
}

pub(crate) fn render(frame: &mut Frame, area: Rect, state: &State, page: &PersonPage) {
    let theme = state.theme;
    let areas = layout(area, page);
    frame.render_widget(
        Paragraph::new(facts(page, state, usize::from(areas.facts.width))),
        areas.facts,
    );
    let width = usize::from(areas.timeline.width);
    if !page.record.view.may_view_record {
        let lines: Vec<Line> =
            widgets::wrap_words("You can see this person's directory entry only.", width)
                .into_iter()
                .map(|l| Line::styled(l, theme.style(Meaning::Muted)))
                .collect();
        frame.render_widget(Paragraph::new(lines), areas.timeline);
        return;
    }
    let today = state.clock.today();
    record::render_chart(frame, areas.chart, theme, &page.record.checkins, today);
    if let Some(text) = record::follow_up_line(&page.record.checkins, today) {
        frame.render_widget(
            Line::styled(widgets::truncate(&text, width), theme.style(Meaning::Text)),
            areas.follow_up,
        );
    }
    let heading = if page.timeline.is_empty() {
        "Timeline".to_string()
    } else {
        format!("Timeline ({})", widgets::thousands(page.timeline.len()))
    };
    frame.render_widget(
        Line::styled(heading, theme.style(Meaning::Title)),
        areas.heading,
    );
    if page.timeline.is_empty() {
        frame.render_widget(
            Line::raw("No check-ins recorded yet."),
            Rect {
                height: 1.min(areas.timeline.height),
                ..areas.timeline
            },
        );
        return;
    }
    let rows = usize::from(areas.timeline.height) / ENTRY_ROWS;
    let window = page.cursor.window(page.timeline.len(), rows);
    let record = &page.record;
    let entries = window.map(|i| {
        (
            i == page.cursor.selected,
            record::entry_rows(
                page.timeline[i],
                &record.checkins,
                &record.referrals,
                (&record.resource_names, &record.authors),
            ),
        )
    });
    record::render_entries(frame, areas.timeline, theme, entries);
}
