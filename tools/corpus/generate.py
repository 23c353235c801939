#!/usr/bin/env python3
"""Regenerate corpus/ (PDFs + truth.json) and tests/fixtures/bad/ deterministically.

    python3 tools/corpus/generate.py            # from the repository root

Needs LibreOffice (soffice), poppler-utils (pdftotext, pdfinfo), qpdf, ImageMagick `convert`
(for the scanned fixture) and pyHanko[opentype]; see tools/corpus/README.md.
"""
import collections
import copy
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import unicodedata
from datetime import date, datetime, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
ROOT = os.path.dirname(os.path.dirname(HERE))

import content as C  # noqa: E402
import fodt  # noqa: E402
import layout as LY  # noqa: E402
import pki  # noqa: E402
import sign as S  # noqa: E402
import tcvn3  # noqa: E402
import textutil as T  # noqa: E402

CORPUS = os.path.join(ROOT, "corpus")
BAD = os.path.join(ROOT, "tests", "fixtures", "bad")
BUILD = os.environ.get("BAOCAO_CORPUS_BUILD", "/tmp/baocao-corpus-build")
REGISTRY = os.path.join(ROOT, "rules", "reference", "hue_units_2025.tsv")
SEED = 20250828
CITY_ORG = "ỦY BAN NHÂN DÂN THÀNH PHỐ HUẾ"
OLD_ORG = "Tỉnh Thừa Thiên Huế"

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương",
            "Mai", "Trương", "Huỳnh", "Tôn Thất", "Lê Bá"]
MIDDLE_M = ["Văn", "Hữu", "Đình", "Quang", "Minh", "Công", "Đức", "Xuân", "Viết", "Thanh"]
MIDDLE_F = ["Thị", "Thị", "Ngọc", "Thanh", "Thị Thu", "Thị Minh"]
GIVEN_M = ["Hùng", "Dũng", "Phong", "Long", "Nam", "Bình", "Hải", "Tuấn", "Vinh", "Huy", "Khoa", "Thuận", "Lộc",
           "Quý", "Hòa", "Thủy", "Sơn", "Trung", "Cường", "Khánh"]
GIVEN_F = ["Hương", "Lan", "Hạnh", "Nga", "Thảo", "Loan", "Hoa", "Thủy", "Hằng", "Trang", "Mai", "Phượng", "Hòa"]


# ---------------------------------------------------------------------------- registry

def load_units():
    units = []
    with open(REGISTRY, encoding="utf-8") as f:
        next(f)
        for line in f:
            code, name, merged = line.rstrip("\n").split("\t")
            subs = []
            for part in merged.split(";"):
                full = part.strip().rsplit(" (", 1)[0]
                for pre in ("Phường ", "Xã ", "Thị trấn "):
                    if full.startswith(pre):
                        subs.append((pre.strip().lower(), T.tone_old(full[len(pre):])))
                        break
            units.append({"code": code, "name": name, "subs": subs})
    return units


def short(name):
    return name.split(" ", 1)[1]


def ascii_compact(s):
    return T.slug(s).replace("-", "").lower()


# ---------------------------------------------------------------------------- people

def person(rng):
    female = rng.random() < 0.4
    sur = rng.choice(SURNAMES)
    mid = rng.choice(MIDDLE_F if female else MIDDLE_M)
    giv = rng.choice(GIVEN_F if female else GIVEN_M)
    return f"{sur} {mid} {giv}"


def email_of(name, unit_short, old=False):
    parts = name.split()
    local = "".join(ascii_compact(p)[0] for p in parts[:-1]) + ascii_compact(parts[-1])
    dom = "thuathienhue.gov.vn" if old else "hue.gov.vn"
    return f"{local}.{ascii_compact(unit_short)}@{dom}"


# ---------------------------------------------------------------------------- values

def make_values(rng, subs, want, mismatch=(), implausible=()):
    names = [n for _, n in subs]
    if len(names) < 2:      # a unit made of one former unit has no breakdown
        names = []
    k = len(names)
    v = {}
    if "P" in want:
        P = rng.randrange(25, 380)
        v["P"] = P
        v["Psub"] = list(zip(names, C.split_total(rng, P, k, "poor_households" in mismatch)))
        v["rate"] = round(rng.uniform(0.35, 3.9), 2)
    if "N" in want:
        N = rng.randrange(40, 450)
        v["N"] = N
        v["nrate"] = round(rng.uniform(1.0, 5.5), 2)
        if rng.random() < 0.5:
            v["Nsub"] = list(zip(names, C.split_total(rng, N, k, "near_poor_households" in mismatch)))
    if "J" in want:
        v["J"] = rng.randrange(700, 4200)
    if "H" in want:
        hs = [rng.randrange(6, 50) for _ in names] or [rng.randrange(12, 60)]
        costs = []
        for h in hs:
            per = rng.choice([25, 30, 32.5, 35, 40, 45, 50, 60]) * 1_000_000
            if "houses_supported_cost" in implausible:
                per = 300_000
            costs.append(int(h * per))
        H = sum(hs)
        if "houses_supported" in mismatch:
            H += rng.choice([4, 6, -3])
        v["H"], v["C"] = H, sum(costs)
        v["Hsub"] = list(zip(names, hs, costs)) if names else []
    if "M" in want:
        M = rng.randrange(1, 18)
        v["M"] = M
        v["MC"] = M * rng.choice([40, 50, 60, 60, 80]) * 1_000_000
        if not names:
            pass
        elif M == 1:
            v["Msub"] = [(rng.choice(names), 1)]
        elif rng.random() < 0.6 and M >= k:
            v["Msub"] = list(zip(names, C.split_total(rng, M, k)))
    if "S" in want:
        v["S"] = rng.choice([92, 93.5, 95, 96.2, 97, 98.5, 99]) if "satisfaction_rate" not in implausible else 195
    if "A" in want:
        v["A"] = {
            "award_provincial_emulation_fighter": rng.randrange(1, 9),
            "award_excellent_labor_collective": rng.randrange(4, 30),
            "award_emulation_flag": rng.randrange(1, 7),
            "award_merit_certificate_collective": rng.randrange(2, 16),
            "award_merit_certificate_individual": rng.randrange(5, 45),
            "award_advanced_labor_individual": rng.randrange(700, 3600),
            "award_grassroots_emulation_fighter": rng.randrange(90, 520),
            "award_advanced_labor_collective": rng.randrange(25, 130),
        }
    return v


# ---------------------------------------------------------------------------- documents

def date_line(rng, place, d, style):
    if style == 0:
        return f"{place}, ngày {d.day} tháng {d.month} năm {d.year}"
    if style == 1:
        return f"{place}, ngày {d.day:02d} tháng {d.month} năm {d.year}"
    return f"{place}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


def _tidy(b):
    if b[0] == "p":
        return ("p", re.sub(r" +([,;.)])", r"\1", re.sub(r"  +", " ", b[1]))) + tuple(b[2:])
    return b


def frame(doc, body):
    """Letterhead + title + body + recipients/signature block."""
    body = [_tidy(b) for b in body]
    blocks = [letterhead(doc), ("title", doc["title"])] + body
    leader = doc["leader"]
    rl = [("LHB", "TM. ỦY BAN NHÂN DÂN")]
    if leader["vice"]:
        rl += [("LHB", "KT. CHỦ TỊCH"), ("LHB", "PHÓ CHỦ TỊCH")]
    else:
        rl += [("LHB", "CHỦ TỊCH")]
    rl += [("LH", ""), ("LH", ""), ("LH", ""), ("LHB", leader["name"])]
    recip = [("RecipH", "Nơi nhận:")] + [("Recip", r) for r in doc["recipients"]]
    blocks.append(("sign", recip, rl))
    return blocks


def letterhead(doc):
    """The two-column letterhead in one of its variants (doc["lh"]); the seed keeps the classic one.

    classic   : 4 lines a side, "Số: …" and the date line on the same baseline
    wrapunit  : "ỦY BAN NHÂN DÂN" / "PHƯỜNG …" on two lines, date and "Số:" still side by side
    wrapunit3 : the same, the date on the third line (beside the unit name), "Số:" alone below
    tworow    : a second table row holding "Số: …" | date
    date_break: the date line wrapped ("…, ngày 08 tháng 8 năm" / "2025"), so its first line shares
                the baseline of "Số: …"; widths: the column widths (cm)"""
    unit_full = doc["letterhead_unit"]          # "Phường Kim Trà"
    lh = doc.get("lh")
    so = ("Số:  " if lh and lh.get("so_space") else "Số: ") + doc["doc_number"]
    date = doc["date_line"]
    if lh and lh.get("date_break") == "year":
        date = date[:date.rindex(" ")] + "\n" + date[date.rindex(" ") + 1:]
    elif lh and lh.get("date_break") == "place":
        date = date.replace(", ngày", ",\nngày", 1)
    unit = [("LHB", "ỦY BAN NHÂN DÂN " + unit_full.upper())]
    if lh and lh["kind"] in ("wrapunit", "wrapunit3"):
        unit = [("LHB", "ỦY BAN NHÂN DÂN"), ("LHB", unit_full.upper())]
    top_l = [("LH", "UBND THÀNH PHỐ HUẾ")] + unit
    top_r = [("LHB", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("LHB", "Độc lập - Tự do - Hạnh phúc")]
    if not lh:
        return ("letterhead", top_l + [("LH", ""), ("LH", so)], top_r + [("LH", ""), ("LHI", date)])
    if lh["kind"] == "tworow":
        rows = [(top_l, top_r), ([("LH", so)], [("LHI", date)])]
    elif lh["kind"] == "wrapunit":
        rows = [(top_l + [("LH", so)], top_r + [("LH", ""), ("LHI", date)])]
    elif lh["kind"] == "wrapunit3":
        rows = [(top_l + [("LH", so)], top_r + [("LHI", date)])]
    else:
        rows = [(top_l + [("LH", ""), ("LH", so)], top_r + [("LH", ""), ("LHI", date)])]
    return ("letterhead", rows, {"widths": lh["widths"]})


def transform(blocks, fn):
    out = []
    for b in blocks:
        if b[0] == "letterhead" and isinstance(b[2], dict):
            out.append((b[0], [([(st, fn(t)) for st, t in l], [(st, fn(t)) for st, t in r]) for l, r in b[1]],
                        b[2]))
        elif b[0] == "table":
            out.append((b[0], [[fn(t) for t in row] for row in b[1]], b[2]))
        elif b[0] == "letterhead" or b[0] == "sign":
            out.append((b[0], [(st, fn(t)) for st, t in b[1]], [(st, fn(t)) for st, t in b[2]]))
        elif b[0] == "title":
            out.append((b[0], [fn(t) for t in b[1]]))
        elif b[0] == "h":
            out.append((b[0], b[1], fn(b[2])))
        else:
            out.append((b[0], fn(b[1])) + tuple(b[2:]))
    return out


def apply_styles(doc, blocks, rng):
    tone = doc["tone"]
    if tone == "new":
        blocks = transform(blocks, T.tone_new)
    elif tone == "mixed":
        blocks = [transform([b], T.tone_new)[0] if rng.random() < 0.5 else b for b in blocks]
    if doc.get("nfd"):
        blocks = transform(blocks, lambda s: unicodedata.normalize("NFD", s))
    return blocks


EMU_TITLE = [["BÁO CÁO", "Tổng kết công tác thi đua, khen thưởng giai đoạn 2020-2025;",
              "phương hướng, nhiệm vụ công tác thi đua, khen thưởng giai đoạn 2025-2030"],
             ["BÁO CÁO", "Tổng kết công tác thi đua, khen thưởng giai đoạn 2020-2025 và",
              "phương hướng, nhiệm vụ giai đoạn 2025-2030"]]
SOC_TITLE = ["BÁO CÁO", "Tình hình kinh tế - xã hội 6 tháng đầu năm 2025;",
             "nhiệm vụ, giải pháp 6 tháng cuối năm 2025"]
EMU_RECIP = ["- Ban Thi đua - Khen thưởng, SNV thành phố;", "- TT Đảng ủy, TT HĐND {dv};",
             "- CT, các PCT UBND {dv};", "- Lưu: VT, VHXH."]
SOC_RECIP = ["- UBND thành phố Huế (b/c);", "- Thường trực Đảng ủy {dv};", "- CT, các PCT UBND {dv};", "- Lưu: VT."]


def seed_blocks():
    """The seed report's own body, unchanged."""
    out = []
    for tag, text in C.SEED:
        if tag == "p":
            out.append(("p", text))
        elif tag == "d":
            out.append(("h", 4, text))
        else:
            out.append(("h", int(tag), text))
    return out


SEED_FIGURES = [
    ("poor_households", "", 96), ("poor_households", "Hương Toàn", 42), ("poor_households", "Hương Chữ", 29),
    ("poor_households", "Hương Xuân", 25), ("poor_household_rate", "", 1.14), ("jobs_created", "", 1866),
    ("houses_supported", "", 106), ("houses_supported", "Hương Toàn", 35), ("houses_supported", "Hương Chữ", 36),
    ("houses_supported", "Hương Xuân", 35), ("houses_supported_cost", "", 2977500000),
    ("houses_supported_cost", "Hương Toàn", 1167500000), ("houses_supported_cost", "Hương Chữ", 780000000),
    ("houses_supported_cost", "Hương Xuân", 1030000000), ("makeshift_houses_removed", "", 1),
    ("makeshift_houses_removed", "Hương Xuân", 1, True), ("makeshift_houses_removed_cost", "", 60000000),
    ("satisfaction_rate", "", 95), ("award_provincial_emulation_fighter", "", 3),
    ("award_excellent_labor_collective", "", 11), ("award_emulation_flag", "", 3),
    ("award_merit_certificate_collective", "", 5), ("award_merit_certificate_individual", "", 13),
    ("award_advanced_labor_individual", "", 2151), ("award_grassroots_emulation_fighter", "", 344),
    ("award_advanced_labor_collective", "", 59),
]


def signer_entry(name, email, org, algo="rsa", key_id=None):
    return {"cn": name, "email": email, "org": org, "algo": algo,
            "key_id": key_id or email.split("@")[0].replace(".", "_")}


def plan_signers(rng, unit_full, leader, pattern):
    """pattern: string of roles: d=drafter r=reviewer l=leader s=seal."""
    us = short(unit_full)
    out = []
    for role in pattern:
        if role == "d":
            n = person(rng)
            old = rng.random() < 0.3
            out.append(signer_entry(n, email_of(n, us, old), OLD_ORG if old else CITY_ORG,
                                    "ec" if rng.random() < 0.2 else "rsa"))
        elif role == "r":
            n = person(rng)
            out.append(signer_entry(n, email_of(n, us), CITY_ORG, "ec" if rng.random() < 0.2 else "rsa"))
        elif role == "l":
            out.append(signer_entry(leader["name"], email_of(leader["name"], us), CITY_ORG,
                                    "ec" if rng.random() < 0.25 else "rsa"))
        elif role == "s":
            out.append(signer_entry("ỦY BAN NHÂN DÂN " + unit_full.upper(), ascii_compact(us) + "@hue.gov.vn",
                                    CITY_ORG, "ec" if rng.random() < 0.3 else "rsa",
                                    key_id="seal_" + ascii_compact(us)))
    return out


def sign_times(rng, d, n):
    t = datetime(d.year, d.month, d.day, rng.randrange(8, 14), rng.randrange(60), rng.randrange(60), tzinfo=S.TZ)
    out = []
    for _ in range(n):
        out.append(t)
        t = t + timedelta(minutes=rng.randrange(7, 95), seconds=rng.randrange(60))
    return out


def build_docs():
    rng = random.Random(SEED)
    units = load_units()
    by_name = {u["name"]: u for u in units}
    docs = []

    # --- the seed rendition
    kim = by_name["Phường Kim Trà"]
    seed = {
        "file": "phuong-kim-tra/569-BC-UBND.pdf", "unit": "Phường Kim Trà", "letterhead_unit": "Phường Kim Trà",
        "kind": "emulation_awards_5y", "doc_number": "569/BC-UBND", "doc_date": date(2025, 8, 28),
        "date_line": "Kim Trà, ngày 28 tháng 8 năm 2025", "title": EMU_TITLE[0],
        "leader": {"name": "Mai Văn Xuân", "vice": True}, "tone": "seed", "size": 14, "layout": {"pn": "top", "running": None}, "line_height": "100%",
        "recipients": ["- Ban Thi đua - Khen thưởng, SNV thành phố;", "- CT, các PCT UBND phường;",
                       "- Lưu VT, VHXH (T)."],
        "body": seed_blocks(),
        "figures": [dict(metric=m, subunit=s, value=v, **({"optional": True} if o else {}))
                    for m, s, v, *o in SEED_FIGURES],
        "missing": ["lessons", "recommendations"], "extra_checks": [],
        "signers": [
            signer_entry("Đặng Thị Hương", "dthuong.huongtoan@thuathienhue.gov.vn", OLD_ORG),
            signer_entry("Trần Viết Xuân", "tvxuan.kimtra@hue.gov.vn", CITY_ORG),
            signer_entry("Mai Văn Xuân", "mvxuan.kimtra@hue.gov.vn", CITY_ORG),
            signer_entry("ỦY BAN NHÂN DÂN PHƯỜNG KIM TRÀ", "kimtra@hue.gov.vn", CITY_ORG, "ec", "seal_kimtra"),
        ],
        "times": [datetime(2025, 8, 28, 14, 13, 52, tzinfo=S.TZ), datetime(2025, 8, 28, 15, 6, 4, tzinfo=S.TZ),
                  datetime(2025, 8, 28, 15, 23, 12, tzinfo=S.TZ), datetime(2025, 8, 28, 16, 32, 0, tzinfo=S.TZ)],
        "special": None,
    }
    docs.append(seed)

    # --- generated emulation reports
    special = {
        "Phường Hương Thủy": {"draft": True},
        "Xã Phú Vang": {"unsigned": True},
        "Phường Vỹ Dạ": {"modify": "annot"},
        "Phường Phong Phú": {"modify": "content"},
        "Phường An Cựu": {"tamper": True},
        "Phường Thủy Xuân": {"implausible": ["satisfaction_rate"]},
        "Xã Nam Đông": {"implausible": ["houses_supported_cost"]},
        "Phường Hương Trà": {"mismatch": ["poor_households"]},
        "Xã Quảng Điền": {"mismatch": ["houses_supported"]},
        "Phường Mỹ Thượng": {"conflict": True},
        "Phường Thuận Hóa": {"nfd": True},
        "Xã Vinh Lộc": {"nfd": True},
        "Xã Bình Điền": {"missing_required": ["directions"]},
        "Xã Lộc An": {"missing_required": ["limitations", "causes"]},
    }
    names = [u["name"] for u in units]
    chosen = [n for n in names if n in EMU_UNITS]
    tones = ["old", "new", "mixed"] * 12
    rng.shuffle(tones)
    used_numbers = {"569/BC-UBND"} | set(PINNED.values())

    def new_number(lo=100, hi=900, key=None):
        if key in PINNED:
            return PINNED[key]
        while True:
            n = f"{rng.randrange(lo, hi)}/BC-UBND"
            if n not in used_numbers:
                used_numbers.add(n)
                return n

    for i, uname in enumerate(chosen):
        u = by_name[uname]
        sp = special.get(uname, {})
        docs.extend(make_emulation(rng, u, sp, tones[i], new_number))

    # --- a report from a unit that is not in the registry (former ward, merged into Phú Xuân)
    tay = {"name": "Phường Tây Lộc", "subs": []}
    docs.extend(make_emulation(rng, tay, {"unknown": True}, "old", new_number))

    # --- socioeconomic reports (Kim Trà's has a TCVN3 twin)
    for uname, sp in SOCIO_UNITS:
        docs.append(make_socio(rng, by_name[uname], sp, new_number))
    kim_socio = [d for d in docs if d["kind"] == "socioeconomic_6m" and d["unit"] == "Phường Kim Trà"][0]
    docs.append(tcvn3_twin(kim_socio))
    for d in docs:
        for c, _, m in d["extra_checks"]:
            if c == "breakdown_mismatch" and not any(f["metric"] == m and f["subunit"] for f in d["figures"]):
                raise SystemExit(f"{d['file']}: breakdown_mismatch({m}) planned but no breakdown written")
    return docs, units


# Units with an emulation report (besides the seed's Kim Trà and the unknown Tây Lộc): 36 of the 40;
# Phong Quảng, Hưng Lộc and Long Quảng have none (missing_report).
EMU_UNITS = {
    "Phường An Cựu", "Phường Dương Nỗ", "Phường Hóa Châu", "Phường Hương An", "Phường Hương Thủy",
    "Phường Hương Trà", "Phường Kim Long", "Phường Mỹ Thượng", "Phường Phong Dinh", "Phường Phong Phú",
    "Phường Phong Thái", "Phường Phong Điền", "Phường Phú Bài", "Phường Phú Xuân", "Phường Thanh Thủy",
    "Phường Thuận An", "Phường Thuận Hóa", "Phường Thủy Xuân", "Phường Vỹ Dạ", "Xã A Lưới 1", "Xã A Lưới 2",
    "Xã A Lưới 3", "Xã A Lưới 4", "Xã A Lưới 5", "Xã Bình Điền", "Xã Chân Mây - Lăng Cô", "Xã Khe Tre",
    "Xã Lộc An", "Xã Nam Đông", "Xã Phú Hồ", "Xã Phú Lộc", "Xã Phú Vang", "Xã Phú Vinh", "Xã Quảng Điền",
    "Xã Vinh Lộc", "Xã Đan Điền",
}
SOCIO_UNITS = [("Phường Kim Trà", {}), ("Phường Hương Thủy", {"unsigned": True}),
               ("Phường Phong Điền", {"nfd": True}), ("Phường Thuận Hóa", {}), ("Xã Khe Tre", {}),
               ("Phường Vỹ Dạ", {}), ("Xã Phú Vinh", {}), ("Phường Hóa Châu", {})]
# Document numbers of the reports of the first corpus, kept so that file names stay stable
# (tests name some of them); (unit, kind, version) -> number.
PINNED = {
    ("Phường An Cựu", "emulation_awards_5y", "final"): "227/BC-UBND",
    ("Phường Hương An", "emulation_awards_5y", "final"): "312/BC-UBND",
    ("Phường Hương Thủy", "emulation_awards_5y", "final"): "519/BC-UBND",
    ("Phường Hương Thủy", "emulation_awards_5y", "draft"): "676/BC-UBND",
    ("Phường Hương Trà", "emulation_awards_5y", "final"): "469/BC-UBND",
    ("Phường Mỹ Thượng", "emulation_awards_5y", "final"): "792/BC-UBND",
    ("Phường Phong Điền", "emulation_awards_5y", "final"): "774/BC-UBND",
    ("Phường Phong Phú", "emulation_awards_5y", "final"): "697/BC-UBND",
    ("Phường Phú Bài", "emulation_awards_5y", "final"): "342/BC-UBND",
    ("Phường Tây Lộc", "emulation_awards_5y", "final"): "542/BC-UBND",
    ("Phường Thanh Thủy", "emulation_awards_5y", "final"): "236/BC-UBND",
    ("Phường Thuận Hóa", "emulation_awards_5y", "final"): "126/BC-UBND",
    ("Phường Thủy Xuân", "emulation_awards_5y", "final"): "265/BC-UBND",
    ("Phường Vỹ Dạ", "emulation_awards_5y", "final"): "729/BC-UBND",
    ("Xã A Lưới 1", "emulation_awards_5y", "final"): "210/BC-UBND",
    ("Xã A Lưới 2", "emulation_awards_5y", "final"): "745/BC-UBND",
    ("Xã A Lưới 4", "emulation_awards_5y", "final"): "112/BC-UBND",
    ("Xã A Lưới 5", "emulation_awards_5y", "final"): "779/BC-UBND",
    ("Xã Bình Điền", "emulation_awards_5y", "final"): "264/BC-UBND",
    ("Xã Chân Mây - Lăng Cô", "emulation_awards_5y", "final"): "155/BC-UBND",
    ("Xã Khe Tre", "emulation_awards_5y", "final"): "444/BC-UBND",
    ("Xã Lộc An", "emulation_awards_5y", "final"): "691/BC-UBND",
    ("Xã Nam Đông", "emulation_awards_5y", "final"): "425/BC-UBND",
    ("Xã Phú Hồ", "emulation_awards_5y", "final"): "456/BC-UBND",
    ("Xã Phú Lộc", "emulation_awards_5y", "final"): "526/BC-UBND",
    ("Xã Phú Vang", "emulation_awards_5y", "final"): "435/BC-UBND",
    ("Xã Quảng Điền", "emulation_awards_5y", "final"): "608/BC-UBND",
    ("Xã Vinh Lộc", "emulation_awards_5y", "final"): "560/BC-UBND",
    ("Phường Hương Thủy", "socioeconomic_6m", "final"): "522/BC-UBND",
    ("Phường Kim Trà", "socioeconomic_6m", "final"): "440/BC-UBND",
    ("Phường Phong Điền", "socioeconomic_6m", "final"): "634/BC-UBND",
}


def tcvn3_twin(doc):
    """The same report typed in TCVN3 fonts (tcvn3.py): same unit, number, date, text, figures and
    signers. Same unit and kind, so baocao reports it as a duplicate: doc date and signing times tie
    and the file name decides, so the Unicode original wins and the twin is superseded."""
    twin = dict(doc)
    twin["file"] = doc["file"].replace(".pdf", "-tcvn3.pdf")
    twin["twin_of"] = doc
    twin["encoding"] = "tcvn3"
    twin["superseded"] = True
    return twin


RUNNING_EMU = ["Báo cáo tổng kết công tác thi đua, khen thưởng giai đoạn 2020-2025 - UBND {dv} {name}",
               "UBND {dv} {name} - Báo cáo tổng kết thi đua, khen thưởng", "Ủy ban nhân dân {dv} {name}",
               "Báo cáo số {num}"]
RUNNING_SOC = ["Báo cáo tình hình kinh tế - xã hội 6 tháng đầu năm 2025", "UBND {dv} {name}"]


def plan_layout(rng, dv, name, num, running_texts, running_ok=True):
    """Page numbers, running line and letterhead variant of one report."""
    pn = rng.choices(["top_from2", "top", "bottom", "bottom_right"], [45, 15, 30, 10])[0]
    running = None
    if running_ok and rng.random() < 0.3:
        where = "footer" if pn.startswith("top") else "header"
        running = (where, rng.choice(running_texts).format(dv=dv, name=name, num=num))
    lh = {"kind": rng.choices(["classic", "wrapunit", "wrapunit3", "tworow"], [40, 20, 15, 25])[0],
          "widths": rng.choice([(6.2, 9.8), (7.0, 9.0), (5.6, 10.4), (6.6, 9.4)]),
          "date_break": rng.choices([None, "year", "place"], [60, 30, 10])[0],
          "so_space": rng.random() < 0.2}
    return {"pn": pn, "running": running}, lh


TABLE_ROWS = {"P": ["poor_households", "poor_household_rate"], "N": ["near_poor_households"], "J": ["jobs_created"],
              "H": ["houses_supported", "houses_supported_cost"],
              "M": ["makeshift_houses_removed", "makeshift_houses_removed_cost"], "S": ["satisfaction_rate"]}


def plan_table(rng, v, stock_only=False):
    """Rows of a table of results (metrics and distractor rows) and which metrics only it states."""
    style = "startend" if stock_only else C.PH.DECK.draw(rng, "table", ["plain", "plain", "plan", "startend"])
    rows = []
    keys = ["P", "N", "S"] if style == "startend" else ["P", "N", "J", "H", "M", "S"]
    for k in keys:
        if k in v and (k == "P" or rng.random() < 0.7):
            rows += TABLE_ROWS[k]
    if style == "startend":
        rows = [r for r in rows if not r.endswith("_cost")]
    dis = ["near_rate", "bhyt", "escaped"] + ([] if style == "startend" else ["income"])
    if "N" not in v:
        dis.remove("near_rate")
    for d in rng.sample(dis, rng.randrange(1, 3)):
        rows.insert(rng.randrange(len(rows) + 1), d)
    only = set()
    for k, metric in (("N", "near_poor_households"), ("S", "satisfaction_rate"), ("M", "makeshift_houses_removed")):
        if metric in rows and rng.random() < 0.35:
            if k == "M" and "makeshift_houses_removed_cost" not in rows:
                continue
            only.add(metric)
    return {"style": style, "rows": rows, "only": only}


def make_emulation(rng, u, sp, tone, new_number):
    uname = u["name"]
    us = short(uname)
    is_xa = uname.startswith("Xã")
    ctx = C.Ctx(rng, us, is_xa, u["subs"])
    want = {"P", "J", "H", "A"}
    for k, p in (("N", 0.5), ("M", 0.7), ("S", 0.75)):
        if rng.random() < p:
            want.add(k)
    if "satisfaction_rate" in sp.get("implausible", []):
        want.add("S")
    v = make_values(rng, u["subs"], want, sp.get("mismatch", ()), sp.get("implausible", ()))
    # sections
    optional = ["role_models", "causes", "lessons", "objectives", "solutions", "recommendations"]
    nmiss = rng.choice([0, 1, 1, 2, 2, 3])
    missing = set(rng.sample(optional, nmiss))
    for m in sp.get("missing_required", []):
        missing.add(m)
    while len(missing) > 3:
        missing.discard(sorted(missing - set(sp.get("missing_required", [])))[0])
    present = [s for s in C.EMU_SECTIONS if s not in missing]
    deck = C.PH.DECK
    phr = {k: deck.draw(rng, "emu-" + k, range(n)) for k, n in (
        ("poor", len(C.POOR_ALL)), ("jobs", len(C.JOBS_ALL)), ("near", len(C.NEAR_ALL)),
        ("houses", len(C.HOUSES_ALL)), ("makeshift", len(C.MAKESHIFT_ALL)), ("sat", len(C.SAT_ALL)),
        ("awards", C.AWARDS_N))}
    # a breakdown that does not add up must be written: no shape without a breakdown there
    while "poor_households" in sp.get("mismatch", ()) and C.POOR_ALL[phr["poor"]] is C.PH.poor_luot:
        phr["poor"] = rng.randrange(len(C.POOR_ALL))
    while "houses_supported" in sp.get("mismatch", ()) and C.HOUSES_ALL[phr["houses"]] is C.PH.houses_done:
        phr["houses"] = rng.randrange(len(C.HOUSES_ALL))
    plan = {"present": present, "phr": phr,
            "lesson_trap": "lessons" in missing and rng.random() < 0.7,
            "start_trap": rng.random() < 0.5, "targets": rng.choice([0, 1, 2, 2]),
            "traps": rng.sample(C.TRAPS, rng.randrange(1, 5)), "proposal": rng.random() < 0.5}
    if rng.random() < 0.35 and "movements" in present:
        tb = plan_table(rng, v)
        plan["table"] = tb
        plan["table_only"] = tb["only"]
        ctx.in_table = {m for m in tb["rows"] if "_" in m}
    if (len(v.get("Psub") or []) >= 2 and not sp.get("mismatch") and rng.random() < 0.15
            and "movements" in present):
        plan["subtable"] = "near" if v.get("Nsub") else "poor"
    if sp.get("conflict"):
        plan["conflict"] = v["P"] + rng.choice([7, 12, 15])
    body = C.emulation_body(ctx, v, plan)
    leader = {"name": person(rng), "vice": rng.random() < 0.6}
    d0 = date(2025, 8, 1) + timedelta(days=rng.randrange(0, 40))
    versions = [("final", d0)]
    if sp.get("draft"):
        versions = [("draft", d0 - timedelta(days=rng.randrange(6, 12))), ("final", d0)]
    out = []
    extra = []
    for mm in sp.get("mismatch", []):
        extra.append(("breakdown_mismatch", "warning", mm))
    for mm in sp.get("implausible", []):
        extra.append(("implausible_value", "warning", mm))
    if sp.get("conflict"):
        extra.append(("figure_conflict", "warning", "poor_households"))
    pattern = rng.choice(["drls", "drls", "dls", "rls", "ls", "drl", "dl", "l", "s", "drls"])
    for ver, d in versions:
        num = new_number(key=(uname, "emulation_awards_5y", ver))
        vctx_figs = copy.deepcopy(ctx.figures)
        b = body
        title = list(rng.choice(EMU_TITLE))
        if ver == "draft":
            # the draft states slightly different poverty figures (revised later)
            b = []
            dctx = C.Ctx(random.Random(rng.random()), us, is_xa, u["subs"])
            dctx.in_table = ctx.in_table
            v2 = copy.deepcopy(v)
            v2["P"] = v["P"] + 9
            v2["Psub"] = [(s, n + (9 if j == 0 else 0)) for j, (s, n) in enumerate(v["Psub"])]
            b = C.emulation_body(dctx, v2, plan)
            vctx_figs = dctx.figures
            title = title + ["(Dự thảo)"]
        unsigned = sp.get("unsigned") or ver == "draft"
        lay, lh = plan_layout(rng, ctx.dv, us, num, RUNNING_EMU)
        doc = {
            "file": f"{T.slug(uname).lower()}/{num.replace('/', '-')}.pdf",
            "unit": "" if sp.get("unknown") else uname, "letterhead_unit": uname,
            "kind": "emulation_awards_5y", "doc_number": num, "doc_date": d,
            "date_line": date_line(rng, us, d, rng.randrange(3)), "title": title,
            "leader": leader, "tone": tone, "nfd": sp.get("nfd", False), "size": rng.choice([13, 14, 14]),
            "layout": lay, "lh": lh,
            "recipients": [r.format(dv=ctx.dv) for r in C_recip(rng, EMU_RECIP)],
            "body": b, "figures": vctx_figs,
            "missing": sorted(missing, key=C.EMU_SECTIONS.index), "extra_checks": list(extra),
            "signers": [] if unsigned else plan_signers(rng, uname, leader, pattern),
            "special": sp, "superseded": ver == "draft",
            "straddle": True,
        }
        doc["times"] = sign_times(rng, d, len(doc["signers"]))
        if sp.get("unknown"):
            doc["extra_checks"].append(("unknown_unit", "error", ""))
        out.append(doc)
    return out


def C_recip(rng, lst):
    out = list(lst)
    if rng.random() < 0.4:
        out.pop(1)
    return out


def make_socio(rng, u, sp, new_number):
    uname = u["name"]
    us = short(uname)
    is_xa = uname.startswith("Xã")
    ctx = C.Ctx(rng, us, is_xa, u["subs"])
    v = make_values(rng, u["subs"], {"P", "N", "J"})
    v["J"] = rng.randrange(120, 700)
    missing = set(rng.sample(["administration", "limitations"], rng.randrange(0, 2)))
    present = [s for s in C.SOC_SECTIONS if s not in missing]
    if rng.random() < 0.25:
        phr = rng.randrange(3)            # the first generator's shapes
    else:
        deck = C.PH.DECK
        phr = {"poor": deck.draw(rng, "soc-poor", range(4, len(C.POOR_ALL))),
               "near": deck.draw(rng, "soc-near", range(len(C.PH.NEAR_NEW))),
               "jobs": deck.draw(rng, "soc-jobs", range(len(C.PH.JOBS_NEW))), "trap": rng.randrange(3)}
        if rng.random() < 0.4:
            rows = ["poor_households", "poor_household_rate", "near_poor_households", "jobs_created"]
            rows.insert(rng.randrange(len(rows) + 1), rng.choice(["near_rate", "bhyt"]))
            phr["table"] = rows
            ctx.in_table = set(rows)
            if rng.random() < 0.4:
                phr["table_only"] = {"near_poor_households"}
    plan = {"present": present, "phr": phr}
    body = C.socio_body(ctx, v, plan)
    leader = {"name": person(rng), "vice": rng.random() < 0.5}
    d = date(2025, 7, rng.randrange(3, 15))
    num = new_number(300, 700, key=(uname, "socioeconomic_6m", "final"))
    twin_source = uname == "Phường Kim Trà"
    lay, lh = plan_layout(rng, ctx.dv, us, num, RUNNING_SOC, running_ok=not twin_source)
    doc = {
        "file": f"{T.slug(uname).lower()}/{num.replace('/', '-')}.pdf", "unit": uname, "letterhead_unit": uname,
        "kind": "socioeconomic_6m", "doc_number": num, "doc_date": d,
        "date_line": date_line(rng, us, d, rng.randrange(3)), "title": SOC_TITLE, "leader": leader,
        "tone": rng.choice(["old", "new", "mixed"]), "nfd": sp.get("nfd", False), "size": 14,
        "layout": lay, "lh": lh,
        "recipients": [r.format(dv=ctx.dv) for r in SOC_RECIP], "body": body, "figures": ctx.figures,
        "missing": sorted(missing, key=C.SOC_SECTIONS.index), "extra_checks": [],
        "signers": [] if sp.get("unsigned") else plan_signers(rng, uname, leader, rng.choice(["drls", "rls", "dls"])),
        "special": sp, "superseded": False,
        "straddle": not twin_source,
    }
    doc["times"] = sign_times(rng, d, len(doc["signers"]))
    return doc


# ---------------------------------------------------------------------------- rendering

def soffice_convert(paths, outdir):
    prof = "file://" + os.path.join(BUILD, "lo-profile")
    for i in range(0, len(paths), 20):
        chunk = paths[i:i + 20]
        subprocess.run(["soffice", f"-env:UserInstallation={prof}", "--headless", "--convert-to", "pdf",
                        "--outdir", outdir] + chunk, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def styled_blocks(doc, rng_style):
    """The report's blocks with its tone-mark style / NFD applied (what is rendered)."""
    blocks = frame(doc, doc["body"])
    if doc["tone"] != "seed":
        return apply_styles(doc, blocks, rng_style)
    # the seed: its own mix (body as written, letterhead "CỘNG HOÀ" as in the original)
    return [(b[0], b[1], [(st, t.replace("HÒA", "HOÀ")) for st, t in b[2]]) if b[0] == "letterhead" else b
            for b in blocks]


def render_doc(doc, blocks):
    lay = doc["layout"]
    return fodt.render(blocks, size=doc["size"], pn=lay["pn"], running=lay.get("running"),
                       title_meta=" ".join(doc["title"]), line_height=doc.get("line_height", "115%"))


def pdftotext_pages(path):
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, check=True).stdout
    pages = out.decode("utf-8").split("\f")
    return [" ".join(unicodedata.normalize("NFC", p).split()) for p in pages]


def page_count(data):
    from pyhanko.pdf_utils.reader import PdfFileReader
    r = PdfFileReader(io.BytesIO(data), strict=False)
    return int(r.root["/Pages"]["/Count"])


# ---------------------------------------------------------------------------- signing / specials

def do_sign(doc, data):
    ca_key, ca_cert = pki.ca()
    n = len(doc["signers"])
    for i, (s, t) in enumerate(zip(doc["signers"], doc["times"])):
        key, cert = pki.leaf(s["key_id"], s["cn"], s["email"], s["org"], s["algo"])
        col, row = i % 2, i // 2
        box = (70 + col * 250, 60 + row * 62, 310 + col * 250, 115 + row * 62)
        data = S.sign_pdf(data, key=key, cert=cert, ca_cert=ca_cert, field=f"Signature{i + 1}", when=t,
                          cn=s["cn"], email=s["email"], org=s["org"], box=box, page=-1)
    return data


def modify_after_signing(data, how):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    w = IncrementalPdfFileWriter(io.BytesIO(data))
    if how == "annot":
        page_ref = w.root["/Pages"]["/Kids"].raw_get(0)
        annot = generic.DictionaryObject({
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/Text"),
            generic.NameObject("/Rect"): generic.ArrayObject([generic.FloatObject(x) for x in (500, 780, 520, 800)]),
            generic.NameObject("/Contents"): generic.TextStringObject("Đề nghị bổ sung số liệu hộ cận nghèo"),
            generic.NameObject("/T"): generic.TextStringObject("Văn thư"),
            generic.NameObject("/M"): generic.pdf_string("D:20250903091500+07'00'"),
        })
        w.register_annotation(page_ref, w.add_object(annot))
    else:
        stream = generic.StreamObject(stream_data=b"q 0.8 0 0 rg BT /Helv 11 Tf 430 810 Td (BAN SAO) Tj ET Q\n")
        font = generic.DictionaryObject({
            generic.NameObject("/Type"): generic.NameObject("/Font"),
            generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
            generic.NameObject("/BaseFont"): generic.NameObject("/Helvetica"),
        })
        res = generic.DictionaryObject({generic.NameObject("/Font"): generic.DictionaryObject(
            {generic.NameObject("/Helv"): w.add_object(font)})})
        w.add_stream_to_page(0, w.add_object(stream), resources=res)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def tamper(data):
    """Flip one character of the Info /Producer string of the first revision (inside every signed range)."""
    i = data.index(b"/Producer<")
    j = data.index(b">", i)
    seg = data[i:j]
    k = seg.rindex(b"0034")  # '4' of "7.4"
    pos = i + k + 3
    return data[:pos] + b"5" + data[pos + 1:]


# ---------------------------------------------------------------------------- truth

def checks_for(doc):
    ch = []
    req = C.EMU_REQUIRED if doc["kind"] == "emulation_awards_5y" else C.SOC_REQUIRED
    for m in doc["missing"]:
        ch.append(("missing_section", "error" if m in req else "warning", m))
    ch += doc["extra_checks"]
    sp = doc.get("special") or {}
    if doc.get("superseded"):
        ch.append(("duplicate_report", "info", ""))
    if not doc["signers"]:
        ch.append(("unsigned_report", "error", ""))
    else:
        if doc["unit"]:
            seal = "ỦY BAN NHÂN DÂN " + doc["unit"].upper()
            if not any(s["cn"] == seal for s in doc["signers"]):
                ch.append(("missing_unit_seal", "warning", ""))
        if sp.get("modify"):
            ch.append(("modified_after_signing", "error", ""))
        if sp.get("tamper"):
            ch.append(("signature_digest_mismatch", "error", ""))
    if doc.get("encoding") == "tcvn3":
        ch.append(("legacy_encoding", "info", ""))
    ch = sorted(set(ch))
    return [{"check": c, "severity": s, "subject": sub} for c, s, sub in ch]


def fig_sort_key(f):
    return (f["metric"], f["subunit"], f["value"])


def truth_entry(doc, pages):
    sp = doc.get("special") or {}
    n = len(doc["signers"])
    sigs = []
    for i, (s, t) in enumerate(zip(doc["signers"], doc["times"])):
        sigs.append({"signer": s["cn"], "email": s["email"], "organization": s["org"],
                     "signed_at": t.isoformat(), "covers_whole_file": not (i == n - 1 and sp.get("modify")),
                     "digest_ok": not sp.get("tamper")})
    figs = []
    seen = set()
    for f in doc["figures"]:
        key = (f["metric"], f["subunit"], f["value"])
        if key in seen:
            continue
        seen.add(key)
        figs.append(f)
    return {
        "file": doc["file"], "status": "ok", "unit": doc["unit"], "kind": doc["kind"],
        "doc_number": doc["doc_number"], "doc_date": doc["doc_date"].isoformat(), "pages": pages,
        "encoding": doc.get("encoding", "unicode"), "superseded": bool(doc.get("superseded")),
        "figures": sorted(figs, key=fig_sort_key), "missing_sections": doc["missing"],
        "signatures": sigs, "checks": checks_for(doc),
    }


def batch_checks(docs, units):
    kinds = sorted({d["kind"] for d in docs if d["kind"]})
    have = {(d["unit"], d["kind"]) for d in docs if d["unit"]}
    out = []
    for u in units:
        lacking = [k for k in kinds if (u["name"], k) not in have]
        if lacking:
            out.append({"check": "missing_report", "severity": "warning", "unit": u["name"], "subject": u["name"],
                        "kinds": lacking})
    return out


def report_page_straddles(truth):
    """List figure sentences that run across a page break (the issue wants >= 2 such reports).

    Layout is LibreOffice's, so this is verified after rendering rather than forced."""
    hits = []
    for e in truth:
        pages = pdftotext_pages(os.path.join(CORPUS, e["file"]))
        vals = {str(f["value"]) for f in e["figures"]}
        for k in range(len(pages) - 1):
            tail = re.split(r"(?<=[.;:!])\s", re.sub(r" \d+$", "", pages[k]))[-1]
            head = re.split(r"(?<=[.;:!])\s", re.sub(r"^\d+ ", "", pages[k + 1]))[0]
            nums = {re.sub(r"[.,]$", "", n).replace(".", "").replace(",", ".").lstrip("0")
                    for n in re.findall(r"\d[\d.,]*", tail + " " + head)}
            big = {n for n in nums & vals if len(n) >= 2}
            if tail and head and big and "đã ký lên" not in head:
                hits.append((e["file"], k + 1))
    files = sorted({f for f, _ in hits})
    print(f"figure sentences across a page break: {len(hits)} in {len(files)} reports: {', '.join(files)}")
    if len(files) < 2:
        raise SystemExit("fewer than 2 reports have a figure sentence across a page break; adjust the plan")


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")


# ---------------------------------------------------------------------------- main

def write_fodt(doc, src, xml):
    p = os.path.join(src, doc["stem"] + ".fodt")
    with open(p, "w", encoding="utf-8") as f:
        f.write(xml)
    return p


def place_page_breaks(docs, src, pdfdir):
    """Second pass: move a page break into a figure sentence of the reports planned with `straddle`."""
    redo = []
    for doc in docs:
        if not doc.get("straddle") or doc.get("twin_of"):
            continue
        extra, info = LY.plan_break(doc, doc["blocks"], os.path.join(pdfdir, doc["stem"] + ".pdf"))
        if extra is None:
            doc["break_info"] = {"failed": info}
            continue
        doc["blocks"] = LY.apply(doc["blocks"], extra)
        doc["break_info"] = info
        redo.append(write_fodt(doc, src, render_doc(doc, doc["blocks"])))
    if redo:
        print(f"re-rendering {len(redo)} documents with a page break placed in a figure sentence …", flush=True)
        soffice_convert(redo, pdfdir)
    ok = []
    for doc in docs:
        info = doc.get("break_info")
        if not info or "failed" in info:
            continue
        if LY.verify(doc["blocks"], os.path.join(pdfdir, doc["stem"] + ".pdf"), info):
            ok.append(f"{doc['file']} (p.{info['page']}|{info['page'] + 1}: {info['kind']}: "
                      f"“{info['last']}” | “{info['next']}”)")
        else:
            info["failed"] = "not where planned after re-rendering"
    print(f"page breaks placed inside a figure sentence: {len(ok)}")
    for x in ok:
        print("   " + x)
    bad = [d["file"] for d in docs if d.get("break_info", {}).get("failed")]
    if bad:
        print(f"   (not placed: {', '.join(bad)})")


# ---------------------------------------------------------------------------- generator's own check

def _rust_candidates(metric, v):
    """What tests/corpus_selfcheck.rs looks for (kept in step with it)."""
    if metric.endswith("_cost"):
        out = {T.dots(v), str(v), T._exact_scaled(v, 1_000_000)}
        if v >= 100_000_000:
            out.add(T._exact_scaled(v, 1_000_000_000))
        return out
    if metric.endswith("_rate"):
        return {T.dec(v), f"{v:g}"}
    out = {T.dots(v), str(v)}
    if v < 10:
        out.add(f"{v:02d}")
    return out


def _has_number(hay, needle):
    start = 0
    while True:
        i = hay.find(needle, start)
        if i < 0:
            return False
        j = i + len(needle)
        dig = lambda k: 0 <= k < len(hay) and hay[k].isdigit()  # noqa: E731
        before = i == 0 or not (hay[i - 1].isdigit() or (hay[i - 1] in ".," and dig(i - 2)))
        after = not (dig(j) or (j < len(hay) and hay[j] in ".," and dig(j + 1)))
        if before and after:
            return True
        start = i + 1


def _clean_pages(pages, doc):
    """The report's text without its page furniture (page numbers, running line), pages joined."""
    run = doc["layout"].get("running")
    out = []
    for k, t in enumerate(pages, 1):
        if run:
            t = t.replace(" ".join(run[1].split()), " ")
        t = re.sub(rf"^{k} |^- {k} - | {k}$", " ", t.strip())
        out.append(t)
    return " ".join(" ".join(out).split())


def _other_forms(metric, v):
    """Forms tests/corpus_selfcheck.rs does not know: number words, '1 tỷ 250 triệu'."""
    if metric.endswith("_cost"):
        if T.money_more_ok(v, "ty_trieu"):
            ty, rest = divmod(v, 1_000_000_000)
            return [rf"(?<![\d.,]){ty} tỷ {re.escape(T._exact_scaled(rest, 1_000_000))} triệu"]
        return []
    if metric.endswith("_rate") or not 0 < v < 100:
        return []
    return [r"(?<!\w)" + re.escape(T.words(v)) + r"(?!\w)"]


def self_check(docs, truth):
    """Like tests/corpus_selfcheck.rs (every truth value is in the PDF text in a form it knows), and
    also: in the text without page numbers and running lines, every value is there in a form the
    generator writes, number words and 'X tỷ Y triệu' included."""
    by_file = {d["file"]: d for d in docs}
    bad = []
    for e in truth:
        if e["encoding"] != "unicode":
            continue
        pages = pdftotext_pages(os.path.join(CORPUS, e["file"]))
        raw = " ".join(pages)
        clean = _clean_pages(pages, by_file[e["file"]])
        for f in e["figures"]:
            m, v = f["metric"], f["value"]
            cands = _rust_candidates(m, v)
            if not any(_has_number(raw, c) for c in cands):
                bad.append(f"{e['file']}: {m} {f['subunit']!r} {v}: not found as tests/corpus_selfcheck.rs wants")
            if not (any(_has_number(clean, c) for c in cands)
                    or any(re.search(rx, clean.lower()) for rx in _other_forms(m, v))):
                bad.append(f"{e['file']}: {m} {f['subunit']!r} {v}: not in the text without page furniture")
    if bad:
        raise SystemExit("self-check failed:\n" + "\n".join(bad))
    print(f"self-check: every truth value of {sum(len(e['figures']) for e in truth)} figures is in its PDF's text")


def main():
    import bad
    os.makedirs(BUILD, exist_ok=True)
    src = os.path.join(BUILD, "src")
    pdfdir = os.path.join(BUILD, "pdf")
    for d in (src, pdfdir):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
    docs, units = build_docs()
    style_rng = random.Random(SEED + 1)
    paths = []
    tcvn3.make_fonts()
    for i, doc in enumerate(docs):
        doc["stem"] = f"d{i:02d}"
        if doc.get("twin_of"):
            continue
        doc["blocks"] = styled_blocks(doc, style_rng)
        paths.append(write_fodt(doc, src, render_doc(doc, doc["blocks"])))
    print(f"rendering {len(paths)} documents with LibreOffice …", flush=True)
    soffice_convert(paths, pdfdir)
    place_page_breaks(docs, src, pdfdir)
    twins = []
    for doc in docs:
        if doc.get("twin_of"):
            with open(os.path.join(src, doc["twin_of"]["stem"] + ".fodt"), encoding="utf-8") as f:
                twins.append(write_fodt(doc, src, tcvn3.convert_fodt(f.read())))
    soffice_convert(twins, pdfdir)
    # clean previous output (only generated things)
    for name in os.listdir(CORPUS) if os.path.isdir(CORPUS) else []:
        p = os.path.join(CORPUS, name)
        if os.path.isdir(p):
            shutil.rmtree(p)
    os.makedirs(CORPUS, exist_ok=True)
    truth = []
    for doc in docs:
        with open(os.path.join(pdfdir, doc["stem"] + ".pdf"), "rb") as f:
            data = f.read()
        if doc["signers"]:
            data = do_sign(doc, data)
        sp = doc.get("special") or {}
        if sp.get("modify"):
            data = modify_after_signing(data, sp["modify"])
        if sp.get("tamper"):
            data = tamper(data)
        out = os.path.join(CORPUS, doc["file"])
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with open(out, "wb") as f:
            f.write(data)
        truth.append(truth_entry(doc, page_count(data)))
        print(f"  {doc['file']}: {len(doc['signers'])} signature(s), layout {doc['layout']['pn']}"
              f"{', running ' + doc['layout']['running'][0] if doc['layout'].get('running') else ''}"
              f"{', letterhead ' + doc['lh']['kind'] if doc.get('lh') else ''}", flush=True)
    truth.sort(key=lambda e: e["file"])
    report_page_straddles(truth)
    self_check(docs, truth)
    write_json(os.path.join(CORPUS, "truth.json"),
               {"schema": 1, "documents": truth, "batch_checks": batch_checks(docs, units)})
    socio = [d for d in docs if d["kind"] == "socioeconomic_6m" and not d.get("twin_of")][0]
    bad.build(BAD, BUILD, write_json, os.path.join(pdfdir, socio["stem"] + ".pdf"),
              os.path.join(CORPUS, docs[0]["file"]), os.path.join(src, socio["stem"] + ".fodt"),
              next(t for t in truth if t["file"] == docs[0]["file"]))
    lay = collections.Counter()
    for d in docs:
        if d.get("twin_of"):
            continue
        lay["page number: " + d["layout"]["pn"]] += 1
        if d["layout"].get("running"):
            lay["running line: " + d["layout"]["running"][0]] += 1
        if d.get("lh"):
            lay["letterhead: " + d["lh"]["kind"]] += 1
            lay[f"letterhead columns: {d['lh']['widths'][0]} + {d['lh']['widths'][1]} cm"] += 1
            if d["lh"].get("date_break"):
                lay["letterhead date line wrapped: " + d["lh"]["date_break"]] += 1
    print("what was written (counts over all reports; the draft is counted as well):")
    for k, n in sorted((C.PH.STATS + lay).items()):
        print(f"   {n:4d}  {k}")
    print("done")


if __name__ == "__main__":
    main()
