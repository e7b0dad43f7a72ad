#!/usr/bin/env bash
# The samples WAR in a real, standalone Tomcat 11 or Jetty 12.1 EE11, deployed as README says
# ("Deploying the WAR into a standalone Tomcat 11 or Jetty 12.1"). This script is that recipe: README
# quotes its steps, and the samples' StandaloneTomcatIT and StandaloneJettyIT run it.
#
#   samples/standalone.sh tomcat|jetty PORT
#
# Needs only JDK 17 and Maven. Downloads the distribution through Maven (kept in
# samples/target/standalone/downloads/), unpacks it afresh under samples/target/standalone/<container>/,
# builds the WAR if it is missing, deploys it, and runs the server in the foreground as a child of
# this script, bound to 127.0.0.1:PORT. Once the echo endpoint answers a WebSocket handshake it
# prints exactly one line on standard output, and nothing else ever goes there:
#
#   READY ws://127.0.0.1:PORT/wsengine-samples-webapp/echo
#
# Everything else (progress, the server's own output) goes to standard error. Ctrl-C or SIGTERM
# stops the server and waits for its JVM to end. Exits non-zero when the server dies or is not
# ready within STANDALONE_READY_SECONDS (default 120).
#
# Versions: TOMCAT_VERSION (default 11.0.24) and JETTY_VERSION (default 12.1.12), the newest of
# each whose distribution archive resolves from the Maven repository this project uses (there,
# jetty-home 12.1.13 and 12.1.14, the project's jetty.version, and tomcat 11.0.27 and 11.0.29 do not).
set -euo pipefail

container="${1:-}"
port="${2:-}"
if [[ "$container" != tomcat && "$container" != jetty ]] || ! [[ "$port" =~ ^[0-9]+$ ]]; then
  echo "usage: $0 tomcat|jetty PORT" >&2
  exit 2
fi

tomcat_version="${TOMCAT_VERSION:-11.0.24}"
jetty_version="${JETTY_VERSION:-12.1.12}"
ready_seconds="${STANDALONE_READY_SECONDS:-120}"
context=wsengine-samples-webapp

samples="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$samples")"
war="$samples/target/$context.war"
downloads="$samples/target/standalone/downloads"
home="$samples/target/standalone/$container"

say() { echo "standalone.sh: $*" >&2; }
if [[ -n "${JAVA_HOME:-}" ]]; then
  PATH="$JAVA_HOME/bin:$PATH"
fi

# 1. The WAR.
if [[ ! -f "$war" ]]; then
  say "building $war"
  (cd "$repo" && mvn -B -q -Dstyle.color=never -pl samples -am package -DskipTests) >&2
fi

# 2. The distribution, through Maven: downloaded once, unpacked afresh on every run.
download() { # groupId:artifactId:version:type file
  if [[ ! -f "$downloads/$2" ]]; then
    say "downloading $1"
    mkdir -p "$downloads"
    # Run outside the project, so that Maven does not run the goal once per module.
    (cd "$downloads" && mvn -B -q -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
        -Dartifact="$1" -DoutputDirectory="$downloads" -Dmdep.overWriteReleases=true) >&2
  fi
}
# Whatever ends this script stops the server it started (once started, below).
server=""
own_pidfile=""
stop() {
  trap - INT TERM EXIT
  if [[ -n "$own_pidfile" ]]; then
    rm -f "$own_pidfile"
  fi
  if [[ -n "$server" ]] && kill -0 "$server" 2>/dev/null; then
    say "stopping $container (pid $server)"
    kill -TERM "$server" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$server" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$server" 2>/dev/null; then
      say "$container did not stop within 20 s: killing it"
      kill -KILL "$server" 2>/dev/null || true
    fi
    wait "$server" 2>/dev/null || true
  fi
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap 'stop' EXIT

# One run per container at a time: a second one would delete the first one's installation.
pidfile="$samples/target/standalone/$container.pid"
if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  say "another standalone.sh $container is running (pid $(cat "$pidfile")); stop it first"
  exit 1
fi
mkdir -p "$samples/target/standalone"
echo $$ > "$pidfile"
own_pidfile="$pidfile"
rm -rf "$home"
mkdir -p "$home"

# The deployment itself: README quotes the lines between "# recipe: CONTAINER" and "# end of recipe"
# word for word, and StandaloneRecipeTest fails when the two differ.
deploy_tomcat() {
  # recipe: tomcat
  # Tomcat's own WebSocket implementation and API out: ours come in the WAR.
  rm "$catalina/lib/tomcat-websocket.jar" "$catalina"/lib/websocket-*api.jar
  # Tomcat's bundled applications out (ROOT, docs, examples, manager): only ours is deployed.
  rm -rf "$catalina"/webapps/*
  cp "$war" "$catalina/webapps/"
  # The HTTP connector on 127.0.0.1:$port, and no shutdown port (SIGTERM or Ctrl-C stops Tomcat).
  sed -i.orig -e "s|<Connector port=\"8080\" protocol=\"HTTP/1.1\"|<Connector port=\"$port\" address=\"127.0.0.1\" protocol=\"HTTP/1.1\"|" \
      -e 's|<Server port="8005" shutdown="SHUTDOWN">|<Server port="-1" shutdown="SHUTDOWN">|' "$catalina/conf/server.xml"
  # end of recipe
}

deploy_jetty() {
  # recipe: jetty
  # A Jetty base with http and EE11 web applications with annotations, and no ee11-websocket-* module.
  mkdir -p "$jetty_base/work"
  (cd "$jetty_base" && java -jar "$jetty_home/start.jar" --add-modules=http,ee11-deploy,ee11-annotations)
  # The WAR and its context XML: its context path, and the Jetty classes the bridge must see.
  cp "$war" "$samples/src/main/jetty/wsengine-samples-webapp.xml" "$jetty_base/webapps/"
  # The HTTP connector on 127.0.0.1:$port.
  printf 'jetty.http.host=127.0.0.1\njetty.http.port=%s\n' "$port" >> "$jetty_base/start.d/http.ini"
  # end of recipe
}

case "$container" in
  tomcat)
    download "org.apache.tomcat:tomcat:$tomcat_version:zip" "tomcat-$tomcat_version.zip"
    (cd "$home" && jar xf "$downloads/tomcat-$tomcat_version.zip")
    catalina="$home/apache-tomcat-$tomcat_version"
    deploy_tomcat >&2
    if ! grep -q "<Connector port=\"$port\" address=\"127.0.0.1\"" "$catalina/conf/server.xml" \
        || ! grep -q '<Server port="-1"' "$catalina/conf/server.xml"; then
      say "Tomcat $tomcat_version's conf/server.xml is not as expected: could not set its ports"
      exit 1
    fi
    # The zip keeps no execute bits, hence bash; "run" keeps Tomcat in the foreground and execs its JVM.
    start=(env CATALINA_HOME="$catalina" CATALINA_BASE="$catalina" bash "$catalina/bin/catalina.sh" run)
    workdir="$catalina"
    ;;
  jetty)
    download "org.eclipse.jetty:jetty-home:$jetty_version:tar.gz" "jetty-home-$jetty_version.tar.gz"
    tar xzf "$downloads/jetty-home-$jetty_version.tar.gz" -C "$home"
    jetty_home="$home/jetty-home-$jetty_version"
    jetty_base="$home/base"
    deploy_jetty >&2
    start=(java -jar "$jetty_home/start.jar")
    workdir="$jetty_base"
    ;;
esac

# 3. The server, in the foreground of this script: its output on our standard error.

say "starting $container on 127.0.0.1:$port"
(cd "$workdir" && exec "${start[@]}") >&2 &
server=$!

# 4. Ready once the echo endpoint answers a handshake with 101 (then closed with a Close 1000).
handshake_ok() {
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf 'GET /%s/echo HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n' \
      "$context" "$port" >&3 || { exec 3<&-; return 1; }
  local status=""
  IFS= read -r -t 5 status <&3 || true
  status="${status%$'\r'}"
  answer="$status"
  if [[ "$status" == "HTTP/1.1 101"* ]]; then
    printf '\x88\x82\x00\x00\x00\x00\x03\xe8' >&3 || true
  fi
  exec 3<&-
  [[ "$status" == "HTTP/1.1 101"* ]]
}
# Both containers deploy the WAR before they open the port, so an answer other than 101 means the
# web application did not start (its error is in the log above): given 10 s more, not the whole wait.
answer=""
refused_since=""
deadline=$((SECONDS + ready_seconds))
until handshake_ok 2>/dev/null; do
  if [[ -n "$answer" && -z "$refused_since" ]]; then
    refused_since=$SECONDS
  fi
  if [[ -n "$refused_since" ]] && ((SECONDS - refused_since >= 10)); then
    say "$container answers the echo endpoint's handshake with '$answer', not 101: the web application did not start"
    exit 1
  fi
  if ! kill -0 "$server" 2>/dev/null; then
    wait "$server" && code=0 || code=$?
    server=""
    say "$container exited (status $code) before its echo endpoint answered a handshake"
    exit 1
  fi
  if ((SECONDS >= deadline)); then
    say "$container's echo endpoint did not answer a handshake within $ready_seconds s"
    exit 1
  fi
  sleep 0.5
done
echo "READY ws://127.0.0.1:$port/$context/echo"

wait "$server" && code=0 || code=$?
server=""
say "$container exited (status $code)"
exit "$code"
