//! How the command line speaks: one clear line on stderr for failures, plain aligned text
//! or JSON on stdout for results. Every user-supplied string passes through `sanitize`.

use serde::Serialize;

use crate::desk;
use crate::domain::text::sanitize;

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

/// Prints `value` as JSON on stdout.
pub fn json<T: Serialize>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::other(format!("cannot format JSON: {e}")))?;
    println!("{text}");
    Ok(())
}

/// A message for the person (not the result): stderr, sanitised.
pub fn note(message: &str) {
    eprintln!("{}", sanitize(message));
}

/// Prints rows as left-aligned columns, sanitising every cell.
pub fn table(header: &[&str], rows: &[Vec<String>]) {
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
    println!("{}", line(header.to_vec()));
    for row in &cells {
        println!("{}", line(row.iter().map(String::as_str).collect()));
    }
}
