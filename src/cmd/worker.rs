//! `baocao __worker`: the process side of [`crate::worker`]. Not for people.

use std::io::{BufRead, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

use crate::analyze;
use crate::model::{DocReport, Status};
use crate::worker::{limit_memory, Request};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, default_value = "rules")]
    rules: PathBuf,
    #[arg(long, default_value_t = 3072)]
    max_memory_mb: u64,
}

pub fn run(args: Args) -> Result<(), String> {
    limit_memory(args.max_memory_mb);
    baocao_pdf::extract::silence_panics();
    let rules = baocao_rules::Rules::load(&args.rules).map_err(|e| e.to_string())?;
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let line = line.map_err(|e| e.to_string())?;
        let req: Request = serde_json::from_str(&line).map_err(|e| e.to_string())?;
        let report = answer(&rules, &req);
        let json = serde_json::to_string(&report).map_err(|e| e.to_string())?;
        writeln!(stdout, "{json}")
            .and_then(|_| stdout.flush())
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn answer(rules: &baocao_rules::Rules, req: &Request) -> DocReport {
    let bytes = match baocao_pdf::read_file(&req.path) {
        Ok(b) => b,
        Err(e) => return DocReport::failed(&req.file, Status::Error, e.to_string()),
    };
    catch_unwind(AssertUnwindSafe(|| {
        analyze::analyze(rules, &req.file, &bytes)
    }))
    .unwrap_or_else(|p| {
        DocReport::failed(
            &req.file,
            Status::Error,
            format!("internal error: {}", baocao_pdf::extract::panic_message(&p)),
        )
    })
}
