# The image config/kustomization.yaml names (ghcr.io/multi-cni/multi:v0.1.0), for users with Docker:
#   bash scripts/image.sh && docker build -t ghcr.io/multi-cni/multi:v0.1.0 .
# (another tag: bash scripts/image.sh REF && docker build --build-arg VERSION=<its tag> -t REF .)
# scripts/image.sh assembles artifacts/image/rootfs (the NativeAOT operator, one executable per mode: the manager
# /opt/multi/operator/Multi.Operator, the Entrypoint, and the agent /opt/multi/agent/Multi.Operator, the DaemonSet's
# command; the CNI executables in /opt/multi/bin: the C shim multi and multi-ipam, and the NativeAOT multi-engine,
# the shared libraries they load, copied from the Debian host that builds it) and also writes the same filesystem and
# configuration as an OCI layout archive, artifacts/image/multi-oci.tar, without a Docker daemon. This file gives the
# same filesystem, entrypoint, environment, user and labels; keep them in step with the config in scripts/image.sh.
# (The digests differ: Docker writes its own layer with its own timestamps.)
FROM scratch
ARG VERSION=v0.1.0
COPY artifacts/image/rootfs/ /
ENV PATH=/opt/multi/bin:/opt/multi/operator:/usr/bin:/bin \
    DOTNET_gcServer=0 \
    DOTNET_RUNNING_IN_CONTAINER=true \
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true
LABEL org.opencontainers.image.title="multi" \
      org.opencontainers.image.description="Multi: the multi-network CNI operator and node agent, with the multi and multi-ipam CNI plugins in /opt/multi/bin" \
      org.opencontainers.image.version="${VERSION}"
USER 0
WORKDIR /
ENTRYPOINT ["/opt/multi/operator/Multi.Operator"]
