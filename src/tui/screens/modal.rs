//! Small questions over a page: "Discard this check-in?", "Withdraw this referral?", and
//! the outcome picker for closing a referral. They ask; the answer becomes a reply.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{Ctx, Reply};
use crate::domain::referral::{Change, Outcome, Status};
use crate::tui::keymap::{Command, Key};
use crate::tui::state::{Action, Effect};
use crate::tui::theme::{Meaning, Theme};
use crate::tui::widgets;

/// What a "yes" goes on to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Confirmed {
    /// Leave the form on screen without saving it.
    Discard,
    Withdraw {
        id: i64,
    },
    Retire {
        id: String,
    },
}

#[derive(Debug)]
pub struct Confirm {
    pub question: String,
    /// What "yes" does, in a word or two ("discard", "withdraw").
    pub yes: &'static str,
    pub then: Confirmed,
}

#[derive(Debug)]
pub struct OutcomePicker {
    pub referral_id: i64,
    pub selected: usize,
}

impl OutcomePicker {
    pub fn new(referral_id: i64) -> Self {
        Self {
            referral_id,
            selected: 0,
        }
    }
}

#[derive(Debug)]
pub enum Modal {
    Confirm(Confirm),
    Outcome(OutcomePicker),
}

impl Modal {
    pub fn confirm(question: String, yes: &'static str, then: Confirmed) -> Self {
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

pub fn commands(modal: &Modal) -> Vec<&'static Command> {
    match modal {
        Modal::Confirm(_) => CONFIRM.iter().collect(),
        Modal::Outcome(_) => PICK_OUTCOME.iter().collect(),
    }
}

/// Answers the question (the modal was taken off the page; staying puts it back).
pub fn update(modal: Modal, action: Action, ctx: &Ctx) -> Reply {
    match (modal, action) {
        (_, Action::Back) => Reply::none(),
        (Modal::Confirm(confirm), Action::Confirm) => match confirm.then {
            Confirmed::Discard => Reply::back(),
            Confirmed::Withdraw { id } => Effect::ChangeReferral {
                id,
                change: Change {
                    status: Some(Status::Withdrawn),
                    ..Change::default()
                },
                on: ctx.today,
            }
            .into(),
            Confirmed::Retire { id } => Effect::RetireResource(id).into(),
        },
        (Modal::Outcome(picker), Action::Confirm) => {
            let outcome = Outcome::ALL
                .get(picker.selected)
                .copied()
                .unwrap_or(Outcome::Completed);
            Effect::ChangeReferral {
                id: picker.referral_id,
                change: Change {
                    status: Some(Status::Closed),
                    outcome: Some(outcome),
                    consent: None,
                },
                on: ctx.today,
            }
            .into()
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

pub fn render(frame: &mut Frame, area: Rect, theme: Theme, modal: &Modal) {
    let width = area.width.min(64);
    let room = usize::from(width.saturating_sub(4));
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
}
