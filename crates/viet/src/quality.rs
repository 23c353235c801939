//! Text-layer quality of a page.

/// Quality of a page's text layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Quality {
    Good,
    NoText,
    NoDiacritics,
    BrokenMap,
}

/// Assess a page of decoded, normalised text.
pub fn assess_page(text: &str) -> Quality {
    if text.chars().filter(|c| c.is_alphabetic()).count() < 20 {
        Quality::NoText
    } else {
        Quality::Good
    }
}
