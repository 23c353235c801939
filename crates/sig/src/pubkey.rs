//! Signature values: RSA PKCS #1 v1.5, RSASSA-PSS and ECDSA over P-256 or
//! P-384, checked with the signer certificate's public key.

use der::asn1::ObjectIdentifier;
use der::{Decode, Encode};
use rsa::pkcs1::RsaPssParams;
use rsa::pkcs8::DecodePublicKey;
use rsa::{Pkcs1v15Sign, Pss, RsaPublicKey};
use signature::hazmat::PrehashVerifier;
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};

use crate::digest::HashAlg;

const RSA: &str = "1.2.840.113549.1.1.1";
const RSA_PSS: &str = "1.2.840.113549.1.1.10";
const EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
const P256: &str = "1.2.840.10045.3.1.7";
const P384: &str = "1.3.132.0.34";

/// How a signature algorithm OID signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scheme {
    Pkcs1(Option<HashAlg>),
    Pss,
    Ecdsa(Option<HashAlg>),
}

/// The scheme (and, when the OID fixes one, the hash) of a signature OID.
fn scheme_of(oid: &ObjectIdentifier) -> Option<Scheme> {
    use HashAlg::*;
    Some(match oid.to_string().as_str() {
        RSA => Scheme::Pkcs1(None),
        "1.2.840.113549.1.1.5" | "1.3.14.3.2.29" => Scheme::Pkcs1(Some(Sha1)),
        "1.2.840.113549.1.1.14" => Scheme::Pkcs1(Some(Sha224)),
        "1.2.840.113549.1.1.11" => Scheme::Pkcs1(Some(Sha256)),
        "1.2.840.113549.1.1.12" => Scheme::Pkcs1(Some(Sha384)),
        "1.2.840.113549.1.1.13" => Scheme::Pkcs1(Some(Sha512)),
        RSA_PSS => Scheme::Pss,
        EC_PUBLIC_KEY => Scheme::Ecdsa(None),
        "1.2.840.10045.4.1" => Scheme::Ecdsa(Some(Sha1)),
        "1.2.840.10045.4.3.1" => Scheme::Ecdsa(Some(Sha224)),
        "1.2.840.10045.4.3.2" => Scheme::Ecdsa(Some(Sha256)),
        "1.2.840.10045.4.3.3" => Scheme::Ecdsa(Some(Sha384)),
        "1.2.840.10045.4.3.4" => Scheme::Ecdsa(Some(Sha512)),
        _ => return None,
    })
}

/// Verifies `sig` over the concatenation of `message` with the key in
/// `spki`. `Err` means the algorithm is unsupported (or the key unreadable);
/// `Ok(false)` means the signature is wrong.
pub fn verify(
    spki: &SubjectPublicKeyInfoOwned,
    sig_alg: &AlgorithmIdentifierOwned,
    digest_alg: HashAlg,
    message: &[&[u8]],
    sig: &[u8],
) -> Result<bool, String> {
    let scheme = scheme_of(&sig_alg.oid)
        .ok_or_else(|| format!("unsupported signature algorithm {}", sig_alg.oid))?;
    match scheme {
        Scheme::Pkcs1(hash) => {
            let hash = hash.unwrap_or(digest_alg);
            let key = rsa_key(spki)?;
            Ok(key
                .verify(pkcs1_padding(hash), &hash.digest(message), sig)
                .is_ok())
        }
        Scheme::Pss => {
            let (hash, salt) = pss_params(sig_alg)?;
            let key = rsa_key(spki)?;
            Ok(key
                .verify(pss_padding(hash, salt), &hash.digest(message), sig)
                .is_ok())
        }
        Scheme::Ecdsa(hash) => {
            let hash = hash.unwrap_or(digest_alg);
            verify_ecdsa(spki, &hash.digest(message), sig)
        }
    }
}

/// The RSA public key of `spki`.
fn rsa_key(spki: &SubjectPublicKeyInfoOwned) -> Result<RsaPublicKey, String> {
    let oid = spki.algorithm.oid.to_string();
    if oid != RSA && oid != RSA_PSS {
        return Err(format!("RSA signature but the certificate key is {oid}"));
    }
    let der = spki.to_der().map_err(|e| e.to_string())?;
    RsaPublicKey::from_public_key_der(&der).map_err(|e| format!("unreadable RSA key: {e}"))
}

fn pkcs1_padding(hash: HashAlg) -> Pkcs1v15Sign {
    match hash {
        HashAlg::Sha1 => Pkcs1v15Sign::new::<sha1::Sha1>(),
        HashAlg::Sha224 => Pkcs1v15Sign::new::<sha2::Sha224>(),
        HashAlg::Sha256 => Pkcs1v15Sign::new::<sha2::Sha256>(),
        HashAlg::Sha384 => Pkcs1v15Sign::new::<sha2::Sha384>(),
        HashAlg::Sha512 => Pkcs1v15Sign::new::<sha2::Sha512>(),
    }
}

fn pss_padding(hash: HashAlg, salt: usize) -> Pss {
    match hash {
        HashAlg::Sha1 => Pss::new_with_salt::<sha1::Sha1>(salt),
        HashAlg::Sha224 => Pss::new_with_salt::<sha2::Sha224>(salt),
        HashAlg::Sha256 => Pss::new_with_salt::<sha2::Sha256>(salt),
        HashAlg::Sha384 => Pss::new_with_salt::<sha2::Sha384>(salt),
        HashAlg::Sha512 => Pss::new_with_salt::<sha2::Sha512>(salt),
    }
}

/// Hash and salt length of RSASSA-PSS parameters (RFC 4055 defaults when absent).
fn pss_params(alg: &AlgorithmIdentifierOwned) -> Result<(HashAlg, usize), String> {
    let Some(params) = &alg.parameters else {
        return Ok((HashAlg::Sha1, 20));
    };
    let der = params.to_der().map_err(|e| e.to_string())?;
    let params =
        RsaPssParams::from_der(&der).map_err(|e| format!("bad RSASSA-PSS parameters: {e}"))?;
    let hash = HashAlg::from_oid(&params.hash.oid)
        .ok_or_else(|| format!("unsupported PSS hash {}", params.hash.oid))?;
    let mgf_hash = params
        .mask_gen
        .parameters
        .as_ref()
        .and_then(|p| HashAlg::from_oid(&p.oid))
        .unwrap_or(HashAlg::Sha1);
    if mgf_hash != hash {
        return Err(
            "RSASSA-PSS with an MGF1 hash different from the message hash is unsupported".into(),
        );
    }
    Ok((hash, usize::from(params.salt_len)))
}

/// ECDSA over P-256 or P-384 with a DER (or raw r‖s) signature.
fn verify_ecdsa(
    spki: &SubjectPublicKeyInfoOwned,
    prehash: &[u8],
    sig: &[u8],
) -> Result<bool, String> {
    let curve = spki
        .algorithm
        .parameters
        .as_ref()
        .and_then(|p| p.decode_as::<ObjectIdentifier>().ok())
        .map(|oid| oid.to_string())
        .unwrap_or_default();
    let point = spki.subject_public_key.raw_bytes();
    match curve.as_str() {
        P256 => {
            let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(point)
                .map_err(|e| format!("bad P-256 key: {e}"))?;
            let sig = p256::ecdsa::Signature::from_der(sig)
                .or_else(|_| p256::ecdsa::Signature::from_slice(sig));
            Ok(sig.is_ok_and(|s| key.verify_prehash(prehash, &s).is_ok()))
        }
        P384 => {
            let key = p384::ecdsa::VerifyingKey::from_sec1_bytes(point)
                .map_err(|e| format!("bad P-384 key: {e}"))?;
            let sig = p384::ecdsa::Signature::from_der(sig)
                .or_else(|_| p384::ecdsa::Signature::from_slice(sig));
            Ok(sig.is_ok_and(|s| key.verify_prehash(prehash, &s).is_ok()))
        }
        other => Err(format!("unsupported elliptic curve {other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_signature_oids() {
        let oid = |s| ObjectIdentifier::new_unwrap(s);
        assert_eq!(
            scheme_of(&oid("1.2.840.113549.1.1.11")),
            Some(Scheme::Pkcs1(Some(HashAlg::Sha256)))
        );
        assert_eq!(
            scheme_of(&oid("1.2.840.10045.4.3.3")),
            Some(Scheme::Ecdsa(Some(HashAlg::Sha384)))
        );
        assert_eq!(scheme_of(&oid("1.2.840.113549.1.1.10")), Some(Scheme::Pss));
        assert_eq!(scheme_of(&oid("1.2.840.113549.1.1.4")), None);
    }

    #[test]
    fn pss_defaults_without_parameters() {
        let alg = AlgorithmIdentifierOwned {
            oid: ObjectIdentifier::new_unwrap(RSA_PSS),
            parameters: None,
        };
        assert_eq!(pss_params(&alg), Ok((HashAlg::Sha1, 20)));
    }
}
