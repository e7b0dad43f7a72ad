#!/usr/bin/env bash
# The chat sample on several instances behind nginx, broadcast through Redis, on this machine:
# redis-server, N sample instances (default 3) and nginx on free 127.0.0.1 ports, everything under
# one directory (default a new temp dir). Runs until Ctrl-C (or SIGTERM), then stops all it started:
# the instances drain (1001 to their sessions) before they exit.
#
#   samples/cluster/cluster.sh [--instances N] [--dir DIR] [--jar JAR]
#
# Prints "cluster up: http://127.0.0.1:PORT/" once nginx answers; DIR/cluster.env then names every
# port and pid, and DIR/*.cmd the command that started each piece (to start it again by hand).
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
  local p
  for _ in $(seq 200); do
    p=$(( 20000 + RANDOM % 40000 ))
    [[ "$taken" == *" $p "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      taken+="$p "
      printf -v "$1" '%s' "$p"
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

start() { # NAME COMMAND... : runs it in the background, logs to DIR/NAME.log, records its command and pid
  local name="$1"; shift
  printf '%q ' "$@" > "$dir/$name.cmd"
  echo >> "$dir/$name.cmd"
  "$@" >> "$dir/$name.log" 2>&1 &
  pids+=($!)
  echo "${name^^}_PID=$!" | tr '-' '_' >> "$dir/cluster.env"
}

free_port redis_port
echo "REDIS_PORT=$redis_port" >> "$dir/cluster.env"
start redis redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no \
  --dir "$dir/redis" --daemonize no
await_port "$redis_port" 20 redis-server "${pids[-1]}"

upstreams=""
for i in $(seq "$instances"); do
  free_port port
  free_port admin
  echo "INSTANCE_${i}_PORT=$port" >> "$dir/cluster.env"
  echo "INSTANCE_${i}_ADMIN_PORT=$admin" >> "$dir/cluster.env"
  start "instance-$i" "$java_bin" -Xmx256m -jar "$jar" --host 127.0.0.1 --port "$port" \
    --admin-port "$admin" --redis "redis://127.0.0.1:$redis_port"
  upstreams+="        server 127.0.0.1:$port max_fails=1 fail_timeout=5s;"$'\n'
done
for i in $(seq "$instances"); do
  port_var="INSTANCE_${i}_PORT"; pid_var="INSTANCE_${i}_PID"
  # shellcheck disable=SC1090
  source "$dir/cluster.env"
  admin_var="INSTANCE_${i}_ADMIN_PORT"
  await_port "${!port_var}" 60 "instance $i" "${!pid_var}"
  # Up means its rooms span the cluster: it has subscribed to Redis.
  deadline=$(( SECONDS + 20 ))
  until [[ "$(health "${!admin_var}")" == *"redis UP"* ]]; do
    if (( SECONDS >= deadline )); then
      echo "cluster.sh: instance $i not subscribed to Redis after 20 s: $(health "${!admin_var}")" >&2
      exit 1
    fi
    sleep 0.1
  done
done

free_port nginx_port
echo "NGINX_PORT=$nginx_port" >> "$dir/cluster.env"
UPSTREAMS="${upstreams%$'\n'}" awk -v prefix="$dir/nginx" -v listen="$nginx_port" '
  { gsub(/@PREFIX@/, prefix); gsub(/@LISTEN@/, listen) }
  /^[[:space:]]*@UPSTREAMS@[[:space:]]*$/ { print ENVIRON["UPSTREAMS"]; next }
  { print }' "$here/nginx.conf.template" > "$dir/nginx/nginx.conf"
"$nginx_bin" -t -q -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/error.log"
start nginx "$nginx_bin" -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/error.log"
await_port "$nginx_port" 20 nginx "${pids[-1]}"

echo "DIR=$dir" >> "$dir/cluster.env"
echo "cluster up: http://127.0.0.1:$nginx_port/  ($instances instances, redis on $redis_port; state in $dir/cluster.env)"
echo "Drain an instance: curl -X POST http://127.0.0.1:\$INSTANCE_1_ADMIN_PORT/drain   Ctrl-C stops all."
wait
