//! Sensitive text handed over in a file or on standard input (`--note-file F|-`), read
//! with a size cap and as UTF-8; and the warning when such text is an argument instead.
//! Reads before any passphrase is asked; what the text may say is the desk's to check.

use std::io::{IsTerminal, Read};
use std::path::Path;

use super::output::{Failure, note};

/// The most a text file may hold: well above the longest note (10,000 characters of up
/// to four bytes each), small enough that a wrong file name cannot fill memory.
pub(super) const MAX_TEXT_FILE_BYTES: usize = 64 * 1024;

/// The text in `source` (a file, or `-` for standard input), given with `option` (such as
/// `--note-file`). One final line ending, which editors and `echo` add, is dropped; all
/// else is kept exactly. A file over [`MAX_TEXT_FILE_BYTES`], or not UTF-8, is refused.
pub(super) fn read_text(source: &Path, option: &str) -> Result<String, Failure> {
    let from_stdin = source.as_os_str() == "-";
    let what = if from_stdin {
        format!("standard input ({option} -)")
    } else {
        format!("{} ({option})", source.display())
    };
    let mut bytes = Vec::new();
    let limit = MAX_TEXT_FILE_BYTES as u64 + 1;
    let read = if from_stdin {
        std::io::stdin().lock().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(source).and_then(|file| file.take(limit).read_to_end(&mut bytes))
    };
    read.map_err(|e| Failure::invalid(format!("cannot read {what}: {e}; nothing was stored")))?;
    text_of(bytes, &what)
}

fn text_of(bytes: Vec<u8>, what: &str) -> Result<String, Failure> {
    if bytes.len() > MAX_TEXT_FILE_BYTES {
        return Err(Failure::invalid(format!(
            "{what} holds more than {} KiB; nothing was stored",
            MAX_TEXT_FILE_BYTES / 1024
        )));
    }
    let mut text = String::from_utf8(bytes).map_err(|e| {
        Failure::invalid(format!(
            "{what} is not UTF-8 text (byte {} is not); nothing was stored",
            e.utf8_error().valid_up_to() + 1
        ))
    })?;
    if text.ends_with('\n') {
        text.pop();
        if text.ends_with('\r') {
            text.pop();
        }
    }
    Ok(text)
}

/// The one-line warning for text given as `option` on the command line, where
/// `file_option` would have kept it out of sight.
fn argument_warning(option: &str, file_option: &str) -> String {
    format!(
        "steady: warning: other users of this host can see command-line arguments (with ps), and so the text of {option}; next time use {file_option} FILE, or {file_option} - to read it from standard input"
    )
}

/// Warns, at a terminal, that the text given as `option` was visible to others on the
/// host. Scripts (stderr not a terminal) are not told on every run.
pub(super) fn warn_if_argument(given: bool, option: &str, file_option: &str) {
    if given && std::io::stderr().is_terminal() {
        note(&argument_warning(option, file_option));
    }
}

/// The text of an optional `option` / `file_option` pair (clap keeps them apart): read
/// from the file if one was named, else the argument, with the warning.
pub(super) fn text_or_file(
    text: Option<&str>,
    file: Option<&Path>,
    option: &str,
    file_option: &str,
) -> Result<Option<String>, Failure> {
    if let Some(file) = file {
        return read_text(file, file_option).map(Some);
    }
    warn_if_argument(text.is_some(), option, file_option);
    Ok(text.map(str::to_string))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_kept_exactly_but_for_one_final_line_ending() {
        let text = |b: &[u8]| text_of(b.to_vec(), "f").unwrap();
        assert_eq!(text(b"two\nlines\n"), "two\nlines");
        assert_eq!(text(b"crlf\r\n"), "crlf");
        assert_eq!(text(b"kept\n\n"), "kept\n");
        assert_eq!(text(b"  spaced  "), "  spaced  ");
        assert_eq!(text("Grüße ✓".as_bytes()), "Grüße ✓");
        assert_eq!(text(b""), "");
    }

    #[test]
    fn oversize_and_non_utf8_text_is_refused_as_invalid_input() {
        let big = vec![b'a'; MAX_TEXT_FILE_BYTES + 1];
        let failure = text_of(big, "notes.txt (--note-file)").unwrap_err();
        assert_eq!(failure.code, 5);
        assert!(failure.message.contains("more than 64 KiB"), "{failure:?}");
        assert!(text_of(vec![b'a'; MAX_TEXT_FILE_BYTES], "f").is_ok());
        let failure = text_of(b"ok \xff\xfe".to_vec(), "f").unwrap_err();
        assert_eq!(failure.code, 5);
        assert!(failure.message.contains("not UTF-8"), "{failure:?}");
        assert!(failure.message.contains("byte 4"), "{failure:?}");
    }

    #[test]
    fn the_warning_is_one_line_naming_ps_and_the_file_option() {
        let warning = argument_warning("--note", "--note-file");
        assert!(!warning.contains('\n'));
        for words in ["ps", "--note-file FILE", "--note-file -", "--note"] {
            assert!(warning.contains(words), "{words}: {warning}");
        }
    }
}
