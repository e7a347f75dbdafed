//! `forget`: make companies erase what they hold on you.
//!
//! The data flows one way:
//! - [`rules`]: load and validate the rules table (regimes, authorities, controllers, sources);
//! - [`decide`]: from a residence (and a company) to the regimes that apply, the competent
//!   authority and the due date;
//! - [`letter`]: from a decision and a person to a letter: template, text, e-mail, PDF;
//! - [`cli`]: the command-line front end.
//!
//! [`residence`] holds the ISO 3166 codes that both the rules and the decision refer to.

mod atomic;
pub mod cli;
pub mod decide;
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}
pub mod letter;
pub mod residence;
pub mod rules;
mod suggest;
mod text;

pub use cli::run;
