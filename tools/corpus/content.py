"""Report bodies (blocks for fodt.render) and the figures they state.

Every figure sentence is produced here together with its truth rows, so the ground
truth is written from the same data that is rendered. Numbers that must NOT be in the
truth (plan targets, start-of-period values, per-year values, document numbers and
dates, funding sources, Giấy khen counts…) are produced by the `trap_*` helpers.
"""
import os
import textutil as T
import phrases as PH

HERE = os.path.dirname(os.path.abspath(__file__))

EMU_SECTIONS = ["leadership", "movements", "role_models", "awards_work", "limitations", "causes",
                "lessons", "objectives", "directions", "tasks", "solutions", "recommendations",
                "recipients", "signature_block"]
EMU_REQUIRED = {"leadership", "movements", "awards_work", "limitations", "directions", "tasks",
                "recipients", "signature_block"}
SOC_SECTIONS = ["economy", "culture_society", "defense_security", "administration", "limitations",
                "tasks", "recipients", "signature_block"]
SOC_REQUIRED = {"economy", "culture_society", "defense_security", "tasks", "recipients", "signature_block"}


def load_seed():
    out = []
    with open(os.path.join(HERE, "seed_569.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            tag, text = line.split("|", 1)
            out.append((tag, text))
    return out


SEED = load_seed()


def seed_para(prefix):
    for tag, text in SEED:
        if tag == "p" and text.startswith(prefix):
            return text
    raise KeyError(prefix)


class Ctx:
    """Per-report context: unit words and the figures collected while writing."""

    def __init__(self, rng, unit_short, is_xa, subunits):
        self.rng = rng
        self.name = unit_short          # "Kim Trà"
        self.dv = "xã" if is_xa else "phường"
        self.subs = subunits            # [(display prefix, name)] e.g. ("xã", "Hương Toàn")
        self.figures = []
        self.period = "giai đoạn 2020-2025"      # what jobs are counted over
        self.five_years = True
        self.asof = rng.choice(["Theo kết quả rà soát cuối năm 2024", "Đến cuối năm 2024",
                                "Tính đến thời điểm báo cáo"])
        self.when = rng.choice(["cuối năm 2024", "đến nay"])
        self.in_table = set()           # metrics that a table of this report states too
        self.near_done = False          # near-poor households already written with the poor ones

    def six_months(self):
        self.period = "6 tháng đầu năm 2025"
        self.five_years = False
        self.asof = "Tính đến ngày 30/6/2025"
        self.when = "tính đến ngày 30/6/2025"

    def prefix(self, name):
        for p, n in self.subs:
            if n == name:
                return p
        return "xã"

    def fig(self, metric, value, subunit="", optional=False):
        row = {"metric": metric, "subunit": subunit, "value": value}
        if optional:
            row["optional"] = True
        self.figures.append(row)

    def adapt(self, text):
        """Re-use a paragraph of the seed for another unit."""
        t = text.replace("phường Kim Trà", f"{self.dv} {self.name}").replace("Kim Trà", self.name)
        if self.dv == "xã":
            t = t.replace("phường", "xã").replace("Phường", "Xã")
        return t

    def c(self, n):
        """A count, zero-padded now and then ("03")."""
        return T.count(n, pad=self.rng.random() < 0.5)

    def money(self, v, prefer=None):
        styles = [prefer] if prefer else []
        styles += self.rng.sample(list(T.MONEY_STYLES), len(T.MONEY_STYLES))
        for s in styles:
            if s and T.money_ok(v, s):
                return T.money(v, s)
        return T.money(v, "dong")

    def pct(self, x):
        return T.pct(x, space=self.rng.random() < 0.35)


# ---------------------------------------------------------------- breakdowns

def breakdown(ctx, pairs, noun, style=None):
    """pairs: [(subunit, formatted value)] -> '(Hương Toàn: 42 hộ, …)'"""
    rng = ctx.rng
    if not pairs:
        return ""
    style = style if style is not None else rng.randrange(4)
    prefixes = {n: p for p, n in ctx.subs}
    if style == 0:
        inner = ", ".join(f"{s}: {v} {noun}" for s, v in pairs)
        return f"({inner})"
    if style == 1:
        inner = "; ".join(f"{s} {v} {noun}" for s, v in pairs)
        return f"(trong đó: {inner})"
    if style == 2:
        parts = [f"{prefixes.get(s, 'xã')} {s} có {v} {noun}" for s, v in pairs]
        inner = ", ".join(parts[:-1]) + " và " + parts[-1] if len(parts) > 1 else parts[0]
        return f"({inner})"
    inner = " - ".join(f"{prefixes.get(s, 'xã')} {s}: {v} {noun}" for s, v in pairs)
    return f"({inner})"


def split_total(rng, total, k, mismatch=False):
    """Split total into k positive parts; with mismatch the parts do not add up."""
    if k == 0:
        return []
    if k == 1:
        parts = [total]
    else:
        cuts = sorted(rng.sample(range(1, total), k - 1)) if total > k else list(range(1, k))
        parts = [b - a for a, b in zip([0] + cuts, cuts + [total])]
        parts = [max(1, p) for p in parts]
        parts[-1] = total - sum(parts[:-1])
        if parts[-1] <= 0:
            parts = [total // k] * k
            parts[-1] = total - sum(parts[:-1])
    if mismatch:
        i = rng.randrange(len(parts))
        parts[i] += rng.choice([-3, -2, 2, 3, 5]) if parts[i] > 5 else 4
    return parts


# ---------------------------------------------------------------- figure sentences (emulation)

def s_poor(ctx, v, phr):
    """poor_households (+ rate). v: dict with P, Psub, rate, mismatch."""
    rng = ctx.rng
    P, rate = v["P"], v["rate"]
    subs = v["Psub"]
    ctx.fig("poor_households", P)
    for s, n in subs:
        ctx.fig("poor_households", n, s)
    ctx.fig("poor_household_rate", rate)
    r = ctx.pct(rate)
    if phr == 0 and subs:   # the seed's own shape
        inner = ", ".join(f"{s}: {T.count(n)} hộ" for s, n in subs)
        return (f"Đến cuối năm 2025, tỷ lệ hộ nghèo trên địa bàn {ctx.dv} còn {r} "
                f"({T.count(P)} hộ: {inner}).")
    bd = breakdown(ctx, [(s, T.count(n)) for s, n in subs], "hộ")
    if phr == 1:
        return (f"Theo kết quả rà soát hộ nghèo, hộ cận nghèo cuối năm 2024, toàn {ctx.dv} còn "
                f"{T.count(P)} hộ nghèo {bd}, chiếm tỷ lệ {r} so với tổng số hộ dân cư.")
    if phr == 2:
        return (f"Công tác giảm nghèo đạt kết quả tích cực: số hộ nghèo giảm còn {T.count(P)} hộ {bd}; "
                f"tỷ lệ hộ nghèo còn {r}, hoàn thành chỉ tiêu Nghị quyết Đại hội đề ra.")
    return (f"Hiện nay trên địa bàn {ctx.dv} có {T.count(P)} hộ nghèo {bd}, tỷ lệ hộ nghèo "
            f"là {r}; không còn hộ nghèo thuộc diện chính sách người có công.")


def s_near_poor(ctx, v, phr):
    N = v["N"]
    ctx.fig("near_poor_households", N)
    subs = v.get("Nsub") or []
    for s, n in subs:
        ctx.fig("near_poor_households", n, s)
    bd = (" " + breakdown(ctx, [(s, T.count(n)) for s, n in subs], "hộ")) if subs else ""
    if phr == 0:
        return f"Số hộ cận nghèo còn {T.count(N)} hộ{bd}, giảm đáng kể so với đầu giai đoạn."
    if phr == 1:
        return (f"Toàn {ctx.dv} hiện có {T.count(N)} hộ cận nghèo{bd}; các hộ đều được cấp thẻ bảo hiểm "
                f"y tế theo quy định.")
    return (f"Bên cạnh đó, hộ cận nghèo trên địa bàn là {T.count(N)} hộ{bd}, được tiếp cận đầy đủ các "
            f"chính sách hỗ trợ về y tế, giáo dục, tín dụng ưu đãi.")


def s_jobs(ctx, v, phr):
    J = v["J"]
    ctx.fig("jobs_created", J)
    if phr == 0:
        return (f"tạo việc làm mới, tăng việc làm thêm cho lao động hàng năm, giai đoạn 2020-2025 có "
                f"{T.count(J)} lao động được giải quyết việc làm.")
    if phr == 1:
        y = max(50, J // 5 + ctx.rng.randrange(-40, 40))
        return (f"Trong 5 năm qua, đã giải quyết việc làm cho {T.count(J)} lao động (riêng năm 2024 là "
                f"{T.count(y)} lao động), góp phần nâng cao thu nhập cho người dân.")
    if phr == 2:
        ab = max(5, J // 20)
        return (f"Số lao động được tạo việc làm trong giai đoạn 2020-2025 đạt {T.count(J)} người, "
                f"trong đó có {T.count(ab)} lao động đi làm việc ở nước ngoài theo hợp đồng.")
    return (f"Công tác đào tạo nghề gắn với giải quyết việc làm được chú trọng; giai đoạn 2020-2025 "
            f"đã giải quyết việc làm cho {T.count(J, sep=False)} lao động.")


def s_houses(ctx, v, phr):
    H, C, subs = v["H"], v["C"], v["Hsub"]   # subs: [(name, houses, cost)]
    ctx.fig("houses_supported", H)
    ctx.fig("houses_supported_cost", C)
    for s, h, c in subs:
        ctx.fig("houses_supported", h, s)
        ctx.fig("houses_supported_cost", c, s)
    if phr == 0 and subs:   # seed shape
        parts = []
        for i, (s, h, c) in enumerate(subs):
            if i == 0:
                parts.append(f"{s}: {T.count(h)} hộ nghèo, hộ cận nghèo với tổng kinh phí thực hiện {ctx.money(c)}")
            else:
                parts.append(f"{s}: {T.count(h)} hộ, với tổng kinh phí {ctx.money(c)}")
        return (f"Trong 05 năm qua, UBND {ctx.dv} đã phối hợp UBMTTQVN {ctx.dv} và các ban ngành thực hiện "
                f"xây dựng, sửa chữa nhà ở cho {T.count(H)} hộ nghèo, hộ cận nghèo, với tổng kinh phí "
                f"{ctx.money(C)} ({', '.join(parts)}).")
    if phr == 1:
        inner = "; ".join(f"{s}: {T.count(h)} nhà - {ctx.money(c)}" for s, h, c in subs)
        inner = f" ({inner})" if inner else ""
        return (f"Giai đoạn 2020-2025, đã hỗ trợ xây mới và sửa chữa {T.count(H)} nhà ở cho hộ nghèo, "
                f"hộ cận nghèo, tổng kinh phí hỗ trợ là {ctx.money(C)}{inner}.")
    src1 = (C * 6 // 10) // 500_000 * 500_000
    src2 = C - src1
    inner = ", ".join(f"{s} {T.count(h)} hộ với {ctx.money(c)}" for s, h, c in subs)
    inner = f" ({inner})" if inner else ""
    return (f"Tổng số hộ nghèo, cận nghèo được hỗ trợ xây dựng, sửa chữa nhà ở là {T.count(H)} hộ"
            f"{inner}. Tổng kinh phí thực hiện {ctx.money(C)}, trong đó ngân sách nhà nước "
            f"{ctx.money(src1)}, vận động xã hội hóa {ctx.money(src2)}.")


def s_makeshift(ctx, v, phr):
    M, C = v["M"], v["MC"]
    subs = v.get("Msub") or []
    ctx.fig("makeshift_houses_removed", M)
    ctx.fig("makeshift_houses_removed_cost", C)
    for s, m in subs:
        ctx.fig("makeshift_houses_removed", m, s, optional=(len(subs) == 1))
    if phr == 0 and len(subs) == 1:
        pre = [p for p, n in ctx.subs if n == subs[0][0]][0]
        return (f"Trong thời gian qua thực hiện văn bản cấp trên địa phương đã triển khai thực hiện kế hoạch "
                f"xoá nhà tạm, nhà dột nát trên địa bàn {ctx.dv} đã tổ chức sửa chữa {ctx.c(M)} nhà "
                f"({pre} {subs[0][0]}) với tổng số tiền {ctx.money(C)}.")
    if phr in (0, 1):
        bd = (" " + breakdown(ctx, [(s, ctx.c(m)) for s, m in subs], "nhà")) if subs else ""
        return (f"Hưởng ứng phong trào, {ctx.dv} đã hoàn thành xóa {ctx.c(M)} nhà tạm, nhà dột nát{bd} "
                f"với tổng kinh phí {ctx.money(C)}, huy động từ ngân sách và các nguồn xã hội hóa.")
    bd = (" " + breakdown(ctx, [(s, ctx.c(m)) for s, m in subs], "căn")) if subs else ""
    return (f"Kết quả, đã hỗ trợ xóa {ctx.c(M)} căn nhà tạm, nhà dột nát{bd} cho hộ nghèo, hộ có hoàn cảnh "
            f"khó khăn; tổng kinh phí thực hiện là {ctx.money(C)}, bàn giao nhà trước thời hạn.")


def s_satisfaction(ctx, v, phr):
    S = v["S"]
    ctx.fig("satisfaction_rate", S)
    s = ctx.pct(S)
    if phr == 0:
        return (f"Thực hiện giải quyết nhanh chóng các thủ tục hành chính được công dân đánh giá mức độ "
                f"hài lòng của người dân ngày càng được nâng lên, mức độ rất hài lòng của người dân luôn "
                f"đạt trên {s}... qua đó khẳng định, cán bộ, công chức có năng lực, nhiệt tình, trách "
                f"nhiệm với công việc.")
    if phr == 1:
        return (f"Tỷ lệ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước "
                f"đạt {s}; 100% hồ sơ được tiếp nhận, giải quyết qua Bộ phận Một cửa.")
    return (f"Chỉ số hài lòng của người dân về giải quyết thủ tục hành chính tại Bộ phận Một cửa của "
            f"{ctx.dv} đạt {s}, thuộc nhóm dẫn đầu của thị xã.")


AWARD_KEYS = ["award_provincial_emulation_fighter", "award_excellent_labor_collective", "award_emulation_flag",
              "award_merit_certificate_collective", "award_merit_certificate_individual",
              "award_advanced_labor_individual", "award_grassroots_emulation_fighter",
              "award_advanced_labor_collective"]


def s_awards(ctx, a, phr):
    """Returns a list of paragraphs for the awards_work section."""
    for k in AWARD_KEYS:
        if k in a:
            ctx.fig(k, a[k])
    c = ctx.c
    g = lambda k: a.get(k)  # noqa: E731
    out = []
    if phr == 0:
        out.append(f"- Kết quả khen thưởng cấp tỉnh: Trong 5 năm qua, đã có {c(g(AWARD_KEYS[0]))} cá nhân được "
                   f"công nhận danh hiệu Chiến sĩ thi đua cấp tỉnh; {c(g(AWARD_KEYS[1]))} tập thể được công nhận "
                   f"danh hiệu Tập thể Lao động xuất sắc; {c(g(AWARD_KEYS[2]))} tập thể được tặng Cờ thi đua của "
                   f"UBND tỉnh; {c(g(AWARD_KEYS[3]))} tập thể và {c(g(AWARD_KEYS[4]))} cá nhân được Chủ tịch UBND "
                   f"tỉnh tặng Bằng khen.")
        out.append(f"- Kết quả khen thưởng theo thẩm quyền: Có {T.count(g(AWARD_KEYS[5]))} cá nhân được công nhận "
                   f"danh hiệu Lao động tiên tiến; {T.count(g(AWARD_KEYS[6]))} cá nhân được công nhận danh hiệu "
                   f"Chiến sĩ thi đua cơ sở; {T.count(g(AWARD_KEYS[7]))} tập thể được công nhận danh hiệu Tập thể "
                   f"Lao động tiên tiến. Nhiều tập thể, cá nhân có thành tích trong các phong trào thi đua trên "
                   f"địa bàn được tặng Giấy khen.")
        return out
    if phr == 1:
        out.append("Trong giai đoạn 2020-2025, kết quả khen thưởng cụ thể như sau:")
        if ctx.rng.random() < 0.5:
            out.append("- Huân chương Lao động hạng Ba: 01 tập thể;")
        out.append(f"- Cờ thi đua của UBND tỉnh: {c(g(AWARD_KEYS[2]))} tập thể;")
        out.append(f"- Danh hiệu Chiến sĩ thi đua cấp tỉnh: {c(g(AWARD_KEYS[0]))} cá nhân;")
        out.append(f"- Bằng khen của Chủ tịch UBND tỉnh: {c(g(AWARD_KEYS[3]))} tập thể, {c(g(AWARD_KEYS[4]))} cá nhân;")
        out.append(f"- Danh hiệu Tập thể lao động xuất sắc: {c(g(AWARD_KEYS[1]))} lượt tập thể;")
        out.append(f"- Danh hiệu Tập thể lao động tiên tiến: {T.count(g(AWARD_KEYS[7]))} lượt tập thể;")
        out.append(f"- Danh hiệu Chiến sĩ thi đua cơ sở: {T.count(g(AWARD_KEYS[6]))} lượt cá nhân;")
        out.append(f"- Danh hiệu Lao động tiên tiến: {T.count(g(AWARD_KEYS[5]))} lượt cá nhân.")
        return out
    gk = ctx.rng.randrange(120, 600)
    out.append(f"UBND tỉnh tặng Cờ thi đua cho {c(g(AWARD_KEYS[2]))} tập thể, tặng Bằng khen cho "
               f"{c(g(AWARD_KEYS[3]))} tập thể và {c(g(AWARD_KEYS[4]))} cá nhân; công nhận "
               f"{c(g(AWARD_KEYS[1]))} tập thể đạt danh hiệu Tập thể lao động xuất sắc và {c(g(AWARD_KEYS[0]))} "
               f"cá nhân đạt danh hiệu Chiến sĩ thi đua cấp tỉnh.")
    out.append(f"Chủ tịch UBND {ctx.dv} đã công nhận danh hiệu Lao động tiên tiến cho {T.count(g(AWARD_KEYS[5]))} "
               f"cá nhân, danh hiệu Chiến sĩ thi đua cơ sở cho {T.count(g(AWARD_KEYS[6]))} cá nhân và danh hiệu "
               f"Tập thể lao động tiên tiến cho {T.count(g(AWARD_KEYS[7]))} tập thể; tặng Giấy khen cho "
               f"{T.count(gk)} lượt tập thể, cá nhân có thành tích xuất sắc.")
    return out


# ---------------------------------------------------------------- traps (never in the truth)

def trap_start_of_period(ctx, v):
    p0 = v["P"] + ctx.rng.randrange(80, 260)
    r0 = round(v["rate"] + ctx.rng.uniform(1.2, 3.5), 2)
    return (f"Đầu giai đoạn (năm 2020), toàn {ctx.dv} có {T.count(p0)} hộ nghèo, chiếm {T.pct(r0)}; "
            f"bình quân mỗi năm tỷ lệ hộ nghèo giảm {T.pct(round((r0 - v['rate']) / 5, 2))}.")


def trap_targets(ctx):
    r = ctx.rng
    t = r.choice([0.5, 0.8, 1, 1.5])
    return (f"Phấn đấu đến năm 2030: tỷ lệ hộ nghèo giảm xuống dưới {T.pct(t)}; giải quyết việc làm mới cho "
            f"{T.count(r.randrange(15, 40) * 100)} lao động; hỗ trợ xây dựng, sửa chữa {r.randrange(3, 12) * 10} "
            f"nhà ở cho hộ nghèo, hộ cận nghèo; tỷ lệ hài lòng của người dân đạt trên {r.choice([96, 97, 98, 99])}%.")


def trap_crossref(ctx):
    r = ctx.rng
    n1, n2 = r.randrange(100, 400), r.randrange(100, 400)
    return (f"Thực hiện Kế hoạch số {n1}/KH-UBND ngày {r.randrange(1, 28)} tháng 7 năm 2024 của Ủy ban nhân dân "
            f"tỉnh Thừa Thiên Huế về việc tổ chức Hội nghị điển hình tiên tiến các cấp và Đại hội thi đua "
            f"yêu nước toàn tỉnh lần thứ VI năm 2025; Công văn số {n2}/BTĐKT-THHC ngày {r.randrange(1, 28)}/7/2025 "
            f"của Ban Thi đua - Khen thưởng, Sở Nội vụ thành phố Huế về việc báo cáo kết quả thực hiện công tác "
            f"thi đua, khen thưởng giai đoạn 2020-2025, Ủy ban nhân dân {ctx.dv} {ctx.name} báo cáo như sau:")


# ---------------------------------------------------------------- boilerplate

LEADERSHIP_OWN = [
    "Ngay từ đầu giai đoạn, Đảng ủy, UBND {dv} đã quán triệt sâu sắc tư tưởng thi đua ái quốc của Chủ tịch Hồ Chí "
    "Minh, xác định công tác thi đua, khen thưởng là nhiệm vụ thường xuyên, là động lực quan trọng để hoàn thành "
    "các chỉ tiêu phát triển kinh tế - xã hội, bảo đảm quốc phòng - an ninh trên địa bàn.",
    "Hội đồng Thi đua - Khen thưởng {dv} được kiện toàn kịp thời khi có sự thay đổi về nhân sự; hằng năm xây dựng "
    "kế hoạch hoạt động, phân công nhiệm vụ cụ thể cho từng thành viên theo dõi các khối thi đua, các thôn, tổ "
    "dân phố.",
    "Việc đăng ký thi đua được thực hiện nghiêm túc từ đầu năm; các khối thi đua tổ chức ký kết giao ước thi "
    "đua, định kỳ sơ kết, tổng kết, rút kinh nghiệm; công tác bình xét thi đua cuối năm bảo đảm dân chủ, công "
    "khai, đúng thành phần, đúng quy trình.",
]

MOVEMENT_OWN = [
    "Phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa” tiếp tục được duy trì, tỷ lệ gia đình được công "
    "nhận danh hiệu gia đình văn hóa hằng năm đều đạt và vượt chỉ tiêu; các thôn, tổ dân phố giữ vững danh hiệu "
    "văn hóa, không để xảy ra các điểm nóng về an ninh trật tự.",
    "Phong trào “Ngày Chủ nhật xanh” được các tầng lớp nhân dân hưởng ứng tích cực; nhiều tuyến đường hoa, "
    "đường điện chiếu sáng, đường cờ được hình thành từ sự đóng góp của nhân dân, tạo cảnh quan xanh - sạch - "
    "đẹp trên địa bàn.",
    "Phong trào “Nông dân thi đua sản xuất, kinh doanh giỏi, đoàn kết giúp nhau làm giàu và giảm nghèo bền "
    "vững” được Hội Nông dân triển khai sâu rộng; nhiều mô hình kinh tế vườn, chăn nuôi, dịch vụ cho thu nhập "
    "ổn định, giúp nhiều hộ vươn lên thoát nghèo.",
]

ROLE_MODELS_OWN = [
    "Công tác phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến được quan tâm; qua các phong trào thi đua đã "
    "xuất hiện nhiều tập thể, cá nhân tiêu biểu trên các lĩnh vực sản xuất, kinh doanh, giáo dục, y tế, quốc "
    "phòng - an ninh. Các điển hình được biểu dương kịp thời tại các hội nghị sơ kết, tổng kết và trên hệ thống "
    "truyền thanh cơ sở.",
]

LIMITS = [
    "- Một số phong trào thi đua còn mang tính hình thức, chưa có chiều sâu; việc sơ kết, tổng kết ở một số "
    "đơn vị chưa kịp thời.",
    "- Việc phát hiện, bồi dưỡng và nhân rộng các điển hình tiên tiến chưa thường xuyên; khen thưởng cho người "
    "lao động trực tiếp còn ít.",
    "- Hồ sơ đề nghị khen thưởng ở một số đơn vị còn chậm, chưa đúng thể thức, phải bổ sung nhiều lần.",
]
CAUSES = [
    "Một số cấp ủy, chính quyền, người đứng đầu cơ quan, đơn vị chưa quan tâm đúng mức đến công tác thi đua, "
    "khen thưởng; cán bộ làm công tác thi đua, khen thưởng chủ yếu kiêm nhiệm, thường xuyên thay đổi.",
    "Việc sắp xếp đơn vị hành chính, tổ chức chính quyền địa phương hai cấp làm thay đổi về tổ chức bộ máy, "
    "nhân sự nên việc theo dõi, tổng hợp số liệu thi đua còn gặp khó khăn.",
]
LESSONS = [
    "- Phải có sự lãnh đạo, chỉ đạo sâu sát của cấp ủy, chính quyền; người đứng đầu phải gương mẫu, trực tiếp "
    "chỉ đạo phong trào thi đua.",
    "- Nội dung thi đua phải cụ thể, thiết thực, gắn với nhiệm vụ chính trị của địa phương; khen thưởng phải "
    "kịp thời, chính xác, công khai, minh bạch.",
    "- Phát huy vai trò của Mặt trận Tổ quốc và các đoàn thể trong tuyên truyền, vận động nhân dân tham gia "
    "phong trào thi đua.",
]
RECOMMEND = [
    "- Đề nghị UBND thành phố, Sở Nội vụ quan tâm tổ chức tập huấn nghiệp vụ công tác thi đua, khen thưởng cho "
    "cán bộ phụ trách ở cấp xã sau sắp xếp.",
    "- Đề nghị cấp trên bố trí kinh phí khen thưởng phù hợp, kịp thời để động viên các tập thể, cá nhân có "
    "thành tích xuất sắc.",
]
CLOSING = [
    "Trên đây là báo cáo tổng kết công tác thi đua, khen thưởng giai đoạn 2020-2025; phương hướng, nhiệm vụ công "
    "tác thi đua, khen thưởng giai đoạn 2025-2030 của UBND {dv} {name}./.",
    "Trên đây là nội dung báo cáo tổng kết đánh giá những kết quả đã đạt được trong phong trào thi đua yêu nước "
    "giai đoạn 2020 - 2025 và phương hướng, nhiệm vụ phong trào thi đua yêu nước giai đoạn 2025 - 2030./.",
    "Ủy ban nhân dân {dv} {name} kính báo cáo Ban Thi đua - Khen thưởng, Sở Nội vụ thành phố Huế theo dõi, tổng "
    "hợp./.",
]


def seed_block(start, stop):
    """Seed paragraphs strictly between the heading starting with `start` and the one with `stop`."""
    out, on = [], False
    for tag, text in SEED:
        if text.startswith(start):
            on = True
            continue
        if on and text.startswith(stop):
            break
        if on:
            out.append((tag, text))
    return out


def emulation_body(ctx, v, plan):
    """Build the body blocks of an emulation_awards_5y report.

    v: values (see generate.py); plan: dict with 'present' sections, phrasing choices,
    'lesson_trap', 'conflict', 'pagebreak_pad' (int) ..."""
    rng = ctx.rng
    P = plan["present"]
    phr = plan["phr"]
    B = []
    add = B.append
    add(("p", trap_crossref(ctx)))
    add(("h", 1, "A. TÌNH HÌNH VÀ KẾT QUẢ THỰC HIỆN PHONG TRÀO THI ĐUA YÊU NƯỚC, CÔNG TÁC KHEN THƯỞNG "
                 "GIAI ĐOẠN 2020-2025"))
    add(("h", 2, "I. Những kết quả đạt được"))
    n = 0
    if "leadership" in P:
        n += 1
        add(("h", 3, f"{n}. Công tác lãnh đạo, chỉ đạo, tổ chức các phong trào thi đua"))
        paras = [ctx.adapt(t) for tag, t in seed_block("1. Công tác lãnh đạo", "2. Kết quả tổ chức") if tag == "p"]
        pool = paras[:2] + [x.format(dv=ctx.dv) for x in LEADERSHIP_OWN]
        for x in rng.sample(pool, rng.randrange(2, len(pool) + 1)):
            add(("p", x))
    if "movements" in P:
        n += 1
        add(("h", 3, f"{n}. Kết quả tổ chức phong trào thi đua"))
        add(("h", 4, f"{n}.1. Kết quả thực hiện các phong trào thi đua do Thủ tướng Chính phủ phát động"))
        add(("h", 4, "- Phong trào thi đua “Cả nước chung sức xây dựng nông thôn mới” giai đoạn 2021-2025"))
        add(("p", ctx.adapt(seed_para("Thực hiện công tác tuyên truyền, vận động"))))
        add(("h", 4, "- Phong trào thi đua “Vì người nghèo - Không để ai bị bỏ lại phía sau” giai đoạn 2021-2025"))
        add(("p", ctx.adapt(seed_para("Phong trào “Vì người nghèo"))))
        for _ in range(plan.get("pad", 0)):
            add(("p", "Các chính sách hỗ trợ hộ nghèo được triển khai kịp thời, đúng đối tượng."))
        movements_figures(ctx, v, plan, add, n)
    if "role_models" in P:
        n += 1
        add(("h", 3, f"{n}. Công tác phát hiện, bồi dưỡng, tuyên truyền, nhân rộng các điển hình tiên tiến"))
        add(("p", rng.choice([ctx.adapt(seed_para("UBND phường xác định công tác phát hiện")), ROLE_MODELS_OWN[0]])))
    if "awards_work" in P:
        n += 1
        add(("h", 3, f"{n}. Công tác khen thưởng"))
        for x in awards_blocks(ctx, v["A"], phr["awards"]):
            add(x)
    # II. limitations / causes / lessons
    lim = [s for s in ("limitations", "causes", "lessons") if s in P]
    if lim or plan.get("lesson_trap"):
        if plan.get("lesson_trap") and "limitations" in P:
            title = "II. Những hạn chế, nguyên nhân và bài học kinh nghiệm"
        else:
            title = "II. " + {("limitations",): "Hạn chế",
                              ("limitations", "causes"): "Hạn chế, nguyên nhân",
                              ("limitations", "lessons"): "Hạn chế và bài học kinh nghiệm",
                              ("limitations", "causes", "lessons"): "Hạn chế, nguyên nhân và bài học kinh nghiệm",
                              ("causes",): "Nguyên nhân", ("lessons",): "Bài học kinh nghiệm",
                              ("causes", "lessons"): "Nguyên nhân và bài học kinh nghiệm"}[tuple(lim)]
        add(("h", 2, title))
        k = 0
        if "limitations" in P:
            k += 1
            add(("h", 3, f"{k}. Hạn chế"))
            for x in rng.sample(LIMITS, 2):
                add(("p", x))
            if plan.get("conflict"):
                ctx.fig("poor_households", plan["conflict"])
                add(("p", f"- Tuy công tác giảm nghèo đạt kết quả, song trên địa bàn vẫn còn {T.count(plan['conflict'])} "
                          f"hộ nghèo, chủ yếu là hộ không có khả năng lao động."))
        if "causes" in P:
            k += 1
            add(("h", 3, f"{k}. Nguyên nhân"))
            add(("p", rng.choice(CAUSES)))
        if "lessons" in P:
            k += 1
            add(("h", 3, f"{k}. Bài học kinh nghiệm"))
            for x in rng.sample(LESSONS, 2):
                add(("p", x))
    # B.
    add(("h", 1, "B. MỤC TIÊU, PHƯƠNG HƯỚNG, NHIỆM VỤ CÔNG TÁC THI ĐUA, KHEN THƯỞNG GIAI ĐOẠN 2025-2030"))
    r = 0
    targets_done = False
    od = [s for s in ("objectives", "directions") if s in P]
    if od:
        r += 1
        add(("h", 2, f"{'I' * r}. " + {("objectives",): "Mục tiêu", ("directions",): "Phương hướng",
                                        ("objectives", "directions"): "Mục tiêu, phương hướng"}[tuple(od)]))
        k = 0
        if "objectives" in P:
            if len(od) > 1:
                k += 1
                add(("h", 3, f"{k}. Mục tiêu"))
            add(("p", ctx.adapt(seed_para("Năm 2025 là năm có nhiều"))))
            if plan.get("targets"):
                add(("p", trap_targets(ctx) if plan.get("targets") == 1 else PH.trap_targets2(ctx, v)))
                targets_done = True
        if "directions" in P:
            if len(od) > 1:
                k += 1
                add(("h", 3, f"{k}. Phương hướng"))
            add(("p", seed_para("Tiếp tục phát huy vai trò lãnh đạo")))
            if plan.get("targets") and not targets_done:
                add(("p", trap_targets(ctx) if plan.get("targets") == 1 else PH.trap_targets2(ctx, v)))
                targets_done = True
    if "tasks" in P:
        r += 1
        add(("h", 2, f"{['I', 'II', 'III', 'IV'][r - 1]}. Nhiệm vụ chủ yếu"))
        add(("p", ctx.adapt(seed_para("Tổ chức và phát động phong trào thi đua yêu nước sôi nổi"))))
        if plan.get("targets") and not targets_done:
            add(("p", trap_targets(ctx) if plan.get("targets") == 1 else PH.trap_targets2(ctx, v)))
    if "solutions" in P:
        r += 1
        add(("h", 2, f"{['I', 'II', 'III', 'IV'][r - 1]}. Các giải pháp trọng tâm"))
        sol = [t for tag, t in seed_block("III. Các giải pháp trọng tâm", "Trên đây là")]
        for x in rng.sample(sol, rng.randrange(3, len(sol) + 1)):
            add(("p", ctx.adapt(x)))
    if "recommendations" in P:
        if rng.random() < 0.5:
            add(("h", 1, "C. ĐỀ XUẤT, KIẾN NGHỊ"))
        else:
            r += 1
            add(("h", 2, f"{['I', 'II', 'III', 'IV'][r - 1]}. Kiến nghị, đề xuất"))
        for x in RECOMMEND:
            add(("p", x))
        if plan.get("proposal"):
            add(("p", PH.trap_proposal(ctx)))
    add(("p", rng.choice(CLOSING).format(dv=ctx.dv, name=ctx.name)))
    return B


# ---------------------------------------------------------------- phrasing pools (old shapes + phrases.py)

def _old(fn, k):
    def shape(ctx, v):
        return [fn(ctx, v, k)]
    shape.__name__ = f"{fn.__name__}_{k}"
    return shape


def use(kind, fn):
    PH.STATS[f"{kind} shape: {fn.__name__}"] += 1
    return fn


POOR_ALL = [_old(s_poor, k) for k in range(4)] + PH.POOR_NEW
NEAR_ALL = [_old(s_near_poor, k) for k in range(3)] + PH.NEAR_NEW
JOBS_ALL = [_old(s_jobs, k) for k in range(4)] + PH.JOBS_NEW
HOUSES_ALL = [_old(s_houses, k) for k in range(3)] + PH.HOUSES_NEW
MAKESHIFT_ALL = [_old(s_makeshift, k) for k in range(3)] + PH.MAKESHIFT_NEW
SAT_ALL = [_old(s_satisfaction, k) for k in range(3)] + PH.SAT_NEW
AWARDS_N = 3 + 4 + 1    # old shapes, phrases.awards_new modes 0-3, table
TRAPS = ["combined", "escaped", "fund", "loans", "gifts", "bhyt", "per_year_houses", "plan2025"]


def figp(text):
    """A paragraph that states figures (candidate for a page break inside it)."""
    return ("p", text, {"fig": True})


def movements_figures(ctx, v, plan, add, n):
    """The figure paragraphs of the 'Vì người nghèo' and following movements, the traps around
    them and the optional tables."""
    rng = ctx.rng
    phr = plan["phr"]
    only = plan.get("table_only", set())
    traps = plan.get("traps", [])
    for t in traps:
        PH.STATS["trap: " + t] += 1
    if plan.get("start_trap"):
        add(("p", trap_start_of_period(ctx, v)))
    poor = []
    if "P" in v:
        fn = POOR_ALL[phr["poor"]]
        if fn is PH.poor_luot and "N" not in v:
            fn = PH.poor_la
        poor = use("poor_households", fn)(ctx, v)
    near = []
    if "N" in v and not ctx.near_done and "near_poor_households" not in only:
        near = use("near_poor_households", NEAR_ALL[phr["near"]])(ctx, v)
    jobs = use("jobs_created", JOBS_ALL[phr["jobs"]])(ctx, v) if "J" in v else []
    if phr["poor"] == 0 and phr["jobs"] == 0 and poor and jobs and len(poor) == 1:
        add(figp("Thực hiện tốt công tác giảm nghèo, các hoạt động hỗ trợ, giúp đỡ cho những đối tượng dễ bị "
                 "tổn thương trong xã hội được triển khai với nhiều hình thức đa dạng, đạt kết quả đáng kể. "
                 + poor[0][:-1] + "; " + jobs[0]))
        jobs = []
        poor = []
    block = poor[:]
    if near:
        if block and len(block) == 1 and len(near) == 1 and rng.random() < 0.6:
            block[0] += " " + near[0]
        else:
            block += near
    if block and "combined" in traps and "N" in v and len(block[-1]) < 900:
        block[-1] += " " + PH.trap_combined(ctx, v)
    for x in block:
        add(figp(x))
    if "escaped" in traps and "P" in v:
        add(("p", PH.trap_escaped(ctx, v)))
    if plan.get("subtable"):
        add(("p", rng.choice(["Số hộ nghèo, hộ cận nghèo phân theo địa bàn trước sắp xếp như sau:",
                              "Kết quả rà soát hộ nghèo theo từng địa bàn:"])))
        PH.STATS["table by former unit"] += 1
        add(PH.subunit_table(ctx, v, plan["subtable"] == "near"))
    for i, x in enumerate(jobs):
        add(figp(PH.cap(x)))
    for t in ("fund", "loans", "gifts", "bhyt"):
        if t in traps:
            add(("p", {"fund": PH.trap_fund, "loans": PH.trap_loans, "gifts": PH.trap_gifts,
                       "bhyt": PH.trap_bhyt}[t](ctx)))
    if "H" in v:
        hs = use("houses_supported", HOUSES_ALL[phr["houses"]])(ctx, v)
        if "per_year_houses" in traps:
            if len(hs) == 1:
                hs = [hs[0] + " " + PH.trap_per_year_houses(ctx)]
            else:
                hs = hs + [None]
        for x in hs:
            add(figp(x) if x else ("p", PH.trap_per_year_houses(ctx)))
    if "plan2025" in traps:
        add(("p", PH.trap_plan_2025(ctx, v)))
    add(("h", 4, "- Phong trào thi đua “Cả nước chung tay xóa nhà tạm, nhà dột nát trong năm 2025”"))
    if "M" in v and "makeshift_houses_removed" not in only:
        for x in use("makeshift_houses_removed", MAKESHIFT_ALL[phr["makeshift"]])(ctx, v):
            add(figp(x))
    elif "M" not in v:
        add(("p", f"Trên địa bàn {ctx.dv} không còn nhà tạm, nhà dột nát thuộc diện hỗ trợ theo tiêu chí."))
    else:
        add(("p", f"{PH.cap(ctx.dv)} đã hoàn thành chỉ tiêu xóa nhà tạm, nhà dột nát được giao (chi tiết tại "
                  f"bảng kết quả dưới đây)."))
    add(("h", 4, "- Phong trào thi đua “Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở”"))
    sat = ""
    if "S" in v and "satisfaction_rate" not in only:
        sat = " ".join(use("satisfaction_rate", SAT_ALL[phr["sat"]])(ctx, v))
    add(figp("Hưởng ứng phong trào thi đua “Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở”, "
             "toàn thể cán bộ, công chức, viên chức và người lao động trên địa bàn đều nỗ lực phấn đấu hoàn "
             "thành nhiệm vụ chuyên môn. " + sat))
    add(("h", 4, "- Phong trào thi đua “Cả nước thi đua đổi mới sáng tạo và chuyển đổi số”"))
    add(("p", ctx.adapt(seed_para("Hưởng ứng phong trào thi đua, năm 2025"))))
    if plan.get("table"):
        tb = plan["table"]
        add(("p", rng.choice(["Kết quả một số chỉ tiêu chủ yếu giai đoạn 2020-2025:",
                              "Một số chỉ tiêu chủ yếu đạt được trong giai đoạn như sau:",
                              "Kết quả thực hiện các chỉ tiêu gắn với phong trào thi đua (chi tiết tại bảng):"])))
        PH.STATS["table of results: " + tb["style"]] += 1
        add(PH.results_table(ctx, v, tb["rows"], tb["style"]))
    add(("h", 4, f"{n}.2. Kết quả thực hiện các phong trào thi đua do địa phương phát động"))
    for x in rng.sample(MOVEMENT_OWN, 2):
        add(("p", x))
    for tag, t in seed_block("2.2. Kết quả thực hiện", "3. Công tác biểu dương")[1:]:
        if rng.random() < 0.6:
            add(("p", ctx.adapt(t)))


def awards_blocks(ctx, a, k):
    PH.STATS["awards shape: " + (f"s_awards_{k}" if k < 3 else f"awards_new_{k - 3}" if k < 7 else "table")] += 1
    if k < 3:
        return [figp(x) for x in s_awards(ctx, a, k)]
    if k < 7:
        return [figp(x) for x in PH.awards_new(ctx, a, k - 3)]
    lead = ctx.rng.choice(["Kết quả khen thưởng giai đoạn 2020-2025 được tổng hợp như sau:",
                           "Tổng hợp kết quả khen thưởng 5 năm (2020-2025):"])
    return [("p", lead), PH.award_table(ctx, a), ("p", PH.award_distractors(ctx)[1])]


# ---------------------------------------------------------------- socioeconomic_6m

def socio_body(ctx, v, plan):
    rng = ctx.rng
    P = plan["present"]
    phr = plan["phr"]
    B = []
    add = B.append
    n1, = [rng.randrange(40, 200)]
    add(("p", f"Thực hiện Công văn số {n1}/UBND-TH ngày {rng.randrange(1, 20)}/6/2025 của UBND thành phố Huế về "
              f"việc báo cáo tình hình kinh tế - xã hội 6 tháng đầu năm 2025, UBND {ctx.dv} {ctx.name} báo cáo "
              f"như sau:"))
    add(("h", 1, "I. TÌNH HÌNH KINH TẾ - XÃ HỘI 6 THÁNG ĐẦU NĂM 2025"))
    k = 0
    if "economy" in P:
        k += 1
        add(("h", 2, f"{k}. Về kinh tế"))
        add(("h", 4, "a) Sản xuất nông nghiệp"))
        add(("p", f"Vụ Đông Xuân 2024-2025 toàn {ctx.dv} gieo cấy {T.count(rng.randrange(300, 1500))} ha lúa, năng suất "
                  f"bình quân đạt {T.dec(rng.uniform(55, 68), 1)} tạ/ha; chăn nuôi phát triển ổn định, không xảy ra "
                  f"dịch bệnh lớn trên đàn gia súc, gia cầm."))
        add(("h", 4, "b) Thương mại, dịch vụ, thu ngân sách"))
        thu = rng.randrange(40, 300) * 100_000_000
        add(("p", f"Hoạt động thương mại, dịch vụ tiếp tục phục hồi. Tổng thu ngân sách trên địa bàn 6 tháng đầu năm "
                  f"ước đạt {ctx.money(thu)}, đạt {T.pct(round(rng.uniform(45, 70), 1))} dự toán năm."))
    if "culture_society" in P:
        k += 1
        add(("h", 2, f"{k}. Về văn hóa - xã hội"))
        add(("p", "Công tác giáo dục được quan tâm; các trường hoàn thành chương trình năm học 2024-2025, tỷ lệ học "
                  "sinh lên lớp đạt trên 99%. Công tác y tế, chăm sóc sức khỏe nhân dân được duy trì."))
        if isinstance(phr, int):
            socio_old(ctx, v, phr, add)
        else:
            socio_new(ctx, v, phr, add)
    if "defense_security" in P:
        k += 1
        add(("h", 2, f"{k}. Về quốc phòng - an ninh"))
        add(("p", f"Tình hình an ninh chính trị, trật tự an toàn xã hội được giữ vững. Hoàn thành công tác tuyển quân "
                  f"năm 2025 với {ctx.c(rng.randrange(8, 30))} thanh niên lên đường nhập ngũ, đạt 100% chỉ tiêu."))
    if "administration" in P:
        k += 1
        add(("h", 2, f"{k}. Xây dựng chính quyền, cải cách hành chính"))
        add(("p", f"Bộ phận Một cửa tiếp nhận {T.count(rng.randrange(800, 4000))} hồ sơ, giải quyết đúng hạn "
                  f"{T.pct(round(rng.uniform(97, 100), 1))}. Chuẩn bị tốt các điều kiện vận hành chính quyền địa phương "
                  f"hai cấp từ ngày 01/7/2025."))
    if "limitations" in P:
        add(("h", 1, "II. HẠN CHẾ, TỒN TẠI"))
        add(("p", "- Sản xuất nông nghiệp còn nhỏ lẻ, giá cả vật tư tăng cao; một số hộ thoát nghèo chưa bền vững."))
        add(("p", "- Công tác quản lý đất đai, trật tự xây dựng ở một số nơi còn hạn chế."))
    if "tasks" in P:
        add(("h", 1, f"{'III' if 'limitations' in P else 'II'}. NHIỆM VỤ, GIẢI PHÁP 6 THÁNG CUỐI NĂM 2025"))
        for x in ["- Tập trung chỉ đạo sản xuất vụ Hè Thu, chủ động phòng chống thiên tai, lụt bão.",
                  "- Tiếp tục thực hiện các chính sách giảm nghèo, an sinh xã hội; hoàn thành hỗ trợ xóa nhà tạm.",
                  "- Giữ vững quốc phòng - an ninh; vận hành ổn định bộ máy chính quyền địa phương hai cấp."]:
            add(("p", x))
    add(("p", f"Trên đây là báo cáo tình hình kinh tế - xã hội 6 tháng đầu năm 2025 của UBND {ctx.dv} {ctx.name}./."))
    return B


def socio_old(ctx, v, phr, add):
    """The first generator's three shapes for the 6-month report."""
    rng = ctx.rng
    P_ = v["P"]
    ctx.fig("poor_households", P_)
    for s, x in v["Psub"]:
        ctx.fig("poor_households", x, s)
    ctx.fig("poor_household_rate", v["rate"])
    ctx.fig("near_poor_households", v["N"])
    ctx.fig("jobs_created", v["J"])
    bd = breakdown(ctx, [(s, T.count(x)) for s, x in v["Psub"]], "hộ")
    r = ctx.pct(v["rate"])
    if phr == 0:
        add(figp(f"Công tác giảm nghèo, an sinh xã hội được triển khai kịp thời. Tính đến ngày 30/6/2025, toàn "
                 f"{ctx.dv} còn {T.count(P_)} hộ nghèo {bd}, chiếm tỷ lệ {r}; {T.count(v['N'])} hộ cận nghèo."))
        add(figp(f"Trong 6 tháng đầu năm đã giải quyết việc làm cho {T.count(v['J'])} lao động, đạt "
                 f"{T.pct(rng.randrange(45, 65))} kế hoạch năm."))
    elif phr == 1:
        add(figp(f"Số hộ nghèo hiện nay là {T.count(P_)} hộ {bd}, tỷ lệ hộ nghèo {r}; số hộ cận nghèo là "
                 f"{T.count(v['N'])} hộ. Tạo việc làm mới cho {T.count(v['J'])} lao động."))
    else:
        add(figp(f"Giải quyết việc làm cho {T.count(v['J'])} lao động trong 6 tháng đầu năm 2025. Toàn {ctx.dv} "
                 f"có {T.count(v['N'])} hộ cận nghèo và {T.count(P_)} hộ nghèo {bd}; tỷ lệ hộ nghèo {r}, "
                 f"phấn đấu cuối năm giảm còn dưới {T.pct(max(0.3, round(v['rate'] - 0.4, 2)))}."))


def socio_new(ctx, v, phr, add):
    """The 6-month report with the phrases.py shapes (poor, near-poor, jobs), traps and a table."""
    rng = ctx.rng
    ctx.six_months()
    only = phr.get("table_only", set())
    fn = POOR_ALL[phr["poor"]] if phr["poor"] >= 4 else PH.poor_la
    for x in use("poor_households", fn)(ctx, v):
        add(figp(x))
    if not ctx.near_done and "near_poor_households" not in only:
        for x in use("near_poor_households", PH.NEAR_NEW[phr["near"]])(ctx, v):
            add(figp(x))
    if phr.get("trap"):
        add(("p", PH.trap_bhyt(ctx) if phr["trap"] == 1 else PH.trap_loans(ctx)))
    for x in use("jobs_created", PH.JOBS_NEW[phr["jobs"]])(ctx, v):
        add(figp(PH.cap(x)))
    add(("p", f"Kế hoạch năm 2025 phấn đấu giải quyết việc làm cho {T.count(rng.randrange(4, 12) * 100)} lao "
              f"động; giảm tỷ lệ hộ nghèo xuống dưới {T.pct(rng.choice([0.5, 0.8, 1]))}."))
    if phr.get("table"):
        PH.STATS["table of results: plain"] += 1
        add(("p", "Một số chỉ tiêu an sinh xã hội 6 tháng đầu năm 2025:"))
        add(PH.results_table(ctx, v, phr["table"], "plain"))
