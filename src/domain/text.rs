//! Making user-supplied text safe to show in a terminal.
//! Stored text is kept as written; only what reaches the screen is neutralised.

use std::borrow::Cow;

/// Replaces control characters (C0, DEL, C1 — which carry escape sequences such as
/// `ESC [2J` or an OSC 52 clipboard write) with visible stand-ins. Single-line: newlines
/// and tabs become spaces.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(neutralise).collect())
}

/// Whether `c` must never reach a terminal as it is: a control character (C0, DEL, C1)
/// or a bidirectional override, mark or isolate, which can make text read differently.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn neutralise(c: char) -> char {
    match c {
        '\n' | '\t' | '\r' => ' ',
        // C0 controls have printable "control pictures" at U+2400 + code.
        '\0'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        c if is_unsafe(c) => '\u{fffd}',
        c => c,
    }
}

/// A count of things in words, grouped by thousands: "1 entry", "1,204 entries".
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", thousands(n))
    }
}

/// A count with its thousands grouped, as every front end writes one: 60000 → "60,000".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_untouched() {
        assert!(matches!(sanitize("Blackwood, Teodoro"), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_sequences_cannot_reach_the_terminal() {
        let hostile = "a\u{1b}[2Jb\u{1b}]52;c;aGk=\u{7}c\u{9b}31md\u{7f}";
        let shown = sanitize(hostile);
        assert!(!shown.chars().any(|c| c.is_control()), "{shown:?}");
        assert_eq!(
            shown,
            "a\u{241b}[2Jb\u{241b}]52;c;aGk=\u{2407}c\u{fffd}31md\u{2421}"
        );
    }

    #[test]
    fn bidi_overrides_are_neutralised_and_newlines_flattened() {
        assert_eq!(sanitize("x\u{202e}y\nz"), "x\u{fffd}y z");
    }
}
