//! The text stage behind one call. Every caller — the worker and each
//! single-file command — reads a file the same way: [`read_file`] (one size
//! limit, [`MAX_FILE_BYTES`]), then [`read_text`], the reading ladder:
//! open (with a rebuilt cross-reference table when the file's is broken,
//! [`crate::recover`]) → every page through the text layer and the
//! fallback content walk ([`crate::ladder`]) → legacy decoding → page
//! quality → OCR of the pages still unusable ([`crate::ocr::step`], when
//! the caller asks for it in [`ReadOptions::ocr`]) → normalised
//! [`DocText`], with the parsed document kept for the signature reader, so
//! a file is parsed once.

use std::fmt;
use std::path::Path;

use baocao_viet::quality::{self, Quality};
use baocao_viet::text::DocText;
use lopdf::Document;

use crate::ladder::{read_document, Read, Source};
use crate::legacy::{self, Encoding, Summary};
use crate::ocr::step::{needs_ocr, OcrOutcome, OcrStep};
use crate::recover::{open_document, Opened};
use crate::{clean, Extracted, FileKind, PageText, ProbeError};

/// Files larger than this are refused unread.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// What happened to a file (documents.csv `status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Read, with text.
    Ok,
    /// A PDF without a text layer (a scan).
    NoText,
    Encrypted,
    Corrupt,
    NotPdf,
    /// The file could not be read, or the extractor failed on every page
    /// (or crashed, hung or ran out of memory in its worker).
    Error,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::NoText => "no_text",
            Status::Encrypted => "encrypted",
            Status::Corrupt => "corrupt",
            Status::NotPdf => "not_pdf",
            Status::Error => "error",
        }
    }

    /// Nothing could be read from the file at all (a scan is not a failure).
    pub fn is_failure(self) -> bool {
        matches!(
            self,
            Status::Error | Status::Corrupt | Status::NotPdf | Status::Encrypted
        )
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    #[error(
        "file too large ({} MiB; the limit is {} MiB)",
        .0 >> 20,
        MAX_FILE_BYTES >> 20
    )]
    TooLarge(u64),
    #[error(transparent)]
    Probe(#[from] ProbeError),
}

impl ReadError {
    /// The documents.csv status of a file that could not be read.
    pub fn status(&self) -> Status {
        match self {
            ReadError::Io(_) | ReadError::TooLarge(_) => Status::Error,
            ReadError::Probe(ProbeError::Empty | ProbeError::Corrupt(_)) => Status::Corrupt,
            ReadError::Probe(ProbeError::NotPdf(_)) => Status::NotPdf,
            ReadError::Probe(ProbeError::Encrypted(_)) => Status::Encrypted,
        }
    }
}

/// Quality of page `page` in a document's per-page `quality` (`Good` for a
/// page number not in it).
pub fn quality_of(quality: &[(u32, Quality)], page: u32) -> Quality {
    quality
        .iter()
        .find(|(n, _)| *n == page)
        .map_or(Quality::Good, |(_, q)| *q)
}

/// A page the extractor could not (fully) read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PageError {
    pub page: u32,
    pub message: String,
}

impl PageError {
    /// A failure of OCR (not of the text layer's extractors).
    pub fn is_ocr(&self) -> bool {
        self.message.starts_with(crate::ocr::step::FAILURE_PREFIX)
    }
}

impl fmt::Display for PageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "page {}: {}", self.page, self.message)
    }
}

/// How to read.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions<'a> {
    /// Decode TCVN3/VNI runs (off only for `baocao text --raw` and comparisons).
    pub decode_legacy: bool,
    /// Step c of the ladder: OCR of the pages without a usable text layer
    /// (`None`: no OCR, those pages stay as they are).
    pub ocr: Option<OcrStep<'a>>,
}

impl Default for ReadOptions<'_> {
    fn default() -> Self {
        ReadOptions {
            decode_legacy: true,
            ocr: None,
        }
    }
}

/// Everything the text stage learnt about a PDF.
#[derive(Debug)]
pub struct ReadText {
    /// The document as parsed once, for the signature reader.
    pub document: Box<Document>,
    /// Whether it was parsed from a copy with a rebuilt cross-reference table.
    pub rebuilt: bool,
    /// Every page, legacy runs decoded, OCR'd pages in place.
    pub pages: Vec<PageText>,
    /// Which step of the ladder gave each page its text (page order).
    pub sources: Vec<Source>,
    /// Per page, why the text layer's extractor was not used when it failed.
    pub notes: Vec<Option<String>>,
    /// What the legacy stage converted.
    pub legacy: Summary,
    /// Text-layer quality of every page (after decoding; `Ocr` for pages
    /// read by OCR), in page order.
    pub quality: Vec<(u32, Quality)>,
    /// Pages the extractors (or OCR) failed on.
    pub errors: Vec<PageError>,
    /// What OCR read, corrected, and what it could not read.
    pub ocr: OcrOutcome,
    /// The normalised text the rules read.
    pub text: DocText,
}

/// Read a file, refusing one larger than [`MAX_FILE_BYTES`].
pub fn read_file(path: &Path) -> Result<Vec<u8>, ReadError> {
    let len = std::fs::metadata(path)?.len();
    if len > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(len));
    }
    Ok(std::fs::read(path)?)
}

/// Read the text of the PDF in `bytes` (steps a and b of the ladder, no OCR).
pub fn read_text(bytes: &[u8]) -> Result<ReadText, ReadError> {
    read_text_with(bytes, ReadOptions::default())
}

/// [`read_text`] with options (legacy decoding, OCR).
pub fn read_text_with(bytes: &[u8], options: ReadOptions<'_>) -> Result<ReadText, ReadError> {
    let Opened {
        kind: FileKind::Pdf(document),
        rebuilt,
    } = open_document(bytes)?;
    let Read {
        extracted: Extracted { mut pages, fonts },
        mut sources,
        notes,
    } = read_document(&document);
    let mut errors = page_errors(&pages);
    let legacy = if options.decode_legacy {
        legacy::decode_pages(&mut pages, &fonts)
    } else {
        Summary::default()
    };
    let mut quality: Vec<(u32, Quality)> =
        pages.iter().map(|p| (p.number, page_quality(p))).collect();
    let ocr = match options.ocr {
        Some(step) => step.run(bytes, &ocr_wanted(&document, &pages, &quality)),
        None => OcrOutcome::default(),
    };
    put_ocr_pages(&ocr, &mut pages, &mut sources, &mut quality, &mut errors);
    let text = clean::doc_text(&pages);
    Ok(ReadText {
        document,
        rebuilt,
        pages,
        sources,
        notes,
        legacy,
        quality,
        errors,
        ocr,
        text,
    })
}

/// The pages step c reads: a text layer without diacritics or with a
/// broken map, or no text and either no letter at all or a picture shown
/// (a page with a few words and no picture is a short page, not a scan).
fn ocr_wanted(doc: &Document, pages: &[PageText], quality: &[(u32, Quality)]) -> Vec<u32> {
    let ids = doc.get_pages();
    pages
        .iter()
        .zip(quality)
        .filter(|(_, (_, q))| needs_ocr(*q))
        .filter(|(p, (_, q))| {
            *q != Quality::NoText
                || !p.text().chars().any(char::is_alphabetic)
                || ids
                    .get(&p.number)
                    .is_some_and(|id| crate::images::shows_image(doc, *id))
        })
        .map(|(p, _)| p.number)
        .collect()
}

/// The pages the extractors failed on.
fn page_errors(pages: &[PageText]) -> Vec<PageError> {
    pages
        .iter()
        .filter_map(|p| {
            p.error.as_ref().map(|e| PageError {
                page: p.number,
                message: e.clone(),
            })
        })
        .collect()
}

/// Put every page on which OCR read more letters than its text layer holds
/// in place of that text layer (source `Ocr`, its extraction error gone;
/// quality `Ocr`, or `NoText` when OCR too found next to nothing); list
/// OCR's failures with the page errors.
fn put_ocr_pages(
    ocr: &OcrOutcome,
    pages: &mut [PageText],
    sources: &mut [Source],
    quality: &mut [(u32, Quality)],
    errors: &mut Vec<PageError>,
) {
    for r in &ocr.pages {
        let text = r.page.page_text();
        let Some(i) = pages.iter().position(|p| p.number == r.page.number) else {
            continue;
        };
        if letters(&text) <= letters(&pages[i]) {
            continue;
        }
        quality[i].1 = match page_quality(&text) {
            Quality::NoText => Quality::NoText,
            _ => Quality::Ocr,
        };
        pages[i] = text;
        if let Some(s) = sources.get_mut(i) {
            *s = Source::Ocr;
        }
        errors.retain(|e| e.page != r.page.number);
    }
    errors.extend(ocr.failures.iter().cloned());
    errors.sort_by_key(|e| e.page);
}

fn letters(page: &PageText) -> usize {
    page.text().chars().filter(|c| c.is_alphabetic()).count()
}

/// Quality of a page's text layer, as the pipeline judges it.
pub fn page_quality(page: &PageText) -> Quality {
    quality::assess_page(&baocao_viet::normalize(&page.text()))
}

impl ReadText {
    /// `Ok` when some page has text; else `NoText`, or `Error` when the
    /// extractor failed on every page.
    pub fn status(&self) -> Status {
        if !self.quality.iter().all(|(_, q)| *q == Quality::NoText) {
            Status::Ok
        } else if self.pages.iter().all(|p| {
            self.errors
                .iter()
                .any(|e| e.page == p.number && !e.is_ocr())
        }) {
            Status::Error
        } else {
            Status::NoText
        }
    }

    /// documents.csv `encoding`: the legacy stage's verdict, `ocr` when
    /// every page with text was read by OCR, `mixed` when some were.
    pub fn encoding(&self) -> Encoding {
        let ocr = self.sources.iter().filter(|s| **s == Source::Ocr).count();
        let layer = self
            .quality
            .iter()
            .filter(|(_, q)| !matches!(q, Quality::NoText | Quality::Ocr))
            .count();
        match (ocr, layer) {
            (0, _) => self.legacy.encoding(),
            (_, 0) => Encoding::Ocr,
            _ => Encoding::Mixed,
        }
    }

    /// Pages read by OCR.
    pub fn ocr_pages(&self) -> usize {
        self.sources.iter().filter(|s| **s == Source::Ocr).count()
    }

    /// Quality of page `page` (`Good` for a page number not in the document).
    pub fn quality_of(&self, page: u32) -> Quality {
        quality_of(&self.quality, page)
    }

    /// The parsed document as the file's bytes have it, for the signature
    /// reader: `None` when it was decrypted (its strings are no longer the
    /// file's) or parsed from a copy with a rebuilt cross-reference table,
    /// so signatures must be read from the bytes themselves.
    pub fn signed_document(&self) -> Option<&Document> {
        (!self.document.was_encrypted() && !self.rebuilt).then_some(&*self.document)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_files_have_a_status() {
        let empty = read_text(b"").unwrap_err();
        assert_eq!(empty.status(), Status::Corrupt);
        assert_eq!(empty.to_string(), "empty file (0 bytes)");
        let text = read_text(b"just some notes").unwrap_err();
        assert_eq!(text.status(), Status::NotPdf);
        let missing = read_file(Path::new("/nonexistent/baocao.pdf")).unwrap_err();
        assert_eq!(missing.status(), Status::Error);
        assert!(
            missing.to_string().starts_with("cannot read the file: "),
            "{missing}"
        );
    }

    #[test]
    fn too_large_names_both_sizes() {
        let e = ReadError::TooLarge(300 << 20);
        assert_eq!(
            e.to_string(),
            "file too large (300 MiB; the limit is 256 MiB)"
        );
    }

    #[test]
    fn statuses_display_their_csv_names() {
        assert_eq!(Status::NotPdf.to_string(), "not_pdf");
        assert_eq!(
            serde_json_name(Status::NoText),
            format!("\"{}\"", Status::NoText)
        );
        assert!(Status::Encrypted.is_failure() && !Status::NoText.is_failure());
    }

    fn serde_json_name(s: Status) -> String {
        serde_json::to_string(&s).unwrap()
    }
}
