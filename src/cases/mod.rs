//! Cases: every request tracked to its legal deadline, then reminded and complained about.
//!
//! The case log ([`CaseLog`]) is a SQLite file in the person's data directory. [`record`] writes
//! what happens (a letter drafted, sent, answered, extended, reminded, complained about), each
//! change one transaction; [`lifecycle`] holds the rules a case follows (receipt, due date,
//! extension, the next step); [`reply`] reads a company's e-mail reply; [`ics`] exports the open
//! deadlines.

mod case;
pub mod case_log;
pub mod due;
pub mod escalation;
pub mod ics;
pub mod lifecycle;
pub mod record;
pub mod reply;
mod schema;

pub use case::{Case, Channel, Entry, Message, Outcome, Status};
pub use case_log::{CaseLog, Snapshot, default_dir};
