//! The Parquet sink (through polars): one file per table, each column typed
//! as its row type declares it — text and dates → String, integers → Int64,
//! other numbers → Float64, booleans → Boolean; nulls where a value is
//! absent or unknown.

use polars::prelude::*;
use serde::Serialize;

use super::fields::{for_each_field, ColumnSpec, ColumnType, Field, FieldError};
use super::{OutputError, Table};

/// The table as a Parquet file.
pub fn bytes<R: Serialize>(table: &Table<R>) -> Result<Vec<u8>, OutputError> {
    Frame::of(table)?.bytes()
}

/// A table's columns being filled row by row.
pub struct Frame {
    columns: Vec<(String, Values)>,
}

impl Frame {
    /// An empty frame of these columns.
    pub fn new(columns: &[ColumnSpec]) -> Frame {
        Frame {
            columns: columns
                .iter()
                .map(|c| (c.name.clone(), Values::new(c.ty)))
                .collect(),
        }
    }

    fn of<R: Serialize>(table: &Table<R>) -> Result<Frame, OutputError> {
        let mut frame = Frame::new(&table.columns);
        for row in table.rows {
            frame.push(row)?;
        }
        Ok(frame)
    }

    /// Add a row (its fields in column order).
    pub fn push<R: Serialize + ?Sized>(&mut self, row: &R) -> Result<(), FieldError> {
        let mut i = 0;
        for_each_field(row, &mut |f| {
            if let Some((_, c)) = self.columns.get_mut(i) {
                c.push(f);
            }
            i += 1;
        })
    }

    /// The polars frame.
    pub fn frame(self) -> Result<DataFrame, OutputError> {
        let columns = self
            .columns
            .into_iter()
            .map(|(name, values)| values.column(&name))
            .collect();
        Ok(DataFrame::new(columns)?)
    }

    /// The Parquet file.
    pub fn bytes(self) -> Result<Vec<u8>, OutputError> {
        let mut df = self.frame()?;
        let mut out = Vec::new();
        ParquetWriter::new(&mut out).finish(&mut df)?;
        Ok(out)
    }
}

/// The values of one column, as its type wants them.
enum Values {
    Str(Vec<Option<String>>),
    Float(Vec<Option<f64>>),
    Int(Vec<Option<i64>>),
    Bool(Vec<Option<bool>>),
}

impl Values {
    fn new(ty: ColumnType) -> Values {
        match ty {
            ColumnType::Str | ColumnType::Date => Values::Str(Vec::new()),
            ColumnType::Float => Values::Float(Vec::new()),
            ColumnType::Int => Values::Int(Vec::new()),
            ColumnType::Bool => Values::Bool(Vec::new()),
        }
    }

    /// Add a value; one of another type than the column's is a null.
    fn push(&mut self, f: Field) {
        match self {
            Values::Str(v) => v.push(match f {
                Field::Str(s) | Field::Date(s) => Some(s.to_string()),
                _ => None,
            }),
            Values::Float(v) => v.push(match f {
                Field::Float(x) => Some(x),
                Field::Int(i) => Some(i as f64),
                _ => None,
            }),
            Values::Int(v) => v.push(match f {
                Field::Int(i) => Some(i),
                _ => None,
            }),
            Values::Bool(v) => v.push(match f {
                Field::Bool(b) => Some(b),
                _ => None,
            }),
        }
    }

    fn column(self, name: &str) -> Column {
        let name: PlSmallStr = name.into();
        match self {
            Values::Str(v) => Column::new(name, v),
            Values::Float(v) => Column::new(name, v),
            Values::Int(v) => Column::new(name, v),
            Values::Bool(v) => Column::new(name, v),
        }
    }
}

/// A polars frame of the table.
pub fn frame<R: Serialize>(table: &Table<R>) -> Result<DataFrame, OutputError> {
    Frame::of(table)?.frame()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, serde::Deserialize)]
    struct Row<'a> {
        file: &'a str,
        pages: u32,
        value: Option<f64>,
        superseded: bool,
    }

    #[test]
    fn round_trips_through_polars_with_the_row_types() {
        let rows = [
            Row {
                file: "a.pdf",
                pages: 8,
                value: Some(1.5),
                superseded: false,
            },
            Row {
                file: "b.pdf",
                pages: 2,
                value: None,
                superseded: true,
            },
        ];
        let bytes = bytes(&Table::new("documents", &rows).unwrap()).unwrap();
        let df = ParquetReader::new(std::io::Cursor::new(bytes))
            .finish()
            .unwrap();
        assert_eq!(df.shape(), (2, 4));
        assert_eq!(df.column("pages").unwrap().dtype(), &DataType::Int64);
        assert_eq!(df.column("value").unwrap().dtype(), &DataType::Float64);
        assert_eq!(df.column("superseded").unwrap().dtype(), &DataType::Boolean);
        assert_eq!(
            df.column("file").unwrap().str().unwrap().get(1),
            Some("b.pdf")
        );
        assert_eq!(df.column("value").unwrap().f64().unwrap().get(1), None);
    }

    #[test]
    fn an_empty_table_keeps_its_types() {
        let rows: [Row; 0] = [];
        let df = frame(&Table::new("documents", &rows).unwrap()).unwrap();
        assert_eq!(df.shape(), (0, 4));
        assert_eq!(df.column("pages").unwrap().dtype(), &DataType::Int64);
    }
}
