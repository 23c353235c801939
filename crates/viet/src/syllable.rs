//! The structure of one Vietnamese syllable: onset + vowel nucleus + coda, plus
//! its tone.
//!
//! Everything here works on the canonical decomposition (NFD) of a word: a
//! Vietnamese letter is an ASCII base letter (or `đ`) followed by at most one
//! *shape* mark (breve `ă`, circumflex `â ê ô`, horn `ơ ư`) and at most one
//! *tone* mark (grave, acute, hook above, tilde, dot below). A word is split
//! into [`Letters`] without allocating (a Vietnamese syllable has at most seven
//! letters, `nghiêng`), then [`split`] finds onset, nucleus and coda.
//!
//! The module is shared by tone placement, legacy-encoding detection and the
//! text-quality checks; [`is_syllable`] is its public face.

use unicode_normalization::char::decompose_canonical;

/// Longest word (in letters) we try to read as a syllable.
pub(crate) const MAX_LETTERS: usize = 8;

/// The five written tones (the sixth, *ngang*, has no mark).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tone {
    Grave,
    Acute,
    Hook,
    Tilde,
    Dot,
}

impl Tone {
    /// The tone of a combining mark, if it is one.
    pub(crate) fn from_mark(c: char) -> Option<Tone> {
        match c {
            '\u{0300}' => Some(Tone::Grave),
            '\u{0301}' => Some(Tone::Acute),
            '\u{0309}' => Some(Tone::Hook),
            '\u{0303}' => Some(Tone::Tilde),
            '\u{0323}' => Some(Tone::Dot),
            _ => None,
        }
    }

    /// The combining mark that writes this tone.
    pub(crate) fn mark(self) -> char {
        match self {
            Tone::Grave => '\u{0300}',
            Tone::Acute => '\u{0301}',
            Tone::Hook => '\u{0309}',
            Tone::Tilde => '\u{0303}',
            Tone::Dot => '\u{0323}',
        }
    }
}

/// The vowel-shape marks of Vietnamese.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// `ă`
    Breve,
    /// `â ê ô`
    Circumflex,
    /// `ơ ư`
    Horn,
}

impl Shape {
    fn from_mark(c: char) -> Option<Shape> {
        match c {
            '\u{0306}' => Some(Shape::Breve),
            '\u{0302}' => Some(Shape::Circumflex),
            '\u{031B}' => Some(Shape::Horn),
            _ => None,
        }
    }

    /// The combining mark that writes this shape.
    pub(crate) fn mark(self) -> char {
        match self {
            Shape::Breve => '\u{0306}',
            Shape::Circumflex => '\u{0302}',
            Shape::Horn => '\u{031B}',
        }
    }

    /// Whether the shape exists on the lower-case base vowel `base`.
    fn fits(self, base: char) -> bool {
        match self {
            Shape::Breve => base == 'a',
            Shape::Circumflex => matches!(base, 'a' | 'e' | 'o'),
            Shape::Horn => matches!(base, 'o' | 'u'),
        }
    }
}

/// One letter of a word, decomposed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Letter {
    /// The base character as written (keeps case; `Ð` stays `Ð`).
    pub(crate) base: char,
    /// Lower-case base: `a`..`z` or `đ` (also for `Ð`/`ð`).
    pub(crate) lower: char,
    pub(crate) shape: Option<Shape>,
    pub(crate) tone: Option<Tone>,
}

impl Letter {
    const EMPTY: Letter = Letter {
        base: ' ',
        lower: ' ',
        shape: None,
        tone: None,
    };

    /// Whether this letter is a vowel (`a e i o u y` with any shape).
    pub(crate) fn is_vowel(&self) -> bool {
        is_vowel_base(self.lower)
    }

    /// The lower-case letter without tone, precomposed (`ư`, `â`, `đ`, `b`).
    pub(crate) fn untoned_lower(&self) -> char {
        match (self.lower, self.shape) {
            (b, None) => b,
            ('a', Some(Shape::Breve)) => 'ă',
            ('a', Some(Shape::Circumflex)) => 'â',
            ('e', Some(Shape::Circumflex)) => 'ê',
            ('o', Some(Shape::Circumflex)) => 'ô',
            ('o', Some(Shape::Horn)) => 'ơ',
            ('u', Some(Shape::Horn)) => 'ư',
            (b, Some(_)) => b,
        }
    }

    /// Append the letter, NFC-composed, to `out`.
    pub(crate) fn push_nfc(&self, out: &mut String) {
        use unicode_normalization::UnicodeNormalization;
        let shape = self.shape.map(Shape::mark);
        let tone = self.tone.map(Tone::mark);
        let chars = std::iter::once(self.base).chain(shape).chain(tone);
        out.extend(chars.nfc());
    }
}

fn is_vowel_base(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Lower-case form of a base letter, `None` if it is not a Latin letter
/// Vietnamese uses (`f j w z` are accepted as Latin but fail [`split`]).
fn lower_base(c: char) -> Option<char> {
    match c {
        'a'..='z' => Some(c),
        'A'..='Z' => Some(c.to_ascii_lowercase()),
        'đ' | 'Đ' | 'ð' | 'Ð' => Some('đ'),
        _ => None,
    }
}

/// The letters of one word, in a fixed-size buffer.
#[derive(Clone, Debug)]
pub(crate) struct Letters {
    buf: [Letter; MAX_LETTERS],
    len: usize,
}

impl Letters {
    /// Decompose `word`; `None` when it holds anything but Vietnamese letters
    /// (another mark, a digit, a second shape on one letter, too many letters).
    pub(crate) fn parse(word: &str) -> Option<Letters> {
        let mut letters = Letters {
            buf: [Letter::EMPTY; MAX_LETTERS],
            len: 0,
        };
        let mut ok = true;
        for c in word.chars() {
            decompose_canonical(c, |d| ok = ok && letters.push_char(d));
            if !ok {
                return None;
            }
        }
        if letters.len == 0 {
            return None;
        }
        Some(letters)
    }

    /// Add one NFD character; false when it cannot belong to a Vietnamese word.
    fn push_char(&mut self, c: char) -> bool {
        if let Some(lower) = lower_base(c) {
            if self.len == MAX_LETTERS {
                return false;
            }
            self.buf[self.len] = Letter {
                base: c,
                lower,
                shape: None,
                tone: None,
            };
            self.len += 1;
            return true;
        }
        let Some(last) = self.len.checked_sub(1).map(|i| &mut self.buf[i]) else {
            return false;
        };
        if let Some(tone) = Tone::from_mark(c) {
            if last.tone.is_some() || !last.is_vowel() {
                return false;
            }
            last.tone = Some(tone);
            true
        } else if let Some(shape) = Shape::from_mark(c) {
            if last.shape.is_some() || !shape.fits(last.lower) {
                return false;
            }
            last.shape = Some(shape);
            true
        } else {
            false
        }
    }

    pub(crate) fn as_slice(&self) -> &[Letter] {
        &self.buf[..self.len]
    }

    pub(crate) fn as_mut_slice(&mut self) -> &mut [Letter] {
        &mut self.buf[..self.len]
    }

    /// Write the word back, NFC.
    pub(crate) fn to_nfc(&self) -> String {
        let mut out = String::with_capacity(self.len * 3);
        for l in self.as_slice() {
            l.push_nfc(&mut out);
        }
        out
    }
}

/// Onset, nucleus and coda of a syllable, as index ranges into its letters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Parts {
    pub(crate) onset: std::ops::Range<usize>,
    pub(crate) nucleus: std::ops::Range<usize>,
    pub(crate) coda: std::ops::Range<usize>,
}

/// Onsets of Vietnamese (`gi` and `qu` are handled separately).
const ONSETS: [&str; 27] = [
    "", "b", "c", "ch", "d", "đ", "g", "gh", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p",
    "ph", "q", "r", "s", "t", "th", "tr", "v", "x",
];

/// Codas of Vietnamese.
const CODAS: [&str; 9] = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];

/// Vowel nuclei: `(vowels, may end the syllable, may take a coda)`.
const NUCLEI: &[(&str, bool, bool)] = &[
    ("a", true, true),
    ("ă", false, true),
    ("â", false, true),
    ("e", true, true),
    ("ê", true, true),
    ("i", true, true),
    ("o", true, true),
    ("ô", true, true),
    ("ơ", true, true),
    ("u", true, true),
    ("ư", true, true),
    ("y", true, true),
    ("ai", true, false),
    ("ao", true, false),
    ("au", true, false),
    ("ay", true, false),
    ("âu", true, false),
    ("ây", true, false),
    ("eo", true, false),
    ("êu", true, false),
    ("ia", true, false),
    ("iu", true, false),
    ("oi", true, false),
    ("ôi", true, false),
    ("ơi", true, false),
    ("ua", true, false),
    ("ui", true, false),
    ("ưa", true, false),
    ("ưi", true, false),
    ("ưu", true, false),
    ("uơ", true, false),
    ("iê", false, true),
    ("yê", false, true),
    ("uô", false, true),
    ("ươ", false, true),
    ("oă", false, true),
    ("uâ", false, true),
    ("oo", false, true),
    ("oa", true, true),
    ("oe", true, true),
    ("uê", true, true),
    ("uy", true, true),
    ("uyê", false, true),
    ("iêu", true, false),
    ("yêu", true, false),
    ("oai", true, false),
    ("oay", true, false),
    ("uây", true, false),
    ("uôi", true, false),
    ("ươi", true, false),
    ("oao", true, false),
    ("oeo", true, false),
    ("uya", true, false),
    ("uyu", true, false),
    ("ươu", true, false),
];

/// The base vowel of a shaped vowel: `ư` → `u`.
fn unshaped(c: char) -> char {
    match c {
        'ă' | 'â' => 'a',
        'ê' => 'e',
        'ô' | 'ơ' => 'o',
        'ư' => 'u',
        _ => c,
    }
}

/// Whether the lower-case letters `letters` spell exactly `s`.
fn spells(letters: &[Letter], s: &str, untoned: bool) -> bool {
    let mut chars = s.chars();
    for l in letters {
        let c = if untoned { l.untoned_lower() } else { l.lower };
        if chars.next() != Some(c) {
            return false;
        }
    }
    chars.next().is_none()
}

/// Split letters into onset, nucleus and coda, with `gi`/`qu` onsets: `q` is
/// always followed by `u`, which belongs to the onset when a vowel follows; in
/// `gi` + vowel the `i` belongs to the onset (`gìn` has nucleus `i`, `gia` has
/// nucleus `a`). Only checks the shape (consonants, vowels, consonants), a
/// known onset, at most three vowels and a known coda; see [`is_valid`] for
/// the stricter test.
pub(crate) fn split(letters: &[Letter]) -> Option<Parts> {
    let mut start = letters.iter().take_while(|l| !l.is_vowel()).count();
    let onset_plain = &letters[..start];
    if !ONSETS.iter().any(|o| spells(onset_plain, o, true)) {
        return None;
    }
    let next_is_vowel = |i: usize| letters.get(i).is_some_and(Letter::is_vowel);
    let is_plain = |i: usize, c: char| {
        letters
            .get(i)
            .is_some_and(|l| l.lower == c && l.shape.is_none())
    };
    if spells(onset_plain, "q", true) {
        if !(is_plain(start, 'u') && next_is_vowel(start + 1)) {
            return None;
        }
        start += 1;
    } else if spells(onset_plain, "g", true) && is_plain(start, 'i') && next_is_vowel(start + 1) {
        start += 1;
    }
    let vowels = letters[start..].iter().take_while(|l| l.is_vowel()).count();
    if vowels == 0 || vowels > 3 {
        return None;
    }
    let end = start + vowels;
    if !CODAS.iter().any(|c| spells(&letters[end..], c, true)) {
        return None;
    }
    Some(Parts {
        onset: 0..start,
        nucleus: start..end,
        coda: end..letters.len(),
    })
}

/// The nucleus entry for `nucleus`; with `ignore_shapes`, `ie` matches `iê`.
fn nucleus_entry(nucleus: &[Letter], ignore_shapes: bool) -> Option<(bool, bool)> {
    NUCLEI
        .iter()
        .find(|(s, _, _)| {
            if ignore_shapes {
                s.chars().count() == nucleus.len()
                    && s.chars().zip(nucleus).all(|(c, l)| unshaped(c) == l.lower)
            } else {
                spells(nucleus, s, true)
            }
        })
        .map(|&(_, open, closed)| (open, closed))
}

/// The single tone of the word; `None` for no tone, `Err` for several.
pub(crate) fn tone_of(letters: &[Letter]) -> Result<Option<Tone>, ()> {
    let mut tones = letters.iter().filter_map(|l| l.tone);
    let first = tones.next();
    if tones.next().is_some() {
        return Err(());
    }
    Ok(first)
}

/// Strict check that `letters` form a real Vietnamese syllable: [`split`]
/// succeeds, the nucleus is one Vietnamese has and may stand open or closed as
/// used, there is at most one tone, and stop codas (`c ch p t`) carry only the
/// acute or dot-below tone. With `ignore_shapes` vowel shapes are not checked
/// (for text whose marks were lost: `tieng` passes).
pub(crate) fn is_valid(letters: &[Letter], ignore_shapes: bool) -> bool {
    let Some(parts) = split(letters) else {
        return false;
    };
    let Some((open, closed)) = nucleus_entry(&letters[parts.nucleus.clone()], ignore_shapes) else {
        return false;
    };
    let has_coda = !parts.coda.is_empty();
    if (has_coda && !closed) || (!has_coda && !open && !ignore_shapes) {
        return false;
    }
    let Ok(tone) = tone_of(letters) else {
        return false;
    };
    let coda = &letters[parts.coda];
    let stop = ["c", "ch", "p", "t"].iter().any(|c| spells(coda, c, true));
    !stop || matches!(tone, None | Some(Tone::Acute) | Some(Tone::Dot))
}

/// Whether `word` (any case, NFC or NFD) is one well-formed Vietnamese
/// syllable: `"Người"`, `"QUỐC"`, `"khuỷu"` are, `"report"`, `"café"` and
/// `"Bỏo"` are not. Where the tone mark sits is not checked (`"hoà"` passes).
pub fn is_syllable(word: &str) -> bool {
    Letters::parse(word).is_some_and(|l| is_valid(l.as_slice(), false))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(word: &str) -> Option<(String, String, String)> {
        let letters = Letters::parse(word)?;
        let p = split(letters.as_slice())?;
        let s = |r: std::ops::Range<usize>| {
            letters.as_slice()[r]
                .iter()
                .map(|l| l.untoned_lower())
                .collect()
        };
        Some((s(p.onset), s(p.nucleus), s(p.coda)))
    }

    fn t(a: &str, b: &str, c: &str) -> Option<(String, String, String)> {
        Some((a.to_string(), b.to_string(), c.to_string()))
    }

    #[test]
    fn splits_onsets() {
        assert_eq!(parts("nghiêng"), t("ngh", "iê", "ng"));
        assert_eq!(parts("gìn"), t("g", "i", "n"));
        assert_eq!(parts("gịa"), t("gi", "a", ""));
        assert_eq!(parts("quốc"), t("qu", "ô", "c"));
        assert_eq!(parts("quý"), t("qu", "y", ""));
        assert_eq!(parts("Ủy"), t("", "uy", ""));
        assert_eq!(parts("Ðảm"), t("đ", "a", "m"));
    }

    #[test]
    fn rejects_non_vietnamese_shapes() {
        assert_eq!(parts("report"), None);
        assert_eq!(parts("café"), None);
        assert_eq!(parts("qa"), None);
        assert_eq!(parts("x2"), None);
        assert_eq!(parts("strong"), None);
        assert!(Letters::parse("über").is_none());
        assert!(Letters::parse("n\u{0301}").is_none());
    }

    #[test]
    fn validity() {
        for w in [
            "Người", "QUỐC", "khuỷu", "hòa", "hoà", "thuở", "các", "mạch", "yêu", "xoong", "gì",
        ] {
            assert!(is_syllable(w), "{w}");
        }
        for w in [
            "Bỏo",
            "kõt",
            "tiê",
            "ăn\u{0301}\u{0300}",
            "iêuc",
            "đ",
            "cáf",
            "mãt",
        ] {
            assert!(!is_syllable(w), "{w}");
        }
    }

    #[test]
    fn ignoring_shapes() {
        let l = Letters::parse("tieng").unwrap();
        assert!(!is_valid(l.as_slice(), false));
        assert!(is_valid(l.as_slice(), true));
    }
}
