#!/usr/bin/env bash
# Installs, only where missing, the peer tools `make bench` compares mindmap with:
# Debian's PlantUML (Java) and Graphviz's own command-line programs (dot, twopi,
# neato: the "Graphviz floor").  The Mermaid CLI comes from scripts/install-tools.sh
# (.tools/node_modules/.bin/mmdc, driven with Debian's Chromium).
# Idempotent: a second run does nothing.  Needs root (CI and the dev machines are root).
# The benchmark still runs without these: it reports a missing peer as "not installed".
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v plantuml >/dev/null 2>&1 || need_apt+=(plantuml)
command -v dot >/dev/null 2>&1 || need_apt+=(graphviz)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing ${need_apt[*]} (apt)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ ! -x .tools/node_modules/.bin/mmdc ]; then
  bash scripts/install-tools.sh
fi
