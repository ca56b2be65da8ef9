# Shared setup of the bench scripts (sourced, not run): tools, free loopback ports, an agent in a temporary home.
# The caller has done `cd` to the repository root and set -euo pipefail.
JAR=${OPENCLAW_BENCH_JAR:-host-agent/target/openclaw-agent.jar} # another build, e.g. to compare before/after
ZIP=examples/sample-app/target/openclaw-sample-app.zip

need() { # need COMMAND DEBIAN_PACKAGE: installs the package when the command is missing
  command -v "$1" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }
}

ensure_build() { [ -f "$JAR" ] && [ -f "$ZIP" ] || mvn -B -q -pl host-agent,examples/sample-app -am package -DskipTests; }

free_port_block() { # free_port_block N: first port of N consecutive free loopback ports
  python3 - "$1" <<'PY'
import socket, sys, random
n = int(sys.argv[1])
for _ in range(500):
    base = random.randrange(10000, 32768 - n, 100)  # below the ephemeral ports (Linux 32768+)
    socks = []
    try:
        for p in range(base, base + n):
            s = socket.socket(); s.bind(("127.0.0.1", p)); socks.append(s)
        print(base); break
    except OSError:
        pass
    finally:
        for s in socks: s.close()
PY
}

agent() { java -jar "$JAR" "$@"; }

# agent_init HOME_DIR BASE: an agent home whose ports all lie in BASE..BASE+101 (router BASE+100, API BASE+101), so
# that a bench never meets another agent's ports. Sets ROUTER and API.
agent_init() {
  ROUTER=$(($2 + 100)); API=$(($2 + 101))
  agent init --home "$1" --router-port "$ROUTER" --api-port "$API" >/dev/null
  sed -i "s/\[8000, 8014\]/[$2, $(($2 + 14))]/; s/\[8020, 8034\]/[$(($2 + 20)), $(($2 + 34))]/; s/\[8040, 8199\]/[$(($2 + 40)), $(($2 + 99))]/" \
    "$1/conf/agent.yaml"
}

# The agent JVM's options: by default those bin/openclaw-agent gives `serve` (an installed agent's), so that its
# memory is an installed agent's; AGENT_JVM_OPTIONS="" runs it unbounded.
AGENT_JVM_OPTIONS=${AGENT_JVM_OPTIONS-$(sed -n 's/^server_opts="\(.*\)"$/\1/p' host-agent/src/dist/bin/openclaw-agent)}

# The agent's nice value: by default the systemd unit's (Nice=-10; the agent launches its loops and router back at 0).
# AGENT_NICE=0 runs it at the priority of its children, as before issue 12's priority work; -5 was the unit's before.
AGENT_NICE=${AGENT_NICE--10}

# agent_serve HOME_DIR OUT [serve options...]: starts `serve` in the background, waits for its ready line, sets
# AGENT_PID (the JVM itself, so that the caller can signal it: nice replaces itself with java).
agent_serve() {
  local home=$1 out=$2; shift 2
  # shellcheck disable=SC2086
  nice -n "$AGENT_NICE" java $AGENT_JVM_OPTIONS -jar "$JAR" serve --home "$home" "$@" >"$out" 2>&1 &
  AGENT_PID=$!
  for _ in $(seq 1 600); do grep -q "openclaw-agent ready" "$out" && return 0; sleep 0.05; done
  echo "agent did not start:" >&2; cat "$out" >&2; return 1
}

# agent_archive HOME_DIR: as bin/openclaw-agent and the service start `serve`, with the class-data archive the agent
# writes for itself under HOME/cache; here 5 s after a start instead of an installed agent's 30 s, so that a bench need
# not wait. Call before the first agent_serve; await_archive after it.
agent_archive() {
  ARCHIVE="$1/cache/openclaw-agent.jsa"
  AGENT_JVM_OPTIONS="$AGENT_JVM_OPTIONS -XX:SharedArchiveFile=$ARCHIVE -Xlog:cds=off -Dopenclaw.cds.settle=PT5S"
}
await_archive() {
  for _ in $(seq 1 600); do [ -f "$ARCHIVE" ] && return 0; sleep 0.1; done
  echo "the agent wrote no class-data archive" >&2; return 1
}

# stop_pid PID: SIGTERM and wait. Under set -e a failing kill or wait (143 on SIGTERM) must not end a trap early.
stop_pid() { if [ -n "${1:-}" ]; then kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; fi; }

machine_line() { # the machine, for a results file
  echo "$(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, $(uname -sr), $(java -version 2>&1 | sed -n 1p), load average $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
}

# lenient_verification HOME_DIR: the host's CPU and memory only warn in the release verification, since a bench
# itself (and any build beside it) keeps the host busy; that is not what the bench measures.
lenient_verification() {
  grep -q '^  warn_only: \[\]$' "$1/conf/agent.yaml" || { echo "agent.yaml: no empty verification.warn_only" >&2; return 1; }
  sed -i 's/^  warn_only: \[\]$/  warn_only: [cpu, memory]/' "$1/conf/agent.yaml"
}
