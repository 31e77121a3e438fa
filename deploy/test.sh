#!/usr/bin/env bash
# Runs every test: unit tests, consumer tests on MassTransit's test harness, integration tests against real
# PostgreSQL and Redis, and the end-to-end suite that starts the five services and the carrier simulator as
# processes against real RabbitMQ, Redis and PostgreSQL. Starts (and as root installs) the servers first.
# The last line is the summary: "N passed, N failed, N skipped".
set -euo pipefail
SMS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SMS_ROOT
source "$SMS_ROOT/deploy/scripts/servers.sh"
source "$SMS_ROOT/deploy/scripts/platform.sh"

started=$SECONDS
ensure_servers
ensure_test_browser

# Test servers, isolated from a running platform: their own vhost, Redis database and PostgreSQL database.
TEST_VHOST=sms-test
TEST_REDIS_DB=1
step "resetting the test vhost, Redis database $TEST_REDIS_DB and database sms_test"
if docker_compose_mode; then
  (cd "$SMS_ROOT" &&
    docker compose exec -T postgres sh -c 'dropdb -U sms --if-exists --force sms_test; createdb -U sms sms_test' &&
    docker compose exec -T redis redis-cli -n "$TEST_REDIS_DB" flushdb &&
    docker compose exec -T rabbitmq sh -c "rabbitmqctl -q delete_vhost $TEST_VHOST; rabbitmqctl -q add_vhost $TEST_VHOST &&
      rabbitmqctl -q set_permissions -p $TEST_VHOST guest '.*' '.*' '.*'") >/dev/null
else
  reset_vhost "$TEST_VHOST"
  redis-cli -h 127.0.0.1 -p 6379 -n "$TEST_REDIS_DB" flushdb >/dev/null
  if is_root || sudo -n true 2>/dev/null; then
    as_postgres dropdb --if-exists --force sms_test
    as_postgres createdb -O sms sms_test
  fi
fi
export SMS_TEST_RABBITMQ="${SMS_TEST_RABBITMQ:-amqp://guest:guest@127.0.0.1:5672/$TEST_VHOST}"
export SMS_TEST_REDIS="${SMS_TEST_REDIS:-127.0.0.1:6379,defaultDatabase=$TEST_REDIS_DB}"
export SMS_TEST_POSTGRES="${SMS_TEST_POSTGRES:-Host=127.0.0.1;Port=5432;Username=sms;Password=sms;Database=sms_test}"
export MASSTRANSIT_USAGE_TELEMETRY=false

build_solution
install_contract_tools

RESULTS="$SMS_ROOT/.artifacts/test-results"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
step "running the tests (results in $RESULTS)"
test_status=0
for project in "$SMS_ROOT"/tests/*.Tests; do
  name=$(basename "$project")
  step "testing $name"
  dotnet test "$project" -c "$SMS_CONFIGURATION" --no-build --nologo \
    --results-directory "$RESULTS/$name" --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" "$@" \
    || test_status=1
done

# The summary, computed from the result files of every test project.
projects=$(ls -d "$SMS_ROOT"/tests/*.Tests | wc -l)
reports=$(find "$RESULTS" -name '*.trx' | wc -l)
passed=0 failed=0 total=0
for trx in $(find "$RESULTS" -name '*.trx'); do
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  value() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$((total + $(value total)))
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
done
skipped=$((total - passed - failed))

# Failed tests are named again here, with the first line of their message, so the end of the output says what failed.
for trx in $(find "$RESULTS" -name '*.trx'); do
  awk -v project="$(basename "$(dirname "$trx")")" '
    /<UnitTestResult / && /outcome="(Failed|Error|Timeout|Aborted)"/ {
      name = $0; sub(/.*testName="/, "", name); sub(/".*/, "", name)
      gsub(/&quot;/, "\"", name); gsub(/&amp;/, "\\&", name); gsub(/&lt;/, "<", name); gsub(/&gt;/, ">", name)
      printf "FAILED %s: %s\n", project, name; want_message = 1; next
    }
    want_message && /<Message>/ {
      line = $0; sub(/.*<Message>/, "", line); sub(/<\/Message>.*/, "", line)
      printf "       %s\n", substr(line, 1, 300); want_message = 0
    }' "$trx"
done
step "finished in $((SECONDS - started))s"
if [ "$reports" -lt "$projects" ]; then
  echo "Only $reports of $projects test projects produced results: a test host crashed or a project did not run." >&2
  test_status=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$test_status" -eq 0 ] && [ "$failed" -eq 0 ]
