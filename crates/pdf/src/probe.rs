//! Classify a file before extraction: not a PDF, empty, encrypted, corrupt.
//!
//! The checks are cheap and ordered so that the message a clerk reads says the
//! most specific thing known about the file.

use lopdf::Document;

/// What a file turned out to be.
#[derive(Debug)]
pub enum FileKind {
    /// A PDF that loads; the document is returned so it is parsed only once.
    Pdf(Box<Document>),
}

/// Why a file cannot be read as a PDF.
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    /// Zero bytes.
    #[error("empty file (0 bytes)")]
    Empty,
    /// No `%PDF-` header near the start.
    #[error("not a PDF: {0}")]
    NotPdf(String),
    /// Encrypted and not openable with the empty user password.
    #[error("encrypted PDF: {0}")]
    Encrypted(String),
    /// Header present but the structure does not load.
    #[error("corrupt PDF: {0}")]
    Corrupt(String),
}

/// Classify `bytes` and load the document when it is a usable PDF.
pub fn probe(bytes: &[u8]) -> Result<FileKind, ProbeError> {
    if bytes.is_empty() {
        return Err(ProbeError::Empty);
    }
    if find_header(bytes).is_none() {
        return Err(ProbeError::NotPdf(describe_non_pdf(bytes)));
    }
    let mut doc = Document::load_mem(bytes).map_err(|e| classify_load_error(bytes, e))?;
    if doc.is_encrypted() {
        doc.decrypt("")
            .map_err(|e| ProbeError::Encrypted(format!("needs a password to open ({e})")))?;
    }
    if doc.get_pages().is_empty() {
        return Err(ProbeError::Corrupt(
            "no pages found in the page tree".into(),
        ));
    }
    Ok(FileKind::Pdf(Box::new(doc)))
}

/// Offset of `%PDF-` within the first KiB (readers tolerate leading junk).
fn find_header(bytes: &[u8]) -> Option<usize> {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).position(|w| w == b"%PDF-")
}

/// A load failure of an encrypted file is an encryption problem, not corruption.
fn classify_load_error(bytes: &[u8], e: lopdf::Error) -> ProbeError {
    let text = e.to_string();
    let mentions_encrypt = contains(bytes, b"/Encrypt");
    if mentions_encrypt && (text.to_lowercase().contains("decrypt") || text.contains("ncrypt")) {
        return ProbeError::Encrypted(format!("cannot decrypt ({text})"));
    }
    if !contains(&bytes[bytes.len().saturating_sub(2048)..], b"%%EOF") {
        return ProbeError::Corrupt(format!("truncated: no %%EOF at the end ({text})"));
    }
    ProbeError::Corrupt(text)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// A short human description of what a non-PDF file looks like.
fn describe_non_pdf(bytes: &[u8]) -> String {
    let magic: &[(&[u8], &str)] = &[
        (b"PK\x03\x04", "a ZIP archive (DOCX/XLSX/ODT?)"),
        (b"\xD0\xCF\x11\xE0", "an OLE2 file (legacy .doc/.xls?)"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"{\\rtf", "an RTF document"),
        (b"<!DOCTYPE html", "an HTML page"),
        (b"<html", "an HTML page"),
    ];
    for (sig, what) in magic {
        if bytes.starts_with(sig) {
            return format!("the file is {what}, no %PDF- header");
        }
    }
    if std::str::from_utf8(&bytes[..bytes.len().min(512)]).is_ok() {
        return "the file is plain text, no %PDF- header".into();
    }
    "no %PDF- header in the first 1024 bytes".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_is_empty() {
        assert!(matches!(probe(b""), Err(ProbeError::Empty)));
    }

    #[test]
    fn text_is_not_pdf() {
        match probe(b"hello, this is not a pdf") {
            Err(ProbeError::NotPdf(m)) => assert!(m.contains("plain text"), "{m}"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn zip_is_named() {
        match probe(b"PK\x03\x04rest of a docx") {
            Err(ProbeError::NotPdf(m)) => assert!(m.contains("ZIP"), "{m}"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn header_only_is_corrupt() {
        assert!(matches!(probe(b"%PDF-1.7\n"), Err(ProbeError::Corrupt(_))));
    }
}
