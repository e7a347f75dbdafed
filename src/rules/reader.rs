//! Reading the raw TOML tree (spans included) into typed rules, collecting every problem instead
//! of stopping at the first.
//!
//! A [`Table`] hands out its fields one by one; whatever is left when it is finished is an unknown
//! field, reported with a "did you mean". Problems go to the [`Ctx`], which belongs to one file.

use std::ops::Range;

use toml_span::value::{Table as RawTable, Value, ValueInner};

use super::diagnostic::Diagnostic;
use super::provenance::{Provenance, SourceRef, Unconfirmed};
use super::source_file::{Location, SourceFile};
use crate::suggest;

/// A reference from one table to an id defined elsewhere, checked once everything is loaded.
#[derive(Debug, Clone)]
pub struct Reference {
    pub kind: ReferenceKind,
    pub id: String,
    pub location: Location,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceKind {
    Regime,
    Authority,
    Source,
}

/// Where problems and references found while reading one file go.
pub struct Ctx<'a> {
    pub file: &'a SourceFile,
    pub diagnostics: &'a mut Vec<Diagnostic>,
    pub references: &'a mut Vec<Reference>,
}

impl Ctx<'_> {
    pub fn location(&self, span: Range<usize>) -> Location {
        self.file.location(span)
    }

    pub fn error(&mut self, span: Range<usize>, message: impl Into<String>, help: Option<String>) {
        let mut diagnostic = Diagnostic::error(message, Some(self.location(span)));
        diagnostic.help = help;
        self.diagnostics.push(diagnostic);
    }

    pub fn refer(&mut self, kind: ReferenceKind, text: &Text) {
        self.references.push(Reference {
            kind,
            id: text.value.clone(),
            location: self.location(text.span.clone()),
        });
    }
}

/// Reads the TOML file at `path` (called `what` in messages: "the profile"), hands its root table
/// to `read`, and fails with every problem found, each with its line and column. Returns what
/// `read` built, and the file, for later messages that point into it.
pub fn read_file<T>(
    path: &std::path::Path,
    what: &str,
    read: impl FnOnce(&mut Ctx<'_>, Table<'_>) -> T,
) -> anyhow::Result<(T, SourceFile)> {
    use anyhow::Context as _;
    let shown = path.display().to_string();
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {what} `{shown}`"))?;
    let file = SourceFile::new(shown.clone(), text);
    let mut diagnostics = Vec::new();
    let mut references = Vec::new();
    let value = {
        let mut ctx = Ctx {
            file: &file,
            diagnostics: &mut diagnostics,
            references: &mut references,
        };
        parse_root(&mut ctx, &file.text, what).map(|root| read(&mut ctx, root))
    };
    super::file_result(what, &shown, diagnostics)?;
    let Some(value) = value else {
        anyhow::bail!("{what} `{shown}` cannot be read as TOML");
    };
    Ok((value, file))
}

/// A string value with the span it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub value: String,
    pub span: Range<usize>,
}

/// Parses a whole file into its root table, or reports the syntax error.
pub fn parse_root<'de>(ctx: &mut Ctx<'_>, text: &'de str, what: &str) -> Option<Table<'de>> {
    match toml_span::parse(text) {
        Ok(mut root) => Table::from_value(ctx, &mut root, what.to_string(), &[]),
        Err(error) => {
            let span = error.span.start..error.span.end;
            ctx.error(span, format!("invalid TOML: {error}"), None);
            None
        }
    }
}

/// One TOML table being read.
pub struct Table<'de> {
    table: RawTable<'de>,
    span: Range<usize>,
    /// How the table is named in messages: "`[deadline]`", "this authority".
    name: String,
    fields: &'static [&'static str],
}

impl<'de> Table<'de> {
    fn from_value(
        ctx: &mut Ctx<'_>,
        value: &mut Value<'de>,
        name: String,
        fields: &'static [&'static str],
    ) -> Option<Table<'de>> {
        let span = value.span.start..value.span.end;
        match value.take() {
            ValueInner::Table(table) => Some(Table {
                table,
                span,
                name,
                fields,
            }),
            other => {
                ctx.error(
                    span,
                    format!("{name} must be a table, found {}", other.type_str()),
                    None,
                );
                None
            }
        }
    }

    /// Declares the fields this table may have (for unknown-field checks and `unconfirmed`).
    pub fn with_fields(mut self, fields: &'static [&'static str]) -> Table<'de> {
        self.fields = fields;
        self
    }

    /// Whether the table has the key (read or not yet read).
    pub fn contains(&self, key: &str) -> bool {
        self.table.contains_key(key)
    }

    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// Drops `key` (already reported), so that it is not reported again as unknown.
    pub fn remove(&mut self, key: &str) {
        self.table.remove(key);
    }

    /// Where the table starts (its header), for problems about the table as a whole.
    fn header_span(&self) -> Range<usize> {
        self.span.start..self.span.start + 1
    }

    fn take(&mut self, key: &str) -> Option<Value<'de>> {
        debug_assert!(
            self.fields.is_empty() || self.fields.contains(&key),
            "`{key}` is read but not declared in the table's fields"
        );
        self.table.remove(key)
    }

    fn missing(&self, ctx: &mut Ctx<'_>, key: &str) {
        ctx.error(
            self.header_span(),
            format!("missing field `{key}` in {}", self.name),
            Some(format!("add `{key} = …` to {}", self.name)),
        );
    }

    fn wrong_type(&self, ctx: &mut Ctx<'_>, key: &str, expected: &str, value: &Value<'_>) {
        let found = value.as_ref().type_str();
        ctx.error(
            value.span.start..value.span.end,
            format!("`{key}` in {} must be {expected}, found {found}", self.name),
            None,
        );
    }

    pub fn opt_string(&mut self, ctx: &mut Ctx<'_>, key: &str) -> Option<Text> {
        let value = self.take(key)?;
        match value.as_str() {
            Some(s) => Some(Text {
                value: s.to_string(),
                span: value.span.start..value.span.end,
            }),
            None => {
                self.wrong_type(ctx, key, "a string", &value);
                None
            }
        }
    }

    /// A required, non-empty string.
    pub fn string(&mut self, ctx: &mut Ctx<'_>, key: &str) -> Option<Text> {
        if !self.table.contains_key(key) {
            self.missing(ctx, key);
            return None;
        }
        let text = self.opt_string(ctx, key)?;
        if text.value.trim().is_empty() {
            ctx.error(
                text.span.clone(),
                format!("`{key}` in {} is empty", self.name),
                None,
            );
            return None;
        }
        Some(text)
    }

    pub fn opt_integer(&mut self, ctx: &mut Ctx<'_>, key: &str) -> Option<(i64, Range<usize>)> {
        let value = self.take(key)?;
        match value.as_integer() {
            Some(i) => Some((i, value.span.start..value.span.end)),
            None => {
                self.wrong_type(ctx, key, "an integer", &value);
                None
            }
        }
    }

    pub fn integer(&mut self, ctx: &mut Ctx<'_>, key: &str) -> Option<(i64, Range<usize>)> {
        if !self.table.contains_key(key) {
            self.missing(ctx, key);
            return None;
        }
        self.opt_integer(ctx, key)
    }

    pub fn opt_bool(&mut self, ctx: &mut Ctx<'_>, key: &str) -> Option<bool> {
        let value = self.take(key)?;
        match value.as_bool() {
            Some(b) => Some(b),
            None => {
                self.wrong_type(ctx, key, "true or false", &value);
                None
            }
        }
    }

    pub fn bool(&mut self, ctx: &mut Ctx<'_>, key: &str) -> Option<bool> {
        if !self.table.contains_key(key) {
            self.missing(ctx, key);
            return None;
        }
        self.opt_bool(ctx, key)
    }

    /// A list of strings; a missing key is an empty list.
    pub fn string_list(&mut self, ctx: &mut Ctx<'_>, key: &str) -> Vec<Text> {
        let Some(mut value) = self.take(key) else {
            return Vec::new();
        };
        let span = value.span.start..value.span.end;
        let ValueInner::Array(items) = value.take() else {
            ctx.error(
                span,
                format!("`{key}` in {} must be a list of strings", self.name),
                Some(format!("write `{key} = [\"…\"]`")),
            );
            return Vec::new();
        };
        let mut texts = Vec::with_capacity(items.len());
        for item in items {
            let item_span = item.span.start..item.span.end;
            match item.as_str() {
                Some(s) => texts.push(Text {
                    value: s.to_string(),
                    span: item_span,
                }),
                None => ctx.error(
                    item_span,
                    format!(
                        "`{key}` in {} must contain strings, found {}",
                        self.name,
                        item.as_ref().type_str()
                    ),
                    None,
                ),
            }
        }
        texts
    }

    /// A list of strings that must be present and not empty.
    pub fn nonempty_string_list(&mut self, ctx: &mut Ctx<'_>, key: &str) -> Vec<Text> {
        let present = self.table.contains_key(key);
        let list = self.string_list(ctx, key);
        if !present {
            self.missing(ctx, key);
        } else if list.is_empty() {
            ctx.error(
                self.header_span(),
                format!("`{key}` in {} is empty", self.name),
                None,
            );
        }
        list
    }

    /// A sub-table (`[deadline]` or `deadline = { … }`).
    pub fn opt_table(
        &mut self,
        ctx: &mut Ctx<'_>,
        key: &str,
        fields: &'static [&'static str],
    ) -> Option<Table<'de>> {
        let mut value = self.take(key)?;
        Table::from_value(ctx, &mut value, format!("`[{key}]`"), fields)
    }

    /// An array of tables (`[[provision]]`); a missing key is an empty list.
    pub fn tables(
        &mut self,
        ctx: &mut Ctx<'_>,
        key: &str,
        fields: &'static [&'static str],
    ) -> Vec<Table<'de>> {
        let Some(mut value) = self.take(key) else {
            return Vec::new();
        };
        let span = value.span.start..value.span.end;
        let ValueInner::Array(items) = value.take() else {
            ctx.error(
                span,
                format!("`{key}` must be an array of tables, written `[[{key}]]`"),
                None,
            );
            return Vec::new();
        };
        items
            .into_iter()
            .filter_map(|mut item| {
                Table::from_value(ctx, &mut item, format!("`[[{key}]]`"), fields)
            })
            .collect()
    }

    /// A table that may also be written as an array of tables, one per version of the law
    /// (`[deadline]`, or several `[[deadline]]` with `in_force_from`); a missing key is empty.
    pub fn one_or_more_tables(
        &mut self,
        ctx: &mut Ctx<'_>,
        key: &str,
        fields: &'static [&'static str],
    ) -> Vec<Table<'de>> {
        let is_array = self
            .table
            .get(key)
            .is_some_and(|value| value.as_array().is_some());
        if is_array {
            self.tables(ctx, key, fields)
        } else {
            self.opt_table(ctx, key, fields).into_iter().collect()
        }
    }

    /// A date written `YYYY-MM-DD`.
    pub fn opt_date(
        &mut self,
        ctx: &mut Ctx<'_>,
        key: &str,
    ) -> Option<(chrono::NaiveDate, Range<usize>)> {
        let text = self.opt_string(ctx, key)?;
        match chrono::NaiveDate::parse_from_str(&text.value, "%Y-%m-%d") {
            Ok(date) => Some((date, text.span)),
            Err(error) => {
                ctx.error(
                    text.span.clone(),
                    format!("`{}` is not a date: {error}", text.value),
                    Some("write dates as YYYY-MM-DD".to_string()),
                );
                None
            }
        }
    }

    /// A string read as one of a fixed set of values, with a "did you mean" when it is not.
    pub fn choice<T: Copy>(
        &mut self,
        ctx: &mut Ctx<'_>,
        key: &str,
        choices: &[(&'static str, T)],
    ) -> Option<T> {
        if !self.table.contains_key(key) {
            self.missing(ctx, key);
            return None;
        }
        self.opt_choice(ctx, key, choices)
    }

    pub fn opt_choice<T: Copy>(
        &mut self,
        ctx: &mut Ctx<'_>,
        key: &str,
        choices: &[(&'static str, T)],
    ) -> Option<T> {
        let text = self.opt_string(ctx, key)?;
        parse_choice(ctx, &text, key, choices)
    }

    /// Reads `sources` and `unconfirmed`, which every table that states facts carries.
    pub fn provenance(&mut self, ctx: &mut Ctx<'_>) -> Provenance {
        let present = self.table.contains_key("sources");
        let sources = self.string_list(ctx, "sources");
        if sources.is_empty() {
            let message = if present {
                format!("`sources` in {} is empty", self.name)
            } else {
                format!(
                    "missing `sources` in {}: every value needs a source",
                    self.name
                )
            };
            ctx.error(
                self.header_span(),
                message,
                Some(
                    "cite the fact sheet (`sources = [\"S:40\"]`, defined in sources.toml) or an \
                     official https:// URL"
                        .to_string(),
                ),
            );
        }
        let mut refs = Vec::with_capacity(sources.len());
        for source in &sources {
            match SourceRef::parse(&source.value) {
                Some(source_ref) => {
                    if let SourceRef::Numbered(_) = source_ref {
                        ctx.refer(ReferenceKind::Source, source);
                    }
                    refs.push(source_ref);
                }
                None => ctx.error(
                    source.span.clone(),
                    format!("`{}` is not a source", source.value),
                    Some(
                        "a source is a fact-sheet id such as `S:40` or an https:// URL".to_string(),
                    ),
                ),
            }
        }
        let unconfirmed = self.unconfirmed(ctx);
        Provenance {
            sources: refs,
            unconfirmed,
        }
    }

    fn unconfirmed(&mut self, ctx: &mut Ctx<'_>) -> Vec<Unconfirmed> {
        let Some(mut value) = self.take("unconfirmed") else {
            return Vec::new();
        };
        let span = value.span.start..value.span.end;
        let ValueInner::Table(table) = value.take() else {
            ctx.error(
                span,
                "`unconfirmed` must be a table of field names and reasons",
                Some("write `unconfirmed = { address = \"why it is not confirmed\" }`".to_string()),
            );
            return Vec::new();
        };
        let mut marks = Vec::new();
        let mut entries: Vec<_> = table.into_iter().collect();
        entries.sort_by_key(|(key, _)| key.span.start);
        for (key, reason) in entries {
            let key_span = key.span.start..key.span.end;
            let field = key.name.to_string();
            let settable: Vec<&str> = self
                .fields
                .iter()
                .copied()
                .filter(|f| *f != "sources" && *f != "unconfirmed")
                .collect();
            if !settable.contains(&field.as_str()) {
                let help = match suggest::did_you_mean(&field, settable.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!(
                        "the fields of {} are {}",
                        self.name,
                        suggest::one_of(&settable)
                    ),
                };
                ctx.error(
                    key_span,
                    format!(
                        "`unconfirmed` names `{field}`, which is not a field of {}",
                        self.name
                    ),
                    Some(help),
                );
                continue;
            }
            match reason.as_str() {
                Some(text) if !text.trim().is_empty() => marks.push(Unconfirmed {
                    field,
                    reason: text.to_string(),
                    location: ctx.location(key_span),
                }),
                _ => ctx.error(
                    reason.span.start..reason.span.end,
                    format!("the reason why `{field}` is unconfirmed must be a non-empty string"),
                    None,
                ),
            }
        }
        marks
    }

    /// Reports every field that was not read as unknown, with a "did you mean".
    pub fn finish(self, ctx: &mut Ctx<'_>) {
        let mut left: Vec<_> = self.table.into_keys().collect();
        left.sort_by_key(|key| key.span.start);
        for key in left {
            let help = match suggest::did_you_mean(&key.name, self.fields.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("expected one of {}", suggest::one_of(self.fields)),
            };
            ctx.error(
                key.span.start..key.span.end,
                format!("unknown field `{}` in {}", key.name, self.name),
                Some(help),
            );
        }
    }
}

/// Reads `text` as one of `choices`, reporting anything else with a "did you mean".
pub fn parse_choice<T: Copy>(
    ctx: &mut Ctx<'_>,
    text: &Text,
    key: &str,
    choices: &[(&'static str, T)],
) -> Option<T> {
    if let Some((_, value)) = choices.iter().find(|(name, _)| *name == text.value) {
        return Some(*value);
    }
    let names: Vec<&str> = choices.iter().map(|(name, _)| *name).collect();
    let help = match suggest::did_you_mean(&text.value, names.iter().copied()) {
        Some(close) => format!("did you mean `{close}`?"),
        None => format!("`{key}` is one of {}", suggest::one_of(&names)),
    };
    ctx.error(
        text.span.clone(),
        format!("unknown {key} `{}`", text.value),
        Some(help),
    );
    None
}
