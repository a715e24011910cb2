#!/usr/bin/env python3
"""check.py EXPECTED OUTPUT ACCOUNT... — finds each account's balance in a tool's balance report
and compares it with the generator's (EXPECTED: lines "ANNNN fen"). Prints "OK" if all agree,
else "MISMATCH A0001=12.34!=56.78 ...". Works on every report in the benchmark: the line naming
the account (Assets:A0001, A0001 under a tree, acct/a0001) carries the balance as its last
amount with two decimals (huoshui's last column is the balance, credits - debits). An account
absent from the report counts as zero (ledger omits zero balances)."""
import re
import sys


def main():
    expected_path, output_path, accounts = sys.argv[1], sys.argv[2], sys.argv[3:]
    expected = {}
    with open(expected_path) as f:
        for line in f:
            name, fen = line.split()
            expected[name] = int(fen)
    found = {}
    amount = re.compile(r"-?[\d,]*\d\.\d\d")
    with open(output_path, errors="replace") as f:
        for line in f:
            for acct in accounts:
                if re.search(r"(?<![\w])%s(?![\w])" % acct, line, re.IGNORECASE):
                    amounts = amount.findall(line)
                    if amounts:
                        text = amounts[-1].replace(",", "")
                        sign = -1 if text.startswith("-") else 1
                        whole, frac = text.lstrip("-").split(".")
                        found[acct] = sign * (int(whole) * 100 + int(frac))
    bad = []
    for acct in accounts:
        got = found.get(acct, 0)
        if got != expected[acct]:
            bad.append("%s=%d!=%d" % (acct, got, expected[acct]))
    print("OK" if not bad else "MISMATCH " + " ".join(bad))


if __name__ == "__main__":
    main()
