#!/usr/bin/env bash
# Builds the image config/kustomization.yaml names, without a Docker daemon:
#   artifacts/image/rootfs/         the image's filesystem (what the Dockerfile copies)
#   artifacts/image/multi-oci.tar   the same filesystem as an OCI image layout archive (one gzip layer)
# and prints the manifest digest on its last line. Usage: bash scripts/image.sh [ref]  (or MULTI_IMAGE=ref);
# the default ref is ghcr.io/multi-cni/multi:v0.1.0. `bash scripts/image.sh --pack-only out.tar [ref]` only packs the
# existing rootfs into out.tar (the tests check that packing twice gives the same bytes).
#
# The image is FROM scratch: the operator compiled with NativeAOT for linux-x64, once per mode (the same program; each
# executable carries only its mode's code, which keeps its resident memory down: docs/operator.md, "The NativeAOT
# build"): the manager /opt/multi/operator/Multi.Operator (the Entrypoint) and the node agent
# /opt/multi/agent/Multi.Operator (the DaemonSet's command), the CNI executables in /opt/multi/bin (the agent's installer
# copies them to the host: the static C shim `multi` and `multi-ipam`, and the NativeAOT `multi-engine` they exec), the shared libraries they load copied from this Debian host (following ldd, plus OpenSSL,
# which .NET loads with dlopen), the dynamic loader, /etc/passwd and /etc/group, /tmp. Reproducible: the same inputs
# give the same digest (entries sorted, owner 0:0, one mtime, gzip -n, JSON written byte for byte below).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prereqs.sh

pack_only=
if [ "${1:-}" = --pack-only ]; then
  pack_only=${2:?usage: scripts/image.sh --pack-only out.tar [ref]}
  shift 2
fi
ref=${1:-${MULTI_IMAGE:-ghcr.io/multi-cni/multi:v0.1.0}}
tag=${ref##*:}
[ "$tag" != "$ref" ] && [[ "$tag" != */* ]] || { echo "error: image ref \"$ref\" has no tag (name:tag)" >&2; exit 1; }
out=artifacts/image
# One time for every entry and the config's "created": SOURCE_DATE_EPOCH, else the commit's time at the build; packing
# again reuses the build's time, so a commit in between does not change the bytes.
if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
  epoch=$SOURCE_DATE_EPOCH
elif [ -n "$pack_only" ] && [ -f "$out/source-date-epoch" ]; then
  epoch=$(cat "$out/source-date-epoch")
else
  epoch=$(git log -1 --format=%ct 2>/dev/null || echo 0)
fi
created=$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)
rootfs=$out/rootfs
entrypoint=/opt/multi/operator/Multi.Operator

if [ -z "$pack_only" ]; then
  # scripts/test.sh has just published the CNI binaries; a standalone run publishes them itself.
  [ "${MULTI_CNI_PUBLISHED:-0}" = 1 ] && [ -x artifacts/cni/multi-engine ] || publish_cni

  echo "== publishing the operator with NativeAOT, manager and agent executables (linux-x64; takes minutes each)"
  rm -rf "$out/operator" "$out/agent"
  dotnet publish src/Operator -c Release -r linux-x64 -p:OperatorMode=manager -o "$out/operator" -nologo -v quiet
  dotnet publish src/Operator -c Release -r linux-x64 -p:OperatorMode=agent -o "$out/agent" -nologo -v quiet

  echo "== assembling $rootfs"
  rm -rf "$rootfs"
  mkdir -p "$rootfs"/{opt/multi/bin,etc,tmp,root,lib/x86_64-linux-gnu,lib64}
  # One file per mode: the native executable (its symbols, Multi.Operator.dbg, stay in artifacts for perf and debuggers).
  mkdir -p "$rootfs/opt/multi/operator" "$rootfs/opt/multi/agent"
  cp "$out/operator/Multi.Operator" "$rootfs/opt/multi/operator/"
  cp "$out/agent/Multi.Operator" "$rootfs/opt/multi/agent/"
  cp artifacts/cni/multi artifacts/cni/multi-ipam artifacts/cni/multi-engine "$rootfs/opt/multi/bin/"
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > "$rootfs/etc/passwd"
  printf 'root:x:0:\nnonroot:x:65532:\n' > "$rootfs/etc/group"
  printf 'hosts: files dns\n' > "$rootfs/etc/nsswitch.conf"
  if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
    mkdir -p "$rootfs/etc/ssl/certs" && cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/"
  fi

  # Every library the native files need, by soname into /lib/x86_64-linux-gnu (a default search directory of Debian's
  # loader, so no ld.so.cache is needed). OpenSSL is dlopen'ed by the crypto shim, so ldd cannot see it.
  libs=(/lib/x86_64-linux-gnu/libssl.so.3 /lib/x86_64-linux-gnu/libcrypto.so.3)
  while IFS= read -r f; do
    while read -r name arrow path _; do
      [ "$arrow" = "=>" ] || continue
      [ "$path" != "not" ] || { echo "error: $f needs $name, which this host does not have" >&2; exit 1; }
      [[ "$path" == "$PWD/"* ]] || libs+=("$path")
    done < <(ldd "$f" 2>/dev/null || true)
  done < <(find "$rootfs/opt/multi" -type f \( -name '*.so' -o -perm -u+x \) | sort)
  for lib in $(printf "%s\n" "${libs[@]}" | sort -u); do
    cp -L "$lib" "$rootfs/lib/x86_64-linux-gnu/$(basename "$lib")"
  done
  for lib in libssl.so.3 libcrypto.so.3; do
    ldd "/lib/x86_64-linux-gnu/$lib" | awk '$2 == "=>" { print $3 }' | while read -r dep; do
      cp -L "$dep" "$rootfs/lib/x86_64-linux-gnu/$(basename "$dep")"
    done
  done
  cp -L /lib64/ld-linux-x86-64.so.2 "$rootfs/lib64/ld-linux-x86-64.so.2"

  find "$rootfs" -type d -exec chmod 0755 {} +
  chmod 1777 "$rootfs/tmp"
  chmod 0700 "$rootfs/root"
  find "$rootfs" -type f -exec chmod go-w {} +
fi

[ -x "$rootfs$entrypoint" ] || { echo "error: $rootfs has no $entrypoint: run bash scripts/image.sh first" >&2; exit 1; }
archive=${pack_only:-$out/multi-oci.tar}
echo "== writing $archive"
layout=$(mktemp -d "$out/oci.XXXXXX")
trap 'rm -rf "$layout"' EXIT
mkdir -p "$layout/blobs/sha256"
blob() { # file -> moves it into blobs/sha256/<digest>, prints "<digest> <size>"
  local d s
  d=$(sha256sum "$1" | cut -d' ' -f1)
  s=$(stat -c %s "$1")
  mv "$1" "$layout/blobs/sha256/$d"
  echo "$d $s"
}
# A reproducible tar: sorted, numeric owner 0:0, one mtime, no atime/ctime, paths without "./".
reproducible_tar() { # dir, then what to add
  local dir=$1
  shift
  tar -C "$dir" --sort=name --format=gnu --numeric-owner --owner=0 --group=0 --mtime="@$epoch" -cf - "$@"
}
mapfile -t top < <(cd "$rootfs" && find . -mindepth 1 -maxdepth 1 -printf '%P\n' | LC_ALL=C sort)
reproducible_tar "$rootfs" "${top[@]}" > "$layout/layer.tar"
diff_id=$(sha256sum "$layout/layer.tar" | cut -d' ' -f1)
gzip -n -6 < "$layout/layer.tar" > "$layout/layer.tar.gz"
rm "$layout/layer.tar"
read -r layer_digest layer_size < <(blob "$layout/layer.tar.gz")

printf '{"architecture":"amd64","created":"%s","os":"linux","config":{"User":"0","Env":["PATH=/opt/multi/bin:/opt/multi/operator:/usr/bin:/bin","DOTNET_gcServer=0","DOTNET_RUNNING_IN_CONTAINER=true","DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true"],"Entrypoint":["%s"],"WorkingDir":"/","Labels":{"org.opencontainers.image.description":"Multi: the multi-network CNI operator and node agent, with the multi and multi-ipam CNI plugins in /opt/multi/bin","org.opencontainers.image.title":"multi","org.opencontainers.image.version":"%s"}},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created":"%s","created_by":"scripts/image.sh"}]}' \
  "$created" "$entrypoint" "$tag" "$diff_id" "$created" > "$layout/config.json"
read -r config_digest config_size < <(blob "$layout/config.json")

printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}]}' \
  "$config_digest" "$config_size" "$layer_digest" "$layer_size" > "$layout/manifest.json"
read -r manifest_digest manifest_size < <(blob "$layout/manifest.json")

printf '{"imageLayoutVersion":"1.0.0"}' > "$layout/oci-layout"
# io.containerd.image.name carries the full ref (ctr images import names the image by it), ref.name the tag, as
# BuildKit writes them.
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"},"platform":{"architecture":"amd64","os":"linux"}}]}' \
  "$manifest_digest" "$manifest_size" "$ref" "$tag" > "$layout/index.json"
reproducible_tar "$layout" oci-layout index.json blobs > "$archive"
rm -rf "$layout"

echo "image: $ref"
echo "size: $(du -sb "$rootfs" | cut -f1) bytes unpacked, $layer_size bytes compressed"
if [ -z "$pack_only" ]; then
  echo "sha256:$manifest_digest" > "$out/multi-oci.digest"
  echo "$epoch" > "$out/source-date-epoch"
fi
echo "digest: sha256:$manifest_digest"
