//! `baocao signatures FILE`: a readable timeline of the signatures.

use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The PDF to read.
    file: PathBuf,
}

pub fn run(args: Args) -> Result<(), String> {
    let bytes =
        baocao_pdf::read_file(&args.file).map_err(|e| format!("{}: {e}", args.file.display()))?;
    let report =
        baocao_sig::read_signatures(&bytes).map_err(|e| format!("{}: {e}", args.file.display()))?;
    println!("{}", args.file.display());
    print!("{}", baocao_sig::format_timeline(&report));
    Ok(())
}
