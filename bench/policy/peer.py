"""peer.py CSV — the OpenFisca-style peer of bench/policy: the same 50 rules and tiered amount as
make_rules.sh, each a vectorised numpy formula over whole columns (as OpenFisca evaluates a
variable for every entity at once), over the same firms (gen.awk's CSV). Prints one line:
"eligible total_fen eval_seconds load_seconds", the evaluation the best of 5 runs. Money is int64
fen throughout; money x rate rounds half away from zero, as huoshui and the SQL do (every amount
here is positive). Run with Debian's /usr/bin/python3 and python3-numpy."""
import csv
import sys
import time

import numpy as np

SECTORS = "nlp vision smart_manufacturing biomedicine chips robotics data compute other".split()
STAGES = "seed startup growth mature".split()


def load(path):
    with open(path, newline="") as f:
        rows = csv.reader(f)
        next(rows)
        cols = list(zip(*rows))
    sector_of = {s: i for i, s in enumerate(SECTORS)}
    stage_of = {s: i for i, s in enumerate(STAGES)}
    return {
        "sector": np.fromiter((sector_of[s] for s in cols[1]), np.int8, len(cols[1])),
        "stage": np.fromiter((stage_of[s] for s in cols[2]), np.int8, len(cols[2])),
        "founded": np.array(cols[3], dtype="datetime64[D]").astype(np.int64),
        "employees": np.array(cols[4], dtype=np.int64),
        "revenue": np.array(cols[5], dtype=np.int64),
        "rd_spend": np.array(cols[6], dtype=np.int64),
        "patents": np.array(cols[7], dtype=np.int64),
        "software_copyrights": np.array(cols[8], dtype=np.int64),
        "high_tech": np.array([v == "true" for v in cols[9]]),
    }


def day(text):
    return np.datetime64(text, "D").astype(np.int64)


def rule(i, f):
    """Rule r<i> of make_rules.sh as one vectorised formula."""
    k = i % 10
    if k == 0:
        return f["revenue"] >= i * 1000
    if k == 1:
        return f["employees"] >= i // 10
    if k == 2:
        return f["patents"] < 1000 + i
    if k == 3:
        return f["founded"] >= day("1990-0%d-01" % (i % 9 + 1))
    if k == 4:
        return (f["sector"] != SECTORS.index("other")) | f["high_tech"]
    if k == 5:
        return f["rd_spend"] <= f["revenue"]
    if k == 6:
        return np.isin(f["stage"], [0, 1, 2, 3])
    if k == 7:
        return f["software_copyrights"] + f["patents"] >= i // 10
    if k == 8:
        return f["revenue"] - f["rd_spend"] >= 0
    return ~(f["employees"] > 100000)


def evaluate(f):
    eligible = np.ones(len(f["revenue"]), dtype=bool)
    for i in range(50):
        eligible &= rule(i, f)
    base = (f["rd_spend"] * 1000 + 5000) // 10000  # rd_spend x 10%, half away from zero (> 0)
    e = f["employees"]
    bonus = np.where(e <= 50, 5000000, np.where(e <= 500, 20000000, 50000000))
    amount = np.minimum(base + bonus, 300000000)
    return int(eligible.sum()), int(amount[eligible].sum())


def main():
    t0 = time.perf_counter()
    f = load(sys.argv[1])
    load_s = time.perf_counter() - t0
    best, out = None, None
    for _ in range(5):
        t = time.perf_counter()
        out = evaluate(f)
        dt = time.perf_counter() - t
        best = dt if best is None or dt < best else best
    print(out[0], out[1], "%.4f" % best, "%.3f" % load_s)


if __name__ == "__main__":
    main()
