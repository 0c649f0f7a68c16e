#!/usr/bin/env bash
# Writes the feature group "bench" (FEATURES doubles f0..f<FEATURES-1> of customer_id) to stdout. Its query returns
# the columns FStore checks at startup and no rows; its schedule never fires: the bench fills the online store itself.
#   bash bench/serving/bench-group.sh 50 > features/bench.yaml
set -euo pipefail
features=$1
columns=$(for f in $(seq 0 $((features - 1))); do printf ', CAST(0 AS DOUBLE) AS f%s' "$f"; done)
echo "name: bench"
echo "entity: { name: customer, key: customer_id }"
echo "source: { kind: jdbc, datasource: dw, query: \"SELECT 'c0' AS customer_id, CURRENT_TIMESTAMP AS ts$columns WHERE 1 = 0\", timestamp: ts }"
echo 'schedule: "0 0 0 1 1 ? 2099"'
echo "features:"
for f in $(seq 0 $((features - 1))); do echo "  - { name: f$f, type: double }"; done
