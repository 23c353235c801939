//! Files that could not be read are named where a clerk looks: the summary
//! lists each with its status and reason (the first five, then how many
//! more), checks.csv has one `unreadable_file` row per file, report.html a
//! section "Tệp không đọc được" with file, status, reason and what to do;
//! files that are not PDFs are counted as skipped. A truncated file opens
//! through xref recovery: it is read, not named. The runs here leave scans
//! unread (`--no-ocr`): OCR is tests/scans.rs's.

mod common;

use std::path::{Path, PathBuf};

/// Seven files that cannot be read, two truncated ones that can, a scan,
/// a good report and two files that are not PDFs.
fn input(dir: &Path) -> PathBuf {
    let input = dir.join("reports");
    let bad = "tests/fixtures/bad";
    common::copy_into(
        &input,
        &[
            (&format!("{bad}/encrypted.pdf"), "encrypted.pdf"),
            (
                &format!("{bad}/not-a-pdf-bao-cao.pdf"),
                "not-a-pdf-bao-cao.pdf",
            ),
            (&format!("{bad}/truncated.pdf"), "truncated.pdf"),
            (&format!("{bad}/zero-bytes.pdf"), "zero-bytes.pdf"),
            (&format!("{bad}/zero-bytes.pdf"), "z/zero-1.pdf"),
            (&format!("{bad}/zero-bytes.pdf"), "z/zero-2.pdf"),
            (&format!("{bad}/encrypted.pdf"), "z/encrypted-2.pdf"),
            (&format!("{bad}/zero-bytes.pdf"), "z/zero-3.pdf"),
            (&format!("{bad}/scanned-image-only.pdf"), "scan.pdf"),
            ("corpus/phuong-kim-tra/440-BC-UBND.pdf", "kim-tra/440.pdf"),
        ],
    );
    std::fs::write(input.join("ghi-chu.txt"), "ghi chú").unwrap();
    std::fs::write(input.join("kim-tra/bao-cao.docx"), "x").unwrap();
    input
}

const UNREAD: [(&str, &str); 7] = [
    ("encrypted.pdf", "encrypted"),
    ("not-a-pdf-bao-cao.pdf", "not_pdf"),
    ("z/encrypted-2.pdf", "encrypted"),
    ("z/zero-1.pdf", "corrupt"),
    ("z/zero-2.pdf", "corrupt"),
    ("z/zero-3.pdf", "corrupt"),
    ("zero-bytes.pdf", "corrupt"),
];

#[test]
fn every_unread_file_is_named_in_the_summary_checks_and_report() {
    let dir = tempfile::tempdir().unwrap();
    let input = input(dir.path());
    let out = dir.path().join("out");
    let run = common::run(&input, &out, &["--jobs", "2", "--no-ocr", "--no-cache"]);
    assert_eq!(run.code, Some(1), "some files failed: {}", run.stderr);

    let first = run.stdout.lines().next().unwrap();
    assert!(
        first.starts_with("10 tệp PDF: 2 đọc được, 1 không có lớp chữ, 7 không đọc được; 2 tệp khác bị bỏ qua (không phải PDF);"),
        "{}",
        run.stdout
    );
    let errors: usize = first
        .split("kiểm tra: ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(errors >= 7, "every unread file is an error: {first}");
    assert!(
        run.stdout
            .contains("\nTệp không đọc được:\n  encrypted.pdf — Bị mã hóa: "),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("\n  not-a-pdf-bao-cao.pdf — Không phải PDF: "),
        "{}",
        run.stdout
    );
    let listed = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("  ") && l.contains(".pdf — "))
        .count();
    assert_eq!(listed, 5, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("… và 2 tệp khác (xem documents.csv, checks.csv, report.html)"),
        "{}",
        run.stdout
    );

    let checks = common::read_csv(&out.join("checks.csv"));
    let mut rows: Vec<(&str, &str)> = checks
        .iter()
        .filter(|c| c["check"] == "unreadable_file")
        .map(|c| {
            assert_eq!(c["severity"], "error", "{c:?}");
            (c["file"].as_str(), c["detail"].as_str())
        })
        .collect();
    rows.sort();
    let files: Vec<&str> = rows.iter().map(|(f, _)| *f).collect();
    let mut want: Vec<&str> = UNREAD.iter().map(|(f, _)| *f).collect();
    want.sort();
    assert_eq!(files, want, "one row per unread file");
    let encrypted = rows.iter().find(|(f, _)| *f == "encrypted.pdf").unwrap().1;
    assert!(
        encrypted
            .starts_with("Bị mã hóa. Đề nghị đơn vị gửi lại bản không đặt mật khẩu. Chi tiết: "),
        "{encrypted}"
    );
    let zero = rows.iter().find(|(f, _)| *f == "zero-bytes.pdf").unwrap().1;
    assert!(zero.starts_with("Tệp hỏng. "), "{zero}");

    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let section = section(&html, "unread");
    assert!(section.contains("<h2>Tệp không đọc được</h2>"), "{section}");
    for (file, status) in UNREAD {
        let row = format!("<tr data-file=\"{file}\" data-status=\"{status}\">");
        assert!(section.contains(&row), "{row} in {section}");
    }
    assert!(section.contains("Đề nghị đơn vị gửi lại bản không đặt mật khẩu"));
    assert!(section.contains("Tệp không phải PDF trong thư mục, không được đọc (2): ghi-chu.txt, kim-tra/bao-cao.docx"), "{section}");
    assert!(
        !section.contains("scan.pdf"),
        "a scan is read, not unreadable"
    );
    assert!(
        !section.contains("\"truncated.pdf\""),
        "a truncated file is recovered, not unreadable"
    );

    let manifest = baocao::output::manifest::Manifest::read(&out).unwrap();
    assert_eq!(
        (manifest.run.pdf_files, manifest.run.skipped_files),
        (10, 2)
    );
}

#[test]
fn in_english_too() {
    let dir = tempfile::tempdir().unwrap();
    let input = input(dir.path());
    let out = dir.path().join("out");
    let run = common::run(
        &input,
        &out,
        &["--lang", "en", "--jobs", "2", "--no-ocr", "--no-cache"],
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stdout.starts_with(
            "10 PDF files: 2 ok, 1 without text, 7 failed; 2 other files skipped (not PDF);"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("\nFiles not read:\n  encrypted.pdf — Encrypted: "),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("… and 2 more"), "{}", run.stdout);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(section(&html, "unread").contains("Ask the unit for a copy without a password"));
}

/// The `<section id=ID>` of the page.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<section id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no section {id}"));
    let end = html[start..].find("</section>").unwrap() + start;
    &html[start..end]
}
