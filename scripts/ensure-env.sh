#!/usr/bin/env bash
# Makes a fresh Debian/Ubuntu machine with Node ready for `npm run demo` and `npm test`:
# npm packages from the lockfile, Redis and Dovecot (with --tests also Chromium and poppler-utils)
# from the system's packages (as root), and a fresh build; then runs its other arguments, if any.
# Elsewhere it says in one line what is missing.
# Safe to run again and again. Run it through scripts/with-node24.sh, which provides the Node.
set -euo pipefail
cd "$(dirname "$0")/.."
tests=false
if [ "${1:-}" = "--tests" ]; then tests=true; shift; fi

node -e 'if (Number(process.versions.node.split(".")[0]) < 24) { console.error("complaint-desk needs Node >= 24 (this is "+process.version+"): run it through scripts/with-node24.sh"); process.exit(1) }'

# node_modules holds native addons (better-sqlite3), so it belongs to the Node that built it: a
# changed lockfile, or another Node ABI than the stamp npm ci left, means a fresh npm ci.
abi="$(node -p 'process.versions.modules + "-" + process.platform + "-" + process.arch')"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
   || [ "$(cat node_modules/.built-for-node 2>/dev/null)" != "$abi" ]; then
  echo "complaint-desk: installing npm packages for Node $(node --version) (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error
  echo "$abi" >node_modules/.built-for-node
fi

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
{ command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ]; } || missing+=(dovecot-imapd)
[ -x /usr/lib/dovecot/lmtp ] || missing+=(dovecot-lmtpd)
# The web overview's browser tests drive Debian's Chromium (playwright-core never downloads one),
# and the dossier test renders the export's first pages to PNG with pdftoppm (its text is checked
# without it too): only the tests need them (`ensure-env.sh --tests`), never the demo.
if [ "$tests" = true ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
fi
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
[ $# -eq 0 ] || exec "$@"
