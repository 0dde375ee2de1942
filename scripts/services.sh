#!/usr/bin/env bash
# Private MariaDB (or MySQL) and Redis for this checkout.
#
#   bash scripts/services.sh start|stop|status|env
#
# - DATABASE_URL / REDIS_URL set in the environment: that service is used as is, nothing is started.
# - Otherwise: servers from the machine's packages, data under .data/, listening on 127.0.0.1 only.
#   Missing packages are installed with apt-get when run as root; when not root and a Docker engine
#   runs, docker-compose.yml's mysql / redis services are used instead.
# - Ports, per checkout: the first `start` takes the first free port from 3307 (MariaDB) and from
#   6380 (Redis) upward, says which, and keeps them in .data/ports, so that status, env, stop and later
#   starts agree (a second checkout on the same machine gets 3308 / 6381, ...). A kept port that another
#   process has taken while this checkout was stopped is replaced by a free one at the next start.
#   SERVICES_MYSQL_PORT / SERVICES_REDIS_PORT choose a port instead (start fails, naming a free one,
#   when it is taken).
# - `env` prints `export DATABASE_URL=... REDIS_URL=...` lines for
#   `eval "$(bash scripts/services.sh env)"`. Progress goes to stderr; stdout is kept for `env`.
# - `status` exits 0 when every service is up, 3 otherwise.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$ROOT/.data"
RUN="$DATA/run"
LOGS="$DATA/log"
MYSQL_DATA="$DATA/mysql"
PORTS_FILE="$DATA/ports"
MYSQL_DEFAULT_PORT=3307
REDIS_DEFAULT_PORT=6380
PORT_CANDIDATES="${SERVICES_PORT_CANDIDATES:-100}"   # tried: default .. default + candidates - 1
MYSQL_PORT=""   # set by resolve_ports (below, before any command runs)
REDIS_PORT=""
MYSQL_PID="$RUN/mariadbd.pid"
REDIS_PID="$RUN/redis.pid"
MYSQL_LOG="$LOGS/mariadbd.err"
REDIS_LOG="$LOGS/redis.log"
MYSQL_INIT_MARK="$DATA/mysql.initialized"
DOCKER_MARK="$RUN/docker-services"   # services this script started with docker compose
DB_USER=shiyou
DB_PASS=shiyou
DB_NAME=shiyou
START_TIMEOUT="${SERVICES_START_TIMEOUT:-30}"
STOP_TIMEOUT="${SERVICES_STOP_TIMEOUT:-30}"

# Daemons live in /usr/sbin, which is not on every user's PATH.
case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH="$PATH:/usr/sbin:/sbin" ;; esac
export PATH

log() { printf '[services] %s\n' "$*" >&2; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

# Unix socket paths are limited to ~108 bytes; fall back to /tmp for deep checkouts.
MYSQL_SOCK="$RUN/mysqld.sock"
if [ "${#MYSQL_SOCK}" -gt 100 ]; then
  MYSQL_SOCK="${TMPDIR:-/tmp}/shiyou-mysqld-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1).sock"
fi

# ---------------------------------------------------------------------------------------------
# helpers

first_cmd() { local c; for c in "$@"; do command -v "$c" >/dev/null 2>&1 && { command -v "$c"; return 0; }; done; return 1; }
mysqld_bin() { first_cmd mariadbd mysqld; }
mysql_client() { first_cmd mariadb mysql; }
mysql_admin() { first_cmd mariadb-admin mysqladmin; }
mysql_installdb() { first_cmd mariadb-install-db mysql_install_db; }

# Account that may log in over the socket right after install-db (unix_socket authentication).
admin_user() { if is_root; then echo root; else id -un; fi; }

port_open() {
  if command -v timeout >/dev/null 2>&1; then
    timeout 3 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" >/dev/null 2>&1
  else
    (exec 3<>"/dev/tcp/$1/$2") >/dev/null 2>&1
  fi
}

# pid from a pid file if that process is alive and its command line contains $2.
live_pid() {
  local file="$1" pattern="$2" pid
  [ -s "$file" ] || return 1
  pid="$(tr -dc '0-9' <"$file")"
  [ -n "$pid" ] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [ -r "/proc/$pid/cmdline" ]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$pattern" || return 1
  fi
  echo "$pid"
}

wait_exit() { # pid timeout -> 0 when gone
  local pid="$1" t="$2" i
  for ((i = 0; i < t * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  return 1
}

# host and port of a URL such as mysql://u:p@host:3306/db or redis://:pw@host:6379/0
url_host_port() {
  local url="$1" def="$2" rest hostport host port
  rest="${url#*://}"; rest="${rest%%/*}"; rest="${rest%%\?*}"
  hostport="${rest##*@}"
  if [[ "$hostport" == \[* ]]; then host="${hostport%%]*}"; host="${host#[}"; port="${hostport##*]:}"; [ "$port" = "$hostport" ] && port=""
  else host="${hostport%%:*}"; port="${hostport#*:}"; [ "$port" = "$hostport" ] && port=""; fi
  echo "${host:-127.0.0.1} ${port:-$def}"
}

docker_ok() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; }
compose() {
  SERVICES_MYSQL_PORT="$MYSQL_PORT" SERVICES_REDIS_PORT="$REDIS_PORT" \
    docker compose -f "$ROOT/docker-compose.yml" --project-directory "$ROOT" "$@"
}
docker_started() { [ -f "$DOCKER_MARK" ] && grep -qx "$1" "$DOCKER_MARK"; }
mark_docker() { docker_started "$1" || echo "$1" >>"$DOCKER_MARK"; }
unmark_docker() { [ -f "$DOCKER_MARK" ] || return 0; grep -vx "$1" "$DOCKER_MARK" >"$DOCKER_MARK.tmp" || true; mv "$DOCKER_MARK.tmp" "$DOCKER_MARK"; [ -s "$DOCKER_MARK" ] || rm -f "$DOCKER_MARK"; }

APT_UPDATED=0
apt_install() {
  log "installing with apt-get: $*"
  export DEBIAN_FRONTEND=noninteractive
  if [ "$APT_UPDATED" = 0 ]; then apt-get update -q >&2 8>&- 9>&- || die "apt-get update failed"; APT_UPDATED=1; fi
  # apt may start the packaged services on 3306 / 6379: harmless, we never use them.
  apt-get install -y -q --no-install-recommends "$@" >&2 8>&- 9>&- || die "apt-get install $* failed"
}

# Decide how each service is provided: external | local | docker. Installs packages if needed.
provide() { # mysql|redis
  local svc="$1"
  if [ "$svc" = mysql ]; then
    [ -n "${DATABASE_URL:-}" ] && { echo external; return; }
    if docker_started mysql && ! mysqld_bin >/dev/null; then echo docker; return; fi
    if mysqld_bin >/dev/null && mysql_client >/dev/null && mysql_admin >/dev/null; then echo local; return; fi
  else
    [ -n "${REDIS_URL:-}" ] && { echo external; return; }
    if docker_started redis && ! command -v redis-server >/dev/null; then echo docker; return; fi
    if command -v redis-server >/dev/null && command -v redis-cli >/dev/null; then echo local; return; fi
  fi
  echo missing
}

# ---------------------------------------------------------------------------------------------
# MariaDB / MySQL

mysql_running_pid() { live_pid "$MYSQL_PID" "$MYSQL_DATA"; }

mysql_sql() { # run SQL as the admin over the socket
  "$(mysql_client)" --no-defaults --protocol=socket --socket="$MYSQL_SOCK" -u"$(admin_user)" -e "$1"
}

mysql_ping() { "$(mysql_admin)" --no-defaults --protocol=socket --socket="$MYSQL_SOCK" -u"$(admin_user)" --connect-timeout=2 ping >/dev/null 2>&1; }

mysql_is_mariadb() { "$(mysqld_bin)" --version 2>/dev/null | grep -qi mariadb; }

mysql_init() {
  [ -f "$MYSQL_INIT_MARK" ] && [ -d "$MYSQL_DATA/mysql" ] && return 0
  if [ -e "$MYSQL_DATA" ]; then
    log "removing incomplete MariaDB data dir $MYSQL_DATA"
    rm -rf "$MYSQL_DATA"
  fi
  mkdir -p "$MYSQL_DATA"
  local user_flag=() out="$LOGS/mariadb-install-db.log"
  is_root && user_flag=(--user=root)
  log "initialising MariaDB data dir $MYSQL_DATA"
  if mysql_is_mariadb; then
    local installdb
    installdb="$(mysql_installdb)" || die "mariadb-install-db not found"
    if ! "$installdb" --no-defaults "${user_flag[@]}" --datadir="$MYSQL_DATA" \
        --auth-root-authentication-method=socket --auth-root-socket-user="$(admin_user)" \
        --skip-test-db >"$out" 2>&1; then
      tail -n 30 "$out" >&2; die "mariadb-install-db failed (log: $out)"
    fi
  else
    # Oracle MySQL 8: root@localhost without password (socket only, server binds 127.0.0.1).
    if ! "$(mysqld_bin)" --no-defaults "${user_flag[@]}" --datadir="$MYSQL_DATA" \
        --initialize-insecure --log-error="$out" >/dev/null 2>&1; then
      tail -n 30 "$out" >&2; die "mysqld --initialize-insecure failed (log: $out)"
    fi
  fi
  touch "$MYSQL_INIT_MARK"
}

mysql_setup_users() {
  mysql_sql "CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASS';
GRANT ALL PRIVILEGES ON *.* TO '$DB_USER'@'127.0.0.1' WITH GRANT OPTION;
CREATE DATABASE IF NOT EXISTS \`$DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
SET GLOBAL max_connections = 500;
FLUSH PRIVILEGES;" || die "could not create the '$DB_USER' user / database"
}

mysql_start_local() {
  local pid
  if pid="$(mysql_running_pid)"; then
    log "mysql: already running (pid $pid, port $MYSQL_PORT)"
    mysql_ping || die "mysql: pid $pid is alive but not answering on $MYSQL_SOCK (log: $MYSQL_LOG)"
    save_port mysql "$MYSQL_PORT"
    mysql_setup_users
    return 0
  fi
  rm -f "$MYSQL_PID" "$MYSQL_SOCK"   # stale leftovers of a crash
  if port_open 127.0.0.1 "$MYSQL_PORT"; then MYSQL_PORT="$(another_port mysql "$MYSQL_PORT")" || exit 1; fi
  mysql_init
  local user_flag=()
  is_root && user_flag=(--user=root)
  log "mysql: starting $(basename "$(mysqld_bin)") on 127.0.0.1:$MYSQL_PORT"
  # setsid + redirected fds: the server must not hold the caller's terminal or pipes.
  setsid "$(mysqld_bin)" --no-defaults "${user_flag[@]}" --datadir="$MYSQL_DATA" \
    --socket="$MYSQL_SOCK" --port="$MYSQL_PORT" --bind-address=127.0.0.1 \
    --pid-file="$MYSQL_PID" --log-error="$MYSQL_LOG" \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --skip-name-resolve --max-connections=500 \
    </dev/null >>"$LOGS/mariadbd.out" 2>&1 8>&- 9>&- &
  local child=$! i
  for ((i = 0; i < START_TIMEOUT * 10; i++)); do
    if mysql_ping; then break; fi
    if ! kill -0 "$child" 2>/dev/null; then
      tail -n 30 "$MYSQL_LOG" >&2 2>/dev/null || true
      die "mysql: server exited during start-up (log: $MYSQL_LOG)"
    fi
    sleep 0.1
  done
  if ! mysql_ping; then
    tail -n 30 "$MYSQL_LOG" >&2 2>/dev/null || true
    die "mysql: not ready after ${START_TIMEOUT}s (log: $MYSQL_LOG)"
  fi
  [ -s "$MYSQL_PID" ] || echo "$child" >"$MYSQL_PID"
  save_port mysql "$MYSQL_PORT"
  mysql_setup_users
  log "mysql: ready (pid $(cat "$MYSQL_PID"), port $MYSQL_PORT)"
}

mysql_stop_local() {
  local pid
  if ! pid="$(mysql_running_pid)"; then
    rm -f "$MYSQL_PID"
    log "mysql: not running"
    return 0
  fi
  log "mysql: stopping (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_exit "$pid" "$STOP_TIMEOUT"; then
    log "mysql: still running after ${STOP_TIMEOUT}s, sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_exit "$pid" 5 || die "mysql: could not kill pid $pid"
  fi
  rm -f "$MYSQL_PID"
  log "mysql: stopped"
}

# ---------------------------------------------------------------------------------------------
# Redis

# Redis' command line does not name this checkout; its working directory (--dir) does.
redis_running_pid() {
  local pid cwd
  pid="$(live_pid "$REDIS_PID" "redis-server")" || return 1
  if [ -e "/proc/$pid/cwd" ]; then
    cwd="$(readlink -f "/proc/$pid/cwd" 2>/dev/null)" || return 1
    [ "$cwd" = "$(cd "$DATA" && pwd -P)" ] || return 1
  fi
  echo "$pid"
}
redis_ping() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }

redis_start_local() {
  local pid
  if pid="$(redis_running_pid)"; then
    redis_ping || die "redis: pid $pid is alive but not answering on port $REDIS_PORT (log: $REDIS_LOG)"
    log "redis: already running (pid $pid, port $REDIS_PORT)"
    save_port redis "$REDIS_PORT"
    return 0
  fi
  rm -f "$REDIS_PID"
  if port_open 127.0.0.1 "$REDIS_PORT"; then REDIS_PORT="$(another_port redis "$REDIS_PORT")" || exit 1; fi
  log "redis: starting on 127.0.0.1:$REDIS_PORT"
  # Append-only file: queued jobs survive a restart of this Redis (BullMQ also needs noeviction).
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly yes --appendfsync everysec \
    --maxmemory-policy noeviction --daemonize yes \
    --pidfile "$REDIS_PID" --logfile "$REDIS_LOG" --dir "$DATA" </dev/null >&2 8>&- 9>&- \
    || { tail -n 20 "$REDIS_LOG" >&2 2>/dev/null || true; die "redis: redis-server failed (log: $REDIS_LOG)"; }
  local i
  for ((i = 0; i < START_TIMEOUT * 10; i++)); do
    redis_ping && break
    sleep 0.1
  done
  if ! redis_ping; then
    tail -n 20 "$REDIS_LOG" >&2 2>/dev/null || true
    die "redis: not ready after ${START_TIMEOUT}s (log: $REDIS_LOG)"
  fi
  for ((i = 0; i < 20; i++)); do [ -s "$REDIS_PID" ] && break; sleep 0.1; done
  save_port redis "$REDIS_PORT"
  log "redis: ready (pid $(cat "$REDIS_PID" 2>/dev/null || echo '?'), port $REDIS_PORT)"
}

redis_stop_local() {
  local pid
  if ! pid="$(redis_running_pid)"; then
    rm -f "$REDIS_PID"
    log "redis: not running"
    return 0
  fi
  log "redis: stopping (pid $pid)"
  # By pid, never by port: SIGTERM makes Redis shut down as SHUTDOWN does (the append-only file is flushed).
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_exit "$pid" "$STOP_TIMEOUT"; then
    log "redis: still running after ${STOP_TIMEOUT}s, sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_exit "$pid" 5 || die "redis: could not kill pid $pid"
  fi
  rm -f "$REDIS_PID"
  log "redis: stopped"
}

# ---------------------------------------------------------------------------------------------
# Docker fallback (not root, packages missing, a Docker engine running)

docker_start() { # mysql|redis
  local svc="$1" i
  [ -f "$ROOT/docker-compose.yml" ] || die "docker-compose.yml not found in $ROOT"
  if ! docker_started "$svc"; then
    if [ "$svc" = mysql ]; then
      if port_open 127.0.0.1 "$MYSQL_PORT"; then MYSQL_PORT="$(another_port mysql "$MYSQL_PORT")" || exit 1; fi
    elif port_open 127.0.0.1 "$REDIS_PORT"; then REDIS_PORT="$(another_port redis "$REDIS_PORT")" || exit 1; fi
  fi
  log "$svc: starting with docker compose (port $([ "$svc" = mysql ] && echo "$MYSQL_PORT" || echo "$REDIS_PORT"))"
  compose up -d --wait "$svc" >&2 8>&- 9>&- || die "$svc: docker compose up failed"
  mark_docker "$svc"
  save_port "$svc" "$([ "$svc" = mysql ] && echo "$MYSQL_PORT" || echo "$REDIS_PORT")"
  if [ "$svc" = mysql ]; then
    # The image creates 'shiyou'@'%' with rights on one database only; tests create one per suite.
    local sql="CREATE USER IF NOT EXISTS '$DB_USER'@'%' IDENTIFIED BY '$DB_PASS';
GRANT ALL PRIVILEGES ON *.* TO '$DB_USER'@'%' WITH GRANT OPTION;
CREATE DATABASE IF NOT EXISTS \`$DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
SET GLOBAL max_connections = 500;"
    for ((i = 0; i < 60; i++)); do
      compose exec -T mysql sh -c 'exec mysql -uroot -p"$MYSQL_ROOT_PASSWORD"' <<<"$sql" >/dev/null 2>&1 && return 0
      sleep 1
    done
    die "mysql: could not grant privileges in the docker container"
  fi
}

docker_stop() {
  local svc="$1"
  docker_started "$svc" || return 0
  log "$svc: stopping docker compose service"
  compose stop "$svc" >&2 || die "$svc: docker compose stop failed"
  unmark_docker "$svc"
}

# ---------------------------------------------------------------------------------------------
# ports of this checkout, kept in .data/ports (lines mysql=PORT, redis=PORT)

valid_port() { [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ] && [ "$1" -le 65535 ]; }

saved_port() { # mysql|redis -> the port kept in .data/ports
  local value
  [ -f "$PORTS_FILE" ] || return 1
  value="$(sed -n "s/^$1=\([0-9][0-9]*\)\$/\1/p" "$PORTS_FILE" | head -n 1)"
  valid_port "$value" && echo "$value"
}

save_port() { # mysql|redis port
  mkdir -p "$DATA"
  {
    if [ -f "$PORTS_FILE" ]; then grep -v "^$1=" "$PORTS_FILE" || true
    else echo "# Ports of this checkout's services (scripts/services.sh). Delete this file to choose again."; fi
    echo "$1=$2"
  } >"$PORTS_FILE.tmp"
  mv "$PORTS_FILE.tmp" "$PORTS_FILE"
}

running_port() { # mysql|redis -> the port this checkout's running server listens on, from its command line
  local pid args
  if [ "$1" = mysql ]; then pid="$(mysql_running_pid)" || return 1; else pid="$(redis_running_pid)" || return 1; fi
  [ -r "/proc/$pid/cmdline" ] || return 1
  args="$(tr '\0' ' ' <"/proc/$pid/cmdline")"
  # mariadbd --port=3307 ... ; redis-server shows itself as "redis-server 127.0.0.1:6380"
  [[ "$args" =~ --port[=\ ]([0-9]+) ]] || [[ "$args" =~ :([0-9]+) ]] || return 1
  echo "${BASH_REMATCH[1]}"
}

free_port() { # the first port from $1 upward that nothing on 127.0.0.1 answers on
  local port
  for ((port = $1; port < $1 + PORT_CANDIDATES && port <= 65535; port++)); do
    port_open 127.0.0.1 "$port" || { echo "$port"; return 0; }
  done
  return 1
}

# The port of each service: the one its running server uses; else SERVICES_*_PORT; else the kept one; else the
# first free one from the default (what `start` would take; `status` and `env` report it without keeping it).
resolve_port() { # mysql|redis -> port
  local svc="$1" override def port
  if [ "$svc" = mysql ]; then override="${SERVICES_MYSQL_PORT:-}"; def="$MYSQL_DEFAULT_PORT"; else override="${SERVICES_REDIS_PORT:-}"; def="$REDIS_DEFAULT_PORT"; fi
  if [ -n "$override" ] && ! valid_port "$override"; then
    die "SERVICES_$(echo "$svc" | tr a-z A-Z)_PORT=$override is not a port number"
  fi
  if port="$(running_port "$svc")"; then
    if [ -n "$override" ] && [ "$override" != "$port" ]; then
      log "$svc: this checkout's server runs on port $port; SERVICES_$(echo "$svc" | tr a-z A-Z)_PORT=$override applies after \`bash scripts/services.sh stop\`"
    fi
  elif [ -n "$override" ]; then port="$override"
  elif ! port="$(saved_port "$svc")"; then
    port="$(free_port "$def")" || port="$def"
  fi
  echo "$port"
}

resolve_ports() { MYSQL_PORT="$(resolve_port mysql)"; REDIS_PORT="$(resolve_port redis)"; }

# At start, when the port is taken by a process that is not this checkout's: a free one instead of a kept or
# default one; an explicit SERVICES_*_PORT is not overridden, the message names a free port to use instead.
another_port() { # mysql|redis taken-port -> port
  local svc="$1" taken="$2" var def port
  var="SERVICES_$(echo "$svc" | tr a-z A-Z)_PORT"
  if [ "$svc" = mysql ]; then def="$MYSQL_DEFAULT_PORT"; else def="$REDIS_DEFAULT_PORT"; fi
  port="$(free_port "$def")" || die "$svc: port $taken is used by another process and none of $def..$((def + PORT_CANDIDATES - 1)) is free; set $var to a free port"
  if [ -n "${!var:-}" ]; then
    local url=DATABASE_URL; [ "$svc" = redis ] && url=REDIS_URL
    die "$svc: port $taken ($var) is already used by another process, not by this checkout ($ROOT). Run: $var=$port bash scripts/services.sh start  (or unset $var and a free port is chosen and kept; or set $url to use a running server)"
  fi
  log "$svc: port $taken is used by another process (another checkout?), not by this checkout; using port $port"
  echo "$port"
}

report_ports() {
  local what=()
  [ -n "${DATABASE_URL:-}" ] || what+=("MariaDB $MYSQL_PORT")
  [ -n "${REDIS_URL:-}" ] || what+=("Redis $REDIS_PORT")
  [ "${#what[@]}" -gt 0 ] || return 0
  log "ports of this checkout: $(IFS=,; echo "${what[*]}" | sed 's/,/, /g') (kept in ${PORTS_FILE#"$ROOT"/}; SERVICES_MYSQL_PORT / SERVICES_REDIS_PORT choose others)"
}

# Two checkouts starting at the same time must not take the same free port: choosing and binding a port is
# serialised machine-wide (fd 8; daemons are started with 8>&- so that they do not hold it). Best effort: without
# flock, or without access to the lock file, starts are not serialised.
machine_lock() {
  local file="${TMPDIR:-/tmp}/shiyou-services-ports.lock"
  command -v flock >/dev/null 2>&1 || return 0
  { exec 8>>"$file"; } 2>/dev/null || return 0
  chmod a+rw "$file" 2>/dev/null || true
  flock -w 120 8 || die "timed out waiting for $file"
}

# ---------------------------------------------------------------------------------------------
# commands

# Install what is missing (root + apt-get) before deciding how each service is provided.
install_missing() {
  local pkgs=()
  [ "$(provide mysql)" = missing ] && pkgs+=(mariadb-server)
  [ "$(provide redis)" = missing ] && pkgs+=(redis-server)
  [ "${#pkgs[@]}" -gt 0 ] || return 0
  if is_root && command -v apt-get >/dev/null 2>&1; then
    apt_install "${pkgs[@]}"
  fi
}

mode_for() { # svc -> external | local | docker (dies when nothing can provide it)
  local svc="$1" mode
  mode="$(provide "$svc")"
  if [ "$mode" = missing ]; then
    if docker_ok; then
      mode=docker
    elif is_root; then
      die "$svc: not installed and could not be installed with apt-get; install MariaDB/MySQL and Redis, or set DATABASE_URL / REDIS_URL"
    else
      die "$svc: not installed, not root (cannot apt-get install) and no Docker engine running. Install them (sudo apt-get install mariadb-server redis-server), start Docker, or set DATABASE_URL / REDIS_URL"
    fi
  fi
  echo "$mode"
}

cmd_start() {
  local mode
  install_missing
  machine_lock
  mode="$(mode_for mysql)"
  case "$mode" in
    external) log "mysql: using DATABASE_URL from the environment" ;;
    local) mysql_start_local ;;
    docker) docker_start mysql ;;
  esac
  mode="$(mode_for redis)"
  case "$mode" in
    external) log "redis: using REDIS_URL from the environment" ;;
    local) redis_start_local ;;
    docker) docker_start redis ;;
  esac
  report_ports
}

cmd_stop() {
  if [ -n "${DATABASE_URL:-}" ]; then log "mysql: external (DATABASE_URL), nothing to stop"
  else
    docker_stop mysql
    mysql_stop_local
  fi
  if [ -n "${REDIS_URL:-}" ]; then log "redis: external (REDIS_URL), nothing to stop"
  else
    docker_stop redis
    redis_stop_local
  fi
}

cmd_status() {
  local ok=0 pid hp
  if [ -n "${DATABASE_URL:-}" ]; then
    read -r h p <<<"$(url_host_port "$DATABASE_URL" 3306)"
    if port_open "$h" "$p"; then echo "mysql: running (external DATABASE_URL, $h:$p)"; else echo "mysql: unreachable (external DATABASE_URL, $h:$p)"; ok=1; fi
  elif pid="$(mysql_running_pid)"; then
    echo "mysql: running (pid $pid, port $MYSQL_PORT)"
  elif docker_started mysql && port_open 127.0.0.1 "$MYSQL_PORT"; then
    echo "mysql: running (docker compose, port $MYSQL_PORT)"
  else
    echo "mysql: stopped (port $MYSQL_PORT)"; ok=1
  fi
  if [ -n "${REDIS_URL:-}" ]; then
    read -r h p <<<"$(url_host_port "$REDIS_URL" 6379)"
    if port_open "$h" "$p"; then echo "redis: running (external REDIS_URL, $h:$p)"; else echo "redis: unreachable (external REDIS_URL, $h:$p)"; ok=1; fi
  elif pid="$(redis_running_pid)"; then
    echo "redis: running (pid $pid, port $REDIS_PORT)"
  elif docker_started redis && port_open 127.0.0.1 "$REDIS_PORT"; then
    echo "redis: running (docker compose, port $REDIS_PORT)"
  else
    echo "redis: stopped (port $REDIS_PORT)"; ok=1
  fi
  [ "$ok" = 0 ] || exit 3
}

shell_quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }

cmd_env() {
  local db="${DATABASE_URL:-mysql://$DB_USER:$DB_PASS@127.0.0.1:$MYSQL_PORT/$DB_NAME}"
  local rd="${REDIS_URL:-redis://127.0.0.1:$REDIS_PORT}"
  echo "export DATABASE_URL=$(shell_quote "$db")"
  echo "export REDIS_URL=$(shell_quote "$rd")"
}

# Serialise start/stop of the same checkout (parallel test runs call `start` concurrently).
# The lock is fd 9; every daemon is started with `9>&-` so that it does not inherit the lock.
with_lock() {
  mkdir -p "$RUN" "$LOGS"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$RUN/services.lock"
    flock -w 120 9 || die "timed out waiting for $RUN/services.lock"
  fi
  "$@"
}

resolve_ports

case "${1:-}" in
  start) with_lock cmd_start ;;
  stop) with_lock cmd_stop ;;
  restart) with_lock cmd_stop; with_lock cmd_start ;;
  status) cmd_status ;;
  env) cmd_env ;;
  *) echo "usage: bash scripts/services.sh start|stop|status|env" >&2; exit 2 ;;
esac
