//! What was checked is said, no more: a signature whose digest matches
//! shows "content unchanged since signing", never "valid", and certificate
//! trust is named as not checked — in `baocao signatures` and in report.html.

mod common;

fn signatures(file: &str) -> String {
    let o = common::baocao_in(&common::root(), &["signatures", file]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn the_timeline_says_content_unchanged_and_trust_not_checked() {
    let seed = signatures("corpus/phuong-kim-tra/569-BC-UBND.pdf");
    assert_eq!(
        seed.matches("content unchanged since this signature (digest matches)")
            .count(),
        4,
        "{seed}"
    );
    assert!(!seed.to_lowercase().contains("signature valid"), "{seed}");
    assert!(
        seed.ends_with("certificate trust: not checked (whether each signer's certificate is valid, unrevoked and issued by a trusted authority)\n"),
        "{seed}"
    );
    let flipped = signatures("corpus/phuong-an-cuu/227-BC-UBND.pdf");
    assert!(
        flipped.contains("CONTENT CHANGED SINCE THIS SIGNATURE (digest mismatch)"),
        "{flipped}"
    );
}

#[test]
fn the_report_says_what_the_signatures_show() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    common::copy_into(
        &input,
        &[
            ("corpus/phuong-kim-tra/569-BC-UBND.pdf", "569.pdf"),
            ("corpus/phuong-an-cuu/227-BC-UBND.pdf", "227.pdf"),
            ("corpus/xa-phu-vang/435-BC-UBND.pdf", "435.pdf"),
        ],
    );
    let out = dir.path().join("out");
    let run = common::run(&input, &out, &["--quiet"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let start = html.find("<section id=\"signatures\">").unwrap();
    let section = &html[start..start + html[start..].find("</section>").unwrap()];
    assert!(
        section.contains("Chưa kiểm tra: chứng thư số của người ký"),
        "{section}"
    );
    assert!(section.contains("không có nghĩa là chữ ký có giá trị pháp lý"));
    let row = |file: &str| {
        let at = section
            .find(&format!("<tr data-file=\"{file}\">"))
            .unwrap_or_else(|| panic!("no row for {file}"));
        &section[at..at + section[at..].find("</tr>").unwrap()]
    };
    assert!(
        row("569.pdf").contains("<td>Có</td><td>chưa kiểm tra</td>"),
        "{}",
        row("569.pdf")
    );
    assert!(
        row("227.pdf").contains("Không — đã bị thay đổi"),
        "{}",
        row("227.pdf")
    );
    assert!(
        row("435.pdf").contains("không có chữ ký"),
        "{}",
        row("435.pdf")
    );
}
