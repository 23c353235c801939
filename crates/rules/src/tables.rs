//! Tables: rows the text stage flattened to cells (`a | b | c`), read by
//! their header and said again as sentences the figure engine reads like
//! any other.
//!
//! Under the header "TT | Chỉ tiêu | ĐVT | Kế hoạch | Thực hiện | So với KH
//! (%)" the row "1 | Số hộ nghèo | hộ | 130 | 121 | 93" says "- Số hộ
//! nghèo: kết quả 121 hộ." (each row an item of a list; a column of what
//! was achieved, `result_columns`, is said as a result) — the item number goes, the unit column gives each
//! value its measure word, and columns whose heading names a plan, a
//! starting point or a comparison (`not_result_columns` in `metrics.toml`)
//! are left out. A heading that is itself what is counted ("Tập thể", "Hộ
//! nghèo") follows its value: "Phường Phú An (cũ): 21 hộ nghèo, 10 hộ cận
//! nghèo." (a comma between the values, so a row's name holds for all of
//! them). A unit in parentheses ("Kinh phí (triệu đồng)") is the measure
//! of its column.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::metrics::{Context, Metrics};
use crate::text::DocText;

/// One table of a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Folded range of the paragraph before the table (its lead-in), if any.
    pub caption: Option<Range<usize>>,
    pub rows: Vec<Row>,
}

/// One row of a table (its header included).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The row's line in the report's folded text.
    pub folded: Range<usize>,
    /// What the row says, as a sentence; `None` for the header and for rows
    /// without a value to read.
    pub sentence: Option<String>,
}

/// The most rows and cells per row a table is read with.
const MAX_ROWS: usize = 500;
const MAX_CELLS: usize = 60;

/// A number, a percentage, or a dash for "none": a data cell.
static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[-–—x]|[<>≤≥~]?\s*\d[\d.,]*\s*%?)$").unwrap());
/// An item number: "1", "2.1", "IV", "a)".
static ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{1,3}(?:\.\d{1,2})*\.?|[IVXivx]{1,5}\.?|[a-zđ]\))$").unwrap()
});
/// An item number before a label merged into its cell: "1 Số hộ nghèo".
static ITEM_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\d{1,3}(?:\.\d{1,2})*\.?|[IVX]{1,5}\.)\s+").unwrap());
/// A unit in parentheses at the end of a heading: "Kinh phí (triệu đồng)".
static PAREN_UNIT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\(([^()]*)\)\s*$").unwrap());
/// A number with a multiplier word: "1.080 triệu", "1,2 tỷ".
static MULTIPLIER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d[\d.,]*\s*(?:nghìn|ngàn|triệu|tỷ)$").unwrap());
/// A year: a row's or a column's label, not a figure.
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:19|20)\d\d$").unwrap());
/// A rate per unit in a heading: "Mức hỗ trợ (đồng/nhà)", "(triệu/hộ)".
static PER_UNIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:đồng|triệu|tỷ|nghìn|trđ|%)\s*/\s*\p{L}").unwrap());
/// A row labelled by a year or a part of one: "2023", "Năm 2024", "6 tháng
/// 2025", "6 tháng đầu năm 2025".
static YEAR_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:năm\s+|\d{1,2}\s+tháng\s+(?:(?:đầu|cuối)\s+)?(?:năm\s+)?)?(?:19|20)\d\d$")
        .unwrap()
});
/// A total's label, folded.
static TOTAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:tong cong|tong so|tong|cong|toan (?:xa|phuong))\b").unwrap());
/// Money and rates: units whatever the metrics count.
static MONEY_OR_RATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:%|(?:nghìn |ngàn |triệu |tỷ )?đồng(?:\s*/.*)?|trđ|tr\.đ)$").unwrap()
});

/// Every table of `doc`.
pub fn find(doc: &DocText, metrics: &Metrics) -> Vec<Table> {
    let (context, measure_words) = (&metrics.context, &metrics.measure_words);
    let lines = lines(doc.folded());
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !is_row(doc.folded(), &lines[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && is_row(doc.folded(), &lines[i]) {
            i += 1;
        }
        let mut caption = start.checked_sub(1).map(|c| lines[c].clone());
        let reader = Reader {
            doc,
            context,
            measure_words,
            metrics,
        };
        // A table on one line is cut into rows; a table of lines has them.
        let group = &lines[start..i];
        let rows: Vec<Vec<Range<usize>>> = match group {
            [line] => one_line(doc, line, &mut caption),
            _ => group.iter().map(|l| cell_ranges(doc.folded(), l)).collect(),
        };
        // No report prints such a table; reading it would cost rows × cells.
        if rows.len() > MAX_ROWS || rows.iter().any(|r| r.len() > MAX_CELLS) {
            continue;
        }
        out.push(reader.table(caption, &rows));
    }
    out
}

/// The rows of a table written on one line; its lead-in, when it has one,
/// becomes `caption`.
fn one_line(
    doc: &DocText,
    line: &Range<usize>,
    caption: &mut Option<Range<usize>>,
) -> Vec<Vec<Range<usize>>> {
    let folded = doc.folded();
    let mut cells = cell_ranges(folded, line);
    let lead = lead_in(folded, &mut cells);
    if lead.is_some() {
        caption.clone_from(&lead);
    }
    let rows = split_flat(folded, cells.clone());
    if rows.len() >= 3 {
        return rows;
    }
    let lead = lead.or_else(|| caption_before_heading(doc, &mut cells));
    match unmerged(doc, &cells) {
        Some(unmerged) => {
            if lead.is_some() {
                *caption = lead;
            }
            unmerged
        }
        None => rows,
    }
}

/// The folded ranges of a row's cells, trimmed.
fn cell_ranges(folded: &str, line: &Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = line.start;
    for (i, b) in folded[line.clone()].bytes().enumerate() {
        if b == b'|' {
            out.push(trim(folded, start..line.start + i));
            start = line.start + i + 1;
        }
    }
    out.push(trim(folded, start..line.end));
    out
}

fn trim(folded: &str, r: Range<usize>) -> Range<usize> {
    let s = &folded[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    r.start + lead..(r.end - trail).max(r.start + lead)
}

/// Rows as wide as the header, each starting with the next item number
/// (the last may be a shorter total): "TT | Hình thức | Tập thể | Cá nhân |
/// 1 | Cờ thi đua | 3 | - | 2 | …" — a value equal to the next number is
/// no row start.
fn numbered_rows(folded: &str, cells: &[Range<usize>]) -> Option<Vec<Vec<Range<usize>>>> {
    let text = |i: usize| folded[cells[i].clone()].trim();
    let width = (1..cells.len()).find(|&i| text(i) == "1")?;
    if width < 2 {
        return None;
    }
    let mut rows = vec![cells[..width].to_vec()];
    let (mut at, mut k) = (width, 1u32);
    while at < cells.len() {
        let numbered = text(at).parse::<u32>().ok() == Some(k);
        let last = at + width >= cells.len();
        if !(numbered || last || TOTAL.is_match(text(at)) || text(at).is_empty()) {
            return None;
        }
        let end = (at + width).min(cells.len());
        rows.push(cells[at..end].to_vec());
        (at, k) = (end, k + 1);
    }
    (rows.len() >= 3).then_some(rows)
}

/// "Kết quả xóa nhà tạm năm 2025: TT | Đơn vị | …": the words before the
/// colon in the first cell lead the table in; the cell keeps its heading.
fn lead_in(folded: &str, cells: &mut [Range<usize>]) -> Option<Range<usize>> {
    let first = cells.first()?.clone();
    let colon = folded[first.clone()].rfind(':')?;
    let heading = trim(folded, first.start + colon + 1..first.end);
    if folded[heading.clone()].split_whitespace().count() > 5 {
        return None;
    }
    cells[0] = heading;
    Some(first.start..first.start + colon + 1)
}

/// A whole table on one line ("TT | Đơn vị | Số hộ nghèo | 1 | Thị trấn
/// Sịa | 21 | 2 | …"): rows start at the item numbers 1, 2, 3 … and at a
/// total ("Tổng cộng").
fn split_flat(folded: &str, cells: Vec<Range<usize>>) -> Vec<Vec<Range<usize>>> {
    if let Some(rows) = numbered_rows(folded, &cells) {
        return rows;
    }
    let text = |i: usize| &folded[cells[i].clone()];
    let mut starts = Vec::new();
    let mut next = 1u32;
    for i in 1..cells.len() {
        if text(i).parse::<u32>().ok() == Some(next) {
            starts.push(i);
            next += 1;
        } else if next > 2 && TOTAL.is_match(text(i)) {
            starts.push(i);
        }
    }
    if next <= 2 {
        return by_width(folded, cells);
    }
    let mut out = Vec::new();
    let mut from = 0;
    for s in starts {
        if s > from {
            out.push(cells[from..s].to_vec());
        }
        from = s;
    }
    out.push(cells[from..].to_vec());
    out
}

/// A value ending a row and what starts the next, in one cell: "270 triệu".
static VALUE_THEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d[\d.,]*(?:\s*%|\s+(?:nghin|ngan|trieu|ty|dong))?\s+").unwrap()
});

/// A table on one line whose row breaks became spaces ("Đơn vị | Số hộ |
/// Kinh phí An Cựu | 6 | 270 triệu An Đông | 9 | …"): a cell that begins
/// with a value and goes on with a capitalised word or a number holds the
/// end of one row and the start of the next; one heading cell holds the
/// last heading and the first row's label, told apart by the label's
/// capital ("Kinh phí | An Cựu"). The cells cut so, the table is split as
/// any other; `None` when no cut gives rows.
fn unmerged(doc: &DocText, cells: &[Range<usize>]) -> Option<Vec<Vec<Range<usize>>>> {
    let folded = doc.folded();
    let mut cells = cells.to_vec();
    // A sentence after the table, on its line: "… | 231. Tỷ lệ hộ nghèo …".
    if let Some(last) = cells.last_mut() {
        let text = &folded[last.clone()];
        if let Some(end) = text
            .find(". ")
            .filter(|&i| starts_a_row(doc, last.start + i + 2))
        {
            *last = trim(folded, last.start..last.start + end);
        }
    }
    let mut cut: Vec<Range<usize>> = Vec::with_capacity(cells.len() * 2);
    for c in &cells {
        let value_end = VALUE_THEN
            .find(&folded[c.clone()])
            .map(|m| c.start + m.end())
            .filter(|&at| starts_a_row(doc, at));
        match value_end {
            Some(at) => cut.extend([trim(folded, c.start..at), trim(folded, at..c.end)]),
            None => cut.push(c.clone()),
        }
    }
    if cut.len() == cells.len() {
        return None;
    }
    let first_value = cut.iter().position(|c| {
        let t = folded[c.clone()].trim();
        NUMBER.is_match(t) && !YEAR.is_match(t)
    })?;
    (1..first_value).find_map(|i| {
        let at = label_start(doc, &cut[i])?;
        let mut cells = cut.clone();
        cells.splice(
            i..=i,
            [trim(folded, cut[i].start..at), trim(folded, at..cut[i].end)],
        );
        let rows = split_flat(folded, cells);
        (rows.len() >= 3).then_some(rows)
    })
}

/// "Hỗ trợ nhà ở cho hộ nghèo giai đoạn 2021-2025 Địa bàn | Số hộ | …"
/// without a colon: a first cell of many words ends with the first
/// heading, its last capitalised word on; the words before lead the table
/// in (the cell keeps its heading).
fn caption_before_heading(doc: &DocText, cells: &mut [Range<usize>]) -> Option<Range<usize>> {
    let first = cells.first()?.clone();
    let folded = doc.folded();
    let words = word_starts(folded, &first);
    if words.len() <= 5 {
        return None;
    }
    let capital = |at| source_char(doc, at).is_some_and(char::is_uppercase);
    let k = (3..words.len()).rev().find(|&k| capital(words[k]))?;
    if words.len() - k > 4 {
        return None;
    }
    cells[0] = trim(folded, words[k]..first.end);
    Some(trim(folded, first.start..words[k]))
}

/// The folded offsets where the words of `cell` start.
fn word_starts(folded: &str, cell: &Range<usize>) -> Vec<usize> {
    let text = &folded[cell.clone()];
    text.char_indices()
        .filter(|&(i, c)| {
            !c.is_whitespace() && (i == 0 || text[..i].ends_with(char::is_whitespace))
        })
        .map(|(i, _)| cell.start + i)
        .collect()
}

/// Whether the word at folded offset `at` starts a row: a capital letter
/// or a digit where the report has it.
fn starts_a_row(doc: &DocText, at: usize) -> bool {
    source_char(doc, at).is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// The report's character (its case and marks kept) where folded offset
/// `at` came from.
fn source_char(doc: &DocText, at: usize) -> Option<char> {
    let source = doc.source_range(at..at + 1);
    doc.text()[source.start..].chars().next()
}

/// Where, in a heading cell, the first row's label starts: its first word
/// after the first that starts a row ("Kinh phí An Cựu" → "An Cựu").
fn label_start(doc: &DocText, cell: &Range<usize>) -> Option<usize> {
    let words = word_starts(doc.folded(), cell);
    words.into_iter().skip(1).find(|&at| starts_a_row(doc, at))
}

/// A whole table on one line without item numbers ("Xã cũ | Xây mới |
/// Sửa chữa | Cộng | A Lưới | 6 | 3 | 9 | Hồng Bắc | …"): the headings are
/// the cells before the first row's label, the first cell that is followed
/// by a figure; every row then has as many cells.
fn by_width(folded: &str, cells: Vec<Range<usize>>) -> Vec<Vec<Range<usize>>> {
    let text = |i: usize| folded[cells[i].clone()].trim();
    let figure = |i: usize| {
        let t = text(i);
        let digits = t.starts_with(|c: char| c.is_ascii_digit() || "<>~".contains(c));
        // "6 tháng 2025" names a period: a row's label.
        let dated = t.split_whitespace().count() > 1
            && t.split_whitespace()
                .last()
                .is_some_and(|w| YEAR.is_match(w));
        digits && t.split_whitespace().count() <= 3 && !YEAR.is_match(t) && !dated
    };
    let Some(first) = (1..cells.len()).find(|&i| figure(i)) else {
        return vec![cells];
    };
    let width = first - 1;
    if width < 2 || !(cells.len() - width).is_multiple_of(width) || cells.len() < 3 * width {
        return vec![cells];
    }
    let rows: Vec<Vec<Range<usize>>> = cells.chunks(width).map(<[_]>::to_vec).collect();
    let well_formed = rows[1..].iter().all(|r| {
        let start = r[0].start;
        let label = folded[r[0].clone()].trim();
        let idx = |k: usize| {
            cells
                .iter()
                .position(|c| c.start == r[k].start)
                .unwrap_or(0)
        };
        (label.is_empty() || !figure(idx(0)) || YEAR.is_match(label))
            && (1..r.len()).any(|k| figure(idx(k)))
            && start >= cells[0].start
    });
    if well_formed {
        rows
    } else {
        vec![cells]
    }
}

fn lines(folded: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in folded.bytes().enumerate() {
        if b == b'\n' {
            out.push(start..i);
            start = i + 1;
        }
    }
    out.push(start..folded.len());
    out
}

fn is_row(folded: &str, line: &Range<usize>) -> bool {
    folded[line.clone()].contains(" | ")
}

/// How a table's rows are said: its headings, the role of each column, the
/// label and unit columns, the state its caption names, and per column
/// whether its heading names the end of the period ("Cuối kỳ",
/// `end_of_period_columns`) or what was achieved ("Thực hiện 6 tháng",
/// `result_columns`: its values are said as results, "kết quả 238 lao
/// động").
#[derive(Clone, Copy)]
struct RowReader<'a> {
    headings: &'a [String],
    roles: &'a [Role],
    label: Option<usize>,
    unit: Option<usize>,
    state: Option<&'a str>,
    ends_period: &'a [bool],
    achieved: &'a [bool],
}

/// Whether `heading`, with its diacritics and in lower case, matches one of
/// `patterns` (a column list of `[context]`).
fn heading_matches(heading: &str, patterns: &[Regex]) -> bool {
    let written = baocao_viet::normalize(heading).to_lowercase();
    patterns.iter().any(|r| r.is_match(&written))
}

struct Reader<'a> {
    doc: &'a DocText,
    context: &'a Context,
    measure_words: &'a [(String, String)],
    metrics: &'a Metrics,
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Item numbers.
    Index,
    /// What the row is about.
    Label,
    /// Each row's measure word.
    Unit,
    /// Results.
    Value,
    /// Plans, starting points, comparisons, notes.
    Other,
}

impl Reader<'_> {
    fn table(&self, caption: Option<Range<usize>>, rows: &[Vec<Range<usize>>]) -> Table {
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        let cells: Vec<Vec<String>> = rows.iter().map(|r| self.cells(r, width)).collect();
        let header = usize::from(self.is_header(&cells[0]));
        let headings: Vec<String> = (0..width)
            .map(|c| match header {
                1 => cells[0].get(c).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .collect();
        let data = &cells[header..];
        let mut roles: Vec<Role> = (0..width)
            .map(|c| self.role(c, &headings[c], data))
            .collect();
        // "Xây mới | Sửa chữa | Cộng": a column of row totals holds the
        // figure; the columns it adds up are its parts.
        let total = (0..width).find(|&c| {
            roles[c] == Role::Value && TOTAL.is_match(&baocao_viet::fold::fold(headings[c].trim()))
        });
        if let Some(t) = total {
            for (c, r) in roles.iter_mut().enumerate() {
                if *r == Role::Value && c != t {
                    *r = Role::Other;
                }
            }
        }
        let label = roles.iter().position(|r| *r == Role::Label);
        let unit = roles.iter().position(|r| *r == Role::Unit);
        let state = caption.clone().and_then(|c| self.state_named(c));
        let flags = |patterns: &[Regex]| -> Vec<bool> {
            headings
                .iter()
                .map(|h| heading_matches(h, patterns))
                .collect()
        };
        let ends_period = flags(&self.context.end_of_period_columns);
        let achieved = flags(&self.context.result_columns);
        let row_reader = RowReader {
            headings: &headings,
            roles: &roles,
            label,
            unit,
            state: state.as_deref(),
            ends_period: &ends_period,
            achieved: &achieved,
        };
        let rows = rows
            .iter()
            .enumerate()
            .map(|(i, r)| Row {
                folded: r.first().map_or(0, |c| c.start)..r.last().map_or(0, |c| c.end),
                sentence: (i >= header)
                    .then(|| self.sentence(&cells[i], &row_reader))
                    .flatten(),
            })
            .collect();
        Table { caption, rows }
    }

    /// A row's cells in `width` columns. A short row whose last cell is a
    /// value ("Tổng cộng | 118" under three headings: its label spans two
    /// columns) keeps its values in the last columns.
    fn cells(&self, row: &[Range<usize>], width: usize) -> Vec<String> {
        let mut cells: Vec<String> = row
            .iter()
            .map(|c| self.doc.source_text(c.clone()).trim().to_string())
            .collect();
        if cells.len() < width && cells.len() >= 2 && cells.last().is_some_and(|c| self.is_value(c))
        {
            let missing = width - cells.len();
            cells.splice(1..1, std::iter::repeat_n(String::new(), missing));
        }
        cells
    }

    fn role(&self, c: usize, heading: &str, data: &[Vec<String>]) -> Role {
        let column: Vec<&str> = data
            .iter()
            .filter_map(|r| r.get(c).map(String::as_str))
            .filter(|s| !s.is_empty())
            .collect();
        if column.is_empty() {
            return Role::Other;
        }
        let share = |f: &dyn Fn(&str) -> bool| column.iter().filter(|s| f(s)).count() * 2;
        if c == 0 && share(&|s| ITEM.is_match(s)) >= column.len() {
            return Role::Index;
        }
        // "Năm | CSTĐCS | … | 2021 | 61 | …": years name the rows.
        if share(&|s| YEAR_LABEL.is_match(s)) >= column.len() {
            return Role::Label;
        }
        if share(&|s| self.is_unit(s)) >= column.len() {
            return Role::Unit;
        }
        if share(&|s| self.is_value(s)) >= column.len() {
            // Compared with diacritics: "Đã được tặng" is no "tăng".
            let per_unit = PER_UNIT.is_match(&baocao_viet::normalize(heading).to_lowercase());
            if per_unit || heading_matches(heading, &self.context.not_result_columns) {
                return Role::Other;
            }
            return Role::Value;
        }
        Role::Label
    }

    /// A value cell that carries its own measure ("121 hộ").
    fn is_value_with_unit(&self, cell: &str) -> bool {
        cell.trim().chars().any(char::is_alphabetic)
    }

    /// A measure word, an amount unit or a rate: a unit column's cell.
    fn is_unit(&self, cell: &str) -> bool {
        let written = baocao_viet::normalize(cell).to_lowercase();
        MONEY_OR_RATE.is_match(&written) || self.measure_words.iter().any(|(_, w)| *w == written)
    }

    /// A header row: no cell after the first is a value.
    fn is_header(&self, row: &[String]) -> bool {
        row.iter()
            .skip(1)
            .all(|c| c.is_empty() || !self.is_value(c))
            && row.iter().any(|c| c.chars().any(char::is_alphabetic))
    }

    /// A number, alone or with its unit ("121 hộ", "2,52%"), or a dash.
    fn is_value(&self, cell: &str) -> bool {
        NUMBER.is_match(cell)
            || MULTIPLIER.is_match(&cell.to_lowercase())
            || cell.split_once(' ').is_some_and(|(n, unit)| {
                NUMBER.is_match(n) && n != "-" && self.is_unit(unit.trim())
            })
    }

    /// Whether a heading names one of the rules' concepts ("CSTĐCS", "Lao
    /// động tiên tiến"): what its column counts.
    fn names_concept(&self, heading: &str) -> bool {
        let doc = DocText::from_pages(&[(1, heading.to_string())]);
        !crate::concepts::scan(&doc, &self.metrics.concepts).is_empty()
    }

    /// Whether `text` starts with a measure word: "Hộ nghèo", "Tập thể".
    fn starts_with_measure(&self, text: &str) -> bool {
        let written = baocao_viet::normalize(text).to_lowercase();
        self.measure_words.iter().any(|(_, w)| {
            written == *w
                || written
                    .strip_prefix(w.as_str())
                    .is_some_and(|rest| rest.starts_with(' '))
        })
    }

    /// The words of the state a caption names ("Biến động hộ nghèo giai
    /// đoạn 2021-2025" → "hộ nghèo"), as written.
    fn state_named(&self, caption: Range<usize>) -> Option<String> {
        let doc = DocText::from_pages(&[(1, self.doc.source_text(caption).to_string())]);
        crate::concepts::scan(&doc, &self.metrics.concepts)
            .into_iter()
            .find(|m| self.metrics.concepts[m.concept].role == crate::concepts::Role::State)
            .map(|m| doc.source_text(m.span).trim().to_lowercase())
    }

    fn sentence(&self, row: &[String], how: &RowReader) -> Option<String> {
        let RowReader {
            headings,
            roles,
            label,
            unit,
            state,
            ends_period,
            achieved,
        } = *how;
        let mut unit = unit
            .and_then(|u| row.get(u))
            .map_or(String::new(), |u| u.to_string());
        // "Tỷ lệ hài lòng của người dân %": a unit cell run into the label.
        let mut label_cell = label.and_then(|l| row.get(l)).cloned();
        if let Some(l) = label_cell.clone() {
            if let Some((head, last)) = l.rsplit_once(' ') {
                if unit.is_empty() && MONEY_OR_RATE.is_match(&last.to_lowercase()) {
                    unit = last.to_string();
                    label_cell = Some(head.to_string());
                }
            }
            // "Bằng khen (tập thể)", "Giải quyết việc làm (lao động)".
            if let Some(c) = PAREN_UNIT.captures(&l) {
                if unit.is_empty() && self.is_unit(c[1].trim()) {
                    unit = c[1].trim().to_string();
                    label_cell = Some(l[..c.get(0).map_or(0, |m| m.start())].trim().to_string());
                }
            }
        }
        // The count of the caption's state at the end of the period comes
        // first: the row's name is then its name ("- Phường Đúc: 7 hộ
        // nghèo, 24 thoát nghèo"), not the name of the change beside it.
        let mut parts: Vec<(bool, String)> = roles
            .iter()
            .enumerate()
            .filter(|(_, r)| **r == Role::Value)
            .filter_map(|(c, _)| {
                let value = row.get(c)?;
                match state.filter(|_| ends_period[c]) {
                    Some(words) if !self.is_value_with_unit(value) => {
                        Some((false, format!("{} {words}", value.trim())))
                    }
                    _ => {
                        let said = self.part(value, &headings[c], &unit)?;
                        Some((
                            true,
                            if achieved[c] {
                                format!("kết quả {said}")
                            } else {
                                said
                            },
                        ))
                    }
                }
            })
            .collect();
        parts.sort_by_key(|(later, _)| *later);
        let parts: Vec<String> = parts.into_iter().map(|(_, p)| p).collect();
        if parts.is_empty() {
            return None;
        }
        // The label's cell, else any text before the values ("Tổng cộng"
        // written across the index and label columns).
        let label = label_cell
            .into_iter()
            .chain(
                roles
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| matches!(r, Role::Index | Role::Label))
                    .filter_map(|(c, _)| row.get(c).cloned()),
            )
            .map(|l| match YEAR_LABEL.is_match(l.trim()) {
                true => l.trim().to_string(),
                false => ITEM_PREFIX.replace(&l, "").trim().to_string(),
            })
            .find(|l| !l.is_empty() && !ITEM.is_match(l));
        // A row per year: yearly values, never the period's figure (its
        // total row is).
        if label.as_deref().is_some_and(|l| YEAR_LABEL.is_match(l)) {
            return None;
        }
        let body = parts.join(", ");
        // Each row an item of a list: "- Phường Thủy Xuân: 54 hộ nghèo."
        Some(match label {
            Some(l) => format!("- {}: {body}.", l.trim_end_matches([':', ',', ';'])),
            None => format!("- {body}."),
        })
    }

    /// One value said with its heading and measure: "Thực hiện 121 hộ",
    /// "09 tập thể", "Kinh phí 3.480 triệu đồng".
    fn part(&self, value: &str, heading: &str, unit: &str) -> Option<String> {
        let value = value.trim();
        if value.is_empty() || matches!(value, "-" | "–" | "—" | "x") {
            return None;
        }
        let (heading, paren) = match PAREN_UNIT.captures(heading) {
            Some(c) if self.is_unit(c[1].trim()) => (
                heading[..c.get(0).map_or(0, |m| m.start())].trim(),
                c[1].trim().to_string(),
            ),
            _ => (heading.trim(), String::new()),
        };
        let money = |u: &str| u.to_lowercase().ends_with("đồng");
        let multiplier = MULTIPLIER.is_match(&value.to_lowercase());
        let unit = if multiplier && (money(unit) || (unit.is_empty() && money(&paren))) {
            // "1.080 triệu" under "Kinh phí (triệu đồng)".
            "đồng"
        } else if value.chars().any(char::is_alphabetic) {
            ""
        } else if unit.is_empty() {
            paren.as_str()
        } else {
            unit
        };
        let glue = |a: &str, b: &str| {
            if b.is_empty() || b == "%" {
                format!("{a}{b}")
            } else {
                format!("{a} {b}")
            }
        };
        // "Số hộ nghèo" heads a count of "hộ nghèo".
        let counted = ["Số lượng ", "số lượng ", "Số ", "số "]
            .iter()
            .find_map(|p| heading.strip_prefix(p))
            .filter(|rest| self.starts_with_measure(rest))
            .unwrap_or(heading);
        // Only a heading that says what is counted stays: "Cuối kỳ (2025)",
        // "Thực hiện", "Số lượng" say nothing the row's label does not.
        let telling = self.starts_with_measure(counted) || self.names_concept(heading);
        Some(if heading.is_empty() || !telling {
            glue(value, unit)
        } else if unit.is_empty()
            && (self.starts_with_measure(counted) || self.names_concept(heading))
        {
            format!("{value} {}", lower_first(counted))
        } else {
            format!("{heading} {}", glue(value, unit))
        })
    }
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Metrics;

    fn read(text: &str) -> Vec<Option<String>> {
        let rules = crate::Rules::load(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../rules"
        )))
        .unwrap();
        let m: &Metrics = &rules.metrics;
        let doc = DocText::from_pages(&[(1, text.to_string())]);
        find(&doc, m)
            .into_iter()
            .flat_map(|t| t.rows.into_iter().map(|r| r.sentence))
            .collect()
    }

    #[test]
    fn plans_and_comparisons_are_left_out_and_units_given() {
        let rows = read(
            "Một số chỉ tiêu chủ yếu:\n\
             TT | Chỉ tiêu | Đơn vị tính | Kế hoạch | Thực hiện | KH (%)\n\
             1 | Số hộ nghèo | hộ | - | 231 | -\n\
             3 | Lao động được giải quyết việc làm | lao động | 2.976 | 3.509 | 117,9\n\
             5 | Kinh phí hỗ trợ nhà ở | triệu đồng | - | 3.480 | -\n\
             2 | Tỷ lệ hộ nghèo | % | < 3,5 | 2,52 | Đạt\n\
             7 | Tỷ lệ hài lòng của người dân % | | - | 98,5 | -",
        );
        assert_eq!(
            rows,
            [
                None,
                Some("- Số hộ nghèo: kết quả 231 hộ.".into()),
                Some("- Lao động được giải quyết việc làm: kết quả 3.509 lao động.".into()),
                Some("- Kinh phí hỗ trợ nhà ở: kết quả 3.480 triệu đồng.".into()),
                Some("- Tỷ lệ hộ nghèo: kết quả 2,52%.".into()),
                Some("- Tỷ lệ hài lòng của người dân: kết quả 98,5%.".into()),
            ]
        );
    }

    #[test]
    fn an_end_of_period_column_counts_the_state_its_caption_names() {
        let rows = read(
            "Biến động hộ cận nghèo năm 2025:\n\
             Đơn vị | Đầu năm | Giảm | Cuối năm\n\
             Hương Sơ | 40 | 12 | 28\n\
             Cộng | 95 | 30 | 65",
        );
        assert_eq!(
            rows[1..],
            [
                Some("- Hương Sơ: 28 hộ cận nghèo.".into()),
                Some("- Cộng: 65 hộ cận nghèo.".into()),
            ]
        );
        // A column of what was achieved is said as a result.
        let rows = read(
            "Một số chỉ tiêu năm 2025:\n\
             Chỉ tiêu | Kế hoạch | Thực hiện\n\
             Giải quyết việc làm (lao động) | 450 | 238",
        );
        assert_eq!(
            rows[1..],
            [Some("- Giải quyết việc làm: kết quả 238 lao động.".into())]
        );
        // Without a state in the caption the column says nothing more.
        let rows = read("Kết quả:\nĐơn vị | Cuối năm\nHương Sơ | 28");
        assert_eq!(rows[1..], [Some("- Hương Sơ: 28.".into())]);
    }

    #[test]
    fn a_heading_that_is_counted_follows_its_value() {
        let rows = read(
            "TT Hình thức khen thưởng | Tập thể | Cá nhân\n\
             3 Bằng khen của Chủ tịch UBND tỉnh | 09 | 33\n\
             4 Danh hiệu Chiến sĩ thi đua cấp tỉnh | - | 8",
        );
        assert_eq!(
            rows[1..],
            [
                Some("- Bằng khen của Chủ tịch UBND tỉnh: 09 tập thể, 33 cá nhân.".into()),
                Some("- Danh hiệu Chiến sĩ thi đua cấp tỉnh: 8 cá nhân.".into()),
            ]
        );
        let rows = read(
            "TT | Đơn vị | Hộ nghèo | Hộ cận nghèo\n1 | Phường Phú An (cũ) | 21 | 10\nTổng cộng |  | 121 | 96",
        );
        assert_eq!(
            rows[1..],
            [
                Some("- Phường Phú An (cũ): 21 hộ nghèo, 10 hộ cận nghèo.".into()),
                Some("- Tổng cộng: 121 hộ nghèo, 96 hộ cận nghèo.".into()),
            ]
        );
    }

    #[test]
    fn a_unit_in_a_heading_and_a_table_without_header() {
        let rows = read("Nội dung | Số nhà | Kinh phí (triệu đồng)\nXây mới | 12 | 720");
        assert_eq!(rows[1], Some("- Xây mới: 12 nhà, 720 triệu đồng.".into()));
        let rows = read("Số hộ nghèo | 121 hộ\nSố hộ cận nghèo | 96 hộ");
        assert_eq!(
            rows,
            [
                Some("- Số hộ nghèo: 121 hộ.".into()),
                Some("- Số hộ cận nghèo: 96 hộ.".into())
            ]
        );
    }

    /// tests/fixtures/heldout2 p016: a whole table written on one line.
    #[test]
    fn a_table_on_one_line_is_cut_into_rows() {
        let rows = read(
            "TT | Đơn vị (cũ) | Số hộ nghèo | 1 | Thị trấn Sịa | 21 | 2 | Xã Quảng Phước | 33 | Tổng cộng | 54",
        );
        assert_eq!(
            rows,
            [
                None,
                Some("- Thị trấn Sịa: 21 hộ nghèo.".into()),
                Some("- Xã Quảng Phước: 33 hộ nghèo.".into()),
                Some("- Tổng cộng: 54 hộ nghèo.".into()),
            ]
        );
    }

    /// tests/fixtures/heldout4 p002 and p103: a table on one line whose row
    /// breaks became spaces — the cut falls before a capital or a number.
    #[test]
    fn a_table_on_one_line_without_row_breaks_is_cut_at_its_labels() {
        let rows = read(
            "Đơn vị | Số hộ nghèo | Số hộ cận nghèo An Cựu | 6 | 12 An Đông | 9 | 15 Cộng | 15 | 27",
        );
        assert_eq!(
            rows,
            [
                None,
                Some("- An Cựu: 6 hộ nghèo, 12 hộ cận nghèo.".into()),
                Some("- An Đông: 9 hộ nghèo, 15 hộ cận nghèo.".into()),
                Some("- Cộng: 15 hộ nghèo, 27 hộ cận nghèo.".into()),
            ]
        );
        // Rows of a year or part of one are yearly values, not the period's.
        let rows = read("Năm | Số hộ nghèo 2021 | 38 2022 | 40 6 tháng 2025 | 21 Tổng | 99");
        assert_eq!(
            rows,
            [None, None, None, None, Some("- Tổng: 99 hộ nghèo.".into())]
        );
        // A sentence of the same line, after the table, is no cell.
        let rows = read(
            "Đơn vị | Số hộ nghèo Phú Đa | 31 Phú Gia | 34 Toàn xã | 65. Tỷ lệ hộ nghèo 2,02%.",
        );
        assert_eq!(
            rows.last().unwrap(),
            &Some("- Toàn xã: 65 hộ nghèo.".into())
        );
    }
}
