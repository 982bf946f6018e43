//! ASCII mode: the full-screen app without Unicode glyphs, for terminals (and locales,
//! fonts, braille displays, magnifiers) that cannot show them.
//!
//! Two parts. [`Glyphs`] is the set the screens ask for where a glyph carries meaning (the
//! selection marker, severity, the ellipsis that says something was cut, chart points, key
//! names); it is chosen for the frame being drawn ([`Mode::enter`], from the theme). Then
//! [`to_ascii`] passes over the drawn buffer and replaces whatever else is outside printable
//! ASCII — borders, separators, quotes, arrows, and accented letters in names people typed —
//! with a stand-in, or `?` for a character it does not know; so nothing else reaches the
//! terminal, whatever a screen (or a user) wrote.

use std::cell::Cell as FlagCell;
use std::ffi::OsStr;

use ratatui::buffer::{Buffer, Cell};
use ratatui::symbols::Marker;
use unicode_width::UnicodeWidthStr;

/// Whether the locale's character set is UTF-8, from the variables as POSIX orders them:
/// the first of `LC_ALL`, `LC_CTYPE`, `LANG` that is set (and not empty) decides. `C`,
/// `POSIX` and any other codeset are not UTF-8 (`C`'s is ASCII). With none set we say
/// UTF-8: every terminal emulator of the last decade is, a bare environment (a service, a
/// container, `env -i`) is where this happens, and the app stays usable either way —
/// `--ascii` turns the plain characters on by hand.
pub fn utf8_locale(lc_all: Option<&OsStr>, lc_ctype: Option<&OsStr>, lang: Option<&OsStr>) -> bool {
    let Some(name) = [lc_all, lc_ctype, lang]
        .into_iter()
        .flatten()
        .find(|v| !v.is_empty())
    else {
        return true;
    };
    let name = name.to_string_lossy();
    // language[_territory][.codeset][@modifier]
    let without_modifier = name.split('@').next().unwrap_or("");
    let Some((_, codeset)) = without_modifier.split_once('.') else {
        return false;
    };
    let codeset: String = codeset
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    codeset == "utf8"
}

/// Whether this process's locale asks for ASCII (its character set is not UTF-8).
pub fn locale_wants_ascii() -> bool {
    !utf8_locale(
        std::env::var_os("LC_ALL").as_deref(),
        std::env::var_os("LC_CTYPE").as_deref(),
        std::env::var_os("LANG").as_deref(),
    )
}

/// The glyphs a screen uses where a glyph carries meaning.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Glyphs {
    /// Marks the selected row and the focused field (always with the `Selected` style).
    pub marker: &'static str,
    /// Ends text that was cut short; `short_ellipsis` where there is little room.
    pub ellipsis: &'static str,
    pub short_ellipsis: &'static str,
    pub high: &'static str,
    pub moderate: &'static str,
    pub low: &'static str,
    /// A passphrase's characters, one each.
    pub secret: char,
    /// Beside the minutes left before the idle lock.
    pub lock: &'static str,
    pub up: &'static str,
    pub down: &'static str,
    pub left: &'static str,
    pub right: &'static str,
    /// Joins a chart's points.
    pub chart_line: Marker,
}

const UNICODE: Glyphs = Glyphs {
    marker: "▶",
    ellipsis: "…",
    short_ellipsis: "…",
    high: "●",
    moderate: "◆",
    low: "·",
    secret: '•',
    lock: "🔒",
    up: "↑",
    down: "↓",
    left: "←",
    right: "→",
    chart_line: Marker::Braille,
};

const ASCII: Glyphs = Glyphs {
    marker: ">",
    ellipsis: "...",
    short_ellipsis: "~",
    high: "*",
    moderate: "+",
    low: "-",
    secret: '*',
    lock: "lock",
    up: "Up",
    down: "Down",
    left: "Left",
    right: "Right",
    // Dots only: a line of braille would become a row of stand-ins.
    chart_line: Marker::Dot,
};

thread_local! {
    static ASCII_MODE: FlagCell<bool> = const { FlagCell::new(false) };
}

/// The glyphs of the frame being drawn on this thread.
pub(crate) fn glyphs() -> &'static Glyphs {
    if ASCII_MODE.with(FlagCell::get) {
        &ASCII
    } else {
        &UNICODE
    }
}

/// The mode of one frame: set while it is drawn, put back as it was when dropped. The
/// frame is drawn on one thread, start to end, so its helpers (`widgets::truncate`, the
/// key names) need not be handed the theme.
pub(super) struct Mode(bool);

impl Mode {
    pub(super) fn enter(ascii: bool) -> Self {
        Self(ASCII_MODE.with(|m| m.replace(ascii)))
    }
}

impl Drop for Mode {
    fn drop(&mut self) {
        let previous = self.0;
        ASCII_MODE.with(|m| m.set(previous));
    }
}

/// Replaces every cell outside printable ASCII with a stand-in. Where a stand-in is longer
/// than its glyph ("->" for "→", "..." for "…", "lock"), the text after it moves right
/// into the next run of two or more spaces (one space is kept); a row without such room
/// gets one-character stand-ins instead, so nothing is pushed off the row or out of line.
pub(super) fn to_ascii(buffer: &mut Buffer) {
    let area = buffer.area;
    for y in area.top()..area.bottom() {
        let cells: Vec<Cell> = (area.left()..area.right())
            .map(|x| buffer[(x, y)].clone())
            .collect();
        if cells.iter().all(|c| is_plain(c.symbol())) {
            continue;
        }
        let row = rewrite(&cells, true)
            .unwrap_or_else(|| rewrite(&cells, false).unwrap_or_else(|| cells.clone()));
        for (x, cell) in (area.left()..area.right()).zip(row) {
            buffer[(x, y)] = cell;
        }
    }
}

fn is_plain(symbol: &str) -> bool {
    symbol.bytes().all(|b| (0x20..0x7f).contains(&b))
}

/// The row with stand-ins (long ones where `long`), or `None` if they do not fit.
fn rewrite(cells: &[Cell], long: bool) -> Option<Vec<Cell>> {
    let mut out: Vec<Cell> = Vec::with_capacity(cells.len());
    let mut debt = 0usize;
    let mut x = 0;
    while x < cells.len() {
        let cell = &cells[x];
        let symbol = cell.symbol();
        if is_plain(symbol) {
            let absorbs = symbol == " "
                && debt > 0
                && cells.get(x + 1).is_none_or(|next| next.symbol() == " ");
            if absorbs {
                debt -= 1;
            } else {
                out.push(cell.clone());
            }
            x += 1;
            continue;
        }
        let span = symbol.width().max(1).min(cells.len() - x);
        let (text, _) = stand_in(symbol, span, long);
        let mut text = text;
        while text.len() < span {
            text.push(' ');
        }
        debt += text.len() - span;
        for c in text.chars() {
            let mut piece = cell.clone();
            piece.set_char(c);
            out.push(piece);
        }
        x += span;
    }
    // The long stand-ins must leave the row as wide as it was.
    if out.len() > cells.len() {
        return None;
    }
    let last = cells.last().cloned().unwrap_or_default();
    while out.len() < cells.len() {
        let mut blank = last.clone();
        blank.set_char(' ');
        out.push(blank);
    }
    Some(out)
}

/// The stand-in for one cell's symbol `span` columns wide: the long form (which may be
/// wider) or one no wider than the glyph; `true` when every character was known.
fn stand_in(symbol: &str, span: usize, long: bool) -> (String, bool) {
    let mut text = String::new();
    let mut known = true;
    for c in symbol.chars() {
        if (' '..='~').contains(&c) {
            text.push(c);
            continue;
        }
        match char_stand_in(c) {
            Some((_, short)) if !long => text.push_str(short),
            Some((full, _)) => text.push_str(full),
            None if is_combining(c) => {}
            None => {
                known = false;
                text.push_str(&"?".repeat(span));
            }
        }
    }
    if !long {
        text.truncate(span);
    }
    (text, known)
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{fe00}'..='\u{fe0f}' | '\u{200b}'..='\u{200d}')
}

/// (long, short) stand-ins for a character, or `None` for one not known.
fn char_stand_in(c: char) -> Option<(&'static str, &'static str)> {
    let both = |s: &'static str| Some((s, s));
    match c {
        // Box drawing: lines and their corners and joins.
        '─' | '━' | '═' | '╌' | '┄' => both("-"),
        '│' | '┃' | '║' | '╎' | '┆' => both("|"),
        '\u{2500}'..='\u{257f}' => both("+"),
        // Blocks: the report's bars, the text cursor.
        '█' | '▇' | '▆' | '▅' | '▀' | '▓' | '▒' => both("#"),
        '▄' | '▃' => both("="),
        '▂' | '▁' => both("_"),
        '▏' | '▎' | '▍' | '▌' | '▐' | '▕' => both("|"),
        '\u{2580}'..='\u{259f}' => both("#"),
        '\u{2800}' => both(" "),
        '\u{2801}'..='\u{28ff}' => both("*"),
        '▶' | '►' | '▸' | '›' | '»' => both(">"),
        '◀' | '◄' | '◂' | '‹' | '«' => both("<"),
        '●' | '•' | '∙' | '⚫' | '★' => both("*"),
        '◆' | '◇' | '♦' => both("+"),
        '·' => both("|"),
        '○' | '◯' => both("o"),
        '✓' | '✔' => Some(("ok", "+")),
        '✗' | '✘' | '×' => both("x"),
        '⚠' => Some(("(!)", "!")),
        '—' | '–' | '−' | '‐' | '‑' => both("-"),
        '“' | '”' | '„' | '″' => both("\""),
        '‘' | '’' | '‚' | '′' => both("'"),
        '…' => Some(("...", "~")),
        '→' => Some(("->", ">")),
        '←' => Some(("<-", "<")),
        '↑' => both("^"),
        // "↓ 3 more" (lines below) as "... 3 more": a bare "v" reads as a key.
        '↓' => Some(("...", "v")),
        '≤' => Some(("<=", "<")),
        '≥' => Some((">=", ">")),
        '≠' => Some(("!=", "#")),
        'Σ' => Some(("Sum", "S")),
        '°' => Some(("deg", "o")),
        '🔒' => Some(("lock", "L")),
        '\u{a0}' | '\u{2002}'..='\u{200a}' | '\u{202f}' => both(" "),
        // The visible stand-ins `sanitize` writes for control characters, as ^X.
        '\u{2400}'..='\u{241f}' => Some((caret(c), "?")),
        '\u{2421}' => both("^?"),
        _ => latin(c).map(|s| (s, s)),
    }
}

fn caret(c: char) -> &'static str {
    const CARETS: [&str; 32] = [
        "^@", "^A", "^B", "^C", "^D", "^E", "^F", "^G", "^H", "^I", "^J", "^K", "^L", "^M", "^N",
        "^O", "^P", "^Q", "^R", "^S", "^T", "^U", "^V", "^W", "^X", "^Y", "^Z", "^[", "^\\", "^]",
        "^^", "^_",
    ];
    let n = (c as u32).saturating_sub(0x2400) as usize;
    CARETS.get(n).copied().unwrap_or("?")
}

/// Common accented Latin letters as their base letters ("é" as "e"), so names still read.
fn latin(c: char) -> Option<&'static str> {
    Some(match c {
        'À'..='Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'à'..='å' | 'ā' | 'ă' | 'ą' => "a",
        'Æ' => "AE",
        'æ' => "ae",
        'Ç' | 'Ć' | 'Č' => "C",
        'ç' | 'ć' | 'č' => "c",
        'Ð' | 'Ď' | 'Đ' => "D",
        'ð' | 'ď' | 'đ' => "d",
        'È'..='Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => "E",
        'è'..='ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'Ğ' => "G",
        'ğ' => "g",
        'Ì'..='Ï' | 'Ī' | 'Į' | 'İ' => "I",
        'ì'..='ï' | 'ī' | 'į' | 'ı' => "i",
        'Ł' | 'Ľ' => "L",
        'ł' | 'ľ' => "l",
        'Ñ' | 'Ń' | 'Ň' => "N",
        'ñ' | 'ń' | 'ň' => "n",
        'Ò'..='Ö' | 'Ø' | 'Ō' | 'Ő' => "O",
        'ò'..='ö' | 'ø' | 'ō' | 'ő' => "o",
        'Œ' => "OE",
        'œ' => "oe",
        'Ř' => "R",
        'ř' => "r",
        'Ś' | 'Š' | 'Ş' | 'Ș' => "S",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ß' => "ss",
        'Ť' | 'Ț' => "T",
        'ť' | 'ț' => "t",
        'Ù'..='Ü' | 'Ū' | 'Ů' | 'Ű' | 'Ų' => "U",
        'ù'..='ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'Ý' | 'Ÿ' => "Y",
        'ý' | 'ÿ' => "y",
        'Ź' | 'Ż' | 'Ž' => "Z",
        'ź' | 'ż' | 'ž' => "z",
        'Þ' => "Th",
        'þ' => "th",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::{Modifier, Style};

    fn os(s: &str) -> Option<&OsStr> {
        Some(OsStr::new(s))
    }

    #[test]
    fn the_first_locale_variable_set_decides_as_posix_orders_them() {
        assert!(utf8_locale(None, None, os("en_US.UTF-8")));
        assert!(utf8_locale(None, None, os("C.UTF-8")));
        assert!(utf8_locale(None, None, os("de_DE.utf8@euro")));
        assert!(!utf8_locale(None, None, os("C")));
        assert!(!utf8_locale(None, None, os("POSIX")));
        assert!(!utf8_locale(None, None, os("en_US.ISO-8859-1")));
        assert!(!utf8_locale(None, None, os("en_US")));
        // LC_ALL over LC_CTYPE over LANG, either way round.
        assert!(!utf8_locale(os("C"), os("en_US.UTF-8"), os("en_US.UTF-8")));
        assert!(utf8_locale(os("en_US.UTF-8"), os("C"), os("C")));
        assert!(!utf8_locale(None, os("POSIX"), os("en_US.UTF-8")));
        assert!(utf8_locale(None, os("C.UTF-8"), os("C")));
        // An empty variable counts as not set.
        assert!(utf8_locale(os(""), os(""), os("en_US.UTF-8")));
        assert!(!utf8_locale(os(""), None, os("C")));
        // None set: UTF-8.
        assert!(utf8_locale(None, None, None));
    }

    fn buffer_of(lines: &[&str]) -> Buffer {
        let width = lines.iter().map(|l| l.width()).max().unwrap_or(0);
        let mut buffer = Buffer::empty(Rect::new(0, 0, width as u16, lines.len() as u16));
        for (y, line) in lines.iter().enumerate() {
            buffer.set_string(0, y as u16, line, Style::new());
        }
        buffer
    }

    fn rows(buffer: &Buffer) -> Vec<String> {
        let area = buffer.area;
        (area.top()..area.bottom())
            .map(|y| {
                (area.left()..area.right())
                    .map(|x| buffer[(x, y)].symbol())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn boxes_markers_and_symbols_become_plain_characters() {
        let mut buffer = buffer_of(&[
            "┌─ steady · vault ─┐",
            "│▶ ● Sleep (high)  │",
            "│“quoted” — said   │",
            "└──────────────────┘",
        ]);
        to_ascii(&mut buffer);
        assert_eq!(
            rows(&buffer),
            [
                "+- steady | vault -+",
                "|> * Sleep (high)  |",
                "|\"quoted\" - said   |",
                "+------------------+",
            ]
        );
    }

    #[test]
    fn long_stand_ins_take_room_from_spaces_and_fall_back_where_there_is_none() {
        let mut buffer = buffer_of(&[
            "a → b          |",
            "Loading…       |",
            "x→y→z→w→v→u→t→s|",
            "🔒 5m          |",
        ]);
        to_ascii(&mut buffer);
        assert_eq!(
            rows(&buffer),
            [
                "a -> b         |",
                "Loading...     |",
                "x>y>z>w>v>u>t>s|",
                "lock 5m        |",
            ]
        );
        let mut tight = buffer_of(&["🔒 5m|"]);
        to_ascii(&mut tight);
        assert_eq!(rows(&tight), ["L  5m|"]);
    }

    #[test]
    fn names_keep_their_letters_and_unknown_characters_are_question_marks() {
        let mut buffer = buffer_of(&["José Müller, Łukasz  漢字 ␛[2J   "]);
        to_ascii(&mut buffer);
        assert_eq!(rows(&buffer), ["Jose Muller, Lukasz  ???? ^[[2J  "]);
    }

    #[test]
    fn the_styles_move_with_the_text() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 10, 1));
        buffer.set_string(0, 0, "→ ok", Style::new().add_modifier(Modifier::BOLD));
        to_ascii(&mut buffer);
        assert_eq!(rows(&buffer), ["-> ok     "]);
        assert!(buffer[(1, 0)].modifier.contains(Modifier::BOLD));
        assert!(buffer[(4, 0)].modifier.contains(Modifier::BOLD));
    }

    #[test]
    fn every_cell_is_printable_ascii_afterwards() {
        let all: String = (0x80u32..0x3000).filter_map(char::from_u32).collect();
        let mut buffer = Buffer::empty(Rect::new(0, 0, 64, 420));
        for (y, chunk) in all.chars().collect::<Vec<_>>().chunks(30).enumerate() {
            let text: String = chunk.iter().collect();
            buffer.set_string(0, y as u16, text, Style::new());
        }
        to_ascii(&mut buffer);
        for cell in &buffer.content {
            assert!(is_plain(cell.symbol()), "{:?}", cell.symbol());
        }
    }

    #[test]
    fn the_glyphs_follow_the_frame_being_drawn_and_are_put_back() {
        assert_eq!(glyphs(), &UNICODE);
        {
            let _ascii = Mode::enter(true);
            assert_eq!(glyphs().marker, ">");
            {
                let _unicode = Mode::enter(false);
                assert_eq!(glyphs().marker, "▶");
            }
            assert_eq!(glyphs().marker, ">");
        }
        assert_eq!(glyphs(), &UNICODE);
    }
}
