"""Incremental CMS signing with pyHanko at a fixed, recorded signing time."""
import io
from datetime import datetime, timedelta, timezone

from asn1crypto import keys as asn1_keys, x509 as asn1_x509
from cryptography.hazmat.primitives import serialization

TZ = timezone(timedelta(hours=7))
FONT = "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"

_FIXED = [None]


class _FixedDatetime(datetime):
    """datetime whose now() returns the signing time we want (pyHanko calls now())."""

    @classmethod
    def now(cls, tz=None):
        t = _FIXED[0]
        if t is None:
            return datetime.now(tz)
        # always the planned local time (+07:00), whatever zone pyHanko asks for
        return t


def _patch():
    import pyhanko.sign.signers.pdf_signer as a
    import pyhanko.sign.signers.pdf_cms as b
    import pyhanko.stamp.text as c
    import pyhanko.pdf_utils.metadata.info as d
    import pyhanko.pdf_utils.metadata.xmp_xml as e
    for m in (a, b, c, d, e):
        m.datetime = _FixedDatetime


_patch()

from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory  # noqa: E402
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: E402
from pyhanko.pdf_utils.text import TextBoxStyle  # noqa: E402
from pyhanko.sign import fields, signers  # noqa: E402
from pyhanko.stamp import TextStampStyle  # noqa: E402
from pyhanko_certvalidator.registry import SimpleCertificateStore  # noqa: E402


def _asn1(key, cert, ca_cert):
    kb = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                           serialization.NoEncryption())
    return (asn1_keys.PrivateKeyInfo.load(kb),
            asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
            asn1_x509.Certificate.load(ca_cert.public_bytes(serialization.Encoding.DER)))


STAMP_TEXT = ("%(issuer)s\n%(ts)s\n%(org)s\n%(signer)s<%(email)s> đã ký lên văn bản này!")


def sign_pdf(data, *, key, cert, ca_cert, field, when, cn, email, org, box, page=-1):
    """Append one signature revision to PDF bytes `data`; return new bytes."""
    _FIXED[0] = when
    try:
        k, c, cac = _asn1(key, cert, ca_cert)
        signer = signers.SimpleSigner(signing_cert=c, signing_key=k,
                                      cert_registry=SimpleCertificateStore.from_certs([cac]))
        meta = signers.PdfSignatureMetadata(
            field_name=field, md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.ADOBE_PKCS7_DETACHED)
        style = TextStampStyle(
            stamp_text=STAMP_TEXT,
            text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(FONT, font_size=6)),
            border_width=1, timestamp_format="%Y-%m-%dT%H:%M:%S%z")
        pdf_signer = signers.PdfSigner(
            meta, signer, stamp_style=style,
            new_field_spec=fields.SigFieldSpec(field, box=box, on_page=page))
        w = IncrementalPdfFileWriter(io.BytesIO(data))
        out = pdf_signer.sign_pdf(w, appearance_text_params={
            "email": email, "org": org, "signer": cn,
            "issuer": "baocao test CA - chứng thư số thử nghiệm, không có giá trị pháp lý"})
        return out.getvalue()
    finally:
        _FIXED[0] = None
