#!/usr/bin/env bash
# Runs every test of Multi: installs what the tests need, publishes the CNI binaries, runs the solution's tests
# (unit tests and integration tests in real network namespaces with Debian's CNI plugins).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prereqs.sh
require_root "$@"
install_packages
publish_cni

echo "== dotnet test"
log=$(mktemp)
set +e
dotnet test Multi.sln -nologo --logger "console;verbosity=normal" --blame-hang-timeout 5m "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line over all test assemblies: "N passed, N failed, N skipped".
awk '
  /^(Passed|Failed)!/ {
    for (i = 1; i <= NF; i++) {
      gsub(",", "", $(i + 1))
      if ($i == "Failed:") f += $(i + 1)
      if ($i == "Passed:") p += $(i + 1)
      if ($i == "Skipped:") s += $(i + 1)
    }
  }
  END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }
' "$log"
grep -E "^\s+Skipped " "$log" | sed 's/^\s*/skipped: /' || true
rm -f "$log"
exit "$status"
