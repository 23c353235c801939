//! Content hashes remembered between runs, so that a re-run does not read
//! every unchanged input again only to hash it (hashing was a third of a
//! re-run's time). A file's [`Stamp`] — device, inode, length, modification
//! and change times to the nanosecond — is kept with its SHA-256 in the
//! cache folder (`stamps.json`); a file whose stamp is unchanged is taken
//! to hold the same bytes. Any write to a file moves its change time, which
//! no program can set back, and a replaced file is another inode: only
//! the stamp's own clock can fool it, so a file changed less than
//! [`SETTLE`] before it was hashed is not remembered (a file system with a
//! coarse clock could give a later write the same times). Losing the file,
//! or a damaged one, only costs hashing again.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

/// File name of the remembered hashes in the cache folder.
pub const FILE_NAME: &str = "stamps.json";

/// How long a file must have been left alone before its hash is
/// remembered.
pub const SETTLE: Duration = Duration::from_secs(2);

/// What tells that a file was changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Stamp {
    pub dev: u64,
    pub inode: u64,
    pub len: u64,
    /// Modification time, nanoseconds since 1970.
    pub modified: i128,
    /// Change time (of the inode), nanoseconds since 1970.
    pub changed: i128,
}

impl Stamp {
    /// The stamp of the file at `path` (following links).
    pub fn of(path: &Path) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).ok()?;
        let ns = |s: i64, n: i64| i128::from(s) * 1_000_000_000 + i128::from(n);
        Some(Stamp {
            dev: m.dev(),
            inode: m.ino(),
            len: m.len(),
            modified: ns(m.mtime(), m.mtime_nsec()),
            changed: ns(m.ctime(), m.ctime_nsec()),
        })
    }

    /// Whether the file had been left alone for [`SETTLE`] at `now`.
    fn settled(&self, now: SystemTime) -> bool {
        let now = now
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as i128);
        let settle = SETTLE.as_nanos() as i128;
        self.modified.max(self.changed) + settle <= now
    }
}

/// One remembered hash.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Known {
    stamp: Stamp,
    sha256: String,
}

/// The hashes remembered in a cache folder, and those of this run.
#[derive(Debug)]
pub struct Hashes {
    file: PathBuf,
    known: HashMap<(u64, u64), Known>,
    seen: Mutex<Vec<Known>>,
}

impl Hashes {
    /// The hashes remembered in `dir` (none when there are none or they
    /// do not read).
    pub fn load(dir: &Path) -> Hashes {
        let file = dir.join(FILE_NAME);
        let known: Vec<Known> = std::fs::read(&file)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        Hashes {
            file,
            known: known
                .into_iter()
                .map(|k| ((k.stamp.dev, k.stamp.inode), k))
                .collect(),
            seen: Mutex::new(Vec::new()),
        }
    }

    /// The SHA-256 of the file at `path` and its stamp before it was read:
    /// remembered when the stamp is the one remembered, else hashed.
    pub fn of(&self, path: &Path) -> io::Result<(String, Option<Stamp>)> {
        let stamp = Stamp::of(path);
        let known = stamp.and_then(|s| {
            self.known
                .get(&(s.dev, s.inode))
                .filter(|k| k.stamp == s)
                .map(|k| k.sha256.clone())
        });
        let sha256 = match known {
            Some(h) => h,
            None => crate::cache::content_hash(path)?,
        };
        if let Some(stamp) = stamp.filter(|s| s.settled(SystemTime::now())) {
            let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
            seen.push(Known {
                stamp,
                sha256: sha256.clone(),
            });
        }
        Ok((sha256, stamp))
    }

    /// Remember this run's hashes (a temporary file renamed into place).
    pub fn save(&self) -> io::Result<()> {
        let seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        let bytes = serde_json::to_vec(&*seen).map_err(io::Error::other)?;
        crate::cache::replace(&self.file, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Set a file's modification time (its change time moves to now).
    fn set_modified(path: &Path, secs: i64) {
        let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        let t = libc::timespec {
            tv_sec: secs,
            tv_nsec: 0,
        };
        // SAFETY: a valid C path and two valid timespecs.
        let rc = unsafe { libc::utimensat(libc::AT_FDCWD, c.as_ptr(), [t, t].as_ptr(), 0) };
        assert_eq!(rc, 0);
    }

    fn saved_and_loaded(dir: &Path, files: &[&Path]) -> Hashes {
        let h = Hashes::load(dir);
        for f in files {
            h.of(f).unwrap();
        }
        h.save().unwrap();
        Hashes::load(dir)
    }

    #[test]
    fn an_unchanged_file_is_not_hashed_again_a_rewritten_one_is() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.pdf");
        std::fs::write(&f, b"first").unwrap();
        set_modified(&f, 1_000_000);
        // Its change time is now: not settled, not remembered.
        let h = saved_and_loaded(dir.path(), &[&f]);
        assert!(h.known.is_empty(), "a file just touched is not remembered");
        // Settled (a stamp from the past, as the next run would see it).
        let known = Known {
            stamp: Stamp::of(&f).unwrap(),
            sha256: "remembered".into(),
        };
        std::fs::write(
            dir.path().join(FILE_NAME),
            serde_json::to_vec(&[&known]).unwrap(),
        )
        .unwrap();
        let h = Hashes::load(dir.path());
        assert_eq!(h.of(&f).unwrap().0, "remembered", "same stamp, no hashing");
        // Rewritten with the same length and its modification time put back:
        // the change time tells.
        std::thread::sleep(Duration::from_millis(10));
        std::fs::write(&f, b"other").unwrap();
        set_modified(&f, 1_000_000);
        assert_eq!(Stamp::of(&f).unwrap().modified, known.stamp.modified);
        assert_eq!(h.of(&f).unwrap().0, crate::cache::bytes_hash(b"other"));
    }

    #[test]
    fn a_damaged_file_of_stamps_is_no_stamp() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), b"[{\"stamp\":").unwrap();
        assert!(Hashes::load(dir.path()).known.is_empty());
    }

    #[test]
    fn a_stamp_settles_two_seconds_after_the_last_change() {
        let s = Stamp {
            dev: 1,
            inode: 2,
            len: 3,
            modified: 10_000_000_000,
            changed: 11_000_000_000,
        };
        let at = |secs| SystemTime::UNIX_EPOCH + Duration::from_secs(secs);
        assert!(!s.settled(at(12)));
        assert!(s.settled(at(13)));
    }
}
