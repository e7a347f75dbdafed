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
    /// The row number given last: every row gets a greater one, whatever the file holds.
    last_row: u64,
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
    /// The cells' bytes as the file has them, kept only when some cell is not UTF-8: the rejects
    /// file gives the row back as it was, not with replacement characters.
    pub raw: Option<Vec<Vec<u8>>>,
    /// Whether the row ends at the end of the file inside a quoted cell (a double quote never
    /// closed): its last cell holds the rest of the file.
    pub unended: bool,
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
            last_row: 1,
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
        // Except the last row of a file whose last double quote is never closed: it ends in a cell.
        let lf = self.reader.get_ref();
        let unended = lf.open_quote && self.reader.position().byte() >= lf.passed;
        let line = self
            .reader
            .position()
            .line()
            .saturating_sub(breaks + u64::from(!unended))
            .max(2);
        // Rows are numbered from lines, but never twice the same: the run keeps rows apart by
        // their numbers.
        let row = line.saturating_sub(self.breaks).max(self.last_row + 1);
        self.last_row = row;
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
        let raw = (!not_utf8.is_empty()).then(|| self.record.iter().map(<[u8]>::to_vec).collect());
        Ok(Some(Record {
            row,
            line,
            cells,
            not_utf8,
            raw,
            unended,
        }))
    }

    /// How far into the file the reader is, in bytes.
    pub fn position(&self) -> u64 {
        self.reader.position().byte() + self.skipped + self.reader.get_ref().dropped
    }
}

/// A reader that turns every line end into LF: CRLF (Windows) and a lone CR (old Mac exports)
/// alike, so that rows and lines are counted the same way in files from every system (a quoted
/// line end inside a cell becomes a LF too), and ends the last line.
struct Lf<R> {
    inner: R,
    /// Whether the last byte passed on was a CR made LF: a LF right after it is the rest of a CRLF.
    after_cr: bool,
    /// The last byte passed on, to end the last line.
    last: Option<u8>,
    /// How many bytes were dropped (the LFs of CRLFs), for progress in bytes.
    dropped: u64,
    /// How many bytes were passed on.
    passed: u64,
    /// Whether the double quotes so far leave one open: at the end of the file, the last row
    /// then ends inside a cell, without a line end of its own.
    open_quote: bool,
}

impl<R: std::io::Read> Lf<R> {
    fn new(inner: R) -> Lf<R> {
        Lf {
            inner,
            after_cr: false,
            last: None,
            dropped: 0,
            passed: 0,
            open_quote: false,
        }
    }
}

impl<R: std::io::Read> std::io::Read for Lf<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            let read = self.inner.read(buf)?;
            if read == 0 {
                if self.last.is_some_and(|b| b != b'\n') {
                    buf[0] = b'\n';
                    self.last = Some(b'\n');
                    self.passed += 1;
                    return Ok(1);
                }
                return Ok(0);
            }
            let mut out = 0;
            for i in 0..read {
                let byte = buf[i];
                if std::mem::take(&mut self.after_cr) && byte == b'\n' {
                    self.dropped += 1;
                    continue;
                }
                if byte == b'\r' {
                    buf[out] = b'\n';
                    self.after_cr = true;
                } else {
                    self.open_quote ^= byte == b'"';
                    buf[out] = byte;
                }
                out += 1;
            }
            if out > 0 {
                self.last = Some(buf[out - 1]);
                self.passed += out as u64;
                return Ok(out);
            }
            // Only the LF of a CRLF: read on (nothing passed on would mean the end of the file).
        }
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

    /// A reader that hands out at most `step` bytes at a time.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    fn through_lf(bytes: &[u8], step: usize, buffer: usize) -> Vec<u8> {
        use std::io::Read as _;
        let mut lf = Lf::new(Trickle { bytes, step });
        let mut out = Vec::new();
        let mut buf = vec![0; buffer];
        loop {
            let n = lf.read(&mut buf).unwrap();
            if n == 0 {
                return out;
            }
            out.extend_from_slice(&buf[..n]);
        }
    }

    #[test]
    fn line_ends_are_read_alike_however_the_file_arrives_in_pieces() {
        let cases: [(&[u8], &[u8]); 6] = [
            (b"a\r\nb\r\n", b"a\nb\n"),
            (b"a\rb\rc", b"a\nb\nc\n"),
            (b"a\r\rb", b"a\n\nb\n"),
            (b"a\n\rb\r", b"a\n\nb\n"),
            (b"\"x\ry\",1\r\n", b"\"x\ny\",1\n"),
            (b"a\r\n\r\nb", b"a\n\nb\n"),
        ];
        for (input, expected) in cases {
            for step in [1, 2, 3, 64] {
                for buffer in [1, 2, 7, 8192] {
                    assert_eq!(
                        through_lf(input, step, buffer),
                        expected,
                        "{input:?} in pieces of {step}, read into {buffer}"
                    );
                }
            }
        }
    }

    #[test]
    fn lf_crlf_and_lone_cr_files_number_their_rows_alike() {
        let lf: &[u8] = b"a,b\n1,2\n\n\"x\ny\",3\n4,5\n";
        let crlf: &[u8] = b"a,b\r\n1,2\r\n\r\n\"x\r\ny\",3\r\n4,5";
        let cr: &[u8] = b"a,b\r1,2\r\r\"x\ry\",3\r4,5\r";
        for bytes in [lf, crlf, cr] {
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
