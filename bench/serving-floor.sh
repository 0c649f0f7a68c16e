#!/usr/bin/env bash
# Benchmark (not a test): FStore's serving against a floor, in one run on the same data. The floor
# (bench/serving/floor/Floor.java) is Vert.x core + RocksDB + Jackson streaming with no Camel, holding the same
# ENTITIES x FEATURES doubles in a compact encoding, answering the same JSON; measured on the event loop and through
# the executeBlocking hop camel-platform-http makes. For GET 1 entity x FEATURES and POST BATCH x FEATURES:
# - paced: bench/serving/PacedLoad.java at GET_RATE / POST_RATE rps over CONNECTIONS sockets, latency from each
#   request's intended start (corrects coordinated omission) into HdrHistogram, WARMUP seconds discarded;
# - saturation: wrk, 16 connections;
# - CPU per request: the server's utime+stime (/proc/PID/stat) over the measured period / requests answered.
# The server runs on core SERVER_CPU, load generators on LOAD_CPU (taskset). Prints one table with FStore/floor ratios,
# the answers' sizes and the stores' sizes on disk. JFR=1 then boots FStore once more with a flight recording over
# the paced phases and prints bytes allocated per request and the hottest methods.
#
#   bash bench/serving-floor.sh                       # 200,000 entities, 15 s phases: about 5 minutes
#   ENTITIES=1000000 JFR=1 bash bench/serving-floor.sh
#   JIT_WARMUP=3 bash bench/serving-floor.sh          # seconds of saturated GETs, then POSTs, before the phases (10)
#
# Needs target/fstore.jar and target/lib (mvn -q package -DskipTests), wrk (installed here if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
ENTITIES=${ENTITIES:-200000}
FEATURES=${FEATURES:-50}
BATCH=${BATCH:-50}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-5}
JIT_WARMUP=${JIT_WARMUP:-10}
GET_RATE=${GET_RATE:-1000}
POST_RATE=${POST_RATE:-200}
CONNECTIONS=${CONNECTIONS:-8}
SERVERS=${SERVERS:-"fstore floor-hop floor-loop"}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
JFR=${JFR:-0}
command -v wrk >/dev/null || apt-get install -y wrk >/dev/null
jar="$(pwd)/target/fstore.jar"
CP="$(pwd)/target/classes:$(ls "$(pwd)"/target/lib/*.jar | tr '\n' ':')"
out=$(mktemp -d /tmp/fstore-serving-floor.XXXXXX)
# the data, logs and servers of this run go when it ends (KEEP=1 keeps the folder to look at)
cleanup() { jobs -p | xargs -r kill 2>/dev/null || true; [ "${KEEP:-0}" = 1 ] || rm -rf "$out"; }
trap cleanup EXIT
javac -cp "$CP" -d "$out/classes" bench/serving/*.java bench/serving/floor/*.java
on_server="taskset -c $SERVER_CPU"
on_load="taskset -c $LOAD_CPU"
[ "$(nproc)" -ge 2 ] || { on_server=""; on_load=""; }
clk=$(getconf CLK_TCK)
event_time=$(date -u +%Y-%m-%dT%H:%M:%S.123456Z)
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start; server on cpu $SERVER_CPU," \
  "load generators on cpu $LOAD_CPU; entities=$ENTITIES features=$FEATURES batch=$BATCH phases ${DURATION}s" \
  "(paced: +${WARMUP}s warm-up discarded); work folder $out"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
post_body() {
  local ids refs
  ids=$(for e in $(seq 1 "$BATCH"); do printf '"c%s",' $(( (e * 7919) % ENTITIES )); done)
  refs=$(for f in $(seq 0 $((FEATURES - 1))); do printf '"bench:f%s",' "$f"; done)
  printf '{"entities":{"customer_id":[%s]},"features":[%s]}' "${ids%,}" "${refs%,}"
}
post_body > "$out/post.json"

# fstore: its own folder with one group of FEATURES doubles, the embedded store filled by LoadOnlineStore
mkdir -p "$out/fstore/features"
bash bench/serving/bench-group.sh "$FEATURES" > "$out/fstore/features/bench.yaml"
java -cp "$CP:$out/classes" LoadOnlineStore embedded "$out/fstore/data/online/embedded" "$ENTITIES" "$FEATURES" \
  "$event_time"
java -cp "$CP:$out/classes" Floor load "$out/floor/rocksdb" "$ENTITIES" "$FEATURES" "$event_time"

pid=""
start_server() { # name port [java options]: starts it in the background, sets pid, waits until it answers
  local name=$1 port=$2 opts=${3:-}
  if [ "$name" = fstore ]; then
    cat > "$out/fstore/application.properties" <<PROPS
fstore.datasource.dw.url = jdbc:h2:mem:bench
fstore.demo.seed = false
fstore.online.type = embedded
camel.server.port = $port
camel.management.port = $(free_port)
PROPS
    # shellcheck disable=SC2086
    (cd "$out/fstore" && exec $on_server java -Xmx1g $opts -jar "$jar" > "$out/$name.log" 2>&1) &
  else
    # shellcheck disable=SC2086
    (exec $on_server java -Xmx1g $opts -cp "$CP:$out/classes" Floor serve "$out/floor/rocksdb" "$FEATURES" "$port" \
      "${name#floor-}" > "$out/$name.log" 2>&1) &
  fi
  pid=$!
  # both kinds of request: FStore answers GETs as soon as its HTTP server listens, before its REST routes start
  until curl -sf "127.0.0.1:$port/features/bench/c1" >/dev/null && curl -sf -H 'Content-Type: application/json' \
      --data-binary @"$out/post.json" "127.0.0.1:$port/features/online" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "$name exited; see $out/$name.log"; exit 1; }
    sleep 0.5
  done
}
stop_server() { kill "$pid"; wait "$pid" 2>/dev/null || true; }
ticks() { awk '{ sub(/.*\) /, ""); split($0, f, " "); print f[12] + f[13] }' "/proc/$1/stat"; }
paced() { # name port kind rate [extra]: one PacedLoad line
  # shellcheck disable=SC2086
  $on_load java -cp "$CP:$out/classes" PacedLoad port="$2" kind="$3" rate="$4" duration="$DURATION" \
    warmup="$WARMUP" connections="$CONNECTIONS" entities="$ENTITIES" batch="$BATCH" features="$FEATURES" \
    pid="$pid" clk_tck="$clk" label="$1"
}
saturate() { # port batch seconds: "rps cpu_ms_per_req"
  local before after line
  before=$(ticks "$pid")
  line=$(ENTITIES=$ENTITIES BATCH=$2 FEATURES=$FEATURES RATE=0 $on_load wrk -t1 -c16 -d"$3s" \
    -s bench/serving/wrk-batch.lua "http://127.0.0.1:$1" | grep '^batch=')
  after=$(ticks "$pid")
  echo "$line" | awk -v cpu=$((after - before)) -v clk="$clk" '{
    for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    printf "%s %.4f %s %s\n", v["rps"], cpu * 1000 / clk / v["requests"], v["errors"], v["requests"] }'
}
field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

declare -A R
for name in $SERVERS; do
  port=$(free_port)
  start_server "$name" "$port"
  R[$name.get_bytes]=$(curl -s -o /dev/null -w '%{size_download}' "127.0.0.1:$port/features/bench/c1")
  R[$name.post_bytes]=$(curl -s -o /dev/null -w '%{size_download}' -H 'Content-Type: application/json' \
    --data-binary @"$out/post.json" "127.0.0.1:$port/features/online")
  curl -s "127.0.0.1:$port/features/bench/c1" > "$out/$name.get.json"
  curl -s -H 'Content-Type: application/json' --data-binary @"$out/post.json" \
    "127.0.0.1:$port/features/online" > "$out/$name.post.json"
  saturate "$port" 1 "$JIT_WARMUP" >/dev/null # JIT warm-up, the same for every server
  saturate "$port" "$BATCH" "$JIT_WARMUP" >/dev/null
  for kind in get post; do
    rate=$GET_RATE; [ $kind = post ] && rate=$POST_RATE
    line=$(paced "$name" "$port" $kind "$rate")
    echo "$line"
    R[$name.$kind.p50]=$(field "$line" p50); R[$name.$kind.p99]=$(field "$line" p99)
    R[$name.$kind.p999]=$(field "$line" p99.9); R[$name.$kind.achieved]=$(field "$line" achieved)
    R[$name.$kind.errors]=$(field "$line" errors); R[$name.$kind.cpu_paced]=$(field "$line" cpu_ms_per_req)
  done
  for kind in get post; do
    batch=1; [ $kind = post ] && batch=$BATCH
    read -r rps cpu errors _ < <(saturate "$port" "$batch" "$DURATION")
    echo "$name $kind saturation (16 connections): $rps rps, cpu_ms_per_req=$cpu errors=$errors"
    R[$name.$kind.sat]=$rps; R[$name.$kind.cpu_sat]=$cpu; R[$name.$kind.sat_errors]=$errors
  done
  stop_server
done
# on disk after serving (the servers replayed their write-ahead logs into tables on open)
R[fstore.disk]=$(du -sm "$out/fstore/data/online/embedded" | cut -f1)
R[floor.disk]=$(du -sm "$out/floor/rocksdb" | cut -f1)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "-"; else printf "%.2fx", a / b }'; }
v() { echo "${R[$1]:--}"; }
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared: other work ran alongside)"
printf '| %-44s | %-15s | %-15s | %-15s | %-14s |\n' "$ENTITIES x $FEATURES doubles" FStore "floor, hop" \
  "floor, loop" "FStore / hop"
printf '|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..46})" "$(printf -- '-%.0s' {1..17})" \
  "$(printf -- '-%.0s' {1..17})" "$(printf -- '-%.0s' {1..17})" "$(printf -- '-%.0s' {1..16})"
row() { # label key
  printf '| %-44s | %-15s | %-15s | %-15s | %-14s |\n' "$1" "$(v fstore.$2)" "$(v floor-hop.$2)" \
    "$(v floor-loop.$2)" "$(ratio "${R[fstore.$2]:-}" "${R[floor-hop.$2]:-}")"
}
for kind in get post; do
  if [ $kind = get ]; then what="GET 1 x $FEATURES"; rate=$GET_RATE; else what="POST $BATCH x $FEATURES"; rate=$POST_RATE; fi
  row "$what: answer bytes" ${kind}_bytes
  row "$what: CPU ms/request, paced" $kind.cpu_paced
  row "$what: CPU ms/request, saturated" $kind.cpu_sat
  row "$what: saturation rps (wrk, 16 conn.)" $kind.sat
  row "$what: p50 ms paced at $rate rps" $kind.p50
  row "$what: p99 ms paced" $kind.p99
  row "$what: p99.9 ms paced" $kind.p999
  row "$what: achieved rps paced / errors" $kind.achieved
done
printf '| %-44s | %-15s | %-15s | %-15s | %-14s |\n' "store on disk, MiB (du)" "${R[fstore.disk]}" \
  "${R[floor.disk]}" "(same)" "$(ratio "${R[fstore.disk]}" "${R[floor.disk]}")"
for name in $SERVERS; do
  same=$(for kind in get post; do
    cmp -s "$out/fstore.$kind.json" "$out/$name.$kind.json" 2>/dev/null && printf '%s same ' $kind || printf '%s DIFFERENT ' $kind
  done)
  [ "$name" = fstore ] || echo "answers of $name compared with FStore's, byte for byte: $same"
  errs="${R[$name.get.errors]:-0}/${R[$name.post.errors]:-0} paced, ${R[$name.get.sat_errors]:-0}/${R[$name.post.sat_errors]:-0} saturated"
  echo "errors $name (get/post): $errs"
done

if [ "$JFR" = 1 ]; then
  echo
  echo "== FStore with JFR (settings=profile) over paced, then saturated GET and POST, $ENTITIES entities"
  port=$(free_port)
  start_server fstore "$port" "-XX:StartFlightRecording=filename=$out/fstore.jfr,settings=profile"
  saturate "$port" 1 "$JIT_WARMUP" >/dev/null
  saturate "$port" "$BATCH" "$JIT_WARMUP" >/dev/null
  windows=()
  for kind in get post; do
    rate=$GET_RATE; [ $kind = post ] && rate=$POST_RATE
    line=$(paced fstore-jfr "$port" $kind "$rate")
    echo "$line"
    windows+=("$kind:$(field "$line" start_ms):$(field "$line" end_ms):$(field "$line" requests)")
  done
  for kind in get post; do
    batch=1; [ $kind = post ] && batch=$BATCH
    from=$(date +%s%3N)
    read -r rps cpu errors requests < <(saturate "$port" "$batch" "$DURATION")
    echo "fstore-jfr $kind saturation (16 connections): $rps rps, cpu_ms_per_req=$cpu errors=$errors"
    windows+=("$kind-saturated:$from:$(date +%s%3N):$requests")
  done
  stop_server # the recording is written on exit
  java -cp "$CP:$out/classes" JfrSummary "$out/fstore.jfr" "${windows[@]}"
fi
echo "work folder: $out"
