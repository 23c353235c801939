//! How sure the recognition was of a stretch of text: the mean confidence
//! of the words of an OCR'd page that a snippet (a figure's source text)
//! was read from.
//!
//! A snippet is normalised text, joined across lines, so it is found among
//! the page's words by alignment, not by offsets: the window of the page's
//! words (in reading order) that agrees with the snippet's words at the
//! most positions, words compared folded (marks, case and punctuation
//! ignored — a corrected or re-toned word still lines up). When no word
//! agrees, the page's mean confidence stands for the snippet's.

use baocao_viet::fold::fold;

use super::OcrPage;

/// Mean confidence (0–100) of the words of `page` that `snippet` was read from.
pub fn of_snippet(page: &OcrPage, snippet: &str) -> f32 {
    let words: Vec<(String, f32)> = page
        .all_words()
        .map(|w| (key(&w.text), w.confidence))
        .filter(|(k, _)| !k.is_empty())
        .collect();
    let wanted: Vec<String> = snippet
        .split_whitespace()
        .map(key)
        .filter(|k| !k.is_empty())
        .collect();
    match best_window(&words, &wanted) {
        Some(range) => {
            let window = &words[range];
            window.iter().map(|(_, c)| c).sum::<f32>() / window.len() as f32
        }
        None => page.mean_confidence,
    }
}

/// The start..end of the window of `words` agreeing with `wanted` at the
/// most positions (at least one).
fn best_window(words: &[(String, f32)], wanted: &[String]) -> Option<std::ops::Range<usize>> {
    let mut best: Option<(usize, usize)> = None;
    for start in 0..words.len() {
        let end = (start + wanted.len()).min(words.len());
        let score = words[start..end]
            .iter()
            .zip(wanted)
            .filter(|((w, _), k)| w == *k)
            .count();
        if score > best.map_or(0, |(_, s)| s) {
            best = Some((start, score));
        }
    }
    best.map(|(start, _)| start..(start + wanted.len()).min(words.len()))
}

/// A word as compared: folded, letters and digits only.
fn key(word: &str) -> String {
    fold(word).chars().filter(|c| c.is_alphanumeric()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::{lines, OcrWord};

    fn page(words: &[(&str, f32)]) -> OcrPage {
        let words: Vec<OcrWord> = words
            .iter()
            .enumerate()
            .map(|(i, (text, confidence))| OcrWord {
                text: text.to_string(),
                confidence: *confidence,
                x0: 40.0 * (i % 5) as f32,
                y0: 20.0 * (i / 5) as f32,
                x1: 40.0 * (i % 5) as f32 + 30.0,
                y1: 20.0 * (i / 5) as f32 + 12.0,
                block: 1,
                par: 1,
                line: 1 + (i / 5) as u32,
            })
            .collect();
        let (lines, words) = lines::build(words);
        OcrPage {
            number: 1,
            lines,
            words,
            mean_confidence: 50.0,
            seconds: 0.0,
        }
    }

    #[test]
    fn the_snippet_words_give_the_confidence() {
        let p = page(&[
            ("Toàn", 95.0),
            ("phường", 95.0),
            ("còn", 90.0),
            ("96", 60.0),
            ("hộ", 70.0),
            ("nghẻo,", 40.0),
            ("chiếm", 95.0),
            ("1,14%.", 95.0),
        ]);
        let c = of_snippet(&p, "còn 96 hộ nghèo");
        assert!((c - 65.0).abs() < 1e-4, "{c}");
        // Across a line break, with the snippet's own tone style.
        let c = of_snippet(&p, "Toàn phường còn 96 hộ nghèo, chiếm");
        assert!(c > 70.0 && c < 95.0, "{c}");
    }

    #[test]
    fn nothing_in_common_gives_the_page_mean() {
        let p = page(&[("UBND", 90.0), ("PHƯỜNG", 80.0)]);
        assert_eq!(of_snippet(&p, "Bằng khen 13 cá nhân"), 50.0);
        assert_eq!(of_snippet(&p, ""), 50.0);
        assert_eq!(of_snippet(&page(&[]), "anything"), 50.0);
    }
}
