"""Vietnamese text helpers: tone-mark styles, number formats."""
import re
import unicodedata

TONES = "\u0300\u0301\u0303\u0309\u0323"
_OLD2NEW = re.compile(r"(?<![qQ])(?:([oO])([" + TONES + r"])([aAeE])|([uU])([" + TONES + r"])([yY]))(?![^\W\d_])")
_NEW2OLD = re.compile(r"(?<![qQ])(?:([oO])([aAeE])([" + TONES + r"])|([uU])([yY])([" + TONES + r"]))(?![^\W\d_])")


def tone_new(s):
    """hòa -> hoà, thủy -> thuỷ, Ủy -> Uỷ (the 'new' placement)."""
    d = unicodedata.normalize("NFD", s)

    def f(m):
        if m.group(1):
            return m.group(1) + m.group(3) + m.group(2)
        return m.group(4) + m.group(6) + m.group(5)
    return unicodedata.normalize("NFC", _OLD2NEW.sub(f, d))


def tone_old(s):
    """hoà -> hòa, thuỷ -> thủy (traditional placement, the canonical one)."""
    d = unicodedata.normalize("NFD", s)

    def f(m):
        if m.group(1):
            return m.group(1) + m.group(3) + m.group(2)
        return m.group(4) + m.group(6) + m.group(5)
    return unicodedata.normalize("NFC", _NEW2OLD.sub(f, d))


def dots(n):
    """1866 -> '1.866'"""
    return f"{n:,}".replace(",", ".")


def count(n, pad=False, sep=True):
    if pad and 0 <= n < 10:
        return f"{n:02d}"
    return dots(n) if sep else str(n)


def dec(x, maxdec=2):
    """1.14 -> '1,14'; 95.0 -> '95'; 1167.5 -> '1.167,5'"""
    s = f"{x:.{maxdec}f}".rstrip("0").rstrip(".")
    if "." in s:
        i, f = s.split(".")
    else:
        i, f = s, ""
    i = dots(int(i))
    return i + ("," + f if f else "")


def pct(x, space=False):
    return dec(x) + (" %" if space else "%")


MONEY_STYLES = ("dong", "d", "vnd", "trieu", "ty")


def money_ok(v, style):
    if style == "trieu":
        return v % 100_000 == 0
    if style == "ty":
        return v % 10_000_000 == 0 and v >= 1_000_000_000
    return True


def money(v, style):
    if style == "dong":
        return dots(v) + " đồng"
    if style == "d":
        return dots(v) + "đ"
    if style == "vnd":
        return dots(v) + " VNĐ"
    if style == "trieu":
        return dec(v / 1_000_000, 1) + " triệu đồng"
    if style == "ty":
        return dec(v / 1_000_000_000, 2) + " tỷ đồng"
    raise ValueError(style)


def slug(s):
    d = unicodedata.normalize("NFD", s.replace("Đ", "D").replace("đ", "d"))
    d = "".join(c for c in d if not unicodedata.combining(c))
    d = re.sub(r"[^A-Za-z0-9]+", "-", d).strip("-")
    return d
