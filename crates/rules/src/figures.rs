//! The figure engine: every number of a report against every rule.
//!
//! Each number is classified once ([`crate::tokens`]). A rule matches a number
//! of its kind when its *before* part ends right at the number and its
//! *after* part starts right behind it. Then, in order:
//! 1. numbers inside a per-subunit list belong to subunits, not to the unit;
//! 2. numbers in plans and targets, start-of-period values and excluded
//!    sections are not achievements (`[context]` of `rules/metrics.toml`);
//! 3. a number claimed by several metrics goes to the tightest match;
//! 4. each whole-unit figure reads its breakdown, if one follows.

use std::ops::Range;

use crate::breakdown;
use crate::metrics::{Context as RuleContext, Metric, Metrics, Rule};
use crate::text::DocText;
use crate::tokens::{self, Token, TokenKind};
use crate::units::Unit;

/// One figure found in a report.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Figure {
    pub metric: String,
    /// Empty for the whole unit, else the former unit's name.
    pub subunit: String,
    /// Whether `subunit` is one of the unit's registered former units.
    pub known_subunit: bool,
    pub value: f64,
    pub unit_of_measure: String,
    pub page: u32,
    pub rule: String,
    pub snippet: String,
    /// Folded range of the matched text.
    #[serde(skip)]
    pub span: Range<usize>,
}

/// What the engine needs to know about the report.
#[derive(Debug, Default)]
pub struct Scope<'a> {
    pub kind: Option<&'a str>,
    pub unit: Option<&'a Unit>,
    /// Folded ranges whose figures are plans (e.g. the "directions" section).
    pub excluded: Vec<Range<usize>>,
}

/// Longest stretch before a value that a rule's *before* part may span.
const BEFORE_WINDOW: usize = 500;
/// Longest stretch after a value that a rule's *after* part may span.
const AFTER_WINDOW: usize = 300;
const SNIPPET_CHARS: usize = 200;

struct Candidate<'m> {
    metric: &'m Metric,
    rule: &'m Rule,
    token: usize,
    span: Range<usize>,
}

/// Find every figure of `doc`.
pub fn find(doc: &DocText, metrics: &Metrics, scope: &Scope) -> Vec<Figure> {
    let tokens = tokens::scan(doc);
    let zones = breakdown::zones(doc, scope.unit);
    let applicable: Vec<&Metric> = metrics
        .metrics
        .iter()
        .filter(|m| m.applies_to(scope.kind))
        .collect();
    let mut winners: Vec<Candidate> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let TokenKind::Value(kind) = t.kind else {
            continue;
        };
        if inside(&zones, t.digits.start)
            || inside(&scope.excluded, t.digits.start)
            || not_an_achievement(doc, &metrics.context, t)
        {
            continue;
        }
        let best = applicable
            .iter()
            .filter(|m| m.value == kind)
            .filter_map(|m| m.rules.iter().find_map(|r| try_rule(doc, m, r, i, t)))
            .min_by_key(|c| c.span.len());
        winners.extend(best);
    }
    let mut out: Vec<Figure> = Vec::new();
    for c in winners {
        let t = &tokens[c.token];
        if out
            .iter()
            .any(|f| f.metric == c.metric.id && f.subunit.is_empty() && f.value == t.value)
        {
            continue;
        }
        out.push(figure(doc, &c, "", true, t.value, c.span.clone()));
        add_breakdown(doc, &tokens, scope, &c, &mut out);
    }
    out
}

/// Whether rule `r` of metric `m` matches around token `t`.
fn try_rule<'m>(
    doc: &DocText,
    m: &'m Metric,
    r: &'m Rule,
    i: usize,
    t: &Token,
) -> Option<Candidate<'m>> {
    let folded = doc.folded();
    let TokenKind::Value(kind) = t.kind else {
        return None;
    };
    if r.pattern.kind != kind {
        return None;
    }
    let mut start = t.digits.start;
    if let Some(before) = &r.pattern.before {
        let from = paragraph_start(folded, t.digits.start)
            .max(floor(folded, t.digits.start.saturating_sub(BEFORE_WINDOW)));
        let m = before.find(&folded[from..t.digits.start])?;
        start = from + m.start();
    }
    let after_text =
        &folded[t.span.end..floor(folded, (t.span.end + AFTER_WINDOW).min(folded.len()))];
    let mut end = t.span.end;
    if let Some(after) = &r.pattern.after {
        end += after.find(after_text)?.end();
    }
    let rest = &folded[end..floor(folded, (end + AFTER_WINDOW).min(folded.len()))];
    if r.unless_after.as_ref().is_some_and(|re| re.is_match(rest)) {
        return None;
    }
    if let Some(re) = &r.unless_before {
        let s = sentence_start(folded, t.digits.start);
        if re.is_match(&folded[s..t.digits.start]) {
            return None;
        }
    }
    Some(Candidate {
        metric: m,
        rule: r,
        token: i,
        span: start..end,
    })
}

/// Plans, targets and starting points are not results.
fn not_an_achievement(doc: &DocText, ctx: &RuleContext, t: &Token) -> bool {
    let folded = doc.folded();
    let s = sentence_start(folded, t.digits.start)
        .max(floor(folded, t.digits.start.saturating_sub(ctx.window)));
    let before = &folded[s..t.digits.start];
    if ctx.exclude_before.iter().any(|re| re.is_match(before)) {
        return true;
    }
    // Words right before the value are compared with their diacritics:
    // folding would make "tặng 3 Cờ thi đua" (awarded) a "tăng" (increase).
    let written = doc.source_text(s..t.digits.start).to_lowercase();
    let trimmed = written.trim_end();
    ctx.exclude_right_before.iter().any(|w| {
        trimmed.ends_with(w.as_str())
            && !trimmed[..trimmed.len() - w.len()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
    })
}

/// Read the breakdown of a whole-unit figure: after its value, else a
/// parenthesis inside the matched text before the value ("… nhà ở là 84 hộ
/// (Thủy Thanh 30 hộ với 900.000.000đ, …). Tổng kinh phí thực hiện …").
fn add_breakdown(
    doc: &DocText,
    tokens: &[Token],
    scope: &Scope,
    c: &Candidate,
    out: &mut Vec<Figure>,
) {
    let t = &tokens[c.token];
    let folded = doc.folded();
    let regions = [
        breakdown::region_after(folded, t.span.end),
        breakdown::last_parenthesis(folded, c.span.start..t.digits.start),
    ];
    // A parenthesis further on belongs to the nearest number before it: skip
    // it when another number of the same kind stands in between ("381 hộ cận
    // nghèo và 343 hộ nghèo (Thủy Châu: 49 hộ …)").
    let claimed_by_other = |region: &Range<usize>| {
        tokens
            .iter()
            .any(|o| o.kind == t.kind && o.digits.start >= t.span.end && o.span.end <= region.start)
    };
    let found = regions
        .into_iter()
        .flatten()
        .filter(|r| !claimed_by_other(r))
        .find_map(|region| {
            let entries =
                breakdown::entries(doc, region.clone(), c.metric.value, tokens, scope.unit);
            (!entries.is_empty()).then_some((region, entries))
        });
    let Some((region, entries)) = found else {
        return;
    };
    for e in entries {
        if out
            .iter()
            .any(|f| f.metric == c.metric.id && f.subunit == e.subunit)
        {
            continue;
        }
        let span = e.name_span.start..region.end.min(e.name_span.end + 120).max(e.name_span.end);
        out.push(figure(doc, c, &e.subunit, e.known, e.value, span));
    }
}

fn figure(
    doc: &DocText,
    c: &Candidate,
    subunit: &str,
    known: bool,
    value: f64,
    span: Range<usize>,
) -> Figure {
    let at = doc.source_range(span.clone()).start;
    Figure {
        metric: c.metric.id.clone(),
        subunit: subunit.to_string(),
        known_subunit: known,
        value,
        unit_of_measure: c.metric.unit.clone(),
        page: doc.page_at(at),
        rule: c.rule.id.clone(),
        snippet: doc.snippet(span.clone(), SNIPPET_CHARS),
        span,
    }
}

fn inside(ranges: &[Range<usize>], pos: usize) -> bool {
    ranges.iter().any(|r| r.contains(&pos))
}

fn paragraph_start(s: &str, pos: usize) -> usize {
    s[..pos].rfind('\n').map_or(0, |i| i + 1)
}

/// Start of the sentence containing `pos`: after the last ". " (not inside a
/// number), ";", "!", "?" or paragraph break.
pub(crate) fn sentence_start(s: &str, pos: usize) -> usize {
    let b = s.as_bytes();
    let mut i = pos;
    while i > 0 {
        let c = b[i - 1];
        let next_digit = b.get(i).is_some_and(u8::is_ascii_digit);
        let prev_digit = i >= 2 && b[i - 2].is_ascii_digit();
        match c {
            b'\n' | b';' | b'!' | b'?' => return i,
            b'.' if !(prev_digit && next_digit) => return i,
            _ => i -= 1,
        }
    }
    0
}

fn floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
