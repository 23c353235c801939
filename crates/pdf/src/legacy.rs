//! The legacy-encoding stage: TCVN3/VNI runs decoded to Unicode, per run.
//!
//! Detection is per text run, never per document: real files mix legacy runs
//! with Unicode ones. A run is a stretch of a span (see [`crate::layout`])
//! set in fonts of one coding:
//!
//! * **font evidence first**: a run whose font is named like `.VnTime` is
//!   decoded as TCVN3, `.VnTimeH` as TCVN3 then upper-cased, `VNI-Times` as
//!   VNI — unless the run is already Unicode (it holds Vietnamese letters
//!   beyond Latin-1, which no legacy byte gives) or reads clearly better as it
//!   is than decoded (by [`MARGIN`](baocao_viet::legacy::MARGIN));
//! * **content otherwise**: runs in other fonts, or whose font is unknown
//!   (the font walk disagreed with the extractor), are decoded only when
//!   `baocao_viet::legacy::detect` finds a legacy encoding in them; adjacent
//!   such runs are judged together, so a short run has its neighbours' context.

use std::fmt;

use baocao_viet::legacy::{self, LegacyEncoding};

use crate::{FontCoding, FontRun, PageFonts, PageText};

/// A document's (or a page's) encoding, documents.csv `encoding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// No text was read.
    #[default]
    None,
    Unicode,
    Tcvn3,
    Vni,
    /// Both TCVN3 and VNI runs, or pages read by OCR beside pages of a
    /// text layer.
    Mixed,
    /// Every page with text was read by OCR.
    Ocr,
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::None => "none",
            Encoding::Unicode => "unicode",
            Encoding::Tcvn3 => "tcvn3",
            Encoding::Vni => "vni",
            Encoding::Mixed => "mixed",
            Encoding::Ocr => "ocr",
        }
    }

    /// The encoding of text with this many converted runs of each kind.
    fn of(tcvn3: usize, vni: usize) -> Encoding {
        match (tcvn3 > 0, vni > 0) {
            (false, false) => Encoding::Unicode,
            (true, false) => Encoding::Tcvn3,
            (false, true) => Encoding::Vni,
            (true, true) => Encoding::Mixed,
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a run's encoding was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Evidence {
    /// The font's name.
    Font,
    /// The text itself.
    Content,
}

/// One converted run.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Conversion {
    pub page: u32,
    pub encoding: LegacyEncoding,
    pub evidence: Evidence,
    pub before: String,
    pub after: String,
}

/// What the stage found and converted.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    pub tcvn3_runs: usize,
    pub vni_runs: usize,
    /// The converted runs, in reading order (at most [`MAX_EXAMPLES`]).
    pub conversions: Vec<Conversion>,
}

impl Summary {
    /// documents.csv `encoding` for a document with some text.
    pub fn encoding(&self) -> Encoding {
        Encoding::of(self.tcvn3_runs, self.vni_runs)
    }

    /// The encoding of one page.
    pub fn page_encoding(&self, page: u32) -> Encoding {
        let count = |e| {
            self.conversions
                .iter()
                .filter(|c| c.page == page && c.encoding == e)
                .count()
        };
        Encoding::of(count(LegacyEncoding::Tcvn3), count(LegacyEncoding::Vni))
    }

    pub fn converted(&self) -> usize {
        self.tcvn3_runs + self.vni_runs
    }

    fn record(&mut self, c: Conversion) {
        match c.encoding {
            LegacyEncoding::Tcvn3 => self.tcvn3_runs += 1,
            LegacyEncoding::Vni => self.vni_runs += 1,
        }
        if self.conversions.len() < MAX_EXAMPLES {
            self.conversions.push(c);
        }
    }
}

/// Most conversions kept for `baocao text --explain`.
pub const MAX_EXAMPLES: usize = 5000;

/// Decode every legacy run of `pages` in place; `fonts` are the font runs
/// of the extraction (parallel to the pages' spans; missing or mismatched
/// entries fall back to content detection).
pub fn decode_pages(pages: &mut [PageText], fonts: &[PageFonts]) -> Summary {
    let mut summary = Summary::default();
    for (i, page) in pages.iter_mut().enumerate() {
        let page_fonts = fonts.get(i);
        for (j, line) in page.lines.iter_mut().enumerate() {
            for (k, span) in line.spans.iter_mut().enumerate() {
                let runs = page_fonts
                    .and_then(|p| p.get(j))
                    .and_then(|l| l.get(k))
                    .filter(|r| runs_fit(r, &span.text));
                span.text = decode_span(
                    &span.text,
                    runs.map(Vec::as_slice),
                    page.number,
                    &mut summary,
                );
            }
        }
    }
    summary
}

/// Whether `runs` describe `text`: they start at 0, increase, and fall on
/// character boundaries.
fn runs_fit(runs: &[FontRun], text: &str) -> bool {
    runs.first().is_some_and(|r| r.start == 0)
        && runs.windows(2).all(|w| w[0].start < w[1].start)
        && runs.iter().all(|r| text.is_char_boundary(r.start))
}

/// A stretch of a span to judge as one: by font, or by content.
#[derive(Debug, PartialEq)]
enum Piece<'a> {
    Font(FontCoding, &'a str),
    Content(&'a str),
}

/// Split `text` into pieces: legacy-font runs alone, everything else merged.
fn pieces<'a>(text: &'a str, runs: Option<&[FontRun]>) -> Vec<Piece<'a>> {
    let Some(runs) = runs else {
        return vec![Piece::Content(text)];
    };
    let mut out: Vec<Piece<'a>> = Vec::new();
    let mut content_start: Option<usize> = None;
    for (i, run) in runs.iter().enumerate() {
        let end = runs.get(i + 1).map_or(text.len(), |r| r.start);
        match run.font.filter(|f| f.legacy().is_some()) {
            Some(font) => {
                if let Some(s) = content_start.take() {
                    out.push(Piece::Content(&text[s..run.start]));
                }
                out.push(Piece::Font(font, &text[run.start..end]));
            }
            None => {
                content_start.get_or_insert(run.start);
            }
        }
    }
    if let Some(s) = content_start {
        out.push(Piece::Content(&text[s..]));
    }
    out
}

/// The decoded text of one span.
fn decode_span(text: &str, runs: Option<&[FontRun]>, page: u32, summary: &mut Summary) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in pieces(text, runs) {
        let (source, decision) = match piece {
            Piece::Font(font, s) => (s, by_font(font, s)),
            Piece::Content(s) => (s, by_content(s)),
        };
        match decision {
            Some((encoding, evidence, decoded)) if decoded != source => {
                summary.record(Conversion {
                    page,
                    encoding,
                    evidence,
                    before: source.trim().to_string(),
                    after: decoded.trim().to_string(),
                });
                out.push_str(&decoded);
            }
            _ => out.push_str(source),
        }
    }
    out
}

type Decision = Option<(LegacyEncoding, Evidence, String)>;

/// Decode a run set in a legacy font, unless it is already Unicode.
fn by_font(font: FontCoding, run: &str) -> Decision {
    let encoding = font.legacy()?;
    if run.chars().any(beyond_legacy) {
        return None;
    }
    let decoded = match font {
        FontCoding::Tcvn3Caps => legacy::decode_tcvn3_caps(run),
        _ => encoding.decode(run),
    };
    let d = legacy::detect(run);
    let as_is = d.score_as_is;
    let after = legacy::detect(&decoded).score_as_is;
    if as_is - after >= legacy::MARGIN && as_is >= legacy::MIN_SCORE {
        return None;
    }
    Some((encoding, Evidence::Font, decoded))
}

/// Whether `c` cannot come from a legacy 8-bit font read through cp1252:
/// a letter beyond Latin-1 that Vietnamese Unicode text has (`ư`, `ạ`, `Đ`).
fn beyond_legacy(c: char) -> bool {
    matches!(c, '\u{0100}'..='\u{024F}' | '\u{0300}'..='\u{036F}' | '\u{1E00}'..='\u{1EFF}')
        && !matches!(c, 'Œ' | 'œ' | 'Š' | 'š' | 'Ÿ' | 'Ž' | 'ž' | 'ƒ')
}

/// Decode a run in a font of unknown or non-legacy coding when its content
/// says so; a run holding a letter no legacy font read through cp1252
/// gives ([`beyond_legacy`]) is Unicode already.
fn by_content(run: &str) -> Decision {
    if run.chars().any(beyond_legacy) {
        return None;
    }
    let encoding = legacy::detect(run).encoding?;
    Some((encoding, Evidence::Content, encoding.decode(run)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(start: usize, font: Option<FontCoding>) -> FontRun {
        FontRun { start, font }
    }

    fn decode(text: &str, runs: Option<&[FontRun]>) -> (String, Summary) {
        let mut s = Summary::default();
        (decode_span(text, runs, 1, &mut s), s)
    }

    #[test]
    fn font_evidence_decodes_short_runs_content_cannot() {
        let runs = [run(0, Some(FontCoding::Tcvn3))];
        assert_eq!(decode("Sè :", Some(&runs)).0, "Số :");
        assert_eq!(decode("Vô PC", Some(&runs)).0, "Vụ PC");
        assert_eq!(decode("L\u{2212}u:", Some(&runs)).0, "Lưu:");
        // Without font evidence, "Sè" is a fine Unicode syllable: left alone.
        assert_eq!(decode("Sè :", None).0, "Sè :");
    }

    #[test]
    fn caps_fonts_are_upper_cased() {
        let runs = [run(0, Some(FontCoding::Tcvn3Caps))];
        let (out, s) = decode("th«ng t\u{2212}", Some(&runs));
        assert_eq!(out, "THÔNG TƯ");
        assert_eq!(s.tcvn3_runs, 1);
        assert_eq!(s.conversions[0].evidence, Evidence::Font);
    }

    #[test]
    fn content_with_a_unicode_only_letter_is_not_judged_legacy() {
        // "Hµ Néi" is TCVN3 for "Hà Nội"; with a letter no cp1252 reading
        // of a legacy font gives ("ư"), the run is Unicode already.
        assert_eq!(decode("Thµnh phè Hµ Néi", None).0, "Thành phố Hà Nội");
        let mixed = "Thµnh phè Hµ Néi – trường";
        assert_eq!(decode(mixed, None).0, mixed);
    }

    #[test]
    fn unicode_in_a_legacy_font_is_left_alone() {
        let runs = [run(0, Some(FontCoding::Tcvn3))];
        for text in ["Báo cáo tổng kết", "Cộng hòa xã hội chủ nghĩa Việt Nam"] {
            let (out, s) = decode(text, Some(&runs));
            assert_eq!(out, text);
            assert_eq!(s.converted(), 0);
        }
    }

    #[test]
    fn mixed_fonts_in_one_span() {
        let text = "ViÖt Nam 2006 Report";
        let runs = [
            run(0, Some(FontCoding::Tcvn3)),
            run("ViÖt Nam ".len(), Some(FontCoding::Other)),
        ];
        let (out, s) = decode(text, Some(&runs));
        assert_eq!(out, "Việt Nam 2006 Report");
        assert_eq!(s.tcvn3_runs, 1);
    }

    #[test]
    fn content_detection_without_fonts() {
        let (out, s) = decode("B¸o c¸o tæng kÕt", None);
        assert_eq!(out, "Báo cáo tổng kết");
        assert_eq!(s.conversions[0].evidence, Evidence::Content);
        let (out, _) = decode(
            "Baùo caùo toång keát",
            Some(&[run(0, Some(FontCoding::Other))]),
        );
        assert_eq!(out, "Báo cáo tổng kết");
        assert_eq!(decode("Báo cáo", None).0, "Báo cáo");
    }

    #[test]
    fn mismatched_runs_are_ignored() {
        assert!(!runs_fit(&[run(1, None)], "abc"));
        assert!(!runs_fit(&[run(0, None), run(0, None)], "abc"));
        assert!(!runs_fit(&[run(0, None), run(2, None)], "Ốc"));
        assert!(runs_fit(&[run(0, None), run(3, None)], "Ốc"));
    }
}
