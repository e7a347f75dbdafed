//! File names for a batch's letters, derived from each letter's reference and never from a path
//! in the input: only ASCII letters, digits, `-` and `_`; a reference that needed changing gets a
//! short hash of itself, so two references never share a file. The hash is of the reference
//! as given and never changes: a run resumed in the same folder finds the files it wrote.
//! A plain reference can still be the very name a changed one gets (`a_1-773232ab` is that of
//! `a/1`): the batch refuses the changed one when the plain one came first, in the run or in the
//! case log (see `Batch::file_taken`).

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
    if safe == reference {
        return safe;
    }
    let hash = &sha256_hex(reference.as_bytes())[..8];
    if safe.is_empty() {
        format!("letter-{hash}")
    } else {
        format!("{safe}-{hash}")
    }
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
        assert_eq!(stem("a_1"), "a_1", "a plain reference keeps its name");
        assert_eq!(file_name("a/1", Format::Text), "a_1-773232ab.txt");
    }
}
