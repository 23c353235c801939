//! Page-by-page text extraction with `pdf-extract`, behind a panic guard.
//!
//! The document is loaded once ([`crate::probe`]); each page is then rendered
//! through our own `OutputDev`, which records positioned glyphs for
//! [`crate::layout`]. A panic inside `pdf-extract` (it has many on malformed
//! input) fails only that page: the page gets an error message and the other
//! pages are still extracted. Install [`silence_panics`] once per process so
//! such panics do not spill onto stderr.
//!
//! Pages whose content `lopdf` cannot parse because of comments are read from
//! a repaired copy ([`crate::repair`]); each glyph is tagged with the font it
//! was set in, from a parallel walk of the content ([`crate::fonts`]), and
//! [`Extracted::fonts`] keeps those tags per span for the legacy stage.

use std::panic::{catch_unwind, AssertUnwindSafe};

use lopdf::Document;
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use crate::fonts::{self, FontCoding};
use crate::layout::{Glyph, Line, SpanFonts};
use crate::probe::{probe, FileKind, ProbeError};

/// Text of one page, as lines in reading order.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct PageText {
    /// 1-based page number.
    pub number: u32,
    pub lines: Vec<Line>,
    /// Why this page could not be (fully) extracted, if it could not.
    pub error: Option<String>,
}

impl PageText {
    /// The page's text, one line per row.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for l in &self.lines {
            out.push_str(&l.text());
            out.push('\n');
        }
        out
    }
}

/// Every page of a document.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Extracted {
    pub pages: Vec<PageText>,
    /// Per page, per line, per span: where the font changes
    /// (parallel to `pages[i].lines[j].spans[k]`).
    pub fonts: Vec<PageFonts>,
}

/// The font runs of a page's spans, `[line][span]`.
pub type PageFonts = Vec<Vec<SpanFonts>>;

/// Probe `bytes`, then extract every page.
pub fn extract(bytes: &[u8]) -> Result<Extracted, ProbeError> {
    let FileKind::Pdf(doc) = probe(bytes)?;
    Ok(extract_document(&doc))
}

/// Extract every page of an already loaded document, one page at a time.
pub fn extract_document(doc: &Document) -> Extracted {
    let repaired = crate::repair::repaired(doc);
    let doc = repaired.as_ref().unwrap_or(doc);
    let (pages, fonts) = doc
        .get_pages()
        .into_iter()
        .map(|(n, id)| extract_page_with_fonts(doc, n, id))
        .unzip();
    Extracted { pages, fonts }
}

/// Extract one page; a panic or error inside the extractor is caught and
/// reported on the page, keeping whatever glyphs were collected before it.
pub fn extract_page(doc: &Document, number: u32, id: lopdf::ObjectId) -> PageText {
    extract_page_with_fonts(doc, number, id).0
}

/// [`extract_page`], with the font runs of every span.
pub fn extract_page_with_fonts(
    doc: &Document,
    number: u32,
    id: lopdf::ObjectId,
) -> (PageText, PageFonts) {
    let read = read_page(doc, number, id);
    (read.page, read.fonts)
}

/// A page as the text layer's extractor read it.
#[derive(Debug, Clone)]
pub struct LayerPage {
    pub page: PageText,
    pub fonts: PageFonts,
    /// Every string the content shows was read, one glyph per character
    /// code, none of them empty, and no error: a second extractor cannot
    /// read more of this page ([`crate::ladder`] then skips it).
    pub whole: bool,
}

/// [`extract_page_with_fonts`], telling whether the page was read whole.
pub fn read_page(doc: &Document, number: u32, id: lopdf::ObjectId) -> LayerPage {
    if let Err(why) = crate::guard::check_page(doc, id) {
        let page = PageText {
            number,
            lines: Vec::new(),
            error: Some(format!("page refused: {why}")),
        };
        return LayerPage {
            page,
            fonts: Vec::new(),
            whole: false,
        };
    }
    let mut dev = GlyphCollector::default();
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::output_doc_page(doc, &mut dev, number)
    }));
    let error = match outcome {
        Ok(Ok(())) => None,
        Ok(Err(e)) => Some(format!("extractor error: {}", describe_output_error(&e))),
        Err(payload) => Some(format!("extractor panicked: {}", panic_message(&payload))),
    };
    let walked = fonts::page_walk(doc, id);
    let whole = error.is_none()
        && !dev.capped
        && dev.glyphs.iter().all(|g| !g.text.is_empty())
        && fonts::covers(&dev.glyph_shows, dev.shows, walked.as_ref());
    let shows = walked.as_ref().map(|w| w.shows.as_slice());
    let tags = fonts::assign(&dev.glyph_shows, dev.shows, shows);
    for (g, font) in dev.glyphs.iter_mut().zip(tags) {
        g.font = font;
    }
    let (lines, fonts) = crate::skew::lines_with_fonts(dev.glyphs);
    LayerPage {
        page: PageText {
            number,
            lines,
            error,
        },
        fonts,
        whole,
    }
}

/// Replace the panic hook with one that prints nothing. Call once at start-up
/// of a process that extracts untrusted PDFs.
pub fn silence_panics() {
    std::panic::set_hook(Box::new(|_| {}));
}

fn describe_output_error(e: &OutputError) -> String {
    match e {
        OutputError::FormatError(_) => "formatting failed".into(),
        OutputError::IoError(io) => io.to_string(),
        OutputError::PdfError(pdf) => pdf.to_string(),
    }
}

/// The message carried by a panic payload, when it is a string.
pub fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".into()
    }
}

/// Upper bound on glyphs kept per page; a hostile page cannot grow us beyond it.
const MAX_GLYPHS_PER_PAGE: usize = 200_000;

/// An `OutputDev` that records glyph positions, and for each glyph the
/// index of the show (`begin_word` call) it came from.
#[derive(Default)]
struct GlyphCollector {
    page_height: f64,
    glyphs: Vec<Glyph>,
    glyph_shows: Vec<usize>,
    /// `begin_word` calls so far.
    shows: usize,
    /// Glyphs were dropped at [`MAX_GLYPHS_PER_PAGE`].
    capped: bool,
}

impl OutputDev for GlyphCollector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.page_height = media_box.ury - media_box.lly;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        if self.glyphs.len() >= MAX_GLYPHS_PER_PAGE {
            self.capped = true;
            return Ok(());
        }
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = (font_size * scale).abs();
        let x = trm.m31;
        let y = self.page_height - trm.m32;
        let end_x = x + width * size;
        self.glyphs.push(Glyph {
            x: x as f32,
            y: y as f32,
            end_x: end_x as f32,
            size: size as f32,
            text: char.to_string(),
            font: None::<FontCoding>,
        });
        self.glyph_shows.push(self.shows.saturating_sub(1));
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.shows += 1;
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}
