//! Not every number is a result. A value is not a figure when its sentence
//! makes it a plan or a target, the start of the period, unfinished work or
//! the count of a smaller place (`[[cue]]` of `rules/metrics.toml`), a change,
//! an average, a rate per unit or a need (`[context]`), one year's part of a
//! per-year list, or a yearly count of another year than the report's.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::clause::Layout;
use crate::metrics::{Context, CueScope};
use crate::text::DocText;
use crate::values::Value;

/// Why a value is not a result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// A `[[cue]]` of the rules holds (its id: plan, start, started, place …).
    Cue(String),
    /// A change, an average or a rate per unit ("giảm 0,64%", "mỗi nhà …").
    Change,
    /// Words right after it: "so với cùng kỳ", "kế hoạch", "cần hỗ trợ" …
    After,
    /// One year of a per-year list ("năm 2021: 352 người; năm 2022: …").
    PerYear,
    /// A count over one year that is not the report's ("năm 2023 có 28 cá
    /// nhân đạt Lao động tiên tiến" in a 2020–2025 report).
    OneYear,
}

/// What the cues need to know about a value beyond its text.
#[derive(Debug, Clone, Copy, Default)]
pub struct Facts {
    /// The value is a part of a breakdown by former unit.
    pub part: bool,
    /// Its metric is counted over the period (see `Metric::per_period`).
    pub per_period: bool,
    /// The report's year, when known.
    pub year: Option<u32>,
}

/// Why `values[i]` is not a result, if it is not. `after` is the value's own
/// phrase after it (up to the next comma or value).
pub fn not_a_result(
    doc: &DocText,
    layout: &Layout,
    ctx: &Context,
    values: &[Value],
    i: usize,
    after: Range<usize>,
    facts: Facts,
) -> Option<Reason> {
    let folded = doc.folded();
    let v = &values[i];
    let from = window_start(folded, layout, ctx, v.span.start);
    if let Some(id) = cue_at(folded, layout, ctx, v.span.start, facts.part) {
        return Some(Reason::Cue(id));
    }
    if right_before(doc, ctx, from, v.span.start) {
        return Some(Reason::Change);
    } // From the last comma or the value before ("từ 380 đến 420 lao động":
      // a bare "380" inside the phrase is no boundary).
    let prev_end = values[..i]
        .iter()
        .rev()
        .find(|u| !u.inline)
        .map_or(0, Value::tail);
    let phrase_start = layout
        .phrase(v.span.start)
        .start
        .max(prev_end)
        .min(v.span.start);
    let phrase_before = doc.source_text(phrase_start..v.span.start).to_lowercase();
    if ctx
        .exclude_phrase_before
        .iter()
        .any(|re| re.is_match(&phrase_before))
    {
        return Some(Reason::Change);
    }
    let after_text = &folded[v.span.end..after.end.max(v.span.end)];
    if ctx
        .exclude_right_after
        .iter()
        .any(|re| re.is_match(after_text))
    {
        return Some(Reason::After);
    }
    if per_year(folded, layout, values, i) {
        return Some(Reason::PerYear);
    }
    if facts.per_period
        && another_year(
            folded,
            layout,
            v.span.start,
            facts.year.unwrap_or(ctx.report_year),
        )
    {
        return Some(Reason::OneYear);
    }
    None
}

/// The cue (its id) that holds at `pos` of `folded`: one of its `before`
/// words stands back within its scope (and the window), with no `reset`
/// word after it. `part`: the position is a part of a breakdown.
pub fn cue_at(
    folded: &str,
    layout: &Layout,
    ctx: &Context,
    pos: usize,
    part: bool,
) -> Option<String> {
    let from = window_start(folded, layout, ctx, pos);
    ctx.cues
        .iter()
        .filter(|c| c.parts || !part)
        .find(|cue| {
            let start = scope_start(folded, layout, pos, cue.scope).max(from);
            cue_holds(
                &without_closed_parens(&folded[start..pos]),
                &cue.before,
                &cue.reset,
            )
        })
        .map(|cue| cue.id.clone())
}

/// How far back from `pos` words are read: the start of its sentence, at
/// most [`Context::window`] bytes back.
fn window_start(folded: &str, layout: &Layout, ctx: &Context, pos: usize) -> usize {
    layout
        .sentence(pos)
        .start
        .max(floor(folded, pos.saturating_sub(ctx.window)))
}

/// Where a cue of `scope` is looked for back from `pos`.
fn scope_start(folded: &str, layout: &Layout, pos: usize, scope: CueScope) -> usize {
    match scope {
        CueScope::Sentence => layout.sentence(pos).start,
        CueScope::Clause => layout.clause(pos).start,
        CueScope::Phrase => {
            let clause = layout.clause(pos).start;
            let b = folded.as_bytes();
            // A comma between digits is a decimal comma ("18,6%"), no break.
            let decimal = |i: usize| {
                i > 0 && b[i - 1].is_ascii_digit() && b.get(i + 1).is_some_and(u8::is_ascii_digit)
            };
            (clause..pos)
                .rev()
                .find(|&i| b[i] == b',' && !decimal(i))
                .map_or(clause, |i| i + 1)
        }
    }
}

static YEAR_IN_CLAUSE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(tu |den )?nam (20\d\d)\b( ?[-–])?").unwrap());

/// The last year named before `pos` in its clause is a single year (not
/// "từ năm …", not a range) before the report's: a yearly count.
fn another_year(folded: &str, layout: &Layout, pos: usize, report_year: u32) -> bool {
    let clause = layout.clause(pos).start;
    let Some(c) = YEAR_IN_CLAUSE.captures_iter(&folded[clause..pos]).last() else {
        return false;
    };
    let single = c.get(1).is_none() && c.get(3).is_none();
    let year: u32 = c[2].parse().unwrap_or(report_year);
    // The year governs the value when it stands in the value's phrase ("năm
    // 2023 có 28 cá nhân") or opens the clause ("Riêng năm 2024, …"), not
    // when it dates another thing ("tặng Cờ thi đua năm 2022 (01 tập thể)
    // và có 38 tập thể …").
    let at = clause + c.get(0).map_or(0, |m| m.start());
    let in_phrase = at >= layout.phrase(pos).start;
    let opens = folded[clause..at].split_whitespace().count() <= 3;
    single && year < report_year && (in_phrase || opens)
}

/// `text` with every parenthesis that closes inside it blanked: "(mức hỗ
/// trợ bình quân 43,8 triệu đồng/nhà) (Tứ Hạ: 24 nhà": an aside says
/// nothing about what follows it.
fn without_closed_parens(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(')') {
        return text.into();
    }
    let mut out = text.as_bytes().to_vec();
    let mut open: Vec<usize> = Vec::new();
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'(' => open.push(i),
            b')' => {
                if let Some(s) = open.pop() {
                    for c in &mut out[s..=i] {
                        if *c != b'\n' {
                            *c = b' ';
                        }
                    }
                }
            }
            _ => {}
        }
    }
    // Whole characters were blanked (parentheses are ASCII), so this holds.
    String::from_utf8(out).map_or(text.into(), Into::into)
}

/// The last match of a cue comes after the last match of its resets.
fn cue_holds(text: &str, cues: &[Regex], resets: &[Regex]) -> bool {
    let last = |res: &[Regex]| {
        res.iter()
            .filter_map(|re| re.find_iter(text).last().map(|m| m.end()))
            .max()
    };
    match (last(cues), last(resets)) {
        (Some(c), Some(r)) => c > r,
        (Some(_), None) => true,
        _ => false,
    }
}

/// Words right before the value, compared with their diacritics: folding
/// would make "tặng 3 Cờ thi đua" (awarded) a "tăng" (increase).
pub fn right_before(doc: &DocText, ctx: &Context, from: usize, at: usize) -> bool {
    let written = doc.source_text(from..at).to_lowercase();
    let trimmed = written.trim_end();
    ctx.exclude_right_before.iter().any(|w| {
        trimmed.ends_with(w.as_str())
            && !trimmed[..trimmed.len() - w.len()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
    })
}

static YEAR_STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[^0-9\-–])(?:nam )?(?:19|20)\d\d\s*(?:\([^()]{0,20}\))?\s*(?::|co|la|dat)?\s*[:\-–]?\s*$",
    )
    .unwrap()
});

/// One of two or more values of a sentence each stamped with its own year
/// ("năm 2021: 352 người; năm 2022: 368 người; …").
fn per_year(folded: &str, layout: &Layout, values: &[Value], i: usize) -> bool {
    let stamped = |j: usize| {
        let v = &values[j];
        let clause = layout.clause(v.span.start);
        let start = if j > 0 {
            clause.start.max(values[j - 1].tail()).min(v.span.start)
        } else {
            clause.start
        };
        let before = &folded[start..v.span.start];
        YEAR_STAMP.is_match(before)
    };
    if !stamped(i) {
        return false;
    }
    let sentence = layout.sentence(values[i].span.start);
    let count = values
        .iter()
        .enumerate()
        .filter(|(_, v)| v.span.start >= sentence.start && v.span.end <= sentence.end)
        .filter(|&(j, _)| stamped(j))
        .count();
    count >= 2
}

fn floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
