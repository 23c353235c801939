//! The XLSX sink: one workbook with a sheet per table (rust_xlsxwriter):
//! bold frozen header row, autofilter, numbers as numbers with thousands
//! separators, columns wide enough for their (Vietnamese) text. It is the
//! people's copy: sheet names, headers and enumerated values (kinds,
//! metrics, severities …) are the [`Labels`] of the run's language; flags
//! are booleans (an unknown one an empty cell) and dates are dates.
//!
//! Text is written as string cells, which a spreadsheet never evaluates, so
//! it is stored as found (the CSV's leading apostrophe is not needed here).

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use serde::Serialize;

use super::fields::{for_each_field, Field};
use super::number::spreadsheet_width;
use super::{Labels, OutputError, Table};

/// File name of the workbook in OUT.
pub const FILE_NAME: &str = "baocao.xlsx";

/// Widest column, in characters.
const MAX_WIDTH: usize = 60;

/// A workbook being filled, a sheet per table.
pub struct Book {
    workbook: Workbook,
    /// Sheets begun so far.
    sheets: usize,
}

/// A sheet being filled row by row ([`Book::begin`], [`Book::row`],
/// [`Book::end`]).
pub struct Sheet {
    index: usize,
    /// The column ids.
    ids: Vec<String>,
    /// Each column's widest cell so far.
    widths: Vec<usize>,
    /// Rows written below the header.
    rows: u32,
    formats: Formats,
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
            sheets: 0,
        }
    }

    /// Add a sheet for `table`, named and labelled by `labels`.
    pub fn sheet<R: Serialize>(
        &mut self,
        table: &Table<R>,
        labels: &Labels,
    ) -> Result<(), OutputError> {
        let mut sheet = self.begin(table.name, &table.header(), labels)?;
        for row in table.rows {
            self.row(&mut sheet, row, labels)?;
        }
        self.end(sheet)
    }

    /// Start the sheet of table `name` with columns `ids`: its header row.
    pub fn begin(
        &mut self,
        name: &str,
        ids: &[&str],
        labels: &Labels,
    ) -> Result<Sheet, OutputError> {
        let ws = self.workbook.add_worksheet();
        ws.set_name(labels.sheet(name))?;
        let header: Vec<&str> = ids.iter().map(|id| labels.header(id)).collect();
        let bold = Format::new().set_bold();
        for (c, h) in header.iter().enumerate() {
            ws.write_string_with_format(0, col(c), *h, &bold)?;
        }
        let index = self.sheets;
        self.sheets += 1;
        Ok(Sheet {
            index,
            ids: ids.iter().map(|id| id.to_string()).collect(),
            widths: header.iter().map(|h| h.chars().count() + 3).collect(),
            rows: 0,
            formats: Formats::new(),
        })
    }

    /// Add a row to `sheet`.
    pub fn row<R: Serialize + ?Sized>(
        &mut self,
        sheet: &mut Sheet,
        row: &R,
        labels: &Labels,
    ) -> Result<(), OutputError> {
        let ws = self.workbook.worksheet_from_index(sheet.index)?;
        sheet.rows += 1;
        let r = sheet.rows;
        let mut c = 0;
        let mut failed = None;
        for_each_field(row, &mut |f| {
            let f = match (f, sheet.ids.get(c)) {
                (Field::Str(s), Some(id)) => Field::Str(labels.value(id, s)),
                (f, _) => f,
            };
            if let Some(w) = sheet.widths.get_mut(c) {
                *w = (*w).max(width(f));
            }
            if let Err(e) = write_cell(ws, r, col(c), f, &sheet.formats) {
                failed.get_or_insert(e);
            }
            c += 1;
        })?;
        match failed {
            Some(e) => Err(e.into()),
            None => Ok(()),
        }
    }

    /// Finish `sheet`: column widths, frozen header, autofilter.
    pub fn end(&mut self, sheet: Sheet) -> Result<(), OutputError> {
        let ws = self.workbook.worksheet_from_index(sheet.index)?;
        for (c, w) in sheet.widths.iter().enumerate() {
            ws.set_column_width(col(c), ((w + 2).clamp(6, MAX_WIDTH)) as f64)?;
        }
        ws.set_freeze_panes(1, 0)?;
        if !sheet.ids.is_empty() {
            ws.autofilter(0, 0, sheet.rows, col(sheet.ids.len() - 1))?;
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

/// The number and date formats of the cells.
struct Formats {
    /// `#,##0` for whole numbers.
    whole: Format,
    /// `#,##0.00` for numbers with a fraction (rates).
    fraction: Format,
    date: Format,
    time: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            whole: Format::new().set_num_format("#,##0"),
            fraction: Format::new().set_num_format("#,##0.00"),
            date: Format::new().set_num_format("dd/mm/yyyy"),
            time: Format::new().set_num_format("dd/mm/yyyy hh:mm:ss"),
        }
    }
}

fn write_cell(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    field: Field,
    formats: &Formats,
) -> Result<(), XlsxError> {
    match field {
        Field::Str(s) => ws.write_string(r, c, s).map(|_| ()),
        Field::Float(v) => {
            let format = if v.fract() == 0.0 {
                &formats.whole
            } else {
                &formats.fraction
            };
            ws.write_number_with_format(r, c, v, format).map(|_| ())
        }
        Field::Int(i) => ws
            .write_number_with_format(r, c, i as f64, &formats.whole)
            .map(|_| ()),
        Field::Bool(b) => ws.write_boolean(r, c, b).map(|_| ()),
        Field::Date(s) => match date_time(s) {
            Some((d, true)) => ws.write_datetime_with_format(r, c, &d, &formats.time),
            Some((d, false)) => ws.write_datetime_with_format(r, c, &d, &formats.date),
            None if s.is_empty() => return Ok(()),
            None => ws.write_string(r, c, s),
        }
        .map(|_| ()),
        Field::Unknown | Field::Null => Ok(()),
    }
}

/// `YYYY-MM-DD` as a date, `YYYY-MM-DDTHH:MM:SS…` as a date and time on
/// the clock it was written with (the outputs' times are Vietnam time; the
/// offset is dropped, as a spreadsheet has none); `true` when it has a time.
fn date_time(s: &str) -> Option<(ExcelDateTime, bool)> {
    let num = |from: usize, len: usize| -> Option<u16> {
        let part = s.get(from..from + len)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let sep = |at: usize, ch: u8| s.as_bytes().get(at) == Some(&ch);
    if !(sep(4, b'-') && sep(7, b'-')) {
        return None;
    }
    let day = ExcelDateTime::from_ymd(num(0, 4)?, num(5, 2)? as u8, num(8, 2)? as u8).ok()?;
    if s.len() == 10 {
        return Some((day, false));
    }
    if !(sep(10, b'T') && sep(13, b':') && sep(16, b':')) {
        return None;
    }
    let (h, m, sec) = (num(11, 2)?, num(14, 2)? as u8, num(17, 2)?);
    Some((day.and_hms(h, m, sec).ok()?, true))
}

/// A cell's width in characters as displayed (Vietnamese letters with their
/// marks are one character each in NFC).
fn width(field: Field) -> usize {
    match field {
        Field::Str(s) => s.chars().count(),
        Field::Float(v) => spreadsheet_width(v),
        Field::Int(i) => spreadsheet_width(i as f64),
        Field::Bool(b) => b.to_string().len(),
        Field::Date(s) if s.len() > 10 => 19,
        Field::Date(_) => 10,
        Field::Unknown | Field::Null => 0,
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
        let labels = Labels {
            headers: [("unit".to_string(), "Đơn vị".to_string())].into(),
            sheets: [("units".to_string(), "Đơn vị".to_string())].into(),
            ..Labels::default()
        };
        let mut book = Book::new();
        book.sheet(&Table::new("units", &rows).unwrap(), &labels)
            .unwrap();
        let b = book.bytes().unwrap();
        assert_eq!(&b[..2], b"PK");
    }

    #[test]
    fn dates_and_times_are_read_strictly() {
        let serial = |s: &str| date_time(s).map(|(d, t)| (d.to_excel(), t));
        assert_eq!(serial("2025-08-28"), Some((45897.0, false)));
        let (t, true) = date_time("2025-08-28T12:00:00+07:00").unwrap() else {
            panic!("a time")
        };
        assert_eq!(t.to_excel(), 45897.5);
        for bad in ["", "2025-8-28", "2025-13-01", "28/08/2025", "2025-08-28 x"] {
            assert!(date_time(bad).is_none(), "{bad}");
        }
    }
}
