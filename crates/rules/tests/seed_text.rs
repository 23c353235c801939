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
    };
    let mut got: Vec<(String, String, i64)> = figures::find(&d, &rules.metrics, &scope)
        .into_iter()
        .map(|f| (f.metric, f.subunit, (f.value * 100.0).round() as i64))
        .collect();
    got.sort();
    let mut want: Vec<(String, String, i64)> = [
        ("poor_households", "", 96.0),
        ("poor_households", "Hương Toàn", 42.0),
        ("poor_households", "Hương Chữ", 29.0),
        ("poor_households", "Hương Xuân", 25.0),
        ("poor_household_rate", "", 1.14),
        ("jobs_created", "", 1866.0),
        ("houses_supported", "", 106.0),
        ("houses_supported", "Hương Toàn", 35.0),
        ("houses_supported", "Hương Chữ", 36.0),
        ("houses_supported", "Hương Xuân", 35.0),
        ("houses_supported_cost", "", 2_977_500_000.0),
        ("houses_supported_cost", "Hương Toàn", 1_167_500_000.0),
        ("houses_supported_cost", "Hương Chữ", 780_000_000.0),
        ("houses_supported_cost", "Hương Xuân", 1_030_000_000.0),
        ("makeshift_houses_removed", "", 1.0),
        ("makeshift_houses_removed_cost", "", 60_000_000.0),
        ("satisfaction_rate", "", 95.0),
        ("award_provincial_emulation_fighter", "", 3.0),
        ("award_excellent_labor_collective", "", 11.0),
        ("award_emulation_flag", "", 3.0),
        ("award_merit_certificate_collective", "", 5.0),
        ("award_merit_certificate_individual", "", 13.0),
        ("award_advanced_labor_individual", "", 2151.0),
        ("award_grassroots_emulation_fighter", "", 344.0),
        ("award_advanced_labor_collective", "", 59.0),
    ]
    .iter()
    .map(|(m, s, v)| (m.to_string(), s.to_string(), (v * 100.0_f64).round() as i64))
    .collect();
    want.sort();
    assert_eq!(got, want);
}
