use std::fmt;

use super::source_file::Location;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A problem found in the rules table: where, what, and how to fix it.
///
/// Rendered as `path:line:col: error: message`, then the offending line with a caret under the
/// value, then the hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub location: Option<Location>,
    pub help: Option<String>,
    /// What the problem kept from being checked, shown after the hint.
    pub note: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>, location: Option<Location>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            location,
            help: None,
            note: None,
        }
    }

    pub fn warning(message: impl Into<String>, location: Option<Location>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message, location)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Succeeds when one file had no problems; otherwise fails with all of them in line order, as
/// "{what} `{path}` has N problems:" and each diagnostic.
pub fn file_result(what: &str, path: &str, mut diagnostics: Vec<Diagnostic>) -> anyhow::Result<()> {
    if diagnostics.is_empty() {
        return Ok(());
    }
    diagnostics.sort_by_key(|d| d.location.as_ref().map(|l| (l.line, l.column)));
    let shown: Vec<String> = diagnostics.iter().map(Diagnostic::to_string).collect();
    anyhow::bail!(
        "{what} `{path}` has {} problem{}:\n\n{}",
        diagnostics.len(),
        if diagnostics.len() == 1 { "" } else { "s" },
        shown.join("\n")
    )
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match &self.location {
            Some(location) => {
                writeln!(f, "{location}: {severity}: {}", self.message)?;
                let number = location.line.to_string();
                let gutter = " ".repeat(number.len());
                writeln!(f, "{gutter} |")?;
                writeln!(f, "{number} | {}", location.line_text)?;
                write!(
                    f,
                    "{gutter} | {}{}",
                    " ".repeat(location.column - 1),
                    "^".repeat(location.width)
                )?;
                if let Some(help) = &self.help {
                    write!(f, "\n{gutter} = help: {help}")?;
                }
                if let Some(note) = &self.note {
                    write!(f, "\n{gutter} = note: {note}")?;
                }
            }
            None => {
                write!(f, "{severity}: {}", self.message)?;
                if let Some(help) = &self.help {
                    write!(f, "\n  = help: {help}")?;
                }
                if let Some(note) = &self.note {
                    write!(f, "\n  = note: {note}")?;
                }
            }
        }
        Ok(())
    }
}
