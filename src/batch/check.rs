//! The check of a row's cells: every problem found (each with its column), or the person and
//! the request the row is about.

use super::columns::{Column, Columns};
use super::input::Record;
use super::terms::{Options, Problem, Wanted};
use crate::letter::{Language, LetterKind, Person};
use crate::residence::Residence;
use crate::rules::RuleSet;

/// Whether the row looks like several rows run together by a double quote that was opened and
/// not closed where it should have been: then one person's details would end up in another's
/// letter. A line break is at home only in a postal address, and even there not before a line
/// with an e-mail address in it (every row has one).
fn merged(record: &Record, columns: &Columns) -> Option<Problem> {
    let mut line = record.line;
    for (index, cell) in record.cells.iter().enumerate() {
        let breaks = cell.matches('\n').count() as u64;
        if breaks == 0 {
            continue;
        }
        if record.unended && index + 1 == record.cells.len() {
            let reason = if breaks > 1 {
                format!(
                    "runs from line {line} to the end of the file: a double quote opened in this \
                     cell is never closed, so every line after it was read into it, and they may \
                     be other people's rows, none of which was written: close or remove the quote \
                     and feed these lines back"
                )
            } else {
                "ends with the file inside a double quote that is never closed: close or remove \
                 the quote"
                    .to_string()
            };
            return Some((columns.name_at(index).to_string(), reason));
        }
        let multiline = matches!(
            columns.column_at(index),
            Some(Column::Address | Column::Street)
        );
        let rows_inside = cell.split('\n').skip(1).any(|text| text.contains('@'));
        if !multiline || rows_inside {
            let lines = if breaks == 1 {
                format!("lines {line} and {}", line + 1)
            } else {
                format!("lines {line} to {}", line + breaks)
            };
            return Some((
                columns.name_at(index).to_string(),
                format!(
                    "runs over {lines}: a double quote opened in this cell is not closed where it \
                     should be, so the lines after it were read into it, and they may be other \
                     people's rows; none of them was written: close or remove the quote and feed \
                     these lines back"
                ),
            ));
        }
        line += breaks;
    }
    None
}

/// Checks every cell of a row; every problem is collected.
pub fn check<'a>(
    record: &Record,
    columns: &Columns,
    options: &Options,
    rules: &'a RuleSet,
) -> Result<Wanted<'a>, Vec<Problem>> {
    let mut problems: Vec<Problem> = Vec::new();
    for (index, valid) in &record.not_utf8 {
        problems.push((
            columns.name_at(*index).to_string(),
            format!(
                "is not UTF-8 text (a bad byte after {valid} bytes): save the file as UTF-8 \
                     (in a spreadsheet, \"CSV UTF-8\")"
            ),
        ));
    }
    if let Some(problem) = merged(record, columns) {
        return Err(vec![problem]);
    }
    let width = columns.header.len();
    if record.cells.len() != width {
        problems.push((
            String::new(),
            format!(
                "has {} cells (from line {}) where the header has {width}: a cell with a \
                     comma or a line break needs double quotes around it",
                record.cells.len(),
                record.line
            ),
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let cells = &record.cells;
    let cell = |column: Column| columns.get(column, cells).unwrap_or("");
    let mut problem = |column: Column, error: String| {
        problems.push((column.name().to_string(), error));
    };
    let name = Person::check_name(cell(Column::Name))
        .map_err(|e| problem(Column::Name, format!("{e:#}")))
        .ok();
    let email = match cell(Column::Email) {
        "" => {
            problem(
                Column::Email,
                "is empty: give the address the company should answer to".to_string(),
            );
            None
        }
        text => Person::check_email(text)
            .map_err(|e| problem(Column::Email, format!("{e:#}")))
            .ok(),
    };
    let address = match columns.address(cells) {
        Some(text) => Person::check_address(&text)
            .map_err(|e| {
                let column = if columns.has(Column::Address) {
                    Column::Address
                } else {
                    Column::Street
                };
                problem(column, format!("{e:#}"))
            })
            .ok(),
        None => Some(Vec::new()),
    };
    let residence = match cell(Column::Residence) {
        "" => {
            problem(
                Column::Residence,
                "is empty: give where the person lives as a code like FR, DE-HH or US-IL"
                    .to_string(),
            );
            None
        }
        text => Residence::parse(text)
            .map_err(|e| problem(Column::Residence, e.to_string()))
            .ok(),
    };
    let language = match columns.get(Column::Lang, cells) {
        None => Some(None),
        Some(text) => Language::parse_named(text)
            .map(Some)
            .map_err(|e| problem(Column::Lang, e))
            .ok(),
    };
    let kind = match columns.get(Column::Kind, cells) {
        Some(text) => match LetterKind::parse_named(text) {
            Ok(LetterKind::Request(kind)) => Some(kind),
            Ok(other) => {
                problem(
                    Column::Kind,
                    format!(
                        "a batch writes requests, not a {other}: `forget remind` and \
                             `forget complain` write follow-ups from each case"
                    ),
                );
                None
            }
            Err(e) => {
                problem(Column::Kind, e);
                None
            }
        },
        None => options.kind,
    };
    let controller = match columns
        .get(Column::Controller, cells)
        .or(options.controller.as_deref())
    {
        Some(id) => rules
            .find_controller(id)
            .map_err(|e| problem(Column::Controller, format!("{e:#}")))
            .ok(),
        None => {
            problem(
                Column::Controller,
                "is empty, and no `--controller` was given: name the company by its id".to_string(),
            );
            None
        }
    };
    let reference = match columns.get(Column::Reference, cells) {
        Some(text) if text.chars().any(char::is_control) || text.chars().count() > 64 => {
            problem(
                Column::Reference,
                "must be one line of at most 64 characters".to_string(),
            );
            None
        }
        other => Some(other.map(str::to_string)),
    };
    let offer_photo = match columns.get(Column::OfferPhoto, cells) {
        None => Some(false),
        Some(text) => match text.to_lowercase().as_str() {
            "yes" | "y" | "true" | "1" | "x" => Some(true),
            "no" | "n" | "false" | "0" => Some(false),
            _ => {
                problem(
                    Column::OfferPhoto,
                    format!("`{text}` is neither yes nor no"),
                );
                None
            }
        },
    };
    let settlement = columns
        .settlement(cells)
        .map_err(|e| problem(Column::Settlement, e))
        .ok();
    match (
        name,
        email,
        address,
        residence,
        language,
        kind,
        controller,
        reference,
        offer_photo,
    ) {
        (
            Some(name),
            Some(email),
            Some(address),
            Some(residence),
            Some(language),
            Some(kind),
            Some(controller),
            Some(reference),
            Some(offer_photo),
        ) if problems.is_empty() => Ok(Wanted {
            person: Person {
                name,
                email,
                address,
                offer_photo,
                settlement: settlement.unwrap_or_default(),
            },
            residence,
            controller,
            kind,
            language,
            reference,
        }),
        _ => Err(problems),
    }
}
