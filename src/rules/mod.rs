//! The rules table: regimes, supervisory authorities, controllers and their sources, read from
//! TOML (embedded, or a directory given with `--rules`) and validated into typed values.

mod authority;
pub mod calendar;
mod checks;
mod controller;
pub mod datenanfragen;
mod deadline;
mod diagnostic;
mod in_force;
mod period;
mod provenance;
mod public_text;
pub(crate) mod reader;
mod references;
mod regime;
mod request_kind;
mod rule_set;
mod source_file;
mod step;

pub use authority::Authority;
pub use controller::{
    Controller, Email, IdentityPractice, Note, Precedent, Representative, Transport, Webform,
};
pub use deadline::{Deadline, Extension, MonthEnd, NonWorkingDay};
pub use diagnostic::{Diagnostic, Severity, file_result};
pub use in_force::InForce;
pub use period::{Period, Unit};
pub use provenance::{Provenance, SourceRef, Unconfirmed};
pub use regime::{Citation, Code, Coverage, Escalation, Provision, Regime, Requirement, Route};
pub use request_kind::RequestKind;
pub use rule_set::{Checked, RuleSet, RulesLocation, Source, fold};
pub use source_file::{Location, SourceFile};
pub use step::{Binds, Step, StepFrom, StepKind};
