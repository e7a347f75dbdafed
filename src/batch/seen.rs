//! What a run has done so far: each person (e-mail and company) and each reference, with the row
//! that had it. A row that was rejected is not remembered, so a later corrected row for the same
//! person goes on. Kept in a scratch SQLite file, not in memory, so that a batch of a million
//! rows needs no more memory than one of a thousand; the file is deleted when the run ends.
//!
//! Rows still being written (by the workers) are held in memory until they are settled: a later
//! row with the same person or reference waits for them, so it is judged on what they became.

use std::collections::HashMap;

use anyhow::{Context as _, Result};
use rusqlite::{Connection, OptionalExtension};
use tempfile::NamedTempFile;

pub struct Seen {
    conn: Connection,
    /// Whether a transaction is open; the scratch file is written a chunk at a time.
    open: bool,
    /// The keys of the rows on their way, with their rows.
    pending: HashMap<String, u64>,
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
             PRAGMA locking_mode = EXCLUSIVE;
             CREATE TABLE seen (key TEXT PRIMARY KEY, row INTEGER NOT NULL) WITHOUT ROWID;",
        )
        .context("cannot set up the batch's scratch file")?;
        Ok(Seen {
            conn,
            open: false,
            pending: HashMap::new(),
            _file: file,
        })
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

    /// The row on its way with the same person, if one is.
    pub fn pending_person(&self, key: &PersonKey) -> Option<u64> {
        self.pending.get(&key.0).copied()
    }

    /// The row on its way with the same reference, if one is.
    pub fn pending_reference(&self, reference: &str) -> Option<u64> {
        self.pending.get(&reference_key(reference)).copied()
    }

    /// Holds a row's person and reference while its letter is written.
    pub fn hold(&mut self, person: &PersonKey, reference: &str, row: u64) {
        self.pending.insert(person.0.clone(), row);
        self.pending.insert(reference_key(reference), row);
    }

    /// Lets go of a row held, remembering it if it was done (written or sent).
    pub fn settle(
        &mut self,
        person: &PersonKey,
        reference: &str,
        row: u64,
        done: bool,
    ) -> Result<()> {
        let reference = reference_key(reference);
        for key in [&person.0, &reference] {
            if self.pending.get(key) == Some(&row) {
                self.pending.remove(key);
            }
        }
        if !done {
            return Ok(());
        }
        if !self.open {
            self.conn.execute_batch("BEGIN")?;
            self.open = true;
        }
        let mut insert = self
            .conn
            .prepare_cached("INSERT OR IGNORE INTO seen (key, row) VALUES (?1, ?2)")?;
        insert.execute(rusqlite::params![person.0, row as i64])?;
        insert.execute(rusqlite::params![reference, row as i64])?;
        Ok(())
    }

    /// Writes what was remembered so far to the scratch file, keeping memory flat.
    pub fn commit(&mut self) -> Result<()> {
        if self.open {
            self.conn.execute_batch("COMMIT")?;
            self.open = false;
        }
        Ok(())
    }
}

/// What makes two rows the same person asking the same company (for the same thing, when
/// `kind` is given).
#[derive(Debug, Clone)]
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
