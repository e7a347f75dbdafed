//! The text of the rules is read by the person: a reason why a value is unconfirmed, a note, a
//! summary. The rules were researched in the project's own notes (the legal fact sheet and the
//! legal updates), which the person cannot open, so that text cites the law or a public source,
//! never those notes; a reference to them for maintainers stays in a `#` comment, which is never
//! shown.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diagnostic::Diagnostic;
use super::reader::{content_span, parse};
use super::source_file::SourceFile;

/// The internal documents, by the words that name them in prose.
const INTERNAL: &[&str] = &["fact sheet", "legal facts", "legal updates"];

const HELP: &str = "cite the law or a public source; keep internal references in a # comment";

/// Refuses every string of `file` that names an internal document, pointing at the words. The
/// `sources` lists are provenance, for maintainers, and are not looked at; a file that is not
/// TOML is left to the reader, which reports it.
pub(crate) fn check(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) {
    let Ok(root) = parse(&file.text) else {
        return;
    };
    let mut found = Vec::new();
    visit_table(&file.text, root.get_ref(), "", &mut found);
    found.sort_by_key(|citation| citation.span.start);
    for Citation { path, span, name } in found {
        diagnostics.push(
            Diagnostic::error(
                format!(
                    "`{path}` is shown to the person but cites the {name}, an internal document \
                     they cannot open"
                ),
                Some(file.location(span)),
            )
            .with_help(HELP),
        );
    }
}

/// A string that names an internal document: under which keys, where, and which document.
struct Citation {
    path: String,
    span: Range<usize>,
    name: &'static str,
}

fn visit_table(source: &str, table: &DeTable<'_>, path: &str, found: &mut Vec<Citation>) {
    for (key, value) in table.iter() {
        let key: &str = key.get_ref();
        if key == "sources" {
            continue;
        }
        let path = if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        };
        visit_value(source, value, &path, found);
    }
}

fn visit_value(source: &str, value: &Spanned<DeValue<'_>>, path: &str, found: &mut Vec<Citation>) {
    match value.get_ref() {
        DeValue::String(text) => {
            if let Some((span, name)) = cited(source, value.span(), text) {
                found.push(Citation {
                    path: path.to_string(),
                    span,
                    name,
                });
            }
        }
        DeValue::Array(items) => {
            for item in items.iter() {
                visit_value(source, item, path, found);
            }
        }
        DeValue::Table(table) => visit_table(source, table, path, found),
        _ => {}
    }
}

/// Where the string value at `span` (read as `value`) names an internal document, and which: the
/// words as written in the file, or the whole string when escapes hide them there.
fn cited(source: &str, span: Range<usize>, value: &str) -> Option<(Range<usize>, &'static str)> {
    let inside = content_span(source, span);
    if let Some((at, name)) = source.get(inside.clone()).and_then(find) {
        return Some((inside.start + at.start..inside.start + at.end, name));
    }
    find(value).map(|(_, name)| (inside, name))
}

/// The first place in `text` that names an internal document, in any case, its words separated
/// by spaces, a line break or a hyphen ("Fact-Sheet", "legal\nupdates"): the byte range, and the
/// document's name.
fn find(text: &str) -> Option<(Range<usize>, &'static str)> {
    let mut previous: Option<char> = None;
    for (start, c) in text.char_indices() {
        if !previous.is_some_and(char::is_alphanumeric) {
            for name in INTERNAL {
                if let Some(end) = words_at(text, start, name) {
                    return Some((start..end, name));
                }
            }
        }
        previous = Some(c);
    }
    None
}

/// Where the words of `name` end, when they start at `start` in `text`.
fn words_at(text: &str, start: usize, name: &str) -> Option<usize> {
    let mut at = start;
    for (i, word) in name.split(' ').enumerate() {
        if i > 0 {
            let gap = text[at..]
                .find(|c: char| !(c.is_whitespace() || c == '-'))
                .unwrap_or(text.len() - at);
            if gap == 0 {
                return None;
            }
            at += gap;
        }
        let candidate = text.get(at..at + word.len())?;
        if !candidate.eq_ignore_ascii_case(word) {
            return None;
        }
        at += word.len();
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        let file = SourceFile::new("x.toml", text);
        let mut diagnostics = Vec::new();
        check(&file, &mut diagnostics);
        diagnostics
            .iter()
            .map(|d| {
                let l = d.location.as_ref().unwrap();
                let shown: String = l
                    .line_text
                    .chars()
                    .skip(l.column - 1)
                    .take(l.width)
                    .collect();
                format!("{}:{}: {} [{shown}]", l.line, l.column, d.message)
            })
            .collect()
    }

    #[test]
    fn finds_the_names_in_any_case_and_spacing() {
        fn name(text: &str) -> Option<(&str, &'static str)> {
            find(text).map(|(span, name)| (&text[span], name))
        }
        assert_eq!(name("(fact sheet §8)"), Some(("fact sheet", "fact sheet")));
        assert_eq!(name("the Fact-Sheet"), Some(("Fact-Sheet", "fact sheet")));
        assert_eq!(
            name("see LEGAL\n  UPDATES 2026"),
            Some(("LEGAL\n  UPDATES", "legal updates"))
        );
        assert_eq!(
            name("legal facts §3.1"),
            Some(("legal facts", "legal facts"))
        );
        assert_eq!(name("artefact sheet"), None);
        assert_eq!(name("illegal updates"), None);
        assert_eq!(name("factsheet"), None);
        assert_eq!(name("the law, s. 29"), None);
        assert_eq!(name("fact"), None);
        assert_eq!(name("écrit légal facts"), None);
    }

    #[test]
    fn every_text_is_checked_but_comments_and_sources() {
        let text = "\
# The fact sheet, §8, says so: a comment is never shown.
name = \"x\"
sources = [\"the fact sheet\"]
notes = [\"fine\", \"as the fact sheet says\"]

[[authority]]
why = \"\"\"
See the legal
updates.\"\"\"
unconfirmed = { address = \"believed (Fact Sheet §8)\", email = \"not read\" }
summary = \"escaped: fact\\u0020sheet\"
";
        assert_eq!(
            problems(text),
            [
                "4:26: `notes` is shown to the person but cites the fact sheet, an internal \
                 document they cannot open [fact sheet]",
                "8:9: `authority.why` is shown to the person but cites the legal updates, an \
                 internal document they cannot open [legal]",
                "10:38: `authority.unconfirmed.address` is shown to the person but cites the fact \
                 sheet, an internal document they cannot open [Fact Sheet]",
                "11:12: `authority.summary` is shown to the person but cites the fact sheet, an \
                 internal document they cannot open [escaped: fact\\u0020sheet]",
            ]
        );
    }

    #[test]
    fn a_file_that_is_not_toml_is_left_to_the_reader() {
        assert!(problems("name = \"fact sheet").is_empty());
    }
}
