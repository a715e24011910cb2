# gen.awk — N synthetic firms for the policy benchmark (deterministic LCG, no randomness source).
# Columns: uscc, sector, stage, founded, employees, revenue_fen, rd_spend_fen, patents,
# software_copyrights, high_tech, zjtx. Run: awk -v n=1000000 -f gen.awk > firms.csv
function rnd(m) { seed = (seed * 1103515245 + 12345) % 2147483648; return int(seed / 65536) % m }
BEGIN {
  seed = 42
  split("nlp vision smart_manufacturing biomedicine chips robotics data compute other", sectors, " ")
  split("seed startup growth mature", stages, " ")
  print "uscc,sector,stage,founded,employees,revenue_fen,rd_spend_fen,patents,software_copyrights,high_tech,zjtx"
  for (i = 0; i < n; i++) {
    revenue = (rnd(20000) + 1) * 100000 + rnd(100000)
    rd = int(revenue / (rnd(30) + 3)) + rnd(1000)
    printf "9151%014d,%s,%s,%04d-%02d-%02d,%d,%d,%d,%d,%d,%s,%s\n", i, sectors[rnd(9) + 1],
      stages[rnd(4) + 1], 1995 + rnd(29), rnd(12) + 1, rnd(28) + 1, rnd(2000) + 1, revenue, rd,
      rnd(200), rnd(80), rnd(3) ? "true" : "false", rnd(5) ? "false" : "true"
  }
}
