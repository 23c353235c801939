//! The figure engine: values bound to concepts, read as results or not.
//!
//! For one report, in order:
//! 1. [`values`] finds every number with its type and measure word;
//! 2. [`concepts`] finds every place the report names a concept;
//! 3. [`binding`] binds each value to the concept named nearest to it, and
//!    so to the metric of that concept that counts its type and measure;
//! 4. [`breakdown`] ties values to former units; each such part belongs to
//!    the nearest whole-unit figure before it;
//! 5. a value is dropped when it is a part of the figure before it that is
//!    no former unit ("trong đó lao động nữ 285 người"), or not a result
//!    ([`cues`]: plans, starts, changes, averages, per-year values) or in a
//!    section of plans.
//!
//! Optional sentence patterns (`rules = [...]` of a metric) catch the rare
//! wording the concepts miss.

use std::ops::Range;

use crate::binding::{self, Binding, Input};
use crate::breakdown::{self, Part};
use crate::clause::Layout;
use crate::concepts;
use crate::cues;
use crate::metrics::{Metric, Metrics, Rule};
use crate::tables;
use crate::text::DocText;
use crate::units::Unit;
use crate::values::{self, Value};

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
    /// The report's year (from its date), if known.
    pub year: Option<u32>,
}

const SNIPPET_CHARS: usize = 200;
/// Longest stretch before a value that a sentence pattern's *before* part may span.
const BEFORE_WINDOW: usize = 500;
/// Longest stretch after a value that a sentence pattern's *after* part may span.
const AFTER_WINDOW: usize = 300;

/// Find every figure of `doc`.
pub fn find(doc: &DocText, metrics: &Metrics, scope: &Scope) -> Vec<Figure> {
    analyse(doc, metrics, scope, Traces::Skip).0
}

/// How the engine read one value: for `baocao figures --explain`.
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    /// The value as written.
    pub text: String,
    pub measure: Option<String>,
    /// Concept id and how it was bound, if any.
    pub concept: Option<(String, &'static str)>,
    pub metric: Option<String>,
    /// Why it is not a result, if it is not.
    pub not_a_result: Option<cues::Reason>,
    /// The former unit it belongs to, if it is a part.
    pub part_of: Option<String>,
    pub subordinate: bool,
}

/// Every value of `doc` and how the engine read it.
pub fn explain(doc: &DocText, metrics: &Metrics, scope: &Scope) -> Vec<Trace> {
    analyse(doc, metrics, scope, Traces::Keep).1
}

/// Whether an analysis keeps how it read every value (for `--explain`
/// only: a run does not pay for it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Traces {
    Keep,
    Skip,
}

/// The report's prose, then each of its tables said as sentences
/// ([`tables`]); a table's figures point at its rows.
fn analyse(
    doc: &DocText,
    metrics: &Metrics,
    scope: &Scope,
    traces: Traces,
) -> (Vec<Figure>, Vec<Trace>) {
    let found = tables::find(doc, metrics);
    if found.is_empty() {
        return analyse_text(doc, metrics, scope, false, traces);
    }
    let rows: Vec<Range<usize>> = found
        .iter()
        .flat_map(|t| t.rows.iter().map(|r| r.folded.clone()))
        .collect();
    let prose = doc.with_blanked(&rows);
    let (mut out, mut kept) = analyse_text(&prose, metrics, scope, false, traces);
    for t in &found {
        let (figures, more) = analyse_table(doc, t, metrics, scope, traces);
        // A table restating the text: one figure, the text's.
        for f in figures {
            let same =
                |g: &Figure| g.metric == f.metric && g.subunit == f.subunit && g.value == f.value;
            if !out.iter().any(same) {
                out.push(f);
            }
        }
        kept.extend(more);
    }
    (out, kept)
}

/// The figures of one table: its rows' sentences after its lead-in, read
/// like prose; each figure then points at its row in the report.
fn analyse_table(
    doc: &DocText,
    table: &tables::Table,
    metrics: &Metrics,
    scope: &Scope,
    keep: Traces,
) -> (Vec<Figure>, Vec<Trace>) {
    let mut b = crate::text::DocTextBuilder::new();
    // Every row is said after the table's lead-in ("Kết quả xóa nhà tạm:
    // - A Lưới: 9."), which names what it counts and may make it a plan.
    let lead = table
        .caption
        .as_ref()
        .map(|c| lead_in(doc.source_text(c.clone())))
        .unwrap_or_default();
    // Paragraph i of the sentences' text → the row it says.
    let mut origin: Vec<&tables::Row> = Vec::new();
    let mut said_rows: Vec<String> = Vec::new();
    for row in &table.rows {
        if let Some(s) = &row.sentence {
            let page = doc.page_at(doc.source_range(row.folded.clone()).start);
            b.paragraph(page, &format!("{lead} {s}"));
            origin.push(row);
            said_rows.push(baocao_viet::fold::fold(&baocao_viet::normalize(s)));
        }
    }
    let said = b.finish();
    let lines: Vec<Range<usize>> = line_ranges(said.folded());
    // Where each row starts in its paragraph: the lead-in's own values are
    // the prose's, not the table's.
    let row_start: Vec<usize> = lines
        .iter()
        .zip(&said_rows)
        .map(|(l, s)| l.start + said.folded()[l.clone()].rfind(s.as_str()).unwrap_or(0))
        .collect();
    let within = |r: &Range<usize>| {
        scope
            .excluded
            .iter()
            .any(|e| e.start <= r.start && r.end <= e.end)
    };
    let sub = Scope {
        kind: scope.kind,
        unit: scope.unit,
        year: scope.year,
        excluded: lines
            .iter()
            .zip(&origin)
            .filter(|(_, r)| within(&r.folded))
            .map(|(l, _)| l.clone())
            .collect(),
    };
    let (figures, traces) = analyse_text(&said, metrics, &sub, true, keep);
    let figures = figures
        .into_iter()
        .filter_map(|mut f| {
            let i = lines.iter().position(|l| l.contains(&f.span.start))?;
            // The evidence may start in the lead-in (its concept); the
            // value ends it or stands in the row.
            if f.span.end <= row_start[i] {
                return None;
            }
            let row = *origin.get(i)?;
            f.span = row.folded.clone();
            f.page = doc.page_at(doc.source_range(row.folded.clone()).start);
            f.snippet = doc.snippet(row.folded.clone(), SNIPPET_CHARS);
            Some(f)
        })
        .collect();
    (figures, traces)
}

/// The last sentence of the paragraph before a table (at most 300
/// characters), ending in a colon: what the table's rows are about.
fn lead_in(paragraph: &str) -> String {
    let text = paragraph.trim();
    let start = text
        .trim_end_matches(['.', ' '])
        .rfind(". ")
        .map_or(0, |i| i + 2);
    let mut lead: String = text[start..].to_string();
    if lead.chars().count() > 300 {
        lead = lead
            .chars()
            .rev()
            .take(300)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
    }
    let lead = lead.trim_end_matches(['.', ';', ',', ' ']).to_string();
    if lead.is_empty() || lead.ends_with(':') {
        lead
    } else {
        format!("{lead}:")
    }
}

/// Byte ranges of the lines of `s`.
fn line_ranges(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        if b == b'\n' {
            out.push(start..i);
            start = i + 1;
        }
    }
    out.push(start..s.len());
    out
}

fn analyse_text(
    doc: &DocText,
    metrics: &Metrics,
    scope: &Scope,
    tabular: bool,
    traces: Traces,
) -> (Vec<Figure>, Vec<Trace>) {
    let folded = doc.folded();
    let mentions = concepts::scan(doc, &metrics.concepts);
    let titles: Vec<Range<usize>> = mentions.iter().map(|m| m.span.clone()).collect();
    let values = values::scan(doc, &metrics.measure_words, &titles);
    // Commas inside a concept's words, a number's "(hai)" are no breaks.
    let protected: Vec<Range<usize>> = mentions
        .iter()
        .map(|m| m.span.clone())
        .chain(values.iter().map(|v| v.span.clone()))
        .collect();
    let layout = Layout::new(folded, &protected);
    let names = breakdown::names(doc, scope.unit);
    let name_spans: Vec<Range<usize>> = names.iter().map(|n| n.full.clone()).collect();
    let input = Input {
        folded,
        metrics,
        values: &values,
        mentions: &mentions,
        names: &name_spans,
        layout: &layout,
        tabular,
    };
    let bound = binding::bind(&input);
    let parts = breakdown::parts(&input, &names, &bound);
    let mut whole_part = vec![false; values.len()];
    for p in parts.iter().filter(|p| !p.alone) {
        whole_part[p.value] = true;
    }
    let engine = Engine {
        doc,
        scope,
        input: &input,
        bound: &bound,
        parts: &parts,
        is_part: &whole_part,
    };
    let mut out = engine.figures();
    add_pattern_figures(doc, metrics, scope, &values, &mut out);
    let traces = match traces {
        Traces::Keep => (0..values.len()).map(|i| engine.trace(i)).collect(),
        Traces::Skip => Vec::new(),
    };
    (out, traces)
}

struct Engine<'a> {
    doc: &'a DocText,
    scope: &'a Scope<'a>,
    input: &'a Input<'a>,
    bound: &'a [Option<Binding>],
    parts: &'a [Part],
    /// Values that are parts of a figure before them (not whole figures).
    is_part: &'a [bool],
}

impl Engine<'_> {
    fn figures(&self) -> Vec<Figure> {
        let values = self.input.values;
        let heads: Vec<usize> = (0..values.len())
            .filter(|&i| self.bound[i].is_some() && !self.is_part(i) && !self.subordinate(i))
            .collect();
        let mut out: Vec<Figure> = Vec::new();
        for &i in &heads {
            let b = self.bound[i].as_ref().expect("bound");
            let Some(k) = b.metric else { continue };
            let metric = &self.input.metrics.metrics[k];
            if !metric.applies_to(self.scope.kind) || !self.is_result(i, Some(k)) {
                continue;
            }
            let value = values[i].value;
            if out
                .iter()
                .any(|f| f.metric == metric.id && f.subunit.is_empty() && f.value == value)
            {
                continue;
            }
            let span = snippet_span(&values[i], &b.evidence);
            let rule = format!("{}.{}", self.concept_id(b.concept), b.how.as_str());
            out.push(self.figure(metric, "", true, value, rule, span));
        }
        drop_summed_parts(self.input.layout, &mut out);
        let mut resolved: Vec<(usize, Option<(usize, usize)>)> = Vec::new();
        for p in self.parts {
            let metric = self
                .list_metric(p, &resolved)
                .or_else(|| self.part_metric(p, &heads));
            resolved.push((p.value, metric));
            if let Some(f) = metric.and_then(|m| self.part_figure(p, m, &out)) {
                out.push(f);
            }
        }
        out
    }

    /// A part that names no concept itself continues the list it stands in:
    /// "trong đó hộ nghèo ở thị trấn Phú Lộc 18 hộ, Lộc Bình 29 hộ" — Lộc
    /// Bình's 29 are poor households too.
    fn list_metric(
        &self,
        p: &Part,
        resolved: &[(usize, Option<(usize, usize)>)],
    ) -> Option<(usize, usize)> {
        let named = self.bound[p.value]
            .as_ref()
            .is_some_and(|b| b.how == binding::How::Own && b.metric.is_some());
        if named {
            return None;
        }
        let values = self.input.values;
        let v = &values[p.value];
        let clause = self.input.layout.clause(v.span.start);
        resolved
            .iter()
            .rev()
            .find(|(j, _)| {
                let u = &values[*j];
                u.kind == v.kind && u.span.start >= clause.start && u.span.start < v.span.start
            })
            .and_then(|(_, m)| *m)
    }

    fn trace(&self, i: usize) -> Trace {
        let folded = self.doc.folded();
        let v = &self.input.values[i];
        let b = self.bound[i].as_ref();
        Trace {
            text: self.doc.source_text(v.span.clone()).to_string(),
            measure: v.measure_text(folded).map(str::to_string),
            concept: b.map(|b| (self.concept_id(b.concept).to_string(), b.how.as_str())),
            metric: b
                .and_then(|b| b.metric)
                .map(|k| self.input.metrics.metrics[k].id.clone()),
            not_a_result: self.why_not(i, b.and_then(|b| b.metric)),
            part_of: self
                .parts
                .iter()
                .find(|p| p.value == i)
                .map(|p| p.subunit.clone()),
            subordinate: self.subordinate(i),
        }
    }

    fn is_part(&self, i: usize) -> bool {
        self.is_part[i]
    }

    /// Whether value `i`, a figure of `metric`, is a result (no cue says
    /// otherwise and it stands outside the sections of plans).
    fn is_result(&self, i: usize, metric: Option<usize>) -> bool {
        let v = &self.input.values[i];
        let in_plans = self
            .scope
            .excluded
            .iter()
            .any(|r| r.contains(&v.span.start));
        !in_plans && self.why_not(i, metric).is_none()
    }

    fn why_not(&self, i: usize, metric: Option<usize>) -> Option<cues::Reason> {
        let after = binding::phrase(self.input, i).1;
        let facts = cues::Facts {
            part: self.parts.iter().any(|p| p.value == i),
            per_period: metric.is_some_and(|k| self.input.metrics.metrics[k].per_period),
            year: self.scope.year,
        };
        cues::not_a_result(
            self.doc,
            self.input.layout,
            &self.input.metrics.context,
            self.input.values,
            i,
            after,
            facts,
        )
        .or_else(|| self.changed_state(i).then_some(cues::Reason::Change))
    }

    /// "Giảm hộ nghèo: 4 hộ", "Giảm hộ nghèo 4 hộ": a change word right
    /// before the words of the state the value counts makes it a change of
    /// that state, not its level.
    fn changed_state(&self, i: usize) -> bool {
        let Some(b) = &self.bound[i] else {
            return false;
        };
        let role = self.input.metrics.concepts[b.concept].role;
        if b.how != binding::How::Own
            || role != concepts::Role::State
            || b.evidence.end > self.input.values[i].span.start
        {
            return false;
        }
        let from = self.input.layout.sentence(b.evidence.start).start;
        cues::right_before(
            self.doc,
            &self.input.metrics.context,
            from,
            b.evidence.start,
        )
    }

    /// A value of the same concept and type as a figure before it, after
    /// "trong đó", "gồm" … or inside a parenthesis opened after it, is a part
    /// of that figure.
    fn subordinate(&self, i: usize) -> bool {
        let Some(b) = &self.bound[i] else {
            return false;
        };
        let values = self.input.values;
        let v = &values[i];
        if self.is_total(i) {
            return false;
        }
        let layout = self.input.layout;
        let sentence = layout.sentence(v.span.start);
        let opens_sentence = self.opener_in(sentence.start..v.span.start, true);
        let reach = match layout.previous_sentence(v.span.start) {
            Some(prev) if opens_sentence => prev.start,
            _ => sentence.start,
        };
        (0..i)
            .rev()
            .take_while(|&h| values[h].span.start >= reach)
            .any(|h| {
                values[h].kind == v.kind
                    && match self.bound[h].as_ref() {
                        Some(hb) => hb.concept == b.concept && hb.metric.is_some(),
                        None => self.counts_nothing_named(h),
                    }
                    && !self.is_part(h)
                    && {
                        // The opener in the value's own clause: "…; trong
                        // đó ngân sách …" opens no list for the clause after.
                        let clause = layout.clause(v.span.start).start;
                        let between = values[h].tail()..v.span.start;
                        self.opener_in(between.start.max(clause)..between.end, false)
                            || unclosed_paren(self.doc.folded(), between)
                    }
            })
    }

    /// "(tổng 23 nhà)", "tổng cộng 12 tập thể": a total is never a part.
    fn is_total(&self, i: usize) -> bool {
        let before = binding::phrase(self.input, i).0;
        let words: Vec<&str> = self.doc.folded()[before]
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        words.contains(&"tong") || words.ends_with(&["cong"])
    }

    /// No concept is named in the phrase of value `h` ("18.960 người trong độ
    /// tuổi lao động").
    fn counts_nothing_named(&self, h: usize) -> bool {
        let (before, after) = binding::phrase(self.input, h);
        let kind = self.input.values[h].kind;
        !self.input.mentions.iter().any(|m| {
            (m.span.start >= before.start && m.span.end <= after.end)
                && self.input.metrics.concepts[m.concept].captures(kind)
        })
    }

    /// Whether a part opener ("trong đó", "cụ thể" …) stands in `range`
    /// (at its start only, when `at_start`).
    fn opener_in(&self, range: Range<usize>, at_start: bool) -> bool {
        let text = &self.doc.folded()[range];
        self.input.metrics.context.part_openers.iter().any(|re| {
            re.find_iter(text).any(|m| {
                concepts::word_bounded(text, m.range())
                    && (!at_start
                        || text[..m.start()]
                            .trim_matches([' ', '-', '+', '\n'])
                            .is_empty())
            })
        })
    }

    /// The figure of a part: the metric of the nearest whole-unit figure
    /// before it whose concept counts the part's type.
    fn part_figure(
        &self,
        p: &Part,
        (k, concept): (usize, usize),
        out: &[Figure],
    ) -> Option<Figure> {
        let v = &self.input.values[p.value];
        let metric = &self.input.metrics.metrics[k];
        if !metric.applies_to(self.scope.kind) || !self.is_result(p.value, Some(k)) {
            return None;
        }
        if out
            .iter()
            .any(|f| f.metric == metric.id && f.subunit == p.subunit)
        {
            return None;
        }
        let span = p.name.start.min(v.span.start)..v.tail().max(p.name.end);
        let rule = format!("{}.part", self.concept_id(concept));
        Some(self.figure(metric, &p.subunit, p.known, v.value, rule, span))
    }

    /// A part's metric and concept: those of the whole-unit figure before it
    /// ("126 hộ nghèo (xã Phong Bình: 48 hộ; …)") — unless the part names
    /// another figure of its sentence itself ("83 hộ nghèo và 176 hộ cận
    /// nghèo, trong đó hộ nghèo ở …") —, else its own ("Phường Hương Phong
    /// (cũ) có 17 hộ nghèo, …"), else those of the total after it ("Thuỷ
    /// Biều 9 hộ, Thuỷ Xuân 7 hộ; tổng 27 hộ").
    fn part_metric(&self, p: &Part, heads: &[usize]) -> Option<(usize, usize)> {
        let values = self.input.values;
        let v = &values[p.value];
        let layout = self.input.layout;
        let folded = self.doc.folded();
        let reach = list_head(folded, v.span.start).unwrap_or_else(|| {
            layout
                .previous_sentence(v.span.start)
                .filter(|s| !folded[s.end..v.span.start].contains('\n'))
                .map_or(layout.sentence(v.span.start).start, |s| s.start)
        });
        let start = if p.alone {
            v.span.start + 1
        } else {
            p.name.start.min(v.span.start)
        };
        let bound = self.bound[p.value].as_ref();
        let own = bound.and_then(|b| b.metric.map(|k| (k, b.concept)));
        let named = bound.is_some_and(|b| b.how == binding::How::Own);
        let window_end = layout.sentence(v.span.start).end;
        let in_window =
            |h: usize| values[h].span.start >= reach && values[h].span.end <= window_end;
        let own_is_a_head = own.is_some_and(|(k, _)| {
            heads
                .iter()
                .any(|&h| in_window(h) && self.bound[h].as_ref().and_then(|b| b.metric) == Some(k))
        });
        for &h in heads.iter().rev() {
            if values[h].span.start >= start || values[h].span.start < reach {
                continue;
            }
            let metric = self.bound[h].as_ref().and_then(|b| b.metric);
            match self.why_not(h, metric) {
                // A part of a plan is a plan.
                Some(cues::Reason::Cue(id)) if id != "place" => return None,
                // "còn 88 hộ, giảm 8 hộ so với …; cụ thể …": not that one.
                Some(_) => continue,
                None => {}
            }
            if own_is_a_head && named {
                return own;
            }
            return self.head_metric(h, p);
        }
        if own.is_some() {
            return own;
        }
        let reach_after = layout
            .sentence(window_end.min(folded.len().saturating_sub(1)) + 1)
            .end
            .max(window_end);
        let after = heads
            .iter()
            .copied()
            .filter(|&h| !self.parts.iter().any(|q| q.value == h))
            .find(|&h| values[h].span.start > v.span.start && values[h].span.end <= reach_after)?;
        let metric = self.bound[after].as_ref().and_then(|b| b.metric);
        self.head_metric(after, p)
            .filter(|_| self.is_result(after, metric))
    }

    /// The metric of head `h`'s concept for part `p`.
    fn head_metric(&self, h: usize, p: &Part) -> Option<(usize, usize)> {
        let hb = self.bound[h].as_ref()?;
        let k = if self.input.values[h].kind == self.input.values[p.value].kind {
            hb.metric?
        } else {
            binding::select_metric(self.input, hb.concept, p.value, true)?
        };
        Some((k, hb.concept))
    }

    fn concept_id(&self, c: usize) -> &str {
        &self.input.metrics.concepts[c].id
    }

    fn figure(
        &self,
        metric: &Metric,
        subunit: &str,
        known: bool,
        value: f64,
        rule: String,
        span: Range<usize>,
    ) -> Figure {
        make_figure(self.doc, metric, subunit, known, value, rule, span)
    }
}

fn make_figure(
    doc: &DocText,
    metric: &Metric,
    subunit: &str,
    known: bool,
    value: f64,
    rule: String,
    span: Range<usize>,
) -> Figure {
    let at = doc.source_range(span.clone()).start;
    Figure {
        metric: metric.id.clone(),
        subunit: subunit.to_string(),
        known_subunit: known,
        value,
        unit_of_measure: metric.unit.clone(),
        page: doc.page_at(at),
        rule,
        snippet: doc.snippet(span.clone(), SNIPPET_CHARS),
        span,
    }
}

/// "xây dựng mới 03 nhà và sửa chữa 09 nhà …; tổng cộng 12 nhà": figures of
/// one metric that add up to a later one of the same or the previous
/// sentence are its parts, not figures of their own.
fn drop_summed_parts(layout: &Layout, out: &mut Vec<Figure>) {
    let mut drop = vec![false; out.len()];
    for (t, total) in out.iter().enumerate() {
        let reach = layout
            .previous_sentence(total.span.start)
            .map_or(layout.sentence(total.span.start).start, |s| s.start);
        let before: Vec<usize> = (0..t)
            .filter(|&k| out[k].metric == total.metric && out[k].span.start >= reach)
            .collect();
        for first in 0..before.len().saturating_sub(1) {
            let run = &before[first..];
            let sum: f64 = run.iter().map(|&k| out[k].value).sum();
            if (sum - total.value).abs() < 1e-6 * total.value.abs().max(1.0) {
                for &k in run {
                    drop[k] = true;
                }
                break;
            }
        }
    }
    let mut i = 0;
    out.retain(|_| {
        i += 1;
        !drop[i - 1]
    });
}

/// For a value in a bulleted line ("- Xã Sơn Thủy: 34 nhà - 2.040 trđ;"),
/// the start of the paragraph the bullets hang from ("…: 100 hộ, tổng kinh
/// phí 4.642.500.000 VND, cụ thể:").
fn list_head(folded: &str, pos: usize) -> Option<usize> {
    let line_start = |p: usize| folded[..p].rfind('\n').map_or(0, |i| i + 1);
    let bullet = |start: usize| {
        let line = folded[start..].trim_start();
        line.starts_with(['-', '+', '•', '*', '–']) || BULLET_LETTER.is_match(line)
    };
    let mut start = line_start(pos);
    // "… Trong đó:" ending the paragraph before: the list goes on here.
    let after_colon = |start: usize| start > 0 && folded[..start - 1].trim_end().ends_with(':');
    if !bullet(start) {
        return after_colon(start).then(|| line_start(start - 1));
    }
    while start > 0 {
        let prev = line_start(start - 1);
        if !bullet(prev) {
            return Some(prev);
        }
        start = prev;
    }
    None
}

static BULLET_LETTER: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"^[a-z]\)\s").unwrap());

/// The text a figure is shown with: the concept's words and the value.
fn snippet_span(v: &Value, evidence: &Range<usize>) -> Range<usize> {
    let start = evidence.start.min(v.span.start);
    let end = evidence.end.max(v.tail());
    if end - start > 400 {
        v.span.start.saturating_sub(120)..v.tail()
    } else {
        start..end
    }
}

fn unclosed_paren(folded: &str, range: Range<usize>) -> bool {
    let text = &folded[range];
    let mut depth = 0i32;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
    }
    depth > 0
}

/// Sentence patterns: for the rare wording no concept binds.
fn add_pattern_figures(
    doc: &DocText,
    metrics: &Metrics,
    scope: &Scope,
    values: &[Value],
    out: &mut Vec<Figure>,
) {
    let folded = doc.folded();
    for v in values {
        if out
            .iter()
            .any(|f| f.span.start <= v.span.start && v.span.end <= f.span.end)
        {
            continue;
        }
        if scope.excluded.iter().any(|r| r.contains(&v.span.start)) {
            continue;
        }
        for m in metrics.metrics.iter().filter(|m| m.applies_to(scope.kind)) {
            let Some((rule, span)) = m.rules.iter().find_map(|r| try_rule(folded, r, v)) else {
                continue;
            };
            if out
                .iter()
                .any(|f| f.metric == m.id && f.subunit.is_empty() && f.value == v.value)
            {
                continue;
            }
            out.push(make_figure(
                doc,
                m,
                "",
                true,
                v.value,
                rule.id.clone(),
                span,
            ));
            break;
        }
    }
}

/// Whether rule `r` matches around value `v`: its folded range if so.
fn try_rule<'r>(folded: &str, r: &'r Rule, v: &Value) -> Option<(&'r Rule, Range<usize>)> {
    if r.pattern.kind != v.kind {
        return None;
    }
    let mut start = v.span.start;
    if let Some(before) = &r.pattern.before {
        let from = folded[..v.span.start]
            .rfind('\n')
            .map_or(0, |i| i + 1)
            .max(floor(folded, v.span.start.saturating_sub(BEFORE_WINDOW)));
        let m = before.find(&folded[from..v.span.start])?;
        start = from + m.start();
    }
    let after_end = floor(folded, (v.span.end + AFTER_WINDOW).min(folded.len()));
    let mut end = v.span.end;
    if let Some(after) = &r.pattern.after {
        end += after.find(&folded[v.span.end..after_end])?.end();
    }
    let rest = &folded[end..floor(folded, (end + AFTER_WINDOW).min(folded.len()))];
    if r.unless_after.as_ref().is_some_and(|re| re.is_match(rest)) {
        return None;
    }
    if let Some(re) = &r.unless_before {
        let s = folded[..v.span.start]
            .rfind(['.', ';', '\n'])
            .map_or(0, |i| i + 1);
        if re.is_match(&folded[s..v.span.start]) {
            return None;
        }
    }
    Some((r, start..end))
}

fn floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
