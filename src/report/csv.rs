//! Every CSV the project writes goes through here: cells that a spreadsheet would run as
//! a formula are neutralised, then quoted. Callers must not write CSV any other way.

use std::borrow::Cow;

/// What a spreadsheet treats as the start of a formula (or, for tab and carriage return,
/// what it strips before looking for one).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Prefixes a cell that a spreadsheet would run as a formula with `'`, so it is read as
/// text: `=HYPERLINK("x")` becomes `'=HYPERLINK("x")`, `-2+3` becomes `'-2+3`.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A CSV document under construction, as RFC 4180 has it: a header record first, then one
/// record per row, nothing else (no comment lines, which most readers take for data).
/// Records end with a line feed, which every reader accepts, and stdout's sanitising
/// keeps (it would turn the carriage return of a CRLF into a space).
#[derive(Debug, Default)]
pub struct CsvText {
    out: Vec<u8>,
}

impl CsvText {
    pub fn new() -> Self {
        Self::default()
    }

    /// One record: every cell neutralised, then quoted where CSV needs it.
    pub fn record<S: AsRef<str>>(&mut self, cells: &[S]) -> Result<(), String> {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(&mut self.out);
        writer
            .write_record(cells.iter().map(|c| neutralise(c.as_ref()).into_owned()))
            .and_then(|()| writer.flush().map_err(csv::Error::from))
            .map_err(|e| format!("cannot write a CSV record: {e}"))
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised() {
        for (given, written) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("-2+3", "'-2+3"),
            ("+1", "'+1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\r=1", "'\r=1"),
        ] {
            assert_eq!(neutralise(given), written);
        }
    }

    #[test]
    fn ordinary_cells_are_untouched() {
        for cell in [
            "North Precinct",
            "12",
            "2026-03",
            "",
            "a=b",
            "suppressed",
            "'quoted",
        ] {
            assert!(matches!(neutralise(cell), Cow::Borrowed(_)), "{cell}");
        }
    }

    #[test]
    fn records_are_neutralised_then_quoted() {
        let mut csv = CsvText::new();
        csv.record(&["unit", "count"]).unwrap();
        csv.record(&["=HYPERLINK(\"x\")", "-2+3"]).unwrap();
        csv.record(&["a, b", "line\nbreak"]).unwrap();
        let text = String::from_utf8(csv.into_bytes()).unwrap();
        assert_eq!(
            text,
            "unit,count\n\"'=HYPERLINK(\"\"x\"\")\",'-2+3\n\"a, b\",\"line\nbreak\"\n"
        );
    }

    #[test]
    fn a_written_file_reads_back_as_the_neutralised_cells() {
        let mut csv = CsvText::new();
        csv.record(&["@x", "y"]).unwrap();
        let bytes = csv.into_bytes();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes.as_slice());
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(&row[0], "'@x");
        assert_eq!(&row[1], "y");
    }
}
