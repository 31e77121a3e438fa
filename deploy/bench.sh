#!/usr/bin/env bash
# The benchmark: starts the platform (six services, the carrier simulator) and the floor host on their own ports,
# RabbitMQ virtual host, Redis database and PostgreSQL database, so a developer's running platform is never touched;
# lifts the send rate limits; runs tests/Sms.Benchmark against it; stops everything and prints where the JSON report is.
#
#   deploy/bench.sh                # the full run: 100, 250, 500, 1000 conversations/s for 60 s each, outbound 500-2000/s,
#                                  # a campaign to 100,000
#   deploy/bench.sh --quick        # a smoke run of a few minutes (a campaign to 2,000)
#   deploy/bench.sh --help         # every flag (rates, step length, customers, warm-up, output, ...)
#
# Overridable: SMS_BENCH_PORT_BASE (8000: Ingress 8100 … Conversations 8500, Campaigns 8600, floor 8700, simulator 8900;
# the end-to-end tests use 6000),
# SMS_BENCH_VHOST (sms-bench), SMS_BENCH_REDIS_DB (9), SMS_BENCH_DATABASE (sms_bench), SMS_BENCH_LOG_LEVEL (Information),
# SMS_BENCH_NO_BUILD=1 (run what is built).
set -euo pipefail
SMS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SMS_ROOT
source "$SMS_ROOT/deploy/scripts/servers.sh"
source "$SMS_ROOT/deploy/scripts/platform.sh"
load_env_file "$SMS_ROOT/deploy/local.env"

BENCH="$SMS_ROOT/tests/Sms.Benchmark/bin/$SMS_CONFIGURATION/net10.0/Sms.Benchmark.dll"
for arg in "$@"; do
  case "$arg" in -h | --help) dotnet "$BENCH" --help 2>/dev/null || echo "Build first: dotnet build tests/Sms.Benchmark -c Release"; exit 0 ;; esac
done

PORT_BASE=${SMS_BENCH_PORT_BASE:-8000}
VHOST=${SMS_BENCH_VHOST:-sms-bench}
REDIS_DB=${SMS_BENCH_REDIS_DB:-9}
DATABASE=${SMS_BENCH_DATABASE:-sms_bench}
bench_port() { echo $((PORT_BASE + $1 - 5000)); } # the service's usual port moved into the benchmark's range
FLOOR_PORT=$((PORT_BASE + 700))
INGRESS="http://127.0.0.1:$(bench_port 5100)"
CARRIER="http://127.0.0.1:$(bench_port 5900)"

# The benchmark's own servers' namespaces and addresses; everything else as deploy/local.env says.
export ConnectionStrings__Postgres="Host=127.0.0.1;Port=5432;Username=sms;Password=sms;Database=$DATABASE;SSL Mode=Disable"
export ConnectionStrings__Redis="127.0.0.1:6379,defaultDatabase=$REDIS_DB"
export RabbitMq__VirtualHost="$VHOST"
export Vonage__RestBaseUrl="$CARRIER"
export Vonage__DeliveryReceiptUrl="$INGRESS/webhooks/vonage/delivery-receipt"
export Simulator__InboundWebhookUrl="$INGRESS/webhooks/vonage/inbound"
export Simulator__DeliveryReceiptUrl="$INGRESS/webhooks/vonage/delivery-receipt"
export Campaigns__TrackedLinkBase="$INGRESS/l/"
# Rate limits lifted: the benchmark measures the platform, not Vonage's default of 30 sends a second.
export Outbound__RateLimits__PerAccountPerSecond=10000
export Outbound__RateLimits__DefaultPerNumberPerSecond=10000
export Logging__LogLevel__Default="${SMS_BENCH_LOG_LEVEL:-Information}"

STAMP=$(date +%Y%m%d-%H%M%S)
OUT_DIR="$SMS_ROOT/.artifacts/bench"
LOGS="$OUT_DIR/logs-$STAMP"
REPORT="$OUT_DIR/$STAMP.json"
mkdir -p "$LOGS"
PIDS=()
NAMES=()

stop_all() {
  trap - INT TERM EXIT
  if [ ${#PIDS[@]} -gt 0 ]; then
    step "stopping the benchmark platform"
    kill -TERM "${PIDS[@]}" 2>/dev/null || true
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  fi
}
trap stop_all INT TERM EXIT

ensure_servers
step "resetting vhost $VHOST, Redis database $REDIS_DB and database $DATABASE"
reset_vhost "$VHOST"
redis-cli -h 127.0.0.1 -p 6379 -n "$REDIS_DB" flushdb >/dev/null
if is_root || sudo -n true 2>/dev/null; then
  as_postgres dropdb --if-exists --force "$DATABASE"
  as_postgres createdb -O sms "$DATABASE"
else
  PGPASSWORD=sms psql -h 127.0.0.1 -U sms -d "$DATABASE" -c 'select 1' >/dev/null 2>&1 \
    || die "The database $DATABASE does not exist and creating it needs root: run once as root, or create it (owner sms)."
fi
if [ "${SMS_BENCH_NO_BUILD:-}" = 1 ]; then step "not building (SMS_BENCH_NO_BUILD=1)"; else build_solution; fi
deploy_topology

step "starting the platform on ports $(bench_port 5100)-$(bench_port 5900) and the floor on $FLOOR_PORT (logs in $LOGS)"
for entry in "$SMS_SIMULATOR" "${SMS_SERVICES[@]}"; do
  name=${entry%%:*}
  (Urls="http://127.0.0.1:$(bench_port "${entry##*:}")" run_service "$name") >"$LOGS/$name.log" 2>&1 &
  PIDS+=($!)
  NAMES+=("$name")
done
(cd "$(dirname "$BENCH")" && Urls="http://127.0.0.1:$FLOOR_PORT" exec dotnet "$BENCH" floor-host) >"$LOGS/Floor.log" 2>&1 &
PIDS+=($!)
NAMES+=(Floor)
for i in "${!NAMES[@]}"; do
  name=${NAMES[$i]}
  case "$name" in Floor) port=$FLOOR_PORT ;; *) port=$(bench_port "$(printf '%s\n' "$SMS_SIMULATOR" "${SMS_SERVICES[@]}" | sed -n "s/^$name://p")") ;; esac
  wait_ready "$port" 90 "$name" "${PIDS[$i]}" || { tail -n 40 "$LOGS/$name.log" >&2; exit 1; }
done

processes=()
for i in "${!NAMES[@]}"; do processes+=(--process "${NAMES[$i]}=${PIDS[$i]}"); done
# The queues the campaign step samples every second (by AMQP, no management plugin): listed once, after the topology.
queues=()
if ! docker_compose_mode; then
  list=$(rabbitmqctl_any -q list_queues -p "$VHOST" name 2>/dev/null | awk 'NR > 1 { print $1 }' | paste -sd, -)
  [ -n "$list" ] && queues=(--queues "$list")
fi
label="$(git -C "$SMS_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$SMS_ROOT" diff --quiet 2>/dev/null || echo +changes)"

step "benchmark running"
status=0
dotnet "$BENCH" run \
  --ingress "$INGRESS" --router "http://127.0.0.1:$(bench_port 5200)" --carrier "$CARRIER" \
  --floor "http://127.0.0.1:$FLOOR_PORT" --campaigns "http://127.0.0.1:$(bench_port 5600)" "${queues[@]}" \
  --rabbitmq "amqp://${RabbitMq__Username:-guest}:${RabbitMq__Password:-guest}@${RabbitMq__Host:-127.0.0.1}:${RabbitMq__Port:-5672}/$VHOST" \
  "${processes[@]}" --label "$label" --output "$REPORT" "$@" || status=$?

# Work the platform had not finished when the run ended, queue by queue: the carrier-side figures above do not see a
# service that falls behind off the reply path (the thread store during a burst, for instance).
if ! docker_compose_mode; then
  backlog=$(rabbitmqctl_any -q list_queues -p "$VHOST" name messages 2>/dev/null | awk 'NR > 1 && $2 > 0 { printf "%s %s, ", $1, $2 }')
  if [ -n "$backlog" ]; then
    echo "PROBLEM: still queued when the run ended: ${backlog%, }"
    status=1
  fi
fi

stop_all
if [ -f "$REPORT" ]; then
  step "report: $REPORT (service logs: $LOGS)"
else
  step "no report written (exit $status); service logs: $LOGS"
fi
exit "$status"
