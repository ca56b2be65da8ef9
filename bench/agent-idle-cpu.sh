#!/usr/bin/env bash
# Benchmark, not a test: the agent's own CPU while it only keeps things running (health and port-owner checks of every
# loop instance, the resource monitor, the router process's feeds), with the 15-loop sample app deployed. On a 2-core
# host every millisecond of it is one the loops and a CLI call wait for.
#
# BEFORE_JAR=another build's agent jar runs that agent beside this one, each with a home, a port block and the 15
# loops of its own, measured over the same window, so that both see the same machine. Writes
# bench/results/<timestamp>-agent-idle-cpu.txt.
#
#   bench/agent-idle-cpu.sh [SECONDS]                                  # default 60, after SETTLE (default 30) s
#   BEFORE_JAR=/tmp/old-dist/lib/openclaw-agent.jar bench/agent-idle-cpu.sh
set -euo pipefail
cd "$(dirname "$0")/.."
MEASURED=${1:-60}
. bench/lib/agent.sh
ensure_build
THIS_JAR=$JAR

declare -A HOME_OF PID_OF
BUILDS=(this)
if [ -n "${BEFORE_JAR:-}" ]; then BUILDS=(this before); fi
cleanup() {
  for build in "${BUILDS[@]}"; do
    stop_pid "${PID_OF[$build]:-}"
    if [ -n "${HOME_OF[$build]:-}" ]; then rm -rf "${HOME_OF[$build]}"; fi
  done
}
trap cleanup EXIT

for build in "${BUILDS[@]}"; do
  if [ "$build" = before ]; then JAR=$BEFORE_JAR; else JAR=$THIS_JAR; fi
  home=$(mktemp -d /tmp/openclaw-idle-XXXX)
  HOME_OF[$build]=$home
  agent_init "$home" "$(free_port_block 102)"
  agent_serve "$home" "$home/serve.out" --stop-all-on-exit
  PID_OF[$build]=$AGENT_PID
  agent deploy --home "$home" --artifact "$ZIP" --version 1.0.0 --wait >/dev/null
  echo "$build: agent $AGENT_PID serving the sample app" >&2
done

sleep "${SETTLE:-30}"
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
declare -A START
for build in "${BUILDS[@]}"; do START[$build]=$(ticks "${PID_OF[$build]}"); done
sleep "$MEASURED"
HZ=$(getconf CLK_TCK)

mkdir -p bench/results
OUT=bench/results/$(date -u +%Y%m%dT%H%M%SZ)-agent-idle-cpu.txt
{
  echo "machine: $(machine_line) at the end"
  echo "command: SETTLE=${SETTLE:-30}${BEFORE_JAR:+ BEFORE_JAR=$BEFORE_JAR} bench/agent-idle-cpu.sh $MEASURED"
  for build in "${BUILDS[@]}"; do
    used=$(( $(ticks "${PID_OF[$build]}") - START[$build] ))
    echo "[$build] agent CPU over ${MEASURED} s with 15 loops: $(( used * 1000 / HZ / MEASURED )) ms per second"
  done
} | tee "$OUT"
