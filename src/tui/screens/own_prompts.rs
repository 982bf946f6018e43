//! "Just for you": the rules for the signed-in person alone (from their own sealed
//! self-checks), on their employee home. Shows what the desk evaluated; stores nothing.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::domain::text::sanitize;
use crate::tui::keymap::Key;
use crate::tui::theme::{Meaning, Theme};
use crate::tui::widgets;

pub(crate) use crate::desk::OwnPrompt;

const HEADING: &str = "Just for you — only you can see this";

/// The section's lines wrapped to `width`; none at all when nothing holds, so home shows no
/// empty box. `self_check` and `help_now` are the keys to name (from their commands).
pub(crate) fn lines(
    own: Option<&Result<Vec<OwnPrompt>, String>>,
    width: usize,
    (self_check, help_now): (Key, Key),
) -> Vec<(String, Meaning)> {
    let mut out = Vec::new();
    let mut push = |text: &str, indent: &str, meaning: Meaning| {
        let room = width.saturating_sub(indent.len()).max(1);
        for line in widgets::wrap_words(text, room) {
            out.push((format!("{indent}{line}"), meaning));
        }
    };
    match own {
        None => {}
        Some(Ok(prompts)) if prompts.is_empty() => {}
        Some(Err(problem)) => {
            push(HEADING, "", Meaning::Title);
            let text = format!("These could not be read just now: {problem}");
            push(&widgets::sentence(&text), "  ", Meaning::Muted);
        }
        Some(Ok(prompts)) => {
            push(HEADING, "", Meaning::Title);
            for prompt in prompts {
                let title = format!(
                    "{} {}",
                    super::prompts::severity_symbol(prompt.severity),
                    sanitize(&prompt.title)
                );
                push(&title, "", Meaning::Text);
                push(&widgets::sentence(&prompt.explanation), "  ", Meaning::Text);
                if !prompt.suggested.is_empty() {
                    let names = format!("Suggested: {}", prompt.suggested.join(" · "));
                    push(&names, "  ", Meaning::Muted);
                }
            }
            let hint = format!(
                "{} takes a self-check; {} shows help right now, and no one is told.",
                self_check.label(),
                help_now.label()
            );
            push(&hint, "", Meaning::Muted);
        }
    }
    out
}

/// Draws `lines` into `area` (the rows that did not fit are left out).
pub(crate) fn render(frame: &mut Frame, area: Rect, theme: Theme, lines: Vec<(String, Meaning)>) {
    let shown: Vec<Line> = lines
        .into_iter()
        .map(|(text, meaning)| Line::styled(text, theme.style(meaning)))
        .collect();
    frame.render_widget(Paragraph::new(shown), area);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Severity;
    use ratatui::crossterm::event::KeyCode;

    const KEYS: (Key, Key) = (Key::ch('S'), Key::code(KeyCode::F(1)));

    fn texts(own: Option<&Result<Vec<OwnPrompt>, String>>, width: usize) -> Vec<String> {
        lines(own, width, KEYS)
            .into_iter()
            .map(|(t, _)| t)
            .collect()
    }

    #[test]
    fn nothing_to_say_draws_no_section_at_all() {
        assert!(texts(None, 80).is_empty());
        assert!(texts(Some(&Ok(Vec::new())), 80).is_empty());
    }

    #[test]
    fn text_from_a_rules_file_is_neutralised() {
        let own = Ok(vec![OwnPrompt {
            rule: "own-rule".into(),
            severity: Severity::Attention,
            title: "Title\u{1b}[31m red".into(),
            explanation: "because\u{7} of this".into(),
            evidence: Vec::new(),
            suggest: vec!["eap".into()],
            suggested: vec!["EAP".into()],
        }]);
        let all = texts(Some(&own), 60).join("\n");
        assert!(!all.chars().any(|c| c.is_control() && c != '\n'), "{all:?}");
        assert!(all.contains("◆ Title"), "{all}");
        assert!(all.contains("  Because"), "{all}");
        assert!(all.contains("Suggested: EAP"), "{all}");
        assert!(all.contains("S takes a self-check"), "{all}");
    }
}
