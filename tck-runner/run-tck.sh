#!/usr/bin/env bash
# Runs the Jakarta WebSocket TCK against wsengine (api-impl + servlet-bridge in embedded Jetty 12).
# Needs the TCK tests in the local Maven repository (README, "Running the TCK"); never builds them.
#
#   tck-runner/run-tck.sh                                   # whichever TCK version is installed
#   tck-runner/run-tck.sh -Dtck.version=2.2.1-SNAPSHOT      # a given version
#   tck-runner/run-tck.sh -Dit.test='com.sun.ts.tests.websocket.ee.jakarta.websocket.session.*'
#
# Prints "TCK: N passed, N failed, N skipped of 737" with the failing tests and a table per area,
# writes it to tck-runner/target/tck-summary.txt, and exits non-zero when the failures differ from
# tck-runner/expected-failures.txt. Each class's output: tck-runner/target/failsafe-reports/.
set -euo pipefail
cd "$(dirname "$0")/.."

installed="${HOME}/.m2/repository/jakarta/tck/websocket-tck-spec-tests"
if ! compgen -G "${installed}/*/websocket-tck-spec-tests-*.jar" > /dev/null; then
  echo "TCK not run: jakarta.tck:websocket-tck-spec-tests is not in ${installed}; README, 'Running the TCK', says how to install it." >&2
  exit 2
fi

# -Dtest=none skips the unit tests of the modules built on the way (the TCK runs in failsafe).
exec mvn -B -pl tck-runner -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false "$@"
