//! Whether a template uses the person's details only as they are, so that a batch may render it
//! once and fill the details in (see `stencil.rs`): an allow-list over Tera's own reading of a
//! template.

/// Whether the template `text` uses the person's details only as they are: `{{ person.name }}`,
/// `{{ person.email }}`, `{{ reference }}`, `{{ person.address | join(sep="…") }}`, and
/// `person.address` as a plain condition (`{% if person.address %}`, `{% if not person.address
/// and x %}`: how many lines it has is part of the cache key, as are `person.offer_photo` and
/// `person.settlement`).
///
/// The check is an allow-list over Tera's own reading of a template (tags, strings with their
/// escapes, comments, raw blocks): a tag it does not know (a filter section, a component, a
/// captured `set`), `super()` used other than on its own, or any other use of those details
/// makes the set render every letter afresh. A comparison or a test on a value cannot be caught
/// by rendering twice, so this must not let one through.
pub(super) fn plain_uses(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let Some(start) = next_marker(&bytes[at..]) else {
            return true;
        };
        let start = at + start;
        match &bytes[start..start + 2] {
            b"{#" => {
                let Some(end) = find(&bytes[start + 2..], b"#}") else {
                    return false;
                };
                at = start + 2 + end + 2;
            }
            b"{%" if tag_named(&bytes[start + 2..], b"raw", 2).is_some() => {
                // Everything up to `{% endraw %}` is text.
                let mut from = start + 2 + tag_named(&bytes[start + 2..], b"raw", 2).unwrap_or(0);
                loop {
                    let Some(open) = find(&bytes[from..], b"{%") else {
                        return false;
                    };
                    from += open + 2;
                    if let Some(length) = tag_named(&bytes[from..], b"endraw", 1) {
                        at = from + length;
                        break;
                    }
                }
            }
            opening => {
                let close: &[u8] = if opening == b"{{" { b"}}" } else { b"%}" };
                let inside = start + 2;
                let Some(end) = tag_end(&bytes[inside..], close) else {
                    return false;
                };
                if !plain_tag(opening == b"{{", &tokens(&text[inside..inside + end])) {
                    return false;
                }
                at = inside + end + 2;
            }
        }
    }
    true
}

/// Where the next `{{`, `{%` or `{#` starts.
fn next_marker(bytes: &[u8]) -> Option<usize> {
    bytes
        .windows(2)
        .position(|pair| matches!(pair, b"{{" | b"{%" | b"{#"))
}

fn find(bytes: &[u8], needle: &[u8]) -> Option<usize> {
    bytes.windows(needle.len()).position(|w| w == needle)
}

/// The length of `name -?%}` after up to `dashes` dashes and ASCII spaces at the start of
/// `bytes`, as Tera reads `{% raw %}` (two dashes: `{%-` then one more) and `{% endraw %}` (one).
fn tag_named(bytes: &[u8], name: &[u8], dashes: usize) -> Option<usize> {
    let mut at = bytes
        .iter()
        .take(dashes)
        .take_while(|&&b| b == b'-')
        .count();
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    if !bytes[at..].starts_with(name) {
        return None;
    }
    at += name.len();
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    if bytes.get(at) == Some(&b'-') {
        at += 1;
    }
    bytes[at..].starts_with(b"%}").then_some(at + 2)
}

/// Where `close` ends a tag, outside its strings (a backslash escapes the next byte in a string,
/// as in Tera).
fn tag_end(bytes: &[u8], close: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            quote @ (b'"' | b'\'' | b'`') => {
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            _ if bytes[i..].starts_with(close) => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// A tag's words: names with their dotted paths, literals (strings and numbers), and single
/// punctuation characters.
#[derive(Debug, PartialEq)]
enum Token<'a> {
    Path(&'a str),
    Str,
    Punct(char),
}

fn tokens(tag: &str) -> Vec<Token<'_>> {
    // One dash at each end is Tera's whitespace control (`{{-`, `-%}`); any other is an operator.
    let tag = tag.strip_prefix('-').unwrap_or(tag).trim_start();
    let tag = tag.trim_end();
    let tag = tag.strip_suffix('-').unwrap_or(tag);
    let mut out = Vec::new();
    let mut chars = tag.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if matches!(c, '"' | '\'' | '`') {
            let mut escaped = false;
            for (_, d) in chars.by_ref() {
                if escaped {
                    escaped = false;
                } else if d == '\\' {
                    escaped = true;
                } else if d == c {
                    break;
                }
            }
            out.push(Token::Str);
        } else if c.is_ascii_digit() {
            // A number ends where letters begin, as Tera reads `1in` as `1` and `in`.
            while chars
                .peek()
                .is_some_and(|&(_, d)| d.is_ascii_digit() || d == '.' || d == '_')
            {
                chars.next();
            }
            out.push(Token::Str);
        } else if c.is_alphanumeric() || c == '_' {
            let mut end = start + c.len_utf8();
            while let Some(&(i, d)) = chars.peek() {
                if d.is_alphanumeric() || d == '_' || d == '.' {
                    end = i + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(Token::Path(&tag[start..end]));
        } else {
            out.push(Token::Punct(c));
        }
    }
    out
}

/// Whether a name reaches the person's details (or the whole context).
fn sensitive(path: &str) -> bool {
    let root = path.split('.').next().unwrap_or(path);
    matches!(root, "person" | "reference" | "__tera_context")
        && !matches!(path, "person.offer_photo" | "person.settlement")
}

fn plain_tag(expression: bool, tokens: &[Token<'_>]) -> bool {
    use Token::{Path, Punct, Str};
    let touches = |path: &str| sensitive(path) || path.split('.').next() == Some("super");
    let untouched = || !tokens.iter().any(|t| matches!(t, Path(p) if touches(p)));
    if expression {
        return match tokens {
            [Path("person.name" | "person.email" | "reference")] => true,
            [
                Path("person.address"),
                Punct('|'),
                Path("join"),
                Punct('('),
                Path("sep"),
                Punct('='),
                Str,
                Punct(')'),
            ] => true,
            // A parent block's text, printed as it is.
            [Path("super"), Punct('('), Punct(')')] => true,
            _ => untouched(),
        };
    }
    match tokens {
        // A condition on the address: only whether there is one, among other plain operands.
        [Path("if" | "elif"), condition @ ..] if !untouched() => {
            condition.iter().all(|t| match t {
                Path("person.address" | "and" | "or" | "not") | Str => true,
                Path("in" | "is" | "if" | "else") => false,
                Path(path) => !touches(path),
                Punct(_) => false,
            })
        }
        [
            Path("set" | "set_global"),
            Path(name),
            Punct('='),
            rest @ ..,
        ] => !name.contains('.') && rest.first() != Some(&Punct('=')) && untouched(),
        [
            Path(
                "if" | "elif" | "else" | "endif" | "for" | "endfor" | "block" | "endblock"
                | "extends" | "include" | "break" | "continue",
            ),
            ..,
        ] => untouched(),
        // A filter section, a component, a captured `set`, or a tag this check does not know.
        _ => false,
    }
}
