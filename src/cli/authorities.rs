//! `forget authorities import`: datenanfragen.de's supervisory-authority records, kept in the
//! person's data directory so that `forget rules check` can say where the rules' authorities
//! differ from them.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use clap::{Args, Subcommand};

use super::Global;
use crate::rules::Diagnostic;
use crate::rules::datenanfragen::{self, AuthorityRecord, Problem};

/// Where imported records are kept, inside the data directory.
pub const FOLDER: &str = "datenanfragen/supervisory-authorities";
/// The note of where and when the records were imported, inside that folder.
const NOTE: &str = "IMPORTED";

#[derive(Debug, Subcommand)]
pub enum AuthoritiesCommand {
    /// Import the supervisory authorities of a copy of datenanfragen.de's database, for
    /// `forget rules check` to compare the rules with; run again to update them
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The folder of datenanfragen.de's data: a clone of github.com/datenanfragen/data, or its
    /// `supervisory-authorities/` folder
    #[arg(long = "from-datenanfragen", value_name = "DIR")]
    from: PathBuf,
}

pub fn run(
    global: &Global,
    folder: Option<&Path>,
    command: &AuthoritiesCommand,
) -> Result<ExitCode> {
    let AuthoritiesCommand::Import(args) = command;
    let target = super::data_folder(folder, "the imported authorities")?;
    let from = datenanfragen::records_folder(&args.from, "supervisory-authorities");
    let records = json_files(&from)?;
    if records.is_empty() {
        bail!(
            "`{}` holds no supervisory-authority records (`<slug>.json`): give the folder of a \
             copy of datenanfragen.de's data, or its `supervisory-authorities/` folder",
            from.display()
        );
    }
    crate::atomic::private_dir(target)
        .with_context(|| format!("cannot create `{}`", target.display()))?;
    let (mut new, mut updated, mut unchanged) = (0, 0, 0);
    let mut skipped: Vec<(PathBuf, Vec<Problem>)> = Vec::new();
    for path in &records {
        if let Err(problems) = datenanfragen::read_authority(path) {
            skipped.push((path.clone(), problems));
            continue;
        }
        // Kept as upstream wrote it, so that it can be compared with upstream again.
        let bytes = std::fs::read(path)?;
        let destination = target.join(path.file_name().context("a record has no file name")?);
        match std::fs::read(&destination) {
            Ok(old) if old == bytes => unchanged += 1,
            Ok(_) => {
                crate::atomic::write(&destination, &bytes)?;
                updated += 1;
            }
            Err(_) => {
                crate::atomic::write(&destination, &bytes)?;
                new += 1;
            }
        }
    }
    let origin = std::fs::canonicalize(&from).unwrap_or(from.clone());
    crate::atomic::write(
        &target.join(NOTE),
        format!("imported from {} on {}\n", origin.display(), global.today).as_bytes(),
    )?;
    let mut out = String::new();
    for (path, problems) in &skipped {
        for problem in problems {
            out.push_str(&format!(
                "skipped `{}`:{}\n",
                path.display(),
                field(problem)
            ));
        }
    }
    out.push_str(&format!(
        "imported {} supervisory authorities from `{}` into `{}`: {new} new, {updated} updated, \
         {unchanged} unchanged, {} skipped; `forget rules check` compares the rules with them\n",
        new + updated + unchanged,
        from.display(),
        target.display(),
        skipped.len()
    ));
    crate::say_inline!("{out}");
    Ok(if skipped.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(5)
    })
}

fn field(problem: &Problem) -> String {
    if problem.field.is_empty() {
        format!(" {}", problem.message)
    } else {
        format!(" field `{}` {}", problem.field, problem.message)
    }
}

/// The records in `dir`, or an error that says what to give.
pub fn json_files(dir: &Path) -> Result<Vec<PathBuf>> {
    datenanfragen::record_files(dir).with_context(|| {
        format!(
            "cannot read `{}`: give the folder of a copy of datenanfragen.de's data",
            dir.display()
        )
    })
}

/// The imported records in `folder`, if any, with the note of when they were imported; a
/// record that no longer reads is a warning, not an error.
pub fn imported(folder: &Path) -> (Vec<AuthorityRecord>, String, Vec<Diagnostic>) {
    let mut warnings = Vec::new();
    let Ok(files) = json_files(folder) else {
        return (Vec::new(), String::new(), warnings);
    };
    let note = std::fs::read_to_string(folder.join(NOTE))
        .map(|text| text.trim().to_string())
        .unwrap_or_else(|_| "imported".to_string());
    let mut records = Vec::new();
    for path in files {
        match datenanfragen::read_authority(&path) {
            Ok(record) => records.push(record),
            Err(problems) => warnings.push(Diagnostic::warning(
                format!(
                    "the imported record `{}` cannot be read:{}",
                    path.display(),
                    problems.iter().map(field).collect::<String>()
                ),
                None,
            )),
        }
    }
    (records, note, warnings)
}
