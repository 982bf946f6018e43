//! The resource catalog, crisis lines first; coordinators add one, edit one (the form in
//! `resource_form`), retire one after confirming, or restore it. This page only asks the desk.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::modal::{Confirmed, Modal};
use super::resource_form;
use super::{Ctx, Reply};
use crate::domain::Role;
use crate::domain::resources::Resource;
use crate::domain::text::sanitize;
use crate::tui::keymap::{Command, Key};
use crate::tui::list::{self, ListCursor};
use crate::tui::record::helps_with_titles;
use crate::tui::state::{Action, Effect, Message, State, User, View, Workspace};
use crate::tui::theme::Meaning;
use crate::tui::widgets;

#[derive(Debug)]
pub(crate) struct ResourcesPage {
    pub list: Vec<Resource>,
    pub cursor: ListCursor,
}

/// The desk's answer to `LoadResources`: fresh data for the page already open, or a new page.
pub(crate) fn opened(ws: &mut Workspace, list: Vec<Resource>) {
    if let Some(View::Resources(page)) = ws.views.last_mut() {
        page.list = list;
        let len = page.list.len();
        page.cursor.clamp(len);
        return;
    }
    ws.views.push(View::Resources(Box::new(ResourcesPage {
        list,
        cursor: ListCursor::default(),
    })));
}

/// Rows per resource: name, contact and hours, confidentiality, what it helps with, a gap.
const BLOCK: usize = 5;

static COMMANDS: [Command; 5] = [
    resource_form::ADD,
    Command::new(&[Key::ch('e')], "edit", Action::Edit),
    Command::new(&[Key::ch('x')], "retire", Action::Retire),
    Command::new(&[Key::ch('u')], "restore", Action::Restore),
    list::BACK,
];

/// Only coordinators keep the catalog: add, edit, retire what is active, restore what is
/// retired.
pub(crate) fn commands(page: &ResourcesPage, user: &User) -> Vec<&'static Command> {
    let coordinator = user.role == Role::Coordinator;
    let retired = page.list.get(page.cursor.selected).map(|r| r.retired);
    COMMANDS
        .iter()
        .chain(list::LIST_MOVES.iter())
        .filter(|c| match c.action {
            Action::OpenPage(opener) => (opener.offered)(user),
            Action::Edit => resource_form::keeps_catalog(user) && retired.is_some(),
            Action::Retire => coordinator && retired == Some(false),
            Action::Restore => coordinator && retired == Some(true),
            _ => true,
        })
        .collect()
}

fn list_area(area: Rect) -> Rect {
    let [_, _, rows] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(area);
    rows
}

pub(crate) fn update(page: &mut ResourcesPage, action: Action, ctx: &Ctx, user: &User) -> Reply {
    let rows = list_area(ctx.page);
    let len = page.list.len();
    if page
        .cursor
        .navigate(&action, len, usize::from(rows.height) / BLOCK)
    {
        return Reply::none();
    }
    match action {
        Action::Back => Reply::back(),
        Action::Click { column, row } if rows.contains(Position::new(column, row)) => {
            page.cursor
                .select_row(usize::from(row - rows.y) / BLOCK, len);
            Reply::none()
        }
        Action::Edit if resource_form::keeps_catalog(user) => {
            match page.list.get(page.cursor.selected) {
                Some(r) => Reply::push(View::Page(Box::new(resource_form::ResourceForm::new(
                    Some(r.clone()),
                )))),
                None => Reply::none(),
            }
        }
        Action::Retire if user.role == Role::Coordinator => {
            match page.list.get(page.cursor.selected) {
                Some(r) if r.retired => Reply::say(Message::calm(format!(
                    "{} is already retired.",
                    sanitize(&r.name)
                ))),
                Some(r) => Reply::modal(Modal::confirm(
                    format!(
                        "Retire {}? It stays on the referrals that name it, but is no longer suggested or offered.",
                        sanitize(&r.name)
                    ),
                    "retire",
                    Confirmed::Retire { id: r.id.clone() },
                )),
                None => Reply::none(),
            }
        }
        Action::Restore if user.role == Role::Coordinator => {
            match page.list.get(page.cursor.selected) {
                Some(r) if r.retired => Effect::RestoreResource(r.id.clone()).into(),
                _ => Reply::none(),
            }
        }
        _ => Reply::none(),
    }
}

fn block(r: &Resource) -> [String; 4] {
    let mut name = format!("{} · {}", sanitize(&r.name), sanitize(&r.kind));
    if r.crisis {
        name.push_str(" · on the help-now screen");
    }
    if r.retired {
        name.push_str(" · retired");
    }
    let helps = if r.helps_with.is_empty() {
        format!("For: {}", sanitize(&r.description))
    } else {
        format!("Helps with: {}", helps_with_titles(r).join(", "))
    };
    [
        name,
        format!("{} · {}", sanitize(&r.contact), sanitize(&r.hours)),
        sanitize(&r.confidentiality).into_owned(),
        helps,
    ]
}

pub(crate) fn render(frame: &mut Frame, area: Rect, state: &State, page: &ResourcesPage) {
    let theme = state.theme;
    let width = usize::from(area.width);
    let crisis = page.list.iter().filter(|r| r.crisis).count();
    frame.render_widget(
        Line::styled(
            match crisis {
                0 => format!("Resources ({})", widgets::thousands(page.list.len())),
                1 => format!(
                    "Resources ({}) — the crisis line first",
                    widgets::thousands(page.list.len())
                ),
                n => format!(
                    "Resources ({}) — the {n} crisis lines first",
                    widgets::thousands(page.list.len())
                ),
            },
            theme.style(Meaning::Title),
        ),
        area,
    );
    let rows = list_area(area);
    if page.list.is_empty() {
        frame.render_widget(
            Line::styled("The catalog is empty.", theme.style(Meaning::Muted)),
            rows,
        );
        return;
    }
    let shown = page
        .cursor
        .window(page.list.len(), usize::from(rows.height) / BLOCK);
    let mut lines = Vec::new();
    for i in shown {
        let r = &page.list[i];
        let selected = i == page.cursor.selected;
        let [name, contact, confidentiality, helps] = block(r);
        let (marker, head) = if selected {
            ("▶ ", Meaning::Selected)
        } else {
            (
                "  ",
                if r.retired {
                    Meaning::Muted
                } else {
                    Meaning::Title
                },
            )
        };
        lines.push(Line::styled(
            widgets::fit(&format!("{marker}{name}"), width),
            theme.style(head),
        ));
        for (text, meaning) in [
            (contact, Meaning::Text),
            (confidentiality, Meaning::Muted),
            (helps, Meaning::Muted),
        ] {
            lines.push(Line::styled(
                widgets::truncate(&format!("    {text}"), width),
                theme.style(meaning),
            ));
        }
        lines.push(Line::raw(""));
    }
    frame.render_widget(Paragraph::new(lines), rows);
}
