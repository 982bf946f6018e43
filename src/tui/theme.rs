//! Semantic styles: screens ask for a `Meaning`, the theme decides how it looks.
//! Must never be the only carrier of meaning: every styled state also has a symbol or word.

use std::ffi::OsStr;

use ratatui::style::{Color, Modifier, Style};

/// What a piece of text is for; the theme turns it into a style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Meaning {
    /// Ordinary body text.
    Text,
    /// The title bar and screen headings.
    Title,
    /// Secondary text: column headers, explanations, the clock.
    Muted,
    /// Something the person should read now: an error, a lock, failed logins.
    Alert,
    /// The selected row (always paired with the `▶` marker).
    Selected,
    /// A key in a hint ("Enter", "/").
    Key,
    /// The "DEMO" marker.
    Badge,
    /// The focused input field (always paired with the `▶` marker).
    Focus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Theme {
    colour: bool,
    /// Plain ASCII characters instead of boxes and symbols (see `ascii`).
    ascii: bool,
}

impl Theme {
    pub(super) const COLOUR: Theme = Theme {
        colour: true,
        ascii: false,
    };
    pub(super) const MONOCHROME: Theme = Theme {
        colour: false,
        ascii: false,
    };

    /// This theme drawn in plain ASCII characters.
    pub(super) const fn in_ascii(self, ascii: bool) -> Self {
        Self { ascii, ..self }
    }

    pub(super) const fn is_ascii(self) -> bool {
        self.ascii
    }

    /// Monochrome when `NO_COLOR` holds any non-empty value (https://no-color.org).
    pub(super) fn from_env() -> Self {
        Self::for_no_color(std::env::var_os("NO_COLOR").as_deref())
    }

    pub(super) fn for_no_color(value: Option<&OsStr>) -> Self {
        match value {
            Some(v) if !v.is_empty() => Self::MONOCHROME,
            _ => Self::COLOUR,
        }
    }

    pub(super) fn style(self, meaning: Meaning) -> Style {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        if !self.colour {
            return match meaning {
                Meaning::Text => Style::new(),
                Meaning::Title | Meaning::Key | Meaning::Alert | Meaning::Focus => bold,
                Meaning::Muted => Style::new().add_modifier(Modifier::DIM),
                Meaning::Selected | Meaning::Badge => bold.add_modifier(Modifier::REVERSED),
            };
        }
        match meaning {
            Meaning::Text => Style::new(),
            Meaning::Title => bold.fg(Color::Cyan),
            Meaning::Muted => Style::new().fg(Color::DarkGray),
            Meaning::Alert => bold.fg(Color::Yellow),
            Meaning::Selected => bold.fg(Color::Black).bg(Color::Cyan),
            Meaning::Key => bold.fg(Color::Cyan),
            Meaning::Badge => bold.fg(Color::Black).bg(Color::Yellow),
            Meaning::Focus => bold.fg(Color::Cyan),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_non_empty_no_color_value_turns_colour_off() {
        assert_eq!(Theme::for_no_color(None), Theme::COLOUR);
        assert_eq!(Theme::for_no_color(Some(OsStr::new(""))), Theme::COLOUR);
        assert_eq!(
            Theme::for_no_color(Some(OsStr::new("1"))),
            Theme::MONOCHROME
        );
        assert_eq!(
            Theme::for_no_color(Some(OsStr::new("no"))),
            Theme::MONOCHROME
        );
    }

    #[test]
    fn monochrome_uses_no_colour_at_all() {
        let all = [
            Meaning::Text,
            Meaning::Title,
            Meaning::Muted,
            Meaning::Alert,
            Meaning::Selected,
            Meaning::Key,
            Meaning::Badge,
            Meaning::Focus,
        ];
        for meaning in all {
            let style = Theme::MONOCHROME.style(meaning);
            assert_eq!(style.fg, None, "{meaning:?}");
            assert_eq!(style.bg, None, "{meaning:?}");
        }
        // The selection still stands out without colour.
        assert!(
            Theme::MONOCHROME
                .style(Meaning::Selected)
                .add_modifier
                .contains(Modifier::REVERSED)
        );
    }
}
