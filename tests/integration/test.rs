//! A small builder that runs the real `forget` binary, from a temporary directory, with a clean
//! environment, and checks what a user would see.

use std::path::{Path, PathBuf};
use std::process::Command;

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

/// `forget letter` to Clearview from someone living at `residence`, with `extra` arguments.
pub fn to_clearview(residence: &str, kind: &str, extra: &[&str]) -> Test {
    let mut args = vec![
        "letter",
        "--controller",
        "clearview-ai",
        "--residence",
        residence,
        "--kind",
        kind,
    ];
    args.extend_from_slice(extra);
    forget(args)
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
