#!/usr/bin/env python3
"""soak.py — huoshui's reliability suite: several servers and many clients racing on limited
budgets, servers killed with SIGKILL mid-write, and every libFuzzer target; prints one table and
exits 1 if anything failed.

  racing   TRIALS trials, each a budget of its own (a random amount, debits-le-credits) that
           several concurrent clients, spread over SERVERS `huoshui serve` processes on the same
           book, try to overspend about 2.5 times over with single transfers and two-leg requests;
           afterwards every budget's posted debits must equal what the servers acknowledged (no
           acknowledgement lost, nothing applied that was refused) and never exceed its funding.
  kill -9  KILLS rounds: a server takes transfers (single and two-leg) from four clients and is
           killed with SIGKILL at a random moment; restarted on the same book for the next round.
           Every acknowledged transfer must be in the book; no two-leg request half-applied.
  fuzz     each build/fuzz/* target for FUZZ_SECONDS / targets seconds (0: skipped).
  book     `huoshui check` and `huoshui audit verify` on both books at the end.

usage: soak.py --bin build/release/huoshui [--work DIR] [--trials N] [--servers K] [--clients C]
               [--kills M] [--fuzz-seconds S] [--seed X]
Progress goes to stderr when it is a terminal. Only the Python standard library is used."""
import argparse
import http.client
import json
import os
import queue
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

PASSWORD = "soak-password-4-officers"


def progress(msg):
    if sys.stderr.isatty():
        print(f"soak: {msg}", file=sys.stderr, flush=True)


class Book:
    """A huoshui book driven through the CLI (set-up and the checks at the end)."""

    def __init__(self, binary, path):
        self.binary, self.path = binary, path

    def run(self, *args, stdin=None, check=True):
        r = subprocess.run([self.binary, "--book", self.path, *args], input=stdin,
                           capture_output=True, text=True)
        if check and r.returncode != 0:
            raise RuntimeError(f"huoshui {' '.join(args)}: exit {r.returncode}: {r.stderr.strip()}")
        return r

    def json(self, *args):
        return json.loads(self.run(*args, "--json").stdout)

    def officer_token(self):
        self.run("user", "add", "soak-officer", "--role", "officer", "--scope", "programme:soak",
                 stdin=PASSWORD + "\n")
        return self.run("token", "create", "soak-officer").stdout.strip().splitlines()[-1]


class Server:
    """One `huoshui serve --listen 127.0.0.1:0` on the book; its port read from its stderr."""

    def __init__(self, book, work, name):
        self.err = os.path.join(work, f"{name}.err")
        with open(self.err, "w") as err:
            self.proc = subprocess.Popen([book.binary, "--book", book.path, "serve", "--listen",
                                          "127.0.0.1:0", "--threads", "8"],
                                         stdout=subprocess.DEVNULL, stderr=err)
        self.port = None
        deadline = time.time() + 20
        while time.time() < deadline and self.port is None:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited {self.proc.returncode}: {open(self.err).read()}")
            for line in open(self.err):
                if line.startswith("listening on http://"):
                    self.port = int(line.strip().rsplit(":", 1)[1])
            time.sleep(0.01)
        if self.port is None:
            raise RuntimeError("server did not start listening")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(30)
        return self.proc.returncode

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)


class Client:
    """Keep-alive HTTP to one server; post() answers (status, body) or (None, None) when the
    connection is lost (the server gone: not acknowledged)."""

    def __init__(self, port, token):
        self.port, self.token, self.conn = port, token, None

    def post(self, path, body, key):
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json",
                   "Idempotency-Key": key}
        for attempt in (0, 1):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                self.conn.request("POST", path, json.dumps(body), headers)
                r = self.conn.getresponse()
                data = r.read()
                return r.status, data
            except (ConnectionError, http.client.HTTPException, OSError):
                self.conn = None
                if attempt == 1:
                    return None, None
        return None, None


def transfer(tid, debit, credit, fen):
    return {"id": tid, "debit": debit, "credit": credit, "amount_fen": fen}


def racing(binary, work, trials, servers, clients, rng):
    """Returns (figures, failures)."""
    book = Book(binary, os.path.join(work, "race.db"))
    book.run("init")
    with open(os.path.join(work, "race-accounts.csv"), "w") as f:
        f.write("name,kind,limit\nsoak/src,external,\nsoak/sink,enterprise,\n")
        for i in range(trials):
            f.write(f"soak/b{i},budget,debits-le-credits\n")
    book.run("account", "import", os.path.join(work, "race-accounts.csv"))
    funding = [rng.randint(1_000, 100_000) for _ in range(trials)]
    with open(os.path.join(work, "race-funding.jsonl"), "w") as f:
        for i, fen in enumerate(funding):
            f.write(json.dumps(transfer(f"fund-{i}", "soak/src", f"soak/b{i}", fen)) + "\n")
    book.run("transfer", "--batch", os.path.join(work, "race-funding.jsonl"))
    token = book.officer_token()
    procs = [Server(book, work, f"race-{k}") for k in range(servers)]
    acked = [0] * trials
    lock = threading.Lock()
    unexpected = []
    work_q = queue.Queue()

    def worker(n):
        client = Client(procs[n % servers].port, token)
        while True:
            item = work_q.get()
            if item is None:
                return
            trial, key, body, fen = item
            status, data = client.post("/api/v1/transfers", body, key)
            if status == 200:
                with lock:
                    acked[trial] += fen
            elif status != 409:
                with lock:
                    unexpected.append(f"trial {trial}: {status} {data[:200] if data else ''}")
            work_q.task_done()

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    window = 32
    started = time.time()
    for first in range(0, trials, window):
        items = []
        for trial in range(first, min(trials, first + window)):
            f = funding[trial]
            for r in range(8):
                fen = rng.randint(max(1, f // 8), max(1, f // 2))
                if r % 4 == 3:  # two legs from the budget, all or nothing
                    a, b = fen // 2, fen - fen // 2
                    body = {"transfers": [transfer(f"r{trial}-{r}a", f"soak/b{trial}", "soak/sink", max(a, 1)),
                                          transfer(f"r{trial}-{r}b", f"soak/b{trial}", "soak/sink", max(b, 1))]}
                    fen = max(a, 1) + max(b, 1)
                else:
                    body = transfer(f"r{trial}-{r}", f"soak/b{trial}", "soak/sink", fen)
                items.append((trial, f"k{trial}-{r}", body, fen))
        rng.shuffle(items)
        for item in items:
            work_q.put(item)
        work_q.join()
        progress(f"racing: {min(trials, first + window)}/{trials} trials")
    for _ in threads:
        work_q.put(None)
    for t in threads:
        t.join()
    seconds = time.time() - started
    stops = [p.stop() for p in procs]
    balances = {a["account"]: a for a in book.json("balance", "soak/")}
    overspent = lost = 0
    for i in range(trials):
        a = balances[f"soak/b{i}"]
        if a["debits_posted_fen"] > a["credits_posted_fen"] or a["debits_posted_fen"] > funding[i]:
            overspent += 1
        if a["debits_posted_fen"] != acked[i]:
            lost += 1
    failures = []
    if overspent:
        failures.append(f"racing: {overspent} budgets overspent")
    if lost:
        failures.append(f"racing: {lost} budgets whose posted debits differ from the acknowledgements")
    if unexpected:
        failures.append(f"racing: {len(unexpected)} unexpected answers, first: {unexpected[0]}")
    if any(rc != 0 for rc in stops):
        failures.append(f"racing: a server exited {stops} on SIGTERM")
    refused = sum(1 for i in range(trials) if acked[i] < funding[i])
    figures = {"trials": trials, "requests": trials * 8, "servers": servers, "clients": clients,
               "overspent": overspent, "mismatched": lost, "unexpected": len(unexpected),
               "seconds": seconds, "budgets_not_exhausted": refused}
    return book, figures, failures


def kill_rounds(binary, work, rounds, rng):
    book = Book(binary, os.path.join(work, "kill.db"))
    book.run("init")
    with open(os.path.join(work, "kill-accounts.csv"), "w") as f:
        f.write("name,kind,limit\nsoak/src,external,\nsoak/sink,enterprise,\n")
    book.run("account", "import", os.path.join(work, "kill-accounts.csv"))
    token = book.officer_token()
    acked_single, acked_pairs = set(), set()
    lock = threading.Lock()
    started = time.time()
    for rnd in range(rounds):
        server = Server(book, work, "kill")
        stop = threading.Event()

        def client_loop(n, port=server.port, rnd=rnd):
            client = Client(port, token)
            i = 0
            while not stop.is_set():
                i += 1
                tid = f"k{rnd}-{n}-{i}"
                if i % 3 == 0:
                    body = {"transfers": [transfer(tid + "a", "soak/src", "soak/sink", 1),
                                          transfer(tid + "b", "soak/src", "soak/sink", 2)]}
                else:
                    body = transfer(tid, "soak/src", "soak/sink", 1)
                status, _ = client.post("/api/v1/transfers", body, tid)
                if status is None:
                    return  # the server is gone
                if status == 200:
                    with lock:
                        (acked_pairs if i % 3 == 0 else acked_single).add(tid)

        threads = [threading.Thread(target=client_loop, args=(n,), daemon=True) for n in range(4)]
        for t in threads:
            t.start()
        time.sleep(rng.uniform(0.03, 0.25))
        server.kill()
        stop.set()
        for t in threads:
            t.join(30)
        if rnd % 10 == 9 or rnd == rounds - 1:
            progress(f"kill -9: {rnd + 1}/{rounds} rounds, {len(acked_single) + len(acked_pairs)} acknowledged")
    seconds = time.time() - started
    ids = {t["id"] for t in book.json("history", "soak/sink")}
    lost = [t for t in acked_single if t not in ids] + [t for t in acked_pairs if t + "a" not in ids or t + "b" not in ids]
    half = sum(1 for t in ids if t.endswith("a") and t[:-1] + "b" not in ids) + \
        sum(1 for t in ids if t.endswith("b") and t[:-1] + "a" not in ids)
    failures = []
    if lost:
        failures.append(f"kill -9: {len(lost)} acknowledged transfers lost, first {lost[0]}")
    if half:
        failures.append(f"kill -9: {half} two-leg requests half-applied")
    figures = {"rounds": rounds, "acknowledged": len(acked_single) + len(acked_pairs),
               "in_book": len(ids), "lost": len(lost), "half_applied": half, "seconds": seconds}
    return book, figures, failures


def fuzz(root, work, total_seconds):
    targets = sorted(p for p in (os.path.join(root, "build/fuzz", n) for n in
                                 os.listdir(os.path.join(root, "build/fuzz")))
                     if os.path.isfile(p) and os.access(p, os.X_OK)) if os.path.isdir(os.path.join(root, "build/fuzz")) else []
    if total_seconds <= 0 or not targets:
        return {"targets": len(targets), "seconds": 0, "crashes": 0, "skipped": True}, []
    each = max(1, total_seconds // len(targets))
    crashes, failures = 0, []
    for t in targets:
        name = os.path.basename(t)
        progress(f"fuzz: {name} for {each} s")
        corpus = os.path.join(root, "build/fuzz", f"corpus-{name}")
        os.makedirs(corpus, exist_ok=True)
        seeds = os.path.join(root, "fuzz/corpus", name)
        args = [t, f"-max_total_time={each}", f"-artifact_prefix={work}/{name}-", corpus]
        if os.path.isdir(seeds):
            args.append(seeds)
        r = subprocess.run(args, capture_output=True, text=True)
        if r.returncode != 0:
            crashes += 1
            failures.append(f"fuzz: {name} crashed (artifacts in {work})")
    return {"targets": len(targets), "seconds": each * len(targets), "crashes": crashes,
            "skipped": False}, failures


def book_checks(books):
    failures = []
    for b in books:
        for args in (("check",), ("audit", "verify")):
            r = b.run(*args, check=False)
            if r.returncode != 0:
                failures.append(f"{' '.join(args)} on {os.path.basename(b.path)}: {r.stdout.strip()} {r.stderr.strip()}")
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--work")
    ap.add_argument("--trials", type=int, default=10000)
    ap.add_argument("--servers", type=int, default=3)
    ap.add_argument("--clients", type=int, default=24)
    ap.add_argument("--kills", type=int, default=1000)
    ap.add_argument("--fuzz-seconds", type=int, default=3600)
    ap.add_argument("--seed", type=int, default=20261204)
    a = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    binary = os.path.abspath(a.bin)
    work = a.work or tempfile.mkdtemp(prefix="huoshui-soak.")
    os.makedirs(work, exist_ok=True)
    rng = random.Random(a.seed)
    failures = []
    race_book, race, f = racing(binary, work, a.trials, a.servers, a.clients, rng)
    failures += f
    kill_book, kills, f = kill_rounds(binary, work, a.kills, rng)
    failures += f
    fz, f = fuzz(root, work, a.fuzz_seconds)
    failures += f
    failures += book_checks([race_book, kill_book])
    print("# huoshui soak (SQLite book; --seed %d)" % a.seed)
    print(f"{'part':<10} {'runs':>8}  {'result':<64} {'seconds':>8}")
    print(f"{'racing':<10} {race['trials']:>8}  "
          f"{race['overspent']} overspent, {race['mismatched']} acknowledgements lost or extra "
          f"({race['requests']} requests, {race['servers']} servers, {race['clients']} clients)"
          f"{'':<1} {race['seconds']:>8.1f}")
    print(f"{'kill -9':<10} {kills['rounds']:>8}  "
          f"{kills['lost']} of {kills['acknowledged']} acknowledged lost, {kills['half_applied']} half-applied"
          f"{'':<12} {kills['seconds']:>8.1f}")
    if fz["skipped"]:
        print(f"{'fuzz':<10} {fz['targets']:>8}  skipped (--fuzz-seconds 0)")
    else:
        print(f"{'fuzz':<10} {fz['targets']:>8}  {fz['crashes']} crashes{'':<52} {fz['seconds']:>8.0f}")
    print(f"{'book':<10} {2:>8}  check and audit verify: {'ok' if not any(x.startswith(('check', 'audit')) for x in failures) else 'FAILED'}")
    for x in failures:
        print(f"FAIL {x}")
    if not a.work and not failures:
        shutil.rmtree(work, ignore_errors=True)
    print("soak: " + ("ok" if not failures else f"{len(failures)} failures (work dir {work})"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
