//! The round a run expects: `missing_report` only for the report kinds the
//! batch expects — asked for (`--expect`), declared in the rules
//! (`[missing_report] expect`) or inferred (the kinds sent by at least half
//! of the units) — and, per kind, only that kind's metrics in totals.csv
//! and the report (rules/metrics.toml `kinds`).

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Five units sent the emulation report; two of them also the
/// socio-economic one.
fn input() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("round-corpus");
        let _ = std::fs::remove_dir_all(&dir);
        common::copy_into(
            &dir,
            &[
                ("corpus/phuong-kim-tra/440-BC-UBND.pdf", "kim-tra/440.pdf"),
                ("corpus/phuong-kim-tra/569-BC-UBND.pdf", "kim-tra/569.pdf"),
                (
                    "corpus/phuong-phong-dien/634-BC-UBND.pdf",
                    "phong-dien/634.pdf",
                ),
                (
                    "corpus/phuong-phong-dien/774-BC-UBND.pdf",
                    "phong-dien/774.pdf",
                ),
                ("corpus/phuong-huong-an/312-BC-UBND.pdf", "huong-an/312.pdf"),
                ("corpus/xa-a-luoi-1/210-BC-UBND.pdf", "a-luoi-1/210.pdf"),
                ("corpus/xa-binh-dien/264-BC-UBND.pdf", "binh-dien/264.pdf"),
            ],
        );
        dir
    })
}

const EMULATION: &str = "emulation_awards_5y";
const SOCIO: &str = "socioeconomic_6m";

/// The metrics a socio-economic report states; the others are the
/// emulation report's only.
const SHARED: [&str; 4] = [
    "poor_households",
    "poor_household_rate",
    "near_poor_households",
    "jobs_created",
];

fn run(name: &str, extra: &[&str]) -> PathBuf {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&out);
    let r = common::run(input(), &out, extra);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    out
}

/// The units with a `missing_report`, and the details.
fn missing(out: &Path) -> (BTreeSet<String>, Vec<String>) {
    let checks = common::read_csv(&out.join("checks.csv"));
    let rows: Vec<_> = checks
        .iter()
        .filter(|c| c["check"] == "missing_report")
        .collect();
    let units = rows.iter().map(|c| c["unit"].clone()).collect();
    (units, rows.iter().map(|c| c["detail"].clone()).collect())
}

#[test]
fn a_kind_few_units_sent_is_not_expected() {
    let out = run("round-inferred", &["--lang", "en"]);
    let (units, details) = missing(&out);
    assert_eq!(
        units.len(),
        40 - 5,
        "every registry unit without an emulation report"
    );
    assert!(!units.contains("Phường Kim Trà"));
    assert!(
        details
            .iter()
            .all(|d| d.contains(EMULATION) && !d.contains(SOCIO)),
        "{details:?}"
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("inferred from this batch: the kinds sent by at least half of the units"));
    assert!(
        html.contains(&format!(
            "<li data-kind=\"{SOCIO}\">Socio-economic situation, first six months: 2/5 units</li>"
        )),
        "the report says why"
    );
}

#[test]
fn the_kinds_asked_for_are_expected() {
    let out = run(
        "round-asked",
        &["--expect", &format!("{SOCIO},{EMULATION}")],
    );
    let (units, details) = missing(&out);
    assert_eq!(units.len(), 40 - 2, "every unit without both reports");
    assert!(!units.contains("Phường Phong Điền") && units.contains("Phường Hương An"));
    let huong_an = details
        .iter()
        .find(|d| d.contains(SOCIO) && !d.contains(EMULATION));
    assert!(huong_an.is_some(), "{details:?}");
}

/// The shipped rules written out, then edited by `edit`.
fn rules(name: &str, edit: impl Fn(&str, String) -> String) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    let o = common::baocao_in(&common::root(), &["rules", "init", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{o:?}");
    for f in ["checks.toml", "metrics.toml"] {
        let text = std::fs::read_to_string(dir.join(f)).unwrap();
        std::fs::write(dir.join(f), edit(f, text)).unwrap();
    }
    dir
}

#[test]
fn the_kinds_the_rules_declare_are_expected() {
    let rules = rules("round-rules-expect", |f, text| match f {
        "checks.toml" => text.replace("expect = []", &format!("expect = [\"{SOCIO}\"]")),
        _ => text,
    });
    let out = run("round-declared", &["--rules", rules.to_str().unwrap()]);
    let (units, details) = missing(&out);
    assert_eq!(units.len(), 40 - 2);
    assert!(
        details.iter().all(|d| !d.contains(EMULATION)),
        "{details:?}"
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("theo quy tắc (rules/checks.toml, [missing_report])"));
}

#[test]
fn totals_and_report_show_per_kind_only_that_kinds_metrics() {
    let rules = rules("round-rules-kinds", |f, text| match f {
        "metrics.toml" => only_emulation(&text),
        _ => text,
    });
    let out = run("round-kinds", &["--rules", rules.to_str().unwrap()]);
    let totals = common::read_csv(&out.join("totals.csv"));
    let of = |kind: &str| -> BTreeSet<String> {
        totals
            .iter()
            .filter(|t| t["kind"] == kind)
            .map(|t| t["metric"].clone())
            .collect()
    };
    assert_eq!(of(SOCIO), SHARED.iter().map(|s| s.to_string()).collect());
    assert_eq!(of(EMULATION).len(), 17);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let socio = kind_part(
        &html,
        "totals",
        "Báo cáo tình hình kinh tế - xã hội 6 tháng đầu năm",
    );
    let shown: BTreeSet<&str> = socio
        .split("data-metric=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    assert_eq!(shown, SHARED.into_iter().collect());
    let charts = kind_part(
        &html,
        "charts",
        "Báo cáo tình hình kinh tế - xã hội 6 tháng đầu năm",
    );
    assert_eq!(charts.matches("<figure data-metric=").count(), SHARED.len());
}

/// Every metric but the shared ones declared `kinds = [emulation]`.
fn only_emulation(metrics: &str) -> String {
    let mut out = String::new();
    for line in metrics.lines() {
        out.push_str(line);
        out.push('\n');
        if let Some(id) = line
            .strip_prefix("id = \"")
            .and_then(|r| r.strip_suffix('"'))
        {
            let is_metric = metrics.contains(&format!("[[metric]]\nid = \"{id}\""));
            if is_metric && !SHARED.contains(&id) {
                out.push_str(&format!("kinds = [\"{EMULATION}\"]\n"));
            }
        }
    }
    out
}

/// The part of section `section` under the `<h3>` naming `kind`.
fn kind_part<'a>(html: &'a str, section: &str, kind: &str) -> &'a str {
    let start = html.find(&format!("<section id=\"{section}\">")).unwrap();
    let body = &html[start..start + html[start..].find("</section>").unwrap()];
    let at = body
        .find(&format!("<h3>{kind}</h3>"))
        .unwrap_or_else(|| panic!("no {kind} in {section}"));
    let rest = &body[at + 4..];
    &rest[..rest.find("<h3>").unwrap_or(rest.len())]
}
