#!/usr/bin/env bash
# Makes a fresh Debian/Ubuntu machine with Node ready for `npm run demo` and `npm test`:
# npm packages from the lockfile, Redis, Dovecot and Chromium from the system's packages (as root), and
# a fresh build. Elsewhere it says in one line what is missing. Safe to run again and again.
set -euo pipefail
cd "$(dirname "$0")/.."

node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("complaint-desk needs Node >= 20.19 (this is "+process.version+")"); process.exit(1) }'

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "complaint-desk: installing npm packages (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
{ command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ]; } || missing+=(dovecot-imapd)
[ -x /usr/lib/dovecot/lmtp ] || missing+=(dovecot-lmtpd)
# The web overview's browser tests drive Debian's Chromium (playwright-core never downloads one);
# only the tests need it (`ensure-env.sh --tests`), never the demo.
if [ "${1:-}" = "--tests" ]; then [ -x /usr/bin/chromium ] || missing+=(chromium); fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "complaint-desk: installing ${missing[*]} from the system's packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "complaint-desk: please install ${missing[*]} (Debian/Ubuntu: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi

npx tsc -p tsconfig.json
