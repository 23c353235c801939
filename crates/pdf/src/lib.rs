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
//! What this crate cannot guard against inside one process (stack overflow on
//! self-referencing Form XObjects, endless loops, memory blow-ups) is left to
//! the caller's worker processes; see `ARCHITECTURE.md`.

pub mod clean;
pub mod extract;
pub mod fonts;
pub mod guard;
pub mod layout;
pub mod legacy;
pub mod probe;
pub mod read;
pub mod repair;

pub use extract::{extract, extract_document, Extracted, PageFonts, PageText};
pub use fonts::FontCoding;
pub use layout::{FontRun, Glyph, Line, Span, SpanFonts};
pub use legacy::Encoding;
pub use probe::{probe, FileKind, ProbeError};
pub use read::{
    read_file, read_text, read_text_with, PageError, ReadError, ReadOptions, ReadText, Status,
    MAX_FILE_BYTES,
};
