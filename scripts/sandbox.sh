#!/usr/bin/env bash
# The local sandbox: `up` (default) attaches two pods (network namespaces) through multi and shows them,
# `status` shows them again, `down` deletes them through CNI DEL and checks that nothing is left.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prereqs.sh
require_root "$@"
install_packages
[ "${1:-up}" = "up" ] && publish_cni
dotnet run --project src/Sandbox -c Release -- "${1:-up}"
