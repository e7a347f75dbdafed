//! The folder a batch writes its letters into: opened once, and each letter written whole before
//! it gets its name, so that no one ever sees half a letter.
//!
//! On Linux a letter is written to a file without a name (`O_TMPFILE`) that is then linked under
//! its name: one change to the folder per letter instead of a temporary name created and then
//! renamed. This is most of what a batch of text letters costs the kernel. Where the folder's
//! file system cannot do that, or the link is not allowed, each letter goes through a temporary
//! name and a rename instead, as it does on other systems.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

/// A folder of letters, open for writing.
pub struct OutFolder {
    path: PathBuf,
    #[cfg(target_os = "linux")]
    unnamed: linux::Unnamed,
}

impl OutFolder {
    /// Opens the folder at `path`, which exists.
    pub fn open(path: &Path) -> Result<OutFolder> {
        Ok(OutFolder {
            path: path.to_path_buf(),
            #[cfg(target_os = "linux")]
            unnamed: linux::Unnamed::open(path)
                .with_context(|| format!("cannot open the folder `{}`", path.display()))?,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes the file `name` in this folder, readable by its owner only (0600), or replaces it;
    /// it is never seen half written. It is not synced to disk: a letter a power cut lost is
    /// written again by the next run, from the case log. Only one batch may write to a folder
    /// at a time (the batch's lock sees to it).
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<()> {
        #[cfg(target_os = "linux")]
        if self
            .unnamed
            .write(name, bytes)
            .with_context(|| format!("cannot write `{}`", self.path.join(name).display()))?
        {
            return Ok(());
        }
        crate::atomic::write_unsynced(&self.path.join(name), bytes)
    }
}

#[cfg(target_os = "linux")]
mod linux {
    use std::fs::File;
    use std::io::{self, Write as _};
    use std::os::fd::{AsFd, AsRawFd, OwnedFd};
    use std::path::Path;
    use std::sync::atomic::{AtomicU8, Ordering};

    use rustix::fs::{AtFlags, CWD, Mode, OFlags};
    use rustix::io::Errno;

    /// How an unnamed file gets its name in this folder, once a first file has told.
    const UNTRIED: u8 = 0;
    /// By its descriptor (`AT_EMPTY_PATH`): allowed by Linux 6.10 and later for a file one opened
    /// oneself, and before that to those with `CAP_DAC_READ_SEARCH`.
    const EMPTY_PATH: u8 = 1;
    /// By its path under `/proc/self/fd`.
    const PROC: u8 = 2;
    /// Neither works here: files go through a temporary name.
    const UNUSABLE: u8 = 3;

    /// Unnamed files in a folder, and how to name them.
    pub struct Unnamed {
        dir: OwnedFd,
        naming: AtomicU8,
    }

    impl Unnamed {
        pub fn open(path: &Path) -> io::Result<Unnamed> {
            let dir = rustix::fs::open(
                path,
                OFlags::DIRECTORY | OFlags::RDONLY | OFlags::CLOEXEC,
                Mode::empty(),
            )?;
            Ok(Unnamed {
                dir,
                naming: AtomicU8::new(UNTRIED),
            })
        }

        /// Which way files are named here: "descriptor", "proc", "temporary", or "untried".
        #[cfg(test)]
        pub fn naming(&self) -> &'static str {
            match self.naming.load(Ordering::Relaxed) {
                UNTRIED => "untried",
                EMPTY_PATH => "descriptor",
                PROC => "proc",
                _ => "temporary",
            }
        }

        /// Names files the way `naming` says (as [`Unnamed::naming`] gives it).
        #[cfg(test)]
        pub fn set_naming(&self, naming: &str) {
            let naming = match naming {
                "descriptor" => EMPTY_PATH,
                "proc" => PROC,
                "temporary" => UNUSABLE,
                _ => UNTRIED,
            };
            self.naming.store(naming, Ordering::Relaxed);
        }

        /// Writes `bytes` as the file `name`; false when unnamed files cannot be used here, and
        /// nothing was written.
        pub fn write(&self, name: &str, bytes: &[u8]) -> io::Result<bool> {
            if self.naming.load(Ordering::Relaxed) == UNUSABLE {
                return Ok(false);
            }
            let fd = match rustix::fs::openat(
                &self.dir,
                ".",
                OFlags::TMPFILE | OFlags::WRONLY | OFlags::CLOEXEC,
                Mode::from_raw_mode(0o600),
            ) {
                Ok(fd) => fd,
                // The file system cannot make unnamed files (or the kernel is older than 3.11).
                Err(Errno::OPNOTSUPP | Errno::ISDIR | Errno::INVAL | Errno::NOENT) => {
                    self.naming.store(UNUSABLE, Ordering::Relaxed);
                    return Ok(false);
                }
                Err(error) => return Err(error.into()),
            };
            let mut file = File::from(fd);
            file.write_all(bytes)?;
            match self.link(&file, name) {
                Ok(linked) => Ok(linked),
                // A file of that name already (a run again): linked under a temporary name,
                // then renamed over it, so the old letter is there until the new one is.
                Err(Errno::EXIST) => {
                    let temp = format!(".{name}.partial");
                    match rustix::fs::unlinkat(&self.dir, &temp, AtFlags::empty()) {
                        Ok(()) | Err(Errno::NOENT) => {}
                        Err(error) => return Err(error.into()),
                    }
                    if !self.link(&file, &temp)? {
                        return Ok(false);
                    }
                    if let Err(error) = rustix::fs::renameat(&self.dir, &temp, &self.dir, name) {
                        let _ = rustix::fs::unlinkat(&self.dir, &temp, AtFlags::empty());
                        return Err(error.into());
                    }
                    Ok(true)
                }
                Err(error) => Err(error.into()),
            }
        }

        /// Gives the unnamed `file` the name `name`; false when no way to do it works here.
        fn link(&self, file: &File, name: &str) -> Result<bool, Errno> {
            let mut naming = self.naming.load(Ordering::Relaxed);
            loop {
                let linked = match naming {
                    UNTRIED | EMPTY_PATH => {
                        rustix::fs::linkat(file.as_fd(), "", &self.dir, name, AtFlags::EMPTY_PATH)
                    }
                    PROC => rustix::fs::linkat(
                        CWD,
                        format!("/proc/self/fd/{}", file.as_raw_fd()),
                        &self.dir,
                        name,
                        AtFlags::SYMLINK_FOLLOW,
                    ),
                    _ => return Ok(false),
                };
                match linked {
                    Ok(()) => {
                        if naming == UNTRIED {
                            self.naming.store(EMPTY_PATH, Ordering::Relaxed);
                        }
                        return Ok(true);
                    }
                    // Not allowed this way (ENOENT is what Linux answers a link by descriptor
                    // it does not allow), or no /proc: the next way.
                    Err(Errno::NOENT | Errno::PERM | Errno::ACCESS)
                        if naming == UNTRIED || naming == EMPTY_PATH =>
                    {
                        naming = PROC;
                        self.naming.store(PROC, Ordering::Relaxed);
                    }
                    Err(Errno::NOENT | Errno::PERM | Errno::ACCESS) => {
                        self.naming.store(UNUSABLE, Ordering::Relaxed);
                        return Ok(false);
                    }
                    Err(error) => return Err(error),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    /// The names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Writes two letters and one again into `folder`: each is whole, private, and alone.
    fn write_new_and_replaced_letters(folder: &OutFolder) {
        let dir = folder.path();
        folder.write("FGT-1.txt", b"first").unwrap();
        folder.write("FGT-2.txt", b"second").unwrap();
        folder.write("FGT-1.txt", b"first, again").unwrap();
        assert_eq!(
            std::fs::read(dir.join("FGT-1.txt")).unwrap(),
            b"first, again"
        );
        assert_eq!(std::fs::read(dir.join("FGT-2.txt")).unwrap(), b"second");
        assert_eq!(
            names(dir),
            ["FGT-1.txt", "FGT-2.txt"],
            "no temporary file is left"
        );
        for name in names(dir) {
            let mode = std::fs::metadata(dir.join(&name))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{name}");
        }
    }

    #[test]
    fn letters_are_written_whole_private_and_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let folder = OutFolder::open(dir.path()).unwrap();
        write_new_and_replaced_letters(&folder);
    }

    /// Each way of naming a file writes the same letters, where this machine allows it.
    #[cfg(target_os = "linux")]
    #[test]
    fn every_way_of_naming_a_letter_writes_the_same_letters() {
        for naming in ["descriptor", "proc", "temporary"] {
            let dir = tempfile::tempdir().unwrap();
            let folder = OutFolder::open(dir.path()).unwrap();
            folder.unnamed.set_naming(naming);
            write_new_and_replaced_letters(&folder);
            let used = folder.unnamed.naming();
            match naming {
                // Falls back to /proc where a link by descriptor is not allowed.
                "descriptor" => assert!(["descriptor", "proc", "temporary"].contains(&used)),
                "proc" => assert!(["proc", "temporary"].contains(&used)),
                _ => assert_eq!(used, "temporary"),
            }
        }
    }

    /// Where the file system has unnamed files, a batch uses them.
    #[cfg(target_os = "linux")]
    #[test]
    fn unnamed_files_are_used_where_the_file_system_has_them() {
        use rustix::fs::{Mode, OFlags};
        let dir = tempfile::tempdir().unwrap();
        let supported = rustix::fs::open(
            dir.path(),
            OFlags::TMPFILE | OFlags::WRONLY,
            Mode::from_raw_mode(0o600),
        )
        .is_ok();
        let folder = OutFolder::open(dir.path()).unwrap();
        folder.write("FGT-1.txt", b"letter").unwrap();
        if supported && std::path::Path::new("/proc/self/fd").is_dir() {
            assert_ne!(folder.unnamed.naming(), "temporary");
        }
    }

    #[test]
    fn a_letter_that_cannot_be_written_names_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let folder = OutFolder::open(dir.path()).unwrap();
        std::fs::create_dir(dir.path().join("FGT-1.txt")).unwrap();
        std::fs::write(dir.path().join("FGT-1.txt").join("inside"), "x").unwrap();
        let error = format!("{:#}", folder.write("FGT-1.txt", b"letter").unwrap_err());
        assert!(
            error.contains("cannot write") && error.contains("FGT-1.txt"),
            "{error}"
        );
        assert_eq!(
            names(dir.path()),
            ["FGT-1.txt"],
            "no temporary file is left"
        );
    }
}
