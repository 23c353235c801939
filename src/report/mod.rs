//! `OUT/report.html`: one self-contained page (no script, no network, no
//! external font or style sheet) that a laptop shows and a printer prints:
//! the batch summary, the totals, a bar chart per metric across units, the
//! completeness heat-map (unit × section), the checks by severity and every
//! figure with its file, page and snippet.
//!
//! `layout` assembles the page, `charts` draws the bar charts, `heatmap`
//! the completeness grid, `i18n` holds the words of both languages.

pub mod charts;
pub mod heatmap;
pub mod i18n;
pub mod layout;

use std::path::Path;

use baocao_rules::Rules;
use polars::prelude::DataFrame;

use crate::batch::BatchCheck;
use crate::model::DocReport;
use crate::tables::Tables;
pub use i18n::Lang;

/// File name of the report in OUT.
pub const FILE_NAME: &str = "report.html";

/// Everything the report shows.
pub struct Input<'a> {
    pub rules: &'a Rules,
    pub docs: &'a [DocReport],
    pub batch: &'a [BatchCheck],
    pub tables: &'a Tables,
    pub lang: Lang,
}

/// Write `OUT/report.html`.
pub fn write(out: &Path, input: &Input) -> Result<(), String> {
    let path = out.join(FILE_NAME);
    crate::output::write_atomic(&path, layout::page(input).as_bytes())
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Text made safe for HTML and SVG text and attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A text column of a frame (nulls as empty strings).
pub fn texts(df: &DataFrame, name: &str) -> Vec<String> {
    df.column(name)
        .ok()
        .and_then(|c| c.str().ok().cloned())
        .map(|c| c.into_iter().map(|v| v.unwrap_or("").to_string()).collect())
        .unwrap_or_default()
}

/// A numeric column of a frame as f64 (nulls as None).
pub fn numbers(df: &DataFrame, name: &str) -> Vec<Option<f64>> {
    df.column(name)
        .ok()
        .and_then(|c| c.cast(&polars::prelude::DataType::Float64).ok())
        .and_then(|c| c.f64().ok().cloned())
        .map(|c| c.into_iter().collect())
        .unwrap_or_default()
}

/// A boolean column of a frame (nulls as None).
pub fn flags(df: &DataFrame, name: &str) -> Vec<Option<bool>> {
    df.column(name)
        .ok()
        .and_then(|c| c.bool().ok().cloned())
        .map(|c| c.into_iter().collect())
        .unwrap_or_default()
}

/// Words for a unit of measure.
pub fn unit_of_measure(id: &str, lang: Lang) -> &str {
    match id {
        "households" => lang.pick("hộ", "households"),
        "vnd" => lang.pick("đồng", "VND"),
        "percent" => "%",
        "persons" => lang.pick("người", "persons"),
        "collectives" => lang.pick("tập thể", "collectives"),
        "individuals" => lang.pick("cá nhân", "individuals"),
        "houses" => lang.pick("căn", "houses"),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<b>\"Hòa\" & 'x'</b>"),
            "&lt;b&gt;&quot;Hòa&quot; &amp; &#39;x&#39;&lt;/b&gt;"
        );
    }
}
