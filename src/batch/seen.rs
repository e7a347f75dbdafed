//! What a run has done so far: each person (e-mail and company), with the row that had them. A
//! row that was rejected is not remembered, so a later corrected row for the same person goes on.
//! Kept in a scratch SQLite file, not in memory, so that a batch of a million rows needs no more
//! memory than one of a thousand; the file is deleted when the run ends.
//!
//! Rows still being written (by the workers) are held in memory until they are settled: a later
//! row with the same person or reference waits for them, so it is judged on what they became.
//! A settled row's reference is kept in memory only until its case is in the log (the end of
//! its chunk): from then on the log knows it, and the person's row tells it was this run's.

use std::collections::HashMap;

use anyhow::{Context as _, Result};
use rusqlite::{Connection, OptionalExtension};
use tempfile::NamedTempFile;

use super::bloom::Bloom;

pub struct Seen {
    conn: Connection,
    /// Whether a transaction is open; the scratch file is written a chunk at a time.
    open: bool,
    /// The keys of the rows on their way, with their rows.
    pending: HashMap<String, u64>,
    /// The references of the rows settled since the last commit, with their rows.
    recent: HashMap<String, u64>,
    /// Which keys may be in the file: most rows are new people, whose lookups it spares. One
    /// mebibyte: about one false "maybe" in 8,000 at 300,000 rows, one in 55 at a million.
    filter: Bloom,
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
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -6144;
             PRAGMA locking_mode = EXCLUSIVE;
             CREATE TABLE seen (key TEXT PRIMARY KEY, row INTEGER NOT NULL, reference TEXT NOT NULL)
                 WITHOUT ROWID;",
        )
        .context("cannot set up the batch's scratch file")?;
        Ok(Seen {
            conn,
            open: false,
            pending: HashMap::new(),
            recent: HashMap::new(),
            filter: Bloom::new(23),
            _file: file,
        })
    }

    /// The row that had `key`, if one did.
    fn row_of(&self, key: &str) -> Result<Option<u64>> {
        if !self.filter.may_hold(key) {
            return Ok(None);
        }
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

    /// The earlier row with the same person whose letter had `reference`.
    pub fn person_with(&self, key: &PersonKey, reference: &str) -> Result<Option<u64>> {
        if !self.filter.may_hold(&key.0) {
            return Ok(None);
        }
        let row: Option<i64> = self
            .conn
            .prepare_cached("SELECT row FROM seen WHERE key = ?1 AND reference = ?2")?
            .query_row([&key.0, reference], |r| r.get(0))
            .optional()?;
        Ok(row.map(|row| row as u64))
    }

    /// The row settled since the last commit with the same reference. (Those settled before are
    /// in the log.)
    pub fn recent_reference(&self, reference: &str) -> Option<u64> {
        self.recent.get(reference).copied()
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
        for key in [&person.0, &reference_key(reference)] {
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
        self.conn
            .prepare_cached("INSERT OR IGNORE INTO seen (key, row, reference) VALUES (?1, ?2, ?3)")?
            .execute(rusqlite::params![person.0, row as i64, reference])?;
        self.filter.add(&person.0);
        self.recent.entry(reference.to_string()).or_insert(row);
        Ok(())
    }

    /// Writes what was remembered so far to the scratch file, keeping memory flat. Call it once
    /// the cases of the rows settled are in the log, and before the next lookup there.
    pub fn commit(&mut self) -> Result<()> {
        if self.open {
            self.conn.execute_batch("COMMIT")?;
            self.open = false;
        }
        self.recent.clear();
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

/// A reference as a key among others.
pub(super) fn reference_key(reference: &str) -> String {
    format!("r\0{reference}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_settled_row_is_found_and_an_unknown_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let mut seen = Seen::new(dir.path()).unwrap();
        let person = PersonKey::new("clearview-ai", "Ann@Example.org", None);
        seen.hold(&person, "REF-1", 2);
        assert_eq!(seen.pending_person(&person), Some(2));
        seen.settle(&person, "REF-1", 2, true).unwrap();
        assert_eq!(seen.recent_reference("REF-1"), Some(2));
        assert_eq!(seen.recent_reference("REF-2"), None);
        seen.commit().unwrap();
        assert_eq!(seen.pending_person(&person), None);
        assert_eq!(
            seen.person(&PersonKey::new("clearview-ai", "ann@example.org", None))
                .unwrap(),
            Some(2)
        );
        assert_eq!(seen.recent_reference("REF-1"), None, "in the log by now");
        assert_eq!(seen.person_with(&person, "REF-1").unwrap(), Some(2));
        assert_eq!(seen.person_with(&person, "REF-9").unwrap(), None);
        // A rejected row is not remembered.
        let other = PersonKey::new("clearview-ai", "bob@example.org", None);
        seen.settle(&other, "REF-3", 3, false).unwrap();
        assert_eq!(seen.person(&other).unwrap(), None);
    }
}
