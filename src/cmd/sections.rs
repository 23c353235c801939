//! `baocao sections FILE`: the detected outline, so a clerk can see why a
//! section counts as missing.

use std::path::PathBuf;
use std::process::ExitCode;

use baocao::reading::{OcrSource, Reader};

use super::CliError;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The PDF to read.
    file: PathBuf,
    /// Rules folder (default: the rules built into baocao).
    #[arg(long)]
    rules: Option<PathBuf>,
    #[command(flatten)]
    ocr: super::ocr_args::OcrArgs,
}

pub fn run(args: Args) -> super::Outcome {
    let rules = super::load_rules(args.rules.as_deref())?;
    baocao_pdf::extract::silence_panics();
    let bytes = super::read_file(&args.file)?;
    let reader = Reader::new(&rules, &args.ocr.setup(super::OCR_PROGRAM_TIMEOUT));
    let read = reader
        .read(&bytes, OcrSource::Here)
        .map_err(|source| CliError::Read {
            path: args.file.clone(),
            source,
        })?;
    let text = &read.text;
    let Some(kind) = rules.kinds.detect(text) else {
        return Err(CliError::File {
            path: args.file,
            message: "report kind not recognised from its title (rules/kinds.toml)".into(),
        });
    };
    let Some(template) = rules.sections.for_kind(&kind.id) else {
        return Err(CliError::Usage(format!(
            "no section template for kind `{}` in rules/sections/",
            kind.id
        )));
    };
    let outline = baocao_rules::sections::outline(text, template);
    println!("{} — {} ({})", args.file.display(), kind.id, kind.label);
    for h in &outline.headings {
        let indent = "  ".repeat(h.level.saturating_sub(1) as usize);
        let section = h
            .section
            .as_deref()
            .map_or(String::new(), |s| format!("  → {s}"));
        let body = if h.has_body { "" } else { "  (no body)" };
        println!(
            "p.{:<3}{indent}{} {}{section}{body}",
            h.page, h.marker, h.text
        );
    }
    let missing: Vec<String> = outline
        .missing()
        .iter()
        .map(|s| format!("{}{}", s.id, if s.required { " (required)" } else { "" }))
        .collect();
    println!(
        "missing: {}",
        if missing.is_empty() {
            "none".into()
        } else {
            missing.join(", ")
        }
    );
    Ok(ExitCode::SUCCESS)
}
