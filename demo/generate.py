#!/usr/bin/env python3
"""Generates the illustrative Tam Đường demo data in demo/tam-duong/.

The units are real (GSO codes of the 12 communes and the town of Tam Đường, Lai Châu, January 2025);
the villages are generic except the few named in ../shared/reference/tam-duong.md; every value and
every threshold written by this script is ILLUSTRATIVE, not a real figure. Deterministic: the same
run writes the same files. Run from the repository root: python3 demo/generate.py
"""
import csv
import random
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "demo" / "tam-duong"

COMMUNES = [  # code, name, profile: strength 0..1 (how far along), recognised-by year or None
    ("03390", "Thị trấn Tam Đường", 0.85, None),
    ("03394", "Xã Thèn Sin", 0.35, None),
    ("03400", "Xã Tả Lèng", 0.62, None),
    ("03405", "Xã Giang Ma", 0.55, None),
    ("03406", "Xã Hồ Thầu", 0.40, None),
    ("03412", "Xã Bình Lư", 0.92, 2021),
    ("03413", "Xã Sơn Bình", 0.80, 2024),
    ("03415", "Xã Nùng Nàng", 0.50, None),
    ("03418", "Xã Bản Giang", 0.88, 2022),
    ("03421", "Xã Bản Hon", 0.45, None),
    ("03424", "Xã Bản Bo", 0.90, 2021),
    ("03427", "Xã Nà Tăm", 0.70, None),
    ("03430", "Xã Khun Há", 0.38, None),
]

# Villages: the directive's 2024 targets name Sơn Bình 5, Giang Ma 6, Nà Tăm 4, Tả Lèng 5; the
# reference names Lao Chải 1 and 2 (Khun Há) and Nà Khương (Bản Bo). Other names are generic.
VILLAGE_COUNTS = {"03390": 0, "03394": 8, "03400": 10, "03405": 9, "03406": 7, "03412": 11, "03413": 8,
                  "03415": 9, "03418": 10, "03421": 8, "03424": 10, "03427": 8, "03430": 9}
NAMED = {"03430": ["Bản Lao Chải 1", "Bản Lao Chải 2"], "03424": ["Bản Nà Khương"]}

ILLUSTRATIVE = {  # indicator -> threshold for region tdmnpb where the reference has none
    "2.2": 70, "2.3": 60, "2.4": 60, "5": 70, "9.2": 75, "12.1": 90, "12.2": 35, "14.2": 70, "14.3": 25,
    "15.1": 90, "16": 50, "17.1": 90, "17.6": 50, "17.7": 60, "17.9": 30, "17.10": 50,
}
INCOME_2021 = 36.5

# Indicators that lag in Tam Đường, as the directive says: income, poverty, environment.
LAGGING = {"10", "11", "17.6", "17.7", "17.9", "17.10", "17.1"}


def main():
    rnd = random.Random(20240601)
    spec = tomllib.loads((ROOT / "criteria" / "xa-ntm-2021-2025.toml").read_text(encoding="utf-8"))
    indicators = [i for c in spec["criteria"] for i in c["indicators"]]

    with open(OUT / "units.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "level", "parent_code", "region", "group", "flags", "valid_from", "valid_to"])
        w.writerow(["12", "Tỉnh Lai Châu", "province", "", "tdmnpb", "", "", "", ""])
        w.writerow(["106", "Huyện Tam Đường", "district", "12", "", "", "", "", "2025-06-30"])
        for code, name, _, _ in COMMUNES:
            w.writerow([code, name, "commune", "106", "", "", "", "", "2025-06-30"])
        for code, _, _, _ in COMMUNES:
            named = NAMED.get(code, [])
            for k in range(VILLAGE_COUNTS[code]):
                vname = named[k] if k < len(named) else f"Bản minh họa {k + 1:02d}"
                w.writerow([f"{code}-B{k + 1:02d}", vname, "village", code, "", "", "", "", "2025-06-30"])

    rows = []
    # Each commune is stronger in some fields than others: a fixed offset per indicator.
    offsets = {(c[0], i["id"]): rnd.uniform(-0.15, 0.35) for c in COMMUNES for i in indicators}
    for code, _, strength, recognised in COMMUNES:
        for year in (2021, 2022, 2023, 2024):
            progress = strength + 0.06 * (year - 2021)
            if recognised is not None and year >= recognised:
                progress = max(progress, 1.02)
            for ind in indicators:
                iid = ind["id"]
                lag = 0.25 if iid in LAGGING else 0.0
                p = progress - lag + offsets[(code, iid)] + rnd.uniform(-0.05, 0.05)
                if recognised is not None and year >= recognised and iid not in ("10", "11"):
                    p = max(p, 1.0)
                if ind["kind"] == "boolean":
                    ok = p >= 0.48
                    want = ind.get("expected", True)
                    rows.append((code, str(year), iid, "đạt" if ok == want else "không đạt") if want else
                                (code, str(year), iid, "không" if ok else "có"))
                    continue
                if iid == "10":  # income, triệu đồng/người/năm, vs 39/42/45/48 for 2022-2025
                    base = {2021: 33.0, 2022: 36.0, 2023: 39.0, 2024: 42.0}[year]
                    v = base + 9.0 * (strength - 0.5) + (6.0 if recognised and year >= recognised else 0.0)
                    v += rnd.uniform(-1.0, 1.0)
                    rows.append((code, str(year), iid, f"{v:.1f}"))
                    continue
                if iid == "11":  # multidimensional poverty %, ceiling 13 in tdmnpb
                    v = 38.0 - 30.0 * strength - 3.0 * (year - 2021) + rnd.uniform(-2, 2)
                    if recognised and year >= recognised:
                        v = min(v, 12.4)
                    rows.append((code, str(year), iid, f"{max(v, 1.5):.1f}"))
                    continue
                if iid == "15.3":  # stunting %, ceiling 24 in tdmnpb
                    v = 34.0 - 14.0 * min(p, 1.1) + rnd.uniform(-1, 1)
                    rows.append((code, str(year), iid, f"{max(v, 5):.1f}"))
                    continue
                thresholds = [t["value"] for t in ind.get("thresholds", []) if t["key"] in ("tdmnpb", "all")]
                target = thresholds[0] if thresholds else ILLUSTRATIVE.get(iid, 80)
                v = min(100.0, target * (0.8 + 0.3 * min(p, 1.15)) + rnd.uniform(-2, 2))
                if recognised and year >= recognised and iid not in LAGGING:
                    v = max(v, float(target))
                if iid in ("2.1", "2.2", "4.2", "17.1") and year >= 2023:
                    # kept as raw counts so that totals can be summed (km / households)
                    total = rnd.randint(20, 60) if iid.startswith("2.") else rnd.randint(400, 1400)
                    done = min(total, round(total * v / 100))
                    rows.append((code, str(year), f"{iid}.{'km' if iid.startswith('2.') else 'ho'}_dat", str(done)))
                    rows.append((code, str(year), f"{iid}.{'km' if iid.startswith('2.') else 'ho'}_tong", str(total)))
                    continue
                rows.append((code, str(year), iid, f"{v:.1f}"))
        # 2024 quarterly reports for two weak indicators, so that a quarter can be evaluated
        for q, bump in ((1, -4.0), (2, -2.0), (3, 0.0)):
            v = 30.0 - 20.0 * strength - 6.0 + bump
            rows.append((code, f"2024Q{q}", "11", f"{max(v, 1.0):.1f}"))
    with open(OUT / "values.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["unit_code", "period", "element", "value"])
        w.writerows(rows)

    with open(OUT / "illustrative-thresholds.toml", "w", encoding="utf-8") as f:
        f.write("# ILLUSTRATIVE thresholds for the Tam Đường demo only (ngưỡng minh họa).\n")
        f.write("# They fill indicators for which ../shared/reference has no threshold, so that the demo\n")
        f.write("# shows verdicts. They are NOT legal values; every verdict using one is marked so.\n")
        f.write("# Generated by demo/generate.py.\n\n")
        f.write('[override]\nid = "demo-tam-duong-minh-hoa"\nset = "xa-ntm-2021-2025"\nkind = "illustrative"\n')
        f.write('title = "Ngưỡng minh họa cho dữ liệu demo Tam Đường"\nscope = "106"\n')
        src = "Minh họa cho bản demo, không phải văn bản pháp lý"
        for iid, v in ILLUSTRATIVE.items():
            f.write(f'\n[[thresholds]]\nindicator = "{iid}"\nkey = "tdmnpb"\nvalue = {v}\n'
                    f'confidence = "unverified"\nsource = "{src}"\n')
        f.write(f'\n[[thresholds]]\nindicator = "10"\nkey = "tdmnpb"\nyear = 2021\nvalue = {INCOME_2021}\n'
                f'confidence = "unverified"\nsource = "{src}"\n')


if __name__ == "__main__":
    main()
