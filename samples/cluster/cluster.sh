#!/usr/bin/env bash
# The chat sample on several instances behind nginx, broadcast through Redis, on this machine:
# redis-server, N sample instances (default 3) and nginx on free 127.0.0.1 ports, everything under
# one directory (default a new temp dir). Runs until Ctrl-C (or SIGTERM), then stops all it started:
# the instances drain (1001 to their sessions) before they exit.
#
#   samples/cluster/cluster.sh [--instances N] [--dir DIR] [--jar JAR]
#
# Prints "cluster up: http://127.0.0.1:PORT/" once nginx answers and every instance has subscribed
# to Redis; DIR/cluster.env then names every port and pid, and DIR/*.cmd the command that started
# each piece (to start it again by hand, on the same port).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
instances=3
dir=""
jar="$root/samples/target/wsengine-samples.jar"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --instances) instances="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    --jar) jar="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "cluster.sh: unknown option $1 (--instances N, --dir DIR, --jar JAR)" >&2; exit 2 ;;
  esac
done
[[ "$instances" =~ ^[1-9][0-9]?$ ]] || { echo "cluster.sh: --instances takes 1 to 99, not $instances" >&2; exit 2; }

# Debian's packages, as .ci/run installs them; without root, say what is missing instead.
missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
if (( ${#missing[@]} )); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "Installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends nginx redis-server
  else
    echo "cluster.sh: needs ${missing[*]} (Debian: sudo apt-get install nginx redis-server)" >&2
    exit 1
  fi
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

if [[ ! -f "$jar" ]]; then
  echo "Building $jar"
  (cd "$root" && mvn -B -q -pl samples -am package -DskipTests)
fi
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"

if [[ -z "$dir" ]]; then
  dir="$(mktemp -d "${TMPDIR:-/tmp}/wsengine-cluster.XXXXXX")"
fi
mkdir -p "$dir/redis" "$dir/nginx"
# nginx's workers run as nobody when started by root; they must reach the prefix.
chmod 755 "$dir" "$dir/nginx"
: > "$dir/cluster.env"

pids=()
cleanup() {
  trap - EXIT INT TERM
  # SIGTERM first: the instances drain; then whatever is still there after 15 s is killed.
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 150); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    (( alive )) || break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  echo "cluster stopped (logs in $dir)"
}
trap cleanup EXIT
trap 'exit 143' INT TERM

taken=" "
free_port() { # VAR: sets VAR to a loopback port nothing listens on (barring a race with another program)
  local candidate
  for _ in $(seq 200); do
    candidate=$(( 20000 + RANDOM % 40000 ))
    [[ "$taken" == *" $candidate "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
      taken+="$candidate "
      printf -v "$1" '%s' "$candidate"
      return 0
    fi
  done
  echo "cluster.sh: no free port found" >&2
  return 1
}

await_port() { # PORT SECONDS WHAT PID
  local deadline=$(( SECONDS + $2 ))
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    if ! kill -0 "$4" 2>/dev/null; then echo "cluster.sh: $3 exited; see $dir" >&2; return 1; fi
    if (( SECONDS >= deadline )); then echo "cluster.sh: $3 not listening on $1 after $2 s" >&2; return 1; fi
    sleep 0.1
  done
}

health() { # ADMIN_PORT: the instance's GET /health answer, body only
  local reply
  reply="$( { exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET /health HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3 \
    && cat <&3; } 2>/dev/null || true)"
  printf '%s' "${reply##*$'\r\n\r\n'}"
}

start() { # NAME COMMAND... : runs it in the background (log DIR/NAME.log, command DIR/NAME.cmd); sets started
  local name="$1"; shift
  printf '%q ' "$@" > "$dir/$name.cmd"
  echo >> "$dir/$name.cmd"
  "$@" >> "$dir/$name.log" 2>&1 &
  started=$!
  pids+=("$started")
}

# Redis and nginx need a port chosen beforehand: another program may take it first, so a start
# that dies is tried again on another port.
start_on_free_port() { # NAME PORT_VAR COMMAND_WITH_@PORT@...
  local name="$1" var="$2" attempt p; shift 2
  for attempt in 1 2 3 4 5; do
    free_port p
    start "$name" "${@//@PORT@/$p}"
    if await_port "$p" 20 "$name" "$started"; then
      printf -v "$var" '%s' "$p"
      echo "${name^^}_PORT=$p" >> "$dir/cluster.env"
      echo "${name^^}_PID=$started" >> "$dir/cluster.env"
      return 0
    fi
    kill -KILL "$started" 2>/dev/null || true
    echo "cluster.sh: $name failed on port $p (attempt $attempt), trying another" >&2
  done
  exit 1
}

start_on_free_port redis redis_port redis-server --bind 127.0.0.1 --port @PORT@ --save '' --appendonly no \
  --dir "$dir/redis" --daemonize no

# The instances take free ports from the kernel (port 0) and print them; their commands are then
# recorded with those ports, so a restart comes back where nginx expects it.
instance_cmd=("$java_bin" -Xmx256m -jar "$jar" --host 127.0.0.1 --redis "redis://127.0.0.1:$redis_port")
instance_pids=()
for i in $(seq "$instances"); do
  start "instance-$i" "${instance_cmd[@]}" --port 0 --admin-port 0
  instance_pids+=("$started")
done
upstreams=""
for i in $(seq "$instances"); do
  log="$dir/instance-$i.log"
  pid="${instance_pids[$((i - 1))]}"
  deadline=$(( SECONDS + 60 ))
  until grep -q '^admin on http://127.0.0.1:' "$log" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "cluster.sh: instance $i exited; see $log" >&2; exit 1; fi
    if (( SECONDS >= deadline )); then echo "cluster.sh: instance $i not started after 60 s; see $log" >&2; exit 1; fi
    sleep 0.1
  done
  port="$(sed -n 's|^wsengine sample server on http://localhost:\([0-9]*\).*|\1|p' "$log" | head -1)"
  admin="$(sed -n 's|^admin on http://127.0.0.1:\([0-9]*\).*|\1|p' "$log" | head -1)"
  printf '%q ' "${instance_cmd[@]}" --port "$port" --admin-port "$admin" > "$dir/instance-$i.cmd"
  echo >> "$dir/instance-$i.cmd"
  { echo "INSTANCE_${i}_PORT=$port"; echo "INSTANCE_${i}_ADMIN_PORT=$admin"; echo "INSTANCE_${i}_PID=$pid"; } \
    >> "$dir/cluster.env"
  upstreams+="        server 127.0.0.1:$port max_fails=1 fail_timeout=5s;"$'\n'
  # Up means its rooms span the cluster: it has subscribed to Redis.
  deadline=$(( SECONDS + 20 ))
  until [[ "$(health "$admin")" == *"redis UP"* ]]; do
    if (( SECONDS >= deadline )); then
      echo "cluster.sh: instance $i not subscribed to Redis after 20 s: $(health "$admin")" >&2
      exit 1
    fi
    sleep 0.1
  done
done

render_nginx() { # PORT
  UPSTREAMS="${upstreams%$'\n'}" awk -v prefix="$dir/nginx" -v listen="$1" '
    { gsub(/@PREFIX@/, prefix); gsub(/@LISTEN@/, listen) }
    /^[[:space:]]*@UPSTREAMS@[[:space:]]*$/ { print ENVIRON["UPSTREAMS"]; next }
    { print }' "$here/nginx.conf.template" > "$dir/nginx/nginx.conf"
  "$nginx_bin" -t -q -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/error.log"
}
# The configuration names the port, so each attempt renders it anew before nginx starts.
nginx_port=""
for attempt in 1 2 3 4 5; do
  free_port p
  render_nginx "$p"
  start nginx "$nginx_bin" -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/error.log"
  if await_port "$p" 20 nginx "$started"; then
    nginx_port="$p"
    { echo "NGINX_PORT=$p"; echo "NGINX_PID=$started"; } >> "$dir/cluster.env"
    break
  fi
  kill -KILL "$started" 2>/dev/null || true
done
[[ -n "$nginx_port" ]] || { echo "cluster.sh: nginx did not start; see $dir/nginx/error.log" >&2; exit 1; }

echo "DIR=$dir" >> "$dir/cluster.env"
echo "cluster up: http://127.0.0.1:$nginx_port/  ($instances instances, redis on $redis_port; state in $dir/cluster.env)"
echo "Drain an instance: curl -X POST http://127.0.0.1:\$INSTANCE_1_ADMIN_PORT/drain   Ctrl-C stops all."
wait
