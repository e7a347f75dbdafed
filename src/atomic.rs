//! Writing files so that a crash never leaves half a file behind.

use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

use anyhow::{Context as _, Result};

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so the file
/// is either the old one or the whole new one. A new file is readable by its owner only (0600 on
/// Unix); an existing file keeps its permissions.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut file = tempfile::Builder::new()
        .prefix(".forget-")
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in `{}`", dir.display()))?;
    // tempfile creates the file with mode 0600.
    #[cfg(unix)]
    if let Ok(metadata) = std::fs::metadata(path) {
        file.as_file().set_permissions(metadata.permissions())?;
    }
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path)
        .with_context(|| format!("cannot replace `{}`", path.display()))?;
    Ok(())
}

/// Writes a new file readable by its owner only (0600) through a temporary name beside it and a
/// rename, so it is never seen half written, but without syncing it to disk: for the thousands
/// of letters of a batch, which the next run writes again from the case log if a power cut lost
/// one. Only one writer may use a folder at a time (the temporary name is fixed).
pub fn write_unsynced(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.partial"));
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(true)
            .write(true)
            .mode(0o600)
            .open(&temp)?;
        file.write_all(bytes)?;
        std::fs::rename(&temp, path)
    };
    write().with_context(|| format!("cannot write `{}`", path.display()))
}

/// Creates `dir` and its missing parents, the folder itself private to its owner (0700 whatever
/// the umask). An existing folder is left as it is.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_new_file_is_private_and_an_old_one_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("letter.txt");
        write(&new, b"one").unwrap();
        assert_eq!(std::fs::read(&new).unwrap(), b"one");
        let mode = std::fs::metadata(&new).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        std::fs::set_permissions(&new, std::fs::Permissions::from_mode(0o644)).unwrap();
        write(&new, b"two").unwrap();
        assert_eq!(std::fs::read(&new).unwrap(), b"two");
        let mode = std::fs::metadata(&new).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o644);
    }
}
