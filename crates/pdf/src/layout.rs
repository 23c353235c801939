//! Positioned glyphs → lines in reading order.
//!
//! `pdf-extract` reports every glyph with its text-rendering matrix. We keep
//! the glyph's origin (top-left page coordinates), its advance and its size,
//! then group glyphs sharing a baseline into a [`Line`], left to right. A wide
//! horizontal gap splits a line into [`Span`]s, so the two columns of a
//! letterhead table stay apart ("PHƯỜNG KIM TRÀ" | "CỘNG HÒA XÃ HỘI …") while
//! still reading row by row, as a person reads the page.
//!
//! Alongside, [`lines_with_fonts`] records for every span where its font
//! coding changes ([`FontRun`]), so the legacy stage can decode each run by
//! its font without the span being split (spans are layout, not fonts).

use crate::fonts::FontCoding;

/// One glyph as drawn: origin, advance end and font size in page points,
/// `y` growing downwards from the top of the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub x: f32,
    pub y: f32,
    pub end_x: f32,
    pub size: f32,
    pub text: String,
    /// The coding of the glyph's font, when known ([`crate::fonts`]).
    pub font: Option<FontCoding>,
}

/// From byte `start` of a span's text (to the next run), glyphs set in a
/// font of coding `font` (`None`: unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FontRun {
    pub start: usize,
    pub font: Option<FontCoding>,
}

/// The font runs of one span, in order; the first starts at 0.
pub type SpanFonts = Vec<FontRun>;

/// A run of glyphs on one baseline with no wide gap inside.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Span {
    pub x0: f32,
    pub x1: f32,
    pub text: String,
}

impl Span {
    /// The span's text with its cell gaps (tabs) read as spaces.
    pub fn plain(&self) -> String {
        self.text.replace('\t', " ")
    }

    /// The span cut at its cell gaps, each piece placed in proportion to
    /// its share of the characters.
    pub fn cells(&self) -> Vec<Span> {
        if !self.text.contains('\t') {
            return vec![self.clone()];
        }
        let total = self.text.chars().count().max(1) as f32;
        let width = self.x1 - self.x0;
        let mut out = Vec::new();
        let mut before = 0usize;
        for piece in self.text.split('\t') {
            let n = piece.chars().count();
            let x0 = self.x0 + width * before as f32 / total;
            let x1 = self.x0 + width * (before + n) as f32 / total;
            before += n + 1;
            if !piece.trim().is_empty() {
                out.push(Span {
                    x0,
                    x1,
                    text: piece.trim().to_string(),
                });
            }
        }
        out
    }
}

/// Glyphs sharing a baseline, left to right.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Line {
    pub y: f32,
    pub size: f32,
    pub spans: Vec<Span>,
}

impl Line {
    /// The line's text, spans joined by one space (cell gaps too).
    pub fn text(&self) -> String {
        let mut out = String::new();
        for s in &self.spans {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&s.plain());
        }
        out
    }

    /// Left edge of the first span.
    pub fn x0(&self) -> f32 {
        self.spans.first().map_or(0.0, |s| s.x0)
    }
}

/// Fraction of the font size two baselines may differ by and still be one line.
const SAME_LINE: f32 = 0.4;
/// A gap wider than this fraction of the font size is a word space.
const WORD_GAP: f32 = 0.2;
/// A gap wider than this many font sizes separates columns (a new span).
const COLUMN_GAP: f32 = 2.5;
/// A gap wider than this many font sizes, but not a column gap, is kept in
/// the span's text as a tab: it may separate the narrow cells of a table
/// ([`crate::table`] splits there), never a justified word space.
const CELL_GAP: f32 = 0.8;

/// Group glyphs into lines, top to bottom, each left to right.
pub fn lines(glyphs: Vec<Glyph>) -> Vec<Line> {
    lines_with_fonts(glyphs).0
}

/// [`lines`], with the font runs of every span (`[line][span]`).
pub fn lines_with_fonts(mut glyphs: Vec<Glyph>) -> (Vec<Line>, Vec<Vec<SpanFonts>>) {
    glyphs.retain(|g| g.x.is_finite() && g.y.is_finite() && g.end_x.is_finite());
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Vec<Glyph>> = Vec::new();
    for g in glyphs {
        match rows.last_mut() {
            Some(row) if same_row(row, &g) => row.push(g),
            _ => rows.push(vec![g]),
        }
    }
    rows.into_iter().flat_map(build_line).unzip()
}

/// Whether `g` sits on the baseline of `row` (compared with the row's first glyph).
fn same_row(row: &[Glyph], g: &Glyph) -> bool {
    let first = &row[0];
    let size = first.size.max(g.size).max(1.0);
    (g.y - first.y).abs() <= SAME_LINE * size
}

/// A span being built, with the baselines and sizes of its glyphs.
struct Building {
    span: Span,
    runs: SpanFonts,
    ys: Vec<f32>,
    sizes: Vec<f32>,
}

/// Order one row's glyphs by x, split it into spans at column gaps, then
/// into lines where spans of different columns sit on clearly different
/// baselines ([`COLUMN_BASELINE`]).
fn build_line(mut row: Vec<Glyph>) -> Vec<(Line, Vec<SpanFonts>)> {
    row.sort_by(|a, b| a.x.total_cmp(&b.x));
    let size = median_size(row.iter().map(|g| g.size).collect());
    let mut spans: Vec<Building> = Vec::new();
    let mut last_end = f32::NEG_INFINITY;
    for g in row {
        let gap = g.x - last_end;
        let blank = g.text.trim().is_empty();
        match spans.last_mut() {
            Some(b) if gap <= COLUMN_GAP * size => {
                if blank {
                    push_space(&mut b.span.text);
                } else {
                    if gap > CELL_GAP * size {
                        push_tab(&mut b.span.text);
                    } else if gap > WORD_GAP * size {
                        push_space(&mut b.span.text);
                    }
                    note_font(&mut b.runs, b.span.text.len(), g.font);
                    b.span.text.push_str(&g.text);
                    b.span.x1 = b.span.x1.max(g.end_x);
                    b.ys.push(g.y);
                    b.sizes.push(g.size);
                }
            }
            _ if blank => continue,
            _ => spans.push(Building {
                span: Span {
                    x0: g.x,
                    x1: g.end_x,
                    text: g.text.clone(),
                },
                runs: vec![FontRun {
                    start: 0,
                    font: g.font,
                }],
                ys: vec![g.y],
                sizes: vec![g.size],
            }),
        }
        last_end = last_end.max(g.end_x);
    }
    for b in &mut spans {
        let trimmed = b.span.text.trim_end().len();
        b.span.text.truncate(trimmed);
    }
    spans.retain(|b| !b.span.text.is_empty());
    split_baselines(spans)
        .into_iter()
        .map(|group| {
            let y = group
                .iter()
                .flat_map(|b| b.ys.iter().copied())
                .fold(f32::INFINITY, f32::min);
            let size = median_size(group.iter().flat_map(|b| b.sizes.iter().copied()).collect());
            let (spans, fonts) = group.into_iter().map(|b| (b.span, b.runs)).unzip();
            (Line { y, size, spans }, fonts)
        })
        .collect()
}

/// Baselines of spans in different columns further apart than this fraction
/// of the smaller font size make separate lines: a signature block's
/// "phó Thống đốc" (14 pt) set 3 pt above the recipients list's
/// "Chính phủ (để b/c);" (11 pt) is read before it, not merged into it.
/// Glyphs of one span are never separated (superscripts stay in their word).
const COLUMN_BASELINE: f32 = 0.2;

/// Group a row's spans into lines by baseline, top to bottom, each group in
/// x order.
fn split_baselines(spans: Vec<Building>) -> Vec<Vec<Building>> {
    let mut keyed: Vec<(f32, f32, Building)> = spans
        .into_iter()
        .map(|b| {
            let y = median(b.ys.clone()).unwrap_or(0.0);
            (y, median_size(b.sizes.clone()), b)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut groups: Vec<(f32, f32, Vec<Building>)> = Vec::new();
    for (y, size, b) in keyed {
        match groups.last_mut() {
            Some((gy, gsize, group)) if y - *gy <= COLUMN_BASELINE * gsize.min(size) => {
                group.push(b);
            }
            _ => groups.push((y, size, vec![b])),
        }
    }
    groups
        .into_iter()
        .map(|(_, _, mut group)| {
            group.sort_by(|a, b| a.span.x0.total_cmp(&b.span.x0));
            group
        })
        .collect()
}

/// Start a new run at byte `at` when `font` differs from the current run's.
fn note_font(runs: &mut SpanFonts, at: usize, font: Option<FontCoding>) {
    if runs.last().is_some_and(|r| r.font != font) {
        runs.push(FontRun { start: at, font });
    }
}

/// Mark a cell gap: a tab in place of the word space before it.
fn push_tab(text: &mut String) {
    if text.ends_with(' ') {
        text.pop();
    }
    if !text.is_empty() && !text.ends_with('\t') {
        text.push('\t');
    }
}

fn push_space(text: &mut String) {
    if !text.is_empty() && !text.ends_with(' ') {
        text.push(' ');
    }
}

/// Median of the positive sizes (10 when there are none).
fn median_size(mut sizes: Vec<f32>) -> f32 {
    sizes.retain(|s| *s > 0.0);
    median(sizes).unwrap_or(10.0)
}

/// Median of `values`, if any.
fn median(mut values: Vec<f32>) -> Option<f32> {
    values.sort_by(f32::total_cmp);
    values.get(values.len() / 2).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(x: f32, y: f32, text: &str) -> Vec<Glyph> {
        let mut out = Vec::new();
        let mut cx = x;
        for ch in text.chars() {
            out.push(Glyph {
                x: cx,
                y,
                end_x: cx + 6.0,
                size: 12.0,
                text: ch.to_string(),
                font: None,
            });
            cx += 6.0;
        }
        out
    }

    #[test]
    fn words_on_one_baseline_form_a_line() {
        let mut g = word(10.0, 100.0, "Báo");
        g.extend(word(10.0 + 18.0 + 4.0, 100.5, "cáo"));
        let ls = lines(g);
        assert_eq!(ls.len(), 1);
        assert_eq!(ls[0].text(), "Báo cáo");
    }

    #[test]
    fn lines_are_ordered_top_to_bottom_whatever_the_drawing_order() {
        let mut g = word(10.0, 200.0, "hai");
        g.extend(word(10.0, 100.0, "một"));
        let ls = lines(g);
        let texts: Vec<String> = ls.iter().map(Line::text).collect();
        assert_eq!(texts, vec!["một", "hai"]);
    }

    #[test]
    fn wide_gap_splits_columns() {
        let mut g = word(10.0, 50.0, "UBND");
        g.extend(word(300.0, 50.0, "CỘNG"));
        let ls = lines(g);
        assert_eq!(ls[0].spans.len(), 2);
        assert_eq!(ls[0].text(), "UBND CỘNG");
    }

    fn sized(x: f32, y: f32, size: f32, text: &str) -> Vec<Glyph> {
        let mut g = word(x, y, text);
        g.iter_mut().for_each(|g| g.size = size);
        g
    }

    #[test]
    fn columns_on_clearly_different_baselines_are_separate_lines() {
        // The signature block of tests/fixtures/real/2006-…: 14 pt 3 pt above 11 pt.
        let mut g = sized(85.0, 586.14, 11.0, "Chính phủ");
        g.extend(sized(350.0, 583.14, 14.0, "phó Thống đốc"));
        let texts: Vec<String> = lines(g).iter().map(Line::text).collect();
        assert_eq!(texts, vec!["phó Thống đốc", "Chính phủ"]);
        // 1.3 pt apart: one row, read left to right.
        let mut g = sized(85.0, 646.98, 11.0, "thuộc TW");
        g.extend(sized(339.0, 648.30, 14.0, "Nguyễn Đồng Tiến"));
        let texts: Vec<String> = lines(g).iter().map(Line::text).collect();
        assert_eq!(texts, vec!["thuộc TW Nguyễn Đồng Tiến"]);
    }

    #[test]
    fn a_raised_glyph_stays_in_its_word() {
        let mut g = word(10.0, 100.0, "m");
        g.extend(sized(16.0, 96.0, 8.0, "2"));
        let ls = lines(g);
        assert_eq!(ls.len(), 1);
        assert_eq!(ls[0].text(), "m2");
    }

    #[test]
    fn font_changes_make_runs_not_spans() {
        let tag = |mut g: Vec<Glyph>, f: FontCoding| {
            g.iter_mut().for_each(|g| g.font = Some(f));
            g
        };
        let mut g = tag(word(10.0, 50.0, "Sè"), FontCoding::Tcvn3);
        g.extend(tag(word(40.0, 50.0, "01"), FontCoding::Other));
        let (ls, fonts) = lines_with_fonts(g);
        assert_eq!(ls[0].spans.len(), 1);
        assert_eq!(ls[0].text(), "Sè 01");
        assert_eq!(
            fonts[0][0],
            vec![
                FontRun {
                    start: 0,
                    font: Some(FontCoding::Tcvn3)
                },
                FontRun {
                    start: "Sè ".len(),
                    font: Some(FontCoding::Other)
                },
            ]
        );
    }

    #[test]
    fn nan_positions_are_dropped_not_panicking() {
        let g = vec![Glyph {
            x: f32::NAN,
            y: 1.0,
            end_x: 2.0,
            size: 10.0,
            text: "x".into(),
            font: None,
        }];
        assert!(lines(g).is_empty());
    }
}
