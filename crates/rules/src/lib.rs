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
    /// What the rules were loaded from, as one hash ([`fingerprint`]): the
    /// analysis cache's key of the rules.
    pub fingerprint: String,
}

impl Rules {
    /// Load and validate every rules file under `dir`.
    pub fn load(dir: &Path) -> Result<Rules, RulesError> {
        let metrics = metrics::Metrics::load(&dir.join("metrics.toml"))?;
        let ids: Vec<&str> = metrics.metrics.iter().map(|m| m.id.as_str()).collect();
        let checks = checks::Checks::load(&dir.join("checks.toml"), &ids)?;
        Ok(Rules {
            fingerprint: fingerprint::of_dir(dir)?,
            dir: dir.to_path_buf(),
            kinds: kinds::Kinds::load(&dir.join("kinds.toml"))?,
            sections: sections::Templates::load(&dir.join("sections"))?,
            units: units::Registry::load(&dir.join("units.toml"))?,
            metrics,
            checks,
        })
    }
}

/// Read a rules file to a string, with the path in the error.
pub(crate) fn read_file(path: &Path) -> Result<String, RulesError> {
    std::fs::read_to_string(path).map_err(|e| RulesError::Io {
        path: path.to_path_buf(),
        source: e,
    })
}
