//! Inheritance: a value whose own words name no concept takes the concept of
//! the value next to it when only linking words stand between them ("96 hộ
//! nghèo, chiếm 1,14%", "1,14% (96 hộ)", "05 tập thể và 13 cá nhân được tặng
//! Bằng khen"), or of the clause before ("…; tổng kinh phí 945 triệu đồng").

use std::ops::Range;

use super::search::left_search;
use super::{near, next_in, phrase, prev_in, select_metric, Binding, How, Input};

pub(super) fn inherit_all(input: &Input, out: &mut [Option<Binding>]) {
    let n = input.values.len();
    for _ in 0..4 {
        let mut changed = false;
        for i in 0..n {
            if out[i].is_none() {
                if let Some(b) = inherit(input, i, out) {
                    out[i] = Some(b);
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
}

/// Take the concept of a neighbour when only linking words stand between.
fn inherit(input: &Input, i: usize, bound: &[Option<Binding>]) -> Option<Binding> {
    let v = &input.values[i];
    let clause = input.layout.clause(v.span.start);
    let (own_before, own_after) = phrase(input, i);
    let after_links = linking(input, v.tail().min(own_after.end)..own_after.end);
    let from = |j: usize| -> Option<Binding> {
        let b = bound[j].as_ref()?;
        let metric = input.metrics.concepts[b.concept]
            .captures(v.kind)
            .then(|| select_metric(input, b.concept, i, false))
            .flatten();
        Some(Binding {
            concept: b.concept,
            metric,
            how: How::Inherited,
            evidence: input.values[j].span.clone(),
        })
    };
    if let Some(p) = prev_in(input, i, &clause) {
        // The words right after the value before describe it, not this one:
        // "221 hộ nghèo còn lại trên địa bàn (phường Thủy Châu 22 hộ, …".
        let lo = input.values[p].tail().min(v.head());
        let from_end = phrase(input, p).1.end.max(lo).min(v.head());
        if after_links && linking(input, from_end..v.head()) {
            if let Some(b) = from(p) {
                return Some(b);
            }
        }
    }
    if let Some(n) = next_in(input, i, &clause) {
        if linking(input, v.tail()..input.values[n].span.start) {
            if let Some(b) = from(n) {
                return Some(b);
            }
        }
    }
    let clause_left = clause.start..own_before.end.min(v.head());
    if prev_in(input, i, &clause).is_none()
        && after_links
        && (linking(input, clause_left.clone()) || few_words(input, clause_left.clone()))
    {
        let sentence = input.layout.sentence(v.span.start);
        let reach = input
            .layout
            .previous_sentence(v.span.start)
            .filter(|s| !input.folded[s.end..sentence.start].contains('\n'))
            .map_or(sentence.start, |s| s.start);
        let last = (0..i)
            .rev()
            .take_while(|&j| input.values[j].span.start >= reach)
            .find(|&j| bound[j].is_some());
        let same_measure =
            |j: usize| input.values[j].measure_text(input.folded) == v.measure_text(input.folded);
        if !linking(input, clause_left)
            && !last.is_some_and(|j| v.measure.is_some() && same_measure(j))
        {
            return None;
        }
        return match last {
            Some(j) => from(j),
            // "Sự hài lòng của người dân được nâng lên; năm 2024 đạt 97,8%."
            None => left_search(input, i, false),
        };
    }
    None
}

/// At most four words: "…; đến nay chỉ còn 96 hộ".
fn few_words(input: &Input, range: Range<usize>) -> bool {
    input.folded[range]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count()
        <= 4
}

/// Whether `range` holds nothing but linking words, concept words, years
/// and punctuation.
pub fn linking(input: &Input, range: Range<usize>) -> bool {
    if range.start > range.end {
        return false;
    }
    let mut text = input.folded[range.clone()].to_string();
    let spans = near(input.mentions, range.clone())
        .map(|mi| &input.mentions[mi].span)
        .chain(input.names);
    for span in spans {
        if span.start < range.end && span.end > range.start {
            let a = span.start.max(range.start) - range.start;
            let b = span.end.min(range.end) - range.start;
            text.replace_range(a..b, &" ".repeat(b - a));
        }
    }
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let linkers = &input.metrics.context.linkers;
    // reach[j]: the first j words can be read as linkers.
    let mut reach = vec![false; words.len() + 1];
    reach[0] = true;
    for j in 0..words.len() {
        if !reach[j] {
            continue;
        }
        let w = words[j];
        if w.bytes().all(|b| b.is_ascii_digit()) || w.chars().count() == 1 {
            reach[j + 1] = true;
        }
        for l in linkers {
            let n = l.split(' ').count();
            if j + n <= words.len() && words[j..j + n].join(" ") == *l {
                reach[j + n] = true;
            }
        }
    }
    reach[words.len()]
}
