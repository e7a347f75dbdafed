//! Letters: from a decision and a person to the text a person sends, in every format.
//!
//! [`compose`] (with the request types in `request`) chooses the regime, the language and the template and builds what the template
//! sees ([`LetterContext`]): a [`Frame`], the letter short of the person. Filled in with the
//! person, it renders into a [`Letter`]; [`format`](mod@format), [`eml`] and [`pdf`] write the letter out.
//! Templates and their review ledger are in [`TemplateSet`].

mod context;
pub mod eml;
pub mod format;
mod frame;
mod language;
#[allow(clippy::module_inception)]
mod letter;
mod letter_kind;
pub mod pdf;
mod person;
mod plain_uses;
mod reference;
mod request;
mod review;
mod stencil;
mod template_set;

pub use context::LetterContext;
pub use format::Format;
pub use frame::{Frame, compose, compose_decided};
pub use language::{Label, Language};
pub use letter::{Block, Letter, Paper, Party};
pub use letter_kind::LetterKind;
pub use person::{Person, Profile, Settlement};
pub use reference::reference;
pub use request::{Composition, Event, LetterRequest, Original, REMINDER_DAYS};
pub use review::{Ledger, Review, ReviewStatus, sha256_hex};
pub use template_set::{LEDGER, Lineage, TemplateFile, TemplateSet};
