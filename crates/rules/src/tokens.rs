//! Every number of a report, classified once: a count, an amount of money, a
//! percentage, or something else (dates, year ranges, document numbers).
//!
//! Tokens are found in the folded text; their values are parsed from the
//! normalised text they map back to, with `baocao_viet::number`.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::pattern::ValueKind;
use crate::text::DocText;

/// What a number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Value(ValueKind),
    /// Dates, ranges, document numbers, decimals without a unit.
    Other,
}

/// One number in the folded text.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Whole token in folded text, unit words and "%" included.
    pub span: Range<usize>,
    /// The digits only.
    pub digits: Range<usize>,
    pub kind: TokenKind,
    pub value: f64,
}

static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d+(?:[.,]\d+)*").unwrap());
/// White space within a line.
const SP: &str = r"[ \t\x{a0}]";

static PERCENT_TAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^(?:{SP}?%|{SP}+phan tram\b)")).unwrap());
static MONEY_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    let n = r"\d+(?:[.,]\d+)*";
    Regex::new(&format!(
        concat!(
            r"^{sp}*(?:(?:ty|ti)\b(?:{sp}+{n}{sp}+trieu\b)?(?:{sp}+{n}{sp}+nghin\b)?",
            r"|trieu\b(?:{sp}+{n}{sp}+nghin\b)?|nghin\b|ngan\b|tr(?:{sp}?d\b|\.{sp}?d\b))",
            r"(?:{sp}*(?:dong|vnd|d)\b)?",
            r"|^{sp}*(?:dong|vnd|d)\b"
        ),
        sp = SP,
        n = n
    ))
    .unwrap()
});
/// "tỷ lệ" (a rate) is not "tỷ" (a billion).
static RATE_WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:ty|ti)[ \t]+le\b").unwrap());

/// Find and classify every number of `doc`.
pub fn scan(doc: &DocText) -> Vec<Token> {
    let folded = doc.folded();
    let mut out = Vec::new();
    for m in NUMBER.find_iter(folded) {
        if glued_to_letters(folded, m.start(), m.end()) {
            continue;
        }
        out.push(classify(doc, m.range()));
    }
    out
}

/// "kh2025", "a1" are identifiers, not numbers.
fn glued_to_letters(s: &str, start: usize, end: usize) -> bool {
    let before = s[..start].chars().next_back();
    let after = s[end..].chars().next();
    before.is_some_and(|c| c.is_alphabetic())
        || after.is_some_and(|c| c.is_alphabetic() && c != 'd')
}

fn classify(doc: &DocText, digits: Range<usize>) -> Token {
    let folded = doc.folded();
    let tail = &folded[digits.end..];
    let other = |span: Range<usize>| Token {
        span,
        digits: digits.clone(),
        kind: TokenKind::Other,
        value: 0.0,
    };
    if is_part_of_date_or_code(folded, &digits) {
        return other(digits.clone());
    }
    if let Some(m) = PERCENT_TAIL.find(tail) {
        let span = digits.start..digits.end + m.end();
        return match baocao_viet::number::parse_number(&folded[digits.clone()]) {
            Some(v) => Token {
                span,
                digits,
                kind: TokenKind::Value(ValueKind::Percent),
                value: v,
            },
            None => other(span),
        };
    }
    if let Some(m) = MONEY_TAIL.find(tail).filter(|m| {
        !is_comrade(&tail[m.end()..], m.as_str()) && !RATE_WORD.is_match(tail.trim_start())
    }) {
        let span = digits.start..digits.end + m.end();
        let source = doc.source_text(span.clone());
        return match baocao_viet::number::parse_money(source) {
            Some(v) => Token {
                span,
                digits,
                kind: TokenKind::Value(ValueKind::Money),
                value: v as f64,
            },
            None => other(span),
        };
    }
    let text = &folded[digits.clone()];
    if text.contains(',') {
        return other(digits.clone());
    }
    match baocao_viet::number::parse_number(text) {
        Some(v) if v.fract() == 0.0 => Token {
            span: digits.clone(),
            digits,
            kind: TokenKind::Value(ValueKind::Count),
            value: v,
        },
        _ => other(digits.clone()),
    }
}

/// "3 đồng chí" (three comrades) folds to "3 dong chi": not money.
fn is_comrade(after: &str, currency: &str) -> bool {
    currency.trim_end().ends_with("dong")
        && after.trim_start().starts_with("chi")
        && !after.trim_start()[3..].starts_with(|c: char| c.is_alphanumeric())
}

/// Dates (22/7/2025), ranges (2020-2025), document numbers (569/BC-UBND).
fn is_part_of_date_or_code(s: &str, digits: &Range<usize>) -> bool {
    let b = s.as_bytes();
    let before = digits.start.checked_sub(1).map(|i| b[i]);
    let after = b.get(digits.end).copied();
    let digit_after = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let digit_before = |i: Option<usize>| i.is_some_and(|i| b[i].is_ascii_digit());
    match after {
        Some(b'/') => return true,
        Some(b'-') if digit_after(digits.end + 1) => return true,
        Some(b' ') if b.get(digits.end + 1) == Some(&b'-') && digit_after(digits.end + 3) => {
            return true
        }
        _ => {}
    }
    let letter_before = |i: Option<usize>| i.is_some_and(|i| b[i].is_ascii_alphabetic());
    match before {
        // "31/12", "8/2025" — not "36 hộ/1.620 tr.đ".
        Some(b'/') => digit_before(digits.start.checked_sub(2)),
        Some(b'-') => {
            digit_before(digits.start.checked_sub(2)) || letter_before(digits.start.checked_sub(2))
        }
        Some(b' ') => {
            digits.start >= 3 && b[digits.start - 2] == b'-' && digit_before(Some(digits.start - 3))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::DocText;

    fn kinds(text: &str) -> Vec<(String, TokenKind, f64)> {
        let doc = DocText::from_pages(&[(1, text.to_string())]);
        scan(&doc)
            .into_iter()
            .map(|t| (doc.folded()[t.span.clone()].to_string(), t.kind, t.value))
            .collect()
    }

    #[test]
    fn classifies_the_seed_numbers() {
        use TokenKind::*;
        use ValueKind::*;
        let k = kinds("còn 1,14% (96 hộ), tổng kinh phí 2.977.500.000 đồng, 780 triệu đồng; 1.866 lao động; ngày 22/7/2025; giai đoạn 2020-2025; số 569/BC-UBND; 1,14 %");
        assert_eq!(k[0], ("1,14%".into(), Value(Percent), 1.14));
        assert_eq!(k[1], ("96".into(), Value(Count), 96.0));
        assert_eq!(
            k[2],
            ("2.977.500.000 dong".into(), Value(Money), 2_977_500_000.0)
        );
        assert_eq!(k[3], ("780 trieu dong".into(), Value(Money), 780_000_000.0));
        assert_eq!(k[4], ("1.866".into(), Value(Count), 1866.0));
        assert!(k[5..=7].iter().all(|t| t.1 == Other), "{k:?}");
        assert!(k[8..=9].iter().all(|t| t.1 == Other), "{k:?}");
        assert_eq!(k[10].1, Other);
        assert_eq!(k[11], ("1,14 %".into(), Value(Percent), 1.14));
    }

    #[test]
    fn comrades_are_not_money() {
        let k = kinds("có 3 đồng chí đạt danh hiệu; 3 đồng, chi phí");
        assert_eq!(k[0].1, TokenKind::Value(ValueKind::Count));
        assert_eq!(k[1].1, TokenKind::Value(ValueKind::Money));
    }

    #[test]
    fn a_number_after_a_slash_is_a_date_only_after_digits() {
        let k = kinds("ngày 15/8/2025; 36 hộ/1.620 tr.đ");
        assert!(k[..3].iter().all(|t| t.1 == TokenKind::Other), "{k:?}");
        assert_eq!(
            k[4],
            (
                "1.620 tr.d".into(),
                TokenKind::Value(ValueKind::Money),
                1.62e9
            )
        );
    }

    #[test]
    fn rates_lines_and_words_are_not_money() {
        let k = kinds("còn 96\nTỷ lệ hộ nghèo; 96 tỷ lệ; 30 tiêu chí; 12 tỷ đồng");
        assert_eq!(k[0].1, TokenKind::Value(ValueKind::Count), "{k:?}");
        assert_eq!(k[1].1, TokenKind::Value(ValueKind::Count), "{k:?}");
        assert_eq!(k[2].1, TokenKind::Value(ValueKind::Count), "{k:?}");
        assert_eq!(
            k[3],
            (
                "12 ty dong".into(),
                TokenKind::Value(ValueKind::Money),
                12e9
            )
        );
    }

    #[test]
    fn money_forms() {
        let k = kinds("1.167,5 triệu đồng; 2,5 tỷ đồng; 780.000.000đ; 45 triệu VNĐ");
        let v: Vec<f64> = k.iter().map(|t| t.2).collect();
        assert_eq!(
            v,
            vec![
                1_167_500_000.0,
                2_500_000_000.0,
                780_000_000.0,
                45_000_000.0
            ]
        );
    }
}
