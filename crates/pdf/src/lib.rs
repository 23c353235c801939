//! PDF text extraction for baocao.
//!
//! A PDF is hostile until proven otherwise. This crate classifies a file
//! ([`probe`]), then extracts its text page by page with `pdf-extract`, one
//! page at a time behind a panic guard ([`extract`]), collecting positioned
//! glyphs that [`layout`] turns into lines in reading order, each glyph tagged
//! with the encoding its font's name announces ([`fonts`]).
//!
//! What this crate cannot guard against inside one process (stack overflow on
//! self-referencing Form XObjects, endless loops, memory blow-ups) is left to
//! the caller's worker processes; see `ARCHITECTURE.md`.

pub mod extract;
pub mod fonts;
pub mod guard;
pub mod layout;
pub mod probe;
pub mod repair;

pub use extract::{extract, extract_document, Extracted, PageFonts, PageText};
pub use fonts::FontCoding;
pub use layout::{FontRun, Glyph, Line, Span, SpanFonts};
pub use probe::{probe, FileKind, ProbeError};
