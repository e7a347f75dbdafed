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
