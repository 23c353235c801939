//! Print what baocao-pdf reads from a PDF, page by page, with the ladder
//! step that gave each page its text
//! (`cargo run -p baocao-pdf --example pdftext -- FILE [--first-only | --fallback-only | --skew]`).

use baocao_pdf::FileKind;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: pdftext FILE [--first-only]");
        std::process::exit(2);
    };
    let first_only = std::env::args().any(|a| a == "--first-only");
    let fallback_only = std::env::args().any(|a| a == "--fallback-only");
    let skew_only = std::env::args().any(|a| a == "--skew");
    let bytes = std::fs::read(&path).expect("read");
    baocao_pdf::extract::silence_panics();
    let doc = match baocao_pdf::open(&bytes) {
        Ok(FileKind::Pdf(doc)) => doc,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    if first_only {
        for p in baocao_pdf::extract_document(&doc).pages {
            println!("--- page {} text_layer {:?}", p.number, p.error);
            print!("{}", p.text());
        }
        return;
    }
    if skew_only {
        for (n, id) in doc.get_pages() {
            let glyphs = baocao_pdf::fallback::page_glyphs(&doc, id).unwrap_or_default();
            println!("page {n}: skew {:.2}°", baocao_pdf::skew::estimate(&glyphs));
        }
        return;
    }
    if fallback_only {
        for (n, id) in doc.get_pages() {
            let (p, _) = baocao_pdf::fallback::extract_page(&doc, n, id);
            println!("--- page {} fallback {:?}", p.number, p.error);
            print!("{}", p.text());
        }
        return;
    }
    let read = baocao_pdf::read_document(&doc);
    for (p, s) in read.extracted.pages.iter().zip(&read.sources) {
        println!("--- page {} {} {:?}", p.number, s.label(), p.error);
        print!("{}", p.text());
    }
}
