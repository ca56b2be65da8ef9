#!/usr/bin/env bash
# Benchmark, not a test: throughput and latency through the router versus straight to a loop, measured side by side
# in one run, plus the times reported by the agent: the blue-green switch and rollback, and, for a faulty canary and
# a faulty flag-driven release under traffic, the time from the failed check to no canary traffic / the release flag
# off. Writes a summary (with the machine's load) to bench/results/<timestamp>.txt. Loopback only.
#
#   bench/router-and-switch.sh [DURATION_SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-15}
CONNECTIONS=${2:-32}
. bench/lib/agent.sh
need wrk wrk
need jq jq
ensure_build

HOME_DIR=$(mktemp -d /tmp/openclaw-bench-XXXX)
BASE=$(free_port_block 102)
# With --stop-all-on-exit the agent stops its router and loops on SIGTERM.
cleanup() { stop_pid "${AGENT_PID:-}"; rm -rf "$HOME_DIR"; }
trap cleanup EXIT

agent_init "$HOME_DIR" "$BASE"
agent_serve "$HOME_DIR" "$HOME_DIR/serve.out" --stop-all-on-exit

agent deploy --home "$HOME_DIR" --artifact "$ZIP" --version 1.0.0 --wait >/dev/null
LOOP=core_orchestrator
LOOP_PORT=$(agent status --home "$HOME_DIR" --json | jq -r ".loops[] | select(.name==\"$LOOP\") | .instances[0].port")

run_wrk() { wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$1"; }
echo "wrk: $DURATION s, $CONNECTIONS connections, 2 threads, GET of a loop's JSON answer"
DIRECT=$(run_wrk "http://127.0.0.1:$LOOP_PORT/work")
ROUTED=$(run_wrk "http://127.0.0.1:$ROUTER/loops/$LOOP/work")

switch_ms() { # the agent's own measure of the routing change of a deployment
  agent events --home "$HOME_DIR" "$1" --json | jq -r 'select(.type=="traffic-switched") | .data.switchMicros / 1000'
}
DEPLOY_ID=$(agent deploy --home "$HOME_DIR" --artifact "$ZIP" --version 2.0.0 --strategy blue-green --wait --json | jq -r 'select(.id != null) | .id' | tail -1)
T0=$(date +%s%N)
ROLLBACK_ID=$(agent rollback --home "$HOME_DIR" --wait --json | jq -r 'select(.id != null) | .id' | tail -1)
T1=$(date +%s%N)
ROLLBACK_MS=$(agent deployments --home "$HOME_DIR" --json | jq -r ".deployments[] | select(.id==\"$ROLLBACK_ID\") | .durationMillis")

faulty_release() { # faulty_release LOOP ERROR_RATE OUT: the sample release with that loop answering errors
  python3 - "$ZIP" "$3" "$1" "$2" <<'PY'
import sys, zipfile
src, dst, loop, rate = sys.argv[1:5]
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename == "openclaw.yaml":
            text = data.decode()
            marker = "  - name: " + loop + "\n"
            at = text.index(marker) + len(marker)
            data = (text[:at] + '    env: {SAMPLE_ERROR_RATE: "' + rate + '"}\n' + text[at:]).encode()
        zout.writestr(item, data)
PY
}
cat > "$HOME_DIR/quick-canary.yaml" <<'YAML'
canary: {phases: [{percentage: 50, duration_seconds: 60}, {percentage: 100}], check_interval_seconds: 1, min_requests: 20}
YAML
deploy_faulty() { # deploy_faulty LOOP VERSION STRATEGY ZIP: deploys under traffic, prints the deployment id
  agent deploy --home "$HOME_DIR" --artifact "$4" --version "$2" --loops "$1" --strategy "$3" \
    --options "$HOME_DIR/quick-canary.yaml" --wait --json | jq -r 'select(.id != null) | .id' | tail -1 || true
}
first_figure_ms() { # first_figure_ms DEPLOYMENT KEY: the first event figure KEY (microseconds) in ms
  agent events --home "$HOME_DIR" "$1" --json | jq -r "select(.data.$2 != null) | .data.$2 / 1000" | sed -n 1p
}
outcome() { agent deployments --home "$HOME_DIR" --json | jq -r ".deployments[] | select(.id==\"$1\") | .state + \": \" + .reason"; }

# Canary rollback: browser_agent 3.0.0 answers 30 % errors; the analysis must catch it and take the canary's traffic
# away. The agent records the time from the failed check to the routing change without canary (canaryOffMicros).
faulty_release browser_agent 0.3 "$HOME_DIR/bad-canary.zip"
wrk -t1 -c4 -d60s "http://127.0.0.1:$ROUTER/loops/browser_agent/work" >/dev/null &
WRK_PID=$!
CANARY_ID=$(deploy_faulty browser_agent 3.0.0 canary "$HOME_DIR/bad-canary.zip")
kill "$WRK_PID" 2>/dev/null || true
CANARY_OFF_MS=$(first_figure_ms "$CANARY_ID" canaryOffMicros)
CANARY_STATE=$(outcome "$CANARY_ID")

# Flag rollback: identity_manager 3.1.0, released by its flag release.identity_manager, answers 30 % errors. The
# flag picks the version per targeting key, so the traffic carries many users (X-OpenClaw-User); a request without
# a key would stay on the old version. The agent records the time from the failed check to the flag being off
# (flagOffMicros): from then on every request is routed to the old version.
cat > "$HOME_DIR/keyed-users.lua" <<'LUA'
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, {["X-OpenClaw-User"] = "user-" .. (n % 1000)})
end
LUA
faulty_release identity_manager 0.3 "$HOME_DIR/bad-flag.zip"
wrk -t1 -c4 -d60s -s "$HOME_DIR/keyed-users.lua" "http://127.0.0.1:$ROUTER/loops/identity_manager/work" >/dev/null &
WRK_PID=$!
FLAG_ID=$(deploy_faulty identity_manager 3.1.0 feature-flag "$HOME_DIR/bad-flag.zip")
kill "$WRK_PID" 2>/dev/null || true
FLAG_OFF_MS=$(first_figure_ms "$FLAG_ID" flagOffMicros)
FLAG_STATE=$(outcome "$FLAG_ID")
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)

mkdir -p bench/results
OUT=bench/results/$(date -u +%Y%m%dT%H%M%SZ).txt
{
  echo "machine: load average $LOAD (1, 5, 15 min) at the end of the rollbacks, $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, $(uname -sr), $(java -version 2>&1 | sed -n 1p)"
  echo "command: bench/router-and-switch.sh $DURATION $CONNECTIONS"
  echo
  echo "== straight to the loop (127.0.0.1:$LOOP_PORT)"; echo "$DIRECT" | grep -E "Requests/sec|Latency |50%|99%|Non-2xx|errors"
  echo "== through the router (/loops/$LOOP/)";          echo "$ROUTED" | grep -E "Requests/sec|Latency |50%|99%|Non-2xx|errors"
  echo
  echo "blue-green switch (routing change, 15 loops): $(switch_ms "$DEPLOY_ID") ms"
  echo "canary with 30 % errors: $CANARY_STATE"
  echo "failed check -> no canary traffic: ${CANARY_OFF_MS:-?} ms"
  echo "flag-driven release with 30 % errors: $FLAG_STATE"
  echo "failed check -> release flag off: ${FLAG_OFF_MS:-?} ms"
  echo "rollback within the window: routing change $(switch_ms "$ROLLBACK_ID") ms, ${ROLLBACK_MS} ms on the agent, $(( (T1 - T0) / 1000000 )) ms for the CLI command (JVM start, TLS, follow)"
} | tee "$OUT"
