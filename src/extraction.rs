//! What reading a file found, apart from the rules: the text stage's result
//! and the signatures — everything a report is made of that a rules edit
//! cannot change, except on pages read by OCR, whose corrections were made
//! against the rules' words ([`Extraction::lexicon_bound`]). A worker keeps
//! it in the cache folder as a text entry (`crate::cache::TextCache`), so
//! that after a rules edit a file's text is not read again: only the rules
//! run on it ([`crate::analyze::apply`]).

use baocao_pdf::legacy::Summary;
use baocao_pdf::ocr::OcrPage;
use baocao_pdf::{Encoding, PageError, ReadText, Status};
use baocao_sig::SignatureReport;
use baocao_viet::quality::Quality;
use baocao_viet::text::DocText;
use serde::{Deserialize, Serialize};

/// A file's text, signatures and what the text stage noted.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Extraction {
    pub status: Status,
    /// Why there is no text (status other than `ok`).
    pub message: String,
    pub pages: u32,
    /// Pages whose text was read by OCR.
    pub ocr_pages: u32,
    pub encoding: Encoding,
    /// Some page OCR could not read: a later run may read the file better.
    pub transient: bool,
    pub errors: Vec<PageError>,
    pub legacy: Summary,
    pub quality: Vec<(u32, Quality)>,
    /// The pages read by OCR, with their words (for confidences).
    pub ocr: Vec<OcrPage>,
    pub text: DocText,
    /// The signatures, or why they could not be read.
    pub signatures: Result<SignatureReport, String>,
}

impl Extraction {
    /// What the text stage read from `bytes` (`read`), with the signatures.
    pub fn of(bytes: &[u8], read: &ReadText) -> Extraction {
        let status = read.status();
        let message = match status {
            Status::Ok => String::new(),
            Status::Error => {
                let errors: Vec<String> = read.errors.iter().map(ToString::to_string).collect();
                format!("the extractor failed on every page ({})", errors.join("; "))
            }
            _ => crate::analyze::no_text_message(read),
        };
        let ocr = read
            .quality
            .iter()
            .filter(|(_, q)| *q == Quality::Ocr)
            .filter_map(|(n, _)| read.ocr.page(*n))
            .map(|r| r.page.clone())
            .collect();
        Extraction {
            status,
            message,
            pages: read.pages.len() as u32,
            ocr_pages: read.ocr_pages() as u32,
            encoding: read.encoding(),
            transient: read.errors.iter().any(PageError::is_ocr),
            errors: read.errors.clone(),
            legacy: read.legacy.clone(),
            quality: read.quality.clone(),
            ocr,
            text: read.text.clone(),
            signatures: signatures(bytes, read).map_err(|e| e.to_string()),
        }
    }

    /// Whether it may be kept for a later run: not when a later run may
    /// read the file better (a page OCR could not read, an extractor that
    /// failed on every page).
    pub fn keepable(&self) -> bool {
        !self.transient && self.status != Status::Error
    }

    /// Whether the text depends on the rules: OCR read some page, and its
    /// words were corrected against the rules' lexicon.
    pub fn lexicon_bound(&self) -> bool {
        self.ocr_pages > 0
    }

    /// Quality of page `page` (`Good` for a page number not in the document).
    pub fn quality_of(&self, page: u32) -> Quality {
        baocao_pdf::read::quality_of(&self.quality, page)
    }

    /// How sure OCR was of `snippet` on page `page` (mean word confidence,
    /// 0–100); `None` when the page was not read by OCR.
    pub fn ocr_confidence(&self, page: u32, snippet: &str) -> Option<f32> {
        let p = self.ocr.iter().find(|p| p.number == page)?;
        Some(baocao_pdf::ocr::confidence::of_snippet(p, snippet))
    }

    /// The mean word confidence of every page read by OCR.
    pub fn ocr_confidences(&self) -> Vec<(u32, f32)> {
        self.ocr
            .iter()
            .map(|p| (p.number, p.mean_confidence))
            .collect()
    }
}

/// The signatures, read from the document the text stage parsed when it
/// was neither decrypted nor rebuilt (else from the original bytes).
fn signatures(bytes: &[u8], read: &ReadText) -> Result<SignatureReport, baocao_sig::SigError> {
    match read.signed_document() {
        Some(doc) => baocao_sig::read_signatures_in(bytes, doc),
        None => baocao_sig::read_signatures(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_extraction_read_back_gives_the_same_text_to_the_rules() {
        let bytes = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("corpus/phuong-kim-tra/569-BC-UBND.pdf"),
        )
        .unwrap();
        let read = baocao_pdf::read_text(&bytes).unwrap();
        let x = Extraction::of(&bytes, &read);
        let back: Extraction = serde_json::from_str(&serde_json::to_string(&x).unwrap()).unwrap();
        assert_eq!(back.text.text(), x.text.text());
        assert_eq!(back.text.folded(), x.text.folded());
        assert_eq!(back.text.last_page(), x.text.last_page());
        assert_eq!(back.signatures, x.signatures);
        assert_eq!(back.quality, x.quality);
        assert!(!x.lexicon_bound());
    }
}
