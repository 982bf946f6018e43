//! Selection and scrolling for the short lists of the workflow screens, and scrolling for
//! pages of text. Positions only: knows nothing of what is listed or how it is drawn.

use ratatui::crossterm::event::KeyCode;

use super::keymap::{Command, Key};
use super::state::Action;

/// Back to the page below: Esc, or ← and h as on a list (every page over home).
pub(crate) const BACK: Command = Command::new(
    &[
        Key::code(KeyCode::Esc),
        Key::code(KeyCode::Left),
        Key::ch('h'),
    ],
    "back",
    Action::Back,
);

/// The movement keys every list shares, after its own commands (listed in the `?` help,
/// not the footer).
pub(super) static LIST_MOVES: [Command; 6] = [DOWN, UP, PAGE_DOWN, PAGE_UP, FIRST, LAST];

/// The same keys on a page of text, where they scroll: one list for every document screen.
pub(super) static DOCUMENT_MOVES: [Command; 6] =
    [SCROLLS_DOWN, SCROLLS_UP, PAGE_DOWN, PAGE_UP, TOP, END];

pub(super) const DOWN: Command = Command::quiet(
    &[Key::ch('j'), Key::code(KeyCode::Down)],
    "next",
    Action::Down,
);
pub(super) const UP: Command = Command::quiet(
    &[Key::ch('k'), Key::code(KeyCode::Up)],
    "previous",
    Action::Up,
);
pub(super) const PAGE_DOWN: Command = Command::quiet(
    &[Key::code(KeyCode::PageDown)],
    "a page down",
    Action::PageDown,
);
pub(super) const PAGE_UP: Command =
    Command::quiet(&[Key::code(KeyCode::PageUp)], "a page up", Action::PageUp);
pub(super) const FIRST: Command = Command::quiet(
    &[Key::ch('g'), Key::code(KeyCode::Home)],
    "first",
    Action::First,
);
pub(super) const LAST: Command = Command::quiet(
    &[Key::ch('G'), Key::code(KeyCode::End)],
    "last",
    Action::Last,
);

pub(super) const SCROLLS_DOWN: Command = Command::quiet(
    &[Key::ch('j'), Key::code(KeyCode::Down)],
    "scroll down",
    Action::Down,
);
pub(super) const SCROLLS_UP: Command = Command::quiet(
    &[Key::ch('k'), Key::code(KeyCode::Up)],
    "scroll up",
    Action::Up,
);
pub(super) const TOP: Command = Command::quiet(
    &[Key::ch('g'), Key::code(KeyCode::Home)],
    "to the top",
    Action::First,
);
pub(super) const END: Command = Command::quiet(
    &[Key::ch('G'), Key::code(KeyCode::End)],
    "to the end",
    Action::Last,
);

/// The selected item and the first item on screen, of a list of `len` items.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct ListCursor {
    pub selected: usize,
    pub offset: usize,
}

impl ListCursor {
    /// Applies a movement action for a list of `len` items, `rows` of them on screen.
    /// Returns whether the action was a movement.
    pub(super) fn navigate(&mut self, action: &Action, len: usize, rows: usize) -> bool {
        let rows = rows.max(1);
        let page = isize::try_from(rows).unwrap_or(isize::MAX);
        match action {
            Action::Down => self.move_by(1, len, rows),
            Action::Up => self.move_by(-1, len, rows),
            Action::PageDown => self.move_by(page, len, rows),
            Action::PageUp => self.move_by(-page, len, rows),
            Action::First => self.move_by(isize::MIN, len, rows),
            Action::Last => self.move_by(isize::MAX, len, rows),
            Action::Scroll(lines) => self.scroll(isize::try_from(*lines).unwrap_or(0), len, rows),
            _ => return false,
        }
        true
    }

    pub(super) fn move_by(&mut self, delta: isize, len: usize, rows: usize) {
        let last = len.saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        self.keep_visible(len, rows);
    }

    /// The wheel moves the view; the selection follows only as far as it must.
    pub(super) fn scroll(&mut self, delta: isize, len: usize, rows: usize) {
        let rows = rows.max(1);
        let max_offset = len.saturating_sub(rows);
        self.offset = self.offset.saturating_add_signed(delta).min(max_offset);
        let bottom = self.offset + rows - 1;
        self.selected = self
            .selected
            .clamp(self.offset, bottom.max(self.offset))
            .min(len.saturating_sub(1));
    }

    /// Selects the `row`-th item on screen, if there is one.
    pub(super) fn select_row(&mut self, row: usize, len: usize) -> bool {
        let at = self.offset + row;
        if at < len {
            self.selected = at;
        }
        at < len
    }

    /// Scrolls just enough that the selection is on screen, never past the end; after the
    /// list shrank, the selection moves onto its last item.
    pub(super) fn keep_visible(&mut self, len: usize, rows: usize) {
        let rows = rows.max(1);
        self.selected = self.selected.min(len.saturating_sub(1));
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
        self.offset = self.offset.min(len.saturating_sub(rows));
    }

    /// After the list was reloaded with `len` items: the selection stays where it was if it
    /// still can, and the view does not move (the next key or draw settles it).
    pub(super) fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        self.offset = self.offset.min(self.selected);
    }

    /// The positions on screen, for `rows` rows.
    pub(super) fn window(&self, len: usize, rows: usize) -> std::ops::Range<usize> {
        let start = self.offset.min(len);
        start..(start + rows).min(len)
    }
}

/// Scrolls a page of `total` lines, `rows` on screen, by a movement action; returns whether
/// the action was one.
pub(super) fn scroll_page(offset: &mut usize, action: &Action, total: usize, rows: usize) -> bool {
    let rows = rows.max(1);
    let max = total.saturating_sub(rows);
    let page = isize::try_from(rows.saturating_sub(1).max(1)).unwrap_or(isize::MAX);
    let delta = match action {
        Action::Down => 1,
        Action::Up => -1,
        Action::PageDown => page,
        Action::PageUp => -page,
        Action::First => isize::MIN,
        Action::Last => isize::MAX,
        Action::Scroll(lines) => isize::try_from(*lines).unwrap_or(0),
        _ => return false,
    };
    *offset = offset.saturating_add_signed(delta).min(max);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_selection_stays_on_screen_and_inside_the_list() {
        let mut c = ListCursor::default();
        c.navigate(&Action::Last, 10, 4);
        assert_eq!((c.selected, c.offset), (9, 6));
        c.navigate(&Action::PageUp, 10, 4);
        assert_eq!((c.selected, c.offset), (5, 5));
        c.keep_visible(3, 4);
        assert_eq!((c.selected, c.offset), (2, 0), "the list shrank");
        c.navigate(&Action::Down, 0, 4);
        assert_eq!((c.selected, c.offset), (0, 0));
        assert_eq!(c.window(0, 4), 0..0);
    }

    #[test]
    fn pages_scroll_but_not_past_their_end() {
        let mut offset = 0;
        scroll_page(&mut offset, &Action::PageDown, 30, 10);
        assert_eq!(offset, 9);
        scroll_page(&mut offset, &Action::Last, 30, 10);
        assert_eq!(offset, 20);
        scroll_page(&mut offset, &Action::Down, 30, 10);
        assert_eq!(offset, 20);
        scroll_page(&mut offset, &Action::First, 30, 10);
        assert_eq!(offset, 0);
    }
}
