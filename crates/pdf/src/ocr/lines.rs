//! Lines of a page from tesseract's own structure.
//!
//! Tesseract numbers every word by block, paragraph and line; the words of
//! one such line (in x order) are one line of text. Then the same rules as
//! the text layer's ([`crate::layout`]) shape them for later stages: a wide
//! gap inside a line (`UBND THÀNH PHỐ HUẾ` … `CỘNG HOÀ XÃ HỘI …` read as one
//! line by `--psm 6`) starts a new [`Span`], and lines of different blocks
//! that share a baseline (the two columns of a letterhead found as two
//! blocks by `--psm 3`) become one row with a span each, as a born-digital
//! page reads. The words behind every line are kept, with their confidence.

use crate::layout::{Line, Span};

use super::tsv::OcrWord;

/// A wide gap inside a line (in line heights) starts a new span, as in
/// [`crate::layout`].
const COLUMN_GAP: f32 = 2.5;
/// Lines whose baselines differ by less than this share of the line height
/// are one row.
const SAME_ROW: f32 = 0.4;
/// The font size of a line, as a share of its median word height (words
/// with Vietnamese marks are taller than the type size).
const SIZE_PER_HEIGHT: f32 = 0.8;

/// One tesseract line: its words in x order.
#[derive(Debug, Clone)]
struct RawLine {
    words: Vec<OcrWord>,
    baseline: f32,
    height: f32,
}

/// Lines in reading order, with the words of each (in text order).
pub fn build(words: Vec<OcrWord>) -> (Vec<Line>, Vec<Vec<OcrWord>>) {
    let mut raw = group(words);
    raw.sort_by(|a, b| a.baseline.total_cmp(&b.baseline));
    let mut rows: Vec<Vec<RawLine>> = Vec::new();
    for line in raw {
        match rows.last_mut() {
            Some(row) if joins(row, &line) => row.push(line),
            _ => rows.push(vec![line]),
        }
    }
    rows.into_iter().map(row_line).unzip()
}

/// Words grouped by (block, paragraph, line), in first-seen order.
fn group(words: Vec<OcrWord>) -> Vec<RawLine> {
    let mut out: Vec<(u32, u32, u32, Vec<OcrWord>)> = Vec::new();
    for w in words {
        let key = (w.block, w.par, w.line);
        match out.iter_mut().find(|(b, p, l, _)| (*b, *p, *l) == key) {
            Some(entry) => entry.3.push(w),
            None => out.push((key.0, key.1, key.2, vec![w])),
        }
    }
    out.into_iter()
        .map(|(_, _, _, mut words)| {
            words.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let baseline = median(words.iter().map(|w| w.y1).collect());
            let height = median(words.iter().map(|w| w.y1 - w.y0).collect()).max(1.0);
            RawLine {
                words,
                baseline,
                height,
            }
        })
        .collect()
}

/// Whether `line` belongs to `row`: a close baseline and no horizontal
/// overlap with the row's lines (two lines of one column never share a row).
fn joins(row: &[RawLine], line: &RawLine) -> bool {
    let first = &row[0];
    let close = (line.baseline - first.baseline).abs() <= SAME_ROW * first.height.max(line.height);
    let overlaps = row.iter().any(|r| {
        let (a0, a1) = extent(r);
        let (b0, b1) = extent(line);
        a0 < b1 && b0 < a1
    });
    close && !overlaps
}

fn extent(line: &RawLine) -> (f32, f32) {
    let x0 = line.words.first().map_or(0.0, |w| w.x0);
    let x1 = line.words.iter().map(|w| w.x1).fold(x0, f32::max);
    (x0, x1)
}

/// One row: its words left to right, spans split at wide gaps.
fn row_line(row: Vec<RawLine>) -> (Line, Vec<OcrWord>) {
    let height = median(row.iter().map(|r| r.height).collect());
    let y = row.iter().map(|r| r.baseline).fold(f32::INFINITY, f32::min);
    let mut words: Vec<OcrWord> = row.into_iter().flat_map(|r| r.words).collect();
    words.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let mut spans: Vec<Span> = Vec::new();
    for w in &words {
        match spans.last_mut() {
            Some(s) if w.x0 - s.x1 <= COLUMN_GAP * height => {
                s.text.push(' ');
                s.text.push_str(&w.text);
                s.x1 = s.x1.max(w.x1);
            }
            _ => spans.push(Span {
                x0: w.x0,
                x1: w.x1,
                text: w.text.clone(),
            }),
        }
    }
    let line = Line {
        y,
        size: height * SIZE_PER_HEIGHT,
        spans,
    };
    (line, words)
}

fn median(mut v: Vec<f32>) -> f32 {
    v.sort_by(f32::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str, x0: f32, y1: f32, block: u32, line: u32) -> OcrWord {
        OcrWord {
            text: text.into(),
            confidence: 90.0,
            x0,
            y0: y1 - 12.0,
            x1: x0 + 6.0 * text.chars().count() as f32,
            y1,
            block,
            par: 1,
            line,
        }
    }

    fn texts(lines: &[Line]) -> Vec<Vec<String>> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.text.clone()).collect())
            .collect()
    }

    #[test]
    fn a_psm6_letterhead_line_splits_into_column_spans() {
        let words = vec![
            w("UBND", 90.0, 60.0, 1, 1),
            w("PHƯỜNG", 120.0, 60.0, 1, 1),
            w("CỘNG", 300.0, 60.5, 1, 1),
            w("HOÀ", 330.0, 60.5, 1, 1),
            w("Số:", 90.0, 80.0, 1, 2),
        ];
        let (lines, per_line) = build(words);
        assert_eq!(
            texts(&lines),
            vec![vec!["UBND PHƯỜNG", "CỘNG HOÀ"], vec!["Số:"]]
        );
        assert_eq!(per_line[0].len(), 4);
        assert_eq!(lines[0].text(), "UBND PHƯỜNG CỘNG HOÀ");
    }

    #[test]
    fn psm3_blocks_on_one_baseline_make_one_row() {
        // Right column found first (block 1), left column second (block 2).
        let words = vec![
            w("CỘNG", 300.0, 60.0, 1, 1),
            w("HOÀ", 330.0, 60.0, 1, 1),
            w("Độc", 300.0, 75.0, 1, 2),
            w("UBND", 90.0, 61.0, 2, 1),
            w("HUẾ", 120.0, 76.0, 2, 2),
        ];
        let (lines, _) = build(words);
        assert_eq!(
            texts(&lines),
            vec![vec!["UBND", "CỘNG HOÀ"], vec!["HUẾ", "Độc"]]
        );
    }

    #[test]
    fn overlapping_lines_are_never_one_row() {
        let words = vec![w("một", 90.0, 60.0, 1, 1), w("hai", 92.0, 63.0, 2, 1)];
        let (lines, _) = build(words);
        assert_eq!(lines.len(), 2);
    }

    #[test]
    fn nothing_in_nothing_out() {
        let (lines, words) = build(Vec::new());
        assert!(lines.is_empty() && words.is_empty());
    }
}
