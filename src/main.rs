//! `baocao`: a command-line pipeline that turns the signed PDF reports of
//! Huế's wards and communes into statistics. See ARCHITECTURE.md for the map
//! of stages; `baocao --help` for use.

mod analyze;
mod batch;
mod checks;
mod cli;
mod cmd;
mod export;
mod model;
mod output;
mod report;
mod tables;
mod worker;

use std::process::ExitCode;

use clap::Parser;

/// Exit codes (see `--help`).
pub const EXIT_FAILED_FILES: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let command = cli
        .command
        .unwrap_or_else(|| cli::Command::Run(cmd::run::Args::default()));
    let result = match command {
        cli::Command::Run(a) => cmd::run::run(a),
        cli::Command::Text(a) => cmd::text::run(a).map(|_| ExitCode::SUCCESS),
        cli::Command::Figures(a) => cmd::figures::run(a).map(|_| ExitCode::SUCCESS),
        cli::Command::Sections(a) => cmd::sections::run(a).map(|_| ExitCode::SUCCESS),
        cli::Command::Signatures(a) => cmd::signatures::run(a).map(|_| ExitCode::SUCCESS),
        cli::Command::Rules(a) => cmd::rules::run(a).map(|_| ExitCode::SUCCESS),
        cli::Command::Worker(a) => cmd::worker::run(a).map(|_| ExitCode::SUCCESS),
    };
    result.unwrap_or_else(|message| {
        eprintln!("baocao: {message}");
        ExitCode::from(EXIT_USAGE)
    })
}
