//! OCR of scanned renditions of corpus reports with the real tesseract
//! (issue #12, step c), and tilted text layers made by another OCR tool.
//!
//! For each fixture of tests/fixtures/scans (tools/fixtures/scans.sh): every
//! figure-shaped token (numbers, dates, document numbers) of the born-digital
//! pages must appear in the OCR text, the character error rate against the
//! born-digital text (whitespace ignored) is printed and bounded, and so are
//! the seconds per page. Needs `tesseract` with `vie` and `pdftoppm`: the
//! tests fail under `CI=true` without them and are skipped, visibly,
//! elsewhere.

mod common;

use std::path::Path;

use baocao_pdf::ocr::{self, OcrOptions, OcrPage, PdfInput};
use baocao_pdf::{layout, skew, FileKind, Line};
use baocao_viet::ocrfix::{self, Correction, Lexicon};
use common::{cer, root, say, squash};

/// (scan fixture, born-digital source, pages).
const SCANS: [(&str, &str, [u32; 2]); 4] = [
    (
        "kim-tra-440-tilt08-blur-jpeg70",
        "corpus/phuong-kim-tra/440-BC-UBND.pdf",
        [1, 2],
    ),
    (
        "huong-thuy-522-tilt-05-noise-jpeg65",
        "corpus/phuong-huong-thuy/522-BC-UBND.pdf",
        [1, 2],
    ),
    (
        "phong-dien-634-tilt12-1bit",
        "corpus/phuong-phong-dien/634-BC-UBND.pdf",
        [1, 2],
    ),
    (
        "kim-tra-569-tilt03-jpeg80-150dpi",
        "corpus/phuong-kim-tra/569-BC-UBND.pdf",
        [1, 2],
    ),
];

/// Bound on the character error rate of any scan (whitespace ignored).
/// The worst, the 1-bit rendition tilted 1.2°, reads its bordered table
/// with the border's marks ("Lị _|Lao động … lao | 524 —— |", every figure
/// still found): 0.0115 with `--psm 3`; the other three stay under 0.005.
/// (`--psm 6` left the table out altogether.)
const MAX_CER: f64 = 0.015;
/// Least share of the born-digital figure tokens found in the OCR text.
const MIN_FIGURES_FOUND: f64 = 0.97;

/// Whether OCR can run here (see the module docs).
fn ocr_available(test: &str) -> bool {
    let tools = common::require_tool(
        "tesseract",
        "apt-get install tesseract-ocr tesseract-ocr-vie",
        test,
    ) && common::require_tool("pdftoppm", "apt-get install poppler-utils", test);
    if !tools {
        return false;
    }
    if let Err(e) = ocr::check(&OcrOptions::default()) {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{test}: {e}");
        }
        say(&format!("SKIPPED {test}: {e}"));
        return false;
    }
    true
}

/// The text of the given pages of a born-digital PDF, as the ladder reads it.
fn born_digital(path: &Path, pages: &[u32]) -> String {
    let bytes = std::fs::read(path).expect("source");
    let FileKind::Pdf(doc) = baocao_pdf::open(&bytes).expect("pdf");
    let read = baocao_pdf::read_document(&doc);
    read.extracted
        .pages
        .iter()
        .filter(|p| pages.contains(&p.number))
        .map(|p| p.text())
        .collect()
}

fn lines_text(lines: &[Line]) -> String {
    lines.iter().map(|l| l.text() + "\n").collect()
}

/// The domain lexicon as the pipeline would give it: every line of the
/// rules (metric patterns and labels, section headings, unit names).
fn rules_lexicon() -> Lexicon {
    let mut files = vec![
        root().join("rules/metrics.toml"),
        root().join("rules/units.toml"),
    ];
    for e in std::fs::read_dir(root().join("rules/sections")).expect("sections") {
        files.push(e.expect("entry").path());
    }
    let text: String = files
        .iter()
        .map(|f| std::fs::read_to_string(f).expect("rules file"))
        .collect();
    Lexicon::new(text.lines())
}

/// OCR text with the corrections of `ocrfix`, line by line.
fn corrected(text: &str, lex: &Lexicon) -> (String, Vec<Correction>) {
    let mut out = String::new();
    let mut all = Vec::new();
    for line in text.lines() {
        let (fixed, fixes) = ocrfix::correct(line, lex);
        out.push_str(&fixed);
        out.push('\n');
        all.extend(fixes);
    }
    (out, all)
}

/// Tokens holding a digit, trimmed of surrounding punctuation: `1.866`,
/// `3,38%`, `569/BC-UBND`, `04/7/2025`.
fn figure_tokens(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|t| t.trim_matches(|c: char| ",.;:()“”\"".contains(c)))
        .filter(|t| t.chars().any(|c| c.is_ascii_digit()))
        .map(String::from)
        .collect()
}

#[test]
fn scans_are_read_with_their_figures() {
    if !ocr_available("scans_are_read_with_their_figures") {
        return;
    }
    let opts = OcrOptions::default();
    let lex = rules_lexicon();
    let mut worst: f64 = 0.0;
    let mut seconds = Vec::new();
    let mut problems = Vec::new();
    for (name, source, pages) in SCANS {
        let scan = root().join(format!("tests/fixtures/scans/{name}.pdf"));
        let ocr: Vec<OcrPage> = ocr::ocr_pages(PdfInput::Path(&scan), &pages, &opts)
            .into_iter()
            .map(|r| r.unwrap_or_else(|e| panic!("{name}: {e}")))
            .collect();
        seconds.extend(ocr.iter().map(|p| p.seconds));
        let text: String = ocr.iter().map(|p| lines_text(&p.lines)).collect();
        let truth = born_digital(&root().join(source), &pages);
        let raw_rate = cer(&squash(&text), &squash(&truth));
        let (text, fixes) = corrected(&text, &lex);
        let rate = cer(&squash(&text), &squash(&truth));
        let shown: Vec<String> = fixes
            .iter()
            .map(|f| format!("{}→{} ({})", f.from, f.to, f.reason.label()))
            .collect();
        say(&format!(
            "OCR {name}: CER {raw_rate:.4} as read, {rate:.4} corrected; corrections {shown:?}"
        ));
        assert!(
            rate <= raw_rate,
            "{name}: the corrections made the text worse"
        );
        worst = worst.max(rate);
        let haystack = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let figures = figure_tokens(&truth);
        let missing: Vec<&String> = figures
            .iter()
            .filter(|t| !haystack.contains(t.as_str()))
            .collect();
        let found = 1.0 - missing.len() as f64 / figures.len().max(1) as f64;
        let confidence: f32 = ocr.iter().map(|p| p.mean_confidence).sum::<f32>() / ocr.len() as f32;
        say(&format!(
            "OCR {name}: figures {}/{} found, mean confidence {confidence:.1}, \
             {:.2} s/page; missing {missing:?}",
            figures.len() - missing.len(),
            figures.len(),
            ocr.iter().map(|p| p.seconds).sum::<f32>() / ocr.len() as f32,
        ));
        if found < MIN_FIGURES_FOUND {
            problems.push(format!(
                "{name}: only {found:.3} of the figure tokens found: {missing:?}"
            ));
        }
        if rate > MAX_CER {
            problems.push(format!("{name}: CER {rate:.4} above {MAX_CER}"));
        }
        assert!(confidence > 70.0, "{name}: mean confidence {confidence}");
    }
    say(&format!(
        "OCR worst CER {worst:.4}; seconds per page (one core each): {:.2} mean",
        seconds.iter().sum::<f32>() / seconds.len() as f32
    ));
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn a_real_scan_without_text_layer_is_read() {
    if !ocr_available("a_real_scan_without_text_layer_is_read") {
        return;
    }
    let path = root().join("tests/fixtures/real/24841.pdf");
    let bytes = std::fs::read(&path).expect("fixture");
    let page = ocr::ocr_page(PdfInput::Bytes(&bytes), 1, &OcrOptions::default()).expect("ocr");
    let text = lines_text(&page.lines);
    say(&format!(
        "OCR 24841.pdf page 1: {} lines, mean confidence {:.1}, {:.2} s",
        page.lines.len(),
        page.mean_confidence,
        page.seconds
    ));
    assert!(common::letters(&text) > 300, "{text}");
    assert_eq!(page.words.len(), page.lines.len());
    assert!(page
        .all_words()
        .all(|w| (0.0..=100.0).contains(&w.confidence)));
    // The ladder: steps a and b find no text on this page; c fills it.
    let FileKind::Pdf(doc) = baocao_pdf::open(&bytes).expect("pdf");
    let mut read = baocao_pdf::read_document(&doc);
    assert_eq!(common::letters(&read.extracted.pages[0].text()), 0);
    read.set_ocr(0, &page);
    assert_eq!(read.sources[0], baocao_pdf::Source::Ocr);
    assert_eq!(read.extracted.pages[0].text(), text);
}

#[test]
fn errors_are_typed_not_panics() {
    if !ocr_available("errors_are_typed_not_panics") {
        return;
    }
    let opts = OcrOptions::default();
    let e = ocr::ocr_page(PdfInput::Bytes(b"not a pdf"), 1, &opts).unwrap_err();
    assert!(
        matches!(
            e,
            ocr::OcrError::Failed {
                tool: "pdftoppm",
                ..
            }
        ),
        "{e}"
    );
    let scan = root().join("tests/fixtures/scans/kim-tra-440-tilt08-blur-jpeg70.pdf");
    let e = ocr::ocr_page(PdfInput::Path(&scan), 99, &opts).unwrap_err();
    assert!(matches!(e, ocr::OcrError::Failed { .. }), "{e}");
    let short = OcrOptions {
        timeout: std::time::Duration::from_millis(50),
        ..OcrOptions::default()
    };
    let e = ocr::ocr_page(PdfInput::Path(&scan), 1, &short).unwrap_err();
    assert!(matches!(e, ocr::OcrError::Timeout { .. }), "{e}");
    let missing_lang = OcrOptions {
        language: "xyz".into(),
        ..OcrOptions::default()
    };
    let e = ocr::ocr_page(PdfInput::Path(&scan), 1, &missing_lang).unwrap_err();
    assert!(matches!(e, ocr::OcrError::LanguageMissing(_)), "{e}");
}

/// A tilted scan given an invisible text layer by tesseract's own PDF
/// renderer (as `ocrmypdf` without `--deskew` does): glyphs placed along the
/// tilted lines. Read along the estimated skew, the lines come out whole.
#[test]
fn a_tilted_text_layer_is_read_line_by_line() {
    if !ocr_available("a_tilted_text_layer_is_read_line_by_line") {
        return;
    }
    let dir = baocao_pdf::subprocess::TempDir::new("baocao-test-skew").expect("tmp");
    let scan = root().join("tests/fixtures/scans/phong-dien-634-tilt12-1bit.pdf");
    let png = dir.path().join("page");
    let status = std::process::Command::new("pdftoppm")
        .args([
            "-r",
            "200",
            "-gray",
            "-png",
            "-singlefile",
            "-f",
            "1",
            "-l",
            "1",
        ])
        .arg(&scan)
        .arg(&png)
        .status()
        .expect("pdftoppm");
    assert!(status.success());
    let layered = dir.path().join("layered");
    let status = std::process::Command::new("tesseract")
        .arg(png.with_extension("png"))
        .arg(&layered)
        .args(["-l", "vie", "--dpi", "200", "pdf"])
        .env("OMP_THREAD_LIMIT", "1")
        .output()
        .expect("tesseract");
    assert!(status.status.success());
    let bytes = std::fs::read(layered.with_extension("pdf")).expect("layered pdf");
    let FileKind::Pdf(doc) = baocao_pdf::open(&bytes).expect("pdf");
    let (_, page) = doc.get_pages().into_iter().next().expect("page");
    let glyphs = baocao_pdf::fallback::page_glyphs(&doc, page).expect("glyphs");
    let degrees = skew::estimate(&glyphs);
    let truth = born_digital(
        &root().join("corpus/phuong-phong-dien/634-BC-UBND.pdf"),
        &[1],
    );
    let flat = lines_text(&layout::lines(glyphs.clone()));
    let along = lines_text(&skew::lines_with_fonts(glyphs).0);
    let ws = |s: &str| common::fold_ws(s);
    let (flat_cer, along_cer) = (cer(&ws(&flat), &ws(&truth)), cer(&ws(&along), &ws(&truth)));
    let count = |s: &str| s.lines().count();
    say(&format!(
        "tilted text layer: skew {degrees:.2}°; lines {} level / {} along the skew / {} born-digital; \
         CER (line order and spaces kept) {flat_cer:.4} level, {along_cer:.4} along the skew",
        count(&flat),
        count(&along),
        count(&truth)
    ));
    assert!((degrees - 1.2).abs() < 0.15, "skew {degrees}");
    assert!(along_cer < flat_cer, "reading along the skew is better");
    assert!(count(&along).abs_diff(count(&truth)) <= 2, "{along}");
    // The text layer path (pdf-extract) reads along the skew too.
    let read = baocao_pdf::read_document(&doc);
    let first = lines_text(&read.extracted.pages[0].lines);
    assert!(cer(&ws(&first), &ws(&truth)) <= along_cer + 0.01, "{first}");
}
