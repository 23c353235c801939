//! The exit codes README documents: 1 when a file could not be read, 2 for
//! unusable arguments or rules, 3 when an output cannot be written.

mod common;

use std::process::{Command, Output};

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
    assert!(stderr.contains("not a folder"), "{stderr}");
    let (code, stderr) = code_and_stderr(&["rules", "check", "--rules", "tests"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.starts_with("baocao: rules: "), "{stderr}");
    let (code, _) = code_and_stderr(&["run", "--jobs", "many"]);
    assert_eq!(code, Some(2));
}

#[test]
fn an_output_folder_that_cannot_be_written_exits_3() {
    let dir = tempfile::tempdir().unwrap();
    let not_a_folder = dir.path().join("out");
    std::fs::write(&not_a_folder, b"a file where OUT should be").unwrap();
    let out = not_a_folder.to_str().unwrap();
    let (code, stderr) =
        code_and_stderr(&["run", "corpus/phuong-kim-tra", "--quiet", "--out", out]);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains("documents.csv"), "{stderr}");
}
