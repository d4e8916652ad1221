#!/usr/bin/env bash
# Installs what the real-VS-Code e2e suite needs, following shared/notes/real-vscode.md:
#   * Debian packages: chromium, ripgrep and the -dev headers code-server's native modules build against;
#   * code-server 4.100.3 (VS Code 1.100.3) from its npm tarball, WITHOUT install scripts (one of them
#     downloads ripgrep from the internet; we link Debian's /usr/bin/rg instead).
# The install is cached under ~/.cache/cx-metrics/code-server-4.100.3 and skipped when it already works.
# Usage: bash test/e2e/setup-code-server.sh   (prints the install directory on its last line)
set -euo pipefail

VERSION=4.100.3
CACHE_ROOT="${CX_E2E_CACHE:-$HOME/.cache/cx-metrics}"
DEST="$CACHE_ROOT/code-server-$VERSION"

log() { printf '[setup-code-server] %s\n' "$*" >&2; }

# ---- system packages -------------------------------------------------------------------------
need_pkgs=()
command -v chromium >/dev/null 2>&1 || need_pkgs+=(chromium)
command -v rg >/dev/null 2>&1 || need_pkgs+=(ripgrep)
for p in libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need_pkgs+=("$p")
done
if ((${#need_pkgs[@]})); then
  log "apt-get install ${need_pkgs[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get -o DPkg::Lock::Timeout=900 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -qq "${need_pkgs[@]}" >&2
fi

# ---- code-server (cached) --------------------------------------------------------------------
if [ -f "$DEST/out/node/entry.js" ] && node "$DEST/out/node/entry.js" --version 2>/dev/null | grep -q "^$VERSION"; then
  log "cached: $DEST"
  echo "$DEST"
  exit 0
fi

# node-pty's post-install runs `npx node-gyp`, which would otherwise stop at npx's confirmation prompt.
export npm_config_yes=true
log "installing code-server $VERSION into $DEST (about 2 minutes)"
start=$(date +%s)
mkdir -p "$CACHE_ROOT"
TMP="$(mktemp -d "$CACHE_ROOT/.code-server-$VERSION.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
(cd "$TMP" && npm pack "code-server@$VERSION" --silent >/dev/null)
mkdir -p "$TMP/cs"
tar xzf "$TMP/code-server-$VERSION.tgz" -C "$TMP/cs" --strip-components=1
(cd "$TMP/cs" && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
(cd "$TMP/cs/lib/vscode" && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >&2 \
  && mkdir -p node_modules/@vscode/ripgrep/bin \
  && ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg \
  && npm rebuild --loglevel=error >&2 \
  && ln -sfn node_modules node_modules.asar)
(cd "$TMP/cs" && npm rebuild argon2 --loglevel=error >&2)
node "$TMP/cs/out/node/entry.js" --version >&2
rm -rf "$DEST"
mv "$TMP/cs" "$DEST"
log "installed in $(( $(date +%s) - start ))s: $DEST"
echo "$DEST"
