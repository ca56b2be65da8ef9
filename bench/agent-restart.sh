#!/usr/bin/env bash
# Benchmark, not a test: how long a restarted agent takes to be back in control (issue 12's "≤ 2 s after the service
# manager restarts it"). Deploys the 15-loop sample app, lets the agent write its class-data archive, then RESTARTS
# times: SIGKILL of the agent (the router and the loops keep serving) and a new `serve` with the installed service's
# JVM options, timed from the `java` command to the agent's ready line (router and loops adopted, API serving). The
# agent's own log line "Back in control in ..." gives the split of each start. No load beside the 16 loop JVMs and the
# router; bench/agent-outage-soak.sh measures the same under wrk. Writes bench/results/<timestamp>-restart.txt.
#
#   bench/agent-restart.sh [RESTARTS]
set -euo pipefail
cd "$(dirname "$0")/.."
RESTARTS=${1:-10}
. bench/lib/agent.sh
need jq jq
ensure_build

HOME_DIR=$(mktemp -d /tmp/openclaw-restart-XXXX)
BASE=$(free_port_block 102)
cleanup() {
  [ -n "${AGENT_PID:-}" ] && kill -9 "$AGENT_PID" 2>/dev/null || true
  # A full stop: this bench leaves no router or loop behind.
  java -jar "$JAR" serve --home "$HOME_DIR" --stop-all-on-exit >"$HOME_DIR/last.out" 2>&1 & local last=$!
  for _ in $(seq 1 300); do grep -q "openclaw-agent ready" "$HOME_DIR/last.out" && break; sleep 0.1; done
  kill "$last" 2>/dev/null || true; wait "$last" 2>/dev/null || true
  rm -rf "$HOME_DIR"
}
trap cleanup EXIT

agent_init "$HOME_DIR" "$BASE"
lenient_verification "$HOME_DIR"
agent_archive "$HOME_DIR"
agent_serve "$HOME_DIR" "$HOME_DIR/serve-0.out"
agent deploy --home "$HOME_DIR" --artifact "$ZIP" --version 1.0.0 --wait >/dev/null
await_archive

BACK_MS=()
SPLITS=()
for i in $(seq 1 "$RESTARTS"); do
  kill -9 "$AGENT_PID"; wait "$AGENT_PID" 2>/dev/null || true
  t0=$(date +%s%N)
  agent_serve "$HOME_DIR" "$HOME_DIR/serve-$i.out"
  t1=$(date +%s%N)
  BACK_MS+=($(( (t1 - t0) / 1000000 )))
  SPLITS+=("$(grep -o 'Back in control in .*' "$HOME_DIR/logs/agent.log" | tail -1)")
  printf '.'
  sleep 2 # the loops' health and the router settle before the next kill (no sampling of this pause)
done
echo
sorted=$(printf '%s\n' "${BACK_MS[@]}" | sort -n)
MEDIAN=$(echo "$sorted" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')

mkdir -p bench/results
OUT=bench/results/$(date -u +%Y%m%dT%H%M%SZ)-restart.txt
{
  echo "machine: $(machine_line)"
  echo "command: bench/agent-restart.sh $RESTARTS"
  echo
  echo "agent back in control after SIGKILL and restart (java command to ready line), 15 loops and the router running:"
  echo "  each (ms): ${BACK_MS[*]}"
  echo "  median: $MEDIAN ms, min $(echo "$sorted" | head -1) ms, max $(echo "$sorted" | tail -1) ms"
  echo "the agent's own split of each start (JVM uptime at each step):"
  printf '  %s\n' "${SPLITS[@]}"
} | tee "$OUT"
echo "written to $OUT"
