//! Document facts read from the letterhead: unit, document number, date.
//!
//! The letterhead is the first paragraphs of page 1 (the text stage emits a
//! two-column letterhead column by column, so the unit's name, "Số: …" and
//! "<place>, ngày … tháng … năm …" are paragraphs of their own).

use std::sync::LazyLock;

use regex::Regex;

use crate::text::DocText;
use crate::units::{Registry, Unit};

/// What the letterhead says.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Facts {
    /// Registry name of the reporting unit, when registered.
    pub unit: Option<String>,
    /// The unit as written, e.g. "Phường Tây Lộc", when found (registered or not).
    pub unit_as_written: Option<String>,
    pub doc_number: Option<String>,
    /// `YYYY-MM-DD`.
    pub doc_date: Option<String>,
}

/// How many paragraphs from the start count as the letterhead.
const HEAD_PARAGRAPHS: usize = 14;

static UNIT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:uy ban nhan dan|ubnd)\s+)?(phuong|xa|thi tran)\s+([a-z0-9\-]+(?:\s+[a-z0-9\-]+){0,4})$").unwrap()
});
static BODY_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:uy ban nhan dan|ubnd)\s+(phuong|xa|thi tran)\s+([a-z0-9][a-z0-9\-]*(?:\s+[a-z0-9][a-z0-9\-]*){0,3})").unwrap()
});
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)so\s*:?\s*(\d*\s*/\s*[a-z0-9][a-z0-9\-\.]*(?:/[a-z0-9][a-z0-9\-\.]*)*)")
        .unwrap()
});
/// The dateline: "<place>, ngày … tháng … năm …", even with blanks left for the day.
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[a-z][a-z0-9 \-]{1,40},\s*ngay\b[\s\d\.]*thang\b[\s\d\.]*nam\b").unwrap()
});
static DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})").unwrap());

/// Read the facts of `doc`.
pub fn read(doc: &DocText, registry: &Registry) -> Facts {
    let head = head_paragraphs(doc);
    let (unit, unit_as_written) = unit(doc, &head, registry);
    Facts {
        unit: unit.map(|u| u.name.clone()),
        unit_as_written,
        doc_number: doc_number(doc, &head),
        doc_date: doc_date(doc, &head),
    }
}

/// Folded ranges of the letterhead paragraphs.
fn head_paragraphs(doc: &DocText) -> Vec<std::ops::Range<usize>> {
    let folded = doc.folded();
    let mut out = Vec::new();
    let mut start = 0;
    for line in folded.split('\n').take(HEAD_PARAGRAPHS) {
        out.push(start..start + line.len());
        start += line.len() + 1;
    }
    out
}

fn unit<'r>(
    doc: &DocText,
    head: &[std::ops::Range<usize>],
    registry: &'r Registry,
) -> (Option<&'r Unit>, Option<String>) {
    let folded = doc.folded();
    let mut first_written = None;
    // A letterhead cell may wrap the name ("ỦY BAN NHÂN DÂN PHƯỜNG" / "KIM TRÀ"):
    // try each paragraph alone, then joined with the next.
    let candidates = head.iter().enumerate().flat_map(|(i, r)| {
        let joined = head.get(i + 1).map(|n| r.start..n.end);
        std::iter::once(r.clone()).chain(joined)
    });
    for r in candidates {
        let raw = &folded[r.clone()];
        let lead = raw.len() - raw.trim_start().len();
        let Some(c) = UNIT_LINE.captures(raw.trim()) else {
            continue;
        };
        let (kind, name) = (c.get(1).unwrap(), c.get(2).unwrap());
        let key = format!(
            "{} {}",
            kind.as_str(),
            name.as_str()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        );
        let at = r.start + lead;
        let written = title_case(doc.source_text(at + kind.start()..at + name.end()));
        if let Some(u) = registry.find(&key) {
            return (Some(u), Some(written));
        }
        first_written.get_or_insert(written);
    }
    if first_written.is_none() {
        // No letterhead line: the first "Ủy ban nhân dân phường X" of the text that names a registered unit.
        for c in BODY_UNIT.captures_iter(folded) {
            let kind = c.get(1).unwrap().as_str();
            let words: Vec<&str> = c.get(2).unwrap().as_str().split_whitespace().collect();
            for n in (1..=words.len()).rev() {
                if let Some(u) = registry.find(&format!("{kind} {}", words[..n].join(" "))) {
                    return (Some(u), Some(u.name.clone()));
                }
            }
        }
    }
    (None, first_written)
}

/// "PHƯỜNG KIM TRÀ" → "Phường Kim Trà".
fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(cs.flat_map(char::to_lowercase))
                    .collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn doc_number(doc: &DocText, head: &[std::ops::Range<usize>]) -> Option<String> {
    let folded = doc.folded();
    head.iter().find_map(|r| {
        let c = NUMBER.captures(&folded[r.clone()])?;
        let m = c.get(1)?;
        let src = doc.source_text(r.start + m.start()..r.start + m.end());
        Some(
            src.chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .trim_end_matches('.')
                .to_string(),
        )
    })
}

/// Longest letterhead paragraph read as a date line; body sentences citing
/// other documents' dates ("Căn cứ Luật … ngày 16 tháng 6 năm 2025") are longer.
const DATE_LINE_MAX: usize = 90;

/// The date of the dateline. A dateline with blanks ("Lâm Đồng, ngày   tháng
/// 12 năm 2025") means the date is not filled in: no date, rather than a date
/// cited further on.
fn doc_date(doc: &DocText, head: &[std::ops::Range<usize>]) -> Option<String> {
    let folded = doc.folded();
    if let Some(r) = head
        .iter()
        .find(|r| DATELINE.is_match(folded[(*r).clone()].trim()))
    {
        return parse_date(&folded[r.clone()]);
    }
    head.iter()
        .filter(|r| r.len() <= DATE_LINE_MAX)
        .find_map(|r| parse_date(&folded[r.clone()]))
}

/// "ngày 28 tháng 8 năm 2025" (folded) → "2025-08-28".
fn parse_date(text: &str) -> Option<String> {
    let c = DATE.captures(text)?;
    let d: u32 = c[1].parse().ok()?;
    let m: u32 = c[2].parse().ok()?;
    let y: u32 = c[3].parse().ok()?;
    ((1..=31).contains(&d) && (1..=12).contains(&m)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry() -> Registry {
        Registry::load(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../rules/units.toml"
        )))
        .unwrap()
    }

    #[test]
    fn seed_letterhead() {
        let doc = DocText::from_pages(&[(1, "UBND THÀNH PHỐ HUẾ\nỦY BAN NHÂN DÂN PHƯỜNG KIM TRÀ\nSố: 569/BC-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nKim Trà, ngày 28 tháng 8 năm 2025\nBÁO CÁO".into())]);
        let f = read(&doc, &registry());
        assert_eq!(f.unit.as_deref(), Some("Phường Kim Trà"));
        assert_eq!(f.doc_number.as_deref(), Some("569/BC-UBND"));
        assert_eq!(f.doc_date.as_deref(), Some("2025-08-28"));
    }

    #[test]
    fn a_dateline_left_blank_is_no_date_and_numbers_keep_every_part() {
        let doc = DocText::from_pages(&[(1, "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: /QĐ-UBND\nLâm Đồng, ngày tháng 12 năm 2025\nQUYẾT ĐỊNH\nCăn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;".into())]);
        assert_eq!(read(&doc, &registry()).doc_date, None);
        let doc = DocText::from_pages(&[(
            1,
            "NGÂN HÀNG NHÀ NƯỚC\nSố : 01/2006/TT-NHNN\nHà Nội, ngày 20 tháng 02 năm 2006".into(),
        )]);
        let f = read(&doc, &registry());
        assert_eq!(f.doc_number.as_deref(), Some("01/2006/TT-NHNN"));
        assert_eq!(f.doc_date.as_deref(), Some("2006-02-20"));
    }

    #[test]
    fn wrapped_letterhead_name() {
        let doc = DocText::from_pages(&[(
            1,
            "UBND THÀNH PHỐ HUẾ\nỦY BAN NHÂN DÂN PHƯỜNG\nKIM TRÀ\nSố: 569/BC-UBND".into(),
        )]);
        let f = read(&doc, &registry());
        assert_eq!(f.unit.as_deref(), Some("Phường Kim Trà"));
        assert_eq!(f.unit_as_written.as_deref(), Some("Phường Kim Trà"));
    }

    #[test]
    fn unregistered_unit_is_reported_as_written() {
        let doc = DocText::from_pages(&[(
            1,
            "UBND THÀNH PHỐ HUẾ\nUBND PHƯỜNG TÂY LỘC\nSố: 12/BC-UBND".into(),
        )]);
        let f = read(&doc, &registry());
        assert_eq!(f.unit, None);
        assert_eq!(f.unit_as_written.as_deref(), Some("Phường Tây Lộc"));
    }

    #[test]
    fn unit_from_the_body_when_no_letterhead_line() {
        let doc = DocText::from_pages(&[(
            1,
            "BÁO CÁO\nUỷ ban nhân dân xã Phú Vinh báo cáo như sau".into(),
        )]);
        assert_eq!(read(&doc, &registry()).unit.as_deref(), Some("Xã Phú Vinh"));
    }
}
