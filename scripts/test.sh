#!/usr/bin/env bash
# The whole test suite (the README's second command): makes sure the services the tests need are there
# (PostgreSQL on 127.0.0.1:5432 with a `test` database, Debian's Chromium and ChromeDriver, promtool), installing
# or starting them when it can and failing loudly when it cannot, then builds every module and runs every test:
# per module the unit tests (*Test, surefire), then, once the jars are packaged, the integration tests (*IT, failsafe).
#   scripts/test.sh                 # everything (mvn verify)
#   scripts/test.sh -pl edge-node   # extra arguments go to Maven
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*"; }
die() { printf '\nFATAL: %s\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }
apt_install() {
  log "installing $*"
  as_root apt-get update -qq || die "apt-get update failed: install $* by hand"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null || die "could not install $*"
}

# PostgreSQL: the PostgreSQL store tests must run, never skip.
command -v pg_ctlcluster >/dev/null 2>&1 || apt_install postgresql
if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  log "starting PostgreSQL"
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432 -q || die "PostgreSQL is not reachable on 127.0.0.1:5432 (start it, or allow trust auth for postgres on 127.0.0.1)"
psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='test'" 2>/dev/null | grep -q 1 \
  || psql -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE test" >/dev/null \
  || die "cannot create the database 'test' as user postgres on 127.0.0.1:5432 (the tests need trust auth there)"

# Browser tests need Debian's Chromium and its driver (a test tool's own browser download does not work here).
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  apt_install chromium chromium-driver
fi

# The monitoring examples' test runs promtool on the alert rules: it must run, never skip. Debian ships promtool only
# in its prometheus package (on a machine booted with systemd that also enables a Prometheus server on :9090;
# `systemctl disable --now prometheus` if it is not wanted there).
command -v promtool >/dev/null 2>&1 || apt_install --no-install-recommends prometheus
command -v promtool >/dev/null 2>&1 || die "promtool is not on the PATH after installing prometheus"

# SystemdUnitsIT checks the example units with systemd-analyze: it must run, never skip.
command -v systemd-analyze >/dev/null 2>&1 || apt_install --no-install-recommends systemd
command -v systemd-analyze >/dev/null 2>&1 || die "systemd-analyze is not on the PATH after installing systemd"

log "running the test suite (mvn verify)"
exec mvn -B -ntp verify "$@"
