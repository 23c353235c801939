"""Write a report (list of blocks) as a Flat ODT document for LibreOffice.

Blocks (tuples):
  ("letterhead", left_lines, right_lines)   two-column borderless table
  ("letterhead", [(left, right), …], opts)  the same with several rows (e.g. "Số:" | date in a row of
                                            their own) and opts {"widths": (cm, cm)}
  ("table", rows, widths_cm)                bordered table, first row bold (tables of results)
  ("title", [lines])                        centred bold title
  ("h", level, text)                        numbered heading (A./I./1./a)), level 1..4
  ("p", text)                               justified body paragraph, first-line indent
  ("dash", text)                            "- ..." paragraph (same style as body)
  ("sign", recipients_lines, right_lines)   "Nơi nhận:" + signature block table
The numbering is part of the heading text (as in real reports typed by hand). A "\n" in a text is a
line break inside the paragraph. A "p" or "h" block may end with a dict of options; "after" (cm)
adds that much space below the paragraph (used to move a page break into a chosen sentence).

Page layout (render's `pn` and `running`): the page number centred in the top margin on every page
("top") or from page 2 on as Decree 30/2020/NĐ-CP wants ("top_from2"), or at the bottom, centred
("bottom") or right ("bottom_right"); `running` = ("header"|"footer", text) adds a running line from
page 2 on in the other margin.
"""
from xml.sax.saxutils import escape

FONT = "Liberation Serif"


def _text(s):
    """Escape text for ODF, keeping runs of spaces; "\n" is a line break."""
    out = []
    for j, line in enumerate(s.split("\n")):
        if j:
            out.append("<text:line-break/>")
        for i, part in enumerate(line.split("  ")):
            if i:
                out.append('<text:s text:c="2"/>')
            out.append(escape(part))
    return "".join(out)


def _pn_field(align):
    return (f'<text:p text:style-name="{align}"><text:page-number text:select-page="current">1'
            '</text:page-number></text:p>')


def _masters(pn, running):
    """(master pages xml, name of the first page's master or None)."""
    top = pn in ("top", "top_from2")
    pnp = _pn_field("PageNumR" if pn == "bottom_right" else "PageNum")
    run = ""
    if running:
        run = f'<text:p text:style-name="Running">{_text(running[1])}</text:p>'
    header = pnp if top else ""
    footer = "" if top else pnp
    if running and running[0] == "header":
        header = run + header
    elif running:
        footer = footer + run
    std = (f'<style:master-page style:name="Standard" style:page-layout-name="pm1">'
           + (f"<style:header>{header}</style:header>" if header else "")
           + (f"<style:footer>{footer}</style:footer>" if footer else "") + "</style:master-page>")
    if pn != "top_from2" and not running:
        return std, None
    first_footer = pnp if pn in ("bottom", "bottom_right") else ""
    first = ('<style:master-page style:name="First" style:page-layout-name="pm1" style:next-style-name="Standard">'
             + (f"<style:footer>{first_footer}</style:footer>" if first_footer else "") + "</style:master-page>")
    return std + first, "First"


def _styles(size, pn, running, line_height="115%", extra_auto=""):
    sz = f"{size}pt"
    masters, first = _masters(pn, running)
    first_attr = f' style:master-page-name="{first}"' if first else ""
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
  <style:style style:name="PageNumR" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="end"/>
  </style:style>
  <style:style style:name="Running" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center"/>
   <style:text-properties fo:font-size="10pt" fo:font-style="italic"/>
  </style:style>
  <style:style style:name="TP" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="start" fo:line-height="100%"/>
   <style:text-properties fo:font-size="12pt"/>
  </style:style>
  <style:style style:name="TPC" style:family="paragraph" style:parent-style-name="TP">
   <style:paragraph-properties fo:text-align="center"/>
  </style:style>
  <style:style style:name="TPH" style:family="paragraph" style:parent-style-name="TPC">
   <style:text-properties fo:font-weight="bold"/>
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
  <style:style style:name="TblFirst" style:family="table"{first_attr}>
   <style:table-properties style:width="16cm" table:align="margins"/>
  </style:style>
  <style:style style:name="Grid" style:family="table">
   <style:table-properties style:width="16cm" table:align="margins" fo:margin-top="0.1cm" fo:margin-bottom="0.25cm"/>
  </style:style>
  <style:style style:name="GCell" style:family="table-cell">
   <style:table-cell-properties fo:padding="0.08cm" fo:border="0.5pt solid #000000" style:vertical-align="middle"/>
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
{extra_auto} </office:automatic-styles>
 <office:master-styles>
  {masters}
 </office:master-styles>"""


def _cell(lines):
    ps = "".join(f'<text:p text:style-name="{st}">{_text(t)}</text:p>' for st, t in lines)
    return f'<table:table-cell table:style-name="Cell" office:value-type="string">{ps}</table:table-cell>'


def _table(name, cola, colb, left, right, style="Tbl"):
    return _rows_table(name, cola, colb, [(left, right)], style)


def _rows_table(name, cola, colb, rows, style="Tbl"):
    body = "".join(f"<table:table-row>{_cell(l)}{_cell(r)}</table:table-row>" for l, r in rows)
    return (f'<table:table table:name="{name}" table:style-name="{style}">'
            f'<table:table-column table:style-name="{cola}"/><table:table-column table:style-name="{colb}"/>'
            f'{body}</table:table>')


def _grid(name, rows, cols):
    out = [f'<table:table table:name="{name}" table:style-name="Grid">']
    out += [f'<table:table-column table:style-name="{c}"/>' for c in cols]
    for i, row in enumerate(rows):
        cells = []
        for j, t in enumerate(row):
            st = "TPH" if i == 0 else ("TP" if j == 1 else "TPC")
            cells.append(f'<table:table-cell table:style-name="GCell" office:value-type="string">'
                         f'<text:p text:style-name="{st}">{_text(t)}</text:p></table:table-cell>')
        out.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    out.append("</table:table>")
    return "".join(out)


def _opts(b, i):
    return b[i] if len(b) > i and isinstance(b[i], dict) else {}


def render(blocks, size=14, pn="top", running=None, title_meta="", line_height="115%"):
    body = []
    auto = []
    ntab = 0
    ncol = 0
    nsp = 0
    first_table = True

    def spaced(style, opts):
        """An automatic style adding opts['after'] cm below the paragraph."""
        nonlocal nsp
        if not opts.get("after"):
            return style
        nsp += 1
        base = 0.2 if style == "Body" else 0.15
        auto.append(f'  <style:style style:name="{style}S{nsp}" style:family="paragraph" '
                    f'style:parent-style-name="{style}"><style:paragraph-properties '
                    f'fo:margin-bottom="{base + opts["after"]:.3f}cm"/></style:style>\n')
        return f"{style}S{nsp}"

    for b in blocks:
        kind = b[0]
        if kind == "letterhead":
            ntab += 1
            style = "TblFirst" if first_table else "Tbl"
            first_table = False
            if isinstance(b[2], dict):
                wa, wb = b[2].get("widths", (6.2, 9.8))
                ncol += 1
                a, c = f"LhA{ncol}", f"LhB{ncol}"
                auto.append(f'  <style:style style:name="{a}" style:family="table-column"><style:table-column-properties '
                            f'style:column-width="{wa}cm"/></style:style>\n'
                            f'  <style:style style:name="{c}" style:family="table-column"><style:table-column-properties '
                            f'style:column-width="{wb}cm"/></style:style>\n')
                body.append(_rows_table(f"T{ntab}", a, c, b[1], style))
            else:
                body.append(_table(f"T{ntab}", "TblA", "TblB", b[1], b[2], style))
            body.append('<text:p text:style-name="Standard"/>')
        elif kind == "title":
            for line in b[1]:
                body.append(f'<text:p text:style-name="Title">{_text(line)}</text:p>')
            body.append('<text:p text:style-name="Standard"/>')
        elif kind == "h":
            st = spaced(f"H{b[1]}", _opts(b, 3))
            body.append(f'<text:p text:style-name="{st}">{_text(b[2])}</text:p>')
        elif kind in ("p", "dash"):
            st = spaced("Body", _opts(b, 2))
            body.append(f'<text:p text:style-name="{st}">{_text(b[1])}</text:p>')
        elif kind == "pb":
            body.append(f'<text:p text:style-name="PB">{_text(b[1])}</text:p>')
        elif kind == "table":
            ntab += 1
            cols = []
            for w in b[2]:
                ncol += 1
                cols.append(f"GC{ncol}")
                auto.append(f'  <style:style style:name="GC{ncol}" style:family="table-column">'
                            f'<style:table-column-properties style:column-width="{w}cm"/></style:style>\n')
            body.append(_grid(f"T{ntab}", b[1], cols))
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
{_styles(size, pn, running, line_height, "".join(auto))}
 <office:body><office:text>
{chr(10).join(body)}
 </office:text></office:body>
</office:document>
"""
