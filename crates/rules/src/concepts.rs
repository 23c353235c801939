//! Concepts: what a figure counts, named by the words a report uses for it
//! (`[[concept]]` in `rules/metrics.toml`), and where a report names them.
//!
//! A concept is a set of words ("hộ nghèo", "hộ thuộc diện nghèo"), a role
//! (an *activity* such as building houses, or a *state* such as being poor)
//! and the value types it takes. Metrics point at concepts; a concept no
//! metric points at still takes the values it names (funds, loans, other
//! awards), so that those numbers are never given to another concept.
//! *Weak* concepts ("xây dựng", "sửa chữa") stand for the nearest specific
//! concept of their family.

use std::ops::Range;

use regex::Regex;

use crate::pattern::ValueKind;
use crate::text::DocText;

/// What a concept names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Something done: houses built, jobs created, awards given.
    Activity,
    /// A level: households that are poor.
    State,
}

/// One concept of `rules/metrics.toml`.
#[derive(Debug, Clone)]
pub struct Concept {
    pub id: String,
    pub role: Role,
    /// Folded-text regexes of the words that name it.
    pub words: Vec<Regex>,
    /// Words whose diacritics count: (folded regex to find, anchored regex
    /// over the written text to confirm).
    pub exact: Vec<(Regex, Regex)>,
    /// Generic words standing for the nearest concept of `family`.
    pub weak: bool,
    /// For weak concepts: the concepts they may stand for, default first.
    pub family: Vec<usize>,
    /// Folded words that, right after the concept's words, make them
    /// something else ("nhà ở xã …" is a house in a commune).
    pub not_followed_by: Vec<String>,
    /// Words that frame a whole sentence as this concept's ("Chương trình
    /// xóa nhà tạm, …"): its values of a sibling concept become this one's.
    pub frame: Vec<Regex>,
    /// Value types the concept takes.
    pub captures: Vec<ValueKind>,
    /// Metrics (indices into `Metrics::metrics`) that list this concept.
    pub metrics: Vec<usize>,
}

impl Concept {
    /// Whether the concept takes values of `kind`.
    pub fn captures(&self, kind: ValueKind) -> bool {
        self.captures.contains(&kind)
    }
}

/// A place where a report names a concept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Folded range of the words.
    pub span: Range<usize>,
    /// Index into the concepts.
    pub concept: usize,
}

/// Every mention of every concept in `doc`, in text order. Where two
/// mentions overlap and one is longer, the longer wins ("tập thể lao động
/// tiên tiến" over "lao động tiên tiến").
pub fn scan(doc: &DocText, concepts: &[Concept]) -> Vec<Mention> {
    let folded = doc.folded();
    let mut found: Vec<Mention> = Vec::new();
    for (ci, c) in concepts.iter().enumerate() {
        let plain = c.words.iter().map(|re| (re, None));
        let exact = c.exact.iter().map(|(re, ex)| (re, Some(ex)));
        for (re, confirm) in plain.chain(exact) {
            for m in re.find_iter(folded) {
                if m.is_empty() || !word_bounded(folded, m.range()) {
                    continue;
                }
                if confirm
                    .is_some_and(|ex| !ex.is_match(&doc.source_text(m.range()).to_lowercase()))
                {
                    continue;
                }
                if followed_by(folded, m.end(), &c.not_followed_by) {
                    continue;
                }
                found.push(Mention {
                    span: m.range(),
                    concept: ci,
                });
            }
        }
    }
    found.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
    found.dedup();
    let keep: Vec<bool> = found
        .iter()
        .map(|m| {
            !found.iter().any(|o| {
                o.span.len() > m.span.len()
                    && o.span.start <= m.span.start
                    && m.span.end <= o.span.end
            })
        })
        .collect();
    found
        .into_iter()
        .zip(keep)
        .filter_map(|(m, k)| k.then_some(m))
        .collect()
}

/// Whether one of `words` (folded) follows position `end`.
fn followed_by(folded: &str, end: usize, words: &[String]) -> bool {
    let next = folded[end..].trim_start();
    words.iter().any(|w| {
        next.strip_prefix(w.as_str())
            .is_some_and(|t| !t.starts_with(char::is_alphanumeric))
    })
}

/// Every mention in `range` of `folded`, longer words not preferred (for
/// lists: "hộ nghèo, hộ cận nghèo" names both concepts). Plain words only.
pub fn scan_all(folded: &str, range: Range<usize>, concepts: &[Concept]) -> Vec<Mention> {
    let text = &folded[range.clone()];
    let mut found = Vec::new();
    for (ci, c) in concepts.iter().enumerate() {
        for re in &c.words {
            for m in re.find_iter(text) {
                let span = range.start + m.start()..range.start + m.end();
                if !m.is_empty() && word_bounded(folded, span.clone()) {
                    found.push(Mention { span, concept: ci });
                }
            }
        }
    }
    found.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
    found.dedup();
    found
}

/// Whether `range` of `s` starts and ends at word boundaries.
pub fn word_bounded(s: &str, range: Range<usize>) -> bool {
    let before = s[..range.start].chars().next_back();
    let after = s[range.end..].chars().next();
    let first = s[range.clone()].chars().next();
    let last = s[range].chars().next_back();
    let joins = |a: Option<char>, b: Option<char>| {
        a.is_some_and(char::is_alphanumeric) && b.is_some_and(char::is_alphanumeric)
    };
    !joins(before, first) && !joins(last, after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pattern::compile_plain;

    fn concept(id: &str, words: &[&str]) -> Concept {
        Concept {
            id: id.into(),
            role: Role::Activity,
            words: words.iter().map(|w| compile_plain(w).unwrap()).collect(),
            exact: vec![],
            weak: false,
            family: vec![],
            not_followed_by: vec![],
            frame: vec![],
            captures: vec![ValueKind::Count],
            metrics: vec![],
        }
    }

    #[test]
    fn exact_words_keep_their_diacritics() {
        let mut gifts = concept("gifts", &[]);
        gifts.exact = vec![crate::pattern::compile_exact("quà").unwrap()];
        let doc = DocText::from_pages(&[(1, "Kết quả: tặng 25 suất QUÀ, đi qua".into())]);
        let found = scan(&doc, &[gifts]);
        assert_eq!(found.len(), 1);
        assert_eq!(doc.source_text(found[0].span.clone()), "QUÀ");
    }

    #[test]
    fn longer_words_win_and_words_are_whole() {
        let cs = [
            concept("ldtt", &["lao động tiên tiến"]),
            concept("ttldtt", &["tập thể lao động tiên tiến"]),
            concept("poor", &["hộ nghèo"]),
        ];
        let doc = DocText::from_pages(&[(
            1,
            "59 tập thể được công nhận Tập thể Lao động tiên tiến; 2.151 Lao động tiên tiến; hộ nghèoo".into(),
        )]);
        let text = doc.folded();
        let found: Vec<(&str, &str)> = scan(&doc, &cs)
            .iter()
            .map(|m| (cs[m.concept].id.as_str(), &text[m.span.clone()]))
            .collect();
        assert_eq!(
            found,
            vec![
                ("ttldtt", "tap the lao dong tien tien"),
                ("ldtt", "lao dong tien tien")
            ]
        );
    }
}
