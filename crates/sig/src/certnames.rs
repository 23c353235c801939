//! Signer identity from an X.509 certificate: common name, e-mail and
//! organisation, decoding the directory string types VGCA certificates use
//! (UTF8String, PrintableString, BMPString, …).

use der::asn1::{Any, ObjectIdentifier};
use der::{Decode, Tag, Tagged};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::SubjectAltName;
use x509_cert::Certificate;

const CN: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");
const LOCALITY: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.7");
const ORGANIZATION: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.10");
const ORG_UNIT: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.11");
const EMAIL: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.1");
const SUBJECT_ALT_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.17");

/// Who a certificate names as its subject.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    /// Subject common name (CN).
    pub common_name: String,
    /// Subject emailAddress, else the first SAN rfc822Name.
    pub email: String,
    /// Subject O, else OU, else L.
    pub organization: String,
}

/// Reads the subject names of `cert`.
pub fn from_cert(cert: &Certificate) -> Names {
    let subject = |oid| subject_attr(cert, oid);
    let email = subject(EMAIL)
        .or_else(|| san_email(cert))
        .unwrap_or_default();
    let organization = subject(ORGANIZATION)
        .or_else(|| subject(ORG_UNIT))
        .or_else(|| subject(LOCALITY))
        .unwrap_or_default();
    Names {
        common_name: subject(CN).unwrap_or_default(),
        email,
        organization,
    }
}

/// The first subject attribute of type `oid`, decoded as text.
fn subject_attr(cert: &Certificate, oid: ObjectIdentifier) -> Option<String> {
    cert.tbs_certificate
        .subject
        .0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .filter(|atv| atv.oid == oid)
        .find_map(|atv| directory_string(&atv.value))
}

/// The first rfc822Name of the subjectAltName extension.
fn san_email(cert: &Certificate) -> Option<String> {
    let ext = cert
        .tbs_certificate
        .extensions
        .as_ref()?
        .iter()
        .find(|e| e.extn_id == SUBJECT_ALT_NAME)?;
    let san = SubjectAltName::from_der(ext.extn_value.as_bytes()).ok()?;
    san.0.into_iter().find_map(|name| match name {
        GeneralName::Rfc822Name(mail) => Some(mail.to_string()),
        _ => None,
    })
}

/// Decodes an X.520 DirectoryString (or IA5String for e-mail) to text.
pub fn directory_string(value: &Any) -> Option<String> {
    let bytes = value.value();
    let text = match value.tag() {
        Tag::Utf8String | Tag::PrintableString | Tag::Ia5String | Tag::VisibleString => {
            String::from_utf8_lossy(bytes).into_owned()
        }
        Tag::BmpString => {
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        Tag::TeletexString => bytes.iter().map(|&b| char::from(b)).collect(),
        _ => return None,
    };
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn any(tag: Tag, bytes: &[u8]) -> Any {
        Any::new(tag, bytes).unwrap()
    }

    #[test]
    fn decodes_string_types() {
        let utf8 = "Nguyễn Minh".as_bytes();
        assert_eq!(
            directory_string(&any(Tag::Utf8String, utf8)).unwrap(),
            "Nguyễn Minh"
        );
        let bmp: Vec<u8> = "Đỗ".encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(directory_string(&any(Tag::BmpString, &bmp)).unwrap(), "Đỗ");
        assert_eq!(
            directory_string(&any(Tag::PrintableString, b"VN")).unwrap(),
            "VN"
        );
        assert_eq!(
            directory_string(&any(Tag::TeletexString, b"caf\xe9")).unwrap(),
            "café"
        );
        assert!(directory_string(&any(Tag::Integer, b"\x01")).is_none());
    }
}
