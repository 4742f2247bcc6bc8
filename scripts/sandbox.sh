#!/usr/bin/env bash
# The local sandbox (src/Sandbox/README.md): `up` (default) simulates two nodes (network namespaces joined by an
# underlay, each with an uplink to the host), starts the embedded API server, the operator and a node daemon per node
# (agent mode, CNI socket, host-interface reconcile, inside the node's namespace) in the background, applies crds/ and
# config/samples/ (pods bound to their node), waits for the operator to render the sample ClusterNetworks, attaches the
# sample pods (network namespaces) through multi in Kubernetes mode, a shim forwarding to its node's daemon (the overlay
# pods once the agent's VXLAN link is up), and shows their network-status and pings (one across the nodes; one pod gets a veth "VF" that the sandbox's kubelet,
# serving the PodResources API, allocated: docs/devices.md), then lets one
# extra pod die without CNI DEL and waits for the operator (reclaim grace 5 s) to release its address;
# `status` shows them again from the API, with the operator's and the daemons' health and request counts and each node's
# agent-made links; `down` deletes them through CNI DEL, stops the daemons, the operator and the API server, removes
# the nodes and checks that nothing is left.
# `dotnet run --project src/Sandbox` builds the operator too (a project reference).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prereqs.sh
require_root "$@"
install_packages
[ "${1:-up}" = "up" ] && publish_cni
dotnet run --project src/Sandbox -c Release -- "${1:-up}"
