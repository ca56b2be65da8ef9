#!/usr/bin/env bash
# Benchmark, not a test: the agent's and the router process' resident memory with the 15-loop sample app deployed,
# idle and after load through the router, and the control path's times: a blue-green switch (journal + routing table
# published to the router process), an HTTPS rollback request until every request through the router gets the old
# version (bench/client/RollbackToServing.java), and the `rollback --wait` command as a whole (JVM start included).
# The agent's JVM gets AGENT_JVM_OPTIONS (default: what bin/openclaw-agent gives `serve`), so that the figures are
# those of an installed agent. Writes bench/results/<timestamp>-footprint.txt. Loopback only.
#
#   bench/agent-footprint.sh [LOAD_SECONDS]
#   AGENT_JVM_OPTIONS="" bench/agent-footprint.sh 30     # an unbounded agent JVM, for comparison
set -euo pipefail
cd "$(dirname "$0")/.."
LOAD_SECONDS=${1:-20}
. bench/lib/agent.sh
need wrk wrk
need jq jq
ensure_build

HOME_DIR=$(mktemp -d /tmp/openclaw-footprint-XXXX)
BASE=$(free_port_block 102)
cleanup() { stop_pid "${WRK_PID:-}"; stop_pid "${AGENT_PID:-}"; if [ -n "${KEEP_HOME:-}" ]; then echo "home kept: $HOME_DIR" >&2; else rm -rf "$HOME_DIR"; fi; }
trap cleanup EXIT
agent_init "$HOME_DIR" "$BASE"
lenient_verification "$HOME_DIR"
agent_serve "$HOME_DIR" "$HOME_DIR/serve.out" --stop-all-on-exit
agent deploy --home "$HOME_DIR" --artifact "$ZIP" --version 1.0.0 --wait >/dev/null
ROUTER_PID=$(jq -r .pid "$HOME_DIR/state/router/router.json")
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
IDLE_AGENT=$(rss_mb "$AGENT_PID"); IDLE_ROUTER=$(rss_mb "$ROUTER_PID")

# Load on every loop at once through the router (a Lua script cycles through the loops).
LOOPS=$(agent status --home "$HOME_DIR" --json | jq -r '[.loops[].name] | join(" ")')
cat > "$HOME_DIR/loops.lua" <<LUA
local loops = {}
for l in string.gmatch("$LOOPS", "%S+") do loops[#loops + 1] = l end
local n = 0
request = function() n = n + 1; return wrk.format(nil, "/loops/" .. loops[n % #loops + 1] .. "/work") end
LUA
WRK_OUT=$(wrk -t2 -c32 -d"${LOAD_SECONDS}s" -s "$HOME_DIR/loops.lua" "http://127.0.0.1:$ROUTER")
LOADED_AGENT=$(rss_mb "$AGENT_PID"); LOADED_ROUTER=$(rss_mb "$ROUTER_PID")

switch_ms() { agent events --home "$HOME_DIR" "$1" --json | jq -r 'select(.type=="traffic-switched") | .data.switchMicros / 1000'; }
await_done() { # await_done DEPLOYMENT: until it has ended
  for _ in $(seq 1 1200); do
    agent deployments --home "$HOME_DIR" --json | jq -e ".deployments[] | select(.id==\"$1\") | select(.state | IN(\"SUCCEEDED\",\"FAILED\",\"ROLLED_BACK\"))" >/dev/null && return 0
    sleep 0.5
  done
}
deploy_blue_green() { agent deploy --home "$HOME_DIR" --artifact "$ZIP" --version "$1" --strategy blue-green --wait --json | jq -r 'select(.id != null) | .id' | tail -1; }

# A rollback asked over HTTPS by a warm client, seen by a client of a loop: when does every request get the old version?
DEPLOY_ID=$(deploy_blue_green 2.0.0)
SWITCH_MS=$(switch_ms "$DEPLOY_ID")
https_rollback() {
  local line id
  line=$(java -cp "$JAR" bench/client/RollbackToServing.java "https://127.0.0.1:$API" "$HOME_DIR/conf/api-token" \
    "$HOME_DIR/conf/tls/agent.crt" "http://127.0.0.1:$ROUTER/loops/core_orchestrator/work" 2.0.0)
  id=$(echo "$line" | sed -E 's/.*deployment=([^ ]+).*/\1/')
  await_done "$id"
  echo "$line"
}
# The agent's first rollback since its start runs code no request has run yet; the second shows the warm path.
HTTPS_LINE=$(https_rollback)
deploy_blue_green 2.0.0 >/dev/null
HTTPS_LINE_AGAIN=$(https_rollback)

# The rollback --wait command as a whole, through the launcher as installed (its client options and the class-data
# sharing archive its first call writes; a status call here is that first call).
mkdir -p "$HOME_DIR/dist/bin" "$HOME_DIR/dist/lib"
cp host-agent/src/dist/bin/openclaw-agent "$HOME_DIR/dist/bin/"; cp "$JAR" "$HOME_DIR/dist/lib/openclaw-agent.jar"
launcher() { XDG_CACHE_HOME="$HOME_DIR/cache" sh "$HOME_DIR/dist/bin/openclaw-agent" "$@"; }
launcher status --home "$HOME_DIR" >/dev/null
deploy_blue_green 3.0.0 >/dev/null
T0=$(date +%s%N)
ROLLBACK_ID=$(launcher rollback --home "$HOME_DIR" --wait --json | jq -r 'select(.id != null) | .id' | tail -1)
T1=$(date +%s%N)
ROLLBACK_SWITCH_MS=$(switch_ms "$ROLLBACK_ID")
ROLLBACK_AGENT_MS=$(agent deployments --home "$HOME_DIR" --json | jq -r ".deployments[] | select(.id==\"$ROLLBACK_ID\") | .durationMillis")
FINAL_AGENT=$(rss_mb "$AGENT_PID"); FINAL_ROUTER=$(rss_mb "$ROUTER_PID")

mkdir -p bench/results
OUT=bench/results/$(date -u +%Y%m%dT%H%M%SZ)-footprint.txt
{
  echo "machine: $(machine_line) at the end"
  echo "command: AGENT_JVM_OPTIONS=\"$AGENT_JVM_OPTIONS\" bench/agent-footprint.sh $LOAD_SECONDS"
  echo
  echo "| RSS (MB) | agent | router process |"
  echo "|---|---|---|"
  echo "| 15 loops deployed, idle | $IDLE_AGENT | $IDLE_ROUTER |"
  echo "| after ${LOAD_SECONDS} s of wrk -t2 -c32 over the 15 loops through the router | $LOADED_AGENT | $LOADED_ROUTER |"
  echo "| after two blue-green deployments and two rollbacks | $FINAL_AGENT | $FINAL_ROUTER |"
  echo
  echo "load: $(echo "$WRK_OUT" | awk '/Requests\/sec/ {print $2}') req/s, $(echo "$WRK_OUT" | grep -E 'Non-2xx|Socket errors' | tr '\n' ' ')"
  echo "blue-green switch of 15 loops (journal + routing table to the router process): $SWITCH_MS ms"
  echo "HTTPS rollback request (warm client) -> every request served by the previous version, seen through the router: $HTTPS_LINE"
  echo "... the agent's second rollback: $HTTPS_LINE_AGAIN"
  echo "rollback --wait: routing change $ROLLBACK_SWITCH_MS ms, $ROLLBACK_AGENT_MS ms on the agent, $(( (T1 - T0) / 1000000 )) ms for the command through bin/openclaw-agent (JVM start with its client options and CDS archive, TLS, following events)"
} | tee "$OUT"
