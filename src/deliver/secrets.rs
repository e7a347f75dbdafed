//! Secrets in the mail configuration: keys whose names look like they hold one are refused
//! without their values, and every line shown in a diagnostic has such a value masked, even on a
//! line TOML cannot read.

use toml::de::{DeTable, DeValue};

use crate::rules::reader::{Ctx, Table, content_span};
use crate::rules::{Location, SourceFile};

/// Whether a key's name looks like it holds a secret (`password`, `passwd`, `smtp_pass`,
/// `api_token`…), whatever the case. `password_command` does too: it holds a command, not a
/// secret, but its value is not shown in messages either.
pub(super) fn looks_secret(key: &str) -> bool {
    let key = key.to_lowercase();
    [
        "pass",
        "pwd",
        "secret",
        "token",
        "api_key",
        "apikey",
        "api-key",
        "credential",
    ]
    .iter()
    .any(|word| key.contains(word))
}

/// A key in the configuration that looks like a secret, in the table named by `table`.
pub(super) struct Secret {
    table: Vec<String>,
    key: String,
    span: std::ops::Range<usize>,
}

impl Secret {
    /// Says the key is not allowed here, and where the password goes, without its value.
    pub(super) fn report(&self, ctx: &mut Ctx<'_>) {
        let place = match self.table.as_slice() {
            [] => "at the top level".to_string(),
            table => format!("in `[{}]`", table.join(".")),
        };
        let (message, help) = if self.key == "password_command" {
            (
                format!("`password_command` is not allowed {place}: it belongs in `[smtp]`"),
                "move the line under `[smtp]`".to_string(),
            )
        } else {
            (
                format!(
                    "the configuration file must not hold the SMTP password: `{}` is not allowed \
                     {place}",
                    self.key
                ),
                format!(
                    "remove it, and give the password with `password_command = \"…\"` in \
                     `[smtp]` (a command that prints it, such as `pass show mail/smtp`) or the \
                     environment variable {}",
                    super::password::ENV
                ),
            )
        };
        ctx.error(self.span.clone(), message, Some(help));
    }
}

/// Collects the keys of `table` (named by `path`) and of the tables in it that look like secrets,
/// except `password_command` in `[smtp]`, where it belongs. `source` is the text it was parsed
/// from, to point inside a quoted key.
pub(super) fn find_secrets(
    source: &str,
    table: &DeTable<'_>,
    path: &mut Vec<String>,
    found: &mut Vec<Secret>,
) {
    for (key, value) in table {
        let name: &str = key.get_ref();
        if looks_secret(name) && !(name == "password_command" && path == &["smtp"]) {
            found.push(Secret {
                table: path.clone(),
                key: name.to_string(),
                span: content_span(source, key.span()),
            });
            continue;
        }
        path.push(name.to_string());
        let mut values = vec![value];
        while let Some(value) = values.pop() {
            match value.get_ref() {
                DeValue::Table(table) => find_secrets(source, table, path, found),
                DeValue::Array(items) => values.extend(items.iter()),
                _ => {}
            }
        }
        path.pop();
    }
}

/// Drops the secrets of the table named by `path` (reported already), so that they are not
/// reported again as unknown fields.
pub(super) fn remove_secrets(table: &mut Table<'_>, path: &[&str], secrets: &[Secret]) {
    for secret in secrets.iter().filter(|secret| secret.table == path) {
        table.remove(&secret.key);
    }
}

/// Where the value of a key that looks like a secret starts on a line of TOML (`password = …`,
/// `smtp.pass = …`, `auth = { token = … }`): the byte after its `=`, or after the key when the
/// line is broken; and the key. Found without parsing, as the line may not parse.
pub(super) fn secret_value_start(line: &str) -> Option<(usize, String)> {
    let mut chars = line.char_indices().peekable();
    let mut secret_key: Option<String> = None;
    while let Some((i, c)) = chars.next() {
        let word_end = match c {
            '#' => return None,
            '=' if secret_key.is_some() => return Some((i + 1, secret_key?)),
            '.' | ' ' | '\t' => continue,
            '"' | '\'' => {
                let mut word = String::new();
                let mut escaped = false;
                let mut closed = None;
                for (j, d) in chars.by_ref() {
                    match d {
                        _ if escaped => escaped = false,
                        '\\' if c == '"' => escaped = true,
                        _ if d == c => {
                            closed = Some(j + 1);
                            break;
                        }
                        _ => {}
                    }
                    word.push(d);
                }
                match closed {
                    Some(end) => {
                        secret_key = looks_secret(&word).then_some(word);
                        end
                    }
                    // An unclosed string that looks like a secret: hidden from its quote.
                    // Unnamed: the key may run into the value.
                    None => return looks_secret(&word).then(|| (i, String::new())),
                }
            }
            c if c.is_alphanumeric() || c == '_' || c == '-' => {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if !(d.is_alphanumeric() || d == '_' || d == '-') {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                let word = &line[i..end];
                secret_key = looks_secret(word).then(|| word.to_string());
                end
            }
            _ => {
                secret_key = None;
                continue;
            }
        };
        // A key that looks like a secret followed by anything but `=` or `.`: hide the rest.
        let next = line[word_end..].trim_start().chars().next();
        if let Some(key) = &secret_key
            && next.is_some_and(|next| next != '=' && next != '.')
        {
            return Some((word_end, key.clone()));
        }
    }
    None
}

/// The part of the line under `location` that would show a secret: from a byte of the line
/// (after `password =`), or all of it (0) when the line is inside a multi-line value of such a
/// key; and the key.
pub(super) fn secret_part(file: &SourceFile, location: &Location) -> Option<(usize, String)> {
    if let Some(part) = secret_value_start(&location.line_text) {
        return Some(part);
    }
    let starts: Vec<usize> = std::iter::once(0)
        .chain(file.text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let here = *starts.get(location.line - 1)?;
    (1..location.line).rev().find_map(|earlier| {
        let (cut, key) = secret_value_start(file.line(earlier))?;
        let value = file.text[starts[earlier - 1] + cut..here].trim_start();
        for quotes in ["\"\"\"", "'''"] {
            if let Some(rest) = value.strip_prefix(quotes) {
                return (!rest.contains(quotes)).then_some((0, key));
            }
        }
        let open =
            value.starts_with('[') && value.matches('[').count() > value.matches(']').count();
        open.then_some((0, key))
    })
}

/// Masks the value on the line of `location` when its key looks like a secret
/// (`password = "••••"`), keeping the caret within what is shown.
pub(super) fn redact(file: &SourceFile, location: &mut Location) {
    let Some((cut, _)) = secret_part(file, location) else {
        return;
    };
    let kept = location.line_text[..cut].trim_end().to_string();
    let shown = kept.chars().count();
    location.line_text = if kept.is_empty() {
        "••••".to_string()
    } else {
        format!("{kept} \"••••\"")
    };
    let length = location.line_text.chars().count();
    if location.column > shown {
        location.column = if kept.is_empty() { 1 } else { shown + 2 };
        location.width = length - (location.column - 1);
    } else {
        location.width = location.width.min(shown + 1 - location.column);
    }
}
