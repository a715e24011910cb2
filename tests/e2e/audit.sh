#!/usr/bin/env bash
# audit.sh — the audit chain end to end: every state-changing command appends exactly one entry
# per committed operation (refusals, replays and reads none), actor cli:OS_USER, the body hash over
# argv only (never stdin), hashes recomputed independently with python3's hashlib.blake2b, and
# tampering with the book through the sqlite3 CLI (edit, delete, insert, swap, forged re-hash, a
# transfer link to a missing entry) makes `audit verify` and `check` exit 1 naming the sequence.
source "$(dirname "$0")/lib.sh"
H=$HS_DBG
B=$E2E_TMP/audit.db
FV=policies/chengdu-first-version-software.policy
CV=policies/chengdu-compute-voucher.policy
F1=91510100MA6CA00016
F2=91510100MA6CA00029
hs() { "$H" --book "$B" "$@"; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$E2E_TMP/out"; }
ME="cli:$(id -un)"

hs init >/dev/null
seen=0
# step WHAT RC ENTRIES ACTION CMD... : CMD exits RC and appends ENTRIES entries, the last of them
# with ACTION (and actor cli:OS_USER)
step() {
  local what=$1 rc=$2 n=$3 action=$4; shift 4
  check_rc "$what: exit $rc" "$rc" hs "$@"
  "$HS" --book "$B" audit log --after "$seen" --json >"$E2E_TMP/log" 2>"$E2E_TMP/err"
  local got
  got=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(len(d), d[-1]['action'] if d else '-', d[-1]['actor'] if d else '-')" "$E2E_TMP/log")
  if [ "$n" = 0 ]; then check_eq "$what: no entry" "0 - -" "$got"
  else check_eq "$what: $n entry, $action" "$n $action $ME" "$got"; fi
  seen=$((seen + ${got%% *})) # what was appended, so one miss does not cascade
}

# ---- one entry per committed operation, none for refusals and replays ----
step "account create" 0 1 account.create account create x/ext --kind external
step "account create again (exists)" 0 0 - account create x/ext --kind external
step "account create with a bad kind" 2 0 - account create x/bad --kind nonsense
step "programme create" 0 1 programme.create programme create chengdu-2024 --date 2024-01-01
step "programme create again (same)" 0 0 - programme create chengdu-2024 --date 2024-01-01
step "programme fund" 0 1 programme.fund programme fund chengdu-2024 --budget first-version-software --amount 400万 --date 2024-01-10
step "programme fund the vouchers" 0 1 programme.fund programme fund chengdu-2024 --budget compute-voucher --amount 1000万 --date 2024-01-10
step "programme fund unknown" 2 0 - programme fund nowhere --budget x --amount 1
step "subsidy apply" 0 1 subsidy.apply subsidy apply --policy $FV --firm $F1 --id fv-1 --product soft-A --on 2024-06-01 --input role=maker --input software_price=1000万
step "subsidy apply again (idempotent)" 0 0 - subsidy apply --policy $FV --firm $F1 --id fv-1 --product soft-A --on 2024-06-01 --input role=maker --input software_price=1000万
step "subsidy apply fv-2" 0 1 subsidy.apply subsidy apply --policy $FV --firm $F2 --id fv-2 --product soft-A --on 2024-06-01 --input role=user --input software_price=1000万
step "subsidy award" 0 1 subsidy.award subsidy award fv-1 --on 2024-06-10 --pay-by 2024-12-31
step "subsidy award over the budget (refused)" 1 0 - subsidy award fv-2 --on 2024-06-10
step "subsidy pay an instalment" 0 1 subsidy.pay subsidy pay fv-1 --amount 100万 --on 2024-07-01
step "subsidy pay too much (refused)" 1 0 - subsidy pay fv-1 --amount 900万 --on 2024-07-02
step "subsidy reject" 0 1 subsidy.reject subsidy reject fv-2 --reason 材料不全 --on 2024-07-05
step "voucher provider add" 0 1 voucher.provider.add voucher provider add cd-super --name 成都超算中心 --city 成都
step "voucher issue" 0 1 voucher.issue voucher issue --id V1 --policy $CV --firm $F1 --expires 2024-12-31 --on 2024-03-01 --input sector=nlp
step "voucher redeem" 0 1 voucher.redeem voucher redeem V1 --provider cd-super --bill-id B1 --bill 200万 --on 2024-04-01
step "voucher redeem the same bill (replay)" 0 0 - voucher redeem V1 --provider cd-super --bill-id B1 --bill 200万 --on 2024-04-01
step "voucher redeem, unknown provider (refused)" 1 0 - voucher redeem V1 --provider nobody --bill-id Z --bill 1万 --on 2024-04-01
step "voucher settle" 0 1 voucher.settle voucher settle --on 2024-06-30
hs account create x/other --kind external >/dev/null; seen=$((seen + 1))
step "transfer" 0 1 transfer transfer --id t1 --debit x/ext --credit x/other --amount 5
step "transfer replayed" 0 0 - transfer --id t1 --debit x/ext --credit x/other --amount 5
step "transfer out of a budget (refused)" 1 0 - transfer --id t2 --debit budget/chengdu-2024/compute-voucher --credit x/other --amount 5
printf '%s\n' '{"id": "b-1", "debit": "x/ext", "credit": "x/other", "amount": "1"}' \
  '{"id": "b-2", "debit": "x/ext", "credit": "x/other", "amount_fen": 7}' >"$E2E_TMP/b.jsonl"
step "transfer --batch: one transaction, one entry" 0 1 transfer transfer --batch "$E2E_TMP/b.jsonl"
step "the same batch again" 0 0 - transfer --batch "$E2E_TMP/b.jsonl"
printf '%s\n' '{"id": "b-3", "debit": "x/ext", "credit": "x/other", "amount": "1"}' \
  '{"id": "b-4", "debit": "nowhere", "credit": "x/other", "amount": "1"}' >"$E2E_TMP/bad.jsonl"
step "a refused batch (all or nothing; unknown account)" 2 0 - transfer --batch "$E2E_TMP/bad.jsonl"
step "programme close" 0 1 programme.close programme close chengdu-2024 --date 2024-12-31
step "programme close again (refused)" 1 0 - programme close chengdu-2024
step "reads append nothing" 0 0 - balance x/ext --json
step "report append nothing" 0 0 - report programme chengdu-2024 --json
step "check appends nothing" 0 0 - check

check_rc "audit verify on an intact chain" 0 hs audit verify
check_contains "says intact with the count" "audit chain intact: $seen entries" "$E2E_TMP/out"
check_rc "check includes the chain" 0 hs check

# ---- the log: filters, paging, the entry's fields ----
check_rc "audit log --object fv-1" 0 hs audit log --object fv-1 --json
check_eq "fv-1: apply, award, pay" "subsidy.apply subsidy.award subsidy.pay" "$(json '" ".join(e["action"] for e in d)')"
check_rc "audit log --actor" 0 hs audit log --actor "$ME" --json
check_eq "every entry is by $ME" "$seen" "$(json 'len(d)')"
check_rc "audit log --actor nobody" 0 hs audit log --actor nobody --json
check_eq "no entry by nobody" "0" "$(json 'len(d)')"
check_rc "audit log --after 2 --limit 3" 0 hs audit log --after 2 --limit 3 --json
check_eq "one page: 3, 4, 5" "3 4 5" "$(json '" ".join(str(e["seq"]) for e in d)')"
check_rc "audit log as a table" 0 hs audit log --limit 2
check_contains "the table names the action" "account.create" "$E2E_TMP/out"
check_rc "audit log --limit 0 is bad input" 2 hs audit log --limit 0
check_rc "audit log with an unknown option" 2 hs audit log --colour red

# ---- known answers: every hash recomputed with python3 hashlib ----
hs audit log --json >"$E2E_TMP/all"
check_eq "python3 recomputes every hash of the chain" "ok" "$(python3 - "$E2E_TMP/all" <<'PY'
import hashlib, json, sys
d = json.load(open(sys.argv[1]))
prev = "0" * 64
def field(s):
    b = str(s).encode()
    return str(len(b)).encode() + b":" + b + b"\n"
for e in d:
    canon = b"huoshui-audit-v1\n" + b"".join(field(e[k]) for k in
        ("seq", "time_ns", "actor", "action", "object", "body_sha256", "result"))
    h = hashlib.blake2b(bytes.fromhex(prev) + canon, digest_size=32).hexdigest()
    if e["prev_hash"] != prev or e["hash"] != h:
        print("mismatch at", e["seq"]); sys.exit()
    prev = h
print("ok")
PY
)"
echo "not a secret: stdin is never hashed" | hs account create x/stdin --kind external >/dev/null
hs audit log --json --after $seen >"$E2E_TMP/out"; seen=$((seen + 1))
want=$(python3 -c '
import hashlib, sys
args = ["account", "create", "x/stdin", "--kind", "external"]
print(hashlib.sha256(b"".join(str(len(a.encode())).encode() + b":" + a.encode() + b"\n" for a in args)).hexdigest())')
check_eq "body_sha256 is SHA-256 of the canonical argv (global options and stdin left out)" "$want" "$(json 'd[0]["body_sha256"]')"
check_eq "the object of account create is the account" "x/stdin" "$(json 'd[0]["object"]')"
check_rc "the transfer's entry is the one linked to it" 0 hs audit log --object t1 --json
t1_seq=$(json 'd[0]["seq"]')
check_rc "history --json" 0 hs history x/other --json
check_eq "history shows the audit_seq that committed t1" "t1 $t1_seq" "$(json 'd[0]["id"] + " " + str(d[0]["audit_seq"])')"

# ---- secrets: a password read from stdin and a printed token never reach the log (runs once the
# identity commands are in the build: `user add` reads the password from stdin) ----
if hs user --help >/dev/null 2>&1; then
  PW="correct-horse-$RANDOM-battery"
  step "user add (password on stdin)" 0 1 user.add user add auditor1 --role auditor <<<"$PW"
  check_eq "user add: the object is the user" "auditor1" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[-1]["object"])' "$E2E_TMP/log")"
  want=$(python3 -c '
import hashlib
args = ["user", "add", "auditor1", "--role", "auditor"]
print(hashlib.sha256(b"".join(str(len(a.encode())).encode() + b":" + a.encode() + b"\n" for a in args)).hexdigest())')
  check_eq "user add: body_sha256 covers argv only, not stdin" "$want" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[-1]["body_sha256"])' "$E2E_TMP/log")"
  hs token create auditor1 >"$E2E_TMP/token" 2>/dev/null; seen=$((seen + 1))
  TOKEN=$(tail -1 "$E2E_TMP/token")
  hs audit log --json >"$E2E_TMP/out"
  check_eq "neither the password nor the token is in the log" "0 0" "$(grep -cF -- "$PW" "$E2E_TMP/out") $(grep -cF -- "${TOKEN:-no-token-printed}" "$E2E_TMP/out")"
  check_eq "nor in the book's files" "0" "$(cat "$B" "$B-wal" 2>/dev/null | grep -caF -- "$PW")"
  seen=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$E2E_TMP/out")
else
  echo "SKIP secrets in the audit log: this build has no 'user' command yet"
fi

# ---- tampering: each edit makes verify exit 1 naming the sequence ----
tamper() { # tamper WHAT SEQ SQL : on a copy of the book, SQL breaks the chain at SEQ
  local what=$1 seq=$2 sql=$3 T=$E2E_TMP/t.db
  rm -f "$T" "$T-wal" "$T-shm"
  sqlite3 "$B" ".backup '$T'"
  sqlite3 "$T" "$sql"
  check_rc "$what: verify exits 1" 1 "$H" --book "$T" audit verify
  check_contains "$what: names sequence $seq" "audit chain broken at sequence $seq:" "$E2E_TMP/err"
  check_rc "$what: check exits 1" 1 "$H" --book "$T" check
  check_contains "$what: check names the chain" "audit chain broken at sequence $seq" "$E2E_TMP/err"
}
tamper "an edited actor" 3 "UPDATE audit_log SET actor = 'someone-else' WHERE seq = 3"
tamper "an edited time" 5 "UPDATE audit_log SET time_ns = time_ns + 1 WHERE seq = 5"
tamper "a deleted entry" 4 "DELETE FROM audit_log WHERE seq = 4"
tamper "an inserted entry" $((seen + 1)) "INSERT INTO audit_log SELECT seq + 1, time_ns, actor, 'transfer', 'forged', body_sha256, result, hash, hash, last_transfer_seq + 1, last_transfer_seq FROM audit_log WHERE seq = $seen"
tamper "an entry inserted by renumbering" 3 "UPDATE audit_log SET seq = seq + 1000 WHERE seq >= 3; UPDATE audit_log SET seq = seq - 999 WHERE seq >= 1000; INSERT INTO audit_log SELECT 3, time_ns, actor, action, 'forged', body_sha256, result, hash, hash, last_transfer_seq + 1, last_transfer_seq FROM audit_log WHERE seq = 2"
tamper "two entries swapped" 6 "CREATE TEMP TABLE s AS SELECT * FROM audit_log WHERE seq IN (6, 7); UPDATE audit_log SET (time_ns, actor, action, object, body_sha256, result, prev_hash, hash) = (SELECT time_ns, actor, action, object, body_sha256, result, prev_hash, hash FROM s WHERE s.seq = 13 - audit_log.seq) WHERE seq IN (6, 7)"
tamper "the entry of a transfer deleted at the end" "$t1_seq" "DELETE FROM audit_log WHERE seq >= $t1_seq"
tamper "an entry's transfer range shifted" "$t1_seq" "UPDATE audit_log SET first_transfer_seq = first_transfer_seq + 1 WHERE seq = $t1_seq"
tamper "an entry's transfer range widened back" "$t1_seq" "UPDATE audit_log SET first_transfer_seq = first_transfer_seq - 1 WHERE seq = $t1_seq"

# ---- a book written before audit v2 (links in their own table, actor/object indexes) is migrated
# at open: the same entries, the same transfer links, the chain still verifies ----
V1=$E2E_TMP/v1.db; rm -f "$V1"; sqlite3 "$B" ".backup '$V1'"
sqlite3 "$V1" "CREATE TABLE audit_transfers (audit_seq INTEGER PRIMARY KEY, first_seq INTEGER NOT NULL, last_seq INTEGER NOT NULL);
INSERT INTO audit_transfers SELECT seq, first_transfer_seq, last_transfer_seq FROM audit_log WHERE last_transfer_seq >= first_transfer_seq;
CREATE INDEX audit_transfers_last ON audit_transfers(last_seq);
ALTER TABLE audit_log DROP COLUMN first_transfer_seq; ALTER TABLE audit_log DROP COLUMN last_transfer_seq;
CREATE INDEX audit_log_actor ON audit_log(actor); CREATE INDEX audit_log_object ON audit_log(object);
UPDATE module_versions SET version = 1 WHERE module = 'audit';"
check_eq "the v1 fixture has its links table" "1" "$(sqlite3 "$V1" "SELECT count(*) > 0 FROM audit_transfers")"
check_rc "a v1 book: audit verify after the migration" 0 "$H" --book "$V1" audit verify
check_eq "a v1 book: migrated to audit v2" "2" "$(sqlite3 "$V1" "SELECT version FROM module_versions WHERE module = 'audit'")"
check_rc "a v1 book: history --json" 0 "$H" --book "$V1" history x/other --json
check_eq "a v1 book: t1 still names the entry that committed it" "t1 $t1_seq" "$(json 'd[0]["id"] + " " + str(d[0]["audit_seq"])')"
"$H" --book "$V1" audit log --json >"$E2E_TMP/v1log" 2>/dev/null
"$H" --book "$B" audit log --json >"$E2E_TMP/v2log" 2>/dev/null
check_eq "a v1 book: the same entries after the migration" "$(md5sum <"$E2E_TMP/v2log")" "$(md5sum <"$E2E_TMP/v1log")"
# an edit whose hash is recomputed (python3) still breaks the next entry's link
T=$E2E_TMP/forged.db; rm -f "$T"; sqlite3 "$B" ".backup '$T'"
python3 - "$T" <<'PY'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
seq, t, actor, action, obj, body, result, prev = db.execute(
    "SELECT seq, time_ns, actor, action, object, body_sha256, result, prev_hash FROM audit_log WHERE seq = 3").fetchone()
def field(s):
    b = str(s).encode()
    return str(len(b)).encode() + b":" + b + b"\n"
canon = b"huoshui-audit-v1\n" + b"".join(field(x) for x in (seq, t, "someone-else", action, obj, body, result))
h = hashlib.blake2b(bytes.fromhex(prev) + canon, digest_size=32).hexdigest()
db.execute("UPDATE audit_log SET actor = 'someone-else', hash = ? WHERE seq = 3", (h,))
db.commit()
PY
check_rc "an edit with its hash recomputed: verify exits 1" 1 "$H" --book "$T" audit verify
check_contains "names the next sequence, 4" "audit chain broken at sequence 4:" "$E2E_TMP/err"
check_rc "verify --json on a broken chain" 1 "$H" --book "$T" audit verify --json
check_eq "the error object: audit_chain_broken at 4" "audit_chain_broken 4" "$(json 'd["error"]["code"] + " " + str(d["error"]["broken_seq"])')"
check_rc "verify --json on the intact book" 0 hs audit verify --json
check_eq "ok, entries" "True $seen" "$(json 'str(d["ok"]) + " " + str(d["entries"])')"

# ---- concurrent writers: appends are serialized by the write lock, the chain stays whole ----
C=$E2E_TMP/conc.db
"$HS" --book "$C" init >/dev/null
"$HS" --book "$C" account create c/a --kind external >/dev/null
"$HS" --book "$C" account create c/b --kind external >/dev/null
for w in 1 2 3 4; do
  ( for i in $(seq 1 15); do "$HS" --book "$C" transfer --id "w$w-$i" --debit c/a --credit c/b --amount 1 >/dev/null || echo "w$w-$i failed"; done ) >"$E2E_TMP/conc-$w.log" 2>&1 &
done
wait
check_eq "4 concurrent writers: every transfer applied" "" "$(cat "$E2E_TMP"/conc-*.log)"
check_rc "the chain of the concurrent book verifies" 0 "$HS" --book "$C" audit verify
check_contains "62 entries (2 accounts, 60 transfers)" "audit chain intact: 62 entries" "$E2E_TMP/out"
check_rc "and every transfer has its own entry" 0 "$HS" --book "$C" history c/b --json
check_eq "60 distinct audit_seq" "60" "$(json 'len(set(t["audit_seq"] for t in d))')"

# ---- the expiry of a pending transfer, committed in a step of its own, is an entry by "system" ----
X=$E2E_TMP/expiry.db
hx() { "$H" --book "$X" "$@"; }
hx init >/dev/null
hx account create e/a --kind external >/dev/null
hx account create e/b --kind external >/dev/null
HUOSHUI_NOW_NS=1800000000000000000 hx transfer --id p1 --debit e/a --credit e/b --amount 3 --pending --timeout 10 >/dev/null
check_rc "an operation after the timeout" 0 env HUOSHUI_NOW_NS=1800000100000000000 "$H" --book "$X" account create e/c --kind external
check_rc "audit log of that book" 0 hx audit log --json
check_eq "the expiry (system) then the operation (cli)" "system ledger.expire | $ME account.create" "$(json '" | ".join(e["actor"] + " " + e["action"] for e in d[-2:])')"
check_rc "it verifies" 0 hx audit verify

# ---- an old book (made before the chain) gets an empty chain starting at the migration ----
O=$E2E_TMP/old.db
ho() { "$H" --book "$O" "$@"; }
ho init >/dev/null
ho account create o/a --kind external >/dev/null
ho account create o/b --kind external >/dev/null
ho transfer --id o1 --debit o/a --credit o/b --amount 1 >/dev/null
sqlite3 "$O" "DROP TABLE audit_log; DROP TABLE audit_meta; DELETE FROM module_versions WHERE module = 'audit'"
check_rc "an old book: verify passes" 0 ho audit verify
check_contains "with an empty chain" "audit chain intact: 0 entries" "$E2E_TMP/out"
check_rc "an old book: a new transfer" 0 ho transfer --id o2 --debit o/a --credit o/b --amount 1
check_rc "an old book: verify after it" 0 ho audit verify
check_contains "one entry" "audit chain intact: 1 entries" "$E2E_TMP/out"
check_rc "an old book: check" 0 ho check
check_rc "an old book: history --json" 0 ho history o/b --json
check_eq "the old transfer has no audit_seq, the new one entry 1" "None 1" "$(json '" ".join(str(t["audit_seq"]) for t in d)')"

# ---- every command of the shipped scenarios: refusals append nothing, a success at most one entry
# per transaction it commits (subsidy match --award commits one per firm) ----
cat >"$E2E_TMP/wrap.sh" <<WRAP
#!/usr/bin/env bash
book=""; prev=""
for a in "\$@"; do [ "\$prev" = "--book" ] && book=\$a; prev=\$a; done
count() { [ -e "\$book" ] && "$HS" --book "\$book" audit verify 2>/dev/null | sed -n 's/.*intact: \\([0-9]*\\) entries.*/\\1/p'; }
before=\$(count); "$HS" "\$@"; rc=\$?; after=\$(count)
echo "\$rc \${before:-0} \${after:-x} \$*" >>"$E2E_TMP/sweep.log"
exit \$rc
WRAP
chmod +x "$E2E_TMP/wrap.sh"
for sc in chengdu-2024 jiangsu-wuxi suzhou; do
  : >"$E2E_TMP/sweep.log"
  check_rc "scenario $sc through the counting wrapper" 0 scenarios/$sc.sh "$E2E_TMP/wrap.sh" "$E2E_TMP/sw-$sc.db"
  check_eq "$sc: no refusal appended, no success more than one entry (but match)" "" "$(awk '$3 == "x" || ($1 != 0 && $3 != $2) || ($3 - $2 > 1 && $0 !~ / subsidy match /)' "$E2E_TMP/sweep.log" | head -3)"
  check_eq "$sc: every successful state change appended (writes with no entry)" "" "$(awk '$1 == 0 && $3 == $2 && $0 !~ / (init|check|report|gen|balance|history|show|list|audit|explain|eval|test|overdue-approvals)( |$)/' "$E2E_TMP/sweep.log" | head -3)"
  check_rc "$sc: the chain verifies" 0 "$HS" --book "$E2E_TMP/sw-$sc.db" audit verify
done
