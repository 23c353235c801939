//! The XLSX sink: one workbook with a sheet per table (rust_xlsxwriter):
//! bold frozen header row, autofilter, numbers as numbers with thousands
//! separators, columns wide enough for their (Vietnamese) text. Sheet names
//! are the table ids (`units`, `totals`, …) so scripts find them; headers
//! are the labels the run passes (in the report's language).
//!
//! Text is written as string cells, which a spreadsheet never evaluates, so
//! it is stored as found (the CSV's leading apostrophe is not needed here).

use std::collections::HashMap;

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use serde::Serialize;

use super::fields::{for_each_field, Field};
use super::number::spreadsheet_width;
use super::{OutputError, Table};

/// File name of the workbook in OUT.
pub const FILE_NAME: &str = "baocao.xlsx";

/// Widest column, in characters.
const MAX_WIDTH: usize = 60;

/// A workbook being filled, a sheet per table.
pub struct Book {
    workbook: Workbook,
}

impl Default for Book {
    fn default() -> Self {
        Book::new()
    }
}

impl Book {
    pub fn new() -> Book {
        Book {
            workbook: Workbook::new(),
        }
    }

    /// Add a sheet for `table`; `headers` maps column ids to the headers shown.
    pub fn sheet<R: Serialize>(
        &mut self,
        table: &Table<R>,
        headers: &HashMap<String, String>,
    ) -> Result<(), OutputError> {
        let ws = self.workbook.add_worksheet();
        ws.set_name(table.name)?;
        let header: Vec<&str> = table
            .header()
            .into_iter()
            .map(|id| headers.get(id).map_or(id, String::as_str))
            .collect();
        let bold = Format::new().set_bold();
        let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count() + 3).collect();
        for (c, h) in header.iter().enumerate() {
            ws.write_string_with_format(0, col(c), *h, &bold)?;
        }
        let formats = [number_format(true), number_format(false)];
        for (r, row) in table.rows.iter().enumerate() {
            let r = r as u32 + 1;
            let mut c = 0;
            let mut failed = None;
            for_each_field(row, &mut |f| {
                if let Some(w) = widths.get_mut(c) {
                    *w = (*w).max(width(f));
                }
                if let Err(e) = write_cell(ws, r, col(c), f, &formats) {
                    failed.get_or_insert(e);
                }
                c += 1;
            })?;
            if let Some(e) = failed {
                return Err(e.into());
            }
        }
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(col(c), ((w + 2).clamp(6, MAX_WIDTH)) as f64)?;
        }
        ws.set_freeze_panes(1, 0)?;
        if !header.is_empty() {
            ws.autofilter(0, 0, table.rows.len() as u32, col(header.len() - 1))?;
        }
        Ok(())
    }

    /// The workbook as bytes.
    pub fn bytes(mut self) -> Result<Vec<u8>, OutputError> {
        Ok(self.workbook.save_to_buffer()?)
    }
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
    field: Field,
    [whole, fraction]: &[Format; 2],
) -> Result<(), XlsxError> {
    match field {
        Field::Str(s) => ws.write_string(r, c, s).map(|_| ()),
        Field::Float(v) => {
            let format = if v.fract() == 0.0 { whole } else { fraction };
            ws.write_number_with_format(r, c, v, format).map(|_| ())
        }
        Field::Int(i) => ws
            .write_number_with_format(r, c, i as f64, whole)
            .map(|_| ()),
        Field::Bool(b) => ws.write_boolean(r, c, b).map(|_| ()),
        Field::Null => Ok(()),
    }
}

/// A cell's width in characters as displayed (Vietnamese letters with their
/// marks are one character each in NFC).
fn width(field: Field) -> usize {
    match field {
        Field::Str(s) => s.chars().count(),
        Field::Float(v) => spreadsheet_width(v),
        Field::Int(i) => spreadsheet_width(i as f64),
        Field::Bool(b) => b.to_string().len(),
        Field::Null => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, serde::Deserialize)]
    struct Row<'a> {
        unit: &'a str,
        poor_households: f64,
    }

    #[test]
    fn workbook_is_a_zip() {
        let rows = [Row {
            unit: "Phường Kim Trà",
            poor_households: 96.0,
        }];
        let headers = HashMap::from([("unit".to_string(), "Đơn vị".to_string())]);
        let mut book = Book::new();
        book.sheet(&Table::new("units", &rows).unwrap(), &headers)
            .unwrap();
        let b = book.bytes().unwrap();
        assert_eq!(&b[..2], b"PK");
    }
}
