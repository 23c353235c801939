//! `baocao __worker`: the process side of [`baocao::worker`]. Not for people.

use std::path::PathBuf;
use std::process::ExitCode;

use baocao::worker::{die_with_parent, limit_memory, serve};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Rules folder (default: the built-in rules).
    #[arg(long)]
    rules: Option<PathBuf>,
    #[arg(long, default_value_t = 3072)]
    max_memory_mb: u64,
}

pub fn run(args: Args) -> super::Outcome {
    die_with_parent();
    limit_memory(args.max_memory_mb);
    baocao_pdf::extract::silence_panics();
    let rules = super::load_rules(args.rules.as_deref())?;
    serve(&rules, std::io::stdin().lock(), std::io::stdout().lock())?;
    Ok(ExitCode::SUCCESS)
}
