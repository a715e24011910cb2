#!/usr/bin/python3
"""bench/project's peer: the fund model of src/project/mc_funds.c vectorised in numpy over
paths x funds, quarter by quarter (Takahashi-Alexander with a lognormal quarterly return per fund
and quarter). Reads DIR/funds.csv and DIR/params.json written by the C driver, runs PATHS paths for
YEARS years, prints one JSON line like the driver's. Same model and parameters, another generator:
the means agree within sampling error, not draw for draw.

usage: peer.py DIR PATHS YEARS SEED"""
import json
import sys
import time

import numpy as np


def quarterly(rate):
    return 1.0 - np.power(1.0 - np.clip(rate, 0.0, 1.0), 0.25)


def main():
    d, paths, years, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    f = np.loadtxt(f"{d}/funds.csv", delimiter=",", skiprows=1, ndmin=2)
    p = json.load(open(f"{d}/params.json"))
    committed, pic0, nav0, dist0 = f[:, 0], f[:, 1], f[:, 2], f[:, 3]
    age0, life = f[:, 4].astype(np.int64), f[:, 5]
    quarters = 4 * years
    # per fund and age: the quarterly call and distribution rates (as mc_funds_prepare tabulates)
    ages = np.arange(int(age0.max()) + quarters + 1)
    year_of = ages // 4 + 1
    rc_year = np.where(year_of <= 1, p["call_rate_1"], np.where(year_of == 2, p["call_rate_2"], p["call_rate_3"]))
    rc = quarterly(rc_year)[None, :].repeat(len(committed), 0)
    rd = np.power((ages[None, :] + 1) / 4.0 / (life[:, None] / 4.0), p["bow"])
    rd = quarterly(np.clip(np.maximum(rd, p["yield"]), 0.0, 1.0))
    sq = p["volatility"] / 2.0
    drift = 0.25 * np.log1p(p["growth"]) - sq * sq / 2.0
    rng = np.random.default_rng(seed)
    t0 = time.perf_counter()
    nav = np.broadcast_to(nav0, (paths, len(committed))).copy()
    pic = np.broadcast_to(pic0, (paths, len(committed))).copy()
    dist = np.broadcast_to(dist0, (paths, len(committed))).copy()
    rows = np.arange(len(committed))
    for q in range(quarters):
        a = age0 + q
        g = np.exp(drift + sq * rng.standard_normal(nav.shape))
        nav *= g
        c = rc[rows, a] * (committed - pic)
        dd = rd[rows, a] * nav
        nav += c - dd
        pic += c
        dist += dd
    t1 = time.perf_counter()
    total_nav = nav.sum(axis=1)
    tvpi = (total_nav + dist.sum(axis=1)) / pic.sum(axis=1)
    print(json.dumps({"funds": len(committed), "paths": paths, "years": years, "threads": 1,
                      "seconds": round(t1 - t0, 4), "mean_final_nav": float(total_nav.mean()),
                      "mean_final_tvpi": float(tvpi.mean())}))


if __name__ == "__main__":
    main()
