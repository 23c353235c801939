//! Content-based detection of a legacy encoding in one run of text.
//!
//! The run is scored as it is and after trial decoding with each encoding.
//! The score is the mean, over the run's tokens (split at spaces, `-` and `/`,
//! ASCII and typographic punctuation trimmed, tokens of only digits and
//! punctuation ignored), of:
//!
//! * 1.0 for a well-formed Vietnamese syllable that carries a Vietnamese mark
//!   (a tone, `ă â ê ô ơ ư` or `đ`) — strong evidence;
//! * 0.5 for a well-formed syllable of plain ASCII letters (`the`, `an`, `Nam`);
//! * 0 for anything else (`B¸o`, `kÕt`, `Bỏo`, `report`), and for a token
//!   with a small letter before a capital (`CỉNG`, `ViÖt`): TCVN3 has no
//!   toned capitals outside its "H" fonts, so decoding capitals that are
//!   really a broken character map gives such mixed-case words.
//!
//! Well-formed means onset + vowel nucleus + coda that Vietnamese has, one
//! tone, and only the acute or dot-below tone before `c ch p t` (see
//! [`crate::syllable`]). An encoding is reported when its decoded score beats
//! the score as-is by [`MARGIN`] and reaches [`MIN_SCORE`], or when the
//! decoded run contains a fixed phrase of Vietnamese administrative documents
//! (`Cộng hòa xã hội chủ nghĩa`, `Độc lập - Tự do - Hạnh phúc`, `Ủy ban nhân
//! dân`) that the run as-is does not. Good Unicode Vietnamese already scores
//! near 1 and decoding only breaks it (`Báo` → `Bỏo`), and ASCII text does not
//! change under decoding, so neither is ever reported.

use super::{decode_tcvn3, decode_vni, LegacyEncoding};
use crate::syllable::{is_valid, Letters};
use crate::words::tokens;

/// How much better than the text as-is the decoded text must score.
pub const MARGIN: f32 = 0.2;

/// The least score a decoded run must reach.
pub const MIN_SCORE: f32 = 0.5;

/// Result of [`detect`]: the encoding found, if any, and the scores it was
/// decided on (for the best encoding, or the as-is score twice when decoding
/// changes nothing).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Detection {
    pub encoding: Option<LegacyEncoding>,
    pub score_as_is: f32,
    pub score_decoded: f32,
}

/// Fixed phrases (lower case, traditional and modern tones).
const PHRASES: [&str; 5] = [
    "cộng hòa xã hội chủ nghĩa",
    "cộng hoà xã hội chủ nghĩa",
    "độc lập - tự do - hạnh phúc",
    "ủy ban nhân dân",
    "uỷ ban nhân dân",
];

/// Detect whether `run` is TCVN3 or VNI text read as cp1252 (module docs).
pub fn detect(run: &str) -> Detection {
    let as_is = score(run);
    let mut best = Detection {
        encoding: None,
        score_as_is: as_is,
        score_decoded: as_is,
    };
    let mut best_phrase = false;
    for (encoding, decoded) in [
        (LegacyEncoding::Tcvn3, decode_tcvn3(run)),
        (LegacyEncoding::Vni, decode_vni(run)),
    ] {
        if decoded == run {
            continue;
        }
        let s = score(&decoded);
        let phrase = has_phrase(&decoded) && !has_phrase(run);
        let accepted = phrase || (s >= MIN_SCORE && s - as_is >= MARGIN);
        let better = best.encoding.is_none() || (phrase, s) > (best_phrase, best.score_decoded);
        if accepted && better {
            best = Detection {
                encoding: Some(encoding),
                score_as_is: as_is,
                score_decoded: s,
            };
            best_phrase = phrase;
        } else if best.encoding.is_none() && s > best.score_decoded {
            best.score_decoded = s;
        }
    }
    best
}

/// Whether `text` contains one of [`PHRASES`].
fn has_phrase(text: &str) -> bool {
    let lower = crate::normalize::normalize(text).to_lowercase();
    PHRASES.iter().any(|p| lower.contains(p))
}

/// Mean token score of `text` (module docs); 0 when it has no scored token.
pub(crate) fn score(text: &str) -> f32 {
    let mut sum = 0.0;
    let mut count = 0u32;
    for token in tokens(text) {
        count += 1;
        sum += token_score(token);
    }
    if count == 0 {
        0.0
    } else {
        sum / count as f32
    }
}

/// Whether a small letter comes before a capital in `token` (`CỉNG`).
fn mixed_case(token: &str) -> bool {
    let mut seen_lower = false;
    for c in token.chars().filter(|c| c.is_alphabetic()) {
        if c.is_uppercase() && seen_lower {
            return true;
        }
        seen_lower |= c.is_lowercase();
    }
    false
}

/// Score of one token.
fn token_score(token: &str) -> f32 {
    if mixed_case(token) {
        return 0.0;
    }
    let Some(letters) = Letters::parse(token) else {
        return 0.0;
    };
    let letters = letters.as_slice();
    if !is_valid(letters, false) {
        return 0.0;
    }
    let marked = letters
        .iter()
        .any(|l| l.tone.is_some() || l.shape.is_some() || l.lower == 'đ');
    if marked {
        1.0
    } else {
        0.5
    }
}

#[cfg(test)]
mod tests {
    use super::super::encode;
    use super::*;

    const TRANSCRIPTS: [&str; 2] = [
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/tcvn3/2006-16EZE_TT01.06GopvonDNNVV.txt"
        )),
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/tcvn3/2007-1AF57_02-2007.txt"
        )),
    ];

    fn enc(run: &str) -> Option<LegacyEncoding> {
        detect(run).encoding
    }

    #[test]
    fn detects_real_strings() {
        assert_eq!(enc("B¸o c¸o tæng kÕt"), Some(LegacyEncoding::Tcvn3));
        assert_eq!(enc("triÖu ®ång"), Some(LegacyEncoding::Tcvn3));
        assert_eq!(
            enc("Céng hoµ x· héi chñ nghÜa ViÖt Nam"),
            Some(LegacyEncoding::Tcvn3)
        );
        assert_eq!(enc("Baùo caùo toång keát"), Some(LegacyEncoding::Vni));
        assert_eq!(
            enc("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"),
            Some(LegacyEncoding::Vni)
        );
    }

    #[test]
    fn broken_map_capitals_are_not_tcvn3() {
        // From the OCR layer of tests/fixtures/real/298 PC04.pdf.
        assert_eq!(enc("CØNG HOÀ XÃ HØI CHæN GH(A VIÆT NAM"), None);
        assert!(mixed_case("CỉNG"));
        assert!(!mixed_case("Việt"));
        assert!(!mixed_case("VIỆT"));
    }

    #[test]
    fn leaves_good_text_alone() {
        for run in [
            "Báo cáo",
            "Báo cáo tổng kết công tác thi đua, khen thưởng giai đoạn 2020-2025",
            "Cộng hòa xã hội chủ nghĩa Việt Nam",
            "ỦY BAN NHÂN DÂN PHƯỜNG KIM TRÀ",
            "The quarterly report was approved by the committee.",
            "1.866 2.151 03 1,14% 2.977.500.000",
            "",
            "mã số thuế",
        ] {
            let d = detect(run);
            assert_eq!(d.encoding, None, "{run:?}: {d:?}");
        }
    }

    #[test]
    fn transcripts_are_unicode() {
        for text in TRANSCRIPTS {
            let d = detect(text);
            assert_eq!(d.encoding, None, "{d:?}");
            assert!(d.score_as_is > 0.8, "{d:?}");
        }
    }

    #[test]
    fn encoded_transcripts_are_detected() {
        for text in TRANSCRIPTS {
            for quirks in [false, true] {
                let d = detect(&encode::tcvn3(text, quirks));
                assert_eq!(d.encoding, Some(LegacyEncoding::Tcvn3), "{d:?}");
            }
            let d = detect(&encode::vni(text));
            assert_eq!(d.encoding, Some(LegacyEncoding::Vni), "{d:?}");
        }
    }

    type Encoder = fn(&str) -> String;

    /// Line by line over the transcripts: false positives on the Unicode lines,
    /// false negatives on their TCVN3 (with PDF quirks) and VNI encodings.
    #[test]
    fn line_error_counts() {
        let lines: Vec<&str> = TRANSCRIPTS
            .iter()
            .flat_map(|t| t.lines())
            .filter(|l| !l.trim().is_empty())
            .collect();
        let fp = lines.iter().filter(|l| enc(l).is_some()).count();
        let closest = lines
            .iter()
            .map(|l| detect(l))
            .map(|d| d.score_decoded - d.score_as_is)
            .fold(f32::MIN, f32::max);
        println!("largest gain from decoding a Unicode line: {closest:.2} (margin {MARGIN})");
        let mut counts = [(0, 0); 2];
        let encoders: [(LegacyEncoding, Encoder); 2] = [
            (LegacyEncoding::Tcvn3, |s| encode::tcvn3(s, true)),
            (LegacyEncoding::Vni, encode::vni),
        ];
        for (i, (encoding, encoder)) in encoders.iter().enumerate() {
            for line in &lines {
                let encoded = encoder(line);
                if encoded == **line {
                    continue;
                }
                counts[i].0 += 1;
                if enc(&encoded) != Some(*encoding) {
                    counts[i].1 += 1;
                    println!("missed {encoding:?}: {line:?} -> {:?}", detect(&encoded));
                }
            }
        }
        println!(
            "detection over {} transcript lines: {fp} false positives; TCVN3 {} false negatives of {}; VNI {} of {}",
            lines.len(),
            counts[0].1,
            counts[0].0,
            counts[1].1,
            counts[1].0
        );
        assert_eq!(fp, 0);
        assert!(counts[0].1 * 20 <= counts[0].0, "{counts:?}");
        assert!(counts[1].1 * 20 <= counts[1].0, "{counts:?}");
    }
}
