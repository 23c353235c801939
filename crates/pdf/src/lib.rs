//! PDF text extraction for baocao.
//!
//! A PDF is hostile until proven otherwise. This crate classifies a file
//! ([`probe`]), then extracts its text page by page with `pdf-extract`, one
//! page at a time behind a panic guard ([`extract`]), collecting positioned
//! glyphs that [`layout`] turns into lines in reading order.
//!
//! What this crate cannot guard against inside one process (stack overflow on
//! self-referencing Form XObjects, endless loops, memory blow-ups) is left to
//! the caller's worker processes; see `ARCHITECTURE.md`.

pub mod extract;
pub mod guard;
pub mod layout;
pub mod probe;

pub use extract::{extract, extract_document, Extracted, PageText};
pub use layout::{Glyph, Line, Span};
pub use probe::{probe, FileKind, ProbeError};
