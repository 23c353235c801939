//! External programs under bounds, and temporary directories that clean up.
//!
//! [`run`] starts a program with piped output, reads stdout and stderr on two
//! threads (each capped at a byte limit: past it the program is killed),
//! and waits until a deadline, killing the program when it passes. The
//! program runs in a process group of its own, and the whole group is
//! killed, so that no grandchild outlives it (or keeps its pipes open). [`TempDir`] is a fresh directory under the system
//! temporary directory, removed with everything in it when dropped.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How a bounded run ended when it did not end normally.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The program is not installed (not found on `PATH`).
    #[error("not installed")]
    NotFound,
    /// The program could not be started for another reason.
    #[error("cannot start: {0}")]
    Start(std::io::Error),
    /// Still running at the deadline; killed.
    #[error("timed out after {0:?}")]
    Timeout(Duration),
    /// Wrote more than the limit on stdout or stderr; killed.
    #[error("wrote more than {0} bytes")]
    TooMuchOutput(usize),
}

/// What a finished program left.
#[derive(Debug)]
pub struct Finished {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

/// How often a running program is checked.
const POLL: Duration = Duration::from_millis(10);

/// Run `cmd` to completion within `timeout`, keeping at most `max_output`
/// bytes of each output stream.
pub fn run(mut cmd: Command, timeout: Duration, max_output: usize) -> Result<Finished, RunError> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child = cmd.spawn().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => RunError::NotFound,
        _ => RunError::Start(e),
    })?;
    let stdout = reader(child.stdout.take(), max_output);
    let stderr = reader(child.stderr.take(), max_output);
    let status = wait(&mut child, timeout);
    let out = stdout.join().unwrap_or_default();
    let err = stderr.join().unwrap_or_default();
    let status = status?;
    if out.len() > max_output || err.len() > max_output {
        return Err(RunError::TooMuchOutput(max_output));
    }
    Ok(Finished {
        status,
        stdout: out,
        stderr: err,
    })
}

/// Wait for `child` until `timeout`; kill it then.
fn wait(child: &mut Child, timeout: Duration) -> Result<ExitStatus, RunError> {
    let deadline = Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(POLL),
            Ok(None) => {
                kill(child);
                return Err(RunError::Timeout(timeout));
            }
            Err(e) => {
                kill(child);
                return Err(RunError::Start(e));
            }
        }
    }
}

/// Kill the child's process group (the child leads it), then the child.
fn kill(child: &mut Child) {
    #[cfg(unix)]
    if let Ok(pid) = libc::pid_t::try_from(child.id()) {
        // SAFETY: kill(2) with a negative pid signals that process group
        // only; the group is the child's own (`process_group(0)` above).
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Read a stream to its end on a thread, keeping `max + 1` bytes at most
/// (one more than allowed, to tell an overflow) and draining the rest so
/// that the writer never blocks.
fn reader<R: Read + Send + 'static>(stream: Option<R>, max: usize) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        let Some(mut stream) = stream else {
            return kept;
        };
        let mut buf = [0u8; 64 * 1024];
        loop {
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => return kept,
                Ok(n) => {
                    let room = (max + 1).saturating_sub(kept.len());
                    kept.extend_from_slice(&buf[..n.min(room)]);
                }
            }
        }
    })
}

/// A fresh temporary directory, removed (with its contents) on drop.
#[derive(Debug)]
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    /// Create `<tmp>/<prefix>-<pid>-<n>` (a name no other directory has).
    pub fn new(prefix: &str) -> std::io::Result<TempDir> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let base = std::env::temp_dir();
        for _ in 0..100 {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos());
            let path = base.join(format!("{prefix}-{}-{n}-{nanos}", std::process::id()));
            match std::fs::create_dir(&path) {
                Ok(()) => return Ok(TempDir { path }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(std::io::Error::other("no free temporary directory name"))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str) -> Command {
        let mut c = Command::new("sh");
        c.args(["-c", script]);
        c
    }

    #[test]
    fn output_and_status() {
        let f = run(
            sh("echo out; echo err >&2; exit 3"),
            Duration::from_secs(5),
            100,
        )
        .unwrap();
        assert_eq!(f.stdout, b"out\n");
        assert_eq!(f.stderr, b"err\n");
        assert_eq!(f.status.code(), Some(3));
    }

    #[test]
    fn a_slow_program_is_killed_at_the_deadline() {
        let started = Instant::now();
        let r = run(sh("sleep 5"), Duration::from_millis(200), 100);
        assert!(matches!(r, Err(RunError::Timeout(_))), "{r:?}");
        assert!(started.elapsed() < Duration::from_secs(3));
    }

    #[test]
    fn too_much_output_is_an_error() {
        let r = run(sh("head -c 100000 /dev/zero"), Duration::from_secs(5), 1000);
        assert!(matches!(r, Err(RunError::TooMuchOutput(1000))), "{r:?}");
    }

    #[test]
    fn a_missing_program_is_named_so() {
        let r = run(
            Command::new("baocao-no-such-program"),
            Duration::from_secs(1),
            10,
        );
        assert!(matches!(r, Err(RunError::NotFound)), "{r:?}");
    }

    #[test]
    fn temp_dirs_are_unique_and_removed() {
        let a = TempDir::new("baocao-test").unwrap();
        let b = TempDir::new("baocao-test").unwrap();
        assert_ne!(a.path(), b.path());
        std::fs::write(a.path().join("x"), b"1").unwrap();
        let p = a.path().to_path_buf();
        drop(a);
        assert!(!p.exists());
    }
}
