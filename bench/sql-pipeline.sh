#!/usr/bin/env bash
# Benchmark (not a test): one wide feature group over ROWS order rows in PostgreSQL, end to end (every row to
# Parquet, newest value per customer to the online store), next to two peers reading the same query in the same
# invocation: psql's \copy to /dev/null (median of COPY_RUNS), then Spark (bench/peers/spark: local[2], one JDBC
# reader with fetchsize = CHUNK, every row to snappy Parquet). Ends with one table: rows/s of each, and the ratios
# FStore/\copy and FStore/Spark (with and without each JVM's startup).
#
#   bash bench/sql-pipeline.sh                     # 1,000,000 rows, 100,000 customers, -Xmx512m (a few minutes)
#   ROWS=5000000 bash bench/sql-pipeline.sh        # the size issue #11's targets are stated at
#   RUNS=2 bash bench/sql-pipeline.sh              # restart and run again: a full refresh reads every row again
#   SPARK=0 bash bench/sql-pipeline.sh             # without the Spark peer
#   SPARK_XMX=2g bash bench/sql-pipeline.sh        # Spark's driver memory (local mode: the JVM's -Xmx), default 1g
#   JAR=/path/to/fstore.jar bash bench/sql-pipeline.sh
#   FSTORE_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/ingest.jfr,settings=profile" bash bench/sql-pipeline.sh
#
# Each FStore run prints its time, the CPU seconds its process used during the run (steadier than rows/s on a shared
# machine), and what the offline folder then holds (Parquet files and bytes, change-state bytes); the table uses run 1. The work folders (/tmp/fstore-bench.*, /tmp/fstore-bench-spark-*) are removed on
# exit. Needs: target/fstore.jar (mvn -q package -DskipTests), psql, PostgreSQL at 127.0.0.1:5432, and for the
# Spark peer Maven with Maven Central reachable the first time (spark-sql_2.13 3.5.9, ~150 MiB into ~/.m2; the
# peer is a standalone project, never on FStore's classpath; it is built into bench/peers/spark/target).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
CUSTOMERS=${CUSTOMERS:-100000}
XMX=${XMX:-512m}
CHUNK=${CHUNK:-10000}
RUNS=${RUNS:-1}
COPY_RUNS=${COPY_RUNS:-3}
SPARK=${SPARK:-1}
SPARK_XMX=${SPARK_XMX:-1g}
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

peer=bench/peers/spark
if [ "$SPARK" = "1" ] && { [ ! -f "$peer/target/classpath.txt" ] \
    || [ -n "$(find "$peer/src" "$peer/pom.xml" "$peer/jvm.options" -newer "$peer/target/classpath.txt")" ]; }; then
  echo "== building the Spark peer (Maven; downloads Spark into ~/.m2 the first time)"
  mvn -B -q -f "$peer/pom.xml" package
fi

work=$(mktemp -d /tmp/fstore-bench.XXXXXX)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== psql \\copy (${ROWS} rows, ${COPY_RUNS} times)"
copies=()
for i in $(seq 1 "$COPY_RUNS"); do
  start=$(date +%s.%N)
  "${PSQL[@]}" -c "\\copy (${QUERY}) to '/dev/null'"
  end=$(date +%s.%N)
  copies+=("$(echo "$end - $start" | bc -l)")
  printf 'psql copy %d: %.2f s\n' "$i" "${copies[-1]}"
done
copy_s=$(printf '%s\n' "${copies[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
printf 'psql copy median: %.2f s, %.0f rows/s\n' "$copy_s" "$(echo "$ROWS / $copy_s" | bc -l)"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/features"
cat > "$work/application.properties" <<PROPS
fstore.datasource.pg.url = jdbc:postgresql://127.0.0.1:5432/test?user=postgres
fstore.chunk-size = ${CHUNK}
fstore.demo.seed = false
camel.server.port = ${port}
camel.management.port = $(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
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
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }
finished() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["lastRun"]["finishedAt"])' "$state"; }
for run in $(seq 1 "$RUNS"); do
  echo "== FStore run ${run}/${RUNS} (-Xmx${XMX}, chunk ${CHUNK})"
  before=$([ -f "$state" ] && finished || echo none)
  launched=$(date +%s.%N)
  # shellcheck disable=SC2086 # FSTORE_JAVA_OPTS is a list of JVM options, e.g. a -XX:StartFlightRecording=...
  (cd "$work" && exec java -Xmx"${XMX}" ${FSTORE_JAVA_OPTS:-} -jar "$JAR" >> fstore.log 2>&1) &
  pid=$!
  cpu_at_start=
  until [ -f "$state" ] && grep -q '"status" : "succeeded"' "$state" && [ "$(finished)" != "$before" ]; do
    if ! kill -0 $pid 2>/dev/null; then echo "FStore exited:"; tail -20 "$work/fstore.log"; exit 1; fi
    if [ -z "$cpu_at_start" ] && [ -f "$state" ] && grep -q '"status" : "running"' "$state"; then
      cpu_at_start=$(cpu_seconds "$pid")
    fi
    sleep 0.2
  done
  # CPU the FStore process used (all threads, GC and JIT included) from when the run was first seen running: on a
  # shared machine a steadier figure than rows/s, which other processes' load moves
  cpu_at_end=$(cpu_seconds "$pid")
  echo "fstore process CPU: ${cpu_at_end} s since launch, $(echo "${cpu_at_end} - ${cpu_at_start:-0}" | bc -l) s during the run"
  kill $pid; wait $pid 2>/dev/null || true
  pid=
  python3 - "$state" "$ROWS" "$copy_s" "$work" "$launched" "$run" <<'PY'
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
if sys.argv[6] == "1":  # run 1 goes into the table: rows, seconds, seconds since the JVM was launched
    total = t(s["finishedAt"]).timestamp() - float(sys.argv[5])
    open(os.path.join(sys.argv[4], "fstore-run1"), "w").write(f"{s['rowsRead']} {secs} {total}\n")
PY
done

spark_line=
if [ "$SPARK" = "1" ]; then
  echo "== Spark peer (local[2], one JDBC reader, fetchsize ${CHUNK}, -Xmx${SPARK_XMX})"
  if ! java -Xmx"${SPARK_XMX}" @"$peer/jvm.options" -cp "$peer/target/classes:$(cat "$peer/target/classpath.txt")" \
      io.fstore.bench.SparkPeer "jdbc:postgresql://127.0.0.1:5432/test?user=postgres" "$QUERY" "$CHUNK" \
      > "$work/spark.out" 2> "$work/spark.log" || ! spark_line=$(grep '^spark-peer ' "$work/spark.out"); then
    echo "Spark peer failed:"; tail -n 20 "$work/spark.out" "$work/spark.log"; exit 1
  fi
  echo "$spark_line"
fi

python3 - "$ROWS" "$copy_s" "$(cat "$work/fstore-run1")" "$spark_line" <<'PY'
import sys
rows, copy_s = int(sys.argv[1]), float(sys.argv[2])
f_rows, f_s, f_total = sys.argv[3].split()
f_rate, f_total_rate = int(f_rows) / float(f_s), int(f_rows) / float(f_total)
spark = dict(kv.split("=") for kv in sys.argv[4].split()[1:]) if sys.argv[4] else None
lines = [("psql \\copy to /dev/null (median)", rows, copy_s)]
if spark:
    lines += [("Spark local[2] JDBC -> Parquet", int(spark["rows"]), float(spark["read_s"])),
              ("Spark, with JVM + Spark startup", int(spark["rows"]), float(spark["total_s"]))]
lines += [("FStore run 1 (Parquet + online)", int(f_rows), float(f_s)),
          ("FStore, with JVM + Camel startup", int(f_rows), float(f_total))]
print(f"\n{'':34} {'rows':>10} {'seconds':>8} {'rows/s':>10}")
for name, n, s in lines:
    print(f"{name:34} {n:>10,} {s:8.2f} {n / s:>10,.0f}")
print(f"\nFStore/\\copy   {f_rate / (rows / copy_s):.2f}")
if spark:
    print(f"FStore/Spark   {f_rate / (int(spark['rows']) / float(spark['read_s'])):.2f} (read to commit), "
          f"{f_total_rate / (int(spark['rows']) / float(spark['total_s'])):.2f} (with startup)")
PY
