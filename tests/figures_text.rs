//! `baocao figures` on text: a paragraph on standard input or a `.txt` file
//! gives the figures the rules find in it, in each output format.

use std::io::Write;
use std::process::{Command, Stdio};

fn baocao(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const PARAGRAPH: &str = "Trong 5 năm, phường đã hỗ trợ xây mới, sửa chữa nhà ở cho 106 hộ nghèo \
(Hương Toàn 40 hộ, Hương Xuân 66 hộ) với tổng kinh phí 2,9 tỷ đồng.";

#[test]
fn a_paragraph_on_stdin_gives_its_figures_and_breakdown() {
    let (code, out, err) = baocao(
        &["figures", "-", "--unit", "Kim Trà", "--format", "tsv"],
        PARAGRAPH,
    );
    assert_eq!(code, 0, "{err}");
    let rows: Vec<Vec<&str>> = out
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect();
    let found: Vec<(&str, &str, &str)> = rows.iter().map(|r| (r[0], r[1], r[2])).collect();
    assert_eq!(
        found,
        [
            ("houses_supported", "", "106"),
            ("houses_supported_cost", "", "2900000000"),
            ("houses_supported", "Hương Toàn", "40"),
            ("houses_supported", "Hương Xuân", "66"),
        ]
    );
}

#[test]
fn json_output_parses_and_a_text_file_reads_like_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doan.txt");
    std::fs::write(&path, format!("{PARAGRAPH}\n")).unwrap();
    let p = path.to_str().unwrap();
    let (code, out, err) = baocao(&["figures", p, "--unit", "Kim Trà", "--format", "json"], "");
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let metrics: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["metric"].as_str().unwrap())
        .collect();
    assert_eq!(metrics.len(), 4, "{out}");
    assert!(metrics.contains(&"houses_supported_cost"));
}

#[test]
fn an_unknown_kind_is_a_usage_error() {
    let (code, _, err) = baocao(&["figures", "-", "--kind", "no_such_kind"], PARAGRAPH);
    assert_eq!(code, 2);
    assert!(err.contains("no_such_kind"), "{err}");
}
