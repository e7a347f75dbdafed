//! Long output in a terminal goes through the person's pager (`$PAGER`, else `less`), so that
//! the start of an explanation does not scroll away; in a pipe or a file it is written as it is.

use std::io::{IsTerminal, Write as _};
use std::process::{Command, Stdio};

use anyhow::Result;

/// Shows `text`: through the pager when standard output is a terminal and the text is taller
/// than it, else written out (see [`super::print`]).
pub fn page(text: &str) -> Result<()> {
    if !std::io::stdout().is_terminal() {
        return super::print(text);
    }
    let rows = console::Term::stdout()
        .size_checked()
        .map_or(24, |(rows, _)| usize::from(rows));
    if text.lines().count() < rows {
        return super::print(text);
    }
    let pager = std::env::var("PAGER").unwrap_or_else(|_| "less".to_string());
    let mut words = pager.split_whitespace();
    let Some(program) = words.next().filter(|p| *p != "cat") else {
        return super::print(text);
    };
    let mut command = Command::new(program);
    command.args(words).stdin(Stdio::piped());
    if std::env::var_os("LESS").is_none() {
        // Quit at once if it fits after all, keep colours, leave the text on the screen.
        command.env("LESS", "FRX");
    }
    let Ok(mut child) = command.spawn() else {
        return super::print(text);
    };
    if let Some(mut stdin) = child.stdin.take() {
        // The person may quit the pager before reading it all: not an error.
        let _ = stdin.write_all(text.as_bytes());
    }
    let _ = child.wait();
    Ok(())
}
