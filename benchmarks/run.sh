#!/usr/bin/env bash
# Builds the benchmarks and runs every server through every figure; writes
# benchmarks/target/bench-report.md, bench-chart.png, bench-summary.txt and bench-raw.tsv.
#   benchmarks/run.sh            full: 3 runs, order rotated (under 15 minutes)
#   benchmarks/run.sh --quick    1 short run, for development
#   benchmarks/run.sh --ws-client --out benchmarks/target/ws
#                                the two echo CPU figures again, with the npm ws client as the load
#                                client (installs it into benchmarks/ws-client/node_modules first)
# Other arguments go to BenchRunner (--runs N, --servers ours-jetty,jetty,..., --jfr).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pbench -pl benchmarks -am package -DskipTests
for arg in "$@"; do
  if [ "$arg" = "--ws-client" ]; then
    npm ci --prefix benchmarks/ws-client --no-audit --no-fund --loglevel=error
  fi
done
# 10,000 idle connections need that many descriptors in the client and in each server.
ulimit -n "$(ulimit -Hn)"
exec taskset -c 1 java -XX:+UseG1GC -Xms512m -Xmx512m -Djava.awt.headless=true \
  -cp benchmarks/target/classes dev.wsengine.benchmarks.harness.BenchRunner --out benchmarks/target "$@"
