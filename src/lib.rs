//! `forget`: make companies erase what they hold on you.
//!
//! The data flows one way:
//! - [`rules`]: load and validate the rules table (regimes, authorities, controllers, sources);
//! - [`decide`]: from a residence (and a company) to the regimes that apply, the competent
//!   authority and the due date;
//! - [`letter`]: from a decision and a person to a letter: template, text, e-mail, PDF;
//! - [`deliver`]: the letter written to a file or standard output;
//! - [`cli`] and [`wizard`]: the front ends, the command line and the guided terminal flow,
//!   which feed the same pipeline and hold no logic of their own.
//!
//! [`residence`] holds the ISO 3166 codes that both the rules and the decision refer to.

mod atomic;
pub mod batch;
pub mod cases;
pub mod cli;
pub mod decide;
pub mod deliver;
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}
pub mod letter;
pub mod residence;
pub mod rules;
mod suggest;
mod text;
pub mod wizard;

pub use cli::run;
