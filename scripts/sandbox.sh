#!/usr/bin/env bash
# The local sandbox (src/Sandbox/README.md): `up` (default) starts the embedded API server and the operator in the
# background, applies crds/ and config/samples/, waits for the operator to render the sample ClusterNetworks, attaches
# the sample pods (network namespaces) through multi in Kubernetes mode and shows their network-status, then lets one
# extra pod die without CNI DEL and waits for the operator (reclaim grace 5 s) to release its address; `status` shows
# them again from the API; `down` deletes them through CNI DEL, stops the operator and the API server and checks that
# nothing is left. `dotnet run --project src/Sandbox` builds the operator too (a project reference).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prereqs.sh
require_root "$@"
install_packages
[ "${1:-up}" = "up" ] && publish_cni
dotnet run --project src/Sandbox -c Release -- "${1:-up}"
