//! Vietnamese-aware correction of OCR text.
//!
//! Tesseract reads Vietnamese well but confuses tone and vowel marks
//! ("nghèo" → "nghẻo", "Bằng khen" → "Băng khen", "dột nát" → "đột nát") and
//! reads a closing quote after a year as a 7 ("2025”" → "20257"). [`correct`]
//! repairs what it can be sure of, and returns every change
//! ([`Correction`]: where, from, to, why) so that it can be shown:
//!
//! * **domain phrases** ([`Reason::DomainPhrase`]): a run of words that
//!   equals a phrase of the caller's [`Lexicon`] once marks are ignored
//!   (folded), but not with them, takes the phrase's marks — the words
//!   around a syllable are what make the repair certain. At most half of
//!   the phrase's words (at least one) may differ, and a run that already
//!   spells another phrase of the lexicon is left alone;
//! * **domain words** ([`Reason::DomainWord`]): a word given to the lexicon
//!   on its own is also repaired alone, but only from a tone that tesseract
//!   mistakes for the word's (grave ↔ hook, hook ↔ tilde) and when no other
//!   lexicon word folds the same. List alone only words without a common
//!   look-alike ("nghèo", not "tỉnh", whose look-alike "tình" is common);
//! * **invalid syllables** ([`Reason::InvalidSyllable`]): a word that is not
//!   a well-formed Vietnamese syllable (`crate::syllable`) becomes the one
//!   lexicon word it turns into by changing its tone, when there is one;
//! * **a quote read as 7** ([`Reason::QuoteAsSeven`]): a year followed by a
//!   7 (five digits without separators, which no Vietnamese quantity is),
//!   inside an open quotation on the same line, gets its closing quote back;
//! * **look-alike digits** ([`Reason::DigitLookalike`]): `O o` and `l I` in a
//!   token of digits and separators become `0` and `1` when that makes a
//!   valid number (`crate::number`) and the token as written is not one;
//! * **heading numbers** ([`Reason::HeadingNumber`]): a text that opens with
//!   an item number read with a comma before a capitalised word
//!   ("3, Về quốc phòng") takes its period, and a Roman numeral with an I
//!   read as `T`, `l` or `1` before an upper-case heading ("TII. NHIỆM VỤ")
//!   becomes the numeral it can only be;
//! * **stray marks** ([`Reason::StrayMark`]): a lone lower-case letter or
//!   bar ending a line of upper-case words ("PHÓ CHỦ TỊCH l": a seal or a
//!   signature's stroke) is dropped.
//!
//! Valid numbers are never altered. Words are compared in NFC, lower case,
//! with traditional tone placement, so `hoà`/`hòa` are the same word.

use std::collections::{HashMap, HashSet};

use unicode_normalization::UnicodeNormalization;

use crate::fold::fold;
use crate::number::parse_number;
use crate::syllable::{is_syllable, tone_of, Letters, Tone};
use crate::tone::{place_tone, ToneStyle};
use crate::words::{pieces, Piece};

/// Why a correction was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reason {
    DomainPhrase,
    DomainWord,
    InvalidSyllable,
    QuoteAsSeven,
    DigitLookalike,
    HeadingNumber,
    StrayMark,
}

impl Reason {
    /// A short label for `--explain` output.
    pub fn label(self) -> &'static str {
        match self {
            Reason::DomainPhrase => "domain_phrase",
            Reason::DomainWord => "domain_word",
            Reason::InvalidSyllable => "invalid_syllable",
            Reason::QuoteAsSeven => "quote_as_seven",
            Reason::DigitLookalike => "digit_lookalike",
            Reason::HeadingNumber => "heading_number",
            Reason::StrayMark => "stray_mark",
        }
    }
}

/// One change: bytes `start..end` of the input, `from` → `to`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Correction {
    pub start: usize,
    pub end: usize,
    pub from: String,
    pub to: String,
    pub reason: Reason,
}

/// The domain vocabulary: phrases (metric words, section headings, unit
/// names) and the words allowed to be corrected alone.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    /// Phrases of two or more words, as keys ([`key`]).
    phrases: Vec<Vec<String>>,
    /// Phrase indices by the fold of their first word.
    by_first: HashMap<String, Vec<usize>>,
    /// Every word of every entry, as keys.
    words: HashSet<String>,
    /// Words that were entries on their own, by fold.
    alone: HashMap<String, Vec<String>>,
    /// Every word, by fold.
    by_fold: HashMap<String, Vec<String>>,
}

/// Most words in a phrase.
const MAX_PHRASE: usize = 12;

impl Lexicon {
    /// Build from entries such as rule patterns and labels: each entry is
    /// cut into phrases at anything that is not a letter, a mark or a space
    /// (`"tỷ lệ hộ nghèo {gap} {num}"` gives "tỷ lệ hộ nghèo" and "gap"…
    /// — words without Vietnamese letters can only match themselves).
    pub fn new<I, S>(entries: I) -> Lexicon
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut lex = Lexicon::default();
        for entry in entries {
            let entry = entry.as_ref();
            let single = entry.split_whitespace().count() == 1;
            for phrase in phrases_of(entry) {
                lex.add(phrase, single);
            }
        }
        lex
    }

    /// Add a phrase; one without any Vietnamese mark (`ho ngheo`, English
    /// words) carries nothing to repair with and is left out.
    fn add(&mut self, words: Vec<String>, alone: bool) {
        if words.iter().all(|w| w.is_ascii()) {
            return;
        }
        for w in &words {
            if self.words.insert(w.clone()) {
                self.by_fold.entry(fold(w)).or_default().push(w.clone());
            }
        }
        match words.len() {
            1 if alone => {
                let w = &words[0];
                let same = self.alone.entry(fold(w)).or_default();
                if !same.contains(w) {
                    same.push(w.clone());
                }
            }
            2..=MAX_PHRASE if !self.phrases.contains(&words) => {
                self.by_first
                    .entry(fold(&words[0]))
                    .or_default()
                    .push(self.phrases.len());
                self.phrases.push(words);
            }
            _ => {}
        }
    }

    /// Number of phrases and words known.
    pub fn len(&self) -> usize {
        self.phrases.len() + self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The comparison key of a word: NFC, lower case, traditional tones.
fn key(word: &str) -> String {
    let lower: String = word.nfc().flat_map(char::to_lowercase).collect();
    place_tone(&lower, ToneStyle::Traditional)
}

/// The phrases (runs of words) of an entry, as keys.
fn phrases_of(entry: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for piece in pieces(entry) {
        match piece {
            Piece::Word(w) => current.push(key(w)),
            Piece::Other(o) if o.chars().all(char::is_whitespace) => {}
            Piece::Other(_) => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// A word of the text being corrected.
#[derive(Clone, Debug)]
struct Token<'a> {
    start: usize,
    text: &'a str,
    key: String,
    folded: String,
    /// Whether only whitespace separates it from the previous word.
    joined: bool,
}

/// Correct `text`; the corrected text and the corrections, in order.
pub fn correct(text: &str, lexicon: &Lexicon) -> (String, Vec<Correction>) {
    let tokens = tokenize(text);
    let mut fixes: Vec<Correction> = Vec::new();
    let mut done = vec![false; tokens.len()];
    phrase_fixes(&tokens, lexicon, &mut done, &mut fixes);
    for (i, t) in tokens.iter().enumerate() {
        if done[i] {
            continue;
        }
        if let Some(fix) = word_fix(t, lexicon) {
            fixes.push(fix);
        }
    }
    fixes.extend(number_fixes(text));
    fixes.extend(heading_fix(text));
    fixes.extend(stray_mark(text));
    fixes.sort_by_key(|f| f.start);
    (apply(text, &fixes), fixes)
}

fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut joined = false;
    for piece in pieces(text) {
        match piece {
            Piece::Word(w) => {
                out.push(Token {
                    start: at,
                    text: w,
                    key: key(w),
                    folded: fold(w),
                    joined,
                });
                at += w.len();
                joined = true;
            }
            Piece::Other(o) => {
                joined = joined && o.chars().all(char::is_whitespace);
                at += o.len();
            }
        }
    }
    out
}

/// Domain phrases: see the module docs.
fn phrase_fixes(tokens: &[Token], lex: &Lexicon, done: &mut [bool], fixes: &mut Vec<Correction>) {
    let mut i = 0;
    while i < tokens.len() {
        let best = lex
            .by_first
            .get(&tokens[i].folded)
            .into_iter()
            .flatten()
            .map(|&p| &lex.phrases[p])
            .filter(|p| phrase_fits(&tokens[i..], p, lex))
            .max_by_key(|p| p.len());
        let Some(phrase) = best else {
            i += 1;
            continue;
        };
        for (t, want) in tokens[i..].iter().zip(phrase) {
            if &t.key != want {
                fixes.push(Correction {
                    start: t.start,
                    end: t.start + t.text.len(),
                    from: t.text.to_string(),
                    to: with_case_of(want, t.text),
                    reason: Reason::DomainPhrase,
                });
            }
        }
        done[i..i + phrase.len()].iter_mut().for_each(|d| *d = true);
        i += phrase.len();
    }
}

/// Whether the words at the start of `tokens` are `phrase` with some marks
/// wrong (module docs).
fn phrase_fits(tokens: &[Token], phrase: &[String], lex: &Lexicon) -> bool {
    if tokens.len() < phrase.len() || tokens[1..phrase.len()].iter().any(|t| !t.joined) {
        return false;
    }
    let window = &tokens[..phrase.len()];
    if window.iter().zip(phrase).any(|(t, w)| t.folded != fold(w)) {
        return false;
    }
    let differing = window
        .iter()
        .zip(phrase)
        .filter(|(t, w)| &t.key != *w)
        .count();
    let as_written: Vec<String> = window.iter().map(|t| t.key.clone()).collect();
    differing >= 1 && differing <= (phrase.len() / 2).max(1) && !lex.phrases.contains(&as_written)
}

/// Domain words and invalid syllables, for a word outside any phrase.
fn word_fix(t: &Token, lex: &Lexicon) -> Option<Correction> {
    if lex.words.contains(&t.key) {
        return None;
    }
    let (to, reason) = alone_word(t, lex)
        .map(|w| (w, Reason::DomainWord))
        .or_else(|| invalid_syllable(t, lex).map(|w| (w, Reason::InvalidSyllable)))?;
    Some(Correction {
        start: t.start,
        end: t.start + t.text.len(),
        from: t.text.to_string(),
        to: with_case_of(&to, t.text),
        reason,
    })
}

/// Tone pairs tesseract confuses (its reading, the truth), both ways.
const CONFUSED_TONES: [(Option<Tone>, Option<Tone>); 4] = [
    (Some(Tone::Hook), Some(Tone::Grave)),
    (Some(Tone::Grave), Some(Tone::Hook)),
    (Some(Tone::Hook), Some(Tone::Tilde)),
    (Some(Tone::Tilde), Some(Tone::Hook)),
];

/// The word given alone to the lexicon that `t` is a tone slip of.
fn alone_word(t: &Token, lex: &Lexicon) -> Option<String> {
    let [only] = lex.alone.get(&t.folded)?.as_slice() else {
        return None;
    };
    let same_fold = lex.by_fold.get(&t.folded).map_or(0, Vec::len);
    let (seen, truth) = (tone_and_base(&t.key)?, tone_and_base(only)?);
    let confused = CONFUSED_TONES.contains(&(seen.0, truth.0));
    (same_fold == 1 && seen.1 == truth.1 && confused).then(|| only.clone())
}

/// A word's tone and its letters without tone (shapes kept).
fn tone_and_base(word: &str) -> Option<(Option<Tone>, String)> {
    let letters = Letters::parse(word)?;
    let tone = tone_of(letters.as_slice()).ok()?;
    let base = letters
        .as_slice()
        .iter()
        .map(|l| l.untoned_lower())
        .collect();
    Some((tone, base))
}

/// The one lexicon word an ill-formed syllable becomes by a change of tone.
fn invalid_syllable(t: &Token, lex: &Lexicon) -> Option<String> {
    if is_syllable(t.text) || Letters::parse(t.text).is_none() {
        return None;
    }
    let mut candidates = lex
        .by_fold
        .get(&t.folded)
        .into_iter()
        .flatten()
        .filter(|w| tone_and_base(w).map(|b| b.1) == untoned_base(t.text))
        .filter(|w| is_syllable(w));
    let first = candidates.next()?;
    candidates.next().is_none().then(|| first.clone())
}

/// The letters of a word with every tone lifted (several tones allowed).
fn untoned_base(word: &str) -> Option<String> {
    let letters = Letters::parse(word)?;
    Some(
        letters
            .as_slice()
            .iter()
            .map(|l| l.untoned_lower())
            .collect(),
    )
}

/// `word` (a lower-case key) in the case pattern of `like`.
fn with_case_of(word: &str, like: &str) -> String {
    let letters: Vec<char> = like.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return word.to_uppercase();
    }
    if letters.first().is_some_and(|c| c.is_uppercase()) {
        let mut chars = word.chars();
        return chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
    }
    word.to_string()
}

/// Corrections of numbers: a quote read as 7, look-alike digits.
fn number_fixes(text: &str) -> Vec<Correction> {
    let mut out = Vec::new();
    let mut at = 0;
    for chunk in text.split_inclusive(char::is_whitespace) {
        let body = chunk.trim_end();
        let core = body.trim_end_matches([',', ';', ':', ')', '.']);
        if let Some(fix) = quote_as_seven(text, at, core).or_else(|| lookalike(at, core)) {
            out.push(fix);
        }
        at += chunk.len();
    }
    out
}

/// `20257` inside an open quotation → `2025”` (module docs).
fn quote_as_seven(text: &str, at: usize, core: &str) -> Option<Correction> {
    let lead = core.len() - core.trim_start_matches(['“', '"', '(']).len();
    let digits = &core[lead..];
    let year: u32 = digits.get(..4)?.parse().ok()?;
    let is_year_seven = digits.len() == 5
        && digits.bytes().all(|b| b.is_ascii_digit())
        && digits.ends_with('7')
        && (1900..=2099).contains(&year);
    let start = at + lead;
    let line_start = text[..start].rfind('\n').map_or(0, |p| p + 1);
    let before = &text[line_start..start];
    let opened = before.matches('“').count() > before.matches('”').count()
        || before.matches('"').count() % 2 == 1;
    (is_year_seven && opened).then(|| Correction {
        start: start + 4,
        end: start + 5,
        from: "7".into(),
        to: "”".into(),
        reason: Reason::QuoteAsSeven,
    })
}

/// `1.O50` → `1.050` when only that makes a number (module docs).
fn lookalike(at: usize, core: &str) -> Option<Correction> {
    let digits = core.chars().filter(char::is_ascii_digit).count();
    let odd = core
        .chars()
        .filter(|c| matches!(c, 'O' | 'o' | 'l' | 'I'))
        .count();
    let allowed = core
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, 'O' | 'o' | 'l' | 'I' | '.' | ','));
    if digits < 2 || odd == 0 || !allowed || parse_number(core).is_some() {
        return None;
    }
    let fixed: String = core
        .chars()
        .map(|c| match c {
            'O' | 'o' => '0',
            'l' | 'I' => '1',
            other => other,
        })
        .collect();
    parse_number(&fixed)?;
    Some(Correction {
        start: at,
        end: at + core.len(),
        from: core.to_string(),
        to: fixed,
        reason: Reason::DigitLookalike,
    })
}

/// "3, Về …" → "3. Về …"; "TII. NHIỆM VỤ" → "III. NHIỆM VỤ" (module docs).
fn heading_fix(text: &str) -> Option<Correction> {
    let lead = text.len() - text.trim_start().len();
    let rest = &text[lead..];
    let (number, after) = rest.split_once([',', '.'])?;
    let sep = rest.as_bytes()[number.len()];
    let next: &str = after.strip_prefix(' ')?.split_whitespace().next()?;
    let first_upper = next.chars().next().is_some_and(char::is_uppercase);
    let all_upper = next.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && next.chars().all(|c| !c.is_lowercase());
    if let Some(fix) = roman_without_period(text, lead) {
        return Some(fix);
    }
    let to = if sep == b',' && first_upper && is_item_number(number) {
        format!("{number}.")
    } else if sep == b'.' && all_upper {
        format!("{}.", misread_roman(number)?)
    } else {
        return None;
    };
    Some(Correction {
        start: lead,
        end: lead + number.len() + 1,
        from: rest[..number.len() + 1].to_string(),
        to,
        reason: Reason::HeadingNumber,
    })
}

/// "II HẠN CHẾ, TỒN TẠI" → "II. HẠN CHẾ, TỒN TẠI": a Roman numeral opening
/// a line of upper-case words, its period lost.
fn roman_without_period(text: &str, lead: usize) -> Option<Correction> {
    let rest = &text[lead..];
    let (numeral, after) = rest.split_once(' ')?;
    let numeral_ok = !numeral.is_empty()
        && numeral.len() <= 5
        && numeral.chars().all(|c| matches!(c, 'I' | 'V' | 'X'));
    let words: Vec<&str> = after.split_whitespace().collect();
    let heading = words.len() >= 2
        && words.iter().all(|w| !w.chars().any(char::is_lowercase))
        && words[0].chars().filter(|c| c.is_alphabetic()).count() >= 2;
    (numeral_ok && heading && is_roman(numeral)).then(|| Correction {
        start: lead,
        end: lead + numeral.len(),
        from: numeral.to_string(),
        to: format!("{numeral}."),
        reason: Reason::HeadingNumber,
    })
}

/// Whether `s` is a Roman numeral from I to XX.
fn is_roman(s: &str) -> bool {
    ROMAN.contains(&s)
}

/// One or two digits, not starting with 0.
fn is_item_number(s: &str) -> bool {
    (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0')
}

/// A Roman numeral (I to XX) written with at least one of `T l 1` for an
/// I: the numeral; `None` for anything else.
fn misread_roman(s: &str) -> Option<String> {
    if !(1..=5).contains(&s.len()) || !s.chars().any(|c| matches!(c, 'T' | 'l' | '1')) {
        return None;
    }
    if !s.chars().any(|c| matches!(c, 'I' | 'V' | 'X')) {
        return None;
    }
    let fixed: String = s
        .chars()
        .map(|c| if matches!(c, 'T' | 'l' | '1') { 'I' } else { c })
        .collect();
    is_roman(&fixed).then_some(fixed)
}

/// "PHÓ CHỦ TỊCH l" → "PHÓ CHỦ TỊCH" (module docs); public for callers
/// that hold a line in pieces (OCR spans), to test the whole line.
pub fn stray_mark(text: &str) -> Option<Correction> {
    let body = text.trim_end();
    let (before, last) = body.rsplit_once(' ')?;
    let stray = matches!(last, "|" | "!")
        || (last.chars().count() == 1 && last.chars().all(char::is_lowercase));
    let words: Vec<&str> = before.split_whitespace().collect();
    let upper_words = words
        .iter()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .filter(|w| w.chars().all(|c| !c.is_lowercase()))
        .count();
    let all_upper = !words.is_empty() && words.iter().all(|w| !w.chars().any(char::is_lowercase));
    if !stray || upper_words < 2 || !all_upper {
        return None;
    }
    let start = before.trim_end().len();
    Some(Correction {
        start,
        end: body.len(),
        from: text[start..body.len()].to_string(),
        to: String::new(),
        reason: Reason::StrayMark,
    })
}

/// The Roman numerals of headings.
const ROMAN: [&str; 20] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
    "XVI", "XVII", "XVIII", "XIX", "XX",
];

/// `text` with the (sorted, non-overlapping) corrections applied.
fn apply(text: &str, fixes: &[Correction]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in fixes {
        if f.start < at {
            continue;
        }
        out.push_str(&text[at..f.start]);
        out.push_str(&f.to);
        at = f.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Lexicon {
        Lexicon::new([
            "tỷ lệ hộ nghèo {gap} {num} ?% ?\\( ?{count} hộ",
            "(?:còn|có|là) {count} hộ nghèo",
            "hộ cận nghèo",
            "Bằng khen",
            "nhà ở dột nát",
            "nhà tạm, dột nát",
            "Phường Hương Thuỷ",
            "thi đua",
            "nghèo",
        ])
    }

    fn fixed(text: &str) -> (String, Vec<(String, String, Reason)>) {
        let (out, fixes) = correct(text, &lexicon());
        let short = fixes
            .into_iter()
            .map(|f| (f.from, f.to, f.reason))
            .collect();
        (out, short)
    }

    #[test]
    fn the_issues_confusions() {
        assert_eq!(
            fixed("có 312 hộ nghẻo (phường").0,
            "có 312 hộ nghèo (phường"
        );
        let (out, fixes) = fixed("tặng Băng khen của Chủ tịch");
        assert_eq!(out, "tặng Bằng khen của Chủ tịch");
        assert_eq!(
            fixes,
            vec![("Băng".into(), "Bằng".into(), Reason::DomainPhrase)]
        );
        assert_eq!(fixed("sửa 12 nhà đột nát").0, "sửa 12 nhà dột nát");
        assert_eq!(fixed("“Năm 20257 là năm").0, "“Năm 2025” là năm");
        assert_eq!(fixed("NHÀ Ở ĐỘT NÁT").0, "NHÀ Ở DỘT NÁT");
    }

    #[test]
    fn heading_numbers_misread() {
        assert_eq!(
            fixed("3, Về quốc phòng - an ninh").0,
            "3. Về quốc phòng - an ninh"
        );
        assert_eq!(
            fixed("TII. NHIỆM VỤ, GIẢI PHÁP").0,
            "III. NHIỆM VỤ, GIẢI PHÁP"
        );
        assert_eq!(fixed("lV. KIẾN NGHỊ").0, "IV. KIẾN NGHỊ");
        assert_eq!(fixed("  1I. HẠN CHẾ").0, "  II. HẠN CHẾ");
        // Left alone: a count, a valid numeral, an ordinary sentence.
        assert_eq!(fixed("3, 4 và 5 hộ").0, "3, 4 và 5 hộ");
        assert_eq!(fixed("12, Hương Thủy").0, "12. Hương Thủy");
        assert_eq!(fixed("120, Hương Thủy").0, "120, Hương Thủy");
        assert_eq!(fixed("III. NHIỆM VỤ").1, vec![]);
        assert_eq!(fixed("TT. Huế").0, "TT. Huế");
        assert_eq!(fixed("T. NHIỆM VỤ").0, "T. NHIỆM VỤ");
        assert_eq!(fixed("II HẠN CHẾ, TỒN TẠI").0, "II. HẠN CHẾ, TỒN TẠI");
        assert_eq!(fixed("II Hạn chế").0, "II Hạn chế");
        assert_eq!(fixed("V HUẾ").0, "V HUẾ");
    }

    #[test]
    fn a_stray_mark_after_an_upper_case_line() {
        let (out, fixes) = fixed("PHÓ CHỦ TỊCH l");
        assert_eq!(out, "PHÓ CHỦ TỊCH");
        assert_eq!(fixes, vec![(" l".into(), "".into(), Reason::StrayMark)]);
        assert_eq!(fixed("TM. ỦY BAN NHÂN DÂN |").0, "TM. ỦY BAN NHÂN DÂN");
        // Left alone: a numeral, a line in lower case, one word.
        assert_eq!(fixed("PHỤ LỤC I").0, "PHỤ LỤC I");
        assert_eq!(fixed("Chủ tịch l").0, "Chủ tịch l");
        assert_eq!(fixed("HUẾ l").0, "HUẾ l");
    }

    #[test]
    fn positions_point_into_the_input() {
        let text = "Toàn phường có 343 hộ nghẻo.";
        let (_, fixes) = correct(text, &lexicon());
        assert_eq!(fixes.len(), 1);
        assert_eq!(&text[fixes[0].start..fixes[0].end], "nghẻo");
    }

    #[test]
    fn a_word_alone_only_from_a_confused_tone() {
        assert_eq!(fixed("thoát nghẻo bền vững").0, "thoát nghèo bền vững");
        assert_eq!(fixed("thoát nghẻo").1[0].2, Reason::DomainWord);
        // "nghẹo" (dot below) is not a tesseract slip of "nghèo".
        assert_eq!(fixed("đầu nghẹo").0, "đầu nghẹo");
        // A word the lexicon knows is never changed, even when a word given
        // alone folds the same.
        let lex = Lexicon::new(["tỉnh", "tình hình"]);
        assert_eq!(correct("tình hình", &lex).0, "tình hình");
        assert_eq!(correct("tình", &lex).0, "tình");
    }

    #[test]
    fn valid_text_and_numbers_are_left_alone() {
        for text in [
            "Phường Hương Thủy có 1.866 hộ, tỷ lệ 3,38%; năm 2025.",
            "nhà ở dột nát",
            "Bằng khen",
            "số 20257/QĐ-UBND",
            "năm 20257 không trong ngoặc",
            "“Năm 2025” đã đóng",
            "hộ nghèo hoà nhập",
        ] {
            let (out, fixes) = fixed(text);
            assert_eq!(out, text);
            assert!(fixes.is_empty(), "{text}: {fixes:?}");
        }
    }

    #[test]
    fn invalid_syllables_become_the_lexicon_word() {
        // A stop coda with a grave tone, and two tones in one word: not
        // Vietnamese; each has one lexicon word of the same letters.
        let lex = Lexicon::new(["dột nát", "thi đua"]);
        let (out, f) = correct("mái dồt, đủá", &lex);
        assert_eq!(out, "mái dột, đua");
        assert!(
            f.iter().all(|f| f.reason == Reason::InvalidSyllable),
            "{f:?}"
        );
        // In its phrase, the phrase decides.
        let (out, fixes) = fixed("phong trào thi đủá");
        assert_eq!(out, "phong trào thi đua");
        assert_eq!(fixes[0].2, Reason::DomainPhrase);
        // Ill-formed but no lexicon word to become: left alone.
        assert_eq!(correct("mãt", &lex).0, "mãt");
    }

    #[test]
    fn lookalike_digits() {
        let (out, fixes) = fixed("thu 4.6OO.000 đồng, l.866 hộ");
        assert_eq!(out, "thu 4.600.000 đồng, 1.866 hộ");
        assert!(fixes.iter().all(|f| f.2 == Reason::DigitLookalike));
        assert_eq!(fixed("mục I. và lOl").0, "mục I. và lOl");
    }

    #[test]
    fn lexicon_from_patterns() {
        let unmarked = Lexicon::new(["ho ngheo", "hộ nghèo", "report"]);
        assert_eq!(unmarked.phrases.len(), 1);
        assert!(!unmarked.words.contains("ngheo"));
        let lex = lexicon();
        assert!(lex
            .phrases
            .contains(&vec!["tỷ".into(), "lệ".into(), "hộ".into(), "nghèo".into()]));
        assert!(lex
            .phrases
            .contains(&vec!["phường".into(), "hương".into(), "thủy".into()]));
        assert!(!lex.is_empty());
    }
}
