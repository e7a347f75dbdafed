//! A secret written in the configuration file is refused without being repeated: not in the
//! message, not in the line shown under it, not in a TOML syntax error on its line.

use crate::test::{Output, assert_contains, forget};

/// `forget config check` of a configuration file holding `text`: it fails, and neither output
/// holds `hunter2`. Also returns the file's path as shown.
fn check(text: &str) -> (Output, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    let output = forget(["config", "check", "--config", path.to_str().unwrap()]).fails(1);
    assert!(!output.stdout.contains("hunter2"), "{}", output.stdout);
    assert!(!output.stderr.contains("hunter2"), "{}", output.stderr);
    (output, path.display().to_string())
}

/// Where the password goes instead.
fn says_where_secrets_go(stderr: &str) {
    assert_contains(stderr, "`password_command = \"…\"` in `[smtp]`");
    assert_contains(stderr, "the environment variable FORGET_SMTP_PASSWORD");
}

#[test]
fn a_top_level_password_is_refused_without_echoing_it() {
    let (output, path) = check("password = \"hunter2\"\n\n[smtp]\nhost = \"smtp.example.org\"\n");
    assert_contains(
        &output.stderr,
        &format!(
            "{path}:1:1: error: the configuration file must not hold the SMTP password: \
             `password` is not allowed at the top level"
        ),
    );
    assert_contains(&output.stderr, "1 | password = \"••••\"");
    says_where_secrets_go(&output.stderr);
}

#[test]
fn a_misspelt_passwd_is_refused_without_echoing_it() {
    let (output, path) = check(
        "[smtp]\nhost = \"smtp.example.org\"\nPasswd = \"hunter2\"  # hunter2\nsmtp_pass = \
         'hunter2'\n",
    );
    for (line, key) in [(3, "Passwd"), (4, "smtp_pass")] {
        assert_contains(
            &output.stderr,
            &format!(
                "{path}:{line}:1: error: the configuration file must not hold the SMTP password: \
                 `{key}` is not allowed in `[smtp]`"
            ),
        );
        assert_contains(&output.stderr, &format!("{line} | {key} = \"••••\""));
    }
    assert!(!output.stderr.contains("did you mean"), "{}", output.stderr);
    says_where_secrets_go(&output.stderr);
}

#[test]
fn a_password_under_sender_is_refused_without_echoing_it() {
    let (output, path) = check(
        "[smtp]\nhost = \"smtp.example.org\"\n\n[sender]\nname = \"Jane Doe\"\npassword = \
         \"hunter2\"\n",
    );
    assert_contains(
        &output.stderr,
        &format!(
            "{path}:6:1: error: the configuration file must not hold the SMTP password: \
             `password` is not allowed in `[sender]`"
        ),
    );
    assert_contains(&output.stderr, "6 | password = \"••••\"");
    says_where_secrets_go(&output.stderr);
}

#[test]
fn an_unclosed_password_string_is_reported_without_echoing_it() {
    let (output, path) = check("[smtp]\nhost = \"smtp.example.org\"\npassword = \"hunter2\n");
    assert_contains(
        &output.stderr,
        &format!(
            "{path}:3:12: error: invalid TOML in the value of `password`: the string is not \
             closed on its line"
        ),
    );
    assert_contains(&output.stderr, "3 | password = \"••••\"");
    says_where_secrets_go(&output.stderr);

    // Nor a character of it, nor a line of a multi-line string.
    let (output, path) = check("[smtp]\nhost = \"smtp.example.org\"\npassword = \"hunter2\\q\"\n");
    assert_contains(
        &output.stderr,
        &format!("{path}:3:12: error: invalid TOML in the value of `password`"),
    );
    assert!(!output.stderr.contains("`q`"), "{}", output.stderr);
    let (output, path) = check("[smtp]\npassword = \"\"\"\nhunter2\n");
    assert_contains(
        &output.stderr,
        &format!("{path}:2:12: error: invalid TOML in the value of `password`"),
    );
}
