//! Reading a batch file one row at a time: a UTF-8 byte-order mark and CRLF line ends are taken
//! in stride, quoted cells may hold commas and line breaks, and a row that is not UTF-8 (or has
//! too few or too many cells) is returned with its problem instead of stopping the batch.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

/// A batch file, open, past its header.
pub struct Input {
    reader: csv::Reader<BufReader<File>>,
    record: csv::ByteRecord,
    pub path: PathBuf,
    /// The header's cells.
    pub header: Vec<String>,
    /// The file's size in bytes, for progress.
    pub size: u64,
    /// The bytes before the first row (a byte-order mark), for progress.
    skipped: u64,
    /// Line breaks inside quoted cells so far: the lines that are not rows of their own.
    breaks: u64,
}

/// One row of the file.
#[derive(Debug, Clone)]
pub struct Record {
    /// Its row as a spreadsheet numbers it: the header is row 1, a blank line is a row, and a
    /// row with line breaks in quoted cells is one row.
    pub row: u64,
    /// The line of the file it starts on (a quoted line break makes a row span lines).
    pub line: u64,
    /// Its cells, as text; a cell that is not UTF-8 is shown with replacement characters.
    pub cells: Vec<String>,
    /// Cells that are not UTF-8, by position, with where the first bad byte is.
    pub not_utf8: Vec<(usize, usize)>,
}

impl Record {
    /// Whether every cell is empty (a spreadsheet's trailing `,,,` lines).
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|cell| cell.trim().is_empty())
    }
}

impl Input {
    pub fn open(path: &Path) -> Result<Input> {
        let file = File::open(path)
            .with_context(|| format!("cannot read the batch file `{}`", path.display()))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let mut buffered = BufReader::with_capacity(64 * 1024, file);
        let start = buffered
            .fill_buf()
            .with_context(|| format!("cannot read the batch file `{}`", path.display()))?;
        let mut skipped = 0;
        if start.starts_with(&[0xEF, 0xBB, 0xBF]) {
            buffered.consume(3);
            skipped = 3;
        } else if start.starts_with(&[0xFF, 0xFE]) || start.starts_with(&[0xFE, 0xFF]) {
            bail!(
                "the batch file `{}` is in UTF-16: save it as UTF-8 (in a spreadsheet, \"CSV UTF-8\")",
                path.display()
            );
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(buffered);
        let mut record = csv::ByteRecord::new();
        let read = reader
            .read_byte_record(&mut record)
            .map_err(|error| csv_error(path, error))?;
        if !read {
            bail!(
                "the batch file `{}` is empty: its first line names the columns (name,email,\
                 residence,…), then one person per line",
                path.display()
            );
        }
        let breaks = record.as_slice().iter().filter(|b| **b == b'\n').count() as u64;
        let mut header = Vec::with_capacity(record.len());
        for (index, cell) in record.iter().enumerate() {
            match std::str::from_utf8(cell) {
                Ok(text) => header.push(text.to_string()),
                Err(_) => bail!(
                    "the batch file `{}` line 1: the name of column {} is not UTF-8: save the \
                     file as UTF-8 (in a spreadsheet, \"CSV UTF-8\")",
                    path.display(),
                    index + 1
                ),
            }
        }
        Ok(Input {
            reader,
            record,
            path: path.to_path_buf(),
            header,
            size,
            skipped,
            breaks,
        })
    }

    /// The next row, or `None` at the end of the file.
    pub fn next_record(&mut self) -> Result<Option<Record>> {
        let read = self
            .reader
            .read_byte_record(&mut self.record)
            .map_err(|error| csv_error(&self.path, error))?;
        if !read {
            return Ok(None);
        }
        // The reader stops on the record's last line (before its line end): the record starts
        // as many lines up as it holds line breaks in quoted cells. A spreadsheet shows it as one
        // row, and a blank line as an empty row.
        let breaks = self
            .record
            .as_slice()
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        let line = self.reader.position().line().saturating_sub(breaks).max(1);
        let row = line - self.breaks;
        self.breaks += breaks;
        let mut cells = Vec::with_capacity(self.record.len());
        let mut not_utf8 = Vec::new();
        for (index, cell) in self.record.iter().enumerate() {
            match std::str::from_utf8(cell) {
                Ok(text) => cells.push(text.to_string()),
                Err(error) => {
                    not_utf8.push((index, error.valid_up_to()));
                    cells.push(String::from_utf8_lossy(cell).into_owned());
                }
            }
        }
        Ok(Some(Record {
            row,
            line,
            cells,
            not_utf8,
        }))
    }

    /// How far into the file the reader is, in bytes.
    pub fn position(&self) -> u64 {
        self.reader.position().byte() + self.skipped
    }
}

fn csv_error(path: &Path, error: csv::Error) -> anyhow::Error {
    let line = error
        .position()
        .map_or(String::new(), |p| format!(" line {}", p.line()));
    anyhow::anyhow!(
        "cannot read the batch file `{}`{line}: {error}",
        path.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(bytes: &[u8]) -> (tempfile::TempDir, Input) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("people.csv");
        std::fs::write(&path, bytes).unwrap();
        let input = Input::open(&path).unwrap();
        (dir, input)
    }

    #[test]
    fn a_bom_crlf_and_quoted_line_breaks_are_read_as_meant() {
        let (_dir, mut input) = open(
            b"\xEF\xBB\xBFname,email\r\n\"Doe, Jane\",\"j@example.org\"\r\n\"Two\r\nLines\",x@example.org\r\n\
              Jos\xE9,jose@example.org\r\n\r\nlast,l@example.org",
        );
        assert_eq!(input.header, ["name", "email"]);
        let first = input.next_record().unwrap().unwrap();
        assert_eq!((first.row, first.line), (2, 2));
        assert_eq!(first.cells, ["Doe, Jane", "j@example.org"]);
        let second = input.next_record().unwrap().unwrap();
        assert_eq!((second.row, second.line), (3, 3));
        assert_eq!(second.cells[0], "Two\r\nLines");
        let third = input.next_record().unwrap().unwrap();
        assert_eq!((third.row, third.line), (4, 5));
        assert_eq!(third.not_utf8, [(0, 3)]);
        assert_eq!(third.cells[0], "Jos\u{FFFD}");
        let last = input.next_record().unwrap().unwrap();
        assert_eq!((last.row, last.line), (6, 7));
        assert!(input.next_record().unwrap().is_none());
    }
}
