//! baocao works from any folder: the rules are built into the binary
//! (`--rules DIR` overrides them), `baocao rules init DIR` writes them out
//! for editing, and nothing is looked for in the current folder.

mod common;

use std::path::Path;

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn single_file_commands_work_from_another_folder() {
    let elsewhere = tempfile::tempdir().unwrap();
    let seed = common::root().join("corpus/phuong-kim-tra/569-BC-UBND.pdf");
    let o = common::baocao_in(elsewhere.path(), &["figures", seed.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("poor_households = 96 households"),
        "{}",
        stdout(&o)
    );
    let o = common::baocao_in(elsewhere.path(), &["figures", "/nonexistent.pdf"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).starts_with("baocao: /nonexistent.pdf: "),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("rules"), "{}", stderr(&o));
    let o = common::baocao_in(elsewhere.path(), &["sections", seed.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = common::baocao_in(elsewhere.path(), &["rules", "check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("built-in rules: ok — 2 report kinds, 17 metrics"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_run_from_another_folder_uses_the_built_in_rules() {
    let elsewhere = tempfile::tempdir().unwrap();
    let input = elsewhere.path().join("bao-cao");
    common::copy_into(
        &input,
        &[("corpus/phuong-kim-tra/569-BC-UBND.pdf", "569.pdf")],
    );
    let o = common::baocao_in(elsewhere.path(), &["run", "bao-cao", "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = elsewhere.path().join("out");
    let units = common::read_csv(&out.join("units.csv"));
    assert_eq!(units.len(), 1);
    assert_eq!(units[0]["poor_households"], "96");
    assert!(!elsewhere.path().join("rules").exists());
}

#[test]
fn rules_init_writes_rules_that_a_run_takes_with_rules_dir() {
    let elsewhere = tempfile::tempdir().unwrap();
    let o = common::baocao_in(elsewhere.path(), &["rules", "init", "quy-tac"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("quy-tac: wrote "), "{}", stdout(&o));
    let rules = elsewhere.path().join("quy-tac");
    for f in [
        "metrics.toml",
        "checks.toml",
        "kinds.toml",
        "units.toml",
        "README.md",
    ] {
        let built = std::fs::read_to_string(rules.join(f)).unwrap();
        let source = std::fs::read_to_string(common::root().join("rules").join(f)).unwrap();
        assert_eq!(built, source, "{f} is rules/{f}");
    }
    assert!(rules.join("sections/emulation_awards_5y.toml").is_file());
    let again = common::baocao_in(elsewhere.path(), &["rules", "init", "quy-tac"]);
    assert_eq!(again.status.code(), Some(2), "never overwrites unasked");
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );

    rename_metric_label(&rules, "Số hộ nghèo", "Hộ nghèo (đã sửa)");
    let input = elsewhere.path().join("bao-cao");
    common::copy_into(
        &input,
        &[("corpus/phuong-kim-tra/569-BC-UBND.pdf", "569.pdf")],
    );
    let o = common::baocao_in(
        elsewhere.path(),
        &[
            "run", "bao-cao", "--rules", "quy-tac", "--quiet", "--format", "xlsx",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(elsewhere.path().join("out/report.html")).unwrap();
    assert!(
        html.contains("Hộ nghèo (đã sửa)"),
        "the edited rules were used"
    );
    let broken = rules.join("kinds.toml");
    std::fs::write(&broken, "[[kind]]\nid = 3\n").unwrap();
    let o = common::baocao_in(
        elsewhere.path(),
        &["run", "bao-cao", "--rules", "quy-tac", "--quiet"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).starts_with("baocao: rules: quy-tac/kinds.toml:2:"),
        "{}",
        stderr(&o)
    );
}

fn rename_metric_label(rules: &Path, from: &str, to: &str) {
    let path = rules.join("metrics.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let label = format!("label = \"{from}\"");
    assert!(text.contains(&label));
    std::fs::write(&path, text.replace(&label, &format!("label = \"{to}\""))).unwrap();
}
