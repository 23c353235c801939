"""TCVN3 rendition of a report: text turned into TCVN3 bytes, shown in ".VnTime" fonts.

Older reports were typed with the TCVN3 (ABC) fonts .VnTime / .VnTimeH: the text holds 8-bit
codes whose Latin-1 reading is garbage ("B¸o c¸o"), and the font draws Vietnamese letters in
those slots. To render such a report with LibreOffice:

* `make_fonts()` builds ".VnTime" and ".VnTimeH" from Liberation Serif with fontTools: the
  family is renamed and the cmap points every TCVN3 slot at the glyph of its Vietnamese
  letter (".VnTimeH": capitals in the small-letter slots, as the real capitals font does);
  they are installed in the user's font folder for fontconfig;
* `convert_fodt()` rewrites the text of a Flat ODT (inside <office:body> only) to TCVN3:
  runs of capitals are written in small TCVN3 letters in a ".VnTimeH" span (TCVN3 has no
  toned capitals), everything else in ".VnTime". The byte 0xAD (ư) is a soft hyphen that
  LibreOffice would hide, so ư is written as U+2212 — which is what real PDF producers emit
  for it anyway.

The table is read from tests/fixtures/vietnamese/tcvn3_table.md (the same table baocao's
decoder was generated from).
"""
import os
import re
import subprocess
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TABLE = os.path.join(ROOT, "tests", "fixtures", "vietnamese", "tcvn3_table.md")
FONT_DIR = os.path.join(os.path.expanduser("~"), ".local", "share", "fonts", "baocao-tcvn3")
LIBERATION = ["/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation"]
STYLES = {"Regular": "", "Bold": "-Bold", "Italic": "-Italic", "BoldItalic": "-BoldItalic"}
UU = "\u2212"  # what ư is written as


def table():
    """{unicode letter: TCVN3 code as a character}."""
    out = {}
    with open(TABLE, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\|\s*0x([0-9A-F]{2})\s*\|[^|]*\|\s*(\S+)\s+U\+([0-9A-F]{4})", line)
            if m:
                code, letter = chr(int(m.group(1), 16)), chr(int(m.group(3), 16))
                if code != "\u00a0":
                    out[letter] = code
    out["ư"] = UU
    return out


def encode(text, tab):
    """NFC text to TCVN3 characters; toned capitals (no TCVN3 slot) are written small."""
    out = []
    for c in unicodedata.normalize("NFC", text):
        if c.isascii():
            out.append(c)
        elif c in tab:
            out.append(tab[c])
        elif c.lower() in tab:
            out.append(tab[c.lower()])
        else:
            out.append(c)
    return "".join(out)


def _caps_word(w):
    letters = [c for c in w if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def convert_text(s, tab):
    """One XML text node: runs of capital words in a .VnTimeH span, the rest plain TCVN3."""
    out, caps = [], []

    def flush():
        trailing = []
        while caps and caps[-1].isspace():
            trailing.insert(0, caps.pop())
        if caps:
            out.append(f'<text:span text:style-name="VnH">{encode("".join(caps).lower(), tab)}</text:span>')
        out.extend(trailing)
        caps.clear()

    for p in re.split(r"(\s+)", s):
        if not p:
            continue
        if p.isspace():
            (caps if caps else out).append(p)
        elif _caps_word(p):
            caps.append(p)
        else:
            flush()
            out.append(encode(p, tab))
    flush()
    return "".join(out)


H_STYLE = ('<style:style style:name="VnH" style:family="text">'
           '<style:text-properties style:font-name=".VnTimeH"/></style:style>')


def convert_fodt(xml):
    """A Flat ODT rendered in Liberation Serif → the same report typed in TCVN3 fonts."""
    tab = table()
    head, rest = xml.split("<office:body>", 1)
    body, tail = rest.split("</office:body>", 1)
    body = re.sub(r">([^<]+)<", lambda m: ">" + convert_text(m.group(1), tab) + "<", body)
    head = head.replace("Liberation Serif", ".VnTime")
    head = head.replace(
        "</office:font-face-decls>",
        '<style:font-face style:name=".VnTimeH" svg:font-family="\'.VnTimeH\'" '
        'style:font-family-generic="roman" style:font-pitch="variable"/></office:font-face-decls>')
    if "<office:automatic-styles>" in head:
        head = head.replace("<office:automatic-styles>", "<office:automatic-styles>" + H_STYLE, 1)
    else:
        head = head.replace("</office:styles>", H_STYLE + "</office:styles>", 1)
    return head + "<office:body>" + body + "</office:body>" + tail


def _liberation(style):
    for d in LIBERATION:
        p = os.path.join(d, f"LiberationSerif-{style}.ttf")
        if os.path.exists(p):
            return p
    raise SystemExit(f"Liberation Serif {style} not found (apt-get install fonts-liberation)")


def _make_font(style, caps, tab):
    from fontTools.ttLib import TTFont
    font = TTFont(_liberation(style))
    best = font.getBestCmap()
    family = ".VnTimeH" if caps else ".VnTime"
    ps = ("VnTimeH" if caps else "VnTime") + STYLES[style]
    sub = {"Regular": "Regular", "Bold": "Bold", "Italic": "Italic", "BoldItalic": "Bold Italic"}[style]
    name = font["name"]
    for rec in list(name.names):
        if rec.nameID in (16, 17, 21, 22):
            name.removeNames(nameID=rec.nameID)
    name.setName(family, 1, 3, 1, 0x409)
    name.setName(sub, 2, 3, 1, 0x409)
    name.setName(f"{family} {sub}", 4, 3, 1, 0x409)
    name.setName(ps, 6, 3, 1, 0x409)
    name.setName(f"{ps};baocao-test", 3, 3, 1, 0x409)
    slots = {}
    for letter, code in tab.items():
        target = letter.upper() if caps else letter
        if ord(target) in best:
            slots[ord(code)] = best[ord(target)]
    if caps:
        for c in "abcdefghijklmnopqrstuvwxyz":
            slots[ord(c)] = best[ord(c.upper())]
    for t in font["cmap"].tables:
        if t.isUnicode():
            t.cmap.update(slots)
    path = os.path.join(FONT_DIR, f"{ps}.ttf")
    font.save(path)
    return path


def make_fonts():
    """Build and install .VnTime / .VnTimeH (four styles each); refresh fontconfig."""
    os.makedirs(FONT_DIR, exist_ok=True)
    tab = table()
    for style in STYLES:
        for caps in (False, True):
            _make_font(style, caps, tab)
    subprocess.run(["fc-cache", "-f", FONT_DIR], check=True, stdout=subprocess.DEVNULL)
