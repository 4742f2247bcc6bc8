using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Multi.Core.Cni.Results;

namespace Multi.Core.Annotations;

/// <summary>One entry of the <c>k8s.v1.cni.cncf.io/network-status</c> annotation (npwg-behaviour.md, section 10).</summary>
public sealed record NetworkStatusEntry(
    string Name,
    string? Interface,
    ImmutableArray<string> Ips,
    string? Mac,
    int? Mtu,
    bool Default,
    CniDns? Dns,
    JsonObject? DeviceInfo,
    ImmutableArray<string> Gateway);
