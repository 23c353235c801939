"""Put a page break inside a chosen figure sentence (a second rendering pass).

In the first pass every report is rendered as it comes. For the reports planned with a
`straddle`, this module reads the word boxes of the first-pass PDF (`pdftotext -bbox-layout`),
finds the lines of each figure paragraph, and picks one line L to be the last line of its page:
preferably a line that ends right before a value ("… kinh phí" | page break | "913.500.000 đồng"),
right after a value ("… 2.151" | "cá nhân …") or inside a unit name ("… xã Hương" | "Toàn …"). It
then adds a little space below the paragraphs above L on the same page (spread over up to twelve gaps,
at most 0.85 cm each) so that L ends just above the bottom of the text area and the next line moves
to the next page. The reports are rendered again and the break is verified.

Geometry (points, from the top of an A4 page): text area bottom = 841.89 − bottom margin 1.5 cm −
footer (max(0.6 cm, its lines) + 0.3 cm spacing) when the page has a footer.
"""
import re
import subprocess
import unicodedata
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/1999/xhtml}"
PT_PER_CM = 72 / 2.54
PAGE_H = 841.89
BOTTOM = 1.5 * PT_PER_CM
VALUE = re.compile(r"^[(“\"]?\d[\d.,/]*(%|đ)?[,;:.)”\"]*$")


def norm(w):
    return unicodedata.normalize("NFC", w)


def read_lines(pdf):
    """[(page, line_no, yMin, yMax, [words])] in reading order."""
    out = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, check=True).stdout
    root = ET.fromstring(out)
    lines = []
    for pno, page in enumerate(root.iter(NS + "page"), 1):
        k = 0
        for line in page.iter(NS + "line"):
            ws = [norm(w.text or "") for w in line.iter(NS + "word")]
            if not ws:
                continue
            ymin = min(float(w.get("yMin")) for w in line.iter(NS + "word"))
            ymax = max(float(w.get("yMax")) for w in line.iter(NS + "word"))
            lines.append((pno, k, ymin, ymax, ws))
            k += 1
    return lines


def flat_words(lines):
    out = []
    for li, (p, k, y0, y1, ws) in enumerate(lines):
        for w in ws:
            out.append((w, li))
    return out


def locate(tokens, flat, start=0, skip=14):
    """Index in `flat` of each of `tokens` (page numbers, running lines may sit between them)."""
    n = len(flat)
    key = tokens[:6]
    i = start
    while i < n:
        if [w for w, _ in flat[i:i + len(key)]] == key:
            break
        i += 1
    else:
        return None
    pos = []
    j = i
    for t in tokens:
        k = j
        while k < n and k - j <= skip and flat[k][0] != t:
            k += 1
        if k >= n or flat[k][0] != t:
            return None
        pos.append(k)
        j = k + 1
    return pos


def footer_height_pt(size, layout, page):
    """Height taken at the bottom of `page` by the footer (0 if none)."""
    pn, running = layout["pn"], layout.get("running")
    lines = []
    if pn in ("bottom", "bottom_right"):
        lines.append(size * 1.107)
    if running and running[0] == "footer" and page > 1:
        lines.append(10 * 1.107)
    if not lines:
        return 0.0
    return max(0.6 * PT_PER_CM, sum(lines)) + 0.3 * PT_PER_CM


def text_bottom(size, layout, page):
    return PAGE_H - BOTTOM - footer_height_pt(size, layout, page)


def _tokens(block):
    if block[0] == "h":
        return block[2].split()
    return block[1].split()


def plan_break(doc, blocks, pdf, max_gap_cm=0.85):
    """Choose (paragraph, line) and the extra spacing; returns {block index: extra cm} and a description,
    or (None, reason)."""
    lines = read_lines(pdf)
    flat = flat_words(lines)
    size = doc["size"]
    lay = doc["layout"]
    # where every text block starts (page) and the word positions of the figure paragraphs
    starts = {}
    figpos = {}
    cursor = 0
    for bi, b in enumerate(blocks):
        if b[0] not in ("p", "h"):
            continue
        toks = [norm(t) for t in _tokens(b)]
        if not toks:
            continue
        pos = locate(toks, flat, cursor)
        if pos is None:
            continue
        cursor = pos[0]
        starts[bi] = lines[flat[pos[0]][1]][0]
        opts = b[2] if b[0] == "p" and len(b) > 2 and isinstance(b[2], dict) else {}
        if opts.get("fig"):
            figpos[bi] = pos
    best = None
    for bi, pos in figpos.items():
        lis = []
        for k in pos:
            li = flat[k][1]
            if not lis or lis[-1] != li:
                lis.append(li)
        if len(lis) < 4:
            continue
        page0 = lines[lis[0]][0]
        pitch = sorted(lines[b][3] - lines[a][3] for a, b in zip(lis, lis[1:])
                       if lines[a][0] == lines[b][0])
        if not pitch:
            continue
        pitch = pitch[len(pitch) // 2]
        # blocks above on the same page (their gaps take the extra space)
        above = [x for x in sorted(starts) if x < bi and starts[x] == page0][-12:]
        if not above:
            continue
        for j in range(1, len(lis) - 2):
            li = lis[j]
            p = lines[li][0]
            if p != page0 or lines[lis[j + 1]][0] != p:
                break
            d = text_bottom(size, lay, p) - lines[li][3] - 0.35 * pitch
            if d <= 0:
                continue
            per = d / len(above) / PT_PER_CM
            if per > max_gap_cm:
                continue
            last, nxt = lines[li][4][-1], lines[lis[j + 1]][4][0]
            if VALUE.match(nxt):
                score, kind = 3, "value after the break"
            elif VALUE.match(last):
                score, kind = 3, "value before the break"
            elif last.isalpha() and last[:1].isupper() and nxt.rstrip(",;:.)").isalpha() and nxt[:1].isupper():
                score, kind = 2, "name split by the break"
            else:
                score, kind = 1, "sentence split by the break"
            cand = (-score, per, bi, j)
            if best is None or cand < best[0]:
                best = (cand, bi, above, d / len(above) / PT_PER_CM, p, kind, last, nxt)
    if best is None:
        return None, "no figure paragraph can be moved across a page break with small gaps"
    _, bi, above, per, p, kind, last, nxt = best
    return ({x: round(per, 3) for x in above}, {"block": bi, "page": p, "kind": kind, "last": last, "next": nxt})


def apply(blocks, extra):
    """Blocks with 'after' spacing added to the chosen ones."""
    out = []
    for i, b in enumerate(blocks):
        if i in extra:
            if b[0] == "p":
                opts = dict(b[2]) if len(b) > 2 and isinstance(b[2], dict) else {}
                opts["after"] = extra[i]
                b = (b[0], b[1], opts)
            else:
                b = (b[0], b[1], b[2], {"after": extra[i]})
        out.append(b)
    return out


def verify(blocks, pdf, info):
    """True when the chosen paragraph's line now ends a page and the next line starts the next page."""
    lines = read_lines(pdf)
    flat = flat_words(lines)
    b = blocks[info["block"]]
    pos = locate([norm(t) for t in _tokens(b)], flat)
    if pos is None:
        return False
    words = [flat[k][0] for k in pos]
    pages = [lines[flat[k][1]][0] for k in pos]
    for i in range(len(words) - 1):
        if words[i] == info["last"] and words[i + 1] == info["next"] and pages[i + 1] == pages[i] + 1:
            return True
    return False
