#!/usr/bin/env python3
"""One FStore run's figures (bench/mongodb.sh --fstore; not a test).

    python3 run_summary.py LABEL WORK_FOLDER FSTORE_CPU_S SERVER_CPU_S PEAK_RSS_KIB RATES_FILE [LOADAVG]

Rows/s = rowsRead / (finishedAt - startedAt) of the run's own summary (WORK_FOLDER/data/state/bench_mongo.json).
Peak heap used = the largest before-GC heap occupancy in WORK_FOLDER/gc.log (-Xlog:gc), GC pauses their sum.
Prints one line and appends "rows/s seconds fstore-cpu server-cpu" to RATES_FILE.
"""
import datetime
import json
import os
import re
import sys

label, work, cpu, server_cpu, hwm_kib, rates = sys.argv[1:7]
load = sys.argv[7] if len(sys.argv) > 7 else None  # the machine's 1-minute load average as the run ended
run = json.load(open(os.path.join(work, "data/state/bench_mongo.json")))["lastRun"]
at = lambda iso: datetime.datetime.fromisoformat(iso.replace("Z", "+00:00"))
secs = (at(run["finishedAt"]) - at(run["startedAt"])).total_seconds()
rate = run["rowsRead"] / secs
peak, pauses, gcs = 0, 0.0, 0
for line in open(os.path.join(work, "gc.log")):
    m = re.search(r"GC\(\d+\) Pause .* (\d+)M->\d+M\(\d+M\) ([\d.]+)ms", line)
    if m:
        peak, pauses, gcs = max(peak, int(m.group(1))), pauses + float(m.group(2)) / 1000, gcs + 1
parquet = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(os.path.join(work, "data/offline"))
              for f in fs if f.endswith(".parquet"))
print(f"{label:8} {run['rowsRead']:,} read, {run['rowsStored']:,} stored, {run['rowsQuarantined']} quarantined, "
      f"{run['chunks']} chunks in {secs:.2f} s = {rate:,.0f} rows/s | CPU in the run: FStore {float(cpu):.1f} s, "
      f"server {float(server_cpu):.1f} s | peak RSS {int(hwm_kib) / 1024:.0f} MiB, heap used {peak} MiB, "
      f"GC pauses {pauses:.2f} s in {gcs} | Parquet {parquet / 2**20:.1f} MiB"
      + (f" | load {load}" if load else ""))
with open(rates, "a") as f:
    f.write(f"{rate} {secs} {cpu} {server_cpu}\n")
