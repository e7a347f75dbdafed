//! Reading the raw TOML tree (spans included) into typed rules, collecting every problem instead
//! of stopping at the first.
//!
//! A [`Table`] hands out its fields one by one; whatever is left when it is finished is an unknown
//! field, reported with a "did you mean". Problems go to the [`Ctx`], which belongs to one file.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

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
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {what} `{shown}`"))?;
    let text = String::from_utf8(bytes).map_err(|error| {
        // Where the bad byte is, as every other problem in the file is located.
        let at = Location::of_byte(&shown, error.as_bytes(), error.utf8_error().valid_up_to());
        anyhow::anyhow!(
            "{shown}:{}:{}: {what} is not UTF-8 (a bad byte here): save it as UTF-8",
            at.line,
            at.column
        )
    })?;
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
    match parse(text) {
        Ok(root) => Some(Table::root(text, root, what)),
        Err(error) => {
            ctx.error(error.span, format!("invalid TOML: {}", error.message), None);
            None
        }
    }
}

/// A TOML syntax error: where it is, and what is wrong, worded for a person. The message names no
/// character of the file (the parser's never do), so none of a secret either.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Range<usize>,
    pub message: String,
}

/// Parses a whole file into its raw tree, spans included, or says where it stops being TOML.
pub fn parse(text: &str) -> Result<Spanned<DeTable<'_>>, SyntaxError> {
    DeTable::parse(text).map_err(|error| syntax_error(text, &error))
}

/// The parser's error, with a clearer message and place where it has a poor one: a string left
/// open at the end of its line, a multi-line string never closed (pointed at where it opens, not
/// at the end of the file), a key given twice (named).
fn syntax_error(text: &str, error: &toml::de::Error) -> SyntaxError {
    let span = error.span().unwrap_or(0..0);
    let message = error.message();
    let rest = text.get(span.start..).unwrap_or("");
    let at_line_end = rest.is_empty() || rest.starts_with('\n') || rest.starts_with("\r\n");
    let plain = |message: &str| SyntaxError {
        span: span.clone(),
        message: message.to_string(),
    };
    if message.starts_with("invalid basic string") || message.starts_with("invalid literal string")
    {
        if at_line_end {
            // At the end of the line as shown: before the `\r` of a `\r\n`.
            let end = match text.get(..span.start) {
                Some(before) if before.ends_with('\r') => span.start - 1,
                _ => span.start,
            };
            return SyntaxError {
                span: end..end,
                message: "the string is not closed on its line".to_string(),
            };
        }
    } else if let Some(kind) = message.strip_prefix("invalid multi-line ") {
        let quotes = if kind.starts_with("literal") {
            "'''"
        } else {
            "\"\"\""
        };
        if rest.trim().is_empty()
            && let Some(open) = text
                .get(..span.start)
                .and_then(|before| before.rfind(quotes))
        {
            return SyntaxError {
                span: open..open + quotes.len(),
                message: "the multi-line string opened here is never closed".to_string(),
            };
        }
    } else if message == "duplicate key"
        && let Some(key) = text.get(span.clone())
    {
        return plain(&format!("duplicate key `{key}`"));
    }
    plain(message)
}

/// The span of a string's or a quoted key's text, inside its quotes (and after the line break
/// that may follow `"""`); an empty string is pointed at by its opening quote.
pub fn content_span(source: &str, span: Range<usize>) -> Range<usize> {
    let Some(raw) = source.get(span.clone()) else {
        return span;
    };
    let Some(quotes) = ["\"\"\"", "'''", "\"", "'"]
        .into_iter()
        .find(|q| raw.len() >= 2 * q.len() && raw.starts_with(q) && raw.ends_with(q))
    else {
        return span;
    };
    let mut start = span.start + quotes.len();
    let end = span.end - quotes.len();
    if quotes.len() == 3 {
        let inside = &source[start..end];
        if inside.starts_with("\r\n") {
            start += 2;
        } else if inside.starts_with('\n') {
            start += 1;
        }
    }
    if start >= end {
        return span.start..span.start + 1;
    }
    start..end
}

/// A value of the raw tree, with its span.
type Value<'de> = Spanned<DeValue<'de>>;

/// One TOML table being read.
pub struct Table<'de> {
    table: DeTable<'de>,
    /// The text it was parsed from, to find a string's span inside its quotes.
    source: &'de str,
    span: Range<usize>,
    /// How the table is named in messages: "`[deadline]`", "this authority".
    name: String,
    fields: &'static [&'static str],
}

impl<'de> Table<'de> {
    /// The root table of a file parsed from `source` (with [`parse`]), named `what` in messages.
    pub fn root(source: &'de str, root: Spanned<DeTable<'de>>, what: &str) -> Table<'de> {
        let span = root.span();
        Table {
            table: root.into_inner(),
            source,
            span,
            name: what.to_string(),
            fields: &[],
        }
    }

    /// A value taken out of this table, read as a table named `name` in messages.
    fn sub_table(
        &self,
        ctx: &mut Ctx<'_>,
        value: Value<'de>,
        name: String,
        fields: &'static [&'static str],
    ) -> Option<Table<'de>> {
        let span = value.span();
        match value.into_inner() {
            DeValue::Table(table) => Some(Table {
                table,
                source: self.source,
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

    /// The span of a string value or a key, inside its quotes.
    fn text_span(&self, span: Range<usize>) -> Range<usize> {
        content_span(self.source, span)
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

    /// Where a value is, for messages: a string inside its quotes.
    fn value_span(&self, value: &Value<'_>) -> Range<usize> {
        match value.get_ref() {
            DeValue::String(_) => self.text_span(value.span()),
            _ => value.span(),
        }
    }

    fn wrong_type(&self, ctx: &mut Ctx<'_>, key: &str, expected: &str, value: &Value<'_>) {
        let found = value.get_ref().type_str();
        // TOML reads `2021-05-25` as a date of its own; the rules write dates as strings.
        let help = matches!(value.get_ref(), DeValue::Datetime(_))
            .then(|| format!("put it in quotes: `{key} = \"…\"`"));
        ctx.error(
            self.value_span(value),
            format!("`{key}` in {} must be {expected}, found {found}", self.name),
            help,
        );
    }

    pub fn opt_string(&mut self, ctx: &mut Ctx<'_>, key: &str) -> Option<Text> {
        let value = self.take(key)?;
        match value.get_ref() {
            DeValue::String(s) => Some(Text {
                value: s.to_string(),
                span: self.value_span(&value),
            }),
            _ => {
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
        let DeValue::Integer(integer) = value.get_ref() else {
            self.wrong_type(ctx, key, "an integer", &value);
            return None;
        };
        match i64::from_str_radix(integer.as_str(), integer.radix()) {
            Ok(i) => Some((i, value.span())),
            Err(_) => {
                ctx.error(
                    value.span(),
                    format!("`{key}` in {} is out of range: `{integer}`", self.name),
                    None,
                );
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
        match value.get_ref().as_bool() {
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
        let Some(value) = self.take(key) else {
            return Vec::new();
        };
        let span = self.value_span(&value);
        let DeValue::Array(items) = value.into_inner() else {
            ctx.error(
                span,
                format!("`{key}` in {} must be a list of strings", self.name),
                Some(format!("write `{key} = [\"…\"]`")),
            );
            return Vec::new();
        };
        let mut texts = Vec::with_capacity(items.len());
        for item in items {
            let item_span = self.value_span(&item);
            match item.get_ref() {
                DeValue::String(s) => texts.push(Text {
                    value: s.to_string(),
                    span: item_span,
                }),
                other => ctx.error(
                    item_span,
                    format!(
                        "`{key}` in {} must contain strings, found {}",
                        self.name,
                        other.type_str()
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
        let value = self.take(key)?;
        self.sub_table(ctx, value, format!("`[{key}]`"), fields)
    }

    /// An array of tables (`[[provision]]`); a missing key is an empty list.
    pub fn tables(
        &mut self,
        ctx: &mut Ctx<'_>,
        key: &str,
        fields: &'static [&'static str],
    ) -> Vec<Table<'de>> {
        let Some(value) = self.take(key) else {
            return Vec::new();
        };
        let span = self.value_span(&value);
        let DeValue::Array(items) = value.into_inner() else {
            ctx.error(
                span,
                format!("`{key}` must be an array of tables, written `[[{key}]]`"),
                None,
            );
            return Vec::new();
        };
        items
            .into_iter()
            .filter_map(|item| self.sub_table(ctx, item, format!("`[[{key}]]`"), fields))
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
            .is_some_and(|value| value.get_ref().is_array());
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
        let Some(value) = self.take("unconfirmed") else {
            return Vec::new();
        };
        let span = self.value_span(&value);
        let DeValue::Table(table) = value.into_inner() else {
            ctx.error(
                span,
                "`unconfirmed` must be a table of field names and reasons",
                Some("write `unconfirmed = { address = \"why it is not confirmed\" }`".to_string()),
            );
            return Vec::new();
        };
        let mut marks = Vec::new();
        let mut entries: Vec<_> = table.into_iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);
        for (key, reason) in entries {
            let key_span = self.text_span(key.span());
            let field = key.get_ref().to_string();
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
            match reason.get_ref().as_str() {
                Some(text) if !text.trim().is_empty() => marks.push(Unconfirmed {
                    field,
                    reason: text.to_string(),
                    location: ctx.location(key_span),
                }),
                _ => ctx.error(
                    self.value_span(&reason),
                    format!("the reason why `{field}` is unconfirmed must be a non-empty string"),
                    None,
                ),
            }
        }
        marks
    }

    /// Reports every field that was not read as unknown, with a "did you mean".
    pub fn finish(self, ctx: &mut Ctx<'_>) {
        let mut left: Vec<_> = self.table.iter().map(|(key, _)| key).collect();
        left.sort_by_key(|key| key.span().start);
        for key in left {
            let help = match suggest::did_you_mean(key.get_ref(), self.fields.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("expected one of {}", suggest::one_of(self.fields)),
            };
            ctx.error(
                self.text_span(key.span()),
                format!("unknown field `{}` in {}", key.get_ref(), self.name),
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

#[cfg(test)]
#[path = "reader_tests.rs"]
mod tests;
