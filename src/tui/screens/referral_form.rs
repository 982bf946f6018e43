//! Proposing a referral: resource (suggestions first), consent, urgency, reason. Saves nothing
//! itself: Ctrl-S returns `Effect::SaveReferral`; the desk's verdict comes back through `saved`.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::checkin_form::CheckinForm;
use super::modal::{Confirmed, Modal};
use super::my_records::{self, MyRecords};
use super::{Ctx, Nav, Reply};
use crate::desk::NewReferral;
use crate::domain::Person;
use crate::domain::referral::{Consent, Urgency};
use crate::domain::resources::Resource;
use crate::domain::text::sanitize;
use crate::tui::keymap::{
    BACKSPACE, CANCEL, CLEAR_FIELD, Command, Field, Key, NEXT_FIELD, PREV_FIELD, Q_CANCEL, SAVE,
};
use crate::tui::list::ListCursor;
use crate::tui::record::helps_with_titles;
use crate::tui::state::{Action, Effect, Message, View, Workspace};
use crate::tui::theme::{Meaning, Theme};
use crate::tui::widgets;

pub(crate) use crate::desk::ReferralStart;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ReferralField {
    Resource,
    Consent,
    Urgency,
    Reason,
}

#[derive(Debug)]
pub(crate) struct ReferralForm {
    pub person: Person,
    /// The resources offered, each with whether it was suggested.
    pub options: Vec<(Resource, bool)>,
    pub cursor: ListCursor,
    pub consent: Consent,
    pub urgency: Urgency,
    pub reason: String,
    pub focus: ReferralField,
    pub self_referral: bool,
    pub busy: bool,
    pub error: Option<String>,
}

impl ReferralForm {
    /// Suggestions first, in their order; then the rest of the catalog in its order; the
    /// crisis lines last, marked as for calling now: choosing one opens help-now, since a
    /// crisis line is never a referral. The cursor starts on the first that can be referred to.
    pub(crate) fn new(start: ReferralStart) -> Self {
        let active = |r: &&Resource| !r.retired && !r.crisis;
        let mut options: Vec<(Resource, bool)> = start
            .suggested
            .iter()
            .filter_map(|id| start.catalog.iter().find(|r| &r.id == id))
            .filter(active)
            .map(|r| (r.clone(), true))
            .collect();
        let unsuggested = |r: &&Resource| !start.suggested.contains(&r.id);
        options.extend(
            start
                .catalog
                .iter()
                .filter(active)
                .filter(unsuggested)
                .map(|r| (r.clone(), false)),
        );
        options.extend(
            start
                .catalog
                .iter()
                .filter(|r| !r.retired && r.crisis)
                .map(|r| (r.clone(), false)),
        );
        Self {
            person: start.person,
            options,
            cursor: ListCursor::default(),
            consent: if start.self_referral {
                Consent::Given
            } else {
                Consent::Pending
            },
            urgency: Urgency::Routine,
            reason: String::new(),
            focus: ReferralField::Resource,
            self_referral: start.self_referral,
            busy: false,
            error: None,
        }
    }

    pub(crate) fn chosen(&self) -> Option<&Resource> {
        self.options.get(self.cursor.selected).map(|(r, _)| r)
    }

    pub(crate) fn changed(&self) -> bool {
        self.cursor.selected != 0
            || (!self.self_referral && self.consent != Consent::Pending)
            || self.urgency != Urgency::Routine
            || !self.reason.is_empty()
    }

    pub(crate) fn field(&self) -> Option<Field> {
        (self.focus == ReferralField::Reason && !self.busy).then_some(Field::Text)
    }

    fn fields(&self) -> Vec<ReferralField> {
        let mut all = vec![ReferralField::Resource];
        // A self-referral carries one's own consent: nothing to choose.
        if !self.self_referral {
            all.push(ReferralField::Consent);
        }
        all.extend([ReferralField::Urgency, ReferralField::Reason]);
        all
    }

    fn move_focus(&mut self, step: isize) {
        let fields = self.fields();
        let here = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        let len = fields.len() as isize;
        self.focus = fields[(here as isize + step).rem_euclid(len) as usize];
    }
}

static RESOURCE: [Command; 9] = [
    SAVE,
    NEXT_FIELD,
    CANCEL,
    PREV_FIELD,
    Q_CANCEL,
    Command::quiet(
        &[Key::code(KeyCode::Down), Key::ch('j')],
        "next resource",
        Action::Down,
    ),
    Command::quiet(
        &[Key::code(KeyCode::Up), Key::ch('k')],
        "previous resource",
        Action::Up,
    ),
    Command::quiet(
        &[Key::code(KeyCode::PageDown)],
        "a page down",
        Action::PageDown,
    ),
    Command::quiet(&[Key::code(KeyCode::PageUp)], "a page up", Action::PageUp),
];
static CHOICE: [Command; 7] = [
    SAVE,
    NEXT_FIELD,
    CANCEL,
    PREV_FIELD,
    Q_CANCEL,
    Command::quiet(
        &[Key::code(KeyCode::Left), Key::ch('h')],
        "previous choice",
        Action::Left,
    ),
    Command::quiet(
        &[Key::code(KeyCode::Right), Key::ch('l'), Key::ch(' ')],
        "next choice",
        Action::Right,
    ),
];
static REASON: [Command; 6] = [SAVE, NEXT_FIELD, CANCEL, PREV_FIELD, BACKSPACE, CLEAR_FIELD];
static BUSY: [Command; 0] = [];

pub(crate) fn commands(form: &ReferralForm) -> Vec<&'static Command> {
    let list: &'static [Command] = match (form.busy, form.focus) {
        (true, _) => &BUSY,
        (false, ReferralField::Resource) => &RESOURCE,
        (false, ReferralField::Consent | ReferralField::Urgency) => &CHOICE,
        (false, ReferralField::Reason) => &REASON,
    };
    list.iter().collect()
}

/// The next (or previous) of `all` after `current`, wrapping round.
fn cycle<T: PartialEq + Copy>(all: &[T], current: T, step: isize) -> T {
    let here = all.iter().position(|v| *v == current).unwrap_or(0) as isize;
    all[(here + step).rem_euclid(all.len() as isize) as usize]
}

pub(crate) fn update(form: &mut ReferralForm, action: Action, ctx: &Ctx) -> Reply {
    if form.busy {
        return Reply::none();
    }
    let areas = layout(ctx.page, form);
    let step = match action {
        Action::Left => -1,
        _ => 1,
    };
    // The desk's last word on a save goes once anything changes.
    if !matches!(action, Action::Save | Action::Back) {
        form.error = None;
    }
    match (action, form.focus) {
        (Action::Save, _) => return save(form, ctx.today),
        (Action::NextField, _) => form.move_focus(1),
        (Action::PrevField, _) => form.move_focus(-1),
        (Action::Back, _) if form.changed() => {
            return Reply::modal(Modal::confirm(
                "Discard this referral? Nothing of it has been saved.".into(),
                "discard",
                Confirmed::Discard,
            ));
        }
        (Action::Back, _) => return Reply::back(),
        (action, ReferralField::Resource) => {
            let rows = usize::from(areas.resources.height);
            form.cursor.navigate(&action, form.options.len(), rows);
        }
        (Action::Left | Action::Right, ReferralField::Consent) => {
            form.consent = cycle(Consent::ALL, form.consent, step);
        }
        (Action::Left | Action::Right, ReferralField::Urgency) => {
            form.urgency = cycle(Urgency::ALL, form.urgency, step);
        }
        (Action::Type(c), ReferralField::Reason) => form.reason.push(c),
        (Action::Backspace, ReferralField::Reason) => {
            form.reason.pop();
        }
        (Action::ClearField, ReferralField::Reason) => form.reason.clear(),
        _ => {}
    }
    Reply::none()
}

fn save(form: &mut ReferralForm, today: NaiveDate) -> Reply {
    let Some(resource) = form.chosen() else {
        form.error = Some("The catalog has no active resources to refer to.".into());
        return Reply::none();
    };
    if resource.crisis {
        // Not a referral: the numbers, now, and nothing sent to anyone.
        form.error = Some(format!(
            "{} is a crisis line: call it now ({}). Nothing is sent to anyone.",
            sanitize(&resource.name),
            sanitize(&resource.contact)
        ));
        return Reply {
            nav: Nav::HelpNow,
            ..Reply::none()
        };
    }
    let new = NewReferral {
        employee_id: form.person.employee_id.clone(),
        resource_id: resource.id.clone(),
        consent: form.consent,
        urgency: form.urgency,
        reason: form.reason.trim().to_string(),
        on: today,
    };
    form.busy = true;
    form.error = None;
    Effect::SaveReferral(new).into()
}

/// The desk's verdict: back to where the referral was proposed from, with a line saying
/// what happens next; or the problem, inline.
pub(crate) fn saved(ws: &mut Workspace, result: Result<i64, String>, ctx: &Ctx) -> Effect {
    let Some(View::ReferralForm(form)) = ws.views.last_mut() else {
        return Effect::None;
    };
    form.busy = false;
    let id = match result {
        Ok(id) => id,
        Err(problem) => {
            form.error = Some(widgets::sentence(&problem));
            return Effect::None;
        }
    };
    let resource = form
        .chosen()
        .map(|r| sanitize(&r.name).into_owned())
        .unwrap_or_default();
    let text = if form.self_referral {
        format!(
            "Your self-referral to {resource} is with the wellness coordinators (referral {id})."
        )
    } else {
        let next = match form.consent {
            Consent::Given => "the coordinators take it from here",
            Consent::Pending => "it waits for their consent",
            Consent::Refused => "it goes nowhere without their consent",
        };
        format!(
            "Referral {id} to {resource} proposed for {}: {next}.",
            sanitize(&form.person.name)
        )
    };
    let employee_id = form.person.employee_id.clone();
    ws.views.pop();
    // The check-in it followed is done with too.
    if matches!(ws.views.last(), Some(View::CheckinForm(f)) if is_saved(f)) {
        ws.views.pop();
    }
    ws.message = Some(Message::calm(text));
    match ws.views.last() {
        Some(View::Person(page)) if page.employee_id() == employee_id => {
            Effect::OpenPerson(employee_id)
        }
        Some(view) if view.page::<MyRecords>().is_some() => Effect::Task(my_records::load()),
        None => Effect::RefreshHome {
            role: ws.user.role,
            as_of: ctx.today,
        },
        Some(_) => Effect::None,
    }
}

fn is_saved(form: &CheckinForm) -> bool {
    form.saved.is_some()
}

const LABEL_WIDTH: usize = 12;

struct ReferralLayout {
    title: Rect,
    resources: Rect,
    consent: Rect,
    urgency: Rect,
    reason: Rect,
    about: Rect,
    error: Rect,
}

fn layout(area: Rect, form: &ReferralForm) -> ReferralLayout {
    // Title, gap, consent, urgency, reason, gap, two rows about the chosen resource and two
    // for problems are fixed; the resource list takes the rest it needs.
    let rest = area.height.saturating_sub(10).max(1);
    let wanted = u16::try_from(form.options.len().max(1)).unwrap_or(u16::MAX);
    let [
        title,
        _,
        resources,
        consent,
        urgency,
        reason,
        _,
        about,
        error,
    ] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(wanted.min(rest)),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Fill(1),
    ])
    .areas(area);
    ReferralLayout {
        title,
        resources,
        consent,
        urgency,
        reason,
        about,
        error,
    }
}

fn label(text: &str, focused: bool, theme: Theme) -> Vec<Span<'static>> {
    let style = if focused {
        theme.style(Meaning::Focus)
    } else {
        theme.style(Meaning::Text)
    };
    vec![
        Span::styled(if focused { "▶ " } else { "  " }, style),
        Span::styled(widgets::fit(text, LABEL_WIDTH), style),
    ]
}

fn choices<T: PartialEq + Copy>(
    all: &[T],
    chosen: T,
    word: impl Fn(T) -> String,
    theme: Theme,
) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    for (i, value) in all.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw("  "));
        }
        let on = *value == chosen;
        spans.push(Span::styled(
            format!("({}) {}", if on { "•" } else { " " }, word(*value)),
            theme.style(if on { Meaning::Focus } else { Meaning::Text }),
        ));
    }
    spans
}

pub(crate) fn render(
    frame: &mut Frame,
    area: Rect,
    state: &crate::tui::state::State,
    form: &ReferralForm,
    typing: bool,
) {
    let theme = state.theme;
    let areas = layout(area, form);
    let width = usize::from(area.width);
    let title = if form.self_referral {
        "Ask for a referral for yourself".to_string()
    } else {
        format!(
            "Propose a referral for {} ({})",
            sanitize(&form.person.name),
            sanitize(&form.person.employee_id)
        )
    };
    frame.render_widget(
        Line::styled(
            widgets::truncate(&title, width),
            theme.style(Meaning::Title),
        ),
        areas.title,
    );
    // The resource list: the chosen one is the one under the cursor.
    let focused = form.focus == ReferralField::Resource;
    let rows = usize::from(areas.resources.height);
    let window = form.cursor.window(form.options.len(), rows);
    let name_width = width.saturating_sub(LABEL_WIDTH + 2 + 4 + 26).clamp(12, 40);
    let mut lines = Vec::new();
    for (row, i) in window.enumerate() {
        let (resource, suggested) = &form.options[i];
        let mut spans = if row == 0 {
            label("Resource", focused, theme)
        } else {
            vec![Span::raw(" ".repeat(LABEL_WIDTH + 2))]
        };
        let on = i == form.cursor.selected;
        let style = match (on, focused) {
            (true, true) => theme.style(Meaning::Selected),
            (true, false) => theme.style(Meaning::Focus),
            (false, _) => theme.style(Meaning::Text),
        };
        spans.push(Span::styled(
            format!(
                "({}) {}",
                if on { "•" } else { " " },
                widgets::fit(&sanitize(&resource.name), name_width)
            ),
            style,
        ));
        let note = if resource.crisis {
            " call now · not a referral".to_string()
        } else if *suggested {
            format!(" {} · suggested", sanitize(&resource.kind))
        } else {
            format!(" {}", sanitize(&resource.kind))
        };
        spans.push(Span::styled(note, theme.style(Meaning::Muted)));
        lines.push(Line::from(spans));
    }
    if form.options.is_empty() {
        let mut spans = label("Resource", focused, theme);
        spans.push(Span::raw("The catalog has no active resources."));
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), areas.resources);
    let mut consent = label("Consent", form.focus == ReferralField::Consent, theme);
    if form.self_referral {
        consent.push(Span::raw(
            "given — a self-referral carries your own consent",
        ));
    } else {
        consent.extend(choices(
            Consent::ALL,
            form.consent,
            |c| c.as_str().to_string(),
            theme,
        ));
        consent.push(Span::styled(
            "  forwarded only once given",
            theme.style(Meaning::Muted),
        ));
    }
    frame.render_widget(Line::from(consent), areas.consent);
    let mut urgency = label("Urgency", form.focus == ReferralField::Urgency, theme);
    urgency.extend(choices(
        Urgency::ALL,
        form.urgency,
        |u| u.as_str().to_string(),
        theme,
    ));
    frame.render_widget(Line::from(urgency), areas.urgency);
    let reason_focused = form.focus == ReferralField::Reason;
    let box_width = width.saturating_sub(LABEL_WIDTH + 2 + 4).max(10);
    let (reason, col) = widgets::input_line(
        "Reason",
        LABEL_WIDTH,
        &sanitize(&form.reason),
        box_width,
        reason_focused,
        theme,
    );
    frame.render_widget(reason, areas.reason);
    if let Some(resource) = form.chosen() {
        let helps = helps_with_titles(resource);
        let about = [
            format!(
                "{} · {}",
                sanitize(&resource.contact),
                sanitize(&resource.hours)
            ),
            if helps.is_empty() {
                sanitize(&resource.confidentiality).into_owned()
            } else {
                format!("Helps with: {}", helps.join(", "))
            },
        ];
        frame.render_widget(
            Paragraph::new(
                about
                    .into_iter()
                    .map(|t| {
                        Line::styled(widgets::truncate(&t, width), theme.style(Meaning::Muted))
                    })
                    .collect::<Vec<_>>(),
            ),
            areas.about,
        );
    }
    if let Some(problem) = &form.error {
        let lines: Vec<Line> = widgets::wrap_words(problem, width)
            .into_iter()
            .map(|l| Line::styled(l, theme.style(Meaning::Alert)))
            .collect();
        frame.render_widget(Paragraph::new(lines), areas.error);
    } else if form.busy {
        frame.render_widget(
            Line::styled("Saving…", theme.style(Meaning::Muted)),
            areas.error,
        );
    }
    let at = Position::new(areas.reason.x + col, areas.reason.y);
    if reason_focused && typing && !form.busy && area.contains(at) {
        frame.set_cursor_position(at);
    }
}
