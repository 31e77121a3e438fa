#!/usr/bin/env bash
# Planning only (issue 17's speed goal: 1,000,000 recipients in under 60 s and 300 MB): seeds N contacts with one label
# into the campaigns schema (once; a run again reuses them), starts Campaigns, creates a campaign for that label due
# 10:00 local in a year (so nothing is sent), and times its launch, which returns once every recipient is planned.
# Prints the time, the service's own log line, and the service's peak memory; then cancels the campaign.
# Runs on its own vhost and PostgreSQL database (SMS_BENCH_PLANNING_DB, SMS_BENCH_PLANNING_VHOST), beside anything else.
# Usage: deploy/bench-planning.sh [recipients, 1000000]
set -euo pipefail
SMS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SMS_ROOT
source "$SMS_ROOT/deploy/scripts/servers.sh"
source "$SMS_ROOT/deploy/scripts/platform.sh"
load_env_file "$SMS_ROOT/deploy/local.env"
RECIPIENTS=${1:-1000000}
DB=${SMS_BENCH_PLANNING_DB:-sms_bench_planning}
VHOST=${SMS_BENCH_PLANNING_VHOST:-sms-bench-planning}
PORT=10600
LOGS="$SMS_ROOT/.artifacts/bench-planning"
LABEL="bench-planning-$RECIPIENTS"
mkdir -p "$LOGS"

ensure_servers
ensure_vhost "$VHOST"
if ! PGPASSWORD=sms psql -h 127.0.0.1 -U sms -d "$DB" -qAtc 'SELECT 1' >/dev/null 2>&1; then
  as_postgres createdb -O sms "$DB"
fi
export ConnectionStrings__Postgres="Host=127.0.0.1;Port=5432;Username=sms;Password=sms;Database=$DB;SSL Mode=Disable"
export RabbitMq__VirtualHost=$VHOST MASSTRANSIT_USAGE_TELEMETRY=false
[ -f "$(service_dll Sms.Campaigns)" ] || build_solution
(run_service Sms.Campaigns --Messaging:DeployTopologyOnly=true) >"$LOGS/topology.log" 2>&1

(Urls="http://127.0.0.1:$PORT" run_service Sms.Campaigns) >"$LOGS/campaigns.log" 2>&1 &
campaigns=$!
trap 'kill -TERM $campaigns 2>/dev/null || true' EXIT
wait_ready "$PORT" 90 Sms.Campaigns "$campaigns"

sql() { PGPASSWORD=sms psql -h 127.0.0.1 -U sms -d "$DB" -v ON_ERROR_STOP=1 -qAt "$@"; }
# Four kinds of recipient: three own zones and one with only its number's zone.
sql -c "INSERT INTO campaigns.contacts (number, labels, time_zone, prefix_time_zone, attributes)
  SELECT '+888' || lpad(g::text, 10, '0'), ARRAY['$LABEL'], (ARRAY['America/New_York','Europe/London','Asia/Tokyo',NULL])[1 + g % 4],
         'America/Chicago', jsonb_build_object('first_name', 'n' || g)
  FROM generate_series(1, $RECIPIENTS) g ON CONFLICT (number) DO UPDATE SET labels = EXCLUDED.labels"
segment=$(sql -c "INSERT INTO campaigns.segments VALUES (gen_random_uuid(), '$LABEL', jsonb_build_object('labelsAll', jsonb_build_array('$LABEL')), 'bench', now(), now()) RETURNING id")

api() { curl -fsS -H "X-Api-Key: $Api__Keys__0" -H 'Content-Type: application/json' "$@"; }
send_at=$(date -u -d '+1 year' +%Y-%m-%dT%H:%M:%SZ)
id=$(api -X POST "http://127.0.0.1:$PORT/v1/campaigns" -d "{\"name\":\"$LABEL\",\"segmentId\":\"$segment\",\"text\":\"Hi {first_name|there}\",\"sendAt\":\"$send_at\",\"localTime\":\"10:00\",\"spreadMinutes\":60}" \
  | sed -E 's/.*"id":"([^"]+)".*/\1/')
started=$(date +%s%3N)
api -o /dev/null -X POST "http://127.0.0.1:$PORT/v1/campaigns/$id/launch"
elapsed=$(( $(date +%s%3N) - started ))
peak=$(awk '/VmHWM/{print int($2/1024)}' "/proc/$campaigns/status")
api -o /dev/null -X POST "http://127.0.0.1:$PORT/v1/campaigns/$id/cancel"
printf 'planning %d recipients: launch answered after %d ms; Campaigns peak memory %s MB\n' "$RECIPIENTS" "$elapsed" "$peak"
grep -o "Campaign $id planned: .*" "$LOGS/campaigns.log" || true
