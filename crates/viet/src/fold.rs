//! The folded view of a text: lower case, no diacritics, `đ` → `d`.
//!
//! Rules search the folded view so that `"Phuong Hoa Chau"`, `"PHƯỜNG HÓA
//! CHÂU"` and `"phường hoá châu"` all match `"phuong hoa chau"`. To show what
//! matched, [`Folded`] keeps, for every byte of the folded text, the byte range
//! of the source character it came from; [`Folded::source_range`] turns a
//! match in the folded text into a range of the source that lies on character
//! boundaries.
//!
//! Each source character is decomposed (NFD), its combining marks dropped, and
//! the rest lower-cased; `đ Đ ð Ð` become `d`. A source character that folds
//! to nothing (a lone combining mark) is attached to the character before it.

use std::ops::Range;

use unicode_normalization::char::decompose_canonical;

use crate::words::is_combining_mark;

/// A folded text with a byte map back to its source.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// For each byte of `text`: start and end byte of its source character.
    map: Vec<(u32, u32)>,
    /// Length of the source, for empty ranges at the end.
    source_len: u32,
}

impl Folded {
    /// Fold `src`, keeping the map.
    pub fn new(src: &str) -> Folded {
        let mut folded = Folded {
            text: String::with_capacity(src.len()),
            map: Vec::with_capacity(src.len()),
            source_len: offset(src.len()),
        };
        for (start, c) in src.char_indices() {
            let span = (offset(start), offset(start + c.len_utf8()));
            let before = folded.text.len();
            fold_char(c, |f| folded.text.push(f));
            if folded.text.len() > before {
                folded.map.resize(folded.text.len(), span);
            } else {
                folded.extend_last(span.1);
            }
        }
        folded
    }

    /// Let the last folded character also cover source bytes up to `end`.
    fn extend_last(&mut self, end: u32) {
        let Some(&(last_start, _)) = self.map.last() else {
            return;
        };
        for entry in self.map.iter_mut().rev().take_while(|e| e.0 == last_start) {
            entry.1 = end;
        }
    }

    /// The source byte range that the folded byte range `folded` came from.
    ///
    /// The result always lies within the source and on character boundaries;
    /// a range that is out of bounds is clamped to the folded text.
    pub fn source_range(&self, folded: Range<usize>) -> Range<usize> {
        let end = folded.end.min(self.map.len());
        let start = folded.start.min(end);
        if start == end {
            let at = self.map.get(start).map_or(self.source_len, |e| e.0);
            return at as usize..at as usize;
        }
        self.map[start].0 as usize..self.map[end - 1].1 as usize
    }
}

/// Fold `s` (no map kept).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, |f| out.push(f));
    }
    out
}

/// Feed the folded form of `c` (zero or more characters) to `sink`.
pub(crate) fn fold_char(c: char, mut sink: impl FnMut(char)) {
    if c.is_ascii() {
        sink(c.to_ascii_lowercase());
        return;
    }
    decompose_canonical(c, |d| {
        if is_combining_mark(d) {
            return;
        }
        if matches!(d, 'đ' | 'Đ' | 'ð' | 'Ð') {
            sink('d');
            return;
        }
        for l in d.to_lowercase().filter(|&l| !is_combining_mark(l)) {
            sink(l);
        }
    });
}

/// A byte offset as stored in the map (texts over 4 GiB are not supported).
fn offset(i: usize) -> u32 {
    u32::try_from(i).expect("text larger than 4 GiB")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_vietnamese() {
        assert_eq!(fold("PHƯỜNG Hóa Châu, Đà Nẵng"), "phuong hoa chau, da nang");
        assert_eq!(fold("Ðảm bảo"), "dam bao");
        assert_eq!(fold("İ"), "i");
    }

    #[test]
    fn maps_back_to_source() {
        let src = "Phường Hóa Châu";
        let f = Folded::new(src);
        let at = f.text.find("hoa chau").unwrap();
        let r = f.source_range(at..at + "hoa chau".len());
        assert_eq!(&src[r], "Hóa Châu");
        let r = f.source_range(0..1);
        assert_eq!(&src[r], "P");
    }

    #[test]
    fn combining_marks_join_their_letter() {
        let src = "hoa\u{300} x";
        let f = Folded::new(src);
        assert_eq!(f.text, "hoa x");
        assert_eq!(&src[f.source_range(2..3)], "a\u{300}");
    }

    #[test]
    fn empty_and_clamped_ranges() {
        let src = "Đà";
        let f = Folded::new(src);
        assert_eq!(f.source_range(1..1), 2..2);
        assert_eq!(f.source_range(2..2), 4..4);
        assert_eq!(f.source_range(0..99), 0..4);
        assert_eq!(Folded::new("").source_range(0..0), 0..0);
        assert_eq!(Folded::new("\u{301}").text, "");
    }

    proptest! {
        #[test]
        fn whole_range_is_within_source(src in "\\PC*") {
            let f = Folded::new(&src);
            let r = f.source_range(0..f.text.len());
            prop_assert!(r.start <= r.end && r.end <= src.len());
            prop_assert!(src.is_char_boundary(r.start) && src.is_char_boundary(r.end));
            prop_assert_eq!(fold(&src), f.text.clone());
        }

        #[test]
        fn any_range_is_on_boundaries(src in "[a-zA-Zà-ỹĐđ \u{300}-\u{323}]{0,20}", a in 0usize..40, b in 0usize..40) {
            let f = Folded::new(&src);
            let (a, b) = (a.min(b), a.max(b));
            let r = f.source_range(a..b);
            prop_assert!(r.start <= r.end && r.end <= src.len());
            prop_assert!(src.is_char_boundary(r.start) && src.is_char_boundary(r.end));
        }
    }
}
