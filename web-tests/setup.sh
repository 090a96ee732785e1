#!/usr/bin/env bash
# What the browser tests need, installed when missing: Debian's Chromium (with fonts for legible
# screenshots) and Node.js through apt, and the packages package-lock.json pins (playwright-core, and
# @stomp/stompjs with ws for the STOMP test) through npm. Playwright downloads no browser of its own:
# the tests hand it Debian's Chromium (executablePath).
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium fonts-liberation)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "web-tests: missing ${missing[*]}; install with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "web-tests: installing ${missing[*]} through apt ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm ci when any package the lockfile pins at the top level is missing or at another version
stale=$(node -e "
const lock = require('./package-lock.json');
const wanted = Object.keys(lock.packages[''].devDependencies || {});
console.log(wanted.filter(name => {
  try { return require('./node_modules/' + name + '/package.json').version !== lock.packages['node_modules/' + name].version; }
  catch { return true; }
}).join(' '));")
if [ -n "$stale" ]; then
  echo "web-tests: npm ci ($stale) ..."
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi
