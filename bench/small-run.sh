#!/usr/bin/env bash
# bench/small-run.sh: what a small jobs/replicate costs, in figures the machine's load does not move much.
#
#   bench/small-run.sh [RUNS] [-- jobs/replicate options]      (default: 3 runs of the paper's registry)
#   BENCH_BASELINE=DIR/results.json bench/small-run.sh 3 -- --extracts REG
#
# Each run starts from an empty results folder (so ingest is measured in full) with Spark's event log on,
# and prints: the load average at the start, wall seconds, CPU seconds of the process (user + system, from
# /usr/bin/time), max RSS, the number of Spark jobs, stages (completed, skipped excluded) and SQL
# executions (from the event log), and the stage timings of manifest.json. Then the medians. With
# BENCH_BASELINE, every top-level key of that results.json must have the same value in the run's
# results.json (keys added since are ignored). The jar must be built (jobs/_launch builds it when stale;
# build it first so no build is timed). Environment: BENCH_DIR (default /tmp/rwe-small-run),
# RWE_PSEUDONYM_KEY (default the baseline's test key).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=3
if [ $# -gt 0 ] && [ "$1" != "--" ]; then RUNS="$1"; shift; fi
[ "${1:-}" = "--" ] && shift
DIR="${BENCH_DIR:-/tmp/rwe-small-run}"
export RWE_PSEUDONYM_KEY="${RWE_PSEUDONYM_KEY:-baseline-key-0123456789abcdef}"
mkdir -p "$DIR"
ROWS="$DIR/runs.tsv"
: > "$ROWS"
for i in $(seq 1 "$RUNS"); do
  OUT="$DIR/out-$i"; EV="$DIR/events-$i"
  rm -rf "$OUT" "$EV"; mkdir -p "$EV"
  LOAD="$(cut -d' ' -f1 /proc/loadavg)"
  /usr/bin/time -f '%e %U %S %M' -o "$DIR/time-$i" "$ROOT/jobs/replicate" --out "$OUT" "$@" \
    -Dspark.eventLog.enabled=true -Dspark.eventLog.compress=false -Dspark.eventLog.dir="$EV" > "$DIR/stdout-$i" 2> "$DIR/stderr-$i" \
    || { echo "run $i failed: $DIR/stderr-$i" >&2; tail -5 "$DIR/stderr-$i" >&2; exit 1; }
  python3 - "$OUT" "$EV" "$DIR/time-$i" "$LOAD" "${BENCH_BASELINE:-}" >> "$ROWS" <<'PY'
import glob, json, sys
out, ev, timef, load, base = sys.argv[1:6]
wall, user, sys_, rss = open(timef).read().split()[-4:]
jobs = stages = sql = 0
for f in [p for p in glob.glob(ev + "/**", recursive=True) if "events_" in p.rsplit("/", 1)[-1] or p.rsplit("/", 1)[-1].startswith("local-")]:
    for line in open(f):
        e = json.loads(line)["Event"]
        jobs += e == "SparkListenerJobStart"
        stages += e == "SparkListenerStageCompleted"
        sql += e.endswith("SQLExecutionStart")
m = json.load(open(out + "/latest/manifest.json"))
t = m["timings_s"]
same = "-"
if base:
    b = json.load(open(base)); r = json.load(open(out + "/latest/results.json"))
    diff = [k for k in b if b[k] != r.get(k)]
    same = "identical" if not diff else "DIFFERENT: " + ",".join(diff)
print("\t".join(map(str, [load, wall, round(float(user) + float(sys_), 1), int(rss) // 1024, jobs, stages, sql,
      t["ingest"], t["derive"], t["analyze"], t["report"], same])))
PY
  tail -1 "$ROWS"
done
python3 - "$ROWS" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
head = ["load", "wall s", "CPU s", "max RSS MiB", "Spark jobs", "stages", "SQL executions", "ingest s", "derive s",
        "analyze s", "report s", "results.json"]
print("| run | " + " | ".join(head) + " |")
print("|---:|" + "---:|" * (len(head) - 1) + "---|")
for i, r in enumerate(rows, 1):
    print(f"| {i} | " + " | ".join(r) + " |")
med = [statistics.median(float(r[c]) for r in rows) for c in range(len(head) - 1)]
print("| median | " + " | ".join(f"{v:g}" for v in med) + " | |")
PY
