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

/// `eprintln!` that never panics: a note to the person is not worth a crash when standard error
/// is closed or on a full device (`2>/dev/full`); what matters is what was written and recorded,
/// and the exit status.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// `eprint!` that never panics (see [`say!`]).
#[macro_export]
macro_rules! say_inline {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

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
