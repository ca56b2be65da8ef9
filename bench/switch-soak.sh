#!/usr/bin/env bash
# Soak, not a test: blue-green switches and rollbacks back to back under constant load must cost no request and
# serve no request from the wrong version. wrk keeps a load on one loop through the router while a checker sends
# requests of its own and notes which version answered each; the script deploys a new version of that loop
# (blue-green, --wait) and rolls it back (--wait), CYCLES times (two switches each). Every checker request sent after
# a command returned must be answered by the version that command left serving. Writes
# bench/results/<timestamp>-switch-soak.txt. Loopback only.
#
#   bench/switch-soak.sh [CYCLES]
set -euo pipefail
cd "$(dirname "$0")/.."
CYCLES=${1:-50}
. bench/lib/agent.sh
need wrk wrk
need jq jq
ensure_build

HOME_DIR=$(mktemp -d /tmp/openclaw-switch-XXXX)
BASE=$(free_port_block 102)
cleanup() {
  [ -n "${WRK_PID:-}" ] && kill "$WRK_PID" 2>/dev/null || true
  [ -n "${CHECKER_PID:-}" ] && kill "$CHECKER_PID" 2>/dev/null || true
  stop_pid "${AGENT_PID:-}"
  [ -n "${KEEP:-}" ] || rm -rf "$HOME_DIR"
}
trap cleanup EXIT

agent_init "$HOME_DIR" "$BASE"
lenient_verification "$HOME_DIR"
agent_serve "$HOME_DIR" "$HOME_DIR/serve.out" --stop-all-on-exit
agent deploy --home "$HOME_DIR" --artifact "$ZIP" --version 1.0.0 --wait >/dev/null
LOOP=core_orchestrator
URL="http://127.0.0.1:$ROUTER/loops/$LOOP/work"

wrk -t1 -c8 -d3600s "$URL" >"$HOME_DIR/wrk.out" 2>&1 &
WRK_PID=$!
# The checker: one keep-alive connection, each request's send time (ns), status and answering version.
python3 - "$ROUTER" "$LOOP" >"$HOME_DIR/answers.txt" <<'PY' &
import http.client, json, sys, time
port, loop = int(sys.argv[1]), sys.argv[2]
conn = None
while True:
    sent = time.time_ns()
    try:
        if conn is None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/loops/%s/work" % loop)
        r = conn.getresponse()
        body = r.read()
        version = json.loads(body).get("version", "?") if r.status == 200 else "-"
        print(sent, r.status, version, flush=True)
    except Exception as e:
        print(sent, "error", type(e).__name__, flush=True)
        conn = None
PY
CHECKER_PID=$!
sleep 1

: >"$HOME_DIR/switches.txt"
echo "load: wrk -t1 -c8 and a checker through the router to $LOOP; $CYCLES deploy+rollback cycles (blue-green)"
for i in $(seq 1 "$CYCLES"); do
  # Each command's start and return: between a return and the next start, only that version may answer.
  echo "$(date +%s%N) start" >>"$HOME_DIR/switches.txt"
  agent deploy --home "$HOME_DIR" --artifact "$ZIP" --version "2.0.$i" --loops "$LOOP" --strategy blue-green --wait \
    >/dev/null || { echo "deploy 2.0.$i did not succeed"; exit 1; }
  echo "$(date +%s%N) 2.0.$i" >>"$HOME_DIR/switches.txt"
  sleep 0.3 # a window in which the checker must see only this version
  echo "$(date +%s%N) start" >>"$HOME_DIR/switches.txt"
  agent rollback --home "$HOME_DIR" --wait >/dev/null || { echo "rollback after 2.0.$i did not succeed"; exit 1; }
  echo "$(date +%s%N) 1.0.0" >>"$HOME_DIR/switches.txt"
  sleep 0.3
  printf '.'
done
echo
sleep 1
kill "$CHECKER_PID"; wait "$CHECKER_PID" 2>/dev/null || true; CHECKER_PID=
kill -INT "$WRK_PID"; wait "$WRK_PID" 2>/dev/null || true; WRK_PID=

SUMMARY=$(python3 - "$HOME_DIR/switches.txt" "$HOME_DIR/answers.txt" <<'PY'
import sys
switches = [(int(t), v) for t, v in (l.split() for l in open(sys.argv[1]) if l.strip())]
answers = [l.split() for l in open(sys.argv[2]) if l.strip()]
failed = sum(1 for a in answers if a[1] != "200")
wrong = 0
checked = 0
for a in answers:
    if a[1] != "200":
        continue
    sent = int(a[0])
    # the last command that had returned when this request was sent says which version must answer, unless the
    # next command had started by then (its switch may come at any moment until it returns)
    expected = None
    for t, v in switches:
        if t <= sent:
            expected = None if v == "start" else v
        else:
            break
    if expected is None:
        continue
    checked += 1
    if a[2] != expected:
        wrong += 1
print(f"checker: {len(answers)} requests, {failed} failed, {checked} sent between a command's return and the next one's start, {wrong} answered by the wrong version")
PY
)
REQUESTS=$(grep -Eo '[0-9]+ requests in' "$HOME_DIR/wrk.out" | grep -Eo '^[0-9]+')
NON2XX=$(grep -Eo 'Non-2xx or 3xx responses: [0-9]+' "$HOME_DIR/wrk.out" | grep -Eo '[0-9]+$' || echo 0)
SOCKET=$(grep -E 'Socket errors' "$HOME_DIR/wrk.out" || echo "Socket errors: none")

mkdir -p bench/results
OUT=bench/results/$(date -u +%Y%m%dT%H%M%SZ)-switch-soak.txt
{
  echo "machine: $(machine_line)"
  echo "command: bench/switch-soak.sh $CYCLES"
  echo
  echo "switches: $((CYCLES * 2)) ($CYCLES blue-green deployments of $LOOP, each rolled back)"
  echo "wrk through the router: $REQUESTS requests; non-2xx: $NON2XX; $SOCKET"
  echo "$SUMMARY"
} | tee "$OUT"
