//! The columns a batch file may have, and where each is in a given header.

use crate::letter::Settlement;
use crate::suggest;

/// A column forget reads from a batch file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Name,
    Email,
    Residence,
    /// The whole postal address in one cell, lines separated by commas or line breaks.
    Address,
    Street,
    Postcode,
    City,
    Country,
    Lang,
    Kind,
    Controller,
    Reference,
    OfferPhoto,
    /// For Illinois letters to Clearview AI: `member`, `excluded` or `unknown` (the class
    /// settlement).
    Settlement,
}

impl Column {
    pub const ALL: [Column; 14] = [
        Column::Name,
        Column::Email,
        Column::Residence,
        Column::Address,
        Column::Street,
        Column::Postcode,
        Column::City,
        Column::Country,
        Column::Lang,
        Column::Kind,
        Column::Controller,
        Column::Reference,
        Column::OfferPhoto,
        Column::Settlement,
    ];

    /// Every row must fill these.
    const REQUIRED: [Column; 3] = [Column::Name, Column::Email, Column::Residence];

    /// The postal address in parts, as an alternative to `address`.
    const ADDRESS_PARTS: [Column; 4] = [
        Column::Street,
        Column::Postcode,
        Column::City,
        Column::Country,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::Email => "email",
            Column::Residence => "residence",
            Column::Address => "address",
            Column::Street => "street",
            Column::Postcode => "postcode",
            Column::City => "city",
            Column::Country => "country",
            Column::Lang => "lang",
            Column::Kind => "kind",
            Column::Controller => "controller",
            Column::Reference => "reference",
            Column::OfferPhoto => "offer_photo",
            Column::Settlement => "settlement",
        }
    }

    fn index(self) -> usize {
        Column::ALL
            .iter()
            .position(|c| *c == self)
            .expect("every column is in ALL")
    }
}

/// Where each known column is in a file's header.
#[derive(Debug, Clone)]
pub struct Columns {
    at: [Option<usize>; Column::ALL.len()],
    /// The header's cells as written, for the rejects file.
    pub header: Vec<String>,
}

/// What the command line gives for every row, so that the file need not.
#[derive(Debug, Clone, Copy)]
pub struct Fallbacks {
    pub controller: bool,
    pub kind: bool,
}

impl Columns {
    /// Reads a header: names are matched in any case, around spaces. Every problem is collected
    /// (unknown, repeated and missing columns), each with what to do.
    pub fn new(header: &[String], fallbacks: Fallbacks) -> Result<Columns, Vec<String>> {
        let mut at = [None; Column::ALL.len()];
        let mut problems = Vec::new();
        let names: Vec<&str> = Column::ALL.iter().map(|c| c.name()).collect();
        for (index, cell) in header.iter().enumerate() {
            let wanted = cell.trim().to_lowercase();
            let position = index + 1;
            if wanted.is_empty() {
                problems.push(format!(
                    "column {position} has no name: name it, or remove it if it is empty"
                ));
                continue;
            }
            match Column::ALL.iter().find(|c| c.name() == wanted) {
                Some(column) => match at[column.index()] {
                    Some(first) => problems.push(format!(
                        "the column `{}` appears twice (columns {} and {position}): keep one",
                        column.name(),
                        first + 1
                    )),
                    None => at[column.index()] = Some(index),
                },
                None => {
                    let hint = match suggest::did_you_mean(&wanted, names.iter().copied()) {
                        Some(close) => format!("did you mean `{close}`?"),
                        None => format!("the columns forget reads are {}", suggest::one_of(&names)),
                    };
                    problems.push(format!("unknown column `{}`: {hint}", cell.trim()));
                }
            }
        }
        let columns = Columns {
            at,
            header: header.to_vec(),
        };
        for column in Column::REQUIRED {
            if !columns.has(column) {
                problems.push(format!("the column `{}` is missing", column.name()));
            }
        }
        if columns.has(Column::Address) {
            let parts: Vec<&str> = Column::ADDRESS_PARTS
                .iter()
                .filter(|c| columns.has(**c))
                .map(|c| c.name())
                .collect();
            if !parts.is_empty() {
                problems.push(format!(
                    "give the postal address either whole in `address` or in parts ({}), not both: \
                     the file has `address` and {}",
                    suggest::one_of(
                        &Column::ADDRESS_PARTS
                            .iter()
                            .map(|c| c.name())
                            .collect::<Vec<_>>()
                    ),
                    suggest::one_of(&parts)
                ));
            }
        }
        if !fallbacks.controller && !columns.has(Column::Controller) {
            problems.push(
                "no company: give `--controller ID` for every row, or a `controller` column"
                    .to_string(),
            );
        }
        if !fallbacks.kind && !columns.has(Column::Kind) {
            problems.push(
                "no kind of request: give `--kind KIND` for every row, or a `kind` column"
                    .to_string(),
            );
        }
        if problems.is_empty() {
            Ok(columns)
        } else {
            Err(problems)
        }
    }

    pub fn has(&self, column: Column) -> bool {
        self.at[column.index()].is_some()
    }

    /// The cell of `column` in `cells`, trimmed; `None` when the file has no such column or the
    /// cell is empty.
    pub fn get<'a>(&self, column: Column, cells: &'a [String]) -> Option<&'a str> {
        let cell = cells.get(self.at[column.index()]?)?.trim();
        (!cell.is_empty()).then_some(cell)
    }

    /// The column at `index`, if the header names a known one there.
    pub fn column_at(&self, index: usize) -> Option<Column> {
        Column::ALL
            .into_iter()
            .find(|column| self.at[column.index()] == Some(index))
    }

    /// The name of the column at `index`, as the header writes it.
    pub fn name_at(&self, index: usize) -> &str {
        self.header.get(index).map_or("", |name| name.trim())
    }

    /// Where the person of a row stands towards the Clearview AI class settlement: `unknown`
    /// when the file has no such column or the cell is empty.
    pub fn settlement(&self, cells: &[String]) -> Result<Settlement, String> {
        self.get(Column::Settlement, cells)
            .map_or(Ok(Settlement::Unknown), Settlement::parse)
    }

    /// The postal address of a row: the `address` cell, or the parts joined into lines (street;
    /// postcode and city; country).
    pub fn address(&self, cells: &[String]) -> Option<String> {
        if let Some(whole) = self.get(Column::Address, cells) {
            return Some(whole.to_string());
        }
        let town = [Column::Postcode, Column::City]
            .iter()
            .filter_map(|c| self.get(*c, cells))
            .collect::<Vec<_>>()
            .join(" ");
        let lines: Vec<&str> = [
            self.get(Column::Street, cells),
            (!town.is_empty()).then_some(town.as_str()),
            self.get(Column::Country, cells),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!lines.is_empty()).then(|| lines.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    const BOTH: Fallbacks = Fallbacks {
        controller: true,
        kind: true,
    };

    #[test]
    fn every_problem_of_a_header_is_told_at_once() {
        let problems = Columns::new(
            &header(&["Name", "e-mail", "name", "", "address", "city"]),
            Fallbacks {
                controller: false,
                kind: true,
            },
        )
        .unwrap_err();
        assert_eq!(
            problems,
            [
                "unknown column `e-mail`: did you mean `email`?",
                "the column `name` appears twice (columns 1 and 3): keep one",
                "column 4 has no name: name it, or remove it if it is empty",
                "the column `email` is missing",
                "the column `residence` is missing",
                "give the postal address either whole in `address` or in parts (`street`, \
                 `postcode`, `city` or `country`), not both: the file has `address` and `city`",
                "no company: give `--controller ID` for every row, or a `controller` column",
            ]
        );
    }

    #[test]
    fn a_settlement_cell_is_read_and_an_empty_one_is_unknown() {
        let columns =
            Columns::new(&header(&["name", "email", "residence", "Settlement"]), BOTH).unwrap();
        let row = |cell: &str| header(&["Jane", "j@example.org", "US-IL", cell]);
        assert_eq!(
            columns.settlement(&row("Excluded")),
            Ok(Settlement::Excluded)
        );
        assert_eq!(columns.settlement(&row(" ")), Ok(Settlement::Unknown));
        assert!(columns.settlement(&row("maybe")).is_err());
        let without = Columns::new(&header(&["name", "email", "residence"]), BOTH).unwrap();
        assert_eq!(
            without.settlement(&header(&["Jane", "j@example.org", "US-IL"])),
            Ok(Settlement::Unknown)
        );
    }

    #[test]
    fn an_address_in_parts_becomes_lines() {
        let columns = Columns::new(
            &header(&[
                "name",
                "email",
                "residence",
                "street",
                "postcode",
                "city",
                "country",
            ]),
            BOTH,
        )
        .unwrap();
        let row = header(&[
            "Jane",
            "j@example.org",
            "DE-HH",
            "Musterstraße 1",
            "20095",
            "Hamburg",
            " ",
        ]);
        assert_eq!(
            columns.address(&row).as_deref(),
            Some("Musterstraße 1\n20095 Hamburg")
        );
    }
}
