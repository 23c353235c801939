//! Hostile inputs built by corrupting a real signed file: every case must
//! give a report (or a `SigError`) with a message, never a panic.

use std::path::Path;

use baocao_sig::{read_signatures, SigError, Verdict};

fn fixture(name: &str) -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    std::fs::read(dir.join(name)).unwrap()
}

fn signed() -> Vec<u8> {
    fixture("real/58_CD-VPCP_10012026_1-signed.pdf")
}

/// Offset of the first `/ByteRange` array's `[`.
fn byte_range_at(bytes: &[u8]) -> usize {
    let key = bytes.windows(10).position(|w| w == b"/ByteRange").unwrap();
    key + bytes[key..].iter().position(|&b| b == b'[').unwrap()
}

/// Replaces the `/ByteRange` array (and the padding spaces after it) with
/// `text`, padded with spaces so that every other offset in the file stays put.
fn with_byte_range(text: &str) -> Vec<u8> {
    let mut bytes = signed();
    let start = byte_range_at(&bytes);
    let close = start + bytes[start..].iter().position(|&b| b == b']').unwrap() + 1;
    let end = close + bytes[close..].iter().take_while(|&&b| b == b' ').count();
    assert!(text.len() <= end - start, "replacement too long");
    let mut replacement = text.as_bytes().to_vec();
    replacement.resize(end - start, b' ');
    bytes[start..end].copy_from_slice(&replacement);
    bytes
}

fn only_signature(bytes: &[u8]) -> baocao_sig::SignatureInfo {
    let report = read_signatures(bytes).unwrap();
    assert_eq!(report.signatures.len(), 1);
    report.signatures.into_iter().next().unwrap()
}

#[test]
fn byte_range_beyond_eof() {
    let sig = only_signature(&with_byte_range("[0 205968 230738 99999]"));
    assert_eq!(sig.digest_ok, Verdict::False);
    assert!(!sig.covers_whole_file);
    assert!(
        sig.message.contains("beyond the end of the file"),
        "{}",
        sig.message
    );
    assert_eq!(sig.signer, "VĂN PHÒNG CHÍNH PHỦ", "the CMS is still read");
}

#[test]
fn negative_and_huge_numbers() {
    let sig = only_signature(&with_byte_range("[0 -205968 230738 2234]"));
    assert_eq!(sig.digest_ok, Verdict::False);
    assert!(sig.message.contains("negative"), "{}", sig.message);
    let sig = only_signature(&with_byte_range(
        "[0 9223372036854775807 9223372036854775807 1]",
    ));
    assert_eq!(sig.digest_ok, Verdict::False);
    assert!(sig.message.contains("beyond"), "{}", sig.message);
}

#[test]
fn wrong_shape_byte_ranges() {
    for text in [
        "[0 205968 230738]",
        "[]",
        "[0 1.5 230738 2234]",
        "[0 230738 205968 2234]",
    ] {
        let sig = only_signature(&with_byte_range(text));
        assert_eq!(sig.digest_ok, Verdict::False, "{text}");
        assert!(!sig.covers_whole_file, "{text}");
        assert!(!sig.message.is_empty(), "{text}");
    }
}

#[test]
fn shifted_gap_is_not_whole_coverage() {
    let sig = only_signature(&with_byte_range("[0 205967 230738 2234]"));
    assert!(!sig.covers_whole_file);
    assert_eq!(sig.digest_ok, Verdict::False);
}

#[test]
fn garbage_cms() {
    let mut bytes = signed();
    let gap = 205968;
    assert_eq!(bytes[gap], b'<');
    for b in &mut bytes[gap + 1..gap + 41] {
        *b = b'7';
    }
    let sig = only_signature(&bytes);
    assert_eq!(sig.digest_ok, Verdict::False);
    assert!(sig.message.contains("CMS"), "{}", sig.message);
    assert!(sig.signer.is_empty() || sig.signer != "VĂN PHÒNG CHÍNH PHỦ");
}

#[test]
fn changed_signed_byte() {
    let mut bytes = signed();
    bytes[1000] ^= 0x20;
    let report = read_signatures(&bytes);
    if let Ok(report) = report {
        for sig in report.signatures {
            assert_ne!(sig.digest_ok, Verdict::True);
        }
    }
}

#[test]
fn truncated_files() {
    let bytes = signed();
    for cut in [0, 5, 100, 205_970, 206_500, 230_740, bytes.len() - 10] {
        match read_signatures(&bytes[..cut]) {
            Ok(report) => {
                for sig in report.signatures {
                    assert_ne!(sig.digest_ok, Verdict::True, "cut {cut}");
                    assert!(!sig.message.is_empty(), "cut {cut}");
                }
            }
            Err(SigError::NotPdf | SigError::Unparseable(_)) => {}
        }
    }
}

#[test]
fn broken_xref_falls_back_to_a_raw_scan() {
    let mut bytes = signed();
    let len = bytes.len();
    for pos in 0..len - 8 {
        if &bytes[pos..pos + 9] == b"startxref" {
            bytes[pos..pos + 9].copy_from_slice(b"startXXXX");
        }
    }
    for pos in 0..len - 4 {
        if &bytes[pos..pos + 4] == b"xref" {
            bytes[pos..pos + 4].copy_from_slice(b"XXXX");
        }
    }
    let report = read_signatures(&bytes).unwrap();
    assert_eq!(
        report.signatures.len(),
        1,
        "found by scanning for /ByteRange"
    );
    assert_eq!(report.signatures[0].signer, "VĂN PHÒNG CHÍNH PHỦ");
}

#[test]
fn flipped_bytes_around_the_signature_dictionary() {
    let base = signed();
    let start = byte_range_at(&base).saturating_sub(400);
    for pos in (start..start + 800).step_by(7) {
        let mut bytes = base.clone();
        bytes[pos] = bytes[pos].wrapping_add(0x41);
        let _ = read_signatures(&bytes);
    }
}

#[test]
fn bad_fixtures_do_not_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/bad");
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut read = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "pdf") {
            if let Err(e) = read_signatures(&std::fs::read(&path).unwrap()) {
                assert!(!e.to_string().is_empty(), "{}", path.display());
            }
            read += 1;
        }
    }
    assert!(read >= 5, "only {read} PDFs in {}", dir.display());
}
