//! One XLSX workbook with a sheet per table (rust_xlsxwriter): bold frozen
//! header row, autofilter, numbers as numbers with thousands separators,
//! columns wide enough for their (Vietnamese) text. Sheet names are the
//! table ids (`units`, `totals`, …) so scripts find them; headers are the
//! labels in the report's language.
//!
//! Text is written as string cells, which a spreadsheet never evaluates, so
//! it is stored as found (the CSV's leading apostrophe is not needed here).

use std::collections::HashMap;

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::Table;
use crate::output::Cell;

/// File name of the workbook in OUT.
pub const FILE_NAME: &str = "baocao.xlsx";

/// Column id → header shown in the workbook (ids without a label are shown as they are).
pub type Labels = HashMap<String, String>;

/// Widest column, in characters.
const MAX_WIDTH: usize = 60;

/// The workbook as bytes.
pub fn bytes(tables: &[Table], labels: &Labels) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    for t in tables {
        let ws = wb.add_worksheet();
        sheet(ws, t, labels)?;
    }
    wb.save_to_buffer()
}

fn sheet(ws: &mut Worksheet, t: &Table, labels: &Labels) -> Result<(), XlsxError> {
    ws.set_name(&t.name)?;
    let bold = Format::new().set_bold();
    let header: Vec<&str> = t
        .header
        .iter()
        .map(|h| labels.get(h).map_or(h.as_str(), String::as_str))
        .collect();
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, col(c), *h, &bold)?;
    }
    let formats = [number_format(true), number_format(false)];
    for (r, row) in t.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            write_cell(ws, r, col(c), cell, &formats)?;
        }
    }
    for (c, h) in header.iter().enumerate() {
        ws.set_column_width(col(c), width(h, t, c) as f64)?;
    }
    ws.set_freeze_panes(1, 0)?;
    if !t.header.is_empty() {
        ws.autofilter(0, 0, t.rows.len() as u32, col(t.header.len() - 1))?;
    }
    Ok(())
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// `#,##0` for whole numbers, `#,##0.00` for numbers with a fraction (rates).
fn number_format(integer: bool) -> Format {
    Format::new().set_num_format(if integer { "#,##0" } else { "#,##0.00" })
}

fn write_cell(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    cell: &Cell,
    [whole, fraction]: &[Format; 2],
) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(s) => ws.write_string(r, c, s).map(|_| ()),
        Cell::Number(v) => {
            let format = if v.fract() == 0.0 { whole } else { fraction };
            ws.write_number_with_format(r, c, *v, format).map(|_| ())
        }
        Cell::Bool(b) => ws.write_boolean(r, c, *b).map(|_| ()),
        Cell::Empty => Ok(()),
    }
}

/// Column width in characters: the longest header or cell as displayed,
/// counted in characters (Vietnamese letters with their marks are one
/// character each in NFC), plus a margin for the filter button.
fn width(header: &str, t: &Table, c: usize) -> usize {
    let cells = t
        .rows
        .iter()
        .filter_map(|r| r.get(c))
        .map(|cell| match cell {
            Cell::Text(s) => s.chars().count(),
            Cell::Number(v) => displayed_number_len(*v),
            Cell::Bool(b) => b.to_string().len(),
            Cell::Empty => 0,
        });
    let widest = cells.chain([header.chars().count() + 3]).max().unwrap_or(8);
    (widest + 2).clamp(6, MAX_WIDTH)
}

/// Length of a number as `#,##0` or `#,##0.00` shows it.
fn displayed_number_len(v: f64) -> usize {
    let digits = format!("{:.0}", v.abs().trunc()).len();
    let groups = (digits.saturating_sub(1)) / 3;
    let sign = usize::from(v < 0.0);
    let fraction = if v.fract() == 0.0 { 0 } else { 3 };
    sign + digits + groups + fraction
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_widths_count_separators() {
        assert_eq!(displayed_number_len(2_977_500_000.0), 13);
        assert_eq!(displayed_number_len(1.14), 4);
        assert_eq!(displayed_number_len(-96.0), 3);
    }

    #[test]
    fn workbook_is_a_zip() {
        let t = Table::new(
            "units",
            &["unit", "poor_households"],
            vec![vec![
                Cell::Text("Phường Kim Trà".into()),
                Cell::Number(96.0),
            ]],
        );
        let labels = Labels::from([("unit".to_string(), "Đơn vị".to_string())]);
        let b = bytes(&[t], &labels).unwrap();
        assert_eq!(&b[..2], b"PK");
    }
}
