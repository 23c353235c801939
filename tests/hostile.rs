//! No file stops the batch: `baocao run` over the bad fixtures, PDFs built
//! here to crash pdf-extract (panics, stack overflow through a self-drawing
//! Form XObject, endless recursion up a cyclic /Parent chain), and good
//! reports beside them. Every file gets a row with the right status, the run
//! ends well within its timeout, and the good files are fully extracted.
//! The pages pdf-extract panics on are read by the reading ladder's second
//! extractor (issue #12): those files are `ok`, with their text.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

/// A minimal PDF with correct cross-reference offsets.
fn pdf(objects: &[String]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

fn stream(dict: &str, body: &str) -> String {
    format!(
        "<< {dict} /Length {} >>\nstream\n{body}\nendstream",
        body.len()
    )
}

/// The text of the pages pdf-extract panics on, which the fallback reads.
const READ_BY_THE_FALLBACK: &str = "Hello from a page pdf-extract cannot read";

const CATALOG: &str = "<< /Type /Catalog /Pages 2 0 R >>";
const PAGES: &str = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
const HELVETICA: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

fn hostile_files() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let page = |res: &str| {
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << {res} >> /Contents 4 0 R >>")
    };
    vec![
        (
            "self-drawing-xobject.pdf",
            pdf(&[
                CATALOG.into(),
                PAGES.into(),
                page("/XObject << /X0 5 0 R >> /Font << /F1 6 0 R >>"),
                stream("", "BT /F1 12 Tf 72 700 Td (Hello) Tj ET /X0 Do"),
                stream("/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /XObject << /X0 5 0 R >> >>", "/X0 Do"),
                HELVETICA.into(),
            ]),
            "self-referencing Form XObject",
        ),
        (
            "cyclic-parent.pdf",
            pdf(&[
                CATALOG.into(),
                PAGES.into(),
                "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".into(),
                stream("", "BT 72 700 Td (Hi) Tj ET"),
            ]),
            "cyclic /Parent",
        ),
        (
            "panic-missing-font.pdf",
            pdf(&[CATALOG.into(), PAGES.into(), page(""), stream("", &format!("BT /F9 12 Tf 72 700 Td ({READ_BY_THE_FALLBACK}) Tj ET"))]),
            READ_BY_THE_FALLBACK,
        ),
        (
            "panic-bad-widths.pdf",
            pdf(&[
                CATALOG.into(),
                PAGES.into(),
                page("/Font << /F1 5 0 R >>"),
                stream("", &format!("BT /F1 12 Tf 72 700 Td ({READ_BY_THE_FALLBACK}) Tj ET")),
                "<< /Type /Font /Subtype /TrueType /BaseFont /Foo /FirstChar 200 /LastChar 100 /Widths [1 2] >>".into(),
            ]),
            READ_BY_THE_FALLBACK,
        ),
    ]
}

#[test]
fn hostile_files_never_stop_the_batch() {
    let dir = std::env::temp_dir().join(format!("baocao-hostile-{}", std::process::id()));
    let out = dir.join("out");
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    let bad = common::root().join("tests/fixtures/bad");
    let bad_truth = common::truth(&bad.join("truth.json"));
    for d in bad_truth["documents"].as_array().unwrap() {
        let f = d["file"].as_str().unwrap();
        std::fs::copy(bad.join(f), input.join(f)).unwrap();
    }
    for (name, bytes, _) in hostile_files() {
        std::fs::write(input.join(name), bytes).unwrap();
    }
    let good = [
        "phuong-kim-tra/569-BC-UBND.pdf",
        "xa-khe-tre/444-BC-UBND.pdf",
    ];
    for g in good {
        std::fs::copy(
            common::root().join("corpus").join(g),
            input.join(g.replace('/', "--")),
        )
        .unwrap();
    }

    let started = Instant::now();
    // Without OCR: the truth gives each file's status from its text layer (with OCR, the image-only
    // scan reads as the page it shows: tests/scans.rs).
    let run = common::run(
        &input,
        &out,
        &["--timeout", "20", "--jobs", "2", "--no-ocr"],
    );
    let took = started.elapsed();
    println!("{}", run.stdout);
    assert_eq!(
        run.code,
        Some(1),
        "some files failed, so exit code 1; stderr: {}",
        run.stderr
    );
    assert!(took < Duration::from_secs(60), "the run took {took:?}");

    let rows = common::read_csv(&out.join("documents.csv"));
    let by_file: BTreeMap<&str, &BTreeMap<String, String>> =
        rows.iter().map(|r| (r["file"].as_str(), r)).collect();
    assert_eq!(rows.len(), 5 + 4 + 2, "every file has a row");
    for d in bad_truth["documents"].as_array().unwrap() {
        let f = d["file"].as_str().unwrap();
        assert_eq!(
            by_file[f]["status"],
            d["status"].as_str().unwrap(),
            "{f}: {}",
            by_file[f]["message"]
        );
        assert!(
            d["status"] == "ok" || !by_file[f]["message"].is_empty(),
            "{f} needs a message"
        );
    }
    for (name, _, why) in hostile_files() {
        let row = by_file[name];
        if why == READ_BY_THE_FALLBACK {
            assert_eq!(row["status"], "ok", "{name}: {row:?}");
            continue;
        }
        assert_eq!(row["status"], "error", "{name}: {row:?}");
        assert!(
            row["message"].contains("fail") || row["message"].contains("refused"),
            "{name}: {}",
            row["message"]
        );
        let checks = common::read_csv(&out.join("checks.csv"));
        assert!(
            row["message"].contains(why)
                || checks
                    .iter()
                    .any(|c| c["file"] == name && c["detail"].contains(why)),
            "{name}: message should name the cause `{why}`: {}",
            row["message"]
        );
    }
    let figures = common::read_csv(&out.join("figures.csv"));
    let truth = common::truth(&common::root().join("corpus/truth.json"));
    for g in good {
        let name = g.replace('/', "--");
        assert_eq!(by_file[name.as_str()]["status"], "ok");
        let want = truth["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["file"] == g)
            .unwrap()["figures"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| !f["optional"].as_bool().unwrap_or(false))
            .count();
        let got = figures.iter().filter(|f| f["file"] == name).count();
        assert!(
            got >= want,
            "{name}: {got} figures beside hostile files, {want} expected"
        );
    }
    let _ = std::fs::remove_dir_all(Path::new(&dir));
}

#[test]
fn a_decompression_bomb_hits_the_worker_memory_limit_and_the_batch_goes_on() {
    let dir = std::env::temp_dir().join(format!("baocao-bomb-{}", std::process::id()));
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::copy(
        common::root().join("tests/fixtures/hostile/inflates-to-1gib.pdf"),
        input.join("bomb.pdf"),
    )
    .unwrap();
    std::fs::copy(
        common::root().join("corpus/phuong-kim-tra/569-BC-UBND.pdf"),
        input.join("seed.pdf"),
    )
    .unwrap();
    let run = common::run(
        &input,
        &dir.join("out"),
        &["--max-memory-mb", "512", "--timeout", "60", "--quiet"],
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let rows = common::read_csv(&dir.join("out/documents.csv"));
    let row = |f: &str| {
        rows.iter()
            .find(|r| r["file"] == f)
            .unwrap_or_else(|| panic!("no row for {f}"))
    };
    assert_eq!(row("bomb.pdf")["status"], "error");
    assert!(
        row("bomb.pdf")["message"].contains("512 MiB memory limit"),
        "{}",
        row("bomb.pdf")["message"]
    );
    assert_eq!(
        row("seed.pdf")["status"],
        "ok",
        "a normal report fits in the same limit"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
