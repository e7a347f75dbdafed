//! The case log's tables, one migration per schema version. A migration is applied once, in a
//! transaction, and `PRAGMA user_version` records how far a log has come; never edit a released
//! migration, add the next one.

/// The migrations, in order: `MIGRATIONS[n]` takes a log from version `n` to `n + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: cases, their history, and every message in and out.
    "
    CREATE TABLE cases (
        id               INTEGER PRIMARY KEY,
        reference        TEXT NOT NULL UNIQUE,
        controller       TEXT NOT NULL,
        controller_name  TEXT NOT NULL,
        regime           TEXT NOT NULL,
        kind             TEXT NOT NULL,
        language         TEXT NOT NULL,
        residence        TEXT NOT NULL,
        name             TEXT NOT NULL,
        email            TEXT NOT NULL,
        address          TEXT NOT NULL,
        offer_photo      INTEGER NOT NULL,
        letter_date      TEXT NOT NULL,
        channel          TEXT,
        sent             TEXT,
        received         TEXT,
        received_assumed INTEGER NOT NULL DEFAULT 0,
        due              TEXT,
        extended_until   TEXT,
        status           TEXT NOT NULL,
        outcome          TEXT,
        reminder_due     TEXT
    );
    CREATE TABLE history (
        id       INTEGER PRIMARY KEY,
        case_id  INTEGER NOT NULL REFERENCES cases(id),
        date     TEXT NOT NULL,
        event    TEXT NOT NULL,
        status   TEXT NOT NULL,
        outcome  TEXT,
        note     TEXT
    );
    CREATE INDEX history_case ON history(case_id);
    CREATE TABLE messages (
        id          INTEGER PRIMARY KEY,
        case_id     INTEGER NOT NULL REFERENCES cases(id),
        direction   TEXT NOT NULL,
        what        TEXT NOT NULL,
        date        TEXT NOT NULL,
        channel     TEXT,
        subject     TEXT,
        message_id  TEXT,
        delivery    TEXT NOT NULL,
        text        TEXT NOT NULL,
        raw         BLOB
    );
    CREATE INDEX messages_case ON messages(case_id);
    CREATE INDEX messages_message_id ON messages(message_id);
    ",
    // 2: for batches: a person's open case found by company, kind and e-mail; when each message
    // was recorded (to pace sends across runs); the e-mails of a day counted (for a daily cap).
    "
    CREATE INDEX cases_person ON cases(controller, kind, email COLLATE NOCASE);
    ALTER TABLE messages ADD COLUMN at INTEGER;
    CREATE INDEX messages_sends ON messages(channel, date);
    ",
    // 3: where the person stands towards the Clearview AI class settlement (BIPA follow-ups).
    "
    ALTER TABLE cases ADD COLUMN settlement TEXT;
    ",
];
