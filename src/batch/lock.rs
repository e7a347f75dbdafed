//! The output folder of a run: created if need be, and held by one `forget batch` at a time.

use std::fs::{File, OpenOptions};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use anyhow::{Context as _, Result, bail};

/// Creates the output folder (0700) if need be.
pub fn prepare_dir(dir: &Path) -> Result<()> {
    if dir.exists() && !dir.is_dir() {
        bail!(
            "`{}` is not a folder: give `--out` a folder for the letters",
            dir.display()
        );
    }
    crate::atomic::private_dir(dir)
        .with_context(|| format!("cannot create the folder `{}`", dir.display()))
}

/// The lock's file name in the folder.
const LOCK: &str = ".forget-batch.lock";

/// Removes what a run killed before its end left in the folder it held: the scratch file of who
/// was seen (e-mail addresses), the manifest and rejects not yet in place (names, addresses),
/// letters half written. Called with the folder locked, so no other run is using them.
pub fn clean_scratch(dir: &Path) -> Result<usize> {
    let mut removed = 0;
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot read `{}`", dir.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let scratch = name != LOCK
            && (name.starts_with(".forget-")
                || name.starts_with(".manifest.csv.")
                || name.starts_with(".rejects.csv.")
                || (name.starts_with('.') && name.ends_with(".partial")));
        // Only plain files: never what a link points to.
        if scratch && entry.file_type().is_ok_and(|t| t.is_file()) {
            std::fs::remove_file(entry.path()).with_context(|| {
                format!(
                    "cannot remove `{}`, left by a run that was stopped",
                    entry.path().display()
                )
            })?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Holds the output folder for this run: a second `forget batch` on the same folder stops.
pub fn lock(dir: &Path) -> Result<File> {
    let path = dir.join(LOCK);
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true).mode(0o600);
    // A symbolic link planted in the folder must not make forget create or lock a file
    // elsewhere.
    #[cfg(target_os = "linux")]
    options.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    let file = options.open(&path).with_context(|| {
        format!(
            "cannot create `{}` (if it is a symbolic link, remove it: the lock is never \
                 followed elsewhere)",
            path.display()
        )
    })?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => bail!(
            "another `forget batch` is working in `{}`: wait for it to finish (or stop it), then \
             run this again",
            dir.display()
        ),
        Err(std::fs::TryLockError::Error(error)) => {
            Err(error).with_context(|| format!("cannot lock `{}`", path.display()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scratch_files_left_by_a_killed_run_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let keep = [
            "FGT-1234-5678.txt",
            "manifest.csv",
            "rejects.csv",
            "batch.toml",
            LOCK,
        ];
        let scratch = [
            ".forget-seen-a1B2c3",
            ".manifest.csv.x7Y8z9",
            ".rejects.csv.Q1w2E3",
            ".forget-Zz9Yy8",
            ".FGT-1234-5678.pdf.partial",
        ];
        for name in keep.iter().chain(&scratch) {
            std::fs::write(dir.path().join(name), "jane@example.org").unwrap();
        }
        assert_eq!(clean_scratch(dir.path()).unwrap(), scratch.len());
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        let mut expected: Vec<String> = keep.iter().map(|s| s.to_string()).collect();
        expected.sort();
        assert_eq!(left, expected);
    }
}
