//! Shared helpers for the integration tests: run the `baocao` binary, read
//! its CSV outputs and the generator-written truth.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// Project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `baocao` executable under test: `BAOCAO_BIN` when set, else the
/// one cargo built. (A target folder shared by several checkouts of the
/// project holds one `target/debug/baocao`, which another checkout's build
/// may replace while these tests run; `BAOCAO_BIN` names this checkout's
/// own build, e.g. its `target/debug/deps/baocao-<hash>`.)
pub fn bin() -> PathBuf {
    std::env::var_os("BAOCAO_BIN")
        .map_or_else(|| env!("CARGO_BIN_EXE_baocao").into(), PathBuf::from)
}

/// Result of one `baocao run`.
pub struct Run {
    pub out: PathBuf,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Run `baocao run DIR --out OUT` plus `extra` arguments.
pub fn run(dir: &Path, out: &Path, extra: &[&str]) -> Run {
    let output = Command::new(bin())
        .current_dir(root())
        .arg("run")
        .arg(dir)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("run baocao");
    Run {
        out: out.to_path_buf(),
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Run the `baocao` binary in folder `cwd` with `args`.
pub fn baocao_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_baocao"))
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("run baocao")
}

/// Write past the test harness's capture, so that a skip is seen in an
/// ordinary `cargo test` run.
pub fn say(msg: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{msg}");
}

/// Whether `tool` runs (`tool -v` or `--version` answers).
pub fn has_tool(tool: &str) -> bool {
    ["-v", "--version"].iter().any(|flag| {
        Command::new(tool)
            .arg(flag)
            .output()
            .is_ok_and(|o| o.status.success() || !o.stderr.is_empty())
    })
}

/// Whether a test may use `tool`. When it is missing, the test fails under
/// `CI=true` (CI must install it: .ci/run) and otherwise prints a visible
/// `SKIPPED` line with the command that installs it — never a silent pass.
pub fn require_tool(tool: &str, install: &str, test: &str) -> bool {
    if has_tool(tool) {
        return true;
    }
    let why = format!("{tool} is not installed ({install})");
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{test}: {why}; CI must install it (.ci/run)");
    }
    say(&format!("SKIPPED {test}: {why}"));
    false
}

/// Copy the folder `from` into `to`, subfolders and all.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Copy `files` (paths relative to the repository) into `dir` under the
/// given names.
pub fn copy_into(dir: &Path, files: &[(&str, &str)]) {
    for (from, to) in files {
        let to = dir.join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root().join(from), &to).unwrap_or_else(|e| panic!("{from}: {e}"));
    }
}

/// Rows of a CSV written by baocao, as header → value maps (BOM tolerated).
pub fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = String::from_utf8(bytes).expect("UTF-8");
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    r.records()
        .map(|rec| {
            let rec = rec.expect("record");
            headers
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

/// A CSV file as header → column index and rows of raw cells (BOM removed).
pub fn read_table(path: &Path) -> (BTreeMap<String, usize>, Vec<Vec<String>>) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let mut r = csv::Reader::from_reader(bytes);
    let header = r
        .headers()
        .expect("header")
        .iter()
        .enumerate()
        .map(|(i, h)| (h.to_string(), i))
        .collect();
    let rows = r
        .records()
        .map(|rec| rec.expect("record").iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

/// A truth file (corpus/truth.json or tests/fixtures/bad/truth.json).
pub fn truth(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("truth JSON")
}

/// NFC and canonical tone marks, as baocao writes names.
pub fn canon(s: &str) -> String {
    baocao_viet::normalize(s)
}

/// Precision and recall from counts.
pub fn pr(tp: usize, fp: usize, fn_: usize) -> (f64, f64) {
    let p = if tp + fp == 0 {
        1.0
    } else {
        tp as f64 / (tp + fp) as f64
    };
    let r = if tp + fn_ == 0 {
        1.0
    } else {
        tp as f64 / (tp + fn_) as f64
    };
    (p, r)
}

/// Whether OCR can run here (pdftoppm, tesseract and its `vie` data). When
/// it cannot, a test that needs it fails under `CI=true` (CI installs them:
/// `.ci/run`) and is skipped with a visible message otherwise.
pub fn ocr_available(test: &str) -> bool {
    let langs = Command::new("tesseract").arg("--list-langs").output();
    let renderer = Command::new("pdftoppm").arg("-v").output().is_ok();
    let vie = langs.is_ok_and(|o| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .any(|l| l.trim() == "vie")
    });
    if renderer && vie {
        return true;
    }
    let why = "OCR needs apt-get install poppler-utils tesseract-ocr tesseract-ocr-vie";
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{test}: {why}; CI must install them (.ci/run)");
    }
    eprintln!("SKIPPED {test}: {why}");
    false
}

/// An OCR cache shared by the tests of one build (OCR results depend only on
/// the file and tesseract, so sharing them changes no result).
pub fn shared_ocr_cache() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ocr-cache")
}

/// Run `baocao` with `args` from the project root.
pub fn baocao(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(bin())
        .current_dir(root())
        .args(args)
        .output()
        .expect("run baocao")
}
