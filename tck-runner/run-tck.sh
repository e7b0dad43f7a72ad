#!/usr/bin/env bash
# Runs the Jakarta WebSocket TCK against wsengine (api-impl + servlet-bridge) in embedded Jetty 12.1
# and embedded Tomcat 11 (both), in those and embedded Undertow 2.3 (all), or in one of them.
# Needs the TCK tests in the local Maven repository
# (tck-runner/README.md, "The Jakarta WebSocket TCK"); never builds them.
#
#   tck-runner/run-tck.sh                                   # Jetty and Tomcat, whichever TCK version is installed
#   tck-runner/run-tck.sh tomcat                            # one container: jetty, tomcat or undertow
#   tck-runner/run-tck.sh all                               # Jetty, Tomcat and Undertow
#   tck-runner/run-tck.sh jetty -Dtck.version=2.2.1-SNAPSHOT
#   tck-runner/run-tck.sh tomcat -Dit.test='com.sun.ts.tests.websocket.ee.jakarta.websocket.session.*IT'
#   tck-runner/run-tck.sh -Dmaven.repo.local=/path/to/repository
#
# Prints, per container, "TCK: N passed, N failed, N skipped of 737" with the failing tests and a
# table per area, writes it to tck-runner/target/tck-summary-<container>.txt (all of them together in
# tck-runner/target/tck-summary.txt), and exits non-zero when a container's failures differ from
# its expected failures (tck-runner/expected-failures.txt plus expected-failures-<container>.txt).
# Each class's output: tck-runner/target/failsafe-reports-<container>/.
#
# Which TCK runs is what tck-runner/pom.xml's profiles decide, and this checks the same files first:
#   -Dtck.version=V given   tck-explicit: V from the local repository Maven uses;
#   otherwise               tck-official (2.2.0), else tck-source (2.2.1-SNAPSHOT), each activated by
#                           its jar under ${user.home}/.m2/repository whatever the local repository is
#                           (Maven's file activation sees only that path). With -Dmaven.repo.local=DIR
#                           and no such jar there, a version installed in DIR is passed on as
#                           -Dtck.version (2.2.0 first).
# user.home is Java's, from the password entry, not $HOME. Exits 2 when no TCK can run, and 3 when
# Maven succeeded but ran no TCK test on a container it was asked for.
set -euo pipefail

container=both
case "${1:-}" in
  jetty|tomcat|undertow|both|all) container="$1"; shift ;;
esac

# The arguments passed on to Maven; a relative -Dmaven.repo.local is made absolute before the cd below.
user_home="$(getent passwd "$(id -u)" | cut -d: -f6 || true)"
user_home="${user_home:-$HOME}"
home_repo="${user_home}/.m2/repository"
repo="$home_repo"
version=""
args=()
for arg in "$@"; do
  case "$arg" in
    -Dmaven.repo.local=*)
      repo="${arg#-Dmaven.repo.local=}"
      [[ "$repo" == /* ]] || repo="$PWD/$repo"
      arg="-Dmaven.repo.local=$repo" ;;
    -Dtck.version=*) version="${arg#-Dtck.version=}" ;;
    -Dtck.container=*) container="${arg#-Dtck.container=}" ;;
  esac
  args+=("$arg")
done
cd "$(dirname "$0")/.."

case "$container" in
  both) containers=(jetty tomcat) ;;
  all) containers=(jetty tomcat undertow) ;;
  jetty|tomcat|undertow) containers=("$container") ;;
  *) echo "run-tck.sh: the container must be jetty, tomcat, undertow, both or all, was '$container'" >&2; exit 2 ;;
esac

jar() { # jar REPOSITORY VERSION
  echo "$1/jakarta/tck/websocket-tck-spec-tests/$2/websocket-tck-spec-tests-$2.jar"
}
not_run() {
  echo "TCK not run: $1; tck-runner/README.md, 'The Jakarta WebSocket TCK', says how to install it." >&2
  exit 2
}

if [[ -n "$version" ]]; then
  [[ -f "$(jar "$repo" "$version")" ]] \
    || not_run "-Dtck.version=$version was given but $(jar "$repo" "$version") does not exist"
  echo "TCK: $version from $repo (profile tck-explicit)"
else
  for candidate in 2.2.0 2.2.1-SNAPSHOT; do
    if [[ -f "$(jar "$home_repo" "$candidate")" ]]; then
      version="$candidate"
      break
    fi
  done
  if [[ -n "$version" ]]; then
    profile=tck-source
    [[ "$version" == 2.2.0 ]] && profile=tck-official
    [[ -f "$(jar "$repo" "$version")" ]] \
      || not_run "profile $profile is active ($(jar "$home_repo" "$version") exists) but Maven resolves from $repo, which lacks $(jar "$repo" "$version"); pass -Dtck.version=V for a version installed there"
    echo "TCK: $version from $repo (profile $profile)"
  elif [[ "$repo" != "$home_repo" ]]; then
    for candidate in 2.2.0 2.2.1-SNAPSHOT; do
      if [[ -f "$(jar "$repo" "$candidate")" ]]; then
        version="$candidate"
        break
      fi
    done
    [[ -n "$version" ]] \
      || not_run "jakarta.tck:websocket-tck-spec-tests 2.2.0 or 2.2.1-SNAPSHOT is neither in $home_repo nor in $repo"
    echo "TCK: $version from $repo (profile tck-explicit: the other profiles look only in $home_repo, so -Dtck.version=$version is passed)"
    args+=("-Dtck.version=$version")
  else
    not_run "neither $(jar "$home_repo" 2.2.0) nor $(jar "$home_repo" 2.2.1-SNAPSHOT) exists"
  fi
fi

# Reports of an earlier run must not count as this run's TCK tests (Maven cleans them only when a
# TCK profile is active).
rm -rf tck-runner/target/failsafe-reports-{jetty,tomcat,undertow}

# -Dtest=none skips the unit tests of the modules built on the way (the TCK runs in failsafe); with
# -Dit.test naming TCK classes, the executions of our own ITs find none, which is not a failure.
mvn -B -pl tck-runner -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfailsafe.failIfNoSpecifiedTests=false -Dtck.container="$container" "${args[@]}"

# Maven succeeded: make sure it ran TCK tests at all, on every container asked for.
for name in "${containers[@]}"; do
  ran=0
  for report in tck-runner/target/failsafe-reports-"$name"/TEST-com.sun.ts.tests.*.xml; do
    [[ -f "$report" ]] || continue
    ran=$((ran + $(grep -o '<testcase ' "$report" | wc -l)))
  done
  if (( ran == 0 )); then
    echo "TCK FAILED: Maven succeeded but ran no TCK test on $name (no TEST-com.sun.ts.tests.*.xml with a test case in tck-runner/target/failsafe-reports-$name): no TCK profile active, or -Dit.test matched no TCK class (a package pattern must end in *IT, not .*)." >&2
    exit 3
  fi
  echo "TCK on $name: $ran test cases reported"
done
