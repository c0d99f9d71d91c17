#!/usr/bin/env bash
# Runs a command on Node 24 (the LTS that CI tests and the Docker image ships). When the `node` on
# PATH is older, Node 24 comes from the npm registry (the `node` package), cached under
# .cache/node24/<version>, and is put first on PATH; npm_config_nodedir points native builds
# (node-gyp, should a package need one) at its headers. Usage: bash scripts/with-node24.sh COMMAND [ARG...]
set -euo pipefail
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
root="$(cd "$(dirname "$0")/.." && pwd)"

major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$major" -lt 24 ]; then
  cache="$root/.cache/node24/$NODE24_VERSION"
  bin="$cache/node_modules/node/bin/node"
  if [ ! -x "$bin" ]; then
    command -v npm >/dev/null 2>&1 || { echo "complaint-desk: needs Node >= 24, or npm to fetch it (this is ${major:-no node})" >&2; exit 1; }
    echo "complaint-desk: this Node is $(node --version 2>/dev/null || echo missing); fetching Node $NODE24_VERSION from the npm registry into .cache/node24" >&2
    # A private folder with its own package.json (else npm installs into the nearest one up the
    # tree: this repo), moved into place whole, so a concurrent run never sees half a Node.
    mkdir -p "$(dirname "$cache")" && tmp="$(mktemp -d "$cache.XXXXXX")"
    echo '{"private":true}' >"$tmp/package.json"
    (cd "$tmp" && npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node@$NODE24_VERSION" >/dev/null)
    mv -T "$tmp" "$cache" 2>/dev/null || rm -rf "$tmp"
  fi
  nodedir="$cache/node_modules/node/node_modules/node-$("$bin" -p 'process.platform + "-" + process.arch')"
  export PATH="$(dirname "$bin"):$PATH" npm_config_nodedir="$nodedir"
fi
exec "$@"
