//! The common frame (title bar, body, footer of key hints) and small drawing helpers shared
//! by the screens. Draws what it is given: it changes no state and handles no keys.

use std::fmt;

use ratatui::Frame;
use ratatui::layout::{Margin, Rect, Size};
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
use zeroize::Zeroizing;

use super::keymap::{Hint, Keep};
use super::state::{Screen, State};
use super::theme::{Meaning, Theme};
use crate::domain::text::sanitize;
use crate::vault::Passphrase;

/// Below this the frame does not fit; the app asks for a larger window instead.
/// 40 columns is an 80-column terminal under a magnifier at 200 %.
pub(super) const MIN_WIDTH: u16 = 40;
pub(super) const MIN_HEIGHT: u16 = 12;

/// Where a screen draws: inside the frame's border, with a column of padding each side.
pub(super) fn body_area(size: Size) -> Rect {
    Rect::new(0, 0, size.width, size.height).inner(Margin::new(2, 1))
}

pub(super) fn too_small(size: Size) -> bool {
    size.width < MIN_WIDTH || size.height < MIN_HEIGHT
}

/// The frame: a border whose top edge is the title bar and whose bottom edge is the footer.
pub(super) fn render_frame(frame: &mut Frame, state: &State, hints: &[Hint]) {
    let area = frame.area();
    let theme = state.theme;
    let right = title_right(state);
    let room = usize::from(area.width)
        .saturating_sub(2)
        .saturating_sub(right.width() + 1);
    let block = Block::bordered()
        .border_style(theme.style(Meaning::Muted))
        .title_top(title_left(state, room))
        .title_top(right.right_aligned())
        .title_bottom(footer(
            hints,
            usize::from(area.width).saturating_sub(2),
            theme,
        ));
    frame.render_widget(block, area);
}

/// "steady · vault · DEMO · login · role" in `room` columns. Where that is too wide (40
/// columns, under a magnifier) the parts go in this order, so who is signed in stays
/// whole longest: the vault's name is shortened, then left out, then the role, then
/// "steady"; the login is cut only when it alone is too long.
fn title_left(state: &State, room: usize) -> Line<'static> {
    let theme = state.theme;
    let title = theme.style(Meaning::Title);
    let (login, role) = match &state.screen {
        Screen::Login(_) => (None, None),
        Screen::FirstLogin(form) => (Some(sanitize(&form.login).into_owned()), None),
        Screen::Workspace(ws) => (
            Some(sanitize(&ws.user.login).into_owned()),
            Some(ws.user.role.to_string()),
        ),
    };
    let demo = " DEMO ";
    let vault = sanitize(&state.vault.name).into_owned();
    let sep = " · ";
    // The parts kept: (steady, vault, role).
    let role_text = role.clone();
    let width = |steady: bool, vault: Option<&str>, with_role: bool| -> usize {
        let mut parts: Vec<usize> = Vec::new();
        if steady {
            parts.push("steady".width());
        }
        if let Some(v) = vault {
            parts.push(v.width());
        }
        if state.vault.demo {
            parts.push(demo.width());
        }
        if let Some(l) = &login {
            parts.push(l.width());
        }
        if let (true, Some(r)) = (with_role, &role_text) {
            parts.push(r.width());
        }
        parts.iter().sum::<usize>() + sep.width() * parts.len().saturating_sub(1) + 2
    };
    let mut steady = true;
    let mut keep_role = true;
    let mut vault_shown = Some(vault.clone());
    if width(true, Some(&vault), true) > room {
        let without = width(true, None, true);
        // A shortened name is worth showing only where a few letters of it fit.
        let left = room.saturating_sub(without + sep.width());
        vault_shown = (left >= 8).then(|| truncate(&vault, left));
        if vault_shown.is_none() && width(true, None, true) > room {
            keep_role = false;
            if width(true, None, false) > room {
                steady = false;
            }
        }
    }
    // Each part with what goes before it: the badge sits after a space, not a separator.
    let mut parts: Vec<(Span<'static>, &str)> = Vec::new();
    if steady {
        parts.push((Span::styled("steady", title), sep));
    }
    if let Some(v) = vault_shown {
        parts.push((Span::styled(v, title), sep));
    }
    if state.vault.demo {
        parts.push((Span::styled(demo, theme.style(Meaning::Badge)), " "));
    }
    if let Some(l) = &login {
        let fixed = width(steady, None, false) - l.width();
        parts.push((
            Span::styled(truncate(l, room.saturating_sub(fixed)), title),
            sep,
        ));
    }
    if let (true, Some(r)) = (keep_role, role) {
        parts.push((Span::styled(r, title), sep));
    }
    let mut spans = vec![Span::raw(" ")];
    for (i, (part, before)) in parts.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(before, title));
        }
        spans.push(part);
    }
    spans.push(Span::raw(" "));
    Line::from(spans)
}

/// The clock, and while someone is signed in, the time left before the idle lock.
fn title_right(state: &State) -> Line<'static> {
    let muted = state.theme.style(Meaning::Muted);
    // The date only where there is room for it beside the names.
    let format = if state.size.width >= 100 {
        "%a %d %b %H:%M"
    } else {
        "%H:%M"
    };
    // Under a magnifier (below 50 columns) the clock gives its room to the login; the
    // minutes before the lock stay.
    let signed_in = state.lock_in_secs().is_some();
    let mut spans = if signed_in && state.size.width < 50 {
        Vec::new()
    } else {
        vec![Span::styled(
            format!(" {}", state.clock.local.format(format)),
            muted,
        )]
    };
    if let Some(secs) = state.lock_in_secs() {
        let left = if secs >= 60 {
            format!("{}m", (secs + 59) / 60)
        } else {
            format!("{secs}s")
        };
        let style = if secs < 60 {
            state.theme.style(Meaning::Alert)
        } else {
            muted
        };
        spans.push(Span::styled(
            if spans.is_empty() { " " } else { " · " },
            muted,
        ));
        // In the last minute it says so in words, as well as in the alert style: any key
        // keeps the session (WCAG 2.2.1: told before time runs out, with time to act).
        let text = if secs < 60 {
            format!("{} locks in {left}", super::ascii::glyphs().lock)
        } else {
            format!("{} {left}", super::ascii::glyphs().lock)
        };
        spans.push(Span::styled(text, style));
    }
    spans.push(Span::raw(" "));
    Line::from(spans)
}

/// The key hints that fit in `room` columns; help-now is never the one left out.
fn footer(hints: &[Hint], room: usize, theme: Theme) -> Line<'static> {
    let width = |shown: &[&Hint]| -> usize {
        shown
            .iter()
            .map(|h| h.key.width() + 1 + h.label.width())
            .sum::<usize>()
            + 3 * shown.len().saturating_sub(1)
            + 2
    };
    let mut shown: Vec<&Hint> = hints.iter().collect();
    while width(&shown) > room {
        // The last of those kept least long goes first.
        let Some(least) = shown.iter().map(|h| h.keep).max() else {
            break;
        };
        match shown
            .iter()
            .rposition(|h| h.keep == least && least != Keep::Always)
        {
            Some(i) => {
                shown.remove(i);
            }
            None => break,
        }
    }
    let mut spans = vec![Span::raw(" ")];
    for (i, hint) in shown.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.style(Meaning::Muted)));
        }
        spans.push(Span::styled(hint.key.clone(), theme.style(Meaning::Key)));
        spans.push(Span::raw(format!(" {}", hint.label)));
    }
    spans.push(Span::raw(" "));
    Line::from(spans)
}

/// `text` cut to at most `width` columns, ending in "…" when something was cut (in ASCII
/// mode "...", or "~" where fewer than 8 columns leave no room for three dots).
pub(super) fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let glyphs = super::ascii::glyphs();
    let ellipsis = if width >= 8 {
        glyphs.ellipsis
    } else {
        glyphs.short_ellipsis
    };
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + ellipsis.width() > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push_str(ellipsis);
    }
    out
}

/// `text` cut or padded to exactly `width` columns, for table cells.
pub(super) fn fit(text: &str, width: usize) -> String {
    let mut out = truncate(text, width);
    let pad = width.saturating_sub(out.width());
    out.extend(std::iter::repeat_n(' ', pad));
    out
}

/// One labelled input: `▶ Label   [ value          ]`. Returns the line and the column of
/// the cursor within it (for the terminal cursor of the focused field).
pub(super) fn input_line(
    label: &str,
    label_width: usize,
    shown: &str,
    box_width: usize,
    focused: bool,
    theme: Theme,
) -> (Line<'static>, u16) {
    let marker = if focused {
        format!("{} ", super::ascii::glyphs().marker)
    } else {
        "  ".into()
    };
    let label_style = if focused {
        theme.style(Meaning::Focus)
    } else {
        theme.style(Meaning::Text)
    };
    // Long values scroll: the end, where typing happens, stays visible.
    let inner = box_width.saturating_sub(1);
    let mut tail: Vec<char> = Vec::new();
    let mut used = 0;
    for c in shown.chars().rev() {
        let w = c.width().unwrap_or(0);
        if used + w > inner {
            break;
        }
        tail.push(c);
        used += w;
    }
    let visible: String = tail.into_iter().rev().collect();
    let cursor = marker.width() + label_width + 2 + used;
    let line = Line::from(vec![
        Span::styled(marker, label_style),
        Span::styled(fit(label, label_width), label_style),
        Span::styled("[ ", theme.style(Meaning::Muted)),
        Span::raw(fit(&visible, box_width)),
        Span::styled(" ]", theme.style(Meaning::Muted)),
    ]);
    (line, u16::try_from(cursor).unwrap_or(u16::MAX))
}

/// The width of an input box after a label of `label_width`, at most `wanted`, narrower
/// where `room` columns leave less (so its closing bracket always shows), never under 4.
pub(super) fn box_width(room: usize, label_width: usize, wanted: usize) -> usize {
    // "▶ " before the label, "[ " and " ]" round the box.
    wanted.min(room.saturating_sub(label_width + 6)).max(4)
}

/// What a secret field shows: one bullet per character, never the text.
pub(super) fn mask(secret: &SecretText) -> String {
    std::iter::repeat_n(super::ascii::glyphs().secret, secret.chars()).collect()
}

/// A passphrase being typed. Zeroized on drop and on clearing; never printed.
#[derive(Default)]
pub(super) struct SecretText(Zeroizing<String>);

impl SecretText {
    /// Reserving up front keeps the text from being copied (unzeroized) as it grows.
    const ROOM: usize = 256;

    pub(super) fn push(&mut self, c: char) {
        if self.0.capacity() == 0 {
            self.0.reserve(Self::ROOM);
        }
        self.0.push(c);
    }

    pub(super) fn pop(&mut self) {
        self.0.pop();
    }

    pub(super) fn clear(&mut self) {
        // Zeroizing only wipes on drop, so replace the string rather than truncate it.
        *self = Self::default();
    }

    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(super) fn chars(&self) -> usize {
        self.0.chars().count()
    }

    pub(super) fn same_as(&self, other: &SecretText) -> bool {
        *self.0 == *other.0
    }

    /// Moves the text into a `Passphrase`, leaving this field empty.
    pub(super) fn take(&mut self) -> Passphrase {
        Passphrase::new(std::mem::take(&mut *self.0))
    }

    /// A copy as a `Passphrase` (which zeroizes on drop), to check it without giving it up.
    pub(super) fn to_passphrase(&self) -> Passphrase {
        Passphrase::new(self.0.as_str())
    }
}

impl fmt::Debug for SecretText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// A library message ("a passphrase needs …") as a sentence for the screen.
pub(super) fn sentence(message: &str) -> String {
    let message = sanitize(message.trim());
    // A name the person may type ("report.min_k", "k = 2") keeps its case.
    let mut words = message.split(' ');
    let first_word = words.next().unwrap_or_default();
    let a_name = first_word.contains(['.', '_']) || words.next() == Some("=");
    let mut chars = message.chars();
    let mut out: String = match chars.next() {
        Some(first) if !a_name => first.to_uppercase().chain(chars).collect(),
        _ => message.to_string(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// `text` broken at spaces into lines of at most `width` columns; a word longer than a line
/// is split across lines, never cut.
pub(super) fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let options = textwrap::Options::new(width.max(1))
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .break_words(true);
    let lines: Vec<String> = textwrap::wrap(text, options)
        .into_iter()
        .map(|line| line.trim_end().to_string())
        .collect();
    if lines.is_empty() {
        vec![String::new()]
    } else {
        lines
    }
}

/// 60000 → "60,000".
pub(super) fn thousands(n: usize) -> String {
    crate::domain::text::thousands(n)
}

/// "1 attempt", "3 attempts", "1,204 entries".
pub(super) fn count(n: u64, one: &str, many: &str) -> String {
    crate::domain::text::count(usize::try_from(n).unwrap_or(usize::MAX), one, many)
}

/// A small box at the foot of the screen while something slow runs: what is happening and
/// for how long, so a long wait never looks like a hang.
pub(super) fn render_working(frame: &mut Frame, theme: Theme, elapsed: std::time::Duration) {
    let area = frame.area();
    let ellipsis = super::ascii::glyphs().ellipsis;
    let mut text = format!(
        " Working{ellipsis} {} s — a large vault takes a moment ",
        elapsed.as_secs()
    );
    if text.width() + 2 > usize::from(area.width) {
        // A narrow window keeps the words that matter: still working, and for how long.
        text = format!(" Working{ellipsis} {} s ", elapsed.as_secs());
    }
    let width = u16::try_from(text.width() + 2).unwrap_or(u16::MAX);
    let height = 3;
    let at = Rect::new(
        area.x + area.width.saturating_sub(width) / 2,
        area.y + area.height.saturating_sub(height + 2),
        width.min(area.width),
        height.min(area.height),
    );
    frame.render_widget(ratatui::widgets::Clear, at);
    frame.render_widget(
        ratatui::widgets::Paragraph::new(Line::styled(text, theme.style(Meaning::Text)))
            .block(Block::bordered().border_style(theme.style(Meaning::Muted))),
        at,
    );
}

/// A rectangle of at most `width` × `height`, centred in `area`.
pub(super) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forty_columns_by_twelve_rows_is_the_smallest_window_drawn() {
        assert!(
            !too_small(Size::new(40, 12)),
            "a magnifier's 200 % of 80x24"
        );
        assert!(too_small(Size::new(39, 24)));
        assert!(too_small(Size::new(80, 11)));
    }

    #[test]
    fn in_ascii_a_cut_ends_in_three_dots_where_there_is_room_else_a_tilde() {
        let _ascii = super::super::ascii::Mode::enter(true);
        assert_eq!(truncate("Blackwood, Teodoro", 12), "Blackwood...");
        assert_eq!(truncate("Blackwood, Teodoro", 5), "Blac~");
        assert_eq!(truncate("Lin, Jo", 12), "Lin, Jo");
    }

    #[test]
    fn cells_are_cut_with_an_ellipsis_and_padded() {
        assert_eq!(fit("Blackwood, Teodoro", 10), "Blackwood…");
        assert_eq!(fit("Lin", 6), "Lin   ");
        assert_eq!(fit("漢字漢字", 5), "漢字…");
        assert_eq!(fit("漢字漢字", 6), "漢字… ");
        assert_eq!(truncate("abc", 0), "");
    }

    #[test]
    fn counts_group_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(60_000), "60,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn words_wrap_at_spaces() {
        assert_eq!(
            wrap_words("call or text 988, any time", 12),
            ["call or text", "988, any", "time"]
        );
        assert_eq!(wrap_words("", 5), [""]);
        // A word longer than a line is split, never cut: nothing of it is lost.
        assert_eq!(wrap_words("unbreakable", 5), ["unbre", "akabl", "e"]);
    }

    #[test]
    fn library_messages_become_sentences() {
        assert_eq!(
            sentence("a passphrase needs at least 12 characters"),
            "A passphrase needs at least 12 characters."
        );
        assert_eq!(sentence("Done."), "Done.");
        // Names keep their case.
        assert_eq!(
            sentence("report.min_k is a whole number"),
            "report.min_k is a whole number."
        );
        assert_eq!(sentence("k = 2 is too small"), "k = 2 is too small.");
        assert_eq!(sentence("bad \u{1b}[2J"), "Bad ␛[2J.");
    }

    #[test]
    fn secrets_mask_and_never_print() {
        let mut s = SecretText::default();
        for c in "hunter2!".chars() {
            s.push(c);
        }
        assert_eq!(mask(&s), "••••••••");
        assert_eq!(format!("{s:?}"), "[redacted]");
        let p = s.take();
        assert_eq!(p.expose(), "hunter2!");
        assert!(s.is_empty());
    }

    #[test]
    fn long_input_keeps_its_end_in_view() {
        let (line, cursor) = input_line("Login", 6, "abcdefghij", 5, true, Theme::MONOCHROME);
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "▶ Login [ ghij  ]");
        assert_eq!(cursor, 2 + 6 + 2 + 4);
    }
}
