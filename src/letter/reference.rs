use chrono::NaiveDate;
use sha2::{Digest, Sha256};

/// Crockford's base 32: no I, L, O or U, so a reference read aloud or retyped survives.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A short reference for a request, like `FGT-7KQ3-M2XD`, derived from what identifies it: the
/// same person, living in the same place, writing to the same company for the same thing on the
/// same day gets the same reference, so re-running a command does not make a second request; a
/// request from another residence (another law) is another request, with its own reference.
pub fn reference(
    controller: &str,
    kind: &str,
    email: &str,
    residence: &str,
    date: NaiveDate,
) -> String {
    let mut hasher = Sha256::new();
    for part in [
        controller,
        kind,
        &email.to_lowercase(),
        &residence.to_uppercase(),
        &date.to_string(),
    ] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    let digest = hasher.finalize();
    let mut bits: u64 = 0;
    for byte in &digest[..8] {
        bits = (bits << 8) | u64::from(*byte);
    }
    let chars: String = (0..8)
        .map(|i| ALPHABET[((bits >> (i * 5)) & 31) as usize] as char)
        .collect();
    format!("FGT-{}-{}", &chars[..4], &chars[4..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_stable_and_well_formed() {
        let date = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        let a = reference("clearview-ai", "erasure", "Jane@Example.org", "DE-HH", date);
        let b = reference("clearview-ai", "erasure", "jane@example.org", "de-hh", date);
        assert_eq!(a, b);
        let code = a.strip_prefix("FGT-").expect("the FGT- prefix");
        let (first, second) = code.split_once('-').expect("two groups");
        assert!(first.len() == 4 && second.len() == 4, "{a}");
        assert!(
            first
                .bytes()
                .chain(second.bytes())
                .all(|b| ALPHABET.contains(&b)),
            "{a}"
        );
        assert_ne!(
            a,
            reference("clearview-ai", "access", "jane@example.org", "DE-HH", date)
        );
        // The same person asking under another residence's law: another request.
        assert_ne!(
            a,
            reference("clearview-ai", "erasure", "jane@example.org", "GB", date)
        );
    }
}
