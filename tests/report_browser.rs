//! report.html as written and in a real browser: the page has one bar per
//! unit value of units.csv and one heat-map cell per registry unit and
//! section (present cells matching sections.csv), no script and nothing from
//! outside; headless Chromium loads it without console messages, builds the
//! same charts and heat-map, and a screenshot is saved under the test's
//! output folder.
//!
//! The browser tests need Chromium and are `#[ignore]`d so that a machine
//! without it does not report them as passed; run them with
//! `cargo test --test report_browser -- --ignored` (.ci/run installs
//! Chromium and does). Without Chromium they fail.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// A few reports: a superseded duplicate, two kinds, an unknown unit.
const SUBSET: &[&str] = &[
    "phuong-huong-thuy",
    "phuong-kim-tra",
    "phuong-tay-loc",
    "xa-a-luoi-1",
    "xa-loc-an",
];
fn scratch(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("report_browser")
        .join(name)
}

/// `baocao run` on the subset, once; returns OUT.
fn out() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let corpus = scratch("corpus");
        let _ = std::fs::remove_dir_all(&corpus);
        for sub in SUBSET {
            std::fs::create_dir_all(corpus.join(sub)).unwrap();
            for e in std::fs::read_dir(common::root().join("corpus").join(sub))
                .unwrap()
                .flatten()
            {
                std::fs::copy(e.path(), corpus.join(sub).join(e.file_name())).unwrap();
            }
        }
        let out = scratch("out");
        run_baocao(&corpus, &out, &[]);
        out
    })
}

fn run_baocao(corpus: &Path, out: &Path, extra: &[&str]) {
    let _ = std::fs::remove_dir_all(out);
    let status = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .current_dir(common::root())
        .arg("run")
        .arg(corpus)
        .arg("--quiet")
        .arg("--out")
        .arg(out)
        .args(extra)
        .status()
        .expect("baocao runs");
    assert!(
        status.code().is_some_and(|c| c <= 1),
        "baocao run: {status}"
    );
}

/// The Chromium binary; the browser tests fail without it.
fn chromium() -> PathBuf {
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .flat_map(|d| ["chromium", "chromium-browser", "google-chrome"].map(|n| d.join(n)))
                .find(|p| p.is_file())
        })
        .expect("Chromium is not installed (apt-get install chromium); see .ci/run")
}

/// Run Chromium headless on `page` with `args`; (stdout, stderr). Killed after two minutes.
fn browse(chrome: &Path, page: &Path, args: &[String]) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            let _ = r.read_to_string(&mut s);
            s
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within two minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    (stdout.join().unwrap(), stderr.join().unwrap())
}

/// Console output Chromium logged for the page (`CONSOLE` lines).
fn console_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught"))
        .collect()
}
/// The `<svg …>…</svg>` elements of `dom` whose start tag has `class="{class}"`,
/// with their start tag.
fn svgs<'a>(dom: &'a str, class: &str) -> Vec<(&'a str, &'a str)> {
    let open = format!("<svg class=\"{class}\"");
    let mut out = Vec::new();
    let mut rest = dom;
    while let Some(i) = rest.find(&open) {
        let from = &rest[i..];
        let end = from.find("</svg>").expect("closed svg") + "</svg>".len();
        let tag_end = from.find('>').unwrap() + 1;
        out.push((&from[..tag_end], &from[..end]));
        rest = &from[end..];
    }
    out
}

fn attr<'a>(tag: &'a str, name: &str) -> &'a str {
    let key = format!("{name}=\"");
    let i = tag.find(&key).unwrap_or_else(|| panic!("{name} in {tag}")) + key.len();
    &tag[i..i + tag[i..].find('"').unwrap()]
}

#[test]
#[ignore = "needs Chromium: cargo test --test report_browser -- --ignored"]
fn console_errors_are_caught_by_this_harness() {
    let chrome = chromium();
    let page = scratch("bad.html");
    std::fs::create_dir_all(page.parent().unwrap()).unwrap();
    std::fs::write(
        &page,
        "<!DOCTYPE html><p>x</p><script>console.error('boom'); notDefined();</script>",
    )
    .unwrap();
    let (_, stderr) = browse(&chrome, &page, &["--dump-dom".into()]);
    assert!(
        console_lines(&stderr).len() >= 2,
        "a console error and an uncaught exception should be seen in: {stderr}"
    );
}

/// The page as written: self-contained, charts and heat-map as the tables say.
#[test]
fn report_is_self_contained_and_draws_charts_and_heatmap() {
    let out = out();
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!html.contains("<script"), "the report needs no script");
    let external = html
        .replace("xmlns=\"http://www.w3.org/2000/svg\"", "")
        .contains("http");
    assert!(!external, "the report refers to nothing outside itself");
    assert!(html.contains("Tổng hợp báo cáo của các phường, xã"));
    check_bars(out, &html);
    check_heatmap(out, &html);
}

#[test]
#[ignore = "needs Chromium: cargo test --test report_browser -- --ignored"]
fn report_loads_cleanly_in_a_browser() {
    let chrome = chromium();
    let out = out();
    let page = out.join("report.html");
    let (dom, stderr) = browse(&chrome, &page, &["--dump-dom".into()]);
    let console = console_lines(&stderr);
    assert!(console.is_empty(), "console messages: {console:#?}");
    assert!(
        dom.contains("Tổng hợp báo cáo của các phường, xã"),
        "Vietnamese title"
    );

    check_bars(out, &dom);
    check_heatmap(out, &dom);

    let shot = scratch("report.png");
    let _ = std::fs::remove_file(&shot);
    browse(
        &chrome,
        &page,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,2400".into(),
            "--hide-scrollbars".into(),
        ],
    );
    let png = std::fs::read(&shot).expect("a screenshot was written");
    assert!(png.starts_with(b"\x89PNG"), "PNG");
    // A blank page compresses to a few kilobytes; the report's text and tables do not.
    assert!(
        png.len() > 50_000,
        "screenshot of {} bytes looks blank",
        png.len()
    );
    eprintln!("report_browser: screenshot at {}", shot.display());
}

/// Each chart has one bar per non-empty cell of its column in units.csv.
fn check_bars(out: &Path, dom: &str) {
    let (h, rows) = common::read_table(&out.join("units.csv"));
    let charts = svgs(dom, "chart");
    assert!(!charts.is_empty(), "no chart drawn");
    for (tag, svg) in &charts {
        let (kind, metric) = (attr(tag, "data-kind"), attr(tag, "data-metric"));
        let want = rows
            .iter()
            .filter(|r| r[h["kind"]] == kind && !r[h[metric]].is_empty())
            .count();
        let got = svg.matches("class=\"bar\"").count();
        assert_eq!(got, want, "{kind}/{metric}: bars");
    }
    let with_values: usize = h
        .iter()
        .filter(|(c, _)| !["unit", "kind"].contains(&c.as_str()))
        .filter(|(_, &i)| rows.iter().any(|r| !r[i].is_empty()))
        .count();
    assert!(
        charts.len() >= with_values,
        "a chart per metric with values"
    );
}

/// Each heat-map has a cell per registry unit and section; present cells
/// match sections.csv for the counted (ok, not superseded) reports.
fn check_heatmap(out: &Path, dom: &str) {
    let rules = baocao_rules::Rules::load(&common::root().join("rules")).unwrap();
    let (dh, docs) = common::read_table(&out.join("documents.csv"));
    let counted: BTreeMap<&str, &str> = docs
        .iter()
        .filter(|d| d[dh["status"]] == "ok" && d[dh["superseded"]] == "false")
        .filter(|d| !d[dh["unit"]].is_empty())
        .map(|d| (d[dh["file"]].as_str(), d[dh["kind"]].as_str()))
        .collect();
    let (sh, sections) = common::read_table(&out.join("sections.csv"));
    let maps = svgs(dom, "heatmap");
    assert!(!maps.is_empty(), "no heat-map drawn");
    for (tag, svg) in maps {
        let kind = attr(tag, "data-kind");
        let template = rules.sections.for_kind(kind).expect("known kind");
        let cells = svg.matches("class=\"cell ").count();
        assert_eq!(
            cells,
            rules.units.units.len() * template.sections.len(),
            "{kind}: cells"
        );
        let present = sections
            .iter()
            .filter(|s| counted.get(s[sh["file"]].as_str()) == Some(&kind))
            .filter(|s| s[sh["present"]] == "true")
            .count();
        assert_eq!(
            svg.matches("class=\"cell present\"").count(),
            present,
            "{kind}: present"
        );
    }
}

#[test]
fn english_report_on_request() {
    let corpus = common::root().join("corpus").join("phuong-kim-tra");
    let out = scratch("out-en");
    run_baocao(&corpus, &out, &["--lang", "en"]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("Poor households"));
    assert!(html.contains("Completeness of sections"));
}
