//! A clerk changes what baocao checks by editing rules/, not code: these
//! tests edit a temporary copy of rules/ (a new required section, a tighter
//! metric bound, a tighter ratio bound, a broken concept word, a new wording
//! for a concept, a new metric) and run baocao with it.

mod common;

use std::path::Path;

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no `{from}`", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn append(path: &Path, text: &str) {
    let mut s = std::fs::read_to_string(path).unwrap();
    s.push_str(text);
    std::fs::write(path, s).unwrap();
}

fn setup(name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("baocao-rules-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let rules = dir.join("rules");
    common::copy_dir(&common::root().join("rules"), &rules);
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::copy(
        common::root().join("corpus/phuong-kim-tra/569-BC-UBND.pdf"),
        input.join("569.pdf"),
    )
    .unwrap();
    (dir, rules)
}

#[test]
fn sections_and_bounds_are_rules_file_edits() {
    let (dir, rules) = setup("edit");
    append(
        &rules.join("sections/emulation_awards_5y.toml"),
        "\n[[section]]\nid = \"training\"\nlabel = \"Đào tạo, bồi dưỡng\"\nlabel_en = \"Training\"\nrequired = true\nheadings = [\"(?:công tác )?đào tạo\"]\n",
    );
    let metrics = rules.join("metrics.toml");
    let text = std::fs::read_to_string(&metrics).unwrap();
    let at = text.find("id = \"satisfaction_rate\"").unwrap();
    let (head, tail) = text.split_at(at);
    std::fs::write(
        &metrics,
        format!(
            "{head}{}",
            tail.replacen(
                "bounds = { min = 0, max = 100 }",
                "bounds = { min = 0, max = 90 }",
                1
            )
        ),
    )
    .unwrap();
    edit(
        &rules.join("checks.toml"),
        "max = 500000000    # 500 triệu đồng per house",
        "max = 20000000",
    );

    let out = dir.join("out");
    let run = common::run(
        &dir.join("in"),
        &out,
        &["--rules", rules.to_str().unwrap(), "--quiet"],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let checks = common::read_csv(&out.join("checks.csv"));
    let has = |check: &str, subject: &str, severity: &str| {
        checks.iter().any(|c| {
            c["file"] == "569.pdf"
                && c["check"] == check
                && c["subject"] == subject
                && c["severity"] == severity
        })
    };
    assert!(
        has("missing_section", "training", "error"),
        "the new required section is missing: {checks:?}"
    );
    assert!(
        has("implausible_value", "satisfaction_rate", "warning"),
        "95% is above the new bound of 90%"
    );
    assert!(
        has("implausible_value", "houses_supported_cost", "warning"),
        "28 million per house is above the new 20 million bound"
    );

    let base = common::run(&dir.join("in"), &dir.join("out-base"), &["--quiet"]);
    assert_eq!(base.code, Some(0));
    let base_checks = common::read_csv(&dir.join("out-base/checks.csv"));
    assert!(
        !base_checks
            .iter()
            .any(|c| c["check"] == "implausible_value"),
        "the shipped rules accept the seed's values"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_broken_rules_file_is_refused_with_its_place() {
    let (dir, rules) = setup("broken");
    edit(
        &rules.join("metrics.toml"),
        "words = [\"hộ nghèo\", \"hộ thuộc diện nghèo\"",
        "words = [\"hộ (nghèo\", \"hộ thuộc diện nghèo\"",
    );
    let run = common::run(
        &dir.join("in"),
        &dir.join("out"),
        &["--rules", rules.to_str().unwrap()],
    );
    assert_eq!(run.code, Some(2), "unusable rules exit with 2");
    let text = std::fs::read_to_string(rules.join("metrics.toml")).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("\"hộ (nghèo\""))
        .unwrap()
        + 1;
    assert!(
        run.stderr.contains(&format!("metrics.toml:{line}:")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("concept `poor`"), "{}", run.stderr);
    assert!(run.stderr.contains("unclosed group"), "{}", run.stderr);
    assert!(
        !dir.join("out/documents.csv").exists(),
        "nothing is written with broken rules"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Figures of one paragraph of Phường Kim Trà's 5-year report, with the rules in `dir`.
fn figures_of(dir: &Path, text: &str) -> Vec<(String, f64)> {
    let rules = baocao_rules::Rules::load(dir).unwrap_or_else(|e| panic!("{e}"));
    let mut b = baocao_rules::text::DocTextBuilder::new();
    b.paragraph(1, text);
    let doc = b.finish();
    let scope = baocao_rules::figures::Scope {
        kind: Some("emulation_awards_5y"),
        unit: rules.units.find("Kim Trà"),
        excluded: Vec::new(),
        year: None,
    };
    baocao_rules::figures::find(&doc, &rules.metrics, &scope)
        .into_iter()
        .map(|f| (f.metric, f.value))
        .collect()
}

#[test]
fn a_new_wording_and_a_new_metric_are_rules_file_edits() {
    let (dir, rules) = setup("wording");
    let wording = "Đến cuối năm 2025, toàn phường còn 96 hộ có mức sống dưới chuẩn nghèo.";
    let trees = "Phong trào đã vận động nhân dân trồng được 1.250 cây xanh trên các tuyến đường.";
    assert!(
        figures_of(&rules, wording).is_empty(),
        "not a wording the shipped rules know"
    );
    assert!(figures_of(&rules, trees).is_empty());

    // A new wording for households below the poverty line: one more word of a concept.
    edit(
        &rules.join("metrics.toml"),
        "words = [\"hộ nghèo\", \"hộ thuộc diện nghèo\"",
        "words = [\"hộ có mức sống dưới chuẩn nghèo\", \"hộ nghèo\", \"hộ thuộc diện nghèo\"",
    );
    // A new metric: a concept, its words and measure word, and the metric.
    append(
        &rules.join("metrics.toml"),
        r#"
[[concept]]
id = "trees"
words = ["trồng (?:được |mới )?"]

[[metric]]
id = "trees_planted"
label = "Số cây xanh được trồng"
label_en = "Trees planted"
unit = "persons"
value = "count"
aggregate = "sum"
bounds = { min = 0, max = 1000000 }
concepts = ["trees"]
measures = ["cây", "cây xanh"]
"#,
    );
    assert_eq!(
        figures_of(&rules, wording),
        vec![("poor_households".to_string(), 96.0)]
    );
    assert_eq!(
        figures_of(&rules, trees),
        vec![("trees_planted".to_string(), 1250.0)]
    );
    let _ = std::fs::remove_dir_all(&dir);
}
