//! The coordinator's inbox: self-checks employees shared with them, a positive safety item
//! first (marked in words), then newest; Enter opens one to its answers and result. The desk
//! opens the seals with the coordinator's key and audits each read; this only asks.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::selfcheck::catalog;
use super::selfcheck_reading::SelfCheckReading;
use super::{Ctx, Reply};
use crate::desk::{SharedInbox, SharedReading, SharedSelfCheck};
use crate::domain::Roles;
use crate::domain::dates::parse_date;
use crate::domain::text::sanitize;
use crate::instruments::reading::{band_words, short_name};
use crate::policy::{self, Relation};
use crate::tui::keymap::{Command, Key};
use crate::tui::list::{self, ListCursor};
use crate::tui::page::{Delivery, Loaded, Opener, Page, Task};
use crate::tui::record::day;
use crate::tui::state::{Action, Effect, Message, State, User, View};
use crate::tui::theme::Meaning;
use crate::tui::widgets;

/// Whether the role on screen reads self-checks others shared (the policy table's answer).
pub(crate) fn reads_shared(user: &User) -> bool {
    policy::permits(
        &Roles::new([user.role]),
        policy::Action::ReadSelfCheck,
        Relation::default(),
    )
}

/// Home's key for the inbox (offered to the roles that read shared self-checks). Out of the
/// footer, which has no room left at 80 columns: home's notice line names it, with the count.
pub(crate) const OPEN: Command = Command::quiet(
    &[Key::ch('i')],
    "shared self-checks (inbox)",
    Action::OpenPage(Opener {
        name: "shared self-checks",
        offered: reads_shared,
        open: |_, _| Reply {
            effect: Effect::Task(load()),
            ..Reply::push(View::Page(Box::new(SharedSelfChecks::default())))
        },
    }),
);

const LIST: &str = "self-checks shared with you";
const READ: &str = "read a shared self-check";
const DENIED: &str = "self-checks are read by their owner and, when shared, by the wellness \
                      coordinators; this role cannot read them";

fn load() -> Task {
    Task::read_or(LIST, Some(DENIED), |session| session.shared_inbox())
}

#[derive(Debug, Default)]
pub(crate) struct SharedSelfChecks {
    inbox: Loaded<SharedInbox>,
    cursor: ListCursor,
}

impl SharedSelfChecks {
    fn checks(&self) -> &[SharedSelfCheck] {
        self.inbox.ready().map_or(&[], |i| i.checks.as_slice())
    }

    fn selected(&self) -> Option<&SharedSelfCheck> {
        self.checks().get(self.cursor.selected)
    }
}

/// "Okafor, Rita (E4)"; the login where the owner is not on the roster.
fn owner_words(check: &SharedSelfCheck) -> String {
    let name = check
        .person_name
        .as_deref()
        .unwrap_or(check.record.owner.as_str());
    match &check.employee_id {
        Some(id) => format!("{} ({})", sanitize(name), sanitize(id)),
        None => sanitize(name).into_owned(),
    }
}

fn instrument_words(id: &str) -> String {
    catalog()
        .ok()
        .and_then(|c| c.get(id))
        .map_or_else(|| sanitize(id).into_owned(), short_name)
}

fn taken_words(taken_on: &str) -> String {
    parse_date(taken_on).map_or_else(|_| sanitize(taken_on).into_owned(), day)
}

/// Column widths: the safety mark, instrument, date, new; the band and the person share the
/// rest (the band gives way, down to 12, so a name fits at 80 columns).
const SAFETY: usize = 8;
const CHECK: usize = 6;
const TAKEN: usize = 11;
const BAND: usize = 17;
const NEW: usize = 3;
const SAFETY_WORDS: &str = "● safety";
const NAME: usize = 24;
/// Below this width a row is the safety mark and the person only.
const NARROW_BELOW: usize = 60;

/// (person, band) widths at `width`.
fn widths(width: usize) -> (usize, usize) {
    let rest = width.saturating_sub(SAFETY + CHECK + TAKEN + NEW + 5 * 2);
    let band = rest.saturating_sub(NAME).clamp(12, BAND);
    (rest.saturating_sub(band).max(10), band)
}

/// "● safety  Okafor, Rita (E4)  PHQ-9   2 Jul 2026  moderately severe  new".
pub(crate) fn row_text(check: &SharedSelfCheck, width: usize) -> String {
    let (person, band) = widths(width);
    let safety = if check.score.safety_item_endorsed {
        SAFETY_WORDS
    } else {
        ""
    };
    if width < NARROW_BELOW {
        // A magnifier's 40 columns: the safety mark and the person whole, the rest on the
        // reading's page.
        return format!(
            "{}  {}",
            widgets::fit(safety, SAFETY),
            widgets::fit(&owner_words(check), width.saturating_sub(SAFETY + 2))
        );
    }
    format!(
        "{}  {}  {}  {}  {}  {}",
        widgets::fit(safety, SAFETY),
        widgets::fit(&owner_words(check), person),
        widgets::fit(&instrument_words(&check.score.instrument), CHECK),
        widgets::fit(&taken_words(&check.record.taken_on), TAKEN),
        widgets::fit(&band_words(&check.score.band), band),
        if check.new { "new" } else { "" }
    )
}

static COMMANDS: [Command; 2] = [
    Command::new(&[Key::code(KeyCode::Enter)], "read", Action::Open),
    list::BACK,
];

/// Where the rows are: below the title, a blank line and the column names; the notes under.
fn rows(area: Rect) -> Rect {
    let [_, _, _, rows] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(area);
    rows
}

impl Page for SharedSelfChecks {
    fn commands(&self, _: &User) -> Vec<&'static Command> {
        COMMANDS
            .iter()
            .filter(|c| c.action != Action::Open || self.selected().is_some())
            .chain(list::LIST_MOVES.iter())
            .collect()
    }

    fn update(&mut self, action: Action, ctx: &Ctx, _: &User) -> Reply {
        let area = rows(ctx.page);
        let len = self.checks().len();
        if self.cursor.navigate(&action, len, usize::from(area.height)) {
            return Reply::none();
        }
        match action {
            Action::Back => Reply::back(),
            Action::Click { column, row } if area.contains(Position::new(column, row)) => {
                self.cursor.select_row(usize::from(row - area.y), len);
                Reply::none()
            }
            Action::Open => match self.selected() {
                Some(check) => {
                    let id = check.record.id;
                    Effect::Task(Task::read_or(READ, Some(DENIED), move |session| {
                        session.read_shared_self_check(id)
                    }))
                    .into()
                }
                None => Reply::none(),
            },
            _ => Reply::none(),
        }
    }

    fn apply(&mut self, delivery: Delivery, _: &Ctx) -> Reply {
        match delivery.name {
            LIST => {
                if let Some(result) = delivery.take::<SharedInbox>() {
                    let keep = self.selected().map(|c| c.record.id);
                    self.inbox = Loaded::from(result);
                    let checks = self.checks();
                    if let Some(at) =
                        keep.and_then(|id| checks.iter().position(|c| c.record.id == id))
                    {
                        self.cursor.selected = at;
                    }
                    let len = self.checks().len();
                    self.cursor.clamp(len);
                }
                Reply::none()
            }
            READ => match delivery.take::<SharedReading>() {
                Some(Ok(reading)) => {
                    let id = reading.check.record.id;
                    let mut owner = None;
                    if let Loaded::Ready(inbox) = &mut self.inbox
                        && let Some(check) = inbox.checks.iter_mut().find(|c| c.record.id == id)
                    {
                        check.new = false;
                        owner = Some(owner_words(check));
                    }
                    let owner = owner.unwrap_or_else(|| {
                        let name = reading
                            .person_name
                            .as_deref()
                            .unwrap_or(reading.check.record.owner.as_str());
                        sanitize(name).into_owned()
                    });
                    Reply::push(View::Page(Box::new(SelfCheckReading::shared(
                        reading.check,
                        owner,
                    ))))
                }
                // Withdrawn since the list was read, perhaps: say so, and read the list again.
                Some(Err(problem)) => Reply {
                    effect: Effect::Task(load()),
                    message: Some(Message::alert(widgets::sentence(&problem))),
                    ..Reply::none()
                },
                None => Reply::none(),
            },
            _ => Reply::none(),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, state: &State, _: bool) {
        let theme = state.theme;
        let width = usize::from(area.width);
        let [title, _, heading, _] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(area);
        let rows = rows(area);
        let note = |text: &str, meaning: Meaning| {
            Paragraph::new(
                widgets::wrap_words(text, width)
                    .into_iter()
                    .map(|l| Line::styled(l, theme.style(meaning)))
                    .collect::<Vec<_>>(),
            )
        };
        let inbox = match &self.inbox {
            Loaded::Loading => {
                frame.render_widget(
                    Line::styled("Self-checks shared with you", theme.style(Meaning::Title)),
                    title,
                );
                return frame.render_widget(note("Loading…", Meaning::Muted), rows);
            }
            Loaded::Failed(reason) => {
                frame.render_widget(
                    Line::styled("Self-checks shared with you", theme.style(Meaning::Title)),
                    title,
                );
                let text = format!(
                    "The shared self-checks could not be read: {}",
                    widgets::sentence(reason)
                );
                return frame.render_widget(note(&text, Meaning::Alert), rows);
            }
            Loaded::Ready(inbox) => inbox,
        };
        let new = inbox.checks.iter().filter(|c| c.new).count();
        let safety = inbox
            .checks
            .iter()
            .filter(|c| c.score.safety_item_endorsed)
            .count();
        let mut counts = vec![widgets::thousands(inbox.checks.len())];
        if new > 0 {
            counts.push(format!("{} new", widgets::thousands(new)));
        }
        if safety > 0 {
            counts.push(format!("{} with a safety item", widgets::thousands(safety)));
        }
        frame.render_widget(
            Line::styled(
                widgets::truncate(
                    &format!(
                        "Self-checks shared with you ({}) — safety items first, then newest",
                        counts.join(", ")
                    ),
                    width,
                ),
                theme.style(Meaning::Title),
            ),
            title,
        );
        let mut notes = Vec::new();
        if inbox.not_sealed_to_you > 0 {
            notes.push(format!(
                "{} shared before your key existed, so not sealed to you; their owners can share them again.",
                widgets::count(
                    u64::try_from(inbox.not_sealed_to_you).unwrap_or(u64::MAX),
                    "self-check was",
                    "self-checks were"
                )
            ));
        }
        if inbox.unverified > 0 {
            notes.push(format!(
                "{} could not be verified as their owners', so not shown.",
                widgets::count(
                    u64::try_from(inbox.unverified).unwrap_or(u64::MAX),
                    "self-check",
                    "self-checks"
                )
            ));
        }
        if inbox.checks.is_empty() {
            let mut text =
                "No self-check is shared with you. When an employee shares one, it appears here."
                    .to_string();
            for n in &notes {
                text.push(' ');
                text.push_str(n);
            }
            return frame.render_widget(note(&text, Meaning::Muted), rows);
        }
        let inner = width.saturating_sub(2);
        let (person, band) = widths(inner);
        let columns = if inner < NARROW_BELOW {
            format!("  {}  Person", widgets::fit("Safety", SAFETY))
        } else {
            format!(
                "  {}  {}  {}  {}  {}  {}",
                widgets::fit("Safety", SAFETY),
                widgets::fit("Person", person),
                widgets::fit("Check", CHECK),
                widgets::fit("Taken", TAKEN),
                widgets::fit("Band", band),
                "New"
            )
        };
        frame.render_widget(
            Line::styled(
                widgets::truncate(&columns, width),
                theme.style(Meaning::Muted),
            ),
            heading,
        );
        let note_lines: Vec<String> = notes
            .iter()
            .flat_map(|n| widgets::wrap_words(n, width))
            .collect();
        let list_height = usize::from(rows.height).saturating_sub(note_lines.len());
        let mut lines: Vec<Line> = self
            .cursor
            .window(inbox.checks.len(), list_height)
            .map(|i| {
                let check = &inbox.checks[i];
                let selected = i == self.cursor.selected;
                let marker = if selected { "▶ " } else { "  " };
                let meaning = match (selected, check.score.safety_item_endorsed) {
                    (true, _) => Meaning::Selected,
                    (false, true) => Meaning::Alert,
                    (false, false) => Meaning::Text,
                };
                Line::styled(
                    widgets::fit(&format!("{marker}{}", row_text(check, inner)), width),
                    theme.style(meaning),
                )
            })
            .collect();
        lines.extend(
            note_lines
                .into_iter()
                .map(|l| Line::styled(l, theme.style(Meaning::Muted))),
        );
        frame.render_widget(Paragraph::new(lines), rows);
    }
}
