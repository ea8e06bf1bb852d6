#!/usr/bin/env bash
# Installs, only where missing, the programs that mindmap's tests drive for real:
# Debian's Chromium (browser tests through Playwright, the Mermaid CLI),
# LibreOffice Impress and Writer (opening our PPTX and DOCX as a real client would) and the
# Mermaid CLI from npm (into .tools/, with Puppeteer's own browser download off).
# Idempotent: a second run does nothing.  System packages need root and apt (CI and the dev
# machines have both); without them this says what it could not install, Chromium comes from
# Playwright's own installer, and the tests that need the rest are skipped with a line saying so
# (in CI, with CI set, they fail instead).
set -euo pipefail
cd "$(dirname "$0")/.."

can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }

need_apt=()
command -v fc-cache >/dev/null 2>&1 || need_apt+=(fontconfig)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-impress-nogui)
# Writer opens the Word report (without it soffice says "source file could not be loaded");
# pdftoppm (poppler-utils) turns the converted pages into PNGs to look at.
dpkg -s libreoffice-writer-nogui >/dev/null 2>&1 || need_apt+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
if [ ${#need_apt[@]} -gt 0 ] && ! can_apt; then
  echo "cannot install ${need_apt[*]} without root and apt; the tests that need them will be skipped"
  if [[ " ${need_apt[*]} " == *" chromium "* ]]; then
    echo "installing Chromium with Playwright's own installer"
    .venv/bin/python -m playwright install chromium || echo "Playwright could not install Chromium"
  fi
  need_apt=()
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing ${need_apt[*]} (apt)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ ! -x .tools/node_modules/.bin/mmdc ] && command -v npm >/dev/null 2>&1; then
  echo "installing @mermaid-js/mermaid-cli (npm, into .tools/)"
  mkdir -p .tools
  (cd .tools && [ -f package.json ] || echo '{"private": true}' > package.json)
  (cd .tools && PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund --silent @mermaid-js/mermaid-cli@11 >/dev/null)
fi

# Fallback fonts for what Liberation Sans lacks: CJK, Arabic (DejaVu Sans) and
# colour emoji.  mindmap measures such text with these fonts' own widths and
# names them on the SVG's <tspan>s, so that Cairo (PNG, PDF) draws them.
need_fonts=()
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_fonts+=(fonts-dejavu-core)
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need_fonts+=(fonts-noto-cjk)
[ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || need_fonts+=(fonts-noto-color-emoji)
if [ ${#need_fonts[@]} -gt 0 ] && ! can_apt; then
  echo "cannot install ${need_fonts[*]} without root and apt; CJK, Arabic and emoji will draw as boxes"
elif [ ${#need_fonts[@]} -gt 0 ]; then
  echo "installing ${need_fonts[*]} (apt)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_fonts[@]}" >/dev/null
fi

# The YAML language server (what VS Code's YAML extension runs), into .tools/:
# tests open theme files in it to check that editors underline mistakes and
# explain keys from mindmap.schema.json.
if [ ! -x .tools/node_modules/.bin/yaml-language-server ] && command -v npm >/dev/null 2>&1; then
  echo "installing yaml-language-server (npm, into .tools/)"
  mkdir -p .tools
  (cd .tools && [ -f package.json ] || echo '{"private": true}' > package.json)
  (cd .tools && npm install --no-audit --no-fund --silent yaml-language-server@1 >/dev/null)
fi
