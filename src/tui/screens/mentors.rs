//! Mentor pairing, for admins: the roster (filtered by what is typed) with each person's
//! mentors; `a` pairs the selected person with an account holding the mentor role, chosen
//! by name, and `u` ends a pairing after a confirmation. The desk checks and audits both
//! (`assign_mentor`, `unassign_mentor`).

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::modal::{Confirmed, Modal};
use super::{Ctx, Reply};
use crate::desk::MentorBoard;
use crate::domain::Person;
use crate::domain::text::sanitize;
use crate::policy;
use crate::tui::keymap::{BACKSPACE, CLEAR_FIELD, Command, Field, Key};
use crate::tui::list::{self, ListCursor};
use crate::tui::page::{Deferred, Delivery, Loaded, Opener, Page, Task};
use crate::tui::state::{Action, Effect, Message, State, User, View};
use crate::tui::theme::Meaning;
use crate::tui::widgets;

/// Home's key for this page (offered to those who pair mentors: admins).
pub(crate) const OPEN: Command = Command::new(
    &[Key::ch('M')],
    "mentors",
    Action::OpenPage(Opener {
        name: "mentors",
        offered: |user| user.may(policy::Action::AssignMentor),
        open: |_, _| Reply {
            effect: Effect::Task(load()),
            ..Reply::push(View::Page(Box::new(Mentors::default())))
        },
    }),
);

const READ: &str = "mentor pairings";
const PAIR: &str = "pair a mentor";
const UNPAIR: &str = "end a mentor pairing";

const ASSIGN: &str = "assign";
const END: &str = "end";

fn load() -> Task {
    Task::read(READ, |session| session.mentor_board())
}

/// Picking a mentor for the selected person: to pair, or (from their mentors) to unpair.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Picking {
    ending: bool,
    /// The logins offered, in order, and the one selected.
    logins: Vec<String>,
    cursor: ListCursor,
}

#[derive(Debug, Default)]
pub(crate) struct Mentors {
    board: Loaded<MentorBoard>,
    filter: String,
    typing: bool,
    /// Indices into the roster that match the filter.
    shown: Vec<usize>,
    cursor: ListCursor,
    picking: Option<Picking>,
}

static BROWSING: [Command; 5] = [
    Command::new(&[Key::ch('/')], "filter", Action::StartFilter),
    Command::new(
        &[Key::ch('a')],
        "assign a mentor",
        Action::PageCommand(ASSIGN),
    ),
    Command::new(&[Key::ch('u')], "end a pairing", Action::PageCommand(END)),
    Command::new(
        &[Key::code(KeyCode::Esc)],
        "clear filter",
        Action::ClearFilter,
    ),
    list::BACK,
];

static FILTERING: [Command; 4] = [
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
    BACKSPACE,
    CLEAR_FIELD,
];

static PICKING: [Command; 2] = [
    Command::new(&[Key::code(KeyCode::Enter)], "choose", Action::Submit),
    Command::new(&[Key::code(KeyCode::Esc)], "cancel", Action::Back),
];

/// Whether every word typed is found in the person's name, id or unit ("olga black" finds
/// "Blackwood, Olga").
fn matches(person: &Person, filter: &str) -> bool {
    let haystack =
        format!("{}\n{}\n{}", person.name, person.employee_id, person.unit).to_lowercase();
    filter
        .to_lowercase()
        .split_whitespace()
        .all(|w| haystack.contains(w))
}

impl Mentors {
    fn people(&self) -> &[Person] {
        self.board.ready().map_or(&[], |b| b.people.as_slice())
    }

    /// Filters the roster again, keeping the selected person selected if they still show.
    fn refilter(&mut self) {
        let selected = self.selected().map(|p| p.employee_id.clone());
        let filter = self.filter.clone();
        self.shown = self
            .people()
            .iter()
            .enumerate()
            .filter(|(_, p)| matches(p, &filter))
            .map(|(i, _)| i)
            .collect();
        let people = self.people();
        let kept = selected.and_then(|id| {
            self.shown
                .iter()
                .position(|i| people.get(*i).is_some_and(|p| p.employee_id == id))
        });
        match kept {
            Some(at) => self.cursor.selected = at,
            None => self.cursor = ListCursor::default(),
        }
        self.cursor.clamp(self.shown.len());
    }

    fn selected(&self) -> Option<&Person> {
        let i = *self.shown.get(self.cursor.selected)?;
        self.people().get(i)
    }

    /// The header above the list: the title, and the filter or the picker's question.
    fn header(&self) -> Vec<(String, Meaning)> {
        let mut out = Vec::new();
        let title = match &self.board {
            Loaded::Ready(b) => format!(
                "Mentors — {}; {} people on the roster, {} shown",
                match b.pairs.len() {
                    1 => "1 pairing".to_string(),
                    n => format!("{} pairings", widgets::thousands(n)),
                },
                widgets::thousands(b.people.len()),
                widgets::thousands(self.shown.len())
            ),
            _ => "Mentors".into(),
        };
        out.push((title, Meaning::Title));
        if self.typing || !self.filter.is_empty() {
            out.push((
                format!("Filter: {}", sanitize(&self.filter)),
                Meaning::Selected,
            ));
        } else {
            out.push((
                "/ filters by name, employee id or unit.".into(),
                Meaning::Muted,
            ));
        }
        out
    }

    fn mentor_words(&self, person: &Person) -> String {
        let Some(board) = self.board.ready() else {
            return String::new();
        };
        let mentors: Vec<String> = board
            .mentors_of(&person.employee_id)
            .into_iter()
            .map(|m| sanitize(&board.mentor_label(m)).into_owned())
            .collect();
        if mentors.is_empty() {
            "no mentor".into()
        } else {
            format!("mentor: {}", mentors.join("; "))
        }
    }

    fn start_picking(&mut self, ending: bool) -> Reply {
        let Some(person) = self.selected() else {
            return Reply::none();
        };
        let Some(board) = self.board.ready() else {
            return Reply::none();
        };
        let current: Vec<String> = board
            .mentors_of(&person.employee_id)
            .into_iter()
            .map(str::to_string)
            .collect();
        let logins: Vec<String> = if ending {
            current
        } else {
            board
                .mentors
                .iter()
                .map(|(login, _)| login.clone())
                .filter(|l| !current.contains(l))
                .collect()
        };
        if logins.is_empty() {
            let name = sanitize(&person.name).into_owned();
            return Reply::say(Message::calm(if ending {
                format!("{name} has no mentor to unpair.")
            } else if board.mentors.is_empty() {
                "No account holds the mentor role yet: give someone the role first.".to_string()
            } else {
                format!("Every mentor already mentors {name}.")
            }));
        }
        self.picking = Some(Picking {
            ending,
            logins,
            cursor: ListCursor::default(),
        });
        Reply::none()
    }

    fn chosen(&mut self, picking: Picking) -> Reply {
        let (Some(person), Some(login)) = (
            self.selected().cloned(),
            picking.logins.get(picking.cursor.selected).cloned(),
        ) else {
            return Reply::none();
        };
        let label = self
            .board
            .ready()
            .map_or_else(|| login.clone(), |b| b.mentor_label(&login));
        let employee = person.employee_id.clone();
        if picking.ending {
            Reply::modal(Modal::confirm(
                format!(
                    "End the pairing of {} with {}? They stop seeing {}'s mentoring prompts; their check-ins stay.",
                    sanitize(&person.name),
                    sanitize(&label),
                    sanitize(&person.name)
                ),
                "end it",
                Confirmed::Run(Deferred::new(Task::write(UNPAIR, move |s| {
                    s.unassign_mentor(&login, &employee)?;
                    Ok(format!("{label} no longer mentors {}.", person.name))
                }))),
            ))
        } else {
            Effect::Task(Task::write(PAIR, move |s| {
                s.assign_mentor(&login, &employee)?;
                Ok(format!("{label} now mentors {}.", person.name))
            }))
            .into()
        }
    }
}

fn list_area(area: Rect, header: usize) -> Rect {
    let skip = u16::try_from(header + 1).unwrap_or(u16::MAX);
    Rect {
        y: area.y.saturating_add(skip),
        height: area.height.saturating_sub(skip),
        ..area
    }
}

impl Page for Mentors {
    fn commands(&self, _: &User) -> Vec<&'static Command> {
        if self.picking.is_some() {
            return PICKING.iter().chain(list::LIST_MOVES.iter()).collect();
        }
        if self.typing {
            return FILTERING.iter().collect();
        }
        let selected = self.selected().is_some();
        BROWSING
            .iter()
            .filter(|c| match c.action {
                Action::ClearFilter => !self.filter.is_empty(),
                Action::PageCommand(_) => selected,
                _ => true,
            })
            .chain(list::LIST_MOVES.iter())
            .collect()
    }

    fn field(&self) -> Option<Field> {
        (self.typing && self.picking.is_none()).then_some(Field::Filter)
    }

    fn update(&mut self, action: Action, ctx: &Ctx, _: &User) -> Reply {
        if let Some(picking) = &mut self.picking {
            let rows = usize::from(ctx.page.height).saturating_sub(3);
            if picking.cursor.navigate(&action, picking.logins.len(), rows) {
                return Reply::none();
            }
            return match action {
                Action::Back => {
                    self.picking = None;
                    Reply::none()
                }
                Action::Submit => match self.picking.take() {
                    Some(picking) => self.chosen(picking),
                    None => Reply::none(),
                },
                _ => Reply::none(),
            };
        }
        if self.typing {
            match action {
                Action::Type(c) => self.filter.push(c),
                Action::Backspace => {
                    self.filter.pop();
                }
                Action::ClearField => self.filter.clear(),
                Action::FinishFilter => self.typing = false,
                Action::ClearFilter => {
                    self.filter.clear();
                    self.typing = false;
                }
                _ => return Reply::none(),
            }
            self.refilter();
            return Reply::none();
        }
        let rows = usize::from(list_area(ctx.page, self.header().len()).height) / 2;
        if self.cursor.navigate(&action, self.shown.len(), rows) {
            return Reply::none();
        }
        match action {
            Action::Back => Reply::back(),
            Action::StartFilter => {
                self.typing = true;
                Reply::none()
            }
            Action::ClearFilter => {
                self.filter.clear();
                self.refilter();
                Reply::none()
            }
            Action::PageCommand(ASSIGN) => self.start_picking(false),
            Action::PageCommand(END) => self.start_picking(true),
            _ => Reply::none(),
        }
    }

    fn apply(&mut self, delivery: Delivery, _: &Ctx) -> Reply {
        match delivery.name {
            READ => {
                if let Some(result) = delivery.take::<MentorBoard>() {
                    let selected = self.selected().map(|p| p.employee_id.clone());
                    self.board = Loaded::from(result);
                    self.refilter();
                    // The same person stays selected after a change.
                    if let Some(id) = selected
                        && let Some(at) = self.shown.iter().position(|i| {
                            self.people().get(*i).is_some_and(|p| p.employee_id == id)
                        })
                    {
                        self.cursor.selected = at;
                    }
                }
                Reply::none()
            }
            PAIR | UNPAIR => match delivery.take::<String>() {
                Some(Ok(news)) => Reply {
                    effect: Effect::Task(load()),
                    message: Some(Message::calm(sanitize(&news).into_owned())),
                    ..Reply::none()
                },
                Some(Err(problem)) => Reply::say(Message::alert(widgets::sentence(&problem))),
                None => Reply::none(),
            },
            _ => Reply::none(),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, state: &State, typing: bool) {
        let theme = state.theme;
        let width = usize::from(area.width);
        let header = self.header();
        let lines: Vec<Line> = header
            .iter()
            .map(|(t, m)| Line::styled(widgets::fit(t, width), theme.style(*m)))
            .collect();
        frame.render_widget(Paragraph::new(lines), area);
        if typing && self.typing && self.picking.is_none() {
            let x = header[1].0.chars().count().min(width);
            frame.set_cursor_position(Position::new(
                area.x.saturating_add(u16::try_from(x).unwrap_or(u16::MAX)),
                area.y.saturating_add(1),
            ));
        }
        let rows = list_area(area, header.len());
        let board = match &self.board {
            Loaded::Loading => {
                frame.render_widget(Line::styled("Loading…", theme.style(Meaning::Muted)), rows);
                return;
            }
            Loaded::Failed(reason) => {
                frame.render_widget(
                    Line::styled(
                        widgets::truncate(
                            &format!("The pairings could not be read: {}", sanitize(reason)),
                            width,
                        ),
                        theme.style(Meaning::Alert),
                    ),
                    rows,
                );
                return;
            }
            Loaded::Ready(board) => board,
        };
        if let Some(picking) = &self.picking {
            let who = self.selected().map(|p| sanitize(&p.name).into_owned());
            let question = if picking.ending {
                format!("Which pairing of {} ends?", who.unwrap_or_default())
            } else {
                format!("Who will mentor {}?", who.unwrap_or_default())
            };
            let mut out = vec![Line::styled(
                widgets::truncate(&question, width),
                theme.style(Meaning::Title),
            )];
            let shown = picking.cursor.window(
                picking.logins.len(),
                usize::from(rows.height).saturating_sub(1),
            );
            for i in shown {
                let selected = i == picking.cursor.selected;
                let text = format!(
                    "{}{}",
                    if selected { "▶ " } else { "  " },
                    sanitize(&board.mentor_label(&picking.logins[i]))
                );
                out.push(Line::styled(
                    widgets::truncate(&text, width),
                    theme.style(if selected {
                        Meaning::Selected
                    } else {
                        Meaning::Text
                    }),
                ));
            }
            frame.render_widget(Paragraph::new(out), rows);
            return;
        }
        if self.shown.is_empty() {
            frame.render_widget(
                Line::styled("No one on the roster matches.", theme.style(Meaning::Muted)),
                rows,
            );
            return;
        }
        // Two lines a person: who they are, then their mentors.
        let window = self
            .cursor
            .window(self.shown.len(), usize::from(rows.height) / 2);
        let mut out = Vec::new();
        for at in window {
            let Some(person) = self.people().get(self.shown[at]) else {
                continue;
            };
            let selected = at == self.cursor.selected;
            let head = format!(
                "{}{} ({}) · {}",
                if selected { "▶ " } else { "  " },
                sanitize(&person.name),
                sanitize(&person.employee_id),
                sanitize(&person.unit)
            );
            let meaning = if selected {
                Meaning::Selected
            } else {
                Meaning::Text
            };
            out.push(Line::styled(
                widgets::truncate(&head, width),
                theme.style(meaning),
            ));
            out.push(Line::styled(
                widgets::truncate(&format!("    {}", self.mentor_words(person)), width),
                theme.style(Meaning::Muted),
            ));
        }
        frame.render_widget(Paragraph::new(out), rows);
    }
}

#[cfg(test)]
#[path = "mentors_tests.rs"]
mod tests;
