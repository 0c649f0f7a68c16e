#!/usr/bin/env bash
# Benchmark (not a test): serving latency over HTTP with ENTITIES x FEATURES values materialized in the embedded
# store and in Redis. For batches of 1, 50 and 100 entities: wrk paced at a fixed offered rate (RATE rps over 10
# connections) and wrk saturating (16 connections). Floor: redis-benchmark on the same hash.
#
#   bash bench/serving.sh                                  # 1,000,000 entities x 50 features, 1,000 rps
#   ENTITIES=100000 RATE=2000 DURATION=10 bash bench/serving.sh
#
# Needs target/fstore.jar (mvn -q package -DskipTests), Redis on 127.0.0.1:6379, wrk (installed here if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
ENTITIES=${ENTITIES:-1000000}
FEATURES=${FEATURES:-50}
RATE=${RATE:-1000}
DURATION=${DURATION:-15}
STORES=${STORES:-"embedded redis"}
command -v wrk >/dev/null || apt-get install -y wrk >/dev/null
jar="$(pwd)/target/fstore.jar"
CP="$(pwd)/target/classes:$(ls "$(pwd)"/target/lib/*.jar | tr '\n' ':')"
out=$(mktemp -d /tmp/fstore-serving.XXXXXX)
# the data, logs and servers of this run go when it ends (KEEP=1 keeps the folder to look at)
cleanup() { jobs -p | xargs -r kill 2>/dev/null || true; [ "${KEEP:-0}" = 1 ] || rm -rf "$out"; }
trap cleanup EXIT
javac -cp "$CP" -d "$out/classes" bench/serving/*.java
echo "machine: $(nproc) cores; entities=$ENTITIES features=$FEATURES offered=$RATE rps for ${DURATION}s"

for store in $STORES; do
  work="$out/$store"
  mkdir -p "$work/features"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  bash bench/serving/bench-group.sh "$FEATURES" > "$work/features/bench.yaml"
  cat > "$work/application.properties" <<PROPS
fstore.datasource.dw.url = jdbc:h2:mem:bench
fstore.demo.seed = false
fstore.online.type = $store
camel.server.port = $port
PROPS
  if [ "$store" = redis ]; then
    redis-cli --scan --pattern 'fstore:bench:*' | xargs -r -n 1000 redis-cli unlink >/dev/null
    java -cp "$CP:$out/classes" LoadOnlineStore redis redis://127.0.0.1:6379 "$ENTITIES" "$FEATURES"
  else
    java -cp "$CP:$out/classes" LoadOnlineStore embedded "$work/data/online/embedded" "$ENTITIES" "$FEATURES"
  fi
  (cd "$work" && exec java -Xmx1g ${JAVA_OPTS:-} -jar "$jar" > fstore.log 2>&1) &
  pid=$!
  until curl -sf "localhost:$port/features/bench/c1" >/dev/null; do
    kill -0 $pid 2>/dev/null || { echo "FStore exited; see $work/fstore.log"; exit 1; }
    sleep 0.5
  done
  echo "== $store"
  for batch in 1 50 100; do # warm-up
    ENTITIES=$ENTITIES BATCH=$batch FEATURES=$FEATURES RATE=0 wrk -t2 -c8 -d3s -s bench/serving/wrk-batch.lua \
      "http://127.0.0.1:$port" >/dev/null
  done
  for batch in 1 50 100; do
    printf '%-9s ' "$store"
    ENTITIES=$ENTITIES BATCH=$batch FEATURES=$FEATURES RATE=$RATE CONNECTIONS=10 wrk -t2 -c10 -d"${DURATION}s" \
      -s bench/serving/wrk-batch.lua "http://127.0.0.1:$port" | grep '^batch='
    printf '%-9s ' "$store"
    ENTITIES=$ENTITIES BATCH=$batch FEATURES=$FEATURES RATE=0 wrk -t2 -c16 -d"${DURATION}s" \
      -s bench/serving/wrk-batch.lua "http://127.0.0.1:$port" | grep '^batch='
  done
  kill $pid; wait $pid 2>/dev/null || true
done

echo "== floor: raw Redis, HMGET of the same $FEATURES fields of one entity hash, 16 connections"
fields=$(for f in $(seq 0 $((FEATURES - 1))); do printf 'f%s ' "$f"; done)
for p in 1 50 100; do
  printf 'redis-benchmark HMGET, %3d per round trip: ' "$p"
  # shellcheck disable=SC2086
  redis-benchmark -n 200000 -c 16 -P "$p" HMGET fstore:bench:c1 $fields | tr '\r' '\n' | awk '
    /throughput summary/ { rps = $3 }
    /avg +min +p50/ { getline; printf "%s commands/s, latency avg %s p50 %s p99 %s ms\n", rps, $1, $3, $5 }'
done
echo "work folder: $out"
