use std::fmt;

use chrono::{Datelike, NaiveDate};

use crate::rules::{Period, Unit};

/// A language letters are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Language {
    En,
    De,
    Fr,
}

impl Language {
    pub const ALL: &[Language] = &[Language::En, Language::De, Language::Fr];

    /// The ISO 639-1 code, which is also the template folder.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::De => "de",
            Language::Fr => "fr",
        }
    }

    pub fn parse(code: &str) -> Option<Language> {
        let code = code.trim().to_ascii_lowercase();
        Language::ALL.iter().copied().find(|l| l.code() == code)
    }

    /// The language for `text`, or an error that lists those forget writes.
    pub fn parse_named(text: &str) -> Result<Language, String> {
        Language::parse(text).ok_or_else(|| {
            let codes: Vec<&str> = Language::ALL.iter().map(|l| l.code()).collect();
            format!(
                "forget writes no letters in `{text}`: it writes {}",
                crate::suggest::one_of(&codes)
            )
        })
    }

    /// "23 November 2026", "23. November 2026", "23 novembre 2026".
    pub fn long_date(self, date: NaiveDate) -> String {
        let month = date.month0() as usize;
        match self {
            Language::En => format!("{} {} {}", date.day(), EN_MONTHS[month], date.year()),
            Language::De => format!("{}. {} {}", date.day(), DE_MONTHS[month], date.year()),
            Language::Fr => {
                let day = if date.day() == 1 {
                    "1er".to_string()
                } else {
                    date.day().to_string()
                };
                format!("{day} {} {}", FR_MONTHS[month], date.year())
            }
        }
    }

    /// A period as the letter says it: "one month", "30 days"; "einem Monat", "30 Tagen"
    /// (after "innerhalb von"); "un mois", "30 jours".
    pub fn period(self, period: &Period) -> String {
        let n = period.length;
        match (self, period.unit, n) {
            (Language::En, Unit::Months, 1) => "one month".into(),
            (Language::En, Unit::Months, _) => format!("{n} months"),
            (Language::En, Unit::Days, 1) => "one day".into(),
            (Language::En, Unit::Days, _) => format!("{n} days"),
            (Language::En, Unit::BusinessDays, 1) => "one business day".into(),
            (Language::En, Unit::BusinessDays, _) => format!("{n} business days"),
            (Language::De, Unit::Months, 1) => "einem Monat".into(),
            (Language::De, Unit::Months, _) => format!("{n} Monaten"),
            (Language::De, Unit::Days, 1) => "einem Tag".into(),
            (Language::De, Unit::Days, _) => format!("{n} Tagen"),
            (Language::De, Unit::BusinessDays, 1) => "einem Arbeitstag".into(),
            (Language::De, Unit::BusinessDays, _) => format!("{n} Arbeitstagen"),
            (Language::Fr, Unit::Months, 1) => "un mois".into(),
            (Language::Fr, Unit::Months, _) => format!("{n} mois"),
            (Language::Fr, Unit::Days, 1) => "un jour".into(),
            (Language::Fr, Unit::Days, _) => format!("{n} jours"),
            (Language::Fr, Unit::BusinessDays, 1) => "un jour ouvrable".into(),
            (Language::Fr, Unit::BusinessDays, _) => format!("{n} jours ouvrables"),
        }
    }

    /// "Reference: X"; French puts a (no-break) space before the colon.
    pub fn labelled(self, label: Label, value: &str) -> String {
        let space = if self == Language::Fr { "\u{a0}" } else { "" };
        format!("{}{space}: {value}", self.label(label))
    }

    /// Words `forget` itself puts around the template's text.
    pub fn label(self, label: Label) -> &'static str {
        use Label::*;
        match (self, label) {
            (Language::En, Reference) => "Reference",
            (Language::De, Reference) => "Mein Zeichen",
            (Language::Fr, Reference) => "Référence",
            (Language::En, Email) => "E-mail",
            (Language::De, Email) => "E-Mail",
            (Language::Fr, Email) => "Courriel",
            (Language::En, Date) => "Date",
            (Language::De, Date) => "Datum",
            (Language::Fr, Date) => "Date",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Label {
    Reference,
    Email,
    Date,
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DE_MONTHS: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const FR_MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_out_in_each_language() {
        let date = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        assert_eq!(Language::En.long_date(date), "2 March 2026");
        assert_eq!(Language::De.long_date(date), "2. März 2026");
        assert_eq!(Language::Fr.long_date(date), "2 mars 2026");
        let first = NaiveDate::from_ymd_opt(2026, 8, 1).unwrap();
        assert_eq!(Language::Fr.long_date(first), "1er août 2026");
    }
}
