//! Checks of single values shared by the regimes, the authorities and the controllers: ids,
//! web and e-mail addresses, language and residence codes.

use super::reader::{Ctx, Text};
use super::source_file::Location;
use crate::residence;

/// A residence code as written in a rules file.
#[derive(Debug, Clone)]
pub struct Code {
    pub code: String,
    pub location: Location,
}

/// The residence codes of a list that are known ISO 3166 codes; the others are reported.
pub(crate) fn residence_codes(ctx: &mut Ctx<'_>, texts: Vec<Text>) -> Vec<Code> {
    let mut codes = Vec::with_capacity(texts.len());
    for text in texts {
        if check_residence_code(ctx, &text) {
            codes.push(Code {
                location: ctx.location(text.span.clone()),
                code: text.value,
            });
        }
    }
    codes
}

/// Checks that a residence code in a rules file is one of the ISO 3166 codes `forget` knows.
fn check_residence_code(ctx: &mut Ctx<'_>, code: &Text) -> bool {
    if residence::lookup(&code.value).is_some() {
        return true;
    }
    let country = residence::country_of(&code.value);
    let suggestions = residence::Residence::parse(&code.value)
        .err()
        .map(|error| error.suggestions)
        .unwrap_or_default();
    let help = match suggestions.first() {
        Some(close) => format!("did you mean `{}` ({})?", close.code, close.name),
        None if code.value.contains('-') && !residence::lists_subdivisions(country) => format!(
            "forget lists no subdivisions of `{country}`; cover the whole country with `{country}`"
        ),
        None => "use an ISO 3166-1 alpha-2 code (`FR`) or an ISO 3166-2 code (`DE-HH`)".to_string(),
    };
    ctx.error(
        code.span.clone(),
        format!("unknown residence code `{}`", code.value),
        Some(help),
    );
    false
}

/// Checks a URL field is an absolute web address.
pub(crate) fn url(ctx: &mut Ctx<'_>, url: &Text) {
    let ok = (url.value.starts_with("https://") || url.value.starts_with("http://"))
        && !url.value.contains(char::is_whitespace);
    if !ok {
        ctx.error(
            url.span.clone(),
            format!("`{}` is not a web address", url.value),
            Some("write an absolute URL starting with https://".to_string()),
        );
    }
}

/// Ids are short, lowercase and hyphenated, so that they can be typed and used in file names.
pub(crate) fn id(ctx: &mut Ctx<'_>, id: &str, span: std::ops::Range<usize>) {
    let ok = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-');
    if !ok {
        ctx.error(
            span,
            format!("`{id}` is not a valid id"),
            Some("use lowercase letters, digits and hyphens, e.g. `oipc-bc`".to_string()),
        );
    }
}

pub(crate) fn email(ctx: &mut Ctx<'_>, email: &Text) {
    let value = &email.value;
    let ok = value
        .split_once('@')
        .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'))
        && !value.contains(char::is_whitespace);
    if !ok {
        ctx.error(
            email.span.clone(),
            format!("`{value}` is not an e-mail address"),
            None,
        );
    }
}

pub(crate) fn languages(ctx: &mut Ctx<'_>, languages: &[Text]) {
    for language in languages {
        let ok =
            language.value.len() == 2 && language.value.chars().all(|c| c.is_ascii_lowercase());
        if !ok {
            ctx.error(
                language.span.clone(),
                format!("`{}` is not an ISO 639-1 language code", language.value),
                Some("use two lowercase letters, such as `de`, `fr` or `en`".to_string()),
            );
        }
    }
}

/// Checks a country of establishment is an ISO 3166-1 alpha-2 code.
pub(crate) fn country(ctx: &mut Ctx<'_>, country: &Text) {
    let known = residence::lookup(&country.value).is_some_and(|e| e.is_country());
    if !known {
        ctx.error(
            country.span.clone(),
            format!("unknown country `{}`", country.value),
            Some("use an ISO 3166-1 alpha-2 code such as `US` or `DE`".to_string()),
        );
    }
}
