//! The SMTP password: from the environment variable `FORGET_SMTP_PASSWORD` or the output of
//! `password_command`, held as a secret (zeroed when dropped, never printed), and never written
//! anywhere.

use std::process::{Command, Stdio};

use anyhow::{Context as _, Result, bail};
use secrecy::SecretString;

use super::config::Smtp;

/// The environment variable the password may come from.
pub const ENV: &str = "FORGET_SMTP_PASSWORD";

/// The password for `smtp`'s account, or `None` when the server is used without logging in.
pub fn resolve(smtp: &Smtp) -> Result<Option<SecretString>> {
    let Some(username) = &smtp.username else {
        return Ok(None);
    };
    if let Some(password) = std::env::var_os(ENV) {
        let Some(password) = password.into_string().ok().filter(|p| !p.is_empty()) else {
            bail!("{ENV} is set but empty or not UTF-8");
        };
        return Ok(Some(SecretString::from(password)));
    }
    let Some(command) = &smtp.password_command else {
        bail!(
            "the mail account `{username}` needs a password: set `password_command` in the \
             configuration (e.g. `password_command = \"pass show mail/smtp\"`) or the environment \
             variable {ENV}"
        );
    };
    run(command).map(Some)
}

/// Runs `command` with the shell, its standard error and input left to the person (a password
/// manager may ask for a passphrase), and takes the first line of its output.
fn run(command: &str) -> Result<SecretString> {
    let output = Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::inherit())
        .stderr(Stdio::inherit())
        .stdout(Stdio::piped())
        .output()
        .with_context(|| format!("cannot run `password_command` `{command}`"))?;
    if !output.status.success() {
        bail!(
            "`password_command` `{command}` failed ({}); run it yourself to see why",
            output.status
        );
    }
    let text = String::from_utf8(output.stdout).map_err(|_| {
        anyhow::anyhow!("`password_command` `{command}` printed something not UTF-8")
    })?;
    let first = text.lines().next().unwrap_or("").to_string();
    drop(secrecy::SecretString::from(text));
    if first.is_empty() {
        bail!("`password_command` `{command}` printed no password");
    }
    Ok(SecretString::from(first))
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;

    #[test]
    fn the_first_line_of_the_command_is_the_password() {
        let password = run("printf 'hunter2\\nuser: jane\\n'").unwrap();
        assert_eq!(password.expose_secret(), "hunter2");
    }

    #[test]
    fn a_failing_or_silent_command_is_an_error_without_its_output() {
        // The command's text is not secret; what it prints is.
        let error = run("printf 'hun''ter2'; exit 3").unwrap_err().to_string();
        assert!(error.contains("failed"), "{error}");
        assert!(!error.contains("hunter2"), "{error}");
        assert!(run("true").is_err());
    }
}
