#!/usr/bin/env python3
"""Assembles the figures of one jobs/bench run (its logs folder) into bench-<stamp>.json and .md.

usage: report.py LOGS OUT_PREFIX SIZES COHORT_ROWS CLK_TCK
"""
import json
import math
import os
import re
import subprocess
import sys

LOGS, PREFIX, SIZES, COHORT_ROWS, TCK = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
STAGES = ["ingest", "derive", "analyze", "report"]
STAGE_LINE = re.compile(r"^(ingest|derive|analyze|report): .*\(([\d.]+) s, .* collected\)\s*$")
GC = re.compile(r"(\d+)M->(\d+)M\((\d+)M\)")


def path(name):
    return os.path.join(LOGS, name)


def read(name):
    p = path(name)
    return open(p).read().strip() if os.path.exists(p) else None


def load_json(p):
    try:
        with open(p) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def proc_time(name):
    """/usr/bin/time -f '%e %U %S %M': wall, cpu (user+sys), max RSS in MiB."""
    t = read(name + ".time")
    if not t:
        return None
    wall, user, sys_, rss = t.splitlines()[-1].split()
    return {"wall_s": float(wall), "cpu_s": round(float(user) + float(sys_), 2), "max_rss_mib": round(int(rss) / 1024)}


def gc_heap(name):
    """Largest heap before GC, after GC and committed (MiB) in the JVM's -Xlog:gc file."""
    t = read(name + ".gc.log")
    if not t:
        return None
    before = after = committed = 0
    for m in GC.finditer(t):
        before, after, committed = max(before, int(m[1])), max(after, int(m[2])), max(committed, int(m[3]))
    return {"heap_before_gc_max_mib": before, "heap_after_gc_max_mib": after, "heap_committed_max_mib": committed}


def stage_cpu(name):
    """CPU seconds of the JVM between the progress lines of consecutive stages (the first includes start-up)."""
    t = read(name + ".err")
    if not t:
        return {}
    out, prev = {}, 0.0
    for line in t.splitlines():
        parts = line.split(" ", 2)
        if len(parts) < 3 or parts[1] == "-":
            continue
        m = STAGE_LINE.match(parts[2])
        if m:
            ticks = float(parts[1]) / TCK
            out[m[1]] = round(ticks - prev, 2)
            prev = ticks
    return out


def longest_silence(name):
    """The longest time between two consecutive lines on the job's standard error (the stamped .err): how
    long a data engineer watching the run saw nothing (the progress heartbeat's target: at most 15 s); with
    the line that ended it."""
    t = read(name + ".err")
    if not t:
        return None
    prev, best, after = None, 0.0, None
    for line in t.splitlines():
        parts = line.split(" ", 2)
        try:
            ts = float(parts[0])
        except (ValueError, IndexError):
            continue
        if prev is not None and ts - prev > best:
            best, after = ts - prev, (parts[2] if len(parts) > 2 else "")[:160]
        prev = ts
    return {"seconds": round(best, 1), "ended_by": after}


def fmt(x, nd=1):
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:.{nd}f}"
    return str(x)


def mib(b):
    return None if b is None else round(int(b) / 2**20, 1)


result = {"machine": {}, "replicate": {}, "cohort": {}, "targets": {}}
m = result["machine"]
m["nproc"] = os.cpu_count()
m["mem_total_gib"] = round(int(open("/proc/meminfo").readline().split()[1]) / 2**20, 1)
m["java"] = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
m["r"] = subprocess.run(["Rscript", "--version"], capture_output=True, text=True).stderr.strip() or \
    subprocess.run(["Rscript", "--version"], capture_output=True, text=True).stdout.strip()
m["load_before"] = read("load-before.txt")
m["load_after"] = read("load-after.txt")

sizes = [int(s) for s in SIZES.split(",") if s]
for n in sizes:
    run_dir = read(f"replicate-{n}.run")
    if not run_dir:
        continue
    man = load_json(os.path.join(run_dir, "manifest.json")) or {}
    r = {
        "process": proc_time(f"replicate-{n}"),
        "heap": gc_heap(f"replicate-{n}"),
        "stage_wall_s": man.get("timings_s"),
        "stage_cpu_s": stage_cpu(f"replicate-{n}"),
        "collected_bytes": man.get("collected_bytes"),
        "warehouse_bytes": int(read(f"replicate-{n}.warehouse-bytes") or 0),
        "run_folder_bytes": int(read(f"replicate-{n}.run-bytes") or 0),
        "extract_bytes": int(read(f"replicate-{n}.extract-bytes") or 0),
        "spark": (man.get("versions") or {}).get("spark"),
        "generate": proc_time(f"generate-{n}"),
        "longest_silence": longest_silence(f"replicate-{n}"),
    }
    rj = load_json(path(f"r-{n}.json"))
    if rj:
        r["r"] = {"process": proc_time(f"r-{n}"), "read_s": rj["read_elapsed_s"],
                  "compute_elapsed_s": rj["compute_elapsed_s"], "compute_cpu_s": rj["compute_cpu_s"]}
        a = (r["stage_wall_s"] or {}).get("analyze")
        if a:
            r["r"]["ratio_r_compute_to_analyze_stage_wall"] = round(rj["compute_elapsed_s"] / a, 2)
    duck = proc_time(f"duckdb-{n}")
    if duck:
        r["duckdb"] = {"process": duck, "rows": int(read(f"duckdb-{n}.out") or 0)}
        ing = (r["stage_wall_s"] or {}).get("ingest")
        if ing and duck.get("wall_s"):
            r["duckdb"]["ratio_ingest_stage_to_duckdb_wall"] = round(ing / duck["wall_s"], 2)
    result["replicate"][str(n)] = r
    if r["spark"]:
        m["spark"] = r["spark"]

def live_heap(name):
    """Samples "<epoch> <bytes>" of the live heap (jobs/bench sample_live): count, largest and median, in MiB."""
    t = read(name + ".live")
    if not t:
        return None
    b = [int(line.split()[1]) for line in t.splitlines() if len(line.split()) == 2]
    if not b:
        return None
    return {"samples": len(b), "live_max_mib": round(max(b) / 2**20, 1), "live_median_mib": round(sorted(b)[len(b) // 2] / 2**20, 1)}


result["driver_alone"] = {}
for n in sizes:
    run_dir = read(f"driver-{n}.run")
    if not run_dir:
        continue
    man = load_json(os.path.join(run_dir, "manifest.json")) or {}
    result["driver_alone"][str(n)] = {
        "process": proc_time(f"driver-{n}"),
        "heap": gc_heap(f"driver-{n}"),
        "live": live_heap(f"driver-{n}"),
        "stage_wall_s": man.get("timings_s"),
        "collected_bytes": man.get("collected_bytes"),
        "results_json_as_local": read(f"driver-{n}.identical") or None,
    }

c = result["cohort"]
aj = load_json(path(f"analyze-{COHORT_ROWS}.json"))
if aj:
    c["rows"] = COHORT_ROWS
    c["analyze"] = aj
    c["analyze_process"] = proc_time(f"analyze-{COHORT_ROWS}")
    c["analyze_heap"] = gc_heap(f"analyze-{COHORT_ROWS}")
    c["build_process"] = proc_time("cohort-build")
    c["parquet_bytes"] = int(read("cohort.parquet-bytes") or 0)
    c["csv_bytes"] = int(read("cohort.csv-bytes") or 0) or None
rj = load_json(path(f"r-{COHORT_ROWS}.json"))
if rj:
    c["r"] = {"process": proc_time(f"r-{COHORT_ROWS}"), "read_elapsed_s": rj["read_elapsed_s"],
              "read_cpu_s": rj["read_cpu_s"], "compute_elapsed_s": rj["compute_elapsed_s"],
              "compute_cpu_s": rj["compute_cpu_s"], "analyses": rj["analyses"]}
sb = read("survival-bench.txt")
if sb:
    result["survival_bench"] = sb

# Targets.
t = result["targets"]
if aj and rj:
    st = aj["stage"]
    t["analyze_vs_r_wall"] = round(rj["compute_elapsed_s"] / st["wall_s"], 2)
    t["analyze_vs_r_cpu"] = round(rj["compute_cpu_s"] / st["process_cpu_s"], 2)
    t["analyze_5x_met"] = t["analyze_vs_r_wall"] >= 5
rep = [(int(k), v) for k, v in result["replicate"].items()]
if len(rep) >= 2:
    heaps = [v["heap"]["heap_after_gc_max_mib"] for _, v in rep if v.get("heap")]
    coll = [v["collected_bytes"]["total"] for _, v in rep if v.get("collected_bytes")]
    if heaps:
        t["heap_after_gc_max_over_min"] = round(max(heaps) / max(1, min(heaps)), 3)
        t["heap_flat_met"] = t["heap_after_gc_max_over_min"] <= 1.10
    if coll:
        t["collected_max_over_min"] = round(max(coll) / max(1, min(coll)), 3)
        t["collected_flat_met"] = t["collected_max_over_min"] <= 1.10
    alone = [v for v in result["driver_alone"].values() if v.get("live")]
    if len(alone) >= 2:
        lv = [v["live"]["live_max_mib"] for v in alone]
        t["driver_alone_live_heap_max_mib"] = lv
        t["driver_alone_live_heap_max_over_min"] = round(max(lv) / max(1e-9, min(lv)), 3)
        t["driver_alone_heap_flat_met"] = t["driver_alone_live_heap_max_over_min"] <= 1.10
    (n0, v0), (n1, v1) = rep[-2], rep[-1]
    w0, w1 = v0["stage_wall_s"]["total"], v1["stage_wall_s"]["total"]
    t["replicate_growth_exponent"] = round(math.log(w1 / w0) / math.log(n1 / n0), 3)
    t["replicate_linear_met"] = t["replicate_growth_exponent"] <= 1.0
    big = rep[-1]
    t["replicate_largest_patients"] = big[0]
    t["replicate_largest_wall_s"] = big[1]["process"]["wall_s"]
    t["replicate_10min_met"] = big[0] >= 1_000_000 and big[1]["process"]["wall_s"] <= 600
if rep and rep[-1][1].get("longest_silence"):
    # a line at least every 15 s (the heartbeat's interval; half a second for the timer's jitter)
    t["longest_silence_s"] = rep[-1][1]["longest_silence"]["seconds"]
    t["progress_15s_met"] = t["longest_silence_s"] <= 15.5

with open(PREFIX + ".json", "w") as f:
    json.dump(result, f, indent=2)

md = [f"# jobs/bench {os.path.basename(PREFIX)}", "",
      f"Machine: {m['nproc']} cores, {m['mem_total_gib']} GiB, {m['java']}, Spark {m.get('spark', '?')}, {m['r']}.",
      f"Load before: `{m['load_before']}`; after: `{m['load_after']}`.", ""]
if result["replicate"]:
    md += ["## jobs/replicate (local[2])", "",
           "| patients | ingest wall/CPU s | derive wall/CPU s | analyze wall/CPU s | report wall/CPU s | total wall s | process wall/CPU s | heap after GC max MiB | heap before GC max / committed MiB | collected bytes | warehouse MiB | run folder MiB |",
           "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n, v in rep:
        w, cp = v["stage_wall_s"] or {}, v["stage_cpu_s"]
        h = v["heap"] or {}
        p = v["process"] or {}
        md.append(f"| {n:,} | " + " | ".join(f"{fmt(w.get(s))} / {fmt(cp.get(s))}" for s in STAGES)
                  + f" | {fmt(w.get('total'))} | {fmt(p.get('wall_s'))} / {fmt(p.get('cpu_s'))}"
                  + f" | {h.get('heap_after_gc_max_mib', '–')} | {h.get('heap_before_gc_max_mib', '–')} / {h.get('heap_committed_max_mib', '–')}"
                  + f" | {(v['collected_bytes'] or {}).get('total', '–')} | {mib(v['warehouse_bytes'])} | {mib(v['run_folder_bytes'])} |")
    md.append("")
    md.append("Longest time without a line on standard error (progress heartbeat every "
              "`rwe.progress.heartbeat`, 15 s by default): "
              + "; ".join(f"{n:,} patients {fmt((v.get('longest_silence') or {}).get('seconds'))} s"
                          + (f" (ended by `{v['longest_silence']['ended_by']}`)" if v.get('longest_silence') else "")
                          for n, v in rep) + ".")
    md.append("")
    if any("duckdb" in v for _, v in rep):
        md += ["Ingest against DuckDB converting the same CSV files to Parquet on 2 threads "
               "(bench/DuckDbCsvToParquet.java: types by DuckDB's sniffer, no validation; target ingest / DuckDB ≤ 3):", "",
               "| patients | ingest stage wall / CPU s | DuckDB process wall / CPU s | rows DuckDB wrote | ingest / DuckDB (wall) |",
               "|---:|---:|---:|---:|---:|"]
        for n, v in rep:
            if "duckdb" in v:
                d, w, cp = v["duckdb"], v["stage_wall_s"] or {}, v["stage_cpu_s"]
                md.append(f"| {n:,} | {fmt(w.get('ingest'))} / {fmt(cp.get('ingest'))} | {fmt(d['process'].get('wall_s'))}"
                          f" / {fmt(d['process'].get('cpu_s'))} | {d['rows']:,} | {fmt(d.get('ratio_ingest_stage_to_duckdb_wall'), 2)} |")
        md.append("")
    if any("r" in v for _, v in rep):
        md += ["R on the same cohorts (CSV of the derived cohort):", "",
               "| patients | R read s | R compute wall/CPU s | R process wall/CPU s | analyze stage wall s | R compute / analyze |",
               "|---:|---:|---:|---:|---:|---:|"]
        for n, v in rep:
            if "r" in v:
                rr = v["r"]
                md.append(f"| {n:,} | {fmt(rr['read_s'])} | {fmt(rr['compute_elapsed_s'])} / {fmt(rr['compute_cpu_s'])}"
                          f" | {fmt(rr['process']['wall_s'])} / {fmt(rr['process']['cpu_s'])}"
                          f" | {fmt(v['stage_wall_s'].get('analyze'))} | {fmt(rr.get('ratio_r_compute_to_analyze_stage_wall'), 2)} |")
        md.append("")
if result["driver_alone"]:
    md += ["## The driver alone (standalone cluster: two workers of 1 core, each executor in its own JVM)", "",
           "Driver heap (-Xmx) " + os.environ.get("RWE_BENCH_DRIVER_MEMORY", "1g") + "; live heap sampled every 5 s with a full "
           "collection (jcmd GC.class_histogram); GC figures from the driver's -Xlog:gc.", "",
           "| patients | total wall s | process wall/CPU s | live heap max / median MiB (samples) | heap after GC max MiB | heap before GC max / committed MiB | collected bytes | results.json as local |",
           "|---:|---:|---:|---:|---:|---:|---:|---|"]
    for n, v in result["driver_alone"].items():
        h, lv, p = v["heap"] or {}, v["live"] or {}, v["process"] or {}
        md.append(f"| {int(n):,} | {fmt((v['stage_wall_s'] or {}).get('total'))} | {fmt(p.get('wall_s'))} / {fmt(p.get('cpu_s'))}"
                  f" | {lv.get('live_max_mib', '–')} / {lv.get('live_median_mib', '–')} ({lv.get('samples', 0)})"
                  f" | {h.get('heap_after_gc_max_mib', '–')} | {h.get('heap_before_gc_max_mib', '–')} / {h.get('heap_committed_max_mib', '–')}"
                  f" | {(v['collected_bytes'] or {}).get('total', '–')} | {v.get('results_json_as_local') or '–'} |")
    md.append("")
if aj:
    st, ph = aj["stage"], aj["phases"]
    md += [f"## Analyze stage alone on {COHORT_ROWS:,} rows", "",
           f"Whole stage (Parquet read, every analysis): wall {st['wall_s']} s, process CPU {st['process_cpu_s']} s, "
           f"collected {st['collected_bytes']} bytes, {st['risk_set_rows']} risk-set rows, peak heap used {mib(st['peak_heap_used_bytes'])} MiB.",
           f"JVM process: {c['analyze_process']}; GC: {c['analyze_heap']}. Cohort Parquet {mib(c['parquet_bytes'])} MiB"
           + (f", CSV {mib(c['csv_bytes'])} MiB." if c.get("csv_bytes") else "."), "",
           "| phase (from Parquet, as the stage) | wall s |", "|---|---:|"]
    md += [f"| {k} | {v} |" for k, v in ph.items()]
    md.append("")
if rj:
    rr = c["r"]
    md += [f"R (data.table::fread + survival) on the same {COHORT_ROWS:,} rows: read {rr['read_elapsed_s']} s, "
           f"compute wall {rr['compute_elapsed_s']} s / CPU {rr['compute_cpu_s']} s, whole process {rr['process']}.", "",
           "| analysis | R wall s | R CPU s |", "|---|---:|---:|"]
    md += [f"| {k} | {v['elapsed_s']} | {v['cpu_s']} |" for k, v in rr["analyses"].items()]
    md.append("")
md += ["## Targets", ""] + [f"- {k}: {v}" for k, v in t.items()]
if sb:
    md += ["", "## bench/survival-bench.sh", "", "```", sb[-3000:], "```"]
with open(PREFIX + ".md", "w") as f:
    f.write("\n".join(md) + "\n")
