//! Which requests the case log may have: by reference, and by company, kind and e-mail. Most
//! rows of a batch are new people with new references, and asking the log about each costs a
//! read of a page somewhere in it; this filter answers "no" for them without one.
//!
//! It is filled with every case in the log when the run starts and with each row's request as
//! the row is settled. Another forget writing to the log meanwhile could add a request it does
//! not know of: when the log says so ([`CaseLog::data_version`]), the filter is no longer
//! trusted and every lookup goes to the log, as it would without it.

use anyhow::Result;

use super::bloom::Bloom;
use super::seen::reference_key;
use crate::cases::CaseLog;

pub struct Known {
    filter: Bloom,
    /// The log's data version when the filter was filled.
    version: i64,
    trusted: bool,
}

/// Two mebibytes: about one false "maybe" in 50 at two million keys (a log of a million cases).
const SIZE: u32 = 24;

impl Known {
    /// Every request in `log`.
    pub fn load(log: &CaseLog) -> Result<Known> {
        // Taken first: a write from elsewhere during the scan changes it.
        let version = log.data_version()?;
        let mut filter = Bloom::new(SIZE);
        log.each_key(|reference, controller, kind, email| {
            filter.add(&reference_key(reference));
            filter.add(&person_key(controller, kind, email));
        })?;
        Ok(Known {
            filter,
            version,
            trusted: true,
        })
    }

    /// Whether the log may have a request with `reference`.
    pub fn may_have_reference(&self, reference: &str) -> bool {
        !self.trusted || self.filter.may_hold(&reference_key(reference))
    }

    /// Whether the log may have a request of `email` to `controller` for `kind`.
    pub fn may_have_person(&self, controller: &str, kind: &str, email: &str) -> bool {
        !self.trusted || self.filter.may_hold(&person_key(controller, kind, email))
    }

    /// A request this run records (or may record).
    pub fn add(&mut self, reference: &str, controller: &str, kind: &str, email: &str) {
        self.filter.add(&reference_key(reference));
        self.filter.add(&person_key(controller, kind, email));
    }

    /// Stops trusting the filter once another forget has written to the log. Call it after
    /// each new snapshot of the log is taken: what the snapshot shows was written before.
    pub fn check(&mut self, log: &CaseLog) -> Result<()> {
        if self.trusted && log.data_version()? != self.version {
            self.trusted = false;
        }
        Ok(())
    }
}

/// The log finds a person's request by e-mail with SQLite's `NOCASE`, which folds ASCII letters
/// only: so does the key.
fn person_key(controller: &str, kind: &str, email: &str) -> String {
    format!("p\0{controller}\0{kind}\0{}", email.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::CaseLog;

    #[test]
    fn a_request_recorded_by_another_forget_stops_the_filter_being_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = CaseLog::open(dir.path()).unwrap();
        let mut known = Known::load(&log).unwrap();
        assert!(!known.may_have_reference("FGT-AAAA-BBBB"));
        assert!(!known.may_have_person("clearview-ai", "access", "Ann@example.org"));
        known.add("FGT-AAAA-BBBB", "clearview-ai", "access", "Ann@Example.org");
        assert!(known.may_have_reference("FGT-AAAA-BBBB"));
        assert!(known.may_have_person("clearview-ai", "access", "ann@EXAMPLE.org"));
        // Its own writes leave it trusted.
        log.write(|conn| Ok(conn.execute_batch("CREATE TABLE mine (x)")?))
            .unwrap();
        log.checkpoint().unwrap();
        known.check(&log).unwrap();
        assert!(!known.may_have_reference("FGT-CCCC-DDDD"));
        // Another's do not.
        let mut other = CaseLog::open(dir.path()).unwrap();
        other
            .write(|conn| Ok(conn.execute_batch("CREATE TABLE theirs (x)")?))
            .unwrap();
        known.check(&log).unwrap();
        assert!(known.may_have_reference("FGT-CCCC-DDDD"));
        assert!(known.may_have_person("clearview-ai", "erasure", "bob@example.org"));
    }
}
