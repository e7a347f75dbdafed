//! The CSV files a batch leaves next to its letters (`manifest.csv`, `rejects.csv`): written to a
//! temporary file and renamed into place when the batch ends, so each is whole or absent; and safe
//! to open in a spreadsheet, which would run a cell that starts with `=`, `+`, `-` or `@` as a
//! formula.

use std::borrow::Cow;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use tempfile::NamedTempFile;

/// A CSV file being written.
pub struct ReportFile {
    writer: csv::Writer<BufWriter<NamedTempFile>>,
    path: PathBuf,
    /// Rows written after the header.
    pub rows: u64,
}

impl ReportFile {
    /// Starts `name` in `dir` with `header`.
    pub fn create<S: AsRef<str>>(dir: &Path, name: &str, header: &[S]) -> Result<ReportFile> {
        let path = dir.join(name);
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .tempfile_in(dir)
            .with_context(|| format!("cannot create `{}`", path.display()))?;
        let writer = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(BufWriter::with_capacity(64 * 1024, temp));
        let mut file = ReportFile {
            writer,
            path,
            rows: 0,
        };
        file.write_cells(header)?;
        file.rows = 0;
        Ok(file)
    }

    /// Writes one row; each cell neutralised.
    pub fn write<S: AsRef<str>>(&mut self, cells: &[S]) -> Result<()> {
        self.write_cells(cells)?;
        self.rows += 1;
        Ok(())
    }

    /// Writes one row of bytes as they are (cells of an input that is not UTF-8); each cell
    /// neutralised.
    pub fn write_bytes(&mut self, cells: &[&[u8]]) -> Result<()> {
        self.writer
            .write_record(cells.iter().map(|cell| match cell.first() {
                Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => [&b"'"[..], cell].concat(),
                _ => cell.to_vec(),
            }))
            .with_context(|| format!("cannot write `{}`", self.path.display()))?;
        self.rows += 1;
        Ok(())
    }

    fn write_cells<S: AsRef<str>>(&mut self, cells: &[S]) -> Result<()> {
        self.writer
            .write_record(cells.iter().map(|c| neutralise(c.as_ref()).into_owned()))
            .with_context(|| format!("cannot write `{}`", self.path.display()))
    }

    /// Puts the file in place, synced to disk.
    pub fn finish(self) -> Result<PathBuf> {
        let path = self.path;
        let fail =
            |e: &dyn std::fmt::Display| anyhow::anyhow!("cannot write `{}`: {e}", path.display());
        let buffered = self.writer.into_inner().map_err(|e| fail(&e))?;
        let temp = buffered.into_inner().map_err(|e| fail(&e))?;
        temp.as_file().sync_all().map_err(|e| fail(&e))?;
        temp.persist(&path).map_err(|e| fail(&e))?;
        Ok(path)
    }
}

/// The cell as a spreadsheet shows it, never runs it: a cell that starts with `=`, `+`, `-`, `@`,
/// a tab or a carriage return gets a leading `'`.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_other_cells_kept() {
        for (cell, shown) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("Jane", "Jane"),
            ("2026-11-23", "2026-11-23"),
            ("", ""),
        ] {
            assert_eq!(neutralise(cell), shown);
        }
    }

    #[test]
    fn the_file_appears_whole_when_finished() {
        let dir = tempfile::tempdir().unwrap();
        let mut file = ReportFile::create(dir.path(), "manifest.csv", &["row", "status"]).unwrap();
        file.write(&["2", "=cmd"]).unwrap();
        assert!(!dir.path().join("manifest.csv").exists());
        let path = file.finish().unwrap();
        assert_eq!(
            std::fs::read_to_string(path).unwrap(),
            "row,status\n2,'=cmd\n"
        );
    }
}
