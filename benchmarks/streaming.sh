#!/usr/bin/env bash
# Builds the benchmarks and streams one 100 MiB message into every server of the harness (ours on
# Jetty and on Tomcat, Jetty's, Tomcat's and Tyrus's own), with -Xmx1g and with -Xmx128m; writes
# benchmarks/target/streaming-report.md (about 2 minutes).
#   benchmarks/streaming.sh                    3 measured runs per server and heap
#   benchmarks/streaming.sh --container-limit  each container's default binary limit at 100 MiB too
#                                              (-Dbench.maxMessage), besides @OnMessage(maxMessageSize)
# Other arguments go to StreamingBench (--runs N, --servers ours-jetty,jetty,..., --out DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pbench -pl benchmarks -am package -DskipTests
exec taskset -c 1 java -XX:+UseG1GC -Xmx256m -cp benchmarks/target/classes \
  dev.wsengine.benchmarks.streaming.StreamingBench --out benchmarks/target "$@"
