use chrono::NaiveDate;

use super::checks;
use super::provenance::{Provenance, Unconfirmed};
use super::reader::{Ctx, ReferenceKind, Table, Text, parse_root};
use super::source_file::{Location, SourceFile};

/// A company that holds personal data: where and how to reach it, and what is known about it.
#[derive(Debug, Clone)]
pub struct Controller {
    pub id: String,
    pub name: String,
    pub legal_name: String,
    /// ISO 3166-1 alpha-2 code of the country of establishment.
    pub country: String,
    pub address: Option<String>,
    /// Its main website, where the rules know it.
    pub website: Option<String>,
    pub languages: Vec<String>,
    /// How requests are best sent to it, where a source suggests one.
    pub suggested: Option<Transport>,
    pub provenance: Provenance,
    pub emails: Vec<Email>,
    pub webforms: Vec<Webform>,
    pub representatives: Vec<Representative>,
    pub identity: Option<IdentityPractice>,
    pub precedents: Vec<Precedent>,
    pub notes: Vec<Note>,
    /// The company finds people by their face (a face-search engine): without a photo it can
    /// truthfully find nothing, and a photo used only to find the records is no identity check.
    pub face_search: bool,
    /// False for a company the person entered themselves: the rules know nothing of its
    /// processing, so a letter states no fact about it.
    pub listed: bool,
}

#[derive(Debug, Clone)]
pub struct Email {
    pub address: String,
    pub purpose: String,
    pub provenance: Provenance,
}

#[derive(Debug, Clone)]
pub struct Webform {
    pub url: String,
    pub purpose: String,
    pub provenance: Provenance,
}

/// Whether the company has named the local representative a regime requires (GDPR Art. 27).
#[derive(Debug, Clone)]
pub struct Representative {
    pub regime: String,
    pub designated: bool,
    pub name: Option<String>,
    pub address: Option<String>,
    pub provenance: Provenance,
}

/// What the company is known to demand before it answers a request.
#[derive(Debug, Clone)]
pub struct IdentityPractice {
    pub demands_photo: bool,
    pub demands_id: bool,
    pub summary: String,
    pub provenance: Provenance,
}

impl IdentityPractice {
    /// What the company is known to ask for before it answers, in words: "a photo of you".
    pub fn demands(&self) -> Vec<&'static str> {
        [
            (self.demands_photo, "a photo of you"),
            (self.demands_id, "a copy of an identity document"),
        ]
        .into_iter()
        .filter_map(|(demanded, what)| demanded.then_some(what))
        .collect()
    }
}

/// How a company would have requests sent: what datenanfragen.de calls the suggested transport
/// medium.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    Email,
    Post,
    Webform,
    Fax,
}

impl Transport {
    pub const CHOICES: &'static [(&'static str, Transport)] = &[
        ("email", Transport::Email),
        ("post", Transport::Post),
        ("webform", Transport::Webform),
        ("fax", Transport::Fax),
    ];

    /// How it reads in a sentence: "by post".
    pub fn in_words(self) -> &'static str {
        match self {
            Transport::Email => "by e-mail",
            Transport::Post => "by post",
            Transport::Webform => "through its web form",
            Transport::Fax => "by fax",
        }
    }
}

/// A decision against the company.
#[derive(Debug, Clone)]
pub struct Precedent {
    pub regime: String,
    pub authority: Option<String>,
    pub date: Option<NaiveDate>,
    pub reference: String,
    pub summary: String,
    pub provenance: Provenance,
}

#[derive(Debug, Clone)]
pub struct Note {
    pub text: String,
    pub provenance: Provenance,
}

const CONTROLLER_FIELDS: &[&str] = &[
    "id",
    "name",
    "legal_name",
    "country",
    "address",
    "website",
    "languages",
    "suggested",
    "face_search",
    "sources",
    "unconfirmed",
    "email",
    "webform",
    "representative",
    "identity",
    "precedent",
    "note",
];
const EMAIL_FIELDS: &[&str] = &["address", "purpose", "sources", "unconfirmed"];
const WEBFORM_FIELDS: &[&str] = &["url", "purpose", "sources", "unconfirmed"];
const REPRESENTATIVE_FIELDS: &[&str] = &[
    "regime",
    "designated",
    "name",
    "address",
    "sources",
    "unconfirmed",
];
const IDENTITY_FIELDS: &[&str] = &[
    "demands_photo",
    "demands_id",
    "summary",
    "sources",
    "unconfirmed",
];
const PRECEDENT_FIELDS: &[&str] = &[
    "regime",
    "authority",
    "date",
    "reference",
    "summary",
    "sources",
    "unconfirmed",
];
const NOTE_FIELDS: &[&str] = &["text", "sources", "unconfirmed"];

impl Controller {
    /// "Clearview AI (Clearview AI, Inc.)".
    pub fn display_name(&self) -> String {
        if self.legal_name == self.name {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, self.legal_name)
        }
    }

    /// A company the person entered themselves (not in the rules): its name, privacy e-mail
    /// address and country of establishment, all marked as unchecked.
    pub fn entered(name: &str, email: &str, country: &str) -> Controller {
        let mark = |field: &str| Unconfirmed {
            field: field.to_string(),
            reason: "entered by you; forget has not checked it".to_string(),
            location: Location {
                path: "your answers".to_string(),
                line: 1,
                column: 1,
                line_text: String::new(),
                width: 1,
            },
        };
        let id: String = name
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        Controller {
            id: if id.is_empty() {
                "company".to_string()
            } else {
                id
            },
            name: name.to_string(),
            legal_name: name.to_string(),
            country: country.to_string(),
            address: None,
            website: None,
            languages: Vec::new(),
            suggested: None,
            provenance: Provenance {
                sources: Vec::new(),
                unconfirmed: vec![mark("country")],
            },
            emails: vec![Email {
                address: email.to_string(),
                purpose: "privacy requests".to_string(),
                provenance: Provenance {
                    sources: Vec::new(),
                    unconfirmed: vec![mark("address")],
                },
            }],
            webforms: Vec::new(),
            representatives: Vec::new(),
            identity: None,
            precedents: Vec::new(),
            notes: Vec::new(),
            face_search: false,
            listed: false,
        }
    }

    /// The provenance of every table of the controller.
    pub fn provenances(&self) -> Vec<&Provenance> {
        let mut all = vec![&self.provenance];
        all.extend(self.emails.iter().map(|e| &e.provenance));
        all.extend(self.webforms.iter().map(|w| &w.provenance));
        all.extend(self.representatives.iter().map(|r| &r.provenance));
        all.extend(self.identity.iter().map(|i| &i.provenance));
        all.extend(self.precedents.iter().map(|p| &p.provenance));
        all.extend(self.notes.iter().map(|n| &n.provenance));
        all
    }

    /// The representative entry for a regime, if the table says anything about it.
    pub fn representative(&self, regime: &str) -> Option<&Representative> {
        self.representatives.iter().find(|r| r.regime == regime)
    }

    pub(crate) fn read(ctx: &mut Ctx<'_>, file: &SourceFile) -> Option<Controller> {
        let mut t = parse_root(ctx, &file.text, "the controller")?.with_fields(CONTROLLER_FIELDS);
        let id = t.string(ctx, "id");
        if let Some(id) = &id {
            checks::id(ctx, &id.value, id.span.clone());
            if id.value != file.stem() {
                ctx.error(
                    id.span.clone(),
                    format!(
                        "the controller's id `{}` differs from its file name",
                        id.value
                    ),
                    Some(format!(
                        "name the file `{}.toml`, or set `id = \"{}\"`",
                        id.value,
                        file.stem()
                    )),
                );
            }
        }
        let name = t.string(ctx, "name");
        let legal_name = t.string(ctx, "legal_name");
        let country = t.string(ctx, "country");
        if let Some(country) = &country {
            checks::country(ctx, country);
        }
        let address = t.opt_string(ctx, "address");
        let website = t.opt_string(ctx, "website");
        if let Some(website) = &website {
            checks::url(ctx, website);
        }
        let languages = t.string_list(ctx, "languages");
        let suggested = t.opt_choice(ctx, "suggested", Transport::CHOICES);
        let face_search = t.opt_bool(ctx, "face_search").unwrap_or(false);
        checks::languages(ctx, &languages);
        let provenance = t.provenance(ctx);

        let emails = t
            .tables(ctx, "email", EMAIL_FIELDS)
            .into_iter()
            .filter_map(|table| read_email(ctx, table))
            .collect();
        let webforms = t
            .tables(ctx, "webform", WEBFORM_FIELDS)
            .into_iter()
            .filter_map(|table| read_webform(ctx, table))
            .collect();
        let representatives = t
            .tables(ctx, "representative", REPRESENTATIVE_FIELDS)
            .into_iter()
            .filter_map(|table| read_representative(ctx, table))
            .collect();
        let identity = t
            .opt_table(ctx, "identity", IDENTITY_FIELDS)
            .and_then(|table| read_identity(ctx, table));
        let precedents = t
            .tables(ctx, "precedent", PRECEDENT_FIELDS)
            .into_iter()
            .filter_map(|table| read_precedent(ctx, table))
            .collect();
        let notes = t
            .tables(ctx, "note", NOTE_FIELDS)
            .into_iter()
            .filter_map(|mut table| {
                let text = table.string(ctx, "text");
                let provenance = table.provenance(ctx);
                table.finish(ctx);
                Some(Note {
                    text: text?.value,
                    provenance,
                })
            })
            .collect();
        t.finish(ctx);

        Some(Controller {
            id: id?.value,
            name: name?.value,
            legal_name: legal_name?.value,
            country: country?.value,
            address: address.map(|a| a.value.trim().to_string()),
            website: website.map(|w| w.value),
            languages: languages.into_iter().map(|t| t.value).collect(),
            suggested,
            provenance,
            emails,
            webforms,
            representatives,
            identity,
            precedents,
            notes,
            face_search,
            listed: true,
        })
    }
}

fn read_email(ctx: &mut Ctx<'_>, mut t: Table<'_>) -> Option<Email> {
    let address = t.string(ctx, "address");
    if let Some(address) = &address {
        checks::email(ctx, address);
    }
    let purpose = t.string(ctx, "purpose");
    let provenance = t.provenance(ctx);
    t.finish(ctx);
    Some(Email {
        address: address?.value,
        purpose: purpose?.value,
        provenance,
    })
}

fn read_webform(ctx: &mut Ctx<'_>, mut t: Table<'_>) -> Option<Webform> {
    let url = t.string(ctx, "url");
    if let Some(url) = &url {
        checks::url(ctx, url);
    }
    let purpose = t.string(ctx, "purpose");
    let provenance = t.provenance(ctx);
    t.finish(ctx);
    Some(Webform {
        url: url?.value,
        purpose: purpose?.value,
        provenance,
    })
}

fn read_representative(ctx: &mut Ctx<'_>, mut t: Table<'_>) -> Option<Representative> {
    let regime = t.string(ctx, "regime");
    if let Some(regime) = &regime {
        ctx.refer(ReferenceKind::Regime, regime);
    }
    let designated = t.bool(ctx, "designated");
    let name = t.opt_string(ctx, "name");
    let address = t.opt_string(ctx, "address");
    let provenance = t.provenance(ctx);
    t.finish(ctx);
    Some(Representative {
        regime: regime?.value,
        designated: designated?,
        name: name.map(|t| t.value),
        address: address.map(|t| t.value),
        provenance,
    })
}

fn read_identity(ctx: &mut Ctx<'_>, mut t: Table<'_>) -> Option<IdentityPractice> {
    let demands_photo = t.bool(ctx, "demands_photo");
    let demands_id = t.bool(ctx, "demands_id");
    let summary = t.string(ctx, "summary");
    let provenance = t.provenance(ctx);
    t.finish(ctx);
    Some(IdentityPractice {
        demands_photo: demands_photo?,
        demands_id: demands_id?,
        summary: summary?.value,
        provenance,
    })
}

fn read_precedent(ctx: &mut Ctx<'_>, mut t: Table<'_>) -> Option<Precedent> {
    let regime = t.string(ctx, "regime");
    if let Some(regime) = &regime {
        ctx.refer(ReferenceKind::Regime, regime);
    }
    let authority = t.opt_string(ctx, "authority");
    if let Some(authority) = &authority {
        ctx.refer(ReferenceKind::Authority, authority);
    }
    let date = t
        .opt_string(ctx, "date")
        .and_then(|text| read_date(ctx, &text));
    let reference = t.string(ctx, "reference");
    let summary = t.string(ctx, "summary");
    let provenance = t.provenance(ctx);
    t.finish(ctx);
    Some(Precedent {
        regime: regime?.value,
        authority: authority.map(|t| t.value),
        date,
        reference: reference?.value,
        summary: summary?.value,
        provenance,
    })
}

fn read_date(ctx: &mut Ctx<'_>, text: &Text) -> Option<NaiveDate> {
    match NaiveDate::parse_from_str(&text.value, "%Y-%m-%d") {
        Ok(date) => Some(date),
        Err(error) => {
            ctx.error(
                text.span.clone(),
                format!("`{}` is not a date: {error}", text.value),
                Some(
                    "write dates as YYYY-MM-DD; leave `date` out when only the month is known"
                        .to_string(),
                ),
            );
            None
        }
    }
}
