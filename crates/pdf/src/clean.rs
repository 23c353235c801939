//! The text stage: extracted pages → one normalised [`DocText`].
//!
//! Per page: page-number lines and running headers/footers are dropped; a
//! two-column block (letterhead, "Nơi nhận" beside the signature) is read
//! column by column; lines are joined into paragraphs when a line runs to the
//! right margin (it wrapped) or the next one starts in lower case — also
//! across a page break, so a sentence split by the break is whole again.

use std::collections::HashMap;
use std::sync::LazyLock;

use baocao_viet::text::{DocText, DocTextBuilder};
use regex::Regex;

use crate::table::{self, Placed};
use crate::{Line, PageText};

/// One line of text ready for paragraph joining.
#[derive(Debug, Clone)]
struct TextLine {
    page: u32,
    text: String,
    x1: f32,
    size: f32,
    /// Part of a column block: never joined with its neighbours.
    in_columns: bool,
}

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[-–—]?\s*(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?\s*[-–—]?$").unwrap()
});
static LIST_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[-+•*–]\s|\d+(?:\.\d+)*[.)]\s|[a-zđ][.)]\s|[IVXLC]+\.\s|[A-Z]\.\s|(?i:phần thứ))",
    )
    .unwrap()
});

/// Build the normalised text of a document from its pages.
pub fn doc_text(pages: &[PageText]) -> DocText {
    let cleaned = strip_furniture(pages);
    join_paragraphs(&order_columns(&cleaned))
}

/// The document's text as laid out, row by row, pages separated by a form
/// feed: what `baocao text --plain` prints.
pub fn plain_text(pages: &[PageText]) -> String {
    let mut out = String::new();
    for (i, p) in pages.iter().enumerate() {
        if i > 0 {
            out.push('\u{c}');
        }
        for l in &p.lines {
            out.push_str(&l.text());
            out.push('\n');
        }
    }
    out
}

/// Drop page numbers and running headers/footers from every page.
fn strip_furniture(pages: &[PageText]) -> Vec<(u32, Vec<Line>)> {
    let repeated = repeated_edges(pages);
    let first_page = pages.first().map_or(0, |p| p.number);
    pages
        .iter()
        .map(|p| {
            let n = p.lines.len();
            let body = median_size(&p.lines);
            let kept = p
                .lines
                .iter()
                .enumerate()
                .filter(|(i, l)| {
                    let edge = *i < 2 || *i + 2 >= n;
                    let text = l.text();
                    // A short line in small type atop a later page: a
                    // running header ("UBND phường Hóa Châu").
                    let header = *i == 0
                        && p.number != first_page
                        && l.size <= 0.8 * body
                        && text.chars().count() <= 80;
                    !(header
                        || edge
                            && (PAGE_NUMBER.is_match(text.trim())
                                || repeated.contains(&edge_key(&text))))
                })
                .map(|(_, l)| l.clone())
                .collect();
            (p.number, kept)
        })
        .collect()
}

/// The median font size of a page's lines (0 when it has none).
fn median_size(lines: &[Line]) -> f32 {
    let mut sizes: Vec<f32> = lines.iter().map(|l| l.size).collect();
    sizes.sort_by(f32::total_cmp);
    sizes.get(sizes.len() / 2).copied().unwrap_or(0.0)
}

/// Header/footer lines (digits ignored) found at the edge of at least two
/// pages and half of all pages, in a document of three pages or more (a
/// running header is usually left off the first page).
fn repeated_edges(pages: &[PageText]) -> Vec<String> {
    if pages.len() < 3 {
        return Vec::new();
    }
    let mut counts: HashMap<String, usize> = HashMap::new();
    for p in pages {
        let n = p.lines.len();
        let mut seen = Vec::new();
        for (i, l) in p.lines.iter().enumerate() {
            if i < 2 || i + 2 >= n {
                let key = edge_key(&l.text());
                if key.chars().filter(|c| c.is_alphabetic()).count() >= 4 && !seen.contains(&key) {
                    seen.push(key);
                }
            }
        }
        for k in seen {
            *counts.entry(k).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter(|(_, c)| *c >= 2 && *c * 2 >= pages.len())
        .map(|(k, _)| k)
        .collect()
}

fn edge_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_ascii_digit())
        .collect::<String>()
        .trim()
        .to_string()
}

/// Read side-by-side blocks ([`table`](crate::table)): a table row by row,
/// other blocks column by column; other lines pass through. A block that runs
/// over a page break (a signature table split by it) stays one block.
fn order_columns(pages: &[(u32, Vec<Line>)]) -> Vec<TextLine> {
    let stream: Vec<Placed> = pages
        .iter()
        .flat_map(|(p, ls)| ls.iter().map(move |l| (*p, l)))
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < stream.len() {
        let (page, line) = stream[i];
        if line.spans.len() < 2 {
            out.push(single(page, line, false));
            i += 1;
            continue;
        }
        let end = table::block_end(&stream, i);
        if let Some((rows, used)) = table::read_table(&stream[i..end]) {
            out.extend(rows.into_iter().map(|r| TextLine {
                page: r.page,
                text: r.text,
                x1: r.x1,
                size: r.size,
                in_columns: true,
            }));
            i += used;
        } else {
            out.extend(two_columns(&stream[i..end]));
            i = end;
        }
    }
    out
}

/// A block read column by column: left column, then right; a line that
/// continues the one above it in its column (a date wrapped before its
/// year) is joined to it.
fn two_columns(block: &[Placed]) -> Vec<TextLine> {
    let split = block[0].1.spans[1].x0;
    let (mut left, mut right): (Vec<TextLine>, Vec<TextLine>) = (Vec::new(), Vec::new());
    for &(page, l) in block {
        for s in &l.spans {
            let side = if s.x0 < split - 2.0 {
                &mut left
            } else {
                &mut right
            };
            match side.last_mut() {
                Some(prev) if continues_in_column(&prev.text, &s.plain()) => {
                    prev.text.push(' ');
                    prev.text.push_str(s.plain().trim());
                    prev.x1 = s.x1;
                }
                _ => side.push(TextLine {
                    page,
                    text: s.plain(),
                    x1: s.x1,
                    size: l.size,
                    in_columns: true,
                }),
            }
        }
    }
    left.extend(right);
    left
}

/// Whether the next line of a column continues the one above it: it starts
/// in lower case or with a digit, is no list item, and the line above ends
/// without punctuation.
fn continues_in_column(prev: &str, next: &str) -> bool {
    let next = next.trim();
    let starts = next
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
    let open = !prev
        .trim_end()
        .ends_with(['.', ':', ';', '!', '?', ')', ',']);
    starts && open && !LIST_MARKER.is_match(next)
}

fn single(page: u32, l: &Line, in_columns: bool) -> TextLine {
    TextLine {
        page,
        text: l.text(),
        x1: l.spans.last().map_or(0.0, |s| s.x1),
        size: l.size,
        in_columns,
    }
}

/// Join wrapped lines into paragraphs.
fn join_paragraphs(lines: &[TextLine]) -> DocText {
    let margins = right_margins(lines);
    let mut b = DocTextBuilder::new();
    let mut prev: Option<&TextLine> = None;
    for l in lines {
        let join = prev
            .is_some_and(|p| continues(p, l, margins.get(&p.page).copied().unwrap_or(f32::MAX)));
        if join {
            b.continue_paragraph(l.page, &l.text);
        } else {
            b.paragraph(l.page, &l.text);
        }
        prev = Some(l);
    }
    b.finish()
}

/// Whether `next` continues the paragraph that `prev` belongs to.
fn continues(prev: &TextLine, next: &TextLine, margin: f32) -> bool {
    if prev.in_columns || next.in_columns || LIST_MARKER.is_match(&next.text) {
        return false;
    }
    let wrapped = prev.x1 >= margin - 1.5 * prev.size.max(8.0);
    let lower_start = next.text.chars().next().is_some_and(|c| c.is_lowercase());
    let closed = prev.text.trim_end().ends_with(['.', ':', ';', '!', '?']);
    wrapped || (lower_start && !closed)
}

/// Right margin of each page's body text: the 90th percentile of line ends.
fn right_margins(lines: &[TextLine]) -> HashMap<u32, f32> {
    let mut by_page: HashMap<u32, Vec<f32>> = HashMap::new();
    for l in lines.iter().filter(|l| !l.in_columns) {
        by_page.entry(l.page).or_default().push(l.x1);
    }
    by_page
        .into_iter()
        .map(|(p, mut xs)| {
            xs.sort_by(f32::total_cmp);
            let i = (xs.len() * 9 / 10).min(xs.len() - 1);
            (p, xs[i])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Span;

    fn line(y: f32, x0: f32, x1: f32, text: &str) -> Line {
        Line {
            y,
            size: 13.0,
            spans: vec![Span {
                x0,
                x1,
                text: text.into(),
            }],
        }
    }

    fn two(y: f32, a: &str, b: &str) -> Line {
        Line {
            y,
            size: 13.0,
            spans: vec![
                Span {
                    x0: 60.0,
                    x1: 250.0,
                    text: a.into(),
                },
                Span {
                    x0: 300.0,
                    x1: 540.0,
                    text: b.into(),
                },
            ],
        }
    }

    fn paragraphs(d: &DocText) -> Vec<&str> {
        d.paragraphs()
            .iter()
            .map(|r| &d.text()[r.clone()])
            .collect()
    }

    fn page(number: u32, lines: Vec<Line>) -> PageText {
        PageText {
            number,
            lines,
            error: None,
        }
    }

    #[test]
    fn wrapped_lines_join_and_short_lines_end_paragraphs() {
        let p = page(
            1,
            vec![
                line(
                    100.0,
                    60.0,
                    540.0,
                    "Trong 05 năm qua, UBND phường đã xây dựng, sửa chữa nhà ở cho",
                ),
                line(118.0, 60.0, 300.0, "106 hộ nghèo."),
                line(136.0, 60.0, 200.0, "1. Mục tiêu"),
                line(
                    154.0,
                    60.0,
                    540.0,
                    "Năm 2025 là năm có nhiều sự kiện chính trị diễn ra, năm đầu tiên",
                ),
            ],
        );
        let d = doc_text(&[p]);
        let paras = paragraphs(&d);
        assert_eq!(
            paras[0],
            "Trong 05 năm qua, UBND phường đã xây dựng, sửa chữa nhà ở cho 106 hộ nghèo."
        );
        assert_eq!(paras[1], "1. Mục tiêu");
    }

    #[test]
    fn a_sentence_continues_across_a_page_break_and_page_numbers_go() {
        let p1 = page(
            1,
            vec![
                line(100.0, 60.0, 540.0, "tổng kinh phí thực hiện là"),
                line(800.0, 290.0, 300.0, "1"),
            ],
        );
        let p2 = page(
            2,
            vec![
                line(40.0, 290.0, 300.0, "2"),
                line(100.0, 60.0, 300.0, "2.977.500.000 đồng."),
            ],
        );
        let d = doc_text(&[p1, p2]);
        assert_eq!(d.text(), "tổng kinh phí thực hiện là 2.977.500.000 đồng.");
        let at = d.text().find("2.977").unwrap();
        assert_eq!(d.page_at(at), 2);
    }

    #[test]
    fn letterhead_is_read_column_by_column() {
        let p = page(
            1,
            vec![
                two(
                    40.0,
                    "UBND THÀNH PHỐ HUẾ",
                    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                ),
                two(
                    58.0,
                    "ỦY BAN NHÂN DÂN PHƯỜNG KIM TRÀ",
                    "Độc lập - Tự do - Hạnh phúc",
                ),
                two(80.0, "Số: 569/BC-UBND", "Kim Trà, ngày 28 tháng 8 năm 2025"),
                line(120.0, 270.0, 330.0, "BÁO CÁO"),
            ],
        );
        let d = doc_text(&[p]);
        let paras = paragraphs(&d);
        assert_eq!(
            paras[..3],
            [
                "UBND THÀNH PHỐ HUẾ",
                "ỦY BAN NHÂN DÂN PHƯỜNG KIM TRÀ",
                "Số: 569/BC-UBND"
            ]
        );
        assert_eq!(paras[3], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
        assert_eq!(paras[6], "BÁO CÁO");
    }

    #[test]
    fn a_signature_table_split_by_a_page_break_stays_in_columns() {
        let p1 = page(
            1,
            vec![
                line(100.0, 60.0, 540.0, "Trên đây là báo cáo./."),
                two(700.0, "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN"),
            ],
        );
        let p2 = page(
            2,
            vec![
                two(60.0, "- Lưu VT.", "KT. CHỦ TỊCH"),
                line(120.0, 320.0, 420.0, "Mai Văn Xuân"),
            ],
        );
        let d = doc_text(&[p1, p2]);
        let paras = paragraphs(&d);
        assert_eq!(
            paras[1..],
            [
                "Nơi nhận:",
                "- Lưu VT.",
                "TM. ỦY BAN NHÂN DÂN",
                "KT. CHỦ TỊCH",
                "Mai Văn Xuân"
            ]
        );
    }

    #[test]
    fn running_headers_are_dropped() {
        let pages: Vec<PageText> = (1..=4)
            .map(|n| {
                let mut lines = vec![line(30.0, 60.0, 300.0, "Báo cáo số 569/BC-UBND")];
                for (i, w) in ["một", "hai", "ba", "bốn"].iter().enumerate() {
                    lines.push(line(
                        100.0 + 20.0 * i as f32,
                        60.0,
                        300.0,
                        &format!("Nội dung {w} của trang {n}."),
                    ));
                }
                page(n, lines)
            })
            .collect();
        let d = doc_text(&pages);
        assert!(!d.text().contains("569"), "{}", d.text());
    }
}
