#!/usr/bin/env bash
# Installs, only where missing, the programs that mindmap's tests drive for real.
# Idempotent: a second run does nothing.  Needs root (CI and the dev machines are root).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
for pair in "fc-cache:fontconfig"; do
  cmd=${pair%%:*}; pkg=${pair#*:}
  command -v "$cmd" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
