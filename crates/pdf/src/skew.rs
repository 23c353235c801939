//! Tilted text layers: estimate a page's skew from its glyph baselines and
//! group glyphs into lines along it.
//!
//! OCR tools that put an invisible text layer under a scan (a scanner's own
//! software, `ocrmypdf` without `--deskew`, `tesseract … pdf`) place every
//! word where the tilted image shows it, so the baselines of one line drift
//! by a few points from left to right. Grouping glyphs by equal `y`
//! ([`crate::layout`]) then cuts lines in pieces and mixes neighbours.
//!
//! [`estimate`] finds the angle by projection profiles: for each candidate
//! angle, glyph origins are projected on the axis perpendicular to it and
//! counted in bins a quarter of the median font size high; the angle at which
//! the counts are most concentrated (largest sum of squares) is the skew.
//! [`lines_with_fonts`] rotates the glyphs by minus that angle, when it is
//! clearly better than none ([`MIN_DEGREES`], [`MIN_GAIN`]), then lays them
//! out as usual. A born-digital page (skew 0) is laid out unchanged, and
//! is recognised before any search ([`typeset_level`]): most of its glyphs
//! sit on long runs of exactly equal baselines, which a tilted scan's text
//! layer (placed word by word, or line by line along the tilt) never has.

use crate::layout::{self, Glyph, Line, SpanFonts};

/// Largest skew searched, in degrees either way.
pub const MAX_DEGREES: f32 = 5.0;
/// Skews smaller than this are left alone.
pub const MIN_DEGREES: f32 = 0.1;
/// The profile at the skew must be this much sharper than at 0°.
pub const MIN_GAIN: f32 = 1.15;
/// Fewest glyphs to judge a page's skew.
const MIN_GLYPHS: usize = 20;
/// Most glyphs looked at (a regular sample of a larger page).
const SAMPLE: usize = 20_000;
/// Most histogram bins.
const MAX_BINS: usize = 200_000;
/// A typeset line: at least this many glyphs on one exact baseline …
const LEVEL_RUN_GLYPHS: usize = 10;
/// … spanning at least this many median font sizes.
const LEVEL_RUN_SIZES: f32 = 10.0;
/// Share of a page's glyphs on typeset lines that makes it level.
const LEVEL_SHARE: f32 = 0.6;

/// Lines in reading order (and their font runs), read along the page's
/// skew when it has one.
pub fn lines_with_fonts(glyphs: Vec<Glyph>) -> (Vec<Line>, Vec<Vec<SpanFonts>>) {
    let degrees = estimate(&glyphs);
    if degrees == 0.0 {
        return layout::lines_with_fonts(glyphs);
    }
    layout::lines_with_fonts(deskew(glyphs, degrees))
}

/// The skew of a page in degrees (positive: baselines descend to the right,
/// in top-down page coordinates); 0 when it is small, unclear or the page
/// has too few glyphs.
pub fn estimate(glyphs: &[Glyph]) -> f32 {
    let points = sample(glyphs);
    if points.len() < MIN_GLYPHS {
        return 0.0;
    }
    let size = median_size(glyphs);
    if typeset_level(&points, size) {
        return 0.0;
    }
    let bin = size * 0.25;
    let score = |deg: f32| sharpness(&points, deg, bin);
    let flat = score(0.0);
    let coarse = best(-MAX_DEGREES, MAX_DEGREES, 0.1, &score);
    let fine = best(coarse - 0.1, coarse + 0.1, 0.01, &score);
    if fine.abs() < MIN_DEGREES || score(fine) < flat * MIN_GAIN {
        return 0.0;
    }
    fine
}

/// Whether most of `points` lie on typeset lines: runs of at least
/// [`LEVEL_RUN_GLYPHS`] glyphs with bit-for-bit the same baseline spanning
/// [`LEVEL_RUN_SIZES`] font sizes (`size`). Such a page has no skew to
/// find; the search is skipped.
fn typeset_level(points: &[(f32, f32)], size: f32) -> bool {
    let mut by_y: Vec<(u32, f32)> = points.iter().map(|&(x, y)| (y.to_bits(), x)).collect();
    by_y.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let on_lines: usize = by_y
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| {
            let width = run[run.len() - 1].1 - run[0].1;
            run.len() >= LEVEL_RUN_GLYPHS && width >= LEVEL_RUN_SIZES * size
        })
        .map(<[_]>::len)
        .sum();
    on_lines as f32 >= LEVEL_SHARE * points.len() as f32
}

/// Rotate glyph positions by `-degrees`, so that baselines at that skew
/// become level.
pub fn deskew(glyphs: Vec<Glyph>, degrees: f32) -> Vec<Glyph> {
    let (sin, cos) = degrees.to_radians().sin_cos();
    glyphs
        .into_iter()
        .map(|g| Glyph {
            x: g.x * cos + g.y * sin,
            y: -g.x * sin + g.y * cos,
            end_x: g.end_x * cos + g.y * sin,
            ..g
        })
        .collect()
}

/// Origins of the visible glyphs, at most [`SAMPLE`] of them.
fn sample(glyphs: &[Glyph]) -> Vec<(f32, f32)> {
    let visible: Vec<(f32, f32)> = glyphs
        .iter()
        .filter(|g| !g.text.trim().is_empty() && g.x.is_finite() && g.y.is_finite())
        .map(|g| (g.x, g.y))
        .collect();
    let step = visible.len().div_ceil(SAMPLE).max(1);
    visible.into_iter().step_by(step).collect()
}

fn median_size(glyphs: &[Glyph]) -> f32 {
    let mut sizes: Vec<f32> = glyphs
        .iter()
        .map(|g| g.size)
        .filter(|s| s.is_finite() && *s > 0.0)
        .collect();
    sizes.sort_by(f32::total_cmp);
    sizes.get(sizes.len() / 2).copied().unwrap_or(10.0).max(1.0)
}

/// The angle in `[from, to]` (step `step`) with the highest score.
fn best(from: f32, to: f32, step: f32, score: &impl Fn(f32) -> f32) -> f32 {
    let steps = ((to - from) / step).round() as i32;
    (0..=steps)
        .map(|i| from + i as f32 * step)
        .map(|deg| (deg, score(deg)))
        .fold(
            (0.0, f32::MIN),
            |acc, (d, s)| if s > acc.1 { (d, s) } else { acc },
        )
        .0
}

/// How concentrated the projections `y - x·tan θ` are: the sum of squared
/// bin counts, over two binnings half a bin apart (so that a line on a bin
/// edge is not split).
fn sharpness(points: &[(f32, f32)], degrees: f32, bin: f32) -> f32 {
    let tan = degrees.to_radians().tan();
    let keys: Vec<f32> = points.iter().map(|(x, y)| y - x * tan).collect();
    let min = keys.iter().copied().fold(f32::INFINITY, f32::min);
    let max = keys.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let bins = ((max - min) / bin) as usize + 2;
    if !(min.is_finite() && max.is_finite()) || bins > MAX_BINS {
        return 0.0;
    }
    let mut total = 0.0;
    for offset in [0.0, 0.5] {
        let mut counts = vec![0u32; bins + 1];
        for k in &keys {
            counts[((k - min) / bin + offset) as usize] += 1;
        }
        total += counts.iter().map(|&c| (c as f32) * (c as f32)).sum::<f32>();
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines of words whose baselines descend `degrees` to the right.
    fn page(degrees: f32, rows: &[&str]) -> Vec<Glyph> {
        let tan = degrees.to_radians().tan();
        let mut out = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            let y0 = 100.0 + r as f32 * 14.0;
            for (i, ch) in row.chars().enumerate() {
                let x = 72.0 + i as f32 * 6.0;
                out.push(Glyph {
                    x,
                    y: y0 + x * tan,
                    end_x: x + 6.0,
                    size: 12.0,
                    text: ch.to_string(),
                    font: None,
                });
            }
        }
        out
    }

    const ROWS: [&str; 4] = [
        "Ty le ho ngheo cuoi nam 2025 con 0,69 phan tram so ho dan tren dia ban",
        "Tong so ho ngheo la 133 ho, giam 96 ho so voi dau ky bao cao nam truoc",
        "Nha o cho ho ngheo duoc ho tro xay moi va sua chua 45 can trong giai doan",
        "Ban hanh kem theo quyet dinh nay danh sach cac ho duoc cong nhan thoat ngheo",
    ];

    #[test]
    fn level_text_has_no_skew_and_is_unchanged() {
        let g = page(0.0, &ROWS);
        assert_eq!(estimate(&g), 0.0);
        assert_eq!(lines_with_fonts(g.clone()).0, layout::lines(g));
    }

    #[test]
    fn finds_the_tilt_either_way() {
        for deg in [0.3f32, 0.8, 1.2, -0.6, -2.5] {
            let got = estimate(&page(deg, &ROWS));
            assert!((got - deg).abs() <= 0.1, "tilt {deg}: estimated {got}");
        }
    }

    #[test]
    fn tilted_lines_are_read_whole_and_in_order() {
        let g = page(1.2, &ROWS);
        let plain: Vec<String> = layout::lines(g.clone()).iter().map(Line::text).collect();
        assert!(
            plain.len() > ROWS.len(),
            "layout alone cuts the tilted lines: {plain:?}"
        );
        let read: Vec<String> = lines_with_fonts(g).0.iter().map(Line::text).collect();
        assert_eq!(read, ROWS);
    }

    #[test]
    fn typeset_lines_are_level_and_word_by_word_tilts_are_not() {
        let level = sample(&page(0.0, &ROWS));
        assert!(typeset_level(&level, 12.0));
        // A scan's text layer placed word by word: each word level, the
        // words of a line stepping down along the tilt.
        let mut words = page(0.0, &ROWS);
        for g in &mut words {
            g.y += (g.x / 40.0).floor() * 0.8;
        }
        assert!(!typeset_level(&sample(&words), 12.0));
        assert!(!typeset_level(&sample(&page(0.8, &ROWS)), 12.0));
    }

    #[test]
    fn few_glyphs_are_not_judged() {
        let g = page(1.0, &["short"]);
        assert_eq!(estimate(&g), 0.0);
    }
}
