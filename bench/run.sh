#!/usr/bin/env bash
# The meta-plugin benchmark: multi ADD+DEL against the same delegates called directly, the same pods in Kubernetes
# mode through the embedded API server (time and API requests per ADD), and VERSION start-up
# against Debian's bridge plugin. Writes bench/results/meta-plugin.{md,json}.
# Usage: bash bench/run.sh [--pods N] [--kube-pods N] [--warmup-pods N] [--version-runs N]   (as root)
set -euo pipefail
cd "$(dirname "$0")/.."

node=mbn-node
master=mbn-ext0
peer=mbn-ext1

if [ "$(id -u)" != 0 ]; then
  echo "error: bench/run.sh creates network namespaces and must run as root (sudo -E bash bench/run.sh)" >&2
  exit 1
fi

# Prerequisites are checked, never installed: scripts/test.sh installs them.
missing=()
for cmd in dotnet ip dpkg-query; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd")
done
for plugin in bridge macvlan ptp host-local; do
  [ -x "/usr/lib/cni/$plugin" ] || missing+=("/usr/lib/cni/$plugin")
done
command -v clang >/dev/null 2>&1 || missing+=("clang (NativeAOT linker)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "error: missing ${missing[*]}; run \`bash scripts/test.sh\` once (it installs the Debian packages and publishes multi)" >&2
  exit 1
fi

state=""
cleanup() {
  local status=$?
  # Pod namespaces are normally deleted by the harness; any left (a crash) go here, the node last.
  for ns in /var/run/netns/mbn-*; do
    [ -e "$ns" ] || continue
    [ "$(basename "$ns")" = "$node" ] && continue
    ip netns del "$(basename "$ns")" 2>/dev/null || rm -f "$ns"
  done
  if [ -e "/var/run/netns/$node" ]; then
    ip netns del "$node" 2>/dev/null || true
  fi
  [ -n "$state" ] && rm -rf "$state"
  [ -n "${floor_dir:-}" ] && rm -rf "$floor_dir"
  exit "$status"
}
trap cleanup EXIT INT TERM

echo "== publishing artifacts/cni (the multi shim and the NativeAOT multi-engine)"
dotnet publish src/MetaPlugin -c Release -r linux-x64 -o artifacts/cni -nologo -v quiet
echo "== building bench/floor/version-floor (static C: the floor of any per-call binary)"
floor_dir=$(mktemp -d /tmp/mbn-floor.XXXXXX)
clang -O2 -static -o "$floor_dir/version-floor" bench/floor/version-floor.c
echo "== building bench/Multi.Bench (Release)"
dotnet build bench/Multi.Bench -c Release -nologo -v quiet -o artifacts/bench

state=$(mktemp -d /tmp/mbn-bench.XXXXXX)
if [ -e "/var/run/netns/$node" ]; then
  echo "== removing a node namespace left by an earlier run"
  ip netns del "$node"
fi
echo "== node namespace $node with macvlan master $master"
ip netns add "$node"
ip -n "$node" link set lo up
ip -n "$node" link add "$master" type veth peer name "$peer"
ip -n "$node" link set "$master" up
ip -n "$node" link set "$peer" up

echo "== running the harness inside $node"
ip netns exec "$node" dotnet artifacts/bench/Multi.Bench.dll --state-dir "$state" --results bench/results --floor "$floor_dir/version-floor" "$@"
