# Shared by scripts/test.sh and scripts/sandbox.sh: become root, install what is missing, publish the CNI binaries.

# Network namespaces need root; re-run the calling script through sudo when needed.
require_root() {
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      exec sudo -E env "PATH=$PATH" "DOTNET_ROOT=${DOTNET_ROOT:-}" bash "$0" "$@"
    fi
    echo "error: $0 creates network namespaces and must run as root (sudo is not installed)" >&2
    exit 1
  fi
}

# Debian packages: the real CNI plugins, ip, ping, the native toolchain NativeAOT links with, kubectl, and containerd
# with runc (the image test imports artifacts/image/multi-oci.tar into a private containerd and runs it).
install_packages() {
  local wanted=(containernetworking-plugins iproute2 iputils-ping clang zlib1g-dev containerd runc)
  local missing=()
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  # kubectl drives the embedded API server in one test; the machine image may already bring its own.
  command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "== installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  command -v dotnet >/dev/null 2>&1 || { echo "error: the .NET 10 SDK (dotnet) is not on PATH" >&2; exit 1; }
}

# The binaries the runtime executes, in artifacts/cni: multi and multi-ipam (the C shim, one program under two names, copies
# not links: that suits every CNI bin dir) and multi-engine (NativeAOT), which the shim execs when the daemon does not answer.
publish_cni() {
  echo "== publishing artifacts/cni/multi, multi-ipam (shim) and multi-engine (NativeAOT)"
  dotnet publish src/MetaPlugin -c Release -r linux-x64 -o artifacts/cni -nologo -v quiet
}
