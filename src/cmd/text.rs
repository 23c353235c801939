//! `baocao text FILE`: the text baocao reads, page by page.

use std::path::PathBuf;

use crate::analyze;
use crate::clean;

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
    /// Per page: detected encoding, text quality and the runs converted (before → after).
    #[arg(long)]
    explain: bool,
}

pub fn run(args: Args) -> Result<(), String> {
    baocao_pdf::extract::silence_panics();
    let bytes = super::worker::read_bounded(&args.file)
        .map_err(|e| format!("{}: {e}", args.file.display()))?;
    if args.raw {
        let doc =
            baocao_pdf::extract(&bytes).map_err(|e| format!("{}: {e}", args.file.display()))?;
        for p in &doc.pages {
            println!("=== page {} ===", p.number);
            print!("{}", p.text());
        }
        return Ok(());
    }
    let (pages, summary, text) =
        analyze::text_of(&bytes).map_err(|e| format!("{}: {e}", args.file.display()))?;
    if args.plain {
        print!(
            "{}",
            unicode_normalization::UnicodeNormalization::nfc(clean::plain_text(&pages).as_str())
                .collect::<String>()
        );
        return Ok(());
    }
    if args.explain {
        println!(
            "document encoding: {} ({} TCVN3 run(s), {} VNI run(s) converted)",
            summary.encoding(),
            summary.tcvn3_runs,
            summary.vni_runs
        );
        for p in &pages {
            let q = baocao_viet::quality::assess_page(&baocao_viet::normalize(&p.text()));
            let runs = summary.examples.iter().filter(|e| e.0 == p.number).count();
            println!(
                "page {}: quality {}, {} converted run(s) shown{}",
                p.number,
                analyze::quality_label(q),
                runs,
                p.error
                    .as_ref()
                    .map_or(String::new(), |e| format!(", error: {e}"))
            );
            for (_, before, after) in summary.examples.iter().filter(|e| e.0 == p.number) {
                println!("  {before:?} → {after:?}");
            }
        }
        return Ok(());
    }
    let mut page = 0;
    for r in text.paragraphs() {
        let p = text.page_at(r.start);
        if p != page {
            println!("=== page {p} ===");
            page = p;
        }
        println!("{}", &text.text()[r.clone()]);
    }
    Ok(())
}
