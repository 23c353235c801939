//! `baocao __worker`: the process side of [`baocao::worker`]. Not for people.

use std::path::PathBuf;
use std::process::ExitCode;

use baocao::worker::{limit_memory, serve};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, default_value = "rules")]
    rules: PathBuf,
    #[arg(long, default_value_t = 3072)]
    max_memory_mb: u64,
}

pub fn run(args: Args) -> super::Outcome {
    limit_memory(args.max_memory_mb);
    baocao_pdf::extract::silence_panics();
    let rules = super::load_rules(&args.rules)?;
    serve(&rules, std::io::stdin().lock(), std::io::stdout().lock())?;
    Ok(ExitCode::SUCCESS)
}
