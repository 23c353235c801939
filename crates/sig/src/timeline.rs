//! The human-readable timeline printed by `baocao signatures FILE`.

use crate::SignatureReport;

/// Renders `report` as a timeline, one signature per paragraph.
pub fn format_timeline(report: &SignatureReport) -> String {
    format!("{} signatures", report.signatures.len())
}
