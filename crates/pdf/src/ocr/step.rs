//! Step c of the reading ladder as the text stage runs it
//! ([`crate::read::read_text_with`]): the pages whose text layer is
//! unusable after steps a and b and legacy decoding ([`needs_ocr`]) are
//! recognised, corrected against the caller's [`Lexicon`] and handed back
//! with their corrections ([`OcrOutcome`]).
//!
//! A page comes, in this order, from the pages the caller OCR'd elsewhere
//! ([`OcrStep::given`]: a worker's parent spreads the pages of a long scan
//! over the workers), from the [`Cache`], or from `pdftoppm` + `tesseract`
//! here ([`Mode::Run`]); in [`Mode::Defer`] the step does not OCR, it lists
//! the pages still needed ([`OcrOutcome::pending`]). Every page that could
//! not be had is a failure with its reason (a missing program names its
//! Debian package).

use std::sync::OnceLock;

use baocao_viet::ocrfix::Lexicon;
use baocao_viet::quality::Quality;

use super::cache::{content_hash, Cache};
use super::{ocr_pages, OcrCorrection, OcrError, OcrOptions, OcrPage, PdfInput};
use crate::read::PageError;

/// Whether a page with this text-layer verdict is read by OCR: no text, no
/// diacritics, a broken character map.
pub fn needs_ocr(quality: Quality) -> bool {
    matches!(
        quality,
        Quality::NoText | Quality::NoDiacritics | Quality::BrokenMap
    )
}

/// How the step gets pages that are neither given nor cached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// OCR them here, one after the other.
    Run,
    /// List them in [`OcrOutcome::pending`] for the caller to OCR.
    Defer,
}

/// How to run step c.
#[derive(Debug, Clone, Copy)]
pub struct OcrStep<'a> {
    pub options: &'a OcrOptions,
    /// The domain vocabulary the corrections use.
    pub lexicon: &'a Lexicon,
    pub cache: Option<&'a Cache>,
    pub mode: Mode,
    /// Pages OCR'd elsewhere (uncorrected).
    pub given: &'a [OcrPage],
    /// Pages whose OCR failed elsewhere.
    pub failed: &'a [PageError],
    /// Why OCR cannot run at all here (a program or the language data is
    /// missing): `None` when it can. Found by [`super::check`] the first
    /// time a page needs OCR, then remembered by the caller.
    pub availability: &'a OnceLock<Option<String>>,
}

/// A page read by OCR, corrected.
#[derive(Debug, Clone)]
pub struct Recognised {
    pub page: OcrPage,
    /// What the correction changed, in order.
    pub corrections: Vec<OcrCorrection>,
    /// Whether the page came from the cache.
    pub cached: bool,
}

/// What step c did.
#[derive(Debug, Clone, Default)]
pub struct OcrOutcome {
    /// Pages read by OCR, in page order.
    pub pages: Vec<Recognised>,
    /// Pages still to OCR ([`Mode::Defer`]).
    pub pending: Vec<u32>,
    /// Pages that needed OCR and could not have it.
    pub failures: Vec<PageError>,
}

impl OcrOutcome {
    /// The recognised page `number`, if any.
    pub fn page(&self, number: u32) -> Option<&Recognised> {
        self.pages.iter().find(|r| r.page.number == number)
    }
}

/// Where a page came from before correction.
enum Got {
    Page(OcrPage, bool),
    Missing,
    Failed(String),
}

impl OcrStep<'_> {
    /// Read `wanted` (page numbers, ascending) of the PDF in `bytes`.
    pub fn run(&self, bytes: &[u8], wanted: &[u32]) -> OcrOutcome {
        let mut out = OcrOutcome::default();
        if wanted.is_empty() {
            return out;
        }
        let unavailable = self
            .availability
            .get_or_init(|| super::check(self.options).err().map(|e| e.to_string()));
        if let Some(why) = unavailable {
            out.failures = wanted.iter().map(|&n| failure(n, why)).collect();
            return out;
        }
        let hash = self.cache.map(|_| content_hash(bytes));
        let mut missing = Vec::new();
        for &n in wanted {
            match self.known(hash.as_deref(), n) {
                Got::Page(page, cached) => out.pages.push(self.corrected(page, cached)),
                Got::Failed(why) => out.failures.push(failure(n, &why)),
                Got::Missing => missing.push(n),
            }
        }
        match self.mode {
            Mode::Defer => out.pending = missing,
            Mode::Run => {
                let results = ocr_pages(PdfInput::Bytes(bytes), &missing, self.options);
                for (n, result) in missing.into_iter().zip(results) {
                    match result.map(|p| self.store(hash.as_deref(), p)) {
                        Ok(page) => out.pages.push(self.corrected(page, false)),
                        Err(e) => out.failures.push(failure(n, &e.to_string())),
                    }
                }
            }
        }
        out.pages.sort_by_key(|r| r.page.number);
        out.failures.sort_by_key(|f| f.page);
        out
    }

    /// Page `n` as given, failed elsewhere, or cached.
    fn known(&self, hash: Option<&str>, n: u32) -> Got {
        if let Some(p) = self.given.iter().find(|p| p.number == n) {
            return Got::Page(p.clone(), false);
        }
        if let Some(f) = self.failed.iter().find(|f| f.page == n) {
            return Got::Failed(f.message.clone());
        }
        match (self.cache, hash) {
            (Some(cache), Some(hash)) => cache
                .get(hash, n, self.options)
                .map_or(Got::Missing, |p| Got::Page(p, true)),
            _ => Got::Missing,
        }
    }

    /// Put a fresh page in the cache (a cache that cannot be written is
    /// only a missed saving).
    fn store(&self, hash: Option<&str>, page: OcrPage) -> OcrPage {
        if let (Some(cache), Some(hash)) = (self.cache, hash) {
            let _ = cache.put(hash, &page, self.options);
        }
        page
    }

    fn corrected(&self, mut page: OcrPage, cached: bool) -> Recognised {
        let corrections = page.correct(self.lexicon);
        Recognised {
            page,
            corrections,
            cached,
        }
    }
}

/// OCR one page of a PDF, through the cache: what a worker does when its
/// parent hands it one page of a long scan.
pub fn page_through_cache(
    input: PdfInput<'_>,
    hash: &str,
    page: u32,
    opts: &OcrOptions,
    cache: Option<&Cache>,
) -> Result<OcrPage, OcrError> {
    if let Some(found) = cache.and_then(|c| c.get(hash, page, opts)) {
        return Ok(found);
    }
    let fresh = super::ocr_page(input, page, opts)?;
    if let Some(cache) = cache {
        let _ = cache.put(hash, &fresh, opts);
    }
    Ok(fresh)
}

/// How the message of a page OCR failed on starts.
pub const FAILURE_PREFIX: &str = "OCR: ";

fn failure(page: u32, why: &str) -> PageError {
    PageError {
        page,
        message: format!("{FAILURE_PREFIX}{why}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::{lines, OcrWord};

    fn page(number: u32, text: &str) -> OcrPage {
        let words: Vec<OcrWord> = text
            .split(' ')
            .enumerate()
            .map(|(i, t)| OcrWord {
                text: t.into(),
                confidence: 90.0,
                x0: 40.0 * i as f32,
                y0: 0.0,
                x1: 40.0 * i as f32 + 30.0,
                y1: 12.0,
                block: 1,
                par: 1,
                line: 1,
            })
            .collect();
        let (lines, words) = lines::build(words);
        OcrPage {
            number,
            lines,
            words,
            mean_confidence: 90.0,
            seconds: 1.0,
        }
    }

    /// OCR taken as available (these tests never start a program).
    static AVAILABLE: OnceLock<Option<String>> = OnceLock::new();

    fn step<'a>(
        opts: &'a OcrOptions,
        lex: &'a Lexicon,
        given: &'a [OcrPage],
        failed: &'a [PageError],
    ) -> OcrStep<'a> {
        AVAILABLE.get_or_init(|| None);
        OcrStep {
            options: opts,
            lexicon: lex,
            cache: None,
            mode: Mode::Defer,
            given,
            failed,
            availability: &AVAILABLE,
        }
    }

    #[test]
    fn the_verdicts_that_go_to_ocr() {
        assert!(needs_ocr(Quality::NoText) && needs_ocr(Quality::BrokenMap));
        assert!(needs_ocr(Quality::NoDiacritics));
        assert!(!needs_ocr(Quality::Good) && !needs_ocr(Quality::Ocr));
    }

    #[test]
    fn given_pages_are_corrected_failed_ones_named_the_rest_pending() {
        let (opts, lex) = (OcrOptions::default(), Lexicon::new(["hộ nghèo"]));
        let given = [page(2, "còn 12 hộ nghẻo")];
        let failed = [PageError {
            page: 3,
            message: "tesseract took longer than 9 s on page 3".into(),
        }];
        let out = step(&opts, &lex, &given, &failed).run(b"%PDF", &[1, 2, 3]);
        assert_eq!(out.pending, [1]);
        assert_eq!(out.pages.len(), 1);
        assert_eq!(out.pages[0].page.lines[0].text(), "còn 12 hộ nghèo");
        assert_eq!(out.pages[0].corrections.len(), 1);
        assert_eq!(out.failures[0].page, 3);
        assert!(out.failures[0].message.starts_with("OCR: tesseract took"));
        assert_eq!(out.page(2).map(|r| r.page.number), Some(2));
    }

    #[test]
    fn unavailable_ocr_fails_every_page_with_its_reason() {
        let (opts, lex) = (OcrOptions::default(), Lexicon::default());
        let mut s = step(&opts, &lex, &[], &[]);
        let missing = OnceLock::from(Some(OcrError::TesseractMissing.to_string()));
        s.availability = &missing;
        let out = s.run(b"%PDF", &[1, 2]);
        assert_eq!(out.failures.len(), 2);
        assert!(out.failures[1]
            .message
            .contains("apt-get install tesseract-ocr tesseract-ocr-vie"));
        assert!(out.pending.is_empty() && out.pages.is_empty());
        assert!(s.run(b"%PDF", &[]).failures.is_empty());
    }

    #[test]
    fn cached_pages_are_used_and_marked() {
        let dir = crate::subprocess::TempDir::new("baocao-test-step").unwrap();
        let cache = Cache::new(dir.path());
        let (opts, lex) = (OcrOptions::default(), Lexicon::default());
        let bytes = b"%PDF-1.4 a scan";
        cache
            .put(&content_hash(bytes), &page(1, "UBND phường"), &opts)
            .unwrap();
        let mut s = step(&opts, &lex, &[], &[]);
        s.cache = Some(&cache);
        let out = s.run(bytes, &[1, 2]);
        assert!(out.pages[0].cached);
        assert_eq!(out.pending, [2]);
    }
}
