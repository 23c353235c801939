//! `baocao run` over the real government PDFs (tests/fixtures/real, sources in
//! SOURCES.tsv): none is a ward report, but their letterheads are real, so
//! the document facts read from them must be right — including a dateline
//! left blank for the signing office to fill in.

mod common;

#[test]
fn letterhead_facts_of_real_documents() {
    let out = std::env::temp_dir().join(format!("baocao-real-{}", std::process::id()));
    let run = common::run(
        &common::root().join("tests/fixtures/real"),
        &out,
        // The text layers; with OCR, 24841 (a scan) reads too: tests/scans.rs.
        &["--quiet", "--no-ocr"],
    );
    assert_eq!(
        run.code,
        Some(0),
        "every real file is processed: {}",
        run.stderr
    );
    let rows = common::read_csv(&out.join("documents.csv"));
    let row = |prefix: &str| {
        rows.iter()
            .find(|r| r["file"].starts_with(prefix))
            .unwrap_or_else(|| panic!("no row for {prefix}"))
    };
    for (prefix, number, date) in [
        ("2006-16EZE", "01/2006/TT-NHNN", "2006-02-20"),
        ("3367-UB-", "3367/TTr-SNV", "2024-11-28"),
        ("58_CD-VPCP", "58/CĐ-VPCP", "2026-01-10"),
        ("779qdub", "779/QĐ-UBND", "2022-03-23"),
        ("QĐ 2536", "/QĐ-UBND", ""),
        ("Bao cao cac chi so", "/BC-SNV", ""),
    ] {
        let r = row(prefix);
        assert_eq!(
            (r["doc_number"].as_str(), r["doc_date"].as_str()),
            (number, date),
            "{prefix}"
        );
    }
    assert_eq!(row("24841")["status"], "no_text");
    assert_eq!(rows.len(), 13);
    let _ = std::fs::remove_dir_all(&out);
}
