//! `forget batch`: a spreadsheet of people in; one letter, one case and (with `--send`) one
//! e-mail per person out, through the same pipeline as `forget letter` and `forget send`.
//!
//! The file is read one row at a time and nothing grows with it in memory (what a run has seen is
//! kept in a scratch file). Every row ends up in `manifest.csv`; a row that cannot be done
//! is in `rejects.csv` with the column and the reason, and the others go on.

#[allow(clippy::module_inception)]
mod batch;
mod bloom;
mod check;
mod checkpoints;
mod columns;
mod file_name;
mod input;
mod known;
mod lock;
mod manifest;
mod out_folder;
mod pace;
mod report_file;
mod run;
mod seen;
mod sender;
mod tally;
mod terms;
mod worker;

pub use columns::Column;
pub use file_name::{file_name, stem};
pub use manifest::{MANIFEST, REJECTS, unsent_references};
pub use pace::Rate;
pub use report_file::neutralise;
pub use run::run;
pub use terms::{Listed, Observer, Options, Sending, Summary};
