//! The self-check chooser: each instrument with its title and how many questions it asks.
//! Draws the flow's chooser; the choice itself is `selfcheck::update`'s.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::selfcheck::SelfCheckFlow;
use crate::domain::text::sanitize;
use crate::tui::state::State;
use crate::tui::theme::Meaning;
use crate::tui::widgets;

const ABOUT: &str = "A few questions about the last weeks, one at a time. Nothing is saved until you submit, and only you can read your answers unless you choose to share them.";

fn areas(area: Rect) -> [Rect; 4] {
    let about =
        u16::try_from(widgets::wrap_words(ABOUT, usize::from(area.width)).len()).unwrap_or(1);
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(about),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(area)
}

/// Rows of the list on screen.
pub(crate) fn rows(area: Rect) -> usize {
    usize::from(areas(area)[3].height)
}

pub(crate) fn render(frame: &mut Frame, area: Rect, state: &State, flow: &SelfCheckFlow) {
    let theme = state.theme;
    let [title, about, _, list] = areas(area);
    let width = usize::from(area.width);
    frame.render_widget(
        Line::styled("Take a self-check", theme.style(Meaning::Title)),
        title,
    );
    frame.render_widget(
        Paragraph::new(
            widgets::wrap_words(ABOUT, width)
                .into_iter()
                .map(|l| Line::styled(l, theme.style(Meaning::Muted)))
                .collect::<Vec<_>>(),
        ),
        about,
    );
    let shown: Vec<Line> = flow
        .chooser
        .window(flow.instruments.len(), usize::from(list.height))
        .map(|i| {
            let instrument = &flow.instruments[i];
            let selected = i == flow.chooser.selected;
            let (marker, meaning) = if selected {
                ("▶ ", Meaning::Selected)
            } else {
                ("  ", Meaning::Text)
            };
            let count = widgets::count(
                u64::try_from(instrument.items().len()).unwrap_or(0),
                "question",
                "questions",
            );
            let title_width = width.saturating_sub(2 + 3 + count.len());
            Line::styled(
                widgets::fit(
                    &format!(
                        "{marker}{} · {count}",
                        widgets::truncate(&sanitize(instrument.title()), title_width)
                    ),
                    width,
                ),
                theme.style(meaning),
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(shown), list);
}
