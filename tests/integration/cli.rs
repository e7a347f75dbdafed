//! The command line itself: help, version, and running with no arguments.

use crate::test::{assert_contains, forget};

#[test]
fn help_lists_the_commands() {
    let output = forget(["--help"]).ok();
    insta::assert_snapshot!(output.stdout);
}

#[test]
fn explain_help_documents_every_option() {
    let output = forget(["explain", "--help"]).ok();
    insta::assert_snapshot!(output.stdout);
}

#[test]
fn rules_check_help_documents_the_directory() {
    let output = forget(["rules", "check", "--help"]).ok();
    insta::assert_snapshot!(output.stdout);
}

#[test]
fn letter_help_documents_every_option() {
    let output = forget(["letter", "--help"]).ok();
    insta::assert_snapshot!(output.stdout);
}

#[test]
fn send_help_documents_the_sending_options_and_exit_codes() {
    let output = forget(["send", "--help"]).ok();
    insta::assert_snapshot!(output.stdout);
}

#[test]
fn config_check_help_documents_the_server_options() {
    let output = forget(["config", "check", "--help"]).ok();
    insta::assert_snapshot!(output.stdout);
}

#[test]
fn templates_help_lists_the_review_commands() {
    let output = forget(["templates", "--help"]).ok();
    insta::assert_snapshot!(output.stdout);
}

#[test]
fn no_arguments_prints_help() {
    let output = forget(Vec::<&str>::new()).fails(2);
    assert_contains(&output.stderr, "Usage: forget");
    assert_contains(&output.stderr, "explain");
}

#[test]
fn version_is_printed() {
    let output = forget(["--version"]).ok();
    assert!(output.stdout.starts_with("forget "), "{}", output.stdout);
}

/// `/dev/full`, where every write fails with "no space left on device", if this system has it.
fn dev_full() -> Option<std::fs::File> {
    match std::fs::OpenOptions::new().write(true).open("/dev/full") {
        Ok(file) => Some(file),
        Err(error) => {
            eprintln!("skipped: this system has no /dev/full to write to ({error})");
            None
        }
    }
}

#[test]
fn a_full_standard_error_never_crashes_the_wizard() {
    // Issue 21 #9: every note on standard error used to panic (exit 101) when it could not be
    // written; the letter must still be written and the run end normally.
    let Some(full) = dev_full() else { return };
    let (dir, test) = crate::wizard::replay_on(
        "2026-01-31",
        "controller = \"clearview-ai\"\nresidence = \"DE-HH\"\nkind = \"erasure\"\n\
         name = \"Jane Doe\"\nemail = \"jane@example.org\"\ndeliver = \"eml\"\nout = \"erasure.eml\"\n",
    );
    let status = test
        .command(dir.path())
        .stderr(full)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    assert!(dir.path().join("erasure.eml").exists());
}

#[test]
fn a_full_standard_output_is_said_to_be_full() {
    let Some(full) = dev_full() else { return };
    let home = tempfile::tempdir().unwrap();
    let output = forget(["explain", "--residence", "DE-HH"])
        .command(home.path())
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_contains(&stderr, "cannot write the output");
    assert_contains(&stderr, "is full: free some space");
}

#[test]
fn output_cut_short_by_its_reader_is_not_an_error() {
    // `forget explain … | head -1`: the reader leaves; forget stops quietly.
    let home = tempfile::tempdir().unwrap();
    let mut child = forget(["explain", "--residence", "DE-HH"])
        .command(home.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8(output.stderr).unwrap(), "");
}

#[test]
fn completions_for_bash_zsh_and_fish_know_every_command() {
    for shell in ["bash", "zsh", "fish"] {
        let output = forget(["completions", shell]).ok();
        for command in ["letter", "batch", "cases", "remind", "complain", "explain"] {
            assert_contains(&output.stdout, command);
        }
    }
    let output = forget(["completions", "tcsh"]).fails(2);
    assert_contains(&output.stderr, "possible values: bash, zsh, fish");
}

#[test]
fn man_prints_the_page_and_writes_one_per_command() {
    let output = forget(["man"]).ok();
    assert_contains(&output.stdout, ".TH forget 1");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    let out_arg = out.display().to_string();
    let output = forget(["man", "--out", &out_arg]).ok();
    assert_contains(&output.stderr, "manual pages");
    for page in [
        "forget.1",
        "forget-letter.1",
        "forget-batch.1",
        "forget-cases.1",
    ] {
        let text = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(text.starts_with(".ie"), "{page}");
    }
}
