//! The pattern language of `rules/`: ordinary Vietnamese with placeholders,
//! compiled to regular expressions over folded text.
//!
//! A pattern is folded like the text it is matched against (lower case, no
//! diacritics, "đ" → "d"), so "Hộ nghèo", "hộ nghèo" and "ho ngheo" are one
//! pattern and tone-mark style never matters. A space matches any run of
//! white space; " ?" makes the white space optional. Placeholders:
//!
//! | placeholder | matches |
//! |---|---|
//! | `{count}` `{money}` `{percent}` | the value (exactly one per value pattern) |
//! | `{num}` | any number, not captured |
//! | `{gap}` / `{gap:N}` | up to 60 / N characters of the same sentence |
//! | `{any:N}` | up to N characters of the same paragraph, across sentences |
//!
//! A value pattern is split at its value placeholder into a *before* part,
//! which must end right where the value starts, and an *after* part, which
//! must start right where it ends. The figure engine tries every number of the
//! right type against both (see [`crate::figures`]).

use regex::Regex;

/// Type of value a placeholder stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ValueKind {
    Count,
    Money,
    Percent,
}

impl ValueKind {
    fn placeholder(self) -> &'static str {
        match self {
            ValueKind::Count => "{count}",
            ValueKind::Money => "{money}",
            ValueKind::Percent => "{percent}",
        }
    }
}

/// A compiled value pattern.
#[derive(Debug, Clone)]
pub struct ValuePattern {
    pub kind: ValueKind,
    /// Must match text ending exactly at the value (anchored with `$`).
    pub before: Option<Regex>,
    /// Must match text starting exactly after the value (anchored with `^`).
    pub after: Option<Regex>,
}

/// Why a pattern does not compile; `offset` is a byte offset into the pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct PatternError {
    pub offset: usize,
    pub message: String,
}

/// Regex for a Vietnamese number in folded text ("1.866", "1,14", "2.977.500.000").
pub const NUMBER: &str = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?";

/// Characters a gap may span: anything but sentence ends and paragraph
/// breaks; a full stop is allowed inside a number ("1.866").
const GAP_CHAR: &str = r"(?:[^.;!?\n]|\.\d)";

/// White space inside a paragraph (paragraphs are separated by `\n`).
const WS: &str = r"[^\S\n]";

const DEFAULT_GAP: usize = 60;
const MAX_GAP: usize = 400;

/// Compile a pattern that contains exactly one value placeholder.
pub fn compile_value(src: &str) -> Result<ValuePattern, PatternError> {
    check_escapes(src)?;
    let folded = baocao_viet::fold::fold(src);
    let found: Vec<(usize, ValueKind)> = [ValueKind::Count, ValueKind::Money, ValueKind::Percent]
        .into_iter()
        .flat_map(|k| {
            folded
                .match_indices(k.placeholder())
                .map(move |(i, _)| (i, k))
        })
        .collect();
    let (at, kind) = match found.as_slice() {
        [one] => *one,
        [] => {
            return Err(err(
                0,
                "no value placeholder: use {count}, {money} or {percent}",
            ))
        }
        _ => return Err(err(found[1].0, "more than one value placeholder")),
    };
    let before_src = &folded[..at];
    let after_src = &folded[at + kind.placeholder().len()..];
    let before = compile_part(before_src, 0, |re| format!("(?:{re})$"))?;
    let after = compile_part(after_src, at, |re| format!("^(?:{re})"))?;
    Ok(ValuePattern {
        kind,
        before,
        after,
    })
}

/// Compile a pattern without a value placeholder (titles, headings), unanchored.
pub fn compile_plain(src: &str) -> Result<Regex, PatternError> {
    check_escapes(src)?;
    let folded = baocao_viet::fold::fold(src);
    let re = expand(&folded, 0)?;
    Regex::new(&re).map_err(|e| err(0, &regex_message(&e)))
}

/// Compile a word whose diacritics count ("quà" is a gift, "quả" a result):
/// a folded regex to find it, and an anchored regex over the normalised,
/// lower-cased source to confirm it.
pub fn compile_exact(src: &str) -> Result<(Regex, Regex), PatternError> {
    let folded = compile_plain(src)?;
    let written = baocao_viet::normalize(src).to_lowercase();
    let expanded = expand(&written, 0)?;
    let exact = Regex::new(&format!("^(?:{expanded})$")).map_err(|e| err(0, &regex_message(&e)))?;
    Ok((folded, exact))
}

/// Compile a pattern that matches whole words only: `\b` is added where the
/// pattern starts or ends with a letter or digit.
pub fn compile_words(src: &str) -> Result<Regex, PatternError> {
    check_escapes(src)?;
    let folded = baocao_viet::fold::fold(src);
    let re = expand(&folded, 0)?;
    // Look through the groups a pattern opens with or ends in: "(?:tại|ở) …"
    // starts with a word, "… (?:thôn|xóm)" ends with one.
    let inner = folded.trim_start_matches(['(', '?', ':']);
    let starts = inner.chars().next().is_some_and(char::is_alphanumeric);
    let ends = folded
        .trim_end_matches(')')
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    let wrapped = format!(
        "{}(?:{re}){}",
        if starts { r"\b" } else { "" },
        if ends { r"\b" } else { "" }
    );
    Regex::new(&wrapped).map_err(|e| err(0, &regex_message(&e)))
}

/// Compile a pattern over the normalised, lower-cased written text (not
/// folded: diacritics count, "mỗi" is not "mới"), unanchored.
pub fn compile_written(src: &str) -> Result<Regex, PatternError> {
    check_escapes(src)?;
    let written = baocao_viet::normalize(src).to_lowercase();
    let expanded = expand(&written, 0)?;
    Regex::new(&format!(
        r"(?:^|[^\p{{L}}\p{{N}}])(?:{expanded})(?:$|[^\p{{L}}\p{{N}}])"
    ))
    .map_err(|e| err(0, &regex_message(&e)))
}

fn compile_part(
    src: &str,
    base: usize,
    anchor: impl Fn(&str) -> String,
) -> Result<Option<Regex>, PatternError> {
    if src.trim().is_empty() {
        return Ok(None);
    }
    let re = expand(src, base)?;
    Regex::new(&anchor(&re))
        .map(Some)
        .map_err(|e| err(base, &regex_message(&e)))
}

/// Expand placeholders and white space into regex syntax.
fn expand(src: &str, base: usize) -> Result<String, PatternError> {
    let mut out = String::with_capacity(src.len() * 2);
    let mut rest = src;
    let mut pos = base;
    let mut in_class = false;
    while let Some(c) = rest.chars().next() {
        if !in_class && c == ' ' {
            let spaces = rest.len() - rest.trim_start_matches(' ').len();
            let after = &rest[spaces..];
            if let Some(stripped) = after.strip_prefix('?') {
                out.push_str(&format!("{WS}*"));
                pos += rest.len() - stripped.len();
                rest = stripped;
            } else if let Some((gap, used)) = gap_at(after, pos + spaces)? {
                // " {gap} " — an optional stretch between two words.
                let tail = &after[used..];
                let trailing = tail.len() - tail.trim_start_matches(' ').len();
                // A gap may start right after a word's punctuation ("hộ. Tổng …").
                out.push_str(&format!("(?:{WS}+|{WS}*{}{WS}+)", gap.regex()));
                if trailing == 0 {
                    out.push_str(&format!("{WS}*"));
                }
                pos += spaces + used + trailing;
                rest = &tail[trailing..];
            } else {
                out.push_str(&format!("{WS}+"));
                pos += spaces;
                rest = after;
            }
            continue;
        }
        if c == '{' && !in_class && !rest[1..].starts_with(|d: char| d.is_ascii_digit()) {
            if let Some((gap, used)) = gap_at(rest, pos)? {
                out.push_str(&gap.regex());
                pos += used;
                rest = &rest[used..];
                continue;
            }
            if let Some(tail) = rest.strip_prefix("{num}") {
                out.push_str(&format!("(?:{NUMBER})"));
                pos += 5;
                rest = tail;
                continue;
            }
            if rest.starts_with("{count}")
                || rest.starts_with("{money}")
                || rest.starts_with("{percent}")
            {
                return Err(err(pos, "value placeholder in a pattern that takes none"));
            }
            return Err(err(
                pos,
                "unknown placeholder (known: {count} {money} {percent} {num} {gap} {gap:N} {any:N}; a regex repetition is {n} or {n,m})",
            ));
        }
        if c == '\\' {
            let mut it = rest.chars();
            it.next();
            if let Some(n) = it.next() {
                out.push('\\');
                out.push(n);
                let used = 1 + n.len_utf8();
                pos += used;
                rest = &rest[used..];
                continue;
            }
        }
        if c == '[' {
            in_class = true;
        } else if c == ']' {
            in_class = false;
        }
        out.push(c);
        pos += c.len_utf8();
        rest = &rest[c.len_utf8()..];
    }
    Ok(out)
}

/// Parse `{gap}` or `{gap:N}` at the start of `s`: (width, bytes used).
fn gap_at(s: &str, pos: usize) -> Result<Option<(Gap, usize)>, PatternError> {
    if s.starts_with("{gap}") {
        return Ok(Some((Gap::Sentence(DEFAULT_GAP), 5)));
    }
    let (t, any) = match (s.strip_prefix("{gap:"), s.strip_prefix("{any:")) {
        (Some(t), _) => (t, false),
        (_, Some(t)) => (t, true),
        _ => return Ok(None),
    };
    let Some(end) = t.find('}') else {
        return Err(err(pos, "unclosed {gap:N}"));
    };
    let n: usize = t[..end]
        .parse()
        .map_err(|_| err(pos, "{gap:N} needs a whole number N"))?;
    if n == 0 || n > MAX_GAP {
        return Err(err(
            pos,
            &format!("{{gap:N}} and {{any:N}} take N from 1 to {MAX_GAP}"),
        ));
    }
    let gap = if any {
        Gap::Paragraph(n)
    } else {
        Gap::Sentence(n)
    };
    Ok(Some((gap, 5 + end + 1)))
}

/// A stretch of text a pattern may skip.
#[derive(Debug, Clone, Copy)]
enum Gap {
    /// Within one sentence.
    Sentence(usize),
    /// Within one paragraph.
    Paragraph(usize),
}

impl Gap {
    /// The regex for `width` characters of this gap, lazily.
    fn regex(self) -> String {
        match self {
            Gap::Sentence(n) => format!(r"{GAP_CHAR}{{0,{n}}}?"),
            Gap::Paragraph(n) => format!(r"[^\n]{{0,{n}}}?"),
        }
    }
}

/// Folding lower-cases the pattern, which would turn `\D` into `\d`: refuse
/// upper-case escapes up front with a hint.
fn check_escapes(src: &str) -> Result<(), PatternError> {
    let bytes = src.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'\\' {
            let n = bytes[i + 1];
            if n.is_ascii_uppercase() {
                return Err(err(
                    i,
                    &format!(
                        "\\{} is not allowed: patterns are lower-cased before matching; write a class such as [^0-9] instead",
                        n as char
                    ),
                ));
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    Ok(())
}

fn regex_message(e: &regex::Error) -> String {
    let text = e.to_string();
    let last = text.lines().last().unwrap_or("").trim();
    format!("invalid regular expression: {last}")
}

fn err(offset: usize, message: &str) -> PatternError {
    PatternError {
        offset,
        message: message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_the_value() {
        let p = compile_value("tỷ lệ hộ nghèo {gap} {percent}").unwrap();
        assert_eq!(p.kind, ValueKind::Percent);
        let before = p.before.unwrap();
        assert!(before.is_match("ty le ho ngheo tren dia ban phuong con "));
        assert!(before.is_match("ty le ho ngheo "));
        assert!(!before.is_match("ty le ho ngheo. con "));
        assert!(p.after.is_none());
    }

    #[test]
    fn tone_style_and_case_do_not_matter() {
        let a = compile_plain("Hoà Bình").unwrap();
        assert!(a.is_match(&baocao_viet::fold::fold("HÒA BÌNH")));
    }

    #[test]
    fn optional_space() {
        let p = compile_value("{num} ?% ?\\( ?{count} hộ").unwrap();
        assert!(p.before.unwrap().is_match("1,14%("));
        assert!(p.after.unwrap().is_match(" ho:"));
    }

    #[test]
    fn errors_are_located() {
        let e = compile_value("so ho {count} va {money}").unwrap_err();
        assert_eq!(e.offset, 17);
        let e = compile_value("so ho {bogus} {count}").unwrap_err();
        assert_eq!(e.offset, 6);
        let e = compile_value("so \\D {count}").unwrap_err();
        assert_eq!(e.offset, 3);
        let e = compile_value("so ho (").unwrap_err();
        assert!(e.message.contains("placeholder"));
        let e = compile_value("(so ho {count}").unwrap_err();
        assert!(e.message.contains("regular expression"), "{}", e.message);
    }

    #[test]
    fn any_crosses_sentences_but_not_paragraphs() {
        let p = compile_value("nhà ở là {num} hộ {any:100} tổng kinh phí {money}").unwrap();
        let before = p.before.unwrap();
        assert!(before.is_match("nha o la 84 ho (x). tong kinh phi "));
        assert!(!before.is_match("nha o la 84 ho (x).\ntong kinh phi "));
    }

    #[test]
    fn regex_repetitions_pass_through() {
        let p = compile_value("hộ nghèo (?:\\([^()]{0,30}\\) ?)?,? chiếm {percent}").unwrap();
        assert!(p.before.unwrap().is_match("ho ngheo (a: 1 ho), chiem "));
    }

    #[test]
    fn gap_widths_are_bounded() {
        assert!(compile_value("a {gap:0} {count}").is_err());
        assert!(compile_value("a {gap:999} {count}").is_err());
        assert!(compile_value("a {gap:20} {count}").is_ok());
    }
}
