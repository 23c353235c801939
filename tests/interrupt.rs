//! Whole outputs: runs over a batch of about a hundred files are stopped at
//! random moments by SIGINT (to the process, or to its whole process group
//! as Ctrl-C does), SIGTERM or SIGKILL, and after each one OUT is complete
//! and consistent — exactly the files its manifest lists, with their
//! digests (so no temporary file and every file from one run), as many
//! documents.csv rows and report.html files as that run read, never an
//! older run than before — or absent while no run has finished. A stopped
//! run says what it did; no worker outlives its run; what a killed run
//! leaves beside OUT is cleared by the next one.
//!
//! The moments are random: the seed is printed (set `BAOCAO_INTERRUPT_SEED`
//! to repeat a sequence, `BAOCAO_INTERRUPT_ROUNDS` for more rounds).

mod common;

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use baocao::output::manifest::Manifest;

/// Marks each test's workers (`--max-memory-mb`), to find any left behind.
const LOOP_MARK: &str = "3071";
const CTRL_C_MARK: &str = "3069";

/// About a hundred files: small reports (read in a fraction of a second
/// each) and broken files (refused at once).
fn batch(dir: &Path) -> PathBuf {
    let input = dir.join("in");
    let reports = [
        "corpus/phuong-kim-tra/440-BC-UBND.pdf",
        "corpus/phuong-huong-thuy/522-BC-UBND.pdf",
        "corpus/phuong-phong-dien/634-BC-UBND.pdf",
    ];
    let broken = [
        "tests/fixtures/bad/zero-bytes.pdf",
        "tests/fixtures/bad/encrypted.pdf",
        "tests/fixtures/bad/not-a-pdf-bao-cao.pdf",
    ];
    let mut files = Vec::new();
    for i in 0..12 {
        files.push((reports[i % 3], format!("r/{i:03}.pdf")));
    }
    for i in 0..84 {
        files.push((broken[i % 3], format!("b/{i:03}.pdf")));
    }
    let files: Vec<(&str, &str)> = files.iter().map(|(f, t)| (*f, t.as_str())).collect();
    common::copy_into(&input, &files);
    input
}

/// A small random number generator (xorshift), seeded and printed.
struct Random(u64);

impl Random {
    fn new() -> Random {
        let seed = std::env::var("BAOCAO_INTERRUPT_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
                    | 1
            });
        common::say(&format!("interrupt: BAOCAO_INTERRUPT_SEED={seed}"));
        Random(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// How a run is stopped.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Stop {
    /// SIGINT to baocao only.
    Int,
    /// SIGINT to its process group (workers too), as Ctrl-C in a terminal.
    CtrlC,
    Term,
    Kill,
}

/// A `baocao run` in its own process group, its workers marked with `mark`.
fn start(input: &Path, out: &Path, mark: &str) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_baocao"))
        .arg("run")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(["--jobs", "2", "--format", "csv,parquet,xlsx", "--no-cache"])
        .args(["--max-memory-mb", mark])
        .process_group(0)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("baocao starts")
}

fn signal(pid: u32, stop: Stop) {
    let pid = pid as libc::pid_t;
    let (target, sig) = match stop {
        Stop::Int => (pid, libc::SIGINT),
        Stop::CtrlC => (-pid, libc::SIGINT),
        Stop::Term => (pid, libc::SIGTERM),
        Stop::Kill => (pid, libc::SIGKILL),
    };
    // SAFETY: sends a signal to the child (or its group) this test started.
    unsafe {
        libc::kill(target, sig);
    }
}

/// When run `pid` starts writing its folder beside `out` (its first table
/// appears), or `None` if it ends before.
fn writing_begins(out: &Path, pid: u32, child: &mut std::process::Child) -> Option<Instant> {
    let name = out.file_name().unwrap().to_string_lossy();
    let first = out
        .with_file_name(format!(".{name}.baocao-{pid}"))
        .join("documents.csv");
    loop {
        if first.exists() {
            return Some(Instant::now());
        }
        if child.try_wait().ok().flatten().is_some() {
            return None;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// What a consistent OUT held.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Seen {
    pdf_files: usize,
}

/// OUT is absent or complete and consistent; what it holds.
fn check_out(out: &Path) -> Option<Seen> {
    if !out.exists() {
        return None;
    }
    let manifest = Manifest::read(out).unwrap_or_else(|e| panic!("OUT without a manifest: {e}"));
    manifest
        .verify(out)
        .unwrap_or_else(|e| panic!("OUT is not the output of one run: {e}"));
    let n = manifest.run.pdf_files;
    let documents = common::read_csv(&out.join("documents.csv"));
    assert_eq!(
        documents.len(),
        n,
        "documents.csv is not from the manifest's run"
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let card = format!("<div class=\"card\"><b>{n}</b>Tệp PDF</div>");
    assert!(
        html.contains(&card),
        "report.html is not from the manifest's run"
    );
    Some(Seen { pdf_files: n })
}

/// The names beside OUT other than OUT and OUT.prev.
fn beside(out: &Path) -> Vec<String> {
    let name = out.file_name().unwrap().to_string_lossy().into_owned();
    let mut v: Vec<String> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| *n != name && *n != format!("{name}.prev"))
        .collect();
    v.sort();
    v
}

/// Processes of the workers marked `mark` still alive.
fn workers_left(mark: &str) -> Vec<String> {
    let mut left = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(cmd) = std::fs::read(e.path().join("cmdline")) else {
            continue;
        };
        let cmd = String::from_utf8_lossy(&cmd).replace('\0', " ");
        if cmd.contains("__worker") && cmd.contains(&format!("--max-memory-mb {mark}")) {
            let stat = std::fs::read_to_string(e.path().join("stat")).unwrap_or_default();
            if !stat.contains(") Z ") {
                left.push(cmd);
            }
        }
    }
    left
}

/// Wait until no worker marked `mark` is left (PDEATHSIG is asynchronous).
fn no_workers_left(mark: &str) {
    let until = Instant::now() + Duration::from_secs(5);
    while !workers_left(mark).is_empty() {
        assert!(
            Instant::now() < until,
            "workers left behind: {:?}",
            workers_left(mark)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn out_is_always_one_complete_run_whatever_stops_it() {
    let dir = tempfile::tempdir().unwrap();
    let input = batch(dir.path());
    let out = dir.path().join("work/out");
    let rounds: usize = std::env::var("BAOCAO_INTERRUPT_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(16);

    // How long a whole run takes, and its writing phase (from the first
    // table in the run's folder to the end); the second of two runs.
    let timing = dir.path().join("timing");
    let (mut full, mut writing) = (Duration::ZERO, Duration::ZERO);
    for _ in 0..2 {
        let started = Instant::now();
        let mut child = start(&input, &timing, LOOP_MARK);
        let began = writing_begins(&timing, child.id(), &mut child);
        let o = child.wait_with_output().unwrap();
        full = started.elapsed();
        writing = began.map_or(Duration::ZERO, |t| t.elapsed());
        assert_eq!(
            o.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(check_out(&timing), Some(Seen { pdf_files: 96 }));
    }
    common::say(&format!(
        "interrupt: a run takes {full:.2?}, its writing phase {writing:.2?}"
    ));

    // OUT holds a complete run before the first stop, so that every round
    // can check it is kept (and the last run has a previous output).
    let o = start(&input, &out, LOOP_MARK).wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let mut last = check_out(&out);
    assert_eq!(last, Some(Seen { pdf_files: 96 }));

    let mut random = Random::new();
    let mut stopped_in_order = 0;
    for round in 0..rounds {
        std::fs::copy(
            common::root().join("tests/fixtures/bad/zero-bytes.pdf"),
            input.join(format!("extra-{round:02}.pdf")),
        )
        .unwrap();
        let stop = [Stop::Int, Stop::CtrlC, Stop::Term, Stop::Kill][(random.next() % 4) as usize];
        // A third of the moments anywhere in a run, the others while it
        // writes its folder and swaps it in.
        let mut child = start(&input, &out, LOOP_MARK);
        let pid = child.id();
        let started = Instant::now();
        if random.next().is_multiple_of(3) {
            std::thread::sleep(full.mul_f64(random.unit() * 1.05));
        } else if writing_begins(&out, pid, &mut child).is_some() {
            std::thread::sleep(writing.mul_f64(random.unit() * 1.1));
        }
        let at = started.elapsed();
        signal(pid, stop);
        let o = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
        let phase = if stderr.contains("while writing") {
            " (while writing)"
        } else {
            ""
        };
        common::say(&format!(
            "interrupt: round {round}: {stop:?} at {at:.2?} of {full:.2?} → {:?}{phase}",
            o.status
        ));
        match (stop, o.status.code()) {
            (_, Some(0 | 1)) => {} // the run had finished
            (Stop::Kill, None) => {}
            (Stop::Int | Stop::CtrlC, Some(130)) | (Stop::Term, Some(143)) => {
                stopped_in_order += 1;
                assert!(stderr.contains("baocao: stopped by SIG"), "{stderr}");
                assert!(stderr.contains("nothing of this run was kept"), "{stderr}");
                assert!(
                    beside(&out).is_empty(),
                    "left beside OUT: {:?}",
                    beside(&out)
                );
            }
            (_, code) => panic!("{stop:?}: exit {code:?}: {stderr}"),
        }
        no_workers_left(LOOP_MARK);
        let seen = check_out(&out);
        if let Some(before) = last {
            let now = seen.unwrap_or_else(|| panic!("round {round}: OUT vanished"));
            assert!(
                now.pdf_files >= before.pdf_files,
                "an older run replaced a newer one"
            );
        }
        if let Some(n) = seen {
            assert!((96..=97 + round).contains(&n.pdf_files), "{n:?}");
        }
        last = seen.or(last);
    }
    common::say(&format!(
        "interrupt: {rounds} rounds, {stopped_in_order} stopped in order, last OUT {last:?}"
    ));

    let o = start(&input, &out, LOOP_MARK).wait_with_output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        check_out(&out),
        Some(Seen {
            pdf_files: 96 + rounds
        })
    );
    assert!(
        out.with_file_name("out.prev")
            .join("manifest.json")
            .exists(),
        "the previous output is kept"
    );
    assert!(beside(&out).is_empty(), "not cleared: {:?}", beside(&out));
    no_workers_left(LOOP_MARK);
}

#[test]
fn ctrl_c_says_what_it_did_and_leaves_out_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let input = batch(dir.path());
    let out = dir.path().join("work/out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("units.csv"), "the last complete output").unwrap();
    let child = start(&input, &out, CTRL_C_MARK);
    std::thread::sleep(Duration::from_millis(1500));
    signal(child.id(), Stop::Int);
    let o = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(130), "{stderr}");
    let message = stderr.trim();
    assert!(
        message.starts_with("baocao: stopped by SIGINT (Ctrl-C) after reading "),
        "{message}"
    );
    assert!(message.contains(" of 96 files; "), "{message}");
    assert!(
        message.ends_with(&format!(
            "nothing of this run was kept: {} still holds the previous complete output",
            out.canonicalize().unwrap().display()
        )),
        "{message}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("units.csv")).unwrap(),
        "the last complete output"
    );
    assert!(beside(&out).is_empty(), "{:?}", beside(&out));
    no_workers_left(CTRL_C_MARK);
}
