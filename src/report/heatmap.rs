//! The completeness heat-map: one row per registry unit, one column per
//! expected section of a report kind, drawn as inline SVG. Each cell is a
//! `<rect class="cell STATE">` with STATE `present`, `absent-required`,
//! `absent-recommended` or `no-report`, and `data-unit`/`data-section`.

use std::fmt::Write;

use super::esc;
use crate::lang::Lang;

/// A column: a section of the kind's template.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub id: String,
    pub label: String,
    pub required: bool,
}

/// A row: a unit and, when it reported, whether each section is present.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub unit: String,
    pub cells: Option<Vec<bool>>,
}

const LABEL_WIDTH: f64 = 190.0;
const CELL_W: f64 = 30.0;
const CELL_H: f64 = 18.0;
/// Width of one character of the 11 px header text, roughly.
const CHAR_W: f64 = 5.6;
/// Header labels are turned by this many degrees.
const ANGLE: f64 = 55.0;

/// The heat-map as an `<svg>` element.
pub fn svg(kind: &str, columns: &[Column], rows: &[Row], lang: Lang) -> String {
    let longest = columns
        .iter()
        .map(|c| c.label.chars().count())
        .max()
        .unwrap_or(0) as f64;
    let header = (longest * CHAR_W * ANGLE.to_radians().sin()).ceil() + 16.0;
    let right = (longest * CHAR_W * ANGLE.to_radians().cos()).ceil();
    let width = LABEL_WIDTH + CELL_W * columns.len() as f64 + right;
    let height = header + CELL_H * rows.len() as f64 + 4.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="heatmap" role="img" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" data-kind="{}">"#,
        esc(kind)
    );
    for (j, c) in columns.iter().enumerate() {
        s.push_str(&column_label(j, c, header));
    }
    for (i, r) in rows.iter().enumerate() {
        s.push_str(&row(i, r, columns, header, lang));
    }
    s.push_str("</svg>");
    s
}

fn column_label(j: usize, c: &Column, header: f64) -> String {
    let x = LABEL_WIDTH + CELL_W * j as f64 + CELL_W / 2.0;
    let y = header - 6.0;
    let mark = if c.required { " *" } else { "" };
    format!(
        r#"<text class="section" x="{x}" y="{y}" transform="rotate(-{ANGLE} {x} {y})">{}{mark}</text>"#,
        esc(&c.label)
    )
}

fn row(i: usize, r: &Row, columns: &[Column], header: f64, lang: Lang) -> String {
    let y = header + CELL_H * i as f64;
    let mut s = format!(
        r#"<text class="unit" x="{}" y="{}" text-anchor="end">{}</text>"#,
        LABEL_WIDTH - 6.0,
        y + CELL_H - 5.0,
        esc(&r.unit)
    );
    for (j, c) in columns.iter().enumerate() {
        let state = state(
            r.cells.as_ref().map(|v| v.get(j).copied().unwrap_or(false)),
            c.required,
        );
        let _ = write!(
            s,
            r#"<rect class="cell {state}" x="{}" y="{y}" width="{}" height="{}" data-unit="{}" data-section="{}"><title>{} — {}: {}</title></rect>"#,
            LABEL_WIDTH + CELL_W * j as f64 + 1.0,
            CELL_W - 2.0,
            CELL_H - 2.0,
            esc(&r.unit),
            esc(&c.id),
            esc(&r.unit),
            esc(&c.label),
            state_words(state, lang),
        );
    }
    s
}

/// The class of a cell.
pub fn state(present: Option<bool>, required: bool) -> &'static str {
    match present {
        None => "no-report",
        Some(true) => "present",
        Some(false) if required => "absent-required",
        Some(false) => "absent-recommended",
    }
}

/// The legend's words for a cell class.
pub fn state_words(state: &str, lang: Lang) -> &'static str {
    match state {
        "present" => lang.pick("có", "present"),
        "absent-required" => lang.pick("thiếu (mục bắt buộc)", "missing (required)"),
        "absent-recommended" => lang.pick("thiếu (mục khuyến nghị)", "missing (recommended)"),
        _ => lang.pick("chưa có báo cáo", "no report"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_cell_per_unit_and_section() {
        let cols = vec![
            Column {
                id: "leadership".into(),
                label: "Công tác lãnh đạo, chỉ đạo".into(),
                required: true,
            },
            Column {
                id: "lessons".into(),
                label: "Bài học kinh nghiệm".into(),
                required: false,
            },
        ];
        let rows = vec![
            Row {
                unit: "Phường Kim Trà".into(),
                cells: Some(vec![true, false]),
            },
            Row {
                unit: "Phường An Cựu".into(),
                cells: None,
            },
        ];
        let s = svg("emulation_awards_5y", &cols, &rows, Lang::Vi);
        assert_eq!(s.matches(r#"class="cell "#).count(), 4);
        assert_eq!(s.matches(r#"class="cell present""#).count(), 1);
        assert_eq!(s.matches(r#"class="cell absent-recommended""#).count(), 1);
        assert_eq!(s.matches(r#"class="cell no-report""#).count(), 2);
        assert!(s.contains("Công tác lãnh đạo, chỉ đạo *"));
    }
}
