//! Tone-mark placement.
//!
//! Vietnamese writes one tone mark per syllable, on one of the vowels of its
//! nucleus. Two conventions disagree on a few open syllables: the
//! *traditional* style (`hòa`, `khỏe`, `thủy`, `Ủy`), which baocao treats as
//! canonical, and the *modern* style (`hoà`, `khoẻ`, `thuỷ`, `Uỷ`). Input text
//! mixes both and also contains slips such as `qúy`, `tíêng` or `ngừơi`.
//!
//! The rule (the one Unikey's `getTonePosition` implements), applied to the
//! nucleus after the onset has been taken off (`gi` and `qu` count as onsets
//! when a vowel follows them, so `gịa` becomes `giạ` and `qủa` becomes `quả`):
//!
//! 1. a nucleus of one vowel carries the tone;
//! 2. otherwise a vowel with a circumflex (`â ê ô`) carries it (`tiếng`,
//!    `huể`, `nguyễn`);
//! 3. otherwise a vowel with a horn or breve (`ơ ư ă`) carries it, except that
//!    in `ươ` (`người`, `rượu`) it goes on the `ơ`;
//! 4. otherwise a nucleus of three vowels puts it on the middle one (`khuỷu`);
//! 5. otherwise, in the modern style only, `oa`, `oe` and `uy` put it on the
//!    second vowel (`hoà`, `thuỷ`);
//! 6. otherwise it goes on the first vowel of an open syllable (`mùa`, `hòa`)
//!    and on the second when a final consonant follows (`hoàn`, `toán`).
//!
//! Whatever tone marks the word carries are lifted first; a word with two
//! different tones keeps the last one. Words that are not Vietnamese syllables
//! (foreign words, words with digits or other marks) are returned unchanged.
//! The work is done on the decomposed form (NFD) of the word; output is NFC.

use crate::syllable::{split, Letter, Letters, Shape};
use crate::words::{pieces, Piece};

/// Which of the two tone-placement conventions to write.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ToneStyle {
    /// `hòa thủy Ủy` — the canonical style of baocao.
    #[default]
    Traditional,
    /// `hoà thuỷ Uỷ`.
    Modern,
}

/// Re-place the tone mark of one syllable (a word of letters) per `style`.
///
/// NFC in, NFC out; words that are not Vietnamese syllables come back
/// unchanged. `place_tone("thuỷ", ToneStyle::Traditional) == "thủy"`.
pub fn place_tone(word: &str, style: ToneStyle) -> String {
    retone(word, style).unwrap_or_else(|| word.to_string())
}

/// Apply [`place_tone`] to every word of `text` (maximal runs of letters and
/// combining marks), leaving every other byte as it was.
pub fn canonicalize_tones(text: &str, style: ToneStyle) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in pieces(text) {
        match piece {
            Piece::Word(w) => match retone(w, style) {
                Some(new) => out.push_str(&new),
                None => out.push_str(w),
            },
            Piece::Other(o) => out.push_str(o),
        }
    }
    out
}

/// The word with its tone re-placed, or `None` when nothing changes (no tone,
/// not Vietnamese, or already in place and NFC).
pub(crate) fn retone(word: &str, style: ToneStyle) -> Option<String> {
    if word.is_ascii() {
        return None;
    }
    let mut letters = Letters::parse(word)?;
    let before = letters.clone();
    if !move_tone(letters.as_mut_slice(), style) {
        return None;
    }
    if letters.as_slice() == before.as_slice() && unicode_normalization::is_nfc(word) {
        return None;
    }
    Some(letters.to_nfc())
}

/// Lift the tone(s) and put the tone on its place; false for a word without
/// tone or one that is not a syllable (then `letters` is untouched).
fn move_tone(letters: &mut [Letter], style: ToneStyle) -> bool {
    let Some(tone) = letters.iter().rev().find_map(|l| l.tone) else {
        return false;
    };
    let Some(parts) = split(letters) else {
        return false;
    };
    let nucleus = &letters[parts.nucleus.clone()];
    let at = parts.nucleus.start + tone_position(nucleus, !parts.coda.is_empty(), style);
    for (i, l) in letters.iter_mut().enumerate() {
        l.tone = (i == at).then_some(tone);
    }
    true
}

/// Index, within the nucleus, of the vowel that carries the tone (module rule).
fn tone_position(nucleus: &[Letter], has_coda: bool, style: ToneStyle) -> usize {
    if nucleus.len() == 1 {
        return 0;
    }
    if let Some(i) = nucleus
        .iter()
        .position(|l| l.shape == Some(Shape::Circumflex))
    {
        return i;
    }
    if nucleus[0].untoned_lower() == 'ư' && nucleus[1].untoned_lower() == 'ơ' {
        return 1;
    }
    if let Some(i) = nucleus
        .iter()
        .position(|l| matches!(l.shape, Some(Shape::Horn | Shape::Breve)))
    {
        return i;
    }
    if nucleus.len() == 3 {
        return 1;
    }
    if style == ToneStyle::Modern && is_modern_pair(nucleus) {
        return 1;
    }
    usize::from(has_coda)
}

/// `oa`, `oe`, `uy`: the pairs the two styles disagree on.
fn is_modern_pair(nucleus: &[Letter]) -> bool {
    matches!(
        (nucleus[0].lower, nucleus[1].lower),
        ('o', 'a') | ('o', 'e') | ('u', 'y')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const VECTORS: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/vietnamese/tone_test_vectors.tsv"
    ));

    /// `(input, traditional, modern)` rows of the shared test vectors.
    fn vectors() -> Vec<(&'static str, &'static str, &'static str)> {
        VECTORS
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let cols: Vec<&str> = l.split('\t').collect();
                (cols[0], cols[1], cols[2])
            })
            .collect()
    }

    #[test]
    fn all_vectors_pass() {
        let rows = vectors();
        assert_eq!(rows.len(), 56);
        let mut failures = Vec::new();
        for (input, old, new) in &rows {
            let got_old = place_tone(input, ToneStyle::Traditional);
            let got_new = place_tone(input, ToneStyle::Modern);
            if got_old != *old || got_new != *new {
                failures.push(format!("{input}: {got_old}/{got_new}, want {old}/{new}"));
            }
        }
        println!(
            "tone vectors: {}/{} pass",
            rows.len() - failures.len(),
            rows.len()
        );
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn nfd_input_gives_nfc_output() {
        use unicode_normalization::UnicodeNormalization;
        let nfd: String = "thuỷ".nfd().collect();
        assert_eq!(place_tone(&nfd, ToneStyle::Traditional), "thủy");
        let nfd: String = "hòa".nfd().collect();
        assert_eq!(place_tone(&nfd, ToneStyle::Traditional), "hòa");
    }

    #[test]
    fn foreign_words_unchanged() {
        for w in ["café", "über", "naïve", "x²", "Ðað"] {
            assert_eq!(place_tone(w, ToneStyle::Traditional), w);
        }
    }

    #[test]
    fn text_keeps_other_bytes() {
        let text = "Uỷ ban\u{a0}nhân dân, hoà\tthuỷ; 12% khoẻ!";
        assert_eq!(
            canonicalize_tones(text, ToneStyle::Traditional),
            "Ủy ban\u{a0}nhân dân, hòa\tthủy; 12% khỏe!"
        );
        assert_eq!(
            canonicalize_tones("Ủy ban hòa", ToneStyle::Modern),
            "Uỷ ban hoà"
        );
    }

    proptest::proptest! {
        #[test]
        fn styles_convert_both_ways(s in "[a-zA-ZăâêôơưđĐ ,.\\u{300}\\u{301}\\u{303}\\u{309}\\u{323}]{0,24}") {
            let t = canonicalize_tones(&s, ToneStyle::Traditional);
            let m = canonicalize_tones(&s, ToneStyle::Modern);
            proptest::prop_assert_eq!(canonicalize_tones(&t, ToneStyle::Traditional), t.clone());
            proptest::prop_assert_eq!(canonicalize_tones(&m, ToneStyle::Traditional), t);
            proptest::prop_assert_eq!(canonicalize_tones(&m, ToneStyle::Modern), m);
        }
    }

    #[test]
    fn last_tone_wins() {
        assert_eq!(place_tone("tíếng", ToneStyle::Traditional), "tiếng");
    }
}
