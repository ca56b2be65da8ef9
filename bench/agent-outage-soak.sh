#!/usr/bin/env bash
# Soak, not a test: traffic through the router must not notice the agent dying. Under constant load (wrk through the
# router), the agent is killed with SIGKILL at random moments, some of them in the middle of a blue-green deployment,
# then restarted as a service manager would; then it is stopped gracefully (SIGTERM) and restarted. Counts failed
# requests (wrk's non-2xx and socket errors), measures how long each restarted agent takes to be back in control
# (start of the JVM to its "ready" line, i.e. loops and router adopted, API serving), and checks that the release is
# consistent afterwards. Writes bench/results/<timestamp>-outage.txt. Loopback only.
#
#   bench/agent-outage-soak.sh [KILLS] [GRACEFUL_STOPS]     (KEEP_HOME=1 keeps the agent home, logs and all)
set -euo pipefail
cd "$(dirname "$0")/.."
KILLS=${1:-20}
STOPS=${2:-5}
. bench/lib/agent.sh
need wrk wrk
need jq jq
ensure_build

HOME_DIR=$(mktemp -d /tmp/openclaw-soak-XXXX)
BASE=$(free_port_block 102)
cleanup() {
  [ -n "${WRK_PID:-}" ] && kill "$WRK_PID" 2>/dev/null || true
  # A full stop: this soak leaves no router or loop behind.
  [ -n "${AGENT_PID:-}" ] && kill "$AGENT_PID" 2>/dev/null || true
  touch "$HOME_DIR/state/stop-everything"
  java -jar "$JAR" serve --home "$HOME_DIR" --stop-all-on-exit >/dev/null 2>&1 & local last=$!
  for _ in $(seq 1 150); do agent status --home "$HOME_DIR" >/dev/null 2>&1 && break; sleep 0.2; done
  kill "$last" 2>/dev/null || true; wait "$last" 2>/dev/null || true
  if [ -n "${KEEP_HOME:-}" ]; then echo "home kept for a look: $HOME_DIR"; else rm -rf "$HOME_DIR"; fi
}
trap cleanup EXIT

agent_init "$HOME_DIR" "$BASE"

BACK_MS=()
SPLITS=()
start_agent() { # starts serve, waits for its ready line, records how long that took and the agent's own split
  local t0 t1
  t0=$(date +%s%N)
  agent_serve "$HOME_DIR" "$HOME_DIR/serve-$1.out"
  t1=$(date +%s%N)
  BACK_MS+=($(( (t1 - t0) / 1000000 )))
  SPLITS+=("$1: $(( (t1 - t0) / 1000000 )) ms; $(grep -o 'Back in control in .*' "$HOME_DIR/logs/agent.log" | tail -1)")
}

agent_archive "$HOME_DIR" # the restarts load their classes as an installed agent's do
start_agent 0
agent deploy --home "$HOME_DIR" --artifact "$ZIP" --version 1.0.0 --wait >/dev/null
await_archive
LOOP=core_orchestrator
echo "load: wrk -t1 -c8 through the router to $LOOP; $KILLS SIGKILLs, then $STOPS graceful stops of the agent"
wrk -t1 -c8 -d3600s "http://127.0.0.1:$ROUTER/loops/$LOOP/work" >"$HOME_DIR/wrk.out" 2>&1 &
WRK_PID=$!
sleep 2

MID_DEPLOY=0
for i in $(seq 1 "$KILLS"); do
  if (( i % 4 == 0 )); then
    # In the middle of a blue-green deployment of all 15 loops: the next agent must restore the serving release.
    agent deploy --home "$HOME_DIR" --artifact "$ZIP" --version "2.0.$i" --strategy blue-green --wait >/dev/null 2>&1 &
    DEPLOY_PID=$!
    sleep "$(python3 -c 'import random; print(round(random.uniform(1.0, 4.0), 2))')"
    MID_DEPLOY=$((MID_DEPLOY + 1))
  else
    sleep "$(python3 -c 'import random; print(round(random.uniform(0.3, 2.0), 2))')"
  fi
  kill -9 "$AGENT_PID"; wait "$AGENT_PID" 2>/dev/null || true
  [ -n "${DEPLOY_PID:-}" ] && { wait "$DEPLOY_PID" 2>/dev/null || true; DEPLOY_PID=; }
  sleep 0.5 # the service manager's restart delay
  start_agent "k$i"
  printf '.'
done
for i in $(seq 1 "$STOPS"); do
  sleep 1
  kill "$AGENT_PID"; wait "$AGENT_PID" 2>/dev/null || true
  start_agent "s$i"
  printf 's'
done
echo
sleep 2
kill -INT "$WRK_PID"; wait "$WRK_PID" 2>/dev/null || true; WRK_PID=
STATUS=$(agent status --home "$HOME_DIR" --json)
RELEASE=$(echo "$STATUS" | jq -r .release)
UNROUTED=$(echo "$STATUS" | jq '[.loops[] | select([.instances[] | select(.weight > 0 and .healthy)] | length == 0)] | length')
IN_PROGRESS=$(agent deployments --home "$HOME_DIR" --json | jq '[.deployments[] | select(.state | IN("SUCCEEDED","FAILED","ROLLED_BACK") | not)] | length')
REQUESTS=$(grep -Eo '[0-9]+ requests in' "$HOME_DIR/wrk.out" | grep -Eo '^[0-9]+')
NON2XX=$(grep -Eo 'Non-2xx or 3xx responses: [0-9]+' "$HOME_DIR/wrk.out" | grep -Eo '[0-9]+$' || echo 0)
SOCKET=$(grep -E 'Socket errors' "$HOME_DIR/wrk.out" || echo "Socket errors: none")
sorted=$(printf '%s\n' "${BACK_MS[@]:1}" | sort -n)
MEDIAN=$(echo "$sorted" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
MAX=$(echo "$sorted" | tail -1)
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)

mkdir -p bench/results
OUT=bench/results/$(date -u +%Y%m%dT%H%M%SZ)-outage.txt
{
  echo "machine: load average $LOAD (1, 5, 15 min) at the end, $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, $(uname -sr), $(java -version 2>&1 | sed -n 1p)"
  echo "command: AGENT_NICE=$AGENT_NICE bench/agent-outage-soak.sh $KILLS $STOPS"
  echo
  echo "agent SIGKILLs: $KILLS ($MID_DEPLOY in the middle of a blue-green deployment); graceful stops: $STOPS"
  echo "requests through the router: $REQUESTS; non-2xx: $NON2XX; $SOCKET"
  echo "agent back in control after a restart (JVM start to ready: router and loops adopted, API up): median $MEDIAN ms, max $MAX ms"
  echo "afterwards: release $RELEASE, loops without a routed healthy instance: $UNROUTED, deployments not finished: $IN_PROGRESS"
  echo
  echo "each start (k: after a SIGKILL, s: after a graceful stop), with the agent's own split:"
  printf '  %s\n' "${SPLITS[@]}"
} | tee "$OUT"
echo "written to $OUT"
