#!/usr/bin/env bash
# Starts the whole platform on this machine: RabbitMQ, Redis and PostgreSQL (installed from the OS packages when
# missing and run as root), the broker topology, the five services and the development carrier simulator.
# Ctrl+C stops everything this command started.
set -euo pipefail
SMS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SMS_ROOT
source "$SMS_ROOT/deploy/scripts/servers.sh"
source "$SMS_ROOT/deploy/scripts/platform.sh"
load_env_file "$SMS_ROOT/deploy/local.env"

LOGS="$SMS_ROOT/.artifacts/logs"
mkdir -p "$LOGS"
PIDS=()

stop_all() {
  trap - INT TERM EXIT
  [ ${#PIDS[@]} -eq 0 ] && exit 0
  step "stopping the platform"
  kill -TERM "${PIDS[@]}" 2>/dev/null || true
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  step "stopped (RabbitMQ, Redis and PostgreSQL keep running; deploy/scripts/servers.sh stop stops them)"
  exit 0
}
trap stop_all INT TERM EXIT

started=$SECONDS
ensure_servers
build_solution
deploy_topology

step "starting the services"
ENTRIES=("$SMS_SIMULATOR" "${SMS_SERVICES[@]}")
for entry in "${ENTRIES[@]}"; do
  supervise "${entry%%:*}" "${entry##*:}" >"$LOGS/${entry%%:*}.log" 2>&1 &
  PIDS+=($!)
done
for i in "${!ENTRIES[@]}"; do
  entry=${ENTRIES[$i]}
  wait_ready "${entry##*:}" 90 "${entry%%:*}" "${PIDS[$i]}" || { tail -n 40 "$LOGS/${entry%%:*}.log" >&2; exit 1; }
done

cat <<INFO

  Sms.Platform is running (ready in $((SECONDS - started))s)

  Agent inbox     http://127.0.0.1:5500/   sign in as $Inbox__BootstrapAdmin__Username / $Inbox__BootstrapAdmin__Password
  Ingress         http://127.0.0.1:5100   POST /v1/messages (header X-Api-Key: $Api__Keys__0)
                                          Vonage webhooks /webhooks/vonage/inbound and /delivery-receipt,
                                          Twilio webhooks /webhooks/twilio/inbound and /status (number +15550100001),
                                          campaigns' tracked links /l/{code}
  Router          http://127.0.0.1:5200   GET /v1/sessions/{number}
  Compliance      http://127.0.0.1:5300   GET /v1/consent/{number}
  Outbound        http://127.0.0.1:5400
  Conversations   http://127.0.0.1:5500   the inbox and its API (/openapi/v1.json), GET /v1/conversations
  Campaigns       http://127.0.0.1:5600   segments and campaigns (/openapi/v1.json), GET /v1/campaigns
                                          and their page in the inbox: http://127.0.0.1:5500/inbox/#campaigns (admins)
  Carrier (DEV)   http://127.0.0.1:5900   development carrier simulator: GET /simulator/messages
  Health          every service: /health/live and /health/ready (a service that exits is started again)
  RabbitMQ        127.0.0.1:5672   Redis 127.0.0.1:6379   PostgreSQL 127.0.0.1:5432 (database sms)
  Logs            $LOGS/

  See the loop work:  deploy/demo.sh        Stop: Ctrl+C

INFO

# Each service runs under its supervisor (deploy/scripts/platform.sh), which starts it again if it exits; its log says so.
wait "${PIDS[@]}" || true
