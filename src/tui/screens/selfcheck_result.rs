//! A self-check's result, for its owner only: the band's plain meaning (the same reading the
//! command line prints), where it was saved to, and resources to consider. Asks nothing more.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::checkin_detail::render_document;
use super::help_now;
use super::selfcheck::{SelfCheckSaved, catalog};
use crate::domain::resources::Resource;
use crate::domain::text::sanitize;
use crate::instruments::{CRISIS_SUPPORT, reading};
use crate::tui::state::State;
use crate::tui::theme::Meaning;
use crate::tui::widgets;

/// The resources a self-check suggests: those that help with mental health and are not a
/// crisis line (the EAP, peer support, the resiliency program in the seed catalog).
pub(crate) fn to_consider(resources: &[Resource]) -> Vec<&Resource> {
    resources
        .iter()
        .filter(|r| !r.retired && !r.crisis && r.helps_with("health.mental"))
        .collect()
}

/// What became of the answers, after the reading.
fn outcome(saved: &SelfCheckSaved) -> String {
    let taken = &saved.taken;
    let mut text = match taken.shared_with {
        0 => "It is saved, and only you can read it.".to_string(),
        n => format!(
            "It is saved and shared with the wellness coordinators ({n}); you can stop sharing it from My self-checks."
        ),
    };
    if taken.share_unavailable {
        text.push_str(
            " No coordinator can receive a shared self-check yet, so it was kept private.",
        );
    }
    if taken.contributed {
        text.push_str(" Its band was added, without your name, to your unit's monthly figures.");
    }
    text
}

/// The whole result as lines for `width` columns.
pub(crate) fn document(saved: &SelfCheckSaved, width: usize) -> Vec<(String, Meaning)> {
    let score = &saved.taken.score;
    let mut lines: Vec<(String, Meaning)> = Vec::new();
    let say = |lines: &mut Vec<(String, Meaning)>, text: &str, meaning: Meaning| {
        let indent = &text[..text.len() - text.trim_start().len()];
        lines.extend(
            widgets::wrap_words(text.trim_start(), width.saturating_sub(indent.len()))
                .into_iter()
                .map(|l| (format!("{indent}{l}"), meaning)),
        );
    };
    let instrument = catalog().ok().and_then(|c| c.get(&score.instrument));
    match instrument {
        Some(instrument) => {
            let reading = reading(instrument, score, &outcome(saved));
            for (i, line) in reading.iter().enumerate() {
                let meaning = if i == 0 {
                    Meaning::Title
                } else {
                    Meaning::Text
                };
                say(&mut lines, line, meaning);
                if i == 0 {
                    lines.push((String::new(), Meaning::Text));
                }
            }
        }
        None => say(
            &mut lines,
            &format!(
                "Your self-check is saved: total {} ({}).",
                score.total,
                sanitize(&score.band)
            ),
            Meaning::Text,
        ),
    }
    if score.safety_item_endorsed {
        lines.push((String::new(), Meaning::Text));
        say(
            &mut lines,
            "If you are having thoughts of harming yourself, you do not have to wait or cope alone:",
            Meaning::Title,
        );
        let crisis: Vec<Resource> = saved
            .resources
            .iter()
            .filter(|r| r.crisis)
            .cloned()
            .collect();
        for (text, meaning) in help_now::lines(&crisis) {
            if text != help_now::REASSURANCE {
                say(&mut lines, &text, meaning);
            }
        }
        if saved.taken.shared_with == 0
            && let Some(nothing_sent) = CRISIS_SUPPORT.last()
        {
            say(&mut lines, nothing_sent, Meaning::Muted);
        }
    }
    lines.push((String::new(), Meaning::Text));
    say(&mut lines, "Resources to consider", Meaning::Title);
    let consider = to_consider(&saved.resources);
    if consider.is_empty() {
        say(
            &mut lines,
            "The catalog lists none yet; help-now (!) has the crisis lines.",
            Meaning::Muted,
        );
    }
    for r in consider {
        say(
            &mut lines,
            &format!(
                "  {} — {}, {}.",
                sanitize(&r.name),
                sanitize(&r.contact),
                sanitize(&r.hours)
            ),
            Meaning::Text,
        );
        if !r.confidentiality.trim().is_empty() {
            say(
                &mut lines,
                &format!("    {}", sanitize(&r.confidentiality)),
                Meaning::Muted,
            );
        }
    }
    lines
}

pub(crate) fn render(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    saved: &SelfCheckSaved,
    offset: usize,
) {
    let lines = document(saved, usize::from(area.width));
    render_document(frame, area, state, &lines, offset);
}
