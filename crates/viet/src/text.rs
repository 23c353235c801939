//! A report's normalised text as the rules see it: one string of paragraphs,
//! its folded twin for matching, and maps back to pages and original text.
//!
//! Paragraphs are separated by `\n`; a paragraph that runs across a page break
//! is one paragraph with a page mark inside it, so a figure's sentence broken
//! by a page break still matches and is still traced to the page it starts on.

use std::ops::Range;

use crate::fold::Folded;

/// Normalised text of one report. Kept (serialised) without its folded
/// twin, which is made again when it is read back.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(into = "Kept", from = "Kept")]
pub struct DocText {
    text: String,
    folded: Folded,
    /// (byte offset in `text`, page) at every page change, ascending.
    page_marks: Vec<(usize, u32)>,
    /// Byte ranges of paragraphs in `text`.
    paragraphs: Vec<Range<usize>>,
}

/// Runs of spaces inside a paragraph made one: a gap left by a line break
/// or a layout ("2.905 lao  động", "Vinh  Thanh") is one space between
/// words.
fn one_space(text: String) -> String {
    if !text.contains("  ") {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !(c == ' ' && out.ends_with(' ')) {
            out.push(c);
        }
    }
    out
}

/// A [`DocText`] as kept: the text and where its pages and paragraphs are.
#[derive(serde::Serialize, serde::Deserialize)]
struct Kept {
    text: String,
    page_marks: Vec<(usize, u32)>,
    paragraphs: Vec<Range<usize>>,
}

impl From<DocText> for Kept {
    fn from(d: DocText) -> Kept {
        Kept {
            text: d.text,
            page_marks: d.page_marks,
            paragraphs: d.paragraphs,
        }
    }
}

impl From<Kept> for DocText {
    fn from(k: Kept) -> DocText {
        DocTextBuilder {
            text: k.text,
            page_marks: k.page_marks,
            paragraphs: k.paragraphs,
        }
        .finish()
    }
}

/// Builds a [`DocText`] paragraph by paragraph; every piece is normalised here.
#[derive(Debug, Default)]
pub struct DocTextBuilder {
    text: String,
    page_marks: Vec<(usize, u32)>,
    paragraphs: Vec<Range<usize>>,
}

impl DocTextBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Start a new paragraph on `page`.
    pub fn paragraph(&mut self, page: u32, text: &str) {
        let text = one_space(crate::normalize::normalize(text.trim()));
        if text.is_empty() {
            return;
        }
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        let start = self.text.len();
        self.mark(start, page);
        self.text.push_str(&text);
        self.paragraphs.push(start..self.text.len());
    }

    /// Continue the current paragraph (a sentence running on from the line or
    /// page before), on `page`.
    pub fn continue_paragraph(&mut self, page: u32, text: &str) {
        if self.paragraphs.is_empty() {
            return self.paragraph(page, text);
        }
        let text = one_space(crate::normalize::normalize(text.trim()));
        if text.is_empty() {
            return;
        }
        self.text.push(' ');
        let start = self.text.len();
        self.mark(start, page);
        self.text.push_str(&text);
        if let Some(last) = self.paragraphs.last_mut() {
            last.end = self.text.len();
        }
    }

    fn mark(&mut self, at: usize, page: u32) {
        if self.page_marks.last().is_none_or(|&(_, p)| p != page) {
            self.page_marks.push((at, page));
        }
    }

    pub fn finish(self) -> DocText {
        let folded = Folded::new(&self.text);
        DocText {
            text: self.text,
            folded,
            page_marks: self.page_marks,
            paragraphs: self.paragraphs,
        }
    }
}

impl DocText {
    /// Convenience for tests and plain text: each line of each page is a paragraph.
    pub fn from_pages(pages: &[(u32, String)]) -> DocText {
        let mut b = DocTextBuilder::new();
        for (page, text) in pages {
            for line in text.lines() {
                b.paragraph(*page, line);
            }
        }
        b.finish()
    }

    /// A plain text file as a report: pages separated by form feeds; a line
    /// continues the paragraph above it when that one ends without
    /// punctuation and the line starts in lower case or with a digit, and is
    /// no list item (the way a sentence wraps); other lines start
    /// paragraphs.
    pub fn from_text(text: &str) -> DocText {
        let mut b = DocTextBuilder::new();
        let mut last = String::new();
        for (i, page) in text.split('\u{c}').enumerate() {
            let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
            for line in page.lines().map(str::trim).filter(|l| !l.is_empty()) {
                if wraps(&last, line) {
                    b.continue_paragraph(number, line);
                } else {
                    b.paragraph(number, line);
                }
                last = line.to_string();
            }
        }
        b.finish()
    }

    /// The normalised text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The folded text (lower case, no diacritics) that patterns match.
    pub fn folded(&self) -> &str {
        &self.folded.text
    }

    /// Range of the normalised text that a range of the folded text came from.
    pub fn source_range(&self, folded: Range<usize>) -> Range<usize> {
        self.folded.source_range(folded)
    }

    /// The normalised text a range of the folded text came from.
    pub fn source_text(&self, folded: Range<usize>) -> &str {
        &self.text[self.source_range(folded)]
    }

    /// Page on which byte `offset` of the normalised text lies.
    pub fn page_at(&self, offset: usize) -> u32 {
        match self.page_marks.binary_search_by(|&(at, _)| at.cmp(&offset)) {
            Ok(i) => self.page_marks[i].1,
            Err(0) => self.page_marks.first().map_or(1, |m| m.1),
            Err(i) => self.page_marks[i - 1].1,
        }
    }

    /// This text with the given ranges of its folded text blanked (spaces,
    /// line breaks kept), every offset unchanged: what a reader that must
    /// skip those ranges searches.
    pub fn with_blanked(&self, folded: &[Range<usize>]) -> DocText {
        let mut out = self.clone();
        let text = &self.folded.text;
        let mut bytes = text.clone().into_bytes();
        for r in folded {
            let start = floor_char_boundary(text, r.start);
            let end = ceil_char_boundary(text, r.end);
            for b in &mut bytes[start..end] {
                if *b != b'\n' {
                    *b = b' ';
                }
            }
        }
        out.folded.text = String::from_utf8(bytes).unwrap_or_else(|_| text.clone());
        out
    }

    /// Paragraph ranges of the normalised text.
    pub fn paragraphs(&self) -> &[Range<usize>] {
        &self.paragraphs
    }

    /// Number of the last page that has text.
    pub fn last_page(&self) -> u32 {
        self.page_marks.last().map_or(0, |m| m.1)
    }

    /// A snippet of the normalised text for a folded range: white space
    /// folded, at most `max` characters. A longer text is cut after its
    /// last whole word that fits (a word longer than the whole snippet is
    /// cut inside) and ends in "…".
    pub fn snippet(&self, folded: Range<usize>, max: usize) -> String {
        let words: Vec<&str> = self.source_text(folded).split_whitespace().collect();
        let whole = words.join(" ");
        if whole.chars().count() <= max {
            return whole;
        }
        let room = max.saturating_sub(1);
        let mut out = String::new();
        for w in &words {
            let sep = usize::from(!out.is_empty());
            if out.chars().count() + sep + w.chars().count() > room {
                break;
            }
            if sep == 1 {
                out.push(' ');
            }
            out.push_str(w);
        }
        if out.is_empty() {
            out = whole.chars().take(room).collect();
        }
        out.push('…');
        out
    }
}

/// Whether `line` continues the sentence `prev` ends with.
fn wraps(prev: &str, line: &str) -> bool {
    let open = !prev.is_empty() && !prev.ends_with(['.', ':', ';', '!', '?']);
    let mut chars = line.chars();
    let first = chars.next();
    let second = chars.next();
    let starts = first.is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
    let item = matches!(first, Some('-' | '+' | '•' | '*')) && second == Some(' ')
        || line.split_once(['.', ')']).is_some_and(|(n, _)| {
            !n.is_empty()
                && n.len() <= 3
                && n.chars()
                    .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase())
                && line[n.len() + 1..].starts_with(' ')
        });
    open && starts && !item
}

/// The smallest char boundary of `s` at or after byte `i` (`s.len()` when
/// `i` is beyond it).
pub fn ceil_char_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The largest char boundary of `s` at or before byte `i` (`s.len()` when
/// `i` is beyond it).
pub fn floor_char_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// tests/fixtures/heldout4 p111: "2.905 lao  động" is "lao động".
    #[test]
    fn runs_of_spaces_are_one_space() {
        let mut b = DocTextBuilder::new();
        b.paragraph(1, "giải quyết việc làm cho 2.905 lao  động,");
        b.continue_paragraph(1, "xã Vinh   Thanh 8 hộ");
        assert_eq!(
            b.finish().text(),
            "giải quyết việc làm cho 2.905 lao động, xã Vinh Thanh 8 hộ"
        );
    }

    #[test]
    fn pages_are_traced_inside_a_paragraph() {
        let mut b = DocTextBuilder::new();
        b.paragraph(1, "Trong 05 năm qua, đã xây dựng, sửa chữa nhà ở cho");
        b.continue_paragraph(2, "106 hộ nghèo.");
        b.paragraph(2, "Tiếp theo.");
        let d = b.finish();
        assert_eq!(d.paragraphs().len(), 2);
        let at = d.text().find("106").unwrap();
        assert_eq!(d.page_at(at), 2);
        assert_eq!(d.page_at(0), 1);
        assert!(d.text().contains("cho 106"));
    }

    #[test]
    fn folded_maps_back() {
        let d = DocText::from_pages(&[(1, "Uỷ ban nhân dân phường Kim Trà".into())]);
        let i = d.folded().find("kim tra").unwrap();
        assert_eq!(d.source_text(i..i + 7), "Kim Trà");
        assert!(
            d.text().starts_with("Ủy ban"),
            "canonical tone placement: {}",
            d.text()
        );
    }

    #[test]
    fn char_boundaries_round_down() {
        let s = "Hòa";
        assert_eq!(floor_char_boundary(s, 2), 1);
        assert_eq!(floor_char_boundary(s, 3), 3);
        assert_eq!(floor_char_boundary(s, 99), s.len());
        assert_eq!(floor_char_boundary("", 5), 0);
    }

    #[test]
    fn snippet_is_bounded() {
        let d = DocText::from_pages(&[(1, "a ".repeat(300))]);
        let s = d.snippet(0..d.folded().len(), 200);
        assert_eq!(s.chars().count(), 200);
    }

    #[test]
    fn blanked_ranges_keep_every_offset() {
        let d = DocText::from_pages(&[(1, "Số hộ nghèo: 96 hộ\n1 | Phú An | 21\nHết.".into())]);
        let row = d.folded().find("1 | phu").unwrap()..d.folded().find("\nhet").unwrap();
        let b = d.with_blanked(std::slice::from_ref(&row));
        assert_eq!(b.folded().len(), d.folded().len());
        assert!(!b.folded().contains("21"));
        assert!(b.folded().contains("96 ho\n"));
        assert_eq!(b.text(), d.text());
        assert_eq!(b.folded().find("het"), d.folded().find("het"));
    }

    #[test]
    fn a_text_file_wraps_sentences_and_keeps_items_apart() {
        let d = DocText::from_text(
            "1. Kết quả\nTrong 05 năm qua, phường đã hỗ trợ\nnhà ở cho 106 hộ nghèo.\n- Xây mới\n40 nhà;\n\u{c}Trang sau\n2. Tiếp",
        );
        let paras: Vec<&str> = d
            .paragraphs()
            .iter()
            .map(|r| &d.text()[r.clone()])
            .collect();
        assert_eq!(
            paras,
            [
                "1. Kết quả",
                "Trong 05 năm qua, phường đã hỗ trợ nhà ở cho 106 hộ nghèo.",
                "- Xây mới 40 nhà;",
                "Trang sau",
                "2. Tiếp"
            ]
        );
        assert_eq!(d.page_at(d.text().find("Trang").unwrap()), 2);
    }

    #[test]
    fn snippets_are_cut_between_words() {
        let d = DocText::from_pages(&[(1, "Hương Chữ 780 triệu đồng, Hương Xuân".into())]);
        let all = 0..d.folded().len();
        assert_eq!(
            d.snippet(all.clone(), 100),
            "Hương Chữ 780 triệu đồng, Hương Xuân"
        );
        assert_eq!(d.snippet(all.clone(), 20), "Hương Chữ 780 triệu…");
        assert_eq!(d.snippet(all.clone(), 19), "Hương Chữ 780…");
        let d = DocText::from_pages(&[(1, "Thừa-Thiên-Huế-Đà-Nẵng".into())]);
        assert_eq!(d.snippet(0..d.folded().len(), 6), "Thừa-…");
    }
}
