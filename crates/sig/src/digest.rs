//! Digest algorithms a CMS signature may name.

use der::asn1::ObjectIdentifier;
use sha1::Sha1;
use sha2::{Digest, Sha224, Sha256, Sha384, Sha512};

/// A supported message digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashAlg {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl HashAlg {
    /// The algorithm for a digest OID.
    pub fn from_oid(oid: &ObjectIdentifier) -> Option<HashAlg> {
        Some(match oid.to_string().as_str() {
            "1.3.14.3.2.26" => HashAlg::Sha1,
            "2.16.840.1.101.3.4.2.4" => HashAlg::Sha224,
            "2.16.840.1.101.3.4.2.1" => HashAlg::Sha256,
            "2.16.840.1.101.3.4.2.2" => HashAlg::Sha384,
            "2.16.840.1.101.3.4.2.3" => HashAlg::Sha512,
            _ => return None,
        })
    }

    /// Display name, as pdfsig prints it.
    pub fn name(self) -> &'static str {
        match self {
            HashAlg::Sha1 => "SHA-1",
            HashAlg::Sha224 => "SHA-224",
            HashAlg::Sha256 => "SHA-256",
            HashAlg::Sha384 => "SHA-384",
            HashAlg::Sha512 => "SHA-512",
        }
    }

    /// Digest of the concatenation of `parts`.
    pub fn digest(self, parts: &[&[u8]]) -> Vec<u8> {
        fn run<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
            let mut d = D::new();
            for p in parts {
                d.update(p);
            }
            d.finalize().to_vec()
        }
        match self {
            HashAlg::Sha1 => run::<Sha1>(parts),
            HashAlg::Sha224 => run::<Sha224>(parts),
            HashAlg::Sha256 => run::<Sha256>(parts),
            HashAlg::Sha384 => run::<Sha384>(parts),
            HashAlg::Sha512 => run::<Sha512>(parts),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_split_input_like_whole_input() {
        let whole = HashAlg::Sha256.digest(&[b"abcdef"]);
        assert_eq!(whole, HashAlg::Sha256.digest(&[b"abc", b"def"]));
        assert_eq!(HashAlg::Sha1.digest(&[b""]).len(), 20);
        assert_eq!(HashAlg::Sha512.digest(&[]).len(), 64);
    }

    #[test]
    fn maps_oids() {
        let oid = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
        assert_eq!(HashAlg::from_oid(&oid), Some(HashAlg::Sha256));
        let md5 = ObjectIdentifier::new_unwrap("1.2.840.113549.2.5");
        assert_eq!(HashAlg::from_oid(&md5), None);
    }
}
