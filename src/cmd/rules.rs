//! `baocao rules check`: validate rules/ and say what is in it.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Load and validate every rules file; errors name file:line:col.
    Check {
        /// Rules folder.
        #[arg(long, default_value = "rules")]
        rules: PathBuf,
    },
}

pub fn run(args: Args) -> super::Outcome {
    let Action::Check { rules } = args.action;
    let r = super::load_rules(&rules)?;
    let n_rules: usize = r.metrics.metrics.iter().map(|m| m.rules.len()).sum();
    let n_sections: usize = r.sections.templates.iter().map(|t| t.sections.len()).sum();
    println!(
        "{}: ok — {} report kinds, {} metrics with {} rules, {} section templates ({} sections), {} units, {} ratio checks",
        rules.display(),
        r.kinds.kinds.len(),
        r.metrics.metrics.len(),
        n_rules,
        r.sections.templates.len(),
        n_sections,
        r.units.units.len(),
        r.checks.ratios.len()
    );
    Ok(ExitCode::SUCCESS)
}
