//! Check settings (`rules/checks.toml`): the severity of every check id and
//! the ratio bounds behind `implausible_value`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::error::RulesError;

/// How serious a check is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
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
    severity: BTreeMap<String, Severity>,
    pub ratios: Vec<Ratio>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDef {
    severity: BTreeMap<String, Severity>,
    #[serde(default)]
    ratio: Vec<Spanned<Ratio>>,
}

/// Check ids the program raises; each needs a severity.
pub const CHECK_IDS: &[&str] = &[
    "missing_section_required",
    "missing_section_recommended",
    "breakdown_mismatch",
    "figure_conflict",
    "implausible_value",
    "duplicate_report",
    "missing_report",
    "unknown_unit",
    "unknown_subunit",
    "modified_after_signing",
    "signature_digest_mismatch",
    "unsigned_report",
    "missing_unit_seal",
    "legacy_encoding",
    "no_text_layer",
    "low_text_quality",
    "extraction_error",
];

impl Checks {
    pub fn load(path: &Path, metric_ids: &[&str]) -> Result<Checks, RulesError> {
        let src = crate::read_file(path)?;
        Self::parse(path, &src, metric_ids)
    }

    pub fn parse(path: &Path, src: &str, metric_ids: &[&str]) -> Result<Checks, RulesError> {
        let def: FileDef = toml::from_str(src).map_err(|e| RulesError::from_toml(path, src, e))?;
        for id in CHECK_IDS {
            if !def.severity.contains_key(*id) {
                return Err(RulesError::invalid(
                    path,
                    src,
                    0,
                    format!("[severity] has no entry for check `{id}`"),
                ));
            }
        }
        if let Some(extra) = def
            .severity
            .keys()
            .find(|k| !CHECK_IDS.contains(&k.as_str()))
        {
            let at = src.find(extra.as_str()).unwrap_or(0);
            return Err(RulesError::invalid(
                path,
                src,
                at,
                format!("unknown check `{extra}` (known: {})", CHECK_IDS.join(", ")),
            ));
        }
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
        Ok(Checks {
            severity: def.severity,
            ratios,
        })
    }

    /// Severity of check `id` (every known id has one after loading).
    pub fn severity(&self, id: &str) -> Severity {
        self.severity.get(id).copied().unwrap_or(Severity::Warning)
    }
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
        assert_eq!(c.severity("unsigned_report"), Severity::Error);
        assert_eq!(c.ratios.len(), 2);
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
