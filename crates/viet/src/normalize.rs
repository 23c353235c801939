//! The normalised form of Vietnamese text that the rest of baocao matches on.
//!
//! Three steps, in this order:
//!
//! 1. typographic variants that break matching are unified: every Unicode
//!    space character (NBSP, thin space, ideographic space, …) becomes `' '`,
//!    the soft hyphen U+00AD and the byte-order mark U+FEFF are removed; en and
//!    em dashes are kept;
//! 2. NFC (never NFKC: `m²` and `½` stay as they are);
//! 3. word by word: `Ð`/`ð` (U+00D0/U+00F0, the Icelandic eth that some fonts
//!    and PDF producers use for `Đ`/`đ`) become `Đ`/`đ` in Vietnamese words and
//!    in all-capital abbreviations (`HÐND` → `HĐND`, `VNÐ` → `VNĐ`), then the
//!    tone mark is put in its traditional place (see [`crate::tone`]).

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::syllable::Letters;
use crate::tone::{retone, ToneStyle};
use crate::words::{pieces, Piece};

/// Normalise `text`: unified spaces, NFC, `Ð` → `Đ` in Vietnamese words,
/// traditional tone placement. See the module documentation.
pub fn normalize(text: &str) -> String {
    let spaced = unify_typography(text);
    let nfc = to_nfc(&spaced);
    let mut out = String::with_capacity(nfc.len());
    for piece in pieces(&nfc) {
        match piece {
            Piece::Word(w) => push_word(&mut out, w),
            Piece::Other(o) => out.push_str(o),
        }
    }
    out
}

/// Step 1: spaces to `' '`, soft hyphen and BOM removed.
fn unify_typography(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| is_odd_space(c) || is_invisible(c)) {
        return Cow::Borrowed(text);
    }
    let mapped =
        text.chars()
            .filter(|&c| !is_invisible(c))
            .map(|c| if is_odd_space(c) { ' ' } else { c });
    Cow::Owned(mapped.collect())
}

/// Space characters other than the ASCII ones.
fn is_odd_space(c: char) -> bool {
    matches!(
        c,
        '\u{00A0}' | '\u{1680}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// Characters that are removed: soft hyphen, BOM / zero-width no-break space.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{FEFF}')
}

/// Step 2: NFC, borrowing when the text already is.
fn to_nfc(text: &str) -> Cow<'_, str> {
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    }
}

/// Step 3 for one word.
fn push_word(out: &mut String, word: &str) {
    let fixed_eth;
    let word = if word.contains(['Ð', 'ð']) && takes_d_for_eth(word) {
        fixed_eth = word.replace('Ð', "Đ").replace('ð', "đ");
        fixed_eth.as_str()
    } else {
        word
    };
    match retone(word, ToneStyle::Traditional) {
        Some(new) => out.push_str(&new),
        None => out.push_str(word),
    }
}

/// Whether a word holding `Ð`/`ð` is Vietnamese (a syllable, reading the eth
/// as `đ`) or an all-capital abbreviation of ASCII letters and `Ð`.
fn takes_d_for_eth(word: &str) -> bool {
    let abbreviation = word.chars().all(|c| c.is_ascii_uppercase() || c == 'Ð');
    abbreviation
        || Letters::parse(word).is_some_and(|l| crate::syllable::is_valid(l.as_slice(), false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TRANSCRIPT: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/tcvn3/2007-1AF57_02-2007.txt"
    ));

    proptest! {
        #[test]
        fn idempotent(s in "\\PC*") {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once);
        }

        #[test]
        fn idempotent_on_vietnamese(s in "[a-zA-ZăâêôơưđĐÐð \u{a0}\u{ad}\u{300}-\u{309}\u{323}\u{31b}]{0,30}") {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once);
        }
    }

    /// Throughput, for the report: `cargo test --release -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn throughput() {
        let text = TRANSCRIPT.repeat(200);
        let start = std::time::Instant::now();
        let out = normalize(&text);
        let folded = crate::fold::Folded::new(&out);
        let secs = start.elapsed().as_secs_f64();
        println!(
            "normalize + fold: {:.1} MB/s ({} bytes, {} folded)",
            text.len() as f64 / secs / 1e6,
            text.len(),
            folded.text.len()
        );
    }

    #[test]
    fn tones_become_traditional() {
        assert_eq!(
            normalize("Uỷ ban nhân dân phường Thuận Hoà"),
            "Ủy ban nhân dân phường Thuận Hòa"
        );
    }

    #[test]
    fn eth_becomes_d_with_stroke() {
        assert_eq!(normalize("Ðảm bảo"), "Đảm bảo");
        assert_eq!(normalize("HÐND và UBND"), "HĐND và UBND");
        assert_eq!(normalize("45 triệu VNÐ"), "45 triệu VNĐ");
        assert_eq!(normalize("ðồng"), "đồng");
        assert_eq!(normalize("Guðmundsson"), "Guðmundsson");
    }

    #[test]
    fn last_tone_vector_through_normalize() {
        // The last row of the vectors keeps U+00D0 in place_tone; normalize maps it.
        assert_eq!(
            crate::tone::place_tone("Ðảm", ToneStyle::Traditional),
            "Ðảm"
        );
        assert_eq!(normalize("Ðảm"), "Đảm");
    }

    #[test]
    fn no_nfkc() {
        assert_eq!(normalize("120 m² và ½ ha"), "120 m² và ½ ha");
    }

    #[test]
    fn nfc_and_spaces() {
        assert_eq!(normalize("Ba\u{301}o\u{a0}ca\u{301}o"), "Báo cáo");
        assert_eq!(normalize("thi\u{ad}đua\u{2009}–\u{202f}x"), "thiđua – x");
        assert_eq!(normalize("\u{feff}a — b"), "a — b");
    }

    #[test]
    fn plain_text_is_unchanged() {
        let s = "Báo cáo tổng kết công tác thi đua, khen thưởng giai đoạn 2020-2025";
        assert_eq!(normalize(s), s);
    }
}
