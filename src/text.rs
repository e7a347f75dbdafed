//! Small helpers for the prose that `forget` prints.

/// Wraps `text` to `width` columns, indenting every line by `indent` spaces.
pub(crate) fn wrap(text: &str, indent: usize, width: usize) -> String {
    let pad = " ".repeat(indent);
    let options = textwrap::Options::new(width.max(indent + 20))
        .initial_indent(&pad)
        .subsequent_indent(&pad)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::fill(text, options)
}

/// Wraps `text` after a label: the first line starts after `label`, later lines line up with it.
pub(crate) fn wrap_labelled(label: &str, text: &str, indent: usize, width: usize) -> String {
    let first = format!("{}{label}", " ".repeat(indent));
    let rest = " ".repeat(indent + label.chars().count());
    let options = textwrap::Options::new(width.max(rest.len() + 20))
        .initial_indent(&first)
        .subsequent_indent(&rest)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::fill(text, options)
}

/// Text on one line, as a header or subject needs it: control characters (CR, LF, tab …) and
/// runs of white space become one space.
pub(crate) fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_control() || c.is_whitespace())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// "1 month", "2 months", "30 days".
pub(crate) fn plural(count: u32, singular: &str, plural: &str) -> String {
    if count == 1 {
        format!("{count} {singular}")
    } else {
        format!("{count} {plural}")
    }
}

/// The English name of an ISO 639-1 language code, or the code itself when it is not listed.
pub(crate) fn language_name(code: &str) -> &str {
    const NAMES: &[(&str, &str)] = &[
        ("bg", "Bulgarian"),
        ("cs", "Czech"),
        ("da", "Danish"),
        ("de", "German"),
        ("el", "Greek"),
        ("en", "English"),
        ("es", "Spanish"),
        ("et", "Estonian"),
        ("fi", "Finnish"),
        ("fr", "French"),
        ("ga", "Irish"),
        ("hr", "Croatian"),
        ("hu", "Hungarian"),
        ("is", "Icelandic"),
        ("it", "Italian"),
        ("lb", "Luxembourgish"),
        ("lt", "Lithuanian"),
        ("lv", "Latvian"),
        ("mt", "Maltese"),
        ("nl", "Dutch"),
        ("no", "Norwegian"),
        ("pl", "Polish"),
        ("pt", "Portuguese"),
        ("ro", "Romanian"),
        ("sk", "Slovak"),
        ("sl", "Slovenian"),
        ("sv", "Swedish"),
    ];
    NAMES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, name)| name)
}

/// Lowercases the first letter, unless the first word is an abbreviation ("GDPR", "PIPEDA"):
/// for a sentence continued after a colon.
pub(crate) fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
            first.to_lowercase().chain(text.chars().skip(1)).collect()
        }
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercases_sentences_but_not_abbreviations() {
        assert_eq!(lowercase_first("The GDPR applies"), "the GDPR applies");
        assert_eq!(lowercase_first("GDPR applies"), "GDPR applies");
        assert_eq!(lowercase_first("A company"), "a company");
        assert_eq!(lowercase_first(""), "");
    }

    #[test]
    fn names_languages() {
        assert_eq!(language_name("de"), "German");
        assert_eq!(language_name("xx"), "xx");
    }
}
