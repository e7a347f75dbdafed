//! The text formats of a letter: plain text, Markdown, HTML and a `mailto:` link.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::language::Label;
use super::letter::{Block, Letter, Party};

/// How a letter is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Plain text, wrapped at 72 columns
    Text,
    /// Markdown
    Markdown,
    /// A standalone HTML page
    Html,
    /// An e-mail message (RFC 5322), ready to open in a mail program
    Eml,
    /// A printable PDF for a window envelope (needs --out)
    Pdf,
    /// A mailto: link with subject and body
    Mailto,
}

impl Format {
    /// The file extension for a letter in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text | Format::Mailto => "txt",
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Eml => "eml",
            Format::Pdf => "pdf",
        }
    }
}

/// Body lines are wrapped at this width in text and e-mail.
pub const WIDTH: usize = 72;

/// The letter as plain text: sender, recipient, date, reference, subject, body.
pub fn text(letter: &Letter) -> String {
    let language = letter.language;
    let mut out = String::new();
    push_party(&mut out, &letter.sender, true);
    out.push('\n');
    push_party(&mut out, &letter.recipient, false);
    let _ = writeln!(out, "\n{}", letter.date_text);
    let _ = writeln!(
        out,
        "{}\n",
        language.labelled(Label::Reference, &letter.reference)
    );
    let _ = writeln!(out, "{}\n", wrap(&letter.subject, "", ""));
    out.push_str(&body_text(&letter.body));
    out
}

/// The body alone as wrapped plain text, for e-mail and `mailto:`.
pub fn body_text(body: &[Block]) -> String {
    let mut out = String::new();
    for (i, block) in body.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match block {
            Block::Paragraph(lines) => {
                for line in lines {
                    wrap_into(&mut out, line, Indent::None);
                    out.push('\n');
                }
            }
            Block::List(items) => {
                for item in items {
                    wrap_into(&mut out, item, Indent::Item);
                    out.push('\n');
                }
            }
        }
    }
    out
}

/// How a wrapped line is indented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Indent {
    None,
    /// A list item: `- ` before its first line, two spaces before the others.
    Item,
}

/// Lines wrapped before, by indent: the letters of a batch share most of their long lines, and
/// each worker thread keeps its own.
type Wrapped = [HashMap<String, String, foldhash::fast::RandomState>; 2];

thread_local! {
    static WRAPPED: RefCell<Wrapped> = RefCell::default();
}

/// How many wrapped lines a thread keeps before it starts over.
const WRAPPED_LINES: usize = 2048;

/// Appends `line` wrapped (as [`wrap`] does), from the thread's cache when the line is long
/// enough to need wrapping and was wrapped before.
fn wrap_into(out: &mut String, line: &str, indent: Indent) {
    let (first, rest) = match indent {
        Indent::None => ("", ""),
        Indent::Item => ("- ", "  "),
    };
    // A short line fits as it is (an empty list item stays empty, as in `wrap`).
    if first.len() + line.len() < WIDTH && !line.contains('\n') && !line.is_empty() {
        out.push_str(first);
        out.push_str(line.trim_end_matches(' '));
        return;
    }
    WRAPPED.with_borrow_mut(|cache| {
        let cache = &mut cache[indent as usize];
        if let Some(wrapped) = cache.get(line) {
            out.push_str(wrapped);
            return;
        }
        let wrapped = wrap(line, first, rest);
        out.push_str(&wrapped);
        if cache.len() >= WRAPPED_LINES {
            cache.clear();
        }
        cache.insert(line.to_string(), wrapped);
    });
}

fn push_party(out: &mut String, party: &Party, with_email: bool) {
    let _ = writeln!(out, "{}", party.name);
    for line in &party.address {
        let _ = writeln!(out, "{line}");
    }
    if with_email && let Some(email) = &party.email {
        let _ = writeln!(out, "{email}");
    }
}

/// Wraps at spaces only (never inside a word, an address or a URL, never at a hyphen), filling
/// each line in turn, with `first` before the first line and `rest` before the others.
///
/// This is textwrap's first-fit fill at runs of ASCII spaces, to the byte (a test compares the
/// two), without its allocations per word: a batch spends much of its time here.
fn wrap(text: &str, first: &str, rest: &str) -> String {
    if text.len() < WIDTH && first.is_empty() && !text.contains('\n') {
        return text.trim_end_matches(' ').to_string();
    }
    let widths = [
        WIDTH.saturating_sub(width(first)),
        WIDTH.saturating_sub(width(rest)),
    ];
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    // Lines written so far; the first has `first` before it, the others `rest`.
    let mut count = 0usize;
    let push = |out: &mut String, count: &mut usize, piece: &str, indented: bool| {
        if *count > 0 {
            out.push('\n');
        }
        if indented {
            out.push_str(if *count == 0 { first } else { rest });
        }
        out.push_str(piece);
        *count += 1;
    };
    for line in text.split('\n') {
        let indent = if count == 0 { first } else { rest };
        if line.len() < WIDTH && indent.is_empty() {
            push(&mut out, &mut count, line.trim_end_matches(' '), false);
            continue;
        }
        // The current output line: where its first word starts, where its last word ends
        // (without the spaces after it), and how wide it is with those spaces.
        let (mut start, mut end, mut used) = (0usize, 0usize, 0usize);
        let mut local = 0usize;
        let mut words = 0usize;
        for (word_start, word_end, space_end) in words_of(line) {
            let limit = widths[local.min(1)];
            let wide = width(&line[word_start..word_end]);
            if used + wide > limit && words > 0 {
                push(&mut out, &mut count, &line[start..end], true);
                local += 1;
                start = word_start;
                used = 0;
                words = 0;
            }
            used += wide + (space_end - word_end);
            end = word_end;
            words += 1;
        }
        // A line without words (an empty one) is pushed bare, as textwrap does.
        push(&mut out, &mut count, &line[start..end], words > 0);
    }
    out
}

/// The words of a line as textwrap's `AsciiSpace` finds them: each word with the run of spaces
/// after it, as (start, end of the word, end of its spaces). Spaces at the start of the line
/// are a word of their own with nothing before its spaces.
fn words_of(line: &str) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let bytes = line.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        // A word is the first run of spaces (at the line's start only) or of other characters,
        // with the spaces that follow it.
        while at < bytes.len() && bytes[at] != b' ' {
            at += 1;
        }
        let end = at;
        while at < bytes.len() && bytes[at] == b' ' {
            at += 1;
        }
        Some((start, end, at))
    })
}

/// Columns `text` takes in a terminal, as textwrap measures them.
fn width(text: &str) -> usize {
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        text.len()
    } else {
        textwrap::core::display_width(text)
    }
}

/// The letter as Markdown. Whatever came from the person or the rules is escaped, so a name like
/// `*x*` stays literal.
pub fn markdown(letter: &Letter) -> String {
    let language = letter.language;
    let mut out = String::new();
    let party = |out: &mut String, party: &Party, with_email: bool| {
        let mut lines = vec![party.name.clone()];
        lines.extend(party.address.iter().cloned());
        if with_email && let Some(email) = &party.email {
            lines.push(email.clone());
        }
        let escaped: Vec<String> = lines.iter().map(|l| md_escape(l)).collect();
        let _ = writeln!(out, "{}\n", escaped.join("\\\n"));
    };
    party(&mut out, &letter.sender, true);
    party(&mut out, &letter.recipient, false);
    let _ = writeln!(
        out,
        "{}\\\n{}\n",
        md_escape(&letter.date_text),
        md_escape(&language.labelled(Label::Reference, &letter.reference))
    );
    let _ = writeln!(out, "## {}\n", md_escape(&letter.subject));
    for block in &letter.body {
        match block {
            Block::Paragraph(lines) => {
                let escaped: Vec<String> = lines.iter().map(|l| md_escape(l)).collect();
                let _ = writeln!(out, "{}\n", escaped.join("\\\n"));
            }
            Block::List(items) => {
                for item in items {
                    let _ = writeln!(out, "- {}", md_escape(item));
                }
                out.push('\n');
            }
        }
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        let special = matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|' | '~'
        ) || (i == 0 && matches!(c, '#' | '-' | '+' | '='));
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The letter as a standalone HTML page, everything escaped.
pub fn html(letter: &Letter) -> String {
    let e = html_escape;
    let language = letter.language;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n\
         <style>body{{font-family:sans-serif;max-width:40em;margin:2em auto;line-height:1.4}}\
         address{{font-style:normal;margin-bottom:1.5em}}</style>\n</head>\n<body>",
        language.code(),
        e(&letter.subject)
    );
    for (party, with_email) in [(&letter.sender, true), (&letter.recipient, false)] {
        let mut lines = vec![e(&party.name)];
        lines.extend(party.address.iter().map(|l| e(l)));
        if with_email && let Some(email) = &party.email {
            lines.push(e(email));
        }
        let _ = writeln!(out, "<address>{}</address>", lines.join("<br>"));
    }
    let _ = writeln!(
        out,
        "<p>{}<br>{}</p>\n<h2>{}</h2>",
        e(&letter.date_text),
        e(&language.labelled(Label::Reference, &letter.reference)),
        e(&letter.subject)
    );
    for block in &letter.body {
        match block {
            Block::Paragraph(lines) => {
                let lines: Vec<String> = lines.iter().map(|l| e(l)).collect();
                let _ = writeln!(out, "<p>{}</p>", lines.join("<br>"));
            }
            Block::List(items) => {
                let _ = writeln!(out, "<ul>");
                for item in items {
                    let _ = writeln!(out, "<li>{}</li>", e(item));
                }
                let _ = writeln!(out, "</ul>");
            }
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// What a `mailto:` query must encode: everything but unreserved characters.
const QUERY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A `mailto:` link to `to` with the subject and the body (RFC 6068: line breaks as CRLF).
pub fn mailto(letter: &Letter, to: &[String]) -> String {
    let to: Vec<String> = to
        .iter()
        .map(|address| {
            utf8_percent_encode(address, QUERY)
                .to_string()
                .replace("%40", "@")
        })
        .collect();
    let body = body_text(&letter.body).replace('\n', "\r\n");
    format!(
        "mailto:{}?subject={}&body={}",
        to.join(","),
        utf8_percent_encode(&letter.subject, QUERY),
        utf8_percent_encode(&body, QUERY)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// textwrap's fill with the options `wrap` stands in for.
    fn reference(text: &str, first: &str, rest: &str) -> String {
        let options = textwrap::Options::new(WIDTH)
            .initial_indent(first)
            .subsequent_indent(rest)
            .break_words(false)
            .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
            .word_separator(textwrap::WordSeparator::AsciiSpace)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        textwrap::fill(text, options)
    }

    #[test]
    fn wrap_matches_textwrap_first_fit() {
        let pieces = [
            "a",
            "Art.",
            "12(3)",
            "request",
            "SAN-2022-019",
            "https://example.org/a/very/long/path/that/does/not/fit/on/one/line/at/all/really",
            "Müller",
            "données",
            "漢字の",
            "😀",
            "x-y-z",
            "",
        ];
        let gaps = [" ", " ", " ", "  ", "   ", "\n", " \n", "\n\n", "\n  "];
        // A small linear congruential generator: the same texts every run.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 33) as usize % n
        };
        for case in 0..3000 {
            let mut text = String::new();
            if next(6) == 0 {
                text.push_str("  ");
            }
            for _ in 0..next(60) {
                text.push_str(pieces[next(pieces.len())]);
                text.push_str(gaps[next(gaps.len())]);
            }
            if next(3) == 0 {
                text.push_str("  ");
            }
            for (first, rest) in [("", ""), ("- ", "  "), ("  ", "  ")] {
                assert_eq!(
                    wrap(&text, first, rest),
                    reference(&text, first, rest),
                    "case {case}: {text:?} with {first:?}/{rest:?}"
                );
            }
            // The same through the cache of wrapped lines, wrapped afresh and then found there.
            for (indent, first, rest) in [(Indent::None, "", ""), (Indent::Item, "- ", "  ")] {
                for _ in 0..2 {
                    let mut out = String::new();
                    wrap_into(&mut out, &text, indent);
                    assert_eq!(out, wrap(&text, first, rest), "case {case}: {text:?}");
                }
            }
        }
    }
}
