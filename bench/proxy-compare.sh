#!/usr/bin/env bash
# Benchmark, not a test: the router next to nginx and HAProxy in one run, on the same backend with the same client.
# The backend is a static nginx that the agent itself runs as the loop of a release, so that all three proxies front
# exactly the same process:
#   - nginx      (1 worker, upstream keepalive)                  on :BASE+102
#   - HAProxy    (1 thread, http-reuse always)                   on :BASE+103
#   - the router (its own process, started by the agent)         on :BASE+100, /loops/static/…
# Each path gets the same warm-up (15 s by default: the router's JIT compiles its hot path for about 20 s of load on
# two cores, nginx and HAProxy need none), then ROUNDS rounds of wrk (keep-alive) in alternating order; the best
# round of each counts. Then a constant-rate run at half of nginx's best throughput through each proxy gives the tail latency at
# that rate (bench/client/ConstantRate.java: latency from when a request was due, no coordinated omission).
# Each proxy's CPU time per request (its processes' user + system time from /proc over each round, divided by the
# requests served; the median round) is reported too: on two cores shared by wrk, the backend and the proxy it is
# what decides throughput, and it moves by a few per cent between runs where throughput moves by tens.
# Prints a markdown table with the ratios; writes it to bench/results/, and with --write-docs also appends it to
# docs/performance.md. Loopback only; everything it starts is stopped on exit.
#
#   bench/proxy-compare.sh [--quick] [--write-docs] [--jfr FILE] [--rounds N] [--duration SECONDS] [--warmup SECONDS]
#                          [--connections N]
#   bench/proxy-compare.sh --backend sample [...]   # the same, in front of the 15-loop sample app's core_orchestrator
#   bench/proxy-compare.sh --hold
#
# --hold sets everything up, prints the four URLs and the router's PID, and keeps it running until interrupted
# (Ctrl-C), for a profiler or `strace -c -f -p PID` beside your own wrk; nothing is measured.
# --backend sample deploys the sample app (examples/sample-app: 15 Java loops on the JDK's HTTP server) instead of the
# static nginx, and all three proxies front its core_orchestrator; "direct" is then straight to that loop.
# --jfr FILE records the router process with Java Flight Recorder (profile settings) into FILE, for
# `jfr print --events jdk.ExecutionSample FILE` and `jfr summary FILE`.
set -euo pipefail
cd "$(dirname "$0")/.."
ARGS="$*"
ROUNDS=3; DURATION=8; WARMUP=15; CONNECTIONS=32; RATE_SECONDS=10; WRITE_DOCS=0; JFR=; HOLD=0; BACKEND=static
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) ROUNDS=2; DURATION=4; WARMUP=5; RATE_SECONDS=5 ;;
    --write-docs) WRITE_DOCS=1 ;;
    --hold) HOLD=1 ;;
    --jfr) JFR=$(realpath -m "$2"); shift ;;
    --rounds) ROUNDS=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --backend) BACKEND=$2; shift ;;
    --duration) DURATION=$2; shift ;;
    --connections) CONNECTIONS=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
. bench/lib/agent.sh
need nginx nginx-light
need haproxy haproxy
need wrk wrk
need jq jq
case "$BACKEND" in
  static) LOOP=static ;;
  sample) LOOP=core_orchestrator ;;
  *) echo "unknown backend $BACKEND: static or sample" >&2; exit 2 ;;
esac
ensure_build

HOME_DIR=$(mktemp -d /tmp/openclaw-proxy-compare-XXXX)
BASE=$(free_port_block 104)
NGINX_PORT=$((BASE + 102)); HAPROXY_PORT=$((BASE + 103))
cleanup() {
  [ -f "$HOME_DIR/front-nginx/nginx.pid" ] && kill "$(cat "$HOME_DIR/front-nginx/nginx.pid")" 2>/dev/null || true
  stop_pid "${HAPROXY_PID:-}"
  stop_pid "${AGENT_PID:-}" # --stop-all-on-exit: the router and the loop stop with it
  rm -rf "$HOME_DIR"
}
trap cleanup EXIT

# The backend: a release whose only loop is a static nginx on the instance's port (1 worker, no logging).
mkdir -p "$HOME_DIR/release"
cat > "$HOME_DIR/release/openclaw.yaml" <<'YAML'
version: 1.0.0
loops:
  - name: static
    command: ["/bin/sh", "run-nginx.sh", "${PORT}", "${DATA_DIR}"]
    health: { http: /health, timeout_seconds: 5 }
YAML
cat > "$HOME_DIR/release/run-nginx.sh" <<'SH'
#!/bin/sh
# run-nginx.sh PORT DATA_DIR: a static nginx in the foreground, its files under DATA_DIR/nginx-PORT.
dir="$2/nginx-$1"; mkdir -p "$dir/tmp"
cat > "$dir/nginx.conf" <<CONF
worker_processes 1; daemon off; pid $dir/nginx.pid; error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off; keepalive_requests 10000000; keepalive_timeout 60s;
  client_body_temp_path $dir/tmp; proxy_temp_path $dir/tmp; fastcgi_temp_path $dir/tmp;
  uwsgi_temp_path $dir/tmp; scgi_temp_path $dir/tmp;
  server {
    listen 127.0.0.1:$1;
    default_type text/plain;
    location = /health { return 200 "ok\n"; }
    location / { return 200 "static answer of the benchmark backend, the same for every proxy\n"; }
  }
}
CONF
exec /usr/sbin/nginx -e "$dir/error.log" -c "$dir/nginx.conf"
SH
(cd "$HOME_DIR/release" && python3 -c 'import zipfile; z=zipfile.ZipFile("../static.zip","w"); [z.write(f) for f in ("openclaw.yaml","run-nginx.sh")]')

agent_init "$HOME_DIR/agent" "$BASE"
lenient_verification "$HOME_DIR/agent"
if [ -n "$JFR" ]; then
  export OPENCLAW_ROUTER_JVM_OPTIONS="${OPENCLAW_ROUTER_JVM_OPTIONS:-} -XX:StartFlightRecording=filename=$JFR,settings=profile,dumponexit=true"
fi
agent_serve "$HOME_DIR/agent" "$HOME_DIR/serve.out" --stop-all-on-exit
ARTIFACT="$HOME_DIR/static.zip"; [ "$BACKEND" = sample ] && ARTIFACT=$ZIP
agent deploy --home "$HOME_DIR/agent" --artifact "$ARTIFACT" --version 1.0.0 --wait >"$HOME_DIR/deploy.out" || { cat "$HOME_DIR/deploy.out" "$HOME_DIR"/agent/logs/*"$LOOP"* >&2; exit 1; }
LOOP_PORT=$(agent status --home "$HOME_DIR/agent" --json | jq -r ".loops[] | select(.name==\"$LOOP\") | .instances[0].port")
ROUTER_PID=$(jq -r .pid "$HOME_DIR/agent/state/router/router.json")

# nginx in front: 1 worker, keep-alive upstream, the same path rewrite and X-Forwarded-* as the router.
mkdir -p "$HOME_DIR/front-nginx/tmp"
F="$HOME_DIR/front-nginx"
cat > "$F/nginx.conf" <<CONF
worker_processes 1; pid $F/nginx.pid; error_log $F/error.log warn;
events { worker_connections 4096; }
http {
  access_log off; keepalive_requests 10000000;
  client_body_temp_path $F/tmp; proxy_temp_path $F/tmp; fastcgi_temp_path $F/tmp; uwsgi_temp_path $F/tmp; scgi_temp_path $F/tmp;
  upstream backend { server 127.0.0.1:$LOOP_PORT; keepalive 64; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location /loops/$LOOP/ {
      proxy_pass http://backend/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto http;
      proxy_set_header X-Forwarded-Host \$host;
    }
  }
}
CONF
/usr/sbin/nginx -e "$F/error.log" -c "$F/nginx.conf"

# HAProxy in front: 1 thread, idle server connections reused by any client (http-reuse always).
cat > "$HOME_DIR/haproxy.cfg" <<CFG
global
  nbthread 1
  maxconn 4096
defaults
  mode http
  option http-keep-alive
  http-reuse always
  timeout connect 2s
  timeout client 60s
  timeout server 60s
frontend front
  bind 127.0.0.1:$HAPROXY_PORT
  option forwardfor
  http-request set-header X-Forwarded-Proto http
  http-request set-header X-Forwarded-Host %[req.hdr(host)]
  http-request replace-path ^/loops/$LOOP/(.*) /\1
  default_backend loop
backend loop
  server loop 127.0.0.1:$LOOP_PORT
CFG
haproxy -f "$HOME_DIR/haproxy.cfg" -db >"$HOME_DIR/haproxy.out" 2>&1 &
HAPROXY_PID=$!

declare -A URL=(
  [direct]="http://127.0.0.1:$LOOP_PORT/x"
  [nginx]="http://127.0.0.1:$NGINX_PORT/loops/$LOOP/x"
  [haproxy]="http://127.0.0.1:$HAPROXY_PORT/loops/$LOOP/x"
  [router]="http://127.0.0.1:$ROUTER/loops/$LOOP/x"
)
PATHS=(direct nginx haproxy router)
for p in "${PATHS[@]}"; do # every path answers before anything is measured
  for _ in $(seq 1 100); do curl -fsS -o /dev/null "${URL[$p]}" && break; sleep 0.1; done
  curl -fsS -o /dev/null "${URL[$p]}"
done
if [ "$HOLD" = 1 ]; then
  for p in "${PATHS[@]}"; do printf '%-8s %s\n' "$p" "${URL[$p]}"; done
  echo "router process: pid $ROUTER_PID; agent: pid $AGENT_PID, home $HOME_DIR/agent"
  echo "holding until interrupted (Ctrl-C or SIGTERM stops everything)"
  trap 'exit 0' INT TERM # the EXIT trap then stops what was started
  while :; do sleep 3600 & wait $!; done
fi

TICK_US=$((1000000 / $(getconf CLK_TCK)))
proxy_pids() { # the processes whose CPU time a path's requests cost, besides the backend's and wrk's
  case "$1" in
    nginx) local master; master=$(cat "$F/nginx.pid"); echo "$master $(pgrep -P "$master" | tr '\n' ' ')" ;;
    haproxy) echo "$HAPROXY_PID" ;;
    router) echo "$ROUTER_PID" ;;
  esac
}
cpu_ticks() { # cpu_ticks PATH: "user+system user" clock ticks of the path's proxy processes so far
  local total=0 user=0 pid u s
  for pid in $(proxy_pids "$1"); do
    read -r u s < <(awk '{print $14, $15}' "/proc/$pid/stat")
    total=$((total + u + s)); user=$((user + u))
  done
  echo "$total $user"
}
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; printf "%.2f", v}'; }
declare -A BEST_RPS BEST_P99 ERRORS ALL_RPS CPU_US USER_US
run_wrk() { # run_wrk PATH SECONDS: one round, recorded
  local out rps p99 non2xx socket before after n
  read -r -a before <<<"$(cpu_ticks "$1")"
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$2s" --latency "${URL[$1]}")
  read -r -a after <<<"$(cpu_ticks "$1")"
  n=$(echo "$out" | awk '/requests in/ {print $1}')
  if [ "$1" != direct ] && [ "${n:-0}" -gt 0 ]; then
    CPU_US[$1]="${CPU_US[$1]:-} $(awk -v t=$((after[0] - before[0])) -v n="$n" -v us="$TICK_US" 'BEGIN {printf "%.1f", t * us / n}')"
    USER_US[$1]="${USER_US[$1]:-} $(awk -v t=$((after[1] - before[1])) -v n="$n" -v us="$TICK_US" 'BEGIN {printf "%.1f", t * us / n}')"
  fi
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}' | to_ms)
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}'); non2xx=${non2xx:-0}
  socket=$(echo "$out" | awk -F'[ ,]+' '/Socket errors/ {print $4+$6+$8+$10}'); socket=${socket:-0}
  ERRORS[$1]=$(( ${ERRORS[$1]:-0} + non2xx + socket ))
  ALL_RPS[$1]="${ALL_RPS[$1]:-}${ALL_RPS[$1]:+ }$(printf %.0f "$rps")"
  if awk -v a="$rps" -v b="${BEST_RPS[$1]:-0}" 'BEGIN {exit !(a > b)}'; then BEST_RPS[$1]=$rps; BEST_P99[$1]=$p99; fi
}
echo "warm-up: ${WARMUP} s per path; then $ROUNDS rounds of wrk -t2 -c$CONNECTIONS -d${DURATION}s per path" >&2
for p in "${PATHS[@]}"; do wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" "${URL[$p]}" >/dev/null; done
for r in $(seq 1 "$ROUNDS"); do
  order=("${PATHS[@]}")
  (( r % 2 == 0 )) && order=(router haproxy nginx direct) # alternate, so that no path always follows the same one
  for p in "${order[@]}"; do run_wrk "$p" "$DURATION"; printf '%s ' "$p" >&2; done
  echo "(round $r)" >&2
done

# Tail latency at a fixed rate: half of nginx's best throughput, the same rate for the three proxies; two runs each in
# alternating order (a stall of the machine during one run builds a queue the client rightly counts), the better kept.
RATE=$(awk -v r="${BEST_RPS[nginx]}" 'BEGIN {printf "%d", r / 2}')
declare -A RATE_P50 RATE_P99 RATE_ERR
for order in "nginx haproxy router" "router haproxy nginx"; do
  for p in $order; do
    line=$(java bench/client/ConstantRate.java "${URL[$p]}" "$RATE" "$RATE_SECONDS" 16)
    p99=$(echo "$line" | sed -E 's/.*p99_ms=([0-9.]+).*/\1/')
    if [ -z "${RATE_P99[$p]:-}" ] || awk -v a="$p99" -v b="${RATE_P99[$p]}" 'BEGIN {exit !(a < b)}'; then
      RATE_P99[$p]=$p99
      RATE_P50[$p]=$(echo "$line" | sed -E 's/.*p50_ms=([0-9.]+).*/\1/')
    fi
    RATE_ERR[$p]=$(( ${RATE_ERR[$p]:-0} + $(echo "$line" | sed -E 's/.*errors=([0-9]+).*/\1/') ))
  done
done

rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }
AGENT_RSS=$(rss_mb "$AGENT_PID"); ROUTER_RSS=$(rss_mb "$ROUTER_PID")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
median() { echo "$@" | tr ' ' '\n' | sed '/^$/d' | sort -g | awk '{v[NR]=$1} END {printf "%.1f", NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
declare -A CPU_MED USER_MED
for p in nginx haproxy router; do CPU_MED[$p]=$(median ${CPU_US[$p]}); USER_MED[$p]=$(median ${USER_US[$p]}); done
k() { awk -v v="$1" 'BEGIN {printf "%.1f k", v / 1000}'; }
MACHINE=$(machine_line)
TABLE=$(
  echo "| path | best req/s (rounds) | p99 at best | non-2xx + socket errors | p50 / p99 at $RATE req/s | proxy CPU per request: all / user (median round) |"
  echo "|---|---|---|---|---|---|"
  for p in "${PATHS[@]}"; do
    at_rate="-"; cpu="-"
    if [ "$p" != direct ]; then
      at_rate="${RATE_P50[$p]} / ${RATE_P99[$p]} ms (${RATE_ERR[$p]} errors)"
      cpu="${CPU_MED[$p]} / ${USER_MED[$p]} µs"
    fi
    echo "| $p | $(k "${BEST_RPS[$p]}") (${ALL_RPS[$p]}) | ${BEST_P99[$p]} ms | ${ERRORS[$p]} | $at_rate | $cpu |"
  done
  echo
  echo "| ratio | throughput | p99 at $RATE req/s | CPU per request |"
  echo "|---|---|---|---|"
  echo "| router / nginx (goal ≥ 1.0; p99 ≤ 1.5) | $(ratio "${BEST_RPS[router]}" "${BEST_RPS[nginx]}") | $(ratio "${RATE_P99[router]}" "${RATE_P99[nginx]}") | $(ratio "${CPU_MED[router]}" "${CPU_MED[nginx]}") |"
  echo "| router / HAProxy (goal ≥ 0.9) | $(ratio "${BEST_RPS[router]}" "${BEST_RPS[haproxy]}") | $(ratio "${RATE_P99[router]}" "${RATE_P99[haproxy]}") | $(ratio "${CPU_MED[router]}" "${CPU_MED[haproxy]}") |"
  echo
  deployed="one loop deployed"; [ "$BACKEND" = sample ] && deployed="the 15-loop sample app deployed, $LOOP measured"
  echo "RSS after the runs: agent $AGENT_RSS MB, router process $ROUTER_RSS MB ($deployed)."
)
SECTION=$(
  echo "### $(date -u +%Y-%m-%d\ %H:%M) UTC, \`bench/proxy-compare.sh $ARGS\`"
  echo
  echo "Machine: $MACHINE at the end of the run. wrk -t2 -c$CONNECTIONS, ${DURATION} s rounds × $ROUNDS after ${WARMUP} s of warm-up per path; constant rate: 16 connections, ${RATE_SECONDS} s per proxy, twice in alternating order (the better run kept); agent JVM: ${AGENT_JVM_OPTIONS:-unbounded}."
  echo
  echo "$TABLE"
)
mkdir -p bench/results
OUT=bench/results/$(date -u +%Y%m%dT%H%M%SZ)-proxy-compare.md
echo "$SECTION" | tee "$OUT"
if [ "$WRITE_DOCS" = 1 ]; then
  printf '\n%s\n' "$SECTION" >> docs/performance.md
  echo "appended to docs/performance.md" >&2
fi
