//! How the pipeline reads a file: the text stage
//! ([`baocao_pdf::read_text_with`]) with OCR as the run asks for it — on or
//! off (`--no-ocr`), the cache folder, the deadline of each OCR program —
//! the domain vocabulary its corrections use ([`crate::lexicon`]), and
//! whether OCR can run on this machine at all (checked once per process:
//! without tesseract a scan stays `no_text`, its message naming the
//! package to install).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use baocao_pdf::ocr::cache::{content_hash, Cache};
use baocao_pdf::ocr::step::{page_through_cache, Mode, OcrStep};
use baocao_pdf::ocr::{self, OcrOptions, OcrPage, PdfInput};
use baocao_pdf::{PageError, ReadError, ReadOptions, ReadText};
use baocao_rules::Rules;
use baocao_viet::ocrfix::Lexicon;

/// Whether and how to OCR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcrSetup {
    pub enabled: bool,
    /// Where recognised pages are kept (`None`: no cache).
    pub cache: Option<PathBuf>,
    /// Deadline of each OCR program (pdftoppm, tesseract) on each page.
    pub timeout: Duration,
}

impl Default for OcrSetup {
    /// On, cached in the user's cache folder, a minute per program.
    fn default() -> Self {
        OcrSetup {
            enabled: true,
            cache: Cache::default_dir(),
            timeout: Duration::from_secs(60),
        }
    }
}

impl OcrSetup {
    /// No OCR at all.
    pub fn off() -> Self {
        OcrSetup {
            enabled: false,
            ..OcrSetup::default()
        }
    }
}

/// Where the pages that need OCR come from.
#[derive(Debug, Clone, Copy)]
pub enum OcrSource<'a> {
    /// Recognised here, one after the other (single-file commands).
    Here,
    /// Not recognised here: pages not in the cache are left in
    /// `ReadText::ocr.pending` for the caller (a worker asks its parent).
    Ask,
    /// Recognised elsewhere (or failed there); nothing is left pending.
    Given {
        pages: &'a [OcrPage],
        failed: &'a [PageError],
    },
}

/// Reads files for the pipeline; one per process.
#[derive(Debug)]
pub struct Reader {
    enabled: bool,
    lexicon: Lexicon,
    options: OcrOptions,
    cache: Option<Cache>,
    /// `Some(why)` when OCR cannot run here; checked on first need.
    availability: OnceLock<Option<String>>,
}

impl Reader {
    /// A reader whose corrections use the words of `rules`.
    pub fn new(rules: &Rules, setup: &OcrSetup) -> Reader {
        Reader::with_lexicon(crate::lexicon::of_rules(rules), setup)
    }

    /// A reader with the given vocabulary.
    pub fn with_lexicon(lexicon: Lexicon, setup: &OcrSetup) -> Reader {
        Reader {
            enabled: setup.enabled,
            lexicon,
            options: OcrOptions {
                timeout: setup.timeout,
                ..OcrOptions::default()
            },
            cache: setup.cache.clone().map(Cache::new),
            availability: OnceLock::new(),
        }
    }

    /// Read `bytes`, legacy runs decoded.
    pub fn read(&self, bytes: &[u8], source: OcrSource<'_>) -> Result<ReadText, ReadError> {
        self.read_with(bytes, true, source)
    }

    /// Read `bytes`, deciding whether legacy runs are decoded.
    pub fn read_with(
        &self,
        bytes: &[u8],
        decode_legacy: bool,
        source: OcrSource<'_>,
    ) -> Result<ReadText, ReadError> {
        let (mode, pages, failed) = match source {
            OcrSource::Here => (Mode::Run, &[][..], &[][..]),
            OcrSource::Ask => (Mode::Defer, &[][..], &[][..]),
            OcrSource::Given { pages, failed } => (Mode::Defer, pages, failed),
        };
        let step = self.enabled.then_some(OcrStep {
            options: &self.options,
            lexicon: &self.lexicon,
            cache: self.cache.as_ref(),
            mode,
            given: pages,
            failed,
            availability: &self.availability,
        });
        let options = ReadOptions {
            decode_legacy,
            ocr: step,
        };
        let mut read = baocao_pdf::read_text_with(bytes, options)?;
        if let OcrSource::Given { .. } = source {
            settle_pending(&mut read);
        }
        Ok(read)
    }

    /// Why OCR cannot run here, if it cannot (found out once).
    fn unavailable(&self) -> Option<&str> {
        self.availability
            .get_or_init(|| ocr::check(&self.options).err().map(|e| e.to_string()))
            .as_deref()
    }

    /// OCR page `page` of the file at `path` (whose bytes are `bytes`),
    /// through the cache, uncorrected: a worker's share of a long scan.
    pub fn ocr_page(&self, path: &Path, bytes: &[u8], page: u32) -> Result<OcrPage, String> {
        if let Some(why) = self.unavailable() {
            return Err(why.to_string());
        }
        let hash = content_hash(bytes);
        page_through_cache(
            PdfInput::Path(path),
            &hash,
            page,
            &self.options,
            self.cache.as_ref(),
        )
        .map_err(|e| e.to_string())
    }
}

/// Pages still pending after the caller gave what it had: failures.
fn settle_pending(read: &mut ReadText) {
    for page in std::mem::take(&mut read.ocr.pending) {
        read.errors.push(PageError {
            page,
            message: format!(
                "{}page not recognised",
                baocao_pdf::ocr::step::FAILURE_PREFIX
            ),
        });
    }
    read.errors.sort_by_key(|e| e.page);
}

#[cfg(test)]
mod tests {
    use super::*;
    use baocao_pdf::Status;

    fn scan() -> Vec<u8> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::read(root.join("tests/fixtures/bad/scanned-image-only.pdf")).unwrap()
    }

    fn reader(setup: &OcrSetup) -> Reader {
        Reader::with_lexicon(Lexicon::default(), setup)
    }

    #[test]
    fn with_ocr_off_a_scan_keeps_no_text_and_no_ocr_error() {
        let read = reader(&OcrSetup::off())
            .read(&scan(), OcrSource::Here)
            .unwrap();
        assert_eq!(read.status(), Status::NoText);
        assert!(read.errors.is_empty() && read.ocr.pages.is_empty());
    }

    #[test]
    fn pages_the_caller_did_not_give_are_failures_not_pending() {
        // Whether or not tesseract is installed, nothing is recognised here.
        let setup = OcrSetup {
            cache: None,
            ..OcrSetup::default()
        };
        let source = OcrSource::Given {
            pages: &[],
            failed: &[],
        };
        let read = reader(&setup).read(&scan(), source).unwrap();
        assert!(read.ocr.pending.is_empty());
        assert_eq!(read.status(), Status::NoText);
        assert_eq!(read.errors.len(), 1);
        assert!(read.errors[0].is_ocr(), "{}", read.errors[0]);
    }
}
