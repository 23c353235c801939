//! Vietnamese text processing for baocao.
//!
//! * [`tone`] — tone-mark placement (traditional `hòa` or modern `hoà`);
//! * [`normalize`] — the normalised form all other crates work on;
//! * [`fold`] — lower-cased, diacritic-free view with a map back to the source;
//! * [`number`] — Vietnamese numbers, money and percentages;
//! * [`legacy`] — TCVN3 and VNI legacy 8-bit encodings, decoding and detection;
//! * [`quality`] — is a page's text layer usable;
//! * [`syllable`] — the structure of a Vietnamese syllable;
//! * [`text`] — a report's normalised text ([`DocText`]): paragraphs, the
//!   folded twin the rules match, pages.
//! * [`ocrfix`] — repairs of OCR text with the syllable model and a domain lexicon.

pub mod fold;
pub mod legacy;
pub mod normalize;
pub mod number;
pub mod ocrfix;
pub mod quality;
pub mod syllable;
pub mod text;
pub mod tone;
mod words;

pub use fold::{fold, Folded};
pub use normalize::normalize;
pub use text::{DocText, DocTextBuilder};
pub use tone::{canonicalize_tones, place_tone, ToneStyle};
