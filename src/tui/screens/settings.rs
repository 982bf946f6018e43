//! The vault's settings, for admins: each with its value, its default and what it means;
//! Enter changes the selected one in place (the desk checks the value, and audits the
//! change). A page of its own (`tui::page`): this file, its `mod` line and home's key.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{Ctx, Reply};
use crate::desk::{SettingChange, SettingView};
use crate::domain::text::sanitize;
use crate::policy;
use crate::tui::keymap::{BACKSPACE, CLEAR_FIELD, Command, Field, Key};
use crate::tui::list::{self, ListCursor};
use crate::tui::page::{Delivery, Loaded, Opener, Page, Task};
use crate::tui::state::{Action, Effect, Message, State, User, View};
use crate::tui::theme::Meaning;
use crate::tui::widgets;

/// Home's key for this page (offered to the admin role alone).
pub(crate) const OPEN: Command = Command::new(
    &[Key::ch('V')],
    "vault settings",
    Action::OpenPage(Opener {
        name: "vault settings",
        offered: |user| user.may(policy::Action::ConfigureVault),
        open: |_, _| Reply {
            effect: Effect::Task(load()),
            ..Reply::push(View::Page(Box::new(Settings::default())))
        },
    }),
);

const READ: &str = "vault settings";
const SAVE: &str = "change a vault setting";

fn load() -> Task {
    Task::read(READ, |session| session.settings())
}

/// A setting's meaning as it is shown: wrapped, indented, never cut.
fn meaning_lines(setting: &SettingView, width: usize) -> Vec<String> {
    let meaning = widgets::sentence(&sanitize(&setting.meaning));
    widgets::wrap_words(&meaning, width.saturating_sub(4).max(1))
        .into_iter()
        .map(|line| format!("    {line}"))
        .collect()
}

/// Lines each setting takes at `width`: its name and value, its meaning, a gap (the
/// longest meaning sets it for all, so a row on screen is always the same setting's).
fn block(list: &[SettingView], width: usize) -> usize {
    2 + list
        .iter()
        .map(|s| meaning_lines(s, width).len())
        .max()
        .unwrap_or(1)
}

#[derive(Debug, Default)]
pub(crate) struct Settings {
    settings: Loaded<Vec<SettingView>>,
    cursor: ListCursor,
    /// The new value being typed for the selected setting.
    editing: Option<String>,
}

impl Settings {
    fn list(&self) -> &[SettingView] {
        self.settings.ready().map_or(&[], Vec::as_slice)
    }

    fn selected(&self) -> Option<&SettingView> {
        self.list().get(self.cursor.selected)
    }
}

static BROWSING: [Command; 2] = [
    Command::new(&[Key::code(KeyCode::Enter)], "change", Action::Open),
    list::BACK,
];

static EDITING: [Command; 4] = [
    Command::new(&[Key::code(KeyCode::Enter)], "save", Action::Submit),
    Command::new(&[Key::code(KeyCode::Esc)], "cancel", Action::Back),
    BACKSPACE,
    CLEAR_FIELD,
];

/// Where the settings are listed: below the title and a blank line.
fn rows(area: Rect) -> Rect {
    Rect {
        y: area.y.saturating_add(2),
        height: area.height.saturating_sub(2),
        ..area
    }
}

impl Page for Settings {
    fn commands(&self, _: &User) -> Vec<&'static Command> {
        if self.editing.is_some() {
            return EDITING.iter().collect();
        }
        BROWSING
            .iter()
            .filter(|c| c.action != Action::Open || self.selected().is_some())
            .chain(list::LIST_MOVES.iter())
            .collect()
    }

    fn field(&self) -> Option<Field> {
        self.editing.as_ref().map(|_| Field::Text)
    }

    fn update(&mut self, action: Action, ctx: &Ctx, _: &User) -> Reply {
        let area = rows(ctx.page);
        let len = self.list().len();
        let block = block(self.list(), usize::from(area.width));
        if let Some(text) = &mut self.editing {
            return match action {
                Action::Type(c) => {
                    text.push(c);
                    Reply::none()
                }
                Action::Backspace => {
                    text.pop();
                    Reply::none()
                }
                Action::ClearField => {
                    text.clear();
                    Reply::none()
                }
                Action::Back => {
                    self.editing = None;
                    Reply::none()
                }
                Action::Submit => {
                    let value = text.trim().to_string();
                    match self.selected() {
                        Some(setting) => {
                            let key = setting.key.clone();
                            Effect::Task(Task::write(SAVE, move |session| {
                                session.set_setting(&key, &value)
                            }))
                            .into()
                        }
                        None => Reply::none(),
                    }
                }
                _ => Reply::none(),
            };
        }
        if self
            .cursor
            .navigate(&action, len, usize::from(area.height) / block)
        {
            return Reply::none();
        }
        match action {
            Action::Back => Reply::back(),
            Action::Click { column, row } if area.contains(Position::new(column, row)) => {
                self.cursor
                    .select_row(usize::from(row - area.y) / block, len);
                Reply::none()
            }
            Action::Open => {
                if let Some(setting) = self.selected() {
                    self.editing = Some(setting.value.clone());
                }
                Reply::none()
            }
            _ => Reply::none(),
        }
    }

    fn apply(&mut self, delivery: Delivery, _: &Ctx) -> Reply {
        match delivery.name {
            READ => {
                if let Some(result) = delivery.take::<Vec<SettingView>>() {
                    let loaded = Loaded::from(result);
                    if let Loaded::Ready(list) = &loaded {
                        self.cursor.clamp(list.len());
                    }
                    self.settings = loaded;
                }
                Reply::none()
            }
            SAVE => match delivery.take::<SettingChange>() {
                Some(Ok(change)) => {
                    self.editing = None;
                    let news = if change.changed {
                        format!(
                            "Saved: {} is now {} (it was {}).",
                            sanitize(&change.key),
                            sanitize(&change.to),
                            sanitize(&change.from)
                        )
                    } else {
                        format!(
                            "{} was {} already.",
                            sanitize(&change.key),
                            sanitize(&change.to)
                        )
                    };
                    Reply {
                        effect: Effect::Task(load()),
                        message: Some(Message::calm(news)),
                        ..Reply::none()
                    }
                }
                // The value stays in the box, to be put right.
                Some(Err(problem)) => Reply::say(Message::alert(widgets::sentence(&problem))),
                None => Reply::none(),
            },
            _ => Reply::none(),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, state: &State, typing: bool) {
        let theme = state.theme;
        let width = usize::from(area.width);
        frame.render_widget(
            Line::styled(
                widgets::truncate("Vault settings — for every account in this vault", width),
                theme.style(Meaning::Title),
            ),
            area,
        );
        let rows = rows(area);
        let list = match &self.settings {
            Loaded::Loading => {
                let line = Line::styled("Loading…", theme.style(Meaning::Muted));
                frame.render_widget(line, rows);
                return;
            }
            Loaded::Failed(reason) => {
                let text = format!("The settings could not be read: {}", sanitize(reason));
                let lines: Vec<Line> = widgets::wrap_words(&text, width)
                    .into_iter()
                    .map(|l| Line::styled(l, theme.style(Meaning::Alert)))
                    .collect();
                frame.render_widget(Paragraph::new(lines), rows);
                return;
            }
            Loaded::Ready(list) => list,
        };
        let block = block(list, width);
        let shown = self
            .cursor
            .window(list.len(), usize::from(rows.height) / block);
        let mut lines = Vec::new();
        let mut cursor_at = None;
        for i in shown {
            let setting = &list[i];
            let selected = i == self.cursor.selected;
            let marker = if selected { "▶ " } else { "  " };
            let value = match (&self.editing, selected) {
                (Some(text), true) => {
                    let head = format!("{marker}{}: new value ", sanitize(&setting.key));
                    let x = (head.chars().count() + text.chars().count()).min(width);
                    cursor_at = Some((lines.len(), x));
                    format!("{head}{}", sanitize(text))
                }
                _ if setting.set => format!(
                    "{marker}{}: {} (default {})",
                    sanitize(&setting.key),
                    sanitize(&setting.value),
                    sanitize(&setting.default)
                ),
                _ => format!(
                    "{marker}{}: {} (the default)",
                    sanitize(&setting.key),
                    sanitize(&setting.value)
                ),
            };
            let head = if selected {
                Meaning::Selected
            } else {
                Meaning::Title
            };
            lines.push(Line::styled(widgets::fit(&value, width), theme.style(head)));
            let meaning = meaning_lines(setting, width);
            let gap = block - 1 - meaning.len();
            lines.extend(
                meaning
                    .into_iter()
                    .map(|line| Line::styled(line, theme.style(Meaning::Muted))),
            );
            lines.extend(std::iter::repeat_n(Line::raw(""), gap));
        }
        frame.render_widget(Paragraph::new(lines), rows);
        if let Some((line, x)) = cursor_at
            && typing
        {
            let x = u16::try_from(x).unwrap_or(u16::MAX);
            let y = u16::try_from(line).unwrap_or(u16::MAX);
            frame.set_cursor_position(Position::new(
                rows.x.saturating_add(x),
                rows.y.saturating_add(y),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::KeyModifiers;

    use super::*;
    use crate::tui::tests::{key, key_with, render};
    use crate::tui::workflow_tests::{ADMIN, SUPERVISOR, paths_of, unlock, workflow};

    #[test]
    fn an_admin_changes_the_smallest_group_from_the_app_and_the_desk_audits_it() {
        let mut w = workflow(|_| {});
        w.log_in(ADMIN);
        w.press(key(KeyCode::Char('V')));
        assert!(w.top().is_some_and(|v| v.page::<Settings>().is_some()));
        let page = w.text();
        assert!(page.contains("report.min_k: 5 (the default)"), "{page}");
        assert!(page.contains("The fewest distinct people"), "{page}");
        insta::assert_snapshot!("settings_admin_80x24", render(&w.app.state).backend());
        w.resize(120, 36);
        insta::assert_snapshot!("settings_admin_120x36", render(&w.app.state).backend());
        w.resize(80, 24);

        // Enter puts the value in a box; a value below the floor is refused, and stays.
        w.press(key(KeyCode::Enter));
        w.press(key_with(KeyCode::Char('u'), KeyModifiers::CONTROL));
        w.type_text("2");
        w.press(key(KeyCode::Enter));
        let refused = w.flat();
        assert!(refused.contains("new value 2"), "{refused}");
        assert!(refused.contains("fewer than 3 people"), "{refused}");

        w.press(key(KeyCode::Backspace));
        w.type_text("7");
        w.press(key(KeyCode::Enter));
        let saved = w.flat();
        assert!(
            saved.contains("Saved: report.min_k is now 7 (it was 5)"),
            "{saved}"
        );
        assert!(saved.contains("report.min_k: 7 (default 5)"), "{saved}");

        // The change is the vault's, through the desk, with its audit entry.
        let admin = unlock(&paths_of(&w), ADMIN);
        assert_eq!(admin.report_min_k().unwrap().get(), 7);
        let entries = admin.audit_entries(5).unwrap();
        assert!(
            entries
                .iter()
                .any(|e| e.action == "config.set" && e.detail.contains("5 → 7")),
            "{entries:?}"
        );

        // Esc cancels an edit; a second Esc leaves the page.
        w.press(key(KeyCode::Enter));
        w.type_text("9");
        w.press(key(KeyCode::Esc));
        assert!(
            w.flat().contains("report.min_k: 7 (default 5)"),
            "{}",
            w.flat()
        );
        w.press(key(KeyCode::Esc));
        assert!(w.top().is_none(), "{}", w.text());
    }

    #[test]
    fn the_lock_minutes_set_here_are_stored_audited_and_lock_the_app_after_the_next_login() {
        use crate::tui::state::Screen;
        use crate::tui::tests::{NOW, clock_at};
        let mut w = workflow(|_| {});
        w.log_in(ADMIN);
        w.press(key(KeyCode::Char('V')));
        assert!(
            w.flat().contains("app.lock_minutes: 15 (the default)"),
            "{}",
            w.flat()
        );
        w.press(key(KeyCode::Down));
        w.press(key(KeyCode::Enter));
        w.press(key_with(KeyCode::Char('u'), KeyModifiers::CONTROL));
        // Outside 1 to 60 minutes: refused, with the range.
        for bad in ["0", "61"] {
            w.type_text(bad);
            w.press(key(KeyCode::Enter));
            assert!(w.flat().contains("from 1 to 60"), "{}", w.flat());
            w.press(key_with(KeyCode::Char('u'), KeyModifiers::CONTROL));
        }
        w.type_text("5");
        w.press(key(KeyCode::Enter));
        assert!(
            w.flat()
                .contains("Saved: app.lock_minutes is now 5 (it was 15)"),
            "{}",
            w.flat()
        );
        let admin = unlock(&paths_of(&w), ADMIN);
        assert_eq!(admin.lock_minutes().unwrap(), 5);
        assert!(
            admin
                .audit_entries(3)
                .unwrap()
                .iter()
                .any(|e| e.action == "config.set" && e.detail == "app.lock_minutes 15 → 5")
        );

        // Someone logs in: their app locks after 5 idle minutes, not 15.
        w.press(key(KeyCode::Char('L')));
        w.app.state.clock = clock_at(NOW + 60);
        w.log_in(SUPERVISOR);
        assert_eq!(w.app.state.lock_minutes, 5);
        let idle = |w: &mut crate::tui::workflow_tests::Workflow, secs: i64| {
            w.app.state.clock = clock_at(NOW + 60 + secs);
            w.app.dispatch(Action::Tick, |_| Ok::<(), ()>(())).unwrap();
        };
        idle(&mut w, 5 * 60 - 1);
        assert!(matches!(w.app.state.screen, Screen::Workspace(_)));
        idle(&mut w, 5 * 60);
        assert!(
            matches!(w.app.state.screen, Screen::Login(_)),
            "{}",
            w.text()
        );
        assert!(w.flat().contains("5 minutes"), "{}", w.flat());
    }

    #[test]
    fn the_settings_page_is_offered_to_admins_alone() {
        let mut w = workflow(|_| {});
        w.log_in(SUPERVISOR);
        w.press(key(KeyCode::Char('V')));
        assert!(w.top().is_none(), "a supervisor opened: {}", w.text());

        // The page itself asks: an opener sent on another role's screen opens nothing.
        let supervisor = User {
            login: SUPERVISOR.0.into(),
            roles: crate::domain::Roles::new([crate::domain::Role::Supervisor]),
            role: crate::domain::Role::Supervisor,
        };
        let Action::OpenPage(opener) = OPEN.action else {
            panic!("the key opens a page");
        };
        assert!(!(opener.offered)(&supervisor));
    }

    #[test]
    fn a_failed_read_says_why_on_the_page() {
        let mut page = Settings::default();
        let area = Rect::new(0, 1, 80, 21);
        let ctx = Ctx {
            body: area,
            page: area,
            today: chrono::NaiveDate::default(),
            crisis_lines: 0,
        };
        page.apply(
            Delivery::of::<Vec<SettingView>>(READ, Err("the vault is locked; log in again".into())),
            &ctx,
        );
        assert_eq!(
            page.settings,
            Loaded::Failed("the vault is locked; log in again".into())
        );
        assert!(
            page.commands(&User {
                login: "a".into(),
                roles: crate::domain::Roles::new([crate::domain::Role::Admin]),
                role: crate::domain::Role::Admin,
            })
            .iter()
            .all(|c| c.action != Action::Open)
        );
    }
}
