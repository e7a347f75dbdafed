//! datenanfragen.de's company records (CC0, <https://github.com/datenanfragen/data>) read and
//! checked against their schema, and written as forget's own company files, each value with the
//! record's sources, so that the same checks, letters and deadlines apply to them.
//!
//! The fields and their types follow upstream `schema.json` (draft-07, `additionalProperties:
//! false`) at commit 0a29c3d6feee53b02e73204a3dbd312eafe56629.

use std::path::Path;

use chrono::NaiveDate;
use serde_json::Value;

/// Where the records of a `kind` (`companies`, `supervisory-authorities`) are in `from`: its
/// folder of that name in a clone of the data, or `from` itself.
pub fn records_folder(from: &Path, kind: &str) -> std::path::PathBuf {
    let inside = from.join(kind);
    if inside.is_dir() {
        inside
    } else {
        from.to_path_buf()
    }
}

/// The records (`<slug>.json`) in `dir`, in name order.
pub fn record_files(dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    Ok(files)
}

/// What a record's field must hold.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    Texts,
    Flag,
    Objects,
}

const FIELDS: &[(&str, Kind)] = &[
    ("slug", Kind::Text),
    ("relevant-countries", Kind::Texts),
    ("categories", Kind::Texts),
    ("name", Kind::Text),
    ("runs", Kind::Texts),
    ("address", Kind::Text),
    ("phone", Kind::Text),
    ("fax", Kind::Text),
    ("email", Kind::Text),
    ("webform", Kind::Text),
    ("pgp-fingerprint", Kind::Text),
    ("pgp-url", Kind::Text),
    ("web", Kind::Text),
    ("sources", Kind::Texts),
    ("required-elements", Kind::Objects),
    ("request-language", Kind::Text),
    ("custom-access-template", Kind::Text),
    ("custom-erasure-template", Kind::Text),
    ("custom-rectification-template", Kind::Text),
    ("custom-objection-template", Kind::Text),
    ("needs-id-document", Kind::Flag),
    ("suggested-transport-medium", Kind::Text),
    ("comments", Kind::Texts),
    ("quality", Kind::Text),
    ("facet-group", Kind::Text),
    ("nsfw", Kind::Flag),
];
const REQUIRED: &[&str] = &[
    "slug",
    "relevant-countries",
    "name",
    "address",
    "sources",
    "quality",
];
const QUALITIES: &[&str] = &["tested", "verified", "imported", "scraped"];
const MEDIA: &[&str] = &["fax", "letter", "email", "webform"];

/// A problem with a record: the field (empty for the whole record) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: String,
    pub message: String,
}

impl Problem {
    fn new(field: &str, message: impl Into<String>) -> Problem {
        Problem {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

/// A company record that passed the schema's checks.
#[derive(Debug, Clone)]
pub struct Company {
    pub slug: String,
    pub name: String,
    pub address: String,
    pub email: Option<String>,
    pub webform: Option<String>,
    pub web: Option<String>,
    pub phone: Option<String>,
    pub fax: Option<String>,
    pub sources: Vec<String>,
    pub request_language: Option<String>,
    pub needs_id_document: bool,
    pub transport: Option<String>,
    pub comments: Vec<String>,
    pub quality: String,
    /// The countries upstream gives the record for (`all`, or codes).
    pub countries: Vec<String>,
}

/// The fields of a supervisory-authority record (`schema-supervisory-authorities.json`).
const AUTHORITY_FIELDS: &[(&str, Kind)] = &[
    ("slug", Kind::Text),
    ("relevant-countries", Kind::Texts),
    ("name", Kind::Text),
    ("address", Kind::Text),
    ("phone", Kind::Text),
    ("fax", Kind::Text),
    ("email", Kind::Text),
    ("webform", Kind::Text),
    ("pgp-fingerprint", Kind::Text),
    ("pgp-url", Kind::Text),
    ("web", Kind::Text),
    ("sources", Kind::Texts),
    ("complaint-language", Kind::Text),
    ("suggested-transport-medium", Kind::Text),
    ("comments", Kind::Texts),
];
const AUTHORITY_REQUIRED: &[&str] = &["slug", "relevant-countries", "name", "address", "sources"];

type Record = serde_json::Map<String, Value>;

/// Reads the record in `path` and checks it against a schema's fields: no field it does not
/// know, each of its type, the required ones present, the slug equal to the file name.
fn read_record(
    path: &Path,
    what: &str,
    fields: &[(&str, Kind)],
    required: &[&str],
) -> Result<Record, Vec<Problem>> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| vec![Problem::new("", format!("cannot be read: {error}"))])?;
    let value: Value = serde_json::from_str(&text)
        .map_err(|error| vec![Problem::new("", format!("is not valid JSON: {error}"))])?;
    let Value::Object(record) = value else {
        return Err(vec![Problem::new("", "is not a JSON object")]);
    };
    let mut problems = Vec::new();
    for (key, value) in &record {
        let Some((_, kind)) = fields.iter().find(|(name, _)| name == key) else {
            let names = fields.iter().map(|(name, _)| *name);
            let hint = crate::suggest::did_you_mean(key, names)
                .map(|close| format!("; did you mean `{close}`?"))
                .unwrap_or_default();
            problems.push(Problem::new(key, format!("is not a field of {what}{hint}")));
            continue;
        };
        let fits = match kind {
            Kind::Text => value.is_string(),
            Kind::Flag => value.is_boolean(),
            Kind::Texts => value
                .as_array()
                .is_some_and(|items| items.iter().all(Value::is_string)),
            Kind::Objects => value
                .as_array()
                .is_some_and(|items| items.iter().all(Value::is_object)),
        };
        if !fits {
            let wanted = match kind {
                Kind::Text => "a string",
                Kind::Flag => "true or false",
                Kind::Texts => "a list of strings",
                Kind::Objects => "a list of objects",
            };
            problems.push(Problem::new(
                key,
                format!("must be {wanted}, not {}", describe(value)),
            ));
        }
    }
    for field in required {
        if !record.contains_key(*field) {
            problems.push(Problem::new(field, "is missing (the schema requires it)"));
        }
    }
    let slug = record.get("slug").and_then(Value::as_str).unwrap_or("");
    if !slug.is_empty()
        && !slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        problems.push(Problem::new(
            "slug",
            format!("`{slug}` is not a slug (lowercase letters, digits and hyphens)"),
        ));
    } else if !slug.is_empty() && path.file_stem().and_then(|s| s.to_str()) != Some(slug) {
        problems.push(Problem::new(
            "slug",
            format!(
                "`{slug}` differs from the file name: upstream names each record `<slug>.json`"
            ),
        ));
    }
    if problems.is_empty() {
        Ok(record)
    } else {
        Err(problems)
    }
}

fn text(record: &Record, key: &str) -> Option<String> {
    record.get(key).and_then(Value::as_str).map(str::to_string)
}

fn texts(record: &Record, key: &str) -> Vec<String> {
    record
        .get(key)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// A supervisory-authority record that passed the schema's checks.
#[derive(Debug, Clone)]
pub struct AuthorityRecord {
    pub slug: String,
    pub name: String,
    pub address: String,
    pub email: Option<String>,
    pub webform: Option<String>,
}

/// Reads and checks the supervisory-authority record in `path`, collecting every problem.
pub fn read_authority(path: &Path) -> Result<AuthorityRecord, Vec<Problem>> {
    let record = read_record(
        path,
        "a supervisory-authority record",
        AUTHORITY_FIELDS,
        AUTHORITY_REQUIRED,
    )?;
    Ok(AuthorityRecord {
        slug: text(&record, "slug").unwrap_or_default(),
        name: text(&record, "name").unwrap_or_default(),
        address: text(&record, "address").unwrap_or_default(),
        email: text(&record, "email"),
        webform: text(&record, "webform"),
    })
}

/// Reads and checks the company record in `path` (`<slug>.json`), collecting every problem.
pub fn read_company(path: &Path) -> Result<Company, Vec<Problem>> {
    let record = read_record(path, "a company record", FIELDS, REQUIRED)?;
    let text = |key: &str| text(&record, key);
    let texts = |key: &str| texts(&record, key);
    let company = Company {
        slug: text("slug").unwrap_or_default(),
        name: text("name").unwrap_or_default(),
        address: text("address").unwrap_or_default(),
        email: text("email"),
        webform: text("webform"),
        web: text("web"),
        phone: text("phone"),
        fax: text("fax"),
        sources: texts("sources"),
        request_language: text("request-language"),
        needs_id_document: record
            .get("needs-id-document")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        transport: text("suggested-transport-medium"),
        comments: texts("comments"),
        quality: text("quality").unwrap_or_default(),
        countries: texts("relevant-countries"),
    };
    let mut problems = Vec::new();
    if !QUALITIES.contains(&company.quality.as_str()) {
        problems.push(Problem::new(
            "quality",
            format!(
                "`{}` is not one of {}",
                company.quality,
                QUALITIES.join(", ")
            ),
        ));
    }
    if let Some(medium) = &company.transport
        && !MEDIA.contains(&medium.as_str())
    {
        problems.push(Problem::new(
            "suggested-transport-medium",
            format!("`{medium}` is not one of {}", MEDIA.join(", ")),
        ));
    }
    if company.sources.is_empty() {
        problems.push(Problem::new("sources", "is empty: a record needs a source"));
    }
    if problems.is_empty() {
        Ok(company)
    } else {
        Err(problems)
    }
}

/// How a JSON value reads in an error.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(_) => "a string".to_string(),
        Value::Array(_) => "a list".to_string(),
        Value::Object(_) => "an object".to_string(),
    }
}

/// The ISO 3166-1 code of the country named on an address's last line, as upstream writes it:
/// in English or in the country's own language.
pub fn country_of(address: &str) -> Option<&'static str> {
    let last = address.trim().lines().last()?.trim();
    let wanted = crate::rules::fold(last.trim_start_matches("The "));
    COUNTRIES
        .iter()
        .find(|(_, names)| names.iter().any(|name| crate::rules::fold(name) == wanted))
        .map(|(code, _)| *code)
}

/// Country names as datenanfragen.de's addresses end: English, then the country's own.
const COUNTRIES: &[(&str, &[&str])] = &[
    ("AT", &["Austria", "Österreich"]),
    ("BE", &["Belgium", "België", "Belgique", "Belgien"]),
    ("BG", &["Bulgaria", "България"]),
    ("CH", &["Switzerland", "Schweiz", "Suisse", "Svizzera"]),
    ("CY", &["Cyprus", "Κύπρος"]),
    (
        "CZ",
        &["Czech Republic", "Czechia", "Česko", "Česká republika"],
    ),
    ("DE", &["Germany", "Deutschland"]),
    ("DK", &["Denmark", "Danmark"]),
    ("EE", &["Estonia", "Eesti"]),
    ("ES", &["Spain", "España"]),
    ("FI", &["Finland", "Suomi"]),
    ("FR", &["France"]),
    (
        "GB",
        &[
            "United Kingdom",
            "UK",
            "Great Britain",
            "England",
            "Scotland",
            "Wales",
        ],
    ),
    ("GR", &["Greece", "Ελλάδα"]),
    ("HR", &["Croatia", "Hrvatska"]),
    ("HU", &["Hungary", "Magyarország"]),
    ("IE", &["Ireland", "Éire"]),
    ("IS", &["Iceland", "Ísland"]),
    ("IT", &["Italy", "Italia"]),
    ("LI", &["Liechtenstein"]),
    ("LT", &["Lithuania", "Lietuva"]),
    ("LU", &["Luxembourg", "Luxemburg", "Lëtzebuerg"]),
    ("LV", &["Latvia", "Latvija"]),
    ("MT", &["Malta"]),
    ("NL", &["Netherlands", "Nederland"]),
    ("NO", &["Norway", "Norge"]),
    ("PL", &["Poland", "Polska"]),
    ("PT", &["Portugal"]),
    ("RO", &["Romania", "România"]),
    ("SE", &["Sweden", "Sverige"]),
    ("SI", &["Slovenia", "Slovenija"]),
    ("SK", &["Slovakia", "Slovensko"]),
    ("US", &["United States of America", "United States", "USA"]),
];

/// The record as a company file of forget's rules. Every value carries the record's sources and
/// a note of where and when it was imported; a record upstream rates below "verified" has its
/// contact details marked unconfirmed.
pub fn to_toml(company: &Company, from: &Path, on: NaiveDate) -> Result<String, Problem> {
    let country = country_of(&company.address).ok_or_else(|| {
        Problem::new(
            "address",
            format!(
                "its last line `{}` names no country forget knows, and the rules need the \
                 country the company is established in",
                company.address.trim().lines().last().unwrap_or("").trim()
            ),
        )
    })?;
    let upstream = format!(
        "https://github.com/datenanfragen/data/blob/master/companies/{}.json",
        company.slug
    );
    let mut sources: Vec<String> = company.sources.clone();
    sources.push(upstream);
    let sources = list(&sources);
    let weak = !matches!(company.quality.as_str(), "tested" | "verified");
    let unconfirmed = |field: &str| {
        if weak {
            format!(
                "\nunconfirmed = {{ {field} = {} }}",
                quote(&format!(
                    "datenanfragen.de rates this record `{}`: nobody has checked it by hand",
                    company.quality
                ))
            )
        } else {
            String::new()
        }
    };
    let mut out = format!(
        "# Imported from datenanfragen.de (CC0) on {on}, from `{}`.\n\
         # Upstream quality: {}. Run the import again to update it; edits here are overwritten.\n\n",
        from.display(),
        company.quality
    );
    out.push_str(&format!("id = {}\n", quote(&company.slug)));
    out.push_str(&format!("name = {}\n", quote(&company.name)));
    out.push_str(&format!("legal_name = {}\n", quote(&company.name)));
    out.push_str(&format!("country = {}\n", quote(country)));
    out.push_str(&format!("address = {}\n", quote(company.address.trim())));
    if let Some(web) = &company.web {
        out.push_str(&format!("website = {}\n", quote(web)));
    }
    if let Some(language) = &company.request_language {
        out.push_str(&format!("languages = [{}]\n", quote(language)));
    }
    if let Some(medium) = &company.transport {
        let suggested = if medium == "letter" {
            "post"
        } else {
            medium.as_str()
        };
        out.push_str(&format!("suggested = {}\n", quote(suggested)));
    }
    out.push_str(&format!("sources = {sources}{}\n", unconfirmed("address")));
    if let Some(email) = &company.email {
        out.push_str(&format!(
            "\n[[email]]\naddress = {}\npurpose = {}\nsources = {sources}{}\n",
            quote(email),
            quote("Privacy requests, according to datenanfragen.de."),
            unconfirmed("address")
        ));
    }
    if let Some(form) = &company.webform {
        out.push_str(&format!(
            "\n[[webform]]\nurl = {}\npurpose = {}\nsources = {sources}{}\n",
            quote(form),
            quote("Privacy requests, according to datenanfragen.de."),
            unconfirmed("url")
        ));
    }
    if company.needs_id_document {
        out.push_str(&format!(
            "\n[identity]\ndemands_photo = false\ndemands_id = true\nsummary = {}\nsources = {sources}\n",
            quote(
                "datenanfragen.de records that this company asks for an identity document with \
                 every request. Under the GDPR (Art. 12(6)) it may ask for more only when it has \
                 reasonable doubts about who you are."
            )
        ));
    }
    let mut notes: Vec<String> = Vec::new();
    let countries: Vec<String> = company.countries.iter().map(|c| c.to_uppercase()).collect();
    if !countries.is_empty() && countries != ["ALL"] {
        notes.push(format!(
            "datenanfragen.de gives this record for requests from {}; another branch may handle \
             other countries.",
            countries.join(", ")
        ));
    }
    if let Some(phone) = &company.phone {
        notes.push(format!("Phone: {phone}"));
    }
    if let Some(fax) = &company.fax {
        notes.push(format!("Fax: {fax}"));
    }
    notes.extend(company.comments.iter().cloned());
    for note in notes {
        out.push_str(&format!(
            "\n[[note]]\ntext = {}\nsources = {sources}\n",
            quote(&note)
        ));
    }
    Ok(out)
}

/// A TOML basic string: JSON's string syntax is one.
fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|item| quote(item)).collect();
    format!("[{}]", quoted.join(", "))
}

/// Where the rules' authorities differ from datenanfragen.de's records of them (named by each
/// authority's `datenanfragen` slug): the postal address, the e-mail address and the complaint
/// form. Warnings for a person to review, since either side may be the one out of date;
/// `imported` says which records they were compared with.
pub fn authority_differences(
    rules: &crate::rules::RuleSet,
    records: &[AuthorityRecord],
    imported: &str,
) -> Vec<crate::rules::Diagnostic> {
    use crate::rules::{Diagnostic, fold};
    // Compared word by word, whatever the case, accents, punctuation and line breaks; "Str." is
    // "Straße".
    let words = |text: &str| -> String {
        fold(text)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| if w == "str" { "strasse" } else { w })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let bare = |url: &str| url.trim_end_matches('/').to_lowercase();
    let mut out = Vec::new();
    for authority in &rules.authorities {
        let Some(slug) = &authority.datenanfragen else {
            continue;
        };
        let warn = |what: String| {
            let mut diagnostic = Diagnostic::warning(
                format!("{} {what}", authority.id),
                Some(authority.location.clone()),
            );
            diagnostic.help = Some(format!(
                "check both against the authority's own pages, then correct \
                 `jurisdictions/authorities.toml` or datenanfragen.de's record `{slug}`"
            ));
            diagnostic
        };
        let Some(record) = records.iter().find(|r| &r.slug == slug) else {
            out.push(warn(format!(
                "names datenanfragen.de's record `{slug}`, which is not among those {imported}"
            )));
            continue;
        };
        let shown = |text: &str| text.trim().replace('\n', ", ");
        if let Some(address) = &authority.address
            && words(address) != words(&record.address)
        {
            out.push(warn(format!(
                "has the address `{}`; datenanfragen.de's record `{slug}` ({imported}) has `{}`",
                shown(address),
                shown(&record.address)
            )));
        }
        match (&authority.email, &record.email) {
            (Some(ours), Some(theirs)) if !ours.eq_ignore_ascii_case(theirs) => {
                out.push(warn(format!(
                    "has the e-mail address `{ours}`; datenanfragen.de's record `{slug}` ({imported}) has \
                     `{theirs}`"
                )))
            }
            (None, Some(theirs)) => out.push(warn(format!(
                "has no e-mail address; datenanfragen.de's record `{slug}` ({imported}) has `{theirs}`"
            ))),
            _ => {}
        }
        match (&authority.complaint_url, &record.webform) {
            (Some(ours), Some(theirs)) if bare(ours) != bare(theirs) => {
                out.push(warn(format!(
                    "has the complaint form `{ours}`; datenanfragen.de's record `{slug}` ({imported}) has the \
                     web form `{theirs}`"
                )))
            }
            _ => {}
        }
    }
    out
}
