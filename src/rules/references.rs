//! References between rule files (a regime's authority, a value's source): each must name an id
//! some file defines, except those into a file that could not be read, which are counted and
//! told once.

use super::diagnostic::Diagnostic;
use super::reader::{Reference, ReferenceKind};
use crate::suggest;

/// A rules file that could not be read (a TOML syntax error, or a regime with errors): the ids
/// it defines are unknown, but a reference to one of them is not an error of its own. Such
/// references are counted, and the count told once, on the file's first error.
pub struct Unread {
    pub kind: ReferenceKind,
    /// The id the file defines (a regime's); `None` for every id of its kind.
    pub id: Option<String>,
    /// The index of the file's first error among the diagnostics.
    pub error: usize,
    /// How many references into the file were not checked.
    pub references: usize,
}

impl Unread {
    fn holds(&self, reference: &Reference) -> bool {
        self.kind == reference.kind && self.id.as_ref().is_none_or(|id| *id == reference.id)
    }

    /// What was not checked because of the file, if anything.
    pub fn note(&self) -> Option<String> {
        let what = match (self.kind, &self.id) {
            (ReferenceKind::Regime, Some(id)) => format!("the regime `{id}`"),
            (ReferenceKind::Regime, None) => "the regimes".to_string(),
            (ReferenceKind::Authority, _) => "the authorities".to_string(),
            (ReferenceKind::Source, _) => "the sources".to_string(),
        };
        let them = if self.id.is_some() { "it" } else { "them" };
        let references = match self.references {
            0 => None,
            1 => Some(format!(
                "the reference to {them} in other files was not checked"
            )),
            n => Some(format!(
                "the {n} references to {them} in other files were not checked"
            )),
        };
        let competence = (self.kind == ReferenceKind::Authority)
            .then_some("which authority is competent where was not checked");
        let unchecked = match (references, competence) {
            (Some(references), Some(_)) => {
                format!("{references}, nor which authority is competent where")
            }
            (Some(unchecked), None) => unchecked,
            (None, Some(unchecked)) => unchecked.to_string(),
            (None, None) => return None,
        };
        Some(format!("{what} could not be read, so {unchecked}"))
    }
}

/// The ids defined, by kind.
pub struct Known<'a> {
    pub regimes: &'a [&'a str],
    pub authorities: &'a [&'a str],
    pub sources: &'a [&'a str],
}

/// Every reference to an id no file defines is an error, with a "did you mean"; one into a file
/// that could not be read is counted there instead.
pub fn check_references(
    references: &[Reference],
    known: Known<'_>,
    unread: &mut [Unread],
    diagnostics: &mut Vec<Diagnostic>,
) {
    for reference in references {
        if let Some(file) = unread.iter_mut().find(|file| file.holds(reference)) {
            file.references += 1;
            continue;
        }
        let (known, what, file): (&[&str], &str, &str) = match reference.kind {
            ReferenceKind::Regime => (known.regimes, "regime", "a `jurisdictions/<id>.toml` file"),
            ReferenceKind::Authority => (
                known.authorities,
                "authority",
                "`jurisdictions/authorities.toml`",
            ),
            ReferenceKind::Source => (known.sources, "source", "`jurisdictions/sources.toml`"),
        };
        if known.contains(&reference.id.as_str()) {
            continue;
        }
        let help = match suggest::did_you_mean(&reference.id, known.iter().copied()) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!("define it in {file}"),
        };
        diagnostics.push(
            Diagnostic::error(
                format!("unknown {what} `{}`", reference.id),
                Some(reference.location.clone()),
            )
            .with_help(help),
        );
    }
}
