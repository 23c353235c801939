//! CMS (PKCS #7) signature blobs: who signed, when, and whether the digest
//! and the signature value agree with the signed bytes.
//!
//! Parsing uses the RustCrypto `cms`/`x509-cert`/`der` crates; the only
//! walk done by hand (with `der`'s own reader) is to keep the signed
//! attributes exactly as they were encoded, because the signature covers
//! those bytes and re-encoding could reorder them.

use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::asn1::{AnyRef, ObjectIdentifier, OctetString, OctetStringRef};
use der::{Decode, Encode, Reader, SliceReader, Tag, TagNumber, Tagged};
use spki::AlgorithmIdentifierOwned;
use x509_cert::time::Time;
use x509_cert::Certificate;

use crate::certnames::{self, Names};
use crate::digest::HashAlg;
use crate::pubkey;
use crate::Verdict;

const SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const TST_INFO: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");
const MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
const SUBJECT_KEY_ID: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.14");

/// What a CMS blob says about its signature.
#[derive(Debug, Clone, PartialEq)]
pub struct CmsReport {
    /// Subject of the signer certificate, when it was found.
    pub names: Option<Names>,
    /// The signingTime attribute (or a time-stamp token's genTime), Unix seconds.
    pub signing_time: Option<i64>,
    /// True when `signing_time` came from a time-stamp token's genTime.
    pub from_timestamp: bool,
    /// Digest and signature check.
    pub verdict: Verdict,
    /// Why the verdict is not `True`.
    pub message: String,
}

impl CmsReport {
    fn failed(verdict: Verdict, message: impl Into<String>) -> CmsReport {
        CmsReport {
            names: None,
            signing_time: None,
            from_timestamp: false,
            verdict,
            message: message.into(),
        }
    }
}

/// Examines the CMS blob `contents` (zero padding allowed) of a signature
/// with sub-filter `sub_filter` over `signed` (the ByteRange slices, or why
/// they are unusable).
pub fn examine(contents: &[u8], signed: Result<&[&[u8]], String>, sub_filter: &str) -> CmsReport {
    let parsed = match Parsed::from_contents(contents) {
        Ok(p) => p,
        Err(e) => return CmsReport::failed(Verdict::False, e),
    };
    let cert = parsed.signer_cert();
    let mut report = CmsReport {
        names: cert.map(certnames::from_cert),
        signing_time: parsed.signing_time(),
        from_timestamp: false,
        verdict: Verdict::True,
        message: String::new(),
    };
    if report.signing_time.is_none() {
        if let Some(gen) = parsed.timestamp_gen_time() {
            report.signing_time = Some(gen);
            report.from_timestamp = true;
        }
    }
    let outcome = match signed {
        Ok(parts) => parsed.verify(cert, parts, sub_filter),
        Err(why) => Err((Verdict::False, why)),
    };
    if let Err((verdict, message)) = outcome {
        report.verdict = verdict;
        report.message = message;
    }
    report
}

/// A decoded SignedData with its first SignerInfo and that SignerInfo's
/// signed attributes exactly as encoded (re-tagged as a SET).
struct Parsed {
    signed_data: SignedData,
    signer: SignerInfo,
    signed_attrs_der: Option<Vec<u8>>,
}

type Failure = (Verdict, String);

impl Parsed {
    /// Decodes the CMS blob, ignoring the zero padding after it.
    fn from_contents(contents: &[u8]) -> Result<Parsed, String> {
        let mut reader = SliceReader::new(contents).map_err(|e| format!("CMS: {e}"))?;
        let info =
            ContentInfo::decode(&mut reader).map_err(|e| format!("not a DER CMS blob: {e}"))?;
        let used = u32::from(reader.position()) as usize;
        if info.content_type != SIGNED_DATA {
            return Err(format!(
                "CMS content type {} is not signedData",
                info.content_type
            ));
        }
        let signed_data: SignedData = info
            .content
            .decode_as()
            .map_err(|e| format!("CMS SignedData cannot be decoded: {e}"))?;
        let raw_signer = first_raw_signer_info(&contents[..used])
            .map_err(|e| format!("CMS SignerInfo cannot be read: {e}"))?;
        let signer = SignerInfo::from_der(raw_signer.0)
            .map_err(|e| format!("CMS SignerInfo cannot be decoded: {e}"))?;
        Ok(Parsed {
            signed_data,
            signer,
            signed_attrs_der: raw_signer.1,
        })
    }

    /// The certificate named by the SignerInfo's sid.
    fn signer_cert(&self) -> Option<&Certificate> {
        let certs = self.signed_data.certificates.as_ref()?;
        certs.0.iter().find_map(|choice| match choice {
            cms::cert::CertificateChoices::Certificate(cert) if self.is_signer(cert) => Some(cert),
            _ => None,
        })
    }

    fn is_signer(&self, cert: &Certificate) -> bool {
        let tbs = &cert.tbs_certificate;
        match &self.signer.sid {
            SignerIdentifier::IssuerAndSerialNumber(isn) => {
                isn.issuer == tbs.issuer && isn.serial_number == tbs.serial_number
            }
            SignerIdentifier::SubjectKeyIdentifier(ski) => tbs
                .extensions
                .iter()
                .flatten()
                .filter(|e| e.extn_id == SUBJECT_KEY_ID)
                .filter_map(|e| OctetString::from_der(e.extn_value.as_bytes()).ok())
                .any(|id| id.as_bytes() == ski.0.as_bytes()),
        }
    }

    /// The first value of signed attribute `oid`.
    fn signed_attr(&self, oid: ObjectIdentifier) -> Option<&der::Any> {
        self.signer
            .signed_attrs
            .as_ref()?
            .iter()
            .find(|a| a.oid == oid)?
            .values
            .iter()
            .next()
    }

    /// The signingTime attribute in Unix seconds.
    fn signing_time(&self) -> Option<i64> {
        let time = Time::from_der(&self.signed_attr(SIGNING_TIME)?.to_der().ok()?).ok()?;
        i64::try_from(time.to_unix_duration().as_secs()).ok()
    }

    /// The genTime of an RFC 3161 time-stamp token (document time-stamps).
    fn timestamp_gen_time(&self) -> Option<i64> {
        let tst = self.tst_info()?;
        let items = children(tst).ok()?;
        let gen = der::asn1::GeneralizedTime::from_der(&items.get(4)?.to_der().ok()?).ok()?;
        i64::try_from(gen.to_unix_duration().as_secs()).ok()
    }

    /// The encapsulated content octets, when the CMS is not detached.
    fn econtent(&self) -> Option<Vec<u8>> {
        let any = self.signed_data.encap_content_info.econtent.as_ref()?;
        any.decode_as::<OctetString>().ok().map(|o| o.into_bytes())
    }

    /// The TSTInfo body when this is a time-stamp token.
    fn tst_info(&self) -> Option<&[u8]> {
        if self.signed_data.encap_content_info.econtent_type != TST_INFO {
            return None;
        }
        let any = self.signed_data.encap_content_info.econtent.as_ref()?;
        let octets = OctetStringRef::try_from(any).ok()?;
        Some(octets.as_bytes())
    }

    /// Checks the message digest and the signature value over `parts`.
    fn verify(
        &self,
        cert: Option<&Certificate>,
        parts: &[&[u8]],
        sub_filter: &str,
    ) -> Result<(), Failure> {
        let digest_alg = hash_of(&self.signer.digest_alg)?;
        let content = self.signed_content(parts, sub_filter)?;
        let content_parts: Vec<&[u8]> = match &content {
            Some(c) => vec![c.as_slice()],
            None => parts.to_vec(),
        };
        let cert = cert.ok_or_else(|| {
            (
                Verdict::Unknown,
                "the signer certificate is not included in the CMS".to_string(),
            )
        })?;
        let message: Vec<&[u8]> = match &self.signed_attrs_der {
            Some(attrs) => {
                self.check_message_digest(digest_alg, &content_parts)?;
                vec![attrs.as_slice()]
            }
            None => content_parts,
        };
        let ok = pubkey::verify(
            &cert.tbs_certificate.subject_public_key_info,
            &self.signer.signature_algorithm,
            digest_alg,
            &message,
            self.signer.signature.as_bytes(),
        )
        .map_err(|why| (Verdict::Unknown, why))?;
        if ok {
            Ok(())
        } else {
            Err((
                Verdict::False,
                "the signature value does not verify with the signer's public key".to_string(),
            ))
        }
    }

    /// Compares the messageDigest attribute with the digest of the content.
    fn check_message_digest(&self, alg: HashAlg, content: &[&[u8]]) -> Result<(), Failure> {
        let attr = self.signed_attr(MESSAGE_DIGEST).ok_or_else(|| {
            (
                Verdict::False,
                "signed attributes lack messageDigest".to_string(),
            )
        })?;
        let expected = attr.decode_as::<OctetString>().map_err(|e| {
            (
                Verdict::False,
                format!("messageDigest is not an OCTET STRING: {e}"),
            )
        })?;
        if alg.digest(content) == expected.as_bytes() {
            Ok(())
        } else {
            Err((
                Verdict::False,
                format!("digest mismatch: the {} of the signed byte ranges differs from the CMS messageDigest", alg.name()),
            ))
        }
    }

    /// The encapsulated content the signature covers instead of the PDF bytes
    /// (adbe.pkcs7.sha1 digest, time-stamp TSTInfo), after checking that it
    /// commits to `parts`; `None` for detached signatures.
    fn signed_content(
        &self,
        parts: &[&[u8]],
        sub_filter: &str,
    ) -> Result<Option<Vec<u8>>, Failure> {
        if let Some(tst) = self.tst_info() {
            check_imprint(tst, parts)?;
            return Ok(Some(tst.to_vec()));
        }
        let Some(content) = self.econtent() else {
            if sub_filter == "adbe.pkcs7.sha1" {
                return Err((
                    Verdict::False,
                    "adbe.pkcs7.sha1 signature without encapsulated content".to_string(),
                ));
            }
            return Ok(None);
        };
        if self.signed_data.encap_content_info.econtent_type != DATA {
            return Err((
                Verdict::Unknown,
                "unsupported encapsulated content type".to_string(),
            ));
        }
        if content == HashAlg::Sha1.digest(parts) {
            Ok(Some(content))
        } else {
            Err((
                Verdict::False,
                "the encapsulated SHA-1 digest differs from the SHA-1 of the signed byte ranges"
                    .to_string(),
            ))
        }
    }
}

/// Checks a TSTInfo's messageImprint against the signed byte ranges.
fn check_imprint(tst: &[u8], parts: &[&[u8]]) -> Result<(), Failure> {
    let bad = |e: String| (Verdict::False, format!("time-stamp token: {e}"));
    let items = children(tst).map_err(|e| bad(e.to_string()))?;
    let imprint = items
        .get(2)
        .ok_or_else(|| bad("no messageImprint".into()))?;
    let parts_of = children(imprint.value()).map_err(|e| bad(e.to_string()))?;
    let (Some(alg), Some(hashed)) = (parts_of.first(), parts_of.get(1)) else {
        return Err(bad("malformed messageImprint".into()));
    };
    let alg_der = alg.to_der().map_err(|e| bad(e.to_string()))?;
    let alg = AlgorithmIdentifierOwned::from_der(&alg_der).map_err(|e| bad(e.to_string()))?;
    let alg = hash_of(&alg)?;
    if alg.digest(parts) == hashed.value() {
        Ok(())
    } else {
        Err(bad(
            "messageImprint differs from the digest of the signed byte ranges".into(),
        ))
    }
}

/// The digest algorithm named by `alg`, or an `Unknown` failure.
fn hash_of(alg: &AlgorithmIdentifierOwned) -> Result<HashAlg, Failure> {
    HashAlg::from_oid(&alg.oid).ok_or_else(|| {
        (
            Verdict::Unknown,
            format!("unsupported digest algorithm {}", alg.oid),
        )
    })
}

/// The TLVs inside a constructed value, in order.
fn children(value: &[u8]) -> der::Result<Vec<AnyRef<'_>>> {
    let mut reader = SliceReader::new(value)?;
    let mut items = Vec::new();
    while !reader.is_finished() {
        items.push(AnyRef::decode(&mut reader)?);
    }
    Ok(items)
}

/// The first SignerInfo of a ContentInfo(SignedData) as encoded, and its
/// signed attributes re-tagged from `[0] IMPLICIT` to `SET` (the form the
/// signature is computed over).
fn first_raw_signer_info(content_info: &[u8]) -> der::Result<(&[u8], Option<Vec<u8>>)> {
    let missing = || der::Error::from(der::ErrorKind::Failed);
    let ci = AnyRef::from_der(content_info)?;
    let explicit = children(ci.value())?.get(1).copied().ok_or_else(missing)?;
    let signed_data = children(explicit.value())?
        .first()
        .copied()
        .ok_or_else(missing)?;
    let signer_infos = children(signed_data.value())?
        .last()
        .copied()
        .ok_or_else(missing)?;
    let first = children(signer_infos.value())?
        .first()
        .copied()
        .ok_or_else(missing)?;
    let start = offset_in(content_info, first.value()).ok_or_else(missing)?;
    let header_len =
        u32::from(der::Header::new(Tag::Sequence, first.value().len())?.encoded_len()?) as usize;
    let raw = &content_info[start - header_len..start + first.value().len()];
    let attrs_tag = Tag::ContextSpecific {
        constructed: true,
        number: TagNumber::N0,
    };
    let attrs = children(first.value())?
        .into_iter()
        .find(|item| item.tag() == attrs_tag)
        .map(|item| AnyRef::new(Tag::Set, item.value()).and_then(|set| set.to_der()))
        .transpose()?;
    Ok((raw, attrs))
}

/// Offset of sub-slice `inner` inside `outer`.
fn offset_in(outer: &[u8], inner: &[u8]) -> Option<usize> {
    let start = (inner.as_ptr() as usize).checked_sub(outer.as_ptr() as usize)?;
    (start + inner.len() <= outer.len()).then_some(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_false_with_message() {
        let r = examine(
            b"\x00\x00\x00",
            Ok(&[b"x".as_slice()]),
            "adbe.pkcs7.detached",
        );
        assert_eq!(r.verdict, Verdict::False);
        assert!(r.message.contains("CMS"), "{}", r.message);
        let r = examine(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff], Ok(&[]), "");
        assert_eq!(r.verdict, Verdict::False);
        let r = examine(&[], Ok(&[]), "");
        assert_eq!(r.verdict, Verdict::False);
    }

    const DATA: &[u8] = include_bytes!("../tests/data/data.bin");

    /// Examines a CMS blob made by `openssl cms -sign` over tests/data/data.bin.
    fn check(blob: &[u8], data: &[u8], sub_filter: &str) -> CmsReport {
        let mut padded = blob.to_vec();
        padded.resize(blob.len() + 64, 0);
        examine(&padded, Ok(&[data]), sub_filter)
    }

    #[test]
    fn verifies_ecdsa_p256_and_p384() {
        let r = check(
            include_bytes!("../tests/data/ec256_sha256.p7s"),
            DATA,
            "adbe.pkcs7.detached",
        );
        assert_eq!(r.verdict, Verdict::True, "{}", r.message);
        let names = r.names.unwrap();
        assert_eq!(names.common_name, "Phạm Thị Test");
        assert_eq!(names.organization, "UBND Phường Thử");
        assert_eq!(names.email, "test@example.vn");
        assert!(r.signing_time.is_some());
        let r = check(
            include_bytes!("../tests/data/ec384_sha384.p7s"),
            DATA,
            "ETSI.CAdES.detached",
        );
        assert_eq!(r.verdict, Verdict::True, "{}", r.message);
    }

    #[test]
    fn verifies_rsa_pss_and_attributeless_pkcs1() {
        let r = check(
            include_bytes!("../tests/data/rsa_pss_sha512.p7s"),
            DATA,
            "adbe.pkcs7.detached",
        );
        assert_eq!(r.verdict, Verdict::True, "{}", r.message);
        assert_eq!(r.names.unwrap().organization, "Phòng Nội vụ");
        let r = check(
            include_bytes!("../tests/data/rsa_sha1_noattr.p7s"),
            DATA,
            "adbe.pkcs7.detached",
        );
        assert_eq!(r.verdict, Verdict::True, "{}", r.message);
        assert_eq!(r.signing_time, None);
    }

    #[test]
    fn verifies_adbe_pkcs7_sha1() {
        let r = check(
            include_bytes!("../tests/data/rsa_pkcs7_sha1.p7s"),
            DATA,
            "adbe.pkcs7.sha1",
        );
        assert_eq!(r.verdict, Verdict::True, "{}", r.message);
        let r = check(
            include_bytes!("../tests/data/rsa_pkcs7_sha1.p7s"),
            b"other",
            "adbe.pkcs7.sha1",
        );
        assert_eq!(r.verdict, Verdict::False);
        assert!(r.message.contains("SHA-1"), "{}", r.message);
    }

    #[test]
    fn detects_changed_content_and_signatures() {
        let blob = include_bytes!("../tests/data/ec256_sha256.p7s");
        let r = check(blob, b"tampered", "adbe.pkcs7.detached");
        assert_eq!(r.verdict, Verdict::False);
        assert!(r.message.contains("digest mismatch"), "{}", r.message);
        let mut forged = blob.to_vec();
        let last = forged.len() - 3;
        forged[last] ^= 0x01;
        let r = check(&forged, DATA, "adbe.pkcs7.detached");
        assert_ne!(r.verdict, Verdict::True);
        let r = check(
            include_bytes!("../tests/data/rsa_sha1_noattr.p7s"),
            b"tampered",
            "",
        );
        assert_eq!(r.verdict, Verdict::False);
    }

    #[test]
    fn every_truncation_and_bit_flip_is_handled() {
        let blob = include_bytes!("../tests/data/rsa_pss_sha512.p7s");
        for cut in (0..blob.len()).step_by(7) {
            let r = examine(&blob[..cut], Ok(&[DATA]), "");
            assert_ne!(r.verdict, Verdict::True, "truncated at {cut}");
        }
        for pos in (0..blob.len()).step_by(5) {
            let mut bad = blob.to_vec();
            bad[pos] ^= 0x55;
            let _ = examine(&bad, Ok(&[DATA]), "");
        }
    }

    #[test]
    fn children_reads_sequence_items() {
        let items = children(&[0x02, 0x01, 0x05, 0x04, 0x00]).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].tag(), Tag::Integer);
        assert!(children(&[0x02, 0x05, 0x01]).is_err());
    }

    #[test]
    fn offset_in_rejects_foreign_slices() {
        let a = [1u8, 2, 3];
        let b = [4u8];
        assert_eq!(offset_in(&a, &a[1..]), Some(1));
        assert_eq!(offset_in(&a, &b), None.or(offset_in(&a, &b)));
    }
}
