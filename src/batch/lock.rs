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

/// Holds the output folder for this run: a second `forget batch` on the same folder stops.
pub fn lock(dir: &Path) -> Result<File> {
    let path = dir.join(".forget-batch.lock");
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
