//! File names for a batch's letters, derived from each letter's reference and never from a path
//! in the input: only ASCII letters, digits, `-` and `_`. A reference is its own file name only
//! when it is plain: capitals, digits, `-` and `_` (so that two references never differ only in
//! case, which some file systems ignore), and not ending like a changed one. Every other
//! reference gets a short hash of itself, so two references never share a file, and a plain one
//! can never be the very name a changed one gets. The hash is of the reference as given and
//! never changes: a run resumed in the same folder finds the files it wrote.

use crate::letter::{Format, sha256_hex};

/// The longest stem kept from a reference.
const MAX_STEM: usize = 64;

/// The file name stem for `reference`: `FGT-7KQ3-M2XD` stays as it is; `../x/y` becomes
/// `x_y-3f1c2a9b`.
pub fn stem(reference: &str) -> String {
    let mapped: String = reference
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut safe = mapped.trim_matches(|c| c == '_' || c == '-').to_string();
    safe.truncate(MAX_STEM);
    if safe == reference && is_plain(reference) {
        return safe;
    }
    let hash = &sha256_hex(reference.as_bytes())[..8];
    if safe.is_empty() {
        format!("letter-{hash}")
    } else {
        format!("{safe}-{hash}")
    }
}

/// Whether a safe reference may be its own file name: no small letters (`ref-1` and `REF-1`
/// would be one file where case is ignored), and no ending like a hash's (`-773232ab`, which a
/// changed reference gets).
fn is_plain(reference: &str) -> bool {
    let hash_like = reference.len() > 9
        && reference.as_bytes()[reference.len() - 9] == b'-'
        && reference[reference.len() - 8..]
            .bytes()
            .all(|b| b.is_ascii_hexdigit());
    !hash_like && !reference.bytes().any(|b| b.is_ascii_lowercase())
}

/// The file name of the letter `reference` in `format`.
pub fn file_name(reference: &str, format: Format) -> String {
    format!("{}.{}", stem(reference), format.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_become_safe_distinct_names() {
        assert_eq!(stem("FGT-7KQ3-M2XD"), "FGT-7KQ3-M2XD");
        assert_eq!(stem("NGO_2026_0001"), "NGO_2026_0001");
        let up = stem("../../etc/passwd");
        assert!(up.starts_with("etc_passwd-"), "{up}");
        assert_ne!(stem("a/b"), stem("a_b"));
        assert_ne!(stem("a/b"), stem("a:b"));
        assert!(stem("/").starts_with("letter-"));
        assert!(stem("-rf").starts_with("rf-"));
        let long = stem(&"x".repeat(300));
        assert!(long.len() <= MAX_STEM + 9, "{long}");
        for name in [up, stem("Ünïcode ref"), stem(".hidden")] {
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
                "{name}"
            );
            assert!(!name.starts_with(['.', '-']), "{name}");
        }
        assert_eq!(file_name("FGT-7KQ3-M2XD", Format::Pdf), "FGT-7KQ3-M2XD.pdf");
    }

    #[test]
    fn references_that_sanitise_alike_keep_distinct_stable_names() {
        // The first 8 hex digits of the SHA-256 of each reference: pinned, since a resumed run
        // must find the files an earlier one wrote.
        assert_eq!(stem("a/1"), "a_1-773232ab");
        assert_eq!(stem("a:1"), "a_1-2b2c40a6");
        assert_eq!(stem("A_1"), "A_1", "a plain reference keeps its name");
        // Small letters, or an ending like a hash's: changed too, so that no plain name is ever
        // another's changed one, also where case is ignored.
        assert_eq!(stem("a_1"), "a_1-1426674c");
        assert_ne!(stem("a_1-773232ab"), "a_1-773232ab");
        assert_ne!(stem("A_1-773232AB"), "A_1-773232AB");
        assert_eq!(stem("FGT-7KQ3-M2XD"), "FGT-7KQ3-M2XD");
        assert_eq!(file_name("a/1", Format::Text), "a_1-773232ab.txt");
    }
}
