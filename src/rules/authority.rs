use super::checks;
use super::provenance::Provenance;
use super::reader::{Ctx, ReferenceKind, Table};
use super::regime::Code;
use super::source_file::Location;

/// A supervisory authority or other body a person can complain to.
#[derive(Debug, Clone)]
pub struct Authority {
    pub id: String,
    pub name: String,
    pub short_name: Option<String>,
    /// Postal address, one line per line, country last; `None` where no address is confirmed
    /// enough to print.
    pub address: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: String,
    pub complaint_url: Option<String>,
    /// Languages complaints are accepted in (ISO 639-1).
    pub languages: Vec<String>,
    /// Regimes under which it is competent.
    pub regimes: Vec<String>,
    /// Residences it is competent for under those regimes.
    pub residences: Vec<Code>,
    pub datenanfragen: Option<String>,
    pub notes: Vec<String>,
    /// Its name (and address, website, form) as it writes them in another of its languages.
    pub translations: Vec<Translation>,
    pub provenance: Provenance,
    /// Where the authority is defined, for messages about it.
    pub location: Location,
}

/// How an authority with several languages writes itself in one of them (`[[authority.in]]`).
#[derive(Debug, Clone)]
pub struct Translation {
    /// ISO 639-1.
    pub lang: String,
    pub name: String,
    pub address: Option<String>,
    pub website: Option<String>,
    pub complaint_url: Option<String>,
    pub provenance: Provenance,
}

const TRANSLATION_FIELDS: &[&str] = &[
    "lang",
    "name",
    "address",
    "website",
    "complaint_url",
    "sources",
    "unconfirmed",
];

pub(crate) const AUTHORITY_FIELDS: &[&str] = &[
    "id",
    "name",
    "short_name",
    "address",
    "email",
    "phone",
    "website",
    "complaint_url",
    "languages",
    "regimes",
    "residences",
    "datenanfragen",
    "notes",
    "in",
    "sources",
    "unconfirmed",
];

impl Authority {
    /// Its own wording in `lang`, where the rules give one.
    pub fn translation(&self, lang: &str) -> Option<&Translation> {
        self.translations.iter().find(|t| t.lang == lang)
    }

    /// Its name and postal address as it writes them in `lang` (its own wording where the rules
    /// give one, else the main one).
    pub fn name_and_address_in(&self, lang: &str) -> (&str, Option<&str>) {
        let own = self.translation(lang);
        (
            own.map_or(self.name.as_str(), |t| t.name.as_str()),
            own.and_then(|t| t.address.as_deref())
                .or(self.address.as_deref()),
        )
    }

    /// "Der Hamburgische Beauftragte … (HmbBfDI)".
    pub fn display_name(&self) -> String {
        match &self.short_name {
            Some(short) if !self.name.contains(short.as_str()) => {
                format!("{} ({short})", self.name)
            }
            _ => self.name.clone(),
        }
    }

    /// The name to use in short prose: the abbreviation where there is one.
    pub fn short(&self) -> &str {
        self.short_name.as_deref().unwrap_or(&self.name)
    }

    /// The warnings to show where this authority is the one for `residence`. A mark on
    /// `residences` concerns the codes after the first (an extension of its usual competence),
    /// so it shows only for those.
    pub fn warnings(&self, residence: &str) -> Vec<String> {
        let primary = self.residences.first().is_some_and(|code| {
            code.code == residence || residence.starts_with(&format!("{}-", code.code))
        });
        let used: Vec<&str> = AUTHORITY_FIELDS
            .iter()
            .copied()
            .filter(|field| !(primary && *field == "residences"))
            .collect();
        let mut warnings = self.provenance.warnings(self.short(), Some(&used));
        for translation in &self.translations {
            warnings.extend(
                translation
                    .provenance
                    .warnings(&format!("{} ({})", self.short(), translation.lang), None),
            );
        }
        warnings
    }

    pub(crate) fn read(ctx: &mut Ctx<'_>, mut t: Table<'_>) -> Option<Authority> {
        let id = t.string(ctx, "id");
        if let Some(id) = &id {
            checks::id(ctx, &id.value, id.span.clone());
        }
        let name = t.string(ctx, "name");
        let short_name = t.opt_string(ctx, "short_name");
        let address = t.opt_string(ctx, "address");
        let email = t.opt_string(ctx, "email");
        if let Some(email) = &email {
            checks::email(ctx, email);
        }
        let phone = t.opt_string(ctx, "phone");
        let website = t.string(ctx, "website");
        let complaint_url = t.opt_string(ctx, "complaint_url");
        for url in website.iter().chain(complaint_url.iter()) {
            checks::url(ctx, url);
        }
        let languages = t.string_list(ctx, "languages");
        checks::languages(ctx, &languages);
        let regimes = t.string_list(ctx, "regimes");
        for regime in &regimes {
            ctx.refer(ReferenceKind::Regime, regime);
        }
        let residences = t.string_list(ctx, "residences");
        let residences = checks::residence_codes(ctx, residences);
        let datenanfragen = t.opt_string(ctx, "datenanfragen");
        let notes = t.string_list(ctx, "notes");
        let translations = t
            .tables(ctx, "in", TRANSLATION_FIELDS)
            .into_iter()
            .filter_map(|mut table| {
                let lang = table.string(ctx, "lang");
                if let Some(lang) = &lang {
                    checks::languages(ctx, std::slice::from_ref(lang));
                }
                let name = table.string(ctx, "name");
                let address = table.opt_string(ctx, "address");
                let website = table.opt_string(ctx, "website");
                let complaint_url = table.opt_string(ctx, "complaint_url");
                for url in website.iter().chain(complaint_url.iter()) {
                    checks::url(ctx, url);
                }
                let provenance = table.provenance(ctx);
                table.finish(ctx);
                Some(Translation {
                    lang: lang?.value,
                    name: name?.value,
                    address: address.map(|a| a.value.trim().to_string()),
                    website: website.map(|t| t.value),
                    complaint_url: complaint_url.map(|t| t.value),
                    provenance,
                })
            })
            .collect();
        let provenance = t.provenance(ctx);
        let location = ctx.location(t.span());
        t.finish(ctx);
        Some(Authority {
            id: id?.value,
            name: name?.value,
            short_name: short_name.map(|t| t.value),
            address: address.map(|a| a.value.trim().to_string()),
            email: email.map(|t| t.value),
            phone: phone.map(|t| t.value),
            website: website?.value,
            complaint_url: complaint_url.map(|t| t.value),
            languages: languages.into_iter().map(|t| t.value).collect(),
            regimes: regimes.into_iter().map(|t| t.value).collect(),
            residences,
            datenanfragen: datenanfragen.map(|t| t.value),
            notes: notes.into_iter().map(|t| t.value).collect(),
            translations,
            provenance,
            location,
        })
    }
}
