use super::source_file::Location;

/// Where a value comes from: a numbered source of the fact sheet, or an official URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceRef {
    /// `S:40`, `S:5b`: defined in `jurisdictions/sources.toml`.
    Numbered(String),
    Url(String),
}

impl SourceRef {
    pub fn parse(text: &str) -> Option<SourceRef> {
        if let Some(number) = text.strip_prefix("S:") {
            let digits = number.trim_end_matches(|c: char| c.is_ascii_lowercase());
            let well_formed = !digits.is_empty()
                && digits.chars().all(|c| c.is_ascii_digit())
                && number.len() - digits.len() <= 1;
            return well_formed.then(|| SourceRef::Numbered(text.to_string()));
        }
        let is_url = (text.starts_with("https://") || text.starts_with("http://"))
            && text.len() > "https://".len()
            && !text.contains(char::is_whitespace);
        is_url.then(|| SourceRef::Url(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        match self {
            SourceRef::Numbered(id) | SourceRef::Url(id) => id,
        }
    }
}

/// A value that is shipped but could not be confirmed from a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unconfirmed {
    /// The field of the table that holds the value.
    pub field: String,
    pub reason: String,
    pub location: Location,
}

/// The sources of a table's values, and which of them are unconfirmed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance {
    pub sources: Vec<SourceRef>,
    pub unconfirmed: Vec<Unconfirmed>,
}

impl Provenance {
    /// Why `field` is unconfirmed, if it is.
    pub fn reason(&self, field: &str) -> Option<&str> {
        self.unconfirmed
            .iter()
            .find(|mark| mark.field == field)
            .map(|mark| mark.reason.as_str())
    }

    /// One warning per distinct reason, naming the fields it covers: "unconfirmed: BayLDA,
    /// address and e-mail address: …". Only the fields in `used` are considered (`None`: all).
    pub fn warnings(&self, subject: &str, used: Option<&[&str]>) -> Vec<String> {
        let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
        for mark in &self.unconfirmed {
            if used.is_some_and(|used| !used.contains(&mark.field.as_str())) {
                continue;
            }
            match groups.iter_mut().find(|(reason, _)| *reason == mark.reason) {
                Some((_, fields)) => fields.push(&mark.field),
                None => groups.push((&mark.reason, vec![&mark.field])),
            }
        }
        groups
            .into_iter()
            .map(|(reason, fields)| {
                let names: Vec<String> = fields.iter().map(|f| field_label(f)).collect();
                let list = match names.as_slice() {
                    [init @ .., last] if !init.is_empty() => {
                        format!("{} and {last}", init.join(", "))
                    }
                    _ => names.join(""),
                };
                format!("unconfirmed: {subject}, {list}: {reason}")
            })
            .collect()
    }
}

/// How a field of the rules reads in a sentence: `non_working_day` is "weekend rule".
fn field_label(field: &str) -> String {
    let label = match field {
        "cite" => "citation",
        "complaint_url" => "complaint form",
        "demands_id" => "whether it demands an ID",
        "demands_photo" => "whether it demands a photo",
        "designated" => "whether one is designated",
        "email" => "e-mail address",
        "from" => "start of the period",
        "languages" => "languages",
        "legal_name" => "legal name",
        "month_end" => "month-end rule",
        "non_working_day" => "weekend and holiday rule",
        "residences" => "competence",
        "url" => "address",
        other => return other.replace('_', " "),
    };
    label.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sources() {
        assert_eq!(
            SourceRef::parse("S:40"),
            Some(SourceRef::Numbered("S:40".into()))
        );
        assert_eq!(
            SourceRef::parse("S:5b"),
            Some(SourceRef::Numbered("S:5b".into()))
        );
        assert!(SourceRef::parse("https://eur-lex.europa.eu/eli/reg/2016/679/oj").is_some());
        assert_eq!(SourceRef::parse("S:"), None);
        assert_eq!(SourceRef::parse("S:4x5"), None);
        assert_eq!(SourceRef::parse("the fact sheet"), None);
        assert_eq!(SourceRef::parse("https://"), None);
    }
}
