#!/usr/bin/env python3
"""gen.py N ACCOUNTS SEED OUTDIR — one deterministic journal of N transfers among ACCOUNTS
accounts, written in the four forms the ledger benchmark compares:

  OUTDIR/accounts.txt       huoshui account names, one a line (created with --kind enterprise)
  OUTDIR/transfers.jsonl    huoshui batch file: id, debit, credit, amount_fen, date
  OUTDIR/journal.ledger     ledger-cli (YYYY/MM/DD dates)
  OUTDIR/journal.journal    hledger (ISO dates; hledger's own journal format)
  OUTDIR/journal.beancount  beancount (open directives, operating currency CNY)
  OUTDIR/expected.txt       the generator's own balances of every account (fen), for the checks

Account i is `acct/aNNNN` in huoshui and `Assets:ANNNN` elsewhere. Sign convention: huoshui's
balance is credits - debits, so the credited account's posting is +amount and the debited one's
-amount; every tool's balance of Assets:ANNNN must then equal huoshui's balance_fen / 100.
The PRNG is a fixed 64-bit LCG (not Python's `random`), so the files are identical everywhere."""
import datetime
import os
import sys


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    n, n_accounts, seed, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    os.makedirs(out, exist_ok=True)
    state = (seed * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF

    def rand(bound):
        nonlocal state
        state = (state * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
        return (state >> 33) % bound

    start = datetime.date(2020, 1, 1)
    span_days = 5 * 365
    days = [(start + datetime.timedelta(days=d)) for d in range(span_days + 1)]
    iso = [d.isoformat() for d in days]
    slash = [d.strftime("%Y/%m/%d") for d in days]
    balance = [0] * n_accounts
    jl, led, hl, bc = [], [], [], []
    bc.append('option "operating_currency" "CNY"\n\n')
    for a in range(n_accounts):
        bc.append("2019-12-31 open Assets:A%04d CNY\n" % a)
    bc.append("\n")
    with open(os.path.join(out, "accounts.txt"), "w") as f:
        for a in range(n_accounts):
            f.write("acct/a%04d\n" % a)
    for i in range(n):
        d = rand(n_accounts)
        c = rand(n_accounts - 1)
        if c >= d:
            c += 1
        fen = 1 + rand(10_000_000)  # 0.01 .. 100,000.00 CNY
        day = i * span_days // max(n, 1)
        balance[d] -= fen
        balance[c] += fen
        tid = "t%07d" % i
        amt = "%d.%02d" % (fen // 100, fen % 100)
        jl.append('{"id":"%s","debit":"acct/a%04d","credit":"acct/a%04d","amount_fen":%d,'
                  '"date":"%s"}\n' % (tid, d, c, fen, iso[day]))
        body = "    Assets:A%04d    %s CNY\n    Assets:A%04d    -%s CNY\n\n" % (c, amt, d, amt)
        led.append("%s %s\n%s" % (slash[day], tid, body))
        hl.append("%s %s\n%s" % (iso[day], tid, body))
        bc.append('%s * "%s"\n  Assets:A%04d  %s CNY\n  Assets:A%04d  -%s CNY\n\n' %
                  (iso[day], tid, c, amt, d, amt))
    for name, lines in (("transfers.jsonl", jl), ("journal.ledger", led),
                        ("journal.journal", hl), ("journal.beancount", bc)):
        with open(os.path.join(out, name), "w") as f:
            f.write("".join(lines))
    with open(os.path.join(out, "expected.txt"), "w") as f:
        for a in range(n_accounts):
            f.write("A%04d %d\n" % (a, balance[a]))


if __name__ == "__main__":
    main()
