#!/usr/bin/env bash
# The local sandbox (src/Sandbox/README.md): `up` (default) starts the embedded API server, the operator and the node
# daemon (agent mode, CNI socket, inside the node namespace) in the background, applies crds/ and config/samples/ (pods
# bound to the sandbox's node), waits for the operator to render the sample ClusterNetworks, attaches the sample pods
# (network namespaces) through multi in Kubernetes mode, a shim forwarding to the daemon, and shows their network-status
# (one pod gets a veth "VF" that the sandbox's kubelet, serving the PodResources API, allocated: docs/devices.md),
# then lets one extra pod die without CNI DEL and waits for the operator (reclaim grace 5 s) to release its address;
# `status` shows them again from the API, with the operator's and the daemon's health and the daemon's request counts;
# `down` deletes them through CNI DEL, stops the daemon, the operator and the API server and checks that nothing is left.
# `dotnet run --project src/Sandbox` builds the operator too (a project reference).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prereqs.sh
require_root "$@"
install_packages
[ "${1:-up}" = "up" ] && publish_cni
dotnet run --project src/Sandbox -c Release -- "${1:-up}"
