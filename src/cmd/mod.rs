//! One module per subcommand (the xsv layout).

pub mod figures;
pub mod rules;
pub mod run;
pub mod sections;
pub mod signatures;
pub mod text;
pub mod worker;

use std::path::Path;

use crate::model::DocReport;

/// Load the rules, as a message on failure.
pub fn load_rules(dir: &Path) -> Result<baocao_rules::Rules, String> {
    baocao_rules::Rules::load(dir).map_err(|e| format!("rules: {e}"))
}

/// Analyse one file in this process (single-file subcommands).
pub fn analyze_one(rules: &baocao_rules::Rules, path: &Path) -> Result<DocReport, String> {
    baocao_pdf::extract::silence_panics();
    let bytes = baocao_pdf::read_file(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(crate::analyze::analyze(
        rules,
        &path.display().to_string(),
        &bytes,
    ))
}
