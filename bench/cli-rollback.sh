#!/usr/bin/env bash
# Benchmark, not a test: the `rollback --wait` command as a user runs it (bin/openclaw-agent, its client JVM options
# and class-data archive, --home: the control socket), several times, against an agent with the 15-loop sample app.
# Each round deploys a new release blue-green (not timed), then times `rollback --wait` as a whole, beside the JVM's
# own floor (`java -version` with the same options) and `status`. Writes bench/results/<timestamp>-cli-rollback.txt.
#
#   bench/cli-rollback.sh [ROUNDS]          # default 8
#   HOLD=1 bench/cli-rollback.sh 1          # keeps the agent running afterwards (for a profiler), prints its home
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-8}
. bench/lib/agent.sh
need jq jq
ensure_build

HOME_DIR=$(mktemp -d /tmp/openclaw-cli-XXXX)
BASE=$(free_port_block 102)
cleanup() {
  if [ -n "${HOLD:-}" ]; then echo "agent $AGENT_PID kept, home $HOME_DIR (launcher: $HOME_DIR/dist/bin/openclaw-agent)" >&2; return; fi
  stop_pid "${AGENT_PID:-}"; rm -rf "$HOME_DIR"
}
trap cleanup EXIT
agent_init "$HOME_DIR" "$BASE"
lenient_verification "$HOME_DIR"
agent_serve "$HOME_DIR" "$HOME_DIR/serve.out" --stop-all-on-exit
agent deploy --home "$HOME_DIR" --artifact "$ZIP" --version 1.0.0 --wait >/dev/null

mkdir -p "$HOME_DIR/dist/bin" "$HOME_DIR/dist/lib"
cp host-agent/src/dist/bin/openclaw-agent "$HOME_DIR/dist/bin/"; cp "$JAR" "$HOME_DIR/dist/lib/openclaw-agent.jar"
launcher() { XDG_CACHE_HOME="$HOME_DIR/cache" sh "$HOME_DIR/dist/bin/openclaw-agent" "$@"; }
launcher status --home "$HOME_DIR" >/dev/null # the first client call writes the launcher's archive
CLI_OPTS=$(sed -n 's/^cli_opts="\(.*\)"$/\1/p' host-agent/src/dist/bin/openclaw-agent)

ms_of() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }

WAIT_MS=(); AGENT_MS=(); FLOOR_MS=(); STATUS_MS=()
for round in $(seq 1 "$ROUNDS"); do
  agent deploy --home "$HOME_DIR" --artifact "$ZIP" --version "2.0.$round" --strategy blue-green --wait >/dev/null
  # shellcheck disable=SC2086
  FLOOR_MS+=("$(ms_of java $CLI_OPTS -version)")
  STATUS_MS+=("$(ms_of launcher status --home "$HOME_DIR")")
  t0=$(date +%s%N)
  launcher rollback --home "$HOME_DIR" --wait >"$HOME_DIR/rollback.out" 2>&1
  t1=$(date +%s%N)
  WAIT_MS+=($(( (t1 - t0) / 1000000 )))
  AGENT_MS+=("$(agent deployments --home "$HOME_DIR" --json | jq -r '[.deployments[] | select(.kind == "rollback")] | max_by(.createdAt) | .durationMillis')")
  echo "round $round: rollback --wait ${WAIT_MS[-1]} ms (${AGENT_MS[-1]} ms on the agent), status ${STATUS_MS[-1]} ms, java -version ${FLOOR_MS[-1]} ms" >&2
done

mkdir -p bench/results
OUT=bench/results/$(date -u +%Y%m%dT%H%M%SZ)-cli-rollback.txt
{
  echo "machine: $(machine_line) at the end"
  echo "command: bench/cli-rollback.sh $ROUNDS"
  echo "rollback --wait through bin/openclaw-agent --home (ms): ${WAIT_MS[*]}; median $(printf '%s\n' "${WAIT_MS[@]}" | median)"
  echo "... its rollback on the agent (ms): ${AGENT_MS[*]}; median $(printf '%s\n' "${AGENT_MS[@]}" | median)"
  echo "status through bin/openclaw-agent --home (ms): ${STATUS_MS[*]}; median $(printf '%s\n' "${STATUS_MS[@]}" | median)"
  echo "java $CLI_OPTS -version (ms): ${FLOOR_MS[*]}; median $(printf '%s\n' "${FLOOR_MS[@]}" | median)"
} | tee "$OUT"
