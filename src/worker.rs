//! Per-file isolation in worker processes.
//!
//! `pdf-extract` can overflow the stack (self-referencing Form XObjects: an
//! abort that `catch_unwind` cannot stop), loop forever (cyclic page trees)
//! or inflate a small file into gigabytes. So every file is analysed by a
//! worker: `baocao` re-executed as `baocao __worker`, with an address-space
//! limit, fed one JSON request per line on stdin and answering one JSON
//! [`DocReport`] per line on stdout. A worker that crashes, exceeds its
//! memory or misses its deadline is killed and replaced; its file gets
//! status `error` with the reason, and the batch goes on. When the run is
//! asked to stop (Ctrl-C), [`Pool::analyze_until`] stops waiting, kills the
//! file's worker and says so. [`Pool`] is the parent's side, [`serve`] the
//! worker's.

use std::io::{BufRead, BufReader, Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use baocao_rules::Rules;
use serde::{Deserialize, Serialize};

use crate::model::{DocReport, Status};
use crate::rules_source::RulesSource;

/// Limits every worker runs under.
#[derive(Debug, Clone)]
pub struct Limits {
    pub timeout: Duration,
    pub max_memory_mb: u64,
}

/// One request to a worker.
#[derive(Debug, Serialize, Deserialize)]
pub struct Request {
    pub path: PathBuf,
    pub file: String,
}

/// A pool of worker processes shared by the threads of a run.
pub struct Pool {
    program: PathBuf,
    args: Vec<String>,
    limits: Limits,
    idle: Mutex<Vec<Worker>>,
}

struct Worker {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<String>,
    stderr: Arc<Mutex<String>>,
}

/// Most of a worker's stderr kept for the error message.
const STDERR_TAIL: usize = 2000;

/// How often a waiting thread looks whether the run was asked to stop.
const POLL: Duration = Duration::from_millis(100);

/// A file that was not analysed because the run was asked to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stopped {
    /// A worker was reading the file and was killed.
    pub worker_killed: bool,
}

/// Why a worker gave no report.
enum Failure {
    Stopped,
    Message(String),
}

impl Pool {
    /// Workers that are this executable run as `__worker`.
    pub fn new(rules: &RulesSource, limits: Limits) -> std::io::Result<Pool> {
        let mut args = vec![
            "__worker".to_string(),
            "--max-memory-mb".to_string(),
            limits.max_memory_mb.to_string(),
        ];
        args.extend(rules.worker_args());
        Ok(Self::with_command(std::env::current_exe()?, args, limits))
    }

    /// Workers that are any program speaking the protocol (tests use stand-ins).
    pub fn with_command(program: PathBuf, args: Vec<String>, limits: Limits) -> Pool {
        Pool {
            program,
            args,
            limits,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Analyse one file in a worker; never fails: problems become the report.
    pub fn analyze(&self, path: &Path, file: &str) -> DocReport {
        self.analyze_until(path, file, &|| false)
            .unwrap_or_else(|_| DocReport::failed(file, Status::Error, "stopped"))
    }

    /// [`Pool::analyze`], unless `stop` turns true first: then the worker is
    /// killed and the file is not analysed.
    pub fn analyze_until(
        &self,
        path: &Path,
        file: &str,
        stop: &dyn Fn() -> bool,
    ) -> Result<DocReport, Stopped> {
        if stop() {
            return Err(Stopped {
                worker_killed: false,
            });
        }
        let worker = self.idle.lock().expect("pool lock").pop();
        let mut worker = match worker.map_or_else(|| self.spawn(), Ok) {
            Ok(w) => w,
            Err(e) => {
                return Ok(DocReport::failed(
                    file,
                    Status::Error,
                    format!("cannot start a worker process: {e}"),
                ))
            }
        };
        let answer = self.ask(&mut worker, path, file, stop);
        if let Ok(report) = answer {
            self.idle.lock().expect("pool lock").push(worker);
            return Ok(report);
        }
        let _ = worker.child.kill();
        let _ = worker.child.wait();
        match answer {
            Err(Failure::Stopped) => Err(Stopped {
                worker_killed: true,
            }),
            Err(Failure::Message(message)) => Ok(DocReport::failed(file, Status::Error, message)),
            Ok(_) => unreachable!("handled above"),
        }
    }

    /// Kill the idle workers (those at work are killed by their threads).
    pub fn stop_idle(&self) -> usize {
        let Ok(mut idle) = self.idle.lock() else {
            return 0;
        };
        let n = idle.len();
        for mut w in idle.drain(..) {
            let _ = w.child.kill();
            let _ = w.child.wait();
        }
        n
    }

    fn spawn(&self) -> std::io::Result<Worker> {
        let mut child = Command::new(&self.program)
            .args(&self.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut stderr = child.stderr.take().expect("piped stderr");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let tail = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&tail);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut t = sink.lock().expect("stderr lock");
                t.push_str(&String::from_utf8_lossy(&buf[..n]));
                if t.len() > STDERR_TAIL {
                    let cut = t.len() - STDERR_TAIL;
                    let cut = (cut..t.len())
                        .find(|&i| t.is_char_boundary(i))
                        .unwrap_or(t.len());
                    t.drain(..cut);
                }
            }
        });
        Ok(Worker {
            child,
            stdin,
            lines,
            stderr: tail,
        })
    }

    /// Send one request and wait for its answer, within the deadline,
    /// looking at `stop` every [`POLL`].
    fn ask(
        &self,
        w: &mut Worker,
        path: &Path,
        file: &str,
        stop: &dyn Fn() -> bool,
    ) -> Result<DocReport, Failure> {
        let req = serde_json::to_string(&Request {
            path: path.to_path_buf(),
            file: file.to_string(),
        })
        .map_err(|e| Failure::Message(e.to_string()))?;
        writeln!(w.stdin, "{req}")
            .and_then(|_| w.stdin.flush())
            .map_err(|e| Failure::Message(format!("worker did not take the file: {e}")))?;
        let deadline = Instant::now() + self.limits.timeout;
        loop {
            if stop() {
                return Err(Failure::Stopped);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match w.lines.recv_timeout(left.min(POLL)) {
                Ok(line) => {
                    return serde_json::from_str(&line).map_err(|e| {
                        Failure::Message(format!("worker sent an unreadable answer: {e}"))
                    })
                }
                Err(RecvTimeoutError::Timeout) if left > POLL => continue,
                Err(RecvTimeoutError::Timeout) => return Err(Failure::Message(format!(
                    "timed out after {} s: the extractor hung on this file (a cyclic page tree or an endless content stream?); the worker was stopped",
                    self.limits.timeout.as_secs()
                ))),
                Err(RecvTimeoutError::Disconnected) if stop() => return Err(Failure::Stopped),
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(Failure::Message(self.crash_message(w)))
                }
            }
        }
    }

    fn crash_message(&self, w: &mut Worker) -> String {
        let status = w.child.wait().ok();
        std::thread::sleep(Duration::from_millis(50));
        let tail = w.stderr.lock().map(|t| t.clone()).unwrap_or_default();
        let cause = if tail.contains("overflowed its stack") {
            "stack overflow (self-referencing objects?)".to_string()
        } else if tail.contains("memory allocation") {
            format!(
                "ran out of its {} MiB memory limit (a decompression bomb?)",
                self.limits.max_memory_mb
            )
        } else {
            describe_exit(status)
        };
        format!("the extractor crashed on this file: {cause}; the worker was replaced")
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        if let Ok(mut idle) = self.idle.lock() {
            for mut w in idle.drain(..) {
                let _ = w.child.kill();
                let _ = w.child.wait();
            }
        }
    }
}

#[cfg(unix)]
fn describe_exit(status: Option<std::process::ExitStatus>) -> String {
    use std::os::unix::process::ExitStatusExt;
    match status {
        Some(s) => match s.signal() {
            Some(sig) => format!("killed by signal {sig}"),
            None => format!("exited with {s}"),
        },
        None => "it vanished".into(),
    }
}

#[cfg(not(unix))]
fn describe_exit(status: Option<std::process::ExitStatus>) -> String {
    status.map_or("it vanished".into(), |s| format!("exited with {s}"))
}

/// The worker's side: answer each request line on `input` with one report
/// line on `output`, until `input` ends.
pub fn serve(rules: &Rules, input: impl BufRead, mut output: impl Write) -> std::io::Result<()> {
    for line in input.lines() {
        let req: Request = serde_json::from_str(&line?)?;
        let json = serde_json::to_string(&answer(rules, &req))?;
        writeln!(output, "{json}")?;
        output.flush()?;
    }
    Ok(())
}

/// The report on one requested file; a panic becomes an `error` report.
fn answer(rules: &Rules, req: &Request) -> DocReport {
    let bytes = match baocao_pdf::read_file(&req.path) {
        Ok(b) => b,
        Err(e) => return DocReport::failed(&req.file, Status::Error, e.to_string()),
    };
    catch_unwind(AssertUnwindSafe(|| {
        crate::analyze::analyze(rules, &req.file, &bytes)
    }))
    .unwrap_or_else(|p| {
        DocReport::failed(
            &req.file,
            Status::Error,
            format!("internal error: {}", baocao_pdf::extract::panic_message(&p)),
        )
    })
}

/// End this process when the process that started it ends (the worker
/// side, Linux): a run killed outright leaves no worker behind.
pub fn die_with_parent() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_PDEATHSIG only sets a flag of this process.
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
        if libc::getppid() == 1 {
            libc::_exit(1);
        }
    }
}

/// Cap this process's address space (the worker side).
pub fn limit_memory(mb: u64) {
    #[cfg(unix)]
    {
        let bytes = mb.saturating_mul(1024 * 1024) as libc::rlim_t;
        let lim = libc::rlimit {
            rlim_cur: bytes,
            rlim_max: bytes,
        };
        // SAFETY: setrlimit only reads the struct we pass; failure leaves the limit unchanged.
        unsafe {
            libc::setrlimit(libc::RLIMIT_AS, &lim);
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn pool(script: &str, timeout_ms: u64) -> Pool {
        let limits = Limits {
            timeout: Duration::from_millis(timeout_ms),
            max_memory_mb: 512,
        };
        Pool::with_command("sh".into(), vec!["-c".into(), script.into()], limits)
    }

    fn ask(p: &Pool) -> DocReport {
        p.analyze(Path::new("/nonexistent.pdf"), "x.pdf")
    }

    #[test]
    fn a_crashing_worker_becomes_an_error_row_and_is_replaced() {
        let p = pool("read line; kill -SEGV $$", 5000);
        for _ in 0..2 {
            let r = ask(&p);
            assert_eq!(r.status, Status::Error);
            assert!(
                r.message.contains("crashed") && r.message.contains("signal 11"),
                "{}",
                r.message
            );
        }
    }

    #[test]
    fn a_stack_overflow_is_named() {
        let p = pool(
            "read line; echo \"thread 'main' has overflowed its stack\" >&2; kill -ABRT $$",
            5000,
        );
        let r = ask(&p);
        assert!(r.message.contains("stack overflow"), "{}", r.message);
    }

    #[test]
    fn a_hanging_worker_is_stopped_at_the_deadline() {
        let p = pool("read line; sleep 30", 300);
        let started = std::time::Instant::now();
        let r = ask(&p);
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(r.status, Status::Error);
        assert!(r.message.contains("timed out"), "{}", r.message);
    }

    #[test]
    fn a_stop_request_kills_the_worker_at_once() {
        let p = pool("read line; sleep 30", 60_000);
        let asked = std::time::Instant::now();
        let stop = || asked.elapsed() > Duration::from_millis(300);
        let r = p.analyze_until(Path::new("/nonexistent.pdf"), "x.pdf", &stop);
        assert_eq!(
            r.err(),
            Some(Stopped {
                worker_killed: true
            })
        );
        assert!(asked.elapsed() < Duration::from_secs(5));
        assert!(p.idle.lock().unwrap().is_empty(), "the worker is gone");
    }

    #[test]
    fn garbage_answers_are_errors_not_panics() {
        let p = pool("while read line; do echo not-json; done", 5000);
        let r = ask(&p);
        assert!(r.message.contains("unreadable answer"), "{}", r.message);
    }

    #[test]
    fn serve_answers_each_request_with_one_report_line() {
        let rules = Rules::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")).unwrap();
        let requests = [
            Request {
                path: "/nonexistent/a.pdf".into(),
                file: "a.pdf".into(),
            },
            Request {
                path: Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"),
                file: "README.md".into(),
            },
        ]
        .map(|r| serde_json::to_string(&r).unwrap())
        .join("\n");
        let mut out = Vec::new();
        serve(&rules, requests.as_bytes(), &mut out).unwrap();
        let reports: Vec<DocReport> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(reports.len(), 2);
        assert_eq!(reports[0].status, Status::Error);
        assert!(reports[0].message.starts_with("cannot read the file"));
        assert_eq!(reports[1].status, Status::NotPdf);
    }

    #[test]
    fn a_healthy_worker_is_reused() {
        let answer =
            serde_json::to_string(&DocReport::failed("x.pdf", Status::NoText, "fine")).unwrap();
        let p = pool(&format!("while read line; do echo '{answer}'; done"), 5000);
        assert_eq!(ask(&p).status, Status::NoText);
        assert_eq!(ask(&p).status, Status::NoText);
        assert_eq!(p.idle.lock().unwrap().len(), 1);
    }
}
