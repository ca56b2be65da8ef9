#!/usr/bin/env bash
# Benchmark, not a test: per-call latency of the protocol's AgentClient (GET /v1/status, sequential, one client)
# against a real agent on loopback. With BEFORE_JAR set to another protocol jar, that jar's AgentClient is measured
# too, against the same agent, for a before/after comparison. Writes a summary to bench/results/<timestamp>-client.txt.
#
#   bench/client-latency.sh [CALLS]
#   BEFORE_JAR=/path/to/openclaw-protocol-OLD.jar bench/client-latency.sh 500
set -euo pipefail
cd "$(dirname "$0")/.."
CALLS=${1:-500}
JAR=host-agent/target/openclaw-agent.jar
[ -f "$JAR" ] || mvn -B -q package -DskipTests -pl host-agent -am

HOME_DIR=$(mktemp -d /tmp/openclaw-bench-client-XXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
API=$(free_port); ROUTER=$(free_port)
# Under set -e a failing kill or wait (the agent exits 143 on SIGTERM) would end the trap before the rm.
cleanup() {
  if [ -n "${AGENT_PID:-}" ]; then kill "$AGENT_PID" 2>/dev/null || true; wait "$AGENT_PID" 2>/dev/null || true; fi
  rm -rf "$HOME_DIR"
}
trap cleanup EXIT

java -jar "$JAR" init --home "$HOME_DIR" --router-port "$ROUTER" --api-port "$API" >/dev/null
# Ephemeral router (and so OFREP) ports: nothing but the API is used here.
sed -i "s/router_port: $ROUTER/router_port: 0/" "$HOME_DIR/conf/agent.yaml"
java -jar "$JAR" serve --home "$HOME_DIR" --stop-all-on-exit >"$HOME_DIR/serve.out" 2>&1 &
AGENT_PID=$!
for _ in $(seq 1 100); do grep -q "openclaw-agent ready" "$HOME_DIR/serve.out" && break; sleep 0.2; done

measure() { # CLASSPATH
  java -cp "$1" bench/client/ClientLatency.java "https://127.0.0.1:$API" "$HOME_DIR/conf/api-token" \
    "$HOME_DIR/conf/tls/agent.crt" "$CALLS"
}
mkdir -p bench/results
OUT=bench/results/$(date -u +%Y%m%dT%H%M%SZ)-client.txt
{
  echo "client latency: $CALLS sequential GET /v1/status after 200 warm-up calls, one AgentClient; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  [ -n "${BEFORE_JAR:-}" ] && echo "before: $(measure "$BEFORE_JAR:$JAR")"
  echo "after:  $(measure "$JAR")"
} | tee "$OUT"
