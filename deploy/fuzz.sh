#!/usr/bin/env bash
# The long fuzz run: tests/Sms.Fuzz.Tests with as many iterations as you like. The five services and the carrier
# simulator run as processes (ports from SMS_FUZZ_PORT_BASE, 8000: Ingress 8100 … simulator 8900); seeded random and
# hostile requests go to every endpoint they declare, interleaved with correctly and badly signed carrier webhooks.
# The run fails listing every 5xx, stall, lost or duplicated message and bus leak, with the seed that repeats it.
#
#   deploy/fuzz.sh                    # 20,000 iterations, a new seed
#   deploy/fuzz.sh 5000 1234567       # 5,000 iterations with seed 1234567 (the seed a failed run printed)
#   SMS_FUZZ_SERVICE=Sms.Campaigns deploy/fuzz.sh 5000   # the hostile requests to one service's endpoints only
#
# Uses the servers named by SMS_TEST_RABBITMQ, SMS_TEST_REDIS and SMS_TEST_POSTGRES when they are set, as they are;
# otherwise starts the servers and uses its own, emptied first: virtual host sms-fuzz, Redis database 10, database
# sms_fuzz. SMS_FUZZ_NO_BUILD=1 runs what is built. The short run is part of deploy/test.sh.
set -euo pipefail
SMS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SMS_ROOT
source "$SMS_ROOT/deploy/scripts/servers.sh"
source "$SMS_ROOT/deploy/scripts/platform.sh"

export SMS_FUZZ_ITERATIONS="${1:-20000}"
if [ -n "${2:-}" ]; then export SMS_FUZZ_SEED="$2"; fi
export SMS_FUZZ_SECONDS="${SMS_FUZZ_SECONDS:-0}" # no time bound: the iterations decide
export MASSTRANSIT_USAGE_TELEMETRY=false

if [ -z "${SMS_TEST_RABBITMQ:-}" ] || [ -z "${SMS_TEST_REDIS:-}" ] || [ -z "${SMS_TEST_POSTGRES:-}" ]; then
  ensure_servers
  VHOST=sms-fuzz REDIS_DB=10 DATABASE=sms_fuzz
  step "emptying the fuzz run's vhost $VHOST, Redis database $REDIS_DB and database $DATABASE"
  if docker_compose_mode; then
    (cd "$SMS_ROOT" &&
      docker compose exec -T postgres sh -c "dropdb -U sms --if-exists --force $DATABASE; createdb -U sms $DATABASE" &&
      docker compose exec -T redis redis-cli -n "$REDIS_DB" flushdb &&
      docker compose exec -T rabbitmq sh -c "rabbitmqctl -q delete_vhost $VHOST; rabbitmqctl -q add_vhost $VHOST &&
        rabbitmqctl -q set_permissions -p $VHOST guest '.*' '.*' '.*'") >/dev/null
  else
    reset_vhost "$VHOST"
    redis-cli -h 127.0.0.1 -p 6379 -n "$REDIS_DB" flushdb >/dev/null
    if is_root || sudo -n true 2>/dev/null; then
      as_postgres dropdb --if-exists --force "$DATABASE"
      as_postgres createdb -O sms "$DATABASE"
    fi
  fi
  export SMS_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:5672/$VHOST"
  export SMS_TEST_REDIS="127.0.0.1:6379,defaultDatabase=$REDIS_DB"
  export SMS_TEST_POSTGRES="Host=127.0.0.1;Port=5432;Username=sms;Password=sms;Database=$DATABASE"
fi

if [ "${SMS_FUZZ_NO_BUILD:-}" != 1 ]; then
  step "building the fuzz test and the services ($SMS_CONFIGURATION)"
  dotnet build "$SMS_ROOT/tests/Sms.Fuzz.Tests" -c "$SMS_CONFIGURATION" -nologo -clp:NoSummary -v:quiet
fi

RESULTS="$SMS_ROOT/.artifacts/fuzz-results"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
step "fuzzing: $SMS_FUZZ_ITERATIONS iterations, seed ${SMS_FUZZ_SEED:-new} (report in $RESULTS)"
dotnet test "$SMS_ROOT/tests/Sms.Fuzz.Tests" -c "$SMS_CONFIGURATION" --no-build --nologo \
  --results-directory "$RESULTS" --logger "trx;LogFileName=fuzz.trx" --logger "console;verbosity=normal"
