#!/usr/bin/env bash
# Starts RabbitMQ, Redis and PostgreSQL on loopback for the platform and its tests.
# As root on Debian/Ubuntu it installs whichever is missing from the OS packages. Where a Docker engine runs and
# none of the three is installed, it starts them with `docker compose` instead.
# Idempotent: servers that already answer are left alone. Sourced by start.sh and test.sh; runnable on its own.
set -euo pipefail

SMS_ROOT="${SMS_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
SMS_STATE_DIR="${SMS_STATE_DIR:-$SMS_ROOT/.artifacts/state}"
RABBITMQ_NODE="rabbit@localhost"

say() { printf '\033[1m[servers]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[servers] %s\033[0m\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }
as_postgres() { if is_root; then runuser -u postgres -- "$@"; else sudo -n -u postgres "$@"; fi; }

docker_engine() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }

wait_for() { # wait_for <seconds> <description> <command...>
  local seconds=$1 what=$2; shift 2
  for _ in $(seq "$seconds"); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
  die "$what did not become ready within ${seconds}s"
}

install_missing() {
  local missing=()
  command -v rabbitmq-server >/dev/null 2>&1 || missing+=(rabbitmq-server)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
  [ ${#missing[@]} -eq 0 ] && return 0
  is_root || die "Missing ${missing[*]}: run this command as root (it installs them with apt-get), or install them yourself."
  say "installing ${missing[*]} from the OS packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The inbox's browser tests drive Debian's chromium (never a downloaded browser); the emoji font is for screenshots.
ensure_test_browser() {
  [ -x "${SMS_CHROMIUM:-/usr/bin/chromium}" ] && return 0
  is_root || die "The inbox's browser tests need chromium: run as root (it installs Debian's package) or apt-get install chromium."
  say "installing chromium for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-liberation fonts-noto-color-emoji >/dev/null
}

rabbitmq_up() { rabbitmqctl -n "$RABBITMQ_NODE" -q status >/dev/null 2>&1 || rabbitmq-diagnostics -q ping >/dev/null 2>&1; }
rabbitmqctl_any() { if rabbitmqctl -n "$RABBITMQ_NODE" -q status >/dev/null 2>&1; then rabbitmqctl -n "$RABBITMQ_NODE" "$@"; else rabbitmqctl "$@"; fi; }

start_rabbitmq() {
  if rabbitmq_up; then say "RabbitMQ already running"; return; fi
  say "starting RabbitMQ"
  RABBITMQ_NODENAME="$RABBITMQ_NODE" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_DIST_PORT=25672 \
    rabbitmq-server -detached >/dev/null 2>&1
  wait_for 60 RabbitMQ rabbitmqctl -n "$RABBITMQ_NODE" -q await_startup
}

start_redis() {
  if redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then
    say "Redis already running"
  else
    say "starting Redis"
    mkdir -p "$SMS_STATE_DIR/redis"
    # Append-only persistence: sessions and de-duplication keys survive a Redis restart.
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --dir "$SMS_STATE_DIR/redis" \
      --appendonly yes --save '' --logfile "$SMS_STATE_DIR/redis/redis.log"
    wait_for 20 Redis sh -c 'redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG'
  fi
  ensure_redis_persistence 127.0.0.1 6379
}

# ensure_redis_persistence <host> <port>: a Redis someone else started (Debian's systemd service runs with
# appendonly no) gets append-only persistence switched on, and written to its config file where it has one, so the
# ingress's "published once" keys and the sessions survive a Redis restart. Fails when it cannot be switched on.
ensure_redis_persistence() {
  local cli=(redis-cli -h "$1" -p "$2") answer
  answer=$("${cli[@]}" config get appendonly 2>&1 | sed -n 2p)
  [ "$answer" = yes ] && return 0
  say "Redis on $1:$2 runs without append-only persistence: switching it on"
  answer=$("${cli[@]}" config set appendonly yes 2>&1)
  [ "$answer" = OK ] || die "Redis on $1:$2 refused CONFIG SET appendonly yes ($answer). Set 'appendonly yes' in its configuration and restart it: without it a Redis restart forgets which carrier messages were published, and carrier retries are published again."
  # Switching on writes the append-only file in the background; wait until it is complete.
  wait_for 60 "Redis's first append-only file" sh -c "${cli[*]} info persistence | tr -d '\r' | grep -q '^aof_rewrite_in_progress:0' && ${cli[*]} info persistence | tr -d '\r' | grep -q '^aof_enabled:1'"
  answer=$("${cli[@]}" config rewrite 2>&1)
  if [ "$answer" != OK ]; then
    printf '\033[31m[servers] Redis on %s:%s persists now, but CONFIG REWRITE failed (%s): after its next restart it runs without append-only persistence again. Set "appendonly yes" in its configuration file.\033[0m\n' "$1" "$2" "$answer" >&2
  fi
}

# Five services with connection pools, the test suites running beside them and the benchmark need more than the
# default 100 connections.
SMS_PG_MAX_CONNECTIONS=${SMS_PG_MAX_CONNECTIONS:-300}
postgres_settings() {
  is_root || return 0
  local conf_dir="/etc/postgresql/$1/$2/conf.d"
  mkdir -p "$conf_dir"
  echo "max_connections = $SMS_PG_MAX_CONNECTIONS" > "$conf_dir/sms-platform.conf"
}

start_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432; then say "PostgreSQL already running"
  else
    say "starting PostgreSQL"
    local version; version=$(ls /usr/lib/postgresql | sort -V | tail -1)
    if ! pg_lsclusters -h 2>/dev/null | grep -q .; then
      is_root || die "No PostgreSQL cluster exists: run as root to create one."
      pg_createcluster "$version" main >/dev/null
    fi
    local cluster; cluster=$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')
    postgres_settings $cluster
    if is_root; then pg_ctlcluster $cluster start; else as_postgres pg_ctlcluster $cluster start; fi
    wait_for 30 PostgreSQL pg_isready -q -h 127.0.0.1 -p 5432
  fi
  # A server started before these settings existed gets them by a restart (root only).
  if is_root && [ "$(as_postgres psql -tAq -d postgres -c 'SHOW max_connections')" -lt "$SMS_PG_MAX_CONNECTIONS" ]; then
    local running; running=$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')
    say "restarting PostgreSQL for max_connections=$SMS_PG_MAX_CONNECTIONS"
    postgres_settings $running
    pg_ctlcluster $running restart
    wait_for 30 PostgreSQL pg_isready -q -h 127.0.0.1 -p 5432
  fi
  # The platform's role and databases (sms for running, sms_test for tests).
  if is_root || sudo -n true 2>/dev/null; then
    as_postgres psql -q -v ON_ERROR_STOP=1 -d postgres <<'SQL' >/dev/null
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sms') THEN
    CREATE ROLE sms LOGIN PASSWORD 'sms';
  END IF;
END $$;
-- The inbox query benchmark (Sms.Benchmark inbox-queries) creates and drops its own scratch database.
ALTER ROLE sms CREATEDB;
SQL
    for db in sms sms_test; do
      as_postgres psql -tAq -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 \
        || as_postgres createdb -O sms "$db"
    done
  fi
}

# ensure_vhost <name>: a RabbitMQ virtual host the guest user may use (tests isolate themselves with one).
ensure_vhost() {
  docker_compose_mode && return 0
  rabbitmqctl_any -q add_vhost "$1" >/dev/null 2>&1 || true
  rabbitmqctl_any -q set_permissions -p "$1" guest '.*' '.*' '.*' >/dev/null
}

# reset_vhost <name>: a fresh, empty virtual host (no queues or messages left by an earlier run).
reset_vhost() {
  docker_compose_mode && return 0
  rabbitmqctl_any -q delete_vhost "$1" >/dev/null 2>&1 || true
  ensure_vhost "$1"
}

docker_compose_mode() { [ "${SMS_SERVERS_MODE:-}" = docker ]; }

ensure_servers() {
  local started=$SECONDS
  if ! command -v rabbitmq-server >/dev/null 2>&1 && ! command -v redis-server >/dev/null 2>&1 && docker_engine; then
    say "using docker compose for RabbitMQ, Redis and PostgreSQL"
    export SMS_SERVERS_MODE=docker
    (cd "$SMS_ROOT" && docker compose up -d --wait rabbitmq redis postgres)
    return
  fi
  install_missing
  start_rabbitmq & local rabbit_pid=$!
  start_redis
  start_postgres
  wait "$rabbit_pid" || die "RabbitMQ failed to start (see /var/log/rabbitmq)"
  say "servers ready in $((SECONDS - started))s: RabbitMQ 127.0.0.1:5672, Redis 127.0.0.1:6379, PostgreSQL 127.0.0.1:5432"
}

stop_servers() {
  say "stopping RabbitMQ, Redis and PostgreSQL"
  rabbitmqctl_any -q stop >/dev/null 2>&1 || true
  redis-cli -h 127.0.0.1 -p 6379 shutdown nosave >/dev/null 2>&1 || true
  local cluster; cluster=$(pg_lsclusters -h 2>/dev/null | awk 'NR==1 {print $1" "$2}')
  if [ -n "$cluster" ]; then
    if is_root; then pg_ctlcluster $cluster stop || true; else as_postgres pg_ctlcluster $cluster stop || true; fi
  fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-start}" in
    start) ensure_servers ;;
    stop) stop_servers ;;
    *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
  esac
fi
