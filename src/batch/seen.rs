//! What a run has done so far: each person (e-mail and company) and each reference, with the row
//! that had it. A row that was rejected is not remembered, so a later corrected row for the same
//! person goes on. Kept in a scratch SQLite file, not in memory, so that a batch of a million
//! rows needs no more memory than one of a thousand; the file is deleted when the run ends.

use anyhow::{Context as _, Result};
use rusqlite::{Connection, OptionalExtension};
use tempfile::NamedTempFile;

pub struct Seen {
    conn: Connection,
    /// Holds the file (0600) until the run ends.
    _file: NamedTempFile,
}

impl Seen {
    /// A scratch file in `dir` (the batch's output folder, private to the person).
    pub fn new(dir: &std::path::Path) -> Result<Seen> {
        let file = tempfile::Builder::new()
            .prefix(".forget-seen-")
            .tempfile_in(dir)
            .with_context(|| format!("cannot create a scratch file in `{}`", dir.display()))?;
        let conn = Connection::open(file.path()).context("cannot open the batch's scratch file")?;
        conn.execute_batch(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -8192;
             CREATE TABLE seen (key TEXT PRIMARY KEY, row INTEGER NOT NULL) WITHOUT ROWID;",
        )
        .context("cannot set up the batch's scratch file")?;
        Ok(Seen { conn, _file: file })
    }

    /// The row that had `key`, if one did.
    fn row_of(&self, key: &str) -> Result<Option<u64>> {
        let row: Option<i64> = self
            .conn
            .prepare_cached("SELECT row FROM seen WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?;
        Ok(row.map(|row| row as u64))
    }

    /// The earlier row with the same person (and `kind`, when given) for the same company.
    pub fn person(&self, key: &PersonKey) -> Result<Option<u64>> {
        self.row_of(&key.0)
    }

    /// The earlier row with the same reference.
    pub fn reference(&self, reference: &str) -> Result<Option<u64>> {
        self.row_of(&reference_key(reference))
    }

    /// Records a row that was done (written or sent): its person and its reference.
    pub fn remember(&self, person: &PersonKey, reference: &str, row: u64) -> Result<()> {
        let mut insert = self
            .conn
            .prepare_cached("INSERT OR IGNORE INTO seen (key, row) VALUES (?1, ?2)")?;
        insert.execute(rusqlite::params![person.0, row as i64])?;
        insert.execute(rusqlite::params![reference_key(reference), row as i64])?;
        Ok(())
    }
}

/// What makes two rows the same person asking the same company (for the same thing, when
/// `kind` is given).
pub struct PersonKey(String);

impl PersonKey {
    pub fn new(controller: &str, email: &str, kind: Option<&str>) -> PersonKey {
        PersonKey(format!(
            "p\0{controller}\0{}\0{}",
            email.to_lowercase(),
            kind.unwrap_or("")
        ))
    }
}

fn reference_key(reference: &str) -> String {
    format!("r\0{reference}")
}
