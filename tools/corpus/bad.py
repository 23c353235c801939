"""Hostile input files for tests/fixtures/bad/ and their truth."""
import os
import shutil
import subprocess
import zlib


def _image_only_pdf(pgm_path):
    """A one-page A4 PDF whose only content is a grayscale raster (a 'scan', no text layer)."""
    with open(pgm_path, "rb") as f:
        raw = f.read()
    # binary PGM: P5\n<w> <h>\n255\n<data>
    parts = raw.split(b"\n", 3)
    w, h = map(int, parts[1].split())
    pix = parts[3]
    img = zlib.compress(pix, 9)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        (b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 "
         b"/Filter /FlateDecode /Length %d >>\nstream\n" % (w, h, len(img))) + img + b"\nendstream",
    ]
    content = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
    objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def _entry(file, status, pages=0, checks=()):
    return {"file": file, "status": status, "unit": "", "kind": "", "doc_number": "", "doc_date": "",
            "pages": pages, "encoding": "none", "superseded": False, "figures": [], "missing_sections": [],
            "signatures": [], "checks": [{"check": c, "severity": s, "subject": ""} for c, s in checks]}


def _truncated_entry(signed):
    """Cut at 55 %, the signed report keeps every page's objects and its first signature but not its
    cross-reference table: poppler and baocao (recover.rs) rebuild the table and read it whole
    (issue #12). `signed` is the source's truth entry; only the first signature is left, and it no
    longer matches (its byte range runs past the end)."""
    e = dict(signed, file="truncated.pdf")
    e["signatures"] = [dict(signed["signatures"][0], covers_whole_file=False, digest_ok=False)]
    e["checks"] = [c for c in signed["checks"] if c["check"] == "missing_section"] + [
        {"check": "signature_digest_mismatch", "severity": "error", "subject": ""},
        {"check": "modified_after_signing", "severity": "error", "subject": ""},
        {"check": "missing_unit_seal", "severity": "warning", "subject": ""}]
    return e


def build(bad_dir, build_dir, write_json, source_pdf, source_signed, source_fodt, signed_truth):
    """The hostile files and their truth: the status each gets from its text layer (`baocao run
    --no-ocr`); with OCR, scanned-image-only.pdf reads as the page it shows (tests/scans.rs)."""
    os.makedirs(bad_dir, exist_ok=True)
    for name in os.listdir(bad_dir):
        if name.endswith(".pdf") or name == "truth.json":
            os.remove(os.path.join(bad_dir, name))
    docs = []
    # 1. zero bytes
    open(os.path.join(bad_dir, "zero-bytes.pdf"), "wb").close()
    docs.append(_entry("zero-bytes.pdf", "corrupt"))
    # 2. not a PDF: a word-processor document saved with a .pdf name
    shutil.copyfile(source_fodt, os.path.join(bad_dir, "not-a-pdf-bao-cao.pdf"))
    docs.append(_entry("not-a-pdf-bao-cao.pdf", "not_pdf"))
    # 3. truncated: a signed report cut at 55 % (no xref, no trailer, its later revisions gone)
    with open(source_signed, "rb") as f:
        data = f.read()
    with open(os.path.join(bad_dir, "truncated.pdf"), "wb") as f:
        f.write(data[: len(data) * 55 // 100])
    docs.append(_truncated_entry(signed_truth))
    # 4. password-encrypted (user password "baocao", AES-256)
    subprocess.run(["qpdf", "--encrypt", "baocao", "baocao-owner", "256", "--", source_pdf,
                    os.path.join(bad_dir, "encrypted.pdf")], check=True)
    docs.append(_entry("encrypted.pdf", "encrypted"))
    # 5. image only: first page rasterised at 100 dpi, no text layer
    stem = os.path.join(build_dir, "scan")
    subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-r", "100", "-gray", "-singlefile", source_pdf, stem],
                   check=True)
    with open(os.path.join(bad_dir, "scanned-image-only.pdf"), "wb") as f:
        f.write(_image_only_pdf(stem + ".pgm"))
    docs.append(_entry("scanned-image-only.pdf", "no_text", 1, [("no_text_layer", "error")]))
    docs.sort(key=lambda e: e["file"])
    write_json(os.path.join(bad_dir, "truth.json"), {"schema": 1, "documents": docs, "batch_checks": []})
