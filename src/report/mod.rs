//! `OUT/report.html`: one self-contained page (no script, no network, no
//! external font or style sheet) that a laptop shows and a printer prints:
//! the batch summary (with the report kinds expected), the files that could
//! not be read and what to do about them, the totals, a bar chart per
//! metric across units, the completeness heat-map (unit × section), what
//! the signatures show (content unchanged since signing; certificate trust
//! not checked), the checks by severity and every figure with its file,
//! page and snippet.
//!
//! `layout` assembles the page, `charts` draws the bar charts, `heatmap`
//! the completeness grid, `files` the files not read and the signatures;
//! the words of both languages are in [`crate::lang`]. The page reads the typed rows of the reports and of
//! [`crate::tables`], as the output files do.

pub mod charts;
pub mod files;
pub mod heatmap;
pub mod layout;

use std::path::Path;

use baocao_rules::Rules;

use crate::lang::Lang;
use crate::output::OutputError;
use crate::pipeline::Batch;
use crate::store::Head;
use crate::tables::Tables;

/// File name of the report in OUT.
pub const FILE_NAME: &str = "report.html";

/// Everything the report shows.
pub struct Input<'a> {
    pub rules: &'a Rules,
    pub batch: &'a Batch,
    pub tables: &'a Tables,
    pub lang: Lang,
    /// The rows of the figures section, written beforehand, in the pass
    /// over the reports that wrote the tables ([`layout::figure_rows`]).
    pub figure_rows: &'a std::fs::File,
}

impl<'a> Input<'a> {
    /// Every file's head (status, unit, counts), in file order.
    pub fn heads(&self) -> &'a [Head] {
        self.batch.reports.heads()
    }
}

/// Write `OUT/report.html`, streamed into place.
pub fn write(out: &Path, input: &Input) -> Result<(), OutputError> {
    crate::output::write_atomic_with(&out.join(FILE_NAME), &mut |w| layout::write_page(input, w))
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
