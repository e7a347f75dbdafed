//! A Bloom filter: a set of keys in a fixed number of bits, which says "no" only of keys never
//! added and "maybe" of the rest. A batch asks it before a lookup on disk, which most rows (new
//! people, new references) would make in vain.

use std::hash::BuildHasher as _;

pub struct Bloom {
    bits: Vec<u64>,
    mask: u64,
}

/// Bits set per key.
const PROBES: u64 = 5;

impl Bloom {
    /// An empty filter of 2^`size` bits (2^23 bits is one mebibyte).
    pub fn new(size: u32) -> Bloom {
        Bloom {
            bits: vec![0; 1 << (size - 6)],
            mask: (1u64 << size) - 1,
        }
    }

    /// The bits of `key`, from two hashes (Kirsch and Mitzenmacher).
    fn probes(&self, key: &str) -> impl Iterator<Item = usize> + use<> {
        let first = foldhash::fast::FixedState::with_seed(0x5eed).hash_one(key);
        let second = foldhash::fast::FixedState::with_seed(0xf0f0).hash_one(key) | 1;
        let mask = self.mask;
        (0..PROBES).map(move |i| (first.wrapping_add(i.wrapping_mul(second)) & mask) as usize)
    }

    pub fn add(&mut self, key: &str) {
        for bit in self.probes(key) {
            self.bits[bit >> 6] |= 1 << (bit & 63);
        }
    }

    /// Whether `key` may have been added: `false` is certain.
    pub fn may_hold(&self, key: &str) -> bool {
        self.probes(key)
            .all(|bit| self.bits[bit >> 6] & (1 << (bit & 63)) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_never_forgets_a_key_and_rarely_imagines_one() {
        let mut filter = Bloom::new(23);
        let keys: Vec<String> = (0..200_000)
            .map(|i| format!("p\0c\0person{i}@example.org\0"))
            .collect();
        for key in &keys {
            filter.add(key);
        }
        assert!(keys.iter().all(|key| filter.may_hold(key)));
        let imagined = (0..100_000)
            .filter(|i| filter.may_hold(&format!("r\0REF-{i}")))
            .count();
        assert!(imagined < 200, "{imagined} of 100000");
    }
}
