#!/usr/bin/env bash
# Benchmark, not a test: the `rollback --wait` command as a user runs it (bin/openclaw-agent, its client JVM options
# and class-data archive, --home: the control socket), several times, against an agent with the 15-loop sample app.
# Each round deploys a new release blue-green (not timed) and lets its 15 new loop JVMs settle for SETTLE seconds
# (default 15: a rollback comes some time after a deployment, not while the new release's JVMs still compile their
# code), then times `rollback --wait` as a whole, beside the JVM's own floor (`java -version` with the same options)
# and `status`, and the command's CPU time. The first WARMUP rounds (default 1) are shown but not counted: the goal is a
# warm agent's, and an agent's first rollback runs code no request ran before. The old slot is kept running past
# SETTLE (scale_down_delay_seconds), so that each rollback is the routing switch a timely one is. Writes
# bench/results/<timestamp>-cli-rollback.txt.
#
# BEFORE=DIR also times another build's client side by side, in the same rounds and against the same agent: DIR holds
# its bin/openclaw-agent and lib/openclaw-agent.jar (e.g. an unpacked distribution of an earlier commit). Each round
# then deploys and rolls back twice, once per build, the build going first alternating.
#
#   bench/cli-rollback.sh [ROUNDS]          # default 8
#   SETTLE=0 bench/cli-rollback.sh 4        # right after each deployment
#   BEFORE=/tmp/old-dist bench/cli-rollback.sh 5
#   HOLD=1 bench/cli-rollback.sh 0          # an agent with the sample app kept running (for a profiler), its home printed
#
# CHATTY_KIB=N: chatty loops. While a round settles, every loop instance's log (the old release's and the new one's)
# grows by N KiB, a little every half second, as loops that log a lot do; the rollback's verification then judges
# what they wrote against each loop's error share before. Compare agents by running it once per build with
# OPENCLAW_BENCH_JAR, e.g.  CHATTY_KIB=512 OPENCLAW_BENCH_JAR=/tmp/old/openclaw-agent.jar bench/cli-rollback.sh 3
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-8}
WARMUP=${WARMUP:-1}
. bench/lib/agent.sh
need jq jq
need /usr/bin/time time
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
# A rollback within scale_down_delay_seconds of the switch is a routing switch (the old slot still runs); after it, the
# old release starts again. The rollback timed here comes SETTLE seconds after the switch, so the delay outlasts that.
grep -q '^  scale_down_delay_seconds: [0-9]*$' "$HOME_DIR/conf/agent.yaml" \
  || { echo "agent.yaml: no deployment.scale_down_delay_seconds" >&2; exit 1; }
sed -i "s/^  scale_down_delay_seconds: [0-9]*$/  scale_down_delay_seconds: $((${SETTLE:-15} + 60))/" "$HOME_DIR/conf/agent.yaml"
agent_serve "$HOME_DIR" "$HOME_DIR/serve.out" --stop-all-on-exit
agent deploy --home "$HOME_DIR" --artifact "$ZIP" --version 1.0.0 --wait >/dev/null

# The builds timed: "dist" is this one; "before" the one BEFORE names. Each has a cache of its own for its archive.
mkdir -p "$HOME_DIR/dist/bin" "$HOME_DIR/dist/lib"
cp host-agent/src/dist/bin/openclaw-agent "$HOME_DIR/dist/bin/"; cp "$JAR" "$HOME_DIR/dist/lib/openclaw-agent.jar"
BUILDS=(dist)
if [ -n "${BEFORE:-}" ]; then
  mkdir -p "$HOME_DIR/before/bin" "$HOME_DIR/before/lib"
  cp "$BEFORE/bin/openclaw-agent" "$HOME_DIR/before/bin/"; cp "$BEFORE/lib/openclaw-agent.jar" "$HOME_DIR/before/lib/"
  BUILDS=(dist before)
fi
launcher() { local build=$1; shift; XDG_CACHE_HOME="$HOME_DIR/cache-$build" sh "$HOME_DIR/$build/bin/openclaw-agent" "$@"; }
for build in "${BUILDS[@]}"; do launcher "$build" status --home "$HOME_DIR" >/dev/null; done # each writes its archive
CLI_OPTS=$(sed -n 's/^cli_opts="\(.*\)"$/\1/p' host-agent/src/dist/bin/openclaw-agent)

ms_of() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }

# SETTLE seconds, during which (CHATTY_KIB) every loop log grows by that many KiB of ordinary lines.
settle() {
  if [ -z "${CHATTY_KIB:-}" ]; then sleep "${SETTLE:-15}"; return; fi
  python3 - "$HOME_DIR/logs" "$CHATTY_KIB" "${SETTLE:-15}" <<'PY'
import glob, sys, time
logs, kib, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
line = b"12:00:00.000 INFO  [loop] handled request 12345 in 3 ms for user someone@example.com, all fine here\n"
steps = max(1, int(seconds * 2))
per_step = kib * 1024 // steps // len(line) + 1
for _ in range(steps):
    for name in glob.glob(logs + "/*/*.log"):
        with open(name, "ab") as out:
            out.write(line * per_step)
    time.sleep(0.5)
PY
}

declare -A WAIT_MS STATUS_MS CPU_MS
AGENT_MS=(); FLOOR_MS=(); deployed=0
for round in $(seq 1 $((WARMUP + ROUNDS))); do
  order=("${BUILDS[@]}")
  if [ $((round % 2)) -eq 0 ] && [ ${#BUILDS[@]} -eq 2 ]; then order=(before dist); fi
  for build in "${order[@]}"; do
    deployed=$((deployed + 1))
    agent deploy --home "$HOME_DIR" --artifact "$ZIP" --version "2.0.$deployed" --strategy blue-green --wait >/dev/null
    settle
    if [ "$round" -le "$WARMUP" ]; then
      launcher "$build" rollback --home "$HOME_DIR" --wait >/dev/null 2>&1
      echo "warm-up round $round ($build) done" >&2
      continue
    fi
    # shellcheck disable=SC2086
    FLOOR_MS[${#FLOOR_MS[@]}]=$(ms_of java $CLI_OPTS -version)
    STATUS_MS[$build]+="$(ms_of launcher "$build" status --home "$HOME_DIR") "
    # The call's CPU time (user and system, the launcher's and the JVM's) beside its wall time: on a busy host the wall
    # time of one call varies by a fifth, its CPU time much less.
    t0=$(date +%s%N)
    /usr/bin/time -f "%U %S" -o "$HOME_DIR/cpu.txt" env XDG_CACHE_HOME="$HOME_DIR/cache-$build" \
      sh "$HOME_DIR/$build/bin/openclaw-agent" rollback --home "$HOME_DIR" --wait >"$HOME_DIR/rollback.out" 2>&1
    t1=$(date +%s%N)
    WAIT_MS[$build]+="$(( (t1 - t0) / 1000000 )) "
    CPU_MS[$build]+="$(awk '{printf "%d", ($1 + $2) * 1000}' "$HOME_DIR/cpu.txt") "
    AGENT_MS+=("$(agent deployments --home "$HOME_DIR" --json | jq -r '[.deployments[] | select(.kind == "rollback")] | max_by(.createdAt) | .durationMillis')")
    echo "round $round ($build): rollback --wait $(( (t1 - t0) / 1000000 )) ms, $(awk '{printf "%d", ($1 + $2) * 1000}' "$HOME_DIR/cpu.txt") ms CPU (${AGENT_MS[-1]} ms on the agent), java -version ${FLOOR_MS[-1]} ms" >&2
  done
done

summary() { echo "$*; median $(printf '%s\n' $* | median)"; }
mkdir -p bench/results
OUT=bench/results/$(date -u +%Y%m%dT%H%M%SZ)-cli-rollback.txt
{
  echo "machine: $(machine_line) at the end"
  echo "command: SETTLE=${SETTLE:-15} WARMUP=$WARMUP${BEFORE:+ BEFORE=$BEFORE}${CHATTY_KIB:+ CHATTY_KIB=$CHATTY_KIB}${OPENCLAW_BENCH_JAR:+ OPENCLAW_BENCH_JAR=$OPENCLAW_BENCH_JAR} bench/cli-rollback.sh $ROUNDS (the first $WARMUP round(s) not counted)"
  for build in "${BUILDS[@]}"; do
    echo "[$build] rollback --wait through bin/openclaw-agent --home (ms): $(summary ${WAIT_MS[$build]:-})"
    echo "[$build] its CPU time, user + system (ms): $(summary ${CPU_MS[$build]:-})"
    echo "[$build] status through bin/openclaw-agent --home (ms): $(summary ${STATUS_MS[$build]:-})"
  done
  echo "the rollbacks on the agent (ms): $(summary "${AGENT_MS[@]}")"
  echo "java $CLI_OPTS -version (ms): $(summary "${FLOOR_MS[@]}")"
} | tee "$OUT"
