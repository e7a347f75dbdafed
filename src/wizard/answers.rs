//! The wizard's answers as a TOML file: read for `--answers`, written for `--save-answers`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use anyhow::Result;

use crate::rules::reader::{Ctx, Text, read_file};
use crate::rules::{SourceFile, file_result};

/// The answers a file may hold, in the order the wizard asks for them, with what each is.
pub const FIELDS: &[(&str, &str)] = &[
    (
        "controller",
        "the company's id (`forget explain` lists them), or `not-listed`",
    ),
    ("company_name", "for `not-listed`: the company's name"),
    (
        "company_email",
        "for `not-listed`: its privacy e-mail address",
    ),
    (
        "company_country",
        "for `not-listed`: the ISO code of the country it is established in, or `unknown`",
    ),
    (
        "residence",
        "where you live: `FR`, `DE-HH`, `CA-QC`, `US-IL`",
    ),
    ("kind", "what you ask for: `access`, `erasure`, …"),
    ("name", "your name, as the company knows you"),
    ("email", "the e-mail address the company should answer to"),
    ("address", "your postal address (optional)"),
    (
        "offer_photo",
        "whether to offer a photo of your face (true or false)",
    ),
    (
        "settlement",
        "for a resident of Illinois writing to Clearview AI: whether you excluded yourself from \
         its class settlement by 20 September 2024 (`member`: you did not; `excluded`; `unknown`)",
    ),
    ("lang", "the letter's language: `en`, `de`, `fr`"),
    (
        "regime",
        "the law to rely on, by id (optional: the strongest)",
    ),
    (
        "deliver",
        "`text`, `pdf`, `eml`, `mailto`, `send` (by e-mail, with a mail server configured) or \
         `none` (print the letter only)",
    ),
    ("out", "the file to write (for text, pdf and eml)"),
    (
        "confirm_send",
        "for `deliver = \"send\"`: true to send the e-mail without being asked (never saved, so \
         that replaying saved answers does not send the letter again)",
    ),
];

/// The keys of [`FIELDS`].
static KEYS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| FIELDS.iter().map(|(k, _)| *k).collect());

/// One answer: text, or yes/no.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Text(String),
    Flag(bool),
}

/// Answers read from a file, each with where it was written.
#[derive(Debug)]
pub struct Answers {
    file: SourceFile,
    path: PathBuf,
    texts: BTreeMap<&'static str, Text>,
    flags: BTreeMap<&'static str, bool>,
}

impl Answers {
    /// Reads an answers file; every problem in it is reported with its line and column.
    pub fn load(path: &Path) -> Result<Answers> {
        let mut texts = BTreeMap::new();
        let mut flags = BTreeMap::new();
        let ((), file) = read_file(path, "the answers file", |ctx, root| {
            let mut root = root.with_fields(KEYS.as_slice());
            for &key in KEYS.iter() {
                if key == "offer_photo" || key == "confirm_send" {
                    if let Some(flag) = root.opt_bool(ctx, key) {
                        flags.insert(key, flag);
                    }
                } else if let Some(text) = root.opt_string(ctx, key) {
                    texts.insert(key, text);
                }
            }
            root.finish(ctx);
        })?;
        Ok(Answers {
            file,
            path: path.to_path_buf(),
            texts,
            flags,
        })
    }

    /// The text answer for `key`, if the file gives one.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.texts.get(key).map(|t| t.value.as_str())
    }

    /// The yes/no answer for `key`, if the file gives one.
    pub fn flag(&self, key: &str) -> Option<bool> {
        self.flags.get(key).copied()
    }

    /// An error about the answer for `key`, pointing at it in the file (or at the file's start
    /// when the answer is missing).
    pub fn invalid(&self, key: &str, message: &str, help: Option<String>) -> anyhow::Error {
        let span = self.texts.get(key).map_or(0..0, |text| text.span.clone());
        let mut diagnostics = Vec::new();
        let mut references = Vec::new();
        let mut ctx = Ctx {
            file: &self.file,
            diagnostics: &mut diagnostics,
            references: &mut references,
        };
        ctx.error(span, message, help);
        file_result(
            "the answers file",
            &self.path.display().to_string(),
            diagnostics,
        )
        .expect_err("one diagnostic is an error")
    }
}

/// The answers given so far, in the order of [`FIELDS`], ready to be written as a file.
#[derive(Debug, Default, Clone)]
pub struct Given {
    answers: BTreeMap<&'static str, Answer>,
}

impl Given {
    pub fn set(&mut self, key: &str, answer: Answer) {
        let key = KEYS
            .iter()
            .find(|k| **k == key)
            .expect("the wizard only records known answers");
        self.answers.insert(key, answer);
    }

    pub fn remove(&mut self, key: &str) {
        self.answers.remove(key);
    }

    /// The answers as a TOML file that `--answers` replays.
    pub fn to_toml(&self) -> String {
        let mut out = String::from(
            "# Answers for `forget wizard --answers FILE`: the wizard replays them without asking.\n",
        );
        for (key, what) in FIELDS {
            let Some(answer) = self.answers.get(key) else {
                continue;
            };
            let value = match answer {
                Answer::Text(text) => quote(text),
                Answer::Flag(flag) => flag.to_string(),
            };
            let _ = writeln!(out, "\n# {what}\n{key} = {value}");
        }
        out
    }
}

/// A TOML basic string.
fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_answers_read_back_the_same() {
        let mut given = Given::default();
        given.set("name", Answer::Text("Zoë \"Z\" Müller\\".to_string()));
        given.set("address", Answer::Text("Line 1\nLine 2".to_string()));
        given.set("offer_photo", Answer::Flag(true));
        given.set("settlement", Answer::Text("excluded".to_string()));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("answers.toml");
        std::fs::write(&path, given.to_toml()).unwrap();
        let answers = Answers::load(&path).unwrap();
        assert_eq!(answers.text("name"), Some("Zoë \"Z\" Müller\\"));
        assert_eq!(answers.text("address"), Some("Line 1\nLine 2"));
        assert_eq!(answers.flag("offer_photo"), Some(true));
        assert_eq!(answers.text("settlement"), Some("excluded"));
        assert_eq!(answers.text("kind"), None);
    }
}
