//! Digital signatures of PDF files, for `baocao signatures FILE` and the
//! report checks: who signed every signature field of every revision, when,
//! whether the signed bytes still match, and what changed after the last
//! signature.
//!
//! Signing times: the CMS signingTime attribute is UTC; it is rendered in
//! the offset written in the signature dictionary's `/M` when there is one
//! (so a Vietnamese signer's time reads `…+07:00`), else with `+00:00`.
//! When there is no signingTime attribute, `/M` is used as written. A `/M`
//! written in UTC (`…Z`, as pyHanko does) therefore gives `+00:00`; use
//! [`at_offset`] to show such times in Vietnam time (`+07:00`).

mod certnames;
mod cmsverify;
mod digest;
mod fields;
mod modify;
mod pdfdate;
mod pubkey;
mod ranges;
mod rawscan;
mod revisions;
mod sigdict;
mod timeline;

use std::fmt;

use lopdf::Document;
use serde::{Deserialize, Serialize};

pub use pdfdate::parse_rfc3339;
pub use timeline::format_timeline;

use revisions::Revisions;
use sigdict::SigDict;

/// One signature field's value and what checking it found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureInfo {
    /// Fully qualified field name (`/T`), may be empty.
    pub field: String,
    /// Signer certificate subject CN, else `/Name`, else "".
    pub signer: String,
    /// Subject emailAddress or SAN rfc822Name.
    pub email: String,
    /// Subject O, else OU, else L.
    pub organization: String,
    /// RFC 3339 with offset, e.g. "2025-08-28T14:13:52+07:00".
    pub signed_at: Option<String>,
    /// Where `signed_at` came from.
    pub time_source: TimeSource,
    /// `/SubFilter`, e.g. "adbe.pkcs7.detached", "ETSI.CAdES.detached".
    pub sub_filter: String,
    /// ByteRange starts at 0, leaves out exactly `/Contents`, and ends at
    /// the end of the file or of a revision.
    pub covers_whole_file: bool,
    /// Digest and signature value check.
    pub digest_ok: Verdict,
    /// 1-based index of the revision (`%%EOF` section) the signature closes.
    pub revision: usize,
    /// Where the signed bytes end (start + length of the last range).
    pub byte_range_end: u64,
    /// Why `digest_ok` is not true, or malformed details; "" when fine.
    pub message: String,
}

/// Source of [`SignatureInfo::signed_at`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimeSource {
    /// The CMS signingTime signed attribute.
    SigningTimeAttr,
    /// The genTime of an RFC 3161 document time-stamp token.
    TimeStampToken,
    /// The signature dictionary's `/M` (not protected by the signature).
    SigDictM,
    /// No time found.
    None,
}

/// A three-valued check result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    True,
    False,
    /// The algorithm is unsupported (or the signer certificate missing);
    /// the message says which.
    Unknown,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::True => "true",
            Verdict::False => "false",
            Verdict::Unknown => "unknown",
        })
    }
}

/// A change made after the last signed revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Modification {
    /// 1-based revision that makes the change.
    pub revision: usize,
    /// E.g. "revision 3 adds 1 annotation (/FreeText) on page 2".
    pub description: String,
    /// True when page content or annotations change.
    pub changes_content: bool,
}

/// Everything found about a file's signatures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureReport {
    /// In file order (by ByteRange end).
    pub signatures: Vec<SignatureInfo>,
    /// Number of `%%EOF`-terminated revisions.
    pub revisions: usize,
    /// Empty when the last signature covers the whole file or only benign
    /// updates (DSS/VRI, XMP or Info metadata) follow it.
    pub after_last_signature: Vec<Modification>,
}

/// The file cannot be read as a PDF at all.
#[derive(thiserror::Error, Debug)]
pub enum SigError {
    #[error("not a PDF file (no %PDF- header)")]
    NotPdf,
    #[error("cannot parse the PDF and no signature dictionary was found in its bytes: {0}")]
    Unparseable(String),
}

/// Reads and checks every signature of the PDF in `bytes` (callers bound
/// the file's size; baocao reads files through `baocao_pdf::read_file`).
pub fn read_signatures(bytes: &[u8]) -> Result<SignatureReport, SigError> {
    if !has_header(bytes) {
        return Err(SigError::NotPdf);
    }
    let doc = modify::load(bytes);
    signatures_of(bytes, doc.as_ref().map_err(String::as_str))
}

/// [`read_signatures`] with the document already parsed from `bytes` (as
/// `lopdf::Document::load_mem` gives it, not decrypted), so the file is not
/// parsed a second time.
pub fn read_signatures_in(bytes: &[u8], doc: &Document) -> Result<SignatureReport, SigError> {
    if !has_header(bytes) {
        return Err(SigError::NotPdf);
    }
    signatures_of(bytes, Ok(doc))
}

fn has_header(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
}

/// Every signature of the file: from the parsed document's fields, else
/// from a raw scan of its bytes.
fn signatures_of(bytes: &[u8], doc: Result<&Document, &str>) -> Result<SignatureReport, SigError> {
    let revisions = Revisions::find(bytes);
    let mut dicts = match doc {
        Ok(doc) => fields::signature_dicts(doc),
        Err(_) => Vec::new(),
    };
    if dicts.is_empty() {
        dicts = rawscan::scan(bytes);
    }
    if let (Err(e), true) = (doc, dicts.is_empty()) {
        return Err(SigError::Unparseable(e.to_string()));
    }
    let mut signatures: Vec<SignatureInfo> = dicts
        .into_iter()
        .map(|d| check_signature(d, bytes, &revisions))
        .collect();
    signatures.sort_by_key(|s| s.byte_range_end);
    last_must_reach_the_end(&mut signatures, bytes.len() as u64);
    let after_last_signature = modify::after_last_signature(bytes, &signatures, &revisions);
    Ok(SignatureReport {
        signatures,
        revisions: revisions.count(),
        after_last_signature,
    })
}

/// Earlier signatures may end at the end of their revision; the last one
/// covers the whole file only when it ends where the file ends.
fn last_must_reach_the_end(signatures: &mut [SignatureInfo], file_len: u64) {
    if let Some(last) = signatures.last_mut() {
        if last.covers_whole_file && last.byte_range_end != file_len {
            last.covers_whole_file = false;
            let note = format!(
                "the file goes on for {} bytes after this last signature",
                file_len.saturating_sub(last.byte_range_end)
            );
            last.message = join_messages(&last.message, Some(&note));
        }
    }
}

/// Re-renders an RFC 3339 time (such as [`SignatureInfo::signed_at`]) at
/// another UTC offset, e.g. `at_offset(t, 7 * 3600)` for Vietnam time.
pub fn at_offset(rfc3339: &str, offset_seconds: i32) -> Option<String> {
    pdfdate::rfc3339(pdfdate::parse_rfc3339(rfc3339)?, offset_seconds)
}

/// Checks one signature dictionary against the file.
fn check_signature(dict: SigDict, bytes: &[u8], revisions: &Revisions) -> SignatureInfo {
    let byte_range_end = dict.byte_range.as_deref().map_or(0, ranges::claimed_end);
    let spans = dict
        .byte_range
        .clone()
        .and_then(|numbers| ranges::validate(&numbers, bytes.len()));
    let coverage = spans
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|s| ranges::check_coverage(bytes, s, &dict.contents, revisions));
    let parts = spans.as_ref().map(|s| ranges::slices(bytes, s));
    let cms = if dict.contents.iter().all(|&b| b == 0) {
        cmsverify::CmsReport {
            names: None,
            signing_time: None,
            from_timestamp: false,
            verdict: Verdict::False,
            message: "/Contents is empty".to_string(),
        }
    } else {
        let signed = match &parts {
            Ok(p) => Ok(p.as_slice()),
            Err(e) => Err(e.to_string()),
        };
        cmsverify::examine(&dict.contents, signed, &dict.sub_filter)
    };
    let (signed_at, time_source) = signing_time(&cms, &dict.m);
    let names = cms.names.clone().unwrap_or_default();
    let signer = if names.common_name.is_empty() {
        dict.name.clone()
    } else {
        names.common_name
    };
    SignatureInfo {
        field: dict.field,
        signer,
        email: names.email,
        organization: names.organization,
        signed_at,
        time_source,
        sub_filter: dict.sub_filter,
        covers_whole_file: coverage.is_ok(),
        digest_ok: cms.verdict,
        revision: revisions.index_for(byte_range_end),
        byte_range_end,
        message: join_messages(&cms.message, coverage.err().as_deref()),
    }
}

/// The signing time and its source (see the crate documentation).
fn signing_time(cms: &cmsverify::CmsReport, m: &str) -> (Option<String>, TimeSource) {
    let m = pdfdate::parse_pdf_date(m);
    if let Some(t) = cms.signing_time {
        let offset = m.and_then(|m| m.offset).unwrap_or(0);
        let source = if cms.from_timestamp {
            TimeSource::TimeStampToken
        } else {
            TimeSource::SigningTimeAttr
        };
        return (pdfdate::rfc3339(t, offset), source);
    }
    match m.and_then(|m| pdfdate::rfc3339(m.unix, m.offset.unwrap_or(0))) {
        Some(text) => (Some(text), TimeSource::SigDictM),
        None => (None, TimeSource::None),
    }
}

/// Joins the CMS message and the coverage problem, skipping empty ones.
fn join_messages(cms: &str, coverage: Option<&str>) -> String {
    let mut parts: Vec<&str> = Vec::new();
    if !cms.is_empty() {
        parts.push(cms);
    }
    if let Some(c) = coverage {
        if !parts.contains(&c) {
            parts.push(c);
        }
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_non_pdf() {
        assert!(matches!(read_signatures(b"hello"), Err(SigError::NotPdf)));
        assert!(matches!(read_signatures(b""), Err(SigError::NotPdf)));
    }

    #[test]
    fn unparseable_pdf_without_signatures_is_an_error() {
        assert!(matches!(
            read_signatures(b"%PDF-1.7\ngarbage"),
            Err(SigError::Unparseable(_))
        ));
    }

    #[test]
    fn a_parsed_document_gives_the_same_report() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/real/58_CD-VPCP_10012026_1-signed.pdf"
        );
        let bytes = std::fs::read(path).unwrap();
        let doc = Document::load_mem(&bytes).unwrap();
        let fresh = read_signatures(&bytes).unwrap();
        assert_eq!(fresh.signatures.len(), 1);
        assert_eq!(read_signatures_in(&bytes, &doc).unwrap(), fresh);
    }

    #[test]
    fn verdict_displays_lowercase() {
        assert_eq!(Verdict::True.to_string(), "true");
        assert_eq!(Verdict::Unknown.to_string(), "unknown");
    }

    #[test]
    fn converts_offsets() {
        let t = at_offset("2025-08-28T07:13:52+00:00", 7 * 3600);
        assert_eq!(t.as_deref(), Some("2025-08-28T14:13:52+07:00"));
        assert_eq!(at_offset("nonsense", 0), None);
    }

    #[test]
    fn joins_messages() {
        assert_eq!(join_messages("", None), "");
        assert_eq!(join_messages("a", Some("b")), "a; b");
        assert_eq!(join_messages("a", Some("a")), "a");
    }
}
