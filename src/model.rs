//! The data that flows from the per-file stages to the batch stages and the
//! outputs. A worker process sends one [`DocReport`] per file as JSON.

use serde::{Deserialize, Serialize};

pub use baocao_pdf::Status;

/// One figure (figures.csv row, less file and unit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FigureRow {
    pub metric: String,
    pub subunit: String,
    pub known_subunit: bool,
    pub value: f64,
    pub unit_of_measure: String,
    pub page: u32,
    pub rule: String,
    pub snippet: String,
    /// `good`, or why the page's text layer is doubtful.
    pub quality: String,
    /// Within the metric's bounds (rules/metrics.toml); implausible values are
    /// listed and flagged but left out of the tables across units.
    pub plausible: bool,
}

/// One expected section (sections.csv row).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionRow {
    pub section: String,
    pub required: bool,
    pub present: bool,
    pub page: Option<u32>,
}

/// One signature (signatures.csv row).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignatureRow {
    pub signer: String,
    pub email: String,
    pub organization: String,
    pub signed_at: String,
    pub sub_filter: String,
    pub covers_whole_file: bool,
    pub digest_ok: String,
    pub message: String,
}

/// One finding (checks.csv row, less file and unit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckRow {
    pub check: String,
    pub severity: String,
    /// Section id, metric id or unit the check is about; may be empty.
    pub subject: String,
    pub detail: String,
}

/// Everything learnt about one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocReport {
    /// Path relative to the input folder.
    pub file: String,
    pub status: Status,
    pub message: String,
    pub unit: String,
    pub unit_as_written: String,
    pub kind: String,
    pub doc_number: String,
    pub doc_date: String,
    pub pages: u32,
    pub encoding: String,
    pub figures: Vec<FigureRow>,
    pub sections: Vec<SectionRow>,
    pub signatures: Vec<SignatureRow>,
    pub checks: Vec<CheckRow>,
    /// Latest signing time, for ordering duplicate reports.
    pub last_signed_at: String,
    /// Set by the batch stage.
    pub superseded: bool,
}

impl DocReport {
    /// A report for a file that could not be analysed.
    pub fn failed(file: &str, status: Status, message: impl Into<String>) -> DocReport {
        DocReport {
            file: file.to_string(),
            status,
            message: message.into(),
            unit: String::new(),
            unit_as_written: String::new(),
            kind: String::new(),
            doc_number: String::new(),
            doc_date: String::new(),
            pages: 0,
            encoding: "none".into(),
            figures: Vec::new(),
            sections: Vec::new(),
            signatures: Vec::new(),
            checks: Vec::new(),
            last_signed_at: String::new(),
            superseded: false,
        }
    }

    /// Section ids that are missing, `;`-separated.
    pub fn missing_sections(&self) -> String {
        self.sections
            .iter()
            .filter(|s| !s.present)
            .map(|s| s.section.as_str())
            .collect::<Vec<_>>()
            .join(";")
    }
}
