//! Step c of the reading ladder: optical character recognition of a page
//! that has no usable text layer.
//!
//! The page is rendered by poppler (`pdftoppm -r DPI -gray -hide-annotations
//! -f N -l N`) into a
//! temporary directory, recognised by the `tesseract` CLI (`-l vie`, TSV
//! output, `OMP_THREAD_LIMIT=1`: one core per page, which is also the fastest
//! per core), and its words ([`tsv`]) are assembled into lines from
//! tesseract's own block/paragraph/line structure ([`lines`]). The result is
//! an [`OcrPage`]: the same [`Line`]s the text layer gives, the words behind
//! each line with their confidence, and the page's mean confidence.
//!
//! Both programs run under a deadline and an output cap
//! ([`crate::subprocess`]); temporary files are removed whatever happens.
//! Every failure is an [`OcrError`]; a missing program or language names the
//! Debian package to install.
//!
//! Around that: [`step`] runs OCR as step c of the text stage (which pages,
//! from where, corrected), [`cache`] keeps recognised pages by the file's
//! content hash, and [`confidence`] tells how sure the recognition was of a
//! figure's snippet.

pub mod cache;
pub mod confidence;
pub mod lines;
pub mod step;
pub mod tsv;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use baocao_viet::ocrfix::{self, Correction, Lexicon};

use crate::extract::PageText;
use crate::layout::Line;
use crate::subprocess::{self, RunError, TempDir};

pub use tsv::OcrWord;

/// How to OCR.
#[derive(Debug, Clone)]
pub struct OcrOptions {
    /// Rendering resolution (tesseract reads 200 dpi scans well).
    pub dpi: u32,
    /// Tesseract language(s), `vie` or `vie+eng`.
    pub language: String,
    /// Tesseract page segmentation mode: 3 (automatic: blocks, bordered
    /// tables included; blocks on one baseline are joined into one row with
    /// a span each) or 6 (one uniform block: every line across the page,
    /// columns split into spans later — but a bordered table above the
    /// text is left out of the block and lost).
    pub psm: u8,
    /// Deadline for each program on each page.
    pub timeout: Duration,
    /// Most bytes read from a program's stdout or stderr.
    pub max_output: usize,
    /// The `tesseract` program.
    pub tesseract: PathBuf,
    /// The `pdftoppm` program.
    pub pdftoppm: PathBuf,
}

impl Default for OcrOptions {
    fn default() -> OcrOptions {
        OcrOptions {
            dpi: 200,
            language: "vie".into(),
            psm: 3,
            timeout: Duration::from_secs(60),
            max_output: 16 * 1024 * 1024,
            tesseract: "tesseract".into(),
            pdftoppm: "pdftoppm".into(),
        }
    }
}

/// Why a page could not be OCR'd.
#[derive(Debug, thiserror::Error)]
pub enum OcrError {
    #[error("tesseract not installed (apt-get install tesseract-ocr tesseract-ocr-vie)")]
    TesseractMissing,
    #[error("tesseract has no '{0}' language data (apt-get install tesseract-ocr-vie)")]
    LanguageMissing(String),
    #[error("pdftoppm not installed (apt-get install poppler-utils)")]
    RendererMissing,
    #[error("{tool} took longer than {seconds} s on page {page}")]
    Timeout {
        tool: &'static str,
        page: u32,
        seconds: u64,
    },
    #[error("{tool} wrote more than {limit} bytes on page {page}")]
    TooMuchOutput {
        tool: &'static str,
        page: u32,
        limit: usize,
    },
    #[error("{tool} failed on page {page}: {message}")]
    Failed {
        tool: &'static str,
        page: u32,
        message: String,
    },
    #[error("temporary files for OCR: {0}")]
    Io(#[from] std::io::Error),
}

/// A page read by OCR.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct OcrPage {
    /// 1-based page number.
    pub number: u32,
    /// Lines in reading order, as the text layer gives them.
    pub lines: Vec<Line>,
    /// The words of each line (parallel to `lines`), in text order.
    pub words: Vec<Vec<OcrWord>>,
    /// Mean word confidence, 0–100 (0 for a page without words).
    pub mean_confidence: f32,
    /// Seconds spent rendering and recognising.
    pub seconds: f32,
}

impl OcrPage {
    /// The page as the text layer's type, for the stages after extraction.
    pub fn page_text(&self) -> PageText {
        PageText {
            number: self.number,
            lines: self.lines.clone(),
            error: None,
        }
    }

    /// Every word of the page.
    pub fn all_words(&self) -> impl Iterator<Item = &OcrWord> {
        self.words.iter().flatten()
    }

    /// Correct every span with [`baocao_viet::ocrfix`] against `lexicon`,
    /// in place (the words behind each line follow), and list what changed.
    pub fn correct(&mut self, lexicon: &Lexicon) -> Vec<OcrCorrection> {
        let mut out = Vec::new();
        for (l, line) in self.lines.iter_mut().enumerate() {
            for (s, span) in line.spans.iter_mut().enumerate() {
                let (fixed, fixes) = ocrfix::correct(&span.text, lexicon);
                if fixes.is_empty() {
                    continue;
                }
                span.text = fixed;
                out.extend(fixes.into_iter().map(|correction| OcrCorrection {
                    line: l,
                    span: s,
                    correction,
                }));
            }
            if let Some(fix) = stray_last_span(line) {
                line.spans.pop();
                out.push(OcrCorrection {
                    line: l,
                    span: line.spans.len(),
                    correction: fix,
                });
            }
            if let Some(words) = self.words.get_mut(l) {
                resync_words(line, words);
            }
        }
        out
    }
}

/// A last span that is only a stray mark: after a span of upper-case words
/// ("PHÓ CHỦ TỊCH" then "l", a seal's edge), or a lone stroke (`l i | !`)
/// in a column of its own beside other text — no word of a report is a
/// column of one stroke. The correction that drops it (positions within
/// that span).
fn stray_last_span(line: &Line) -> Option<Correction> {
    let (last, rest) = line.spans.split_last()?;
    // The span before it only: a line may hold another column on the left
    // ("- Lưu: VT." beside "PHÓ CHỦ TỊCH").
    let before = rest.last()?.plain();
    let joined = format!("{} {}", before, last.plain().trim());
    let after_upper =
        ocrfix::stray_mark(&joined).is_some_and(|f| f.start == before.trim_end().len());
    let stroke = matches!(last.text.trim(), "l" | "i" | "|" | "!");
    (after_upper || stroke).then(|| Correction {
        start: 0,
        end: last.text.len(),
        from: last.text.clone(),
        to: String::new(),
        reason: ocrfix::Reason::StrayMark,
    })
}

/// One correction of an [`OcrPage`]: in span `span` of line `line`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcrCorrection {
    pub line: usize,
    pub span: usize,
    pub correction: Correction,
}

/// Give the words of a line the text of its (corrected) spans, word for
/// word; corrections never add or remove spaces, so the counts agree
/// (when they do not, the words keep what tesseract read).
fn resync_words(line: &Line, words: &mut [OcrWord]) {
    let texts: Vec<&str> = line.spans.iter().flat_map(|s| s.text.split(' ')).collect();
    if texts.len() == words.len() {
        for (w, t) in words.iter_mut().zip(texts) {
            w.text = t.to_string();
        }
    }
}

/// Where the PDF to OCR is.
#[derive(Debug, Clone, Copy)]
pub enum PdfInput<'a> {
    Path(&'a Path),
    Bytes(&'a [u8]),
}

/// OCR page `page` (1-based) of a PDF.
pub fn ocr_page(input: PdfInput<'_>, page: u32, opts: &OcrOptions) -> Result<OcrPage, OcrError> {
    ocr_pages(input, &[page], opts)
        .pop()
        .unwrap_or_else(|| Err(failed("pdftoppm", page, "no page requested".into())))
}

/// OCR several pages of one PDF (its bytes are written once); one result
/// per requested page, in order.
pub fn ocr_pages(
    input: PdfInput<'_>,
    pages: &[u32],
    opts: &OcrOptions,
) -> Vec<Result<OcrPage, OcrError>> {
    let dir = match TempDir::new("baocao-ocr") {
        Ok(d) => d,
        Err(e) => {
            return pages
                .iter()
                .map(|_| Err(OcrError::Io(clone_io(&e))))
                .collect()
        }
    };
    let pdf = match input {
        PdfInput::Path(p) => Ok(p.to_path_buf()),
        PdfInput::Bytes(b) => {
            let p = dir.path().join("input.pdf");
            std::fs::write(&p, b).map(|()| p)
        }
    };
    match pdf {
        Ok(pdf) => pages
            .iter()
            .map(|&n| one_page(&pdf, n, dir.path(), opts))
            .collect(),
        Err(e) => pages
            .iter()
            .map(|_| Err(OcrError::Io(clone_io(&e))))
            .collect(),
    }
}

fn clone_io(e: &std::io::Error) -> std::io::Error {
    std::io::Error::new(e.kind(), e.to_string())
}

/// Render, recognise and assemble one page.
fn one_page(pdf: &Path, page: u32, dir: &Path, opts: &OcrOptions) -> Result<OcrPage, OcrError> {
    let started = Instant::now();
    let image = render(pdf, page, dir, opts)?;
    let result = recognise(&image, page, opts);
    let _ = std::fs::remove_file(&image);
    let words = tsv::words(&result?, opts.dpi);
    let mean_confidence = mean(words.iter().map(|w| w.confidence));
    let (lines, words) = lines::build(words);
    Ok(OcrPage {
        number: page,
        lines,
        words,
        mean_confidence,
        seconds: started.elapsed().as_secs_f32(),
    })
}

/// `pdftoppm -r DPI -gray -hide-annotations -f N -l N -singlefile PDF
/// DIR/page-N` → the PGM's path. Annotations are not rendered: the
/// appearances of digital signatures stamped on a scan after scanning are
/// no part of the paper (the signatures are read from their dictionaries).
fn render(pdf: &Path, page: u32, dir: &Path, opts: &OcrOptions) -> Result<PathBuf, OcrError> {
    let prefix = dir.join(format!("page-{page}"));
    let mut cmd = Command::new(&opts.pdftoppm);
    cmd.args(["-r", &opts.dpi.to_string(), "-gray", "-hide-annotations"])
        .arg("-singlefile")
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg(&prefix);
    let done = subprocess::run(cmd, opts.timeout, opts.max_output)
        .map_err(|e| run_error(e, "pdftoppm", page, opts))?;
    let image = prefix.with_extension("pgm");
    if !done.status.success() || !image.exists() {
        return Err(failed(
            "pdftoppm",
            page,
            stderr_message(&done.stderr, &done.status),
        ));
    }
    Ok(image)
}

/// `tesseract IMAGE stdout -l LANG --psm N --dpi DPI tsv` with one thread.
fn recognise(image: &Path, page: u32, opts: &OcrOptions) -> Result<String, OcrError> {
    let mut cmd = Command::new(&opts.tesseract);
    cmd.arg(image)
        .arg("stdout")
        .args(["-l", &opts.language])
        .args(["--psm", &opts.psm.to_string()])
        .args(["--dpi", &opts.dpi.to_string()])
        .arg("tsv")
        .env("OMP_THREAD_LIMIT", "1");
    let done = subprocess::run(cmd, opts.timeout, opts.max_output)
        .map_err(|e| run_error(e, "tesseract", page, opts))?;
    let stderr = String::from_utf8_lossy(&done.stderr);
    if stderr.contains("Failed loading language") || stderr.contains("Could not initialize") {
        return Err(OcrError::LanguageMissing(opts.language.clone()));
    }
    if !done.status.success() {
        return Err(failed(
            "tesseract",
            page,
            stderr_message(&done.stderr, &done.status),
        ));
    }
    Ok(String::from_utf8_lossy(&done.stdout).into_owned())
}

/// Whether OCR can run: both programs present and the language installed.
pub fn check(opts: &OcrOptions) -> Result<(), OcrError> {
    let mut cmd = Command::new(&opts.pdftoppm);
    cmd.arg("-v");
    subprocess::run(cmd, opts.timeout, opts.max_output)
        .map_err(|e| run_error(e, "pdftoppm", 0, opts))?;
    let mut cmd = Command::new(&opts.tesseract);
    cmd.arg("--list-langs");
    let done = subprocess::run(cmd, opts.timeout, opts.max_output)
        .map_err(|e| run_error(e, "tesseract", 0, opts))?;
    let listed = String::from_utf8_lossy(&done.stdout).into_owned();
    let have: Vec<&str> = listed.lines().map(str::trim).collect();
    match opts.language.split('+').find(|l| !have.contains(l)) {
        Some(missing) => Err(OcrError::LanguageMissing(missing.to_string())),
        None => Ok(()),
    }
}

fn run_error(e: RunError, tool: &'static str, page: u32, opts: &OcrOptions) -> OcrError {
    match (e, tool) {
        (RunError::NotFound, "tesseract") => OcrError::TesseractMissing,
        (RunError::NotFound, _) => OcrError::RendererMissing,
        (RunError::Timeout(_), _) => OcrError::Timeout {
            tool,
            page,
            seconds: opts.timeout.as_secs(),
        },
        (RunError::TooMuchOutput(limit), _) => OcrError::TooMuchOutput { tool, page, limit },
        (RunError::Start(e), _) => failed(tool, page, e.to_string()),
    }
}

fn failed(tool: &'static str, page: u32, message: String) -> OcrError {
    OcrError::Failed {
        tool,
        page,
        message,
    }
}

/// The last lines of a program's stderr, or its exit status.
fn stderr_message(stderr: &[u8], status: &std::process::ExitStatus) -> String {
    let text = String::from_utf8_lossy(stderr);
    let tail: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let tail = tail[tail.len().saturating_sub(3)..].join(" / ");
    if tail.is_empty() {
        status.to_string()
    } else {
        tail.chars().take(500).collect()
    }
}

fn mean(values: impl Iterator<Item = f32>) -> f32 {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 {
        0.0
    } else {
        sum / n as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_programs_name_their_package() {
        let opts = OcrOptions {
            tesseract: "baocao-no-tesseract".into(),
            pdftoppm: "baocao-no-pdftoppm".into(),
            ..OcrOptions::default()
        };
        let e = ocr_page(PdfInput::Bytes(b"%PDF-1.4"), 1, &opts).unwrap_err();
        assert!(matches!(e, OcrError::RendererMissing), "{e}");
        assert!(e.to_string().contains("apt-get install poppler-utils"));
        assert!(OcrError::TesseractMissing
            .to_string()
            .contains("apt-get install tesseract-ocr tesseract-ocr-vie"));
        let e = check(&opts).unwrap_err();
        assert!(matches!(e, OcrError::RendererMissing), "{e}");
    }

    #[test]
    fn corrections_reach_spans_and_words() {
        let word = |text: &str, x0: f32| OcrWord {
            text: text.into(),
            confidence: 90.0,
            x0,
            y0: 0.0,
            x1: x0 + 20.0,
            y1: 12.0,
            block: 1,
            par: 1,
            line: 1,
        };
        let words = vec![
            word("có", 0.0),
            word("12", 25.0),
            word("hộ", 50.0),
            word("nghẻo", 75.0),
        ];
        let (lines, words) = lines::build(words);
        let mut page = OcrPage {
            number: 1,
            lines,
            words,
            mean_confidence: 90.0,
            seconds: 0.0,
        };
        let fixes = page.correct(&Lexicon::new(["hộ nghèo"]));
        assert_eq!(fixes.len(), 1);
        assert_eq!((fixes[0].line, fixes[0].span), (0, 0));
        assert_eq!(page.lines[0].text(), "có 12 hộ nghèo");
        assert_eq!(page.words[0][3].text, "nghèo");
    }

    #[test]
    fn a_stray_mark_span_after_an_upper_case_line_is_dropped() {
        let line = |spans: &[&str]| Line {
            y: 0.0,
            size: 12.0,
            spans: spans
                .iter()
                .enumerate()
                .map(|(i, t)| crate::layout::Span {
                    x0: i as f32 * 200.0,
                    x1: i as f32 * 200.0 + 150.0,
                    text: t.to_string(),
                })
                .collect(),
        };
        let mut page = OcrPage {
            number: 1,
            lines: vec![
                line(&["- Lưu: VT.", "PHÓ CHỦ TỊCH", "l"]),
                line(&["- CT, các PCT UBND phường:", "l"]),
                line(&["Chủ tịch", "x"]),
                line(&["l"]),
            ],
            words: vec![],
            mean_confidence: 90.0,
            seconds: 0.0,
        };
        let fixes = page.correct(&Lexicon::default());
        assert_eq!(fixes.len(), 2);
        assert_eq!(fixes[0].correction.reason, ocrfix::Reason::StrayMark);
        assert_eq!(page.lines[0].text(), "- Lưu: VT. PHÓ CHỦ TỊCH");
        assert_eq!(page.lines[1].text(), "- CT, các PCT UBND phường:");
        assert_eq!(page.lines[2].text(), "Chủ tịch x");
        assert_eq!(page.lines[3].text(), "l");
    }

    #[test]
    fn mean_of_nothing_is_zero() {
        assert_eq!(mean(std::iter::empty()), 0.0);
        assert_eq!(mean([80.0, 90.0].into_iter()), 85.0);
    }
}
