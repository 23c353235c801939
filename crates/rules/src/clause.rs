//! Where sentences, clauses and phrases of the folded text begin and end.
//!
//! A *sentence* ends at ". ", "!", "?" or a paragraph break; a *clause* also
//! at ";"; a *phrase* also at ",", "(" and ")". A full stop between digits
//! ("1.866") or glued to a word ("v.v") ends nothing, and a comma inside the
//! words of a concept ("nhà tạm, nhà dột nát", "hộ nghèo, cận nghèo") does
//! not end a phrase.

use std::ops::Range;

/// Break positions of one text.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    len: usize,
    /// Byte offsets of sentence-ending characters, ascending.
    sentences: Vec<usize>,
    /// … of clause-ending characters (sentence ends included).
    clauses: Vec<usize>,
    /// … of phrase-ending characters (clause ends included).
    phrases: Vec<usize>,
}

impl Layout {
    /// The layout of `folded`; commas inside `protected` ranges are no breaks.
    pub fn new(folded: &str, protected: &[Range<usize>]) -> Layout {
        let b = folded.as_bytes();
        let mut l = Layout {
            len: folded.len(),
            ..Layout::default()
        };
        for (i, &c) in b.iter().enumerate() {
            let sentence = match c {
                b'\n' | b'!' | b'?' => true,
                b'.' => ends_sentence(b, i),
                _ => false,
            };
            let clause = sentence || c == b';';
            // "|" separates the cells of a table row flattened to a line.
            let protect = |i: usize| protected.iter().any(|r| r.contains(&i));
            let phrase = clause
                || ((c == b'(' || c == b')') && !protect(i))
                || c == b'|'
                || (c == b',' && !protect(i));
            if sentence {
                l.sentences.push(i);
            }
            if clause {
                l.clauses.push(i);
            }
            if phrase {
                l.phrases.push(i);
            }
        }
        l
    }

    /// The sentence containing `pos` (without its final break).
    pub fn sentence(&self, pos: usize) -> Range<usize> {
        around(&self.sentences, pos, self.len)
    }

    /// The clause containing `pos`.
    pub fn clause(&self, pos: usize) -> Range<usize> {
        around(&self.clauses, pos, self.len)
    }

    /// The phrase containing `pos`.
    pub fn phrase(&self, pos: usize) -> Range<usize> {
        around(&self.phrases, pos, self.len)
    }

    /// The sentence before the one containing `pos`, within the text.
    pub fn previous_sentence(&self, pos: usize) -> Option<Range<usize>> {
        let start = self.sentence(pos).start;
        (start > 0).then(|| self.sentence(start - 1))
    }
}

/// The range between the break before `pos` and the break at or after it.
fn around(breaks: &[usize], pos: usize, len: usize) -> Range<usize> {
    let i = breaks.partition_point(|&b| b < pos);
    let start = if i == 0 { 0 } else { breaks[i - 1] + 1 };
    let end = breaks.get(i).copied().unwrap_or(len);
    start..end.max(start)
}

/// A "." ends a sentence unless it sits between digits or is glued to the
/// next word ("v.v", "tr.đ").
fn ends_sentence(b: &[u8], i: usize) -> bool {
    let next = b.get(i + 1).copied();
    let prev = i.checked_sub(1).map(|j| b[j]);
    if prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit()) {
        return false;
    }
    !next.is_some_and(|n| n.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_clauses_phrases() {
        let t = "co 1.866 lao dong; xoa nha tam, nha dot nat, kinh phi 5 ty. tiep";
        let comma = t.find(", kinh").unwrap();
        let mention = t.find("nha tam").unwrap()..comma;
        let l = Layout::new(t, std::slice::from_ref(&mention));
        let at = t.find("kinh").unwrap();
        assert_eq!(
            &t[l.sentence(at)],
            "co 1.866 lao dong; xoa nha tam, nha dot nat, kinh phi 5 ty"
        );
        assert_eq!(&t[l.clause(at)], " xoa nha tam, nha dot nat, kinh phi 5 ty");
        assert_eq!(&t[l.phrase(at)], " kinh phi 5 ty");
        assert_eq!(
            &t[l.phrase(t.find("dot").unwrap())],
            " xoa nha tam, nha dot nat"
        );
        assert_eq!(&t[l.clause(2)], "co 1.866 lao dong");
    }
}
