#!/usr/bin/env bash
# Benchmark, not a test: two builds (or two sets of router JVM options) of the router side by side, for a change
# whose effect is smaller than the run-to-run noise of bench/proxy-compare.sh (on this shared 2-core machine nginx
# itself moves by 30 % between runs). Both set-ups run at once (each a `bench/proxy-compare.sh --hold`), and rounds of
# `wrk -t2 -c32` alternate between them, so a busier minute of the machine hits both alike. Besides requests per
# second it reads each router process's CPU time from /proc (user + system, and user alone) and divides by the
# requests served: CPU per request is what decides throughput when wrk, the backend and the proxy share two cores,
# and it varies far less than throughput does.
#
#   A_JAR=/tmp/old-agent.jar bench/router-ab.sh [ROUNDS]            # the old build (A) against this tree's (B)
#   A_OPTS="-Dio.netty.allocator.type=adaptive" bench/router-ab.sh  # this build with other router JVM options
#
# A_JAR/B_JAR default to host-agent/target/openclaw-agent.jar; A_OPTS/B_OPTS are added to the router JVM's options
# (OPENCLAW_ROUTER_JVM_OPTIONS). ROUNDS defaults to 6. Each side gets 40 s of warm-up first (the router's JIT).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-6}
DEFAULT_JAR=host-agent/target/openclaw-agent.jar
A_JAR=${A_JAR:-$DEFAULT_JAR}; B_JAR=${B_JAR:-$DEFAULT_JAR}; A_OPTS=${A_OPTS:-}; B_OPTS=${B_OPTS:-}
need() { command -v "$1" >/dev/null || { apt-get install -y "$2" >/dev/null 2>&1 || { echo "needs $1" >&2; exit 1; }; }; }
need wrk wrk
[ -f "$DEFAULT_JAR" ] || mvn -B -q -pl protocol,host-agent -am -DskipTests package

PIDS=(); LOGS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -f "${LOGS[@]}"
}
trap cleanup EXIT

hold() { # hold JAR OPTS: starts one set-up in the background
  local log; log=$(mktemp /tmp/router-ab-XXXX.log)
  OPENCLAW_BENCH_JAR=$1 OPENCLAW_ROUTER_JVM_OPTIONS=$2 setsid bench/proxy-compare.sh --hold >"$log" 2>&1 &
  PIDS+=("$!"); LOGS+=("$log")
}
ready() { # ready LOG: waits for the set-up, prints "URL ROUTER_PID"
  for _ in $(seq 1 240); do grep -q '^holding' "$1" && break; sleep 0.5; done
  grep -q '^holding' "$1" || { echo "set-up did not come up:" >&2; cat "$1" >&2; exit 1; }
  echo "$(awk '$1=="router" && $2 ~ /^http/ {print $2}' "$1") $(awk '/^router process/ {gsub(";", "", $4); print $4}' "$1")"
}
hold "$A_JAR" "$A_OPTS"; hold "$B_JAR" "$B_OPTS"
read -r A_URL A_PID <<<"$(ready "${LOGS[0]}")"
read -r B_URL B_PID <<<"$(ready "${LOGS[1]}")"

cpu_ticks() { awk '{print $14 + $15, $14}' "/proc/$1/stat"; } # user+system, user (clock ticks)
TICK_NS=$((1000000000 / $(getconf CLK_TCK)))
round() { # round URL PID: prints "req/s cpu_ns_per_request user_ns_per_request"
  local before after out n rps
  read -r -a before <<<"$(cpu_ticks "$2")"
  out=$(wrk -t2 -c32 -d5s "$1")
  read -r -a after <<<"$(cpu_ticks "$2")"
  n=$(echo "$out" | awk '/requests in/ {print $1}')
  rps=$(echo "$out" | awk '/Requests\/sec/ {printf "%.0f", $2}')
  echo "$rps $(( (after[0] - before[0]) * TICK_NS / n )) $(( (after[1] - before[1]) * TICK_NS / n ))"
}
for url in "$A_URL" "$B_URL" "$A_URL" "$B_URL"; do wrk -t2 -c32 -d20s "$url" >/dev/null; done

echo "A: ${A_JAR} ${A_OPTS}"
echo "B: ${B_JAR} ${B_OPTS}"
echo "| round | A req/s | A CPU µs/req | A user µs/req | B req/s | B CPU µs/req | B user µs/req |"
echo "|---|---|---|---|---|---|---|"
A_ALL=(); B_ALL=()
for r in $(seq 1 "$ROUNDS"); do
  if (( r % 2 )); then a=$(round "$A_URL" "$A_PID"); b=$(round "$B_URL" "$B_PID")
  else b=$(round "$B_URL" "$B_PID"); a=$(round "$A_URL" "$A_PID"); fi
  A_ALL+=("$a"); B_ALL+=("$b")
  echo "$r $a $b" | awk '{printf "| %d | %d | %.1f | %.1f | %d | %.1f | %.1f |\n", $1, $2, $3/1000, $4/1000, $5, $6/1000, $7/1000}'
done
median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
col() { printf '%s\n' "${@:2}" | awk -v c="$1" '{print $c}' | median; }
echo
awk -v ar="$(col 1 "${A_ALL[@]}")" -v br="$(col 1 "${B_ALL[@]}")" -v ac="$(col 2 "${A_ALL[@]}")" \
    -v bc="$(col 2 "${B_ALL[@]}")" -v au="$(col 3 "${A_ALL[@]}")" -v bu="$(col 3 "${B_ALL[@]}")" 'BEGIN {
  printf "medians: A %d req/s, %.1f µs CPU (%.1f user) per request; B %d req/s, %.1f µs (%.1f user)\n", ar, ac/1000, au/1000, br, bc/1000, bu/1000
  printf "B/A: throughput %.3f, CPU per request %.3f, user CPU per request %.3f\n", br/ar, bc/ac, bu/au }'
