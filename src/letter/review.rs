use std::path::Path;

use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use crate::rules::reader::{Ctx, parse_root};
use crate::rules::{SourceFile, file_result};

/// A lawyer's approval of one template file, as recorded in `reviews.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// The template's name, like `en/gdpr.tera`.
    pub template: String,
    pub reviewer: String,
    pub date: NaiveDate,
    /// SHA-256 of the file's bytes as approved, in lowercase hex.
    pub sha256: String,
    pub note: Option<String>,
}

/// Where a template stands with its reviewers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewStatus<'a> {
    /// Its latest approval is of the file as it is now.
    Reviewed(&'a Review),
    /// Approved once, changed since.
    Stale(&'a Review),
    Unreviewed,
}

impl<'a> ReviewStatus<'a> {
    pub fn as_str(&self) -> &'static str {
        match self {
            ReviewStatus::Reviewed(_) => "reviewed",
            ReviewStatus::Stale(_) => "stale",
            ReviewStatus::Unreviewed => "unreviewed",
        }
    }

    pub fn review(&self) -> Option<&'a Review> {
        match self {
            ReviewStatus::Reviewed(review) | ReviewStatus::Stale(review) => Some(review),
            ReviewStatus::Unreviewed => None,
        }
    }
}

/// The review ledger: every approval, oldest first.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    pub reviews: Vec<Review>,
}

const REVIEW_FIELDS: &[&str] = &["template", "reviewer", "date", "sha256", "note"];

impl Ledger {
    /// Reads a ledger, reporting every problem with its line and column.
    pub fn parse(file: &SourceFile) -> Result<Ledger> {
        let mut diagnostics = Vec::new();
        let mut references = Vec::new();
        let mut ctx = Ctx {
            file,
            diagnostics: &mut diagnostics,
            references: &mut references,
        };
        let mut ledger = Ledger::default();
        if let Some(root) = parse_root(&mut ctx, &file.text, "the review ledger") {
            let mut root = root.with_fields(&["review"]);
            for mut table in root.tables(&mut ctx, "review", REVIEW_FIELDS) {
                let template = table.string(&mut ctx, "template");
                let reviewer = table.string(&mut ctx, "reviewer");
                let date = table.string(&mut ctx, "date");
                let sha256 = table.string(&mut ctx, "sha256");
                let note = table.opt_string(&mut ctx, "note").map(|t| t.value);
                table.finish(&mut ctx);
                let date =
                    date.and_then(|d| match NaiveDate::parse_from_str(&d.value, "%Y-%m-%d") {
                        Ok(date) => Some(date),
                        Err(_) => {
                            ctx.error(
                                d.span,
                                format!("`{}` is not a date", d.value),
                                Some("write it as YYYY-MM-DD".into()),
                            );
                            None
                        }
                    });
                let sha256 = sha256.and_then(|h| {
                    if h.value.len() == 64 && h.value.bytes().all(|b| b.is_ascii_hexdigit()) {
                        Some(h.value.to_ascii_lowercase())
                    } else {
                        ctx.error(
                            h.span,
                            "`sha256` must be 64 hexadecimal digits",
                            Some("record approvals with `forget templates approve`".into()),
                        );
                        None
                    }
                });
                if let (Some(template), Some(reviewer), Some(date), Some(sha256)) =
                    (template, reviewer, date, sha256)
                {
                    ledger.reviews.push(Review {
                        template: template.value,
                        reviewer: reviewer.value,
                        date,
                        sha256,
                        note,
                    });
                }
            }
            root.finish(&mut ctx);
        }
        file_result("the review ledger", &file.path, diagnostics)?;
        Ok(ledger)
    }

    /// The status of the template `name` whose current bytes hash to `sha256`.
    pub fn status(&self, name: &str, sha256: &str) -> ReviewStatus<'_> {
        match self.reviews.iter().rev().find(|r| r.template == name) {
            Some(review) if review.sha256 == sha256 => ReviewStatus::Reviewed(review),
            Some(review) => ReviewStatus::Stale(review),
            None => ReviewStatus::Unreviewed,
        }
    }

    /// Appends an approval to the ledger file at `path`, keeping what is there (comments too),
    /// and replacing the file atomically.
    pub fn append(path: &Path, review: &Review) -> Result<()> {
        let existing = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(error) => {
                return Err(error).with_context(|| {
                    format!("cannot read the review ledger `{}`", path.display())
                });
            }
        };
        let file = SourceFile::new(path.display().to_string(), existing.clone());
        Ledger::parse(&file)?;
        let mut text = existing;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&review.to_toml());
        crate::atomic::write(path, text.as_bytes())
            .with_context(|| format!("cannot record the approval in `{}`", path.display()))
    }
}

impl Review {
    fn to_toml(&self) -> String {
        let quote = |s: &str| serde_json::to_string(s).expect("a string always serialises");
        let mut out = format!(
            "\n[[review]]\ntemplate = {}\nreviewer = {}\ndate = \"{}\"\nsha256 = \"{}\"\n",
            quote(&self.template),
            quote(&self.reviewer),
            self.date,
            self.sha256
        );
        if let Some(note) = &self.note {
            out.push_str(&format!("note = {}\n", quote(note)));
        }
        out
    }
}

/// The SHA-256 of `bytes` in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_approval_round_trips_and_a_change_makes_it_stale() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("reviews.toml");
        std::fs::write(&path, "# ledger\n").unwrap();
        let review = Review {
            template: "en/gdpr.tera".into(),
            reviewer: "A. \"Quoted\" Lawyer".into(),
            date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            sha256: sha256_hex(b"v1"),
            note: Some("checked\nagainst Art. 17".into()),
        };
        Ledger::append(&path, &review).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# ledger\n"));
        let ledger = Ledger::parse(&SourceFile::new("reviews.toml", text)).unwrap();
        assert_eq!(ledger.reviews, [review]);
        assert_eq!(
            ledger.status("en/gdpr.tera", &sha256_hex(b"v1")).as_str(),
            "reviewed"
        );
        assert_eq!(
            ledger.status("en/gdpr.tera", &sha256_hex(b"v2")).as_str(),
            "stale"
        );
        assert_eq!(
            ledger.status("de/gdpr.tera", &sha256_hex(b"v1")).as_str(),
            "unreviewed"
        );
    }

    #[test]
    fn a_bad_ledger_entry_is_reported_with_its_line() {
        let file = SourceFile::new(
            "reviews.toml",
            "[[review]]\ntemplate = \"en/gdpr.tera\"\nreviewer = \"X\"\ndate = \"23.11.2026\"\nsha256 = \"abc\"\nnotes = \"x\"\n",
        );
        let error = Ledger::parse(&file).unwrap_err().to_string();
        assert!(
            error.contains("reviews.toml:4:9: error: `23.11.2026` is not a date"),
            "{error}"
        );
        assert!(error.contains("reviews.toml:5"), "{error}");
        assert!(error.contains("did you mean `note`?"), "{error}");
    }
}
