//! The exit codes README documents: 1 when a file could not be read, 2 for
//! unusable arguments or rules, 3 when an output cannot be written. What
//! cannot work is refused before any PDF is read: these runs are given the
//! whole corpus (half a minute of reading) and must end at once.

mod common;

use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn baocao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_baocao"))
        .current_dir(common::root())
        .args(args)
        .output()
        .expect("baocao runs")
}

fn code_and_stderr(args: &[&str]) -> (Option<i32>, String) {
    let out = baocao(args);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_file_that_is_not_a_pdf_is_a_failed_file_not_a_usage_error() {
    for command in ["signatures", "text", "sections", "figures"] {
        let (code, _) = code_and_stderr(&[command, "README.md"]);
        assert_eq!(code, Some(1), "baocao {command} README.md");
    }
    let (_, stderr) = code_and_stderr(&["signatures", "README.md"]);
    assert_eq!(
        stderr.trim(),
        "baocao: README.md: not a PDF file (no %PDF- header)"
    );
}

#[test]
fn unusable_arguments_and_rules_exit_2() {
    let (code, stderr) = code_and_stderr(&["run", "/nonexistent/reports"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(stderr.trim(), "baocao: /nonexistent/reports: not a folder");
    let (code, stderr) = code_and_stderr(&["rules", "check", "--rules", "tests"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.starts_with("baocao: rules: "), "{stderr}");
    let (code, _) = code_and_stderr(&["run", "--jobs", "many"]);
    assert_eq!(code, Some(2));
}

/// A run that must be refused: exit 2, the message, and no PDF read (it
/// ends well before the corpus could be read) and nothing written.
fn refused(args: &[&str], message: &str) {
    let started = Instant::now();
    let (code, stderr) = code_and_stderr(args);
    let took = started.elapsed();
    assert_eq!(code, Some(2), "{args:?}: {stderr}");
    assert!(stderr.contains(message), "{args:?}: {stderr}");
    assert!(took < Duration::from_secs(5), "{args:?} took {took:?}");
}

#[test]
fn a_folder_without_a_pdf_exits_2_naming_what_was_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("reports");
    std::fs::create_dir(&input).unwrap();
    let out = dir.path().join("out");
    let (input_s, out_s) = (input.to_str().unwrap(), out.to_str().unwrap());
    refused(
        &["run", input_s, "--out", out_s],
        &format!("baocao: {input_s}: no PDF file in this folder or below it"),
    );
    std::fs::write(input.join("bao-cao.docx"), b"x").unwrap();
    std::fs::write(input.join("ghi-chu.txt"), b"x").unwrap();
    refused(
        &["run", input_s, "--out", out_s],
        "(2 other file(s) skipped: only *.pdf is read)",
    );
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn an_out_that_is_a_file_or_holds_other_files_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let not_a_folder = dir.path().join("out");
    std::fs::write(&not_a_folder, b"a file where OUT should be").unwrap();
    let out = not_a_folder.to_str().unwrap();
    refused(
        &["run", "corpus", "--out", out],
        &format!("{out}: not a folder"),
    );
    let theirs = dir.path().join("theirs");
    std::fs::create_dir(&theirs).unwrap();
    std::fs::write(theirs.join("ke-hoach.xlsx"), b"someone's work").unwrap();
    refused(
        &["run", "corpus", "--out", theirs.to_str().unwrap()],
        "holds files baocao did not write (ke-hoach.xlsx)",
    );
    assert!(theirs.join("ke-hoach.xlsx").exists());
    refused(&["run", "corpus", "--out", "corpus"], "did not write");
}

#[test]
fn jobs_0_and_an_unknown_expected_kind_are_refused() {
    refused(&["run", "corpus", "--jobs", "0"], "--jobs");
    refused(
        &["run", "corpus", "--expect", "budget_q3"],
        "--expect budget_q3: not a report kind of the rules (known: emulation_awards_5y, socioeconomic_6m)",
    );
}

#[test]
fn an_output_folder_that_cannot_be_written_exits_3() {
    let (code, stderr) = code_and_stderr(&[
        "run",
        "corpus/phuong-kim-tra",
        "--quiet",
        "--out",
        "/proc/baocao-out",
    ]);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains("/proc"), "{stderr}");
}
