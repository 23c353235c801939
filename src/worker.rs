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
//!
//! Scans (issue #12): a worker asked to analyse a file whose pages need OCR
//! and are not in the OCR cache answers [`Answer::NeedsOcr`] with their
//! numbers instead of a report. The parent then sends each page as its own
//! [`Task::Ocr`] request to whichever workers are free — the pages of a
//! long scan spread over the workers, each within the deadline of one
//! request — and asks for the analysis again with the recognised pages
//! ([`Task::AnalyzeWith`]). The OCR programs are the worker's children:
//! they inherit its memory limit, and their own deadline is shorter than
//! the worker's, so none outlives a worker that is stopped.

use std::io::{BufRead, BufReader, Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use baocao_pdf::ocr::OcrPage;
use baocao_pdf::PageError;
use baocao_rules::Rules;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::analyze::{self, Extract};
use crate::cache::TextCache;
use crate::model::{DocReport, Status};
use crate::reading::{OcrSetup, OcrSource, Reader};
use crate::rules_source::RulesSource;

/// Limits every worker runs under, and how it reads scans.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Deadline of one request: a file's analysis, or the OCR of one page.
    pub timeout: Duration,
    pub max_memory_mb: u64,
    /// OCR on or off, its cache, the deadline of each OCR program (make it
    /// [`ocr_program_timeout`] of `timeout`).
    pub ocr: OcrSetup,
    /// The folder of the text entries workers reuse and keep
    /// ([`TextCache`]); none without a cache.
    pub texts: Option<PathBuf>,
}

/// The deadline of each OCR program inside a worker: under half the
/// request's, so that rendering and recognising a page both end before the
/// parent gives up on the worker.
pub fn ocr_program_timeout(request: Duration) -> Duration {
    (request * 9 / 20).max(Duration::from_secs(1))
}

/// One request to a worker.
#[derive(Debug, Serialize, Deserialize)]
pub struct Request {
    pub path: PathBuf,
    pub file: String,
    /// What to do with the file (an analysis when absent).
    #[serde(default)]
    pub task: Task,
}

/// What a worker is asked to do with a file.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Task {
    /// Analyse it; pages that need OCR and are not cached are asked for.
    #[default]
    Analyze,
    /// Analyse it with these pages recognised by other workers (and these
    /// pages' failures, as page → message).
    AnalyzeWith {
        pages: Vec<OcrPage>,
        failed: Vec<(u32, String)>,
    },
    /// Recognise one page (and cache it).
    Ocr { page: u32 },
}

/// A worker's answer: one JSON line.
#[derive(Debug, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    /// These pages need OCR first.
    NeedsOcr {
        needs_ocr: Vec<u32>,
    },
    /// One recognised page, or why it could not be.
    Page {
        ocr_page: Result<OcrPage, String>,
    },
    Report(Box<DocReport>),
}

/// What [`Pool::analyze_until`] tells about the pages it has OCR'd.
#[derive(Debug, Clone, Copy)]
pub enum PageEvent {
    /// This many pages of the file are to be recognised.
    Planned(usize),
    /// One of them is done.
    Done,
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
    /// Workers that are this executable run as `__worker`, loading the
    /// rules of `rules`; should theirs differ from `fingerprint` (the
    /// parent's: a rules file edited during the run), every report they
    /// answer is [`DocReport::transient`].
    pub fn new(rules: &RulesSource, fingerprint: &str, limits: Limits) -> std::io::Result<Pool> {
        let mut args = vec![
            "__worker".to_string(),
            "--rules-fingerprint".to_string(),
            fingerprint.to_string(),
            "--max-memory-mb".to_string(),
            limits.max_memory_mb.to_string(),
            "--ocr-timeout-ms".to_string(),
            limits.ocr.timeout.as_millis().to_string(),
        ];
        if !limits.ocr.enabled {
            args.push("--no-ocr".into());
        }
        if let Some(dir) = &limits.ocr.cache {
            args.push("--ocr-cache".into());
            args.push(dir.display().to_string());
        }
        if let Some(dir) = &limits.texts {
            args.push("--text-cache".into());
            args.push(dir.display().to_string());
        }
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
        self.analyze_until(path, file, &|| false, &|_| {})
            .unwrap_or_else(|_| DocReport::failed(file, Status::Error, "stopped"))
    }

    /// [`Pool::analyze`], telling `on_page` about the pages it has OCR'd
    /// (spread over the workers, see the module documentation), unless
    /// `stop` turns true first: then the worker is killed and the file is
    /// not analysed.
    pub fn analyze_until(
        &self,
        path: &Path,
        file: &str,
        stop: &(dyn Fn() -> bool + Sync),
        on_page: &(dyn Fn(PageEvent) + Sync),
    ) -> Result<DocReport, Stopped> {
        if stop() {
            return Err(Stopped {
                worker_killed: false,
            });
        }
        let answer = match self.request(path, file, Task::Analyze, stop) {
            Ok(Answer::NeedsOcr { needs_ocr }) => {
                on_page(PageEvent::Planned(needs_ocr.len()));
                let task = self.ocr_pages(path, file, &needs_ocr, stop, on_page)?;
                self.request(path, file, task, stop)
            }
            other => other,
        };
        match answer {
            Err(Failure::Stopped) => Err(Stopped {
                worker_killed: true,
            }),
            Err(Failure::Message(message)) => Ok(DocReport::failed(file, Status::Error, message)),
            Ok(Answer::Report(report)) => Ok(*report),
            Ok(_) => Ok(DocReport::failed(
                file,
                Status::Error,
                "the worker answered something else than a report",
            )),
        }
    }

    /// Recognise `pages` in parallel, one request each; the analysis task
    /// that takes their results.
    fn ocr_pages(
        &self,
        path: &Path,
        file: &str,
        pages: &[u32],
        stop: &(dyn Fn() -> bool + Sync),
        on_page: &(dyn Fn(PageEvent) + Sync),
    ) -> Result<Task, Stopped> {
        let results: Vec<(u32, Result<OcrPage, Failure>)> = pages
            .par_iter()
            .map(|&page| {
                let result = match self.request(path, file, Task::Ocr { page }, stop) {
                    Ok(Answer::Page { ocr_page }) => ocr_page.map_err(Failure::Message),
                    Ok(_) => Err(Failure::Message(
                        "the worker answered something else than a page".into(),
                    )),
                    Err(failure) => Err(failure),
                };
                on_page(PageEvent::Done);
                (page, result)
            })
            .collect();
        let mut done = Vec::new();
        let mut failed = Vec::new();
        for (page, result) in results {
            match result {
                Ok(p) => done.push(p),
                Err(Failure::Message(message)) => failed.push((page, message)),
                Err(Failure::Stopped) => {
                    return Err(Stopped {
                        worker_killed: true,
                    })
                }
            }
        }
        Ok(Task::AnalyzeWith {
            pages: done,
            failed,
        })
    }

    /// Send one request to a free worker (started when none is free); a
    /// worker that fails or is stopped is killed.
    fn request(
        &self,
        path: &Path,
        file: &str,
        task: Task,
        stop: &dyn Fn() -> bool,
    ) -> Result<Answer, Failure> {
        let worker = self.idle.lock().expect("pool lock").pop();
        let mut worker = worker
            .map_or_else(|| self.spawn(), Ok)
            .map_err(|e| Failure::Message(format!("cannot start a worker process: {e}")))?;
        let request = Request {
            path: path.to_path_buf(),
            file: file.to_string(),
            task,
        };
        let answer = self.ask(&mut worker, &request, stop);
        if answer.is_ok() {
            self.idle.lock().expect("pool lock").push(worker);
        } else {
            let _ = worker.child.kill();
            let _ = worker.child.wait();
        }
        answer
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
        request: &Request,
        stop: &dyn Fn() -> bool,
    ) -> Result<Answer, Failure> {
        let req = serde_json::to_string(request).map_err(|e| Failure::Message(e.to_string()))?;
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
                    return parse_answer(&line).map_err(|e| {
                        Failure::Message(format!("worker sent an unreadable answer: {e}"))
                    })
                }
                Err(RecvTimeoutError::Timeout) if left > POLL => continue,
                Err(RecvTimeoutError::Timeout) => {
                    return Err(Failure::Message(self.timeout_message(&request.task)))
                }
                Err(RecvTimeoutError::Disconnected) if stop() => return Err(Failure::Stopped),
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(Failure::Message(self.crash_message(w)))
                }
            }
        }
    }

    /// Why a request ran out of time.
    fn timeout_message(&self, task: &Task) -> String {
        let seconds = self.limits.timeout.as_secs();
        match task {
            Task::Ocr { page } => format!(
                "timed out after {seconds} s recognising page {page}; the worker was stopped"
            ),
            _ => format!(
                "timed out after {seconds} s: the extractor hung on this file (a cyclic page tree or an endless content stream?); the worker was stopped"
            ),
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

/// The worker's side: answer each request line on `input` with one answer
/// line on `output`, until `input` ends.
pub fn serve(
    rules: &Rules,
    reader: &Reader,
    input: impl BufRead,
    output: impl Write,
) -> std::io::Result<()> {
    let service = Service {
        rules,
        reader,
        texts: None,
        other_rules: false,
    };
    service.serve(input, output)
}

/// What a worker answers with.
pub struct Service<'a> {
    pub rules: &'a Rules,
    pub reader: &'a Reader,
    /// The text entries to reuse and keep (`--text-cache`); none when the
    /// run keeps no cache.
    pub texts: Option<&'a TextCache>,
    /// The worker's rules are not the parent's: every report is
    /// [`DocReport::transient`].
    pub other_rules: bool,
}

impl Service<'_> {
    /// Answer each request line on `input` with one answer line on
    /// `output`, until `input` ends.
    pub fn serve(&self, input: impl BufRead, mut output: impl Write) -> std::io::Result<()> {
        for line in input.lines() {
            let req: Request = serde_json::from_str(&line?)?;
            let mut answer = self.answer(&req);
            if let (true, Answer::Report(report)) = (self.other_rules, &mut answer) {
                report.transient = true;
            }
            let json = serde_json::to_string(&answer)?;
            writeln!(output, "{json}")?;
            output.flush()?;
        }
        Ok(())
    }

    /// The answer to one request; a panic becomes an `error` report (or a
    /// failed page).
    fn answer(&self, req: &Request) -> Answer {
        let bytes = match baocao_pdf::read_file(&req.path) {
            Ok(b) => b,
            Err(e) => return failed(req, e.to_string()),
        };
        catch_unwind(AssertUnwindSafe(|| match &req.task {
            Task::Analyze => self.analysis(req, &bytes, OcrSource::Ask),
            Task::AnalyzeWith { pages, failed } => {
                let failed: Vec<PageError> = failed
                    .iter()
                    .map(|(page, message)| PageError {
                        page: *page,
                        message: message.clone(),
                    })
                    .collect();
                let source = OcrSource::Given {
                    pages,
                    failed: &failed,
                };
                self.analysis(req, &bytes, source)
            }
            Task::Ocr { page } => Answer::Page {
                ocr_page: self.reader.ocr_page(&req.path, &bytes, *page),
            },
        }))
        .unwrap_or_else(|p| {
            let message = format!("internal error: {}", baocao_pdf::extract::panic_message(&p));
            failed(req, message)
        })
    }

    /// The report of a file: its text from the text entries when one is
    /// kept for its bytes, else read (and kept); then the rules.
    fn analysis(&self, req: &Request, bytes: &[u8], source: OcrSource<'_>) -> Answer {
        let content = self.texts.map(|_| crate::cache::bytes_hash(bytes));
        let kept = self.texts.zip(content.as_deref());
        if let Some(x) = kept.and_then(|(texts, c)| texts.get(c)) {
            let mut report = analyze::apply(self.rules, &req.file, &x);
            report.text_reused = true;
            return Answer::Report(Box::new(report));
        }
        match analyze::extract_with(self.reader, bytes, source) {
            Extract::Done(x) => {
                if let Some((texts, c)) = kept.filter(|_| x.keepable()) {
                    // A text not kept is read again next time: nothing lost.
                    let _ = texts.put(c, &x);
                }
                Answer::Report(Box::new(analyze::apply(self.rules, &req.file, &x)))
            }
            Extract::Failed(status, message) => {
                Answer::Report(Box::new(DocReport::failed(&req.file, status, message)))
            }
            Extract::NeedsOcr(pages) => Answer::NeedsOcr { needs_ocr: pages },
        }
    }
}

/// A report as a worker's answer line (what the analysis cache keeps).
pub fn report_line(report: &DocReport) -> serde_json::Result<String> {
    let mut report = report.clone();
    report.text_reused = false;
    serde_json::to_string(&Answer::Report(Box::new(report)))
}

/// The report of a worker's answer line (`None` when it holds none).
pub fn report_from_line(line: &str) -> Option<DocReport> {
    serde_json::from_str(line).ok()
}

/// A worker's answer line. Most are reports, read as such: an untagged
/// [`Answer`] is buffered whole before its variant is found, which costs
/// as much again as reading the report.
fn parse_answer(line: &str) -> serde_json::Result<Answer> {
    match report_from_line(line) {
        Some(report) => Ok(Answer::Report(Box::new(report))),
        None => serde_json::from_str(line),
    }
}

/// The answer to a request that failed: an `error` report, or a failed page.
fn failed(req: &Request, message: String) -> Answer {
    match req.task {
        Task::Ocr { .. } => Answer::Page {
            ocr_page: Err(message),
        },
        _ => Answer::Report(Box::new(DocReport::failed(
            &req.file,
            Status::Error,
            message,
        ))),
    }
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
            ocr: OcrSetup::off(),
            texts: None,
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
        let r = p.analyze_until(Path::new("/nonexistent.pdf"), "x.pdf", &stop, &|_| {});
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
                task: Task::Analyze,
            },
            Request {
                path: Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"),
                file: "README.md".into(),
                task: Task::Analyze,
            },
        ]
        .map(|r| serde_json::to_string(&r).unwrap())
        .join("\n");
        let mut out = Vec::new();
        let reader = Reader::new(&rules, &OcrSetup::off());
        serve(&rules, &reader, requests.as_bytes(), &mut out).unwrap();
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
    fn the_pages_a_worker_needs_are_spread_then_given_back() {
        let done = DocReport::failed("x.pdf", Status::Ok, "read with the pages");
        let report = serde_json::to_string(&done).unwrap();
        let script = format!(
            r#"while read line; do
                 case "$line" in
                   *'"ocr":{{"page":2}}'*) echo '{{"ocr_page":{{"Err":"tesseract not installed"}}}}' ;;
                   *'"ocr":'*) echo '{{"ocr_page":{{"Ok":{{"number":1,"lines":[],"words":[],"mean_confidence":0.0,"seconds":0.1}}}}}}' ;;
                   *'"failed":[[2,"tesseract not installed"]]'*) echo '{report}' ;;
                   *analyze_with*) echo 'unexpected' ;;
                   *) echo '{{"needs_ocr":[1,2]}}' ;;
                 esac
               done"#
        );
        let p = pool(&script, 5000);
        let events = Mutex::new(Vec::new());
        let r = p
            .analyze_until(Path::new("/nonexistent.pdf"), "x.pdf", &|| false, &|e| {
                events.lock().unwrap().push(format!("{e:?}"));
            })
            .unwrap();
        assert_eq!(r.message, "read with the pages");
        assert_eq!(*events.lock().unwrap(), ["Planned(2)", "Done", "Done"]);
    }

    #[test]
    fn a_hanging_ocr_page_is_a_failed_page_not_a_lost_file() {
        let done = DocReport::failed("x.pdf", Status::NoText, "no text");
        let report = serde_json::to_string(&done).unwrap();
        let script = format!(
            r#"while read line; do
                 case "$line" in
                   *'"ocr":'*) sleep 30 ;;
                   *'recognising page 1'*) echo '{report}' ;;
                   *) echo '{{"needs_ocr":[1]}}' ;;
                 esac
               done"#
        );
        let p = pool(&script, 300);
        let r = ask(&p);
        assert_eq!(r.status, Status::NoText, "{}", r.message);
    }

    #[test]
    fn the_ocr_program_deadline_is_under_half_the_request() {
        assert_eq!(
            ocr_program_timeout(Duration::from_secs(60)),
            Duration::from_secs(27)
        );
        assert_eq!(
            ocr_program_timeout(Duration::from_millis(100)),
            Duration::from_secs(1)
        );
    }

    #[test]
    fn a_report_line_reads_back_and_other_lines_do_not() {
        let report = DocReport::failed("x.pdf", Status::NoText, "fine");
        let line = report_line(&report).unwrap();
        assert_eq!(report_from_line(&line).unwrap().message, "fine");
        assert!(report_from_line("{\"needs_ocr\":[1]}").is_none());
        assert!(report_from_line("not json").is_none());
    }

    /// A worker keeps the text of a file it read and, asked again (as
    /// after a rules edit), runs the rules on the kept text without reading
    /// the file: a kept text altered by hand shows in the report.
    #[test]
    fn a_kept_text_is_analysed_instead_of_the_file() {
        let rules = Rules::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")).unwrap();
        let reader = Reader::new(&rules, &OcrSetup::off());
        let dir = tempfile::tempdir().unwrap();
        let texts =
            TextCache::open(dir.path(), false, &crate::lexicon::fingerprint(&rules)).unwrap();
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/phuong-kim-tra/569-BC-UBND.pdf");
        let request = serde_json::to_string(&Request {
            path: path.clone(),
            file: "569.pdf".into(),
            task: Task::Analyze,
        })
        .unwrap();
        let service = Service {
            rules: &rules,
            reader: &reader,
            texts: Some(&texts),
            other_rules: false,
        };
        let answer = || {
            let mut out = Vec::new();
            service.serve(request.as_bytes(), &mut out).unwrap();
            report_from_line(String::from_utf8(out).unwrap().trim_end()).unwrap()
        };
        let first = answer();
        let content = crate::cache::bytes_hash(&std::fs::read(&path).unwrap());
        let mut kept = texts.get(&content).expect("the text is kept");
        assert!(!first.text_reused);
        let again = answer();
        assert!(again.text_reused, "analysed from the kept text");
        let again = DocReport {
            text_reused: false,
            ..again
        };
        assert_eq!(again, first, "the kept text gives the same report");
        let poor = |r: &DocReport| {
            r.figures
                .iter()
                .filter(|f| f.figure.metric == "poor_households")
                .count()
        };
        assert!(poor(&first) > 0);
        kept.text = baocao_viet::text::DocText::from_text(
            "Ủy ban nhân dân phường Kim Trà. Không có số liệu.",
        );
        texts.put(&content, &kept).unwrap();
        let second = answer();
        assert_eq!(poor(&second), 0, "read from the kept text, not the file");
        assert_eq!(second.signatures, first.signatures);
    }

    #[test]
    fn a_worker_with_other_rules_answers_transient_reports() {
        let rules = Rules::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")).unwrap();
        let reader = Reader::new(&rules, &OcrSetup::off());
        let request = serde_json::to_string(&Request {
            path: Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"),
            file: "README.md".into(),
            task: Task::Analyze,
        })
        .unwrap();
        let answer = |other_rules| {
            let mut out = Vec::new();
            let service = Service {
                rules: &rules,
                reader: &reader,
                texts: None,
                other_rules,
            };
            service.serve(request.as_bytes(), &mut out).unwrap();
            report_from_line(String::from_utf8(out).unwrap().trim_end()).unwrap()
        };
        assert!(!answer(false).transient);
        assert!(answer(true).transient);
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
