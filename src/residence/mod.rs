//! Where a person lives, as an ISO 3166 code: `FR` (ISO 3166-1 alpha-2) or `DE-HH` (ISO 3166-2).
//!
//! The codes come from `iso3166.tsv`: every country, and the subdivisions of the countries where a
//! subdivision can change the answer or is commonly given (DE, CA, US, GB, AU). A subdivision of
//! another country is accepted when well formed, answered at the country level, and flagged as
//! not checked.

pub mod search;

use std::fmt;
use std::sync::LazyLock;

use crate::suggest;

/// One row of the ISO 3166 table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub code: &'static str,
    pub name: &'static str,
    /// `country`, or the subdivision's kind: `land`, `state`, `province`, `territory`, …
    pub kind: &'static str,
}

impl Entry {
    pub fn is_country(&self) -> bool {
        self.kind == "country"
    }

    /// The name as it reads in a sentence, with "the" where English needs it: "the United
    /// States", "the Netherlands", "France".
    pub fn in_sentence(&self) -> String {
        const WITH_ARTICLE: &[&str] = &[
            "Bahamas",
            "Comoros",
            "Gambia",
            "Holy See",
            "Maldives",
            "Netherlands",
            "Philippines",
            "Seychelles",
        ];
        let needs_article = self.name.starts_with("United ")
            || self.name.ends_with(" Islands")
            || self.name.ends_with(" Republic")
            || WITH_ARTICLE.contains(&self.name);
        if needs_article {
            format!("the {}", self.name)
        } else {
            self.name.to_string()
        }
    }

    /// The kind as a person would read it: "Land", "state", "province".
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            "land" => "Land",
            other => other,
        }
    }
}

static TABLE: LazyLock<Vec<Entry>> = LazyLock::new(|| {
    include_str!("iso3166.tsv")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let mut fields = line.split('\t');
            let mut next = || fields.next().expect("iso3166.tsv has three columns");
            Entry {
                code: next(),
                name: next(),
                kind: next(),
            }
        })
        .collect()
});

/// The entry for a code exactly as written in the table (`DE`, `DE-HH`).
pub fn lookup(code: &str) -> Option<Entry> {
    TABLE.iter().find(|entry| entry.code == code).copied()
}

/// Every country, in table order (alphabetical by code).
pub fn countries() -> impl Iterator<Item = Entry> {
    TABLE.iter().filter(|entry| entry.is_country()).copied()
}

/// The subdivisions listed for a country, in table order.
pub fn subdivisions(country: &str) -> impl Iterator<Item = Entry> + '_ {
    TABLE
        .iter()
        .filter(move |entry| !entry.is_country() && country_of(entry.code) == country)
        .copied()
}

/// Whether the table lists the subdivisions of `country` (and so can check them).
pub fn lists_subdivisions(country: &str) -> bool {
    subdivisions(country).next().is_some()
}

/// The country part of a code: `DE` for `DE-HH`.
pub fn country_of(code: &str) -> &str {
    code.split('-').next().unwrap_or(code)
}

/// A parsed, normalised residence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Residence {
    code: String,
    country: Entry,
    /// The subdivision, when one was given and the table lists it.
    subdivision: Option<Entry>,
}

impl Residence {
    /// Parses a residence code, case-insensitively. Unknown or malformed codes are errors that
    /// carry suggestions.
    pub fn parse(input: &str) -> Result<Residence, ResidenceError> {
        let trimmed = input.trim();
        let code = trimmed.to_uppercase();
        let error = |problem: String| ResidenceError {
            input: trimmed.to_string(),
            problem,
            suggestions: suggestions_for(&code),
        };

        if let Some((alias, proper)) = ALIASES.iter().find(|(alias, _)| *alias == code) {
            let name = lookup(proper).map_or("", |e| e.name);
            return Err(ResidenceError {
                input: trimmed.to_string(),
                problem: format!("`{alias}` is not an ISO 3166 code; {name} is `{proper}`"),
                suggestions: Vec::new(),
            });
        }

        let (country_code, subdivision_code) = match code.split_once('-') {
            Some((country, sub)) => (country, Some(sub)),
            None => (code.as_str(), None),
        };
        let well_formed = country_code.len() == 2
            && country_code.chars().all(|c| c.is_ascii_uppercase())
            && subdivision_code.is_none_or(|sub| {
                (1..=3).contains(&sub.len()) && sub.chars().all(|c| c.is_ascii_alphanumeric())
            });
        if !well_formed {
            return Err(error(
                "a residence is an ISO 3166-1 alpha-2 code (`FR`) or an ISO 3166-2 code (`DE-HH`)"
                    .to_string(),
            ));
        }

        let Some(country) = lookup(country_code).filter(Entry::is_country) else {
            return Err(error(format!(
                "there is no country with the code `{country_code}`"
            )));
        };

        let subdivision = match subdivision_code {
            None => None,
            Some(_) if lists_subdivisions(country.code) => match lookup(&code) {
                Some(entry) => Some(entry),
                None => {
                    return Err(error(format!(
                        "{} has no {} with the code `{code}`",
                        country.name,
                        subdivision_noun(country.code)
                    )));
                }
            },
            Some(_) => None,
        };

        Ok(Residence {
            code,
            country,
            subdivision,
        })
    }

    /// The normalised code: `DE-HH`.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The country's code: `DE`.
    pub fn country_code(&self) -> &'static str {
        self.country.code
    }

    pub fn country(&self) -> Entry {
        self.country
    }

    pub fn subdivision(&self) -> Option<Entry> {
        self.subdivision
    }

    /// True when a subdivision code was given that the table cannot check (`FR-IDF`).
    pub fn is_unchecked_subdivision(&self) -> bool {
        self.code.contains('-') && self.subdivision.is_none()
    }

    /// The place as a name: "Hamburg, Germany", "United States".
    pub fn name(&self) -> String {
        match self.subdivision {
            Some(sub) => format!("{}, {}", sub.name, self.country.name),
            None => self.country.name.to_string(),
        }
    }

    /// The place as it reads in a sentence: "Hamburg, Germany", "France", "the United States".
    pub fn place(&self) -> String {
        match self.subdivision {
            Some(_) => self.name(),
            None => self.country.in_sentence(),
        }
    }

    /// How specifically a code listed in the rules matches this residence: 2 for the exact
    /// subdivision, 1 for the whole country, `None` when it does not match.
    pub fn match_rank(&self, listed: &str) -> Option<u8> {
        if listed == self.code && self.code.contains('-') {
            Some(2)
        } else if listed == self.country.code {
            Some(1)
        } else {
            None
        }
    }
}

impl fmt::Display for Residence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)
    }
}

/// What a subdivision is called in a country: "Land" in Germany, "province or territory" in
/// Canada, "state" in the US.
pub fn subdivision_noun(country: &str) -> String {
    let mut kinds: Vec<&str> = Vec::new();
    for entry in subdivisions(country) {
        if !kinds.contains(&entry.kind_name()) {
            kinds.push(entry.kind_name());
        }
    }
    match kinds.as_slice() {
        [] => "subdivision".to_string(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// Codes people commonly use that ISO 3166 does not.
const ALIASES: &[(&str, &str)] = &[("UK", "GB"), ("EL", "GR")];

/// Why a residence code was refused, with the codes the person probably meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidenceError {
    pub input: String,
    pub problem: String,
    pub suggestions: Vec<Entry>,
}

impl fmt::Display for ResidenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid residence `{}`: {}", self.input, self.problem)?;
        match self.suggestions.as_slice() {
            [] => Ok(()),
            [one] => write!(f, "; did you mean `{}` ({})?", one.code, one.name),
            many => {
                let list: Vec<String> = many
                    .iter()
                    .map(|e| format!("`{}` ({})", e.code, e.name))
                    .collect();
                write!(f, "; did you mean one of {}?", list.join(", "))
            }
        }
    }
}

impl std::error::Error for ResidenceError {}

/// Up to three plausible codes for a mistyped one: by name ("HAM" → Hamburg, "GERMANY" →
/// Germany) and by spelling of the code.
fn suggestions_for(code: &str) -> Vec<Entry> {
    let (country_part, sub_part) = match code.split_once('-') {
        Some((country, sub)) => (country, Some(sub)),
        None => (code, None),
    };
    let mut found: Vec<Entry> = Vec::new();
    let mut push = |entry: Entry| {
        if !found.contains(&entry) {
            found.push(entry);
        }
    };

    match sub_part {
        Some(sub) if lookup(country_part).is_some() => {
            let wanted = fold(sub);
            for entry in subdivisions(country_part) {
                let local = entry.code.split_once('-').map_or("", |(_, s)| s);
                if fold(entry.name).starts_with(&wanted)
                    || strsim::damerau_levenshtein(local, sub) <= 1
                {
                    push(entry);
                }
            }
        }
        _ => {
            let wanted = fold(code);
            if wanted.len() >= 3 {
                for entry in TABLE.iter() {
                    if fold(entry.name).starts_with(&wanted) {
                        push(*entry);
                    }
                }
            }
            let countries: Vec<&str> = TABLE
                .iter()
                .filter(|e| e.is_country())
                .map(|e| e.code)
                .collect();
            if let Some(close) = suggest::did_you_mean(country_part, countries)
                && country_part.len() == 2
                && let Some(entry) = lookup(close)
            {
                push(entry);
            }
        }
    }
    found.truncate(3);
    found
}

/// Lowercase ASCII letters only, with common accents removed: "Québec" → "quebec".
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let base = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => {
                'a'
            }
            'ç' | 'Ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
            'ñ' | 'Ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => {
                'o'
            }
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
            'ß' => {
                out.push_str("ss");
                continue;
            }
            c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
            _ => continue,
        };
        out.push(base);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_countries_and_subdivisions() {
        let hh = Residence::parse("de-hh").unwrap();
        assert_eq!(hh.code(), "DE-HH");
        assert_eq!(hh.place(), "Hamburg, Germany");
        assert_eq!(Residence::parse("NO").unwrap().place(), "Norway");
        assert_eq!(Residence::parse("CA-QC").unwrap().place(), "Québec, Canada");
        assert_eq!(
            Residence::parse("GB-SCT").unwrap().place(),
            "Scotland, United Kingdom"
        );
        assert_eq!(Residence::parse("US").unwrap().place(), "the United States");
        assert_eq!(Residence::parse("US").unwrap().name(), "United States");
        assert_eq!(Residence::parse("NL").unwrap().place(), "the Netherlands");
    }

    #[test]
    fn suggests_the_land_for_a_mistyped_subdivision() {
        let err = Residence::parse("DE-HAM").unwrap_err();
        assert_eq!(err.suggestions.first().map(|e| e.code), Some("DE-HH"));
        assert!(
            err.to_string().contains("did you mean `DE-HH` (Hamburg)?"),
            "{err}"
        );
    }

    #[test]
    fn refuses_aliases_with_the_proper_code() {
        let err = Residence::parse("UK").unwrap_err();
        assert!(err.to_string().contains("`GB`"), "{err}");
    }

    #[test]
    fn suggests_by_name() {
        let err = Residence::parse("Germany").unwrap_err();
        assert_eq!(err.suggestions.first().map(|e| e.code), Some("DE"));
    }

    #[test]
    fn refuses_unknown_countries() {
        assert!(Residence::parse("XX").is_err());
        assert!(Residence::parse("").is_err());
        assert!(Residence::parse("D").is_err());
    }

    #[test]
    fn accepts_unlisted_subdivisions_unchecked() {
        let r = Residence::parse("FR-IDF").unwrap();
        assert!(r.is_unchecked_subdivision());
        assert_eq!(r.country_code(), "FR");
        assert_eq!(r.match_rank("FR"), Some(1));
    }

    #[test]
    fn ranks_matches() {
        let r = Residence::parse("DE-HH").unwrap();
        assert_eq!(r.match_rank("DE-HH"), Some(2));
        assert_eq!(r.match_rank("DE"), Some(1));
        assert_eq!(r.match_rank("DE-BY"), None);
    }

    #[test]
    fn names_subdivisions() {
        assert_eq!(subdivision_noun("DE"), "Land");
        assert_eq!(subdivision_noun("US"), "state or district");
        assert_eq!(subdivision_noun("CA"), "province or territory");
    }
}
