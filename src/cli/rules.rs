//! `forget rules check` and `forget rules unconfirmed`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, Subcommand};
use serde::Serialize;

use super::print;
use crate::rules::{RuleSet, RulesLocation};

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Read and validate every rules file and print each problem with its file, line and column;
    /// exits non-zero when there is an error
    Check(DirArgs),
    /// List every value marked unconfirmed, with the reason, for the next review
    Unconfirmed(UnconfirmedArgs),
}

#[derive(Debug, Args)]
pub struct DirArgs {
    /// The rules directory to check (default: `--rules`, or the built-in rules)
    #[arg(value_name = "DIR")]
    dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct UnconfirmedArgs {
    #[command(flatten)]
    dir: DirArgs,
    /// Print JSON instead of text
    #[arg(long)]
    json: bool,
}

pub fn run(
    command: RulesCommand,
    location: RulesLocation,
    imported: Option<&std::path::Path>,
) -> Result<ExitCode> {
    match command {
        RulesCommand::Check(args) => check(&args.location(location), imported),
        RulesCommand::Unconfirmed(args) => unconfirmed(&args.dir.location(location), args.json),
    }
}

impl DirArgs {
    fn location(&self, default: RulesLocation) -> RulesLocation {
        match &self.dir {
            Some(dir) => RulesLocation::Dir(dir.clone()),
            None => default,
        }
    }
}

fn check(location: &RulesLocation, imported: Option<&std::path::Path>) -> Result<ExitCode> {
    let mut checked = RuleSet::check(location);
    // Where the authorities differ from datenanfragen.de's records, once they are imported.
    if let (Some(rules), Some(folder)) = (&checked.rules, imported.filter(|f| f.is_dir())) {
        let (records, note, mut warnings) = super::authorities::imported(folder);
        warnings.extend(crate::rules::datenanfragen::authority_differences(
            rules, &records, &note,
        ));
        checked.diagnostics.extend(warnings);
    }
    let mut out = String::new();
    for diagnostic in &checked.diagnostics {
        out.push_str(&format!("{diagnostic}\n\n"));
    }
    let (errors, warnings) = (checked.errors(), checked.warnings());
    let counts = format!(
        "{} error{}, {} warning{}",
        errors,
        if errors == 1 { "" } else { "s" },
        warnings,
        if warnings == 1 { "" } else { "s" }
    );
    match &checked.rules {
        Some(rules) => {
            let unconfirmed = rules.unconfirmed().len();
            out.push_str(&format!(
                "checked {location} ({} files): {} regimes, {} authorities, {} controllers, {} \
                 sources; {counts}; {unconfirmed} values marked unconfirmed (list them with \
                 `forget rules unconfirmed`)\n",
                checked.files,
                rules.regimes.len(),
                rules.authorities.len(),
                rules.controllers.len(),
                rules.sources.len(),
            ));
        }
        None => out.push_str(&format!(
            "checked {location} ({} files): {counts}\n",
            checked.files
        )),
    }
    print(&out)?;
    Ok(if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

#[derive(Serialize)]
struct UnconfirmedJson<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    field: &'a str,
    reason: &'a str,
}

fn unconfirmed(location: &RulesLocation, json: bool) -> Result<ExitCode> {
    let rules = super::load_rules(location, None)?;
    let marks = rules.unconfirmed();
    if json {
        let items: Vec<UnconfirmedJson<'_>> = marks
            .iter()
            .map(|mark| UnconfirmedJson {
                file: &mark.location.path,
                line: mark.location.line,
                column: mark.location.column,
                field: &mark.field,
                reason: &mark.reason,
            })
            .collect();
        print(&format!("{}\n", serde_json::to_string_pretty(&items)?))?;
    } else {
        let mut out = String::new();
        for mark in &marks {
            out.push_str(&format!(
                "{}: `{}`: {}\n",
                mark.location, mark.field, mark.reason
            ));
        }
        out.push_str(&format!(
            "{} values marked unconfirmed in {location}\n",
            marks.len()
        ));
        print(&out)?;
    }
    Ok(ExitCode::SUCCESS)
}
