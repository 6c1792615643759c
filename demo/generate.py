#!/usr/bin/env python3
"""Generates the illustrative Tam Đường demo data in demo/tam-duong/.

The units are real (GSO codes of the 12 communes and the town of Tam Đường, Lai Châu, January 2025);
the villages are generic ("Bản minh họa NN") except the three ../shared/reference/tam-duong.md names;
every value and every threshold written by this script is ILLUSTRATIVE, not a real figure.
Deterministic: one fixed seed, so the same run writes the same files; it checks what it wrote against
what it meant (see `check`) and prints a summary. Run from anywhere: python3 demo/generate.py.
demo/README.md says what it models.
"""
import csv
import random
import tomllib
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "demo" / "tam-duong"
SEED = 20240601

YEARS = (2021, 2022, 2023, 2024)
QUARTER_YEARS = (2023, 2024)  # years with quarterly reports ("báo cáo định kỳ hàng quý")

# code, name, criteria met in 2021-2024 (of 19, income and poverty included), year recognised NTM (as
# recognitions.csv says) or None, households in 2021, persons per household, villages, schools.
COMMUNES = [
    ("03390", "Thị trấn Tam Đường", (17, 17, 18, 18), None, 1650, 4.4, 0, 6),
    ("03394", "Xã Thèn Sin", (5, 6, 8, 9), None, 720, 5.6, 8, 4),
    ("03400", "Xã Tả Lèng", (11, 13, 14, 16), None, 980, 5.3, 10, 4),
    ("03405", "Xã Giang Ma", (10, 12, 13, 15), None, 850, 5.3, 9, 4),
    ("03406", "Xã Hồ Thầu", (6, 7, 9, 10), None, 640, 5.5, 7, 3),
    ("03412", "Xã Bình Lư", (19, 19, 19, 19), 2021, 1420, 4.7, 11, 5),
    ("03413", "Xã Sơn Bình", (13, 15, 16, 19), None, 910, 5.0, 8, 4),
    ("03415", "Xã Nùng Nàng", (8, 10, 11, 13), None, 780, 5.2, 9, 4),
    ("03418", "Xã Bản Giang", (17, 19, 19, 18), 2022, 1150, 4.8, 10, 5),
    ("03421", "Xã Bản Hon", (7, 9, 10, 12), None, 760, 5.3, 8, 4),
    ("03424", "Xã Bản Bo", (19, 19, 19, 19), 2021, 1280, 4.9, 10, 5),
    ("03427", "Xã Nà Tăm", (12, 14, 16, 17), None, 890, 5.1, 8, 4),
    ("03430", "Xã Khun Há", (5, 6, 7, 8), None, 830, 5.7, 9, 4),
]
RECOGNISED = {c[0]: c[3] for c in COMMUNES if c[3] is not None}
SON_BINH = "03413"  # the directive's one new NTM commune of 2024 ("công nhận mới 01 xã nông thôn mới")
SLIP = ("03418", "10", 2024)  # Bản Giang, recognised in 2022, misses income in 2024: its threshold rose faster
WEAK_REPORTERS = ("03394", "03406", "03430")  # "thực hiện rà soát, báo cáo ... chưa nghiêm túc"
LATE_REPORT = ("03394", "11", 2024, 4)  # Thèn Sin's last report of 2024 lacks poverty: the third quarter's stands

# The reference names these villages (../shared/reference/tam-duong.md §3); the others are generic.
NAMED_VILLAGES = {"03430": ["Bản Lao Chải 1", "Bản Lao Chải 2"], "03424": ["Bản Nà Khương"]}

# Income per head (criterion 10, triệu đồng/người/năm) and multidimensional poverty (criterion 11, %, at most
# 13 in tdmnpb) by year 2021-2024. Incomes are spread from the highland H'Mông communes to the town, every one
# rising, against 36.5 (illustrative), 39, 42 and 45 in tdmnpb; Bản Giang's grows slower than the threshold and
# falls below it in 2024. Poverty falls everywhere.
SERIES = {
    "03390": ((41.2, 44.1, 47.3, 50.6), (6.4, 5.2, 4.1, 3.3)),
    "03394": ((26.8, 28.9, 31.2, 33.7), (37.2, 33.6, 30.1, 26.8)),
    "03400": ((33.0, 35.6, 38.3, 41.3), (22.3, 19.5, 16.8, 14.3)),
    "03405": ((32.2, 34.6, 37.2, 40.1), (24.1, 21.1, 18.4, 15.8)),
    "03406": ((28.5, 30.7, 33.0, 35.6), (33.4, 30.2, 26.9, 23.7)),
    "03412": ((38.9, 42.4, 46.1, 50.3), (11.8, 9.7, 7.8, 6.2)),
    "03413": ((34.6, 38.2, 42.4, 45.8), (19.4, 16.6, 14.0, 11.7)),
    "03415": ((31.0, 33.4, 36.1, 38.9), (26.6, 23.5, 20.7, 17.9)),
    "03418": ((35.8, 39.5, 42.6, 44.5), (12.9, 11.4, 10.2, 8.4)),
    "03421": ((30.2, 32.5, 35.0, 37.7), (28.1, 25.0, 22.0, 19.3)),
    "03424": ((37.4, 40.3, 43.4, 46.7), (12.6, 10.4, 8.6, 7.0)),
    "03427": ((34.0, 36.7, 39.7, 42.9), (18.1, 15.3, 12.8, 10.6)),
    "03430": ((25.9, 27.9, 30.1, 32.5), (39.8, 36.1, 32.6, 29.2)),
}
INCOME = {code: income for code, (income, _) in SERIES.items()}
POVERTY = {code: poverty for code, (_, poverty) in SERIES.items()}
INCOME_THRESHOLD = {2021: 36.5, 2022: 39, 2023: 42, 2024: 45}  # 2021: the illustrative layer's; then QĐ 318's

# The order criteria are usually met in (income and poverty follow their series above instead): each
# commune takes them in this order, give or take a place or two, as many as its counts say.
CRITERION_OFFSET = {
    "19": -3.0, "1": -2.8, "8": -2.4, "7": -2.0, "3": -1.4, "4": -1.0, "6": -0.8, "18": -0.4, "13": 0.0,
    "5": 0.2, "16": 0.6, "14": 0.8, "9": 1.0, "12": 1.6, "2": 2.0, "15": 2.2, "17": 3.6,
}
# The indicators that usually hold a criterion back, most likely first; the others are met earlier.
BOTTLENECKS = {
    "1": ["1.2", "1.1"], "2": ["2.2", "2.4", "2.1", "2.3"], "3": ["3.1", "3.2"], "4": ["4.2", "4.1"],
    "6": ["6.3", "6.2", "6.1"], "8": ["8.4", "8.1", "8.3"], "9": ["9.2", "9.1"], "12": ["12.1", "12.2"],
    "13": ["13.1", "13.2", "13.3"], "14": ["14.3", "14.2", "14.1"], "15": ["15.1", "15.4", "15.3", "15.2"],
    "17": ["17.6", "17.9", "17.10", "17.1", "17.7", "17.2", "17.8", "17.5"], "18": ["18.2", "18.6", "18.1"],
    "19": ["19.2", "19.1"],
}

# Thresholds for indicators the reference leaves without one (region tdmnpb): the illustrative layer.
ILLUSTRATIVE = {
    "2.2": 70, "2.3": 60, "2.4": 60, "5": 70, "9.2": 75, "12.1": 90, "12.2": 35, "14.2": 70, "14.3": 25,
    "15.1": 90, "16": 50, "17.1": 90, "17.6": 50, "17.7": 60, "17.9": 30, "17.10": 50,
}
SOURCE = "Minh họa cho bản demo, không phải văn bản pháp lý"
SOURCE_EN = "Illustrative, for the demo; not a legal text"

# Numeric indicators: points gained a year, the best believable value, and how its quarters move:
# "works" (roads, houses, water, schools: built mostly in the dry season), "steady" (programmes, with
# noise), "insurance" (cards lapse at the turn of the year), "jobs" (fewer after Tết), "survey" (measured
# in June and December only: the third quarter has no figure of its own).
NUMERIC = {
    "2.1": (6.0, 100, "works"), "2.2": (5.0, 97, "works"), "2.3": (5.0, 94, "steady"), "2.4": (6.0, 92, "works"),
    "3.1": (3.0, 97, "works"), "4.2": (1.6, 100, "works"), "5": (15.0, 100, "works"), "6.3": (12.0, 100, "works"),
    "9.2": (4.0, 97, "works"), "12.1": (1.5, 97.5, "jobs"), "12.2": (3.0, 58, "steady"),
    "14.2": (3.0, 94, "steady"), "14.3": (2.5, 44, "steady"), "15.1": (2.0, 99.6, "insurance"),
    "15.3": (1.5, 9.0, "survey"), "15.4": (14.0, 93, "steady"), "16": (12.0, 100, "steady"),
    "17.1": (4.0, 99, "works"), "17.2": (2.0, 100, "steady"), "17.6": (5.0, 84, "steady"),
    "17.7": (5.0, 88, "steady"), "17.8": (1.5, 100, "steady"), "17.9": (6.0, 62, "steady"),
    "17.10": (6.0, 80, "steady"),
}
WORKS = (0.30, 0.45, 0.60)  # share of the year's change done by the end of Q1, Q2, Q3
STEADY = (0.20, 0.45, 0.70)

# The advanced (nâng cao) set: communes recognised NTM report its 19 overall assessments once a year from
# the year after their recognition; how many they meet, in the order criteria usually come.
NANG_CAO_MET = {"03412": {2022: 8, 2023: 13, 2024: 19}, "03424": {2022: 6, 2023: 10, 2024: 15},
                "03418": {2023: 7, 2024: 10}}
NANG_CAO_ORDER = ["19", "1", "8", "3", "4", "7", "6", "16", "15", "5", "2", "9", "13", "12", "14", "18", "11", "17"]
NANG_CAO_INCOME = Fraction(11, 10)  # income counts as met at 10% above the NTM threshold (research note, unverified)


# The village set: the Lai Châu decision on village criteria has not been found (../shared/reference/
# criteria-village-laichau.toml), so the shipped set ban-ntm-lai-chau-2021-2025 has no criteria. For the demo
# only, an ILLUSTRATIVE structure replaces it in the demo's database: ten village-sized versions of the commune
# criteria, each marked illustrative, with illustrative thresholds in a layer of their own.
# criterion id, name (vi, en), indicators: (id, name vi, name en, unit, kind, threshold or None, yearly points)
VILLAGE_CRITERIA = [
    ("1", "Giao thông", "Transport", [
        ("1.1", "Tỷ lệ đường trục bản, ngõ xóm được cứng hóa", "Share of village roads and lanes hardened",
         "%", "min", 70, 6.0)]),
    ("2", "Điện", "Electricity", [
        ("2.1", "Tỷ lệ hộ sử dụng điện thường xuyên, an toàn", "Share of households with regular, safe electricity",
         "%", "min", 95, 1.8)]),
    ("3", "Nhà văn hóa", "Community house", [
        ("3.1", "Bản có nhà văn hóa và khu thể thao đạt chuẩn", "The village has a community house and sports ground",
         "đạt/không đạt", "boolean", None, None)]),
    ("4", "Nhà ở dân cư", "Housing", [
        ("4.1", "Tỷ lệ hộ có nhà ở kiên cố hoặc bán kiên cố", "Share of households in permanent or semi-permanent houses",
         "%", "min", 70, 4.0)]),
    ("5", "Thu nhập", "Income", [
        ("5.1", "Thu nhập bình quân đầu người", "Income per head", "triệu đồng/người/năm", "min", None, 2.6)]),
    ("6", "Hộ nghèo", "Poverty", [
        ("6.1", "Tỷ lệ hộ nghèo đa chiều", "Multidimensional poverty rate", "%", "max", 15, 3.5)]),
    ("7", "Y tế", "Health", [
        ("7.1", "Tỷ lệ người dân tham gia bảo hiểm y tế", "Share of people with health insurance", "%", "min", 90, 2.0)]),
    ("8", "Văn hóa", "Culture", [
        ("8.1", "Bản được công nhận danh hiệu bản văn hóa", "The village holds the title of cultural village",
         "đạt/không đạt", "boolean", None, None)]),
    ("9", "Môi trường", "Environment", [
        ("9.1", "Tỷ lệ hộ sử dụng nước sinh hoạt hợp vệ sinh", "Share of households using hygienic water",
         "%", "min", 85, 4.0),
        ("9.2", "Tỷ lệ hộ có nhà tiêu hợp vệ sinh", "Share of households with a hygienic latrine", "%", "min", 50, 5.0)]),
    ("10", "An ninh, trật tự", "Security and order", [
        ("10.1", "Bản đạt chuẩn an toàn về an ninh, trật tự", "The village meets the standard of security and order",
         "đạt/không đạt", "boolean", None, None)]),
]
VILLAGE_INCOME_THRESHOLD = {2023: 30, 2024: 33}
VILLAGE_ORDER = ["10", "3", "2", "8", "7", "1", "4", "9", "6", "5"]  # the order villages usually meet them
VILLAGE_YEARS = (2023, 2024)
VILLAGE_SET = "ban-ntm-lai-chau-2021-2025"


class Model:
    """What the data are meant to say: the year each indicator of each commune is first met."""

    def __init__(self, rnd, spec):
        self.spec = spec
        self.indicators = {i["id"]: (c["id"], i) for c in spec["criteria"] for i in c["indicators"]}
        self.criteria = {c["id"]: [i["id"] for i in c["indicators"]] for c in spec["criteria"]}
        self.crossing = {}
        for code, _, counts, recognised, *_ in COMMUNES:
            order = sorted(CRITERION_OFFSET, key=lambda c: CRITERION_OFFSET[c] + rnd.uniform(-1.5, 1.5))
            # How many of the other 17 criteria are met each year: the count less income and poverty.
            others = [n - (INCOME[code][i] >= INCOME_THRESHOLD[y]) - (POVERTY[code][i] <= 13)
                      for i, (y, n) in enumerate(zip(YEARS, counts))]
            if recognised is not None:
                others = [17 if y >= recognised else n for y, n in zip(YEARS, others)]
            assert others == sorted(others) and 0 <= min(others) and max(others) <= 17, (code, others)
            for rank, cid in enumerate(order):
                ids = self.criteria[cid]
                met = [y for y, n in zip(YEARS, others) if rank < n]
                year = met[0] if met else 2025 + (rank - others[-1]) // 3
                if year == 2021:
                    year -= rnd.randint(0, 3)  # met before the period
                candidates = [b for b in BOTTLENECKS.get(cid, ids) if b in ids]
                held = candidates[:1] if len(ids) < 3 or rnd.random() < 0.6 else rnd.sample(candidates[:3], 2)
                for iid in ids:
                    self.crossing[(code, iid)] = year if iid in held else year - 1 - rnd.randint(0, 3)

    def threshold(self, iid, year):
        if iid == "10":
            return INCOME_THRESHOLD[year]
        ind = self.indicators[iid][1]
        ts = [t["value"] for t in ind.get("thresholds", []) if t["key"] in ("tdmnpb", "all")]
        return ts[0] if ts else ILLUSTRATIVE[iid]

    def is_min(self, iid):
        return self.indicators[iid][1]["kind"] == "min"


def decimal(x, places=1):
    """A number as the values file writes it: `.` as decimal point, no trailing zeros."""
    s = f"{x:.{places}f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def main():
    rnd = random.Random(SEED)
    spec = tomllib.loads((ROOT / "criteria" / "xa-ntm-2021-2025.toml").read_text(encoding="utf-8"))
    model = Model(rnd, spec)
    write_units()
    rows = []
    for commune in COMMUNES:
        rows += commune_rows(rnd, model, commune)
    write_csv("values.csv", rows)
    write_csv("values-nang-cao.csv", nang_cao_rows(model))
    write_thresholds()
    check(model, rows)
    write_village_set()
    write_csv("values-ban.csv", village_rows(rnd))


def write_csv(name, rows):
    with open(OUT / name, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["unit_code", "period", "element", "value"])
        w.writerows(rows)


def write_units():
    with open(OUT / "units.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "level", "parent_code", "region", "group", "flags", "valid_from", "valid_to"])
        w.writerow(["12", "Tỉnh Lai Châu", "province", "", "tdmnpb", "", "", "", ""])
        w.writerow(["106", "Huyện Tam Đường", "district", "12", "", "", "", "", "2025-06-30"])
        for code, name, *_ in COMMUNES:
            w.writerow([code, name, "commune", "106", "", "", "", "", "2025-06-30"])
        for code, *rest in COMMUNES:
            named = NAMED_VILLAGES.get(code, [])
            for k in range(rest[5]):
                vname = named[k] if k < len(named) else f"Bản minh họa {k + 1:02d}"
                w.writerow([f"{code}-B{k + 1:02d}", vname, "village", code, "", "", "", "", "2025-06-30"])


def yearly_figure(rnd, model, code, iid, y, margins):
    """A numeric indicator's figure for a year: a trend that crosses its threshold in the intended year."""
    rate, best, _ = NUMERIC[iid]
    t = model.threshold(iid, y)
    cross = model.crossing[(code, iid)]
    up, down = margins
    noise = rnd.uniform(-0.08, 0.08)
    if model.is_min(iid):
        if y < cross:
            return max(min(t - rate * (down + (cross - 1 - y) + noise), t - 0.3), 5.0)
        best -= rnd.uniform(0, 0.15 * rate + 0.5) if best < 100 else 0
        return 100.0 if t == 100 else max(min(t + rate * (up + (y - cross) + noise), best), t + 0.2)
    if y < cross:
        return max(t + rate * (down + (cross - 1 - y) + noise), t + 0.2)
    return min(max(t - rate * (up + (y - cross) + noise), best + rnd.uniform(0, 1.5)), t - 0.2)


def commune_rows(rnd, model, commune):
    """Every value of one commune: its yearly figures 2021-2024, and its quarterly reports of 2023 and
    2024, each year's last quarter saying what the year's own figure says."""
    code, _, _, recognised, households, per_household, villages, schools = commune
    hh = {y: round(households * 1.018 ** (y - 2021)) for y in YEARS}
    people = {y: round(hh[y] * per_household) for y in YEARS}
    km = {"2.1": round(rnd.uniform(14, 38), 1), "2.2": round(rnd.uniform(18, 55), 1),
          "2.4": round(rnd.uniform(6, 24), 1)}
    places = {"5": schools, "6.3": villages or 8, "16": villages or 8}  # the town counts its 8 tổ dân phố
    margins = {iid: (rnd.uniform(0.15, 0.7), rnd.uniform(0.1, 0.8)) for iid in NUMERIC}
    exact = {}
    for y in YEARS:
        exact[y] = {iid: yearly_figure(rnd, model, code, iid, y, margins[iid]) for iid in NUMERIC}
        exact[y]["10"] = INCOME[code][y - 2021]
        exact[y]["11"] = POVERTY[code][y - 2021]
    sizes = (hh, people, km, places)
    rows = []
    for y in YEARS:
        met = {iid: y >= model.crossing[(code, iid)] for iid in model.indicators if (code, iid) in model.crossing}
        rows += [(code, str(y), e, v) for _, e, v in written(model, code, y, exact[y], met, sizes)]
    for y in QUARTER_YEARS:
        switch = {iid: rnd.choices((2, 3, 4), (0.25, 0.3, 0.45))[0] for iid in model.indicators}
        for q in (1, 2, 3, 4):
            figures = {iid: quarter_figure(rnd, model, code, recognised, iid, y, q, exact) for iid in exact[y]}
            met = {iid: y > c or (y == c and q >= switch[iid])
                   for (u, iid), c in model.crossing.items() if u == code}
            skipped = set()
            if code in WEAK_REPORTERS and q < 4:
                skipped = {iid for iid in sorted(exact[y]) if rnd.random() < 0.15}
            if (code, y, q) == (LATE_REPORT[0], LATE_REPORT[2], LATE_REPORT[3]):
                skipped.add(LATE_REPORT[1])
            if q == 3:
                skipped.add("15.3")  # stunting is measured in June and December
            rows += [(code, f"{y}Q{q}", e, v) for iid, e, v in written(model, code, y, figures, met, sizes)
                     if iid not in skipped]
    return rows


def quarter_figure(rnd, model, code, recognised, iid, y, q, exact):
    """A numeric indicator's figure at the end of quarter q of year y, moving from last year's figure
    towards this year's as the indicator does; the fourth quarter's is the year's."""
    cur, prev = exact[y][iid], exact[y - 1][iid]
    if q == 4:
        return cur
    k = q - 1
    if iid == "10":  # the year's income as estimated so far: close to the final, a little short
        v = cur - (rnd.uniform(0.6, 1.2), rnd.uniform(0.3, 0.8), rnd.uniform(0.0, 0.4))[k]
    elif iid == "11":  # households leave poverty through the year; the official review is at its end
        v = prev - (0.0, 0.25, 0.45)[k] * (prev - cur)
    else:
        rate, _, season = NUMERIC[iid]
        if season == "works":
            v = prev + WORKS[k] * (cur - prev)
        elif season == "insurance":
            v = (prev - rnd.uniform(2.5, 5.0), cur - rnd.uniform(0.6, 1.4), cur - rnd.uniform(0.0, 0.5))[k]
        elif season == "jobs":
            v = cur + (-rnd.uniform(1.0, 2.0), -rnd.uniform(0.2, 0.8), rnd.uniform(0.0, 0.6))[k]
        elif season == "survey":
            v = (prev, prev + 0.55 * (cur - prev) + rnd.uniform(-0.4, 0.4), prev)[k]
        else:
            v = prev + STEADY[k] * (cur - prev) + rnd.uniform(-0.12, 0.12) * rate
        v = min(max(v, 1.0), 100.0)
    # A recognised commune keeps what it has reached through the year: only the slip is a slip.
    if recognised is not None and y >= recognised and (code, iid, y) != SLIP:
        t = model.threshold(iid, y)
        if model.is_min(iid):
            v = max(v, 100.0 if t == 100 else t + 0.2)
        else:
            v = min(v, t - 0.2)
    return v


def written(model, code, y, figures, met, sizes):
    """(indicator, element, value) as the values file holds them: raw counts for derived indicators, a
    ratio of places for 5, 6.3 and 16, a percentage with one decimal otherwise, đạt/không đạt (có/không)
    for yes/no indicators. Rounding never changes whether a figure meets its threshold."""
    hh, people, km, places = sizes
    out = []
    for iid, (_, ind) in model.indicators.items():
        if ind["kind"] == "boolean":
            ok = met[iid]
            if ind.get("expected", True):
                out.append((iid, iid, "đạt" if ok else "không đạt"))
            else:
                out.append((iid, iid, "không" if ok else "có"))
            continue
        v = figures[iid]
        t = model.threshold(iid, y)
        is_min = model.is_min(iid)
        want = v >= t if is_min else v <= t

        def meets(x):
            return x >= t if is_min else x <= t

        def nudge(x, step):  # towards meeting if it should, away if it should not
            return x + step if want == is_min else x - step

        if iid == "10":
            num = round(Fraction(v) * people[y])
            while meets(Fraction(num, people[y])) != want:
                num = nudge(num, 1)
            out += [(iid, "10.thu_nhap", str(num)), (iid, "10.nhan_khau", str(people[y]))]
            continue
        derived = ind.get("derived")
        if derived:
            if iid.startswith("2."):
                den, step, fmt = Fraction(str(km[iid])), Fraction(1, 10), lambda x: decimal(float(x))
            else:
                den, step, fmt = Fraction(people[y] if iid == "15.1" else hh[y]), 1, lambda x: str(int(x))
            num = min(den, round(Fraction(v) * den / 100 / step) * step)
            while meets(num * 100 / den) != want:
                num = nudge(num, step)
            out += [(iid, derived["numerator"], fmt(num)), (iid, derived["denominator"], fmt(den))]
            continue
        if iid in places:
            n = places[iid]
            k = min(n, max(0, round(v * n / 100)))
            while meets(Fraction(100 * k, n)) != want:
                k = nudge(k, 1)
            out.append((iid, iid, f"{k}/{n}"))
            continue
        x = Fraction(round(v * 10), 10)
        while meets(x) != want:
            x = nudge(x, Fraction(1, 10))
        out.append((iid, iid, decimal(float(x))))
    return out


def nang_cao_rows(model):
    """Overall assessments (đạt / không đạt) of the advanced set, once a year; income as the NTM
    figures say (10% above the year's threshold), the others in the usual order."""
    rows = []
    for code, by_year in NANG_CAO_MET.items():
        for y, count in sorted(by_year.items()):
            income_ok = Fraction(str(INCOME[code][y - 2021])) >= NANG_CAO_INCOME * INCOME_THRESHOLD[y]
            met = set(NANG_CAO_ORDER[: count - (1 if income_ok else 0)]) | ({"10"} if income_ok else set())
            for cid in [str(i) for i in range(1, 20)]:
                rows.append((code, str(y), cid, "đạt" if cid in met else "không đạt"))
    return rows


def write_thresholds():
    with open(OUT / "illustrative-thresholds.toml", "w", encoding="utf-8") as f:
        f.write("# ILLUSTRATIVE thresholds for the Tam Đường demo only (ngưỡng minh họa).\n")
        f.write("# They fill indicators for which ../shared/reference has no threshold, so that the demo\n")
        f.write("# shows verdicts. They are NOT legal values; every verdict using one is marked so.\n")
        f.write("# Generated by demo/generate.py.\n\n")
        f.write('[override]\nid = "demo-tam-duong-minh-hoa"\nset = "xa-ntm-2021-2025"\nkind = "illustrative"\n')
        f.write('title = "Ngưỡng minh họa cho dữ liệu demo Tam Đường"\n')
        f.write('title_en = "Illustrative thresholds for the Tam Đường demo data"\nscope = "106"\n')
        entries = [(iid, None, v) for iid, v in ILLUSTRATIVE.items()] + [("10", 2021, INCOME_THRESHOLD[2021])]
        for iid, year, v in entries:
            f.write(f'\n[[thresholds]]\nindicator = "{iid}"\nkey = "tdmnpb"\n')
            if year is not None:
                f.write(f"year = {year}\n")
            f.write(f'value = {v}\nconfidence = "unverified"\nsource = "{SOURCE}"\nsource_en = "{SOURCE_EN}"\n')


def recognised_villages():
    """The villages recognitions.csv recognises (the demo's 2024 decisions), by hand-written file."""
    with open(OUT / "recognitions.csv", encoding="utf-8") as f:
        return {r["unit_code"] for r in csv.DictReader(f) if r["level"] == "ban-ntm"}


def village_rows(rnd):
    """Yearly values 2023-2024 of every village under the illustrative village set: the villages the
    demo's decisions recognise (25/11/2024) meet every criterion in 2024; the others of the four communes
    the directive names are close; villages elsewhere follow their commune."""
    recognised = recognised_villages()
    targeted = ("03413", "03405", "03427", "03400")
    rows = []
    for code, _, counts, _, _, _, villages, _ in COMMUNES:
        for k in range(villages):
            village = f"{code}-B{k + 1:02d}"
            if village in recognised:
                met = (rnd.randint(7, 9), 10)
            elif code in targeted:
                n = rnd.randint(7, 9)
                met = (n - rnd.randint(1, 2), n)
            else:
                n = max(2, min(9, round(counts[3] / 19 * 10 + rnd.uniform(-2.5, 1.0))))
                met = (max(1, n - rnd.randint(0, 2)), n)
            order = sorted(VILLAGE_ORDER, key=lambda c: VILLAGE_ORDER.index(c) + rnd.uniform(-1.6, 1.6))
            income_2024 = INCOME[code][3] * rnd.uniform(0.82, 1.08)
            for rank, (cid) in enumerate(order):
                crit = next(c for c in VILLAGE_CRITERIA if c[0] == cid)
                crossing = next((y for y, n in zip(VILLAGE_YEARS, met) if rank < n), 2025 + rank // 4)
                if crossing == 2023:
                    crossing -= rnd.randint(0, 2)
                for iid, _, _, _, kind, t, rate in crit[3]:
                    for y in VILLAGE_YEARS:
                        ok = y >= crossing
                        if kind == "boolean":
                            rows.append((village, str(y), iid, "đạt" if ok else "không đạt"))
                            continue
                        if iid == "5.1":
                            t = VILLAGE_INCOME_THRESHOLD[y]
                            v = income_2024 - rate * (2024 - y)
                            v = max(v, t + rnd.uniform(0.3, 2.0)) if ok else min(v, t - rnd.uniform(0.4, 3.0))
                            rows.append((village, str(y), iid, decimal(v)))
                            continue
                        gap = rate * (abs(y - crossing) + rnd.uniform(0.2, 0.8))
                        if kind == "min":
                            v = min(t + gap, 99.5 if t < 95 else 100.0) if ok else t - gap
                        else:
                            v = max(t - gap, 2.0) if ok else t + gap
                        x = round(v, 1)
                        if (x >= t if kind == "min" else x <= t) != ok:
                            x = round(x + (0.1 if ok == (kind == "min") else -0.1), 1)
                        rows.append((village, str(y), iid, decimal(x)))
    rows.sort(key=lambda r: (r[0], r[1], [int(p) for p in r[2].split(".")]))
    return rows


def write_village_set():
    """The illustrative village set and its illustrative thresholds (two files: a set, a layer)."""
    note = ("MINH HỌA cho bản demo Tam Đường: chưa tìm thấy quyết định của UBND tỉnh Lai Châu quy định tiêu chí bản "
            "đạt chuẩn nông thôn mới, nên bộ tiêu chí của chương trình (ban-ntm-lai-chau-2021-2025) chưa có tiêu chí "
            "nào. Chỉ trong cơ sở dữ liệu demo, bộ này được thay bằng mười tiêu chí minh họa, phỏng theo các tiêu chí "
            "xã ở quy mô bản, để các bản có kết luận. Đây KHÔNG phải tiêu chí của tỉnh; mọi ngưỡng là ngưỡng minh họa.")
    note_en = ("ILLUSTRATIVE, for the Tam Đường demo: the decision of the Lai Châu Provincial People's Committee setting "
               "the criteria for villages meeting the new rural standard has not been found, so the programme's set "
               "(ban-ntm-lai-chau-2021-2025) has no criteria. In the demo's database only, it is replaced by ten "
               "illustrative criteria, village-sized versions of the commune criteria, so that villages have verdicts. "
               "These are NOT the province's criteria; every threshold is illustrative.")
    basis = ("Chưa tìm thấy quyết định của UBND tỉnh Lai Châu về tiêu chí bản NTM; cấu trúc dưới đây là minh họa cho "
             "bản demo, không phải văn bản pháp lý")
    basis_en = ("The decision of the Lai Châu Provincial People's Committee on the criteria for NTM villages has not "
                "been found; the structure below is illustrative, for the demo, not a legal text")
    ind_note = "Chỉ tiêu minh họa cho bản demo, không phải chỉ tiêu của tỉnh; ngưỡng ở lớp ngưỡng minh họa."
    ind_note_en = "An illustrative indicator for the demo, not the province's; its threshold is in the illustrative layer."
    with open(OUT / "illustrative-village-set.toml", "w", encoding="utf-8") as f:
        f.write("# ILLUSTRATIVE village criteria for the Tam Đường demo only (cấu trúc minh họa).\n")
        f.write("# The Lai Châu decision on village criteria has not been found (../shared/reference/\n")
        f.write("# criteria-village-laichau.toml), so the shipped set has no criteria. The demo stores this file in\n")
        f.write("# its own database in place of the shipped set, so that villages show verdicts. NOT the province's\n")
        f.write("# criteria. Thresholds: illustrative-village-thresholds.toml. Generated by demo/generate.py.\n\n")
        f.write(f'[set]\nid = "{VILLAGE_SET}"\n')
        f.write('title_vi = "Bộ tiêu chí bản đạt chuẩn nông thôn mới tỉnh Lai Châu giai đoạn 2021-2025 (minh họa)"\n')
        f.write('title_en = "Criteria for new-style rural villages, Lai Châu province, 2021-2025 (illustrative)"\n')
        f.write(f'legal_basis = "{basis}"\nlegal_basis_en = "{basis_en}"\nlevel = "village"\nscheme = "region"\n')
        f.write(f'note = "{note}"\nnote_en = "{note_en}"\n')
        for cid, name, name_en, indicators in VILLAGE_CRITERIA:
            f.write(f'\n[[criteria]]\nid = "{cid}"\nname_vi = "{name} (minh họa)"\nname_en = "{name_en} (illustrative)"\n')
            f.write('confidence = "unverified"\n')
            for iid, iname, iname_en, unit, kind, _, _ in indicators:
                f.write(f'\n[[criteria.indicators]]\nid = "{iid}"\nname_vi = "{iname} (minh họa)"\n')
                f.write(f'name_en = "{iname_en} (illustrative)"\nunit = "{unit}"\nkind = "{kind}"\n')
                if kind == "boolean":
                    f.write("expected = true\n")
                n, n_en = (ind_note, ind_note_en) if kind != "boolean" else (ind_note.split(";")[0] + ".", ind_note_en.split(";")[0] + ".")
                f.write(f'confidence = "unverified"\nnote = "{n}"\nnote_en = "{n_en}"\n')
    with open(OUT / "illustrative-village-thresholds.toml", "w", encoding="utf-8") as f:
        f.write("# ILLUSTRATIVE thresholds of the demo's illustrative village criteria (ngưỡng minh họa).\n")
        f.write("# NOT legal values; every verdict using one is marked so. Generated by demo/generate.py.\n\n")
        f.write(f'[override]\nid = "demo-tam-duong-ban-minh-hoa"\nset = "{VILLAGE_SET}"\nkind = "illustrative"\n')
        f.write('title = "Ngưỡng minh họa cho tiêu chí bản của bản demo Tam Đường"\n')
        f.write('title_en = "Illustrative thresholds for the village criteria of the Tam Đường demo"\nscope = "106"\n')
        entries = [(iid, None, t) for _, _, _, inds in VILLAGE_CRITERIA for iid, _, _, _, kind, t, _ in inds
                   if t is not None]
        entries += [("5.1", y, v) for y, v in VILLAGE_INCOME_THRESHOLD.items()]
        for iid, year, v in entries:
            f.write(f'\n[[thresholds]]\nindicator = "{iid}"\nkey = "tdmnpb"\n')
            if year is not None:
                f.write(f"year = {year}\n")
            f.write(f'value = {v}\nconfidence = "unverified"\nsource = "{SOURCE}"\nsource_en = "{SOURCE_EN}"\n')


# --- The check: the written file, read back and judged as the program judges it ---------------------

def parse(text):
    if text in ("đạt", "không"):
        return True if text == "đạt" else False
    if text in ("không đạt", "có"):
        return False if text == "không đạt" else True
    if "/" in text:
        n, d = text.split("/")
        return Fraction(int(n), int(d)) * 100
    return Fraction(text)


def judge(model, values, code, period):
    """Criteria met by a commune in a period (a year: its own value, else its latest quarter; a quarter:
    its own, else the latest earlier quarter of the year), and the criteria not met or missing."""
    year, q = (int(period[:4]), int(period[5])) if "Q" in period else (int(period), 0)
    chain = [str(year)] + [f"{year}Q{k}" for k in (4, 3, 2, 1)] if q == 0 else [f"{year}Q{k}" for k in range(q, 0, -1)]

    def look(element):
        return next((values[(code, p, element)] for p in chain if (code, p, element) in values), None)

    def observed(iid, ind):
        for p in chain:
            if (code, p, iid) in values:
                return values[(code, p, iid)]
            d = ind.get("derived")
            if d and (code, p, d["numerator"]) in values and (code, p, d["denominator"]) in values:
                num, den = values[(code, p, d["numerator"])], values[(code, p, d["denominator"])]
                return num / den * (1 if iid == "10" else 100)
        return None

    status = {}
    for cid, ids in model.criteria.items():
        s = "met"
        for iid in ids:
            ind = model.indicators[iid][1]
            v = look(iid) if ind["kind"] == "boolean" else observed(iid, ind)
            if v is None:
                s = "missing" if s == "met" else s
                continue
            if ind["kind"] == "boolean":
                ok = (v is True) == ind.get("expected", True)
            else:
                t = Fraction(str(model.threshold(iid, year)))
                ok = v >= t if model.is_min(iid) else v <= t
            if not ok:
                s = "not_met"
        status[cid] = s
    return status


def check(model, rows):
    values = {(u, p, e): parse(v) for u, p, e, v in rows}
    periods = [str(y) for y in YEARS] + [f"{y}Q{q}" for y in QUARTER_YEARS for q in (1, 2, 3, 4)]
    print("criteria met (of 19) —", " ".join(f"{p:>6}" for p in periods))
    for code, name, counts, *_ in COMMUNES:
        line = []
        for p in periods:
            st = judge(model, values, code, p)
            line.append(sum(s == "met" for s in st.values()))
            year = int(p[:4])
            if code in RECOGNISED and year >= RECOGNISED[code]:
                expected = {c for c in st if (code, c, year) != (SLIP[0], SLIP[1], year) or year != SLIP[2]}
                wrong = [c for c in expected if st[c] != "met"]
                assert not wrong, f"{name} recognised in {RECOGNISED[code]} misses {wrong} in {p}"
            if code == SLIP[0] and p == str(SLIP[2]):
                assert [c for c, s in st.items() if s != "met"] == [SLIP[1]], f"{name} slips on {SLIP[1]} only"
            if code == SON_BINH and p == "2024":
                assert all(s == "met" for s in st.values()), "Sơn Bình meets the standard in 2024"
        print(f"{code} {name:<20}", " ".join(f"{n:>6}" for n in line))
        assert tuple(line[:4]) == counts, f"{name}: {line[:4]} criteria met, meant {counts}"
    # A year says what its last quarter says, wherever the quarter has a figure.
    for (u, p, e), v in values.items():
        if p.endswith("Q4"):
            assert values.get((u, p[:4], e)) == v, f"{u} {p} {e}: the year's figure and the fourth quarter's agree"


if __name__ == "__main__":
    main()
