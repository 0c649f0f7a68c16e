#!/usr/bin/env bash
# Benchmark (not a test): the embedded online store's size on disk next to the serving floor's
# (bench/serving/floor/Floor.java: per entity one key with [event micros][FEATURES doubles]), both loaded with the
# same ENTITIES x FEATURES doubles as bench/serving-floor.sh loads them, then opened once more (RocksDB replays its
# write-ahead log into a table file on open, as the servers of serving-floor.sh do), then measured with du. The
# sizes-only part of serving-floor.sh, in about a minute.
#
#   bash bench/online-store-size.sh                  # 200,000 entities x 50 doubles
#   ENTITIES=1000000 bash bench/online-store-size.sh
#
# Needs target/fstore.jar and target/lib (mvn -q package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
ENTITIES=${ENTITIES:-200000}
FEATURES=${FEATURES:-50}
CP="$(pwd)/target/classes:$(ls "$(pwd)"/target/lib/*.jar | tr '\n' ':')"
out=$(mktemp -d /tmp/fstore-store-size.XXXXXX)
trap 'rm -rf "$out"' EXIT
javac -cp "$CP" -d "$out/classes" bench/serving/LoadOnlineStore.java bench/serving/floor/Floor.java
event_time=$(date -u +%Y-%m-%dT%H:%M:%S.123456Z)
run() { java -cp "$CP:$out/classes" "$@" | sed 's/^/  /'; }
run LoadOnlineStore embedded "$out/fstore" "$ENTITIES" "$FEATURES" "$event_time"
run LoadOnlineStore embedded "$out/fstore" 0 "$FEATURES" "$event_time"
run Floor load "$out/floor" "$ENTITIES" "$FEATURES" "$event_time"
run Floor load "$out/floor" 0 "$FEATURES" "$event_time"
fstore=$(du -sk "$out/fstore" | cut -f1)
floor=$(du -sk "$out/floor" | cut -f1)
raw=$(( ENTITIES * (8 + 8 * FEATURES) / 1024 ))
awk -v e="$ENTITIES" -v f="$FEATURES" -v a="$fstore" -v b="$floor" -v r="$raw" 'BEGIN {
  printf "%d entities x %d doubles on disk (du): FStore %.1f MiB, floor %.1f MiB, FStore / floor %.2fx; " \
    "the floor encoding'"'"'s raw values (8 + 8 x %d bytes per entity) %.1f MiB, FStore / raw %.2fx\n",
    e, f, a / 1024, b / 1024, a / b, f, r / 1024, a / r }'
