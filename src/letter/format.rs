//! The text formats of a letter: plain text, Markdown, HTML and a `mailto:` link.

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
                    let _ = writeln!(out, "{}", wrap(line, "", ""));
                }
            }
            Block::List(items) => {
                for item in items {
                    let _ = writeln!(out, "{}", wrap(item, "- ", "  "));
                }
            }
        }
    }
    out
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
/// each line in turn: a batch of a hundred thousand letters wraps in a second.
fn wrap(text: &str, first: &str, rest: &str) -> String {
    let options = textwrap::Options::new(WIDTH)
        .initial_indent(first)
        .subsequent_indent(rest)
        .break_words(false)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::fill(text, options)
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
