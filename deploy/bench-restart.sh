#!/usr/bin/env bash
# How long a restarted service takes to answer /health/live and /health/ready while a backlog waits in its queue:
# Compliance is stopped, N sends are queued for it through the ingress, then it starts and is timed. Prints one line
# per run. Runs on its own vhost, Redis database and PostgreSQL database, beside anything else on the machine.
# Usage: deploy/bench-restart.sh [sends per run, 2000] [runs, 3]
set -euo pipefail
SMS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SMS_ROOT
source "$SMS_ROOT/deploy/scripts/servers.sh"
source "$SMS_ROOT/deploy/scripts/platform.sh"
load_env_file "$SMS_ROOT/deploy/local.env"
SENDS=${1:-2000}
RUNS=${2:-3}
VHOST=sms-bench-restart
INGRESS_PORT=10100
COMPLIANCE_PORT=10300
LOGS="$SMS_ROOT/.artifacts/bench-restart"
mkdir -p "$LOGS"

ensure_servers
reset_vhost "$VHOST"
as_postgres dropdb --if-exists --force sms_bench_restart
as_postgres createdb -O sms sms_bench_restart
export ConnectionStrings__Postgres="Host=127.0.0.1;Port=5432;Username=sms;Password=sms;Database=sms_bench_restart;SSL Mode=Disable"
export ConnectionStrings__Redis="127.0.0.1:6379,defaultDatabase=9"
export RabbitMq__VirtualHost=$VHOST MASSTRANSIT_USAGE_TELEMETRY=false
redis-cli -n 9 flushdb >/dev/null
[ -f "$(service_dll Sms.Compliance)" ] || build_solution
for name in Sms.Ingress Sms.Compliance; do (run_service "$name" --Messaging:DeployTopologyOnly=true) >"$LOGS/$name.topology.log" 2>&1; done

(Urls="http://127.0.0.1:$INGRESS_PORT" run_service Sms.Ingress) >"$LOGS/ingress.log" 2>&1 &
ingress=$!
trap 'kill -TERM $ingress ${compliance:-} 2>/dev/null || true' EXIT
wait_ready "$INGRESS_PORT" 90 Sms.Ingress "$ingress"

millis() { date +%s%3N; }
for run in $(seq "$RUNS"); do
  seq -f '%04g' "$SENDS" | xargs -P 8 -I{} curl -fs -o /dev/null -X POST "http://127.0.0.1:$INGRESS_PORT/v1/messages" \
    -H "X-Api-Key: $Api__Keys__0" -H 'Content-Type: application/json' \
    -d "{\"to\":\"+4477009$(printf '%02d' "$run"){}\",\"text\":\"Backlog message {}\",\"category\":\"transactional\"}" || true
  queued=$(rabbitmqctl_any -q list_queues -p "$VHOST" name messages | awk '$1=="compliance-send-sms"{print $2}')
  started=$(millis); live=""; ready=""
  echo "launched at $(date +%T.%3N)" >"$LOGS/compliance.$run.log"
  (Urls="http://127.0.0.1:$COMPLIANCE_PORT" run_service Sms.Compliance) >>"$LOGS/compliance.$run.log" 2>&1 &
  compliance=$!
  while [ -z "$ready" ] && [ $(( $(millis) - started )) -lt 120000 ]; do
    [ -z "$live" ] && curl -fs -o /dev/null "http://127.0.0.1:$COMPLIANCE_PORT/health/live" && live=$(( $(millis) - started ))
    [ -z "$ready" ] && curl -fs -o /dev/null "http://127.0.0.1:$COMPLIANCE_PORT/health/ready" && ready=$(( $(millis) - started ))
    sleep 0.05
  done
  # Let the backlog drain before the next run.
  while [ "$(rabbitmqctl_any -q list_queues -p "$VHOST" name messages | awk '$1=="compliance-send-sms"{print $2}')" != 0 ]; do sleep 1; done
  drained=$(( $(millis) - started ))
  live=${live:-$ready}
  kill -TERM "$compliance"; wait "$compliance" 2>/dev/null || true
  printf 'run %d: %s sends queued; Compliance answered /health/live after %s ms, /health/ready after %s ms; backlog drained after %s ms\n' \
    "$run" "$queued" "${live:-never}" "${ready:-never}" "$drained"
done
