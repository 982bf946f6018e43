//! Adding a resource to the catalog, or editing one: its name, kind, contact, hours,
//! confidentiality and description, the stressors it helps with (named as the check-in form
//! names them) and whether it is a crisis line. Ctrl-S asks the desk, which checks the
//! fields and audits the change; a problem is shown until the field is put right.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::modal::{Confirmed, Modal};
use super::{Ctx, Reply};
use crate::domain::resources::Resource;
use crate::domain::stressors::StressorCatalog;
use crate::domain::text::sanitize;
use crate::policy;
use crate::tui::keymap::{
    BACKSPACE, CANCEL, CLEAR_FIELD, Command, Field, Key, NEXT_FIELD, PREV_FIELD, Q_CANCEL, SAVE,
};
use crate::tui::list::ListCursor;
use crate::tui::page::{Delivery, Page, Task};
use crate::tui::state::{Action, Effect, Message, State, User, View};
use crate::tui::theme::Meaning;
use crate::tui::widgets;

/// The resources page's key for a new resource (offered to those who keep the catalog).
pub(crate) const ADD: Command = Command::new(
    &[Key::ch('a')],
    "add",
    Action::OpenPage(crate::tui::page::Opener {
        name: "new resource",
        offered: keeps_catalog,
        open: |_, _| Reply::push(View::Page(Box::new(ResourceForm::new(None)))),
    }),
);

/// Whether the role on screen keeps the resource catalog (the policy table's answer).
pub(crate) fn keeps_catalog(user: &User) -> bool {
    user.may(policy::Action::ManageResources)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ResourceField {
    Id,
    Name,
    Kind,
    Contact,
    Hours,
    Confidentiality,
    Description,
    Crisis,
    HelpsWith,
}

const TEXT_FIELDS: [(ResourceField, &str); 7] = [
    (ResourceField::Id, "Id"),
    (ResourceField::Name, "Name"),
    (ResourceField::Kind, "Kind"),
    (ResourceField::Contact, "Contact"),
    (ResourceField::Hours, "Hours"),
    (ResourceField::Confidentiality, "Confidentiality"),
    (ResourceField::Description, "Description"),
];

/// One stressor category to tick, by the name the rest of the app uses.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Stressor {
    id: String,
    title: String,
    ticked: bool,
}

#[derive(Debug)]
pub(crate) struct ResourceForm {
    /// The resource as it was (editing), or `None` (adding).
    original: Option<Resource>,
    /// The fields as typed; `helps_with` is rebuilt from `stressors` on save.
    draft: Resource,
    stressors: Vec<Stressor>,
    cursor: ListCursor,
    focus: ResourceField,
    busy: bool,
    /// What stops it being saved, as the desk (or the same check here) says.
    error: Option<String>,
}

const SAVE_TASK: &str = "save a resource";

impl ResourceForm {
    pub(crate) fn new(original: Option<Resource>) -> Self {
        let draft = original.clone().unwrap_or(Resource {
            id: String::new(),
            name: String::new(),
            kind: String::new(),
            contact: String::new(),
            hours: String::new(),
            confidentiality: String::new(),
            description: String::new(),
            helps_with: Vec::new(),
            crisis: false,
            retired: false,
        });
        let stressors = StressorCatalog::builtin()
            .categories
            .iter()
            .map(|c| Stressor {
                id: c.id.clone(),
                title: c.title.clone(),
                ticked: draft.helps_with(&c.id),
            })
            .collect();
        Self {
            focus: if original.is_some() {
                ResourceField::Name
            } else {
                ResourceField::Id
            },
            original,
            draft,
            stressors,
            cursor: ListCursor::default(),
            busy: false,
            error: None,
        }
    }

    fn editing(&self) -> bool {
        self.original.is_some()
    }

    /// The fields one can move to: the id only while adding (an id never changes).
    fn fields(&self) -> Vec<ResourceField> {
        let mut all: Vec<ResourceField> = TEXT_FIELDS.iter().map(|(f, _)| *f).collect();
        if self.editing() {
            all.retain(|f| *f != ResourceField::Id);
        }
        all.extend([ResourceField::Crisis, ResourceField::HelpsWith]);
        all
    }

    fn move_focus(&mut self, step: isize) {
        let all = self.fields();
        let here = all.iter().position(|f| *f == self.focus).unwrap_or(0) as isize;
        self.focus = all[(here + step).rem_euclid(all.len() as isize) as usize];
    }

    fn text_mut(&mut self, field: ResourceField) -> Option<&mut String> {
        let d = &mut self.draft;
        Some(match field {
            ResourceField::Id => &mut d.id,
            ResourceField::Name => &mut d.name,
            ResourceField::Kind => &mut d.kind,
            ResourceField::Contact => &mut d.contact,
            ResourceField::Hours => &mut d.hours,
            ResourceField::Confidentiality => &mut d.confidentiality,
            ResourceField::Description => &mut d.description,
            ResourceField::Crisis | ResourceField::HelpsWith => return None,
        })
    }

    fn text(&self, field: ResourceField) -> &str {
        let d = &self.draft;
        match field {
            ResourceField::Id => &d.id,
            ResourceField::Name => &d.name,
            ResourceField::Kind => &d.kind,
            ResourceField::Contact => &d.contact,
            ResourceField::Hours => &d.hours,
            ResourceField::Confidentiality => &d.confidentiality,
            ResourceField::Description => &d.description,
            ResourceField::Crisis | ResourceField::HelpsWith => "",
        }
    }

    /// The resource as it would be stored: text trimmed, and the stressors ticked, a whole
    /// group by its id where every category in it is ticked.
    fn resource(&self) -> Resource {
        let catalog = StressorCatalog::builtin();
        let ticked = |id: &str| self.stressors.iter().any(|s| s.id == id && s.ticked);
        let mut helps_with = Vec::new();
        for group in &catalog.groups {
            let members: Vec<&str> = catalog
                .categories
                .iter()
                .filter(|c| c.group() == group.id)
                .map(|c| c.id.as_str())
                .collect();
            if !members.is_empty() && members.iter().all(|id| ticked(id)) {
                helps_with.push(group.id.clone());
            } else {
                helps_with.extend(
                    members
                        .into_iter()
                        .filter(|id| ticked(id))
                        .map(str::to_string),
                );
            }
        }
        let trim = |s: &str| s.trim().to_string();
        Resource {
            id: trim(&self.draft.id),
            name: trim(&self.draft.name),
            kind: trim(&self.draft.kind),
            contact: trim(&self.draft.contact),
            hours: trim(&self.draft.hours),
            confidentiality: trim(&self.draft.confidentiality),
            description: trim(&self.draft.description),
            helps_with,
            crisis: self.draft.crisis,
            retired: self.draft.retired,
        }
    }

    fn changed(&self) -> bool {
        match &self.original {
            Some(original) => {
                let now = self.resource();
                let mut before = original.clone();
                // Compare what the stressors mean, not how the list was spelt.
                before.helps_with = ResourceForm::new(Some(original.clone()))
                    .resource()
                    .helps_with;
                now != before
            }
            None => self.resource() != ResourceForm::new(None).resource(),
        }
    }

    /// After any change while a problem is shown: the same check again, so the line goes
    /// the moment the field is put right (and names what is still wrong).
    fn recheck(&mut self) {
        if self.error.is_some() {
            self.error = self
                .resource()
                .validate(&StressorCatalog::builtin())
                .err()
                .map(|e| format!("Not saved yet: {e}."));
        }
    }
}

static TEXT: [Command; 6] = [SAVE, NEXT_FIELD, CANCEL, PREV_FIELD, BACKSPACE, CLEAR_FIELD];
static CRISIS: [Command; 5] = [
    Command::new(&[Key::ch(' ')], "crisis line yes/no", Action::Toggle),
    SAVE,
    NEXT_FIELD,
    CANCEL,
    PREV_FIELD,
];
static HELPS: [Command; 10] = [
    Command::new(&[Key::ch(' ')], "tick", Action::Toggle),
    SAVE,
    NEXT_FIELD,
    CANCEL,
    PREV_FIELD,
    Q_CANCEL,
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
static BUSY: [Command; 0] = [];

/// Label column, and the rows above the stressor list (title, gap, seven fields, crisis, gap).
const LABEL: usize = 16;

struct FormLayout {
    title: Rect,
    fields: Rect,
    helps: Rect,
    error: Rect,
}

fn layout(area: Rect, form: &ResourceForm) -> FormLayout {
    let fields = u16::try_from(form.fields().len() - 1).unwrap_or(0);
    let [title, _, fields, helps, error] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(fields),
        Constraint::Fill(1),
        Constraint::Length(2),
    ])
    .areas(area);
    FormLayout {
        title,
        fields,
        helps,
        error,
    }
}

impl Page for ResourceForm {
    fn commands(&self, _: &User) -> Vec<&'static Command> {
        let list: &'static [Command] = match (self.busy, self.focus) {
            (true, _) => &BUSY,
            (false, ResourceField::Crisis) => &CRISIS,
            (false, ResourceField::HelpsWith) => &HELPS,
            (false, _) => &TEXT,
        };
        list.iter().collect()
    }

    fn field(&self) -> Option<Field> {
        match self.focus {
            _ if self.busy => None,
            ResourceField::Crisis | ResourceField::HelpsWith => None,
            _ => Some(Field::Text),
        }
    }

    fn update(&mut self, action: Action, ctx: &Ctx, _: &User) -> Reply {
        if self.busy {
            return Reply::none();
        }
        let areas = layout(ctx.page, self);
        match (action, self.focus) {
            (Action::Save, _) => return self.save(),
            (Action::NextField, _) => self.move_focus(1),
            (Action::PrevField, _) => self.move_focus(-1),
            (Action::Back, _) if self.changed() => {
                return Reply::modal(Modal::confirm(
                    "Discard these changes to the catalog? Nothing of them has been saved.".into(),
                    "discard",
                    Confirmed::Discard,
                ));
            }
            (Action::Back, _) => return Reply::back(),
            (Action::Toggle, ResourceField::Crisis) => {
                self.draft.crisis = !self.draft.crisis;
            }
            (Action::Toggle, ResourceField::HelpsWith) => {
                if let Some(s) = self.stressors.get_mut(self.cursor.selected) {
                    s.ticked = !s.ticked;
                }
            }
            (Action::Click { column, row }, ResourceField::HelpsWith)
                if areas.helps.contains(Position::new(column, row)) =>
            {
                let len = self.stressors.len();
                self.cursor
                    .select_row(usize::from(row - areas.helps.y), len);
            }
            (action, ResourceField::HelpsWith) => {
                let len = self.stressors.len();
                self.cursor
                    .navigate(&action, len, usize::from(areas.helps.height));
            }
            (Action::Type(c), field) => {
                if let Some(text) = self.text_mut(field) {
                    text.push(c);
                }
            }
            (Action::Backspace, field) => {
                if let Some(text) = self.text_mut(field) {
                    text.pop();
                }
            }
            (Action::ClearField, field) => {
                if let Some(text) = self.text_mut(field) {
                    text.clear();
                }
            }
            _ => {}
        }
        self.recheck();
        Reply::none()
    }

    fn apply(&mut self, delivery: Delivery, _: &Ctx) -> Reply {
        if delivery.name != SAVE_TASK {
            return Reply::none();
        }
        self.busy = false;
        match delivery.take::<String>() {
            Some(Ok(news)) => Reply {
                effect: Effect::LoadResources {
                    include_retired: true,
                },
                message: Some(Message::calm(news)),
                ..Reply::back()
            },
            // Kept as typed, to be put right.
            Some(Err(problem)) => {
                self.error = Some(format!("Not saved yet: {}", widgets::sentence(&problem)));
                Reply::none()
            }
            None => Reply::none(),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, state: &State, typing: bool) {
        let theme = state.theme;
        let width = usize::from(area.width);
        let areas = layout(area, self);
        let title = match &self.original {
            Some(r) => format!(
                "Edit a resource · {} ({})",
                sanitize(&r.name),
                sanitize(&r.id)
            ),
            None => "Add a resource to the catalog".to_string(),
        };
        frame.render_widget(
            Line::styled(
                widgets::truncate(&title, width),
                theme.style(Meaning::Title),
            ),
            areas.title,
        );
        let box_width = width.saturating_sub(2 + LABEL + 4).max(8);
        let mut lines = Vec::new();
        let mut cursor = None;
        for (field, label) in TEXT_FIELDS {
            if field == ResourceField::Id && self.editing() {
                continue;
            }
            let focused = self.focus == field;
            let (line, column) = widgets::input_line(
                label,
                LABEL,
                &sanitize(self.text(field)),
                box_width,
                focused,
                theme,
            );
            if focused {
                cursor = Some((column, lines.len()));
            }
            lines.push(line);
        }
        let crisis_focused = self.focus == ResourceField::Crisis;
        let label_style = if crisis_focused {
            theme.style(Meaning::Focus)
        } else {
            theme.style(Meaning::Text)
        };
        lines.push(Line::from(vec![
            Span::styled(if crisis_focused { "▶ " } else { "  " }, label_style),
            Span::styled(widgets::fit("Crisis line", LABEL), label_style),
            Span::raw(widgets::truncate(
                &format!(
                    "[{}] {}",
                    if self.draft.crisis { "x" } else { " " },
                    if self.draft.crisis {
                        "yes: on the help-now screen, never a referral target"
                    } else {
                        "no: a resource people are referred to"
                    }
                ),
                width.saturating_sub(2 + LABEL),
            )),
        ]));
        frame.render_widget(Paragraph::new(lines), areas.fields);
        if let Some((column, row)) = cursor
            && typing
        {
            frame.set_cursor_position(Position::new(
                areas.fields.x + column,
                areas.fields.y + u16::try_from(row).unwrap_or(0),
            ));
        }
        self.render_helps(frame, areas.helps, state);
        if let Some(error) = &self.error {
            let lines: Vec<Line> = widgets::wrap_words(error, width)
                .into_iter()
                .take(usize::from(areas.error.height))
                .map(|l| Line::styled(l, theme.style(Meaning::Alert)))
                .collect();
            frame.render_widget(Paragraph::new(lines), areas.error);
        }
    }
}

impl ResourceForm {
    fn save(&mut self) -> Reply {
        let resource = self.resource();
        // The same check the desk makes, so a problem shows before anything is sent.
        if let Err(problem) = resource.validate(&StressorCatalog::builtin()) {
            self.error = Some(format!("Not saved yet: {problem}."));
            return Reply::none();
        }
        self.busy = true;
        let editing = self.editing();
        Effect::Task(Task::write(SAVE_TASK, move |session| {
            let name = sanitize(&resource.name).into_owned();
            if editing {
                session.put_resource(&resource)?;
                Ok(format!("Saved your changes to {name}."))
            } else {
                session.add_resource(&resource)?;
                Ok(format!("Added {name} to the catalog."))
            }
        }))
        .into()
    }

    /// The stressors, two columns where there is room, ticked ones marked `[x]`.
    fn render_helps(&self, frame: &mut Frame, area: Rect, state: &State) {
        let theme = state.theme;
        let focused = self.focus == ResourceField::HelpsWith;
        let label_style = if focused {
            theme.style(Meaning::Focus)
        } else {
            theme.style(Meaning::Text)
        };
        let ticked = self.stressors.iter().filter(|s| s.ticked).count();
        let rows = usize::from(area.height);
        let below = self
            .stressors
            .len()
            .saturating_sub(self.cursor.offset + rows);
        let last = rows.saturating_sub(1);
        let mut lines = Vec::new();
        for (row, i) in self.cursor.window(self.stressors.len(), rows).enumerate() {
            let s = &self.stressors[i];
            let label = match row {
                0 => Span::styled(
                    format!(
                        "{}{}",
                        if focused { "▶ " } else { "  " },
                        widgets::fit("Helps with", LABEL)
                    ),
                    label_style,
                ),
                r if r == last && below > 0 => Span::styled(
                    format!("  {}", widgets::fit(&format!("↓ {below} more"), LABEL)),
                    theme.style(Meaning::Muted),
                ),
                1 => Span::styled(
                    format!("  {}", widgets::fit(&format!("{ticked} ticked"), LABEL)),
                    theme.style(Meaning::Muted),
                ),
                _ => Span::raw(" ".repeat(2 + LABEL)),
            };
            let current = focused && i == self.cursor.selected;
            let style = if current {
                theme.style(Meaning::Selected)
            } else {
                theme.style(Meaning::Text)
            };
            lines.push(Line::from(vec![
                label,
                Span::styled(
                    format!(
                        "{}[{}] {}",
                        if current { "› " } else { "  " },
                        if s.ticked { "x" } else { " " },
                        sanitize(&s.title)
                    ),
                    style,
                ),
            ]));
        }
        frame.render_widget(Paragraph::new(lines), area);
    }
}
