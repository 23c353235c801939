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

/// Glyphs sharing a baseline, left to right.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Line {
    pub y: f32,
    pub size: f32,
    pub spans: Vec<Span>,
}

impl Line {
    /// The line's text, spans joined by one space.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for s in &self.spans {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&s.text);
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
    rows.into_iter().filter_map(build_line).unzip()
}

/// Whether `g` sits on the baseline of `row` (compared with the row's first glyph).
fn same_row(row: &[Glyph], g: &Glyph) -> bool {
    let first = &row[0];
    let size = first.size.max(g.size).max(1.0);
    (g.y - first.y).abs() <= SAME_LINE * size
}

/// Order one row's glyphs by x and split it into spans at column gaps.
fn build_line(mut row: Vec<Glyph>) -> Option<(Line, Vec<SpanFonts>)> {
    row.sort_by(|a, b| a.x.total_cmp(&b.x));
    let size = median_size(&row);
    let y = row[0].y;
    let mut spans: Vec<(Span, SpanFonts)> = Vec::new();
    let mut last_end = f32::NEG_INFINITY;
    for g in row {
        let gap = g.x - last_end;
        let blank = g.text.trim().is_empty();
        match spans.last_mut() {
            Some((span, runs)) if gap <= COLUMN_GAP * size => {
                if blank {
                    push_space(&mut span.text);
                } else {
                    if gap > WORD_GAP * size {
                        push_space(&mut span.text);
                    }
                    note_font(runs, span.text.len(), g.font);
                    span.text.push_str(&g.text);
                    span.x1 = span.x1.max(g.end_x);
                }
            }
            _ if blank => continue,
            _ => spans.push((
                Span {
                    x0: g.x,
                    x1: g.end_x,
                    text: g.text.clone(),
                },
                vec![FontRun {
                    start: 0,
                    font: g.font,
                }],
            )),
        }
        last_end = last_end.max(g.end_x);
    }
    for (s, _) in &mut spans {
        let trimmed = s.text.trim_end().len();
        s.text.truncate(trimmed);
    }
    spans.retain(|(s, _)| !s.text.is_empty());
    if spans.is_empty() {
        return None;
    }
    let (spans, fonts) = spans.into_iter().unzip();
    Some((Line { y, size, spans }, fonts))
}

/// Start a new run at byte `at` when `font` differs from the current run's.
fn note_font(runs: &mut SpanFonts, at: usize, font: Option<FontCoding>) {
    if runs.last().is_some_and(|r| r.font != font) {
        runs.push(FontRun { start: at, font });
    }
}

fn push_space(text: &mut String) {
    if !text.is_empty() && !text.ends_with(' ') {
        text.push(' ');
    }
}

fn median_size(row: &[Glyph]) -> f32 {
    let mut sizes: Vec<f32> = row.iter().map(|g| g.size).filter(|s| *s > 0.0).collect();
    if sizes.is_empty() {
        return 10.0;
    }
    sizes.sort_by(f32::total_cmp);
    sizes[sizes.len() / 2]
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
