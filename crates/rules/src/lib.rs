//! Rules as data for baocao.
//!
//! Everything a clerk may need to change lives in `rules/` as TOML and is
//! validated when loaded ([`Rules::load`]): report kinds ([`kinds`]), metrics
//! and the patterns that find them ([`metrics`], [`pattern`]), section
//! templates ([`sections`]) and the unit registry ([`units`]).
//!
//! The matching side works on a report's normalised text ([`text::DocText`]):
//! [`facts`] reads unit, kind, number and date; [`figures`] finds the figures:
//! [`values`] (numbers with their measure words, on [`tokens`]) bound by
//! [`binding`] to the [`concepts`] named nearest to them in their
//! [`clause`], read as results or not by [`cues`], and broken down by former
//! unit by [`breakdown`].

pub mod binding;
pub mod breakdown;
pub mod checks;
pub mod clause;
pub mod concepts;
pub mod cues;
pub mod error;
pub mod facts;
pub mod figures;
pub mod fingerprint;
pub mod kinds;
pub mod metrics;
pub mod pattern;
pub mod sections;
pub mod tables;
pub mod text;
pub mod tokens;
pub mod units;
pub mod values;

use std::path::{Path, PathBuf};

pub use error::{RulesError, SourceLocation};
pub use figures::Figure;
pub use text::DocText;

/// Every rules file, loaded and validated.
#[derive(Debug)]
pub struct Rules {
    /// The folder the rules were read from.
    pub dir: PathBuf,
    pub kinds: kinds::Kinds,
    pub metrics: metrics::Metrics,
    pub sections: sections::Templates,
    pub units: units::Registry,
    pub checks: checks::Checks,
    /// Every string of metrics.toml, kinds.toml and sections/*.toml as
    /// written, marks and all (the compiled forms are folded): the domain
    /// words OCR output is corrected against.
    pub written: Vec<String>,
    /// What the rules were loaded from, as one hash ([`fingerprint`]): the
    /// analysis cache's key of the rules.
    pub fingerprint: String,
}

impl Rules {
    /// Load and validate every rules file under `dir`.
    pub fn load(dir: &Path) -> Result<Rules, RulesError> {
        let sections = dir.join("sections");
        let mut names: Vec<String> = std::fs::read_dir(&sections)
            .map_err(|e| RulesError::Io {
                path: sections.clone(),
                source: e,
            })?
            .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
            .filter(|n| n.ends_with(".toml"))
            .map(|n| format!("sections/{n}"))
            .collect();
        names.extend(FILES.iter().map(|f| f.to_string()));
        let mut files = Vec::new();
        for name in names {
            files.push((name.clone(), read_file(&dir.join(&name))?));
        }
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(n, s)| (n.as_str(), s.as_str()))
            .collect();
        Self::from_sources(dir, &files)
    }

    /// Validate rules given as (path relative to the rules folder, text)
    /// pairs — the same checks as [`Rules::load`], which reads them from
    /// `dir`; here `dir` only names the files in errors (rules built into a
    /// binary). Section templates are the `sections/*.toml` entries.
    pub fn from_sources(dir: &Path, files: &[(&str, &str)]) -> Result<Rules, RulesError> {
        let source = |name: &str| -> Result<(PathBuf, &str), RulesError> {
            let path = dir.join(name);
            match files.iter().find(|(n, _)| *n == name) {
                Some((_, src)) => Ok((path, src)),
                None => Err(RulesError::Io {
                    path,
                    source: std::io::ErrorKind::NotFound.into(),
                }),
            }
        };
        let (path, src) = source("metrics.toml")?;
        let metrics = metrics::Metrics::parse(&path, src)?;
        let ids: Vec<&str> = metrics.metrics.iter().map(|m| m.id.as_str()).collect();
        let (path, src) = source("checks.toml")?;
        let checks = checks::Checks::parse(&path, src, &ids)?;
        let (path, src) = source("kinds.toml")?;
        let kinds = kinds::Kinds::parse(&path, src)?;
        let kind_ids: Vec<&str> = kinds.kinds.iter().map(|k| k.id.as_str()).collect();
        checks.check_kinds(&kind_ids)?;
        let (path, src) = source("units.toml")?;
        let units = units::Registry::parse(&path, src)?;
        Ok(Rules {
            fingerprint: fingerprint::of_sources(files),
            dir: dir.to_path_buf(),
            sections: templates(dir, files)?,
            kinds,
            units,
            metrics,
            checks,
            written: written_strings(files),
        })
    }
}

/// The files of a rules folder besides `sections/*.toml`.
const FILES: [&str; 4] = ["metrics.toml", "checks.toml", "kinds.toml", "units.toml"];

/// The `sections/*.toml` entries of `files`, in name order, one per kind.
fn templates(dir: &Path, files: &[(&str, &str)]) -> Result<sections::Templates, RulesError> {
    let mut entries: Vec<&(&str, &str)> = files
        .iter()
        .filter(|(n, _)| is_section_template(n))
        .collect();
    entries.sort();
    let mut templates: Vec<sections::Template> = Vec::new();
    for (name, src) in entries {
        let path = dir.join(name);
        let t = sections::Template::parse(&path, src)?;
        if templates.iter().any(|x| x.kind == t.kind) {
            return Err(RulesError::invalid(
                &path,
                src,
                0,
                format!("a second template for kind `{}`", t.kind),
            ));
        }
        templates.push(t);
    }
    Ok(sections::Templates { templates })
}

/// Whether a rules file (path relative to the rules folder) is a section
/// template: `sections/*.toml`.
pub(crate) fn is_section_template(name: &str) -> bool {
    name.starts_with("sections/") && name.ends_with(".toml")
}

/// Every string value of the files that hold words as written: metrics,
/// kinds and section templates (already validated, so they parse).
fn written_strings(files: &[(&str, &str)]) -> Vec<String> {
    let mut names: Vec<&(&str, &str)> = files
        .iter()
        .filter(|(n, _)| *n == "metrics.toml" || *n == "kinds.toml" || is_section_template(n))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for (_, src) in names {
        if let Ok(value) = src.parse::<toml::Value>() {
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

/// Read a rules file to a string, with the path in the error.
pub(crate) fn read_file(path: &Path) -> Result<String, RulesError> {
    std::fs::read_to_string(path).map_err(|e| RulesError::Io {
        path: path.to_path_buf(),
        source: e,
    })
}
