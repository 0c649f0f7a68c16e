#!/usr/bin/env bash
# Benchmark (not a test): DOCS feature-row documents (customer id, 5 numbers: double, int32, double, int64,
# decimal128, a nested address, a date) in a MongoDB-protocol server, read back with the bare mongodb-driver-sync
# loop that reads and discards them (batch size BATCH), median of RUNS runs; with --fstore, FStore then ingests the
# same documents from the same server with a mongodb feature group, end to end, median of RUNS runs.
#
#   bash bench/mongodb.sh                          # 1,000,000 documents, batch 10,000, median of 3
#   DOCS=200000 RUNS=5 bash bench/mongodb.sh
#   MODES="raw bare flatten paths" bash bench/mongodb.sh   # where the client time goes (see below)
#   bash bench/mongodb.sh --fstore                 # + FStore on the same documents (needs target/fstore.jar:
#                                                  #   mvn -B -o -q package -DskipTests)
#   SPLIT=false PROFILE=false bash bench/mongodb.sh --fstore   # only the end-to-end runs
#
# Modes: raw = RawBsonDocument (bytes only, no decoding: the server + network floor), bare = org.bson.Document
# (what camel-mongodb hands a route), proj = bare with the projection FStore's request sends (the 8 paths the group
# reads, no _id: the same bytes over the wire as the FStore run), flatten = + MongoDocuments.flatten, paths = +
# MongoDocuments.forPaths of the 8 paths a group reads. With --fstore, MODES defaults to "bare proj".
#
# --fstore: group bench_mongo (wide: customer key, 6 features: double, long, double, long, decimal(12,2), and a
# string from address.city mapped by dotted path; event time updated_at; full refresh, no incremental field) runs on
# start in JAR (-Xmx$XMX, fstore.chunk-size BATCH, offline Parquet SNAPPY + embedded online store), each run in a fresh
# work folder (so a fresh data directory). Rows/s = rowsRead / (finishedAt - startedAt) of the run's own summary
# (data/state/bench_mongo.json). Each run also prints the CPU seconds FStore and the server spent from the run's
# start to its end (FStore's include its JIT and GC threads), FStore's peak RSS (VmHWM, whole process) and peak heap
# used (the largest before-GC occupancy in -Xlog:gc) with the sum of GC pauses.
# Then, unless SPLIT=false, one run each with fstore.pipeline.sinks = only direct:sink.offline, only
# direct:sink.online, and no store at all (a log endpoint at level OFF): source + normalize alone, and what each sink
# adds. Unless PROFILE=false, one more end-to-end run under JFR (settings=profile), its samples during the run
# summarized by stage, package, method and thread (bench/mongodb/jfr_stages.py; the recording stays in the work
# folder for `jfr print --events jdk.ExecutionSample fstore-jfr/run.jfr` or JDK Mission Control).
# The server is mongo-java-server 1.47 (in-memory backend) in its own JVM (SERVER_XMX), since no mongod can be had
# here: its per-document cost is far above a real mongod's, so the figures bound the client side from below. It
# shares the machine's cores with the reader / FStore.
# Needs: Maven offline repository with the project's test dependencies (mongo-java-server is test scope), python3,
# bc, and for --fstore the JDK's jfr and jcmd.
set -euo pipefail
cd "$(dirname "$0")/.."
DOCS=${DOCS:-1000000}
CUSTOMERS=${CUSTOMERS:-100000}
BATCH=${BATCH:-10000}
RUNS=${RUNS:-3}
SERVER_XMX=${SERVER_XMX:-4g}
READER_XMX=${READER_XMX:-512m}
XMX=${XMX:-512m}
JAR=${JAR:-$(pwd)/target/fstore.jar}
SPLIT=${SPLIT:-true}
PROFILE=${PROFILE:-true}
FSTORE=false
[ "${1:-}" = "--fstore" ] && FSTORE=true
if $FSTORE; then
  MODES=${MODES:-bare proj}
  [ -f "$JAR" ] || { echo "no $JAR: build it first (mvn -B -o -q package -DskipTests)"; exit 1; }
fi
MODES=${MODES:-bare}

out=$(mktemp -d /tmp/fstore-mongodb-bench.XXXXXX)
mvn -B -o -q compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$out/cp.txt"
CP="$(pwd)/target/classes:$(cat "$out/cp.txt")"
cat > "$out/logback.xml" <<'XML'
<configuration>
  <appender name="ERR" class="ch.qos.logback.core.ConsoleAppender"><target>System.err</target>
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n</pattern></encoder></appender>
  <root level="WARN"><appender-ref ref="ERR"/></root>
</configuration>
XML
JAVA=(java -Dlogback.configurationFile="$out/logback.xml")
javac -cp "$CP" -d "$out/classes" bench/mongodb/*.java
echo "machine: $(nproc) cores; docs=$DOCS customers=$CUSTOMERS batch=$BATCH runs=$RUNS"

# the server: reads its stdin until we close it (fd 3), prints READY <uri> on stdout when seeded
mkfifo "$out/server.in"
"${JAVA[@]}" -Xmx"$SERVER_XMX" -cp "$CP:$out/classes" MongoBench serve "$DOCS" "$CUSTOMERS" \
  < "$out/server.in" > "$out/server.out" 2> "$out/server.log" &
server=$!
exec 3> "$out/server.in"
stop_server() { exec 3>&- 2>/dev/null || true; sleep 1; kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
fstore=   # the FStore process of a run under way
stop_all() { if [ -n "$fstore" ]; then kill "$fstore" 2>/dev/null || true; fi; stop_server; }
trap stop_all EXIT
until grep -q '^READY ' "$out/server.out" 2>/dev/null; do
  kill -0 "$server" 2>/dev/null || { echo "server exited; see $out/server.log"; exit 1; }
  sleep 0.5
done
uri=$(sed -n 's/^READY //p' "$out/server.out")
grep seeded "$out/server.log" || true

echo "== bare mongodb-driver-sync loop (-Xmx$READER_XMX), $uri"
# shellcheck disable=SC2086
"${JAVA[@]}" -Xmx"$READER_XMX" -cp "$CP:$out/classes" MongoBench read "$uri" "$server" "$RUNS" "$BATCH" $MODES \
  | tee "$out/bare.out"

# CPU seconds (user + system) a process has used so far
cpu() { sed 's/.*) //' "/proc/$1/stat" | awk '{printf "%.2f", ($12 + $13) / 100}'; }

# One FStore run in a fresh work folder $out/fstore-LABEL: fstore_run LABEL SINKS [JVM option...]. Prints its
# figures and appends them to $out/rates.<LABEL without a -N suffix>. JFR_FILE=name: stop recording "bench" into it.
fstore_run() {
  local label=$1 sinks=$2
  shift 2
  local work="$out/fstore-$label"
  local state="$work/data/state/bench_mongo.json"
  mkdir -p "$work/features"
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  cat > "$work/application.properties" <<PROPS
camel.server.port = ${port}
fstore.data-dir = data
fstore.features-dir = features
fstore.chunk-size = ${BATCH}
fstore.pipeline.sinks = ${sinks}
fstore.online.type = embedded
fstore.offline.compression = SNAPPY
fstore.demo.seed = false
fstore.connection.bench.kind = mongodb
fstore.connection.bench.uri = ${uri}
fstore.connection.bench.database = bench
PROPS
  cat > "$work/features/bench_mongo.yaml" <<YAML
name: bench_mongo
entity: { name: customer, key: customer_id }
source:
  kind: mongodb
  connection: bench
  database: bench
  collection: orders
  timestamp: updated_at
  field_mapping: { address.city: city }
  batch_size: ${BATCH}
schedule: "0 0 0 1 1 ? 2099"
run_on_start: true
features:
  - { name: amount, type: double }
  - { name: quantity, type: long }
  - { name: discount, type: double }
  - { name: points, type: long }
  - { name: balance, type: decimal, precision: 12, scale: 2 }
  - { name: city, type: string }
YAML
  (cd "$work" && exec java -Xmx"$XMX" -Xlog:gc:file=gc.log "$@" -jar "$JAR" > fstore.log 2>&1) &
  fstore=$!
  alive() {
    kill -0 "$fstore" 2>/dev/null && return 0
    echo "FStore exited; see $work/fstore.log"; tail -5 "$work/fstore.log"; exit 1
  }
  until [ -f "$state" ]; do alive; sleep 0.05; done   # written as the run begins
  local cpu0 scpu0 cpu1 scpu1 hwm
  cpu0=$(cpu "$fstore"); scpu0=$(cpu "$server")
  until grep -q '"status" : "succeeded"' "$state" 2>/dev/null; do
    alive
    if grep -q '"status" : "failed"' "$state" 2>/dev/null; then echo "run failed: $(cat "$state")"; exit 1; fi
    sleep 0.1
  done
  cpu1=$(cpu "$fstore"); scpu1=$(cpu "$server")
  hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$fstore/status")
  if [ -n "${JFR_FILE:-}" ]; then jcmd "$fstore" JFR.stop name=bench filename="$work/$JFR_FILE" > /dev/null; fi
  kill "$fstore"; wait "$fstore" 2>/dev/null || true
  fstore=
  python3 bench/mongodb/run_summary.py "$label" "$work" "$(echo "$cpu1 - $cpu0" | bc -l)" \
    "$(echo "$scpu1 - $scpu0" | bc -l)" "$hwm" "$out/rates.${label%-[0-9]*}" "$(cut -d' ' -f1 /proc/loadavg)"
}
# the median run of $out/rates.NAME: "rows/s seconds fstore-cpu server-cpu"
median() { sort -g "$out/rates.$1" | awk '{a[NR] = $0} END {print a[int((NR + 1) / 2)]}'; }
bare_median() { sed -n "s/^$1 *median of [0-9]*: \([0-9,]*\) rows\/s.*/\1/p" "$out/bare.out" | tr -d ,; }

if $FSTORE; then
  echo "== FStore end to end (-Xmx$XMX, chunk $BATCH, offline Parquet + embedded online), $RUNS runs"
  for run in $(seq 1 "$RUNS"); do fstore_run "both-$run" "direct:sink.offline,direct:sink.online"; done
  if $SPLIT; then
    echo "== FStore with one sink, or none (one run each)"
    fstore_run offline "direct:sink.offline"
    fstore_run online "direct:sink.online"
    fstore_run nosink "log:bench.nosink?level=OFF"
  fi
  if $PROFILE; then
    echo "== FStore end to end under JFR (settings=profile; one more run, not in the median)"
    JFR_FILE=run.jfr fstore_run jfr "direct:sink.offline,direct:sink.online" \
      -XX:StartFlightRecording=name=bench,settings=profile
    python3 bench/mongodb/jfr_stages.py "$out/fstore-jfr/run.jfr" "$out/fstore-jfr/data/state/bench_mongo.json"
  fi
  bare=$(bare_median bare)
  echo "== summary: $DOCS documents, batch = chunk $BATCH, FStore -Xmx$XMX, $(nproc) cores shared by server and client"
  printf '%-42s %10s %8s  %s\n' "" "rows/s" "x bare" "median run: s, CPU s FStore / server"
  printf '%-42s %10s %8s\n' "bare driver loop, whole documents" "$(printf "%'.0f" "$bare")" "1.00"
  proj=$(bare_median proj)
  if [ -n "$proj" ]; then
    printf '%-42s %10s %8.2f\n' "bare driver loop, FStore's projection" "$(printf "%'.0f" "$proj")" \
      "$(echo "$proj / $bare" | bc -l)"
  fi
  row() {
    [ -f "$out/rates.$1" ] || return 0
    local rate secs fcpu scpu
    read -r rate secs fcpu scpu <<< "$(median "$1")"
    printf '%-42s %10s %8.2f  %.1f s, %.1f / %.1f\n' "$2" "$(printf "%'.0f" "$rate")" \
      "$(echo "$rate / $bare" | bc -l)" "$secs" "$fcpu" "$scpu"
  }
  row both "FStore, offline + online (median of $RUNS)"
  row offline "FStore, only sink.offline (Parquet)"
  row online "FStore, only sink.online (embedded)"
  row nosink "FStore, no sink (source + normalize)"
fi
echo "work folder: $out"
