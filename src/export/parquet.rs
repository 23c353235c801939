//! Parquet through polars. Tables built by polars keep their column types;
//! the others become Float64 (numbers), Boolean or String columns.

use polars::prelude::*;

use super::Table;
use crate::output::Cell;

/// The table as a Parquet file.
pub fn bytes(t: &Table) -> PolarsResult<Vec<u8>> {
    let mut df = match &t.frame {
        Some(df) => df.clone(),
        None => frame(t)?,
    };
    let mut out = Vec::new();
    ParquetWriter::new(&mut out).finish(&mut df)?;
    Ok(out)
}

/// A polars frame from cells: a column is numeric when all its non-empty
/// cells are numbers, boolean when all are booleans, text otherwise.
pub fn frame(t: &Table) -> PolarsResult<DataFrame> {
    let columns = t
        .header
        .iter()
        .enumerate()
        .map(|(i, name)| {
            column(
                name,
                t.rows.iter().map(|r| r.get(i).unwrap_or(&Cell::Empty)),
            )
        })
        .collect();
    DataFrame::new(columns)
}

fn column<'a>(name: &str, cells: impl Iterator<Item = &'a Cell> + Clone) -> Column {
    let filled: Vec<&Cell> = cells.clone().filter(|c| **c != Cell::Empty).collect();
    let all = |f: fn(&Cell) -> bool| !filled.is_empty() && filled.iter().all(|c| f(c));
    let name: PlSmallStr = name.into();
    if all(|c| matches!(c, Cell::Number(_))) {
        let v: Vec<Option<f64>> = cells
            .map(|c| match c {
                Cell::Number(v) => Some(*v),
                _ => None,
            })
            .collect();
        Column::new(name, v)
    } else if all(|c| matches!(c, Cell::Bool(_))) {
        let v: Vec<Option<bool>> = cells
            .map(|c| match c {
                Cell::Bool(b) => Some(*b),
                _ => None,
            })
            .collect();
        Column::new(name, v)
    } else {
        let v: Vec<Option<String>> = cells
            .map(|c| match c {
                Cell::Text(s) => Some(s.clone()),
                Cell::Number(v) => Some(crate::checks::fmt(*v)),
                Cell::Bool(b) => Some(b.to_string()),
                Cell::Empty => None,
            })
            .collect();
        Column::new(name, v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_polars() {
        let t = Table::new(
            "documents",
            &["file", "pages", "superseded"],
            vec![
                vec![
                    Cell::Text("a.pdf".into()),
                    Cell::Number(8.0),
                    Cell::Bool(false),
                ],
                vec![Cell::Text("b.pdf".into()), Cell::Empty, Cell::Bool(true)],
            ],
        );
        let bytes = bytes(&t).unwrap();
        let df = ParquetReader::new(std::io::Cursor::new(bytes))
            .finish()
            .unwrap();
        assert_eq!(df.shape(), (2, 3));
        assert_eq!(df.column("pages").unwrap().dtype(), &DataType::Float64);
        assert_eq!(df.column("superseded").unwrap().dtype(), &DataType::Boolean);
        assert_eq!(
            df.column("file").unwrap().str().unwrap().get(1),
            Some("b.pdf")
        );
    }
}
