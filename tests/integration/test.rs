//! A small builder that runs the real `forget` binary, from a temporary directory, with a clean
//! environment, and checks what a user would see.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The repository root, where the rules and fixtures live.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The folder of deliberately broken rules.
pub fn fixtures() -> PathBuf {
    repo().join("tests").join("fixtures")
}

pub struct Test {
    args: Vec<String>,
    env: Vec<(String, String)>,
    current_dir: Option<PathBuf>,
}

/// What the run produced.
#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Test {
    pub fn new() -> Test {
        Test {
            args: Vec::new(),
            env: Vec::new(),
            current_dir: None,
        }
    }

    pub fn args<I, S>(mut self, args: I) -> Test
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_string()));
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<str>) -> Test {
        self.env.push((key.to_string(), value.as_ref().to_string()));
        self
    }

    /// With the case log in `home` and "today" fixed.
    pub fn with_log(self, home: &Path, today: &str) -> Test {
        self.env("FORGET_HOME", home.display().to_string())
            .env("FORGET_TODAY", today)
    }

    /// Writes the letter as a PDF to `path`.
    pub fn pdf_to(self, path: &Path) -> Test {
        self.args(["--format", "pdf", "--out", path.to_str().unwrap()])
    }

    /// Runs from `dir` instead of a fresh temporary directory (for paths in snapshots).
    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Test {
        self.current_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// The command this test runs, with `home` as the home directory (and the current one,
    /// unless [`Test::current_dir`] said otherwise): for a test that spawns it and waits itself.
    pub fn command(&self, home: &Path) -> Command {
        let dir = self
            .current_dir
            .clone()
            .unwrap_or_else(|| home.to_path_buf());
        let mut command = Command::new(env!("CARGO_BIN_EXE_forget"));
        command
            .args(&self.args)
            .current_dir(&dir)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("RUST_BACKTRACE", "0")
            .env("NO_COLOR", "1");
        for (key, value) in &self.env {
            command.env(key, value);
        }
        command
    }

    pub fn run(self) -> Output {
        let temp = tempfile::tempdir().expect("a temporary directory");
        let output = self.command(temp.path()).output().expect("`forget` runs");
        Output {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        }
    }

    /// Runs and expects success.
    pub fn ok(self) -> Output {
        let output = self.run();
        assert_eq!(output.code, 0, "expected success, got {output:#?}");
        output
    }

    /// Runs and expects exit code `code`.
    pub fn fails(self, code: i32) -> Output {
        let output = self.run();
        assert_eq!(
            output.code, code,
            "expected exit code {code}, got {output:#?}"
        );
        output
    }

    /// Runs and parses stdout as JSON.
    pub fn json(self) -> serde_json::Value {
        let output = self.ok();
        serde_json::from_str(&output.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", output.stdout))
    }
}

/// Runs `forget` with these arguments.
pub fn forget<I, S>(args: I) -> Test
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    Test::new().args(args)
}

/// Asserts that `text` contains `needle`, showing the whole text when it does not.
#[track_caller]
pub fn assert_contains(text: &str, needle: &str) {
    assert!(text.contains(needle), "expected {needle:?} in:\n{text}");
}

/// Copies a folder tree (for a rules or templates folder a test changes).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// A templates folder in `dir` holding one file, `name`, with `text`.
pub fn templates_with(dir: &Path, name: &str, text: &str) -> PathBuf {
    let templates = dir.join("templates");
    let path = templates.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
    templates
}

/// `letter --controller CONTROLLER --residence RESIDENCE --kind KIND`, the start of a letter's
/// arguments (after any global option).
pub fn letter_args<'a>(controller: &'a str, residence: &'a str, kind: &'a str) -> [&'a str; 7] {
    [
        "letter",
        "--controller",
        controller,
        "--residence",
        residence,
        "--kind",
        kind,
    ]
}

/// `forget letter` to Clearview from someone living at `residence`, with `extra` arguments.
pub fn to_clearview(residence: &str, kind: &str, extra: &[&str]) -> Test {
    forget(letter_args("clearview-ai", residence, kind)).args(extra)
}

/// `forget letter` to Clearview from `name` <`email`> living at `residence`, plus `extra`.
pub fn clearview(residence: &str, kind: &str, name: &str, email: &str, extra: &[&str]) -> Test {
    let mut args = vec!["--name", name, "--email", email];
    args.extend_from_slice(extra);
    to_clearview(residence, kind, &args)
}

/// `forget letter` for Jane Doe in Hamburg writing to Clearview on 31 January 2026.
pub fn hamburg(kind: &str, extra: &[&str]) -> Test {
    let mut args = vec!["--request-date", "2026-01-31"];
    args.extend_from_slice(extra);
    clearview("DE-HH", kind, "Jane Doe", "jane@example.org", &args)
}

/// `text` with every run of white space (line breaks of the wrapping, no-break spaces of French
/// typography) made one space.
pub fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Asserts that `text` does not contain `needle`, showing the whole text when it does.
#[track_caller]
pub fn assert_lacks(text: &str, needle: &str) {
    assert!(
        !text.contains(needle),
        "did not expect {needle:?} in:\n{text}"
    );
}

/// The string `key` of every entry of the JSON array `list`.
pub fn pluck<'a>(list: &'a Value, key: &str) -> Vec<&'a str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|entry| entry[key].as_str().unwrap())
        .collect()
}

/// The entry of the JSON array `list` whose `key` is `value`.
pub fn entry<'a>(list: &'a Value, key: &str, value: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|entry| entry[key] == value)
        .unwrap_or_else(|| panic!("no {key} {value} in {list:#}"))
}

/// The citations of `regime` (a regime of `forget explain --json`) for requests of `kind`.
pub fn cites<'a>(regime: &'a Value, kind: &str) -> Vec<&'a str> {
    regime["provisions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["kind"] == kind)
        .map(|p| p["cite"].as_str().unwrap())
        .collect()
}

// ---------------------------------------------------------------------------- the case log

/// `forget ARGS` with the case log in `home` and "today" fixed.
pub fn at(home: &Path, today: &str, args: &[&str]) -> Test {
    forget(args).with_log(home, today)
}

/// `forget letter --record` from Jane Doe at `residence` to Clearview, on `today`, plus `extra`:
/// the request recorded as a case in the log at `home`.
pub fn jane(home: &Path, today: &str, residence: &str, kind: &str, extra: &[&str]) -> Test {
    clearview(residence, kind, "Jane Doe", "jane@example.org", extra)
        .args(["--record"])
        .with_log(home, today)
}

/// The case reference (`FGT-…`) that `stderr` names first.
pub fn reference_in(stderr: &str) -> String {
    let start = stderr.find("FGT-").unwrap();
    stderr[start..start + 13].to_string()
}

/// Writes Jane Doe's letter on `today` and records it (see [`jane`]); returns its case
/// reference.
pub fn letter(home: &Path, today: &str, residence: &str, kind: &str, extra: &[&str]) -> String {
    let output = jane(home, today, residence, kind, extra).ok();
    assert_contains(&output.stderr, "recorded as case FGT-");
    reference_in(&output.stderr)
}

/// `forget cases mark-sent REFERENCE --on ON --via VIA` plus `extra`.
pub fn mark_sent(
    home: &Path,
    today: &str,
    reference: &str,
    on: &str,
    via: &str,
    extra: &[&str],
) -> Test {
    let mut args = vec!["cases", "mark-sent", reference, "--on", on, "--via", via];
    args.extend_from_slice(extra);
    at(home, today, &args)
}

/// `forget cases extend REFERENCE --until UNTIL` plus `extra`.
pub fn extend(home: &Path, today: &str, reference: &str, until: &str, extra: &[&str]) -> Test {
    let mut args = vec!["cases", "extend", reference, "--until", until];
    args.extend_from_slice(extra);
    at(home, today, &args)
}

/// The case `reference` as `forget cases show --json` gives it on `today`.
pub fn show(home: &Path, today: &str, reference: &str) -> Value {
    at(home, today, &["cases", "show", reference, "--json"]).json()
}

/// A case in the case log at `home`.
pub struct Case {
    pub home: PathBuf,
    pub reference: String,
}

impl Case {
    /// Records in the log at `home` that the letter of case `reference` was sent on `on` by `via`
    /// (and recorded that day).
    pub fn sent(home: &Path, reference: String, on: &str, via: &str) -> Case {
        mark_sent(home, on, &reference, on, via, &[]).ok();
        Case {
            home: home.to_path_buf(),
            reference,
        }
    }

    /// `forget COMMAND REFERENCE EXTRA` on `today`, where `COMMAND` is one word or two
    /// (`remind`, `cases reply`).
    pub fn run(&self, today: &str, command: &str, extra: &[&str]) -> Test {
        let mut args: Vec<&str> = command.split(' ').collect();
        args.push(&self.reference);
        args.extend_from_slice(extra);
        at(&self.home, today, &args)
    }

    /// The case as `forget cases show --json` gives it on `today`.
    pub fn show(&self, today: &str) -> Value {
        show(&self.home, today, &self.reference)
    }
}
