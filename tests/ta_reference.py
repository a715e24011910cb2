#!/usr/bin/env python3
"""ta_reference.py -- an independent reference for the Takahashi-Alexander model.

Computes the model straight from the published equations (Takahashi & Alexander, "Illiquid
Alternative Asset Fund Modeling", Yale 2002) in 60-digit decimal arithmetic, standard library
only, and writes tests/data/ta_reference.csv, which tests/unit/test_takahashi.c compares the C
implementation against (1e-9 relative). See tests/ta_reference.md.

    python3 tests/ta_reference.py > tests/data/ta_reference.csv
"""
import sys
from decimal import Decimal, getcontext

getcontext().prec = 60

# name, commitment, call rates (the last repeats), growth, bow, life, yield, horizon (0 = life),
# and the state of a fund already running: age, paid-in so far, NAV now (0, 0, 0 for a new fund)
NEW = (0, "0", "0")
CASES = [
    ("yale2002", "100", ["0.25", "0.333", "0.5"], "0.13", "2.5", 12, "0", 0, NEW),
    ("venture", "1", ["0.2", "0.3", "0.35", "0.4"], "0.08", "3.5", 15, "0.02", 18, NEW),
    ("real_estate_yield", "500", ["0.4"], "0.05", "1.5", 8, "0.07", 0, NEW),
    ("negative_growth", "100", ["0.3", "0.5"], "-0.1", "2", 10, "0", 0, NEW),
    ("flat_bow", "250", ["0.5", "0.25"], "0.12", "0", 6, "0", 9, NEW),
    ("midlife", "100", ["0.25", "0.333", "0.5"], "0.13", "2.5", 12, "0", 14, (4, "70", "90")),
]


def project(commitment, rates, growth, bow, life, yld, horizon, state):
    """Yields (year, C_t, D_t, NAV_t) for t = age + 1 .. horizon."""
    cc, g, b, y = Decimal(commitment), Decimal(growth), Decimal(bow), Decimal(yld)
    rc = [Decimal(r) for r in rates]
    age, paid_in, nav = state[0], Decimal(state[1]), Decimal(state[2])
    uncalled = cc - paid_in  # CC - PIC_t: what is still to be called before year t
    for t in range(age + 1, (horizon or life) + 1):
        rc_t = rc[min(t, len(rc)) - 1]
        ratio = Decimal(t) / Decimal(life)
        rd_t = ratio ** b if b != 0 else Decimal(1)  # (t/L)^B; x^0 = 1
        rd_t = min(max(y, rd_t), Decimal(1))
        contribution = rc_t * uncalled
        distribution = rd_t * (nav * (1 + g))
        nav = nav * (1 + g) + contribution - distribution
        uncalled -= contribution
        yield t, contribution, distribution, nav


def main():
    out = sys.stdout
    out.write(
        "case,commitment,rc,growth,bow,life,yield,horizon,age,paid_in,nav0,"
        "year,contribution,distribution,nav\n"
    )
    for name, cc, rates, g, b, life, yld, horizon, state in CASES:
        for t, c, d, nav in project(cc, rates, g, b, life, yld, horizon, state):
            out.write(
                f"{name},{cc},{';'.join(rates)},{g},{b},{life},{yld},{horizon},"
                f"{state[0]},{state[1]},{state[2]},{t},{c:.20E},{d:.20E},{nav:.20E}\n"
            )


if __name__ == "__main__":
    main()
