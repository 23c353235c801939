//! The human-readable timeline printed by `baocao signatures FILE`.

use std::fmt::Write;

use crate::{SignatureInfo, SignatureReport, TimeSource, Verdict};

/// Renders `report` as a timeline: one paragraph per signature in file
/// order (whether the content changed since it), then what changed after
/// the last signature and a note that certificate trust was not checked.
pub fn format_timeline(report: &SignatureReport) -> String {
    let mut out = String::new();
    let n = report.signatures.len();
    let _ = writeln!(
        out,
        "{n} signature{} in {} revision{}",
        if n == 1 { "" } else { "s" },
        report.revisions,
        if report.revisions == 1 { "" } else { "s" }
    );
    for (i, sig) in report.signatures.iter().enumerate() {
        out.push_str(&signature_paragraph(i + 1, sig));
    }
    if n > 0 {
        if report.after_last_signature.is_empty() {
            out.push_str("after the last signature: no changes to page content or annotations\n");
        } else {
            out.push_str("after the last signature:\n");
            for m in &report.after_last_signature {
                let flag = if m.changes_content {
                    "CONTENT CHANGED"
                } else {
                    "changed"
                };
                let _ = writeln!(out, "  - [{flag}] {}", m.description);
            }
        }
        out.push_str(TRUST_NOTE);
    }
    out
}

/// What the timeline does not say: the digests show whether the content
/// changed, not whether the signers' certificates can be trusted.
const TRUST_NOTE: &str = "certificate trust: not checked (whether each signer's certificate is valid, unrevoked and issued by a trusted authority)\n";

/// One signature: when, who, what it covers and whether the content changed since.
fn signature_paragraph(n: usize, sig: &SignatureInfo) -> String {
    let when = sig.signed_at.as_deref().unwrap_or("time unknown");
    let source = match sig.time_source {
        TimeSource::SigningTimeAttr => "",
        TimeSource::TimeStampToken => " (time-stamp token)",
        TimeSource::SigDictM => " (from /M, not signed)",
        TimeSource::None => "",
    };
    let who = if sig.signer.is_empty() {
        "unknown signer"
    } else {
        &sig.signer
    };
    let mut out = format!("#{n} {when}{source}  {who}");
    if !sig.email.is_empty() {
        let _ = write!(out, " <{}>", sig.email);
    }
    if !sig.organization.is_empty() {
        let _ = write!(out, ", {}", sig.organization);
    }
    let field = if sig.field.is_empty() {
        "(unnamed field)"
    } else {
        &sig.field
    };
    let _ = writeln!(
        out,
        "\n    field {field}, {}, revision {}",
        sub_filter(sig),
        sig.revision
    );
    let verdict = match sig.digest_ok {
        Verdict::True => "content unchanged since this signature (digest matches)",
        Verdict::False => "CONTENT CHANGED SINCE THIS SIGNATURE (digest mismatch)",
        Verdict::Unknown => "whether the content changed since this signature could not be checked",
    };
    let coverage = if sig.covers_whole_file {
        "covers its revision"
    } else {
        "DOES NOT cover its revision"
    };
    let _ = writeln!(out, "    {verdict}; {coverage}");
    if !sig.message.is_empty() {
        let _ = writeln!(out, "    note: {}", sig.message);
    }
    out
}

fn sub_filter(sig: &SignatureInfo) -> &str {
    if sig.sub_filter.is_empty() {
        "no sub-filter"
    } else {
        &sig.sub_filter
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Modification;

    fn sig() -> SignatureInfo {
        SignatureInfo {
            field: "Signature1".into(),
            signer: "Nguyễn Minh".into(),
            email: "minhn@example.vn".into(),
            organization: "UBND".into(),
            signed_at: Some("2025-08-28T14:13:52+07:00".into()),
            time_source: TimeSource::SigningTimeAttr,
            sub_filter: "adbe.pkcs7.detached".into(),
            covers_whole_file: true,
            digest_ok: Verdict::True,
            revision: 1,
            byte_range_end: 100,
            message: String::new(),
        }
    }

    #[test]
    fn renders_signatures_and_changes() {
        let mut bad = sig();
        bad.digest_ok = Verdict::False;
        bad.message = "digest mismatch".into();
        let report = SignatureReport {
            signatures: vec![sig(), bad],
            revisions: 3,
            after_last_signature: vec![Modification {
                revision: 3,
                description: "revision 3 adds 1 annotation (/FreeText) on page 2".into(),
                changes_content: true,
            }],
        };
        let text = format_timeline(&report);
        assert!(text.starts_with("2 signatures in 3 revisions\n"), "{text}");
        assert!(text.contains("#1 2025-08-28T14:13:52+07:00  Nguyễn Minh <minhn@example.vn>, UBND"));
        assert!(text.contains("CONTENT CHANGED SINCE THIS SIGNATURE (digest mismatch)"));
        assert!(text.contains("content unchanged since this signature (digest matches)"));
        assert!(text.ends_with("certificate trust: not checked (whether each signer's certificate is valid, unrevoked and issued by a trusted authority)\n"), "{text}");
        assert!(!text.contains("signature valid"), "{text}");
        assert!(text.contains("note: digest mismatch"));
        assert!(
            text.contains("[CONTENT CHANGED] revision 3 adds 1 annotation (/FreeText) on page 2")
        );
    }

    #[test]
    fn renders_an_unsigned_file() {
        let report = SignatureReport {
            signatures: vec![],
            revisions: 1,
            after_last_signature: vec![],
        };
        assert_eq!(format_timeline(&report), "0 signatures in 1 revision\n");
    }
}
