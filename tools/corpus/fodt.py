"""Write a report (list of blocks) as a Flat ODT document for LibreOffice.

Blocks (tuples):
  ("letterhead", left_lines, right_lines)   two-column borderless table
  ("title", [lines])                        centred bold title
  ("h", level, text)                        numbered heading (A./I./1./a)), level 1..4
  ("p", text)                               justified body paragraph, first-line indent
  ("dash", text)                            "- ..." paragraph (same style as body)
  ("sign", recipients_lines, right_lines)   "Nơi nhận:" + signature block table
The numbering is part of the heading text (as in real reports typed by hand).
"""
from xml.sax.saxutils import escape

FONT = "Liberation Serif"


def _text(s):
    """Escape text for ODF, keeping runs of spaces."""
    out = []
    for i, part in enumerate(s.split("  ")):
        if i:
            out.append('<text:s text:c="2"/>')
        out.append(escape(part))
    return "".join(out)


def _styles(size, header_pagenum, line_height="115%"):
    sz = f"{size}pt"
    small = f"{size - 1}pt"
    header = ""
    footer = ""
    field = ('<style:{tag}><text:p text:style-name="PageNum"><text:page-number text:select-page="current">1'
             '</text:page-number></text:p></style:{tag}>')
    if header_pagenum:
        header = field.format(tag="header")
    else:
        footer = field.format(tag="footer")
    return f"""
 <office:font-face-decls>
  <style:font-face style:name="{FONT}" svg:font-family="'{FONT}'" style:font-family-generic="roman" style:font-pitch="variable"/>
 </office:font-face-decls>
 <office:styles>
  <style:default-style style:family="paragraph">
   <style:paragraph-properties fo:hyphenation-ladder-count="no-limit" style:writing-mode="page"/>
   <style:text-properties style:font-name="{FONT}" fo:font-size="{sz}" fo:language="vi" fo:country="VN" fo:hyphenate="false"/>
  </style:default-style>
  <style:style style:name="Standard" style:family="paragraph">
   <style:text-properties style:font-name="{FONT}" fo:font-size="{sz}"/>
  </style:style>
  <style:style style:name="Body" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="justify" fo:text-indent="1.27cm" fo:margin-top="0cm" fo:margin-bottom="0.2cm" fo:line-height="{line_height}" fo:orphans="2" fo:widows="2"/>
  </style:style>
  <style:style style:name="H1" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center" fo:margin-top="0.25cm" fo:margin-bottom="0.2cm" fo:keep-with-next="always"/>
   <style:text-properties fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="H2" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="justify" fo:text-indent="1.27cm" fo:margin-top="0.15cm" fo:margin-bottom="0.15cm" fo:keep-with-next="always"/>
   <style:text-properties fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="H3" style:family="paragraph" style:parent-style-name="H2"/>
  <style:style style:name="H4" style:family="paragraph" style:parent-style-name="H2">
   <style:text-properties fo:font-weight="normal" fo:font-style="italic"/>
  </style:style>
  <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center" fo:margin-top="0cm" fo:margin-bottom="0cm" fo:keep-with-next="always"/>
   <style:text-properties fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="LH" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center" fo:margin-top="0cm" fo:margin-bottom="0cm"/>
   <style:text-properties fo:font-size="12pt"/>
  </style:style>
  <style:style style:name="LHB" style:family="paragraph" style:parent-style-name="LH">
   <style:text-properties fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="LHI" style:family="paragraph" style:parent-style-name="LH">
   <style:text-properties fo:font-style="italic"/>
  </style:style>
  <style:style style:name="Recip" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="start"/>
   <style:text-properties fo:font-size="11pt"/>
  </style:style>
  <style:style style:name="RecipH" style:family="paragraph" style:parent-style-name="Recip">
   <style:text-properties fo:font-size="12pt" fo:font-weight="bold" fo:font-style="italic"/>
  </style:style>
  <style:style style:name="PageNum" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center"/>
  </style:style>
 </office:styles>
 <office:automatic-styles>
  <style:page-layout style:name="pm1">
   <style:page-layout-properties fo:page-width="21.001cm" fo:page-height="29.7cm" style:print-orientation="portrait"
     fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="3cm" fo:margin-right="2cm"/>
   <style:header-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-bottom="0.3cm"/></style:header-style>
   <style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.3cm"/></style:footer-style>
  </style:page-layout>
  <style:style style:name="Tbl" style:family="table">
   <style:table-properties style:width="16cm" table:align="margins"/>
  </style:style>
  <style:style style:name="TblA" style:family="table-column"><style:table-column-properties style:column-width="6.2cm"/></style:style>
  <style:style style:name="TblB" style:family="table-column"><style:table-column-properties style:column-width="9.8cm"/></style:style>
  <style:style style:name="SigA" style:family="table-column"><style:table-column-properties style:column-width="8.5cm"/></style:style>
  <style:style style:name="SigB" style:family="table-column"><style:table-column-properties style:column-width="7.5cm"/></style:style>
  <style:style style:name="Cell" style:family="table-cell">
   <style:table-cell-properties fo:padding="0.05cm" fo:border="none"/>
  </style:style>
  <style:style style:name="PB" style:family="paragraph" style:parent-style-name="Body">
   <style:paragraph-properties fo:break-before="page"/>
  </style:style>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="pm1">{header}{footer}</style:master-page>
 </office:master-styles>"""


def _cell(lines):
    ps = "".join(f'<text:p text:style-name="{st}">{_text(t)}</text:p>' for st, t in lines)
    return f'<table:table-cell table:style-name="Cell" office:value-type="string">{ps}</table:table-cell>'


def _table(name, cola, colb, left, right):
    return (f'<table:table table:name="{name}" table:style-name="Tbl">'
            f'<table:table-column table:style-name="{cola}"/><table:table-column table:style-name="{colb}"/>'
            f'<table:table-row>{_cell(left)}{_cell(right)}</table:table-row></table:table>')


def render(blocks, size=14, header_pagenum=True, title_meta="", line_height="115%"):
    body = []
    ntab = 0
    for b in blocks:
        kind = b[0]
        if kind == "letterhead":
            ntab += 1
            body.append(_table(f"T{ntab}", "TblA", "TblB", b[1], b[2]))
            body.append('<text:p text:style-name="Standard"/>')
        elif kind == "title":
            for line in b[1]:
                body.append(f'<text:p text:style-name="Title">{_text(line)}</text:p>')
            body.append('<text:p text:style-name="Standard"/>')
        elif kind == "h":
            body.append(f'<text:p text:style-name="H{b[1]}">{_text(b[2])}</text:p>')
        elif kind in ("p", "dash"):
            body.append(f'<text:p text:style-name="Body">{_text(b[1])}</text:p>')
        elif kind == "pb":
            body.append(f'<text:p text:style-name="PB">{_text(b[1])}</text:p>')
        elif kind == "sign":
            ntab += 1
            body.append('<text:p text:style-name="Standard"/>')
            body.append(_table(f"T{ntab}", "SigA", "SigB", b[1], b[2]))
        else:
            raise ValueError(kind)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:meta><dc:title>{escape(title_meta)}</dc:title></office:meta>
{_styles(size, header_pagenum, line_height)}
 <office:body><office:text>
{chr(10).join(body)}
 </office:text></office:body>
</office:document>
"""
