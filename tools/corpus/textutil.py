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


# ---------------------------------------------------------------- numbers in words, more money forms

_UNITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def words(n):
    """1..99 in Vietnamese words: 1 'một', 10 'mười', 15 'mười lăm', 21 'hai mươi mốt', 24 'hai mươi tư'."""
    if not 0 < n < 100:
        raise ValueError(n)
    if n < 10:
        return _UNITS[n]
    tens, unit = divmod(n, 10)
    head = "mười" if tens == 1 else _UNITS[tens] + " mươi"
    if unit == 0:
        return head
    if unit == 5:
        tail = "lăm"
    elif unit == 1 and tens > 1:
        tail = "mốt"
    elif unit == 4 and tens > 1:
        tail = "tư"
    else:
        tail = _UNITS[unit]
    return head + " " + tail


def count_form(n, form):
    """A count in one of the ways clerks write it: 'digits' (12, 1.866), 'pad' (03), 'plain' (1866),
    'words' (ba), 'padwords' (03 (ba)), 'digitswords' (3 (ba))."""
    if form == "pad":
        return count(n, pad=True)
    if form == "plain":
        return str(n)
    if form == "words":
        return words(n)
    if form == "padwords":
        return f"{count(n, pad=True)} ({words(n)})"
    if form == "digitswords":
        return f"{n} ({words(n)})"
    return count(n)


# Styles beyond MONEY_STYLES. All but "ty_trieu" write the value in a form tests/corpus_selfcheck.rs
# accepts (dotted or plain digits, n/10^6 before 'triệu'/'trđ', n/10^9 before 'tỷ').
MONEY_MORE = ("dong_plain", "d_space", "vnd2", "trieu_dot", "trd", "ty_long", "ty_trieu")


def money_more_ok(v, style):
    if style in ("trieu_dot", "trd"):
        return v % 1_000 == 0 and v >= 1_000_000
    if style == "ty_long":
        return v >= 1_000_000_000 and v % 100_000 == 0
    if style == "ty_trieu":
        return v >= 1_000_000_000 and v % 1_000_000 == 0 and v % 1_000_000_000 != 0
    return True


def _exact_scaled(v, unit):
    """v / unit with all the decimals it needs (Vietnamese decimal comma)."""
    whole, frac = divmod(v, unit)
    width = len(str(unit)) - 1
    f = f"{frac:0{width}d}".rstrip("0")
    return dots(whole) + ("," + f if f else "")


def money_more(v, style):
    if style == "dong_plain":
        return f"{v} đồng"
    if style == "d_space":
        return dots(v) + " đ"
    if style == "vnd2":
        return dots(v) + " VND"
    if style == "trieu_dot":        # 4.659,5 triệu đồng, 1.888 triệu đồng
        return _exact_scaled(v, 1_000_000) + " triệu đồng"
    if style == "trd":              # 1.710 trđ
        return _exact_scaled(v, 1_000_000) + " trđ"
    if style == "ty_long":          # 6,0925 tỷ đồng
        return _exact_scaled(v, 1_000_000_000) + " tỷ đồng"
    if style == "ty_trieu":         # 1 tỷ 250 triệu đồng
        ty, rest = divmod(v, 1_000_000_000)
        return f"{ty} tỷ {_exact_scaled(rest, 1_000_000)} triệu đồng"
    raise ValueError(style)


def money_forms(v):
    """Every written form of an amount that this module produces (for the generator's own check)."""
    out = set()
    for s in MONEY_STYLES:
        if money_ok(v, s):
            out.add(money(v, s))
    for s in MONEY_MORE:
        if money_more_ok(v, s):
            out.add(money_more(v, s))
    return out
