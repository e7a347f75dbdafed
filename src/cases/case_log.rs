//! The case log: one SQLite file, `cases.sqlite`, in the person's data directory.
//!
//! Every change is one transaction, taken with a write lock from its start (`BEGIN IMMEDIATE`),
//! so two `forget` processes never interleave half-changes; the second waits for the first (up to
//! `FORGET_BUSY_TIMEOUT_MS`, 5 s by default) and otherwise stops with nothing changed. The log is
//! in WAL mode with full syncs: a change that was reported is on disk.

use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, Row, TransactionBehavior};

use super::case::{Case, Channel, Entry, Message, Outcome, Status};
use super::schema::MIGRATIONS;
use crate::letter::Settlement;
use crate::rules::RequestKind;
use crate::suggest;

/// The file name of the log inside the data directory.
pub const FILE_NAME: &str = "cases.sqlite";

pub struct CaseLog {
    conn: Connection,
    path: PathBuf,
}

/// A read transaction on the log, held across many lookups (see [`CaseLog::snapshot`]). It is
/// renewed now and then, so that the log's write-ahead file can be folded back in.
pub struct Snapshot {
    conn: Connection,
    path: PathBuf,
    open: bool,
}

/// A connection that only folds the write-ahead file back into the log.
pub struct Checkpointer {
    conn: Connection,
    path: PathBuf,
}

impl Checkpointer {
    /// Folds the write-ahead file back into the log, as far as no reader holds it back.
    pub fn checkpoint(&self) -> Result<()> {
        checkpoint(&self.conn, &self.path)
    }
}

/// Folds the write-ahead file of the log at `path` back into it through `conn`, as far as no
/// reader holds it back.
fn checkpoint(conn: &Connection, path: &Path) -> Result<()> {
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
        .map_err(|error| explain(error, path, "write to"))
}

impl Snapshot {
    /// Reads in the snapshot held.
    pub fn read<T>(&self, query: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Result<T> {
        query(&self.conn).map_err(|error| explain(error, &self.path, "read"))
    }

    /// Lets the snapshot go, until [`Snapshot::renew`].
    pub fn release(&mut self) -> Result<()> {
        if self.open {
            self.conn
                .execute_batch("COMMIT")
                .map_err(|error| explain(error, &self.path, "read"))?;
            self.open = false;
        }
        Ok(())
    }

    /// Ends the snapshot and takes a new one, with everything written since.
    pub fn renew(&mut self) -> Result<()> {
        self.release()?;
        let fail = |error| explain(error, &self.path, "read");
        self.conn.execute_batch("BEGIN").map_err(fail)?;
        self.open = true;
        // A deferred transaction takes its snapshot at its first read.
        self.conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))
            .map_err(fail)?;
        Ok(())
    }
}

/// Where the person's data lives when neither `--data-dir` nor `FORGET_HOME` says:
/// `$XDG_DATA_HOME/forget`, else `~/.local/share/forget`.
pub fn default_dir() -> Option<PathBuf> {
    let base = match std::env::var_os("XDG_DATA_HOME") {
        Some(dir) if Path::new(&dir).is_absolute() => PathBuf::from(dir),
        _ => PathBuf::from(std::env::var_os("HOME")?)
            .join(".local")
            .join("share"),
    };
    Some(base.join("forget"))
}

/// Keeps each statement's query plan whatever values are bound to it. Without this, SQLite
/// compiles a lookup by e-mail again every time the e-mail changes, which was half the time a
/// batch spent in the log.
fn stable_plans(conn: &Connection) -> rusqlite::Result<()> {
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )
    .map(|_| ())
}

/// How long a write waits for another process's write to finish.
fn busy_timeout() -> Duration {
    let millis = std::env::var("FORGET_BUSY_TIMEOUT_MS")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(5000);
    Duration::from_millis(millis)
}

impl CaseLog {
    /// Opens the log in `dir`, creating the directory (0700) and the file (0600) if need be, and
    /// bringing an older log's tables up to date.
    pub fn open(dir: &Path) -> Result<CaseLog> {
        let path = dir.join(FILE_NAME);
        if !dir.exists() {
            crate::atomic::private_dir(dir).map_err(|error| {
                anyhow!(
                    "cannot create the data directory `{}`: {error}",
                    dir.display()
                )
            })?;
        }
        if !path.exists() {
            // Created here, not by SQLite, so that it is private from the first byte; SQLite
            // gives its -wal and -shm files the same mode.
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&path)
            {
                Ok(_) => {}
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(error) => {
                    bail!("cannot create the case log `{}`: {error}", path.display())
                }
            }
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&path, flags)
            .map_err(|error| explain(error, &path, "open"))?;
        let mut log = CaseLog { conn, path };
        log.prepare()?;
        Ok(log)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn prepare(&mut self) -> Result<()> {
        let path = self.path.clone();
        let fail = |error| explain(error, &path, "open");
        self.conn.busy_timeout(busy_timeout()).map_err(fail)?;
        stable_plans(&self.conn).map_err(fail)?;
        // Reading the schema is the first real read: a file that is not a database fails here.
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(fail)?;
        self.conn
            .pragma_update(None, "foreign_keys", true)
            .map_err(fail)?;
        self.conn
            .pragma_update(None, "synchronous", "FULL")
            .map_err(fail)?;
        if version == 0 {
            // A new log: pages of 8 KiB hold a case's letter (about 4 KB) whole, so a batch
            // writes half as many pages as with SQLite's 4 KiB, and each in one piece. It only
            // takes effect while the file is empty; an older log keeps its pages.
            self.conn
                .execute_batch("PRAGMA page_size = 8192")
                .map_err(fail)?;
        }
        let known = MIGRATIONS.len() as i64;
        if version > known {
            bail!(
                "the case log `{}` was written by a newer forget (schema version {version}; this \
                 forget knows up to {known}): update forget; the log was not changed",
                path.display()
            );
        }
        if version < known {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(fail)?;
            // Another process may have migrated while this one waited for the lock.
            let now: i64 = tx
                .query_row("PRAGMA user_version", [], |row| row.get(0))
                .map_err(fail)?;
            for (index, migration) in MIGRATIONS.iter().enumerate().skip(now as usize) {
                tx.execute_batch(migration).map_err(fail)?;
                tx.pragma_update(None, "user_version", index as i64 + 1)
                    .map_err(fail)?;
            }
            tx.commit().map_err(fail)?;
        }
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
            .map_err(fail)?;
        if !mode.eq_ignore_ascii_case("wal") {
            // Still safe (a rollback journal), only slower with many readers.
            crate::say!(
                "warning: the case log `{}` could not switch to WAL mode (it is in {mode} mode)",
                path.display()
            );
        }
        Ok(())
    }

    /// Runs `change` in one transaction holding the write lock: all of it is recorded, or none.
    pub fn write<T>(&mut self, change: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|error| explain(error, &path, "write to"))?;
        let value = change(&tx).map_err(|error| match error.downcast::<rusqlite::Error>() {
            Ok(error) => explain(error, &path, "write to"),
            Err(error) => error,
        })?;
        tx.commit()
            .map_err(|error| explain(error, &path, "write to"))?;
        Ok(value)
    }

    /// Reads under one snapshot.
    pub fn read<T>(&self, query: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Result<T> {
        query(&self.conn).map_err(|error| explain(error, &self.path, "read"))
    }

    /// A number that changes when another connection (another forget) writes to the log; this
    /// one's own writes leave it as it is.
    pub fn data_version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA data_version", [], |row| row.get(0))
            .map_err(|error| explain(error, &self.path, "read"))
    }

    /// Calls `each` with the reference, company, kind and e-mail of every case.
    pub fn each_key(&self, mut each: impl FnMut(&str, &str, &str, &str)) -> Result<()> {
        let mut scan = |conn: &Connection| -> rusqlite::Result<()> {
            let mut statement =
                conn.prepare("SELECT reference, controller, kind, email FROM cases")?;
            let mut rows = statement.query([])?;
            while let Some(row) = rows.next()? {
                each(
                    row.get_ref(0)?.as_str()?,
                    row.get_ref(1)?.as_str()?,
                    row.get_ref(2)?.as_str()?,
                    row.get_ref(3)?.as_str()?,
                );
            }
            Ok(())
        };
        scan(&self.conn).map_err(|error| explain(error, &self.path, "read"))
    }

    /// Folds the write-ahead file back into the log, as far as no reader holds it back.
    pub fn checkpoint(&self) -> Result<()> {
        checkpoint(&self.conn, &self.path)
    }

    /// A connection of its own for checkpoints, to fold the write-ahead file back into the log
    /// from another thread while this connection goes on writing.
    pub fn checkpointer(&self) -> Result<Checkpointer> {
        let conn =
            Connection::open(&self.path).map_err(|error| explain(error, &self.path, "open"))?;
        conn.busy_timeout(busy_timeout())
            .map_err(|error| explain(error, &self.path, "open"))?;
        Ok(Checkpointer {
            conn,
            path: self.path.clone(),
        })
    }

    /// A second, read-only connection that keeps one snapshot of the log open until it is
    /// renewed: many lookups for the price of one, while this connection goes on writing. What
    /// this connection writes shows in the snapshot only once it is renewed.
    pub fn snapshot(&self) -> Result<Snapshot> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&self.path, flags)
            .map_err(|error| explain(error, &self.path, "open"))?;
        conn.busy_timeout(busy_timeout())
            .and_then(|()| stable_plans(&conn))
            .map_err(|error| explain(error, &self.path, "open"))?;
        let mut snapshot = Snapshot {
            conn,
            path: self.path.clone(),
            open: false,
        };
        snapshot.renew()?;
        Ok(snapshot)
    }

    /// Every case, oldest letter first.
    pub fn list(&self) -> Result<Vec<Case>> {
        self.read(all_cases)
    }

    /// The case with this reference (typed in any case), or an error that says which exist.
    pub fn find(&self, reference: &str) -> Result<Case> {
        let wanted = reference.trim().to_uppercase();
        if let Some(case) = self.read(|conn| case_by_reference(conn, &wanted))? {
            return Ok(case);
        }
        let all = self.list()?;
        if all.is_empty() {
            bail!(
                "there is no case `{reference}`: the case log `{}` is empty (`forget letter --record` \
                 and `forget send` record one per request)",
                self.path.display()
            );
        }
        let help = match suggest::did_you_mean(&wanted, all.iter().map(|c| c.reference.as_str())) {
            Some(close) => format!("did you mean `{close}`?"),
            None => "`forget cases` lists them".to_string(),
        };
        bail!("there is no case `{reference}`: {help}")
    }

    pub fn history(&self, case: &Case) -> Result<Vec<Entry>> {
        self.read(|conn| history(conn, case.id))
    }

    pub fn messages(&self, case: &Case) -> Result<Vec<Message>> {
        self.read(|conn| messages(conn, case.id))
    }
}

/// Says what went wrong with the log in words a person can act on, and that nothing was lost.
pub fn explain(error: rusqlite::Error, path: &Path, action: &str) -> anyhow::Error {
    let shown = path.display();
    match error.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => anyhow!(
            "the case log `{shown}` is in use by another forget process, and it stayed busy: \
             nothing was changed; try again when the other one has finished"
        ),
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => anyhow!(
            "the case log `{shown}` is damaged ({error}): forget did not change it. Keep it (it may \
             be recoverable with `sqlite3 {shown} .recover`), move it aside to start a new log, or \
             use another with `--data-dir DIR`"
        ),
        Some(ErrorCode::ReadOnly | ErrorCode::PermissionDenied | ErrorCode::CannotOpen) => anyhow!(
            "cannot {action} the case log `{shown}`: {error}; check that the file and its folder \
             are yours and writable"
        ),
        Some(ErrorCode::DiskFull) => {
            anyhow!("cannot {action} the case log `{shown}`: the disk is full; nothing was changed")
        }
        _ => anyhow!("cannot {action} the case log `{shown}`: {error}"),
    }
}

// ---------------------------------------------------------------- rows

/// The columns a case is read from: its id, then the written ones, in [`case_row`]'s order.
fn case_columns() -> String {
    // The last: the Message-ID of an e-mail handed to a server and never confirmed ('' without
    // one; NULL when there is none).
    format!(
        "id, {}, (SELECT coalesce(message_id, '') FROM messages m WHERE m.case_id = cases.id AND \
         m.direction = 'out' AND m.delivery IN ('sending', 'uncertain') ORDER BY m.id DESC \
         LIMIT 1)",
        WRITTEN.join(", ")
    )
}

fn date(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let text: Option<String> = row.get(index)?;
    text.map(|text| {
        NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| invalid(index, &text, "a date"))
    })
    .transpose()
}

fn invalid(index: usize, text: &str, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        index,
        rusqlite::types::Type::Text,
        format!("`{text}` is not {what}").into(),
    )
}

fn parsed<T>(
    row: &Row<'_>,
    index: usize,
    what: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> rusqlite::Result<Option<T>> {
    let text: Option<String> = row.get(index)?;
    text.map(|text| parse(&text).ok_or_else(|| invalid(index, &text, what)))
        .transpose()
}

fn required<T>(value: Option<T>, index: usize) -> rusqlite::Result<T> {
    value.ok_or(rusqlite::Error::InvalidColumnType(
        index,
        "(null)".into(),
        rusqlite::types::Type::Null,
    ))
}

fn request_kind(text: &str) -> Option<RequestKind> {
    RequestKind::CHOICES
        .iter()
        .find(|(name, _)| *name == text)
        .map(|(_, kind)| *kind)
}

fn case_row(row: &Row<'_>) -> rusqlite::Result<Case> {
    let address: String = row.get(10)?;
    Ok(Case {
        id: row.get(0)?,
        reference: row.get(1)?,
        controller: row.get(2)?,
        controller_name: row.get(3)?,
        regime: row.get(4)?,
        kind: required(parsed(row, 5, "a request kind", request_kind)?, 5)?,
        language: row.get(6)?,
        residence: row.get(7)?,
        name: row.get(8)?,
        email: row.get(9)?,
        address: address
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
        offer_photo: row.get(11)?,
        letter_date: required(date(row, 12)?, 12)?,
        channel: parsed(row, 13, "a channel", Channel::parse)?,
        sent: date(row, 14)?,
        received: date(row, 15)?,
        received_assumed: row.get(16)?,
        due: date(row, 17)?,
        extended_until: date(row, 18)?,
        status: required(parsed(row, 19, "a status", Status::parse)?, 19)?,
        outcome: parsed(row, 20, "an outcome", Outcome::parse)?,
        reminder_due: date(row, 21)?,
        settlement: parsed(row, 22, "a settlement status", |t| {
            Settlement::parse(t).ok()
        })?
        .unwrap_or_default(),
        unconfirmed_send: row
            .get::<_, Option<String>>(23)?
            .map(|id| Some(id).filter(|id| !id.is_empty())),
    })
}

pub fn all_cases(conn: &Connection) -> rusqlite::Result<Vec<Case>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {} FROM cases ORDER BY letter_date, id",
        case_columns()
    ))?;
    let rows = statement.query_map([], case_row)?;
    rows.collect()
}

pub fn case_by_reference(conn: &Connection, reference: &str) -> rusqlite::Result<Option<Case>> {
    static SQL: LazyLock<String> =
        LazyLock::new(|| format!("SELECT {} FROM cases WHERE reference = ?1", case_columns()));
    conn.prepare_cached(&SQL)?
        .query_row([reference], case_row)
        .optional()
}

/// The case with this id, as it is in the log now.
pub fn case_by_id(conn: &Connection, id: i64) -> rusqlite::Result<Case> {
    static SQL: LazyLock<String> =
        LazyLock::new(|| format!("SELECT {} FROM cases WHERE id = ?1", case_columns()));
    conn.prepare_cached(&SQL)?.query_row([id], case_row)
}

/// The person's latest case that is not closed, for this company and kind of request, from this
/// residence: the one a new letter for the same thing continues. E-mail addresses and residence
/// codes match in any case.
pub fn open_case_of(
    conn: &Connection,
    controller: &str,
    kind: RequestKind,
    email: &str,
    residence: &str,
) -> rusqlite::Result<Option<Case>> {
    static SQL: LazyLock<String> = LazyLock::new(|| {
        format!(
            "SELECT {} FROM cases WHERE controller = ?1 AND kind = ?2 AND email = ?3 COLLATE \
             NOCASE AND residence = ?4 COLLATE NOCASE AND status != 'closed' ORDER BY id DESC \
             LIMIT 1",
            case_columns()
        )
    });
    conn.prepare_cached(&SQL)?
        .query_row([controller, kind.as_str(), email, residence], case_row)
        .optional()
}

/// The case an e-mail with this Message-ID went out for.
pub fn case_by_message_id(conn: &Connection, message_id: &str) -> rusqlite::Result<Option<Case>> {
    let bare = message_id
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>');
    let case_id: Option<i64> = conn
        .query_row(
            "SELECT case_id FROM messages WHERE message_id = ?1 OR message_id = ?2 LIMIT 1",
            [bare.to_string(), format!("<{bare}>")],
            |row| row.get(0),
        )
        .optional()?;
    case_id.map(|id| case_by_id(conn, id)).transpose()
}

/// The columns a case is written to, in the order of [`values`].
const WRITTEN: [&str; 22] = [
    "reference",
    "controller",
    "controller_name",
    "regime",
    "kind",
    "language",
    "residence",
    "name",
    "email",
    "address",
    "offer_photo",
    "letter_date",
    "channel",
    "sent",
    "received",
    "received_assumed",
    "due",
    "extended_until",
    "status",
    "outcome",
    "reminder_due",
    "settlement",
];

/// A case's values for [`WRITTEN`], its text borrowed.
fn values(case: &Case) -> [ToSqlOutput<'_>; 22] {
    fn text(s: &str) -> ToSqlOutput<'_> {
        ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes()))
    }
    let owned = |s: String| ToSqlOutput::Owned(Value::Text(s));
    let maybe = |s: Option<&'static str>| s.map_or(ToSqlOutput::Owned(Value::Null), text);
    let day =
        |d: Option<NaiveDate>| d.map_or(ToSqlOutput::Owned(Value::Null), |d| owned(d.to_string()));
    let flag = |b: bool| ToSqlOutput::Owned(Value::Integer(i64::from(b)));
    [
        text(&case.reference),
        text(&case.controller),
        text(&case.controller_name),
        text(&case.regime),
        text(case.kind.as_str()),
        text(&case.language),
        text(&case.residence),
        text(&case.name),
        text(&case.email),
        owned(case.address.join("\n")),
        flag(case.offer_photo),
        owned(case.letter_date.to_string()),
        maybe(case.channel.map(Channel::as_str)),
        day(case.sent),
        day(case.received),
        flag(case.received_assumed),
        day(case.due),
        day(case.extended_until),
        text(case.status.as_str()),
        maybe(case.outcome.map(Outcome::as_str)),
        day(case.reminder_due),
        maybe(case.settlement.known()),
    ]
}

/// Inserts a new case (its `id` left aside) and returns its id.
pub fn insert_case(conn: &Connection, case: &Case) -> rusqlite::Result<i64> {
    static SQL: LazyLock<String> = LazyLock::new(|| {
        let places: Vec<String> = (1..=WRITTEN.len()).map(|n| format!("?{n}")).collect();
        format!(
            "INSERT INTO cases ({}) VALUES ({})",
            WRITTEN.join(", "),
            places.join(", ")
        )
    });
    conn.prepare_cached(&SQL)?
        .execute(rusqlite::params_from_iter(values(case)))?;
    Ok(conn.last_insert_rowid())
}

/// Writes a case back whole.
pub fn update_case(conn: &Connection, case: &Case) -> rusqlite::Result<()> {
    static SQL: LazyLock<String> = LazyLock::new(|| {
        let set: Vec<String> = WRITTEN
            .iter()
            .enumerate()
            .map(|(n, column)| format!("{column} = ?{}", n + 1))
            .collect();
        format!(
            "UPDATE cases SET {} WHERE id = ?{}",
            set.join(", "),
            WRITTEN.len() + 1
        )
    });
    let mut params = values(case).to_vec();
    params.push(ToSqlOutput::Owned(Value::Integer(case.id)));
    conn.prepare_cached(&SQL)?
        .execute(rusqlite::params_from_iter(params))?;
    Ok(())
}

pub fn add_entry(conn: &Connection, case_id: i64, entry: &Entry) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO history (case_id, date, event, status, outcome, note) VALUES (?1, ?2, ?3, \
         ?4, ?5, ?6)",
    )?
    .execute(rusqlite::params![
        case_id,
        entry.date.to_string(),
        entry.event,
        entry.status.as_str(),
        entry.outcome.map(Outcome::as_str),
        entry.note,
    ])?;
    Ok(())
}

pub fn history(conn: &Connection, case_id: i64) -> rusqlite::Result<Vec<Entry>> {
    let mut statement = conn.prepare_cached(
        "SELECT date, event, status, outcome, note FROM history WHERE case_id = ?1 ORDER BY id",
    )?;
    let rows = statement.query_map([case_id], |row| {
        Ok(Entry {
            date: required(date(row, 0)?, 0)?,
            event: row.get(1)?,
            status: required(parsed(row, 2, "a status", Status::parse)?, 2)?,
            outcome: parsed(row, 3, "an outcome", Outcome::parse)?,
            note: row.get(4)?,
        })
    })?;
    rows.collect()
}

/// Records a message of the case `case_id`, stamped with the moment it was recorded.
pub fn add_message(conn: &Connection, case_id: i64, message: &Message) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO messages (case_id, direction, what, date, channel, subject, message_id, \
         delivery, text, raw, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(rusqlite::params![
        case_id,
        message.direction,
        message.what,
        message.date.to_string(),
        message.channel.map(Channel::as_str),
        message.subject,
        message.message_id,
        message.delivery,
        message.text,
        message.raw,
        now_millis(),
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Milliseconds since the Unix epoch, by the system clock.
fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// One outgoing letter's delivery, without its text: what a batch needs to know of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The message's row.
    pub id: i64,
    pub delivery: String,
    pub date: NaiveDate,
}

/// The deliveries of the letters of kind `what` (a request kind, `reminder`…) sent or written for
/// a case, oldest first.
pub fn deliveries(conn: &Connection, case_id: i64, what: &str) -> rusqlite::Result<Vec<Delivery>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, delivery, date FROM messages WHERE case_id = ?1 AND what = ?2 AND direction \
         = 'out' ORDER BY id",
    )?;
    let rows = statement.query_map(rusqlite::params![case_id, what], |row| {
        Ok(Delivery {
            id: row.get(0)?,
            delivery: row.get(1)?,
            date: required(date(row, 2)?, 2)?,
        })
    })?;
    rows.collect()
}

/// How many e-mails went to a server (or may have) on `date`, by every forget using this log.
pub fn emails_on(conn: &Connection, date: NaiveDate) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "SELECT count(*) FROM messages WHERE channel = 'email' AND date = ?1 AND direction = \
         'out' AND delivery IN ('sending', 'sent', 'uncertain')",
    )?
    .query_row([date.to_string()], |row| row.get(0))
}

/// When the last e-mail was handed to a server, in milliseconds since the Unix epoch.
pub fn last_email_at(conn: &Connection) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached(
        "SELECT max(at) FROM messages WHERE channel = 'email' AND direction = 'out' AND delivery \
         != 'written'",
    )?
    .query_row([], |row| row.get(0))
}

pub fn set_delivery(conn: &Connection, message_id: i64, delivery: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE messages SET delivery = ?2 WHERE id = ?1")?
        .execute(rusqlite::params![message_id, delivery])?;
    Ok(())
}

/// Whether a message with this Message-ID is already in the log (a reply recorded twice).
pub fn has_message_id(conn: &Connection, message_id: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM messages WHERE message_id = ?1)",
        [message_id],
        |row| row.get(0),
    )
}

pub fn messages(conn: &Connection, case_id: i64) -> rusqlite::Result<Vec<Message>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, direction, what, date, channel, subject, message_id, delivery, text, raw \
         FROM messages WHERE case_id = ?1 ORDER BY id",
    )?;
    let rows = statement.query_map([case_id], |row| {
        Ok(Message {
            id: row.get(0)?,
            direction: row.get(1)?,
            what: row.get(2)?,
            date: required(date(row, 3)?, 3)?,
            channel: parsed(row, 4, "a channel", Channel::parse)?,
            subject: row.get(5)?,
            message_id: row.get(6)?,
            delivery: row.get(7)?,
            text: row.get(8)?,
            raw: row.get(9)?,
        })
    })?;
    rows.collect()
}

#[cfg(test)]
#[path = "case_log_tests.rs"]
mod tests;
