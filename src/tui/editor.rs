//! A multi-line text editor for check-in notes: the text, a cursor, word wrapping to a width
//! and cursor movement by wrapped rows. Pure; drawing and keys belong to the form.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::domain::text::sanitize;

/// One wrapped row: a byte range of the text (without the line's '\n').
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Row {
    start: usize,
    end: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct TextArea {
    text: String,
    /// Byte offset of the cursor, always on a character boundary.
    cursor: usize,
    /// The column up and down aim for, kept while moving through shorter rows.
    goal: Option<usize>,
}

impl TextArea {
    /// An editor holding `text`, the cursor at its end (to edit what was written before).
    pub(super) fn from_text(text: &str) -> Self {
        Self {
            text: text.to_string(),
            cursor: text.len(),
            goal: None,
        }
    }

    pub(super) fn text(&self) -> &str {
        &self.text
    }

    pub(super) fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub(super) fn insert(&mut self, c: char) {
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
        self.goal = None;
    }

    pub(super) fn backspace(&mut self) {
        if let Some(c) = self.text[..self.cursor].chars().next_back() {
            self.cursor -= c.len_utf8();
            self.text.remove(self.cursor);
        }
        self.goal = None;
    }

    pub(super) fn delete(&mut self) {
        if self.cursor < self.text.len() {
            self.text.remove(self.cursor);
        }
        self.goal = None;
    }

    pub(super) fn left(&mut self) {
        if let Some(c) = self.text[..self.cursor].chars().next_back() {
            self.cursor -= c.len_utf8();
        }
        self.goal = None;
    }

    pub(super) fn right(&mut self) {
        if let Some(c) = self.text[self.cursor..].chars().next() {
            self.cursor += c.len_utf8();
        }
        self.goal = None;
    }

    pub(super) fn up(&mut self, width: usize) {
        self.vertical(width, -1);
    }

    pub(super) fn down(&mut self, width: usize) {
        self.vertical(width, 1);
    }

    pub(super) fn line_start(&mut self, width: usize) {
        let rows = rows(&self.text, width);
        let (r, _) = self.position_in(&rows);
        self.cursor = rows[r].start;
        self.goal = None;
    }

    pub(super) fn line_end(&mut self, width: usize) {
        let rows = rows(&self.text, width);
        let (r, _) = self.position_in(&rows);
        self.cursor = last_position(&self.text, &rows, r);
        self.goal = None;
    }

    fn vertical(&mut self, width: usize, step: isize) {
        let rows = rows(&self.text, width);
        let (r, col) = self.position_in(&rows);
        let goal = self.goal.unwrap_or(col);
        let Some(target) = r.checked_add_signed(step).filter(|t| *t < rows.len()) else {
            // Past the first or last row: to the very start or end, as most editors do.
            self.cursor = if step < 0 { 0 } else { self.text.len() };
            self.goal = None;
            return;
        };
        let row = rows[target];
        let limit = last_position(&self.text, &rows, target);
        let mut at = row.start;
        let mut used = 0;
        for (i, c) in self.text[row.start..limit].char_indices() {
            let w = c.width().unwrap_or(0);
            if used + w > goal {
                break;
            }
            used += w;
            at = row.start + i + c.len_utf8();
        }
        self.cursor = at;
        self.goal = Some(goal);
    }

    /// The cursor's wrapped row and column.
    fn position_in(&self, rows: &[Row]) -> (usize, usize) {
        let r = rows
            .iter()
            .rposition(|row| row.start <= self.cursor && self.cursor <= row.end)
            .unwrap_or(0);
        let col = self.text[rows[r].start..self.cursor].width();
        (r, col)
    }

    /// What the editor shows in a box `width` columns wide and `height` rows high: the rows
    /// (made safe for the terminal) and the cursor's column and row within the box. The view
    /// follows the cursor.
    pub(super) fn view(&self, width: usize, height: usize) -> (Vec<String>, (usize, usize)) {
        let rows = rows(&self.text, width);
        let (r, col) = self.position_in(&rows);
        let height = height.max(1);
        let top = (r + 1).saturating_sub(height);
        let shown = rows
            .iter()
            .skip(top)
            .take(height)
            .map(|row| sanitize(&self.text[row.start..row.end]).into_owned())
            .collect();
        (shown, (col, r - top))
    }
}

/// `text` wrapped at `width` columns as the editor wraps it (at spaces; a word longer than a
/// row is split, never cut), each of its lines made safe for the terminal first.
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.split('\n') {
        let safe = sanitize(line);
        let mut rows = Vec::new();
        wrap_line(&safe, 0, safe.len(), width.max(1), &mut rows);
        out.extend(
            rows.iter()
                .map(|r| safe[r.start..r.end].trim_end().to_string()),
        );
    }
    out
}

/// Where the cursor may stand at the end of row `r`: its end, or just before it when the
/// next row continues the same line (that position belongs to the next row).
fn last_position(text: &str, rows: &[Row], r: usize) -> usize {
    let row = rows[r];
    let continues = rows.get(r + 1).is_some_and(|next| next.start == row.end);
    if continues {
        text[row.start..row.end]
            .char_indices()
            .next_back()
            .map_or(row.start, |(i, _)| row.start + i)
    } else {
        row.end
    }
}

/// The text's rows wrapped at `width` columns, at spaces where possible. One column is kept
/// free so the cursor can stand after the last character.
fn rows(text: &str, width: usize) -> Vec<Row> {
    let width = width.saturating_sub(1).max(1);
    let mut out = Vec::new();
    let mut line_start = 0;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), '\n')))
    {
        if c == '\n' {
            wrap_line(text, line_start, i, width, &mut out);
            line_start = i + 1;
        }
    }
    out
}

fn wrap_line(text: &str, start: usize, end: usize, width: usize, out: &mut Vec<Row>) {
    let mut row_start = start;
    let mut used = 0;
    let mut after_space: Option<usize> = None;
    for (i, c) in text[start..end].char_indices() {
        let at = start + i;
        let w = c.width().unwrap_or(0);
        // A space may hang past the edge: the row breaks after it, at the next word.
        if c != ' ' && used + w > width && at > row_start {
            let cut = after_space.filter(|b| *b > row_start).unwrap_or(at);
            out.push(Row {
                start: row_start,
                end: cut,
            });
            row_start = cut;
            used = text[row_start..at].width();
            after_space = None;
        }
        used += w;
        if c == ' ' {
            after_space = Some(at + 1);
        }
    }
    out.push(Row {
        start: row_start,
        end,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> TextArea {
        let mut area = TextArea::default();
        for c in text.chars() {
            area.insert(c);
        }
        area
    }

    #[test]
    fn text_wraps_at_spaces_and_keeps_newlines() {
        let area = typed("slept badly this week\nsecond line");
        let (rows, cursor) = area.view(11, 10);
        assert_eq!(rows, ["slept ", "badly this ", "week", "second ", "line"]);
        assert_eq!(cursor, (4, 4));
    }

    #[test]
    fn long_words_are_cut_and_the_view_follows_the_cursor() {
        let area = typed("abcdefghijkl");
        let (rows, cursor) = area.view(5, 2);
        assert_eq!(rows, ["efgh", "ijkl"]);
        assert_eq!(cursor, (4, 1));
    }

    #[test]
    fn arrows_move_through_wrapped_rows() {
        let mut area = typed("one two three\nfour");
        area.up(8);
        assert_eq!(
            area.view(8, 10).1,
            (4, 1),
            "from the end of 'four' up to 'three'"
        );
        area.up(8);
        assert_eq!(area.view(8, 10).1, (4, 0));
        area.line_start(40);
        area.insert('>');
        assert_eq!(area.text(), ">one two three\nfour");
        area.line_end(40);
        area.right();
        area.right();
        area.backspace();
        assert_eq!(area.text(), ">one two three\nour");
        area.down(40);
        assert_eq!(area.view(40, 10).1, (3, 1), "past the last row: the end");
        area.left();
        area.delete();
        assert_eq!(area.text(), ">one two three\nou");
    }

    #[test]
    fn an_empty_editor_has_one_empty_row() {
        let mut area = TextArea::default();
        area.up(10);
        area.backspace();
        area.delete();
        assert_eq!(area.view(10, 3), (vec![String::new()], (0, 0)));
        area.insert('\n');
        assert_eq!(area.view(10, 3).1, (0, 1));
    }
}
