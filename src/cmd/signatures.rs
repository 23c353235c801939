//! `baocao signatures FILE`: a readable timeline of the signatures.

use std::path::PathBuf;
use std::process::ExitCode;

use super::CliError;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The PDF to read.
    file: PathBuf,
}

pub fn run(args: Args) -> super::Outcome {
    let bytes = super::read_file(&args.file)?;
    let report = baocao_sig::read_signatures(&bytes).map_err(|e| CliError::File {
        path: args.file.clone(),
        message: e.to_string(),
    })?;
    println!("{}", args.file.display());
    print!("{}", baocao_sig::format_timeline(&report));
    Ok(ExitCode::SUCCESS)
}
