//! Small questions over a page: "Discard this check-in?", the outcome picker for closing a
//! referral, and one-line answers (a note, a date). They ask; the answer becomes a reply.

use chrono::{Duration, NaiveDate};
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Margin, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{Ctx, Nav, Reply};
use crate::domain::dates::{format_date, parse_date};
use crate::domain::prompt::snooze_cap_days;
use crate::domain::referral::{Change, Outcome, Status};
use crate::domain::text::sanitize;
use crate::rules::Severity;
use crate::tui::keymap::{BACKSPACE, CLEAR_FIELD, Command, Field, Key};
use crate::tui::state::{Action, Effect};
use crate::tui::theme::{Meaning, Theme};
use crate::tui::widgets;

/// What a "yes" goes on to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Confirmed {
    /// Leave the form (or the self-check) on screen without saving it.
    Discard,
    /// Leave the app.
    Quit,
    Retire {
        id: String,
    },
    DeleteSelfCheck {
        id: i64,
    },
    ShareSelfCheck {
        id: i64,
    },
    /// Run a page's task (the page in front receives what it brings back).
    Run(crate::tui::page::Deferred),
}

#[derive(Debug)]
pub(crate) struct Confirm {
    pub question: String,
    /// What "yes" does, in a word or two ("discard", "withdraw").
    pub yes: &'static str,
    pub then: Confirmed,
}

#[derive(Debug)]
pub(crate) struct OutcomePicker {
    pub referral_id: i64,
    pub selected: usize,
}

impl OutcomePicker {
    pub(crate) fn new(referral_id: i64) -> Self {
        Self {
            referral_id,
            selected: 0,
        }
    }
}

/// What a one-line answer goes on to do.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Asked {
    /// Acknowledge a prompt with the note (which must say something).
    Acknowledge { prompt_id: i64 },
    /// Snooze a prompt until the date typed (within the severity's cap), then ask why.
    Snooze { prompt_id: i64, severity: Severity },
    /// Snooze a prompt until `until` for the reason typed (which must say something).
    SnoozeReason { prompt_id: i64, until: NaiveDate },
    /// Change a referral's status, with the note (which may be empty).
    ReferralChange { id: i64, change: Change },
}

/// A question answered in one line: a short note or a date.
#[derive(Debug)]
pub(crate) struct Ask {
    pub title: &'static str,
    pub question: String,
    pub label: &'static str,
    pub text: String,
    pub field: Field,
    /// What Enter does, in a word or two ("acknowledge", "snooze").
    pub yes: &'static str,
    pub then: Asked,
    /// Why the last Enter did not go through.
    pub problem: Option<String>,
}

/// A note is short: a line, not a record (the desk allows longer, but this is a prompt).
const NOTE_CHARS: usize = 300;

impl Ask {
    pub(crate) fn note(
        title: &'static str,
        question: String,
        yes: &'static str,
        then: Asked,
    ) -> Self {
        Self {
            title,
            question,
            label: "Note",
            text: String::new(),
            field: Field::Text,
            yes,
            then,
            problem: None,
        }
    }

    pub(crate) fn date(
        title: &'static str,
        question: String,
        label: &'static str,
        default: String,
        yes: &'static str,
        then: Asked,
    ) -> Self {
        Self {
            title,
            question,
            label,
            text: default,
            field: Field::Date,
            yes,
            then,
            problem: None,
        }
    }

    /// What Enter leads to (an effect, or the next question), or what is wrong with the
    /// answer.
    fn answer(&self, today: NaiveDate) -> Result<Reply, String> {
        let text = self.text.trim().to_string();
        match &self.then {
            Asked::Acknowledge { .. } if text.is_empty() => {
                Err("A few words, please: what was done, or why nothing is needed.".into())
            }
            Asked::Acknowledge { prompt_id } => Ok(Effect::AcknowledgePrompt {
                id: *prompt_id,
                note: text,
                on: today,
            }
            .into()),
            Asked::Snooze {
                prompt_id,
                severity,
            } => {
                let until = parse_date(&text)?;
                if until <= today {
                    return Err("Choose a day after today.".into());
                }
                let cap = snooze_cap_days(*severity);
                if until > today + Duration::days(cap) {
                    return Err(format!(
                        "An {} prompt waits {cap} days at most: {} at the latest.",
                        severity.as_str(),
                        format_date(today + Duration::days(cap))
                    ));
                }
                Ok(Reply::modal(Modal::Ask(Ask::note(
                    self.title,
                    format!(
                        "Why should it wait until {}? Others who see it still do.",
                        format_date(until)
                    ),
                    self.yes,
                    Asked::SnoozeReason {
                        prompt_id: *prompt_id,
                        until,
                    },
                ))))
            }
            Asked::SnoozeReason { .. } if text.is_empty() => {
                Err("A few words, please: why should it wait?".into())
            }
            Asked::SnoozeReason { prompt_id, until } => Ok(Effect::SnoozePrompt {
                id: *prompt_id,
                until: *until,
                reason: text,
                on: today,
            }
            .into()),
            Asked::ReferralChange { id, change } => Ok(Effect::ChangeReferral {
                id: *id,
                change: change.clone(),
                note: text,
                on: today,
            }
            .into()),
        }
    }
}

#[derive(Debug)]
pub(crate) enum Modal {
    Confirm(Confirm),
    Outcome(OutcomePicker),
    Ask(Ask),
}

impl Modal {
    pub(crate) fn confirm(question: String, yes: &'static str, then: Confirmed) -> Self {
        Modal::Confirm(Confirm {
            question,
            yes,
            then,
        })
    }
}

static CONFIRM: [Command; 2] = [
    Command::new(&[Key::ch('y')], "yes", Action::Confirm),
    // `q` too, so a reflex never quits past a question about unsaved work.
    Command::new(
        &[Key::ch('n'), Key::code(KeyCode::Esc), Key::ch('q')],
        "no, go back",
        Action::Back,
    ),
];

static PICK_OUTCOME: [Command; 4] = [
    Command::new(
        &[Key::code(KeyCode::Enter)],
        "close with this outcome",
        Action::Confirm,
    ),
    Command::new(
        &[Key::code(KeyCode::Esc), Key::ch('q')],
        "cancel",
        Action::Back,
    ),
    Command::quiet(
        &[Key::ch('j'), Key::code(KeyCode::Down)],
        "next",
        Action::Down,
    ),
    Command::quiet(
        &[Key::ch('k'), Key::code(KeyCode::Up)],
        "previous",
        Action::Up,
    ),
];

static ASK: [Command; 4] = [
    Command::new(&[Key::code(KeyCode::Enter)], "done", Action::Confirm),
    Command::new(&[Key::code(KeyCode::Esc)], "cancel", Action::Back),
    BACKSPACE,
    CLEAR_FIELD,
];

pub(crate) fn commands(modal: &Modal) -> Vec<&'static Command> {
    match modal {
        Modal::Confirm(_) => CONFIRM.iter().collect(),
        Modal::Outcome(_) => PICK_OUTCOME.iter().collect(),
        Modal::Ask(_) => ASK.iter().collect(),
    }
}

/// The text field of a question answered in a line, if that is what is open.
pub(crate) fn field(modal: &Modal) -> Option<Field> {
    match modal {
        Modal::Ask(ask) => Some(ask.field),
        _ => None,
    }
}

/// The question to ask before a referral's status changes: a note, if it helps.
pub(crate) fn referral_note(id: i64, question: String, yes: &'static str, change: Change) -> Modal {
    Modal::Ask(Ask::note(
        " Referral ",
        question,
        yes,
        Asked::ReferralChange { id, change },
    ))
}

/// Answers the question (the modal was taken off the page; staying puts it back).
pub(crate) fn update(modal: Modal, action: Action, ctx: &Ctx) -> Reply {
    match (modal, action) {
        (_, Action::Back) => Reply::none(),
        (Modal::Confirm(confirm), Action::Confirm) => match confirm.then {
            Confirmed::Discard => Reply::back(),
            Confirmed::Quit => Reply {
                nav: Nav::Quit,
                ..Reply::none()
            },
            Confirmed::Retire { id } => Effect::RetireResource(id).into(),
            Confirmed::DeleteSelfCheck { id } => Effect::DeleteSelfCheck(id).into(),
            Confirmed::ShareSelfCheck { id } => Effect::ShareSelfCheck(id).into(),
            Confirmed::Run(deferred) => match deferred.take() {
                Some(task) => Effect::Task(task).into(),
                None => Reply::none(),
            },
        },
        (Modal::Outcome(picker), Action::Confirm) => {
            let outcome = Outcome::ALL
                .get(picker.selected)
                .copied()
                .unwrap_or(Outcome::Completed);
            Reply::modal(referral_note(
                picker.referral_id,
                format!(
                    "Close referral {} as {}. A short note, if it helps (optional):",
                    picker.referral_id,
                    outcome_words(outcome)
                        .split(" — ")
                        .next()
                        .unwrap_or_default()
                ),
                "close",
                Change {
                    status: Some(Status::Closed),
                    outcome: Some(outcome),
                    consent: None,
                },
            ))
        }
        (Modal::Ask(mut ask), action) => {
            match action {
                Action::Confirm => match ask.answer(ctx.today) {
                    Ok(reply) => return reply,
                    Err(problem) => ask.problem = Some(problem),
                },
                Action::Type(c) if ask.field.accepts(c) => {
                    let limit = match ask.field {
                        Field::Date => 10,
                        _ => NOTE_CHARS,
                    };
                    if ask.text.chars().count() < limit {
                        ask.text.push(c);
                    }
                }
                Action::Backspace => {
                    ask.text.pop();
                }
                Action::ClearField => ask.text.clear(),
                _ => {}
            }
            Reply::modal(Modal::Ask(ask))
        }
        (Modal::Outcome(mut picker), Action::Down) => {
            picker.selected = (picker.selected + 1).min(Outcome::ALL.len() - 1);
            Reply::modal(Modal::Outcome(picker))
        }
        (Modal::Outcome(mut picker), Action::Up) => {
            picker.selected = picker.selected.saturating_sub(1);
            Reply::modal(Modal::Outcome(picker))
        }
        (modal, _) => Reply::modal(modal),
    }
}

/// What each outcome means, for the picker.
fn outcome_words(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Completed => "completed — the person used the resource",
        Outcome::Declined => "declined — the person chose not to go ahead",
        Outcome::NoShow => "no show — the appointment was missed",
        Outcome::NotNeeded => "not needed — things resolved another way",
    }
}

pub(crate) fn render(frame: &mut Frame, area: Rect, theme: Theme, modal: &Modal, typing: bool) {
    let width = area.width.min(64);
    let room = usize::from(width.saturating_sub(4));
    let mut cursor = None;
    let (title, lines, keys): (&str, Vec<Line>, Vec<(&str, String)>) = match modal {
        Modal::Confirm(confirm) => (
            " Please confirm ",
            widgets::wrap_words(&confirm.question, room)
                .into_iter()
                .map(Line::raw)
                .collect(),
            vec![("y", confirm.yes.to_string()), ("n", "no, go back".into())],
        ),
        Modal::Outcome(picker) => {
            let mut lines = vec![Line::raw(format!(
                "Close referral {} with which outcome?",
                picker.referral_id
            ))];
            lines.push(Line::raw(""));
            for (i, outcome) in Outcome::ALL.iter().enumerate() {
                let selected = i == picker.selected;
                let (marker, meaning) = if selected {
                    ("(•) ", Meaning::Selected)
                } else {
                    ("( ) ", Meaning::Text)
                };
                lines.push(Line::styled(
                    widgets::fit(&format!("{marker}{}", outcome_words(*outcome)), room),
                    theme.style(meaning),
                ));
            }
            (
                " Close a referral ",
                lines,
                vec![("Enter", "close".into()), ("Esc", "cancel".into())],
            )
        }
        Modal::Ask(ask) => {
            let mut lines: Vec<Line> = widgets::wrap_words(&ask.question, room)
                .into_iter()
                .map(Line::raw)
                .collect();
            lines.push(Line::raw(""));
            let label_width = ask.label.chars().count() + 1;
            let box_width = room.saturating_sub(label_width + 6).max(4);
            let (line, col) = widgets::input_line(
                ask.label,
                label_width,
                &sanitize(&ask.text),
                box_width,
                true,
                theme,
            );
            cursor = Some((lines.len(), col));
            lines.push(line);
            if let Some(problem) = &ask.problem {
                lines.extend(
                    widgets::wrap_words(problem, room)
                        .into_iter()
                        .map(|l| Line::styled(l, theme.style(Meaning::Alert))),
                );
            }
            (
                ask.title,
                lines,
                vec![("Enter", ask.yes.to_string()), ("Esc", "cancel".into())],
            )
        }
    };
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let popup = widgets::centered(area, width, height);
    let mut footer = vec![Span::raw(" ")];
    for (i, (key, label)) in keys.into_iter().enumerate() {
        if i > 0 {
            footer.push(Span::styled(" · ", theme.style(Meaning::Muted)));
        }
        footer.push(Span::styled(key, theme.style(Meaning::Key)));
        footer.push(Span::raw(format!(" {label}")));
    }
    footer.push(Span::raw(" "));
    let block = Block::bordered()
        .title_top(Line::styled(title, theme.style(Meaning::Title)))
        .title_bottom(Line::from(footer));
    let inner = block.inner(popup).inner(Margin::new(1, 0));
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some((row, col)) = cursor
        && typing
    {
        let at = Position::new(
            inner.x + col,
            inner.y + u16::try_from(row).unwrap_or(u16::MAX),
        );
        if inner.contains(at) {
            frame.set_cursor_position(at);
        }
    }
}
