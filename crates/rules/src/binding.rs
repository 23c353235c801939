//! Binding: which concept each value counts.
//!
//! A value takes the concept named nearest to it, looked for in widening
//! scopes, and stops at the first that names one:
//! 1. its own phrase: the words from the last comma (or the value before) to
//!    it, and from it to the next comma (or the value after): "87 hộ nghèo",
//!    "Hộ nghèo: 87 hộ", "tỷ lệ hộ nghèo còn 1,14%";
//! 2. the rest of its clause, up to the neighbouring values' own phrases;
//! 3. a neighbour, when only linking words stand between them: "96 hộ
//!    nghèo, chiếm 1,14%", "1,14% (96 hộ)", "05 tập thể và 13 cá nhân được
//!    tặng Bằng khen", "…; tổng kinh phí 945 triệu đồng".
//!
//! Within a scope an activity (houses built, jobs created) wins over a state
//! (poor households), then the nearest words win. A concept that takes the
//! value's type but has no metric for it (the near-poor rate, a fund) still
//! takes the value, so that no other concept does. A count binds only to a
//! metric that counts its measure word ("5 lớp" is no figure of any metric).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::clause::Layout;
use crate::concepts::{Mention, Role};
use crate::metrics::Metrics;
use crate::pattern::ValueKind;
use crate::values::Value;

mod inherit;
mod lists;
mod search;

use inherit::inherit_all;
pub use inherit::linking;
use lists::respectively;
use search::{left_search, left_search_in, right_search};

/// How a value was bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// Words in the value's own phrase.
    Own,
    /// Words elsewhere in its clause.
    Clause,
    /// The concept of a neighbouring value.
    Inherited,
}

impl How {
    pub fn as_str(self) -> &'static str {
        match self {
            How::Own => "own",
            How::Clause => "clause",
            How::Inherited => "inherited",
        }
    }
}

/// The concept a value counts and, if it has one, the metric it is a figure of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub concept: usize,
    pub metric: Option<usize>,
    pub how: How,
    /// Folded range of the words (or the value) the concept came from.
    pub evidence: Range<usize>,
}

/// Everything binding looks at.
pub struct Input<'a> {
    pub folded: &'a str,
    pub metrics: &'a Metrics,
    pub values: &'a [Value],
    pub mentions: &'a [Mention],
    /// Folded ranges of former units' names: neutral words between values.
    pub names: &'a [Range<usize>],
    pub layout: &'a Layout,
    /// The text says a table's rows: every value stands in a column of
    /// quantities, so a bare count is a count of what it is bound to.
    pub tabular: bool,
}

/// Bind every value; `None` where no concept is named.
pub fn bind(input: &Input) -> Vec<Option<Binding>> {
    let n = input.values.len();
    let mut out: Vec<Option<Binding>> = (0..n).map(|i| own(input, i)).collect();
    inherit_all(input, &mut out);
    for (i, v) in input.values.iter().enumerate() {
        if out[i].is_none() && v.kind == ValueKind::Count && v.measure.is_some() {
            out[i] = left_search(input, i, true);
        }
    }
    inherit_all(input, &mut out);
    respectively(input, &mut out);
    frames(input, &mut out);
    out
}

/// A sentence framed by a concept ("Hưởng ứng phong trào “Cả nước chung tay
/// xóa nhà tạm, nhà dột nát”, phường đã hoàn thành hỗ trợ 03 căn nhà cho hộ
/// nghèo …") counts that concept: its values bound to a sibling concept (one
/// of the same weak family) are rebound, unless the sentence also has values
/// of the framing concept itself (then it tells the two apart).
fn frames(input: &Input, out: &mut [Option<Binding>]) {
    let concepts = &input.metrics.concepts;
    for (x, c) in concepts.iter().enumerate() {
        for re in &c.frame {
            for m in re.find_iter(input.folded) {
                let sentence = input.layout.sentence(m.start());
                let inside: Vec<usize> = (0..input.values.len())
                    .filter(|&j| {
                        let v = &input.values[j];
                        v.span.start >= sentence.start && v.span.end <= sentence.end
                    })
                    .collect();
                let named = |b: &Binding| b.concept == x && b.how == How::Own;
                if inside.iter().any(|&j| out[j].as_ref().is_some_and(named)) {
                    continue;
                }
                for j in inside {
                    let Some(b) = out[j].as_ref() else { continue };
                    if b.concept == x || !siblings(input, b.concept, x) {
                        continue;
                    }
                    let v = &input.values[j];
                    let measure = v.measure_text(input.folded);
                    let metric = select_metric_for(input, x, v.kind, measure, measure.is_none());
                    out[j] = Some(Binding {
                        concept: x,
                        metric,
                        how: b.how,
                        evidence: m.range(),
                    });
                }
            }
        }
    }
}

/// Whether two concepts are of one weak concept's family.
fn siblings(input: &Input, a: usize, b: usize) -> bool {
    input
        .metrics
        .concepts
        .iter()
        .any(|c| c.weak && c.family.contains(&a) && c.family.contains(&b))
}

/// A value's own phrase: (before, after) folded ranges.
pub fn phrase(input: &Input, i: usize) -> (Range<usize>, Range<usize>) {
    let v = &input.values[i];
    let clause = input.layout.clause(v.span.start);
    let prev_end = prev_in(input, i, &clause).map_or(0, |p| input.values[p].tail());
    let next_start = next_in(input, i, &clause).map_or(usize::MAX, |n| input.values[n].span.start);
    let before = input
        .layout
        .phrase(v.span.start)
        .start
        .max(prev_end)
        .min(v.span.start);
    let tail = v.tail();
    let mut after_end = input.layout.phrase(tail).end.min(next_start).max(tail);
    // "05 tập thể và 12 cá nhân được tặng Bằng khen": two counts joined by
    // "và" share what follows the second.
    if let Some(n) = next_in(input, i, &clause).filter(|&n| paired(input, i, n)) {
        let nt = input.values[n].tail();
        let n_next = next_in(input, n, &clause).map_or(usize::MAX, |m| input.values[m].span.start);
        after_end = input.layout.phrase(nt).end.min(n_next).max(after_end);
    }
    (before..v.span.start, v.span.end..after_end)
}

/// Values `i` and `n` are counts of one type in different measure words
/// joined by "và": "05 tập thể và 12 cá nhân".
fn paired(input: &Input, i: usize, n: usize) -> bool {
    let (a, b) = (&input.values[i], &input.values[n]);
    let word = |v: &crate::values::Value| v.measure.clone().map(|m| &input.folded[m]);
    let joined = input
        .folded
        .get(a.tail()..b.span.start)
        .is_some_and(|gap| gap.trim() == "va");
    a.kind == b.kind
        && !a.measure_before
        && joined
        && word(a).is_some()
        && word(b).is_some()
        && word(a) != word(b)
}

/// The rest of a value's clause, outside its own phrase and its neighbours'.
pub(super) fn clause_scope(input: &Input, i: usize) -> (Range<usize>, Range<usize>) {
    let v = &input.values[i];
    let clause = input.layout.clause(v.span.start);
    let (own_before, own_after) = phrase(input, i);
    let start = match prev_in(input, i, &clause) {
        Some(p) => phrase(input, p).1.end,
        None => clause.start,
    };
    let end = match next_in(input, i, &clause) {
        Some(n) => phrase(input, n).0.start,
        None => clause.end,
    };
    (
        start.min(own_before.start)..own_before.start,
        own_after.end..end.max(own_after.end),
    )
}

/// The value before `i` in its clause (inline bare numbers skipped).
pub fn prev_in(input: &Input, i: usize, clause: &Range<usize>) -> Option<usize> {
    (0..i)
        .rev()
        .take_while(|&p| input.values[p].span.start >= clause.start)
        .find(|&p| !input.values[p].inline)
}

/// The value after `i` in its clause (inline bare numbers skipped).
pub fn next_in(input: &Input, i: usize, clause: &Range<usize>) -> Option<usize> {
    (i + 1..input.values.len())
        .take_while(|&n| input.values[n].span.start < clause.end)
        .find(|&n| !input.values[n].inline)
}

pub(super) fn own(input: &Input, i: usize) -> Option<Binding> {
    let (before, after) = phrase(input, i);
    // The cost of an activity is named after it: "… nhà ở cho 106 hộ, với
    // tổng kinh phí 2,9 tỷ đồng từ nguồn ngân sách" is the cost of the houses,
    // whatever the words after the amount say about where it came from.
    let money = input.values[i].kind == ValueKind::Money;
    let cost = money && COST.is_match(&input.folded[before.clone()]);
    // "Huy động 1.040.000.000đ để xóa 13 ngôi nhà tạm": money for a purpose;
    // "Với 1.350 triệu đồng huy động …, phường đã xóa 23 nhà tạm": money as
    // the means the sentence opens with.
    if money && (PURPOSE.is_match(&input.folded[after.clone()]) || fronted_means(input, i)) {
        if let Some(b) = right_search(input, i) {
            // What it paid for is a plan ("Với 2 tỷ đồng, phường phấn đấu
            // đến năm 2030 xóa 40 nhà tạm"): so is the money.
            let at = b.evidence.start;
            let ctx = &input.metrics.context;
            if crate::cues::cue_at(input.folded, input.layout, ctx, at, false).is_some() {
                return None;
            }
            return Some(b);
        }
    }
    let only_before = |r: Range<usize>| if cost { r.start..r.start } else { r };
    let own = best(input, i, &before, &only_before(after), How::Own);
    let concepts = &input.metrics.concepts;
    // "Về nhà ở, 41 hộ nghèo, cận nghèo được hỗ trợ": a state that gives no
    // figure names who was helped; the activity of the clause counts them.
    let mere_state = |b: &Binding| b.metric.is_none() && concepts[b.concept].role == Role::State;
    if own.as_ref().is_some_and(|b| !mere_state(b)) {
        return own;
    }
    let (cbefore, cafter) = clause_scope(input, i);
    let clause = best(input, i, &cbefore, &only_before(cafter), How::Clause);
    let activity = |c: &Binding| concepts[c.concept].role == Role::Activity && c.metric.is_some();
    match (own, clause) {
        (_, Some(c)) if activity(&c) => return Some(c),
        (Some(o), _) => return Some(o),
        (None, Some(c)) => return Some(c),
        (None, None) => {}
    }
    if cost {
        // "…(Hương Sơn 26 hộ, …). Tổng kinh phí thực hiện 34.200.000đ, trong
        // đó ngân sách …": the activity of this sentence, else of the one
        // before, else the one named after the amount.
        let v = &input.values[i];
        let previous = input
            .layout
            .previous_sentence(v.span.start)
            .filter(|s| !input.folded[s.end..v.span.start].contains('\n'));
        return left_search(input, i, false)
            .or_else(|| previous.and_then(|s| left_search_in(input, i, s.start, false)))
            .or_else(|| right_search(input, i));
    }
    None
}

/// "để" right after an amount: what it was spent on follows.
static PURPOSE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*(?:de|nham)\b").unwrap());

/// A preposition of means opening a sentence, then at most a few words
/// before the amount: "Với", "Nhờ", "Bằng (nguồn)".
static MEANS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\s\-–+•*]*(?:voi|nho|bang)\b[a-z ]{0,40}$").unwrap());

/// Whether value `i` stands in a phrase of means that opens its sentence.
fn fronted_means(input: &Input, i: usize) -> bool {
    let v = &input.values[i];
    let sentence = input.layout.sentence(v.span.start);
    MEANS.is_match(&input.folded[sentence.start..v.span.start])
}

/// Words that make an amount of money the cost of the activity of its
/// sentence ("…, tổng kinh phí 2.060 triệu đồng").
static COST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:kinh phi|so tien|tri gia|gia tri|tong von|nguon von|nguon luc|chi phi|tong)\b",
    )
    .unwrap()
});

/// A candidate mention: (mention index, resolved concept, metric, distance, after?).
type Candidate = (usize, usize, Option<usize>, usize, bool);

pub(super) fn best(
    input: &Input,
    i: usize,
    before: &Range<usize>,
    after: &Range<usize>,
    how: How,
) -> Option<Binding> {
    let v = &input.values[i];
    let mut cands: Vec<Candidate> = Vec::new();
    for mi in near(input.mentions, before.start..after.end.max(v.span.end)) {
        let m = &input.mentions[mi];
        let (dist, is_after) = if m.span.end <= v.span.start
            && m.span.end > before.start
            && m.span.end <= before.end
        {
            (v.span.start - m.span.end, false)
        } else if m.span.start >= v.span.end && m.span.start < after.end && !after.is_empty() {
            (m.span.start - v.span.end, true)
        } else {
            continue;
        };
        if let Some((concept, metric)) = usable(input, i, mi, dist, is_after) {
            cands.push((mi, concept, metric, dist, is_after));
        }
    }
    let concepts = &input.metrics.concepts;
    // Words between this value and the one before, with no comma between,
    // describe that one first ("1.156 cá nhân đạt LĐTT và 148 cá nhân đạt
    // CSTĐCS"): here the words after the value come first.
    let clause = input.layout.clause(v.span.start);
    let shared = how == How::Own
        && prev_in(input, i, &clause).is_some_and(|p| input.values[p].tail() == before.start);
    let chosen = cands.into_iter().min_by_key(|&(_, c, _, dist, is_after)| {
        (
            concepts[c].role != Role::Activity,
            shared && !is_after,
            dist,
            !is_after,
        )
    })?;
    let m = &input.mentions[chosen.0];
    Some(Binding {
        concept: chosen.1,
        metric: chosen.2,
        how,
        evidence: m.span.clone(),
    })
}

/// Between a label and a bare number: "Số hộ nghèo: 96", "CSTĐCS – 165",
/// "Số hộ nghèo (hộ) 96" (a table row).
static LABEL_GAP: LazyLock<Regex> = LazyLock::new(|| {
    let p = r#"[\s:\-–"“”'’]*"#;
    Regex::new(&format!(
        r"^{p}(?:\([a-z ]{{1,20}}\))?{p}(?:la|dat|co|con|gom)?{p}$"
    ))
    .unwrap()
});

/// Whether mention `mi` may take value `i`: (concept, metric) if so.
pub(super) fn usable(
    input: &Input,
    i: usize,
    mi: usize,
    dist: usize,
    is_after: bool,
) -> Option<(usize, Option<usize>)> {
    let v = &input.values[i];
    let m = &input.mentions[mi];
    let concept = resolve(input, i, m.concept);
    let c = &input.metrics.concepts[concept];
    if !c.captures(v.kind) || (c.role == Role::State && beneficiary(input, i)) {
        return None;
    }
    let has_metric = c
        .metrics
        .iter()
        .any(|&k| input.metrics.metrics[k].value == v.kind);
    if !has_metric {
        return Some((concept, None));
    }
    let bare_ok = if is_after {
        dist <= 1
    } else {
        !v.inline && LABEL_GAP.is_match(&input.folded[m.span.end..v.span.start])
    };
    if v.inline && !bare_ok {
        return None;
    }
    // "09 Bằng khen tập thể", "16 Bằng khen cho cá nhân": the title stands
    // for the measure word, which follows it.
    if v.measure.is_none() && is_after && bare_ok {
        if let Some(w) = measure_after_title(input, m.span.end) {
            return select_metric_for(input, concept, v.kind, Some(w), false)
                .map(|k| (concept, Some(k)));
        }
    }
    match select_metric(input, concept, i, bare_ok) {
        Some(k) => Some((concept, Some(k))),
        // A bare number after a label of the concept that is no label
        // ("… qua các năm: 2021: 2"): bound, but no figure.
        None if v.measure.is_none() => Some((concept, None)),
        None => None,
    }
}

/// "cho 120 hộ nghèo", "hỗ trợ 18 hộ nghèo": the value is who an activity
/// was for, not a level of a state.
pub(super) fn beneficiary(input: &Input, i: usize) -> bool {
    let v = &input.values[i];
    let start = input.layout.phrase(v.span.start).start.min(v.head());
    let before = input.folded[start..v.head()].trim_end();
    let words = &input.metrics.context.beneficiary_before;
    words.iter().any(|w| {
        before
            .strip_suffix(w.as_str())
            .is_some_and(|s| s.is_empty() || s.ends_with([' ', '(']))
    })
}

/// A measure word right after a title: "Bằng khen tập thể", "Bằng khen cho
/// cá nhân".
pub(super) fn measure_after_title<'a>(input: &Input<'a>, end: usize) -> Option<&'a str> {
    let rest = input.folded[end..].trim_start();
    let rest = rest.strip_prefix("cho ").unwrap_or(rest);
    input
        .metrics
        .measure_words
        .iter()
        .filter(|(f, _)| {
            rest.strip_prefix(f.as_str())
                .is_some_and(|t| !t.starts_with(char::is_alphanumeric))
        })
        .max_by_key(|(f, _)| f.len())
        .map(|(f, _)| f.as_str())
}

/// The metric of `concept` that value `i` is a figure of: its type, and for a
/// count its measure word (a bare number only where `bare_ok`). Among several,
/// the metric whose own concept it is.
pub fn select_metric(input: &Input, concept: usize, i: usize, bare_ok: bool) -> Option<usize> {
    let v = &input.values[i];
    let measure = v
        .measure_text(input.folded)
        .or_else(|| label_measure(input, v.span.start, v.span.end));
    select_metric_for(
        input,
        concept,
        v.kind,
        measure,
        bare_ok || (input.tabular && !v.inline),
    )
}

/// The measure word of a label that a bare number closes after a colon:
/// "cá nhân được tặng Bằng khen: 21." counts individuals. Only one measure
/// word in the label, and nothing but punctuation after the number.
fn label_measure<'a>(input: &Input<'a>, start: usize, end: usize) -> Option<&'a str> {
    let before = input.folded[..start].trim_end();
    let label_end = before.strip_suffix(':')?.len();
    let rest = &input.folded[end..input.layout.clause(end).end.max(end)];
    if rest.chars().any(char::is_alphanumeric) {
        return None;
    }
    let label_start = input.layout.phrase(label_end).start.min(label_end);
    let label = &input.folded[label_start..label_end];
    let found: Vec<&'a str> = input
        .metrics
        .measure_words
        .iter()
        .map(|(f, _)| f.as_str())
        .filter(|f| {
            label
                .match_indices(*f)
                .any(|(at, _)| crate::concepts::word_bounded(label, at..at + f.len()))
        })
        .collect();
    match found.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// [`select_metric`] for a value of `kind` counted in `measure`.
pub fn select_metric_for(
    input: &Input,
    concept: usize,
    kind: ValueKind,
    measure: Option<&str>,
    bare_ok: bool,
) -> Option<usize> {
    let fits: Vec<usize> = input.metrics.concepts[concept]
        .metrics
        .iter()
        .copied()
        .filter(|&k| {
            let m = &input.metrics.metrics[k];
            m.value == kind
                && (kind != ValueKind::Count
                    || match measure {
                        Some(w) => m.measures.iter().any(|x| x == w),
                        None => bare_ok,
                    })
        })
        .collect();
    match fits.as_slice() {
        [one] => Some(*one),
        [] => None,
        many => {
            let primary: Vec<usize> = many
                .iter()
                .copied()
                .filter(|&k| input.metrics.metrics[k].concepts.first() == Some(&concept))
                .collect();
            (primary.len() == 1).then(|| primary[0])
        }
    }
}

/// A weak concept stands for the nearest specific concept of its family in
/// the value's clause, else in its sentence, else for the family's first.
pub(super) fn resolve(input: &Input, i: usize, concept: usize) -> usize {
    let c = &input.metrics.concepts[concept];
    if !c.weak {
        return concept;
    }
    let v = &input.values[i];
    let at = v.span.start;
    for scope in [input.layout.clause(at), input.layout.sentence(at)] {
        let nearest = near(input.mentions, scope.clone())
            .map(|mi| &input.mentions[mi])
            .filter(|m| c.family.contains(&m.concept))
            .filter(|m| m.span.start >= scope.start && m.span.end <= scope.end)
            .min_by_key(|m| m.span.start.abs_diff(at).min(m.span.end.abs_diff(at)));
        if let Some(m) = nearest {
            return m.concept;
        }
    }
    c.family[0]
}

/// Indices of the mentions (sorted by start) that may overlap `range`.
pub(super) fn near(mentions: &[Mention], range: Range<usize>) -> Range<usize> {
    /// Longer than any concept's words.
    const REACH: usize = 256;
    let lo = mentions.partition_point(|m| m.span.start + REACH < range.start);
    let hi = mentions.partition_point(|m| m.span.start < range.end);
    lo..hi.max(lo)
}
