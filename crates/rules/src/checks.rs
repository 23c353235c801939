//! Check settings (`rules/checks.toml`): the severity of every check, and
//! the ratio bounds behind `implausible_value`. The checks themselves are
//! [`CheckId`]s: a `[severity]` key that is not one is a load error. The
//! `[missing_report]` table may declare the report kinds a batch is
//! expected to hold (see [`Checks::expected_kinds`]).

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use serde::Deserialize;
use toml::Spanned;

use crate::error::{RulesError, SourceLocation};

/// How serious a check is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every check the program raises (checks.csv `check`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "snake_case")]
pub enum CheckId {
    /// A section of the kind's template has no heading with a body; its
    /// severity depends on whether the section is required.
    MissingSection,
    BreakdownMismatch,
    FigureConflict,
    ImplausibleValue,
    DuplicateReport,
    MissingReport,
    UnknownUnit,
    UnknownSubunit,
    ModifiedAfterSigning,
    SignatureDigestMismatch,
    UnsignedReport,
    MissingUnitSeal,
    LegacyEncoding,
    NoTextLayer,
    LowTextQuality,
    ExtractionError,
    /// Pages or figures read by OCR with a low word confidence.
    LowOcrConfidence,
    /// A file in the batch that could not be read at all (not a PDF,
    /// encrypted, corrupt, or the extractor failed on it).
    UnreadableFile,
}

impl CheckId {
    pub const ALL: [CheckId; 18] = [
        CheckId::MissingSection,
        CheckId::BreakdownMismatch,
        CheckId::FigureConflict,
        CheckId::ImplausibleValue,
        CheckId::DuplicateReport,
        CheckId::MissingReport,
        CheckId::UnknownUnit,
        CheckId::UnknownSubunit,
        CheckId::ModifiedAfterSigning,
        CheckId::SignatureDigestMismatch,
        CheckId::UnsignedReport,
        CheckId::MissingUnitSeal,
        CheckId::LegacyEncoding,
        CheckId::NoTextLayer,
        CheckId::LowTextQuality,
        CheckId::ExtractionError,
        CheckId::LowOcrConfidence,
        CheckId::UnreadableFile,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::MissingSection => "missing_section",
            CheckId::BreakdownMismatch => "breakdown_mismatch",
            CheckId::FigureConflict => "figure_conflict",
            CheckId::ImplausibleValue => "implausible_value",
            CheckId::DuplicateReport => "duplicate_report",
            CheckId::MissingReport => "missing_report",
            CheckId::UnknownUnit => "unknown_unit",
            CheckId::UnknownSubunit => "unknown_subunit",
            CheckId::ModifiedAfterSigning => "modified_after_signing",
            CheckId::SignatureDigestMismatch => "signature_digest_mismatch",
            CheckId::UnsignedReport => "unsigned_report",
            CheckId::MissingUnitSeal => "missing_unit_seal",
            CheckId::LegacyEncoding => "legacy_encoding",
            CheckId::NoTextLayer => "no_text_layer",
            CheckId::LowTextQuality => "low_text_quality",
            CheckId::ExtractionError => "extraction_error",
            CheckId::LowOcrConfidence => "low_ocr_confidence",
            CheckId::UnreadableFile => "unreadable_file",
        }
    }
}

impl fmt::Display for CheckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not a check id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown check `{0}`")]
pub struct UnknownCheck(pub String);

impl FromStr for CheckId {
    type Err = UnknownCheck;

    fn from_str(s: &str) -> Result<CheckId, UnknownCheck> {
        CheckId::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| UnknownCheck(s.to_string()))
    }
}

/// A key of `[severity]`: a check id, except that a missing section has one
/// key for required sections and one for recommended ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum SeverityKey {
    Check(CheckId),
    MissingSection { required: bool },
}

impl SeverityKey {
    /// Every key the file must have, in the order the error message lists them.
    fn all() -> Vec<SeverityKey> {
        let mut keys = vec![
            SeverityKey::MissingSection { required: true },
            SeverityKey::MissingSection { required: false },
        ];
        keys.extend(
            CheckId::ALL
                .into_iter()
                .filter(|c| *c != CheckId::MissingSection)
                .map(SeverityKey::Check),
        );
        keys
    }

    fn name(self) -> &'static str {
        match self {
            SeverityKey::MissingSection { required: true } => "missing_section_required",
            SeverityKey::MissingSection { required: false } => "missing_section_recommended",
            SeverityKey::Check(c) => c.as_str(),
        }
    }

    fn parse(s: &str) -> Option<SeverityKey> {
        SeverityKey::all().into_iter().find(|k| k.name() == s)
    }
}

/// A bounded ratio of two metrics of one report.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ratio {
    pub id: String,
    pub numerator: String,
    pub denominator: String,
    pub min: f64,
    pub max: f64,
    pub label: String,
}

/// Every check setting.
#[derive(Debug, Clone)]
pub struct Checks {
    severity: BTreeMap<SeverityKey, Severity>,
    pub ratios: Vec<Ratio>,
    /// `[missing_report] expect`: the report kinds every unit must send,
    /// with where each is written (validated by [`Checks::check_kinds`]).
    expect: Vec<(String, SourceLocation)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDef {
    severity: BTreeMap<String, Severity>,
    #[serde(default)]
    ratio: Vec<Spanned<Ratio>>,
    #[serde(default)]
    missing_report: MissingReportDef,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct MissingReportDef {
    #[serde(default)]
    expect: Vec<Spanned<String>>,
}

impl Checks {
    pub fn load(path: &Path, metric_ids: &[&str]) -> Result<Checks, RulesError> {
        let src = crate::read_file(path)?;
        Self::parse(path, &src, metric_ids)
    }

    pub fn parse(path: &Path, src: &str, metric_ids: &[&str]) -> Result<Checks, RulesError> {
        let def: FileDef = toml::from_str(src).map_err(|e| RulesError::from_toml(path, src, e))?;
        let severity = severities(path, src, def.severity)?;
        let mut ratios = Vec::new();
        for r in def.ratio {
            let at = r.span().start;
            let r = r.into_inner();
            for m in [&r.numerator, &r.denominator] {
                if !metric_ids.contains(&m.as_str()) {
                    return Err(RulesError::invalid(
                        path,
                        src,
                        at,
                        format!("ratio `{}` names unknown metric `{m}`", r.id),
                    ));
                }
            }
            if r.min > r.max || r.min.is_nan() || r.max.is_nan() {
                return Err(RulesError::invalid(
                    path,
                    src,
                    at,
                    format!("ratio `{}`: min is above max", r.id),
                ));
            }
            ratios.push(r);
        }
        let expect = def
            .missing_report
            .expect
            .into_iter()
            .map(|k| {
                let at = SourceLocation::at(path, src, k.span().start);
                (k.into_inner(), at)
            })
            .collect();
        Ok(Checks {
            severity,
            ratios,
            expect,
        })
    }

    /// The report kinds declared expected (`[missing_report] expect`);
    /// empty when the file leaves it to the run.
    pub fn expected_kinds(&self) -> Vec<&str> {
        self.expect.iter().map(|(k, _)| k.as_str()).collect()
    }

    /// Every expected kind must be a kind of kinds.toml.
    pub fn check_kinds(&self, known: &[&str]) -> Result<(), RulesError> {
        match self
            .expect
            .iter()
            .find(|(k, _)| !known.contains(&k.as_str()))
        {
            None => Ok(()),
            Some((kind, at)) => Err(RulesError::Invalid {
                at: at.clone(),
                message: format!(
                    "[missing_report] expects unknown report kind `{kind}` (known: {})",
                    known.join(", ")
                ),
            }),
        }
    }

    /// Severity of check `id`; for [`CheckId::MissingSection`], that of a
    /// missing *required* section (see [`Checks::missing_section`]).
    pub fn severity(&self, id: CheckId) -> Severity {
        let key = match id {
            CheckId::MissingSection => SeverityKey::MissingSection { required: true },
            other => SeverityKey::Check(other),
        };
        self.severity[&key]
    }

    /// Severity of a missing section, required or recommended.
    pub fn missing_section(&self, required: bool) -> Severity {
        self.severity[&SeverityKey::MissingSection { required }]
    }
}

/// The `[severity]` table, every key a check and every check there.
fn severities(
    path: &Path,
    src: &str,
    table: BTreeMap<String, Severity>,
) -> Result<BTreeMap<SeverityKey, Severity>, RulesError> {
    let mut out = BTreeMap::new();
    for (name, severity) in table {
        let Some(key) = SeverityKey::parse(&name) else {
            let known: Vec<&str> = SeverityKey::all()
                .into_iter()
                .map(SeverityKey::name)
                .collect();
            return Err(RulesError::invalid(
                path,
                src,
                key_offset(src, &name),
                format!("unknown check `{name}` (known: {})", known.join(", ")),
            ));
        };
        out.insert(key, severity);
    }
    if let Some(missing) = SeverityKey::all()
        .into_iter()
        .find(|k| !out.contains_key(k))
    {
        return Err(RulesError::invalid(
            path,
            src,
            0,
            format!("[severity] has no entry for check `{}`", missing.name()),
        ));
    }
    Ok(out)
}

/// Byte offset of the line that sets `key` (`key = …`), or 0.
fn key_offset(src: &str, key: &str) -> usize {
    let mut at = 0;
    for line in src.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let rest = trimmed
            .strip_prefix(key)
            .or_else(|| trimmed.strip_prefix(&format!("\"{key}\"")));
        if rest.is_some_and(|r| r.trim_start().starts_with('=')) {
            return at + line.len() - trimmed.len();
        }
        at += line.len();
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped_src() -> String {
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../rules/checks.toml"
        ))
        .unwrap()
    }

    #[test]
    fn shipped_file_loads() {
        let c = Checks::parse(
            Path::new("checks.toml"),
            &shipped_src(),
            &[
                "houses_supported_cost",
                "houses_supported",
                "makeshift_houses_removed_cost",
                "makeshift_houses_removed",
            ],
        )
        .unwrap();
        assert_eq!(c.severity(CheckId::UnsignedReport), Severity::Error);
        assert_eq!(c.missing_section(true), Severity::Error);
        assert_eq!(c.missing_section(false), Severity::Warning);
        assert_eq!(c.ratios.len(), 2);
    }

    fn parse(src: &str) -> Result<Checks, RulesError> {
        Checks::parse(
            Path::new("checks.toml"),
            src,
            &[
                "houses_supported_cost",
                "houses_supported",
                "makeshift_houses_removed_cost",
                "makeshift_houses_removed",
            ],
        )
    }

    #[test]
    fn an_unknown_check_is_a_located_load_error() {
        let src = shipped_src().replace(
            "figure_conflict = \"warning\"",
            "figure_conflict = \"warning\"\nfigures_conflict = \"error\"",
        );
        let e = parse(&src).unwrap_err().to_string();
        let line = src
            .lines()
            .position(|l| l.starts_with("figures_conflict"))
            .unwrap()
            + 1;
        assert!(
            e.starts_with(&format!(
                "checks.toml:{line}:1: unknown check `figures_conflict`"
            )),
            "{e}"
        );
    }

    #[test]
    fn every_check_needs_a_severity() {
        let src = shipped_src().replace("legacy_encoding = \"info\"\n", "");
        let e = parse(&src).unwrap_err().to_string();
        assert!(e.contains("no entry for check `legacy_encoding`"), "{e}");
    }

    #[test]
    fn check_ids_read_and_print_their_csv_names() {
        for id in CheckId::ALL {
            assert_eq!(id.to_string().parse::<CheckId>(), Ok(id));
            let as_toml = toml::Value::try_from(id).unwrap();
            assert_eq!(as_toml.as_str(), Some(id.as_str()));
        }
        assert!("figures_conflict".parse::<CheckId>().is_err());
        for s in Severity::ALL {
            assert_eq!(toml::Value::try_from(s).unwrap().as_str(), Some(s.as_str()));
        }
    }

    #[test]
    fn expected_kinds_are_declared_and_checked() {
        let c = parse(&shipped_src()).unwrap();
        assert!(
            c.expected_kinds().is_empty(),
            "the shipped file infers them"
        );
        let src = shipped_src().replace(
            "expect = []",
            "expect = [\"emulation_awards_5y\", \"budget_q3\"]",
        );
        let c = parse(&src).unwrap();
        assert_eq!(c.expected_kinds(), ["emulation_awards_5y", "budget_q3"]);
        let e = c
            .check_kinds(&["emulation_awards_5y", "socioeconomic_6m"])
            .unwrap_err()
            .to_string();
        let line = src.lines().position(|l| l.starts_with("expect")).unwrap() + 1;
        assert!(
            e.starts_with(&format!("checks.toml:{line}:"))
                && e.contains("unknown report kind `budget_q3`"),
            "{e}"
        );
    }

    #[test]
    fn unknown_metric_in_a_ratio_is_located() {
        let src = shipped_src().replace(
            "numerator = \"houses_supported_cost\"",
            "numerator = \"house_cost\"",
        );
        let e = Checks::parse(
            Path::new("checks.toml"),
            &src,
            &[
                "houses_supported",
                "makeshift_houses_removed_cost",
                "makeshift_houses_removed",
            ],
        )
        .unwrap_err();
        assert!(e.to_string().contains("unknown metric `house_cost`"), "{e}");
        assert!(e.to_string().starts_with("checks.toml:"), "{e}");
    }
}
