//! Breakdowns by former unit: one grammar for every list shape.
//!
//! A *part* is a value tied to a former unit of the reporting unit, in
//! either order and in any list shape: "(Hương Toàn: 42 hộ, Hương Chữ: 29
//! hộ)", "trong đó xã Hồng Vân còn 96 hộ, …", "Phú Diên (cũ) 62 hộ; …",
//! "Phong Thạnh 18 hộ (920 triệu đồng)", "Phú Diên 26 hộ - 1.391.000.000
//! đồng", "12 hộ thuộc phường An Cựu", "34 hộ tại Hồng Vân, kinh phí 1.768
//! triệu đồng". Names are the registry's former units of the reporting unit
//! (prefixes "xã/phường/thị trấn", the suffix "(cũ)" and either tone style
//! allowed); a name that is not one of them is no part. Without a known
//! unit, capitalised "Name: value" entries inside parentheses are read as
//! parts of unknown subunits.
//!
//! Each part belongs to the nearest whole-unit figure before it whose
//! concept has a metric of the part's type (see [`crate::figures`]).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::binding::{self, Binding, Input};
use crate::concepts::word_bounded;
use crate::pattern::ValueKind;
use crate::text::DocText;
use crate::units::Unit;

/// A value tied to a former unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// Index into the values.
    pub value: usize,
    /// Registry subunit name when known, else the name as written.
    pub subunit: String,
    pub known: bool,
    /// Folded range of the name as written (prefix and suffix included).
    pub name: Range<usize>,
    /// The value is the whole figure and all of it belongs to this one former
    /// unit ("01 nhà (phường Hương Xuân)", "một nhà … tại Long Hồ").
    pub alone: bool,
}

/// A former unit's name found in the text.
#[derive(Debug, Clone)]
pub struct Name {
    /// The name with its prefix and "(cũ)" suffix.
    pub full: Range<usize>,
    subunit: String,
    known: bool,
    /// The unit's own name ("phường Kim Long" in Kim Long's report).
    own: bool,
    /// Marked "(cũ)" / "cũ".
    old: bool,
}

static PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:phuong|xa|thi tran|tt\.?|p\.|x\.)\s*$").unwrap());
static SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\(\s*(?:(?:xa|phuong|thi tran)\s+)?cu\s*\)|cu\b)").unwrap()
});
static GENERIC_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[(,;:]|\s-)\s*((?:phuong |xa |thi tran )?[a-z]+(?: [a-z]+){0,3})\s*:\s*\d")
        .unwrap()
});
/// What may stand between a name and its value: punctuation and a few short
/// words ("còn", "có", "xóa", "chiếm nhiều nhất với").
static NAME_GAP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\s:\-–(|]*(?:[a-z]+\s+){0,4}[\s:\-–(|]*$").unwrap());

/// The former units of `unit` named in `doc` (without a unit: capitalised
/// "Name:" entries in parentheses), in text order.
pub fn names(doc: &DocText, unit: Option<&Unit>) -> Vec<Name> {
    match unit {
        Some(u) => registry_names(doc, u),
        None => generic_names(doc),
    }
}

/// Every part of the report; `bound` are the values' bindings.
pub fn parts(input: &Input, names: &[Name], bound: &[Option<Binding>]) -> Vec<Part> {
    let mut out: Vec<Part> = Vec::new();
    let mut extras: Vec<bool> = Vec::new();
    let pairs = respectively(input, names);
    for &(k, value) in &pairs {
        let name = &names[k];
        out.push(Part {
            value,
            subunit: name.subunit.clone(),
            known: name.known,
            name: name.full.clone(),
            alone: false,
        });
        extras.push(false);
    }
    for (k, name) in names.iter().enumerate() {
        if pairs.iter().any(|&(n, _)| n == k) || joint(input, names, k) {
            continue;
        }
        let (mine, first_before) = link(input, names, k, &out, bound);
        if mine.is_empty() || !accepted(input, names, k) {
            continue;
        }
        let alone = first_before && !in_list(input, names, k);
        let first = mine[0];
        let mut mine = mine;
        mine.sort_unstable();
        for value in mine {
            extras.push(value != first);
            out.push(Part {
                value,
                subunit: name.subunit.clone(),
                known: name.known,
                name: name.full.clone(),
                alone,
            });
        }
    }
    drop_lonely_extras(input, out, &extras)
}

/// "…, Hồng Bắc 29 hộ, thị trấn A Lưới 9 hộ, với kinh phí 5,6 tỷ đồng": an
/// amount after the last part of a list, where no other part has one, is the
/// whole list's, not the last part's.
fn drop_lonely_extras(input: &Input, parts: Vec<Part>, extras: &[bool]) -> Vec<Part> {
    let values = input.values;
    let sentence = |p: &Part| input.layout.sentence(values[p.value].span.start);
    let keep: Vec<bool> = parts
        .iter()
        .zip(extras)
        .map(|(p, &extra)| {
            if !extra {
                return true;
            }
            let s = sentence(p);
            let kind = values[p.value].kind;
            let same_kind_elsewhere = parts.iter().zip(extras).any(|(q, &qx)| {
                qx && q.subunit != p.subunit && sentence(q) == s && values[q.value].kind == kind
            });
            let names_in_list = parts
                .iter()
                .filter(|q| sentence(q) == s)
                .map(|q| &q.subunit)
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            same_kind_elsewhere || names_in_list < 2
        })
        .collect();
    parts
        .into_iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(p))
        .collect()
}

/// The values tied to `name`: the one right before it ("12 hộ thuộc An
/// Cựu") or right after it, then values of other types that follow before
/// the next name with only linking words between ("18 hộ (920 triệu đồng)").
/// Also whether the first value stands before the name.
fn link(
    input: &Input,
    names: &[Name],
    k: usize,
    taken: &[Part],
    bound: &[Option<Binding>],
) -> (Vec<usize>, bool) {
    let name = &names[k];
    let next_name = names.get(k + 1).map_or(usize::MAX, |n| n.full.start);
    let values = input.values;
    let free = |j: usize| !taken.iter().any(|p| p.value == j);
    let before = value_first(input, name).filter(|&j| free(j));
    // "17 nhà - 510.000.000 VNĐ thuộc Phường Vỹ Dạ (cũ)": the count before
    // the amount belongs to the name too.
    let also_before = before.and_then(|j| {
        let k = j.checked_sub(1)?;
        let (a, b) = (&values[k], &values[j]);
        let gap = &input.folded[a.tail().min(b.span.start)..b.span.start];
        let tied = a.kind != b.kind && gap.trim_matches([' ', '-', '–', '(']).is_empty();
        (tied && free(k)).then_some(k)
    });
    let first = before.or_else(|| name_first(input, name, next_name).filter(|&j| free(j)));
    let Some(first) = first else {
        return (Vec::new(), false);
    };
    let mut mine: Vec<usize> = also_before.into_iter().chain([first]).collect();
    if before.is_some() && !in_list(input, names, k) {
        return (mine, true);
    }
    let mut last = values[first].tail().max(name.full.end);
    // "207 hộ ở Thủy Châu, 35 tại Thủy Lương": the next name's own value.
    let next_own = names.get(k + 1).and_then(|n| value_first(input, n));
    for (j, v) in values.iter().enumerate().skip(first + 1) {
        if v.span.start >= next_name || next_own == Some(j) {
            break;
        }
        if v.span.start < last {
            continue;
        }
        let between = &input.folded[last..v.span.start];
        let crosses = between.contains([';', '.', '\n'])
            || closes_before(&input.folded[name.full.end..v.span.start]);
        // "Vỹ Dạ có 7 hộ nghèo, 14 hộ cận nghèo": two values of one type are
        // one part each only when they are figures of different metrics.
        let metric = |j: usize| bound[j].as_ref().and_then(|b| b.metric);
        let clash = mine.iter().any(|&m| {
            values[m].kind == v.kind
                && (metric(m).is_none() || metric(j).is_none() || metric(m) == metric(j))
        });
        if crosses || clash || !binding::linking(input, last..v.span.start) {
            break;
        }
        mine.push(j);
        last = v.tail();
    }
    (mine, before.is_some())
}

/// "Số hộ nghèo tại Thủy Châu, Thủy Lương và Thủy Tân lần lượt là 14, 19
/// và 23 hộ": names listed, then "lần lượt" and as many values, in order.
/// (name, value) pairs.
fn respectively(input: &Input, names: &[Name]) -> Vec<(usize, usize)> {
    let folded = input.folded;
    let mut out = Vec::new();
    let mut k = 0;
    while k < names.len() {
        // The run of names joined by commas and "và".
        let mut end = k;
        while end + 1 < names.len() {
            let gap =
                &folded[names[end].full.end..names[end + 1].full.start.max(names[end].full.end)];
            let joined = gap.trim_matches([' ', ',']).trim();
            if !(joined.is_empty() || joined == "va") {
                break;
            }
            end += 1;
        }
        let run = end - k + 1;
        if run >= 2 {
            if let Some(values) = values_respectively(input, names[end].full.end, run) {
                out.extend((k..=end).zip(values));
            }
        }
        k = end + 1;
    }
    out
}

/// `count` values after "lần lượt" right after `from`, joined by commas and
/// "và" only.
fn values_respectively(input: &Input, from: usize, count: usize) -> Option<Vec<usize>> {
    let folded = input.folded;
    let rest = folded.get(from..)?;
    let at = rest.find("lan luot")?;
    // Only a few words between the last name and "lần lượt".
    if at > 40
        || rest[..at].contains(['.', ';', '\n'])
        || rest[..at].chars().any(|c| c.is_ascii_digit())
    {
        return None;
    }
    let start = from + at;
    let first = input.values.iter().position(|v| v.span.start > start)?;
    let lead = &folded[start + "lan luot".len()..input.values[first].span.start];
    if lead.len() > 16 || lead.contains(['.', ';', '\n']) {
        return None;
    }
    let mut picked = vec![first];
    while picked.len() < count {
        let last = *picked.last()?;
        let next = last + 1;
        let v = input.values.get(next)?;
        let gap = folded[input.values[last].tail()..v.span.start]
            .trim_matches([' ', ','])
            .trim();
        if !(gap.is_empty() || gap == "va") {
            return None;
        }
        picked.push(next);
    }
    Some(picked)
}

/// "… cho bốn hộ nghèo tại Gia Hội và Phú Hậu": two names joined with no
/// value of their own share the figure; neither is a part.
fn joint(input: &Input, names: &[Name], k: usize) -> bool {
    let joined = |a: &Name, b: &Name| {
        let gap = input.folded[a.full.end..b.full.start.max(a.full.end)].trim();
        gap == "va" || gap == "," || gap == "cung"
    };
    let with_next = names.get(k + 1).is_some_and(|n| joined(&names[k], n));
    let with_prev = k > 0 && joined(&names[k - 1], &names[k]);
    with_next || with_prev
}

/// Whether another former unit is named in the same sentence.
fn in_list(input: &Input, names: &[Name], k: usize) -> bool {
    let name = &names[k];
    let sentence = input.layout.sentence(name.full.start);
    names
        .iter()
        .filter(|n| n.full.start >= sentence.start && n.full.end <= sentence.end)
        .any(|n| n.subunit != name.subunit)
}

/// Whether `text` closes a parenthesis it did not open.
fn closes_before(text: &str) -> bool {
    let mut depth = 0i32;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// "12 hộ thuộc phường An Cựu", "01 nhà (phường Hương Xuân)".
fn value_first(input: &Input, name: &Name) -> Option<usize> {
    let j = input
        .values
        .iter()
        .rposition(|v| v.tail() <= name.full.start)?;
    let v = &input.values[j];
    // Commas inside a concept's words ("02 nhà tạm, nhà dột nát tại …") are
    // no list separators.
    let gap = blank_mentions(input, v.tail()..name.full.start);
    // "48 nhà (1.560.000.000đ) tại thị trấn Phú Lộc": a value alone in its
    // parenthesis stands where the parenthesis stands.
    let alone_in_paren = input.folded[..v.span.start].trim_end().ends_with('(');
    let gap = match gap.trim_start().strip_prefix(')') {
        Some(rest) if alone_in_paren => rest.to_string(),
        _ => gap,
    };
    if gap.contains([',', ';', '.', ')']) || gap.len() > 48 {
        return None;
    }
    let trimmed = gap.trim_end();
    let alone = input.folded[name.full.end..].trim_start().starts_with(')');
    if trimmed.ends_with('(') && trimmed.trim_start_matches(['(', ' ']).is_empty() && alone {
        return Some(j);
    }
    let tied = input.metrics.context.part_value_first.iter().any(|w| {
        trimmed
            .strip_suffix(w.as_str())
            .is_some_and(|s| s.is_empty() || s.ends_with(' '))
    });
    tied.then_some(j)
}

/// The text of `range` with the concepts' words blanked out.
fn blank_mentions(input: &Input, range: Range<usize>) -> String {
    let mut text = input.folded[range.clone()].to_string();
    for m in input.mentions {
        if m.span.start < range.end && m.span.end > range.start {
            let a = m.span.start.max(range.start) - range.start;
            let z = m.span.end.min(range.end) - range.start;
            text.replace_range(a..z, &" ".repeat(z - a));
        }
    }
    text
}

/// "Hương Toàn: 42 hộ", "xã Hồng Vân còn 96 hộ", "Phú Diên (cũ) 62 hộ".
fn name_first(input: &Input, name: &Name, next_name: usize) -> Option<usize> {
    let j = input
        .values
        .iter()
        .position(|v| v.span.start >= name.full.end)?;
    let v = &input.values[j];
    if v.span.start >= next_name {
        return None;
    }
    let gap = &input.folded[name.full.end..v.span.start];
    let close = gap.len() <= 28 && !gap.contains([',', ';', '.']) && NAME_GAP.is_match(gap);
    let rest = input.folded[v.span.end..].trim_start();
    // "Hương Vinh (cũ) 8 (tám);", "Hương Long: 26 và Phường Long Hồ: 07".
    let ends = rest.is_empty()
        || rest.starts_with([',', ';', '.', ')', '(', '\n'])
        || input
            .folded
            .get(v.span.end..next_name)
            .is_some_and(|gap| gap.trim() == "va");
    // "Hương Sơn: 12 TTLĐTT": a bare count right before a concept's words.
    let counted = v.kind != ValueKind::Count || v.measure.is_some() || ends || v.inline;
    (close && counted).then_some(j)
}

/// A single name is a part only when marked "(cũ)", tied "thuộc/tại/ở …" or
/// not the unit's own name; names in a list of two or more always are.
fn accepted(input: &Input, names: &[Name], k: usize) -> bool {
    let name = &names[k];
    name.old || !name.own || in_list(input, names, k) || in_bullets(input, names, k)
}

/// "- Phường An Hòa hỗ trợ 35 nhà …;" then "- Phường Hương An hỗ trợ 22
/// nhà …": a name at the head of a list item whose neighbouring item is
/// headed by another former unit is one of a list too.
fn in_bullets(input: &Input, names: &[Name], k: usize) -> bool {
    let folded = input.folded;
    // A name right after a list marker: "- Phường Hương An …", "…: + Xã A".
    let bulleted = |n: &Name| {
        let before = folded[..n.full.start].trim_end();
        before.ends_with(['-', '+', '•', '*', '–'])
            && before[..before.len() - 1]
                .chars()
                .next_back()
                .is_none_or(|c| c == ' ' || c == ':' || c == '\n' || c == ';')
    };
    if !bulleted(&names[k]) {
        return false;
    }
    // Its list: its own line and the lines around it.
    let at = names[k].full.start;
    let line_start = |pos: usize| folded[..pos].rfind('\n').map_or(0, |i| i + 1);
    let start = line_start(at);
    let from = start.checked_sub(1).map_or(start, line_start);
    let to = folded[at..]
        .find('\n')
        .and_then(|i| folded[at + i + 1..].find('\n').map(|j| at + i + 1 + j))
        .unwrap_or(folded.len());
    names.iter().any(|n| {
        n.full.start >= from && n.full.end <= to && n.subunit != names[k].subunit && bulleted(n)
    })
}

/// The reporting unit's former units named in the text.
fn registry_names(doc: &DocText, unit: &Unit) -> Vec<Name> {
    let folded = doc.folded();
    let mut found: Vec<Name> = Vec::new();
    for f in &unit.former {
        for (at, _) in folded.match_indices(f.key.as_str()) {
            let span = at..at + f.key.len();
            if !word_bounded(folded, span.clone()) {
                continue;
            }
            let look = floor(folded, span.start.saturating_sub(12));
            let start = PREFIX
                .find(&folded[look..span.start])
                .map(|m| look + m.start())
                .filter(|&s| {
                    !folded[..s]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphabetic)
                })
                .unwrap_or(span.start);
            let suffix = SUFFIX.find(&folded[span.end..]).map(|m| m.end());
            // "xã Phú Lộc" in Xã Phú Lộc's report, whose former unit was
            // "Thị trấn Phú Lộc": the unit itself, no part of it.
            let own = unit.keys.contains(&f.key);
            let written_type = folded[start..span.start].trim().trim_end_matches('.');
            let former_type = baocao_viet::fold::fold(&f.name)
                .strip_suffix(f.key.as_str())
                .map(|t| t.trim().to_string())
                .unwrap_or_default();
            let unit_type = baocao_viet::fold::fold(&unit.kind);
            if own
                && suffix.is_none()
                && !written_type.is_empty()
                && written_type == unit_type
                && !former_type.is_empty()
                && former_type != unit_type
            {
                continue;
            }
            found.push(Name {
                full: start..span.end + suffix.unwrap_or(0),
                subunit: disambiguate(unit, &f.key, doc.source_text(span.clone())),
                known: true,
                own,
                old: suffix.is_some(),
            });
        }
    }
    found.sort_by_key(|n| (n.full.start, std::cmp::Reverse(n.full.end)));
    let mut out: Vec<Name> = Vec::new();
    for n in found {
        if out.last().is_some_and(|l| n.full.start < l.full.end) {
            continue;
        }
        out.push(n);
    }
    out
}

/// Capitalised "Name:" entries inside parentheses, for reports of unknown units.
fn generic_names(doc: &DocText) -> Vec<Name> {
    let folded = doc.folded();
    let mut out = Vec::new();
    for (open, _) in folded.match_indices('(') {
        let close = folded[open..]
            .find([')', '\n'])
            .map_or(folded.len(), |i| open + i);
        let inside = &folded[open + 1..close];
        for c in GENERIC_NAME.captures_iter(inside) {
            let m = c.get(1).expect("group");
            let span = open + 1 + m.start()..open + 1 + m.end();
            let written = doc.source_text(span.clone());
            if !capitalised(written) {
                continue;
            }
            out.push(Name {
                full: span,
                subunit: strip_type(written),
                known: false,
                own: false,
                old: false,
            });
        }
    }
    out
}

/// The former unit a name written in the report refers to. Folding merges
/// names that differ only by a vowel's shape ("Hương Vân", "Hương Văn" of
/// Phường Hương Trà): the written form decides between them.
fn disambiguate(unit: &Unit, key: &str, written: &str) -> String {
    let same_key: Vec<&crate::units::Former> =
        unit.former.iter().filter(|f| f.key == key).collect();
    let written = baocao_viet::normalize(written).to_lowercase();
    same_key
        .iter()
        .find(|f| f.subunit.to_lowercase() == written)
        .or(same_key.first())
        .map(|f| f.subunit.clone())
        .unwrap_or_default()
}

fn floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn strip_type(written: &str) -> String {
    let folded = baocao_viet::fold::fold(written);
    for w in ["phuong ", "xa ", "thi tran "] {
        if folded.starts_with(w) {
            return written.chars().skip(w.chars().count()).collect();
        }
    }
    written.to_string()
}

fn capitalised(s: &str) -> bool {
    let mut words = s.split_whitespace().skip_while(|w| {
        matches!(
            baocao_viet::fold::fold(w).as_str(),
            "phuong" | "xa" | "thi" | "tran"
        )
    });
    words.all(|w| w.chars().next().is_some_and(char::is_uppercase))
}
