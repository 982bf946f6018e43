//! The crisis screen, shown the moment a safety item is answered above its lowest response:
//! help-now's lines, said kindly. It performs no effect, so it tells no one and logs nothing.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::checkin_detail::render_document;
use super::help_now;
use crate::domain::resources::Resource;
use crate::instruments::CRISIS_SUPPORT;
use crate::tui::state::State;
use crate::tui::theme::Meaning;
use crate::tui::widgets;

pub(crate) const TITLE: &str = "You do not have to carry this alone";

const OPENING: &str = "You said you have had thoughts that it would be better not to be alive, or of harming yourself. Please reach out now: these answer any time, and talking helps.";

/// The screen's lines: why it is here, help-now's lines, that nothing was sent, and what
/// happens next.
pub(crate) fn lines(crisis: &[Resource], width: usize) -> Vec<(String, Meaning)> {
    let mut out = vec![
        (TITLE.to_string(), Meaning::Title),
        (String::new(), Meaning::Text),
    ];
    let mut wrap = |text: &str, meaning: Meaning| {
        let indent = if text.starts_with("  ") { "  " } else { "" };
        out.extend(
            widgets::wrap_words(text.trim_start(), width.saturating_sub(indent.len()))
                .into_iter()
                .map(|l| (format!("{indent}{l}"), meaning)),
        );
    };
    wrap(OPENING, Meaning::Text);
    wrap("", Meaning::Text);
    // The numbers without help-now's descriptions, so they fit on one screen.
    for (text, meaning) in help_now::lines(crisis) {
        if text == help_now::REASSURANCE || text.starts_with("  ") {
            continue;
        }
        wrap(&text, meaning);
    }
    // "Your EAP and peer support team are there for you too", then "nothing was sent".
    wrap("", Meaning::Text);
    for line in CRISIS_SUPPORT.iter().skip(2) {
        wrap(line, Meaning::Text);
    }
    wrap("", Meaning::Text);
    wrap(
        "You may go on with the self-check (Enter) or stop here (Esc); either way help-now stays a press of ! away.",
        Meaning::Muted,
    );
    out
}

pub(crate) fn render(frame: &mut Frame, area: Rect, state: &State, offset: usize) {
    let lines = lines(&state.crisis_lines, usize::from(area.width));
    render_document(frame, area, state, &lines, offset);
}
