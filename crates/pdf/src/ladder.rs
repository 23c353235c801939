//! The reading ladder of a page, steps a and b: the text layer through
//! `pdf-extract` ([`crate::extract`]), then our own content walk
//! ([`crate::fallback`]) when the first yields nothing, fails, or clearly
//! reads less or worse. Step c, OCR ([`crate::ocr`]), is the caller's: it
//! depends on the text's quality after legacy decoding, which is judged
//! outside this crate.
//!
//! The choice per page ([`choose`]) keeps the first extractor unless the
//! second reads markedly more usable characters ([`MORE`]) or as many with
//! fewer broken ones (replacement and control characters, private-use
//! codes, symbols inside words). Both are run on a page unless the first
//! read it whole ([`crate::extract::LayerPage::whole`]: every show of the
//! content, one non-empty glyph per code, no broken character, no error) —
//! the second cannot read more of such a page. On any other page comparing
//! is the only way to notice a page the first extractor reads only in part
//! (`'` and `"` shows, a bad operator mid-stream).

use lopdf::{Document, ObjectId};

use crate::extract::{self, Extracted, LayerPage, PageFonts, PageText};
use crate::fallback;

/// Which step of the ladder gave a page its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// `pdf-extract` (possibly with no text: an image-only page).
    TextLayer,
    /// The fallback content walk.
    Fallback,
    /// Optical character recognition of the rendered page.
    Ocr,
}

impl Source {
    /// The label used in outputs (`text_layer`, `fallback`, `ocr`).
    pub fn label(self) -> &'static str {
        match self {
            Source::TextLayer => "text_layer",
            Source::Fallback => "fallback",
            Source::Ocr => "ocr",
        }
    }
}

/// One page as read, with where its text came from.
#[derive(Debug, Clone)]
pub struct PageRead {
    pub page: PageText,
    pub fonts: PageFonts,
    pub source: Source,
    /// Why the first extractor was not used, when it failed (the page's
    /// `error` is then `None`: the page was read).
    pub note: Option<String>,
}

/// Every page of a document as read: the usual [`Extracted`] (so later
/// stages are unchanged) and the source of each page.
#[derive(Debug, Clone, Default)]
pub struct Read {
    pub extracted: Extracted,
    pub sources: Vec<Source>,
    /// Per page, [`PageRead::note`].
    pub notes: Vec<Option<String>>,
}

impl Read {
    /// Put an OCR'd page in place of page `index` (0-based): its lines, no
    /// font runs (OCR text is Unicode), source [`Source::Ocr`].
    pub fn set_ocr(&mut self, index: usize, page: &crate::ocr::OcrPage) {
        if let Some(p) = self.extracted.pages.get_mut(index) {
            *p = page.page_text();
        }
        if let Some(f) = self.extracted.fonts.get_mut(index) {
            f.clear();
        }
        if let Some(s) = self.sources.get_mut(index) {
            *s = Source::Ocr;
        }
    }
}

/// The fallback wins when it reads more than this factor of the first
/// extractor's usable characters (plus [`MORE_SLACK`]).
pub const MORE: f32 = 1.1;
/// Characters the fallback must read beyond [`MORE`] to win.
pub const MORE_SLACK: usize = 2;

/// Read every page with steps a and b of the ladder.
pub fn read_document(doc: &Document) -> Read {
    let repaired = crate::repair::repaired(doc);
    let doc = repaired.as_ref().unwrap_or(doc);
    let mut read = Read::default();
    for (n, id) in doc.get_pages() {
        let p = read_page(doc, n, id);
        read.extracted.pages.push(p.page);
        read.extracted.fonts.push(p.fonts);
        read.sources.push(p.source);
        read.notes.push(p.note);
    }
    read
}

/// Read one page with steps a and b of the ladder.
pub fn read_page(doc: &Document, number: u32, id: ObjectId) -> PageRead {
    let LayerPage { page, fonts, whole } = extract::read_page(doc, number, id);
    if whole && Counts::of(&page).broken == 0 {
        return PageRead {
            page,
            fonts,
            source: Source::TextLayer,
            note: None,
        };
    }
    let second = fallback::extract_page(doc, number, id);
    choose((page, fonts), second)
}

/// Pick the better of the text layer (`first`) and the fallback (`second`).
pub fn choose(first: (PageText, PageFonts), second: (PageText, PageFonts)) -> PageRead {
    let a = Counts::of(&first.0);
    let b = Counts::of(&second.0);
    let more = b.usable() as f32 > a.usable() as f32 * MORE + MORE_SLACK as f32;
    let cleaner = b.usable() >= a.usable() && b.broken < a.broken;
    let failed_first = first.0.error.is_some() && b.usable() > 0 && b.usable() >= a.usable();
    if more || cleaner || failed_first {
        let (page, fonts) = second;
        return PageRead {
            page,
            fonts,
            source: Source::Fallback,
            note: first.0.error,
        };
    }
    PageRead {
        page: first.0,
        fonts: first.1,
        source: Source::TextLayer,
        note: None,
    }
}

/// Characters of a page's text, and how many of them look broken.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Counts {
    chars: usize,
    broken: usize,
}

impl Counts {
    fn of(page: &PageText) -> Counts {
        let mut c = Counts::default();
        for line in &page.lines {
            for span in &line.spans {
                let chars: Vec<char> = span.text.chars().collect();
                for (i, &ch) in chars.iter().enumerate() {
                    if ch.is_whitespace() {
                        continue;
                    }
                    c.chars += 1;
                    let prev = i.checked_sub(1).map(|p| chars[p]);
                    let next = chars.get(i + 1).copied();
                    c.broken += usize::from(is_broken(ch, prev, next));
                }
            }
        }
        c
    }

    fn usable(self) -> usize {
        self.chars - self.broken
    }
}

/// A character no reader would want: U+FFFD, a control or private-use
/// code, or a symbol between two letters (`H€ ng`, `Ng‚ƒi`).
fn is_broken(c: char, prev: Option<char>, next: Option<char>) -> bool {
    let symbol_in_word = !c.is_alphanumeric()
        && !c.is_ascii_punctuation()
        && !matches!(c, '’' | '‘' | '“' | '”' | '–' | '—' | '…' | '·')
        && prev.is_some_and(char::is_alphabetic)
        && next.is_some_and(char::is_alphabetic);
    c == '\u{FFFD}' || c.is_control() || ('\u{E000}'..='\u{F8FF}').contains(&c) || symbol_in_word
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{Line, Span};

    fn page(text: &str, error: Option<&str>) -> (PageText, PageFonts) {
        let lines = text
            .lines()
            .map(|t| Line {
                y: 0.0,
                size: 10.0,
                spans: vec![Span {
                    x0: 0.0,
                    x1: 1.0,
                    text: t.into(),
                }],
            })
            .collect();
        let p = PageText {
            number: 1,
            lines,
            error: error.map(String::from),
        };
        (p, Vec::new())
    }

    #[test]
    fn the_text_layer_is_kept_when_it_reads_as_much() {
        let r = choose(page("Báo cáo số 569", None), page("Báo cáo số 569", None));
        assert_eq!(r.source, Source::TextLayer);
        let r = choose(page("Báo cáo số 569 x", None), page("Báo cáo số 569", None));
        assert_eq!(r.source, Source::TextLayer);
    }

    #[test]
    fn the_fallback_wins_on_empty_failed_partial_or_broken_pages() {
        let r = choose(page("", None), page("Hello", None));
        assert_eq!(r.source, Source::Fallback);
        let r = choose(
            page("", Some("extractor panicked: MediaBox")),
            page("Hello", None),
        );
        assert_eq!(r.source, Source::Fallback);
        assert_eq!(r.page.error, None);
        assert_eq!(r.note.as_deref(), Some("extractor panicked: MediaBox"));
        let r = choose(
            page("Bao cao tong ket", None),
            page("Bao cao tong ket\nHo ngheo giam 96 ho", None),
        );
        assert_eq!(r.source, Source::Fallback);
        let r = choose(
            page("H€ nghèo\nNg‚ƒi dan", None),
            page("Hộ nghèo\nNgười dan", None),
        );
        assert_eq!(r.source, Source::Fallback);
    }

    #[test]
    fn an_empty_fallback_never_replaces_an_error() {
        let r = choose(page("", Some("extractor error")), page("", None));
        assert_eq!(r.source, Source::TextLayer);
        assert_eq!(r.page.error.as_deref(), Some("extractor error"));
    }

    #[test]
    fn broken_characters() {
        assert!(is_broken('\u{FFFD}', None, None));
        assert!(is_broken('€', Some('H'), Some('n')));
        assert!(!is_broken('€', Some(' '), Some('5')));
        assert!(!is_broken('’', Some('l'), Some('s')));
    }

    fn fixture(path: &str) -> Document {
        let bytes =
            std::fs::read(format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR"))).expect("fixture");
        match crate::recover::open(&bytes).expect("pdf") {
            crate::FileKind::Pdf(doc) => *doc,
        }
    }

    /// Whether the text layer read every page of `path` whole (then the
    /// fallback is not run on it), and the ladder's source of each page.
    fn whole_pages(path: &str) -> Vec<(bool, Source)> {
        let doc = fixture(path);
        doc.get_pages()
            .into_iter()
            .map(|(n, id)| {
                let whole = extract::read_page(&doc, n, id).whole;
                (whole, read_page(&doc, n, id).source)
            })
            .collect()
    }

    #[test]
    fn a_born_digital_report_is_read_whole_by_the_text_layer() {
        let pages = whole_pages("corpus/phuong-kim-tra/569-BC-UBND.pdf");
        assert!(pages.len() > 1);
        assert!(
            pages.iter().all(|&p| p == (true, Source::TextLayer)),
            "{pages:?}"
        );
    }

    #[test]
    fn pages_the_text_layer_reads_in_part_still_get_the_fallback() {
        for path in [
            "tests/fixtures/malformed/quote-operators.pdf",
            "tests/fixtures/malformed/bad-operand.pdf",
            "tests/fixtures/fallback/2006-1E499_ND109veDKKD_dacotrenmucPTDNN-V.pdf",
        ] {
            let pages = whole_pages(path);
            assert!(pages.iter().all(|(whole, _)| !whole), "{path}: {pages:?}");
            assert!(
                pages.iter().any(|(_, s)| *s == Source::Fallback),
                "{path}: {pages:?}"
            );
        }
    }
}
