#!/usr/bin/env bash
# NAACCR XML ingest benchmark (not a test; docs/naaccr.md, "Scale"): one NAACCR XML file of N patients
# written by the NAACCR data generator (io.rwe.bench.NaaccrXmlGenerate: HCC primaries, metastatic sites
# at diagnosis), ingested with `jobs/ingest --format naaccr`, next to a plain Spark conversion of the same
# file to Parquet, `spark.read.format("xml").option("rowTag", "Patient")` (io.rwe.bench.PlainXmlConversion),
# as the yardstick. The two alternate, BENCH_RUNS times each.
#
#   bench/naaccr-bench.sh [PATIENTS]        default: 1000000
#   env: BENCH_DIR (default /tmp/rwe-naaccr-bench), BENCH_RUNS (3), RWE_DRIVER_MEMORY (default 6g)
#
# Prints one line per run (wall-clock and CPU seconds of each JVM, the load average before it), then the
# medians and their ratio (target: ingest at most 2x the plain conversion).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${BENCH_DIR:-/tmp/rwe-naaccr-bench}"
N="${1:-1000000}"
RUNS="${BENCH_RUNS:-3}"
export RWE_DRIVER_MEMORY="${RWE_DRIVER_MEMORY:-6g}"
mkdir -p "$DIR"

"$ROOT/jobs/ingest" --help >/dev/null # builds the jar when needed
(cd "$ROOT" && mvn -q -B -DskipTests test-compile dependency:build-classpath -DincludeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt >&2)
JAR="$(ls "$ROOT"/target/rwe-replicate-*-all.jar | head -n 1)"
source "$ROOT/jobs/_jvm-flags" # FLAGS, as the launcher uses them
export SPARK_LOCAL_IP=127.0.0.1
CP="$ROOT/target/test-classes:$JAR:$(cat "$ROOT/target/test-classpath.txt")"

EX="$DIR/extracts-$N"
FILE="$EX/2024-06-30/registry.xml"
# A cached file is reused only when complete (it ends with the closing root tag): a file cut short (an
# interrupted write) has fewer patients and one broken record, and is written again.
if [ -s "$FILE" ] && ! tail -c 64 "$FILE" | grep -q '</NaaccrData>'; then
  echo "$FILE does not end with </NaaccrData> (cut short): writing it again" >&2
  rm -f "$FILE"
fi
if [ ! -s "$FILE" ]; then
  java -Xmx2g "${FLAGS[@]}" -cp "$CP" io.rwe.bench.NaaccrXmlGenerate "$FILE.part" "$N" 1 >&2
  mv "$FILE.part" "$FILE"
fi
MB=$(du -m --apparent-size "$FILE" | cut -f1)
load() { cut -d' ' -f1 /proc/loadavg; }

printf '%-4s %8s | %9s %8s %6s | %9s %8s %6s\n' run MB ingest_s cpu_s load plain_s cpu_s load
ING=(); PLN=()
for R in $(seq 1 "$RUNS"); do
  rm -rf "$DIR/warehouse" "$DIR/plain"
  L1=$(load); T0=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$DIR/ingest.cpu" \
    "$ROOT/jobs/ingest" --format naaccr --extracts "$EX" --warehouse "$DIR/warehouse" > "$DIR/ingest.json"
  T1=$(date +%s.%N)
  L2=$(load)
  /usr/bin/time -f "%U %S" -o "$DIR/plain.cpu" java -Xmx"$RWE_DRIVER_MEMORY" "${FLAGS[@]}" \
    -Drwe.defaults="$ROOT/conf/application.conf" -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
    -cp "$CP" io.rwe.bench.PlainXmlConversion "$FILE" "$DIR/plain" > "$DIR/plain.out"
  T2=$(date +%s.%N)
  ROWS=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['rows_read'])" "$DIR/ingest.json")
  PROWS=$(cut -d' ' -f1 "$DIR/plain.out")
  [ "$ROWS" = "$N" ] && [ "$PROWS" = "$N" ] || { echo "error: $ROWS records ingested, $PROWS converted, expected $N" >&2; exit 1; }
  I=$(echo "$T1 - $T0" | bc -l); P=$(echo "$T2 - $T1" | bc -l)
  ING+=("$I"); PLN+=("$P")
  printf '%-4s %8d | %9.1f %8.1f %6s | %9.1f %8.1f %6s\n' "$R" "$MB" "$I" "$(awk '{print $1 + $2}' "$DIR/ingest.cpu")" "$L1" \
    "$P" "$(awk '{print $1 + $2}' "$DIR/plain.cpu")" "$L2"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
MI=$(median "${ING[@]}"); MP=$(median "${PLN[@]}")
printf 'median: ingest %.1f s, plain conversion %.1f s, ratio %.2f (%d patients, %d MB of XML, %d runs)\n' \
  "$MI" "$MP" "$(echo "$MI / $MP" | bc -l)" "$N" "$MB" "$RUNS"
