"""More ways to state each figure (issue #11): value before or after its noun, after "là", ":" or
"đạt", in apposition, count and rate in either order, passive and active voice, award titles
quoted, unquoted or abbreviated, numbers in words, money in every form, and breakdowns by former
unit in many list shapes. Plus traps that must never become figures, and tables of results.

Every function that writes a figure records its truth row(s) with ctx.fig() in the same place
it writes the words, following the labelling conventions of shared/phrasings/README.md:
a row only for what the text states as achieved (no targets, plans, start-of-period values,
changes, yearly averages, per-year parts, unit prices, budget shares, funds, loans, gifts,
Giấy khen, near-poor rates, combined poor + near-poor totals).

Functions return a list of paragraphs (strings); a list of more than one paragraph is a
sentence followed by bullet lines.
"""
import collections

import textutil as T

STATS = collections.Counter()   # what was written (printed by generate.py; no effect on the corpus)


class Deck:
    """Draw choices like cards from shuffled decks, so that over the corpus every shape is used about
    equally often (a plain random choice leaves some shapes out of a 50-report corpus)."""

    def __init__(self):
        self.piles = {}

    def draw(self, rng, key, options):
        pile = self.piles.get(key)
        if not pile:
            pile = list(options)
            rng.shuffle(pile)
            self.piles[key] = pile
        return pile.pop()


DECK = Deck()

# ---------------------------------------------------------------- value formatting


def cnt(ctx, n, words_ok=False):
    """A count as a clerk might type it: 1.866, 1866, 05, 5, 'ba', '03 (ba)'."""
    r = ctx.rng.random()
    if words_ok and 0 < n <= 10 and r < 0.3:
        # bare words only for 1-3 (those digits are always elsewhere in the text for the self-check)
        forms = ["padwords", "padwords", "digitswords"] + (["words", "words"] if n <= 3 else [])
        f = ctx.rng.choice(forms)
        STATS["count in words: " + f] += 1
        return T.count_form(n, f)
    if n < 10 and r < 0.65:
        return T.count_form(n, "pad")
    if n >= 1000 and r < 0.3:
        return T.count_form(n, "plain")
    return T.count(n)


def money(ctx, v, metric=None):
    """An amount in any of the written forms; '1 tỷ 250 triệu đồng' only when a table of the same
    report also states it (the self-check looks for digits)."""
    styles = [("a", s) for s in T.MONEY_STYLES if T.money_ok(v, s)]
    styles += [("b", s) for s in T.MONEY_MORE
               if T.money_more_ok(v, s) and (s != "ty_trieu" or (metric and metric in ctx.in_table))]
    if ("b", "ty_trieu") in styles and ctx.rng.random() < 0.5:
        kind, s = "b", "ty_trieu"
    else:
        kind, s = ctx.rng.choice(styles)
    STATS["money form: " + s] += 1
    return T.money(v, s) if kind == "a" else T.money_more(v, s)


def pct(ctx, x):
    return ctx.pct(x)


def cap(s):
    return s[0].upper() + s[1:] if s else s


# ---------------------------------------------------------------- former-unit names

def name_style(ctx):
    rng = ctx.rng
    pre = rng.choice([None, None, "lower", "lower", "cap"])
    cu = None
    if rng.random() < 0.3:
        cu = rng.choice([" (cũ)", " (cũ)", " cũ"])
    return {"prefix": pre, "cu": cu, "tone": rng.random() < 0.2}


def name_form(ctx, s, st):
    """'Hương Toàn', 'xã Hương Toàn', 'Xã Hương Toàn (cũ)', 'phường Thuỷ Dương cũ' …"""
    pre = ctx.prefix(s)
    shown = T.tone_new(s) if st.get("tone") else s
    out = shown
    if st.get("prefix") and not shown.startswith(("Phường ", "Xã ", "Thị trấn ")):
        p = pre if st["prefix"] == "lower" else cap(pre)
        out = f"{p} {shown}"
    if st.get("cu"):
        out += st["cu"]
    return out


# ---------------------------------------------------------------- breakdown grammar (writer side)

class Bd:
    """Where a breakdown goes: `mid` right after the total (parentheses), or `tail` at the end of
    the sentence, `end` the sentence's last mark ('.' or ':' before bullets), `after` a next
    sentence, `bullets` separate '- …;' lines."""

    def __init__(self):
        self.mid = ""
        self.tail = ""
        self.end = "."
        self.after = ""
        self.bullets = []

    def close(self, core, end="."):
        """core + tail + end mark + next sentence, as one paragraph, then bullet lines."""
        mark = self.end if self.end != "." else end
        return [core + self.tail + mark + self.after] + self.bullets


def _join(ctx, items, sep=None):
    rng = ctx.rng
    sep = sep or rng.choice([", ", "; "])
    if len(items) > 1 and rng.random() < 0.45:
        return sep.join(items[:-1]) + " và " + items[-1]
    return sep.join(items)


def breakdown(ctx, metric, parts, noun, *, costs=None, cost_metric=None, where="any", con_ok=False,
              optional=False):
    """Write the parts of a whole-unit figure by former unit and record a truth row for each.

    parts: [(registry short name, count)]; costs: {name: amount} for a per-part cost.
    where: 'mid' (only parentheses right after the total), 'tail' (only at the end of the sentence
    or after it) or 'any'."""
    rng = ctx.rng
    b = Bd()
    if len(parts) < 2:
        return b
    for s, n in parts:
        ctx.fig(metric, n, s, optional=optional)
        if costs:
            ctx.fig(cost_metric, costs[s], s)
    st = name_style(ctx)
    names = [name_form(ctx, s, st) for s, _ in parts]
    noun_once = costs is None and rng.random() < 0.2
    cost_form = rng.choice([", kinh phí {m}", " ({m})", " - {m}", " với kinh phí {m}", ", tổng kinh phí {m}",
                            ", số tiền {m}"])

    def val(i, s, n):
        t = cnt(ctx, n, words_ok=True)
        if not (noun_once and i > 0):
            t += " " + noun
        if costs:
            t += cost_form.format(m=money(ctx, costs[s]))
        return t

    vals = [val(i, s, n) for i, (s, n) in enumerate(parts)]
    sep = "; " if costs and "," in cost_form else None

    def items(form):
        out = []
        for nm, vl in zip(names, vals):
            if form == "colon":
                out.append(f"{nm}: {vl}")
            elif form == "dash":
                out.append(f"{nm} - {vl}")
            elif form == "bare":
                out.append(f"{nm} {vl}")
            elif form == "co":
                out.append(f"{nm} có {vl}")
            elif form == "con":
                out.append(f"{nm} còn {vl}")
            else:  # value first
                out.append(f"{vl} {rng.choice(['thuộc', 'ở', 'tại']) if form == 'vf' else form} {nm}")
        return out

    mid_opts = ["paren_colon", "paren_dash", "paren_bare", "paren_trongdo", "paren_co", "paren_vf"]
    tail_opts = ["trongdo_same", "gom", "colon", "next_trongdo", "next_cuthe", "bullets", "tail_vf",
                 "next_vf", "trongdo_same", "next_trongdo"]
    opt = DECK.draw(rng, "breakdown-" + where, {"mid": mid_opts, "tail": tail_opts}.get(where, mid_opts + tail_opts))
    in_forms = ["colon", "bare", "co"] + (["con"] if con_ok else [])
    STATS["breakdown shape: " + opt + (" + per-part cost" if costs else "")] += 1
    STATS["former-unit name: " + ("+".join(x for x in (st["prefix"] and "prefix", st["cu"] and "cũ",
                                                       st["tone"] and "tone variant") if x) or "bare")] += 1
    if opt == "paren_colon":
        b.mid = f" ({_join(ctx, items('colon'), sep)})"
    elif opt == "paren_dash":
        b.mid = f" ({_join(ctx, items('dash'), sep or '; ')})"
    elif opt == "paren_bare":
        b.mid = f" ({_join(ctx, items('bare'), sep)})"
    elif opt == "paren_trongdo":
        b.mid = f" (trong đó{rng.choice([':', ''])} {_join(ctx, items(rng.choice(in_forms)), sep)})"
    elif opt == "paren_co":
        b.mid = f" ({_join(ctx, items('co'), sep)})"
    elif opt == "paren_vf":
        b.mid = f" ({_join(ctx, items('vf'), sep)})"
    elif opt == "trongdo_same":
        b.tail = f"{rng.choice([', trong đó', '; trong đó:', ', trong đó:'])} {_join(ctx, items(rng.choice(in_forms)), sep)}"
    elif opt == "gom":
        b.tail = f", gồm{rng.choice([':', ''])} {_join(ctx, items(rng.choice(['colon', 'vf'])), sep)}"
    elif opt == "colon":
        b.tail = f": {_join(ctx, items(rng.choice(['colon', 'bare', 'dash'])), sep or '; ')}"
    elif opt == "next_trongdo":
        lead = rng.choice(["Trong đó, ", "Trong đó: ", "Trong đó ", "Trong số đó, "])
        b.after = f" {lead}{_join(ctx, items(rng.choice(in_forms)), sep)}."
    elif opt == "next_cuthe":
        lead = rng.choice(["Cụ thể: ", "Cụ thể như sau: ", "Cụ thể, "])
        b.after = f" {lead}{_join(ctx, items(rng.choice(['colon', 'bare', 'co', 'dash'])), sep)}."
    elif opt == "tail_vf":
        b.tail = f", trong đó {_join(ctx, items('vf'), sep)}"
    elif opt == "next_vf":
        b.after = f" {rng.choice(['Trong đó, có ', 'Cụ thể: '])}{_join(ctx, items('vf'), sep)}."
    else:  # bullets
        mark = rng.choice(["-", "-", "+"])
        form = rng.choice(["colon", "colon", "dash", "co"] + (["con"] if con_ok else []))
        lines = items(form)
        b.end = rng.choice([", cụ thể như sau:", ", cụ thể:", ":", ", trong đó:"])
        b.bullets = [f"{mark} {cap(x)};" for x in lines]
        b.bullets[-1] = b.bullets[-1][:-1] + "."
    return b


def single_tie(ctx, metric, s, n):
    """One house tied to one former unit: ' (phường Hương Xuân)' — an optional subunit row."""
    ctx.fig(metric, n, s, optional=True)
    st = name_style(ctx)
    if not st["prefix"]:
        st["prefix"] = "lower"
    return f" ({name_form(ctx, s, st)})"


# ---------------------------------------------------------------- traps (recorded nowhere)

def near_rate(v):
    return v["nrate"]


def trap_combined(ctx, v):
    tot = v["P"] + v["N"]
    r = round(v["rate"] + v["nrate"], 2)
    return ctx.rng.choice([
        f"Tổng số hộ nghèo và hộ cận nghèo toàn {ctx.dv} là {T.count(tot)} hộ, chiếm {T.pct(r)} tổng số hộ.",
        f"Tỷ lệ hộ nghèo và cận nghèo chung của {ctx.dv} còn {T.pct(r)} ({T.count(tot)} hộ).",
    ])


def trap_escaped(ctx, v):
    k = ctx.rng.randrange(60, 400)
    new = ctx.rng.randrange(3, 25)
    return ctx.rng.choice([
        f"Trong giai đoạn đã có {T.count(k)} hộ thoát nghèo, trong đó nhiều hộ thoát nghèo bền vững nhờ "
        f"phát triển kinh tế hộ gia đình.",
        f"Giai đoạn 2021-2025 có {T.count(k)} hộ vươn lên thoát nghèo; số hộ nghèo phát sinh mới là "
        f"{T.count(new)} hộ, chủ yếu do ốm đau, tai nạn.",
    ])


def trap_fund(ctx):
    amt = ctx.rng.randrange(8, 60) * 50_000_000
    return ctx.rng.choice([
        f"Quỹ “Vì người nghèo” {ctx.dv} vận động được {money(ctx, amt)} trong 5 năm, kịp thời hỗ trợ người "
        f"nghèo khi ốm đau, hoạn nạn.",
        f"Ban vận động Quỹ “Vì người nghèo” đã tiếp nhận {money(ctx, amt)} từ các tổ chức, cá nhân, doanh "
        f"nghiệp và con em xa quê.",
    ])


def trap_loans(ctx):
    k = ctx.rng.randrange(150, 900)
    amt = ctx.rng.randrange(20, 160) * 500_000_000
    return (f"Phòng giao dịch Ngân hàng Chính sách xã hội đã giải ngân cho {T.count(k)} lượt hộ nghèo, hộ cận "
            f"nghèo và đối tượng chính sách vay vốn với tổng dư nợ {money(ctx, amt)}.")


def trap_gifts(ctx):
    k = ctx.rng.randrange(300, 2500)
    amt = k * ctx.rng.choice([300_000, 400_000, 500_000])
    return (f"Dịp Tết Nguyên đán hằng năm, {ctx.dv} phối hợp trao tặng {T.count(k)} suất quà cho hộ nghèo, "
            f"gia đình chính sách với tổng trị giá {money(ctx, amt)}.")


def trap_bhyt(ctx):
    k = ctx.rng.randrange(800, 5000)
    return (f"Cấp {T.count(k)} thẻ bảo hiểm y tế cho người thuộc hộ nghèo, hộ cận nghèo, đối tượng bảo trợ "
            f"xã hội; tỷ lệ người dân tham gia bảo hiểm y tế đạt {T.pct(round(ctx.rng.uniform(90, 98), 1))}.")


def trap_plan_2025(ctx, v):
    parts = []
    if "P" in v:
        parts.append(f"giảm {ctx.rng.randrange(8, 30)} hộ nghèo")
    if "J" in v:
        parts.append(f"giải quyết việc làm cho {T.count(ctx.rng.randrange(3, 9) * 100)} lao động")
    parts.append(f"xóa {ctx.rng.randrange(2, 9)} nhà tạm, nhà dột nát")
    return f"Kế hoạch năm 2025 UBND thành phố giao cho {ctx.dv}: " + "; ".join(parts) + "."


def trap_per_year_houses(ctx):
    y = ctx.rng.randrange(6, 25)
    return f"Riêng năm 2024, đã bàn giao {T.count(y)} ngôi nhà cho các hộ khó khăn về nhà ở."


def trap_proposal(ctx):
    a, b = ctx.rng.randrange(1, 5), ctx.rng.randrange(2, 9)
    return ctx.rng.choice([
        f"- Đề nghị Chủ tịch UBND thành phố xem xét tặng Bằng khen cho {T.count(a, pad=True)} tập thể và "
        f"{T.count(b, pad=True)} cá nhân có thành tích tiêu biểu, xuất sắc giai đoạn 2020-2025.",
        f"- Đề nghị thành phố tiếp tục hỗ trợ kinh phí để xây dựng, sửa chữa nhà ở cho {T.count(b + 10)} hộ "
        f"nghèo, hộ cận nghèo còn khó khăn về nhà ở.",
    ])


def trap_targets2(ctx, v):
    r = ctx.rng
    return r.choice([
        f"Mục tiêu đến năm 2030: giảm tỷ lệ hộ nghèo còn dưới {T.pct(r.choice([0.5, 0.8, 1]))}; tạo việc làm "
        f"mới cho bình quân {T.count(r.randrange(3, 8) * 100)} lao động/năm; 100% hộ nghèo có nhà ở an toàn.",
        f"Phấn đấu giai đoạn 2025-2030 mỗi năm có ít nhất {r.randrange(2, 6)} tập thể đạt danh hiệu Tập thể "
        f"lao động xuất sắc, {r.randrange(1, 4)} cá nhân đạt danh hiệu Chiến sĩ thi đua cấp tỉnh; tỷ lệ hài "
        f"lòng của người dân đạt trên {r.choice([95, 96, 98])}%.",
    ])


# ---------------------------------------------------------------- poor households (+ rate)

def _poor_common(ctx, v):
    ctx.fig("poor_households", v["P"])
    ctx.fig("poor_household_rate", v["rate"])
    return cnt(ctx, v["P"]), pct(ctx, v["rate"])


def poor_la(ctx, v):
    P, r = _poor_common(ctx, v)
    b = breakdown(ctx, "poor_households", v["Psub"], "hộ", con_ok=True)
    return b.close(f"{ctx.asof}, tổng số hộ nghèo toàn {ctx.dv} là {P} hộ{b.mid}, chiếm tỷ lệ {r} so với "
                   f"tổng số hộ dân cư")


def poor_colon(ctx, v):
    P, r = _poor_common(ctx, v)
    if ctx.rng.random() < 0.5:   # rate first, the count ends the sentence: any breakdown shape
        b = breakdown(ctx, "poor_households", v["Psub"], "hộ", con_ok=True)
        return b.close(f"Tỷ lệ hộ nghèo {ctx.when}: {r}; tổng số hộ nghèo trên địa bàn: {P} hộ{b.mid}")
    b = breakdown(ctx, "poor_households", v["Psub"], "hộ", where="mid")
    return [f"Tổng số hộ nghèo trên địa bàn {ctx.dv}: {P} hộ{b.mid}; tỷ lệ hộ nghèo: {r}."]


def poor_from_to(ctx, v):
    P, r = _poor_common(ctx, v)
    r0 = T.pct(round(v["rate"] + ctx.rng.uniform(1.5, 4.5), 2))
    b = breakdown(ctx, "poor_households", v["Psub"], "hộ nghèo", con_ok=True)
    return b.close(f"Tỷ lệ hộ nghèo giảm từ {r0} (năm 2021) xuống còn {r}, tương ứng {P} hộ nghèo{b.mid}")


def poor_con_voi(ctx, v):
    P, r = _poor_common(ctx, v)
    b = breakdown(ctx, "poor_households", v["Psub"], "hộ", con_ok=True)
    return b.close(f"Nhờ triển khai đồng bộ các chính sách, đến nay tỷ lệ hộ nghèo của {ctx.dv} còn {r} với "
                   f"{P} hộ{b.mid}")


def poor_num_first(ctx, v):
    P, r = _poor_common(ctx, v)
    b = breakdown(ctx, "poor_households", v["Psub"], "hộ", where="mid")
    return [f"{P} hộ nghèo còn lại trên địa bàn{b.mid} chiếm tỷ lệ {r}, chủ yếu là hộ người cao tuổi, neo "
            f"đơn, không có khả năng lao động, thuộc diện bảo trợ xã hội."]


def poor_paren_rate(ctx, v):
    P, r = _poor_common(ctx, v)
    b = breakdown(ctx, "poor_households", v["Psub"], "hộ", con_ok=True)
    return b.close(f"Công tác giảm nghèo được triển khai đồng bộ; hiện toàn {ctx.dv} còn {P} hộ nghèo "
                   f"(tỷ lệ {r}){b.mid}")


def poor_rate_first(ctx, v):
    P, r = _poor_common(ctx, v)
    b = breakdown(ctx, "poor_households", v["Psub"], "hộ", con_ok=True)
    return b.close(f"Qua rà soát theo chuẩn nghèo đa chiều giai đoạn 2022-2025, tỷ lệ hộ nghèo của {ctx.dv} "
                   f"là {r}; số hộ được xác định là hộ nghèo là {P} hộ{b.mid}")


def poor_luot(ctx, v):
    """'lần lượt là P hộ và N hộ' — poor and near-poor together (near-poor not written again)."""
    P, r = _poor_common(ctx, v)
    ctx.fig("near_poor_households", v["N"])
    ctx.near_done = True
    return [f"{ctx.asof}, số hộ nghèo và hộ cận nghèo trên địa bàn {ctx.dv} lần lượt là {P} hộ và "
            f"{cnt(ctx, v['N'])} hộ; tỷ lệ hộ nghèo là {r}, tỷ lệ hộ cận nghèo là {T.pct(near_rate(v))}."]


def poor_dat(ctx, v):
    P, r = _poor_common(ctx, v)
    b = breakdown(ctx, "poor_households", v["Psub"], "hộ", con_ok=True)
    return b.close(f"Mục tiêu giảm nghèo bền vững đạt và vượt kế hoạch: tỷ lệ hộ nghèo {ctx.when} đạt "
                   f"{r}, số hộ nghèo còn {P} hộ{b.mid}")


POOR_NEW = [poor_la, poor_colon, poor_from_to, poor_con_voi, poor_num_first, poor_paren_rate, poor_rate_first,
            poor_luot, poor_dat]


# ---------------------------------------------------------------- near-poor households

def _near(ctx, v):
    ctx.fig("near_poor_households", v["N"])
    return cnt(ctx, v["N"])


def near_colon(ctx, v):
    N = _near(ctx, v)
    b = breakdown(ctx, "near_poor_households", v.get("Nsub") or [], "hộ", where="mid")
    return [f"Hộ cận nghèo: {N} hộ{b.mid}, tỷ lệ hộ cận nghèo {T.pct(near_rate(v))}."]


def near_con(ctx, v):
    N = _near(ctx, v)
    b = breakdown(ctx, "near_poor_households", v.get("Nsub") or [], "hộ", con_ok=True)
    return b.close(f"Toàn {ctx.dv} còn {N} hộ cận nghèo{b.mid}")


def near_from_to(ctx, v):
    N = _near(ctx, v)
    n0 = v["N"] + ctx.rng.randrange(60, 300)
    b = breakdown(ctx, "near_poor_households", v.get("Nsub") or [], "hộ", con_ok=True)
    return b.close(f"Số hộ cận nghèo giảm từ {T.count(n0)} hộ (năm 2021) xuống còn {N} hộ{b.mid}")


def near_change(ctx, v):
    N = _near(ctx, v)
    d = ctx.rng.randrange(20, 150)
    b = breakdown(ctx, "near_poor_households", v.get("Nsub") or [], "hộ", where="mid")
    return [f"Về hộ cận nghèo, hiện còn {N} hộ{b.mid}, giảm {T.count(d)} hộ so với đầu nhiệm kỳ; tỷ lệ hộ cận "
            f"nghèo còn {T.pct(near_rate(v))}."]


def near_la(ctx, v):
    N = _near(ctx, v)
    b = breakdown(ctx, "near_poor_households", v.get("Nsub") or [], "hộ", con_ok=True)
    return b.close(f"Số hộ cận nghèo trên địa bàn {ctx.dv} là {N} hộ{b.mid}")


NEAR_NEW = [near_colon, near_con, near_from_to, near_change, near_la]


# ---------------------------------------------------------------- jobs

def _jobs(ctx, v):
    ctx.fig("jobs_created", v["J"])
    return cnt(ctx, v["J"])


def jobs_num_first(ctx, v):
    J = _jobs(ctx, v)
    avg = v["J"] // (5 if ctx.five_years else 6) + ctx.rng.randrange(1, 9)
    per = "năm" if ctx.five_years else "tháng"
    return [f"{J} lao động có việc làm mới trong {ctx.period}, bình quân {T.count(avg)} lao động/{per}, góp "
            f"phần tăng thu nhập, ổn định đời sống người dân."]


def jobs_dat(ctx, v):
    J = _jobs(ctx, v)
    x = ctx.rng.randrange(3, 25)
    return [f"Kết quả giải quyết việc làm {ctx.period} đạt {J} lượt lao động, vượt {x}% kế hoạch đề ra."]


def jobs_per_year(ctx, v):
    J = _jobs(ctx, v)
    if not ctx.five_years:
        return [f"Số lao động được giải quyết việc làm trong {ctx.period}: {J} người."]
    parts = _split_years(ctx, v["J"])
    inner = "; ".join(f"năm {y}: {T.count(n)}" for y, n in zip(range(2021, 2026), parts))
    inner = inner.replace("năm 2025:", "6 tháng đầu năm 2025:")
    return [f"Số lao động được giải quyết việc làm giai đoạn 2020-2025: {J} người ({inner})."]


def _split_years(ctx, total):
    w = [ctx.rng.uniform(0.8, 1.2) for _ in range(4)] + [0.5]
    s = sum(w)
    parts = [int(total * x / s) for x in w]
    parts[0] += total - sum(parts)
    return parts


def jobs_abroad(ctx, v):
    J = _jobs(ctx, v)
    k = max(4, v["J"] // ctx.rng.randrange(15, 40))
    return [f"Giải quyết việc làm mới cho {J} lao động, trong đó đi làm việc có thời hạn ở nước ngoài theo hợp "
            f"đồng {T.count(k)} người."]


def jobs_approx(ctx, v):
    J = _jobs(ctx, v)
    word = ctx.rng.choice(["gần", "hơn", "trên"])
    return [f"Công tác giải quyết việc làm có chuyển biến tích cực, tạo việc làm cho {word} {J} lao động trong "
            f"{ctx.period}."]


def jobs_training(ctx, v):
    J = _jobs(ctx, v)
    t = ctx.rng.randrange(150, 900)
    return [f"Đã phối hợp mở các lớp đào tạo nghề cho {T.count(t)} lao động nông thôn; qua đó, có {J} lao động "
            f"được giải quyết việc làm {ctx.period}."]


def jobs_nguoi(ctx, v):
    J = _jobs(ctx, v)
    return [f"Trong {ctx.period}, {J} người lao động được tạo việc làm mới thông qua các chương trình vay vốn "
            f"giải quyết việc làm, phát triển ngành nghề, dịch vụ."]


def jobs_colon(ctx, v):
    J = _jobs(ctx, v)
    return [f"Lao động được giải quyết việc làm mới ({ctx.period}): {J} lao động."]


JOBS_NEW = [jobs_num_first, jobs_dat, jobs_per_year, jobs_abroad, jobs_approx, jobs_training, jobs_nguoi,
            jobs_colon]


# ---------------------------------------------------------------- houses (+ cost, per-part costs)

def _houses(ctx, v, subs=True):
    ctx.fig("houses_supported", v["H"])
    ctx.fig("houses_supported_cost", v["C"])
    parts = [(s, h) for s, h, c in v["Hsub"]] if subs else []
    costs = {s: c for s, h, c in v["Hsub"]}
    return cnt(ctx, v["H"]), money(ctx, v["C"], "houses_supported_cost"), parts, costs


def _hbd(ctx, parts, costs, noun, where="any"):
    with_cost = ctx.rng.random() < 0.6
    return breakdown(ctx, "houses_supported", parts, noun, costs=costs if with_cost else None,
                     cost_metric="houses_supported_cost", where=where)


def houses_la(ctx, v):
    H, C, parts, costs = _houses(ctx, v)
    noun = ctx.rng.choice(["ngôi nhà", "nhà", "căn nhà"])
    b = _hbd(ctx, parts, costs, "nhà")
    return b.close(f"Tổng số nhà ở được hỗ trợ xây mới, sửa chữa cho hộ nghèo, hộ cận nghèo giai đoạn "
                   f"2020-2025 là {H} {noun} với tổng kinh phí {C}{b.mid}")


def houses_cost_first(ctx, v):
    H, C, parts, costs = _houses(ctx, v)
    b = _hbd(ctx, parts, costs, "hộ")
    return b.close(f"Với tổng kinh phí {C}, {ctx.dv} đã hỗ trợ xây dựng, sửa chữa nhà ở cho {H} hộ nghèo, "
                   f"hộ cận nghèo{b.mid}")


def houses_num_first(ctx, v):
    H, C, parts, costs = _houses(ctx, v)
    b = _hbd(ctx, parts, costs, "căn", where="mid")
    src1 = (v["C"] * 7 // 10) // 1_000_000 * 1_000_000
    return [f"{H} căn nhà của hộ nghèo, hộ cận nghèo đã được xây mới, sửa chữa{b.mid}, kinh phí thực hiện {C}, "
            f"trong đó vốn ngân sách {money(ctx, src1)}, vốn huy động xã hội hóa {money(ctx, v['C'] - src1)}."]


def houses_done(ctx, v):
    H, C, parts, costs = _houses(ctx, v, subs=False)
    k = ctx.rng.randrange(2, 9)
    return [f"Trong giai đoạn, đã hoàn thành xây dựng, sửa chữa {H} nhà ở cho hộ nghèo, hộ cận nghèo với tổng "
            f"kinh phí {C}; hiện còn {T.count(k, pad=True)} nhà đang thi công, dự kiến hoàn thành trong quý IV "
            f"năm 2025."]


def houses_x_of_y(ctx, v):
    H, C, parts, costs = _houses(ctx, v)
    per = v["C"] // max(1, v["H"])
    per = per // 100_000 * 100_000 or per
    b = _hbd(ctx, parts, costs, "nhà")
    return b.close(f"Hỗ trợ nhà ở cho hộ nghèo, hộ cận nghèo: hoàn thành {v['H']}/{v['H']} nhà theo kế hoạch, "
                   f"kinh phí {C} (mức hỗ trợ bình quân {T.money(per, 'dong')}/nhà){b.mid}")


def houses_split(ctx, v):
    H, C, parts, costs = _houses(ctx, v)
    a = max(1, v["H"] * ctx.rng.randrange(35, 65) // 100)
    b_ = v["H"] - a
    b = _hbd(ctx, parts, costs, "nhà", where="tail")
    return b.close(f"Đã hỗ trợ xây mới {T.count(a)} nhà và sửa chữa {T.count(b_)} nhà ở cho hộ nghèo, hộ cận "
                   f"nghèo, tổng cộng {H} nhà; tổng kinh phí thực hiện {C}")


def houses_bullets(ctx, v):
    H, C, parts, costs = _houses(ctx, v)
    if len(parts) < 2:
        return [f"Kết quả hỗ trợ xây dựng, sửa chữa nhà ở cho hộ nghèo, hộ cận nghèo: {H} hộ, tổng kinh phí {C}."]
    for s, h in parts:
        ctx.fig("houses_supported", h, s)
        ctx.fig("houses_supported_cost", costs[s], s)
    st = name_style(ctx)
    form = ctx.rng.choice(["- {n}: {h} hộ, kinh phí {m};", "- {n}: {h} nhà - {m};", "+ {n} {h} hộ ({m});",
                           "- {n} hỗ trợ {h} nhà với số tiền {m};"])
    lines = [form.format(n=cap(name_form(ctx, s, st)), h=cnt(ctx, h, words_ok=True), m=money(ctx, costs[s]))
             for s, h in parts]
    lines[-1] = lines[-1][:-1] + "."
    return [f"Kết quả hỗ trợ xây dựng, sửa chữa nhà ở cho hộ nghèo, hộ cận nghèo: {H} hộ, tổng kinh phí {C}, "
            f"cụ thể:"] + lines


HOUSES_NEW = [houses_la, houses_cost_first, houses_num_first, houses_done, houses_x_of_y, houses_split,
              houses_bullets]


# ---------------------------------------------------------------- makeshift houses (+ cost)

def _mk(ctx, v):
    ctx.fig("makeshift_houses_removed", v["M"])
    ctx.fig("makeshift_houses_removed_cost", v["MC"])
    return cnt(ctx, v["M"], words_ok=True), money(ctx, v["MC"], "makeshift_houses_removed_cost")


def _mbd(ctx, v, noun, where="any"):
    subs = v.get("Msub") or []
    if len(subs) == 1:
        b = Bd()
        b.mid = single_tie(ctx, "makeshift_houses_removed", subs[0][0], subs[0][1])
        return b
    return breakdown(ctx, "makeshift_houses_removed", subs, noun, where=where)


def mk_program(ctx, v):
    M, C = _mk(ctx, v)
    b = _mbd(ctx, v, "nhà")
    tail = ""
    if ctx.rng.random() < 0.5:
        tail = (f" (mức hỗ trợ {ctx.rng.choice(['60 triệu đồng/nhà xây mới, 30 triệu đồng/nhà sửa chữa', '50 triệu đồng/căn', '40.000.000 đồng/nhà'])})")
    return b.close(f"Thực hiện Chương trình xóa nhà tạm, nhà dột nát, {ctx.dv} đã hoàn thành {M} nhà{b.mid} "
                   f"với tổng kinh phí {C}{tail}")


def mk_num_first(ctx, v):
    M, C = _mk(ctx, v)
    b = _mbd(ctx, v, "căn", where="mid")
    return [f"{cap(M)} căn nhà tạm, nhà dột nát trên địa bàn đã được xóa{b.mid}, tổng kinh phí {C} từ nguồn "
            f"ngân sách và xã hội hóa."]


def mk_cost_first(ctx, v):
    M, C = _mk(ctx, v)
    b = _mbd(ctx, v, "ngôi nhà")
    return b.close(f"Huy động {C} để xóa {M} ngôi nhà tạm, nhà dột nát cho hộ nghèo, hộ có hoàn cảnh khó "
                   f"khăn{b.mid}")


def mk_needs(ctx, v):
    M, C = _mk(ctx, v)
    need = v["M"] + ctx.rng.randrange(1, 6)
    b = _mbd(ctx, v, "nhà")
    return b.close(f"Qua rà soát, toàn {ctx.dv} có {T.count(need, pad=True)} nhà tạm, nhà dột nát cần hỗ trợ; "
                   f"đến nay đã xóa {M} nhà{b.mid} với kinh phí {C}")


def mk_colon(ctx, v):
    M, C = _mk(ctx, v)
    b = _mbd(ctx, v, "nhà", where="mid")
    return [f"Kết quả xóa nhà tạm, nhà dột nát: {M} nhà{b.mid}; kinh phí thực hiện: {C}."]


MAKESHIFT_NEW = [mk_program, mk_num_first, mk_cost_first, mk_needs, mk_colon]


# ---------------------------------------------------------------- satisfaction

def _sat(ctx, v):
    ctx.fig("satisfaction_rate", v["S"])
    return pct(ctx, v["S"])


def sat_colon(ctx, v):
    s = _sat(ctx, v)
    return [f"Mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính: {s}."]


def sat_num_first(ctx, v):
    s = _sat(ctx, v)
    return [f"{s} người dân, tổ chức được khảo sát hài lòng với chất lượng giải quyết thủ tục hành chính tại "
            f"Bộ phận Một cửa."]


def sat_la(ctx, v):
    s = _sat(ctx, v)
    d = T.pct(round(ctx.rng.uniform(2, 9), 1))
    return [f"Tỷ lệ người dân hài lòng về sự phục vụ của UBND {ctx.dv} là {s}, tăng {d} so với năm 2020."]


def sat_sipas(ctx, v):
    s = _sat(ctx, v)
    x = T.pct(round(ctx.rng.uniform(96, 99.9), 1))
    return [f"Chỉ số hài lòng của người dân (SIPAS) năm 2024 của {ctx.dv} đạt {s}; tỷ lệ hồ sơ giải quyết đúng "
            f"và trước hạn đạt {x}."]


def sat_target(ctx, v):
    s = _sat(ctx, v)
    return [f"Kết quả khảo sát năm 2024, người dân đánh giá hài lòng đạt tỷ lệ {s}; phấn đấu năm 2025 đạt trên "
            f"{ctx.rng.choice([96, 97, 98])}%."]


SAT_NEW = [sat_colon, sat_num_first, sat_la, sat_sipas, sat_target]


# ---------------------------------------------------------------- awards

PEF, ELC, FLAG, MCC, MCI, ALI, GEF, ALC = (
    "award_provincial_emulation_fighter", "award_excellent_labor_collective", "award_emulation_flag",
    "award_merit_certificate_collective", "award_merit_certificate_individual",
    "award_advanced_labor_individual", "award_grassroots_emulation_fighter", "award_advanced_labor_collective")


def award_titles(ctx):
    """Per report: quoted or not, abbreviated or not (each title on its own)."""
    rng = ctx.rng
    q = rng.random() < 0.4
    ab = rng.random() < 0.45

    def t(full, abbr=None, alt=()):
        opts = [full] + list(alt)
        pick = rng.choice(opts)
        if abbr and ab and rng.random() < 0.7:
            return abbr
        return f"“{pick}”" if q else pick
    return {
        PEF: t("Chiến sĩ thi đua cấp tỉnh", None, ("Chiến sỹ thi đua cấp tỉnh", "Chiến sĩ thi đua tỉnh")),
        ELC: t("Tập thể lao động xuất sắc", "TTLĐXS", ("Tập thể Lao động xuất sắc",)),
        ALI: t("Lao động tiên tiến", "LĐTT"),
        GEF: t("Chiến sĩ thi đua cơ sở", "CSTĐCS", ("Chiến sĩ thi đua cấp cơ sở", "Chiến sỹ thi đua cơ sở")),
        ALC: t("Tập thể lao động tiên tiến", "TTLĐTT", ("Tập thể Lao động tiên tiến",)),
        FLAG: rng.choice(["Cờ thi đua của UBND tỉnh", "Cờ thi đua của Ủy ban nhân dân tỉnh",
                          "Cờ thi đua của UBND tỉnh Thừa Thiên Huế"]),
        "merit": rng.choice(["Bằng khen của Chủ tịch UBND tỉnh", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
                             "Bằng khen của Chủ tịch UBND thành phố Huế", "Bằng khen của UBND tỉnh"]),
    }


def _ac(ctx, n, big=False):
    return cnt(ctx, n, words_ok=not big)


def award_clauses(ctx, a, t):
    """One clause per metric (merit and LĐTT may pair collective and individual); records truth."""
    rng = ctx.rng
    out = []
    for k in (PEF, ELC, FLAG, MCC, MCI, ALI, GEF, ALC):
        if k in a:
            ctx.fig(k, a[k])
    x = {k: _ac(ctx, a[k], big=k in (ALI, GEF, ALC)) for k in a}
    out.append(rng.choice([
        f"{x[PEF]} cá nhân được công nhận danh hiệu {t[PEF]}",
        f"{x[PEF]} cá nhân đạt danh hiệu {t[PEF]}",
        f"{x[PEF]} lượt cá nhân đạt danh hiệu {t[PEF]}",
        f"{x[PEF]} đồng chí được tặng danh hiệu {t[PEF]}",
        f"{x[PEF]} {t[PEF].strip('“”')}",
    ]))
    out.append(rng.choice([
        f"{x[ELC]} tập thể đạt danh hiệu {t[ELC]}",
        f"{x[ELC]} lượt tập thể được công nhận danh hiệu {t[ELC]}",
        f"danh hiệu {t[ELC]} cho {x[ELC]} tập thể",
    ]))
    out.append(rng.choice([
        f"{x[FLAG]} tập thể được tặng {t[FLAG]}",
        f"{t[FLAG]} cho {x[FLAG]} tập thể",
        f"{x[FLAG]} {t[FLAG]}",
    ]))
    out.append(rng.choice([
        f"{x[MCC]} tập thể và {x[MCI]} cá nhân được tặng {t['merit']}",
        f"{t['merit']} cho {x[MCC]} tập thể, {x[MCI]} cá nhân",
        f"{t['merit']}: {x[MCC]} tập thể và {x[MCI]} cá nhân",
        f"{x[MCI]} cá nhân và {x[MCC]} tập thể được tặng {t['merit']}",
    ]))
    lt = t[ALI].strip("“”")
    if lt == "Lao động tiên tiến" and rng.random() < 0.35:
        out.append(rng.choice([
            f"danh hiệu {t[ALI]} cho {x[ALC]} tập thể và {x[ALI]} cá nhân",
            f"{x[ALC]} tập thể và {x[ALI]} cá nhân đạt danh hiệu {t[ALI]}",
        ]))
    else:
        out.append(rng.choice([
            f"{x[ALI]} cá nhân đạt danh hiệu {t[ALI]}",
            f"{x[ALI]} lượt cá nhân được công nhận danh hiệu {t[ALI]}",
            f"danh hiệu {t[ALI]} cho {x[ALI]} lượt cá nhân",
        ]))
        out.append(rng.choice([
            f"{x[ALC]} tập thể đạt danh hiệu {t[ALC]}",
            f"{x[ALC]} lượt tập thể đạt {t[ALC]}",
            f"danh hiệu {t[ALC]} cho {x[ALC]} tập thể",
        ]))
    out.append(rng.choice([
        f"{x[GEF]} cá nhân đạt danh hiệu {t[GEF]}",
        f"{x[GEF]} lượt cá nhân đạt danh hiệu {t[GEF]}",
        f"danh hiệu {t[GEF]} cho {x[GEF]} cá nhân",
        f"{x[GEF]} đồng chí được công nhận danh hiệu {t[GEF]}",
    ]))
    return out


def award_distractors(ctx):
    rng = ctx.rng
    gk1, gk2 = rng.randrange(40, 260), rng.randrange(120, 700)
    return [
        f"Chủ tịch UBND {ctx.dv} tặng Giấy khen cho {T.count(gk1)} tập thể và {T.count(gk2)} cá nhân có thành tích "
        f"xuất sắc trong các phong trào thi đua.",
        f"Ngoài ra, {T.count(rng.randrange(1, 4), pad=True)} tập thể được Chủ tịch nước tặng Huân chương Lao động "
        f"hạng Ba; {T.count(rng.randrange(2, 12), pad=True)} cá nhân được tặng Kỷ niệm chương “Vì sự nghiệp thi đua "
        f"- khen thưởng”.",
        f"Hiện đang hoàn thiện hồ sơ đề nghị Chủ tịch UBND thành phố tặng Bằng khen cho "
        f"{T.count(rng.randrange(2, 6), pad=True)} tập thể và {T.count(rng.randrange(3, 10), pad=True)} cá nhân.",
    ]


def awards_new(ctx, a, mode):
    """Awards section paragraphs in one of several layouts."""
    rng = ctx.rng
    t = award_titles(ctx)
    cl = award_clauses(ctx, a, t)
    dis = award_distractors(ctx)
    if mode == 0:   # one long sentence
        order = cl[:]
        rng.shuffle(order)
        head = rng.choice(["Trong giai đoạn 2020-2025, kết quả khen thưởng: ",
                           "Tổng hợp kết quả khen thưởng trong 5 năm: ", "Kết quả khen thưởng: "])
        return [head + "; ".join(order) + ".", rng.choice(dis)]
    if mode == 1:   # bullets, mixed with distractor bullets
        lines = [f"- {cap(c)};" for c in cl]
        lines.insert(rng.randrange(len(lines)), "- Giấy khen của Chủ tịch UBND " + ctx.dv + ": "
                     f"{T.count(rng.randrange(150, 600))} lượt tập thể, cá nhân;")
        lines[-1] = lines[-1][:-1] + "."
        return [rng.choice(["Kết quả công tác khen thưởng giai đoạn 2020-2025 như sau:",
                            "Trong 5 năm, công tác khen thưởng đạt kết quả cụ thể:"])] + lines
    if mode == 2:   # by level, a) b)
        prov, local = cl[:4], cl[4:]
        return ["a) Khen thưởng cấp tỉnh: " + "; ".join(prov) + ".",
                f"b) Khen thưởng theo thẩm quyền của Chủ tịch UBND {ctx.dv}: " + "; ".join(local) + ".",
                dis[0]]
    # mode 3: two sentences, distractor first
    return [rng.choice(dis[1:]), "Bên cạnh đó, " + "; ".join(cl[:4]) + ". Ở cấp cơ sở, " + "; ".join(cl[4:]) + "."]


def award_table(ctx, a):
    """'TT | Hình thức khen thưởng | Tập thể | Cá nhân' with Giấy khen / Huân chương rows (not figures)."""
    rng = ctx.rng
    for k in (PEF, ELC, FLAG, MCC, MCI, ALI, GEF, ALC):
        ctx.fig(k, a[k])
    c = lambda n: T.count(n, pad=rng.random() < 0.5)  # noqa: E731
    rows = [
        ("Cờ thi đua của UBND tỉnh", c(a[FLAG]), "-"),
        ("Bằng khen của Chủ tịch UBND tỉnh", c(a[MCC]), c(a[MCI])),
        ("Danh hiệu Chiến sĩ thi đua cấp tỉnh", "-", c(a[PEF])),
        ("Danh hiệu Tập thể lao động xuất sắc", c(a[ELC]), "-"),
        ("Danh hiệu Chiến sĩ thi đua cơ sở", "-", T.count(a[GEF])),
        ("Danh hiệu Lao động tiên tiến", "-", T.count(a[ALI])),
        ("Danh hiệu Tập thể lao động tiên tiến", T.count(a[ALC]), "-"),
        (f"Giấy khen của Chủ tịch UBND {ctx.dv}", T.count(rng.randrange(40, 200)), T.count(rng.randrange(100, 600))),
    ]
    if rng.random() < 0.5:
        rows.insert(0, ("Huân chương Lao động hạng Ba", "01", "-"))
    body = [[str(i + 1), r[0], r[1], r[2]] for i, r in enumerate(rows)]
    return ("table", [["TT", "Hình thức khen thưởng", "Tập thể", "Cá nhân"]] + body, [1.2, 8.8, 3, 3])


# ---------------------------------------------------------------- tables of results

def results_table(ctx, v, rows_wanted, style):
    """A table of the period's results. Only the achieved column gives truth rows; plan/target,
    start-of-period and comparison columns and the distractor rows do not."""
    rng = ctx.rng
    rows = []

    def add(label, unit, val, metric=None, fig_value=None):
        rows.append((label, unit, val, metric, fig_value))
    for m in rows_wanted:
        if m == "poor_households":
            add("Số hộ nghèo", "hộ", T.count(v["P"]), m, v["P"])
        elif m == "poor_household_rate":
            add("Tỷ lệ hộ nghèo", "%", T.dec(v["rate"]), m, v["rate"])
        elif m == "near_poor_households":
            add("Số hộ cận nghèo", "hộ", T.count(v["N"]), m, v["N"])
        elif m == "near_rate":
            add("Tỷ lệ hộ cận nghèo", "%", T.dec(v["nrate"]))
        elif m == "jobs_created":
            add("Lao động được giải quyết việc làm", rng.choice(["lao động", "người"]), T.count(v["J"]), m, v["J"])
        elif m == "houses_supported":
            add("Nhà ở hỗ trợ xây mới, sửa chữa cho hộ nghèo, cận nghèo", "nhà", T.count(v["H"]), m, v["H"])
        elif m == "houses_supported_cost":
            if v["C"] % 100_000 == 0 and (style == "plan" or rng.random() < 0.6):
                add("Kinh phí hỗ trợ nhà ở", "triệu đồng", T.dec(v["C"] / 1_000_000, 1), m, v["C"])
            else:
                add("Kinh phí hỗ trợ nhà ở", "đồng", T.count(v["C"]), m, v["C"])
        elif m == "makeshift_houses_removed":
            add("Xóa nhà tạm, nhà dột nát", "nhà", T.count(v["M"], pad=True), m, v["M"])
        elif m == "makeshift_houses_removed_cost":
            add("Kinh phí xóa nhà tạm, nhà dột nát", "triệu đồng", T.dec(v["MC"] / 1_000_000, 1), m, v["MC"])
        elif m == "satisfaction_rate":
            add("Tỷ lệ hài lòng của người dân", "%", T.dec(v["S"]), m, v["S"])
        elif m == "income":
            add("Thu nhập bình quân đầu người", "triệu đồng/người/năm", T.dec(round(rng.uniform(45, 75), 1)))
        elif m == "bhyt":
            add("Tỷ lệ người dân tham gia bảo hiểm y tế", "%", T.dec(round(rng.uniform(90, 98), 1)))
        elif m == "escaped":
            add("Số hộ thoát nghèo trong giai đoạn", "hộ", T.count(rng.randrange(60, 400)))
    for _, _, _, metric, fv in rows:
        if metric:
            ctx.fig(metric, fv)
    if style == "plan":   # Kế hoạch | Thực hiện | Tỷ lệ (%)
        head = ["TT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện", "So với KH (%)"]
        body = []
        for i, (label, unit, val, metric, fv) in enumerate(rows):
            plan = "-"
            ratio = "-"
            if metric in ("jobs_created", "houses_supported", "makeshift_houses_removed"):
                pv = max(1, int(fv * rng.uniform(0.8, 0.97)))
                plan = T.count(pv)
                ratio = T.dec(round(fv * 100 / pv, 1))
            elif metric == "poor_household_rate":
                plan = "< " + T.dec(round(fv + rng.uniform(0.2, 1.0), 1))
                ratio = "Đạt"
            body.append([str(i + 1), label, unit, plan, val, ratio])
        return ("table", [head] + body, [1.0, 5.4, 2.3, 2.2, 3.1, 2.0])
    if style == "startend":   # Năm 2020 | Năm 2025 (stock indicators only)
        head = ["TT", "Chỉ tiêu", "ĐVT", "Đầu kỳ (2020)", "Cuối kỳ (2025)"]
        body = []
        for i, (label, unit, val, metric, fv) in enumerate(rows):
            if metric in ("poor_households", "near_poor_households"):
                start = T.count(fv + rng.randrange(60, 300))
            elif metric == "poor_household_rate":
                start = T.dec(round(fv + rng.uniform(1.5, 4), 2))
            elif metric == "satisfaction_rate":
                start = T.dec(round(fv - rng.uniform(3, 8), 1))
            else:
                start = "-"
            body.append([str(i + 1), label, unit, start, val])
        return ("table", [head] + body, [1.1, 7.2, 2.4, 2.6, 2.7])
    head = rng.choice([["TT", "Chỉ tiêu", "Đơn vị", "Kết quả"], ["STT", "Nội dung", "Đơn vị tính", "Kết quả đạt được"]])
    body = [[str(i + 1), label, unit, val] for i, (label, unit, val, _, _) in enumerate(rows)]
    return ("table", [head] + body, [1.2, 8.2, 3.0, 3.6])


def subunit_table(ctx, v, with_near):
    """'TT | Địa bàn (cũ) | Hộ nghèo | Hộ cận nghèo' with a 'Tổng cộng' row."""
    rng = ctx.rng
    st = name_style(ctx)
    st["cu"] = None
    head = ["TT", rng.choice(["Địa bàn (xã, phường cũ)", "Đơn vị", "Xã, phường trước sắp xếp"]), "Hộ nghèo"]
    if with_near:
        head.append("Hộ cận nghèo")
    nsub = dict(v.get("Nsub") or [])
    body = []
    for i, (s, n) in enumerate(v["Psub"]):
        ctx.fig("poor_households", n, s)
        row = [str(i + 1), cap(name_form(ctx, s, st)), T.count(n)]
        if with_near:
            ctx.fig("near_poor_households", nsub[s], s)
            row.append(T.count(nsub[s]))
        body.append(row)
    ctx.fig("poor_households", v["P"])
    tot = ["", "Tổng cộng", T.count(v["P"])]
    if with_near:
        ctx.fig("near_poor_households", v["N"])
        tot.append(T.count(v["N"]))
    widths = [1.2, 7.8, 3.5, 3.5] if with_near else [1.2, 9.8, 5.0]
    return ("table", [head] + body + [tot], widths)
