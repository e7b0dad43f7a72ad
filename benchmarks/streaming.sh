#!/usr/bin/env bash
# Builds the benchmarks and streams one 100 MiB message into every server of the harness (ours on
# Jetty and on Tomcat, Jetty's, Tomcat's and Tyrus's own), with -Xmx1g and with -Xmx128m; writes
# benchmarks/target/streaming-report.md (about 3 minutes).
#   benchmarks/streaming.sh                    3 measured runs per server and heap
#   benchmarks/streaming.sh --annotation-only  without -Dbench.maxMessage: @OnMessage(maxMessageSize) alone
# Other arguments go to StreamingBench (--runs N, --servers ours-jetty,jetty,..., --out DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pbench -pl benchmarks -am package -DskipTests
exec taskset -c 1 java -XX:+UseG1GC -Xmx256m -cp benchmarks/target/classes \
  dev.wsengine.benchmarks.streaming.StreamingBench --out benchmarks/target "$@"
