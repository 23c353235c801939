//! Not every number is a result. A value is not a figure when its sentence
//! makes it a plan or a target, the start of the period, a change, an
//! average, a rate per unit, a need or unfinished work, or when it is one
//! year's part of a per-year list — all cues kept in `[context]` of
//! `rules/metrics.toml`.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::clause::Layout;
use crate::metrics::Context;
use crate::text::DocText;
use crate::values::Value;

/// Why a value is not a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Plan,
    Start,
    Change,
    After,
    PerYear,
    /// The value of a smaller place than the unit (a village, a group).
    Place,
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
) -> Option<Reason> {
    let folded = doc.folded();
    let v = &values[i];
    let sentence = layout.sentence(v.span.start);
    let from = sentence
        .start
        .max(floor(folded, v.span.start.saturating_sub(ctx.window)));
    let before = &folded[from..v.span.start];
    if cue_holds(before, &ctx.plan_before, &ctx.plan_reset) {
        return Some(Reason::Plan);
    }
    let clause_from = layout.clause(v.span.start).start.max(from);
    let in_clause = &folded[clause_from..v.span.start];
    if cue_holds(in_clause, &ctx.start_before, &ctx.start_reset) {
        return Some(Reason::Start);
    }
    if ctx.place_before.iter().any(|re| re.is_match(in_clause)) {
        return Some(Reason::Place);
    }
    if right_before(doc, ctx, from, v.span.start) {
        return Some(Reason::Change);
    }
    let phrase_start = layout
        .phrase(v.span.start)
        .start
        .max(if i > 0 { values[i - 1].tail() } else { 0 })
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
    None
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
fn right_before(doc: &DocText, ctx: &Context, from: usize, at: usize) -> bool {
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
        r"(?:^|[^0-9])(?:nam )?(?:19|20)\d\d\s*(?:\([^()]{0,20}\))?\s*(?::|co|la|dat)?\s*[:\-–]?\s*$",
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
