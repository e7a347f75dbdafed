//! The README's first command, as a person on a fresh machine runs it: read from the README
//! itself, so that the test follows the README when it changes.

use std::path::Path;

use crate::test::{assert_contains, forget, repo};

/// The first command of the README's "Start" section, its continuation lines joined, without
/// `cargo run --release --`, as the words the shell would pass.
fn readme_demo() -> Vec<String> {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let start = readme
        .find("\n## Start")
        .expect("the README has a Start section");
    let block = &readme[start..];
    let block = &block[block.find("```sh\n").expect("a shell block") + 6..];
    let block = &block[..block.find("```").unwrap()];
    let command = block.split("\n").fold(String::new(), |mut command, line| {
        if command.ends_with('\\') {
            command.pop();
            command.push_str(line.trim_start());
            command
        } else if command.is_empty() {
            line.to_string()
        } else {
            command
        }
    });
    let command = command
        .strip_prefix("cargo run --release -- ")
        .unwrap_or_else(|| panic!("the demo runs forget with cargo: {command}"));
    shell_words(command)
}

/// `text` split as the shell splits it: at spaces, except within double quotes.
fn shell_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut started = false;
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                started = true;
            }
            ' ' if !quoted => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            c => {
                word.push(c);
                started = true;
            }
        }
    }
    assert!(!quoted, "an unclosed quote in {text}");
    if started {
        words.push(word);
    }
    words
}

/// Every file and folder under `dir`.
fn everything_in(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        found.push(path.display().to_string());
        if path.is_dir() {
            found.extend(everything_in(&path));
        }
    }
    found
}

#[test]
fn the_readme_demo_leaves_no_case_in_the_data_directory() {
    let args = readme_demo();
    assert_eq!(
        args[..7],
        [
            "letter",
            "--controller",
            "clearview-ai",
            "--residence",
            "DE-HH",
            "--kind",
            "erasure"
        ]
    );
    assert!(args.contains(&"Jane Doe".to_string()), "{args:?}");
    // The person's home, with the data directory where the case log would be.
    let home = tempfile::tempdir().unwrap();
    let output = forget(&args).command(home.path()).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{stderr}");
    assert_contains(&stdout, "Art. 17");
    assert_contains(&stdout, "Jane Doe");
    assert_contains(&stderr, "the answer is due by");
    // Nothing recorded, and how to record it said.
    assert_contains(&stderr, "not recorded: add `--record`");
    assert!(!stderr.contains("recorded as case"), "{stderr}");
    // No trace: no case log, no data directory, nothing at all in the home directory.
    assert_eq!(everything_in(home.path()), Vec::<String>::new());
    let cases = forget(["cases"]).command(home.path()).output().unwrap();
    assert_contains(&String::from_utf8(cases.stdout).unwrap(), "no cases yet");
}

#[test]
fn the_readme_demo_with_record_records_one_drafted_case() {
    let mut args = readme_demo();
    args.push("--record".to_string());
    let home = tempfile::tempdir().unwrap();
    let output = forget(&args).command(home.path()).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{stderr}");
    assert_contains(&stderr, "recorded as case FGT-");
    assert_contains(&stderr, "(drafted)");
    assert!(
        home.path().join("data/forget/cases.sqlite").exists(),
        "{:?}",
        everything_in(home.path())
    );
}
