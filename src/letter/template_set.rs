use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};
use tera::Tera;

use super::context::LetterContext;
use super::language::Language;
use super::plain_uses::plain_uses;
use super::review::{Ledger, ReviewStatus, sha256_hex};
use crate::embedded;
use crate::rules::SourceFile;

/// The ledger's file name inside a templates folder.
pub const LEDGER: &str = "reviews.toml";

/// One template file.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    /// Its name: the path under the templates folder, like `en/gdpr.tera`.
    pub name: String,
    pub text: String,
    /// Where it was read from: `None` for a built-in one.
    pub path: Option<PathBuf>,
    pub sha256: String,
    /// The templates it extends or includes.
    dependencies: Vec<String>,
}

/// The letter templates: the built-in ones, replaced and extended by a folder's, with the review
/// ledger, compiled once.
pub struct TemplateSet {
    pub files: BTreeMap<String, TemplateFile>,
    pub ledger: Ledger,
    /// The folder given with `--templates`, if any.
    pub dir: Option<PathBuf>,
    tera: Tera,
    /// Whether every template uses the person's details only as they are, so that letters can
    /// be rendered once per company and place and filled in (see [`super::stencil`]).
    stencil_safe: bool,
}

/// A template with everything it extends or includes, and their review status.
#[derive(Debug, Clone)]
pub struct Lineage<'a> {
    pub files: Vec<(&'a TemplateFile, ReviewStatus<'a>)>,
}

impl Lineage<'_> {
    /// The files that are not reviewed as they are now.
    pub fn unreviewed(&self) -> impl Iterator<Item = &(&TemplateFile, ReviewStatus<'_>)> {
        self.files
            .iter()
            .filter(|(_, status)| !matches!(status, ReviewStatus::Reviewed(_)))
    }

    /// Why `--require-reviewed` refuses this letter, or `None` when a lawyer approved every
    /// template it comes from as it is now.
    pub fn refusal(&self) -> Option<String> {
        let unreviewed: Vec<String> = self
            .unreviewed()
            .map(|(file, status)| format!("`{}` ({})", file.name, status.as_str()))
            .collect();
        (!unreviewed.is_empty()).then(|| {
            format!(
                "--require-reviewed: the letter comes from {} not approved by a lawyer as it is \
                 now; see `forget templates status`",
                unreviewed.join(", ")
            )
        })
    }
}

impl TemplateSet {
    /// Loads the built-in templates and, over them, those in `dir`.
    pub fn load(dir: Option<&Path>) -> Result<TemplateSet> {
        let mut files = BTreeMap::new();
        let mut ledger_files = Vec::new();
        for (path, text) in embedded::FILES {
            let Some(name) = path.strip_prefix("templates/") else {
                continue;
            };
            if name == LEDGER {
                ledger_files.push(SourceFile::new(*path, *text));
            } else if name.ends_with(".tera") {
                files.insert(name.to_string(), TemplateFile::new(name, text, None));
            }
        }
        if let Some(dir) = dir {
            if !dir.is_dir() {
                bail!(
                    "the templates folder `{}` does not exist or is not a folder",
                    dir.display()
                );
            }
            let mut found = Vec::new();
            collect(dir, dir, &mut found)?;
            for (name, path) in found {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read the template `{}`", path.display()))?;
                if name == LEDGER {
                    ledger_files.push(SourceFile::new(path.display().to_string(), text));
                } else if name.ends_with(".tera") {
                    files.insert(name.clone(), TemplateFile::new(&name, &text, Some(path)));
                }
            }
        }
        let mut ledger = Ledger::default();
        for file in &ledger_files {
            ledger.reviews.extend(Ledger::parse(file)?.reviews);
        }
        let mut tera = Tera::new();
        tera.add_raw_templates(files.values().map(|f| (f.name.as_str(), f.text.as_str())))
            .map_err(|error| anyhow!("{}", tera_report(&error)))
            .context("the letter templates do not compile")?;
        let stencil_safe = files.values().all(|f| plain_uses(&f.text));
        Ok(TemplateSet {
            files,
            ledger,
            dir: dir.map(Path::to_path_buf),
            tera,
            stencil_safe,
        })
    }

    /// The template for `stem` (a regime id, `reminder` or `complaint`) in `language`, if there
    /// is one.
    pub fn find(&self, language: Language, stem: &str) -> Option<&TemplateFile> {
        self.files.get(&format!("{}/{stem}.tera", language.code()))
    }

    /// The languages that have a template for `stem`.
    pub fn languages(&self, stem: &str) -> Vec<Language> {
        Language::ALL
            .iter()
            .copied()
            .filter(|&language| self.find(language, stem).is_some())
            .collect()
    }

    pub fn status(&self, file: &TemplateFile) -> ReviewStatus<'_> {
        self.ledger.status(&file.name, &file.sha256)
    }

    /// The template and, recursively, every template it extends or includes.
    pub fn lineage(&self, name: &str) -> Lineage<'_> {
        let mut names = vec![name.to_string()];
        let mut i = 0;
        while i < names.len() {
            if let Some(file) = self.files.get(&names[i]) {
                for parent in &file.dependencies {
                    if !names.contains(parent) {
                        names.push(parent.clone());
                    }
                }
            }
            i += 1;
        }
        Lineage {
            files: names
                .iter()
                .filter_map(|n| self.files.get(n))
                .map(|file| (file, self.status(file)))
                .collect(),
        }
    }

    /// Renders the `subject` and `body` blocks of a template for `context`.
    pub fn render(&self, name: &str, context: &LetterContext) -> Result<(String, String)> {
        let context = tera::Context::from_serialize(context).map_err(|error| {
            anyhow!("cannot pass the letter's details to the template: {error}")
        })?;
        let block = |block: &str| {
            self.tera
                .render_block(name, block, &context)
                .map_err(|error| anyhow!("{}", tera_report(&error)))
                .with_context(|| format!("cannot render the `{block}` of the template `{name}`"))
        };
        Ok((block("subject")?, block("body")?))
    }

    /// Whether a [`super::Frame`] may fill in letters rendered once (see `stencil.rs`).
    pub fn stencil_safe(&self) -> bool {
        self.stencil_safe
    }

    /// Where approvals of templates in this set are recorded: the folder's ledger.
    pub fn ledger_path(&self) -> Option<PathBuf> {
        self.dir.as_ref().map(|dir| dir.join(LEDGER))
    }
}

impl TemplateFile {
    fn new(name: &str, text: &str, path: Option<PathBuf>) -> TemplateFile {
        TemplateFile {
            name: name.to_string(),
            text: text.to_string(),
            path,
            sha256: sha256_hex(text.as_bytes()),
            dependencies: dependencies(text),
        }
    }

    /// Where the file is, as shown to a person.
    pub fn origin(&self) -> String {
        match &self.path {
            Some(path) => path.display().to_string(),
            None => format!("built in (templates/{})", self.name),
        }
    }
}

/// The templates named in `{% extends "…" %}` and `{% include "…" %}` tags.
fn dependencies(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{%") {
        rest = &rest[start + 2..];
        let end = rest.find("%}").unwrap_or(rest.len());
        let tag = rest[..end].trim_start_matches('-').trim();
        for keyword in ["extends", "include"] {
            if let Some(argument) = tag.strip_prefix(keyword) {
                let argument = argument.trim();
                let quote = argument.chars().next();
                if let Some(q @ ('"' | '\'' | '`')) = quote
                    && let Some(close) = argument[1..].find(q)
                {
                    out.push(argument[1..1 + close].to_string());
                }
            }
        }
    }
    out
}

/// Tera's error with all its causes; a render error carries the template's line and a caret.
pub fn tera_report(error: &tera::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let shown = cause.to_string();
        if !text.contains(&shown) {
            text.push('\n');
            text.push_str(&shown);
        }
        source = cause.source();
    }
    text
}

/// Every file under `dir`, as (name relative to `root` with `/`, path).
fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> Result<()> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the templates folder `{}`", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            collect(root, &path, out)?;
        } else if let Ok(relative) = path.strip_prefix(root) {
            let name = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push((name, path));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extends_and_includes_are_found() {
        let text = "{%- extends \"en/gdpr.tera\" -%}\n{% block x %}{% include 'en/part.tera' %}{% endblock x %}";
        assert_eq!(dependencies(text), ["en/gdpr.tera", "en/part.tera"]);
    }
}
