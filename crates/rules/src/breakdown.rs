//! Per-former-unit breakdowns: "(Hương Toàn: 42 hộ, Hương Chữ: 29 hộ, Hương
//! Xuân: 25 hộ)" after a figure becomes three subunit rows.
//!
//! A breakdown is looked for right after a value: the rest of the parenthesis
//! the value sits in, else a parenthesis opening shortly after it in the same
//! sentence, else a "trong đó …" clause. Inside it, subunit names split the
//! text into segments, and each segment's first number of the metric's kind
//! is that subunit's value — so one parenthesis can carry both the number of
//! houses and their cost.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::pattern::ValueKind;
use crate::text::DocText;
use crate::tokens::{Token, TokenKind};
use crate::units::Unit;

/// One subunit's value.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Registry subunit name when known, else the name as written.
    pub subunit: String,
    pub known: bool,
    pub value: f64,
    /// Folded range of the name.
    pub name_span: Range<usize>,
}

/// How far after a value a breakdown's opening parenthesis may be.
const LOOKAHEAD: usize = 160;
/// Longest breakdown read.
const MAX_LEN: usize = 800;

static GENERIC_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[(,;:]|\s-)\s*((?:phuong |xa |thi tran )?[a-z]+(?: [a-z]+){0,3})\s*:\s*\d")
        .unwrap()
});

const NOT_NAMES: &[&str] = &[
    "trong do", "cu the", "bao gom", "gom", "tong so", "tong", "trong",
];

/// The folded range in which a breakdown for the value ending at `end` is read.
pub fn region_after(folded: &str, end: usize) -> Option<Range<usize>> {
    if let Some(open) = enclosing_open(folded, end) {
        let close = closing(folded, open)?;
        return Some(end..close);
    }
    let ahead = &folded[end..floor(folded, (end + LOOKAHEAD).min(folded.len()))];
    let ahead = &ahead[..sentence_end(ahead)];
    if let Some(i) = ahead.find('(') {
        let open = end + i;
        let close = closing(folded, open)?;
        return Some(open + 1..close);
    }
    if let Some(i) = ahead.find("trong do") {
        let start = end + i + "trong do".len();
        let rest = &folded[start..floor(folded, (start + MAX_LEN).min(folded.len()))];
        let stop = sentence_end(rest);
        return Some(start..start + stop);
    }
    None
}

/// The inside of the last complete parenthesis within `within`.
pub fn last_parenthesis(folded: &str, within: Range<usize>) -> Option<Range<usize>> {
    let text = &folded[within.clone()];
    let close = text.rfind(')')?;
    let open = enclosing_open(text, close)?;
    Some(within.start + open + 1..within.start + close)
}

/// The subunit entries of `region`, for values of `kind`.
pub fn entries(
    doc: &DocText,
    region: Range<usize>,
    kind: ValueKind,
    tokens: &[Token],
    unit: Option<&Unit>,
) -> Vec<Entry> {
    let names = names_in(doc, region.clone(), unit);
    let mut out = Vec::new();
    for (i, (span, subunit, known)) in names.iter().enumerate() {
        let seg_end = names.get(i + 1).map_or(region.end, |n| n.0.start);
        let value = tokens
            .iter()
            .filter(|t| t.digits.start >= span.end && t.span.end <= seg_end)
            .find(|t| t.kind == TokenKind::Value(kind))
            .map(|t| t.value);
        if let Some(value) = value {
            if !out.iter().any(|e: &Entry| e.subunit == *subunit) {
                out.push(Entry {
                    subunit: subunit.clone(),
                    known: *known,
                    value,
                    name_span: span.clone(),
                });
            }
        }
    }
    out
}

/// Folded ranges where values belong to subunits, not to the whole unit: from
/// the first subunit name of a parenthesis listing two or more, to its end.
pub fn zones(doc: &DocText, unit: Option<&Unit>) -> Vec<Range<usize>> {
    let folded = doc.folded();
    let mut out = Vec::new();
    for (open, _) in folded.match_indices('(') {
        let Some(close) = closing(folded, open) else {
            continue;
        };
        let names = names_in(doc, open + 1..close, unit);
        if names.len() >= 2 {
            out.push(names[0].0.start..close);
        }
    }
    out
}

/// Subunit names in a region, in order: registry names first, then other
/// capitalised "Name:" entries (unknown subunits).
fn names_in(
    doc: &DocText,
    region: Range<usize>,
    unit: Option<&Unit>,
) -> Vec<(Range<usize>, String, bool)> {
    let folded = doc.folded();
    let text = &folded[region.clone()];
    let mut found: Vec<(Range<usize>, String, bool)> = Vec::new();
    if let Some(unit) = unit {
        for f in &unit.former {
            for (i, _) in text.match_indices(f.key.as_str()) {
                let span = region.start + i..region.start + i + f.key.len();
                if word_bounded(folded, &span) && !found.iter().any(|x| x.0 == span) {
                    let name = disambiguate(unit, &f.key, doc.source_text(span.clone()));
                    found.push((span, name, true));
                }
            }
        }
    }
    for c in GENERIC_NAME.captures_iter(text) {
        let m = c.get(1).expect("group");
        let span = region.start + m.start()..region.start + m.end();
        let bare = crate::units::bare_key(m.as_str());
        if NOT_NAMES.contains(&bare.as_str()) || found.iter().any(|f| overlaps(&f.0, &span)) {
            continue;
        }
        let written = doc.source_text(span.clone());
        if !capitalised(written) {
            continue;
        }
        found.push((span, strip_type(written), false));
    }
    found.sort_by_key(|f| f.0.start);
    found
}

/// The former unit a name written in the report refers to. Folding merges
/// names that differ only by a vowel's shape ("Hương Vân", "Hương Văn" of
/// Phường Hương Trà): the written form decides between them.
fn disambiguate(unit: &Unit, key: &str, written: &str) -> String {
    let same_key: Vec<&crate::units::Former> =
        unit.former.iter().filter(|f| f.key == key).collect();
    let written = baocao_viet::normalize(written).to_lowercase();
    same_key
        .iter()
        .find(|f| f.subunit.to_lowercase() == written)
        .or(same_key.first())
        .map(|f| f.subunit.clone())
        .unwrap_or_default()
}

fn strip_type(written: &str) -> String {
    let folded = baocao_viet::fold::fold(written);
    for w in ["phuong ", "xa ", "thi tran "] {
        if folded.starts_with(w) {
            return written.chars().skip(w.chars().count()).collect();
        }
    }
    written.to_string()
}

fn capitalised(s: &str) -> bool {
    s.split_whitespace()
        .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
        || s.split_whitespace()
            .skip(1)
            .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn word_bounded(s: &str, span: &Range<usize>) -> bool {
    let before = s[..span.start].chars().next_back();
    let after = s[span.end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Start of the "(" enclosing `pos` within its paragraph, if any.
fn enclosing_open(s: &str, pos: usize) -> Option<usize> {
    let start = s[..pos].rfind('\n').map_or(0, |i| i + 1);
    let mut depth = 0i32;
    for (i, c) in s[start..pos].char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' if depth == 0 => return Some(start + i),
            '(' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The ")" closing the "(" at `open`, within the paragraph and MAX_LEN.
fn closing(s: &str, open: usize) -> Option<usize> {
    let mut depth = 0i32;
    let limit = floor(s, (open + MAX_LEN).min(s.len()));
    for (i, c) in s[open..limit].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            '\n' => return None,
            _ => {}
        }
    }
    None
}

/// End of the first sentence in `s` (a "." not inside a number, or ";" or a paragraph break).
pub(crate) fn sentence_end(s: &str) -> usize {
    let b = s.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        match c {
            b';' | b'\n' => return i,
            b'.' if !b.get(i + 1).is_some_and(u8::is_ascii_digit) => return i,
            _ => {}
        }
    }
    s.len()
}

fn floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::scan;
    use crate::units::Registry;

    fn kim_tra() -> Unit {
        let r = Registry::load(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../rules/units.toml"
        )))
        .unwrap();
        r.find("Kim Trà").unwrap().clone()
    }

    #[test]
    fn seed_houses_breakdown_gives_counts_and_costs() {
        let doc = DocText::from_pages(&[(1, "sửa chữa nhà ở cho 106 hộ nghèo, hộ cận nghèo, với tổng kinh phí 2.977.500.000 đồng (Hương Toàn: 35 hộ nghèo, hộ cận nghèo với tổng kinh phí thực hiện 1.167.500.000 đồng, Hương Chữ: 36 hộ, với tổng kinh phí 780 triệu đồng, Hương Xuân: 35 hộ, với tổng kinh phí thực hiện 1.030.000.000 đồng.)".into())]);
        let tokens = scan(&doc);
        let end = doc.folded().find("106").unwrap() + 3;
        let region = region_after(doc.folded(), end).unwrap();
        let unit = kim_tra();
        let counts = entries(&doc, region.clone(), ValueKind::Count, &tokens, Some(&unit));
        let got: Vec<(&str, f64)> = counts
            .iter()
            .map(|e| (e.subunit.as_str(), e.value))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Hương Toàn", 35.0),
                ("Hương Chữ", 36.0),
                ("Hương Xuân", 35.0)
            ]
        );
        let money = entries(&doc, region, ValueKind::Money, &tokens, Some(&unit));
        let got: Vec<f64> = money.iter().map(|e| e.value).collect();
        assert_eq!(got, vec![1_167_500_000.0, 780_000_000.0, 1_030_000_000.0]);
        assert_eq!(zones(&doc, Some(&unit)).len(), 1);
    }

    #[test]
    fn value_inside_the_parenthesis() {
        let doc = DocText::from_pages(&[(1, "còn 1,14% (96 hộ: Hương Toàn: 42 hộ, Hương Chữ: 29 hộ, Hương Xuân: 25 hộ); tạo việc làm".into())]);
        let tokens = scan(&doc);
        let end = doc.folded().find("96").unwrap() + 2;
        let region = region_after(doc.folded(), end).unwrap();
        let e = entries(&doc, region, ValueKind::Count, &tokens, Some(&kim_tra()));
        assert_eq!(
            e.iter().map(|e| e.value).collect::<Vec<_>>(),
            vec![42.0, 29.0, 25.0]
        );
    }

    #[test]
    fn unknown_names_are_kept_and_marked() {
        let doc = DocText::from_pages(&[(
            1,
            "có 96 hộ nghèo (Hương Toàn: 42 hộ, Tây Lộc: 29 hộ)".into(),
        )]);
        let tokens = scan(&doc);
        let end = doc.folded().find("96").unwrap() + 2;
        let region = region_after(doc.folded(), end).unwrap();
        let e = entries(&doc, region, ValueKind::Count, &tokens, Some(&kim_tra()));
        assert_eq!(e.len(), 2);
        assert!(e[0].known);
        assert_eq!((e[1].subunit.as_str(), e[1].known), ("Tây Lộc", false));
    }

    #[test]
    fn names_that_fold_alike_are_told_apart_by_their_letters() {
        let r = Registry::load(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../rules/units.toml"
        )))
        .unwrap();
        let unit = r.find("Hương Trà").unwrap().clone();
        let doc = DocText::from_pages(&[(
            1,
            "có 123 hộ nghèo (Hương Vân: 117 hộ, Hương Văn: 6 hộ)".into(),
        )]);
        let tokens = scan(&doc);
        let end = doc.folded().find("123").unwrap() + 3;
        let region = region_after(doc.folded(), end).unwrap();
        let e = entries(&doc, region, ValueKind::Count, &tokens, Some(&unit));
        let got: Vec<(&str, f64)> = e.iter().map(|e| (e.subunit.as_str(), e.value)).collect();
        assert_eq!(got, vec![("Hương Vân", 117.0), ("Hương Văn", 6.0)]);
    }

    #[test]
    fn a_lone_place_without_value_is_no_breakdown() {
        let doc = DocText::from_pages(&[(
            1,
            "sửa chữa 01 nhà (phường Hương Xuân) với tổng số tiền 60 triệu đồng.".into(),
        )]);
        let tokens = scan(&doc);
        let end = doc.folded().find("01").unwrap() + 2;
        let region = region_after(doc.folded(), end).unwrap();
        assert!(entries(&doc, region, ValueKind::Count, &tokens, Some(&kim_tra())).is_empty());
    }
}
