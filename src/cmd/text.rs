//! `baocao text FILE`: the text baocao reads, page by page.
//!
//! * default: the normalised paragraphs the rules see, with page markers;
//! * `--raw`: the extractor's lines before legacy decoding;
//! * `--plain`: just the document's text — legacy runs decoded, NFC, nothing
//!   else (tone marks stay where the document put them), pages separated by a
//!   form feed, no markers;
//! * `--explain`: per page where its text came from (text layer, fallback
//!   extractor, OCR with its confidence), the encoding found, the text-layer
//!   quality, every converted run (before → after, and whether the font or
//!   the content told) and every OCR correction (before → after, and why).
//!
//! Pages without a usable text layer are OCR'd (not with `--raw`, which
//! shows the text layer only, nor with `--no-ocr`). A document with no
//! readable text prints nothing (`--explain` still explains), says so on
//! stderr and exits 1.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use baocao::reading::{OcrSetup, OcrSource, Reader};
use baocao_pdf::legacy::Evidence;
use baocao_pdf::{clean, ReadText, Source, Status};
use baocao_viet::ocrfix::Lexicon;
use unicode_normalization::UnicodeNormalization;

use super::CliError;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The PDF to read.
    file: PathBuf,
    /// The extractor's text as laid out, before legacy decoding and normalisation.
    #[arg(long, conflicts_with_all = ["plain", "explain"])]
    raw: bool,
    /// Just the document's text (legacy runs decoded, NFC), pages separated by a form feed.
    #[arg(long, conflicts_with = "explain")]
    plain: bool,
    /// Per page: where the text came from (text layer, fallback, OCR), detected encoding, text
    /// quality, the runs converted and the OCR corrections (before → after).
    #[arg(long)]
    explain: bool,
    /// Switch the legacy-encoding stage off (with --plain or --explain; for comparisons).
    #[arg(long, hide = true)]
    no_legacy: bool,
    /// Rules folder whose words correct OCR text (default: the rules built
    /// into baocao).
    #[arg(long)]
    rules: Option<PathBuf>,
    #[command(flatten)]
    ocr: super::ocr_args::OcrArgs,
}

pub fn run(args: Args) -> super::Outcome {
    baocao_pdf::extract::silence_panics();
    let read = read(&args)?;
    if args.explain {
        explain(&read);
    }
    if read.status() != Status::Ok {
        return Err(no_readable_text(&args.file, &read));
    }
    if args.raw {
        for p in &read.pages {
            println!("=== page {} ===", p.number);
            print!("{}", p.text());
        }
    } else if args.plain {
        print!(
            "{}",
            clean::plain_text(&read.pages).nfc().collect::<String>()
        );
    } else if !args.explain {
        paragraphs(&read);
    }
    Ok(ExitCode::SUCCESS)
}

/// Read the file as the options say: OCR (not with `--raw`), legacy
/// decoding (not with `--raw` or `--no-legacy`).
fn read(args: &Args) -> Result<ReadText, CliError> {
    let bytes = super::read_file(&args.file)?;
    let setup = if args.raw {
        OcrSetup::off()
    } else {
        args.ocr.setup(super::OCR_PROGRAM_TIMEOUT)
    };
    let (lexicon, rules_error) = lexicon(args.rules.as_deref(), setup.enabled);
    let reader = Reader::with_lexicon(lexicon, &setup);
    let decode_legacy = !(args.raw || args.no_legacy);
    let read = reader
        .read_with(&bytes, decode_legacy, OcrSource::Here)
        .map_err(|source| CliError::Read {
            path: args.file.clone(),
            source,
        })?;
    if let Some(e) = rules_error.filter(|_| read.ocr_pages() > 0) {
        eprintln!("baocao: OCR text corrected without the rules' words ({e})");
    }
    Ok(read)
}

/// The OCR vocabulary of the rules (`--rules DIR` or the built-in ones;
/// only loaded when OCR is on), or an empty one and why the rules did not
/// load.
fn lexicon(dir: Option<&Path>, ocr: bool) -> (Lexicon, Option<String>) {
    if !ocr {
        return (Lexicon::default(), None);
    }
    match baocao::rules_source::RulesSource::from_arg(dir).load() {
        Ok(rules) => (baocao::lexicon::of_rules(&rules), None),
        Err(e) => (Lexicon::default(), Some(e.to_string())),
    }
}

/// The error of a document without readable text (exit code 1).
fn no_readable_text(path: &Path, read: &ReadText) -> CliError {
    let why = match read.status() {
        Status::Error => "the extractor failed on every page".to_string(),
        _ => baocao::analyze::no_text_message(read),
    };
    CliError::File {
        path: path.to_path_buf(),
        message: format!("no readable text: {why}"),
    }
}

/// The normalised paragraphs, with a marker at each new page.
fn paragraphs(read: &ReadText) {
    let text = &read.text;
    let mut page = 0;
    for r in text.paragraphs() {
        let p = text.page_at(r.start);
        if p != page {
            println!("=== page {p} ===");
            page = p;
        }
        println!("{}", &text.text()[r.clone()]);
    }
}

/// The document's verdict line: encoding, pages read by OCR and the pages
/// of doubtful quality.
fn document_line(read: &ReadText) -> String {
    if read.status() != Status::Ok {
        return format!(
            "document: no readable text (status {}): {}",
            read.status(),
            baocao::analyze::no_text_message(read)
        );
    }
    let doubtful: Vec<String> = read
        .quality
        .iter()
        .filter(|(_, q)| q.is_doubtful())
        .map(|(n, q)| format!("{n} ({q})"))
        .collect();
    let summary = &read.legacy;
    format!(
        "document: encoding {} ({} TCVN3 run(s), {} VNI run(s) converted; {} page(s) read by OCR); {}",
        read.encoding(),
        summary.tcvn3_runs,
        summary.vni_runs,
        read.ocr_pages(),
        if doubtful.is_empty() {
            "text layer good".to_string()
        } else {
            format!("doubtful text layer on page(s) {}", doubtful.join(", "))
        }
    )
}

fn explain(read: &ReadText) {
    let summary = &read.legacy;
    println!("{}", document_line(read));
    for (i, p) in read.pages.iter().enumerate() {
        let runs: Vec<_> = summary
            .conversions
            .iter()
            .filter(|c| c.page == p.number)
            .collect();
        let by_font = runs.iter().filter(|c| c.evidence == Evidence::Font).count();
        let errors: Vec<&str> = read
            .errors
            .iter()
            .filter(|e| e.page == p.number)
            .map(|e| e.message.as_str())
            .collect();
        println!(
            "page {}: {}, encoding {}, quality {}, {} converted run(s) ({} by font name, {} by content){}",
            p.number,
            source_of(read, i),
            summary.page_encoding(p.number),
            read.quality_of(p.number),
            runs.len(),
            by_font,
            runs.len() - by_font,
            if errors.is_empty() {
                String::new()
            } else {
                format!(", error: {}", errors.join("; "))
            }
        );
        for c in runs {
            let how = match c.evidence {
                Evidence::Font => "font",
                Evidence::Content => "content",
            };
            println!(
                "  [{:?} by {how}] {:?} → {:?}",
                c.encoding, c.before, c.after
            );
        }
        ocr_corrections(read, p.number);
    }
    if summary.converted() > summary.conversions.len() {
        println!(
            "({} further converted run(s) not listed)",
            summary.converted() - summary.conversions.len()
        );
    }
}

/// Where page `i` (0-based) got its text: the ladder's step, OCR's mean
/// confidence, why the text layer's extractor was set aside.
fn source_of(read: &ReadText, i: usize) -> String {
    let Some(source) = read.sources.get(i) else {
        return "source unknown".into();
    };
    let number = read.pages.get(i).map_or(0, |p| p.number);
    let mut out = format!("source {}", source.label());
    match read.ocr.page(number) {
        Some(r) if *source == Source::Ocr => {
            let from = if r.cached { ", from the cache" } else { "" };
            out.push_str(&format!(
                " (mean word confidence {:.1}, {:.1} s{from})",
                r.page.mean_confidence, r.page.seconds
            ));
        }
        Some(_) => out.push_str(" (OCR read no more than the text layer)"),
        None => {}
    }
    if let Some(Some(note)) = read.notes.get(i) {
        out.push_str(&format!(" (text layer: {note})"));
    }
    out
}

/// Every correction OCR's text of page `page` received.
fn ocr_corrections(read: &ReadText, page: u32) {
    let Some(r) = read.ocr.page(page) else {
        return;
    };
    for c in &r.corrections {
        let c = &c.correction;
        println!("  [OCR {}] {:?} → {:?}", c.reason.label(), c.from, c.to);
    }
}
