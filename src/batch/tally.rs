//! The warnings of a run's letters, each with how many letters it concerns. The letters of one
//! frame (residence, company, kind, language) share one list of warnings, so lists are counted
//! as they come, by which list they are, and their warnings added up by text only at the end.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// How many lists are counted apart before they are added up (keeping memory flat when a run
/// meets many companies).
const LISTS: usize = 4096;

#[derive(Default)]
pub struct Tally {
    lists: HashMap<List, u64, foldhash::fast::RandomState>,
    texts: BTreeMap<String, u64>,
}

impl Tally {
    /// Counts a letter's warnings.
    pub fn add(&mut self, warnings: &Arc<[String]>) {
        if warnings.is_empty() {
            return;
        }
        if let Some(count) = self.lists.get_mut(&List(Arc::clone(warnings))) {
            *count += 1;
            return;
        }
        if self.lists.len() >= LISTS {
            self.add_up();
        }
        self.lists.insert(List(Arc::clone(warnings)), 1);
    }

    /// Each warning with how many letters it concerns.
    pub fn into_counts(mut self) -> BTreeMap<String, u64> {
        self.add_up();
        self.texts
    }

    fn add_up(&mut self) {
        for (List(warnings), count) in self.lists.drain() {
            for warning in warnings.iter() {
                *self.texts.entry(warning.clone()).or_default() += count;
            }
        }
    }
}

/// A list of warnings, told apart by where it is (the same list is shared, not copied).
struct List(Arc<[String]>);

impl PartialEq for List {
    fn eq(&self, other: &List) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for List {}

impl Hash for List {
    fn hash<H: Hasher>(&self, state: &mut H) {
        std::ptr::hash(Arc::as_ptr(&self.0).cast::<String>(), state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_and_equal_lists_add_up_by_text() {
        let shared: Arc<[String]> = vec!["a".to_string(), "b".to_string()].into();
        let copy: Arc<[String]> = vec!["b".to_string()].into();
        let mut tally = Tally::default();
        for _ in 0..3 {
            tally.add(&shared);
        }
        tally.add(&copy);
        tally.add(&Arc::from(Vec::new()));
        let counts = tally.into_counts();
        assert_eq!(
            counts.into_iter().collect::<Vec<_>>(),
            [("a".to_string(), 3), ("b".to_string(), 4)]
        );
    }

    #[test]
    fn many_lists_are_added_up_as_they_come() {
        let mut tally = Tally::default();
        for _ in 0..LISTS * 2 + 1 {
            let list: Arc<[String]> = vec!["same".to_string()].into();
            tally.add(&list);
        }
        assert!(tally.lists.len() <= LISTS);
        assert_eq!(tally.into_counts()["same"], (LISTS * 2 + 1) as u64);
    }
}
