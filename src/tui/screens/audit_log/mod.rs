//! The audit log, for admins: the newest entries first, in words, a page at a time and
//! narrowed by who acted, the kind of action and the days; a check of the whole chain with
//! its progress, the checkpoint to keep elsewhere, and a check from a checkpoint typed in.
//! Reading and checking are the desk's (`Session::audit_log`, `verify_audit_watched`).

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub(crate) mod words;

use super::{Ctx, Reply};
use crate::desk::{AuditCheckpoint, AuditFilter, AuditKind, AuditLine, AuditLogPage, AuditReport};
use crate::domain::text::sanitize;
use crate::policy;
use crate::tui::keymap::{BACKSPACE, CLEAR_FIELD, Command, Field, Key};
use crate::tui::list::{self, ListCursor};
use crate::tui::page::{Delivery, Gauge, Loaded, Opener, Page, Task};
use crate::tui::state::{Action, Effect, Message, State, User, View};
use crate::tui::theme::Meaning;
use crate::tui::widgets;
use chrono::NaiveDate;
use words::{count, entry_words, local_days, parse_days};

/// Home's key for this page (offered to those who may read the audit log: admins).
pub(crate) const OPEN: Command = Command::new(
    &[Key::ch('T')],
    "audit log",
    Action::OpenPage(Opener {
        name: "audit log",
        offered: |user| user.may(policy::Action::ViewAudit),
        open: |_, _| {
            let page = AuditLog::default();
            Reply {
                effect: Effect::Task(page.load()),
                ..Reply::push(View::Page(Box::new(page)))
            }
        },
    }),
);

const READ: &str = "audit log";
const HEAD: &str = "audit checkpoint";
const VERIFY: &str = "audit check";

/// Entries read at a time: a page of the log, moved through with `n` and `p`.
pub(crate) const PAGE: usize = 200;

const KIND: &str = "kind";
const DAYS: &str = "days";
const VERIFY_ALL: &str = "verify";
const VERIFY_SINCE: &str = "verify since";
const OLDER: &str = "older";
const NEWER: &str = "newer";
const CLEAR: &str = "clear filters";

/// The footer's order: verifying first, the page's main work, then the filters.
static BROWSING: [Command; 9] = [
    Command::new(&[Key::ch('v')], "verify", Action::PageCommand(VERIFY_ALL)),
    Command::new(&[Key::ch('/')], "who", Action::StartFilter),
    Command::new(&[Key::ch('a')], "kind of action", Action::PageCommand(KIND)),
    Command::new(&[Key::ch('d')], "days", Action::PageCommand(DAYS)),
    Command::new(&[Key::ch('x')], "clear filters", Action::PageCommand(CLEAR)),
    Command::new(
        &[Key::ch('c')],
        "verify from a checkpoint",
        Action::PageCommand(VERIFY_SINCE),
    ),
    Command::new(&[Key::ch('n')], "older entries", Action::PageCommand(OLDER)),
    Command::new(&[Key::ch('p')], "newer entries", Action::PageCommand(NEWER)),
    list::BACK,
];

static EDITING: [Command; 4] = [
    Command::new(&[Key::code(KeyCode::Enter)], "apply", Action::Submit),
    Command::new(&[Key::code(KeyCode::Esc)], "cancel", Action::Back),
    BACKSPACE,
    CLEAR_FIELD,
];

/// What is being typed, and into which box.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Editing {
    /// Words of the actor's login or name.
    Who(String),
    /// One day, or the first and last day: `2026-06-01 2026-06-30`.
    Days(String),
    /// `SEQ:HASH`, as recorded from an earlier checkpoint.
    Checkpoint(String),
}

impl Editing {
    fn text(&mut self) -> &mut String {
        match self {
            Editing::Who(t) | Editing::Days(t) | Editing::Checkpoint(t) => t,
        }
    }
}

/// What a check found: all good, an entry of the chain that does not hold, or a record the
/// log does not vouch for.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Verdict {
    Good(AuditReport),
    Broken { seq: i64, reason: String },
    Tampered(String),
}

impl Verdict {
    /// A finding is an answer, not a failure of the check: only other errors stay errors.
    fn of(result: crate::desk::Result<AuditReport>) -> crate::desk::Result<Verdict> {
        match result {
            Ok(report) => Ok(Verdict::Good(report)),
            Err(crate::desk::Error::AuditBroken { seq, reason }) => {
                Ok(Verdict::Broken { seq, reason })
            }
            Err(crate::desk::Error::RecordTampered(what)) => Ok(Verdict::Tampered(what)),
            Err(other) => Err(other),
        }
    }
}

/// The check of the chain: not asked for, under way (its gauge moving), or its answer.
#[derive(Debug, Default)]
enum Check {
    #[default]
    NotRun,
    Running {
        since: Option<i64>,
    },
    Done {
        since: Option<i64>,
        result: Result<Verdict, String>,
    },
}

#[derive(Debug, Default)]
pub(crate) struct AuditLog {
    log: Loaded<AuditLogPage>,
    filter: AuditFilter,
    /// The first and last day typed, as the reader's days (the filter holds instants).
    days: Option<(NaiveDate, NaiveDate)>,
    /// Where the page read starts among the matching entries.
    offset: usize,
    cursor: ListCursor,
    editing: Option<Editing>,
    head: Loaded<Option<AuditCheckpoint>>,
    check: Check,
    gauge: Gauge,
}

impl AuditLog {
    fn load(&self) -> Task {
        let filter = self.filter.clone();
        let offset = self.offset;
        Task::read(READ, move |session| {
            session.audit_log(&filter, offset, PAGE)
        })
    }

    fn lines(&self) -> &[AuditLine] {
        self.log.ready().map_or(&[], |p| p.lines.as_slice())
    }

    /// Reads the first page again (a filter changed).
    fn reload(&mut self) -> Reply {
        self.offset = 0;
        self.cursor = ListCursor::default();
        self.log = Loaded::Loading;
        Effect::Task(self.load()).into()
    }

    fn verify(&mut self, checkpoint: Option<AuditCheckpoint>) -> Reply {
        self.check = Check::Running {
            since: checkpoint.as_ref().map(|c| c.seq),
        };
        Effect::Task(Task::read_watched(
            VERIFY,
            &self.gauge,
            move |session, progress| {
                Verdict::of(match &checkpoint {
                    None => session.verify_audit_watched(None, progress),
                    Some(cp) => session.verify_audit_since_watched(cp, progress),
                })
            },
        ))
        .into()
    }

    fn submit(&mut self, editing: Editing) -> Reply {
        match editing {
            Editing::Who(text) => {
                self.filter.actor = text.trim().to_string();
                self.reload()
            }
            Editing::Days(text) => match parse_days(&text) {
                Ok(days) => {
                    self.days = days;
                    let (from, until) = days.map_or((None, None), |(a, b)| local_days(a, b));
                    self.filter.from = from;
                    self.filter.until = until;
                    self.reload()
                }
                Err(problem) => {
                    self.editing = Some(Editing::Days(text));
                    Reply::say(Message::alert(problem))
                }
            },
            Editing::Checkpoint(text) => match text.parse::<AuditCheckpoint>() {
                Ok(cp) => self.verify(Some(cp)),
                Err(problem) => {
                    self.editing = Some(Editing::Checkpoint(text));
                    Reply::say(Message::alert(widgets::sentence(&problem)))
                }
            },
        }
    }

    /// The lines above the list: filters, the check, the checkpoint.
    fn header(&self, width: usize) -> Vec<(String, Meaning)> {
        let mut out = Vec::new();
        let title = match &self.log {
            Loaded::Ready(page) => {
                let counts = if page.matching == page.total {
                    format!("{} entries", widgets::thousands(page.total))
                } else {
                    format!(
                        "{} of {} entries match",
                        widgets::thousands(page.matching),
                        widgets::thousands(page.total)
                    )
                };
                // Where a page holds only part of them, which part.
                let part = if page.matching > page.lines.len() && !page.lines.is_empty() {
                    format!(
                        " (showing {}–{})",
                        widgets::thousands(page.offset + 1),
                        widgets::thousands(page.offset + page.lines.len())
                    )
                } else {
                    String::new()
                };
                format!("Audit log — {counts}, newest first{part}")
            }
            _ => "Audit log".to_string(),
        };
        out.push((title, Meaning::Title));
        let mut wrap = |text: String, meaning: Meaning| {
            for line in widgets::wrap_words(&text, width.max(1)) {
                out.push((line, meaning));
            }
        };
        wrap(self.filter_words(), Meaning::Muted);
        match &self.editing {
            Some(Editing::Who(t)) => wrap(format!("Who (login or name): {t}"), Meaning::Selected),
            Some(Editing::Days(t)) => wrap(
                format!("Days (one, or first and last, YYYY-MM-DD): {t}"),
                Meaning::Selected,
            ),
            Some(Editing::Checkpoint(t)) => wrap(
                format!("Checkpoint recorded earlier (SEQ:HASH): {t}"),
                Meaning::Selected,
            ),
            None => {}
        }
        let (text, meaning) = self.check_words();
        wrap(text, meaning);
        match &self.head {
            Loaded::Ready(Some(cp)) => {
                wrap(
                    "Checkpoint to copy — record it somewhere outside this host (on paper, or another machine); checking from it later shows whether the log was rewritten or cut short:".into(),
                    Meaning::Text,
                );
                // Whole, over as many lines as it takes (a magnifier's 40 columns): it is
                // there to be copied. The hash is hex digits, one column each.
                let checkpoint: Vec<char> = format!("{}:{}", cp.seq, cp.hash).chars().collect();
                for piece in checkpoint.chunks(width.max(1)) {
                    out.push((piece.iter().collect(), Meaning::Title));
                }
            }
            Loaded::Ready(None) => wrap(
                "The log is empty: no checkpoint yet.".into(),
                Meaning::Muted,
            ),
            Loaded::Loading => {}
            Loaded::Failed(reason) => wrap(
                format!("The checkpoint could not be read: {}", sanitize(reason)),
                Meaning::Alert,
            ),
        }
        out
    }

    fn filter_words(&self) -> String {
        let f = &self.filter;
        let mut parts = Vec::new();
        if !f.actor.is_empty() {
            parts.push(format!("who: {}", sanitize(&f.actor)));
        }
        if let Some(kind) = f.kind {
            parts.push(format!("kind: {}", kind.label()));
        }
        match self.days {
            Some((a, b)) if a == b => parts.push(format!("on {a}")),
            Some((a, b)) => parts.push(format!("from {a} to {b}")),
            None => {}
        }
        if parts.is_empty() {
            "Showing every entry (no filter).".into()
        } else {
            format!("Showing only {}.", parts.join("; "))
        }
    }

    fn check_words(&self) -> (String, Meaning) {
        match &self.check {
            Check::NotRun => (
                "Not checked in this visit: v checks every entry and every audited record.".into(),
                Meaning::Muted,
            ),
            Check::Running { .. } => {
                let reading = self.gauge.reading();
                let percent = reading
                    .percent()
                    .map_or_else(String::new, |p| format!(" {p} %"));
                let stage = if reading.stage.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", reading.stage.to_lowercase())
                };
                (format!("Checking…{percent}{stage}"), Meaning::Text)
            }
            Check::Done {
                since: Some(seq),
                result: Ok(Verdict::Good(report)),
            } if report.verified == 0 => (
                format!(
                    "✓ Checkpoint {seq} is still in the log as it was, and nothing was added since."
                ),
                Meaning::Text,
            ),
            Check::Done {
                since,
                result: Ok(Verdict::Good(report)),
            } => {
                let from = match since {
                    Some(seq) => format!(" since checkpoint {seq}"),
                    None => String::new(),
                };
                (
                    format!(
                        "✓ All good{from}: {} and {} check out — each entry is linked, signed by a key the log gave, and every record matches what was audited.",
                        count(
                            usize::try_from(report.verified).unwrap_or(0),
                            "entry",
                            "entries"
                        ),
                        count(
                            usize::try_from(report.rows_checked).unwrap_or(0),
                            "record",
                            "records"
                        )
                    ),
                    Meaning::Text,
                )
            }
            Check::Done {
                result: Ok(Verdict::Broken { seq, reason }),
                ..
            } => (
                format!(
                    "✗ Entry {seq} of the log does not check out: {}. The log was changed or cut short outside steady (or the checkpoint is not from this log). {AFTER_A_FINDING}",
                    sanitize(reason).trim_end_matches('.')
                ),
                Meaning::Alert,
            ),
            Check::Done {
                result: Ok(Verdict::Tampered(what)),
                ..
            } => (
                format!(
                    "✗ A record does not match the log: {}. Only someone holding the vault's key can do that. {AFTER_A_FINDING}",
                    sanitize(what).trim_end_matches('.')
                ),
                Meaning::Alert,
            ),
            Check::Done {
                result: Err(problem),
                ..
            } => (
                format!("The check could not be run: {}", widgets::sentence(problem)),
                Meaning::Alert,
            ),
        }
    }
}

/// What an admin does after a finding.
const AFTER_A_FINDING: &str =
    "Restore the vault from a backup you trust, and keep this copy for whoever looks into it.";

/// Rows at the foot of the page that show the selected entry in full.
const DETAIL_ROWS: u16 = 3;

/// The list's rows below the header, above the selected entry in full.
fn list_area(area: Rect, header: usize) -> Rect {
    let skip = u16::try_from(header + 1).unwrap_or(u16::MAX);
    Rect {
        y: area.y.saturating_add(skip),
        height: area.height.saturating_sub(skip).saturating_sub(DETAIL_ROWS),
        ..area
    }
}

/// The rows under the list where the selected entry reads in full, wrapped.
fn detail_area(area: Rect, header: usize) -> Rect {
    let list = list_area(area, header);
    Rect {
        y: list.y.saturating_add(list.height),
        height: DETAIL_ROWS.min(area.height.saturating_sub(list.y - area.y + list.height)),
        ..area
    }
}

impl Page for AuditLog {
    fn commands(&self, _: &User) -> Vec<&'static Command> {
        if self.editing.is_some() {
            return EDITING.iter().collect();
        }
        let page = self.log.ready();
        let older = page.is_some_and(|p| p.offset + p.lines.len() < p.matching);
        let newer = self.offset > 0;
        let filtered = self.filter != AuditFilter::default();
        let running = matches!(self.check, Check::Running { .. });
        BROWSING
            .iter()
            .filter(|c| match c.action {
                Action::PageCommand(OLDER) => older,
                Action::PageCommand(NEWER) => newer,
                Action::PageCommand(CLEAR) => filtered,
                Action::PageCommand(VERIFY_ALL | VERIFY_SINCE) => !running,
                _ => true,
            })
            .chain(list::LIST_MOVES.iter())
            .collect()
    }

    fn field(&self) -> Option<Field> {
        match self.editing {
            Some(Editing::Checkpoint(_)) => Some(Field::Text),
            Some(_) => Some(Field::Filter),
            None => None,
        }
    }

    fn update(&mut self, action: Action, ctx: &Ctx, _: &User) -> Reply {
        if let Some(editing) = &mut self.editing {
            return match action {
                Action::Type(c) => {
                    editing.text().push(c);
                    Reply::none()
                }
                Action::Backspace => {
                    editing.text().pop();
                    Reply::none()
                }
                Action::ClearField => {
                    editing.text().clear();
                    Reply::none()
                }
                Action::Back => {
                    self.editing = None;
                    Reply::none()
                }
                Action::Submit => match self.editing.take() {
                    Some(editing) => self.submit(editing),
                    None => Reply::none(),
                },
                _ => Reply::none(),
            };
        }
        let header = self.header(usize::from(ctx.page.width)).len();
        let rows = usize::from(list_area(ctx.page, header).height);
        if self.cursor.navigate(&action, self.lines().len(), rows) {
            return Reply::none();
        }
        match action {
            Action::Back => Reply::back(),
            Action::StartFilter => {
                self.editing = Some(Editing::Who(self.filter.actor.clone()));
                Reply::none()
            }
            Action::PageCommand(KIND) => {
                // Round the kinds, then back to every kind.
                self.filter.kind = match self.filter.kind {
                    None => AuditKind::ALL.first().copied(),
                    Some(kind) => AuditKind::ALL
                        .iter()
                        .skip_while(|k| **k != kind)
                        .nth(1)
                        .copied(),
                };
                self.reload()
            }
            Action::PageCommand(DAYS) => {
                let shown = self
                    .days
                    .map_or_else(String::new, |(a, b)| format!("{a} {b}"));
                self.editing = Some(Editing::Days(shown));
                Reply::none()
            }
            Action::PageCommand(CLEAR) => {
                self.filter = AuditFilter::default();
                self.days = None;
                self.reload()
            }
            Action::PageCommand(VERIFY_ALL) => self.verify(None),
            Action::PageCommand(VERIFY_SINCE) => {
                self.editing = Some(Editing::Checkpoint(String::new()));
                Reply::none()
            }
            Action::PageCommand(OLDER) => {
                if let Some(page) = self.log.ready()
                    && page.offset + page.lines.len() < page.matching
                {
                    self.offset = page.offset + page.lines.len();
                    self.cursor = ListCursor::default();
                    return Effect::Task(self.load()).into();
                }
                Reply::none()
            }
            Action::PageCommand(NEWER) if self.offset > 0 => {
                self.offset = self.offset.saturating_sub(PAGE);
                self.cursor = ListCursor::default();
                Effect::Task(self.load()).into()
            }
            _ => Reply::none(),
        }
    }

    fn apply(&mut self, delivery: Delivery, _: &Ctx) -> Reply {
        match delivery.name {
            READ => {
                if let Some(result) = delivery.take::<AuditLogPage>() {
                    let loaded = Loaded::from(result);
                    if let Loaded::Ready(page) = &loaded {
                        self.cursor.clamp(page.lines.len());
                    }
                    self.log = loaded;
                }
                // The checkpoint follows the log: read it with the first page.
                if matches!(self.head, Loaded::Loading) {
                    return Effect::Task(Task::read(HEAD, |s| s.audit_head())).into();
                }
                Reply::none()
            }
            HEAD => {
                if let Some(result) = delivery.take::<Option<AuditCheckpoint>>() {
                    self.head = Loaded::from(result);
                }
                Reply::none()
            }
            VERIFY => {
                let Some(result) = delivery.take::<Verdict>() else {
                    return Reply::none();
                };
                let since = match self.check {
                    Check::Running { since } => since,
                    _ => None,
                };
                // The checkpoint to copy is now one just checked; the log may have grown.
                let reread = if let Ok(Verdict::Good(report)) = &result {
                    self.head = Loaded::Ready(report.head.clone());
                    Effect::Task(self.load()).into()
                } else {
                    Reply::none()
                };
                self.check = Check::Done { since, result };
                reread
            }
            _ => Reply::none(),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, state: &State, typing: bool) {
        let theme = state.theme;
        let width = usize::from(area.width);
        let header = self.header(width);
        let mut lines: Vec<Line> = header
            .iter()
            .map(|(text, meaning)| Line::styled(widgets::fit(text, width), theme.style(*meaning)))
            .collect();
        if typing && self.editing.is_some() {
            // The box being typed in is the header's selected line; the cursor ends it.
            if let Some(row) = header.iter().rposition(|(_, m)| *m == Meaning::Selected) {
                let x = header[row].0.chars().count().min(width);
                frame.set_cursor_position(Position::new(
                    area.x.saturating_add(u16::try_from(x).unwrap_or(u16::MAX)),
                    area.y
                        .saturating_add(u16::try_from(row).unwrap_or(u16::MAX)),
                ));
            }
        }
        lines.push(Line::raw(""));
        frame.render_widget(Paragraph::new(lines), area);
        let rows = list_area(area, header.len());
        let page = match &self.log {
            Loaded::Loading => {
                frame.render_widget(Line::styled("Loading…", theme.style(Meaning::Muted)), rows);
                return;
            }
            Loaded::Failed(reason) => {
                let text = format!("The log could not be read: {}", sanitize(reason));
                frame.render_widget(
                    Paragraph::new(
                        widgets::wrap_words(&text, width.max(1))
                            .into_iter()
                            .map(|l| Line::styled(l, theme.style(Meaning::Alert)))
                            .collect::<Vec<_>>(),
                    ),
                    rows,
                );
                return;
            }
            Loaded::Ready(page) => page,
        };
        if page.lines.is_empty() {
            frame.render_widget(
                Line::styled(
                    "No entry matches these filters.",
                    theme.style(Meaning::Muted),
                ),
                rows,
            );
            return;
        }
        let shown = self
            .cursor
            .window(page.lines.len(), usize::from(rows.height));
        let mut out = Vec::new();
        for i in shown {
            let selected = i == self.cursor.selected;
            let marker = if selected { "▶ " } else { "  " };
            let text = format!("{marker}{}", entry_words(&page.lines[i]));
            let meaning = if selected {
                Meaning::Selected
            } else {
                Meaning::Text
            };
            out.push(Line::styled(
                widgets::truncate(&text, width),
                theme.style(meaning),
            ));
        }
        frame.render_widget(Paragraph::new(out), rows);
        if let Some(line) = page.lines.get(self.cursor.selected) {
            let full = format!("Entry {}: {}", line.seq, entry_words(line));
            let detail = detail_area(area, header.len());
            let mut wrapped = widgets::wrap_words(&full, width.max(1));
            let room = usize::from(detail.height);
            if wrapped.len() > room && room > 0 {
                wrapped.truncate(room);
                if let Some(last) = wrapped.last_mut() {
                    *last = widgets::truncate(&format!("{last} …"), width);
                }
            }
            let lines: Vec<Line> = wrapped
                .into_iter()
                .map(|l| Line::styled(l, theme.style(Meaning::Muted)))
                .collect();
            frame.render_widget(Paragraph::new(lines), detail);
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
