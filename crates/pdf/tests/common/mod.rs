//! Helpers shared by baocao-pdf's integration tests: paths, external tools
//! (required in CI, skipped loudly elsewhere), text comparison (character
//! error rate) and a minimal legacy decoding of font runs.

#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;

use baocao_pdf::{FontCoding, PageFonts, PageText};
use baocao_viet::legacy;
use unicode_normalization::UnicodeNormalization;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Write to the real stderr, past the test harness's capture, so that a
/// skip or a measurement is seen in an ordinary `cargo test` run.
pub fn say(msg: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{msg}");
}

/// Whether `tool` runs (`tool --version` or `-v` exits).
pub fn has_tool(tool: &str) -> bool {
    ["--version", "-v"].iter().any(|flag| {
        Command::new(tool)
            .arg(flag)
            .output()
            .is_ok_and(|o| o.status.success() || !o.stderr.is_empty())
    })
}

/// Whether the test may use `tool`: true when installed; when it is not,
/// the test fails under `CI=true` and is skipped with a visible message
/// otherwise (never a silent pass).
pub fn require_tool(tool: &str, install: &str, test: &str) -> bool {
    if has_tool(tool) {
        return true;
    }
    let why = format!("{tool} is not installed ({install})");
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{test}: {why}; CI must install it (.ci/run)");
    }
    say(&format!("SKIPPED {test}: {why}"));
    false
}

/// NFC, lower case, every whitespace removed.
pub fn squash(s: &str) -> Vec<char> {
    let nfc: String = s.nfc().collect();
    nfc.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// NFC with whitespace runs folded to one space.
pub fn fold_ws(s: &str) -> Vec<char> {
    let nfc: String = s.nfc().collect();
    nfc.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .collect()
}

/// Levenshtein distance, computed in a band around the diagonal that is
/// widened until the distance fits inside it (then it is exact).
pub fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut band = a.len().abs_diff(b.len()) + 64;
    loop {
        let d = banded(a, b, band);
        if d < band || band >= a.len().max(b.len()) {
            return d;
        }
        band *= 2;
    }
}

fn banded(a: &[char], b: &[char], band: usize) -> usize {
    let inf = usize::MAX / 2;
    let mut prev: Vec<usize> = (0..=b.len())
        .map(|j| if j <= band { j } else { inf })
        .collect();
    let mut cur = vec![inf; b.len() + 1];
    for i in 1..=a.len() {
        let lo = i.saturating_sub(band).max(1);
        let hi = (i + band).min(b.len());
        cur.iter_mut().for_each(|c| *c = inf);
        cur[0] = if i <= band { i } else { inf };
        for j in lo..=hi {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Character error rate of `hyp` against `reference`.
pub fn cer(hyp: &[char], reference: &[char]) -> f64 {
    edit_distance(hyp, reference) as f64 / reference.len().max(1) as f64
}

/// The text of pages with the runs set in legacy fonts decoded from their
/// font's coding (a plain version of the pipeline's legacy stage: no
/// content detection, no second opinion).
pub fn decoded_text(pages: &[PageText], fonts: &[PageFonts]) -> String {
    let mut out = String::new();
    for (p, page) in pages.iter().enumerate() {
        for (l, line) in page.lines.iter().enumerate() {
            for (s, span) in line.spans.iter().enumerate() {
                let runs = fonts.get(p).and_then(|f| f.get(l)).and_then(|f| f.get(s));
                if s > 0 {
                    out.push(' ');
                }
                out.push_str(&decode_span(&span.text, runs.map(Vec::as_slice)));
            }
            out.push('\n');
        }
    }
    out
}

fn decode_span(text: &str, runs: Option<&[baocao_pdf::FontRun]>) -> String {
    let Some(runs) = runs else {
        return text.to_string();
    };
    let mut out = String::new();
    for (i, run) in runs.iter().enumerate() {
        let end = runs.get(i + 1).map_or(text.len(), |r| r.start);
        let Some(piece) = text.get(run.start..end) else {
            return text.to_string();
        };
        out.push_str(&match run.font {
            Some(FontCoding::Tcvn3Caps) => legacy::decode_tcvn3_caps(piece),
            Some(f) => f.legacy().map_or(piece.to_string(), |e| e.decode(piece)),
            None => piece.to_string(),
        });
    }
    out
}

/// `pdftotext FILE -` (stdout), or `None` when it fails.
pub fn pdftotext(path: &std::path::Path) -> Option<String> {
    let out = Command::new("pdftotext")
        .args(["-q", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Letters in `s`.
pub fn letters(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphabetic()).count()
}
