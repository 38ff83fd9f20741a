#!/usr/bin/env bash
# Ingest throughput benchmark (not a test): generated registries of 10^5 and 10^6 patients
# (jobs/generate --profile registry), ingested with jobs/ingest, next to two yardsticks converting the
# same CSV files to Parquet on the same cores: a plain Spark conversion (io.rwe.bench.PlainCsvConversion)
# and DuckDB (bench/DuckDbCsvToParquet.java, DuckDB's JDBC driver with its threads set to the cores of
# local Spark; the driver's jar, about 80 MB, is fetched once by Maven into BENCH_DIR/lib).
#
#   bench/ingest-bench.sh [SIZES...]        default: 100000 1000000
#   env: BENCH_DIR (default /tmp/rwe-ingest-bench), RWE_DRIVER_MEMORY (default 6g), BENCH_SEED (1),
#        BENCH_EXTRACTS (1: one extract; K>1 adds nightly re-sends),
#        BENCH_DIRTY (0: clean registries; a fraction such as 0.01 makes that share of rows bad, so that the
#        quarantine and the key rules have work: jobs/generate --dirty), BENCH_DUCKDB (the DuckDB JDBC
#        version, default 2.0.0.1; 0: leave DuckDB out), BENCH_THREADS (cores given to DuckDB, default 2,
#        as local[2])
#
# Prints one line per size: rows, MB of CSV, wall-clock seconds and rows/s and MB/s for ingest and
# for the plain conversion, their ratio (target: ingest at most 2x the plain conversion), and the CPU
# seconds (user + system) of each JVM, a fairer yardstick on a machine shared with other work; then
# DuckDB's wall and CPU seconds and ingest's ratio to them (target: at most 3x). Each program runs
# alone, one after the other.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${BENCH_DIR:-/tmp/rwe-ingest-bench}"
SIZES=("$@"); [ ${#SIZES[@]} -gt 0 ] || SIZES=(100000 1000000)
export RWE_DRIVER_MEMORY="${RWE_DRIVER_MEMORY:-6g}"
mkdir -p "$DIR"

# Build once (jobs/_launch builds when needed); the plain conversion (test code, io.rwe.bench) runs
# beside the same jar.
"$ROOT/jobs/ingest" --help >/dev/null
(cd "$ROOT" && mvn -q -B -DskipTests test-compile >&2)
source "$ROOT/jobs/_options" # project_jar: the jar of the version in pom.xml
JAR="$(project_jar "$ROOT")"
source "$ROOT/jobs/_jvm-flags" # FLAGS, as the launcher uses them
export SPARK_LOCAL_IP=127.0.0.1
DUCK_CP=""
if [ "${BENCH_DUCKDB:-2.0.0.1}" != 0 ]; then
  # shellcheck source=bench/_duckdb
  source "$ROOT/bench/_duckdb"
  DUCK_CP="$(duckdb_classpath "$DIR" "${BENCH_DUCKDB:-2.0.0.1}")"
fi

printf '%-9s %10s %8s | %8s %10s %7s | %8s %10s %7s | %5s | %8s %8s %5s | %7s %8s %6s %6s\n' patients rows CSV_MB \
  ingest_s rows/s MB/s plain_s rows/s MB/s ratio ing_cpu pln_cpu ratio duck_s duck_cpu ratio cpu_r
for N in "${SIZES[@]}"; do
  DIRTY="${BENCH_DIRTY:-0}"
  EX="$DIR/extracts-$N"
  DIRTY_ARGS=()
  if [ "$DIRTY" != 0 ]; then
    EX="$DIR/extracts-$N-dirty-$DIRTY"
    DIRTY_ARGS=(--dirty "$DIRTY")
  fi
  if [ ! -d "$EX" ]; then
    "$ROOT/jobs/generate" --profile registry --out "$EX" --patients "$N" --seed "${BENCH_SEED:-1}" \
      --extracts "${BENCH_EXTRACTS:-1}" "${DIRTY_ARGS[@]}" >&2
  fi
  MB=$(du -cm --apparent-size "$EX"/*/*.csv | tail -n 1 | cut -f1)
  rm -rf "$DIR/warehouse-$N" "$DIR/plain-$N"
  T0=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$DIR/ingest-$N.cpu" \
    "$ROOT/jobs/ingest" --extracts "$EX" --warehouse "$DIR/warehouse-$N" > "$DIR/ingest-$N.json"
  T1=$(date +%s.%N)
  ROWS=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['rows_read'])" "$DIR/ingest-$N.json")
  ING=$(echo "$T1 - $T0" | bc -l)
  # The plain conversion, same JVM settings and Spark configuration.
  P0=$(date +%s.%N)
  OUT=$(/usr/bin/time -f "%U %S" -o "$DIR/plain-$N.cpu" java -Xmx"$RWE_DRIVER_MEMORY" "${FLAGS[@]}" -Drwe.defaults="$ROOT/conf/application.conf" \
        -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
        -cp "$JAR:$ROOT/target/test-classes:$(cat "$ROOT/target/classpath.txt")" io.rwe.bench.PlainCsvConversion "$EX" "$DIR/plain-$N")
  P1=$(date +%s.%N)
  PLAIN=$(echo "$P1 - $P0" | bc -l)
  ICPU=$(awk '{print $1 + $2}' "$DIR/ingest-$N.cpu")
  PCPU=$(awk '{print $1 + $2}' "$DIR/plain-$N.cpu")
  DUCK="-"; DCPU="-"; DR="-"; DCR="-"
  if [ -n "$DUCK_CP" ]; then
    rm -rf "$DIR/duck-$N"
    D0=$(date +%s.%N)
    DROWS=$(/usr/bin/time -f "%U %S" -o "$DIR/duck-$N.cpu" java -cp "$DUCK_CP" DuckDbCsvToParquet \
      "$EX" "$DIR/duck-$N" "${BENCH_THREADS:-2}")
    D1=$(date +%s.%N)
    [ "$DROWS" = "$ROWS" ] || echo "warning: DuckDB wrote $DROWS rows, ingest read $ROWS" >&2
    DUCK=$(printf '%.1f' "$(echo "$D1 - $D0" | bc -l)")
    DCPU=$(awk '{printf "%.1f", $1 + $2}' "$DIR/duck-$N.cpu")
    DR=$(printf '%.2f' "$(echo "$ING / $DUCK" | bc -l)")
    DCR=$(printf '%.2f' "$(echo "$ICPU / $DCPU" | bc -l)")
  fi
  printf '%-9s %10d %8d | %8.1f %10.0f %7.1f | %8.1f %10.0f %7.1f | %5.2f | %8.1f %8.1f %5.2f | %7s %8s %6s %6s\n' "$N" "$ROWS" "$MB" \
    "$ING" "$(echo "$ROWS / $ING" | bc -l)" "$(echo "$MB / $ING" | bc -l)" \
    "$PLAIN" "$(echo "$ROWS / $PLAIN" | bc -l)" "$(echo "$MB / $PLAIN" | bc -l)" "$(echo "$ING / $PLAIN" | bc -l)" \
    "$ICPU" "$PCPU" "$(echo "$ICPU / $PCPU" | bc -l)" "$DUCK" "$DCPU" "$DR" "$DCR"
done
