//! How the command line speaks: one clear line on stderr for failures, plain aligned text
//! or JSON on stdout for results. Every line printed passes through `sanitize`, and JSON
//! escapes every control and bidi character, so stored text never drives the terminal.

use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

use crate::desk;
use crate::domain::text::{is_unsafe, sanitize};

/// A failure as the user sees it: an exit code, one line, and any details (one per line).
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
    pub details: Vec<String>,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            code: 2,
            message: message.into(),
            details: Vec::new(),
        }
    }

    pub fn other(message: impl Into<String>) -> Self {
        Self {
            code: 1,
            message: message.into(),
            details: Vec::new(),
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self {
            code: 5,
            message: message.into(),
            details: Vec::new(),
        }
    }

    pub fn print(&self) {
        eprintln!("steady: {}", sanitize(&self.message));
        for detail in &self.details {
            eprintln!("  {}", sanitize(detail));
        }
    }
}

impl From<desk::Error> for Failure {
    fn from(e: desk::Error) -> Self {
        let details = match &e {
            desk::Error::Roster(errors) => errors.iter().map(ToString::to_string).collect(),
            _ => Vec::new(),
        };
        Self {
            code: e.exit_code(),
            message: e.to_string(),
            details,
        }
    }
}

/// Set once stdout has gone away (a closed pipe): later writes are dropped quietly.
static STDOUT_GONE: AtomicBool = AtomicBool::new(false);
/// The first failure to write stdout that was not a closed pipe (a full disk, say).
static STDOUT_FAILED: Mutex<Option<String>> = Mutex::new(None);

/// Writes one line to stdout. A reader that went away (`steady audit list | head -1`)
/// is not an error: the rest is dropped quietly instead of panicking like `println!`.
///
/// Each line is sanitised here, at the last step, whatever built it: stdout is often a
/// terminal even when piped (`| less -R`, `| column`), and stored text (a name, a rule
/// title, a unit in a CSV report) may carry escape sequences. Exact bytes are kept in
/// JSON (escaped, so nothing is lost) and in files written with `--out`.
pub(super) fn write_line(args: std::fmt::Arguments<'_>) {
    if STDOUT_GONE.load(Ordering::Relaxed) {
        return;
    }
    let text = args.to_string();
    let mut safe = String::with_capacity(text.len() + 1);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            safe.push('\n');
        }
        safe.push_str(&sanitize(line));
    }
    safe.push('\n');
    write_stdout(safe.as_bytes());
}

/// Writes text steady generated from its own definitions (a manual page, a completion
/// script) to stdout as it is: no stored text is in it, and a script needs its tabs.
pub(super) fn write_raw(bytes: &[u8]) {
    if STDOUT_GONE.load(Ordering::Relaxed) {
        return;
    }
    write_stdout(bytes);
}

/// Writes to stdout; remembers a closed pipe (quietly) or another failure (to report).
fn write_stdout(bytes: &[u8]) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(bytes).and_then(|()| out.flush()) {
        STDOUT_GONE.store(true, Ordering::Relaxed);
        if e.kind() != std::io::ErrorKind::BrokenPipe
            && let Ok(mut failed) = STDOUT_FAILED.lock()
        {
            failed.get_or_insert_with(|| e.to_string());
        }
    }
}

/// Why stdout could not be written, if it failed for another reason than a closed pipe.
pub(super) fn stdout_failure() -> Option<Failure> {
    let failed = STDOUT_FAILED.lock().ok()?.clone()?;
    Some(Failure::other(format!("cannot write the output: {failed}")))
}

/// `println!` for results on stdout, through [`write_line`].
macro_rules! say {
    () => {
        $crate::cli::output::write_line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::cli::output::write_line(format_args!($($arg)*))
    };
}
pub(crate) use say;

/// Prints `value` as JSON on stdout.
pub(super) fn json<T: Serialize>(value: &T) -> Result<(), Failure> {
    let bytes = json_bytes(value)?;
    say!("{}", String::from_utf8_lossy(&bytes));
    Ok(())
}

/// `value` as pretty JSON in which every character [`is_unsafe`] is written as a `\uXXXX`
/// escape: the same JSON value, exact for a program, inert in a terminal.
pub(super) fn json_bytes<T: Serialize>(value: &T) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut bytes, TerminalSafe::default());
    value
        .serialize(&mut serializer)
        .map_err(|e| Failure::other(format!("cannot format JSON: {e}")))?;
    Ok(bytes)
}

/// serde_json's pretty layout, escaping what serde_json itself leaves raw (DEL, C1
/// controls, bidi overrides) as well as the C0 controls it always escapes.
#[derive(Default)]
struct TerminalSafe(serde_json::ser::PrettyFormatter<'static>);

impl serde_json::ser::Formatter for TerminalSafe {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut rest = fragment;
        while let Some((at, c)) = rest.char_indices().find(|&(_, c)| is_unsafe(c)) {
            writer.write_all(&rest.as_bytes()[..at])?;
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// A message for the person (not the result): stderr, sanitised.
pub(super) fn note(message: &str) {
    eprintln!("{}", sanitize(message));
}

/// Prints rows as left-aligned columns, sanitising every cell.
pub(super) fn table(header: &[&str], rows: &[Vec<String>]) {
    use unicode_width::UnicodeWidthStr;
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| sanitize(c).into_owned()).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in &cells {
        for (i, cell) in row.iter().enumerate() {
            if i < widths.len() {
                widths[i] = widths[i].max(cell.width());
            }
        }
    }
    let line = |row: Vec<&str>| {
        let mut out = String::new();
        for (i, cell) in row.iter().enumerate() {
            out.push_str(cell);
            if i + 1 < row.len() {
                out.push_str(&" ".repeat(widths[i].saturating_sub(cell.width()) + 2));
            }
        }
        out.trim_end().to_string()
    };
    say!("{}", line(header.to_vec()));
    for row in &cells {
        say!("{}", line(row.iter().map(String::as_str).collect()));
    }
}
