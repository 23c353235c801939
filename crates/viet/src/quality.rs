//! Text-layer quality of a page.
//!
//! A page's text (already decoded from any legacy encoding and normalised) is
//! judged on its tokens (split at spaces, `-` and `/`, punctuation trimmed,
//! tokens without letters ignored):
//!
//! * [`Quality::NoText`] — fewer than [`MIN_LETTERS`] letters: a scan without
//!   OCR, or an empty page;
//! * [`Quality::BrokenMap`] — at least [`MIN_BROKEN`] tokens, and at least
//!   [`BROKEN_SHARE`] of all, are broken: they hold a letter Vietnamese does
//!   not use (`Ø`, `µ`, `ß`), a symbol between two letters (`ng°Ýi`,
//!   `c¸o`), or a non-ASCII capital right after a small letter (`ngÝi`, `kÕt`)
//!   — the signs of a font whose character map is wrong or of an undetected
//!   legacy encoding;
//! * [`Quality::NoDiacritics`] — at least [`MIN_TOKENS`] tokens, under
//!   [`MARKED_SHARE`] of them carrying any Vietnamese mark (real Vietnamese
//!   text has marks on most syllables), and Vietnamese all the same: either
//!   at least [`SYLLABLE_SHARE`] of the tokens are Vietnamese syllables once
//!   marks are ignored (`tieng`, `nguoi`: a clean OCR layer that dropped the
//!   diacritics), or at least [`OCR_DIGIT_SHARE`] of them have a digit between
//!   letters (`d6ng`, `c6ch`, `ho4t`: the OCR read a marked vowel as a digit)
//!   and at least [`WEAK_SYLLABLE_SHARE`] are syllables. English text has few
//!   of either, so it stays good;
//! * [`Quality::Good`] otherwise (English text, too, is "good").

use crate::syllable::{is_valid, Letters};
use crate::words::tokens;

/// Fewer letters than this on a page means no text layer.
pub const MIN_LETTERS: usize = 20;
/// Least number of broken tokens for [`Quality::BrokenMap`].
pub const MIN_BROKEN: usize = 2;
/// Least share of broken tokens for [`Quality::BrokenMap`].
pub const BROKEN_SHARE: f32 = 0.1;
/// Least number of tokens to judge [`Quality::NoDiacritics`].
pub const MIN_TOKENS: usize = 30;
/// Least share of (mark-blind) Vietnamese syllables for [`Quality::NoDiacritics`].
pub const SYLLABLE_SHARE: f32 = 0.6;
/// Share of marked tokens under which a Vietnamese page has no diacritics.
pub const MARKED_SHARE: f32 = 0.05;
/// Least share of tokens with a digit between letters (`d6ng`) for an OCR
/// layer that misread marked vowels.
pub const OCR_DIGIT_SHARE: f32 = 0.05;
/// Least share of (mark-blind) syllables that goes with [`OCR_DIGIT_SHARE`].
pub const WEAK_SYLLABLE_SHARE: f32 = 0.2;

/// Quality of a page's text layer (figures.csv `quality`: `good`,
/// `no_text`, `no_diacritics`, `broken_map`), or `ocr` for a page whose text
/// was read by OCR instead (never a verdict of [`assess_page`]: the text
/// stage sets it when it replaces an unusable page).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quality {
    /// Usable text.
    Good,
    /// (Almost) no text.
    NoText,
    /// An OCR layer without Vietnamese marks.
    NoDiacritics,
    /// Garbage Latin-1 inside words (`CØNG HOÀ`, `ng°Ýi`).
    BrokenMap,
    /// Read by optical character recognition (the page had no usable text
    /// layer); how sure the recognition was is given beside it.
    Ocr,
}

impl Quality {
    /// The label figures.csv and `baocao text --explain` show.
    pub fn as_str(self) -> &'static str {
        match self {
            Quality::Good => "good",
            Quality::NoText => "no_text",
            Quality::NoDiacritics => "no_diacritics",
            Quality::BrokenMap => "broken_map",
            Quality::Ocr => "ocr",
        }
    }

    /// A page whose figures should be re-read by eye (no diacritics, broken map).
    pub fn is_doubtful(self) -> bool {
        matches!(self, Quality::NoDiacritics | Quality::BrokenMap)
    }
}

impl std::fmt::Display for Quality {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Counts behind a verdict.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Counts {
    letters: usize,
    tokens: usize,
    broken: usize,
    syllables: usize,
    marked: usize,
    ocr_digits: usize,
}

/// Assess a page of decoded, normalised text (module docs).
pub fn assess_page(text: &str) -> Quality {
    let c = count(text);
    let share = |n: usize| n as f32 / c.tokens.max(1) as f32;
    if c.letters < MIN_LETTERS {
        Quality::NoText
    } else if c.broken >= MIN_BROKEN && share(c.broken) >= BROKEN_SHARE {
        Quality::BrokenMap
    } else if c.tokens >= MIN_TOKENS
        && share(c.marked) < MARKED_SHARE
        && (share(c.syllables) >= SYLLABLE_SHARE
            || (share(c.ocr_digits) >= OCR_DIGIT_SHARE
                && share(c.syllables) >= WEAK_SYLLABLE_SHARE))
    {
        Quality::NoDiacritics
    } else {
        Quality::Good
    }
}

fn count(text: &str) -> Counts {
    let mut c = Counts {
        letters: text.chars().filter(|c| c.is_alphabetic()).count(),
        ..Counts::default()
    };
    for token in tokens(text).filter(|t| t.chars().any(char::is_alphabetic)) {
        c.tokens += 1;
        c.broken += usize::from(is_broken(token));
        c.ocr_digits += usize::from(has_digit_between_letters(token));
        c.marked += usize::from(
            token
                .chars()
                .any(|ch| !ch.is_ascii() && is_vietnamese_letter(ch)),
        );
        let syllable = Letters::parse(token).is_some_and(|l| is_valid(l.as_slice(), true));
        c.syllables += usize::from(syllable);
    }
    c
}

/// Whether `c` is a letter of the Vietnamese alphabet (any case, any tone),
/// or one of the Latin letters `f j w z`.
fn is_vietnamese_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || Letters::parse(c.encode_utf8(&mut [0; 4])).is_some()
}

/// Whether a digit sits between two letters of `token` (`d6ng`, `ho4t`).
fn has_digit_between_letters(token: &str) -> bool {
    let chars: Vec<char> = token.chars().collect();
    chars
        .windows(3)
        .any(|w| w[0].is_alphabetic() && w[1].is_ascii_digit() && w[2].is_alphabetic())
}

/// Whether a token shows a broken character map (module docs).
fn is_broken(token: &str) -> bool {
    let chars: Vec<char> = token.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let foreign_letter = c.is_alphabetic() && !is_vietnamese_letter(c);
        let symbol_inside = !c.is_alphanumeric()
            && !c.is_ascii_punctuation()
            && prev.is_some_and(char::is_alphabetic)
            && next.is_some_and(char::is_alphabetic);
        let odd_capital = !c.is_ascii() && c.is_uppercase() && prev.is_some_and(char::is_lowercase);
        foreign_letter || symbol_inside || odd_capital
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_the_serialised_names() {
        for q in [
            Quality::Good,
            Quality::NoText,
            Quality::NoDiacritics,
            Quality::BrokenMap,
        ] {
            let json = serde_json::to_string(&q).unwrap();
            assert_eq!(json, format!("\"{q}\""));
            assert_eq!(serde_json::from_str::<Quality>(&json).unwrap(), q);
        }
    }

    const GOOD: &str = "Báo cáo tổng kết công tác thi đua, khen thưởng giai đoạn 2020-2025 của \
        Ủy ban nhân dân phường Kim Trà. Trong năm qua, phường đã vận động người dân tham gia \
        các phong trào thi đua yêu nước, giảm 96 hộ nghèo.";

    #[test]
    fn good_page() {
        assert_eq!(assess_page(GOOD), Quality::Good);
    }

    #[test]
    fn english_is_good() {
        let s = "The committee reviewed the quarterly report and approved the budget for the \
            next year, noting that the number of poor households fell by ninety six.";
        assert_eq!(assess_page(s), Quality::Good);
    }

    #[test]
    fn no_text() {
        assert_eq!(assess_page(""), Quality::NoText);
        assert_eq!(assess_page("  12  3/4  - 5 -  "), Quality::NoText);
        assert_eq!(assess_page("Trang 3"), Quality::NoText);
    }

    #[test]
    fn no_diacritics() {
        let s = "Bao cao tong ket cong tac thi dua, khen thuong giai doan 2020-2025 cua Uy ban \
            nhan dan phuong Kim Tra. Trong nam qua, phuong da van dong nguoi dan tham gia cac \
            phong trao thi dua yeu nuoc, giam 96 ho ngheo.";
        assert_eq!(assess_page(s), Quality::NoDiacritics);
        // Too short to judge.
        assert_eq!(
            assess_page("Bao cao tong ket cong tac thi dua khen thuong"),
            Quality::Good
        );
    }

    #[test]
    fn ocr_layer_that_read_marks_as_digits() {
        // From the OCR layer of a real scanned decision (tests/fixtures/real/1716 …).
        let s = "Di6u 2. NhiQm vg, ho4t tlQng cria HQi tldng. 1. HQi d6ng c6 tr6ch nhiQm \
            thAm dinh, dAnh gi6 Chi s6 cAi c6ch hdnh chinh cira c6c co quan chuy6n m6n thuQc \
            Uy ban nhAn d6n tinh, Ban Quan lf c5c khu c6ng nghiQp vd Uy ban nhdn ddn ciic x5, \
            phuong, d4c khu theo c6c ti6u chi cl6 duoc ban hdnh.";
        assert_eq!(assess_page(s), Quality::NoDiacritics);
        assert!(has_digit_between_letters("d6ng"));
        assert!(!has_digit_between_letters("m2"));
        assert!(!has_digit_between_letters("QĐ-UBND"));
    }

    #[test]
    fn broken_map() {
        assert_eq!(
            assess_page("CØNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM, ng°Ýi dân và kÕt quả"),
            Quality::BrokenMap
        );
        let s = "Céng hoµ x· héi chñ nghÜa ViÖt Nam, b¸o c¸o tæng kÕt";
        assert_eq!(assess_page(s), Quality::BrokenMap);
    }

    #[test]
    fn one_odd_word_is_not_broken() {
        let s = format!("{GOOD} Ghi chú: nhiệt độ 30°C; ông Søren đến thăm.");
        assert_eq!(assess_page(&s), Quality::Good);
    }

    #[test]
    fn broken_tokens() {
        for t in ["CØNG", "ng°Ýi", "ngÝi", "kÕt", "c¸o", "hoµ"] {
            assert!(is_broken(t), "{t}");
        }
        for t in ["Người", "HĐND", "McDonald", "30°C", "m²", "x.y", "iPhone"] {
            assert!(!is_broken(t), "{t}");
        }
    }
}
