//! PDF text extraction for baocao: the text stage behind one call,
//! [`read_text`] (with [`read_file`] and its size limit before it).
//!
//! A PDF is hostile until proven otherwise. This crate classifies a file
//! ([`probe`]), then extracts its text page by page with `pdf-extract`, one
//! page at a time behind a panic guard ([`extract`]), collecting positioned
//! glyphs that [`layout`] turns into lines in reading order, each glyph tagged
//! with the encoding its font's name announces ([`fonts`]). [`legacy`] decodes
//! TCVN3/VNI runs, and [`clean`] turns the pages into the normalised
//! [`DocText`](baocao_viet::DocText) the rules read.
//!
//! When `pdf-extract` reads a page as empty, fails on it or reads it only in
//! part, [`ladder`] falls back to our own content walk ([`fallback`], over the
//! tolerant [`ops`] lexer, [`textfont`] and [`cmap`]); [`recover`] opens files
//! whose cross-reference table is broken; [`skew`] reads tilted text layers
//! line by line; [`ocr`] renders and recognises pages that have no usable
//! text layer. [`read_text_with`] runs all of it, OCR when the caller's
//! [`ReadOptions`] ask for it.
//!
//! What this crate cannot guard against inside one process (stack overflow on
//! self-referencing Form XObjects, endless loops, memory blow-ups) is left to
//! the caller's worker processes; see `ARCHITECTURE.md`.

pub mod clean;
pub mod cmap;
pub mod extract;
pub mod fallback;
pub mod fonts;
pub mod guard;
pub mod images;
pub mod ladder;
pub mod layout;
pub mod legacy;
pub mod ocr;
pub mod ops;
pub mod probe;
pub mod read;
pub mod recover;
pub mod repair;
pub mod skew;
pub mod streams;
pub mod subprocess;
pub mod table;
pub mod textfont;

pub use extract::{extract, extract_document, Extracted, PageFonts, PageText};
pub use fonts::FontCoding;
pub use ladder::{read_document, read_page, PageRead, Read, Source};
pub use layout::{FontRun, Glyph, Line, Span, SpanFonts};
pub use legacy::Encoding;
pub use probe::{probe, FileKind, ProbeError};
pub use read::{
    read_file, read_text, read_text_with, PageError, ReadError, ReadOptions, ReadText, Status,
    MAX_FILE_BYTES,
};
pub use recover::open;
