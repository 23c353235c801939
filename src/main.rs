//! `baocao`: a command-line pipeline that turns the signed PDF reports of
//! Huế's wards and communes into statistics. This file is the table of
//! contents: parse the arguments (`cli`), run the subcommand (`cmd`, one
//! file each), map its error to an exit code. The pipeline is the library
//! (`src/lib.rs`); ARCHITECTURE.md has the map of stages.

mod cli;
mod cmd;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let command = cli
        .command
        .unwrap_or_else(|| cli::Command::Run(cmd::run::Args::default()));
    let result = match command {
        cli::Command::Run(a) => cmd::run::run(a),
        cli::Command::Text(a) => cmd::text::run(a),
        cli::Command::Figures(a) => cmd::figures::run(a),
        cli::Command::Sections(a) => cmd::sections::run(a),
        cli::Command::Signatures(a) => cmd::signatures::run(a),
        cli::Command::Rules(a) => cmd::rules::run(a),
        cli::Command::Worker(a) => cmd::worker::run(a),
    };
    result.unwrap_or_else(|e| {
        eprintln!("baocao: {e}");
        ExitCode::from(e.exit_code())
    })
}
