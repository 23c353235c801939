//! Lists read in order: "Hộ nghèo, hộ cận nghèo lần lượt còn 204 hộ và 143
//! hộ" — the values after "lần lượt"/"tương ứng" take the concepts (or the
//! measure words) named before it, one each, in order.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{linking, select_metric_for, Binding, How, Input};
use crate::concepts::Mention;
use crate::pattern::ValueKind;

static RESPECTIVELY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:lan luot|tuong ung)\b").unwrap());

/// "Hộ nghèo, hộ cận nghèo lần lượt còn 204 hộ và 143 hộ", "Tập thể và cá
/// nhân được tặng Bằng khen tương ứng là 08 và 19": the values after
/// "lần lượt"/"tương ứng" take, in order, the concepts (or the measure words)
/// named before it.
pub(super) fn respectively(input: &Input, out: &mut [Option<Binding>]) {
    for cue in RESPECTIVELY.find_iter(input.folded) {
        let clause = input.layout.clause(cue.start());
        let after: Vec<usize> = (0..input.values.len())
            .filter(|&j| {
                let v = &input.values[j];
                v.span.start >= cue.end() && v.span.end <= clause.end
            })
            .collect();
        if after.len() < 2 {
            continue;
        }
        let listed = after.windows(2).all(|w| {
            linking(
                input,
                input.values[w[0]].tail()..input.values[w[1]].span.start,
            )
        });
        if !listed {
            continue;
        }
        let before = clause.start..cue.start();
        let kind = input.values[after[0]].kind;
        let concepts = leaf_concepts(input, before.clone(), kind, after.len());
        let measures = measure_words_in(input, before.clone());
        for (n, &j) in after.iter().enumerate() {
            let (concept, measure) = if concepts.len() == after.len() {
                (concepts[n], input.values[j].measure_text(input.folded))
            } else if concepts.len() == 1 && measures.len() == after.len() {
                (concepts[0], Some(measures[n].as_str()))
            } else {
                break;
            };
            let v = &input.values[j];
            let metric = select_metric_for(input, concept, v.kind, measure, true);
            out[j] = Some(Binding {
                concept,
                metric,
                how: How::Own,
                evidence: cue.range(),
            });
        }
    }
}

/// The `n` concepts named in `range` that take values of `kind`, in order,
/// each once: the words as read ("tập thể lao động tiên tiến"), else the
/// words inside longer words ("hộ nghèo, hộ cận nghèo" names two).
fn leaf_concepts(input: &Input, range: Range<usize>, kind: ValueKind, n: usize) -> Vec<usize> {
    let concepts = &input.metrics.concepts;
    let all = crate::concepts::scan_all(input.folded, range.clone(), concepts);
    let contains = |a: &Mention, b: &Mention| {
        a.span != b.span && a.span.start <= b.span.start && b.span.end <= a.span.end
    };
    let pick = |keep: &dyn Fn(&Mention) -> bool| {
        let mut out: Vec<usize> = Vec::new();
        for m in all.iter().filter(|m| keep(m)) {
            let c = &concepts[m.concept];
            if !c.weak && c.captures(kind) && !out.contains(&m.concept) {
                out.push(m.concept);
            }
        }
        out
    };
    let top = pick(&|m| !all.iter().any(|o| contains(o, m)));
    if top.len() == n {
        return top;
    }
    pick(&|m| !all.iter().any(|o| contains(m, o)))
}

/// The measure words (folded) standing in `range`, in order.
fn measure_words_in(input: &Input, range: Range<usize>) -> Vec<String> {
    let text = &input.folded[range];
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    let mut j = 0;
    while j < words.len() {
        let found = input
            .metrics
            .measure_words
            .iter()
            .map(|(f, _)| f)
            .filter(|f| {
                let n = f.split(' ').count();
                j + n <= words.len() && words[j..j + n].join(" ") == **f
            })
            .max_by_key(|f| f.len());
        match found {
            Some(f) => {
                j += f.split(' ').count();
                out.push(f.clone());
            }
            None => j += 1,
        }
    }
    out
}
