//! What a run has seen so far: each person (e-mail and company) and each reference, with the row
//! that first had it. Kept in a scratch SQLite file, not in memory, so that a batch of a million
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

    /// Records that `row` has `key`; returns the earlier row that had it, if one did.
    fn first(&self, key: &str, row: u64) -> Result<Option<u64>> {
        let earlier: Option<i64> = self
            .conn
            .prepare_cached("SELECT row FROM seen WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?;
        if let Some(earlier) = earlier {
            return Ok(Some(earlier as u64));
        }
        self.conn
            .prepare_cached("INSERT INTO seen (key, row) VALUES (?1, ?2)")?
            .execute(rusqlite::params![key, row as i64])?;
        Ok(None)
    }

    /// The earlier row with the same person (and `kind`, when given) for the same company.
    pub fn person(
        &self,
        controller: &str,
        email: &str,
        kind: Option<&str>,
        row: u64,
    ) -> Result<Option<u64>> {
        let key = format!(
            "p\0{controller}\0{}\0{}",
            email.to_lowercase(),
            kind.unwrap_or("")
        );
        self.first(&key, row)
    }

    /// The earlier row with the same reference.
    pub fn reference(&self, reference: &str, row: u64) -> Result<Option<u64>> {
        self.first(&format!("r\0{reference}"), row)
    }

    /// Whether a row already took `reference` (without recording it).
    pub fn has_reference(&self, reference: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM seen WHERE key = ?1")?
            .query_row([format!("r\0{reference}")], |_| Ok(()))
            .optional()?
            .is_some())
    }
}
