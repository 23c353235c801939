//! `baocao rules check [--rules DIR]`: validate the rules (the built-in
//! ones, or a folder) and say what is in them. `baocao rules init DIR`:
//! write the built-in rules out, for editing; use them with `--rules DIR`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use baocao::rules_source::{self, RulesSource};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Load and validate every rules file; errors name file:line:col.
    Check {
        /// Rules folder (default: the rules built into baocao).
        #[arg(long)]
        rules: Option<PathBuf>,
    },
    /// Write the built-in rules into DIR for editing (then: baocao run --rules DIR).
    Init {
        /// Folder to write (created when missing).
        dir: PathBuf,
        /// Overwrite files that already exist.
        #[arg(long)]
        force: bool,
    },
}

pub fn run(args: Args) -> super::Outcome {
    match args.action {
        Action::Check { rules } => check(rules.as_deref()),
        Action::Init { dir, force } => init(&dir, force),
    }
}

fn check(dir: Option<&Path>) -> super::Outcome {
    let source = RulesSource::from_arg(dir);
    let r = source.load()?;
    let n_rules: usize = r.metrics.metrics.iter().map(|m| m.rules.len()).sum();
    let n_sections: usize = r.sections.templates.iter().map(|t| t.sections.len()).sum();
    println!(
        "{source}: ok — {} report kinds, {} metrics with {} rules, {} section templates ({} sections), {} units, {} ratio checks",
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

fn init(dir: &Path, force: bool) -> super::Outcome {
    let written = rules_source::write_built_in(dir, force)?;
    RulesSource::Dir(dir.to_path_buf()).load()?;
    println!(
        "{}: wrote {} files (rules/README.md explains them). Edit them, check with `baocao rules check --rules {0}`, use them with `baocao run --rules {0}`.",
        dir.display(),
        written.len()
    );
    Ok(ExitCode::SUCCESS)
}
