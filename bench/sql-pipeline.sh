#!/usr/bin/env bash
# Benchmark (not a test): one wide feature group over ROWS order rows in PostgreSQL, end to end (every row to
# Parquet, newest value per customer to the online store), next to psql's \copy of the same query to /dev/null.
#
#   bash bench/sql-pipeline.sh                     # 5,000,000 rows, 100,000 customers, -Xmx512m
#   ROWS=1000000 XMX=256m bash bench/sql-pipeline.sh
#   RUNS=2 bash bench/sql-pipeline.sh              # restart and run again: a full refresh reads every row again
#   JAR=/path/to/fstore.jar bash bench/sql-pipeline.sh
#
# Each run prints its time and what the offline folder then holds (Parquet files and bytes, change-state bytes).
# Needs: target/fstore.jar (mvn -q package -DskipTests), psql, PostgreSQL at PGURL's server.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-5000000}
CUSTOMERS=${CUSTOMERS:-100000}
XMX=${XMX:-512m}
CHUNK=${CHUNK:-10000}
RUNS=${RUNS:-1}
JAR=${JAR:-$(pwd)/target/fstore.jar}
PSQL=(psql -h 127.0.0.1 -U postgres -d test -v ON_ERROR_STOP=1 -q)
TABLE=bench_orders_${ROWS}
QUERY="SELECT customer_id, amount, quantity, discount, channel, is_gift, created_at AS ts FROM ${TABLE}"

if [ "$("${PSQL[@]}" -tAc "SELECT to_regclass('${TABLE}') IS NOT NULL")" != "t" ]; then
  echo "seeding ${TABLE}: ${ROWS} rows for ${CUSTOMERS} customers"
  "${PSQL[@]}" -c "CREATE UNLOGGED TABLE ${TABLE} AS
    SELECT 'c' || lpad((i % ${CUSTOMERS})::text, 6, '0') AS customer_id,
           round((random() * 500)::numeric, 2) AS amount,
           (1 + i % 7) AS quantity,
           random() * 0.3 AS discount,
           (ARRAY['web','app','store'])[1 + i % 3] AS channel,
           (i % 11 = 0) AS is_gift,
           TIMESTAMP '2024-01-01' + (i * INTERVAL '1 second') AS created_at
    FROM generate_series(1, ${ROWS}) AS i"
  "${PSQL[@]}" -c "ANALYZE ${TABLE}"
fi

echo "== psql \\copy (${ROWS} rows)"
start=$(date +%s.%N)
"${PSQL[@]}" -c "\\copy (${QUERY}) to '/dev/null'"
end=$(date +%s.%N)
copy_s=$(echo "$end - $start" | bc -l)
printf 'psql copy: %.2f s, %.0f rows/s\n' "$copy_s" "$(echo "$ROWS / $copy_s" | bc -l)"

work=$(mktemp -d /tmp/fstore-bench.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/features"
cat > "$work/application.properties" <<PROPS
fstore.datasource.pg.url = jdbc:postgresql://127.0.0.1:5432/test?user=postgres
fstore.chunk-size = ${CHUNK}
fstore.demo.seed = false
camel.server.port = ${port}
PROPS
cat > "$work/features/bench.yaml" <<YAML
name: bench_orders
entity: { name: customer, key: customer_id }
source:
  kind: jdbc
  datasource: pg
  query: ${QUERY}
  timestamp: ts
schedule: "0 0 0 1 1 ? 2099"
run_on_start: true
features:
  - { name: amount, type: decimal, precision: 10, scale: 2 }
  - { name: quantity, type: long }
  - { name: discount, type: double }
  - { name: channel, type: string }
  - { name: is_gift, type: bool }
YAML

state="$work/data/state/bench_orders.json"
finished() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["lastRun"]["finishedAt"])' "$state"; }
for run in $(seq 1 "$RUNS"); do
  echo "== FStore run ${run}/${RUNS} (-Xmx${XMX}, chunk ${CHUNK})"
  before=$([ -f "$state" ] && finished || echo none)
  (cd "$work" && exec java -Xmx"${XMX}" -jar "$JAR" >> fstore.log 2>&1) &
  pid=$!
  until [ -f "$state" ] && grep -q '"status" : "succeeded"' "$state" && [ "$(finished)" != "$before" ]; do
    if ! kill -0 $pid 2>/dev/null; then echo "FStore exited; see $work/fstore.log"; exit 1; fi
    sleep 0.5
  done
  kill $pid; wait $pid 2>/dev/null || true
  python3 - "$state" "$ROWS" "$copy_s" "$work" <<'PY'
import json, sys, datetime, os
s = json.load(open(sys.argv[1]))["lastRun"]
rows, copy_s = int(sys.argv[2]), float(sys.argv[3])
t = lambda x: datetime.datetime.fromisoformat(x.replace("Z", "+00:00"))
secs = (t(s["finishedAt"]) - t(s["startedAt"])).total_seconds()
files, size, other = 0, 0, 0
for d, _, fs in os.walk(os.path.join(sys.argv[4], "data/offline")):
    for f in fs:
        n = os.path.getsize(os.path.join(d, f))
        if f.endswith(".parquet"):
            files, size = files + 1, size + n
        else:
            other += n
print(f"fstore: {s['rowsRead']} rows read, {s['rowsStored']} stored, {s['rowsQuarantined']} quarantined, "
      f"{s['chunks']} chunks in {secs:.2f} s = {s['rowsRead']/secs:,.0f} rows/s "
      f"({100*copy_s/secs:.0f}% of psql copy)"
      + (f"; peak heap {s['peakHeapBytes']/2**20:.0f} MiB" if s.get("peakHeapBytes") else ""))
print(f"offline: {files} Parquet files, {size/2**20:.1f} MiB; other files (change state) {other/2**20:.1f} MiB")
PY
done
echo "work folder: $work"
