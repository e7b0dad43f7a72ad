#!/usr/bin/env bash
# Builds the benchmarks and runs the hostile-peer attacks against every server of the harness
# (ours on Jetty and on Tomcat, Jetty's, Tomcat's and Tyrus's own); writes benchmarks/target/abuse-report.md.
#   benchmarks/abuse.sh            the issue's sizes (about 16 minutes for the five servers)
#   benchmarks/abuse.sh --quick    small sizes, for development
# Other arguments go to AbuseProbe (--servers ours-jetty,jetty,..., --out DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pbench -pl benchmarks -am package -DskipTests
# 2,000 idle and 200 slow connections at once need descriptors in the probe and in each server.
ulimit -n "$(ulimit -Hn)"
exec java -XX:+UseG1GC -Xmx512m -cp benchmarks/target/classes dev.wsengine.benchmarks.abuse.AbuseProbe --out benchmarks/target "$@"
