//! The domain vocabulary OCR corrections are made against
//! (`baocao_viet::ocrfix::Lexicon`), from the rules: metric, kind and
//! section labels, the cue words that keep their marks, the written measure
//! words, the unit and former-unit names — all public fields of
//! [`Rules`] — and, when the rules were loaded from files, every string of
//! `metrics.toml`, `kinds.toml` and `sections/*.toml` as written: the
//! concept words and section headings, whose compiled forms are folded
//! (their marks gone, nothing to repair with).
//!
//! An entry of one word would be corrected on its own (`ocrfix` "domain
//! words"), which is only safe for words without a common look-alike; the
//! rules' single words ("tặng", "từ", "mỗi") have such look-alikes, so they
//! are given together, as one entry: they still help repair syllables that
//! are not Vietnamese, never a valid word.

use std::path::Path;

use baocao_rules::Rules;
use baocao_viet::ocrfix::Lexicon;

/// The lexicon of `rules`.
pub fn of_rules(rules: &Rules) -> Lexicon {
    let mut entries = rule_words(rules);
    entries.extend(file_strings(&rules.dir));
    build(entries)
}

/// Words held by the fields of the loaded rules.
fn rule_words(rules: &Rules) -> Vec<String> {
    let m = &rules.metrics;
    let labels = m.metrics.iter().map(|x| x.label.clone());
    let kinds = rules.kinds.kinds.iter().map(|k| k.label.clone());
    let sections = rules
        .sections
        .templates
        .iter()
        .flat_map(|t| t.sections.iter().map(|s| s.label.clone()));
    let cues = m.context.exclude_right_before.iter().cloned();
    let measures = m.measure_words.iter().map(|(_, written)| written.clone());
    let units = rules.units.units.iter().flat_map(|u| {
        std::iter::once(u.name.clone()).chain(
            u.former
                .iter()
                .flat_map(|f| [f.name.clone(), f.subunit.clone()]),
        )
    });
    labels
        .chain(kinds)
        .chain(sections)
        .chain(cues)
        .chain(measures)
        .chain(units)
        .collect()
}

/// Every string value of the rules files that hold words as written (none
/// when the files are not there).
fn file_strings(dir: &Path) -> Vec<String> {
    let mut files = vec![dir.join("metrics.toml"), dir.join("kinds.toml")];
    if let Ok(entries) = std::fs::read_dir(dir.join("sections")) {
        // The files the rules loader reads (and the analysis cache's
        // fingerprint covers): `sections/*.toml`.
        let mut sections: Vec<_> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        sections.sort();
        files.extend(sections);
    }
    let mut out = Vec::new();
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        if let Ok(value) = text.parse::<toml::Value>() {
            strings(&value, &mut out);
        }
    }
    out
}

fn strings(value: &toml::Value, out: &mut Vec<String>) {
    match value {
        toml::Value::String(s) => out.push(s.clone()),
        toml::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        toml::Value::Table(table) => table.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

/// The lexicon of `entries`, the single words joined into one entry.
fn build(entries: Vec<String>) -> Lexicon {
    let (single, phrases): (Vec<String>, Vec<String>) = entries
        .into_iter()
        .filter(|e| !e.trim().is_empty())
        .partition(|e| e.split_whitespace().count() == 1);
    Lexicon::new(phrases.into_iter().chain([single.join(", ")]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use baocao_viet::ocrfix::correct;

    fn rules() -> Rules {
        Rules::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")).unwrap()
    }

    #[test]
    fn the_rules_words_repair_the_usual_confusions() {
        let lex = of_rules(&rules());
        let fixed = |s: &str| correct(s, &lex).0;
        assert_eq!(fixed("còn 96 hộ nghẻo"), "còn 96 hộ nghèo");
        assert_eq!(fixed("13 Băng khen"), "13 Bằng khen");
        assert_eq!(
            fixed("xóa nhà tạm, nhà đột nát"),
            "xóa nhà tạm, nhà dột nát"
        );
        assert_eq!(fixed("Phường Kim Tra"), "Phường Kim Trà");
    }

    #[test]
    fn single_rule_words_are_never_corrected_alone() {
        let lex = of_rules(&rules());
        // "từ" is a cue word of the rules; "tử" is a word too.
        assert_eq!(correct("tử vong", &lex).0, "tử vong");
        assert_eq!(correct("được tặng", &lex).0, "được tặng");
    }

    #[test]
    fn missing_rules_files_leave_the_fields_words() {
        let mut r = rules();
        r.dir = "/nonexistent/rules".into();
        let lex = of_rules(&r);
        assert!(!lex.is_empty());
        // The metric label "Số hộ nghèo" is still known, the concept words are not.
        assert_eq!(correct("Số hộ nghẻo", &lex).0, "Số hộ nghèo");
        assert_eq!(correct("còn 96 hộ nghẻo", &lex).0, "còn 96 hộ nghẻo");
    }
}
