#!/usr/bin/env bash
# Runs the Jakarta WebSocket TCK against wsengine (api-impl + servlet-bridge) in embedded Jetty 12.1
# and embedded Tomcat 11 (both), in those and embedded Undertow 2.3 (all), or in one of them.
# Needs the TCK tests in the local Maven repository
# (README, "The Jakarta WebSocket TCK"); never builds them.
#
#   tck-runner/run-tck.sh                                   # Jetty and Tomcat, whichever TCK version is installed
#   tck-runner/run-tck.sh tomcat                            # one container: jetty, tomcat or undertow
#   tck-runner/run-tck.sh all                               # Jetty, Tomcat and Undertow
#   tck-runner/run-tck.sh jetty -Dtck.version=2.2.1-SNAPSHOT
#   tck-runner/run-tck.sh tomcat -Dit.test='com.sun.ts.tests.websocket.ee.jakarta.websocket.session.*'
#
# Prints, per container, "TCK: N passed, N failed, N skipped of 737" with the failing tests and a
# table per area, writes it to tck-runner/target/tck-summary-<container>.txt (all of them together in
# tck-runner/target/tck-summary.txt), and exits non-zero when a container's failures differ from
# its expected failures (tck-runner/expected-failures.txt plus expected-failures-<container>.txt).
# Each class's output: tck-runner/target/failsafe-reports-<container>/.
set -euo pipefail
cd "$(dirname "$0")/.."

container=both
case "${1:-}" in
  jetty|tomcat|undertow|both|all) container="$1"; shift ;;
esac

installed="${HOME}/.m2/repository/jakarta/tck/websocket-tck-spec-tests"
if ! compgen -G "${installed}/*/websocket-tck-spec-tests-*.jar" > /dev/null; then
  echo "TCK not run: jakarta.tck:websocket-tck-spec-tests is not in ${installed}; README, 'The Jakarta WebSocket TCK', says how to install it." >&2
  exit 2
fi

# -Dtest=none skips the unit tests of the modules built on the way (the TCK runs in failsafe).
exec mvn -B -pl tck-runner -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dtck.container="$container" "$@"
