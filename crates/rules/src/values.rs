//! Values: every number of a report that may be a figure, with its type and,
//! for a count, the measure word that says what it counts.
//!
//! Built on [`crate::tokens`] (digits, money, percentages) and adds what a
//! clerk writes besides digits: numbers in words before a measure word ("hai
//! hộ", "một nhà dột nát"), "58/58 nhà" (58 of 58 done), a measure word
//! before a number in table-like lines ("tập thể 06, cá nhân 13"), and
//! duplicated words in parentheses ("01 (một) căn nhà"). Years standing
//! alone ("năm 2025", "2021: 2") are not values.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::pattern::ValueKind;
use crate::text::DocText;
use crate::tokens::{self, TokenKind};

/// A number that may be a figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub kind: ValueKind,
    pub value: f64,
    /// Folded range of the number (digits, or words), currency and "%" included.
    pub span: Range<usize>,
    /// Folded range of the measure word of a count, if any.
    pub measure: Option<Range<usize>>,
    /// Whether the measure word stands before the number ("cá nhân 13").
    pub measure_before: bool,
    /// A bare count inside a phrase ("03 Chiến sĩ thi đua", "5 năm qua",
    /// "A Lưới 3 còn"): a figure only when a concept's words follow it
    /// directly, and never a boundary between the values around it.
    pub inline: bool,
}

impl Value {
    /// Start of the value with its measure word (when that precedes it).
    pub fn head(&self) -> usize {
        match &self.measure {
            Some(m) if self.measure_before => m.start,
            _ => self.span.start,
        }
    }

    /// End of the value with its measure word (when that follows it).
    pub fn tail(&self) -> usize {
        match &self.measure {
            Some(m) if !self.measure_before => m.end,
            _ => self.span.end,
        }
    }

    /// The measure word as folded text.
    pub fn measure_text<'a>(&self, folded: &'a str) -> Option<&'a str> {
        self.measure.as_ref().map(|m| &folded[m.clone()])
    }
}

/// Every value of `doc`, in text order. `measures` are the measure words
/// the rules know, (folded, written in lower case); `titles` the folded
/// ranges of concept words, which a measure word may not cut into ("410
/// lượt Lao động tiên tiến" is counted in "lượt", not "lượt lao động").
pub fn scan(doc: &DocText, measures: &[(String, String)], titles: &[Range<usize>]) -> Vec<Value> {
    let folded = doc.folded();
    let vocab = Vocabulary::new(doc, measures, titles);
    let mut out = Vec::new();
    for t in tokens::scan(doc) {
        let kind = match t.kind {
            TokenKind::Value(kind) => kind,
            TokenKind::Other => {
                out.extend(percent_by_label(doc, &t.digits));
                continue;
            }
        };
        let mut v = Value {
            kind,
            value: t.value,
            span: t.span.clone(),
            measure: None,
            measure_before: false,
            inline: false,
        };
        if kind == ValueKind::Count {
            if item_number(doc, &t.span) {
                continue;
            }
            v.measure = vocab.after(folded, t.span.end);
            if v.measure.is_none() {
                if is_year(folded, &t.digits, t.value) {
                    continue;
                }
                // "2 (hai) Cờ thi đua": the number in words is the number's.
                let at = skip_spaces(folded, t.span.end);
                if let Some(m) = WORDS_IN_PARENS.find(&folded[at..]) {
                    v.span.end = at + m.end();
                }
                v.inline = !ends_phrase(folded, v.span.end);
                if !v.inline {
                    v.measure = vocab.before(folded, t.span.start);
                    v.measure_before = v.measure.is_some();
                }
            }
        }
        out.push(v);
    }
    out.extend(x_of_y(folded, &vocab));
    out.extend(in_words(doc, &vocab));
    out.sort_by_key(|v| (v.span.start, std::cmp::Reverse(v.span.end)));
    let mut kept: Vec<Value> = Vec::with_capacity(out.len());
    for v in out {
        // "1 tỷ 250 triệu đồng" is one value, not also "250 triệu đồng".
        if kept.last().is_some_and(|k| v.span.start < k.tail()) {
            continue;
        }
        kept.push(v);
    }
    kept
}

/// The measure words, longest first.
struct Vocabulary<'a> {
    doc: &'a DocText,
    words: Vec<(&'a str, &'a str)>,
    titles: &'a [Range<usize>],
}

impl<'a> Vocabulary<'a> {
    fn new(doc: &'a DocText, measures: &'a [(String, String)], titles: &'a [Range<usize>]) -> Self {
        let mut words: Vec<(&str, &str)> = measures
            .iter()
            .map(|(f, w)| (f.as_str(), w.as_str()))
            .collect();
        words.sort_by_key(|(f, _)| std::cmp::Reverse(f.len()));
        Vocabulary { doc, words, titles }
    }

    /// Whether a concept's words start inside `range` and run past its end.
    fn cuts_title(&self, range: &Range<usize>) -> bool {
        self.titles
            .iter()
            .any(|t| t.start > range.start && t.start < range.end && t.end > range.end)
    }

    /// Whether the text at `range` is `written` with its diacritics.
    fn written_as(&self, range: Range<usize>, written: &str) -> bool {
        let text = self.doc.source_text(range).to_lowercase();
        text.split_whitespace().eq(written.split_whitespace())
    }

    /// The measure word right after `pos` (spaces and a parenthesised number
    /// in words skipped: "01 (một) căn nhà").
    fn after(&self, folded: &str, pos: usize) -> Option<Range<usize>> {
        let mut at = skip_spaces(folded, pos);
        if let Some(m) = WORDS_IN_PARENS.find(&folded[at..]) {
            at = skip_spaces(folded, at + m.end());
        }
        self.word_at(folded, at)
    }

    /// A measure word right before a bare number in a table-like line
    /// ("tập thể 06, cá nhân 13"); the number must end its phrase.
    fn before(&self, folded: &str, start: usize) -> Option<Range<usize>> {
        let head = folded[..start].trim_end_matches([' ', ':', '|']);
        self.words.iter().find_map(|&(f, w)| {
            let s = head.strip_suffix(f)?;
            let bounded = !s.chars().next_back().is_some_and(char::is_alphanumeric);
            let range = s.len()..s.len() + f.len();
            (bounded && self.written_as(range.clone(), w)).then_some(range)
        })
    }

    fn word_at(&self, folded: &str, at: usize) -> Option<Range<usize>> {
        let rest = &folded[at..];
        self.words.iter().find_map(|&(f, w)| {
            let tail = rest.strip_prefix(f)?;
            let bounded = !tail.chars().next().is_some_and(char::is_alphanumeric);
            let range = at..at + f.len();
            let fits = bounded && !self.cuts_title(&range);
            (fits && self.written_as(range.clone(), w)).then_some(range)
        })
    }
}

static WORDS_IN_PARENS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(\s*[a-z]+(?:\s+[a-z]+){0,9}\s*\)").unwrap());

fn floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn skip_spaces(s: &str, pos: usize) -> usize {
    pos + (s[pos..].len() - s[pos..].trim_start_matches([' ', '\u{a0}']).len())
}

/// A bare number ends its phrase in "CSTĐCS: 165;", "Phong Hiền 31,", not in
/// "5 năm qua", "A Lưới 3 còn".
fn ends_phrase(folded: &str, end: usize) -> bool {
    let rest = folded[end..].trim_start_matches([' ', '\u{a0}']);
    rest.is_empty() || rest.starts_with([',', ';', '.', ')', ':', '\n', '(', '-', '–', '|'])
}

/// "4 Lao động được giải quyết việc làm", "2. Cờ thi đua": a number opening
/// a line before a capitalised label numbers a row or an item; it counts
/// nothing ("4 lao động được …" in running text does).
fn item_number(doc: &DocText, span: &Range<usize>) -> bool {
    let folded = doc.folded();
    let line = folded[..span.start].rfind('\n').map_or(0, |i| i + 1);
    if !folded[line..span.start].trim().is_empty() {
        return false;
    }
    let rest = doc.source_text(span.end..folded.len());
    let rest = rest.trim_start_matches([' ', '.', ')']);
    rest.starts_with(char::is_uppercase)
}

/// A four-digit number between 1950 and 2100 with no measure word is a year.
fn is_year(folded: &str, digits: &Range<usize>, value: f64) -> bool {
    let text = &folded[digits.clone()];
    text.len() == 4
        && text.bytes().all(|b| b.is_ascii_digit())
        && (1950.0..=2100.0).contains(&value)
}

/// "(%)" ending the label before a number: the number is a percentage
/// ("Tỷ lệ hộ nghèo (%) 1,14", a table row).
static PERCENT_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(\s*%\s*\)[\s:|\-–]*$").unwrap());

fn percent_by_label(doc: &DocText, digits: &Range<usize>) -> Option<Value> {
    let folded = doc.folded();
    let line_start = folded[..digits.start].rfind('\n').map_or(0, |i| i + 1);
    let from = floor(folded, line_start.max(digits.start.saturating_sub(40)));
    let before = &folded[from..digits.start];
    if !PERCENT_LABEL.is_match(before) || !ends_phrase(folded, digits.end) {
        return None;
    }
    let value = baocao_viet::number::parse_number(&folded[digits.clone()])?;
    Some(Value {
        kind: ValueKind::Percent,
        value,
        span: digits.clone(),
        measure: None,
        measure_before: false,
        inline: false,
    })
}

static X_OF_Y: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{1,3}(?:\.\d{3})*|\d+)/(\d{1,3}(?:\.\d{3})*|\d+)").unwrap());

/// "58/58 nhà": 58 done of 58, when a measure word follows.
fn x_of_y(folded: &str, vocab: &Vocabulary) -> Vec<Value> {
    let b = folded.as_bytes();
    let mut out = Vec::new();
    for c in X_OF_Y.captures_iter(folded) {
        let whole = c.get(0).expect("match");
        let glued = |i: Option<&u8>| i.is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'/');
        if glued(whole.start().checked_sub(1).and_then(|i| b.get(i))) || glued(b.get(whole.end())) {
            continue;
        }
        let Some(measure) = vocab.after(folded, whole.end()) else {
            continue;
        };
        let Some(value) = baocao_viet::number::parse_number(c.get(1).expect("x").as_str()) else {
            continue;
        };
        out.push(Value {
            kind: ValueKind::Count,
            value,
            span: whole.range(),
            measure: Some(measure),
            measure_before: false,
            inline: false,
        });
    }
    out
}

/// Number words (as written, diacritics count: "tám" is eight, "tạm" is not).
const UNITS: &[(&str, u32)] = &[
    ("một", 1),
    ("mốt", 1),
    ("hai", 2),
    ("ba", 3),
    ("bốn", 4),
    ("tư", 4),
    ("năm", 5),
    ("lăm", 5),
    ("sáu", 6),
    ("bảy", 7),
    ("bẩy", 7),
    ("tám", 8),
    ("chín", 9),
];

fn unit_word(w: &str) -> Option<u32> {
    UNITS.iter().find(|(u, _)| *u == w).map(|&(_, n)| n)
}

/// Counts written in words before a measure word: "hai hộ", "mười lăm nhà".
fn in_words(doc: &DocText, vocab: &Vocabulary) -> Vec<Value> {
    let folded = doc.folded();
    let words: Vec<Range<usize>> = word_ranges(folded);
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let Some((value, used)) = number_words(doc, &words[i..]) else {
            i += 1;
            continue;
        };
        let span = words[i].start..words[i + used - 1].end;
        if let Some(measure) = vocab.after(folded, span.end) {
            out.push(Value {
                kind: ValueKind::Count,
                value: f64::from(value),
                span,
                measure: Some(measure),
                measure_before: false,
                inline: false,
            });
        }
        i += used;
    }
    out
}

/// A number of one to ninety-nine in words at the start of `words`.
fn number_words(doc: &DocText, words: &[Range<usize>]) -> Option<(u32, usize)> {
    let folded = doc.folded();
    let written = |i: usize| -> Option<String> {
        let r = words.get(i)?;
        let adjacent = i == 0 || folded[words[i - 1].end..r.start].trim().is_empty();
        adjacent.then(|| doc.source_text(r.clone()).to_lowercase())
    };
    let first = written(0)?;
    let tens_word = |w: &str| w == "mười" || w == "mươi";
    if first == "mười" {
        return match written(1).as_deref().and_then(unit_word) {
            Some(u) => Some((10 + u, 2)),
            _ => Some((10, 1)),
        };
    }
    let unit = unit_word(&first)
        .filter(|&u| first != "mốt" && first != "lăm" && (u != 4 || first == "bốn"))?;
    if written(1).as_deref().is_some_and(tens_word) {
        let tail = written(2).as_deref().and_then(unit_word);
        return match tail {
            Some(u) => Some((unit * 10 + u, 3)),
            None => Some((unit * 10, 2)),
        };
    }
    Some((unit, 1))
}

fn word_ranges(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (c.is_alphabetic(), start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                out.push(st..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push(st..s.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<(String, f64, Option<String>)> {
        let doc = DocText::from_pages(&[(1, text.to_string())]);
        let measures: Vec<(String, String)> = [
            "hộ",
            "nhà",
            "căn nhà",
            "cá nhân",
            "tập thể",
            "lượt cá nhân",
            "căn",
        ]
        .iter()
        .map(|m| (baocao_viet::fold::fold(m), m.to_string()))
        .collect();
        scan(&doc, &measures, &[])
            .into_iter()
            .filter(|v| !v.inline)
            .map(|v| {
                (
                    doc.folded()[v.span.clone()].to_string(),
                    v.value,
                    v.measure_text(doc.folded()).map(str::to_string),
                )
            })
            .collect()
    }

    #[test]
    fn counts_carry_their_measure_words() {
        let v = values(
            "còn 87 hộ nghèo, 1.892 lượt cá nhân; 01 (một) căn nhà; 5 lớp; 9 cần hỗ trợ; 7 họ;",
        );
        assert_eq!(v[0], ("87".into(), 87.0, Some("ho".into())));
        assert_eq!(v[1], ("1.892".into(), 1892.0, Some("luot ca nhan".into())));
        assert_eq!(v[2], ("01".into(), 1.0, Some("can nha".into())));
        assert_eq!(
            v.len(),
            3,
            "5 lớp, 9 cần, 7 họ count nothing the rules know: {v:?}"
        );
    }

    #[test]
    fn numbers_in_words_need_a_measure_and_their_diacritics() {
        let v = values(
            "còn hai hộ, một nhà dột nát; xóa nhà tạm nhà; năm 2025; mười lăm hộ; một số hộ",
        );
        let got: Vec<f64> = v.iter().map(|x| x.1).collect();
        assert_eq!(got, vec![2.0, 1.0, 15.0]);
    }

    #[test]
    fn percent_in_a_table_label() {
        let v = values("Tỷ lệ hộ nghèo (%) 1,14\nSố hộ (hộ) 96");
        assert_eq!(v[0].1, 1.14);
    }

    #[test]
    fn years_and_fractions() {
        let v = values(
            "năm 2021: 214; đã hoàn thành 58/58 nhà; 1.972/2.000 phiếu; tập thể 06, cá nhân 13.",
        );
        let got: Vec<(f64, Option<String>)> = v.into_iter().map(|x| (x.1, x.2)).collect();
        assert_eq!(
            got,
            vec![
                (214.0, None),
                (58.0, Some("nha".into())),
                (6.0, Some("tap the".into())),
                (13.0, Some("ca nhan".into()))
            ]
        );
    }
}
