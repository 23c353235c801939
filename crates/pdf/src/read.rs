//! The text stage behind one call. Every caller — the worker and each
//! single-file command — reads a file the same way: [`read_file`] (one size
//! limit, [`MAX_FILE_BYTES`]), then [`read_text`]: probe → extract → legacy
//! decoding → page quality → normalised [`DocText`], with the parsed
//! document kept for the signature reader, so a file is parsed once.

use std::fmt;
use std::path::Path;

use baocao_viet::quality::{self, Quality};
use baocao_viet::text::DocText;
use lopdf::Document;

use crate::legacy::{self, Summary};
use crate::{clean, extract_document, probe, Extracted, FileKind, PageText, ProbeError};

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

/// A page the extractor could not (fully) read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageError {
    pub page: u32,
    pub message: String,
}

impl fmt::Display for PageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "page {}: {}", self.page, self.message)
    }
}

/// How to read.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions {
    /// Decode TCVN3/VNI runs (off only for `baocao text --raw` and comparisons).
    pub decode_legacy: bool,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            decode_legacy: true,
        }
    }
}

/// Everything the text stage learnt about a PDF.
#[derive(Debug)]
pub struct ReadText {
    /// The document as parsed once, for the signature reader.
    pub document: Box<Document>,
    /// Every page, legacy runs decoded.
    pub pages: Vec<PageText>,
    /// What the legacy stage converted.
    pub legacy: Summary,
    /// Text-layer quality of every page (after decoding), in page order.
    pub quality: Vec<(u32, Quality)>,
    /// Pages the extractor failed on.
    pub errors: Vec<PageError>,
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

/// Read the text of the PDF in `bytes`.
pub fn read_text(bytes: &[u8]) -> Result<ReadText, ReadError> {
    read_text_with(bytes, ReadOptions::default())
}

/// [`read_text`] with options.
pub fn read_text_with(bytes: &[u8], options: ReadOptions) -> Result<ReadText, ReadError> {
    let FileKind::Pdf(document) = probe(bytes)?;
    let Extracted { mut pages, fonts } = extract_document(&document);
    let errors = pages
        .iter()
        .filter_map(|p| {
            p.error.as_ref().map(|e| PageError {
                page: p.number,
                message: e.clone(),
            })
        })
        .collect();
    let legacy = if options.decode_legacy {
        legacy::decode_pages(&mut pages, &fonts)
    } else {
        Summary::default()
    };
    let quality = pages.iter().map(|p| (p.number, page_quality(p))).collect();
    let text = clean::doc_text(&pages);
    Ok(ReadText {
        document,
        pages,
        legacy,
        quality,
        errors,
        text,
    })
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
        } else if self.errors.len() == self.pages.len() {
            Status::Error
        } else {
            Status::NoText
        }
    }

    /// Quality of page `page` (`Good` for a page number not in the document).
    pub fn quality_of(&self, page: u32) -> Quality {
        self.quality
            .iter()
            .find(|(n, _)| *n == page)
            .map_or(Quality::Good, |(_, q)| *q)
    }

    /// The parsed document as the file's bytes have it, for the signature
    /// reader: `None` when it was decrypted (its strings are no longer the
    /// file's, so signatures must be read from a fresh parse).
    pub fn signed_document(&self) -> Option<&Document> {
        (!self.document.was_encrypted()).then_some(&*self.document)
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
