//! The run's reports: the manifest, one line per row, and the rejects file, one line per
//! problem of a row that cannot be done.

use anyhow::Result;
use chrono::NaiveDate;

use super::input::Record;
use super::report_file::ReportFile;
use super::terms::Problem;

/// The manifest's line for a row.
pub struct Line {
    pub reference: String,
    pub regime: String,
    pub authority: String,
    pub due: Option<NaiveDate>,
    pub files: Vec<String>,
    pub status: &'static str,
}

pub const MANIFEST: &str = "manifest.csv";
pub const REJECTS: &str = "rejects.csv";
pub const MANIFEST_HEADER: [&str; 7] = [
    "row",
    "reference",
    "regime",
    "authority",
    "due",
    "files",
    "status",
];

/// Writes a row's line to the manifest.
pub fn write_line(manifest: &mut ReportFile, row: u64, line: &Line) -> Result<()> {
    manifest.write(&[
        row.to_string(),
        line.reference.clone(),
        line.regime.clone(),
        line.authority.clone(),
        line.due.map(|d| d.to_string()).unwrap_or_default(),
        line.files.join(";"),
        line.status.to_string(),
    ])
}

/// Lists in the rejects file a row whose letter was written but cannot be sent, with why (its
/// manifest line says `failed`).
pub fn unsendable(
    rejects: &mut ReportFile,
    record: &Record,
    column: &str,
    reason: &str,
) -> Result<()> {
    write_reject(rejects, record, column, reason)
}

/// One line of the rejects file: the row, the column and why, then the row's cells as the file
/// has them (their bytes, when they are not UTF-8).
fn write_reject(
    rejects: &mut ReportFile,
    record: &Record,
    column: &str,
    reason: &str,
) -> Result<()> {
    let row = record.row.to_string();
    match &record.raw {
        Some(raw) => {
            let mut cells: Vec<&[u8]> = vec![row.as_bytes(), column.as_bytes(), reason.as_bytes()];
            cells.extend(raw.iter().map(Vec::as_slice));
            rejects.write_bytes(&cells)
        }
        None => {
            let mut cells = vec![row, column.to_string(), reason.to_string()];
            cells.extend(record.cells.iter().cloned());
            rejects.write(&cells)
        }
    }
}

/// Records a row's problems in the rejects file, and the row as rejected in the manifest.
pub fn reject(
    manifest: &mut ReportFile,
    rejects: &mut ReportFile,
    record: &Record,
    problems: Vec<Problem>,
) -> Result<()> {
    for (column, reason) in problems {
        write_reject(rejects, record, &column, &reason)?;
    }
    write_line(
        manifest,
        record.row,
        &Line {
            reference: String::new(),
            regime: String::new(),
            authority: String::new(),
            due: None,
            files: Vec::new(),
            status: "rejected",
        },
    )
}

/// The references of the letters a batch wrote into `dir` and did not send (its manifest's
/// `written`, `not-sent` and `failed` rows): those a person may have printed and posted.
pub fn unsent_references(dir: &std::path::Path) -> Result<Vec<String>> {
    use anyhow::Context as _;
    let path = dir.join(MANIFEST);
    let mut reader = csv::Reader::from_path(&path).with_context(|| {
        format!(
            "cannot read `{}`: is `{}` the folder of a `forget batch`?",
            path.display(),
            dir.display()
        )
    })?;
    let mut references = Vec::new();
    for record in reader.records() {
        let record = record.with_context(|| format!("cannot read `{}`", path.display()))?;
        let (Some(reference), Some(status)) = (record.get(1), record.get(6)) else {
            continue;
        };
        if !reference.is_empty() && matches!(status, "written" | "not-sent" | "failed") {
            references.push(reference.to_string());
        }
    }
    Ok(references)
}
