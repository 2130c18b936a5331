#!/usr/bin/env bash
# Install the Debian packages a make target needs, only those missing.
# Usage: scripts/system-deps.sh COMMAND:PACKAGE ...   e.g. msgfmt:gettext chromium:chromium
set -euo pipefail
missing=()
for pair in "$@"; do
  command_name=${pair%%:*}
  package=${pair#*:}
  if ! command -v "$command_name" >/dev/null 2>&1 && [ ! -x "$command_name" ]; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
