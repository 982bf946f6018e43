//! The self-check's review: every answer before anything is sent, and the two questions asked
//! each time (share with the coordinators? add the band to the unit's figures?), both off.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::selfcheck::{CONTRIBUTE_ROW, PRIVATE, SHARE_ROW, SUBMIT_ROW, Taking};
use crate::domain::text::sanitize;
use crate::instruments::Answer;
use crate::tui::state::State;
use crate::tui::theme::Meaning;
use crate::tui::widgets;

const ABOUT: &str =
    "Check your answers. Enter on one changes it; nothing is sent until you submit.";

struct ReviewLayout {
    title: Rect,
    about: Rect,
    items: Rect,
    controls: Rect,
    private: Rect,
    problem: Rect,
}

fn layout(area: Rect) -> ReviewLayout {
    let width = usize::from(area.width);
    let height = |text: &str| u16::try_from(widgets::wrap_words(text, width).len()).unwrap_or(1);
    let [title, about, _, items, _, controls, _, private, problem] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(height(ABOUT)),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(3),
        Constraint::Length(1),
        Constraint::Length(height(PRIVATE)),
        Constraint::Length(2),
    ])
    .areas(area);
    ReviewLayout {
        title,
        about,
        items,
        controls,
        private,
        problem,
    }
}

/// Rows of answers on screen.
pub(crate) fn item_rows(area: Rect) -> usize {
    usize::from(layout(area).items.height).max(1)
}

/// Keeps the selected answer in the window (the controls below are always on screen).
pub(crate) fn keep_item_visible(taking: &mut Taking, rows: usize) {
    let items = taking.items();
    let rows = rows.max(1);
    let cursor = &mut taking.review;
    if cursor.selected < items {
        if cursor.selected < cursor.offset {
            cursor.offset = cursor.selected;
        } else if cursor.selected >= cursor.offset + rows {
            cursor.offset = cursor.selected + 1 - rows;
        }
    }
    cursor.offset = cursor.offset.min(items.saturating_sub(rows));
}

/// "1 On a few days", or "skipped".
fn answer_text(taking: &Taking, item: usize) -> String {
    let responses = taking.instrument.responses();
    match taking.answers.get(item).copied().flatten() {
        Some(Answer::Value(v)) => {
            format!("{v} {}", sanitize(responses.label(v).unwrap_or_default()))
        }
        Some(Answer::Skipped) => "– skipped".into(),
        None => "not answered".into(),
    }
}

pub(crate) fn render(frame: &mut Frame, area: Rect, state: &State, taking: &Taking, saving: bool) {
    let theme = state.theme;
    let areas = layout(area);
    let width = usize::from(area.width);
    let muted = |text: &str| -> Paragraph<'static> {
        Paragraph::new(
            widgets::wrap_words(text, width)
                .into_iter()
                .map(|l| Line::styled(l, theme.style(Meaning::Muted)))
                .collect::<Vec<_>>(),
        )
    };
    frame.render_widget(
        Line::styled(
            widgets::truncate(
                &format!("{} · your answers", sanitize(taking.instrument.title())),
                width,
            ),
            theme.style(Meaning::Title),
        ),
        areas.title,
    );
    frame.render_widget(muted(ABOUT), areas.about);
    let answers: Vec<String> = (0..taking.items())
        .map(|i| answer_text(taking, i))
        .collect();
    let answer_width = answers.iter().map(|a| a.width()).max().unwrap_or(0).min(32);
    let prompt_width = width.saturating_sub(2 + 4 + 2 + answer_width);
    let row_style = |selected: bool| {
        if selected {
            theme.style(Meaning::Selected)
        } else {
            theme.style(Meaning::Text)
        }
    };
    let items = taking.instrument.items();
    let window = taking
        .review
        .window(taking.items(), usize::from(areas.items.height));
    let lines: Vec<Line> = window
        .map(|i| {
            let selected = taking.review.selected == i;
            let prompt = items
                .get(i)
                .map(|item| sanitize(&item.prompt).into_owned())
                .unwrap_or_default();
            Line::styled(
                widgets::fit(
                    &format!(
                        "{}{:>2}  {}  {}",
                        if selected { "▶ " } else { "  " },
                        i + 1,
                        widgets::fit(&prompt, prompt_width),
                        answers[i]
                    ),
                    width,
                ),
                row_style(selected),
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), areas.items);
    let tick = |on: bool| if on { "[x]" } else { "[ ]" };
    let controls = [
        (
            SHARE_ROW,
            format!(
                "{} Share it with the wellness coordinators, who can then read it",
                tick(taking.share)
            ),
        ),
        (
            CONTRIBUTE_ROW,
            format!(
                "{} Add my band, without my name, to my unit's monthly figures",
                tick(taking.contribute)
            ),
        ),
        (SUBMIT_ROW, "Submit".to_string()),
    ];
    let selected_control = taking.review_row().err();
    let lines: Vec<Line> = controls
        .into_iter()
        .map(|(row, text)| {
            let selected = selected_control == Some(row);
            Line::styled(
                widgets::fit(
                    &format!("{}{text}", if selected { "▶ " } else { "  " }),
                    width,
                ),
                row_style(selected),
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), areas.controls);
    frame.render_widget(muted(PRIVATE), areas.private);
    if let Some(problem) = &taking.problem {
        frame.render_widget(
            Paragraph::new(
                widgets::wrap_words(problem, width)
                    .into_iter()
                    .map(|l| Line::styled(l, theme.style(Meaning::Alert)))
                    .collect::<Vec<_>>(),
            ),
            areas.problem,
        );
    } else if saving {
        frame.render_widget(muted("Sealing and saving…"), areas.problem);
    }
}
