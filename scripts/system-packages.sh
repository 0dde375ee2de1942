#!/usr/bin/env bash
# Installs the Debian packages the tests need and the machine lacks: MariaDB and Redis (the services) and
# Chromium with a CJK font (the browser tests). Needs root when something is missing; prints what it does.
#
#   bash scripts/system-packages.sh            everything
#   bash scripts/system-packages.sh browser    Chromium and the font only
set -euo pipefail
case ":$PATH:" in *:/usr/sbin:*) ;; *) export PATH="$PATH:/usr/sbin:/sbin" ;; esac

missing=()
if [ "${1:-all}" != browser ]; then
  command -v mariadbd >/dev/null 2>&1 || command -v mysqld >/dev/null 2>&1 || missing+=(mariadb-server)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
fi
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# A CJK font, so the Chinese pages render legibly in the browser tests' screenshots.
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)

if [ "${#missing[@]}" -eq 0 ]; then
  echo "system packages present" >&2
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "missing system packages (${missing[*]}) and not root: install them with apt-get first" >&2
  exit 1
fi
echo "==> apt-get install ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
# Packaged services may get started on 3306 / 6379; this project uses private ones on other ports.
apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
