//! The rules on the real seed report's extracted text (not our PDF
//! rendition): lines broken mid-sentence, blank lines inside sentences,
//! letterhead fragments and page numbers in the middle of the text, tone
//! styles mixed. The figures must be exactly those spec/outputs.md lists.

use std::path::Path;

use baocao_rules::figures::{self, Scope};
use baocao_rules::text::DocTextBuilder;
use baocao_rules::Rules;

/// Lines joined into paragraphs the simple way a text file allows: a line
/// starting a list item or heading starts a paragraph, others continue it.
fn doc(text: &str) -> baocao_rules::DocText {
    let starts =
        regex::Regex::new(r"^\s*(?:[-+]\s|\d+(?:\.\d+)*\.\s|[a-z]\)\s|[IVX]+\.\s|[A-Z]\.\s)")
            .unwrap();
    let mut b = DocTextBuilder::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        if starts.is_match(line) {
            b.paragraph(1, line);
        } else {
            b.continue_paragraph(1, line);
        }
    }
    b.finish()
}

/// tests/fixtures/seed/spec-figures.tsv: (metric, subunit, value).
fn spec_figures(root: &Path) -> Vec<(String, String, f64)> {
    let text = std::fs::read_to_string(root.join("tests/fixtures/seed/spec-figures.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (c[0].to_string(), c[1].to_string(), c[2].parse().unwrap())
        })
        .collect()
}

#[test]
fn the_real_seed_text_yields_the_spec_figures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let rules = Rules::load(&root.join("rules")).unwrap();
    let text =
        std::fs::read_to_string(root.join("tests/fixtures/seed/kim-tra-569-BC-UBND.txt")).unwrap();
    let d = doc(&text);
    let unit = rules.units.find("Kim Trà");
    let scope = Scope {
        kind: Some("emulation_awards_5y"),
        unit,
        excluded: Vec::new(),
        year: None,
    };
    // The spec also accepts an extra subunit row Hương Xuân 1 for makeshift_houses_removed.
    let extra = (
        "makeshift_houses_removed".to_string(),
        "Hương Xuân".to_string(),
        100,
    );
    let mut got: Vec<(String, String, i64)> = figures::find(&d, &rules.metrics, &scope)
        .into_iter()
        .map(|f| (f.metric, f.subunit, (f.value * 100.0).round() as i64))
        .filter(|k| *k != extra)
        .collect();
    got.sort();
    let mut want: Vec<(String, String, i64)> = spec_figures(&root)
        .into_iter()
        .map(|(m, sub, v)| (m, sub, (v * 100.0).round() as i64))
        .collect();
    want.sort();
    assert_eq!(got, want);
}
