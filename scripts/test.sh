#!/usr/bin/env bash
# Sets up a virtual environment with the test extras and runs the whole test suite.
# The browser tests drive the system Chromium; where it is missing and apt-get can install it
# (Debian, as root), it is installed here. Under CI=true a missing Chromium fails those tests.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "Installing Chromium for the browser tests (apt-get install -y chromium)..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is not installed: the browser tests will be skipped (they fail under CI=true)." >&2
  fi
fi
# axe-core and the Nu Html Checker, pinned in package-lock.json (test tools only).
if command -v npm >/dev/null 2>&1; then
  npm ci --no-audit --no-fund --loglevel=error
else
  echo "npm is not installed: the accessibility and HTML-validity tests will be skipped (they fail under CI=true)." >&2
fi
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -e '.[test]'
exec .venv/bin/pytest "$@"
