//! OUT as a whole. A run writes into a fresh folder beside OUT
//! (`.OUT.baocao-<pid>`) and, only when every file is there, swaps it in:
//! the new folder becomes OUT and the previous output becomes `OUT.prev`
//! (the one before that is deleted). On Linux the swap is one atomic
//! `renameat2(RENAME_EXCHANGE)`, so whatever stops the run — Ctrl-C,
//! `kill`, `kill -9`, a power cut — OUT is either the last complete output
//! or the new complete one, never a mix. A run that stops before the swap
//! removes its folder (SIGINT, SIGTERM, an error); one killed outright
//! leaves it, and the next run removes it.
//!
//! [`OutDir::prepare`] also refuses, before any PDF is read, an OUT that is
//! a file, one that holds files baocao did not write (they would be moved
//! away by the swap and deleted by the next one), and a place where nothing
//! can be written.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why OUT cannot receive the outputs.
#[derive(Debug, thiserror::Error)]
pub enum OutDirError {
    #[error("{}: not a folder (--out names the folder the tables are written to)", .0.display())]
    NotAFolder(PathBuf),
    #[error("{}: not a usable output folder name", .0.display())]
    NoName(PathBuf),
    #[error(
        "{}: holds files baocao did not write ({names}); a run replaces the whole folder, so choose another --out or move them",
        path.display()
    )]
    Foreign { path: PathBuf, names: String },
    #[error(
        "{}: cannot write there (a run writes its own folder beside OUT, then swaps it in): {source}",
        path.display()
    )]
    Unwritable { path: PathBuf, source: io::Error },
}

impl OutDirError {
    /// Whether the user named a wrong folder (else the system refused).
    pub fn is_usage(&self) -> bool {
        !matches!(self, OutDirError::Unwritable { .. })
    }
}

/// OUT, its previous output and the folder a run is writing.
#[derive(Debug)]
pub struct OutDir {
    out: PathBuf,
    prev: PathBuf,
    staging: PathBuf,
    committed: bool,
}

/// Marks the folders of a run beside OUT: `.OUT.baocao-<pid>[-old]`.
const MARK: &str = ".baocao-";

impl OutDir {
    /// Check OUT, clear what killed runs left beside it and create this
    /// run's folder. `ours` tells the names of files a run writes.
    pub fn prepare(out: &Path, ours: &dyn Fn(&str) -> bool) -> Result<OutDir, OutDirError> {
        let out = resolve(out)?;
        let name = file_name(&out)?;
        let parent = out.parent().unwrap_or(Path::new("/")).to_path_buf();
        let prev = parent.join(format!("{name}.prev"));
        for dir in [&out, &prev] {
            only_ours(dir, ours)?;
        }
        clear_stale(&parent, &name);
        let staging = parent.join(format!(".{name}{MARK}{}", std::process::id()));
        let unwritable = |source| OutDirError::Unwritable {
            path: parent.clone(),
            source,
        };
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(unwritable)?;
        }
        fs::create_dir(&staging).map_err(unwritable)?;
        let dir = OutDir {
            out,
            prev,
            staging,
            committed: false,
        };
        dir.probe().map_err(unwritable)?;
        Ok(dir)
    }

    /// Where this run writes its files.
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// OUT, as resolved.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// The folder the previous output is kept in.
    pub fn prev(&self) -> &Path {
        &self.prev
    }

    /// A file can be created, written and synced in the staging folder.
    fn probe(&self) -> io::Result<()> {
        let probe = self.staging.join(".probe");
        let mut f = fs::File::create(&probe)?;
        f.write_all(b"baocao")?;
        f.sync_all()?;
        fs::remove_file(probe)
    }

    /// Swap the finished folder in: it becomes OUT, the previous output
    /// OUT.prev.
    pub fn commit(mut self) -> Result<PathBuf, OutDirError> {
        let out = self.out.clone();
        let failed = |source| OutDirError::Unwritable {
            path: out.clone(),
            source,
        };
        sync_dir(&self.staging).map_err(failed)?;
        if self.out.exists() {
            self.drop_prev().map_err(failed)?;
            if exchange(&self.staging, &self.out).is_ok() {
                fs::rename(&self.staging, &self.prev).map_err(failed)?;
            } else {
                fs::rename(&self.out, &self.prev).map_err(failed)?;
                fs::rename(&self.staging, &self.out).map_err(failed)?;
            }
        } else {
            fs::rename(&self.staging, &self.out).map_err(failed)?;
        }
        self.committed = true;
        if let Some(parent) = self.out.parent() {
            let _ = sync_dir(parent);
        }
        Ok(self.out.clone())
    }

    /// Delete OUT.prev, first moving it aside in one rename so that a
    /// killed run never leaves half of it under its name.
    fn drop_prev(&self) -> io::Result<()> {
        if !self.prev.exists() {
            return Ok(());
        }
        let trash = self.staging.with_file_name(format!(
            "{}-old",
            self.staging
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
        ));
        fs::rename(&self.prev, &trash)?;
        fs::remove_dir_all(&trash)
    }
}

impl Drop for OutDir {
    /// A run that did not finish removes its folder.
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// OUT as an absolute path with its parent resolved (the parent is created
/// when missing).
fn resolve(out: &Path) -> Result<PathBuf, OutDirError> {
    if out.is_dir() {
        return out
            .canonicalize()
            .map_err(|source| OutDirError::Unwritable {
                path: out.to_path_buf(),
                source,
            });
    }
    if out.exists() || out.is_symlink() {
        return Err(OutDirError::NotAFolder(out.to_path_buf()));
    }
    let name = file_name(out)?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let unwritable = |source| OutDirError::Unwritable {
        path: out.to_path_buf(),
        source,
    };
    if parent.exists() && !parent.is_dir() {
        return Err(OutDirError::NotAFolder(parent));
    }
    fs::create_dir_all(&parent).map_err(unwritable)?;
    Ok(parent.canonicalize().map_err(unwritable)?.join(name))
}

/// The last component of OUT, which must be a plain name.
fn file_name(out: &Path) -> Result<String, OutDirError> {
    match out.components().next_back() {
        Some(std::path::Component::Normal(n)) => Ok(n.to_string_lossy().into_owned()),
        _ => Err(OutDirError::NoName(out.to_path_buf())),
    }
}

/// `dir`, when it exists, must be a folder holding only files of a run.
fn only_ours(dir: &Path, ours: &dyn Fn(&str) -> bool) -> Result<(), OutDirError> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        return Err(OutDirError::NotAFolder(dir.to_path_buf()));
    }
    let entries = fs::read_dir(dir).map_err(|source| OutDirError::Unwritable {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut foreign: Vec<String> = entries
        .flatten()
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            !(e.file_type().is_ok_and(|t| t.is_file()) && (ours(&name) || is_leftover(&name)))
        })
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if foreign.is_empty() {
        return Ok(());
    }
    foreign.sort();
    let more = foreign.len().saturating_sub(5);
    foreign.truncate(5);
    let mut names = foreign.join(", ");
    if more > 0 {
        names.push_str(&format!(" and {more} more"));
    }
    Err(OutDirError::Foreign {
        path: dir.to_path_buf(),
        names,
    })
}

/// A temporary file an earlier version of baocao left in OUT.
fn is_leftover(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(".tmp")
}

/// Remove the folders that runs into OUT which are no longer alive left
/// beside it (`.OUT.baocao-<pid>` and `…-old`).
fn clear_stale(parent: &Path, name: &str) {
    let prefix = format!(".{name}{MARK}");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&prefix) else {
            continue;
        };
        let pid = rest.strip_suffix("-old").unwrap_or(rest);
        if pid.parse::<u32>().is_ok_and(|pid| !alive(pid)) {
            let _ = fs::remove_dir_all(e.path());
        }
    }
}

/// Whether process `pid` exists (another run may be writing beside OUT).
#[cfg(unix)]
fn alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if pid == 0 {
        return false;
    }
    // SAFETY: signal 0 only checks that the process exists.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn alive(pid: u32) -> bool {
    pid == std::process::id()
}

/// Swap two folders in one step (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both paths are NUL-terminated strings that outlive the call;
    // renameat2 only reads them.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Flush a folder's entries to disk (a no-op where folders cannot be opened).
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours(name: &str) -> bool {
        name.ends_with(".csv")
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    fn run(out: &Path, content: &str) {
        let dir = OutDir::prepare(out, &ours).unwrap();
        fs::write(dir.staging().join("units.csv"), content).unwrap();
        dir.commit().unwrap();
    }

    #[test]
    fn each_run_replaces_out_and_keeps_the_one_before() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        for content in ["1", "2", "3"] {
            run(&out, content);
        }
        assert_eq!(fs::read_to_string(out.join("units.csv")).unwrap(), "3");
        let prev = tmp.path().join("out.prev/units.csv");
        assert_eq!(fs::read_to_string(prev).unwrap(), "2");
        assert_eq!(names(tmp.path()), ["out", "out.prev"]);
    }

    #[test]
    fn an_unfinished_run_leaves_out_as_it_was_and_no_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        run(&out, "1");
        let dir = OutDir::prepare(&out, &ours).unwrap();
        fs::write(dir.staging().join("units.csv"), "half").unwrap();
        drop(dir);
        assert_eq!(fs::read_to_string(out.join("units.csv")).unwrap(), "1");
        assert_eq!(names(tmp.path()), ["out"]);
    }

    #[test]
    fn what_a_killed_run_left_is_cleared_by_the_next() {
        let tmp = tempfile::tempdir().unwrap();
        let dead = tmp.path().join(format!(".out{MARK}{}", u32::MAX - 1));
        fs::create_dir(&dead).unwrap();
        fs::write(dead.join("units.csv"), "x").unwrap();
        run(&tmp.path().join("out"), "1");
        assert_eq!(names(tmp.path()), ["out"]);
    }

    #[test]
    fn out_must_be_a_folder_of_ours() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("out");
        fs::write(&file, "a file").unwrap();
        let e = OutDir::prepare(&file, &ours).unwrap_err();
        assert!(
            matches!(e, OutDirError::NotAFolder(_)) && e.is_usage(),
            "{e}"
        );
        let mine = tmp.path().join("mine");
        fs::create_dir(&mine).unwrap();
        fs::write(mine.join("notes.docx"), "x").unwrap();
        fs::write(mine.join("units.csv"), "x").unwrap();
        let e = OutDir::prepare(&mine, &ours).unwrap_err().to_string();
        assert!(e.contains("did not write (notes.docx)"), "{e}");
        assert!(OutDir::prepare(Path::new("/"), &ours).is_err());
    }

    #[test]
    fn a_missing_out_is_created_with_its_parents_on_commit() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("a/b/out");
        run(&out, "1");
        assert_eq!(names(&out), ["units.csv"]);
    }
}
