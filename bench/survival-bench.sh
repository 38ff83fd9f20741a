#!/usr/bin/env bash
# Benchmark of jobs/survival (issue 2, "Done when"; not a test). Prints:
#  (a) the driver-side statistics (Kaplan-Meier + log-rank + Cox) on risk sets of 10^5 distinct times
#      x 3 groups, after warm-up (io.rwe.bench.StatsBench; target under 100 ms);
#  (b) jobs/survival on a 10^7-row CSV (id, group of 3, integer time, event) against R's
#      data.table::fread + survfit + survdiff on the same file, both as whole processes, alternated over
#      ROUNDS rounds, each printing its log-rank chi-square (target: ours under a third of R's time).
#  (c) jobs/survival --covariates with five covariates (age, sex, stage, score, site; two numeric, three
#      categorical) on a 10^7-row CSV against R's data.table::fread + coxph(..., ties = "efron") on the same
#      file, both as whole processes, alternated over ROUNDS rounds; prints both coefficient vectors and their
#      largest relative difference (target: ours at most a quarter of R's time, the same coefficients).
# The CSVs are generated once and cached under target/bench/.
# Usage: bench/survival-bench.sh [ROWS] [ROUNDS] [PARTS]   (defaults 10000000, 3 and "abc"; PARTS picks the parts)
# Needs: Rscript with the survival and data.table packages (apt-get install r-cran-data.table).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ROWS="${1:-10000000}"
ROUNDS="${2:-3}"
PARTS="${3:-abc}"
DIR="$ROOT/target/bench"
CSV="$DIR/survival-$ROWS.csv"
mkdir -p "$DIR"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)," \
     "load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -n 1); $(Rscript --version 2>&1 | head -n 1)"

# ---- (a) driver-side statistics ----
if [[ "$PARTS" == *a* ]]; then
echo
echo "== (a) driver-side statistics on risk sets of 10^5 distinct times x 3 groups"
mvn -q -B -o -DskipTests test-compile package >/dev/null 2>&1 || mvn -q -B -DskipTests test-compile package >&2
source jobs/_jvm-flags # FLAGS, as the launcher uses them
java -Xmx2g "${FLAGS[@]}" -cp "target/test-classes:target/classes:$(cat target/classpath.txt)" \
  io.rwe.bench.StatsBench 100000 3 15
fi

timed() {  # runs one whole process; prints "<wall> s  (CPU <user+sys> s)"; its stdout goes to $DIR/last.txt
  local start end cpu
  start=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$DIR/cpu.txt" "$@" > "$DIR/last.txt"
  end=$(date +%s.%N)
  cpu="$(awk '{printf "%.1f", $1 + $2}' "$DIR/cpu.txt")"
  printf "%6.1f s  (CPU %5s s)" "$(echo "$end - $start" | bc)" "$cpu"
}
median() { printf "%s\n" "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# ---- (b) whole processes on a 10^7-row CSV ----
if [[ "$PARTS" == *b* ]]; then
echo
echo "== (b) jobs/survival vs R (fread + survfit + survdiff) on $ROWS rows"
if [ ! -s "$CSV" ]; then
  echo "generating $CSV (once) ..." >&2
  # Group A/B/C; integer time in days ~ exponential with group-specific hazard (median about 250,
  # 300, 350 days), administratively censored at 1500 days; 15% random censoring.
  awk -v n="$ROWS" 'BEGIN {
      srand(20261127); print "id,group,time,event";
      split("A B C", G, " "); split("0.00277 0.00231 0.00198", H, " ");
      for (i = 1; i <= n; i++) {
        g = 1 + int(rand() * 3); t = int(-log(1 - rand()) / H[g]) + 1; e = 1;
        if (t > 1500) { t = 1500; e = 0 } else if (rand() < 0.15) { t = 1 + int(rand() * t); e = 0 }
        printf "%d,%s,%d,%d\n", i, G[g], t, e
      } }' > "$CSV.tmp"
  mv "$CSV.tmp" "$CSV"
fi
echo "file: $CSV ($(du -h "$CSV" | cut -f1), $(($(wc -l < "$CSV") - 1)) rows)"

R_SCRIPT='suppressMessages({library(data.table); library(survival)})
d <- fread(commandArgs(TRUE)[1])
fit <- survfit(Surv(time, event) ~ group, data = d)
sd <- survdiff(Surv(time, event) ~ group, data = d)
cat(sprintf("chisq %.6f\n", sd$chisq))'

OURS=("$ROOT/jobs/survival" --input "$CSV" --time time --event event --group group --out "$DIR/survival-out.json")
THEIRS=(Rscript -e "$R_SCRIPT" "$CSV")
ours_chisq() {
  python3 -c 'import json,sys; print("chisq %.6f" % json.load(open(sys.argv[1]))["logrank"]["chisq"])' \
    "$DIR/survival-out.json"
}
# A first, untimed run: builds the jar if needed and the class-data sharing archive of jobs/survival.
"${OURS[@]}" 2>/dev/null
declare -a T_OURS T_R
for r in $(seq 1 "$ROUNDS"); do
  rm -f "$DIR/survival-out.json"
  line="$(timed "${OURS[@]}")";   echo "round $r  jobs/survival  $line   $(ours_chisq)"; T_OURS+=("${line%% s*}")
  line="$(timed "${THEIRS[@]}")"; echo "round $r  R              $line   $(tail -n 1 "$DIR/last.txt")"; T_R+=("${line%% s*}")
done
mo="$(median "${T_OURS[@]}")"; mr="$(median "${T_R[@]}")"
echo "median: jobs/survival ${mo} s, R ${mr} s, ratio $(echo "scale=2; $mo / $mr" | bc) (target < 0.33)"
fi

# ---- (c) the adjusted Cox model with five covariates, whole processes ----
if [[ "$PARTS" == *c* ]]; then
COX_CSV="$DIR/cox-$ROWS.csv"
echo
echo "== (c) jobs/survival --covariates (five) vs R (fread + coxph, Efron) on $ROWS rows"
if [ ! -s "$COX_CSV" ]; then
  echo "generating $COX_CSV (once) ..." >&2
  # Group A/B; age 30-89 (whole years), sex F/M, stage I/II/III, score 0-100 (one decimal), site a-d; integer
  # time in days ~ exponential with a hazard depending on group, age, stage and score; censored at 1500 days
  # and 15% at random. About 1500 distinct times.
  awk -v n="$ROWS" 'BEGIN {
      srand(20261204); print "id,group,time,event,age,sex,stage,score,site";
      split("I II III", S, " "); split("a b c d", W, " ");
      for (i = 1; i <= n; i++) {
        g = rand() < 0.5 ? "A" : "B"; age = 30 + int(rand() * 60); sex = rand() < 0.45 ? "F" : "M";
        st = 1 + int(rand() * 3); score = int(rand() * 1000) / 10; site = W[1 + int(rand() * 4)];
        h = 0.0025 * exp((g == "B" ? -0.3 : 0) + 0.01 * (age - 60) + 0.25 * (st - 1) - 0.004 * (score - 50));
        t = int(-log(1 - rand()) / h) + 1; e = 1;
        if (t > 1500) { t = 1500; e = 0 } else if (rand() < 0.15) { t = 1 + int(rand() * t); e = 0 }
        printf "%d,%s,%d,%d,%d,%s,%s,%.1f,%s\n", i, g, t, e, age, sex, S[st], score, site
      } }' > "$COX_CSV.tmp"
  mv "$COX_CSV.tmp" "$COX_CSV"
fi
echo "file: $COX_CSV ($(du -h "$COX_CSV" | cut -f1), $(($(wc -l < "$COX_CSV") - 1)) rows)"
COX_R='suppressMessages({library(data.table); library(survival)})
d <- fread(commandArgs(TRUE)[1])
fit <- coxph(Surv(time, event) ~ group + age + sex + stage + score + site, data = d, ties = "efron")
b <- coef(fit); cat(sprintf("%s %.17g\n", names(b), b), sep = "")'
COX_OURS=("$ROOT/jobs/survival" --input "$COX_CSV" --time time --event event --group group
          --covariates age,sex,stage,score,site --out "$DIR/cox-out.json")
"${COX_OURS[@]}" 2>/dev/null
declare -a C_OURS C_R
for r in $(seq 1 "$ROUNDS"); do
  rm -f "$DIR/cox-out.json"
  line="$(timed "${COX_OURS[@]}")"; echo "round $r  jobs/survival  $line"; C_OURS+=("${line%% s*}")
  line="$(timed Rscript -e "$COX_R" "$COX_CSV")"; echo "round $r  R              $line"; C_R+=("${line%% s*}")
  cp "$DIR/last.txt" "$DIR/cox-r.txt"
done
# R names groupB, age, sexM, stageII, stageIII, score, siteb..d; ours group=B, age, sex=M, stage=II, ...
python3 - "$DIR/cox-out.json" "$DIR/cox-r.txt" <<'PY'
import json, re, sys
ours = {k: v["coef"] for k, v in json.load(open(sys.argv[1]))["cox_adjusted"]["terms"].items()}
worst = 0.0
for line in open(sys.argv[2]):
    name, value = line.split()
    m = re.match(r"(group|sex|stage|site)(.+)$", name)
    key = m.group(1) + "=" + m.group(2) if m else name
    worst = max(worst, abs(ours[key] - float(value)) / abs(float(value)))
    print("  %-10s ours %.10g  R %.10g" % (key, ours[key], float(value)))
print("largest relative difference of the coefficients: %.2e" % worst)
PY
mo="$(median "${C_OURS[@]}")"; mr="$(median "${C_R[@]}")"
echo "median: jobs/survival ${mo} s, R ${mr} s, ratio $(echo "scale=2; $mo / $mr" | bc) (target <= 0.25)"
fi
