#!/usr/bin/env bash
# The whole test suite (the README's second command): build every module, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
exec mvn -B -ntp verify "$@"
