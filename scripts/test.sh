#!/usr/bin/env bash
# Runs every test of Multi: installs what the tests need, publishes the CNI binaries, builds the image
# (scripts/image.sh), runs the solution's tests (unit tests, integration tests in real network namespaces with Debian's
# CNI plugins, and the image run in a private containerd).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prereqs.sh
require_root "$@"
install_packages
publish_cni
MULTI_CNI_PUBLISHED=1 bash scripts/image.sh

echo "== dotnet test"
log=$(mktemp)
set +e
dotnet test Multi.sln -nologo --logger "console;verbosity=normal" --blame-hang-timeout 5m "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line over all test assemblies: "N passed, N failed, N skipped". Each assembly's run ends with
# "Total tests: N" followed by indented "Passed: N", "Failed: N" and "Skipped: N" lines (zero counts omitted).
awk '
  /^Total tests:/ { inrun = 1; next }
  inrun && /^ +Passed: +[0-9]+$/ { p += $2; next }
  inrun && /^ +Failed: +[0-9]+$/ { f += $2; next }
  inrun && /^ +Skipped: +[0-9]+$/ { s += $2; next }
  { inrun = 0 }
  END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }
' "$log"
grep -E "^\s+Skipped " "$log" | sed 's/^\s*/skipped: /' || true
rm -f "$log"
exit "$status"
