//! Reading a batch file one row at a time: a UTF-8 byte-order mark and CRLF line ends are taken
//! in stride, quoted cells may hold commas and line breaks, and a row that is not UTF-8 (or has
//! too few or too many cells) is returned with its problem instead of stopping the batch.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

/// A batch file, open, past its header.
pub struct Input {
    reader: csv::Reader<Lf<BufReader<File>>>,
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
            .from_reader(Lf::new(buffered));
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
        // A spreadsheet shows a record with line breaks in quoted cells as one row, and a blank
        // line as an empty row.
        // Every record ends with a line end ([`Lf`] adds one after the last), which the reader has
        // passed: the record starts that line and its own line breaks up.
        let breaks = self
            .record
            .as_slice()
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        let line = self
            .reader
            .position()
            .line()
            .saturating_sub(breaks + 1)
            .max(2);
        let row = line.saturating_sub(self.breaks).max(2);
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
        self.reader.position().byte() + self.skipped + self.reader.get_ref().dropped
    }
}

/// A reader that turns CRLF line ends into LF, so that lines are counted the same way in files
/// from every system (a quoted CRLF inside a cell becomes a LF too), and ends the last line.
struct Lf<R> {
    inner: R,
    /// A CR read at the end of the last buffer, not yet passed on.
    pending_cr: bool,
    /// The last byte passed on, to end the last line.
    last: Option<u8>,
    /// How many CRs were dropped, for progress in bytes.
    dropped: u64,
}

impl<R: std::io::Read> Lf<R> {
    fn new(inner: R) -> Lf<R> {
        Lf {
            inner,
            pending_cr: false,
            last: None,
            dropped: 0,
        }
    }
}

impl<R: std::io::Read> std::io::Read for Lf<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let start = usize::from(self.pending_cr);
        let read = self.inner.read(&mut buf[start..])?;
        if self.pending_cr {
            buf[0] = b'\r';
            self.pending_cr = false;
        }
        let mut len = start + read;
        if len == 0 {
            if self.last.is_some_and(|b| b != b'\n') {
                buf[0] = b'\n';
                self.last = Some(b'\n');
                return Ok(1);
            }
            return Ok(0);
        }
        // A CR at the very end may be the first half of a CRLF: keep it for the next read.
        if len > 1 && buf[len - 1] == b'\r' {
            self.pending_cr = true;
            len -= 1;
        }
        let mut out = 0;
        for i in 0..len {
            if buf[i] == b'\r' && i + 1 < len && buf[i + 1] == b'\n' {
                self.dropped += 1;
                continue;
            }
            buf[out] = buf[i];
            out += 1;
        }
        if out > 0 {
            self.last = Some(buf[out - 1]);
        }
        Ok(out)
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
    fn lf_and_crlf_files_number_their_rows_alike() {
        let lf: &[u8] = b"a,b\n1,2\n\n\"x\ny\",3\n4,5\n";
        let crlf: &[u8] = b"a,b\r\n1,2\r\n\r\n\"x\r\ny\",3\r\n4,5";
        for bytes in [lf, crlf] {
            let (_dir, mut input) = open(bytes);
            let mut rows = Vec::new();
            while let Some(record) = input.next_record().unwrap() {
                rows.push((record.row, record.line, record.cells.join("|")));
            }
            let expected = [
                (2, 2, "1|2".to_string()),
                (4, 4, "x\ny|3".to_string()),
                (5, 6, "4|5".to_string()),
            ];
            assert_eq!(rows, expected, "{}", String::from_utf8_lossy(bytes));
        }
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
        assert_eq!(second.cells[0], "Two\nLines");
        let third = input.next_record().unwrap().unwrap();
        assert_eq!((third.row, third.line), (4, 5));
        assert_eq!(third.not_utf8, [(0, 3)]);
        assert_eq!(third.cells[0], "Jos\u{FFFD}");
        let last = input.next_record().unwrap().unwrap();
        assert_eq!((last.row, last.line), (6, 7));
        assert!(input.next_record().unwrap().is_none());
    }
}
