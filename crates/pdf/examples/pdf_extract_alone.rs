//! The floor the mandated extractor sets: `pdf-extract`'s own text
//! extraction (`extract_text_from_mem`) of every file named on the command
//! line, nothing else — no layout, no fallback, no rules. `bench/run.sh`
//! times it beside `pdftotext` and `baocao run` on the same files
//! (`cargo build --release -p baocao-pdf --example pdf_extract_alone`).

fn main() {
    baocao_pdf::extract::silence_panics();
    let (mut read, mut failed) = (0usize, 0usize);
    for path in std::env::args().skip(1) {
        let Ok(bytes) = std::fs::read(&path) else {
            failed += 1;
            continue;
        };
        let outcome = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(&bytes));
        match outcome {
            Ok(Ok(_)) => read += 1,
            _ => failed += 1,
        }
    }
    eprintln!("pdf-extract alone: {read} read, {failed} failed");
}
