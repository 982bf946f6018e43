//! One self-check item on its own screen: the instrument's framing, the question, and each
//! response with its number. Draws a `Taking`; answering is `selfcheck::update`'s.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::selfcheck::{PRIVATE, Taking};
use crate::domain::text::sanitize;
use crate::instruments::Answer;
use crate::tui::state::State;
use crate::tui::theme::Meaning;
use crate::tui::widgets;

/// The screen's lines for `width` columns.
pub(crate) fn lines(taking: &Taking, width: usize) -> Vec<(String, Meaning)> {
    let instrument = taking.instrument;
    let mut out = vec![(
        widgets::truncate(
            &format!(
                "{} · {} of {}",
                sanitize(instrument.title()),
                taking.item + 1,
                taking.items()
            ),
            width,
        ),
        Meaning::Title,
    )];
    let wrap = |out: &mut Vec<(String, Meaning)>, text: &str, meaning: Meaning| {
        out.extend(
            widgets::wrap_words(text, width)
                .into_iter()
                .map(|l| (l, meaning)),
        );
    };
    out.push((String::new(), Meaning::Text));
    wrap(&mut out, &sanitize(instrument.intro()), Meaning::Muted);
    out.push((String::new(), Meaning::Text));
    let prompt = instrument
        .items()
        .get(taking.item)
        .map(|i| sanitize(&i.prompt).into_owned())
        .unwrap_or_default();
    wrap(&mut out, &prompt, Meaning::Title);
    out.push((String::new(), Meaning::Text));
    let responses = instrument.responses();
    let given = taking.answers.get(taking.item).copied().flatten();
    for value in responses.min..=responses.max {
        let label = sanitize(responses.label(value).unwrap_or_default()).into_owned();
        let marked = taking.highlight == Some(value);
        let chosen = given == Some(Answer::Value(value));
        let mut text = format!("{}{value}  {label}", if marked { "▶ " } else { "  " });
        if chosen {
            text.push_str("   ← your answer");
        }
        let meaning = if marked {
            Meaning::Selected
        } else {
            Meaning::Text
        };
        out.push((widgets::fit(&text, width), meaning));
    }
    let skips = taking.skips_left();
    if skips > 0 || given == Some(Answer::Skipped) {
        out.push((String::new(), Meaning::Text));
        let mut text = format!(
            "  -  skip this question ({} left)",
            widgets::count(u64::try_from(skips).unwrap_or(0), "skip", "skips")
        );
        if given == Some(Answer::Skipped) {
            text.push_str("   ← skipped");
        }
        out.push((widgets::truncate(&text, width), Meaning::Muted));
    }
    out.push((String::new(), Meaning::Text));
    wrap(&mut out, PRIVATE, Meaning::Muted);
    if let Some(problem) = &taking.problem {
        wrap(&mut out, problem, Meaning::Alert);
    }
    out
}

pub(crate) fn render(frame: &mut Frame, area: Rect, state: &State, taking: &Taking) {
    let theme = state.theme;
    let shown: Vec<Line> = lines(taking, usize::from(area.width))
        .into_iter()
        .map(|(text, meaning)| Line::styled(text, theme.style(meaning)))
        .collect();
    frame.render_widget(Paragraph::new(shown), area);
}
