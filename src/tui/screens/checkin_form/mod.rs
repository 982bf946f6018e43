//! The check-in form (new, or one's own to edit), with live resource suggestions. Saves nothing
//! itself: Ctrl-S returns an effect, and the desk's verdict comes back through `saved`/`edited`.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

mod view;

use super::modal::{Confirmed, Modal};
use super::{Ctx, Reply};
use crate::desk::{CheckinDraftInput, RecordedCheckin};
use crate::domain::Person;
use crate::domain::checkin::{Checkin, CheckinDraft, Visibility};
use crate::domain::dates::{format_date, parse_date};
use crate::domain::resources::{self, Resource};
use crate::domain::stressors::{Severity, StressorCatalog, StressorFlag};
use crate::domain::text::sanitize;
use crate::tui::editor::TextArea;
use crate::tui::keymap::{
    BACKSPACE, CANCEL, CLEAR_FIELD, Command, Field, Key, NEXT_FIELD, PREV_FIELD, Q_CANCEL, SAVE,
};
use crate::tui::list::ListCursor;
use crate::tui::record::day;
use crate::tui::state::{Action, Effect, State, User, View, Workspace};
use crate::tui::theme::{Meaning, Theme};
use crate::tui::widgets;

pub(crate) use crate::desk::CheckinStart;
pub(crate) use view::render;
use view::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FormField {
    Date,
    Wellbeing,
    Stressors,
    Notes,
    FollowUp,
    Visibility,
}

const ORDER: [FormField; 6] = [
    FormField::Date,
    FormField::Wellbeing,
    FormField::Stressors,
    FormField::Notes,
    FormField::FollowUp,
    FormField::Visibility,
];

/// One line of the stressor checklist; ticked when it has a severity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StressorChoice {
    pub id: String,
    pub title: String,
    pub severity: Option<Severity>,
}

/// The check-in as recorded, for the page that follows the save.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SavedCheckin {
    pub id: i64,
    pub on: NaiveDate,
    pub suggestions: Vec<Resource>,
}

/// What the form holds, to tell whether anything changed since it opened.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Snapshot {
    date: String,
    wellbeing: Option<u8>,
    severities: Vec<Option<Severity>>,
    notes: String,
    follow_up: String,
    visibility: Option<Visibility>,
}

#[derive(Debug)]
pub(crate) struct CheckinForm {
    pub person: Person,
    catalog: Vec<Resource>,
    pub supervises: bool,
    /// The check-in being changed, if this is an edit.
    pub editing: Option<i64>,
    pub date: String,
    /// What the form opened with: Esc asks before throwing away anything since.
    initial: Snapshot,
    pub wellbeing: Option<u8>,
    pub stressors: Vec<StressorChoice>,
    pub stressor_cursor: ListCursor,
    pub notes: TextArea,
    pub follow_up: String,
    /// `None` keeps the desk's default (chain for a supervisor, private for a mentor).
    pub visibility: Option<Visibility>,
    pub focus: FormField,
    /// Saving is under way.
    pub busy: bool,
    saving_on: Option<NaiveDate>,
    pub error: Option<String>,
    pub saved: Option<SavedCheckin>,
}

impl CheckinForm {
    /// A new check-in dated today, or (when `start` carries one) one's own check-in as it
    /// stands, every field filled in.
    pub(crate) fn new(start: CheckinStart, today: NaiveDate) -> Self {
        let editing = start.editing.as_ref();
        let severity_of = |id: &str| {
            editing.and_then(|c| {
                c.stressors
                    .iter()
                    .find(|f| f.category == id)
                    .map(|f| f.severity)
            })
        };
        let stressors = StressorCatalog::builtin()
            .categories
            .iter()
            .map(|c| StressorChoice {
                id: c.id.clone(),
                title: c.title.clone(),
                severity: severity_of(&c.id),
            })
            .collect();
        let mut form = Self {
            person: start.person,
            catalog: start.catalog,
            supervises: start.supervises,
            editing: editing.map(|c| c.id),
            date: format_date(editing.map_or(today, |c| c.occurred_on)),
            initial: Snapshot {
                date: String::new(),
                wellbeing: None,
                severities: Vec::new(),
                notes: String::new(),
                follow_up: String::new(),
                visibility: None,
            },
            wellbeing: editing.map(|c| c.wellbeing),
            stressors,
            stressor_cursor: ListCursor::default(),
            notes: editing.map_or_else(TextArea::default, |c| TextArea::from_text(&c.notes)),
            follow_up: editing
                .and_then(|c| c.follow_up_on)
                .map(format_date)
                .unwrap_or_default(),
            visibility: editing.map(|c| c.visibility),
            focus: FormField::Date,
            busy: false,
            saving_on: None,
            error: None,
            saved: None,
        };
        form.initial = form.snapshot();
        form
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            date: self.date.clone(),
            wellbeing: self.wellbeing,
            severities: self.stressors.iter().map(|s| s.severity).collect(),
            notes: self.notes.text().to_string(),
            follow_up: self.follow_up.clone(),
            visibility: self.visibility,
        }
    }

    pub(crate) fn default_visibility(&self) -> Visibility {
        if self.supervises {
            Visibility::Chain
        } else {
            Visibility::Private
        }
    }

    pub(crate) fn shown_visibility(&self) -> Visibility {
        self.visibility.unwrap_or(self.default_visibility())
    }

    /// Whether anything was entered or changed (Esc then asks before throwing it away).
    pub(crate) fn changed(&self) -> bool {
        self.snapshot() != self.initial
    }

    pub(crate) fn flags(&self) -> Vec<StressorFlag> {
        self.stressors
            .iter()
            .filter_map(|s| {
                Some(StressorFlag {
                    category: s.id.clone(),
                    severity: s.severity?,
                })
            })
            .collect()
    }

    /// Resources for what is ticked right now, best first.
    pub(crate) fn suggestions(&self) -> Vec<&Resource> {
        resources::suggest(&self.catalog, &self.flags())
    }

    /// The text field typing goes into, if the focused field takes typing.
    pub(crate) fn field(&self) -> Option<Field> {
        if self.busy || self.saved.is_some() {
            return None;
        }
        match self.focus {
            FormField::Date | FormField::FollowUp => Some(Field::Date),
            FormField::Wellbeing => Some(Field::Rating),
            FormField::Notes => Some(Field::Text),
            FormField::Stressors | FormField::Visibility => None,
        }
    }

    /// The check-in to record, or every problem the form can see for itself. The desk checks
    /// again (a date in the future, a follow-up before the check-in) and says so.
    pub(crate) fn draft(&self) -> Result<CheckinDraftInput, String> {
        let mut problems = Vec::new();
        let occurred_on = parse_date(&self.date)
            .map_err(|e| problems.push(format!("Date: {e}")))
            .ok();
        if self.wellbeing.is_none() {
            problems.push("Wellbeing: choose a rating from 1 to 5".to_string());
        }
        let follow_up_on = if self.follow_up.trim().is_empty() {
            None
        } else {
            parse_date(&self.follow_up)
                .map_err(|e| problems.push(format!("Follow-up: {e}")))
                .ok()
        };
        match (occurred_on, self.wellbeing) {
            (Some(occurred_on), Some(wellbeing)) if problems.is_empty() => Ok(CheckinDraftInput {
                occurred_on,
                wellbeing,
                visibility: self.visibility,
                notes: self.notes.text().to_string(),
                follow_up_on,
                stressors: self.flags(),
            }),
            _ => Err(problems.join("; ")),
        }
    }

    fn move_focus(&mut self, step: isize) {
        let here = ORDER.iter().position(|f| *f == self.focus).unwrap_or(0);
        let len = ORDER.len() as isize;
        let next = (here as isize + step).rem_euclid(len);
        self.focus = ORDER[next as usize];
    }
}

const LEFT: Command = Command::quiet(
    &[Key::code(KeyCode::Left), Key::ch('h')],
    "lower",
    Action::Left,
);
const RIGHT: Command = Command::quiet(
    &[Key::code(KeyCode::Right), Key::ch('l')],
    "higher",
    Action::Right,
);

static DATE: [Command; 7] = [
    SAVE,
    NEXT_FIELD,
    CANCEL,
    PREV_FIELD,
    Q_CANCEL,
    BACKSPACE,
    CLEAR_FIELD,
];
static WELLBEING: [Command; 7] = [SAVE, NEXT_FIELD, CANCEL, PREV_FIELD, Q_CANCEL, LEFT, RIGHT];
static STRESSORS: [Command; 12] = [
    SAVE,
    NEXT_FIELD,
    CANCEL,
    PREV_FIELD,
    Q_CANCEL,
    Command::quiet(&[Key::ch(' ')], "tick or untick", Action::Toggle),
    Command::quiet(
        &[Key::code(KeyCode::Left), Key::ch('h')],
        "lower severity",
        Action::Left,
    ),
    Command::quiet(
        &[Key::code(KeyCode::Right), Key::ch('l')],
        "higher severity",
        Action::Right,
    ),
    Command::quiet(
        &[Key::code(KeyCode::Down), Key::ch('j')],
        "next stressor",
        Action::Down,
    ),
    Command::quiet(
        &[Key::code(KeyCode::Up), Key::ch('k')],
        "previous stressor",
        Action::Up,
    ),
    Command::quiet(
        &[Key::code(KeyCode::PageDown)],
        "a page down",
        Action::PageDown,
    ),
    Command::quiet(&[Key::code(KeyCode::PageUp)], "a page up", Action::PageUp),
];
static NOTES: [Command; 13] = [
    SAVE,
    NEXT_FIELD,
    CANCEL,
    PREV_FIELD,
    Command::quiet(&[Key::code(KeyCode::Enter)], "new line", Action::Newline),
    Command::quiet(&[Key::code(KeyCode::Left)], "left", Action::Left),
    Command::quiet(&[Key::code(KeyCode::Right)], "right", Action::Right),
    Command::quiet(&[Key::code(KeyCode::Up)], "up a line", Action::Up),
    Command::quiet(&[Key::code(KeyCode::Down)], "down a line", Action::Down),
    Command::quiet(
        &[Key::code(KeyCode::Home)],
        "start of line",
        Action::LineStart,
    ),
    Command::quiet(&[Key::code(KeyCode::End)], "end of line", Action::LineEnd),
    BACKSPACE,
    Command::quiet(
        &[Key::code(KeyCode::Delete)],
        "delete the next character",
        Action::Delete,
    ),
];
static VISIBILITY: [Command; 6] = [
    SAVE,
    NEXT_FIELD,
    CANCEL,
    PREV_FIELD,
    Q_CANCEL,
    Command::quiet(
        &[
            Key::ch(' '),
            Key::code(KeyCode::Left),
            Key::code(KeyCode::Right),
            Key::ch('h'),
            Key::ch('l'),
        ],
        "switch chain / private",
        Action::Toggle,
    ),
];
static SAVED: [Command; 2] = [
    Command::new(&[Key::ch('r')], "propose a referral", Action::NewReferral),
    Command::new(
        &[Key::code(KeyCode::Esc), Key::code(KeyCode::Enter)],
        "done",
        Action::Back,
    ),
];
static BUSY: [Command; 0] = [];

pub(crate) fn commands(form: &CheckinForm, user: &User) -> Vec<&'static Command> {
    if form.busy {
        return BUSY.iter().collect();
    }
    if form.saved.is_some() {
        return SAVED
            .iter()
            .filter(|c| c.action != Action::NewReferral || user.proposes_referrals())
            .collect();
    }
    let list: &'static [Command] = match form.focus {
        FormField::Date | FormField::FollowUp => &DATE,
        FormField::Wellbeing => &WELLBEING,
        FormField::Stressors => &STRESSORS,
        FormField::Notes => &NOTES,
        FormField::Visibility => &VISIBILITY,
    };
    list.iter().collect()
}

pub(crate) fn update(form: &mut CheckinForm, action: Action, ctx: &Ctx) -> Reply {
    if form.busy {
        return Reply::none();
    }
    if form.saved.is_some() {
        return match action {
            Action::NewReferral => Effect::StartReferral {
                employee_id: form.person.employee_id.clone(),
                as_of: ctx.today,
                suggest_first: Vec::new(),
            }
            .into(),
            Action::Back => Reply::back(),
            _ => Reply::none(),
        };
    }
    let areas = layout(ctx.page);
    match action {
        Action::Save => return save(form),
        Action::NextField => form.move_focus(1),
        Action::PrevField => form.move_focus(-1),
        Action::Back if form.changed() => {
            let question = if form.editing.is_some() {
                "Discard your changes? The check-in stays as it was."
            } else {
                "Discard this check-in? Nothing of it has been saved."
            };
            return Reply::modal(Modal::confirm(
                question.into(),
                "discard",
                Confirmed::Discard,
            ));
        }
        Action::Back => return Reply::back(),
        action => {
            edit(form, action, &areas);
            // A problem shown is checked again as the person fixes it: it goes once it is
            // fixed, rather than staying until the next save.
            if form.error.is_some() {
                form.error = form.draft().err();
            }
        }
    }
    Reply::none()
}

fn save(form: &mut CheckinForm) -> Reply {
    match form.draft() {
        Ok(input) => {
            form.busy = true;
            form.error = None;
            form.saving_on = Some(input.occurred_on);
            if let Some(id) = form.editing {
                return Effect::SaveCheckinEdit {
                    id,
                    draft: CheckinDraft {
                        occurred_on: input.occurred_on,
                        wellbeing: input.wellbeing,
                        visibility: form.shown_visibility(),
                        notes: input.notes,
                        follow_up_on: input.follow_up_on,
                        stressors: input.stressors,
                    },
                }
                .into();
            }
            Effect::SaveCheckin {
                employee_id: form.person.employee_id.clone(),
                input,
            }
            .into()
        }
        Err(problems) => {
            form.error = Some(problems);
            Reply::none()
        }
    }
}

/// Keys inside the focused field.
fn edit(form: &mut CheckinForm, action: Action, areas: &FormLayout) {
    match form.focus {
        FormField::Date => edit_date(&mut form.date, action),
        FormField::FollowUp => edit_date(&mut form.follow_up, action),
        FormField::Wellbeing => {
            form.wellbeing = match (action, form.wellbeing) {
                (Action::Type(c), _) => c.to_digit(10).and_then(|d| u8::try_from(d).ok()),
                (Action::Left, Some(n)) => Some(n.saturating_sub(1).max(1)),
                (Action::Right, Some(n)) => Some((n + 1).min(5)),
                (Action::Left | Action::Right, None) => Some(3),
                (_, current) => current,
            }
            .filter(|n| (1..=5).contains(n));
        }
        FormField::Stressors => {
            let rows = usize::from(areas.stressors.height);
            let len = form.stressors.len();
            if form.stressor_cursor.navigate(&action, len, rows) {
                return;
            }
            let Some(choice) = form.stressors.get_mut(form.stressor_cursor.selected) else {
                return;
            };
            choice.severity = match (action, choice.severity) {
                (Action::Toggle, Some(_)) => None,
                (Action::Toggle, None) => Some(Severity::Moderate),
                (Action::Left, Some(Severity::High)) => Some(Severity::Moderate),
                (Action::Left, Some(_)) => Some(Severity::Low),
                (Action::Right, Some(Severity::Low)) => Some(Severity::Moderate),
                (Action::Right, Some(_)) => Some(Severity::High),
                (Action::Left | Action::Right, None) => Some(Severity::Moderate),
                (_, current) => current,
            };
        }
        FormField::Notes => {
            let width = notes_width(areas);
            let notes = &mut form.notes;
            match action {
                Action::Type(c) => notes.insert(c),
                Action::Newline => notes.insert('\n'),
                Action::Backspace => notes.backspace(),
                Action::Delete => notes.delete(),
                Action::Left => notes.left(),
                Action::Right => notes.right(),
                Action::Up => notes.up(width),
                Action::Down => notes.down(width),
                Action::LineStart => notes.line_start(width),
                Action::LineEnd => notes.line_end(width),
                _ => {}
            }
        }
        FormField::Visibility => {
            if action == Action::Toggle {
                form.visibility = Some(match form.shown_visibility() {
                    Visibility::Chain => Visibility::Private,
                    Visibility::Private => Visibility::Chain,
                });
            }
        }
    }
}

fn edit_date(text: &mut String, action: Action) {
    match action {
        Action::Type(c) if text.chars().count() < 10 => text.push(c),
        Action::Backspace => {
            text.pop();
        }
        Action::ClearField => text.clear(),
        _ => {}
    }
}

/// The desk's verdict on a save: the page that follows, or the problem, inline.
pub(crate) fn saved(
    ws: &mut Workspace,
    result: Result<RecordedCheckin, String>,
    ctx: &Ctx,
) -> crate::tui::state::Effect {
    let Some(View::CheckinForm(form)) = ws.views.last_mut() else {
        return Effect::None;
    };
    form.busy = false;
    match result {
        Ok(recorded) => {
            ws.people.stale = true;
            form.saved = Some(SavedCheckin {
                id: recorded.id,
                on: form.saving_on.unwrap_or_default(),
                suggestions: recorded.suggestions,
            });
            // The page under the form shows what the check-in changed when it comes back:
            // the prompt it answered (or its going), the person's new check-in.
            let id = form.person.employee_id.clone();
            let below = ws.views.len().checked_sub(2).and_then(|i| ws.views.get(i));
            if let Some(View::PromptDetail(page)) = below {
                Effect::RefreshPrompt {
                    id: page.data.view.id,
                    as_of: ctx.today,
                }
            } else if ws.person_page().is_some_and(|p| p.employee_id() == id) {
                Effect::OpenPerson(id)
            } else {
                Effect::None
            }
        }
        Err(problem) => {
            form.error = Some(widgets::sentence(&problem));
            Effect::None
        }
    }
}

/// The desk's verdict on an edit: back to the check-in, showing it as it now stands (and the
/// person page under it read again); or the problem, inline.
pub(crate) fn edited(ws: &mut Workspace, result: Result<Checkin, String>) -> Effect {
    let Some(View::CheckinForm(form)) = ws.views.last_mut() else {
        return Effect::None;
    };
    form.busy = false;
    let checkin = match result {
        Ok(checkin) => checkin,
        Err(problem) => {
            form.error = Some(widgets::sentence(&problem));
            return Effect::None;
        }
    };
    ws.views.pop();
    ws.people.stale = true;
    for view in &mut ws.views {
        if let View::CheckinDetail(detail) = view
            && detail.checkin.id == checkin.id
        {
            detail.checkin = checkin.clone();
        }
    }
    ws.message = Some(crate::tui::state::Message::calm(format!(
        "Check-in {} is updated; the version before is kept.",
        checkin.id
    )));
    let id = checkin.employee_id;
    if ws.person_page().is_some_and(|p| p.employee_id() == id) {
        Effect::OpenPerson(id)
    } else {
        Effect::None
    }
}
