//! "Did you mean …?" for names a person or a rules file got slightly wrong.

/// The candidate closest to `input`, if it is close enough to be a plausible typo.
pub(crate) fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let input = input.to_lowercase();
    candidates
        .into_iter()
        .filter_map(|candidate| {
            let lower = candidate.to_lowercase();
            let distance = strsim::damerau_levenshtein(&input, &lower);
            let similar = strsim::jaro_winkler(&input, &lower);
            let close = distance <= (lower.chars().count() / 3).max(1) || similar >= 0.9;
            close.then_some((distance, candidate))
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// "unknown kind `x`: did you mean `y`?", else the list of names expected.
pub(crate) fn unknown(what: &str, text: &str, names: &[&str]) -> String {
    match did_you_mean(text, names.iter().copied()) {
        Some(close) => format!("unknown {what} `{text}`: did you mean `{close}`?"),
        None => format!("unknown {what} `{text}`: expected {}", one_of(names)),
    }
}

/// Formats a list of names as "`a`, `b` or `c`".
pub(crate) fn one_of<S: AsRef<str>>(names: &[S]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{}`", n.as_ref())).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_typo() {
        assert_eq!(
            did_you_mean("lenght", ["length", "unit", "sources"]),
            Some("length")
        );
        assert_eq!(did_you_mean("mounths", ["days", "months"]), Some("months"));
        assert_eq!(
            did_you_mean("clearveiw-ai", ["clearview-ai", "pimeyes"]),
            Some("clearview-ai")
        );
    }

    #[test]
    fn stays_quiet_when_nothing_is_close() {
        assert_eq!(did_you_mean("weeks", ["days", "months"]), None);
        assert_eq!(did_you_mean("zzz", ["gdpr", "ccpa"]), None);
    }

    #[test]
    fn lists_names() {
        assert_eq!(one_of(&["days", "months"]), "`days` or `months`");
        assert_eq!(one_of(&["a", "b", "c"]), "`a`, `b` or `c`");
    }
}
