//! Finding a country or a subdivision by what people call it: its ISO name, its code, and the
//! other names in `aliases.tsv` (USA, Holland, Deutschland, Suisse, Bavaria, Colombie-Britannique
//! …), whatever the case and the accents ("quebec" is Québec).
//!
//! Matches are ranked, so that a name given exactly always comes before a name that only contains
//! the letters typed in order: "Holland" is the Netherlands, never Heard Island and McDonald
//! Islands. The same ranking serves any list the wizard searches (see [`rank`]).

use std::sync::LazyLock;

use super::{Entry, countries, lookup, subdivisions};

/// The other names of places: (code, name), in file order.
static ALIASES: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    include_str!("aliases.tsv")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            line.split_once('\t')
                .expect("aliases.tsv has two columns: code, name")
        })
        .collect()
});

/// The other names of the place with this code (`NL`: Holland, Nederland, Pays-Bas …).
pub fn aliases(code: &str) -> impl Iterator<Item = &'static str> + '_ {
    ALIASES
        .iter()
        .filter(move |(c, _)| *c == code)
        .map(|(_, name)| *name)
}

/// Text as searched: lower case, without accents, every run of other characters than letters and
/// digits one space ("Baden-Württemberg" is "baden wurttemberg", "U.S.A." is "u s a").
pub fn fold(text: &str) -> String {
    let folded = crate::rules::fold(text);
    let mut out = String::with_capacity(folded.len());
    for word in folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// One text an entry of a list is found by, folded, with how much less it counts than the entry's
/// own names (a subdivision's name finds its country, but after a country of that name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    text: String,
    penalty: u32,
}

impl Name {
    /// One of the entry's own names.
    pub fn new(text: &str) -> Name {
        Name {
            text: fold(text),
            penalty: 0,
        }
    }

    /// The name of something within the entry (a Land of a country).
    pub fn within(text: &str) -> Name {
        Name {
            text: fold(text),
            penalty: 5,
        }
    }
}

/// Scores at or above this are real matches (the whole, the start, a word or a part of a name);
/// below it, only the letters typed appear in order ("hlnd" in "Holland").
pub const STRONG: u32 = 20;

/// How well the folded `query` matches the folded `term`, from 100 (the same) down to a few points
/// for its letters in order; `None` when it does not match at all.
pub fn score(query: &str, term: &str) -> Option<u32> {
    if query.is_empty() {
        return Some(0);
    }
    if term == query {
        return Some(100);
    }
    let joined = |text: &str| text.replace(' ', "");
    let (query_joined, term_joined) = (joined(query), joined(term));
    if query_joined == term_joined {
        return Some(99);
    }
    if term.starts_with(query) {
        return Some(80);
    }
    if term_joined.starts_with(&query_joined) {
        return Some(79);
    }
    if format!(" {term}").contains(&format!(" {query}")) {
        return Some(60);
    }
    let words: Vec<&str> = term.split(' ').collect();
    let query_words: Vec<&str> = query.split(' ').collect();
    if query_words.len() > 1
        && query_words
            .iter()
            .all(|q| words.iter().any(|w| w.starts_with(q)))
    {
        return Some(50);
    }
    if term.contains(query) || term_joined.contains(&query_joined) {
        return Some(40);
    }
    let mut letters = term_joined.chars();
    if query_joined.chars().all(|q| letters.any(|t| t == q)) {
        return Some(10);
    }
    None
}

/// The best score of `query` (folded) among `terms`.
pub fn best(query: &str, terms: &[Name]) -> Option<u32> {
    terms
        .iter()
        .filter_map(|term| score(query, &term.text).map(|s| s.saturating_sub(term.penalty)))
        .max()
}

/// The entries (by their terms) that match `query`, best first, ties in list order. When some
/// match for real, only those: the letters-in-order matches are for a query nothing else fits.
pub fn rank<'a>(query: &str, entries: impl IntoIterator<Item = &'a [Name]>) -> Vec<usize> {
    let query = fold(query);
    let mut scored: Vec<(usize, u32)> = entries
        .into_iter()
        .enumerate()
        .filter_map(|(i, terms)| best(&query, terms).map(|s| (i, s)))
        .collect();
    if scored.iter().any(|(_, s)| *s >= STRONG) {
        scored.retain(|(_, s)| *s >= STRONG);
    }
    // A stable sort: equal scores keep the list's order.
    scored.sort_by_key(|(_, s)| std::cmp::Reverse(*s));
    scored.into_iter().map(|(i, _)| i).collect()
}

/// What a place is found by: its name, its code and its other names.
pub fn own_terms(entry: Entry) -> Vec<Name> {
    let mut terms = vec![
        Name::new(entry.name),
        Name::new(entry.code),
        // As the wizard lists it: "Germany (DE)".
        Name::new(&format!("{} ({})", entry.name, entry.code)),
    ];
    terms.extend(aliases(entry.code).map(Name::new));
    terms
}

/// What a country is found by: its own terms, then those of its listed subdivisions (so that
/// "Bavaria" finds Germany and "Quebec" Canada, after any country of that name).
pub fn country_terms(country: Entry) -> Vec<Name> {
    let mut terms = own_terms(country);
    for sub in subdivisions(country.code) {
        terms.push(Name::within(sub.name));
        terms.push(Name::within(sub.code));
        terms.extend(aliases(sub.code).map(Name::within));
    }
    terms
}

/// Every country, by name, as the wizard lists them.
pub fn countries_by_name() -> Vec<Entry> {
    let mut all: Vec<Entry> = countries().collect();
    all.sort_by(|a, b| a.name.cmp(b.name));
    all
}

/// The countries that match `query`, best first.
pub fn find_countries(query: &str) -> Vec<Entry> {
    let all = countries_by_name();
    let terms: Vec<Vec<Name>> = all.iter().map(|c| country_terms(*c)).collect();
    rank(query, terms.iter().map(Vec::as_slice))
        .into_iter()
        .map(|i| all[i])
        .collect()
}

/// The listed subdivisions of `country` that match `query`, best first.
pub fn find_subdivisions(country: &str, query: &str) -> Vec<Entry> {
    let all: Vec<Entry> = subdivisions(country).collect();
    let terms: Vec<Vec<Name>> = all.iter().map(|s| own_terms(*s)).collect();
    rank(query, terms.iter().map(Vec::as_slice))
        .into_iter()
        .map(|i| all[i])
        .collect()
}

/// Whether `query` names a subdivision of `country` (well, not just by its letters in order) rather
/// than the country itself: "Bavaria" for `DE`, not "Germany".
pub fn names_a_subdivision(country: &str, query: &str) -> bool {
    let query = fold(query);
    let Some(entry) = lookup(country) else {
        return false;
    };
    let own = best(&query, &own_terms(entry)).unwrap_or(0);
    subdivisions(country)
        .filter_map(|sub| best(&query, &own_terms(sub)))
        .any(|s| s >= STRONG && s > own)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn country(query: &str) -> &'static str {
        find_countries(query).first().map_or("nothing", |e| e.code)
    }

    fn subdivision(country: &str, query: &str) -> &'static str {
        find_subdivisions(country, query)
            .first()
            .map_or("nothing", |e| e.code)
    }

    #[test]
    fn finds_countries_by_their_common_names_in_four_languages() {
        for (query, code) in [
            ("USA", "US"),
            ("United States", "US"),
            ("America", "US"),
            ("Estados Unidos", "US"),
            ("États-Unis", "US"),
            ("England", "GB"),
            ("Scotland", "GB"),
            ("Wales", "GB"),
            ("Great Britain", "GB"),
            ("UK", "GB"),
            ("Royaume-Uni", "GB"),
            ("Deutschland", "DE"),
            ("Allemagne", "DE"),
            ("Alemania", "DE"),
            ("Germany (DE)", "DE"),
            ("de", "DE"),
            ("Schweiz", "CH"),
            ("Suisse", "CH"),
            ("Suiza", "CH"),
            ("España", "ES"),
            ("espana", "ES"),
            ("Spanien", "ES"),
            ("Holland", "NL"),
            ("holland", "NL"),
            ("Nederland", "NL"),
            ("Pays-Bas", "NL"),
            ("Niederlande", "NL"),
            ("Österreich", "AT"),
            ("osterreich", "AT"),
            ("Côte d'Ivoire", "CI"),
            ("cote divoire", "CI"),
            ("Ivory Coast", "CI"),
            ("france", "FR"),
            ("Frankreich", "FR"),
        ] {
            assert_eq!(country(query), code, "{query}");
        }
    }

    #[test]
    fn holland_never_finds_heard_island() {
        let found: Vec<&str> = find_countries("Holland").iter().map(|e| e.code).collect();
        assert_eq!(found.first(), Some(&"NL"));
        assert!(!found.contains(&"HM"), "{found:?}");
        // Heard Island is still found by its own name.
        assert_eq!(country("Heard"), "HM");
    }

    #[test]
    fn a_region_finds_its_country() {
        for (query, code) in [
            ("Bavaria", "DE"),
            ("Bayern", "DE"),
            ("Hamburg", "DE"),
            ("quebec", "CA"),
            ("Colombie-Britannique", "CA"),
            ("California", "US"),
            ("Kalifornien", "US"),
            ("Ontario", "CA"),
        ] {
            assert_eq!(country(query), code, "{query}");
        }
        // A country of that name comes before a state of another.
        assert_eq!(country("Georgia"), "GE");
        let georgia: Vec<&str> = find_countries("Georgia").iter().map(|e| e.code).collect();
        assert!(georgia.contains(&"US"), "{georgia:?}");
    }

    #[test]
    fn finds_subdivisions_by_their_names_in_four_languages() {
        for (country, query, code) in [
            ("DE", "Bavaria", "DE-BY"),
            ("DE", "Bayern", "DE-BY"),
            ("DE", "Bavière", "DE-BY"),
            ("DE", "Nordrhein-Westfalen", "DE-NW"),
            ("DE", "North Rhine-Westphalia", "DE-NW"),
            ("DE", "nordrhein westfalen", "DE-NW"),
            ("DE", "NRW", "DE-NW"),
            ("DE", "Lower Saxony", "DE-NI"),
            ("DE", "Sachsen", "DE-SN"),
            ("DE", "Saxony-Anhalt", "DE-ST"),
            ("DE", "Thuringia", "DE-TH"),
            ("DE", "thuringen", "DE-TH"),
            ("DE", "Hamburg", "DE-HH"),
            ("DE", "Hambourg", "DE-HH"),
            ("DE", "HH", "DE-HH"),
            ("DE", "DE-HH", "DE-HH"),
            ("CA", "quebec", "CA-QC"),
            ("CA", "Québec", "CA-QC"),
            ("CA", "CA-QC", "CA-QC"),
            ("CA", "Colombie-Britannique", "CA-BC"),
            ("CA", "British Columbia", "CA-BC"),
            ("CA", "Terre-Neuve", "CA-NL"),
            ("CA", "Newfoundland", "CA-NL"),
            ("CA", "Nouvelle-Écosse", "CA-NS"),
            ("CA", "Île-du-Prince-Édouard", "CA-PE"),
            ("US", "Illinois", "US-IL"),
            ("US", "US-IL", "US-IL"),
            ("US", "Californie", "US-CA"),
            ("US", "Nueva York", "US-NY"),
            ("US", "Washington, D.C.", "US-DC"),
            ("US", "Washington", "US-WA"),
            ("GB", "Écosse", "GB-SCT"),
            ("GB", "Wales", "GB-WLS"),
            ("AU", "Nouvelle-Galles du Sud", "AU-NSW"),
        ] {
            assert_eq!(subdivision(country, query), code, "{query}");
        }
    }

    #[test]
    fn names_a_subdivision_only_when_a_subdivision_fits_better() {
        assert!(names_a_subdivision("DE", "Bavaria"));
        assert!(names_a_subdivision("CA", "quebec"));
        assert!(!names_a_subdivision("DE", "Germany"));
        assert!(!names_a_subdivision("DE", "Deutschland"));
        assert!(!names_a_subdivision("DE", "Germany (DE)"));
        assert!(!names_a_subdivision("DE", ""));
        assert!(!names_a_subdivision("CA", "Canada (CA)"));
    }

    #[test]
    fn scores_whole_names_over_parts_over_letters_in_order() {
        assert_eq!(score("holland", "holland"), Some(100));
        assert_eq!(score("neth", "netherlands"), Some(80));
        assert_eq!(score("york", "new york"), Some(60));
        assert_eq!(score("west rhine", "north rhine westphalia"), Some(50));
        assert_eq!(score("ederlan", "nederland"), Some(40));
        assert_eq!(score("hlnd", "holland"), Some(10));
        assert_eq!(score("xyz", "holland"), None);
    }

    #[test]
    fn every_alias_is_of_a_listed_place_and_adds_a_name() {
        for (code, name) in ALIASES.iter() {
            let entry = lookup(code).unwrap_or_else(|| panic!("aliases.tsv: unknown code {code}"));
            assert_ne!(
                fold(name),
                fold(entry.name),
                "{code}\t{name} repeats its name"
            );
            assert!(!fold(name).is_empty(), "{code}\t{name}");
        }
    }
}
