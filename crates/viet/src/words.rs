//! Splitting text into words and the rest, without allocating.
//!
//! A word is a maximal run of letters (`char::is_alphabetic`) and combining
//! marks, so an NFD `hoa\u{300}` is one word; digits, punctuation and spaces
//! are "other" and are never touched by the word-level passes.
//!
//! [`tokens`] is the coarser split used for scoring text (legacy-encoding
//! detection, page quality): garbage such as `c¸o` must stay one token there.

/// One piece of a text: a word or a run of non-word characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    Word(&'a str),
    Other(&'a str),
}

/// Whether `c` is a combining mark (the blocks Vietnamese text can meet).
pub(crate) fn is_combining_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// Whether `c` belongs to a word.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || is_combining_mark(c)
}

/// Iterate over the words and non-word runs of `text`, in order; the pieces
/// concatenate to `text`.
pub(crate) fn pieces(text: &str) -> impl Iterator<Item = Piece<'_>> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let in_word = is_word_char(first);
        let len = rest
            .char_indices()
            .find(|&(_, c)| is_word_char(c) != in_word)
            .map_or(rest.len(), |(i, _)| i);
        let (piece, tail) = rest.split_at(len);
        rest = tail;
        Some(if in_word {
            Piece::Word(piece)
        } else {
            Piece::Other(piece)
        })
    })
}

/// The tokens of `text` for scoring: split at whitespace, `-` and `/`,
/// punctuation trimmed from both ends, tokens of only digits and
/// punctuation dropped.
pub(crate) fn tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .map(|t| t.trim_matches(is_punctuation))
        .filter(|t| {
            t.chars()
                .any(|c| !(c.is_ascii_digit() || is_punctuation(c)))
        })
}

/// Punctuation trimmed from token ends: ASCII and typographic.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || matches!(c, '“' | '”' | '‘' | '’' | '…' | '–' | '—' | '«' | '»')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_words_and_rest() {
        let got: Vec<Piece> = pieces("Báo cáo, 12%!").collect();
        assert_eq!(
            got,
            vec![
                Piece::Word("Báo"),
                Piece::Other(" "),
                Piece::Word("cáo"),
                Piece::Other(", 12%!"),
            ]
        );
    }

    #[test]
    fn nfd_word_is_one_word() {
        let got: Vec<Piece> = pieces("hoa\u{300} x").collect();
        assert_eq!(got[0], Piece::Word("hoa\u{300}"));
    }

    #[test]
    fn scoring_tokens() {
        let got: Vec<&str> = tokens("“Báo cáo” số 569/BC-UBND, 1.866 (hộ).").collect();
        assert_eq!(got, ["Báo", "cáo", "số", "BC", "UBND", "hộ"]);
    }

    #[test]
    fn empty_text() {
        assert_eq!(pieces("").count(), 0);
    }
}
