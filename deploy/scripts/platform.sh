#!/usr/bin/env bash
# Shared by start.sh and test.sh: the service list, the build, and the topology deployment.
set -euo pipefail

SMS_ROOT="${SMS_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
SMS_CONFIGURATION="${SMS_CONFIGURATION:-Release}"

# name:port, in start order. The simulator is a development carrier, never part of a real deployment.
SMS_SERVICES=(Sms.Ingress:5100 Sms.Router:5200 Sms.Compliance:5300 Sms.Outbound:5400 Sms.Conversations:5500 Sms.Campaigns:5600)
SMS_SIMULATOR=Sms.CarrierSimulator:5900

step() { printf '\033[1m[%s]\033[0m %s\n' "$(date +%H:%M:%S)" "$*"; }

service_dll() { echo "$SMS_ROOT/services/$1/bin/$SMS_CONFIGURATION/net10.0/$1.dll"; }

# run_service <name> [arguments…]: runs a built service from its output folder, where its appsettings.json is.
run_service() {
  local name=$1 dll; shift
  dll=$(service_dll "$name")
  cd "$(dirname "$dll")" && exec dotnet "$dll" "$@"
}

# supervise <name> <port>: runs the service on 127.0.0.1:<port> and starts it again, 2 s later, whenever it exits, as
# compose's restart policy and Kubernetes do. A service whose bus makes no progress exits on purpose (code 75) to be
# started again on a new broker connection (README, "A bus that makes no progress"). TERM or INT stops the service
# and the supervisor.
supervise() {
  local name=$1 port=$2 child=0 code stopping=0
  trap 'stopping=1; [ "$child" -gt 0 ] && kill -TERM "$child" 2>/dev/null' TERM INT
  while [ "$stopping" -eq 0 ]; do
    (Urls="http://127.0.0.1:$port" run_service "$name") &
    child=$!
    wait "$child" && code=0 || code=$?
    if [ "$stopping" -eq 1 ]; then wait "$child" 2>/dev/null || true; break; fi
    step "$name exited with code $code: the supervisor starts it again in 2s"
    sleep 2
  done
}

build_solution() {
  local started=$SECONDS
  step "building the solution ($SMS_CONFIGURATION)"
  dotnet build "$SMS_ROOT/Sms.Platform.slnx" -c "$SMS_CONFIGURATION" -nologo -clp:NoSummary -v:quiet
  step "built in $((SECONDS - started))s"
}

# Stoplight Prism for Outbound's contract tests against Vonage's spec, pinned by
# tests/Sms.Outbound.Tests/Contract/package-lock.json and installed beside it (node_modules/, gitignored).
# Runs npm ci only when the lock file changed since the last install.
install_contract_tools() {
  local dir="$SMS_ROOT/tests/Sms.Outbound.Tests/Contract"
  if ! command -v npm >/dev/null; then
    is_root || die "npm is missing: install Node.js and npm (apt-get install nodejs npm); the contract tests need them."
    step "installing Node.js and npm"
    apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  fi
  cmp -s "$dir/package-lock.json" "$dir/node_modules/.installed-package-lock.json" && return 0
  step "installing Stoplight Prism for the contract tests (npm ci)"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$dir/package-lock.json" "$dir/node_modules/.installed-package-lock.json"
}

# Each service declares its queues, exchanges and bindings, then exits: messages published before a consumer
# has started wait in its queue instead of being dropped by an exchange with nothing bound.
deploy_topology() {
  local started=$SECONDS pids=() entry name
  step "deploying the broker topology of every service"
  mkdir -p "$SMS_ROOT/.artifacts/logs"
  for entry in "${SMS_SERVICES[@]}"; do
    name=${entry%%:*}
    (run_service "$name" --Messaging:DeployTopologyOnly=true) \
      >"$SMS_ROOT/.artifacts/logs/$name.topology.log" 2>&1 &
    pids+=($!)
  done
  local failed=0 i=0
  for pid in "${pids[@]}"; do
    if ! wait "$pid"; then
      name=${SMS_SERVICES[$i]%%:*}
      echo "topology deployment of $name failed; its output:" >&2
      cat "$SMS_ROOT/.artifacts/logs/$name.topology.log" >&2
      failed=1
    fi
    i=$((i + 1))
  done
  [ "$failed" -eq 0 ] || return 1
  step "topology deployed in $((SECONDS - started))s"
}

# load_env_file <file>: exports every KEY=VALUE of the file whose KEY is not already set in the environment.
load_env_file() {
  local line key
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in '' | '#'*) continue ;; esac
    key=${line%%=*}
    if [ -z "${!key+x}" ]; then eval "export $line"; fi
  done <"$1"
}

# wait_ready <port> <seconds> <name> <pid>: until GET /health/ready answers 200; fails at once if the process exits.
wait_ready() {
  local port=$1 seconds=$2 name=$3 pid=$4
  for _ in $(seq $((seconds * 4))); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/health/ready" && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$name exited during start-up" >&2
      return 1
    fi
    sleep 0.25
  done
  echo "$name did not become ready on port $port within ${seconds}s" >&2
  return 1
}
