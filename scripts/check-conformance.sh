#!/usr/bin/env bash
# The public conformance suites are copied into conformance/; CI fails when the copy differs from
# ../shared/conformance (new public vectors must flow in: copy them and run them).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d ../shared/conformance ]; then
  echo "check-conformance: no ../shared/conformance beside the repository; nothing to compare"
  exit 0
fi
if ! diff -r ../shared/conformance conformance; then
  echo "conformance/ differs from ../shared/conformance: copy the new suites in (cp -r ../shared/conformance/. conformance/)" >&2
  exit 1
fi
echo "check-conformance: conformance/ equals ../shared/conformance"
